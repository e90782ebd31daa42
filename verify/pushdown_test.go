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
			"IFNULL(CONCAT(LENGTH(`id`), ':', CAST(`id` AS BINARY)), 'N')",
			"IFNULL(CONCAT(LENGTH(CAST(`f` AS DOUBLE)), ':', CAST(CAST(`f` AS DOUBLE) AS BINARY)), 'N')",
			"CAST(`l` AS BINARY)",
			"FORCE INDEX (`PRIMARY`) WHERE `id` >= ? AND `id` < ?",
		} {
			if !strings.Contains(q, want) {
				t.Errorf("%s: query lacks %s:\n%s", h, want, q)
			}
		}
		long := map[rowHash][]string{
			sha2Hash:  {"IFNULL(SHA2(`u`, 256), 'N')", "IFNULL(SHA2(`b`, 256), 'N')", "IFNULL(SHA2(`j`, 256), 'N')", "SUM(h IS NULL)"},
			crc32Hash: {"IFNULL(CONCAT(LENGTH(`b`), ':', CRC32(`b`)), 'N')", "SUM(h1 IS NULL OR h2 IS NULL)"},
		}[h]
		for _, want := range long {
			if !strings.Contains(q, want) {
				t.Errorf("%s: query lacks %s:\n%s", h, want, q)
			}
		}
		if strings.Contains(q, "CAST(`b` AS BINARY)") || len(args) != 2 {
			t.Errorf("%s: the BLOB is taken inline, or args %v:\n%s", h, args, q)
		}
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
