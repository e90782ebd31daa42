package explain_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/parity-db/parity/explain"
)

// FuzzParse starts from the documents the testbed servers printed. Parse
// must not panic; a document it accepts must parse the same way twice,
// summarize to a line, and compare equal to itself.
func FuzzParse(f *testing.F) {
	seeds, err := filepath.Glob(filepath.Join("testdata", "*", "*.json"))
	if err != nil {
		f.Fatal(err)
	}
	for _, path := range seeds {
		doc, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(doc)
	}
	f.Add([]byte(`{"query_block": {"table": {"access_type": "ALL"}}}`))
	f.Add([]byte(`{"query_plan": {"access_type": "rowid_union", "inputs": [{"access_type": "index", "index_name": "a", "table_name": "t"}]}}`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		p, err := explain.Parse(doc)
		if err != nil {
			return
		}
		if p.Format != 1 && p.Format != 2 {
			t.Fatalf("Format = %d, want 1 or 2", p.Format)
		}
		again, err := explain.Parse(doc)
		if err != nil {
			t.Fatalf("second Parse: %v", err)
		}
		if !reflect.DeepEqual(p, again) {
			t.Fatalf("Parse is not deterministic:\n%+v\n%+v", p, again)
		}
		if len(p.Accesses) > 0 && p.Summary() == "" {
			t.Fatalf("empty Summary of %+v", p)
		}
		if changes := explain.Compare(p, p); len(changes) != 0 {
			t.Fatalf("Compare of a plan with itself = %v", changes)
		}
	})
}
