package sink

import (
	"strconv"
	"strings"
	"testing"
)

func TestByteSetHoldsAny(t *testing.T) {
	plain := strings.Repeat("abcdefgh", 20)
	for _, tt := range []struct {
		name string
		s    string
	}{
		{"empty", ""},
		{"short plain", "abc"},
		{"plain", plain},
		{"tab only", "a\tb" + plain + "\t"},
		{"other control bytes", "\x01\x02\x1b\x1f\x7f\x80\xff" + plain},
		{"high bytes", strings.Repeat("\xe2\x82\xac", 40)},
		{"comma first", "," + plain},
		{"comma last", plain + ","},
		{"quote in a word", plain[:13] + `"` + plain[14:]},
		{"backslash in the tail", plain + `ab\`},
		{"NUL", plain[:8] + "\x00" + plain},
		{"LF", plain + "\n"},
		{"CR", "\r"},
		{"^Z", plain[:31] + "\x1a"},
		{"space before quote", `       "`},
		{"bytes next to the members", "!#+-[]" + string(rune(0x1b)) + plain},
	} {
		for _, set := range []string{rfc4180Quoted, mysqlEscaped} {
			bs := newByteSet(set)
			want := containsAnyByte(tt.s, set)
			if got := bs.holdsAny(tt.s); got != want {
				t.Errorf("%s: set %q holdsAny = %v, want %v", tt.name, set, got, want)
			}
			if got := bs.holdsAnyByWords(tt.s); got != want {
				t.Errorf("%s: set %q holdsAnyByWords = %v, want %v", tt.name, set, got, want)
			}
		}
	}
}

func TestNewByteSetRefusesWideSets(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("a set with three printable bytes was accepted")
		}
	}()
	newByteSet(`abc`)
}

func FuzzByteSetHoldsAny(f *testing.F) {
	f.Add("plain text of some length", byte(0))
	f.Add("with \"quote\", comma", byte(1))
	f.Add("\x00\n\r\x1a\\", byte(1))
	f.Fuzz(func(t *testing.T, s string, which byte) {
		set := rfc4180Quoted
		if which%2 == 1 {
			set = mysqlEscaped
		}
		bs := newByteSet(set)
		// Every alignment of the string against the 8-byte words.
		for i := 0; i < 8 && i <= len(s); i++ {
			want := containsAnyByte(s[i:], set)
			if got := bs.holdsAny(s[i:]); got != want {
				t.Fatalf("set %q, %q: holdsAny = %v, want %v", set, s[i:], got, want)
			}
			if got := bs.holdsAnyByWords(s[i:]); got != want {
				t.Fatalf("set %q, %q: holdsAnyByWords = %v, want %v", set, s[i:], got, want)
			}
		}
	})
}

func BenchmarkByteSet(b *testing.B) {
	for _, n := range []int{16, 60, 120, 256, 1024, 8192} {
		s := strings.Repeat("abcdefghijklmnopqrstuvwxyz0123456789", n/36+1)[:n]
		b.Run("swar/"+strconv.Itoa(n), func(b *testing.B) {
			b.SetBytes(int64(n))
			for b.Loop() {
				if mysqlSet.holdsAnyByWords(s) {
					b.Fatal("found")
				}
			}
		})
		b.Run("indexbyte/"+strconv.Itoa(n), func(b *testing.B) {
			b.SetBytes(int64(n))
			for b.Loop() {
				if containsAnyByte(s, mysqlEscaped) {
					b.Fatal("found")
				}
			}
		})
	}
}
