package main

// Expectations of the hard-migration suite whose output form is not
// settled yet: the names of JSON fields and the wording of comments and
// summary lines. They live here, in one place, so that they can be
// adjusted to the final names without touching the tests. Every such spot
// is marked "UNDECIDED".

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The verify --json fields that count the differences the fix SQL leaves
// out because no statement can fix them, and say why: result.fix.left_out
// and result.fix.left_out_reasons, a list of {reason, count}.
const (
	jsonFixLeftOut    = "left_out"
	jsonFixLeftOutWhy = "left_out_reasons"
)

// A comment line of the fix SQL saying that a difference was left out and
// why, one per difference left out: "-- NOT FIXED: missing db.t id=1: ...".
var fixLeftOutComment = regexp.MustCompile(`^-- NOT FIXED: `)

// The line of the verify summary (stdout) saying how many differences were
// left out of the fix SQL; the first group is the count.
var summaryLeftOut = regexp.MustCompile(`(?m)^(\d+) differences? left out of the fix SQL`)

// Where a changed column reports where a long value first differs: the
// column difference's first_difference (a 0-based byte offset) and its
// source's and target's bytes (their lengths in bytes).
const (
	jsonDiffOffset = "first_difference"
	jsonDiffBytes  = "bytes"
)

// The note that privileges may hide tables from an account: "...: tables
// it may not read are invisible to it, and not compared".
var notePrivileges = regexp.MustCompile(`(?i)tables it may not read are invisible`)

// leftOutCount reads result.fix.left_out from a verify --json document.
func leftOutCount(raw map[string]any) (n int64, found bool) {
	res, _ := raw["result"].(map[string]any)
	fix, _ := res["fix"].(map[string]any)
	if fix == nil {
		return 0, false
	}
	v, _ := fix[jsonFixLeftOut].(float64) // absent when nothing was left out
	return int64(v), true
}

// leftOutReasons reads the reasons of result.fix.left_out_reasons.
func leftOutReasons(raw map[string]any) []string {
	res, _ := raw["result"].(map[string]any)
	fix, _ := res["fix"].(map[string]any)
	list, _ := fix[jsonFixLeftOutWhy].([]any)
	var out []string
	for _, e := range list {
		if m, ok := e.(map[string]any); ok {
			if r, ok := m["reason"].(string); ok && r != "" {
				out = append(out, r)
			}
		}
	}
	return out
}

// checkLeftOut requires that a run which found unfixable differences says
// so in the fix SQL (one comment each), in the JSON (count and reasons)
// and in the summary, and that a run without any says nothing of the kind.
func checkLeftOut(t *testing.T, run *verifyRun, unfixable []wantDiff) {
	t.Helper()
	if run.code != 1 || !fileExists(run.fixFile) {
		return // checkRun already failed the run
	}
	var want int64
	for _, d := range unfixable {
		want += int64(max(d.count, 1))
	}
	n, found := leftOutCount(run.raw)
	data, err := os.ReadFile(run.fixFile)
	if err != nil {
		t.Fatal(err)
	}
	comments := 0
	for _, line := range strings.Split(string(data), "\n") {
		if fixLeftOutComment.MatchString(line) {
			comments++
		}
	}
	if want == 0 {
		if found && n != 0 {
			t.Errorf("%s = %d, but every difference can be fixed", jsonFixLeftOut, n)
		}
		return
	}
	if !found || n != want {
		t.Errorf("the JSON should count %d differences left out of the fix SQL in %q (found %v, %d): %s",
			want, jsonFixLeftOut, found, n, firstDiffs(unfixable))
	}
	if len(leftOutReasons(run.raw)) == 0 {
		t.Errorf("the JSON should say why in %q", jsonFixLeftOutWhy)
	}
	if comments < int(want) {
		t.Errorf("the fix SQL has %d comment lines saying a difference is left out, want %d (%s)\n%s",
			comments, want, firstDiffs(unfixable), fileHead(run.fixFile, 3000))
	}
	m := summaryLeftOut.FindStringSubmatch(run.stdout)
	if m == nil || m[1] != strconv.FormatInt(want, 10) {
		t.Errorf("the summary should say %d statements were left out of the fix SQL, and why\n%s", want, run.stdout)
	}
}

// reportedDifference reads where a changed column's values first differ,
// from the raw JSON of the run: the column difference of column col in the
// listed difference whose key column keyCol is keyText.
func reportedDifference(run *verifyRun, table, keyCol, keyText, col string) (offset, srcLen, tgtLen int64, obj map[string]any, ok bool) {
	res, _ := run.raw["result"].(map[string]any)
	tables, _ := res["tables"].([]any)
	for _, tb := range tables {
		tm, _ := tb.(map[string]any)
		if tm["table"] != table {
			continue
		}
		diffs, _ := tm["diffs"].([]any)
		for _, d := range diffs {
			dm, _ := d.(map[string]any)
			key, _ := dm["key"].(map[string]any)
			if key[keyCol] != keyText {
				continue
			}
			cols, _ := dm["columns"].([]any)
			for _, c := range cols {
				cm, _ := c.(map[string]any)
				if cm["column"] != col {
					continue
				}
				o, ok1 := cm[jsonDiffOffset].(float64)
				src, _ := cm["source"].(map[string]any)
				tgt, _ := cm["target"].(map[string]any)
				s, ok2 := src[jsonDiffBytes].(float64)
				g, ok3 := tgt[jsonDiffBytes].(float64)
				return int64(o), int64(s), int64(g), cm, ok1 && ok2 && ok3
			}
		}
	}
	return 0, 0, 0, nil, false
}
