package schema

// Kind is what a column's values are, judged from its DATA_TYPE and
// character set. It is the one reading of a MySQL type parity has: extract
// decodes by it (and so picks the Arrow type), checksum compares by it,
// chunking bounds ranges by it and verify judges defaults by it, so they
// cannot disagree about a column.
type Kind uint8

// The kinds. Text and Binary are decided by the character set, not the type
// name: a type spelled as text but stored with CHARACTER SET binary is bytes.
const (
	Integer   Kind = iota // TINYINT, SMALLINT, MEDIUMINT, INT, BIGINT
	Decimal               // DECIMAL, NUMERIC
	Float                 // FLOAT: single precision
	Double                // DOUBLE, REAL
	Bit                   // BIT(n)
	Date                  // DATE
	Datetime              // DATETIME
	Timestamp             // TIMESTAMP
	Time                  // TIME: a duration, negative and over 24h allowed
	Year                  // YEAR
	Text                  // CHAR..LONGTEXT, MariaDB's UUID and INET*, unknown types with a text charset
	Enum                  // ENUM: compared and sent by label
	Set                   // SET: "a,b"
	JSON                  // JSON, including MariaDB's LONGTEXT alias
	Binary                // BINARY..LONGBLOB, text types in charset binary, unknown types without a text charset
	Geometry              // GEOMETRY, POINT, ..., GEOMCOLLECTION
)

var kindNames = [...]string{"integer", "decimal", "float", "double", "bit", "date", "datetime", "timestamp",
	"time", "year", "text", "enum", "set", "json", "binary", "geometry"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// Kind classifies the column; see KindOf.
func (c Column) Kind() Kind { return KindOf(c.DataType, c.Charset) }

// KindOf classifies a lower-case information_schema DATA_TYPE with the
// column's CHARACTER_SET_NAME ("" for none).
func KindOf(dataType, charset string) Kind {
	switch dataType {
	case "tinyint", "smallint", "mediumint", "int", "integer", "bigint":
		return Integer
	case "decimal", "numeric":
		return Decimal
	case "float":
		return Float
	case "double", "real":
		return Double
	case "bit":
		return Bit
	case "date":
		return Date
	case "datetime":
		return Datetime
	case "timestamp":
		return Timestamp
	case "time":
		return Time
	case "year":
		return Year
	case "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "uuid", "inet4", "inet6":
		// MariaDB reports no character set for UUID and INET*, yet sends
		// them as text: only charset binary makes these bytes.
		if charset == "binary" {
			return Binary
		}
		return Text
	case "enum":
		return Enum
	case "set":
		return Set
	case "json":
		return JSON
	case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob":
		return Binary
	case "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring",
		"multipolygon", "geometrycollection", "geomcollection":
		return Geometry
	}
	// A type parity does not know (MySQL's VECTOR, a future type) is text
	// only when the server names a character set for it; otherwise its
	// bytes are kept as they are, since text must be UTF-8.
	if charset != "" && charset != "binary" {
		return Text
	}
	return Binary
}

// IntegerBytes is the storage size of an integer type (1 for TINYINT, 3
// for MEDIUMINT, 8 for BIGINT), or 0 for any other type. It sets both the
// range verify compares and the Arrow width extract picks.
func IntegerBytes(dataType string) int {
	switch dataType {
	case "tinyint":
		return 1
	case "smallint":
		return 2
	case "mediumint":
		return 3
	case "int", "integer":
		return 4
	case "bigint":
		return 8
	}
	return 0
}
