package reports

import (
	"fmt"
	"io"
	"strconv"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/parity-db/parity/extract"
)

// ExtractSummary writes the per-table summary of one extraction: what a
// person checks first after a run (rows, size, time, rates, chunking).
//
//	server: mariadb 10.11.14-MariaDB at parity@127.0.0.1:23306/shop, 2 workers
//	┌──────────────┬───────────┬───────┬─────────┬────────┬──────┬────────┬──────────────────────┐
//	│    TABLE     │   ROWS    │  MB   │ SECONDS │ ROWS/S │ MB/S │ CHUNKS │       CHUNKING       │
//	...
func ExtractSummary(w io.Writer, r *extract.Result) error {
	fmt.Fprintf(w, "server: %s, %d workers, consistency: %s\n", r.Server, r.Workers, r.Consistency)
	right := tw.AlignRight
	t := tablewriter.NewTable(w,
		// Auto-format first: WithHeader formats the cells as it is applied.
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithFooterAutoFormat(tw.Off),
		tablewriter.WithHeader([]string{"TABLE", "ROWS", "MB", "SECONDS", "ROWS/S", "MB/S", "CHUNKS", "CHUNKING", "FILE"}),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: []tw.Align{tw.AlignLeft, right, right, right, right, right, right, tw.AlignLeft, tw.AlignLeft}}),
		tablewriter.WithFooterAlignmentConfig(tw.CellAlignment{PerColumn: []tw.Align{tw.AlignLeft, right, right, right, right, right, right, tw.AlignLeft, tw.AlignLeft}}),
	)
	chunks := 0
	for _, tr := range r.Tables {
		file := ""
		if len(tr.Output.Files) > 0 {
			file = tr.Output.Files[0]
		}
		chunking := tr.Chunking
		if len(tr.ZeroDates) > 0 {
			var n int64
			for _, c := range tr.ZeroDates {
				n += c
			}
			chunking += fmt.Sprintf("; %d zero dates read as NULL", n)
		}
		chunks += len(tr.Chunks)
		if err := t.Append([]string{tr.Schema + "." + tr.Name, Count(tr.Rows), MB(tr.Bytes), Seconds(tr.Seconds),
			Rate(tr.RowsPerSec), fmt.Sprintf("%.1f", tr.MBPerSec), strconv.Itoa(len(tr.Chunks)), chunking, file}); err != nil {
			return err
		}
	}
	t.Footer([]string{fmt.Sprintf("%d tables", len(r.Tables)), Count(r.Rows), MB(r.Bytes), Seconds(r.Seconds),
		Rate(r.RowsPerSec()), fmt.Sprintf("%.1f", r.MBPerSec()), strconv.Itoa(chunks), "", ""})
	return t.Render()
}
