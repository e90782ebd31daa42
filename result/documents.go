package result

import (
	"time"

	"github.com/parity-db/parity/bench"
	"github.com/parity-db/parity/extract"
	"github.com/parity-db/parity/replay"
	"github.com/parity-db/parity/stats"
	"github.com/parity-db/parity/verify"
)

// Commands that write documents.
const (
	CommandExtract      = "extract"
	CommandVerify       = "verify"
	CommandBench        = "bench"
	CommandBenchCompare = "bench compare"
	CommandReplay       = "replay"
)

// Document is any --json document: *Extract, *Verify, *Bench,
// *BenchCompare or *Replay.
type Document interface {
	Head() *Envelope
}

// Head returns the document's envelope.
func (e *Envelope) Head() *Envelope { return e }

// Extract is the --json document of parity extract.
type Extract struct {
	Envelope
	Runs    []*ExtractRun `json:"runs"`
	PeakRSS int64         `json:"peak_rss_bytes"` // of the whole parity process
}

// ExtractRun is one server's extraction, with its role (source or target).
// Result is nil when the run did not get as far as reading a table.
type ExtractRun struct {
	Role string `json:"role"`
	*extract.Result
}

// Started is when the first run started, or zero when it did not finish.
func (d *Extract) Started() time.Time {
	if len(d.Runs) == 0 || d.Runs[0].Result == nil {
		return time.Time{}
	}
	return d.Runs[0].Started
}

// Verify is the --json document of parity verify. Its status is equal or
// different when the run ended.
type Verify struct {
	Envelope
	FixSQL   string          `json:"fix_sql,omitempty"`
	Applied  int             `json:"fix_statements_applied,omitempty"` // in committed transactions
	Apply    *verify.Applied `json:"apply,omitempty"`                  // what --apply-fix committed and rolled back
	Result   *verify.Result  `json:"result,omitempty"`
	Reverify *verify.Result  `json:"reverify,omitempty"` // after --apply-fix
	PeakRSS  int64           `json:"peak_rss_bytes"`
}

// Final is the state verify left: the second verification after
// --apply-fix, else the first. Nil when neither ran.
func (d *Verify) Final() *verify.Result {
	if d.Reverify != nil {
		return d.Reverify
	}
	return d.Result
}

// Bench is the --json document of parity bench: the whole result with
// every raw run.
type Bench struct {
	Envelope
	*bench.Result
}

// Record summarizes the document as a line of the --history file.
func (d *Bench) Record() bench.Record {
	rec := d.Result.Record(d.Version, d.Status)
	rec.SchemaVersion = SchemaVersion
	return rec
}

// BenchCompare is the --json document of bench compare.
type BenchCompare struct {
	Envelope
	Threshold   stats.Threshold `json:"threshold_percent"`
	OldStarted  time.Time       `json:"old_started"`
	NewStarted  time.Time       `json:"new_started"`
	Changes     []bench.Change  `json:"changes"`
	Regressions int             `json:"regressions"`
}

// CompareBench judges each cell of a later bench run against the same cell
// of a baseline: the document bench compare writes.
func CompareBench(old, cur *bench.Record, threshold stats.Threshold, version string) *BenchCompare {
	changes := bench.CompareRecords(old, cur, threshold)
	return &BenchCompare{Envelope: NewEnvelope(CommandBenchCompare, version), Threshold: threshold,
		OldStarted: old.Started, NewStarted: cur.Started, Changes: changes, Regressions: bench.Regressions(changes)}
}

// Replay is the --json document of parity replay: every class with its
// samples' outcomes on both servers, timings and plans. Its status is same
// or different when the run ended.
type Replay struct {
	Envelope
	*replay.Result
	PeakRSS int64 `json:"peak_rss_bytes"`
}
