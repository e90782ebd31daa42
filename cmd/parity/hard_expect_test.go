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

// UNDECIDED: the verify --json field that counts the differences the fix
// SQL leaves out because no statement can fix them. It is looked for on
// the document, then on "result", then summed over "result.tables[]".
const jsonFixLeftOut = "fix_left_out"

// UNDECIDED: the field next to it that says why (a string or a list of
// strings); it must be present and non-empty when something was left out.
const jsonFixLeftOutWhy = "fix_left_out_reasons"

// UNDECIDED: a comment line of the fix SQL saying that a difference was
// left out and why; one per difference left out.
var fixLeftOutComment = regexp.MustCompile(`(?i)^--.*\b(left out|cannot|can't|not fixable|unfixable)\b`)

// UNDECIDED: the line of the verify summary (stdout) saying how many
// statements were left out of the fix SQL; the first group is the count.
var summaryLeftOut = regexp.MustCompile(`(?i)\b(\d+)\b[^\n]*\b(left out|not fixable|unfixable|cannot be fixed)`)

// UNDECIDED: where a changed column reports where a long value first
// differs: fields of the column difference object (next to "column",
// "source" and "target") with the 0-based offset of the first differing
// byte and the lengths in bytes of both values.
const (
	jsonDiffOffset       = "offset"
	jsonDiffSourceLength = "source_length"
	jsonDiffTargetLength = "target_length"
)

// UNDECIDED: the note that privileges may hide tables from an account.
var notePrivileges = regexp.MustCompile(`(?i)privilege`)

// leftOutCount reads jsonFixLeftOut from a verify --json document.
func leftOutCount(raw map[string]any) (n int64, found bool) {
	if v, ok := raw[jsonFixLeftOut].(float64); ok {
		return int64(v), true
	}
	res, _ := raw["result"].(map[string]any)
	if v, ok := res[jsonFixLeftOut].(float64); ok {
		return int64(v), true
	}
	tables, _ := res["tables"].([]any)
	for _, tbl := range tables {
		if m, ok := tbl.(map[string]any); ok {
			if v, ok := m[jsonFixLeftOut].(float64); ok {
				n, found = n+int64(v), true
			}
		}
	}
	return n, found
}

// leftOutReasons reads jsonFixLeftOutWhy wherever it is in the document.
func leftOutReasons(v any) []string {
	var out []string
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			if k == jsonFixLeftOutWhy {
				switch e := e.(type) {
				case string:
					out = append(out, e)
				case []any:
					for _, s := range e {
						if s, ok := s.(string); ok {
							out = append(out, s)
						}
					}
				}
				continue
			}
			out = append(out, leftOutReasons(e)...)
		}
	case []any:
		for _, e := range v {
			out = append(out, leftOutReasons(e)...)
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
				s, ok2 := cm[jsonDiffSourceLength].(float64)
				g, ok3 := cm[jsonDiffTargetLength].(float64)
				return int64(o), int64(s), int64(g), cm, ok1 && ok2 && ok3
			}
		}
	}
	return 0, 0, 0, nil, false
}
