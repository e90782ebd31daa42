package verify

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/extract"
	"github.com/parity-db/parity/testbed"
)

// quickRetry rides out a restart in tests without the default's long waits.
var quickRetry = conn.Retry{Retries: 12, Base: 300 * time.Millisecond, Max: 2 * time.Second}

// faultPair fills a source and a target with the same 6,000 rows and plants
// four differences.
func faultPair(t *testing.T, p pair) {
	t.Helper()
	for _, pool := range []*conn.Pool{p.src, p.tgt} {
		testbed.Exec(t, pool, "CREATE TABLE f (id INT PRIMARY KEY, w VARCHAR(20), pad VARCHAR(200))")
		var rows []string
		for i := 1; i <= 6000; i++ {
			rows = append(rows, fmt.Sprintf("(%d, 'w%05d', REPEAT('p', 200))", i, i))
		}
		for i := 0; i < len(rows); i += 1000 {
			testbed.Exec(t, pool, "INSERT INTO f VALUES "+strings.Join(rows[i:i+1000], ","))
		}
	}
	testbed.Exec(t, p.tgt, "DELETE FROM f WHERE id IN (17, 4000)", "UPDATE f SET w = 'x' WHERE id IN (1, 6000)")
}

// runDamaged verifies p with tiny chunks and, once the run has compared
// some rows, calls damage with a context that ends with the run and a
// function that says whether a retry has been announced yet.
func runDamaged(t *testing.T, p pair, o Options, damage func(ctx context.Context, retried func() bool)) (*Result, []string, error) {
	t.Helper()
	var mu sync.Mutex
	var notices []string
	o.Notify = func(s string) { mu.Lock(); notices = append(notices, s); mu.Unlock() }
	retried := func() bool {
		mu.Lock()
		defer mu.Unlock()
		return slices.ContainsFunc(notices, func(n string) bool { return strings.Contains(n, "retrying in") })
	}
	o.Progress = &extract.Progress{}
	o.ChunkRows, o.Workers, o.Mode = 100, 2, Stream
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if damage == nil {
			return
		}
		for o.Progress.Rows.Load() < 1000 {
			select {
			case <-ctx.Done():
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
		damage(ctx, retried)
	}()
	res, err := runErr(t, p, o)
	cancel()
	<-done
	mu.Lock()
	defer mu.Unlock()
	return res, notices, err
}

// killUntil kills the connections of dbs every few milliseconds until stop
// says so or the run ends (ctx): one of them dies in the middle of a query,
// not only between queries.
func killUntil(ctx context.Context, t *testing.T, admin *conn.Pool, dbs []string, stop func() bool) {
	for ctx.Err() == nil && !stop() {
		for _, db := range dbs {
			testbed.KillConnections(t, admin, db)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Connections killed in the middle of a verify (what a failover or a
// restart looks like to the client) are retried on new ones: the result
// is the undisturbed run's. Without retries the run fails with the real
// error, naming the chunk and the server, never "context canceled".
func TestVerifyRetriesKilledConnections(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		p := samePair(t, s, "vkill")
		faultPair(t, p)
		admin := s.Open(t, "", 1)
		want, _, err := runDamaged(t, p, Options{Retry: quickRetry}, nil)
		if err != nil {
			t.Fatal(err)
		}
		dbs := []string{p.srcDB, p.tgtDB}
		got, notices, err := runDamaged(t, p, Options{Retry: quickRetry}, func(ctx context.Context, retried func() bool) {
			killUntil(ctx, t, admin, dbs, retried) // until a read was retried
		})
		if err != nil {
			t.Fatalf("with killed connections: %v", err)
		}
		if g, w := keyDiffs(got), keyDiffs(want); !slices.Equal(g, w) || got.RowDiffs != 4 {
			t.Errorf("differences %q, want %q", g, w)
		}
		if f := tableResult(t, got, "f"); f.SourceRows != 6000 || f.TargetRows != 5998 {
			t.Errorf("rows %d/%d, want 6000/5998", f.SourceRows, f.TargetRows)
		}
		if len(notices) == 0 || !slices.ContainsFunc(notices, func(n string) bool { return strings.Contains(n, "retrying in") }) {
			t.Errorf("notices %q: the kill should have cost a retry", notices)
		}
		// Without retries: the first query killed in flight ends the run.
		cut, _, err := runDamaged(t, p, Options{Retry: conn.NoRetry}, func(ctx context.Context, _ func() bool) {
			killUntil(ctx, t, admin, dbs, func() bool { return false })
		})
		if err == nil {
			t.Fatal("with retries off the killed run succeeded")
		}
		if cut == nil || cut.Status == StatusEqual {
			t.Errorf("a run cut short has status %v: it must never read as equal", cut)
		}
		msg := err.Error()
		if strings.Contains(msg, "context canceled") || !strings.Contains(msg, "127.0.0.1:") ||
			!strings.Contains(msg, "chunk") && !strings.Contains(msg, "plan chunks") {
			t.Errorf("message %q should name the chunk and the server, and not be a cancellation", msg)
		}
	})
}

// A target server killed with SIGKILL in the middle of a verify and started
// again within the retry window: the run waits, reconnects and reaches the
// undisturbed run's result. Killed for good, it fails after its retries with
// the server's error.
func TestVerifySurvivesTargetRestart(t *testing.T) {
	in := testbed.StartMariaDB(t)
	s := in.Server()
	src := testbed.Get(t, "old")
	p := pair{srcS: src, tgtS: s, srcDB: src.Database(t, "vrestart"), tgtDB: s.Database(t, "vrestart")}
	p.src, p.tgt = src.Open(t, p.srcDB, 8), s.Open(t, p.tgtDB, 8)
	faultPair(t, p)
	want, _, err := runDamaged(t, p, Options{Retry: quickRetry}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, notices, err := runDamaged(t, p, Options{Retry: quickRetry}, func(context.Context, func() bool) {
		in.Kill()
		time.Sleep(500 * time.Millisecond)
		in.Start()
	})
	if err != nil {
		t.Fatalf("across a restart: %v (notices %q)", err, notices)
	}
	if g, w := keyDiffs(got), keyDiffs(want); !slices.Equal(g, w) {
		t.Errorf("differences %q, want %q", g, w)
	}
	_, _, err = runDamaged(t, p, Options{Retry: conn.Retry{Retries: 2, Base: 100 * time.Millisecond}}, func(context.Context, func() bool) { in.Kill() })
	var re *conn.RetryError
	if !errors.As(err, &re) || strings.Contains(err.Error(), "context canceled") {
		t.Fatalf("server gone for good: %v; want the retries' failure", err)
	}
}
