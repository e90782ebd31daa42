package querylog

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

// ErrNoDigests means a server keeps no statement digests with sample
// statements that FromDigests could read; read one of its logs instead.
var ErrNoDigests = errors.New("no statement digests")

// Server error numbers FromDigests tells apart.
const (
	erBadField        = 1054
	erNoSuchTable     = 1146
	erUnknownVariable = 1193
)

// digestQuery reads the costliest digests with a sample statement each:
//
//	DIGEST     SCHEMA_NAME  QUERY_SAMPLE_TEXT                      COUNT_STAR  AVG_TIMER_WAIT
//	4450c6...  shop         SELECT * FROM orders WHERE id = 42     18234       214307937 (ps)
const digestQuery = `SELECT DIGEST, SCHEMA_NAME, QUERY_SAMPLE_TEXT, COUNT_STAR, AVG_TIMER_WAIT
FROM performance_schema.events_statements_summary_by_digest
WHERE DIGEST IS NOT NULL AND QUERY_SAMPLE_TEXT IS NOT NULL AND QUERY_SAMPLE_TEXT <> ''
ORDER BY SUM_TIMER_WAIT DESC, DIGEST`

// FromDigests reads the top statements of a server from
// performance_schema.events_statements_summary_by_digest: for each of the
// top digests by SUM_TIMER_WAIT (all of them when top < 1), its
// QUERY_SAMPLE_TEXT, which holds real values, and SCHEMA_NAME, standing for
// COUNT_STAR executions of AVG_TIMER_WAIT each. A sample that the server cut
// at performance_schema_max_sql_text_length is returned Skipped. When the
// server keeps no such digests (performance_schema off, as MariaDB has it by
// default; no QUERY_SAMPLE_TEXT column, as in MariaDB and MySQL before 8.0;
// the statements_digest consumer off and the table empty) the error, which
// wraps ErrNoDigests, says so in one line naming the server.
func FromDigests(ctx context.Context, p *conn.Pool, top int) ([]Statement, error) {
	srv := p.Server
	fail := func(why string) error {
		return fmt.Errorf("read digests on %s: %w: %s; read its slow or general log instead", srv, ErrNoDigests, why)
	}
	var on int
	var maxText sql.NullInt64
	if err := p.QueryRowContext(ctx, "SELECT @@performance_schema, @@performance_schema_max_sql_text_length").Scan(&on, &maxText); err != nil {
		if n, ok := conn.ServerErrorNumber(err); ok && n == erUnknownVariable {
			return nil, fail("the server has no performance_schema")
		}
		return nil, fmt.Errorf("read digests on %s: %w", srv, err)
	}
	if on == 0 {
		why := "performance_schema is off"
		if srv.Flavor == schema.MariaDB {
			why += " (MariaDB's default; with it on, MariaDB still keeps no QUERY_SAMPLE_TEXT)"
		}
		return nil, fail(why)
	}
	q, args := digestQuery, []any(nil)
	if top > 0 {
		q, args = q+"\nLIMIT ?", []any{top}
	}
	rows, err := p.QueryContext(ctx, q, args...)
	if err != nil {
		switch n, _ := conn.ServerErrorNumber(err); n {
		case erBadField:
			return nil, fail("events_statements_summary_by_digest has no QUERY_SAMPLE_TEXT column (MariaDB, and MySQL before 8.0, keep no sample statements)")
		case erNoSuchTable:
			return nil, fail("performance_schema has no events_statements_summary_by_digest table")
		}
		return nil, fmt.Errorf("read digests on %s: %w", srv, err)
	}
	defer rows.Close()
	var stmts []Statement
	for rows.Next() {
		var digest, text string
		var db sql.NullString
		var count, avg int64
		if err := rows.Scan(&digest, &db, &text, &count, &avg); err != nil {
			return nil, fmt.Errorf("read digests on %s: %w", srv, err)
		}
		s := Statement{SQL: text, Schema: db.String, Origin: "digest " + digest, Duration: time.Duration(avg / 1000), Count: count}
		if cut(text, maxText) {
			s.Skipped = fmt.Sprintf("the sample statement is cut at performance_schema_max_sql_text_length (%d bytes): "+
				"raise it (a startup option) to replay this digest", maxText.Int64)
		} else if sql, _ := trimSQL(text); sql != "" {
			s.SQL = sql
		}
		stmts = append(stmts, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read digests on %s: %w", srv, err)
	}
	if len(stmts) == 0 {
		var enabled string
		err := p.QueryRowContext(ctx, "SELECT ENABLED FROM performance_schema.setup_consumers WHERE NAME = 'statements_digest'").Scan(&enabled)
		if err == nil && enabled != "YES" {
			return nil, fail("the statements_digest consumer is off (UPDATE performance_schema.setup_consumers SET ENABLED = 'YES' " +
				"WHERE NAME = 'statements_digest', then let the application run)")
		}
	}
	return stmts, nil
}

// cut reports whether a sample statement is one the server shortened to
// its limit of maxText bytes, which it marks with "..." (the cut falls on
// a character's start, so up to 3 bytes short of the limit).
func cut(text string, maxText sql.NullInt64) bool {
	return maxText.Valid && strings.HasSuffix(text, "...") && int64(len(text)) >= maxText.Int64-3
}
