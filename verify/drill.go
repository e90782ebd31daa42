package verify

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/parity-db/parity/checksum"
	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/extract"
	"github.com/parity-db/parity/schema"
)

// lookupBatch is how many keys one lookup query names.
const lookupBatch = 500

// drill narrows a differing chunk to its rows. Keyed tables: the listings
// give the keys whose row hashes differ or that one side lacks; only those
// rows are fetched, by key, from both sides. Keyless tables: the listings'
// multisets give the row hashes in excess on one side, and one more pass
// over the chunk picks those rows up.
func (v *verifier) drill(ctx context.Context, tr *tableRun, ch extract.Chunk, srcList, tgtList *checksum.Listing, out *chunkOutcome) error {
	if tr.plan.Keyless() {
		return v.drillKeyless(ctx, tr, ch, checksum.DiffListings(srcList, tgtList, true), out)
	}
	d := checksum.DiffListings(srcList, tgtList, false)
	keys := make([][]byte, 0, len(d.SourceOnly)+len(d.TargetOnly)+len(d.Changed))
	keys = append(append(append(keys, d.Changed...), d.SourceOnly...), d.TargetOnly...)
	slices.SortFunc(keys, bytes.Compare)
	keys = slices.CompactFunc(keys, bytes.Equal)

	srcRows, err := v.fetch(ctx, tr, true, keys)
	if err != nil {
		return err
	}
	defer srcRows.release()
	tgtRows, err := v.fetch(ctx, tr, false, keys)
	if err != nil {
		return err
	}
	defer tgtRows.release()

	for _, k := range d.Changed {
		s, sok := srcRows.get(k)
		t, tok := tgtRows.get(k)
		switch {
		case sok && tok:
			v.compareRow(tr, ch, s, t, out)
		case sok:
			v.missingRow(tr, ch, s, out)
		case tok:
			v.extraRow(tr, ch, t, out)
		}
		// Neither: both rows went away since the chunk pass (a live
		// target); --recheck is the tool for that.
	}
	for _, k := range d.SourceOnly {
		s, ok := srcRows.get(k)
		if !ok {
			continue
		}
		// The target may hold the row in another chunk (its collation
		// orders keys differently) or under a key its collation calls
		// equal ('abc' vs 'ABC').
		t, ok := tgtRows.get(k)
		var found *rowSet
		if !ok {
			if found, err = v.fetch(ctx, tr, false, [][]byte{k}); err != nil {
				return err
			}
			t, ok = found.first()
		}
		if ok {
			v.compareRow(tr, ch, s, t, out)
		} else {
			v.missingRow(tr, ch, s, out)
		}
		if found != nil {
			found.release()
		}
	}
	for _, k := range d.TargetOnly {
		t, ok := tgtRows.get(k)
		if !ok {
			continue
		}
		// A source row with this key belongs to the source chunk holding
		// it, which compares it; only a key the source lacks is extra.
		if _, ok := srcRows.get(k); ok {
			out.moved++
			continue
		}
		found, err := v.fetch(ctx, tr, true, [][]byte{k})
		if err != nil {
			return err
		}
		if _, ok := found.first(); ok {
			out.moved++
		} else {
			v.extraRow(tr, ch, t, out)
		}
		found.release()
	}
	return nil
}

// rowRef is one fetched row with the encoder of its side.
type rowRef struct {
	enc *checksum.Encoder
	rec arrow.RecordBatch
	row int
}

// rowSet holds fetched rows by canonical key until released.
type rowSet struct {
	recs  []arrow.RecordBatch
	byKey map[string]rowRef
	order []rowRef
}

func (s *rowSet) get(k []byte) (rowRef, bool) { r, ok := s.byKey[string(k)]; return r, ok }

func (s *rowSet) first() (rowRef, bool) {
	if len(s.order) == 0 {
		return rowRef{}, false
	}
	return s.order[0], true
}

func (s *rowSet) release() {
	for _, r := range s.recs {
		r.Release()
	}
	s.recs = nil
}

// fetch reads the rows of the given keys from one side, in batches:
//
//	SELECT ... FROM `db`.`t` WHERE `id` IN (?, ?, ?)
//	SELECT ... FROM `db`.`t` WHERE (`a` = ? AND `b` = ?) OR (`a` = ? AND `b` = ?)
func (v *verifier) fetch(ctx context.Context, tr *tableRun, source bool, keys [][]byte) (*rowSet, error) {
	pool, reader, cols := v.src, tr.src, tr.srcKey
	if !source {
		pool, reader, cols = v.tgt, tr.tgt, tr.tgtKey
	}
	enc, err := tr.plan.Encoder(checksumSide(source), reader.Schema())
	if err != nil {
		return nil, err
	}
	set := &rowSet{byKey: map[string]rowRef{}}
	if len(keys) == 0 {
		return set, nil
	}
	op := "look up differing rows of " + tr.res.Table
	c, err := pool.DB.Conn(ctx)
	if err != nil {
		return nil, conn.Classify(err, op, pool.Endpoint)
	}
	defer c.Close()
	for i := 0; i < len(keys); i += lookupBatch {
		batch := keys[i:min(i+lookupBatch, len(keys))]
		where, args, err := keyPredicate(tr.plan, cols, batch)
		if err != nil {
			set.release()
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		_, err = reader.ReadWhere(ctx, c, where, args, func(rec arrow.RecordBatch, _ int64) error {
			set.recs = append(set.recs, rec)
			var kb []byte
			for r := range int(rec.NumRows()) {
				kb = enc.AppendKey(kb[:0], rec, r)
				ref := rowRef{enc: enc, rec: rec, row: r}
				if _, dup := set.byKey[string(kb)]; !dup {
					set.byKey[string(kb)] = ref
				}
				set.order = append(set.order, ref)
			}
			return nil
		})
		if err != nil {
			set.release()
			return nil, conn.Classify(err, op, pool.Endpoint)
		}
	}
	return set, nil
}

// keyPredicate matches any of keys on the key columns cols, binding each
// value the way a chunk boundary binds (DECIMAL cast, so it compares
// exactly).
func keyPredicate(plan *checksum.Plan, cols []schema.Column, keys [][]byte) (string, []any, error) {
	var b strings.Builder
	var args []any
	if len(cols) == 1 {
		b.WriteString(schema.QuoteIdent(cols[0].Name) + " IN (")
	}
	for i, k := range keys {
		vals, err := plan.KeyArgs(k)
		if err != nil {
			return "", nil, err
		}
		if len(cols) == 1 {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(bindPlaceholder(cols[0]))
			args = append(args, vals[0])
			continue
		}
		if i > 0 {
			b.WriteString(" OR ")
		}
		b.WriteString("(")
		for j, c := range cols {
			if j > 0 {
				b.WriteString(" AND ")
			}
			b.WriteString(schema.QuoteIdent(c.Name) + " = " + bindPlaceholder(c))
			args = append(args, vals[j])
		}
		b.WriteString(")")
	}
	if len(cols) == 1 {
		b.WriteString(")")
	}
	return b.String(), args, nil
}

// bindPlaceholder binds a key value so it compares exactly: DECIMAL is cast
// (a string would compare as a double), bytes stay bytes.
func bindPlaceholder(c schema.Column) string {
	switch c.DataType {
	case "decimal", "numeric":
		return fmt.Sprintf("CAST(? AS DECIMAL(%d,%d))", c.Precision, c.Scale)
	}
	return "?"
}

func (v *verifier) compareRow(tr *tableRun, ch extract.Chunk, s, t rowRef, out *chunkOutcome) {
	cols := checksum.CompareRows(s.enc, s.rec, s.row, t.enc, t.rec, t.row)
	if len(cols) == 0 {
		return
	}
	out.changed++
	d := RowDiff{Kind: Changed, Key: keyMap(tr, s), Columns: cols, Chunk: ch.Seq, sortKey: sortKey(s)}
	out.diffs = append(out.diffs, d)
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Column
	}
	v.writeFix(tr, FixStatement{Kind: Changed, Values: s.enc.Literals(s.rec, s.row), KeyValues: s.enc.KeyLiterals(s.rec, s.row), Changed: names})
}

func (v *verifier) missingRow(tr *tableRun, ch extract.Chunk, s rowRef, out *chunkOutcome) {
	out.missing++
	out.diffs = append(out.diffs, RowDiff{Kind: Missing, Key: keyMap(tr, s), Chunk: ch.Seq, sortKey: sortKey(s)})
	v.writeFix(tr, FixStatement{Kind: Missing, Values: s.enc.Literals(s.rec, s.row), KeyValues: s.enc.KeyLiterals(s.rec, s.row)})
}

func (v *verifier) extraRow(tr *tableRun, ch extract.Chunk, t rowRef, out *chunkOutcome) {
	out.extra++
	out.diffs = append(out.diffs, RowDiff{Kind: Extra, Key: keyMap(tr, t), Chunk: ch.Seq, sortKey: sortKey(t)})
	v.writeFix(tr, FixStatement{Kind: Extra, KeyValues: t.enc.KeyLiterals(t.rec, t.row)})
}

// keyMap shows a row's key as column -> display value.
func keyMap(tr *tableRun, r rowRef) map[string]string {
	vals := r.enc.Values(r.rec, r.row)
	cols := tr.plan.Columns()
	m := make(map[string]string, len(tr.plan.Key()))
	for _, k := range tr.plan.Key() {
		for i, c := range cols {
			if strings.EqualFold(c, k) {
				if vals[i].Null {
					m[k] = "NULL"
				} else {
					m[k] = vals[i].Text
				}
			}
		}
	}
	return m
}

func sortKey(r rowRef) string { return string(r.enc.AppendKey(nil, r.rec, r.row)) }

// drillKeyless finds the rows of a keyless table whose copies differ in
// number: one pass over the chunk on each side that has excess copies keeps
// one example of each such row.
func (v *verifier) drillKeyless(ctx context.Context, tr *tableRun, ch extract.Chunk, d checksum.ListingDiff, out *chunkOutcome) error {
	if len(d.Multiset) == 0 {
		return nil
	}
	var needSrc, needTgt bool
	for _, n := range d.Multiset {
		needSrc = needSrc || n > 0
		needTgt = needTgt || n < 0
	}
	type example struct {
		diff RowDiff
		fix  FixStatement
	}
	found := map[checksum.Hash]*example{}
	pick := func(source bool) error {
		pool, reader := v.src, tr.src
		side := ch
		if !source {
			pool, reader, side = v.tgt, tr.tgt, ch.On(tr.pair.Target, tr.tgtIndex)
		}
		enc, err := tr.plan.Encoder(checksumSide(source), reader.Schema())
		if err != nil {
			return err
		}
		op := "find differing rows of " + tr.res.Table
		c, err := pool.DB.Conn(ctx)
		if err != nil {
			return conn.Classify(err, op, pool.Endpoint)
		}
		defer c.Close()
		_, err = reader.Read(ctx, c, side, func(rec arrow.RecordBatch, _ int64) error {
			defer rec.Release()
			for r := range int(rec.NumRows()) {
				h := enc.RowHash(rec, r)
				n, ok := d.Multiset[h]
				if !ok || found[h] != nil || (n > 0) != source {
					continue
				}
				kind, count := Missing, n
				if n < 0 {
					kind, count = Extra, -n
				}
				vals := enc.Values(rec, r)
				row := make(map[string]checksum.Value, len(vals))
				for i, col := range tr.plan.Columns() {
					row[col] = vals[i]
				}
				found[h] = &example{
					diff: RowDiff{Kind: kind, Row: row, Count: count, Chunk: ch.Seq, sortKey: fmt.Sprintf("%016x%016x", h.Hi, h.Lo)},
					fix:  FixStatement{Kind: kind, Values: enc.Literals(rec, r), Count: int(count)},
				}
			}
			return nil
		})
		return conn.Classify(err, op, pool.Endpoint)
	}
	if needSrc {
		if err := pick(true); err != nil {
			return err
		}
	}
	if needTgt {
		if err := pick(false); err != nil {
			return err
		}
	}
	hashes := make([]checksum.Hash, 0, len(found))
	for h := range found {
		hashes = append(hashes, h)
	}
	slices.SortFunc(hashes, func(a, b checksum.Hash) int {
		if a.Hi != b.Hi {
			return cmpU64(a.Hi, b.Hi)
		}
		return cmpU64(a.Lo, b.Lo)
	})
	for _, h := range hashes {
		e := found[h]
		if e.diff.Kind == Missing {
			out.missing += e.diff.Count
		} else {
			out.extra += e.diff.Count
		}
		out.diffs = append(out.diffs, e.diff)
		v.writeFix(tr, e.fix)
	}
	return nil
}

func cmpU64(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// writeFix hands one statement to the fix SQL file, if there is one. A
// write error (disk full) is kept and reported when the file is closed.
func (v *verifier) writeFix(tr *tableRun, s FixStatement) {
	if v.o.Fix == nil {
		return
	}
	v.fixMu.Lock()
	defer v.fixMu.Unlock()
	if v.fixErr != nil {
		return
	}
	t := FixTable{
		Table:   tr.pair.Target.QuotedName(),
		Name:    tr.pair.Target.String(),
		Columns: tr.plan.Columns(),
		Key:     tr.plan.Key(),
	}
	v.fixErr = v.o.Fix.Write(t, s)
}
