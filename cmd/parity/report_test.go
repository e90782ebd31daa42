package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parity-db/parity/reports"
	"github.com/parity-db/parity/testbed"
)

// The --json documents of real runs, kept with the reports package's tests.
func testdataDoc(name string) string {
	return filepath.Join("..", "..", "reports", "testdata", name+".json")
}

func TestReportCommand(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		args []string
		file string // output file, "" for stdout
		want []string
	}{
		{[]string{"report", testdataDoc("bench")}, "", []string{"parity bench", "ERROR 1038", "VS old"}},
		{[]string{"report", testdataDoc("verify"), "--format", "text", "--color", "never"}, "", []string{"parity verify", "different"}},
		{[]string{"report", testdataDoc("extract"), "-o", filepath.Join(dir, "extract.json")}, "extract.json",
			[]string{`"schema_version": 1`, `"kind": "parity report"`, `"command": "extract"`}},
		{[]string{"report", "--format", "json", testdataDoc("compare")}, "", []string{`"command": "bench compare"`, `"regression"`}},
		{[]string{"report", testdataDoc("verify"), "--format", "md"}, "", []string{"## parity verify", "| `shop.customers`"}},
		{[]string{"report", testdataDoc("verify"), "-o", filepath.Join(dir, "verify.xml")}, "verify.xml",
			[]string{"<testsuites", `name="shop.customers"`, "<failure"}},
		{[]string{"report", testdataDoc("bench"), "-o", filepath.Join(dir, "bench.html")}, "bench.html",
			[]string{"<!DOCTYPE html>", "<svg", "ERROR 1038"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args[1:], " "), func(t *testing.T) {
			code, stdout, stderr := runParity(t, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			out := stdout
			if tt.file != "" {
				data, err := os.ReadFile(filepath.Join(dir, tt.file))
				if err != nil {
					t.Fatal(err)
				}
				out = string(data)
			}
			for _, want := range tt.want {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
		})
	}
	// A rendered JSON report renders again.
	code, stdout, stderr := runParity(t, "report", filepath.Join(dir, "extract.json"))
	if code != 0 || !strings.Contains(stdout, "parity extract") {
		t.Errorf("report of a report: exit %d\n%s%s", code, stdout, stderr)
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"command":"frobnicate"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runParity(t, "report", bad); code != 2 || !strings.Contains(stderr, "not a parity result") {
		t.Errorf("bad document: exit %d, %s", code, stderr)
	}
}

// TestReportFlag: --report renders the result of the run that just ended,
// in the format its extension names.
func TestReportFlag(t *testing.T) {
	s := testbed.Get(t, "old")
	db := seed(t, s)
	dir := t.TempDir()
	for _, name := range []string{"extract.txt", "extract.json", "extract.html", "extract.md"} {
		path := filepath.Join(dir, name)
		code, _, stderr := runParity(t, "extract", "--source", testbed.WithDatabase(s.DSN, db), "--format", "none",
			"--quiet", "--report", path)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), "customers") || strings.Contains(string(data), testPassword) {
			t.Errorf("%s lacks the table or holds the password:\n%s", name, data)
		}
		if strings.HasSuffix(name, ".json") {
			f, _ := os.Open(path)
			r, err := reports.Decode(f)
			f.Close()
			if err != nil || r.Command != "extract" || len(r.Extract) != 1 {
				t.Errorf("decode %s: %v %+v", name, err, r)
			}
		}
	}
}
