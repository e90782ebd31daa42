package verify

// Totals sums a run's table pairs: the footer and the headline counts of
// every rendering of a verify result, computed here once so that they
// cannot disagree.
type Totals struct {
	Tables                    int
	Equal, Different, Skipped int
	Chunks, ChunksDiffer      int
	SourceRows, TargetRows    int64
	Missing, Extra, Changed   int64
}

// Totals sums the result's tables.
func (r *Result) Totals() Totals {
	var t Totals
	for _, tr := range r.Tables {
		t.Tables++
		switch tr.Status {
		case StatusEqual:
			t.Equal++
		case StatusDifferent:
			t.Different++
		case StatusSkipped:
			t.Skipped++
		}
		t.Chunks, t.ChunksDiffer = t.Chunks+tr.Chunks, t.ChunksDiffer+tr.ChunksDiffer
		t.SourceRows, t.TargetRows = t.SourceRows+tr.SourceRows, t.TargetRows+tr.TargetRows
		t.Missing, t.Extra, t.Changed = t.Missing+tr.Missing, t.Extra+tr.Extra, t.Changed+tr.Changed
	}
	return t
}

// SchemaDifferences counts the schema findings that fail verify; the rest
// are notices.
func (r *Result) SchemaDifferences() int { return differences(r.Schema) }

func differences(findings []Finding) int {
	n := 0
	for _, f := range findings {
		if f.Severity == Difference {
			n++
		}
	}
	return n
}
