package replay

import (
	"time"

	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/stats"
)

// Result is a replay of an application's statements on two servers.
type Result struct {
	Source  schema.Server `json:"source"`
	Target  schema.Server `json:"target"`
	Started time.Time     `json:"started"`
	Seconds float64       `json:"seconds"`
	// Statements is how many statements the log held; Classes group them.
	Statements int64    `json:"statements"`
	Classes    []*Class `json:"classes"`
	Runs       int      `json:"runs"`
	// Threshold is the slow-down beyond which a significant change is a
	// regression.
	Threshold stats.Threshold `json:"threshold_percent"`
	// Interrupted is true when the run stopped before every class ran.
	Interrupted bool `json:"interrupted,omitempty"`
}

// Verdict is what replaying a class (or one statement) found, worst first.
type Verdict string

const (
	Different  Verdict = "different"   // results, errors, warnings or column types differ
	Slower     Verdict = "slower"      // significantly slower on the target, beyond the threshold
	Failed     Verdict = "failed"      // could not be compared: the server went away, both timed out
	Notice     Verdict = "notice"      // worth reading: row order changed without ORDER BY, rows not comparable
	Same       Verdict = "same"        // same results, no significant slow-down
	Skipped    Verdict = "skipped"     // not read-only: never executed
	NotReached Verdict = "not reached" // the run ended first
)

// rank orders verdicts for sorting and for a class's worst statement.
func (v Verdict) rank() int {
	switch v {
	case Different:
		return 0
	case Failed:
		return 1
	case Slower:
		return 2
	case Notice:
		return 3
	case Same:
		return 5
	case Skipped:
		return 6
	}
	return 4
}

// Counts reports whether v counts against the run: exit status 1.
func (v Verdict) Counts() bool { return v == Different || v == Slower || v == Failed }

// Class is one statement fingerprint: its samples' outcomes on both
// servers, and the timing and plans of its first sample.
type Class struct {
	ID          string `json:"id"`
	Fingerprint string `json:"fingerprint"`
	// Count is the statements of this fingerprint in the log.
	Count int64 `json:"count"`
	// LoggedSeconds is their total time as the log recorded it.
	LoggedSeconds float64 `json:"logged_seconds,omitempty"`
	Verdict       Verdict `json:"verdict"`
	// Skipped says why the class never ran (it is not read-only).
	Skipped string       `json:"skipped,omitempty"`
	Samples []*Statement `json:"samples,omitempty"`
	Timing  *Timing      `json:"timing,omitempty"`
	Plan    *PlanChange  `json:"plan,omitempty"`
}

// Statement is one sample statement replayed on both servers.
type Statement struct {
	SQL    string `json:"sql"`
	Schema string `json:"schema,omitempty"`
	Origin string `json:"origin,omitempty"`
	// Ordered is true when the statement sorts its result (a top-level
	// ORDER BY), so row order is compared too.
	Ordered bool    `json:"ordered"`
	Source  Outcome `json:"source"`
	Target  Outcome `json:"target"`
	// Differences are what differ, most serious first; Notices are what a
	// reader should know but does not make the statement different.
	Differences []Difference `json:"differences,omitempty"`
	Notices     []string     `json:"notices,omitempty"`
	Verdict     Verdict      `json:"verdict"`
}

// Outcome is what one server made of a statement.
type Outcome struct {
	Error    *ServerError `json:"error,omitempty"`
	Warnings []Warning    `json:"warnings,omitempty"`
	Columns  []Column     `json:"columns,omitempty"`
	Rows     int64        `json:"rows"`
	// Checksum is the order-insensitive sum of the rows' canonical hashes.
	Checksum string  `json:"checksum,omitempty"`
	Seconds  float64 `json:"seconds"`
}

// ServerError is an error the server returned, or a failure to run at all
// (Code 0: the connection was lost, the statement timed out).
type ServerError struct {
	Code    uint16 `json:"code,omitempty"`
	Message string `json:"message"`
	// Lost is true when the server went away during the statement.
	Lost bool `json:"lost,omitempty"`
	// Timeout is true when the statement ran out of time.
	Timeout bool `json:"timeout,omitempty"`
}

// Warning is one row of SHOW WARNINGS.
type Warning struct {
	Level   string `json:"level"`
	Code    uint16 `json:"code"`
	Message string `json:"message"`
}

// Column is a result column as the server described it.
type Column struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// Kind names a class of difference.
type Kind string

const (
	ErrorDiff   Kind = "error"    // an error on one side only, or different errors
	RowsDiff    Kind = "rows"     // different rows
	OrderDiff   Kind = "order"    // same rows in another order despite ORDER BY
	WarningDiff Kind = "warnings" // different warnings
	ColumnDiff  Kind = "columns"  // different column names, counts or incompatible types
)

// Difference is one way the two servers' outcomes differ.
type Difference struct {
	Kind   Kind   `json:"kind"`
	Detail string `json:"detail"`
	// OnlySource and OnlyTarget show the first rows found on one side
	// only, their values as text.
	OnlySource [][]string `json:"only_source,omitempty"`
	OnlyTarget [][]string `json:"only_target,omitempty"`
}

// Timing is the class's first sample timed on both servers, interleaved.
type Timing struct {
	Source     stats.Summary    `json:"source"`
	Target     stats.Summary    `json:"target"`
	Comparison stats.Comparison `json:"comparison"`
	// Verdict is the target's time judged against the source's: a
	// regression when significantly slower beyond the threshold.
	Verdict stats.Verdict `json:"verdict"`
	// SourceCounters and TargetCounters are medians over the timed runs
	// (Created_tmp_disk_tables, Sort_merge_passes, ROWS_EXAMINED,
	// temptable_ram_bytes...).
	SourceCounters map[string]int64 `json:"source_counters,omitempty"`
	TargetCounters map[string]int64 `json:"target_counters,omitempty"`
	// Error says why timing stopped early, "" when every run completed.
	Error string `json:"error,omitempty"`
}

// PlanChange is the class's first sample explained on both servers.
type PlanChange struct {
	Source  string   `json:"source,omitempty"` // one-line plan summary
	Target  string   `json:"target,omitempty"`
	Changes []string `json:"changes,omitempty"`
	// Error says why a plan is missing (EXPLAIN failed), "" otherwise.
	Error string `json:"error,omitempty"`
}

// Totals counts classes by verdict.
type Totals struct {
	Classes    int             `json:"classes"`
	ByVerdict  map[Verdict]int `json:"by_verdict"`
	Statements int             `json:"statements_run"`
}

// Totals is the run at a glance.
func (r *Result) Totals() Totals {
	t := Totals{Classes: len(r.Classes), ByVerdict: map[Verdict]int{}}
	for _, c := range r.Classes {
		t.ByVerdict[c.Verdict]++
		t.Statements += len(c.Samples)
	}
	return t
}

// Counted is how many classes count against the run (Verdict.Counts).
func (r *Result) Counted() int {
	n := 0
	for _, c := range r.Classes {
		if c.Verdict.Counts() {
			n++
		}
	}
	return n
}
