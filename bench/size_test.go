package bench

import (
	"math"
	"testing"
)

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"262144", 262144, true},
		{"0", 0, true},
		{"007", 7, true},
		{"256K", 256 << 10, true},
		{"256k", 256 << 10, true},
		{"256KB", 256 << 10, true},
		{"256KiB", 256 << 10, true},
		{"256kib", 256 << 10, true},
		{"2M", 2 << 20, true},
		{"2MB", 2 << 20, true},
		{"1G", 1 << 30, true},
		{"1g", 1 << 30, true},
		{"1T", 1 << 40, true},
		{"1P", 1 << 50, true},
		{"7E", 7 << 60, true},
		{"9223372036854775807", math.MaxInt64, true},
		{"8E", 0, false},
		{"9223372036854775808", 0, false},
		{"8796093022208T", 0, false},
		{"", 0, false},
		{"K", 0, false},
		{"ON", 0, false},
		{"MEMORY", 0, false},
		{"-5", 0, false},
		{"+5", 0, false},
		{"1.5M", 0, false},
		{"1_000", 0, false},
		{" 1K", 0, false},
		{"1K ", 0, false},
		{"1 K", 0, false},
		{"1KK", 0, false},
		{"1KiBB", 0, false},
		{"1iB", 0, false},
		{"1B", 0, false},
		{"1X", 0, false},
		{"١٢", 0, false},
	}
	for _, tc := range tests {
		got, ok := ParseSize(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseSize(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestFormatSize(t *testing.T) {
	tests := []struct {
		in   int64
		want string
	}{
		{0, "0"},
		{1, "1"},
		{1000, "1000"},
		{1023, "1023"},
		{1024, "1K"},
		{1536, "1536"},
		{262144, "256K"},
		{3 << 19, "1536K"},
		{2097152, "2M"},
		{1073741824, "1G"},
		{5 << 40, "5T"},
		{1 << 50, "1P"},
		{1 << 62, "4E"},
		{math.MaxInt64, "9223372036854775807"},
		{-1024, "-1024"},
	}
	for _, tc := range tests {
		if got := FormatSize(tc.in); got != tc.want {
			t.Errorf("FormatSize(%d) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzParseSize(f *testing.F) {
	for _, s := range []string{"262144", "256K", "2MiB", "1g", "7E", "8E", "-5", "1.5M", "ON", "", "0KB"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, ok := ParseSize(s)
		if !ok {
			return
		}
		if n < 0 {
			t.Fatalf("ParseSize(%q) = %d, a negative size", s, n)
		}
		back, ok := ParseSize(FormatSize(n))
		if !ok || back != n {
			t.Fatalf("ParseSize(%q) = %d, but ParseSize(FormatSize(%d) = %q) = %d, %v", s, n, n, FormatSize(n), back, ok)
		}
	})
}
