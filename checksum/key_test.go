package checksum

import (
	"bytes"
	"math"
	"reflect"
	"slices"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/parity-db/parity/civil"
	"github.com/parity-db/parity/schema"
)

func TestKeyArgsRoundTrip(t *testing.T) {
	tests := []struct {
		src, tgt string
		v        any
		want     any
	}{
		{"int", "int", -5, int64(-5)},
		{"tinyint unsigned", "bigint", 200, int64(200)},
		{"bigint unsigned", "bigint unsigned", uint64(math.MaxUint64), uint64(math.MaxUint64)},
		{"bigint", "bigint", math.MinInt64, int64(math.MinInt64)},
		{"bit(8)", "bit(8)", 5, int64(5)},
		{"year", "year", 2024, int64(2024)},
		{"decimal(5,2)", "decimal(10,4)", "-1.50", "-1.5"},
		{"decimal(65,30)", "decimal(65,30)", "12345678901234567890.000000000000000000000000000001", "12345678901234567890.000000000000000000000000000001"},
		{"decimal(5,0)", "int", "7", "7"},
		{"float", "float", float32(1.1), float64(float32(1.1))},
		{"float", "double", float32(-2.5), -2.5},
		{"double", "double", 0.1, 0.1},
		{"double", "double", math.Copysign(0, -1), 0.0},
		{"date", "date", "2024-02-29", "2024-02-29"},
		{"date", "date", civil.ZeroDate32(2024, 0, 15), "2024-00-15"},
		{"datetime(3)", "timestamp(6)", "2024-01-02 10:00:00.5", "2024-01-02 10:00:00.500000"},
		{"datetime", "datetime", civil.ZeroTimestamp(0, 0, 0, 0, 0, 0, 0), "0000-00-00 00:00:00.000000"},
		{"time", "time", "-838:59:59", "-838:59:59.000000"},
		{"time(6)", "time(6)", "100:00:00.000001", "100:00:00.000001"},
		{"varchar(10) latin1", "varchar(10)", "café", "café"},
		{"varchar(10)", "varchar(10)", "a\x00b\x00", "a\x00b\x00"},
		{"varchar(10)", "varchar(10)", "", ""},
		{"enum('a','b')", "enum('a','b')", "b", "b"},
		{"set('a','b')", "set('b','a')", "b,a", "a,b"},
		{"json", "json longtext", `{"b":1, "a":[1.0]}`, `{"a":[1],"b":1}`},
		{"varbinary(4)", "binary(4)", []byte{0, 0xff, 0, 1}, []byte{0, 0xff, 0, 1}},
		{"blob", "blob", []byte{}, []byte{}},
		{"int", "varchar(10)", 42, "42"},
	}
	for _, tc := range tests {
		t.Run(tc.src+"/"+tc.tgt, func(t *testing.T) {
			mem := checkedMem(t)
			scols := []schema.Column{colOf("k", tc.src), colOf("n", "int")}
			tcols := []schema.Column{colOf("k", tc.tgt), colOf("n", "int")}
			f := newPair(t, mem, Options{}, []string{"k", "n"}, scols, tcols, [][]any{{tc.v, 1}, {nil, 2}}, nil)
			key := f.src.AppendKey(nil, f.srec, 0)
			got, err := f.plan.KeyArgs(key)
			if err != nil {
				t.Fatal(err)
			}
			if want := []any{tc.want, int64(1)}; !reflect.DeepEqual(got, want) {
				t.Errorf("KeyArgs = %#v, want %#v", got, want)
			}
			got, err = f.plan.KeyArgs(f.src.AppendKey(nil, f.srec, 1))
			if err != nil {
				t.Fatal(err)
			}
			if want := []any{nil, int64(2)}; !reflect.DeepEqual(got, want) {
				t.Errorf("NULL key: KeyArgs = %#v, want %#v", got, want)
			}
			// Truncated or padded keys are errors, not panics.
			for n := range key {
				if _, err := f.plan.KeyArgs(key[:n]); err == nil {
					t.Errorf("KeyArgs(%x) (truncated) did not fail", key[:n])
				}
			}
			if _, err := f.plan.KeyArgs(append(bytes.Clone(key), 0)); err == nil {
				t.Error("KeyArgs with a trailing byte did not fail")
			}
		})
	}
}

// TestKeyOrder: for numbers, dates and text, key bytes sort as the values do.
func TestKeyOrder(t *testing.T) {
	tests := []struct {
		typ  string
		vals []any // ascending
	}{
		{"bigint", []any{math.MinInt64, -5, -1, 0, 3, math.MaxInt64}},
		{"bigint unsigned", []any{0, 1, uint64(math.MaxInt64) + 1, uint64(math.MaxUint64)}},
		{"double", []any{math.Inf(-1), -2.5, -1e-300, 0.0, 1e-300, 3.0, math.Inf(1)}},
		{"float", []any{float32(-2.5), float32(0), float32(0.5)}},
		{"date", []any{civil.ZeroDate32(0, 0, 0), "1000-01-01", "1969-12-31", "1970-01-01", "2024-01-01"}},
		{"datetime(6)", []any{"1969-12-31 23:59:59.999999", "1970-01-01 00:00:00", "2024-01-01 00:00:00.000001"}},
		{"time", []any{"-838:59:59", "-00:00:01", "00:00:00", "838:59:59"}},
		{"varbinary(8)", []any{[]byte{}, []byte{0}, []byte{0, 0}, []byte{0, 1}, []byte{1}, []byte{1, 0}}},
	}
	for _, tc := range tests {
		t.Run(tc.typ, func(t *testing.T) {
			mem := checkedMem(t)
			cols := []schema.Column{colOf("k", tc.typ)}
			rows := make([][]any, len(tc.vals))
			for i, v := range tc.vals {
				rows[i] = []any{v}
			}
			f := newPair(t, mem, Options{}, []string{"k"}, cols, cols, rows, nil)
			var ks [][]byte
			for i := range rows {
				ks = append(ks, f.src.AppendKey(nil, f.srec, i))
			}
			if !slices.IsSortedFunc(ks, bytes.Compare) {
				t.Errorf("keys out of order: %x", ks)
			}
		})
	}
}

func TestKeyless(t *testing.T) {
	mem := checkedMem(t)
	cols := []schema.Column{colOf("v", "int")}
	f := newPair(t, mem, Options{}, nil, cols, cols, [][]any{{1}}, nil)
	if !f.plan.Keyless() || len(f.plan.Key()) != 0 {
		t.Errorf("Keyless() = %v, Key() = %v", f.plan.Keyless(), f.plan.Key())
	}
	if k := f.src.AppendKey([]byte("x"), f.srec, 0); string(k) != "x" {
		t.Errorf("AppendKey for a keyless plan appended %q", k[1:])
	}
	if args, err := f.plan.KeyArgs(nil); err != nil || len(args) != 0 {
		t.Errorf("KeyArgs(nil) = %v, %v", args, err)
	}
}

// FuzzKeyArgs: KeyArgs reads bytes that may come from anywhere (a saved
// report, a listing of another plan); it must fail, not panic, on garbage,
// and what AppendKey wrote must decode.
func FuzzKeyArgs(f *testing.F) {
	cols := []schema.Column{colOf("i", "bigint"), colOf("s", "varchar(9)"), colOf("d", "date"), colOf("f", "float"),
		colOf("m", "decimal(9,3)"), colOf("b", "blob"), colOf("j", "json"), colOf("t", "time")}
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	p, err := NewPlan(tableOf(cols...), tableOf(cols...), names, names, Options{})
	if err != nil {
		f.Fatal(err)
	}
	e, err := p.Encoder(Source, schemaOf(cols))
	if err != nil {
		f.Fatal(err)
	}
	mem := memory.NewGoAllocator()
	rec := batchOf(f, mem, cols, []any{-3, "a\x00", "2024-01-02", float32(0.5), "-1.250", []byte{0}, `{"a":[1]}`, "-01:00:00"})
	defer rec.Release()
	f.Add(e.AppendKey(nil, rec, 0))
	f.Add([]byte{1, 0, 0, 0})
	f.Fuzz(func(t *testing.T, key []byte) {
		_, _ = p.KeyArgs(key)
	})
}

// A row known only from its key (a listing) is shown and deleted by its key
// bytes: KeyValues must show what Values shows for the row, and KeyLiterals
// must name exactly that value.
func TestKeyValuesAndLiterals(t *testing.T) {
	tests := []struct {
		typ     string
		v       any
		display string
		literal string
	}{
		{"int", -42, "-42", "-42"},
		{"tinyint", -128, "-128", "-128"},
		{"tinyint unsigned", 255, "255", "255"},
		{"bigint unsigned", uint64(math.MaxInt64) + 1, "9223372036854775808", "9223372036854775808"},
		{"bigint unsigned", uint64(math.MaxUint64), "18446744073709551615", "18446744073709551615"},
		{"year", 2024, "2024", "2024"},
		{"decimal(5,2)", "1.50", "1.50", "1.5"},
		{"decimal(12,4)", "-0.0500", "-0.0500", "-0.05"},
		{"decimal(10,0)", "7", "7", "7"},
		{"date", "2024-01-02", "2024-01-02", "'2024-01-02'"},
		{"date", civil.ZeroDate32(0, 0, 0), "0000-00-00", "'0000-00-00'"},
		{"datetime", "2024-01-02 10:00:00", "2024-01-02 10:00:00", "'2024-01-02 10:00:00.000000'"},
		{"datetime(3)", "2024-01-02 10:00:00.5", "2024-01-02 10:00:00.500", "'2024-01-02 10:00:00.500000'"},
		{"time", "-838:59:59", "-838:59:59", "'-838:59:59.000000'"},
		{"varchar(10)", "", "", "''"},
		{"varchar(10)", "def ", "def ", "'def '"},
		{"varchar(10)", "it's", "it's", "'it''s'"},
		{"varchar(10)", "emoji🍣", "emoji🍣", "'emoji🍣'"},
		{"varchar(10)", "a\x00b", "a\x00b", "_utf8mb4 X'610062'"},
		{"binary(4)", []byte{0, 0xff, 0, 1}, "0x00ff0001", "X'00ff0001'"},
		{"varbinary(4)", []byte{}, "0x", "''"},
	}
	for _, tc := range tests {
		t.Run(tc.typ+"/"+tc.display, func(t *testing.T) {
			mem := checkedMem(t)
			cols := []schema.Column{colOf("k", tc.typ), colOf("n", "int")}
			f := newPair(t, mem, Options{}, []string{"n", "k"}, cols, cols, [][]any{{tc.v, 1}}, nil)
			key := f.src.AppendKey(nil, f.srec, 0)
			vals, err := f.plan.KeyValues(key, Source)
			if err != nil {
				t.Fatal(err)
			}
			if want := f.src.Values(f.srec, 0)[0]; vals[1] != want || vals[1].Text != tc.display || vals[0].Text != "1" {
				t.Errorf("KeyValues = %+v, want %q (Values shows %+v)", vals, tc.display, want)
			}
			lits, err := f.plan.KeyLiterals(key)
			if err != nil {
				t.Fatal(err)
			}
			if want := []string{"1", tc.literal}; !reflect.DeepEqual(lits, want) {
				t.Errorf("KeyLiterals = %q, want %q", lits, want)
			}
		})
	}
	// NULL key columns (a unique key on a nullable column) and bad bytes.
	mem := checkedMem(t)
	cols := []schema.Column{colOf("k", "varchar(4)")}
	f := newPair(t, mem, Options{}, []string{"k"}, cols, cols, [][]any{{nil}}, nil)
	key := f.src.AppendKey(nil, f.srec, 0)
	if vals, err := f.plan.KeyValues(key, Source); err != nil || !vals[0].Null {
		t.Errorf("NULL key: KeyValues = %+v, %v", vals, err)
	}
	if lits, err := f.plan.KeyLiterals(key); err != nil || lits[0] != "NULL" {
		t.Errorf("NULL key: KeyLiterals = %q, %v", lits, err)
	}
	if _, err := f.plan.KeyLiterals([]byte{7}); err == nil {
		t.Error("KeyLiterals of garbage did not fail")
	}
}
