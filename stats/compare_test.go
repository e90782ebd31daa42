package stats

import "testing"

func TestCompare(t *testing.T) {
	tests := []struct {
		name       string
		a, b       []float64
		want       Comparison
		wantString string
	}{
		{"slower", seq(1, 5), seq(6, 10),
			Comparison{Ratio: 8.0 / 3, P: 2.0 / 252, Significant: true, NA: 5, NB: 5}, "+166.7% (p=0.008)"},
		{"faster", seq(6, 10), seq(1, 5),
			Comparison{Ratio: 3.0 / 8, P: 2.0 / 252, Significant: true, NA: 5, NB: 5}, "-62.5% (p=0.008)"},
		// 10 against 10, fully separated: p = 2/C(20,10).
		{"tiny p", seq(1, 10), seq(11, 20),
			Comparison{Ratio: 15.5 / 5.5, P: 2.0 / 184756, Significant: true, NA: 10, NB: 10}, "+181.8% (p<0.001)"},
		{"identical", seq(1, 5), seq(1, 5),
			Comparison{Ratio: 1, P: 1, NA: 5, NB: 5}, "~"},
		// The exact test cannot go below p = 0.1 with 3 runs a side.
		{"3 vs 3 separated", seq(1, 3), seq(4, 6),
			Comparison{Ratio: 5.0 / 2, P: 0.1, NA: 3, NB: 3}, "~"},
		// p = 2/51 is below Alpha, but one run is too few to trust.
		{"one run", []float64{0.5}, seq(1, 50),
			Comparison{Ratio: 25.5 / 0.5, P: 2.0 / 51, NA: 1, NB: 50}, "~"},
		{"empty", nil, seq(1, 3),
			Comparison{P: 1, NB: 3}, "~"},
		// Ratio is 0 by convention when a's median is 0.
		{"zero median", []float64{0, 0, 0}, []float64{1, 2, 3},
			Comparison{Ratio: 0, P: 0.06360256962075364, NA: 3, NB: 3}, "~"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Compare(tt.a, tt.b)
			if got.NA != tt.want.NA || got.NB != tt.want.NB || got.Significant != tt.want.Significant ||
				!near(got.Ratio, tt.want.Ratio, 1e-12) || !near(got.P, tt.want.P, 1e-12) {
				t.Errorf("Compare(%v, %v) = %#v, want %#v", tt.a, tt.b, got, tt.want)
			}
			if s := got.String(); s != tt.wantString {
				t.Errorf("Compare(%v, %v).String() = %q, want %q", tt.a, tt.b, s, tt.wantString)
			}
		})
	}
}

func TestVerdict(t *testing.T) {
	for _, tc := range []struct {
		c    Comparison
		want Verdict
	}{
		{Comparison{Ratio: 2, Significant: false}, Unchanged},
		{Comparison{Ratio: 1.05, Significant: true}, Unchanged}, // within 10 %
		{Comparison{Ratio: 1.10, Significant: true}, Unchanged}, // at the threshold
		{Comparison{Ratio: 1.2, Significant: true}, Regression},
		{Comparison{Ratio: 0.8, Significant: true}, Improvement},
		{Comparison{Ratio: 0.95, Significant: true}, Unchanged},
	} {
		if got := tc.c.Verdict(0.10); got != tc.want {
			t.Errorf("%+v.Verdict(0.10) = %q, want %q", tc.c, got, tc.want)
		}
	}
}

func TestRatio(t *testing.T) {
	for _, tt := range []struct{ a, b, want float64 }{
		{3, 2, 1.5}, {1, 4, 0.25}, {0, 2, 0}, {3, 0, 0}, {3, -1, 0},
	} {
		if got := Ratio(tt.a, tt.b); got != tt.want {
			t.Errorf("Ratio(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
