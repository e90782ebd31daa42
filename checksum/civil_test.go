package checksum

import (
	"testing"
	"time"
)

func TestDateTimeText(t *testing.T) {
	day := func(s string) int32 {
		tm, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return int32(tm.Unix() / 86400)
	}
	for _, s := range []string{"1970-01-01", "1969-12-31", "2000-02-29", "2024-03-01", "1000-01-01", "9999-12-31", "0001-01-01"} {
		if got := string(appendDate(nil, day(s))); got != s {
			t.Errorf("appendDate(%s) = %s", s, got)
		}
	}
	tests := []struct {
		us   int64
		fsp  int
		want string
	}{
		{0, 0, "1970-01-01 00:00:00"},
		{-1, 6, "1969-12-31 23:59:59.999999"},
		{1_500_000, 3, "1970-01-01 00:00:01.500"},
		{1_000_001, 3, "1970-01-01 00:00:01.000001"}, // finer than fsp: all digits
		{1_704_189_600_120_000, 2, "2024-01-02 10:00:00.12"},
	}
	for _, tc := range tests {
		if got := string(appendDateTime(nil, tc.us, tc.fsp)); got != tc.want {
			t.Errorf("appendDateTime(%d, %d) = %s, want %s", tc.us, tc.fsp, got, tc.want)
		}
	}
	times := []struct {
		us   int64
		fsp  int
		want string
	}{
		{0, 0, "00:00:00"},
		{-(838*3600 + 59*60 + 59) * 1e6, 0, "-838:59:59"},
		{(100*3600)*1e6 + 5, 6, "100:00:00.000005"},
		{-1_500_000, 1, "-00:00:01.5"},
	}
	for _, tc := range times {
		if got := string(appendTime(nil, tc.us, tc.fsp)); got != tc.want {
			t.Errorf("appendTime(%d, %d) = %s, want %s", tc.us, tc.fsp, got, tc.want)
		}
	}
}
