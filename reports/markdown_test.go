package reports

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parity-db/parity/bench"
	"github.com/parity-db/parity/checksum"
	"github.com/parity-db/parity/result"
	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/stats"
	"github.com/parity-db/parity/verify"
)

func TestMarkdownGolden(t *testing.T) {
	wants := map[string][]string{
		"extract": {"## parity extract: ok", "### source", "### target", "### source vs target", "`shop.customers`", "×"},
		"verify":  {"## parity verify: different", "### Schema findings", "### Differences", "**missing** `shop.customers` `id=4242`", " → "},
		"bench":   {"## parity bench: ok", "ERROR 1038", "`sort_buffer_size=2M`", "### Comparisons", "+874.7% (p=0.008)"},
		"compare": {"## parity bench compare: regression", "**regression**", "**1 regression(s)** beyond 10%"},
	}
	for _, name := range documents {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := (Markdown{}).Render(&b, loadReport(t, name)); err != nil {
				t.Fatal(err)
			}
			golden(t, "md-"+name+".golden.md", b.Bytes())
			for _, want := range wants[name] {
				if !strings.Contains(b.String(), want) {
					t.Errorf("lacks %q", want)
				}
			}
			checkMarkdownTables(t, b.String())
		})
	}
}

// TestMarkdownCompareOrder: regressions come first whatever the document's
// order.
func TestMarkdownCompareOrder(t *testing.T) {
	r := loadReport(t, "compare")
	var b bytes.Buffer
	if err := (Markdown{}).Render(&b, r); err != nil {
		t.Fatal(err)
	}
	regression := strings.Index(b.String(), "| **regression** |")
	unchanged := strings.Index(b.String(), "| unchanged")
	if regression < 0 || unchanged < 0 || regression > unchanged {
		t.Errorf("regression at %d, unchanged at %d:\n%s", regression, unchanged, b.String())
	}
}

// TestMarkdownEscaping renders values that could break a table or turn
// into markup: a pipe, a line break, an asterisk, backticks.
func TestMarkdownEscaping(t *testing.T) {
	const nasty = "a|b\nc*d*"
	v := &result.Verify{Envelope: result.Envelope{Status: "different"}, Result: &verify.Result{
		Source: verify.Side{Server: schema.Server{Flavor: schema.MySQL, Version: "8.0.36", Endpoint: "u@h:3306/db"}},
		Target: verify.Side{Server: schema.Server{Flavor: schema.MySQL, Version: "9.7.4", Endpoint: "u@h:3307/db"}},
		Status: verify.StatusDifferent,
		Schema: []verify.Finding{{Severity: verify.Difference, Kind: "default", Table: "db.t|x", Message: nasty}},
		Tables: []*verify.TableResult{{
			Table: "db.t|x", Target: "db.t|x", Status: verify.StatusDifferent, Mode: "stream", ModeNote: nasty,
			Chunks: 1, SourceRows: 1, TargetRows: 1, Changed: 1,
			Diffs: []verify.RowDiff{{Kind: verify.Changed, Key: map[string]string{"id": "1`2"}, Columns: []checksum.ColumnDiff{{
				Column: "c", Source: checksum.Value{Text: nasty}, Target: checksum.Value{Text: "`x`"}}}}},
		}},
		RowDiffs: 1, Kept: 1,
	}}
	r := FromVerify(v)
	r.Error = "boom\n# not a heading"
	var b bytes.Buffer
	if err := (Markdown{}).Render(&b, r); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	checkMarkdownTables(t, out)
	for _, want := range []string{
		`| **difference** | ` + "`db.t\\|x`" + ` | a\|b<br>c\*d\* |`, // finding: text cell and code cell
		"stream; a\\|b<br>c\\*d\\*",                                  // how column
		"**Error:** boom # not a heading",                            // one line: no heading
		"``id=1`2: c \"a|b\\nc*d*\" → \"`x`\"``",                     // diff: one code span, longer fence
	} {
		if !strings.Contains(out, want) {
			t.Errorf("lacks %s:\n%s", want, out)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "#") && !strings.HasPrefix(line, "## parity") && !strings.HasPrefix(line, "### ") {
			t.Errorf("a value made a heading: %q", line)
		}
	}
}

func TestMarkdownBenchCell(t *testing.T) {
	s := stats.Summary{N: 5, Median: 0.5, CILow: 0.45, CIHigh: 0.6, Outliers: []int{3}}
	c := &bench.Cell{Target: "new", Scenario: "sort", Stats: &s, Counters: map[string]int64{"Sort_merge_passes": 2},
		Error:       &bench.RunError{Kind: "server", Code: 1114, Message: "The table '/tmp/#sql|1' is full"},
		Effective:   map[string]string{"tmp_table_size": "2097152", "max_heap_table_size": "1024"},
		Unsupported: []string{"temptable_max_ram"}}
	want := "500.0ms ±20.0% n=5 (1 outlier)<br>merges 2<br>then ERROR 1114: The table '/tmp/#sql\\|1' is full<br>" +
		"(server used `max_heap_table_size=1024`)<br>(server used `tmp_table_size=2097152`)<br>(`temptable_max_ram` n/a)"
	if got := mdBenchCell(c); got != want {
		t.Errorf("mdBenchCell =\n%s\nwant\n%s", got, want)
	}
	if got := mdBenchCell(&bench.Cell{}); got != "not run" {
		t.Errorf("empty cell: %q", got)
	}
}

func TestMarkdownCode(t *testing.T) {
	for in, want := range map[string]string{
		"":       "",
		"a":      "`a`",
		"a`b":    "``a`b``",
		"`a``":   "``` `a`` ```",
		"a\nb":   "`a b`",
		" a ":    "`  a  `",
		"a|b":    "`a|b`",
		"a\r\nb": "`a b`",
	} {
		if got := mdCode(in); got != want {
			t.Errorf("mdCode(%q) = %q, want %q", in, got, want)
		}
	}
	if got := mdCellCode("a|b"); got != "`a\\|b`" {
		t.Errorf("mdCellCode(a|b) = %q", got)
	}
	if got := mdCell("x_y _z_\r\n<b>&amp;"); got != `x_y \_z\_<br>\<b\>\&amp;` {
		t.Errorf("mdCell = %q", got)
	}
}

// TestMarkdownHeader: no start or duration when unknown; servers listed.
func TestMarkdownHeader(t *testing.T) {
	r := &Report{Command: "bench", Version: "v1.2.0", Status: "ok", Started: time.Date(2026, 1, 2, 3, 4, 5, 6, time.FixedZone("CET", 3600)),
		Seconds: 84.1, Servers: []ServerRole{{Role: "old*", Server: schema.Server{Flavor: schema.MariaDB, Version: "10.11.14", Endpoint: "u@h:1/d"}}}}
	var b bytes.Buffer
	if err := (Markdown{}).Render(&b, r); err != nil {
		t.Fatal(err)
	}
	want := "## parity bench: ok\n\nversion `v1.2.0` · started 2026-01-02T02:04:05Z · took 84.1s\n\n" +
		"- **old\\***: mariadb 10.11.14 at `u@h:1/d`\n\n"
	if b.String() != want {
		t.Errorf("got\n%q\nwant\n%q", b.String(), want)
	}
}

// checkMarkdownTables checks that every row of every table has as many
// cells as its header: an unescaped pipe or line break would change that.
func checkMarkdownTables(t *testing.T, md string) {
	t.Helper()
	columns := 0
	for _, line := range strings.Split(md, "\n") {
		if !strings.HasPrefix(line, "|") {
			columns = 0
			continue
		}
		n := markdownCells(line)
		if columns == 0 {
			columns = n
			continue
		}
		if n != columns {
			t.Errorf("%d cells where the header has %d: %s", n, columns, line)
		}
	}
}

// markdownCells counts the cells of a table row as GitHub (cmark-gfm)
// does: a pipe splits cells unless a backslash comes right before it.
func markdownCells(line string) int {
	n := 0
	for i := 0; i < len(line); i++ {
		if line[i] == '|' && (i == 0 || line[i-1] != '\\') {
			n++
		}
	}
	return n - 1
}

// TestDiffLimits: Markdown lists 50 differing rows, a JUnit failure 20;
// both say how many more there are.
func TestDiffLimits(t *testing.T) {
	tr := &verify.TableResult{Table: "db.t", Target: "db.t", Status: verify.StatusDifferent, Mode: "stream", Missing: 70, DiffsOmitted: 10}
	for i := range 60 {
		tr.Diffs = append(tr.Diffs, verify.RowDiff{Kind: verify.Missing, Key: map[string]string{"id": strconv.Itoa(i)}})
	}
	r := FromVerify(&result.Verify{Envelope: result.Envelope{Status: "different"}, Result: &verify.Result{Status: verify.StatusDifferent,
		Tables: []*verify.TableResult{tr}, RowDiffs: 70, Kept: 60}})
	var b bytes.Buffer
	if err := (Markdown{}).Render(&b, r); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(b.String(), "- **missing**"); n != 50 {
		t.Errorf("%d differences listed, want 50", n)
	}
	for _, want := range []string{"70 differing rows (60 listed in the JSON report, --max-diffs)", "- … 10 more in the JSON report"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("lacks %q", want)
		}
	}
	s := junitRead(t, renderJUnit(t, r)).Suites[0]
	text := s.Cases[0].Failure.Text
	if n := strings.Count(text, "missing id="); n != 20 || !strings.HasSuffix(text, "... 50 more") {
		t.Errorf("%d differences in the failure, want 20 and 50 more:\n%s", n, text)
	}
}
