package sink

import (
	"github.com/apache/arrow-go/v18/arrow"
)

// recordBytes is the Arrow data a batch holds: validity bitmaps, values,
// offsets and string bytes. Unlike summing whole buffers it counts only
// the rows a sliced batch covers, so a slice of a big batch is not charged
// for all of it.
func recordBytes(rec arrow.RecordBatch) int64 {
	var n int64
	for _, c := range rec.Columns() {
		n += dataBytes(c.Data())
	}
	return n
}

func dataBytes(d arrow.ArrayData) int64 {
	length, offset := int64(d.Len()), int64(d.Offset())
	if length == 0 {
		return 0
	}
	bufs := d.Buffers()
	var n int64
	if len(bufs) > 0 && bufs[0] != nil {
		n += (length + 7) / 8
	}
	switch dt := d.DataType().(type) {
	case *arrow.StringType, *arrow.BinaryType:
		if len(bufs) < 3 || bufs[1] == nil {
			break
		}
		offs := arrow.Int32Traits.CastFromBytes(bufs[1].Bytes())
		return n + 4*(length+1) + int64(offs[offset+length]-offs[offset])
	case *arrow.LargeStringType, *arrow.LargeBinaryType:
		if len(bufs) < 3 || bufs[1] == nil {
			break
		}
		offs := arrow.Int64Traits.CastFromBytes(bufs[1].Bytes())
		return n + 8*(length+1) + offs[offset+length] - offs[offset]
	case arrow.FixedWidthDataType:
		return n + (length*int64(dt.BitWidth())+7)/8
	}
	// Nested and other types: every buffer, whole.
	n = 0
	for _, b := range bufs {
		if b != nil {
			n += int64(b.Len())
		}
	}
	for _, c := range d.Children() {
		n += dataBytes(c)
	}
	return n
}
