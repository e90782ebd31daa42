package reports

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/parity-db/parity/replay"
	"github.com/parity-db/parity/result"
	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/stats"
)

// replayEvil is a statement with everything that could break a report: a
// pipe (Markdown tables), backticks (code spans), markup, line breaks.
const replayEvil = "SELECT `id`, `name`, `note` FROM `customers`\n" +
	"WHERE `name` LIKE 'a|b%' OR `note` = '<script>alert(1)</script>'\r\n" +
	"ORDER BY `id` -- ``` not a fence"

// replayFixture is a replay as parity replay's --json writes it, built by
// hand so that every kind of class is in it, in the order the run sorts
// them: an error on the target only, differing rows, a lost connection on
// both servers, a slow-down, a row order notice, a same class whose plan
// got better, and a skipped UPDATE.
func replayFixture() *result.Replay {
	summary := func(median float64) stats.Summary {
		return stats.Summary{N: 5, Min: median * 0.9, Median: median, Mean: median * 1.02, P95: median * 1.2, Max: median * 1.25,
			Stddev: median * 0.1, CILow: median * 0.95, CIHigh: median * 1.1, CILevel: 0.9375}
	}
	timing := func(src, tgt, p float64, change int) *replay.Timing {
		verdict := map[int]stats.Verdict{-1: stats.Improvement, 0: stats.Unchanged, 1: stats.Regression}[change]
		return &replay.Timing{Source: summary(src), Target: summary(tgt), Verdict: verdict,
			Comparison: stats.Comparison{Ratio: tgt / src, P: p, Significant: p < stats.Alpha, NA: 5, NB: 5}}
	}
	columns := []replay.Column{{Name: "id", Type: "INT"}, {Name: "name", Type: "VARCHAR"}, {Name: "note", Type: "TEXT"}}
	lost := &replay.ServerError{Code: 2013, Lost: true,
		Message: "the server went away during the statement: Lost connection to MySQL server during query"}

	sortError := &replay.Class{ID: "3f2a9c0d1e2b4a5f", Fingerprint: "select * from `docs` order by `created_at` desc",
		Count: 1200, LoggedSeconds: 61.4, Verdict: replay.Different,
		Samples: []*replay.Statement{{SQL: "SELECT * FROM `docs` ORDER BY `created_at` DESC", Schema: "shop", Origin: "slow.log:1042",
			Ordered: true, Verdict: replay.Different,
			Source: replay.Outcome{Columns: columns, Rows: 5000, Checksum: "9b0c7e2a4d1f3e5a7c9b0d2e4f6a8c1e", Seconds: 0.0421},
			Target: replay.Outcome{Seconds: 0.0018, Error: &replay.ServerError{Code: 1038,
				Message: "Out of sort memory, consider increasing server sort buffer size"}},
			Differences: []replay.Difference{{Kind: replay.ErrorDiff,
				Detail: "fails on the target only: ERROR 1038: Out of sort memory, consider increasing server sort buffer size"}},
		}}}
	rows := &replay.Class{ID: "b7e1d2c3a4f50617", Fingerprint: "select `id` , `name` , `note` from `customers` where `name` like ? or `note` = ? order by `id`",
		Count: 42, Verdict: replay.Different, Timing: timing(0.0031, 0.0033, 0.42, 0),
		Samples: []*replay.Statement{
			{SQL: replayEvil, Schema: "shop", Origin: "general.log:77", Ordered: true, Verdict: replay.Different,
				Source: replay.Outcome{Columns: columns, Rows: 3, Checksum: "11", Seconds: 0.0030},
				Target: replay.Outcome{Columns: columns, Rows: 3, Checksum: "22", Seconds: 0.0032,
					Warnings: []replay.Warning{{Level: "Warning", Code: 1366, Message: "Incorrect string value: '\\xF0\\x9F\\x92\\xA9' for column 'note' at row 2"}}},
				Differences: []replay.Difference{
					{Kind: replay.RowsDiff, Detail: "3 rows on the source, 3 on the target: 1 only on the source, 1 only on the target",
						OnlySource: [][]string{{"7", "a|b `x`", "<script>alert(1)</script>"}},
						OnlyTarget: [][]string{{"7", "a|b `x`", "line one\nline two"}}},
					{Kind: replay.WarningDiff, Detail: "none on the source; on the target Warning 1366 Incorrect string value: '\\xF0\\x9F\\x92\\xA9' for column 'note' at row 2"},
				}},
			{SQL: "SELECT `id`, `name`, `note` FROM `customers` WHERE `name` LIKE 'z%' OR `note` = '' ORDER BY `id`", Schema: "shop",
				Ordered: true, Verdict: replay.Same,
				Source: replay.Outcome{Columns: columns, Rows: 0, Seconds: 0.0012}, Target: replay.Outcome{Columns: columns, Rows: 0, Seconds: 0.0011}},
		}}
	gone := &replay.Class{ID: "0c9d8e7f6a5b4c3d", Fingerprint: "select count ( * ) from `orders` `o` join `order_items` `i` using ( `order_id` )",
		Count: 3, Verdict: replay.Failed,
		Samples: []*replay.Statement{{SQL: "SELECT COUNT(*) FROM `orders` `o` JOIN `order_items` `i` USING (`order_id`)", Schema: "shop",
			Verdict: replay.Failed, Source: replay.Outcome{Error: lost, Seconds: 12.5}, Target: replay.Outcome{Error: lost, Seconds: 12.7},
			Notices: []string{"not compared: source ERROR 2013: " + lost.Message + "; target ERROR 2013: " + lost.Message}}}}
	slow := &replay.Class{ID: "5a4b3c2d1e0f9a8b", Fingerprint: "select `customer_id` , sum ( `total` ) from `orders` group by `customer_id` order by 2 desc",
		Count: 310, LoggedSeconds: 4.1, Verdict: replay.Slower, Timing: timing(0.0123, 0.0456, 0.008, 1),
		Plan: &replay.PlanChange{Source: "orders ALL (20,000 rows, filesort, temporary)", Target: "orders ALL (20,000 rows, filesort, temporary)"},
		Samples: []*replay.Statement{{SQL: "SELECT `customer_id`, SUM(`total`) FROM `orders` GROUP BY `customer_id` ORDER BY 2 DESC",
			Schema: "shop", Ordered: true, Verdict: replay.Same,
			Source: replay.Outcome{Rows: 2000, Checksum: "33", Seconds: 0.0125}, Target: replay.Outcome{Rows: 2000, Checksum: "33", Seconds: 0.0461}}}}
	slow.Timing.SourceCounters = map[string]int64{"Created_tmp_disk_tables": 0, "Sort_merge_passes": 0, "ROWS_EXAMINED": 20000, "temptable_ram_bytes": 0}
	slow.Timing.TargetCounters = map[string]int64{"Created_tmp_disk_tables": 1, "Sort_merge_passes": 2, "ROWS_EXAMINED": 20000, "temptable_ram_bytes": 16777216}
	order := &replay.Class{ID: "9e8d7c6b5a4f3e2d", Fingerprint: "select `status` , count ( * ) from `orders` group by `status`",
		Count: 88, Verdict: replay.Notice, Timing: timing(0.0082, 0.0079, 0.69, 0),
		Samples: []*replay.Statement{{SQL: "SELECT `status`, COUNT(*) FROM `orders` GROUP BY `status`", Schema: "shop", Verdict: replay.Notice,
			Source: replay.Outcome{Rows: 4, Checksum: "44", Seconds: 0.0081}, Target: replay.Outcome{Rows: 4, Checksum: "44", Seconds: 0.0080},
			Notices: []string{"the same 4 rows in another order from row 1: the statement has no ORDER BY, so either order is right, " +
				"but code that relies on the old order (GROUP BY sorted implicitly before MySQL 8.0) now sees another"}}}}
	indexed := &replay.Class{ID: "1d2c3b4a59687f6e", Fingerprint: "select * from `orders` where `customer_id` = ?",
		Count: 5400, LoggedSeconds: 81.0, Verdict: replay.Same, Timing: timing(0.0150, 0.0009, 0.008, -1),
		Plan: &replay.PlanChange{Source: "orders ALL (20,000 rows)", Target: "orders ref idx_customer (12 rows)",
			Changes: []string{"orders: type ALL → ref", "orders: key none → idx_customer", "orders: rows 20,000 → 12"}},
		Samples: []*replay.Statement{{SQL: "SELECT * FROM `orders` WHERE `customer_id` = 77", Schema: "shop", Verdict: replay.Same,
			Source: replay.Outcome{Rows: 12, Checksum: "55", Seconds: 0.0151}, Target: replay.Outcome{Rows: 12, Checksum: "55", Seconds: 0.0010}}}}
	indexed.Timing.SourceCounters = map[string]int64{"Created_tmp_disk_tables": 0, "ROWS_EXAMINED": 20000}
	indexed.Timing.TargetCounters = map[string]int64{"Created_tmp_disk_tables": 0, "ROWS_EXAMINED": 12}
	update := &replay.Class{ID: "7f6e5d4c3b2a1908", Fingerprint: "update `orders` set `status` = ? where `order_id` = ?",
		Count: 950, LoggedSeconds: 2.2, Verdict: replay.Skipped, Skipped: "not read-only: UPDATE"}

	res := &replay.Result{
		Source:     schema.Server{Flavor: schema.MariaDB, Version: "10.11.14-MariaDB-0+deb12u2", Major: 10, Minor: 11, Patch: 14, Endpoint: "parity@127.0.0.1:23306/shop"},
		Target:     schema.Server{Flavor: schema.MySQL, Version: "9.7.4-2", Major: 9, Minor: 7, Patch: 4, Endpoint: "parity@127.0.0.1:23307/shop"},
		Started:    time.Date(2026, 11, 22, 1, 2, 3, 0, time.UTC),
		Seconds:    48.2,
		Statements: 7993,
		Classes:    []*replay.Class{sortError, rows, gone, slow, order, indexed, update},
		Runs:       5,
		Threshold:  0.10,
	}
	doc := &result.Replay{Envelope: result.NewEnvelope(result.CommandReplay, "dev"), Result: res, PeakRSS: 52_428_800}
	doc.Options = map[string]any{"files": []any{"slow.log", "general.log"}, "format": "auto", "per_class": 10, "runs": 5,
		"warmup": 1, "timeout": "1m0s", "no_timing": false}
	doc.Status = "different"
	return doc
}

func replayReport() *Report { return FromReplay(replayFixture()) }

// TestReplayDocument: the fixture is kept as testdata/replay.json, the
// --json document parity report reads (cmd/parity's tests use it too), and
// reads back as the same report.
func TestReplayDocument(t *testing.T) {
	data, err := json.MarshalIndent(replayFixture(), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "replay.json", append(data, '\n'))
	r := loadReport(t, "replay")
	if r.Command != result.CommandReplay || r.Status != "different" || r.Replay == nil || r.Replay.Result == nil ||
		len(r.Servers) != 2 || r.Started.IsZero() || r.Seconds != 48.2 {
		t.Fatalf("decoded: %+v", r)
	}
	var want, got bytes.Buffer
	if err := (JSON{}).Render(&want, replayReport()); err != nil {
		t.Fatal(err)
	}
	if err := (JSON{}).Render(&got, r); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Errorf("testdata/replay.json does not decode as the fixture:\n%s", got.String())
	}
}

// TestReplayJSON: a replay rendered as a JSON report is stable and reads
// back as itself, every class with its samples, timings and plans.
func TestReplayJSON(t *testing.T) {
	var b bytes.Buffer
	if err := (JSON{}).Render(&b, replayReport()); err != nil {
		t.Fatal(err)
	}
	golden(t, "replay.report.json", b.Bytes())
	back, err := Decode(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if back.Replay == nil || back.Replay.Result == nil || len(back.Replay.Classes) != 7 {
		t.Fatalf("read back: %+v", back)
	}
	res := back.Replay.Result
	if c := res.Classes[3]; c.Verdict != replay.Slower || c.Timing.TargetCounters["Sort_merge_passes"] != 2 || c.Timing.Verdict != stats.Regression {
		t.Errorf("slower class read back: %+v", c)
	}
	if d := res.Classes[1].Samples[0].Differences[0]; d.OnlyTarget[0][2] != "line one\nline two" {
		t.Errorf("rows read back: %+v", d)
	}
	if res.Threshold != 0.10 || res.Classes[5].Plan.Changes[0] != "orders: type ALL → ref" {
		t.Errorf("threshold %v, plan %+v", res.Threshold, res.Classes[5].Plan)
	}
	var again bytes.Buffer
	if err := (JSON{}).Render(&again, back); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), again.Bytes()) {
		t.Error("a rendered replay report does not read back as itself")
	}
}

func TestReplayText(t *testing.T) {
	var b bytes.Buffer
	if err := (Text{}).Render(&b, replayReport()); err != nil {
		t.Fatal(err)
	}
	golden(t, "text-replay.golden.txt", b.Bytes())
	out := b.String()
	for _, want := range []string{"parity replay (dev), 2026-11-22T01:02:03Z, 48.2s: different\n",
		"  source:  mariadb 10.11.14-MariaDB-0+deb12u2 at parity@127.0.0.1:23306/shop",
		"3f2a9c0d1e2b4a5f", "fails on the target only: ERROR 1038", "only on source: (7, a|b `x`, <script>alert(1)</script>)",
		"7,993 statements in 7 classes: 2 different, 1 failed, 1 slower, 1 notice, 1 same, 1 skipped",
		"plan: orders: type ALL → ref"} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	b.Reset()
	if err := (Text{Color: true}).Render(&b, FromReplay(&result.Replay{Envelope: result.Envelope{Command: "replay", Status: "same"}})); err != nil ||
		!strings.Contains(b.String(), ansiGreen+"same"+ansiReset) {
		t.Errorf("same is good news: %v %q", err, b.String())
	}
}

// TestReplayCombined: a replay is a section of a combined report like any
// other result, in every format, and its status weighs as the others'.
func TestReplayCombined(t *testing.T) {
	rep := replayReport()
	rep.Source = "replay.json"
	verify := loadReport(t, "verify")
	verify.Source = "verify.json"
	r := Combine("Cutover rehearsal", "dev", []*Report{verify, rep})
	if r.Status != "different" || len(r.Sections) != 2 || r.Seconds != verify.Seconds+48.2 {
		t.Errorf("status %q, %d sections, %v seconds", r.Status, len(r.Sections), r.Seconds)
	}
	same := FromReplay(&result.Replay{Envelope: result.Envelope{Command: "replay", Status: "same"}})
	if got := Combine("", "dev", []*Report{loadReport(t, "extract"), same}).Status; got != "ok" {
		t.Errorf("an ok extract and a replay that found nothing: status %q, want ok", got)
	}

	var text bytes.Buffer
	if err := (Text{}).Render(&text, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"  2. parity replay (replay.json): different", "=== 2/2 parity replay (replay.json) ===",
		"7,993 statements in 7 classes"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text lacks %q", want)
		}
	}

	md := renderMarkdown(t, r)
	checkMarkdownTables(t, md)
	_, body, _ := strings.Cut(renderMarkdown(t, replayReport()), "\n\n") // all but the heading line
	_, body, _ = strings.Cut(body, "\n\n")                               // and the facts line, which names the file
	if !strings.Contains(md, "| 2 | parity replay · `replay.json` | **different** |") || !strings.Contains(md, body) {
		t.Errorf("the combined Markdown lacks the replay section as it renders alone:\n%s", md)
	}

	// Anchors within the page are the section's, so that two replays
	// combined link each to its own classes.
	page := htmlRender(t, Combine("", "dev", []*Report{r, replayReport()}))
	checkHTMLPage(t, page)
	for _, want := range []string{`<a href="#section-2">parity replay</a>`, `<h3 id="section-2-replay-1">`, `href="#section-2-replay-1"`,
		`<h3 id="section-3-replay-6">`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if n, want := strings.Count(page, "<svg"), strings.Count(htmlRender(t, verify), "<svg")+2*strings.Count(htmlRender(t, rep), "<svg"); n != want {
		t.Errorf("%d charts, want the sections' %d", n, want)
	}

	var suites junitSuites
	if err := xml.Unmarshal(renderJUnit(t, r), &suites); err != nil {
		t.Fatal(err)
	}
	if len(suites.Suites) != 2 || suites.Suites[1].Name != "parity replay (replay.json)" || suites.Suites[1].Tests != 7 ||
		suites.Failures != suites.Suites[0].Failures+4 {
		t.Errorf("junit: %d suites, failures %d", len(suites.Suites), suites.Failures)
	}
}

// TestReplayNothing: a replay that failed before it had a result, and one
// without classes, still render in every format.
func TestReplayNothing(t *testing.T) {
	for name, r := range map[string]*Report{
		"failed": FromReplay(&result.Replay{Envelope: result.Envelope{Command: "replay", Version: "dev", Status: "failed",
			Error: "connect target 127.0.0.1:23307: access denied"}}),
		"empty": FromReplay(&result.Replay{Envelope: result.Envelope{Command: "replay", Version: "dev", Status: "same"},
			Result: &replay.Result{Threshold: 0.1}}),
	} {
		t.Run(name, func(t *testing.T) {
			for _, format := range Formats {
				renderer, err := NewRenderer(format, RenderOptions{})
				if err != nil {
					t.Fatal(err)
				}
				var b bytes.Buffer
				if err := renderer.Render(&b, r); err != nil {
					t.Errorf("%s: %v", format, err)
				}
				if format == FormatHTML {
					checkHTMLPage(t, b.String())
				}
				if format == FormatMarkdown {
					checkMarkdownTables(t, b.String())
				}
			}
			s := junitRead(t, renderJUnit(t, r)).Suites[0]
			if name == "failed" && (s.Failures != 1 || s.Cases[0].Failure.Message != r.Error) {
				t.Errorf("a failed replay is a failing case: %+v", s)
			}
		})
	}
}

func TestReplayCounters(t *testing.T) {
	tm := &replay.Timing{
		SourceCounters: map[string]int64{"Created_tmp_disk_tables": 0, "Handler_read_rnd_next": 500006, "Sort_rows": 4,
			"Select_scan": 1},
		TargetCounters: map[string]int64{"Created_tmp_disk_tables": 1, "Handler_read_rnd_next": 500005, "Sort_rows": 0,
			"Select_scan": 1, "ROWS_EXAMINED": 499999},
	}
	var got []string
	for _, c := range replayCounters(tm) {
		got = append(got, c.Name+" "+c.Source+" "+c.Target)
	}
	want := []string{"Created_tmp_disk_tables 0 1", "Sort_rows 4 0"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("replayCounters = %q, want %q (one-sided and near-equal counters left out)", got, want)
	}
}
