package replay_test

import (
	"cmp"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/parity-db/parity/replay"
	"github.com/parity-db/parity/result"
)

// readReplay reads the document of parity replay --json.
func readReplay(b *testing.B, path string) *result.Replay {
	b.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	var doc result.Replay
	if err := json.Unmarshal(data, &doc); err != nil {
		b.Fatalf("%s: %v", path, err)
	}
	if doc.Result == nil {
		b.Fatalf("%s: no result (status %s: %s)", path, doc.Status, doc.Error)
	}
	return &doc
}

// tally counts the distinct statements of one cause and what each tool
// made of them.
type tally struct {
	cause, nature                 string
	statements                    int
	ptResults, ptTimeOnly         int
	parityDifferent, parityNotice int
}

// accounting is the difference accounting of one replay by both tools: a
// row per cause of difference, and what went wrong.
type accounting struct {
	rows     []*tally
	problems []string // parity missed a real difference, or reported a false one
	notes    []string // worth knowing, not wrong: a real difference pt-upgrade missed
}

// account classifies every distinct statement of the log by what the
// benchmark knows of it (a real difference, a benign one, none) and checks
// parity's verdict and pt-upgrade's report of it against that. parity must
// report every real difference pt-upgrade reports and no false one; a
// notice is not a difference.
func account(queries []benchQuery, doc *result.Replay, pt *ptReport) *accounting {
	a := &accounting{}
	bySQL := map[string]*replay.Statement{}
	skipped := map[string]bool{}
	for _, c := range doc.Classes {
		for _, s := range c.Samples {
			bySQL[normalizeSQL(s.SQL)] = s
		}
		if c.Skipped != "" {
			skipped[c.Fingerprint] = true
		}
	}
	rows := map[string]*tally{}
	row := func(cause, nature string) *tally {
		if rows[cause] == nil {
			rows[cause] = &tally{cause: cause, nature: nature}
			a.rows = append(a.rows, rows[cause])
		}
		return rows[cause]
	}
	for _, c := range []string{realPlanted, realMD5, realSortMemory, realPadSpace, realDeprecated} {
		row(c, "real")
	}
	seen := map[string]bool{}
	for _, q := range queries {
		if seen[q.sql] {
			continue
		}
		seen[q.sql] = true
		if q.write {
			t := row("UPDATE, DELETE (never to run)", "skipped")
			t.statements++
			if _, ran := bySQL[q.sql]; ran {
				a.problems = append(a.problems, "parity ran a write: "+q.sql)
			}
			if len(pt.kinds[q.sql]) > 0 {
				a.problems = append(a.problems, "pt-upgrade ran a write: "+q.sql)
			}
			continue
		}
		var t *tally
		switch {
		case q.real != "":
			t = row(q.real, "real")
		case q.benign != "":
			t = row(q.benign, "false")
		default:
			t = row("nothing", "none")
		}
		t.statements++
		ptResults, ptTimeOnly := pt.differs(q.sql)
		if ptResults {
			t.ptResults++
		}
		if ptTimeOnly {
			t.ptTimeOnly++
		}
		s := bySQL[q.sql]
		if s == nil {
			a.problems = append(a.problems, "parity did not replay "+q.sql)
			continue
		}
		switch s.Verdict {
		case replay.Different:
			t.parityDifferent++
		case replay.Notice:
			t.parityNotice++
		}
		got := describeStatement(s)
		switch {
		case q.real != "" && s.Verdict != replay.Different && ptResults:
			a.problems = append(a.problems, fmt.Sprintf("parity misses a difference pt-upgrade finds (%s): %s\n    parity: %s",
				q.real, q.sql, got))
		case q.real != "" && s.Verdict != replay.Different:
			a.problems = append(a.problems, fmt.Sprintf("neither tool finds the difference (%s) of %s\n    parity: %s",
				q.real, q.sql, got))
		case q.real == "" && s.Verdict == replay.Different:
			a.problems = append(a.problems, fmt.Sprintf("parity reports a false difference (%s): %s\n    parity: %s",
				cmp.Or(q.benign, "nothing expected"), q.sql, got))
		case q.real != "" && !ptResults:
			a.notes = append(a.notes, fmt.Sprintf("only parity finds the difference (%s) of %s", q.real, q.sql))
		case q.real == "" && q.benign == "" && ptResults:
			a.problems = append(a.problems, fmt.Sprintf("pt-upgrade reports a difference the benchmark cannot explain: %s %v\n    parity: %s",
				q.sql, pt.kinds[q.sql], got))
		}
	}
	order := map[string]int{"real": 0, "false": 1, "none": 2, "skipped": 3}
	slices.SortStableFunc(a.rows, func(x, y *tally) int { return order[x.nature] - order[y.nature] })
	return a
}

// describeStatement is parity's verdict on s and why, on one line.
func describeStatement(s *replay.Statement) string {
	parts := []string{string(s.Verdict)}
	for _, d := range s.Differences {
		parts = append(parts, string(d.Kind)+": "+d.Detail)
	}
	parts = append(parts, s.Notices...)
	return strings.Join(parts, "; ")
}

// markdown renders the accounting as the table BENCHMARKS.md shows.
func (a *accounting) markdown() string {
	var b strings.Builder
	b.WriteString("| what the statement meets | is it a difference | distinct statements | pt-upgrade: rows, errors or warnings differ | pt-upgrade: only its time differs | parity: different | parity: notice |\n")
	b.WriteString("| --- | --- | ---: | ---: | ---: | ---: | ---: |\n")
	var total tally
	for _, t := range a.rows {
		pt, parity, notice := fmt.Sprint(t.ptResults), fmt.Sprint(t.parityDifferent), fmt.Sprint(t.parityNotice)
		ptTime := fmt.Sprint(t.ptTimeOnly)
		if t.nature == "skipped" {
			pt, ptTime, parity, notice = "skipped", "", "skipped", ""
		}
		fmt.Fprintf(&b, "| %s | %s | %d | %s | %s | %s | %s |\n", t.cause, t.nature, t.statements, pt, ptTime, parity, notice)
		if t.nature != "skipped" {
			total.statements += t.statements
			total.ptResults += t.ptResults
			total.ptTimeOnly += t.ptTimeOnly
			total.parityDifferent += t.parityDifferent
			total.parityNotice += t.parityNotice
		}
	}
	fmt.Fprintf(&b, "| **all reads** | | %d | %d | %d | %d | %d |\n", total.statements, total.ptResults, total.ptTimeOnly,
		total.parityDifferent, total.parityNotice)
	return b.String()
}

// summary is the accounting in two lines: real and false differences found
// by each tool.
func (a *accounting) summary() (realPt, realParity, falsePt, falseParity int) {
	for _, t := range a.rows {
		switch t.nature {
		case "real":
			realPt += t.ptResults
			realParity += t.parityDifferent
		case "false", "none":
			falsePt += t.ptResults
			falseParity += t.parityDifferent
		}
	}
	return
}
