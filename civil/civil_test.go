package civil

import (
	"math"
	"testing"
	"time"
)

func TestDaysAgainstTime(t *testing.T) {
	for _, s := range []string{"0000-01-01", "0000-03-01", "0001-01-01", "1000-01-01", "1969-12-31", "1970-01-01",
		"2000-02-29", "2024-03-01", "9999-12-31"} {
		tm, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		want := tm.Unix() / 86400 // midnight UTC: an exact multiple
		if got := Days(tm.Year(), int(tm.Month()), tm.Day()); got != want {
			t.Errorf("Days(%s) = %d, want %d", s, got, want)
		}
		if y, m, d := Date(want); y != tm.Year() || m != int(tm.Month()) || d != tm.Day() {
			t.Errorf("Date(%d) = %04d-%02d-%02d, want %s", want, y, m, d, s)
		}
	}
}

func TestDaysIn(t *testing.T) {
	tests := []struct{ y, m, want int }{
		{2024, 2, 29}, {2023, 2, 28}, {1900, 2, 28}, {2000, 2, 29}, {0, 2, 29},
		{2024, 4, 30}, {2024, 12, 31},
	}
	for _, tc := range tests {
		if got := DaysIn(tc.y, tc.m); got != tc.want {
			t.Errorf("DaysIn(%d, %d) = %d, want %d", tc.y, tc.m, got, tc.want)
		}
	}
}

func TestZeroSentinelOrder(t *testing.T) {
	if ZeroDate32(0, 0, 0) != math.MinInt32 || ZeroTimestamp(0, 0, 0, 0, 0, 0, 0) != math.MinInt64 {
		t.Error("the zero date is not the smallest sentinel")
	}
	// Sentinels keep the calendar order of their fields.
	if !(ZeroDate32(2020, 0, 15) < ZeroDate32(2020, 5, 0)) || !(ZeroTimestamp(2020, 5, 0, 1, 0, 0, 0) < ZeroTimestamp(2020, 5, 0, 2, 0, 0, 0)) {
		t.Error("sentinels out of order")
	}
	// Real dates, down to year 0000, are not sentinels.
	if IsZeroDate32(int32(Days(0, 1, 1))) || IsZeroTimestamp(Days(0, 1, 1)*MicrosPerDay) {
		t.Error("0000-01-01 reads as a sentinel")
	}
}
