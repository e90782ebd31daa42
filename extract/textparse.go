package extract

import (
	"math/bits"

	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/decimal256"

	"github.com/parity-db/parity/civil"
)

// The parsers below read the servers' text protocol forms of DECIMAL, DATE,
// DATETIME, TIMESTAMP and TIME straight from the driver's bytes, without
// allocating; the row decoder calls them once per value.

// parseStatus is a parser's verdict, kept free of error values so that the
// hot path never allocates.
type parseStatus uint8

const (
	parsedOK   parseStatus = iota
	parsedZero             // zero, partial-zero or impossible date
	parsedBad              // not the server's text form
)

// pow10 holds 10^0 .. 10^19, every power of ten a uint64 holds.
var pow10 = [20]uint64{
	1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
	1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
}

// parseDecimal128 reads DECIMAL(prec, scale) text such as "-123.45" into its
// unscaled value (-12345 at scale 2). Fewer fraction digits than the scale
// are padded ("1.5" at scale 2 is 150); more, or more integer digits than
// prec-scale, are rejected, as is anything but [-]digits[.digits].
func parseDecimal128(s []byte, prec, scale int) (decimal128.Num, bool) {
	w, ok := parseDecimal(s, prec, scale, 2)
	return decimal128.New(int64(w[1]), w[0]), ok
}

// parseDecimal256 is parseDecimal128 for precisions up to 76.
func parseDecimal256(s []byte, prec, scale int) (decimal256.Num, bool) {
	w, ok := parseDecimal(s, prec, scale, 4)
	return decimal256.New(w[3], w[2], w[1], w[0]), ok
}

// parseDecimal accumulates the digits into an n-word little-endian two's
// complement integer, 19 digits per multiply-add.
func parseDecimal(s []byte, prec, scale, n int) (w [4]uint64, ok bool) {
	i := 0
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		i = 1
	}
	intStart := i
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	intEnd := i
	if intEnd == intStart {
		return w, false
	}
	fracStart, fracEnd := i, i
	if i < len(s) {
		if s[i] != '.' {
			return w, false
		}
		i++
		fracStart = i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		fracEnd = i
		if fracEnd == fracStart || i != len(s) {
			return w, false
		}
	}
	if fracEnd-fracStart > scale {
		return w, false
	}
	for intStart < intEnd && s[intStart] == '0' {
		intStart++
	}
	if intEnd-intStart > prec-scale {
		return w, false
	}
	accumulate(&w, n, s[intStart:intEnd])
	accumulate(&w, n, s[fracStart:fracEnd])
	for pad := scale - (fracEnd - fracStart); pad > 0; {
		k := min(pad, 19)
		mulAdd(&w, n, pow10[k], 0)
		pad -= k
	}
	if neg {
		var carry uint64 = 1
		for j := range n {
			w[j], carry = bits.Add64(^w[j], 0, carry)
		}
	}
	return w, true
}

func isDigit(c byte) bool { return c-'0' <= 9 }

// accumulate appends decimal digits to w: w = w*10^len(d) + d.
func accumulate(w *[4]uint64, n int, d []byte) {
	for len(d) > 0 {
		k := min(len(d), 19)
		var chunk uint64
		for _, c := range d[:k] {
			chunk = chunk*10 + uint64(c-'0')
		}
		mulAdd(w, n, pow10[k], chunk)
		d = d[k:]
	}
}

// mulAdd sets the n-word w to w*mul + add.
func mulAdd(w *[4]uint64, n int, mul, add uint64) {
	carry := add
	for j := range n {
		hi, lo := bits.Mul64(w[j], mul)
		var c uint64
		w[j], c = bits.Add64(lo, carry, 0)
		carry = hi + c
	}
}

// digits reads s[i:i+k] as an unsigned decimal number.
func digits(s []byte, i, k int) (int, bool) {
	x := 0
	for _, c := range s[i : i+k] {
		if !isDigit(c) {
			return 0, false
		}
		x = x*10 + int(c-'0')
	}
	return x, true
}

// parseDate reads "YYYY-MM-DD" into days since 1970-01-01 in the proleptic
// Gregorian calendar (astronomical year numbering, so year 0000 with a real
// month and day is 1 BC).
func parseDate(s []byte) (int32, parseStatus) {
	if len(s) != 10 {
		return 0, parsedBad
	}
	days, st := parseYMD(s)
	return int32(days), st
}

func parseYMD(s []byte) (int64, parseStatus) {
	y, ok1 := digits(s, 0, 4)
	m, ok2 := digits(s, 5, 2)
	d, ok3 := digits(s, 8, 2)
	if !ok1 || !ok2 || !ok3 || s[4] != '-' || s[7] != '-' || m > 12 || d > 31 {
		return 0, parsedBad
	}
	if m == 0 || d == 0 || d > civil.DaysIn(y, m) {
		return 0, parsedZero
	}
	return civil.Days(y, m, d), parsedOK
}

// parseFrac reads 1 to 6 fraction-of-second digits as microseconds.
func parseFrac(s []byte) (int64, bool) {
	if len(s) < 1 || len(s) > 6 {
		return 0, false
	}
	f, ok := digits(s, 0, len(s))
	return int64(f) * int64(pow10[6-len(s)]), ok
}

// parseHMS reads ":MM:SS[.ffffff]", the part after the hours h, and returns
// the whole time of day or TIME value in microseconds.
func parseHMS(s []byte, h int) (int64, bool) {
	if len(s) < 6 || s[0] != ':' || s[3] != ':' {
		return 0, false
	}
	mi, ok1 := digits(s, 1, 2)
	se, ok2 := digits(s, 4, 2)
	if !ok1 || !ok2 || mi > 59 || se > 59 {
		return 0, false
	}
	us := (int64(h)*3600 + int64(mi)*60 + int64(se)) * 1e6
	if len(s) > 6 {
		if s[6] != '.' {
			return 0, false
		}
		f, ok := parseFrac(s[7:])
		if !ok {
			return 0, false
		}
		us += f
	}
	return us, true
}

// parseDateTime reads "YYYY-MM-DD HH:MM:SS[.ffffff]" into microseconds since
// 1970-01-01 00:00:00.
func parseDateTime(s []byte) (int64, parseStatus) {
	if len(s) < 19 || s[10] != ' ' {
		return 0, parsedBad
	}
	h, ok := digits(s, 11, 2)
	if !ok || h > 23 {
		return 0, parsedBad
	}
	tod, ok := parseHMS(s[13:], h)
	if !ok {
		return 0, parsedBad
	}
	days, st := parseYMD(s)
	return days*civil.MicrosPerDay + tod, st
}

// parseTime reads TIME text "[-]HH:MM:SS[.ffffff]" (hours 2 or 3 digits,
// up to 838 on the servers) into signed microseconds.
func parseTime(s []byte) (int64, bool) {
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		s = s[1:]
	}
	hw := 2
	if len(s) > 3 && s[2] != ':' {
		hw = 3
	}
	if len(s) < hw+6 {
		return 0, false
	}
	h, ok := digits(s, 0, hw)
	if !ok {
		return 0, false
	}
	us, ok := parseHMS(s[hw:], h)
	if neg {
		us = -us
	}
	return us, ok
}

// zeroSentinel packs the text of a zero date ("YYYY-MM-DD" or
// "YYYY-MM-DD HH:MM:SS[.ffffff]") the parsers already found well-formed
// into its civil sentinel.
func zeroSentinel(s []byte) (date int32, ts int64) {
	y, _ := digits(s, 0, 4)
	m, _ := digits(s, 5, 2)
	d, _ := digits(s, 8, 2)
	if len(s) < 19 {
		return civil.ZeroDate32(y, m, d), 0
	}
	h, _ := digits(s, 11, 2)
	tod, _ := parseHMS(s[13:], h)
	return 0, civil.ZeroTimestamp(y, m, d, 0, 0, 0, 0) + tod
}
