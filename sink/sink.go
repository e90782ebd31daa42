package sink

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/parity-db/parity/extract"
	"github.com/parity-db/parity/schema"
)

// Defaults for Options left zero.
const (
	DefaultRowGroupRows  = 1 << 20  // rows per Parquet row group
	DefaultRowGroupBytes = 64 << 20 // Arrow bytes per Parquet row group: bounds the writer's memory
)

// Options configure a file sink.
type Options struct {
	// Store is where the files go; nil writes to the directory Dir,
	// created if missing. Both are unused for None.
	Store Store
	Dir   string

	Compression string  // see Format.Compression; "" picks the format's default
	CSVDialect  Dialect // "" is rfc4180

	// MaxFileRows and MaxFileBytes cut a table into part files (see
	// PartName) of at most that many rows, and of about that many bytes:
	// a part ends once the bytes written, and for Parquet the open row
	// group at the ratio of the groups before it, reach the limit, and
	// batches are sliced to fit at the table's bytes per row so far.
	// 0 is no limit; with neither, a table is one file.
	MaxFileRows  int64
	MaxFileBytes int64

	// A Parquet row group is buffered in memory until it is complete, so
	// both caps bound memory: RowGroupRows for narrow rows, RowGroupBytes
	// (measured on the Arrow batches written into it) for wide ones.
	RowGroupRows  int64 // default DefaultRowGroupRows
	RowGroupBytes int64 // default DefaultRowGroupBytes

	// Alloc must be safe for concurrent use, as arrow-go's allocators
	// are: tables may be written at the same time, and a Parquet file's
	// columns are encoded in parallel.
	Alloc memory.Allocator // default memory.DefaultAllocator
}

// New returns the sink for format f: a discarder for None, else Create's
// Output, which has removed the previous run's files from the store.
func New(f Format, o Options) (extract.Sink, error) {
	if _, err := f.Compression(o.Compression); err != nil {
		return nil, err
	}
	if f == None {
		return discard{}, nil
	}
	return Create(f, o)
}

// Discard is the None sink.
var Discard extract.Sink = discard{}

// discard is the None sink: it drops batches without touching them, since
// the caller keeps ownership of every record it passes in.
type discard struct{}

func (discard) Open(*schema.Table, *arrow.Schema) (extract.TableSink, error) { return discard{}, nil }
func (discard) Write(arrow.RecordBatch) error                                { return nil }
func (discard) Commit() (extract.Output, error)                              { return extract.Output{}, nil }
func (discard) Abort()                                                       {}
