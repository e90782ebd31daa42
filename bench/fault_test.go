package bench

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/testbed"
)

// slowQuery is a benchmark query that takes about 0.4 s and returns one
// row, tagged so the test finds it in the process list. It sleeps row by
// row: a KILL QUERY then interrupts it (1317) on both servers, where one
// SLEEP(0.4) would just return early.
func slowQuery(db string) (Query, string) {
	var b [4]byte
	_, _ = rand.Read(b[:])
	tag := "fault-" + hex.EncodeToString(b[:])
	return Query{Name: "slow", SQL: fmt.Sprintf("SELECT '%s' AS tag, COUNT(*) AS n FROM (SELECT 1 AS a UNION ALL SELECT 2 UNION ALL "+
		"SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8) AS x "+
		"WHERE SLEEP(0.05) = 0", tag)}, tag
}

// whileRunning calls act with the connection id of the session running
// the tagged query, the first `times` times it is seen running, and stops
// when the returned function is called.
func whileRunning(t *testing.T, admin *conn.Pool, tag string, act func(id int64)) (stop func()) {
	t.Helper()
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-done:
				return
			case <-time.After(50 * time.Millisecond):
			}
			var id int64
			err := admin.QueryRowContext(context.Background(), "SELECT ID FROM "+admin.Server.ProcessList()+" WHERE INFO LIKE ? AND INFO NOT LIKE '%processlist%' LIMIT 1",
				"%"+tag+"%").Scan(&id)
			if err == nil {
				act(id)
				return
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

func sameRuns(t *testing.T, res *Result, runs int) (retries int) {
	t.Helper()
	if len(res.Cells) != 1 {
		t.Fatalf("%d cells, want 1", len(res.Cells))
	}
	c := res.Cells[0]
	if c.Error != nil {
		t.Fatalf("cell error %+v: a fault within the retry window is not a result", c.Error)
	}
	if len(c.Runs) != runs {
		t.Errorf("%d runs, want %d", len(c.Runs), runs)
	}
	for _, r := range c.Runs {
		if r.Rows != 1 || r.Seconds < 0.4 || r.Error != nil {
			t.Errorf("run %+v: want one row after at least 0.4 s", r)
		}
		retries += r.Retries
	}
	return retries
}

// TestBenchRetriesKilledSession kills the timed session mid-query, first
// the statement (KILL QUERY, error 1317 from someone else), then the
// connection (KILL): each run is repeated on a new connection and the
// grid's results are those of an undisturbed run.
func TestBenchRetriesKilledSession(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		sysbenchTable(t, s)
		admin := s.Open(t, "", 1)
		for _, kill := range []string{"KILL QUERY", "KILL"} {
			t.Run(kill, func(t *testing.T) {
				q, tag := slowQuery(testDB)
				var notices []string
				killed := false
				stop := whileRunning(t, admin, tag, func(id int64) {
					_, err := admin.ExecContext(context.Background(), fmt.Sprintf("%s %d", kill, id))
					killed = err == nil
				})
				res, err := Run(context.Background(), Options{
					Targets: []Target{testTarget(t, s)}, Queries: []Query{q}, Warmup: -1, Runs: 3,
					Retry:       conn.Retry{Retries: 3, Base: 100 * time.Millisecond},
					RestoreFile: filepath.Join(t.TempDir(), "restore.json"),
					Notify:      func(msg string) { notices = append(notices, msg) },
				})
				stop()
				if err != nil {
					t.Fatalf("grid with a killed session: %v", err)
				}
				if !killed {
					t.Fatal("the query was never seen running")
				}
				if n := sameRuns(t, res, 3); n != 1 {
					t.Errorf("%d retries, want 1", n)
				}
				if len(notices) != 1 || !strings.Contains(notices[0], s.Name+": slow [defaults] round 1 failed (attempt 1 of 4)") {
					t.Errorf("notices %q; want one naming the target, the cell and the attempt", notices)
				}
			})
		}
	})
}

// TestBenchSurvivesServerRestart kills a server of the test's own with
// SIGKILL during a run and starts it again: the run is repeated once the
// server is back, and the grid completes. Killed for good, the grid fails
// after its retries with the real error.
func TestBenchSurvivesServerRestart(t *testing.T) {
	in := testbed.StartMariaDB(t)
	s := in.Server()
	admin := s.Open(t, "", 1)
	testbed.Exec(t, admin, "CREATE DATABASE "+testDB)
	q, tag := slowQuery(testDB)
	o := Options{
		Targets: []Target{testTarget(t, s)}, Queries: []Query{q}, Warmup: -1, Runs: 3,
		Retry:       conn.Retry{Retries: 10, Base: 300 * time.Millisecond, Max: time.Second},
		RestoreFile: filepath.Join(t.TempDir(), "restore.json"),
	}
	restarted := make(chan struct{})
	stop := whileRunning(t, admin, tag, func(int64) {
		in.Kill()
		time.Sleep(time.Second)
		close(restarted)
	})
	errc := make(chan error, 1)
	var res *Result
	go func() {
		var err error
		res, err = Run(context.Background(), o)
		errc <- err
	}()
	select {
	case <-restarted:
		in.Start()
	case err := <-errc:
		t.Fatalf("grid ended before the kill: %v", err)
	}
	err := <-errc
	stop()
	if err != nil {
		t.Fatalf("grid across a restart: %v", err)
	}
	if n := sameRuns(t, res, 3); n == 0 {
		t.Error("no retry recorded across a restart")
	}

	o.Retry = conn.Retry{Retries: 2, Base: 100 * time.Millisecond, Max: 200 * time.Millisecond}
	q, tag = slowQuery(testDB)
	o.Queries = []Query{q}
	admin = s.Open(t, "", 1)
	stop = whileRunning(t, admin, tag, func(int64) { in.Kill() })
	_, err = Run(context.Background(), o)
	stop()
	if err == nil {
		t.Fatal("a grid against a server that stays down succeeded")
	}
	msg := err.Error()
	for _, want := range []string{s.Name + ": slow [defaults] round", "gave up after 3 attempts", fmt.Sprintf("127.0.0.1:%d", in.Port)} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	if !errors.Is(err, conn.ErrUnreachable) && !errors.Is(err, conn.ErrServerGone) {
		t.Errorf("err %v, want the server's absence", err)
	}
}

// TestBenchReadOnly: queries that change data are refused before anything
// runs; a SELECT whose function writes fails in the read-only session and
// changes nothing; --allow-writes runs them.
func TestBenchReadOnly(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		db := s.Database(t, "readonly")
		p := s.Open(t, db, 1)
		testbed.Exec(t, p, "CREATE TABLE t (id INT PRIMARY KEY)", "INSERT INTO t VALUES (1), (2), (3)",
			"CREATE FUNCTION drop_one() RETURNS INT MODIFIES SQL DATA BEGIN DELETE FROM t WHERE id = 1; RETURN 1; END")
		count := func() int {
			var n int
			if err := p.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM t").Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		target := Target{Label: s.Name, Endpoint: s.Endpoint(t, db)}
		run := func(allow bool, qs ...Query) (*Result, error) {
			return Run(context.Background(), Options{Targets: []Target{target}, Queries: qs, Warmup: -1, Runs: 1,
				AllowWrites: allow, RestoreFile: filepath.Join(t.TempDir(), "restore.json")})
		}
		_, err := run(false, Query{Name: "read", SQL: "SELECT * FROM t"}, Query{Name: "cleanup", SQL: "DELETE FROM t WHERE id = 2"},
			Query{Name: "copy", SQL: "CREATE TABLE t2 AS SELECT * FROM t"})
		if !errors.Is(err, ErrWrites) || !strings.Contains(err.Error(), "cleanup starts with DELETE") ||
			!strings.Contains(err.Error(), "copy starts with CREATE") {
			t.Fatalf("err %v; want both writing queries refused", err)
		}
		res, err := run(false, Query{Name: "sneaky", SQL: "SELECT drop_one()"})
		if err != nil {
			t.Fatal(err)
		}
		if c := res.Cells[0]; c.Error == nil || c.Error.Code != 1792 {
			t.Errorf("a writing function in the read-only session: error %+v, want 1792", c.Error)
		}
		if n := count(); n != 3 {
			t.Fatalf("%d rows left of 3: a refused or read-only query changed data", n)
		}
		if _, err := run(true, Query{Name: "cleanup", SQL: "DELETE FROM t WHERE id = 2"}); err != nil {
			t.Fatal(err)
		}
		if n := count(); n != 2 {
			t.Errorf("%d rows after an allowed DELETE, want 2", n)
		}
	})
}

// TestMisspelledVariable: a --set variable no target has is an error naming
// the closest real one, before anything runs.
func TestMisspelledVariable(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		res, err := Run(context.Background(), Options{
			Targets: []Target{testTarget(t, s)}, Queries: []Query{{Name: "one", SQL: "SELECT 1"}},
			Settings:    []Setting{mustSetting(t, "sort_bufer_size=1M,2M")},
			RestoreFile: filepath.Join(t.TempDir(), "restore.json"),
		})
		if err == nil || !strings.Contains(err.Error(), "--set sort_bufer_size: no such variable on "+s.Name) ||
			!strings.Contains(err.Error(), "did you mean sort_buffer_size?") {
			t.Fatalf("err %v; want the misspelling named with the real variable", err)
		}
		if res != nil && len(res.Cells) > 0 {
			t.Errorf("%d cells made for a misspelled variable", len(res.Cells))
		}
	})
}

// globalOnly is a global-only variable each testbed server has, with two
// harmless values.
func globalOnly(s testbed.Server) (name, values string) {
	if s.Name == "new" {
		return "temptable_max_ram", "2M,4M"
	}
	return "thread_cache_size", "7,9"
}

// TestGlobalsClaimedOnServer: while a run changes globals, a second run on
// the same server with another restore file is refused and told who holds
// them; a row left by a run that died is found whatever the restore file,
// and --restore of that run's file clears it.
func TestGlobalsClaimedOnServer(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		testbed.LockGlobals(t, s)
		name, values := globalOnly(s)
		before := globalValue(t, s, name)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		started := make(chan struct{})
		var once sync.Once
		errc := make(chan error, 1)
		go func() {
			_, err := Run(ctx, Options{
				Targets: []Target{testTarget(t, s)}, Queries: []Query{{Name: "one", SQL: "SELECT SLEEP(0.05)"}},
				Settings: []Setting{mustSetting(t, name+"="+values)}, Runs: 100000,
				RestoreFile: filepath.Join(t.TempDir(), "first.json"),
				Progress:    func(*Cell, *Measurement) { once.Do(func() { close(started) }) },
			})
			errc <- err
		}()
		select {
		case <-started:
		case err := <-errc:
			t.Fatalf("first run ended: %v", err)
		}
		second := Options{
			Targets: []Target{testTarget(t, s)}, Queries: []Query{{Name: "one", SQL: "SELECT 1"}},
			Settings: []Setting{mustSetting(t, name+"="+values)}, RestoreFile: filepath.Join(t.TempDir(), "second.json"),
		}
		_, err := Run(context.Background(), second)
		host, _ := os.Hostname()
		if !errors.Is(err, ErrGlobalsBusy) {
			t.Fatalf("second run: %v; want ErrGlobalsBusy", err)
		}
		want := fmt.Sprintf("pid %d on host %s", os.Getpid(), host)
		if s.Name == "old" {
			want = "parity@127.0.0.1:" // performance_schema is off: user and client address
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q should name the holder (%s)", err, want)
		}
		cancel()
		if err := <-errc; !errors.Is(err, context.Canceled) {
			t.Fatalf("first run: %v", err)
		}
		if got := globalValue(t, s, name); got != before {
			t.Fatalf("%s is %s after the first run, was %s", name, got, before)
		}

		// What a run killed with SIGKILL leaves on the server: its row, no lock.
		p := s.Open(t, "", 1)
		server := identity(t, p)
		rf := &RestoreFile{SchemaVersion: 1, Created: time.Now(), PID: 4242, Host: "bastion-1", RunID: "00000000deadbeef",
			Targets: []RestoreTarget{{Label: s.Name, DSN: s.Endpoint(t, "").DSN(), Endpoint: s.Endpoint(t, "").String(),
				Variables: []Assignment{{Name: name, Value: before}}}}}
		dead := filepath.Join(t.TempDir(), "dead.json")
		if err := rf.write(dead); err != nil {
			t.Fatal(err)
		}
		testbed.Exec(t, p, fmt.Sprintf("INSERT INTO %s VALUES ('00000000deadbeef', '%s', 4242, 'bastion-1', UTC_TIMESTAMP(), '%s', '[{\"name\":\"%s\",\"value\":\"%s\"}]')",
			markerTable, server, dead, name, before))
		t.Cleanup(func() { testbed.Exec(t, p, "DELETE FROM "+markerTable+" WHERE run_id = '00000000deadbeef'") })
		_, err = Run(context.Background(), second)
		if !errors.Is(err, ErrRestorePending) {
			t.Fatalf("run after a dead one: %v; want ErrRestorePending", err)
		}
		for _, w := range []string{"pid 4242 on host bastion-1", name + " (originally " + before + ")", "parity bench --restore " + dead,
			"SET GLOBAL " + name + " = " + before} {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("message %q lacks %q", err, w)
			}
		}
		t.Setenv(conn.PasswordEnv(s.Name), "parity-test-pw")
		eps, err := rf.RestoreEndpoints(nil, func(label, dsn string) (*conn.Endpoint, error) {
			return conn.Parse(dsn, conn.Options{Role: label, PasswordEnv: conn.PasswordEnv(label), Files: conn.OptionFiles{NoDefaults: true}})
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Restore(context.Background(), dead, eps); err != nil {
			t.Fatal(err)
		}
		if _, err := Run(context.Background(), second); err != nil {
			t.Errorf("run after --restore cleared the record: %v", err)
		}
	})
}

func identity(t *testing.T, p *conn.Pool) string {
	t.Helper()
	c, err := p.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	id, err := serverIdentity(context.Background(), c, p.Server)
	if err != nil {
		t.Fatal(err)
	}
	return id
}
