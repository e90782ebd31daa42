package explain_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/parity-db/parity/explain"
)

// readGoldens parses testdata/<kind>/<case>.json, the documents the
// testbed servers printed (refresh: CI=true go test -run TestServers
// -update ./explain/), by kind and case name.
func readGoldens(t *testing.T) map[string]map[string]*explain.Plan {
	t.Helper()
	plans := map[string]map[string]*explain.Plan{}
	for _, kind := range kinds {
		plans[kind] = map[string]*explain.Plan{}
		for _, c := range planCases {
			path := filepath.Join("testdata", kind, c.name+".json")
			doc, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (refresh with CI=true go test -run TestServers -update ./explain/)", err)
			}
			p, err := explain.Parse(doc)
			if err != nil {
				t.Fatalf("Parse(%s): %v", path, err)
			}
			plans[kind][c.name] = p
		}
	}
	return plans
}

// TestParseGolden reads the servers' saved documents as TestServers reads
// their live ones.
func TestParseGolden(t *testing.T) {
	plans := readGoldens(t)
	for _, kind := range kinds {
		for _, c := range planCases {
			checkPlan(t, c, kind, plans[kind][c.name])
		}
	}
}

// TestCompareGolden compares the saved plans of each case across servers
// and across MySQL's two formats.
func TestCompareGolden(t *testing.T) {
	checkCross(t, readGoldens(t))
}
