package main

// The flow every class of the hard-migration suite runs, and the checks of
// a verify run against the oracle.

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parity-db/parity/datagen"
	"github.com/parity-db/parity/schema"
)

// expectation is what one verify run must report for one table.
type expectation struct {
	want []wantDiff // exactly these differences
	// optional columns may appear in a changed row's list or not (generated
	// columns, which a verifier may or may not compare).
	optional []string
}

// checkRun requires that run reports exactly e for table ht: exit code
// 0/1, kinds, keys, changed columns and counts, every difference listed
// once, source_rows and target_rows equal to COUNT(*) on each side.
func (p *hardPair) checkRun(t *testing.T, run *verifyRun, ht datagen.HardTable, e expectation) {
	t.Helper()
	wantCode := 0
	if len(e.want) > 0 {
		wantCode = 1
	}
	if run.code != wantCode {
		t.Errorf("exit %d, want %d (%d differences expected: %s)\n%s", run.code, wantCode, len(e.want), firstDiffs(e.want), run.output())
		if run.code == 2 || run.code < 0 {
			return
		}
	}
	if want := map[int]string{0: "equal", 1: "different"}[run.code]; run.doc.Status != want {
		t.Errorf("exit %d with status %q in the --json document, want %q", run.code, run.doc.Status, want)
	}
	tr := run.table(p.srcDB, ht.Name)
	if tr == nil {
		t.Errorf("no result for table %s.%s in the --json document\n%s", p.srcDB, ht.Name, run.output())
		return
	}
	if want := map[bool]string{true: "equal", false: "different"}[len(e.want) == 0]; tr.Status != want {
		t.Errorf("table status %q, want %q", tr.Status, want)
	}
	if n := p.count(t, false, ht.Name); tr.SourceRows != n {
		t.Errorf("source_rows %d, but COUNT(*) on the source is %d", tr.SourceRows, n)
	}
	if n := p.count(t, true, ht.Name); tr.TargetRows != n {
		t.Errorf("target_rows %d, but COUNT(*) on the target is %d", tr.TargetRows, n)
	}
	if tr.SourceRows-tr.Missing != tr.TargetRows-tr.Extra {
		t.Errorf("rows do not add up: source %d - missing %d != target %d - extra %d", tr.SourceRows, tr.Missing, tr.TargetRows, tr.Extra)
	}
	var missing, extra, changed int64
	for _, d := range e.want {
		n := int64(max(d.count, 1))
		switch d.kind {
		case "missing":
			missing += n
		case "extra":
			extra += n
		case "changed":
			changed += n
		}
	}
	if tr.Missing != missing || tr.Extra != extra || tr.Changed != changed {
		t.Errorf("counts missing/extra/changed %d/%d/%d, want %d/%d/%d", tr.Missing, tr.Extra, tr.Changed, missing, extra, changed)
	}
	if tr.DiffsOmitted != 0 {
		t.Errorf("%d differences omitted from the list (--max-diffs 100000)", tr.DiffsOmitted)
	}
	if run.doc.Result != nil && len(run.doc.Result.Tables) == 1 && run.doc.Result.RowDiffs != missing+extra+changed {
		t.Errorf("row_differences %d, want %d", run.doc.Result.RowDiffs, missing+extra+changed)
	}
	got, problems := listedDiffs(ht, tr, e.want)
	for _, pr := range problems {
		t.Error(pr)
	}
	unexpected, absent := matchDiffs(got, e)
	for _, d := range unexpected {
		t.Errorf("reported but not a difference: %s", d)
	}
	for _, d := range absent {
		t.Errorf("not reported: %s", d)
	}
	if len(unexpected)+len(absent)+len(problems) > 0 {
		t.Logf("want %d: %s\n%s", len(e.want), firstDiffs(e.want), run.output())
	}
}

// listedDiffs turns the listed differences of a table into canonical form;
// a key listed twice is a problem.
func listedDiffs(ht datagen.HardTable, tr *tableDoc, want []wantDiff) (got []wantDiff, problems []string) {
	seen := map[string]string{}
	for _, d := range tr.Diffs {
		var w wantDiff
		var err error
		w.kind = d.Kind
		if len(ht.Key) == 0 {
			w.key, err = reportedRow(ht, d.Kind, d.Row, want)
			w.count = int(max(d.Count, 1))
		} else {
			w.key, err = reportedKey(ht, d.Key)
			for _, c := range d.Columns {
				w.columns = append(w.columns, c.Column)
			}
			sort.Strings(w.columns)
		}
		if err != nil {
			problems = append(problems, fmt.Sprintf("listed %s difference cannot be read: %v", d.Kind, err))
			continue
		}
		id := w.key
		if len(ht.Key) == 0 {
			id = w.kind + " " + w.key
		}
		if prev, dup := seen[id]; dup {
			problems = append(problems, fmt.Sprintf("listed twice: %s %s (also as %s)", w.kind, w.key, prev))
			continue
		}
		seen[id] = w.kind
		got = append(got, w)
	}
	return got, problems
}

// matchDiffs pairs reported differences with expected ones. A changed
// row's columns must be the expected ones, give or take e.optional.
func matchDiffs(got []wantDiff, e expectation) (unexpected, absent []wantDiff) {
	want := slices.Clone(e.want)
	strip := func(cols []string) []string {
		var out []string
		for _, c := range cols {
			if !slices.Contains(e.optional, c) {
				out = append(out, c)
			}
		}
		return out
	}
	for _, g := range got {
		i := slices.IndexFunc(want, func(w wantDiff) bool {
			return w.kind == g.kind && w.key == g.key && max(w.count, 1) == max(g.count, 1) &&
				slices.Equal(strip(w.columns), strip(g.columns))
		})
		if i < 0 {
			unexpected = append(unexpected, g)
			continue
		}
		want = slices.Delete(want, i, i+1)
	}
	return unexpected, want
}

func firstDiffs(d []wantDiff) string {
	var parts []string
	for i, w := range d {
		if i == 12 {
			parts = append(parts, fmt.Sprintf("... %d more", len(d)-i))
			break
		}
		parts = append(parts, w.String())
	}
	return strings.Join(parts, "; ")
}

// ---------------------------------------------------------------------------
// Fix SQL

// applyFix applies a fix SQL file to the target with the target server's
// own command-line client, as the file's header says, with the client's
// default max_allowed_packet: it stops at the first error. It returns the
// client's exit code and output.
func (p *hardPair) applyFix(t *testing.T, file string) (int, string) {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatalf("fix SQL: %v", err)
	}
	defer f.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", testbedScript(t), "client", p.kind.tgt, "--binary-mode", "--default-character-set=utf8mb4")
	cmd.Stdin = f
	out, err := cmd.CombinedOutput()
	code := cmd.ProcessState.ExitCode()
	if err != nil && code == 0 {
		code = -1
	}
	return code, string(out)
}

// ---------------------------------------------------------------------------
// The flow every class runs

// hardCase is one table of a class on one pair: what to plant and which of
// the planted differences no SQL can fix.
type hardCase struct {
	table     datagen.HardTable
	chunkRows int
	// plant changes the copy; it returns the differences it means to
	// make (checked against the oracle, so a broken plant is a fixture
	// error, not a parity failure).
	plant func(t *testing.T, p *hardPair) []wantDiff
	// unfixable tells the differences no fix SQL can make go away: they
	// must be left out, said so in the file and counted.
	unfixable func(d wantDiff) bool
	// check, if set, looks further at every verify run of the planted
	// differences.
	check func(t *testing.T, run *verifyRun)
	limit time.Duration // per verify run; 0: verifyTimeLimit
}

// run takes one table through the whole flow: the copy verifies equal in
// every mode; the planted differences are reported exactly in every mode;
// the fix SQL, applied with the mysql client, converges (the oracle and a
// --data-only re-verify in every mode agree), except for what cannot be
// fixed, which the fix file and the summary must say.
func (c hardCase) run(t *testing.T, p *hardPair) {
	ht := c.table
	outer := t
	// After a run that hung, the rest would only wait for the time limit
	// again and again.
	hung := false
	stopIfHung := func(t *testing.T) {
		t.Helper()
		if hung {
			t.Fatal("an earlier verify run hung: the remaining runs are skipped")
		}
	}
	verify := func(t *testing.T, a verifyArgs) *verifyRun {
		stopIfHung(t)
		run := p.verify(t, a)
		hung = hung || run.code < 0
		return run
	}
	optional := generatedColumns(ht)
	base := verifyArgs{tables: []string{ht.Name}, chunkRows: c.chunkRows, limit: c.limit}
	intrinsic := oracleDiff(p.snapshot(t, false, ht), p.snapshot(t, true, ht))
	t.Run("copy", func(t *testing.T) {
		for _, mode := range p.checkModes() {
			t.Run(mode, func(t *testing.T) {
				a := base
				a.mode = mode
				a.dataOnly = ht.Lossy // the schema differs by design
				p.checkRun(t, verify(t, a), ht, expectation{want: intrinsic, optional: optional})
			})
		}
	})
	stopIfHung(t)
	intent := c.plant(t, p)
	want := oracleDiff(p.snapshot(t, false, ht), p.snapshot(t, true, ht))
	if err := samePlant(intrinsic, intent, want, optional); err != nil {
		t.Fatalf("fixture: %v", err)
	}
	var unfixable []wantDiff
	for _, d := range want {
		if c.unfixable != nil && c.unfixable(d) {
			unfixable = append(unfixable, d)
		}
	}
	var fixFile string
	t.Run("planted", func(t *testing.T) {
		for _, mode := range p.modes() {
			t.Run(mode, func(t *testing.T) {
				a := base
				a.mode, a.fix, a.dataOnly = mode, true, ht.Lossy
				run := verify(t, a)
				p.checkRun(t, run, ht, expectation{want: want, optional: optional})
				if run.code == 1 && fileExists(run.fixFile) && (fixFile == "" || mode == "auto") {
					fixFile = keepFile(outer, run.fixFile)
				}
				checkLeftOut(t, run, unfixable)
				if c.check != nil {
					c.check(t, run)
				}
			})
		}
	})
	stopIfHung(t)
	if fixFile == "" {
		t.Fatal("no verify run wrote fix SQL to apply")
	}
	t.Run("fix", func(t *testing.T) {
		if code, out := p.applyFix(t, fixFile); code != 0 {
			t.Fatalf("mysql client stopped applying the fix SQL: exit %d\n%s\nfix SQL head:\n%s", code, out, fileHead(fixFile, 3000))
		}
		left := oracleDiff(p.snapshot(t, false, ht), p.snapshot(t, true, ht))
		if u, a := matchDiffs(left, expectation{want: unfixable, optional: optional}); len(u)+len(a) > 0 {
			t.Errorf("after the fix SQL the target still differs in %d rows (%s); want only the %d unfixable (%s)\nfix SQL head:\n%s",
				len(left), firstDiffs(left), len(unfixable), firstDiffs(unfixable), fileHead(fixFile, 3000))
		}
	})
	t.Run("reverify", func(t *testing.T) {
		left := oracleDiff(p.snapshot(t, false, ht), p.snapshot(t, true, ht))
		for _, mode := range p.checkModes() {
			t.Run(mode, func(t *testing.T) {
				a := base
				a.mode, a.dataOnly = mode, true
				p.checkRun(t, verify(t, a), ht, expectation{want: left, optional: optional})
			})
		}
	})
}

// samePlant checks that the oracle sees what the plant meant to do: the
// copy's own differences, where the plant did not touch the same key, and
// the plant's.
func samePlant(intrinsic, intent, want []wantDiff, optional []string) error {
	touched := map[string]bool{}
	for _, d := range intent {
		touched[d.key] = true
	}
	var all []wantDiff
	for _, d := range intrinsic {
		if !touched[d.key] {
			all = append(all, d)
		}
	}
	all = append(all, intent...)
	sortDiffs(all)
	if u, a := matchDiffs(want, expectation{want: all, optional: optional}); len(u)+len(a) > 0 {
		return fmt.Errorf("the plant meant %d differences (%s) but the oracle sees %d (%s)", len(all), firstDiffs(all), len(want), firstDiffs(want))
	}
	return nil
}

func generatedColumns(ht datagen.HardTable) []string {
	var out []string
	for _, c := range ht.Columns {
		if c.Generated {
			out = append(out, c.Name)
		}
	}
	return out
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return path != "" && err == nil
}

// keepFile copies path to a directory that outlives the subtest.
func keepFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(os.TempDir(), fmt.Sprintf("parity-hard-fix-%d-%d.sql", os.Getpid(), time.Now().UnixNano()))
	if err := os.WriteFile(dst, data, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Remove(dst) })
	return dst
}

// fileHead is the first n bytes of a file, for failure messages.
func fileHead(path string, n int) string {
	f, err := os.Open(path)
	if err != nil {
		return err.Error()
	}
	defer f.Close()
	b := make([]byte, n)
	k, _ := io.ReadFull(f, b)
	s := string(b[:k])
	if k == n {
		s += "\n... (cut)"
	}
	return s
}

// ---------------------------------------------------------------------------
// Planting differences

// keyWhere renders "`a` = ? AND `b` = ?" for the key of row (a row of
// ht.Rows) with its arguments.
func keyWhere(ht datagen.HardTable, row []any) (string, []any) {
	cols := ht.InsertColumns()
	var parts []string
	var args []any
	for _, k := range ht.Key {
		i := slices.Index(cols, k)
		parts = append(parts, schema.QuoteIdent(k)+" = ?")
		args = append(args, row[i])
	}
	return strings.Join(parts, " AND "), args
}

func (p *hardPair) qualified(target bool, name string) string {
	return schema.QuoteIdent(p.db(target)) + "." + schema.QuoteIdent(name)
}

// deleteRow deletes row (by key) on one side.
func (p *hardPair) deleteRow(t *testing.T, target bool, ht datagen.HardTable, row []any) {
	t.Helper()
	where, args := keyWhere(ht, row)
	if n := p.exec(t, target, ht.Relaxed, "DELETE FROM "+p.qualified(target, ht.Name)+" WHERE "+where, args...); n != 1 {
		t.Fatalf("fixture: delete %v from %s on %s: %d rows", row[:len(ht.Key)], ht.Name, side(target), n)
	}
}

// insertRow inserts row on one side.
func (p *hardPair) insertRow(t *testing.T, target bool, ht datagen.HardTable, row []any) {
	t.Helper()
	cols := ht.InsertColumns()
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ")
	p.exec(t, target, ht.Relaxed, "INSERT INTO "+p.qualified(target, ht.Name)+" ("+schema.QuoteIdents(cols)+") VALUES ("+marks+")", row...)
}

// updateRow sets column col of row (by key) to the SQL expression expr on
// one side.
func (p *hardPair) updateRow(t *testing.T, target bool, ht datagen.HardTable, row []any, set string, setArgs ...any) {
	t.Helper()
	where, args := keyWhere(ht, row)
	q := "UPDATE " + p.qualified(target, ht.Name) + " SET " + set + " WHERE " + where
	if n := p.exec(t, target, ht.Relaxed, q, append(setArgs, args...)...); n != 1 {
		t.Fatalf("fixture: %s: %d rows changed, want 1", q, n)
	}
}

// rowKey is the canonical key of a row of ht.Rows, as the oracle writes it.
func rowKey(t *testing.T, ht datagen.HardTable, row []any) string {
	t.Helper()
	cols := ht.InsertColumns()
	var vals []snapValue
	for _, k := range ht.Key {
		c, _ := ht.Column(k)
		v := row[slices.Index(cols, k)]
		vals = append(vals, goValue(t, c.Kind, v))
	}
	return rowText(vals)
}

// rowCanon is the canonical form of a whole keyless row of ht.Rows.
func rowCanon(t *testing.T, ht datagen.HardTable, row []any) string {
	t.Helper()
	var vals []snapValue
	for i, c := range ht.Columns {
		vals = append(vals, goValue(t, c.Kind, row[i]))
	}
	return rowText(vals)
}

// goValue is the canonical form of a Go value of ht.Rows.
func goValue(t *testing.T, kind datagen.ValueKind, v any) snapValue {
	t.Helper()
	var text string
	switch v := v.(type) {
	case nil:
		return snapValue{null: true}
	case []byte:
		text = string(v)
	case float32:
		text = strconv.FormatFloat(float64(v), 'g', -1, 64)
	case float64:
		text = strconv.FormatFloat(v, 'g', -1, 64)
	default:
		text = fmt.Sprint(v)
	}
	c, err := canonical(kind, text)
	if err != nil {
		t.Fatalf("fixture value: %v", err)
	}
	return snapValue{s: c}
}

// missing, extra and changed are the differences a plant means to make.
func missing(key string) wantDiff { return wantDiff{kind: "missing", key: key} }
func extra(key string) wantDiff   { return wantDiff{kind: "extra", key: key} }
func changed(key string, cols ...string) wantDiff {
	sort.Strings(cols)
	return wantDiff{kind: "changed", key: key, columns: cols}
}
