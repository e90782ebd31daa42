package querylog

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/testbed"
)

// q1 is a multi-line statement with a ';' in a string and in an alias and
// quotes of every kind.
const q1 = "SELECT id, note,\n  'a;b' AS `x;y`, \"it's\", 'don''t' AS q\nFROM t WHERE id = "

// syncSQL ends the statements on a connection whose slow log entries must be
// in the file when workload returns: a server writes a statement's entry
// after it answers the client, but before it reads the connection's next
// statement. It may or may not be logged itself.
const syncSQL = "DO 'parity-querylog-sync'"

// sessionSQL is what the driver sends as each workload connection opens
// (the DSN parameter long_query_time=0): in the log, but not the workload's.
const sessionSQL = "SET long_query_time = 0"

// workload runs a known mix of statements on two connections, a and b,
// which start in db1, and returns the statements a log of it must hold, in
// order, with the database each ran in.
func workload(t *testing.T, s testbed.Server, db1, db2 string) []Statement {
	t.Helper()
	cfg, err := mysql.ParseDSN(testbed.WithDatabase(s.DSN, db1))
	if err != nil {
		t.Fatal(err)
	}
	cfg.MultiStatements, cfg.InterpolateParams = true, false // server-side prepared statements: Prepare and Execute
	if cfg.Params == nil {
		cfg.Params = map[string]string{}
	}
	cfg.Params["long_query_time"] = "0" // every statement of these sessions goes to the slow log
	db, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	a, err := db.Conn(ctx)
	if err != nil {
		t.Fatalf("connect to %s: %v", s.Name, err)
	}
	defer a.Close()
	b, err := db.Conn(ctx)
	if err != nil {
		t.Fatalf("connect to %s: %v", s.Name, err)
	}
	defer b.Close()
	run := func(c *sql.Conn, q string, args ...any) {
		t.Helper()
		rows, err := c.QueryContext(ctx, q, args...)
		if err != nil {
			t.Fatalf("%s: %s: %v", s.Name, q, err)
		}
		for rows.NextResultSet() {
			for rows.Next() {
			}
		}
		if err := rows.Close(); err != nil {
			t.Fatalf("%s: %s: %v", s.Name, q, err)
		}
	}
	run(a, q1+"1")
	run(a, q1+"2")
	run(a, "SELECT COUNT(*) FROM t /* tag; */ WHERE note LIKE '%;%' -- trailing\n")
	run(a, "USE `"+db2+"`")
	run(a, "SELECT note FROM t WHERE id = ?", 2)
	run(b, "SELECT note FROM t WHERE id = 3")
	run(b, syncSQL)
	run(a, "UPDATE t SET note = 'changed' WHERE id = 3")
	run(a, "SELECT 'm1'; SELECT 'm2'")
	run(a, "BEGIN")
	run(a, "COMMIT")
	run(a, q1+"1")
	run(a, syncSQL)
	return []Statement{
		{SQL: q1 + "1", Schema: db1},
		{SQL: q1 + "2", Schema: db1},
		{SQL: "SELECT COUNT(*) FROM t /* tag; */ WHERE note LIKE '%;%'", Schema: db1},
		{SQL: "USE `" + db2 + "`", Schema: db2},
		{SQL: "SELECT note FROM t WHERE id = 2", Schema: db2},
		{SQL: "SELECT note FROM t WHERE id = 3", Schema: db1},
		{SQL: "UPDATE t SET note = 'changed' WHERE id = 3", Schema: db2},
		{SQL: "SELECT 'm1'", Schema: db2},
		{SQL: "SELECT 'm2'", Schema: db2},
		{SQL: "BEGIN", Schema: db2},
		{SQL: "COMMIT", Schema: db2},
		{SQL: q1 + "1", Schema: db2},
	}
}

// TestRealLogs has each server write a general and a slow log of the same
// workload and reads them back: the statements, their databases and
// counts, and the classes Group makes of them.
func TestRealLogs(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		admin := s.Open(t, "", 1)
		db1, db2 := s.Database(t, "querylog"), s.Database(t, "querylog")
		for _, db := range []string{db1, db2} {
			testbed.Exec(t, admin, "CREATE TABLE `"+db+"`.t (id INT PRIMARY KEY, note VARCHAR(20))",
				"INSERT INTO `"+db+"`.t VALUES (1, 'a;b'), (2, 'c'), (3, 'd')")
		}
		testbed.LockGlobals(t, s)
		// The slow log again with every extra field the server can write.
		verbose := map[string]any{"log_slow_extra": 1}
		if admin.Server.Flavor == schema.MariaDB {
			verbose = map[string]any{"log_slow_verbosity": "query_plan,explain"}
		}
		for _, run := range []struct {
			name  string
			f     Format
			extra map[string]any
		}{{"general", GeneralLog, nil}, {"slow", SlowLog, nil}, {"slow-verbose", SlowLog, verbose}} {
			f := run.f
			t.Run(run.name, func(t *testing.T) {
				var want []Statement
				data := captureLog(t, admin, f, run.extra, func() { want = workload(t, s, db1, db2) })
				name := run.name + ".log"
				if got := Detect(data); got != f {
					t.Errorf("Detect = %q, want %q", got, f)
				}
				all, err := Read(bytes.NewReader(data), name, "")
				if err != nil {
					t.Fatalf("read %s of %s: %v\n%s", f, s.Name, err, data)
				}
				checkOrigins(t, name, all)
				var got []Statement
				for _, st := range all {
					if (st.Schema == db1 || st.Schema == db2) && st.SQL != syncSQL && st.SQL != sessionSQL {
						got = append(got, st)
					}
				}
				if len(got) != len(want) {
					t.Fatalf("%s of %s: %d statements in the test's databases, want %d:\n%s\nlog:\n%s", f, s.Name, len(got), len(want), dump(got), data)
				}
				var logged time.Duration
				for i := range want {
					if got[i].SQL != want[i].SQL || got[i].Schema != want[i].Schema || got[i].Count != 1 || got[i].Skipped != "" {
						t.Errorf("%s of %s: statement %d (%s) = %q in %q (count %d), want %q in %q", f, s.Name, i, got[i].Origin,
							got[i].SQL, got[i].Schema, got[i].Count, want[i].SQL, want[i].Schema)
					}
					logged += got[i].Duration
				}
				if (f == SlowLog) != (logged > 0) {
					t.Errorf("%s of %s: logged time %v", f, s.Name, logged)
				}
				checkClasses(t, got, db1, db2)
				if *updateLogs {
					writeLog(t, s.Name+"-"+run.name+".log", data)
				}
			})
		}
	})
}

// checkClasses checks the classes of the workload's statements.
func checkClasses(t *testing.T, stmts []Statement, db1, db2 string) {
	t.Helper()
	classes := Group(stmts, 3)
	byFP := make(map[string]Class)
	for _, c := range classes {
		byFP[c.Fingerprint] = c
	}
	if len(classes) != 8 {
		t.Errorf("%d classes, want 8:\n%s", len(classes), dumpClasses(classes))
	}
	sel := byFP["select id, note, ? as `x;y`, ?, ? as q from t where id = ?"]
	if sel.Count != 3 || sel.Skipped != "" || len(sel.Samples) != 3 ||
		sel.Samples[0].SQL != q1+"1" || sel.Samples[1].SQL != q1+"2" || sel.Samples[2].Schema != db2 || sel.Samples[0].Schema != db1 {
		t.Errorf("class of q1 = %+v", sel)
	}
	if c := byFP["select note from t where id = ?"]; c.Count != 2 || c.Skipped != "" || len(c.Samples) != 2 {
		t.Errorf("class of the prepared statement = %+v", c)
	}
	if c := byFP["select ?"]; c.Count != 2 || len(c.Samples) != 2 {
		t.Errorf("class of the multi-statement query = %+v", c)
	}
	for fp, why := range map[string]string{
		"update t set note = ? where id = ?": "starts with UPDATE, which is not a read-only statement",
		"use " + db2:                         "starts with USE",
		"begin":                              "starts with BEGIN",
		"commit":                             "starts with COMMIT",
	} {
		if c, ok := byFP[fp]; !ok || !strings.HasPrefix(c.Skipped, why) {
			t.Errorf("class %q = %+v, want one skipped because it %s", fp, c, why)
		}
	}
}

// checkOrigins checks that the statements' origins name the log and lines
// that never go back.
func checkOrigins(t *testing.T, name string, stmts []Statement) {
	t.Helper()
	last := 0
	for _, s := range stmts {
		n, ok := originLine(s.Origin, name)
		if !ok || n < last {
			t.Fatalf("origin %q after line %d", s.Origin, last)
		}
		last = n
	}
}

// captureLog has the server write a fresh general or slow log of what
// workload does, with the extra globals set, and returns the file. It
// restores every global it changed before it returns, even on failure, and
// keeps the window in which the server logs everything short: other
// packages' tests may be running.
func captureLog(t *testing.T, admin *conn.Pool, f Format, extra map[string]any, workload func()) []byte {
	t.Helper()
	ctx := context.Background()
	on, file := "general_log", "general_log_file"
	if f == SlowLog {
		on, file = "slow_query_log", "slow_query_log_file"
	}
	var datadir string
	if err := admin.QueryRowContext(ctx, "SELECT @@datadir").Scan(&datadir); err != nil {
		t.Fatal(err)
	}
	var b [4]byte
	_, _ = rand.Read(b[:])
	path := filepath.Join(datadir, "parity-querylog-"+string(f)+"-"+hex.EncodeToString(b[:])+".log")
	host := testbed.HostPath(admin.Server, path)
	t.Cleanup(func() { os.Remove(host) })

	type setting struct {
		name  string
		value any
	}
	settings := []setting{{"log_output", "FILE"}, {file, path}}
	// long_query_time stays as it is globally: the workload's sessions set
	// 0 for themselves, so that other tests' statements on the shared
	// server stay out of the log (MySQL attributes a logged statement of a
	// connection without a database to the database logged before it).
	for name, v := range extra {
		settings = append(settings, setting{name, v})
	}
	settings = append(settings, setting{on, 1})
	func() {
		for _, set := range settings {
			var old string
			if err := admin.QueryRowContext(ctx, "SELECT @@GLOBAL."+set.name).Scan(&old); err != nil {
				t.Errorf("read %s: %v", set.name, err)
				return
			}
			if _, err := admin.ExecContext(ctx, "SET GLOBAL "+set.name+" = ?", set.value); err != nil {
				t.Errorf("SET GLOBAL %s = %v: %v", set.name, set.value, err)
				return
			}
			defer func() { // in reverse: logging stops first
				var v any = old
				if n, err := strconv.ParseFloat(old, 64); err == nil {
					v = n // SET GLOBAL long_query_time = '10.000000' is refused
				}
				if _, err := admin.ExecContext(ctx, "SET GLOBAL "+set.name+" = ?", v); err != nil {
					t.Errorf("restore %s = %s: %v", set.name, old, err)
				}
			}()
		}
		workload()
	}()
	if t.Failed() {
		t.FailNow()
	}
	data, err := os.ReadFile(host)
	if err != nil {
		t.Fatalf("read the %s log the server wrote: %v", f, err)
	}
	return data
}

// writeLog keeps a log a server wrote in testdata/logs, for TestReadGolden
// and as seeds of the fuzz tests.
func writeLog(t *testing.T, name string, data []byte) {
	t.Helper()
	p := filepath.Join("testdata", "logs", name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func dump(stmts []Statement) string {
	var b strings.Builder
	for _, s := range stmts {
		b.WriteString(s.Origin + "\t" + s.Schema + "\t" + s.SQL + "\n")
	}
	return b.String()
}

func dumpClasses(classes []Class) string {
	var b strings.Builder
	for _, c := range slices.Clone(classes) {
		b.WriteString(c.ID + "\t" + c.Fingerprint + "\t" + c.Skipped + "\n")
	}
	return b.String()
}
