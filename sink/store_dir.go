package sink

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// dirStore is a local directory. Files are written under hidden temporary
// names and renamed into place when published (see File).
type dirStore struct{ dir string }

func openDir(dir string) (*dirStore, error) {
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return nil, fmt.Errorf("create output directory: %w", err)
	}
	return &dirStore{dir: dir}, nil
}

func (d *dirStore) Create(name string) (Object, error) {
	f, err := createFile(d.dir, name, "", 0o666, true)
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
		if err := os.Remove(filepath.Join(d.dir, n)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove %s: %w", d.Path(n), cause(err))
		}
	}
	if len(names) == 0 {
		return nil
	}
	if err := syncDir(d.dir); err != nil {
		return fmt.Errorf("sync directory %s: %w", d.dir, err)
	}
	return nil
}

func (d *dirStore) Path(name string) string { return filepath.Join(d.dir, name) }
func (d *dirStore) String() string          { return d.dir }

// dirObject adapts File to Object.
type dirObject struct {
	f         *File
	published bool
}

func (o *dirObject) Write(p []byte) (int, error) { return o.f.Write(p) }
func (o *dirObject) Close() (int64, error)       { return o.f.finish() }

func (o *dirObject) Publish() error {
	if err := o.f.publish(); err != nil {
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
	if err := os.Remove(o.f.Path()); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove %s: %w", o.f.Path(), cause(err))
	}
	return nil
}
