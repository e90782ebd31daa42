package reports

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/parity-db/parity/checksum"
	"github.com/parity-db/parity/verify"
)

// VerifySummary writes what a verify run found: the schema findings, a table
// per table pair (rows on each side, chunks, differing rows by kind, time,
// status), and the first listedDiffs row differences.
//
//	source: mariadb 10.11.14 at parity@127.0.0.1:23306/shop
//	target: mysql 9.7.4 at parity@127.0.0.1:23307/shop
//	┌─────────────┬──────────┬──────────┬────────┬─────────┬───────┬─────────┬─────────┬───────────┐
//	│    TABLE    │  SOURCE  │  TARGET  │ CHUNKS │ MISSING │ EXTRA │ CHANGED │ SECONDS │  STATUS   │
//	│ shop.orders │ 200,000  │ 199,999  │     12 │       1 │     0 │       1 │    1.21 │ different │
//	...
//
// width > 0 fits the table into that many columns of text; 0 leaves it at
// its natural width.
func VerifySummary(w io.Writer, r *verify.Result, listedDiffs, width int) error {
	fmt.Fprintf(w, "source: %s\ntarget: %s\n", r.Source.Server, r.Target.Server)
	if len(r.Schema) > 0 {
		fmt.Fprintf(w, "\nschema findings (%d):\n", len(r.Schema))
		for _, f := range r.Schema {
			fmt.Fprintf(w, "  %-10s %s: %s\n", f.Severity, f.Table, f.Message)
		}
	}
	fmt.Fprintln(w)
	right, left := tw.AlignRight, tw.AlignLeft
	align := tw.CellAlignment{PerColumn: []tw.Align{left, right, right, right, right, right, right, right, left, left}}
	t := newTable(w, width, []string{"TABLE", "SOURCE ROWS", "TARGET ROWS", "CHUNKS", "MISSING", "EXTRA", "CHANGED", "SECONDS", "STATUS", "HOW"},
		tablewriter.WithRowAlignmentConfig(align),
		tablewriter.WithFooterAlignmentConfig(align),
	)
	for _, tr := range r.Tables {
		name := tr.Table
		if tr.Target != tr.Table {
			name += " → " + tr.Target
		}
		t.Append([]string{name, Count(tr.SourceRows), Count(tr.TargetRows), strconv.Itoa(tr.Chunks),
			Count(tr.Missing), Count(tr.Extra), Count(tr.Changed), Seconds(tr.Seconds), tr.Status, how(tr)})
	}
	sum := r.Totals()
	t.Footer([]string{fmt.Sprintf("%d tables", sum.Tables), Count(sum.SourceRows), Count(sum.TargetRows), strconv.Itoa(sum.Chunks),
		Count(sum.Missing), Count(sum.Extra), Count(sum.Changed), Seconds(r.Seconds), r.Status, ""})
	if err := t.Render(); err != nil {
		return err
	}
	for _, n := range r.Notes {
		fmt.Fprintln(w, "note:", n)
	}
	if r.PausedSecs > 0 {
		fmt.Fprintf(w, "paused %s s for --max-lag / --max-threads-running\n", Seconds(r.PausedSecs))
	}
	return writeDiffs(w, r, listedDiffs)
}

// how says how a table was compared, when that is worth a reader's notice.
func how(tr *verify.TableResult) string {
	var parts []string
	parts = append(parts, tr.Mode)
	if tr.Keyless {
		parts = append(parts, "no key: compared as multisets")
	}
	if tr.ModeNote != "" {
		parts = append(parts, tr.ModeNote)
	}
	if tr.Converged > 0 {
		parts = append(parts, fmt.Sprintf("%d chunks converged on recheck", tr.Converged))
	}
	if tr.ZeroDates > 0 {
		parts = append(parts, fmt.Sprintf("%d zero dates", tr.ZeroDates))
	}
	return strings.Join(parts, "; ")
}

func writeDiffs(w io.Writer, r *verify.Result, limit int) error {
	if r.RowDiffs == 0 {
		return nil
	}
	fmt.Fprintf(w, "\n%s differing rows", Count(r.RowDiffs))
	if r.Kept < r.RowDiffs {
		fmt.Fprintf(w, " (%s listed in the JSON report, --max-diffs)", Count(r.Kept))
	}
	fmt.Fprintln(w, ":")
	shown := 0
	for _, tr := range r.Tables {
		for _, d := range tr.Diffs {
			if shown == limit {
				fmt.Fprintf(w, "  ... %s more; see --json\n", Count(r.Kept-int64(shown)))
				return nil
			}
			shown++
			fmt.Fprintf(w, "  %-7s %s %s\n", d.Kind, tr.Table, describeDiff(d))
		}
	}
	return nil
}

// describeDiff renders a difference on one line:
//
//	id=42: status 'paid' → 'refunded', total 10.50 → 10.05
//	(keyless) x2 at='2024-01-02 03:04:05', msg='login'
func describeDiff(d verify.RowDiff) string {
	var b strings.Builder
	if d.Key != nil {
		keys := make([]string, 0, len(d.Key))
		for k := range d.Key {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for i, k := range keys {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(k + "=" + d.Key[k])
		}
	} else {
		b.WriteString("(keyless)")
		if d.Count > 1 {
			fmt.Fprintf(&b, " x%d", d.Count)
		}
	}
	if len(d.Columns) > 0 {
		b.WriteString(":")
		for i, c := range d.Columns {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, " %s %s → %s", c.Column, showValue(c.Source), showValue(c.Target))
			if c.FirstDifference != nil {
				fmt.Fprintf(&b, " (first differs at byte %d; %d → %d bytes)", *c.FirstDifference, c.Source.Bytes, c.Target.Bytes)
			}
		}
	}
	if d.Row != nil {
		cols := make([]string, 0, len(d.Row))
		for c := range d.Row {
			cols = append(cols, c)
		}
		slices.Sort(cols)
		for i, c := range cols {
			if i == 0 {
				b.WriteString(" ")
			} else {
				b.WriteString(", ")
			}
			b.WriteString(c + "=" + showValue(d.Row[c]))
		}
	}
	return b.String()
}

func showValue(v checksum.Value) string {
	if v.Null {
		return "NULL"
	}
	s := strconv.Quote(v.Text)
	if v.From > 0 {
		s = "…" + s
	}
	if v.Truncated {
		s += "…"
	}
	return s
}
