package sink

import (
	"errors"
	"strings"
	"testing"
)

func TestParseFormat(t *testing.T) {
	tests := []struct {
		in      string
		want    Format
		wantErr bool
	}{
		{"parquet", Parquet, false},
		{" Arrow ", Arrow, false},
		{"CSV", CSV, false},
		{"none", None, false},
		{"arrows", "", true},
		{"", "", true},
	}
	for _, tt := range tests {
		got, err := ParseFormat(tt.in)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
		if err != nil && !errors.Is(err, ErrUnknownFormat) {
			t.Errorf("ParseFormat(%q) error %v is not ErrUnknownFormat", tt.in, err)
		}
	}
}

func TestCompression(t *testing.T) {
	tests := []struct {
		f       Format
		in      string
		want    string
		wantErr bool
	}{
		{Parquet, "", "zstd", false},
		{Parquet, "SNAPPY", "snappy", false},
		{Parquet, "gzip", "gzip", false},
		{Parquet, "none", "none", false},
		{Parquet, "lz4", "", true},
		{Arrow, "", "none", false},
		{Arrow, "zstd", "zstd", false},
		{Arrow, "lz4", "lz4", false},
		{Arrow, "gzip", "", true},
		{CSV, "", "none", false},
		{CSV, "zstd", "", true},
		{None, "anything", "none", false},
	}
	for _, tt := range tests {
		got, err := tt.f.Compression(tt.in)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("%s.Compression(%q) = %q, %v; want %q, error %v", tt.f, tt.in, got, err, tt.want, tt.wantErr)
		}
		if err != nil && !errors.Is(err, ErrUnknownCompression) {
			t.Errorf("%s.Compression(%q) error %v is not ErrUnknownCompression", tt.f, tt.in, err)
		}
	}
	if _, err := New(Arrow, Options{Dir: t.TempDir(), Compression: "snappy"}); !errors.Is(err, ErrUnknownCompression) {
		t.Errorf("New(Arrow, snappy) error = %v, want ErrUnknownCompression", err)
	}
}

func TestFileName(t *testing.T) {
	long := strings.Repeat("é", 64) // 64 characters, 128 bytes, 384 escaped
	tests := []struct {
		f             Format
		schema, table string
		want          string
	}{
		{Parquet, "shop", "orders", "shop.orders.parquet"},
		{Arrow, "shop", "order_items-2", "shop.order_items-2.arrows"},
		{CSV, "my db", "a/b.c", "my%20db.a%2Fb%2Ec.csv"},
		{Parquet, "a.b", "c", "a%2Eb.c.parquet"},
		{Parquet, "a", "b.c", "a.b%2Ec.parquet"},
		{Parquet, "..", `x\y`, "%2E%2E.x%5Cy.parquet"},
		{Parquet, "db", "100%", "db.100%25.parquet"},
		{Parquet, "db", "naïve😀", "db.na%C3%AFve%F0%9F%98%80.parquet"},
		{Parquet, "db", "NUL\x00", "db.NUL%00.parquet"},
	}
	for _, tt := range tests {
		if got := FileName(tt.f, tt.schema, tt.table); got != tt.want {
			t.Errorf("FileName(%s, %q, %q) = %q, want %q", tt.f, tt.schema, tt.table, got, tt.want)
		}
	}

	a, b := FileName(Parquet, long, long), FileName(Parquet, long, long+"x")
	for _, n := range []string{a, b} {
		if len(n) > maxNameBytes || !strings.HasSuffix(n, ".parquet") || !strings.Contains(n, "~") {
			t.Errorf("long name %q (%d bytes) not shortened to %d with a hash", n, len(n), maxNameBytes)
		}
		if i := strings.LastIndexByte(strings.TrimSuffix(n, "~"), '%'); i >= 0 && i+3 > strings.IndexByte(n, '~') {
			t.Errorf("long name %q cut inside an escape", n)
		}
	}
	if a == b {
		t.Errorf("two long names share the file %q", a)
	}
	if FileName(Parquet, long, long) != a {
		t.Error("FileName is not deterministic")
	}
}

// FuzzFileName: names are safe as one path element, and distinct tables
// get distinct names.
func FuzzFileName(f *testing.F) {
	f.Add("db", "t", "db.t", "")
	f.Add("a.b", "c", "a", "b.c")
	f.Add("..", "/", "%2E", "x")
	f.Fuzz(func(t *testing.T, s1, t1, s2, t2 string) {
		n1, n2 := FileName(Parquet, s1, t1), FileName(Parquet, s2, t2)
		for _, n := range []string{n1, n2} {
			if strings.ContainsAny(n, "/\\\x00") || strings.HasPrefix(n, ".") || len(n) > maxNameBytes {
				t.Fatalf("unsafe name %q", n)
			}
		}
		if n1 == n2 && (s1 != s2 || t1 != t2) && len(n1) < maxNameBytes-30 {
			t.Fatalf("%q.%q and %q.%q share %q", s1, t1, s2, t2, n1)
		}
	})
}
