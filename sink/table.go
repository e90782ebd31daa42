package sink

import (
	"fmt"
	"math"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/parity-db/parity/extract"
	"github.com/parity-db/parity/schema"
)

// encoder writes one file's worth of batches in a format into a target.
// The table that owns it closes, publishes or aborts the object.
type encoder interface {
	Write(rec arrow.RecordBatch) error
	// estimate is the size the file would have if it ended now.
	estimate() int64
	// finish writes the footer or trailer.
	finish() error
	// abort frees the encoder's memory without writing more.
	abort()
}

// sizeRatio is the file bytes per Arrow byte of a table's Parquet row
// groups written so far, to size the open row group by.
type sizeRatio struct{ arrow, file float64 }

func (r *sizeRatio) add(arrowBytes, fileBytes float64) { r.arrow += arrowBytes; r.file += fileBytes }

func (r *sizeRatio) get() float64 {
	if r.arrow <= 0 {
		return 1
	}
	return r.file / r.arrow
}

// probeRows is the first piece of a table cut by bytes, written to learn
// the file bytes a row takes.
const probeRows = 64

// tableSink is one table's output: one file, or with MaxFileRows or
// MaxFileBytes a sequence of part files, each a complete file of the
// format. Parts are closed as they fill and published together when the
// table commits; a failed table aborts them all.
type tableSink struct {
	out   *Output
	t     *schema.Table
	sc    *arrow.Schema
	encs  []csvEncoder // CSV: the checked encoders
	ratio sizeRatio

	parted   bool // names carry a part number
	cur      encoder
	obj      *target
	curRows  int64
	parts    []*target // closed, awaiting publication
	rows     int64     // in closed parts
	bytes    int64     // of closed parts
	failed   error
	finished bool
}

func (s *tableSink) name(part int) string {
	if !s.parted {
		return tableFileName(s.t.Schema, s.t.Name, s.out.ext, -1)
	}
	return tableFileName(s.t.Schema, s.t.Name, s.out.ext, part)
}

// open starts the next file.
func (s *tableSink) open() error {
	name := s.name(len(s.parts))
	obj, err := s.out.create(name)
	if err != nil {
		return err
	}
	tg := &target{obj: obj, path: s.out.store.Path(name)}
	var enc encoder
	o := s.out.opts
	switch s.out.format {
	case Parquet:
		enc, err = newParquetTable(tg, s.sc, o, &s.ratio)
	case Arrow:
		enc = newIPCTable(tg, s.sc, o)
	case CSV:
		enc, err = newCSVTable(tg, s.sc, s.encs, s.out.dialect, o.Compression)
	}
	if err != nil {
		_ = obj.Abort()
		return fmt.Errorf("%s output for %s: %w", s.out.format, s.t, err)
	}
	s.cur, s.obj, s.curRows = enc, tg, 0
	return nil
}

// closePart finishes the current file and keeps it for publication.
func (s *tableSink) closePart() error {
	if err := s.cur.finish(); err != nil {
		return err
	}
	n, err := s.obj.obj.Close()
	if err != nil {
		return err
	}
	s.parts = append(s.parts, s.obj)
	s.rows += s.curRows
	s.bytes += n
	s.cur, s.obj = nil, nil
	return nil
}

func (s *tableSink) Write(rec arrow.RecordBatch) error {
	if s.failed != nil {
		return s.failed
	}
	if err := s.write(rec); err != nil {
		s.failed = err
		return err
	}
	return nil
}

func (s *tableSink) write(rec arrow.RecordBatch) error {
	o := s.out.opts
	if !s.parted {
		return s.cur.Write(rec)
	}
	n := rec.NumRows()
	for off := int64(0); off < n; {
		if s.cur == nil {
			if err := s.open(); err != nil {
				return err
			}
		}
		take := n - off
		if o.MaxFileRows > 0 {
			take = min(take, o.MaxFileRows-s.curRows)
		}
		if o.MaxFileBytes > 0 && s.rows+s.curRows == 0 {
			// Nothing says yet what a row takes in the file (CSV text is
			// often larger than the Arrow values): a few rows measure it.
			take = min(take, probeRows)
		} else if o.MaxFileBytes > 0 {
			room := o.MaxFileBytes - s.cur.estimate()
			fit := int64(math.Floor(float64(room) / s.bytesPerRow(rec)))
			if s.curRows == 0 {
				fit = max(fit, 1) // a part holds at least a row
			}
			take = min(take, fit)
		}
		if take <= 0 { // not another row fits
			if err := s.closePart(); err != nil {
				return err
			}
			continue
		}
		{
			piece := rec
			if take < n || off > 0 {
				piece = rec.NewSlice(off, off+take)
			}
			err := s.cur.Write(piece)
			if piece != rec {
				piece.Release()
			}
			if err != nil {
				return err
			}
			s.curRows += take
			off += take
		}
		if s.full() {
			if err := s.closePart(); err != nil {
				return err
			}
		}
	}
	return nil
}

// RowText renders rows straight from the driver's values for a CSV table
// written as one file whose columns all allow it (see dialect.rowText); nil
// otherwise. Parted tables keep the Arrow path, which cuts batches at any
// row for the part limits.
func (s *tableSink) RowText(zero extract.ZeroDatePolicy) extract.RowText {
	if s.out.format != CSV || s.parted {
		return nil
	}
	return s.out.dialect.rowText(s.sc, zero)
}

var _ extract.TextSink = (*tableSink)(nil)

// WriteText appends rows rendered by RowText's function. Like Write
// outside parts, it needs no row count.
func (s *tableSink) WriteText(text []byte, _ int64) error {
	if s.failed != nil {
		return s.failed
	}
	t, ok := s.cur.(*csvTable)
	if !ok || s.parted {
		s.failed = fmt.Errorf("%s output for %s takes no text rows", s.out.format, s.t)
		return s.failed
	}
	if err := t.writeText(text); err != nil {
		s.failed = err
		return err
	}
	return nil
}

// full: the current part reached a limit.
func (s *tableSink) full() bool {
	o := s.out.opts
	if o.MaxFileRows > 0 && s.curRows >= o.MaxFileRows {
		return true
	}
	return o.MaxFileBytes > 0 && s.curRows > 0 && s.cur.estimate() >= o.MaxFileBytes
}

// bytesPerRow is the file bytes a row is expected to take: as in the
// table's files so far, or, before any, its Arrow size in rec.
func (s *tableSink) bytesPerRow(rec arrow.RecordBatch) float64 {
	rows := s.rows + s.curRows
	if rows > 0 {
		if b := float64(s.bytes + s.cur.estimate()); b > 0 {
			return b / float64(rows)
		}
	}
	if n := rec.NumRows(); n > 0 {
		return max(float64(recordBytes(rec))/float64(n), 1)
	}
	return 1
}

// Commit closes the last file (a table with no rows still gets one valid,
// empty file) and publishes every file of the table.
func (s *tableSink) Commit() (extract.Output, error) {
	if s.failed != nil {
		return extract.Output{}, s.failed
	}
	if s.cur == nil && len(s.parts) == 0 {
		if err := s.open(); err != nil {
			return extract.Output{}, err
		}
	}
	if s.cur != nil {
		if err := s.closePart(); err != nil {
			s.failed = err
			return extract.Output{}, err
		}
	}
	var out extract.Output
	for _, p := range s.parts {
		if err := p.obj.Publish(); err != nil {
			s.failed = err
			return extract.Output{}, err
		}
		out.Files = append(out.Files, s.name(len(out.Files)))
	}
	out.Bytes = s.bytes
	s.finished = true
	s.out.committed(s.t, s.sc, out.Files)
	return out, nil
}

// Abort removes every file of the table: the one being written and the
// parts already closed or published.
func (s *tableSink) Abort() {
	if s.finished {
		return
	}
	s.finished = true
	if s.cur != nil {
		s.cur.abort()
		_ = s.obj.obj.Abort()
		s.cur, s.obj = nil, nil
	}
	for _, p := range s.parts {
		_ = p.obj.Abort()
	}
	s.parts = nil
}
