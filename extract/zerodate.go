package extract

import "github.com/parity-db/parity/civil"

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
