package extract

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/schema"
)

// Consistency says whether all workers read one snapshot.
type Consistency int

const (
	// ConsistencyNone: every chunk query sees the data as of its own start.
	ConsistencyNone Consistency = iota
	// ConsistencyStrict: all workers share one snapshot, or the run fails.
	ConsistencyStrict
	// ConsistencyBestEffort: one snapshot when a lock is permitted; where it
	// is not (RDS, Aurora), workers start their snapshots together without
	// one and the result says so.
	ConsistencyBestEffort
)

// ParseConsistency reads the --consistent flag: "", "false", "none", "true",
// "strict", "best-effort".
func ParseConsistency(s string) (Consistency, error) {
	switch strings.ToLower(s) {
	case "", "false", "none", "off":
		return ConsistencyNone, nil
	case "true", "strict", "on":
		return ConsistencyStrict, nil
	case "best-effort", "besteffort":
		return ConsistencyBestEffort, nil
	}
	return 0, fmt.Errorf("--consistent=%s: want true, best-effort or false", s)
}

func (c Consistency) String() string {
	switch c {
	case ConsistencyStrict:
		return "strict"
	case ConsistencyBestEffort:
		return "best-effort"
	}
	return "none"
}

// ErrLockDenied: a consistent snapshot needs a lock the user may not take.
var ErrLockDenied = errors.New("consistent snapshot lock not permitted")

// ErrSnapshotBlocked: another session holds a write lock on a selected
// table for long enough that the snapshot's lock would wait in vain.
var ErrSnapshotBlocked = errors.New("consistent snapshot blocked")

// lockWait bounds how long the read lock waits for running writes: while
// it waits, new writes to the tables queue behind it, so waiting long would
// stall production.
var lockWait = 10 * time.Second

// startSnapshot opens a consistent-snapshot transaction on every worker
// connection while writes to the selected tables are briefly blocked, so
// all workers see the same data. It returns how consistency was obtained,
// for the report.
//
// The lock is LOCK TABLES ... READ on the selected tables (needs LOCK
// TABLES and SELECT, which RDS and Aurora grant). It waits only for
// sessions that write those tables; a running SELECT does not delay it,
// and readers are never held up: the lock is shared with every read, and
// InnoDB's consistent reads take no table lock. FLUSH TABLES WITH READ LOCK
// is not used: it must wait for every running statement on any table, and
// on MySQL 9.7 one that gives up waiting for a long SELECT still leaves new
// readers of that table "Waiting for table flush" until the SELECT ends.
// LOCK INSTANCE FOR BACKUP blocks DDL, not writes, so it cannot line up
// several snapshots either.
//
// Before locking, a session that has held a write lock on a selected table
// for blockerAge or more (a long UPDATE, a transaction left open) is named
// and the snapshot refused, rather than waited for in vain (see blockers).
func startSnapshot(ctx context.Context, db *sql.DB, srv schema.Server, workers []*sql.Conn, tables []*schema.Table, mode Consistency) (string, error) {
	if mode == ConsistencyNone {
		return "none: each chunk reads the data as of its own query", nil
	}
	lockConn, err := db.Conn(ctx)
	if err != nil {
		return "", err
	}
	defer lockConn.Close()
	secs := int(lockWait.Seconds())
	if _, err := lockConn.ExecContext(ctx, fmt.Sprintf("SET SESSION lock_wait_timeout = %d", secs)); err != nil {
		return "", fmt.Errorf("consistent snapshot: %w", err)
	}
	found, err := blockers(ctx, lockConn, srv, tables, blockerAge)
	if err != nil {
		return "", fmt.Errorf("consistent snapshot: look for sessions writing the tables: %w", err)
	}
	if len(found) > 0 {
		return "", fmt.Errorf("%w: %s; LOCK TABLES ... READ would wait for it (up to %ds) while writes to the tables queue "+
			"behind it. Wait until it ends (or KILL %d if it may be stopped), or run without --consistent",
			ErrSnapshotBlocked, found[0], secs, found[0].ID)
	}

	how := "one snapshot (LOCK TABLES ... READ on the selected tables held while workers started)"
	ltErr := exec(ctx, lockConn, lockTablesSQL(tables))
	switch {
	case ltErr == nil:
	case isDenied(ltErr) && mode == ConsistencyBestEffort:
		how = "best-effort: no lock permitted (LOCK TABLES denied); workers started their snapshots together, writes committed in between may be seen by some"
	case isDenied(ltErr):
		return "", fmt.Errorf("%w: LOCK TABLES ... READ needs the LOCK TABLES privilege on the selected tables "+
			"(use --consistent=best-effort to continue without a lock): %v", ErrLockDenied, ltErr)
	case isLockWaitTimeout(ltErr):
		msg := fmt.Sprintf("consistent snapshot: LOCK TABLES ... READ waited %ds for a session writing the selected tables", secs)
		if found, err := blockers(context.WithoutCancel(ctx), lockConn, srv, tables, 0); err == nil && len(found) > 0 {
			msg += fmt.Sprintf(" (%s)", found[0])
		}
		return "", fmt.Errorf("%s; wait until it ends, or run without --consistent: %w", msg, ltErr)
	default:
		return "", fmt.Errorf("consistent snapshot: LOCK TABLES: %w", ltErr)
	}
	for i, c := range workers {
		if err := exec(ctx, c, "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY"); err != nil {
			_ = exec(context.WithoutCancel(ctx), lockConn, "UNLOCK TABLES")
			return "", fmt.Errorf("consistent snapshot on worker %d: %w", i, err)
		}
	}
	if ltErr == nil {
		if err := exec(ctx, lockConn, "UNLOCK TABLES"); err != nil {
			return "", fmt.Errorf("consistent snapshot: release lock: %w", err)
		}
	}
	return how, nil
}

func exec(ctx context.Context, c *sql.Conn, q string) error {
	_, err := c.ExecContext(ctx, q)
	return err
}

func lockTablesSQL(tables []*schema.Table) string {
	parts := make([]string, len(tables))
	for i, t := range tables {
		parts[i] = t.QuotedName() + " READ"
	}
	return "LOCK TABLES " + strings.Join(parts, ", ")
}

func isLockWaitTimeout(err error) bool {
	n, ok := conn.ServerErrorNumber(err)
	return ok && n == 1205
}

// isDenied reports a privilege error: 1044/1045 access denied, 1142 command
// denied, 1227 "you need (at least one of) the X privilege(s)".
func isDenied(err error) bool {
	switch n, _ := conn.ServerErrorNumber(err); n {
	case 1044, 1045, 1142, 1227:
		return true
	}
	return false
}
