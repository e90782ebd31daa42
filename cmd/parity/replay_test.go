package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parity-db/parity/result"
	"github.com/parity-db/parity/testbed"
)

func TestReplayUsage(t *testing.T) {
	src, tgt := "--source=u@tcp(h:1)/d", "--target=u@tcp(h:2)/d"
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"replay", "q.sql"}, "--source DSN and --target DSN are required"},
		{[]string{"replay", src, tgt}, "nothing to replay"},
		{[]string{"replay", src, tgt, "--from-digests", "q.sql"}, "not both"},
		{[]string{"replay", src, tgt, "--format", "binlog", "q.sql"}, `--format "binlog"`},
		{[]string{"replay", src, tgt, "--runs", "0", "q.sql"}, "--runs must be at least 1"},
		{[]string{"replay", src, tgt, "--threshold", "ten", "q.sql"}, "--threshold"},
		{[]string{"replay", src, tgt, "/nonexistent/q.sql"}, "/nonexistent/q.sql"},
		{[]string{"replay", src, tgt, "--report", "r.pdf", "q.sql"}, "r.pdf"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, _, stderr := runParity(t, tt.args...)
			if code != 2 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tt.want)
			}
		})
	}
}

// TestReplayCommand replays a statements file against a copy with one row
// changed: exit 1, the difference on stdout, the document and the report
// written; the same file without the changed row's statement exits 0.
func TestReplayCommand(t *testing.T) {
	old, cur := testbed.Get(t, "old"), testbed.Get(t, "new")
	db := seed(t, old)
	p := cur.Open(t, "", 1)
	testbed.Exec(t, p, "CREATE DATABASE "+db)
	t.Cleanup(func() { testbed.Exec(t, p, "DROP DATABASE IF EXISTS "+db) })
	seedInto(t, cur, db)
	testbed.Exec(t, cur.Open(t, db, 1), "UPDATE customers SET name = 'renamed' WHERE id = 7")
	dir := t.TempDir()
	queries := filepath.Join(dir, "app.sql")
	write := func(stmts ...string) {
		if err := os.WriteFile(queries, []byte(strings.Join(stmts, ";\n")+";\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("SELECT id, name FROM customers WHERE id BETWEEN 5 AND 9 ORDER BY id",
		"SELECT id, name FROM customers WHERE id BETWEEN 105 AND 109 ORDER BY id",
		"SELECT COUNT(*), MAX(seen) FROM customers",
		"DELETE FROM customers WHERE id = 1")
	js, html := filepath.Join(dir, "replay.json"), filepath.Join(dir, "replay.html")
	args := []string{"replay", "--source", testbed.WithDatabase(old.DSN, db), "--target", testbed.WithDatabase(cur.DSN, db),
		"--runs", "3", "--json", js, "--report", html, queries}
	code, stdout, stderr := runParity(t, args...)
	if code != 1 {
		t.Fatalf("exit %d, want 1:\n%s%s", code, stdout, stderr)
	}
	for _, want := range []string{"different", "1 only on the source, 1 only on the target", "only on source: (7, name 7)",
		"only on target: (7, renamed)", "skipped", "4 statements in 3 classes"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	f, err := os.Open(js)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, err := result.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	doc, ok := d.(*result.Replay)
	if !ok || doc.Status != "different" || len(doc.Classes) != 3 || doc.Totals().ByVerdict["skipped"] != 1 {
		t.Fatalf("document: %T %+v", d, d.Head())
	}
	if _, err := os.Stat(html); err != nil {
		t.Errorf("report: %v", err)
	}
	// Without the changed row nothing differs; the DELETE never ran.
	write("SELECT id, name FROM customers WHERE id BETWEEN 105 AND 109 ORDER BY id",
		"DELETE FROM customers WHERE id = 1")
	code, stdout, stderr = runParity(t, args...)
	if code != 0 {
		t.Fatalf("exit %d, want 0:\n%s%s", code, stdout, stderr)
	}
	var n int
	if err := old.Open(t, db, 1).QueryRow("SELECT COUNT(*) FROM customers WHERE id = 1").Scan(&n); err != nil || n != 1 {
		t.Errorf("the skipped DELETE ran on the source: %d rows, %v", n, err)
	}
}

// TestReplayFromDigestsOnMariaDB: MariaDB keeps no statement samples; the
// message says so and what to read instead.
func TestReplayFromDigestsOnMariaDB(t *testing.T) {
	old, cur := testbed.Get(t, "old"), testbed.Get(t, "new")
	code, stdout, stderr := runParity(t, "replay", "--source", old.DSN, "--target", cur.DSN, "--from-digests")
	if code != 2 || !strings.Contains(stderr, "performance_schema") || !strings.Contains(stderr, "slow or general log") {
		t.Errorf("exit %d, want 2 and why:\n%s%s", code, stdout, stderr)
	}
}

// TestReplayInterrupt: Ctrl-C during a long statement exits 130, leaves a
// document that says the run was interrupted, and no statement running on
// either server.
func TestReplayInterrupt(t *testing.T) {
	old, cur := testbed.Get(t, "old"), testbed.Get(t, "new")
	dir := t.TempDir()
	queries, js := filepath.Join(dir, "slow.sql"), filepath.Join(dir, "replay.json")
	const marker = "replay-interrupt-marker"
	if err := os.WriteFile(queries, []byte("SELECT SLEEP(60), '"+marker+"';\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "replay", "--source", old.DSN, "--target", cur.DSN, "--json", js, "--quiet", queries)
	cmd.Env = append(os.Environ(), "PARITY_TEST_MAIN=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	running := func(s testbed.Server) int {
		var n int
		p := s.Open(t, "", 1)
		q := "SELECT COUNT(*) FROM " + p.Server.ProcessList() + " WHERE INFO LIKE '%" + marker + "%' AND INFO NOT LIKE '%processlist%'"
		if err := p.QueryRow(q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	deadline := time.Now().Add(30 * time.Second)
	for running(old) == 0 || running(cur) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the statement never ran on both servers")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != exitInterrupted {
		t.Errorf("exit %d, want %d", code, exitInterrupted)
	}
	data, err := os.ReadFile(js)
	if err != nil || !strings.Contains(string(data), `"status": "interrupted"`) {
		t.Errorf("document after the interrupt: %v\n%.300s", err, data)
	}
	deadline = time.Now().Add(10 * time.Second)
	for running(old)+running(cur) > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("the statement still runs after the interrupt: old %d, new %d", running(old), running(cur))
		}
		time.Sleep(100 * time.Millisecond)
	}
}
