package main

import (
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

	"github.com/parity-db/parity/bench"
	"github.com/parity-db/parity/result"
	"github.com/parity-db/parity/testbed"
)

// TestMain lets a test run the real parity binary as a child process (the
// test binary itself, with PARITY_TEST_MAIN=1), to kill it with signals,
// and removes the binary the hard-migration suite builds.
func TestMain(m *testing.M) {
	if os.Getenv("PARITY_TEST_MAIN") == "1" {
		main()
	}
	code := m.Run()
	removeBuiltParity()
	os.Exit(code)
}

func TestBenchUsage(t *testing.T) {
	dsn := "--dsn=new=u@tcp(h:1)/d"
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"bench"}, "no target"},
		{[]string{"bench", dsn}, "nothing to benchmark"},
		{[]string{"bench", dsn, "--scenario", "order-by:c"}, "--scenario needs tables"},
		{[]string{"bench", dsn, "--table", "d.t", "--scenario", "sort-by:c"}, "full-scan, buffered-scan"},
		{[]string{"bench", dsn, "--query", "q=SELECT 1", "--set", "sort_buffer_size="}, "sort_buffer_size"},
		{[]string{"bench", dsn, "--query", "q=SELECT 1", "--set", "a=1", "--set", "a=2"}, "a"},
		{[]string{"bench", dsn, "--query", "q=SELECT 1", "--query", "q=SELECT 2"}, `"q" given twice`},
		{[]string{"bench", "--dsn", "u@tcp(h:1)/d", "--query", "q=SELECT 1"}, "LABEL=DSN"},
		{[]string{"bench", dsn, "--dsn", "new=u@tcp(h:2)/d", "--query", "q=SELECT 1"}, `"new" given twice`},
		{[]string{"bench", dsn, "--source", "u@tcp(h:1)/d", "--query", "q=SELECT 1"}, "not both"},
		{[]string{"bench", dsn, "--queries", "/nonexistent.sql"}, "/nonexistent.sql"},
		{[]string{"bench", dsn, "--query", "q=SELECT 1", "--runs", "0"}, "--runs"},
		{[]string{"bench", dsn, "--query", "purge=DELETE FROM d.t WHERE id < 10"}, "query purge starts with DELETE"},
		{[]string{"bench", dsn, "--query", "copy=CREATE TABLE d.t2 AS SELECT * FROM d.t"}, "--allow-writes"},
		{[]string{"bench", dsn, "--query", "q=SELECT 1", "--retries", "-1"}, "--retries -1 must not be negative"},
		{[]string{"bench", "compare", "one.json"}, "OLD.json NEW.json"},
		{[]string{"bench", "compare", "--threshold", "ten", "a", "b"}, "--threshold"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, _, stderr := runParity(t, tt.args...)
			if code != 2 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tt.want)
			}
		})
	}
	code, stdout, _ := runParity(t, "help", "bench")
	for _, want := range []string{"buffered-scan", "--restore", "bench compare", "--set", "Examples:"} {
		if code != 0 || !strings.Contains(stdout, want) {
			t.Errorf("help bench lacks %q", want)
		}
	}
}

// TestBenchCommand runs a small grid on both servers through the command
// line and checks the grid, the JSON document and the history line; then
// bench compare reads them back.
func TestBenchCommand(t *testing.T) {
	old, cur := testbed.Get(t, "old"), testbed.Get(t, "new")
	// The same database name on both, as after a migration: tables resolve
	// in the first target's database.
	dbOld := seed(t, old)
	dbNew := dbOld
	p := cur.Open(t, "", 1)
	testbed.Exec(t, p, "CREATE DATABASE "+dbNew)
	t.Cleanup(func() { testbed.Exec(t, p, "DROP DATABASE IF EXISTS "+dbNew) })
	seedInto(t, cur, dbNew)
	dir := t.TempDir()
	js, hist := filepath.Join(dir, "bench.json"), filepath.Join(dir, "bench.jsonl")
	args := []string{"bench", "--dsn", "old=" + testbed.WithDatabase(old.DSN, dbOld), "--dsn", "new=" + testbed.WithDatabase(cur.DSN, dbNew),
		"--table", "customers", "--scenario", "full-scan", "--scenario", "order-by:name:desc",
		"--set", "sort_buffer_size=256K,2M", "--runs", "3", "--json", js, "--history", hist,
		"--restore-file", filepath.Join(dir, "restore.json")}
	for range 2 {
		code, _, stderr := runParity(t, args...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		for _, want := range []string{"old · mariadb 10.11", "new · mysql 9.", "order-by:name:desc", "sort_buffer_size=2M", "VS old", "n=3", "confidence interval"} {
			if !strings.Contains(stderr, want) {
				t.Errorf("grid lacks %q:\n%s", want, stderr)
			}
		}
	}
	data, err := os.ReadFile(js)
	if err != nil {
		t.Fatal(err)
	}
	var doc result.Bench
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Command != "bench" || doc.Status != "ok" || len(doc.Targets) != 2 || len(doc.Cells) != 8 {
		t.Fatalf("document: command %q, status %q, %d targets, %d cells", doc.Command, doc.Status, len(doc.Targets), len(doc.Cells))
	}
	for _, c := range doc.Cells {
		if c.Stats == nil || c.Stats.N != 3 || len(c.Runs) != 4 || c.Runs[0].Rows != 3000 {
			t.Errorf("%s: stats %+v, %d runs", c.Key(), c.Stats, len(c.Runs))
		}
	}
	if strings.Contains(string(data), testPassword) {
		t.Error("the JSON document holds the password")
	}
	recs, err := bench.ReadHistory(hist)
	if err != nil || len(recs) != 2 {
		t.Fatalf("history: %d records, %v", len(recs), err)
	}
	code, stdout, stderr := runParity(t, "bench", "compare", "--history", hist)
	if code == 2 || !strings.Contains(stdout, "regression(s) beyond 10%") {
		t.Errorf("compare --history: exit %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, stderr = runParity(t, "bench", "compare", js, js)
	if code != 0 || !strings.Contains(stdout, "0 regression(s)") || !strings.Contains(stdout, "unchanged") {
		t.Errorf("compare with itself: exit %d\n%s%s", code, stdout, stderr)
	}
}

// TestBenchFailingCellExitsZero: a query that fails is the cell's result;
// the grid ran, so the command exits 0 and the JSON keeps the error.
func TestBenchFailingCellExitsZero(t *testing.T) {
	s := testbed.Get(t, "new")
	db := seed(t, s)
	dir := t.TempDir()
	js, queries := filepath.Join(dir, "bench.json"), filepath.Join(dir, "queries.sql")
	if err := os.WriteFile(queries, []byte("-- the nightly count\n-- name: ok\nSELECT COUNT(*)\n  FROM customers;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runParity(t, "bench", "--dsn", "new="+testbed.WithDatabase(s.DSN, db),
		"--query", "gone=SELECT * FROM no_such_table", "--queries", queries, "--runs", "2", "--json", js)
	if code != 0 || !strings.Contains(stderr, "ERROR 1146") {
		t.Fatalf("exit %d, stderr %s; want 0 and the 1146 in the grid", code, stderr)
	}
	data, err := os.ReadFile(js)
	if err != nil {
		t.Fatal(err)
	}
	var doc result.Bench
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Cells) != 2 || doc.Cells[0].Error == nil || doc.Cells[0].Error.Code != 1146 || doc.Cells[1].Stats == nil ||
		doc.Cells[1].Query != "SELECT COUNT(*)\n  FROM customers" {
		t.Errorf("cells %+v", doc.Cells)
	}
}

// TestBenchCompareExitCodes: exit 1 on a significant regression beyond the
// threshold or a cell that now fails, 0 otherwise.
func TestBenchCompareExitCodes(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, seconds []float64, errText string) string {
		runs := []map[string]any{}
		for i, s := range seconds {
			runs = append(runs, map[string]any{"round": i, "seconds": s})
		}
		cell := map[string]any{"target": "new", "scenario": "full-scan", "table": "shop.orders", "settings": []any{}, "runs": runs}
		if errText != "" {
			cell["error"] = map[string]any{"kind": "server", "code": 1038, "message": errText}
		}
		doc := map[string]any{"schema_version": 1, "command": "bench", "status": "ok", "cells": []any{cell}}
		data, _ := json.Marshal(doc)
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	base := write("base.json", []float64{1, 1.01, 0.99, 1.02, 0.98}, "")
	slower := write("slower.json", []float64{1.3, 1.31, 1.29, 1.32, 1.28}, "")
	slightly := write("slightly.json", []float64{1.05, 1.06, 1.04, 1.07, 1.03}, "")
	failing := write("failing.json", nil, "Out of sort memory")
	tests := []struct {
		name      string
		args      []string
		code      int
		verdict   string
		threshold string
	}{
		{"30% slower", []string{base, slower}, 1, "regression", ""},
		{"5% slower, 10% threshold", []string{base, slightly}, 0, "unchanged", ""},
		{"5% slower, 2% threshold", []string{"--threshold", "2%", base, slightly}, 1, "regression", ""},
		{"faster", []string{slower, base}, 0, "improvement", ""},
		{"now failing", []string{base, failing}, 1, "now failing", ""},
		{"fixed", []string{failing, base}, 0, "fixed", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runParity(t, append([]string{"bench", "compare"}, tt.args...)...)
			if code != tt.code || !strings.Contains(stdout, tt.verdict) {
				t.Errorf("exit %d, want %d with %q\n%s%s", code, tt.code, tt.verdict, stdout, stderr)
			}
		})
	}
	code, _, stderr := runParity(t, "bench", "compare", base, filepath.Join(dir, "missing.json"))
	if code != 2 || !strings.Contains(stderr, "missing.json") {
		t.Errorf("missing file: exit %d, %s", code, stderr)
	}
}

// startBench runs parity bench as a child process changing
// temptable_max_ram on the MySQL testbed, and waits until the value has
// changed.
func startBench(t *testing.T, s testbed.Server, db, restore, original string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "bench", "--dsn", "new="+testbed.WithDatabase(s.DSN, db),
		"--query", "scan=SELECT SQL_BUFFER_RESULT * FROM customers", "--set", "temptable_max_ram=2M,4M",
		"--runs", "100000", "--restore-file", restore, "--quiet")
	cmd.Env = append(os.Environ(), "PARITY_TEST_MAIN=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	deadline := time.Now().Add(30 * time.Second)
	for globalTempTableRAM(t, s) == original {
		if time.Now().After(deadline) {
			t.Fatal("the benchmark never changed temptable_max_ram")
		}
		time.Sleep(50 * time.Millisecond)
	}
	return cmd
}

func globalTempTableRAM(t *testing.T, s testbed.Server) string {
	t.Helper()
	p := s.Open(t, "", 1)
	var v string
	if err := p.QueryRowContext(context.Background(), "SELECT @@GLOBAL.temptable_max_ram").Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestBenchSIGTERMRestores: SIGTERM in the middle of a grid exits 130 with
// the global value back and no restore file.
func TestBenchSIGTERMRestores(t *testing.T) {
	s := testbed.Get(t, "new")
	testbed.LockGlobals(t, s)
	db := seed(t, s)
	original := globalTempTableRAM(t, s)
	restore := filepath.Join(t.TempDir(), "restore.json")
	cmd := startBench(t, s, db, restore, original)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != exitInterrupted {
		t.Errorf("exit %d (%v), want %d", code, err, exitInterrupted)
	}
	if got := globalTempTableRAM(t, s); got != original {
		t.Errorf("temptable_max_ram %s after SIGTERM, want %s", got, original)
	}
	if _, err := os.Stat(restore); !os.IsNotExist(err) {
		t.Errorf("restore file left: %v", err)
	}
}

// TestBenchKilledLeavesRestoreFile: SIGKILL leaves the changed value and the
// restore file; a new run refuses to change globals; --restore puts the
// value back.
func TestBenchKilledLeavesRestoreFile(t *testing.T) {
	s := testbed.Get(t, "new")
	testbed.LockGlobals(t, s)
	db := seed(t, s)
	original := globalTempTableRAM(t, s)
	t.Cleanup(func() {
		p := s.Open(t, "", 1)
		testbed.Exec(t, p, "SET GLOBAL temptable_max_ram = "+original)
	})
	restore := filepath.Join(t.TempDir(), "restore.json")
	cmd := startBench(t, s, db, restore, original)
	t.Cleanup(func() {
		// Should the test fail before --restore, the dead run's record must
		// not refuse every later run on the shared server.
		p := s.Open(t, "", 1)
		_, _ = p.ExecContext(context.Background(), "DELETE FROM parity.bench_globals WHERE pid = ?", cmd.Process.Pid)
	})
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if globalTempTableRAM(t, s) == original {
		t.Fatal("SIGKILL cannot restore; the value should still be changed")
	}
	if _, err := os.Stat(restore); err != nil {
		t.Fatalf("no restore file after SIGKILL: %v", err)
	}
	dsn := "new=" + testbed.WithDatabase(s.DSN, db)
	code, _, stderr := runParity(t, "bench", "--dsn", dsn, "--query", "q=SELECT 1", "--set", "temptable_max_ram=8M",
		"--restore-file", restore)
	if code != 2 || !strings.Contains(stderr, "parity bench --restore "+restore) {
		t.Errorf("second run: exit %d, %s; want a refusal naming --restore", code, stderr)
	}
	// Another restore file, as a run from another directory or host would
	// use: the server's own record still refuses, naming the dead run.
	host, _ := os.Hostname()
	code, _, stderr = runParity(t, "bench", "--dsn", dsn, "--query", "q=SELECT 1", "--set", "temptable_max_ram=8M",
		"--restore-file", filepath.Join(t.TempDir(), "other.json"))
	for _, want := range []string{fmt.Sprintf("pid %d on host %s", cmd.Process.Pid, host), "temptable_max_ram (originally " + original + ")",
		"parity bench --restore " + restore} {
		if code != 2 || !strings.Contains(stderr, want) {
			t.Errorf("run with another restore file: exit %d, %s; want a refusal naming %q", code, stderr, want)
		}
	}
	if globalTempTableRAM(t, s) == original {
		t.Error("the refused run put a value back it never recorded")
	}
	t.Setenv("PARITY_NEW_PASSWORD", testPassword)
	code, stdout, stderr := runParity(t, "bench", "--restore", restore)
	if code != 0 || !strings.Contains(stdout, "restored GLOBAL temptable_max_ram = "+original) {
		t.Errorf("--restore: exit %d\n%s%s", code, stdout, stderr)
	}
	if got := globalTempTableRAM(t, s); got != original {
		t.Errorf("temptable_max_ram %s after --restore, want %s", got, original)
	}
	if _, err := os.Stat(restore); !os.IsNotExist(err) {
		t.Errorf("restore file left after --restore: %v", err)
	}
	code, _, stderr = runParity(t, "bench", "--dsn", dsn, "--query", "q=SELECT 1", "--set", "temptable_max_ram=8M",
		"--restore-file", filepath.Join(t.TempDir(), "other.json"), "--runs", "1", "--warmup", "0")
	if code != 0 {
		t.Errorf("a run after --restore: exit %d, %s; want the server's record cleared", code, stderr)
	}
}

// TestBenchTwoRunsOneServer: while one bench changes a global, a second on
// the same server with another restore file is refused, told the first's
// pid and host, and changes nothing.
func TestBenchTwoRunsOneServer(t *testing.T) {
	s := testbed.Get(t, "new")
	testbed.LockGlobals(t, s)
	db := seed(t, s)
	original := globalTempTableRAM(t, s)
	first := startBench(t, s, db, filepath.Join(t.TempDir(), "first.json"), original)
	code, _, stderr := runParity(t, "bench", "--dsn", "new="+testbed.WithDatabase(s.DSN, db), "--query", "q=SELECT 1",
		"--set", "temptable_max_ram=8M", "--restore-file", filepath.Join(t.TempDir(), "second.json"))
	host, _ := os.Hostname()
	if code != 2 || !strings.Contains(stderr, "another parity bench is changing global settings") ||
		!strings.Contains(stderr, fmt.Sprintf("pid %d on host %s", first.Process.Pid, host)) {
		t.Errorf("second run: exit %d, %s; want a refusal naming the first run's pid and host", code, stderr)
	}
	if got := globalTempTableRAM(t, s); got == "8388608" {
		t.Errorf("temptable_max_ram %s: the refused run changed it", got)
	}
	if err := first.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	_ = first.Wait()
	if got := globalTempTableRAM(t, s); got != original {
		t.Errorf("temptable_max_ram %s after both runs, want %s", got, original)
	}
}
