package verify

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/parity-db/parity/checksum"
	"github.com/parity-db/parity/extract"
	"github.com/parity-db/parity/schema"
)

// tableRun is one table pair being compared.
type tableRun struct {
	res  *TableResult
	pair TablePair
	plan *checksum.Plan

	// chunkTable is what the source is chunked by: the source table, or a
	// copy without indexes (one full-scan chunk) when the target has no
	// index to apply the source's key ranges to, or orders the key in a
	// way no range of the source's can follow.
	chunkTable *schema.Table
	tgtIndex   string          // target index over the key columns
	srcKey     []schema.Column // key columns on each side, in key order
	tgtKey     []schema.Column
	lookup     []string // per key column: the placeholder a lookup binds on either side
	src, tgt   *extract.ChunkReader
	push       *pushdown // nil: stream
	fix        fixInfo   // how fix statements name the target table and what it accepts

	// crossChunk: the key columns are ordered differently on the two sides
	// (another collation, or text against bytes), so a row may sit in one
	// chunk on the source and in another on the target. Chunk bounds are
	// then checked to be ordered on the target too, so the target's chunks
	// still cover every target row exactly once, and a key one chunk lacks
	// is looked up, exactly, on the other side.
	crossChunk bool

	planner *extract.Planner
	start   time.Time
	state   *tableState

	pending    atomic.Int64
	overflowed atomic.Int64 // pushdown chunks streamed because a row hash was NULL
	planned    atomic.Bool
	finished   atomic.Bool

	mu        sync.Mutex
	differing []extract.Chunk // awaiting --recheck
}

// prepare decides how a table pair is compared: the matching key, the
// readers of both sides and stream or pushdown.
func (v *verifier) prepare(ctx context.Context, res *TableResult) (*tableRun, error) {
	p := res.pair
	tr := &tableRun{res: res, pair: p, chunkTable: p.Source}
	var key []string
	if idx, ok := p.Source.ChunkKey(); ok && allIn(idx.Columns, p.Columns) {
		key = idx.Columns
		for _, c := range key {
			sc, tc := *p.Source.Column(c), *p.Target.Column(c)
			tr.srcKey, tr.tgtKey = append(tr.srcKey, sc), append(tr.tgtKey, tc)
			tr.lookup = append(tr.lookup, lookupPlaceholder(sc, tc))
		}
		order := keyOrderOf(tr.srcKey, tr.tgtKey, sameKind(v.src.Server, v.tgt.Server))
		tgtIdx, unique, found := matchingIndex(p.Target, idx.Columns)
		why := ""
		switch {
		case !found:
			// Key ranges on a target without an index over them would scan
			// the whole target table once per chunk.
			why = fmt.Sprintf("target has no index on (%s): one full-scan chunk", strings.Join(idx.Columns, ", "))
		case order == keyOrderUnrelated:
			why = fmt.Sprintf("key (%s) changed type so that the target orders it unlike the source: one full-scan chunk",
				strings.Join(idx.Columns, ", "))
		case order == keyOrderCollation && !unique:
			why = fmt.Sprintf("key (%s) collates differently on the target, whose index %s is not unique: one full-scan chunk",
				strings.Join(idx.Columns, ", "), tgtIdx)
		}
		if why != "" {
			t := *p.Source
			t.Indexes = nil
			tr.chunkTable = &t
			res.ModeNote = joinNote(res.ModeNote, why)
		} else {
			tr.tgtIndex = tgtIdx
			tr.crossChunk = order == keyOrderCollation
		}
		if tr.crossChunk {
			what := "key collation differs"
			if keyOrderOf(tr.srcKey, tr.tgtKey, true) == keyOrderSame {
				what = "text key on servers of different kinds"
			}
			res.ModeNote = joinNote(res.ModeNote, what+": chunk bounds are checked on the target, and a row that sorts into another chunk there is found by its exact key")
		}
	}
	res.Keyless = len(key) == 0
	plan, err := checksum.NewPlan(p.Source, p.Target, p.Columns, key, v.o.Checksum)
	if err != nil {
		return nil, fmt.Errorf("verify %s: %w", res.Table, err)
	}
	tr.plan = plan
	tr.fix = v.fixTable(tr)
	ro := extract.Options{Alloc: v.o.Alloc, ZeroDates: extract.ZeroDatesKeep}
	if tr.src, err = extract.NewChunkReader(p.Source, ro); err != nil {
		return nil, fmt.Errorf("verify %s: %w", res.Table, err)
	}
	if tr.tgt, err = extract.NewChunkReader(p.Target, ro); err != nil {
		return nil, fmt.Errorf("verify %s on target: %w", res.Table, err)
	}
	res.Mode = string(Stream)
	if v.o.Mode != Stream {
		push, why, err := v.pushdownFor(ctx, tr)
		if err != nil {
			return nil, err
		}
		switch {
		case push != nil:
			tr.push = push
			res.Mode = string(Pushdown)
		case v.o.Mode == Pushdown:
			res.ModeNote = joinNote(res.ModeNote, "streamed: "+why)
		}
	}
	return tr, nil
}

// keyOrder is how the two sides order a key relative to each other.
type keyOrder int

const (
	keyOrderSame      keyOrder = iota // every range of the source is the same range on the target
	keyOrderCollation                 // text or bytes under another collation: ranges hold other rows near their bounds
	keyOrderUnrelated                 // another kind of value (INT against VARCHAR): ranges mean nothing on the target
)

// keyOrderOf compares the key columns' orderings: numbers with numbers
// (INT widened to BIGINT or DECIMAL), dates and times with themselves, text
// under the same collation, bytes with bytes order alike. Text under a
// collation of the same name on servers of another kind or version is
// treated as collating differently: their tables may not agree on every
// character, and the check costs one small query per chunk.
func keyOrderOf(src, tgt []schema.Column, sameServerKind bool) keyOrder {
	order := keyOrderSame
	for i := range src {
		s, t := orderClass(src[i]), orderClass(tgt[i])
		switch {
		case s != t && (s == "text" || s == "bytes") && (t == "text" || t == "bytes"):
			order = keyOrderCollation
		case s != t:
			return keyOrderUnrelated
		case s == "text" && (!sameServerKind || !strings.EqualFold(src[i].Collation, tgt[i].Collation)):
			order = keyOrderCollation
		}
	}
	return order
}

// sameKind reports whether two servers are the same flavor and version.
func sameKind(a, b schema.Server) bool {
	return a.Flavor == b.Flavor && a.Major == b.Major && a.Minor == b.Minor
}

// orderClass groups the types whose values order the same way.
func orderClass(c schema.Column) string {
	switch c.Kind() {
	case schema.Integer, schema.Decimal, schema.Year:
		return "number"
	case schema.Date, schema.Datetime, schema.Timestamp:
		return "datetime"
	case schema.Time:
		return "time"
	}
	if c.IsText() {
		return "text"
	}
	return c.DataType // bytes and the rest compare only with themselves
}

// lookupPlaceholder binds a key value in a lookup on either side so that it
// compares exactly there. DECIMAL is cast to a type that holds both sides'
// values: a source DECIMAL(10,2) key looked up as 1.2345, a value only the
// target's DECIMAL(12,4) holds, must not round to 1.23.
func lookupPlaceholder(s, t schema.Column) string {
	if orderClass(s) != "number" || !isDecimal(s) && !isDecimal(t) {
		return extract.Placeholder(s)
	}
	scale := max(decimalScale(s), decimalScale(t))
	intDigits := max(decimalIntDigits(s), decimalIntDigits(t))
	return fmt.Sprintf("CAST(? AS DECIMAL(%d,%d))", min(65, intDigits+scale), min(30, scale))
}

func isDecimal(c schema.Column) bool { return c.Kind() == schema.Decimal }

func decimalScale(c schema.Column) int {
	if isDecimal(c) {
		return c.Scale
	}
	return 0
}

// decimalIntDigits is how many digits left of the point the column holds.
func decimalIntDigits(c schema.Column) int {
	if isDecimal(c) {
		return c.Precision - c.Scale
	}
	return 20 // BIGINT UNSIGNED's 18446744073709551615
}

// matchingIndex finds a target index whose leading columns are cols, so the
// source's key ranges are index ranges on the target too; unique says the
// index holds each key at most once.
func matchingIndex(t *schema.Table, cols []string) (name string, unique, ok bool) {
	for _, ix := range t.Indexes {
		if ix.Invisible || ix.Prefix || len(ix.Columns) < len(cols) {
			continue
		}
		match := true
		for i, c := range cols {
			if !strings.EqualFold(ix.Columns[i], c) {
				match = false
				break
			}
		}
		if !match {
			continue
		}
		if u := (ix.Primary || ix.Unique) && len(ix.Columns) == len(cols); u || !ok {
			name, unique, ok = ix.Name, u, true
		}
		if unique {
			break
		}
	}
	return name, unique, ok
}

func allIn(names, in []string) bool {
	for _, n := range names {
		found := false
		for _, m := range in {
			if strings.EqualFold(n, m) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// chunkAt rebuilds a saved chunk of the source: the key range [lower,
// upper) on the chunking index, or the whole table.
func (tr *tableRun) chunkAt(seq int, full bool, lower, upper []any) extract.Chunk {
	ch := extract.Chunk{Table: tr.chunkTable, Seq: seq}
	if full {
		return ch
	}
	idx, _ := tr.chunkTable.ChunkKey()
	ch.Index, ch.Lower, ch.Upper = idx.Name, lower, upper
	for _, name := range idx.Columns {
		c := tr.chunkTable.Column(name)
		ch.Key = append(ch.Key, extract.Bound{Column: c.Name, Placeholder: extract.Placeholder(*c)})
	}
	return ch
}

// onTarget is chunk ch of the source as the target reads it.
func (tr *tableRun) onTarget(ch extract.Chunk) extract.Chunk {
	return ch.On(tr.pair.Target, tr.tgtIndex)
}
