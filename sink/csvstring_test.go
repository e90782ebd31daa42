package sink

import (
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// A string's CSV text must not depend on its batch: a batch with no byte
// that needs quoting takes the fast path for every value, one with such a
// byte anywhere the per-value search, and both must give each value the
// text appendString gives it alone.
func FuzzCSVStringBatch(f *testing.F) {
	for _, s := range []string{"", " lead", "\tlead", `\.`, `\N`, "plain", "a,b", `q"q`, "l\nf", "c\rr",
		`back\slash`, "nul\x00", "eof\x1a", "😀", "trail "} {
		f.Add(s, "clean")
		f.Add("clean", s)
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		defer mem.AssertSize(t, 0)
		bld := array.NewStringBuilder(mem)
		bld.AppendValues([]string{a, b}, nil)
		arr := bld.NewStringArray()
		defer arr.Release()
		bld.Release()
		for _, name := range Dialects {
			d := dialectOf(name)
			field := stringEncoder[*array.String](d)(arr)
			for i, v := range []string{a, b} {
				got := string(field(nil, i))
				if want := string(d.appendString(nil, v)); got != want {
					t.Errorf("%s: %q in batch %q: %q, alone %q", name, v, []string{a, b}, got, want)
				}
			}
		}
	})
}
