package checksum

import (
	"encoding/hex"
	"strconv"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/parity-db/parity/schema"
)

// appendText appends the text of the non-NULL value at row as the server
// would show it: integers and floats in decimal, DECIMAL with all its scale
// digits, dates and times with the column's fractional digits, text as is.
// Binary values show as 0x-hex for people; with raw they are their bytes,
// which is the text form that compares columns whose types do not match
// (VARBINARY 'abc' against VARCHAR 'abc').
func appendText(dst []byte, a arrow.Array, c *schema.Column, row int, raw bool) []byte {
	switch a := a.(type) {
	case *array.Int8:
		return strconv.AppendInt(dst, int64(a.Value(row)), 10)
	case *array.Int16:
		return strconv.AppendInt(dst, int64(a.Value(row)), 10)
	case *array.Int32:
		return strconv.AppendInt(dst, int64(a.Value(row)), 10)
	case *array.Int64:
		return strconv.AppendInt(dst, a.Value(row), 10)
	case *array.Uint8:
		return strconv.AppendUint(dst, uint64(a.Value(row)), 10)
	case *array.Uint16:
		if c.Kind() == schema.Year {
			return appendPadded(dst, int64(a.Value(row)), 4)
		}
		return strconv.AppendUint(dst, uint64(a.Value(row)), 10)
	case *array.Uint32:
		return strconv.AppendUint(dst, uint64(a.Value(row)), 10)
	case *array.Uint64:
		return strconv.AppendUint(dst, a.Value(row), 10)
	case *array.Decimal128:
		return appendDecimal(dst, words128(a.Value(row)), 2, int(a.DataType().(*arrow.Decimal128Type).Scale), false)
	case *array.Decimal256:
		return appendDecimal(dst, words256(a.Value(row)), 4, int(a.DataType().(*arrow.Decimal256Type).Scale), false)
	case *array.Float32:
		return strconv.AppendFloat(dst, float64(a.Value(row)), 'g', -1, 32)
	case *array.Float64:
		return strconv.AppendFloat(dst, a.Value(row), 'g', -1, 64)
	case *array.Date32:
		return appendDate(dst, int32(a.Value(row)))
	case *array.Timestamp:
		return appendDateTime(dst, int64(a.Value(row)), c.FSP)
	case *array.Duration:
		return appendTime(dst, int64(a.Value(row)), c.FSP)
	case *array.String:
		return append(dst, a.Value(row)...)
	case *array.Binary:
		if raw {
			return append(dst, a.Value(row)...)
		}
		return hex.AppendEncode(append(dst, "0x"...), a.Value(row))
	}
	// Unreachable: Encoder accepts only the types above.
	return append(dst, a.ValueStr(row)...)
}
