package extract

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/parity-db/parity/schema"
)

// keysetSplitter finds boundaries of composite or non-integer keys by walking
// the index: the next boundary is the key `target` entries past the previous
// one. The walk reads only the index (no rows travel to the client) and runs
// on its own connection ahead of the workers.
type keysetSplitter struct {
	t    *schema.Table
	idx  schema.Index
	key  []Bound
	cols []schema.Column
	sz   *sizer
	db   *sql.DB

	last []any
	seq  int
	done bool
}

func newKeysetSplitter(db *sql.DB, t *schema.Table, idx schema.Index, key []Bound, sz *sizer) *keysetSplitter {
	s := &keysetSplitter{db: db, t: t, idx: idx, key: key, sz: sz}
	for _, k := range key {
		s.cols = append(s.cols, *t.Column(k.Column))
	}
	return s
}

func (s *keysetSplitter) method() string {
	return fmt.Sprintf("keyset on %s (%s)", s.idx.Name, keyNames(s.key))
}

func (s *keysetSplitter) observe(_ Chunk, rows int64, elapsed time.Duration) {
	s.sz.observe(rows, elapsed)
}

func (s *keysetSplitter) next(ctx context.Context) (Chunk, bool, error) {
	if s.done {
		return Chunk{}, false, nil
	}
	c := Chunk{Table: s.t, Index: s.idx.Name, Key: s.key, Seq: s.seq, Lower: s.last}
	q, args := s.boundaryQuery(s.sz.targetRows())
	b, err := s.boundary(ctx, q, args)
	if err != nil {
		return Chunk{}, false, err // nothing changed: next can be called again
	}
	s.seq++
	if b == nil {
		s.done = true
		return c, true, nil
	}
	c.Upper = b
	s.last = b
	return c, true, nil
}

// boundaryQuery finds the key `offset` entries past the last boundary:
//
//	SELECT `a`, `b` FROM `db`.`t` FORCE INDEX (`PRIMARY`)
//	WHERE ((`a` > ?) OR (`a` = ? AND `b` >= ?)) ORDER BY `a`, `b` LIMIT 1 OFFSET 20000
func (s *keysetSplitter) boundaryQuery(offset int64) (string, []any) {
	names := make([]string, len(s.key))
	for i, k := range s.key {
		names[i] = k.Column
	}
	var b strings.Builder
	fmt.Fprintf(&b, "SELECT %s FROM %s FORCE INDEX (%s)", schema.QuoteIdents(names), s.t.QuotedName(), schema.QuoteIdent(s.idx.Name))
	var args []any
	if s.last != nil {
		where, a := compare(s.key, s.last, ">", ">=")
		b.WriteString(" WHERE " + where)
		args = a
	}
	fmt.Fprintf(&b, " ORDER BY %s LIMIT 1 OFFSET %d", schema.QuoteIdents(names), offset)
	return b.String(), args
}

// boundary runs the boundary query and converts the key it finds into bind
// values, or returns nil when the index has no entry that far.
func (s *keysetSplitter) boundary(ctx context.Context, q string, args []any) ([]any, error) {
	if s.db == nil {
		return nil, fmt.Errorf("keyset splitter for %s has no connection", s.t)
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("chunk boundary of %s: %w", s.t, err)
	}
	defer rows.Close()
	if !rows.Next() {
		return nil, rows.Err()
	}
	raw := make([]sql.RawBytes, len(s.key))
	ptrs := make([]any, len(raw))
	for i := range raw {
		ptrs[i] = &raw[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return nil, fmt.Errorf("chunk boundary of %s: %w", s.t, err)
	}
	out := make([]any, len(raw))
	for i, v := range raw {
		if out[i], err = bindValue(s.cols[i], v); err != nil {
			return nil, fmt.Errorf("chunk boundary of %s: %w", s.t, err)
		}
	}
	return out, rows.Err()
}

// bindValue turns a key value as the server sent it into the argument that
// compares the same way in a WHERE clause: integers as numbers, bytes as
// bytes (sent as _binary literals), everything else as text, which the
// server converts to the column's type and compares under its collation.
func bindValue(c schema.Column, v []byte) (any, error) {
	switch {
	case isInteger(c) && c.Unsigned:
		return strconv.ParseUint(string(v), 10, 64)
	case isInteger(c):
		return strconv.ParseInt(string(v), 10, 64)
	case c.Kind() == schema.Binary:
		return append([]byte(nil), v...), nil
	default:
		return string(v), nil
	}
}

// resume continues after a finished prefix whose last chunk ended at lower.
func (s *keysetSplitter) resume(lower []any, seq int) error {
	if len(lower) != len(s.key) {
		return fmt.Errorf("resume %s: %d key values for %d key columns", s.t, len(lower), len(s.key))
	}
	s.last, s.seq = lower, seq
	return nil
}
