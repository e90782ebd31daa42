package reports

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"regexp"
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

func htmlRender(t *testing.T, r *Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := (HTML{}).Render(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// htmlVoid are the elements the page writes without an end tag.
var htmlVoid = map[string]bool{"meta": true, "br": true, "hr": true, "img": true, "input": true, "link": true}

// checkHTMLPage checks what every page must be: a complete document whose
// elements nest, with nothing a browser would run or fetch.
func checkHTMLPage(t *testing.T, page string) {
	t.Helper()
	if !strings.HasPrefix(page, "<!DOCTYPE html>\n") || !strings.HasSuffix(page, "</html>\n") {
		t.Errorf("not a whole document: starts %q, ends %q", page[:min(len(page), 20)], page[max(len(page)-20, 0):])
	}
	// Well-formed enough: every start tag has its end tag, in order.
	d := xml.NewDecoder(strings.NewReader(page))
	d.Strict, d.Entity = false, xml.HTMLEntity
	var open []string
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("markup does not parse: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if !htmlVoid[tok.Name.Local] {
				open = append(open, tok.Name.Local)
			}
		case xml.EndElement:
			if len(open) == 0 || open[len(open)-1] != tok.Name.Local {
				line, _ := d.InputPos()
				t.Fatalf("</%s> closes %v (line %d)", tok.Name.Local, open, line)
			}
			open = open[:len(open)-1]
		}
	}
	if len(open) > 0 {
		t.Errorf("elements left open: %v", open)
	}
	// Self-contained: no scripts, no style sheets, images or fonts from
	// elsewhere, no URL the browser would fetch.
	lower := strings.ToLower(page)
	for _, bad := range []string{"<script", "<link", "<img", "<iframe", "<object", "<embed", "@import", "@font-face", "javascript:"} {
		if strings.Contains(lower, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	// Links within the page (a combined report's table of contents) fetch
	// nothing, and must lead somewhere on it.
	anchor := regexp.MustCompile(`href="#([A-Za-z0-9-]+)"`)
	for _, m := range anchor.FindAllStringSubmatch(page, -1) {
		if !strings.Contains(page, ` id="`+m[1]+`"`) {
			t.Errorf("a link to #%s, which the page lacks", m[1])
		}
	}
	fetch := regexp.MustCompile(`(?i)(\b(src|href|xlink:href|srcset|action|poster)\s*=|url\()`)
	if m := fetch.FindString(anchor.ReplaceAllString(page, "")); m != "" {
		t.Errorf("page refers to a resource: %q", m)
	}
	if strings.Contains(lower, "http://") || strings.Contains(lower, "https://") {
		t.Error("page contains a URL")
	}
	if o, c := strings.Count(page, "<svg"), strings.Count(page, "</svg>"); o != c {
		t.Errorf("%d <svg> and %d </svg>", o, c)
	}
	// The Content Security Policy forbids every fetch and allows the one
	// style sheet by its hash: a stale hash would drop all styling.
	policy := regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)">`).FindStringSubmatch(page)
	style := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindAllStringSubmatch(page, -1)
	if policy == nil || len(style) != 1 {
		t.Fatalf("page has no Content-Security-Policy (%v) or not one style sheet (%d)", policy != nil, len(style))
	}
	sum := sha256.Sum256([]byte(style[0][1]))
	csp := html.UnescapeString(policy[1])
	for _, want := range []string{"default-src 'none'", "style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("policy %q lacks %q", csp, want)
		}
	}
	if strings.Contains(page, " style=") {
		t.Error("an inline style attribute, which the policy blocks")
	}
}

func TestHTMLDocuments(t *testing.T) {
	// Facts each page must show, looked for in the page's text with its
	// entities decoded: html/template writes + as &#43; and " as &#34;.
	wants := map[string][]string{
		"extract": {"<title>parity extract</title>", `class="badge good">ok<`, "shop.customers", "shop.sbtest1", "shop.audit_log",
			">source<", ">target<", "175.4 MB/s · 904.1k rows/s", "200.3 MB/s · 1.03M rows/s", "integer range on id",
			"consistency: none", "parity@127.0.0.1:23307/shop", "mysql 9.7.4-2", "<dt>tables</dt>", "220,002", "MB/s"},
		"verify": {"<title>parity verify</title>", `class="badge bad">different<`, "shop.customers", "shop.audit_log",
			">missing<", ">extra<", ">changed<", `id=<code class="v">4242</code>`, `id=<code class="v">77</code>`,
			`prefs: <code class="v">{"lang": "en", "n": 77}</code><span class="arrow">→</span><code class="v">{"n": 77, "lang": "de"}</code>`,
			`msg = <code class="v">login</code>`, "×1", "no key: compared as multisets", "utf8mb4 holds every latin1 character",
			"3: 1 missing, 1 extra, 1 changed", "2 of 20,000 rows differ", "1 of 3 rows differ", "19,999"},
		"bench": {"<title>parity bench</title>", `class="badge good">ok<`, "ERROR 1038: Out of sort memory", "sort_buffer_size=2M",
			"sort_buffer_size=256K", "old · mariadb 10.11", "new · mysql 9.7", ">old<", ">new<", "old 9.34ms ±29.8% n=5",
			"119.9ms ±30.5% n=5 (1 outlier)", "tmp disk 0 · merges 1", "vs first: ~", "new +874.7% (p=0.008)",
			"93.8% confidence interval", "ORDER BY t.`created_at` DESC", `class="failed"`, `class="whisker"`},
		"compare": {"<title>parity bench compare</title>", `class="badge bad">regression<`,
			"1 regression(s) beyond 10% with p < 0.05", "+32.8% (p<0.001)", "272.7ms ±15.0% n=9", "362.1ms ±28.4% n=9",
			"new | full-scan shop.sbtest1 | tmp_table_size=1G", `class="one"`, "1×", "threshold 10%"},
	}
	for _, name := range documents {
		t.Run(name, func(t *testing.T) {
			page := htmlRender(t, loadReport(t, name))
			checkHTMLPage(t, page)
			if !strings.Contains(page, "<svg") {
				t.Error("no chart")
			}
			text := html.UnescapeString(page)
			for _, want := range wants[name] {
				if !strings.Contains(text, want) {
					t.Errorf("page lacks %q", want)
				}
			}
			if again := htmlRender(t, loadReport(t, name)); again != page {
				t.Error("two renderings differ")
			}
		})
	}
}

func TestHTMLCompareRegressionsFirst(t *testing.T) {
	page := html.UnescapeString(htmlRender(t, loadReport(t, "compare")))
	// In the document the unchanged cell comes first.
	reg := strings.Index(page, "<tr><td>new | buffered-scan")
	unch := strings.Index(page, "<tr><td>new | full-scan")
	if reg < 0 || unch < 0 || reg > unch {
		t.Errorf("the regression is not listed first (%d, %d)", reg, unch)
	}
}

func TestHTMLGolden(t *testing.T) {
	for _, name := range []string{"bench", "verify"} {
		t.Run(name, func(t *testing.T) {
			golden(t, "html-"+name+".golden.html", []byte(htmlRender(t, loadReport(t, name))))
		})
	}
}

const htmlEvil = `<script>alert(1)</script>`

// TestHTMLEscaping: values from databases and servers reach the page as
// text, in HTML and in SVG, never as markup.
func TestHTMLEscaping(t *testing.T) {
	attr := `x" onmouseover="alert(2)`
	escaped := htmlEscapedText(htmlEvil)
	t.Run("verify", func(t *testing.T) {
		res := &verify.Result{Status: "different", Started: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), RowDiffs: 2, Kept: 2,
			Source: verify.Side{Server: schema.Server{Flavor: schema.MariaDB, Version: htmlEvil, Endpoint: "a@h:1/db"}},
			Schema: []verify.Finding{{Severity: verify.Difference, Kind: "column_type", Table: "shop.t", Message: htmlEvil}},
			Tables: []*verify.TableResult{{Table: "shop.t", Target: "shop.t", Status: "different", Mode: "stream", Chunks: 1,
				SourceRows: 3, TargetRows: 3, Changed: 1, Extra: 1, Missing: 1,
				Diffs: []verify.RowDiff{
					{Kind: verify.Changed, Key: map[string]string{"id": htmlEvil, "b": "2"},
						Columns: []checksum.ColumnDiff{{Column: htmlEvil, Source: checksum.Value{Text: htmlEvil}, Target: checksum.Value{Null: true}}}},
					{Kind: verify.Extra, Row: map[string]checksum.Value{"msg": {Text: htmlEvil, Truncated: true}, "e": {}}, Count: 2},
				}}}}
		r := FromVerify(&result.Verify{Envelope: result.Envelope{Status: "different", Error: htmlEvil}, Result: res})
		r.Options["mapping"] = attr
		page := htmlRender(t, r)
		checkHTMLPage(t, page)
		if n := strings.Count(page, escaped); n < 6 {
			t.Errorf("the value shows escaped %d times, want 6 (error, server, finding, key, column, row)", n)
		}
		if strings.Contains(page, `onmouseover="`) {
			t.Error("a value broke out of an attribute")
		}
		text := html.UnescapeString(page)
		for _, want := range []string{`b=<code class="v">2</code>, id=`, `<span class="null">NULL</span>`, `<span class="null">(empty)</span>`,
			`title="value cut for display">…`, "×2"} {
			if !strings.Contains(text, want) {
				t.Errorf("page lacks %q", want)
			}
		}
	})
	t.Run("bench", func(t *testing.T) {
		s := stats.Summarize([]float64{0.1, 0.11, 0.12})
		res := &bench.Result{
			Targets: []*bench.TargetInfo{{Label: htmlEvil, Server: schema.Server{Flavor: schema.MySQL, Version: "9.7.4"}}},
			Cells: []*bench.Cell{
				{Target: htmlEvil, Scenario: attr, Table: htmlEvil, Settings: bench.Settings{{Name: "x", Value: htmlEvil}},
					Error: &bench.RunError{Kind: "server", Code: 1105, Message: htmlEvil}},
				{Target: htmlEvil, Scenario: attr, Table: htmlEvil, Settings: bench.Settings{{Name: "y", Value: "1"}}, Stats: &s,
					Error: &bench.RunError{Kind: "timeout", Message: htmlEvil}, Unsupported: []string{htmlEvil}, Effective: map[string]string{"y": htmlEvil}},
			},
		}
		page := htmlRender(t, FromBench(&result.Bench{Envelope: result.Envelope{Command: "bench", Status: "ok"}, Result: res}))
		checkHTMLPage(t, page)
		svg := page[strings.Index(page, "<svg"):strings.Index(page, "</svg>")]
		if !strings.Contains(svg, escaped) {
			t.Error("the chart lacks the escaped error")
		}
		if strings.Contains(page, `onmouseover="`) {
			t.Error("a value broke out of an attribute")
		}
	})
}

// htmlEscapedText is s as html/template writes it in text.
func htmlEscapedText(s string) string {
	return strings.NewReplacer("<", "&lt;", ">", "&gt;").Replace(s)
}

// TestHTMLSparse: reports with parts missing still make whole pages.
func TestHTMLSparse(t *testing.T) {
	oneTable := func(status string) *verify.TableResult {
		return &verify.TableResult{Table: "shop.t", Target: "shop.t2", Status: status, Mode: "pushdown"}
	}
	many := make([]*verify.TableResult, 100)
	for i := range many {
		many[i] = &verify.TableResult{Table: fmt.Sprintf("db.t%03d", i), Target: fmt.Sprintf("db.t%03d", i), Status: "equal", SourceRows: 5, TargetRows: 5}
	}
	many[42].Status, many[42].Missing, many[42].DiffsOmitted = "different", 7, 7
	first := &verify.Result{Status: "different", RowDiffs: 9, Tables: []*verify.TableResult{oneTable("different")}}
	cases := map[string]struct {
		r     *Report
		wants []string
	}{
		"empty":             {&Report{}, []string{"<title>parity report</title>", "(unknown version)"}},
		"failed extract":    {FromExtract(&result.Extract{Envelope: result.Envelope{Command: "extract", Status: "failed", Error: "connect source: refused"}, Runs: []*result.ExtractRun{{Role: "source"}}}), []string{"connect source: refused", "did not finish", `badge bad">failed`}},
		"no verify result":  {FromVerify(&result.Verify{Envelope: result.Envelope{Status: "failed", Error: "boom"}}), []string{"boom"}},
		"skipped table":     {FromVerify(&result.Verify{Envelope: result.Envelope{Status: "equal"}, Result: &verify.Result{Status: "equal", Tables: []*verify.TableResult{oneTable("skipped")}}}), []string{"not compared", "shop.t → shop.t2"}},
		"reverify":          {FromVerify(&result.Verify{Envelope: result.Envelope{Status: "equal"}, Applied: 3, FixSQL: "fix.sql", Result: first, Reverify: &verify.Result{Status: "equal", Tables: []*verify.TableResult{oneTable("equal")}}}), []string{"after --apply-fix", "first pass found 9 differing rows", "3 fix statements", "fix.sql"}},
		"many tables":       {FromVerify(&result.Verify{Envelope: result.Envelope{Status: "different"}, Result: &verify.Result{Status: "different", RowDiffs: 7, Tables: many}}), []string{"1 of 100 tables differ; the chart shows 1 of them", "7 more differing rows in db.t042 not listed"}},
		"many equal tables": {FromVerify(&result.Verify{Envelope: result.Envelope{Status: "equal"}, Result: &verify.Result{Status: "equal", Tables: many[:42]}}), nil},
		"empty bench":       {FromBench(&result.Bench{Envelope: result.Envelope{Status: "interrupted"}, Result: &bench.Result{}}), []string{`badge bad">interrupted`}},
		"empty compare":     {&Report{Command: "bench compare", Status: "ok", Compare: &result.BenchCompare{Threshold: 0.10}}, []string{"0 regression(s)"}},
		"compare failing": {&Report{Command: "bench compare", Status: "regression", Compare: &result.BenchCompare{Threshold: 0.05, Regressions: 1,
			Changes: []bench.Change{{Key: "added one", New: &bench.RecordCell{Median: 1}, Verdict: bench.Added},
				{Key: "k", Old: &bench.RecordCell{Median: 1, Samples: []float64{1}}, New: &bench.RecordCell{Error: "ERROR 1114: table is full"}, Verdict: bench.NowFailing}}}},
			[]string{"ERROR 1114: table is full", "no timing on one side", `badge bad">now failing`}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			page := htmlRender(t, c.r)
			checkHTMLPage(t, page)
			text := html.UnescapeString(page)
			for _, want := range c.wants {
				if !strings.Contains(text, want) {
					t.Errorf("page lacks %q", want)
				}
			}
		})
	}
	// Failing first: a now-failing cell sorts before an added one.
	page := htmlRender(t, cases["compare failing"].r)
	if strings.Index(page, "<tr><td>k</td>") > strings.Index(page, "<tr><td>added one</td>") {
		t.Error("now failing is not listed first")
	}
}

func TestHTMLTicks(t *testing.T) {
	for _, c := range []struct {
		max        float64
		want       []float64
		wantTop    float64
		wantLabels string
	}{
		{0, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}, 1, "0 0.2 0.4 0.6 0.8 1"},
		{200.28, []float64{0, 50, 100, 150, 200, 250}, 250, "0 50 100 150 200 250"},
		{0.1228, []float64{0, 0.025, 0.05, 0.075, 0.1, 0.125}, 0.125, "0 0.025 0.05 0.075 0.1 0.125"},
		{7, []float64{0, 2, 4, 6, 8}, 8, "0 2 4 6 8"},
		{10, []float64{0, 2, 4, 6, 8, 10}, 10, "0 2 4 6 8 10"},
	} {
		got, top := htmlTicks(c.max)
		labels := make([]string, len(got))
		for i, v := range got {
			labels[i] = htmlTick(v)
		}
		if strings.Join(labels, " ") != c.wantLabels || top != c.wantTop || len(got) != len(c.want) {
			t.Errorf("htmlTicks(%v) = %v, %v; want %v, %v", c.max, labels, top, c.want, c.wantTop)
		}
	}
}

func TestHTMLFit(t *testing.T) {
	for _, c := range []struct {
		s    string
		px   float64
		want string
	}{
		{"shop.customers", 200, "shop.customers"},
		{"abcdefghij", 6 * htmlCharPx, "abcde…"},
		{"ééééé", 3 * htmlCharPx, "éé…"},
	} {
		if got := htmlFit(c.s, c.px); got != c.want {
			t.Errorf("htmlFit(%q, %v) = %q, want %q", c.s, c.px, got, c.want)
		}
	}
}

func TestHTMLStatusClass(t *testing.T) {
	for status, want := range map[string]string{"ok": "good", "equal": "good", "different": "bad", "failed": "bad",
		"regression": "bad", "interrupted": "bad", "now failing": "bad", "unchanged": "neutral", "notice": "warn"} {
		if got := htmlStatusClass(status); got != want {
			t.Errorf("htmlStatusClass(%q) = %q, want %q", status, got, want)
		}
	}
}
