package checksum

import (
	"strconv"

	"github.com/parity-db/parity/civil"
)

// Date and time text in the servers' own formats. Arrow holds days and
// microseconds since 1970-01-01 in the proleptic Gregorian calendar; the
// zero-date sentinels render as the text they stand for.

// appendPadded appends v in decimal with at least width digits.
func appendPadded(dst []byte, v int64, width int) []byte {
	var buf [20]byte
	s := strconv.AppendInt(buf[:0], v, 10)
	for i := len(s); i < width; i++ {
		dst = append(dst, '0')
	}
	return append(dst, s...)
}

func appendYMD(dst []byte, y, m, d int) []byte {
	dst = appendPadded(dst, int64(y), 4)
	dst = append(dst, '-')
	dst = appendPadded(dst, int64(m), 2)
	dst = append(dst, '-')
	return appendPadded(dst, int64(d), 2)
}

// appendHMS appends "HH:MM:SS[.ffffff]" for a non-negative µs count; hours
// may exceed 23 (TIME). fsp fraction digits are written, all six when the
// value has finer digits than fsp shows.
func appendHMS(dst []byte, us int64, fsp int) []byte {
	sec := us / 1e6
	dst = appendPadded(dst, sec/3600, 2)
	dst = append(dst, ':')
	dst = appendPadded(dst, sec/60%60, 2)
	dst = append(dst, ':')
	dst = appendPadded(dst, sec%60, 2)
	frac := us % 1e6
	fsp = min(max(fsp, 0), 6)
	for fsp < 6 && frac%pow10[6-fsp] != 0 {
		fsp = 6
	}
	if fsp == 0 {
		return dst
	}
	dst = append(dst, '.')
	var buf [6]byte
	for i := 5; i >= 0; i-- {
		buf[i] = byte('0' + frac%10)
		frac /= 10
	}
	return append(dst, buf[:fsp]...)
}

var pow10 = [7]int64{1, 10, 100, 1e3, 1e4, 1e5, 1e6}

// appendDate appends "YYYY-MM-DD".
func appendDate(dst []byte, days int32) []byte {
	var y, m, d int
	if civil.IsZeroDate32(days) {
		y, m, d = civil.SplitZeroDate32(days)
	} else {
		y, m, d = civil.Date(int64(days))
	}
	return appendYMD(dst, y, m, d)
}

// appendDateTime appends "YYYY-MM-DD HH:MM:SS[.ffffff]" with fsp digits.
func appendDateTime(dst []byte, us int64, fsp int) []byte {
	if civil.IsZeroTimestamp(us) {
		y, m, d, h, mi, s, f := civil.SplitZeroTimestamp(us)
		dst = appendYMD(dst, y, m, d)
		dst = append(dst, ' ')
		return appendHMS(dst, (int64(h)*3600+int64(mi)*60+int64(s))*1e6+int64(f), fsp)
	}
	days := us / civil.MicrosPerDay
	tod := us % civil.MicrosPerDay
	if tod < 0 {
		days--
		tod += civil.MicrosPerDay
	}
	y, m, d := civil.Date(days)
	dst = appendYMD(dst, y, m, d)
	dst = append(dst, ' ')
	return appendHMS(dst, tod, fsp)
}

// appendTime appends TIME text "[-]HH:MM:SS[.ffffff]", hours up to 838.
func appendTime(dst []byte, us int64, fsp int) []byte {
	if us < 0 {
		dst = append(dst, '-')
		us = -us
	}
	return appendHMS(dst, us, fsp)
}
