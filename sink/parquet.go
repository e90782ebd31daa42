package sink

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"math"
	"slices"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/parity-db/parity/extract"
)

var parquetCodecs = map[string]compress.Compression{
	"zstd":   compress.Codecs.Zstd,
	"snappy": compress.Codecs.Snappy,
	"gzip":   compress.Codecs.Gzip,
	"none":   compress.Codecs.Uncompressed,
}

// parquetTable writes one table as a Parquet file with the Arrow schema
// stored in its metadata ("ARROW:schema", as Arrow C++ and pqarrow's
// WithStoreSchema do), so that what Parquet has no word for — Duration,
// the "UTC" time zone, field and schema metadata — reads back as written.
//
// pqarrow (v18.8.0) cannot write Duration columns, so they are written as
// their int64 storage (the same buffers, no copy) with no logical type
// while the stored schema still says Duration: exactly what Arrow C++ and
// pyarrow write, and read back as Duration. pqarrow's own reader maps such
// a column to Duration but has no reader for that type; the tests' helper
// readParquet shows the workaround.
//
// Rows go into a buffered row group, which the writer holds in memory
// (encoded) until the group closes; parquetTable closes it when it reaches
// maxRows or maxBytes of Arrow data, slicing a batch across the boundary,
// so memory stays near one row group however large the table is.
type parquetTable struct {
	af       *atomicFile
	fw       *pqarrow.FileWriter
	storage  *arrow.Schema // sc with Duration as Int64; nil when sc has none
	maxRows  int64
	maxBytes float64
	rgRows   int64   // rows in the open row group
	rgBytes  float64 // Arrow bytes in the open row group
	closed   bool
}

func newParquetTable(af *atomicFile, sc *arrow.Schema, o Options) (*parquetTable, error) {
	props := parquet.NewWriterProperties(
		parquet.WithAllocator(o.Alloc),
		parquet.WithCompression(parquetCodecs[o.Compression]),
		parquet.WithStats(true),
		parquet.WithMaxRowGroupLength(o.RowGroupRows),
	)
	aprops := pqarrow.NewArrowWriterProperties(pqarrow.WithAllocator(o.Alloc))
	storage, err := parquetStorageSchema(sc, o.Alloc)
	if err != nil {
		return nil, err
	}
	fw, err := pqarrow.NewFileWriter(storage, af, props, aprops)
	if err != nil {
		if af.err != nil {
			return nil, af.err
		}
		return nil, err // a type Parquet cannot hold; Open names the table
	}
	p := &parquetTable{af: af, fw: fw, maxRows: o.RowGroupRows, maxBytes: float64(o.RowGroupBytes)}
	if hasDuration(sc) {
		p.storage = storage
	}
	return p, nil
}

// parquetStorageSchema is sc as written: Duration fields become Int64,
// and the schema metadata gains "ARROW:schema", sc itself serialized as
// an IPC stream and base64-encoded.
func parquetStorageSchema(sc *arrow.Schema, mem memory.Allocator) (*arrow.Schema, error) {
	var buf bytes.Buffer
	w := ipc.NewWriter(&buf, ipc.WithSchema(sc), ipc.WithAllocator(mem))
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("serialize arrow schema: %w", err)
	}
	md := sc.Metadata()
	keys := append(slices.Clone(md.Keys()), arrowSchemaKey)
	vals := append(slices.Clone(md.Values()), base64.StdEncoding.EncodeToString(buf.Bytes()))
	if i := md.FindKey(arrowSchemaKey); i >= 0 { // a stale copy must not win
		keys = slices.Delete(keys, i, i+1)
		vals = slices.Delete(vals, i, i+1)
	}
	fields := slices.Clone(sc.Fields())
	for i, f := range fields {
		if f.Type.ID() == arrow.DURATION {
			fields[i].Type = arrow.PrimitiveTypes.Int64
		}
	}
	meta := arrow.NewMetadata(keys, vals)
	return arrow.NewSchema(fields, &meta), nil
}

const arrowSchemaKey = "ARROW:schema"

func hasDuration(sc *arrow.Schema) bool {
	return slices.ContainsFunc(sc.Fields(), func(f arrow.Field) bool { return f.Type.ID() == arrow.DURATION })
}

// asStorage returns rec with Duration columns viewed as Int64, sharing
// their buffers. The caller releases the result.
func (p *parquetTable) asStorage(rec arrow.RecordBatch) arrow.RecordBatch {
	if p.storage == nil {
		rec.Retain()
		return rec
	}
	cols := make([]arrow.Array, rec.NumCols())
	for i, c := range rec.Columns() {
		if c.DataType().ID() == arrow.DURATION {
			d := c.Data()
			nd := array.NewData(arrow.PrimitiveTypes.Int64, d.Len(), d.Buffers(), nil, d.NullN(), d.Offset())
			cols[i] = array.MakeFromData(nd)
			nd.Release()
		} else {
			c.Retain()
			cols[i] = c
		}
	}
	out := array.NewRecordBatch(p.storage, cols, rec.NumRows())
	for _, c := range cols {
		c.Release()
	}
	return out
}

func (p *parquetTable) Write(rec arrow.RecordBatch) error {
	n := rec.NumRows()
	if n == 0 {
		return nil
	}
	rec = p.asStorage(rec)
	defer rec.Release()
	// Rows of one batch are taken as equally wide: the batch is the
	// finest grain the size is known at without walking every value.
	perRow := float64(recordBytes(rec)) / float64(n)
	for off := int64(0); off < n; {
		if p.rgRows >= p.maxRows || p.rgBytes >= p.maxBytes {
			if err := p.fw.NewBufferedRowGroupChecked(); err != nil {
				return writeErr(p.af, err)
			}
			p.rgRows, p.rgBytes = 0, 0
		}
		take := min(n-off, p.maxRows-p.rgRows)
		if perRow > 0 {
			fit := int64(math.Ceil((p.maxBytes - p.rgBytes) / perRow))
			take = min(take, max(fit, 1))
		}
		piece := rec
		if take < n {
			piece = rec.NewSlice(off, off+take)
		}
		err := p.fw.WriteBuffered(piece)
		if take < n {
			piece.Release()
		}
		if err != nil {
			return writeErr(p.af, err)
		}
		p.rgRows += take
		p.rgBytes += float64(take) * perRow
		off += take
	}
	return nil
}

func (p *parquetTable) Commit() (extract.Output, error) {
	p.closed = true
	if err := p.fw.Close(); err != nil {
		return extract.Output{}, writeErr(p.af, err)
	}
	size, err := p.af.commit()
	if err != nil {
		return extract.Output{}, err
	}
	return output(p.af, size), nil
}

func (p *parquetTable) Abort() {
	if !p.closed {
		p.closed = true
		// Closing is the only way to free the buffered row group; the
		// bytes it would write are dropped.
		p.af.drop = true
		p.fw.Close()
	}
	p.af.abort()
}
