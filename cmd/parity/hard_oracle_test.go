package main

// The oracle of the hard-migration suite: both sides read with plain SQL,
// values compared by what they mean, never by asking parity.

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"math/big"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/parity-db/parity/datagen"
	"github.com/parity-db/parity/schema"
)

// snapValue is one value as the oracle compares it.
type snapValue struct {
	null bool
	s    string // canonical text by the column's kind
}

func (v snapValue) String() string {
	if v.null {
		return "NULL"
	}
	return show(v.s)
}

// tableSnap is one side's rows of a table: by canonical key for a keyed
// table, as a multiset of canonical rows for a keyless one.
type tableSnap struct {
	ht     datagen.HardTable
	cols   []datagen.HardColumn
	keyIdx []int
	rows   map[string][]snapValue // keyed
	counts map[string]int         // keyless: canonical row -> copies
	raw    map[string][]string    // keyless: each canonical row's values as the server printed them
}

// selectExpr is how the oracle reads a column: FLOAT widened to DOUBLE
// (the text protocol rounds FLOAT to 6 digits), BIT as a number.
func selectExpr(c datagen.HardColumn) string {
	q := schema.QuoteIdent(c.Name)
	switch c.Kind {
	case datagen.KindFloat:
		return "(" + q + " + 0e0)"
	case datagen.KindBits:
		return "CAST(" + q + " AS UNSIGNED)"
	}
	return q
}

// snapshot reads every row of ht on one side.
func (p *hardPair) snapshot(t *testing.T, target bool, ht datagen.HardTable) *tableSnap {
	t.Helper()
	s := &tableSnap{ht: ht, cols: ht.Columns, rows: map[string][]snapValue{}, counts: map[string]int{}, raw: map[string][]string{}}
	exprs := make([]string, len(ht.Columns))
	for i, c := range ht.Columns {
		exprs[i] = selectExpr(c)
		if slices.Contains(ht.Key, c.Name) {
			s.keyIdx = append(s.keyIdx, i)
		}
	}
	// Key columns in key order.
	slices.SortFunc(s.keyIdx, func(a, b int) int {
		return slices.Index(ht.Key, ht.Columns[a].Name) - slices.Index(ht.Key, ht.Columns[b].Name)
	})
	q := "SELECT " + strings.Join(exprs, ", ") + " FROM " + schema.QuoteIdent(p.db(target)) + "." + schema.QuoteIdent(ht.Name)
	rows, err := p.pool(target).QueryContext(context.Background(), q)
	if err != nil {
		t.Fatalf("oracle: read %s on %s: %v", ht.Name, side(target), err)
	}
	defer rows.Close()
	raw := make([]sql.RawBytes, len(exprs))
	dest := make([]any, len(raw))
	for i := range raw {
		dest[i] = &raw[i]
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			t.Fatalf("oracle: read %s on %s: %v", ht.Name, side(target), err)
		}
		vals := make([]snapValue, len(raw))
		texts := make([]string, len(raw))
		for i, b := range raw {
			if b == nil {
				vals[i] = snapValue{null: true}
				continue
			}
			texts[i] = string(b)
			c, err := canonical(ht.Columns[i].Kind, string(b))
			if err != nil {
				t.Fatalf("oracle: %s.%s on %s: %v", ht.Name, ht.Columns[i].Name, side(target), err)
			}
			vals[i] = snapValue{s: c}
		}
		if len(ht.Key) == 0 {
			k := rowText(vals)
			s.counts[k]++
			s.raw[k] = texts
			continue
		}
		k := s.keyOf(vals)
		if _, dup := s.rows[k]; dup {
			t.Fatalf("oracle: %s on %s holds key %s twice", ht.Name, side(target), k)
		}
		s.rows[k] = vals
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("oracle: read %s on %s: %v", ht.Name, side(target), err)
	}
	return s
}

func (s *tableSnap) keyOf(vals []snapValue) string {
	parts := make([]snapValue, len(s.keyIdx))
	for i, j := range s.keyIdx {
		parts[i] = vals[j]
	}
	return rowText(parts)
}

// rowText joins canonical values into one unambiguous string.
func rowText(vals []snapValue) string {
	var b strings.Builder
	for i, v := range vals {
		if i > 0 {
			b.WriteString(", ")
		}
		if v.null {
			b.WriteString("NULL")
		} else {
			b.WriteString(strconv.Quote(v.s))
		}
	}
	return b.String()
}

// canonical is the text of a value of kind by which two servers' values
// compare: what it means, not how it was printed.
func canonical(kind datagen.ValueKind, s string) (string, error) {
	switch kind {
	case datagen.KindInteger, datagen.KindBits:
		s = strings.TrimSpace(s)
		if _, ok := new(big.Int).SetString(s, 10); !ok {
			return "", fmt.Errorf("integer %q", s)
		}
		return s, nil
	case datagen.KindDecimal:
		return canonicalDecimal(s)
	case datagen.KindFloat, datagen.KindDouble:
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			return "", fmt.Errorf("float %q: %w", s, err)
		}
		return strconv.FormatFloat(f, 'g', -1, 64), nil
	case datagen.KindBinary:
		if len(s) > longValue {
			return digest(s), nil
		}
		return hex.EncodeToString([]byte(s)), nil
	case datagen.KindTemporal:
		return canonicalTemporal(s), nil
	case datagen.KindJSON:
		v, err := jsonMeaning(s)
		if err != nil {
			return "", fmt.Errorf("JSON %s: %w", show(s), err)
		}
		return canonicalJSON(v), nil
	}
	if len(s) > longValue {
		return digest(s), nil
	}
	return s, nil // text
}

// longValue is the size past which the oracle compares a text or binary
// value by its digest: equal values still compare equal, and a 20 MiB
// value is not hexed and quoted at every snapshot.
const longValue = 4096

// digest stands for a long value: its length and SHA-256.
func digest(s string) string {
	sum := sha256.Sum256([]byte(s))
	return fmt.Sprintf("%d bytes, sha256 %x", len(s), sum)
}

// canonicalDecimal writes a DECIMAL's text without the zeros its scale
// adds: "1.2300" and "1.23" are both "1.23", "-0.00" is "0".
func canonicalDecimal(s string) (string, error) {
	s = strings.TrimSpace(s)
	if _, ok := new(big.Rat).SetString(s); !ok || strings.ContainsAny(s, "eE/") {
		return "", fmt.Errorf("decimal %q", s)
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimLeft(s, "+-")
	ip, fp, _ := strings.Cut(s, ".")
	ip, fp = strings.TrimLeft(ip, "0"), strings.TrimRight(fp, "0")
	if ip == "" {
		ip = "0"
	}
	out := ip
	if fp != "" {
		out += "." + fp
	}
	if neg && out != "0" {
		out = "-" + out
	}
	return out, nil
}

// canonicalTemporal writes a date/time text with ' ' between date and time
// and no trailing fraction zeros: "2024-01-02 03:04:05.5".
func canonicalTemporal(s string) string {
	s = strings.TrimSuffix(strings.Replace(strings.TrimSpace(s), "T", " ", 1), "Z")
	if i := strings.LastIndexByte(s, '.'); i >= 0 && !strings.ContainsAny(s[i:], " -:") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// canonicalJSON prints a jsonMeaning value with sorted object keys and
// numbers as exact rationals, so equal documents print the same.
func canonicalJSON(v any) string {
	switch v := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = strconv.Quote(k) + ":" + canonicalJSON(v[k])
		}
		return "{" + strings.Join(parts, ",") + "}"
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = canonicalJSON(e)
		}
		return "[" + strings.Join(parts, ",") + "]"
	case jsonRat:
		return "#" + string(v)
	case string:
		return strconv.Quote(v)
	case nil:
		return "null"
	}
	return fmt.Sprint(v)
}

// wantDiff is one expected row difference in canonical form.
type wantDiff struct {
	kind    string   // missing, extra, changed
	key     string   // canonical key (keyed) or canonical row (keyless)
	columns []string // changed: differing columns, sorted
	count   int      // keyless: copies
	raw     []string // keyless: the row's values as a server printed them, to match a value parity cut short
}

func (d wantDiff) String() string {
	s := d.kind + " " + d.key
	if len(d.columns) > 0 {
		s += " [" + strings.Join(d.columns, ",") + "]"
	}
	if d.count > 1 {
		s += fmt.Sprintf(" x%d", d.count)
	}
	return s
}

// oracleDiff is what differs between the two sides: the differences a
// correct verify reports, in a fixed order.
func oracleDiff(src, tgt *tableSnap) []wantDiff {
	var out []wantDiff
	if len(src.ht.Key) == 0 {
		for k, n := range src.counts {
			if m := tgt.counts[k]; n > m {
				out = append(out, wantDiff{kind: "missing", key: k, count: n - m, raw: src.raw[k]})
			}
		}
		for k, m := range tgt.counts {
			if n := src.counts[k]; m > n {
				out = append(out, wantDiff{kind: "extra", key: k, count: m - n, raw: tgt.raw[k]})
			}
		}
	} else {
		for k, sv := range src.rows {
			tv, ok := tgt.rows[k]
			if !ok {
				out = append(out, wantDiff{kind: "missing", key: k})
				continue
			}
			var cols []string
			for i, c := range src.cols {
				if sv[i] != tv[i] {
					cols = append(cols, c.Name)
				}
			}
			if len(cols) > 0 {
				sort.Strings(cols)
				out = append(out, wantDiff{kind: "changed", key: k, columns: cols})
			}
		}
		for k := range tgt.rows {
			if _, ok := src.rows[k]; !ok {
				out = append(out, wantDiff{kind: "extra", key: k})
			}
		}
	}
	sortDiffs(out)
	return out
}

func sortDiffs(d []wantDiff) {
	slices.SortFunc(d, func(a, b wantDiff) int {
		if c := strings.Compare(a.key, b.key); c != 0 {
			return c
		}
		return strings.Compare(a.kind, b.kind)
	})
}

// reportedKey is the canonical key of a difference parity listed, read from
// its JSON key text by the key columns' kinds.
func reportedKey(ht datagen.HardTable, key map[string]string) (string, error) {
	vals := make([]snapValue, len(ht.Key))
	for i, name := range ht.Key {
		text, ok := key[name]
		if !ok {
			return "", fmt.Errorf("key lacks column %s: %v", name, key)
		}
		c, _ := ht.Column(name)
		v, err := reportedValue(c.Kind, valueDoc{Text: text})
		if err != nil {
			return "", err
		}
		vals[i] = v
	}
	if len(key) != len(ht.Key) {
		return "", fmt.Errorf("key has %d columns, want %d: %v", len(key), len(ht.Key), key)
	}
	return rowText(vals), nil
}

// reportedRow is the canonical row of a keyless difference parity listed.
// A value parity cut short (truncated) cannot be read back, so the row is
// matched against the expected differences of its kind instead: every
// whole value must equal, every cut one must begin the expected value.
func reportedRow(ht datagen.HardTable, kind string, row map[string]valueDoc, want []wantDiff) (string, error) {
	vals := make([]snapValue, len(ht.Columns))
	cut := false
	for i, c := range ht.Columns {
		v, ok := row[c.Name]
		if !ok {
			return "", fmt.Errorf("row lacks column %s", c.Name)
		}
		if v.Truncated {
			cut = true
			continue
		}
		sv, err := reportedValue(c.Kind, v)
		if err != nil {
			return "", fmt.Errorf("column %s: %w", c.Name, err)
		}
		vals[i] = sv
	}
	if !cut {
		return rowText(vals), nil
	}
	for _, w := range want {
		if w.kind != kind || len(w.raw) != len(ht.Columns) {
			continue
		}
		if matchesCut(ht, row, vals, w) {
			return w.key, nil
		}
	}
	return "", fmt.Errorf("no expected %s row begins with the values listed: %v", kind, row)
}

// matchesCut reports whether a listed keyless row, some of whose values
// were cut short, is the expected row w.
func matchesCut(ht datagen.HardTable, row map[string]valueDoc, vals []snapValue, w wantDiff) bool {
	expected := splitRowText(w.key)
	if len(expected) != len(ht.Columns) {
		return false
	}
	for i, c := range ht.Columns {
		v := row[c.Name]
		if !v.Truncated {
			if vals[i] != expected[i] {
				return false
			}
			continue
		}
		if expected[i].null {
			return false
		}
		prefix, full := v.Text, w.raw[i]
		if c.Kind == datagen.KindBinary {
			prefix, full = strings.TrimPrefix(strings.ToLower(prefix), "0x"), hex.EncodeToString([]byte(full))
		}
		if !strings.HasPrefix(full, prefix) {
			return false
		}
	}
	return true
}

// splitRowText reverses rowText.
func splitRowText(s string) []snapValue {
	var out []snapValue
	for s != "" {
		if rest, ok := strings.CutPrefix(s, "NULL"); ok {
			out = append(out, snapValue{null: true})
			s = strings.TrimPrefix(rest, ", ")
			continue
		}
		q, err := strconv.QuotedPrefix(s)
		if err != nil {
			return nil
		}
		v, _ := strconv.Unquote(q)
		out = append(out, snapValue{s: v})
		s = strings.TrimPrefix(s[len(q):], ", ")
	}
	return out
}

// reportedValue reads a value as parity's JSON shows it (numbers and dates
// as the server prints them, text as is, binary as 0x-hex) into the
// oracle's canonical form.
func reportedValue(kind datagen.ValueKind, v valueDoc) (snapValue, error) {
	if v.Null {
		return snapValue{null: true}, nil
	}
	if v.Truncated {
		return snapValue{}, fmt.Errorf("value %s is truncated: cannot tell which row it is", show(v.Text))
	}
	text := v.Text
	switch kind {
	case datagen.KindBinary:
		if h, ok := strings.CutPrefix(strings.ToLower(text), "0x"); ok {
			if b, err := hex.DecodeString(h); err == nil {
				text = string(b)
			}
		}
		c, err := canonical(kind, text)
		return snapValue{s: c}, err
	case datagen.KindFloat:
		f, err := strconv.ParseFloat(strings.TrimSpace(text), 32)
		if err != nil {
			return snapValue{}, fmt.Errorf("FLOAT %q: %w", text, err)
		}
		return snapValue{s: strconv.FormatFloat(float64(float32(f)), 'g', -1, 64)}, nil
	case datagen.KindBits:
		if h, ok := strings.CutPrefix(strings.ToLower(text), "0x"); ok {
			n, ok := new(big.Int).SetString(h, 16)
			if ok {
				return snapValue{s: n.String()}, nil
			}
		}
	}
	c, err := canonical(kind, text)
	return snapValue{s: c}, err
}
