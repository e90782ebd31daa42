package reports

import (
	"bytes"
	"encoding/xml"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"
)

// rehearsal combines the testdata documents as parity report --combine
// does: a section per file, named by it.
func rehearsal(t *testing.T) *Report {
	t.Helper()
	var sections []*Report
	for _, name := range documents {
		r := loadReport(t, name)
		r.Source = name + ".json"
		sections = append(sections, r)
	}
	return Combine("Rehearsal 2026-11-22", "dev", sections)
}

func TestCombine(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2026, 11, 22, h, 0, 0, 0, time.UTC) }
	section := func(status string, started time.Time, seconds float64) *Report {
		return &Report{Command: "verify", Status: status, Started: started, Seconds: seconds}
	}
	tests := []struct {
		name     string
		sections []*Report
		status   string
	}{
		{"all good", []*Report{section("ok", at(3), 1), section("equal", at(1), 2)}, "ok"},
		{"a difference", []*Report{section("ok", at(3), 1), section("different", at(1), 2), section("regression", at(2), 0)}, "different"},
		{"a failure wins", []*Report{section("different", at(3), 1), section("interrupted", at(1), 2)}, "interrupted"},
		{"unknown beats ok", []*Report{section("ok", at(3), 1), section("", at(1), 2)}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Combine("t", "v", tt.sections)
			if r.Status != tt.status || r.Command != CommandCombined || r.Title != "t" || r.Version != "v" {
				t.Errorf("status %q (want %q), command %q, title %q, version %q", r.Status, tt.status, r.Command, r.Title, r.Version)
			}
			if !r.Started.Equal(at(1)) || len(r.Sections) != len(tt.sections) {
				t.Errorf("started %v, %d sections", r.Started, len(r.Sections))
			}
		})
	}
	// A combined report among the inputs adds its sections, not itself.
	inner := Combine("", "v", []*Report{section("ok", at(1), 1), section("ok", at(2), 1)})
	r := Combine("", "v", []*Report{inner, section("different", at(3), 1)})
	if len(r.Sections) != 3 || r.Seconds != 3 || r.Status != "different" {
		t.Errorf("nested: %d sections, %v seconds, status %q", len(r.Sections), r.Seconds, r.Status)
	}
}

func TestCombinedMarkdownGolden(t *testing.T) {
	var b bytes.Buffer
	if err := (Markdown{}).Render(&b, rehearsal(t)); err != nil {
		t.Fatal(err)
	}
	golden(t, "md-combined.golden.md", b.Bytes())
	out := b.String()
	checkMarkdownTables(t, out)
	for _, want := range []string{"# Rehearsal 2026-11-22: different\n", "4 sections · parity `dev`",
		"| 2 | parity verify · `verify.json` | **different** |", "| 3 | parity bench · `bench.json` | ok |",
		"## parity extract: ok", "from `extract.json` · version `dev`", "## parity verify: different", "## parity bench compare: regression"} {
		if !strings.Contains(out, want) {
			t.Errorf("lacks %q", want)
		}
	}
	// Each section is the report of its file, as parity report renders it alone.
	for _, name := range documents {
		var one bytes.Buffer
		if err := (Markdown{}).Render(&one, loadReport(t, name)); err != nil {
			t.Fatal(err)
		}
		_, body, _ := strings.Cut(one.String(), "\n\n") // all but the heading line
		_, body, _ = strings.Cut(body, "\n\n")          // and the facts line, which names the file
		if !strings.Contains(out, body) {
			t.Errorf("the %s section differs from its own report", name)
		}
	}
}

func TestCombinedHTMLGolden(t *testing.T) {
	page := htmlRender(t, rehearsal(t))
	golden(t, "html-combined.golden.html", []byte(page))
	checkHTMLPage(t, page)
	text := html.UnescapeString(page)
	for _, want := range []string{"<title>Rehearsal 2026-11-22</title>", `<h1>Rehearsal 2026-11-22 <span class="badge bad">different</span></h1>`,
		"4 sections · parity dev", `<nav class="toc">`,
		`<li><a href="#section-2">parity verify</a> <span class="muted">· verify.json</span> <span class="badge bad">different</span></li>`,
		`<li><a href="#section-3">parity bench</a> <span class="muted">· bench.json</span> <span class="badge good">ok</span></li>`,
		`<section class="part" id="section-4">`, `<h2 class="part">parity bench compare <span class="badge bad">regression</span></h2>`,
		"from <code>extract.json</code>", "Throughput per table", "Row differences", "Timings per workload", "Changes"} {
		if !strings.Contains(text, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if n := len(regexp.MustCompile(`<section class="part" id="section-\d">`).FindAllString(page, -1)); n != 4 {
		t.Errorf("%d sections, want 4", n)
	}
	if n := strings.Count(page, "<style>"); n != 1 {
		t.Errorf("%d style sheets, want 1", n)
	}
	// Every chart of every section's own page is on the combined one.
	charts := 0
	for _, name := range documents {
		charts += strings.Count(htmlRender(t, loadReport(t, name)), "<svg")
	}
	if n := strings.Count(page, "<svg"); n != charts {
		t.Errorf("%d charts, want the sections' %d", n, charts)
	}
}

// TestCombinedJSONGolden: a combined report's JSON nests the sections and
// reads back as the same report.
func TestCombinedJSONGolden(t *testing.T) {
	var b bytes.Buffer
	if err := (JSON{}).Render(&b, rehearsal(t)); err != nil {
		t.Fatal(err)
	}
	golden(t, "combined.report.json", b.Bytes())
	for _, want := range []string{`"kind": "parity report"`, `"command": "combined"`, `"title": "Rehearsal 2026-11-22"`,
		`"sections": [`, `"source": "verify.json"`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("lacks %s", want)
		}
	}
	back, err := Decode(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if back.Command != CommandCombined || len(back.Sections) != 4 || back.Sections[1].Verify == nil || back.Sections[2].Bench == nil {
		t.Fatalf("read back: %+v", back)
	}
	var again bytes.Buffer
	if err := (JSON{}).Render(&again, back); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), again.Bytes()) {
		t.Error("a combined report does not read back as itself")
	}
}

// TestCombinedJUnit: one testsuites document holding every section's
// suite, named by its file.
func TestCombinedJUnit(t *testing.T) {
	out := renderJUnit(t, rehearsal(t))
	var doc junitSuites
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("not valid XML: %v", err)
	}
	names := []string{"parity extract (extract.json)", "parity verify (verify.json)", "parity bench (bench.json)",
		"parity bench compare (compare.json)"}
	if doc.Name != "Rehearsal 2026-11-22" || len(doc.Suites) != len(names) {
		t.Fatalf("%q with %d suites", doc.Name, len(doc.Suites))
	}
	tests, failures := 0, 0
	for i, s := range doc.Suites {
		if s.Name != names[i] || s.Tests != len(s.Cases) {
			t.Errorf("suite %d: %q, %d tests, %d cases", i, s.Name, s.Tests, len(s.Cases))
		}
		tests, failures = tests+s.Tests, failures+s.Failures
	}
	// verify: 2 differing tables; bench compare: 1 regression.
	if doc.Tests != tests || doc.Failures != failures || failures != 3 {
		t.Errorf("testsuites tests=%d failures=%d; the suites hold %d and %d, want 3 failures", doc.Tests, doc.Failures, tests, failures)
	}
}

func TestCombinedText(t *testing.T) {
	var b bytes.Buffer
	if err := (Text{}).Render(&b, rehearsal(t)); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"Rehearsal 2026-11-22: 4 sections, different\n", "  2. parity verify (verify.json): different\n",
		"=== 1/4 parity extract (extract.json) ===\nparity extract (dev)", "=== 4/4 parity bench compare (compare.json) ===",
		"ROWS/S", "MISSING", "VS old", "1 regression(s)"} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
}

// TestTitle: --title heads a single report too, the command following.
func TestTitle(t *testing.T) {
	r := loadReport(t, "verify")
	r.Title = "Cutover check"
	var md, txt bytes.Buffer
	if err := (Markdown{}).Render(&md, r); err != nil {
		t.Fatal(err)
	}
	if err := (Text{}).Render(&txt, r); err != nil {
		t.Fatal(err)
	}
	page := htmlRender(t, r)
	s := junitRead(t, renderJUnit(t, r)).Suites[0]
	for what, ok := range map[string]bool{
		"markdown": strings.HasPrefix(md.String(), "## Cutover check: different\n\nparity verify · version `dev`"),
		"text":     strings.HasPrefix(txt.String(), "Cutover check\nparity verify (dev)"),
		"html": strings.Contains(page, "<title>Cutover check</title>") &&
			strings.Contains(page, `<p class="meta">parity verify · parity dev`),
		"junit": s.Name == "Cutover check",
	} {
		if !ok {
			t.Errorf("%s does not head the report with the title", what)
		}
	}
}
