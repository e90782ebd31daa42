package extract_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/extract"
	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/sink"
	"github.com/parity-db/parity/testbed"
)

// Fault tests: the server or the run's connections are taken away in the
// middle of an extraction. Within the retry window the files must hold
// exactly what an undisturbed run writes; beyond it the run must fail with
// the real error, naming table, chunk and server.

// faultTables creates three small tables, one per way of reading:
// an integer key (arithmetic ranges), a text key (keyset walk) and no key
// (one full scan). Each row's first column is unique, so a row read twice
// shows up.
func faultTables(t *testing.T, p *conn.Pool, db string) []*schema.Table {
	t.Helper()
	testbed.Exec(t, p,
		"CREATE TABLE ints (id INT PRIMARY KEY, pad VARCHAR(100))",
		"CREATE TABLE words (w VARCHAR(20) PRIMARY KEY, n INT)",
		// 6000 rows each, from a cross join of digits.
		`INSERT INTO ints SELECT a.d*1000+b.d*100+c.d*10+e.d+1, REPEAT('x', 100)
		 FROM (SELECT 0 d UNION SELECT 1 UNION SELECT 2 UNION SELECT 3 UNION SELECT 4 UNION SELECT 5) a,
		      (SELECT 0 d UNION SELECT 1 UNION SELECT 2 UNION SELECT 3 UNION SELECT 4 UNION SELECT 5 UNION SELECT 6 UNION SELECT 7 UNION SELECT 8 UNION SELECT 9) b,
		      (SELECT 0 d UNION SELECT 1 UNION SELECT 2 UNION SELECT 3 UNION SELECT 4 UNION SELECT 5 UNION SELECT 6 UNION SELECT 7 UNION SELECT 8 UNION SELECT 9) c,
		      (SELECT 0 d UNION SELECT 1 UNION SELECT 2 UNION SELECT 3 UNION SELECT 4 UNION SELECT 5 UNION SELECT 6 UNION SELECT 7 UNION SELECT 8 UNION SELECT 9) e`,
		"INSERT INTO words SELECT CONCAT('w', LPAD(id, 5, '0')), id FROM ints",
		"ANALYZE TABLE ints, words")
	return inspectAll(t, p, db)
}

// heapTable adds the keyless table, read in one full scan. Its 72 MB of
// rows are twice what loopback socket buffers hold at most here (a 32 MiB
// receive and a 4 MiB send buffer), so when the writer is held the server
// is still sending and a cut connection is seen by the reader, not hidden
// in a result already received whole.
func heapTable(t *testing.T, p *conn.Pool, db string) []*schema.Table {
	t.Helper()
	testbed.Exec(t, p,
		"CREATE TABLE heap (n INT, pad TEXT)",
		"INSERT INTO heap SELECT id, REPEAT('y', 12000) FROM ints",
		"ANALYZE TABLE heap")
	return inspectAll(t, p, db)
}

func inspectAll(t *testing.T, p *conn.Pool, db string) []*schema.Table {
	t.Helper()
	tables, err := schema.Inspect(context.Background(), p.DB, p.Server, schema.Selection{Include: []string{db + ".*"}})
	if err != nil {
		t.Fatal(err)
	}
	return tables
}

const faultRows = 6000

func pick(t *testing.T, tables []*schema.Table, name string) *schema.Table {
	t.Helper()
	for _, tb := range tables {
		if tb.Name == name {
			return tb
		}
	}
	t.Fatalf("no table %s", name)
	return nil
}

// holdSink passes everything to a real file sink, but holds the writer of
// one table at its n-th batch until the test has done its damage: by then
// that table's chunks have handed rows over, so the fault cuts chunks in
// the middle.
type holdSink struct {
	inner extract.Sink
	table string
	at    int

	reached chan struct{} // closed when the n-th batch arrives
	release chan struct{} // closed by the test to let it through
	once    sync.Once
	mu      sync.Mutex
	writes  int
	// arrow hides the file sink's text path (extract.TextSink), so its
	// tables are read into Arrow batches.
	arrow bool
	texts int // batches of the held table written as text
}

func newHoldSink(t *testing.T, dir, table string, at int) *holdSink {
	t.Helper()
	inner, err := sink.New(sink.CSV, sink.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	return &holdSink{inner: inner, table: table, at: at, reached: make(chan struct{}), release: make(chan struct{})}
}

func (h *holdSink) Open(t *schema.Table, s *arrow.Schema) (extract.TableSink, error) {
	ts, err := h.inner.Open(t, s)
	if err != nil {
		return ts, err
	}
	if h.arrow {
		ts = arrowOnly{ts}
	}
	if t.Name != h.table {
		return ts, nil
	}
	return &holdTable{TableSink: ts, h: h}, nil
}

// arrowOnly is a table sink without its text path.
type arrowOnly struct{ extract.TableSink }

type holdTable struct {
	extract.TableSink
	h *holdSink
}

// hold stops the caller at the n-th batch until the test releases it.
func (ht *holdTable) hold() {
	ht.h.mu.Lock()
	ht.h.writes++
	n := ht.h.writes
	ht.h.mu.Unlock()
	if n == ht.h.at {
		ht.h.once.Do(func() { close(ht.h.reached) })
		<-ht.h.release
	}
}

func (ht *holdTable) Write(rec arrow.RecordBatch) error {
	ht.hold()
	return ht.TableSink.Write(rec)
}

func (ht *holdTable) RowText(zero extract.ZeroDatePolicy) extract.RowText {
	return rowTextOf(ht.TableSink, zero)
}

// rowTextOf is ts's text path for a wrapper of ts, nil if it has none.
func rowTextOf(ts extract.TableSink, zero extract.ZeroDatePolicy) extract.RowText {
	if t, ok := ts.(extract.TextSink); ok {
		return t.RowText(zero)
	}
	return nil
}

func (ht *holdTable) WriteText(text []byte, rows int64) error {
	ht.h.mu.Lock()
	ht.h.texts++
	ht.h.mu.Unlock()
	ht.hold()
	return ht.TableSink.(extract.TextSink).WriteText(text, rows)
}

// faultOptions read small chunks in small batches, so every table has
// several chunks and every chunk several batches.
func faultOptions(r conn.Retry) extract.Options {
	return extract.Options{Workers: 2, ChunkRows: 500, BatchRows: 100, Retry: r}
}

// quickRetry rides out a restart of a few seconds without the default's
// long waits: 0.3 s, 0.9 s, then 2 s at most, 12 times (about 20 s).
var quickRetry = conn.Retry{Retries: 12, Base: 300 * time.Millisecond, Max: 2 * time.Second}

// runHeld extracts tables into dir as CSV; damage runs while the writer of
// table hold is stopped at its third batch, the writer goes on after damage
// returns, and then after (if not nil) runs while the run goes on. With
// damage nil nothing is held.
func runHeld(t *testing.T, p *conn.Pool, tables []*schema.Table, o extract.Options, dir, hold string, damage, after func()) (*extract.Result, []string, error) {
	t.Helper()
	return runHeldVia(t, p, tables, o, dir, hold, false, damage, after)
}

// runHeldVia is runHeld, with the tables read into Arrow batches when
// arrow is set, as text rows where the sink allows otherwise.
func runHeldVia(t *testing.T, p *conn.Pool, tables []*schema.Table, o extract.Options, dir, hold string, arrow bool, damage, after func()) (*extract.Result, []string, error) {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	o.Alloc = mem
	var notices []string
	var mu sync.Mutex
	o.Notify = func(msg string) { mu.Lock(); notices = append(notices, msg); mu.Unlock() }
	h := newHoldSink(t, dir, hold, 3)
	h.arrow = arrow
	if damage == nil {
		close(h.release)
	}
	type outcome struct {
		res *extract.Result
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		res, err := extract.Run(context.Background(), p, tables, h, o)
		done <- outcome{res, err}
	}()
	if damage != nil {
		select {
		case <-h.reached:
		case out := <-done:
			t.Fatalf("run ended before the fault: %v", out.err)
		}
		damage()
		close(h.release)
		if after != nil {
			after()
		}
	}
	select {
	case out := <-done:
		mem.AssertSize(t, 0)
		h.mu.Lock()
		if texts := h.texts; out.err == nil && (texts > 0) == arrow {
			t.Errorf("%s: %d batches written as text, reading into Arrow batches %t", hold, texts, arrow)
		}
		h.mu.Unlock()
		mu.Lock()
		defer mu.Unlock()
		return out.res, notices, out.err
	case <-time.After(120 * time.Second):
		t.Fatal("extraction did not end within 120s")
		return nil, nil, nil
	}
}

// readBack reads every table's CSV file of a result: its data lines,
// sorted.
func readBack(t *testing.T, dir string, res *extract.Result) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, tr := range res.Tables {
		if len(tr.Output.Files) != 1 {
			t.Fatalf("%s: files %v", tr.Name, tr.Output.Files)
		}
		f, err := os.Open(filepath.Join(dir, tr.Output.Files[0]))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		var lines []string
		for sc.Scan() {
			lines = append(lines, sc.Text())
		}
		f.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
		if len(lines) == 0 {
			t.Fatalf("%s: empty file", tr.Name)
		}
		data := lines[1:] // the header
		slices.Sort(data)
		out[tr.Name] = data
	}
	return out
}

// sameFiles checks that a disturbed run wrote what the undisturbed one did,
// each row once.
func sameFiles(t *testing.T, want, got map[string][]string, res *extract.Result) {
	t.Helper()
	for name, w := range want {
		g := got[name]
		if len(g) != len(w) {
			t.Errorf("%s: %d rows in the file, want %d", name, len(g), len(w))
		}
		if dup := duplicate(g); dup != "" {
			t.Errorf("%s: row written twice: %s", name, dup)
		}
		if !slices.Equal(g, w) {
			t.Errorf("%s: the file differs from the undisturbed run's", name)
		}
	}
	for _, tr := range res.Tables {
		if tr.Rows != faultRows {
			t.Errorf("%s: result counts %d rows, want %d", tr.Name, tr.Rows, faultRows)
		}
	}
}

func duplicate(sorted []string) string {
	for i := 1; i < len(sorted); i++ {
		if sorted[i] == sorted[i-1] {
			return sorted[i]
		}
	}
	return ""
}

func retries(res *extract.Result) int {
	n := 0
	for _, tr := range res.Tables {
		n += tr.Retries
	}
	return n
}

// TestExtractRetriesKilledConnections cuts every connection of the run
// (KILL <id>, as a DBA or a proxy would) while one table's chunks are half
// read, for each way of reading a table, with rows going to the CSV file
// as text and through Arrow batches. The run reconnects and its files hold
// each row exactly once, as the undisturbed run through Arrow wrote them;
// with retries off it fails naming the chunk.
func TestExtractRetriesKilledConnections(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		db := s.Database(t, "killretry")
		p := s.Open(t, db, 8)
		faultTables(t, p, db)
		all := heapTable(t, p, db)
		admin := s.Open(t, "", 1)
		for _, tc := range []struct {
			name  string
			arrow bool
		}{{"ints", false}, {"words", false}, {"heap", false}, {"ints", true}, {"heap", true}} {
			name := tc.name
			t.Run(fmt.Sprintf("%s/arrow=%t", name, tc.arrow), func(t *testing.T) {
				tables := []*schema.Table{pick(t, all, name)}
				baseDir := t.TempDir()
				base, _, err := runHeldVia(t, p, tables, faultOptions(quickRetry), baseDir, name, true, nil, nil)
				if err != nil {
					t.Fatal(err)
				}
				dir := t.TempDir()
				res, notices, err := runHeldVia(t, p, tables, faultOptions(quickRetry), dir, name, tc.arrow, func() {
					testbed.KillRunConnections(t, admin, db)
				}, nil)
				if err != nil {
					t.Fatalf("run with killed connections: %v", err)
				}
				sameFiles(t, readBack(t, baseDir, base), readBack(t, dir, res), res)
				if retries(res) == 0 || len(notices) == 0 {
					t.Errorf("retries %d, notices %q: the kill should have cost a retry", retries(res), notices)
				}
				for _, n := range notices {
					if !strings.Contains(n, db+"."+name) || !strings.Contains(n, "retrying in") {
						t.Errorf("notice %q should name the table and the wait", n)
					}
				}
			})
		}
		t.Run("no retries", func(t *testing.T) {
			// heap, whose chunk is still being read when the connection is
			// cut: a connection killed while idle is replaced unseen by
			// database/sql, and the run rightly succeeds.
			_, _, err := runHeld(t, p, []*schema.Table{pick(t, all, "heap")}, faultOptions(conn.NoRetry), t.TempDir(), "heap", func() {
				var scans int
				if err := admin.QueryRowContext(context.Background(),
					"SELECT COUNT(*) FROM "+admin.Server.ProcessList()+" WHERE DB = ? AND COMMAND = 'Query' AND INFO LIKE '%heap%'", db).Scan(&scans); err != nil {
					t.Fatal(err)
				}
				if scans == 0 {
					t.Error("the scan of heap was sent whole before the cut: the table must outgrow the socket buffers")
				}
				testbed.KillConnections(t, admin, db)
			}, nil)
			if !errors.Is(err, conn.ErrServerGone) {
				t.Fatalf("err = %v; want ErrServerGone", err)
			}
			// The chunk readers' connections and the planner's are cut;
			// whichever fails first is the message.
			msg := err.Error()
			if !strings.Contains(msg, "extract "+db+".heap") && !strings.Contains(msg, "plan chunks of "+db+".heap") ||
				!strings.Contains(msg, "127.0.0.1:") {
				t.Errorf("message %q should name the table, the chunk (or the planning) and the server", msg)
			}
			if strings.Contains(msg, "context canceled") || strings.Contains(msg, "parity-test-pw") {
				t.Errorf("message %q: a cancellation or the password", msg)
			}
		})
	})
}

// TestExtractSurvivesServerRestart kills a server of the test's own with
// SIGKILL while a table is half read, and starts it again: the run waits,
// reconnects and writes what an undisturbed run writes. Killed for good,
// the run fails after its retries with the real error.
func TestExtractSurvivesServerRestart(t *testing.T) {
	for _, start := range []func(*testing.T) *testbed.Instance{testbed.StartMariaDB, testbed.StartMySQL} {
		in := start(t)
		t.Run(in.Name, func(t *testing.T) {
			s := in.Server()
			db := s.Database(t, "restart")
			p := s.Open(t, db, 8)
			// The keyless table's restart is covered above; its long rows
			// would only slow this test down.
			all := faultTables(t, p, db)
			tables := []*schema.Table{pick(t, all, "ints"), pick(t, all, "words")}
			baseDir := t.TempDir()
			base, _, err := runHeld(t, p, tables, faultOptions(quickRetry), baseDir, "ints", nil, nil)
			if err != nil {
				t.Fatal(err)
			}

			dir := t.TempDir()
			began := time.Now()
			// The writer goes on while the server is down, so the chunks'
			// reconnects meet a refused port before it is back.
			res, notices, err := runHeld(t, p, tables, faultOptions(quickRetry), dir, "ints", in.Kill, func() {
				time.Sleep(time.Second)
				in.Start()
			})
			if err != nil {
				t.Fatalf("run across a restart: %v", err)
			}
			t.Logf("restart ridden out in %v with %d retries", time.Since(began).Round(time.Millisecond), retries(res))
			sameFiles(t, readBack(t, baseDir, base), readBack(t, dir, res), res)
			if retries(res) == 0 || len(notices) == 0 {
				t.Errorf("retries %d, notices %q: the restart should have cost a retry", retries(res), notices)
			}

			short := conn.Retry{Retries: 2, Base: 100 * time.Millisecond, Max: 200 * time.Millisecond}
			_, _, err = runHeld(t, p, tables, faultOptions(short), t.TempDir(), "ints", in.Kill, nil)
			if err == nil {
				t.Fatal("a run against a server that stays down succeeded")
			}
			msg := err.Error()
			// Chunk readers and the planner are cut alike; whichever gives
			// up first is the message.
			if !strings.Contains(msg, "extract "+db+".ints chunk #") && !strings.Contains(msg, "plan chunks of "+db+".ints") ||
				!strings.Contains(msg, fmt.Sprintf("127.0.0.1:%d", in.Port)) || !strings.Contains(msg, "gave up after 3 attempts") {
				t.Errorf("message %q should name the table, the chunk, the server and the attempts", msg)
			}
			if !errors.Is(err, conn.ErrUnreachable) && !errors.Is(err, conn.ErrServerGone) {
				t.Errorf("err = %v; want ErrUnreachable or ErrServerGone", err)
			}
			if strings.Contains(msg, "context canceled") {
				t.Errorf("message %q reports a cancellation", msg)
			}
		})
	}
}
