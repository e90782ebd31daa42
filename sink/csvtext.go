package sink

import (
	"bytes"
	"database/sql/driver"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/parity-db/parity/extract"
)

// textColumn appends one non-NULL driver value of a column as CSV text, or
// reports false for a value of a type the column does not expect.
type textColumn func(b []byte, v driver.Value) ([]byte, bool)

// rowText renders a row of sc's table from the driver's values as
// csvTable.Write renders the same row from its Arrow batch, byte for byte,
// for tables whose every column is an integer (not YEAR, whose text
// differs by dialect, nor BIT, which arrives as bytes), a DECIMAL, a
// string, or binary data (not a geometry, whose SRID is stripped). For any other
// table it returns nil, and the table goes through Arrow.
func (d *dialect) rowText(sc *arrow.Schema) extract.RowText {
	fields := sc.Fields()
	cols := make([]textColumn, len(fields))
	for i, f := range fields {
		if cols[i] = d.textColumnFor(f); cols[i] == nil {
			return nil
		}
	}
	null := d.null
	return func(dst []byte, row []driver.Value) ([]byte, error) {
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
			var ok bool
			if dst, ok = cols[i](dst, v); !ok {
				return dst, fmt.Errorf("column %s (%s): unexpected driver value %T %v", fields[i].Name, fields[i].Type, v, v)
			}
		}
		return append(dst, '\n'), nil
	}
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
	switch f.Type.(type) {
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
		return decimalText(int(f.Type.(*arrow.Decimal128Type).Precision), int(f.Type.(*arrow.Decimal128Type).Scale))
	case *arrow.Decimal256Type:
		return decimalText(int(f.Type.(*arrow.Decimal256Type).Precision), int(f.Type.(*arrow.Decimal256Type).Scale))
	case *arrow.StringType, *arrow.LargeStringType:
		return func(b []byte, v driver.Value) ([]byte, bool) {
			s, ok := v.([]byte)
			if !ok {
				return b, false
			}
			return d.appendString(b, unsafe.String(unsafe.SliceData(s), len(s))), true
		}
	case *arrow.BinaryType, *arrow.LargeBinaryType, *arrow.FixedSizeBinaryType:
		if !strings.HasSuffix(base, "binary") && !strings.HasSuffix(base, "blob") {
			return nil // a geometry: the text is of the WKB after the SRID
		}
		return func(b []byte, v driver.Value) ([]byte, bool) {
			s, ok := v.([]byte)
			if !ok {
				return b, false
			}
			return d.appendBinary(b, s), true
		}
	}
	return nil
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
