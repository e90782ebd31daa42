package sink

import (
	"errors"
	"strconv"
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
		{Parquet, "", "zstd:1", false},
		{Parquet, "zstd", "zstd:1", false},
		{Parquet, " ZSTD:3 ", "zstd:3", false},
		{Parquet, "zstd:1", "zstd:1", false},
		{Parquet, "zstd:22", "zstd:22", false},
		{Parquet, "zstd:0", "", true},
		{Parquet, "zstd:23", "", true},
		{Parquet, "zstd:-1", "", true},
		{Parquet, "zstd:", "", true},
		{Parquet, "zstd:fast", "", true},
		{Parquet, "SNAPPY", "snappy", false},
		{Parquet, "snappy:1", "", true},
		{Parquet, "gzip", "gzip:5", false},
		{Parquet, "gzip:9", "gzip:9", false},
		{Parquet, "gzip:1", "gzip:1", false},
		{Parquet, "gzip:10", "", true},
		{Parquet, "none", "none", false},
		{Parquet, "none:0", "", true},
		{Parquet, "lz4", "", true},
		{Parquet, ":3", "", true},
		{Arrow, "", "none", false},
		{Arrow, "zstd", "zstd", false},
		{Arrow, "zstd:3", "", true},
		{Arrow, "lz4", "lz4", false},
		{Arrow, "gzip", "", true},
		{CSV, "", "none", false},
		{CSV, "zstd", "zstd:3", false},
		{CSV, "zstd:19", "zstd:19", false},
		{CSV, "gzip", "gzip:6", false},
		{CSV, "gzip:1", "gzip:1", false},
		{CSV, "snappy", "", true},
		{CSV, "lz4", "", true},
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
	// Messages say what is allowed.
	for in, want := range map[string]string{
		"lz4":      "(use zstd[:1-22], snappy, gzip[:1-9], none)",
		"zstd:30":  "zstd levels run from 1 to 22",
		"snappy:2": "snappy takes no level",
	} {
		if _, err := Parquet.Compression(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parquet.Compression(%q) error = %v, want it to say %q", in, err, want)
		}
	}
}

// Every normalized name resolves to itself, and parseCodec reads it back.
func TestCompressionNormalized(t *testing.T) {
	for _, f := range []Format{Parquet, Arrow, CSV} {
		for _, in := range []string{"", "zstd", "zstd:7", "gzip", "gzip:2", "snappy", "lz4", "none"} {
			c, err := f.Compression(in)
			if err != nil {
				continue
			}
			if again, err := f.Compression(c); again != c || err != nil {
				t.Errorf("%s.Compression(%q) = %q, %v; want %q again", f, c, again, err, c)
			}
			name, level := parseCodec(c)
			got := name
			if level != 0 {
				got += ":" + strconv.Itoa(level)
			}
			if got != c {
				t.Errorf("parseCodec(%q) = %q, %d", c, name, level)
			}
		}
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
