package datagen

import (
	"bytes"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// Sizes and row ids of the hard tables that tests refer to.
const (
	// BigValueBytes is the size of the huge values: past the 16 MiB
	// max_allowed_packet that MariaDB and the mysql client default to.
	BigValueBytes = 20 << 20
	// PushBlobBigID is the push_blob row holding a BigValueBytes blob.
	PushBlobBigID = 6
	// FixBigBlobID and FixBigTextID are the fix_big rows holding a 17 MiB
	// blob and an 18 MiB text: each alone makes a statement larger than the
	// mysql client's default max_allowed_packet.
	FixBigBlobID = 2
	FixBigTextID = 4
	// Rows of read_long: a BigValueBytes blob, a 300,000-character ASCII
	// text, a multi-byte text, a 1 MiB blob.
	ReadBlobID      = 1
	ReadTextID      = 2
	ReadMultibyteID = 3
	ReadMiBID       = 4
	// HalfLoadedRows is the row count of half_equal and half_missing;
	// HalfEmptyRows that of half_empty, which holds the first of them.
	HalfLoadedRows = 40_000
	HalfEmptyRows  = 20_000
)

// HardTables returns every fixed table of the hard-migration dataset, in a
// fixed order. RandomHardTable makes the random ones.
func HardTables() []HardTable {
	return []HardTable{
		pushBlob(), pushCharsets(),
		keyUnsignedBigint(), keyUnsignedBigintDense("key_ubigint_mid", 1<<63-120), keyUnsignedBigintDense("key_ubigint_top", math.MaxUint64-260),
		keyDecimal(), keyNegative(), keyTinyint(), keyTinyintUnsigned(), keyComposite(), keyBinary16(),
		collationTable("coll_ai", "utf8mb4_0900_ai_ci", "utf8mb4_general_nopad_ci"),
		collationTable("coll_bin", "utf8mb4_bin", "utf8mb4_bin"),
		collationTable("coll_0900bin", "utf8mb4_0900_bin", "utf8mb4_nopad_bin"),
		collationNoPad(),
		smallTable("tbl_plain", 30), smallTable("tbl_source_only", 5), smallTable("a/b.c", 10), smallTable("a_b.c", 10),
		smallTable("x.y z", 10), jsonTable(),
		fixEnum(), fixGenerated(), fixKeyless(), fixBig(), fixNotNull(),
		halfTable("half_equal", HalfLoadedRows), halfTable("half_missing", HalfLoadedRows), halfTable("half_empty", HalfEmptyRows),
		readLong(),
	}
}

// HardTablesOf returns the fixed tables of one class.
func HardTablesOf(class HardClass) []HardTable {
	var out []HardTable
	for _, t := range HardTables() {
		if t.Class == class {
			out = append(out, t)
		}
	}
	return out
}

// HardTableNamed returns the fixed table called name.
func HardTableNamed(name string) (HardTable, bool) {
	for _, t := range HardTables() {
		if t.Name == name {
			return t, true
		}
	}
	return HardTable{}, false
}

// Column shorthands for the fixed tables.
func intKey(name, ddl string) HardColumn {
	return HardColumn{Name: name, Source: ddl, Kind: KindInteger}
}

func textCol(name, ddl string) HardColumn { return HardColumn{Name: name, Source: ddl, Kind: KindText} }

var valueColumn = textCol("v", "VARCHAR(40) NULL")

// bigBytes is n deterministic bytes for the huge values of table name.
func bigBytes(seed int64, name string, n int) []byte {
	r := hardRand(seed, name, -1)
	b := make([]byte, n)
	for i := 0; i < n; i += 8 {
		u := r.Uint64()
		for j := 0; j < 8 && i+j < n; j++ {
			b[i+j] = byte(u >> (8 * j))
		}
	}
	return b
}

// bigText is n bytes of deterministic ASCII text for table name.
func bigText(seed int64, name string, n int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;-_"
	raw := bigBytes(seed, name+"/text", n)
	for i, c := range raw {
		raw[i] = alphabet[int(c)%len(alphabet)]
	}
	return string(raw)
}

func pushBlob() HardTable {
	const name = "push_blob"
	return HardTable{
		Name: name, Class: ClassPushdown,
		About: "a 20 MiB LONGBLOB among small ones: a server-side CONCAT past max_allowed_packet is NULL on both sides",
		Columns: []HardColumn{
			intKey("id", "INT NOT NULL"),
			textCol("label", "VARCHAR(20) NULL"),
			{Name: "b", Source: "LONGBLOB NULL", Kind: KindBinary},
		},
		Key: []string{"id"},
		rows: func(seed int64) [][]any {
			var rows [][]any
			for id := 1; id <= 12; id++ {
				r := hardRand(seed, name, id)
				var b any
				switch id {
				case PushBlobBigID:
					b = bigBytes(seed, name, BigValueBytes)
				case 3:
					b = nil
				case 4:
					b = []byte{}
				default:
					b = randBytes(r, r.IntN(300))
				}
				rows = append(rows, []any{int64(id), fmt.Sprintf("row %d", id), b})
			}
			return rows
		},
	}
}

// cp1251Runes are characters of Windows-1251 beyond ASCII.
var cp1251Runes = []rune("АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрстуфхцчшщъыьэюяЁёЄєІіЇї№")

// randCyrillic is up to n characters, ASCII and Windows-1251 Cyrillic.
func randCyrillic(r *rand.Rand, n int) string {
	var b strings.Builder
	for range r.IntN(n + 1) {
		if r.IntN(3) == 0 {
			b.WriteRune(asciiRunes[r.IntN(len(asciiRunes))])
		} else {
			b.WriteRune(cp1251Runes[r.IntN(len(cp1251Runes))])
		}
	}
	return b.String()
}

func pushCharsets() HardTable {
	const name = "push_charsets"
	return HardTable{
		Name: name, Class: ClassPushdown,
		About: "latin1, cp1251 and utf8mb4 columns in one row: CONCAT across them fails with ERROR 1267/1271",
		Columns: []HardColumn{
			intKey("id", "INT NOT NULL"),
			textCol("l", "VARCHAR(40) CHARACTER SET latin1 COLLATE latin1_swedish_ci NULL"),
			textCol("c", "VARCHAR(40) CHARACTER SET cp1251 COLLATE cp1251_general_ci NULL"),
			textCol("u", "VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NULL"),
			textCol("lt", "TEXT CHARACTER SET latin1 COLLATE latin1_swedish_ci NULL"),
			textCol("ct", "TEXT CHARACTER SET cp1251 COLLATE cp1251_bin NULL"),
		},
		Key: []string{"id"},
		rows: func(seed int64) [][]any {
			var rows [][]any
			for id := 1; id <= 60; id++ {
				r := hardRand(seed, name, id)
				row := []any{int64(id), randText(r, latin1, 30, 40), randCyrillic(r, 30), randText(r, utf8mb4, 30, 160),
					randText(r, latin1, 200, 1000), randCyrillic(r, 200)}
				if id%9 == 0 {
					row[1+id%5] = nil
				}
				rows = append(rows, row)
			}
			return rows
		},
	}
}

// keyedRows makes one row per key, the key first and then v.
func keyedRows(keys []any, value func(k any) string) [][]any {
	rows := make([][]any, len(keys))
	for i, k := range keys {
		rows[i] = []any{k, value(k)}
	}
	return rows
}

func keyUnsignedBigint() HardTable {
	const name = "key_ubigint"
	return HardTable{
		Name: name, Class: ClassKeys,
		About:   "BIGINT UNSIGNED keys spread over the whole range, most at or above 2^63, up to 18446744073709551615",
		Columns: []HardColumn{{Name: "id", Source: "BIGINT UNSIGNED NOT NULL", Kind: KindInteger}, valueColumn},
		Key:     []string{"id"},
		rows: func(seed int64) [][]any {
			set := map[uint64]bool{}
			for _, k := range []uint64{1, 2, 3, 1<<63 - 2, 1<<63 - 1, 1 << 63, 1<<63 + 1, 1<<63 + 2,
				math.MaxUint64 - 2, math.MaxUint64 - 1, math.MaxUint64} {
				set[k] = true
			}
			step := uint64(math.MaxUint64 / 120)
			for i := uint64(1); i < 120; i++ {
				set[step*i+i%7] = true
			}
			r := hardRand(seed, name, 0)
			for len(set) < 200 {
				set[1<<63|r.Uint64()] = true // most random keys in the upper half
			}
			keys := make([]uint64, 0, len(set))
			for k := range set {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			anys := make([]any, len(keys))
			for i, k := range keys {
				anys[i] = k
			}
			return keyedRows(anys, func(k any) string { return fmt.Sprintf("u%d", k) })
		},
	}
}

// keyUnsignedBigintDense is 250 consecutive BIGINT UNSIGNED keys from
// first: a dense key range the integer splitter cuts into exact ranges.
func keyUnsignedBigintDense(name string, first uint64) HardTable {
	return HardTable{
		Name: name, Class: ClassKeys,
		About:   fmt.Sprintf("250 consecutive BIGINT UNSIGNED keys from %d", first),
		Columns: []HardColumn{{Name: "id", Source: "BIGINT UNSIGNED NOT NULL", Kind: KindInteger}, valueColumn},
		Key:     []string{"id"},
		rows: func(int64) [][]any {
			keys := make([]any, 250)
			for i := range keys {
				keys[i] = first + uint64(i)
			}
			return keyedRows(keys, func(k any) string { return fmt.Sprintf("u%d", k) })
		},
	}
}

func keyDecimal() HardTable {
	const name = "key_decimal"
	return HardTable{
		Name: name, Class: ClassKeys,
		About: "DECIMAL(10,2) keys widened to DECIMAL(12,4) on the target: target rows such as 1.2345 fall between source keys",
		Columns: []HardColumn{
			{Name: "k", Source: "DECIMAL(10,2) NOT NULL", MySQL: "DECIMAL(12,4) NOT NULL", MariaDB: "DECIMAL(12,4) NOT NULL", Kind: KindDecimal},
			valueColumn,
		},
		Key: []string{"k"},
		rows: func(seed int64) [][]any {
			set := map[string]bool{}
			for _, k := range []string{"-99999999.99", "-12345.67", "-1.00", "-0.01", "0.00", "0.01", "1.23", "1.24", "1.25",
				"99999999.98", "99999999.99"} {
				set[k] = true
			}
			r := hardRand(seed, name, 0)
			for len(set) < 180 {
				set[randDecimal(r, 10, 2)] = true
			}
			keys := slices.Collect(maps.Keys(set))
			slices.SortFunc(keys, compareDecimalText)
			anys := make([]any, len(keys))
			for i, k := range keys {
				anys[i] = k
			}
			return keyedRows(anys, func(k any) string { return "d" + k.(string) })
		},
	}
}

func keyNegative() HardTable {
	return HardTable{
		Name: "key_negative", Class: ClassKeys,
		About:   "negative INT keys from -2147483648 across zero",
		Columns: []HardColumn{intKey("id", "INT NOT NULL"), valueColumn},
		Key:     []string{"id"},
		rows: func(int64) [][]any {
			set := map[int64]bool{math.MinInt32: true, math.MinInt32 + 1: true, -2147483000: true, -1: true, 0: true, math.MaxInt32 - 1: true}
			for i := range int64(200) {
				set[-1000+7*i] = true
			}
			keys := slices.Sorted(maps.Keys(set))
			anys := make([]any, len(keys))
			for i, k := range keys {
				anys[i] = k
			}
			return keyedRows(anys, func(k any) string { return fmt.Sprintf("n%d", k) })
		},
	}
}

func keyTinyint() HardTable {
	return HardTable{
		Name: "key_tinyint", Class: ClassKeys,
		About:   "TINYINT keys -127..126: the type's bounds -128 and 127 are left for extra target rows",
		Columns: []HardColumn{intKey("id", "TINYINT NOT NULL"), valueColumn},
		Key:     []string{"id"},
		rows: func(int64) [][]any {
			var keys []any
			for k := int64(-127); k <= 126; k++ {
				keys = append(keys, k)
			}
			return keyedRows(keys, func(k any) string { return fmt.Sprintf("t%d", k) })
		},
	}
}

func keyTinyintUnsigned() HardTable {
	return HardTable{
		Name: "key_tinyint_u", Class: ClassKeys,
		About:   "TINYINT UNSIGNED keys 1..254: the bounds 0 and 255 are left for extra target rows",
		Columns: []HardColumn{intKey("id", "TINYINT UNSIGNED NOT NULL"), valueColumn},
		Key:     []string{"id"},
		rows: func(int64) [][]any {
			var keys []any
			for k := uint64(1); k <= 254; k++ {
				keys = append(keys, k)
			}
			return keyedRows(keys, func(k any) string { return fmt.Sprintf("t%d", k) })
		},
	}
}

// compositeRegions sort in utf8mb4_bin order: upper case first.
var compositeRegions = []string{"Zulu", "ap", "eu", "eu-west", "us"}

// compositeStart is the first DATETIME of key_composite: the 37-minute
// steps cross the leap day 2024-02-29.
var compositeStart = time.Date(2024, 2, 28, 22, 0, 0, 0, time.UTC)

func keyComposite() HardTable {
	return HardTable{
		Name: "key_composite", Class: ClassKeys,
		About: "a composite key of VARCHAR, DATETIME and INT",
		Columns: []HardColumn{
			textCol("region", "VARCHAR(16) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL"),
			{Name: "at", Source: "DATETIME NOT NULL", Kind: KindTemporal},
			intKey("seq", "INT NOT NULL"),
			intKey("qty", "INT NULL"),
			valueColumn,
		},
		Key: []string{"region", "at", "seq"},
		rows: func(int64) [][]any {
			var rows [][]any
			for _, region := range compositeRegions {
				for k := range 10 {
					at := compositeStart.Add(time.Duration(k*37) * time.Minute).Format(datetimeLayout)
					for _, seq := range []int64{-1, 0, 1, 2} {
						rows = append(rows, []any{region, at, seq, int64(len(rows)), fmt.Sprintf("%s/%d/%d", region, k, seq)})
					}
				}
			}
			return rows
		},
	}
}

func keyBinary16() HardTable {
	const name = "key_binary16"
	return HardTable{
		Name: name, Class: ClassKeys,
		About:   "BINARY(16) keys with zero bytes, trailing zeros and the 0x7f/0x80 boundary; all-zero and all-0xff left for extra rows",
		Columns: []HardColumn{{Name: "id", Source: "BINARY(16) NOT NULL", Kind: KindBinary}, valueColumn},
		Key:     []string{"id"},
		rows: func(seed int64) [][]any {
			fill := func(first byte, rest byte, last byte) []byte {
				b := bytes.Repeat([]byte{rest}, 16)
				b[0], b[15] = first, last
				return b
			}
			keys := [][]byte{fill(0, 0, 1), fill(0x7f, 0xff, 0xff), fill(0x80, 0, 0), fill(0xab, 0, 0), fill(0xff, 0xff, 0xfe)}
			r := hardRand(seed, name, 0)
			for len(keys) < 160 {
				keys = append(keys, randBytes(r, 16))
			}
			slices.SortFunc(keys, bytes.Compare)
			keys = slices.CompactFunc(keys, bytes.Equal)
			var anys []any
			for _, k := range keys {
				if !bytes.Equal(k, make([]byte, 16)) && !bytes.Equal(k, bytes.Repeat([]byte{0xff}, 16)) {
					anys = append(anys, k)
				}
			}
			return keyedRows(anys, func(k any) string { return fmt.Sprintf("b%x", k) })
		},
	}
}

// CollationSpecialKeys are the keys of the coll_* tables that tests change
// on the target: one gains a trailing space, one an emoji the source's
// utf8mb4_general_ci cannot tell apart, one its case.
var CollationSpecialKeys = []string{"abc", "def", "emoji🍣", "Ünïcode", "zz-last"}

// collationFillerPrefixes order differently under utf8mb4_general_ci,
// utf8mb4_0900_ai_ci and the binary collations.
var collationFillerPrefixes = []string{"a", "B", "ä", "Z", "é", "m", "ß", "Å", "_", "0"}

func collationTable(name, mysql, mariadb string) HardTable {
	src := "VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NOT NULL"
	return HardTable{
		Name: name, Class: ClassCollation,
		About: "a utf8mb4_general_ci (PAD SPACE) key migrated to " + mysql + " (MySQL) or " + mariadb + " (MariaDB)",
		Columns: []HardColumn{
			{Name: "k", Source: src, MySQL: strings.Replace(src, "utf8mb4_general_ci", mysql, 1),
				MariaDB: strings.Replace(src, "utf8mb4_general_ci", mariadb, 1), Kind: KindText},
			intKey("v", "INT NULL"),
			textCol("note", "VARCHAR(40) NULL"),
		},
		Key: []string{"k"},
		rows: func(int64) [][]any {
			var rows [][]any
			for i, k := range CollationSpecialKeys {
				rows = append(rows, []any{k, int64(-1 - i), "special " + k})
			}
			for i := range 300 {
				k := fmt.Sprintf("%s%05d", collationFillerPrefixes[i%len(collationFillerPrefixes)], i)
				rows = append(rows, []any{k, int64(i), fmt.Sprintf("filler %d", i)})
			}
			return rows
		},
	}
}

// CollationNoPadKeys are the coll_nopad keys that only a NO PAD collation
// keeps apart: a PAD SPACE target holds "x" or "x ", never both.
var CollationNoPadKeys = []string{"x", "x ", "y", "y  "}

func collationNoPad() HardTable {
	return HardTable{
		Name: "coll_nopad", Class: ClassCollation, InsertIgnore: true, Lossy: true,
		About: "a utf8mb4_nopad_bin key with 'x' and 'x ' migrated to utf8mb4_bin (PAD SPACE), which cannot hold both",
		Columns: []HardColumn{
			{Name: "k", Source: "VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL",
				MySQL:   "VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL",
				MariaDB: "VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL", Kind: KindText},
			intKey("v", "INT NULL"),
		},
		Key: []string{"k"},
		rows: func(int64) [][]any {
			var rows [][]any
			for i, k := range CollationNoPadKeys {
				rows = append(rows, []any{k, int64(100 + i)})
			}
			for i := 1; i <= 60; i++ {
				rows = append(rows, []any{fmt.Sprintf("k%03d", i), int64(i)})
			}
			return rows
		},
	}
}

func smallTable(name string, n int) HardTable {
	return HardTable{
		Name: name, Class: ClassTables,
		About:   "a small table for the table selection tests",
		Columns: []HardColumn{intKey("id", "INT NOT NULL"), valueColumn},
		Key:     []string{"id"},
		rows: func(int64) [][]any {
			var rows [][]any
			for i := 1; i <= n; i++ {
				rows = append(rows, []any{int64(i), fmt.Sprintf("%s #%d", name, i)})
			}
			return rows
		},
	}
}

func jsonTable() HardTable {
	const name = "tbl_json"
	return HardTable{
		Name: name, Class: ClassTables,
		About:   "MariaDB JSON (LONGTEXT with a json_valid CHECK, invisible to a SELECT-only account) to MySQL JSON",
		Columns: []HardColumn{intKey("id", "INT NOT NULL"), {Name: "doc", Source: "JSON NULL", Kind: KindJSON}},
		Key:     []string{"id"},
		rows: func(seed int64) [][]any {
			var rows [][]any
			for i := 1; i <= 20; i++ {
				var doc any = randJSON(hardRand(seed, name, i))
				if i%7 == 0 {
					doc = nil
				}
				rows = append(rows, []any{int64(i), doc})
			}
			return rows
		},
	}
}

func fixEnum() HardTable {
	const name = "fix_enum"
	return HardTable{
		Name: name, Class: ClassFixSQL, Relaxed: true,
		About: "ENUM columns holding the error value '' (stored under a relaxed sql_mode): a strict REPLACE fails with ERROR 1265",
		Columns: []HardColumn{
			intKey("id", "INT NOT NULL"),
			textCol("e", "ENUM('small','medium','large') NOT NULL"),
			textCol("e2", "ENUM('x','y') NULL"),
			textCol("note", "VARCHAR(20) NULL"),
		},
		Key: []string{"id"},
		rows: func(seed int64) [][]any {
			sizes := []string{"small", "medium", "large"}
			var rows [][]any
			for id := 1; id <= 40; id++ {
				r := hardRand(seed, name, id)
				e := sizes[r.IntN(3)]
				if id%5 == 0 {
					e = ""
				}
				var e2 any = []string{"x", "y"}[r.IntN(2)]
				switch {
				case id%7 == 0:
					e2 = ""
				case id%3 == 0:
					e2 = nil
				}
				rows = append(rows, []any{int64(id), e, e2, fmt.Sprintf("note %d", id)})
			}
			return rows
		},
	}
}

func fixGenerated() HardTable {
	const name = "fix_generated"
	return HardTable{
		Name: name, Class: ClassFixSQL,
		About: "STORED and VIRTUAL generated columns: a REPLACE that names them fails with ERROR 3105 (MySQL) or 1906 (MariaDB)",
		Columns: []HardColumn{
			intKey("id", "INT NOT NULL"),
			intKey("a", "INT NOT NULL"),
			intKey("b", "INT NULL"),
			{Name: "total", Source: "INT GENERATED ALWAYS AS (`a` + `b`) STORED", Kind: KindInteger, Generated: true},
			{Name: "label", Source: "VARCHAR(40) GENERATED ALWAYS AS (CONCAT('item-', `a`)) VIRTUAL", Kind: KindText, Generated: true},
			textCol("note", "VARCHAR(20) NULL"),
		},
		Key: []string{"id"},
		rows: func(seed int64) [][]any {
			var rows [][]any
			for id := 1; id <= 50; id++ {
				r := hardRand(seed, name, id)
				var b any = r.Int64N(1000)
				if id%6 == 0 {
					b = nil
				}
				rows = append(rows, []any{int64(id), r.Int64N(1000), b, fmt.Sprintf("n%d", id)})
			}
			return rows
		},
	}
}

// FixKeylessTricky are the fix_keyless values of t that only differ by
// case or a trailing space: equal under utf8mb4_general_ci, so a DELETE by
// value must not take one for another.
var FixKeylessTricky = []string{"ABC", "abc", "abc "}

func fixKeyless() HardTable {
	const name = "fix_keyless"
	doc := `{"a": 1, "b": [1, 2]}`
	return HardTable{
		Name: name, Class: ClassFixSQL,
		About: "a keyless table of FLOAT, DOUBLE and JSON values and text differing in case and trailing spaces: DELETE ... <=> matches nothing or the wrong copy",
		Columns: []HardColumn{
			intKey("n", "INT NULL"),
			{Name: "f", Source: "FLOAT NULL", Kind: KindFloat},
			{Name: "d", Source: "DOUBLE NULL", Kind: KindDouble},
			{Name: "j", Source: "JSON NULL", Kind: KindJSON},
			textCol("t", "VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NULL"),
		},
		rows: func(seed int64) [][]any {
			rows := [][]any{
				// Differing only in t, in this physical order.
				{int64(1), float32(0.1), 0.1, doc, FixKeylessTricky[0]},
				{int64(1), float32(0.1), 0.1, doc, FixKeylessTricky[1]},
				{int64(1), float32(0.1), 0.1, doc, FixKeylessTricky[2]},
				{int64(2), float32(3.14159), 2.718281828459045, `{"z": "last", "a": "first"}`, "dup"},
				{int64(2), float32(3.14159), 2.718281828459045, `{"z": "last", "a": "first"}`, "dup"},
				{int64(3), float32(-1.5e-10), 1e-300, `[1, 2.5, "x"]`, "héllo"},
				{int64(4), float32(123456), 0.30000000000000004, `{"nested": {"k": [true, false, null]}}`, "Straße"},
				{int64(5), nil, nil, nil, nil},
				{int64(5), nil, nil, nil, nil},
				{int64(5), nil, nil, nil, nil},
				{int64(6), float32(1e30), -1.7976931348623157e308, `"just a string"`, "emoji🍣"},
			}
			for i := 10; i < 30; i++ {
				r := hardRand(seed, name, i)
				rows = append(rows, []any{int64(i), randFloat32(r), randDouble(r), randJSON(r), randText(r, utf8mb4, 15, 80)})
			}
			return rows
		},
	}
}

func fixBig() HardTable {
	const name = "fix_big"
	return HardTable{
		Name: name, Class: ClassFixSQL,
		About: "rows of 17 and 18 MiB: one REPLACE each is larger than the mysql client's max_allowed_packet (ERROR 2006/2020)",
		Columns: []HardColumn{
			intKey("id", "INT NOT NULL"),
			{Name: "b", Source: "LONGBLOB NULL", Kind: KindBinary},
			textCol("t", "LONGTEXT NULL"),
		},
		Key: []string{"id"},
		rows: func(seed int64) [][]any {
			var rows [][]any
			for id := 1; id <= 6; id++ {
				var b, t any = fmt.Appendf(nil, "blob %d", id), fmt.Sprintf("text %d", id)
				switch id {
				case FixBigBlobID:
					b = bigBytes(seed, name, 17<<20)
				case FixBigTextID:
					t = bigText(seed, name, 18<<20)
				}
				rows = append(rows, []any{int64(id), b, t})
			}
			return rows
		},
	}
}

// FixNotNullNulls are the fix_notnull ids whose source holds a NULL that the
// NOT NULL target column cannot: c is NULL in the first two, d in the last.
var FixNotNullNulls = []int64{5, 17, 23}

func fixNotNull() HardTable {
	return HardTable{
		Name: "fix_notnull", Class: ClassFixSQL, Lossy: true,
		About: "nullable source columns made NOT NULL on the target: the load stores '' and 0, and no SQL can write the NULL back",
		Columns: []HardColumn{
			intKey("id", "INT NOT NULL"),
			{Name: "c", Source: "VARCHAR(20) NULL", MySQL: "VARCHAR(20) NOT NULL", MariaDB: "VARCHAR(20) NOT NULL", Kind: KindText},
			{Name: "d", Source: "INT NULL", MySQL: "INT NOT NULL", MariaDB: "INT NOT NULL", Kind: KindInteger},
		},
		Key: []string{"id"},
		rows: func(int64) [][]any {
			var rows [][]any
			for id := int64(1); id <= 30; id++ {
				var c, d any = fmt.Sprintf("c%d", id), id * 10
				switch id {
				case FixNotNullNulls[0], FixNotNullNulls[1]:
					c = nil
				case FixNotNullNulls[2]:
					d = nil
				}
				rows = append(rows, []any{id, c, d})
			}
			return rows
		},
	}
}

var halfEpoch = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

func halfTable(name string, n int) HardTable {
	return HardTable{
		Name: name, Class: ClassHalfLoaded,
		About: fmt.Sprintf("%d rows; the test leaves the target half loaded or empty", n),
		Columns: []HardColumn{
			intKey("id", "INT NOT NULL"),
			intKey("a", "BIGINT NULL"),
			textCol("s", "VARCHAR(80) NULL"),
			{Name: "at", Source: "DATETIME(6) NULL", Kind: KindTemporal},
			{Name: "x", Source: "DECIMAL(12,2) NULL", Kind: KindDecimal},
		},
		Key: []string{"id"},
		rows: func(seed int64) [][]any {
			rows := make([][]any, n)
			for i := range rows {
				r := hardRand(seed, "half", i) // the three tables hold the same rows
				at := halfEpoch.Add(time.Duration(r.Int64N(5*365*24*3600*1e6)) * time.Microsecond)
				rows[i] = []any{int64(i + 1), r.Int64() >> 8, randText(r, utf8mb4, 40, 80), datetimeText(at, 6), randDecimal(r, 12, 2)}
			}
			return rows
		},
	}
}

func readLong() HardTable {
	const name = "read_long"
	return HardTable{
		Name: name, Class: ClassReadable,
		About: "long values whose difference is deep inside: a report must show where they part, not two equal prefixes",
		Columns: []HardColumn{
			intKey("id", "INT NOT NULL"),
			{Name: "b", Source: "LONGBLOB NULL", Kind: KindBinary},
			textCol("t", "LONGTEXT NULL"),
		},
		Key: []string{"id"},
		rows: func(seed int64) [][]any {
			multibyte := strings.Repeat("日本語のテキスト é 🚀 ", 400)
			return [][]any{
				{int64(ReadBlobID), bigBytes(seed, name, BigValueBytes), "short"},
				{int64(ReadTextID), []byte("short"), bigText(seed, name, 300_000)},
				{int64(ReadMultibyteID), nil, multibyte},
				{int64(ReadMiBID), bigBytes(seed, name+"/mib", 1<<20), nil},
				{int64(5), []byte{}, ""},
			}
		},
	}
}

// randFloat32 is a FLOAT value of at most six significant digits, which
// the servers print exactly and mariadb-dump therefore copies exactly.
func randFloat32(r *rand.Rand) float32 {
	digits := r.Int64N(999_999) + 1
	if r.IntN(2) == 0 {
		digits = -digits
	}
	exp := r.IntN(40) - 20
	return float32(float64(digits) * math.Pow(10, float64(exp)))
}

// doubleEdges are DOUBLE values that text conversions get wrong.
var doubleEdges = []float64{0.1, 0.30000000000000004, 1e-300, 2.2250738585072014e-308, 1.7976931348623157e308,
	-1.7976931348623157e308, 123456789.123456789, 1e21, 5e-324, -0.5}

// randDouble is a DOUBLE value: an edge value or a random one.
func randDouble(r *rand.Rand) float64 {
	if r.IntN(3) == 0 {
		return doubleEdges[r.IntN(len(doubleEdges))]
	}
	return r.NormFloat64() * math.Pow(10, float64(r.IntN(30)-15))
}

// compareDecimalText orders decimal texts of the form randDecimal writes by
// value.
func compareDecimalText(a, b string) int {
	na, nb := strings.HasPrefix(a, "-"), strings.HasPrefix(b, "-")
	switch {
	case na && !nb:
		return -1
	case !na && nb:
		return 1
	case na && nb:
		return compareDecimalText(b[1:], a[1:])
	}
	ai, af, _ := strings.Cut(a, ".")
	bi, bf, _ := strings.Cut(b, ".")
	if len(ai) != len(bi) {
		return len(ai) - len(bi)
	}
	if c := strings.Compare(ai, bi); c != 0 {
		return c
	}
	for len(af) < len(bf) {
		af += "0"
	}
	for len(bf) < len(af) {
		bf += "0"
	}
	return strings.Compare(af, bf)
}
