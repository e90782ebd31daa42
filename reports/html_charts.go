package reports

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/parity-db/parity/bench"
	"github.com/parity-db/parity/result"
	"github.com/parity-db/parity/stats"
	"github.com/parity-db/parity/verify"
)

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

// ---- chart builders ----

// htmlBar is one bar of a grouped bar chart, with its tooltip and the
// label written after it.
type htmlBar struct {
	Value        float64
	Title, Label string
	LabelClass   string
}

// htmlBarGroup is one table's bars, one per series; a nil bar is a series
// without a value for the table.
type htmlBarGroup struct {
	Name string
	Bars []*htmlBar
}

// groupedBars draws the legend, then for each group a bar per series
// (missing names what stands where a series has no bar), then the value
// axis under them, scaled to the largest bar.
func (c *htmlChart) groupedBars(legend []htmlLegendItem, groups []htmlBarGroup, missing func(series int) string,
	tick func(float64) string, axisTitle string) {
	maxV := 0.0
	for _, g := range groups {
		for _, b := range g.Bars {
			if b != nil {
				maxV = max(maxV, b.Value)
			}
		}
	}
	const left, right, bar, gap = 230.0, 200.0, 16.0, 3.0
	x0, width := left, htmlChartWidth-left-right
	ticks, top := htmlTicks(maxV)
	scale := func(v float64) float64 { return v / top * width }

	y := c.legend(0, legend) + 14
	chartTop := y
	for _, g := range groups {
		gh := float64(len(g.Bars))*(bar+gap) - gap
		c.label(left-10, y+gh/2+4, "end", "", g.Name, left-20)
		for i, b := range g.Bars {
			by := y + float64(i)*(bar+gap)
			if b == nil {
				c.text(x0+4, by+12, "", "muted", missing(i))
				continue
			}
			w := max(scale(b.Value), 1)
			c.rect(x0, by, w, bar, htmlSeries(i), b.Title)
			c.text(x0+w+6, by+12, "", b.LabelClass, b.Label)
		}
		y += gh + 10
	}
	c.axis(x0, width, top, ticks, chartTop-4, y-4, tick, axisTitle)
}

// htmlExtractChart draws each table's throughput, one bar per server, the
// biggest tables first when there are too many to draw.
func htmlExtractChart(runs []*result.ExtractRun) *htmlChart {
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
	groups := make([]htmlBarGroup, len(names))
	for g, n := range names {
		groups[g] = htmlBarGroup{Name: n, Bars: make([]*htmlBar, len(runs))}
		for i := range runs {
			if p, ok := byTable[n][i]; ok {
				groups[g].Bars[i] = &htmlBar{Value: p.mbps,
					Title: fmt.Sprintf("%s %s: %.2f MB/s, %s rows/s", runs[i].Role, n, p.mbps, Rate(p.rps)),
					Label: htmlMBps(p.mbps) + " MB/s · " + Rate(p.rps) + " rows/s"}
			}
		}
	}
	c.groupedBars(legend, groups, func(int) string { return "not extracted" },
		func(v float64) string { return htmlTick(v) }, "MB/s (label: MB/s · rows/s)")
	return c
}

// htmlMBps shows a rate that rounds to zero as below 0.1 rather than as 0.
func htmlMBps(v float64) string {
	if v > 0 && v < 0.05 {
		return "<0.1"
	}
	return fmt.Sprintf("%.1f", v)
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
				label := t + " " + statsText(s)
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

// htmlCompareChart draws each change's ratio of medians (new/old) on a log
// scale around 1.0, with the threshold as a shaded band. A slower cell's
// bar goes right, a faster one's left.
func htmlCompareChart(changes []bench.Change, t stats.Threshold) *htmlChart {
	if len(changes) == 0 {
		return nil
	}
	items := make([]htmlRatio, len(changes))
	for i, ch := range changes {
		cls := htmlStatusClass(string(ch.Verdict))
		if cls == "warn" {
			cls = "neutral"
		}
		it := htmlRatio{Label: ch.Key, Class: cls, Note: string(ch.Verdict), Missing: "no timing on one side"}
		if ch.Compare != nil && ch.Compare.Ratio > 0 {
			r := ch.Compare.Ratio
			it.Ratio = r
			it.Title = fmt.Sprintf("%s: %s, ratio %.3f, p=%.3g", ch.Key, ch.Verdict, r, ch.Compare.P)
			change := fmt.Sprintf("%+.1f%% (p=%.3f)", (r-1)*100, ch.Compare.P)
			if ch.Compare.P < 0.001 {
				change = fmt.Sprintf("%+.1f%% (p<0.001)", (r-1)*100)
			}
			it.Note += " " + change
		}
		items[i] = it
	}
	c := &htmlChart{Label: "ratio of medians, new over old, per cell"}
	return c.ratios(items, t, []htmlLegendItem{{"bad", "slower (regression)"}, {"good", "faster (improvement)"},
		{"neutral", "within noise or threshold"}}, "new median / old median (log scale); shaded: within the threshold")
}

// htmlRatio is one row of a ratio chart: a label, under it a bar from 1×
// to Ratio coloured by Class (no bar when Ratio is 0: Missing says why),
// and Note right of the chart in the same colour.
type htmlRatio struct {
	Label, Title, Class string
	Ratio               float64
	Missing, Note       string
}

// ratios draws each item's ratio on a log scale centred on 1×, with the
// threshold as a shaded band around it: a slower item's bar goes right, a
// faster one's left. The scale spans the largest ratio either way, and at
// least ±25% and one and a half thresholds.
func (c *htmlChart) ratios(items []htmlRatio, t stats.Threshold, legend []htmlLegendItem, axisTitle string) *htmlChart {
	threshold := float64(t)
	span := math.Log(1.25)
	if threshold > 0 && threshold < 1 {
		span = max(span, 1.5*math.Log(1+threshold), -1.5*math.Log(1-threshold))
	}
	for _, it := range items {
		if it.Ratio > 0 {
			span = max(span, math.Abs(math.Log(it.Ratio))*1.05)
		}
	}
	const pad, right, bar, labelH = 10.0, 200.0, 16.0, 16.0
	width := htmlChartWidth - 2*pad - right
	center := pad + width/2
	x := func(ratio float64) float64 { return center + math.Log(ratio)/span*width/2 }

	y := c.legend(0, legend) + 14
	top := y
	bottom := y + float64(len(items))*(labelH+bar+10) - 4
	if threshold > 0 && threshold < 1 {
		lo, hi := x(1-threshold), x(1+threshold)
		c.rect(lo, top, hi-lo, bottom-top, "band", "within ±"+Percent(t)+": never a regression")
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
	for _, it := range items {
		c.label(pad, y+12, "", "", it.Label, width)
		by := y + labelH
		if it.Ratio > 0 {
			x1, x2 := min(center, x(it.Ratio)), max(center, x(it.Ratio))
			c.rect(x1, by, max(x2-x1, 1), bar, it.Class, it.Title)
		} else {
			c.text(center+6, by+12, "", "muted", it.Missing)
		}
		c.text(pad+width+10, by+12, "", it.Class, it.Note)
		y = by + bar + 10
	}
	c.line(center, top-4, center, bottom, "one")
	c.text(center, bottom+14, "middle", "", "1×")
	c.text(center, bottom+30, "middle", "muted", axisTitle)
	return c.finish(bottom + 38)
}

// htmlExtractCompareChart draws each table's seconds in the old run and
// the new, one bar each, with the new time as a multiple of the old. The
// tables that took longest are drawn when there are too many.
func htmlExtractCompareChart(d *result.ExtractRunDelta) *htmlChart {
	if len(d.Tables) == 0 {
		return nil
	}
	c := &htmlChart{Label: d.Label() + ": seconds per table, old run and new"}
	tables := d.Tables
	if len(tables) > htmlMaxChartRows {
		longest := func(ch result.ExtractTableChange) float64 {
			v := 0.0
			if ch.Old != nil {
				v = ch.Old.Seconds
			}
			if ch.New != nil {
				v = max(v, ch.New.Seconds)
			}
			return v
		}
		tables = slices.Clone(tables)
		slices.SortStableFunc(tables, func(a, b result.ExtractTableChange) int { return cmp.Compare(longest(b), longest(a)) })
		tables = tables[:htmlMaxChartRows]
		slices.SortFunc(tables, func(a, b result.ExtractTableChange) int { return strings.Compare(a.Table, b.Table) })
		c.Caption = fmt.Sprintf("The %d longest of %d tables.", htmlMaxChartRows, len(d.Tables))
	}
	groups := make([]htmlBarGroup, len(tables))
	for g, ch := range tables {
		groups[g] = htmlBarGroup{Name: ch.Table, Bars: make([]*htmlBar, 2)}
		for i, side := range []struct {
			name string
			t    *result.ExtractTiming
		}{{"old", ch.Old}, {"new", ch.New}} {
			if side.t == nil {
				continue
			}
			bar := &htmlBar{Value: side.t.Seconds, Label: Duration(side.t.Seconds),
				Title: fmt.Sprintf("%s, %s run: %s, %s MB/s, %d chunks", ch.Table, side.name,
					Duration(side.t.Seconds), htmlMBps(side.t.MBPerSec), side.t.Chunks)}
			if i == 1 && ch.Ratio > 0 {
				bar.Label += " · " + Times(ch.Ratio)
				if class := htmlStatusClass(string(ch.Verdict)); class != "warn" && class != "neutral" {
					bar.LabelClass = class
				}
			}
			groups[g].Bars[i] = bar
		}
	}
	sides := []string{"old", "new"}
	c.groupedBars([]htmlLegendItem{{htmlSeries(0), "old run"}, {htmlSeries(1), "new run"}}, groups,
		func(i int) string { return "not in the " + sides[i] + " run" },
		htmlDurationTick, "seconds per table (label of the new run: its time as a multiple of the old)")
	return c
}
