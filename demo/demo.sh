#!/usr/bin/env bash
# make demo: parity's main job on the local testbed. Fills the same sample
# database on the "old" MariaDB and the "new" MySQL 9.x, then times a full
# extraction of both and writes Parquet files of the old one, with the JSON
# statistics, under ./demo-output/. A second run reuses the sample tables.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${PARITY_TEST_OLD_DSN:?run through make demo (it starts the testbed)}"
: "${PARITY_TEST_NEW_DSN:?run through make demo (it starts the testbed)}"
out=demo-output
mkdir -p "$out" bin
go build -o bin/paritygen ./cmd/paritygen
rows=${PARITY_DEMO_ROWS:-1000000}

echo "== sample database parity_demo ($rows-row sysbench table, every column type, zero dates) on both servers"
bin/paritygen --dsn "$PARITY_TEST_OLD_DSN" --database parity_demo --sysbench-rows "$rows"
bin/paritygen --dsn "$PARITY_TEST_NEW_DSN" --database parity_demo --sysbench-rows "$rows"

with_db() { printf '%s' "${1%/*}/parity_demo"; }
old=$(with_db "$PARITY_TEST_OLD_DSN")
new=$(with_db "$PARITY_TEST_NEW_DSN")

echo
echo "== parity extract --format none: how long a full read takes, old (MariaDB) vs new (MySQL 9)"
bin/parity extract --source "$old" --target "$new" --format none --json "$out/extract-timing.json"

echo
echo "== parity extract --format parquet --consistent: a nightly export of the old cluster"
rm -rf "$out/parquet"
bin/parity extract --source "$old" --format parquet --consistent --out "$out/parquet" --json "$out/extract-parquet.json"

echo
echo "demo done: files and statistics are in $out/"
ls -la "$out" "$out/parquet"
