package extract

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/parity-db/parity/schema"
)

// decodeOne decodes vals into a one-column table and returns the column.
func decodeOne(t *testing.T, col schema.Column, policy ZeroDatePolicy, vals ...driver.Value) (arrow.Array, map[string]int64, int, error) {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	t.Cleanup(func() { mem.AssertSize(t, 0) })
	tbl := &schema.Table{Schema: "db", Name: "t", Columns: []schema.Column{col}}
	s, err := ArrowSchema(tbl)
	if err != nil {
		t.Fatal(err)
	}
	d, err := newRowDecoder(tbl, mem, s, policy)
	if err != nil {
		t.Fatal(err)
	}
	defer d.release()
	total := 0
	for _, v := range vals {
		n, err := d.appendRow([]driver.Value{v})
		total += n
		if err != nil {
			return nil, d.zeroDates(), total, err
		}
	}
	rec := d.newRecordBatch()
	defer rec.Release()
	arr := rec.Column(0)
	arr.Retain()
	t.Cleanup(arr.Release)
	return arr, d.zeroDates(), total, nil
}

// valueAt is an Arrow value as a plain Go value; nil for NULL.
func valueAt(arr arrow.Array, i int) any {
	if arr.IsNull(i) {
		return nil
	}
	switch a := arr.(type) {
	case *array.Int8:
		return a.Value(i)
	case *array.Int16:
		return a.Value(i)
	case *array.Int32:
		return a.Value(i)
	case *array.Int64:
		return a.Value(i)
	case *array.Uint8:
		return a.Value(i)
	case *array.Uint16:
		return a.Value(i)
	case *array.Uint32:
		return a.Value(i)
	case *array.Uint64:
		return a.Value(i)
	case *array.Float32:
		return a.Value(i)
	case *array.Float64:
		return a.Value(i)
	case *array.Decimal128:
		return a.Value(i).BigInt().String()
	case *array.Decimal256:
		return a.Value(i).BigInt().String()
	case *array.Date32:
		return a.Value(i)
	case *array.Timestamp:
		return a.Value(i)
	case *array.Duration:
		return a.Value(i)
	case *array.String:
		return a.Value(i)
	case *array.Binary:
		return string(a.Value(i))
	}
	panic(fmt.Sprintf("valueAt: %T", arr))
}

func TestDecodeColumns(t *testing.T) {
	col := func(dataType, columnType string, mod func(*schema.Column)) schema.Column {
		c := schema.Column{Name: "c", DataType: dataType, ColumnType: columnType, Nullable: true}
		if mod != nil {
			mod(&c)
		}
		return c
	}
	unsigned := func(c *schema.Column) { c.Unsigned = true }
	dec := func(p, s int) func(*schema.Column) {
		return func(c *schema.Column) { c.Precision, c.Scale = p, s }
	}
	utf8 := func(c *schema.Column) { c.Charset, c.Collation = "utf8mb4", "utf8mb4_bin" }
	tests := []struct {
		name  string
		col   schema.Column
		in    []driver.Value
		want  []any
		bytes int
	}{
		{"tinyint", col("tinyint", "tinyint", nil), []driver.Value{int64(-128), int64(127), nil}, []any{int8(-128), int8(127), nil}, 16},
		{"smallint", col("smallint", "smallint", nil), []driver.Value{int64(-32768), int64(32767)}, []any{int16(-32768), int16(32767)}, 16},
		{"mediumint", col("mediumint", "mediumint", nil), []driver.Value{int64(-8388608), int64(8388607)}, []any{int32(-8388608), int32(8388607)}, 16},
		{"int", col("int", "int", nil), []driver.Value{int64(math.MinInt32), int64(math.MaxInt32)}, []any{int32(math.MinInt32), int32(math.MaxInt32)}, 16},
		{"bigint", col("bigint", "bigint", nil), []driver.Value{int64(math.MinInt64), int64(math.MaxInt64)}, []any{int64(math.MinInt64), int64(math.MaxInt64)}, 16},
		{"tinyint unsigned", col("tinyint", "tinyint unsigned", unsigned), []driver.Value{int64(0), int64(255)}, []any{uint8(0), uint8(255)}, 16},
		{"smallint unsigned", col("smallint", "smallint unsigned", unsigned), []driver.Value{int64(65535)}, []any{uint16(65535)}, 8},
		{"mediumint unsigned", col("mediumint", "mediumint unsigned", unsigned), []driver.Value{int64(16777215)}, []any{uint32(16777215)}, 8},
		{"int unsigned", col("int", "int unsigned", unsigned), []driver.Value{int64(math.MaxUint32)}, []any{uint32(math.MaxUint32)}, 8},
		{"bigint unsigned", col("bigint", "bigint unsigned", unsigned), []driver.Value{uint64(math.MaxUint64), uint64(0)}, []any{uint64(math.MaxUint64), uint64(0)}, 16},
		{"year", col("year", "year", nil), []driver.Value{int64(0), int64(1901), int64(2155)}, []any{uint16(0), uint16(1901), uint16(2155)}, 24},
		{"float", col("float", "float", nil), []driver.Value{float32(1.5), float64(float32(1.2345678)), nil}, []any{float32(1.5), float32(1.2345678), nil}, 16},
		{"double", col("double", "double", nil), []driver.Value{math.MaxFloat64, -0.1}, []any{math.MaxFloat64, -0.1}, 16},
		{"decimal(5,2)", col("decimal", "decimal(5,2)", dec(5, 2)), []driver.Value{[]byte("1.5"), []byte("-0.00"), []byte("-999.99")}, []any{"150", "0", "-99999"}, 15},
		{"decimal(65,30)", col("decimal", "decimal(65,30)", dec(65, 30)), []driver.Value{[]byte("-1.000000000000000000000000000001")}, []any{"-1000000000000000000000000000001"}, 33},
		{"bit(1)", col("bit", "bit(1)", dec(1, 0)), []driver.Value{[]byte{1}, []byte{0}}, []any{uint64(1), uint64(0)}, 2},
		{"bit(12)", col("bit", "bit(12)", dec(12, 0)), []driver.Value{[]byte{0x0a, 0xaa}}, []any{uint64(2730)}, 2},
		{"bit(33)", col("bit", "bit(33)", dec(33, 0)), []driver.Value{[]byte{1, 0, 0, 0, 2}}, []any{uint64(1<<32 | 2)}, 5},
		{"bit(64)", col("bit", "bit(64)", dec(64, 0)), []driver.Value{[]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, []byte{0, 0, 0, 0, 0, 0, 0, 1}}, []any{uint64(math.MaxUint64), uint64(1)}, 16},
		{"date", col("date", "date", nil), []driver.Value{[]byte("2024-02-29"), []byte("0001-01-01"), []byte("9999-12-31")}, []any{arrow.Date32(civilDays(2024, 2, 29)), arrow.Date32(-719162), arrow.Date32(2932896)}, 30},
		{"datetime(6)", col("datetime", "datetime(6)", nil), []driver.Value{[]byte("1969-12-31 23:59:59.999999")}, []any{arrow.Timestamp(-1)}, 26},
		{"timestamp", col("timestamp", "timestamp", nil), []driver.Value{[]byte("2038-01-19 03:14:07")}, []any{arrow.Timestamp(math.MaxInt32 * 1e6)}, 19},
		{"time(6)", col("time", "time(6)", nil), []driver.Value{[]byte("-838:59:59.000000"), []byte("00:00:00.000001")}, []any{arrow.Duration(-3020399e6), arrow.Duration(1)}, 32},
		{"varchar", col("varchar", "varchar(10)", utf8), []driver.Value{[]byte("héllo 😀"), []byte("")}, []any{"héllo 😀", ""}, 11},
		{"enum", col("enum", "enum('a','b')", utf8), []driver.Value{[]byte("b")}, []any{"b"}, 1},
		{"set", col("set", "set('a','b')", utf8), []driver.Value{[]byte("a,b"), []byte("")}, []any{"a,b", ""}, 3},
		{"json", col("json", "json", nil), []driver.Value{[]byte(`{"a": 1}`)}, []any{`{"a": 1}`}, 8},
		{"uuid", col("uuid", "uuid", nil), []driver.Value{[]byte("123e4567-e89b-12d3-a456-426655440000")}, []any{"123e4567-e89b-12d3-a456-426655440000"}, 36},
		{"blob", col("blob", "blob", nil), []driver.Value{[]byte{0, 0xff, 0, 0}}, []any{"\x00\xff\x00\x00"}, 4},
		{"vector", col("vector", "vector(1)", nil), []driver.Value{[]byte{0, 0, 0x80, 0x3f}}, []any{"\x00\x00\x80\x3f"}, 4},
		{"point", col("point", "point", nil), []driver.Value{[]byte("\xe6\x10\x00\x00\x01\x01\x00\x00\x00WKB...")}, []any{"\x01\x01\x00\x00\x00WKB..."}, 15},
		{"geometry SRID 0", col("geometry", "geometry", nil), []driver.Value{[]byte("\x00\x00\x00\x00\x01")}, []any{"\x01"}, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arr, _, n, err := decodeOne(t, tt.col, ZeroDatesError, tt.in...)
			if err != nil {
				t.Fatal(err)
			}
			if arr.Len() != len(tt.want) {
				t.Fatalf("len = %d, want %d", arr.Len(), len(tt.want))
			}
			for i, w := range tt.want {
				if got := valueAt(arr, i); got != w {
					t.Errorf("row %d = %#v, want %#v", i, got, w)
				}
			}
			if n != tt.bytes {
				t.Errorf("bytes = %d, want %d", n, tt.bytes)
			}
		})
	}
}

func TestDecodeZeroDates(t *testing.T) {
	tests := []struct {
		col schema.Column
		in  string
	}{
		{schema.Column{Name: "d", DataType: "date", ColumnType: "date"}, "0000-00-00"},
		{schema.Column{Name: "d", DataType: "date", ColumnType: "date"}, "2020-00-15"},
		{schema.Column{Name: "d", DataType: "date", ColumnType: "date"}, "2020-02-30"},
		{schema.Column{Name: "dt", DataType: "datetime", ColumnType: "datetime"}, "0000-00-00 00:00:00"},
		{schema.Column{Name: "dt", DataType: "datetime", ColumnType: "datetime(6)"}, "0000-00-00 00:00:00.000000"},
		{schema.Column{Name: "dt", DataType: "datetime", ColumnType: "datetime"}, "2020-05-00 10:00:00"},
		{schema.Column{Name: "ts", DataType: "timestamp", ColumnType: "timestamp"}, "0000-00-00 00:00:00"},
	}
	for _, tt := range tests {
		t.Run(tt.col.ColumnType+" "+tt.in, func(t *testing.T) {
			arr, zero, n, err := decodeOne(t, tt.col, ZeroDatesNull, []byte(tt.in), []byte(tt.in), nil)
			if err != nil {
				t.Fatal(err)
			}
			if arr.Len() != 3 || arr.NullN() != 3 {
				t.Errorf("len %d, nulls %d; want 3 NULLs", arr.Len(), arr.NullN())
			}
			if len(zero) != 1 || zero[tt.col.Name] != 2 {
				t.Errorf("zeroDates = %v, want %s: 2", zero, tt.col.Name)
			}
			if n != 2*len(tt.in) {
				t.Errorf("bytes = %d, want %d", n, 2*len(tt.in))
			}

			_, _, _, err = decodeOne(t, tt.col, ZeroDatesError, []byte(tt.in))
			var ze *ZeroDateError
			if !errors.As(err, &ze) {
				t.Fatalf("error policy: err = %v, want *ZeroDateError", err)
			}
			if ze.Column != tt.col.Name || ze.Value != tt.in {
				t.Errorf("ZeroDateError = %+v", ze)
			}
			if !strings.Contains(err.Error(), tt.col.Name) || !strings.Contains(err.Error(), tt.in) {
				t.Errorf("message %q names neither column nor value", err)
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	c := func(name, dataType, columnType string, p, s int) schema.Column {
		col := schema.Column{Name: name, DataType: dataType, ColumnType: columnType, Precision: p, Scale: s}
		col.Unsigned = strings.Contains(columnType, "unsigned")
		if dataType == "varchar" {
			col.Charset = "utf8mb4"
		}
		return col
	}
	tests := []struct {
		col  schema.Column
		in   driver.Value
		want string // in the message, besides the column name
	}{
		{c("i", "int", "int", 0, 0), []byte("1"), "[]uint8"},
		{c("i", "int", "int", 0, 0), uint64(1), "uint64"},
		{c("i", "int", "int", 0, 0), int64(math.MaxInt32 + 1), "out of range"},
		{c("t", "tinyint", "tinyint unsigned", 0, 0), int64(-1), "out of range"},
		{c("u", "bigint", "bigint", 0, 0), uint64(1), "uint64"},
		{c("f", "double", "double", 0, 0), float32(1), "float32"},
		{c("f", "float", "float", 0, 0), "1.5", "string"},
		{c("d", "decimal", "decimal(5,2)", 5, 2), []byte("1.2.3"), `"1.2.3"`},
		{c("d", "decimal", "decimal(5,2)", 5, 2), []byte("1000"), `"1000"`},
		{c("d", "decimal", "decimal(65,2)", 65, 2), []byte("abc"), `"abc"`},
		{c("d", "decimal", "decimal(5,2)", 5, 2), float64(1), "float64"},
		{c("b", "bit", "bit(64)", 64, 0), []byte("123456789"), "wider than 64 bits"},
		{c("b", "bit", "bit(8)", 8, 0), int64(1), "int64"},
		{c("dt", "date", "date", 0, 0), []byte("2020-13-01"), "2020-13-01"},
		{c("dt", "datetime", "datetime", 0, 0), []byte("2020-01-01T00:00:00"), "2020-01-01T00:00:00"},
		{c("dt", "timestamp", "timestamp", 0, 0), time.Time{}, "time.Time"},
		{c("tm", "time", "time", 0, 0), []byte("1 00:00:00"), "1 00:00:00"},
		{c("s", "varchar", "varchar(3)", 0, 0), "abc", "string"},
		{c("s", "varchar", "varchar(3)", 0, 0), int64(1), "int64"},
		{c("g", "point", "point", 0, 0), []byte{1, 2, 3}, "SRID"},
		{c("y", "year", "year", 0, 0), []byte("2020"), "[]uint8"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s %T", tt.col.ColumnType, tt.in), func(t *testing.T) {
			_, _, _, err := decodeOne(t, tt.col, ZeroDatesNull, tt.in)
			if err == nil {
				t.Fatal("no error")
			}
			if msg := err.Error(); !strings.Contains(msg, "column "+tt.col.Name) || !strings.Contains(msg, tt.want) {
				t.Errorf("error %q should name column %s and %s", msg, tt.col.Name, tt.want)
			}
			var ze *ZeroDateError
			if errors.As(err, &ze) {
				t.Errorf("malformed input reported as a zero date: %v", err)
			}
		})
	}
}

// A failed row is completed with NULLs so the builder stays rectangular.
func TestDecodeErrorKeepsColumnsAligned(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	tbl := &schema.Table{Schema: "db", Name: "t", Columns: []schema.Column{
		{Name: "a", DataType: "int", ColumnType: "int"},
		{Name: "b", DataType: "date", ColumnType: "date"},
		{Name: "c", DataType: "varchar", ColumnType: "varchar(5)", Charset: "utf8mb4"},
	}}
	s, err := ArrowSchema(tbl)
	if err != nil {
		t.Fatal(err)
	}
	d, err := newRowDecoder(tbl, mem, s, ZeroDatesError)
	if err != nil {
		t.Fatal(err)
	}
	defer d.release()
	if n, err := d.appendRow([]driver.Value{int64(1), []byte("2020-01-01"), []byte("x")}); err != nil || n != 19 {
		t.Fatalf("good row: %d, %v", n, err)
	}
	if _, err := d.appendRow([]driver.Value{int64(2), []byte("0000-00-00"), []byte("y")}); err == nil {
		t.Fatal("zero date under ZeroDatesError: no error")
	}
	if _, err := d.appendRow([]driver.Value{int64(2)}); err == nil {
		t.Fatal("short row: no error")
	}
	rec := d.newRecordBatch()
	defer rec.Release()
	if rec.NumRows() != 2 {
		t.Fatalf("rows = %d, want 2", rec.NumRows())
	}
	for i, col := range rec.Columns() {
		if col.Len() != 2 {
			t.Errorf("column %d has %d values", i, col.Len())
		}
	}
}

func TestDecodeBuilderMismatch(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	tbl := &schema.Table{Schema: "db", Name: "t", Columns: []schema.Column{{Name: "a", DataType: "int", ColumnType: "int"}}}
	for _, s := range []*arrow.Schema{
		arrow.NewSchema([]arrow.Field{{Name: "a", Type: arrow.PrimitiveTypes.Int64}}, nil),
		arrow.NewSchema([]arrow.Field{{Name: "a", Type: arrow.PrimitiveTypes.Int32}, {Name: "b", Type: arrow.PrimitiveTypes.Int32}}, nil),
	} {
		if d, err := newRowDecoder(tbl, mem, s, ZeroDatesNull); err == nil {
			d.release()
			t.Errorf("schema %s: no error", s)
		}
	}
}

// The hot path allocates nothing per value for numeric, temporal and string
// columns (once the builders have room).
func TestDecodeAllocs(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	tbl := &schema.Table{Schema: "db", Name: "t", Columns: []schema.Column{
		{Name: "i", DataType: "int", ColumnType: "int"},
		{Name: "u", DataType: "bigint", ColumnType: "bigint unsigned", Unsigned: true},
		{Name: "f", DataType: "float", ColumnType: "float"},
		{Name: "g", DataType: "double", ColumnType: "double"},
		{Name: "d", DataType: "decimal", ColumnType: "decimal(10,2)", Precision: 10, Scale: 2},
		{Name: "w", DataType: "decimal", ColumnType: "decimal(65,30)", Precision: 65, Scale: 30},
		{Name: "b", DataType: "bit", ColumnType: "bit(64)", Precision: 64},
		{Name: "da", DataType: "date", ColumnType: "date"},
		{Name: "dt", DataType: "datetime", ColumnType: "datetime(6)", FSP: 6},
		{Name: "ts", DataType: "timestamp", ColumnType: "timestamp"},
		{Name: "z", DataType: "date", ColumnType: "date"},
		{Name: "tm", DataType: "time", ColumnType: "time(6)", FSP: 6},
		{Name: "y", DataType: "year", ColumnType: "year"},
		{Name: "s", DataType: "varchar", ColumnType: "varchar(120)", Charset: "utf8mb4"},
		{Name: "bl", DataType: "blob", ColumnType: "blob"},
		{Name: "n", DataType: "varchar", ColumnType: "varchar(1)", Charset: "utf8mb4", Nullable: true},
	}}
	row := []driver.Value{
		int64(-7), uint64(1 << 63), float32(1.5), 2.25, []byte("-12345678.90"),
		[]byte("-12345678901234567890123456789012345.123456789012345678901234567890"),
		[]byte{1, 2, 3, 4, 5, 6, 7, 8}, []byte("2024-02-29"), []byte("2024-02-29 12:34:56.123456"),
		[]byte("2038-01-19 03:14:07"), []byte("0000-00-00"), []byte("-838:59:59.000000"), int64(2024),
		[]byte(strings.Repeat("c", 120)), []byte{0, 1, 2, 0}, nil,
	}
	s, err := ArrowSchema(tbl)
	if err != nil {
		t.Fatal(err)
	}
	const runs = 500
	d, err := newRowDecoder(tbl, mem, s, ZeroDatesNull)
	if err != nil {
		t.Fatal(err)
	}
	defer d.release()
	data := make([]int, len(tbl.Columns))
	data[13], data[14] = 130*(runs+10), 5*(runs+10)
	d.reserve(batchSizes{rows: runs + 10, data: data})
	var failed error
	allocs := testing.AllocsPerRun(runs, func() {
		if _, err := d.appendRow(row); err != nil {
			failed = err
		}
	})
	if failed != nil {
		t.Fatal(failed)
	}
	if allocs != 0 {
		t.Errorf("appendRow allocates %.1f times per row, want 0", allocs)
	}
	if got := d.zeroDates()["z"]; got != runs+1 {
		t.Errorf("zero dates in z = %d, want %d", got, runs+1)
	}
}

// BenchmarkDecodeSysbenchRow decodes sysbench's sbtest row (id, k INT
// UNSIGNED, c CHAR(120), pad CHAR(60)) one row per op, cutting a batch every
// 4096 rows as a worker does. "grow" lets the builders grow from empty in each
// batch; "reserved" sizes them for the batch first. floor-ns/row is copying
// the same value bytes into a flat buffer, measured in the same run; x-floor
// is the ratio.
func BenchmarkDecodeSysbenchRow(b *testing.B) {
	for _, reserve := range []bool{false, true} {
		name := map[bool]string{false: "grow", true: "reserved"}[reserve]
		b.Run(name, func(b *testing.B) { benchSysbench(b, reserve) })
	}
}

func benchSysbench(b *testing.B, reserve bool) {
	tbl := &schema.Table{Schema: "sbtest", Name: "sbtest1", Columns: []schema.Column{
		{Name: "id", DataType: "int", ColumnType: "int unsigned", Unsigned: true},
		{Name: "k", DataType: "int", ColumnType: "int unsigned", Unsigned: true},
		{Name: "c", DataType: "char", ColumnType: "char(120)", Charset: "utf8mb4", Collation: "utf8mb4_0900_ai_ci"},
		{Name: "pad", DataType: "char", ColumnType: "char(60)", Charset: "utf8mb4", Collation: "utf8mb4_0900_ai_ci"},
	}}
	c := []byte(strings.Repeat("83868641912-", 10)[:120])
	pad := []byte(strings.Repeat("67847967377-", 5)[:60])
	row := []driver.Value{int64(1), int64(503_000), c, pad}
	const batch = 4096
	// Boxing an int64 into a driver.Value allocates; the driver pays that
	// cost, so the ids are boxed before the clock starts.
	ids := make([]driver.Value, batch)
	for i := range ids {
		ids[i] = int64(i)
	}

	// Floor: the bytes a row carries, copied once.
	flat := make([]byte, 0, batch*200)
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if i%batch == 0 {
			flat = flat[:0]
		}
		flat = appendLE64(flat, uint64(i))
		flat = appendLE64(flat, 503_000)
		flat = append(flat, c...)
		flat = append(flat, pad...)
	}
	floor := time.Since(start)

	s, err := ArrowSchema(tbl)
	if err != nil {
		b.Fatal(err)
	}
	d, err := newRowDecoder(tbl, memory.NewGoAllocator(), s, ZeroDatesNull)
	if err != nil {
		b.Fatal(err)
	}
	defer d.release()
	sized := func() {
		if reserve {
			d.reserve(batchSizes{rows: batch, data: []int{0, 0, batch * len(c), batch * len(pad)}})
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	sized()
	for i := 0; i < b.N; i++ {
		row[0] = ids[i%batch]
		if _, err := d.appendRow(row); err != nil {
			b.Fatal(err)
		}
		if (i+1)%batch == 0 {
			d.newRecordBatch().Release()
			sized()
		}
	}
	b.StopTimer()
	d.newRecordBatch().Release()
	ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	floorNS := float64(floor.Nanoseconds()) / float64(b.N)
	b.ReportMetric(ns, "ns/row")
	b.ReportMetric(floorNS, "floor-ns/row")
	b.ReportMetric(ns/floorNS, "x-floor")
}

func appendLE64(b []byte, v uint64) []byte {
	return append(b, byte(v), byte(v>>8), byte(v>>16), byte(v>>24), byte(v>>32), byte(v>>40), byte(v>>48), byte(v>>56))
}
