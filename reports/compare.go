package reports

import (
	"fmt"
	"strings"

	"github.com/parity-db/parity/result"
	"github.com/parity-db/parity/stats"
)

// CompareOptions tune Compare.
type CompareOptions struct {
	// Threshold is how much slower, beyond noise, counts as a
	// regression.
	Threshold stats.Threshold
	// Version is the parity that compares, recorded in the report.
	Version string
}

// Compare puts two results of the same command side by side, the older
// first: two bench results as bench compare does, two extractions table by
// table. Anything else is result.ErrNotComparable, with what was given and what
// works.
func Compare(old, cur *Report, o CompareOptions) (*Report, error) {
	switch {
	case old.Command != cur.Command:
		return nil, fmt.Errorf("%w: the first is %s and the second %s; compare two extract or two bench results, "+
			"or put different results in one report with --combine", result.ErrNotComparable, describeCommand(old), describeCommand(cur))
	case old.Command == "bench":
		return compareBench(old, cur, o)
	case old.Command == "extract":
		return compareExtract(old, cur, o)
	}
	return nil, fmt.Errorf("%w: both are %s; only two extract or two bench results compare side by side "+
		"(a verify or replay result already compares source and target); put them in one report with --combine",
		result.ErrNotComparable, describeCommand(old))
}

// describeCommand names a report's kind for a message: "a verify result".
func describeCommand(r *Report) string {
	switch r.Command {
	case "extract":
		return "an extract result"
	case "verify", "bench", "replay":
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
			return nil, fmt.Errorf("%w: a bench result (status %s) holds no measurements", result.ErrNotComparable, r.Status)
		}
	}
	oldRec, curRec := benchDocument(old).Record(), benchDocument(cur).Record()
	return FromCompare(result.CompareBench(&oldRec, &curRec, o.Threshold, o.Version)), nil
}

func benchDocument(r *Report) *result.Bench {
	return &result.Bench{Envelope: result.Envelope{Version: r.Version, Status: r.Status}, Result: r.Bench}
}

// compareExtract compares two extractions table by table; the report names
// each pair's servers and says when either result did not end ok.
func compareExtract(old, cur *Report, o CompareOptions) (*Report, error) {
	c, err := result.CompareExtract(extractDocument(old), extractDocument(cur), o.Threshold)
	if err != nil {
		return nil, err
	}
	r := &Report{Command: CommandExtractCompare, Version: o.Version, Started: cur.Started, ExtractCompare: c,
		Options: map[string]any{"threshold_percent": o.Threshold.Percent()}}
	for _, d := range c.Runs {
		if d.OldRole == d.NewRole && d.OldServer == d.NewServer {
			r.Servers = append(r.Servers, ServerRole{Role: d.OldRole, Server: d.OldServer})
		} else {
			r.Servers = append(r.Servers, ServerRole{Role: "old " + d.OldRole, Server: d.OldServer},
				ServerRole{Role: "new " + d.NewRole, Server: d.NewServer})
		}
	}
	r.Status = result.OK
	if c.Regressions > 0 {
		r.Status = "regression"
	}
	var problems []string
	for _, side := range []struct {
		name string
		r    *Report
	}{{"old", old}, {"new", cur}} {
		if side.r.Status != result.OK {
			p := fmt.Sprintf("the %s result is %s", side.name, side.r.Status)
			if side.r.Error != "" {
				p += ": " + side.r.Error
			}
			problems = append(problems, p)
		}
	}
	r.Error = strings.Join(problems, "; ")
	return r, nil
}

// extractDocument is the extract document a report was made of.
func extractDocument(r *Report) *result.Extract {
	return &result.Extract{Envelope: result.Envelope{Command: r.Command, Version: r.Version, Status: r.Status, Error: r.Error},
		Runs: r.Extract}
}
