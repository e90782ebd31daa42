package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/testbed"
)

const testPassword = "parity-test-pw"

// runParity runs one command line in-process and returns its exit code and
// stderr.
func runParity(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	if strings.Contains(stderr.String(), testPassword) || strings.Contains(stdout.String(), testPassword) {
		t.Errorf("parity %v printed the password:\n%s%s", args, stdout.String(), stderr.String())
	}
	return code, stdout.String(), stderr.String()
}

func TestHelpAndUsage(t *testing.T) {
	tests := []struct {
		args   []string
		code   int
		stdout []string
		stderr []string
	}{
		{[]string{"help"}, 0, []string{"extract", "verify", "bench", "report", "version", "130", "PARITY_SOURCE_PASSWORD"}, nil},
		{[]string{"help", "extract"}, 0, []string{"Examples:", "--chunk-time", "--consistent", "--format", "--zero-dates"}, nil},
		{[]string{"extract", "-h"}, 0, []string{"Examples:", "--workers"}, nil},
		{[]string{"version"}, 0, []string{"parity "}, nil},
		{nil, 2, nil, []string{"no command given"}},
		{[]string{"frobnicate"}, 2, nil, []string{`unknown command "frobnicate"`}},
		{[]string{"verify", "--source", "x"}, 2, nil, []string{"--source DSN and --target DSN are required"}},
		{[]string{"report"}, 2, nil, []string{"give one RESULT.json"}},
		{[]string{"report", "a.json", "--format", "pdf"}, 2, nil, []string{"unknown report format"}},
		{[]string{"report", "a.json", "-o", "a.pdf"}, 2, nil, []string{"cannot tell the format"}},
		{[]string{"extract", "--source", "u@tcp(h:1)/d", "--format", "none", "--report", "r.pdf"}, 2, nil, []string{"--report"}},
		{[]string{"extract"}, 2, nil, []string{"--source DSN is required", "parity help extract"}},
		{[]string{"extract", "--source", "u@tcp(h:1)/d"}, 2, nil, []string{"--out DIR is required"}},
		{[]string{"extract", "--source", "u@tcp(h:1)/d", "--format", "xml", "--out", "x"}, 2, nil, []string{"xml"}},
		{[]string{"extract", "--source", "u@tcp(h:1)/d", "--format", "none", "--zero-dates", "maybe"}, 2, nil, []string{"maybe"}},
		{[]string{"extract", "--source", "u@tcp(h:1)/d", "--format", "none", "--consistent=sometimes"}, 2, nil, []string{"sometimes"}},
		{[]string{"extract", "--bogus"}, 2, nil, []string{"flag provided but not defined: -bogus"}},
		{[]string{"extract", "--source", "u@tcp(h:1)/d", "--format", "csv", "--csv-dialect", "excel", "--out", "x"}, 2, nil, []string{"excel", "rfc4180, mysql or bigquery"}},
		{[]string{"extract", "--source", "u@tcp(h:1)/d", "--format", "parquet", "--csv-dialect", "mysql", "--out", "x"}, 2, nil, []string{"--format csv only"}},
		{[]string{"extract", "--source", "u@tcp(h:1)/d", "--format", "csv", "--compression", "snappy", "--out", "x"}, 2, nil, []string{"snappy", "gzip[:1-9]"}},
		{[]string{"extract", "--source", "u@tcp(h:1)/d", "--out", "ftp://host/x"}, 2, nil, []string{"s3://bucket/prefix"}},
		{[]string{"extract", "--source", "u@tcp(h:1)/d", "--out", "x", "--max-file-bytes", "lots"}, 2, nil, []string{"not a size"}},
		{[]string{"extract", "--source", "u@tcp(h:1)/d", "--format", "none", "--max-file-rows", "10"}, 2, nil, []string{"not with --format none"}},
		{[]string{"verify", "--source", "u@tcp(h:1)/d", "--target", "u@tcp(h:1)/d", "--state", "-"}, 2, nil, []string{"--state needs a file"}},
		{[]string{"extract", "--source", "u:secret@tcp(h:1/d", "--format", "none"}, 2, nil, []string{"source DSN"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := runParity(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstderr: %s", code, tt.code, stderr)
			}
			for _, s := range tt.stdout {
				if !strings.Contains(stdout, s) {
					t.Errorf("stdout lacks %q:\n%s", s, stdout)
				}
			}
			for _, s := range tt.stderr {
				if !strings.Contains(stderr, s) {
					t.Errorf("stderr lacks %q:\n%s", s, stderr)
				}
			}
			if strings.Contains(stderr, "secret") {
				t.Errorf("stderr shows the password: %s", stderr)
			}
		})
	}
}

// seed creates a small database with a keyed and a keyless table.
func seed(t *testing.T, s testbed.Server) string {
	t.Helper()
	db := s.Database(t, "cli")
	seedInto(t, s, db)
	return db
}

// seedInto creates seed's tables in db.
func seedInto(t *testing.T, s testbed.Server, db string) {
	t.Helper()
	p := s.Open(t, db, 1)
	var rows []string
	for i := 1; i <= 3000; i++ {
		rows = append(rows, fmt.Sprintf("(%d, 'name %d', '2024-01-02 03:04:05.%06d')", i, i, i))
	}
	testbed.Exec(t, p,
		"CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(40), seen TIMESTAMP(6) NULL)",
		"INSERT INTO customers VALUES "+strings.Join(rows, ","),
		"CREATE TABLE audit_log (at INT, msg TEXT)",
		"INSERT INTO audit_log VALUES (1, 'a'), (1, 'a')")
}

func noTempFiles(t *testing.T, dir string) {
	t.Helper()
	_ = filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err == nil && strings.Contains(filepath.Base(path), ".tmp") {
			t.Errorf("temporary file left behind: %s", path)
		}
		return nil
	})
}

func TestExtractFormats(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		db := seed(t, s)
		dsn := testbed.WithDatabase(s.DSN, db)
		for _, f := range []struct{ format, ext string }{{"parquet", ".parquet"}, {"arrow", ".arrows"}, {"csv", ".csv"}} {
			out := t.TempDir()
			js := filepath.Join(t.TempDir(), "run.json")
			code, _, stderr := runParity(t, "extract", "--source", dsn, "--format", f.format, "--out", out, "--json", js)
			if code != 0 {
				t.Fatalf("%s: exit %d: %s", f.format, code, stderr)
			}
			for _, want := range []string{"customers", "3,000", "integer range on id", "audit_log", "full scan"} {
				if !strings.Contains(stderr, want) {
					t.Errorf("%s: summary lacks %q:\n%s", f.format, want, stderr)
				}
			}
			for _, name := range []string{db + ".customers" + f.ext, db + ".audit_log" + f.ext, "manifest.json"} {
				if _, err := os.Stat(filepath.Join(out, name)); err != nil {
					t.Errorf("%s: %v", f.format, err)
				}
			}
			noTempFiles(t, out)
			var m struct {
				Tables []struct {
					Name    string `json:"name"`
					Rows    int64  `json:"rows"`
					Columns []any  `json:"columns"`
				} `json:"tables"`
			}
			data, _ := os.ReadFile(filepath.Join(out, "manifest.json"))
			if err := json.Unmarshal(data, &m); err != nil || len(m.Tables) != 2 || len(m.Tables[1].Columns) != 3 {
				t.Errorf("%s: manifest %v: %s", f.format, err, data)
			}
			var report struct {
				PeakRSS       int64 `json:"peak_rss_bytes"`
				SchemaVersion int   `json:"schema_version"`
				Runs          []struct {
					Role   string `json:"role"`
					Rows   int64  `json:"rows"`
					Tables []struct {
						Chunks []any `json:"chunks"`
					} `json:"tables"`
				} `json:"runs"`
			}
			data, _ = os.ReadFile(js)
			if err := json.Unmarshal(data, &report); err != nil || report.SchemaVersion != 1 || len(report.Runs) != 1 ||
				report.Runs[0].Rows != 3002 || len(report.Runs[0].Tables[0].Chunks) == 0 || report.PeakRSS <= 0 {
				t.Errorf("%s: --json %v: %s", f.format, err, data)
			}
		}
	})
}

func TestExtractSourceAndTarget(t *testing.T) {
	old, new := testbed.Get(t, "old"), testbed.Get(t, "new")
	oldDB, newDB := seed(t, old), seed(t, new)
	out := t.TempDir()
	code, _, stderr := runParity(t, "extract", "--source", testbed.WithDatabase(old.DSN, oldDB),
		"--target", testbed.WithDatabase(new.DSN, newDB), "--tables", "customers", "--out", out, "--format", "arrow")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, role := range []string{"source", "target"} {
		if _, err := os.Stat(filepath.Join(out, role, "manifest.json")); err != nil {
			t.Error(err)
		}
		if !strings.Contains(stderr, role+": server: ") {
			t.Errorf("no %s summary:\n%s", role, stderr)
		}
	}
	if !strings.Contains(stderr, "mariadb") || !strings.Contains(stderr, "mysql 9.") {
		t.Errorf("summaries should name both servers:\n%s", stderr)
	}
}

func TestExtractPasswordSources(t *testing.T) {
	s := testbed.Get(t, "new")
	db := seed(t, s)
	noPass := strings.Replace(testbed.WithDatabase(s.DSN, db), ":"+testPassword+"@", "@", 1)
	if noPass == testbed.WithDatabase(s.DSN, db) {
		t.Fatalf("testbed DSN has no password to strip: %s", conn.Redact(s.DSN))
	}
	t.Run("env", func(t *testing.T) {
		t.Setenv("PARITY_SOURCE_PASSWORD", testPassword)
		if code, _, stderr := runParity(t, "extract", "--source", noPass, "--format", "none"); code != 0 {
			t.Errorf("exit %d: %s", code, stderr)
		}
	})
	t.Run("defaults-file", func(t *testing.T) {
		cnf := filepath.Join(t.TempDir(), "my.cnf")
		ep := s.Endpoint(t, db)
		host, port, _ := strings.Cut(ep.Config.Addr, ":")
		content := fmt.Sprintf("[mysql]\npassword=wrong\n[client]\nuser=%s\npassword=\"%s\"\nhost=%s\nport=%s\n", ep.Config.User, testPassword, host, port)
		if err := os.WriteFile(cnf, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if code, _, stderr := runParity(t, "extract", "--defaults-file", cnf, "--source", "/"+db, "--format", "none"); code != 0 {
			t.Errorf("exit %d: %s", code, stderr)
		}
	})
	t.Run("url", func(t *testing.T) {
		ep := s.Endpoint(t, db)
		url := fmt.Sprintf("mysql://%s:%s@%s/%s", ep.Config.User, testPassword, ep.Config.Addr, db)
		if code, _, stderr := runParity(t, "extract", "--source", url, "--format", "none"); code != 0 {
			t.Errorf("exit %d: %s", code, stderr)
		}
	})
}

func TestExtractFailures(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		db := seed(t, s)
		ep := s.Endpoint(t, db)
		admin := s.Open(t, db, 1)
		user := fmt.Sprintf("pt_nosel_%d", time.Now().UnixNano()%1e6)
		testbed.Exec(t, admin, fmt.Sprintf("CREATE USER '%s'@'127.0.0.1' IDENTIFIED BY 'pw-nosel'", user),
			fmt.Sprintf("GRANT SELECT ON %s.audit_log TO '%s'@'127.0.0.1'", db, user))
		t.Cleanup(func() {
			_, _ = admin.ExecContext(context.Background(), fmt.Sprintf("DROP USER '%s'@'127.0.0.1'", user))
		})
		dsn := func(user, pass, addr, db string) string { return fmt.Sprintf("%s:%s@tcp(%s)/%s", user, pass, addr, db) }
		tests := []struct {
			name string
			args []string
			want []string
		}{
			{"wrong password", []string{"--source", dsn(ep.Config.User, "wrong-pw", ep.Config.Addr, db)},
				[]string{"connect source", ep.Config.User + "@" + ep.Config.Addr, "Access denied", "PARITY_SOURCE_PASSWORD"}},
			{"unreachable", []string{"--source", dsn("u", "pw", "127.0.0.1:1", db)},
				[]string{"connect source", "127.0.0.1:1", "check host and port"}},
			{"unknown database", []string{"--source", dsn(ep.Config.User, testPassword, ep.Config.Addr, "no_such_db")},
				[]string{"no_such_db", "check the database name"}},
			{"unknown table", []string{"--source", testbed.WithDatabase(s.DSN, db), "--tables", "missing_table"},
				[]string{db + ".missing_table", "table not found"}},
			{"no select privilege", []string{"--source", dsn(user, "pw-nosel", ep.Config.Addr, db), "--tables", "customers"},
				[]string{"customers", "SELECT"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				start := time.Now()
				code, _, stderr := runParity(t, append([]string{"extract", "--format", "none"}, tt.args...)...)
				if code != 2 {
					t.Errorf("exit %d, want 2: %s", code, stderr)
				}
				if lines := strings.Count(strings.TrimSpace(stderr), "\n"); lines > 1 {
					t.Errorf("want a one-line error (plus at most a help hint), got:\n%s", stderr)
				}
				for _, w := range tt.want {
					if !strings.Contains(stderr, w) {
						t.Errorf("stderr lacks %q: %s", w, stderr)
					}
				}
				if strings.Contains(stderr, "wrong-pw") || strings.Contains(stderr, "pw-nosel") {
					t.Errorf("password printed: %s", stderr)
				}
				if d := time.Since(start); d > 15*time.Second {
					t.Errorf("took %v to fail", d)
				}
			})
		}
	})
}

// TestExtractDiskFull fills a 512 KiB tmpfs: the run fails with one line that
// names the file, leaves no partial file and no manifest.
func TestExtractDiskFull(t *testing.T) {
	s := testbed.Get(t, "old")
	db := s.Database(t, "full")
	p := s.Open(t, db, 1)
	testbed.Exec(t, p, "CREATE TABLE big (id INT PRIMARY KEY, pad TEXT)")
	var rows []string
	for i := 1; i <= 4000; i++ {
		rows = append(rows, fmt.Sprintf("(%d, SHA2('%d', 512))", i, i))
	}
	testbed.Exec(t, p, "INSERT INTO big VALUES "+strings.Join(rows, ","))
	out := t.TempDir()
	if err := exec.Command("mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", out).Run(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("mount tmpfs (the disk-full test needs root): %v", err)
		}
		t.Skipf("mount tmpfs: %v (needs root)", err)
	}
	defer exec.Command("umount", out).Run()
	code, _, stderr := runParity(t, "extract", "--source", testbed.WithDatabase(s.DSN, db), "--format", "csv", "--out", out)
	if code != 2 || !strings.Contains(stderr, "no space left on device") || !strings.Contains(stderr, "big") {
		t.Errorf("exit %d, stderr %q; want exit 2 naming the file and the full disk", code, stderr)
	}
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		t.Errorf("left behind on a full disk: %s", e.Name())
	}
}

// slowTable creates 128,000 rows of 2 KB, enough for a CSV run with one
// worker to last while a test interferes with it.
func slowTable(t *testing.T, s testbed.Server, prefix string) string {
	t.Helper()
	db := s.Database(t, prefix)
	p := s.Open(t, db, 1)
	stmts := []string{"CREATE TABLE t (id INT PRIMARY KEY, pad TEXT)",
		"INSERT INTO t WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) SELECT i, REPEAT('x', 2000) FROM n"}
	for _, step := range []int{1000, 2000, 4000, 8000, 16000, 32000, 64000} {
		stmts = append(stmts, fmt.Sprintf("INSERT INTO t SELECT id + %d, pad FROM t", step))
	}
	testbed.Exec(t, p, stmts...)
	return db
}

func buildParity(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "parity")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// startSlowExtract starts parity on the slow table and returns once its
// output file has appeared.
func startSlowExtract(t *testing.T, bin, dsn, out string, extra ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	args := append([]string{"extract", "--source", dsn, "--format", "csv", "--out", out, "--workers", "1", "--chunk-rows", "2000"}, extra...)
	cmd := exec.Command(bin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if entries, _ := os.ReadDir(out); len(entries) > 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	return cmd, &stderr
}

// TestExtractInterrupt sends SIGINT to a real parity process mid-run.
func TestExtractInterrupt(t *testing.T) {
	s := testbed.Get(t, "new")
	db := slowTable(t, s, "sigint")
	out := t.TempDir()
	cmd, stderr := startSlowExtract(t, buildParity(t), testbed.WithDatabase(s.DSN, db), out)
	_ = cmd.Process.Signal(syscall.SIGINT)
	err := cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 130 {
		t.Fatalf("exit %d (%v), want 130; stderr: %s", code, err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("stderr %q should say it was interrupted", stderr.String())
	}
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		t.Errorf("left behind after Ctrl-C: %s", e.Name())
	}
}

// TestExtractServerGone cuts a running parity's connections on the server,
// as a restart would. With retries off: one line naming the table, the
// chunk and the endpoint, exit 2, the same error in --json, no driver log
// noise, no partial file. With the default retries the run reconnects and
// completes, and says so.
func TestExtractServerGone(t *testing.T) {
	s := testbed.Get(t, "old")
	db := slowTable(t, s, "gone")
	bin := buildParity(t)
	admin := s.Open(t, "", 1)
	t.Run("retries off", func(t *testing.T) {
		out := t.TempDir()
		js := filepath.Join(t.TempDir(), "run.json")
		cmd, stderr := startSlowExtract(t, bin, testbed.WithDatabase(s.DSN, db), out, "--retries", "0", "--json", js)
		if testbed.KillConnections(t, admin, db) == 0 {
			t.Fatal("no connection of the run to kill")
		}
		_ = cmd.Wait()
		msg := strings.TrimSpace(stderr.String())
		if code := cmd.ProcessState.ExitCode(); code != 2 {
			t.Fatalf("exit %d, want 2; stderr: %s", code, msg)
		}
		if strings.Count(msg, "\n") != 0 || !strings.HasPrefix(msg, "parity: ") || strings.Contains(msg, "[mysql]") {
			t.Errorf("want exactly one parity line, got:\n%s", msg)
		}
		if !strings.Contains(msg, "127.0.0.1:") || !strings.Contains(msg, db+".t") || strings.Contains(msg, testPassword) ||
			strings.Contains(msg, "context canceled") {
			t.Errorf("message should name the table and the endpoint, without the password or a cancellation: %s", msg)
		}
		var report struct{ Status, Error string }
		data, err := os.ReadFile(js)
		if err == nil {
			err = json.Unmarshal(data, &report)
		}
		if err != nil || report.Status != "failed" || !strings.Contains(msg, report.Error) || report.Error == "" {
			t.Errorf("--json: %v, status %q, error %q; want failed with the message %q", err, report.Status, report.Error, msg)
		}
		entries, _ := os.ReadDir(out)
		for _, e := range entries {
			t.Errorf("left behind: %s", e.Name())
		}
	})
	t.Run("retried", func(t *testing.T) {
		// A table lock held by the test stops the run at its first query of
		// the table, so the kill finds it there however fast the machine.
		db := seed(t, s)
		lock, err := s.Open(t, "", 1).Conn(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		defer lock.Close()
		if _, err := lock.ExecContext(context.Background(), "LOCK TABLES "+db+".customers WRITE"); err != nil {
			t.Fatal(err)
		}
		out := t.TempDir()
		cmd := exec.Command(bin, "extract", "--source", testbed.WithDatabase(s.DSN, db), "--tables", "customers", "--format", "csv", "--out", out)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		waitForLockWait(t, admin, db)
		if testbed.KillConnections(t, admin, db) == 0 {
			t.Fatal("no connection of the run to kill")
		}
		if _, err := lock.ExecContext(context.Background(), "UNLOCK TABLES"); err != nil {
			t.Fatal(err)
		}
		_ = cmd.Wait()
		msg := stderr.String()
		if code := cmd.ProcessState.ExitCode(); code != 0 {
			t.Fatalf("exit %d, want 0; stderr: %s", code, msg)
		}
		// The kill finds the run planning the locked table's chunks, or,
		// on a slow machine, still reading the catalog.
		if !strings.Contains(msg, "parity: source: plan chunks of "+db+".customers failed (attempt 1 of 4)") &&
			!strings.Contains(msg, "parity: source: read tables failed (attempt 1 of 4)") || !strings.Contains(msg, "retrying in") {
			t.Errorf("stderr should say what is retried and when: %s", msg)
		}
		data, err := os.ReadFile(filepath.Join(out, db+".customers.csv"))
		if err != nil {
			t.Fatal(err)
		}
		if n := bytes.Count(data, []byte("\n")); n != 3001 {
			t.Errorf("%d lines in the CSV, want 3,000 rows and a header", n)
		}
	})
}

// waitForLockWait waits until a connection in db waits for a table lock.
func waitForLockWait(t *testing.T, admin *conn.Pool, db string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		var n int
		err := admin.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM `+admin.Server.ProcessList()+`
			WHERE DB = ? AND STATE LIKE '%metadata lock%'`, db).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the run never waited for the table lock")
}

// TestExtractSweepsKilledRunLeftovers: a run killed with SIGKILL leaves its
// hidden temporary file; the next run into the same directory removes it
// and says so.
func TestExtractSweepsKilledRunLeftovers(t *testing.T) {
	s := testbed.Get(t, "old")
	db := seed(t, s)
	out := t.TempDir()
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	stale := fmt.Sprintf(".%s.customers.parquet.tmp-%d-0123456789abcdef", db, dead.Process.Pid)
	if err := os.WriteFile(filepath.Join(out, stale), make([]byte, 1<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runParity(t, "extract", "--source", testbed.WithDatabase(s.DSN, db), "--tables", "customers", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, stale)); !os.IsNotExist(err) {
		t.Errorf("stale temporary file still there: %v", err)
	}
	if !strings.Contains(stderr, "removed 1 temporary file(s)") || !strings.Contains(stderr, stale) {
		t.Errorf("stderr should report the sweep: %s", stderr)
	}
	noTempFiles(t, out)
}

// TestExtractJSONOnFailure: --json is written when the run fails too, with
// the error and the tables finished before it.
func TestExtractJSONOnFailure(t *testing.T) {
	s := testbed.Get(t, "new")
	db := seed(t, s)
	js := filepath.Join(t.TempDir(), "run.json")
	code, _, stderr := runParity(t, "extract", "--source", testbed.WithDatabase(s.DSN, db), "--target", "parity:wrong-pw@tcp(127.0.0.1:1)/x",
		"--format", "none", "--json", js)
	if code != 2 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var report struct {
		Status string `json:"status"`
		Error  string `json:"error"`
		Runs   []struct {
			Role string `json:"role"`
			Rows int64  `json:"rows"`
		} `json:"runs"`
	}
	data, err := os.ReadFile(js)
	if err == nil {
		err = json.Unmarshal(data, &report)
	}
	if err != nil {
		t.Fatalf("--json after a failure: %v", err)
	}
	if report.Status != "failed" || !strings.Contains(report.Error, "connect target") || strings.Contains(string(data), "wrong-pw") {
		t.Errorf("status %q, error %q; want failed, naming the target, no password", report.Status, report.Error)
	}
	if len(report.Runs) != 1 || report.Runs[0].Role != "source" || report.Runs[0].Rows != 3002 {
		t.Errorf("runs %+v; want the completed source run", report.Runs)
	}
}
