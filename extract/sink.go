package extract

import (
	"database/sql/driver"

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

// TextSink is a TableSink that can also take rows as text rendered straight
// from the driver's values, with no Arrow batch in between: CSV, whose text
// for integers, decimals, dates, strings and binary is the server's text,
// checked and at most reformatted, or the hex of the bytes sent. Decoding
// such a row into Arrow and encoding it back cost 15 % of a CSV export's
// CPU on a sysbench table and 40 % of its time on a table of dates and
// decimals. A table whose sink offers a RowText is read that way;
// everything else about the run (chunks, retries, resume keys, byte and
// zero-date counts) is the same.
type TextSink interface {
	TableSink
	// RowText returns the function that appends one row's text, applying
	// zero-date policy zero as the decoder does, or nil when some column
	// of the table needs the Arrow path. Several workers call the function
	// at once.
	RowText(zero ZeroDatePolicy) RowText
	// WriteText appends rows rendered by RowText's function.
	WriteText(text []byte, rows int64) error
}

// RowText appends the text of one row, as the driver delivered its values,
// to dst, and counts in zeros[i] each zero date of column i it wrote as
// NULL. It fails on a value of a type its column does not expect, and with
// a *ZeroDateError where the policy says so.
type RowText func(dst []byte, row []driver.Value, zeros []int64) ([]byte, error)
