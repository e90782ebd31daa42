package sink

import (
	"bytes"
	"fmt"
	"math/big"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/decimal256"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/metadata"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	pqschema "github.com/apache/arrow-go/v18/parquet/schema"

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
// the memory the writer holds to stay what one row group needs, plus the
// batch it may still be encoding when Write returns.
func TestParquetMemoryBounded(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	probe := narrowBatch(mem, 0, 1000)
	batch := mem.CurrentAlloc()
	probe.Release()
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
	t.Logf("held: first 8 batches up to %d bytes, later up to %d; a batch is %d", early, late, batch)
	if late > early*3/2+batch {
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
		{"zstd:6", compress.Codecs.Zstd},
		{"snappy", compress.Codecs.Snappy},
		{"gzip", compress.Codecs.Gzip},
		{"gzip:1", compress.Codecs.Gzip},
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

// digitsBatch is rows like sysbench's c column, random digits in groups,
// which each codec and level compresses to a different size.
func digitsBatch(mem memory.Allocator, rows int) arrow.RecordBatch {
	rng := rand.New(rand.NewPCG(3, 4))
	b := array.NewRecordBuilder(mem, narrow)
	defer b.Release()
	var s []byte
	for i := range rows {
		s = s[:0]
		for j := range 119 {
			if j%12 == 11 {
				s = append(s, '-')
			} else {
				s = append(s, byte('0'+rng.IntN(10)))
			}
		}
		b.Field(0).(*array.Int64Builder).Append(int64(i))
		b.Field(1).(*array.StringBuilder).Append(string(s))
	}
	return b.NewRecordBatch()
}

// TestParquetCompressionLevel: the level reaches the codec. Only the
// size shows it: zstd's default must be level 1 and differ from level 3
// (the library's default), and gzip:9 must beat gzip:1.
func TestParquetCompressionLevel(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	rec := digitsBatch(mem, 5000)
	defer rec.Release()
	size := map[string]int64{}
	for _, c := range []string{"", "zstd:1", "zstd:3", "gzip:1", "gzip:9"} {
		s, err := New(Parquet, Options{Dir: t.TempDir(), Compression: c, Alloc: mem})
		if err != nil {
			t.Fatal(err)
		}
		ts, err := s.Open(&schema.Table{Schema: "db", Name: "digits"}, narrow)
		if err != nil {
			t.Fatal(err)
		}
		if err := ts.Write(rec); err != nil {
			ts.Abort()
			t.Fatal(err)
		}
		out, err := ts.Commit()
		if err != nil {
			ts.Abort()
			t.Fatal(err)
		}
		size[c] = out.Bytes
	}
	t.Logf("file sizes: %v", size)
	if size[""] != size["zstd:1"] {
		t.Errorf("default zstd wrote %d bytes, zstd:1 %d: the default is not level 1", size[""], size["zstd:1"])
	}
	if size["zstd:1"] == size["zstd:3"] {
		t.Errorf("zstd:1 and zstd:3 both wrote %d bytes: the level is ignored", size["zstd:1"])
	}
	if size["gzip:9"] >= size["gzip:1"] {
		t.Errorf("gzip:9 wrote %d bytes, gzip:1 %d: the level is ignored", size["gzip:9"], size["gzip:1"])
	}
}

// TestParquetDictionary: a column of few distinct values is dictionary
// encoded; a unique key falls back to plain encoding.
func TestParquetDictionary(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	b := array.NewRecordBuilder(mem, narrow)
	for i := range 100000 {
		b.Field(0).(*array.Int64Builder).Append(int64(i))
		b.Field(1).(*array.StringBuilder).Append([]string{"new", "paid", "shipped", "returned"}[i%4])
	}
	rec := b.NewRecordBatch()
	b.Release()
	defer rec.Release()
	dir := t.TempDir()
	s, err := New(Parquet, Options{Dir: dir, Alloc: mem})
	if err != nil {
		t.Fatal(err)
	}
	ts, err := s.Open(&schema.Table{Schema: "db", Name: "orders"}, narrow)
	if err != nil {
		t.Fatal(err)
	}
	if err := ts.Write(rec); err != nil {
		ts.Abort()
		t.Fatal(err)
	}
	out, err := ts.Commit()
	if err != nil {
		ts.Abort()
		t.Fatal(err)
	}
	r, err := file.OpenParquetFile(filepath.Join(dir, out.Files[0]), false)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	rg := r.MetaData().RowGroup(0)
	for c, want := range []bool{false, true} {
		cc, err := rg.ColumnChunk(c)
		if err != nil {
			t.Fatal(err)
		}
		if got := cc.HasDictionaryPage(); got != want {
			t.Errorf("column %s: dictionary page %v, want %v (encodings %v)", narrow.Field(c).Name, got, want, cc.Encodings())
		}
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
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	md := arrow.NewMetadata([]string{arrowSchemaKey, "k"}, []string{"stale", "v"})
	sc := arrow.NewSchema(narrow.Fields(), &md)
	kv, err := parquetMetadata(sc, mem)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(strings.Join(kv.Keys(), "\n"), arrowSchemaKey); n != 1 {
		t.Fatalf("%d ARROW:schema keys, want 1", n)
	}
	v := kv.FindValue(arrowSchemaKey)
	if v == nil || *v == "stale" {
		t.Fatal("the stale ARROW:schema was kept")
	}
	stored := decodeSchema(t, mem, *v)
	if _, ok := stored.Metadata().GetValue(arrowSchemaKey); ok {
		t.Error("the stored schema carries the stale ARROW:schema inside")
	}
	if got, _ := stored.Metadata().GetValue("k"); got != "v" {
		t.Error("schema metadata lost from the stored schema")
	}
	if got := kv.FindValue("k"); got == nil || *got != "v" {
		t.Error("schema metadata lost from the file metadata")
	}
}

// wide is 20 columns of every type the extractor produces, nullable and
// not, for the parallel encoder.
var wide = func() *arrow.Schema {
	types := []arrow.DataType{
		arrow.PrimitiveTypes.Int8, arrow.PrimitiveTypes.Int16, arrow.PrimitiveTypes.Int32, arrow.PrimitiveTypes.Int64,
		arrow.PrimitiveTypes.Uint8, arrow.PrimitiveTypes.Uint16, arrow.PrimitiveTypes.Uint32, arrow.PrimitiveTypes.Uint64,
		arrow.PrimitiveTypes.Float32, arrow.PrimitiveTypes.Float64,
		&arrow.Decimal128Type{Precision: 38, Scale: 10}, &arrow.Decimal256Type{Precision: 65, Scale: 30},
		arrow.FixedWidthTypes.Date32, &arrow.TimestampType{Unit: arrow.Microsecond},
		&arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}, &arrow.DurationType{Unit: arrow.Microsecond},
		arrow.BinaryTypes.String, arrow.BinaryTypes.Binary, arrow.BinaryTypes.String, arrow.PrimitiveTypes.Int64,
	}
	fields := make([]arrow.Field, len(types))
	for i, dt := range types {
		fields[i] = arrow.Field{Name: fmt.Sprintf("c%02d_%s", i, dt.ID()), Type: dt, Nullable: i%3 != 0}
	}
	return arrow.NewSchema(fields, nil)
}()

// wideBatch is rows of random values; nullable columns are a tenth NULL,
// except column 1, which is all NULL in odd batches.
func wideBatch(mem memory.Allocator, seq, rows int) arrow.RecordBatch {
	rng := rand.New(rand.NewPCG(uint64(seq), 9))
	b := array.NewRecordBuilder(mem, wide)
	defer b.Release()
	for range rows {
		for c, f := range wide.Fields() {
			fb := b.Field(c)
			if f.Nullable && (rng.IntN(10) == 0 || c == 1 && seq%2 == 1) {
				fb.AppendNull()
				continue
			}
			v := rng.Int64()
			switch fb := fb.(type) {
			case *array.Int8Builder:
				fb.Append(int8(v))
			case *array.Int16Builder:
				fb.Append(int16(v))
			case *array.Int32Builder:
				fb.Append(int32(v))
			case *array.Int64Builder:
				fb.Append(v)
			case *array.Uint8Builder:
				fb.Append(uint8(v))
			case *array.Uint16Builder:
				fb.Append(uint16(v))
			case *array.Uint32Builder:
				fb.Append(uint32(v))
			case *array.Uint64Builder:
				fb.Append(uint64(v))
			case *array.Float32Builder:
				fb.Append(rng.Float32())
			case *array.Float64Builder:
				fb.Append(rng.NormFloat64())
			case *array.Decimal128Builder:
				fb.Append(decimal128.FromI64(v))
			case *array.Decimal256Builder:
				fb.Append(decimal256.FromI64(v))
			case *array.Date32Builder:
				fb.Append(arrow.Date32(v % 3000000))
			case *array.TimestampBuilder:
				fb.Append(arrow.Timestamp(v % 253402300800000000))
			case *array.DurationBuilder:
				fb.Append(arrow.Duration(v % 3020399000000))
			case *array.StringBuilder:
				s := strconv.FormatUint(uint64(v), 36)
				fb.Append(s[:rng.IntN(len(s)+1)])
			case *array.BinaryBuilder:
				s := strconv.FormatUint(uint64(v), 16)
				fb.Append([]byte(s[:rng.IntN(len(s)+1)]))
			default:
				panic(fmt.Sprintf("wideBatch: no generator for %T", fb))
			}
		}
	}
	return b.NewRecordBatch()
}

// TestParquetParallelColumns writes 20 columns, encoded in parallel, in
// batches that straddle row groups, and wants every value back.
func TestParquetParallelColumns(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	dir := t.TempDir()
	s, err := New(Parquet, Options{Dir: dir, RowGroupRows: 1000, Alloc: mem})
	if err != nil {
		t.Fatal(err)
	}
	ts, err := s.Open(&schema.Table{Schema: "db", Name: "wide"}, wide)
	if err != nil {
		t.Fatal(err)
	}
	ts.(*tableSink).cur.(*parquetTable).workers = 8 // parallel even where GOMAXPROCS is 1
	var recs []arrow.RecordBatch
	defer func() { releaseAll(recs) }()
	for seq := range 5 {
		rec := wideBatch(mem, seq, 600)
		recs = append(recs, rec)
		if err := ts.Write(rec); err != nil {
			ts.Abort()
			t.Fatal(err)
		}
	}
	out, err := ts.Commit()
	if err != nil {
		ts.Abort()
		t.Fatal(err)
	}
	path := filepath.Join(dir, out.Files[0])
	if got := rowGroups(t, path); fmt.Sprint(got) != "[1000 1000 1000]" {
		t.Errorf("row groups = %v, want [1000 1000 1000]", got)
	}

	stored, _, tbl := readParquet(t, mem, path)
	defer tbl.Release()
	if want := storageSchema(wide); !stored.Equal(want) {
		t.Errorf("stored schema:\n%s\nwant:\n%s", stored, want)
	}
	for i, f := range wide.Fields() {
		got := concat(t, mem, tbl.Column(i).Data().Chunks())
		if f.Type.ID() == arrow.DURATION {
			view := retype(got, f.Type)
			got.Release()
			got = view
		}
		var chunks []arrow.Array
		for _, rec := range recs {
			chunks = append(chunks, rec.Column(i))
		}
		want := concat(t, mem, chunks)
		if !array.Equal(got, want) {
			t.Errorf("column %s differs", f.Name)
		}
		got.Release()
		want.Release()
	}
}

// TestParquetStoredSchemaAsPqarrow: "ARROW:schema" holds the same bytes
// pqarrow's WithStoreSchema writes for the storage schema, which is what
// Arrow C++ and pyarrow read, and parity.mysql_types follows it.
func TestParquetStoredSchemaAsPqarrow(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	sc := storageSchema(allTypes)

	var buf bytes.Buffer
	fw, err := pqarrow.NewFileWriter(sc, &buf, parquet.NewWriterProperties(parquet.WithAllocator(mem)),
		pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema(), pqarrow.WithAllocator(mem)))
	if err != nil {
		t.Fatal(err)
	}
	if err := fw.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := file.NewParquetReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	want := r.MetaData().KeyValueMetadata()

	got, err := parquetMetadata(sc, mem)
	if err != nil {
		t.Fatal(err)
	}
	wantKeys := append(slices.Clone(want.Keys()), mysqlTypesKey)
	if !slices.Equal(got.Keys(), wantKeys) || !slices.Equal(got.Values()[:len(want.Values())], want.Values()) {
		t.Errorf("file metadata:\n got %q\nwant %q", got.Keys(), wantKeys)
	}
	types := *got.FindValue(mysqlTypesKey)
	if !strings.Contains(types, `"dur":"time(6)"`) || !strings.Contains(types, `"dec256":"decimal(65,30)"`) {
		t.Errorf("%s = %s, want every column's mysql.type", mysqlTypesKey, types)
	}
}

// TestParquetColumnRepresentation: decimal256 is a 32-byte
// FIXED_LEN_BYTE_ARRAY DECIMAL whose statistics are the exact signed
// extremes, and a TIME (Duration) column is a plain signed INT64.
func TestParquetColumnRepresentation(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	dir := t.TempDir()
	out, recs := writeAll(t, mem, Parquet, Options{Dir: dir}, testTable)
	releaseAll(recs)
	r, err := file.OpenParquetFile(filepath.Join(dir, out.Files[0]), false)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	sc := r.MetaData().Schema
	dec := sc.Column(sc.ColumnIndexByName("dec256"))
	if dec.PhysicalType() != parquet.Types.FixedLenByteArray || dec.TypeLength() != 32 {
		t.Errorf("dec256 is %s(%d), want FIXED_LEN_BYTE_ARRAY(32)", dec.PhysicalType(), dec.TypeLength())
	}
	if lt, ok := dec.LogicalType().(pqschema.DecimalLogicalType); !ok || lt.Precision() != 65 || lt.Scale() != 30 {
		t.Errorf("dec256 logical type %s, want Decimal(65,30)", dec.LogicalType())
	}
	dur := sc.Column(sc.ColumnIndexByName("dur"))
	if dur.PhysicalType() != parquet.Types.Int64 || dur.LogicalType().IsValid() && !dur.LogicalType().Equals(pqschema.NewIntLogicalType(64, true)) {
		t.Errorf("dur is %s %s, want a signed INT64", dur.PhysicalType(), dur.LogicalType())
	}

	var lo, hi *big.Int
	for g := range r.NumRowGroups() {
		cc, err := r.MetaData().RowGroup(g).ColumnChunk(sc.ColumnIndexByName("dec256"))
		if err != nil {
			t.Fatal(err)
		}
		st, err := cc.Statistics()
		if err != nil || st == nil || !st.HasMinMax() {
			t.Fatalf("dec256 row group %d: no statistics (%v)", g, err)
		}
		fs := st.(*metadata.FixedLenByteArrayStatistics)
		min, max := signedBigEndian(fs.Min()), signedBigEndian(fs.Max())
		if lo == nil || min.Cmp(lo) < 0 {
			lo = min
		}
		if hi == nil || max.Cmp(hi) > 0 {
			hi = max
		}
	}
	nines := strings.Repeat("9", 65)
	if want := exactDecimal(t, "-"+nines); lo.Cmp(want) != 0 {
		t.Errorf("dec256 min statistic %s, want %s", lo, want)
	}
	if want := exactDecimal(t, nines); hi.Cmp(want) != 0 {
		t.Errorf("dec256 max statistic %s, want %s", hi, want)
	}
}

// signedBigEndian reads a two's complement big-endian integer.
func signedBigEndian(b []byte) *big.Int {
	v := new(big.Int).SetBytes(b)
	if len(b) > 0 && b[0]&0x80 != 0 {
		v.Sub(v, new(big.Int).Lsh(big.NewInt(1), uint(8*len(b))))
	}
	return v
}
