package atomicfile

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
)

func TestSweep(t *testing.T) {
	dir := t.TempDir()
	// A PID that surely belongs to no process: one that just exited.
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	dead := cmd.Process.Pid
	files := map[string]bool{ // name -> should be swept
		fmt.Sprintf(".db.t.parquet.tmp-%d-0123456789abcdef", dead):        true,
		fmt.Sprintf(".db.u.csv.tmp-%d-fedcba9876543210", os.Getpid()):     false, // this process: in use
		fmt.Sprintf(".db.v.arrows.tmp-%d-00000000000000ff", os.Getppid()): false, // a live process
		".db.t.parquet.tmp-0123456789abcdef":                              false, // not our pattern
		"db.t.parquet":                                                    false,
		".hidden":                                                         false,
		fmt.Sprintf(".db.w.parquet.tmp-%d-0123456789abcdeg", dead):        false, // not hex
	}
	for name := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	removed, err := Sweep(dir)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for name, swept := range files {
		_, statErr := os.Stat(filepath.Join(dir, name))
		if swept {
			want = append(want, name)
			if statErr == nil {
				t.Errorf("%s should have been removed", name)
			}
		} else if statErr != nil {
			t.Errorf("%s should have been kept: %v", name, statErr)
		}
	}
	slices.Sort(removed)
	slices.Sort(want)
	if !slices.Equal(removed, want) {
		t.Errorf("Sweep returned %v, want %v", removed, want)
	}
	if got, err := Sweep(filepath.Join(dir, "missing")); err != nil || got != nil {
		t.Errorf("missing directory: %v, %v", got, err)
	}
}

// TestTempNameCarriesPID checks the files File writes are ones
// Sweep recognizes, so a killed run's leftovers can be found.
func TestTempNameCarriesPID(t *testing.T) {
	dir := t.TempDir()
	af, err := Create(dir, "db.t.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer af.Abort()
	m := tempName.FindStringSubmatch(filepath.Base(af.tmp))
	if m == nil || m[1] != fmt.Sprint(os.Getpid()) {
		t.Fatalf("temporary name %q does not carry this PID", filepath.Base(af.tmp))
	}
	if removed, _ := Sweep(dir); len(removed) != 0 {
		t.Errorf("swept a file still being written: %v", removed)
	}
}
