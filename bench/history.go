package bench

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/parity-db/parity/stats"
)

// Record is one run's summary: a line of the --history file, and what bench
// compare compares. It keeps each cell's measured seconds so a later run
// can be tested against them, not only against a median.
type Record struct {
	SchemaVersion int            `json:"schema_version"`
	Started       time.Time      `json:"started"`
	Version       string         `json:"parity_version"`
	Status        string         `json:"status"`
	Targets       []RecordTarget `json:"targets"`
	Cells         []RecordCell   `json:"cells"`
}

// RecordTarget names a target of a recorded run.
type RecordTarget struct {
	Label  string `json:"label"`
	Server string `json:"server"`
}

// RecordCell is one cell of a recorded run.
type RecordCell struct {
	Target    string           `json:"target"`
	Scenario  string           `json:"scenario"`
	Table     string           `json:"table,omitempty"`
	Settings  string           `json:"settings"`
	Error     string           `json:"error,omitempty"`
	Median    float64          `json:"median,omitempty"`
	CIPercent float64          `json:"ci_percent,omitempty"`
	Samples   []float64        `json:"samples,omitempty"`
	Counters  map[string]int64 `json:"counters,omitempty"`
}

// Key identifies the cell across runs, as Cell.Key does.
func (c *RecordCell) Key() string {
	return c.Target + " | " + workloadName(c.Scenario, c.Table) + " | " + c.Settings
}

// Record summarizes a run that version of parity ended with status. r may
// be nil (the run failed before the grid). SchemaVersion is left to the
// document that carries the run (result.Bench.Record).
func (r *Result) Record(version, status string) Record {
	rec := Record{Version: version, Status: status}
	if r == nil {
		return rec
	}
	rec.Started = r.Started
	for _, t := range r.Targets {
		rec.Targets = append(rec.Targets, RecordTarget{Label: t.Label, Server: t.Server.String()})
	}
	for _, c := range r.Cells {
		rc := RecordCell{Target: c.Target, Scenario: c.Scenario, Table: c.Table, Settings: c.Settings.String(),
			Samples: c.Measured(), Counters: c.Counters}
		if c.Error != nil {
			rc.Error = c.Error.String()
		}
		if len(rc.Samples) > 0 {
			// From the samples, not a stored summary: a file may come from
			// elsewhere, and the samples are what the comparison tests.
			s := stats.Summarize(rc.Samples)
			rc.Median, rc.CIPercent = s.Median, s.CIPercent()
		}
		rec.Cells = append(rec.Cells, rc)
	}
	return rec
}

// AppendHistory adds rec as one line to the JSON-lines file at path,
// creating it if needed. One write of one line: a reader never sees half a
// record unless the machine dies mid-write, and ReadHistory skips such a
// torn last line.
func AppendHistory(path string, rec Record) error {
	line, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("append to history %s: %w", path, err)
	}
	_, err = f.Write(append(line, '\n'))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("append to history %s: %w", path, err)
	}
	return nil
}

// ReadHistory reads every record of a history file, oldest first. A torn
// last line (no newline, not JSON) is skipped; a bad line elsewhere is an
// error naming it.
func ReadHistory(path string) ([]Record, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read history: %w", err)
	}
	var out []Record
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 256<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		var rec Record
		if err := json.Unmarshal([]byte(text), &rec); err != nil {
			torn := line == bytes.Count(data, []byte{'\n'})+1 // the last line, without its newline
			if torn {
				break
			}
			return nil, fmt.Errorf("%s:%d: not a history record: %w", path, line, err)
		}
		out = append(out, rec)
	}
	return out, sc.Err()
}
