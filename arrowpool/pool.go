// Package arrowpool is an Arrow allocator for streams of batches: buffers
// of 64 KiB and more live outside the Go heap and are recycled when their
// batch is released, instead of being allocated, zeroed and faulted in
// afresh for every batch.
//
// An export allocates about as many bytes as it reads: with the Go
// allocator, each batch's buffers are fresh heap memory that the kernel
// must fault in and the runtime must clear, and the garbage collector runs
// on memory that holds only bytes. Recycled off-heap buffers cost neither,
// and do not count against the Go heap's soft limit.
//
// A buffer handed out must be released through Free exactly once, as Arrow's
// reference counting does: a recycled buffer is reused by a later batch.
package arrowpool

import (
	"math/bits"
	"sync"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow/memory"
)

const (
	minShift = 16 // buffers below 64 KiB come from the Go heap
	maxShift = 40
)

// Pool recycles large buffers; the zero value is not usable, see New.
type Pool struct {
	small memory.Allocator

	mu      sync.Mutex
	free    [maxShift + 1][][]byte
	owned   map[uintptr]mapping // base address of every live or free pooled buffer
	idle    int64               // bytes in free lists
	maxIdle int64
	mapped  int64 // bytes mapped, in use or free
}

// mapping is what the pool knows of one of its buffers.
type mapping struct {
	class uint8
	// dirty is how many bytes from the start may not be zero: as many as
	// were ever handed out. Past them the mapping is as mmap made it, so
	// clearing stops there. A Parquet column chunk's buffer grows from a
	// few hundred bytes to megabytes in every row group; clearing all of
	// each step's new bytes took 6 % of a Parquet export's CPU.
	dirty int
}

// New returns a pool that keeps at most maxIdle bytes of released buffers
// for reuse and returns the rest to the system at once.
func New(maxIdle int64) *Pool {
	return &Pool{small: memory.NewGoAllocator(), owned: map[uintptr]mapping{}, maxIdle: maxIdle}
}

// Allocate returns size zeroed bytes, 64-byte aligned. As from Arrow's Go
// allocator, the slice's capacity is its length.
func (p *Pool) Allocate(size int) []byte { return p.allocate(size, true) }

// AllocateUnzeroed is Allocate for a writer that writes every byte before
// anything reads it: a recycled buffer keeps the bytes of its last use
// instead of being cleared first. The whole capacity of the slice is the
// caller's (a pooled buffer's size class), and Free takes it back at any
// length.
func (p *Pool) AllocateUnzeroed(size int) []byte { return p.allocate(size, false) }

// sizeClass is the power of two a pooled buffer of size bytes is mapped
// as; false for sizes the Go heap serves.
func sizeClass(size int) (uint8, bool) {
	if size < 1<<minShift {
		return 0, false
	}
	class := uint8(bits.Len(uint(size - 1)))
	return class, class <= maxShift
}

func (p *Pool) allocate(size int, zero bool) []byte {
	class, pooled := sizeClass(size)
	if !pooled {
		return p.small.Allocate(size)
	}
	handed := size
	if !zero {
		handed = 1 << class
	}
	if b, dirty := p.takeIdle(class, class, handed); b != nil {
		if !zero {
			return b[:size]
		}
		clear(b[:min(size, dirty)])
		return b[:size:size]
	}
	b, err := mapBytes(1 << class)
	if err != nil {
		// Out of address space or mappings: the Go heap may still cope.
		return p.small.Allocate(size)
	}
	p.mu.Lock()
	p.owned[base(b)] = mapping{class: class, dirty: handed}
	p.mapped += int64(cap(b))
	p.mu.Unlock()
	if !zero {
		return b[:size]
	}
	return b[:size:size] // fresh mappings are zero
}

// Reallocate grows or shrinks b to size, keeping its contents; bytes past
// the old length are zero.
func (p *Pool) Reallocate(size int, b []byte) []byte {
	if size <= len(b) {
		return b[:size]
	}
	if nb, ok := p.extend(b, size); ok {
		return nb
	}
	if size <= cap(b) {
		clear(b[len(b):size])
		return b[:size]
	}
	if nb, ok := p.reuse(b, size); ok {
		return nb
	}
	if nb, ok := p.grow(b, size); ok {
		return nb
	}
	nb := p.Allocate(size)
	copy(nb, b)
	p.Free(b)
	return nb
}

// extend grows a pooled buffer within its mapping.
func (p *Pool) extend(b []byte, size int) ([]byte, bool) {
	if cap(b) < 1<<minShift {
		return nil, false
	}
	addr := base(b)
	p.mu.Lock()
	m, ok := p.owned[addr]
	if !ok || size > 1<<m.class {
		p.mu.Unlock()
		return nil, false
	}
	dirty := m.dirty
	m.dirty = max(m.dirty, size)
	p.owned[addr] = m
	p.mu.Unlock()
	whole := unsafe.Slice(unsafe.SliceData(b), size)
	if dirty > len(b) {
		clear(whole[len(b):min(size, dirty)])
	}
	return whole, true
}

// reuse moves b's contents into an idle buffer that holds size bytes,
// the smallest the pool has, if it has one. Its pages are already faulted
// in, which on the benchmark machine costs far less than the fresh pages
// grow would add: a Parquet column chunk grows by doubling from a few
// hundred bytes to tens of megabytes in every row group, and grown in
// place each group faulted in its pages anew (340 MB for a 390 MB table,
// 0.4 s of the export). Taken whole, a recycled buffer of the previous
// group's size serves all the doublings after the first.
func (p *Pool) reuse(b []byte, size int) ([]byte, bool) {
	class, pooled := sizeClass(size)
	if !pooled {
		return nil, false
	}
	nb, dirty := p.takeIdle(class, maxShift, size)
	if nb == nil {
		return nil, false
	}
	nb = nb[:size:size]
	copy(nb, b)
	if dirty > len(b) {
		clear(nb[len(b):min(size, dirty)])
	}
	p.Free(b)
	return nb, true
}

// takeIdle removes an idle buffer of the smallest size class from lo to hi
// that has one from the free lists and returns it with length 0 and its
// whole mapping as capacity, or nil. The caller is handed its first
// handed bytes; dirty is how many may not be zero before that.
func (p *Pool) takeIdle(lo, hi uint8, handed int) (b []byte, dirty int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for class := lo; class <= hi; class++ {
		if n := len(p.free[class]); n > 0 {
			b := p.free[class][n-1]
			p.free[class] = p.free[class][:n-1]
			p.idle -= int64(cap(b))
			addr := base(b)
			m := p.owned[addr]
			dirty = m.dirty
			m.dirty = max(m.dirty, handed)
			p.owned[addr] = m
			return b, dirty
		}
	}
	return nil, 0
}

// grow moves a pooled buffer's pages into a mapping of size bytes' class,
// which spares the copy a doubling buffer (a Parquet column chunk being
// written) would otherwise make at every step.
func (p *Pool) grow(b []byte, size int) ([]byte, bool) {
	class, pooled := sizeClass(size)
	if !pooled || cap(b) < 1<<minShift {
		return nil, false
	}
	addr := base(b)
	p.mu.Lock()
	old, ok := p.owned[addr]
	p.mu.Unlock()
	if !ok {
		return nil, false
	}
	whole := unsafe.Slice(unsafe.SliceData(b), 1<<old.class)
	if old.dirty > len(b) {
		clear(whole[len(b):old.dirty]) // bytes of an earlier use of the mapping
	}
	nb, err := remapBytes(whole, 1<<class)
	if err != nil {
		return nil, false // the old mapping is intact: copy instead
	}
	p.mu.Lock()
	delete(p.owned, addr)
	p.owned[base(nb)] = mapping{class: class, dirty: size}
	p.mapped += int64(1<<class) - int64(1<<old.class)
	p.mu.Unlock()
	return nb[:size:size], true
}

// Free takes back a buffer from Allocate or Reallocate: a pooled one is kept
// for reuse or unmapped; one from the Go heap is left to the collector.
func (p *Pool) Free(b []byte) {
	if cap(b) < 1<<minShift {
		return
	}
	addr := base(b)
	p.mu.Lock()
	m, ok := p.owned[addr]
	if !ok {
		p.mu.Unlock()
		return
	}
	b = unsafe.Slice(unsafe.SliceData(b), 1<<m.class)[:0] // the whole mapping, whatever cap b was given
	if p.idle+int64(cap(b)) <= p.maxIdle {
		p.free[m.class] = append(p.free[m.class], b)
		p.idle += int64(cap(b))
		p.mu.Unlock()
		return
	}
	delete(p.owned, addr)
	p.mapped -= int64(cap(b))
	p.mu.Unlock()
	unmapBytes(b)
}

// Mapped is the bytes the pool holds outside the Go heap, in use or idle.
func (p *Pool) Mapped() int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.mapped
}

// Close returns every idle buffer to the system; buffers still in use are
// unmapped when they are freed.
func (p *Pool) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.free {
		for _, b := range p.free[c] {
			delete(p.owned, base(b))
			p.mapped -= int64(cap(b))
			unmapBytes(b)
		}
		p.free[c] = nil
	}
	p.idle, p.maxIdle = 0, 0
}

func base(b []byte) uintptr { return uintptr(unsafe.Pointer(unsafe.SliceData(b))) }

var _ memory.Allocator = (*Pool)(nil)
