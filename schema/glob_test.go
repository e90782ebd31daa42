package schema

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestGlob(t *testing.T) {
	tests := []struct {
		pattern string
		yes, no []string
	}{
		{"*", []string{"", "orders", "a/b.c", "a b", "é"}, nil},
		{"a*", []string{"a", "a/b.c", "abc"}, []string{"ba", ""}},
		{"*.c", []string{"a/b.c", ".c"}, []string{"a/b.cd", "c"}},
		{"a/b.c", []string{"a/b.c"}, []string{"a/bxc", "a/b.c "}},
		{"order?", []string{"orders", "order/", "orderé"}, []string{"order", "orders2"}},
		{"[a-c]*", []string{"accounts", "b", "c/d"}, []string{"deals", ""}},
		{"[!a-c]*", []string{"deals", "zz"}, []string{"accounts"}},
		{"[^x]", []string{"y"}, []string{"x", "yy"}},
		{"[]]", []string{"]"}, []string{"a"}},
		{`a\*`, []string{"a*"}, []string{"ab"}},
		{"*a*b*", []string{"ab", "xaybz", "aab"}, []string{"ba", "a"}},
		{"**", []string{"", "x"}, nil},
		{"tmp_*_old", []string{"tmp_1_old", "tmp__old"}, []string{"tmp_1_old2"}},
	}
	for _, tc := range tests {
		if err := CheckGlob(tc.pattern); err != nil {
			t.Errorf("CheckGlob(%q) = %v", tc.pattern, err)
		}
		for _, s := range tc.yes {
			if !Glob(tc.pattern, s) {
				t.Errorf("Glob(%q, %q) = false, want true", tc.pattern, s)
			}
		}
		for _, s := range tc.no {
			if Glob(tc.pattern, s) {
				t.Errorf("Glob(%q, %q) = true, want false", tc.pattern, s)
			}
		}
	}
	for _, bad := range []string{"[", "a[b", `a\`, "[a-"} {
		if CheckGlob(bad) == nil {
			t.Errorf("CheckGlob(%q) accepted a malformed pattern", bad)
		}
		if Glob(bad, "a") || Glob(bad, "") {
			t.Errorf("malformed %q matched", bad)
		}
	}
}

// globRegexp is an independent reading of the same pattern language, for
// the fuzz test; ok is false for patterns it does not handle.
func globRegexp(p string) (*regexp.Regexp, bool) {
	var b strings.Builder
	b.WriteString(`^(?s:`)
	for p != "" {
		r, size := utf8.DecodeRuneInString(p)
		switch r {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		case '\\', '[':
			return nil, false
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
		p = p[size:]
	}
	b.WriteString(`)$`)
	re, err := regexp.Compile(b.String())
	return re, err == nil
}

func FuzzGlob(f *testing.F) {
	for _, s := range [][2]string{{"*", "a/b.c"}, {"a*b?c", "aXXbYc"}, {"*.*", "x.y"}, {"[a-z]*", "q"}, {`\*`, "*"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pattern, name string) {
		if !utf8.ValidString(pattern) || !utf8.ValidString(name) {
			return
		}
		got := Glob(pattern, name) // must not panic or hang
		if CheckGlob(pattern) != nil && got {
			t.Fatalf("malformed %q matched %q", pattern, name)
		}
		if re, ok := globRegexp(pattern); ok {
			if want := re.MatchString(name); got != want {
				t.Fatalf("Glob(%q, %q) = %v, regexp says %v", pattern, name, got, want)
			}
		}
	})
}
