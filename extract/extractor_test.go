package extract

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/testbed"
)

// memSink records what reached it: rows, the first column's values, batch
// sizes, and whether each table was committed or aborted. With a gate, the
// first Write waits until the gate is closed, so a test can act mid-run.
type memSink struct {
	gate    chan struct{}
	started chan struct{}
	once    sync.Once

	mu     sync.Mutex
	tables map[string]*memTable
}

type memTable struct {
	rows      int64
	keys      map[string]int
	batches   int
	maxBatch  int64
	committed bool
	aborted   bool
}

func newMemSink() *memSink { return &memSink{tables: map[string]*memTable{}} }

func gatedSink() *memSink {
	s := newMemSink()
	s.gate, s.started = make(chan struct{}), make(chan struct{})
	return s
}

func (s *memSink) Open(t *schema.Table, _ *arrow.Schema) (TableSink, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	mt := &memTable{keys: map[string]int{}}
	s.tables[t.Name] = mt
	return &memTableSink{s: s, t: mt}, nil
}

func (s *memSink) table(name string) *memTable {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tables[name]
}

type memTableSink struct {
	s *memSink
	t *memTable
}

func (m *memTableSink) Write(rec arrow.RecordBatch) error {
	if m.s.gate != nil {
		m.s.once.Do(func() { close(m.s.started) })
		<-m.s.gate
	}
	m.s.mu.Lock()
	defer m.s.mu.Unlock()
	m.t.rows += rec.NumRows()
	m.t.batches++
	m.t.maxBatch = max(m.t.maxBatch, rec.NumRows())
	col := rec.Column(0)
	for i := 0; i < col.Len(); i++ {
		m.t.keys[col.ValueStr(i)]++
	}
	return nil
}

func (m *memTableSink) Commit() (Output, error) {
	m.s.mu.Lock()
	defer m.s.mu.Unlock()
	m.t.committed = true
	return Output{}, nil
}

func (m *memTableSink) Abort() {
	m.s.mu.Lock()
	defer m.s.mu.Unlock()
	if !m.t.committed {
		m.t.aborted = true
	}
}

// insertRows inserts literal value tuples in batches of 500.
func insertRows(t *testing.T, p *conn.Pool, table string, tuples []string) {
	t.Helper()
	for i := 0; i < len(tuples); i += 500 {
		end := min(i+500, len(tuples))
		testbed.Exec(t, p, "INSERT INTO "+table+" VALUES "+strings.Join(tuples[i:end], ","))
	}
}

func inspect(t *testing.T, p *conn.Pool, db string, tables ...string) []*schema.Table {
	t.Helper()
	testbed.Exec(t, p, "ANALYZE TABLE "+strings.Join(qualify(db, tables), ", "))
	var include []string
	for _, n := range tables {
		include = append(include, db+"."+n)
	}
	ts, err := schema.Inspect(context.Background(), p.DB, p.Server, schema.Selection{Include: include})
	if err != nil {
		t.Fatalf("inspect: %v", err)
	}
	return ts
}

func qualify(db string, tables []string) []string {
	out := make([]string, len(tables))
	for i, n := range tables {
		out[i] = schema.QuoteIdent(db) + "." + schema.QuoteIdent(n)
	}
	return out
}

// runChecked runs an extraction on a checked allocator and fails the test if
// any Arrow memory is still allocated afterwards, whatever the outcome.
func runChecked(t *testing.T, p *conn.Pool, tables []*schema.Table, s Sink, o Options) (*Result, error) {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	o.Alloc = mem
	res, err := Run(context.Background(), p, tables, s, o)
	mem.AssertSize(t, 0)
	return res, err
}

func TestExtractIntegerKeys(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		db := s.Database(t, "intkeys")
		p := s.Open(t, db, 8)
		testbed.Exec(t, p,
			"CREATE TABLE signed_ids (id BIGINT PRIMARY KEY, v INT)",
			"CREATE TABLE unsigned_ids (id BIGINT UNSIGNED PRIMARY KEY, v INT)",
			"CREATE TABLE small_ids (id TINYINT PRIMARY KEY)")
		// Two dense clusters far apart plus both extremes: a density taken
		// from MIN, MAX and the row count alone would put every row of a
		// cluster into one chunk.
		var signed, unsigned, small []string
		want := map[string]bool{}
		add := func(list *[]string, v string, keep bool) {
			*list = append(*list, "("+v+", 1)")
			if keep {
				want[v] = true
			}
		}
		for _, v := range []string{"-9223372036854775808", "-1", "0", "9223372036854775807"} {
			add(&signed, v, true)
		}
		for i := 1; i <= 3000; i++ {
			add(&signed, fmt.Sprint(i), true)
			add(&signed, fmt.Sprint(1_000_000_000_000+i), true)
		}
		for _, v := range []string{"0", "9223372036854775808", "18446744073709551614", "18446744073709551615"} {
			add(&unsigned, v, false)
		}
		for i := 1; i <= 2000; i++ {
			add(&unsigned, fmt.Sprint(i), false)
		}
		for i := -128; i <= 127; i++ {
			small = append(small, fmt.Sprintf("(%d)", i))
		}
		insertRows(t, p, "signed_ids", signed)
		insertRows(t, p, "unsigned_ids", unsigned)
		insertRows(t, p, "small_ids", small)
		tables := inspect(t, p, db, "signed_ids", "unsigned_ids", "small_ids")

		const chunkRows = 500
		sink := newMemSink()
		res, err := runChecked(t, p, tables, sink, Options{Workers: 2, ChunkRows: chunkRows, BatchRows: 100})
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		for _, tc := range []struct {
			name string
			rows int
		}{{"signed_ids", len(signed)}, {"unsigned_ids", len(unsigned)}, {"small_ids", 256}} {
			mt := sink.table(tc.name)
			if mt == nil || !mt.committed {
				t.Fatalf("%s: not committed", tc.name)
			}
			if mt.rows != int64(tc.rows) || len(mt.keys) != tc.rows {
				t.Errorf("%s: %d rows, %d distinct keys; want %d each", tc.name, mt.rows, len(mt.keys), tc.rows)
			}
			if mt.maxBatch > 100 {
				t.Errorf("%s: a batch held %d rows, limit 100", tc.name, mt.maxBatch)
			}
		}
		for k := range want {
			if sink.table("signed_ids").keys[k] != 1 {
				t.Errorf("signed_ids: key %s read %d times", k, sink.table("signed_ids").keys[k])
			}
		}
		for _, k := range []string{"0", "9223372036854775808", "18446744073709551614", "18446744073709551615"} {
			if sink.table("unsigned_ids").keys[k] != 1 {
				t.Errorf("unsigned_ids: key %s read %d times", k, sink.table("unsigned_ids").keys[k])
			}
		}
		for _, tr := range res.Tables {
			if !strings.HasPrefix(tr.Chunking, "integer range") {
				t.Errorf("%s: chunking %q, want integer range", tr.Name, tr.Chunking)
			}
			var sum int64
			for _, c := range tr.Chunks {
				sum += c.Rows
				if c.Rows > 4*chunkRows {
					t.Errorf("%s: chunk %s holds %d rows, target %d: a skewed key produced a giant chunk", tr.Name, c.Range, c.Rows, chunkRows)
				}
			}
			if sum != tr.Rows {
				t.Errorf("%s: chunk rows sum to %d, table %d", tr.Name, sum, tr.Rows)
			}
			if tr.Name == "signed_ids" && len(tr.Chunks) > 4*len(signed)/chunkRows+10 {
				t.Errorf("signed_ids: %d chunks for %d rows at %d per chunk: sparse stretches not skipped", len(tr.Chunks), len(signed), chunkRows)
			}
		}
	})
}

func TestExtractKeysetKeys(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		db := s.Database(t, "keyset")
		p := s.Open(t, db, 8)
		testbed.Exec(t, p,
			"CREATE TABLE by_name (name VARCHAR(40) COLLATE utf8mb4_general_ci PRIMARY KEY, v INT)",
			"CREATE TABLE by_pair (a VARCHAR(10), b INT, v INT, PRIMARY KEY (a, b))",
			"CREATE TABLE by_time (t DATETIME(6) PRIMARY KEY, v INT)",
			"CREATE TABLE by_dec (d DECIMAL(30,10) PRIMARY KEY, v INT)",
			"CREATE TABLE by_bytes (b VARBINARY(16) PRIMARY KEY, v INT)",
			"CREATE TABLE by_unique (id INT NULL, code CHAR(8) NOT NULL, UNIQUE KEY code_uq (code), UNIQUE KEY id_uq (id))")
		var names, pairs, times, decs, bytes, uniques []string
		for i := 0; i < 2000; i++ {
			// Mixed case and accents: the chunks must follow the column's
			// case-insensitive collation, not byte order.
			prefix := []string{"a", "B", "ä", "Z", "é", "m"}[i%6]
			names = append(names, fmt.Sprintf("('%s%05d', 1)", prefix, i))
			pairs = append(pairs, fmt.Sprintf("('k%02d', %d, 1)", i%37, i))
			times = append(times, fmt.Sprintf("('2024-02-29 10:00:00' + INTERVAL %d MICROSECOND, 1)", i*1013))
			decs = append(decs, fmt.Sprintf("(%d.%010d, 1)", i-1000, i*7))
			bytes = append(bytes, fmt.Sprintf("(UNHEX('%02x00ff%04x'), 1)", i%256, i))
			uniques = append(uniques, fmt.Sprintf("(%d, 'c%07d')", i, i))
		}
		insertRows(t, p, "by_name", names)
		insertRows(t, p, "by_pair", pairs)
		insertRows(t, p, "by_time", times)
		insertRows(t, p, "by_dec", decs)
		insertRows(t, p, "by_bytes", bytes)
		insertRows(t, p, "by_unique", uniques)
		tables := inspect(t, p, db, "by_name", "by_pair", "by_time", "by_dec", "by_bytes", "by_unique")

		sink := newMemSink()
		res, err := runChecked(t, p, tables, sink, Options{Workers: 3, ChunkRows: 150})
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		for _, tr := range res.Tables {
			mt := sink.table(tr.Name)
			if mt.rows != 2000 {
				t.Errorf("%s: %d rows, want 2000", tr.Name, mt.rows)
			}
			if tr.Name != "by_pair" && len(mt.keys) != 2000 {
				t.Errorf("%s: %d distinct keys, want 2000 (rows lost or read twice)", tr.Name, len(mt.keys))
			}
			if len(tr.Chunks) < 10 {
				t.Errorf("%s: %d chunks, want about 2000/150", tr.Name, len(tr.Chunks))
			}
			if !strings.HasPrefix(tr.Chunking, "keyset on ") {
				t.Errorf("%s: chunking %q, want keyset", tr.Name, tr.Chunking)
			}
		}
		if got := findTable(res, "by_unique").Chunking; got != "keyset on code_uq (code)" {
			t.Errorf("by_unique: chunking %q; the nullable unique key must not be used", got)
		}
	})
}

func findTable(r *Result, name string) TableResult {
	for _, t := range r.Tables {
		if t.Name == name {
			return t
		}
	}
	return TableResult{}
}

func TestExtractWithoutKey(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		db := s.Database(t, "nokey")
		p := s.Open(t, db, 8)
		testbed.Exec(t, p,
			"CREATE TABLE log (at INT, msg TEXT)",
			"INSERT INTO log VALUES (1, 'x'), (1, 'x'), (2, NULL)",
			"CREATE TABLE empty_pk (id INT PRIMARY KEY)",
			"CREATE TABLE float_pk (f DOUBLE PRIMARY KEY)",
			"INSERT INTO float_pk VALUES (1.5), (2.25)")
		tables := inspect(t, p, db, "log", "empty_pk", "float_pk")
		sink := newMemSink()
		res, err := runChecked(t, p, tables, sink, Options{})
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		log := findTable(res, "log")
		if !log.FullScan || len(log.Chunks) != 1 || log.Rows != 3 {
			t.Errorf("log: full scan %v, %d chunks, %d rows; want a flagged single chunk of 3 rows", log.FullScan, len(log.Chunks), log.Rows)
		}
		if !strings.Contains(log.Chunking, "no primary key") {
			t.Errorf("log: chunking %q does not say why", log.Chunking)
		}
		if e := findTable(res, "empty_pk"); e.Rows != 0 || !sink.table("empty_pk").committed {
			t.Errorf("empty_pk: %d rows, committed %v", e.Rows, sink.table("empty_pk").committed)
		}
		if f := findTable(res, "float_pk"); !f.FullScan || f.Rows != 2 {
			t.Errorf("float_pk: %+v; a DOUBLE key cannot bound ranges and must fall back to a flagged full scan", f)
		}
	})
}

func TestExtractConsistentSnapshot(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		db := s.Database(t, "snap")
		p := s.Open(t, db, 8)
		testbed.Exec(t, p, "CREATE TABLE t (id INT PRIMARY KEY, v INT)")
		var rows []string
		for i := 1; i <= 5000; i++ {
			rows = append(rows, fmt.Sprintf("(%d, 0)", i))
		}
		insertRows(t, p, "t", rows)
		tables := inspect(t, p, db, "t")

		for _, mode := range []Consistency{ConsistencyStrict, ConsistencyNone} {
			sink := gatedSink()
			var res *Result
			var err error
			done := make(chan struct{})
			go func() {
				defer close(done)
				res, err = Run(context.Background(), p, tables, sink, Options{Workers: 2, ChunkRows: 500, BatchRows: 100, Consistent: mode})
			}()
			<-sink.started
			// Rows written while the run is under way: inside the key
			// range, and beyond the MAX it started from.
			testbed.Exec(t, p, "INSERT INTO t VALUES (100000, 1), (200000, 1)", "DELETE FROM t WHERE id = 4999")
			close(sink.gate)
			<-done
			if err != nil {
				t.Fatalf("%s: Run: %v", mode, err)
			}
			got := sink.table("t")
			switch mode {
			case ConsistencyStrict:
				if got.rows != 5000 || got.keys["100000"] != 0 || got.keys["4999"] != 1 {
					t.Errorf("strict: %d rows (100000 seen %d, 4999 seen %d); the snapshot must hide writes made after it began",
						got.rows, got.keys["100000"], got.keys["4999"])
				}
				if !strings.Contains(res.Consistency, "LOCK TABLES ... READ") {
					t.Errorf("strict: consistency %q, want LOCK TABLES ... READ", res.Consistency)
				}
			case ConsistencyNone:
				// Chunks read after the write see it: the open-ended last
				// chunk picks up keys above the starting MAX.
				if got.keys["200000"] != 1 {
					t.Errorf("none: key 200000 inserted mid-run seen %d times, want 1", got.keys["200000"])
				}
			}
			testbed.Exec(t, p, "DELETE FROM t WHERE id > 5000", "INSERT INTO t VALUES (4999, 0)")
		}
	})
}

// restrictedEndpoint creates a user with only the given privileges on db.
func restrictedEndpoint(t *testing.T, s testbed.Server, p *conn.Pool, db, privileges string) *conn.Endpoint {
	t.Helper()
	user := "pt_" + strings.ReplaceAll(strings.ToLower(privileges), " ", "")[:6] + fmt.Sprint(time.Now().UnixNano()%1e6)
	testbed.Exec(t, p,
		fmt.Sprintf("CREATE USER '%s'@'127.0.0.1' IDENTIFIED BY 'pw-%s'", user, user),
		fmt.Sprintf("GRANT %s ON %s.* TO '%s'@'127.0.0.1'", privileges, schema.QuoteIdent(db), user))
	t.Cleanup(func() { _, _ = p.ExecContext(context.Background(), fmt.Sprintf("DROP USER '%s'@'127.0.0.1'", user)) })
	ep := s.Endpoint(t, db)
	ep.Config.User, ep.Config.Passwd = user, "pw-"+user
	return ep
}

func TestExtractConsistentWithoutReload(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		db := s.Database(t, "locks")
		admin := s.Open(t, db, 2)
		testbed.Exec(t, admin, "CREATE TABLE t (id INT PRIMARY KEY)", "INSERT INTO t VALUES (1), (2), (3)")
		tables := inspect(t, admin, db, "t")
		ctx := context.Background()
		openAs := func(ep *conn.Endpoint) *conn.Pool {
			pool, err := conn.Open(ctx, ep, 6)
			if err != nil {
				t.Fatalf("open as %s: %v", ep, err)
			}
			t.Cleanup(func() { pool.Close() })
			return pool
		}

		// LOCK TABLES is what RDS and Aurora users have.
		lt := openAs(restrictedEndpoint(t, s, admin, db, "SELECT, LOCK TABLES"))
		res, err := runChecked(t, lt, tables, newMemSink(), Options{Consistent: ConsistencyStrict})
		if err != nil || !strings.Contains(res.Consistency, "LOCK TABLES") {
			t.Errorf("SELECT+LOCK TABLES user, strict: %v, consistency %q; want LOCK TABLES", err, res.Consistency)
		}

		sel := openAs(restrictedEndpoint(t, s, admin, db, "SELECT"))
		_, err = runChecked(t, sel, tables, newMemSink(), Options{Consistent: ConsistencyStrict})
		if !errors.Is(err, ErrLockDenied) || !strings.Contains(err.Error(), "best-effort") {
			t.Errorf("SELECT-only user, strict: %v; want ErrLockDenied pointing at --consistent=best-effort", err)
		}
		sink := newMemSink()
		res, err = runChecked(t, sel, tables, sink, Options{Consistent: ConsistencyBestEffort})
		if err != nil || !strings.HasPrefix(res.Consistency, "best-effort") || sink.table("t").rows != 3 {
			t.Errorf("SELECT-only user, best-effort: %v, consistency %q; want a best-effort run of 3 rows", err, res.Consistency)
		}
	})
}

// gatedRun starts an extraction whose sink holds the first batch until the
// test has done its damage, then returns the run's error.
func gatedRun(t *testing.T, p *conn.Pool, tables []*schema.Table, o Options, damage func()) (*memSink, error) {
	t.Helper()
	sink := gatedSink()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	o.Alloc = mem
	errc := make(chan error, 1)
	go func() {
		_, err := Run(context.Background(), p, tables, sink, o)
		errc <- err
	}()
	<-sink.started
	damage()
	close(sink.gate)
	select {
	case err := <-errc:
		mem.AssertSize(t, 0)
		return sink, err
	case <-time.After(60 * time.Second):
		t.Fatal("extraction did not stop within 60s after the fault")
		return nil, nil
	}
}

func bigTable(t *testing.T, p *conn.Pool, db string, rows int) []*schema.Table {
	t.Helper()
	testbed.Exec(t, p, "CREATE TABLE t (id INT PRIMARY KEY, pad VARCHAR(100))")
	var tuples []string
	for i := 1; i <= rows; i++ {
		tuples = append(tuples, fmt.Sprintf("(%d, REPEAT('x', 100))", i))
	}
	insertRows(t, p, "t", tuples)
	return inspect(t, p, db, "t")
}

func TestExtractTableDroppedMidRun(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		db := s.Database(t, "dropped")
		p := s.Open(t, db, 8)
		tables := bigTable(t, p, db, 20000)
		admin := s.Open(t, db, 1)
		sink, err := gatedRun(t, p, tables, Options{Workers: 2, ChunkRows: 1000, BatchRows: 200}, func() {
			// DROP waits for the metadata lock of the chunk being read, so
			// run it alongside and give it a moment to queue.
			go func() { _, _ = admin.ExecContext(context.Background(), "DROP TABLE t") }()
			time.Sleep(300 * time.Millisecond)
		})
		if !errors.Is(err, conn.ErrNoSuchTable) {
			t.Fatalf("err = %v; want ErrNoSuchTable", err)
		}
		if !strings.Contains(err.Error(), db+".t") || !strings.Contains(err.Error(), "dropped") {
			t.Errorf("message %q should name the table and suggest it was dropped", err)
		}
		if mt := sink.table("t"); mt.committed || !mt.aborted {
			t.Errorf("table sink committed=%v aborted=%v; a failed table must be aborted", mt.committed, mt.aborted)
		}
		assertNoLeaks(t, p)
	})
}

func TestExtractCancelled(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		db := s.Database(t, "cancel")
		p := s.Open(t, db, 8)
		tables := bigTable(t, p, db, 20000)
		before := runtime.NumGoroutine()
		ctx, cancel := context.WithCancel(context.Background())
		sink := gatedSink()
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		errc := make(chan error, 1)
		go func() {
			_, err := Run(ctx, p, tables, sink, Options{Workers: 2, ChunkRows: 1000, BatchRows: 200, Alloc: mem})
			errc <- err
		}()
		<-sink.started
		cancel()
		close(sink.gate)
		start := time.Now()
		err := <-errc
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v; want context.Canceled", err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("took %v to stop after cancel", d)
		}
		mem.AssertSize(t, 0)
		if mt := sink.table("t"); mt.committed || !mt.aborted {
			t.Errorf("committed=%v aborted=%v; an interrupted table must be aborted", mt.committed, mt.aborted)
		}
		assertNoLeaks(t, p)
		waitGoroutines(t, before)
	})
}

func TestExtractZeroDatePolicyError(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		db := s.Database(t, "zerodate")
		p := s.Open(t, db, 8)
		c, err := p.Conn(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"SET SESSION sql_mode = ''", "CREATE TABLE t (id INT PRIMARY KEY, d DATE)",
			"INSERT INTO t VALUES (1, '2024-01-01'), (2, '0000-00-00'), (3, '2024-00-10'), (4, NULL)"} {
			if _, err := c.ExecContext(context.Background(), q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		c.Close()
		tables := inspect(t, p, db, "t")
		res, err := runChecked(t, p, tables, newMemSink(), Options{})
		if err != nil {
			t.Fatalf("null policy: %v", err)
		}
		if got := res.Tables[0].ZeroDates["d"]; got != 2 {
			t.Errorf("zero dates counted %d, want 2 (one zero, one partial)", got)
		}
		_, err = runChecked(t, p, tables, newMemSink(), Options{ZeroDates: ZeroDatesError})
		var zde *ZeroDateError
		if !errors.As(err, &zde) || zde.Column != "d" {
			t.Errorf("error policy: %v; want a ZeroDateError naming column d", err)
		}
	})
}

// assertNoLeaks checks the pool got every connection back.
func assertNoLeaks(t *testing.T, p *conn.Pool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for p.Stats().InUse != 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := p.Stats().InUse; n != 0 {
		t.Errorf("%d connections still in use after Run returned", n)
	}
}

func waitGoroutines(t *testing.T, before int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before+2 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before+2 {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines after Run, %d before:\n%s", n, before, buf[:runtime.Stack(buf, true)])
	}
}

func TestExtractSkipsInvisibleKey(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		db := s.Database(t, "invisible")
		p := s.Open(t, db, 8)
		hide := "ALTER TABLE t ALTER INDEX code_uq INVISIBLE"
		if p.Server.Flavor == schema.MariaDB {
			hide = "ALTER TABLE t ALTER INDEX code_uq IGNORED"
		}
		testbed.Exec(t, p, "CREATE TABLE t (code INT NOT NULL, other INT NOT NULL, UNIQUE KEY pair_uq (code, other), UNIQUE KEY code_uq (code))",
			"INSERT INTO t VALUES (1, 1), (2, 2), (3, 3)", hide)
		res, err := runChecked(t, p, inspect(t, p, db, "t"), newMemSink(), Options{})
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		if got := res.Tables[0].Chunking; got != "keyset on pair_uq (code, other)" || res.Tables[0].Rows != 3 {
			t.Errorf("chunking %q, %d rows; the hidden index cannot be forced and must not chunk", got, res.Tables[0].Rows)
		}
	})
}

func TestExtractFloatExact(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		db := s.Database(t, "float")
		p := s.Open(t, db, 8)
		// Over the text protocol both servers round FLOAT to 6 digits
		// ("1.23457"); the chunk query must bring the stored value intact.
		testbed.Exec(t, p, "CREATE TABLE t (f FLOAT, id INT PRIMARY KEY)",
			"INSERT INTO t VALUES (1.2345678, 1), (16777216, 2), (-3.4e38, 3), (0.1, 4)")
		sink := newMemSink()
		if _, err := runChecked(t, p, inspect(t, p, db, "t"), sink, Options{}); err != nil {
			t.Fatalf("Run: %v", err)
		}
		for _, want := range []string{"1.2345678", "1.6777216e+07", "-3.4e+38", "0.1"} {
			if sink.table("t").keys[want] != 1 {
				t.Errorf("FLOAT %s not read exactly; got %v", want, sink.table("t").keys)
			}
		}
	})
}

// TestChunkReaderBothSides plans chunks once on the old server and reads each
// chunk from both servers, as verify does: with the same key collation on
// both, every chunk covers the same keys on both sides.
func TestChunkReaderBothSides(t *testing.T) {
	old, new := testbed.Get(t, "old"), testbed.Get(t, "new")
	var pools []*conn.Pool
	var tables []*schema.Table
	for _, s := range []testbed.Server{old, new} {
		db := s.Database(t, "sides")
		p := s.Open(t, db, 4)
		testbed.Exec(t, p, "CREATE TABLE t (name VARCHAR(20) COLLATE utf8mb4_general_ci PRIMARY KEY, v INT)")
		var rows []string
		for i := 0; i < 3000; i++ {
			rows = append(rows, fmt.Sprintf("('%s%04d', %d)", []string{"a", "B", "é", "z"}[i%4], i, i))
		}
		insertRows(t, p, "t", rows)
		pools = append(pools, p)
		tables = append(tables, inspect(t, p, db, "t")[0])
	}
	ctx := context.Background()
	plan, err := NewPlanner(ctx, pools[0], tables[0], 0, 400)
	if err != nil {
		t.Fatal(err)
	}
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	var readers []*ChunkReader
	var conns []*sql.Conn
	for i, p := range pools {
		r, err := NewChunkReader(tables[i], Options{Alloc: mem, BatchRows: 128})
		if err != nil {
			t.Fatal(err)
		}
		c, err := p.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		readers, conns = append(readers, r), append(conns, c)
	}
	total, chunks := 0, 0
	for {
		ch, ok, err := plan.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		chunks++
		var keys [2][]string
		for side := range readers {
			sideChunk := ch
			sideChunk.Table = tables[side] // same bounds, the other cluster's table
			st, err := readers[side].Read(ctx, conns[side], sideChunk, func(rec arrow.RecordBatch, _ int64) error {
				defer rec.Release()
				for i := 0; i < int(rec.NumRows()); i++ {
					keys[side] = append(keys[side], rec.Column(0).ValueStr(i))
				}
				return nil
			})
			if err != nil {
				t.Fatalf("side %d chunk %s: %v", side, ch, err)
			}
			if st.Rows != int64(len(keys[side])) {
				t.Errorf("side %d chunk %s: stats %d rows, read %d", side, ch, st.Rows, len(keys[side]))
			}
		}
		slices.Sort(keys[0])
		slices.Sort(keys[1])
		if !slices.Equal(keys[0], keys[1]) {
			t.Errorf("chunk %s: %d keys on old, %d on new, or different keys", ch, len(keys[0]), len(keys[1]))
		}
		plan.Observe(ch, int64(len(keys[0])), time.Millisecond)
		total += len(keys[0])
	}
	if total != 3000 || chunks < 5 {
		t.Errorf("%d rows in %d chunks; want 3000 rows in about 3000/400 chunks", total, chunks)
	}
	mem.AssertSize(t, 0)
}

// TestExtractStaleRowEstimate: right after a bulk load the statistics can
// still say a table holds a few rows. The planner starts from that estimate
// and must still cut the table into chunks of the target size rather than
// read it whole in one. On MySQL the stale statistics reach the optimizer
// too, which then caps every range estimate at half of them, so the
// planner has to walk the index; MariaDB keeps its in-memory statistics
// until they are recalculated, so there only the row estimate parity reads
// is stale, and EXPLAIN corrects it.
func TestExtractStaleRowEstimate(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		db := s.Database(t, "stale")
		p := s.Open(t, db, 4)
		testbed.Exec(t, p, "CREATE TABLE loaded (id INT PRIMARY KEY, v INT) STATS_PERSISTENT = 1, STATS_AUTO_RECALC = 0")
		var rows []string
		for i := 1; i <= 6000; i++ {
			rows = append(rows, fmt.Sprintf("(%d, %d)", i, i))
		}
		insertRows(t, p, "loaded", rows)
		testbed.Exec(t, p,
			"UPDATE mysql.innodb_table_stats SET n_rows = 10 WHERE database_name = '"+db+"' AND table_name = 'loaded'",
			"FLUSH TABLE loaded")
		// Not inspect(): its ANALYZE TABLE would bring the statistics up to date.
		tables, err := schema.Inspect(context.Background(), p.DB, p.Server, schema.Selection{Include: []string{db + ".loaded"}})
		if err != nil || len(tables) != 1 {
			t.Fatalf("inspect: %v (%d tables)", err, len(tables))
		}
		if p.Server.Flavor == schema.MySQL && tables[0].RowsEstimate != 10 {
			t.Fatalf("row estimate %d after setting MySQL's statistics to 10 rows", tables[0].RowsEstimate)
		}
		tables[0].RowsEstimate = 10

		const chunkRows = 500
		res, err := runChecked(t, p, tables, newMemSink(), Options{Workers: 2, ChunkRows: chunkRows})
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		tr := res.Tables[0]
		if tr.Rows != 6000 || len(tr.Chunks) < 6000/(2*chunkRows) {
			t.Fatalf("%d rows in %d chunks; want 6000 rows in chunks of about %d", tr.Rows, len(tr.Chunks), chunkRows)
		}
		for _, c := range tr.Chunks {
			if c.Rows > 4*chunkRows {
				t.Errorf("chunk %s holds %d rows, target %d", c.Range, c.Rows, chunkRows)
			}
		}
	})
}
