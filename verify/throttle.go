package verify

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/parity-db/parity/conn"
)

// throttleEvery is how often the servers' load is looked at.
const throttleEvery = time.Second

// throttle pauses the workers while the target replica lags more than
// --max-lag or either server runs more than --max-threads-running threads,
// so a verify never adds load to a cluster that is already struggling.
type throttle struct {
	src, tgt   *conn.Pool
	maxLag     time.Duration
	maxThreads int
	notify     func(string)

	mu         sync.Mutex
	checked    time.Time
	pausedFor  time.Duration
	notReplica bool
	msgs       []string
}

func newThrottle(src, tgt *conn.Pool, o Options) *throttle {
	return &throttle{src: src, tgt: tgt, maxLag: o.MaxLag, maxThreads: o.MaxThreadsRunning, notify: o.Notify}
}

// wait returns once both servers are below their limits. One worker looks;
// the others queue behind it.
func (t *throttle) wait(ctx context.Context) error {
	if t.maxLag <= 0 && t.maxThreads <= 0 {
		return ctx.Err()
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if time.Since(t.checked) < throttleEvery {
		return ctx.Err()
	}
	var since time.Time
	for {
		why, err := t.busy(ctx)
		if err != nil {
			return err
		}
		t.checked = time.Now()
		if why == "" {
			if !since.IsZero() {
				t.pausedFor += time.Since(since)
				t.notify("resuming")
			}
			return nil
		}
		if since.IsZero() {
			since = time.Now()
			t.notify("pausing: " + why)
		}
		select {
		case <-ctx.Done():
			t.pausedFor += time.Since(since)
			return ctx.Err()
		case <-time.After(throttleEvery):
		}
	}
}

// busy says why the servers are too busy right now, or "".
func (t *throttle) busy(ctx context.Context) (string, error) {
	if t.maxThreads > 0 {
		for _, p := range []*conn.Pool{t.src, t.tgt} {
			n, err := threadsRunning(ctx, p.DB)
			if err != nil {
				return "", conn.Classify(err, "read Threads_running", p.Endpoint)
			}
			if n > t.maxThreads {
				return fmt.Sprintf("%s runs %d threads (--max-threads-running %d)", p.Endpoint.Role, n, t.maxThreads), nil
			}
		}
	}
	if t.maxLag > 0 && !t.notReplica {
		lag, replica, err := replicaLag(ctx, t.tgt.DB)
		if err != nil {
			return "", conn.Classify(err, "read replica status", t.tgt.Endpoint)
		}
		if !replica {
			t.notReplica = true
			t.msgs = append(t.msgs, "--max-lag has no effect: the target is not a replica")
		}
		return lagBusy(lag, replica, t.maxLag), nil
	}
	return "", nil
}

// lagBusy says why a replica's lag should pause the workers, or "": a
// negative lag is replication that is not running, which may fall behind
// without limit.
func lagBusy(lag time.Duration, replica bool, max time.Duration) string {
	switch {
	case !replica:
		return ""
	case lag < 0:
		return "target replication is stopped (no lag reported)"
	case lag > max:
		return fmt.Sprintf("target lags %s (--max-lag %s)", lag, max)
	}
	return ""
}

func (t *throttle) paused() time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.pausedFor
}

func (t *throttle) notes() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.msgs
}

func threadsRunning(ctx context.Context, db *sql.DB) (int, error) {
	var name, val string
	if err := db.QueryRowContext(ctx, "SHOW GLOBAL STATUS LIKE 'Threads_running'").Scan(&name, &val); err != nil {
		return 0, err
	}
	return strconv.Atoi(val)
}

// replicaLag reads the replica's lag: the largest Seconds_Behind_Source
// (Seconds_Behind_Master before MySQL 8.0.22 and on MariaDB) over its
// channels. replica is false when the server replicates from nobody; a
// negative lag means replication is not running.
func replicaLag(ctx context.Context, db *sql.DB) (lag time.Duration, replica bool, err error) {
	rows, err := db.QueryContext(ctx, "SHOW REPLICA STATUS")
	if n, ok := conn.ServerErrorNumber(err); ok && n == 1064 {
		rows, err = db.QueryContext(ctx, "SHOW SLAVE STATUS")
	}
	if err != nil {
		return 0, false, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, false, err
	}
	at := -1
	for i, c := range cols {
		if strings.EqualFold(c, "Seconds_Behind_Source") || strings.EqualFold(c, "Seconds_Behind_Master") {
			at = i
		}
	}
	vals := make([]sql.NullString, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		replica = true
		if err := rows.Scan(ptrs...); err != nil {
			return 0, true, err
		}
		if at < 0 {
			continue
		}
		l, ok := parseLag(vals[at])
		if !ok {
			lag = -1
			continue
		}
		if lag >= 0 && l > lag {
			lag = l
		}
	}
	return lag, replica, rows.Err()
}

// parseLag reads Seconds_Behind_Source; NULL (replication stopped) is not ok.
func parseLag(v sql.NullString) (time.Duration, bool) {
	if !v.Valid {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v.String), 10, 64)
	if err != nil || n < 0 {
		return 0, false
	}
	return time.Duration(n) * time.Second, true
}
