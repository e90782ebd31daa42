package extract

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strconv"
	"sync"
	"time"

	"github.com/parity-db/parity/schema"
)

// intSplitter cuts a table on a single integer key into arithmetic ranges
// sized to the target row count. Density (rows per key value) is learned from
// finished chunks, and every range is checked with EXPLAIN before it is handed
// out, so sparse keys and dense clusters neither waste round trips on empty
// ranges nor produce a giant chunk.
//
// Keys live in an order-preserving uint64 space (signed values have their
// sign bit flipped), so BIGINT and BIGINT UNSIGNED up to 18446744073709551615
// share one arithmetic.
type intSplitter struct {
	db       *sql.DB
	srv      schema.Server
	t        *schema.Table
	index    string
	key      Bound
	unsigned bool
	sz       *sizer

	lo, max uint64
	empty   bool
	started bool
	done    bool
	seq     int

	mu      sync.Mutex
	density float64        // rows per key value, 0 < density <= 1
	spans   map[int]uint64 // key span of each bounded chunk handed out
}

func newIntSplitter(ctx context.Context, db *sql.DB, srv schema.Server, t *schema.Table, index string, key Bound, unsigned bool, sz *sizer) (*intSplitter, error) {
	s := &intSplitter{db: db, srv: srv, t: t, index: index, key: key, unsigned: unsigned, sz: sz, spans: map[int]uint64{}}
	col := schema.QuoteIdent(key.Column)
	var lo, hi sql.NullString
	q := fmt.Sprintf("SELECT MIN(%s), MAX(%s) FROM %s", col, col, t.QuotedName())
	if err := db.QueryRowContext(ctx, q).Scan(&lo, &hi); err != nil {
		return nil, fmt.Errorf("key range of %s: %w", t, err)
	}
	if !lo.Valid || !hi.Valid {
		s.empty = true
		return s, nil
	}
	var err error
	if s.lo, err = s.parse(lo.String); err != nil {
		return nil, fmt.Errorf("key range of %s: %w", t, err)
	}
	if s.max, err = s.parse(hi.String); err != nil {
		return nil, fmt.Errorf("key range of %s: %w", t, err)
	}
	s.density = 1
	if span := float64(s.max-s.lo) + 1; t.RowsEstimate > 0 {
		s.density = math.Min(1, math.Max(float64(t.RowsEstimate)/span, 1e-12))
	}
	return s, nil
}

func (s *intSplitter) method() string { return "integer range on " + s.key.Column }

// parse maps a key value to the ordered uint64 space.
func (s *intSplitter) parse(v string) (uint64, error) {
	if s.unsigned {
		return strconv.ParseUint(v, 10, 64)
	}
	i, err := strconv.ParseInt(v, 10, 64)
	return uint64(i) ^ (1 << 63), err
}

// value maps back from the ordered space to the SQL argument.
func (s *intSplitter) value(u uint64) any {
	if s.unsigned {
		return u
	}
	return int64(u ^ (1 << 63))
}

func (s *intSplitter) next(ctx context.Context) (Chunk, bool, error) {
	if s.done {
		return Chunk{}, false, nil
	}
	c := Chunk{Table: s.t, Index: s.index, Key: []Bound{s.key}, Seq: s.seq}
	if s.empty {
		s.seq++
		s.done = true
		return c, true, nil
	}
	if s.started {
		c.Lower = []any{s.value(s.lo)}
	}
	// Nothing changes before step succeeds, so a failed next can be called
	// again (a retry after a lost connection) and yields the same chunk.
	step, last, err := s.step(ctx)
	if err != nil {
		return Chunk{}, false, err
	}
	s.seq++
	s.started = true
	if last {
		// Open-ended: rows inserted above the MAX read at the start come too.
		s.done = true
		return c, true, nil
	}
	hi := s.lo + step
	c.Upper = []any{s.value(hi)}
	s.mu.Lock()
	s.spans[c.Seq] = step
	s.mu.Unlock()
	s.lo = hi
	return c, true, nil
}

// step picks the key span of the next chunk starting at s.lo; last is true
// when the chunk should run to the end of the table.
//
// The span starts from the learned density, then EXPLAIN corrects it: a
// range the index says is nearly empty jumps to the next key that exists
// (one index seek, however wide the gap), and a range holding far more rows
// than the target shrinks until it does not.
func (s *intSplitter) step(ctx context.Context) (step uint64, last bool, err error) {
	target := s.sz.targetRows()
	s.mu.Lock()
	density := s.density
	s.mu.Unlock()
	base := s.lo // the chunk covers [s.lo, base+span); base moves past gaps
	span := uint64(math.Max(1, math.Min(float64(target)/density, math.MaxUint64/4)))
	shrunk := false
	for i := 0; i < 64; i++ {
		// A span reaching past MAX makes this the last chunk, unless the
		// index says the rest holds far more rows than the target: the row
		// estimate the density started from was stale (MySQL's statistics
		// lag a bulk load by seconds), and the rest would be one giant chunk.
		tail := span >= s.max-base
		if tail {
			span = s.max - base
		}
		est, err := s.explain(ctx, base+span)
		if err != nil {
			return 0, false, err
		}
		switch {
		case est > 2*target && base+span-s.lo > 1:
			shrunk = true
			next := uint64(float64(span) * float64(target) / float64(est))
			if next >= span {
				next = span / 2
			}
			if next == 0 && base > s.lo {
				// Even one key past base is too much: the rows are all
				// before base, so cut the chunk at base.
				return base - s.lo, false, nil
			}
			// A chunk holds at least one key, whatever the estimate says:
			// a step of 0 would hand out the empty [lo, lo) forever.
			next = max(next, 1)
			span = next
			continue
		case tail && s.suspect(est) && s.max-s.lo > uint64(2*target):
			// The estimate may be the optimizer's cap rather than a count:
			// InnoDB answers at most half the table's row estimate for a
			// range, so a stale estimate hides the rows. Walk the index
			// instead, once: the chunk's rows teach the density the rest.
			k, ok, err := s.keyAtOffset(ctx, target)
			if err != nil {
				return 0, false, err
			}
			if !ok {
				return 0, true, nil // fewer than target rows are left
			}
			s.mu.Lock()
			s.density = math.Min(1, float64(target)/float64(k-s.lo))
			s.mu.Unlock()
			return k - s.lo, false, nil
		case tail:
			return 0, true, nil
		case (est < target/4 || est <= 1) && !shrunk:
			// Nearly empty: EXPLAIN answers 1 for an empty range, which a
			// target of a few rows (a small --chunk-rows) would take for
			// real rows, and walk a sparse key space in empty steps.
			if est >= target/4 {
				// Only that 1, which a range holding its row gets too: one
				// seek tells. Without it, a target of one row took a 3-row
				// table as empty ranges and made it a single chunk.
				first, ok, err := s.nextKey(ctx, base)
				if err != nil {
					return 0, false, err
				}
				if ok && first < base+span {
					break
				}
			}
			nk, ok, err := s.nextKey(ctx, base+span)
			if err != nil {
				return 0, false, err
			}
			if !ok {
				return 0, true, nil
			}
			if gap := nk - (base + span); gap > span {
				base = nk
			} else {
				span *= 4
			}
			continue
		}
		break
	}
	return base + span - s.lo, false, nil
}

// explain asks the optimizer how many rows [s.lo, hi) holds. InnoDB answers
// from index dives: cheap, and close for the ranges we ask about. USE INDEX,
// not FORCE INDEX: MySQL 8+ skips the dives under FORCE INDEX and reports 1.
//
//	EXPLAIN SELECT 1 FROM `db`.`t` USE INDEX (`PRIMARY`) WHERE `id` >= 1 AND `id` < 20001
//	→ rows: 19873
func (s *intSplitter) explain(ctx context.Context, hi uint64) (int64, error) {
	col := schema.QuoteIdent(s.key.Column)
	q := fmt.Sprintf("SELECT 1 FROM %s USE INDEX (%s) WHERE %s >= ? AND %s < ?",
		s.t.QuotedName(), schema.QuoteIdent(s.index), col, col)
	return explainRows(ctx, s.db, s.srv, q, s.value(s.lo), s.value(hi))
}

// suspect reports whether an EXPLAIN estimate may be the optimizer's cap
// (half the table's row estimate) rather than a count of the range.
func (s *intSplitter) suspect(est int64) bool {
	return s.t.RowsEstimate > 0 && est >= s.t.RowsEstimate/2
}

// keyAtOffset is the key n rows past s.lo along the index: an index walk of
// n entries, used only when estimates cannot be trusted.
//
//	SELECT `id` FROM `db`.`t` USE INDEX (`PRIMARY`) WHERE `id` >= ? ORDER BY `id` LIMIT 1 OFFSET 100000
func (s *intSplitter) keyAtOffset(ctx context.Context, n int64) (uint64, bool, error) {
	col := schema.QuoteIdent(s.key.Column)
	q := fmt.Sprintf("SELECT %s FROM %s USE INDEX (%s) WHERE %s >= ? ORDER BY %s LIMIT 1 OFFSET %d",
		col, s.t.QuotedName(), schema.QuoteIdent(s.index), col, col, n)
	return s.queryKey(ctx, "walk the key", q, s.value(s.lo))
}

// nextKey is the smallest key at or above from: where rows resume after a gap.
func (s *intSplitter) nextKey(ctx context.Context, from uint64) (uint64, bool, error) {
	col := schema.QuoteIdent(s.key.Column)
	q := fmt.Sprintf("SELECT MIN(%s) FROM %s WHERE %s >= ?", col, s.t.QuotedName(), col)
	return s.queryKey(ctx, "next key", q, s.value(from))
}

// queryKey runs q, which selects one key value or none (no row, or NULL),
// and maps it to the ordered space.
func (s *intSplitter) queryKey(ctx context.Context, what, q string, args ...any) (uint64, bool, error) {
	var v sql.NullString
	err := s.db.QueryRowContext(ctx, q, args...).Scan(&v)
	if err == sql.ErrNoRows || err == nil && !v.Valid {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("%s of %s: %w", what, s.t, err)
	}
	u, err := s.parse(v.String)
	return u, err == nil, err
}

func (s *intSplitter) observe(c Chunk, rows int64, elapsed time.Duration) {
	s.sz.observe(rows, elapsed)
	s.mu.Lock()
	defer s.mu.Unlock()
	span, ok := s.spans[c.Seq]
	delete(s.spans, c.Seq)
	if !ok || span == 0 {
		return
	}
	d := math.Min(1, math.Max(float64(rows)/float64(span), 1e-12))
	s.density = 0.5*s.density + 0.5*d
}

// explainRows runs EXPLAIN on q and returns its "rows" estimate.
func explainRows(ctx context.Context, db *sql.DB, srv schema.Server, q string, args ...any) (int64, error) {
	prefix := "EXPLAIN "
	if srv.Flavor != schema.MariaDB && srv.AtLeast(8, 0) {
		prefix = "EXPLAIN FORMAT=TRADITIONAL "
	}
	rows, err := db.QueryContext(ctx, prefix+q, args...)
	if err != nil {
		return 0, fmt.Errorf("explain: %w", err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, fmt.Errorf("explain: %w", err)
	}
	at := -1
	for i, c := range cols {
		if c == "rows" {
			at = i
		}
	}
	if at < 0 {
		return 0, fmt.Errorf("explain: no rows column in %v", cols)
	}
	var total int64
	vals := make([]sql.NullString, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return 0, fmt.Errorf("explain: %w", err)
		}
		if n, err := strconv.ParseInt(vals[at].String, 10, 64); err == nil {
			total += n
		}
	}
	return total, rows.Err()
}

// resume continues after a finished prefix whose last chunk ended at lower.
func (s *intSplitter) resume(lower []any, seq int) error {
	if len(lower) != 1 {
		return fmt.Errorf("resume %s: %d key values for one key column", s.t, len(lower))
	}
	lo, err := s.parse(fmt.Sprint(lower[0]))
	if err != nil {
		return fmt.Errorf("resume %s at %v: %w", s.t, lower[0], err)
	}
	s.lo, s.seq, s.started = lo, seq, true
	if s.empty {
		// Rows arrived since: the resumed chunk runs open-ended.
		s.empty = false
		s.max = lo
	}
	return nil
}
