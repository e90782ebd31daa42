package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportReplay: parity report renders a replay's --json document in
// every format, puts it in a combined report, and refuses to compare two.
func TestReportReplay(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		args []string
		file string // output file, "" for stdout
		want []string
	}{
		{[]string{testdataDoc("replay")}, "", []string{"parity replay (dev)", "TARGET/SOURCE", "3f2a9c0d1e2b4a5f",
			"2 different, 1 failed, 1 slower, 1 notice, 1 same, 1 skipped"}},
		{[]string{testdataDoc("replay"), "--format", "md"}, "", []string{"## parity replay: different", "### Statement classes",
			"````sql\n", "| `Sort_merge_passes` | 0 | 2 |"}},
		{[]string{testdataDoc("replay"), "-o", filepath.Join(dir, "replay.html")}, "replay.html",
			[]string{"<!DOCTYPE html>", "<svg", `href="#replay-1"`, "&lt;script&gt;alert(1)&lt;/script&gt;"}},
		{[]string{testdataDoc("replay"), "-o", filepath.Join(dir, "replay.xml")}, "replay.xml",
			[]string{`<testsuite name="parity replay" tests="7" failures="4" skipped="1"`, `type="slower"`,
				`<skipped message="not read-only: UPDATE">`}},
		{[]string{testdataDoc("replay"), "-o", filepath.Join(dir, "replay.json")}, "replay.json",
			[]string{`"kind": "parity report"`, `"command": "replay"`, `"replay": {`}},
		{[]string{"--combine", testdataDoc("verify"), testdataDoc("replay"), "--format", "md"}, "",
			[]string{"| 2 | parity replay · `replay.json` | **different** |", "## parity replay: different"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := runParity(t, append([]string{"report"}, tt.args...)...)
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
	// The rendered JSON report renders again.
	code, stdout, stderr := runParity(t, "report", filepath.Join(dir, "replay.json"), "--format", "md")
	if code != 0 || !strings.Contains(stdout, "### different `3f2a9c0d1e2b4a5f`") {
		t.Errorf("report of a replay report: exit %d\n%s%s", code, stdout, stderr)
	}
	code, _, stderr = runParity(t, "report", testdataDoc("replay"), testdataDoc("replay"))
	if code != 2 || !strings.Contains(stderr, "both are a replay result") || !strings.Contains(stderr, "--combine") {
		t.Errorf("two replays: exit %d, %s", code, stderr)
	}
}
