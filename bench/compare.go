package bench

import (
	"github.com/parity-db/parity/stats"
)

// Comparison is one cell measured against another in the same run: a target
// against the first target on the same grid row ("target"), or a settings
// point against the first settings point of the same workload on the same
// target ("settings").
type Comparison struct {
	Kind   string `json:"kind"`   // "target" or "settings"
	Target string `json:"target"` // the target both cells ran on (settings) or the compared one (target)
	Row    string `json:"row"`    // the grid row (target) or the workload (settings)
	Base   string `json:"base"`   // the first target's label, or the first settings point
	Other  string `json:"other"`
	stats.Comparison
}

// compareCells compares, per grid row, each target with the first, and per
// workload and target, each settings point with the first. Cells without
// successful runs are left out.
func compareCells(cells []*Cell) []Comparison {
	var out []Comparison
	rowBase := map[string]*Cell{}
	workloadBase := map[string]*Cell{}
	for _, c := range cells {
		if len(c.Measured()) == 0 {
			continue
		}
		if base, ok := rowBase[c.Row()]; !ok {
			rowBase[c.Row()] = c
		} else if base.Target != c.Target {
			out = append(out, Comparison{Kind: "target", Target: c.Target, Row: c.Row(), Base: base.Target, Other: c.Target,
				Comparison: stats.Compare(base.Measured(), c.Measured())})
		}
		w := c.Target + " | " + c.Workload()
		if base, ok := workloadBase[w]; !ok {
			workloadBase[w] = c
		} else {
			out = append(out, Comparison{Kind: "settings", Target: c.Target, Row: c.Workload(),
				Base: base.Settings.String(), Other: c.Settings.String(),
				Comparison: stats.Compare(base.Measured(), c.Measured())})
		}
	}
	return out
}

// Change is one cell of a baseline run against the same cell of a later
// run: the nightly timing check.
type Change struct {
	Key     string            `json:"key"`
	Old     *RecordCell       `json:"old,omitempty"`
	New     *RecordCell       `json:"new,omitempty"`
	Compare *stats.Comparison `json:"comparison,omitempty"`
	// Verdict is a stats verdict for a cell that ran in both, one of
	// those below for the others.
	Verdict stats.Verdict `json:"verdict"`
}

// Verdicts of a Change besides the timing verdicts of package stats.
const (
	NowFailing stats.Verdict = "now failing" // ran before, fails now: a regression
	Fixed      stats.Verdict = "fixed"       // failed before, runs now
	StillFails stats.Verdict = "still failing"
	Added      stats.Verdict = "added"   // only in the newer run
	Removed    stats.Verdict = "removed" // only in the baseline
)

// IsRegression reports whether the change fails a nightly check.
func (ch Change) IsRegression() bool {
	return ch.Verdict == stats.Regression || ch.Verdict == NowFailing
}

// CompareRecords matches the cells of two runs by target, workload and
// settings, and judges each: a change counts only when the Mann-Whitney
// test finds it significant and the medians differ by more than threshold
// (0.10 for 10 %).
func CompareRecords(old, cur *Record, threshold stats.Threshold) []Change {
	var out []Change
	seen := map[string]bool{}
	oldCells := map[string]*RecordCell{}
	for i := range old.Cells {
		oldCells[old.Cells[i].Key()] = &old.Cells[i]
	}
	for i := range cur.Cells {
		n := &cur.Cells[i]
		key := n.Key()
		seen[key] = true
		o := oldCells[key]
		ch := Change{Key: key, Old: o, New: n}
		switch {
		case o == nil:
			ch.Verdict = Added
		case o.Error != "" && n.Error != "":
			ch.Verdict = StillFails
		case n.Error != "":
			ch.Verdict = NowFailing
		case o.Error != "":
			ch.Verdict = Fixed
		default:
			c := stats.Compare(o.Samples, n.Samples)
			ch.Compare = &c
			ch.Verdict = c.Verdict(threshold)
		}
		out = append(out, ch)
	}
	for i := range old.Cells {
		if o := &old.Cells[i]; !seen[o.Key()] {
			out = append(out, Change{Key: o.Key(), Old: o, Verdict: Removed})
		}
	}
	return out
}

// Regressions counts the changes that fail a nightly check.
func Regressions(changes []Change) int {
	n := 0
	for _, ch := range changes {
		if ch.IsRegression() {
			n++
		}
	}
	return n
}
