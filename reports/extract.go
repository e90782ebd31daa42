package reports

import (
	"fmt"
	"io"
	"strconv"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/parity-db/parity/extract"
	"github.com/parity-db/parity/result"
	"github.com/parity-db/parity/stats"
)

// ExtractSummary writes the per-table summary of one extraction: what a
// person checks first after a run (rows, size, time, rates, chunking).
//
//	server: mariadb 10.11.14-MariaDB at parity@127.0.0.1:23306/shop, 2 workers
//	┌──────────────┬───────────┬───────┬─────────┬────────┬──────┬────────┬──────────────────────┐
//	│    TABLE     │   ROWS    │  MB   │ SECONDS │ ROWS/S │ MB/S │ CHUNKS │       CHUNKING       │
//	...
//
// width > 0 fits the table into that many columns of text (a terminal's
// width); 0 leaves it at its natural width.
func ExtractSummary(w io.Writer, r *extract.Result, width int) error {
	fmt.Fprintf(w, "server: %s, %d workers, consistency: %s\n", r.Server, r.Workers, r.Consistency)
	right := tw.AlignRight
	t := newTable(w, width, []string{"TABLE", "ROWS", "MB", "SECONDS", "ROWS/S", "MB/S", "CHUNKS", "CHUNKING", "FILE"},
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: []tw.Align{tw.AlignLeft, right, right, right, right, right, right, tw.AlignLeft, tw.AlignLeft}}),
		tablewriter.WithFooterAlignmentConfig(tw.CellAlignment{PerColumn: []tw.Align{tw.AlignLeft, right, right, right, right, right, right, tw.AlignLeft, tw.AlignLeft}}),
	)
	for _, tr := range r.Tables {
		file := ""
		switch n := len(tr.Output.Files); {
		case n == 1:
			file = tr.Output.Files[0]
		case n > 1:
			file = fmt.Sprintf("%s … (%d parts)", tr.Output.Files[0], n)
		}
		chunking := extractChunking(&tr)
		t.Append([]string{tr.Schema + "." + tr.Name, Count(tr.Rows), MB(tr.Bytes), Seconds(tr.Seconds),
			Rate(tr.RowsPerSec), fmt.Sprintf("%.1f", tr.MBPerSec), strconv.Itoa(len(tr.Chunks)), chunking, file})
	}
	t.Footer([]string{fmt.Sprintf("%d tables", len(r.Tables)), Count(r.Rows), MB(r.Bytes), Seconds(r.Seconds),
		Rate(r.RowsPerSec()), fmt.Sprintf("%.1f", r.MBPerSec()), strconv.Itoa(r.ChunkCount()), "", ""})
	return t.Render()
}

// extractChunking is how a table was cut into chunks, and how many zero
// dates it read as NULL, if any.
func extractChunking(t *extract.TableResult) string {
	if n := t.ZeroDateCount(); n > 0 {
		return t.Chunking + fmt.Sprintf("; %d zero dates read as NULL", n)
	}
	return t.Chunking
}

// ExtractChanges writes a comparison of two extractions: per pair of runs,
// each table's rows, time and throughput before and after, the change of
// its chunks' time per MB, and a verdict; then how many regressions.
//
//	source: mariadb 10.11.14 at parity@old-db:3306/shop → mariadb 10.11.14 at parity@old-db:3306/shop
//	┌──────────────┬─────────┬───────┬───────┬─────────┬──────────┬──────────┬──────────────────┬────────────┐
//	│    TABLE     │  ROWS   │ OLD S │ NEW S │ NEW/OLD │ OLD MB/S │ NEW MB/S │      CHANGE      │  VERDICT   │
//	│ shop.sbtest1 │ 200,000 │  0.19 │  0.42 │   2.16× │    200.3 │     92.8 │ +98.1% (p=0.004) │ regression │
//
// width > 0 fits the tables into that many columns of text; 0 leaves them
// at their natural width.
func ExtractChanges(w io.Writer, c *result.ExtractComparison, width int) error {
	right, left := tw.AlignRight, tw.AlignLeft
	align := tw.CellAlignment{PerColumn: []tw.Align{left, right, right, right, right, right, right, right, left}}
	for _, d := range c.Runs {
		fmt.Fprintf(w, "%s: %s\n", d.Label(), d.Servers())
		if d.Note != "" {
			fmt.Fprintf(w, "  %s\n\n", d.Note)
			continue
		}
		t := newTable(w, width, []string{"TABLE", "ROWS", "OLD S", "NEW S", "NEW/OLD", "OLD MB/S", "NEW MB/S", "CHANGE", "VERDICT"},
			tablewriter.WithRowAlignmentConfig(align), tablewriter.WithFooterAlignmentConfig(align))
		for _, ch := range d.Tables {
			t.Append(extractChangeCells(ch))
		}
		total := extractChangeCells(d.Total)
		total[len(total)-1] = fmt.Sprintf("%d regression(s)", d.Regressions)
		t.Footer(total)
		if err := t.Render(); err != nil {
			return err
		}
		fmt.Fprintln(w)
	}
	for _, n := range c.Notes {
		fmt.Fprintln(w, "note:", n)
	}
	fmt.Fprintf(w, "%s\n%s\n", extractRegressions(c), extractChangeLegend())
	return nil
}

// extractChangeCells are a table's cells in ExtractChanges.
func extractChangeCells(ch result.ExtractTableChange) []string {
	cells := []string{ch.Table, extractRows(ch), "", "", Times(ch.Ratio), "", "", "", string(ch.Verdict)}
	if ch.Old != nil {
		cells[2], cells[5] = Seconds(ch.Old.Seconds), fmt.Sprintf("%.1f", ch.Old.MBPerSec)
	}
	if ch.New != nil {
		cells[3], cells[6] = Seconds(ch.New.Seconds), fmt.Sprintf("%.1f", ch.New.MBPerSec)
	}
	if ch.Compare != nil {
		cells[7] = ch.Compare.String()
	}
	return cells
}

// extractRows is a table's row count, "old → new" when it changed.
func extractRows(ch result.ExtractTableChange) string {
	switch {
	case ch.Old == nil && ch.New == nil:
		return ""
	case ch.Old == nil:
		return Count(ch.New.Rows)
	case ch.New == nil || ch.Old.Rows == ch.New.Rows:
		return Count(ch.Old.Rows)
	}
	return Count(ch.Old.Rows) + " → " + Count(ch.New.Rows)
}

// extractRegressions says how many tables regressed, and what counts.
func extractRegressions(c *result.ExtractComparison) string {
	return fmt.Sprintf("%d regression(s) %s", c.Regressions, regressionRule(c.Threshold))
}

// extractChangeLegend says how a change is measured.
func extractChangeLegend() string {
	return fmt.Sprintf("change: the chunks' median time per MB, new against old (Mann-Whitney U); "+
		"~: no significant difference, or fewer than %d chunks on a side", stats.MinSamples)
}
