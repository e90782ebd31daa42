package extract

import (
	"encoding/binary"
	"errors"
	"math"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// unzeroedAllocator hands out memory without clearing it first, for a
// writer that writes every byte it exposes (arrowpool.Pool is one). The
// whole capacity of what it returns is the caller's, and Free takes it
// back at any length.
type unzeroedAllocator interface {
	AllocateUnzeroed(size int) []byte
}

// errBatchTooLarge is a batch whose values of one column pass the 2 GiB
// that Arrow's 32-bit offsets address.
var errBatchTooLarge = errors.New("the values of one column pass 2 GiB in one batch")

// region is a buffer as the allocator returned it (freed as such) and the
// bytes of it written so far.
type region struct {
	buf  []byte
	used []byte // buf[:len(used)]
}

// reserve makes room for more bytes, moving what is written to a larger
// buffer when needed.
func (r *region) reserve(w *varWidth, more, least int) {
	need := len(r.used) + more
	if need <= len(r.buf) {
		return
	}
	if w.unzeroed != nil && need <= cap(r.buf) {
		r.buf = r.buf[:cap(r.buf)] // a pooled buffer's size class is all ours
		return
	}
	nb := w.alloc(max(need, 2*len(r.buf), least))
	n := copy(nb, r.used)
	w.free(r.buf)
	r.buf, r.used = nb, nb[:n]
}

// buffer hands the region to an Arrow buffer that frees it when released.
func (r *region) buffer(mem memory.Allocator) *memory.Buffer {
	b := memory.NewBufferWithAllocator(r.buf, mem)
	b.ResizeNoShrink(len(r.used))
	*r = region{}
	return b
}

// varWidth builds one String or Binary column of a batch. arrow-go's
// builders zero every buffer they reserve, after the allocator has zeroed
// it already, and then copy the values over the zeros: for a text-heavy
// table that was a fifth of an export's CPU. varWidth writes each byte of
// its buffers once, and asks the allocator not to clear them where it can.
type varWidth struct {
	mem      memory.Allocator
	unzeroed unzeroedAllocator // mem, when it can hand out memory uncleared
	dtype    arrow.DataType

	n, nulls int
	values   region
	offsets  region // n+1 little-endian int32 once a row is appended
	valid    region // validity bitmap, empty until the first NULL
	hasValid bool
}

func newVarWidth(mem memory.Allocator, dtype arrow.DataType) *varWidth {
	u, _ := mem.(unzeroedAllocator)
	return &varWidth{mem: mem, unzeroed: u, dtype: dtype}
}

func (w *varWidth) alloc(size int) []byte {
	if w.unzeroed != nil {
		return w.unzeroed.AllocateUnzeroed(size)
	}
	return w.mem.Allocate(size)
}

func (w *varWidth) free(b []byte) {
	if b != nil {
		w.mem.Free(b)
	}
}

// reserve makes room for rows more rows holding data more value bytes.
func (w *varWidth) reserve(rows, data int) {
	w.values.reserve(w, data, 4096)
	w.reserveOffsets(rows)
}

func (w *varWidth) reserveOffsets(rows int) {
	if len(w.offsets.used) == 0 {
		w.offsets.reserve(w, 4*(rows+1), 4096)
		w.offsets.used = binary.LittleEndian.AppendUint32(w.offsets.used, 0)
		return
	}
	w.offsets.reserve(w, 4*rows, 4096)
}

func (w *varWidth) appendOffset() {
	w.reserveOffsets(1)
	w.offsets.used = binary.LittleEndian.AppendUint32(w.offsets.used, uint32(len(w.values.used)))
}

// appendValid records row n's validity once some row was NULL.
func (w *varWidth) appendValid(ok bool) {
	if w.n%8 == 0 {
		w.valid.reserve(w, 1, 512)
		w.valid.used = append(w.valid.used, 0)
	}
	if ok {
		w.valid.used[w.n/8] |= 1 << (w.n % 8)
	}
}

// Append adds one value.
func (w *varWidth) Append(v []byte) error {
	if len(w.values.used)+len(v) > math.MaxInt32 {
		return errBatchTooLarge
	}
	w.values.reserve(w, len(v), 4096)
	w.values.used = append(w.values.used, v...)
	w.appendOffset()
	if w.hasValid {
		w.appendValid(true)
	}
	w.n++
	return nil
}

// AppendNull adds a NULL.
func (w *varWidth) AppendNull() {
	w.appendOffset()
	if !w.hasValid {
		// Every row so far was valid.
		w.hasValid = true
		w.valid.reserve(w, w.n/8+1, 512)
		for i := 0; i < w.n; i += 8 {
			w.valid.used = append(w.valid.used, byte(uint16(1)<<min(8, w.n-i)-1))
		}
	}
	w.appendValid(false)
	w.n++
	w.nulls++
}

// newArray hands the rows appended so far to an array that owns the
// buffers, and starts an empty column.
func (w *varWidth) newArray() arrow.Array {
	w.reserveOffsets(0) // an empty column has its leading 0
	w.values.reserve(w, 0, 64)
	var validity *memory.Buffer
	if w.nulls > 0 {
		validity = w.valid.buffer(w.mem)
	}
	data := array.NewData(w.dtype, w.n, []*memory.Buffer{validity, w.offsets.buffer(w.mem), w.values.buffer(w.mem)}, nil, w.nulls, 0)
	defer data.Release()
	for _, b := range data.Buffers() {
		if b != nil {
			defer b.Release() // data holds its own reference
		}
	}
	w.release()
	return array.MakeFromData(data)
}

// release frees buffers not handed to an array and starts an empty column.
func (w *varWidth) release() {
	for _, r := range []*region{&w.values, &w.offsets, &w.valid} {
		w.free(r.buf)
	}
	*w = varWidth{mem: w.mem, unzeroed: w.unzeroed, dtype: w.dtype}
}
