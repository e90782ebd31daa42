package verify

import (
	"time"

	"github.com/parity-db/parity/checksum"
	"github.com/parity-db/parity/schema"
)

// Status of a table or a whole run.
const (
	StatusEqual     = "equal"
	StatusDifferent = "different"
	StatusSkipped   = "skipped" // data not compared (--schema-only)
	// StatusIncomplete: the run failed or was interrupted before this
	// table (or the run) was compared to the end, and no difference was
	// found in the part that was. Never "equal": nothing was proven.
	StatusIncomplete = "incomplete"
)

// Difference kinds, as seen from the source: a row the target lacks, a row
// only the target has, a row whose values differ.
const (
	Missing = "missing"
	Extra   = "extra"
	Changed = "changed"
)

// Result is a whole verify run.
type Result struct {
	Source     Side           `json:"source"`
	Target     Side           `json:"target"`
	Started    time.Time      `json:"started"`
	Seconds    float64        `json:"seconds"`
	Status     string         `json:"status"`
	Options    OptionsSummary `json:"options"`
	Schema     []Finding      `json:"schema_findings"`
	Tables     []*TableResult `json:"tables"`
	PausedSecs float64        `json:"paused_seconds,omitempty"` // waiting for --max-lag / --max-threads-running
	Resumed    bool           `json:"resumed,omitempty"`        // continued from a --state file
	Notes      []string       `json:"notes,omitempty"`
	RowDiffs   int64          `json:"row_differences"`        // exact, whatever --max-diffs kept
	Kept       int64          `json:"row_differences_listed"` // listed in the tables' diffs
	Fix        *FixSummary    `json:"fix,omitempty"`          // with --fix-sql
}

// FixSummary is what the fix SQL file holds: its statements, and the
// differences it leaves out because no statement can fix them.
type FixSummary struct {
	Statements int       `json:"statements"`
	LeftOut    int       `json:"left_out,omitempty"`
	Reasons    []FixSkip `json:"left_out_reasons,omitempty"`
}

// Side names one cluster: redacted endpoint and server identity.
type Side struct {
	Endpoint string        `json:"endpoint"`
	Server   schema.Server `json:"server"`
}

// OptionsSummary is what a reader of the report needs to know of the options.
type OptionsSummary struct {
	Mode           string  `json:"mode"`
	Strict         bool    `json:"strict,omitempty"`
	FloatTolerance float64 `json:"float_tolerance,omitempty"`
	MaxDiffs       int     `json:"max_diffs"`
	Recheck        int     `json:"recheck,omitempty"`
	SchemaOnly     bool    `json:"schema_only,omitempty"`
	DataOnly       bool    `json:"data_only,omitempty"`
	Mapping        string  `json:"mapping,omitempty"`
}

// TableResult is one table pair.
type TableResult struct {
	Table        string    `json:"table"`  // source db.table
	Target       string    `json:"target"` // target db.table
	Status       string    `json:"status"`
	Mode         string    `json:"mode"` // stream or pushdown
	ModeNote     string    `json:"mode_note,omitempty"`
	Chunking     string    `json:"chunking"`
	FullScan     bool      `json:"full_scan,omitempty"`
	Keyless      bool      `json:"keyless,omitempty"` // compared as multisets
	Columns      int       `json:"columns"`
	Chunks       int       `json:"chunks"`
	ChunksDiffer int       `json:"chunks_differing"`
	SourceRows   int64     `json:"source_rows"`
	TargetRows   int64     `json:"target_rows"`
	Missing      int64     `json:"missing"`
	Extra        int64     `json:"extra"`
	Changed      int64     `json:"changed"`
	Converged    int       `json:"chunks_converged,omitempty"` // differing chunks that became equal under --recheck
	Seconds      float64   `json:"seconds"`
	Diffs        []RowDiff `json:"diffs,omitempty"`
	DiffsOmitted int64     `json:"diffs_omitted,omitempty"` // beyond --max-diffs
	ZeroDates    int64     `json:"zero_dates,omitempty"`    // zero dates compared (both sides)

	pair TablePair
}

// Differing is the exact number of differing rows (keyless tables: with
// multiplicity).
func (t *TableResult) Differing() int64 { return t.Missing + t.Extra + t.Changed }

// RowDiff is one differing row (or, in a keyless table, one distinct row
// with how many copies differ).
type RowDiff struct {
	Kind    string                    `json:"kind"`
	Key     map[string]string         `json:"key,omitempty"`     // key column -> value (keyed tables)
	Columns []checksum.ColumnDiff     `json:"columns,omitempty"` // changed: the columns that differ
	Row     map[string]checksum.Value `json:"row,omitempty"`     // keyless: the row's values
	Count   int64                     `json:"count,omitempty"`   // keyless: copies missing or extra
	Chunk   int                       `json:"chunk"`

	sortKey string // canonical key or row bytes
}
