package sink

import (
	"bytes"
	"database/sql/driver"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/decimal256"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/parity-db/parity/extract"
)

// bufferObject is an Object that keeps what is written in memory.
type bufferObject struct{ bytes.Buffer }

func (b *bufferObject) Close() (int64, error) { return int64(b.Len()), nil }
func (b *bufferObject) Publish() error        { return nil }
func (b *bufferObject) Abort() error          { return nil }

// textTypes are the columns rowText renders, each with values as the
// driver delivers them: int64 for integers up to signed BIGINT, uint64 for
// BIGINT UNSIGNED, bytes for text and binary.
var textTypes = []struct {
	f      arrow.Field
	values func(r *rand.Rand) driver.Value
}{
	{field("i8", arrow.PrimitiveTypes.Int8, "tinyint(4)"), intsIn(math.MinInt8, math.MaxInt8)},
	{field("i16", arrow.PrimitiveTypes.Int16, "smallint(6)"), intsIn(math.MinInt16, math.MaxInt16)},
	{field("i24", arrow.PrimitiveTypes.Int32, "mediumint(9)"), intsIn(-1<<23, 1<<23-1)},
	{field("i32", arrow.PrimitiveTypes.Int32, "int"), intsIn(math.MinInt32, math.MaxInt32)},
	{field("i64", arrow.PrimitiveTypes.Int64, "bigint(20)"), intsIn(math.MinInt64, math.MaxInt64)},
	{field("u8", arrow.PrimitiveTypes.Uint8, "tinyint(3) unsigned"), intsIn(0, math.MaxUint8)},
	{field("u16", arrow.PrimitiveTypes.Uint16, "smallint unsigned"), intsIn(0, math.MaxUint16)},
	{field("u32", arrow.PrimitiveTypes.Uint32, "int(10) unsigned"), intsIn(0, math.MaxUint32)},
	{field("u64", arrow.PrimitiveTypes.Uint64, "bigint unsigned"), func(r *rand.Rand) driver.Value {
		return []uint64{0, 1, math.MaxUint64, 1 << 63, r.Uint64()}[r.IntN(5)]
	}},
	{field("d", &arrow.Decimal128Type{Precision: 10, Scale: 2}, "decimal(10,2)"), decimals(10, 2)},
	{field("dz", &arrow.Decimal128Type{Precision: 5, Scale: 0}, "decimal(5,0)"), decimals(5, 0)},
	{field("df", &arrow.Decimal128Type{Precision: 4, Scale: 4}, "decimal(4,4)"), decimals(4, 4)},
	{field("dw", &arrow.Decimal256Type{Precision: 65, Scale: 30}, "decimal(65,30)"), decimals(65, 30)},
	{field("dt", arrow.FixedWidthTypes.Date32, "date"), dateTexts(false, 0)},
	{field("dtm", &arrow.TimestampType{Unit: arrow.Microsecond}, "datetime"), dateTexts(true, 0)},
	{field("dtm3", &arrow.TimestampType{Unit: arrow.Microsecond}, "datetime(3)"), dateTexts(true, 3)},
	{field("ts6", &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}, "timestamp(6)"), dateTexts(true, 6)},
	{field("s", arrow.BinaryTypes.String, "varchar(20)"), texts},
	{field("t", arrow.BinaryTypes.LargeString, "longtext"), texts},
	{field("e", arrow.BinaryTypes.String, "enum('a','b,c')"), texts},
	{field("b", arrow.BinaryTypes.Binary, "varbinary(16)"), texts},
	{field("lb", arrow.BinaryTypes.LargeBinary, "longblob"), texts},
	{field("fb", &arrow.FixedSizeBinaryType{ByteWidth: 3}, "binary(3)"), func(r *rand.Rand) driver.Value {
		return []byte{byte(r.Uint32()), 0, byte(r.Uint32())}
	}},
}

func intsIn(lo, hi int64) func(r *rand.Rand) driver.Value {
	return func(r *rand.Rand) driver.Value {
		switch r.IntN(4) {
		case 0:
			return lo
		case 1:
			return hi
		case 2:
			return int64(0)
		}
		span := uint64(hi-lo) + 1
		if span == 0 { // the whole int64 range
			return int64(r.Uint64())
		}
		return lo + int64(r.Uint64()%span)
	}
}

// decimals is DECIMAL(precision, scale) text as the server sends it: every
// scale digit, no leading zero, zero and negative zero among the values.
func decimals(precision, scale int) func(r *rand.Rand) driver.Value {
	return func(r *rand.Rand) driver.Value {
		var b strings.Builder
		if r.IntN(2) == 0 {
			b.WriteByte('-')
		}
		whole := r.IntN(max(precision-scale, 1) + 1) // digits before the point; 0 writes "0"
		if r.IntN(5) == 0 || precision == scale {
			whole = 0
		}
		if whole == 0 {
			b.WriteByte('0')
		} else {
			b.WriteByte(byte('1' + r.IntN(9)))
			for range whole - 1 {
				b.WriteByte(byte('0' + r.IntN(10)))
			}
		}
		if scale > 0 {
			b.WriteByte('.')
			zero := r.IntN(4) == 0 // with a zero integer part, negative zero
			for range scale {
				if zero {
					b.WriteByte('0')
				} else {
					b.WriteByte(byte('0' + r.IntN(10)))
				}
			}
		}
		return []byte(b.String())
	}
}

// dateTexts is DATE, or with withTime DATETIME and TIMESTAMP text with fsp
// fraction digits, as the server sends calendar values: years from 0000 to
// 9999, leap days, the last microsecond of a day.
func dateTexts(withTime bool, fsp int) func(r *rand.Rand) driver.Value {
	return func(r *rand.Rand) driver.Value {
		y := []int{0, 1, 999, 1000, 1969, 1970, 2000, 2024, 9999, r.IntN(10000)}[r.IntN(10)]
		m := 1 + r.IntN(12)
		days := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
		dd := []int{1, days, 1 + r.IntN(days)}[r.IntN(3)]
		t := time.Date(y, time.Month(m), dd, r.IntN(24), r.IntN(60), r.IntN(60), r.IntN(1000000)*1000, time.UTC)
		if r.IntN(4) == 0 {
			t = time.Date(y, time.Month(m), dd, 23, 59, 59, 999999000, time.UTC)
		}
		if !withTime {
			return []byte(fmt.Sprintf("%04d-%02d-%02d", y, m, dd))
		}
		text := fmt.Sprintf("%04d-%02d-%02d %02d:%02d:%02d", y, m, dd, t.Hour(), t.Minute(), t.Second())
		if fsp > 0 {
			text += fmt.Sprintf(".%06d", t.Nanosecond()/1000)[:1+fsp]
		}
		return []byte(text)
	}
}

// texts are strings with every byte a dialect treats specially, alone, at
// the edges and inside.
func texts(r *rand.Rand) driver.Value {
	pieces := []string{"", " ", "\t", ",", `"`, "\n", "\r", `\`, `\N`, `\.`, "N", "\x00", "\x1a", "x", "é", "😀", "NULL"}
	var b strings.Builder
	for range r.IntN(4) {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return []byte(b.String())
}

// toArrow builds the batch the decoder would build from rows.
func toArrow(t *testing.T, mem memory.Allocator, sc *arrow.Schema, rows [][]driver.Value) arrow.RecordBatch {
	t.Helper()
	b := array.NewRecordBuilder(mem, sc)
	defer b.Release()
	for _, row := range rows {
		for i, v := range row {
			fb := b.Field(i)
			if v == nil {
				fb.AppendNull()
				continue
			}
			switch fb := fb.(type) {
			case *array.Int8Builder:
				fb.Append(int8(v.(int64)))
			case *array.Int16Builder:
				fb.Append(int16(v.(int64)))
			case *array.Int32Builder:
				fb.Append(int32(v.(int64)))
			case *array.Int64Builder:
				fb.Append(v.(int64))
			case *array.Uint8Builder:
				fb.Append(uint8(v.(int64)))
			case *array.Uint16Builder:
				fb.Append(uint16(v.(int64)))
			case *array.Uint32Builder:
				fb.Append(uint32(v.(int64)))
			case *array.Uint64Builder:
				fb.Append(v.(uint64))
			case *array.Decimal128Builder:
				dt := fb.Type().(*arrow.Decimal128Type)
				n, err := decimal128.FromString(string(v.([]byte)), dt.Precision, dt.Scale)
				if err != nil {
					t.Fatalf("%s: %v", v, err)
				}
				fb.Append(n)
			case *array.Decimal256Builder:
				dt := fb.Type().(*arrow.Decimal256Type)
				n, err := decimal256.FromString(string(v.([]byte)), dt.Precision, dt.Scale)
				if err != nil {
					t.Fatalf("%s: %v", v, err)
				}
				fb.Append(n)
			case *array.Date32Builder:
				day, err := time.Parse(time.DateOnly, string(v.([]byte)))
				if err != nil {
					t.Fatal(err)
				}
				fb.Append(arrow.Date32FromTime(day))
			case *array.TimestampBuilder:
				ts, err := time.Parse("2006-01-02 15:04:05.999999", string(v.([]byte)))
				if err != nil {
					t.Fatal(err)
				}
				fb.Append(arrow.Timestamp(ts.UnixMicro()))
			case *array.StringBuilder:
				fb.Append(string(v.([]byte)))
			case *array.LargeStringBuilder:
				fb.Append(string(v.([]byte)))
			case *array.BinaryBuilder:
				fb.Append(v.([]byte))
			case *array.FixedSizeBinaryBuilder:
				fb.Append(v.([]byte))
			default:
				t.Fatalf("no builder case for %T", fb)
			}
		}
	}
	return b.NewRecordBatch()
}

// The text rendered from the driver's values is, byte for byte, the text
// csvTable.Write renders from the Arrow batch of the same rows, header
// included, in every dialect, with NULLs and every byte that needs
// quoting or escaping.
func TestRowTextMatchesArrowPath(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	fields := make([]arrow.Field, len(textTypes))
	for i, tt := range textTypes {
		fields[i] = tt.f
	}
	sc := arrow.NewSchema(fields, nil)
	for seed := range uint64(20) {
		r := rand.New(rand.NewPCG(seed, 7))
		rows := make([][]driver.Value, 1+r.IntN(300))
		for i := range rows {
			rows[i] = make([]driver.Value, len(textTypes))
			for c, tt := range textTypes {
				if r.IntN(6) > 0 {
					rows[i][c] = tt.values(r)
				}
			}
		}
		rec := toArrow(t, mem, sc, rows)
		for _, name := range Dialects {
			d := dialectOf(name)
			text := d.rowText(sc, extract.ZeroDatesNull)
			if text == nil {
				t.Fatalf("%s: no row text for a table of text-rendered types", name)
			}
			var viaText, viaArrow bufferObject
			for _, obj := range []*bufferObject{&viaText, &viaArrow} {
				encs, err := csvEncoders(sc, d)
				if err != nil {
					t.Fatal(err)
				}
				ct, err := newCSVTable(&target{obj: obj, path: "t.csv"}, sc, encs, d, "")
				if err != nil {
					t.Fatal(err)
				}
				if obj == &viaArrow {
					err = ct.Write(rec)
				} else {
					var buf []byte
					for _, row := range rows {
						if buf, err = text(buf, row, make([]int64, len(row))); err != nil {
							t.Fatal(err)
						}
					}
					err = ct.writeText(buf)
				}
				if err == nil {
					err = ct.finish()
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			if !bytes.Equal(viaText.Bytes(), viaArrow.Bytes()) {
				tl, al := strings.Split(viaText.String(), "\n"), strings.Split(viaArrow.String(), "\n")
				for i := range min(len(tl), len(al)) {
					if tl[i] != al[i] {
						t.Fatalf("seed %d, %s, line %d:\ntext  %q\narrow %q", seed, name, i, tl[i], al[i])
					}
				}
				t.Fatalf("seed %d, %s: %d lines from text, %d from arrow", seed, name, len(tl), len(al))
			}
		}
		rec.Release()
	}
}

// Tables with a column whose text comes from its Arrow value take the
// Arrow path; a value of a type its column does not expect is an error
// naming the column, never text.
func TestRowTextRefuses(t *testing.T) {
	d := dialectOf(RFC4180)
	for _, f := range []arrow.Field{
		field("y", arrow.PrimitiveTypes.Uint16, "year(4)"),
		field("bit", arrow.PrimitiveTypes.Uint64, "bit(12)"),
		field("g", arrow.BinaryTypes.Binary, "geometry"),
		field("p", arrow.BinaryTypes.Binary, "point"),
		field("v", arrow.BinaryTypes.Binary, "vector(3)"),
		field("f", arrow.PrimitiveTypes.Float32, "float"),
		field("d", arrow.PrimitiveTypes.Float64, "double"),
		field("tms", &arrow.TimestampType{Unit: arrow.Millisecond}, "datetime(3)"),
		field("tz", &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "Europe/Paris"}, "timestamp(6)"),
		field("tm", arrow.FixedWidthTypes.Duration_us, "time"),
		field("bool", arrow.FixedWidthTypes.Boolean, "tinyint(1)"),
	} {
		sc := arrow.NewSchema([]arrow.Field{field("id", arrow.PrimitiveTypes.Int32, "int"), f}, nil)
		if d.rowText(sc, extract.ZeroDatesNull) != nil {
			t.Errorf("%s (%s): rendered from driver values; its text must come from Arrow", f.Name, f.Type)
		}
	}
	sc := arrow.NewSchema([]arrow.Field{field("id", arrow.PrimitiveTypes.Int8, "tinyint"), field("s", arrow.BinaryTypes.String, "text")}, nil)
	text := d.rowText(sc, extract.ZeroDatesNull)
	for _, row := range [][]driver.Value{
		{int64(128), []byte("x")},  // out of TINYINT's range
		{[]byte("1"), []byte("x")}, // an integer as bytes
		{int64(1), int64(2)},       // text as a number
		{int64(1)},                 // a value short
	} {
		if out, err := text(nil, row, make([]int64, len(row))); err == nil {
			t.Errorf("row %v: rendered %q, want an error", row, out)
		} else if len(row) == 2 && !strings.Contains(err.Error(), "column ") {
			t.Errorf("row %v: error %q does not name the column", row, err)
		}
	}
	// DECIMAL text is copied only as the server writes it, which is the
	// Arrow path's text too.
	dec := d.rowText(arrow.NewSchema([]arrow.Field{field("d", &arrow.Decimal128Type{Precision: 5, Scale: 2}, "decimal(5,2)")}, nil), extract.ZeroDatesNull)
	for _, s := range []string{"007.00", "1.5", "1.500", "1", "1234.00", "-", "", ".50", "1.-5", "1e2", "+1.00", "1,00"} {
		if out, err := dec(nil, []driver.Value{[]byte(s)}, make([]int64, 1)); err == nil {
			t.Errorf("DECIMAL(5,2) text %q: rendered %q, want an error", s, out)
		}
	}
	for s, want := range map[string]string{"-0.00": "0.00\n", "0.05": "0.05\n", "-123.45": "-123.45\n", "999.99": "999.99\n"} {
		if out, err := dec(nil, []driver.Value{[]byte(s)}, make([]int64, 1)); err != nil || string(out) != want {
			t.Errorf("DECIMAL(5,2) text %q: %q, %v; want %q", s, out, err, want)
		}
	}
}

// FuzzRowText: for any integer and any bytes, a row's text from the
// driver's values is the text the Arrow path writes for the same row, in
// every dialect.
func FuzzRowText(f *testing.F) {
	for _, s := range []string{"", " ", "a,b", `q"q`, "l\nf", "c\rr", `\N`, `\.`, "\x00", "\x1a", "😀", "NULL", "\t"} {
		f.Add(int64(0), s, true)
		f.Add(int64(math.MinInt64), s, false)
	}
	sc := arrow.NewSchema([]arrow.Field{
		field("i", arrow.PrimitiveTypes.Int64, "bigint"),
		field("s", arrow.BinaryTypes.String, "text"),
		field("b", arrow.BinaryTypes.Binary, "blob"),
	}, nil)
	f.Fuzz(func(t *testing.T, i int64, s string, null bool) {
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		defer mem.AssertSize(t, 0)
		row := []driver.Value{i, []byte(s), []byte(s)}
		if null {
			row[1] = nil
		}
		rec := toArrow(t, mem, sc, [][]driver.Value{row})
		defer rec.Release()
		for _, name := range Dialects {
			d := dialectOf(name)
			got, err := d.rowText(sc, extract.ZeroDatesNull)(nil, row, make([]int64, len(row)))
			if err != nil {
				t.Fatal(err)
			}
			encs, err := csvEncoders(sc, d)
			if err != nil {
				t.Fatal(err)
			}
			var obj bufferObject
			ct, err := newCSVTable(&target{obj: &obj, path: "t.csv"}, sc, encs, d, "")
			if err != nil {
				t.Fatal(err)
			}
			ct.buf = ct.buf[:0] // the header
			if err := ct.Write(rec); err != nil {
				t.Fatal(err)
			}
			if err := ct.finish(); err != nil {
				t.Fatal(err)
			}
			if want := obj.String(); string(got) != want {
				t.Errorf("%s: row %q: text %q, Arrow path %q", name, row, got, want)
			}
		}
	})
}

// Zero, partial-zero and impossible dates follow the run's policy as the
// decoder applies it: NULL and counted per column, or a *ZeroDateError
// naming the column and the value; under "keep" (sentinels, whose text is
// the Arrow path's) the table takes the Arrow path. Malformed text is an
// error.
func TestRowTextZeroDates(t *testing.T) {
	sc := arrow.NewSchema([]arrow.Field{
		field("id", arrow.PrimitiveTypes.Int32, "int"),
		field("d", arrow.FixedWidthTypes.Date32, "date"),
		field("dt", &arrow.TimestampType{Unit: arrow.Microsecond}, "datetime(6)"),
	}, nil)
	for _, name := range Dialects {
		d := dialectOf(name)
		if d.rowText(sc, extract.ZeroDatesKeep) != nil {
			t.Errorf("%s: rendered dates under the keep policy", name)
		}
		null := d.rowText(sc, extract.ZeroDatesNull)
		zeros := make([]int64, 3)
		var out []byte
		var err error
		for _, row := range [][]driver.Value{
			{int64(1), []byte("0000-00-00"), []byte("0000-00-00 00:00:00.000000")},
			{int64(2), []byte("2024-02-30"), []byte("2024-00-10 12:00:00")},
			{int64(3), []byte("2024-06-00"), []byte("2024-02-29 23:59:59.999999")},
		} {
			if out, err = null(out, row, zeros); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
		sep := string(d.dateTimeSep)
		want := "1," + d.null + "," + d.null + "\n2," + d.null + "," + d.null + "\n3," + d.null + ",2024-02-29" + sep + "23:59:59.999999\n"
		if string(out) != want || zeros[0] != 0 || zeros[1] != 3 || zeros[2] != 2 {
			t.Errorf("%s: %q, zero dates %v; want %q, [0 3 2]", name, out, zeros, want)
		}
		strict := d.rowText(sc, extract.ZeroDatesError)
		_, err = strict(nil, []driver.Value{int64(1), []byte("2024-01-01"), []byte("2024-04-31 00:00:00")}, zeros)
		var zerr *extract.ZeroDateError
		if !errors.As(err, &zerr) || zerr.Column != "dt" || zerr.Value != "2024-04-31 00:00:00" {
			t.Errorf("%s: error %v; want a ZeroDateError for dt", name, err)
		}
		for _, bad := range [][]driver.Value{
			{int64(1), []byte("2024-1-01"), nil},
			{int64(1), nil, []byte("2024-01-01T00:00:00")},
			{int64(1), nil, []byte("2024-01-01 24:00:00")},
			{int64(1), nil, int64(20240101)},
		} {
			if out, err := null(nil, bad, zeros); err == nil {
				t.Errorf("%s: row %v rendered %q, want an error", name, bad, out)
			}
		}
	}
}
