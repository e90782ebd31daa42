package stats

import "math"

// near reports whether got is within tol of want, relative to want's size
// once it exceeds 1.
func near(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*max(1, math.Abs(want))
}

// seq returns lo, lo+1, ..., hi.
func seq(lo, hi int) []float64 {
	var s []float64
	for i := lo; i <= hi; i++ {
		s = append(s, float64(i))
	}
	return s
}
