package verify

import "testing"

func TestTotals(t *testing.T) {
	for _, tt := range []struct {
		name string
		r    Result
		want Totals
	}{
		{"no tables", Result{}, Totals{}},
		{"one equal", Result{Tables: []*TableResult{{Status: StatusEqual, Chunks: 3, SourceRows: 10, TargetRows: 10}}},
			Totals{Tables: 1, Equal: 1, Chunks: 3, SourceRows: 10, TargetRows: 10}},
		{"mixed", Result{Tables: []*TableResult{
			{Status: StatusEqual, Chunks: 2, SourceRows: 5, TargetRows: 5},
			{Status: StatusDifferent, Chunks: 4, ChunksDiffer: 2, SourceRows: 100, TargetRows: 99, Missing: 2, Extra: 1, Changed: 3},
			{Status: StatusSkipped},
			{Status: StatusIncomplete, Chunks: 1, SourceRows: 7},
		}}, Totals{Tables: 4, Equal: 1, Different: 1, Skipped: 1, Chunks: 7, ChunksDiffer: 2,
			SourceRows: 112, TargetRows: 104, Missing: 2, Extra: 1, Changed: 3}},
	} {
		if got := tt.r.Totals(); got != tt.want {
			t.Errorf("%s: Totals() = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestSchemaDifferences(t *testing.T) {
	for _, tt := range []struct {
		name     string
		findings []Finding
		want     int
	}{
		{"none", nil, 0},
		{"notices only", []Finding{{Severity: Notice}, {Severity: Notice}}, 0},
		{"mixed", []Finding{{Severity: Difference}, {Severity: Notice}, {Severity: Difference}}, 2},
	} {
		r := Result{Schema: tt.findings}
		if got := r.SchemaDifferences(); got != tt.want {
			t.Errorf("%s: SchemaDifferences() = %d, want %d", tt.name, got, tt.want)
		}
		if got := (SchemaReport{Findings: tt.findings}).Differences(); got != tt.want {
			t.Errorf("%s: SchemaReport.Differences() = %d, want %d", tt.name, got, tt.want)
		}
	}
}
