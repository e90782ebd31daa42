package stats

import (
	"fmt"
	"slices"
)

// Alpha is the p-value below which a difference counts as significant.
const Alpha = 0.05

// MinSamples is the fewest runs per side for which Compare will call a
// difference significant. It is a floor, not a guarantee: with the exact
// test, 3 runs against 3 can never go below p = 0.1, so reaching Alpha takes
// 4 against 4 (smallest p 0.029) or 3 against 5 (0.036). Bench with at
// least 5 runs per cell to see real differences.
const MinSamples = 3

// Comparison describes sample b relative to sample a.
type Comparison struct {
	// Ratio is median(b)/median(a); 0 if median(a) is 0.
	Ratio float64 `json:"ratio"`
	// P is the two-sided Mann-Whitney U p-value; 1 when it cannot be computed.
	P float64 `json:"p"`
	// Significant is P < Alpha with at least MinSamples runs on each side.
	Significant bool `json:"significant"`
	NA          int  `json:"n_a"`
	NB          int  `json:"n_b"`
}

// Compare tells whether b's timings differ from a's. It compares medians and
// ranks rather than means so that one slow run does not decide the answer.
func Compare(a, b []float64) Comparison {
	c := Comparison{NA: len(a), NB: len(b), P: 1}
	if len(a) == 0 || len(b) == 0 {
		return c
	}
	ma, mb := sortedMedian(a), sortedMedian(b)
	if ma != 0 {
		c.Ratio = mb / ma
	}
	_, c.P = MannWhitney(a, b)
	c.Significant = c.P < Alpha && c.NA >= MinSamples && c.NB >= MinSamples
	return c
}

// Ratio is a/b, new time over old: 1.5 took half as long again. 0, which
// renderers show as no ratio, when b is not positive.
func Ratio(a, b float64) float64 {
	if b <= 0 {
		return 0
	}
	return a / b
}

// String reads like a benchstat delta column: "~" when the difference is not
// significant, else the change of b's median from a's and the p-value, as in
// "+12.3% (p=0.008)" or "-40.1% (p=0.008)".
func (c Comparison) String() string {
	if !c.Significant {
		return "~"
	}
	if c.P < 0.001 {
		return fmt.Sprintf("%+.1f%% (p<0.001)", (c.Ratio-1)*100)
	}
	return fmt.Sprintf("%+.1f%% (p=%.3f)", (c.Ratio-1)*100, c.P)
}

func sortedMedian(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return median(s)
}
