package stats

import (
	"math"
	"slices"
)

// ciTarget is the coverage the median's confidence interval aims for.
const ciTarget = 0.95

// Summary describes one sample: the seconds of each measured run of a cell.
type Summary struct {
	N      int     `json:"n"`
	Min    float64 `json:"min"`
	Median float64 `json:"median"`
	Mean   float64 `json:"mean"`
	P95    float64 `json:"p95"`
	Max    float64 `json:"max"`
	// Stddev is the sample standard deviation (n-1 denominator); 0 when N < 2.
	Stddev float64 `json:"stddev"`
	// CILow and CIHigh bound the median; CILevel is the coverage actually
	// achieved, which is at least 0.95 when N >= 6 and less for fewer runs
	// (0.9375 for 5, 0 for 1).
	CILow   float64 `json:"ci_low"`
	CIHigh  float64 `json:"ci_high"`
	CILevel float64 `json:"ci_level"`
	// Outliers are indexes into the input outside Tukey's fences (1.5 IQR
	// beyond the quartiles). They are flagged, not dropped: a slow run is a
	// measurement too. Only set when N >= 4.
	Outliers []int `json:"outliers,omitempty"`
}

// Summarize describes xs without modifying it. An empty xs gives the zero Summary.
func Summarize(xs []float64) Summary {
	n := len(xs)
	if n == 0 {
		return Summary{}
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	sum := Summary{
		N:      n,
		Min:    s[0],
		Median: median(s),
		Mean:   mean(s),
		P95:    quantile(s, 0.95),
		Max:    s[n-1],
	}
	sum.Stddev = stddev(s, sum.Mean)
	sum.CILow, sum.CIHigh, sum.CILevel = medianCI(s)
	if n >= 4 {
		q1, q3 := quantile(s, 0.25), quantile(s, 0.75)
		lo, hi := q1-1.5*(q3-q1), q3+1.5*(q3-q1)
		for i, x := range xs {
			if x < lo || x > hi {
				sum.Outliers = append(sum.Outliers, i)
			}
		}
	}
	return sum
}

// CIPercent is the half-width of the median's confidence interval relative
// to the median, in percent, taking the wider side because the interval need
// not be symmetric: max(median-low, high-median)/|median|*100. It is 0 when
// N < 2 or the median is 0.
func (s Summary) CIPercent() float64 {
	if s.N < 2 || s.Median == 0 {
		return 0
	}
	return max(s.Median-s.CILow, s.CIHigh-s.Median) / math.Abs(s.Median) * 100
}

// median of sorted, non-empty s.
func median(s []float64) float64 {
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return midpoint(s[n/2-1], s[n/2])
}

// midpoint of a <= b that stays within [a, b] even when a+b overflows.
func midpoint(a, b float64) float64 {
	m := (a + b) / 2
	if math.IsInf(m, 0) {
		m = a/2 + b/2
	}
	return min(max(m, a), b)
}

// quantile of sorted, non-empty s by linear interpolation between order
// statistics (Hyndman and Fan type 7, the default of R and numpy).
func quantile(s []float64, q float64) float64 {
	h := float64(len(s)-1) * q
	j := int(h)
	frac := h - float64(j)
	if frac == 0 || j+1 >= len(s) {
		return s[j]
	}
	lo, hi := s[j], s[j+1]
	v := lo + frac*(hi-lo)
	if math.IsInf(v, 0) { // hi-lo overflowed
		v = (1-frac)*lo + frac*hi
	}
	return min(max(v, lo), hi)
}

func mean(s []float64) float64 {
	var t float64
	for _, x := range s {
		t += x
	}
	return t / float64(len(s))
}

func stddev(s []float64, m float64) float64 {
	if len(s) < 2 {
		return 0
	}
	var ss float64
	for _, x := range s {
		ss += (x - m) * (x - m)
	}
	return math.Sqrt(ss / float64(len(s)-1))
}

// medianCI returns the narrowest symmetric pair of order statistics
// x(k), x(n+1-k) of sorted s that covers the median with probability at
// least ciTarget, and that probability. The coverage is
// P(k <= B <= n-k) for B ~ Binomial(n, 1/2), so it holds for any continuous
// distribution. When no pair reaches ciTarget (n <= 5) it returns
// [min, max] and that interval's smaller coverage.
func medianCI(s []float64) (lo, hi, level float64) {
	n := len(s)
	if n == 1 {
		return s[0], s[0], 0
	}
	// cdf is P(B <= k-1); the interval for k covers with 1-2*cdf.
	k := 1
	cdf := binomHalfPMF(n, 0)
	for 2*k < n { // x(k+1) still lies at or below the median
		next := cdf + binomHalfPMF(n, k)
		if 1-2*next < ciTarget {
			break
		}
		cdf = next
		k++
	}
	return s[k-1], s[n-k], 1 - 2*cdf
}

// binomHalfPMF is P(B = k) for B ~ Binomial(n, 1/2), computed in logs so
// that large n neither overflows the coefficient nor underflows 2^-n early.
func binomHalfPMF(n, k int) float64 {
	ln, _ := math.Lgamma(float64(n + 1))
	lk, _ := math.Lgamma(float64(k + 1))
	lnk, _ := math.Lgamma(float64(n - k + 1))
	return math.Exp(ln - lk - lnk - float64(n)*math.Ln2)
}
