package reports

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/parity-db/parity/replay"
	"github.com/parity-db/parity/stats"
)

// What the Markdown, HTML and JUnit reports of a replay share: which
// classes get a section of their own, and each part of a class said the
// same way in every format.

// replayVerdicts are the verdicts in the order the run sorts classes.
var replayVerdicts = []replay.Verdict{replay.Different, replay.Failed, replay.Slower, replay.Notice, replay.Same,
	replay.Skipped, replay.NotReached}

// replayShownSQL is how much of a statement a report shows; the JSON
// document has it whole.
const replayShownSQL = 4000

// replayTotals counts the classes by verdict, worst first: "2 different,
// 1 slower, 4 same".
func replayTotals(t replay.Totals) string {
	var parts []string
	for _, v := range replayVerdicts {
		if n := t.ByVerdict[v]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, v))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// replayDetailed reports whether a class gets a section of its own: every
// class that did not return the same on both servers, and a same class
// whose plan changed or whose counters differ, which is worth a look even
// when it got faster. Skipped and unreached classes have nothing to show
// beyond their line in the table.
func replayDetailed(c *replay.Class) bool {
	switch c.Verdict {
	case replay.Skipped, replay.NotReached:
		return false
	case replay.Same:
		return (c.Plan != nil && (len(c.Plan.Changes) > 0 || c.Plan.Error != "")) || len(replayCounters(c.Timing)) > 0
	}
	return true
}

// replayTimed reports whether both servers completed timed runs of the
// class.
func replayTimed(c *replay.Class) bool {
	return c.Timing != nil && c.Timing.Source.N > 0 && c.Timing.Target.N > 0
}

// replayCounter is a counter whose median differs between the servers.
type replayCounter struct{ Name, Source, Target string }

// replayCounters are the counters that differ between the sides, by name:
// those both servers report (MariaDB has no performance_schema figures by
// default, which tells nothing about the statement) whose medians are apart
// by more than a tenth, or where one is zero and the other is not
// (Created_tmp_disk_tables 0 → 1); 500,006 against 500,005 rows read is noise.
func replayCounters(t *replay.Timing) []replayCounter {
	if t == nil {
		return nil
	}
	var names []string
	for name := range t.SourceCounters {
		if _, ok := t.TargetCounters[name]; ok {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	var out []replayCounter
	for _, name := range names {
		a, b := t.SourceCounters[name], t.TargetCounters[name]
		lo, hi := min(a, b), max(a, b)
		if a != b && (lo == 0 || float64(hi) > 1.1*float64(lo)) {
			out = append(out, replayCounter{Name: name, Source: Count(a), Target: Count(b)})
		}
	}
	return out
}

// replayCI is a summary's confidence interval of the median, "" for a
// single run: "11.7ms – 13.5ms".
func replayCI(s stats.Summary) string {
	if s.N < 2 || s.CILevel == 0 {
		return ""
	}
	return fmt.Sprintf("%s – %s", Duration(s.CILow), Duration(s.CIHigh))
}

// replayCILevel names the confidence of the intervals replayCI shows.
func replayCILevel(t *replay.Timing) string {
	return strconv.FormatFloat(t.Source.CILevel*100, 'f', 1, 64) + "% CI of the median"
}

// replayChange says how the target's median compares with the source's:
// "3.71×, +270.7% (Mann-Whitney U, p=0.008): slower beyond the 10%
// threshold" or "1.06×, no significant difference (Mann-Whitney U,
// p=0.420)".
func replayChange(c *replay.Class, r *replay.Result) string {
	t := c.Timing
	cmp := t.Comparison
	s := Times(cmp.Ratio)
	if s == "" {
		s = "no ratio (the source's median is 0)"
	}
	p := fmt.Sprintf("p=%.3f", cmp.P)
	if cmp.P < 0.001 {
		p = "p<0.001"
	}
	if !cmp.Significant {
		return s + ", no significant difference (Mann-Whitney U, " + p + ")"
	}
	s += fmt.Sprintf(", %+.1f%% (Mann-Whitney U, %s)", (cmp.Ratio-1)*100, p)
	switch {
	case t.Verdict == stats.Regression:
		return s + ": slower beyond the " + Percent(r.Threshold) + " threshold"
	case t.Verdict == stats.Improvement:
		return s + ": faster beyond the " + Percent(r.Threshold) + " threshold"
	}
	return s + ": within the " + Percent(r.Threshold) + " threshold"
}

// replayRuns says how the class was timed: "5 runs on each server,
// interleaved, of the first statement".
func replayRuns(t *replay.Timing) string {
	if t.Source.N == t.Target.N {
		return fmt.Sprintf("%d runs on each server, interleaved, of the first statement", t.Source.N)
	}
	return fmt.Sprintf("%d runs on the source and %d on the target, interleaved, of the first statement", t.Source.N, t.Target.N)
}

// replayOutcome is what one server made of a statement: its error, or
// its rows, time and warnings.
func replayOutcome(o replay.Outcome) string {
	if o.Error != nil {
		return o.Error.String()
	}
	rows := "rows"
	if o.Rows == 1 {
		rows = "row"
	}
	s := fmt.Sprintf("%s %s in %s", Count(o.Rows), rows, Duration(o.Seconds))
	switch n := len(o.Warnings); n {
	case 0:
	case 1:
		s += ", 1 warning"
	default:
		s += fmt.Sprintf(", %d warnings", n)
	}
	return s
}

// replayWhere is where a statement came from: "schema shop · slow.log:1042".
func replayWhere(s *replay.Statement) string {
	var parts []string
	if s.Schema != "" {
		parts = append(parts, "schema "+s.Schema)
	}
	if s.Origin != "" {
		parts = append(parts, "from "+s.Origin)
	}
	return strings.Join(parts, " · ")
}

// replaySQL is a statement as a report shows it: its line breaks made
// \n, cut after replayShownSQL characters with a line saying so.
func replaySQL(sql string) (text, cut string) {
	sql = strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(sql)
	r := []rune(sql)
	if len(r) <= replayShownSQL {
		return sql, ""
	}
	return string(r[:replayShownSQL]) + "…", fmt.Sprintf("the first %s of %s characters; the JSON document has all of them",
		Count(replayShownSQL), Count(int64(len(r))))
}

// replayShown are the samples a class's section shows: those that were not
// the same on both servers, and how many were.
func replayShown(c *replay.Class) (shown []*replay.Statement, same int) {
	for _, s := range c.Samples {
		if s.Verdict == replay.Same {
			same++
			continue
		}
		shown = append(shown, s)
	}
	return shown, same
}

// replaySameLine says how many of a class's samples were the same.
func replaySameLine(shown, same int) string {
	switch {
	case same == 0:
		return ""
	case shown == 0 && same == 1:
		return "Its statement returned the same on both servers."
	case shown == 0:
		return fmt.Sprintf("All %d of its statements returned the same on both servers.", same)
	case same == 1:
		return "1 more statement of this class returned the same on both servers."
	}
	return fmt.Sprintf("%d more statements of this class returned the same on both servers.", same)
}

// replayRowHeader names the columns of rows shown from one side: the
// side's column names, or their positions when the names do not fit the
// rows.
func replayRowHeader(o replay.Outcome, rows [][]string) []string {
	width := 0
	for _, r := range rows {
		width = max(width, len(r))
	}
	if len(o.Columns) == width {
		names := make([]string, width)
		for i, c := range o.Columns {
			names[i] = c.Name
		}
		return names
	}
	names := make([]string, width)
	for i := range names {
		names[i] = "#" + strconv.Itoa(i+1)
	}
	return names
}

// replayLogged is the time the log recorded for a class, "" when none.
func replayLogged(c *replay.Class) string {
	if c.LoggedSeconds <= 0 {
		return ""
	}
	return Duration(c.LoggedSeconds) + " logged"
}
