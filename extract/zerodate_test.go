package extract

import (
	"fmt"
	"testing"

	"github.com/parity-db/parity/civil"
)

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
