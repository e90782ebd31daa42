package verify

import (
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

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/datagen"
	"github.com/parity-db/parity/extract"
	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/testbed"
)

// fillKeys inserts n rows keyed by mixed-case, accented and padded strings:
// utf8mb4_general_ci, utf8mb4_0900_ai_ci and _bin order them differently.
func fillKeys(t *testing.T, p *pair, n int) {
	t.Helper()
	var rows []string
	for i := range n {
		prefix := []string{"a", "B", "ä", "Z", "é", "m", "ß", "Å", "_", "0"}[i%10]
		rows = append(rows, fmt.Sprintf("('%s%05d', %d)", prefix, i, i))
	}
	for _, pool := range []*pair{p} {
		for i := 0; i < len(rows); i += 500 {
			batch := strings.Join(rows[i:min(i+500, len(rows))], ",")
			testbed.Exec(t, pool.src, "INSERT INTO k VALUES "+batch)
			testbed.Exec(t, pool.tgt, "INSERT INTO k VALUES "+batch)
		}
	}
}

// Key columns whose collation differs between the sides order rows
// differently, so chunk membership differs near boundaries: no false
// difference may come of it, and a real one is still found once.
func TestVerifyKeyCollations(t *testing.T) {
	for _, coll := range []string{"utf8mb4_0900_ai_ci", "utf8mb4_bin", "utf8mb4_0900_as_cs"} {
		t.Run(coll, func(t *testing.T) {
			p := migrationPair(t, "coll")
			testbed.Exec(t, p.src, "CREATE TABLE k (name VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci PRIMARY KEY, v INT)")
			testbed.Exec(t, p.tgt, "CREATE TABLE k (name VARCHAR(40) CHARACTER SET utf8mb4 COLLATE "+coll+" PRIMARY KEY, v INT)")
			fillKeys(t, &p, 3000)
			res := run(t, p, Options{Mode: Stream, ChunkRows: 150, Workers: 4})
			if !res.Equal() {
				t.Fatalf("equal tables: status %s, %v", res.Status, diffsOf(res))
			}
			if k := tableResult(t, res, "k"); k.SourceRows != 3000 || k.TargetRows != 3000 {
				t.Errorf("rows %d/%d, want 3000 each", k.SourceRows, k.TargetRows)
			}
			testbed.Exec(t, p.tgt, "UPDATE k SET v = -1 WHERE name = 'ß00006'", "DELETE FROM k WHERE name = 'Z00003'")
			res = run(t, p, Options{Mode: Stream, ChunkRows: 150, Workers: 4})
			got := strings.Join(diffsOf(res), "; ")
			if res.RowDiffs != 2 || !strings.Contains(got, "changed") || !strings.Contains(got, "missing") {
				t.Errorf("%d differences: %s; want one changed and one missing", res.RowDiffs, got)
			}
		})
	}
}

// On two servers of the same kind, pushdown checksums in the servers;
// a differing chunk is confirmed and drilled down by streaming.
func TestVerifyPushdown(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		p := samePair(t, s, "push")
		ctx := context.Background()
		for _, db := range []string{p.srcDB, p.tgtDB} {
			if err := datagen.Sysbench(ctx, p.src.DB, db, "sbtest1", 20000, 3); err != nil {
				t.Fatal(err)
			}
		}
		res := run(t, p, Options{Mode: Pushdown, ChunkRows: 2000})
		sb := tableResult(t, res, "sbtest1")
		if !res.Equal() || sb.Mode != string(Pushdown) || sb.SourceRows != 20000 || sb.Chunks < 5 {
			t.Fatalf("status %s mode %s (%s) rows %d chunks %d", res.Status, sb.Mode, sb.ModeNote, sb.SourceRows, sb.Chunks)
		}
		testbed.Exec(t, p.tgt, "UPDATE sbtest1 SET c = CONCAT(c, 'x') WHERE id = 777", "UPDATE sbtest1 SET pad = '' WHERE id = 15000")
		res = run(t, p, Options{Mode: Auto, ChunkRows: 2000})
		if got := diffsOf(res); len(got) != 2 || got[0] != "sbtest1 changed 15000 pad" || got[1] != "sbtest1 changed 777 c" {
			t.Errorf("differences %v", got)
		}
		if sb := tableResult(t, res, "sbtest1"); sb.Mode != string(Pushdown) || sb.ChunksDiffer != 2 {
			t.Errorf("auto chose %s, %d differing chunks; want pushdown, 2", sb.Mode, sb.ChunksDiffer)
		}
		// A type difference makes pushdown unsound: the table streams.
		testbed.Exec(t, p.tgt, "ALTER TABLE sbtest1 MODIFY k BIGINT NOT NULL DEFAULT 0")
		res = run(t, p, Options{Mode: Pushdown, ChunkRows: 5000})
		if sb := tableResult(t, res, "sbtest1"); sb.Mode != string(Stream) || !strings.Contains(sb.ModeNote, "column k") || res.RowDiffs != 2 {
			t.Errorf("after widening k: mode %s (%s), %d differences", sb.Mode, sb.ModeNote, res.RowDiffs)
		}
	})
}

// An interrupted run resumes from its state file and reaches the same
// result as an uninterrupted one; the state file goes when the run ends.
func TestVerifyResume(t *testing.T) {
	s := testbed.Get(t, "new")
	p := samePair(t, s, "resume")
	ctx := context.Background()
	for _, db := range []string{p.srcDB, p.tgtDB} {
		if err := datagen.Sysbench(ctx, p.src.DB, db, "sbtest1", 30000, 5); err != nil {
			t.Fatal(err)
		}
	}
	testbed.Exec(t, p.tgt, "DELETE FROM sbtest1 WHERE id IN (5, 17000)", "UPDATE sbtest1 SET k = 0 WHERE id IN (100, 29999)")
	want := run(t, p, Options{Mode: Stream, ChunkRows: 1000})
	if want.RowDiffs != 4 {
		t.Fatalf("uninterrupted run: %d differences, want 4", want.RowDiffs)
	}

	state := filepath.Join(t.TempDir(), "verify.state")
	src, tgt := inspectBoth(t, p)
	m, _ := ParseMapping([]string{p.srcDB + ".*=" + p.tgtDB + ".*"})
	ctx, cancel := context.WithCancel(context.Background())
	prog := &extract.Progress{}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for prog.Rows.Load() < 15000 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	_, err := Run(ctx, p.src, p.tgt, src, tgt, Options{Mode: Stream, ChunkRows: 1000, Workers: 2, Mapping: m, State: state, Progress: prog})
	wg.Wait()
	if err == nil {
		t.Fatal("the interrupted run returned no error")
	}
	if _, err := os.Stat(state); err != nil {
		t.Fatalf("no state file after the interruption: %v", err)
	}
	got := run(t, p, Options{Mode: Stream, ChunkRows: 1000, Workers: 2, State: state, Mapping: m})
	if !got.Resumed {
		t.Error("the second run did not resume")
	}
	if g, w := strings.Join(diffsOf(got), "; "), strings.Join(diffsOf(want), "; "); g != w {
		t.Errorf("resumed run found %s, uninterrupted %s", g, w)
	}
	gs, ws := tableResult(t, got, "sbtest1"), tableResult(t, want, "sbtest1")
	if gs.SourceRows != ws.SourceRows || gs.TargetRows != ws.TargetRows {
		t.Errorf("resumed rows %d/%d, uninterrupted %d/%d", gs.SourceRows, gs.TargetRows, ws.SourceRows, ws.TargetRows)
	}
	if _, err := os.Stat(state); !os.IsNotExist(err) {
		t.Errorf("state file still there after a complete run: %v", err)
	}
}

// A target that is still catching up converges under --recheck.
func TestVerifyRecheck(t *testing.T) {
	p := samePair(t, testbed.Get(t, "old"), "recheck")
	for _, pool := range []string{p.srcDB, p.tgtDB} {
		if err := datagen.Sysbench(context.Background(), p.src.DB, pool, "sbtest1", 5000, 1); err != nil {
			t.Fatal(err)
		}
	}
	testbed.Exec(t, p.tgt, "UPDATE sbtest1 SET k = 0 WHERE id = 10", "UPDATE sbtest1 SET k = 0 WHERE id = 4000")
	// "Replication" applies the fix to id 10 while verify waits.
	var notes []string
	var mu sync.Mutex
	o := Options{Mode: Stream, ChunkRows: 500, Recheck: 2, RecheckWait: 300 * time.Millisecond, Notify: func(s string) {
		mu.Lock()
		defer mu.Unlock()
		notes = append(notes, s)
		if len(notes) == 1 {
			var k int
			if err := p.src.DB.QueryRow("SELECT k FROM sbtest1 WHERE id = 10").Scan(&k); err != nil {
				t.Error(err)
			}
			testbed.Exec(t, p.tgt, fmt.Sprintf("UPDATE sbtest1 SET k = %d WHERE id = 10", k))
		}
	}}
	res := run(t, p, o)
	sb := tableResult(t, res, "sbtest1")
	if sb.Converged != 1 || res.RowDiffs != 1 || sb.ChunksDiffer != 1 {
		t.Errorf("converged %d chunks, %d differing rows in %d chunks; want 1, 1, 1 (notes %v)", sb.Converged, res.RowDiffs, sb.ChunksDiffer, notes)
	}
	if got := diffsOf(res); len(got) != 1 || got[0] != "sbtest1 changed 4000 k" {
		t.Errorf("differences %v", got)
	}
}

// --max-threads-running pauses while a server is busier.
func TestVerifyMaxThreadsRunning(t *testing.T) {
	s := testbed.Get(t, "new")
	p := samePair(t, s, "threads")
	testbed.Exec(t, p.src, "CREATE TABLE t (id INT PRIMARY KEY)", "INSERT INTO t VALUES (1), (2), (3)")
	testbed.Exec(t, p.tgt, "CREATE TABLE t (id INT PRIMARY KEY)", "INSERT INTO t VALUES (1), (2), (3)")
	busy := s.Open(t, "", 6)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = busy.ExecContext(context.Background(), "DO SLEEP(1.5)")
		}()
	}
	time.Sleep(300 * time.Millisecond)
	// The limit is exceeded while the four sleeps run, and only then.
	var running int
	if err := p.src.DB.QueryRow("SHOW GLOBAL STATUS LIKE 'Threads_running'").Scan(new(string), &running); err != nil {
		t.Fatal(err)
	}
	res := run(t, p, Options{Mode: Stream, MaxThreadsRunning: running - 3, MaxLag: time.Second})
	wg.Wait()
	if !res.Equal() || res.PausedSecs < 0.5 {
		t.Errorf("status %s, paused %.2fs; want equal after a pause of about 1.3s", res.Status, res.PausedSecs)
	}
	if !strings.Contains(strings.Join(res.Notes, " "), "not a replica") {
		t.Errorf("notes %v do not say --max-lag had no replica to watch", res.Notes)
	}
}

// Schema differences are findings; data is compared on the common columns.
func TestVerifySchemaFindings(t *testing.T) {
	p := migrationPair(t, "schema")
	testbed.Exec(t, p.src,
		"CREATE TABLE a (id INT PRIMARY KEY, v VARCHAR(10) CHARACTER SET latin1, gone INT)",
		"INSERT INTO a VALUES (1, 'x', 5), (2, 'y', 6)",
		"CREATE TABLE only_source (id INT PRIMARY KEY)")
	testbed.Exec(t, p.tgt,
		"CREATE TABLE a (id BIGINT PRIMARY KEY, v VARCHAR(20) CHARACTER SET utf8mb4, added INT)",
		"INSERT INTO a VALUES (1, 'x', 7), (2, 'y', 8)",
		"CREATE TABLE only_target (id INT PRIMARY KEY)")
	res := run(t, p, Options{})
	kinds := map[string]Severity{}
	for _, f := range res.Schema {
		kinds[f.Kind] = f.Severity
	}
	for kind, sev := range map[string]Severity{"missing_table": Difference, "extra_table": Difference, "missing_column": Difference, "extra_column": Difference, "charset": Notice} {
		if kinds[kind] != sev {
			t.Errorf("finding %s: severity %q, want %q (all: %v)", kind, kinds[kind], sev, kinds)
		}
	}
	a := tableResult(t, res, "a")
	if a.Status != StatusEqual || a.Columns != 2 || res.Equal() {
		t.Errorf("table a: %s on %d columns; run %s; want equal on 2 common columns, run different", a.Status, a.Columns, res.Status)
	}
	only := run(t, p, Options{SchemaOnly: true})
	if tableResult(t, only, "a").Status != StatusSkipped || len(only.Schema) != len(res.Schema) {
		t.Errorf("--schema-only compared data or lost findings")
	}
	// A table on one side only is rows on one side only: --data-only keeps
	// those findings, and only those.
	data := run(t, p, Options{DataOnly: true})
	var dataKinds []string
	for _, f := range data.Schema {
		dataKinds = append(dataKinds, f.Kind)
	}
	slices.Sort(dataKinds)
	if !slices.Equal(dataKinds, []string{"extra_table", "missing_table"}) || data.Equal() {
		t.Errorf("--data-only: findings %v, status %s; want the missing and the extra table, different", dataKinds, data.Status)
	}
	testbed.Exec(t, p.src, "DROP TABLE only_source")
	testbed.Exec(t, p.tgt, "DROP TABLE only_target")
	if data := run(t, p, Options{DataOnly: true}); len(data.Schema) != 0 || !data.Equal() {
		t.Errorf("--data-only, same tables: %d findings, status %s", len(data.Schema), data.Status)
	}
}

// --max-lag reads the target's real replica status: a target configured
// as a replica whose replication is not running reports no lag, and verify
// waits until replication runs again (here: until the replica
// configuration is removed), then finishes.
func TestVerifyMaxLagReplicationStopped(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the replica tests are slow")
	}
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		p := samePair(t, s, "lag")
		for _, pool := range []*conn.Pool{p.src, p.tgt} {
			testbed.Exec(t, pool, "CREATE TABLE t (id INT PRIMARY KEY, v INT)", "INSERT INTO t VALUES (1, 1), (2, 2)")
		}
		admin := s.Open(t, "", 1)
		configure, reset := "CHANGE REPLICATION SOURCE TO SOURCE_HOST = '127.0.0.1', SOURCE_PORT = 9, SOURCE_USER = 'nobody'", "RESET REPLICA ALL"
		if admin.Server.Flavor == schema.MariaDB {
			configure, reset = "CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = 9, MASTER_USER = 'nobody'", "RESET SLAVE ALL"
		}
		testbed.Exec(t, admin, configure)
		t.Cleanup(func() { _, _ = admin.ExecContext(context.Background(), reset) })

		var once sync.Once
		var notes []string
		var mu sync.Mutex
		o := Options{Mode: Stream, MaxLag: time.Second, Notify: func(n string) {
			mu.Lock()
			notes = append(notes, n)
			mu.Unlock()
			if strings.HasPrefix(n, "pausing") {
				once.Do(func() {
					go func() {
						time.Sleep(1500 * time.Millisecond)
						if _, err := admin.ExecContext(context.Background(), reset); err != nil {
							t.Errorf("%s: %v", reset, err)
						}
					}()
				})
			}
		}}
		res := run(t, p, o)
		mu.Lock()
		defer mu.Unlock()
		if !res.Equal() || res.PausedSecs < 1 {
			t.Errorf("status %s, paused %.2fs; want equal after a pause of about 1.5s (notices %q)", res.Status, res.PausedSecs, notes)
		}
		if len(notes) == 0 || notes[0] != "pausing: target replication is stopped (no lag reported)" {
			t.Errorf("notices %q; want a pause for the stopped replication first", notes)
		}
	})
}

// --max-lag against a real replica that falls behind: the replica applies
// every event 4 s late, the source has just changed a row, and verify waits
// while the lag exceeds 1 s, so it compares only once the change arrived
// and finds the copies equal.
func TestVerifyMaxLagReplica(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the replica tests start two servers")
	}
	rp := testbed.StartReplicaPair(t, 4*time.Second)
	srcS := testbed.Server{Name: "source", DSN: rp.SourceDSN}
	repS := testbed.Server{Name: "replica", DSN: rp.ReplicaDSN}
	for _, q := range []string{"CREATE DATABASE lagdb", "CREATE TABLE lagdb.t (id INT PRIMARY KEY, v INT)",
		"INSERT INTO lagdb.t VALUES (1, 1), (2, 2), (3, 3)"} {
		if _, err := rp.Source.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	rp.WaitCaughtUp(t, time.Minute)
	p := pair{srcS: srcS, tgtS: repS, srcDB: "lagdb", tgtDB: "lagdb", src: srcS.Open(t, "lagdb", 8), tgt: repS.Open(t, "lagdb", 8)}

	if _, err := rp.Source.Exec("UPDATE lagdb.t SET v = 20 WHERE id = 2"); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); ; {
		lag, replica, err := replicaLag(context.Background(), rp.Replica)
		if err != nil || !replica {
			t.Fatalf("replica status: %v (replica %v)", err, replica)
		}
		if lag >= 2*time.Second {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the replica never fell 2 s behind (lag %v)", lag)
		}
		time.Sleep(100 * time.Millisecond)
	}
	var notes []string
	var mu sync.Mutex
	res := run(t, p, Options{Mode: Stream, MaxLag: time.Second, Notify: func(n string) {
		mu.Lock()
		defer mu.Unlock()
		notes = append(notes, n)
	}})
	mu.Lock()
	defer mu.Unlock()
	if !res.Equal() || res.PausedSecs < 0.5 {
		t.Errorf("status %s (%d differing rows), paused %.2fs; want equal after waiting for the replica (notices %q)",
			res.Status, res.RowDiffs, res.PausedSecs, notes)
	}
	if len(notes) == 0 || !strings.HasPrefix(notes[0], "pausing: target lags ") {
		t.Errorf("notices %q; want a pause for the lag first", notes)
	}
}

// A table compared with itself proves nothing: Run refuses it, and the
// result it hands back for the report does not read as equal.
func TestVerifyRefusesSameTables(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		db := s.Database(t, "self")
		p := pair{srcS: s, tgtS: s, srcDB: db, tgtDB: db}
		p.src, p.tgt = s.Open(t, db, 2), s.Open(t, db, 2)
		testbed.Exec(t, p.src, "CREATE TABLE t (id INT PRIMARY KEY)", "INSERT INTO t VALUES (1)")
		res, err := runErr(t, p, Options{})
		if !errors.Is(err, ErrSameTables) || !strings.Contains(err.Error(), db+".t") {
			t.Fatalf("err = %v; want ErrSameTables naming %s.t", err, db)
		}
		if res == nil || res.Status != StatusIncomplete || res.Equal() {
			t.Errorf("result %+v: a refused run must not read as equal", res)
		}
	})
}
