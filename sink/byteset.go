package sink

import "fmt"

// byteSet finds the bytes a CSV dialect must quote or escape. Each such set
// is control bytes plus at most two printable ones (rfc4180: CR, LF, comma
// and quote; mysql: NUL, LF, CR, ^Z, backslash and quote), so eight bytes
// at a time can be tested at once for a byte below the largest control
// byte, or equal to either printable one, with the carry tricks of
// Hacker's Delight; only a word that passes is looked at byte by byte (a
// tab is below the bound but in neither set). Below 96 bytes that beats one
// vectorised IndexByte pass per byte of the set, whose fixed cost
// dominates there (16 bytes: 3.3 against 15 ns; 60 bytes: 12 against 16
// ns); from 96 bytes on, the passes are faster and holdsAny makes them.
type byteSet struct {
	set   string
	in    [256]bool
	below uint64 // every byte the bound: a byte below it may be in the set
	a, b  uint64 // every byte one printable member
}

const (
	lows  = 0x0101010101010101
	highs = 0x8080808080808080
)

// newByteSet builds the set of the bytes of set, which must be control
// bytes and at most two others.
func newByteSet(set string) byteSet {
	s := byteSet{set: set}
	var printable []byte
	bound := 0
	for i := 0; i < len(set); i++ {
		c := set[i]
		s.in[c] = true
		if c < 0x20 {
			bound = max(bound, int(c)+1)
		} else {
			printable = append(printable, c)
		}
	}
	switch len(printable) {
	case 0:
		printable = []byte{set[0], set[0]}
	case 1:
		printable = append(printable, printable[0])
	case 2:
	default:
		panic(fmt.Sprintf("byte set %q has more than two printable bytes", set))
	}
	s.below = lows * uint64(bound)
	s.a, s.b = lows*uint64(printable[0]), lows*uint64(printable[1])
	return s
}

// shortString is the length from which IndexByte passes are faster.
const shortString = 96

// holdsAny reports whether s holds a byte of the set.
func (bs *byteSet) holdsAny(s string) bool {
	if len(s) >= shortString {
		return containsAnyByte(s, bs.set)
	}
	return bs.holdsAnyByWords(s)
}

// holdsAnyByWords is holdsAny eight bytes at a time.
func (bs *byteSet) holdsAnyByWords(s string) bool {
	for len(s) >= 8 {
		// The compiler makes this one unaligned 8-byte load.
		x := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
		ya, yb := x^bs.a, x^bs.b
		// Each term has a high bit set exactly when some byte of x is below
		// the bound, or some byte of ya or yb is zero.
		if ((x-bs.below)&^x|(ya-lows)&^ya|(yb-lows)&^yb)&highs != 0 {
			for i := range 8 {
				if bs.in[s[i]] {
					return true
				}
			}
		}
		s = s[8:]
	}
	for i := 0; i < len(s); i++ {
		if bs.in[s[i]] {
			return true
		}
	}
	return false
}

var (
	rfc4180Set = newByteSet(rfc4180Quoted)
	mysqlSet   = newByteSet(mysqlEscaped)
)
