package datagen

import (
	"fmt"
	"math"
	"math/rand/v2"
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
