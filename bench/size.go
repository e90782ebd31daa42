package bench

import (
	"math"
	"strconv"
	"strings"
)

// sizeUnits are the suffixes MySQL's option parser accepts, each a power of
// 1024 (an option file's 256K means 262144, not 256000), largest first so
// FormatSize picks the shortest form.
var sizeUnits = []struct {
	suffix byte
	shift  uint
}{
	{'E', 60}, {'P', 50}, {'T', 40}, {'G', 30}, {'M', 20}, {'K', 10},
}

// ParseSize reads a byte count written the way a DBA writes it in my.cnf:
// "262144", "256K", "2M", "1G", "1T" (also P and E), case-insensitive, with an
// optional "B" or "iB" after the unit ("256KiB", "2MB"), always in multiples
// of 1024. It reports false for anything else, so a grid can tell sizes from
// values like "ON" or "MEMORY": negative numbers, fractions ("1.5M") and
// counts that overflow int64 are not sizes.
func ParseSize(s string) (int64, bool) {
	digits := len(s) - len(strings.TrimLeft(s, "0123456789"))
	if digits == 0 {
		return 0, false
	}
	n, err := strconv.ParseInt(s[:digits], 10, 64)
	if err != nil {
		return 0, false
	}
	rest := strings.ToUpper(s[digits:])
	if rest == "" {
		return n, true
	}
	for _, u := range sizeUnits {
		if rest[0] != u.suffix {
			continue
		}
		switch rest[1:] {
		case "", "B", "IB":
		default:
			return 0, false
		}
		if n > math.MaxInt64>>u.shift {
			return 0, false
		}
		return n << u.shift, true
	}
	return 0, false
}

// FormatSize writes n in the shortest form ParseSize reads back exactly:
// 262144 is "256K", 1073741824 is "1G", and 1000, which no unit divides, stays
// "1000".
func FormatSize(n int64) string {
	if n > 0 {
		for _, u := range sizeUnits {
			if n&(1<<u.shift-1) == 0 {
				return strconv.FormatInt(n>>u.shift, 10) + string(u.suffix)
			}
		}
	}
	return strconv.FormatInt(n, 10)
}
