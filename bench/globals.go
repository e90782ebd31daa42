package bench

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"
)

// The global values a grid changes: which they are, the restore file that
// records their originals before the first SET GLOBAL, and putting them
// back when the grid ends (Restore, in restore.go, does it for a run that
// was killed).

// originals are the target's global values from before the run.
func (t *target) originals() []Assignment {
	var out []Assignment
	for _, v := range t.info.Variables {
		if v.Scope == Global {
			out = append(out, Assignment{Name: v.Name, Value: v.Original})
		}
	}
	return out
}

func (t *target) hasGlobals() bool {
	for _, v := range t.vars {
		if v.Scope == Global {
			return true
		}
	}
	return false
}

// noticeGlobals says which values will change server-wide, once the claim
// on the server shows the originals are real.
func (t *target) noticeGlobals(o Options) {
	for _, v := range t.info.Variables {
		if v.Scope == Global {
			o.Notify(fmt.Sprintf("%s: %s is global-only: parity sets it with SET GLOBAL (all sessions see it) and puts back %s at the end",
				t.Label, v.Name, v.Original))
		}
	}
}

// writeRestoreFile records every target's original global values.
func writeRestoreFile(path string, targets []*target, runID string) error {
	host, _ := os.Hostname()
	rf := &RestoreFile{SchemaVersion: 1, Created: time.Now().UTC(), PID: os.Getpid(), Host: host, RunID: runID}
	for _, t := range targets {
		rt := RestoreTarget{Label: t.Label, DSN: t.Endpoint.DSN(), Endpoint: t.Endpoint.String()}
		rt.Variables = t.originals()
		if len(rt.Variables) > 0 {
			rf.Targets = append(rf.Targets, rt)
		}
	}
	return rf.write(path)
}

// restoreGlobals puts back every global value the run changed, even when
// ctx was cancelled (Ctrl-C), and removes the restore file once all are
// back. What it could not restore stays in the file.
func restoreGlobals(ctx context.Context, targets []*target, path string) ([]Restored, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	var done []Restored
	var errs []error
	for _, t := range targets {
		failed := false
		for _, v := range t.info.Variables {
			if v.Scope != Global || !t.changed[v.Name] {
				continue
			}
			a := Assignment{Name: v.Name, Value: v.Original}
			if err := setGlobal(ctx, t.pool, a); err != nil {
				errs = append(errs, fmt.Errorf("%s: restore %w", t.Label, err))
				failed = true
				continue
			}
			done = append(done, Restored{Target: t.Label, Name: v.Name, Value: v.Original})
		}
		if !failed && t.guard != nil {
			if err := t.guard.clear(ctx); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", t.Label, err))
			}
		}
	}
	if len(errs) > 0 {
		return done, fmt.Errorf("%w; the original values are in %s: run 'parity bench --restore %s'",
			errors.Join(errs...), path, path)
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return done, fmt.Errorf("remove restore file: %w", err)
	}
	return done, nil
}
