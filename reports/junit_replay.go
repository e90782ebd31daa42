package reports

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/parity-db/parity/replay"
	"github.com/parity-db/parity/result"
)

// junitReplay makes a case per statement class, named by its id and the
// start of its fingerprint and timed by the target's median. A class that
// differs, failed or is slower fails: the message says what decided it,
// the body has the differing statements, rows, timing and plans. A skipped
// class (not read-only) and one the run did not reach are skipped with the
// reason. A class that passed has its notices, timing and plans in the
// case's output; a failing one has its notices there too.
func junitReplay(d *result.Replay) junitSuite {
	const class = "parity.replay"
	var s junitSuite
	r := d.Result
	if r == nil {
		return s
	}
	s.Properties = []junitProperty{{Name: "threshold_percent", Value: strconv.FormatFloat(r.Threshold.Percent(), 'f', -1, 64)},
		{Name: "runs", Value: strconv.Itoa(r.Runs)}}
	for _, c := range r.Classes {
		name := strings.Join(strings.Fields(c.ID+" "+Truncate(c.Fingerprint, 60)), " ")
		tc := junitCase{Classname: class, Name: name, Time: junitTime(junitReplayTime(c))}
		switch {
		case c.Verdict.Counts():
			tc.Failure = &junitProblem{Message: ReplayWhat(c), Type: string(c.Verdict), Text: junitReplayDetail(r, c)}
			var notices []string
			for _, st := range c.Samples {
				for _, n := range st.Notices {
					notices = append(notices, "notice: "+n)
				}
			}
			tc.SystemOut = strings.Join(notices, "\n")
		case c.Verdict == replay.Skipped:
			tc.Skipped = &junitProblem{Message: c.Skipped}
		case c.Verdict == replay.NotReached:
			tc.Skipped = &junitProblem{Message: "not reached: the run ended first"}
		default: // same or notice: the notices are in the detail
			tc.SystemOut = string(c.Verdict) + "\n" + junitReplayDetail(r, c)
		}
		s.add(tc)
	}
	totals := r.Totals()
	s.SystemOut = fmt.Sprintf("%s statements in %d classes, %d replayed: %s; %d count against the run (different, failed or slower beyond %s)",
		Count(r.Statements), totals.Classes, totals.Statements, replayTotals(totals), r.Counted(), Percent(r.Threshold))
	if r.Interrupted {
		s.SystemOut += "\nthe run stopped before every class ran"
	}
	return s
}

// junitReplayTime is how long the class took on the target: its timed
// median, else its first statement's single run.
func junitReplayTime(c *replay.Class) float64 {
	switch {
	case replayTimed(c):
		return c.Timing.Target.Median
	case len(c.Samples) > 0:
		return c.Samples[0].Target.Seconds
	}
	return 0
}

// junitReplayDetail is a class as text: its fingerprint, the samples that
// were not the same with their differences and rows, the timing and the
// plans.
//
//	fingerprint: select * from `docs` order by `created_at` desc
//
//	statement (schema shop · from slow.log:1042):
//	SELECT * FROM `docs` ORDER BY `created_at` DESC
//	source: 5,000 rows in 42.1ms
//	target: ERROR 1038: Out of sort memory, consider increasing server sort buffer size
//	error: fails on the target only: ERROR 1038: ...
func junitReplayDetail(r *replay.Result, c *replay.Class) string {
	var b strings.Builder
	fmt.Fprintf(&b, "fingerprint: %s\n", c.Fingerprint)
	shown, same := replayShown(c)
	for _, s := range shown {
		head := "statement"
		if where := replayWhere(s); where != "" {
			head += " (" + where + ")"
		}
		sql, cut := replaySQL(s.SQL)
		fmt.Fprintf(&b, "\n%s:\n%s\n", head, strings.TrimRight(sql, "\n"))
		if cut != "" {
			fmt.Fprintf(&b, "(%s)\n", cut)
		}
		fmt.Fprintf(&b, "source: %s\ntarget: %s\n", replayOutcome(s.Source), replayOutcome(s.Target))
		for _, d := range s.Differences {
			fmt.Fprintf(&b, "%s: %s\n", d.Kind, d.Detail)
			for _, row := range d.OnlySource {
				fmt.Fprintf(&b, "  only on the source: %s\n", junitReplayRow(row))
			}
			for _, row := range d.OnlyTarget {
				fmt.Fprintf(&b, "  only on the target: %s\n", junitReplayRow(row))
			}
		}
		for _, n := range s.Notices {
			fmt.Fprintf(&b, "notice: %s\n", n)
		}
	}
	if line := replaySameLine(len(shown), same); line != "" {
		fmt.Fprintf(&b, "\n%s\n", line)
	}
	if t := c.Timing; t != nil {
		if replayTimed(c) {
			fmt.Fprintf(&b, "\ntiming, %s:\n", replayRuns(t))
			fmt.Fprintf(&b, "  median: source %s, target %s\n", Duration(t.Source.Median), Duration(t.Target.Median))
			if replayCI(t.Source) != "" && replayCI(t.Target) != "" {
				fmt.Fprintf(&b, "  %s: source %s, target %s\n", replayCILevel(t), replayCI(t.Source), replayCI(t.Target))
			}
			for _, ct := range replayCounters(t) {
				fmt.Fprintf(&b, "  %s: source %s, target %s\n", ct.Name, ct.Source, ct.Target)
			}
			fmt.Fprintf(&b, "  target/source: %s\n", replayChange(c, r))
		}
		if t.Error != "" {
			fmt.Fprintf(&b, "timing stopped: %s\n", t.Error)
		}
	}
	if p := c.Plan; p != nil {
		switch {
		case p.Error != "":
			fmt.Fprintf(&b, "\nplan: %s\n", p.Error)
		case p.Source == p.Target && len(p.Changes) == 0:
			fmt.Fprintf(&b, "\nplan, the same on both servers: %s\n", p.Source)
		default:
			fmt.Fprintf(&b, "\nplan: source %s; target %s\n", p.Source, p.Target)
			for _, ch := range p.Changes {
				fmt.Fprintf(&b, "  %s\n", ch)
			}
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// junitReplayRow shows a row's values in parentheses, quoting those that
// would be ambiguous there: empty, or holding a comma, a parenthesis, a
// quote or a control character.
//
//	(7, "a, b", NULL, "line one\nline two")
func junitReplayRow(row []string) string {
	values := make([]string, len(row))
	for i, v := range row {
		values[i] = v
		if v == "" || strings.ContainsAny(v, ",()\"") || strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
			values[i] = strconv.Quote(v)
		}
	}
	return "(" + strings.Join(values, ", ") + ")"
}
