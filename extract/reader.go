package extract

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/parity-db/parity/schema"
)

// ChunkReader reads chunks of one table into Arrow batches. Several workers
// may share one, each reading on its own connection; verify uses one per
// side to read the same chunk from both clusters.
type ChunkReader struct {
	t      *schema.Table
	schema *arrow.Schema
	o      Options

	mu    sync.Mutex
	sizes batchSizes // of the last full batch: sizes the next one
}

// ChunkStats is what reading one chunk found. After a failed Read it
// counts only the rows handed to emit, and Last says where they ended, so
// the rest of the chunk is ch.Rest(Last).
type ChunkStats struct {
	Rows      int64
	Bytes     int64 // value bytes as the server sent them
	Elapsed   time.Duration
	ZeroDates map[string]int64 // per column: zero or partial-zero dates read as NULL
	// Last is the key of the last row handed to emit, as bind values; nil
	// before the first batch and for a chunk without a key.
	Last []any
}

// NewChunkReader maps t to Arrow and prepares to read its chunks with o's
// batch limits, allocator and zero-date policy.
func NewChunkReader(t *schema.Table, o Options) (*ChunkReader, error) {
	o.setDefaults()
	s, err := ArrowSchema(t)
	if err != nil {
		return nil, fmt.Errorf("map %s to Arrow: %w", t, err)
	}
	return &ChunkReader{t: t, schema: s, o: o}, nil
}

// Schema is the Arrow schema of the batches Read produces.
func (r *ChunkReader) Schema() *arrow.Schema { return r.schema }

// Read streams chunk ch on c, at the driver level so values arrive as slices
// of the driver's buffer and go straight into Arrow builders, and hands each
// batch to emit with its value bytes. emit owns the batch and must release
// it. Rows arrive in key order. Errors are returned as the driver or
// decoder gave them (the caller knows the endpoint to name); a cancelled
// ctx wins over any other error.
func (r *ChunkReader) Read(ctx context.Context, c *sql.Conn, ch Chunk, emit func(rec arrow.RecordBatch, bytes int64) error) (ChunkStats, error) {
	q, args := chunkQuery(ch)
	key, err := r.keyColumns(ch.Key)
	if err != nil {
		return ChunkStats{}, err
	}
	return r.read(ctx, c, q, args, key, emit)
}

// keyColumns finds the key's columns among the table's, to take the key of
// the last row of each batch from the values the driver delivers.
func (r *ChunkReader) keyColumns(key []Bound) ([]keyColumn, error) {
	out := make([]keyColumn, 0, len(key))
	for _, k := range key {
		i := slices.IndexFunc(r.t.Columns, func(c schema.Column) bool { return c.Name == k.Column })
		if i < 0 {
			return nil, fmt.Errorf("extract %s: key column %s is not in the table", r.t, k.Column)
		}
		out = append(out, keyColumn{at: i, col: r.t.Columns[i]})
	}
	return out, nil
}

type keyColumn struct {
	at  int
	col schema.Column
}

// keyOf turns the key values of a row as the driver delivered them
// (integers as int64 or uint64, everything else as bytes) into bind values
// that compare as the splitter's boundaries do.
func keyOf(key []keyColumn, row []driver.Value) ([]any, error) {
	out := make([]any, len(key))
	for i, k := range key {
		switch v := row[k.at].(type) {
		case int64:
			if k.col.Unsigned {
				out[i] = uint64(v)
			} else {
				out[i] = v
			}
		case uint64:
			out[i] = v
		case []byte:
			b, err := bindValue(k.col, v)
			if err != nil {
				return nil, fmt.Errorf("key column %s: %w", k.col.Name, err)
			}
			out[i] = b
		default:
			return nil, fmt.Errorf("key column %s: unexpected driver value of type %T", k.col.Name, v)
		}
	}
	return out, nil
}

// ReadWhere reads the rows of the table that match a predicate, such as the
// keys verify looks up after a chunk differed:
//
//	SELECT `id`, `k`, `c` FROM `db`.`t` WHERE (`id`) IN ((?), (?))
func (r *ChunkReader) ReadWhere(ctx context.Context, c *sql.Conn, where string, args []any, emit func(rec arrow.RecordBatch, bytes int64) error) (ChunkStats, error) {
	q, _ := chunkQuery(Chunk{Table: r.t})
	return r.read(ctx, c, q+" WHERE "+where, args, nil, emit)
}

// namedArgs converts query arguments the way database/sql would for this
// driver connection: with its own converter where it has one, which, unlike
// the default, takes a BIGINT UNSIGNED key at or above 2^63.
func namedArgs(dc any, args []any) ([]driver.NamedValue, error) {
	checker, _ := dc.(driver.NamedValueChecker)
	named := make([]driver.NamedValue, len(args))
	for i, a := range args {
		nv := driver.NamedValue{Ordinal: i + 1, Value: a}
		err := driver.ErrSkip
		if checker != nil {
			err = checker.CheckNamedValue(&nv)
		}
		if err == driver.ErrSkip {
			nv.Value, err = driver.DefaultParameterConverter.ConvertValue(a)
		}
		if err != nil {
			return nil, fmt.Errorf("argument %d: %w", i+1, err)
		}
		named[i] = nv
	}
	return named, nil
}

// ReadText is Read for a table whose rows go out as text: each row is
// rendered by text into a buffer from get, and each batch's buffer is
// handed to emit with its row count and value bytes. emit owns the buffer.
func (r *ChunkReader) ReadText(ctx context.Context, c *sql.Conn, ch Chunk, text RowText, get func() []byte,
	emit func(text []byte, rows, bytes int64) error) (ChunkStats, error) {
	q, args := chunkQuery(ch)
	key, err := r.keyColumns(ch.Key)
	if err != nil {
		return ChunkStats{}, err
	}
	b := &textBatch{text: text, get: get, emit: emit, names: r.t.ColumnNames(), zeros: make([]int64, len(r.t.Columns))}
	return r.scan(ctx, c, q, args, key, b)
}

func (r *ChunkReader) read(ctx context.Context, c *sql.Conn, q string, args []any, key []keyColumn,
	emit func(rec arrow.RecordBatch, bytes int64) error) (ChunkStats, error) {
	dec, err := newRowDecoder(r.t, r.o.Alloc, r.schema, r.o.ZeroDates)
	if err != nil {
		return ChunkStats{}, fmt.Errorf("extract %s: %w", r.t, err)
	}
	defer dec.release()
	r.mu.Lock()
	sizes := r.sizes
	r.mu.Unlock()
	dec.reserve(sizes)
	b := &arrowBatch{dec: dec, sizes: sizes, emit: emit}
	st, err := r.scan(ctx, c, q, args, key, b)
	if err == nil && b.sizes.rows > 0 {
		r.mu.Lock()
		r.sizes = b.sizes
		r.mu.Unlock()
	}
	return st, err
}

// rowBatch builds the batch of rows the reader hands on: Arrow columns, or
// text.
type rowBatch interface {
	// add appends a row and returns its value bytes.
	add(row []driver.Value) (int, error)
	// take hands the rows added since the last take on, rows of them with
	// bytes of values; full says the batch reached a limit rather than the
	// end of its chunk.
	take(rows, bytes int64, full bool) error
	// zeroDates counts, per column, the zero dates read as NULL so far.
	zeroDates() map[string]int64
}

// scan runs the chunk query on c at the driver level, so values arrive as
// slices of the driver's buffer, adds each row to b, and hands b's batches
// on as they fill. Errors are returned as the driver or the batch gave
// them (the caller knows the endpoint to name); a cancelled ctx wins over
// any other error.
func (r *ChunkReader) scan(ctx context.Context, c *sql.Conn, q string, args []any, key []keyColumn, b rowBatch) (ChunkStats, error) {
	var st ChunkStats // what take has handed on
	var batchRows, batchBytes int64
	start := time.Now()
	// flush hands the batch being built on; last is the key of its final
	// row, nil for the last batch of the chunk (nothing resumes after it).
	flush := func(last []any) error {
		if batchRows == 0 {
			return nil
		}
		full := batchRows >= int64(r.o.BatchRows) || batchBytes >= r.o.BatchBytes
		rows, bytes := batchRows, batchBytes
		batchRows, batchBytes = 0, 0
		if err := b.take(rows, bytes, full); err != nil {
			return err
		}
		st.Rows += rows
		st.Bytes += bytes
		st.Last = last
		if key != nil && last != nil {
			st.ZeroDates = maps.Clone(b.zeroDates())
		}
		return nil
	}
	qctx, cancel := context.WithCancel(ctx)
	defer cancel()
	err := c.Raw(func(dc any) (err error) {
		qc, ok := dc.(driver.QueryerContext)
		if !ok {
			return errors.New("driver connection cannot run queries directly")
		}
		named, err := namedArgs(dc, args)
		if err != nil {
			return fmt.Errorf("query %s: %w", r.t, err)
		}
		rs, err := qc.QueryContext(qctx, q, named)
		if err != nil {
			return err
		}
		defer func() {
			if err != nil {
				// Without this, Close would read the rest of the chunk first;
				// cancelling makes the driver drop the connection at once.
				cancel()
			}
			rs.Close()
		}()
		dest := make([]driver.Value, len(r.t.Columns))
		for {
			if err := rs.Next(dest); err != nil {
				if err == io.EOF {
					return nil
				}
				return err
			}
			n, err := b.add(dest)
			if err != nil {
				return err
			}
			batchRows++
			batchBytes += int64(n)
			if batchRows >= int64(r.o.BatchRows) || batchBytes >= r.o.BatchBytes {
				var last []any
				if key != nil {
					if last, err = keyOf(key, dest); err != nil {
						return fmt.Errorf("extract %s: %w", r.t, err)
					}
				}
				if err := flush(last); err != nil {
					return err
				}
			}
		}
	})
	if err == nil {
		err = flush(nil)
	}
	if ctx.Err() != nil {
		return st, ctx.Err()
	}
	if err != nil {
		return st, err
	}
	st.Elapsed = time.Since(start)
	st.ZeroDates = maps.Clone(b.zeroDates())
	return st, nil
}

// arrowBatch builds Arrow record batches with a rowDecoder.
type arrowBatch struct {
	dec   *rowDecoder
	sizes batchSizes // the largest batch so far: sizes the next one
	emit  func(rec arrow.RecordBatch, bytes int64) error
}

func (b *arrowBatch) add(row []driver.Value) (int, error) { return b.dec.appendRow(row) }

func (b *arrowBatch) take(rows, bytes int64, full bool) error {
	rec := b.dec.newRecordBatch()
	// The largest batch so far sizes the next one, whether it ended full
	// or with its chunk: chunks smaller than a batch (verify's, a small
	// --chunk-rows) would otherwise grow every batch by doubling.
	if rows >= int64(b.sizes.rows) {
		b.sizes = measureBatch(rec)
	}
	if full {
		b.dec.reserve(b.sizes)
	}
	return b.emit(rec, bytes)
}

func (b *arrowBatch) zeroDates() map[string]int64 { return b.dec.zeroDates() }

// textBatch builds a batch of rows rendered as text, in a buffer taken
// from get at the batch's first row.
type textBatch struct {
	text RowText
	get  func() []byte
	emit func(text []byte, rows, bytes int64) error
	buf  []byte // nil until the batch's first row

	names []string
	zeros []int64 // per column: zero dates written as NULL
}

func (b *textBatch) add(row []driver.Value) (int, error) {
	if b.buf == nil {
		b.buf = b.get()
	}
	var err error
	if b.buf, err = b.text(b.buf, row, b.zeros); err != nil {
		return 0, err
	}
	return valueBytes(row), nil
}

func (b *textBatch) take(rows, bytes int64, _ bool) error {
	buf := b.buf
	b.buf = nil
	return b.emit(buf, rows, bytes)
}

func (b *textBatch) zeroDates() map[string]int64 { return zeroCounts(b.names, b.zeros) }

// valueBytes counts a row's value bytes as rowDecoder.appendRow does: the
// length of each text or binary value, 8 for a number, 0 for NULL.
func valueBytes(row []driver.Value) int {
	n := 0
	for _, v := range row {
		switch v := v.(type) {
		case nil:
		case []byte:
			n += len(v)
		default:
			n += 8
		}
	}
	return n
}

// batchSizes remembers how big a batch was, per column, so the next batch's
// builders can be allocated once at the right size instead of doubling and
// copying their way there.
type batchSizes struct {
	rows int
	data []int // value bytes of each variable-width column; 0 for fixed width
}

func measureBatch(rec arrow.RecordBatch) batchSizes {
	s := batchSizes{rows: int(rec.NumRows()), data: make([]int, rec.NumCols())}
	for i, col := range rec.Columns() {
		switch a := col.(type) {
		case *array.String:
			s.data[i] = len(a.ValueBytes())
		case *array.Binary:
			s.data[i] = len(a.ValueBytes())
		}
	}
	return s
}
