package checksum

import (
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
)

// Value is one column value shown to people.
type Value struct {
	Null bool `json:"null,omitempty"`
	// Text is the display form: numbers and dates as the server shows
	// them, text as is, binary as 0x-hex; cut to Options.MaxValueBytes on a
	// UTF-8 boundary, with Truncated set.
	Text      string `json:"text"`
	Truncated bool   `json:"truncated,omitempty"`
}

// String is NULL for NULL, and marks a truncated text with "...".
func (v Value) String() string {
	switch {
	case v.Null:
		return "NULL"
	case v.Truncated:
		return v.Text + "..."
	}
	return v.Text
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
