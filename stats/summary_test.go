package stats

import (
	"math"
	"slices"
	"testing"
)

func TestSummarize(t *testing.T) {
	tests := []struct {
		name string
		xs   []float64
		want Summary
	}{
		{"empty", nil, Summary{}},
		{"one", []float64{3}, Summary{N: 1, Min: 3, Median: 3, Mean: 3, P95: 3, Max: 3, CILow: 3, CIHigh: 3}},
		{"two", []float64{2, 1}, Summary{
			N: 2, Min: 1, Median: 1.5, Mean: 1.5, P95: 1.95, Max: 2, Stddev: 0.7071067811865476,
			CILow: 1, CIHigh: 2, CILevel: 0.5,
		}},
		// n <= 5 cannot reach 95%: [min, max] with coverage 1-2/2^5.
		{"five", []float64{5, 1, 4, 2, 3}, Summary{
			N: 5, Min: 1, Median: 3, Mean: 3, P95: 4.8, Max: 5, Stddev: 1.5811388300841898,
			CILow: 1, CIHigh: 5, CILevel: 0.9375,
		}},
		{"six", seq(1, 6), Summary{
			N: 6, Min: 1, Median: 3.5, Mean: 3.5, P95: 5.75, Max: 6, Stddev: 1.8708286933869707,
			CILow: 1, CIHigh: 6, CILevel: 0.96875,
		}},
		// k=2: 1-2(1+10)/1024; k=3 would give 0.890625.
		{"ten with outlier", append(seq(1, 9), 100), Summary{
			N: 10, Min: 1, Median: 5.5, Mean: 14.5, P95: 59.05, Max: 100, Stddev: 30.152390728873666,
			CILow: 2, CIHigh: 9, CILevel: 0.978515625, Outliers: []int{9},
		}},
		{"outliers keep input order", []float64{100, 5, 6, 5, 7, 6, 5, -50}, Summary{
			N: 8, Min: -50, Median: 5.5, Mean: 10.5, P95: 67.45, Max: 100, Stddev: 41.081799932747415,
			CILow: -50, CIHigh: 100, CILevel: 0.9921875, Outliers: []int{0, 7},
		}},
		{"no outliers below four", []float64{1, 1, 1000}, Summary{
			N: 3, Min: 1, Median: 1, Mean: 334, P95: 900.1, Max: 1000, Stddev: 576.7729189204362,
			CILow: 1, CIHigh: 1000, CILevel: 0.75,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := slices.Clone(tt.xs)
			got := Summarize(tt.xs)
			if !slices.Equal(in, tt.xs) {
				t.Errorf("Summarize modified its input: got %v, want %v", tt.xs, in)
			}
			if !summaryClose(got, tt.want) {
				t.Errorf("Summarize(%v)\n got %+v\nwant %+v", tt.xs, got, tt.want)
			}
		})
	}
}

func summaryClose(got, want Summary) bool {
	const tol = 1e-12
	return got.N == want.N &&
		near(got.Min, want.Min, tol) && near(got.Median, want.Median, tol) &&
		near(got.Mean, want.Mean, tol) && near(got.P95, want.P95, tol) &&
		near(got.Max, want.Max, tol) && near(got.Stddev, want.Stddev, tol) &&
		near(got.CILow, want.CILow, tol) && near(got.CIHigh, want.CIHigh, tol) &&
		near(got.CILevel, want.CILevel, tol) && slices.Equal(got.Outliers, want.Outliers)
}

// Expected intervals come from exact integer binomial sums (Python's math.comb).
func TestMedianCI(t *testing.T) {
	tests := []struct {
		n           int
		wantLo      float64 // 1-based order statistic; the sample is 1..n
		wantHi      float64
		wantCILevel float64
	}{
		{2, 1, 2, 0.5},
		{5, 1, 5, 0.9375},
		{6, 1, 6, 0.96875},
		{10, 2, 9, 0.978515625},
		{20, 6, 15, 0.9586105346679688},
		{100, 40, 61, 0.9647997997822951},
		{10000, 4902, 5099, 0.9511670501036181},
	}
	for _, tt := range tests {
		lo, hi, level := medianCI(seq(1, tt.n))
		if lo != tt.wantLo || hi != tt.wantHi || !near(level, tt.wantCILevel, 1e-9) {
			t.Errorf("medianCI(1..%d) = [%v, %v] at %v, want [%v, %v] at %v",
				tt.n, lo, hi, level, tt.wantLo, tt.wantHi, tt.wantCILevel)
		}
	}
}

func TestCIPercent(t *testing.T) {
	tests := []struct {
		name string
		s    Summary
		want float64
	}{
		{"wider side wins", Summary{N: 5, Median: 10, CILow: 9, CIHigh: 12}, 20},
		{"one run", Summary{N: 1, Median: 10, CILow: 10, CIHigh: 10}, 0},
		{"zero median", Summary{N: 5, Median: 0, CILow: -1, CIHigh: 1}, 0},
	}
	for _, tt := range tests {
		if got := tt.s.CIPercent(); !near(got, tt.want, 1e-12) {
			t.Errorf("%s: CIPercent() = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestQuantile(t *testing.T) {
	// numpy.quantile(range(1, 11), q) with its default (linear) method.
	tests := []struct {
		q, want float64
	}{
		{0, 1}, {0.25, 3.25}, {0.5, 5.5}, {0.75, 7.75}, {0.95, 9.55}, {1, 10},
	}
	for _, tt := range tests {
		if got := quantile(seq(1, 10), tt.q); !near(got, tt.want, 1e-12) {
			t.Errorf("quantile(1..10, %v) = %v, want %v", tt.q, got, tt.want)
		}
	}
}

// Midpoints and interpolation must not overflow to ±Inf between two finite values.
func TestSummarizeExtremes(t *testing.T) {
	const big = math.MaxFloat64
	tests := []struct {
		xs                  []float64
		wantMedian, wantP95 float64
	}{
		{[]float64{big, big}, big, big},
		{[]float64{-big, big}, 0, 0.9 * big},
		{[]float64{5e-324, 5e-324}, 5e-324, 5e-324},
	}
	for _, tt := range tests {
		s := Summarize(tt.xs)
		if s.Median != tt.wantMedian || !near(s.P95, tt.wantP95, 1e-12) {
			t.Errorf("Summarize(%v) median, P95 = %v, %v, want %v, %v", tt.xs, s.Median, s.P95, tt.wantMedian, tt.wantP95)
		}
	}
}
