package checksum

import (
	"math"
	"testing"

	"github.com/parity-db/parity/civil"
)

func TestZeroDate32(t *testing.T) {
	tests := []struct {
		y, m, d int
		text    string
	}{
		{0, 0, 0, "0000-00-00"},
		{2024, 0, 15, "2024-00-15"},
		{2024, 5, 0, "2024-05-00"},
		{2021, 2, 30, "2021-02-30"}, // impossible day, ALLOW_INVALID_DATES
		{9999, 12, 31, "9999-12-31"},
	}
	for _, tc := range tests {
		v := civil.ZeroDate32(tc.y, tc.m, tc.d)
		if !civil.IsZeroDate32(v) {
			t.Errorf("civil.IsZeroDate32(civil.ZeroDate32(%s)) = false", tc.text)
		}
		if y, m, d := civil.SplitZeroDate32(v); y != tc.y || m != tc.m || d != tc.d {
			t.Errorf("civil.SplitZeroDate32(civil.ZeroDate32(%s)) = %d %d %d", tc.text, y, m, d)
		}
		if got := string(appendDate(nil, v)); got != tc.text {
			t.Errorf("text of civil.ZeroDate32(%s) = %q", tc.text, got)
		}
	}
	// Real dates, down to year 0000, are not sentinels.
	for _, days := range []int32{0, -719528, 2932896, -1} {
		if civil.IsZeroDate32(days) {
			t.Errorf("civil.IsZeroDate32(%d) = true", days)
		}
	}
	if civil.ZeroDate32(0, 0, 0) != math.MinInt32 {
		t.Errorf("civil.ZeroDate32(0,0,0) = %d, want MinInt32", civil.ZeroDate32(0, 0, 0))
	}
}

func TestZeroTimestamp(t *testing.T) {
	tests := []struct {
		y, m, d, h, mi, s, us int
		fsp                   int
		text                  string
	}{
		{0, 0, 0, 0, 0, 0, 0, 0, "0000-00-00 00:00:00"},
		{2024, 0, 15, 10, 0, 0, 0, 6, "2024-00-15 10:00:00.000000"},
		{2024, 5, 0, 23, 59, 59, 999999, 6, "2024-05-00 23:59:59.999999"},
		{9999, 12, 31, 23, 59, 59, 120000, 2, "9999-12-31 23:59:59.12"},
	}
	for _, tc := range tests {
		v := civil.ZeroTimestamp(tc.y, tc.m, tc.d, tc.h, tc.mi, tc.s, tc.us)
		if !civil.IsZeroTimestamp(v) {
			t.Errorf("civil.IsZeroTimestamp(%s) = false", tc.text)
		}
		y, m, d, h, mi, s, us := civil.SplitZeroTimestamp(v)
		if y != tc.y || m != tc.m || d != tc.d || h != tc.h || mi != tc.mi || s != tc.s || us != tc.us {
			t.Errorf("civil.SplitZeroTimestamp(%s) = %d %d %d %d %d %d %d", tc.text, y, m, d, h, mi, s, us)
		}
		if got := string(appendDateTime(nil, v, tc.fsp)); got != tc.text {
			t.Errorf("text = %q, want %q", got, tc.text)
		}
	}
	for _, us := range []int64{0, -62167219200000000 /* 0000-01-01 */, 253402300799999999} {
		if civil.IsZeroTimestamp(us) {
			t.Errorf("civil.IsZeroTimestamp(%d) = true", us)
		}
	}
}
