package datagen

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
	"unicode/utf8"
)

// Character repertoires random text is drawn from. Each fits the character
// sets of the columns it is used for: latin1 is MySQL's latin1 (cp1252), so
// only U+0020..U+007E and U+00A0..U+00FF; utf8mb3 holds the Basic
// Multilingual Plane only; utf8mb4 adds 4-byte characters such as emoji.
// ASCII includes the quote and backslash so escaping is exercised.
var (
	asciiRunes  = []rune("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,-_'\"\\/!?")
	latin1Runes = []rune("àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿÀÉÎÕÜßÑ¿¡£©°±µ¶")
	bmpRunes    = []rune("ΩπЖёß日本語中文한국어ไทย€…—")
	astralRunes = []rune("🚀😀🎉🧪𝄞🀄🦀")
)

// charset is a column's character set as far as generated text cares.
type charset int

const (
	latin1 charset = iota
	utf8mb3
	utf8mb4
)

// randRune picks a character: mostly ASCII, then accented letters, then
// (where the charset has them) 3-byte and 4-byte characters.
func randRune(r *rand.Rand, cs charset) rune {
	n := r.IntN(10)
	switch {
	case n < 5:
		return asciiRunes[r.IntN(len(asciiRunes))]
	case n < 7 || cs == latin1:
		return latin1Runes[r.IntN(len(latin1Runes))]
	case n < 9 || cs == utf8mb3:
		return bmpRunes[r.IntN(len(bmpRunes))]
	default:
		return astralRunes[r.IntN(len(astralRunes))]
	}
}

// randText returns up to maxChars random characters of cs, at most maxBytes
// bytes in UTF-8, the length itself random.
func randText(r *rand.Rand, cs charset, maxChars, maxBytes int) string {
	n := r.IntN(maxChars + 1)
	var b strings.Builder
	for range n {
		c := randRune(r, cs)
		if b.Len()+utf8.RuneLen(c) > maxBytes {
			break
		}
		b.WriteRune(c)
	}
	return b.String()
}

// fillText repeats pattern up to exactly maxChars characters, stopping
// early rather than going over maxBytes bytes: the longest value a column
// holds, in multi-byte characters.
func fillText(pattern string, maxChars, maxBytes int) string {
	var b strings.Builder
	p := []rune(pattern)
	for i := 0; i < maxChars; i++ {
		c := p[i%len(p)]
		if b.Len()+utf8.RuneLen(c) > maxBytes {
			break
		}
		b.WriteRune(c)
	}
	return b.String()
}

// fillBytes is n bytes: 0x00..0xFF repeating.
func fillBytes(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}

// randBytes is n random bytes, one in eight of them zero.
func randBytes(r *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		if r.IntN(8) != 0 {
			b[i] = byte(r.Uint32())
		}
	}
	return b
}

// randDecimal returns a DECIMAL(p,s) value as the server prints it: an
// optional '-', the integer digits without leading zeros ("0" when there are
// none), and exactly s fraction digits. Zero is never negative.
func randDecimal(r *rand.Rand, p, s int) string {
	intDigits := r.IntN(p - s + 1)
	var ib, fb strings.Builder
	for i := range intDigits {
		d := r.IntN(10)
		if i == 0 && d == 0 {
			d = 1
		}
		ib.WriteByte(byte('0' + d))
	}
	zero := intDigits == 0
	for range s {
		d := r.IntN(10)
		zero = zero && d == 0
		fb.WriteByte(byte('0' + d))
	}
	return decimalText(!zero && r.IntN(2) == 0, ib.String(), fb.String())
}

func decimalText(negative bool, intPart, frac string) string {
	if intPart == "" {
		intPart = "0"
	}
	s := intPart
	if frac != "" {
		s += "." + frac
	}
	if negative {
		s = "-" + s
	}
	return s
}

// decimalLimit is the largest DECIMAL(p,s) magnitude, all nines.
func decimalLimit(p, s int) string {
	return decimalText(false, strings.Repeat("9", p-s), strings.Repeat("9", s))
}

// Layouts of the server's text form of temporal values.
const (
	dateLayout     = "2006-01-02"
	datetimeLayout = "2006-01-02 15:04:05"
)

// datetimeText formats t as DATETIME(fsp) / TIMESTAMP(fsp) text.
func datetimeText(t time.Time, fsp int) string {
	s := t.Format(datetimeLayout)
	if fsp > 0 {
		s += fmt.Sprintf(".%06d", t.Nanosecond()/1000)[:fsp+1]
	}
	return s
}

// randTime returns a random instant in [from, to) at microsecond precision,
// truncated to fsp fractional digits.
func randTime(r *rand.Rand, from, to time.Time, fsp int) time.Time {
	span := to.Sub(from).Microseconds()
	t := from.Add(time.Duration(r.Int64N(span)) * time.Microsecond)
	return t.Truncate(time.Duration(fspUnit(fsp)) * time.Microsecond)
}

// fspUnit is the smallest step of a temporal type with fsp fractional
// digits, in microseconds: 1000000 for fsp 0, 1 for fsp 6.
func fspUnit(fsp int) int64 {
	u := int64(1_000_000)
	for range fsp {
		u /= 10
	}
	return u
}

// maxTimeMicros is TIME's limit, 838:59:59, in microseconds.
const maxTimeMicros = ((838*60+59)*60 + 59) * 1_000_000

// timeText formats a TIME(fsp) value of micros microseconds the way the
// server prints it: "-838:59:59", "00:00:01.500000".
func timeText(micros int64, fsp int) string {
	sign := ""
	if micros < 0 {
		sign, micros = "-", -micros
	}
	sec := micros / 1_000_000
	s := fmt.Sprintf("%s%02d:%02d:%02d", sign, sec/3600, sec/60%60, sec%60)
	if fsp > 0 {
		s += fmt.Sprintf(".%06d", micros%1_000_000)[:fsp+1]
	}
	return s
}

// randTimeMicros is a random TIME(fsp) value within ±838:59:59.
func randTimeMicros(r *rand.Rand, fsp int) int64 {
	v := r.Int64N(2*maxTimeMicros+1) - maxTimeMicros
	unit := fspUnit(fsp)
	return v / unit * unit
}

// setValues are the members of the SET column, in definition order.
var setValues = []string{"a", "b", "c", "d"}

// randSet returns a random subset of setValues in definition order, which is
// how the server prints a SET value ("" for the empty set).
func randSet(r *rand.Rand) string {
	bits := r.IntN(1 << len(setValues))
	var parts []string
	for i, v := range setValues {
		if bits&(1<<i) != 0 {
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, ",")
}
