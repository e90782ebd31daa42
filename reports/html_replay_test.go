package reports

import (
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/parity-db/parity/replay"
	"github.com/parity-db/parity/result"
	"github.com/parity-db/parity/stats"
)

func TestReplayHTMLGolden(t *testing.T) {
	page := htmlRender(t, replayReport())
	golden(t, "html-replay.golden.html", []byte(page))
	checkHTMLPage(t, page)
	text := html.UnescapeString(page)
	for _, want := range []string{
		"<title>parity replay</title>", `<h1>parity replay <span class="badge bad">different</span></h1>`,
		"<dt>statement classes</dt><dd>7: 2 different, 1 failed, 1 slower, 1 notice, 1 same, 1 skipped</dd>",
		"<dt>statements</dt><dd>7,993 logged, 7 replayed</dd>",
		`<tr><td><span class="badge bad">different</span></td><td><a href="#replay-1"><code>3f2a9c0d1e2b4a5f</code></a></td><td class="num">1,200</td>`,
		`<tr><td><span class="badge neutral">skipped</span></td><td><code>7f6e5d4c3b2a1908</code></td>`,
		`<span class="badge good">same</span></td><td><a href="#replay-6">`,
		`<h3 id="replay-4"><span class="badge bad">slower</span> <code>5a4b3c2d1e0f9a8b</code> <span class="muted">· 310 statements · 4.10s logged</span></h3>`,
		`<dt>target</dt><dd class="bad">ERROR 1038: Out of sort memory, consider increasing server sort buffer size</dd>`,
		"<p class=\"meta\">only on the source:</p>", "<p class=\"meta\">only on the target:</p>",
		"<thead><tr><th>id</th><th>name</th><th>note</th></tr></thead>",
		`<td><code class="v">line one` + "\n" + `line two</code></td>`,
		`<p class="note"><span class="badge warn">notice</span> the same 4 rows in another order from row 1`,
		`<tr><td><code>Sort_merge_passes</code></td><td class="num">0</td><td class="num">2</td></tr>`,
		`<tr><td>93.8% CI of the median</td><td class="num">11.7ms – 13.5ms</td><td class="num">43.3ms – 50.2ms</td></tr>`,
		`<span class="bad">3.71×, +270.7% (Mann-Whitney U, p=0.008): slower beyond the 10% threshold</span>`,
		"<li>orders: type ALL → ref</li>", "<dd><code>orders ref idx_customer (12 rows)</code></dd>",
		"the same plan on both servers",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if again := htmlRender(t, replayReport()); again != page {
		t.Error("two renderings differ")
	}
}

// TestReplayHTMLEscaping: statements, fingerprints and row values reach
// the page as text, never as markup.
func TestReplayHTMLEscaping(t *testing.T) {
	d := replayFixture()
	c := d.Classes[1]
	c.ID = `x" onmouseover="alert(2)`
	c.Fingerprint = htmlEvil
	c.Samples[0].Differences[0].Detail = htmlEvil
	c.Samples[0].Notices = []string{htmlEvil}
	page := htmlRender(t, FromReplay(d))
	checkHTMLPage(t, page)
	if strings.Contains(page, `onmouseover="`) {
		t.Error("a value broke out of an attribute")
	}
	// The statement, the row value, and the fingerprint, detail and notice
	// set above; the fingerprint shows in the table, the section and the
	// chart (label and tooltip).
	if n := strings.Count(page, htmlEscapedText(htmlEvil)); n < 8 {
		t.Errorf("the value shows escaped %d times, want 8", n)
	}
	svg := page[strings.Index(page, "<svg"):strings.Index(page, "</svg>")]
	if !strings.Contains(svg, htmlEscapedText(htmlEvil)[:20]) {
		t.Error("the chart lacks the escaped fingerprint")
	}
}

// TestReplayHTMLChart: bars slowest first, coloured by the verdict on time;
// untimed classes are counted in the caption; too many classes draw those
// furthest from 1×.
func TestReplayHTMLChart(t *testing.T) {
	r := replayFixture().Result
	chart := htmlReplayChart(r)
	var labels, classes []string
	for _, s := range chart.Shapes {
		switch {
		case s.Kind == "text" && s.X == 10:
			labels = append(labels, s.Text[:16])
		case s.Kind == "rect" && s.Title != "" && s.Class != "band":
			classes = append(classes, s.Class)
		}
	}
	if want := []string{"5a4b3c2d1e0f9a8b", "b7e1d2c3a4f50617", "9e8d7c6b5a4f3e2d", "1d2c3b4a59687f6e"}; strings.Join(labels, " ") != strings.Join(want, " ") {
		t.Errorf("bars %v, want slowest first %v", labels, want)
	}
	if strings.Join(classes, " ") != "bad neutral neutral good" {
		t.Errorf("bar colours %v", classes)
	}
	if !strings.HasPrefix(chart.Caption, "3 of 7 classes were not timed") {
		t.Errorf("caption %q", chart.Caption)
	}

	var many []*replay.Class
	for i := range 100 {
		ratio := 1 + float64(i)/100
		many = append(many, &replay.Class{ID: fmt.Sprintf("c%03d", i), Verdict: replay.Same, Timing: &replay.Timing{
			Source: stats.Summary{N: 3, Median: 1}, Target: stats.Summary{N: 3, Median: ratio},
			Comparison: stats.Comparison{Ratio: ratio, P: 0.5, NA: 3, NB: 3}}})
	}
	many[0].Timing.Comparison.Ratio = 0 // a source median of 0: no ratio, never drawn first
	chart = htmlReplayChart(&replay.Result{Classes: many, Threshold: 0.1})
	if chart.Caption != "The 60 classes furthest from 1× of 100 timed." {
		t.Errorf("caption %q", chart.Caption)
	}
	page := htmlRender(t, FromReplay(&result.Replay{Envelope: result.Envelope{Command: "replay", Status: "same"},
		Result: &replay.Result{Classes: many, Threshold: 0.1}}))
	checkHTMLPage(t, page)
	if !strings.Contains(page, "c099 · ") || strings.Contains(page, "c039 · ") || strings.Contains(page, "c000 · ") {
		t.Error("the chart does not keep the classes furthest from 1×")
	}
	untimed := &replay.Result{Runs: 5, Classes: []*replay.Class{{ID: "u", Verdict: replay.Skipped, Skipped: "not read-only: DELETE"}}}
	if htmlReplayChart(untimed) != nil {
		t.Error("a chart without a timed class")
	}
	page = htmlRender(t, FromReplay(&result.Replay{Envelope: result.Envelope{Command: "replay", Status: "same"}, Result: untimed}))
	checkHTMLPage(t, page)
	if !strings.Contains(page, "<dt>timed runs</dt><dd>none: no class was timed</dd>") || strings.Contains(page, "<svg") {
		t.Error("a replay without timings claims timed runs or draws a chart")
	}
	// Without a chart or classes the page is still whole.
	checkHTMLPage(t, htmlRender(t, FromReplay(&result.Replay{Envelope: result.Envelope{Command: "replay"}, Result: &replay.Result{}})))
}

// TestReplayHTMLInterrupted: a run cut short says how many classes it did
// not reach, and they are listed without a section.
func TestReplayHTMLInterrupted(t *testing.T) {
	d := replayFixture()
	d.Status, d.Error, d.Interrupted = "interrupted", "interrupted", true
	d.Classes = append(d.Classes, &replay.Class{ID: "ffffffffffffffff", Fingerprint: "select ?", Count: 1, Verdict: replay.NotReached})
	page := html.UnescapeString(htmlRender(t, FromReplay(d)))
	for _, want := range []string{"note: the run stopped before every class ran: 1 not reached",
		`<span class="badge neutral">not reached</span></td><td><code>ffffffffffffffff</code>`, `class="badge bad">interrupted<`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if n := len(regexp.MustCompile(`<h3 id="replay-\d+">`).FindAllString(page, -1)); n != 6 {
		t.Errorf("%d class sections, want 6", n)
	}
}
