package reports

import (
	"fmt"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/parity-db/parity/replay"
	"github.com/parity-db/parity/stats"
)

// ReplaySummary writes what a replay found: a line per statement class,
// differences first, then the details of every class that is not the same
// on both servers.
//
//	source: mariadb 10.11.14 at parity@127.0.0.1:23306/shop
//	target: mysql 9.7.4 at parity@127.0.0.1:23307/shop
//	┌───────────┬──────────────────┬───────┬──────────────────────────────┬─────────┬────────────┐
//	│  VERDICT  │      CLASS       │ COUNT │          STATEMENT           │ TARGET/ │    WHAT    │
//	│ different │ 3f2a9c0d1e2b4a5f │    12 │ select * from docs order by… │         │ error: ... │
//
// width > 0 fits the table into that many columns of text.
func ReplaySummary(w io.Writer, r *replay.Result, width int) error {
	fmt.Fprintf(w, "source: %s\ntarget: %s\n\n", r.Source, r.Target)
	right, left := tw.AlignRight, tw.AlignLeft
	align := tw.CellAlignment{PerColumn: []tw.Align{left, left, right, left, right, left}}
	t := newTable(w, width, []string{"VERDICT", "CLASS", "COUNT", "STATEMENT", "TARGET/SOURCE", "WHAT"},
		tablewriter.WithRowAlignmentConfig(align))
	for _, c := range r.Classes {
		t.Append([]string{string(c.Verdict), c.ID, Count(c.Count), Truncate(oneLine(c.Fingerprint), 60), ReplayRatio(c),
			Truncate(oneLine(ReplayWhat(c)), 90)})
	}
	if err := t.Render(); err != nil {
		return err
	}
	totals := r.Totals()
	var parts []string
	for _, v := range []replay.Verdict{replay.Different, replay.Failed, replay.Slower, replay.Notice, replay.Same,
		replay.Skipped, replay.NotReached} {
		if n := totals.ByVerdict[v]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, v))
		}
	}
	fmt.Fprintf(w, "%s statements in %d classes: %s\n", Count(r.Statements), totals.Classes, strings.Join(parts, ", "))
	for _, c := range r.Classes {
		if c.Verdict == replay.Same || c.Verdict == replay.Skipped || c.Verdict == replay.NotReached {
			continue
		}
		fmt.Fprintf(w, "\n%s %s (%s): %s\n", c.Verdict, c.ID, plural(c.Count, "statement"), oneLine(c.Fingerprint))
		writeReplayClass(w, c)
	}
	return nil
}

func writeReplayClass(w io.Writer, c *replay.Class) {
	for _, s := range c.Samples {
		if s.Verdict == replay.Same {
			continue
		}
		where := ""
		if s.Origin != "" {
			where = " (" + s.Origin + ")"
		}
		fmt.Fprintf(w, "  statement%s: %s\n", where, Truncate(oneLine(s.SQL), 200))
		for _, d := range s.Differences {
			fmt.Fprintf(w, "    %s: %s\n", d.Kind, oneLine(d.Detail))
			for _, row := range d.OnlySource {
				fmt.Fprintf(w, "      only on source: (%s)\n", oneLine(strings.Join(row, ", ")))
			}
			for _, row := range d.OnlyTarget {
				fmt.Fprintf(w, "      only on target: (%s)\n", oneLine(strings.Join(row, ", ")))
			}
		}
		for _, n := range s.Notices {
			fmt.Fprintf(w, "    notice: %s\n", n)
		}
	}
	if t := c.Timing; t != nil && t.Source.N > 0 {
		fmt.Fprintf(w, "  time: source %s, target %s median, %s (%s)\n", Duration(t.Source.Median),
			Duration(t.Target.Median), Times(t.Comparison.Ratio), t.Comparison)
		if diff := counterChanges(t); diff != "" {
			fmt.Fprintf(w, "  counters (source → target): %s\n", diff)
		}
	}
	if t := c.Timing; t != nil && t.Error != "" {
		fmt.Fprintf(w, "  timing stopped: %s\n", t.Error)
	}
	if p := c.Plan; p != nil {
		for _, ch := range p.Changes {
			fmt.Fprintf(w, "  plan: %s\n", ch)
		}
		if p.Error != "" {
			fmt.Fprintf(w, "  plan: %s\n", p.Error)
		}
	}
}

// ReplayRatio is the class's target/source median time, "" when it was
// not timed.
func ReplayRatio(c *replay.Class) string {
	if c.Timing == nil || c.Timing.Source.N == 0 {
		return ""
	}
	return Times(c.Timing.Comparison.Ratio)
}

// ReplayWhat says in a few words why a class has its verdict: its first
// sample's first difference, else its first notice, a slow-down or a plan
// change.
func ReplayWhat(c *replay.Class) string {
	if c.Skipped != "" {
		return "skipped: " + c.Skipped
	}
	for _, s := range c.Samples {
		if len(s.Differences) > 0 {
			return string(s.Differences[0].Kind) + ": " + s.Differences[0].Detail
		}
	}
	for _, s := range c.Samples {
		if len(s.Notices) > 0 {
			return s.Notices[0]
		}
	}
	if c.Timing != nil && c.Timing.Verdict == stats.Regression {
		return fmt.Sprintf("slower: %s", c.Timing.Comparison)
	}
	if c.Plan != nil && len(c.Plan.Changes) > 0 {
		return "plan: " + strings.Join(c.Plan.Changes, "; ")
	}
	return ""
}

// oneLine puts text that may hold line breaks (a statement, a value) on
// one line of the terminal.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n\t") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

func plural(n int64, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return Count(n) + " " + what + "s"
}

// counterChanges lists the counters whose medians differ between the
// servers: "Created_tmp_disk_tables 0 → 1, ROWS_EXAMINED 20 → 40".
func counterChanges(t *replay.Timing) string {
	var parts []string
	for _, c := range replayCounters(t) {
		parts = append(parts, fmt.Sprintf("%s %s → %s", c.Name, c.Source, c.Target))
	}
	return strings.Join(parts, ", ")
}
