// Package atomicfile writes files that appear under their final name only
// when they are complete and on disk: written under a hidden temporary name
// in the same directory, fsync'd, renamed into place and the directory
// fsync'd. Symlinks, FIFOs and devices are written through in place. Sweep
// removes the temporary files of runs that were killed before they could
// clean up. It imports no other parity package.
package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"syscall"
)

// Options say what a file is and how it is written. The zero value is an
// ordinary file (0666 less the umask), buffered.
type Options struct {
	// What names the kind of file in messages ("fix SQL", "restore
	// file"); "" for data files.
	What string
	// Perm is the mode before the umask; 0 is 0o666. Files only their
	// owner should read use 0o600.
	Perm fs.FileMode
	// Direct asks for direct I/O where the file system has it (see
	// directWriter): data files written once and never read back.
	Direct bool
	// Open creates the temporary file; nil is os.OpenFile. Tests pass
	// one whose files fail the way a full disk or a lost file does.
	Open func(name string, flag int, perm fs.FileMode) (*os.File, error)

	// setDirect turns direct I/O on for a data file; nil is
	// setDirect(f, true). Tests stand for a file system that refuses it.
	setDirect func(f *os.File) error
}

func (o Options) perm() fs.FileMode {
	if o.Perm == 0 {
		return 0o666
	}
	return o.Perm
}

func (o Options) open(name string, flag int, perm fs.FileMode) (*os.File, error) {
	if o.Open != nil {
		return o.Open(name, flag, perm)
	}
	return os.OpenFile(name, flag, perm)
}

func (o Options) enableDirect(f *os.File) error {
	if o.setDirect != nil {
		return o.setDirect(f)
	}
	return setDirect(f, true)
}

// bufferSize batches the many small writes the IPC and CSV encoders make.
const bufferSize = 256 << 10

// File is an output file that appears under its final name only when
// it is complete and on disk: it is written as ".<name>.tmp-<pid>-<random>" in the
// same directory (so the rename cannot cross file systems), fsync'd, renamed
// over any earlier file of that name, and the directory fsync'd so the
// rename itself survives a crash.
//
// It has Write but no Close on purpose: encoders that close an io.Closer
// they were given (pqarrow does) must not close the file before it is
// synced.
type File struct {
	dir   string // output directory
	name  string // final name, relative to dir
	what  string // what the file is, for messages: "" or e.g. "fix SQL"
	tmp   string // temporary path
	f     *os.File
	w     flushWriter // a bufio.Writer, or a directWriter for data files
	n     int64       // bytes accepted
	err   error       // first write failure, already naming the file
	state fileState

	// through: the final name is a symlink, FIFO or device, written in
	// place (no temporary name, no rename); keep: it is this process's
	// own standard output or error, which Commit must not close.
	through, keep bool
}

// flushWriter is a buffer in front of the file.
type flushWriter interface {
	io.Writer
	Flush() error
}

type fileState int

const (
	fileOpen      fileState = iota
	fileFinished            // synced and closed under its temporary name
	fileRenamed             // under its final name, durability not yet confirmed
	fileCommitted           // done; Abort leaves it alone
	fileRemoved             // aborted
)

// Create starts name (relative to dir) under a fresh temporary name. The
// caller owes Commit or Abort.
//
// A name that is a symlink, FIFO or device (/dev/stdout, a named pipe a
// monitoring agent reads) is never replaced: it is written through, in
// place, without the atomic rename; a name for this process's own
// standard output or error is written to that descriptor, so a shell's
// redirection (>, >>, a pipe) applies. Direct files are always written
// under a temporary name.
func Create(dir, name string, o Options) (*File, error) {
	a := &File{dir: dir, name: name, what: o.What}
	if !o.Direct {
		if fi, err := os.Lstat(a.Path()); err == nil && !fi.Mode().IsRegular() {
			return a.openThrough(o.perm())
		}
	}
	for range 10 {
		tmp := filepath.Join(dir, fmt.Sprintf(".%s.tmp-%d-%016x", name, os.Getpid(), rand.Uint64()))
		f, err := o.open(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, o.perm())
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("create %s: %w", a.label(), cause(err))
		}
		a.tmp, a.f = tmp, f
		if o.Direct && o.enableDirect(f) == nil {
			a.w = newDirectWriter(f)
		} else {
			a.w = bufio.NewWriterSize(f, bufferSize)
		}
		return a, nil
	}
	return nil, fmt.Errorf("create %s: no free temporary name", a.label())
}

// Write writes path whole or not at all: write fills a File, which is
// committed only when write succeeded and aborted otherwise.
func Write(path string, o Options, write func(w io.Writer) error) error {
	a, err := Create(filepath.Dir(path), filepath.Base(path), o)
	if err != nil {
		return err
	}
	defer a.Abort()
	if err := write(a); err != nil {
		if a.err != nil {
			return a.err
		}
		return fmt.Errorf("write %s: %w", a.label(), err)
	}
	_, err = a.Commit()
	return err
}

// openThrough opens the special final name for writing in place.
func (a *File) openThrough(perm fs.FileMode) (*File, error) {
	a.through = true
	if f := ownStream(a.Path()); f != nil {
		a.f, a.keep = f, true
	} else {
		f, err := os.OpenFile(a.Path(), os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
		if err != nil {
			return nil, fmt.Errorf("create %s: %w", a.label(), cause(err))
		}
		a.f = f
	}
	a.w = bufio.NewWriterSize(a.f, bufferSize)
	return a, nil
}

// ownStream is this process's standard output or error if path names the
// same file (/dev/stdout, /proc/self/fd/2), else nil.
func ownStream(path string) *os.File {
	fi, err := os.Stat(path)
	if err != nil {
		return nil
	}
	for _, f := range []*os.File{os.Stdout, os.Stderr} {
		if sfi, err := f.Stat(); err == nil && os.SameFile(fi, sfi) {
			return f
		}
	}
	return nil
}

// Write buffers p. The first failure sticks, and every later call returns
// it, so whichever encoder call notices first reports the real cause.
func (a *File) Write(p []byte) (int, error) {
	if a.err != nil {
		return 0, a.err
	}
	n, err := a.w.Write(p)
	a.n += int64(n)
	if err != nil {
		a.err = a.writeFailed(err)
	}
	return n, a.err
}

// writeFailed names the final file, the cause and, for a full disk or
// quota, what to do about it.
func (a *File) writeFailed(err error) error {
	err = cause(err)
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
		what := a.what
		if what == "" {
			what = "output"
		}
		return fmt.Errorf("write %s: %w (free space in %s or write the %s elsewhere)", a.label(), err, a.dir, what)
	}
	return fmt.Errorf("write %s: %w", a.label(), err)
}

// Path is the final path, the name people look for.
func (a *File) Path() string { return filepath.Join(a.dir, a.name) }

// label is the final path with what the file is: "fix SQL out/fix.sql".
func (a *File) label() string {
	if a.what == "" {
		return a.Path()
	}
	return a.what + " " + a.Path()
}

// Commit flushes, syncs and renames the file into place and returns its
// size. After an error the caller still owes an Abort.
func (a *File) Commit() (int64, error) {
	n, err := a.Finish()
	if err != nil || a.through {
		return n, err
	}
	return n, a.Publish()
}

// Finish flushes, syncs and closes the file under its temporary name and
// returns its size; Publish then puts it in place. Commit does both. A file
// written through is done after Finish. After an error the caller still
// owes an Abort.
func (a *File) Finish() (int64, error) {
	if a.err != nil {
		return 0, a.err
	}
	if a.state != fileOpen {
		return 0, fmt.Errorf("commit %s: already committed or aborted", a.label())
	}
	if err := a.w.Flush(); err != nil {
		a.err = a.writeFailed(err)
		return 0, a.err
	}
	if a.through {
		return a.n, a.closeThrough()
	}
	if err := a.f.Sync(); err != nil {
		return 0, fmt.Errorf("sync %s: %w", a.label(), cause(err))
	}
	err := a.f.Close()
	a.f = nil
	if err != nil {
		return 0, fmt.Errorf("close %s: %w", a.label(), cause(err))
	}
	a.state = fileFinished
	return a.n, nil
}

// closeThrough ends a file written in place: synced where that means
// anything (a symlinked regular file), closed unless it is our own stream.
func (a *File) closeThrough() error {
	if fi, err := a.f.Stat(); err == nil && fi.Mode().IsRegular() {
		if err := a.f.Sync(); err != nil {
			return fmt.Errorf("sync %s: %w", a.label(), cause(err))
		}
	}
	a.state = fileCommitted
	if a.keep {
		a.f = nil
		return nil
	}
	err := a.f.Close()
	a.f = nil
	if err != nil {
		return fmt.Errorf("close %s: %w", a.label(), cause(err))
	}
	return nil
}

// Publish renames a finished file into place, over any earlier file of
// that name, and syncs the directory.
func (a *File) Publish() error {
	if a.state != fileFinished {
		return fmt.Errorf("commit %s: not finished", a.label())
	}
	if err := os.Rename(a.tmp, a.Path()); err != nil {
		return fmt.Errorf("rename %s into place: %w", a.label(), cause(err))
	}
	a.state = fileRenamed
	if err := SyncDir(a.dir); err != nil {
		return fmt.Errorf("sync directory of %s: %w", a.label(), err)
	}
	a.state = fileCommitted
	return nil
}

// Abort removes whatever Commit left: the temporary file, or the final one
// if the rename happened but its directory could not be synced (a failed
// commit must not leave output behind). It is a no-op after a Commit, so
// callers can defer it.
func (a *File) Abort() error {
	if a.through {
		// Nothing to remove: what was written through is the reader's.
		if a.f != nil && !a.keep {
			a.f.Close()
		}
		a.f = nil
		a.state = fileRemoved
		return nil
	}
	if a.f != nil {
		if d, ok := a.w.(*directWriter); ok {
			d.release() // no write may outlive the descriptor; the file goes anyway
		}
		a.f.Close()
		a.f = nil
	}
	victim := a.tmp
	switch a.state {
	case fileOpen, fileFinished:
	case fileRenamed:
		victim = a.Path()
	default:
		return nil
	}
	a.state = fileRemoved
	if err := os.Remove(victim); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove %s: %w", a.label(), cause(err))
	}
	return nil
}

// Remove removes path; one that does not exist is not an error.
func Remove(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove %s: %w", path, cause(err))
	}
	return nil
}

// SyncDir makes a rename or removal in dir durable. File systems that
// cannot sync a directory (EINVAL) are taken as having nothing to sync.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return cause(err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) && !errors.Is(err, errors.ErrUnsupported) {
		return cause(err)
	}
	return nil
}

// cause strips the *fs.PathError that names the temporary path, which the
// caller replaces with the final one, leaving the bare errno ("no space
// left on device") to be wrapped and matched with errors.Is.
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
