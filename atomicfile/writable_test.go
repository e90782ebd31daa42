package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func writeText(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

// TestWriteThroughSpecialFiles: a symlink, a FIFO or a device is
// written through and stays what it was; an atomic rename would have
// replaced it with a regular file.
func TestWriteThroughSpecialFiles(t *testing.T) {
	dir := t.TempDir()

	// A symlink to a regular file: the link stays, its target is rewritten.
	target := filepath.Join(dir, "runs-2026-12-01.json")
	if err := os.WriteFile(target, []byte("an older, longer document\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "latest.json")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := Write(link, Options{}, writeText("{}\n")); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the symlink was replaced: %v %v", fi.Mode(), err)
	}
	if got, _ := os.ReadFile(target); string(got) != "{}\n" {
		t.Errorf("the link's target holds %q", got)
	}

	// A FIFO a monitoring agent reads.
	fifo := filepath.Join(dir, "events")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := CheckWritable(fifo, "--json"); err != nil {
		t.Errorf("CheckWritable of a FIFO nobody reads yet: %v", err)
	}
	read := make(chan string)
	go func() {
		data, _ := os.ReadFile(fifo)
		read <- string(data)
	}()
	if err := Write(fifo, Options{}, writeText("{\"status\":\"ok\"}\n")); err != nil {
		t.Fatal(err)
	}
	if got := <-read; got != "{\"status\":\"ok\"}\n" {
		t.Errorf("the reader got %q", got)
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced: %v %v", fi.Mode(), err)
	}

	// A device.
	if err := Write("/dev/null", Options{}, writeText("gone\n")); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat("/dev/null"); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		t.Fatalf("/dev/null is no longer a device: %v %v", fi.Mode(), err)
	}
	for _, n := range []string{"latest.json", "runs-2026-12-01.json", "events"} {
		if _, err := os.Lstat(filepath.Join(dir, n)); err != nil {
			t.Error(err)
		}
	}
	if got := dirNames(t, dir); len(got) != 3 {
		t.Errorf("directory holds %q, want no temporary file", got)
	}
}

// TestWriteToOwnStdout: a path naming this process's standard output
// (here a symlink to /proc/self/fd/1, as /dev/stdout is) is written to
// that descriptor, which is not closed.
func TestWriteToOwnStdout(t *testing.T) {
	dir := t.TempDir()
	captured := filepath.Join(dir, "captured")
	f, err := os.Create(captured)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	orig := os.Stdout
	os.Stdout = f
	t.Cleanup(func() { os.Stdout = orig })
	link := filepath.Join(dir, "stdout")
	if err := os.Symlink(captured, link); err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(f, "summary\n"); err != nil {
		t.Fatal(err)
	}
	if err := Write(link, Options{}, writeText("{}\n")); err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(f, "after\n"); err != nil {
		t.Errorf("standard output was closed: %v", err)
	}
	if got, _ := os.ReadFile(captured); string(got) != "summary\n{}\nafter\n" {
		t.Errorf("standard output holds %q: the document should follow what was written before", got)
	}
}

func TestCheckWritable(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"", "-", filepath.Join(dir, "new.json"), "/dev/null"} {
		if err := CheckWritable(p, "--json"); err != nil {
			t.Errorf("CheckWritable(%q): %v", p, err)
		}
	}
	if got := dirNames(t, dir); len(got) != 0 {
		t.Errorf("CheckWritable left %q", got)
	}
	err := CheckWritable(filepath.Join(dir, "missing", "x.json"), "--report")
	if !errors.Is(err, ErrNotWritable) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a missing directory: %v", err)
	}
	err = checkWritable(filepath.Join(dir, "full.json"), "--fix-sql", fullDisk(t))
	if !errors.Is(err, ErrNotWritable) || !errors.Is(err, syscall.ENOSPC) {
		t.Errorf("a full disk: %v", err)
	}
	if got := dirNames(t, dir); len(got) != 0 {
		t.Errorf("CheckWritable left %q on a full disk", got)
	}
}
