package main

import (
	"slices"
	"testing"

	"github.com/parity-db/parity/datagen"
)

// TestHardFixSQL: differences whose fix SQL is easy to get wrong, applied
// with the plain mysql client (which stops at the first error) and
// re-verified: ENUM error values ”, STORED and VIRTUAL generated columns,
// keyless rows of FLOAT, DOUBLE and JSON values and of text that a _ci
// collation calls equal, rows larger than the client's 16 MiB
// max_allowed_packet. NULLs that a NOT NULL target column cannot take must
// be left out of the fix SQL, saying why, while the rest converges.
func TestHardFixSQL(t *testing.T) {
	for _, kind := range []pairKind{mariadbToMySQL, mariadbToMariaDB} {
		t.Run(kind.name, func(t *testing.T) {
			p := newHardPair(t, kind, "fix")
			holdGlobals(t, p.src, p.tgt) // fix_big's rows are larger than 16 MiB
			tables := datagen.HardTablesOf(datagen.ClassFixSQL)
			p.load(t, tables...)
			for _, ht := range tables {
				t.Run(ht.Name, func(t *testing.T) {
					c := hardCase{table: ht, chunkRows: 5}
					switch ht.Name {
					case "fix_enum":
						c.plant = plantEnum(ht)
					case "fix_generated":
						c.plant = plantGenerated(ht)
					case "fix_keyless":
						c.plant = plantKeyless(ht)
					case "fix_big":
						// Default chunking: TestHardReadable/chunk-rows=2 covers
						// small chunks of huge rows.
						c.plant, c.chunkRows, c.limit = plantBig(ht), 0, bigTimeLimit
					case "fix_notnull":
						c.plant = plantNotNull(ht)
						c.unfixable = notNullUnfixable(t, ht)
					default:
						t.Fatalf("no plant for %s", ht.Name)
					}
					if ht.Name != "fix_big" {
						c.run(t, p)
						return
					}
					// The testbed's servers take statements of up to 256 MiB;
					// many servers in production stop at 16 MiB.
					t.Run("max_allowed_packet=256M", func(t *testing.T) { c.run(t, p) })
					if kind != mariadbToMySQL {
						return // the 16 MiB server: once, on the migration's target
					}
					t.Run("max_allowed_packet=16M", func(t *testing.T) {
						big := map[string]bool{}
						for _, id := range []int64{datagen.FixBigBlobID, datagen.FixBigTextID} {
							big[rowKey(t, ht, rowByID(t, ht, id))] = true
						}
						underSmallPacket(t, p, ht, c.chunkRows, plantBig(ht), func(d wantDiff) bool { return big[d.key] })
					})
				})
			}
		})
	}
}

// rowByID returns the row of ht.Rows whose first column is id.
func rowByID(t *testing.T, ht datagen.HardTable, id int64) []any {
	t.Helper()
	rows := ht.Rows(hardSeed)
	i := slices.IndexFunc(rows, func(r []any) bool { return r[0] == id })
	if i < 0 {
		t.Fatalf("fixture: %s has no id %d", ht.Name, id)
	}
	return rows[i]
}

// plantEnum: rows holding the error value ” go missing or change to a
// valid value on the target, and valid values change to ”.
func plantEnum(ht datagen.HardTable) func(t *testing.T, p *hardPair) []wantDiff {
	return func(t *testing.T, p *hardPair) []wantDiff {
		var intent []wantDiff
		for _, id := range []int64{1, 10, 40} { // 10 and 40 hold e = ''
			row := rowByID(t, ht, id)
			p.deleteRow(t, true, ht, row)
			intent = append(intent, missing(rowKey(t, ht, row)))
		}
		for _, c := range []struct {
			id       int64
			col, set string
		}{
			{15, "e", "`e` = 'small'"},  // '' on the source
			{3, "e", "`e` = 'bogus'"},   // '' on the target (relaxed sql_mode)
			{14, "e2", "`e2` = 'x'"},    // '' on the source
			{22, "e2", "`e2` = 'nope'"}, // '' on the target
		} {
			row := rowByID(t, ht, c.id)
			p.updateRow(t, true, ht, row, c.set)
			intent = append(intent, changed(rowKey(t, ht, row), c.col))
		}
		sortDiffs(intent)
		return intent
	}
}

// plantGenerated: rows missing on the target, and rows whose base columns
// (and so their generated columns) changed.
func plantGenerated(ht datagen.HardTable) func(t *testing.T, p *hardPair) []wantDiff {
	return func(t *testing.T, p *hardPair) []wantDiff {
		var intent []wantDiff
		for _, id := range []int64{1, 25, 50} {
			row := rowByID(t, ht, id)
			p.deleteRow(t, true, ht, row)
			intent = append(intent, missing(rowKey(t, ht, row)))
		}
		row := rowByID(t, ht, 10)
		p.updateRow(t, true, ht, row, "`a` = `a` + 1")
		intent = append(intent, changed(rowKey(t, ht, row), "a", "total", "label"))
		row = rowByID(t, ht, 31) // b is not NULL in row 31
		p.updateRow(t, true, ht, row, "`b` = NULL")
		intent = append(intent, changed(rowKey(t, ht, row), "b", "total"))
		sortDiffs(intent)
		return intent
	}
}

// plantKeyless: extra copies on the target of rows that a DELETE by value
// matches wrongly (FLOAT 0.1, JSON, text 'abc ' after its _ci-equal
// 'ABC' and 'abc'), copies missing from a duplicated row, a row missing
// outright and an extra all-NULL row.
func plantKeyless(ht datagen.HardTable) func(t *testing.T, p *hardPair) []wantDiff {
	return func(t *testing.T, p *hardPair) []wantDiff {
		rows := ht.Rows(hardSeed)
		var intent []wantDiff
		for _, i := range []int{2, 0, 10, 7} { // 'abc ', 'ABC' with 0.1 and JSON, 1e30 with a JSON string, all NULL
			p.insertRow(t, true, ht, rows[i])
			intent = append(intent, wantDiff{kind: "extra", key: rowCanon(t, ht, rows[i]), count: 1})
		}
		// n identifies these rows (copies of one row share it).
		for _, n := range []int64{2, 4, 15} {
			i := slices.IndexFunc(rows, func(r []any) bool { return r[0] == n })
			p.exec(t, true, false, "DELETE FROM "+p.qualified(true, ht.Name)+" WHERE `n` = ? LIMIT 1", n)
			intent = append(intent, wantDiff{kind: "missing", key: rowCanon(t, ht, rows[i]), count: 1})
		}
		sortDiffs(intent)
		return intent
	}
}

// plantBig: the 17 MiB row goes missing, the 18 MiB text changes in one
// character, and a small row after them changes too, so a fix that dies
// on the big statements leaves it unfixed.
func plantBig(ht datagen.HardTable) func(t *testing.T, p *hardPair) []wantDiff {
	return func(t *testing.T, p *hardPair) []wantDiff {
		blob := rowByID(t, ht, datagen.FixBigBlobID)
		text := rowByID(t, ht, datagen.FixBigTextID)
		small := rowByID(t, ht, 6)
		p.deleteRow(t, true, ht, blob)
		p.updateRow(t, true, ht, text, "`t` = INSERT(`t`, 1000001, 1, '~')") // '~' is not in the text's alphabet
		p.updateRow(t, true, ht, small, "`t` = 'changed after the big rows'")
		intent := []wantDiff{missing(rowKey(t, ht, blob)), changed(rowKey(t, ht, text), "t"), changed(rowKey(t, ht, small), "t")}
		sortDiffs(intent)
		return intent
	}
}

// plantNotNull: on top of the NULLs the load turned into ” and 0, the
// row whose NULL c was loaded as ” goes missing (no fix can insert it), a
// plain row goes missing and another changes (both fixable).
func plantNotNull(ht datagen.HardTable) func(t *testing.T, p *hardPair) []wantDiff {
	return func(t *testing.T, p *hardPair) []wantDiff {
		var intent []wantDiff
		for _, id := range []int64{datagen.FixNotNullNulls[1], 30} {
			row := rowByID(t, ht, id)
			p.deleteRow(t, true, ht, row)
			intent = append(intent, missing(rowKey(t, ht, row)))
		}
		row := rowByID(t, ht, 10)
		p.updateRow(t, true, ht, row, "`c` = 'changed'")
		intent = append(intent, changed(rowKey(t, ht, row), "c"))
		sortDiffs(intent)
		return intent
	}
}

// notNullUnfixable: every difference of a row whose source holds a NULL
// the target's NOT NULL column cannot.
func notNullUnfixable(t *testing.T, ht datagen.HardTable) func(d wantDiff) bool {
	keys := map[string]bool{}
	for _, id := range datagen.FixNotNullNulls {
		keys[rowKey(t, ht, rowByID(t, ht, id))] = true
	}
	return func(d wantDiff) bool { return keys[d.key] }
}
