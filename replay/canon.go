package replay

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/parity-db/parity/checksum"
)

// family groups the types a result column can have by how its values
// compare: a migration may turn one type into another of the same family
// (INT into BIGINT, a MariaDB JSON longtext into MySQL's JSON) without
// changing any value.
type family uint8

const (
	famAny      family = iota // NULL-typed: SELECT NULL
	famInteger                // TINYINT .. BIGINT, YEAR
	famDecimal                // DECIMAL
	famFloat                  // DOUBLE
	famFloat32                // FLOAT
	famText                   // CHAR, VARCHAR, TEXT, ENUM, SET
	famJSON                   // JSON
	famBinary                 // BINARY, VARBINARY, BLOB, BIT, GEOMETRY
	famDate                   // DATE
	famDateTime               // DATETIME, TIMESTAMP
	famTime                   // TIME
)

var familyNames = [...]string{"any", "integer", "decimal", "double", "float", "text", "json", "binary", "date",
	"datetime", "time"}

func (f family) String() string { return familyNames[f] }

// familyOf maps the driver's type name (DatabaseTypeName) to its family.
func familyOf(typeName string) family {
	name := strings.TrimPrefix(strings.ToUpper(typeName), "UNSIGNED ")
	switch name {
	case "NULL", "":
		return famAny
	case "TINYINT", "SMALLINT", "MEDIUMINT", "INT", "BIGINT", "YEAR":
		return famInteger
	case "DECIMAL":
		return famDecimal
	case "DOUBLE":
		return famFloat
	case "FLOAT":
		return famFloat32
	case "CHAR", "VARCHAR", "TINYTEXT", "TEXT", "MEDIUMTEXT", "LONGTEXT", "ENUM", "SET":
		return famText
	case "JSON":
		return famJSON
	case "DATE":
		return famDate
	case "DATETIME", "TIMESTAMP":
		return famDateTime
	case "TIME":
		return famTime
	default: // BINARY, VARBINARY, BLOB, BIT, GEOMETRY
		return famBinary
	}
}

// form is how one result column's values are made comparable across the
// two servers, chosen from both sides' types.
type form uint8

const (
	formRaw      form = iota // bytes as sent: text as UTF-8 code points, binary as bytes
	formNumber               // integers and decimals by value: 1.50 = 1.5, -0 = 0
	formFloat                // doubles by value to 15 significant digits
	formFloat32              // floats by value to 6 significant digits
	formJSON                 // parsed JSON: key order, spacing and number spelling ignored
	formTemporal             // date and time with trailing zero fractions dropped
)

// formFor picks the form of a column whose types are a and b. Doubles
// compare to 15 significant digits because MySQL 5.7 and MariaDB print
// DBL_DIG digits while MySQL 8.0 and later print the shortest exact form
// (0.3 against 0.30000000000000004); FLOAT likewise to FLT_DIG.
func formFor(a, b family) form {
	if a == famAny {
		a = b
	}
	if b == famAny {
		b = a
	}
	has := func(f family) bool { return a == f || b == f }
	numeric := func(f family) bool { return f == famInteger || f == famDecimal || f == famFloat || f == famFloat32 }
	switch {
	case numeric(a) && numeric(b):
		switch {
		case has(famFloat32):
			return formFloat32
		case has(famFloat):
			return formFloat
		}
		return formNumber
	case has(famJSON) && (a == famJSON || a == famText) && (b == famJSON || b == famText):
		return formJSON
	case (a == famDate || a == famDateTime || a == famTime) && a == b:
		return formTemporal
	}
	return formRaw
}

// compatible reports whether a column's type changing from a to b can keep
// every value: the same family, numbers of any kind, or text and JSON.
func compatible(a, b family) bool {
	if a == b || a == famAny || b == famAny {
		return true
	}
	numeric := func(f family) bool { return f == famInteger || f == famDecimal }
	text := func(f family) bool { return f == famText || f == famJSON }
	return numeric(a) && numeric(b) || text(a) && text(b) || a == famFloat && b == famFloat32 ||
		a == famFloat32 && b == famFloat
}

// canonicalizer appends values in their column's form. One per result
// column and side; not safe for concurrent use.
type canonicalizer struct {
	form form
	json checksum.JSONText
}

// append appends v's comparable bytes. A value that does not parse in the
// column's form (text in a numeric column, a document that is not JSON)
// is kept as it came, behind a tag, so it equals only itself.
func (c *canonicalizer) append(dst, v []byte) []byte {
	switch c.form {
	case formNumber:
		if n, ok := number(v); ok {
			return append(dst, n...)
		}
	case formFloat, formFloat32:
		digits := 15
		if c.form == formFloat32 {
			digits = 6
		}
		if f, err := strconv.ParseFloat(string(v), 64); err == nil {
			if f == 0 {
				f = 0 // -0 and 0 are one value
			}
			return strconv.AppendFloat(dst, f, 'g', digits, 64)
		}
	case formJSON:
		n := len(dst)
		out, ok := c.json.Append(dst, v)
		if ok {
			return out
		}
		dst = out[:n]
	case formTemporal:
		return append(dst, temporal(v)...)
	default:
		return append(dst, v...)
	}
	return append(append(dst, 0), v...)
}

// number is a decimal's text by value: sign, integer digits without
// leading zeros, and fraction digits without trailing zeros.
func number(v []byte) ([]byte, bool) {
	s := v
	neg := false
	if len(s) > 0 && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	intPart, frac, dot := bytes.Cut(s, []byte{'.'})
	if len(intPart) == 0 && (!dot || len(frac) == 0) {
		return nil, false
	}
	for _, part := range [][]byte{intPart, frac} {
		for _, c := range part {
			if c < '0' || c > '9' {
				return nil, false
			}
		}
	}
	intPart = bytes.TrimLeft(intPart, "0")
	frac = bytes.TrimRight(frac, "0")
	if len(intPart) == 0 && len(frac) == 0 {
		return []byte{'0'}, true
	}
	out := make([]byte, 0, len(v)+1)
	if neg {
		out = append(out, '-')
	}
	if len(intPart) == 0 {
		out = append(out, '0')
	}
	out = append(out, intPart...)
	if len(frac) > 0 {
		out = append(append(out, '.'), frac...)
	}
	return out, true
}

// temporal drops a fraction of zeros: DATETIME(6) '2024-01-01 10:00:00.000000'
// is the DATETIME '2024-01-01 10:00:00'.
func temporal(v []byte) []byte {
	i := bytes.LastIndexByte(v, '.')
	if i < 0 {
		return v
	}
	frac := bytes.TrimRight(v[i+1:], "0")
	for _, c := range frac {
		if c < '0' || c > '9' {
			return v
		}
	}
	if len(frac) == 0 {
		return v[:i]
	}
	return v[:i+1+len(frac)]
}
