package extract

import (
	"context"
	"fmt"
	"time"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/schema"
)

// Planner hands out a table's chunks one at a time, for callers that read
// chunks themselves (verify applies one plan to both clusters; benchmarks
// replay it with a bare driver scan).
type Planner struct{ sp splitter }

// NewPlanner picks the table's chunking (see newSplitter) on pool. With
// chunkRows > 0 chunks hold that many rows; otherwise they aim at chunkTime.
func NewPlanner(ctx context.Context, pool *conn.Pool, t *schema.Table, chunkTime time.Duration, chunkRows int64) (*Planner, error) {
	if chunkTime <= 0 {
		chunkTime = DefaultChunkTime
	}
	sp, err := newSplitter(ctx, pool.DB, pool.Server, t, newSizer(chunkTime, chunkRows))
	if err != nil {
		return nil, conn.Classify(err, "plan chunks of "+t.String(), pool.Endpoint)
	}
	return &Planner{sp: sp}, nil
}

// Next returns the next chunk; ok is false when the table is covered. After
// an error the plan is unchanged, so Next may be retried (conn.Retry).
func (p *Planner) Next(ctx context.Context) (c Chunk, ok bool, err error) { return p.sp.next(ctx) }

// Observe reports how long a chunk took, so later chunks can be sized.
func (p *Planner) Observe(c Chunk, rows int64, elapsed time.Duration) { p.sp.observe(c, rows, elapsed) }

// Resume makes the plan continue after a finished prefix of chunks: the
// next chunk starts at lower (the Upper of the last finished one) and is
// numbered seq. A table chunked as one full scan has nothing to resume.
func (p *Planner) Resume(lower []any, seq int) error {
	r, ok := p.sp.(interface{ resume([]any, int) error })
	if !ok {
		return fmt.Errorf("chunks of this table (%s) cannot resume", p.sp.method())
	}
	return r.resume(lower, seq)
}

// Method describes the chunking for reports.
func (p *Planner) Method() string { return p.sp.method() }

// Query is the SELECT that reads the chunk, with its arguments.
func (c Chunk) Query() (string, []any) { return chunkQuery(c) }
