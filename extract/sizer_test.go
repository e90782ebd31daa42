package extract

import (
	"testing"
	"time"
)

func TestSizerTargetRows(t *testing.T) {
	type obs struct {
		rows    int64
		elapsed time.Duration
	}
	tests := []struct {
		name      string
		chunkTime time.Duration
		fixed     int64
		observed  []obs
		want      int64
	}{
		{"no observation yet", 500 * time.Millisecond, 0, nil, initialChunkRows},
		{"fixed rows ignore speed", 500 * time.Millisecond, 12345, []obs{{1e6, time.Second}}, 12345},
		{"one observation", 500 * time.Millisecond, 0, []obs{{200_000, time.Second}}, 100_000},
		{"weighted", time.Second, 0, []obs{{100_000, time.Second}, {200_000, time.Second}}, 140_000},
		{"too short to count", 500 * time.Millisecond, 0, []obs{{10, time.Millisecond}}, initialChunkRows},
		{"slow table floors at min", 500 * time.Millisecond, 0, []obs{{10, time.Second}}, minChunkRows},
		{"fast table capped", 10 * time.Second, 0, []obs{{10_000_000, time.Second}}, maxChunkRows},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSizer(tt.chunkTime, tt.fixed)
			for _, o := range tt.observed {
				s.observe(o.rows, o.elapsed)
			}
			if got := s.targetRows(); got != tt.want {
				t.Errorf("targetRows() = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestParseConsistency(t *testing.T) {
	tests := []struct {
		in      string
		want    Consistency
		wantErr bool
	}{
		{"", ConsistencyNone, false},
		{"false", ConsistencyNone, false},
		{"true", ConsistencyStrict, false},
		{"best-effort", ConsistencyBestEffort, false},
		{"maybe", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseConsistency(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseConsistency(%q) = %v, %v; want %v, err %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}
