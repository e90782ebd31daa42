package verify

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStateFlush: the state file is written whole, owner-only, over the
// earlier one, and leaves no temporary file behind; a flush into a
// directory that is gone fails naming the state file and leaves nothing.
func TestStateFlush(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "verify.state")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := &stateFile{path: path, dirtyF: true, doc: stateDoc{Version: stateVersion, Source: "src", Target: "tgt",
		Tables: map[string]*tableSaved{"db.t": {NextSeq: 3, Chunks: 3, SourceRows: 30, TargetRows: 30}}}}
	if err := s.flush(); err != nil {
		t.Fatal(err)
	}
	if s.dirtyF {
		t.Error("flush left the state dirty")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc stateDoc
	if err := json.Unmarshal(data, &doc); err != nil || doc.Tables["db.t"] == nil || doc.Tables["db.t"].NextSeq != 3 {
		t.Errorf("state file holds %q (%v)", data, err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("state file mode %v (%v), want 0600", fi.Mode().Perm(), err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("directory holds %d entries after a flush, want only the state file", len(ents))
	}

	gone := filepath.Join(dir, "gone", "verify.state")
	s = &stateFile{path: gone, dirtyF: true, doc: stateDoc{Version: stateVersion}}
	if err := s.flush(); err == nil {
		t.Error("flush into a missing directory succeeded")
	} else if want := "state file " + gone; !strings.Contains(err.Error(), want) {
		t.Errorf("flush = %v, want it to name %s", err, want)
	}
	if !s.dirtyF {
		t.Error("a failed flush marked the state clean")
	}
}
