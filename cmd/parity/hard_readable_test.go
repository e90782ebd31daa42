package main

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/parity-db/parity/datagen"
)

// readFlipAt and readTextAt are the byte and character of read_long's 20
// MiB blob and 300,000-character text that a plant changes.
const (
	readFlipAt = 15_000_000
	readTextAt = 200_000
)

// readablePosition is where a changed value must be shown to part: the
// first differing position and both lengths, in bytes (for text, in
// characters as well, either is accepted).
type readablePosition struct {
	id                     int64
	col                    string
	offset, srcLen, tgtLen int64
	charOffset             int64 // text only: the same place in characters
	charSrcLen, charTgtLen int64
}

// TestHardReadable: a changed 20 MiB blob and changed long texts must show
// where the values first differ (offset and both lengths), and excerpts
// that differ, not two identical prefixes.
func TestHardReadable(t *testing.T) {
	ht, _ := datagen.HardTableNamed("read_long")
	p := newHardPair(t, mariadbToMySQL, "read")
	holdGlobals(t, p.src, p.tgt)
	p.load(t, ht)
	rows := ht.Rows(hardSeed)
	blob := rows[datagen.ReadBlobID-1][1].([]byte)
	text := rows[datagen.ReadTextID-1][2].(string)
	multi := rows[datagen.ReadMultibyteID-1][2].(string)
	mib := rows[datagen.ReadMiBID-1][1].([]byte)
	multiChars := int64(utf8.RuneCountInString(multi))
	positions := []readablePosition{
		{id: datagen.ReadBlobID, col: "b", offset: readFlipAt, srcLen: int64(len(blob)), tgtLen: int64(len(blob))},
		{id: datagen.ReadTextID, col: "t", offset: readTextAt, srcLen: int64(len(text)), tgtLen: int64(len(text)),
			charOffset: readTextAt, charSrcLen: int64(len(text)), charTgtLen: int64(len(text))},
		{id: datagen.ReadMultibyteID, col: "t", offset: int64(len(multi)), srcLen: int64(len(multi)), tgtLen: int64(len(multi)) + 3,
			charOffset: multiChars, charSrcLen: multiChars, charTgtLen: multiChars + 3},
		{id: datagen.ReadMiBID, col: "b", offset: int64(len(mib)) - 10, srcLen: int64(len(mib)), tgtLen: int64(len(mib)) - 10},
	}
	plant := func(t *testing.T, p *hardPair) []wantDiff {
		if text[readTextAt] == '~' {
			t.Fatal("fixture: read_long text already holds '~'")
		}
		p.updateRow(t, true, ht, rows[datagen.ReadBlobID-1], "`b` = INSERT(`b`, ?, 1, ?)", readFlipAt+1, []byte{blob[readFlipAt] ^ 0x5a})
		p.updateRow(t, true, ht, rows[datagen.ReadTextID-1], "`t` = INSERT(`t`, ?, 1, '~')", readTextAt+1)
		p.updateRow(t, true, ht, rows[datagen.ReadMultibyteID-1], "`t` = CONCAT(`t`, 'XYZ')")
		p.updateRow(t, true, ht, rows[datagen.ReadMiBID-1], "`b` = LEFT(`b`, LENGTH(`b`) - 10)")
		var intent []wantDiff
		for _, pos := range positions {
			intent = append(intent, changed(rowKey(t, ht, rows[pos.id-1]), pos.col))
		}
		sortDiffs(intent)
		return intent
	}
	check := func(t *testing.T, run *verifyRun) {
		if run.code != 1 {
			return
		}
		for _, pos := range positions {
			t.Run(strconv.FormatInt(pos.id, 10)+"."+pos.col, func(t *testing.T) { checkPosition(t, p, run, pos) })
		}
	}
	// Chunks of two rows of which one holds 20 MiB: the planner must still
	// cover the table and end.
	t.Run("chunk-rows=2", func(t *testing.T) {
		run := p.verify(t, verifyArgs{tables: []string{ht.Name}, chunkRows: 2, mode: "stream", limit: bigTimeLimit})
		p.checkRun(t, run, ht, expectation{})
	})
	hardCase{table: ht, plant: plant, check: check, limit: bigTimeLimit}.run(t, p)
}

// checkPosition requires that the listed change of pos.col in row pos.id
// shows excerpts that differ, says where the values part and how long
// each is, in the JSON and in the summary.
func checkPosition(t *testing.T, p *hardPair, run *verifyRun, pos readablePosition) {
	tr := run.table(p.srcDB, "read_long")
	if tr == nil {
		t.Fatal("no result for read_long")
	}
	id := strconv.FormatInt(pos.id, 10)
	var cd *columnDiffDoc
	for _, d := range tr.Diffs {
		if d.Key["id"] == id {
			for i := range d.Columns {
				if d.Columns[i].Column == pos.col {
					cd = &d.Columns[i]
				}
			}
		}
	}
	if cd == nil {
		t.Fatalf("row id %d: no listed change of %s", pos.id, pos.col)
	}
	if cd.Source.Text == cd.Target.Text {
		t.Errorf("row id %d, %s: both sides shown as %s: the excerpts must show where they differ", pos.id, pos.col, show(cd.Source.Text))
	}
	offset, srcLen, tgtLen, obj, ok := reportedDifference(run, tr.Table, "id", id, pos.col)
	switch {
	case !ok:
		t.Errorf("row id %d, %s: no %q and source and target %q in the column difference (want %d, %d, %d): %v", pos.id, pos.col,
			jsonDiffOffset, jsonDiffBytes, pos.offset, pos.srcLen, pos.tgtLen, keysOf(obj))
	case offset == pos.offset && srcLen == pos.srcLen && tgtLen == pos.tgtLen:
	case pos.charSrcLen > 0 && offset == pos.charOffset && srcLen == pos.charSrcLen && tgtLen == pos.charTgtLen:
	default:
		t.Errorf("row id %d, %s: first difference at %d, lengths %d and %d; want %d, %d and %d", pos.id, pos.col,
			offset, srcLen, tgtLen, pos.offset, pos.srcLen, pos.tgtLen)
	}
	if !strings.Contains(run.stdout, strconv.FormatInt(pos.offset, 10)) && !strings.Contains(run.stdout, commaNumber(pos.offset)) &&
		(pos.charSrcLen == 0 || !strings.Contains(run.stdout, strconv.FormatInt(pos.charOffset, 10))) {
		t.Errorf("row id %d, %s: the summary does not show the offset %d", pos.id, pos.col, pos.offset)
	}
}

// commaNumber writes n with thousands separators: 15,000,000.
func commaNumber(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func keysOf(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
