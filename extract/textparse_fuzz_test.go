package extract

import (
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// formatDecimal writes an unscaled value as MySQL does: "-123.45" at scale 2.
func formatDecimal(v *big.Int, scale int) string {
	neg := v.Sign() < 0
	digits := new(big.Int).Abs(v).String()
	if len(digits) <= scale {
		digits = strings.Repeat("0", scale-len(digits)+1) + digits
	}
	s := digits[:len(digits)-scale]
	if scale > 0 {
		s += "." + digits[len(digits)-scale:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

var decimalRE = regexp.MustCompile(`^(-?)([0-9]+)(?:\.([0-9]+))?$`)

// decimalOracle parses with math/big what parseDecimal should accept.
func decimalOracle(s string, prec, scale int) (*big.Int, bool) {
	m := decimalRE.FindStringSubmatch(s)
	if m == nil || len(m[3]) > scale {
		return nil, false
	}
	if len(strings.TrimLeft(m[2], "0")) > prec-scale {
		return nil, false
	}
	v, ok := new(big.Int).SetString(m[2]+m[3]+strings.Repeat("0", scale-len(m[3])), 10)
	if !ok {
		return nil, false
	}
	if m[1] == "-" {
		v.Neg(v)
	}
	return v, true
}

func FuzzDecodeDecimal(f *testing.F) {
	for _, s := range []string{"0", "-0.00", "1.5", "123.45", "-999.99", "007.50", "1e5", "1.", ".5", "",
		"99999999999999999999999999999999999.999999999999999999999999999999",
		"-12345678901234567890.5", "9999999999999999999999999999999999999999999999999999999999999999999999999999"} {
		f.Add(s, uint8(65), uint8(30))
		f.Add(s, uint8(5), uint8(2))
		f.Add(s, uint8(38), uint8(0))
	}
	f.Fuzz(func(t *testing.T, s string, p, sc uint8) {
		prec := int(p)%76 + 1
		scale := int(sc) % (prec + 1)
		want, wantOK := decimalOracle(s, prec, scale)
		check := func(name string, got *big.Int, ok bool) {
			if ok != wantOK {
				t.Fatalf("%s(%q, %d, %d) ok = %v, oracle %v", name, s, prec, scale, ok, wantOK)
			}
			if !ok {
				return
			}
			if got.Cmp(want) != 0 {
				t.Fatalf("%s(%q, %d, %d) = %s, oracle %s", name, s, prec, scale, got, want)
			}
			text := formatDecimal(got, scale)
			if canonical := formatDecimal(want, scale); text != canonical {
				t.Fatalf("%s(%q): formatted back as %q, want %q", name, s, text, canonical)
			}
			if isCanonicalDecimal(s, scale) && text != s {
				t.Fatalf("%s(%q): canonical text came back as %q", name, s, text)
			}
		}
		if prec <= 38 {
			n, ok := parseDecimal128([]byte(s), prec, scale)
			check("parseDecimal128", n.BigInt(), ok)
		}
		n, ok := parseDecimal256([]byte(s), prec, scale)
		check("parseDecimal256", n.BigInt(), ok)
	})
}

// isCanonicalDecimal reports whether s is in the server's own form: no
// redundant leading zero, exactly scale fraction digits, no negative zero.
func isCanonicalDecimal(s string, scale int) bool {
	m := decimalRE.FindStringSubmatch(s)
	if m == nil || len(m[3]) != scale || (len(m[2]) > 1 && m[2][0] == '0') {
		return false
	}
	return m[1] == "" || strings.Trim(m[2]+m[3], "0") != ""
}

// formatDate writes days since the epoch as YYYY-MM-DD using the time
// package's calendar, independent of civil.Days.
func formatDate(days int64) string {
	t := time.Unix(days*86400, 0).UTC()
	return fmt.Sprintf("%04d-%02d-%02d", t.Year(), int(t.Month()), t.Day())
}

// formatFrac writes microseconds as a fraction of the given number of digits.
func formatFrac(us int64, n int) string {
	if n == 0 {
		return ""
	}
	s := fmt.Sprintf("%06d", us)
	return "." + s[:n]
}

func formatDateTime(us int64, frac int) string {
	secs, micro := us/1e6, us%1e6
	if micro < 0 {
		secs, micro = secs-1, micro+1e6
	}
	t := time.Unix(secs, 0).UTC()
	return fmt.Sprintf("%04d-%02d-%02d %02d:%02d:%02d", t.Year(), int(t.Month()), t.Day(), t.Hour(), t.Minute(), t.Second()) +
		formatFrac(micro, frac)
}

func formatTime(us int64, frac int) string {
	sign := ""
	if us < 0 {
		sign, us = "-", -us
	}
	secs := us / 1e6
	return fmt.Sprintf("%s%02d:%02d:%02d", sign, secs/3600, secs/60%60, secs%60) + formatFrac(us%1e6, frac)
}

// fracDigits is the number of digits after the last '.' in s.
func fracDigits(s string) int {
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}

var dateRE = regexp.MustCompile(`^([0-9]{4})-([0-9]{2})-([0-9]{2})`)

// calendarDate reports whether s starts with a real date, by the time package.
func calendarDate(s string) (wellFormed, real bool) {
	m := dateRE.FindStringSubmatch(s)
	if m == nil {
		return false, false
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	if mo > 12 || d > 31 {
		return false, false
	}
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	return true, mo != 0 && d != 0 && t.Day() == d && int(t.Month()) == mo
}

func FuzzDecodeDate(f *testing.F) {
	for _, s := range []string{"1970-01-01", "2024-02-29", "2021-02-29", "0001-01-01", "9999-12-31", "0000-00-00",
		"2020-00-15", "2020-05-00", "0000-03-01", "2020-13-01", "2020-1-01", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		days, st := parseDate([]byte(s))
		wellFormed, real := calendarDate(s)
		wellFormed = wellFormed && len(s) == 10
		switch st {
		case parsedOK:
			if got := formatDate(int64(days)); got != s {
				t.Fatalf("parseDate(%q) = %d, formats back as %q", s, days, got)
			}
			if !wellFormed || !real {
				t.Fatalf("parseDate(%q) accepted a non-date", s)
			}
		case parsedZero:
			if !wellFormed || real {
				t.Fatalf("parseDate(%q) called zero (well-formed %v, real %v)", s, wellFormed, real)
			}
		case parsedBad:
			if wellFormed {
				t.Fatalf("parseDate(%q) rejected a well-formed date", s)
			}
		}
	})
}

var dateTimeRE = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2} ([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?$`)

func FuzzDecodeDateTime(f *testing.F) {
	for _, s := range []string{"1970-01-01 00:00:00", "1969-12-31 23:59:59.999999", "2020-05-17 10:11:12.5",
		"0000-00-00 00:00:00", "0000-00-00 00:00:00.000000", "2020-05-00 10:00:00", "9999-12-31 23:59:59.999999",
		"0001-01-01 00:00:00", "2020-05-17 24:00:00", "2020-05-17 10:00:00."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		us, st := parseDateTime([]byte(s))
		wellFormed, real := calendarDate(s)
		wellFormed = wellFormed && dateTimeRE.MatchString(s)
		switch st {
		case parsedOK:
			if got := formatDateTime(us, fracDigits(s)); got != s {
				t.Fatalf("parseDateTime(%q) = %d, formats back as %q", s, us, got)
			}
			if !wellFormed || !real {
				t.Fatalf("parseDateTime(%q) accepted a non-date", s)
			}
		case parsedZero:
			if !wellFormed || real {
				t.Fatalf("parseDateTime(%q) called zero (well-formed %v, real %v)", s, wellFormed, real)
			}
		case parsedBad:
			if wellFormed {
				t.Fatalf("parseDateTime(%q) rejected a well-formed value", s)
			}
		}
	})
}

var timeRE = regexp.MustCompile(`^-?([0-9]{2,3}):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?$`)

func FuzzDecodeTime(f *testing.F) {
	for _, s := range []string{"00:00:00", "-838:59:59.000000", "838:59:59", "00:00:00.000001", "-00:00:01",
		"123:45:06.5", "-00:00:00", "099:00:00", "1:00:00", "00:60:00", "00:00:00."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		us, ok := parseTime([]byte(s))
		m := timeRE.FindStringSubmatch(s)
		if ok != (m != nil) {
			t.Fatalf("parseTime(%q) ok = %v, well-formed %v", s, ok, m != nil)
		}
		if !ok {
			return
		}
		text := formatTime(us, fracDigits(s))
		if back, ok := parseTime([]byte(text)); !ok || back != us {
			t.Fatalf("parseTime(%q) = %d, formatted %q parses as %d, %v", s, us, text, back, ok)
		}
		// The server's form has no 3-digit hour with a leading zero and no
		// negative zero; such input must come back unchanged.
		nonCanonical := (len(m[1]) == 3 && m[1][0] == '0') || (us == 0 && strings.HasPrefix(s, "-"))
		if !nonCanonical && text != s {
			t.Fatalf("parseTime(%q) = %d, formats back as %q", s, us, text)
		}
	})
}
