package civil

import "math"

// Zero dates kept as sentinels (extract's ZeroDatesKeep). A zero or
// partial-zero date has no place on the calendar, so it cannot be an Arrow
// date; yet verify must tell '0000-00-00' from NULL and from every real
// date. The sentinels pack the date's fields into values far below any real
// date (year 1000 is day -354285; the sentinels start at math.MinInt32), so
// they sort first, never collide with a calendar date, and unpack to the
// text the server sent.
//
//	DATE       math.MinInt32 + (y*13+m)*32 + d
//	DATETIME   math.MinInt64 + ((y*13+m)*32+d)*86400e6 + (h*3600+mi*60+s)*1e6 + us
const (
	zeroDate32Limit    = math.MinInt32 + 1<<22 // (9999*13+12)*32+31 < 1<<22
	zeroTimestampLimit = math.MinInt64 + 1<<60
)

// ZeroDate32 is the sentinel of DATE y-m-d (zero or partial zero).
func ZeroDate32(y, m, d int) int32 { return int32(math.MinInt32 + packYMD(y, m, d)) }

// IsZeroDate32 reports whether a Date32 value is a zero-date sentinel.
func IsZeroDate32(v int32) bool { return v < zeroDate32Limit }

// SplitZeroDate32 unpacks a DATE sentinel.
func SplitZeroDate32(v int32) (y, m, d int) { return unpackYMD(int64(v) - math.MinInt32) }

// ZeroTimestamp is the sentinel of DATETIME or TIMESTAMP y-m-d h:mi:s.us.
func ZeroTimestamp(y, m, d, h, mi, s, us int) int64 {
	return math.MinInt64 + int64(packYMD(y, m, d))*MicrosPerDay + (int64(h)*3600+int64(mi)*60+int64(s))*1e6 + int64(us)
}

// IsZeroTimestamp reports whether a Timestamp value is a zero-date sentinel.
func IsZeroTimestamp(v int64) bool { return v < zeroTimestampLimit }

// SplitZeroTimestamp unpacks a DATETIME or TIMESTAMP sentinel.
func SplitZeroTimestamp(v int64) (y, m, d, h, mi, s, us int) {
	off := uint64(v) - uint64(1)<<63 // v - MinInt64, without overflow
	ymd, tod := int64(off/MicrosPerDay), int64(off%MicrosPerDay)
	y, m, d = unpackYMD(ymd)
	us = int(tod % 1e6)
	sec := int(tod / 1e6)
	return y, m, d, sec / 3600, sec / 60 % 60, sec % 60, us
}

func packYMD(y, m, d int) int { return (y*13+m)*32 + d }

func unpackYMD(p int64) (y, m, d int) {
	return int(p / 32 / 13), int(p / 32 % 13), int(p % 32)
}
