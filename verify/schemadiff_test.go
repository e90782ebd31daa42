package verify

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/parity-db/parity/schema"
)

// col builds a column from its COLUMN_TYPE; coll is the collation of a text
// column ("" otherwise) and names its character set by its prefix.
func col(name, columnType, coll string) schema.Column {
	c := schema.Column{Name: name, ColumnType: columnType, Collation: coll}
	c.DataType = strings.ToLower(strings.FieldsFunc(columnType, func(r rune) bool { return r == '(' || r == ' ' })[0])
	c.Unsigned = strings.Contains(columnType, "unsigned")
	if coll != "" {
		c.Charset, _, _ = strings.Cut(coll, "_")
	}
	return c
}

func nullable(c schema.Column) schema.Column { c.Nullable = true; return c }

func withDefault(c schema.Column, d string) schema.Column { c.Default = &d; return c }

func withExtra(c schema.Column, extra string) schema.Column {
	c.Extra = extra
	c.Generated = strings.Contains(extra, "GENERATED") && !strings.Contains(extra, "DEFAULT_GENERATED")
	return c
}

// mariaJSON is a MariaDB JSON column: LONGTEXT with json_valid.
func mariaJSON(name string) schema.Column {
	c := col(name, "longtext", "utf8mb4_bin")
	c.DataType = "json"
	return c
}

// table builds an InnoDB table keyed by its first column.
func table(name string, cols ...schema.Column) *schema.Table {
	db, tbl, _ := strings.Cut(name, ".")
	t := &schema.Table{Schema: db, Name: tbl, Engine: "InnoDB", RowFormat: "Dynamic", Collation: "utf8mb4_0900_ai_ci"}
	for i, c := range cols {
		c.Ordinal = i + 1
		t.Columns = append(t.Columns, c)
	}
	if len(cols) > 0 {
		t.Indexes = []schema.Index{{Name: "PRIMARY", Primary: true, Unique: true, Columns: []string{cols[0].Name}}}
	}
	return t
}

func withIndexes(t *schema.Table, ixs ...schema.Index) *schema.Table {
	t.Indexes = append(t.Indexes, ixs...)
	return t
}

// show renders findings one a line, as the tests expect them.
func show(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s %s: %s", f.Severity, f.Kind, f.Message))
	}
	return out
}

func TestCompareColumns(t *testing.T) {
	id := col("id", "int(11)", "")
	tests := []struct {
		name     string
		src, tgt schema.Column
		want     []string
	}{
		// Display widths are no difference at all.
		{"int display width", col("n", "int(11)", ""), col("n", "int", ""), nil},
		{"tinyint(1) kept", col("b", "tinyint(1)", ""), col("b", "tinyint(1)", ""), nil},
		{"tinyint display width", col("b", "tinyint(4)", ""), col("b", "tinyint", ""), nil},
		{"bigint unsigned display width", col("n", "bigint(20) unsigned", ""), col("n", "bigint unsigned", ""), nil},
		{"year display width", col("y", "year(4)", ""), col("y", "year", ""), nil},
		{"type case", col("n", "INT(11)", ""), col("n", "int", ""), nil},
		{"mariadb old temporal comment", col("d", "datetime /* mariadb-5.3 */", ""), col("d", "datetime", ""), nil},

		// Integers.
		{"int to bigint", col("n", "int(11)", ""), col("n", "bigint", ""),
			[]string{"notice column_type: column n: int(11) on source, bigint on target (widened)"}},
		{"bigint to int", col("n", "bigint(20)", ""), col("n", "int", ""),
			[]string{"difference column_type: column n: bigint(20) on source, int on target (narrowed)"}},
		{"unsigned to signed", col("n", "int(10) unsigned", ""), col("n", "int", ""),
			[]string{"difference column_type: column n: int(10) unsigned on source, int on target (unsigned to signed: the largest values do not fit)"}},
		{"signed to unsigned", col("n", "int(11)", ""), col("n", "bigint unsigned", ""),
			[]string{"difference column_type: column n: int(11) on source, bigint unsigned on target (signed to unsigned: negative values do not fit)"}},
		{"unsigned into a wider signed", col("n", "int(10) unsigned", ""), col("n", "bigint", ""),
			[]string{"notice column_type: column n: int(10) unsigned on source, bigint on target (widened)"}},
		{"zerofill dropped", col("n", "int(5) unsigned zerofill", ""), col("n", "int unsigned", ""),
			[]string{"notice column_type: column n: int(5) unsigned zerofill on source, int unsigned on target (ZEROFILL changed: values are equal, their display is not)"}},
		{"int to varchar", col("n", "int(11)", ""), col("n", "varchar(20)", "utf8mb4_0900_ai_ci"),
			[]string{"difference column_type: column n: int(11) on source, varchar(20) on target (incompatible types)"}},
		{"bit widened", col("f", "bit(1)", ""), col("f", "bit(8)", ""),
			[]string{"notice column_type: column f: bit(1) on source, bit(8) on target (widened)"}},
		{"bit narrowed", col("f", "bit(8)", ""), col("f", "bit(1)", ""),
			[]string{"difference column_type: column f: bit(8) on source, bit(1) on target (narrowed)"}},

		// Decimals and floats.
		{"decimal wider", col("a", "decimal(10,2)", ""), col("a", "decimal(12,2)", ""),
			[]string{"notice column_type: column a: decimal(10,2) on source, decimal(12,2) on target (widened)"}},
		{"decimal more scale and digits", col("a", "decimal(10,2)", ""), col("a", "decimal(12,4)", ""),
			[]string{"notice column_type: column a: decimal(10,2) on source, decimal(12,4) on target (widened)"}},
		{"decimal scale reduced", col("a", "decimal(10,2)", ""), col("a", "decimal(10,1)", ""),
			[]string{"difference column_type: column a: decimal(10,2) on source, decimal(10,1) on target (scale reduced: fractional digits are rounded)"}},
		{"decimal integer digits reduced", col("a", "decimal(10,2)", ""), col("a", "decimal(11,4)", ""),
			[]string{"difference column_type: column a: decimal(10,2) on source, decimal(11,4) on target (narrowed: fewer integer digits)"}},
		{"decimal same", col("a", "decimal(10,2)", ""), col("a", "DECIMAL(10, 2)", ""), nil},
		{"numeric alias", col("a", "numeric(10,2)", ""), col("a", "decimal(10,2)", ""), nil},
		{"float to double", col("r", "float", ""), col("r", "double", ""),
			[]string{"notice column_type: column r: float on source, double on target (widened)"}},
		{"double to float", col("r", "double", ""), col("r", "float", ""),
			[]string{"difference column_type: column r: double on source, float on target (narrowed: float keeps fewer digits than double)"}},
		{"float digits dropped", col("r", "float(7,3)", ""), col("r", "float", ""),
			[]string{"notice column_type: column r: float(7,3) on source, float on target (widened)"}},
		{"float digits added", col("r", "float", ""), col("r", "float(7,3)", ""),
			[]string{"difference column_type: column r: float on source, float(7,3) on target (narrowed)"}},
		{"decimal to double", col("a", "decimal(10,2)", ""), col("a", "double", ""),
			[]string{"difference column_type: column a: decimal(10,2) on source, double on target (incompatible types)"}},

		// Strings.
		{"varchar widened", col("note", "varchar(200)", "utf8mb4_general_ci"), col("note", "varchar(255)", "utf8mb4_general_ci"),
			[]string{"notice column_type: column note: varchar(200) on source, varchar(255) on target (widened)"}},
		{"varchar narrowed", col("note", "varchar(255)", "utf8mb4_general_ci"), col("note", "varchar(100)", "utf8mb4_general_ci"),
			[]string{"difference column_type: column note: varchar(255) on source, varchar(100) on target (narrowed)"}},
		{"text to mediumtext", col("body", "text", "utf8mb4_general_ci"), col("body", "mediumtext", "utf8mb4_general_ci"),
			[]string{"notice column_type: column body: text on source, mediumtext on target (widened)"}},
		{"mediumtext to text", col("body", "mediumtext", "utf8mb4_general_ci"), col("body", "text", "utf8mb4_general_ci"),
			[]string{"difference column_type: column body: mediumtext on source, text on target (narrowed)"}},
		{"text to varchar", col("body", "text", "utf8mb4_general_ci"), col("body", "varchar(255)", "utf8mb4_general_ci"),
			[]string{"difference column_type: column body: text on source, varchar(255) on target (narrowed: text to varchar)"}},
		{"varchar to text", col("body", "varchar(255)", "utf8mb4_general_ci"), col("body", "text", "utf8mb4_general_ci"),
			[]string{"notice column_type: column body: varchar(255) on source, text on target (widened)"}},
		{"long varchar does not fit text in utf8mb4", col("body", "varchar(20000)", "utf8mb4_general_ci"), col("body", "text", "utf8mb4_general_ci"),
			[]string{"difference column_type: column body: varchar(20000) on source, text on target (narrowed)"}},
		{"char to varchar", col("code", "char(10)", "latin1_swedish_ci"), col("code", "varchar(10)", "latin1_swedish_ci"),
			[]string{"notice column_type: column code: char(10) on source, varchar(10) on target (widened)"}},
		{"varchar to char", col("code", "varchar(10)", "latin1_swedish_ci"), col("code", "char(10)", "latin1_swedish_ci"),
			[]string{"difference column_type: column code: varchar(10) on source, char(10) on target (varchar to char: trailing spaces are lost)"}},
		{"binary to varbinary", col("h", "binary(16)", ""), col("h", "varbinary(16)", ""),
			[]string{"notice column_type: column h: binary(16) on source, varbinary(16) on target (widened)"}},
		{"varbinary to binary", col("h", "varbinary(16)", ""), col("h", "binary(16)", ""),
			[]string{"difference column_type: column h: varbinary(16) on source, binary(16) on target (varbinary to binary: values are padded with zero bytes)"}},
		{"varbinary to blob", col("h", "varbinary(255)", ""), col("h", "blob", ""),
			[]string{"notice column_type: column h: varbinary(255) on source, blob on target (widened)"}},
		{"blob to varbinary", col("h", "blob", ""), col("h", "varbinary(255)", ""),
			[]string{"difference column_type: column h: blob on source, varbinary(255) on target (narrowed: blob to varbinary)"}},
		{"text to blob", col("h", "text", "utf8mb4_bin"), col("h", "blob", ""),
			[]string{"difference column_type: column h: text on source, blob on target (incompatible types)"}},

		// ENUM and SET.
		{"enum member added at the end", col("s", "enum('a','b')", "utf8mb4_general_ci"), col("s", "enum('a','b','c')", "utf8mb4_general_ci"),
			[]string{"notice column_type: column s: enum('a','b') on source, enum('a','b','c') on target (members added at the end)"}},
		{"enum member removed", col("s", "enum('a','b','c')", "utf8mb4_general_ci"), col("s", "enum('a','b')", "utf8mb4_general_ci"),
			[]string{"difference column_type: column s: enum('a','b','c') on source, enum('a','b') on target (members removed or reordered)"}},
		{"enum reordered", col("s", "enum('a','b')", "utf8mb4_general_ci"), col("s", "enum('b','a')", "utf8mb4_general_ci"),
			[]string{"difference column_type: column s: enum('a','b') on source, enum('b','a') on target (members removed or reordered)"}},
		{"enum member added in the middle", col("s", "enum('a','b')", "utf8mb4_general_ci"), col("s", "enum('a','x','b')", "utf8mb4_general_ci"),
			[]string{"difference column_type: column s: enum('a','b') on source, enum('a','x','b') on target (members removed or reordered)"}},
		{"enum quoting", col("s", "enum('a','b,c','it''s')", "utf8mb4_general_ci"), col("s", "enum( 'a' ,'b,c', 'it''s' )", "utf8mb4_general_ci"), nil},
		{"enum member case", col("s", "enum('a')", "utf8mb4_general_ci"), col("s", "enum('A')", "utf8mb4_general_ci"),
			[]string{"difference column_type: column s: enum('a') on source, enum('A') on target (members removed or reordered)"}},
		{"set member added", col("s", "set('x','y')", "utf8mb4_general_ci"), col("s", "set('x','y','z')", "utf8mb4_general_ci"),
			[]string{"notice column_type: column s: set('x','y') on source, set('x','y','z') on target (members added at the end)"}},
		{"enum to set", col("s", "enum('x')", "utf8mb4_general_ci"), col("s", "set('x')", "utf8mb4_general_ci"),
			[]string{"difference column_type: column s: enum('x') on source, set('x') on target (incompatible types)"}},

		// Dates and times.
		{"datetime gains fractions", col("at", "datetime", ""), col("at", "datetime(6)", ""),
			[]string{"notice column_type: column at: datetime on source, datetime(6) on target (more fractional seconds)"}},
		{"datetime loses fractions", col("at", "datetime(6)", ""), col("at", "datetime", ""),
			[]string{"difference column_type: column at: datetime(6) on source, datetime on target (fractional seconds reduced: values are rounded)"}},
		{"timestamp to datetime", col("at", "timestamp", ""), col("at", "datetime", ""),
			[]string{"notice column_type: column at: timestamp on source, datetime on target (datetime does not convert between time zones)"}},
		{"datetime to timestamp", col("at", "datetime", ""), col("at", "timestamp", ""),
			[]string{"notice column_type: column at: datetime on source, timestamp on target (timestamp holds 1970-2038 only and converts between time zones)"}},
		{"timestamp(6) to datetime", col("at", "timestamp(6)", ""), col("at", "datetime", ""),
			[]string{"difference column_type: column at: timestamp(6) on source, datetime on target (fractional seconds reduced: values are rounded)"}},
		{"time fractions", col("t", "time(3)", ""), col("t", "time(6)", ""),
			[]string{"notice column_type: column t: time(3) on source, time(6) on target (more fractional seconds)"}},
		{"date to datetime", col("d", "date", ""), col("d", "datetime", ""),
			[]string{"difference column_type: column d: date on source, datetime on target (incompatible types)"}},

		// JSON, spatial and others.
		{"mariadb json to native json", mariaJSON("doc"), col("doc", "json", ""),
			[]string{"notice column_type: column doc: json (MariaDB longtext) on source, json on target (MariaDB JSON and native JSON hold the same documents)"}},
		{"longtext to json", col("doc", "longtext", "utf8mb4_bin"), col("doc", "json", ""),
			[]string{"difference column_type: column doc: longtext on source, json on target (incompatible types)"}},
		{"json to json", col("doc", "json", ""), col("doc", "json", ""), nil},
		{"point to geometry", col("g", "point", ""), col("g", "geometry", ""),
			[]string{"notice column_type: column g: point on source, geometry on target (widened)"}},
		{"geometry to point", col("g", "geometry", ""), col("g", "point", ""),
			[]string{"difference column_type: column g: geometry on source, point on target (incompatible types)"}},
		{"geometrycollection alias", col("g", "geometrycollection", ""), col("g", "geomcollection", ""), nil},
		{"mariadb uuid to char", col("u", "uuid", ""), col("u", "char(36)", "ascii_general_ci"),
			[]string{"difference column_type: column u: uuid on source, char(36) on target (incompatible types)"}},
		{"unparsable types that differ", col("x", "varchar(", "utf8mb4_bin"), col("x", "varchar(10)", "utf8mb4_bin"),
			[]string{"difference column_type: column x: varchar( on source, varchar(10) on target (unrecognized types differ)"}},
		{"unknown attributes differ", col("x", "int frob", ""), col("x", "int", ""),
			[]string{"difference column_type: column x: int frob on source, int on target (unrecognized attributes differ)"}},

		// Character sets and collations.
		{"latin1 to utf8mb4", col("c", "varchar(20)", "latin1_swedish_ci"), col("c", "varchar(20)", "utf8mb4_0900_ai_ci"),
			[]string{"notice charset: column c: character set latin1 (latin1_swedish_ci) on source, utf8mb4 (utf8mb4_0900_ai_ci) on target (utf8mb4 holds every latin1 character)"}},
		{"utf8mb3 to utf8mb4", col("c", "varchar(20)", "utf8mb3_general_ci"), col("c", "varchar(20)", "utf8mb4_0900_ai_ci"),
			[]string{"notice charset: column c: character set utf8mb3 (utf8mb3_general_ci) on source, utf8mb4 (utf8mb4_0900_ai_ci) on target (utf8mb4 holds every utf8mb3 character)"}},
		{"latin1 to utf8mb3", col("c", "varchar(20)", "latin1_swedish_ci"), col("c", "varchar(20)", "utf8mb3_general_ci"),
			[]string{"notice charset: column c: character set latin1 (latin1_swedish_ci) on source, utf8mb3 (utf8mb3_general_ci) on target (utf8mb3 holds every latin1 character)"}},
		{"utf8 is utf8mb3", col("c", "varchar(20)", "utf8_general_ci"), col("c", "varchar(20)", "utf8mb3_general_ci"), nil},
		{"utf8mb4 to latin1", col("c", "varchar(20)", "utf8mb4_general_ci"), col("c", "varchar(20)", "latin1_swedish_ci"),
			[]string{"difference charset: column c: character set utf8mb4 (utf8mb4_general_ci) on source, latin1 (latin1_swedish_ci) on target (latin1 cannot hold every utf8mb4 character)"}},
		{"utf8mb4 to utf8mb3", col("c", "varchar(20)", "utf8mb4_general_ci"), col("c", "varchar(20)", "utf8mb3_general_ci"),
			[]string{"difference charset: column c: character set utf8mb4 (utf8mb4_general_ci) on source, utf8mb3 (utf8mb3_general_ci) on target (utf8mb3 cannot hold every utf8mb4 character)"}},
		{"latin1 to cp1251", col("c", "varchar(20)", "latin1_swedish_ci"), col("c", "varchar(20)", "cp1251_general_ci"),
			[]string{"difference charset: column c: character set latin1 (latin1_swedish_ci) on source, cp1251 (cp1251_general_ci) on target (cp1251 cannot hold every latin1 character)"}},
		{"collation", col("c", "varchar(20)", "utf8mb4_general_ci"), col("c", "varchar(20)", "utf8mb4_0900_ai_ci"),
			[]string{"notice collation: column c: collation utf8mb4_general_ci on source, utf8mb4_0900_ai_ci on target (sorting and comparing differ)"}},
		{"enum charset", col("s", "enum('a')", "latin1_swedish_ci"), col("s", "enum('a')", "utf8mb4_0900_ai_ci"),
			[]string{"notice charset: column s: character set latin1 (latin1_swedish_ci) on source, utf8mb4 (utf8mb4_0900_ai_ci) on target (utf8mb4 holds every latin1 character)"}},

		// NULL, defaults, ON UPDATE, AUTO_INCREMENT.
		{"becomes nullable", col("n", "int(11)", ""), nullable(col("n", "int", "")),
			[]string{"difference nullable: column n: NOT NULL on source, NULL on target (the target accepts NULL)"}},
		{"becomes not null", nullable(col("n", "int(11)", "")), col("n", "int", ""),
			[]string{"difference nullable: column n: NULL on source, NOT NULL on target (the target rejects NULL)"}},
		{"default changed", withDefault(col("s", "varchar(10)", "utf8mb4_bin"), "new"), withDefault(col("s", "varchar(10)", "utf8mb4_bin"), "open"),
			[]string{"difference default: column s: default 'new' on source, 'open' on target"}},
		{"default dropped", withDefault(col("n", "int(11)", ""), "0"), col("n", "int", ""),
			[]string{"difference default: column n: default 0 on source, none on target"}},
		{"default added to nullable", nullable(col("s", "varchar(10)", "utf8mb4_bin")), nullable(withDefault(col("s", "varchar(10)", "utf8mb4_bin"), "")),
			[]string{"difference default: column s: default NULL on source, '' on target"}},
		{"both default NULL", nullable(col("n", "int(11)", "")), nullable(col("n", "int", "")), nil},
		{"current_timestamp spellings", withDefault(col("at", "timestamp", ""), "current_timestamp()"), withDefault(col("at", "timestamp", ""), "CURRENT_TIMESTAMP"), nil},
		{"current_timestamp with fractions", withDefault(col("at", "datetime(6)", ""), "current_timestamp(6)"), withDefault(col("at", "datetime(6)", ""), "CURRENT_TIMESTAMP(6)"), nil},
		{"current_timestamp gains fractions", withDefault(col("at", "datetime", ""), "current_timestamp()"), withDefault(col("at", "datetime(6)", ""), "CURRENT_TIMESTAMP(6)"),
			[]string{"notice column_type: column at: datetime on source, datetime(6) on target (more fractional seconds)"}},
		{"now is current_timestamp", withDefault(col("at", "datetime", ""), "now()"), withDefault(col("at", "datetime", ""), "CURRENT_TIMESTAMP"), nil},
		{"datetime literal gains zero fraction", withDefault(col("at", "datetime", ""), "2000-01-01 00:00:00"), withDefault(col("at", "datetime(6)", ""), "2000-01-01 00:00:00.000000"),
			[]string{"notice column_type: column at: datetime on source, datetime(6) on target (more fractional seconds)"}},
		{"decimal default after scale change", withDefault(col("a", "decimal(10,2)", ""), "0.00"), withDefault(col("a", "decimal(12,4)", ""), "0.0000"),
			[]string{"notice column_type: column a: decimal(10,2) on source, decimal(12,4) on target (widened)"}},
		{"decimal default changed", withDefault(col("a", "decimal(10,2)", ""), "0.00"), withDefault(col("a", "decimal(10,2)", ""), "1.00"),
			[]string{"difference default: column a: default 0.00 on source, 1.00 on target"}},
		{"text defaults are not numbers", withDefault(col("s", "varchar(5)", "utf8mb4_bin"), "0"), withDefault(col("s", "varchar(5)", "utf8mb4_bin"), "0.0"),
			[]string{"difference default: column s: default '0' on source, '0.0' on target"}},
		{"text default case matters", withDefault(col("s", "varchar(5)", "utf8mb4_bin"), "a"), withDefault(col("s", "varchar(5)", "utf8mb4_bin"), "A"),
			[]string{"difference default: column s: default 'a' on source, 'A' on target"}},
		{"on update spellings", withExtra(col("at", "timestamp", ""), "on update current_timestamp()"), withExtra(col("at", "timestamp", ""), "DEFAULT_GENERATED on update CURRENT_TIMESTAMP"), nil},
		{"on update lost", withExtra(col("at", "timestamp", ""), "on update current_timestamp()"), col("at", "timestamp", ""),
			[]string{"notice on_update: column at: ON UPDATE CURRENT_TIMESTAMP on source, no ON UPDATE on target (changes what updates write)"}},
		{"auto_increment lost", withExtra(col("n", "int(11)", ""), "auto_increment"), col("n", "int", ""),
			[]string{"notice auto_increment: column n: AUTO_INCREMENT on source, no AUTO_INCREMENT on target (changes what inserts write)"}},

		// Generated columns.
		{"no longer generated", withExtra(col("g", "int(11)", ""), "VIRTUAL GENERATED"), col("g", "int", ""),
			[]string{"difference generated: column g: VIRTUAL generated on source, not generated on target"}},
		{"becomes generated", col("g", "int(11)", ""), withExtra(col("g", "int", ""), "STORED GENERATED"),
			[]string{"difference generated: column g: not generated on source, STORED generated on target"}},
		{"virtual to stored", withExtra(col("g", "int(11)", ""), "VIRTUAL GENERATED"), withExtra(col("g", "int", ""), "STORED GENERATED"),
			[]string{"notice generated: column g: VIRTUAL generated on source, STORED generated on target (storage only)"}},
		{"persistent is stored", withExtra(col("g", "int(11)", ""), "PERSISTENT GENERATED"), withExtra(col("g", "int", ""), "STORED GENERATED"), nil},

		// Names are case-insensitive; the source spelling is reported.
		{"name case", col("Note", "varchar(10)", "utf8mb4_bin"), col("note", "varchar(20)", "utf8mb4_bin"),
			[]string{"notice column_type: column Note: varchar(10) on source, varchar(20) on target (widened)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := CompareSchemas([]*schema.Table{table("db.t", id, tt.src)}, []*schema.Table{table("db.t", id, tt.tgt)}, Mapping{}, false)
			if got := show(r.Findings); !slices.Equal(got, tt.want) {
				t.Errorf("findings:\n got %q\nwant %q", got, tt.want)
			}
			if len(r.Pairs) != 1 || !slices.Equal(r.Pairs[0].Columns, []string{"id", tt.src.Name}) {
				t.Errorf("pairs = %+v, want one with columns id, %s", r.Pairs, tt.src.Name)
			}
		})
	}
}

func TestCompareTables(t *testing.T) {
	id, name := col("id", "int(11)", ""), col("name", "varchar(50)", "utf8mb4_bin")
	email, code := col("email", "varchar(100)", "utf8mb4_bin"), col("code", "char(3)", "utf8mb4_bin")
	ix := func(name string, unique bool, cols ...string) schema.Index {
		return schema.Index{Name: name, Unique: unique, Columns: cols}
	}
	tests := []struct {
		name     string
		src, tgt []*schema.Table
		mapping  []string
		want     []string
	}{
		{
			name: "identical",
			src:  []*schema.Table{table("db.t", id, name)},
			tgt:  []*schema.Table{table("db.t", id, name)},
		},
		{
			name: "missing and extra table",
			src:  []*schema.Table{table("db.a", id), table("db.b", id)},
			tgt:  []*schema.Table{table("db.b", id), table("db.c", id)},
			want: []string{
				"difference missing_table: table db.a is missing on target (looked for db.a)",
				"difference extra_table: table db.c exists on target only",
			},
		},
		{
			name:    "mapping applied",
			src:     []*schema.Table{table("old.orders", id), table("old.gone", id)},
			tgt:     []*schema.Table{table("new.orders", id), table("new.added", id)},
			mapping: []string{"old.*=new.*"},
			want: []string{
				"difference extra_table: table new.added exists on target only (no source table old.added)",
				"difference missing_table: table old.gone is missing on target (looked for new.gone)",
			},
		},
		{
			name: "table name case differs",
			src:  []*schema.Table{table("db.Orders", id)},
			tgt:  []*schema.Table{table("db.orders", id)},
			want: []string{"notice table_name: table db.Orders is db.orders on target (letter case differs)"},
		},
		{
			name: "exact name wins over a case-only match",
			src:  []*schema.Table{table("db.Orders", id), table("db.orders", id)},
			tgt:  []*schema.Table{table("db.orders", id)},
			want: []string{"difference missing_table: table db.Orders is missing on target (looked for db.Orders)"},
		},
		{
			name: "missing and extra column",
			src:  []*schema.Table{table("db.t", id, name, email)},
			tgt:  []*schema.Table{table("db.t", id, name, code)},
			want: []string{
				"difference extra_column: column code char(3) exists on target only",
				"difference missing_column: column email varchar(100) is missing on target",
			},
		},
		{
			name: "column order",
			src:  []*schema.Table{table("db.t", id, name, email)},
			tgt:  []*schema.Table{table("db.t", id, email, name)},
			want: []string{"notice column_order: columns are in a different order on target (matters to SELECT * and INSERT without a column list)"},
		},
		{
			name: "a column added in the middle keeps the order",
			src:  []*schema.Table{table("db.t", id, name, email)},
			tgt:  []*schema.Table{table("db.t", id, name, code, email)},
			want: []string{"difference extra_column: column code char(3) exists on target only"},
		},
		{
			name: "primary key columns differ",
			src:  []*schema.Table{table("db.t", id, code)},
			tgt:  []*schema.Table{withIndexes(&schema.Table{Schema: "db", Name: "t", Engine: "InnoDB", RowFormat: "Dynamic", Collation: "utf8mb4_0900_ai_ci", Columns: []schema.Column{id, code}}, schema.Index{Name: "PRIMARY", Primary: true, Unique: true, Columns: []string{"id", "CODE"}})},
			want: []string{"difference primary_key: primary key PRIMARY: (id) on source, (id, code) on target"},
		},
		{
			name: "primary key missing on target",
			src:  []*schema.Table{table("db.t", id)},
			tgt:  []*schema.Table{{Schema: "db", Name: "t", Engine: "InnoDB", RowFormat: "Dynamic", Collation: "utf8mb4_0900_ai_ci", Columns: []schema.Column{id}}},
			want: []string{"difference primary_key: primary key PRIMARY (id) is missing on target"},
		},
		{
			name: "unique keys: missing, extra, different columns, renamed",
			src: []*schema.Table{withIndexes(table("db.t", id, name, email, code),
				ix("uk_email", true, "email"), ix("uk_name", true, "name"), ix("uk_code", true, "code"))},
			tgt: []*schema.Table{withIndexes(table("db.t", id, name, email, code),
				ix("email_unique", true, "EMAIL"), ix("uk_code", true, "code", "name"), ix("uk_extra", true, "name", "email"))},
			want: []string{
				"difference unique_key: unique key uk_code: (code) on source, (code, name) on target",
				"difference unique_key: unique key uk_extra (name, email) exists on target only",
				"difference unique_key: unique key uk_name (name) is missing on target",
			},
		},
		{
			name: "secondary indexes are notices",
			src: []*schema.Table{withIndexes(table("db.t", id, name, email, code),
				ix("idx_name", false, "name"), ix("idx_email", false, "email"), ix("idx_code", false, "code"))},
			tgt: []*schema.Table{withIndexes(table("db.t", id, name, email, code),
				ix("idx_name", false, "name", "id"), ix("idx_code", false, "code"), ix("idx_new", false, "email", "code"))},
			want: []string{
				"notice index: index idx_email (email) is missing on target",
				"notice index: index idx_name: (name) on source, (name, id) on target",
				"notice index: index idx_new (email, code) exists on target only",
			},
		},
		{
			name: "unique key became a plain index",
			src:  []*schema.Table{withIndexes(table("db.t", id, email), ix("uk_email", true, "email"))},
			tgt:  []*schema.Table{withIndexes(table("db.t", id, email), ix("uk_email", false, "email"))},
			want: []string{
				"notice index: index uk_email (email) exists on target only",
				"difference unique_key: unique key uk_email (email) is missing on target",
			},
		},
		{
			name: "invisible index",
			src:  []*schema.Table{withIndexes(table("db.t", id, email), ix("idx_email", false, "email"))},
			tgt:  []*schema.Table{withIndexes(table("db.t", id, email), schema.Index{Name: "idx_email", Columns: []string{"email"}, Invisible: true})},
			want: []string{"notice index: index idx_email is visible on source, invisible on target"},
		},
		{
			name: "functional key part",
			src:  []*schema.Table{withIndexes(table("db.t", id, email), ix("idx_f", false, ""))},
			tgt:  []*schema.Table{table("db.t", id, email)},
			want: []string{"notice index: index idx_f ((expression)) is missing on target"},
		},
		{
			name: "engine, row format and table collation",
			src:  []*schema.Table{{Schema: "db", Name: "t", Engine: "Aria", RowFormat: "Page", Collation: "latin1_swedish_ci", Columns: []schema.Column{id}}},
			tgt:  []*schema.Table{{Schema: "db", Name: "t", Engine: "InnoDB", RowFormat: "Dynamic", Collation: "utf8mb4_0900_ai_ci", Columns: []schema.Column{id}}},
			want: []string{
				"notice collation: table default collation latin1_swedish_ci on source, utf8mb4_0900_ai_ci on target (applies to columns added later)",
				"notice engine: engine Aria on source, InnoDB on target (converted to InnoDB)",
				"notice row_format: row format Page on source, Dynamic on target (storage only)",
			},
		},
		{
			name: "away from InnoDB",
			src:  []*schema.Table{{Schema: "db", Name: "t", Engine: "InnoDB", Columns: []schema.Column{id}}},
			tgt:  []*schema.Table{{Schema: "db", Name: "t", Engine: "MyISAM", Columns: []schema.Column{id}}},
			want: []string{"difference engine: engine InnoDB on source, MyISAM on target (not the usual InnoDB target)"},
		},
		{
			name: "engine case and utf8 collation alias",
			src:  []*schema.Table{{Schema: "db", Name: "t", Engine: "innodb", RowFormat: "DYNAMIC", Collation: "utf8_general_ci", Columns: []schema.Column{id}}},
			tgt:  []*schema.Table{{Schema: "db", Name: "t", Engine: "InnoDB", RowFormat: "Dynamic", Collation: "utf8mb3_general_ci", Columns: []schema.Column{id}}},
		},
		{
			name: "findings sorted by table, column, kind",
			src: []*schema.Table{
				table("db.b", id, col("z", "int(11)", ""), col("a", "int(11)", "")),
				table("db.a", id, col("x", "int(11)", "")),
			},
			tgt: []*schema.Table{
				table("db.b", id, nullable(col("z", "bigint", "")), col("a", "bigint", "")),
				table("db.a", id, col("x", "int", "")),
			},
			want: []string{
				"notice column_type: column a: int(11) on source, bigint on target (widened)",
				"notice column_type: column z: int(11) on source, bigint on target (widened)",
				"difference nullable: column z: NOT NULL on source, NULL on target (the target accepts NULL)",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := ParseMapping(tt.mapping)
			if err != nil {
				t.Fatal(err)
			}
			r := CompareSchemas(tt.src, tt.tgt, m, false)
			if got := show(r.Findings); !slices.Equal(got, tt.want) {
				t.Errorf("findings:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestCompareSchemasPairs(t *testing.T) {
	id := col("id", "int(11)", "")
	src := []*schema.Table{
		table("old.b", id, col("Name", "varchar(10)", "utf8mb4_bin"), col("gone", "int(11)", ""), col("g", "int(11)", "")),
		table("old.a", id),
		table("old.missing", id),
	}
	tgt := []*schema.Table{
		table("new.a", id),
		table("new.b", id, withExtra(col("g", "int", ""), "VIRTUAL GENERATED"), col("name", "varchar(10)", "utf8mb4_bin"), col("added", "int", "")),
	}
	m, err := ParseMapping([]string{"old=new"})
	if err != nil {
		t.Fatal(err)
	}
	r := CompareSchemas(src, tgt, m, false)
	var got []string
	for _, p := range r.Pairs {
		got = append(got, fmt.Sprintf("%s->%s %v", p.Source, p.Target, p.Columns))
	}
	want := []string{"old.a->new.a [id]", "old.b->new.b [id Name g]"}
	if !slices.Equal(got, want) {
		t.Errorf("pairs = %q, want %q", got, want)
	}
	for _, f := range r.Findings {
		if f.Kind == "extra_column" && f.Table != "old.b" {
			t.Errorf("extra column reported on %q, want the source name old.b", f.Table)
		}
	}
}

// TestMigratedReservations compares a MariaDB 10.11 table with the form a
// typical migration gives it on MySQL 9: utf8mb4, native JSON, bigint ids,
// wider columns, InnoDB. Every change is intended: notices only.
func TestMigratedReservations(t *testing.T) {
	src := &schema.Table{
		Schema: "hotel", Name: "reservations", Engine: "Aria", RowFormat: "Page", Collation: "latin1_swedish_ci",
		Columns: []schema.Column{
			withExtra(col("id", "int(11)", ""), "auto_increment"),
			col("guest_id", "int(10) unsigned", ""),
			col("room_code", "varchar(20)", "latin1_swedish_ci"),
			withDefault(col("status", "enum('pending','confirmed','cancelled')", "utf8mb3_general_ci"), "pending"),
			withDefault(col("amount", "decimal(10,2)", ""), "0.00"),
			nullable(col("notes", "text", "utf8mb4_general_ci")),
			nullable(mariaJSON("details")),
			withDefault(col("is_paid", "tinyint(1)", ""), "0"),
			col("checkin", "date", ""),
			col("checkout_at", "timestamp", ""),
			withExtra(withDefault(col("created_at", "timestamp", ""), "current_timestamp()"), "on update current_timestamp()"),
			nullable(col("legacy_ref", "varchar(100)", "utf8mb3_general_ci")),
		},
		Indexes: []schema.Index{
			{Name: "PRIMARY", Primary: true, Unique: true, Columns: []string{"id"}},
			{Name: "uk_room_checkin", Unique: true, Columns: []string{"room_code", "checkin"}},
			{Name: "idx_guest", Columns: []string{"guest_id"}},
		},
	}
	tgt := &schema.Table{
		Schema: "hotel_v2", Name: "reservations", Engine: "InnoDB", RowFormat: "Dynamic", Collation: "utf8mb4_0900_ai_ci",
		Columns: []schema.Column{
			withExtra(col("id", "bigint", ""), "auto_increment"),
			col("guest_id", "bigint unsigned", ""),
			col("room_code", "varchar(32)", "utf8mb4_0900_ai_ci"),
			withDefault(col("status", "enum('pending','confirmed','cancelled','no_show')", "utf8mb4_0900_ai_ci"), "pending"),
			withDefault(col("amount", "decimal(12,2)", ""), "0.00"),
			nullable(col("notes", "mediumtext", "utf8mb4_0900_ai_ci")),
			nullable(col("details", "json", "")),
			withDefault(col("is_paid", "tinyint(1)", ""), "0"),
			col("checkin", "date", ""),
			col("checkout_at", "datetime(6)", ""),
			withExtra(withDefault(col("created_at", "timestamp", ""), "CURRENT_TIMESTAMP"), "DEFAULT_GENERATED on update CURRENT_TIMESTAMP"),
			nullable(col("legacy_ref", "varchar(255)", "utf8mb4_0900_ai_ci")),
		},
		Indexes: []schema.Index{
			{Name: "PRIMARY", Primary: true, Unique: true, Columns: []string{"id"}},
			{Name: "room_checkin", Unique: true, Columns: []string{"room_code", "checkin"}},
			{Name: "idx_guest", Columns: []string{"guest_id"}},
		},
	}
	m, err := ParseMapping([]string{"hotel.*=hotel_v2.*"})
	if err != nil {
		t.Fatal(err)
	}
	r := CompareSchemas([]*schema.Table{src}, []*schema.Table{tgt}, m, false)
	want := []string{
		"notice collation: table default collation latin1_swedish_ci on source, utf8mb4_0900_ai_ci on target (applies to columns added later)",
		"notice engine: engine Aria on source, InnoDB on target (converted to InnoDB)",
		"notice row_format: row format Page on source, Dynamic on target (storage only)",
		"notice column_type: column amount: decimal(10,2) on source, decimal(12,2) on target (widened)",
		"notice column_type: column checkout_at: timestamp on source, datetime(6) on target (datetime does not convert between time zones)",
		"notice column_type: column details: json (MariaDB longtext) on source, json on target (MariaDB JSON and native JSON hold the same documents)",
		"notice column_type: column guest_id: int(10) unsigned on source, bigint unsigned on target (widened)",
		"notice column_type: column id: int(11) on source, bigint on target (widened)",
		"notice charset: column legacy_ref: character set utf8mb3 (utf8mb3_general_ci) on source, utf8mb4 (utf8mb4_0900_ai_ci) on target (utf8mb4 holds every utf8mb3 character)",
		"notice column_type: column legacy_ref: varchar(100) on source, varchar(255) on target (widened)",
		"notice collation: column notes: collation utf8mb4_general_ci on source, utf8mb4_0900_ai_ci on target (sorting and comparing differ)",
		"notice column_type: column notes: text on source, mediumtext on target (widened)",
		"notice charset: column room_code: character set latin1 (latin1_swedish_ci) on source, utf8mb4 (utf8mb4_0900_ai_ci) on target (utf8mb4 holds every latin1 character)",
		"notice column_type: column room_code: varchar(20) on source, varchar(32) on target (widened)",
		"notice charset: column status: character set utf8mb3 (utf8mb3_general_ci) on source, utf8mb4 (utf8mb4_0900_ai_ci) on target (utf8mb4 holds every utf8mb3 character)",
		"notice column_type: column status: enum('pending','confirmed','cancelled') on source, enum('pending','confirmed','cancelled','no_show') on target (members added at the end)",
	}
	if got := show(r.Findings); !slices.Equal(got, want) {
		t.Errorf("findings:\n got %q\nwant %q", got, want)
	}
	if n := r.Differences(); n != 0 {
		t.Errorf("Differences() = %d, want 0", n)
	}
	if len(r.Pairs) != 1 || len(r.Pairs[0].Columns) != len(src.Columns) {
		t.Errorf("pairs = %+v, want the one table with all %d columns", r.Pairs, len(src.Columns))
	}

	strict := CompareSchemas([]*schema.Table{src}, []*schema.Table{tgt}, m, true)
	if n := strict.Differences(); n != len(want) {
		t.Errorf("strict: Differences() = %d, want every one of the %d notices", n, len(want))
	}
}

func TestStrict(t *testing.T) {
	src := []*schema.Table{table("db.t", col("id", "int(11)", ""), col("n", "int(11)", ""), col("w", "int(11)", ""))}
	tgt := []*schema.Table{table("db.t", col("id", "int", ""), col("n", "bigint", ""), col("w", "int", ""))}
	for _, strict := range []bool{false, true} {
		r := CompareSchemas(src, tgt, Mapping{}, strict)
		want := []string{"notice column_type: column n: int(11) on source, bigint on target (widened)"}
		if strict {
			want = []string{"difference column_type: column n: int(11) on source, bigint on target (widened)"}
		}
		if got := show(r.Findings); !slices.Equal(got, want) {
			t.Errorf("strict=%v: findings\n got %q\nwant %q", strict, got, want)
		}
	}
}

func TestFindingFields(t *testing.T) {
	src := []*schema.Table{table("db.t", col("id", "int(11)", ""), withDefault(col("s", "varchar(10)", "utf8mb4_bin"), "x"))}
	tgt := []*schema.Table{table("db.t", col("id", "int", ""), nullable(col("s", "varchar(10)", "utf8mb4_bin")))}
	got := CompareSchemas(src, tgt, Mapping{}, false).Findings
	want := []Finding{
		{Severity: Difference, Kind: "default", Table: "db.t", Column: "s", Source: "'x'", Target: "NULL",
			Message: "column s: default 'x' on source, NULL on target"},
		{Severity: Difference, Kind: "nullable", Table: "db.t", Column: "s", Source: "NOT NULL", Target: "NULL",
			Message: "column s: NOT NULL on source, NULL on target (the target accepts NULL)"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings:\n got %+v\nwant %+v", got, want)
	}
}

func FuzzTypeChange(f *testing.F) {
	for _, s := range []string{
		"int(11) unsigned zerofill", "varchar(255)", "decimal(10,2)", "enum('a','b,c','it''s')", "set('x')",
		"datetime(6)", "double", "float(7,3)", "bit(8)", "json", "longtext", "point", "datetime /* mariadb-5.3 */",
		"enum('", "int(", "tinyint(1)", "char(36)", "year(4)",
	} {
		f.Add(s, "int")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		// A type compared with itself is never a finding; any two compare
		// without panicking.
		for _, cs := range []string{"", "utf8mb4"} {
			x, y := schema.Column{Name: "c", ColumnType: a, Charset: cs}, schema.Column{Name: "c", ColumnType: b, Charset: cs}
			if v := typeChange(x, x); v.sev != "" {
				t.Fatalf("typeChange(%q, itself) = %+v", a, v)
			}
			typeChange(x, y)
			typeChange(y, x)
		}
	})
}

func FuzzDefaults(f *testing.F) {
	for _, s := range []string{"0", "0.00", "current_timestamp()", "CURRENT_TIMESTAMP(6)", "2000-01-01 00:00:00.000", "", "x"} {
		f.Add(s, "decimal")
	}
	f.Fuzz(func(t *testing.T, d, dataType string) {
		c := schema.Column{Name: "c", DataType: dataType, Default: &d}
		if !sameDefault(c, c) {
			t.Fatalf("default %q of %s differs from itself", d, dataType)
		}
		_ = showDefault(c)
	})
}

func TestSeverityJSON(t *testing.T) {
	for _, s := range []Severity{Difference, Notice} {
		if string(s) != strings.ToLower(string(s)) || s == "" {
			t.Errorf("severity %q", s)
		}
	}
	if Difference != "difference" || Notice != "notice" {
		t.Errorf("severities are %q and %q", Difference, Notice)
	}
}
