package main

import (
	"bytes"
	"math"
	"math/big"
	"testing"
	"time"

	"github.com/parity-db/parity/datagen"
)

// keyChunkRows is small and odd, so differences land on chunk edges and
// chunk edges do not line up with the fixtures' own patterns.
const keyChunkRows = 7

// TestHardKeys: every key type of the keys class (BIGINT UNSIGNED at and
// above 2^63, DECIMAL widened on the target, negative INT, TINYINT and
// TINYINT UNSIGNED bounds, VARCHAR+DATETIME+INT, BINARY(16)) with
// differences on the first and last key, around the first chunk
// boundaries, below the source's smallest and beyond its largest key, on a
// MariaDB -> MySQL and a MariaDB -> MariaDB copy.
func TestHardKeys(t *testing.T) {
	t.Parallel() // small tables: runs beside the other small classes, after the timed and the big ones
	for _, kind := range []pairKind{mariadbToMySQL, mariadbToMariaDB} {
		t.Run(kind.name, func(t *testing.T) {
			p := newHardPair(t, kind, "keys")
			tables := datagen.HardTablesOf(datagen.ClassKeys)
			p.load(t, tables...)
			for _, ht := range tables {
				t.Run(ht.Name, func(t *testing.T) {
					hardCase{table: ht, chunkRows: keyChunkRows, plant: func(t *testing.T, p *hardPair) []wantDiff {
						return plantEdges(t, p, ht, keyChunkRows, keyExtras(t, ht))
					}}.run(t, p)
				})
			}
		})
	}
}

// plantEdges plants differences in a keyed table at the places chunking
// gets wrong, on rows in key order: the first row deleted and the second
// changed on the target; around the first two chunk boundaries (positions
// n-1, n, 2n-1, 2n) rows deleted or changed; the last row deleted on the
// SOURCE, so the target holds a key beyond the source's last, and the one
// before it changed; and extra rows inserted on the target. Every table of
// the keys class has a text column v to change.
func plantEdges(t *testing.T, p *hardPair, ht datagen.HardTable, n int, extras [][]any) []wantDiff {
	t.Helper()
	rows := ht.Rows(hardSeed)
	if len(rows) < 3*n+2 {
		t.Fatalf("fixture: %s has %d rows, too few for chunks of %d", ht.Name, len(rows), n)
	}
	var intent []wantDiff
	del := func(i int) {
		p.deleteRow(t, true, ht, rows[i])
		intent = append(intent, missing(rowKey(t, ht, rows[i])))
	}
	change := func(i int) {
		p.updateRow(t, true, ht, rows[i], "`v` = CONCAT(COALESCE(`v`, ''), '!')")
		intent = append(intent, changed(rowKey(t, ht, rows[i]), "v"))
	}
	last := len(rows) - 1
	del(0)
	change(1)
	del(n - 1)
	change(n)
	change(2*n - 1)
	del(2 * n)
	change(last - 1)
	p.deleteRow(t, false, ht, rows[last])
	intent = append(intent, extra(rowKey(t, ht, rows[last])))
	taken := map[string]bool{}
	for _, r := range rows {
		taken[rowKey(t, ht, r)] = true
	}
	for _, r := range extras {
		k := rowKey(t, ht, r)
		if taken[k] {
			t.Fatalf("fixture: extra row %v of %s has a key the source holds", r, ht.Name)
		}
		taken[k] = true
		p.insertRow(t, true, ht, r)
		intent = append(intent, extra(k))
	}
	sortDiffs(intent)
	return intent
}

// keyExtras are the rows each keys-class table gets on the target only:
// keys below the source's smallest, beyond its largest, and between two
// source keys next to a chunk boundary.
func keyExtras(t *testing.T, ht datagen.HardTable) [][]any {
	t.Helper()
	rows := ht.Rows(hardSeed)
	n := keyChunkRows
	switch ht.Name {
	case "key_ubigint":
		return [][]any{{uint64(0), "extra below"}, {uint64(1<<63 + 3), "extra at 2^63"}, {uint64(math.MaxUint64 - 3), "extra high"}}
	case "key_ubigint_mid":
		first := rows[0][0].(uint64)
		return [][]any{{first - 2, "extra below"}, {uint64(1<<63 + 200), "extra above"}}
	case "key_ubigint_top":
		first := rows[0][0].(uint64)
		return [][]any{{first - 1, "extra below"}, {uint64(math.MaxUint64), "extra at the maximum"}}
	case "key_decimal":
		// The target's DECIMAL(12,4) holds keys between the source's.
		step := big.NewRat(1, 10000)
		near := func(i int, sign int) string {
			r, _ := new(big.Rat).SetString(rows[i][0].(string))
			if sign < 0 {
				r.Sub(r, step)
			} else {
				r.Add(r, step)
			}
			return r.FloatString(4)
		}
		return [][]any{{"1.2345", "extra"}, {"-99999999.9999", "extra below"}, {"99999999.9999", "extra above"},
			{near(3*n, -1), "extra before a bound"}, {near(3*n, +1), "extra after a bound"}, {near(4*n+1, +1), "extra"}}
	case "key_negative":
		return [][]any{{int64(math.MaxInt32), "extra above"}, {int64(-999), "extra between"}, {int64(-2147483646), "extra"}}
	case "key_tinyint":
		return [][]any{{int64(-128), "extra below"}, {int64(127), "extra above"}}
	case "key_tinyint_u":
		return [][]any{{uint64(0), "extra below"}, {uint64(255), "extra above"}}
	case "key_composite":
		at := func(k int) string {
			return time.Date(2024, 2, 28, 22, 0, 0, 0, time.UTC).Add(time.Duration(k*37) * time.Minute).Format(time.DateTime)
		}
		later := time.Date(2024, 2, 28, 22, 0, 1, 0, time.UTC).Add(3 * 37 * time.Minute).Format(time.DateTime)
		return [][]any{
			{"", at(0), int64(0), nil, "extra below"},
			{"zz", at(0), int64(0), nil, "extra above"},
			{"eu", later, int64(1), nil, "extra between"},
			{"eu", at(0), int64(-2), nil, "extra before a seq"},
			{"ap", at(9), int64(3), nil, "extra after a seq"},
		}
	case "key_binary16":
		next := bytes.Repeat([]byte{0}, 16)
		next[0], next[15] = 0x80, 0x01
		for _, r := range rows {
			if bytes.Equal(r[0].([]byte), next) {
				t.Fatalf("fixture: key_binary16 holds %x", next)
			}
		}
		return [][]any{{make([]byte, 16), "extra zero"}, {bytes.Repeat([]byte{0xff}, 16), "extra ff"}, {next, "extra after 0x80"}}
	}
	t.Fatalf("fixture: no extras for %s", ht.Name)
	return nil
}
