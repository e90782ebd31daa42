package sink

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// Format is an output file format.
type Format string

// The formats parity writes.
const (
	Parquet Format = "parquet"
	Arrow   Format = "arrow" // Arrow IPC stream, one per table
	CSV     Format = "csv"
	None    Format = "none" // discard, for timing the read side alone
)

// Formats lists every format, in the order help text shows them.
var Formats = []Format{Parquet, Arrow, CSV, None}

// ParseFormat reads a --format value. Case and surrounding space do not
// matter.
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	for _, known := range Formats {
		if f == known {
			return f, nil
		}
	}
	return "", fmt.Errorf("%w %q (use parquet, arrow, csv or none)", ErrUnknownFormat, s)
}

// Extension is the file name suffix, with its dot; "" for None.
func (f Format) Extension() string {
	switch f {
	case Parquet:
		return ".parquet"
	case Arrow:
		return ".arrows" // the registered suffix for the IPC stream format
	case CSV:
		return ".csv"
	}
	return ""
}

// Compression resolves a --compression value for f: "" becomes the format's
// default, so the manifest records the codec actually used. CSV has no
// compression and None ignores the value.
//
//	parquet: zstd (default), snappy, gzip, none
//	arrow:   none (default), zstd, lz4
//	csv:     none
func (f Format) Compression(c string) (string, error) {
	c = strings.ToLower(strings.TrimSpace(c))
	var allowed []string
	switch f {
	case Parquet:
		allowed = []string{"zstd", "snappy", "gzip", "none"}
	case Arrow:
		allowed = []string{"none", "zstd", "lz4"}
	case CSV:
		allowed = []string{"none"}
	case None:
		return "none", nil
	default:
		return "", fmt.Errorf("%w %q", ErrUnknownFormat, string(f))
	}
	if c == "" {
		return allowed[0], nil
	}
	for _, a := range allowed {
		if c == a {
			return c, nil
		}
	}
	return "", fmt.Errorf("%w %q for %s output (use %s)", ErrUnknownCompression, c, f, strings.Join(allowed, ", "))
}

// maxNameBytes keeps a final name short enough that the temporary name
// (".<name>.tmp-<16 hex>") still fits the usual 255-byte limit.
const maxNameBytes = 200

// FileName is the file a table is written to, relative to the output
// directory: "<schema>.<table><ext>", each part escaped by escapeName so
// that any two distinct tables get distinct, safe names. A name longer than
// 200 bytes keeps its first bytes and ends in "~" and a hash of the whole.
//
//	FileName(Parquet, "shop", "orders")   == "shop.orders.parquet"
//	FileName(CSV, "my db", "a/b.c")       == "my%20db.a%2Fb%2Ec.csv"
func FileName(f Format, schemaName, table string) string {
	base := escapeName(schemaName) + "." + escapeName(table)
	ext := f.Extension()
	if len(base)+len(ext) > maxNameBytes {
		sum := sha256.Sum256([]byte(schemaName + "\x00" + table))
		tag := "~" + hex.EncodeToString(sum[:8])
		keep := maxNameBytes - len(ext) - len(tag)
		// Cut on an escape boundary so the prefix stays readable.
		for keep > 0 && keep < len(base) && (base[keep-1] == '%' || (keep >= 2 && base[keep-2] == '%')) {
			keep--
		}
		base = base[:keep] + tag
	}
	return base + ext
}

// escapeName percent-encodes every byte outside [A-Za-z0-9_-]. Unlike URL
// escaping it also encodes ".", because "." separates schema from table:
// a.b + c and a + b.c must not meet in one file, and no name may start a
// hidden file or be "." or "..". The mapping is injective and the same on
// every run. The empty name, which MySQL does not allow anyway, is a lone
// "%", which no other name produces.
func escapeName(s string) string {
	const hexdig = "0123456789ABCDEF"
	if s == "" {
		return "%"
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '_', c == '-':
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hexdig[c>>4])
			b.WriteByte(hexdig[c&15])
		}
	}
	return b.String()
}
