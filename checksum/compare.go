package checksum

import (
	"bytes"
	"math"

	"github.com/apache/arrow-go/v18/arrow"
)

// ColumnDiff is one column whose values differ between a source and a
// target row.
type ColumnDiff struct {
	Column string `json:"column"`
	Source Value  `json:"source"`
	Target Value  `json:"target"`
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
			diffs = append(diffs, ColumnDiff{Column: s.pc.name, Source: src.value(s, si), Target: tgt.value(t, ti)})
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
