package replay_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/querylog"
	"github.com/parity-db/parity/testbed"
)

// captureSourceLog has the source server write a slow query log of the
// application running queries, and returns the path of a copy of it in
// dir: the log both tools then replay.
//
// The server's globals point its slow log at a fresh file only while the
// application runs, under the testbed's globals lock, and are restored
// before it returns, even when it fails. long_query_time = 0 is set on the
// application's session alone, so that the log holds its statements and not
// those of other tests using the server at the same time.
func captureSourceLog(b *testing.B, f *benchFixture, queries []benchQuery, dir string) string {
	b.Helper()
	ctx := context.Background()
	admin := f.old.Open(b, "", 1)
	var datadir string
	if err := admin.QueryRowContext(ctx, "SELECT @@datadir").Scan(&datadir); err != nil {
		b.Fatal(err)
	}
	var n [4]byte
	_, _ = rand.Read(n[:])
	path := filepath.Join(datadir, "parity-replaybench-"+hex.EncodeToString(n[:])+"-slow.log")
	host := testbed.HostPath(admin.Server, path)
	defer os.Remove(host)
	testbed.WithGlobalsLocked(b, f.old, func() {
		withGlobals(b, admin, []global{{"log_output", "FILE"}, {"slow_query_log_file", path}, {"slow_query_log", 1}},
			func() { runApplication(b, f, queries) })
	})
	data, err := os.ReadFile(host)
	if err != nil {
		b.Fatalf("read the slow log the source wrote: %v", err)
	}
	out := filepath.Join(dir, "source-slow.log")
	if err := os.WriteFile(out, data, 0o644); err != nil {
		b.Fatal(err)
	}
	checkLog(b, out, f.db, queries)
	return out
}

// global is a server variable and the value to give it.
type global struct {
	name  string
	value any
}

// withGlobals sets each global in turn, runs fn, and sets them back in
// reverse order (logging stops first), also when setting one or fn fails.
func withGlobals(b *testing.B, admin *conn.Pool, globals []global, fn func()) {
	b.Helper()
	ctx := context.Background()
	for _, g := range globals {
		var old string
		if err := admin.QueryRowContext(ctx, "SELECT @@GLOBAL."+g.name).Scan(&old); err != nil {
			b.Fatalf("read %s: %v", g.name, err)
		}
		if _, err := admin.ExecContext(ctx, "SET GLOBAL "+g.name+" = ?", g.value); err != nil {
			b.Fatalf("SET GLOBAL %s = %v: %v", g.name, g.value, err)
		}
		defer func() {
			var v any = old
			if n, err := strconv.ParseFloat(old, 64); err == nil {
				v = n // SET GLOBAL long_query_time = '10.000000' is refused
			}
			if _, err := admin.ExecContext(ctx, "SET GLOBAL "+g.name+" = ?", v); err != nil {
				b.Errorf("restore %s = %s: %v", g.name, old, err)
			}
		}()
	}
	fn()
}

// runApplication runs the queries in order on one ordinary client
// connection to the source, in the fixture's database, as the application
// would: each read to its last row, each block of writes in a transaction
// that is rolled back, so the data stays as it was.
func runApplication(b *testing.B, f *benchFixture, queries []benchQuery) {
	b.Helper()
	ctx := context.Background()
	db, err := sql.Open("mysql", testbed.WithDatabase(f.old.DSN, f.db))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	c, err := db.Conn(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	exec := func(q string) {
		if _, err := c.ExecContext(ctx, q); err != nil {
			b.Fatalf("source: %s: %v", q, err)
		}
	}
	exec("SET SESSION long_query_time = 0")
	inTx := false
	for _, q := range queries {
		switch {
		case q.write && !inTx:
			exec("BEGIN")
			inTx = true
		case !q.write && inTx:
			exec("ROLLBACK")
			inTx = false
		}
		if q.write {
			exec(q.sql)
			continue
		}
		rows, err := c.QueryContext(ctx, q.sql)
		if err != nil {
			b.Fatalf("source: %s: %v", q.sql, err)
		}
		for rows.Next() {
		}
		if err := rows.Close(); err != nil {
			b.Fatalf("source: %s: %v", q.sql, err)
		}
	}
	if inTx {
		exec("ROLLBACK")
	}
	// The server writes a statement's entry before it reads the next
	// statement: once this one answers, the log is complete. It is not
	// logged itself.
	exec("SET SESSION long_query_time = 10")
}

// checkLog fails unless the log holds every query, in order, in the
// fixture's database.
func checkLog(b *testing.B, path, db string, queries []benchQuery) {
	b.Helper()
	fh, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer fh.Close()
	stmts, err := querylog.ReadSlowLog(fh, filepath.Base(path))
	if err != nil {
		b.Fatalf("read %s: %v", path, err)
	}
	k := 0
	for _, s := range stmts {
		if k < len(queries) && s.SQL == queries[k].sql {
			if s.Schema != db {
				b.Fatalf("%s: %s logged in database %q, want %q", s.Origin, s.SQL, s.Schema, db)
			}
			k++
		}
	}
	if k < len(queries) {
		b.Fatalf("%s holds %d of the %d statements run (the first missing: %s)", path, k, len(queries), queries[k].sql)
	}
}
