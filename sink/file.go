package sink

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"syscall"
)

// openFile creates temporary files. Tests replace it to make writes fail
// the way a full disk does.
var openFile = os.OpenFile

// bufferSize batches the many small writes the IPC and CSV encoders make.
const bufferSize = 256 << 10

// atomicFile is an output file that appears under its final name only when
// it is complete and on disk: it is written as ".<name>.tmp-<pid>-<random>" in the
// same directory (so the rename cannot cross file systems), fsync'd, renamed
// over any earlier file of that name, and the directory fsync'd so the
// rename itself survives a crash.
//
// It has Write but no Close on purpose: encoders that close an io.Closer
// they were given (pqarrow does) must not close the file before it is
// synced.
type atomicFile struct {
	dir   string // output directory
	name  string // final name, relative to dir
	tmp   string // temporary path
	f     *os.File
	w     *bufio.Writer
	n     int64 // bytes accepted
	err   error // first write failure, already naming the file
	drop  bool  // discard writes: the encoder is being shut down for Abort
	state fileState
}

type fileState int

const (
	fileOpen      fileState = iota
	fileRenamed             // under its final name, durability not yet confirmed
	fileCommitted           // done; Abort leaves it alone
	fileRemoved             // aborted
)

// createFile starts name (relative to dir) under a fresh temporary name,
// with the permissions os.Create gives (0666 less the umask).
func createFile(dir, name string) (*atomicFile, error) {
	final := filepath.Join(dir, name)
	for range 10 {
		tmp := filepath.Join(dir, fmt.Sprintf(".%s.tmp-%d-%016x", name, os.Getpid(), rand.Uint64()))
		f, err := openFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("create %s: %w", final, cause(err))
		}
		return &atomicFile{dir: dir, name: name, tmp: tmp, f: f, w: bufio.NewWriterSize(f, bufferSize)}, nil
	}
	return nil, fmt.Errorf("create %s: no free temporary name", final)
}

// Write buffers p. The first failure sticks, and every later call returns
// it, so whichever encoder call notices first reports the real cause.
func (a *atomicFile) Write(p []byte) (int, error) {
	if a.drop {
		return len(p), nil
	}
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
func (a *atomicFile) writeFailed(err error) error {
	err = cause(err)
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
		return fmt.Errorf("write %s: %w (free space in %s or write the output elsewhere)", a.path(), err, a.dir)
	}
	return fmt.Errorf("write %s: %w", a.path(), err)
}

// path is the final path, the name people look for.
func (a *atomicFile) path() string { return filepath.Join(a.dir, a.name) }

// commit flushes, syncs and renames the file into place and returns its
// size. After an error the caller still owes an abort.
func (a *atomicFile) commit() (int64, error) {
	if a.err != nil {
		return 0, a.err
	}
	if a.state != fileOpen {
		return 0, fmt.Errorf("commit %s: already committed or aborted", a.path())
	}
	if err := a.w.Flush(); err != nil {
		a.err = a.writeFailed(err)
		return 0, a.err
	}
	if err := a.f.Sync(); err != nil {
		return 0, fmt.Errorf("sync %s: %w", a.path(), cause(err))
	}
	err := a.f.Close()
	a.f = nil
	if err != nil {
		return 0, fmt.Errorf("close %s: %w", a.path(), cause(err))
	}
	if err := os.Rename(a.tmp, a.path()); err != nil {
		return 0, fmt.Errorf("rename %s into place: %w", a.path(), cause(err))
	}
	a.state = fileRenamed
	if err := syncDir(a.dir); err != nil {
		return 0, fmt.Errorf("sync directory of %s: %w", a.path(), err)
	}
	a.state = fileCommitted
	return a.n, nil
}

// abort removes whatever commit left: the temporary file, or the final one
// if the rename happened but its directory could not be synced (a failed
// commit must not leave output behind). It is a no-op after a commit.
func (a *atomicFile) abort() {
	if a.f != nil {
		a.f.Close()
		a.f = nil
	}
	switch a.state {
	case fileOpen:
		os.Remove(a.tmp)
	case fileRenamed:
		os.Remove(a.path())
	default:
		return
	}
	a.state = fileRemoved
}

// syncDir makes a rename in dir durable. File systems that cannot sync a
// directory (EINVAL) are taken as having nothing to sync.
func syncDir(dir string) error {
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
