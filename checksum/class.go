package checksum

import (
	"strings"

	"github.com/parity-db/parity/schema"
)

// family groups schema kinds that compare alike: the integer-valued
// kinds share one canonical form, as do DATETIME and TIMESTAMP. Being built
// on schema.Kind, like extract's decoding, it also fixes the Arrow type a
// column of each family arrives in.
type family uint8

const (
	famInt      family = iota // TINYINT..BIGINT, YEAR, BIT: Int8..Uint64
	famDecimal                // Decimal128 / Decimal256
	famFloat                  // Float32
	famDouble                 // Float64
	famDate                   // Date32
	famDatetime               // DATETIME and TIMESTAMP: Timestamp(µs)
	famTime                   // Duration(µs)
	famText                   // String: CHAR..TEXT, ENUM, UUID, INET
	famSet                    // String: "a,b"
	famJSON                   // String: the server's text
	famBinary                 // Binary
	famGeometry               // Binary: WKB
)

func familyOf(c schema.Column) family {
	switch c.Kind() {
	case schema.Integer, schema.Year, schema.Bit:
		return famInt
	case schema.Decimal:
		return famDecimal
	case schema.Float:
		return famFloat
	case schema.Double:
		return famDouble
	case schema.Date:
		return famDate
	case schema.Datetime, schema.Timestamp:
		return famDatetime
	case schema.Time:
		return famTime
	case schema.Text, schema.Enum:
		return famText
	case schema.Set:
		return famSet
	case schema.JSON:
		return famJSON
	case schema.Geometry:
		return famGeometry
	}
	return famBinary
}

// class is the canonical form a column pair is compared in; both sides of a
// pair encode to it, whatever their own types.
type class uint8

const (
	clsInt     class = iota // sign byte + 8-byte big-endian value
	clsDecimal              // normalized decimal text
	clsFloat32              // float32 bits
	clsFloat64              // float64 bits
	clsDate                 // Date32 days
	clsMicros               // DATETIME/TIMESTAMP µs
	clsTime                 // TIME µs
	clsText                 // UTF-8 bytes
	clsSet                  // members sorted
	clsJSON                 // canonical JSON
	clsBytes                // raw bytes
	clsAsText               // types that do not match: each side's text form
)

// fixedSize is the length of a class's canonical bytes, or 0 when it varies.
func (c class) fixedSize() int {
	switch c {
	case clsInt:
		return 9
	case clsFloat32, clsDate:
		return 4
	case clsFloat64, clsMicros, clsTime:
		return 8
	}
	return 0
}

func (c class) isFloat() bool { return c == clsFloat32 || c == clsFloat64 }

// classOf picks the canonical form for a column typed a on one side and b on
// the other. Widening that keeps every value (INT to BIGINT, DECIMAL(5,2) to
// DECIMAL(10,4), FLOAT to DOUBLE, text to JSON or SET) compares by value; any
// other pair compares the values' text, so INT 5 still equals VARCHAR '5'.
func classOf(a, b family, strict bool) class {
	if a > b {
		a, b = b, a
	}
	if a == b {
		switch a {
		case famInt:
			return clsInt
		case famDecimal:
			return clsDecimal
		case famFloat:
			return clsFloat32
		case famDouble:
			return clsFloat64
		case famDate:
			return clsDate
		case famDatetime:
			return clsMicros
		case famTime:
			return clsTime
		case famText:
			return clsText
		case famSet:
			return clsSet
		case famJSON:
			return clsJSON
		default: // famBinary, famGeometry
			return clsBytes
		}
	}
	switch {
	case a == famInt && b == famDecimal:
		return clsDecimal
	case a == famFloat && b == famDouble:
		// FLOAT widened to DOUBLE holds the float's shortest text, which
		// narrows back to the original float32; strict mode does not narrow.
		if strict {
			return clsFloat64
		}
		return clsFloat32
	case a == famText && b == famSet:
		return clsSet
	case a == famText && b == famJSON:
		return clsJSON
	}
	return clsAsText
}

// sameType reports whether two columns have the same type for strict mode:
// integer display width ("int(11)" against "int") and collation do not count.
func sameType(a, b schema.Column) bool {
	if a.Kind() == schema.JSON && b.Kind() == schema.JSON {
		// MariaDB's JSON is utf8mb4 LONGTEXT, MySQL's has no charset: the
		// same type to anyone reading the documents.
		return true
	}
	if a.DataType != b.DataType || a.Unsigned != b.Unsigned || a.Precision != b.Precision ||
		a.Scale != b.Scale || a.FSP != b.FSP || a.Charset != b.Charset {
		return false
	}
	if k := a.Kind(); k == schema.Enum || k == schema.Set {
		return a.ColumnType == b.ColumnType
	}
	return true
}

// typeTag names a column's type in strict mode's canonical bytes.
func typeTag(c schema.Column) string {
	return strings.ToLower(c.ColumnType) + " charset " + c.Charset
}
