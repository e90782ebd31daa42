package querylog

import (
	"fmt"
	"testing"
)

func TestFingerprint(t *testing.T) {
	tests := []struct{ sql, want string }{
		// Literals of every kind, and what stays.
		{"SELECT * FROM t WHERE a = 1 AND b = 'x' AND c = \"y\" AND d = 1.5e-3 AND e = .5 AND f = 0x1F AND g = x'1F' AND h = b'01' AND i = 0b01",
			"select * from t where a = ? and b = ? and c = ? and d = ? and e = ? and f = ? and g = ? and h = ? and i = ?"},
		{"SELECT _utf8mb4'é', _latin1 'a' COLLATE latin1_bin, N'n', 'a' 'b'", "select ?, ? collate latin1_bin, ?, ? ?"},
		{"SELECT * FROM t WHERE a IS NULL OR b = NULL OR c = TRUE OR d <=> FALSE", "select * from t where a is null or b = null or c = true or d <=> false"},
		{"SELECT * FROM t WHERE id = ?", "select * from t where id = ?"},
		{"SELECT * FROM t LIMIT 10", "select * from t limit ?"},
		{"SELECT * FROM t LIMIT 10, 20", "select * from t limit ?, ?"},
		{"SELECT * FROM t LIMIT 10 OFFSET 20", "select * from t limit ? offset ?"},
		// Signs belong to a literal unless an operand comes before them.
		{"SELECT -1, a - 1, a-1, a - -1, (-1), f(-1), x = - - 2", "select ?, a - ?, a - ?, a - ?, (?), f(?), x = ?"},
		{"SELECT a FROM t WHERE b = -a", "select a from t where b = - a"},
		// Lists.
		{"SELECT * FROM t WHERE id IN (1, 2, 3) AND s NOT IN ('a','b')", "select * from t where id in (?) and s not in (?)"},
		{"SELECT * FROM t WHERE id IN (1)", "select * from t where id in (?)"},
		{"SELECT * FROM t WHERE id IN (1, NULL)", "select * from t where id in (?, null)"},
		{"SELECT * FROM t WHERE id IN (a, b)", "select * from t where id in (a, b)"},
		{"SELECT * FROM t WHERE (a, b) IN ((1, 2), (3, 4))", "select * from t where (a, b) in ((?, ?))"},
		{"SELECT * FROM t WHERE a IN (SELECT b FROM u WHERE c IN (1, 2))", "select * from t where a in (select b from u where c in (?))"},
		{"INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y'), (3, NULL)", "insert into t(a, b) values(?, ?)"},
		{"INSERT INTO t VALUES (1),(2) ON DUPLICATE KEY UPDATE b = VALUES(b), c = 1", "insert into t values(?) on duplicate key update b = values(b), c = ?"},
		{"VALUES ROW(1, 2), ROW(3, 4)", "values row(?, ?)"},
		// Comments, hints, executable comments.
		{"/* app:checkout */ SELECT /*+ BKA(t) NO_ICP(t) */ a -- why\nFROM t # more", "select a from t"},
		{"SELECT /*!40001 SQL_NO_CACHE */ a FROM t /*M!100500 FOR UPDATE */", "select sql_no_cache a from t for update"},
		// Case, backticks, qualified names, spacing.
		{"Select COUNT( * ), Sum(x) From `Orders` AS o Where o.`Status` = 1", "select count(*), sum(x) from Orders as o where o.Status = ?"},
		{"SELECT `select`, `Count`, `a b`, `a``b`, `1a`, t.`1a` FROM `t`", "select `select`, `Count`, `a b`, `a``b`, `1a`, t.`1a` from t"},
		{"SELECT db.Status, Status, shop.Orders.ID FROM shop.Orders", "select db.Status, status, shop.Orders.ID from shop.Orders"},
		{"SELECT `db`.`Status`, `t`.`from`.`order` FROM `t`", "select db.Status, t.from.order from t"},
		{"SELECT\n\ta ,b\t,  c\r\nFROM   t  ;", "select a, b, c from t"},
		{"SELECT a FROM t WHERE b IN(1) AND EXISTS(SELECT 1) AND c=ANY(SELECT 2)", "select a from t where b in (?) and exists (select ?) and c = any (select ?)"},
		{"SELECT LEFT(a, 2) FROM t LEFT JOIN u USING (id)", "select left(a, ?) from t left join u using (id)"},
		{"SELECT @a := 1, @@global.max_connections, @`x`", "select @a := ?, @@global.max_connections, @x"},
		{"SELECT col->'$.a', col->>'$.b' FROM t WHERE a<=b AND c<>d AND e!=f", "select col -> ?, col ->> ? from t where a <= b and c <> d and e != f"},
		{"SELECT t.5, 12abc, x.12.5 FROM t", "select t.5, 12abc, x.12.5 from t"},
		// Not SQL at all, or nothing.
		{"", ""},
		{"  -- only a comment\n", ""},
		{";", ""},
		{"SELECT 'unterminated", "select ?"},
		{"SELECT a /* unterminated", "select a"},
	}
	for _, tt := range tests {
		got := Fingerprint(tt.sql)
		if got != tt.want {
			t.Errorf("Fingerprint(%q)\n got %q\nwant %q", tt.sql, got, tt.want)
		}
		if again := Fingerprint(got); again != got {
			t.Errorf("Fingerprint(%q) = %q, not its own fingerprint", got, again)
		}
	}
}

func TestID(t *testing.T) {
	// The ID must not change between releases: reports and files name classes by it.
	if got, want := ID("select ?"), "e1c71d1661ae46e0"; got != want {
		t.Errorf("ID(%q) = %q, want %q", "select ?", got, want)
	}
	if ID("select a") == ID("select b") {
		t.Error("two fingerprints share an ID")
	}
}

func ExampleFingerprint() {
	fmt.Println(Fingerprint("SELECT /*+ BKA(o) */ o.ID, `name` FROM shop.Orders o WHERE o.id IN (1, 2, 3) AND note = 'it''s' LIMIT 10"))
	// Output: select o.ID, name from shop.Orders o where o.id in (?) and note = ? limit ?
}
