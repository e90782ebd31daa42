package sink

import (
	"fmt"
	"os"

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
	Dir         string // output directory, created if missing; unused for None
	Compression string // see Format.Compression; "" picks the format's default

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

// New returns the sink for format f. For file formats it creates o.Dir.
func New(f Format, o Options) (extract.Sink, error) {
	comp, err := f.Compression(o.Compression)
	if err != nil {
		return nil, err
	}
	if f == None {
		return discard{}, nil
	}
	if o.Dir == "" {
		return nil, fmt.Errorf("%s output needs a directory", f)
	}
	if err := os.MkdirAll(o.Dir, 0o777); err != nil {
		return nil, fmt.Errorf("create output directory: %w", err)
	}
	o.Compression = comp
	if o.RowGroupRows <= 0 {
		o.RowGroupRows = DefaultRowGroupRows
	}
	if o.RowGroupBytes <= 0 {
		o.RowGroupBytes = DefaultRowGroupBytes
	}
	if o.Alloc == nil {
		o.Alloc = memory.DefaultAllocator
	}
	return &fileSink{format: f, opts: o}, nil
}

// fileSink opens one file per table. It holds no mutable state, so tables
// may be opened from several goroutines.
type fileSink struct {
	format Format
	opts   Options
}

func (s *fileSink) Open(t *schema.Table, sc *arrow.Schema) (extract.TableSink, error) {
	name := FileName(s.format, t.Schema, t.Name)
	var encs []csvEncoder
	if s.format == CSV {
		// Check the types before creating a file that would only be removed.
		var err error
		if encs, err = csvEncoders(sc); err != nil {
			return nil, fmt.Errorf("csv output for %s: %w", t, err)
		}
	}
	af, err := createFile(s.opts.Dir, name, "", 0o666, true)
	if err != nil {
		return nil, err
	}
	var ts extract.TableSink
	switch s.format {
	case Parquet:
		ts, err = newParquetTable(af, sc, s.opts)
	case Arrow:
		ts = newIPCTable(af, sc, s.opts)
	case CSV:
		ts = newCSVTable(af, sc, encs)
	}
	if err != nil {
		af.Abort()
		return nil, fmt.Errorf("%s output for %s: %w", s.format, t, err)
	}
	return ts, nil
}

// output is what a committed single-file table produced.
func output(af *File, size int64) extract.Output {
	return extract.Output{Files: []string{af.name}, Bytes: size}
}

// writeErr prefers the file's own I/O failure, which names the file and
// the cause, over whatever the encoder made of it.
func writeErr(af *File, err error) error {
	if af.err != nil {
		return af.err
	}
	return fmt.Errorf("write %s: %w", af.Path(), err)
}

// discard is the None sink: it drops batches without touching them, since
// the caller keeps ownership of every record it passes in.
type discard struct{}

func (discard) Open(*schema.Table, *arrow.Schema) (extract.TableSink, error) { return discard{}, nil }
func (discard) Write(arrow.RecordBatch) error                                { return nil }
func (discard) Commit() (extract.Output, error)                              { return extract.Output{}, nil }
func (discard) Abort()                                                       {}
