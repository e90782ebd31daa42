package verify

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/extract"
	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/testbed"
)

// The pushdown row hash takes short columns as their bytes and hashes long
// ones on their own, so the row text stays short whatever a BLOB holds, and
// columns of several character sets concatenate.
func TestPushdownQuery(t *testing.T) {
	tbl := &schema.Table{Schema: "db", Name: "t", Columns: []schema.Column{
		{Name: "id", DataType: "int"},
		{Name: "f", DataType: "float"},
		{Name: "l", DataType: "varchar", MaxLength: 100, Charset: "latin1", Collation: "latin1_swedish_ci"},
		{Name: "u", DataType: "varchar", MaxLength: 1000, Charset: "utf8mb4", Collation: "utf8mb4_general_ci"},
		{Name: "b", DataType: "longblob"},
		{Name: "j", DataType: "json"},
	}}
	ch := extract.Chunk{Table: tbl, Index: "PRIMARY", Key: []extract.Bound{{Column: "id", Placeholder: "?"}}, Lower: []any{int64(1)}, Upper: []any{int64(9)}}
	for _, h := range []rowHash{sha2Hash, crc32Hash} {
		p := &pushdown{hash: h, cols: []string{"id", "f", "l", "u", "b", "j"}}
		q, args := p.query(tbl, ch)
		for _, want := range []string{
			"IFNULL(CONCAT(LENGTH(`id`), ':', `id`), 'N')",
			"IFNULL(CONCAT(LENGTH(CAST(`f` AS DOUBLE)), ':', CAST(`f` AS DOUBLE)), 'N')",
			"IFNULL(CONCAT(LENGTH(`l`), ':', `l`), 'N')",
			"FORCE INDEX (`PRIMARY`) WHERE `id` >= ? AND `id` < ?",
		} {
			if !strings.Contains(q, want) {
				t.Errorf("%s: query lacks %s:\n%s", h, want, q)
			}
		}
		long := map[rowHash][]string{
			sha2Hash:  {"IFNULL(SHA2(`u`, 256), 'N')", "IFNULL(SHA2(`b`, 256), 'N')", "IFNULL(SHA2(`j`, 256), 'N')", "AS UNSIGNED), " + nullMark + ")"},
			crc32Hash: {"IFNULL(CONCAT(LENGTH(`b`), ':', CRC32(`b`)), 'N')", "CRC32(CONCAT('parity', CONCAT("},
		}[h]
		for _, want := range long {
			if !strings.Contains(q, want) {
				t.Errorf("%s: query lacks %s:\n%s", h, want, q)
			}
		}
		if strings.Contains(q, "CAST(`b` AS BINARY)") || strings.Contains(q, "parity_rows") || len(args) != 2 {
			t.Errorf("%s: the BLOB is taken inline, or args %v:\n%s", h, args, q)
		}
	}
}

// A chunk sum comes apart into the hashes' sum and the rows that could not
// be hashed.
func TestSplitNullMarks(t *testing.T) {
	for _, c := range []struct {
		sum, rest string
		nulls     int64
		bad       bool
	}{
		{"0", "0", 0, false},
		{"18446744073709551615", "18446744073709551615", 0, false},
		{nullMark, "0", 1, false},
		{"40564819207303340847894502572037", "5", 2, false}, // 2 marks + 5
		{"-1", "", 0, true},
		{"1.5", "", 0, true},
		{"", "", 0, true},
	} {
		rest, nulls, err := splitNullMarks(c.sum)
		if (err != nil) != c.bad || rest != c.rest || nulls != c.nulls {
			t.Errorf("splitNullMarks(%q) = %q, %d, %v; want %q, %d, error %v", c.sum, rest, nulls, err, c.rest, c.nulls, c.bad)
		}
	}
}

// Inline text is cast to bytes only where CONCAT needs it.
func TestPushdownTextAsBytes(t *testing.T) {
	text := func(name, charset string) schema.Column {
		return schema.Column{Name: name, DataType: "varchar", MaxLength: 20, Charset: charset, Collation: charset + "_bin"}
	}
	tests := []struct {
		name string
		cols []schema.Column
		cast bool
	}{
		{"no text", []schema.Column{{Name: "id", DataType: "int"}, {Name: "d", DataType: "datetime"}}, false},
		{"one charset", []schema.Column{{Name: "id", DataType: "int"}, text("a", "utf8mb4"), text("b", "utf8mb4")}, false},
		{"latin1 with cp1251", []schema.Column{text("a", "latin1"), text("b", "cp1251")}, true},
		{"utf16 alone", []schema.Column{{Name: "id", DataType: "int"}, text("a", "utf16")}, true},
		{"ucs2 alone", []schema.Column{text("a", "ucs2")}, true},
		{"two collations of one set", []schema.Column{text("a", "utf8mb4"),
			{Name: "b", DataType: "varchar", MaxLength: 20, Charset: "utf8mb4", Collation: "utf8mb4_unicode_ci"}}, true},
		{"binary with text", []schema.Column{{Name: "v", DataType: "varbinary", MaxLength: 20}, text("a", "latin1")}, false},
		{"second charset only in a long column", []schema.Column{text("a", "latin1"),
			{Name: "t", DataType: "longtext", Charset: "cp1251", Collation: "cp1251_bin"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tbl := &schema.Table{Schema: "db", Name: "t", Columns: tt.cols}
			var names []string
			for _, c := range tt.cols {
				names = append(names, c.Name)
			}
			q, _ := (&pushdown{hash: sha2Hash, cols: names}).query(tbl, extract.Chunk{Table: tbl})
			if got := strings.Contains(q, "AS BINARY)"); got != tt.cast {
				t.Errorf("cast = %v, want %v:\n%s", got, tt.cast, q)
			}
		})
	}
}

// A 20 MiB BLOB with one byte changed, and columns in latin1, cp1251 and
// utf8mb4 side by side: pushdown compares them in the servers, finds the
// changes, and shows where the BLOB first differs.
func TestPushdownLongValuesAndCharsets(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		// Values over 16 MiB: not while another test has lowered
		// max_allowed_packet (tests that change globals hold this lock).
		testbed.LockGlobals(t, s)
		p := samePair(t, s, "pushlong")
		for _, pool := range []*conn.Pool{p.src, p.tgt} {
			testbed.Exec(t, pool, `CREATE TABLE t (id INT PRIMARY KEY, l VARCHAR(20) CHARACTER SET latin1, c VARCHAR(20) CHARACTER SET cp1251,
				u VARCHAR(20) CHARACTER SET utf8mb4, txt LONGTEXT CHARACTER SET cp1251, b LONGBLOB)`,
				"INSERT INTO t VALUES (1, 'café', 'привет', '🍣', REPEAT('я', 1000), REPEAT('x', 20 << 20)), (2, 'a', 'б', 'c', 'd', 'e'), (3, NULL, NULL, NULL, NULL, NULL)")
		}
		o := Options{Mode: Pushdown, ChunkRows: 1}
		res := run(t, p, o)
		if tr := tableResult(t, res, "t"); !res.Equal() || tr.Mode != string(Pushdown) || tr.Chunks < 2 {
			t.Fatalf("equal copies: %s, mode %s (%s), %d chunks", res.Status, tr.Mode, tr.ModeNote, tr.Chunks)
		}
		testbed.Exec(t, p.tgt, "UPDATE t SET b = INSERT(b, 10000000, 1, 'y') WHERE id = 1", "UPDATE t SET c = 'пока' WHERE id = 2")
		res = run(t, p, o)
		tr := tableResult(t, res, "t")
		if tr.Changed != 2 || tr.Mode != string(Pushdown) {
			t.Fatalf("changed %d (mode %s), want 2: %v", tr.Changed, tr.Mode, diffsOf(res))
		}
		for _, d := range tr.Diffs {
			if d.Key["id"] != "1" {
				continue
			}
			c := d.Columns[0]
			if c.Column != "b" || c.FirstDifference == nil || *c.FirstDifference != 9999999 || c.Source.Bytes != 20<<20 {
				t.Errorf("BLOB difference %+v: want column b at byte 9999999 of %d", c, 20<<20)
			}
		}
	})
}

// A row whose text the server cannot build (CONCAT past max_allowed_packet
// is NULL) is counted, never summed as if it were equal: on a server of its
// own with a 1 MiB packet limit, a checksum forced to take two 600 KiB
// values inline reports the row.
func TestPushdownNullRowHash(t *testing.T) {
	server := testbed.StartMariaDB(t)
	dsn := server.DSN
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	for _, q := range []string{"CREATE DATABASE d", "CREATE TABLE d.t (id INT PRIMARY KEY, a LONGBLOB, b LONGBLOB)",
		"INSERT INTO d.t VALUES (1, REPEAT('a', 600 << 10), REPEAT('b', 600 << 10)), (2, 'x', 'y')",
		"SET GLOBAL max_allowed_packet = 1 << 20"} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	ep, err := conn.Parse(dsn+"d", conn.Options{Role: "source"})
	if err != nil {
		t.Fatal(err)
	}
	pool, err := conn.Open(ctx, ep, 2)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	tbl := &schema.Table{Schema: "d", Name: "t", Columns: []schema.Column{{Name: "id", DataType: "int"}, {Name: "a", DataType: "longblob"}, {Name: "b", DataType: "longblob"}}}
	for _, h := range []rowHash{sha2Hash, crc32Hash} {
		for _, inline := range []int{0, 1 << 40} {
			p := &pushdown{hash: h, cols: []string{"id", "a", "b"}, inline: inline}
			sum, err := runServerSum(ctx, pool, p, tbl, extract.Chunk{Table: tbl})
			if err != nil {
				t.Fatal(err)
			}
			if want := int64(min(inline, 1)); sum.rows != 2 || sum.nulls != want {
				t.Errorf("%s, inline %d: %d rows, %d NULL hashes; want 2 rows and %d", h, inline, sum.rows, sum.nulls, want)
			}
		}
	}
}

// Tables whose text needs no cast, and those that do (two collations of
// one set, UTF-16, a single latin1 column): equal copies are equal in
// pushdown, and a one-character change in each column is found.
func TestPushdownTextClasses(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		p := samePair(t, s, "pushtext")
		for _, pool := range []*conn.Pool{p.src, p.tgt} {
			testbed.Exec(t, pool,
				`CREATE TABLE one (id INT PRIMARY KEY, a VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci, n DECIMAL(10,2), d DATETIME(3))`,
				`CREATE TABLE two (id INT PRIMARY KEY, a VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci, b VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci)`,
				`CREATE TABLE wide (id INT PRIMARY KEY, a VARCHAR(20) CHARACTER SET utf16, b VARCHAR(20) CHARACTER SET latin1)`,
				`CREATE TABLE lat (id INT PRIMARY KEY, a VARCHAR(20) CHARACTER SET latin1, v VARBINARY(20))`,
				"INSERT INTO one VALUES (1, 'café', 1.50, '2024-01-02 03:04:05.678'), (2, '🍣', -2, NULL), (3, NULL, NULL, '1999-12-31 23:59:59')",
				"INSERT INTO two VALUES (1, 'Ä', 'ä'), (2, 'x', NULL), (3, NULL, 'z')",
				"INSERT INTO wide VALUES (1, 'ж', 'é'), (2, '𝄞', 'a'), (3, NULL, NULL)",
				"INSERT INTO lat VALUES (1, 'é', 0x00ff), (2, 'b', NULL), (3, NULL, '')")
		}
		o := Options{Mode: Pushdown, ChunkRows: 1}
		res := run(t, p, o)
		for _, name := range []string{"one", "two", "wide", "lat"} {
			if tr := tableResult(t, res, name); tr.Status != StatusEqual || tr.Mode != string(Pushdown) {
				t.Errorf("%s: equal copies are %s by %s (%s)", name, tr.Status, tr.Mode, tr.ModeNote)
			}
		}
		testbed.Exec(t, p.tgt, "UPDATE one SET a = 'cafe' WHERE id = 1", "UPDATE two SET b = 'Ä' WHERE id = 1",
			"UPDATE wide SET a = 'з' WHERE id = 1", "UPDATE lat SET v = 0x00fe WHERE id = 1")
		res = run(t, p, o)
		for _, name := range []string{"one", "two", "wide", "lat"} {
			if tr := tableResult(t, res, name); tr.Changed != 1 || tr.Mode != string(Pushdown) {
				t.Errorf("%s: %d changed by %s, want 1 by pushdown: %v", name, tr.Changed, tr.Mode, diffsOf(res))
			}
		}
	})
}
