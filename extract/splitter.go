package extract

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/parity-db/parity/schema"
)

// splitter hands out a table's chunks one at a time, so boundaries can follow
// the speed observed on the chunks already read.
type splitter interface {
	// next returns the next chunk; ok is false when the table is covered.
	next(ctx context.Context) (c Chunk, ok bool, err error)
	// observe reports a finished chunk.
	observe(c Chunk, rows int64, elapsed time.Duration)
	// method describes the chunking for reports: "integer range on id",
	// "keyset on PRIMARY (a, b)", "full scan: no primary or unique NOT NULL key".
	method() string
}

// newSplitter picks the chunking strategy for t:
//   - a single integer key column: arithmetic ranges, checked with EXPLAIN;
//   - any other usable key: boundaries found by walking the index;
//   - no primary key and no unique NOT NULL key: one full-scan chunk.
func newSplitter(ctx context.Context, db *sql.DB, srv schema.Server, t *schema.Table, sz *sizer) (splitter, error) {
	idx, ok := t.ChunkKey()
	if !ok {
		return &singleSplitter{t: t, why: "full scan: no primary key and no unique NOT NULL key"}, nil
	}
	var key []Bound
	for _, name := range idx.Columns {
		col := t.Column(name)
		if col == nil {
			return nil, fmt.Errorf("index %s of %s names unknown column %s", idx.Name, t, name)
		}
		ph, ok := placeholder(*col)
		if !ok {
			return &singleSplitter{t: t, why: fmt.Sprintf("full scan: key column %s is %s, which cannot bound a range", name, col.DataType)}, nil
		}
		key = append(key, Bound{Column: col.Name, Placeholder: ph})
	}
	if len(key) == 1 && isInteger(*t.Column(key[0].Column)) {
		return newIntSplitter(ctx, db, srv, t, idx.Name, key[0], t.Column(key[0].Column).Unsigned, sz)
	}
	return newKeysetSplitter(db, t, idx, key, sz), nil
}

func isInteger(c schema.Column) bool { return c.Kind() == schema.Integer }

// placeholder is how a key column's boundary value binds in SQL, and whether
// the column can bound a range at all. Text binds as a string so the
// column's collation compares it; bytes bind as binary; DECIMAL is cast so
// it compares exactly rather than as a double.
func placeholder(c schema.Column) (string, bool) {
	switch c.Kind() {
	case schema.Decimal:
		return fmt.Sprintf("CAST(? AS DECIMAL(%d,%d))", c.Precision, c.Scale), true
	case schema.Enum, schema.Set, schema.Float, schema.Double, schema.Bit, schema.JSON, schema.Geometry:
		// ENUM and SET sort by index, not by label; floats do not compare
		// exactly; the rest are not orderable keys.
		return "", false
	}
	return "?", true
}

// Placeholder is how a value of column c binds where it bounds a range or
// names a key: CAST(? AS DECIMAL(p,s)) for DECIMAL, "?" for the rest.
func Placeholder(c schema.Column) string {
	if p, ok := placeholder(c); ok {
		return p
	}
	return "?"
}

// singleSplitter yields one chunk covering the whole table.
type singleSplitter struct {
	t    *schema.Table
	why  string
	done bool
}

func (s *singleSplitter) next(context.Context) (Chunk, bool, error) {
	if s.done {
		return Chunk{}, false, nil
	}
	s.done = true
	return Chunk{Table: s.t}, true, nil
}

func (s *singleSplitter) observe(Chunk, int64, time.Duration) {}
func (s *singleSplitter) method() string                      { return s.why }

func keyNames(key []Bound) string {
	names := make([]string, len(key))
	for i, k := range key {
		names[i] = k.Column
	}
	return strings.Join(names, ", ")
}
