package extract

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/go-sql-driver/mysql"

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

// lockWaitSeconds bounds how long the read lock may wait for running
// statements: FLUSH TABLES WITH READ LOCK queues behind a long query while
// blocking every new write, so waiting long would stall production.
const lockWaitSeconds = 10

// startSnapshot opens a consistent-snapshot transaction on every worker
// connection while writes are briefly blocked, so all workers see the same
// data. It returns how consistency was obtained, for the report.
//
// The lock is FLUSH TABLES WITH READ LOCK (needs RELOAD); where that is
// denied, LOCK TABLES ... READ on the selected tables (needs LOCK TABLES,
// which RDS and Aurora grant). LOCK INSTANCE FOR BACKUP is not used: it
// blocks DDL, not writes, so it cannot line up several snapshots.
func startSnapshot(ctx context.Context, db *sql.DB, workers []*sql.Conn, tables []*schema.Table, mode Consistency) (string, error) {
	if mode == ConsistencyNone {
		return "none: each chunk reads the data as of its own query", nil
	}
	lockConn, err := db.Conn(ctx)
	if err != nil {
		return "", err
	}
	defer lockConn.Close()
	if _, err := lockConn.ExecContext(ctx, fmt.Sprintf("SET SESSION lock_wait_timeout = %d", lockWaitSeconds)); err != nil {
		return "", fmt.Errorf("consistent snapshot: %w", err)
	}

	how := ""
	ftwrlErr := exec(ctx, lockConn, "FLUSH TABLES WITH READ LOCK")
	switch {
	case ftwrlErr == nil:
		how = "one snapshot (FLUSH TABLES WITH READ LOCK held while workers started)"
	case isDenied(ftwrlErr):
		ltErr := exec(ctx, lockConn, lockTablesSQL(tables))
		switch {
		case ltErr == nil:
			how = "one snapshot (LOCK TABLES ... READ on the selected tables held while workers started)"
		case isDenied(ltErr) && mode == ConsistencyBestEffort:
			how = "best-effort: no lock permitted (FLUSH TABLES WITH READ LOCK and LOCK TABLES denied); workers started their snapshots together, writes committed in between may be seen by some"
		case isDenied(ltErr):
			return "", fmt.Errorf("%w: FLUSH TABLES WITH READ LOCK needs RELOAD and LOCK TABLES needs the LOCK TABLES privilege; "+
				"managed servers such as RDS and Aurora deny the first (use --consistent=best-effort to continue without a lock): %v", ErrLockDenied, ltErr)
		default:
			return "", fmt.Errorf("consistent snapshot: LOCK TABLES: %w", ltErr)
		}
	default:
		return "", fmt.Errorf("consistent snapshot: FLUSH TABLES WITH READ LOCK (waited up to %ds for running statements): %w", lockWaitSeconds, ftwrlErr)
	}
	for i, c := range workers {
		if err := exec(ctx, c, "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY"); err != nil {
			_ = exec(context.WithoutCancel(ctx), lockConn, "UNLOCK TABLES")
			return "", fmt.Errorf("consistent snapshot on worker %d: %w", i, err)
		}
	}
	if err := exec(ctx, lockConn, "UNLOCK TABLES"); err != nil {
		return "", fmt.Errorf("consistent snapshot: release lock: %w", err)
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

// isDenied reports a privilege error: 1044/1045 access denied, 1142 command
// denied, 1227 "you need (at least one of) the X privilege(s)".
func isDenied(err error) bool {
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		switch me.Number {
		case 1044, 1045, 1142, 1227:
			return true
		}
	}
	return false
}
