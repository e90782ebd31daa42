package result

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/parity-db/parity/extract"
	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/stats"
)

// ExtractComparison is two saved extractions of the same tables side by
// side, the older first: per pair of runs (the same role in both, or the
// only run of each), each table's rows, time and throughput before and
// after, and whether the chunks got significantly slower.
type ExtractComparison struct {
	Threshold   stats.Threshold    `json:"threshold_percent"`
	OldStarted  time.Time          `json:"old_started"`
	NewStarted  time.Time          `json:"new_started"`
	OldStatus   string             `json:"old_status"`
	NewStatus   string             `json:"new_status"`
	Runs        []*ExtractRunDelta `json:"runs"`
	Notes       []string           `json:"notes,omitempty"` // runs only one result has
	Regressions int                `json:"regressions"`
}

// ExtractRunDelta compares one run of the older result with one of the
// newer.
type ExtractRunDelta struct {
	OldRole     string               `json:"old_role"`
	NewRole     string               `json:"new_role"`
	OldServer   schema.Server        `json:"old_server"`
	NewServer   schema.Server        `json:"new_server"`
	Note        string               `json:"note,omitempty"` // why there are no tables: a run did not finish
	Tables      []ExtractTableChange `json:"tables"`         // every table of either run, by name
	Total       ExtractTableChange   `json:"total"`          // the whole runs; no verdict
	Regressions int                  `json:"regressions"`
}

// Label names the pair: "source" when both runs have that role, else
// "source → target".
func (d *ExtractRunDelta) Label() string {
	if d.OldRole == d.NewRole {
		return d.OldRole
	}
	return d.OldRole + " → " + d.NewRole
}

// Servers names the runs' servers: "mysql 9.7.4 at u@h:3306/db (both
// runs)", or the old one → the new one.
func (d *ExtractRunDelta) Servers() string {
	o, n := d.OldServer.String(), d.NewServer.String()
	if o == n {
		return o + " (both runs)"
	}
	return o + " → " + n
}

// ExtractTableChange is one table in both runs, or in one of them.
type ExtractTableChange struct {
	Table string         `json:"table"`
	Old   *ExtractTiming `json:"old,omitempty"` // nil: only in the newer run
	New   *ExtractTiming `json:"new,omitempty"` // nil: only in the older run
	// Ratio is the new time over the old: 1.5 took half as long again.
	// 0 when a side is missing or took no time.
	Ratio float64 `json:"ratio,omitempty"`
	// Compare tests the chunks' seconds per MB (the inverse of MB/s, so
	// that a ratio above 1 is slower, as in bench compare), new against
	// old. Not significant with fewer than stats.MinSamples chunks a side.
	Compare *stats.Comparison `json:"comparison,omitempty"`
	// Verdict is a stats verdict for a table both runs read, TableOnlyOld
	// or TableOnlyNew for one that only one did.
	Verdict stats.Verdict `json:"verdict,omitempty"`
}

// ExtractTiming is how one run read a table (or, as a total, everything).
type ExtractTiming struct {
	Rows     int64   `json:"rows"`
	Bytes    int64   `json:"bytes"`
	Seconds  float64 `json:"seconds"`
	MBPerSec float64 `json:"mb_per_sec"`
	Chunks   int     `json:"chunks"`
}

// Verdicts of an ExtractTableChange besides the timing verdicts of package
// stats, which judge the chunks' time per MB.
const (
	TableOnlyOld stats.Verdict = "only in old"
	TableOnlyNew stats.Verdict = "only in new"
)

// ErrNotComparable means two results cannot be put side by side.
var ErrNotComparable = errors.New("results cannot be compared")

// CompareExtract compares two extract results run by run: runs with the
// same role (source with source, target with target), or, when no role is
// in both, the only run of each whatever their roles. A table is judged
// by its chunks' throughput, which does not depend on how many chunks a
// run cut it into: a regression is significant (Mann-Whitney U, p <
// stats.Alpha, at least stats.MinSamples chunks a side) and slower than
// the threshold.
func CompareExtract(old, cur *Extract, threshold stats.Threshold) (*ExtractComparison, error) {
	c := &ExtractComparison{Threshold: threshold, OldStarted: old.Started(), NewStarted: cur.Started(),
		OldStatus: old.Status, NewStatus: cur.Status}
	pairs, notes := pairRuns(old.Runs, cur.Runs)
	if len(pairs) == 0 {
		return nil, fmt.Errorf("%w: no run to pair: the first result has %s, the second %s (runs pair by role, "+
			"or one run with one run)", ErrNotComparable, describeRoles(old.Runs), describeRoles(cur.Runs))
	}
	c.Notes = notes
	for _, p := range pairs {
		d := compareRuns(p[0], p[1], threshold)
		c.Runs = append(c.Runs, d)
		c.Regressions += d.Regressions
	}
	return c, nil
}

// pairRuns matches runs by role, in the older result's order; when no role
// is in both and each result has one run, those two. notes name the runs
// left without a partner.
func pairRuns(old, cur []*ExtractRun) (pairs [][2]*ExtractRun, notes []string) {
	byRole := map[string]*ExtractRun{}
	for _, run := range cur {
		byRole[run.Role] = run
	}
	paired := map[string]bool{}
	for _, run := range old {
		if n := byRole[run.Role]; n != nil && !paired[run.Role] {
			pairs = append(pairs, [2]*ExtractRun{run, n})
			paired[run.Role] = true
		}
	}
	if len(pairs) == 0 && len(old) == 1 && len(cur) == 1 {
		return [][2]*ExtractRun{{old[0], cur[0]}}, nil
	}
	for _, run := range old {
		if !paired[run.Role] {
			notes = append(notes, fmt.Sprintf("%s: only in the old result", run.Role))
		}
	}
	for _, run := range cur {
		if !paired[run.Role] {
			notes = append(notes, fmt.Sprintf("%s: only in the new result", run.Role))
		}
	}
	return pairs, notes
}

func describeRoles(runs []*ExtractRun) string {
	if len(runs) == 0 {
		return "no runs"
	}
	roles := make([]string, len(runs))
	for i, run := range runs {
		roles[i] = run.Role
	}
	return "runs " + strings.Join(roles, ", ")
}

// compareRuns compares the tables of two runs.
func compareRuns(old, cur *ExtractRun, threshold stats.Threshold) *ExtractRunDelta {
	d := &ExtractRunDelta{OldRole: old.Role, NewRole: cur.Role}
	if old.Result != nil {
		d.OldServer = old.Server
	}
	if cur.Result != nil {
		d.NewServer = cur.Server
	}
	switch {
	case old.Result == nil && cur.Result == nil:
		d.Note = "neither run finished"
		return d
	case old.Result == nil:
		d.Note = "the old run did not finish"
		return d
	case cur.Result == nil:
		d.Note = "the new run did not finish"
		return d
	}
	oldTables := map[string]*extract.TableResult{}
	var names []string
	for i := range old.Tables {
		t := &old.Tables[i]
		oldTables[t.Schema+"."+t.Name] = t
		names = append(names, t.Schema+"."+t.Name)
	}
	newTables := map[string]*extract.TableResult{}
	for i := range cur.Tables {
		t := &cur.Tables[i]
		name := t.Schema + "." + t.Name
		newTables[name] = t
		if oldTables[name] == nil {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		ch := compareTable(name, oldTables[name], newTables[name], threshold)
		if ch.Verdict == stats.Regression {
			d.Regressions++
		}
		d.Tables = append(d.Tables, ch)
	}
	d.Total = ExtractTableChange{Table: fmt.Sprintf("%d tables", len(names)), Old: runTiming(old.Result), New: runTiming(cur.Result)}
	d.Total.Ratio = stats.Ratio(d.Total.New.Seconds, d.Total.Old.Seconds)
	return d
}

func compareTable(name string, old, cur *extract.TableResult, threshold stats.Threshold) ExtractTableChange {
	ch := ExtractTableChange{Table: name}
	if old != nil {
		ch.Old = tableTiming(old)
	}
	if cur != nil {
		ch.New = tableTiming(cur)
	}
	switch {
	case old == nil:
		ch.Verdict = TableOnlyNew
		return ch
	case cur == nil:
		ch.Verdict = TableOnlyOld
		return ch
	}
	ch.Ratio = stats.Ratio(cur.Seconds, old.Seconds)
	cmp := stats.Compare(secondsPerMB(old.Chunks), secondsPerMB(cur.Chunks))
	ch.Compare = &cmp
	ch.Verdict = cmp.Verdict(threshold)
	return ch
}

// secondsPerMB is each chunk's time per MB read. Chunks that read nothing
// (an empty key range) or took no measurable time tell nothing of speed
// and are left out.
func secondsPerMB(chunks []extract.ChunkResult) []float64 {
	var out []float64
	for _, c := range chunks {
		if c.Bytes > 0 && c.Seconds > 0 {
			out = append(out, c.Seconds/(float64(c.Bytes)/1e6))
		}
	}
	return out
}

func tableTiming(t *extract.TableResult) *ExtractTiming {
	return &ExtractTiming{Rows: t.Rows, Bytes: t.Bytes, Seconds: t.Seconds, MBPerSec: t.MBPerSec, Chunks: len(t.Chunks)}
}

func runTiming(r *extract.Result) *ExtractTiming {
	return &ExtractTiming{Rows: r.Rows, Bytes: r.Bytes, Seconds: r.Seconds, MBPerSec: r.MBPerSec(), Chunks: r.ChunkCount()}
}
