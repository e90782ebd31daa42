package reports

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/parity-db/parity/bench"
	"github.com/parity-db/parity/checksum"
	"github.com/parity-db/parity/result"
	"github.com/parity-db/parity/stats"
	"github.com/parity-db/parity/verify"
)

// ---- extract ----

type htmlExtract struct {
	Chart *htmlChart
	Runs  []htmlExtractRun
}

type htmlExtractRun struct {
	Role, Server, Summary string
	Missing               bool // no result: the run failed before it finished
	HasFiles              bool
	Tables                []htmlExtractRow
	Total                 htmlExtractRow
}

type htmlExtractRow struct {
	Table, Rows, MB, Seconds, RowsPerSec, MBPerSec, Chunks, Chunking, File string
}

func htmlExtractOf(runs []*result.ExtractRun) *htmlExtract {
	x := &htmlExtract{Chart: htmlExtractChart(runs)}
	for _, run := range runs {
		hr := htmlExtractRun{Role: run.Role}
		if run.Result == nil {
			hr.Missing = true
			x.Runs = append(x.Runs, hr)
			continue
		}
		res := run.Result
		hr.Server = res.Server.String()
		hr.Summary = fmt.Sprintf("%d workers · consistency: %s", res.Workers, res.Consistency)
		for _, t := range res.Tables {
			chunking := extractChunking(&t)
			row := htmlExtractRow{Table: t.Schema + "." + t.Name, Rows: Count(t.Rows), MB: MB(t.Bytes), Seconds: Seconds(t.Seconds),
				RowsPerSec: Rate(t.RowsPerSec), MBPerSec: fmt.Sprintf("%.1f", t.MBPerSec), Chunks: strconv.Itoa(len(t.Chunks)), Chunking: chunking}
			if len(t.Output.Files) > 0 {
				row.File = strings.Join(t.Output.Files, ", ")
				hr.HasFiles = true
			}
			hr.Tables = append(hr.Tables, row)
		}
		hr.Total = htmlExtractRow{Table: fmt.Sprintf("%d tables", len(res.Tables)), Rows: Count(res.Rows), MB: MB(res.Bytes),
			Seconds: Seconds(res.Seconds), RowsPerSec: Rate(res.RowsPerSec()), MBPerSec: fmt.Sprintf("%.1f", res.MBPerSec()),
			Chunks: strconv.Itoa(res.ChunkCount())}
		x.Runs = append(x.Runs, hr)
	}
	return x
}

// ---- verify ----

type htmlVerify struct {
	Reverified                 bool
	FirstPass                  string
	Source, Target             string
	Facts                      []htmlFact
	Notes                      []string
	Findings                   []htmlFinding
	Chart                      *htmlChart
	Tables                     []htmlVerifyRow
	Total                      htmlVerifyRow
	Differing, Listed, Omitted string
	Diffs                      []htmlDiff
}

type htmlFinding struct{ Severity, Class, Table, Kind, Column, Message string }

type htmlVerifyRow struct {
	Table, SourceRows, TargetRows, Chunks, Missing, Extra, Changed, Seconds, Status, StatusClass, How string
}

// htmlDiff is a listed row difference, or (Note set) a line saying how many
// more a table had.
type htmlDiff struct {
	Kind, KindClass, Table string
	Key                    []htmlKV // keyed tables
	Row                    []htmlKV // keyless tables: the row's values
	Count                  string   // keyless tables: copies
	Columns                []htmlColumnDiff
	Note                   string
}

type htmlKV struct {
	Name  string
	Value htmlValue
}

type htmlColumnDiff struct {
	Column         string
	Source, Target htmlValue
	Where          string // long values: where they first differ
}

type htmlValue struct {
	Text                   string
	Null, Truncated, Empty bool
	Cut                    bool // shown from inside the value, around a difference
}

func htmlValueOf(v checksum.Value) htmlValue {
	return htmlValue{Text: v.Text, Null: v.Null, Truncated: v.Truncated, Cut: v.From > 0, Empty: !v.Null && v.Text == ""}
}

func htmlVerifyOf(d *result.Verify) *htmlVerify {
	v := &htmlVerify{}
	r := d.Result
	if r == nil {
		return v
	}
	if d.Reverify != nil {
		v.Reverified = true
		v.FirstPass = fmt.Sprintf("the first pass found %s differing rows (%s); %d fix statements were applied, and this is the check that followed",
			Count(r.RowDiffs), r.Status, d.Applied)
		r = d.Reverify
	}
	v.Source, v.Target = r.Source.Server.String(), r.Target.Server.String()

	sum := r.Totals()
	for _, t := range r.Tables {
		name := t.Table
		if t.Target != "" && t.Target != t.Table {
			name += " → " + t.Target
		}
		chunkText := strconv.Itoa(t.Chunks)
		if t.ChunksDiffer > 0 {
			chunkText += fmt.Sprintf(" (%d differ)", t.ChunksDiffer)
		}
		v.Tables = append(v.Tables, htmlVerifyRow{Table: name, SourceRows: Count(t.SourceRows), TargetRows: Count(t.TargetRows),
			Chunks: chunkText, Missing: Count(t.Missing), Extra: Count(t.Extra), Changed: Count(t.Changed),
			Seconds: Seconds(t.Seconds), Status: t.Status, StatusClass: htmlStatusClass(t.Status), How: how(t)})
	}
	chunkText := strconv.Itoa(sum.Chunks)
	if sum.ChunksDiffer > 0 {
		chunkText += fmt.Sprintf(" (%d differ)", sum.ChunksDiffer)
	}
	v.Total = htmlVerifyRow{Table: fmt.Sprintf("%d tables", sum.Tables), SourceRows: Count(sum.SourceRows), TargetRows: Count(sum.TargetRows), Chunks: chunkText,
		Missing: Count(sum.Missing), Extra: Count(sum.Extra), Changed: Count(sum.Changed), Seconds: Seconds(r.Seconds),
		Status: r.Status, StatusClass: htmlStatusClass(r.Status)}

	differences := r.SchemaDifferences()
	for _, f := range r.Schema {
		v.Findings = append(v.Findings, htmlFinding{Severity: string(f.Severity), Class: htmlStatusClass(string(f.Severity)),
			Table: f.Table, Kind: f.Kind, Column: f.Column, Message: f.Message})
	}

	tableFact := fmt.Sprintf("%d: %d equal, %d different", sum.Tables, sum.Equal, sum.Different)
	if sum.Skipped > 0 {
		tableFact += fmt.Sprintf(", %d not compared", sum.Skipped)
	}
	v.Facts = []htmlFact{
		{"tables", tableFact},
		{"rows", fmt.Sprintf("%s on the source, %s on the target", Count(sum.SourceRows), Count(sum.TargetRows))},
		{"differing rows", fmt.Sprintf("%s: %s missing, %s extra, %s changed", Count(r.RowDiffs), Count(sum.Missing), Count(sum.Extra), Count(sum.Changed))},
		{"chunks", chunkText},
		{"schema findings", fmt.Sprintf("%d: %d differences, %d notices", len(r.Schema), differences, len(r.Schema)-differences)},
		{"time", Duration(r.Seconds)},
	}
	if d.FixSQL != "" {
		v.Facts = append(v.Facts, htmlFact{"fix SQL", d.FixSQL})
	}
	if d.Applied > 0 {
		v.Facts = append(v.Facts, htmlFact{"fix statements applied", strconv.Itoa(d.Applied)})
	}
	v.Notes = append(v.Notes, r.Notes...)
	if r.PausedSecs > 0 {
		v.Notes = append(v.Notes, fmt.Sprintf("paused %s s for --max-lag / --max-threads-running", Seconds(r.PausedSecs)))
	}
	if r.Resumed {
		v.Notes = append(v.Notes, "resumed from a --state file: tables finished earlier are included")
	}

	v.Chart = htmlVerifyChart(r.Tables)

	v.Differing, v.Listed = Count(r.RowDiffs), Count(r.Kept)
	if r.Kept < r.RowDiffs {
		v.Omitted = Count(r.RowDiffs - r.Kept)
	}
	for _, t := range r.Tables {
		for _, rd := range t.Diffs {
			v.Diffs = append(v.Diffs, htmlDiffOf(t.Table, rd))
		}
		if t.DiffsOmitted > 0 {
			v.Diffs = append(v.Diffs, htmlDiff{Table: t.Table,
				Note: fmt.Sprintf("%s more differing rows in %s not listed (--max-diffs)", Count(t.DiffsOmitted), t.Table)})
		}
	}
	return v
}

func htmlDiffOf(table string, d verify.RowDiff) htmlDiff {
	h := htmlDiff{Kind: d.Kind, KindClass: "k-" + htmlKindClass(d.Kind), Table: table}
	for _, k := range htmlSortedKeys(d.Key) {
		h.Key = append(h.Key, htmlKV{Name: k, Value: htmlValue{Text: d.Key[k], Empty: d.Key[k] == ""}})
	}
	for _, k := range htmlSortedKeys(d.Row) {
		h.Row = append(h.Row, htmlKV{Name: k, Value: htmlValueOf(d.Row[k])})
	}
	if d.Key == nil && d.Count > 0 {
		h.Count = "×" + Count(d.Count)
	}
	for _, c := range d.Columns {
		hc := htmlColumnDiff{Column: c.Column, Source: htmlValueOf(c.Source), Target: htmlValueOf(c.Target)}
		if c.FirstDifference != nil {
			hc.Where = fmt.Sprintf("first differs at byte %d; %d → %d bytes", *c.FirstDifference, c.Source.Bytes, c.Target.Bytes)
		}
		h.Columns = append(h.Columns, hc)
	}
	return h
}

// htmlKindClass names a difference kind's colour; unknown kinds share one.
func htmlKindClass(kind string) string {
	switch kind {
	case verify.Missing, verify.Extra, verify.Changed:
		return kind
	}
	return "other"
}

// ---- bench ----

type htmlBench struct {
	Targets     []htmlTarget
	Workloads   []htmlWorkload
	VsFirst     string // header of the last grid column: "vs old"
	Rows        []htmlBenchRow
	Comparisons []htmlComparison
	Legend      string
	Restored    []string
}

type htmlTarget struct{ Label, Header, Server, Endpoint, Variables string }

type htmlWorkload struct {
	Scenario, Table, Query string
	Chart                  *htmlChart
}

type htmlBenchRow struct {
	Workload, Table, Settings string
	Cells                     []htmlBenchCell
	VsTarget                  []string
}

type htmlBenchCell struct {
	Summary, Counters, VsFirst, Then, Error string
	NotRun                                  bool
	Notes                                   []string
}

type htmlComparison struct {
	Kind, Target, Row, Base, Other, Result, Ratio, Class string
}

func htmlBenchOf(r *bench.Result) *htmlBench {
	b := &htmlBench{}
	var labels []string
	for _, t := range r.Targets {
		labels = append(labels, t.Label)
		var vars []string
		for _, v := range t.Variables {
			s := v.Name + " (" + string(v.Scope) + ")"
			if v.Original != "" {
				s += " was " + v.Original
			}
			vars = append(vars, s)
		}
		b.Targets = append(b.Targets, htmlTarget{Label: t.Label,
			Header:   fmt.Sprintf("%s · %s %d.%d", t.Label, t.Server.Flavor, t.Server.Major, t.Server.Minor),
			Server:   strings.TrimSpace(string(t.Server.Flavor) + " " + t.Server.Version),
			Endpoint: t.Endpoint, Variables: strings.Join(vars, ", ")})
	}
	for _, c := range r.Cells { // cells of targets the header does not name
		if !slices.Contains(labels, c.Target) {
			labels = append(labels, c.Target)
			b.Targets = append(b.Targets, htmlTarget{Label: c.Target, Header: c.Target})
		}
	}
	if len(labels) > 1 {
		b.VsFirst = "vs " + labels[0]
	}

	// Workloads and grid rows in the order the grid ran them.
	var workloads []string
	cellsOf := map[string][]*bench.Cell{}
	for _, c := range r.Cells {
		w := c.Workload()
		if cellsOf[w] == nil {
			workloads = append(workloads, w)
		}
		cellsOf[w] = append(cellsOf[w], c)
	}
	for _, w := range workloads {
		first := cellsOf[w][0]
		b.Workloads = append(b.Workloads, htmlWorkload{Scenario: first.Scenario, Table: first.Table, Query: first.Query,
			Chart: htmlBenchChart(w, labels, cellsOf[w])})
	}

	vsFirst := map[string]bench.Comparison{} // target | workload | settings
	vsTarget := map[string][]string{}        // row → "new +12.3% (p=0.008)"
	for _, cmp := range r.Comparisons {
		switch cmp.Kind {
		case "settings":
			vsFirst[cmp.Target+" | "+cmp.Row+" | "+cmp.Other] = cmp
		case "target":
			vsTarget[cmp.Row] = append(vsTarget[cmp.Row], cmp.Other+" "+cmp.Comparison.String())
		}
		ratio := ""
		if cmp.Ratio > 0 {
			ratio = fmt.Sprintf("×%.2f", cmp.Ratio)
		}
		class := "neutral"
		if cmp.Significant {
			class = "sig"
		}
		b.Comparisons = append(b.Comparisons, htmlComparison{Kind: cmp.Kind, Target: cmp.Target, Row: cmp.Row, Base: cmp.Base,
			Other: cmp.Other, Result: cmp.Comparison.String(), Ratio: ratio, Class: class})
	}
	for _, gr := range r.Rows() {
		first := gr.First
		row := htmlBenchRow{Workload: first.Scenario, Table: first.Table, Settings: first.Settings.String(), VsTarget: vsTarget[first.Row()]}
		for _, c := range gr.Cells {
			var cmp *bench.Comparison
			if c != nil {
				if x, ok := vsFirst[c.Key()]; ok {
					cmp = &x
				}
			}
			row.Cells = append(row.Cells, htmlBenchCellOf(c, cmp))
		}
		b.Rows = append(b.Rows, row)
	}
	b.Legend = htmlBenchLegend(r)
	for _, rs := range r.Restored {
		b.Restored = append(b.Restored, fmt.Sprintf("%s: restored GLOBAL %s = %s", rs.Target, rs.Name, rs.Value))
	}
	return b
}

func htmlBenchCellOf(c *bench.Cell, vsFirst *bench.Comparison) htmlBenchCell {
	var h htmlBenchCell
	switch {
	case c == nil:
		h.NotRun = true
		return h
	case c.Error != nil && c.Stats == nil:
		h.Error = c.Error.String()
	case c.Stats != nil:
		h.Summary = statsText(c.Stats) + outliersNote(len(c.Stats.Outliers))
		h.Counters = keyCounters(c.Counters)
		if vsFirst != nil {
			h.VsFirst = "vs first: " + vsFirst.Comparison.String()
		}
		if c.Error != nil {
			h.Then = "then " + c.Error.String()
		}
	default:
		h.NotRun = true
	}
	for _, name := range htmlSortedKeys(c.Effective) {
		h.Notes = append(h.Notes, fmt.Sprintf("server used %s=%s", name, c.Effective[name]))
	}
	if len(c.Unsupported) > 0 {
		h.Notes = append(h.Notes, strings.Join(c.Unsupported, ", ")+" n/a on this server")
	}
	return h
}

func htmlBenchLegend(r *bench.Result) string {
	return ciLegend(r) + "; vs first: against the workload's first settings on the same target; " +
		fmt.Sprintf("~: no significant difference (Mann-Whitney U, p ≥ %.2f); failed cells are not run again.", stats.Alpha)
}

// ---- bench compare ----

type htmlCompare struct {
	Threshold, OldStarted, NewStarted, Summary string
	Regressions                                int
	Chart                                      *htmlChart
	Changes                                    []htmlChange
}

type htmlChange struct{ Key, Old, New, Change, Verdict, Class string }

func htmlCompareOf(d *result.BenchCompare) *htmlCompare {
	h := &htmlCompare{Threshold: Percent(d.Threshold), Regressions: d.Regressions}
	if !d.OldStarted.IsZero() {
		h.OldStarted = htmlTime(d.OldStarted)
	}
	if !d.NewStarted.IsZero() {
		h.NewStarted = htmlTime(d.NewStarted)
	}
	changes := orderChanges(d.Changes)
	for _, ch := range changes {
		change := ""
		if ch.Compare != nil {
			change = ch.Compare.String()
		}
		h.Changes = append(h.Changes, htmlChange{Key: ch.Key, Old: htmlRecordCell(ch.Old), New: htmlRecordCell(ch.New), Change: change,
			Verdict: string(ch.Verdict), Class: htmlStatusClass(string(ch.Verdict))})
	}
	h.Summary = benchRegressions(bench.Regressions(changes), d.Threshold)
	h.Chart = htmlCompareChart(changes, d.Threshold)
	return h
}

func htmlRecordCell(c *bench.RecordCell) string {
	switch {
	case c == nil:
		return ""
	case c.Error != "":
		return c.Error
	}
	return fmt.Sprintf("%s ±%.1f%% n=%d", Duration(c.Median), c.CIPercent, len(c.Samples))
}

// ---- extract compare ----

type htmlExtractCompare struct {
	Threshold, OldStarted, NewStarted, Summary, Legend string
	Regressions                                        int
	Notes                                              []string
	Runs                                               []htmlExtractDelta
}

type htmlExtractDelta struct {
	Label, Servers, Note string
	Chart                *htmlChart
	Tables               []htmlExtractChange
	Total                htmlExtractChange
}

type htmlExtractChange struct {
	Table, Rows, OldSeconds, NewSeconds, Ratio, OldMBPerSec, NewMBPerSec, Change, Verdict, Class string
}

func htmlExtractCompareOf(c *result.ExtractComparison) *htmlExtractCompare {
	h := &htmlExtractCompare{Threshold: Percent(c.Threshold), Regressions: c.Regressions,
		Summary: extractRegressions(c), Legend: extractChangeLegend(), Notes: c.Notes}
	if !c.OldStarted.IsZero() {
		h.OldStarted = htmlTime(c.OldStarted)
	}
	if !c.NewStarted.IsZero() {
		h.NewStarted = htmlTime(c.NewStarted)
	}
	for _, d := range c.Runs {
		hd := htmlExtractDelta{Label: d.Label(), Servers: d.Servers(), Note: d.Note}
		if d.Note == "" {
			hd.Chart = htmlExtractCompareChart(d)
			for _, ch := range d.Tables {
				hd.Tables = append(hd.Tables, htmlExtractChangeOf(ch))
			}
			hd.Total = htmlExtractChangeOf(d.Total)
			hd.Total.Verdict = fmt.Sprintf("%d regression(s)", d.Regressions)
		}
		h.Runs = append(h.Runs, hd)
	}
	return h
}

func htmlExtractChangeOf(ch result.ExtractTableChange) htmlExtractChange {
	cells := extractChangeCells(ch)
	return htmlExtractChange{Table: cells[0], Rows: cells[1], OldSeconds: cells[2], NewSeconds: cells[3], Ratio: cells[4],
		OldMBPerSec: cells[5], NewMBPerSec: cells[6], Change: cells[7], Verdict: cells[8], Class: htmlStatusClass(string(ch.Verdict))}
}
