package checksum

import (
	"reflect"
	"strings"
	"testing"

	"github.com/parity-db/parity/schema"
)

func TestCompareRows(t *testing.T) {
	mem := checkedMem(t)
	// The target renamed nothing but changed types and case of names.
	scols := []schema.Column{colOf("id", "int"), colOf("price", "double"), colOf("name", "varchar(10)"), colOf("qty", "int")}
	tcols := []schema.Column{colOf("ID", "bigint"), colOf("Price", "double"), colOf("NAME", "varchar(20)"), colOf("qty", "int")}
	f := newPair(t, mem, Options{FloatTolerance: 0.01}, []string{"id"}, scols, tcols,
		[][]any{{1, 9.99, "pen", 3}, {2, 5.0, "ink", nil}, {3, 1.0, "cap", 1}},
		[][]any{{1, 9.995, "pen", 3}, {2, 5.02, "Ink", 0}, {3, 1.009999, "cap", 1}})
	tests := []struct {
		row  int
		want []ColumnDiff
	}{
		{0, nil}, // within tolerance
		{1, []ColumnDiff{
			{Column: "price", Source: Value{Text: "5"}, Target: Value{Text: "5.02"}},
			{Column: "name", Source: Value{Text: "ink"}, Target: Value{Text: "Ink"}},
			{Column: "qty", Source: Value{Null: true}, Target: Value{Text: "0"}},
		}},
		{2, nil}, // close to the tolerance; hashes may differ, CompareRows decides
	}
	for _, tc := range tests {
		got := CompareRows(f.src, f.srec, tc.row, f.tgt, f.trec, tc.row)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("row %d: got %+v\nwant %+v", tc.row, got, tc.want)
		}
	}
	if got, want := f.plan.Columns(), []string{"id", "price", "name", "qty"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Columns() = %v", got)
	}
}

// TestToleranceCells: values within tolerance hash alike unless they
// straddle a cell edge; values farther apart never do.
func TestToleranceCells(t *testing.T) {
	mem := checkedMem(t)
	cols := []schema.Column{colOf("v", "double")}
	f := newPair(t, mem, Options{FloatTolerance: 0.5}, nil, cols, cols,
		[][]any{{1.1}, {1.1}, {0.99}, {-0.2}},
		[][]any{{1.4}, {1.7}, {1.01}, {0.2}})
	tests := []struct {
		row         int
		hashesEqual bool
		compare     bool
	}{
		{0, true, true},   // same cell, within tolerance
		{1, false, false}, // more than the tolerance apart
		{2, false, true},  // straddle the edge at 1.0: CompareRows accepts
		{3, false, true},  // straddle 0, with -0.2 in cell -1
	}
	for _, tc := range tests {
		he := f.src.RowHash(f.srec, tc.row) == f.tgt.RowHash(f.trec, tc.row)
		ce := CompareRows(f.src, f.srec, tc.row, f.tgt, f.trec, tc.row) == nil
		if he != tc.hashesEqual || ce != tc.compare {
			t.Errorf("row %d: hashes equal %v, compare equal %v; want %v, %v", tc.row, he, ce, tc.hashesEqual, tc.compare)
		}
	}
}

// Long values that differ deep inside are shown around the first
// difference, with both lengths, not as two equal prefixes.
func TestCompareRowsLongValues(t *testing.T) {
	long := strings.Repeat("abcdefgh", 1<<17) // 1 MiB
	changed := long[:700000] + "X" + long[700001:]
	blob := []byte(long)
	blob2 := append([]byte(long), 0xff)
	tests := []struct {
		typ       string
		src, tgt  any
		at        int64
		srcText   string // the start of the shown source text
		tgtText   string
		srcBytes  int64
		tgtBytes  int64
		truncated bool
	}{
		{"longtext", long, changed, 700000, "bcdefghabcdefgh", "bcdefghXbcdefgh", 1 << 20, 1 << 20, true},
		{"longblob", blob, blob2, 1 << 20, "0x6162636465666768", "0x6162636465666768", 1 << 20, 1<<20 + 1, false},
		{"json", `{"a": "` + long + `", "b": 1}`, `{"b": 1, "a": "` + changed + `"}`, 700006, `cdefghabcdefgh`, `cdefghXbcdefgh`, 1<<20 + 14, 1<<20 + 14, true},
		{"varchar(4000)", "short", "shorter", -1, "short", "shorter", 0, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.typ, func(t *testing.T) {
			mem := checkedMem(t)
			cols := []schema.Column{colOf("id", "int"), colOf("v", tc.typ)}
			f := newPair(t, mem, Options{}, []string{"id"}, cols, cols, [][]any{{1, tc.src}}, [][]any{{1, tc.tgt}})
			got := CompareRows(f.src, f.srec, 0, f.tgt, f.trec, 0)
			if len(got) != 1 {
				t.Fatalf("got %+v", got)
			}
			d := got[0]
			if tc.at < 0 {
				if d.FirstDifference != nil || d.Source.Text != tc.srcText || d.Target.Text != tc.tgtText {
					t.Errorf("short values: %+v", d)
				}
				return
			}
			if d.FirstDifference == nil || *d.FirstDifference != tc.at {
				t.Fatalf("FirstDifference = %v, want %d", d.FirstDifference, tc.at)
			}
			for _, side := range []struct {
				v     Value
				text  string
				bytes int64
			}{{d.Source, tc.srcText, tc.srcBytes}, {d.Target, tc.tgtText, tc.tgtBytes}} {
				if side.v.Bytes != side.bytes || side.v.From == 0 || side.v.From > tc.at || len(side.v.Text) > 64 {
					t.Errorf("value %+v: want %d bytes, shown from before %d, at most 64 shown", side.v, side.bytes, tc.at)
				}
				if !strings.Contains(side.v.Text, side.text) || !strings.HasPrefix(side.v.String(), "...") {
					t.Errorf("shown %q, want it to contain %q and start with ...", side.v.String(), side.text)
				}
			}
			if d.Source.Truncated != tc.truncated {
				t.Errorf("source truncated = %v", d.Source.Truncated)
			}
		})
	}
}
