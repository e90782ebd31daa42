package sink

import (
	"bytes"
	"database/sql/driver"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/parity-db/parity/extract"
)

// textColumn appends one non-NULL driver value of a column as CSV text, or
// reports false for a value of a type the column does not expect.
type textColumn func(b []byte, v driver.Value) ([]byte, bool)

// dateColumn is a DATE, DATETIME or TIMESTAMP column: text whose zero and
// partial-zero values the run's policy turns into NULL or an error.
type dateColumn struct {
	withTime bool
	render   func(b, s []byte) []byte // a calendar value's text
}

// rowText renders a row of sc's table from the driver's values as
// csvTable.Write renders the same row from its Arrow batch, byte for byte,
// for tables whose every column is an integer (not YEAR, whose text
// differs by dialect, nor BIT, which arrives as bytes), a DECIMAL, a DATE,
// DATETIME or TIMESTAMP (with zero dates NULL and counted, or an error, as
// the policy says; the "keep" policy's sentinels take the Arrow path), a
// string, or binary data (not a geometry, whose SRID is stripped). For any
// other table it returns nil, and the table goes through Arrow.
func (d *dialect) rowText(sc *arrow.Schema, zero extract.ZeroDatePolicy) extract.RowText {
	fields := sc.Fields()
	cols := make([]textColumn, len(fields))
	dates := make([]*dateColumn, len(fields))
	for i, f := range fields {
		if dates[i] = d.dateColumnFor(f); dates[i] != nil {
			if zero == extract.ZeroDatesKeep {
				return nil // sentinels, whose text is the Arrow path's
			}
			continue
		}
		if cols[i] = d.textColumnFor(f); cols[i] == nil {
			return nil
		}
	}
	null := d.null
	return func(dst []byte, row []driver.Value, zeros []int64) ([]byte, error) {
		if len(row) != len(cols) {
			return dst, fmt.Errorf("csv: %d values for %d columns", len(row), len(cols))
		}
		for i, v := range row {
			if i > 0 {
				dst = append(dst, ',')
			}
			if v == nil {
				dst = append(dst, null...)
				continue
			}
			if dc := dates[i]; dc != nil {
				s, ok := v.([]byte)
				if !ok {
					return dst, unexpectedValue(fields[i], v)
				}
				switch extract.DateTextStatus(s, dc.withTime) {
				case extract.DateOK:
					dst = dc.render(dst, s)
				case extract.DateZero:
					if zero == extract.ZeroDatesError {
						return dst, &extract.ZeroDateError{Column: fields[i].Name, Value: string(s)}
					}
					dst = append(dst, null...)
					zeros[i]++
				default:
					return dst, fmt.Errorf("column %s (%s): malformed date text %q", fields[i].Name, fields[i].Type, s)
				}
				continue
			}
			var ok bool
			if dst, ok = cols[i](dst, v); !ok {
				return dst, unexpectedValue(fields[i], v)
			}
		}
		return append(dst, '\n'), nil
	}
}

func unexpectedValue(f arrow.Field, v driver.Value) error {
	return fmt.Errorf("column %s (%s): unexpected driver value %T %v", f.Name, f.Type, v, v)
}

// dateColumnFor is the rendering of a DATE, DATETIME or TIMESTAMP column
// from the server's text, or nil for any other field (and for a unit or a
// zone other than the microseconds and UTC the decoder gives them). The Arrow path
// writes DATE as YYYY-MM-DD, and DATETIME and TIMESTAMP with the dialect's
// separator, six fraction digits and, for TIMESTAMP, the dialect's zone
// suffix for UTC (the session's zone, so the server's text is UTC).
func (d *dialect) dateColumnFor(f arrow.Field) *dateColumn {
	switch dt := f.Type.(type) {
	case *arrow.Date32Type:
		return &dateColumn{render: func(b, s []byte) []byte { return append(b, s...) }}
	case *arrow.TimestampType:
		if dt.Unit != arrow.Microsecond || dt.TimeZone != "" && dt.TimeZone != "UTC" {
			return nil
		}
		sep := d.dateTimeSep
		var zone string
		if dt.TimeZone != "" && d.zone != "" {
			zone = time.Unix(0, 0).UTC().Format(d.zone)
		}
		return &dateColumn{withTime: true, render: func(b, s []byte) []byte {
			b = append(b, s[:10]...)
			b = append(b, sep)
			b = append(b, s[11:19]...)
			frac := s[19:] // "" or ".f" to ".ffffff"
			if len(frac) > 0 {
				frac = frac[1:]
			}
			b = append(b, '.')
			b = append(b, frac...)
			b = append(b, "000000"[len(frac):]...)
			return append(b, zone...)
		}}
	}
	return nil
}

// textColumnFor is the text rendering of field f's driver values, or nil
// when its text must come from the Arrow value.
func (d *dialect) textColumnFor(f arrow.Field) textColumn {
	mysqlType, _ := f.Metadata.GetValue("mysql.type")
	// The type's name without its width or attributes: "bigint" of
	// "bigint(20) unsigned".
	base := strings.ToLower(mysqlType)
	if i := strings.IndexAny(base, "( "); i >= 0 {
		base = base[:i]
	}
	switch dt := f.Type.(type) {
	case *arrow.Int8Type:
		return intText(math.MinInt8, math.MaxInt8)
	case *arrow.Int16Type:
		return intText(math.MinInt16, math.MaxInt16)
	case *arrow.Int32Type:
		return intText(math.MinInt32, math.MaxInt32)
	case *arrow.Int64Type:
		return intText(math.MinInt64, math.MaxInt64)
	case *arrow.Uint8Type:
		return intText(0, math.MaxUint8)
	case *arrow.Uint16Type:
		if base == "year" {
			return nil
		}
		return intText(0, math.MaxUint16)
	case *arrow.Uint32Type:
		return intText(0, math.MaxUint32)
	case *arrow.Uint64Type:
		if !strings.HasSuffix(base, "int") { // BIT(n)
			return nil
		}
		return func(b []byte, v driver.Value) ([]byte, bool) {
			x, ok := v.(uint64)
			return strconv.AppendUint(b, x, 10), ok
		}
	case *arrow.Decimal128Type:
		return decimalText(int(dt.Precision), int(dt.Scale))
	case *arrow.Decimal256Type:
		return decimalText(int(dt.Precision), int(dt.Scale))
	case *arrow.StringType, *arrow.LargeStringType:
		return bytesText(func(b, s []byte) []byte { return d.appendString(b, unsafe.String(unsafe.SliceData(s), len(s))) })
	case *arrow.BinaryType, *arrow.LargeBinaryType, *arrow.FixedSizeBinaryType:
		if !strings.HasSuffix(base, "binary") && !strings.HasSuffix(base, "blob") {
			return nil // a geometry: the text is of the WKB after the SRID
		}
		return bytesText(d.appendBinary)
	}
	return nil
}

// bytesText renders the values the driver delivers as bytes with render.
func bytesText(render func(b, s []byte) []byte) textColumn {
	return func(b []byte, v driver.Value) ([]byte, bool) {
		s, ok := v.([]byte)
		if !ok {
			return b, false
		}
		return render(b, s), true
	}
}

// decimalText copies DECIMAL text the server sent, which is already what
// the Arrow path writes (the exact digits with every scale digit), after
// checking that it is: an optional '-', at most precision-scale integer
// digits without a leading zero (a lone 0 below 1), then exactly scale
// fraction digits. Negative zero is written as 0, as the Arrow value has no
// sign for it. Any other text is refused, as the decoder refuses it.
func decimalText(precision, scale int) textColumn {
	return func(b []byte, v driver.Value) ([]byte, bool) {
		s, ok := v.([]byte)
		if !ok || !canonicalDecimal(s, precision, scale) {
			return b, false
		}
		if s[0] == '-' && len(bytes.Trim(s[1:], "0.")) == 0 {
			s = s[1:]
		}
		return append(b, s...), true
	}
}

func canonicalDecimal(s []byte, precision, scale int) bool {
	if len(s) > 0 && s[0] == '-' {
		s = s[1:]
	}
	whole := len(s) - scale // integer digits, and the point if scale > 0
	if scale > 0 {
		whole--
		if whole < 1 || s[whole] != '.' {
			return false
		}
	}
	if whole < 1 || whole > max(precision-scale, 1) || whole > 1 && s[0] == '0' {
		return false
	}
	for i, c := range s {
		if (c < '0' || c > '9') && !(scale > 0 && i == whole) {
			return false
		}
	}
	return true
}

// intText renders the integers the driver delivers as int64, refusing a
// value outside the column's Arrow type as the decoder does.
func intText(lo, hi int64) textColumn {
	return func(b []byte, v driver.Value) ([]byte, bool) {
		x, ok := v.(int64)
		if !ok || x < lo || x > hi {
			return b, false
		}
		return strconv.AppendInt(b, x, 10), true
	}
}
