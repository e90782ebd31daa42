package datagen

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/parity-db/parity/schema"
)

func TestAllTypesRowsDeterministic(t *testing.T) {
	a, b := AllTypesRows(40, 1), AllTypesRows(40, 1)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed gave different rows")
	}
	if !reflect.DeepEqual(AllTypesRows(12, 1), a[:12]) {
		t.Error("a shorter table is not a prefix of a longer one")
	}
	c := AllTypesRows(40, 2)
	if !reflect.DeepEqual(a[:5], c[:5]) {
		t.Error("edge rows depend on the seed")
	}
	for i := 5; i < len(a); i++ {
		if reflect.DeepEqual(a[i], c[i]) {
			t.Errorf("row id %d is the same for seeds 1 and 2", i+1)
		}
	}
	if len(AllTypesRows(0, 1)) != 0 || len(AllTypesRows(-1, 1)) != 0 {
		t.Error("no rows asked, some returned")
	}
}

func colIndex(t *testing.T, name string) int {
	t.Helper()
	for i, c := range AllTypesColumns() {
		if c == name {
			return i
		}
	}
	t.Fatalf("no column %s", name)
	return -1
}

func TestAllTypesRowsEdges(t *testing.T) {
	rows := AllTypesRows(5, 99)
	for _, tc := range []struct {
		id     int
		column string
		want   any
	}{
		{1, "c_tinyint", int64(-128)},
		{2, "c_tinyint_u", uint64(255)},
		{1, "c_bigint", int64(math.MinInt64)},
		{2, "c_bigint_u", uint64(18446744073709551615)},
		{2, "c_mediumint_u", uint64(16777215)},
		{1, "c_decimal_5_2", "-999.99"},
		{2, "c_decimal_65_30", "99999999999999999999999999999999999.999999999999999999999999999999"},
		{4, "c_decimal_18_6", "0.000000"},
		{5, "c_decimal_38_10", "-0.0000000001"},
		{2, "c_bit_17", uint64(131071)},
		{2, "c_bit_64", uint64(math.MaxUint64)},
		{1, "c_time", "-838:59:59"},
		{2, "c_time", "838:59:59"},
		{1, "c_time_6", "-838:59:59.000000"},
		{5, "c_time_6", "-00:00:00.000001"},
		{2, "c_datetime_3", "9999-12-31 23:59:59.999"},
		{1, "c_timestamp_6", "1970-01-02 00:00:00.000000"},
		{2, "c_timestamp_6", "2038-01-18 23:59:59.999999"},
		{4, "c_varchar_255", ""},
		{4, "c_blob", []byte{}},
		{2, "c_char_10", "é日🚀é日🚀é日🚀é"},
		{2, "c_set", "a,b,c,d"},
		{4, "c_json", "{}"},
	} {
		if got := rows[tc.id-1][colIndex(t, tc.column)]; !reflect.DeepEqual(got, tc.want) {
			t.Errorf("id %d %s = %#v, want %#v", tc.id, tc.column, got, tc.want)
		}
	}
	for i, v := range rows[2] {
		if i > 0 && v != nil {
			t.Errorf("id 3 %s = %#v, want NULL", AllTypesColumns()[i], v)
		}
	}
	if b := rows[4][colIndex(t, "c_tinyblob")].([]byte); !strings.Contains(string(b), "\x00") {
		t.Error("tricky row has no zero bytes in its blob")
	}
}

// TestAllTypesRowsFit checks that every generated value fits its column:
// one Go type per column, lengths within limits, characters within the
// column's character set, well-formed temporal and decimal text.
func TestAllTypesRowsFit(t *testing.T) {
	names := AllTypesColumns()
	types := make([]reflect.Type, len(names))
	nulls := make([]int, len(names))
	var (
		decimalRE  = regexp.MustCompile(`^-?(0|[1-9][0-9]*)\.([0-9]+)$`)
		timeRE     = regexp.MustCompile(`^-?[0-9]{2,3}:[0-5][0-9]:[0-5][0-9](\.[0-9]{6})?$`)
		datetimeRE = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?$`)
	)
	rows := AllTypesRows(3000, 5)
	for _, row := range rows {
		for i, v := range row {
			name := names[i]
			if v == nil {
				nulls[i]++
				continue
			}
			if types[i] == nil {
				types[i] = reflect.TypeOf(v)
			} else if types[i] != reflect.TypeOf(v) {
				t.Fatalf("%s holds both %v and %T", name, types[i], v)
			}
			s, _ := v.(string)
			switch {
			case strings.HasPrefix(name, "c_decimal_"):
				var p, sc int
				if _, err := fmt.Sscanf(name, "c_decimal_%d_%d", &p, &sc); err != nil {
					t.Fatal(err)
				}
				m := decimalRE.FindStringSubmatch(s)
				if m == nil || len(m[2]) != sc || len(m[1]) > p-sc || s == "-0."+strings.Repeat("0", sc) {
					t.Fatalf("%s = %q", name, s)
				}
			case strings.HasPrefix(name, "c_time"):
				if name == "c_timestamp_6" {
					ts, err := time.Parse(datetimeLayout, s)
					if err != nil || ts.Before(minTimestamp) || !ts.Before(endTimestamp) || len(s) != 26 {
						t.Fatalf("%s = %q", name, s)
					}
					continue
				}
				if !timeRE.MatchString(s) || (name == "c_time") != (len(s) <= 10) {
					t.Fatalf("%s = %q", name, s)
				}
			case strings.HasPrefix(name, "c_datetime"):
				want := map[string]int{"c_datetime": 19, "c_datetime_3": 23, "c_datetime_6": 26}[name]
				if !datetimeRE.MatchString(s) || len(s) != want {
					t.Fatalf("%s = %q", name, s)
				}
			case name == "c_char_10":
				if utf8.RuneCountInString(s) > 10 || strings.HasSuffix(s, " ") {
					t.Fatalf("%s = %q", name, s)
				}
			case name == "c_varchar_latin1":
				for _, r := range s {
					if r > 0xff || r >= 0x80 && r < 0xa0 {
						t.Fatalf("%s holds %q, not in latin1", name, r)
					}
				}
			case name == "c_varchar_utf8mb3":
				for _, r := range s {
					if r > 0xffff {
						t.Fatalf("%s holds %q, not in utf8mb3", name, r)
					}
				}
			case name == "c_tinytext" || name == "c_varbinary_255" || name == "c_tinyblob":
				if l := reflect.ValueOf(v).Len(); l > 255 {
					t.Fatalf("%s is %d bytes", name, l)
				}
			case name == "c_binary_16":
				if len(v.([]byte)) != 16 {
					t.Fatalf("%s is %d bytes", name, len(v.([]byte)))
				}
			case name == "c_json":
				if !json.Valid([]byte(s)) {
					t.Fatalf("%s = %q is not JSON", name, s)
				}
			case name == "c_year":
				if y := v.(int64); y != 0 && (y < 1901 || y > 2155) {
					t.Fatalf("%s = %d", name, y)
				}
			}
		}
	}
	for i, n := range nulls {
		if i > 0 && (n < 3000/16 || n > 3000/4) {
			t.Errorf("%s is NULL in %d of 3000 rows, want about one in eight", names[i], n)
		}
	}
}

func TestAllTypesCreate(t *testing.T) {
	for _, tc := range []struct {
		flavor    schema.Flavor
		collation string
	}{
		{schema.MySQL, "COLLATE=utf8mb4_0900_ai_ci"},
		{schema.AuroraMySQL, "COLLATE=utf8mb4_0900_ai_ci"},
		{schema.MariaDB, "COLLATE=utf8mb4_general_ci"},
	} {
		q, err := allTypesCreate(tc.flavor, "d", "t")
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"CREATE TABLE `d`.`t` (\n  `id` BIGINT NOT NULL,\n", "`we``ird col` VARCHAR(32)",
			"`select` INT,", "`c_timestamp_6` TIMESTAMP(6) NULL DEFAULT NULL", "`c_varchar_utf8mb3` VARCHAR(100) CHARACTER SET utf8mb3",
			"PRIMARY KEY (`id`)", tc.collation} {
			if !strings.Contains(q, want) {
				t.Errorf("%s: CREATE TABLE lacks %q:\n%s", tc.flavor, want, q)
			}
		}
	}
	if _, err := allTypesCreate("postgres", "d", "t"); err == nil {
		t.Error("unknown flavor accepted")
	}
}

func TestSysbenchRow(t *testing.T) {
	cRE := regexp.MustCompile(`^([0-9]{11}-){9}[0-9]{11}$`)
	padRE := regexp.MustCompile(`^([0-9]{11}-){4}[0-9]{11}$`)
	for id := int64(1); id <= 1000; id++ {
		k, c, pad := SysbenchRow(id, 1000, 3)
		if k < 1 || k > 1000 || !cRE.MatchString(c) || !padRE.MatchString(pad) {
			t.Fatalf("row %d = %d, %q, %q", id, k, c, pad)
		}
		k2, c2, pad2 := SysbenchRow(id, 1000, 3)
		if k != k2 || c != c2 || pad != pad2 {
			t.Fatalf("row %d differs between calls", id)
		}
		if _, c3, _ := SysbenchRow(id, 1000, 4); c3 == c {
			t.Fatalf("row %d is the same for seeds 3 and 4", id)
		}
	}
}

func TestAppendSysbenchInsert(t *testing.T) {
	got := string(appendSysbenchInsert(nil, 7, 8, 10, 1))
	var want []string
	for id := int64(7); id <= 8; id++ {
		k, c, pad := SysbenchRow(id, 10, 1)
		want = append(want, "("+strconv.FormatInt(id, 10)+","+strconv.FormatUint(k, 10)+",'"+c+"','"+pad+"')")
	}
	if got != strings.Join(want, ",") {
		t.Errorf("got  %s\nwant %s", got, strings.Join(want, ","))
	}
	if len(want[0]) > sysbenchRowBytes {
		t.Errorf("a row is %d bytes, sysbenchRowBytes says at most %d", len(want[0]), sysbenchRowBytes)
	}
}

func TestSysbenchComment(t *testing.T) {
	if got, want := SysbenchComment(2_000_000, 1), "parity-datagen sysbench v1 seed=1 rows=2000000"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if !strings.Contains(sysbenchCreate("bench", "sbtest1"), "CREATE TABLE `bench`.`sbtest1` (") {
		t.Error(sysbenchCreate("bench", "sbtest1"))
	}
}

func TestQuoteString(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "''"},
		{"seed=1 rows=2", "'seed=1 rows=2'"},
		{"it's", "'it''s'"},
		{`a\b`, `'a\\b'`},
		{"nul\x00", `'nul\0'`},
	} {
		if got := quoteString(tc.in); got != tc.want {
			t.Errorf("quoteString(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestInserterStatement(t *testing.T) {
	in := newInserter("`d`.`t`", []string{"id", "we`ird"}, []string{"?", "ST_GeomFromText(?, 0)"}, 2, 1<<20)
	if q, args := in.Statement(); q != "" || args != nil {
		t.Errorf("empty batch: %q %v", q, args)
	}
	if in.Add([]any{int64(1), "POINT(0 0)"}) {
		t.Error("full after one row of two")
	}
	if !in.Add([]any{int64(2), "POINT(1 2)"}) {
		t.Error("not full after two rows of two")
	}
	q, args := in.Statement()
	if want := "INSERT INTO `d`.`t` (`id`, `we``ird`) VALUES (?, ST_GeomFromText(?, 0)), (?, ST_GeomFromText(?, 0))"; q != want {
		t.Errorf("got  %s\nwant %s", q, want)
	}
	if want := []any{int64(1), "POINT(0 0)", int64(2), "POINT(1 2)"}; !reflect.DeepEqual(args, want) {
		t.Errorf("args %v, want %v", args, want)
	}
	big := newInserter("t", []string{"b"}, []string{"?"}, 1000, 100)
	if !big.Add([]any{make([]byte, 60)}) {
		t.Error("a 60-byte blob does not fill a 100-byte batch")
	}
}

func TestTemporalText(t *testing.T) {
	ts := time.Date(2020, 5, 15, 8, 9, 10, 123_456_789, time.UTC)
	for _, tc := range []struct{ got, want string }{
		{datetimeText(ts, 0), "2020-05-15 08:09:10"},
		{datetimeText(ts, 3), "2020-05-15 08:09:10.123"},
		{datetimeText(ts, 6), "2020-05-15 08:09:10.123456"},
		{timeText(-maxTimeMicros, 0), "-838:59:59"},
		{timeText(maxTimeMicros, 6), "838:59:59.000000"},
		{timeText(-1, 6), "-00:00:00.000001"},
		{timeText(3_723_500_000, 6), "01:02:03.500000"},
		{timeText(0, 0), "00:00:00"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		if v := randTimeMicros(r, 0); v%1_000_000 != 0 || v > maxTimeMicros || v < -maxTimeMicros {
			t.Fatalf("randTimeMicros(fsp 0) = %d", v)
		}
		if v := randTime(r, minTimestamp, endTimestamp, 3); v.Nanosecond()%1_000_000 != 0 || v.Before(minTimestamp) || !v.Before(endTimestamp) {
			t.Fatalf("randTime(fsp 3) = %v", v)
		}
	}
}

func TestDecimal(t *testing.T) {
	if got := decimalLimit(5, 2); got != "999.99" {
		t.Errorf("decimalLimit(5,2) = %s", got)
	}
	if got := decimalText(true, "", "01"); got != "-0.01" {
		t.Errorf("decimalText = %s", got)
	}
	r := rand.New(rand.NewPCG(3, 4))
	seen := map[bool]bool{}
	for range 1000 {
		s := randDecimal(r, 5, 2)
		seen[strings.HasPrefix(s, "-")] = true
		if len(strings.TrimPrefix(s, "-")) > 6 || s[len(s)-3] != '.' || s == "-0.00" {
			t.Fatalf("randDecimal(5,2) = %s", s)
		}
	}
	if len(seen) != 2 {
		t.Error("randDecimal never or always negative")
	}
}

func TestGeometryWKB(t *testing.T) {
	// Expected bytes as MySQL 9.7 and MariaDB 10.11 return ST_AsBinary of
	// ST_GeomFromText(WKT, 0).
	for _, tc := range []struct {
		g       geometry
		wkt, hx string
	}{
		{geometry{wkbPoint, [][]float64{{1, 2}}}, "POINT(1 2)", "0101000000000000000000F03F0000000000000040"},
		{geometry{wkbLineString, [][]float64{{0.25, -1, 2, 3}}}, "LINESTRING(0.25 -1,2 3)",
			"010200000002000000000000000000D03F000000000000F0BF00000000000000400000000000000840"},
		{geometry{wkbPolygon, [][]float64{rectangle(0, 0, 1, 1)}}, "POLYGON((0 0,1 0,1 1,0 1,0 0))",
			"0103000000010000000500000000000000000000000000000000000000000000000000F03F0000000000000000000000000000F03F000000000000F03F0000000000000000000000000000F03F00000000000000000000000000000000"},
	} {
		if got := tc.g.WKT(); got != tc.wkt {
			t.Errorf("WKT = %s, want %s", got, tc.wkt)
		}
		if got := strings.ToUpper(hex.EncodeToString(tc.g.WKB())); got != tc.hx {
			t.Errorf("%s WKB = %s, want %s", tc.wkt, got, tc.hx)
		}
	}
}

func TestZeroDateCounts(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want bool
	}{
		{"0000-00-00", true}, {"2020-00-15", true}, {"2020-05-00 01:02:03", true},
		{"0000-01-01", true}, {"2020-05-15", false}, {"1970-01-02 00:00:00", false},
	} {
		if got := isZeroDate(tc.s); got != tc.want {
			t.Errorf("isZeroDate(%q) = %v", tc.s, got)
		}
	}
	want := map[string]int{"c_date": 4, "c_datetime_6": 5, "c_timestamp": 2}
	if got := ZeroDateCounts(); !reflect.DeepEqual(got, want) {
		t.Errorf("ZeroDateCounts() = %v, want %v", got, want)
	}
}

func TestSeedRow(t *testing.T) {
	var a, b rand.PCG
	seen := map[uint64]bool{}
	for row := uint64(0); row < 1000; row++ {
		seedRow(&a, 1, streamSysbench, row)
		seedRow(&b, 1, streamSysbench, row)
		x := a.Uint64()
		if x != b.Uint64() {
			t.Fatal("same seed and row, different values")
		}
		if seen[x] {
			t.Fatalf("row %d repeats another row's first value", row)
		}
		seen[x] = true
	}
	seedRow(&a, 1, streamSysbench, 5)
	seedRow(&b, 1, streamAllTypes, 5)
	if a.Uint64() == b.Uint64() {
		t.Error("streams collide")
	}
}
