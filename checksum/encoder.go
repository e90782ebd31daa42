package checksum

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/parity-db/parity/schema"
)

// Encoder encodes and hashes the rows of one side's batches under a Plan.
// It is not safe for concurrent use: make one per goroutine; they are cheap.
// It stays bound to the last batch it read, so that per-row calls on one
// batch bind once, but it does not Retain or Release batches: the caller
// owns them and must not pass a batch it has released.
type Encoder struct {
	plan  *Plan
	side  Side
	cols  []column
	keys  []column
	bound arrow.RecordBatch // the batch the columns are bound to
	buf   []byte            // one row's encoding
	kbuf  []byte            // one key column's bytes before escaping
	tbuf  []byte            // display text
	cbuf  []byte            // CompareRows: one value's canonical bytes
}

// column is a plan column bound to this side's field of the batches.
type column struct {
	pc    *planColumn
	col   *schema.Column // this side's column
	field int
	typ   arrow.DataType
	arr   arrow.Array
	nulls []byte // validity bitmap, nil when the array has no NULLs
	off   int
	exact valueEncoder // the value itself: keys, KeyArgs
	hash  valueEncoder // what the row hash covers: exact, or tolerance cells, strict tag; wraps exact
	float floatEncoder // float classes: CompareRows applies the tolerance to it
	raw   *bytesCanon  // text and binary hashed as they are: the row loop's fast path
}

// Encoder binds the plan to one side's batches, whose schema is sch:
// columns are found by name and batches may hold columns the plan does not
// compare. It fails when a column is missing or its Arrow type is not the
// one extract gives the column's MySQL type.
func (p *Plan) Encoder(side Side, sch *arrow.Schema) (*Encoder, error) {
	if side != Source && side != Target {
		return nil, fmt.Errorf("checksum encoder: %v is not a side", side)
	}
	if sch == nil {
		return nil, errors.New("checksum encoder: nil schema")
	}
	e := &Encoder{plan: p, side: side}
	var err error
	if e.cols, err = bindColumns(p.cols, side, sch); err != nil {
		return nil, fmt.Errorf("checksum encoder for %s batches: %w", side, err)
	}
	if e.keys, err = bindColumns(p.key, side, sch); err != nil {
		return nil, fmt.Errorf("checksum encoder for %s batches: key: %w", side, err)
	}
	return e, nil
}

func bindColumns(pcs []planColumn, side Side, sch *arrow.Schema) ([]column, error) {
	out := make([]column, len(pcs))
	for i := range pcs {
		pc := &pcs[i]
		c := &pc.sides[side]
		idx := fieldIndex(sch, c.Name)
		if idx < 0 {
			return nil, fmt.Errorf("no field for column %s", c.Name)
		}
		typ := sch.Field(idx).Type
		if !typeFits(familyOf(*c), typ) {
			return nil, fmt.Errorf("column %s (%s) has Arrow type %s", c.Name, c.ColumnType, typ)
		}
		exact := exactEncoder(pc.class, c, typ)
		col := column{pc: pc, col: c, field: idx, typ: typ, exact: exact, hash: exact}
		if f, ok := exact.(floatEncoder); ok {
			col.float = f
			if pc.tol > 0 {
				col.hash = &cellCanon{f: f, tol: pc.tol}
			}
		}
		if tag := pc.tags[side]; tag != "" {
			col.hash = &taggedCanon{tag: tag, inner: col.hash}
		}
		if b, ok := col.hash.(*bytesCanon); ok {
			col.raw = b
		}
		out[i] = col
	}
	return out, nil
}

// fieldIndex finds a column's field by name, ignoring case as MySQL does.
func fieldIndex(sch *arrow.Schema, name string) int {
	if idx := sch.FieldIndices(name); len(idx) > 0 {
		return idx[0]
	}
	for i, f := range sch.Fields() {
		if strings.EqualFold(f.Name, name) {
			return i
		}
	}
	return -1
}

// typeFits checks an Arrow type against the one extract maps the family to.
func typeFits(f family, t arrow.DataType) bool {
	id := t.ID()
	switch f {
	case famInt:
		switch id {
		case arrow.INT8, arrow.INT16, arrow.INT32, arrow.INT64, arrow.UINT8, arrow.UINT16, arrow.UINT32, arrow.UINT64:
			return true
		}
	case famDecimal:
		return id == arrow.DECIMAL128 || id == arrow.DECIMAL256
	case famFloat:
		return id == arrow.FLOAT32
	case famDouble:
		return id == arrow.FLOAT64
	case famDate:
		return id == arrow.DATE32
	case famDatetime:
		ts, ok := t.(*arrow.TimestampType)
		return ok && ts.Unit == arrow.Microsecond
	case famTime:
		d, ok := t.(*arrow.DurationType)
		return ok && d.Unit == arrow.Microsecond
	case famText, famSet, famJSON:
		return id == arrow.STRING
	case famBinary, famGeometry:
		return id == arrow.BINARY
	}
	return false
}

// exactEncoder picks the encoder of a class for this side's Arrow type
// (typeFits has checked that the pair makes sense).
func exactEncoder(cls class, c *schema.Column, t arrow.DataType) valueEncoder {
	switch cls {
	case clsInt, clsDecimal:
		switch t.ID() {
		case arrow.DECIMAL128:
			return &decimal128Canon{}
		case arrow.DECIMAL256:
			return &decimal256Canon{}
		}
		return intEncoder(t.ID(), cls == clsDecimal)
	case clsFloat32, clsFloat64:
		narrow := cls == clsFloat32
		if t.ID() == arrow.FLOAT32 {
			return &floatCanon[float32]{narrow: narrow}
		}
		return &floatCanon[float64]{narrow: narrow}
	case clsDate:
		return &int32Canon[arrow.Date32]{}
	case clsMicros:
		return &int64Canon[arrow.Timestamp]{}
	case clsTime:
		return &int64Canon[arrow.Duration]{}
	case clsText, clsBytes:
		return &bytesCanon{}
	case clsSet:
		return &setCanon{}
	case clsJSON:
		return &jsonCanon{}
	}
	return &textFormCanon{col: c}
}

func intEncoder(id arrow.Type, asDecimal bool) valueEncoder {
	switch id {
	case arrow.INT8:
		return pickInt[int8](asDecimal)
	case arrow.INT16:
		return pickInt[int16](asDecimal)
	case arrow.INT32:
		return pickInt[int32](asDecimal)
	case arrow.INT64:
		return pickInt[int64](asDecimal)
	case arrow.UINT8:
		return pickInt[uint8](asDecimal)
	case arrow.UINT16:
		return pickInt[uint16](asDecimal)
	case arrow.UINT32:
		return pickInt[uint32](asDecimal)
	}
	return pickInt[uint64](asDecimal)
}

func pickInt[T integer](asDecimal bool) valueEncoder {
	if asDecimal {
		return &intDecimalCanon[T]{}
	}
	return &intCanon[T]{}
}

// bind points every column at rec's arrays; a no-op for the batch bound last.
func (e *Encoder) bind(rec arrow.RecordBatch) {
	if rec == e.bound {
		return
	}
	for i := range e.cols {
		e.cols[i].bind(rec)
	}
	for i := range e.keys {
		e.keys[i].bind(rec)
	}
	e.bound = rec
}

// bind panics when rec does not have the schema the Encoder was made for:
// a programming error, not a data error.
func (c *column) bind(rec arrow.RecordBatch) {
	if c.field >= int(rec.NumCols()) {
		panic(fmt.Sprintf("checksum: batch has %d columns, column %s is field %d of the encoder's schema", rec.NumCols(), c.col.Name, c.field))
	}
	a := rec.Column(c.field)
	if !arrow.TypeEqual(a.DataType(), c.typ) {
		panic(fmt.Sprintf("checksum: column %s is %s in the batch, %s in the encoder's schema", c.col.Name, a.DataType(), c.typ))
	}
	c.arr, c.nulls, c.off = a, nil, 0
	if a.NullN() > 0 {
		c.nulls, c.off = a.NullBitmapBytes(), a.Data().Offset()
	}
	c.hash.bind(a) // hash wraps exact, so this binds both
}

func (c *column) null(row int) bool {
	if c.nulls == nil {
		return false
	}
	i := c.off + row
	return c.nulls[i>>3]&(1<<(i&7)) == 0
}

// appendRow appends the row encoding that is hashed.
func (e *Encoder) appendRow(dst []byte, row int) []byte {
	for i := range e.cols {
		c := &e.cols[i]
		if c.null(row) {
			dst = append(dst, 0)
			continue
		}
		if c.raw != nil { // the length is known before the value
			v := c.raw.value(row)
			dst = binary.AppendUvarint(append(dst, 1), uint64(len(v)))
			dst = append(dst, v...)
			continue
		}
		dst = append(dst, 1, 0)
		at := len(dst) - 1
		dst = c.hash.appendCanon(dst, row)
		dst = closeLen(dst, at)
	}
	return dst
}

// closeLen writes the length of the value appended after the byte reserved
// at dst[at], moving the value when its uvarint needs more than that byte.
func closeLen(dst []byte, at int) []byte {
	n := len(dst) - at - 1
	if n < 0x80 {
		dst[at] = byte(n)
		return dst
	}
	var tmp [binary.MaxVarintLen64]byte
	k := binary.PutUvarint(tmp[:], uint64(n))
	dst = append(dst, tmp[:k-1]...)
	copy(dst[at+k:], dst[at+1:at+1+n])
	copy(dst[at:], tmp[:k])
	return dst
}

// RowHash hashes one row.
func (e *Encoder) RowHash(rec arrow.RecordBatch, row int) Hash {
	e.bind(rec)
	e.buf = e.appendRow(e.buf[:0], row)
	return hashOf(e.buf)
}

// AddBatch hashes every row of rec into sum and, when list is not nil,
// appends each row's key and hash to it. Nothing is allocated per row.
func (e *Encoder) AddBatch(rec arrow.RecordBatch, sum *Sum, list *Listing) {
	e.bind(rec)
	n := int(rec.NumRows())
	buf := e.buf
	for row := range n {
		buf = e.appendRow(buf[:0], row)
		h := hashOf(buf)
		sum.Add(h)
		if list != nil {
			list.arena = e.appendKey(list.arena, row)
			list.ends = append(list.ends, len(list.arena))
			list.hashes = append(list.hashes, h)
		}
	}
	e.buf = buf
}
