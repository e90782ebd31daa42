package extract

import (
	"sort"
	"sync/atomic"
	"time"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/parity-db/parity/schema"
)

// Result is what an extraction did: per table and per chunk rows, bytes and
// time. Bytes count the values as the server sent them.
type Result struct {
	Server      schema.Server `json:"server"`
	Started     time.Time     `json:"started"`
	Finished    time.Time     `json:"finished"`
	Seconds     float64       `json:"seconds"`
	Workers     int           `json:"workers"`
	Consistency string        `json:"consistency"`
	Rows        int64         `json:"rows"`
	Bytes       int64         `json:"bytes"`
	Tables      []TableResult `json:"tables"`
}

// TableResult is one completed table.
type TableResult struct {
	Schema     string           `json:"schema"`
	Name       string           `json:"name"`
	Chunking   string           `json:"chunking"`
	FullScan   bool             `json:"full_scan,omitempty"` // no usable key: one chunk, no parallelism within the table
	Rows       int64            `json:"rows"`
	Bytes      int64            `json:"bytes"`
	Retries    int              `json:"retries,omitempty"` // chunk attempts repeated after a transient error
	Seconds    float64          `json:"seconds"`
	RowsPerSec float64          `json:"rows_per_sec"`
	MBPerSec   float64          `json:"mb_per_sec"`
	ZeroDates  map[string]int64 `json:"zero_dates,omitempty"` // per column: zero or partial-zero dates read as NULL
	Output     Output           `json:"output"`
	Chunks     []ChunkResult    `json:"chunks"`

	Table *schema.Table `json:"-"`
	Arrow *arrow.Schema `json:"-"`
}

// ChunkResult is one chunk read.
type ChunkResult struct {
	Seq        int     `json:"seq"`
	Range      string  `json:"range"`
	Rows       int64   `json:"rows"`
	Bytes      int64   `json:"bytes"`
	Seconds    float64 `json:"seconds"`
	RowsPerSec float64 `json:"rows_per_sec"`
	MBPerSec   float64 `json:"mb_per_sec"`
	Retries    int     `json:"retries,omitempty"` // attempts repeated after a transient error
}

// ZeroDateCount is how many zero dates the table read as NULL, all
// columns together.
func (t *TableResult) ZeroDateCount() int64 {
	var n int64
	for _, c := range t.ZeroDates {
		n += c
	}
	return n
}

// ChunkCount is how many chunks the run read, all tables together.
func (r *Result) ChunkCount() int {
	n := 0
	for _, t := range r.Tables {
		n += len(t.Chunks)
	}
	return n
}

// RowsPerSec and MBPerSec are whole-run rates.
func (r *Result) RowsPerSec() float64 { return rate(float64(r.Rows), r.Seconds) }
func (r *Result) MBPerSec() float64   { return rate(float64(r.Bytes)/1e6, r.Seconds) }

func rate(v, seconds float64) float64 {
	if seconds <= 0 {
		return 0
	}
	return v / seconds
}

func (r *Result) finish() {
	r.Finished = time.Now()
	r.Seconds = r.Finished.Sub(r.Started).Seconds()
	r.Rows, r.Bytes = 0, 0
	for _, t := range r.Tables {
		r.Rows += t.Rows
		r.Bytes += t.Bytes
	}
	sort.Slice(r.Tables, func(i, j int) bool {
		if r.Tables[i].Schema != r.Tables[j].Schema {
			return r.Tables[i].Schema < r.Tables[j].Schema
		}
		return r.Tables[i].Name < r.Tables[j].Name
	})
}

// Progress is live counters a caller may poll while Run works.
type Progress struct {
	TablesTotal  atomic.Int64
	TablesDone   atomic.Int64
	Rows         atomic.Int64
	Bytes        atomic.Int64
	RowsEstimate atomic.Int64 // sum of the tables' row estimates, for an ETA
}
