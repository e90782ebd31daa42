package main

import (
	"os/exec"
	"strings"
	"testing"
)

// layers ranks parity's packages: data flows up, so a package may import
// only packages of a lower rank. Domain types and leaves at the bottom,
// the engines above them, results and their rendering above those, the
// commands on top. A new package must be given a rank here.
var layers = map[string]int{
	"arrowpool": 0, "atomicfile": 0, "civil": 0, "fanout": 0, "schema": 0, "stats": 0,
	"conn": 1, "datagen": 1,
	"explain": 2, "extract": 2, "measure": 2, "querylog": 2, "testbed": 2,
	"checksum": 3, "sink": 3,
	"bench": 4, "objstore": 4, "replay": 4, "verify": 4,
	"result":  5,
	"reports": 6, "demo": 6,
	"cmd/parity": 7, "cmd/paritygen": 7,
}

// TestPackageLayers fails when a package imports one at its own rank or
// above, which is how cycles and engines that know their renderers begin.
func TestPackageLayers(t *testing.T) {
	const module = "github.com/parity-db/parity/"
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, "../../...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	seen := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg, ok := strings.CutPrefix(fields[0], module)
		if !ok {
			continue
		}
		rank, ranked := layers[pkg]
		if !ranked {
			t.Errorf("package %s has no rank in layers", pkg)
			continue
		}
		seen++
		for _, imp := range fields[1:] {
			dep, ok := strings.CutPrefix(imp, module)
			if !ok {
				continue
			}
			if r, ranked := layers[dep]; ranked && r >= rank {
				t.Errorf("%s (rank %d) imports %s (rank %d): a package may import only lower ranks", pkg, rank, dep, r)
			}
		}
	}
	if seen < len(layers) {
		t.Errorf("go list found %d of the %d ranked packages: a package was removed or renamed", seen, len(layers))
	}
}
