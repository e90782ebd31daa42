package stats

import (
	"fmt"
	"testing"
)

// shifted60 returns 60 distinct values 100..159 in a scrambled order, plus
// off; the large-sample cases below use it.
func shifted60(step int, off float64) []float64 {
	s := make([]float64, 60)
	for i := range s {
		s[i] = float64(100+(i*step)%60) + off
	}
	return s
}

func TestMannWhitney(t *testing.T) {
	// Normal-approximation expectations were computed separately in Python:
	// U by counting pairs, the tie-corrected variance from value counts, and
	// p = erfc(z/√2) with z = max(0, |U-na·nb/2| - 0.5)/σ.
	tests := []struct {
		name  string
		a, b  []float64
		wantU float64
		wantP float64
	}{
		{"separated 5 vs 5", seq(1, 5), seq(6, 10), 0, 2.0 / 252},
		{"separated 5 vs 5 swapped", seq(6, 10), seq(1, 5), 25, 2.0 / 252},
		{"separated 3 vs 3", seq(1, 3), seq(4, 6), 0, 0.1},
		{"1 vs 1", []float64{1}, []float64{2}, 0, 1},
		{"interleaved", []float64{1, 3, 5}, []float64{2, 4, 6}, 3, 0.7},
		{"empty a", nil, seq(1, 3), 0, 1},
		{"empty b", seq(1, 3), nil, 0, 1},
		{"identical", seq(1, 3), seq(1, 3), 4.5, 1},
		{"all the same value", []float64{2, 2}, []float64{2, 2, 2}, 3, 1},
		{"ties", []float64{1, 2, 2, 3, 3, 3, 4}, []float64{3, 4, 4, 5, 5, 6}, 3.5, 0.012999854364387314},
		{"ties small", []float64{1, 1, 2, 2}, []float64{2, 3, 3}, 1, 0.09223080127089156},
		{"60 vs 60 shifted", shifted60(37, 0), shifted60(13, 10.5), 1225, 0.0025668879435241797},
		{"60 vs 60 overlapping with ties", shifted60(37, 0), shifted60(13, 1), 1740.5, 0.7567880254514658},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, p := MannWhitney(tt.a, tt.b)
			if u != tt.wantU || !near(p, tt.wantP, 1e-12) {
				t.Errorf("MannWhitney(%v, %v) = (%v, %v), want (%v, %v)", tt.a, tt.b, u, p, tt.wantU, tt.wantP)
			}
		})
	}
}

// TestMannWhitneyExactBruteForce checks the exact p-value against an
// enumeration of every way to place na ranks among na+nb, with
// p = min(1, 2·min(P(U <= u), P(U >= u))).
func TestMannWhitneyExactBruteForce(t *testing.T) {
	for na := 1; na <= 6; na++ {
		for nb := 1; nb <= 6; nb++ {
			var us []int // U of each placement
			forEachSubset(na+nb, na, func(in []bool) {
				us = append(us, uOf(in))
			})
			forEachSubset(na+nb, na, func(in []bool) {
				var a, b []float64
				for r, isA := range in {
					if isA {
						a = append(a, float64(r))
					} else {
						b = append(b, float64(r))
					}
				}
				u, p := MannWhitney(a, b)
				var le, ge int
				for _, v := range us {
					if v <= int(u) {
						le++
					}
					if v >= int(u) {
						ge++
					}
				}
				want := min(1, 2*float64(min(le, ge))/float64(len(us)))
				if u != float64(uOf(in)) || !near(p, want, 1e-12) {
					t.Fatalf("MannWhitney(%v, %v) = (%v, %v), want (%v, %v)", a, b, u, p, uOf(in), want)
				}
			})
		}
	}
}

// forEachSubset calls fn with every choice of k of n positions.
func forEachSubset(n, k int, fn func(in []bool)) {
	in := make([]bool, n)
	var rec func(pos, left int)
	rec = func(pos, left int) {
		if left == 0 {
			fn(in)
			return
		}
		for i := pos; i <= n-left; i++ {
			in[i] = true
			rec(i+1, left-1)
			in[i] = false
		}
	}
	rec(0, k)
}

// uOf counts the pairs in which a chosen position is above an unchosen one.
func uOf(in []bool) int {
	u, below := 0, 0
	for _, isA := range in {
		if isA {
			u += below
		} else {
			below++
		}
	}
	return u
}

func TestUCountsTotal(t *testing.T) {
	// The counts of the largest exact case must add up to C(100, 50).
	const c100_50 = 1.0089134454556419e29
	var total float64
	for _, c := range uCounts(exactMax, exactMax) {
		total += c
	}
	if !near(total/c100_50, 1, 1e-12) {
		t.Errorf("sum of uCounts(50, 50) = %v, want %v", total, c100_50)
	}
}

func ExampleMannWhitney() {
	u, p := MannWhitney([]float64{1, 2, 3, 4, 5}, []float64{6, 7, 8, 9, 10})
	fmt.Printf("U=%v p=%.6f\n", u, p)
	// Output: U=0 p=0.007937
}
