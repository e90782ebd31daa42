package main

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/parity-db/parity/datagen"
	"github.com/parity-db/parity/testbed"
)

// blobFlipAt is the byte of push_blob's 20 MiB value a plant changes.
const blobFlipAt = 12_345_677

// TestHardPushdown: server-side checksums must never hide a change. A 20
// MiB LONGBLOB with one byte changed is reported changed in every mode, on
// the testbed's max_allowed_packet (256M) and again with it lowered to the
// 16M default, where CONCAT past it returns NULL on both sides; a table of
// latin1, cp1251 and utf8mb4 columns must not fail with ERROR 1267/1270/1271.
// Pushdown applies to MariaDB -> MariaDB and MySQL -> MySQL copies
// (TestHardReadable streams a 20 MiB blob from MariaDB to MySQL).
func TestHardPushdown(t *testing.T) {
	for _, kind := range []pairKind{mariadbToMariaDB, mysqlToMySQL} {
		t.Run(kind.name, func(t *testing.T) {
			p := newHardPair(t, kind, "push")
			holdGlobals(t, p.src, p.tgt)
			blob, _ := datagen.HardTableNamed("push_blob")
			charsets, _ := datagen.HardTableNamed("push_charsets")
			p.load(t, blob, charsets)
			t.Run("push_blob", func(t *testing.T) {
				t.Run("max_allowed_packet=256M", func(t *testing.T) {
					hardCase{table: blob, chunkRows: 4, limit: bigTimeLimit, plant: flipBlobByte(blob)}.run(t, p)
				})
				t.Run("max_allowed_packet=16M", func(t *testing.T) {
					underSmallPacket(t, p, blob, 4, flipBlobByte(blob), func(wantDiff) bool { return true })
				})
			})
			t.Run("push_charsets", func(t *testing.T) {
				hardCase{table: charsets, chunkRows: 5, plant: plantCharsets(charsets), check: noCollationMix}.run(t, p)
			})
		})
	}
}

// flipBlobByte changes one byte, blobFlipAt, of the 20 MiB blob on the
// target.
func flipBlobByte(ht datagen.HardTable) func(t *testing.T, p *hardPair) []wantDiff {
	return func(t *testing.T, p *hardPair) []wantDiff {
		row := ht.Rows(hardSeed)[datagen.PushBlobBigID-1]
		b := row[2].([]byte)
		if len(b) != datagen.BigValueBytes {
			t.Fatalf("fixture: push_blob row %d holds %d bytes", datagen.PushBlobBigID, len(b))
		}
		p.updateRow(t, true, ht, row, "`b` = INSERT(`b`, ?, 1, ?)", blobFlipAt+1, []byte{b[blobFlipAt] ^ 0xff})
		return []wantDiff{changed(rowKey(t, ht, row), "b")}
	}
}

// underSmallPacket copies ht afresh, plants differences and verifies with
// max_allowed_packet lowered to 16 MiB on the servers (under the testbed's
// lock for global variables, restored when it returns and again when the
// test ends, also on failure), as MariaDB and many servers run. A
// server-side CONCAT of a larger row is NULL there, so the planted change
// of a 20 MiB value must still be reported in every mode. No statement can
// carry a value larger than 16 MiB to such a server: the fix SQL must leave
// those rows out, say so, and still run to the end with the mysql client,
// fixing the rest.
func underSmallPacket(t *testing.T, p *hardPair, ht datagen.HardTable, chunkRows int,
	plant func(t *testing.T, p *hardPair) []wantDiff, unfixable func(d wantDiff) bool) {
	outer := t
	testbed.Exec(t, p.tgtPool, "TRUNCATE TABLE "+p.qualified(true, ht.Name))
	p.dumpLoad(t, []string{ht.Name}, false)
	intent := plant(t, p)
	want := oracleDiff(p.snapshot(t, false, ht), p.snapshot(t, true, ht))
	optional := generatedColumns(ht)
	if err := samePlant(nil, intent, want, optional); err != nil {
		t.Fatalf("fixture: %v", err)
	}
	var left []wantDiff
	for _, d := range want {
		if unfixable(d) {
			left = append(left, d)
		}
	}
	restore := lowerMaxAllowedPacket(t, 16<<20, p.src, p.tgt)
	defer restore()
	var fixFile string
	hung := false
	for _, mode := range p.modes() {
		t.Run(mode, func(t *testing.T) {
			if hung {
				t.Fatal("an earlier verify run hung: the remaining runs are skipped")
			}
			run := p.verify(t, verifyArgs{tables: []string{ht.Name}, chunkRows: chunkRows, mode: mode, fix: true, limit: bigTimeLimit})
			hung = run.code < 0
			p.checkRun(t, run, ht, expectation{want: want, optional: optional})
			checkLeftOut(t, run, left)
			if run.code == 1 && fileExists(run.fixFile) && (fixFile == "" || mode == "auto") {
				fixFile = keepFile(outer, run.fixFile)
			}
		})
	}
	if fixFile == "" {
		t.Fatal("no run reported the differences: nothing to fix")
	}
	if code, out := p.applyFix(t, fixFile); code != 0 {
		t.Fatalf("mysql client stopped applying the fix SQL on a server with max_allowed_packet=16M: exit %d\n%s", code, out)
	}
	got := oracleDiff(p.snapshot(t, false, ht), p.snapshot(t, true, ht))
	if u, a := matchDiffs(got, expectation{want: left, optional: optional}); len(u)+len(a) > 0 {
		t.Errorf("after the fix SQL %d rows differ (%s); want only the %d no statement can carry (%s)", len(got), firstDiffs(got), len(left), firstDiffs(left))
	}
}

// holdGlobals takes the testbed's lock for global variables on each server
// (once per server) until the test ends. The tests of values larger than
// 16 MiB hold it throughout: another test lowering max_allowed_packet
// meanwhile would make their statements fail, and they lower it themselves.
func holdGlobals(t *testing.T, servers ...testbed.Server) {
	t.Helper()
	seen := map[string]bool{}
	for _, s := range servers {
		if !seen[s.Name] {
			seen[s.Name] = true
			testbed.LockGlobals(t, s)
		}
	}
}

// lowerMaxAllowedPacket sets GLOBAL max_allowed_packet to n on each server
// (once per server); the caller holds holdGlobals. The returned function
// restores the original values; it also runs when the test ends, so a
// failure cannot leave them changed.
func lowerMaxAllowedPacket(t *testing.T, n int64, servers ...testbed.Server) (restore func()) {
	t.Helper()
	ctx := context.Background()
	type saved struct {
		s     testbed.Server
		value string
	}
	var done []saved
	restore = func() {
		for _, sv := range done {
			p := sv.s.Open(t, "", 1)
			if _, err := p.ExecContext(ctx, "SET GLOBAL max_allowed_packet = "+sv.value); err != nil {
				t.Errorf("restore max_allowed_packet on %s: %v", sv.s.Name, err)
			}
		}
		done = nil
	}
	t.Cleanup(restore)
	seen := map[string]bool{}
	for _, s := range servers {
		if seen[s.Name] {
			continue
		}
		seen[s.Name] = true
		p := s.Open(t, "", 1)
		var v string
		if err := p.QueryRowContext(ctx, "SELECT @@GLOBAL.max_allowed_packet").Scan(&v); err != nil {
			t.Fatal(err)
		}
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			t.Fatalf("max_allowed_packet %q", v)
		}
		done = append(done, saved{s, v})
		if _, err := p.ExecContext(ctx, "SET GLOBAL max_allowed_packet = "+strconv.FormatInt(n, 10)); err != nil {
			t.Fatal(err)
		}
	}
	return restore
}

// plantCharsets changes the latin1, cp1251 and utf8mb4 columns of rows on
// chunk edges and adds and removes rows at the ends.
func plantCharsets(ht datagen.HardTable) func(t *testing.T, p *hardPair) []wantDiff {
	return func(t *testing.T, p *hardPair) []wantDiff {
		rows := ht.Rows(hardSeed)
		var intent []wantDiff
		for _, c := range []struct {
			row       int
			col, with string
		}{{4, "c", "Жж"}, {9, "l", "é"}, {10, "u", "🍣"}, {29, "lt", "ÿ"}, {59, "ct", "Ё"}, {5, "ct", "x"}} {
			p.updateRow(t, true, ht, rows[c.row], "`"+c.col+"` = CONCAT(COALESCE(`"+c.col+"`, ''), ?)", c.with)
			intent = append(intent, changed(rowKey(t, ht, rows[c.row]), c.col))
		}
		p.deleteRow(t, true, ht, rows[0])
		intent = append(intent, missing(rowKey(t, ht, rows[0])))
		extraRow := []any{int64(61), "Ångström", "Привет", "日本 🚀", "çà", "Ёж"}
		p.insertRow(t, true, ht, extraRow)
		intent = append(intent, extra(rowKey(t, ht, extraRow)))
		sortDiffs(intent)
		return intent
	}
}

// noCollationMix fails a run that met MySQL's refusal to CONCAT values of
// different character sets.
func noCollationMix(t *testing.T, run *verifyRun) {
	for _, bad := range []string{"1267", "1270", "1271", "Illegal mix of collations"} {
		if strings.Contains(run.stderr+run.stdout, bad) {
			t.Errorf("verify met %q: a server-side checksum must not CONCAT columns of different character sets\n%s", bad, run.output())
		}
	}
}
