package sink

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/klauspost/compress/zstd"
)

func TestParseDialect(t *testing.T) {
	for in, want := range map[string]Dialect{"": RFC4180, "rfc4180": RFC4180, " MySQL ": MySQL, "bigquery": BigQuery} {
		if got, err := ParseDialect(in); got != want || err != nil {
			t.Errorf("ParseDialect(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseDialect("excel"); !errors.Is(err, ErrUnknownDialect) || !strings.Contains(err.Error(), "rfc4180, mysql or bigquery") {
		t.Errorf("ParseDialect(excel) error = %v", err)
	}
}

// TestCSVDialects pins the bytes each dialect writes for the rows that
// are easiest to get wrong: NULL, empty values, quotes, backslashes,
// control characters, timestamps, binary and YEAR.
func TestCSVDialects(t *testing.T) {
	sc := arrow.NewSchema([]arrow.Field{
		field("s", arrow.BinaryTypes.String, "varchar(20)"),
		field("b", arrow.BinaryTypes.Binary, "varbinary(20)"),
		field("ts", &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}, "timestamp(6)"),
		field("dt", &arrow.TimestampType{Unit: arrow.Microsecond}, "datetime(6)"),
		field("y", arrow.PrimitiveTypes.Uint16, "year"),
		field("n", arrow.PrimitiveTypes.Int32, "int"),
	}, nil)
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	bld := array.NewRecordBuilder(mem, sc)
	defer bld.Release()
	s, b := bld.Field(0).(*array.StringBuilder), bld.Field(1).(*array.BinaryBuilder)
	ts, dt := bld.Field(2).(*array.TimestampBuilder), bld.Field(3).(*array.TimestampBuilder)
	y, n := bld.Field(4).(*array.Uint16Builder), bld.Field(5).(*array.Int32Builder)
	// NULLs; empty values; special text.
	s.AppendNull()
	b.AppendNull()
	ts.AppendNull()
	dt.AppendNull()
	y.AppendNull()
	n.AppendNull()
	s.Append("")
	b.Append([]byte{})
	ts.Append(arrow.Timestamp(2147483647999999))
	dt.Append(arrow.Timestamp(-30610224000000000)) // 1000-01-01
	y.Append(0)
	n.Append(-1)
	s.Append("a\"b\\c,\n\r\x00\x1a\\N")
	b.Append([]byte{0, 0xff, ','})
	ts.Append(0)
	dt.Append(arrow.Timestamp(1500000))
	y.Append(1901)
	n.Append(7)
	s.Append(`\N`)
	b.Append([]byte("x"))
	ts.Append(1)
	dt.Append(1)
	y.Append(2155)
	n.Append(0)
	rec := bld.NewRecordBatch()
	defer rec.Release()

	tests := []struct {
		d    Dialect
		want string
	}{
		{RFC4180, "s,b,ts,dt,y,n\n" +
			",,,,,\n" +
			`"","",2038-01-19T03:14:07.999999Z,1000-01-01T00:00:00.000000,0,-1` + "\n" +
			"\"a\"\"b\\c,\n\r\x00\x1a\\N\",00ff2c,1970-01-01T00:00:00.000000Z,1970-01-01T00:00:01.500000,1901,7\n" +
			`\N,78,1970-01-01T00:00:00.000001Z,1970-01-01T00:00:00.000001,2155,0` + "\n"},
		{MySQL, `\N,\N,\N,\N,\N,\N` + "\n" +
			`"","",2038-01-19 03:14:07.999999,1000-01-01 00:00:00.000000,0000,-1` + "\n" +
			`"a\"b\\c,\n\r\0\Z\\N",00ff2c,1970-01-01 00:00:00.000000,1970-01-01 00:00:01.500000,1901,7` + "\n" +
			`"\\N",78,1970-01-01 00:00:00.000001,1970-01-01 00:00:00.000001,2155,0` + "\n"},
		{BigQuery, "s,b,ts,dt,y,n\n" +
			`\N,\N,\N,\N,\N,\N` + "\n" +
			`"","",2038-01-19 03:14:07.999999+00:00,1000-01-01 00:00:00.000000,0,-1` + "\n" +
			"\"a\"\"b\\c,\n\r\x00\x1a\\N\",AP8s,1970-01-01 00:00:00.000000+00:00,1970-01-01 00:00:01.500000,1901,7\n" +
			`"\N",eA==,1970-01-01 00:00:00.000001+00:00,1970-01-01 00:00:00.000001,2155,0` + "\n"},
	}
	for _, tt := range tests {
		t.Run(string(tt.d), func(t *testing.T) {
			dir := t.TempDir()
			got := writeCSV(t, mem, Options{Dir: dir, CSVDialect: tt.d}, sc, rec)
			if got != tt.want {
				t.Errorf("csv =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// writeCSV writes rec as table db.t and returns the file's text.
func writeCSV(t *testing.T, mem memory.Allocator, o Options, sc *arrow.Schema, rec arrow.RecordBatch) string {
	t.Helper()
	o.Alloc = mem
	s, err := New(CSV, o)
	if err != nil {
		t.Fatal(err)
	}
	ts, err := s.Open(testTable, sc)
	if err != nil {
		t.Fatal(err)
	}
	if err := ts.Write(rec); err != nil {
		ts.Abort()
		t.Fatal(err)
	}
	out, err := ts.Commit()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(o.Dir, out.Files[0]))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestCSVCompressed: gzip and zstd files decompress to exactly the bytes
// of the plain file, under the names loaders recognize.
func TestCSVCompressed(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	plainDir := t.TempDir()
	plainOut, recs := writeAll(t, mem, CSV, Options{Dir: plainDir}, testTable)
	releaseAll(recs)
	plain, err := os.ReadFile(filepath.Join(plainDir, plainOut.Files[0]))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		compression, name string
		open              func(io.Reader) (io.Reader, error)
	}{
		{"gzip", "db.all_types.csv.gz", func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) }},
		{"gzip:1", "db.all_types.csv.gz", func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) }},
		{"zstd", "db.all_types.csv.zst", func(r io.Reader) (io.Reader, error) { return zstd.NewReader(r) }},
		{"zstd:19", "db.all_types.csv.zst", func(r io.Reader) (io.Reader, error) { return zstd.NewReader(r) }},
	} {
		t.Run(tt.compression, func(t *testing.T) {
			dir := t.TempDir()
			out, recs := writeAll(t, mem, CSV, Options{Dir: dir, Compression: tt.compression}, testTable)
			releaseAll(recs)
			checkOutput(t, dir, out, tt.name)
			f, err := os.ReadFile(filepath.Join(dir, tt.name))
			if err != nil {
				t.Fatal(err)
			}
			r, err := tt.open(bytes.NewReader(f))
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(r)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, plain) {
				t.Errorf("decompressed %d bytes differ from the plain file's %d", len(got), len(plain))
			}
		})
	}
}
