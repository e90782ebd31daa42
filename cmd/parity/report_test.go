package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
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
		// Two extractions side by side.
		{[]string{"report", testdataDoc("extract"), testdataDoc("extract-new")}, "",
			[]string{"parity extract compare", "NEW/OLD", "+128.4% (p=0.004)", "only in old", "1 regression(s) beyond 10%"}},
		{[]string{"report", testdataDoc("extract"), testdataDoc("extract-new"), "--threshold", "200%", "--format", "md"}, "",
			[]string{"## parity extract compare: ok", "**0 regression(s) beyond 200%"}},
		{[]string{"report", testdataDoc("extract"), testdataDoc("extract-new"), "-o", filepath.Join(dir, "extract-compare.xml")},
			"extract-compare.xml", []string{`<testsuite name="parity extract compare" tests="8" failures="1"`, `type="regression"`}},
		// Several results in one report.
		{[]string{"report", "--combine", testdataDoc("extract"), testdataDoc("verify"), testdataDoc("bench"), testdataDoc("compare"),
			"--title", "Rehearsal 2026-11-22", "-o", filepath.Join(dir, "rehearsal.html")}, "rehearsal.html",
			[]string{"<title>Rehearsal 2026-11-22</title>", `<nav class="toc">`, `<a href="#section-4">parity bench compare</a>`,
				`id="section-2"`, "verify.json", "ERROR 1038"}},
		{[]string{"report", "--combine", testdataDoc("extract"), testdataDoc("verify"), "-o", filepath.Join(dir, "rehearsal.md")},
			"rehearsal.md", []string{"# parity combined report: different", "| 1 | parity extract · `extract.json` | ok |", "## parity verify: different"}},
		{[]string{"report", testdataDoc("verify"), testdataDoc("bench"), "--combine", "-o", filepath.Join(dir, "rehearsal.json")},
			"rehearsal.json", []string{`"command": "combined"`, `"sections": [`, `"source": "bench.json"`}},
		{[]string{"report", "--combine", testdataDoc("verify"), testdataDoc("compare"), "--format", "junit"}, "",
			[]string{`<testsuite name="parity verify (verify.json)"`, `<testsuite name="parity bench compare (compare.json)"`}},
		{[]string{"report", "--combine", testdataDoc("verify")}, "",
			[]string{"parity combined report: 1 sections, different", "=== 1/1 parity verify (verify.json) ==="}},
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
	// A rendered JSON report renders again, a combined one too.
	code, stdout, stderr := runParity(t, "report", filepath.Join(dir, "extract.json"))
	if code != 0 || !strings.Contains(stdout, "parity extract") {
		t.Errorf("report of a report: exit %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, stderr = runParity(t, "report", filepath.Join(dir, "rehearsal.json"), "--format", "md")
	if code != 0 || !strings.Contains(stdout, "| 2 | parity bench · `bench.json` | ok |") {
		t.Errorf("report of a combined report: exit %d\n%s%s", code, stdout, stderr)
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"command":"frobnicate"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runParity(t, "report", bad); code != 2 || !strings.Contains(stderr, "not a parity result") {
		t.Errorf("bad document: exit %d, %s", code, stderr)
	}
}

// TestReportUsage: what cannot be compared or combined says what was given
// and what works.
func TestReportUsage(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{testdataDoc("verify"), testdataDoc("verify")},
			[]string{"both are a verify result", "only two extract or two bench results compare", "--combine"}},
		{[]string{testdataDoc("verify"), testdataDoc("extract")},
			[]string{"verify.json and", "extract.json: results cannot be compared: the first is a verify result and the second an extract result", "--combine"}},
		{[]string{testdataDoc("bench"), testdataDoc("compare")}, []string{"the second a bench compare (a comparison already)"}},
		{[]string{testdataDoc("extract"), testdataDoc("verify"), testdataDoc("bench")},
			[]string{"give one RESULT.json", "OLD.json NEW.json", "--combine", "(3 files given)"}},
		{[]string{"--combine"}, []string{"report --combine: give the RESULT.json files"}},
		{[]string{testdataDoc("extract"), testdataDoc("extract-new"), "--threshold", "ten"}, []string{`--threshold "ten"`}},
		{[]string{testdataDoc("extract"), filepath.Join(t.TempDir(), "missing.json")}, []string{"missing.json", "no such file"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := runParity(t, append([]string{"report"}, tt.args...)...)
			if code != 2 || stdout != "" {
				t.Errorf("exit %d, stdout %q; want 2 and nothing", code, stdout)
			}
			for _, want := range tt.want {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
		})
	}
}

// TestReportBenchCompare: parity report OLD.json NEW.json of two bench
// results is bench compare of the same files.
func TestReportBenchCompare(t *testing.T) {
	dir := t.TempDir()
	old, cur := testdataDoc("bench"), filepath.Join(dir, "bench-new.json")
	data, err := os.ReadFile(old)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cur, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cmpJSON, reportJSON := filepath.Join(dir, "compare.json"), filepath.Join(dir, "report.json")
	code, benchOut, stderr := runParity(t, "bench", "compare", old, cur, "--threshold", "5%", "--json", cmpJSON)
	if code != 0 {
		t.Fatalf("bench compare: exit %d: %s", code, stderr)
	}
	code, reportOut, stderr := runParity(t, "report", old, cur, "--threshold", "5%")
	if code != 0 {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	if !strings.Contains(reportOut, "parity bench compare") || !strings.Contains(reportOut, benchOut) {
		t.Errorf("report's text lacks bench compare's table:\n%s\nbench compare:\n%s", reportOut, benchOut)
	}
	if code, _, stderr := runParity(t, "report", old, cur, "--threshold", "5%", "-o", reportJSON); code != 0 {
		t.Fatalf("report -o: exit %d: %s", code, stderr)
	}
	var fromBench, fromReport struct{ Compare json.RawMessage }
	raw, err := os.ReadFile(cmpJSON)
	if err != nil {
		t.Fatal(err)
	}
	fromBench.Compare = raw
	f, err := os.Open(reportJSON)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := reports.Decode(f)
	if err != nil || r.Compare == nil {
		t.Fatalf("decode the report: %v", err)
	}
	if fromReport.Compare, err = json.Marshal(r.Compare); err != nil {
		t.Fatal(err)
	}
	var a, b any
	if json.Unmarshal(fromBench.Compare, &a) != nil || json.Unmarshal(fromReport.Compare, &b) != nil || !reflect.DeepEqual(a, b) {
		t.Errorf("the comparisons differ:\nbench compare: %s\nreport: %s", fromBench.Compare, fromReport.Compare)
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

// TestReportHelp: the help names every form of the command.
func TestReportHelp(t *testing.T) {
	code, stdout, _ := runParity(t, "help", "report")
	for _, want := range []string{"parity report OLD.json NEW.json", "parity report --combine A.json B.json", "--threshold",
		"--title", "--combine", "$COLUMNS", "extract-monday.json extract-tuesday.json", "(default 10%)"} {
		if code != 0 || !strings.Contains(stdout, want) {
			t.Errorf("exit %d; help lacks %q", code, want)
		}
	}
}
