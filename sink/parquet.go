package sink

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"math"
	"runtime"
	"slices"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/metadata"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"golang.org/x/sync/errgroup"
)

var parquetCodecs = map[string]compress.Compression{
	"zstd":   compress.Codecs.Zstd,
	"snappy": compress.Codecs.Snappy,
	"gzip":   compress.Codecs.Gzip,
	"none":   compress.Codecs.Uncompressed,
}

// parquetTable writes one table as a Parquet file with the Arrow schema
// stored in its metadata ("ARROW:schema", as Arrow C++ and pqarrow's
// WithStoreSchema do), so that the "UTC" time zone and field and schema
// metadata read back as written.
//
// Two column kinds are written differently from pqarrow's defaults, so that
// independent readers (DuckDB, Arrow C++/pyarrow, arrow-go's own pqarrow)
// read every value right; see parquetColumnKind.
//
// Rows go into a buffered row group, which the writer holds in memory
// (encoded) until the group closes; parquetTable closes it when it reaches
// maxRows or maxBytes of Arrow data, slicing a batch across the boundary,
// so memory stays near one row group however large the table is.
//
// Encoding and compressing is the costly part, and the columns of a
// buffered row group are independent (each has its own encoder, pages,
// statistics and buffer), so a batch's columns are encoded in parallel,
// up to GOMAXPROCS at a time. pqarrow.FileWriter writes columns one after
// the other, so parquetTable drives file.Writer itself; with flat schemas
// (every field a leaf) the definition levels are simply 1 for a value and
// 0 for a NULL. Write returns once a batch's encoding has started, so the
// caller can fetch the next batch meanwhile; the next call waits for it.
// At most one batch is in flight: memory is one row group plus that batch.
type parquetTable struct {
	af       *target
	fw       *file.Writer
	rgw      file.BufferedRowGroupWriter // the open row group; nil before the first row
	cols     []parquetColumn
	workers  int
	maxRows  int64
	maxBytes float64
	rgRows   int64   // rows in the open row group
	rgBytes  float64 // Arrow bytes in the open row group
	ones     []int16 // definition levels of a piece without NULLs; read-only while encoding
	pending  chan error
	err      error // the first failure; every later call returns it
	closed   bool
	ratio    *sizeRatio // file bytes per Arrow byte of the table's closed row groups
}

// parquetColumn is what encoding one column needs. Only one goroutine
// works on a column at a time.
type parquetColumn struct {
	name     string
	nullable bool
	kind     parquetColumnKind
	ctx      context.Context // pqarrow's scratch buffers for this column
	defs     []int16         // definition levels of a piece with NULLs

	scratch []byte                      // parquetWideDecimal: the values' bytes
	flba    []parquet.FixedLenByteArray // parquetWideDecimal: views into scratch
}

func newParquetTable(af *target, sc *arrow.Schema, o Options, ratio *sizeRatio) (*parquetTable, error) {
	name, level := parseCodec(o.Compression)
	props := parquet.NewWriterProperties(
		parquet.WithAllocator(o.Alloc),
		parquet.WithCompression(parquetCodecs[name]),
		parquet.WithCompressionLevel(compressionLevel(level)),
		parquet.WithStats(true),
		parquet.WithDictionaryPageSizeLimit(dictionaryLimit),
	)
	aprops := pqarrow.NewArrowWriterProperties(pqarrow.WithAllocator(o.Alloc))
	for _, f := range sc.Fields() {
		switch f.Type.(type) {
		case arrow.NestedType, *arrow.DictionaryType, arrow.ExtensionType:
			return nil, fmt.Errorf("%w: column %s is %s; parquet output takes flat columns only", ErrUnsupportedType, f.Name, f.Type)
		}
	}
	stored := storageSchema(sc)
	pqschema, err := pqarrow.ToParquet(stored, props, aprops)
	if err != nil {
		return nil, err // a type Parquet cannot hold; Open names the table
	}
	if pqschema, err = widenDecimals(pqschema, stored.Fields()); err != nil {
		return nil, err
	}
	kv, err := parquetMetadata(stored, o.Alloc)
	if err != nil {
		return nil, err
	}
	fw, err := file.NewParquetWriterWithError(af, pqschema.Root(), file.WithWriterProps(props), file.WithWriteMetadata(kv))
	if err != nil {
		return nil, writeErr(af, err)
	}
	p := &parquetTable{
		af: af, fw: fw, ratio: ratio,
		workers: runtime.GOMAXPROCS(0),
		maxRows: o.RowGroupRows, maxBytes: float64(o.RowGroupBytes),
	}
	for _, f := range sc.Fields() {
		p.cols = append(p.cols, parquetColumn{
			name:     f.Name,
			nullable: f.Nullable,
			kind:     parquetKindOf(f.Type),
			ctx:      pqarrow.NewArrowWriteContext(context.Background(), &aprops),
		})
	}
	return p, nil
}

// dictionaryLimit caps a column chunk's dictionary. A column with more
// distinct values than fit falls back to plain encoding (still
// compressed) instead of hashing every value until its first 1 MiB page:
// on a unique key that hashing was 12% of the encoding time, for a file a
// little larger than plain. Low-cardinality columns, the ones a dictionary
// pays off for, still get one.
const dictionaryLimit = 64 << 10

// compressionLevel is the level the codec is given: a parsed level, or
// the codec's default for codecs that take none.
func compressionLevel(level int) int {
	if level == 0 {
		return compress.DefaultCompressionLevel
	}
	return level
}

// parquetMetadata is the file's key-value metadata: sc's schema metadata,
// then "ARROW:schema", sc serialized as an IPC stream holding only the
// schema and base64-encoded, as pqarrow's WithStoreSchema (through
// flight.SerializeSchema) and Arrow C++ store it, then parity.mysql_types.
// sc is the storage schema.
func parquetMetadata(sc *arrow.Schema, mem memory.Allocator) (metadata.KeyValueMetadata, error) {
	md := sc.Metadata()
	keys, vals := slices.Clone(md.Keys()), slices.Clone(md.Values())
	if i := md.FindKey(arrowSchemaKey); i >= 0 { // a stale copy must not win
		keys = slices.Delete(keys, i, i+1)
		vals = slices.Delete(vals, i, i+1)
	}
	clean := arrow.NewMetadata(keys, vals)
	var buf bytes.Buffer
	w := ipc.NewWriter(&buf, ipc.WithSchema(arrow.NewSchema(sc.Fields(), &clean)), ipc.WithAllocator(mem))
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("serialize arrow schema: %w", err)
	}
	kv := make(metadata.KeyValueMetadata, 0, len(keys)+1)
	for i := range keys {
		kv.Append(keys[i], vals[i])
	}
	kv.Append(arrowSchemaKey, base64.StdEncoding.EncodeToString(buf.Bytes()))
	if types, ok := mysqlTypes(sc); ok && md.FindKey(mysqlTypesKey) < 0 {
		kv.Append(mysqlTypesKey, types)
	}
	return kv, nil
}

const arrowSchemaKey = "ARROW:schema"

func (p *parquetTable) Write(rec arrow.RecordBatch) error {
	if p.err != nil {
		return p.err
	}
	n := rec.NumRows()
	if n == 0 {
		return nil
	}
	// Rows of one batch are taken as equally wide: the batch is the
	// finest grain the size is known at without walking every value.
	perRow := float64(recordBytes(rec)) / float64(n)
	for off := int64(0); off < n; {
		if p.rgw == nil || p.rgRows >= p.maxRows || p.rgBytes >= p.maxBytes {
			if err := p.newRowGroup(); err != nil {
				return p.fail(err)
			}
		}
		take := min(n-off, p.maxRows-p.rgRows)
		if perRow > 0 {
			fit := int64(math.Ceil((p.maxBytes - p.rgBytes) / perRow))
			take = min(take, max(fit, 1))
		}
		if err := p.wait(); err != nil {
			return err
		}
		p.start(rec, off, off+take)
		p.rgRows += take
		p.rgBytes += float64(take) * perRow
		off += take
	}
	return nil
}

// newRowGroup closes the open row group, writing it to the file, and
// starts the next.
func (p *parquetTable) newRowGroup() error {
	if err := p.wait(); err != nil {
		return err
	}
	before := p.af.n
	rgw, err := p.fw.AppendBufferedRowGroupChecked()
	if err != nil {
		return err
	}
	if p.rgw != nil { // appending wrote the previous group out
		p.ratio.add(p.rgBytes, float64(p.af.n-before))
	}
	p.rgw = rgw
	p.rgRows, p.rgBytes = 0, 0
	return nil
}

// start encodes rows [i, j) of rec into the open row group in the
// background, each column in its own goroutine, GOMAXPROCS at a time.
// The previous piece must be done.
func (p *parquetTable) start(rec arrow.RecordBatch, i, j int64) {
	arrs := make([]arrow.Array, len(p.cols))
	for c, col := range p.cols {
		arrs[c] = storageSlice(rec.Column(c), col.kind == parquetMicros, i, j)
	}
	if need := int(j - i); len(p.ones) < need {
		p.ones = make([]int16, need)
		for k := range p.ones {
			p.ones[k] = 1
		}
	}
	rgw, cols, ones := p.rgw, p.cols, p.ones
	done := make(chan error, 1)
	p.pending = done
	go func() {
		var g errgroup.Group
		g.SetLimit(p.workers)
		for c := range cols {
			g.Go(func() error {
				defer arrs[c].Release()
				cw, err := rgw.Column(c)
				if err != nil {
					return err
				}
				return cols[c].write(cw, arrs[c], ones)
			})
		}
		done <- g.Wait()
	}()
}

// storageSlice is rows [i, j) of a, with a Duration array viewed as its
// Int64 storage (the same buffers). The caller releases it.
func storageSlice(a arrow.Array, duration bool, i, j int64) arrow.Array {
	d := a.Data()
	if duration {
		nd := array.NewData(arrow.PrimitiveTypes.Int64, d.Len(), d.Buffers(), nil, d.NullN(), d.Offset())
		defer nd.Release()
		d = nd
	}
	sd := array.NewSliceData(d, i, j)
	defer sd.Release()
	return array.MakeFromData(sd)
}

// write appends a to the column chunk. The definition levels say which
// rows hold a value; a required column has none.
func (col *parquetColumn) write(cw file.ColumnChunkWriter, a arrow.Array, ones []int16) error {
	var defs []int16
	switch {
	case !col.nullable:
	case a.NullN() == 0:
		defs = ones[:a.Len()]
	default:
		defs = slices.Grow(col.defs[:0], a.Len())[:a.Len()]
		for k := range defs {
			defs[k] = 0
			if a.IsValid(k) {
				defs[k] = 1
			}
		}
		col.defs = defs
	}
	var err error
	if col.kind == parquetWideDecimal {
		err = col.writeWideDecimals(cw, a.(*array.Decimal256), defs)
	} else {
		err = pqarrow.WriteArrowToColumn(col.ctx, cw, a, defs, nil, col.nullable)
	}
	if err != nil {
		return fmt.Errorf("column %s: %w", col.name, err)
	}
	return nil
}

// wait returns once the piece in flight, if any, is encoded.
func (p *parquetTable) wait() error {
	if p.pending != nil {
		err := <-p.pending
		p.pending = nil
		if err != nil {
			return p.fail(err)
		}
	}
	return p.err
}

// fail records the first failure, worded for people.
func (p *parquetTable) fail(err error) error {
	if p.err == nil {
		p.err = writeErr(p.af, err)
	}
	return p.err
}

// estimate is the size the file would have if it ended now: what is
// written, and the open row group at the ratio of the groups before it.
func (p *parquetTable) estimate() int64 {
	return p.af.n + int64(p.rgBytes*p.ratio.get())
}

// finish writes the last row group and the footer.
func (p *parquetTable) finish() error {
	if err := p.wait(); err != nil {
		return err
	}
	p.closed = true
	if err := p.fw.Close(); err != nil {
		return p.fail(err)
	}
	return nil
}

// abort frees the buffered row group. Closing is the only way to free its
// memory, so every column writer is closed with the file's writes
// discarded, including those a failed close left open.
func (p *parquetTable) abort() {
	p.wait()
	p.af.drop = true
	if p.rgw != nil {
		for c := range p.cols {
			if cw, err := p.rgw.Column(c); err == nil && cw != nil {
				cw.Close()
			}
		}
	}
	if !p.closed {
		p.closed = true
		p.fw.Close()
	}
}
