package sink

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/ipc"

	"github.com/parity-db/parity/extract"
)

// ipcTable writes one table as an Arrow IPC stream (not the file format):
// a stream needs no footer, so batches go to disk as they come, and the
// schema message carries the schema and field metadata unchanged.
type ipcTable struct {
	af     *File
	w      *ipc.Writer
	closed bool
}

func newIPCTable(af *File, sc *arrow.Schema, o Options) *ipcTable {
	opts := []ipc.Option{ipc.WithSchema(sc), ipc.WithAllocator(o.Alloc)}
	switch o.Compression {
	case "zstd":
		opts = append(opts, ipc.WithZstd())
	case "lz4":
		opts = append(opts, ipc.WithLZ4())
	}
	return &ipcTable{af: af, w: ipc.NewWriter(af, opts...)}
}

func (t *ipcTable) Write(rec arrow.RecordBatch) error {
	if err := t.w.Write(rec); err != nil {
		return writeErr(t.af, err)
	}
	return nil
}

func (t *ipcTable) Commit() (extract.Output, error) {
	t.closed = true
	// Close writes the schema too, so a table with no rows is a valid,
	// empty stream.
	if err := t.w.Close(); err != nil {
		return extract.Output{}, writeErr(t.af, err)
	}
	size, err := t.af.Commit()
	if err != nil {
		return extract.Output{}, err
	}
	return output(t.af, size), nil
}

func (t *ipcTable) Abort() {
	if !t.closed {
		t.closed = true
		t.af.drop = true
		t.w.Close() // frees dictionaries and compressors
	}
	t.af.Abort()
}
