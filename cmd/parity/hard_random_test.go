package main

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/parity-db/parity/datagen"
)

// randomSeeds are the random tables of TestHardRandom: fixed, so a run is
// deterministic and a failure names its seed. Each seed gives one table.
var randomSeeds = []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}

// randomPushdownSeeds also run on a MariaDB -> MariaDB copy, pushdown
// included.
var randomPushdownSeeds = []int64{2, 5, 9}

// TestHardRandom: random tables (datagen.RandomHardTable: a key from a menu
// of key types, or none, and columns from a menu of column types), copied,
// with N random differences planted (updates, deletes and inserts on the
// target, inserts and deletes on the source). Verify must report exactly
// those N and the fix SQL must converge.
func TestHardRandom(t *testing.T) {
	t.Parallel() // small tables: runs beside the other small classes, after the timed and the big ones
	for _, kind := range []pairKind{mariadbToMySQL, mariadbToMariaDB} {
		seeds := randomSeeds
		if kind == mariadbToMariaDB {
			seeds = randomPushdownSeeds
		}
		t.Run(kind.name, func(t *testing.T) {
			p := newHardPair(t, kind, "rnd")
			var tables []datagen.HardTable
			for _, seed := range seeds {
				tables = append(tables, datagen.RandomHardTable(seed))
			}
			p.load(t, tables...)
			for i, ht := range tables {
				seed := seeds[i]
				t.Run(strconv.FormatInt(seed, 10), func(t *testing.T) {
					t.Logf("%s: key %q, columns %s, %d rows", ht.Name, ht.Key, describeColumns(ht), len(ht.Rows(hardSeed)))
					hardCase{table: ht, chunkRows: 3 + int(seed%9), plant: plantRandom(ht, seed)}.run(t, p)
				})
			}
		})
	}
}

func describeColumns(ht datagen.HardTable) string {
	var s []string
	for _, c := range ht.Columns {
		s = append(s, c.Name+" "+c.Source)
	}
	return fmt.Sprint(s)
}

// plantRandom plants 1 to 8 random differences in a random table: on the
// target an update of one column of a row, a delete or an insert of a new
// row; on the source an insert or a delete. A keyless table gets no
// updates: a changed row there is one missing and one extra.
func plantRandom(ht datagen.HardTable, seed int64) func(t *testing.T, p *hardPair) []wantDiff {
	return func(t *testing.T, p *hardPair) []wantDiff {
		r := rand.New(rand.NewPCG(uint64(seed), 0x9a27))
		rows := ht.Rows(hardSeed)
		keyed := len(ht.Key) > 0
		taken := map[string]bool{}
		for _, row := range rows {
			taken[ht.KeyText(row)] = true
		}
		touched := map[int]bool{}
		pickRow := func() int {
			for {
				if i := r.IntN(len(rows)); !touched[i] {
					touched[i] = true
					return i
				}
			}
		}
		newRow := func() []any {
			for {
				row, ok := ht.RandomRow(r)
				if !ok {
					t.Fatalf("fixture: %s cannot make random rows", ht.Name)
				}
				if !keyed || !taken[ht.KeyText(row)] {
					taken[ht.KeyText(row)] = true
					return row
				}
			}
		}
		canon := func(row []any) string {
			if keyed {
				return rowKey(t, ht, row)
			}
			return rowCanon(t, ht, row)
		}
		cols := ht.InsertColumns()
		var intent []wantDiff
		deleted := 0 // keyless: rows deleted from the front of the target
		for range 1 + r.IntN(8) {
			switch op := r.IntN(5); {
			case op == 0 && keyed: // update one value column on the target
				i := pickRow()
				var value []int
				for j, c := range cols {
					if !slices.Contains(ht.Key, c) {
						value = append(value, j)
					}
				}
				j := value[r.IntN(len(value))]
				c, _ := ht.Column(cols[j])
				old := goValue(t, c.Kind, rows[i][j])
				var v any
				for {
					v, _ = c.Random(r)
					if goValue(t, c.Kind, v) != old {
						break
					}
				}
				p.updateRow(t, true, ht, rows[i], "`"+cols[j]+"` = ?", v)
				intent = append(intent, changed(canon(rows[i]), cols[j]))
			case op <= 1: // delete on the target
				if keyed {
					i := pickRow()
					p.deleteRow(t, true, ht, rows[i])
					intent = append(intent, wantDiff{kind: "missing", key: canon(rows[i])})
					continue
				}
				// The first row of an InnoDB table without a key is the
				// first one loaded: rows[deleted].
				p.exec(t, true, false, "DELETE FROM "+p.qualified(true, ht.Name)+" LIMIT 1")
				intent = addKeyless(intent, "missing", canon(rows[deleted]))
				deleted++
			case op == 2: // insert on the target
				row := newRow()
				p.insertRow(t, true, ht, row)
				intent = addKeyless(intent, "extra", canon(row))
			case op == 3: // insert on the source
				row := newRow()
				p.insertRow(t, false, ht, row)
				intent = addKeyless(intent, "missing", canon(row))
			default: // delete on the source
				if !keyed {
					row := newRow()
					p.insertRow(t, true, ht, row) // keyless: another extra instead
					intent = addKeyless(intent, "extra", canon(row))
					continue
				}
				i := pickRow()
				p.deleteRow(t, false, ht, rows[i])
				intent = append(intent, wantDiff{kind: "extra", key: canon(rows[i])})
			}
		}
		sortDiffs(intent)
		return intent
	}
}

// addKeyless adds one copy of a difference, merging copies of one row of a
// keyless table (and cancelling a missing copy against an extra one).
func addKeyless(d []wantDiff, kind, key string) []wantDiff {
	other := map[string]string{"missing": "extra", "extra": "missing"}[kind]
	for i := range d {
		if d[i].key != key {
			continue
		}
		switch d[i].kind {
		case kind:
			d[i].count = max(d[i].count, 1) + 1
			return d
		case other:
			if d[i].count > 1 {
				d[i].count--
				return d
			}
			return slices.Delete(d, i, i+1)
		}
	}
	return append(d, wantDiff{kind: kind, key: key, count: 1})
}
