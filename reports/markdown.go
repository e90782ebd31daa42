package reports

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/parity-db/parity/bench"
	"github.com/parity-db/parity/extract"
	"github.com/parity-db/parity/result"
	"github.com/parity-db/parity/stats"
	"github.com/parity-db/parity/verify"
)

// Markdown renders a report as GitHub-flavoured Markdown, to paste into a
// pull request or a migration ticket: a heading with the command and its
// outcome, the servers, then the command's tables.
//
//	## parity verify: different
//
//	version `dev` · started 2026-11-22T00:49:26Z · took 67.6ms
//
//	- **source**: mariadb 10.11.14-MariaDB-0+deb12u2 at `parity@127.0.0.1:23306/shop`
//	- **target**: mysql 9.7.4-2 at `parity@127.0.0.1:23307/shop`
//
//	| Table | Source rows | Target rows | Chunks | Missing | Extra | Changed | Seconds | Status | How |
//	|---|--:|--:|--:|--:|--:|--:|--:|---|---|
//	| `shop.customers` | 20,000 | 19,999 | 1 | 1 | 0 | 1 | 0.07 | different | stream |
//
// Names and values come from the databases and may hold anything: they are
// escaped so that they neither break a table nor turn into markup.
type Markdown struct{}

// mdListedDiffs is how many row differences a verify report lists.
const mdListedDiffs = 50

// Render writes r as Markdown. A combined report gets a level-one heading
// and a list of its sections, then each section as a report of its own.
func (Markdown) Render(w io.Writer, r *Report) error {
	var b bytes.Buffer
	if r.Command == CommandCombined {
		mdCombined(&b, r)
	} else {
		mdReport(&b, r)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// mdReport writes the report of one result.
func mdReport(b *bytes.Buffer, r *Report) {
	mdHeader(b, r)
	switch {
	case r.Extract != nil:
		mdExtract(b, r.Extract)
	case r.Verify != nil:
		mdVerify(b, r.Verify)
	case r.Bench != nil:
		mdBench(b, r.Bench)
	case r.Compare != nil:
		mdCompare(b, r.Compare)
	case r.ExtractCompare != nil:
		mdExtractCompare(b, r.ExtractCompare)
	case r.Replay != nil:
		mdReplay(b, r.Replay)
	}
}

// mdCombined writes a combined report: its title and status, a table of
// the sections, then the sections.
//
//	# Rehearsal 2026-11-22: different
//
//	| # | Section | Status |
//	|--:|---|---|
//	| 1 | parity extract · `extract.json` | ok |
func mdCombined(b *bytes.Buffer, r *Report) {
	title := r.Title
	if title == "" {
		title = "parity combined report"
	}
	fmt.Fprintf(b, "# %s: %s\n\n", mdText(title), mdText(r.Status))
	facts := []string{fmt.Sprintf("%d sections", len(r.Sections))}
	if r.Version != "" {
		facts = append(facts, "parity "+mdCode(r.Version))
	}
	if !r.Started.IsZero() {
		facts = append(facts, "first started "+r.Started.UTC().Format(time.RFC3339))
	}
	b.WriteString(strings.Join(facts, " · ") + "\n\n")
	t := mdTable{header: []string{"#", "Section", "Status"}, align: "rll"}
	for i, s := range r.Sections {
		name := mdCell(sectionTitle(s))
		if s.Source != "" {
			name += " · " + mdCellCode(s.Source)
		}
		status := mdCell(s.Status)
		if statusRank(s.Status) > 1 {
			status = "**" + status + "**"
		}
		t.add(strconv.Itoa(i+1), name, status)
	}
	t.write(b)
	for _, s := range r.Sections {
		mdReport(b, s)
	}
}

// sectionTitle is a report's heading: its --title, or "parity COMMAND".
func sectionTitle(r *Report) string {
	if r.Title != "" {
		return r.Title
	}
	return "parity " + r.Command
}

// mdHeader writes the heading, when and how long, the servers and the error.
func mdHeader(b *bytes.Buffer, r *Report) {
	fmt.Fprintf(b, "## %s: %s\n\n", mdText(sectionTitle(r)), mdText(r.Status))
	var facts []string
	if r.Title != "" {
		facts = append(facts, "parity "+mdText(r.Command))
	}
	if r.Source != "" {
		facts = append(facts, "from "+mdCode(r.Source))
	}
	if r.Version != "" {
		facts = append(facts, "version "+mdCode(r.Version))
	}
	if !r.Started.IsZero() {
		facts = append(facts, "started "+r.Started.UTC().Format(time.RFC3339))
	}
	if r.Seconds > 0 {
		facts = append(facts, "took "+Duration(r.Seconds))
	}
	if len(facts) > 0 {
		b.WriteString(strings.Join(facts, " · ") + "\n\n")
	}
	for _, s := range r.Servers {
		fmt.Fprintf(b, "- **%s**: %s %s at %s\n", mdText(s.Role), mdText(string(s.Server.Flavor)),
			mdText(s.Server.Version), mdCode(s.Server.Endpoint))
	}
	if len(r.Servers) > 0 {
		b.WriteString("\n")
	}
	if r.Error != "" {
		fmt.Fprintf(b, "**Error:** %s\n\n", mdText(r.Error))
	}
}

// mdExtract writes a table per run and, for a source and a target run, a
// comparison of their times.
func mdExtract(b *bytes.Buffer, runs []*result.ExtractRun) {
	var done []*result.ExtractRun
	for _, run := range runs {
		if run.Result == nil {
			continue
		}
		done = append(done, run)
		res := run.Result
		fmt.Fprintf(b, "### %s\n\n", mdText(run.Role))
		fmt.Fprintf(b, "%d workers · consistency: %s\n\n", res.Workers, mdText(res.Consistency))
		t := mdTable{header: []string{"Table", "Rows", "MB", "Seconds", "Rows/s", "MB/s", "Chunks", "Chunking"}, align: "lrrrrrrl"}
		for _, tr := range res.Tables {
			chunking := extractChunking(&tr)
			t.add(mdCellCode(tr.Schema+"."+tr.Name), Count(tr.Rows), MB(tr.Bytes), Seconds(tr.Seconds),
				Rate(tr.RowsPerSec), fmt.Sprintf("%.1f", tr.MBPerSec), strconv.Itoa(len(tr.Chunks)), mdCell(chunking))
		}
		t.add(fmt.Sprintf("**%d tables**", len(res.Tables)), Count(res.Rows), MB(res.Bytes), Seconds(res.Seconds),
			Rate(res.RowsPerSec()), fmt.Sprintf("%.1f", res.MBPerSec()), strconv.Itoa(res.ChunkCount()), "")
		t.write(b)
	}
	if len(done) == 2 {
		mdExtractComparison(b, done[0], done[1])
	}
}

// mdExtractComparison puts two runs' times side by side, table by table,
// with the second run's time as a multiple of the first's.
func mdExtractComparison(b *bytes.Buffer, base, other *result.ExtractRun) {
	bn, on := mdText(base.Role), mdText(other.Role)
	fmt.Fprintf(b, "### %s vs %s\n\n", bn, on)
	t := mdTable{header: []string{"Table", bn + " seconds", on + " seconds", bn + " MB/s", on + " MB/s", on + "/" + bn + " time"},
		align: "lrrrrr"}
	type side struct{ a, b *extract.TableResult }
	var names []string
	pairs := map[string]*side{}
	for i := range base.Tables {
		tr := &base.Tables[i]
		name := tr.Schema + "." + tr.Name
		names = append(names, name)
		pairs[name] = &side{a: tr}
	}
	for i := range other.Tables {
		tr := &other.Tables[i]
		name := tr.Schema + "." + tr.Name
		if pairs[name] == nil {
			names = append(names, name)
			pairs[name] = &side{}
		}
		pairs[name].b = tr
	}
	for _, name := range names {
		p := pairs[name]
		row := []string{mdCellCode(name), "", "", "", "", ""}
		if p.a != nil {
			row[1], row[3] = Seconds(p.a.Seconds), fmt.Sprintf("%.1f", p.a.MBPerSec)
		}
		if p.b != nil {
			row[2], row[4] = Seconds(p.b.Seconds), fmt.Sprintf("%.1f", p.b.MBPerSec)
		}
		if p.a != nil && p.b != nil {
			row[5] = Times(stats.Ratio(p.b.Seconds, p.a.Seconds))
		}
		t.add(row...)
	}
	t.add("**all tables**", Seconds(base.Seconds), Seconds(other.Seconds), fmt.Sprintf("%.1f", base.MBPerSec()),
		fmt.Sprintf("%.1f", other.MBPerSec()), Times(stats.Ratio(other.Seconds, base.Seconds)))
	t.write(b)
}

// mdVerify writes the counts, the schema findings, a row per table pair and
// the first differing rows. After --apply-fix it shows the state the second
// verification found, as the terminal does.
func mdVerify(b *bytes.Buffer, d *result.Verify) {
	res := d.Result
	if res == nil {
		return
	}
	final := d.Final()
	sum := final.Totals()
	differences := final.SchemaDifferences()
	mode := ""
	if final.Options.Mode != "" {
		mode = " (mode " + mdText(final.Options.Mode) + ")"
	}
	fmt.Fprintf(b, "**%d tables** compared%s · **%s differing rows**: %s missing, %s extra, %s changed · "+
		"%d schema findings: %d differences, %d notices\n\n",
		sum.Tables, mode, Count(final.RowDiffs), Count(sum.Missing), Count(sum.Extra), Count(sum.Changed),
		len(final.Schema), differences, len(final.Schema)-differences)
	if d.FixSQL != "" {
		fmt.Fprintf(b, "Fix SQL written to %s.\n\n", mdCode(d.FixSQL))
	}
	if d.Reverify != nil {
		fmt.Fprintf(b, "Verified again after applying %d fix statements (--apply-fix): %s. Before the fix: %s, %s differing rows.\n\n",
			d.Applied, mdText(final.Status), mdText(res.Status), Count(res.RowDiffs))
	}
	for _, n := range final.Notes {
		fmt.Fprintf(b, "- note: %s\n", mdText(n))
	}
	if final.PausedSecs > 0 {
		fmt.Fprintf(b, "- paused %s s for --max-lag / --max-threads-running\n", Seconds(final.PausedSecs))
	}
	if len(final.Notes) > 0 || final.PausedSecs > 0 {
		b.WriteString("\n")
	}

	if len(final.Schema) > 0 {
		b.WriteString("### Schema findings\n\n")
		t := mdTable{header: []string{"Severity", "Table", "Message"}, align: "lll"}
		for _, f := range final.Schema {
			severity := mdCell(string(f.Severity))
			if f.Severity == verify.Difference {
				severity = "**" + severity + "**"
			}
			t.add(severity, mdCellCode(f.Table), mdCell(f.Message))
		}
		t.write(b)
	}

	b.WriteString("### Tables\n\n")
	t := mdTable{header: []string{"Table", "Source rows", "Target rows", "Chunks", "Missing", "Extra", "Changed", "Seconds", "Status", "How"},
		align: "lrrrrrrrll"}
	for _, tr := range final.Tables {
		name := mdCellCode(tr.Table)
		if tr.Target != tr.Table {
			name += " → " + mdCellCode(tr.Target)
		}
		status := mdCell(tr.Status)
		if tr.Status != verify.StatusEqual {
			status = "**" + status + "**"
		}
		t.add(name, Count(tr.SourceRows), Count(tr.TargetRows), strconv.Itoa(tr.Chunks), Count(tr.Missing),
			Count(tr.Extra), Count(tr.Changed), Seconds(tr.Seconds), status, mdCell(how(tr)))
	}
	t.add(fmt.Sprintf("**%d tables**", sum.Tables), Count(sum.SourceRows), Count(sum.TargetRows), strconv.Itoa(sum.Chunks),
		Count(sum.Missing), Count(sum.Extra), Count(sum.Changed), Seconds(final.Seconds), "**"+mdCell(final.Status)+"**", "")
	t.write(b)
	mdDiffs(b, final)
}

// mdDiffs lists the first mdListedDiffs differing rows, one bullet each:
//
//   - **changed** `shop.customers` `id=77: prefs "en" → "de"`
func mdDiffs(b *bytes.Buffer, r *verify.Result) {
	if r.RowDiffs == 0 {
		return
	}
	fmt.Fprintf(b, "### Differences\n\n%s differing rows", Count(r.RowDiffs))
	if r.Kept < r.RowDiffs {
		fmt.Fprintf(b, " (%s listed in the JSON report, --max-diffs)", Count(r.Kept))
	}
	b.WriteString(":\n\n")
	shown := 0
	for _, tr := range r.Tables {
		for _, d := range tr.Diffs {
			if shown == mdListedDiffs {
				fmt.Fprintf(b, "- … %s more in the JSON report\n\n", Count(r.Kept-int64(shown)))
				return
			}
			shown++
			fmt.Fprintf(b, "- **%s** %s %s\n", mdText(d.Kind), mdCode(tr.Table), mdCode(describeDiff(d)))
		}
	}
	b.WriteString("\n")
}

// mdBench writes the grid, one column per target, then the comparisons the
// run made: each target against the first, each settings point against the
// workload's first.
func mdBench(b *bytes.Buffer, r *bench.Result) {
	header := []string{"Workload", "Settings"}
	align := "ll"
	for _, t := range r.Targets {
		header = append(header, mdCell(fmt.Sprintf("%s · %s %d.%d", t.Label, t.Server.Flavor, t.Server.Major, t.Server.Minor)))
		align += "l"
	}
	grid := mdTable{header: header, align: align}
	for _, row := range r.Rows() {
		line := []string{mdCellCode(row.First.Workload()), mdCellCode(row.First.Settings.String())}
		for _, c := range row.Cells {
			line = append(line, mdBenchCell(c))
		}
		grid.add(line...)
	}
	b.WriteString("### Grid\n\n")
	grid.write(b)
	b.WriteString(mdText(mdBenchLegend(r)) + "\n\n")
	for _, rs := range r.Restored {
		fmt.Fprintf(b, "- %s: restored GLOBAL %s\n", mdText(rs.Target), mdCode(rs.Name+" = "+rs.Value))
	}
	if len(r.Restored) > 0 {
		b.WriteString("\n")
	}
	if len(r.Comparisons) == 0 {
		return
	}
	b.WriteString("### Comparisons\n\n")
	t := mdTable{header: []string{"Kind", "Row", "Base → other", "Change"}, align: "llll"}
	for _, cmp := range r.Comparisons {
		row := mdCellCode(cmp.Row)
		if cmp.Kind == "settings" {
			row += " on " + mdCell(cmp.Target)
		}
		t.add(mdCell(cmp.Kind), row, mdCellCode(cmp.Base)+" → "+mdCellCode(cmp.Other), mdCell(cmp.Comparison.String()))
	}
	t.write(b)
}

// mdBenchCell renders one grid cell: the median with its confidence
// interval, the counters that tell a spill from a clean run, and the error
// in full (a Markdown table wraps long text itself, where the terminal grid
// wraps and truncates). Notes are sorted so the output is deterministic.
func mdBenchCell(c *bench.Cell) string {
	if c == nil {
		return ""
	}
	var lines []string
	if s := c.Stats; s != nil {
		lines = append(lines, mdCell(statsText(s)+outliersNote(len(s.Outliers))))
		if counters := keyCounters(c.Counters); counters != "" {
			lines = append(lines, mdCell(counters))
		}
	}
	switch {
	case c.Error != nil && c.Stats != nil:
		lines = append(lines, "then "+mdCell(c.Error.String()))
	case c.Error != nil:
		lines = append(lines, mdCell(c.Error.String()))
	case c.Stats == nil:
		lines = append(lines, "not run")
	}
	names := make([]string, 0, len(c.Effective))
	for name := range c.Effective {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		lines = append(lines, "(server used "+mdCellCode(name+"="+c.Effective[name])+")")
	}
	if len(c.Unsupported) > 0 {
		na := make([]string, len(c.Unsupported))
		for i, v := range c.Unsupported {
			na[i] = mdCellCode(v)
		}
		lines = append(lines, "("+strings.Join(na, ", ")+" n/a)")
	}
	return strings.Join(lines, "<br>")
}

// mdBenchLegend explains the notation once, below the grid.
func mdBenchLegend(r *bench.Result) string {
	return ciLegend(r) + "; n: measured runs; ~: no significant difference (Mann-Whitney U, p ≥ 0.05); failed cells are not run again."
}

// mdCompare writes the changes between two bench runs, regressions first,
// and how many regressions there are.
func mdCompare(b *bytes.Buffer, d *result.BenchCompare) {
	var facts []string
	if !d.OldStarted.IsZero() {
		facts = append(facts, "baseline started "+d.OldStarted.UTC().Format(time.RFC3339))
	}
	if !d.NewStarted.IsZero() {
		facts = append(facts, "new run started "+d.NewStarted.UTC().Format(time.RFC3339))
	}
	facts = append(facts, "threshold "+Percent(d.Threshold))
	b.WriteString(strings.Join(facts, " · ") + "\n\n")

	changes := orderChanges(d.Changes)
	t := mdTable{header: []string{"Cell", "Old", "New", "Change", "Verdict"}, align: "lrrrl"}
	for _, ch := range changes {
		change := ""
		if ch.Compare != nil {
			change = ch.Compare.String()
		}
		verdict := mdCell(string(ch.Verdict))
		if ch.IsRegression() {
			verdict = "**" + verdict + "**"
		}
		t.add(mdCellCode(ch.Key), mdCell(recordCell(ch.Old)), mdCell(recordCell(ch.New)), mdCell(change), verdict)
	}
	t.write(b)
	fmt.Fprintf(b, "**%d regression(s)** %s (Mann-Whitney U)\n", bench.Regressions(changes), regressionRule(d.Threshold))
}

// mdExtractCompare writes a table per pair of runs, then the notes and how
// many tables regressed.
func mdExtractCompare(b *bytes.Buffer, c *result.ExtractComparison) {
	var facts []string
	if !c.OldStarted.IsZero() {
		facts = append(facts, "old result started "+c.OldStarted.UTC().Format(time.RFC3339))
	}
	if !c.NewStarted.IsZero() {
		facts = append(facts, "new result started "+c.NewStarted.UTC().Format(time.RFC3339))
	}
	facts = append(facts, "threshold "+Percent(c.Threshold))
	b.WriteString(strings.Join(facts, " · ") + "\n\n")
	for _, d := range c.Runs {
		fmt.Fprintf(b, "### %s\n\n", mdText(d.Label()))
		if d.OldServer == d.NewServer {
			fmt.Fprintf(b, "%s at %s, both runs\n\n", mdText(string(d.OldServer.Flavor)+" "+d.OldServer.Version), mdCode(d.OldServer.Endpoint))
		} else {
			fmt.Fprintf(b, "old: %s at %s · new: %s at %s\n\n", mdText(string(d.OldServer.Flavor)+" "+d.OldServer.Version),
				mdCode(d.OldServer.Endpoint), mdText(string(d.NewServer.Flavor)+" "+d.NewServer.Version), mdCode(d.NewServer.Endpoint))
		}
		if d.Note != "" {
			fmt.Fprintf(b, "%s\n\n", mdText(d.Note))
			continue
		}
		t := mdTable{header: []string{"Table", "Rows", "Old s", "New s", "New/old", "Old MB/s", "New MB/s", "Change", "Verdict"},
			align: "lrrrrrrrl"}
		for _, ch := range d.Tables {
			cells := extractChangeCells(ch)
			for i := range cells {
				cells[i] = mdCell(cells[i])
			}
			cells[0] = mdCellCode(ch.Table)
			if ch.Verdict == stats.Regression {
				cells[8] = "**" + cells[8] + "**"
			}
			t.add(cells...)
		}
		total := extractChangeCells(d.Total)
		for i := range total {
			total[i] = mdCell(total[i])
		}
		total[0] = "**" + total[0] + "**"
		total[8] = fmt.Sprintf("%d regression(s)", d.Regressions)
		t.add(total...)
		t.write(b)
	}
	for _, n := range c.Notes {
		fmt.Fprintf(b, "- note: %s\n", mdText(n))
	}
	if len(c.Notes) > 0 {
		b.WriteString("\n")
	}
	fmt.Fprintf(b, "**%s**; %s.\n", mdText(extractRegressions(c)), mdText(extractChangeLegend()))
}

// mdTable is a GitHub-flavoured Markdown table. Its cells are Markdown
// already: escape values with mdCell or mdCellCode before adding them.
type mdTable struct {
	header []string
	align  string // a letter per column: l (left) or r (right)
	rows   [][]string
}

func (t *mdTable) add(cells ...string) { t.rows = append(t.rows, cells) }

func (t *mdTable) write(b *bytes.Buffer) {
	mdRow(b, t.header)
	rule := make([]string, len(t.header))
	for i := range rule {
		rule[i] = "---"
		if i < len(t.align) && t.align[i] == 'r' {
			rule[i] = "--:"
		}
	}
	mdRow(b, rule)
	for _, r := range t.rows {
		mdRow(b, r)
	}
	b.WriteString("\n")
}

func mdRow(b *bytes.Buffer, cells []string) {
	b.WriteString("|")
	for _, c := range cells {
		b.WriteString(" " + c + " |")
	}
	b.WriteString("\n")
}

// mdSpecial are the characters that could start markup in inline text:
// emphasis, code, links, HTML, strikethrough, math, entities, table cells.
const mdSpecial = "\\`*_[]<>|~$&"

// mdText escapes s for inline Markdown outside tables: markup characters
// get a backslash and line breaks become spaces, so that a value cannot
// start a new block.
func mdText(s string) string {
	return strings.Join(mdLines(s), " ")
}

// mdCell escapes s for a table cell; its line breaks become <br>.
func mdCell(s string) string {
	return strings.Join(mdLines(s), "<br>")
}

// mdLines splits s into lines and escapes each.
func mdLines(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	lines := strings.Split(s, "\n")
	for i, line := range lines {
		var b strings.Builder
		rs := []rune(line)
		for j, r := range rs {
			// An underscore inside a word cannot emphasize: latin1_swedish_ci
			// stays readable.
			inWord := r == '_' && j > 0 && j < len(rs)-1 && mdWordRune(rs[j-1]) && mdWordRune(rs[j+1])
			if r < 0x80 && strings.ContainsRune(mdSpecial, r) && !inWord {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		}
		lines[i] = b.String()
	}
	return lines
}

func mdWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// mdCode renders s as a code span, whose content Markdown shows as is. The
// fence is one backtick longer than the longest run of backticks in s, and
// line breaks become spaces (a code span is one line).
//
//	a`b → ``a`b``
func mdCode(s string) string {
	if s == "" {
		return ""
	}
	s = strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ").Replace(s)
	fence := strings.Repeat("`", mdBackticks(s)+1)
	// A space on each side keeps a backtick at either end off the fence;
	// Markdown strips one space from each side of the content.
	if s[0] == '`' || s[len(s)-1] == '`' || (s[0] == ' ' && s[len(s)-1] == ' ') {
		s = " " + s + " "
	}
	return fence + s + fence
}

// mdBlock renders s as a fenced code block in language lang, whose lines
// Markdown shows as they are, markup and all. The fence is longer than
// the longest run of backticks in s, so no line of s can close it.
//
//	```sql
//	SELECT `id` FROM t
//	```
func mdBlock(lang, s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.TrimRight(s, "\n")
	fence := strings.Repeat("`", max(3, mdBackticks(s)+1))
	return fence + lang + "\n" + s + "\n" + fence + "\n\n"
}

// mdBackticks is the longest run of backticks in s.
func mdBackticks(s string) int {
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return longest
}

// mdCellCode renders s as a code span in a table cell: a table splits its
// rows at pipes even inside code spans, so they are escaped as \|.
func mdCellCode(s string) string {
	return strings.ReplaceAll(mdCode(s), "|", `\|`)
}
