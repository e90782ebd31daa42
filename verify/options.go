package verify

import (
	"fmt"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/parity-db/parity/checksum"
	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/extract"
)

// Mode is where chunk checksums are computed.
type Mode string

const (
	// Stream reads both sides' rows into Arrow batches and hashes them on
	// the client, under the normalization rules of package checksum.
	Stream Mode = "stream"
	// Pushdown has each server checksum its own rows; only for table pairs
	// the two servers provably encode identically.
	Pushdown Mode = "pushdown"
	// Auto pushes down where that is provably sound and streams elsewhere.
	Auto Mode = "auto"
)

// ParseMode reads a --mode value.
func ParseMode(s string) (Mode, error) {
	switch m := Mode(s); m {
	case Stream, Pushdown, Auto:
		return m, nil
	}
	return "", fmt.Errorf("mode %q: want stream, pushdown or auto", s)
}

// Options control a verify run.
type Options struct {
	Workers   int           // chunk pairs compared at once, each on one connection per side; default 4
	ChunkTime time.Duration // target time per chunk; default extract.DefaultChunkTime
	ChunkRows int64         // fixed rows per chunk instead of ChunkTime
	Mode      Mode          // default Auto
	Checksum  checksum.Options
	Mapping   Mapping
	MaxDiffs  int // row differences listed in the result (counts stay exact); default 1000

	SchemaOnly bool // compare schemas only
	DataOnly   bool // skip the findings about definitions; a table on one side only still differs

	Recheck           int           // re-compare differing chunks up to this many times
	RecheckWait       time.Duration // before each recheck; default 2s
	MaxLag            time.Duration // pause while the target replica lags more
	MaxThreadsRunning int           // pause while either server runs more threads

	State string     // resume file; "" for none
	Fix   *FixWriter // fix SQL sink; nil for none

	// Retry is how a read that fails with a transient error (a lost
	// connection, a server restart, a deadlock) is tried again on a new
	// connection; the zero value is conn's default, conn.NoRetry none.
	// Every read of verify is repeatable, and what a retried read already
	// handed on (fix statements, listed rows) is not handed on twice.
	Retry conn.Retry

	Alloc    memory.Allocator
	Progress *extract.Progress // optional live counters
	// Notify, if set, receives one-line notices: a pause for replica lag
	// or load, a recheck, a read about to be retried.
	Notify func(notice string)
}

func (o *Options) setDefaults() {
	if o.Workers <= 0 {
		o.Workers = 4
	}
	if o.ChunkTime <= 0 {
		o.ChunkTime = extract.DefaultChunkTime
	}
	if o.Mode == "" {
		o.Mode = Auto
	}
	if o.MaxDiffs <= 0 {
		o.MaxDiffs = 1000
	}
	if o.RecheckWait <= 0 {
		o.RecheckWait = 2 * time.Second
	}
	if o.Alloc == nil {
		o.Alloc = memory.DefaultAllocator
	}
	if o.Progress == nil {
		o.Progress = &extract.Progress{}
	}
	if o.Notify == nil {
		o.Notify = func(string) {}
	}
}

// Connections is how many connections each side's pool needs.
func (o Options) Connections() int {
	w := o.Workers
	if w <= 0 {
		w = 4
	}
	return w + 2
}
