package sink

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/ipc"
)

// ipcTable writes one table as an Arrow IPC stream (not the file format):
// a stream needs no footer, so batches go out as they come, and the
// schema message carries the schema and field metadata unchanged.
type ipcTable struct {
	af     *target
	w      *ipc.Writer
	closed bool
}

func newIPCTable(af *target, sc *arrow.Schema, o Options) *ipcTable {
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

// estimate: the writer buffers nothing.
func (t *ipcTable) estimate() int64 { return t.af.n }

// finish writes the end-of-stream marker; Close writes the schema too, so
// a table with no rows is a valid, empty stream.
func (t *ipcTable) finish() error {
	t.closed = true
	if err := t.w.Close(); err != nil {
		return writeErr(t.af, err)
	}
	return nil
}

func (t *ipcTable) abort() {
	if !t.closed {
		t.closed = true
		t.af.drop = true
		t.w.Close() // frees dictionaries and compressors
	}
}
