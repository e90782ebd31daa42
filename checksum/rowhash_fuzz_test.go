package checksum

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/parity-db/parity/schema"
)

// A MariaDB table and its migrated MySQL copy: every column type changed,
// every value kept.
var (
	fuzzSource = []schema.Column{
		colOf("i", "int"), colOf("d", "decimal(5,2)"), colOf("s", "varchar(40) latin1"),
		colOf("j", "json longtext"), colOf("t", "datetime(6)"), colOf("f", "float"),
	}
	fuzzTarget = []schema.Column{
		colOf("i", "bigint"), colOf("d", "decimal(10,4)"), colOf("s", "varchar(40) utf8mb4"),
		colOf("j", "json"), colOf("t", "timestamp(6)"), colOf("f", "double"),
	}
)

// fuzzRow is one row's values before they take either side's types.
type fuzzRow struct {
	i  int32
	d  int32 // DECIMAL(5,2) unscaled: -99999..99999
	s  string
	jn int64
	js string
	us int64
	f  float32
}

func (r fuzzRow) source() []any {
	return []any{int(r.i), decimalText(r.d, 2), r.s, r.jsonCompact(), r.us, r.f}
}

// target holds the same values the way a migration leaves them.
func (r fuzzRow) target() []any {
	double, err := strconv.ParseFloat(strconv.FormatFloat(float64(r.f), 'g', -1, 32), 64)
	if err != nil {
		panic(err)
	}
	return []any{int(r.i), decimalText(r.d, 2) + "00", r.s, r.jsonSpaced(), r.us, double}
}

func decimalText(n int32, scale int) string {
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	p := int32(math.Pow10(scale))
	return fmt.Sprintf("%s%d.%0*d", sign, n/p, scale, n%p)
}

// jsonCompact is MariaDB's text: as the application wrote it.
func (r fuzzRow) jsonCompact() string {
	s, _ := json.Marshal(r.js)
	return fmt.Sprintf(`{"n":%d,"s":%s,"a":[1.0,true,null,"x"],"o":{"f":1.50,"z":0}}`, r.jn, s)
}

// jsonSpaced is the same document as MySQL might return it: keys in another
// order, spaces, 1 for 1.0, every non-ASCII character \u-escaped.
func (r fuzzRow) jsonSpaced() string {
	var b strings.Builder
	b.WriteByte('"')
	for _, c := range r.js {
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteRune(c)
		case c < 0x20 || c > 0x7e:
			for _, u := range utf16.Encode([]rune{c}) {
				fmt.Fprintf(&b, `\u%04X`, u)
			}
		default:
			b.WriteRune(c)
		}
	}
	b.WriteByte('"')
	return fmt.Sprintf(`{ "o": {"z": 0, "f": 1.5}, "a": [1, true, null, "x"], "s": %s, "n": %d }`, b.String(), r.jn)
}

// FuzzRowHash: a row and its migrated copy hash alike; one real change to
// one field on one side makes the hashes differ, and CompareRows names it.
func FuzzRowHash(f *testing.F) {
	f.Add(int32(1), int32(150), "café", int64(7), "é\"\\", int64(1_700_000_000_123_456), uint32(0x3f8ccccd), uint8(0))
	f.Add(int32(-5), int32(-99999), "", int64(-1), "", int64(-30_000_000_000_000_000), uint32(0x80000000), uint8(7))
	f.Add(int32(math.MaxInt32), int32(99999), "ÿ", int64(math.MinInt64), "😀\x01", int64(0), uint32(0x7f7fffff), uint8(11))
	f.Fuzz(func(t *testing.T, i, d int32, s string, jn int64, js string, us int64, fbits uint32, mut uint8) {
		row := fuzzRow{i: i, d: d % 100000, jn: jn, us: us % 250_000_000_000_000_000, f: math.Float32frombits(fbits)}
		for _, b := range []byte(s) { // latin1 characters only
			row.s += string(rune(b))
		}
		row.s = row.s[:min(len(row.s), 40)]
		row.js = strings.ToValidUTF8(js, "?")
		if math.IsNaN(float64(row.f)) || math.IsInf(float64(row.f), 0) {
			row.f = 0 // the servers store neither
		}
		mem := checkedMem(t)
		f1 := newPair(t, mem, Options{}, []string{"i"}, fuzzSource, fuzzTarget, [][]any{row.source()}, [][]any{row.target()})
		if hs, ht := f1.src.RowHash(f1.srec, 0), f1.tgt.RowHash(f1.trec, 0); hs != ht {
			t.Fatalf("equal rows hash differently: %v\nsource %q\ntarget %q", CompareRows(f1.src, f1.srec, 0, f1.tgt, f1.trec, 0), row.source(), row.target())
		}

		col := int(mut) % len(fuzzSource)
		changed := mutate(row, col)
		srows, trows := row.source(), row.target()
		if mut/uint8(len(fuzzSource))%2 == 0 {
			srows = changed.source()
		} else {
			trows = changed.target()
		}
		f2 := newPair(t, mem, Options{}, []string{"i"}, fuzzSource, fuzzTarget, [][]any{srows}, [][]any{trows})
		if f2.src.RowHash(f2.srec, 0) == f2.tgt.RowHash(f2.trec, 0) {
			t.Fatalf("changing %s did not change the hash: source %q, target %q", fuzzSource[col].Name, srows, trows)
		}
		diffs := CompareRows(f2.src, f2.srec, 0, f2.tgt, f2.trec, 0)
		if len(diffs) != 1 || diffs[0].Column != fuzzSource[col].Name {
			t.Fatalf("changing %s: CompareRows = %+v", fuzzSource[col].Name, diffs)
		}
	})
}

// mutate makes one real change to field col.
func mutate(r fuzzRow, col int) fuzzRow {
	switch col {
	case 0:
		r.i ^= 1
	case 1:
		if r.d < 99999 {
			r.d++
		} else {
			r.d--
		}
	case 2:
		r.s += "x"
	case 3:
		r.jn ^= 1
	case 4:
		r.us++
	case 5:
		if r.f == 0 {
			r.f = math.SmallestNonzeroFloat32
		} else {
			r.f = math.Nextafter32(r.f, 0)
		}
	}
	return r
}
