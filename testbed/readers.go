package testbed

import (
	"bytes"
	"embed"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// The scripts that read parity's files with independent readers.
//
//go:embed readers/*.js
var readerScripts embed.FS

// defaultNodeModules is where `testbed.sh readers` installs them.
const defaultNodeModules = "/var/cache/parity-testbed/node/node_modules"

// nodeModules is the node_modules directory holding @duckdb/node-api and
// apache-arrow (PARITY_TEST_NODE_MODULES, or the testbed's cache). Under
// CI=true their absence fails the test.
func nodeModules(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("PARITY_TEST_NODE_MODULES")
	if dir == "" {
		dir = defaultNodeModules
	}
	for _, pkg := range []string{"@duckdb/node-api", "apache-arrow"} {
		if _, err := os.Stat(filepath.Join(dir, pkg, "package.json")); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("npm package %s not found in %s: make test installs it (bash testbed/testbed.sh readers)", pkg, dir)
			}
			t.Skipf("npm package %s not found in %s: run bash testbed/testbed.sh readers", pkg, dir)
		}
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Fatalf("node not found: %v", err)
	}
	return dir
}

// runNode runs one of the reader scripts with args and returns its
// standard output, failing the test with its standard error.
func runNode(t testing.TB, script string, args ...string) []byte {
	t.Helper()
	out, stderr, err := node(t, script, args...)
	if err != nil {
		t.Fatalf("node %s: %v: %s", script, err, stderr)
	}
	return out
}

func node(t testing.TB, script string, args ...string) (stdout []byte, stderr string, err error) {
	t.Helper()
	modules := nodeModules(t)
	src, err := readerScripts.ReadFile("readers/" + script)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), script)
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("node", append([]string{path}, args...)...)
	cmd.Env = append(os.Environ(), "NODE_PATH="+modules)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	return out.Bytes(), errOut.String(), err
}

// DuckDBResult is what a DuckDB query returned: column names, DuckDB's
// type names, and rows of values in DuckDB's JSON forms (strings for
// VARCHAR and for numbers that do not fit a float64 exactly; nil for NULL).
type DuckDBResult struct {
	Columns []string `json:"columns"`
	Types   []string `json:"types"`
	Rows    [][]any  `json:"rows"`
}

// DuckDB runs query with DuckDB 1.5 from npm, in memory, in a fresh
// process. A query that fails fails the test with DuckDB's message.
func DuckDB(t testing.TB, query string) DuckDBResult {
	t.Helper()
	var r DuckDBResult
	dec := json.NewDecoder(bytes.NewReader(runNode(t, "duckdb.js", query)))
	dec.UseNumber()
	if err := dec.Decode(&r); err != nil {
		t.Fatalf("duckdb output: %v", err)
	}
	return r
}

// DuckDBErr runs query and returns DuckDB's error message, or "" when the
// query succeeded.
func DuckDBErr(t testing.TB, query string) string {
	t.Helper()
	if _, stderr, err := node(t, "duckdb.js", query); err != nil {
		return stderr
	}
	return ""
}

// ArrowIPC is an Arrow IPC stream as npm apache-arrow read it: the fields
// with the library's type names, and per column every value as exact text
// (see readers/arrow.js), nil for NULL.
type ArrowIPC struct {
	Fields []struct {
		Name string `json:"name"`
		Type string `json:"type"`
	} `json:"fields"`
	Columns [][]*string `json:"columns"`
}

// ReadArrowIPC reads the IPC stream at path with apache-arrow 21 from npm.
func ReadArrowIPC(t testing.TB, path string) ArrowIPC {
	t.Helper()
	var r ArrowIPC
	if err := json.Unmarshal(runNode(t, "arrow.js", path), &r); err != nil {
		t.Fatalf("apache-arrow output: %v", err)
	}
	return r
}
