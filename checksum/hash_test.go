package checksum

import (
	"math"
	"testing"
)

func TestSum(t *testing.T) {
	a, b, c := Hash{1, 2}, Hash{3, math.MaxUint64}, Hash{math.MaxUint64, 7}
	sum := func(hs ...Hash) Sum {
		var s Sum
		for _, h := range hs {
			s.Add(h)
		}
		return s
	}
	tests := []struct {
		name  string
		x, y  Sum
		equal bool
	}{
		{"order", sum(a, b, c), sum(c, a, b), true},
		{"duplicates do not cancel", sum(a, a), Sum{}, false},
		{"(a,a) vs (b,b)", sum(a, a), sum(b, b), false},
		{"(a,a) vs (a)", sum(a, a), sum(a), false},
		{"row count", Sum{Rows: 1}, Sum{Rows: 2}, false},
	}
	for _, tc := range tests {
		if got := tc.x.Equal(tc.y); got != tc.equal {
			t.Errorf("%s: %v Equal %v = %v, want %v", tc.name, tc.x, tc.y, got, tc.equal)
		}
	}

	// The low word carries into the high word; the high word wraps.
	s := sum(Hash{0, math.MaxUint64}, Hash{0, 1})
	if s != (Sum{Rows: 2, Hi: 1, Lo: 0}) {
		t.Errorf("carry: %+v", s)
	}
	s = sum(Hash{math.MaxUint64, math.MaxUint64}, Hash{0, 1})
	if s != (Sum{Rows: 2}) {
		t.Errorf("wrap: %+v", s)
	}

	// Merging partial sums is adding all rows at once.
	x, y := sum(a, b), sum(c, Hash{0, math.MaxUint64})
	x.Merge(y)
	if want := sum(a, b, c, Hash{0, math.MaxUint64}); x != want {
		t.Errorf("Merge = %v, want %v", x, want)
	}
	if got, want := (Sum{Rows: 12, Hi: 1, Lo: 0xab}).String(), "rows=12 sum=000000000000000100000000000000ab"; got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
}
