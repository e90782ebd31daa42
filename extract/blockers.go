package extract

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/parity-db/parity/schema"
)

// blockerAge is how long a session must have held a write lock on a
// selected table before the snapshot refuses to wait for it. Short writes
// come and go and the lock waits for them; a write lock held this long is
// most often a long statement or a transaction left open, which would make
// the lock wait its full time with every writer queued behind it.
const blockerAge = 2

// blocker is a session holding a lock the snapshot's read lock would wait
// for.
type blocker struct {
	ID        int64
	User      string
	Host      string
	Command   string // "Query", or "Sleep" for a transaction left open
	Seconds   int64  // in its current state
	Statement string // what it runs, shortened; "" when idle
	Table     string // the selected table it locks, where known
}

// String names the session the way a DBA looks for it:
//
//	connection 57 (app@10.0.0.5:51234) holds a write lock on shop.orders: running for 12 s: UPDATE orders SET ...
//	connection 61 (app@10.0.0.5:51240) holds a write lock on shop.orders: idle for 340 s in a transaction that changed it
//	connection 61 (app@10.0.0.5:51240) has an open transaction that changed rows: idle for 340 s
func (b blocker) String() string {
	who := fmt.Sprintf("connection %d (%s@%s)", b.ID, b.User, b.Host)
	idle := b.Statement == "" || strings.EqualFold(b.Command, "Sleep")
	state := fmt.Sprintf("running for %d s: %s", b.Seconds, b.Statement)
	switch {
	case idle && b.Table != "":
		state = fmt.Sprintf("idle for %d s in a transaction that changed it", b.Seconds)
	case idle:
		state = fmt.Sprintf("idle for %d s", b.Seconds)
	}
	if b.Table == "" {
		return fmt.Sprintf("%s has an open transaction that changed rows: %s", who, state)
	}
	return fmt.Sprintf("%s holds a write lock on %s: %s", who, b.Table, state)
}

// blockers lists other sessions that have held, for minAge seconds or
// more, a lock on a selected table that LOCK TABLES ... READ must wait for.
// Where performance_schema records metadata locks (MySQL's default) they
// are exact:
//
//	SELECT t.PROCESSLIST_ID, ... FROM performance_schema.metadata_locks m
//	JOIN performance_schema.threads t ON t.THREAD_ID = m.OWNER_THREAD_ID
//	WHERE m.OBJECT_TYPE = 'TABLE' AND m.LOCK_STATUS = 'GRANTED'
//	  AND m.LOCK_TYPE IN ('SHARED_WRITE', 'SHARED_WRITE_LOW_PRIO', 'SHARED_NO_READ_WRITE', 'EXCLUSIVE')
//	-- 57, app, 10.0.0.5:51234, Sleep, 340, NULL, shop, orders
//
// Elsewhere (MariaDB keeps performance_schema off) the tables a
// transaction locked are not visible, so nothing is refused up front;
// with minAge 0, for the message after a lock wait timed out, the open
// write transactions are listed instead (InnoDB's INNODB_TRX), without a
// table.
func blockers(ctx context.Context, c *sql.Conn, srv schema.Server, tables []*schema.Table, minAge int64) ([]blocker, error) {
	selected := make(map[string]bool, len(tables))
	for _, t := range tables {
		selected[t.Schema+"."+t.Name] = true
	}
	found, ok, err := metadataLockHolders(ctx, c, selected, minAge)
	if ok || err != nil {
		return found, err
	}
	if minAge > 0 {
		return nil, nil
	}
	return writeTransactions(ctx, c, srv)
}

// metadataLockHolders reads performance_schema; ok is false where it cannot
// (performance_schema off, or its metadata lock instrument disabled).
func metadataLockHolders(ctx context.Context, c *sql.Conn, selected map[string]bool, minAge int64) (found []blocker, ok bool, err error) {
	var on sql.NullInt64
	if err := c.QueryRowContext(ctx, "SELECT @@performance_schema").Scan(&on); err != nil || on.Int64 == 0 {
		return nil, false, nil
	}
	var enabled string
	err = c.QueryRowContext(ctx, `SELECT ENABLED FROM performance_schema.setup_instruments
		WHERE NAME = 'wait/lock/metadata/sql/mdl'`).Scan(&enabled)
	if err != nil || enabled != "YES" {
		return nil, false, nil
	}
	rows, err := c.QueryContext(ctx, `SELECT t.PROCESSLIST_ID, COALESCE(t.PROCESSLIST_USER, ''), COALESCE(t.PROCESSLIST_HOST, ''),
		COALESCE(t.PROCESSLIST_COMMAND, ''), COALESCE(t.PROCESSLIST_TIME, 0), COALESCE(LEFT(t.PROCESSLIST_INFO, 120), ''),
		m.OBJECT_SCHEMA, m.OBJECT_NAME
		FROM performance_schema.metadata_locks AS m JOIN performance_schema.threads AS t ON t.THREAD_ID = m.OWNER_THREAD_ID
		WHERE m.OBJECT_TYPE = 'TABLE' AND m.LOCK_STATUS = 'GRANTED'
		AND m.LOCK_TYPE IN ('SHARED_WRITE', 'SHARED_WRITE_LOW_PRIO', 'SHARED_NO_READ_WRITE', 'EXCLUSIVE')
		AND t.PROCESSLIST_ID IS NOT NULL AND t.PROCESSLIST_ID <> CONNECTION_ID() AND COALESCE(t.PROCESSLIST_TIME, 0) >= ?
		ORDER BY t.PROCESSLIST_TIME DESC`, minAge)
	if err != nil {
		return nil, true, err
	}
	defer rows.Close()
	for rows.Next() {
		var b blocker
		var db, name string
		if err := rows.Scan(&b.ID, &b.User, &b.Host, &b.Command, &b.Seconds, &b.Statement, &db, &name); err != nil {
			return nil, true, err
		}
		if selected[db+"."+name] {
			b.Table = db + "." + name
			b.Statement = oneLine(b.Statement)
			found = append(found, b)
		}
	}
	return found, true, rows.Err()
}

// writeTransactions lists other sessions' transactions that changed rows.
func writeTransactions(ctx context.Context, c *sql.Conn, srv schema.Server) ([]blocker, error) {
	rows, err := c.QueryContext(ctx, `SELECT p.ID, p.USER, p.HOST, p.COMMAND, p.TIME, COALESCE(LEFT(p.INFO, 120), '')
		FROM information_schema.INNODB_TRX AS x JOIN `+srv.ProcessList()+` AS p ON p.ID = x.trx_mysql_thread_id
		WHERE x.trx_rows_modified > 0 AND p.ID <> CONNECTION_ID() ORDER BY x.trx_started`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var found []blocker
	for rows.Next() {
		var b blocker
		if err := rows.Scan(&b.ID, &b.User, &b.Host, &b.Command, &b.Seconds, &b.Statement); err != nil {
			return nil, err
		}
		b.Statement = oneLine(b.Statement)
		found = append(found, b)
	}
	return found, rows.Err()
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 100 {
		s = s[:100] + "..."
	}
	return s
}
