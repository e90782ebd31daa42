package extract

import (
	"database/sql/driver"
	"fmt"
	"math"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/decimal256"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/parity-db/parity/schema"
)

// appender decodes one non-NULL driver value into its column's builder and
// returns the number of value bytes received.
type appender func(v driver.Value) (int, error)

type columnDecoder struct {
	nulls  interface{ AppendNull() } // the column's builder
	append appender
}

// rowDecoder turns driver rows into Arrow record batches. It is not safe
// for concurrent use: each worker owns one.
type rowDecoder struct {
	names  []string
	cols   []columnDecoder
	zero   []int64 // per column: zero dates read as NULL
	policy ZeroDatePolicy

	schema *arrow.Schema
	fixed  *array.RecordBuilder // every column but String and Binary ones
	vars   []*varWidth          // per column: its builder if String or Binary
	rows   int
}

// newRowDecoder binds one appender per column (its builder type-asserted
// once, not per value). sc must be ArrowSchema(t) or have the same field
// types. Release frees what it holds.
func newRowDecoder(t *schema.Table, mem memory.Allocator, sc *arrow.Schema, policy ZeroDatePolicy) (*rowDecoder, error) {
	fields := sc.Fields()
	if len(fields) != len(t.Columns) {
		return nil, fmt.Errorf("decode %s: schema has %d fields for %d columns", t, len(fields), len(t.Columns))
	}
	d := &rowDecoder{
		names:  t.ColumnNames(),
		cols:   make([]columnDecoder, len(t.Columns)),
		zero:   make([]int64, len(t.Columns)),
		policy: policy,
		schema: sc,
		fixed:  array.NewRecordBuilder(mem, sc),
		vars:   make([]*varWidth, len(t.Columns)),
	}
	for i, c := range t.Columns {
		want, err := arrowType(c)
		if err == nil && !arrow.TypeEqual(fields[i].Type, want) {
			err = fmt.Errorf("column %s (%s) needs Arrow type %s, schema has %s", c.Name, c.ColumnType, want, fields[i].Type)
		}
		var app appender
		var nulls interface{ AppendNull() }
		if err == nil {
			switch kindOf(c) {
			case kindString, kindBinary, kindGeometry:
				d.vars[i] = newVarWidth(mem, want)
				app, nulls = bindVarWidth(c, d.vars[i]), d.vars[i]
			default:
				app, err = d.bind(i, c, d.fixed.Field(i))
				nulls = d.fixed.Field(i)
			}
		}
		if err != nil {
			d.release()
			return nil, fmt.Errorf("decode %s: %w", t, err)
		}
		d.cols[i] = columnDecoder{nulls: nulls, append: app}
	}
	return d, nil
}

// newRecordBatch hands the rows appended so far to a record batch and
// starts an empty one.
func (d *rowDecoder) newRecordBatch() arrow.RecordBatch {
	cols := make([]arrow.Array, len(d.cols))
	for i := range d.cols {
		if d.vars[i] != nil {
			cols[i] = d.vars[i].newArray()
		} else {
			cols[i] = d.fixed.Field(i).NewArray()
		}
	}
	rec := array.NewRecordBatch(d.schema, cols, int64(d.rows))
	for _, c := range cols {
		c.Release()
	}
	d.rows = 0
	return rec
}

// release frees the rows not handed to a batch.
func (d *rowDecoder) release() {
	d.fixed.Release()
	for _, v := range d.vars {
		if v != nil {
			v.release()
		}
	}
}

// reserve sizes the builders for a batch like the last one.
func (d *rowDecoder) reserve(s batchSizes) {
	if s.rows == 0 {
		return
	}
	for i, f := range d.fixed.Fields() {
		if d.vars[i] != nil {
			d.vars[i].reserve(s.rows, s.data[i])
			continue
		}
		f.Reserve(s.rows)
	}
}

// appendRow appends one row; returns the number of value bytes received
// (len of []byte values, 8 for numbers, 0 for NULL). On error the rest of the
// row is filled with NULLs, so the builder's columns stay the same length,
// and the batch being built should be discarded.
func (d *rowDecoder) appendRow(vals []driver.Value) (int, error) {
	if len(vals) != len(d.cols) {
		return 0, fmt.Errorf("decode row: %d values for %d columns", len(vals), len(d.cols))
	}
	n := 0
	for i, v := range vals {
		c := &d.cols[i]
		if v == nil {
			c.nulls.AppendNull()
			continue
		}
		m, err := c.append(v)
		if err != nil {
			for j := i; j < len(d.cols); j++ {
				d.cols[j].nulls.AppendNull()
			}
			d.rows++
			return n, err
		}
		n += m
	}
	d.rows++
	return n, nil
}

// zeroDates returns, per column name, how many zero or partial-zero dates
// became NULL so far (only non-zero entries).
func (d *rowDecoder) zeroDates() map[string]int64 { return zeroCounts(d.names, d.zero) }

// zeroCounts maps the non-zero counts of zero to their columns' names.
func zeroCounts(names []string, zero []int64) map[string]int64 {
	m := map[string]int64{}
	for i, n := range zero {
		if n != 0 {
			m[names[i]] = n
		}
	}
	return m
}

// bind picks the appender for column i.
func (d *rowDecoder) bind(i int, c schema.Column, fb array.Builder) (appender, error) {
	switch kindOf(c) {
	case kindInt8:
		return bindInt[int8](c, fb, math.MinInt8, math.MaxInt8)
	case kindInt16:
		return bindInt[int16](c, fb, math.MinInt16, math.MaxInt16)
	case kindInt32:
		return bindInt[int32](c, fb, math.MinInt32, math.MaxInt32)
	case kindInt64:
		return bindInt[int64](c, fb, math.MinInt64, math.MaxInt64)
	case kindUint8:
		return bindInt[uint8](c, fb, 0, math.MaxUint8)
	case kindUint16, kindYear:
		return bindInt[uint16](c, fb, 0, math.MaxUint16)
	case kindUint32:
		return bindInt[uint32](c, fb, 0, math.MaxUint32)
	case kindUint64:
		return bindUint64(c, fb)
	case kindDecimal128:
		return bindDecimal[decimal128.Num, *array.Decimal128Builder](c, fb, parseDecimal128)
	case kindDecimal256:
		return bindDecimal[decimal256.Num, *array.Decimal256Builder](c, fb, parseDecimal256)
	case kindFloat32:
		return bindFloat32(c, fb)
	case kindFloat64:
		return bindFloat64(c, fb)
	case kindBit:
		return bindBit(c, fb)
	case kindDate:
		return d.bindDate(i, c, fb)
	case kindDatetime, kindTimestamp:
		return d.bindDatetime(i, c, fb)
	case kindTime:
		return bindTime(c, fb)
	}
	return nil, fmt.Errorf("column %s (%s): no decoder", c.Name, c.ColumnType)
}

// builderOf asserts a field builder's concrete type once, at bind time.
func builderOf[B array.Builder](c schema.Column, fb array.Builder) (B, error) {
	b, ok := fb.(B)
	if !ok {
		return b, fmt.Errorf("column %s (%s): builder is %T", c.Name, c.ColumnType, fb)
	}
	return b, nil
}

func typeError(c schema.Column, v driver.Value) error {
	return fmt.Errorf("column %s (%s): unexpected driver value of type %T", c.Name, c.ColumnType, v)
}

func valueError(c schema.Column, v []byte, what string) error {
	return fmt.Errorf("column %s (%s): %s %q", c.Name, c.ColumnType, what, v)
}

// bindInt covers every integer the driver delivers as int64: TINYINT through
// INT (signed or unsigned), signed BIGINT and YEAR.
func bindInt[T int8 | int16 | int32 | int64 | uint8 | uint16 | uint32](c schema.Column, fb array.Builder, lo, hi int64) (appender, error) {
	b, ok := fb.(interface{ Append(T) })
	if !ok {
		return nil, fmt.Errorf("column %s (%s): builder is %T", c.Name, c.ColumnType, fb)
	}
	return func(v driver.Value) (int, error) {
		x, ok := v.(int64)
		if !ok {
			return 0, typeError(c, v)
		}
		if x < lo || x > hi {
			return 0, fmt.Errorf("column %s (%s): value %d out of range", c.Name, c.ColumnType, x)
		}
		b.Append(T(x))
		return 8, nil
	}, nil
}

// bindUint64 is BIGINT UNSIGNED, which the driver delivers as uint64.
func bindUint64(c schema.Column, fb array.Builder) (appender, error) {
	b, err := builderOf[*array.Uint64Builder](c, fb)
	if err != nil {
		return nil, err
	}
	return func(v driver.Value) (int, error) {
		x, ok := v.(uint64)
		if !ok {
			return 0, typeError(c, v)
		}
		b.Append(x)
		return 8, nil
	}, nil
}

// bindFloat32 takes FLOAT as the driver delivers it (float32, parsed from
// text the server rounds to 6 digits) or, when the query selects
// CAST(col AS DOUBLE) as columnSelectExpr does, as a float64 holding the
// stored single-precision value exactly.
func bindFloat32(c schema.Column, fb array.Builder) (appender, error) {
	b, err := builderOf[*array.Float32Builder](c, fb)
	if err != nil {
		return nil, err
	}
	return func(v driver.Value) (int, error) {
		switch x := v.(type) {
		case float32:
			b.Append(x)
		case float64:
			b.Append(float32(x))
		default:
			return 0, typeError(c, v)
		}
		return 8, nil
	}, nil
}

func bindFloat64(c schema.Column, fb array.Builder) (appender, error) {
	b, err := builderOf[*array.Float64Builder](c, fb)
	if err != nil {
		return nil, err
	}
	return func(v driver.Value) (int, error) {
		x, ok := v.(float64)
		if !ok {
			return 0, typeError(c, v)
		}
		b.Append(x)
		return 8, nil
	}, nil
}

// bindDecimal parses DECIMAL text exactly into decimal128 or decimal256.
func bindDecimal[N any, B interface {
	array.Builder
	Append(N)
}](c schema.Column, fb array.Builder, parse func(s []byte, prec, scale int) (N, bool)) (appender, error) {
	b, err := builderOf[B](c, fb)
	if err != nil {
		return nil, err
	}
	return func(v driver.Value) (int, error) {
		s, ok := v.([]byte)
		if !ok {
			return 0, typeError(c, v)
		}
		n, ok := parse(s, c.Precision, c.Scale)
		if !ok {
			return 0, valueError(c, s, "malformed DECIMAL text")
		}
		b.Append(n)
		return len(s), nil
	}, nil
}

// bindBit reads BIT(n): (n+7)/8 big-endian bytes.
func bindBit(c schema.Column, fb array.Builder) (appender, error) {
	b, err := builderOf[*array.Uint64Builder](c, fb)
	if err != nil {
		return nil, err
	}
	return func(v driver.Value) (int, error) {
		s, ok := v.([]byte)
		if !ok {
			return 0, typeError(c, v)
		}
		if len(s) > 8 {
			return 0, valueError(c, s, "BIT value wider than 64 bits")
		}
		var x uint64
		for _, by := range s {
			x = x<<8 | uint64(by)
		}
		b.Append(x)
		return len(s), nil
	}, nil
}

// zeroDate applies the policy to a value that is not a calendar date.
func (d *rowDecoder) zeroDate(i int, b array.Builder, s []byte) (int, error) {
	switch d.policy {
	case ZeroDatesError:
		return 0, &ZeroDateError{Column: d.names[i], Value: string(s)}
	case ZeroDatesKeep:
		date, ts := zeroSentinel(s)
		switch b := b.(type) {
		case *array.Date32Builder:
			b.Append(arrow.Date32(date))
		case *array.TimestampBuilder:
			b.Append(arrow.Timestamp(ts))
		}
		d.zero[i]++
		return len(s), nil
	}
	b.AppendNull()
	d.zero[i]++
	return len(s), nil
}

func (d *rowDecoder) bindDate(i int, c schema.Column, fb array.Builder) (appender, error) {
	b, err := builderOf[*array.Date32Builder](c, fb)
	if err != nil {
		return nil, err
	}
	return func(v driver.Value) (int, error) {
		s, ok := v.([]byte)
		if !ok {
			return 0, typeError(c, v)
		}
		days, st := parseDate(s)
		switch st {
		case parsedOK:
			b.Append(arrow.Date32(days))
			return len(s), nil
		case parsedZero:
			return d.zeroDate(i, b, s)
		}
		return 0, valueError(c, s, "malformed DATE text")
	}, nil
}

// bindDatetime serves DATETIME and TIMESTAMP alike: the session time zone is
// UTC, so TIMESTAMP text is already UTC.
func (d *rowDecoder) bindDatetime(i int, c schema.Column, fb array.Builder) (appender, error) {
	b, err := builderOf[*array.TimestampBuilder](c, fb)
	if err != nil {
		return nil, err
	}
	return func(v driver.Value) (int, error) {
		s, ok := v.([]byte)
		if !ok {
			return 0, typeError(c, v)
		}
		us, st := parseDateTime(s)
		switch st {
		case parsedOK:
			b.Append(arrow.Timestamp(us))
			return len(s), nil
		case parsedZero:
			return d.zeroDate(i, b, s)
		}
		return 0, valueError(c, s, "malformed date-time text")
	}, nil
}

func bindTime(c schema.Column, fb array.Builder) (appender, error) {
	b, err := builderOf[*array.DurationBuilder](c, fb)
	if err != nil {
		return nil, err
	}
	return func(v driver.Value) (int, error) {
		s, ok := v.([]byte)
		if !ok {
			return 0, typeError(c, v)
		}
		us, ok := parseTime(s)
		if !ok {
			return 0, valueError(c, s, "malformed TIME text")
		}
		b.Append(arrow.Duration(us))
		return len(s), nil
	}, nil
}

// bindVarWidth appends text and binary values as the server sent them
// (text in utf8mb4, as the session asks); a geometry without the 4-byte
// little-endian SRID that precedes the WKB in MySQL's internal format.
func bindVarWidth(c schema.Column, b *varWidth) appender {
	geometry := kindOf(c) == kindGeometry
	return func(v driver.Value) (int, error) {
		s, ok := v.([]byte)
		if !ok {
			return 0, typeError(c, v)
		}
		n := len(s)
		if geometry {
			if len(s) < 4 {
				return 0, valueError(c, s, "geometry shorter than its 4-byte SRID")
			}
			s = s[4:]
		}
		if err := b.Append(s); err != nil {
			return 0, fmt.Errorf("column %s (%s): %w", c.Name, c.ColumnType, err)
		}
		return n, nil
	}
}
