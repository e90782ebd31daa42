package main

import (
	"slices"
	"testing"

	"github.com/parity-db/parity/datagen"
)

// collationChunkRows puts a few keys in each chunk, so keys that sort
// differently on the two sides land in different chunks.
const collationChunkRows = 7

// TestHardCollation: a utf8mb4_general_ci (PAD SPACE) key migrated to
// utf8mb4_0900_ai_ci (NO PAD), utf8mb4_bin and utf8mb4_0900_bin on MySQL,
// and to utf8mb4_general_nopad_ci, utf8mb4_bin and utf8mb4_nopad_bin on
// MariaDB. Keys changed on the target only in a trailing space ('def' to
// 'def '), in an emoji the source collation cannot tell apart ('emoji🍣' to
// 'emoji🍤') or in case ('abc' to 'ABC'), are each one missing source key
// and one extra target key, every target row is counted once, and the fix
// SQL converges. The reverse, a NO PAD source with 'x' and 'x ' copied to a
// PAD SPACE target that holds only 'x', is reported as missing 'x ' and
// left out of the fix SQL, saying why.
func TestHardCollation(t *testing.T) {
	t.Parallel() // small tables: runs beside the other small classes, after the timed and the big ones
	for _, kind := range []pairKind{mariadbToMySQL, mariadbToMariaDB} {
		t.Run(kind.name, func(t *testing.T) {
			p := newHardPair(t, kind, "coll")
			tables := datagen.HardTablesOf(datagen.ClassCollation)
			p.load(t, tables...)
			for _, ht := range tables {
				t.Run(ht.Name, func(t *testing.T) {
					if ht.Name == "coll_nopad" {
						hardCase{table: ht, chunkRows: collationChunkRows, plant: plantNoPad(ht), unfixable: noPadUnfixable(t, ht)}.run(t, p)
						return
					}
					hardCase{table: ht, chunkRows: collationChunkRows, plant: plantCollationDrift(ht)}.run(t, p)
				})
			}
		})
	}
}

// plantCollationDrift re-keys rows on the target so that only bytes the
// source collation ignores change, deletes and changes rows on chunk
// edges, and adds keys before the first and after the last.
func plantCollationDrift(ht datagen.HardTable) func(t *testing.T, p *hardPair) []wantDiff {
	return func(t *testing.T, p *hardPair) []wantDiff {
		rows := ht.Rows(hardSeed)
		byKey := func(k string) []any {
			i := slices.IndexFunc(rows, func(r []any) bool { return r[0] == k })
			if i < 0 {
				t.Fatalf("fixture: %s has no key %q", ht.Name, k)
			}
			return rows[i]
		}
		var intent []wantDiff
		rekey := func(from, to string) {
			row := byKey(from)
			// BINARY: the target's own collation may call from and to equal.
			p.exec(t, true, false, "UPDATE "+p.qualified(true, ht.Name)+" SET `k` = ? WHERE `k` = BINARY ?", to, from)
			moved := append([]any{to}, row[1:]...)
			intent = append(intent, missing(rowKey(t, ht, row)), extra(rowKey(t, ht, moved)))
		}
		rekey("def", "def ")
		rekey("emoji🍣", "emoji🍤")
		rekey("abc", "ABC")
		rekey("B00001", "b00001")
		for _, k := range []string{"abc ", " lead", "zzz-after-last"} {
			row := []any{k, int64(-100), "extra " + k}
			p.insertRow(t, true, ht, row)
			intent = append(intent, extra(rowKey(t, ht, row)))
		}
		for _, i := range []int{collationChunkRows, 2*collationChunkRows + 1, len(rows) - 1} {
			p.exec(t, true, false, "DELETE FROM "+p.qualified(true, ht.Name)+" WHERE `k` = BINARY ?", rows[i][0])
			intent = append(intent, missing(rowKey(t, ht, rows[i])))
		}
		for _, i := range []int{collationChunkRows + 2, 3 * collationChunkRows, len(rows) - 2} {
			p.exec(t, true, false, "UPDATE "+p.qualified(true, ht.Name)+" SET `v` = `v` + 1000 WHERE `k` = BINARY ?", rows[i][0])
			intent = append(intent, changed(rowKey(t, ht, rows[i]), "v"))
		}
		sortDiffs(intent)
		return intent
	}
}

// plantNoPad adds fixable differences to coll_nopad: a deleted and a
// changed filler row, and a change to 'x', the row the target kept.
func plantNoPad(ht datagen.HardTable) func(t *testing.T, p *hardPair) []wantDiff {
	return func(t *testing.T, p *hardPair) []wantDiff {
		rows := ht.Rows(hardSeed)
		var intent []wantDiff
		filler := len(datagen.CollationNoPadKeys)
		p.deleteRow(t, true, ht, rows[filler+9])
		intent = append(intent, missing(rowKey(t, ht, rows[filler+9])))
		for _, i := range []int{0, filler + 19} {
			p.exec(t, true, false, "UPDATE "+p.qualified(true, ht.Name)+" SET `v` = -`v` WHERE `k` = BINARY ?", rows[i][0])
			intent = append(intent, changed(rowKey(t, ht, rows[i]), "v"))
		}
		sortDiffs(intent)
		return intent
	}
}

// noPadUnfixable: the source keys 'x ' and 'y  ' that the PAD SPACE target
// cannot hold next to 'x' and 'y'.
func noPadUnfixable(t *testing.T, ht datagen.HardTable) func(d wantDiff) bool {
	keys := map[string]bool{}
	for _, row := range ht.Rows(hardSeed) {
		if k := row[0].(string); k == "x " || k == "y  " {
			keys[rowKey(t, ht, row)] = true
		}
	}
	if len(keys) != 2 {
		t.Fatalf("fixture: coll_nopad lacks 'x ' or 'y  '")
	}
	return func(d wantDiff) bool { return d.kind == "missing" && keys[d.key] }
}
