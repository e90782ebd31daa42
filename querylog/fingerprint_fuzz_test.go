package querylog

import (
	"strings"
	"testing"
)

// FuzzFingerprint checks that a fingerprint is its own fingerprint, holds no
// literal, comment or doubled space, and that its ID is 16 hex digits.
func FuzzFingerprint(f *testing.F) {
	for _, s := range fingerprintSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		fp := Fingerprint(sql)
		if again := Fingerprint(fp); again != fp {
			t.Fatalf("Fingerprint(%q) = %q, whose fingerprint is %q", sql, fp, again)
		}
		at := 0
		for tok := range Tokens(fp) {
			if gap := fp[at:tok.Start]; at == 0 && gap != "" || gap != "" && gap != " " {
				t.Fatalf("Fingerprint(%q) = %q has stray spaces before %q", sql, fp, tok.Text)
			}
			at = tok.End()
			if tok.Kind == String || tok.Kind == Comment || tok.Kind == ExecOpen || tok.Kind == Number && numeric(tok.Text) && !strings.Contains(fp, "."+tok.Text) {
				t.Fatalf("Fingerprint(%q) = %q keeps %q", sql, fp, tok.Text)
			}
		}
		if at != len(fp) {
			t.Fatalf("Fingerprint(%q) = %q ends in spaces", sql, fp)
		}
		if id := ID(fp); len(id) != 16 || strings.Trim(id, "0123456789abcdef") != "" {
			t.Fatalf("ID(%q) = %q", fp, id)
		}
	})
}

// fingerprintSeeds are statements from the real logs in testdata and the
// shapes that took thought.
var fingerprintSeeds = []string{
	"SELECT /*+ BKA(o) */ o.ID, `name` FROM shop.Orders o WHERE o.id IN (1, 2, 3) AND note = 'it''s' LIMIT 10",
	"INSERT INTO t (a,b) VALUES (1,'x'),(2,'y') ON DUPLICATE KEY UPDATE b=VALUES(b)",
	"VALUES ROW(1,2), ROW(3,4)",
	"select count(*) from t where a=-1 and b > - 2.5e3 and c = x'1F' and d = _utf8mb4'é' and e in ((1,2),(3,4)) and f is not null",
	"SELECT `select`, `Count`, `a b`, t.`from`, db.Status, Status FROM `t`",
	"/*!40001 SQL_NO_CACHE */ SELECT 1 -- x\n;",
	"SELECT a - 1, a-1, (-1), @a:=1, @@global.max_connections, 'u'@'h'",
	"SELECT 1,\n  'a;b' AS `x;y`, \"it's\" -- trailing",
	"SELECT 41 + 1, 'x\\'y' AS s",
	"SELECT t.5, 1 . 5, x.12.5, 12abc.x, 1.e5, .5e-3, 0b101, 0xZZ",
	"SELECT * FROM t WHERE a IN (SELECT b FROM u WHERE c IN (1,2)) AND d NOT IN (NULL, 1)",
	"x = - -1 and y = --1",
}
