package sink

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
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

// Compression resolves a --compression value for f to the name the
// manifest records: "" becomes the format's default, and a codec that
// takes a level always carries one, so "zstd" reads "zstd:1". CSV has no
// compression and None ignores the value. Case and surrounding space do
// not matter.
//
//	parquet: zstd[:1-22] (default, level 1), snappy, gzip[:1-9] (level 5), none
//	arrow:   none (default), zstd, lz4
//	csv:     none (default), gzip[:1-9] (level 6), zstd[:1-22] (level 3)
//
// zstd's levels are those of the zstd tool; the encoder has four speeds,
// so 1-2 are its fastest, 3-5 its default, 6-9 better and 10-22 its best
// compression. Parquet's gzip default, 5, is the level "gzip" always meant
// there; a CSV file's gzip default is gzip's own, 6.
func (f Format) Compression(c string) (string, error) {
	var codecs []codec
	switch f {
	case Parquet:
		codecs = parquetCompressions
	case Arrow:
		codecs = arrowCompressions
	case CSV:
		codecs = csvCompressions
	case None:
		return "none", nil
	default:
		return "", fmt.Errorf("%w %q", ErrUnknownFormat, string(f))
	}
	in := c
	c = strings.ToLower(strings.TrimSpace(c))
	if c == "" {
		return codecs[0].String(), nil
	}
	name, lvl, hasLevel := strings.Cut(c, ":")
	name = strings.TrimSpace(name)
	i := slices.IndexFunc(codecs, func(k codec) bool { return k.name == name })
	if i < 0 {
		var use []string
		for _, k := range codecs {
			use = append(use, k.usage())
		}
		return "", fmt.Errorf("%w %q for %s output (use %s)", ErrUnknownCompression, in, f, strings.Join(use, ", "))
	}
	k := codecs[i]
	if !hasLevel {
		return k.String(), nil
	}
	if k.maxLevel == 0 {
		return "", fmt.Errorf("%w %q for %s output: %s takes no level", ErrUnknownCompression, in, f, name)
	}
	level, err := strconv.Atoi(strings.TrimSpace(lvl))
	if err != nil || level < k.minLevel || level > k.maxLevel {
		return "", fmt.Errorf("%w %q for %s output: %s levels run from %d to %d", ErrUnknownCompression, in, f, name, k.minLevel, k.maxLevel)
	}
	k.level = level
	return k.String(), nil
}

// codec is a compression codec and, for those that take one, its level.
type codec struct {
	name               string
	minLevel, maxLevel int // 0, 0: the codec takes no level
	level              int // the level chosen; in the tables below, the default
}

// The codecs each format accepts, its default first.
var (
	parquetCompressions = []codec{
		{name: "zstd", minLevel: 1, maxLevel: 22, level: 1},
		{name: "snappy"},
		{name: "gzip", minLevel: 1, maxLevel: 9, level: 5},
		{name: "none"},
	}
	arrowCompressions = []codec{{name: "none"}, {name: "zstd"}, {name: "lz4"}}
	csvCompressions   = []codec{
		{name: "none"},
		{name: "gzip", minLevel: 1, maxLevel: 9, level: 6},
		{name: "zstd", minLevel: 1, maxLevel: 22, level: 3},
	}
)

// String is the normalized name: "zstd:1", "snappy".
func (k codec) String() string {
	if k.maxLevel == 0 {
		return k.name
	}
	return k.name + ":" + strconv.Itoa(k.level)
}

// usage is how help and error messages show the codec: "zstd[:1-22]".
func (k codec) usage() string {
	if k.maxLevel == 0 {
		return k.name
	}
	return fmt.Sprintf("%s[:%d-%d]", k.name, k.minLevel, k.maxLevel)
}

// parseCodec splits a name normalized by Format.Compression into the codec
// and its level; level is 0 for codecs that take none.
func parseCodec(c string) (name string, level int) {
	name, lvl, _ := strings.Cut(c, ":")
	level, _ = strconv.Atoi(lvl)
	return name, level
}

// FileExtension is the suffix of f's files compressed with codec, a name
// Compression returned: ".csv.gz" and ".csv.zst" for compressed CSV (which
// loaders recognize by it), f.Extension() otherwise; Parquet and Arrow
// compress inside the file.
func FileExtension(f Format, codec string) string {
	ext := f.Extension()
	if f == CSV {
		switch name, _ := parseCodec(codec); name {
		case "gzip":
			ext += ".gz"
		case "zstd":
			ext += ".zst"
		}
	}
	return ext
}

// maxNameBytes keeps a final name short enough that the temporary name
// (".<name>.tmp-<pid>-<16 hex>") still fits the usual 255-byte limit.
const maxNameBytes = 200

// FileName is the file a table is written to, relative to the output
// directory: "<schema>.<table><ext>", each part escaped by escapeName so
// that any two distinct tables get distinct, safe names. A name longer than
// 200 bytes keeps its first bytes and ends in "~" and a hash of the whole.
//
//	FileName(Parquet, "shop", "orders")   == "shop.orders.parquet"
//	FileName(CSV, "my db", "a/b.c")       == "my%20db.a%2Fb%2Ec.csv"
func FileName(f Format, schemaName, table string) string {
	return tableFileName(schemaName, table, f.Extension(), -1)
}

// PartName is part n (from 0) of a table cut into parts (--max-file-rows,
// --max-file-bytes): "<schema>.<table>.part-<n, 5 digits><ext>". No table's
// own name can produce it, as escapeName escapes every "." in a name, and
// a glob of "<schema>.<table>.*<ext>" finds exactly the parts.
//
//	PartName("shop", "orders", ".parquet", 3) == "shop.orders.part-00003.parquet"
func PartName(schemaName, table, ext string, n int) string {
	return tableFileName(schemaName, table, ext, n)
}

// tableFileName is FileName with any extension, and with a part number
// unless part is negative.
func tableFileName(schemaName, table, ext string, part int) string {
	base := escapeName(schemaName) + "." + escapeName(table)
	if part >= 0 {
		ext = fmt.Sprintf(".part-%05d", part) + ext
	}
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
