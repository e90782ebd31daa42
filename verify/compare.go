package verify

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"golang.org/x/sync/errgroup"

	"github.com/parity-db/parity/checksum"
	"github.com/parity-db/parity/extract"
)

// chunkOutcome is what comparing one chunk found.
type chunkOutcome struct {
	equal                  bool
	sourceRows, targetRows int64
	zeroDates              int64
	elapsed                time.Duration

	missing, extra, changed int64
	diffs                   []RowDiff // the differences --max-diffs lets the run list (drilled only when final)
	omitted                 int64     // differences counted but not listed
}

// sideRead is one side's pass over a chunk.
type sideRead struct {
	sum   checksum.Sum
	list  *checksum.Listing
	stats extract.ChunkStats
}

// compareChunk compares one chunk of both sides. With pushdown each server
// checksums its rows; a mismatch there, or any chunk in stream mode, is read
// from both sides concurrently and hashed here. When final, a differing
// chunk is drilled down to its rows.
func (v *verifier) compareChunk(ctx context.Context, tr *tableRun, ch extract.Chunk, final bool) (chunkOutcome, error) {
	start := time.Now()
	if tr.push != nil {
		out, err := v.pushdownChunk(ctx, tr, ch)
		if err != nil || out.equal {
			out.elapsed = time.Since(start)
			return out, err
		}
	}
	src, tgt, err := v.readBoth(ctx, tr, ch, true)
	if err != nil {
		return chunkOutcome{}, err
	}
	out := chunkOutcome{
		equal:      src.sum.Equal(tgt.sum),
		sourceRows: src.stats.Rows,
		targetRows: tgt.stats.Rows,
		zeroDates:  sumCounts(src.stats.ZeroDates) + sumCounts(tgt.stats.ZeroDates),
	}
	v.o.Progress.Rows.Add(src.stats.Rows)
	v.o.Progress.Bytes.Add(src.stats.Bytes)
	if !out.equal && final {
		if err := v.drill(ctx, tr, ch, src.list, tgt.list, &out); err != nil {
			return chunkOutcome{}, err
		}
		// Rows that only sort into another chunk on the target (the
		// sides' collations differ) and rows equal within the float
		// tolerance are not differences.
		out.equal = out.missing+out.extra+out.changed == 0
	}
	out.elapsed = time.Since(start)
	return out, nil
}

// readBoth reads a chunk from both sides at once into checksums and, when
// listing, per-row key+hash listings for the drill-down.
func (v *verifier) readBoth(ctx context.Context, tr *tableRun, ch extract.Chunk, listing bool) (src, tgt sideRead, err error) {
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		var err error
		src, err = v.readSide(gctx, tr, true, ch, listing)
		return err
	})
	g.Go(func() error {
		var err error
		tgt, err = v.readSide(gctx, tr, false, tr.onTarget(ch), listing)
		return err
	})
	err = g.Wait()
	return src, tgt, err
}

func (v *verifier) readSide(ctx context.Context, tr *tableRun, source bool, ch extract.Chunk, listing bool) (sideRead, error) {
	pool, reader := v.src, tr.src
	if !source {
		pool, reader = v.tgt, tr.tgt
	}
	enc, err := tr.plan.Encoder(checksumSide(source), reader.Schema())
	if err != nil {
		return sideRead{}, fmt.Errorf("verify %s: %w", tr.res.Table, err)
	}
	var r sideRead
	op := fmt.Sprintf("verify chunk %s of %s", ch, ch.Table)
	err = v.readOn(ctx, pool, op, func(ctx context.Context, c *sql.Conn) error {
		r = sideRead{} // a retry reads the chunk afresh
		if listing {
			r.list = &checksum.Listing{}
		}
		var err error
		r.stats, err = reader.Read(ctx, c, ch, func(rec arrow.RecordBatch, _ int64) error {
			enc.AddBatch(rec, &r.sum, r.list)
			rec.Release()
			return nil
		})
		return err
	})
	return r, err
}

func sumCounts(m map[string]int64) int64 {
	var n int64
	for _, v := range m {
		n += v
	}
	return n
}
