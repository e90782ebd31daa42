// Package testbed connects integration tests to the real servers that
// `make testbed-up` starts (or that a user brings): MariaDB as the "old"
// cluster and MySQL 9.x as the "new" one, found through PARITY_TEST_OLD_DSN
// and PARITY_TEST_NEW_DSN. When CI=true a missing server fails the test; it
// never skips.
package testbed

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/schema"
)

// Server is one testbed server.
type Server struct {
	Name   string // "old" (MariaDB) or "new" (MySQL 9.x)
	EnvVar string
	DSN    string
}

// Servers lists the testbed servers in a fixed order: old, then new.
func Servers() []Server {
	return []Server{
		{Name: "old", EnvVar: "PARITY_TEST_OLD_DSN", DSN: os.Getenv("PARITY_TEST_OLD_DSN")},
		{Name: "new", EnvVar: "PARITY_TEST_NEW_DSN", DSN: os.Getenv("PARITY_TEST_NEW_DSN")},
	}
}

// missing fails under CI and skips elsewhere, so a laptop without servers can
// still run the unit tests.
func missing(t testing.TB, s Server) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not set: integration tests need the testbed (make testbed-up)", s.EnvVar)
	}
	t.Skipf("%s is not set: run make testbed-up, or make test", s.EnvVar)
}

// ForEach runs fn as a subtest against each server, the same suite on both.
func ForEach(t *testing.T, fn func(t *testing.T, s Server)) {
	t.Helper()
	for _, s := range Servers() {
		t.Run(s.Name, func(t *testing.T) {
			if s.DSN == "" {
				missing(t, s)
			}
			fn(t, s)
		})
	}
}

// Get returns the named server ("old" or "new"), failing or skipping as
// ForEach does when it is not configured.
func Get(t testing.TB, name string) Server {
	t.Helper()
	for _, s := range Servers() {
		if s.Name == name {
			if s.DSN == "" {
				missing(t, s)
			}
			return s
		}
	}
	t.Fatalf("no testbed server %q", name)
	return Server{}
}

// Endpoint parses the server's DSN, optionally naming a database.
func (s Server) Endpoint(t testing.TB, database string) *conn.Endpoint {
	t.Helper()
	dsn := s.DSN
	if database != "" {
		dsn = WithDatabase(dsn, database)
	}
	ep, err := conn.Parse(dsn, conn.Options{Role: s.Name, Files: conn.OptionFiles{NoDefaults: true}})
	if err != nil {
		t.Fatalf("parse %s: %v", s.EnvVar, err)
	}
	return ep
}

// WithDatabase puts database into a go-sql-driver DSN of the form
// user:pass@tcp(host:port)/[db][?params].
func WithDatabase(dsn, database string) string {
	i := strings.LastIndex(dsn, "/")
	if i < 0 {
		return dsn
	}
	rest := dsn[i+1:]
	params := ""
	if j := strings.IndexByte(rest, '?'); j >= 0 {
		params = rest[j:]
	}
	return dsn[:i+1] + database + params
}

// Open opens a pool on the server, closed when the test ends.
func (s Server) Open(t testing.TB, database string, maxConns int) *conn.Pool {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	p, err := conn.Open(ctx, s.Endpoint(t, database), maxConns)
	if err != nil {
		t.Fatalf("open %s server: %v", s.Name, err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// Database creates a fresh, uniquely named database for one test and drops
// it when the test ends (keep it with PARITY_TEST_KEEP=1 to inspect).
func (s Server) Database(t testing.TB, prefix string) string {
	t.Helper()
	var b [4]byte
	_, _ = rand.Read(b[:])
	name := "pt_" + prefix + "_" + hex.EncodeToString(b[:])
	p := s.Open(t, "", 1)
	ctx := context.Background()
	if _, err := p.ExecContext(ctx, "CREATE DATABASE "+schema.QuoteIdent(name)+" CHARACTER SET utf8mb4"); err != nil {
		t.Fatalf("create database %s on %s: %v", name, s.Name, err)
	}
	t.Cleanup(func() {
		if os.Getenv("PARITY_TEST_KEEP") == "" {
			_, _ = p.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+schema.QuoteIdent(name))
		}
	})
	return name
}

// CopyDatabase creates a fresh database (as Database) holding a copy of
// every base table of db, rows included, for tests that verify a schema
// against an equal one: parity refuses to compare a table with itself.
func (s Server) CopyDatabase(t testing.TB, db string) string {
	t.Helper()
	copied := s.Database(t, "copy")
	p := s.Open(t, "", 1)
	ctx := context.Background()
	rows, err := p.QueryContext(ctx, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME", db)
	if err != nil {
		t.Fatalf("list tables of %s on %s: %v", db, s.Name, err)
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		from := schema.QuoteIdent(db) + "." + schema.QuoteIdent(n)
		to := schema.QuoteIdent(copied) + "." + schema.QuoteIdent(n)
		Exec(t, p, "CREATE TABLE "+to+" LIKE "+from, "INSERT INTO "+to+" SELECT * FROM "+from)
	}
	return copied
}

// Exec runs statements, failing the test on the first error.
func Exec(t testing.TB, p *conn.Pool, stmts ...string) {
	t.Helper()
	for _, q := range stmts {
		if _, err := p.ExecContext(context.Background(), q); err != nil {
			t.Fatalf("%s: %v\n%s", p.Server.Flavor, err, q)
		}
	}
}

// KillConnections cuts every connection whose current database is db, as a
// server restart would look to the client, and returns how many it killed.
// It does not count its own connection.
func KillConnections(t testing.TB, admin *conn.Pool, db string) int {
	t.Helper()
	killed, _, err := killConnections(admin, db)
	if err != nil {
		t.Errorf("%v", err)
	}
	return killed
}

// KillRunConnections is KillConnections for a test whose run must have a
// connection open: a server under load can list a connection late or
// refuse a KILL for a moment, so it tries again for up to two seconds
// before it fails the test, saying why each attempt found nothing to kill.
func KillRunConnections(t testing.TB, admin *conn.Pool, db string) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	var whys []string
	for {
		killed, why, err := killConnections(admin, db)
		if killed > 0 {
			return
		}
		if err != nil {
			why = err.Error()
		}
		whys = append(whys, why)
		if time.Now().After(deadline) {
			t.Errorf("no connection of the run to kill on %s (%d attempts): %s", admin.Server.Flavor, len(whys), strings.Join(slices.Compact(whys), " | "))
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// killConnections is one attempt of KillConnections: how many it killed,
// when none why, and the failure of the process list query if it failed.
func killConnections(admin *conn.Pool, db string) (int, string, error) {
	ctx := context.Background()
	rows, err := admin.QueryContext(ctx, "SELECT ID FROM "+admin.Server.ProcessList()+" WHERE DB = ? AND ID <> CONNECTION_ID()", db)
	if err != nil {
		return 0, "", fmt.Errorf("processlist: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, "", fmt.Errorf("processlist: %w", err)
		}
		ids = append(ids, id)
	}
	err = rows.Close()
	if err == nil {
		err = rows.Err()
	}
	if err != nil {
		return 0, "", fmt.Errorf("processlist: %w", err)
	}
	if len(ids) == 0 {
		return 0, "no connection listed", nil
	}
	killed := 0
	var why []string
	for _, id := range ids {
		if _, err := admin.ExecContext(ctx, fmt.Sprintf("KILL %d", id)); err != nil {
			why = append(why, fmt.Sprintf("KILL %d: %v", id, err))
			continue
		}
		killed++
	}
	return killed, strings.Join(why, "; "), nil
}

// LockGlobals serializes the tests that change global variables on s (bench
// grids with SET GLOBAL) across test packages, which go test runs in
// parallel: one test's "original" value must never be another's change. The
// lock is a server-side named lock, held until the test ends.
func LockGlobals(t testing.TB, s Server) {
	t.Helper()
	t.Cleanup(lockGlobals(t, s))
}

// WithGlobalsLocked runs fn holding the lock LockGlobals takes and releases
// it when fn returns, even if fn fails the test: for a benchmark that changes
// globals only while it prepares, so that other packages' tests need not
// wait for the whole measurement.
func WithGlobalsLocked(t testing.TB, s Server, fn func()) {
	t.Helper()
	release := lockGlobals(t, s)
	defer release()
	fn()
}

// lockGlobals takes the globals lock of s and returns its release.
func lockGlobals(t testing.TB, s Server) func() {
	t.Helper()
	p := s.Open(t, "", 1)
	ctx := context.Background()
	c, err := p.Conn(ctx)
	if err != nil {
		t.Fatalf("lock globals on %s: %v", s.Name, err)
	}
	var got sql.NullInt64
	if err := c.QueryRowContext(ctx, "SELECT GET_LOCK('parity_test_globals', 600)").Scan(&got); err != nil || got.Int64 != 1 {
		c.Close()
		t.Fatalf("lock globals on %s: %v (got %v)", s.Name, err, got)
	}
	return func() {
		_, _ = c.ExecContext(context.Background(), "DO RELEASE_LOCK('parity_test_globals')")
		c.Close()
	}
}

// PID is the process id of the server, read from its pid file: the shared
// MySQL runs in a chroot, whose @@pid_file is a path inside it.
func (s Server) PID(t testing.TB) int {
	t.Helper()
	p := s.Open(t, "", 1)
	var file string
	var version string
	if err := p.QueryRowContext(context.Background(), "SELECT @@pid_file, @@version").Scan(&file, &version); err != nil {
		t.Fatalf("pid file of %s: %v", s.Name, err)
	}
	if !strings.Contains(version, "MariaDB") {
		file = filepath.Join(chrootDir(), file)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("pid of %s: %v", s.Name, err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil {
		t.Fatalf("pid file %s of %s: %v", file, s.Name, err)
	}
	return pid
}

// HostPath is where a file that a testbed server names by path
// (@@datadir, @@general_log_file) lies on this machine: the shared MySQL
// runs in a chroot, so its paths are inside it.
func HostPath(srv schema.Server, path string) string {
	if srv.Flavor == schema.MariaDB {
		return path
	}
	return filepath.Join(chrootDir(), path)
}
