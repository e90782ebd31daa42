package checksum

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/parity-db/parity/civil"
	"github.com/parity-db/parity/schema"
)

// renderCase is one value and how Values and Literals show it.
type renderCase struct {
	typ     string
	v       any
	display string
	literal string
}

var renderCases = []renderCase{
	{"int", nil, "NULL", "NULL"},
	{"int", -42, "-42", "-42"},
	{"bigint unsigned", uint64(math.MaxUint64), "18446744073709551615", "18446744073709551615"},
	{"bit(8)", 5, "5", "5"},
	{"year", 0, "0000", "0000"},
	{"year", 2024, "2024", "2024"},
	{"decimal(5,2)", "1.50", "1.50", "1.50"},
	{"decimal(5,2)", "-0.05", "-0.05", "-0.05"},
	{"decimal(65,30)", "1.5", "1.500000000000000000000000000000", "1.500000000000000000000000000000"},
	{"float", float32(1.1), "1.1", "1.1"},
	{"double", 1e20, "1e+20", "1e+20"},
	{"double", 0.1, "0.1", "0.1"},
	{"date", "2024-01-02", "2024-01-02", "'2024-01-02'"},
	{"date", civil.ZeroDate32(0, 0, 0), "0000-00-00", "'0000-00-00'"},
	{"date", civil.ZeroDate32(2024, 0, 15), "2024-00-15", "'2024-00-15'"},
	{"datetime", "2024-01-02 10:00:00", "2024-01-02 10:00:00", "'2024-01-02 10:00:00'"},
	{"datetime(3)", "2024-01-02 10:00:00.5", "2024-01-02 10:00:00.500", "'2024-01-02 10:00:00.500'"},
	{"timestamp(6)", "2024-01-02 10:00:00", "2024-01-02 10:00:00.000000", "'2024-01-02 10:00:00.000000'"},
	{"datetime(6)", civil.ZeroTimestamp(2024, 0, 15, 10, 0, 0, 0), "2024-00-15 10:00:00.000000", "'2024-00-15 10:00:00.000000'"},
	{"datetime", civil.ZeroTimestamp(0, 0, 0, 0, 0, 0, 0), "0000-00-00 00:00:00", "'0000-00-00 00:00:00'"},
	{"time", "-838:59:59", "-838:59:59", "'-838:59:59'"},
	{"time(2)", "01:02:03.45", "01:02:03.45", "'01:02:03.45'"},
	{"varchar(10)", "", "", "''"},
	{"varchar(10)", "it's", "it's", "'it''s'"},
	{"varchar(10)", "NULL", "NULL", "'NULL'"},
	{"varchar(10)", "café", "café", "'café'"},
	{"varchar(10)", `a\b`, `a\b`, "_utf8mb4 X'615c62'"},
	{"varchar(10)", "a\nb", "a\nb", "_utf8mb4 X'610a62'"},
	{"varchar(10)", "a\x7f", "a\x7f", "_utf8mb4 X'617f'"},
	{"enum('a','b')", "b", "b", "'b'"},
	{"set('a','b')", "a,b", "a,b", "'a,b'"},
	{"json", `{"a": "it's"}`, `{"a": "it's"}`, `'{"a": "it''s"}'`},
	{"varbinary(4)", []byte{0, 0xff}, "0x00ff", "X'00ff'"},
	{"blob", []byte{}, "0x", "''"},
	{"geometry", []byte{1, 1, 0, 0, 0}, "0x0101000000", "ST_GeomFromWKB(X'0101000000')"},
}

func TestValuesAndLiterals(t *testing.T) {
	for _, tc := range renderCases {
		t.Run(tc.typ+"/"+tc.display, func(t *testing.T) {
			mem := checkedMem(t)
			cols := []schema.Column{colOf("v", tc.typ)}
			f := newPair(t, mem, Options{}, []string{"v"}, cols, cols, [][]any{{tc.v}}, nil)
			v := f.src.Values(f.srec, 0)[0]
			if got := v.String(); got != tc.display || v.Null != (tc.v == nil) {
				t.Errorf("Values = %+v, want %q", v, tc.display)
			}
			if got := f.src.Literals(f.srec, 0)[0]; got != tc.literal {
				t.Errorf("Literals = %s, want %s", got, tc.literal)
			}
			if got := f.src.KeyLiterals(f.srec, 0)[0]; got != tc.literal {
				t.Errorf("KeyLiterals = %s, want %s", got, tc.literal)
			}
		})
	}
}

func TestValuesTruncation(t *testing.T) {
	tests := []struct {
		max  int
		in   string
		want Value
	}{
		{0, strings.Repeat("a", 64), Value{Text: strings.Repeat("a", 64)}},
		{0, strings.Repeat("a", 65), Value{Text: strings.Repeat("a", 64), Truncated: true}},
		{4, "abcdé", Value{Text: "abcd", Truncated: true}},
		{5, "abcdé", Value{Text: "abcd", Truncated: true}}, // é is 2 bytes: not split
		{6, "abcdé", Value{Text: "abcdé"}},
		{3, "日本語", Value{Text: "日", Truncated: true}},
		{2, "日本語", Value{Text: "", Truncated: true}},
		{-1, strings.Repeat("a", 1000), Value{Text: strings.Repeat("a", 1000)}},
	}
	for _, tc := range tests {
		mem := checkedMem(t)
		cols := []schema.Column{colOf("v", "text")}
		f := newPair(t, mem, Options{MaxValueBytes: tc.max}, nil, cols, cols, [][]any{{tc.in}}, nil)
		if got := f.src.Values(f.srec, 0)[0]; !reflect.DeepEqual(got, tc.want) {
			t.Errorf("max %d, %q: got %+v, want %+v", tc.max, tc.in, got, tc.want)
		}
		// Literals are never truncated.
		if got := f.src.Literals(f.srec, 0)[0]; got != "'"+tc.in+"'" {
			t.Errorf("max %d: literal %s", tc.max, got)
		}
	}
}
