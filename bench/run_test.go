package bench

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/datagen"
	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/testbed"
)

// Test tables live in one database per server, built once and kept: the
// documents table takes a few seconds to load.
const testDB = "parity_bench_test"

func documentsTable(t *testing.T, s testbed.Server) {
	t.Helper()
	p := s.Open(t, "", 2)
	// 20 rows of 400 KB JSON: one row is larger than a 256 KiB sort buffer.
	if err := datagen.Documents(context.Background(), p.DB, p.Server.Flavor, testDB, "docs", 20, 400_000, 1); err != nil {
		t.Fatal(err)
	}
}

func sysbenchTable(t *testing.T, s testbed.Server) {
	t.Helper()
	p := s.Open(t, "", 2)
	// 10,000 rows make a TempTable of about 7 MB: over a 2 MiB
	// temptable_max_ram, under the 16 MiB tmp_table_size.
	if err := datagen.Sysbench(context.Background(), p.DB, testDB, "sbtest", 10_000, 1); err != nil {
		t.Fatal(err)
	}
}

func testTarget(t *testing.T, s testbed.Server) Target {
	return Target{Label: s.Name, Endpoint: s.Endpoint(t, testDB)}
}

func mustSetting(t *testing.T, s string) Setting {
	t.Helper()
	st, err := ParseSetting(s)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func mustScenario(t *testing.T, s string) Scenario {
	t.Helper()
	sc, err := ParseScenario(s)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func globalValue(t *testing.T, s testbed.Server, name string) string {
	t.Helper()
	p := s.Open(t, "", 1)
	var v string
	if err := p.QueryRowContext(context.Background(), "SELECT @@GLOBAL."+name).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func cellFor(t *testing.T, r *Result, target, settings string) *Cell {
	t.Helper()
	for _, c := range r.Cells {
		if c.Target == target && c.Settings.String() == settings {
			return c
		}
	}
	t.Fatalf("no cell %s %q in %d cells", target, settings, len(r.Cells))
	return nil
}

// TestOutOfSortMemory reproduces the ORDER BY that fails on MySQL 8.0+ with
// large JSON rows: error 1038 at sort_buffer_size=256K, success at 2M. The
// grid records the failure as the cell's result and goes on.
func TestOutOfSortMemory(t *testing.T) {
	s := testbed.Get(t, "new")
	documentsTable(t, s)
	res, err := Run(context.Background(), Options{
		Targets:     []Target{testTarget(t, s)},
		Tables:      schema.Selection{Include: []string{testDB + ".docs"}},
		Scenarios:   []Scenario{mustScenario(t, "order-by:created_at:desc")},
		Settings:    []Setting{mustSetting(t, "sort_buffer_size=256K,2M")},
		Runs:        3,
		RestoreFile: filepath.Join(t.TempDir(), "restore.json"),
	})
	if err != nil {
		t.Fatal(err)
	}
	small := cellFor(t, res, "new", "sort_buffer_size=256K")
	if small.Error == nil || small.Error.Code != 1038 || !strings.Contains(small.Error.Message, "Out of sort memory") {
		t.Errorf("256K: error %+v, want 1038 Out of sort memory", small.Error)
	}
	if len(small.Runs) != 1 || small.Runs[0].Retries != 0 {
		t.Errorf("256K: %d runs; a failed cell is not run again, and 1038 is its result, not a fault to retry", len(small.Runs))
	}
	big := cellFor(t, res, "new", "sort_buffer_size=2M")
	if big.Error != nil || big.Stats == nil || big.Stats.N != 3 {
		t.Fatalf("2M: error %v, stats %+v; want 3 measured runs", big.Error, big.Stats)
	}
	for _, r := range big.Runs {
		if r.Rows != 20 || r.Bytes < 20*390_000 {
			t.Errorf("2M run: %d rows, %d bytes; want 20 rows of 400 KB", r.Rows, r.Bytes)
		}
		if !r.Warmup && r.Status["Sort_rows"] != 20 {
			t.Errorf("2M run: Sort_rows %d, want 20 (status %v)", r.Status["Sort_rows"], r.Status)
		}
	}
	if big.Counters["ROWS_SENT"] != 20 {
		t.Errorf("performance_schema row: %v; want ROWS_SENT 20", big.Counters)
	}
}

// TestTempTableOverflow runs a buffered scan under a small and a large
// temptable_max_ram on MySQL and on MariaDB at once: on MySQL the small cell
// spills to disk and the large one does not, and the global value is back
// afterwards; MariaDB, which has no TempTable, reports the variable as
// unsupported and runs its cells without it.
func TestTempTableOverflow(t *testing.T) {
	mysql, mariadb := testbed.Get(t, "new"), testbed.Get(t, "old")
	testbed.LockGlobals(t, mysql)
	sysbenchTable(t, mysql)
	sysbenchTable(t, mariadb)
	before := globalValue(t, mysql, "temptable_max_ram")
	restore := filepath.Join(t.TempDir(), "restore.json")
	var notices []string
	var order []string // cell of each run, in the order they ran
	res, err := Run(context.Background(), Options{
		Targets:     []Target{testTarget(t, mariadb), testTarget(t, mysql)},
		Tables:      schema.Selection{Include: []string{testDB + ".sbtest"}},
		Scenarios:   []Scenario{mustScenario(t, "buffered-scan")},
		Settings:    []Setting{mustSetting(t, "temptable_max_ram=2M,1G")},
		Runs:        3,
		RestoreFile: restore,
		Notify:      func(m string) { notices = append(notices, m) },
		Progress: func(c *Cell, r *Measurement) {
			if _, err := os.Stat(restore); err != nil && c.Target == "new" {
				t.Errorf("restore file missing while globals are changed: %v", err)
			}
			order = append(order, c.Key())
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	// Interleaved: every round runs each of the 4 cells once, in the same order.
	if len(order) != 4*4 {
		t.Fatalf("%d runs, want 4 cells x (1 warmup + 3)", len(order))
	}
	for i := range order {
		if order[i] != order[i%4] || i < 4 && slicesIndex(order[:i], order[i]) >= 0 {
			t.Fatalf("runs not interleaved: %q", order)
		}
	}
	small, large := cellFor(t, res, "new", "temptable_max_ram=2M"), cellFor(t, res, "new", "temptable_max_ram=1G")
	if small.Counters["Created_tmp_disk_tables"] < 1 {
		t.Errorf("2M: counters %v; want the TempTable overflow on disk", small.Counters)
	}
	if large.Counters["Created_tmp_disk_tables"] != 0 || large.Counters["Created_tmp_tables"] != 1 {
		t.Errorf("1G: counters %v; want one in-memory temporary table", large.Counters)
	}
	if large.Counters["temptable_ram_bytes"] < 2<<20 {
		t.Errorf("1G: TempTable RAM %d; want the whole result in memory", large.Counters["temptable_ram_bytes"])
	}
	if got := globalValue(t, mysql, "temptable_max_ram"); got != before {
		t.Errorf("temptable_max_ram is %s after the run, was %s", got, before)
	}
	if _, err := os.Stat(restore); !os.IsNotExist(err) {
		t.Errorf("restore file left after a clean run: %v", err)
	}
	if len(res.Restored) != 1 || res.Restored[0].Value != before {
		t.Errorf("restored %+v", res.Restored)
	}
	for _, settings := range []string{"temptable_max_ram=2M", "temptable_max_ram=1G"} {
		c := cellFor(t, res, "old", settings)
		if c.Error != nil || c.Stats == nil || len(c.Unsupported) != 1 || c.Unsupported[0] != "temptable_max_ram" {
			t.Errorf("MariaDB %s: error %v, stats %v, unsupported %v", settings, c.Error, c.Stats, c.Unsupported)
		}
	}
	if !strings.Contains(strings.Join(notices, "\n"), "temptable_max_ram does not exist there") {
		t.Errorf("notices %q should say MariaDB lacks temptable_max_ram", notices)
	}
	var targetCmp bool
	for _, c := range res.Comparisons {
		targetCmp = targetCmp || c.Kind == "target" && c.Base == "old" && c.Other == "new"
	}
	if !targetCmp {
		t.Errorf("no target comparison in %+v", res.Comparisons)
	}
}

// TestInterruptRestoresGlobals: Ctrl-C in the middle of a grid puts the
// global value back and removes the restore file.
func TestInterruptRestoresGlobals(t *testing.T) {
	s := testbed.Get(t, "new")
	testbed.LockGlobals(t, s)
	sysbenchTable(t, s)
	before := globalValue(t, s, "temptable_max_ram")
	restore := filepath.Join(t.TempDir(), "restore.json")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := Run(ctx, Options{
		Targets:     []Target{testTarget(t, s)},
		Queries:     []Query{{Name: "scan", SQL: "SELECT SQL_BUFFER_RESULT * FROM " + testDB + ".sbtest"}},
		Settings:    []Setting{mustSetting(t, "temptable_max_ram=2M,4M")},
		RestoreFile: restore,
		Progress: func(c *Cell, r *Measurement) {
			if got := globalValue(t, s, "temptable_max_ram"); got == before {
				t.Errorf("temptable_max_ram still %s during the grid", got)
			}
			cancel()
		},
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want context.Canceled", err)
	}
	if got := globalValue(t, s, "temptable_max_ram"); got != before {
		t.Errorf("temptable_max_ram is %s after the interrupt, was %s", got, before)
	}
	if _, err := os.Stat(restore); !os.IsNotExist(err) {
		t.Errorf("restore file left: %v", err)
	}
}

// TestRestorePendingBlocksGlobals: while a restore file exists, no run
// changes globals (it would record changed values as originals); Restore
// puts the recorded values back and removes the file.
func TestRestorePendingBlocksGlobals(t *testing.T) {
	s := testbed.Get(t, "new")
	testbed.LockGlobals(t, s)
	before := globalValue(t, s, "temptable_max_ram")
	p := s.Open(t, "", 1)
	testbed.Exec(t, p, "SET GLOBAL temptable_max_ram = 4194304") // what a killed run leaves
	t.Cleanup(func() { testbed.Exec(t, p, "SET GLOBAL temptable_max_ram = "+before) })
	ep := s.Endpoint(t, "")
	restore := filepath.Join(t.TempDir(), "restore.json")
	rf := &RestoreFile{SchemaVersion: 1, Created: time.Now(), PID: 1, Targets: []RestoreTarget{{
		Label: "new", DSN: ep.DSN(), Endpoint: ep.String(),
		Variables: []Assignment{{Name: "temptable_max_ram", Value: before}},
	}}}
	if err := rf.write(restore); err != nil {
		t.Fatal(err)
	}
	_, err := Run(context.Background(), Options{
		Targets:     []Target{{Label: "new", Endpoint: ep}},
		Queries:     []Query{{Name: "one", SQL: "SELECT 1"}},
		Settings:    []Setting{mustSetting(t, "temptable_max_ram=2M")},
		RestoreFile: restore,
	})
	if !errors.Is(err, ErrRestorePending) || !strings.Contains(err.Error(), "parity bench --restore "+restore) {
		t.Fatalf("err %v; want ErrRestorePending naming the command", err)
	}
	if got := globalValue(t, s, "temptable_max_ram"); got != "4194304" {
		t.Fatalf("the refused run changed temptable_max_ram to %s", got)
	}
	if strings.Contains(mustRead(t, restore), "parity-test-pw") {
		t.Error("the restore file holds the password")
	}
	read, err := ReadRestoreFile(restore)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("PARITY_NEW_PASSWORD", "parity-test-pw")
	endpoints, err := read.RestoreEndpoints(nil, func(label, dsn string) (*conn.Endpoint, error) {
		return conn.Parse(dsn, conn.Options{Role: label, PasswordEnv: conn.PasswordEnv(label), Files: conn.OptionFiles{NoDefaults: true}})
	})
	if err != nil {
		t.Fatal(err)
	}
	done, err := Restore(context.Background(), restore, endpoints)
	if err != nil {
		t.Fatal(err)
	}
	if len(done) != 1 || globalValue(t, s, "temptable_max_ram") != before {
		t.Errorf("restored %+v; temptable_max_ram %s, want %s", done, globalValue(t, s, "temptable_max_ram"), before)
	}
	if _, err := os.Stat(restore); !os.IsNotExist(err) {
		t.Errorf("restore file left after restoring: %v", err)
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestSetGlobalDenied: a user without SYSTEM_VARIABLES_ADMIN (Aurora's
// master user) gets a message about parameter groups and labelled targets
// before anything runs.
func TestSetGlobalDenied(t *testing.T) {
	s := testbed.Get(t, "new")
	p := s.Open(t, "", 1)
	testbed.Exec(t, p,
		"DROP USER IF EXISTS 'parity_limited'@'%'",
		"CREATE USER 'parity_limited'@'%' IDENTIFIED BY 'limited-pw'",
		"GRANT SELECT ON *.* TO 'parity_limited'@'%'")
	t.Cleanup(func() { testbed.Exec(t, p, "DROP USER IF EXISTS 'parity_limited'@'%'") })
	ep := s.Endpoint(t, "")
	ep.Config.User, ep.Config.Passwd = "parity_limited", "limited-pw"
	_, err := Run(context.Background(), Options{
		Targets:     []Target{{Label: "aurora", Endpoint: ep}},
		Queries:     []Query{{Name: "one", SQL: "SELECT 1"}},
		Settings:    []Setting{mustSetting(t, "sort_buffer_size=2M"), mustSetting(t, "temptable_max_ram=2M,1G")},
		RestoreFile: filepath.Join(t.TempDir(), "restore.json"),
	})
	var se *SetupError
	if !errors.As(err, &se) {
		t.Fatalf("err %v, want a SetupError", err)
	}
	for _, want := range []string{"aurora", "SET GLOBAL temptable_max_ram is not permitted", "1227", "parameter group", "--dsn"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message lacks %q: %v", want, err)
		}
	}
}

// TestSetupErrors: problems found before anything runs, on both servers.
func TestSetupErrors(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		sysbenchTable(t, s)
		tests := []struct {
			name string
			o    Options
			want string
		}{
			{"bad value", Options{Queries: []Query{{Name: "one", SQL: "SELECT 1"}},
				Settings: []Setting{{Name: "sort_buffer_size", Values: []string{"2M", "lots"}}}}, "sort_buffer_size=lots"},
			{"read-only", Options{Queries: []Query{{Name: "one", SQL: "SELECT 1"}},
				Settings: []Setting{{Name: "innodb_page_size", Values: []string{"16384"}}}}, "innodb_page_size cannot be changed"},
			{"missing table", Options{Tables: schema.Selection{Include: []string{testDB + ".nope"}}}, "table not found"},
			{"missing column", Options{Tables: schema.Selection{Include: []string{testDB + ".sbtest"}},
				Scenarios: []Scenario{mustScenario(t, "order-by:created_at")}}, `no column "created_at"`},
			{"nothing", Options{}, "nothing to benchmark"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tt.o.Targets = []Target{testTarget(t, s)}
				tt.o.RestoreFile = filepath.Join(t.TempDir(), "restore.json")
				res, err := Run(context.Background(), tt.o)
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("err %v, want %q", err, tt.want)
				}
				if res != nil && len(res.Cells) > 0 && len(res.Cells[0].Runs) > 0 {
					t.Errorf("ran %d runs before failing", len(res.Cells[0].Runs))
				}
			})
		}
	})
}

// TestScenarios runs every built-in scenario and a custom query once on
// both servers, and checks what each read.
func TestScenarios(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		sysbenchTable(t, s)
		var scenarios []Scenario
		for _, name := range []string{"full-scan", "buffered-scan", "order-by:k:desc", "group-by:k", "distinct:k", "extract"} {
			scenarios = append(scenarios, mustScenario(t, name))
		}
		res, err := Run(context.Background(), Options{
			Targets:     []Target{testTarget(t, s)},
			Tables:      schema.Selection{Include: []string{testDB + ".sbtest"}},
			Scenarios:   scenarios,
			Queries:     []Query{{Name: "count", SQL: "SELECT COUNT(*) FROM " + testDB + ".sbtest"}},
			Warmup:      -1,
			Runs:        1,
			RestoreFile: filepath.Join(t.TempDir(), "restore.json"),
		})
		if err != nil {
			t.Fatal(err)
		}
		p := s.Open(t, testDB, 1)
		var distinctK int64
		if err := p.QueryRowContext(context.Background(), "SELECT COUNT(DISTINCT k) FROM sbtest").Scan(&distinctK); err != nil {
			t.Fatal(err)
		}
		want := map[string]int64{"full-scan": 10_000, "buffered-scan": 10_000, "order-by:k:desc": 10_000,
			"group-by:k": distinctK, "distinct:k": distinctK, "extract": 10_000, "count": 1}
		for _, c := range res.Cells {
			if len(c.Runs) != 1 || c.Error != nil {
				t.Errorf("%s: %d runs, error %v", c.Scenario, len(c.Runs), c.Error)
				continue
			}
			r := c.Runs[0]
			if r.Rows != want[c.Scenario] || r.Seconds <= 0 || r.Bytes <= 0 {
				t.Errorf("%s: %d rows, %d bytes in %.3fs; want %d rows", c.Scenario, r.Rows, r.Bytes, r.Seconds, want[c.Scenario])
			}
		}
	})
}

// TestTimeout: a run over --timeout is stopped (by the server's statement
// limit, or by KILL QUERY where the limit does not apply) and recorded as
// the cell's result; the grid goes on with the next cell on a working
// connection.
func TestTimeout(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		sysbenchTable(t, s)
		slow := "SELECT COUNT(*) FROM " + testDB + ".sbtest a, " + testDB + ".sbtest b WHERE a.c < b.c"
		queries := []Query{{Name: "slow", SQL: slow}, {Name: "fast", SQL: "SELECT 1"}}
		if s.Name == "new" {
			// MySQL's max_execution_time covers SELECT only: DO needs the kill.
			queries = append(queries, Query{Name: "do-sleep", SQL: "DO SLEEP(30)"})
		}
		start := time.Now()
		res, err := Run(context.Background(), Options{
			Targets:     []Target{testTarget(t, s)},
			Queries:     queries,
			Warmup:      -1,
			Runs:        2,
			Timeout:     time.Second,
			RestoreFile: filepath.Join(t.TempDir(), "restore.json"),
		})
		if err != nil {
			t.Fatal(err)
		}
		if took := time.Since(start); took > 20*time.Second {
			t.Errorf("grid took %s with a 1s timeout", took)
		}
		for _, c := range res.Cells {
			switch c.Scenario {
			case "fast":
				if c.Error != nil || c.Stats == nil || c.Stats.N != 2 {
					t.Errorf("fast: error %v, stats %+v", c.Error, c.Stats)
				}
			default:
				if c.Error == nil || c.Error.Kind != "timeout" || len(c.Runs) != 1 {
					t.Errorf("%s: error %+v after %d runs; want one timeout", c.Scenario, c.Error, len(c.Runs))
				}
			}
		}
	})
}

// TestServerGoneEndsGrid: with retries off, a server that goes away
// mid-grid ends the run with a classified error naming the target and the
// cell, not a cell result.
func TestServerGoneEndsGrid(t *testing.T) {
	s := testbed.Get(t, "old")
	sysbenchTable(t, s)
	admin := s.Open(t, "", 1)
	killed := false
	_, err := Run(context.Background(), Options{
		Targets:     []Target{testTarget(t, s)},
		Queries:     []Query{{Name: "scan", SQL: "SELECT * FROM " + testDB + ".sbtest"}},
		Runs:        3,
		Retry:       conn.NoRetry,
		RestoreFile: filepath.Join(t.TempDir(), "restore.json"),
		Progress: func(c *Cell, r *Measurement) {
			if !killed {
				killed = testbed.KillConnections(t, admin, testDB) > 0
			}
		},
	})
	if !killed {
		t.Fatal("found no connection to kill")
	}
	if !errors.Is(err, conn.ErrServerGone) {
		t.Fatalf("err %v, want ErrServerGone", err)
	}
	if msg := err.Error(); !strings.HasPrefix(msg, "old: scan [") || !strings.Contains(msg, "127.0.0.1:") {
		t.Errorf("message %q should name the target, the cell and the server", msg)
	}
}

func slicesIndex(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}
