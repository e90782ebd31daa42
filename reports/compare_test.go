package reports

import (
	"bytes"
	"errors"
	"html"
	"reflect"
	"strings"
	"testing"

	"github.com/parity-db/parity/bench"
	"github.com/parity-db/parity/extract"
	"github.com/parity-db/parity/result"
	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/stats"
)

// compareExtracts compares testdata/extract.json (a rehearsal) with
// testdata/extract-new.json, a later one derived from it: on the target
// shop.sbtest1 reads at half the speed in six chunks, shop.audit_log is
// gone from the source, and shop.orders is new on both.
func compareExtracts(t *testing.T) *Report {
	t.Helper()
	r, err := Compare(loadReport(t, "extract"), loadReport(t, "extract-new"), CompareOptions{Threshold: 0.10, Version: "dev"})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestCompareExtract(t *testing.T) {
	r := compareExtracts(t)
	c := r.ExtractCompare
	if r.Command != CommandExtractCompare || r.Status != "regression" || c.Regressions != 1 || len(c.Runs) != 2 {
		t.Fatalf("command %q, status %q, regressions %d, runs %d", r.Command, r.Status, c.Regressions, len(c.Runs))
	}
	type row struct {
		verdict stats.Verdict
		change  string
		ratio   string
	}
	want := map[string]map[string]row{
		"source": {
			"shop.audit_log": {result.TableOnlyOld, "", ""},
			"shop.customers": {stats.Unchanged, "~", "1.05×"}, // one chunk a side: too few to tell
			"shop.orders":    {result.TableOnlyNew, "", ""},
			"shop.sbtest1":   {stats.Unchanged, "~", "1.05×"}, // 4 against 5 chunks, rates interleaved
		},
		"target": {
			"shop.audit_log": {stats.Unchanged, "~", "1.00×"},
			"shop.customers": {stats.Unchanged, "~", "1.00×"},
			"shop.orders":    {result.TableOnlyNew, "", ""},
			"shop.sbtest1":   {stats.Regression, "+128.4% (p=0.004)", "2.16×"}, // every new chunk slower than every old one
		},
	}
	for _, d := range c.Runs {
		if d.OldRole != d.NewRole {
			t.Errorf("paired %s with %s", d.OldRole, d.NewRole)
		}
		got := map[string]row{}
		for _, ch := range d.Tables {
			change := ""
			if ch.Compare != nil {
				change = ch.Compare.String()
			}
			got[ch.Table] = row{ch.Verdict, change, Times(ch.Ratio)}
		}
		if !reflect.DeepEqual(got, want[d.OldRole]) {
			t.Errorf("%s:\n got %v\nwant %v", d.OldRole, got, want[d.OldRole])
		}
		if d.Total.Old.Rows != 220_002 || d.Total.Verdict != "" || d.Total.Table != "4 tables" {
			t.Errorf("%s total: %+v", d.OldRole, d.Total)
		}
	}
	if n := c.Runs[1].Regressions; n != 1 {
		t.Errorf("target regressions %d, want 1", n)
	}
	// Each role ran on one server both times: one line per role.
	if len(r.Servers) != 2 || r.Servers[0].Role != "source" || r.Servers[1].Role != "target" {
		t.Errorf("servers %+v", r.Servers)
	}
	// A higher threshold forgives the slowdown.
	lenient, err := Compare(loadReport(t, "extract"), loadReport(t, "extract-new"), CompareOptions{Threshold: 2})
	if err != nil || lenient.ExtractCompare.Regressions != 0 || lenient.Status != "ok" {
		t.Errorf("threshold 200%%: %v, %+v", err, lenient)
	}
}

// extractRun is a run of one table whose chunks read 1 MB each in the
// given seconds.
func extractRun(role, endpoint string, table string, seconds ...float64) *result.ExtractRun {
	tr := extract.TableResult{Schema: "db", Name: table}
	for i, s := range seconds {
		tr.Chunks = append(tr.Chunks, extract.ChunkResult{Seq: i, Rows: 1000, Bytes: 1_000_000, Seconds: s})
		tr.Rows, tr.Bytes, tr.Seconds = tr.Rows+1000, tr.Bytes+1_000_000, tr.Seconds+s
	}
	return &result.ExtractRun{Role: role, Result: &extract.Result{Server: schema.Server{Flavor: schema.MySQL, Endpoint: endpoint},
		Tables: []extract.TableResult{tr}, Rows: tr.Rows, Bytes: tr.Bytes, Seconds: tr.Seconds}}
}

func TestCompareExtractPairing(t *testing.T) {
	fast, slow := []float64{1, 1.1, 0.9, 1.05, 0.95}, []float64{2, 2.2, 1.8, 2.1, 1.9}
	doc := func(runs ...*result.ExtractRun) *Report {
		return FromExtract(&result.Extract{Envelope: result.Envelope{Command: "extract", Status: "ok"}, Runs: runs})
	}
	tests := []struct {
		name     string
		old, cur *Report
		pairs    []string // old role → new role: verdict of db.t
		notes    []string
		err      string
	}{
		{"role by role", doc(extractRun("source", "a", "t", fast...), extractRun("target", "b", "t", fast...)),
			doc(extractRun("target", "b", "t", slow...), extractRun("source", "a", "t", fast...)),
			[]string{"source→source: unchanged", "target→target: regression"}, nil, ""},
		{"one run each, any roles", doc(extractRun("source", "a", "t", slow...)), doc(extractRun("target", "b", "t", fast...)),
			[]string{"source→target: improvement"}, nil, ""},
		{"roles only one side has", doc(extractRun("source", "a", "t", fast...), extractRun("target", "b", "t", fast...)),
			doc(extractRun("source", "a", "t", fast...)),
			[]string{"source→source: unchanged"}, []string{"target: only in the old result"}, ""},
		{"too few chunks", doc(extractRun("source", "a", "t", 1, 1)), doc(extractRun("source", "a", "t", 3, 3)),
			[]string{"source→source: unchanged"}, nil, ""},
		{"nothing to pair", doc(extractRun("source", "a", "t", fast...), extractRun("target", "b", "t", fast...)),
			doc(extractRun("x", "a", "t", fast...), extractRun("y", "b", "t", fast...)),
			nil, nil, "no run to pair: the first result has runs source, target, the second runs x, y"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Compare(tt.old, tt.cur, CompareOptions{Threshold: 0.10})
			if tt.err != "" {
				if !errors.Is(err, result.ErrNotComparable) || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("err %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var pairs []string
			for _, d := range r.ExtractCompare.Runs {
				pairs = append(pairs, d.OldRole+"→"+d.NewRole+": "+string(d.Tables[0].Verdict))
			}
			if !reflect.DeepEqual(pairs, tt.pairs) || !reflect.DeepEqual(r.ExtractCompare.Notes, tt.notes) {
				t.Errorf("pairs %q notes %q; want %q %q", pairs, r.ExtractCompare.Notes, tt.pairs, tt.notes)
			}
		})
	}
}

// TestCompareExtractIncomplete: a run that did not finish is said so,
// and the failed result's error reaches the report.
func TestCompareExtractIncomplete(t *testing.T) {
	old := loadReport(t, "extract")
	cur := FromExtract(&result.Extract{Envelope: result.Envelope{Command: "extract", Status: "failed", Error: "connect target 10.0.0.5:3306: refused"},
		Runs: []*result.ExtractRun{old.Extract[0], {Role: "target"}}})
	r, err := Compare(old, cur, CompareOptions{Threshold: 0.10})
	if err != nil {
		t.Fatal(err)
	}
	if d := r.ExtractCompare.Runs[1]; d.Note != "the new run did not finish" || len(d.Tables) != 0 {
		t.Errorf("target: %+v", d)
	}
	if !strings.Contains(r.Error, "the new result is failed: connect target") {
		t.Errorf("error %q", r.Error)
	}
	s := junitRead(t, renderJUnit(t, r)).Suites[0]
	if c := caseNamed(t, s, "target run"); c.Failure == nil {
		t.Errorf("the unfinished run does not fail: %+v", c)
	}
	for _, render := range []Renderer{Text{}, Markdown{}, HTML{}} {
		var b bytes.Buffer
		if err := render.Render(&b, r); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), "the new run did not finish") {
			t.Errorf("%T lacks the note", render)
		}
	}
}

func TestCompareNotComparable(t *testing.T) {
	tests := []struct {
		old, cur string
		want     []string
	}{
		{"verify", "extract", []string{"the first is a verify result and the second an extract result", "--combine"}},
		{"verify", "verify", []string{"both are a verify result", "already compares source and target", "--combine"}},
		{"compare", "compare", []string{"both are a bench compare (a comparison already)", "--combine"}},
		{"bench", "compare", []string{"a bench result and the second a bench compare"}},
	}
	for _, tt := range tests {
		_, err := Compare(loadReport(t, tt.old), loadReport(t, tt.cur), CompareOptions{Threshold: 0.10})
		if !errors.Is(err, result.ErrNotComparable) {
			t.Errorf("%s, %s: %v", tt.old, tt.cur, err)
			continue
		}
		for _, want := range tt.want {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s, %s: %q lacks %q", tt.old, tt.cur, err, want)
			}
		}
	}
	combined := Combine("", "dev", []*Report{loadReport(t, "verify")})
	if _, err := Compare(combined, combined, CompareOptions{}); !errors.Is(err, result.ErrNotComparable) {
		t.Errorf("two combined reports: %v", err)
	}
}

// TestCompareBench: two bench results compare as bench compare compares
// their --json files.
func TestCompareBench(t *testing.T) {
	old, cur := loadReport(t, "bench"), loadReport(t, "bench")
	r, err := Compare(old, cur, CompareOptions{Threshold: 0.05, Version: "v1"})
	if err != nil {
		t.Fatal(err)
	}
	oldRec := (&result.Bench{Envelope: result.Envelope{Version: old.Version, Status: old.Status}, Result: old.Bench}).Record()
	want := FromCompare(result.CompareBench(&oldRec, &oldRec, 0.05, "v1"))
	if !reflect.DeepEqual(r, want) {
		t.Errorf("got %+v\nwant %+v", r, want)
	}
	if r.Command != "bench compare" || r.Compare.Regressions != 0 || len(r.Compare.Changes) != len(old.Bench.Cells) {
		t.Errorf("command %q, regressions %d, changes %d", r.Command, r.Compare.Regressions, len(r.Compare.Changes))
	}
	for _, ch := range r.Compare.Changes {
		if ch.Verdict != stats.Unchanged && ch.Verdict != bench.StillFails {
			t.Errorf("%s: %s comparing a run with itself", ch.Key, ch.Verdict)
		}
	}
	failed := FromBench(&result.Bench{Envelope: result.Envelope{Command: "bench", Status: "failed"}})
	if _, err := Compare(old, failed, CompareOptions{}); !errors.Is(err, result.ErrNotComparable) {
		t.Errorf("a bench result without measurements: %v", err)
	}
}

func TestExtractCompareGolden(t *testing.T) {
	r := compareExtracts(t)
	var md, page, js bytes.Buffer
	if err := (Markdown{}).Render(&md, r); err != nil {
		t.Fatal(err)
	}
	golden(t, "md-extract-compare.golden.md", md.Bytes())
	checkMarkdownTables(t, md.String())
	for _, want := range []string{"## parity extract compare: regression", "### source", "### target",
		"| `shop.sbtest1` | 200,000 | 0.19 | 0.42 | 2.16× | 200.3 | 92.8 | +128.4% (p=0.004) | **regression** |",
		"| `shop.audit_log` | 2 | 0.06 |  |  | 0.0 |  |  | only in old |", "**1 regression(s) beyond 10%"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}

	if err := (HTML{}).Render(&page, r); err != nil {
		t.Fatal(err)
	}
	golden(t, "html-extract-compare.golden.html", page.Bytes())
	checkHTMLPage(t, page.String())
	text := html.UnescapeString(page.String())
	for _, want := range []string{"<title>parity extract compare</title>", `class="badge bad">regression<`, "old run", "new run",
		"418.3ms · 2.16×", "not in the old run", "not in the new run", `<td class="bad">+128.4% (p=0.004)</td>`,
		"220,002 → 320,002", "1 regression(s) beyond 10% with p < 0.05"} {
		if !strings.Contains(text, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if n := strings.Count(page.String(), "<svg"); n != 2 {
		t.Errorf("%d charts, want one per pair of runs", n)
	}

	if err := (JSON{}).Render(&js, r); err != nil {
		t.Fatal(err)
	}
	golden(t, "extract-compare.report.json", js.Bytes())
	for _, want := range []string{`"command": "extract compare"`, `"extract_compare": {`, `"old_role": "target"`,
		`"verdict": "only in old"`, `"mb_per_sec"`, `"significant": true`} {
		if !strings.Contains(js.String(), want) {
			t.Errorf("JSON lacks %s", want)
		}
	}
	back, err := Decode(bytes.NewReader(js.Bytes()))
	if err != nil || !reflect.DeepEqual(back.ExtractCompare, r.ExtractCompare) {
		t.Errorf("the JSON does not read back: %v", err)
	}

	var txt bytes.Buffer
	if err := (Text{}).Render(&txt, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"parity extract compare (dev)", "source: mariadb 10.11.14-MariaDB-0+deb12u2 at parity@127.0.0.1:23306/shop (both runs)",
		"NEW/OLD", "+128.4% (p=0.004)", "only in new", "1 regression(s) beyond 10% with p < 0.05"} {
		if !strings.Contains(txt.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, txt.String())
		}
	}
}

func TestJUnitExtractCompare(t *testing.T) {
	out := renderJUnit(t, compareExtracts(t))
	golden(t, "junit-extract-compare.golden.xml", out)
	s := junitRead(t, out).Suites[0]
	if s.Name != "parity extract compare" || s.Tests != 8 || s.Failures != 1 || s.Skipped != 1 {
		t.Errorf("suite %q: tests %d, failures %d, skipped %d; want 8 (4 tables × 2 runs), 1, 1", s.Name, s.Tests, s.Failures, s.Skipped)
	}
	var failing junitCase
	for _, c := range s.Cases {
		if c.Failure != nil {
			failing = c
		}
	}
	if failing.Classname != "parity.extract.compare.target" || failing.Name != "shop.sbtest1" ||
		failing.Failure.Message != "+128.4% (p=0.004) beyond 10%" || !strings.Contains(failing.Failure.Text, "0.19 → 0.42 (2.16×)") {
		t.Errorf("failing case: %+v %+v", failing, failing.Failure)
	}
}
