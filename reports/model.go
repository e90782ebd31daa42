package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/parity-db/parity/bench"
	"github.com/parity-db/parity/result"
	"github.com/parity-db/parity/schema"
)

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

	Extract []*result.ExtractRun `json:"extract,omitempty"`
	Verify  *result.Verify       `json:"verify,omitempty"`
	Bench   *bench.Result        `json:"bench,omitempty"`
	Compare *result.BenchCompare `json:"compare,omitempty"` // bench compare
	Replay  *result.Replay       `json:"replay,omitempty"`

	ExtractCompare *result.ExtractComparison `json:"extract_compare,omitempty"` // two extractions side by side
	Sections       []*Report                 `json:"sections,omitempty"`        // combined: one report per result
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
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("%w: %v", result.ErrUnknownDocument, err)
	}
	if head.Kind != reportKind {
		d, err := result.Decode(bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		return FromDocument(d), nil
	}
	if err := result.CheckVersion(head.SchemaVersion); err != nil {
		return nil, err
	}
	var rep Report
	if err := json.Unmarshal(data, &rep); err != nil {
		return nil, fmt.Errorf("parity report: %w", err)
	}
	return &rep, nil
}

// FromDocument makes the report of any --json document.
func FromDocument(d result.Document) *Report {
	switch d := d.(type) {
	case *result.Extract:
		return FromExtract(d)
	case *result.Verify:
		return FromVerify(d)
	case *result.Bench:
		return FromBench(d)
	case *result.BenchCompare:
		return FromCompare(d)
	case *result.Replay:
		return FromReplay(d)
	}
	h := d.Head()
	return &Report{Command: h.Command, Version: h.Version, Status: h.Status, Error: h.Error, Options: h.Options}
}

// FromCompare makes the report of a bench compare.
func FromCompare(d *result.BenchCompare) *Report {
	status := "ok"
	if d.Regressions > 0 {
		status = "regression"
	}
	return &Report{Command: result.CommandBenchCompare, Version: d.Version, Started: d.NewStarted, Status: status, Compare: d,
		Options: map[string]any{"threshold_percent": d.Threshold.Percent()}}
}

// FromExtract makes the report of an extraction.
func FromExtract(d *result.Extract) *Report {
	r := &Report{Command: result.CommandExtract, Started: d.Started(), Version: d.Version, Status: d.Status, Error: d.Error, Options: d.Options, Extract: d.Runs}
	for _, run := range d.Runs {
		if run.Result == nil {
			continue
		}
		r.Seconds += run.Seconds
		r.Servers = append(r.Servers, ServerRole{Role: run.Role, Server: run.Server})
	}
	return r
}

// FromVerify makes the report of a verify run.
func FromVerify(d *result.Verify) *Report {
	r := &Report{Command: result.CommandVerify, Version: d.Version, Status: d.Status, Error: d.Error, Verify: d}
	if res := d.Result; res != nil {
		r.Started, r.Seconds = res.Started, res.Seconds
		r.Options = map[string]any{"mode": res.Options.Mode, "strict": res.Options.Strict, "max_diffs": res.Options.MaxDiffs,
			"mapping": res.Options.Mapping, "fix_sql": d.FixSQL}
		r.Servers = []ServerRole{{Role: "source", Server: res.Source.Server}, {Role: "target", Server: res.Target.Server}}
	}
	return r
}

// FromBench makes the report of a bench grid.
func FromBench(d *result.Bench) *Report {
	r := &Report{Command: result.CommandBench, Version: d.Version, Status: d.Status, Error: d.Error, Options: d.Options, Bench: d.Result}
	if res := d.Result; res != nil {
		r.Started, r.Seconds = res.Started, res.Seconds
		for _, t := range res.Targets {
			r.Servers = append(r.Servers, ServerRole{Role: t.Label, Server: t.Server})
		}
	}
	return r
}

// FromReplay makes the report of a replay.
func FromReplay(d *result.Replay) *Report {
	r := &Report{Command: result.CommandReplay, Version: d.Version, Status: d.Status, Error: d.Error, Options: d.Options,
		Replay: d}
	if res := d.Result; res != nil {
		r.Started, r.Seconds = res.Started, res.Seconds
		r.Servers = []ServerRole{{Role: "source", Server: res.Source}, {Role: "target", Server: res.Target}}
	}
	return r
}
