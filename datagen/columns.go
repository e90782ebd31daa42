package datagen

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"
)

// kind says which values a row holds. The first rows are fixed edge cases;
// every row after them is random.
type kind int

const (
	kindMin    kind = iota // id 1: type minima, shortest non-empty values
	kindMax                // id 2: type maxima, longest values, multi-byte text
	kindNull               // id 3: NULL in every nullable column
	kindEmpty              // id 4: zero numbers, empty strings and blobs
	kindTricky             // id 5: quotes, backslashes, NUL, tiny fractions
	kindRandom             // id 6 on: random values, one in eight NULL
)

func rowKind(id int64) kind {
	if id <= int64(kindRandom) {
		return kind(id - 1)
	}
	return kindRandom
}

// cell is one column value of one row: arg is bound to the column's
// placeholder, want is what the column then holds (AllTypesRows). They
// differ only for GEOMETRY (WKT in, WKB out).
type cell struct{ arg, want any }

func same(v any) cell { return cell{v, v} }

// column is one AllTypes column.
type column struct {
	name string
	ddl  string // type and attributes
	expr string // the value expression in INSERT; "" means "?"
	gen  func(r *rand.Rand, k kind) cell
}

func intColumn(name, ddl string, lo, hi int64) column {
	return column{name: name, ddl: ddl, gen: func(r *rand.Rand, k kind) cell {
		switch k {
		case kindMin:
			return same(lo)
		case kindMax:
			return same(hi)
		case kindEmpty:
			return same(int64(0))
		case kindTricky:
			return same(int64(-1))
		}
		if lo == math.MinInt64 && hi == math.MaxInt64 {
			return same(int64(r.Uint64()))
		}
		return same(lo + r.Int64N(hi-lo+1))
	}}
}

func uintColumn(name, ddl string, hi uint64) column {
	return column{name: name, ddl: ddl, gen: func(r *rand.Rand, k kind) cell {
		switch k {
		case kindMin, kindEmpty:
			return same(uint64(0))
		case kindMax:
			return same(hi)
		case kindTricky:
			return same(hi / 2)
		}
		if hi == math.MaxUint64 {
			return same(r.Uint64())
		}
		return same(r.Uint64N(hi + 1))
	}}
}

func decimalColumn(p, s int) column {
	name := fmt.Sprintf("c_decimal_%d_%d", p, s)
	return column{name: name, ddl: fmt.Sprintf("DECIMAL(%d,%d)", p, s), gen: func(r *rand.Rand, k kind) cell {
		switch k {
		case kindMin:
			return same("-" + decimalLimit(p, s))
		case kindMax:
			return same(decimalLimit(p, s))
		case kindEmpty:
			return same(decimalText(false, "", strings.Repeat("0", s)))
		case kindTricky:
			return same(decimalText(true, "", strings.Repeat("0", s-1)+"1"))
		}
		return same(randDecimal(r, p, s))
	}}
}

func bitColumn(width uint) column {
	limit := uint64(math.MaxUint64) >> (64 - width)
	return column{name: fmt.Sprintf("c_bit_%d", width), ddl: fmt.Sprintf("BIT(%d)", width), gen: func(r *rand.Rand, k kind) cell {
		switch k {
		case kindMin, kindEmpty:
			return same(uint64(0))
		case kindMax:
			return same(limit)
		case kindTricky:
			return same(uint64(1) << (width - 1))
		}
		return same(r.Uint64() & limit)
	}}
}

// fixed returns a generator with one value per edge row and rnd for the
// random rows. Byte slices are copied, so callers may modify the rows they
// get without changing later ones.
func fixed(min, max, empty, tricky any, rnd func(r *rand.Rand) any) func(r *rand.Rand, k kind) cell {
	edge := func(v any) cell {
		if b, ok := v.([]byte); ok {
			v = bytes.Clone(b)
		}
		return same(v)
	}
	return func(r *rand.Rand, k kind) cell {
		switch k {
		case kindMin:
			return edge(min)
		case kindMax:
			return edge(max)
		case kindEmpty:
			return edge(empty)
		case kindTricky:
			return edge(tricky)
		}
		return same(rnd(r))
	}
}

var (
	minDatetime  = time.Date(1000, 1, 1, 0, 0, 0, 0, time.UTC)
	endDatetime  = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) // exclusive
	minTimestamp = time.Date(1970, 1, 2, 0, 0, 0, 0, time.UTC)
	endTimestamp = time.Date(2038, 1, 19, 0, 0, 0, 0, time.UTC) // exclusive: 2038-01-18 23:59:59.999999
)

func datetimeColumn(name string, fsp int, from, end time.Time, ddl string) column {
	last := end.Add(-time.Microsecond)
	return column{name: name, ddl: ddl, gen: fixed(
		datetimeText(from, fsp), datetimeText(last, fsp),
		datetimeText(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), fsp),
		datetimeText(time.Date(2000, 2, 29, 23, 59, 59, 999_999_000, time.UTC), fsp),
		func(r *rand.Rand) any { return datetimeText(randTime(r, from, end, fsp), fsp) },
	)}
}

func timeColumn(name string, fsp int, ddl string) column {
	return column{name: name, ddl: ddl, gen: fixed(
		timeText(-maxTimeMicros, fsp), timeText(maxTimeMicros, fsp), timeText(0, fsp),
		timeText(-fspUnit(fsp), fsp),
		func(r *rand.Rand) any { return timeText(randTimeMicros(r, fsp), fsp) },
	)}
}

func textColumn(name, ddl string, cs charset, maxChars, maxBytes int, longest, tricky string, randMax int) column {
	return column{name: name, ddl: ddl, gen: fixed(
		"a", fillText(longest, maxChars, maxBytes), "", tricky,
		func(r *rand.Rand) any { return randText(r, cs, randMax, maxBytes) },
	)}
}

func blobColumn(name, ddl string, longest, randMax int) column {
	return column{name: name, ddl: ddl, gen: fixed(
		[]byte{0}, fillBytes(longest), []byte{}, make([]byte, 16),
		func(r *rand.Rand) any { return randBytes(r, r.IntN(randMax+1)) },
	)}
}

// Edge text: the longest values mix 2-, 3- and 4-byte characters; the tricky
// one holds quotes, a backslash, control characters and a NUL.
const (
	longUTF8mb4 = "é日🚀"
	longUTF8mb3 = "é日Ж"
	longLatin1  = "àéîõüßñç"
	trickyText  = "it's \"q\" \\ \n\t\x00 🚀 "
	trickyBMP   = "it's \"q\" \\ \n\t 日本 "
	trickyLat1  = "it's \"q\" \\ Ångström café "
)

// allTypesColumns are the columns of the AllTypes table after id, in order.
// Every column is nullable; TIMESTAMP says so explicitly.
var allTypesColumns = []column{
	intColumn("c_tinyint", "TINYINT", math.MinInt8, math.MaxInt8),
	uintColumn("c_tinyint_u", "TINYINT UNSIGNED", math.MaxUint8),
	intColumn("c_smallint", "SMALLINT", math.MinInt16, math.MaxInt16),
	uintColumn("c_smallint_u", "SMALLINT UNSIGNED", math.MaxUint16),
	intColumn("c_mediumint", "MEDIUMINT", -1<<23, 1<<23-1),
	uintColumn("c_mediumint_u", "MEDIUMINT UNSIGNED", 1<<24-1),
	intColumn("c_int", "INT", math.MinInt32, math.MaxInt32),
	uintColumn("c_int_u", "INT UNSIGNED", math.MaxUint32),
	intColumn("c_bigint", "BIGINT", math.MinInt64, math.MaxInt64),
	uintColumn("c_bigint_u", "BIGINT UNSIGNED", math.MaxUint64),
	decimalColumn(5, 2),
	decimalColumn(18, 6),
	decimalColumn(38, 10),
	decimalColumn(65, 30),
	// Floats are multiples of 1/4 (FLOAT, below 10^4) or 1/8 (DOUBLE, below
	// 10^11): exact in binary and printed in full by both servers, which show
	// FLOAT with 6 significant digits.
	{name: "c_float", ddl: "FLOAT", gen: fixed(float32(-3.4e38), float32(3.4e38), float32(0), float32(0.1),
		func(r *rand.Rand) any { return float32(r.Int64N(80_001)-40_000) / 4 })},
	{name: "c_double", ddl: "DOUBLE", gen: fixed(-math.MaxFloat64, math.MaxFloat64, float64(0), 2.2250738585072014e-308,
		func(r *rand.Rand) any { return float64(r.Int64N(1_600_000_000_001)-800_000_000_000) / 8 })},
	bitColumn(1),
	bitColumn(17),
	bitColumn(64),
	{name: "c_date", ddl: "DATE", gen: fixed("1000-01-01", "9999-12-31", "2000-01-01", "2000-02-29",
		func(r *rand.Rand) any { return randTime(r, minDatetime, endDatetime, 0).Format(dateLayout) })},
	datetimeColumn("c_datetime", 0, minDatetime, endDatetime, "DATETIME"),
	datetimeColumn("c_datetime_3", 3, minDatetime, endDatetime, "DATETIME(3)"),
	datetimeColumn("c_datetime_6", 6, minDatetime, endDatetime, "DATETIME(6)"),
	datetimeColumn("c_timestamp_6", 6, minTimestamp, endTimestamp, "TIMESTAMP(6) NULL DEFAULT NULL"),
	timeColumn("c_time", 0, "TIME"),
	timeColumn("c_time_6", 6, "TIME(6)"),
	{name: "c_year", ddl: "YEAR", gen: fixed(int64(1901), int64(2155), int64(0), int64(2000),
		func(r *rand.Rand) any { return 1901 + r.Int64N(255) })},
	// CHAR drops trailing spaces on read, so its values never end in one.
	{name: "c_char_10", ddl: "CHAR(10) CHARACTER SET utf8mb4", gen: fixed("a", fillText(longUTF8mb4, 10, 40), "", "it's \\ 🚀",
		func(r *rand.Rand) any { return strings.TrimRight(randText(r, utf8mb4, 10, 40), " ") })},
	textColumn("c_varchar_255", "VARCHAR(255) CHARACTER SET utf8mb4", utf8mb4, 255, 1020, longUTF8mb4, trickyText, 60),
	textColumn("c_varchar_latin1", "VARCHAR(100) CHARACTER SET latin1", latin1, 100, 100, longLatin1, trickyLat1, 100),
	textColumn("c_varchar_utf8mb3", "VARCHAR(100) CHARACTER SET utf8mb3", utf8mb3, 100, 300, longUTF8mb3, trickyBMP, 100),
	textColumn("c_tinytext", "TINYTEXT", utf8mb4, 255, 255, longUTF8mb4, trickyText, 100),
	textColumn("c_text", "TEXT", utf8mb4, 65535, 65535, longUTF8mb4, trickyText, 500),
	textColumn("c_mediumtext", "MEDIUMTEXT", utf8mb4, 100_000, 100_000, longUTF8mb4, trickyText, 1000),
	textColumn("c_longtext", "LONGTEXT", utf8mb4, 200_000, 200_000, longUTF8mb4, trickyText, 2000),
	{name: "c_binary_16", ddl: "BINARY(16)", gen: fixed(make([]byte, 16), bytes.Repeat([]byte{0xff}, 16), make([]byte, 16),
		append([]byte("\x00it's\\\"q\x00\xff"), make([]byte, 6)...), func(r *rand.Rand) any { return randBytes(r, 16) })},
	blobColumn("c_varbinary_255", "VARBINARY(255)", 255, 255),
	blobColumn("c_tinyblob", "TINYBLOB", 255, 255),
	blobColumn("c_blob", "BLOB", 65535, 1000),
	blobColumn("c_mediumblob", "MEDIUMBLOB", 100_000, 2000),
	blobColumn("c_longblob", "LONGBLOB", 200_000, 4000),
	{name: "c_enum", ddl: "ENUM('small','medium','large')", gen: fixed("small", "large", "medium", "medium",
		func(r *rand.Rand) any { return []string{"small", "medium", "large"}[r.IntN(3)] })},
	{name: "c_set", ddl: "SET('a','b','c','d')", gen: fixed("a", "a,b,c,d", "", "b,d", func(r *rand.Rand) any { return randSet(r) })},
	{name: "c_json", ddl: "JSON", gen: fixed(jsonMin, jsonLarge(), jsonEmpty, jsonTricky, func(r *rand.Rand) any { return randJSON(r) })},
	{name: "c_geometry", ddl: "GEOMETRY", expr: "ST_GeomFromText(?, 0)", gen: geometryCell},
	intColumn("select", "INT", math.MinInt32, math.MaxInt32),
	textColumn("we`ird col", "VARCHAR(32) CHARACTER SET utf8mb4", utf8mb4, 32, 128, longUTF8mb4, trickyText, 32),
}

func geometryCell(r *rand.Rand, k kind) cell {
	var g geometry
	switch k {
	case kindMin:
		g = geometry{wkbPoint, [][]float64{{-1e6, -1e6}}}
	case kindMax:
		g = geometry{wkbPolygon, [][]float64{rectangle(-1e6, -1e6, 2e6, 2e6), rectangle(-10, -10, 20, 20)}}
	case kindEmpty:
		g = geometry{wkbPoint, [][]float64{{0, 0}}}
	case kindTricky:
		g = geometry{wkbLineString, [][]float64{{0.25, -1, 2, 3, -0.5, 1e6}}}
	default:
		g = randGeometry(r)
	}
	return cell{g.WKT(), g.WKB()}
}
