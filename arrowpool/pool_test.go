package arrowpool_test

import (
	"bytes"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/parity-db/parity/arrowpool"
)

func TestPoolRecycles(t *testing.T) {
	p := arrowpool.New(4 << 20)
	defer p.Close()
	tests := []struct {
		name string
		size int
	}{
		{"small, from the Go heap", 100},
		{"just below a pooled size", 64<<10 - 1},
		{"smallest pooled", 64 << 10},
		{"odd size", 300_001},
		{"1 MiB", 1 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := p.Allocate(tt.size)
			if len(b) != tt.size {
				t.Fatalf("len %d, want %d", len(b), tt.size)
			}
			if addr := uintptrOf(b); addr%64 != 0 {
				t.Errorf("address %#x is not 64-byte aligned", addr)
			}
			for i := range b {
				b[i] = 0xAB
			}
			p.Free(b)
			again := p.Allocate(tt.size)
			if !bytes.Equal(again, make([]byte, tt.size)) {
				t.Error("a recycled buffer is not zeroed")
			}
			p.Free(again)
		})
	}
}

func TestPoolReallocate(t *testing.T) {
	p := arrowpool.New(1 << 20)
	defer p.Close()
	b := p.Allocate(70_000)
	for i := range b {
		b[i] = byte(i)
	}
	b = b[:1000]
	// Within the capacity: contents kept, the bytes exposed again zeroed.
	grown := p.Reallocate(80_000, b)
	for i := range 1000 {
		if grown[i] != byte(i) {
			t.Fatalf("byte %d = %d after growing in place", i, grown[i])
		}
	}
	if !bytes.Equal(grown[1000:], make([]byte, 80_000-1000)) {
		t.Error("bytes exposed by growing in place are not zero")
	}
	// Past it: moved (on Linux by remapping its pages), contents kept, the
	// rest zero although the old mapping held bytes past 1000.
	moved := p.Reallocate(1<<20, grown)
	for i := range 1000 {
		if moved[i] != byte(i) {
			t.Fatalf("byte %d = %d after moving", i, moved[i])
		}
	}
	if !bytes.Equal(moved[1000:], make([]byte, 1<<20-1000)) {
		t.Error("bytes exposed by moving are not zero")
	}
	if got := p.Mapped(); got != 1<<20 {
		t.Errorf("%d bytes mapped after moving to 1 MiB, want %d", got, 1<<20)
	}
	p.Free(moved)
	// The moved buffer is recycled as any other.
	again := p.Allocate(1 << 20)
	if !bytes.Equal(again, make([]byte, 1<<20)) {
		t.Error("a recycled moved buffer is not zeroed")
	}
	p.Free(again)
}

// A buffer that grows past its capacity takes an idle buffer large enough,
// the smallest the pool has, with its pages already in memory, instead of
// adding fresh pages: contents kept, the rest zero although the idle buffer
// held an earlier use's bytes, and later growth within it stays in place.
func TestPoolReallocateReusesIdle(t *testing.T) {
	p := arrowpool.New(8 << 20)
	defer p.Close()
	for _, size := range []int{1 << 20, 4 << 20} {
		old := p.Allocate(size)
		for i := range old {
			old[i] = 0xEE
		}
		p.Free(old)
	}
	idle := p.Mapped()
	b := p.Allocate(100_000)
	for i := range b {
		b[i] = byte(i)
	}
	grown := p.Reallocate(300_000, b)
	if got := p.Mapped(); got != idle+128<<10 {
		t.Errorf("%d bytes mapped after growing into an idle buffer, want %d: no new mapping but the freed 128 KiB one", got, idle+128<<10)
	}
	for i := range 100_000 {
		if grown[i] != byte(i) {
			t.Fatalf("byte %d = %d after moving into an idle buffer", i, grown[i])
		}
	}
	if !bytes.Equal(grown[100_000:], make([]byte, 200_000)) {
		t.Error("bytes past the old length are not zero")
	}
	if cap(grown) != len(grown) {
		t.Errorf("capacity %d, want its length %d, as Arrow's Go allocator gives", cap(grown), len(grown))
	}
	further := p.Reallocate(900_000, grown)
	if uintptrOf(further) != uintptrOf(grown) {
		t.Error("growth within the taken buffer moved it")
	}
	if !bytes.Equal(further[300_000:], make([]byte, 600_000)) {
		t.Error("bytes exposed within the taken buffer are not zero")
	}
	p.Free(further)
}

// A recycled buffer is cleared only as far as it was ever handed out (the
// rest is as mmap made it), and every byte a user sees is zero all the
// same: after a smaller use, after a larger one, and after an unzeroed one
// whose user may have written its whole mapping.
func TestPoolClearsWhatWasHandedOut(t *testing.T) {
	zero := func(t *testing.T, what string, b []byte) {
		t.Helper()
		for i, c := range b {
			if c != 0 {
				t.Fatalf("%s: byte %d = %#x, want 0", what, i, c)
			}
		}
	}
	fill := func(b []byte) {
		for i := range b {
			b[i] = 0xEE
		}
	}
	t.Run("larger use before", func(t *testing.T) {
		p := arrowpool.New(8 << 20)
		defer p.Close()
		b := p.Allocate(200_000) // a 256 KiB mapping
		fill(b)
		p.Free(b)
		b = p.Allocate(150_000) // the same mapping
		zero(t, "recycled", b)
		fill(b)
		b = p.Reallocate(250_000, b[:10])
		zero(t, "extended past the first use", b[10:])
		p.Free(b)
	})
	t.Run("smaller use before", func(t *testing.T) {
		p := arrowpool.New(8 << 20)
		defer p.Close()
		b := p.Allocate(140_000)
		fill(b)
		p.Free(b)
		b = p.Allocate(200_000)
		zero(t, "recycled", b)
		p.Free(b)
	})
	t.Run("unzeroed use before", func(t *testing.T) {
		p := arrowpool.New(8 << 20)
		defer p.Close()
		b := p.AllocateUnzeroed(70_000) // its whole 128 KiB mapping is the caller's
		fill(b[:cap(b)])
		p.Free(b)
		b = p.Allocate(70_000)
		zero(t, "recycled", b)
		b = p.Reallocate(128<<10, b)
		zero(t, "extended to the whole mapping", b)
		p.Free(b)
	})
	t.Run("grown by remapping", func(t *testing.T) {
		p := arrowpool.New(0) // nothing idle: growth remaps
		defer p.Close()
		b := p.AllocateUnzeroed(70_000)
		fill(b[:cap(b)])
		b = p.Reallocate(100, b)
		b = p.Reallocate(1<<20, b)
		zero(t, "remapped", b[100:])
		p.Free(b)
	})
}

// An unzeroed buffer is recycled as it was left; a fresh one is zero.
func TestPoolAllocateUnzeroed(t *testing.T) {
	p := arrowpool.New(1 << 20)
	defer p.Close()
	b := p.AllocateUnzeroed(100_000)
	if !bytes.Equal(b, make([]byte, len(b))) {
		t.Error("a fresh mapping is not zero")
	}
	for i := range b {
		b[i] = 7
	}
	p.Free(b)
	b = p.AllocateUnzeroed(100_000)
	if b[0] != 7 || b[len(b)-1] != 7 {
		t.Error("a recycled unzeroed buffer was cleared, or is not the same")
	}
	p.Free(b)
	if small := p.AllocateUnzeroed(100); len(small) != 100 {
		t.Errorf("small buffer of %d bytes", len(small))
	}
}

func TestPoolIdleLimit(t *testing.T) {
	p := arrowpool.New(1 << 20)
	defer p.Close()
	var held [][]byte
	for range 4 {
		held = append(held, p.Allocate(1<<20))
	}
	if got := p.Mapped(); got != 4<<20 {
		t.Fatalf("Mapped = %d, want 4 MiB", got)
	}
	for _, b := range held {
		p.Free(b)
	}
	if got := p.Mapped(); got != 1<<20 {
		t.Errorf("after freeing, Mapped = %d: want only the 1 MiB idle limit kept", got)
	}
	p.Close()
	if got := p.Mapped(); got != 0 {
		t.Errorf("after Close, Mapped = %d", got)
	}
	// Foreign buffers are left to the garbage collector.
	p.Free(make([]byte, 1<<20))
}

// Arrow's builders and reference counting balance every allocation.
func TestPoolUnderArrow(t *testing.T) {
	p := arrowpool.New(8 << 20)
	defer p.Close()
	mem := memory.NewCheckedAllocator(p)
	for round := range 3 {
		b := array.NewRecordBuilder(mem, arrow.NewSchema([]arrow.Field{
			{Name: "id", Type: arrow.PrimitiveTypes.Int64},
			{Name: "s", Type: arrow.BinaryTypes.String, Nullable: true},
		}, nil))
		ids, ss := b.Field(0).(*array.Int64Builder), b.Field(1).(*array.StringBuilder)
		for i := range 50_000 {
			ids.Append(int64(i))
			if i%7 == 0 {
				ss.AppendNull()
			} else {
				ss.Append("value")
			}
		}
		rec := b.NewRecordBatch()
		b.Release()
		col := rec.Column(1).(*array.String)
		if rec.NumRows() != 50_000 || col.IsValid(0) || col.Value(1) != "value" || rec.Column(0).(*array.Int64).Value(49_999) != 49_999 {
			t.Fatalf("round %d: wrong values", round)
		}
		rec.Release()
		mem.AssertSize(t, 0)
	}
}
