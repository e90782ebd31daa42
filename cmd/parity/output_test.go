package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/parity-db/parity/testbed"
)

// manifestDoc is what the tests read back from manifest.json.
type manifestDoc struct {
	Format     string `json:"format"`
	CSVDialect string `json:"csv_dialect"`
	LoadScript string `json:"load_script"`
	Tables     []struct {
		Name      string   `json:"name"`
		Rows      int64    `json:"rows"`
		FileBytes int64    `json:"file_bytes"`
		Files     []string `json:"files"`
	} `json:"tables"`
}

func readManifest(t *testing.T, data []byte) manifestDoc {
	t.Helper()
	var m manifestDoc
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("manifest: %v\n%s", err, data)
	}
	return m
}

// files lists a directory's entries, sorted.
func files(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

// TestExtractParts: --max-file-rows and --max-file-bytes cut a table into
// part files that the manifest lists and DuckDB reads as one glob, rows
// complete.
func TestExtractParts(t *testing.T) {
	s := testbed.Get(t, "old")
	db := seed(t, s)
	dsn := testbed.WithDatabase(s.DSN, db)
	for _, tt := range []struct {
		format, ext, reader string
		limit               []string
		parts               int
	}{
		{"parquet", ".parquet", "read_parquet", []string{"--max-file-rows", "700"}, 5},
		{"csv", ".csv", "read_csv", []string{"--max-file-bytes", "16K"}, 0},
	} {
		t.Run(tt.format, func(t *testing.T) {
			out := t.TempDir()
			args := append([]string{"extract", "--source", dsn, "--tables", "customers", "--format", tt.format, "--out", out,
				"--chunk-rows", "500"}, tt.limit...)
			if code, _, stderr := runParity(t, args...); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			data, err := os.ReadFile(filepath.Join(out, "manifest.json"))
			if err != nil {
				t.Fatal(err)
			}
			m := readManifest(t, data)
			if len(m.Tables) != 1 || m.Tables[0].Rows != 3000 {
				t.Fatalf("manifest tables %+v", m.Tables)
			}
			parts := m.Tables[0].Files
			if tt.parts > 0 && len(parts) != tt.parts || len(parts) < 2 {
				t.Errorf("%d parts, want %d", len(parts), tt.parts)
			}
			var total int64
			for i, p := range parts {
				if want := fmt.Sprintf("%s.customers.part-%05d%s", db, i, tt.ext); p != want {
					t.Errorf("part %d is %s, want %s", i, p, want)
				}
				fi, err := os.Stat(filepath.Join(out, p))
				if err != nil {
					t.Fatal(err)
				}
				total += fi.Size()
				if tt.format == "csv" && fi.Size() > 16<<10*11/10 {
					t.Errorf("%s is %d bytes, want about 16K at most", p, fi.Size())
				}
			}
			if total != m.Tables[0].FileBytes {
				t.Errorf("parts hold %d bytes, the manifest says %d", total, m.Tables[0].FileBytes)
			}
			if got, want := files(t, out), append(slices.Clone(parts), "manifest.json"); !slices.Equal(got, slices.Sorted(slices.Values(want))) {
				t.Errorf("directory holds %q", got)
			}
			glob := filepath.Join(out, db+".customers.*"+tt.ext)
			res := testbed.DuckDB(t, fmt.Sprintf("SELECT count(*), count(DISTINCT id), min(id), max(id) FROM %s('%s')", tt.reader, glob))
			if got := fmt.Sprint(res.Rows); got != "[[3000 3000 1 3000]]" {
				t.Errorf("DuckDB reads the glob of parts as count, distinct, min, max = %s", got)
			}
		})
	}
}

// TestExtractRerunReplaces: a re-run into a directory that holds an
// extraction removes that extraction's manifest and files before its first
// write, so when it is interrupted the directory holds no manifest at all,
// and nothing of the tables the new run does not read.
func TestExtractRerunReplaces(t *testing.T) {
	s := testbed.Get(t, "new")
	db := slowTable(t, s, "rerun")
	seedInto(t, s, db)
	out := t.TempDir()
	dsn := testbed.WithDatabase(s.DSN, db)
	code, _, stderr := runParity(t, "extract", "--source", dsn, "--tables", "customers,audit_log", "--format", "csv", "--out", out)
	if code != 0 {
		t.Fatalf("first run: exit %d: %s", code, stderr)
	}
	if got := files(t, out); !slices.Equal(got, []string{"manifest.json", db + ".audit_log.csv", db + ".customers.csv"}) {
		t.Fatalf("after the first run: %q", got)
	}
	// The re-run reads table t alone, slowly; it is interrupted once its
	// file is being written.
	cmd := exec.Command(buildParity(t), "extract", "--source", dsn, "--tables", "t", "--format", "csv", "--out", out,
		"--workers", "1", "--chunk-rows", "2000")
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for !slices.ContainsFunc(files(t, out), func(n string) bool { return strings.HasPrefix(n, "."+db+".t.csv.tmp-") }) {
		if time.Now().After(deadline) {
			t.Fatalf("the re-run did not start writing: %q", files(t, out))
		}
		time.Sleep(10 * time.Millisecond)
	}
	_ = cmd.Process.Signal(syscall.SIGINT)
	_ = cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 130 {
		t.Fatalf("interrupted re-run: exit %d: %s", code, errOut.String())
	}
	for _, n := range files(t, out) {
		if n == "manifest.json" || strings.HasSuffix(n, ".csv") {
			t.Errorf("after the interrupted re-run the directory holds %s", n)
		}
	}
	if !strings.Contains(errOut.String(), "removed the 2 file(s) of the previous extraction") {
		t.Errorf("stderr should say the previous extraction was removed: %s", errOut.String())
	}
}

// TestOutputsToStdout: "-" is standard output for --json, --report and
// report -o, and then the document is all that goes there.
func TestOutputsToStdout(t *testing.T) {
	s := testbed.Get(t, "old")
	db := seed(t, s)
	dsn := testbed.WithDatabase(s.DSN, db)
	code, stdout, stderr := runParity(t, "extract", "--source", dsn, "--format", "none", "--json", "-")
	var doc struct {
		Command string `json:"command"`
		Status  string `json:"status"`
	}
	if code != 0 || json.Unmarshal([]byte(stdout), &doc) != nil || doc.Command != "extract" || doc.Status != "ok" {
		t.Fatalf("extract --json -: exit %d, stdout %q, stderr %s", code, stdout, stderr)
	}
	if _, err := os.Stat("-"); err == nil {
		t.Error(`a file named "-" was created`)
	}
	code, stdout, stderr = runParity(t, "extract", "--source", dsn, "--format", "none", "--report", "-", "--quiet")
	if code != 0 || !strings.Contains(stdout, "customers") {
		t.Errorf("extract --report -: exit %d, stdout %q, stderr %s", code, stdout, stderr)
	}
	copyDSN := testbed.WithDatabase(s.DSN, s.CopyDatabase(t, db))
	code, stdout, stderr = runParity(t, "verify", "--source", dsn, "--target", copyDSN, "--json", "-")
	if code != 0 || json.Unmarshal([]byte(stdout), &doc) != nil || doc.Command != "verify" || !strings.Contains(stderr, "customers") {
		t.Errorf("verify --json -: exit %d, stdout %q (want JSON alone), stderr %s", code, stdout, stderr)
	}
	js := filepath.Join(t.TempDir(), "run.json")
	if code, _, stderr := runParity(t, "extract", "--source", dsn, "--format", "none", "--json", js, "--quiet"); code != 0 {
		t.Fatal(stderr)
	}
	code, stdout, _ = runParity(t, "report", js, "-o", "-", "--format", "json")
	if code != 0 || !json.Valid([]byte(stdout)) {
		t.Errorf("report -o -: exit %d, stdout %q", code, stdout)
	}
	code, _, stderr = runParity(t, "extract", "--source", dsn, "--format", "none", "--json", "-", "--report", "-")
	if code != 2 || !strings.Contains(stderr, "both write to stdout") {
		t.Errorf("--json - --report -: exit %d, %s", code, stderr)
	}
}

// TestOutputsNotWritable: an output into a read-only or full directory
// fails before the run starts: no connection is made (the DSNs point
// nowhere), and the message names the file.
func TestOutputsNotWritable(t *testing.T) {
	ro, full := t.TempDir(), t.TempDir()
	for _, m := range [][]string{{"-o", "ro,size=64k", "tmpfs", ro}, {"-o", "size=64k", "tmpfs", full}} {
		if err := exec.Command("mount", append([]string{"-t", "tmpfs"}, m...)...).Run(); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("mount tmpfs (needs root): %v", err)
			}
			t.Skipf("mount tmpfs: %v (needs root)", err)
		}
		dir := m[3]
		t.Cleanup(func() { _ = exec.Command("umount", dir).Run() })
	}
	if err := os.WriteFile(filepath.Join(full, "filler"), make([]byte, 128<<10), 0o644); err == nil {
		t.Fatal("the 64k tmpfs took 128 KiB")
	}
	nowhere := "parity:x@tcp(127.0.0.1:1)/db"
	for _, tt := range []struct {
		args []string
		file string
	}{
		{[]string{"extract", "--source", nowhere, "--format", "none", "--json", filepath.Join(ro, "run.json")}, "run.json"},
		{[]string{"extract", "--source", nowhere, "--format", "none", "--report", filepath.Join(full, "run.html")}, "run.html"},
		{[]string{"verify", "--source", nowhere, "--target", nowhere, "--fix-sql", filepath.Join(ro, "fix.sql")}, "fix.sql"},
		{[]string{"verify", "--source", nowhere, "--target", nowhere, "--state", filepath.Join(full, "v.state")}, "v.state"},
		{[]string{"extract", "--source", nowhere, "--format", "none", "--json", filepath.Join(t.TempDir(), "no", "such", "dir.json")}, "dir.json"},
	} {
		code, _, stderr := runParity(t, tt.args...)
		if code != 2 || !strings.Contains(stderr, "cannot write") || !strings.Contains(stderr, tt.file) || strings.Contains(stderr, "connect") {
			t.Errorf("%v: exit %d, %s; want exit 2 before connecting, naming %s", tt.args, code, stderr, tt.file)
		}
	}
	for _, dir := range []string{ro, full} {
		for _, n := range files(t, dir) {
			if n != "filler" {
				t.Errorf("left in %s: %s", dir, n)
			}
		}
	}
}

// TestVerifyStateUnwritable: a --state file that stops being writable in
// the middle of a run (its directory goes away) stops the run at once
// with that error, rather than letting it go on unable to resume.
func TestVerifyStateUnwritable(t *testing.T) {
	s := testbed.Get(t, "old")
	db := s.Database(t, "state")
	p := s.Open(t, db, 1)
	testbed.Exec(t, p, "CREATE TABLE t (id INT PRIMARY KEY, v INT)",
		"INSERT INTO t WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) SELECT i, i FROM n")
	for _, step := range []int{1000, 2000, 4000, 8000, 16000} {
		testbed.Exec(t, p, fmt.Sprintf("INSERT INTO t SELECT id + %d, v FROM t", step))
	}
	dsn := testbed.WithDatabase(s.DSN, db)
	dir := filepath.Join(t.TempDir(), "state")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	state := filepath.Join(dir, "verify.state")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	o := verifyOptions{workers: 1, chunkRows: 3, mode: "stream", maxDiffs: 10, state: state, quiet: true}
	o.conns.source, o.conns.target = dsn, testbed.WithDatabase(s.DSN, s.CopyDatabase(t, db))
	done := make(chan error, 1)
	var out, errOut bytes.Buffer
	go func() { done <- runVerify(ctx, o, strings.NewReader(""), &out, &errOut) }()
	deadline := time.Now().Add(time.Minute)
	for {
		if _, err := os.Stat(state); err == nil {
			break
		}
		select {
		case err := <-done:
			t.Fatalf("verify ended (%v) before writing its state", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("no state file after a minute")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	removed := time.Now()
	err := <-done
	if err == nil || !strings.Contains(err.Error(), "state file") || !strings.Contains(err.Error(), "could not resume") {
		t.Fatalf("verify with an unwritable state file: %v, want the state file's error", err)
	}
	if took := time.Since(removed); took > 10*time.Second {
		t.Errorf("the run went on for %s after its state file became unwritable", took)
	}
}
