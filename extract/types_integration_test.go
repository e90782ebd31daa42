package extract

import (
	"context"
	"database/sql/driver"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/testbed"
)

// typeCase is one column of the all-types table: its definition, the SQL
// literals of rows 1-3 ("" leaves NULL), and the Arrow values expected back
// (as valueAt returns them). Row 4 is NULL in every column but id.
type typeCase struct {
	name   string
	ddl    string
	want   arrow.DataType
	lits   [3]string
	values [3]any
	// driverType is the Go type go-sql-driver delivers when the column is
	// selected by name.
	driverType string
	geometry   bool // expected values come from the server's ST_AsBinary
}

func utcMicros(y int, mo time.Month, d, h, mi, s, micro int) arrow.Timestamp {
	return arrow.Timestamp(time.Date(y, mo, d, h, mi, s, micro*1000, time.UTC).UnixMicro())
}

func timeMicros(neg bool, h, m, s, micro int64) arrow.Duration {
	v := (h*3600+m*60+s)*1e6 + micro
	if neg {
		v = -v
	}
	return arrow.Duration(v)
}

func typeCases(flavor schema.Flavor) []typeCase {
	n := strings.Repeat
	dec := func(p, s int32) arrow.DataType {
		if p > 38 {
			return &arrow.Decimal256Type{Precision: p, Scale: s}
		}
		return &arrow.Decimal128Type{Precision: p, Scale: s}
	}
	const i64, u64, f32, f64, raw = "int64", "uint64", "float32", "float64", "[]uint8"
	geo := func(name, ddl, lit string) typeCase {
		return typeCase{name: name, ddl: ddl, want: arrowBinary, lits: [3]string{lit}, driverType: raw, geometry: true}
	}
	// MariaDB sends JSON as stored; MySQL stores binary JSON and sends its
	// own normalized text.
	jsonObj := `{"b": [1, 2.5, "s"], "a": null}`
	if flavor != schema.MariaDB {
		jsonObj = `{"a": null, "b": [1, 2.5, "s"]}`
	}
	cases := []typeCase{
		{"ti", "TINYINT", arrow.PrimitiveTypes.Int8, [3]string{"127", "-128", "0"}, [3]any{int8(127), int8(-128), int8(0)}, i64, false},
		{"tiu", "TINYINT UNSIGNED", arrow.PrimitiveTypes.Uint8, [3]string{"255", "0", "1"}, [3]any{uint8(255), uint8(0), uint8(1)}, i64, false},
		{"si", "SMALLINT", arrow.PrimitiveTypes.Int16, [3]string{"32767", "-32768", "0"}, [3]any{int16(32767), int16(-32768), int16(0)}, i64, false},
		{"siu", "SMALLINT UNSIGNED", arrow.PrimitiveTypes.Uint16, [3]string{"65535", "0", "1"}, [3]any{uint16(65535), uint16(0), uint16(1)}, i64, false},
		{"mi", "MEDIUMINT", arrow.PrimitiveTypes.Int32, [3]string{"8388607", "-8388608", "0"}, [3]any{int32(8388607), int32(-8388608), int32(0)}, i64, false},
		{"miu", "MEDIUMINT UNSIGNED", arrow.PrimitiveTypes.Uint32, [3]string{"16777215", "0", "1"}, [3]any{uint32(16777215), uint32(0), uint32(1)}, i64, false},
		{"i", "INT", arrow.PrimitiveTypes.Int32, [3]string{"2147483647", "-2147483648", "0"}, [3]any{int32(math.MaxInt32), int32(math.MinInt32), int32(0)}, i64, false},
		{"iu", "INT UNSIGNED", arrow.PrimitiveTypes.Uint32, [3]string{"4294967295", "0", "1"}, [3]any{uint32(math.MaxUint32), uint32(0), uint32(1)}, i64, false},
		{"bi", "BIGINT", arrow.PrimitiveTypes.Int64, [3]string{"9223372036854775807", "-9223372036854775808", "0"}, [3]any{int64(math.MaxInt64), int64(math.MinInt64), int64(0)}, i64, false},
		{"biu", "BIGINT UNSIGNED", arrow.PrimitiveTypes.Uint64, [3]string{"18446744073709551615", "0", "1"}, [3]any{uint64(math.MaxUint64), uint64(0), uint64(1)}, u64, false},
		{"d52", "DECIMAL(5,2)", dec(5, 2), [3]string{"999.99", "-999.99", "1.5"}, [3]any{"99999", "-99999", "150"}, raw, false},
		{"d3810", "DECIMAL(38,10)", dec(38, 10), [3]string{n("9", 28) + "." + n("9", 10), "-" + n("9", 28) + "." + n("9", 10), "-0.0000000001"},
			[3]any{n("9", 38), "-" + n("9", 38), "-1"}, raw, false},
		{"d6530", "DECIMAL(65,30)", dec(65, 30), [3]string{n("9", 35) + "." + n("9", 30), "-" + n("9", 35) + "." + n("9", 30), "0." + n("0", 29) + "1"},
			[3]any{n("9", 65), "-" + n("9", 65), "1"}, raw, false},
		{"d650", "DECIMAL(65,0)", dec(65, 0), [3]string{n("9", 65), "-" + n("9", 65), "-0"}, [3]any{n("9", 65), "-" + n("9", 65), "0"}, raw, false},
		{"f", "FLOAT", arrow.PrimitiveTypes.Float32, [3]string{"16777217", "-3.25", "1.2345678"}, [3]any{float32(16777216), float32(-3.25), float32(1.2345678)}, f32, false},
		{"db", "DOUBLE", arrow.PrimitiveTypes.Float64, [3]string{"1.7976931348623157e308", "-2.2250738585072014e-308", "0.1"},
			[3]any{math.MaxFloat64, -2.2250738585072014e-308, 0.1}, f64, false},
		{"b1", "BIT(1)", arrow.PrimitiveTypes.Uint64, [3]string{"b'1'", "b'0'", "1"}, [3]any{uint64(1), uint64(0), uint64(1)}, raw, false},
		{"b12", "BIT(12)", arrow.PrimitiveTypes.Uint64, [3]string{"b'101010101010'", "0", "b'100000000001'"}, [3]any{uint64(2730), uint64(0), uint64(2049)}, raw, false},
		{"b64", "BIT(64)", arrow.PrimitiveTypes.Uint64, [3]string{"0xFFFFFFFFFFFFFFFF", "0", "0x8000000000000001"},
			[3]any{uint64(math.MaxUint64), uint64(0), uint64(1<<63 | 1)}, raw, false},
		{"da", "DATE", arrow.FixedWidthTypes.Date32, [3]string{"'9999-12-31'", "'0001-01-01'", "'2024-02-29'"},
			[3]any{arrow.Date32(2932896), arrow.Date32(-719162), arrow.Date32(civilDays(2024, 2, 29))}, raw, false},
		{"dt", "DATETIME", tsNoZone, [3]string{"'9999-12-31 23:59:59'", "'1000-01-01 00:00:00'", "'2000-02-29 12:00:00'"},
			[3]any{utcMicros(9999, 12, 31, 23, 59, 59, 0), utcMicros(1000, 1, 1, 0, 0, 0, 0), utcMicros(2000, 2, 29, 12, 0, 0, 0)}, raw, false},
		{"dt6", "DATETIME(6)", tsNoZone, [3]string{"'9999-12-31 23:59:59.999999'", "'0001-01-01 00:00:00.000000'", "'1969-12-31 23:59:59.999999'"},
			[3]any{utcMicros(9999, 12, 31, 23, 59, 59, 999999), utcMicros(1, 1, 1, 0, 0, 0, 0), arrow.Timestamp(-1)}, raw, false},
		{"ts", "TIMESTAMP NULL DEFAULT NULL", tsUTC, [3]string{"'2038-01-19 03:14:07'", "'1970-01-01 00:00:01'", "'2024-02-29 12:34:56'"},
			[3]any{arrow.Timestamp(math.MaxInt32 * 1e6), arrow.Timestamp(1e6), utcMicros(2024, 2, 29, 12, 34, 56, 0)}, raw, false},
		{"ts6", "TIMESTAMP(6) NULL DEFAULT NULL", tsUTC, [3]string{"'2038-01-19 03:14:07.999999'", "'1970-01-01 00:00:01.000000'", "'2000-01-01 00:00:00.5'"},
			[3]any{arrow.Timestamp(math.MaxInt32*1e6 + 999999), arrow.Timestamp(1e6), utcMicros(2000, 1, 1, 0, 0, 0, 500000)}, raw, false},
		{"tm", "TIME", durUS, [3]string{"'838:59:59'", "'-838:59:59'", "'-00:00:01'"},
			[3]any{timeMicros(false, 838, 59, 59, 0), timeMicros(true, 838, 59, 59, 0), timeMicros(true, 0, 0, 1, 0)}, raw, false},
		{"tm6", "TIME(6)", durUS, [3]string{"'123:45:06.5'", "'-838:59:59.000000'", "'00:00:00.000001'"},
			[3]any{timeMicros(false, 123, 45, 6, 500000), timeMicros(true, 838, 59, 59, 0), arrow.Duration(1)}, raw, false},
		{"y", "YEAR", arrow.PrimitiveTypes.Uint16, [3]string{"2155", "1901", "0"}, [3]any{uint16(2155), uint16(1901), uint16(0)}, i64, false},
		{"ch", "CHAR(10)", arrowString, [3]string{"'abc  '", "''", "'ÄÖü'"}, [3]any{"abc", "", "ÄÖü"}, raw, false},
		{"vc", "VARCHAR(100)", arrowString, [3]string{"'héllo 😀 世界'", "''", `'it''s'`}, [3]any{"héllo 😀 世界", "", "it's"}, raw, false},
		{"vl", "VARCHAR(20) CHARACTER SET latin1", arrowString, [3]string{"'café Ä'", "''", "'£€'"}, [3]any{"café Ä", "", "£€"}, raw, false},
		{"v3", "VARCHAR(20) CHARACTER SET utf8mb3", arrowString, [3]string{"'日本語'", "''", "'ﬁ'"}, [3]any{"日本語", "", "ﬁ"}, raw, false},
		{"tt", "TINYTEXT", arrowString, [3]string{"'tiny'", "''", ""}, [3]any{"tiny", "", nil}, raw, false},
		{"tx", "TEXT", arrowString, [3]string{"REPEAT('ab', 500)", "''", ""}, [3]any{n("ab", 500), "", nil}, raw, false},
		{"mt", "MEDIUMTEXT", arrowString, [3]string{"REPEAT('x', 70000)", "''", ""}, [3]any{n("x", 70000), "", nil}, raw, false},
		{"lt", "LONGTEXT", arrowString, [3]string{"'long'", "''", ""}, [3]any{"long", "", nil}, raw, false},
		{"bn", "BINARY(4)", arrowBinary, [3]string{"X'00010200'", "X'FF'", "X''"}, [3]any{"\x00\x01\x02\x00", "\xff\x00\x00\x00", "\x00\x00\x00\x00"}, raw, false},
		{"vb", "VARBINARY(10)", arrowBinary, [3]string{"X'00FF00'", "X''", "X'0000'"}, [3]any{"\x00\xff\x00", "", "\x00\x00"}, raw, false},
		{"tb", "TINYBLOB", arrowBinary, [3]string{"X'00'", "X''", ""}, [3]any{"\x00", "", nil}, raw, false},
		{"bl", "BLOB", arrowBinary, [3]string{"X'00FF0000'", "X''", ""}, [3]any{"\x00\xff\x00\x00", "", nil}, raw, false},
		{"mb", "MEDIUMBLOB", arrowBinary, [3]string{"REPEAT(X'00', 100000)", "", ""}, [3]any{n("\x00", 100000), nil, nil}, raw, false},
		{"lb", "LONGBLOB", arrowBinary, [3]string{"X'DEADBEEF00'", "", ""}, [3]any{"\xde\xad\xbe\xef\x00", nil, nil}, raw, false},
		{"e", "ENUM('red','green','blue')", arrowString, [3]string{"'green'", "'red'", "'blue'"}, [3]any{"green", "red", "blue"}, raw, false},
		{"s", "SET('x','y','z')", arrowString, [3]string{"'z,x'", "''", "'y'"}, [3]any{"x,z", "", "y"}, raw, false},
		{"j", "JSON", arrowString, [3]string{"'" + jsonObj + "'", "'[]'", `'"arrowString"'`}, [3]any{jsonObj, "[]", `"arrowString"`}, raw, false},
		geo("g", "GEOMETRY", "ST_GeomFromText('POINT(1 2)', 3857)"),
		geo("pt", "POINT", "ST_GeomFromText('POINT(-1.5 1e10)')"),
		geo("ls", "LINESTRING", "ST_GeomFromText('LINESTRING(0 0,1 1,2 0)')"),
		geo("pg", "POLYGON", "ST_GeomFromText('POLYGON((0 0,1 0,1 1,0 0))')"),
		geo("mpt", "MULTIPOINT", "ST_GeomFromText('MULTIPOINT(0 0,1 1)')"),
		geo("mls", "MULTILINESTRING", "ST_GeomFromText('MULTILINESTRING((0 0,1 1),(2 2,3 3))')"),
		geo("mpg", "MULTIPOLYGON", "ST_GeomFromText('MULTIPOLYGON(((0 0,1 0,1 1,0 0)))')"),
		geo("gc", "GEOMETRYCOLLECTION", "ST_GeomFromText('GEOMETRYCOLLECTION(POINT(1 1),LINESTRING(0 0,1 1))')"),
	}
	if flavor == schema.MariaDB {
		cases = append(cases,
			typeCase{"u", "UUID", arrowString, [3]string{"'123E4567-E89B-12D3-A456-426655440000'"}, [3]any{"123e4567-e89b-12d3-a456-426655440000"}, raw, false},
			typeCase{"i4", "INET4", arrowString, [3]string{"'192.168.0.1'"}, [3]any{"192.168.0.1"}, raw, false},
			typeCase{"i6", "INET6", arrowString, [3]string{"'2001:0db8:0:0:0:0:0:1'"}, [3]any{"2001:db8::1"}, raw, false},
		)
	} else {
		cases = append(cases,
			// VECTOR is a type parity does not know: no charset, so Binary.
			typeCase{"vec", "VECTOR(3)", arrowBinary, [3]string{"STRING_TO_VECTOR('[1,2,3]')"}, [3]any{"\x00\x00\x80\x3f\x00\x00\x00\x40\x00\x00\x40\x40"}, raw, false},
			geo("p3857", "POINT SRID 3857", "ST_GeomFromText('POINT(3 4)', 3857)"),
			geo("p4326", "POINT SRID 4326", "ST_GeomFromText('POINT(1 2)', 4326)"),
		)
	}
	return cases
}

// zeroDateRows are inserted with a lax sql_mode: zero, partial-zero and
// impossible dates, each counted as NULL under ZeroDatesNull.
var zeroDateRows = []struct {
	mode string
	id   int
	cols map[string]string
}{
	{"", 5, map[string]string{"da": "'0000-00-00'", "dt": "'0000-00-00 00:00:00'", "dt6": "'0000-00-00 00:00:00.000000'",
		"ts": "'0000-00-00 00:00:00'", "ts6": "'0000-00-00 00:00:00'"}},
	{"", 6, map[string]string{"da": "'2020-00-15'", "dt": "'2020-05-00 10:00:00'"}},
	{"ALLOW_INVALID_DATES", 7, map[string]string{"da": "'2021-02-30'"}},
}

var wantZeroDates = map[string]int64{"da": 3, "dt": 2, "dt6": 1, "ts": 1, "ts6": 1}

func TestTypesIntegration(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, srv testbed.Server) {
		ctx := context.Background()
		db := srv.Database(t, "types")
		pool := srv.Open(t, db, 2)
		cases := typeCases(pool.Server.Flavor)
		createTypesTable(t, ctx, pool, cases)

		tables, err := schema.Inspect(ctx, pool.DB, pool.Server, schema.Selection{DefaultSchema: db})
		if err != nil {
			t.Fatal(err)
		}
		if len(tables) != 1 || len(tables[0].Columns) != len(cases)+1 {
			t.Fatalf("inspect: %d tables, want 1 with %d columns", len(tables), len(cases)+1)
		}
		tbl := tables[0]

		t.Run("Schema", func(t *testing.T) { checkTypesSchema(t, tbl, cases) })

		t.Run("DriverValueTypes", func(t *testing.T) {
			// Selected by name, first row: what go-sql-driver hands the decoder.
			got := driverTypes(t, ctx, pool, "SELECT "+schema.QuoteIdents(tbl.ColumnNames())+" FROM "+tbl.QuotedName()+" WHERE id = 1")
			for i, c := range cases {
				if got[i+1] != c.driverType {
					t.Errorf("%s %s: driver delivers %s, want %s", c.name, c.ddl, got[i+1], c.driverType)
				}
			}
			// FLOAT over the text protocol is rounded to 6 significant
			// digits by both servers; CAST(f AS DOUBLE) is exact.
			vals := driverValues(t, ctx, pool, "SELECT f, CAST(f AS DOUBLE) FROM "+tbl.QuotedName()+" WHERE id = 3")
			if vals[0] != float32(1.23457) || vals[1] != float64(float32(1.2345678)) {
				t.Errorf("FLOAT 1.2345678: plain %v (%T), cast %v (%T)", vals[0], vals[0], vals[1], vals[1])
			}
		})

		t.Run("DecodeValues", func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			rec, zero, err := readTypesTable(ctx, pool, tbl, ZeroDatesNull, mem)
			if err != nil {
				t.Fatal(err)
			}
			defer rec.Release()
			if rec.NumRows() != 7 {
				t.Fatalf("rows = %d, want 7", rec.NumRows())
			}
			wkb := serverWKB(t, ctx, pool, tbl, cases)
			for ci, c := range cases {
				arr := rec.Column(ci + 1)
				for row := 0; row < 7; row++ {
					var want any
					switch {
					case c.geometry:
						want = wkb[c.name][row]
					case row < 3:
						want = c.values[row]
						if c.lits[row] == "" {
							want = nil
						}
					}
					if got := valueAt(arr, row); got != want {
						t.Errorf("%s %s row %d = %s, want %s", c.name, c.ddl, row+1, showValue(got), showValue(want))
					}
				}
			}
			// The SRID prefix is gone: g row 1 is POINT(1 2) with SRID 3857.
			if got, want := valueAt(rec.Column(caseIndex(cases, "g")+1), 0), wkbPoint(1, 2); got != want {
				t.Errorf("g row 1 = %x, want %x", got, want)
			}
			if len(zero) != len(wantZeroDates) {
				t.Errorf("zeroDates = %v, want %v", zero, wantZeroDates)
			}
			for col, n := range wantZeroDates {
				if zero[col] != n {
					t.Errorf("zeroDates[%s] = %d, want %d", col, zero[col], n)
				}
			}
		})

		t.Run("DecodeZeroDatesError", func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			rec, _, err := readTypesTable(ctx, pool, tbl, ZeroDatesError, mem)
			if rec != nil {
				rec.Release()
			}
			var ze *ZeroDateError
			if !errors.As(err, &ze) {
				t.Fatalf("err = %v, want *ZeroDateError", err)
			}
			if ze.Column != "da" || ze.Value != "0000-00-00" {
				t.Errorf("ZeroDateError = %+v, want da 0000-00-00", ze)
			}
		})
	})
}

func createTypesTable(t *testing.T, ctx context.Context, pool *conn.Pool, cases []typeCase) {
	t.Helper()
	defs := []string{"id INT NOT NULL PRIMARY KEY"}
	for _, c := range cases {
		defs = append(defs, schema.QuoteIdent(c.name)+" "+c.ddl)
	}
	testbed.Exec(t, pool, "CREATE TABLE all_types (\n  "+strings.Join(defs, ",\n  ")+"\n) DEFAULT CHARSET=utf8mb4")
	for row := 0; row < 4; row++ {
		names, lits := []string{"id"}, []string{fmt.Sprint(row + 1)}
		for _, c := range cases {
			if row < 3 && c.lits[row] != "" {
				names, lits = append(names, schema.QuoteIdent(c.name)), append(lits, c.lits[row])
			}
		}
		testbed.Exec(t, pool, "INSERT INTO all_types ("+strings.Join(names, ", ")+") VALUES ("+strings.Join(lits, ", ")+")")
	}

	// Zero dates need a lax sql_mode, set on one dedicated connection.
	c, err := pool.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, r := range zeroDateRows {
		names, lits := []string{"id"}, []string{fmt.Sprint(r.id)}
		for _, col := range []string{"da", "dt", "dt6", "ts", "ts6"} {
			if lit, ok := r.cols[col]; ok {
				names, lits = append(names, col), append(lits, lit)
			}
		}
		for _, q := range []string{
			"SET SESSION sql_mode = '" + r.mode + "'",
			"INSERT INTO all_types (" + strings.Join(names, ", ") + ") VALUES (" + strings.Join(lits, ", ") + ")",
		} {
			if _, err := c.ExecContext(ctx, q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
	}
}

func checkTypesSchema(t *testing.T, tbl *schema.Table, cases []typeCase) {
	s, err := ArrowSchema(tbl)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := s.Metadata().GetValue("mysql.table"); v != tbl.String() {
		t.Errorf("mysql.table = %q, want %q", v, tbl.String())
	}
	if f := s.Field(0); f.Name != "id" || !arrow.TypeEqual(f.Type, arrow.PrimitiveTypes.Int32) || f.Nullable {
		t.Errorf("id field = %v", f)
	}
	for i, c := range cases {
		f := s.Field(i + 1)
		if f.Name != c.name || !arrow.TypeEqual(f.Type, c.want) || !f.Nullable {
			t.Errorf("%s %s: field %s %s nullable=%v, want %s nullable", c.name, c.ddl, f.Name, f.Type, f.Nullable, c.want)
		}
		col := tbl.Columns[i+1]
		md := f.Metadata.ToMap()
		if md["mysql.type"] != col.ColumnType || md["mysql.charset"] != col.Charset || md["mysql.collation"] != col.Collation {
			t.Errorf("%s metadata = %v, column %s/%s/%s", c.name, md, col.ColumnType, col.Charset, col.Collation)
		}
	}
	for name, charset := range map[string]string{"vl": "latin1", "v3": "utf8mb3", "vc": "utf8mb4"} {
		f, _ := s.FieldsByName(name)
		if len(f) != 1 {
			t.Fatalf("no field %s", name)
		}
		if got, _ := f[0].Metadata.GetValue("mysql.charset"); got != charset {
			t.Errorf("%s mysql.charset = %q, want %q", name, got, charset)
		}
	}
}

// readTypesTable reads a table at the driver level, as the extractor does,
// and decodes it into one record batch.
func readTypesTable(ctx context.Context, pool *conn.Pool, tbl *schema.Table, policy ZeroDatePolicy, mem memory.Allocator) (arrow.RecordBatch, map[string]int64, error) {
	exprs := make([]string, len(tbl.Columns))
	for i, c := range tbl.Columns {
		exprs[i] = columnSelectExpr(c)
	}
	q := "SELECT " + strings.Join(exprs, ", ") + " FROM " + tbl.QuotedName() + " ORDER BY id"
	s, err := ArrowSchema(tbl)
	if err != nil {
		return nil, nil, err
	}
	d, err := newRowDecoder(tbl, mem, s, policy)
	if err != nil {
		return nil, nil, err
	}
	defer d.release()
	c, err := pool.Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer c.Close()
	err = c.Raw(func(dc any) error {
		rows, err := dc.(driver.QueryerContext).QueryContext(ctx, q, nil)
		if err != nil {
			return err
		}
		defer rows.Close()
		dest := make([]driver.Value, len(rows.Columns()))
		for {
			if err := rows.Next(dest); err == io.EOF {
				return nil
			} else if err != nil {
				return err
			}
			if _, err := d.appendRow(dest); err != nil {
				return err
			}
		}
	})
	if err != nil {
		return nil, nil, err
	}
	return d.newRecordBatch(), d.zeroDates(), nil
}

// driverValues returns the first row of q as go-sql-driver delivers it.
func driverValues(t *testing.T, ctx context.Context, pool *conn.Pool, q string) []driver.Value {
	t.Helper()
	c, err := pool.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var out []driver.Value
	err = c.Raw(func(dc any) error {
		rows, err := dc.(driver.QueryerContext).QueryContext(ctx, q, nil)
		if err != nil {
			return err
		}
		defer rows.Close()
		dest := make([]driver.Value, len(rows.Columns()))
		if err := rows.Next(dest); err != nil {
			return err
		}
		for _, v := range dest {
			if b, ok := v.([]byte); ok {
				v = append([]byte(nil), b...) // the driver reuses its buffer
			}
			out = append(out, v)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return out
}

func driverTypes(t *testing.T, ctx context.Context, pool *conn.Pool, q string) []string {
	vals := driverValues(t, ctx, pool, q)
	types := make([]string, len(vals))
	for i, v := range vals {
		types[i] = fmt.Sprintf("%T", v)
	}
	return types
}

// serverWKB asks the server for each geometry column's WKB, per row.
// Geographic SRSs (4326) store longitude first; ST_AsBinary would put
// latitude first unless told the axis order.
func serverWKB(t *testing.T, ctx context.Context, pool *conn.Pool, tbl *schema.Table, cases []typeCase) map[string][7]any {
	t.Helper()
	var names, exprs []string
	for _, c := range cases {
		if c.geometry {
			e := "ST_AsBinary(" + schema.QuoteIdent(c.name) + ")"
			if c.name == "p4326" {
				e = "ST_AsBinary(" + schema.QuoteIdent(c.name) + ", 'axis-order=long-lat')"
			}
			names, exprs = append(names, c.name), append(exprs, e)
		}
	}
	rows, err := pool.QueryContext(ctx, "SELECT "+strings.Join(exprs, ", ")+" FROM "+tbl.QuotedName()+" ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string][7]any{}
	for row := 0; rows.Next(); row++ {
		vals := make([][]byte, len(names))
		ptrs := make([]any, len(names))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, n := range names {
			a := out[n]
			if vals[i] != nil {
				a[row] = string(vals[i])
			}
			out[n] = a
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func wkbPoint(x, y float64) string {
	b := []byte{1, 1, 0, 0, 0}
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(y))
	return string(b)
}

func caseIndex(cases []typeCase, name string) int {
	for i, c := range cases {
		if c.name == name {
			return i
		}
	}
	return -1
}

// show keeps long expected strings readable in failures.
func showValue(v any) string {
	s := fmt.Sprintf("%#v", v)
	if len(s) > 120 {
		s = s[:120] + fmt.Sprintf("... (%d chars)", len(s))
	}
	return s
}
