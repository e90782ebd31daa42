package replay

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/parity-db/parity/checksum"
	"github.com/parity-db/parity/explain"
	"github.com/parity-db/parity/measure"
)

// checked is one server's run of a statement for comparison.
type checked struct {
	side    *side
	ready   chan struct{} // closed once columns (or an error) are known
	rows    *sql.Rows
	columns []*sql.ColumnType
	forms   []form
	digest  *digest
	outcome Outcome
	err     error // the statement's failure, nil when it succeeded
	expired bool
	cancel  context.CancelFunc
	runCtx  context.Context
	inTx    bool
}

func newChecked(s *side) *checked {
	return &checked{side: s, ready: make(chan struct{}), digest: newDigest()}
}

// open starts the statement in a read-only transaction, in the default
// database it was logged with.
func (c *checked) open(ctx context.Context, s *Statement) {
	defer close(c.ready)
	sess := c.side.sess
	if c.err = c.side.use(ctx, s.Schema); c.err != nil {
		return
	}
	if _, c.err = sess.Conn().ExecContext(ctx, "START TRANSACTION READ ONLY"); c.err != nil {
		return
	}
	c.inTx = true
	c.runCtx, c.cancel = c.side.statementContext(ctx)
	start := time.Now()
	c.rows, c.err = sess.Conn().QueryContext(c.runCtx, s.SQL)
	c.outcome.Seconds = time.Since(start).Seconds()
	if c.err != nil {
		c.expired = c.runCtx.Err() != nil
		return
	}
	c.columns, c.err = c.rows.ColumnTypes()
}

// drain reads every row into the digest.
func (c *checked) drain(ctx context.Context) {
	if c.rows == nil {
		return
	}
	if c.err != nil {
		_ = c.rows.Close()
		return
	}
	start := time.Now()
	canon := canonicalizers(c.forms, len(c.columns))
	raw, dest := rawRow(c.rows, len(c.columns))
	values := make([][]byte, len(raw))
	for c.rows.Next() {
		if c.err = c.rows.Scan(dest...); c.err != nil {
			break
		}
		for i, v := range raw {
			values[i] = v
		}
		c.digest.add(values, canon)
	}
	if c.err == nil {
		c.err = c.rows.Err()
	}
	if cerr := c.rows.Close(); c.err == nil {
		c.err = cerr
	}
	c.outcome.Seconds += time.Since(start).Seconds()
	if c.err != nil {
		c.expired = c.runCtx.Err() != nil
	}
}

// finish reads the statement's warnings and ends its transaction, or turns
// its failure into the outcome.
func (c *checked) finish(ctx context.Context) error {
	if c.cancel != nil {
		c.cancel()
	}
	for _, ct := range c.columns {
		c.outcome.Columns = append(c.outcome.Columns, Column{Name: ct.Name(), Type: ct.DatabaseTypeName()})
	}
	if c.err == nil {
		c.outcome.Warnings, c.err = c.side.warnings(ctx)
	}
	if c.err == nil && c.inTx {
		_, c.err = c.side.sess.Conn().ExecContext(ctx, "ROLLBACK")
	}
	if c.err != nil {
		se, err := c.side.failure(ctx, c.err, c.expired)
		if err != nil {
			return err
		}
		if !se.Lost && !se.Timeout && c.inTx {
			_, _ = c.side.sess.Conn().ExecContext(ctx, "ROLLBACK")
		}
		c.outcome.Error = se
		c.outcome.Columns = nil
		return nil
	}
	c.outcome.Rows = c.digest.sum.Rows
	c.outcome.Checksum = fmt.Sprintf("%016x%016x", c.digest.sum.Hi, c.digest.sum.Lo)
	return nil
}

func canonicalizers(forms []form, n int) []canonicalizer {
	canon := make([]canonicalizer, n)
	for i := range canon {
		if i < len(forms) {
			canon[i].form = forms[i]
		}
	}
	return canon
}

// fetched is a row found on one side only: its values, copied (nil is
// NULL), and as people read them.
type fetched struct {
	values [][]byte
	shown  []string
}

// fetch runs s again and returns up to limit rows whose hashes are in
// want: the rows found on this side only.
func (s *side) fetch(ctx context.Context, st *Statement, forms []form, want map[checksum.Hash]int,
	limit int) ([]fetched, error) {
	if len(want) == 0 {
		return nil, nil
	}
	var out []fetched
	err := func() error {
		if err := s.use(ctx, st.Schema); err != nil {
			return err
		}
		runCtx, cancel := s.statementContext(ctx)
		defer cancel()
		rows, err := s.sess.Conn().QueryContext(runCtx, st.SQL)
		if err != nil {
			return err
		}
		defer rows.Close()
		cols, err := rows.ColumnTypes()
		if err != nil {
			return err
		}
		canon := canonicalizers(forms, len(cols))
		raw, dest := rawRow(rows, len(cols))
		values := make([][]byte, len(raw))
		d := newDigest()
		for rows.Next() && len(out) < limit {
			if err := rows.Scan(dest...); err != nil {
				return err
			}
			for i, v := range raw {
				values[i] = v
			}
			h := d.add(values, canon)
			if want[h] > 0 {
				want[h]--
				kept := make([][]byte, len(values))
				for i, v := range values {
					if v != nil {
						kept[i] = append([]byte{}, v...)
					}
				}
				out = append(out, fetched{values: kept, shown: display(values, cols)})
			}
		}
		return rows.Err()
	}()
	if err != nil {
		if _, ferr := s.failure(ctx, err, false); ferr != nil {
			return nil, ferr
		}
		return nil, nil // the difference stands; only its rows are not shown
	}
	return out, nil
}

// display renders a row for people: NULL, text up to 80 characters, other
// bytes in hex.
func display(values [][]byte, cols []*sql.ColumnType) []string {
	out := make([]string, len(values))
	for i, v := range values {
		switch {
		case v == nil:
			out[i] = "NULL"
		case utf8.Valid(v) && familyOf(cols[i].DatabaseTypeName()) != famBinary || utf8.Valid(v) && isPrintable(v):
			s := string(v)
			if utf8.RuneCountInString(s) > 80 {
				s = string([]rune(s)[:80]) + "…"
			}
			out[i] = s
		default:
			b := v
			suffix := ""
			if len(b) > 40 {
				b, suffix = b[:40], "…"
			}
			out[i] = "0x" + hex.EncodeToString(b) + suffix
		}
	}
	return out
}

func isPrintable(b []byte) bool {
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' {
			return false
		}
	}
	return true
}

// planned is a side's plan, or why it has none.
type planned struct {
	plan *explain.Plan
	err  string
}

func (s *side) explain(ctx context.Context, st *Statement) (planned, error) {
	if err := s.use(ctx, st.Schema); err != nil {
		return planned{err: s.label + ": " + err.Error()}, nil
	}
	p, err := explain.Explain(ctx, s.sess.Conn(), st.SQL)
	if err != nil {
		se, ferr := s.failure(ctx, err, false)
		if ferr != nil {
			return planned{}, ferr
		}
		return planned{err: fmt.Sprintf("%s: EXPLAIN failed: %s", s.label, se.Message)}, nil
	}
	return planned{plan: p}, nil
}

func explainCompare(a, b *explain.Plan) []explain.Change { return explain.Compare(a, b) }

// timed runs st once, reading and discarding its rows as bench does, with its counters.
func (s *side) timed(ctx context.Context, st *Statement) (float64, map[string]int64, error) {
	if err := s.use(ctx, st.Schema); err != nil {
		return 0, nil, err
	}
	mark, err := s.sess.Mark(ctx)
	if err != nil {
		return 0, nil, err
	}
	runCtx, cancel := s.statementContext(ctx)
	defer cancel()
	m, err := measure.Scan(runCtx, s.sess.Conn(), st.SQL)
	if err != nil {
		return 0, nil, err
	}
	c, err := s.sess.Since(ctx, mark, st.SQL)
	if err != nil {
		return 0, nil, err
	}
	return m.Seconds, merge(c), nil
}

// merge flattens a statement's counters into one map: their names do not
// collide (Sort_merge_passes, SORT_MERGE_PASSES, temptable_ram_bytes).
func merge(c measure.Counters) map[string]int64 {
	out := map[string]int64{}
	for _, m := range []map[string]int64{c.Status, c.TempTable, c.Statement} {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}
