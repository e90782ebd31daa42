package extract

import (
	"sync"
	"time"
)

// DefaultChunkTime is how long a chunk should take to read when nothing
// says otherwise (--chunk-time of extract and verify): long enough that the
// round trip and planning of its query are a small part of it, short
// enough that a retried chunk repeats little, a differing chunk in verify
// is drilled into quickly and the sizer adapts within a few chunks.
// pt-table-checksum aims at the same half second.
const DefaultChunkTime = 500 * time.Millisecond

// Chunk sizes stay within these bounds whatever the observed speed: small
// enough that a chunk cannot hold a table's worth of rows, large enough that
// per-query overhead stays negligible.
const (
	minChunkRows     = 1_000
	maxChunkRows     = 5_000_000
	initialChunkRows = 20_000 // before the first chunk reports back
)

// sizer turns observed throughput into the next chunk's target row count,
// aiming for a fixed duration per chunk (like mydumper's and
// pt-table-checksum's dynamic chunking), or returns a fixed count.
type sizer struct {
	chunkTime time.Duration
	fixedRows int64

	mu         sync.Mutex
	rowsPerSec float64 // exponentially weighted, per worker
}

func newSizer(chunkTime time.Duration, fixedRows int64) *sizer {
	return &sizer{chunkTime: chunkTime, fixedRows: fixedRows}
}

// targetRows is how many rows the next chunk should hold.
func (s *sizer) targetRows() int64 {
	if s.fixedRows > 0 {
		return s.fixedRows
	}
	s.mu.Lock()
	rps := s.rowsPerSec
	s.mu.Unlock()
	if rps == 0 {
		return initialChunkRows
	}
	return clamp(int64(rps*s.chunkTime.Seconds()), minChunkRows, maxChunkRows)
}

// observe records a finished chunk. Chunks shorter than 20 ms say more about
// round trips than about throughput and are ignored.
func (s *sizer) observe(rows int64, elapsed time.Duration) {
	if rows <= 0 || elapsed < 20*time.Millisecond {
		return
	}
	rps := float64(rows) / elapsed.Seconds()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rowsPerSec == 0 {
		s.rowsPerSec = rps
		return
	}
	s.rowsPerSec = 0.6*s.rowsPerSec + 0.4*rps
}

func clamp(v, lo, hi int64) int64 {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}
