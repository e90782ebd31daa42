package extract

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/testbed"
)

// snapshotTable makes db.t with a few rows.
func snapshotTable(t *testing.T, s testbed.Server, prefix string) (*conn.Pool, string) {
	t.Helper()
	db := s.Database(t, prefix)
	p := s.Open(t, db, 8)
	testbed.Exec(t, p, "CREATE TABLE t (id INT PRIMARY KEY, v INT)", "INSERT INTO t VALUES (1, 0), (2, 0), (3, 0)")
	return p, db
}

// session is a connection of its own the test drives, closed at the end.
func session(t *testing.T, p *conn.Pool) *sql.Conn {
	t.Helper()
	c, err := p.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func connectionID(t *testing.T, c *sql.Conn) int64 {
	t.Helper()
	var id int64
	if err := c.QueryRowContext(context.Background(), "SELECT CONNECTION_ID()").Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// unhindered checks that a new reader and a new writer of db.t get through
// at once: nothing the snapshot took is left behind.
func unhindered(t *testing.T, p *conn.Pool, what string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	var n int
	if err := p.QueryRowContext(ctx, "SELECT COUNT(*) FROM t").Scan(&n); err != nil {
		t.Errorf("%s: a new reader of the table waited: %v", what, err)
	}
	if _, err := p.ExecContext(ctx, "UPDATE t SET v = v + 1 WHERE id = 3"); err != nil {
		t.Errorf("%s: a new writer of the table waited: %v", what, err)
	}
}

// TestConsistentBesideLongSelect: a SELECT running for seconds on a
// selected table neither delays the snapshot nor, through it, any reader;
// this is what FLUSH TABLES WITH READ LOCK got wrong on MySQL 9.7.
func TestConsistentBesideLongSelect(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		p, db := snapshotTable(t, s, "longsel")
		tables := inspect(t, p, db, "t")
		long := session(t, p)
		id := connectionID(t, long)
		done := make(chan error, 1)
		go func() {
			_, err := long.ExecContext(context.Background(), "SELECT SLEEP(10), COUNT(*) FROM t")
			done <- err
		}()
		waitState(t, p, id, "sleep")
		start := time.Now()
		res, err := runChecked(t, p, tables, newMemSink(), Options{Consistent: ConsistencyStrict})
		if err != nil {
			t.Fatalf("--consistent beside a long SELECT: %v", err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("the snapshot took %v: it waited for the SELECT", d)
		}
		if !strings.Contains(res.Consistency, "LOCK TABLES") {
			t.Errorf("consistency %q", res.Consistency)
		}
		unhindered(t, p, "after the run, the SELECT still running")
		select {
		case err := <-done:
			t.Fatalf("the long SELECT ended (%v) before the checks were done: they prove nothing", err)
		default:
		}
		testbed.Exec(t, p, fmt.Sprintf("KILL QUERY %d", id))
		<-done
	})
}

func waitState(t *testing.T, p *conn.Pool, id int64, state string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		var st sql.NullString
		err := p.QueryRowContext(context.Background(), "SELECT STATE FROM "+p.Server.ProcessList()+" WHERE ID = ?", id).Scan(&st)
		if err == nil && strings.Contains(strings.ToLower(st.String), state) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("connection %d never reached state %q", id, state)
}

// openWriter leaves a transaction that changed db.t open on its own
// connection, as an application that forgot to commit does, for at least
// blockerAge seconds; it is rolled back when the test ends.
func openWriter(t *testing.T, p *conn.Pool) int64 {
	t.Helper()
	w := session(t, p)
	for _, q := range []string{"START TRANSACTION", "UPDATE t SET v = v + 1 WHERE id = 1"} {
		if _, err := w.ExecContext(context.Background(), q); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { _, _ = w.ExecContext(context.Background(), "ROLLBACK") })
	id := connectionID(t, w) // before the wait: a statement restarts the session's clock
	time.Sleep(time.Duration(blockerAge)*time.Second + 500*time.Millisecond)
	return id
}

// TestConsistentRefusesOpenWriter: on MySQL, performance_schema shows who
// holds a write lock on a selected table; the snapshot refuses at once,
// naming the session, rather than wait with writers queued behind it.
func TestConsistentRefusesOpenWriter(t *testing.T) {
	s := testbed.Get(t, "new")
	p, db := snapshotTable(t, s, "openw")
	tables := inspect(t, p, db, "t")
	id := openWriter(t, p)
	start := time.Now()
	_, err := runChecked(t, p, tables, newMemSink(), Options{Consistent: ConsistencyStrict})
	if !errors.Is(err, ErrSnapshotBlocked) {
		t.Fatalf("err %v, want ErrSnapshotBlocked", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("refused after %v; the check should not wait", d)
	}
	for _, want := range []string{fmt.Sprintf("connection %d (parity@", id), "holds a write lock on " + db + ".t",
		"idle for", "in a transaction that changed it", fmt.Sprintf("KILL %d", id), "without --consistent"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
	var pending int
	if err := p.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM performance_schema.metadata_locks
		WHERE OBJECT_SCHEMA = ? AND LOCK_TYPE = 'SHARED_READ_ONLY'`, db).Scan(&pending); err != nil || pending != 0 {
		t.Errorf("%d read locks left on the table (%v)", pending, err)
	}
}

// TestConsistentLockWaitNamesWriter: where the tables a transaction locked
// are not visible (MariaDB keeps performance_schema off), the lock waits
// its bounded time, gives up cleanly and names the open write transactions.
func TestConsistentLockWaitNamesWriter(t *testing.T) {
	s := testbed.Get(t, "old")
	p, db := snapshotTable(t, s, "lockwait")
	tables := inspect(t, p, db, "t")
	saved := lockWait
	lockWait = 2 * time.Second
	defer func() { lockWait = saved }()
	id := openWriter(t, p)
	_, err := runChecked(t, p, tables, newMemSink(), Options{Consistent: ConsistencyStrict})
	if err == nil {
		t.Fatal("--consistent succeeded beside an open write transaction")
	}
	for _, want := range []string{"waited 2s", fmt.Sprintf("connection %d (parity@", id), "has an open transaction that changed rows", "without --consistent"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
	// The writer still holds its row; any other row is free at once.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if _, err := p.ExecContext(ctx, "UPDATE t SET v = v + 1 WHERE id = 2"); err != nil {
		t.Errorf("a writer after the failed snapshot waited: %v", err)
	}
}
