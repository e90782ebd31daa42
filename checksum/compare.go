package checksum

import (
	"bytes"
	"encoding/hex"
	"math"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
)

// ColumnDiff is one column whose values differ between a source and a
// target row.
type ColumnDiff struct {
	Column string `json:"column"`
	Source Value  `json:"source"`
	Target Value  `json:"target"`
	// FirstDifference is set when a text, binary or JSON value is too long
	// to show whole: the byte offset at which the two values first differ.
	// Source and Target then show the bytes around it (Value.From) and
	// carry their full lengths (Value.Bytes), so a changed byte deep in a
	// 20 MiB BLOB is not shown as two identical prefixes.
	FirstDifference *int64 `json:"first_difference,omitempty"`
}

// CompareRows returns the compared columns whose values differ between row
// si of srec (a source batch) and row ti of trec (a target batch), in plan
// order; nil when the rows are equal. Values compare as the row hash does,
// except that the float tolerance is applied exactly: |a-b| <= tolerance.
// Both encoders must come from the same plan, one per side.
func CompareRows(src *Encoder, srec arrow.RecordBatch, si int, tgt *Encoder, trec arrow.RecordBatch, ti int) []ColumnDiff {
	if src.plan != tgt.plan || src == tgt {
		panic("checksum: CompareRows needs two encoders of one plan")
	}
	src.bind(srec)
	tgt.bind(trec)
	var diffs []ColumnDiff
	for i := range src.cols {
		s, t := &src.cols[i], &tgt.cols[i]
		if !equalValues(src, s, si, tgt, t, ti) {
			diffs = append(diffs, src.columnDiff(s, si, tgt, t, ti))
		}
	}
	return diffs
}

func equalValues(se *Encoder, s *column, si int, te *Encoder, t *column, ti int) bool {
	sn, tn := s.null(si), t.null(ti)
	if sn || tn {
		return sn && tn
	}
	if pc := s.pc; pc.tol > 0 && pc.tags[Source] == "" {
		return math.Abs(s.float.float(si)-t.float.float(ti)) <= pc.tol
	}
	se.cbuf = s.hash.appendCanon(se.cbuf[:0], si)
	te.cbuf = t.hash.appendCanon(te.cbuf[:0], ti)
	return bytes.Equal(se.cbuf, te.cbuf)
}

// columnDiff shows one differing column. Long text, binary and JSON values
// are shown around the first byte where they differ; JSON is compared in
// its canonical form, so the offset points at a difference in meaning, not
// in spacing or key order.
func (src *Encoder) columnDiff(s *column, si int, tgt *Encoder, t *column, ti int) ColumnDiff {
	d := ColumnDiff{Column: s.pc.name, Source: src.value(s, si), Target: tgt.value(t, ti)}
	limit := src.plan.maxText
	if limit < 0 || !(d.Source.Truncated || d.Target.Truncated) || s.null(si) || t.null(ti) {
		return d
	}
	var a, b []byte
	binary := false
	switch s.pc.class {
	case clsText, clsBytes:
		a, b = s.exact.(*bytesCanon).value(si), t.exact.(*bytesCanon).value(ti)
		binary = s.pc.class == clsBytes
	case clsJSON:
		a = s.exact.appendCanon(nil, si)
		b = t.exact.appendCanon(nil, ti)
	default:
		return d
	}
	at := firstDifference(a, b)
	off := int64(at)
	d.FirstDifference = &off
	d.Source = window(a, at, limit, binary)
	d.Target = window(b, at, limit, binary)
	return d
}

// firstDifference is the index of the first byte where a and b differ, or
// the shorter length when one is a prefix of the other.
func firstDifference(a, b []byte) int {
	n := min(len(a), len(b))
	for i := 0; i < n; {
		// Compare 8 bytes at a time: the values can be megabytes.
		if i+8 <= n && string(a[i:i+8]) == string(b[i:i+8]) {
			i += 8
			continue
		}
		if a[i] != b[i] {
			return i
		}
		i++
	}
	return n
}

// window shows about limit bytes of v starting a little before at, on
// UTF-8 boundaries for text; binary shows as 0x-hex of half as many bytes.
func window(v []byte, at, limit int, binary bool) Value {
	span := limit
	if binary {
		span = max(1, limit/2)
	}
	from := max(0, at-span/4)
	if !binary {
		for from > 0 && !utf8.RuneStart(v[from]) {
			from--
		}
	}
	to := min(len(v), from+span)
	if !binary {
		for to < len(v) && !utf8.RuneStart(v[to]) {
			to--
		}
	}
	text := string(v[from:to])
	if binary {
		text = "0x" + hex.EncodeToString(v[from:to])
	}
	return Value{Text: text, From: int64(from), Bytes: int64(len(v)), Truncated: to < len(v)}
}
