package reports

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/parity-db/parity/bench"
	"github.com/parity-db/parity/extract"
	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/verify"
)

// SchemaVersion is the version of the --json documents' layout. A reader
// refuses a newer version rather than misread it.
const SchemaVersion = 1

// ExtractDocument is the --json document of parity extract.
type ExtractDocument struct {
	SchemaVersion int            `json:"schema_version"`
	Command       string         `json:"command"` // "extract"
	Version       string         `json:"parity_version"`
	Options       map[string]any `json:"options"`
	Status        string         `json:"status"`          // ok, failed or interrupted
	Error         string         `json:"error,omitempty"` // the failure, one line, passwords redacted
	Runs          []*ExtractRun  `json:"runs"`
	PeakRSS       int64          `json:"peak_rss_bytes"` // of the whole parity process
}

// ExtractRun is one server's extraction, with its role (source or target).
type ExtractRun struct {
	Role string `json:"role"`
	*extract.Result
}

// VerifyDocument is the --json document of parity verify.
type VerifyDocument struct {
	SchemaVersion int             `json:"schema_version"`
	Command       string          `json:"command"` // "verify"
	Version       string          `json:"parity_version"`
	Status        string          `json:"status"` // equal, different, failed or interrupted
	Error         string          `json:"error,omitempty"`
	FixSQL        string          `json:"fix_sql,omitempty"`
	Applied       int             `json:"fix_statements_applied,omitempty"` // in committed transactions
	Apply         *verify.Applied `json:"apply,omitempty"`                  // what --apply-fix committed and rolled back`
	Result        *verify.Result  `json:"result,omitempty"`
	Reverify      *verify.Result  `json:"reverify,omitempty"` // after --apply-fix
	PeakRSS       int64           `json:"peak_rss_bytes"`
}

// Report is any command's result in the one shape the renderers share:
// who ran what against which servers, and what came of it. Exactly one of
// Extract, Verify, Bench, Compare, ExtractCompare and Sections is set.
type Report struct {
	Command string         `json:"command"`          // extract, verify, bench, bench compare, extract compare or combined
	Title   string         `json:"title,omitempty"`  // a heading given with --title
	Source  string         `json:"source,omitempty"` // the file a section of a combined report was read from
	Version string         `json:"parity_version"`
	Started time.Time      `json:"started"`
	Seconds float64        `json:"seconds"`
	Status  string         `json:"status"`
	Error   string         `json:"error,omitempty"`
	Options map[string]any `json:"options,omitempty"`
	Servers []ServerRole   `json:"servers"`

	Extract []*ExtractRun          `json:"extract,omitempty"`
	Verify  *VerifyDocument        `json:"verify,omitempty"`
	Bench   *bench.Result          `json:"bench,omitempty"`
	Compare *bench.CompareDocument `json:"compare,omitempty"` // bench compare

	ExtractCompare *ExtractComparison `json:"extract_compare,omitempty"` // two extractions side by side
	Sections       []*Report          `json:"sections,omitempty"`        // combined: one report per result
}

// Commands of reports that no single parity command writes.
const (
	CommandExtractCompare = "extract compare" // parity report OLD.json NEW.json of two extractions
	CommandCombined       = "combined"        // parity report --combine
)

// ServerRole is a server with the part it played: source, target, or a
// bench target's label. The endpoint is redacted (user@host:port/db).
type ServerRole struct {
	Role   string        `json:"role"`
	Server schema.Server `json:"server"`
}

// ErrUnknownDocument means a file is not a parity --json document.
var ErrUnknownDocument = errors.New("not a parity result document (written by --json)")

// Decode reads any parity --json document (extract, verify, bench, bench
// compare), or a report rendered as JSON, into a Report.
func Decode(r io.Reader) (*Report, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	var head struct {
		SchemaVersion int    `json:"schema_version"`
		Kind          string `json:"kind"`
		Command       string `json:"command"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnknownDocument, err)
	}
	if head.SchemaVersion > SchemaVersion {
		return nil, fmt.Errorf("schema_version %d is newer than this parity reads (%d): upgrade parity", head.SchemaVersion, SchemaVersion)
	}
	if head.Kind == reportKind {
		var r Report
		if err := json.Unmarshal(data, &r); err != nil {
			return nil, fmt.Errorf("parity report: %w", err)
		}
		return &r, nil
	}
	switch head.Command {
	case "extract":
		var d ExtractDocument
		if err := json.Unmarshal(data, &d); err != nil {
			return nil, fmt.Errorf("extract document: %w", err)
		}
		return FromExtract(&d), nil
	case "verify":
		var d VerifyDocument
		if err := json.Unmarshal(data, &d); err != nil {
			return nil, fmt.Errorf("verify document: %w", err)
		}
		return FromVerify(&d), nil
	case "bench":
		var d bench.Document
		if err := json.Unmarshal(data, &d); err != nil {
			return nil, fmt.Errorf("bench document: %w", err)
		}
		return FromBench(&d), nil
	case "bench compare":
		var d bench.CompareDocument
		if err := json.Unmarshal(data, &d); err != nil {
			return nil, fmt.Errorf("bench compare document: %w", err)
		}
		return FromCompare(&d), nil
	}
	return nil, fmt.Errorf("%w (command %q)", ErrUnknownDocument, head.Command)
}

// FromCompare makes the report of a bench compare.
func FromCompare(d *bench.CompareDocument) *Report {
	status := "ok"
	if d.Regressions > 0 {
		status = "regression"
	}
	return &Report{Command: "bench compare", Version: d.Version, Started: d.NewStarted, Status: status, Compare: d,
		Options: map[string]any{"threshold_percent": d.ThresholdPercent}}
}

// FromExtract makes the report of an extraction.
func FromExtract(d *ExtractDocument) *Report {
	r := &Report{Command: "extract", Version: d.Version, Status: d.Status, Error: d.Error, Options: d.Options, Extract: d.Runs}
	for i, run := range d.Runs {
		if run.Result == nil {
			continue
		}
		if i == 0 {
			r.Started = run.Started
		}
		r.Seconds += run.Seconds
		r.Servers = append(r.Servers, ServerRole{Role: run.Role, Server: run.Server})
	}
	return r
}

// FromVerify makes the report of a verify run.
func FromVerify(d *VerifyDocument) *Report {
	r := &Report{Command: "verify", Version: d.Version, Status: d.Status, Error: d.Error, Verify: d}
	if res := d.Result; res != nil {
		r.Started, r.Seconds = res.Started, res.Seconds
		r.Options = map[string]any{"mode": res.Options.Mode, "strict": res.Options.Strict, "max_diffs": res.Options.MaxDiffs,
			"mapping": res.Options.Mapping, "fix_sql": d.FixSQL}
		r.Servers = []ServerRole{{Role: "source", Server: res.Source.Server}, {Role: "target", Server: res.Target.Server}}
	}
	return r
}

// FromBench makes the report of a bench grid.
func FromBench(d *bench.Document) *Report {
	r := &Report{Command: "bench", Version: d.Version, Status: d.Status, Error: d.Error, Options: d.Options, Bench: d.Result}
	if res := d.Result; res != nil {
		r.Started, r.Seconds = res.Started, res.Seconds
		for _, t := range res.Targets {
			r.Servers = append(r.Servers, ServerRole{Role: t.Label, Server: t.Server})
		}
	}
	return r
}
