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
	// index to apply the source's key ranges to.
	chunkTable *schema.Table
	tgtIndex   string          // target index over the key columns
	srcKey     []schema.Column // key columns on each side, in key order
	tgtKey     []schema.Column
	src, tgt   *extract.ChunkReader
	push       *pushdown // nil: stream
	drift      bool      // key columns compare differently on the two sides

	planner *extract.Planner
	start   time.Time
	state   *tableState

	pending  atomic.Int64
	planned  atomic.Bool
	finished atomic.Bool

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
		tr.tgtIndex, ok = matchingIndex(p.Target, idx.Columns)
		if !ok {
			// Key ranges on a target without an index over them would scan
			// the whole target table once per chunk.
			t := *p.Source
			t.Indexes = nil
			tr.chunkTable = &t
			res.ModeNote = joinNote(res.ModeNote, fmt.Sprintf("target has no index on (%s): one full-scan chunk", strings.Join(idx.Columns, ", ")))
		}
		for _, c := range key {
			sc, tc := *p.Source.Column(c), *p.Target.Column(c)
			tr.srcKey, tr.tgtKey = append(tr.srcKey, sc), append(tr.tgtKey, tc)
			if sc.Collation != tc.Collation || sc.DataType != tc.DataType {
				tr.drift = true
			}
		}
		res.drift = tr.drift
		if tr.drift {
			res.ModeNote = joinNote(res.ModeNote, "key collation or type differs: rows may sort into other chunks on the target, where they are found by key; target rows are counted by key")
		}
	}
	res.Keyless = len(key) == 0
	plan, err := checksum.NewPlan(p.Source, p.Target, p.Columns, key, v.o.Checksum)
	if err != nil {
		return nil, fmt.Errorf("verify %s: %w", res.Table, err)
	}
	tr.plan = plan
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

// matchingIndex finds a target index whose leading columns are cols, so the
// source's key ranges are index ranges on the target too.
func matchingIndex(t *schema.Table, cols []string) (string, bool) {
	for _, ix := range t.Indexes {
		if ix.Invisible || ix.Prefix || len(ix.Columns) < len(cols) {
			continue
		}
		ok := true
		for i, c := range cols {
			if !strings.EqualFold(ix.Columns[i], c) {
				ok = false
				break
			}
		}
		if ok {
			return ix.Name, true
		}
	}
	return "", false
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
		ch.Key = append(ch.Key, extract.Bound{Column: c.Name, Placeholder: bindPlaceholder(*c)})
	}
	return ch
}
