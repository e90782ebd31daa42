package main

import (
	"testing"
	"time"

	"github.com/parity-db/parity/datagen"
	"github.com/parity-db/parity/testbed"
)

// halfLoadedMaxRatio bounds a half-loaded or empty target's verify time
// against the equal table's: generous, to stay stable on a shared machine
// (the real benchmark is separate).
const halfLoadedMaxRatio = 5

// halfLoadedFloor is the least equal-run time the ratio is taken against:
// below it a run is mostly process start and connection setup.
const halfLoadedFloor = 500 * time.Millisecond

// halfLoadedMaxDiffs lists few differences, so the counts, the fix SQL and
// the memory must not depend on the list.
const halfLoadedMaxDiffs = 100

// TestHardHalfLoaded: a target left half loaded (20,000 of 40,000 rows
// missing, every other one) or empty (20,000 rows) by a failed load.
// Counts are exact with --max-diffs 100, the fix SQL holds every missing
// row and converges, and each run takes at most 5x the time of the 40,000
// rows equal.
func TestHardHalfLoaded(t *testing.T) {
	p := newHardPair(t, mariadbToMySQL, "half")
	tables := datagen.HardTablesOf(datagen.ClassHalfLoaded)
	p.load(t, tables...)
	equal, half, empty := tables[0], tables[1], tables[2]
	if equal.Name != "half_equal" || half.Name != "half_missing" || empty.Name != "half_empty" {
		t.Fatalf("fixture: half-loaded tables are %s, %s, %s", equal.Name, half.Name, empty.Name)
	}
	limit := time.Minute

	var base time.Duration
	t.Run("equal", func(t *testing.T) {
		// The fastest of two runs: the first may warm the caches.
		for range 2 {
			run := p.verify(t, verifyArgs{tables: []string{equal.Name}, mode: "stream", limit: limit})
			p.checkRun(t, run, equal, expectation{})
			if base == 0 || run.elapsed < base {
				base = run.elapsed
			}
		}
		t.Logf("equal table, stream: %s", base)
	})
	if base == 0 {
		t.Fatal("no equal run to time against")
	}

	testbed.Exec(t, p.tgtPool, "DELETE FROM "+p.qualified(true, half.Name)+" WHERE `id` % 2 = 0",
		"TRUNCATE TABLE "+p.qualified(true, empty.Name))
	for _, ht := range []datagen.HardTable{half, empty} {
		t.Run(ht.Name, func(t *testing.T) {
			outer := t
			want := oracleDiff(p.snapshot(t, false, ht), p.snapshot(t, true, ht))
			wantMissing := datagen.HalfEmptyRows
			if ht.Name == half.Name {
				wantMissing = datagen.HalfLoadedRows / 2
			}
			if len(want) != wantMissing {
				t.Fatalf("fixture: the oracle sees %d differences, want %d missing", len(want), wantMissing)
			}
			var fixFile string
			for _, mode := range p.modes() {
				t.Run(mode, func(t *testing.T) {
					run := p.verify(t, verifyArgs{tables: []string{ht.Name}, mode: mode, fix: true, maxDiffs: halfLoadedMaxDiffs, limit: limit})
					checkCapped(t, p, run, ht, want)
					if mode == "stream" {
						ratio := float64(run.elapsed) / float64(max(base, halfLoadedFloor))
						t.Logf("%s, stream: %s, %.1fx the equal table's %s (peak RSS %d MB)", ht.Name, run.elapsed, ratio, base, run.doc.PeakRSS>>20)
						if ratio > halfLoadedMaxRatio {
							t.Errorf("%s took %s, %.1fx the equal table's %s: more than %dx", ht.Name, run.elapsed, ratio, base, halfLoadedMaxRatio)
						}
					}
					if run.code == 1 && fileExists(run.fixFile) && fixFile == "" {
						fixFile = keepFile(outer, run.fixFile)
					}
				})
			}
			t.Run("fix", func(t *testing.T) {
				if fixFile == "" {
					t.Fatal("no run wrote fix SQL")
				}
				if code, out := p.applyFix(t, fixFile); code != 0 {
					t.Fatalf("mysql client stopped applying the fix SQL: exit %d\n%s", code, out)
				}
				if left := oracleDiff(p.snapshot(t, false, ht), p.snapshot(t, true, ht)); len(left) > 0 {
					t.Errorf("after the fix SQL %d rows still differ (%s): the fix SQL must hold every difference, whatever --max-diffs", len(left), firstDiffs(left))
				}
				run := p.verify(t, verifyArgs{tables: []string{ht.Name}, dataOnly: true, limit: limit})
				p.checkRun(t, run, ht, expectation{})
			})
		})
	}
}

// checkCapped checks a run with --max-diffs halfLoadedMaxDiffs against
// want: exact counts, row counts equal to COUNT(*), as many listed as the
// cap allows, each a real difference listed once, and the rest counted as
// omitted.
func checkCapped(t *testing.T, p *hardPair, run *verifyRun, ht datagen.HardTable, want []wantDiff) {
	t.Helper()
	if run.code != 1 {
		t.Fatalf("exit %d, want 1\n%s", run.code, run.output())
	}
	tr := run.table(p.srcDB, ht.Name)
	if tr == nil {
		t.Fatalf("no result for %s\n%s", ht.Name, run.output())
	}
	if n := p.count(t, false, ht.Name); tr.SourceRows != n {
		t.Errorf("source_rows %d, COUNT(*) %d", tr.SourceRows, n)
	}
	if n := p.count(t, true, ht.Name); tr.TargetRows != n {
		t.Errorf("target_rows %d, COUNT(*) %d", tr.TargetRows, n)
	}
	if tr.Missing != int64(len(want)) || tr.Extra != 0 || tr.Changed != 0 {
		t.Errorf("missing/extra/changed %d/%d/%d, want %d/0/0", tr.Missing, tr.Extra, tr.Changed, len(want))
	}
	if len(tr.Diffs) != halfLoadedMaxDiffs || tr.DiffsOmitted != int64(len(want)-halfLoadedMaxDiffs) {
		t.Errorf("%d listed and %d omitted, want %d and %d", len(tr.Diffs), tr.DiffsOmitted, halfLoadedMaxDiffs, len(want)-halfLoadedMaxDiffs)
	}
	got, problems := listedDiffs(ht, tr, want)
	for _, pr := range problems {
		t.Error(pr)
	}
	wanted := map[string]bool{}
	for _, d := range want {
		wanted[d.kind+" "+d.key] = true
	}
	for _, g := range got {
		if !wanted[g.kind+" "+g.key] {
			t.Errorf("listed but not a difference: %s", g)
		}
	}
}
