package extract

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/fanout"
	"github.com/parity-db/parity/schema"
)

// Options tune an extraction. Zero values take the defaults.
type Options struct {
	Workers    int           // parallel chunk readers, one connection each (default 2)
	ChunkTime  time.Duration // target duration of a chunk (default DefaultChunkTime)
	ChunkRows  int64         // fixed rows per chunk instead of ChunkTime
	BatchRows  int           // rows per Arrow batch at most (default 16384)
	BatchBytes int64         // value bytes per Arrow batch at most (default 16 MiB)
	ZeroDates  ZeroDatePolicy
	Consistent Consistency
	// Retry is how a chunk, or a planning query, that fails with a
	// transient error (see conn.IsTransient) is tried again on a new
	// connection. The zero value retries 3 times over about 26 s;
	// conn.NoRetry fails at once. With Consistent, nothing is retried: a
	// snapshot does not survive a reconnect.
	Retry    conn.Retry
	Alloc    memory.Allocator
	Progress *Progress // optional live counters
	// Notify, if set, receives one-line notices: a chunk about to be
	// retried, and why.
	Notify func(notice string)
}

func (o *Options) setDefaults() {
	if o.Workers <= 0 {
		o.Workers = 2
	}
	if o.ChunkTime <= 0 {
		o.ChunkTime = DefaultChunkTime
	}
	if o.BatchRows <= 0 {
		o.BatchRows = 16384
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
	if o.Notify == nil {
		o.Notify = func(string) {}
	}
	if o.Consistent != ConsistencyNone {
		o.Retry = conn.NoRetry
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
	e := &extraction{pool: pool, sink: sink, o: o, texts: make(chan []byte, 2*o.Workers+1),
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

	workers := make([]*worker, o.Workers)
	defer func() {
		for _, w := range workers {
			if w != nil {
				w.close(ctx, o.Consistent != ConsistencyNone)
			}
		}
	}()
	conns := make([]*sql.Conn, o.Workers)
	for i := range workers {
		c, err := pool.Conn(ctx)
		if err != nil {
			return e.res, e.fail(err, "open worker connection")
		}
		workers[i] = &worker{pool: pool, c: c}
		conns[i] = c
	}
	how, err := startSnapshot(ctx, pool.DB, pool.Server, conns, tables, o.Consistent)
	if err != nil {
		return e.res, e.fail(err, "start snapshot")
	}
	e.res.Consistency = how

	g, gctx := fanout.WithContext(ctx)
	jobs := make(chan job)
	g.Go(func() error {
		defer close(jobs)
		return e.produce(gctx, g, jobs)
	})
	for _, w := range workers {
		g.Go(func() error { return e.work(gctx, w, jobs) })
	}
	err = g.Wait()
	e.res.finish()
	if err != nil && ctx.Err() != nil {
		return e.res, ctx.Err()
	}
	return e.res, err
}

// worker is one chunk reader and its connection, replaced when a chunk
// fails with a transient error.
type worker struct {
	pool *conn.Pool
	c    *sql.Conn
}

// reconnect drops the worker's connection, whatever state it is in, and
// takes a new one.
func (w *worker) reconnect(ctx context.Context) error {
	w.discard()
	c, err := w.pool.Conn(ctx)
	if err != nil {
		return err
	}
	w.c = c
	return nil
}

func (w *worker) discard() {
	if w.c == nil {
		return
	}
	_ = w.c.Raw(func(any) error { return driver.ErrBadConn })
	_ = w.c.Close()
	w.c = nil
}

func (w *worker) close(ctx context.Context, snapshot bool) {
	if w.c == nil {
		return
	}
	if snapshot {
		_, _ = w.c.ExecContext(context.WithoutCancel(ctx), "COMMIT")
	}
	_ = w.c.Close()
}

type extraction struct {
	pool   *conn.Pool
	sink   Sink
	o      Options
	tables []*tableRun

	mu  sync.Mutex
	res *Result

	// texts holds the buffers of written text batches for the next ones:
	// a buffer keeps the size its batches grew it to, so after the first
	// few batches none grows (each doubling was a copy and fresh pages).
	texts chan []byte
}

// textBuffer is the first size of a text batch's buffer: a batch of 16 Ki
// rows of 200 bytes, which is what a typical table's batch holds.
const textBuffer = 4 << 20

// getText is an empty buffer for a text batch, one a written batch left if
// there is one.
func (e *extraction) getText() []byte {
	select {
	case b := <-e.texts:
		return b[:0]
	default:
		return make([]byte, 0, textBuffer)
	}
}

// putText keeps b for a later batch, unless enough are kept: at most one
// per batch that can be in flight.
func (e *extraction) putText(b []byte) {
	select {
	case e.texts <- b:
	default:
	}
}

// tableRun is one table in flight: its sink, the channel that feeds the
// sink's single writer goroutine, and the chunks still being read.
type tableRun struct {
	t       *schema.Table
	reader  *ChunkReader
	split   splitter
	sink    TableSink
	records chan batch
	text    RowText // set when the sink takes rows as text
	pending sync.WaitGroup
	started time.Time

	covered atomic.Bool // every chunk was handed out
	failed  atomic.Bool // a chunk failed

	mu        sync.Mutex
	rows      int64
	bytes     int64
	retries   int
	chunks    []ChunkResult
	zeroDates map[string]int64
}

// batch is what the table's writer receives: rows to write, or, with
// restart set, the order to drop everything written so far (a keyless
// table's only chunk failed after some of its rows were written, and is
// read again from its first row).
type batch struct {
	rec     arrow.RecordBatch
	text    []byte // rows as text, when the table's sink takes them so
	rows    int64  // in text
	restart bool
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
func (e *extraction) produce(ctx context.Context, g *fanout.Group, jobs chan<- job) error {
	for _, tr := range e.tables {
		if err := ctx.Err(); err != nil {
			return err
		}
		what := "plan chunks of " + tr.t.String()
		var sp splitter
		err := e.retry(what).Do(ctx, func(ctx context.Context, _ int) (err error) {
			sp, err = newSplitter(ctx, e.pool.DB, e.pool.Server, tr.t, newSizer(e.o.ChunkTime, e.o.ChunkRows))
			return err
		})
		if err != nil {
			return e.fail(err, what)
		}
		ts, err := e.sink.Open(tr.t, tr.reader.Schema())
		if err != nil {
			return fmt.Errorf("open output for %s: %w", tr.t, err)
		}
		tr.split, tr.sink, tr.started = sp, ts, time.Now()
		if t, ok := ts.(TextSink); ok {
			tr.text = t.RowText(e.o.ZeroDates)
		}
		tr.records = make(chan batch, e.o.Workers)
		g.Go(func() error { return e.write(ctx, tr) })
		err = e.dispatch(ctx, tr, jobs)
		go func() { tr.pending.Wait(); close(tr.records) }()
		if err != nil {
			return err
		}
	}
	return nil
}

// retry is the run's retry policy for one piece of work, telling Notify
// about each retry.
func (e *extraction) retry(what string) conn.Retry {
	return e.o.Retry.Notifying(what, e.o.Notify)
}

func (e *extraction) dispatch(ctx context.Context, tr *tableRun, jobs chan<- job) error {
	what := "plan chunks of " + tr.t.String()
	for {
		var c Chunk
		var ok bool
		err := e.retry(what).Do(ctx, func(ctx context.Context, _ int) (err error) {
			c, ok, err = tr.split.next(ctx)
			return err
		})
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return e.fail(err, what)
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
	for b := range tr.records {
		switch {
		case b.restart && werr == nil:
			tr.sink.Abort()
			tr.sink, werr = e.sink.Open(tr.t, tr.reader.Schema())
		case b.restart:
		case b.rec == nil: // rows as text
			if werr == nil {
				if t, ok := tr.sink.(TextSink); ok {
					werr = t.WriteText(b.text, b.rows)
				} else {
					werr = fmt.Errorf("the output for %s no longer takes text", tr.t)
				}
			}
			e.putText(b.text)
		case werr == nil:
			werr = tr.sink.Write(b.rec)
			b.rec.Release()
		default:
			b.rec.Release()
		}
	}
	if werr != nil && tr.sink == nil {
		return fmt.Errorf("write %s: %w", tr.t, werr)
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
		Rows: tr.rows, Bytes: tr.bytes, Retries: tr.retries, Seconds: secs,
		RowsPerSec: rate(float64(tr.rows), secs), MBPerSec: rate(float64(tr.bytes)/1e6, secs),
		ZeroDates: tr.zeroDates, Output: out, Chunks: tr.chunks, Table: tr.t, Arrow: tr.reader.Schema(),
	}
	e.mu.Lock()
	e.res.Tables = append(e.res.Tables, r)
	e.mu.Unlock()
	e.o.Progress.TablesDone.Add(1)
}

func (e *extraction) work(ctx context.Context, w *worker, jobs <-chan job) error {
	for j := range jobs {
		err := e.readChunk(ctx, w, j)
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
// A transient failure is retried on a new connection: a keyed chunk goes on
// after the last row the writer received (Chunk.Rest), so no row is written
// twice or lost; a keyless table's single full scan has no order to resume
// in, so its writer drops what it wrote and the scan starts over.
func (e *extraction) readChunk(ctx context.Context, w *worker, j job) error {
	tr, ch := j.tr, j.chunk
	what := fmt.Sprintf("extract %s chunk %s", tr.t, ch)
	var total ChunkStats // rows the writer received, over all attempts
	var elapsed time.Duration
	retries := 0
	emit := func(rec arrow.RecordBatch, bytes int64) error {
		e.o.Progress.Rows.Add(rec.NumRows())
		e.o.Progress.Bytes.Add(bytes)
		select {
		case tr.records <- batch{rec: rec}:
			return nil
		case <-ctx.Done():
			rec.Release()
			return ctx.Err()
		}
	}
	emitText := func(text []byte, rows, bytes int64) error {
		e.o.Progress.Rows.Add(rows)
		e.o.Progress.Bytes.Add(bytes)
		select {
		case tr.records <- batch{text: text, rows: rows}:
			return nil
		case <-ctx.Done():
			e.putText(text)
			return ctx.Err()
		}
	}
	err := e.retry(what).Do(ctx, func(ctx context.Context, attempt int) error {
		if attempt > 0 {
			retries++
			if err := w.reconnect(ctx); err != nil {
				return err
			}
		}
		start := time.Now()
		var st ChunkStats
		var err error
		if tr.text != nil {
			st, err = tr.reader.ReadText(ctx, w.c, ch, tr.text, e.getText, emitText)
		} else {
			st, err = tr.reader.Read(ctx, w.c, ch, emit)
		}
		elapsed += time.Since(start)
		if err == nil {
			total.Rows += st.Rows
			total.Bytes += st.Bytes
			total.ZeroDates = addCounts(total.ZeroDates, st.ZeroDates)
			return nil
		}
		switch {
		case st.Rows == 0:
		case ch.Key != nil:
			total.Rows += st.Rows
			total.Bytes += st.Bytes
			total.ZeroDates = addCounts(total.ZeroDates, st.ZeroDates)
			ch = ch.Rest(st.Last)
		default:
			e.o.Progress.Rows.Add(-st.Rows)
			e.o.Progress.Bytes.Add(-st.Bytes)
			select {
			case tr.records <- batch{restart: true}:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return err
	})
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if e.o.Consistent != ConsistencyNone && conn.IsTransient(err) {
			err = fmt.Errorf("%w; the consistent snapshot is lost with its connection, so chunks are not retried "+
				"with --consistent: run again", err)
		}
		return e.fail(err, what)
	}
	ch = j.chunk
	tr.split.observe(ch, total.Rows, elapsed)
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.rows += total.Rows
	tr.bytes += total.Bytes
	tr.retries += retries
	secs := elapsed.Seconds()
	tr.chunks = append(tr.chunks, ChunkResult{Seq: ch.Seq, Range: ch.String(), Rows: total.Rows, Bytes: total.Bytes, Seconds: secs,
		RowsPerSec: rate(float64(total.Rows), secs), MBPerSec: rate(float64(total.Bytes)/1e6, secs), Retries: retries})
	tr.zeroDates = addCounts(tr.zeroDates, total.ZeroDates)
	return nil
}

// addCounts adds per-column counts into m, allocating it on first use.
func addCounts(m, add map[string]int64) map[string]int64 {
	for col, n := range add {
		if m == nil {
			m = map[string]int64{}
		}
		m[col] += n
	}
	return m
}
