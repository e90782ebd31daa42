package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/parity-db/parity/testbed"
)

// The verify command end to end: equal clusters exit 0; a planted
// difference exits 1 with the row named, fix SQL written and, once applied
// with --apply-fix --yes, a re-verify that exits 0.
func TestVerifyCommand(t *testing.T) {
	old, nw := testbed.Get(t, "old"), testbed.Get(t, "new")
	srcDB, tgtDB := seed(t, old), seed(t, nw)
	src, tgt := testbed.WithDatabase(old.DSN, srcDB), testbed.WithDatabase(nw.DSN, tgtDB)
	dir := t.TempDir()
	mapping := srcDB + ".*=" + tgtDB + ".*"

	code, stdout, stderr := runParity(t, "verify", "--source", src, "--target", tgt, "--map", mapping, "--json", filepath.Join(dir, "equal.json"))
	if code != 0 || !strings.Contains(stdout, "equal") || !strings.Contains(stdout, "customers") {
		t.Fatalf("equal clusters: exit %d\n%s%s", code, stdout, stderr)
	}

	p := nw.Open(t, tgtDB, 1)
	testbed.Exec(t, p, "UPDATE customers SET name = 'renamed' WHERE id = 42", "DELETE FROM customers WHERE id = 7",
		"INSERT INTO audit_log VALUES (2, 'b')")
	fix := filepath.Join(dir, "fix.sql")
	report := filepath.Join(dir, "verify.json")
	code, stdout, stderr = runParity(t, "verify", "--source", src, "--target", tgt, "--map", mapping, "--fix-sql", fix, "--json", report)
	if code != 1 {
		t.Fatalf("planted differences: exit %d, want 1\n%s%s", code, stdout, stderr)
	}
	for _, want := range []string{"changed", "id=42", `name "name 42" → "renamed"`, "missing", "id=7", "extra", "(keyless)", "fix SQL: 3 statements"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	b, err := os.ReadFile(fix)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"REPLACE INTO", "'name 42'", "DELETE FROM", "LIMIT 1"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("fix SQL lacks %q:\n%s", want, b)
		}
	}
	var doc struct {
		SchemaVersion int    `json:"schema_version"`
		Status        string `json:"status"`
		Result        struct {
			RowDiffs int `json:"row_differences"`
		} `json:"result"`
	}
	if raw, err := os.ReadFile(report); err != nil || json.Unmarshal(raw, &doc) != nil || doc.Status != "different" || doc.Result.RowDiffs != 3 || doc.SchemaVersion != 1 {
		t.Errorf("JSON report: %+v (%v)", doc, err)
	}

	code, stdout, stderr = runParity(t, "verify", "--source", src, "--target", tgt, "--map", mapping, "--fix-sql", fix, "--apply-fix", "--yes")
	if code != 0 || !strings.Contains(stdout, "applied 3 statements") {
		t.Fatalf("--apply-fix: exit %d, want 0 after the re-verify\n%s%s", code, stdout, stderr)
	}
}

func TestVerifyCommandErrors(t *testing.T) {
	nw := testbed.Get(t, "new")
	db := seed(t, nw)
	dsn := testbed.WithDatabase(nw.DSN, db)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--target", dsn}, "--source DSN and --target DSN are required"},
		{[]string{"--source", dsn, "--target", dsn, "--mode", "fast"}, `mode "fast"`},
		{[]string{"--source", dsn, "--target", dsn, "--apply-fix"}, "--apply-fix needs --fix-sql"},
		{[]string{"--source", dsn, "--target", dsn, "--map", "=b"}, "map"},
		{[]string{"--source", dsn, "--target", strings.Replace(dsn, testPassword, "wrong", 1)}, "access denied"},
		{[]string{"--source", dsn, "--target", dsn, "--tables", db + ".nope"}, "not found"},
		// One server under two names (TCP and the same port again), one schema.
		{[]string{"--source", dsn, "--target", strings.Replace(dsn, "127.0.0.1", "localhost", 1)}, "would be compared with itself"},
	}
	for _, tt := range tests {
		code, _, stderr := runParity(t, append([]string{"verify"}, tt.args...)...)
		if code != 2 || !strings.Contains(strings.ToLower(stderr), strings.ToLower(tt.want)) {
			t.Errorf("verify %v: exit %d, stderr %q; want 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
}

// TestVerifyApplyFixConfirmation: "yes" on a standard input that is not a
// terminal does not confirm --apply-fix (only --yes does): the command
// refuses before it connects. On a terminal, anything but "yes" declines.
func TestVerifyApplyFixConfirmation(t *testing.T) {
	old, nw := testbed.Get(t, "old"), testbed.Get(t, "new")
	srcDB, tgtDB := seed(t, old), seed(t, nw)
	p := nw.Open(t, tgtDB, 1)
	testbed.Exec(t, p, "DELETE FROM customers WHERE id = 8")
	o := verifyOptions{maps: stringList{srcDB + ".*=" + tgtDB + ".*"}, fixSQL: filepath.Join(t.TempDir(), "fix.sql"),
		applyFix: true, workers: 2, mode: "auto", maxDiffs: 10}
	o.conns.source, o.conns.target = testbed.WithDatabase(old.DSN, srcDB), testbed.WithDatabase(nw.DSN, tgtDB)

	var out, errOut strings.Builder
	err := runVerify(t.Context(), o, strings.NewReader("yes\n"), &out, &errOut)
	var u usageError
	if !errors.As(err, &u) || !strings.Contains(err.Error(), "standard input is not a terminal") || !strings.Contains(err.Error(), "--yes") {
		t.Errorf("piped yes: err %v; want a refusal pointing at --yes", err)
	}
	if _, statErr := os.Stat(o.fixSQL); !os.IsNotExist(statErr) {
		t.Errorf("the refused run wrote %s: it should stop before connecting", o.fixSQL)
	}

	terminal, other := openTerminal(t, 80)
	if _, err := other.WriteString("no\n"); err != nil {
		t.Fatal(err)
	}
	err = runVerify(t.Context(), o, terminal, &out, &errOut)
	if _, ok := err.(differencesError); !ok || !strings.Contains(errOut.String(), "not applied") {
		t.Errorf("declined on a terminal: err %v\n%s", err, errOut.String())
	}
	var n int
	if err := p.QueryRowContext(t.Context(), "SELECT COUNT(*) FROM customers WHERE id = 8").Scan(&n); err != nil || n != 0 {
		t.Errorf("row 8 on the target: %d (%v); a declined fix must not be applied", n, err)
	}
}

// TestVerifyApplyFixInterrupted sends SIGINT to a real parity process while
// --apply-fix has a table's transaction open: exit 130, that table rolled
// back, and a JSON document that says exactly what was committed, which the
// target confirms.
func TestVerifyApplyFixInterrupted(t *testing.T) {
	old, nw := testbed.Get(t, "old"), testbed.Get(t, "new")
	srcDB, tgtDB := old.Database(t, "applysig"), nw.Database(t, "applysig")
	create := []string{"CREATE TABLE a_small (id INT PRIMARY KEY, v VARCHAR(20))", "CREATE TABLE b_big (id INT PRIMARY KEY, v VARCHAR(20))"}
	src := old.Open(t, srcDB, 1)
	testbed.Exec(t, src, create...)
	testbed.Exec(t, src, "INSERT INTO a_small SELECT seq, 'small' FROM seq_1_to_10",
		"INSERT INTO b_big SELECT seq, 'big' FROM seq_1_to_200")
	tgt := nw.Open(t, tgtDB, 2)
	testbed.Exec(t, tgt, create...)
	// The test holds a lock on the last row b_big's fix inserts, so the
	// apply waits there with the table's transaction open: the interrupt
	// finds it mid-table however fast the machine.
	lock, err := nw.Open(t, tgtDB, 1).Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close()
	for _, q := range []string{"START TRANSACTION", "INSERT INTO b_big VALUES (200, 'held')"} {
		if _, err := lock.ExecContext(t.Context(), q); err != nil {
			t.Fatal(err)
		}
	}

	dir := t.TempDir()
	js := filepath.Join(dir, "verify.json")
	cmd := exec.Command(os.Args[0], "verify", "--source", testbed.WithDatabase(old.DSN, srcDB), "--target", testbed.WithDatabase(nw.DSN, tgtDB),
		"--map", srcDB+".*="+tgtDB+".*", "--fix-sql", filepath.Join(dir, "fix.sql"), "--apply-fix", "--yes", "--json", js, "--quiet",
		"--chunk-rows", "1000")
	cmd.Env = append(os.Environ(), "PARITY_TEST_MAIN=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	deadline := time.Now().Add(60 * time.Second)
	for {
		var n int
		// A REPLACE that has run for a second here waits for the held row.
		err := tgt.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM `+tgt.Server.ProcessList()+`
			WHERE DB = ? AND INFO LIKE 'REPLACE INTO%b_big%' AND TIME >= 1`, tgtDB).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the apply never reached the held row; stdout: %s; stderr: %s", stdout.String(), stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if _, err := lock.ExecContext(t.Context(), "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	if code := cmd.ProcessState.ExitCode(); code != exitInterrupted {
		t.Fatalf("exit %d, want 130; stderr: %s", code, stderr.String())
	}
	var doc struct {
		Status  string `json:"status"`
		Applied int    `json:"fix_statements_applied"`
		Apply   struct {
			Committed  int      `json:"committed"`
			RolledBack int      `json:"rolled_back"`
			Tables     []string `json:"tables_committed"`
			Aborted    string   `json:"table_rolled_back"`
			Complete   bool     `json:"complete"`
			StoppedBy  string   `json:"stopped_by"`
		} `json:"apply"`
	}
	data, err := os.ReadFile(js)
	if err == nil {
		err = json.Unmarshal(data, &doc)
	}
	if err != nil {
		t.Fatalf("--json: %v", err)
	}
	a := doc.Apply
	// The held row may open its transaction (fix SQL groups a chunk's
	// statements), so that transaction may have rolled back nothing but it.
	if doc.Status != "interrupted" || a.Complete || a.StoppedBy != "interrupted" || a.Aborted == "" || doc.Applied != a.Committed {
		t.Errorf("JSON %s; want interrupted with a rolled-back table", data)
	}
	// What the target holds is what the document says was committed.
	counts := map[string]int{}
	total := 0
	for _, name := range []string{"a_small", "b_big"} {
		var n int
		if err := tgt.QueryRowContext(t.Context(), "SELECT COUNT(*) FROM "+name).Scan(&n); err != nil {
			t.Fatal(err)
		}
		counts[tgtDB+"."+name] = n
		total += n
	}
	if total != a.Committed {
		t.Errorf("target holds %v; the JSON says %d committed in %v and %s rolled back", counts, a.Committed, a.Tables, a.Aborted)
	}
	if !strings.Contains(stderr.String(), "--apply-fix stopped (interrupted") || !strings.Contains(stderr.String(), "rolled back") {
		t.Errorf("stderr should say what was committed and rolled back: %s", stderr.String())
	}
}
