package replay

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/querylog"
	"github.com/parity-db/parity/testbed"
)

// migration builds the same small application schema on an old MariaDB and
// a new MySQL the way a migration leaves it: a DECIMAL widened, an index
// added, JSON stored natively, one row changed by a bug.
func migration(t *testing.T) (src, tgt *conn.Pool) {
	t.Helper()
	oldS, newS := testbed.Get(t, "old"), testbed.Get(t, "new")
	oldDB, newDB := oldS.Database(t, "replay"), newS.Database(t, "replay")
	src, tgt = oldS.Open(t, oldDB, 4), newS.Open(t, newDB, 4)
	for i, p := range []*conn.Pool{src, tgt} {
		scale := "10,2"
		index := ""
		if i == 1 {
			scale, index = "12,4", ", KEY idx_name (name)"
		}
		testbed.Exec(t, p,
			"CREATE TABLE sales (id INT PRIMARY KEY, region VARCHAR(10), amount DECIMAL("+scale+"))",
			"CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(40), prefs JSON"+index+")",
			"CREATE TABLE docs (id INT PRIMARY KEY, created_at DATETIME, doc JSON)",
		)
		var rows []string
		regions := []string{"north", "east", "west", "south"}
		for k := range 400 {
			rows = append(rows, fmt.Sprintf("(%d, '%s', %d.%02d)", k, regions[k%4], k, k%100))
		}
		testbed.Exec(t, p, "INSERT INTO sales VALUES "+strings.Join(rows, ","))
		rows = rows[:0]
		for k := range 2000 {
			name := fmt.Sprintf("customer %d", k)
			if i == 1 && k == 42 {
				name = "customer 42 (changed)"
			}
			rows = append(rows, fmt.Sprintf(`(%d, '%s', '{"lang": "en", "n": %d.0, "tags": ["a", "b"]}')`, k, name, k))
		}
		testbed.Exec(t, p, "INSERT INTO customers VALUES "+strings.Join(rows, ","), "ANALYZE TABLE customers")
		// A ledger of doubles whose SUM is 99468.63299999999 added in key
		// order and 99468.63300000007 in the target's covering index order:
		// one value, which rounds to neighbouring 15-digit values.
		ledgerIndex := ""
		if i == 1 {
			ledgerIndex = ", KEY k_v (k, v)"
		}
		testbed.Exec(t, p, "CREATE TABLE ledger (id INT PRIMARY KEY, k INT NOT NULL, v DOUBLE NOT NULL"+ledgerIndex+")",
			"INSERT INTO ledger VALUES "+ledgerRows(), "ANALYZE TABLE ledger")
		big := strings.Repeat("x", 400_000)
		for k := range 20 {
			testbed.Exec(t, p, fmt.Sprintf(`INSERT INTO docs VALUES (%d, '2024-01-01 00:00:00' + INTERVAL %d HOUR, '{"k": %d, "v": "%s"}')`,
				k, k, k, big))
		}
	}
	return src, tgt
}

// ledgerRows are 200 rows (id, k, v) of amounts times 1.1e0, k in the
// reverse order of id: seed 573 makes the two orders' sums straddle a
// 15-digit rounding boundary.
func ledgerRows() string {
	r := rand.New(rand.NewPCG(573, 0))
	var rows []string
	for i := range 200 {
		c := 100 + r.IntN(99900)
		v, _ := strconv.ParseFloat(fmt.Sprintf("%d.%02d", c/100, c%100), 64)
		rows = append(rows, fmt.Sprintf("(%d, %d, %s)", i+1, 200-i, strconv.FormatFloat(v*1.1, 'g', 17, 64)))
	}
	return strings.Join(rows, ",")
}

// fixture is the rehearsal log: each statement and what replay must say of it.
var fixture = []struct {
	sql     string
	verdict Verdict
	kind    Kind   // the difference expected, "" for none
	notice  string // a substring of an expected notice
}{
	{sql: "SELECT region, COUNT(*), SUM(amount) FROM sales GROUP BY region", verdict: Notice,
		notice: "another order"},
	{sql: "SELECT * FROM docs ORDER BY created_at DESC", verdict: Different, kind: ErrorDiff},
	{sql: "SELECT MD5(name) FROM customers WHERE id = 1", verdict: Different, kind: ErrorDiff},
	{sql: "SELECT id, prefs FROM customers WHERE id < 50 AND id <> 42", verdict: Same},
	{sql: "SELECT id, amount FROM sales WHERE id BETWEEN 10 AND 20", verdict: Same},
	{sql: "SELECT region, AVG(amount) FROM sales GROUP BY region ORDER BY region", verdict: Same},
	{sql: "SELECT id, name FROM customers WHERE id BETWEEN 40 AND 45 ORDER BY id", verdict: Different,
		kind: RowsDiff},
	{sql: "SELECT id FROM customers WHERE name = 'customer 7'", verdict: Same},
	{sql: "SELECT RAND(), NOW(), COUNT(*) FROM customers", verdict: Notice, notice: "rows not compared"},
	{sql: "SELECT SUM(v) FROM ledger", verdict: Notice, notice: "differ only beyond the last digit doubles compare to " +
		"(source 99468.63299999999, target 99468.63300000007)"},
	{sql: "UPDATE customers SET name = 'x' WHERE id = 1", verdict: Skipped},
}

func fixtureClasses() []querylog.Class {
	var stmts []querylog.Statement
	for i, f := range fixture {
		stmts = append(stmts, querylog.Statement{SQL: f.sql, Origin: fmt.Sprintf("fixture:%d", i+1), Count: 1})
	}
	return querylog.Group(stmts, 3)
}

func TestReplayMigration(t *testing.T) {
	src, tgt := migration(t)
	ctx := context.Background()
	var notices []string
	res, err := Run(ctx, src, tgt, fixtureClasses(), int64(len(fixture)), Options{Runs: 3, Notify: func(s string) {
		notices = append(notices, s)
	}})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	bySQL := map[string]*Class{}
	for _, c := range res.Classes {
		for _, s := range c.Samples {
			bySQL[s.SQL] = c
		}
		if c.Skipped != "" {
			bySQL[fixture[len(fixture)-1].sql] = c
		}
	}
	for _, f := range fixture {
		c := bySQL[f.sql]
		if c == nil {
			t.Errorf("%s: not in the result", f.sql)
			continue
		}
		if c.Verdict != f.verdict {
			t.Errorf("%s: verdict %s, want %s (%+v)", f.sql, c.Verdict, f.verdict, describe(c))
		}
		if f.verdict == Skipped {
			if len(c.Samples) != 0 {
				t.Errorf("%s: skipped class ran %d samples", f.sql, len(c.Samples))
			}
			continue
		}
		s := c.Samples[0]
		if f.kind != "" && (len(s.Differences) == 0 || s.Differences[0].Kind != f.kind) {
			t.Errorf("%s: differences %+v, want %s first", f.sql, s.Differences, f.kind)
		}
		if f.kind == "" && len(s.Differences) > 0 {
			t.Errorf("%s: unexpected differences %+v", f.sql, s.Differences)
		}
		if f.notice != "" && !strings.Contains(strings.Join(s.Notices, "\n"), f.notice) {
			t.Errorf("%s: notices %q, want one with %q", f.sql, s.Notices, f.notice)
		}
	}
	// The changed row is shown from both sides.
	rowsClass := bySQL["SELECT id, name FROM customers WHERE id BETWEEN 40 AND 45 ORDER BY id"]
	if rowsClass != nil && len(rowsClass.Samples) > 0 && len(rowsClass.Samples[0].Differences) > 0 {
		d := rowsClass.Samples[0].Differences[0]
		if fmt.Sprint(d.OnlySource) != "[[42 customer 42]]" || fmt.Sprint(d.OnlyTarget) != "[[42 customer 42 (changed)]]" {
			t.Errorf("rows shown: source %v, target %v", d.OnlySource, d.OnlyTarget)
		}
	}
	// The sort that fails on MySQL names its error.
	if c := bySQL["SELECT * FROM docs ORDER BY created_at DESC"]; c != nil && len(c.Samples) > 0 {
		if e := c.Samples[0].Target.Error; e == nil || e.Code != 1038 {
			t.Errorf("docs sort: target error %+v, want ERROR 1038", e)
		}
	}
	if len(notices) > 0 {
		t.Errorf("notices in an undisturbed run: %q", notices)
	}
	// The index only the target has changes the lookup's plan.
	if c := bySQL["SELECT id FROM customers WHERE name = 'customer 7'"]; c != nil {
		if c.Plan == nil || !strings.Contains(strings.Join(c.Plan.Changes, "\n"), "type ALL → ref") {
			t.Errorf("lookup plan: %+v", c.Plan)
		}
	}
	for _, c := range res.Classes {
		if c.Verdict == Same && c.Timing == nil {
			t.Errorf("%s: compared but not timed", c.Fingerprint)
		}
		if c.Timing != nil && (c.Timing.Source.N != 3 || c.Timing.Target.N != 3) {
			t.Errorf("%s: timed %d/%d runs, want 3", c.Fingerprint, c.Timing.Source.N, c.Timing.Target.N)
		}
	}
}

func describe(c *Class) string {
	var b strings.Builder
	for _, s := range c.Samples {
		fmt.Fprintf(&b, "[%s diffs=%+v notices=%q src=%+v tgt=%+v]", s.Verdict, s.Differences, s.Notices,
			s.Source.Error, s.Target.Error)
	}
	return b.String()
}

// TestReplayServerGoesAway kills the target server during one statement and
// starts it again: that statement is reported, and the next one runs.
func TestReplayServerGoesAway(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server of its own")
	}
	in := testbed.StartMySQL(t)
	src := testbed.Get(t, "old").Open(t, "", 2)
	tgt := in.Server().Open(t, "", 2)
	classes := querylog.Group([]querylog.Statement{
		{SQL: "SELECT SLEEP(3), 'first'", Count: 1},
		{SQL: "SELECT 'after the restart'", Count: 1},
	}, 1)
	go func() {
		time.Sleep(1 * time.Second)
		in.Kill()
		time.Sleep(time.Second)
		in.Start()
	}()
	var notices []string
	res, err := Run(context.Background(), src, tgt, classes, 2, Options{NoTiming: true,
		Notify: func(s string) { notices = append(notices, s) }})
	if err != nil {
		t.Fatalf("Run: %v (notices %q)", err, notices)
	}
	got := map[string]*Statement{}
	for _, c := range res.Classes {
		for _, s := range c.Samples {
			got[s.SQL] = s
		}
	}
	first, after := got["SELECT SLEEP(3), 'first'"], got["SELECT 'after the restart'"]
	if first == nil || first.Target.Error == nil || !first.Target.Error.Lost || first.Verdict != Different {
		t.Errorf("the statement the server died in: %+v", first)
	}
	if after == nil || after.Verdict != Same {
		t.Errorf("the statement after the restart: %+v", after)
	}
	if len(notices) == 0 || !strings.Contains(strings.Join(notices, "\n"), "target") {
		t.Errorf("no notice of the lost target: %q", notices)
	}
}
