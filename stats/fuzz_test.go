package stats

import (
	"encoding/binary"
	"math"
	"slices"
	"testing"
)

// fuzzValues decodes data as float64 bit patterns when raw, keeping only
// finite values, or else as small integers in quarters so that ties are
// common. It stops at 120 values to keep the exact test's cost bounded.
func fuzzValues(raw bool, data []byte) []float64 {
	var xs []float64
	if raw {
		for len(data) >= 8 && len(xs) < 120 {
			x := math.Float64frombits(binary.LittleEndian.Uint64(data))
			data = data[8:]
			if !math.IsNaN(x) && !math.IsInf(x, 0) {
				xs = append(xs, x)
			}
		}
		return xs
	}
	for _, c := range data[:min(len(data), 120)] {
		xs = append(xs, float64(int8(c))/4)
	}
	return xs
}

func FuzzMannWhitney(f *testing.F) {
	f.Add(uint8(5), false, []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
	f.Add(uint8(3), false, []byte{4, 4, 4, 4, 4, 4})
	f.Add(uint8(60), false, make([]byte, 120))
	f.Add(uint8(1), true, []byte{0, 0, 0, 0, 0, 0, 0xf0, 0x7f, 1, 0, 0, 0, 0, 0, 0xf0, 0x7f})
	f.Fuzz(func(t *testing.T, split uint8, raw bool, data []byte) {
		xs := fuzzValues(raw, data)
		k := int(split) % (len(xs) + 1)
		a, b := xs[:k], xs[k:]

		u, p := MannWhitney(a, b)
		if math.IsNaN(p) || p < 0 || p > 1 {
			t.Fatalf("MannWhitney(%v, %v) p = %v, want within [0, 1]", a, b, p)
		}
		if nab := float64(len(a) * len(b)); math.IsNaN(u) || u < 0 || u > nab {
			t.Fatalf("MannWhitney(%v, %v) u = %v, want within [0, %v]", a, b, u, nab)
		}
		if _, q := MannWhitney(b, a); q != p {
			t.Fatalf("MannWhitney(a, b) p = %v, MannWhitney(b, a) p = %v, want equal; a=%v b=%v", p, q, a, b)
		}

		in := slices.Clone(xs)
		s := Summarize(xs)
		if !slices.Equal(in, xs) {
			t.Fatalf("Summarize modified its input")
		}
		if s.N != len(xs) {
			t.Fatalf("Summarize(%v).N = %d, want %d", xs, s.N, len(xs))
		}
		if s.N == 0 {
			return
		}
		if !(s.Min <= s.CILow && s.CILow <= s.Median && s.Median <= s.CIHigh && s.CIHigh <= s.Max) {
			t.Fatalf("Summarize(%v) = %+v, want Min <= CILow <= Median <= CIHigh <= Max", xs, s)
		}
		if !(s.Min <= s.P95 && s.P95 <= s.Max) {
			t.Fatalf("Summarize(%v) P95 = %v, want within [%v, %v]", xs, s.P95, s.Min, s.Max)
		}
		if s.CILevel < 0 || s.CILevel >= 1 {
			t.Fatalf("Summarize(%v) CILevel = %v, want within [0, 1)", xs, s.CILevel)
		}
		for _, i := range s.Outliers {
			if i < 0 || i >= len(xs) {
				t.Fatalf("Summarize(%v) outlier index %d out of range", xs, i)
			}
		}
	})
}
