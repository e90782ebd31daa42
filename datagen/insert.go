package datagen

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/parity-db/parity/schema"
)

// inserter collects rows into multi-row INSERT statements with placeholders,
// bounded by a row count and an estimate of the bytes of values.
type inserter struct {
	prefix   string // "INSERT INTO `db`.`t` (`a`, `b`) VALUES "
	tuple    string // "(?, ST_GeomFromText(?, 0))"
	maxRows  int
	maxBytes int

	args  []any
	rows  int
	bytes int
}

func newInserter(table string, columns, exprs []string, maxRows, maxBytes int) *inserter {
	return &inserter{
		prefix:   "INSERT INTO " + table + " (" + schema.QuoteIdents(columns) + ") VALUES ",
		tuple:    "(" + strings.Join(exprs, ", ") + ")",
		maxRows:  maxRows,
		maxBytes: maxBytes,
	}
}

// Add queues one row and reports whether the batch is full.
func (in *inserter) Add(row []any) bool {
	in.args = append(in.args, row...)
	in.rows++
	for _, v := range row {
		in.bytes += valueBytes(v)
	}
	return in.rows >= in.maxRows || in.bytes >= in.maxBytes
}

// Statement returns the INSERT for the queued rows and their arguments:
//
//	INSERT INTO `d`.`t` (`id`, `g`) VALUES (?, ST_GeomFromText(?, 0)), (?, ST_GeomFromText(?, 0))
//	[1 "POINT(0 0)" 2 "POINT(1 2)"]
func (in *inserter) Statement() (string, []any) {
	if in.rows == 0 {
		return "", nil
	}
	var b strings.Builder
	b.Grow(len(in.prefix) + in.rows*(len(in.tuple)+2))
	b.WriteString(in.prefix)
	for i := range in.rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(in.tuple)
	}
	return b.String(), in.args
}

// Flush inserts the queued rows in a transaction of their own and empties
// the batch.
func (in *inserter) Flush(ctx context.Context, c *sql.Conn) error {
	q, args := in.Statement()
	if q == "" {
		return nil
	}
	tx, err := c.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		_ = tx.Rollback()
		return fmt.Errorf("insert %d rows: %w", in.rows, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit %d rows: %w", in.rows, err)
	}
	in.args, in.rows, in.bytes = in.args[:0], 0, 0
	return nil
}

// valueBytes estimates how many bytes v adds to a statement.
func valueBytes(v any) int {
	switch v := v.(type) {
	case string:
		return len(v) + 3
	case []byte:
		return 2*len(v) + 10 // escaping may double a byte
	default:
		return 20
	}
}
