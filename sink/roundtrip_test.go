package sink

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/parity-db/parity/extract"
	"github.com/parity-db/parity/schema"
)

var testTable = &schema.Table{Schema: "db", Name: "all_types"}

func TestRoundTripParquet(t *testing.T) {
	for _, comp := range []string{"", "zstd:6", "snappy", "gzip", "gzip:1", "none"} {
		t.Run("compression="+comp, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			dir := t.TempDir()
			out, recs := writeAll(t, mem, Parquet, Options{Dir: dir, Compression: comp}, testTable)
			defer releaseAll(recs)
			checkOutput(t, dir, out, "db.all_types.parquet")

			stored, read, tbl := readParquet(t, mem, filepath.Join(dir, out.Files[0]))
			defer tbl.Release()
			// TIME is stored as Int64 with its unit in the field metadata.
			want := storageSchema(allTypes)
			checkSchema(t, stored, want)
			got := make([]arrow.Array, tbl.NumCols())
			for i := range got {
				got[i] = concat(t, mem, tbl.Column(i).Data().Chunks())
				defer got[i].Release()
			}
			// pqarrow adds each field's Parquet field id to its metadata.
			checkSchema(t, schemaOf(read, got), want, "PARQUET:field_id")
			for i := range got {
				if allTypes.Field(i).Type.ID() == arrow.DURATION {
					got[i] = retype(got[i], allTypes.Field(i).Type)
					defer got[i].Release()
				}
			}
			checkColumns(t, mem, got, recs)
		})
	}
}

func TestRoundTripArrow(t *testing.T) {
	for _, comp := range []string{"", "zstd", "lz4"} {
		t.Run("compression="+comp, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			dir := t.TempDir()
			out, recs := writeAll(t, mem, Arrow, Options{Dir: dir, Compression: comp}, testTable)
			defer releaseAll(recs)
			checkOutput(t, dir, out, "db.all_types.arrows")

			f, err := os.Open(filepath.Join(dir, out.Files[0]))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			r, err := ipc.NewReader(f, ipc.WithAllocator(mem))
			if err != nil {
				t.Fatal(err)
			}
			defer r.Release()
			checkSchema(t, r.Schema(), allTypes)
			var read []arrow.RecordBatch
			for r.Next() {
				rec := r.RecordBatch()
				rec.Retain()
				read = append(read, rec)
			}
			if err := r.Err(); err != nil {
				t.Fatal(err)
			}
			defer releaseAll(read)
			if len(read) != len(recs) {
				t.Errorf("read %d batches, wrote %d", len(read), len(recs))
			}
			got := make([]arrow.Array, len(allTypes.Fields()))
			for i := range got {
				var chunks []arrow.Array
				for _, rec := range read {
					chunks = append(chunks, rec.Column(i))
				}
				got[i] = concat(t, mem, chunks)
				defer got[i].Release()
			}
			checkColumns(t, mem, got, recs)
		})
	}
}

func TestRoundTripCSV(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	dir := t.TempDir()
	out, recs := writeAll(t, mem, CSV, Options{Dir: dir}, testTable)
	releaseAll(recs)
	checkOutput(t, dir, out, "db.all_types.csv")

	f, err := os.Open(filepath.Join(dir, out.Files[0]))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var header []string
	for _, fl := range allTypes.Fields() {
		header = append(header, fl.Name)
	}
	if !slices.Equal(records[0], header) {
		t.Errorf("header = %q, want %q", records[0], header)
	}
	if len(records)-1 != len(rows) {
		t.Fatalf("read %d rows, wrote %d", len(records)-1, len(rows))
	}
	for i, r := range rows {
		want := csvText(r)
		for c, name := range header {
			if got := records[i+1][c]; got != want[c] {
				t.Errorf("row %d column %s = %q, want %q", i, name, got, want[c])
			}
		}
	}
}

// csvText is the row as CSV must show it, built from the literal texts in
// the test rows rather than from the sink's formatting code.
func csvText(r row) []string {
	hex := func(b []byte) string {
		const d = "0123456789abcdef"
		var s strings.Builder
		for _, c := range b {
			s.WriteByte(d[c>>4])
			s.WriteByte(d[c&15])
		}
		return s.String()
	}
	vals := map[string]string{
		"i8": strconv.Itoa(int(r.i8)), "i16": strconv.Itoa(int(r.i16)), "i32": strconv.Itoa(int(r.i32)),
		"i64": strconv.FormatInt(r.i64, 10), "u8": strconv.Itoa(int(r.u8)), "u16": strconv.Itoa(int(r.u16)),
		"u32": strconv.FormatUint(uint64(r.u32), 10), "u64": strconv.FormatUint(r.u64, 10),
		"f32": r.f32Text, "f64": r.f64Text, "dec128": r.dec128, "dec256": r.dec256,
		"date": r.date, "ts": r.ts, "ts_utc": r.tsUTC, "dur": r.durText, "s": r.s, "bin": hex(r.bin),
	}
	for _, n := range r.null {
		vals[n] = ""
	}
	var out []string
	for _, f := range allTypes.Fields() {
		out = append(out, vals[f.Name])
	}
	return out
}

// checkOutput wants exactly the one final file in dir, reported with its
// size on disk, and no temporary file left over.
func checkOutput(t *testing.T, dir string, out extract.Output, name string) {
	t.Helper()
	if !slices.Equal(out.Files, []string{name}) {
		t.Fatalf("Output.Files = %q, want [%q]", out.Files, name)
	}
	fi, err := os.Stat(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	if out.Bytes != fi.Size() || out.Bytes == 0 {
		t.Errorf("Output.Bytes = %d, file has %d", out.Bytes, fi.Size())
	}
	if got := dirNames(t, dir); !slices.Equal(got, []string{name}) {
		t.Errorf("directory holds %q, want only %q", got, name)
	}
}

// dirNames lists dir but for the journal, which lists the files of a run
// until the run commits its manifest (the tests here do not).
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	names := []string{}
	for _, e := range ents {
		if e.Name() != journalName {
			names = append(names, e.Name())
		}
	}
	return names
}

// readParquet returns the Arrow schema stored in the file and the table
// pqarrow reads from it.
func readParquet(t *testing.T, mem memory.Allocator, path string) (stored, read *arrow.Schema, tbl arrow.Table) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rdr, err := file.NewParquetReader(f, file.WithReadProps(parquet.NewReaderProperties(mem)))
	if err != nil {
		t.Fatal(err)
	}
	defer rdr.Close()

	enc := rdr.MetaData().KeyValueMetadata().FindValue(arrowSchemaKey)
	if enc == nil {
		t.Fatal("no ARROW:schema in the file metadata")
	}
	stored = decodeSchema(t, mem, *enc)
	fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{BatchSize: 1024}, mem)
	if err != nil {
		t.Fatal(err)
	}
	if read, err = fr.Schema(); err != nil {
		t.Fatal(err)
	}
	if tbl, err = fr.ReadTable(context.Background()); err != nil {
		t.Fatal(err)
	}
	return stored, read, tbl
}

func decodeSchema(t *testing.T, mem memory.Allocator, enc string) *arrow.Schema {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(enc)
	if err != nil {
		t.Fatal(err)
	}
	r, err := ipc.NewReader(bytes.NewReader(raw), ipc.WithAllocator(mem))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Release()
	return r.Schema()
}

// retype is a view of a's buffers as type dt; the caller releases both.
func retype(a arrow.Array, dt arrow.DataType) arrow.Array {
	d := a.Data()
	nd := array.NewData(dt, d.Len(), d.Buffers(), nil, d.NullN(), d.Offset())
	defer nd.Release()
	return array.MakeFromData(nd)
}

// schemaOf is sc with each field's type taken from the arrays read.
func schemaOf(sc *arrow.Schema, cols []arrow.Array) *arrow.Schema {
	fields := slices.Clone(sc.Fields())
	for i := range fields {
		fields[i].Type = cols[i].DataType()
	}
	md := sc.Metadata()
	return arrow.NewSchema(fields, &md)
}

// checkSchema wants every field of want back with the same type (time
// zone and unit included), nullability and metadata, and the schema
// metadata kept. Metadata keys a reader adds are named in ignore.
func checkSchema(t *testing.T, got, wantSchema *arrow.Schema, ignore ...string) {
	t.Helper()
	if got.NumFields() != wantSchema.NumFields() {
		t.Fatalf("read %d fields, wrote %d", got.NumFields(), wantSchema.NumFields())
	}
	for i, want := range wantSchema.Fields() {
		g := got.Field(i)
		if g.Name != want.Name || !arrow.TypeEqual(g.Type, want.Type) || g.Nullable != want.Nullable {
			t.Errorf("field %d = %s, want %s", i, g, want)
		}
		md := g.Metadata
		for _, k := range ignore {
			if i := md.FindKey(k); i >= 0 {
				keys, vals := slices.Delete(slices.Clone(md.Keys()), i, i+1), slices.Delete(slices.Clone(md.Values()), i, i+1)
				md = arrow.NewMetadata(keys, vals)
			}
		}
		if !md.Equal(want.Metadata) {
			t.Errorf("field %s metadata = %v, want %v", want.Name, g.Metadata, want.Metadata)
		}
	}
	if v, ok := got.Metadata().GetValue("parity.table"); !ok || v != "db.all_types" {
		t.Errorf("schema metadata = %v, want parity.table=db.all_types kept", got.Metadata())
	}
}

func concat(t *testing.T, mem memory.Allocator, chunks []arrow.Array) arrow.Array {
	t.Helper()
	a, err := array.Concatenate(chunks, mem)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// checkColumns compares every value exactly, column by column.
func checkColumns(t *testing.T, mem memory.Allocator, got []arrow.Array, recs []arrow.RecordBatch) {
	t.Helper()
	for i, f := range allTypes.Fields() {
		var chunks []arrow.Array
		for _, rec := range recs {
			chunks = append(chunks, rec.Column(i))
		}
		want := concat(t, mem, chunks)
		if !array.Equal(got[i], want) {
			t.Errorf("column %s:\n got %v\nwant %v", f.Name, got[i], want)
		}
		want.Release()
	}
}
