package checksum

import (
	"bytes"
	"math"
	"testing"

	"github.com/parity-db/parity/civil"
	"github.com/parity-db/parity/schema"
)

// canonCase is one value on each side of a column pair and whether the
// two must compare equal.
type canonCase struct {
	name       string
	src, tgt   string // column type specs (colOf)
	sv, tv     any
	equal      bool
	strict     bool
	tol        float64
	scol, tcol *schema.Column // instead of src/tgt specs
}

var (
	longJSONA = `{"id":7,"tags":["x","y"],"meta":{"n":1.0,"ok":true,"none":null}}`
	longJSONB = "{\n  \"meta\" : { \"ok\": true, \"none\": null, \"n\": 1 },\n  \"tags\": [ \"x\", \"y\" ],\n  \"id\": 7\n}"
)

var canonCases = []canonCase{
	// Integers compare by value across widths and signedness.
	{name: "tinyint vs bigint unsigned", src: "tinyint", tgt: "bigint unsigned", sv: 5, tv: 5, equal: true},
	{name: "int vs bigint", src: "int", tgt: "bigint", sv: -7, tv: -7, equal: true},
	{name: "smallint unsigned vs int", src: "smallint unsigned", tgt: "int", sv: 65535, tv: 65535, equal: true},
	{name: "-1 vs uint64 max", src: "bigint", tgt: "bigint unsigned", sv: -1, tv: uint64(math.MaxUint64), equal: false},
	{name: "uint64 max both", src: "bigint unsigned", tgt: "bigint unsigned", sv: uint64(math.MaxUint64), tv: uint64(math.MaxUint64), equal: true},
	{name: "int change", src: "int", tgt: "int", sv: 5, tv: 6, equal: false},
	{name: "0 vs NULL", src: "int", tgt: "int", sv: 0, tv: nil, equal: false},
	{name: "NULL vs NULL", src: "int", tgt: "bigint", sv: nil, tv: nil, equal: true},
	{name: "year vs smallint", src: "year", tgt: "smallint", sv: 2024, tv: 2024, equal: true},
	{name: "bit(8) vs bit(16)", src: "bit(8)", tgt: "bit(16)", sv: 255, tv: 255, equal: true},
	{name: "bit(8) vs bit(16) change", src: "bit(8)", tgt: "bit(16)", sv: 1, tv: 2, equal: false},

	// DECIMAL by exact value, whatever the scale, precision or width.
	{name: "1.50 vs 1.5000", src: "decimal(5,2)", tgt: "decimal(10,4)", sv: "1.50", tv: "1.5000", equal: true},
	{name: "1.50 vs 1.51", src: "decimal(5,2)", tgt: "decimal(10,4)", sv: "1.50", tv: "1.5100", equal: false},
	{name: "-1.50 vs -1.5", src: "decimal(5,2)", tgt: "decimal(10,4)", sv: "-1.50", tv: "-1.5", equal: true},
	{name: "-0.00 vs 0", src: "decimal(5,2)", tgt: "decimal(10,0)", sv: "-0.00", tv: "0", equal: true},
	{name: "1.00 vs INT 1", src: "decimal(5,2)", tgt: "int", sv: "1.00", tv: 1, equal: true},
	{name: "1.01 vs INT 1", src: "decimal(5,2)", tgt: "int", sv: "1.01", tv: 1, equal: false},
	{name: "DECIMAL(20,0) vs uint64 max", src: "decimal(20,0)", tgt: "bigint unsigned", sv: "18446744073709551615", tv: uint64(math.MaxUint64), equal: true},
	{name: "Decimal256 vs Decimal128", src: "decimal(65,30)", tgt: "decimal(10,4)", sv: "1.5", tv: "1.5000", equal: true},
	{name: "Decimal256 wide equal", src: "decimal(65,30)", tgt: "decimal(65,30)",
		sv: "-12345678901234567890123456789012345.123456789012345678901234567890",
		tv: "-12345678901234567890123456789012345.12345678901234567890123456789", equal: true},
	{name: "Decimal256 last digit", src: "decimal(65,30)", tgt: "decimal(65,30)",
		sv: "12345678901234567890123456789012345.123456789012345678901234567891",
		tv: "12345678901234567890123456789012345.123456789012345678901234567890", equal: false},

	// FLOAT and DOUBLE.
	{name: "float vs double widened", src: "float", tgt: "double", sv: float32(1.1), tv: 1.1, equal: true},
	{name: "float vs double changed", src: "float", tgt: "double", sv: float32(1.1), tv: 1.2, equal: false},
	{name: "float vs double strict", src: "float", tgt: "double", sv: float32(1.1), tv: 1.1, strict: true, equal: false},
	{name: "float vs double strict exact", src: "float", tgt: "double", sv: float32(1.5), tv: 1.5, strict: true, equal: false},
	{name: "double -0 vs 0", src: "double", tgt: "double", sv: math.Copysign(0, -1), tv: 0.0, equal: true},
	{name: "float -0 vs 0", src: "float", tgt: "float", sv: float32(math.Copysign(0, -1)), tv: float32(0), equal: true},
	{name: "double within tolerance", src: "double", tgt: "double", sv: 1.0, tv: 1.0004, tol: 1e-3, equal: true},
	{name: "double beyond tolerance", src: "double", tgt: "double", sv: 1.0, tv: 1.1, tol: 1e-2, equal: false},
	{name: "double exact without tolerance", src: "double", tgt: "double", sv: 1.0, tv: 1.0004, equal: false},
	{name: "float vs double tolerance", src: "float", tgt: "double", sv: float32(2.5), tv: 2.5004, tol: 1e-3, equal: true},

	// Dates and times.
	{name: "date", src: "date", tgt: "date", sv: "2024-01-02", tv: "2024-01-02", equal: true},
	{name: "date change", src: "date", tgt: "date", sv: "2024-01-02", tv: "2024-01-03", equal: false},
	{name: "datetime(3) vs timestamp(6)", src: "datetime(3)", tgt: "timestamp(6)", sv: "2024-01-02 10:00:00.123", tv: "2024-01-02 10:00:00.123000", equal: true},
	{name: "datetime µs change", src: "datetime(6)", tgt: "datetime(6)", sv: "2024-01-02 10:00:00.000001", tv: "2024-01-02 10:00:00.000002", equal: false},
	{name: "datetime before 1970", src: "datetime", tgt: "timestamp", sv: "1969-12-31 23:59:59", tv: "1969-12-31 23:59:59", equal: true},
	{name: "time negative", src: "time", tgt: "time(6)", sv: "-838:59:59", tv: "-838:59:59.000000", equal: true},
	{name: "time over 24h change", src: "time", tgt: "time", sv: "100:00:00", tv: "100:00:01", equal: false},
	{name: "date vs datetime is text", src: "date", tgt: "datetime", sv: "2024-01-02", tv: "2024-01-02 00:00:00", equal: false},

	// Zero dates are values: equal to themselves only.
	{name: "zero date", src: "date", tgt: "date", sv: civil.ZeroDate32(0, 0, 0), tv: civil.ZeroDate32(0, 0, 0), equal: true},
	{name: "zero date vs NULL", src: "date", tgt: "date", sv: civil.ZeroDate32(0, 0, 0), tv: nil, equal: false},
	{name: "zero date vs real date", src: "date", tgt: "date", sv: civil.ZeroDate32(0, 0, 0), tv: "1970-01-01", equal: false},
	{name: "partial zero dates differ", src: "date", tgt: "date", sv: civil.ZeroDate32(2024, 0, 15), tv: civil.ZeroDate32(2024, 0, 16), equal: false},
	{name: "zero datetime vs timestamp", src: "datetime", tgt: "timestamp", sv: civil.ZeroTimestamp(0, 0, 0, 0, 0, 0, 0), tv: civil.ZeroTimestamp(0, 0, 0, 0, 0, 0, 0), equal: true},
	{name: "zero datetime vs NULL", src: "datetime", tgt: "datetime", sv: civil.ZeroTimestamp(0, 0, 0, 0, 0, 0, 0), tv: nil, equal: false},
	{name: "zero datetime vs epoch", src: "datetime", tgt: "datetime", sv: civil.ZeroTimestamp(0, 0, 0, 0, 0, 0, 0), tv: "1970-01-01 00:00:00", equal: false},

	// Text: code points, whatever the server's charset.
	{name: "latin1 vs utf8mb4", src: "varchar(10) latin1", tgt: "varchar(10) utf8mb4", sv: "café", tv: "café", equal: true},
	{name: "'' vs NULL", src: "varchar(10)", tgt: "varchar(10)", sv: "", tv: nil, equal: false},
	{name: "'' vs 'NULL'", src: "varchar(10)", tgt: "varchar(10)", sv: "", tv: "NULL", equal: false},
	{name: "NULL vs 'NULL'", src: "varchar(10)", tgt: "varchar(10)", sv: nil, tv: "NULL", equal: false},
	{name: "inner whitespace", src: "text", tgt: "text", sv: "a b", tv: "a  b", equal: false},
	{name: "trailing space", src: "varchar(10)", tgt: "varchar(10)", sv: "a", tv: "a ", equal: false},
	{name: "case", src: "varchar(10)", tgt: "varchar(10)", sv: "a", tv: "A", equal: false},
	{name: "enum label", src: "enum('a','b')", tgt: "enum('a','b','c')", sv: "b", tv: "b", equal: true},
	{name: "enum change", src: "enum('a','b')", tgt: "enum('a','b')", sv: "a", tv: "b", equal: false},
	{name: "enum vs varchar", src: "enum('a','b')", tgt: "varchar(10)", sv: "a", tv: "a", equal: true},
	{name: "set order", src: "set('a','b')", tgt: "set('b','a')", sv: "a,b", tv: "b,a", equal: true},
	{name: "set change", src: "set('a','b')", tgt: "set('a','b')", sv: "a", tv: "a,b", equal: false},
	{name: "set vs varchar", src: "set('a','b','c')", tgt: "varchar(10)", sv: "a,c", tv: "c,a", equal: true},
	{name: "empty set vs NULL", src: "set('a')", tgt: "set('a')", sv: "", tv: nil, equal: false},

	// JSON by meaning.
	{name: "json key order and spacing", src: "json longtext", tgt: "json", sv: `{"a":1,"b":[1,2]}`, tv: `{ "b" : [1, 2], "a" : 1 }`, equal: true},
	{name: "json value change", src: "json longtext", tgt: "json", sv: `{"a":1}`, tv: `{"a":2}`, equal: false},
	{name: "json 1.0 vs 1", src: "json longtext", tgt: "json", sv: `{"a":1.0}`, tv: `{"a":1}`, equal: true},
	{name: "json 0.10 vs 0.1", src: "json longtext", tgt: "json", sv: `[0.10, 1e2, -0]`, tv: `[0.1,100,0]`, equal: true},
	{name: "json escape", src: "json longtext", tgt: "json", sv: `"a\u00e9"`, tv: `"aé"`, equal: true},
	{name: "json nested arrays", src: "json longtext", tgt: "json", sv: `[[1,[2,{"x":null}]],true]`, tv: "[ [1, [2, {\"x\": null}]],\ttrue ]", equal: true},
	{name: "json nested change", src: "json longtext", tgt: "json", sv: `[[1,[2,{"x":null}]],true]`, tv: `[[1,[2,{"x":false}]],true]`, equal: false},
	{name: "json array order", src: "json", tgt: "json", sv: `[1,2]`, tv: `[2,1]`, equal: false},
	{name: "json duplicate key last wins", src: "json longtext", tgt: "json", sv: `{"a":1,"a":2}`, tv: `{"a":2}`, equal: true},
	{name: "json document", src: "json longtext", tgt: "json", sv: longJSONA, tv: longJSONB, equal: true},
	{name: "json string vs number", src: "json", tgt: "json", sv: `"1"`, tv: `1`, equal: false},
	{name: "invalid json same", src: "json longtext", tgt: "json longtext", sv: `{"a":`, tv: `{"a":`, equal: true},
	{name: "invalid json vs valid", src: "json longtext", tgt: "json", sv: `{"a":1`, tv: `{"a":1}`, equal: false},
	{name: "json vs text", src: "json", tgt: "longtext", sv: `{"a":1}`, tv: `{ "a": 1 }`, equal: true},

	// Bytes.
	{name: "blob", src: "blob", tgt: "longblob", sv: []byte{0, 1, 2}, tv: []byte{0, 1, 2}, equal: true},
	{name: "blob one byte", src: "blob", tgt: "blob", sv: []byte{0, 1, 2}, tv: []byte{0, 1, 3}, equal: false},
	{name: "blob empty vs NULL", src: "blob", tgt: "blob", sv: []byte{}, tv: nil, equal: false},
	{name: "geometry", src: "point", tgt: "geometry", sv: []byte{1, 1, 0, 0, 0}, tv: []byte{1, 1, 0, 0, 0}, equal: true},

	// Types that do not match compare their text.
	{name: "int vs varchar", src: "int", tgt: "varchar(10)", sv: 5, tv: "5", equal: true},
	{name: "int vs varchar padded", src: "int", tgt: "varchar(10)", sv: 5, tv: "05", equal: false},
	{name: "decimal vs varchar", src: "decimal(5,2)", tgt: "varchar(10)", sv: "1.50", tv: "1.50", equal: true},
	{name: "datetime vs varchar", src: "datetime", tgt: "varchar(30)", sv: "2024-01-02 10:00:00", tv: "2024-01-02 10:00:00", equal: true},
	{name: "float vs int", src: "float", tgt: "int", sv: float32(5), tv: 5, equal: true},
	{name: "varchar vs varbinary", src: "varchar(10)", tgt: "varbinary(10)", sv: "abc", tv: []byte("abc"), equal: true},
	{name: "varchar vs varbinary change", src: "varchar(10)", tgt: "varbinary(10)", sv: "abc", tv: []byte("abd"), equal: false},

	// Strict mode turns each widening off; same types are unaffected.
	{name: "strict int vs bigint", src: "int", tgt: "bigint", sv: 5, tv: 5, strict: true, equal: false},
	{name: "strict int(11) vs int", src: "int(11)", tgt: "int", sv: 5, tv: 5, strict: true, equal: true},
	{name: "strict int change", src: "int", tgt: "int", sv: 5, tv: 6, strict: true, equal: false},
	{name: "strict decimal scales", src: "decimal(5,2)", tgt: "decimal(10,4)", sv: "1.50", tv: "1.5000", strict: true, equal: false},
	{name: "strict decimal same", src: "decimal(5,2)", tgt: "decimal(5,2)", sv: "1.50", tv: "1.50", strict: true, equal: true},
	{name: "strict charset", src: "varchar(10) latin1", tgt: "varchar(10) utf8mb4", sv: "café", tv: "café", strict: true, equal: false},
	{name: "strict collation ignored",
		scol: &schema.Column{Name: "v", DataType: "varchar", ColumnType: "varchar(10)", Charset: "utf8mb4", Collation: "utf8mb4_bin"},
		tcol: &schema.Column{Name: "v", DataType: "varchar", ColumnType: "varchar(10)", Charset: "utf8mb4", Collation: "utf8mb4_0900_ai_ci"},
		sv:   "x", tv: "x", strict: true, equal: true},
	{name: "strict fsp", src: "datetime(3)", tgt: "datetime(6)", sv: "2024-01-02 10:00:00.123", tv: "2024-01-02 10:00:00.123", strict: true, equal: false},
	{name: "strict datetime vs timestamp", src: "datetime", tgt: "timestamp", sv: "2024-01-02 10:00:00", tv: "2024-01-02 10:00:00", strict: true, equal: false},
	{name: "strict enum definition", src: "enum('a','b')", tgt: "enum('a','b','c')", sv: "a", tv: "a", strict: true, equal: false},
	{name: "strict set definition", src: "set('a','b')", tgt: "set('b','a')", sv: "a,b", tv: "a,b", strict: true, equal: false},
	{name: "strict bit width", src: "bit(8)", tgt: "bit(16)", sv: 1, tv: 1, strict: true, equal: false},
	{name: "strict int vs varchar", src: "int", tgt: "varchar(10)", sv: 5, tv: "5", strict: true, equal: false},
	{name: "strict NULLs still equal", src: "int", tgt: "bigint", sv: nil, tv: nil, strict: true, equal: true},
	{name: "strict tolerance, differing types", src: "float", tgt: "double", sv: float32(2.5), tv: 2.5, tol: 1e-3, strict: true, equal: false},
	{name: "strict tolerance, same type", src: "double", tgt: "double", sv: 1.0, tv: 1.0004, tol: 1e-3, strict: true, equal: true},
}

func (c canonCase) columns() (s, t schema.Column) {
	if c.scol != nil {
		return *c.scol, *c.tcol
	}
	return colOf("v", c.src), colOf("v", c.tgt)
}

// TestCanonicalEquality checks every rule of the canonical encoding through
// the public API: row hashes, CompareRows and, outside strict mode, keys.
func TestCanonicalEquality(t *testing.T) {
	for _, c := range canonCases {
		t.Run(c.name, func(t *testing.T) {
			mem := checkedMem(t)
			s, tg := c.columns()
			o := Options{Strict: c.strict, FloatTolerance: c.tol}
			f := newPair(t, mem, o, []string{"v"}, []schema.Column{s}, []schema.Column{tg}, [][]any{{c.sv}}, [][]any{{c.tv}})

			hs, ht := f.src.RowHash(f.srec, 0), f.tgt.RowHash(f.trec, 0)
			if got := hs == ht; got != c.equal {
				t.Errorf("row hashes equal = %v, want %v", got, c.equal)
			}
			diffs := CompareRows(f.src, f.srec, 0, f.tgt, f.trec, 0)
			if got := diffs == nil; got != c.equal {
				t.Errorf("CompareRows = %v, want equal %v", diffs, c.equal)
			}
			if !c.strict && c.tol == 0 {
				ks, kt := f.src.AppendKey(nil, f.srec, 0), f.tgt.AppendKey(nil, f.trec, 0)
				if got := bytes.Equal(ks, kt); got != c.equal {
					t.Errorf("keys equal = %v (%x, %x), want %v", got, ks, kt, c.equal)
				}
			}
		})
	}
}

// TestRowFraming: values cannot run into each other, and the column's
// place in the row counts.
func TestRowFraming(t *testing.T) {
	cols := []schema.Column{colOf("a", "varchar(10)"), colOf("b", "varchar(10)")}
	tests := []struct {
		name   string
		s, t   []any
		equal  bool
		keyCol []string
	}{
		{"ab,c vs a,bc", []any{"ab", "c"}, []any{"a", "bc"}, false, nil},
		{"NULL,x vs x,NULL", []any{nil, "x"}, []any{"x", nil}, false, nil},
		{"'',NULL vs NULL,''", []any{"", nil}, []any{nil, ""}, false, nil},
		{"same", []any{"a", "b"}, []any{"a", "b"}, true, nil},
		{"long value", []any{string(make([]byte, 300)), "b"}, []any{string(make([]byte, 300)), "b"}, true, nil},
		{"long value change", []any{string(make([]byte, 300)), "b"}, []any{string(make([]byte, 301)), "b"}, false, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mem := checkedMem(t)
			f := newPair(t, mem, Options{}, nil, cols, cols, [][]any{tc.s}, [][]any{tc.t})
			if got := f.src.RowHash(f.srec, 0) == f.tgt.RowHash(f.trec, 0); got != tc.equal {
				t.Errorf("equal = %v, want %v", got, tc.equal)
			}
		})
	}
}

// TestRowEncoding pins the byte layout so that a change to it (which would
// make old and new builds disagree) is deliberate.
func TestRowEncoding(t *testing.T) {
	mem := checkedMem(t)
	cols := []schema.Column{colOf("i", "int"), colOf("s", "varchar(10)"), colOf("d", "decimal(5,2)"), colOf("n", "int")}
	f := newPair(t, mem, Options{}, nil, cols, cols, [][]any{{-2, "hé", "1.50", nil}}, [][]any{{-2, "hé", "1.50", nil}})
	f.src.bind(f.srec)
	got := f.src.appendRow(nil, 0)
	want := []byte{
		1, 9, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, // int -2: sign 0, two's complement
		1, 3, 'h', 0xc3, 0xa9, // UTF-8
		1, 3, '1', '.', '5', // normalized decimal
		0, // NULL
	}
	if !bytes.Equal(got, want) {
		t.Errorf("row encoding\n got %x\nwant %x", got, want)
	}
}

func TestClassOf(t *testing.T) {
	tests := []struct {
		a, b   string
		strict bool
		want   class
	}{
		{"int", "bigint unsigned", false, clsInt},
		{"year", "bit(8)", false, clsInt},
		{"int", "decimal(5,2)", false, clsDecimal},
		{"float", "double", false, clsFloat32},
		{"float", "double", true, clsFloat64},
		{"datetime", "timestamp", false, clsMicros},
		{"date", "datetime", false, clsAsText},
		{"varchar(5)", "json", false, clsJSON},
		{"set('a')", "varchar(5)", false, clsSet},
		{"enum('a')", "varchar(5)", false, clsText},
		{"varchar(5) binary", "blob", false, clsBytes},
		{"varchar(5)", "blob", false, clsAsText},
		{"json", "set('a')", false, clsAsText},
		{"int", "float", false, clsAsText},
	}
	for _, tc := range tests {
		if got := classOf(familyOf(colOf("x", tc.a)), familyOf(colOf("x", tc.b)), tc.strict); got != tc.want {
			t.Errorf("classOf(%s, %s, strict %v) = %d, want %d", tc.a, tc.b, tc.strict, got, tc.want)
		}
	}
}

// TestLongValueLength: a value of 128 bytes or more gets a multi-byte
// uvarint length in front of it, whether its length is known up front
// (text) or only once it is encoded (JSON).
func TestLongValueLength(t *testing.T) {
	mem := checkedMem(t)
	cols := []schema.Column{colOf("s", "text"), colOf("j", "json"), colOf("n", "tinyint")}
	long := string(bytes.Repeat([]byte("ab"), 150))
	doc := `"` + long[:200] + `"`
	f := newPair(t, mem, Options{}, nil, cols, cols, [][]any{{long, " " + doc + " ", 1}}, nil)
	f.src.bind(f.srec)
	got := f.src.appendRow(nil, 0)
	want := append([]byte{1, 0xac, 0x02}, long...) // 300 = 0b10_0101100
	want = append(want, 1, 0xca, 0x01)             // 202
	want = append(want, doc...)
	want = append(want, 1, 9, 1, 0, 0, 0, 0, 0, 0, 0, 1)
	if !bytes.Equal(got, want) {
		t.Errorf("row encoding\n got %x\nwant %x", got, want)
	}
}
