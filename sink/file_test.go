package sink

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/parity-db/parity/extract"
	"github.com/parity-db/parity/schema"
)

var fileFormats = []Format{Parquet, Arrow, CSV}

// openTable opens db.t with schema sc (blobs when nil), Parquet row
// groups of 4 rows.
func openTable(t *testing.T, mem memory.Allocator, f Format, dir string, sc *arrow.Schema) extract.TableSink {
	t.Helper()
	return openTableIn(t, mem, f, Options{Dir: dir}, sc)
}

// openTableIn is openTable where o says (o.Store or o.Dir).
func openTableIn(t *testing.T, mem memory.Allocator, f Format, o Options, sc *arrow.Schema) extract.TableSink {
	t.Helper()
	if sc == nil {
		sc = blobs
	}
	o.Alloc, o.RowGroupRows = mem, 4
	s, err := New(f, o)
	if err != nil {
		t.Fatal(err)
	}
	ts, err := s.Open(&schema.Table{Schema: "db", Name: "t"}, sc)
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

func TestCommitIsAtomic(t *testing.T) {
	for _, f := range fileFormats {
		t.Run(string(f), func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			dir := t.TempDir()
			final := "db.t" + f.Extension()
			// An earlier run's file is replaced, never appended to or
			// left half-overwritten.
			if err := os.WriteFile(filepath.Join(dir, final), []byte("old"), 0o644); err != nil {
				t.Fatal(err)
			}
			ts := openTable(t, mem, f, dir, nil)
			rec := randomBatch(mem, blobs, 8)
			if err := ts.Write(rec); err != nil {
				t.Fatal(err)
			}
			rec.Release()

			names := dirNames(t, dir)
			tmpName := regexp.MustCompile(`^\.` + regexp.QuoteMeta(final) + `\.tmp-[0-9]+-[0-9a-f]{16}$`)
			if len(names) != 2 || !tmpName.MatchString(names[0]) || names[1] != final {
				t.Errorf("before Commit the directory holds %q, want a .%s.tmp-* file and the old %s", names, final, final)
			}
			if old, _ := os.ReadFile(filepath.Join(dir, final)); string(old) != "old" {
				t.Error("the old file changed before Commit")
			}

			out, err := ts.Commit()
			if err != nil {
				t.Fatal(err)
			}
			checkOutput(t, dir, out, final)
			ts.Abort() // a no-op after Commit
			if got := dirNames(t, dir); len(got) != 1 || got[0] != final {
				t.Errorf("Abort after Commit left %q", got)
			}
		})
	}
}

func TestAbortRemovesEverything(t *testing.T) {
	for _, f := range fileFormats {
		for _, batches := range []int{0, 1, 3} {
			t.Run(fmt.Sprintf("%s/%d batches", f, batches), func(t *testing.T) {
				mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
				defer mem.AssertSize(t, 0)
				dir := t.TempDir()
				ts := openTable(t, mem, f, dir, nil)
				for range batches {
					rec := randomBatch(mem, blobs, 5)
					if err := ts.Write(rec); err != nil {
						t.Fatal(err)
					}
					rec.Release()
				}
				ts.Abort()
				ts.Abort() // twice is harmless
				if got := dirNames(t, dir); len(got) != 0 {
					t.Errorf("after Abort the directory holds %q", got)
				}
			})
		}
	}
}

// fullDisk is the directory dir whose temporary files behave like ones on
// a full disk: the file is created (so Abort has something to remove) but
// written through /dev/full, where every write fails with ENOSPC.
func fullDisk(t *testing.T, dir string) *dirStore {
	t.Helper()
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full on this system")
	}
	return &dirStore{dir: dir, open: func(name string, flag int, perm fs.FileMode) (*os.File, error) {
		f, err := os.OpenFile(name, flag, perm)
		if err != nil || strings.Contains(name, journalName) {
			// The journal, written when a table opens, stays on the
			// real disk so that the data file's writes are reached.
			return f, err
		}
		f.Close()
		return os.OpenFile("/dev/full", os.O_WRONLY, 0)
	}}
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

func TestWriteOnFullDisk(t *testing.T) {
	for _, f := range fileFormats {
		t.Run(string(f), func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			dir := t.TempDir()
			ts := openTableIn(t, mem, f, Options{Store: fullDisk(t, dir)}, nil)
			// 8 rows of 64 KiB overflow the file buffer (and, for
			// Parquet, close a row group of 4 rows), so Write itself
			// reaches the disk.
			rec := randomBatch(mem, blobs, 8)
			err := ts.Write(rec)
			rec.Release()
			checkFullDiskErr(t, err, filepath.Join(dir, "db.t"+f.Extension()))

			rec = randomBatch(mem, blobs, 1)
			if err2 := ts.Write(rec); err2 == nil {
				t.Error("a Write after a failed one succeeded")
			}
			rec.Release()
			ts.Abort()
			if got := dirNames(t, dir); len(got) != 0 {
				t.Errorf("after Abort the directory holds %q", got)
			}
		})
	}
}

func TestCommitOnFullDisk(t *testing.T) {
	for _, f := range fileFormats {
		t.Run(string(f), func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			dir := t.TempDir()
			ts := openTableIn(t, mem, f, Options{Store: fullDisk(t, dir)}, narrow)
			rec := narrowBatch(mem, 0, 3) // small: stays in the buffer until Commit
			defer rec.Release()
			if err := ts.Write(rec); err != nil {
				t.Fatalf("small Write failed: %v", err)
			}
			_, err := ts.Commit()
			checkFullDiskErr(t, err, filepath.Join(dir, "db.t"+f.Extension()))
			ts.Abort()
			if got := dirNames(t, dir); len(got) != 0 {
				t.Errorf("after Abort the directory holds %q", got)
			}
		})
	}
}

func TestNewCreatesDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	if _, err := New(Parquet, Options{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		t.Fatalf("output directory not created: %v", err)
	}
	if _, err := New(CSV, Options{}); err == nil {
		t.Error("New(CSV) without a directory succeeded")
	}
}

// TestConcurrentTables opens tables from several goroutines, as the
// extractor does with one goroutine per table (run with -race).
func TestConcurrentTables(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	dir := t.TempDir()
	s, err := New(Parquet, Options{Dir: dir, Alloc: mem})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() {
			ts, err := s.Open(&schema.Table{Schema: "db", Name: string(rune('a' + i))}, narrow)
			if err != nil {
				errs[i] = err
				return
			}
			rec := narrowBatch(mem, 0, 100)
			defer rec.Release()
			if err := ts.Write(rec); err != nil {
				ts.Abort()
				errs[i] = err
				return
			}
			_, errs[i] = ts.Commit()
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if got := dirNames(t, dir); len(got) != 4 {
		t.Errorf("directory holds %q, want 4 files", got)
	}
}

func TestNoneDiscards(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	dir := filepath.Join(t.TempDir(), "unused")
	s, err := New(None, Options{Dir: dir, Compression: "zstd"})
	if err != nil {
		t.Fatal(err)
	}
	ts, err := s.Open(testTable, allTypes)
	if err != nil {
		t.Fatal(err)
	}
	rec := buildBatch(t, mem, rows)
	if err := ts.Write(rec); err != nil {
		t.Fatal(err)
	}
	rec.Release() // the caller's reference was the only one
	out, err := ts.Commit()
	if err != nil || len(out.Files) != 0 || out.Bytes != 0 {
		t.Errorf("Commit = %+v, %v; want empty Output", out, err)
	}
	ts.Abort()
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("none sink touched %s: %v", dir, err)
	}
}
