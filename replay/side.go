package replay

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/measure"
	"github.com/parity-db/parity/schema"
)

// side is one server's end of the replay: the one session every statement
// runs on, so that settings, the default database and the counters belong
// to the statement being measured.
type side struct {
	label  string // "source" or "target"
	pool   *conn.Pool
	sess   *measure.Session
	schema string // the session's default database as replay set it; "" for the DSN's
	o      *Options
}

func (s *side) open(ctx context.Context) error {
	return s.o.retry(s, "open a session").Do(ctx, func(ctx context.Context, _ int) error {
		sess, err := measure.Open(ctx, s.pool, s.o.Timeout, true)
		if err != nil {
			return conn.Classify(err, "open a replay session on", s.pool.Endpoint)
		}
		s.sess, s.schema = sess, ""
		return nil
	})
}

// reconnect replaces a session the server dropped, waiting for the server
// to come back within the retry window: a statement that crashed or
// restarted the server is reported, and the replay goes on.
func (s *side) reconnect(ctx context.Context) error {
	if s.sess != nil {
		s.sess.Close()
		s.sess = nil
	}
	return s.open(ctx)
}

func (s *side) close() {
	if s.sess != nil {
		s.sess.Close()
		s.sess = nil
	}
}

// use makes db the session's default database, as it was when the
// statement was logged.
func (s *side) use(ctx context.Context, db string) error {
	if db == "" || db == s.schema {
		return nil
	}
	if _, err := s.sess.Conn().ExecContext(ctx, "USE "+schema.QuoteIdent(db)); err != nil {
		return err
	}
	s.schema = db
	return nil
}

// failure turns a statement's error into its outcome, or returns the error
// that ends the run (parity was interrupted). A lost connection or a
// timeout leaves the session unusable: it is replaced before the next
// statement.
func (s *side) failure(ctx context.Context, err error, expired bool) (*ServerError, error) {
	if ctx.Err() != nil {
		// Interrupted: a client that gives up leaves the server working
		// on the statement otherwise.
		s.sess.KillQuery(ctx)
		return nil, ctx.Err()
	}
	code, msg, isServer := conn.ServerError(err)
	switch {
	case expired || code == erQueryTimeout || code == erStatementTimeout:
		out := &ServerError{Code: code, Timeout: true,
			Message: fmt.Sprintf("no result after %s: the statement was stopped", s.o.Timeout)}
		if !isServer {
			s.sess.KillQuery(ctx)
			if err := s.reconnect(ctx); err != nil {
				return nil, err
			}
		}
		return out, nil
	case isServer && !serverGone(code):
		return &ServerError{Code: code, Message: msg}, nil
	}
	out := &ServerError{Code: code, Lost: true, Message: "the server went away during the statement: " +
		conn.Redact(err.Error())}
	s.o.notice(fmt.Sprintf("%s: %s; reconnecting", s.label, out.Message))
	if err := s.reconnect(ctx); err != nil {
		return nil, fmt.Errorf("%s did not come back after a statement: %w", s.label, err)
	}
	return out, nil
}

// Server error numbers a statement can end with.
const (
	erQueryTimeout             = 3024 // MySQL max_execution_time
	erStatementTimeout         = 1969 // MariaDB max_statement_time
	erShutdown                 = 1053 // server shutdown in progress
	erConnKilled               = 1927 // MariaDB: connection killed
	erClientInteractionTimeout = 4031
)

// serverGone reports whether a server error means the session is gone.
func serverGone(code uint16) bool {
	return code == erShutdown || code == erConnKilled || code == erClientInteractionTimeout || code == 3169
}

// warnings reads SHOW WARNINGS for the statement just run.
func (s *side) warnings(ctx context.Context) ([]Warning, error) {
	rows, err := s.sess.Conn().QueryContext(ctx, "SHOW WARNINGS")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Warning
	for rows.Next() {
		var w Warning
		if err := rows.Scan(&w.Level, &w.Code, &w.Message); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// statementContext bounds one statement: the server's own limit
// (max_execution_time, max_statement_time) fires first and keeps the
// connection; this is the backstop for what it does not cover.
func (s *side) statementContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if s.o.Timeout <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, s.o.Timeout+5*time.Second)
}

// rawRow reads rows into reused raw buffers: nil is NULL.
func rawRow(rows *sql.Rows, n int) ([]sql.RawBytes, []any) {
	raw := make([]sql.RawBytes, n)
	dest := make([]any, n)
	for i := range raw {
		dest[i] = &raw[i]
	}
	return raw, dest
}
