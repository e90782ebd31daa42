package checksum

import (
	"testing"

	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/decimal256"
)

func TestAppendDecimal(t *testing.T) {
	tests := []struct {
		in          string
		prec, scale int32
		display     string
		canonical   string
	}{
		{"1.50", 5, 2, "1.50", "1.5"},
		{"-1.50", 5, 2, "-1.50", "-1.5"},
		{"2.00", 5, 2, "2.00", "2"},
		{"0.00", 5, 2, "0.00", "0"},
		{"-0.05", 5, 2, "-0.05", "-0.05"},
		{"0.0010", 10, 4, "0.0010", "0.001"},
		{"120", 5, 0, "120", "120"},
		{"0", 5, 0, "0", "0"},
		{"-99999999999999999999999999999999999999", 38, 0, "-99999999999999999999999999999999999999", "-99999999999999999999999999999999999999"},
		{"9999999999999999999999999999.9999999999", 38, 10, "9999999999999999999999999999.9999999999", "9999999999999999999999999999.9999999999"},
	}
	for _, tc := range tests {
		n, err := decimal128.FromString(tc.in, tc.prec, tc.scale)
		if err != nil {
			t.Fatal(err)
		}
		if got := string(appendDecimal(nil, words128(n), 2, int(tc.scale), false)); got != tc.display {
			t.Errorf("%s display = %s, want %s", tc.in, got, tc.display)
		}
		if got := string(appendDecimal(nil, words128(n), 2, int(tc.scale), true)); got != tc.canonical {
			t.Errorf("%s canonical = %s, want %s", tc.in, got, tc.canonical)
		}
		// Decimal256 of the same value prints the same.
		m, err := decimal256.FromString(tc.in, 76, tc.scale)
		if err != nil {
			t.Fatal(err)
		}
		if got := string(appendDecimal(nil, words256(m), 4, int(tc.scale), false)); got != tc.display {
			t.Errorf("%s Decimal256 display = %s, want %s", tc.in, got, tc.display)
		}
	}
	big := "-9999999999999999999999999999999999999999999999999999999999999999999999999.999"
	m, err := decimal256.FromString(big, 76, 3)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(appendDecimal(nil, words256(m), 4, 3, false)); got != big {
		t.Errorf("76 digits = %s", got)
	}
}
