package sink

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/parity-db/parity/atomicfile"
)

// dirStore is a local directory. Files are written under hidden temporary
// names and renamed into place when published (see atomicfile.File).
type dirStore struct {
	dir string
	// open creates the temporary files; nil is os.OpenFile. Tests pass
	// one that fails the way a full disk does.
	open func(name string, flag int, perm fs.FileMode) (*os.File, error)
}

func openDir(dir string) (*dirStore, error) {
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return nil, fmt.Errorf("create output directory: %w", err)
	}
	return &dirStore{dir: dir}, nil
}

func (d *dirStore) Create(name string) (Object, error) {
	f, err := atomicfile.Create(d.dir, name, atomicfile.Options{Direct: true, Open: d.open})
	if err != nil {
		return nil, err
	}
	return &dirObject{f: f}, nil
}

func (d *dirStore) ReadFile(name string) ([]byte, error) {
	return os.ReadFile(filepath.Join(d.dir, name))
}

func (d *dirStore) Remove(names ...string) error {
	for _, n := range names {
		if err := atomicfile.Remove(d.Path(n)); err != nil {
			return err
		}
	}
	if len(names) == 0 {
		return nil
	}
	if err := atomicfile.SyncDir(d.dir); err != nil {
		return fmt.Errorf("sync directory %s: %w", d.dir, err)
	}
	return nil
}

func (d *dirStore) Path(name string) string { return filepath.Join(d.dir, name) }
func (d *dirStore) String() string          { return d.dir }

// dirObject adapts atomicfile.File to Object.
type dirObject struct {
	f         *atomicfile.File
	published bool
}

func (o *dirObject) Write(p []byte) (int, error) { return o.f.Write(p) }
func (o *dirObject) Close() (int64, error)       { return o.f.Finish() }

func (o *dirObject) Publish() error {
	if err := o.f.Publish(); err != nil {
		return err
	}
	o.published = true
	return nil
}

func (o *dirObject) Abort() error {
	if !o.published {
		return o.f.Abort()
	}
	o.published = false
	return atomicfile.Remove(o.f.Path())
}
