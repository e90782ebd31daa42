package bench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/parity-db/parity/atomicfile"
	"github.com/parity-db/parity/conn"
)

// RestoreFile records the global values a run is about to change, written
// before the first SET GLOBAL and removed once they are back. If parity is
// killed in between, the file is what `parity bench --restore FILE` puts
// back; while it exists no other run changes globals, because that run
// would take the changed values for the originals.
type RestoreFile struct {
	SchemaVersion int             `json:"schema_version"`
	Created       time.Time       `json:"created"`
	PID           int             `json:"pid"`
	Host          string          `json:"host,omitempty"`
	RunID         string          `json:"run_id,omitempty"` // the run's row in parity.bench_globals on each server
	Targets       []RestoreTarget `json:"targets"`
}

// RestoreTarget is one server's original global values.
type RestoreTarget struct {
	Label string `json:"label"`
	// DSN is the target's DSN without its password: --restore asks for the
	// password the way the run did (PARITY_<LABEL>_PASSWORD, --defaults-file
	// or --dsn LABEL=DSN again).
	DSN       string       `json:"dsn"`
	Endpoint  string       `json:"endpoint"`
	Variables []Assignment `json:"variables"`
}

// ErrRestorePending means a restore file from an earlier run still exists.
var ErrRestorePending = errors.New("settings of an earlier run were not restored")

// DefaultRestorePath is where the restore file goes unless --restore-file
// says otherwise: a per-user state directory, so a cron job and a person at
// a terminal find the same file.
func DefaultRestorePath() string {
	dir := os.Getenv("XDG_STATE_HOME")
	if dir == "" {
		if home, err := os.UserHomeDir(); err == nil {
			dir = filepath.Join(home, ".local", "state")
		} else {
			dir = os.TempDir()
		}
	}
	return filepath.Join(dir, "parity", "bench-restore.json")
}

// checkNoRestorePending fails when path exists.
func checkNoRestorePending(path string) error {
	rf, err := ReadRestoreFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return fmt.Errorf("%w: %s (written %s by process %d) holds the original values; "+
		"run 'parity bench --restore %s' to put them back first", ErrRestorePending, path,
		rf.Created.Format(time.RFC3339), rf.PID, path)
}

// ReadRestoreFile reads a restore file.
func ReadRestoreFile(path string) (*RestoreFile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var rf RestoreFile
	if err := json.Unmarshal(data, &rf); err != nil {
		return nil, fmt.Errorf("read restore file %s: %w", path, err)
	}
	return &rf, nil
}

// write stores the file durably (write, fsync, rename): it must survive the
// crash it exists for.
func (rf *RestoreFile) write(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("write restore file: %w", err)
	}
	data, err := json.MarshalIndent(rf, "", "  ")
	if err != nil {
		return err
	}
	// Owner-only: it names servers and users (never passwords).
	return atomicfile.Write(path, atomicfile.Options{What: "restore file", Perm: 0o600}, func(w io.Writer) error {
		_, err := w.Write(append(data, '\n'))
		return err
	})
}

// Restore puts back the values a restore file recorded, on the endpoints
// given for its labels, and removes the file when every value is back.
func Restore(ctx context.Context, path string, endpoints map[string]*conn.Endpoint) ([]Restored, error) {
	rf, err := ReadRestoreFile(path)
	if err != nil {
		return nil, err
	}
	var done []Restored
	var errs []error
	for _, t := range rf.Targets {
		ep := endpoints[t.Label]
		if ep == nil {
			errs = append(errs, fmt.Errorf("%s: no DSN for this target", t.Label))
			continue
		}
		got, err := restoreTarget(ctx, ep, t, rf.RunID)
		done = append(done, got...)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", t.Label, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return done, fmt.Errorf("restore from %s: %w (the file is kept; run --restore again)", path, err)
	}
	if err := os.Remove(path); err != nil {
		return done, fmt.Errorf("remove restore file: %w", err)
	}
	return done, nil
}

// RestoreEndpoints parses, with parse, the DSNs a restore file recorded for
// the labels the caller did not give DSNs for; parse finds their passwords
// (PARITY_<LABEL>_PASSWORD, the option files, a prompt).
func (rf *RestoreFile) RestoreEndpoints(given map[string]*conn.Endpoint, parse func(label, dsn string) (*conn.Endpoint, error)) (map[string]*conn.Endpoint, error) {
	out := map[string]*conn.Endpoint{}
	for _, t := range rf.Targets {
		if ep := given[t.Label]; ep != nil {
			out[t.Label] = ep
			continue
		}
		ep, err := parse(t.Label, t.DSN)
		if err != nil {
			return nil, err
		}
		out[t.Label] = ep
	}
	return out, nil
}

// restoreTarget puts back one server's values under its globals lock (a
// live run's values are not to be overwritten) and removes the run's
// record there.
func restoreTarget(ctx context.Context, ep *conn.Endpoint, t RestoreTarget, runID string) ([]Restored, error) {
	pool, err := conn.Open(ctx, attributed(ep), 2)
	if err != nil {
		return nil, err
	}
	defer pool.Close()
	c, err := pool.Conn(ctx)
	if err != nil {
		return nil, conn.Classify(err, "restore on", ep)
	}
	g := &guard{c: c, runID: runID}
	defer g.release()
	holder, err := takeLock(ctx, c, pool.Server)
	if err != nil {
		return nil, conn.Classify(err, "restore on", ep)
	}
	if holder != "" {
		return nil, fmt.Errorf("%w: %s holds it; restore once it has ended", ErrGlobalsBusy, holder)
	}
	var done []Restored
	var errs []error
	for _, v := range t.Variables {
		if err := setGlobal(ctx, pool, v); err != nil {
			errs = append(errs, err)
			continue
		}
		done = append(done, Restored{Target: t.Label, Name: v.Name, Value: v.Value})
	}
	if len(errs) > 0 {
		return done, errors.Join(errs...)
	}
	_, _ = c.ExecContext(ctx, "SET SESSION sql_log_bin = 0")
	if err := g.clear(ctx); err != nil && errorNumber(err) != erNoSuchTable && errorNumber(err) != erBadDB {
		return done, err
	}
	return done, nil
}

func setGlobal(ctx context.Context, pool *conn.Pool, a Assignment) error {
	if _, err := pool.ExecContext(ctx, "SET GLOBAL "+a.Name+" = "+a.SQLValue()); err != nil {
		return fmt.Errorf("SET GLOBAL %s = %s: %w", a.Name, a.Value, err)
	}
	return nil
}
