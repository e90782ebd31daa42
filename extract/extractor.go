package extract

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"golang.org/x/sync/errgroup"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/schema"
)

// Options tune an extraction. Zero values take the defaults.
type Options struct {
	Workers    int           // parallel chunk readers, one connection each (default 2)
	ChunkTime  time.Duration // target duration of a chunk (default 500ms)
	ChunkRows  int64         // fixed rows per chunk instead of ChunkTime
	BatchRows  int           // rows per Arrow batch at most (default 65536)
	BatchBytes int64         // value bytes per Arrow batch at most (default 16 MiB)
	ZeroDates  ZeroDatePolicy
	Consistent Consistency
	Alloc      memory.Allocator
	Progress   *Progress // optional live counters
}

func (o *Options) setDefaults() {
	if o.Workers <= 0 {
		o.Workers = 2
	}
	if o.ChunkTime <= 0 {
		o.ChunkTime = 500 * time.Millisecond
	}
	if o.BatchRows <= 0 {
		o.BatchRows = 65536
	}
	if o.BatchBytes <= 0 {
		o.BatchBytes = 16 << 20
	}
	if o.Alloc == nil {
		o.Alloc = memory.DefaultAllocator
	}
	if o.Progress == nil {
		o.Progress = &Progress{}
	}
}

// Connections is the pool size Run needs: one per worker, one for chunk
// boundaries and one for the snapshot lock.
func (o Options) Connections() int {
	o.setDefaults()
	return o.Workers + 2
}

// Run extracts tables from pool into sink and returns what it did. On error
// the result still lists the tables completed before it; their outputs are
// committed, every other table's partial output is aborted.
func Run(ctx context.Context, pool *conn.Pool, tables []*schema.Table, sink Sink, o Options) (*Result, error) {
	o.setDefaults()
	e := &extraction{pool: pool, sink: sink, o: o,
		res: &Result{Server: pool.Server, Started: time.Now(), Workers: o.Workers}}
	for _, t := range tables {
		r, err := NewChunkReader(t, o)
		if err != nil {
			return e.res, err
		}
		e.tables = append(e.tables, &tableRun{t: t, reader: r})
		o.Progress.RowsEstimate.Add(t.RowsEstimate)
	}
	o.Progress.TablesTotal.Store(int64(len(tables)))

	conns := make([]*sql.Conn, o.Workers)
	defer func() {
		for _, c := range conns {
			if c != nil {
				if o.Consistent != ConsistencyNone {
					_, _ = c.ExecContext(context.WithoutCancel(ctx), "COMMIT")
				}
				c.Close()
			}
		}
	}()
	for i := range conns {
		c, err := pool.Conn(ctx)
		if err != nil {
			return e.res, e.fail(err, "open worker connection")
		}
		conns[i] = c
	}
	how, err := startSnapshot(ctx, pool.DB, conns, tables, o.Consistent)
	if err != nil {
		return e.res, e.fail(err, "start snapshot")
	}
	e.res.Consistency = how

	g, gctx := errgroup.WithContext(ctx)
	jobs := make(chan job)
	g.Go(func() error {
		defer close(jobs)
		return e.produce(gctx, g, jobs)
	})
	for _, c := range conns {
		g.Go(func() error { return e.work(gctx, c, jobs) })
	}
	err = g.Wait()
	e.res.finish()
	if err != nil && ctx.Err() != nil {
		return e.res, ctx.Err()
	}
	return e.res, err
}

type extraction struct {
	pool   *conn.Pool
	sink   Sink
	o      Options
	tables []*tableRun

	mu  sync.Mutex
	res *Result
}

// tableRun is one table in flight: its sink, the channel that feeds the
// sink's single writer goroutine, and the chunks still being read.
type tableRun struct {
	t       *schema.Table
	reader  *ChunkReader
	split   splitter
	sink    TableSink
	records chan arrow.RecordBatch
	pending sync.WaitGroup
	started time.Time

	covered atomic.Bool // every chunk was handed out
	failed  atomic.Bool // a chunk failed

	mu        sync.Mutex
	rows      int64
	bytes     int64
	chunks    []ChunkResult
	zeroDates map[string]int64
}

type job struct {
	tr    *tableRun
	chunk Chunk
}

func (e *extraction) fail(err error, op string) error {
	return conn.Classify(err, op, e.pool.Endpoint)
}

// produce walks the tables in order, opening each one's sink and handing its
// chunks to the workers as they become free.
func (e *extraction) produce(ctx context.Context, g *errgroup.Group, jobs chan<- job) error {
	for _, tr := range e.tables {
		if err := ctx.Err(); err != nil {
			return err
		}
		sp, err := newSplitter(ctx, e.pool.DB, e.pool.Server, tr.t, newSizer(e.o.ChunkTime, e.o.ChunkRows))
		if err != nil {
			return e.fail(err, "plan chunks of "+tr.t.String())
		}
		ts, err := e.sink.Open(tr.t, tr.reader.Schema())
		if err != nil {
			return fmt.Errorf("open output for %s: %w", tr.t, err)
		}
		tr.split, tr.sink, tr.started = sp, ts, time.Now()
		tr.records = make(chan arrow.RecordBatch, e.o.Workers)
		g.Go(func() error { return e.write(ctx, tr) })
		err = e.dispatch(ctx, tr, jobs)
		go func() { tr.pending.Wait(); close(tr.records) }()
		if err != nil {
			return err
		}
	}
	return nil
}

func (e *extraction) dispatch(ctx context.Context, tr *tableRun, jobs chan<- job) error {
	for {
		c, ok, err := tr.split.next(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return e.fail(err, "plan chunks of "+tr.t.String())
		}
		if !ok {
			tr.covered.Store(true)
			return nil
		}
		tr.pending.Add(1)
		select {
		case jobs <- job{tr: tr, chunk: c}:
		case <-ctx.Done():
			tr.pending.Done()
			return ctx.Err()
		}
	}
}

// write is the one goroutine that feeds a table's sink. It commits only a
// table whose every chunk was read; anything else is aborted so no partial
// file is left under a final name.
func (e *extraction) write(ctx context.Context, tr *tableRun) error {
	var werr error
	for rec := range tr.records {
		if werr == nil {
			werr = tr.sink.Write(rec)
		}
		rec.Release()
	}
	if werr != nil || tr.failed.Load() || !tr.covered.Load() {
		tr.sink.Abort()
		if werr != nil {
			return fmt.Errorf("write %s: %w", tr.t, werr)
		}
		return nil // the failing chunk reports its own error
	}
	out, err := tr.sink.Commit()
	if err != nil {
		tr.sink.Abort()
		return fmt.Errorf("write %s: %w", tr.t, err)
	}
	e.finishTable(tr, out)
	return nil
}

func (e *extraction) finishTable(tr *tableRun, out Output) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	secs := time.Since(tr.started).Seconds()
	sort.Slice(tr.chunks, func(i, j int) bool { return tr.chunks[i].Seq < tr.chunks[j].Seq })
	_, full := tr.split.(*singleSplitter)
	r := TableResult{
		Schema: tr.t.Schema, Name: tr.t.Name, Chunking: tr.split.method(), FullScan: full,
		Rows: tr.rows, Bytes: tr.bytes, Seconds: secs,
		RowsPerSec: rate(float64(tr.rows), secs), MBPerSec: rate(float64(tr.bytes)/1e6, secs),
		ZeroDates: tr.zeroDates, Output: out, Chunks: tr.chunks, Table: tr.t, Arrow: tr.reader.Schema(),
	}
	e.mu.Lock()
	e.res.Tables = append(e.res.Tables, r)
	e.mu.Unlock()
	e.o.Progress.TablesDone.Add(1)
}

func (e *extraction) work(ctx context.Context, c *sql.Conn, jobs <-chan job) error {
	for j := range jobs {
		err := e.readChunk(ctx, c, j)
		if err != nil {
			j.tr.failed.Store(true)
		}
		j.tr.pending.Done()
		if err != nil {
			return err
		}
	}
	return nil
}

// readChunk reads one chunk and sends its batches to the table's writer.
func (e *extraction) readChunk(ctx context.Context, c *sql.Conn, j job) error {
	tr, ch := j.tr, j.chunk
	st, err := tr.reader.Read(ctx, c, ch, func(rec arrow.RecordBatch, bytes int64) error {
		e.o.Progress.Rows.Add(rec.NumRows())
		e.o.Progress.Bytes.Add(bytes)
		select {
		case tr.records <- rec:
			return nil
		case <-ctx.Done():
			rec.Release()
			return ctx.Err()
		}
	})
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return e.fail(err, fmt.Sprintf("extract %s chunk %s", tr.t, ch))
	}
	tr.split.observe(ch, st.Rows, st.Elapsed)
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.rows += st.Rows
	tr.bytes += st.Bytes
	secs := st.Elapsed.Seconds()
	tr.chunks = append(tr.chunks, ChunkResult{Seq: ch.Seq, Range: ch.String(), Rows: st.Rows, Bytes: st.Bytes, Seconds: secs,
		RowsPerSec: rate(float64(st.Rows), secs), MBPerSec: rate(float64(st.Bytes)/1e6, secs)})
	for col, n := range st.ZeroDates {
		if tr.zeroDates == nil {
			tr.zeroDates = map[string]int64{}
		}
		tr.zeroDates[col] += n
	}
	return nil
}
