package extract

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/parity-db/parity/civil"
)

func TestDecodeDecimal(t *testing.T) {
	nines := func(n int) string { return strings.Repeat("9", n) }
	tests := []struct {
		in          string
		prec, scale int
		want        string // unscaled integer; "" means rejected
	}{
		{"0", 5, 2, "0"},
		{"0.00", 5, 2, "0"},
		{"-0.00", 5, 2, "0"},
		{"1.5", 5, 2, "150"},
		{"1", 5, 2, "100"},
		{"123.45", 5, 2, "12345"},
		{"-123.45", 5, 2, "-12345"},
		{"999.99", 5, 2, "99999"},
		{"-999.99", 5, 2, "-99999"},
		{"007.50", 5, 2, "750"},
		{"0.12345", 5, 5, "12345"},
		{"12345678901234567890", 20, 0, "12345678901234567890"},
		{"-12345678901234567890.5", 25, 3, "-12345678901234567890500"},
		{nines(38), 38, 0, nines(38)},
		{"-" + nines(38), 38, 0, "-" + nines(38)},
		{nines(28) + "." + nines(10), 38, 10, nines(38)},
		{"-" + nines(28) + "." + nines(10), 38, 10, "-" + nines(38)},
		{"1", 38, 30, "1" + strings.Repeat("0", 30)},
		{"-1", 65, 30, "-1" + strings.Repeat("0", 30)},
		{nines(35) + "." + nines(30), 65, 30, nines(65)},
		{"-" + nines(35) + "." + nines(30), 65, 30, "-" + nines(65)},
		{"0.000000000000000000000000000001", 65, 30, "1"},
		{"-0.000000000000000000000000000001", 65, 30, "-1"},
		{nines(65), 65, 0, nines(65)},
		{"-" + nines(65), 65, 0, "-" + nines(65)},
		{"-0", 65, 0, "0"},
		// rejected
		{"1000.00", 5, 2, ""},
		{"1.234", 5, 2, ""},
		{"", 5, 2, ""},
		{"-", 5, 2, ""},
		{"1.", 5, 2, ""},
		{".5", 5, 2, ""},
		{"-.5", 5, 2, ""},
		{"+1", 5, 2, ""},
		{"1e5", 5, 2, ""},
		{"1.2.3", 5, 2, ""},
		{" 1", 5, 2, ""},
		{"1 ", 5, 2, ""},
		{"--1", 5, 2, ""},
		{"1,5", 5, 2, ""},
		{"0x10", 5, 2, ""},
		{"1" + nines(65), 65, 0, ""},
		{nines(36) + ".0", 65, 30, ""},
	}
	for _, tt := range tests {
		name := fmt.Sprintf("%s/%d,%d", tt.in, tt.prec, tt.scale)
		if tt.prec <= 38 {
			n, ok := parseDecimal128([]byte(tt.in), tt.prec, tt.scale)
			checkDecimal(t, "decimal128 "+name, ok, n.BigInt().String(), tt.want)
		}
		n, ok := parseDecimal256([]byte(tt.in), tt.prec, tt.scale)
		checkDecimal(t, "decimal256 "+name, ok, n.BigInt().String(), tt.want)
	}
}

func checkDecimal(t *testing.T, name string, ok bool, got, want string) {
	t.Helper()
	switch {
	case want == "" && ok:
		t.Errorf("%s: accepted as %s, want rejected", name, got)
	case want != "" && !ok:
		t.Errorf("%s: rejected, want %s", name, want)
	case want != "" && got != want:
		t.Errorf("%s = %s, want %s", name, got, want)
	}
}

// civil is the reference: days since the epoch by the time package.
func civilDays(y int, m time.Month, d int) int32 {
	return int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

func TestDecodeDate(t *testing.T) {
	tests := []struct {
		in   string
		want int32
		st   parseStatus
	}{
		{"1970-01-01", 0, parsedOK},
		{"1969-12-31", -1, parsedOK},
		{"1970-01-02", 1, parsedOK},
		{"2000-02-29", civilDays(2000, 2, 29), parsedOK},
		{"2024-02-29", civilDays(2024, 2, 29), parsedOK},
		{"2024-03-01", civilDays(2024, 3, 1), parsedOK},
		{"1900-02-28", civilDays(1900, 2, 28), parsedOK},
		{"1600-02-29", civilDays(1600, 2, 29), parsedOK},
		{"0001-01-01", -719162, parsedOK},
		{"9999-12-31", 2932896, parsedOK},
		{"1000-01-01", civilDays(1000, 1, 1), parsedOK},
		{"0000-03-01", civilDays(0, 3, 1), parsedOK},
		{"0000-01-01", civilDays(0, 1, 1), parsedOK},
		{"2038-01-19", civilDays(2038, 1, 19), parsedOK},
		{"0000-00-00", 0, parsedZero},
		{"2020-00-15", 0, parsedZero},
		{"2020-05-00", 0, parsedZero},
		{"0000-05-00", 0, parsedZero},
		{"2021-02-29", 0, parsedZero},
		{"1900-02-29", 0, parsedZero},
		{"2020-04-31", 0, parsedZero},
		{"2020-02-30", 0, parsedZero},
		{"2020-1-01", 0, parsedBad},
		{"2020/01/01", 0, parsedBad},
		{"2020-13-01", 0, parsedBad},
		{"2020-01-32", 0, parsedBad},
		{"20200101", 0, parsedBad},
		{"", 0, parsedBad},
		{"2020-01-01 ", 0, parsedBad},
		{"2020-01-01 00:00:00", 0, parsedBad},
		{"+020-01-01", 0, parsedBad},
		{"2020-0a-01", 0, parsedBad},
	}
	for _, tt := range tests {
		got, st := parseDate([]byte(tt.in))
		if st != tt.st || (st == parsedOK && got != tt.want) {
			t.Errorf("parseDate(%q) = %d, %d; want %d, %d", tt.in, got, st, tt.want, tt.st)
		}
	}
}

func TestDecodeDateTime(t *testing.T) {
	micros := func(y int, mo time.Month, d, h, mi, s, micro int) int64 {
		return time.Date(y, mo, d, h, mi, s, micro*1000, time.UTC).UnixMicro()
	}
	tests := []struct {
		in   string
		want int64
		st   parseStatus
	}{
		{"1970-01-01 00:00:00", 0, parsedOK},
		{"1970-01-01 00:00:00.000001", 1, parsedOK},
		{"1969-12-31 23:59:59.999999", -1, parsedOK},
		{"2020-05-17 10:11:12", micros(2020, 5, 17, 10, 11, 12, 0), parsedOK},
		{"2020-05-17 10:11:12.5", micros(2020, 5, 17, 10, 11, 12, 500000), parsedOK},
		{"2020-05-17 10:11:12.123", micros(2020, 5, 17, 10, 11, 12, 123000), parsedOK},
		{"2020-05-17 10:11:12.123456", micros(2020, 5, 17, 10, 11, 12, 123456), parsedOK},
		{"2024-02-29 23:59:59", micros(2024, 2, 29, 23, 59, 59, 0), parsedOK},
		{"0001-01-01 00:00:00", micros(1, 1, 1, 0, 0, 0, 0), parsedOK},
		{"9999-12-31 23:59:59.999999", micros(9999, 12, 31, 23, 59, 59, 999999), parsedOK},
		{"2038-01-19 03:14:07.999999", micros(2038, 1, 19, 3, 14, 7, 999999), parsedOK},
		{"0000-00-00 00:00:00", 0, parsedZero},
		{"0000-00-00 00:00:00.000000", 0, parsedZero},
		{"2020-05-00 10:00:00", 0, parsedZero},
		{"2020-00-15 00:00:00.5", 0, parsedZero},
		{"2021-02-29 00:00:00", 0, parsedZero},
		{"2020-05-17 24:00:00", 0, parsedBad},
		{"2020-05-17 10:60:00", 0, parsedBad},
		{"2020-05-17 10:00:60", 0, parsedBad},
		{"2020-05-17T10:00:00", 0, parsedBad},
		{"2020-05-17 10:00:00.", 0, parsedBad},
		{"2020-05-17 10:00:00.1234567", 0, parsedBad},
		{"2020-05-17 10:00", 0, parsedBad},
		{"2020-05-17 10:00:00x", 0, parsedBad},
		{"2020-05-17 10:00:00Z", 0, parsedBad},
		{"2020-05-17 1:00:00", 0, parsedBad},
		{"2020-05-17", 0, parsedBad},
		{"0000-00-00 00:00:0a", 0, parsedBad},
		{"", 0, parsedBad},
	}
	for _, tt := range tests {
		got, st := parseDateTime([]byte(tt.in))
		if st != tt.st || (st == parsedOK && got != tt.want) {
			t.Errorf("parseDateTime(%q) = %d, %d; want %d, %d", tt.in, got, st, tt.want, tt.st)
		}
	}
}

func TestDecodeTime(t *testing.T) {
	const s = int64(time.Second / time.Microsecond)
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"00:00:00", 0, true},
		{"00:00:00.000001", 1, true},
		{"-00:00:01", -s, true},
		{"-00:00:00.500000", -s / 2, true},
		{"12:34:56", (12*3600 + 34*60 + 56) * s, true},
		{"24:00:00", 86400 * s, true},
		{"123:45:06.5", (123*3600+45*60+6)*s + s/2, true},
		{"838:59:59", (838*3600 + 59*60 + 59) * s, true},
		{"838:59:59.000000", (838*3600 + 59*60 + 59) * s, true},
		{"-838:59:59.000000", -(838*3600 + 59*60 + 59) * s, true},
		{"-838:59:59", -(838*3600 + 59*60 + 59) * s, true},
		{"10:00:00.12", 36000*s + 120000, true},
		{"", 0, false},
		{"-", 0, false},
		{"1:00:00", 0, false},
		{"00:60:00", 0, false},
		{"00:00:60", 0, false},
		{"0000:00:00", 0, false},
		{"1234:00:00", 0, false},
		{"00:00:00.", 0, false},
		{"00:00:00.1234567", 0, false},
		{"00-00-00", 0, false},
		{"+01:00:00", 0, false},
		{"--01:00:00", 0, false},
		{"01:00:00 ", 0, false},
		{"01:00", 0, false},
		{"1 01:00:00", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseTime([]byte(tt.in))
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("parseTime(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestZeroSentinels(t *testing.T) {
	tests := []struct {
		text    string
		fsp     int
		isDate  bool
		wantOut string
	}{
		{"0000-00-00", 0, true, "0000-00-00"},
		{"2024-00-15", 0, true, "2024-00-15"},
		{"9999-12-00", 0, true, "9999-12-00"},
		{"2021-02-30", 0, true, "2021-02-30"},
		{"0000-00-00 00:00:00", 0, false, "0000-00-00 00:00:00"},
		{"2020-05-00 10:11:12.123456", 6, false, "2020-05-00 10:11:12.123456"},
		{"9999-12-00 23:59:59.999999", 6, false, "9999-12-00 23:59:59.999999"},
		{"2020-05-00 10:11:12.5", 1, false, "2020-05-00 10:11:12.5"},
	}
	for _, tt := range tests {
		date, ts := zeroSentinel([]byte(tt.text))
		if tt.isDate {
			if !civil.IsZeroDate32(date) {
				t.Errorf("%s: %d is not a zero-date sentinel", tt.text, date)
			}
			y, m, d := civil.SplitZeroDate32(date)
			if got := fmt.Sprintf("%04d-%02d-%02d", y, m, d); got != tt.wantOut {
				t.Errorf("%s: text %q, want %q", tt.text, got, tt.wantOut)
			}
			continue
		}
		if !civil.IsZeroTimestamp(ts) {
			t.Errorf("%s: %d is not a zero-timestamp sentinel", tt.text, ts)
		}
		y, m, d, h, mi, sec, us := civil.SplitZeroTimestamp(ts)
		got := fmt.Sprintf("%04d-%02d-%02d %02d:%02d:%02d", y, m, d, h, mi, sec)
		if tt.fsp > 0 {
			got += fmt.Sprintf(".%06d", us)[:tt.fsp+1]
		}
		if got != tt.wantOut {
			t.Errorf("%s: text %q, want %q", tt.text, got, tt.wantOut)
		}
	}
	// Real dates never look like sentinels, down to year 0000.
	for _, s := range []string{"0000-01-01", "1000-01-01", "1970-01-01", "9999-12-31"} {
		days, st := parseDate([]byte(s))
		if st != parsedOK || civil.IsZeroDate32(days) {
			t.Errorf("%s: days %d status %v reads as a sentinel", s, days, st)
		}
		us, st := parseDateTime([]byte(s + " 23:59:59.999999"))
		if st != parsedOK || civil.IsZeroTimestamp(us) {
			t.Errorf("%s: us %d status %v reads as a sentinel", s, us, st)
		}
	}
}
