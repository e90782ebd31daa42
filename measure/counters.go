package measure

import (
	"context"
	"database/sql"
	"fmt"
)

// Mark is what the session's counters read before a statement.
type Mark struct {
	status, tempTable map[string]int64
}

// Counters are what one statement cost the server, by source: session
// status deltas (Created_tmp_disk_tables, Sort_merge_passes...), TempTable
// memory allocated server-wide while it ran, and its own
// performance_schema row. A source the server does not expose is nil.
type Counters struct {
	Status    map[string]int64
	TempTable map[string]int64
	Statement map[string]int64
}

// Conn is the session's connection, for the statements being measured and
// for session settings.
func (s *Session) Conn() *sql.Conn { return s.c }

// ID is the session's CONNECTION_ID().
func (s *Session) ID() int64 { return s.id }

// Mark reads the counters a statement is measured from.
func (s *Session) Mark(ctx context.Context) (Mark, error) {
	var m Mark
	var err error
	if m.status, err = s.status(ctx); err != nil {
		return m, fmt.Errorf("read session status: %w", err)
	}
	if m.tempTable, err = s.tempTableBytes(ctx); err != nil {
		return m, fmt.Errorf("read TempTable memory: %w", err)
	}
	return m, nil
}

// Since reads what the statement run after m cost, less what reading the
// counters costs. query is the statement's text, which finds its
// performance_schema row.
func (s *Session) Since(ctx context.Context, m Mark, query string) (Counters, error) {
	var c Counters
	var err error
	if c.Statement, err = s.statement(ctx, query); err != nil {
		return c, fmt.Errorf("read performance_schema: %w", err)
	}
	tempTable, err := s.tempTableBytes(ctx)
	if err != nil {
		return c, fmt.Errorf("read TempTable memory: %w", err)
	}
	status, err := s.status(ctx)
	if err != nil {
		return c, fmt.Errorf("read session status: %w", err)
	}
	c.Status = Delta(m.status, status, s.overhead)
	c.TempTable = Delta(m.tempTable, tempTable, nil)
	return c, nil
}
