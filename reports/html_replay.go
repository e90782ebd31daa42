package reports

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/parity-db/parity/replay"
	"github.com/parity-db/parity/result"
	"github.com/parity-db/parity/stats"
)

// htmlReplay is a replay's part of the page: the totals, the chart of time
// ratios, a row per class, and a section per class worth reading
// (replayDetailed), which its row links to.
type htmlReplay struct {
	Facts   []htmlFact
	Notes   []string
	Chart   *htmlChart
	Classes []htmlReplayRow
	Details []*htmlReplayClass
}

type htmlReplayRow struct {
	Verdict, Class, ID, Anchor, Count, Fingerprint, Ratio, What string
}

type htmlReplayClass struct {
	Verdict, Class, ID, Anchor, Facts, Fingerprint string
	Samples                                        []htmlReplaySample
	Same                                           string // how many samples were the same
	Timing                                         *htmlReplayTiming
	Plan                                           *replay.PlanChange
}

type htmlReplaySample struct {
	Where, SQL, Cut          string
	Source, Target           string
	SourceClass, TargetClass string // bad: the server returned an error
	Differences              []htmlReplayDiff
	Notices                  []string
}

type htmlReplayDiff struct {
	Kind, Detail string
	Rows         []htmlReplayRows
}

// htmlReplayRows are the rows found on one side only.
type htmlReplayRows struct {
	Side   string
	Header []string
	Rows   [][]htmlValue
}

type htmlReplayTiming struct {
	Runs, CILevel, Change, ChangeClass, Error string
	Median, CI                                [2]string // source, target
	Counters                                  []replayCounter
	Timed                                     bool
}

func htmlReplayOf(d *result.Replay) *htmlReplay {
	h := &htmlReplay{}
	r := d.Result
	if r == nil {
		return h
	}
	totals := r.Totals()
	h.Facts = []htmlFact{
		{"statement classes", fmt.Sprintf("%d: %s", totals.Classes, replayTotals(totals))},
		{"statements", fmt.Sprintf("%s logged, %s replayed", Count(r.Statements), Count(int64(totals.Statements)))},
		{"timed runs", fmt.Sprintf("%d per server of each class's first statement", r.Runs)},
		{"slower", fmt.Sprintf("significantly (Mann-Whitney U, p < %.2f) and by more than %s", stats.Alpha, Percent(r.Threshold))},
		{"time", Duration(r.Seconds)},
	}
	if !slices.ContainsFunc(r.Classes, func(c *replay.Class) bool { return c.Timing != nil }) {
		h.Facts[2].Value = "none: no class was timed"
	}
	if r.Interrupted {
		h.Notes = append(h.Notes, fmt.Sprintf("the run stopped before every class ran: %d not reached", totals.ByVerdict[replay.NotReached]))
	}
	h.Chart = htmlReplayChart(r)
	n := 0
	for _, c := range r.Classes {
		row := htmlReplayRow{Verdict: string(c.Verdict), Class: htmlStatusClass(string(c.Verdict)), ID: c.ID, Count: Count(c.Count),
			Fingerprint: Truncate(c.Fingerprint, 120), Ratio: ReplayRatio(c), What: Truncate(ReplayWhat(c), 200)}
		if replayDetailed(c) {
			n++
			row.Anchor = "replay-" + strconv.Itoa(n)
			h.Details = append(h.Details, htmlReplayClassOf(r, c, row.Anchor))
		}
		h.Classes = append(h.Classes, row)
	}
	return h
}

// inSection makes the anchors unique on a combined report's page, where
// several replays may be sections.
func (h *htmlReplay) inSection(anchor string) {
	for i := range h.Classes {
		if h.Classes[i].Anchor != "" {
			h.Classes[i].Anchor = anchor + "-" + h.Classes[i].Anchor
		}
	}
	for _, d := range h.Details {
		d.Anchor = anchor + "-" + d.Anchor
	}
}

func htmlReplayClassOf(r *replay.Result, c *replay.Class, anchor string) *htmlReplayClass {
	h := &htmlReplayClass{Verdict: string(c.Verdict), Class: htmlStatusClass(string(c.Verdict)), ID: c.ID, Anchor: anchor,
		Facts: Count(c.Count) + " statements", Fingerprint: c.Fingerprint, Plan: c.Plan}
	if logged := replayLogged(c); logged != "" {
		h.Facts += " · " + logged
	}
	shown, same := replayShown(c)
	h.Same = replaySameLine(len(shown), same)
	for _, s := range shown {
		h.Samples = append(h.Samples, htmlReplaySampleOf(s))
	}
	if t := c.Timing; t != nil {
		ht := &htmlReplayTiming{Error: t.Error, Timed: replayTimed(c)}
		if ht.Timed {
			ht.Runs, ht.CILevel = replayRuns(t), replayCILevel(t)
			ht.Median = [2]string{Duration(t.Source.Median), Duration(t.Target.Median)}
			ht.CI = [2]string{replayCI(t.Source), replayCI(t.Target)}
			ht.Counters = replayCounters(t)
			ht.Change, ht.ChangeClass = replayChange(c, r), htmlChangeClass(t.Verdict)
		}
		h.Timing = ht
	}
	return h
}

func htmlReplaySampleOf(s *replay.Statement) htmlReplaySample {
	sql, cut := replaySQL(s.SQL)
	h := htmlReplaySample{Where: replayWhere(s), SQL: sql, Cut: cut, Source: replayOutcome(s.Source), Target: replayOutcome(s.Target),
		Notices: s.Notices}
	if s.Source.Error != nil {
		h.SourceClass = "bad"
	}
	if s.Target.Error != nil {
		h.TargetClass = "bad"
	}
	for _, d := range s.Differences {
		hd := htmlReplayDiff{Kind: string(d.Kind), Detail: d.Detail}
		for _, side := range []struct {
			name string
			o    replay.Outcome
			rows [][]string
		}{{"only on the source", s.Source, d.OnlySource}, {"only on the target", s.Target, d.OnlyTarget}} {
			if len(side.rows) == 0 {
				continue
			}
			hr := htmlReplayRows{Side: side.name, Header: replayRowHeader(side.o, side.rows)}
			for _, row := range side.rows {
				values := make([]htmlValue, len(hr.Header))
				for i := range values {
					values[i].Empty = true
					if i < len(row) {
						values[i] = htmlValue{Text: row[i], Empty: row[i] == ""}
					}
				}
				hr.Rows = append(hr.Rows, values)
			}
			hd.Rows = append(hd.Rows, hr)
		}
		h.Differences = append(h.Differences, hd)
	}
	return h
}

// htmlChangeClass colours a timing change: slower bad, faster good.
func htmlChangeClass(v stats.Verdict) string {
	switch v {
	case stats.Regression:
		return "bad"
	case stats.Improvement:
		return "good"
	}
	return "neutral"
}

// htmlReplayChart draws each timed class's target/source median on a log
// scale around 1×, slowest first: a bar right of 1× took longer on the
// target, red when significantly so beyond the threshold (the class is
// slower), green when significantly faster. Classes that were not timed
// (an error on a side, skipped, --no-timing) have no bar; when more than
// htmlMaxChartRows were timed, those furthest from 1× are drawn.
func htmlReplayChart(r *replay.Result) *htmlChart {
	var timed []*replay.Class
	for _, c := range r.Classes {
		if replayTimed(c) {
			timed = append(timed, c)
		}
	}
	if len(timed) == 0 {
		return nil
	}
	c := &htmlChart{Label: "target median over source median, per statement class"}
	shown := slices.Clone(timed)
	if len(shown) > htmlMaxChartRows {
		distance := func(c *replay.Class) float64 {
			if c.Timing.Comparison.Ratio <= 0 {
				return 0
			}
			return math.Abs(math.Log(c.Timing.Comparison.Ratio))
		}
		slices.SortStableFunc(shown, func(a, b *replay.Class) int { return cmp.Compare(distance(b), distance(a)) })
		shown = shown[:htmlMaxChartRows]
		c.Caption = fmt.Sprintf("The %d classes furthest from 1× of %d timed.", htmlMaxChartRows, len(timed))
	}
	slices.SortStableFunc(shown, func(a, b *replay.Class) int {
		return cmp.Compare(b.Timing.Comparison.Ratio, a.Timing.Comparison.Ratio)
	})
	if n := len(r.Classes) - len(timed); n > 0 {
		untimed := fmt.Sprintf("%d of %d classes were not timed (an error on a side, skipped, not reached or --no-timing) and have no bar.",
			n, len(r.Classes))
		if c.Caption != "" {
			c.Caption += " "
		}
		c.Caption += untimed
	}
	items := make([]htmlRatio, len(shown))
	for i, cl := range shown {
		t := cl.Timing
		it := htmlRatio{Label: cl.ID + " · " + cl.Fingerprint, Class: htmlChangeClass(t.Verdict), Ratio: t.Comparison.Ratio,
			Missing: "the source's median is 0", Note: Times(t.Comparison.Ratio) + " " + t.Comparison.String(),
			Title: fmt.Sprintf("%s: source %s, target %s median, n=%d and %d, p=%.3g", cl.ID, Duration(t.Source.Median),
				Duration(t.Target.Median), t.Source.N, t.Target.N, t.Comparison.P)}
		if it.Ratio <= 0 {
			it.Note = t.Comparison.String()
		}
		items[i] = it
	}
	return c.ratios(items, r.Threshold, []htmlLegendItem{{"bad", "slower on the target (beyond the threshold)"},
		{"good", "faster on the target (beyond the threshold)"}, {"neutral", "within noise or the threshold"}},
		"target median / source median (log scale); shaded: within the threshold")
}
