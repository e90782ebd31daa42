package extract

import (
	"github.com/apache/arrow-go/v18/arrow"

	"github.com/parity-db/parity/schema"
)

// Sink receives the batches extracted from tables: a file writer, or a
// discarder for timing runs.
type Sink interface {
	// Open starts one table's output.
	Open(t *schema.Table, s *arrow.Schema) (TableSink, error)
}

// TableSink is one table's output. The extractor calls it from a single
// goroutine, so implementations need no locking.
type TableSink interface {
	// Write appends a batch. It must not keep rec after returning unless it
	// calls rec.Retain.
	Write(rec arrow.RecordBatch) error
	// Commit finishes the output and makes it visible under its final name.
	Commit() (Output, error)
	// Abort removes anything partial. It is safe to call after Commit failed
	// and a no-op after Commit succeeded.
	Abort()
}

// Output describes what a committed table sink produced.
type Output struct {
	Files []string `json:"files,omitempty"` // final paths, relative to the output directory
	Bytes int64    `json:"file_bytes"`      // bytes on disk
}
