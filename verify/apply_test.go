package verify

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/testbed"
)

// applyFixture writes a fix file in FixWriter's shape for three tables of
// db: a, b whose statements each take 0.2 s (so an interrupt finds its
// transaction open), and c. What ApplyFix reports must match what the
// server kept.
func applyFixture(t *testing.T, p *conn.Pool, db string, bad bool) string {
	t.Helper()
	testbed.Exec(t, p, "CREATE TABLE a (id INT PRIMARY KEY)", "CREATE TABLE b (id INT PRIMARY KEY)", "CREATE TABLE c (id INT PRIMARY KEY)")
	var sb strings.Builder
	sb.WriteString("-- parity fix SQL: makes TARGET equal to SOURCE\nSET NAMES utf8mb4;\n\n")
	sb.WriteString("-- table " + db + ".a\nSTART TRANSACTION;\nINSERT INTO a VALUES (1);\nINSERT INTO a VALUES (2);\nCOMMIT;\n\n")
	sb.WriteString("-- table " + db + ".b\nSTART TRANSACTION;\n")
	for i := 1; i <= 20; i++ {
		sb.WriteString("INSERT INTO b SELECT " + strconv.Itoa(i) + " FROM DUAL WHERE SLEEP(0.2) = 0;\n")
		if bad && i == 3 {
			sb.WriteString("INSERT INTO b VALUES (1);\n") // a duplicate key
		}
	}
	sb.WriteString("COMMIT;\n\n-- table " + db + ".c\nSTART TRANSACTION;\nINSERT INTO c VALUES (1);\nCOMMIT;\n")
	path := filepath.Join(t.TempDir(), "fix.sql")
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func rowCount(t *testing.T, p *conn.Pool, table string) int {
	t.Helper()
	var n int
	if err := p.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestApplyFixInterrupted: Ctrl-C while a table's transaction is open rolls
// it back; the tables before it stay committed and the report says which.
func TestApplyFixInterrupted(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		db := s.Database(t, "applyint")
		p := s.Open(t, db, 2)
		path := applyFixture(t, p, db, false)
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(700*time.Millisecond, cancel) // a's 2 rows are in, b is 2 or 3 statements along
		start := time.Now()
		a, err := ApplyFix(ctx, p, path)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err %v, want context.Canceled", err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("took %v to stop", d)
		}
		if a.Committed != 2 || a.Transactions != 1 || len(a.Tables) != 1 || a.Tables[0] != db+".a" || a.Aborted != db+".b" || a.RolledBack < 1 ||
			a.Complete || a.Reason != "interrupted" || !strings.HasPrefix(a.Where, path+":") {
			t.Errorf("applied %+v; want a committed, b rolled back", a)
		}
		// The server's view: a fixed, b and c untouched.
		time.Sleep(200 * time.Millisecond) // the server rolls back a dropped connection's transaction
		if rowCount(t, p, "a") != 2 || rowCount(t, p, "b") != 0 || rowCount(t, p, "c") != 0 {
			t.Errorf("rows a=%d b=%d c=%d; want 2, 0, 0", rowCount(t, p, "a"), rowCount(t, p, "b"), rowCount(t, p, "c"))
		}
		if got := a.String(); !strings.Contains(got, "2 statements committed in 1 transactions ("+db+".a)") || !strings.Contains(got, db+".b was rolled back") {
			t.Errorf("String() = %q", got)
		}
	})
}

// TestApplyFixStatementFails: a failing statement rolls back its table and
// names the line; the tables before it stay committed.
func TestApplyFixStatementFails(t *testing.T) {
	s := testbed.Get(t, "new")
	db := s.Database(t, "applybad")
	p := s.Open(t, db, 2)
	path := applyFixture(t, p, db, true)
	a, err := ApplyFix(context.Background(), p, path)
	if err == nil || !strings.Contains(err.Error(), path+" line 15") || !strings.Contains(err.Error(), "Duplicate entry") {
		t.Fatalf("err %v; want the duplicate key named with its line", err)
	}
	if a.Committed != 2 || a.RolledBack != 3 || a.Aborted != db+".b" || a.Reason != "statement failed" {
		t.Errorf("applied %+v; want a committed, b's 3 statements rolled back", a)
	}
	if rowCount(t, p, "a") != 2 || rowCount(t, p, "b") != 0 || rowCount(t, p, "c") != 0 {
		t.Errorf("rows a=%d b=%d c=%d; want 2, 0, 0", rowCount(t, p, "a"), rowCount(t, p, "b"), rowCount(t, p, "c"))
	}
}
