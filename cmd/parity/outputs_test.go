package main

import (
	"strconv"
	"strings"
	"testing"
)

func TestParseByteSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		err  bool
	}{
		{"0", 0, false},
		{"1048576", 1 << 20, false},
		{"512K", 512 << 10, false},
		{"512k", 512 << 10, false},
		{"64M", 64 << 20, false},
		{"64MB", 64 << 20, false},
		{"64MiB", 64 << 20, false},
		{" 1G ", 1 << 30, false},
		{"2T", 2 << 40, false},
		{"100B", 100, false},
		{"8388607T", 8388607 << 40, false},
		{"8388608T", 0, true},
		{"", 0, true},
		{"M", 0, true},
		{"-1M", 0, true},
		{"1.5G", 0, true},
		{"1P", 0, true},
		{"ten", 0, true},
	}
	for _, tt := range tests {
		got, err := parseByteSize(tt.in)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("parseByteSize(%q) = %d, %v; want %d, error %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

// FuzzParseByteSize: no input panics; an accepted size is never negative,
// and plain digits read as themselves.
func FuzzParseByteSize(f *testing.F) {
	for _, s := range []string{"1", "512K", "64MiB", "2T", "9223372036854775807", "8388608T", "-1", " 3 g "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := parseByteSize(s)
		if err != nil {
			return
		}
		if n < 0 {
			t.Fatalf("parseByteSize(%q) = %d", s, n)
		}
		if v, perr := strconv.ParseInt(strings.TrimSpace(s), 10, 64); perr == nil && v >= 0 && v != n {
			t.Fatalf("parseByteSize(%q) = %d, want %d", s, n, v)
		}
	})
}
