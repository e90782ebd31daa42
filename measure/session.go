package measure

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/schema"
)

// statusCounters are the session status variables diffed around each run:
// together they tell a sort that spilled (Sort_merge_passes) and a temporary
// table that went to disk (Created_tmp_disk_tables) from one that did not.
var statusCounters = []string{
	"Created_tmp_tables", "Created_tmp_disk_tables", "Sort_merge_passes", "Sort_rows", "Sort_scan",
	"Handler_read_rnd_next", "Select_scan",
}

// statementColumns are read from the statement's performance_schema row
// where the server has them (MAX_TOTAL_MEMORY since MySQL 8.0.31).
var statementColumns = []string{
	"CREATED_TMP_DISK_TABLES", "CREATED_TMP_TABLES", "SORT_MERGE_PASSES", "SORT_ROWS", "ROWS_EXAMINED",
	"ROWS_SENT", "MAX_TOTAL_MEMORY",
}

// tempTableEvents maps TempTable's memory instruments to run counter names.
var tempTableEvents = map[string]string{
	"memory/temptable/physical_ram":  "temptable_ram_bytes",
	"memory/temptable/physical_disk": "temptable_mmap_bytes",
}

// Session is one connection that statements are timed on, with what it
// learned about measuring itself: which counters the server exposes and
// what reading them costs.
type Session struct {
	pool    *conn.Pool
	c       *sql.Conn
	id      int64    // CONNECTION_ID(), for KILL QUERY
	thread  int64    // performance_schema THREAD_ID; 0 when statements are not recorded
	columns []string // statementColumns this server has
	// tempTable is true where TempTable memory is visible.
	tempTable bool
	// overhead is what the measuring statements themselves add to the
	// status counters, subtracted from every run.
	overhead map[string]int64
	timeout  time.Duration
	readOnly bool
}

// Open takes a connection of its own from pool and learns how to
// measure on it. A server-side statement limit (max_execution_time on
// MySQL, max_statement_time on MariaDB) makes the server stop a run that
// exceeds timeout while keeping the connection usable. A read-only session
// runs every statement, autocommitted or not, in a read-only transaction:
// a write or DDL fails with 1792 and changes nothing.
func Open(ctx context.Context, pool *conn.Pool, timeout time.Duration, readOnly bool) (*Session, error) {
	c, err := pool.Conn(ctx)
	if err != nil {
		return nil, err
	}
	s := &Session{pool: pool, c: c, timeout: timeout, readOnly: readOnly}
	if err := s.setup(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func (s *Session) setup(ctx context.Context) error {
	if err := s.c.QueryRowContext(ctx, "SELECT CONNECTION_ID()").Scan(&s.id); err != nil {
		return err
	}
	if s.readOnly {
		// The session's access mode, on both servers (MariaDB 10.11 has no
		// transaction_read_only variable): autocommitted statements too.
		if _, err := s.c.ExecContext(ctx, "SET SESSION TRANSACTION READ ONLY"); err != nil {
			return err
		}
	}
	if s.timeout > 0 {
		q := fmt.Sprintf("SET SESSION max_execution_time = %d", s.timeout.Milliseconds())
		if s.pool.Server.Flavor == schema.MariaDB {
			q = fmt.Sprintf("SET SESSION max_statement_time = %.3f", s.timeout.Seconds())
		}
		if _, err := s.c.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	if err := s.learnStatements(ctx); err != nil {
		return err
	}
	if err := s.learnTempTable(ctx); err != nil {
		return err
	}
	// Measure the measuring: the same statements with nothing between.
	before, err := s.status(ctx)
	if err != nil {
		return err
	}
	if _, err := s.tempTableBytes(ctx); err != nil {
		return err
	}
	if _, err := s.statement(ctx, ""); err != nil {
		return err
	}
	if _, err := s.tempTableBytes(ctx); err != nil {
		return err
	}
	after, err := s.status(ctx)
	if err != nil {
		return err
	}
	s.overhead = Delta(before, after, nil)
	return nil
}

// learnStatements finds this connection's performance_schema thread, when
// the server records statement history for it.
func (s *Session) learnStatements(ctx context.Context) error {
	var on sql.NullInt64
	if err := s.c.QueryRowContext(ctx, "SELECT @@performance_schema").Scan(&on); err != nil || on.Int64 == 0 {
		return nil // MariaDB's default: performance_schema off
	}
	var enabled string
	err := s.c.QueryRowContext(ctx, `SELECT ENABLED FROM performance_schema.setup_consumers
		WHERE NAME = 'events_statements_history'`).Scan(&enabled)
	if err != nil || enabled != "YES" {
		return ignoreNoRows(err)
	}
	var instrumented string
	err = s.c.QueryRowContext(ctx, `SELECT THREAD_ID, INSTRUMENTED FROM performance_schema.threads
		WHERE PROCESSLIST_ID = CONNECTION_ID()`).Scan(&s.thread, &instrumented)
	if err != nil || instrumented != "YES" {
		s.thread = 0
		return ignoreNoRows(err)
	}
	rows, err := s.c.QueryContext(ctx, `SELECT COLUMN_NAME FROM information_schema.COLUMNS
		WHERE TABLE_SCHEMA = 'performance_schema' AND TABLE_NAME = 'events_statements_history'`)
	if err != nil {
		return err
	}
	defer rows.Close()
	have := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return err
		}
		have[strings.ToUpper(name)] = true
	}
	for _, c := range statementColumns {
		if have[c] {
			s.columns = append(s.columns, c)
		}
	}
	return rows.Err()
}

func (s *Session) learnTempTable(ctx context.Context) error {
	if s.pool.Server.Flavor == schema.MariaDB {
		return nil
	}
	var n int
	err := s.c.QueryRowContext(ctx, `SELECT COUNT(*) FROM performance_schema.memory_summary_global_by_event_name
		WHERE EVENT_NAME LIKE 'memory/temptable/%'`).Scan(&n)
	if err != nil {
		return nil // performance_schema off or not readable: no TempTable figures
	}
	s.tempTable = n > 0
	return nil
}

func ignoreNoRows(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	return err
}

// status reads the session counters.
func (s *Session) status(ctx context.Context) (map[string]int64, error) {
	return ReadStatus(ctx, s.c, "SESSION")
}

// Queryer is a *sql.Conn or a *sql.DB.
type Queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func ReadStatus(ctx context.Context, q Queryer, scope string) (map[string]int64, error) {
	rows, err := q.QueryContext(ctx, "SHOW "+scope+" STATUS WHERE Variable_name IN ('"+
		strings.Join(statusCounters, "', '")+"')")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[string]int64, len(statusCounters))
	for rows.Next() {
		var name string
		var value int64
		if err := rows.Scan(&name, &value); err != nil {
			return nil, err
		}
		out[name] = value
	}
	return out, rows.Err()
}

// tempTableBytes reads TempTable's cumulative allocations server-wide;
// nil where they are not visible.
func (s *Session) tempTableBytes(ctx context.Context) (map[string]int64, error) {
	if !s.tempTable {
		return nil, nil
	}
	rows, err := s.c.QueryContext(ctx, `SELECT EVENT_NAME, SUM_NUMBER_OF_BYTES_ALLOC
		FROM performance_schema.memory_summary_global_by_event_name WHERE EVENT_NAME LIKE 'memory/temptable/%'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var event string
		var bytes int64
		if err := rows.Scan(&event, &bytes); err != nil {
			return nil, err
		}
		if name, ok := tempTableEvents[event]; ok {
			out[name] = bytes
		}
	}
	return out, rows.Err()
}

// statement reads the performance_schema row of the last statement this
// connection completed, when its text starts as query does:
//
//	SELECT CREATED_TMP_DISK_TABLES, ..., SQL_TEXT FROM performance_schema.events_statements_history
//	WHERE THREAD_ID = 48 ORDER BY EVENT_ID DESC LIMIT 1
//	-- 1, ..., "SELECT SQL_BUFFER_RESULT * FROM `shop`.`orders`"
func (s *Session) statement(ctx context.Context, query string) (map[string]int64, error) {
	if s.thread == 0 || len(s.columns) == 0 {
		return nil, nil
	}
	q := "SELECT " + strings.Join(s.columns, ", ") + ", SQL_TEXT FROM performance_schema.events_statements_history " +
		"WHERE THREAD_ID = ? ORDER BY EVENT_ID DESC LIMIT 1"
	values := make([]sql.NullInt64, len(s.columns))
	dest := make([]any, 0, len(values)+1)
	for i := range values {
		dest = append(dest, &values[i])
	}
	var text sql.NullString
	dest = append(dest, &text)
	if err := s.c.QueryRowContext(ctx, q, s.thread).Scan(dest...); err != nil {
		return nil, ignoreNoRows(err)
	}
	if query == "" || !strings.HasPrefix(text.String, prefix(query, 64)) {
		return nil, nil
	}
	out := make(map[string]int64, len(values))
	for i, v := range values {
		if v.Valid {
			out[s.columns[i]] = v.Int64
		}
	}
	return out, nil
}

func prefix(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// Delta is after - before - overhead per counter, never negative.
func Delta(before, after, overhead map[string]int64) map[string]int64 {
	if before == nil || after == nil {
		return nil
	}
	out := make(map[string]int64, len(after))
	for k, a := range after {
		d := a - before[k] - overhead[k]
		out[k] = max(d, 0)
	}
	return out
}

// KillQuery stops this session's running statement from another
// connection: a client that gives up leaves the server working otherwise.
func (s *Session) KillQuery(ctx context.Context) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	_, _ = s.pool.ExecContext(ctx, fmt.Sprintf("KILL QUERY %d", s.id))
}

// Reopen replaces a connection the driver gave up on (its context expired
// mid-query) with a fresh one, measured again.
func (s *Session) Reopen(ctx context.Context) error {
	s.Close()
	c, err := s.pool.Conn(ctx)
	if err != nil {
		return err
	}
	s.c = c
	return s.setup(ctx)
}

// Close discards the connection rather than returning it to the pool, so
// no session setting of a cell outlives it.
func (s *Session) Close() {
	if s.c == nil {
		return
	}
	_ = s.c.Raw(func(any) error { return driver.ErrBadConn })
	_ = s.c.Close()
	s.c = nil
}
