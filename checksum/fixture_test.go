package checksum

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/decimal256"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/parity-db/parity/schema"
)

// colOf builds a column from a short type spec: "int unsigned",
// "decimal(5,2)", "datetime(6)", "varchar(20) latin1", "json longtext"
// (MariaDB's JSON), "enum('a','b')". Text types default to utf8mb4.
func colOf(name, spec string) schema.Column {
	words := strings.Fields(spec)
	typ := words[0]
	base, args, _ := strings.Cut(typ, "(")
	args = strings.TrimSuffix(args, ")")
	c := schema.Column{Name: name, DataType: base, ColumnType: typ, Nullable: true}
	nums := func() []int {
		var out []int
		for a := range strings.SplitSeq(args, ",") {
			if n, err := strconv.Atoi(a); err == nil {
				out = append(out, n)
			}
		}
		return out
	}
	switch base {
	case "decimal":
		n := nums()
		c.Precision = n[0]
		if len(n) > 1 {
			c.Scale = n[1]
		}
	case "bit":
		c.Precision = nums()[0]
	case "datetime", "timestamp", "time":
		if n := nums(); len(n) > 0 {
			c.FSP = n[0]
		}
	case "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set":
		c.Charset = "utf8mb4"
	}
	for _, w := range words[1:] {
		switch w {
		case "unsigned":
			c.Unsigned = true
			c.ColumnType += " unsigned"
		case "longtext": // MariaDB JSON
			c.ColumnType, c.Charset = "longtext", "utf8mb4"
		default:
			c.Charset = w
		}
	}
	return c
}

// arrowTypeOf mirrors extract's mapping (extract/types.go).
func arrowTypeOf(c schema.Column) arrow.DataType {
	switch familyOf(c) {
	case famInt:
		switch c.DataType {
		case "tinyint":
			return pickType(c.Unsigned, arrow.PrimitiveTypes.Uint8, arrow.PrimitiveTypes.Int8)
		case "smallint":
			return pickType(c.Unsigned, arrow.PrimitiveTypes.Uint16, arrow.PrimitiveTypes.Int16)
		case "bigint":
			return pickType(c.Unsigned, arrow.PrimitiveTypes.Uint64, arrow.PrimitiveTypes.Int64)
		case "bit":
			return arrow.PrimitiveTypes.Uint64
		case "year":
			return arrow.PrimitiveTypes.Uint16
		}
		return pickType(c.Unsigned, arrow.PrimitiveTypes.Uint32, arrow.PrimitiveTypes.Int32)
	case famDecimal:
		if c.Precision > 38 {
			return &arrow.Decimal256Type{Precision: int32(c.Precision), Scale: int32(c.Scale)}
		}
		return &arrow.Decimal128Type{Precision: int32(c.Precision), Scale: int32(c.Scale)}
	case famFloat:
		return arrow.PrimitiveTypes.Float32
	case famDouble:
		return arrow.PrimitiveTypes.Float64
	case famDate:
		return arrow.FixedWidthTypes.Date32
	case famDatetime:
		if c.DataType == "timestamp" {
			return &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}
		}
		return &arrow.TimestampType{Unit: arrow.Microsecond}
	case famTime:
		return &arrow.DurationType{Unit: arrow.Microsecond}
	case famText, famSet, famJSON:
		return arrow.BinaryTypes.String
	}
	return arrow.BinaryTypes.Binary
}

func pickType(cond bool, yes, no arrow.DataType) arrow.DataType {
	if cond {
		return yes
	}
	return no
}

func schemaOf(cols []schema.Column) *arrow.Schema {
	fields := make([]arrow.Field, len(cols))
	for i, c := range cols {
		fields[i] = arrow.Field{Name: c.Name, Type: arrowTypeOf(c), Nullable: true}
	}
	return arrow.NewSchema(fields, nil)
}

func tableOf(cols ...schema.Column) *schema.Table {
	return &schema.Table{Schema: "db", Name: "t", Columns: cols}
}

// batchOf builds a batch of rows for cols. Values are Go values in the
// column's natural text: ints as int (uint64 for the top of BIGINT
// UNSIGNED), DECIMAL as "1.50", dates as "2024-01-02", date-times as
// "2024-01-02 10:00:00.5", TIME as "-838:59:59", or the raw Arrow value
// (int32 days, int64 µs) for zero-date sentinels; nil is NULL.
func batchOf(t testing.TB, mem memory.Allocator, cols []schema.Column, rows ...[]any) arrow.RecordBatch {
	t.Helper()
	b := array.NewRecordBuilder(mem, schemaOf(cols))
	defer b.Release()
	for _, r := range rows {
		if len(r) != len(cols) {
			t.Fatalf("row %v has %d values for %d columns", r, len(r), len(cols))
		}
		for i, v := range r {
			if err := appendValue(b.Field(i), cols[i], v); err != nil {
				t.Fatalf("column %s value %v: %v", cols[i].Name, v, err)
			}
		}
	}
	return b.NewRecordBatch()
}

func appendValue(fb array.Builder, c schema.Column, v any) error {
	if v == nil {
		fb.AppendNull()
		return nil
	}
	switch b := fb.(type) {
	case *array.Int8Builder:
		b.Append(int8(v.(int)))
	case *array.Int16Builder:
		b.Append(int16(v.(int)))
	case *array.Int32Builder:
		b.Append(int32(v.(int)))
	case *array.Int64Builder:
		b.Append(int64(v.(int)))
	case *array.Uint8Builder:
		b.Append(uint8(v.(int)))
	case *array.Uint16Builder:
		b.Append(uint16(v.(int)))
	case *array.Uint32Builder:
		b.Append(uint32(v.(int)))
	case *array.Uint64Builder:
		if u, ok := v.(uint64); ok {
			b.Append(u)
		} else {
			b.Append(uint64(v.(int)))
		}
	case *array.Decimal128Builder:
		n, err := decimal128.FromString(v.(string), int32(c.Precision), int32(c.Scale))
		if err != nil {
			return err
		}
		b.Append(n)
	case *array.Decimal256Builder:
		n, err := decimal256.FromString(v.(string), int32(c.Precision), int32(c.Scale))
		if err != nil {
			return err
		}
		b.Append(n)
	case *array.Float32Builder:
		b.Append(v.(float32))
	case *array.Float64Builder:
		b.Append(v.(float64))
	case *array.Date32Builder:
		if d, ok := v.(int32); ok {
			b.Append(arrow.Date32(d))
			return nil
		}
		tm, err := time.Parse(time.DateOnly, v.(string))
		if err != nil {
			return err
		}
		b.Append(arrow.Date32(tm.Unix() / 86400))
	case *array.TimestampBuilder:
		if us, ok := v.(int64); ok {
			b.Append(arrow.Timestamp(us))
			return nil
		}
		tm, err := time.Parse("2006-01-02 15:04:05.999999", v.(string))
		if err != nil {
			return err
		}
		b.Append(arrow.Timestamp(tm.UnixMicro()))
	case *array.DurationBuilder:
		if us, ok := v.(int64); ok {
			b.Append(arrow.Duration(us))
			return nil
		}
		us, err := parseTimeText(v.(string))
		if err != nil {
			return err
		}
		b.Append(arrow.Duration(us))
	case *array.StringBuilder:
		b.Append(v.(string))
	case *array.BinaryBuilder:
		b.Append(v.([]byte))
	default:
		return fmt.Errorf("no test appender for %T", fb)
	}
	return nil
}

// parseTimeText reads "[-]H:MM:SS[.ffffff]".
func parseTimeText(s string) (int64, error) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	hms, frac, _ := strings.Cut(s, ".")
	parts := strings.Split(hms, ":")
	if len(parts) != 3 {
		return 0, fmt.Errorf("bad TIME %q", s)
	}
	var us int64
	for _, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil {
			return 0, err
		}
		us = us*60 + int64(n)
	}
	us *= 1e6
	if frac != "" {
		f, err := strconv.Atoi((frac + "000000")[:6])
		if err != nil {
			return 0, err
		}
		us += int64(f)
	}
	if neg {
		us = -us
	}
	return us, nil
}

// checkedMem returns an allocator that fails the test if anything built
// with it is still allocated when the test ends.
func checkedMem(t testing.TB) *memory.CheckedAllocator {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	t.Cleanup(func() { mem.AssertSize(t, 0) })
	return mem
}

// pair is a one-plan, two-side fixture: both encoders and their batches.
type pair struct {
	plan       *Plan
	src, tgt   *Encoder
	srec, trec arrow.RecordBatch
}

// newPair plans src against tgt columns (compared: all of src's; key: key)
// and builds one batch per side.
func newPair(t testing.TB, mem memory.Allocator, o Options, key []string, scols, tcols []schema.Column, srows, trows [][]any) *pair {
	t.Helper()
	names := make([]string, len(scols))
	for i, c := range scols {
		names[i] = c.Name
	}
	p, err := NewPlan(tableOf(scols...), tableOf(tcols...), names, key, o)
	if err != nil {
		t.Fatal(err)
	}
	f := &pair{plan: p}
	if f.src, err = p.Encoder(Source, schemaOf(scols)); err != nil {
		t.Fatal(err)
	}
	if f.tgt, err = p.Encoder(Target, schemaOf(tcols)); err != nil {
		t.Fatal(err)
	}
	f.srec = batchOf(t, mem, scols, srows...)
	f.trec = batchOf(t, mem, tcols, trows...)
	t.Cleanup(func() { f.srec.Release(); f.trec.Release() })
	return f
}
