package datagen

import (
	"encoding/hex"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// menuColumn is one entry of the random tables' menus: a column type on
// each side and its values.
type menuColumn struct {
	source, mysql string // definitions without NULL / NOT NULL; mysql "" means source
	kind          ValueKind
	gen           func(r *rand.Rand) any
}

// keyMenu are the key column types. Every generator draws from a space far
// larger than a table's rows, and text keys are lower-case ASCII, which no
// collation of either side merges or pads.
var keyMenu = []menuColumn{
	{"INT", "", KindInteger, func(r *rand.Rand) any { return r.Int64N(1<<32) - 1<<31 }},
	{"BIGINT UNSIGNED", "", KindInteger, func(r *rand.Rand) any {
		if r.IntN(4) == 0 {
			return r.Uint64N(1 << 63)
		}
		return 1<<63 | r.Uint64()
	}},
	{"DECIMAL(10,2)", "DECIMAL(12,4)", KindDecimal, func(r *rand.Rand) any { return randDecimal(r, 10, 2) }},
	{"VARCHAR(24) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci", "VARCHAR(24) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci",
		KindText, func(r *rand.Rand) any { return randWord(r, "abcdefghijklmnopqrstuvwxyz0123456789-", 12) }},
	{"VARCHAR(24) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin", "", KindText,
		func(r *rand.Rand) any {
			return randWord(r, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 10)
		}},
	{"BINARY(16)", "", KindBinary, func(r *rand.Rand) any { return randBytes(r, 16) }},
	{"DATETIME(6)", "", KindTemporal, func(r *rand.Rand) any { return datetimeText(randTime(r, minDatetime, endDatetime, 6), 6) }},
	{"DATE", "", KindTemporal, func(r *rand.Rand) any { return randTime(r, minDatetime, endDatetime, 0).Format(dateLayout) }},
}

// compositeOnly are key column types with too few values for a key of
// their own.
var compositeOnly = []menuColumn{
	{"TINYINT UNSIGNED", "", KindInteger, func(r *rand.Rand) any { return r.Uint64N(256) }},
	{"SMALLINT", "", KindInteger, func(r *rand.Rand) any { return r.Int64N(1<<16) - 1<<15 }},
}

// valueMenu are the value column types.
var valueMenu = []menuColumn{
	{"INT", "", KindInteger, func(r *rand.Rand) any {
		return pickEdge(r, []any{int64(math.MinInt32), int64(math.MaxInt32), int64(0)}, func() any { return r.Int64N(1<<32) - 1<<31 })
	}},
	{"BIGINT UNSIGNED", "", KindInteger, func(r *rand.Rand) any {
		return pickEdge(r, []any{uint64(0), uint64(1 << 63), uint64(math.MaxUint64)}, func() any { return r.Uint64() })
	}},
	{"SMALLINT", "", KindInteger, func(r *rand.Rand) any { return r.Int64N(1<<16) - 1<<15 }},
	{"TINYINT UNSIGNED", "", KindInteger, func(r *rand.Rand) any { return r.Uint64N(256) }},
	{"DECIMAL(12,3)", "DECIMAL(14,5)", KindDecimal, func(r *rand.Rand) any { return randDecimal(r, 12, 3) }},
	{"DOUBLE", "", KindDouble, func(r *rand.Rand) any { return randDouble(r) }},
	{"FLOAT", "", KindFloat, func(r *rand.Rand) any { return randFloat32(r) }},
	{"VARCHAR(40)", "", KindText, func(r *rand.Rand) any { return randTrickyText(r, 30, 160) }},
	{"TEXT", "", KindText, func(r *rand.Rand) any { return randTrickyText(r, 200, 800) }},
	{"CHAR(8)", "", KindText, func(r *rand.Rand) any { return strings.TrimRight(randText(r, utf8mb4, 8, 32), " ") }},
	{"VARBINARY(32)", "", KindBinary, func(r *rand.Rand) any { return randBytes(r, r.IntN(33)) }},
	{"BLOB", "", KindBinary, func(r *rand.Rand) any { return randBytes(r, r.IntN(500)) }},
	{"BINARY(8)", "", KindBinary, func(r *rand.Rand) any { return randBytes(r, 8) }},
	{"DATE", "", KindTemporal, func(r *rand.Rand) any { return randTime(r, minDatetime, endDatetime, 0).Format(dateLayout) }},
	{"DATETIME(6)", "", KindTemporal, func(r *rand.Rand) any { return datetimeText(randTime(r, minDatetime, endDatetime, 6), 6) }},
	{"TIMESTAMP(3)", "", KindTemporal, func(r *rand.Rand) any { return datetimeText(randTime(r, minTimestamp, endTimestamp, 3), 3) }},
	{"TIME(2)", "", KindTemporal, func(r *rand.Rand) any { return timeText(randTimeMicros(r, 2), 2) }},
	{"YEAR", "", KindInteger, func(r *rand.Rand) any { return 1901 + r.Int64N(255) }},
	{"ENUM('red','green','blue')", "", KindText, func(r *rand.Rand) any { return []string{"red", "green", "blue"}[r.IntN(3)] }},
	{"SET('a','b','c','d')", "", KindText, func(r *rand.Rand) any { return randSet(r) }},
	{"JSON", "", KindJSON, func(r *rand.Rand) any { return randJSON(r) }},
	{"BIT(12)", "", KindBits, func(r *rand.Rand) any { return r.Uint64N(1 << 12) }},
}

// randWord is 1 to n characters of alphabet.
func randWord(r *rand.Rand, alphabet string, n int) string {
	b := make([]byte, 1+r.IntN(n))
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(b)
}

// randTrickyText is random utf8mb4 text that, one time in four, is one of
// the values text comparisons get wrong: empty, trailing spaces, only case
// or only an emoji apart from a common value.
func randTrickyText(r *rand.Rand, maxChars, maxBytes int) string {
	if r.IntN(4) == 0 {
		return []string{"", " ", "abc", "ABC", "abc ", "abc  ", "emoji🍣", "emoji🍤", "a\\b'c\"d", "tab\tnew\nline"}[r.IntN(10)]
	}
	return randText(r, utf8mb4, maxChars, maxBytes)
}

// pickEdge returns one of edges one time in five, else rnd().
func pickEdge(r *rand.Rand, edges []any, rnd func() any) any {
	if r.IntN(5) == 0 {
		return edges[r.IntN(len(edges))]
	}
	return rnd()
}

func (m menuColumn) column(name string, key bool) HardColumn {
	null := " NULL"
	if key {
		null = " NOT NULL"
	}
	c := HardColumn{Name: name, Source: m.source + null, Kind: m.kind, gen: m.gen}
	if m.mysql != "" {
		// MariaDB 10.11 has no utf8mb4_0900_ai_ci: its NO PAD
		// counterpart of utf8mb4_general_ci stands in.
		c.MySQL = m.mysql + null
		c.MariaDB = strings.Replace(c.MySQL, "utf8mb4_0900_ai_ci", "utf8mb4_general_nopad_ci", 1)
	}
	if !key {
		gen := m.gen
		c.gen = func(r *rand.Rand) any {
			if r.IntN(8) == 0 {
				return nil
			}
			return gen(r)
		}
	}
	return c
}

// RandomHardTable returns a table of random shape for property-style
// tests, named rnd_SEED: a key from a menu of key types (one column, a
// composite of two or three, or one time in six none), three to six value
// columns from a menu of column types (one in eight values NULL), and 40 to
// 160 rows. Key values are unique under the collations of both sides. A
// keyless table repeats some rows. The same seed gives the same table and
// rows.
func RandomHardTable(seed int64) HardTable {
	name := "rnd_" + strconv.FormatInt(seed, 10)
	r := hardRand(seed, name, 0)
	t := HardTable{Name: name, Class: ClassRandom, About: "a random table"}
	switch n := r.IntN(6); {
	case n == 0: // keyless
	case n <= 3:
		t.Columns = append(t.Columns, keyMenu[r.IntN(len(keyMenu))].column("k1", true))
	default:
		menu := append(append([]menuColumn{}, keyMenu...), compositeOnly...)
		perm := r.Perm(len(menu))
		for i := range 2 + r.IntN(2) {
			t.Columns = append(t.Columns, menu[perm[i]].column(fmt.Sprintf("k%d", i+1), true))
		}
	}
	for _, c := range t.Columns {
		t.Key = append(t.Key, c.Name)
	}
	perm := r.Perm(len(valueMenu))
	for i := range 3 + r.IntN(4) {
		t.Columns = append(t.Columns, valueMenu[perm[i]].column(fmt.Sprintf("c%d_%s", i+1, columnWord(valueMenu[perm[i]].source)), false))
	}
	count := 40 + r.IntN(121)
	t.rows = func(seed int64) [][]any {
		taken := map[string]bool{}
		var rows [][]any
		for i := 1; len(rows) < count; i++ {
			r := hardRand(seed, name, i)
			if len(t.Key) == 0 && len(rows) > 0 && r.IntN(6) == 0 {
				rows = append(rows, rows[r.IntN(len(rows))]) // a duplicate
				continue
			}
			row, _ := t.RandomRow(r)
			if k := t.KeyText(row); len(t.Key) > 0 && taken[k] {
				continue
			} else {
				taken[k] = true
			}
			rows = append(rows, row)
		}
		return rows
	}
	return t
}

// columnWord is a short name for a column type: "varchar", "decimal".
func columnWord(def string) string {
	w := strings.ToLower(def)
	if i := strings.IndexAny(w, "( "); i >= 0 {
		w = w[:i]
	}
	return w
}

// RandomRow returns a random row for t, one value per InsertColumns entry;
// ok is false when a column has no generator (the fixed tables). A keyed
// table may already hold its key: check KeyText.
func (t HardTable) RandomRow(r *rand.Rand) (row []any, ok bool) {
	for _, c := range t.Columns {
		if c.Generated {
			continue
		}
		v, ok := c.Random(r)
		if !ok {
			return nil, false
		}
		row = append(row, v)
	}
	return row, true
}

// KeyText is the key of row (a row of Rows or RandomRow) as text: two rows
// of a keyed table with the same KeyText cannot both be in it, for the keys
// RandomHardTable makes and for the fixed tables' keys compared bytewise.
// For a keyless table it is "".
func (t HardTable) KeyText(row []any) string {
	var parts []string
	cols := t.InsertColumns()
	for _, k := range t.Key {
		for i, c := range cols {
			if c == k {
				parts = append(parts, valueText(row[i]))
			}
		}
	}
	return strings.Join(parts, "\x1f")
}

// valueText renders a row value unambiguously for KeyText.
func valueText(v any) string {
	switch v := v.(type) {
	case nil:
		return "NULL"
	case []byte:
		return "0x" + hex.EncodeToString(v)
	case string:
		return strconv.Quote(v)
	case float32:
		return strconv.FormatFloat(float64(v), 'g', -1, 32)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case time.Time:
		return v.Format(time.RFC3339Nano)
	}
	return fmt.Sprint(v)
}
