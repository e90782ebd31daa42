package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// ErrNotWritable: an output file's directory cannot be written. Match it
// with errors.Is.
var ErrNotWritable = errors.New("cannot write")

// probeBytes is what CheckWritable writes: one file system block, so that
// a full disk (which still creates an empty file) shows.
const probeBytes = 4096

// CheckWritable fails, wrapping ErrNotWritable, when path could not be
// written at the end of a run: its directory is missing or read-only (a
// read-only mount stops root too), or its file system is full. It creates
// a temporary file beside path, writes and syncs one block and removes
// it; path itself is not touched. A symlink, FIFO or device is checked by
// opening it for writing without truncating or waiting (a FIFO without a
// reader yet passes). "" and "-" (standard output) always pass.
func CheckWritable(path, what string) error {
	return checkWritable(path, what, nil)
}

// checkWritable is CheckWritable creating its probe with open (nil is
// os.OpenFile).
func checkWritable(path, what string, open func(string, int, fs.FileMode) (*os.File, error)) error {
	if path == "" || path == "-" {
		return nil
	}
	if fi, err := os.Lstat(path); err == nil && !fi.Mode().IsRegular() {
		if ownStream(path) != nil {
			return nil
		}
		f, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0)
		if errors.Is(err, syscall.ENXIO) {
			return nil // a FIFO nobody reads yet
		}
		if errors.Is(err, fs.ErrNotExist) {
			// A dangling symlink: its target gets created.
			target, rerr := filepath.EvalSymlinks(filepath.Dir(path))
			if rerr != nil {
				return fmt.Errorf("%w %s %s: %w", ErrNotWritable, what, path, rerr)
			}
			link, _ := os.Readlink(path)
			if !filepath.IsAbs(link) {
				link = filepath.Join(target, link)
			}
			return checkWritable(link, what, open)
		}
		if err != nil {
			return fmt.Errorf("%w %s %s: %w", ErrNotWritable, what, path, cause(err))
		}
		return f.Close()
	}
	dir := filepath.Dir(path)
	probe, err := Create(dir, filepath.Base(path), Options{Perm: 0o600, Open: open})
	if err != nil {
		return fmt.Errorf("%w %s: %w", ErrNotWritable, what, err)
	}
	defer probe.Abort()
	_, err = probe.Write(make([]byte, probeBytes))
	if err == nil {
		_, err = probe.Finish()
	}
	if err != nil {
		return fmt.Errorf("%w %s: %w", ErrNotWritable, what, err)
	}
	return nil
}
