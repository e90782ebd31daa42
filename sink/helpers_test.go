package sink

import (
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/decimal256"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/parity-db/parity/extract"
	"github.com/parity-db/parity/schema"
)

// allTypes is every Arrow type the extractor produces, each field carrying
// metadata the way the extractor records the MySQL column type.
var allTypes = arrow.NewSchema([]arrow.Field{
	field("i8", arrow.PrimitiveTypes.Int8, "tinyint"),
	field("i16", arrow.PrimitiveTypes.Int16, "smallint"),
	field("i32", arrow.PrimitiveTypes.Int32, "int"),
	field("i64", arrow.PrimitiveTypes.Int64, "bigint"),
	field("u8", arrow.PrimitiveTypes.Uint8, "tinyint unsigned"),
	field("u16", arrow.PrimitiveTypes.Uint16, "smallint unsigned"),
	field("u32", arrow.PrimitiveTypes.Uint32, "int unsigned"),
	field("u64", arrow.PrimitiveTypes.Uint64, "bigint unsigned"),
	field("f32", arrow.PrimitiveTypes.Float32, "float"),
	field("f64", arrow.PrimitiveTypes.Float64, "double"),
	field("dec128", &arrow.Decimal128Type{Precision: 38, Scale: 10}, "decimal(38,10)"),
	field("dec256", &arrow.Decimal256Type{Precision: 65, Scale: 30}, "decimal(65,30)"),
	field("date", arrow.FixedWidthTypes.Date32, "date"),
	field("ts", &arrow.TimestampType{Unit: arrow.Microsecond}, "datetime(6)"),
	field("ts_utc", &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}, "timestamp(6)"),
	field("dur", &arrow.DurationType{Unit: arrow.Microsecond}, "time(6)"),
	field("s", arrow.BinaryTypes.String, "varchar(100)"),
	field("bin", arrow.BinaryTypes.Binary, "varbinary(100)"),
}, &tableMeta)

var tableMeta = arrow.NewMetadata([]string{"parity.table"}, []string{"db.all_types"})

func field(name string, t arrow.DataType, mysqlType string) arrow.Field {
	return arrow.Field{Name: name, Type: t, Nullable: true,
		Metadata: arrow.NewMetadata([]string{"mysql.type"}, []string{mysqlType})}
}

// row is one row of allTypes with the exact text each value must have in
// CSV. Columns named in null are NULL.
type row struct {
	null           []string
	i8             int8
	i16            int16
	i32            int32
	i64            int64
	u8             uint8
	u16            uint16
	u32            uint32
	u64            uint64
	f32            float32
	f32Text        string
	f64            float64
	f64Text        string
	dec128, dec256 string // exact, with every scale digit
	date           string
	ts, tsUTC      string // as CSV writes them
	dur            time.Duration
	durText        string
	s              string
	bin            []byte
}

var allNull = []string{"i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "f32", "f64",
	"dec128", "dec256", "date", "ts", "ts_utc", "dur", "s", "bin"}

var rows = []row{
	{ // lows
		i8: -128, i16: -32768, i32: -2147483648, i64: -9223372036854775808,
		f32: -1.5, f32Text: "-1.5", f64: -2.5e-300, f64Text: "-2.5e-300",
		dec128: "-" + strings.Repeat("9", 28) + "." + strings.Repeat("9", 10),
		dec256: "-" + strings.Repeat("9", 35) + "." + strings.Repeat("9", 30),
		date:   "1000-01-01", ts: "1000-01-01T00:00:00.000000", tsUTC: "1970-01-01T00:00:01.000000Z",
		dur: -(838*time.Hour + 59*time.Minute + 59*time.Second), durText: "-838:59:59.000000",
		s: "", bin: []byte{},
	},
	{ // highs
		i8: 127, i16: 32767, i32: 2147483647, i64: 9223372036854775807,
		u8: 255, u16: 65535, u32: 4294967295, u64: 18446744073709551615,
		f32: 3.4028235e+38, f32Text: "3.4028235e+38", f64: 1.7976931348623157e+308, f64Text: "1.7976931348623157e+308",
		dec128: strings.Repeat("9", 28) + "." + strings.Repeat("9", 10),
		dec256: strings.Repeat("9", 35) + "." + strings.Repeat("9", 30),
		date:   "9999-12-31", ts: "9999-12-31T23:59:59.999999", tsUTC: "2038-01-19T03:14:07.999999Z",
		dur: 838*time.Hour + 59*time.Minute + 59*time.Second + 999999*time.Microsecond, durText: "838:59:59.999999",
		s: "héllo, \"wörld\"\n😀", bin: []byte{0, 0, 1, 0xff, 0},
	},
	{null: allNull},
	{ // smallest steps
		i8: 1, i16: -1, i32: 1, i64: -1, u8: 1, u16: 1, u32: 1, u64: 1,
		f32: 0.1, f32Text: "0.1", f64: 0.1, f64Text: "0.1",
		dec128: "-0.0000000001", dec256: "0." + strings.Repeat("0", 29) + "1",
		date: "1970-01-01", ts: "2024-02-29T12:34:56.000001", tsUTC: "2024-02-29T12:34:56.123456Z",
		dur: -time.Microsecond, durText: "-00:00:00.000001",
		s: "😀", bin: []byte{0},
	},
	{ // some NULLs, the rest ordinary
		null: []string{"s", "bin", "dec256", "dur", "ts"},
		i8:   42, i16: 4242, i32: 424242, i64: 42424242424242, u8: 42, u16: 4242, u32: 424242, u64: 9223372036854775808,
		f32: 1e+30, f32Text: "1e+30", f64: 12345678.9, f64Text: "12345678.9",
		dec128: "12.3400000000", date: "2000-02-29", tsUTC: "1999-12-31T23:59:59.000000Z",
	},
	{
		dur: 25 * time.Hour, durText: "25:00:00.000000",
		dec128: "0.0000000000", dec256: "-1.000000000000000000000000000000",
		date: "1969-12-31", ts: "1969-12-31T23:59:59.999999", tsUTC: "1969-12-31T23:59:59.999999Z",
		f32Text: "0", f64Text: "0",
		s: ` leading space`, bin: []byte{0xde, 0xad, 0xbe, 0xef},
	},
	{
		dur: 0, durText: "00:00:00.000000",
		dec128: "1.0000000000", dec256: "1.000000000000000000000000000000",
		date: "2024-01-01", ts: "2024-01-01T00:00:00.000000", tsUTC: "2024-01-01T00:00:00.000000Z",
		f32Text: "0", f64Text: "0",
		s: `\.`, bin: []byte("a,\"b\"\n"),
	},
}

// batches splits rows into three batches (3, 2 and 2 rows).
var batchBounds = [][2]int{{0, 3}, {3, 5}, {5, 7}}

func buildBatch(t testing.TB, mem memory.Allocator, rs []row) arrow.RecordBatch {
	t.Helper()
	b := array.NewRecordBuilder(mem, allTypes)
	defer b.Release()
	for _, r := range rs {
		isNull := map[string]bool{}
		for _, n := range r.null {
			isNull[n] = true
		}
		for i, f := range allTypes.Fields() {
			fb := b.Field(i)
			if isNull[f.Name] {
				fb.AppendNull()
				continue
			}
			switch f.Name {
			case "i8":
				fb.(*array.Int8Builder).Append(r.i8)
			case "i16":
				fb.(*array.Int16Builder).Append(r.i16)
			case "i32":
				fb.(*array.Int32Builder).Append(r.i32)
			case "i64":
				fb.(*array.Int64Builder).Append(r.i64)
			case "u8":
				fb.(*array.Uint8Builder).Append(r.u8)
			case "u16":
				fb.(*array.Uint16Builder).Append(r.u16)
			case "u32":
				fb.(*array.Uint32Builder).Append(r.u32)
			case "u64":
				fb.(*array.Uint64Builder).Append(r.u64)
			case "f32":
				fb.(*array.Float32Builder).Append(r.f32)
			case "f64":
				fb.(*array.Float64Builder).Append(r.f64)
			case "dec128":
				fb.(*array.Decimal128Builder).Append(decimal128.FromBigInt(exactDecimal(t, r.dec128)))
			case "dec256":
				fb.(*array.Decimal256Builder).Append(decimal256.FromBigInt(exactDecimal(t, r.dec256)))
			case "date":
				fb.(*array.Date32Builder).Append(arrow.Date32(mustTime(t, time.DateOnly, r.date).Unix() / 86400))
			case "ts":
				fb.(*array.TimestampBuilder).Append(arrow.Timestamp(mustTime(t, "2006-01-02T15:04:05.000000", r.ts).UnixMicro()))
			case "ts_utc":
				fb.(*array.TimestampBuilder).Append(arrow.Timestamp(mustTime(t, "2006-01-02T15:04:05.000000Z07:00", r.tsUTC).UnixMicro()))
			case "dur":
				fb.(*array.DurationBuilder).Append(arrow.Duration(r.dur.Microseconds()))
			case "s":
				fb.(*array.StringBuilder).Append(r.s)
			case "bin":
				fb.(*array.BinaryBuilder).Append(r.bin)
			}
		}
	}
	return b.NewRecordBatch()
}

// exactDecimal reads "-12.34" as the unscaled integer -1234. (The arrow
// FromString functions go through a 128-bit float and lose digits of a
// DECIMAL(65,30).)
func exactDecimal(t testing.TB, s string) *big.Int {
	t.Helper()
	v, ok := new(big.Int).SetString(strings.Replace(s, ".", "", 1), 10)
	if !ok {
		t.Fatalf("bad decimal %q", s)
	}
	return v
}

func mustTime(t testing.TB, layout, s string) time.Time {
	t.Helper()
	v, err := time.Parse(layout, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// writeAll writes the three test batches through a fresh sink and commits.
func writeAll(t *testing.T, mem memory.Allocator, f Format, o Options, tbl *schema.Table) (extract.Output, []arrow.RecordBatch) {
	t.Helper()
	o.Alloc = mem
	s, err := New(f, o)
	if err != nil {
		t.Fatal(err)
	}
	ts, err := s.Open(tbl, allTypes)
	if err != nil {
		t.Fatal(err)
	}
	var recs []arrow.RecordBatch
	for _, bb := range batchBounds {
		rec := buildBatch(t, mem, rows[bb[0]:bb[1]])
		if err := ts.Write(rec); err != nil {
			ts.Abort()
			t.Fatal(err)
		}
		recs = append(recs, rec)
	}
	out, err := ts.Commit()
	if err != nil {
		ts.Abort()
		t.Fatal(err)
	}
	return out, recs
}

func releaseAll(recs []arrow.RecordBatch) {
	for _, r := range recs {
		r.Release()
	}
}
