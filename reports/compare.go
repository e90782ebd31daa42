package reports

import (
	"errors"
	"fmt"

	"github.com/parity-db/parity/bench"
)

// ErrNotComparable means two results cannot be put side by side: they come
// from different commands, or from a command whose result is a comparison
// already.
var ErrNotComparable = errors.New("results cannot be compared")

// CompareOptions tune Compare.
type CompareOptions struct {
	// ThresholdPercent is how much slower, beyond noise, counts as a
	// regression: 10 for 10 %.
	ThresholdPercent float64
	// Version is the parity that compares, recorded in the report.
	Version string
}

// Compare puts two results of the same command side by side, the older
// first: two bench results as bench compare does, two extractions table by
// table. Anything else is ErrNotComparable, with what was given and what
// works.
func Compare(old, cur *Report, o CompareOptions) (*Report, error) {
	switch {
	case old.Command != cur.Command:
		return nil, fmt.Errorf("%w: the first is %s and the second %s; compare two extract or two bench results, "+
			"or put different results in one report with --combine", ErrNotComparable, describeCommand(old), describeCommand(cur))
	case old.Command == "bench":
		return compareBench(old, cur, o)
	case old.Command == "extract":
		return CompareExtract(old, cur, o)
	}
	return nil, fmt.Errorf("%w: both are %s; only two extract or two bench results compare side by side "+
		"(a verify result already compares source and target); put them in one report with --combine",
		ErrNotComparable, describeCommand(old))
}

// describeCommand names a report's kind for a message: "a verify result".
func describeCommand(r *Report) string {
	switch r.Command {
	case "extract":
		return "an extract result"
	case "verify", "bench":
		return "a " + r.Command + " result"
	case "bench compare":
		return "a bench compare (a comparison already)"
	case CommandExtractCompare:
		return "an extract comparison"
	case CommandCombined:
		return "a combined report"
	}
	return fmt.Sprintf("a %q document", r.Command)
}

// compareBench compares two bench results cell by cell, as bench compare
// does with two --json files.
func compareBench(old, cur *Report, o CompareOptions) (*Report, error) {
	for _, r := range []*Report{old, cur} {
		if r.Bench == nil {
			return nil, fmt.Errorf("%w: a bench result (status %s) holds no measurements", ErrNotComparable, r.Status)
		}
	}
	oldRec := (&bench.Document{Version: old.Version, Status: old.Status, Result: old.Bench}).Record()
	curRec := (&bench.Document{Version: cur.Version, Status: cur.Status, Result: cur.Bench}).Record()
	return FromCompare(CompareBenchRecords(&oldRec, &curRec, o)), nil
}

// CompareBenchRecords judges each cell of a later bench run against the
// same cell of a baseline: the document bench compare writes.
func CompareBenchRecords(old, cur *bench.Record, o CompareOptions) *bench.CompareDocument {
	changes := bench.CompareRecords(old, cur, o.ThresholdPercent/100)
	regressions := 0
	for _, ch := range changes {
		if ch.Verdict.IsRegression() {
			regressions++
		}
	}
	return &bench.CompareDocument{SchemaVersion: bench.DocumentSchemaVersion, Command: "bench compare",
		Version: o.Version, ThresholdPercent: o.ThresholdPercent, OldStarted: old.Started, NewStarted: cur.Started,
		Changes: changes, Regressions: regressions}
}
