package bench

import (
	"strconv"
	"time"

	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/stats"
)

// Result is one bench command: every target, every cell, every run.
type Result struct {
	Started  time.Time     `json:"started"`
	Finished time.Time     `json:"finished"`
	Seconds  float64       `json:"seconds"`
	Targets  []*TargetInfo `json:"targets"`
	Cells    []*Cell       `json:"cells"`
	// Comparisons of each target against the first, and of each settings
	// point against the first, per scenario.
	Comparisons []Comparison `json:"comparisons,omitempty"`
	Restored    []Restored   `json:"restored,omitempty"` // global values put back at the end
}

// TargetInfo names a server the grid ran on.
type TargetInfo struct {
	Label     string        `json:"label"`
	Endpoint  string        `json:"endpoint"` // redacted: user@host:port/db
	Server    schema.Server `json:"server"`
	Variables []Variable    `json:"variables,omitempty"`
}

// Cell is one workload under one point of the settings grid on one target.
type Cell struct {
	Target   string   `json:"target"`
	Scenario string   `json:"scenario"`
	Table    string   `json:"table,omitempty"`
	Query    string   `json:"query,omitempty"`
	Settings Settings `json:"settings"`
	// Effective holds the values the server actually uses where they differ
	// from the ones asked for (it rounds and clamps: temptable_max_ram has a
	// 2 MiB minimum).
	Effective   map[string]string `json:"effective,omitempty"`
	Unsupported []string          `json:"unsupported,omitempty"` // grid variables this server does not have
	// Error is the failure that ended the cell: a query error (1038 "Out of
	// sort memory", 1114 "table is full") or a timeout. A failing cell is
	// not run again; its result is the error.
	Error    *RunError        `json:"error,omitempty"`
	Runs     []Measurement    `json:"runs"`
	Stats    *stats.Summary   `json:"stats,omitempty"`    // of the measured (non-warmup) runs' seconds
	Counters map[string]int64 `json:"counters,omitempty"` // median of each counter over the measured runs

	workload workload
}

// Key identifies a cell across runs of the command: what bench compare
// matches on.
func (c *Cell) Key() string { return c.Target + " | " + c.Row() }

// Row is the cell's grid row: the workload and its settings.
func (c *Cell) Row() string { return c.Workload() + " | " + c.Settings.String() }

// Workload names what the cell runs: "order-by:created_at:desc shop.docs",
// or a custom query's name.
func (c *Cell) Workload() string { return workloadName(c.Scenario, c.Table) }

func workloadName(scenario, table string) string {
	if table != "" {
		return scenario + " " + table
	}
	return scenario
}

// Measured returns the seconds of the runs that count (not warmups, not
// failed).
func (c *Cell) Measured() []float64 {
	var xs []float64
	for _, r := range c.Runs {
		if !r.Warmup && r.Error == nil {
			xs = append(xs, r.Seconds)
		}
	}
	return xs
}

// Measurement is one execution of a cell's workload.
type Measurement struct {
	Round   int     `json:"round"`
	Warmup  bool    `json:"warmup,omitempty"`
	Seconds float64 `json:"seconds"`
	// FirstRowSeconds is the time to the first row: near zero for a
	// streamed scan, nearly the whole run when the server sorts or
	// materializes the result first.
	FirstRowSeconds float64 `json:"first_row_seconds"`
	Rows            int64   `json:"rows"`
	Bytes           int64   `json:"bytes"`
	// Status holds session status deltas (Created_tmp_disk_tables,
	// Sort_merge_passes, ...); for the extract scenario, which runs on
	// several connections, global ones (StatusScope "global").
	Status      map[string]int64 `json:"status,omitempty"`
	StatusScope string           `json:"status_scope,omitempty"`
	// Statement is the statement's performance_schema row
	// (CREATED_TMP_DISK_TABLES, SORT_MERGE_PASSES, ROWS_EXAMINED,
	// MAX_TOTAL_MEMORY), where the server records it.
	Statement map[string]int64 `json:"statement,omitempty"`
	// TempTable holds the bytes the TempTable engine allocated server-wide
	// during the run: temptable_ram_bytes and temptable_mmap_bytes
	// (memory/temptable/physical_ram and physical_disk).
	TempTable map[string]int64 `json:"temptable,omitempty"`
	Outlier   bool             `json:"outlier,omitempty"`
	Error     *RunError        `json:"error,omitempty"`
	// Retries is how many attempts failed with a transient error (a lost
	// connection, a server restart) before this one; only this one is
	// measured.
	Retries int `json:"retries,omitempty"`
}

// RunError is a failed run, kept as a result.
type RunError struct {
	Kind    string `json:"kind"`           // "server", "timeout" or "setting"
	Code    uint16 `json:"code,omitempty"` // the server's error number
	Message string `json:"message"`
}

func (e *RunError) String() string {
	switch {
	case e.Kind == "timeout":
		return "timeout: " + e.Message
	case e.Code != 0:
		return "ERROR " + strconv.Itoa(int(e.Code)) + ": " + e.Message
	}
	return e.Message
}

// Restored is a global variable put back to its value from before the run.
type Restored struct {
	Target string `json:"target"`
	Name   string `json:"name"`
	Value  string `json:"value"`
}

// summarize fills each cell's statistics and median counters, flags
// outliers, and compares cells.
func (r *Result) summarize() {
	for _, c := range r.Cells {
		xs := c.Measured()
		if len(xs) == 0 {
			continue
		}
		s := stats.Summarize(xs)
		c.Stats = &s
		measured := measuredRuns(c)
		for _, i := range s.Outliers {
			measured[i].Outlier = true
		}
		c.Counters = medianCounters(measured)
	}
	r.Comparisons = compareCells(r.Cells)
}

// measuredRuns returns pointers to the runs Measured counts, in its order.
func measuredRuns(c *Cell) []*Measurement {
	var out []*Measurement
	for i := range c.Runs {
		if !c.Runs[i].Warmup && c.Runs[i].Error == nil {
			out = append(out, &c.Runs[i])
		}
	}
	return out
}

// medianCounters is the median of every counter across runs: the typical
// value, robust to one run that met a cold cache.
func medianCounters(runs []*Measurement) map[string]int64 {
	values := map[string][]float64{}
	for _, r := range runs {
		for _, m := range []map[string]int64{r.Status, r.Statement, r.TempTable} {
			for k, v := range m {
				values[k] = append(values[k], float64(v))
			}
		}
	}
	if len(values) == 0 {
		return nil
	}
	out := make(map[string]int64, len(values))
	for k, xs := range values {
		out[k] = int64(stats.Summarize(xs).Median + 0.5)
	}
	return out
}
