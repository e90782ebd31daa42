package reports

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/parity-db/parity/replay"
	"github.com/parity-db/parity/result"
	"github.com/parity-db/parity/stats"
)

// mdReplay writes what a replay found: the totals, a row per statement
// class in the order the run sorted them (differences first), then a
// section per class worth reading (replayDetailed).
//
//	| Verdict | Class | Count | Fingerprint | Target/source | What |
//	|---|---|--:|---|--:|---|
//	| **different** | `3f2a9c0d1e2b4a5f` | 1,200 | `select * from docs order by created_at desc` |  | error: fails on the target only: ERROR 1038: … |
//
//	### different `3f2a9c0d1e2b4a5f` · 1,200 statements
func mdReplay(b *bytes.Buffer, d *result.Replay) {
	r := d.Result
	if r == nil {
		return
	}
	totals := r.Totals()
	fmt.Fprintf(b, "**%d statement classes** of %s logged statements, %s replayed: %s · threshold %s\n\n",
		totals.Classes, Count(r.Statements), Count(int64(totals.Statements)), mdText(replayTotals(totals)), Percent(r.Threshold))
	if r.Interrupted {
		fmt.Fprintf(b, "The run stopped before every class ran: %d not reached.\n\n", totals.ByVerdict[replay.NotReached])
	}
	if len(r.Classes) == 0 {
		return
	}
	b.WriteString("### Statement classes\n\n")
	t := mdTable{header: []string{"Verdict", "Class", "Count", "Fingerprint", "Target/source", "What"}, align: "llrlrl"}
	for _, c := range r.Classes {
		verdict := mdCell(string(c.Verdict))
		if c.Verdict.Counts() {
			verdict = "**" + verdict + "**"
		}
		t.add(verdict, mdCellCode(c.ID), Count(c.Count), mdCellCode(Truncate(c.Fingerprint, 80)), ReplayRatio(c),
			mdCell(Truncate(ReplayWhat(c), 160)))
	}
	t.write(b)
	for _, c := range r.Classes {
		if replayDetailed(c) {
			mdReplayClass(b, r, c)
		}
	}
}

// mdReplayClass writes one class: its fingerprint, the samples that were
// not the same, the timing and the plans.
func mdReplayClass(b *bytes.Buffer, r *replay.Result, c *replay.Class) {
	facts := []string{Count(c.Count) + " statements"}
	if logged := replayLogged(c); logged != "" {
		facts = append(facts, logged)
	}
	fmt.Fprintf(b, "### %s %s · %s\n\n", mdText(string(c.Verdict)), mdCode(c.ID), strings.Join(facts, " · "))
	fmt.Fprintf(b, "Fingerprint: %s\n\n", mdCode(c.Fingerprint))
	shown, same := replayShown(c)
	for _, s := range shown {
		mdReplayStatement(b, s)
	}
	if line := replaySameLine(len(shown), same); line != "" {
		b.WriteString(line + "\n\n")
	}
	if t := c.Timing; t != nil {
		mdReplayTiming(b, r, c)
	}
	if p := c.Plan; p != nil {
		mdReplayPlan(b, p)
	}
}

// mdReplayStatement writes a sample: its text as a code block, what each
// server made of it, the differences with the rows found on one side only,
// and the notices.
func mdReplayStatement(b *bytes.Buffer, s *replay.Statement) {
	head := "**Statement**"
	if where := replayWhere(s); where != "" {
		head += " · " + mdText(where)
	}
	b.WriteString(head + "\n\n")
	sql, cut := replaySQL(s.SQL)
	b.WriteString(mdBlock("sql", sql))
	if cut != "" {
		b.WriteString(mdText("("+cut+")") + "\n\n")
	}
	fmt.Fprintf(b, "- **source**: %s\n- **target**: %s\n\n", mdText(replayOutcome(s.Source)), mdText(replayOutcome(s.Target)))
	for _, d := range s.Differences {
		fmt.Fprintf(b, "**%s**: %s\n\n", mdText(string(d.Kind)), mdText(d.Detail))
		mdReplayRows(b, "Only on the source", s.Source, d.OnlySource)
		mdReplayRows(b, "Only on the target", s.Target, d.OnlyTarget)
	}
	for _, n := range s.Notices {
		fmt.Fprintf(b, "**notice**: %s\n\n", mdText(n))
	}
}

// mdReplayRows writes rows found on one side only as a table.
func mdReplayRows(b *bytes.Buffer, title string, o replay.Outcome, rows [][]string) {
	if len(rows) == 0 {
		return
	}
	fmt.Fprintf(b, "%s:\n\n", title)
	header := replayRowHeader(o, rows)
	for i, h := range header {
		header[i] = mdCell(h)
	}
	t := mdTable{header: header}
	for _, row := range rows {
		cells := make([]string, len(header))
		for i, v := range row {
			cells[i] = mdCell(v)
		}
		t.add(cells...)
	}
	t.write(b)
}

// mdReplayTiming writes the medians side by side with their confidence
// intervals and the counters that differ, then how the target compares.
func mdReplayTiming(b *bytes.Buffer, r *replay.Result, c *replay.Class) {
	t := c.Timing
	if replayTimed(c) {
		fmt.Fprintf(b, "**Timing**: %s.\n\n", replayRuns(t))
		tab := mdTable{header: []string{"", "Source", "Target"}, align: "lrr"}
		tab.add("median", Duration(t.Source.Median), Duration(t.Target.Median))
		if replayCI(t.Source) != "" || replayCI(t.Target) != "" {
			tab.add(mdCell(replayCILevel(t)), replayCI(t.Source), replayCI(t.Target))
		}
		for _, ct := range replayCounters(t) {
			tab.add(mdCellCode(ct.Name), ct.Source, ct.Target)
		}
		tab.write(b)
		change := mdText(replayChange(c, r))
		if t.Verdict == stats.Regression {
			change = "**" + change + "**"
		}
		fmt.Fprintf(b, "Target/source: %s.\n\n", change)
	}
	if t.Error != "" {
		fmt.Fprintf(b, "Timing stopped: %s\n\n", mdText(t.Error))
	}
}

// mdReplayPlan writes both plans in a line each and what changed.
func mdReplayPlan(b *bytes.Buffer, p *replay.PlanChange) {
	if p.Error != "" {
		fmt.Fprintf(b, "**Plan**: %s\n\n", mdText(p.Error))
		return
	}
	if p.Source == p.Target && len(p.Changes) == 0 {
		fmt.Fprintf(b, "**Plan**, the same on both servers: %s\n\n", mdCode(p.Source))
		return
	}
	fmt.Fprintf(b, "**Plan**: source %s · target %s\n\n", mdCode(p.Source), mdCode(p.Target))
	for _, ch := range p.Changes {
		fmt.Fprintf(b, "- %s\n", mdText(ch))
	}
	if len(p.Changes) > 0 {
		b.WriteString("\n")
	}
}
