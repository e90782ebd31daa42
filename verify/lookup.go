package verify

import (
	"bytes"
	"context"
	"database/sql"
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

// rowRef is one fetched row with the encoder of its side; it is valid while
// the callback that received it runs, unless a rowSet holds its batch.
type rowRef struct {
	enc *checksum.Encoder
	rec arrow.RecordBatch
	row int
}

func (r rowRef) ok() bool { return r.rec != nil }

// side is one cluster's pool, reader and key columns for a table.
func (v *verifier) side(tr *tableRun, source bool) (*conn.Pool, *extract.ChunkReader, []schema.Column) {
	if source {
		return v.src, tr.src, tr.srcKey
	}
	return v.tgt, tr.tgt, tr.tgtKey
}

// lookup reads the rows of one side whose keys the server's own equality
// matches to keys (sorted canonical keys), lookupBatch keys per query:
//
//	SELECT ... FROM `db`.`t` WHERE `id` IN (?, ?, ?)
//	SELECT ... FROM `db`.`t` WHERE (`a` = ? AND `b` = ?) OR (`a` = ? AND `b` = ?)
//
// fn sees every row the server returns, with its canonical key, and exact
// says whether that key is one of keys: under a case-insensitive or PAD
// SPACE collation, 'abc' also returns 'ABC' and 'abc ', which are other
// keys. The caller decides what such a neighbour means.
func (v *verifier) lookup(ctx context.Context, tr *tableRun, source bool, keys [][]byte, fn func(key []byte, r rowRef, exact bool) error) error {
	if len(keys) == 0 {
		return nil
	}
	pool, reader, _ := v.side(tr, source)
	enc, err := tr.plan.Encoder(checksumSide(source), reader.Schema())
	if err != nil {
		return err
	}
	op := "look up differing rows of " + sideTable(tr, source)
	var kb []byte
	for i := 0; i < len(keys); i += lookupBatch {
		batch := keys[i:min(i+lookupBatch, len(keys))]
		where, args, err := keyPredicate(tr, batch)
		if err != nil {
			return err
		}
		err = v.readOn(ctx, pool, op, func(ctx context.Context, c *sql.Conn) error {
			_, err := reader.ReadWhere(ctx, c, where, args, func(rec arrow.RecordBatch, _ int64) error {
				defer rec.Release()
				for r := range int(rec.NumRows()) {
					kb = enc.AppendKey(kb[:0], rec, r)
					_, exact := slices.BinarySearchFunc(batch, kb, bytes.Compare)
					if err := fn(kb, rowRef{enc: enc, rec: rec, row: r}, exact); err != nil {
						return err
					}
				}
				return nil
			})
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// rowsOf streams the rows of one side whose canonical keys are exactly
// among keys (sorted). Many keys of chunk ch (a half-loaded target makes
// every other row one) are cheaper to pick out of one more read of the
// chunk's range than to look up by key; a few are looked up.
func (v *verifier) rowsOf(ctx context.Context, tr *tableRun, source bool, ch extract.Chunk, chunkRows int64, keys [][]byte, fn func(key []byte, r rowRef) error) error {
	if len(keys) == 0 {
		return nil
	}
	// A read retried after a transient failure meets rows it already handed
	// on: each key is handed on once.
	done := make([]bool, len(keys))
	once := func(key []byte, r rowRef) error {
		i, ok := slices.BinarySearchFunc(keys, key, bytes.Compare)
		if !ok || done[i] {
			return nil
		}
		done[i] = true
		return fn(key, r)
	}
	if len(keys) < max(lookupBatch, int(chunkRows/8)) {
		return v.lookup(ctx, tr, source, keys, func(key []byte, r rowRef, exact bool) error {
			if !exact {
				return nil
			}
			return once(key, r)
		})
	}
	pool, reader, _ := v.side(tr, source)
	if !source {
		ch = tr.onTarget(ch)
	}
	enc, err := tr.plan.Encoder(checksumSide(source), reader.Schema())
	if err != nil {
		return err
	}
	op := "read differing rows of " + sideTable(tr, source) + " chunk " + ch.String()
	var kb []byte
	return v.readOn(ctx, pool, op, func(ctx context.Context, c *sql.Conn) error {
		_, err := reader.Read(ctx, c, ch, func(rec arrow.RecordBatch, _ int64) error {
			defer rec.Release()
			for r := range int(rec.NumRows()) {
				kb = enc.AppendKey(kb[:0], rec, r)
				if err := once(kb, rowRef{enc: enc, rec: rec, row: r}); err != nil {
					return err
				}
			}
			return nil
		})
		return err
	})
}

// rowSet holds fetched rows by exact canonical key until released.
type rowSet struct {
	recs  []arrow.RecordBatch
	byKey map[string]rowRef
}

func (s *rowSet) get(k []byte) rowRef { return s.byKey[string(k)] }

func (s *rowSet) release() {
	for _, r := range s.recs {
		r.Release()
	}
	s.recs, s.byKey = nil, nil
}

// fetchSet looks up keys (at most a lookupBatch or so) on one side and
// keeps the rows whose keys match exactly.
func (v *verifier) fetchSet(ctx context.Context, tr *tableRun, source bool, keys [][]byte) (*rowSet, error) {
	set := &rowSet{byKey: make(map[string]rowRef, len(keys))}
	held := map[arrow.RecordBatch]bool{}
	err := v.lookup(ctx, tr, source, keys, func(key []byte, r rowRef, exact bool) error {
		if !exact {
			return nil
		}
		if _, dup := set.byKey[string(key)]; dup {
			return nil
		}
		if !held[r.rec] {
			held[r.rec] = true
			r.rec.Retain()
			set.recs = append(set.recs, r.rec)
		}
		set.byKey[string(key)] = r
		return nil
	})
	if err != nil {
		set.release()
		return nil, err
	}
	return set, nil
}

// pairs fetches both sides' rows of keys (sorted) and calls fn for each key
// with the source and the target row; a side whose row is gone since the
// chunk was read (a live target) has a rowRef that is not ok.
func (v *verifier) pairs(ctx context.Context, tr *tableRun, keys [][]byte, fn func(key []byte, s, t rowRef) error) error {
	for i := 0; i < len(keys); i += lookupBatch {
		batch := keys[i:min(i+lookupBatch, len(keys))]
		tgt, err := v.fetchSet(ctx, tr, false, batch)
		if err != nil {
			return err
		}
		src, err := v.fetchSet(ctx, tr, true, batch)
		if err != nil {
			tgt.release()
			return err
		}
		for _, k := range batch {
			if err = fn(k, src.get(k), tgt.get(k)); err != nil {
				break
			}
		}
		src.release()
		tgt.release()
		if err != nil {
			return err
		}
	}
	return nil
}

// keyPredicate matches any of keys on tr's key columns, each value bound
// so that it compares exactly on either side (lookupPlaceholder).
func keyPredicate(tr *tableRun, keys [][]byte) (string, []any, error) {
	cols := tr.srcKey
	var b strings.Builder
	var args []any
	if len(cols) == 1 {
		b.WriteString(schema.QuoteIdent(cols[0].Name) + " IN (")
	}
	for i, k := range keys {
		vals, err := tr.plan.KeyArgs(k)
		if err != nil {
			return "", nil, err
		}
		if len(cols) == 1 {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(tr.lookup[0])
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
			if vals[j] == nil {
				b.WriteString(schema.QuoteIdent(c.Name) + " IS NULL")
				continue
			}
			b.WriteString(schema.QuoteIdent(c.Name) + " = " + tr.lookup[j])
			args = append(args, vals[j])
		}
		b.WriteString(")")
	}
	if len(cols) == 1 {
		b.WriteString(")")
	}
	return b.String(), args, nil
}

// sideTable names tr's table on one side.
func sideTable(tr *tableRun, source bool) string {
	if source {
		return tr.res.Table + " on the source"
	}
	return tr.res.Target + " on the target"
}
