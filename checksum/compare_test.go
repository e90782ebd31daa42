package checksum

import (
	"reflect"
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
