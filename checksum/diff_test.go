package checksum

import (
	"reflect"
	"testing"

	"github.com/parity-db/parity/schema"
)

func listingOf(rows ...any) *Listing {
	var l Listing
	for i := 0; i < len(rows); i += 2 {
		l.Add([]byte(rows[i].(string)), rows[i+1].(Hash))
	}
	return &l
}

func keys(ks ...string) [][]byte {
	if len(ks) == 0 {
		return nil
	}
	out := make([][]byte, len(ks))
	for i, k := range ks {
		out[i] = []byte(k)
	}
	return out
}

func TestDiffListingsKeyed(t *testing.T) {
	h1, h2, h3 := Hash{0, 1}, Hash{0, 2}, Hash{0, 3}
	tests := []struct {
		name     string
		src, tgt *Listing
		want     ListingDiff
	}{
		{"equal, any order", listingOf("a", h1, "b", h2), listingOf("b", h2, "a", h1), ListingDiff{}},
		{"missing and extra", listingOf("a", h1, "c", h3), listingOf("b", h2, "c", h3),
			ListingDiff{SourceOnly: keys("a"), SourceOnlyHash: []Hash{h1}, TargetOnly: keys("b")}},
		{"changed", listingOf("a", h1, "b", h2), listingOf("a", h1, "b", h3),
			ListingDiff{Changed: keys("b")}},
		{"sorted by key", listingOf("d", h1, "b", h1, "c", h1), listingOf("a", h2, "c", h2),
			ListingDiff{SourceOnly: keys("b", "d"), SourceOnlyHash: []Hash{h1, h1}, TargetOnly: keys("a"), Changed: keys("c")}},
		{"empty source", &Listing{}, listingOf("a", h1), ListingDiff{TargetOnly: keys("a")}},
		{"duplicate key, same copies", listingOf("a", h1, "a", h2), listingOf("a", h2, "a", h1), ListingDiff{}},
		{"duplicate key, extra copy", listingOf("a", h1, "a", h1), listingOf("a", h1),
			ListingDiff{SourceOnly: keys("a"), SourceOnlyHash: []Hash{h1}}},
		{"duplicate key, source copy left over", listingOf("a", h3, "a", h1, "a", h2), listingOf("a", h1),
			ListingDiff{SourceOnly: keys("a", "a"), SourceOnlyHash: []Hash{h2, h3}}},
		{"duplicate key, changed copy", listingOf("a", h1, "a", h2), listingOf("a", h1, "a", h3, "a", h3),
			ListingDiff{Changed: keys("a"), TargetOnly: keys("a")}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := DiffListings(tc.src, tc.tgt, false)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
			if got.Empty() != reflect.DeepEqual(tc.want, ListingDiff{}) {
				t.Errorf("Empty() = %v", got.Empty())
			}
		})
	}
}

func TestDiffListingsKeyless(t *testing.T) {
	h1, h2, h3 := Hash{0, 1}, Hash{0, 2}, Hash{0, 3}
	tests := []struct {
		name     string
		src, tgt *Listing
		want     map[Hash]int64
	}{
		{"equal multisets", listingOf("", h1, "", h2, "", h1), listingOf("", h1, "", h1, "", h2), map[Hash]int64{}},
		{"multiplicity", listingOf("", h1, "", h1, "", h1), listingOf("", h1), map[Hash]int64{h1: 2}},
		{"both ways", listingOf("", h1, "", h2), listingOf("", h2, "", h3, "", h3), map[Hash]int64{h1: 1, h3: -2}},
	}
	for _, tc := range tests {
		got := DiffListings(tc.src, tc.tgt, true)
		if !reflect.DeepEqual(got.Multiset, tc.want) || got.SourceOnly != nil || got.Changed != nil {
			t.Errorf("%s: got %+v, want multiset %v", tc.name, got, tc.want)
		}
	}
}

// TestListingFromBatches runs the drill-down path end to end: AddBatch
// lists keys and hashes, DiffListings finds the rows, KeyArgs decodes them.
func TestListingFromBatches(t *testing.T) {
	mem := checkedMem(t)
	scols := []schema.Column{colOf("id", "int"), colOf("v", "varchar(10)")}
	tcols := []schema.Column{colOf("id", "bigint"), colOf("v", "varchar(20)")}
	f := newPair(t, mem, Options{}, []string{"id"}, scols, tcols,
		[][]any{{1, "a"}, {2, "b"}, {3, "c"}, {-4, "d"}},
		[][]any{{3, "x"}, {2, "b"}, {5, "e"}, {-4, "d"}})

	var ss, ts Sum
	var sl, tl Listing
	f.src.AddBatch(f.srec, &ss, &sl)
	f.tgt.AddBatch(f.trec, &ts, &tl)
	if ss.Rows != 4 || ts.Rows != 4 || sl.Len() != 4 || tl.Len() != 4 {
		t.Fatalf("sums %v %v, listings %d %d", ss, ts, sl.Len(), tl.Len())
	}
	if ss.Equal(ts) {
		t.Fatal("sums of different chunks are equal")
	}
	if sl.Bytes() <= 0 {
		t.Errorf("Bytes() = %d", sl.Bytes())
	}
	d := DiffListings(&sl, &tl, f.plan.Keyless())
	args := func(ks [][]byte) []any {
		var out []any
		for _, k := range ks {
			a, err := f.plan.KeyArgs(k)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, a...)
		}
		return out
	}
	if got, want := args(d.SourceOnly), []any{int64(1)}; !reflect.DeepEqual(got, want) {
		t.Errorf("SourceOnly = %v, want %v", got, want)
	}
	if got, want := args(d.TargetOnly), []any{int64(5)}; !reflect.DeepEqual(got, want) {
		t.Errorf("TargetOnly = %v, want %v", got, want)
	}
	if got, want := args(d.Changed), []any{int64(3)}; !reflect.DeepEqual(got, want) {
		t.Errorf("Changed = %v, want %v", got, want)
	}

	// A sum over the same rows in another split and order is the same.
	var again Sum
	for i := sl.Len() - 1; i >= 0; i-- {
		again.Add(sl.Hash(i))
	}
	if !again.Equal(ss) {
		t.Errorf("re-summed listing %v != %v", again, ss)
	}
	sl.Reset()
	if sl.Len() != 0 {
		t.Errorf("Len after Reset = %d", sl.Len())
	}
}

func TestAddBatchSlices(t *testing.T) {
	mem := checkedMem(t)
	cols := []schema.Column{colOf("id", "int"), colOf("v", "varchar(10)")}
	rows := [][]any{{1, "a"}, {2, nil}, {3, "c"}, {4, "d"}, {5, nil}, {6, "f"}, {7, "g"}, {8, "h"}, {9, "i"}, {10, nil}}
	f := newPair(t, mem, Options{}, []string{"id"}, cols, cols, rows, rows)
	var whole, parts Sum
	f.src.AddBatch(f.srec, &whole, nil)
	for _, r := range [][2]int64{{0, 3}, {3, 9}, {9, 10}} {
		s := f.trec.NewSlice(r[0], r[1])
		f.tgt.AddBatch(s, &parts, nil)
		s.Release()
	}
	if !whole.Equal(parts) {
		t.Errorf("sliced batches sum to %v, whole batch to %v", parts, whole)
	}
}
