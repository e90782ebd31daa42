package checksum

import (
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// Value is one column value shown to people.
type Value struct {
	Null bool `json:"null,omitempty"`
	// Text is the display form: numbers and dates as the server shows
	// them, text as is, binary as 0x-hex; cut to Options.MaxValueBytes on a
	// UTF-8 boundary, with Truncated set.
	Text      string `json:"text"`
	Truncated bool   `json:"truncated,omitempty"`
	// From is the byte offset in the value where Text starts, when a long
	// value is shown around a difference (ColumnDiff.FirstDifference)
	// rather than from its start; Bytes is then the value's whole length.
	From  int64 `json:"from,omitempty"`
	Bytes int64 `json:"bytes,omitempty"`
}

// String is NULL for NULL, and marks text cut at either end with "...".
func (v Value) String() string {
	if v.Null {
		return "NULL"
	}
	s := v.Text
	if v.From > 0 {
		s = "..." + s
	}
	if v.Truncated {
		s += "..."
	}
	return s
}

// Values returns the display values of the compared columns, in plan order.
func (e *Encoder) Values(rec arrow.RecordBatch, row int) []Value {
	e.bind(rec)
	out := make([]Value, len(e.cols))
	for i := range e.cols {
		out[i] = e.value(&e.cols[i], row)
	}
	return out
}

func (e *Encoder) value(c *column, row int) Value {
	if c.null(row) {
		return Value{Null: true}
	}
	e.tbuf = appendText(e.tbuf[:0], c.arr, c.col, row, false)
	return e.plan.display(e.tbuf)
}

// display truncates text to the plan's limit without splitting a character.
func (p *Plan) display(b []byte) Value {
	if p.maxText < 0 || len(b) <= p.maxText {
		return Value{Text: string(b)}
	}
	n := p.maxText
	for n > 0 && !utf8.RuneStart(b[n]) {
		n--
	}
	return Value{Text: string(b[:n]), Truncated: true}
}

// Cell is what a check needs of one compared value before the row is
// written elsewhere: whether it is NULL and, for text and binary values,
// its length in bytes and, for text, the text itself (aliasing the batch:
// valid while the batch is).
type Cell struct {
	Null  bool
	Text  string // text values only
	Bytes int    // text and binary values: length in bytes
}

// Cells returns the cells of the compared columns, in plan order.
func (e *Encoder) Cells(rec arrow.RecordBatch, row int) []Cell {
	e.bind(rec)
	out := make([]Cell, len(e.cols))
	for i := range e.cols {
		c := &e.cols[i]
		if c.null(row) {
			out[i].Null = true
			continue
		}
		switch a := c.arr.(type) {
		case *array.String:
			out[i].Text = a.Value(row)
			out[i].Bytes = len(out[i].Text)
		case *array.Binary:
			out[i].Bytes = len(a.Value(row))
		}
	}
	return out
}
