package reports

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parity-db/parity/bench"
	"github.com/parity-db/parity/checksum"
	"github.com/parity-db/parity/stats"
	"github.com/parity-db/parity/verify"
)

// HTML renders one self-contained HTML page: an inline style sheet, charts
// drawn as inline SVG, no scripts and nothing the browser fetches, so the
// file can be mailed, attached to a ticket or printed as it is.
//
// The page opens with the command, parity's version, when it started, how
// long it took, its status as a coloured badge, the error if any, the
// servers and the options. Then, by command:
//
//   - extract: a bar chart of each table's throughput (MB/s, rows/s in the
//     label) with one bar per server side by side, and a table per server;
//   - verify: the summary counts, the schema findings, a strip per table of
//     equal and differing rows, the per-table results and the listed row
//     differences with their values;
//   - bench: per workload, a chart of the median of each settings point on
//     each target with its confidence interval as a whisker (a failed cell
//     shows its error), then the grid as the terminal shows it and the
//     comparisons;
//   - bench compare: each cell's new/old ratio around a 1.0 line, and the
//     changes, regressions first.
//
// Every value goes through html/template's escaping: row values come from
// databases and may hold markup. Maps are rendered in key order, so the
// output is deterministic.
type HTML struct{}

// Render writes r as HTML. Nothing is written if the page cannot be built.
func (HTML) Render(w io.Writer, r *Report) error {
	var b bytes.Buffer
	if err := htmlTemplate.Execute(&b, htmlPageOf(r)); err != nil {
		return fmt.Errorf("render html: %w", err)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// htmlPage is what the template shows: everything already formatted.
type htmlPage struct {
	CSS                                 template.CSS
	Policy                              string
	Command, Version, Started, Duration string
	Status, StatusClass, Error          string
	Servers                             []htmlServer
	Options                             []htmlFact

	Extract *htmlExtract
	Verify  *htmlVerify
	Bench   *htmlBench
	Compare *htmlCompare
}

type htmlServer struct{ Role, Server, Comment, Endpoint string }

// htmlFact is one name and value of a definition list.
type htmlFact struct{ Name, Value string }

func htmlPageOf(r *Report) *htmlPage {
	p := &htmlPage{CSS: htmlCSS, Policy: htmlPolicy, Command: r.Command, Version: r.Version, Status: r.Status, StatusClass: htmlStatusClass(r.Status), Error: r.Error}
	if p.Command == "" {
		p.Command = "report"
	}
	if !r.Started.IsZero() {
		p.Started = htmlTime(r.Started)
	}
	if r.Seconds > 0 {
		p.Duration = Duration(r.Seconds)
	}
	for _, s := range r.Servers {
		comment := s.Server.Comment
		if comment != "" && !strings.HasPrefix(comment, "(") {
			comment = "(" + comment + ")"
		}
		p.Servers = append(p.Servers, htmlServer{Role: s.Role, Server: strings.TrimSpace(string(s.Server.Flavor) + " " + s.Server.Version),
			Comment: comment, Endpoint: s.Server.Endpoint})
	}
	for _, k := range htmlSortedKeys(r.Options) {
		p.Options = append(p.Options, htmlFact{Name: k, Value: htmlOptionValue(r.Options[k])})
	}
	switch {
	case r.Extract != nil:
		p.Extract = htmlExtractOf(r.Extract)
	case r.Verify != nil:
		p.Verify = htmlVerifyOf(r.Verify)
	case r.Bench != nil:
		p.Bench = htmlBenchOf(r.Bench)
	case r.Compare != nil:
		p.Compare = htmlCompareOf(r.Compare)
	}
	return p
}

func htmlTime(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") }

// htmlStatusClass colours good outcomes green and bad ones red, as the
// terminal does; anything else stays neutral.
func htmlStatusClass(s string) string {
	switch s {
	case "ok", "equal", string(bench.Improvement), string(bench.Fixed):
		return "good"
	case "different", "failed", "interrupted", "regression", string(bench.NowFailing), string(verify.Difference):
		return "bad"
	case string(verify.Notice), string(bench.StillFails):
		return "warn"
	}
	return "neutral"
}

// htmlOptionValue shows an option as a person typed it: text as is, lists
// joined by commas, anything else as JSON.
func htmlOptionValue(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case []string:
		return strings.Join(v, ", ")
	case []any:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = htmlOptionValue(x)
		}
		return strings.Join(parts, ", ")
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func htmlSortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

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

func htmlExtractOf(runs []*ExtractRun) *htmlExtract {
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
		chunks := 0
		for _, t := range res.Tables {
			chunking := t.Chunking
			if len(t.ZeroDates) > 0 {
				var n int64
				for _, c := range t.ZeroDates {
					n += c
				}
				chunking += fmt.Sprintf("; %d zero dates read as NULL", n)
			}
			row := htmlExtractRow{Table: t.Schema + "." + t.Name, Rows: Count(t.Rows), MB: MB(t.Bytes), Seconds: Seconds(t.Seconds),
				RowsPerSec: Rate(t.RowsPerSec), MBPerSec: fmt.Sprintf("%.1f", t.MBPerSec), Chunks: strconv.Itoa(len(t.Chunks)), Chunking: chunking}
			if len(t.Output.Files) > 0 {
				row.File = strings.Join(t.Output.Files, ", ")
				hr.HasFiles = true
			}
			chunks += len(t.Chunks)
			hr.Tables = append(hr.Tables, row)
		}
		hr.Total = htmlExtractRow{Table: fmt.Sprintf("%d tables", len(res.Tables)), Rows: Count(res.Rows), MB: MB(res.Bytes),
			Seconds: Seconds(res.Seconds), RowsPerSec: Rate(res.RowsPerSec()), MBPerSec: fmt.Sprintf("%.1f", res.MBPerSec()),
			Chunks: strconv.Itoa(chunks)}
		x.Runs = append(x.Runs, hr)
	}
	return x
}

// htmlExtractChart draws each table's throughput, one bar per server, the
// biggest tables first when there are too many to draw.
func htmlExtractChart(runs []*ExtractRun) *htmlChart {
	type point struct{ mbps, rps float64 }
	var names []string
	bytesOf := map[string]int64{}
	byTable := map[string]map[int]point{}
	var legend []htmlLegendItem
	for i, run := range runs {
		legend = append(legend, htmlLegendItem{Class: htmlSeries(i), Text: run.Role})
		if run.Result == nil {
			continue
		}
		for _, t := range run.Result.Tables {
			name := t.Schema + "." + t.Name
			if byTable[name] == nil {
				byTable[name] = map[int]point{}
				names = append(names, name)
			}
			byTable[name][i] = point{t.MBPerSec, t.RowsPerSec}
			bytesOf[name] += t.Bytes
		}
	}
	if len(names) == 0 {
		return nil
	}
	slices.Sort(names)
	c := &htmlChart{Label: "extract throughput per table and server"}
	if len(names) > htmlMaxChartRows {
		slices.SortStableFunc(names, func(a, b string) int { return cmp.Compare(bytesOf[b], bytesOf[a]) })
		names = names[:htmlMaxChartRows]
		slices.Sort(names)
		c.Caption = fmt.Sprintf("The %d largest of %d tables.", htmlMaxChartRows, len(byTable))
	}
	maxV := 0.0
	for _, n := range names {
		for _, p := range byTable[n] {
			maxV = max(maxV, p.mbps)
		}
	}
	const left, right, bar, gap = 230.0, 200.0, 16.0, 3.0
	x0, width := left, htmlChartWidth-left-right
	ticks, top := htmlTicks(maxV)
	scale := func(v float64) float64 { return v / top * width }

	y := c.legend(0, legend) + 14
	chartTop := y
	for _, n := range names {
		gh := float64(len(runs))*(bar+gap) - gap
		c.label(left-10, y+gh/2+4, "end", "", n, left-20)
		for i := range runs {
			by := y + float64(i)*(bar+gap)
			p, ok := byTable[n][i]
			if !ok {
				c.text(x0+4, by+12, "", "muted", "not extracted")
				continue
			}
			w := max(scale(p.mbps), 1)
			title := fmt.Sprintf("%s %s: %.2f MB/s, %s rows/s", runs[i].Role, n, p.mbps, Rate(p.rps))
			c.rect(x0, by, w, bar, htmlSeries(i), title)
			c.text(x0+w+6, by+12, "", "", htmlMBps(p.mbps)+" MB/s · "+Rate(p.rps)+" rows/s")
		}
		y += gh + 10
	}
	c.axis(x0, width, top, ticks, chartTop-4, y-4, func(v float64) string { return htmlTick(v) }, "MB/s (label: MB/s · rows/s)")
	return c
}

// htmlMBps shows a rate that rounds to zero as below 0.1 rather than as 0.
func htmlMBps(v float64) string {
	if v > 0 && v < 0.05 {
		return "<0.1"
	}
	return fmt.Sprintf("%.1f", v)
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
}

type htmlValue struct {
	Text                   string
	Null, Truncated, Empty bool
}

func htmlValueOf(v checksum.Value) htmlValue {
	return htmlValue{Text: v.Text, Null: v.Null, Truncated: v.Truncated, Empty: !v.Null && v.Text == ""}
}

func htmlVerifyOf(d *VerifyDocument) *htmlVerify {
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

	var tables, equal, different, skipped int
	var src, tgt, missing, extra, changed int64
	var chunks, chunksDiffer int
	for _, t := range r.Tables {
		tables++
		switch t.Status {
		case verify.StatusEqual:
			equal++
		case verify.StatusDifferent:
			different++
		case verify.StatusSkipped:
			skipped++
		}
		src, tgt = src+t.SourceRows, tgt+t.TargetRows
		missing, extra, changed = missing+t.Missing, extra+t.Extra, changed+t.Changed
		chunks, chunksDiffer = chunks+t.Chunks, chunksDiffer+t.ChunksDiffer
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
			Seconds: Seconds(t.Seconds), Status: t.Status, StatusClass: htmlStatusClass(t.Status), How: htmlHow(t)})
	}
	chunkText := strconv.Itoa(chunks)
	if chunksDiffer > 0 {
		chunkText += fmt.Sprintf(" (%d differ)", chunksDiffer)
	}
	v.Total = htmlVerifyRow{Table: fmt.Sprintf("%d tables", tables), SourceRows: Count(src), TargetRows: Count(tgt), Chunks: chunkText,
		Missing: Count(missing), Extra: Count(extra), Changed: Count(changed), Seconds: Seconds(r.Seconds),
		Status: r.Status, StatusClass: htmlStatusClass(r.Status)}

	var differences, notices int
	for _, f := range r.Schema {
		if f.Severity == verify.Difference {
			differences++
		} else {
			notices++
		}
		v.Findings = append(v.Findings, htmlFinding{Severity: string(f.Severity), Class: htmlStatusClass(string(f.Severity)),
			Table: f.Table, Kind: f.Kind, Column: f.Column, Message: f.Message})
	}

	tableFact := fmt.Sprintf("%d: %d equal, %d different", tables, equal, different)
	if skipped > 0 {
		tableFact += fmt.Sprintf(", %d not compared", skipped)
	}
	v.Facts = []htmlFact{
		{"tables", tableFact},
		{"rows", fmt.Sprintf("%s on the source, %s on the target", Count(src), Count(tgt))},
		{"differing rows", fmt.Sprintf("%s: %s missing, %s extra, %s changed", Count(r.RowDiffs), Count(missing), Count(extra), Count(changed))},
		{"chunks", chunkText},
		{"schema findings", fmt.Sprintf("%d: %d differences, %d notices", len(r.Schema), differences, notices)},
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
		h.Columns = append(h.Columns, htmlColumnDiff{Column: c.Column, Source: htmlValueOf(c.Source), Target: htmlValueOf(c.Target)})
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

// htmlHow says how a table was compared, as the terminal's HOW column.
func htmlHow(t *verify.TableResult) string {
	parts := []string{t.Mode}
	if t.Keyless {
		parts = append(parts, "no key: compared as multisets")
	}
	if t.ModeNote != "" {
		parts = append(parts, t.ModeNote)
	}
	if t.Converged > 0 {
		parts = append(parts, fmt.Sprintf("%d chunks converged on recheck", t.Converged))
	}
	if t.ZeroDates > 0 {
		parts = append(parts, fmt.Sprintf("%d zero dates", t.ZeroDates))
	}
	return strings.Join(parts, "; ")
}

// htmlVerifyChart draws a strip per table: its rows split into equal,
// changed, missing and extra. A differing segment is at least a few pixels
// wide, so one differing row in a million still shows.
func htmlVerifyChart(tables []*verify.TableResult) *htmlChart {
	if len(tables) == 0 {
		return nil
	}
	c := &htmlChart{Label: "equal and differing rows per table"}
	shown := tables
	if len(tables) > htmlMaxChartRows {
		shown = nil
		for _, t := range tables {
			if t.Status != verify.StatusEqual && len(shown) < htmlMaxChartRows {
				shown = append(shown, t)
			}
		}
		c.Caption = fmt.Sprintf("%d of %d tables differ; the chart shows %d of them.", htmlCountDifferent(tables), len(tables), len(shown))
		if len(shown) == 0 {
			c.Caption = ""
			c.text(0, 14, "", "good", fmt.Sprintf("all %d tables are equal", len(tables)))
			return c.finish(24)
		}
	}
	const left, right, bar, minSeg = 230.0, 200.0, 16.0, 3.0
	x0, width := left, htmlChartWidth-left-right
	y := c.legend(0, []htmlLegendItem{{"k-equal", "equal"}, {"k-changed", "changed"}, {"k-missing", "missing"}, {"k-extra", "extra"}}) + 14
	for _, t := range shown {
		c.label(left-10, y+12, "end", "", t.Table, left-20)
		equal := max(t.SourceRows-t.Missing-t.Changed, 0)
		total := equal + t.Changed + t.Missing + t.Extra
		switch {
		case t.Status == verify.StatusSkipped:
			c.rect(x0, y, width, bar, "k-none", t.Table+": data not compared")
			c.text(x0+width+6, y+12, "", "muted", "not compared")
		case total == 0:
			c.rect(x0, y, width, bar, "k-none", t.Table+": no rows on either side")
			c.text(x0+width+6, y+12, "", "muted", "no rows")
		default:
			segs := []struct {
				class, kind string
				n           int64
			}{{"k-changed", "changed", t.Changed}, {"k-missing", "missing", t.Missing}, {"k-extra", "extra", t.Extra}}
			// Differing segments first, each at least minSeg wide; equal
			// rows take what is left.
			widths := make([]float64, len(segs))
			used := 0.0
			for i, s := range segs {
				if s.n > 0 {
					widths[i] = max(float64(s.n)/float64(total)*width, minSeg)
					used += widths[i]
				}
			}
			eqW := max(width-used, 0)
			if equal == 0 {
				eqW = 0
				if used > 0 {
					for i := range widths {
						widths[i] *= width / used
					}
				}
			}
			x := x0
			if eqW > 0 {
				c.rect(x, y, eqW, bar, "k-equal", fmt.Sprintf("%s: %s equal rows", t.Table, Count(equal)))
				x += eqW
			}
			for i, s := range segs {
				if widths[i] > 0 {
					c.rect(x, y, widths[i], bar, s.class, fmt.Sprintf("%s: %s %s", t.Table, Count(s.n), s.kind))
					x += widths[i]
				}
			}
			label, class := "equal", "good"
			if d := t.Differing(); d > 0 {
				label, class = fmt.Sprintf("%s of %s rows differ", Count(d), Count(total)), "bad"
			}
			c.text(x0+width+6, y+12, "", class, label)
		}
		y += bar + 8
	}
	return c.finish(y)
}

func htmlCountDifferent(tables []*verify.TableResult) int {
	n := 0
	for _, t := range tables {
		if t.Status == verify.StatusDifferent {
			n++
		}
	}
	return n
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
	byRow := map[string]map[string]*bench.Cell{}
	var rows []*bench.Cell
	for _, c := range r.Cells {
		w := htmlWorkloadName(c)
		if cellsOf[w] == nil {
			workloads = append(workloads, w)
		}
		cellsOf[w] = append(cellsOf[w], c)
		if byRow[c.Row()] == nil {
			byRow[c.Row()] = map[string]*bench.Cell{}
			rows = append(rows, c)
		}
		byRow[c.Row()][c.Target] = c
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
	for _, first := range rows {
		row := htmlBenchRow{Workload: first.Scenario, Table: first.Table, Settings: first.Settings.String(), VsTarget: vsTarget[first.Row()]}
		for _, label := range labels {
			c := byRow[first.Row()][label]
			var cmp *bench.Comparison
			if c != nil {
				if x, ok := vsFirst[c.Target+" | "+htmlWorkloadName(c)+" | "+c.Settings.String()]; ok {
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

func htmlWorkloadName(c *bench.Cell) string {
	if c.Table != "" {
		return c.Scenario + " " + c.Table
	}
	return c.Scenario
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
		h.Summary = htmlStatsText(c.Stats)
		switch n := len(c.Stats.Outliers); n {
		case 0:
		case 1:
			h.Summary += " (1 outlier)"
		default:
			h.Summary += fmt.Sprintf(" (%d outliers)", n)
		}
		h.Counters = htmlCounters(c.Counters)
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

func htmlStatsText(s *stats.Summary) string {
	return fmt.Sprintf("%s ±%.1f%% n=%d", Duration(s.Median), s.CIPercent(), s.N)
}

// htmlCounters picks the counters that explain a timing: temporary tables
// on disk, sort merge passes, TempTable memory.
func htmlCounters(m map[string]int64) string {
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

func htmlBenchLegend(r *bench.Result) string {
	ci := "±: confidence interval of the median"
	for _, c := range r.Cells {
		if c.Stats != nil && c.Stats.N > 1 {
			ci = fmt.Sprintf("±: %.1f%% confidence interval of the median", c.Stats.CILevel*100)
			break
		}
	}
	return ci + "; vs first: against the workload's first settings on the same target; " +
		fmt.Sprintf("~: no significant difference (Mann-Whitney U, p ≥ %.2f); failed cells are not run again.", stats.Alpha)
}

// htmlBenchChart draws one workload: a group per settings point, a bar per
// target to the median with the median's confidence interval as a whisker.
// A failed cell is an empty dashed box followed by its error.
func htmlBenchChart(name string, targets []string, cells []*bench.Cell) *htmlChart {
	var points []string
	byPoint := map[string]map[string]*bench.Cell{}
	maxV := 0.0
	for _, c := range cells {
		p := c.Settings.String()
		if byPoint[p] == nil {
			byPoint[p] = map[string]*bench.Cell{}
			points = append(points, p)
		}
		byPoint[p][c.Target] = c
		if c.Stats != nil {
			maxV = max(maxV, c.Stats.Median, c.Stats.CIHigh)
		}
	}
	c := &htmlChart{Label: name + ": median seconds per settings point and target"}
	legend := make([]htmlLegendItem, len(targets))
	for i, t := range targets {
		legend[i] = htmlLegendItem{Class: htmlSeries(i), Text: t}
	}
	const left, right, bar, gap, line = 230.0, 210.0, 16.0, 3.0, 14.0
	x0, width := left, htmlChartWidth-left-right
	ticks, top := htmlTicks(maxV)
	scale := func(v float64) float64 { return v / top * width }

	y := c.legend(0, legend) + 14
	chartTop := y
	for _, p := range points {
		lines := strings.Fields(p)
		gh := max(float64(len(targets))*(bar+gap)-gap, float64(len(lines))*line)
		ly := y + gh/2 - float64(len(lines)-1)*line/2 + 4
		for i, l := range lines {
			c.label(left-10, ly+float64(i)*line, "end", "", l, left-20)
		}
		for i, t := range targets {
			by := y + float64(i)*(bar+gap)
			cell := byPoint[p][t]
			switch {
			case cell != nil && cell.Stats != nil:
				s := cell.Stats
				w := max(scale(s.Median), 1)
				title := fmt.Sprintf("%s · %s: median %s, n=%d", t, p, Duration(s.Median), s.N)
				if s.N > 1 {
					title += fmt.Sprintf(", %.1f%% CI %s – %s", s.CILevel*100, Duration(s.CILow), Duration(s.CIHigh))
				}
				if cell.Error != nil {
					title += "; then " + cell.Error.String()
				}
				c.rect(x0, by, w, bar, htmlSeries(i), title)
				end := x0 + w
				if s.CIHigh > s.CILow {
					lo, hi, mid := x0+scale(s.CILow), x0+scale(s.CIHigh), by+bar/2
					c.line(lo, mid, hi, mid, "whisker")
					c.line(lo, mid-4, lo, mid+4, "whisker")
					c.line(hi, mid-4, hi, mid+4, "whisker")
					end = max(end, hi)
				}
				label := t + " " + htmlStatsText(s)
				class := ""
				if cell.Error != nil {
					label += " · then failed"
					class = "bad"
				}
				c.label(end+6, by+12, "", class, label, htmlChartWidth-end-8)
			case cell != nil && cell.Error != nil:
				c.rect(x0, by+1, bar-2, bar-2, "failed", t+" · "+p+": "+cell.Error.String())
				c.line(x0, by+1, x0+bar-2, by+bar-1, "failed")
				c.line(x0, by+bar-1, x0+bar-2, by+1, "failed")
				c.label(x0+bar+4, by+12, "", "bad", t+" "+cell.Error.String(), htmlChartWidth-x0-bar-8)
			default:
				c.text(x0+4, by+12, "", "muted", t+" not run")
			}
		}
		y += gh + 12
	}
	c.axis(x0, width, top, ticks, chartTop-4, y-6, htmlDurationTick, "seconds: bar to the median, whisker over its confidence interval")
	return c
}

func htmlDurationTick(v float64) string {
	if v == 0 {
		return "0"
	}
	return Duration(v)
}

// ---- bench compare ----

type htmlCompare struct {
	Threshold, OldStarted, NewStarted, Summary string
	Regressions                                int
	Chart                                      *htmlChart
	Changes                                    []htmlChange
}

type htmlChange struct{ Key, Old, New, Change, Verdict, Class string }

// htmlVerdictOrder lists verdicts as the terminal does: regressions first.
var htmlVerdictOrder = []bench.Verdict{bench.Regression, bench.NowFailing, bench.Improvement, bench.Fixed,
	bench.StillFails, bench.Unchanged, bench.Added, bench.Removed}

func htmlCompareOf(d *bench.CompareDocument) *htmlCompare {
	h := &htmlCompare{Threshold: fmt.Sprintf("%g%%", d.ThresholdPercent), Regressions: d.Regressions}
	if !d.OldStarted.IsZero() {
		h.OldStarted = htmlTime(d.OldStarted)
	}
	if !d.NewStarted.IsZero() {
		h.NewStarted = htmlTime(d.NewStarted)
	}
	changes := htmlOrderChanges(d.Changes)
	regressions := 0
	for _, ch := range changes {
		if ch.Verdict.IsRegression() {
			regressions++
		}
		change := ""
		if ch.Compare != nil {
			change = ch.Compare.String()
		}
		h.Changes = append(h.Changes, htmlChange{Key: ch.Key, Old: htmlRecordCell(ch.Old), New: htmlRecordCell(ch.New), Change: change,
			Verdict: string(ch.Verdict), Class: htmlStatusClass(string(ch.Verdict))})
	}
	h.Summary = fmt.Sprintf("%d regression(s) beyond %g%% with p < %.2f (Mann-Whitney U)", regressions, d.ThresholdPercent, stats.Alpha)
	h.Chart = htmlCompareChart(changes, d.ThresholdPercent/100)
	return h
}

// htmlOrderChanges sorts changes by verdict, regressions first, keeping
// their order within a verdict; unknown verdicts come last.
func htmlOrderChanges(changes []bench.Change) []bench.Change {
	rank := func(v bench.Verdict) int {
		if i := slices.Index(htmlVerdictOrder, v); i >= 0 {
			return i
		}
		return len(htmlVerdictOrder)
	}
	out := slices.Clone(changes)
	slices.SortStableFunc(out, func(a, b bench.Change) int { return rank(a.Verdict) - rank(b.Verdict) })
	return out
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

// htmlCompareChart draws each change's ratio of medians (new/old) on a log
// scale around 1.0, with the threshold as a shaded band. A slower cell's
// bar goes right, a faster one's left.
func htmlCompareChart(changes []bench.Change, threshold float64) *htmlChart {
	if len(changes) == 0 {
		return nil
	}
	c := &htmlChart{Label: "ratio of medians, new over old, per cell"}
	span := math.Log(1.25)
	if threshold > 0 && threshold < 1 {
		span = max(span, 1.5*math.Log(1+threshold), -1.5*math.Log(1-threshold))
	}
	for _, ch := range changes {
		if ch.Compare != nil && ch.Compare.Ratio > 0 {
			span = max(span, math.Abs(math.Log(ch.Compare.Ratio))*1.05)
		}
	}
	const pad, right, bar, labelH = 10.0, 200.0, 16.0, 16.0
	width := htmlChartWidth - 2*pad - right
	center := pad + width/2
	x := func(ratio float64) float64 { return center + math.Log(ratio)/span*width/2 }

	y := c.legend(0, []htmlLegendItem{{"bad", "slower (regression)"}, {"good", "faster (improvement)"}, {"neutral", "within noise or threshold"}}) + 14
	top := y
	bottom := y + float64(len(changes))*(labelH+bar+10) - 4
	if threshold > 0 && threshold < 1 {
		lo, hi := x(1-threshold), x(1+threshold)
		c.rect(lo, top, hi-lo, bottom-top, "band", fmt.Sprintf("within ±%g%%: never a regression", threshold*100))
	}
	drawn := []float64{center} // tick positions, kept 40px apart
	for _, r := range []float64{0.9, 1.1, 0.8, 1.25, 0.5, 2, 0.25, 4, 0.1, 10, 0.01, 100, 0.67, 1.5, 0.2, 5, 0.05, 20, 0.02, 50} {
		tx := x(r)
		if math.Abs(math.Log(r)) > span || tx < pad+20 || tx > pad+width-20 ||
			slices.ContainsFunc(drawn, func(d float64) bool { return math.Abs(d-tx) < 40 }) {
			continue
		}
		drawn = append(drawn, tx)
		c.line(tx, top, tx, bottom, "grid")
		c.text(tx, bottom+14, "middle", "muted", strconv.FormatFloat(r, 'g', -1, 64)+"×")
	}
	for _, ch := range changes {
		c.label(pad, y+12, "", "", ch.Key, width)
		by := y + labelH
		cls := htmlStatusClass(string(ch.Verdict))
		if cls == "warn" {
			cls = "neutral"
		}
		switch {
		case ch.Compare != nil && ch.Compare.Ratio > 0:
			r := ch.Compare.Ratio
			x1, x2 := min(center, x(r)), max(center, x(r))
			c.rect(x1, by, max(x2-x1, 1), bar, cls, fmt.Sprintf("%s: %s, ratio %.3f, p=%.3g", ch.Key, ch.Verdict, r, ch.Compare.P))
			change := fmt.Sprintf("%+.1f%% (p=%.3f)", (r-1)*100, ch.Compare.P)
			if ch.Compare.P < 0.001 {
				change = fmt.Sprintf("%+.1f%% (p<0.001)", (r-1)*100)
			}
			c.text(pad+width+10, by+12, "", cls, string(ch.Verdict)+" "+change)
		default:
			c.text(center+6, by+12, "", "muted", "no timing on one side")
			c.text(pad+width+10, by+12, "", cls, string(ch.Verdict))
		}
		y = by + bar + 10
	}
	c.line(center, top-4, center, bottom, "one")
	c.text(center, bottom+14, "middle", "", "1×")
	c.text(center, bottom+30, "middle", "muted", "new median / old median (log scale); shaded: within the threshold")
	return c.finish(bottom + 38)
}

// ---- charts ----

const (
	htmlChartWidth   = 960.0
	htmlCharPx       = 6.8 // width of an average 12px character, to fit labels
	htmlMaxChartRows = 60  // tables drawn in one chart
)

// htmlChart is an SVG drawing: shapes in painting order.
type htmlChart struct {
	Label, Caption string
	Width, Height  float64
	Shapes         []htmlShape
}

// htmlShape is a rect (X, Y, W, H), a line (X, Y to X2, Y2) or a text at
// X, Y. Title becomes a tooltip.
type htmlShape struct {
	Kind                       string
	X, Y, W, H, X2, Y2         float64
	Class, Anchor, Text, Title string
}

type htmlLegendItem struct{ Class, Text string }

func (c *htmlChart) rect(x, y, w, h float64, class, title string) {
	c.Shapes = append(c.Shapes, htmlShape{Kind: "rect", X: x, Y: y, W: w, H: h, Class: class, Title: title})
}

func (c *htmlChart) line(x1, y1, x2, y2 float64, class string) {
	c.Shapes = append(c.Shapes, htmlShape{Kind: "line", X: x1, Y: y1, X2: x2, Y2: y2, Class: class})
}

func (c *htmlChart) text(x, y float64, anchor, class, s string) {
	c.Shapes = append(c.Shapes, htmlShape{Kind: "text", X: x, Y: y, Anchor: anchor, Class: class, Text: s})
}

// label is a text cut to fit maxPx, with the whole text as its tooltip
// when cut.
func (c *htmlChart) label(x, y float64, anchor, class, s string, maxPx float64) {
	fit := htmlFit(s, maxPx)
	c.text(x, y, anchor, class, fit)
	if fit != s {
		c.Shapes[len(c.Shapes)-1].Title = s
	}
}

// legend draws swatches and names in rows from y and returns the last
// row's bottom.
func (c *htmlChart) legend(y float64, items []htmlLegendItem) float64 {
	x := 0.0
	for _, it := range items {
		text := htmlFit(it.Text, htmlChartWidth/2)
		w := 17 + float64(utf8.RuneCountInString(text))*htmlCharPx + 18
		if x > 0 && x+w > htmlChartWidth {
			x, y = 0, y+18
		}
		c.rect(x, y+2, 12, 12, it.Class, "")
		c.label(x+17, y+12, "", "", it.Text, htmlChartWidth/2)
		x += w
	}
	return y + 16
}

// axis draws vertical grid lines at ticks from top to bottom, their labels
// below, and the axis title under them; it sets the chart's size.
func (c *htmlChart) axis(x0, width, max float64, ticks []float64, top, bottom float64, format func(float64) string, title string) {
	grid := make([]htmlShape, 0, len(ticks))
	for _, t := range ticks {
		x := x0 + t/max*width
		grid = append(grid, htmlShape{Kind: "line", X: x, Y: top, X2: x, Y2: bottom, Class: "grid"})
		c.text(x, bottom+14, "middle", "muted", format(t))
	}
	c.Shapes = append(grid, c.Shapes...) // under the bars
	c.line(x0, top, x0, bottom, "axis")
	c.text(x0+width/2, bottom+30, "middle", "muted", title)
	c.finish(bottom + 38)
}

func (c *htmlChart) finish(height float64) *htmlChart {
	c.Width, c.Height = htmlChartWidth, math.Ceil(height)
	return c
}

// htmlTicks returns round tick values from 0 covering max, and the last.
func htmlTicks(max float64) ([]float64, float64) {
	if !(max > 0) || math.IsInf(max, 0) {
		max = 1
	}
	raw := max / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * mag
	for _, m := range []float64{1, 2, 2.5, 5} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	n := int(math.Ceil(max/step - 1e-9))
	ticks := make([]float64, n+1)
	for i := range ticks {
		ticks[i] = float64(i) * step
	}
	return ticks, ticks[n]
}

func htmlTick(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }

// htmlFit cuts s to about maxPx of 12px text.
func htmlFit(s string, maxPx float64) string {
	n := int(maxPx / htmlCharPx)
	if n < 2 {
		n = 2
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// htmlSeries is the colour class of the i-th server or target.
func htmlSeries(i int) string { return "c" + strconv.Itoa(i%6) }

// htmlNum formats an SVG coordinate with one decimal at most.
func htmlNum(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}

// htmlPolicy forbids the page every fetch, script, frame and form: only its
// own style sheet applies, allowed by its hash. Should a value ever escape
// into markup, the browser would still run and load nothing.
var htmlPolicy = "default-src 'none'; style-src 'sha256-" + htmlHash(htmlCSS) + "'; base-uri 'none'; form-action 'none'"

func htmlHash(s template.CSS) string {
	sum := sha256.Sum256([]byte(s))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// htmlCSS is the page's style sheet: system fonts, a readable column on a
// laptop, tables that scroll sideways on narrow screens, and print rules
// that keep charts whole.
const htmlCSS template.CSS = `
:root{--fg:#1d2330;--muted:#5f6b7a;--line:#d8dde4;--head:#f4f6f8;--good:#1a7f37;--bad:#c62828;--warn:#946200;
--c0:#2f6db5;--c1:#e07b1a;--c2:#4f9a45;--c3:#8a56b8;--c4:#b8463f;--c5:#6b7480;
--k-equal:#9fd3ab;--k-missing:#c62828;--k-extra:#e3a008;--k-changed:#8a56b8}
*{box-sizing:border-box}
body{margin:0;color:var(--fg);background:#fff;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1100px;margin:0 auto;padding:24px 20px 48px}
h1{font-size:1.6em;margin:0 0 4px}
h2{font-size:1.25em;margin:32px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line)}
h3{font-size:1.05em;margin:20px 0 6px}
p{margin:6px 0}
.meta,.muted,figcaption,.note{color:var(--muted)}
.badge{display:inline-block;padding:0 8px;border:1px solid currentColor;border-radius:10px;font-size:.8em;font-weight:600;line-height:1.6;vertical-align:middle;white-space:nowrap}
.good{color:var(--good)}.bad{color:var(--bad)}.warn{color:var(--warn)}.neutral{color:var(--muted)}.sig{font-weight:600}
.badge.good{background:#e7f5ea}.badge.bad{background:#fdecea}.badge.warn{background:#fff5d9}.badge.neutral{background:#f1f3f5}
.k-missing{color:var(--k-missing)}.k-extra{color:#9a6700}.k-changed{color:var(--k-changed)}.k-other{color:var(--muted)}
.error{margin:10px 0;padding:8px 12px;border-left:4px solid var(--bad);background:#fdecea;white-space:pre-wrap;word-break:break-word}
.scroll{overflow-x:auto;margin:8px 0 16px}
table{width:100%;border-collapse:collapse;font-size:13px}
th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{background:var(--head);font-weight:600;white-space:nowrap}
.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
tfoot td{font-weight:600;border-top:2px solid var(--line)}
td .line{display:block}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:.92em}
code.v{padding:0 3px;border-radius:3px;background:var(--head);white-space:pre-wrap;word-break:break-all}
pre{margin:4px 0 8px;padding:6px 10px;background:var(--head);white-space:pre-wrap;word-break:break-word}
.null{color:var(--muted);font-style:italic}
.arrow{color:var(--muted);padding:0 4px}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:8px 0;font-size:13px}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0;word-break:break-word}
figure{margin:12px 0 20px;break-inside:avoid;page-break-inside:avoid}
figcaption{font-size:12px;margin-top:4px}
svg.chart{display:block;max-width:100%;height:auto}
svg text{font-size:12px;fill:var(--fg)}
svg text.muted{fill:var(--muted)}
svg text.good{fill:var(--good)}svg text.bad{fill:var(--bad)}svg text.neutral{fill:var(--muted)}
svg .grid{stroke:#e4e8ed;stroke-width:1}
svg .axis{stroke:#8a94a3;stroke-width:1}
svg .whisker{stroke:var(--fg);stroke-width:1.5}
svg .failed{fill:none;stroke:var(--bad);stroke-width:1.5;stroke-dasharray:3 2}
svg line.failed{stroke-dasharray:none;stroke-width:1}
svg .c0{fill:var(--c0)}svg .c1{fill:var(--c1)}svg .c2{fill:var(--c2)}svg .c3{fill:var(--c3)}svg .c4{fill:var(--c4)}svg .c5{fill:var(--c5)}
svg .k-equal{fill:var(--k-equal)}svg .k-missing{fill:var(--k-missing)}svg .k-extra{fill:var(--k-extra)}svg .k-changed{fill:var(--k-changed)}
svg .k-none{fill:none;stroke:var(--line);stroke-dasharray:4 3}
svg rect.good{fill:var(--good)}svg rect.bad{fill:var(--bad)}svg rect.neutral{fill:#9aa5b1}
svg .band{fill:#eef1f4}
svg .one{stroke:var(--fg);stroke-width:1.5}
footer{margin-top:40px;font-size:12px;color:var(--muted)}
@media (max-width:700px){main{padding:12px}dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:4px}}
@media print{
body{font-size:10pt}
main{max-width:none;padding:0}
.scroll{overflow:visible}
th,.badge,.error,code.v,pre{background:none!important}
figure,svg,tr{break-inside:avoid;page-break-inside:avoid}
h2,h3{break-after:avoid;page-break-after:avoid}
}
`

var htmlTemplate = template.Must(template.New("page").Funcs(template.FuncMap{"px": htmlNum}).Parse(htmlSource))

const htmlSource = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{.Policy}}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="parity {{.Version}}">
<title>parity {{.Command}}</title>
<style>{{.CSS}}</style>
</head>
<body>
<main>
<header>
<h1>parity {{.Command}} <span class="badge {{.StatusClass}}">{{.Status}}</span></h1>
<p class="meta">parity {{with .Version}}{{.}}{{else}}(unknown version){{end}}{{with .Started}} · started {{.}}{{end}}{{with .Duration}} · took {{.}}{{end}}</p>
{{- with .Error}}
<p class="error"><strong>error:</strong> {{.}}</p>
{{- end}}
{{- if .Servers}}
<div class="scroll"><table class="servers">
<thead><tr><th>role</th><th>server</th><th>endpoint</th></tr></thead>
<tbody>
{{- range .Servers}}
<tr><td><strong>{{.Role}}</strong></td><td>{{.Server}}{{with .Comment}} <span class="muted">{{.}}</span>{{end}}</td><td><code>{{.Endpoint}}</code></td></tr>
{{- end}}
</tbody></table></div>
{{- end}}
{{- if .Options}}
<h3>options</h3>
<dl class="facts options">
{{- range .Options}}
<dt>{{.Name}}</dt><dd>{{if .Value}}<code>{{.Value}}</code>{{else}}<span class="muted">—</span>{{end}}</dd>
{{- end}}
</dl>
{{- end}}
</header>
{{- with .Extract}}{{template "extract" .}}{{end}}
{{- with .Verify}}{{template "verify" .}}{{end}}
{{- with .Bench}}{{template "bench" .}}{{end}}
{{- with .Compare}}{{template "compare" .}}{{end}}
<footer>Written by parity {{.Version}}. Self-contained: no scripts, nothing fetched.</footer>
</main>
</body>
</html>
{{/* sub-templates */ -}}
{{define "chart"}}{{if .}}
<figure>
<svg class="chart" viewBox="0 0 {{px .Width}} {{px .Height}}" width="{{px .Width}}" height="{{px .Height}}" role="img" aria-label="{{.Label}}">
{{- range .Shapes}}
{{- if eq .Kind "rect"}}
<rect x="{{px .X}}" y="{{px .Y}}" width="{{px .W}}" height="{{px .H}}"{{with .Class}} class="{{.}}"{{end}}>{{with .Title}}<title>{{.}}</title>{{end}}</rect>
{{- else if eq .Kind "line"}}
<line x1="{{px .X}}" y1="{{px .Y}}" x2="{{px .X2}}" y2="{{px .Y2}}"{{with .Class}} class="{{.}}"{{end}}/>
{{- else}}
<text x="{{px .X}}" y="{{px .Y}}"{{with .Anchor}} text-anchor="{{.}}"{{end}}{{with .Class}} class="{{.}}"{{end}}>{{.Text}}{{with .Title}}<title>{{.}}</title>{{end}}</text>
{{- end}}
{{- end}}
</svg>
{{- with .Caption}}
<figcaption>{{.}}</figcaption>
{{- end}}
</figure>
{{- end}}{{end -}}

{{define "value"}}{{if .Null}}<span class="null">NULL</span>{{else if .Empty}}<span class="null">(empty)</span>{{else}}<code class="v">{{.Text}}</code>{{if .Truncated}}<span class="muted" title="value cut for display">…</span>{{end}}{{end}}{{end -}}

{{define "extract"}}
<section class="extract">
<h2>Throughput per table</h2>
{{- template "chart" .Chart}}
{{- range .Runs}}
<h3>{{.Role}}{{with .Server}} <span class="muted">· {{.}}</span>{{end}}</h3>
{{- if .Missing}}
<p class="bad">no result: the extraction did not finish</p>
{{- else}}
<p class="meta">{{.Summary}}</p>
<div class="scroll"><table>
<thead><tr><th>table</th><th class="num">rows</th><th class="num">MB</th><th class="num">seconds</th><th class="num">rows/s</th><th class="num">MB/s</th><th class="num">chunks</th><th>chunking</th>{{if .HasFiles}}<th>file</th>{{end}}</tr></thead>
<tbody>
{{- $files := .HasFiles}}
{{- range .Tables}}
<tr><td>{{.Table}}</td><td class="num">{{.Rows}}</td><td class="num">{{.MB}}</td><td class="num">{{.Seconds}}</td><td class="num">{{.RowsPerSec}}</td><td class="num">{{.MBPerSec}}</td><td class="num">{{.Chunks}}</td><td>{{.Chunking}}</td>{{if $files}}<td><code>{{.File}}</code></td>{{end}}</tr>
{{- end}}
</tbody>
{{- with .Total}}
<tfoot><tr><td>{{.Table}}</td><td class="num">{{.Rows}}</td><td class="num">{{.MB}}</td><td class="num">{{.Seconds}}</td><td class="num">{{.RowsPerSec}}</td><td class="num">{{.MBPerSec}}</td><td class="num">{{.Chunks}}</td><td></td>{{if $files}}<td></td>{{end}}</tr></tfoot>
{{- end}}
</table></div>
{{- end}}
{{- end}}
</section>
{{end -}}

{{define "verify"}}
<section class="verify">
<h2>Summary</h2>
{{- if .Reverified}}
<p class="note">Showing the check after --apply-fix: {{.FirstPass}}.</p>
{{- end}}
<dl class="facts">
<dt>source</dt><dd>{{.Source}}</dd>
<dt>target</dt><dd>{{.Target}}</dd>
{{- range .Facts}}
<dt>{{.Name}}</dt><dd>{{.Value}}</dd>
{{- end}}
</dl>
{{- range .Notes}}
<p class="note">note: {{.}}</p>
{{- end}}
{{- if .Findings}}
<h2>Schema findings</h2>
<div class="scroll"><table>
<thead><tr><th>severity</th><th>table</th><th>kind</th><th>column</th><th>message</th></tr></thead>
<tbody>
{{- range .Findings}}
<tr><td><span class="badge {{.Class}}">{{.Severity}}</span></td><td>{{.Table}}</td><td>{{.Kind}}</td><td>{{.Column}}</td><td>{{.Message}}</td></tr>
{{- end}}
</tbody></table></div>
{{- end}}
{{- if .Tables}}
<h2>Tables</h2>
{{- template "chart" .Chart}}
<div class="scroll"><table>
<thead><tr><th>table</th><th class="num">source rows</th><th class="num">target rows</th><th class="num">chunks</th><th class="num">missing</th><th class="num">extra</th><th class="num">changed</th><th class="num">seconds</th><th>status</th><th>how</th></tr></thead>
<tbody>
{{- range .Tables}}
<tr><td>{{.Table}}</td><td class="num">{{.SourceRows}}</td><td class="num">{{.TargetRows}}</td><td class="num">{{.Chunks}}</td><td class="num">{{.Missing}}</td><td class="num">{{.Extra}}</td><td class="num">{{.Changed}}</td><td class="num">{{.Seconds}}</td><td><span class="badge {{.StatusClass}}">{{.Status}}</span></td><td>{{.How}}</td></tr>
{{- end}}
</tbody>
{{- with .Total}}
<tfoot><tr><td>{{.Table}}</td><td class="num">{{.SourceRows}}</td><td class="num">{{.TargetRows}}</td><td class="num">{{.Chunks}}</td><td class="num">{{.Missing}}</td><td class="num">{{.Extra}}</td><td class="num">{{.Changed}}</td><td class="num">{{.Seconds}}</td><td><span class="badge {{.StatusClass}}">{{.Status}}</span></td><td></td></tr></tfoot>
{{- end}}
</table></div>
{{- end}}
{{- if .Diffs}}
<h2>Row differences</h2>
<p>{{.Differing}} differing rows{{if .Omitted}}; {{.Listed}} listed here, {{.Omitted}} more not kept (--max-diffs){{end}}. Missing: on the source only; extra: on the target only; changed: values differ (source → target).</p>
<div class="scroll"><table class="diffs">
<thead><tr><th>kind</th><th>table</th><th>row</th><th>differences</th></tr></thead>
<tbody>
{{- range .Diffs}}
{{- if .Note}}
<tr><td></td><td>{{.Table}}</td><td colspan="2" class="muted">{{.Note}}</td></tr>
{{- else}}
<tr><td><span class="badge {{.KindClass}}">{{.Kind}}</span></td><td>{{.Table}}</td><td>
{{- if .Key}}{{range $i, $kv := .Key}}{{if $i}}, {{end}}{{$kv.Name}}={{template "value" $kv.Value}}{{end}}
{{- else}}<span class="muted">no key</span>{{with .Count}} {{.}}{{end}}{{end}}</td><td>
{{- range .Columns}}<span class="line">{{.Column}}: {{template "value" .Source}}<span class="arrow">→</span>{{template "value" .Target}}</span>{{end}}
{{- range .Row}}<span class="line">{{.Name}} = {{template "value" .Value}}</span>{{end}}
{{- if and (not .Columns) (not .Row)}}<span class="muted">{{if eq .Kind "missing"}}only on the source{{else if eq .Kind "extra"}}only on the target{{end}}</span>{{end}}</td></tr>
{{- end}}
{{- end}}
</tbody></table></div>
{{- end}}
</section>
{{end -}}

{{define "bench"}}
<section class="bench">
<h2>Timings per workload</h2>
<p class="meta">{{.Legend}}</p>
{{- range .Workloads}}
<h3>{{.Scenario}}{{with .Table}} <span class="muted">· {{.}}</span>{{end}}</h3>
{{- with .Query}}
<pre><code>{{.}}</code></pre>
{{- end}}
{{- template "chart" .Chart}}
{{- end}}
<h2>Grid</h2>
<div class="scroll"><table class="grid">
<thead><tr><th>workload</th><th>settings</th>{{range .Targets}}<th>{{.Header}}</th>{{end}}{{with .VsFirst}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>
{{- $vs := .VsFirst}}
{{- range .Rows}}
<tr><td>{{.Workload}}{{with .Table}}<span class="line muted">{{.}}</span>{{end}}</td><td>{{.Settings}}</td>
{{- range .Cells}}<td>
{{- if .NotRun}}<span class="muted">not run</span>{{end}}
{{- with .Error}}<span class="line bad">{{.}}</span>{{end}}
{{- with .Summary}}<span class="line">{{.}}</span>{{end}}
{{- with .Counters}}<span class="line muted">{{.}}</span>{{end}}
{{- with .VsFirst}}<span class="line">{{.}}</span>{{end}}
{{- with .Then}}<span class="line bad">{{.}}</span>{{end}}
{{- range .Notes}}<span class="line muted">({{.}})</span>{{end}}</td>
{{- end}}
{{- if $vs}}<td>{{range .VsTarget}}<span class="line">{{.}}</span>{{end}}</td>{{end}}</tr>
{{- end}}
</tbody></table></div>
{{- if .Comparisons}}
<h2>Comparisons</h2>
<div class="scroll"><table>
<thead><tr><th>kind</th><th>target</th><th>row</th><th>base</th><th>other</th><th class="num">ratio</th><th>change</th></tr></thead>
<tbody>
{{- range .Comparisons}}
<tr><td>{{.Kind}}</td><td>{{.Target}}</td><td>{{.Row}}</td><td>{{.Base}}</td><td>{{.Other}}</td><td class="num">{{.Ratio}}</td><td class="{{.Class}}">{{.Result}}</td></tr>
{{- end}}
</tbody></table></div>
{{- end}}
<h2>Targets</h2>
<div class="scroll"><table>
<thead><tr><th>target</th><th>server</th><th>endpoint</th><th>variables set</th></tr></thead>
<tbody>
{{- range .Targets}}
<tr><td>{{.Label}}</td><td>{{.Server}}</td><td><code>{{.Endpoint}}</code></td><td>{{.Variables}}</td></tr>
{{- end}}
</tbody></table></div>
{{- range .Restored}}
<p class="note">{{.}}</p>
{{- end}}
</section>
{{end -}}

{{define "compare"}}
<section class="compare">
<h2>Changes</h2>
<p><span class="{{if .Regressions}}bad{{else}}good{{end}}">{{.Summary}}</span>.</p>
<p class="meta">baseline run started {{with .OldStarted}}{{.}}{{else}}at an unknown time{{end}}; new run started {{with .NewStarted}}{{.}}{{else}}at an unknown time{{end}}; threshold {{.Threshold}}</p>
{{- template "chart" .Chart}}
<div class="scroll"><table>
<thead><tr><th>cell</th><th>old</th><th>new</th><th>change</th><th>verdict</th></tr></thead>
<tbody>
{{- range .Changes}}
<tr><td>{{.Key}}</td><td>{{.Old}}</td><td>{{.New}}</td><td class="{{.Class}}">{{.Change}}</td><td><span class="badge {{.Class}}">{{.Verdict}}</span></td></tr>
{{- end}}
</tbody></table></div>
</section>
{{end -}}
`
