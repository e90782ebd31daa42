package verify

import (
	"database/sql"
	"fmt"
	"testing"
	"time"
)

func TestParseLag(t *testing.T) {
	tests := []struct {
		in     sql.NullString
		want   time.Duration
		wantOK bool
	}{
		{sql.NullString{String: "0", Valid: true}, 0, true},
		{sql.NullString{String: "17", Valid: true}, 17 * time.Second, true},
		{sql.NullString{String: " 3600 ", Valid: true}, time.Hour, true},
		{sql.NullString{}, 0, false}, // NULL: replication stopped
		{sql.NullString{String: "-1", Valid: true}, 0, false},
		{sql.NullString{String: "soon", Valid: true}, 0, false},
	}
	for _, tt := range tests {
		got, ok := parseLag(tt.in)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("parseLag(%+v) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestLagBusy(t *testing.T) {
	for _, tt := range []struct {
		lag     time.Duration
		replica bool
		want    string
	}{
		{0, false, ""},
		{-1, false, ""},
		{0, true, ""},
		{5 * time.Second, true, ""}, // at the limit
		{6 * time.Second, true, "target lags 6s (--max-lag 5s)"},
		{-1, true, "target replication is stopped (no lag reported)"},
	} {
		if got := lagBusy(tt.lag, tt.replica, 5*time.Second); got != tt.want {
			t.Errorf("lagBusy(%v, %v) = %q, want %q", tt.lag, tt.replica, got, tt.want)
		}
	}
}

func TestStateBounds(t *testing.T) {
	in := []any{int64(-5), uint64(18446744073709551615), "abc", "", []byte{0, 1, 0xff}, []byte{}}
	enc, err := encodeBound(in)
	if err != nil {
		t.Fatal(err)
	}
	out, err := decodeBound(enc)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != len(in) {
		t.Fatalf("%d values back, want %d", len(out), len(in))
	}
	for i := range in {
		if a, b := in[i], out[i]; sprintT(a) != sprintT(b) {
			t.Errorf("value %d: %#v came back as %#v", i, a, b)
		}
	}
	if _, err := encodeBound([]any{1.5}); err == nil {
		t.Error("a float bound was accepted")
	}
}

func sprintT(v any) string { return fmt.Sprintf("%T:%v", v, v) }
