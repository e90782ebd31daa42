package sink

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/parity-db/parity/extract"
	"github.com/parity-db/parity/schema"
)

// journalName is the file that lists the files of a run that has not
// committed its manifest yet, so that the next run can remove them even
// when this one was killed. A run that fails rewrites it to list only the
// tables it finished, or removes it when there are none (see Abandon).
const journalName = ".parity-incomplete.json"

// Output is one extraction run's files in one store. The manifest is the
// commit point: a store holds one extraction, and it is complete exactly
// when manifest.json is there. So Create first removes the previous
// extraction — the files its manifest lists, then the manifest — and the
// files of any run that was interrupted before its manifest; Commit writes
// the manifest last. Files parity did not write are never touched.
//
// Open may be called from several goroutines; each TableSink from one.
type Output struct {
	store   Store
	format  Format
	opts    Options
	ext     string
	dialect *dialect

	// Replaced lists the files of earlier runs that Create removed.
	Replaced []string

	mu      sync.Mutex
	journal []string    // files this run may have created
	tables  []loadTable // committed tables, for the load script
	ended   bool
}

// loadTable is a committed table, as the load script needs it.
type loadTable struct {
	table *schema.Table
	sc    *arrow.Schema
	files []string
}

// Create starts a run of format f in o.Store (or the directory o.Dir),
// removing the previous run's files first. f must not be None.
func Create(f Format, o Options) (*Output, error) {
	if f == None {
		return nil, fmt.Errorf("%s output writes no files", f)
	}
	comp, err := f.Compression(o.Compression)
	if err != nil {
		return nil, err
	}
	o.Compression = comp
	if o.RowGroupRows <= 0 {
		o.RowGroupRows = DefaultRowGroupRows
	}
	if o.RowGroupBytes <= 0 {
		o.RowGroupBytes = DefaultRowGroupBytes
	}
	if o.MaxFileRows < 0 || o.MaxFileBytes < 0 {
		return nil, fmt.Errorf("file limits must not be negative")
	}
	// A part is at least one row group: a smaller cap keeps the buffered
	// group from outgrowing the part.
	if o.MaxFileRows > 0 {
		o.RowGroupRows = min(o.RowGroupRows, o.MaxFileRows)
	}
	if o.MaxFileBytes > 0 {
		o.RowGroupBytes = min(o.RowGroupBytes, o.MaxFileBytes)
	}
	if o.Alloc == nil {
		o.Alloc = memory.DefaultAllocator
	}
	if o.Store == nil {
		if o.Dir == "" {
			return nil, fmt.Errorf("%s output needs a directory", f)
		}
		if o.Store, err = openDir(o.Dir); err != nil {
			return nil, err
		}
	}
	out := &Output{store: o.Store, format: f, opts: o, ext: FileExtension(f, comp), dialect: dialectOf(o.CSVDialect)}
	if err := out.replacePrevious(); err != nil {
		return nil, err
	}
	return out, nil
}

// Store is where the run writes.
func (o *Output) Store() Store { return o.store }

// replacePrevious removes the files of the previous extraction and of an
// interrupted run, then the manifest and the journal, in that order: a
// crash in between leaves a manifest naming missing files (which fails a
// reader loudly), never one describing files that are not its own.
func (o *Output) replacePrevious() error {
	var names []string
	for _, doc := range []string{ManifestName, journalName} {
		data, err := o.store.ReadFile(doc)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("read the previous %s: %w", o.store.Path(doc), err)
		}
		var prev struct {
			LoadScript string   `json:"load_script"`
			Files      []string `json:"files"` // the journal
			Tables     []struct {
				Files []string `json:"files"`
			} `json:"tables"`
		}
		if err := json.Unmarshal(data, &prev); err != nil {
			// Not parity's, or damaged: its files are unknown, and it is
			// not removed either.
			return fmt.Errorf("%s is not a parity manifest (%v): remove it or write elsewhere", o.store.Path(doc), err)
		}
		names = append(names, prev.Files...)
		names = append(names, prev.LoadScript)
		for _, t := range prev.Tables {
			names = append(names, t.Files...)
		}
	}
	var remove []string
	for _, n := range names {
		if plainName(n) && !slices.Contains(remove, n) {
			remove = append(remove, n)
		}
	}
	if err := o.store.Remove(remove...); err != nil {
		return err
	}
	if err := o.store.Remove(ManifestName, journalName); err != nil {
		return err
	}
	o.Replaced = remove
	return nil
}

// plainName: n names a file directly in the store, as parity's names do;
// a manifest that names anything else was not written by parity, and its
// files are left alone.
func plainName(n string) bool {
	return n != "" && n != "." && n != ".." && !strings.HasPrefix(n, ".") &&
		!strings.ContainsAny(n, `/\`) && n != ManifestName && n != journalName
}

// create starts file name, listing it in the journal first.
func (o *Output) create(name string) (Object, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.ended {
		return nil, fmt.Errorf("create %s: the run has ended", o.store.Path(name))
	}
	if !slices.Contains(o.journal, name) {
		o.journal = append(o.journal, name)
		data, err := journalJSON(o.journal)
		if err != nil {
			return nil, err
		}
		if err := writeObject(o.store, journalName, data); err != nil {
			return nil, err
		}
	}
	return o.store.Create(name)
}

// committed records a table for the load script.
func (o *Output) committed(t *schema.Table, sc *arrow.Schema, files []string) {
	o.mu.Lock()
	o.tables = append(o.tables, loadTable{table: t, sc: sc, files: files})
	o.mu.Unlock()
}

// Open starts one table's output. CSV column types are checked before any
// file is created.
func (o *Output) Open(t *schema.Table, sc *arrow.Schema) (extract.TableSink, error) {
	s := &tableSink{out: o, t: t, sc: sc, parted: o.opts.MaxFileRows > 0 || o.opts.MaxFileBytes > 0}
	if o.format == CSV {
		encs, err := csvEncoders(sc, o.dialect)
		if err != nil {
			return nil, fmt.Errorf("csv output for %s: %w", t, err)
		}
		s.encs = encs
	}
	if err := s.open(); err != nil {
		return nil, err
	}
	return s, nil
}

// Commit ends the run: the load script (CSV in the mysql dialect), then
// the manifest, then the journal goes. m's format, compression and dialect
// are set from the run.
func (o *Output) Commit(m Manifest) error {
	o.mu.Lock()
	o.ended = true
	tables := slices.Clone(o.tables)
	o.mu.Unlock()
	m.Format, m.Compression = o.format, o.opts.Compression
	if o.format == CSV {
		m.CSVDialect = o.dialect.name
	}
	if o.format == CSV && o.dialect.name == MySQL {
		script := loadScript(tables, o.opts.Compression)
		if err := writeObject(o.store, LoadScriptName, script); err != nil {
			return err
		}
		m.LoadScript = LoadScriptName
	}
	if err := writeManifest(o.store, m); err != nil {
		return err
	}
	return o.store.Remove(journalName)
}

// Finish ends the run that wrote res: one that failed (err is its error)
// is abandoned and err returned; one that succeeded is committed with the
// manifest of res, written by the given version of parity.
func (o *Output) Finish(res *extract.Result, err error, version string) error {
	if err != nil {
		o.Abandon()
		return err
	}
	return o.Commit(NewManifest(res, version))
}

// Abandon ends a run that failed: the tables it finished stay, listed in
// the journal (which then lists nothing else) so that the next run removes
// them; with none, the journal goes too. Aborted tables left nothing.
// Failures are ignored: the run has already failed, and a journal that
// lists too much does no harm.
func (o *Output) Abandon() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.ended = true
	var kept []string
	for _, t := range o.tables {
		kept = append(kept, t.files...)
	}
	if len(kept) == 0 {
		_ = o.store.Remove(journalName)
		return
	}
	o.journal = kept
	if data, err := journalJSON(kept); err == nil {
		_ = writeObject(o.store, journalName, data)
	}
}

func journalJSON(files []string) ([]byte, error) {
	return json.Marshal(struct {
		Files []string `json:"files"`
	}{files})
}

// writeObject writes a small file whole or not at all.
func writeObject(s Store, name string, data []byte) error {
	obj, err := s.Create(name)
	if err != nil {
		return err
	}
	if _, err := obj.Write(data); err != nil {
		_ = obj.Abort()
		return err
	}
	if _, err := obj.Close(); err != nil {
		_ = obj.Abort()
		return err
	}
	if err := obj.Publish(); err != nil {
		_ = obj.Abort()
		return err
	}
	return nil
}
