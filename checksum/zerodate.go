package checksum

import "math"

// Zero dates ('0000-00-00', '2024-00-15', '2024-05-00 10:00:00') are not
// calendar dates, so they have no day number. They are stored as sentinels
// far below any real DATE or DATETIME value: the number packs the text's
// fields, so the text can be rendered back exactly, and two equal zero dates
// are equal numbers while a zero date never equals NULL or a real date.
//
// The packing is (y*13+m)*32+d days, or that many 86,400,000,000 µs days plus
// the time of day in µs, above the type's minimum. Year 9999 month 12 day 31
// packs to 4,159,999, below 2^22, so sentinels stay under the thresholds that
// IsZeroDate32 and IsZeroTimestamp test.

const (
	zeroDate32Limit    = math.MinInt32 + 1<<22
	zeroTimestampLimit = math.MinInt64 + 1<<60
	microsPerDay       = 86_400_000_000
)

// ZeroDate32 is the Date32 sentinel for the zero or partial-zero DATE y-m-d.
func ZeroDate32(y, m, d int) int32 {
	return int32(math.MinInt32 + int64(packYMD(y, m, d)))
}

// IsZeroDate32 reports whether a Date32 value is a zero-date sentinel: real
// dates (year 0000 and later) are all far above the threshold.
func IsZeroDate32(v int32) bool { return v < zeroDate32Limit }

// SplitZeroDate32 recovers the fields ZeroDate32 packed.
func SplitZeroDate32(v int32) (y, m, d int) {
	return unpackYMD(int64(v) - math.MinInt32)
}

// ZeroTimestamp is the Timestamp(µs) sentinel for a DATETIME or TIMESTAMP
// whose date part is zero or partial zero.
func ZeroTimestamp(y, m, d, h, mi, s, us int) int64 {
	tod := (int64(h)*3600+int64(mi)*60+int64(s))*1e6 + int64(us)
	return math.MinInt64 + packYMD(y, m, d)*microsPerDay + tod
}

// IsZeroTimestamp reports whether a Timestamp(µs) value is a zero-date
// sentinel.
func IsZeroTimestamp(v int64) bool { return v < zeroTimestampLimit }

// SplitZeroTimestamp recovers the fields ZeroTimestamp packed.
func SplitZeroTimestamp(v int64) (y, m, d, h, mi, s, us int) {
	n := int64(uint64(v) ^ 1<<63) // v - MinInt64, without overflow
	y, m, d = unpackYMD(n / microsPerDay)
	tod := n % microsPerDay
	us = int(tod % 1e6)
	sec := int(tod / 1e6)
	return y, m, d, sec / 3600, sec / 60 % 60, sec % 60, us
}

func packYMD(y, m, d int) int64 { return (int64(y)*13+int64(m))*32 + int64(d) }

func unpackYMD(n int64) (y, m, d int) {
	return int(n / 32 / 13), int(n / 32 % 13), int(n % 32)
}
