package reports

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/parity-db/parity/bench"
	"github.com/parity-db/parity/stats"
)

// BenchGrid writes a bench result as a grid: one row per workload and
// settings point, one column per target. A cell shows the median with the
// confidence interval of the median, the counters that tell a spill from a
// clean run, and the change against the workload's first settings point; a
// failed cell shows its error. With two or more targets a last column
// compares each target with the first.
//
//	┌───────────────────────────┬──────────────────────┬───────────────────────────────┬─────────┐
//	│         WORKLOAD          │       SETTINGS       │  NEW (MYSQL 9.7.4)            │ ...     │
//	│ order-by:created_at:desc  │ sort_buffer_size=256K│ ERROR 1038: Out of sort mem…  │         │
//	│ shop.docs                 │ sort_buffer_size=2M  │ 0.41s ±3.2%  n=5              │         │
//
// width > 0 fits the grid into that many columns of text; 0 leaves it at
// its natural width.
func BenchGrid(w io.Writer, r *bench.Result, width int) error {
	labels := make([]string, 0, len(r.Targets))
	header := []string{"WORKLOAD", "SETTINGS"}
	for _, t := range r.Targets {
		labels = append(labels, t.Label)
		header = append(header, fmt.Sprintf("%s · %s %d.%d", t.Label, t.Server.Flavor, t.Server.Major, t.Server.Minor))
	}
	if len(labels) > 1 {
		header = append(header, "VS "+labels[0])
	}
	table := newTable(w, width, header, tablewriter.WithRowAutoWrap(tw.WrapNone))

	vsFirst := map[string]bench.Comparison{} // target | row → settings comparison
	vsTarget := map[string][]string{}        // row → "new ~", ...
	for _, cmp := range r.Comparisons {
		switch cmp.Kind {
		case "settings":
			vsFirst[cmp.Target+" | "+cmp.Row+" | "+cmp.Other] = cmp
		case "target":
			vsTarget[cmp.Row] = append(vsTarget[cmp.Row], fmt.Sprintf("%s %s", cmp.Other, cmp.Comparison.String()))
		}
	}
	for _, row := range r.Rows() {
		first := row.First
		workload := first.Scenario
		if first.Table != "" {
			workload += "\n" + first.Table
		}
		line := []string{workload, strings.ReplaceAll(first.Settings.String(), " ", "\n")}
		for _, c := range row.Cells {
			key := ""
			if c != nil {
				key = c.Key()
			}
			cmp, ok := vsFirst[key]
			line = append(line, benchCell(c, cmp, ok))
		}
		if len(labels) > 1 {
			line = append(line, strings.Join(vsTarget[first.Row()], "\n"))
		}
		table.Append(line)
	}
	if err := table.Render(); err != nil {
		return err
	}
	fmt.Fprintln(w, benchLegend(r))
	for _, rs := range r.Restored {
		fmt.Fprintf(w, "%s: restored GLOBAL %s = %s\n", rs.Target, rs.Name, rs.Value)
	}
	return nil
}

// benchCell renders one grid cell.
func benchCell(c *bench.Cell, vsFirst bench.Comparison, compared bool) string {
	if c == nil {
		return ""
	}
	var lines []string
	switch {
	case c.Error != nil && c.Stats == nil:
		lines = append(lines, wrap(c.Error.String(), 36, 3)...)
	case c.Stats != nil:
		s := c.Stats
		line := fmt.Sprintf("%s ±%.1f%%  n=%d", Duration(s.Median), s.CIPercent(), s.N)
		lines = append(lines, line+outliersNote(len(s.Outliers)))
		if counters := keyCounters(c.Counters); counters != "" {
			lines = append(lines, counters)
		}
		if compared {
			lines = append(lines, "vs first: "+vsFirst.Comparison.String())
		}
		if c.Error != nil {
			lines = append(lines, "then "+Truncate(c.Error.String(), 38))
		}
	default:
		lines = append(lines, "not run")
	}
	for name, v := range c.Effective {
		lines = append(lines, fmt.Sprintf("(server used %s=%s)", name, v))
	}
	if len(c.Unsupported) > 0 {
		lines = append(lines, "("+strings.Join(c.Unsupported, ", ")+" n/a)")
	}
	return strings.Join(lines, "\n")
}

// keyCounters picks the counters that explain a timing: temporary tables
// on disk, sort merge passes, TempTable memory.
func keyCounters(m map[string]int64) string {
	var parts []string
	if v, ok := m["Created_tmp_disk_tables"]; ok {
		parts = append(parts, fmt.Sprintf("tmp disk %d", v))
	}
	if v, ok := m["Sort_merge_passes"]; ok {
		parts = append(parts, fmt.Sprintf("merges %d", v))
	}
	if v := m["temptable_ram_bytes"]; v > 0 {
		parts = append(parts, "TempTable "+MB(v)+" MB")
	}
	return strings.Join(parts, " · ")
}

// wrap breaks s at spaces into at most maxLines lines of about width
// runes, the last one truncated.
func wrap(s string, width, maxLines int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		if line != "" && len([]rune(line))+1+len([]rune(word)) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	if line != "" {
		lines = append(lines, line)
	}
	if len(lines) > maxLines {
		lines[maxLines-1] = Truncate(strings.Join(lines[maxLines-1:], " "), width)
		lines = lines[:maxLines]
	}
	return lines
}

// Truncate cuts s to at most n characters (not bytes), marking the cut
// with "…".
func Truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// statsText is a cell's median, the half-width of its confidence interval
// and its count of runs: "1.37s ±2.1% n=5".
func statsText(s *stats.Summary) string {
	return fmt.Sprintf("%s ±%.1f%% n=%d", Duration(s.Median), s.CIPercent(), s.N)
}

// outliersNote is " (1 outlier)", " (3 outliers)", or "" for none.
func outliersNote(n int) string {
	switch n {
	case 0:
		return ""
	case 1:
		return " (1 outlier)"
	}
	return fmt.Sprintf(" (%d outliers)", n)
}

// ciLegend explains ±, with the confidence level of the first cell that
// has an interval.
func ciLegend(r *bench.Result) string {
	for _, c := range r.Cells {
		if c.Stats != nil && c.Stats.N > 1 {
			return fmt.Sprintf("±: %.1f%% confidence interval of the median", c.Stats.CILevel*100)
		}
	}
	return "±: confidence interval of the median"
}

// benchLegend explains the notation once, below the grid.
func benchLegend(r *bench.Result) string {
	return ciLegend(r) + "; vs first: against the workload's first settings on the same target;\n" +
		"~: no significant difference (Mann-Whitney U, p ≥ 0.05); failed cells are not run again"
}

// verdictOrder lists verdicts from the most to the least worth reading:
// regressions first.
var verdictOrder = []stats.Verdict{stats.Regression, bench.NowFailing, stats.Improvement, bench.Fixed,
	bench.StillFails, stats.Unchanged, bench.Added, bench.Removed}

// orderChanges sorts changes by verdict in verdictOrder, keeping their order
// within a verdict; unknown verdicts come last.
func orderChanges(changes []bench.Change) []bench.Change {
	rank := func(v stats.Verdict) int {
		if i := slices.Index(verdictOrder, v); i >= 0 {
			return i
		}
		return len(verdictOrder)
	}
	out := slices.Clone(changes)
	slices.SortStableFunc(out, func(a, b bench.Change) int { return rank(a.Verdict) - rank(b.Verdict) })
	return out
}

// BenchChanges writes what bench compare found, regressions first. width
// > 0 fits the table into that many columns of text; 0 leaves it at its
// natural width.
func BenchChanges(w io.Writer, changes []bench.Change, threshold stats.Threshold, width int) error {
	table := newTable(w, width, []string{"CELL", "OLD", "NEW", "CHANGE", "VERDICT"}, tablewriter.WithRowAutoWrap(tw.WrapNone))
	for _, ch := range orderChanges(changes) {
		change := ""
		if ch.Compare != nil {
			change = ch.Compare.String()
		}
		table.Append([]string{ch.Key, recordCell(ch.Old), recordCell(ch.New), change, string(ch.Verdict)})
	}
	if err := table.Render(); err != nil {
		return err
	}
	fmt.Fprintln(w, benchRegressions(bench.Regressions(changes), threshold))
	return nil
}

func recordCell(c *bench.RecordCell) string {
	switch {
	case c == nil:
		return ""
	case c.Error != "":
		return Truncate(c.Error, 40)
	}
	return fmt.Sprintf("%s ±%.1f%% n=%d", Duration(c.Median), c.CIPercent, len(c.Samples))
}
