package checksum

import (
	"bytes"
	"encoding/binary"
	"math"
	"slices"
	"strconv"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/decimal256"

	"github.com/parity-db/parity/schema"
)

// A valueEncoder appends the canonical bytes of one column's non-NULL values
// (without the NULL flag and length the row encoding adds). It is bound to
// each batch's array once, then called per row; it is chosen once per
// column from the column pair's class and this side's Arrow type, so the
// row loop makes one indirect call per column and no type switches.
//
// Fixed-size forms are order-preserving big-endian, so sorted keys come out
// in value order: integers as a sign byte (0 negative, 1 not) and the value,
// floats with the sign bit flipped (all bits when negative), days and
// microseconds with the sign bit flipped.
type valueEncoder interface {
	bind(a arrow.Array)
	appendCanon(dst []byte, row int) []byte
}

// floatEncoder is a float class encoder; CompareRows applies the tolerance
// to its values.
type floatEncoder interface {
	valueEncoder
	float(row int) float64
}

type values[T any] interface{ Values() []T }

type integer interface {
	~int8 | ~int16 | ~int32 | ~int64 | ~uint8 | ~uint16 | ~uint32 | ~uint64
}

// intCanon: clsInt from any integer array, by value across widths and signs.
type intCanon[T integer] struct{ v []T }

func (e *intCanon[T]) bind(a arrow.Array) { e.v = a.(values[T]).Values() }
func (e *intCanon[T]) appendCanon(dst []byte, row int) []byte {
	x := e.v[row]
	if x < 0 {
		return binary.BigEndian.AppendUint64(append(dst, 0), uint64(int64(x)))
	}
	return binary.BigEndian.AppendUint64(append(dst, 1), uint64(x))
}

// intDecimalCanon: clsDecimal from an integer array, as decimal text.
type intDecimalCanon[T integer] struct{ v []T }

func (e *intDecimalCanon[T]) bind(a arrow.Array) { e.v = a.(values[T]).Values() }
func (e *intDecimalCanon[T]) appendCanon(dst []byte, row int) []byte {
	x := e.v[row]
	if x < 0 {
		return strconv.AppendInt(dst, int64(x), 10)
	}
	return strconv.AppendUint(dst, uint64(x), 10)
}

// decimal128Canon and decimal256Canon: clsDecimal, normalized exact text.
type decimal128Canon struct {
	v     []decimal128.Num
	scale int
}

func (e *decimal128Canon) bind(a arrow.Array) {
	d := a.(*array.Decimal128)
	e.v, e.scale = d.Values(), int(d.DataType().(*arrow.Decimal128Type).Scale)
}
func (e *decimal128Canon) appendCanon(dst []byte, row int) []byte {
	return appendDecimal(dst, words128(e.v[row]), 2, e.scale, true)
}

type decimal256Canon struct {
	v     []decimal256.Num
	scale int
}

func (e *decimal256Canon) bind(a arrow.Array) {
	d := a.(*array.Decimal256)
	e.v, e.scale = d.Values(), int(d.DataType().(*arrow.Decimal256Type).Scale)
}
func (e *decimal256Canon) appendCanon(dst []byte, row int) []byte {
	return appendDecimal(dst, words256(e.v[row]), 4, e.scale, true)
}

// floatCanon: clsFloat32 (narrow) or clsFloat64 from a Float32 or Float64
// array. -0 is +0.
type floatCanon[T float32 | float64] struct {
	v      []T
	narrow bool
}

func (e *floatCanon[T]) bind(a arrow.Array) { e.v = a.(values[T]).Values() }
func (e *floatCanon[T]) float(row int) float64 {
	if e.narrow {
		return float64(float32(e.v[row]))
	}
	return float64(e.v[row])
}
func (e *floatCanon[T]) appendCanon(dst []byte, row int) []byte {
	if e.narrow {
		f := float32(e.v[row])
		if f == 0 {
			f = 0
		}
		b := math.Float32bits(f)
		if b>>31 != 0 {
			b = ^b
		} else {
			b |= 1 << 31
		}
		return binary.BigEndian.AppendUint32(dst, b)
	}
	return appendFloat64(dst, float64(e.v[row]))
}

func appendFloat64(dst []byte, f float64) []byte {
	if f == 0 {
		f = 0
	}
	b := math.Float64bits(f)
	if b>>63 != 0 {
		b = ^b
	} else {
		b |= 1 << 63
	}
	return binary.BigEndian.AppendUint64(dst, b)
}

// cellCanon: a float class under a tolerance. It hashes the cell
// floor(x/tol): values more than tol apart always land in different cells,
// and equal-enough values that straddle a cell edge are accepted later by
// CompareRows. A cell beyond int64 falls back to the value's bits.
type cellCanon struct {
	f   floatEncoder
	tol float64
}

func (e *cellCanon) bind(a arrow.Array) { e.f.bind(a) }
func (e *cellCanon) appendCanon(dst []byte, row int) []byte {
	x := e.f.float(row)
	q := math.Floor(x / e.tol)
	if q >= -(1<<62) && q <= 1<<62 {
		return binary.BigEndian.AppendUint64(append(dst, 1), uint64(int64(q))^1<<63)
	}
	return appendFloat64(append(dst, 0), x)
}

// int32Canon, int64Canon: clsDate (days), clsMicros and clsTime (µs);
// zero-date sentinels are numbers like any other.
type int32Canon[T ~int32] struct{ v []T }

func (e *int32Canon[T]) bind(a arrow.Array) { e.v = a.(values[T]).Values() }
func (e *int32Canon[T]) appendCanon(dst []byte, row int) []byte {
	return binary.BigEndian.AppendUint32(dst, uint32(e.v[row])^1<<31)
}

type int64Canon[T ~int64] struct{ v []T }

func (e *int64Canon[T]) bind(a arrow.Array) { e.v = a.(values[T]).Values() }
func (e *int64Canon[T]) appendCanon(dst []byte, row int) []byte {
	return binary.BigEndian.AppendUint64(dst, uint64(e.v[row])^1<<63)
}

// bytesCanon: clsText and clsBytes, the value's bytes. It reads String and
// Binary arrays through their offsets and data buffer directly.
type bytesCanon struct {
	offs []int32
	data []byte
}

func (e *bytesCanon) bind(a arrow.Array) {
	switch a := a.(type) {
	case *array.String:
		e.offs = a.ValueOffsets()
	case *array.Binary:
		e.offs = a.ValueOffsets()
	}
	e.data = nil
	if b := a.Data().Buffers()[2]; b != nil {
		e.data = b.Bytes()
	}
}
func (e *bytesCanon) value(row int) []byte { return e.data[e.offs[row]:e.offs[row+1]] }
func (e *bytesCanon) appendCanon(dst []byte, row int) []byte {
	return append(dst, e.value(row)...)
}

// setCanon: clsSet, the members sorted, so a SET whose definition order
// changed (or a VARCHAR holding "b,a") compares by membership.
type setCanon struct {
	bytesCanon
	parts [][]byte
}

func (e *setCanon) appendCanon(dst []byte, row int) []byte {
	e.parts = e.parts[:0]
	v := e.value(row)
	for {
		i := bytes.IndexByte(v, ',')
		if i < 0 {
			break
		}
		e.parts = append(e.parts, v[:i])
		v = v[i+1:]
	}
	e.parts = append(e.parts, v)
	slices.SortFunc(e.parts, bytes.Compare)
	for i, p := range e.parts {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, p...)
	}
	return dst
}

// jsonCanon: clsJSON, the canonical document; text that is not JSON is a
// 0x00 tag (no JSON text starts with it) and the raw bytes.
type jsonCanon struct {
	bytesCanon
	c jsonCanonicalizer
}

func (e *jsonCanon) appendCanon(dst []byte, row int) []byte {
	return e.c.appendOrRaw(dst, e.value(row))
}

// textFormCanon: clsAsText, the value's text form (see appendText).
type textFormCanon struct {
	a   arrow.Array
	col *schema.Column
}

func (e *textFormCanon) bind(a arrow.Array) { e.a = a }
func (e *textFormCanon) appendCanon(dst []byte, row int) []byte {
	return appendText(dst, e.a, e.col, row, true)
}

// taggedCanon: strict mode, differing types: the side's type name comes
// first, so values of different types never compare equal.
type taggedCanon struct {
	tag   string
	inner valueEncoder
}

func (e *taggedCanon) bind(a arrow.Array) { e.inner.bind(a) }
func (e *taggedCanon) appendCanon(dst []byte, row int) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(e.tag)))
	dst = append(dst, e.tag...)
	return e.inner.appendCanon(dst, row)
}
