package verify

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/parity-db/parity/checksum"
	"github.com/parity-db/parity/extract"
)

// keyedDiff is how a differing chunk of a keyed table differs: canonical
// keys, each sorted, each row of either side in exactly one list or in
// none (equal, or found in another chunk).
type keyedDiff struct {
	missing [][]byte // source rows the target lacks
	extra   [][]byte // target rows the source lacks
	changed [][]byte // rows on both sides whose values differ
	// conflict holds missing keys the target cannot take: its collation
	// calls them equal to another key the source also holds.
	conflict map[string]string
}

// drill narrows a differing chunk to its rows. The listings of both sides
// say, by exact key, which rows one side lacks and whose hashes differ: the
// counts come from them, exact, whatever --max-diffs lists. Rows are read
// again only to show the listed differences and to write fix SQL, in
// batched lookups or one more read of the chunk's range, never one query
// per row.
func (v *verifier) drill(ctx context.Context, tr *tableRun, ch extract.Chunk, srcList, tgtList *checksum.Listing, out *chunkOutcome) error {
	if tr.plan.Keyless() {
		return v.drillKeyless(ctx, tr, ch, srcList, tgtList, out)
	}
	ld := checksum.DiffListings(srcList, tgtList, false)
	d := keyedDiff{missing: ld.SourceOnly, extra: ld.TargetOnly, changed: ld.Changed}
	if tr.crossChunk {
		if err := v.resolveMoves(ctx, tr, ld, &d); err != nil {
			return err
		}
	}
	return v.detail(ctx, tr, ch, d, out)
}

// resolveMoves settles the keys one side of a chunk lacks when the sides
// collate the key differently: a row the source has in this chunk may sit
// in another chunk of the target, and the other way round. A source-only
// key is looked up on the target, exactly: found, it is compared here (and
// the target's chunk that holds it skips it); not found, it is missing. A
// target-only key found exactly on the source belongs to the source chunk
// that holds it; otherwise it is extra. Each target row is thus counted in
// exactly one chunk.
func (v *verifier) resolveMoves(ctx context.Context, tr *tableRun, ld checksum.ListingDiff, d *keyedDiff) error {
	found := map[string]checksum.Hash{}
	neighbours := false
	err := v.lookup(ctx, tr, false, ld.SourceOnly, func(key []byte, r rowRef, exact bool) error {
		if exact {
			found[string(key)] = r.enc.RowHash(r.rec, r.row)
		} else {
			neighbours = true
		}
		return nil
	})
	if err != nil {
		return err
	}
	d.missing = nil
	for i, k := range ld.SourceOnly {
		h, ok := found[string(k)]
		switch {
		case !ok:
			d.missing = append(d.missing, k)
		case h != ld.SourceOnlyHash[i]:
			d.changed = append(d.changed, k)
		}
	}
	slices.SortFunc(d.changed, bytes.Compare)
	if neighbours && len(d.missing) > 0 {
		if err := v.findConflicts(ctx, tr, d); err != nil {
			return err
		}
	}
	onSource := map[string]bool{}
	err = v.lookup(ctx, tr, true, ld.TargetOnly, func(key []byte, _ rowRef, exact bool) error {
		if exact {
			onSource[string(key)] = true
		}
		return nil
	})
	if err != nil {
		return err
	}
	d.extra = slices.DeleteFunc(slices.Clone(ld.TargetOnly), func(k []byte) bool { return onSource[string(k)] })
	return nil
}

// findConflicts marks the missing keys the target cannot hold: its lookup
// under the target's collation returns another key (abc for abc␠ under PAD
// SPACE), and the source holds that other key too, so the target would
// need two rows its unique key calls one. Only keys whose neighbours exist
// are looked up one by one; that is rare.
func (v *verifier) findConflicts(ctx context.Context, tr *tableRun, d *keyedDiff) error {
	for _, k := range d.missing {
		var others [][]byte
		err := v.lookup(ctx, tr, false, [][]byte{k}, func(key []byte, _ rowRef, exact bool) error {
			if !exact {
				others = append(others, bytes.Clone(key))
			}
			return nil
		})
		if err != nil {
			return err
		}
		if len(others) == 0 {
			continue
		}
		slices.SortFunc(others, bytes.Compare)
		others = slices.CompactFunc(others, bytes.Equal) // a retried lookup repeats rows
		var held []byte
		err = v.lookup(ctx, tr, true, others, func(key []byte, _ rowRef, exact bool) error {
			if exact && held == nil {
				held = bytes.Clone(key)
			}
			return nil
		})
		if err != nil {
			return err
		}
		if held == nil {
			continue // the neighbour is an extra row; fix SQL deletes it
		}
		if d.conflict == nil {
			d.conflict = map[string]string{}
		}
		d.conflict[string(k)] = fmt.Sprintf("%s under %s", tr.keyText(held), keyCollations(tr))
	}
	return nil
}

// keyCollations names the target's key collations, for messages.
func keyCollations(tr *tableRun) string {
	var cs []string
	for _, c := range tr.tgtKey {
		if c.Collation != "" && !slices.Contains(cs, c.Collation) {
			cs = append(cs, c.Collation)
		}
	}
	if len(cs) == 0 {
		return "binary"
	}
	return strings.Join(cs, ", ")
}

// detail counts a keyed chunk's differences, lists as many as --max-diffs
// still allows and writes fix SQL for all of them.
//
// Changed rows are listed with their differing columns, which needs both
// rows: those, and every changed row when the hash alone cannot tell (a
// float tolerance, columns the target generates), are fetched in pairs.
// Missing and extra rows are listed by key, from the listing. Fix SQL needs
// the source row of every missing and changed row.
func (v *verifier) detail(ctx context.Context, tr *tableRun, ch extract.Chunk, d keyedDiff, out *chunkOutcome) error {
	confirmAll := tr.plan.Tolerant() || tr.fix.hasGenerated
	listed := v.reserve(len(d.changed) + len(d.missing) + len(d.extra))
	listChanged := min(listed, len(d.changed))
	paired := d.changed[:listChanged]
	if confirmAll {
		paired = d.changed
	}
	fixing := v.o.Fix != nil
	var rest [][]byte // source rows the fix needs that the pairs did not bring
	shownChanged := 0
	err := v.pairs(ctx, tr, paired, func(key []byte, s, t rowRef) error {
		if !s.ok() {
			// The source row went away after the chunk was read: nothing
			// to show or write; the count stays the listing's.
			out.changed++
			return nil
		}
		var cols []checksum.ColumnDiff
		if t.ok() {
			if cols = checksum.CompareRows(s.enc, s.rec, s.row, t.enc, t.rec, t.row); len(cols) == 0 {
				return nil // equal within --float-tolerance
			}
		}
		out.changed++
		names := make([]string, len(cols))
		for i, c := range cols {
			names[i] = c.Column
		}
		if shownChanged < listChanged {
			shownChanged++
			out.diffs = append(out.diffs, RowDiff{Kind: Changed, Key: tr.keyMap(s), Columns: cols, Chunk: ch.Seq, sortKey: string(key)})
		}
		if fixing {
			v.writeFix(tr, v.fixFor(tr, Changed, s, names, d.conflict))
		}
		return nil
	})
	if err != nil {
		return err
	}
	if !confirmAll {
		out.changed += int64(len(d.changed) - len(paired))
		rest = append(rest, d.changed[len(paired):]...)
	}
	v.release(listChanged - shownChanged)
	out.omitted += out.changed - int64(shownChanged)

	left := listed - listChanged
	listMissing := min(left, len(d.missing))
	listExtra := min(left-listMissing, len(d.extra))
	out.missing += int64(len(d.missing))
	out.extra += int64(len(d.extra))
	out.omitted += int64(len(d.missing) - listMissing + len(d.extra) - listExtra)
	for _, k := range d.missing[:listMissing] {
		out.diffs = append(out.diffs, RowDiff{Kind: Missing, Key: tr.keyMapOf(k, checksum.Source), Chunk: ch.Seq, sortKey: string(k)})
	}
	for _, k := range d.extra[:listExtra] {
		out.diffs = append(out.diffs, RowDiff{Kind: Extra, Key: tr.keyMapOf(k, checksum.Target), Chunk: ch.Seq, sortKey: string(k)})
	}
	if !fixing {
		return nil
	}
	// The source rows of missing keys and of changed keys not paired above,
	// in one pass.
	need := append(slices.Clone(d.missing), rest...)
	slices.SortFunc(need, bytes.Compare)
	restSet := map[string]bool{}
	for _, k := range rest {
		restSet[string(k)] = true
	}
	err = v.rowsOf(ctx, tr, true, ch, out.sourceRows, need, func(key []byte, r rowRef) error {
		kind := Missing
		if restSet[string(key)] {
			kind = Changed
		}
		v.writeFix(tr, v.fixFor(tr, kind, r, nil, d.conflict))
		return nil
	})
	if err != nil {
		return err
	}
	extra := d.extra
	if tr.fix.table.ResetKeys {
		// The target's index on the key is not unique: an extra row may be
		// a second copy of a key the source holds. Every fix of such a key
		// deletes all its copies, so one that the source holds must be
		// inserted again, and each key is fixed once.
		done := map[string]bool{}
		for _, k := range slices.Concat(need, paired) {
			done[string(k)] = true
		}
		extra = nil
		for _, k := range d.extra {
			if !done[string(k)] {
				done[string(k)] = true
				extra = append(extra, k)
			}
		}
		held := map[string]bool{}
		err = v.rowsOf(ctx, tr, true, ch, out.sourceRows, extra, func(key []byte, r rowRef) error {
			held[string(key)] = true
			v.writeFix(tr, v.fixFor(tr, Changed, r, nil, nil))
			return nil
		})
		if err != nil {
			return err
		}
		extra = slices.DeleteFunc(extra, func(k []byte) bool { return held[string(k)] })
	}
	for _, k := range extra {
		lits, err := tr.plan.KeyLiterals(k)
		if err != nil {
			return fmt.Errorf("verify %s: %w", tr.res.Table, err)
		}
		v.writeFix(tr, FixStatement{Kind: Extra, KeyValues: lits})
	}
	return nil
}

// reserve takes up to n of the row differences --max-diffs still lets the
// run list, and returns how many it took.
func (v *verifier) reserve(n int) int {
	for {
		kept := v.kept.Load()
		free := int64(v.o.MaxDiffs) - kept
		if free <= 0 || n <= 0 {
			return 0
		}
		take := min(int64(n), free)
		if v.kept.CompareAndSwap(kept, kept+take) {
			return int(take)
		}
	}
}

// release gives back n reserved listings that were not used.
func (v *verifier) release(n int) {
	if n > 0 {
		v.kept.Add(-int64(n))
	}
}

// keyMap shows a fetched row's key as column -> display value.
func (tr *tableRun) keyMap(r rowRef) map[string]string {
	vals := r.enc.Values(r.rec, r.row)
	cols := tr.plan.Columns()
	m := make(map[string]string, len(tr.plan.Key()))
	for _, k := range tr.plan.Key() {
		for i, c := range cols {
			if strings.EqualFold(c, k) {
				m[k] = vals[i].String()
			}
		}
	}
	return m
}

// keyMapOf shows canonical key bytes of a row of side as column -> display
// value.
func (tr *tableRun) keyMapOf(key []byte, side checksum.Side) map[string]string {
	vals, err := tr.plan.KeyValues(key, side)
	m := make(map[string]string, len(vals))
	for i, k := range tr.plan.Key() {
		if err != nil {
			m[k] = fmt.Sprintf("%x", key) // cannot happen: the bytes came from AppendKey
			continue
		}
		m[k] = vals[i].String()
	}
	return m
}

// keyText shows canonical key bytes as "id=42" or "(a, b)=(1, 'x')".
func (tr *tableRun) keyText(key []byte) string {
	m := tr.keyMapOf(key, checksum.Source)
	names := tr.plan.Key()
	vals := make([]string, len(names))
	for i, n := range names {
		vals[i] = fmt.Sprintf("%q", m[n])
	}
	if len(names) == 1 {
		return names[0] + "=" + vals[0]
	}
	return "(" + strings.Join(names, ", ") + ")=(" + strings.Join(vals, ", ") + ")"
}

// drillKeyless finds the rows of a keyless table whose copies differ in
// number: the listings' multisets of row hashes say how many copies of
// which rows each side has in excess, exactly; one more pass over the
// chunk on each side that has excess copies lists the first of them and
// writes their fix SQL as it goes, holding no rows.
func (v *verifier) drillKeyless(ctx context.Context, tr *tableRun, ch extract.Chunk, srcList, tgtList *checksum.Listing, out *chunkOutcome) error {
	d := checksum.DiffListings(srcList, tgtList, true)
	if len(d.Multiset) == 0 {
		return nil
	}
	var needSrc, needTgt bool
	distinct := 0
	for _, n := range d.Multiset {
		needSrc = needSrc || n > 0
		needTgt = needTgt || n < 0
		if n > 0 {
			out.missing += n
		} else {
			out.extra -= n
		}
		distinct++
	}
	listed := v.reserve(distinct)
	out.omitted += int64(distinct - listed)
	fixing := v.o.Fix != nil
	if listed == 0 && !fixing {
		return nil
	}
	done := make(map[checksum.Hash]bool, len(d.Multiset))
	pick := func(source bool) error {
		pool, reader, _ := v.side(tr, source)
		side := ch
		if !source {
			side = tr.onTarget(ch)
		}
		enc, err := tr.plan.Encoder(checksumSide(source), reader.Schema())
		if err != nil {
			return err
		}
		op := "find differing rows of " + sideTable(tr, source)
		// done makes a retried read hand on nothing twice.
		return v.readOn(ctx, pool, op, func(ctx context.Context, c *sql.Conn) error {
			_, err := reader.Read(ctx, c, side, func(rec arrow.RecordBatch, _ int64) error {
				defer rec.Release()
				for r := range int(rec.NumRows()) {
					h := enc.RowHash(rec, r)
					n, ok := d.Multiset[h]
					if !ok || done[h] || (n > 0) != source {
						continue
					}
					done[h] = true
					kind, count := Missing, n
					if n < 0 {
						kind, count = Extra, -n
					}
					ref := rowRef{enc: enc, rec: rec, row: r}
					if listed > 0 {
						listed--
						vals := enc.Values(rec, r)
						row := make(map[string]checksum.Value, len(vals))
						for i, col := range tr.plan.Columns() {
							row[col] = vals[i]
						}
						out.diffs = append(out.diffs, RowDiff{Kind: kind, Row: row, Count: count, Chunk: ch.Seq, sortKey: h.String()})
					}
					if fixing {
						s := v.fixFor(tr, kind, ref, nil, nil)
						s.Count = int(count)
						v.writeFix(tr, s)
					}
				}
				return nil
			})
			return err
		})
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
	v.release(listed)
	return nil
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
	v.fixErr = v.o.Fix.Write(tr.fix.table, s)
}
