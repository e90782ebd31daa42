package stats

import (
	"cmp"
	"math"
	"slices"
)

// exactMax is the largest sample size for which MannWhitney counts the exact
// null distribution of U; beyond it the normal approximation is accurate and
// the counting (about na²·nb²/4 additions) gets slow.
const exactMax = 50

// MannWhitney tests whether a and b come from the same distribution with the
// two-sided Mann-Whitney U (Wilcoxon rank-sum) test. u counts the pairs
// (a[i], b[j]) with a[i] > b[j], ties counting one half, so u is 0 when every
// a is below every b. Without ties and with both samples of at most 50, p is
// exact: the share of the C(na+nb, na) equally likely orderings whose U lies
// at least as far from na·nb/2 as u does. Otherwise p comes from the normal
// approximation with tie and continuity corrections. p is 1 when either sample
// is empty or every value is the same.
func MannWhitney(a, b []float64) (u float64, p float64) {
	na, nb := len(a), len(b)
	if na == 0 || nb == 0 {
		return 0, 1
	}
	ranks, ties := rank(a, b)
	var ra float64
	for _, r := range ranks[:na] {
		ra += r
	}
	u = ra - float64(na*(na+1))/2
	if ties == nil && na <= exactMax && nb <= exactMax {
		return u, exactP(na, nb, u)
	}
	return u, normalP(na, nb, u, ties)
}

// rank gives the midranks (1-based) of a followed by b in their combined
// order, and the sizes of the groups of tied values (nil when there are none).
func rank(a, b []float64) (ranks []float64, ties []int) {
	xs := slices.Concat(a, b)
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(i, j int) int { return cmp.Compare(xs[i], xs[j]) })
	ranks = make([]float64, len(xs))
	for lo := 0; lo < len(idx); {
		hi := lo + 1
		for hi < len(idx) && xs[idx[hi]] == xs[idx[lo]] {
			hi++
		}
		mid := float64(lo+1+hi) / 2 // mean of ranks lo+1..hi
		for _, i := range idx[lo:hi] {
			ranks[i] = mid
		}
		if hi-lo > 1 {
			ties = append(ties, hi-lo)
		}
		lo = hi
	}
	return ranks, ties
}

// exactP is the two-sided p-value of an integral u with no ties. U's null
// distribution is symmetric about na·nb/2, so the p-value is twice the
// smaller tail. Using the tail at min(u, na·nb-u) over counts for the
// smaller sample first keeps MannWhitney(a, b) and MannWhitney(b, a) equal
// to the last bit.
func exactP(na, nb int, u float64) float64 {
	m, n := min(na, nb), max(na, nb)
	d := int(min(u, float64(m*n)-u))
	counts := uCounts(m, n)
	var tail, total float64
	for i, c := range counts {
		if i <= d {
			tail += c
		}
		total += c
	}
	return min(1, 2*tail/total)
}

// uCounts returns, for u = 0..m·n, the number of orderings of m a's and n b's
// in which u (a, b) pairs have the a above the b. It adds one a at a time:
// with i a's and j b's the largest element is either an a, beating all j
// b's, or a b, beating none, so c(i,j)[u] = c(i-1,j)[u-j] + c(i,j-1)[u].
// Counts are float64 because they reach C(100, 50) ≈ 1e29; only their
// ratios matter.
func uCounts(m, n int) []float64 {
	// c[j] holds the counts for i a's and j b's, updated in place as i grows.
	c := make([][]float64, n+1)
	for j := range c {
		c[j] = make([]float64, 1, m*j+1)
		c[j][0] = 1
	}
	for i := 1; i <= m; i++ {
		for j := 1; j <= n; j++ {
			old := len(c[j])
			c[j] = c[j][:i*j+1]
			for u := i * j; u >= 0; u-- { // downwards: c[j][u-j] is still c(i-1,j)
				var v float64
				if u >= j && u-j < old {
					v = c[j][u-j]
				}
				if u < len(c[j-1]) {
					v += c[j-1][u]
				}
				c[j][u] = v
			}
		}
	}
	return c[n]
}

// normalP is the two-sided p-value of u from the normal approximation, with
// the variance reduced for ties and a continuity correction of one half.
func normalP(na, nb int, u float64, ties []int) float64 {
	n := float64(na + nb)
	if len(ties) == 1 && ties[0] == na+nb { // every value is the same
		return 1
	}
	var t float64
	for _, g := range ties {
		t += math.Pow(float64(g), 3) - float64(g)
	}
	variance := float64(na) * float64(nb) / 12 * (n + 1 - t/(n*(n-1)))
	if variance <= 0 {
		return 1
	}
	z := max(0, math.Abs(u-float64(na)*float64(nb)/2)-0.5) / math.Sqrt(variance)
	return min(1, math.Erfc(z/math.Sqrt2))
}
