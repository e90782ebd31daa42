package sink

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/parity-db/parity/extract"
	"github.com/parity-db/parity/schema"
)

// runTables writes tables through one Output and commits it, or, with
// fail, abandons it after them as a failed run does.
func runTables(t *testing.T, mem memory.Allocator, dir string, o Options, fail bool, tables ...string) *Output {
	t.Helper()
	o.Dir, o.Alloc = dir, mem
	out, err := Create(Parquet, o)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range tables {
		writeTable(t, mem, out, &schema.Table{Schema: "db", Name: name})
	}
	if fail {
		out.Abandon()
		return out
	}
	m := Manifest{Tool: "parity"}
	for _, name := range tables {
		m.Tables = append(m.Tables, ManifestTable{Schema: "db", Name: name, Files: []string{"db." + name + ".parquet"}})
	}
	if err := out.Commit(m); err != nil {
		t.Fatal(err)
	}
	return out
}

// writeTable writes 100 narrow rows as table tbl of out and commits it.
func writeTable(t *testing.T, mem memory.Allocator, out *Output, tbl *schema.Table) extract.Output {
	t.Helper()
	ts, err := out.Open(tbl, narrow)
	if err != nil {
		t.Fatal(err)
	}
	rec := narrowBatch(mem, 0, 100)
	err = ts.Write(rec)
	rec.Release()
	if err != nil {
		ts.Abort()
		t.Fatal(err)
	}
	written, err := ts.Commit()
	if err != nil {
		ts.Abort()
		t.Fatal(err)
	}
	return written
}

func allNames(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

// TestOutputReplacesPreviousRun: a run removes the files of the
// extraction before it — the ones its manifest lists, tables that are not
// in the new run included — and the manifest before its first write;
// files it did not write stay.
func TestOutputReplacesPreviousRun(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	runTables(t, mem, dir, Options{}, false, "a", "b")
	if got := allNames(t, dir); !slices.Equal(got, []string{"db.a.parquet", "db.b.parquet", "manifest.json", "notes.txt"}) {
		t.Fatalf("after the first run: %q", got)
	}

	// The second run starts: the previous manifest and its files are gone
	// before anything is written.
	out, err := Create(Parquet, Options{Dir: dir, Alloc: mem})
	if err != nil {
		t.Fatal(err)
	}
	if got := allNames(t, dir); !slices.Equal(got, []string{"notes.txt"}) {
		t.Errorf("when the second run starts: %q", got)
	}
	if !slices.Equal(out.Replaced, []string{"db.a.parquet", "db.b.parquet"}) {
		t.Errorf("Replaced = %q", out.Replaced)
	}
	out.Abandon()

	// A run that fails after finishing table a: no manifest; a stays,
	// listed in the journal, and the next run (of table c only) removes it.
	runTables(t, mem, dir, Options{}, true, "a")
	if got := allNames(t, dir); !slices.Equal(got, []string{journalName, "db.a.parquet", "notes.txt"}) {
		t.Fatalf("after a failed run: %q", got)
	}
	data, _ := os.ReadFile(filepath.Join(dir, journalName))
	if string(data) != `{"files":["db.a.parquet"]}` {
		t.Errorf("journal = %s", data)
	}
	runTables(t, mem, dir, Options{}, false, "c")
	if got := allNames(t, dir); !slices.Equal(got, []string{"db.c.parquet", "manifest.json", "notes.txt"}) {
		t.Errorf("after the run that follows a failed one: %q", got)
	}

	// A run that fails before finishing any table leaves no journal.
	runTables(t, mem, dir, Options{}, true)
	if got := allNames(t, dir); !slices.Equal(got, []string{"notes.txt"}) {
		t.Errorf("after a run that finished nothing: %q", got)
	}
}

// TestOutputKilledRunJournal: a run killed outright (no Abandon) leaves a
// journal that lists every file it started; the next run removes those.
func TestOutputKilledRunJournal(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	dir := t.TempDir()
	out, err := Create(Parquet, Options{Dir: dir, Alloc: mem})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"x", "y"} {
		ts, err := out.Open(&schema.Table{Schema: "db", Name: name}, narrow)
		if err != nil {
			t.Fatal(err)
		}
		if name == "x" {
			if _, err := ts.Commit(); err != nil {
				t.Fatal(err)
			}
		} else {
			defer ts.Abort() // still open when the process "dies"
		}
	}
	var j struct{ Files []string }
	data, _ := os.ReadFile(filepath.Join(dir, journalName))
	if err := json.Unmarshal(data, &j); err != nil || !slices.Equal(j.Files, []string{"db.x.parquet", "db.y.parquet"}) {
		t.Fatalf("journal %s (%v)", data, err)
	}
	next, err := Create(Parquet, Options{Dir: dir, Alloc: mem})
	if err != nil {
		t.Fatal(err)
	}
	defer next.Abandon()
	for _, n := range allNames(t, dir) {
		if !strings.HasPrefix(n, ".db.y.parquet.tmp-") { // the open file's temporary name: atomicfile.Sweep's
			t.Errorf("left for the next run: %s", n)
		}
	}
}

// TestOutputRefusesForeignManifest: a manifest.json that is not parity's
// is neither trusted nor removed, and the run does not start.
func TestOutputRefusesForeignManifest(t *testing.T) {
	dir := t.TempDir()
	for _, content := range []string{"not json", `{"tables": [{"files": ["../../etc/passwd", "/etc/hosts", ".hidden", "ok.parquet"]}]}`} {
		if err := os.WriteFile(filepath.Join(dir, ManifestName), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "ok.parquet"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := Create(CSV, Options{Dir: dir})
		if content == "not json" {
			if err == nil || !strings.Contains(err.Error(), "not a parity manifest") {
				t.Errorf("foreign manifest: %v", err)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		out.Abandon()
		// Only the plain name was removed; nothing outside the directory
		// was touched.
		if got := out.Replaced; !slices.Equal(got, []string{"ok.parquet"}) {
			t.Errorf("Replaced = %q, want only the plain name", got)
		}
	}
}

// TestParts: --max-file-rows cuts exactly, --max-file-bytes about; every
// part is a complete file, names are numbered, and Abort removes them all.
func TestParts(t *testing.T) {
	for _, f := range fileFormats {
		t.Run(string(f), func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)

			dir := t.TempDir()
			out := writeParts(t, mem, f, Options{Dir: dir, MaxFileRows: 2500}, 10000, 1000)
			var names []string
			for i := range 4 {
				names = append(names, PartName("db", "narrow", FileExtension(f, ""), i))
			}
			if !slices.Equal(out, names) {
				t.Errorf("parts %q, want %q", out, names)
			}
			if f == Parquet {
				for _, n := range out {
					if got := rowGroups(t, filepath.Join(dir, n)); fmt.Sprint(got) != "[2500]" {
						t.Errorf("%s row groups %v, want [2500]", n, got)
					}
				}
			}

			dir = t.TempDir()
			const limit = 200 << 10
			out = writeParts(t, mem, f, Options{Dir: dir, MaxFileBytes: limit, Compression: map[Format]string{Parquet: "none"}[f]}, 20000, 3000)
			if len(out) < 5 {
				t.Errorf("%d parts of about 200 KiB for about 2.2 MB", len(out))
			}
			for i, n := range out {
				fi, err := os.Stat(filepath.Join(dir, n))
				if err != nil {
					t.Fatal(err)
				}
				if fi.Size() > limit*11/10 || i < len(out)-1 && fi.Size() < limit/2 {
					t.Errorf("%s is %d bytes, want about %d", n, fi.Size(), limit)
				}
			}
		})
	}
}

// writeParts writes rows narrow rows in batches and returns the files.
func writeParts(t *testing.T, mem memory.Allocator, f Format, o Options, rows, batch int) []string {
	t.Helper()
	o.Alloc = mem
	s, err := New(f, o)
	if err != nil {
		t.Fatal(err)
	}
	ts, err := s.Open(&schema.Table{Schema: "db", Name: "narrow"}, narrow)
	if err != nil {
		t.Fatal(err)
	}
	for first := 0; first < rows; first += batch {
		rec := narrowBatch(mem, first, min(batch, rows-first))
		err := ts.Write(rec)
		rec.Release()
		if err != nil {
			ts.Abort()
			t.Fatal(err)
		}
	}
	out, err := ts.Commit()
	if err != nil {
		ts.Abort()
		t.Fatal(err)
	}
	if got := dirNames(t, o.Dir); !slices.Equal(got, out.Files) {
		t.Errorf("directory holds %q, output lists %q", got, out.Files)
	}
	return out.Files
}

// TestPartsAbort: a table that fails after some parts were closed takes
// them all with it.
func TestPartsAbort(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	dir := t.TempDir()
	s, err := New(CSV, Options{Dir: dir, MaxFileRows: 100, Alloc: mem})
	if err != nil {
		t.Fatal(err)
	}
	ts, err := s.Open(&schema.Table{Schema: "db", Name: "narrow"}, narrow)
	if err != nil {
		t.Fatal(err)
	}
	rec := narrowBatch(mem, 0, 450)
	defer rec.Release()
	if err := ts.Write(rec); err != nil {
		t.Fatal(err)
	}
	if got := len(allNames(t, dir)); got < 5 {
		t.Fatalf("%d files while writing, want the 4 closed parts, the open one and the journal", got)
	}
	ts.Abort()
	if got := dirNames(t, dir); len(got) != 0 {
		t.Errorf("after Abort: %q", got)
	}
}

func TestLoadScript(t *testing.T) {
	sc := arrow.NewSchema([]arrow.Field{
		field("id", arrow.PrimitiveTypes.Int64, "bigint"),
		field("flags", arrow.PrimitiveTypes.Uint64, "bit(17)"),
		field("photo", arrow.BinaryTypes.Binary, "blob"),
		field("place", arrow.BinaryTypes.Binary, "point"),
		field("we`ird", arrow.BinaryTypes.String, "varchar(10)"),
		field("y", arrow.PrimitiveTypes.Uint16, "year"),
	}, nil)
	tables := []loadTable{
		{table: &schema.Table{Schema: "shop", Name: "z"}, sc: sc, files: []string{"shop.z.part-00000.csv.gz", "shop.z.part-00001.csv.gz"}},
		{table: &schema.Table{Schema: "shop", Name: "a"}, sc: arrow.NewSchema([]arrow.Field{field("id", arrow.PrimitiveTypes.Int32, "int")}, nil),
			files: []string{"shop.a.csv.gz"}},
	}
	got := string(loadScript(tables, "gzip:6"))
	for _, want := range []string{
		"SET NAMES utf8mb4;\nSET time_zone = '+00:00';\nSET foreign_key_checks = 0;\n",
		"(gunzip -k *.csv.gz)",
		"\nLOAD DATA LOCAL INFILE 'shop.a.csv' INTO TABLE `shop`.`a`\n  CHARACTER SET utf8mb4\n" +
			"  FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' ESCAPED BY '\\\\'\n  LINES TERMINATED BY '\\n'\n  (`id`);\n" +
			"\nLOAD DATA LOCAL INFILE 'shop.z.part-00000.csv' INTO TABLE `shop`.`z`\n",
		"  (`id`, @c2, @c3, @c4, `we``ird`, @c6)\n  SET `flags` = CAST(@c2 AS UNSIGNED), `photo` = UNHEX(@c3), `place` = ST_GeomFromWKB(UNHEX(@c4)), `y` = CAST(@c6 AS UNSIGNED);\n" +
			"\nLOAD DATA LOCAL INFILE 'shop.z.part-00001.csv'",
		"SET foreign_key_checks = 1;\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("load script lacks %q:\n%s", want, got)
		}
	}
}

func TestParseLocation(t *testing.T) {
	tests := []struct {
		in   string
		want Location
		str  string
		err  bool
	}{
		{in: "out", want: Location{Prefix: "out"}, str: "out"},
		{in: "/data/export/", want: Location{Prefix: "/data/export/"}, str: "/data/export/"},
		{in: "s3://bucket", want: Location{Scheme: "s3", Bucket: "bucket"}, str: "s3://bucket"},
		{in: "s3://bucket/a/b/", want: Location{Scheme: "s3", Bucket: "bucket", Prefix: "a/b"}, str: "s3://bucket/a/b"},
		{in: "GS://b/nightly", want: Location{Scheme: "gs", Bucket: "b", Prefix: "nightly"}, str: "gs://b/nightly"},
		{in: "s3://", err: true},
		{in: "s3:///prefix", err: true},
		{in: "s3://b/a//c", err: true},
		{in: "s3://b/../c", err: true},
		{in: "https://example.com/x", err: true},
		{in: "", err: true},
	}
	for _, tt := range tests {
		got, err := ParseLocation(tt.in)
		if (err != nil) != tt.err || err == nil && (got != tt.want || got.String() != tt.str) {
			t.Errorf("ParseLocation(%q) = %+v (%s), %v; want %+v (%s), error %v", tt.in, got, got, err, tt.want, tt.str, tt.err)
		}
	}
	l, _ := ParseLocation("s3://b/p")
	if got := l.Join("source").String(); got != "s3://b/p/source" {
		t.Errorf("Join = %s", got)
	}
	if got := (Location{Prefix: "out"}).Join("target").String(); got != filepath.Join("out", "target") {
		t.Errorf("Join = %s", got)
	}
}

// TestOutputFinish: a run that succeeded is committed with the manifest of
// its result; one that failed is abandoned, its error handed back.
func TestOutputFinish(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	tbl := &schema.Table{Schema: "db", Name: "a", Columns: []schema.Column{
		{Name: "id", ColumnType: "bigint"}, {Name: "c", ColumnType: "varchar(100)", Nullable: true}}}
	start := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	run := func(dir string) (*Output, *extract.Result) {
		out, err := Create(Parquet, Options{Dir: dir, Alloc: mem})
		if err != nil {
			t.Fatal(err)
		}
		written := writeTable(t, mem, out, tbl)
		return out, &extract.Result{Started: start, Finished: start.Add(time.Second), Tables: []extract.TableResult{{
			Schema: "db", Name: "a", Rows: 100, Bytes: 10_800, Seconds: 1, Chunking: "single",
			Output: written, Table: tbl, Arrow: narrow}}}
	}

	dir := t.TempDir()
	out, res := run(dir)
	if err := out.Finish(res, nil, "v1.2.3"); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	want := ManifestTable{Schema: "db", Name: "a", Rows: 100, Bytes: 10_800, FileBytes: res.Tables[0].Output.Bytes,
		Files: []string{"db.a.parquet"}, Seconds: 1, Chunking: "single", Columns: []ManifestColumn{
			{Name: "id", MySQLType: "bigint", ArrowType: "int64"},
			{Name: "c", MySQLType: "varchar(100)", ArrowType: "utf8", Nullable: true}}}
	if m.Tool != "parity" || m.Version != "v1.2.3" || m.Format != Parquet || !m.Started.Equal(start) ||
		len(m.Tables) != 1 || !reflect.DeepEqual(m.Tables[0], want) {
		t.Errorf("manifest:\n%s\nwant the table %+v", data, want)
	}

	dir = t.TempDir()
	out, res = run(dir)
	failed := fmt.Errorf("extract db.b: %w", os.ErrDeadlineExceeded)
	if err := out.Finish(res, failed, "v1.2.3"); err != failed {
		t.Errorf("Finish of a failed run = %v, want its error", err)
	}
	if got := allNames(t, dir); !slices.Equal(got, []string{journalName, "db.a.parquet"}) {
		t.Errorf("after a failed run: %q, want no manifest and the journal", got)
	}
}
