package checksum

import (
	"bytes"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"unicode/utf8"
)

// JSON canonical form, so that MySQL's JSON (which re-serializes documents:
// keys sorted, doubles for non-integers) and MariaDB's JSON (longtext kept as
// written) compare by meaning:
//
//   - no whitespace;
//   - object keys sorted by their UTF-8 bytes; a duplicate key keeps its last
//     value, as MySQL does;
//   - strings decoded, then escaped only where JSON requires: `\"`, `\\`
//     and control characters as \u00xx; everything else is raw UTF-8, so
//     "a\u00e9" and "aé" are equal; a lone surrogate escape becomes U+FFFD;
//   - a number written as an integer that fits int64 or uint64 is that
//     integer; any other number is a float64, written as an integer when it
//     is integral and below 2^53, else in strconv's shortest 'g' form, so
//     1.0, 1 and 1e0 are equal and 0.10 equals 0.1;
//   - true, false and null as themselves.
//
// Text that is not JSON (invalid UTF-8 in a string, trailing data, a number
// beyond float64) is not canonicalized: it hashes as a 0x00 tag and its raw
// bytes, so it equals only the same bytes and never a valid document.
//
//	{ "b" : [1.0, "\u00e9"], "a":0.10 }  ->  {"a":0.1,"b":[1,"é"]}

// maxJSONDepth bounds nesting (Go's encoding/json allows as much; MySQL 100).
const maxJSONDepth = 10000

// jsonCanonicalizer keeps the scratch space of canonicalizing, reused from
// document to document: one per Encoder column, not safe for concurrent use.
type jsonCanonicalizer struct {
	members []jsonMember // open objects' members, innermost last
	tmp     []byte       // a finished object before it replaces its members
}

// jsonMember locates one parsed member in the output: the decoded key at
// [key, val) and the canonical value at [val, end).
type jsonMember struct{ key, val, end int }

// appendOrRaw appends doc's canonical form, or the 0x00 tag and doc itself
// when doc is not JSON.
func (c *jsonCanonicalizer) appendOrRaw(dst, doc []byte) []byte {
	n := len(dst)
	out, ok := c.append(dst, doc)
	if ok {
		return out
	}
	return append(append(out[:n], 0), doc...)
}

// append appends doc's canonical form; ok is false when doc is not JSON.
func (c *jsonCanonicalizer) append(dst, doc []byte) (_ []byte, ok bool) {
	c.members = c.members[:0]
	p := jsonParser{c: c, s: doc}
	p.space()
	if dst, ok = p.value(dst, 0); !ok {
		return dst, false
	}
	p.space()
	return dst, p.i == len(doc)
}

type jsonParser struct {
	c *jsonCanonicalizer
	s []byte
	i int
}

func (p *jsonParser) space() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonParser) value(dst []byte, depth int) ([]byte, bool) {
	if p.i >= len(p.s) {
		return dst, false
	}
	switch ch := p.s[p.i]; {
	case ch == '{':
		return p.object(dst, depth+1)
	case ch == '[':
		return p.array(dst, depth+1)
	case ch == '"':
		p.i++
		dst, ok := p.str(append(dst, '"'), true)
		return append(dst, '"'), ok
	case ch == 't':
		return p.literal(dst, "true")
	case ch == 'f':
		return p.literal(dst, "false")
	case ch == 'n':
		return p.literal(dst, "null")
	case ch == '-' || isDigit(ch):
		return p.number(dst)
	}
	return dst, false
}

func (p *jsonParser) literal(dst []byte, lit string) ([]byte, bool) {
	if !bytes.HasPrefix(p.s[p.i:], []byte(lit)) {
		return dst, false
	}
	p.i += len(lit)
	return append(dst, lit...), true
}

func (p *jsonParser) array(dst []byte, depth int) ([]byte, bool) {
	if depth > maxJSONDepth {
		return dst, false
	}
	p.i++
	dst = append(dst, '[')
	p.space()
	if p.i < len(p.s) && p.s[p.i] == ']' {
		p.i++
		return append(dst, ']'), true
	}
	for {
		var ok bool
		if dst, ok = p.value(dst, depth); !ok {
			return dst, false
		}
		p.space()
		if p.i >= len(p.s) {
			return dst, false
		}
		switch p.s[p.i] {
		case ',':
			p.i++
			p.space()
			dst = append(dst, ',')
		case ']':
			p.i++
			return append(dst, ']'), true
		default:
			return dst, false
		}
	}
}

// object parses the members in place (decoded key, then canonical value),
// then rewrites them sorted by key, last duplicate winning.
func (p *jsonParser) object(dst []byte, depth int) ([]byte, bool) {
	if depth > maxJSONDepth {
		return dst, false
	}
	p.i++
	start, base := len(dst), len(p.c.members)
	p.space()
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		return append(dst, '{', '}'), true
	}
	for {
		if p.i >= len(p.s) || p.s[p.i] != '"' {
			return dst, false
		}
		p.i++
		key := len(dst)
		var ok bool
		if dst, ok = p.str(dst, false); !ok {
			return dst, false
		}
		val := len(dst)
		p.space()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return dst, false
		}
		p.i++
		p.space()
		if dst, ok = p.value(dst, depth); !ok {
			return dst, false
		}
		p.c.members = append(p.c.members, jsonMember{key, val, len(dst)})
		p.space()
		if p.i >= len(p.s) {
			return dst, false
		}
		if p.s[p.i] == ',' {
			p.i++
			p.space()
			continue
		}
		if p.s[p.i] != '}' {
			return dst, false
		}
		p.i++
		break
	}
	ms := p.c.members[base:]
	keyOf := func(m jsonMember) []byte { return dst[m.key:m.val] }
	slices.SortStableFunc(ms, func(a, b jsonMember) int { return bytes.Compare(keyOf(a), keyOf(b)) })
	out := append(p.c.tmp[:0], '{')
	for i, m := range ms {
		if i+1 < len(ms) && bytes.Equal(keyOf(m), keyOf(ms[i+1])) {
			continue // a later duplicate wins
		}
		if len(out) > 1 {
			out = append(out, ',')
		}
		out = appendJSONString(out, keyOf(m))
		out = append(out, ':')
		out = append(out, dst[m.val:m.end]...)
	}
	out = append(out, '}')
	p.c.tmp = out
	p.c.members = p.c.members[:base]
	return append(dst[:start], out...), true
}

// str decodes a string body (after its opening quote, through its closing
// one): canonically escaped when esc, else as raw UTF-8 (object keys, which
// are escaped once sorted).
func (p *jsonParser) str(dst []byte, esc bool) ([]byte, bool) {
	s := p.s
	for p.i < len(s) {
		run := p.i
		for p.i < len(s) && s[p.i] >= 0x20 && s[p.i] < utf8.RuneSelf && s[p.i] != '"' && s[p.i] != '\\' {
			p.i++
		}
		dst = append(dst, s[run:p.i]...)
		if p.i >= len(s) {
			break
		}
		switch ch := s[p.i]; {
		case ch == '"':
			p.i++
			return dst, true
		case ch == '\\':
			r, ok := p.escape()
			if !ok {
				return dst, false
			}
			if esc {
				dst = appendJSONRune(dst, r)
			} else {
				dst = utf8.AppendRune(dst, r)
			}
		case ch < 0x20:
			return dst, false
		default:
			r, n := utf8.DecodeRune(s[p.i:])
			if r == utf8.RuneError && n == 1 {
				return dst, false
			}
			dst = append(dst, s[p.i:p.i+n]...)
			p.i += n
		}
	}
	return dst, false
}

// escape decodes one escape sequence at p.i ('\\' included).
func (p *jsonParser) escape() (rune, bool) {
	s := p.s
	if p.i+1 >= len(s) {
		return 0, false
	}
	c := s[p.i+1]
	p.i += 2
	switch c {
	case '"', '\\', '/':
		return rune(c), true
	case 'b':
		return '\b', true
	case 'f':
		return '\f', true
	case 'n':
		return '\n', true
	case 'r':
		return '\r', true
	case 't':
		return '\t', true
	case 'u':
	default:
		return 0, false
	}
	r, ok := hex4(s, p.i)
	if !ok {
		return 0, false
	}
	p.i += 4
	switch {
	case r >= 0xDC00 && r <= 0xDFFF:
		return utf8.RuneError, true
	case r >= 0xD800 && r < 0xDC00:
		if p.i+1 < len(s) && s[p.i] == '\\' && s[p.i+1] == 'u' {
			if lo, ok := hex4(s, p.i+2); ok && lo >= 0xDC00 && lo <= 0xDFFF {
				p.i += 6
				return 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00), true
			}
		}
		return utf8.RuneError, true
	}
	return r, true
}

func hex4(s []byte, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var r rune
	for _, c := range s[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

const hexDigits = "0123456789abcdef"

// appendJSONRune appends r escaped the canonical way.
func appendJSONRune(dst []byte, r rune) []byte {
	switch {
	case r == '"' || r == '\\':
		return append(dst, '\\', byte(r))
	case r < 0x20:
		return append(dst, '\\', 'u', '0', '0', hexDigits[r>>4], hexDigits[r&0xF])
	}
	return utf8.AppendRune(dst, r)
}

// appendJSONString appends the valid UTF-8 s as a canonical JSON string.
func appendJSONString(dst, s []byte) []byte {
	dst = append(dst, '"')
	for _, c := range s {
		if c < 0x20 || c == '"' || c == '\\' {
			dst = appendJSONRune(dst, rune(c))
		} else {
			dst = append(dst, c)
		}
	}
	return append(dst, '"')
}

// number canonicalizes a JSON number (grammar checked here).
func (p *jsonParser) number(dst []byte) ([]byte, bool) {
	s, start := p.s, p.i
	i := start
	neg := s[i] == '-'
	if neg {
		i++
	}
	intStart := i
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && isDigit(s[i]):
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	default:
		return dst, false
	}
	intEnd, integral := i, true
	if i < len(s) && s[i] == '.' {
		i++
		if i >= len(s) || !isDigit(s[i]) {
			return dst, false
		}
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		integral = false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i >= len(s) || !isDigit(s[i]) {
			return dst, false
		}
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		integral = false
	}
	p.i = i
	if integral {
		if mag, ok := parseUint(s[intStart:intEnd]); ok && (!neg || mag <= 1<<63) {
			if neg && mag != 0 {
				dst = append(dst, '-')
			}
			return strconv.AppendUint(dst, mag, 10), true
		}
	}
	x, err := strconv.ParseFloat(string(s[start:i]), 64)
	if err != nil {
		return dst, false
	}
	if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
		return strconv.AppendInt(dst, int64(x), 10), true
	}
	return strconv.AppendFloat(dst, x, 'g', -1, 64), true
}

// parseUint reads decimal digits; ok is false past MaxUint64.
func parseUint(d []byte) (uint64, bool) {
	var x uint64
	for _, c := range d {
		hi, lo := bits.Mul64(x, 10)
		var carry uint64
		x, carry = bits.Add64(lo, uint64(c-'0'), 0)
		if hi != 0 || carry != 0 {
			return 0, false
		}
	}
	return x, true
}

func isDigit(c byte) bool { return c-'0' <= 9 }
