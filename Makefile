# parity: build, test against real servers, benchmark, lint.
# The testbed (MariaDB 10.11 as "old", MySQL 9.x as "new") installs and
# starts itself on first use; see testbed/testbed.sh.

SHELL      := /bin/bash
GO         ?= go
VERSION    ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS    := -X main.version=$(VERSION)
ENV_FILE   := .testbed.env
WITH_ENV   := set -a && . ./$(ENV_FILE) && set +a &&
STATICCHECK := $(shell $(GO) env GOPATH)/bin/staticcheck

.PHONY: build test unit bench lint demo testbed-up testbed-down browser readers objstores clean

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/parity ./cmd/parity

## test: start the testbed (and install chromium for the HTML report checks, the npm readers
## DuckDB and apache-arrow for the output file checks, and the S3 and GCS stores the object-storage
## tests start), then every test (unit and integration) with the race detector; screenshots go to
## test-artifacts/
test: testbed-up browser readers objstores
	$(WITH_ENV) PARITY_TEST_ARTIFACTS=$(CURDIR)/test-artifacts $(GO) test -race -count=1 -timeout 30m ./...

browser:
	bash testbed/testbed.sh browser

readers:
	bash testbed/testbed.sh readers

objstores:
	bash testbed/testbed.sh objstores

## unit: tests that need no server (integration tests skip unless CI=true)
unit:
	env -u PARITY_TEST_OLD_DSN -u PARITY_TEST_NEW_DSN $(GO) test -count=1 ./...

## bench: extraction, verify and bench-grid speed against their floors (bare driver scans, bare server-side
## checksum queries) and peak RSS on both servers, replay against pt-upgrade, then the in-process micro-benchmarks
bench: testbed-up build
	bash testbed/testbed.sh peers
	$(WITH_ENV) PARITY_BIN=$(CURDIR)/bin/parity $(GO) test -run '^$$' -bench 'Extract|Plan' -benchtime 3x -timeout 60m ./extract/ | tee bench-output.txt
	$(WITH_ENV) PARITY_BIN=$(CURDIR)/bin/parity PARITY_BENCH_PIN=1 $(GO) test -run '^$$' -bench 'ExtractProcess' -benchtime 5x -timeout 60m ./extract/ | tee -a bench-output.txt
	$(WITH_ENV) PARITY_BIN=$(CURDIR)/bin/parity $(GO) test -run '^$$' -bench 'Verify' -benchtime 3x -timeout 60m ./verify/ | tee -a bench-output.txt
	$(WITH_ENV) $(GO) test -run '^$$' -bench 'Grid' -benchtime 3x -timeout 30m ./bench/ | tee -a bench-output.txt
	$(WITH_ENV) PARITY_BIN=$(CURDIR)/bin/parity $(GO) test -run '^$$' -bench 'ReplayProcess' -benchtime 3x -timeout 30m ./replay/ | tee -a bench-output.txt
	$(GO) test -run '^$$' -bench 'Decode|Write|AddBatch' -timeout 30m ./extract/ ./sink/ ./checksum/ | tee -a bench-output.txt

lint:
	@test -x $(STATICCHECK) || $(GO) install honnef.co/go/tools/cmd/staticcheck@v0.8.2
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(STATICCHECK) ./...

demo: testbed-up build
	$(WITH_ENV) bash demo/demo.sh

testbed-up:
	@bash testbed/testbed.sh up

testbed-down:
	@bash testbed/testbed.sh down

clean:
	rm -rf bin demo-output bench-output.txt test-artifacts
