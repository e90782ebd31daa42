package sink

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// TestCSVText pins the exact bytes: quoting, NULL as an empty field and
// the empty string as "".
func TestCSVText(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	dir := t.TempDir()
	out, recs := writeAll(t, mem, CSV, Options{Dir: dir}, testTable)
	releaseAll(recs)
	got, err := os.ReadFile(filepath.Join(dir, out.Files[0]))
	if err != nil {
		t.Fatal(err)
	}
	const want = "i8,i16,i32,i64,u8,u16,u32,u64,f32,f64,dec128,dec256,date,ts,ts_utc,dur,s,bin\n" +
		`-128,-32768,-2147483648,-9223372036854775808,0,0,0,0,-1.5,-2.5e-300,-9999999999999999999999999999.9999999999,-99999999999999999999999999999999999.999999999999999999999999999999,1000-01-01,1000-01-01T00:00:00.000000,1970-01-01T00:00:01.000000Z,-838:59:59.000000,"",""` + "\n" +
		`127,32767,2147483647,9223372036854775807,255,65535,4294967295,18446744073709551615,3.4028235e+38,1.7976931348623157e+308,9999999999999999999999999999.9999999999,99999999999999999999999999999999999.999999999999999999999999999999,9999-12-31,9999-12-31T23:59:59.999999,2038-01-19T03:14:07.999999Z,838:59:59.999999,"héllo, ""wörld""` + "\n" + `😀",000001ff00` + "\n" +
		",,,,,,,,,,,,,,,,,\n" +
		`1,-1,1,-1,1,1,1,1,0.1,0.1,-0.0000000001,0.000000000000000000000000000001,1970-01-01,2024-02-29T12:34:56.000001,2024-02-29T12:34:56.123456Z,-00:00:00.000001,😀,00` + "\n" +
		`42,4242,424242,42424242424242,42,4242,424242,9223372036854775808,1e+30,12345678.9,12.3400000000,,2000-02-29,,1999-12-31T23:59:59.000000Z,,,` + "\n" +
		`0,0,0,0,0,0,0,0,0,0,0.0000000000,-1.000000000000000000000000000000,1969-12-31,1969-12-31T23:59:59.999999,1969-12-31T23:59:59.999999Z,25:00:00.000000," leading space",deadbeef` + "\n" +
		`0,0,0,0,0,0,0,0,0,0,1.0000000000,1.000000000000000000000000000000,2024-01-01,2024-01-01T00:00:00.000000,2024-01-01T00:00:00.000000Z,00:00:00.000000,"\.",612c2262220a` + "\n"
	if string(got) != want {
		t.Errorf("csv =\n%s\nwant\n%s", got, want)
	}
}

func TestAppendClock(t *testing.T) {
	tests := []struct {
		v    int64
		unit arrow.TimeUnit
		want string
	}{
		{0, arrow.Microsecond, "00:00:00.000000"},
		{1, arrow.Microsecond, "00:00:00.000001"},
		{-1, arrow.Microsecond, "-00:00:00.000001"},
		{(838*3600 + 59*60 + 59) * 1e6, arrow.Microsecond, "838:59:59.000000"},
		{-(25 * 3600 * 1e6), arrow.Microsecond, "-25:00:00.000000"},
		{3723, arrow.Second, "01:02:03"},
		{-3723_004, arrow.Millisecond, "-01:02:03.004"},
		{1, arrow.Nanosecond, "00:00:00.000000001"},
		{math.MinInt64, arrow.Nanosecond, "-2562047:47:16.854775808"},
		{math.MaxInt64, arrow.Microsecond, "2562047788:00:54.775807"},
	}
	for _, tt := range tests {
		if got := string(appendClock(nil, tt.v, tt.unit)); got != tt.want {
			t.Errorf("appendClock(%d, %s) = %q, want %q", tt.v, tt.unit, got, tt.want)
		}
	}
}

// TestCSVOtherTypes covers the types the extractor does not produce today
// but that the CSV writer accepts.
func TestCSVOtherTypes(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	berlin := &arrow.TimestampType{Unit: arrow.Millisecond, TimeZone: "Europe/Berlin"}
	sc := arrow.NewSchema([]arrow.Field{
		{Name: "b", Type: arrow.FixedWidthTypes.Boolean, Nullable: true},
		{Name: "ts_s", Type: &arrow.TimestampType{Unit: arrow.Second}},
		{Name: "ts_berlin", Type: berlin},
		{Name: "t64", Type: arrow.FixedWidthTypes.Time64us},
		{Name: "ls", Type: arrow.BinaryTypes.LargeString},
		{Name: "fsb", Type: &arrow.FixedSizeBinaryType{ByteWidth: 2}},
		{Name: "enum", Type: &arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int8, ValueType: arrow.BinaryTypes.String}},
	}, nil)
	b := array.NewRecordBuilder(mem, sc)
	defer b.Release()
	b.Field(0).(*array.BooleanBuilder).AppendValues([]bool{true, false}, nil)
	b.Field(1).(*array.TimestampBuilder).AppendValues([]arrow.Timestamp{0, 86399}, nil)
	summer := time.Date(2024, 7, 1, 10, 0, 0, 5e6, time.UTC).UnixMilli()
	b.Field(2).(*array.TimestampBuilder).AppendValues([]arrow.Timestamp{arrow.Timestamp(summer), 0}, nil)
	b.Field(3).(*array.Time64Builder).AppendValues([]arrow.Time64{0, 86399999999}, nil)
	b.Field(4).(*array.LargeStringBuilder).AppendValues([]string{"x", ""}, nil)
	b.Field(5).(*array.FixedSizeBinaryBuilder).AppendValues([][]byte{{0, 1}, {0xab, 0xcd}}, nil)
	db := b.Field(6).(*array.BinaryDictionaryBuilder)
	db.AppendString("small")
	db.AppendString("large")
	rec := b.NewRecordBatch()
	defer rec.Release()

	dir := t.TempDir()
	s, err := New(CSV, Options{Dir: dir, Alloc: mem})
	if err != nil {
		t.Fatal(err)
	}
	ts, err := s.Open(testTable, sc)
	if err != nil {
		t.Fatal(err)
	}
	if err := ts.Write(rec); err != nil {
		t.Fatal(err)
	}
	out, err := ts.Commit()
	if err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(dir, out.Files[0]))
	want := "b,ts_s,ts_berlin,t64,ls,fsb,enum\n" +
		"true,1970-01-01T00:00:00,2024-07-01T12:00:00.005+02:00,00:00:00.000000,x,0001,small\n" +
		`false,1970-01-01T23:59:59,1970-01-01T01:00:00.000+01:00,23:59:59.999999,"",abcd,large` + "\n"
	if string(got) != want {
		t.Errorf("csv =\n%s\nwant\n%s", got, want)
	}
}

func TestCSVUnsupportedType(t *testing.T) {
	dir := t.TempDir()
	s, err := New(CSV, Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	sc := arrow.NewSchema([]arrow.Field{{Name: "l", Type: arrow.ListOf(arrow.PrimitiveTypes.Int32)}}, nil)
	if _, err := s.Open(testTable, sc); !errors.Is(err, ErrUnsupportedType) {
		t.Errorf("Open with a list column: error = %v, want ErrUnsupportedType", err)
	}
	if got := dirNames(t, dir); len(got) != 0 {
		t.Errorf("a failed Open left %q", got)
	}
}
