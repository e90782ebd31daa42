package atomicfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
)

// fullDisk is an Options.Open whose files behave like ones on a full disk:
// the file is created (so Abort has something to remove) but written
// through /dev/full, where every write fails with ENOSPC.
func fullDisk(t *testing.T) func(string, int, fs.FileMode) (*os.File, error) {
	t.Helper()
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full on this system")
	}
	return func(name string, flag int, perm fs.FileMode) (*os.File, error) {
		f, err := os.OpenFile(name, flag, perm)
		if err != nil {
			return nil, err
		}
		f.Close()
		return os.OpenFile("/dev/full", os.O_WRONLY, 0)
	}
}

func checkFullDiskErr(t *testing.T, err error, path string) {
	t.Helper()
	if err == nil {
		t.Fatal("no error writing to a full disk")
	}
	t.Logf("error: %v", err)
	if !errors.Is(err, syscall.ENOSPC) {
		t.Errorf("error %q is not ENOSPC", err)
	}
	if msg := err.Error(); !strings.Contains(msg, path) || !strings.Contains(msg, "no space left on device") {
		t.Errorf("error %q does not name %s and the cause", msg, path)
	}
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	names := []string{}
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

// TestCommitIsAtomic: until Commit the earlier file stays as it was beside
// one temporary file; after it, only the new file is left, and a deferred
// Abort leaves it alone.
func TestCommitIsAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "run.json")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	a, err := Create(dir, "run.json", Options{What: "report"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(a, "new\n"); err != nil {
		t.Fatal(err)
	}
	tmpName := regexp.MustCompile(`^\.run\.json\.tmp-[0-9]+-[0-9a-f]{16}$`)
	if names := dirNames(t, dir); len(names) != 2 || !tmpName.MatchString(names[0]) || names[1] != "run.json" {
		t.Errorf("before Commit the directory holds %q, want a .run.json.tmp-* file and the old run.json", names)
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("before Commit run.json = %q, want the old file", got)
	}
	if n, err := a.Commit(); err != nil || n != 4 {
		t.Fatalf("Commit = %d, %v; want 4 bytes", n, err)
	}
	if err := a.Abort(); err != nil {
		t.Errorf("Abort after Commit: %v", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "new\n" {
		t.Errorf("after Commit run.json = %q", got)
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Errorf("after Commit the directory holds %q", names)
	}
	if _, err := a.Commit(); err == nil {
		t.Error("a second Commit succeeded")
	}
}

// TestWrite: the file appears whole with the asked permissions, and a
// write that fails, or a full disk, leaves nothing behind.
func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "restore.json")
	if err := Write(path, Options{What: "restore file", Perm: 0o600}, func(w io.Writer) error {
		_, err := io.WriteString(w, "{}\n")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("stat %s: %v, mode %v; want 0600", path, err, fi.Mode().Perm())
	}

	boom := errors.New("encoder failed")
	err = Write(filepath.Join(dir, "half.json"), Options{What: "report"}, func(w io.Writer) error {
		_, _ = io.WriteString(w, "{\"half\":")
		return boom
	})
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "report "+filepath.Join(dir, "half.json")) {
		t.Errorf("failed write: %v; want the cause and the file named", err)
	}
	if got := dirNames(t, dir); len(got) != 1 || got[0] != "restore.json" {
		t.Errorf("after a failed write the directory holds %q", got)
	}

	err = Write(filepath.Join(dir, "big.json"), Options{What: "report", Open: fullDisk(t)}, func(w io.Writer) error {
		_, err := w.Write(make([]byte, 4*bufferSize))
		return err
	})
	checkFullDiskErr(t, err, filepath.Join(dir, "big.json"))
	if got := dirNames(t, dir); len(got) != 1 {
		t.Errorf("after a full disk the directory holds %q", got)
	}
}
