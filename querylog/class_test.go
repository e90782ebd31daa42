package querylog

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestGroup(t *testing.T) {
	ms := time.Millisecond
	st := func(sql, schema string, d time.Duration, count int64) Statement {
		return Statement{SQL: sql, Schema: schema, Origin: "x", Duration: d, Count: count}
	}
	stmts := []Statement{
		st("SELECT * FROM t WHERE id = 1", "shop", 1*ms, 1),
		st("SELECT a FROM u", "shop", 0, 1),
		st("SELECT * FROM t WHERE id = 1", "shop", 1*ms, 1), // the same text again: no second sample
		st("SELECT * FROM t WHERE id = 2", "shop", 1*ms, 1),
		st("SELECT * FROM t WHERE id = 1", "crm", 1*ms, 1),  // another database: a sample of its own
		st("SELECT * FROM t WHERE id = 3", "shop", 1*ms, 1), // past perClass
		st("SELECT b FROM u", "shop", 0, 3),
		st("UPDATE t SET a = 1 WHERE id = 1", "shop", 10*ms, 1),
		st("SELECT c FROM u", "shop", 0, 3),
		st("select * from t where id = 9 for update", "shop", 0, 1),
		st("SELECT d FROM u", "", 2*ms, 1000), // a digest: 1000 executions of 2 ms
	}
	stmts[6].Skipped = "cut short"
	classes := Group(stmts, 3)
	var got []string
	for _, c := range classes {
		var samples []string
		for _, s := range c.Samples {
			samples = append(samples, s.Schema+":"+s.SQL)
		}
		got = append(got, fmt.Sprintf("%s count=%d time=%v skipped=%q samples=%q", c.Fingerprint, c.Count, c.Duration, c.Skipped, samples))
		if c.ID != ID(c.Fingerprint) {
			t.Errorf("class %q has ID %q, want %q", c.Fingerprint, c.ID, ID(c.Fingerprint))
		}
	}
	want := []string{
		`select d from u count=1000 time=2s skipped="" samples=[":SELECT d FROM u"]`,
		`update t set a = ? where id = ? count=1 time=10ms skipped="starts with UPDATE, which is not a read-only statement" samples=["shop:UPDATE t SET a = 1 WHERE id = 1"]`,
		`select * from t where id = ? count=5 time=5ms skipped="" samples=["shop:SELECT * FROM t WHERE id = 1" "shop:SELECT * FROM t WHERE id = 2" "crm:SELECT * FROM t WHERE id = 1"]`,
		`select b from u count=3 time=0s skipped="cut short" samples=["shop:SELECT b FROM u"]`,
		`select c from u count=3 time=0s skipped="" samples=["shop:SELECT c FROM u"]`,
		`select a from u count=1 time=0s skipped="" samples=["shop:SELECT a FROM u"]`,
		`select * from t where id = ? for update count=1 time=0s skipped="" samples=["shop:select * from t where id = 9 for update"]`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Group:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestGroupSamples(t *testing.T) {
	// A statement the reader could not take is a sample only when no other is.
	stmts := []Statement{
		{SQL: "SELECT 'x...", Skipped: "cut", Count: 1},
		{SQL: "SELECT 'y'", Count: 1},
		{SQL: "SELECT 'z'", Count: 1},
	}
	c := Group(stmts, 2)
	if len(c) != 1 {
		t.Fatalf("%d classes, want 1: %+v", len(c), c)
	}
	sel := c[0]
	if sel.Fingerprint != "select ?" || len(sel.Samples) != 2 || sel.Samples[0].SQL != "SELECT 'y'" || sel.Samples[1].SQL != "SELECT 'z'" || sel.Skipped != "" {
		t.Errorf("class = %+v, want samples 'y' and 'z'", sel)
	}
	if one := Group(stmts, 0); len(one[0].Samples) != 1 {
		t.Errorf("perClass 0 kept %d samples, want 1", len(one[0].Samples))
	}
	if Group(nil, 3) == nil || len(Group(nil, 3)) != 0 {
		t.Error("Group(nil) is not an empty list")
	}
}

func ExampleGroup() {
	stmts, _ := ReadStatements(strings.NewReader(`
		SELECT * FROM orders WHERE id = 7;
		SELECT * FROM orders WHERE id = 8;
		DELETE FROM orders WHERE id = 9;`), "app.sql")
	for _, c := range Group(stmts, 5) {
		fmt.Printf("%s %d %q skipped=%q\n", c.ID, c.Count, c.Fingerprint, c.Skipped)
	}
	// Output:
	// fbde135c64f4f643 2 "select * from orders where id = ?" skipped=""
	// d78af7f1a270d1d1 1 "delete from orders where id = ?" skipped="starts with DELETE, which is not a read-only statement"
}
