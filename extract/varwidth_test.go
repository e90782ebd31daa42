package extract

import (
	"fmt"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/parity-db/parity/arrowpool"
)

// varWidth builds the same arrays as arrow-go's builders, for every mix of
// values and NULLs around the validity bitmap's byte edges, whether its
// buffers were reserved, grew from nothing, or came recycled and dirty.
func TestVarWidthMatchesArrowBuilders(t *testing.T) {
	long := strings.Repeat("x", 70_000) // past a pooled buffer's smallest size
	cases := []struct {
		name string
		vals []*string
	}{
		{"empty", nil},
		{"one value", vals("a")},
		{"one NULL", vals(nil)},
		{"empty string is not NULL", vals("", nil, "")},
		{"NULL first", vals(nil, "a", "b")},
		{"NULL at bit 8", vals("0", "1", "2", "3", "4", "5", "6", "7", nil, "9")},
		{"NULL after 16", vals("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", nil)},
		{"all NULL", vals(nil, nil, nil, nil, nil, nil, nil, nil, nil)},
		{"long values", vals(long, "y", nil, long)},
	}
	allocators := []struct {
		name string
		mem  func() memory.Allocator
	}{
		{"go", func() memory.Allocator { return memory.NewGoAllocator() }},
		{"pool", func() memory.Allocator { return arrowpool.New(64 << 20) }},
	}
	for _, a := range allocators {
		for _, dt := range []arrow.DataType{arrow.BinaryTypes.String, arrow.BinaryTypes.Binary} {
			for _, reserve := range []int{0, 1, 1000} {
				mem := memory.NewCheckedAllocator(a.mem())
				w := newVarWidth(mem, dt)
				for round := range 3 { // later rounds reuse what earlier ones freed
					for _, c := range cases {
						t.Run(fmt.Sprintf("%s/%s/reserve %d/round %d/%s", a.name, dt, reserve, round, c.name), func(t *testing.T) {
							w.reserve(reserve, reserve*10)
							want := array.NewBuilder(memory.NewGoAllocator(), dt)
							defer want.Release()
							for _, v := range c.vals {
								if v == nil {
									w.AppendNull()
									want.AppendNull()
									continue
								}
								if err := w.Append([]byte(*v)); err != nil {
									t.Fatal(err)
								}
								switch b := want.(type) {
								case *array.StringBuilder:
									b.Append(*v)
								case *array.BinaryBuilder:
									b.Append([]byte(*v))
								}
							}
							got, exp := w.newArray(), want.NewArray()
							defer got.Release()
							defer exp.Release()
							if err := got.(interface{ ValidateFull() error }).ValidateFull(); err != nil {
								t.Fatalf("invalid array: %v", err)
							}
							if !array.Equal(got, exp) || got.NullN() != exp.NullN() {
								t.Errorf("got %.200v (%d NULLs), want %.200v (%d NULLs)", got, got.NullN(), exp, exp.NullN())
							}
							dirty(got)
						})
					}
				}
				w.reserve(10, 100) // reserved and never used: release frees it
				w.release()
				mem.AssertSize(t, 0)
			}
		}
	}
}

// dirty overwrites an array's buffers before they are freed, so that a
// recycling allocator hands out garbage, which varWidth must not read.
func dirty(a arrow.Array) {
	for _, b := range a.Data().Buffers() {
		if b != nil {
			buf := b.Buf()
			for i := range buf {
				buf[i] = 0xA5
			}
		}
	}
}

func vals(vs ...any) []*string {
	out := make([]*string, len(vs))
	for i, v := range vs {
		if v, ok := v.(string); ok {
			out[i] = &v
		}
	}
	return out
}
