package stats

// Verdict is what comparing a baseline run with a later one says of one
// thing timed in both: a benchmark cell, a table's extraction. The verdicts
// of timings are these three, from Comparison.Verdict; the packages that
// compare runs add their own for what failed, or ran in one run only.
type Verdict string

const (
	Regression  Verdict = "regression"  // significantly slower beyond the threshold
	Improvement Verdict = "improvement" // significantly faster beyond the threshold
	Unchanged   Verdict = "unchanged"   // within noise or the threshold, or too few samples to tell
)

// Verdict judges the comparison of timings a (the baseline) and b: a
// regression when b moved significantly and its median is higher than a's
// by more than threshold (0.10 for 10 %), an improvement when it is lower
// by more, otherwise unchanged.
func (c Comparison) Verdict(threshold Threshold) Verdict {
	switch {
	case !c.Significant:
		return Unchanged
	case c.Ratio > 1+float64(threshold):
		return Regression
	case c.Ratio < 1-float64(threshold):
		return Improvement
	}
	return Unchanged
}
