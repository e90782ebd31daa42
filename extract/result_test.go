package extract

import "testing"

func TestZeroDateCount(t *testing.T) {
	for _, tt := range []struct {
		name  string
		dates map[string]int64
		want  int64
	}{
		{"none", nil, 0},
		{"one column", map[string]int64{"created": 3}, 3},
		{"several columns", map[string]int64{"created": 3, "shipped": 0, "paid": 4}, 7},
	} {
		if got := (&TableResult{ZeroDates: tt.dates}).ZeroDateCount(); got != tt.want {
			t.Errorf("%s: ZeroDateCount() = %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestChunkCount(t *testing.T) {
	for _, tt := range []struct {
		name   string
		tables []TableResult
		want   int
	}{
		{"no tables", nil, 0},
		{"one table", []TableResult{{Chunks: make([]ChunkResult, 3)}}, 3},
		{"several", []TableResult{{Chunks: make([]ChunkResult, 3)}, {}, {Chunks: make([]ChunkResult, 2)}}, 5},
	} {
		if got := (&Result{Tables: tt.tables}).ChunkCount(); got != tt.want {
			t.Errorf("%s: ChunkCount() = %d, want %d", tt.name, got, tt.want)
		}
	}
}
