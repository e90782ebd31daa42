package replay

import (
	"bytes"
	"math"
	"strconv"
)

// Doubles hash by their value rounded to 15 significant digits (6 for
// FLOAT; see formFor), so that the digits one server prints and another
// does not count for nothing. Two doubles a hair apart can still round to
// neighbouring values: a SUM over the same rows, added in another order
// because the target reads them through an index, is 95954.45199999993 on
// one server and 95954.45199999996 on the other, which round to
// 95954.4519999999 and 95954.4520000000. When the hashes say rows differ
// and the result has doubles, the differing rows are paired by value
// before they count as a difference.

// nearRows bounds the differing rows of each side paired by value: a
// result with more is a difference as its hashes say.
const nearRows = 1000

// hasFloat reports whether any column compares as a double or a float.
func hasFloat(forms []form) bool {
	for _, f := range forms {
		if floatDigits(f) > 0 {
			return true
		}
	}
	return false
}

// floatDigits is the significant digits a form compares doubles to; 0 for
// a form that is not a double or a float.
func floatDigits(f form) int {
	switch f {
	case formFloat:
		return 15
	case formFloat32:
		return 6
	}
	return 0
}

// nearlyEqual pairs each row of a with a row of b whose values are the
// same, in their column's form, except for doubles, which may differ by
// less than one unit in their last compared digit. It returns the first
// pair of doubles that differ (as the servers printed them) and true when
// every row found its pair; a and b are rows of the same columns.
func nearlyEqual(a, b []fetched, forms []form) (example [2]string, ok bool) {
	if len(a) != len(b) {
		return example, false
	}
	used := make([]bool, len(b))
	canon := canonicalizers(forms, len(forms))
	for _, x := range a {
		found := false
		for j, y := range b {
			if used[j] {
				continue
			}
			if e, same := nearRow(x.values, y.values, forms, canon); same {
				used[j], found = true, true
				if example[0] == "" {
					example = e
				}
				break
			}
		}
		if !found {
			return [2]string{}, false
		}
	}
	return example, example[0] != ""
}

// nearRow compares two rows for nearlyEqual, and returns the first doubles
// that differ.
func nearRow(x, y [][]byte, forms []form, canon []canonicalizer) (example [2]string, same bool) {
	if len(x) != len(y) {
		return example, false
	}
	for i := range x {
		switch {
		case x[i] == nil || y[i] == nil:
			if x[i] != nil || y[i] != nil {
				return example, false
			}
		case i < len(forms) && floatDigits(forms[i]) > 0:
			if !closeFloats(x[i], y[i], floatDigits(forms[i])) {
				return example, false
			}
			if example[0] == "" && !bytes.Equal(x[i], y[i]) {
				example = [2]string{string(x[i]), string(y[i])}
			}
		default:
			var c canonicalizer
			if i < len(canon) {
				c = canon[i]
			}
			if !bytes.Equal(c.append(nil, x[i]), c.append(nil, y[i])) {
				return example, false
			}
		}
	}
	return example, true
}

// closeFloats reports whether two doubles, as text, differ by less than
// one unit in the digits-th significant digit of the larger: they round to
// the same value or to neighbouring ones at that many digits.
func closeFloats(x, y []byte, digits int) bool {
	a, errA := strconv.ParseFloat(string(x), 64)
	b, errB := strconv.ParseFloat(string(y), 64)
	switch {
	case errA != nil || errB != nil:
		return bytes.Equal(x, y)
	case a == b:
		return true
	case math.IsInf(a, 0) || math.IsInf(b, 0) || math.IsNaN(a) || math.IsNaN(b):
		return false
	}
	m := math.Max(math.Abs(a), math.Abs(b))
	unit := math.Pow(10, math.Floor(math.Log10(m))-float64(digits-1))
	return math.Abs(a-b) < unit
}
