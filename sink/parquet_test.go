package sink

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"

	"github.com/parity-db/parity/schema"
)

var narrow = arrow.NewSchema([]arrow.Field{
	{Name: "id", Type: arrow.PrimitiveTypes.Int64},
	{Name: "c", Type: arrow.BinaryTypes.String, Nullable: true},
}, nil)

// narrowBatch is rows id = first.., c = 100 characters each.
func narrowBatch(mem memory.Allocator, first, rows int) arrow.RecordBatch {
	b := array.NewRecordBuilder(mem, narrow)
	defer b.Release()
	for i := range rows {
		b.Field(0).(*array.Int64Builder).Append(int64(first + i))
		b.Field(1).(*array.StringBuilder).Append(fmt.Sprintf("%0100d", first+i))
	}
	return b.NewRecordBatch()
}

// writeNarrow writes batches of batchRows rows until total and returns
// the file's path.
func writeNarrow(t *testing.T, mem memory.Allocator, o Options, total, batchRows int) string {
	t.Helper()
	o.Alloc = mem
	s, err := New(Parquet, o)
	if err != nil {
		t.Fatal(err)
	}
	ts, err := s.Open(&schema.Table{Schema: "db", Name: "narrow"}, narrow)
	if err != nil {
		t.Fatal(err)
	}
	for first := 0; first < total; first += batchRows {
		rec := narrowBatch(mem, first, min(batchRows, total-first))
		err := ts.Write(rec)
		rec.Release()
		if err != nil {
			ts.Abort()
			t.Fatal(err)
		}
	}
	out, err := ts.Commit()
	if err != nil {
		ts.Abort()
		t.Fatal(err)
	}
	return filepath.Join(o.Dir, out.Files[0])
}

// rowGroups lists the row count of each row group in a Parquet file.
func rowGroups(t *testing.T, path string) []int64 {
	t.Helper()
	r, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var n []int64
	for i := range r.NumRowGroups() {
		n = append(n, r.MetaData().RowGroup(i).NumRows())
	}
	return n
}

func TestParquetRowGroups(t *testing.T) {
	mem0 := memory.NewGoAllocator()
	probe := narrowBatch(mem0, 0, 1000)
	perRow := float64(recordBytes(probe)) / 1000
	probe.Release()
	// A cap of 1200.5 rows' worth of bytes: a group closes once it holds
	// at least that much, so after 1201 rows.
	byteCap := int64(perRow * 1200.5)

	tests := []struct {
		name       string
		rows, cap  int64
		bytes      int64
		total      int
		batchRows  int
		wantGroups []int64
	}{
		{"rows cap splits batches", 1500, 0, 0, 5000, 1000, []int64{1500, 1500, 1500, 500}},
		{"rows cap at batch edges", 2000, 0, 0, 5000, 1000, []int64{2000, 2000, 1000}},
		{"one batch over many groups", 1000, 0, 0, 3500, 3500, []int64{1000, 1000, 1000, 500}},
		{"bytes cap", 0, 0, byteCap, 5000, 1000, []int64{1201, 1201, 1201, 1201, 196}},
		{"bytes cap before rows cap", 1300, 0, byteCap, 2600, 650, []int64{1201, 1201, 198}},
		{"rows cap before bytes cap", 1000, 0, byteCap, 2600, 650, []int64{1000, 1000, 600}},
		{"defaults: one group", 0, 0, 0, 5000, 1000, []int64{5000}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			path := writeNarrow(t, mem, Options{Dir: t.TempDir(), RowGroupRows: tt.rows, RowGroupBytes: tt.bytes}, tt.total, tt.batchRows)
			if got := rowGroups(t, path); fmt.Sprint(got) != fmt.Sprint(tt.wantGroups) {
				t.Errorf("row groups = %v, want %v", got, tt.wantGroups)
			}
		})
	}
}

// TestParquetMemoryBounded writes 40 row groups' worth of rows and wants
// the memory the writer holds to stay what one row group needs.
func TestParquetMemoryBounded(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	s, err := New(Parquet, Options{Dir: t.TempDir(), RowGroupRows: 2000, Alloc: mem})
	if err != nil {
		t.Fatal(err)
	}
	ts, err := s.Open(&schema.Table{Schema: "db", Name: "narrow"}, narrow)
	if err != nil {
		t.Fatal(err)
	}
	defer ts.Abort()
	var early, late int
	for i := range 80 {
		rec := narrowBatch(mem, i*1000, 1000)
		if err := ts.Write(rec); err != nil {
			t.Fatal(err)
		}
		rec.Release()
		held := mem.CurrentAlloc()
		if i < 8 {
			early = max(early, held)
		} else {
			late = max(late, held)
		}
	}
	t.Logf("held: first 8 batches up to %d bytes, later up to %d", early, late)
	if late > early*3/2 {
		t.Errorf("writer holds up to %d bytes after 80 batches, %d after the first 8: memory grows with the table", late, early)
	}
	if _, err := ts.Commit(); err != nil {
		t.Fatal(err)
	}
}

func TestParquetCodecAndStatistics(t *testing.T) {
	for _, tt := range []struct {
		compression string
		want        compress.Compression
	}{
		{"", compress.Codecs.Zstd},
		{"snappy", compress.Codecs.Snappy},
		{"gzip", compress.Codecs.Gzip},
		{"none", compress.Codecs.Uncompressed},
	} {
		t.Run(tt.compression, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			path := writeNarrow(t, mem, Options{Dir: t.TempDir(), Compression: tt.compression}, 3000, 1000)
			r, err := file.OpenParquetFile(path, false)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			rg := r.MetaData().RowGroup(0)
			for c := range rg.NumColumns() {
				cc, err := rg.ColumnChunk(c)
				if err != nil {
					t.Fatal(err)
				}
				if cc.Compression() != tt.want {
					t.Errorf("column %d codec = %s, want %s", c, cc.Compression(), tt.want)
				}
				if ok, err := cc.StatsSet(); !ok || err != nil {
					t.Errorf("column %d has no statistics (%v)", c, err)
				}
			}
		})
	}
}

func TestRecordBytes(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	rec := narrowBatch(mem, 0, 1000)
	defer rec.Release()
	// id: 8 bytes a row, no bitmap (not nullable, no nulls appended is
	// still a bitmap in arrow-go: count it if present); c: 4-byte
	// offsets (n+1) and 100 bytes a row.
	bitmaps := int64(0)
	for _, c := range rec.Columns() {
		if c.Data().Buffers()[0] != nil {
			bitmaps += (int64(c.Len()) + 7) / 8
		}
	}
	if got, want := recordBytes(rec), 8*1000+4*1001+100*1000+bitmaps; got != want {
		t.Errorf("recordBytes = %d, want %d", got, want)
	}
	sl := rec.NewSlice(100, 200)
	defer sl.Release()
	bitmaps = 0
	for _, c := range sl.Columns() {
		if c.Data().Buffers()[0] != nil {
			bitmaps += (100 + 7) / 8
		}
	}
	if got, want := recordBytes(sl), 8*100+4*101+100*100+bitmaps; got != want {
		t.Errorf("recordBytes(slice) = %d, want %d", got, want)
	}
}

// randomBatch is rows of 64 KiB of random bytes, which no codec shrinks.
func randomBatch(mem memory.Allocator, sc *arrow.Schema, rows int) arrow.RecordBatch {
	b := array.NewRecordBuilder(mem, sc)
	defer b.Release()
	rng := rand.New(rand.NewPCG(1, 2))
	buf := make([]byte, 64<<10)
	for i := range rows {
		for j := range buf {
			buf[j] = byte(rng.Uint32())
		}
		b.Field(0).(*array.Int64Builder).Append(int64(i))
		b.Field(1).(*array.BinaryBuilder).Append(buf)
	}
	return b.NewRecordBatch()
}

var blobs = arrow.NewSchema([]arrow.Field{
	{Name: "id", Type: arrow.PrimitiveTypes.Int64},
	{Name: "b", Type: arrow.BinaryTypes.Binary, Nullable: true},
}, nil)

func TestParquetReplacesStaleArrowSchemaKey(t *testing.T) {
	md := arrow.NewMetadata([]string{arrowSchemaKey, "k"}, []string{"stale", "v"})
	sc := arrow.NewSchema(narrow.Fields(), &md)
	st, err := parquetStorageSchema(sc, memory.NewGoAllocator())
	if err != nil {
		t.Fatal(err)
	}
	got := st.Metadata()
	if n := strings.Count(strings.Join(got.Keys(), "\n"), arrowSchemaKey); n != 1 {
		t.Fatalf("%d ARROW:schema keys, want 1", n)
	}
	if v, _ := got.GetValue(arrowSchemaKey); v == "stale" {
		t.Error("the stale ARROW:schema was kept")
	}
	if v, _ := got.GetValue("k"); v != "v" {
		t.Error("schema metadata lost")
	}
}
