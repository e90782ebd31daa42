package extract

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/parity-db/parity/schema"
)

// kind is how a column's values are decoded and which Arrow type holds them.
// Field and newRowDecoder both derive it from kindOf, so the schema and the
// decoder cannot disagree.
type kind int

const (
	kindInt8 kind = iota
	kindInt16
	kindInt32
	kindInt64
	kindUint8
	kindUint16
	kindUint32
	kindUint64
	kindDecimal128
	kindDecimal256
	kindFloat32
	kindFloat64
	kindBit
	kindDate
	kindDatetime
	kindTimestamp
	kindTime
	kindYear
	kindString
	kindBinary
	kindGeometry
)

// maxDecimal128Digits is the widest DECIMAL that fits Decimal128; wider
// columns (MySQL allows 65 digits) use Decimal256.
const maxDecimal128Digits = 38

// kindOf refines the column's schema.Kind into how its values decode:
// integers by width and sign, decimals by the Arrow width their precision
// needs.
func kindOf(c schema.Column) kind {
	switch c.Kind() {
	case schema.Integer:
		switch schema.IntegerBytes(c.DataType) {
		case 1:
			return pick(c.Unsigned, kindUint8, kindInt8)
		case 2:
			return pick(c.Unsigned, kindUint16, kindInt16)
		case 8:
			return pick(c.Unsigned, kindUint64, kindInt64)
		}
		return pick(c.Unsigned, kindUint32, kindInt32) // MEDIUMINT, INT
	case schema.Decimal:
		return pick(c.Precision > maxDecimal128Digits, kindDecimal256, kindDecimal128)
	case schema.Float:
		return kindFloat32
	case schema.Double:
		return kindFloat64
	case schema.Bit:
		return kindBit
	case schema.Date:
		return kindDate
	case schema.Datetime:
		return kindDatetime
	case schema.Timestamp:
		return kindTimestamp
	case schema.Time:
		return kindTime
	case schema.Year:
		return kindYear
	case schema.Text, schema.Enum, schema.Set, schema.JSON:
		return kindString
	case schema.Geometry:
		return kindGeometry
	}
	return kindBinary
}

func pick(cond bool, yes, no kind) kind {
	if cond {
		return yes
	}
	return no
}

// Field maps a column to its Arrow field; metadata keys "mysql.type"
// (COLUMN_TYPE), "mysql.charset", "mysql.collation" where set.
//
//	MySQL / MariaDB                           Arrow
//	----------------------------------------  -------------------------------------------
//	TINYINT / SMALLINT / MEDIUMINT / INT      Int8 / Int16 / Int32 / Int32
//	BIGINT                                    Int64
//	  the same, UNSIGNED                      Uint8 / Uint16 / Uint32 / Uint32 / Uint64
//	DECIMAL(p,s), p <= 38                     Decimal128(p,s)
//	DECIMAL(p,s), p > 38                      Decimal256(p,s)
//	FLOAT                                     Float32
//	DOUBLE                                    Float64
//	BIT(n)                                    Uint64
//	DATE                                      Date32 (days since 1970-01-01), nullable
//	DATETIME(fsp)                             Timestamp(us), no zone, nullable
//	TIMESTAMP(fsp)                            Timestamp(us, "UTC"), nullable
//	TIME(fsp)                                 Duration(us), negative and over 24h allowed
//	YEAR                                      Uint16 (0 for YEAR 0000)
//	CHAR, VARCHAR, *TEXT                      String (the server sends utf8mb4)
//	  the same with CHARACTER SET binary      Binary
//	BINARY, VARBINARY, *BLOB                  Binary
//	ENUM, SET                                 String: the label; SET as "a,b"
//	JSON                                      String: the server's text as sent
//	GEOMETRY, POINT, LINESTRING, POLYGON,     Binary: plain WKB, the 4-byte SRID
//	MULTI*, GEOMETRYCOLLECTION                  prefix stripped
//	UUID, INET4, INET6 (MariaDB)              String, or Binary if the charset is binary
//	any other type                            String if the server names a text
//	                                          charset for it, else Binary (MySQL's
//	                                          VECTOR arrives as raw bytes)
//
// Nullability comes from the column, except that DATE, DATETIME and
// TIMESTAMP fields are always nullable: a zero date ('0000-00-00') in a NOT
// NULL column is read as NULL under ZeroDatesNull.
//
// Geometry WKB is the server's stored form: for a geographic SRS such as
// 4326, MySQL stores longitude as x, while ST_AsBinary would put latitude
// first. A geometry column's fixed SRID would go into "mysql.srid", but
// schema.Column does not carry it (information_schema.COLUMNS.SRS_ID on
// MySQL), so no geometry field has that key yet.
//
// Field fails only for a DECIMAL whose precision is outside 1..76 or whose
// scale exceeds its precision: metadata no server reports.
func Field(c schema.Column) (arrow.Field, error) {
	dt, err := arrowType(c)
	if err != nil {
		return arrow.Field{}, err
	}
	var keys, vals []string
	add := func(k, v string) {
		if v != "" {
			keys, vals = append(keys, k), append(vals, v)
		}
	}
	add("mysql.type", c.ColumnType)
	add("mysql.charset", c.Charset)
	add("mysql.collation", c.Collation)
	nullable := c.Nullable
	switch kindOf(c) {
	case kindDate, kindDatetime, kindTimestamp:
		nullable = true
	}
	return arrow.Field{Name: c.Name, Type: dt, Nullable: nullable, Metadata: arrow.NewMetadata(keys, vals)}, nil
}

func arrowType(c schema.Column) (arrow.DataType, error) {
	switch k := kindOf(c); k {
	case kindInt8:
		return arrow.PrimitiveTypes.Int8, nil
	case kindInt16:
		return arrow.PrimitiveTypes.Int16, nil
	case kindInt32:
		return arrow.PrimitiveTypes.Int32, nil
	case kindInt64:
		return arrow.PrimitiveTypes.Int64, nil
	case kindUint8:
		return arrow.PrimitiveTypes.Uint8, nil
	case kindUint16, kindYear:
		return arrow.PrimitiveTypes.Uint16, nil
	case kindUint32:
		return arrow.PrimitiveTypes.Uint32, nil
	case kindUint64, kindBit:
		return arrow.PrimitiveTypes.Uint64, nil
	case kindDecimal128, kindDecimal256:
		id := arrow.DECIMAL128
		if k == kindDecimal256 {
			id = arrow.DECIMAL256
		}
		if c.Scale < 0 || c.Scale > c.Precision {
			return nil, fmt.Errorf("column %s %s: scale %d outside 0..%d", c.Name, c.ColumnType, c.Scale, c.Precision)
		}
		dt, err := arrow.NewDecimalType(id, int32(c.Precision), int32(c.Scale))
		if err != nil {
			return nil, fmt.Errorf("column %s %s: %w", c.Name, c.ColumnType, err)
		}
		return dt, nil
	case kindFloat32:
		return arrow.PrimitiveTypes.Float32, nil
	case kindFloat64:
		return arrow.PrimitiveTypes.Float64, nil
	case kindDate:
		return arrow.FixedWidthTypes.Date32, nil
	case kindDatetime:
		return &arrow.TimestampType{Unit: arrow.Microsecond}, nil
	case kindTimestamp:
		return &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}, nil
	case kindTime:
		return &arrow.DurationType{Unit: arrow.Microsecond}, nil
	case kindString:
		return arrow.BinaryTypes.String, nil
	default: // kindBinary, kindGeometry
		return arrow.BinaryTypes.Binary, nil
	}
}

// ArrowSchema maps a table's columns in order; schema metadata
// "mysql.table" = db.table.
func ArrowSchema(t *schema.Table) (*arrow.Schema, error) {
	fields := make([]arrow.Field, len(t.Columns))
	for i, c := range t.Columns {
		f, err := Field(c)
		if err != nil {
			return nil, fmt.Errorf("arrow schema of %s: %w", t, err)
		}
		fields[i] = f
	}
	md := arrow.NewMetadata([]string{"mysql.table"}, []string{t.String()})
	return arrow.NewSchema(fields, &md), nil
}

// columnSelectExpr is the SELECT expression that reads column c exactly.
// It is the quoted name for every type but FLOAT: both MariaDB 10.11 and
// MySQL 9.7 send FLOAT over the text protocol rounded to 6 significant
// digits (1.2345678 arrives as "1.23457", 16777216 as "16777200"), while
// CAST(f AS DOUBLE) sends the stored single-precision value in full, which
// the decoder narrows back to float32 without loss.
//
//	SELECT CAST(`f` AS DOUBLE) AS `f` FROM t  -- "1.2345677614212036" -> float32 1.2345678
func columnSelectExpr(c schema.Column) string {
	q := schema.QuoteIdent(c.Name)
	if kindOf(c) == kindFloat32 {
		return "CAST(" + q + " AS DOUBLE) AS " + q
	}
	return q
}
