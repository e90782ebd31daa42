package querylog

import (
	"fmt"
	"strings"
	"testing"
)

func TestWrites(t *testing.T) {
	tests := []struct {
		sql  string
		want string // substring of the reason; "" for read-only
	}{
		{"SELECT * FROM shop.orders", ""},
		{"select sql_buffer_result * from t order by created_at desc", ""},
		{"  (SELECT 1) UNION (SELECT 2)", ""},
		{"WITH recent AS (SELECT * FROM orders) SELECT * FROM recent", ""},
		{"WITH c AS (SELECT id FROM t) SELECT REPLACE(name, 'a', 'b'), INSERT(name, 1, 2, 'x') FROM c", ""},
		{"WITH c AS (SELECT id FROM t) SELECT * FROM c FOR UPDATE", ""},
		{"TABLE shop.orders", ""},
		{"VALUES ROW(1), ROW(2)", ""},
		{"SHOW GLOBAL STATUS", ""},
		{"EXPLAIN SELECT * FROM t", ""},
		{"EXPLAIN FORMAT=TREE DELETE FROM t", ""},
		{"EXPLAIN ANALYZE SELECT * FROM t FOR UPDATE", ""},
		{"CHECKSUM TABLE shop.orders", ""},
		{"SELECT 'DELETE FROM t', `update` FROM t -- DELETE\n", ""},
		{"/* DELETE */ SELECT 1", ""},
		{"SELECT id INTO @x FROM t LIMIT 1", ""},
		{"DELETE FROM shop.orders WHERE id = 1", "starts with DELETE"},
		{"  delete from t", "starts with DELETE"},
		{"-- clean up\nUPDATE t SET a = 1", "starts with UPDATE"},
		{"INSERT INTO t VALUES (1)", "starts with INSERT"},
		{"REPLACE INTO t VALUES (1)", "starts with REPLACE"},
		{"CREATE TABLE t2 AS SELECT * FROM t", "starts with CREATE"},
		{"DROP TABLE t", "starts with DROP"},
		{"TRUNCATE t", "starts with TRUNCATE"},
		{"ALTER TABLE t ADD c INT", "starts with ALTER"},
		{"CALL refresh_stats()", "starts with CALL"},
		{"SET GLOBAL read_only = 1", "starts with SET"},
		{"LOCK TABLES t WRITE", "starts with LOCK"},
		{"FLUSH TABLES", "starts with FLUSH"},
		{"ANALYZE DELETE FROM t", "starts with ANALYZE"},
		{"LOAD DATA INFILE '/tmp/x' INTO TABLE t", "starts with LOAD"},
		{"DO SLEEP(1)", ""},
		{"HANDLER t OPEN", "starts with HANDLER"},
		{"/*!40101 DELETE FROM t */", "starts with DELETE"},
		{"/*M!100500 DROP TABLE t */", "starts with DROP"},
		{"WITH old AS (SELECT id FROM t WHERE at < NOW()) DELETE FROM t WHERE id IN (SELECT id FROM old)", "WITH ... DELETE"},
		{"WITH c AS (SELECT 1) UPDATE t, c SET t.a = 1", "WITH ... UPDATE"},
		{"EXPLAIN ANALYZE DELETE FROM t", "EXPLAIN ANALYZE of DELETE"},
		{"SELECT * FROM t INTO OUTFILE '/tmp/t.csv'", "INTO OUTFILE"},
		{"SELECT * INTO DUMPFILE '/tmp/t' FROM t", "INTO DUMPFILE"},
	}
	for _, tt := range tests {
		got := Writes(tt.sql)
		if tt.want == "" && got != "" || tt.want != "" && !strings.Contains(got, tt.want) {
			t.Errorf("Writes(%q) = %q, want %q", tt.sql, got, tt.want)
		}
	}
}

func FuzzWrites(f *testing.F) {
	for _, s := range []string{"SELECT 1", "/*!40101 DELETE */", "WITH c AS (SELECT 1) DELETE FROM t", "'unterminated", "/* open", "-- x", "((("} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		why := Writes(sql)
		if strings.HasPrefix(strings.TrimSpace(strings.ToUpper(sql)), "DELETE ") && why == "" {
			t.Errorf("Writes(%q) let a DELETE through", sql)
		}
	})
}

func TestWords(t *testing.T) {
	tests := []struct {
		sql  string
		want string
	}{
		{"select now(), rand(1), @@hostname from t", "SELECT/0 NOW/0/call/bare RAND/0/call HOSTNAME/0/system FROM/0 T/0"},
		{"select x from (select y from u) v", "SELECT/0 X/0 FROM/0/call SELECT/1 Y/1 FROM/1 U/1 V/0"}, // any word before ( counts as a call,
		{"select 'a b', `c d` /* e */, f ( )", "SELECT/0 F/0/call/bare"},
		{"/*!40001 select */ 1", "SELECT/0"},
		{"select 'open", "SELECT/0"},
	}
	for _, tt := range tests {
		var got []string
		for _, w := range Words(tt.sql) {
			s := fmt.Sprintf("%s/%d", w.Text, w.Depth)
			if w.Call {
				s += "/call"
			}
			if w.Bare {
				s += "/bare"
			}
			if w.System {
				s += "/system"
			}
			got = append(got, s)
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("Words(%q) = %s, want %s", tt.sql, strings.Join(got, " "), tt.want)
		}
	}
}
