package sink

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"time"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// csvTable writes one table as CSV in one of the dialects (see Dialect),
// "\n" line ends, through an optional gzip or zstd compressor. arrow-go's
// csv writer is not used: it writes binary as base64, timestamps without a
// "T" and with trailing zeros trimmed, large years as raw integers, cannot
// write durations, and cannot tell NULL from an empty string. Values here
// are exact text, one encoding per type; in the rfc4180 dialect:
//
//	integers            decimal digits: -128, 18446744073709551615
//	float32/64          shortest text that reads back to the same bits: 0.1, 12345678.9, 1e+30
//	decimal128/256      exact digits with the column's scale: -12.3400000000
//	date32/64           YYYY-MM-DD
//	timestamp, no zone  YYYY-MM-DDTHH:MM:SS.ffffff (digits by unit: s 0, ms 3, µs 6, ns 9)
//	timestamp with zone the same in that zone, then its offset: ...ffffffZ for UTC
//	duration, time32/64 [-]HH:MM:SS.ffffff, hours past 24 as MySQL TIME does: -838:59:59.000000
//	string              as is, quoted when it holds , " CR LF or starts with a space
//	binary              lower-case hex, no prefix: 00ff10 (UNHEX() in MySQL)
//	boolean             true, false
//	dictionary          its value's encoding
//	NULL                empty field: a,,b
//	empty string/binary ""  (quoted, so it differs from NULL, as PostgreSQL COPY and DuckDB read it)
//
// The mysql and bigquery dialects differ as Dialect describes.
type csvTable struct {
	obj  *target
	w    io.Writer // obj, or a compressor writing to it
	comp io.WriteCloser
	dialect
	encs   []csvEncoder
	fields []func(buf []byte, row int) []byte // per batch, reused
	buf    []byte
	closed bool
}

// csvEncoder binds a column of one batch to a function that appends the
// text of a non-null row.
type csvEncoder func(arrow.Array) func(buf []byte, row int) []byte

// newCSVTable starts the file with the header row, if the dialect has one;
// encs come from csvEncoders(sc, d).
func newCSVTable(obj *target, sc *arrow.Schema, encs []csvEncoder, d *dialect, compression string) (*csvTable, error) {
	t := &csvTable{obj: obj, w: obj, dialect: *d, encs: encs, fields: make([]func([]byte, int) []byte, len(encs))}
	name, level := parseCodec(compression)
	var err error
	switch name {
	case "gzip":
		t.comp, err = gzip.NewWriterLevel(obj, level)
	case "zstd":
		t.comp, err = zstd.NewWriter(obj, zstd.WithEncoderLevel(zstd.EncoderLevelFromZstd(level)))
	}
	if err != nil {
		return nil, err
	}
	if t.comp != nil {
		t.w = t.comp
	}
	if d.header {
		for i, f := range sc.Fields() {
			if i > 0 {
				t.buf = append(t.buf, ',')
			}
			t.buf = d.appendString(t.buf, f.Name)
		}
		t.buf = append(t.buf, '\n')
	}
	return t, nil
}

func csvEncoders(sc *arrow.Schema, d *dialect) ([]csvEncoder, error) {
	encs := make([]csvEncoder, sc.NumFields())
	for i, f := range sc.Fields() {
		enc, err := d.encoderFor(f)
		if err != nil {
			return nil, fmt.Errorf("column %s: %w", f.Name, err)
		}
		encs[i] = enc
	}
	return encs, nil
}

const csvFlushAt = 64 << 10

func (t *csvTable) Write(rec arrow.RecordBatch) error {
	cols := rec.Columns()
	for c, enc := range t.encs {
		t.fields[c] = enc(cols[c])
	}
	defer clear(t.fields) // keep no reference to rec
	null := t.null
	for r := range int(rec.NumRows()) {
		for c, field := range t.fields {
			if c > 0 {
				t.buf = append(t.buf, ',')
			}
			if cols[c].IsValid(r) {
				t.buf = field(t.buf, r)
			} else {
				t.buf = append(t.buf, null...)
			}
		}
		t.buf = append(t.buf, '\n')
		if len(t.buf) >= csvFlushAt {
			if err := t.flush(); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeText appends rows already rendered as text, after what is buffered.
func (t *csvTable) writeText(text []byte) error {
	if len(t.buf) > 0 {
		if err := t.flush(); err != nil {
			return err
		}
	}
	if _, err := t.w.Write(text); err != nil {
		return writeErr(t.obj, err)
	}
	return nil
}

func (t *csvTable) flush() error {
	_, err := t.w.Write(t.buf)
	t.buf = t.buf[:0]
	if err != nil {
		return writeErr(t.obj, err)
	}
	return nil
}

// finish writes what is buffered and the compressor's trailer.
func (t *csvTable) finish() error {
	t.closed = true
	if err := t.flush(); err != nil {
		return err
	}
	if t.comp != nil {
		if err := t.comp.Close(); err != nil {
			return writeErr(t.obj, err)
		}
	}
	return nil
}

// estimate is the file's size so far. A compressor holds back a block,
// so it is flushed first: only tables cut into parts ask.
func (t *csvTable) estimate() int64 {
	if err := t.flush(); err != nil {
		return t.obj.n
	}
	if f, ok := t.comp.(interface{ Flush() error }); ok {
		_ = f.Flush() // a failure sticks in t.obj and the next write reports it
	}
	return t.obj.n
}

// abort frees the compressor; the caller drops the object.
func (t *csvTable) abort() {
	if !t.closed {
		t.closed = true
		if t.comp != nil {
			t.obj.drop = true
			t.comp.Close()
		}
	}
}

// encoderFor picks the text encoding of field f's type in this dialect;
// the field's mysql.type metadata tells YEAR from other small integers.
func (d *dialect) encoderFor(f arrow.Field) (csvEncoder, error) {
	mysqlType, _ := f.Metadata.GetValue("mysql.type")
	return d.typeEncoder(f.Type, mysqlType)
}

func (d *dialect) typeEncoder(dt arrow.DataType, mysqlType string) (csvEncoder, error) {
	switch dt := dt.(type) {
	case *arrow.NullType:
		return func(arrow.Array) func([]byte, int) []byte { return nil }, nil
	case *arrow.BooleanType:
		return bind(func(a *array.Boolean, b []byte, i int) []byte { return strconv.AppendBool(b, a.Value(i)) }), nil
	case *arrow.Int8Type:
		return bind(func(a *array.Int8, b []byte, i int) []byte { return strconv.AppendInt(b, int64(a.Value(i)), 10) }), nil
	case *arrow.Int16Type:
		return bind(func(a *array.Int16, b []byte, i int) []byte { return strconv.AppendInt(b, int64(a.Value(i)), 10) }), nil
	case *arrow.Int32Type:
		return bind(func(a *array.Int32, b []byte, i int) []byte { return strconv.AppendInt(b, int64(a.Value(i)), 10) }), nil
	case *arrow.Int64Type:
		return bind(func(a *array.Int64, b []byte, i int) []byte { return strconv.AppendInt(b, a.Value(i), 10) }), nil
	case *arrow.Uint8Type:
		return bind(func(a *array.Uint8, b []byte, i int) []byte { return strconv.AppendUint(b, uint64(a.Value(i)), 10) }), nil
	case *arrow.Uint16Type:
		if d.year4 && mysqlType == "year" {
			// LOAD DATA reads "0" as the year 2000 and "0000" as 0000.
			return bind(func(a *array.Uint16, b []byte, i int) []byte { return appendYear(b, a.Value(i)) }), nil
		}
		return bind(func(a *array.Uint16, b []byte, i int) []byte { return strconv.AppendUint(b, uint64(a.Value(i)), 10) }), nil
	case *arrow.Uint32Type:
		return bind(func(a *array.Uint32, b []byte, i int) []byte { return strconv.AppendUint(b, uint64(a.Value(i)), 10) }), nil
	case *arrow.Uint64Type:
		return bind(func(a *array.Uint64, b []byte, i int) []byte { return strconv.AppendUint(b, a.Value(i), 10) }), nil
	case *arrow.Float32Type:
		return bind(func(a *array.Float32, b []byte, i int) []byte { return appendFloat(b, float64(a.Value(i)), 32) }), nil
	case *arrow.Float64Type:
		return bind(func(a *array.Float64, b []byte, i int) []byte { return appendFloat(b, a.Value(i), 64) }), nil
	case *arrow.Decimal128Type:
		scale := dt.Scale
		return bind(func(a *array.Decimal128, b []byte, i int) []byte { return append(b, a.Value(i).ToString(scale)...) }), nil
	case *arrow.Decimal256Type:
		scale := dt.Scale
		return bind(func(a *array.Decimal256, b []byte, i int) []byte { return append(b, a.Value(i).ToString(scale)...) }), nil
	case *arrow.Date32Type:
		return bind(func(a *array.Date32, b []byte, i int) []byte {
			return time.Unix(int64(a.Value(i))*86400, 0).UTC().AppendFormat(b, time.DateOnly)
		}), nil
	case *arrow.Date64Type:
		return bind(func(a *array.Date64, b []byte, i int) []byte {
			return time.UnixMilli(int64(a.Value(i))).UTC().AppendFormat(b, time.DateOnly)
		}), nil
	case *arrow.TimestampType:
		toTime, err := dt.GetToTimeFunc()
		if err != nil {
			return nil, fmt.Errorf("%w %s: %w", ErrUnsupportedType, dt, err)
		}
		layout := "2006-01-02" + string(d.dateTimeSep) + "15:04:05" + fractionLayout[dt.Unit]
		if dt.TimeZone != "" && d.zone == "" {
			// Written in UTC without an offset, for a session at '+00:00'.
			return bind(func(a *array.Timestamp, b []byte, i int) []byte {
				return toTime(a.Value(i)).UTC().AppendFormat(b, layout)
			}), nil
		}
		if dt.TimeZone != "" {
			layout += d.zone
		}
		return bind(func(a *array.Timestamp, b []byte, i int) []byte {
			return toTime(a.Value(i)).AppendFormat(b, layout)
		}), nil
	case *arrow.DurationType:
		unit := dt.Unit
		return bind(func(a *array.Duration, b []byte, i int) []byte { return appendClock(b, int64(a.Value(i)), unit) }), nil
	case *arrow.Time32Type:
		unit := dt.Unit
		return bind(func(a *array.Time32, b []byte, i int) []byte { return appendClock(b, int64(a.Value(i)), unit) }), nil
	case *arrow.Time64Type:
		unit := dt.Unit
		return bind(func(a *array.Time64, b []byte, i int) []byte { return appendClock(b, int64(a.Value(i)), unit) }), nil
	case *arrow.StringType:
		return stringEncoder[*array.String](d), nil
	case *arrow.LargeStringType:
		return stringEncoder[*array.LargeString](d), nil
	case *arrow.BinaryType:
		return bind(func(a *array.Binary, b []byte, i int) []byte { return d.appendBinary(b, a.Value(i)) }), nil
	case *arrow.LargeBinaryType:
		return bind(func(a *array.LargeBinary, b []byte, i int) []byte { return d.appendBinary(b, a.Value(i)) }), nil
	case *arrow.FixedSizeBinaryType:
		return bind(func(a *array.FixedSizeBinary, b []byte, i int) []byte { return d.appendBinary(b, a.Value(i)) }), nil
	case *arrow.DictionaryType:
		values, err := d.typeEncoder(dt.ValueType, mysqlType)
		if err != nil {
			return nil, err
		}
		return func(col arrow.Array) func([]byte, int) []byte {
			da := col.(*array.Dictionary)
			dict := da.Dictionary()
			value := values(dict)
			return func(b []byte, i int) []byte {
				j := da.GetValueIndex(i)
				if dict.IsNull(j) {
					return append(b, d.null...)
				}
				return value(b, j)
			}
		}, nil
	}
	return nil, fmt.Errorf("%w %s in csv", ErrUnsupportedType, dt)
}

// stringEncoder writes a text column. Most columns of most batches hold
// no byte that needs quoting or escaping anywhere, which one pass over the
// batch's value buffer tells; their values then skip the per-value search.
func stringEncoder[A interface {
	arrow.Array
	Value(int) string
	ValueBytes() []byte
}](d *dialect) csvEncoder {
	special := rfc4180Quoted
	if d.escape {
		special = mysqlEscaped
	}
	return func(col arrow.Array) func([]byte, int) []byte {
		a := col.(A)
		if containsAnyByteOf(a.ValueBytes(), special) {
			return func(b []byte, i int) []byte { return d.appendString(b, a.Value(i)) }
		}
		return func(b []byte, i int) []byte { return d.appendPlain(b, a.Value(i)) }
	}
}

// bind adapts a typed append function to csvEncoder.
func bind[A arrow.Array](f func(a A, b []byte, i int) []byte) csvEncoder {
	return func(col arrow.Array) func([]byte, int) []byte {
		a := col.(A)
		return func(b []byte, i int) []byte { return f(a, b, i) }
	}
}

var fractionLayout = map[arrow.TimeUnit]string{
	arrow.Second:      "",
	arrow.Millisecond: ".000",
	arrow.Microsecond: ".000000",
	arrow.Nanosecond:  ".000000000",
}

// appendFloat writes the shortest digits that read back as the same
// value, in plain notation unless the exponent is extreme (the rule
// encoding/json and JavaScript use): 12345678.9, 0.001, 1e+30, 2.5e-300.
func appendFloat(b []byte, v float64, bits int) []byte {
	format := byte('f')
	if a := math.Abs(v); a != 0 && (a < 1e-6 || a >= 1e21) {
		format = 'e'
	}
	return strconv.AppendFloat(b, v, format, -1, bits)
}

// appendClock writes a signed span as [-]HH:MM:SS[.f], the way MySQL
// shows TIME: hours are not wrapped at 24 and have at least two digits;
// the fraction has as many digits as the unit resolves (none for seconds).
func appendClock(b []byte, v int64, unit arrow.TimeUnit) []byte {
	u := uint64(v)
	if v < 0 {
		b = append(b, '-')
		u = -u // two's complement: exact even for math.MinInt64
	}
	perSec := uint64(time.Second / unit.Multiplier())
	secs, frac := u/perSec, u%perSec
	h, m, s := secs/3600, secs/60%60, secs%60
	if h < 10 {
		b = append(b, '0')
	}
	b = strconv.AppendUint(b, h, 10)
	b = append(b, ':', byte('0'+m/10), byte('0'+m%10), ':', byte('0'+s/10), byte('0'+s%10))
	if perSec > 1 {
		b = append(b, '.')
		for p := perSec / 10; p > 0; p /= 10 {
			b = append(b, byte('0'+frac/p%10))
		}
	}
	return b
}
