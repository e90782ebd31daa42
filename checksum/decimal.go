package checksum

import (
	"math/bits"

	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/decimal256"
)

// words128 and words256 view a decimal's unscaled value as little-endian
// two's complement words, the form appendDecimal reads.
func words128(n decimal128.Num) [4]uint64 { return [4]uint64{n.LowBits(), uint64(n.HighBits())} }
func words256(n decimal256.Num) [4]uint64 { return n.Array() }

// appendDecimal appends the exact text of the n-word unscaled value w at the
// given scale: "-1.50" for -150 at scale 2. With trim, trailing fractional
// zeros and a bare point go ("1.5", "2", "0"), which makes DECIMAL(5,2) 1.50,
// DECIMAL(10,4) 1.5000 and INT 1... compare by value. It divides by 10^19
// word by word, so it is exact at every precision and allocates nothing.
func appendDecimal(dst []byte, w [4]uint64, n, scale int, trim bool) []byte {
	neg := int64(w[n-1]) < 0
	if neg {
		var borrow uint64 = 1
		for j := range n {
			w[j], borrow = bits.Add64(^w[j], 0, borrow)
		}
	}
	var buf [96]byte // 2^256 has 78 digits; whole 19-digit groups
	pos := len(buf)
	for !zeroWords(&w, n) {
		var rem uint64
		for j := n - 1; j >= 0; j-- {
			w[j], rem = bits.Div64(rem, w[j], 1e19)
		}
		for range 19 {
			pos--
			buf[pos] = byte('0' + rem%10)
			rem /= 10
		}
	}
	for pos < len(buf) && buf[pos] == '0' {
		pos++
	}
	digits := buf[pos:]
	if len(digits) == 0 {
		neg = false
	}
	if neg {
		dst = append(dst, '-')
	}
	if scale <= 0 {
		if len(digits) == 0 {
			return append(dst, '0')
		}
		return append(dst, digits...)
	}
	intLen := len(digits) - scale
	if intLen <= 0 {
		dst = append(dst, '0')
	} else {
		dst = append(dst, digits[:intLen]...)
	}
	frac := digits[max(intLen, 0):]
	lead := max(-intLen, 0) // zeros between the point and the digits
	if trim {
		for len(frac) > 0 && frac[len(frac)-1] == '0' {
			frac = frac[:len(frac)-1]
		}
		if len(frac) == 0 {
			return dst
		}
	}
	dst = append(dst, '.')
	for range lead {
		dst = append(dst, '0')
	}
	return append(dst, frac...)
}

func zeroWords(w *[4]uint64, n int) bool {
	for j := range n {
		if w[j] != 0 {
			return false
		}
	}
	return true
}
