package verify

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/parity-db/parity/atomicfile"
	"github.com/parity-db/parity/schema"
)

// The -update flag rewrites golden files. Other test files in this package
// may register the same flag; a second registration panics, so it is only
// registered here when nobody did it first (package-level variables of every
// file are initialized before any init runs).
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files under testdata/")
	}
}

func fixUpdate() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

var fixTestHeader = FixHeader{
	Source:    "old 127.0.0.1:23306 (MariaDB 10.11.14)",
	Target:    "new 127.0.0.1:23307 (MySQL 9.7.4)",
	Generated: time.Date(2024, 1, 2, 4, 4, 5, 0, time.FixedZone("CET", 3600)),
}

var (
	fixOrders = FixTable{
		Table:   "`shop`.`orders`",
		Name:    "shop.orders",
		Columns: []string{"id", "status", "total", "note"},
		Key:     []string{"id"},
	}
	fixLines = FixTable{
		Table:   "`shop`.`order_lines`",
		Name:    "shop.order_lines",
		Columns: []string{"order_id", "line", "sku", "qty"},
		Key:     []string{"order_id", "line"},
	}
	fixLog = FixTable{
		Table:   "`shop`.`log`",
		Name:    "shop.log",
		Columns: []string{"at", "level", "msg"},
	}
	// fixTyped knows the target's columns: exact matches, generated
	// columns left out, small statements split.
	fixTypedTarget = &schema.Table{Schema: "shop", Name: "typed", Columns: []schema.Column{
		{Name: "id", DataType: "varchar", Charset: "latin1", Collation: "latin1_swedish_ci", Nullable: false},
		{Name: "f", DataType: "float", Nullable: true},
		{Name: "j", DataType: "json", Nullable: true},
		{Name: "g", DataType: "geometry", Nullable: true},
		{Name: "e", DataType: "enum", ColumnType: "enum('a','b')", Charset: "utf8mb4", Collation: "utf8mb4_general_ci"},
		{Name: "v", DataType: "int", Generated: true, Nullable: true},
	}}
	fixTyped = FixTable{
		Table:        "`shop`.`typed`",
		Name:         "shop.typed",
		Columns:      []string{"id", "f", "j", "g", "e", "v"},
		Key:          []string{"id"},
		Target:       fixTypedTarget,
		Flavor:       schema.MySQL,
		MaxStatement: 200,
	}
	fixTypedKeyless = FixTable{Table: "`shop`.`typed`", Name: "shop.typed", Columns: fixTyped.Columns, Target: fixTypedTarget, Flavor: schema.MySQL}
	fixTypedReset   = FixTable{Table: "`shop`.`typed`", Name: "shop.typed", Columns: fixTyped.Columns, Key: []string{"id"}, Target: fixTypedTarget, Flavor: schema.MariaDB, ResetKeys: true}
)

type fixWrite struct {
	t FixTable
	s FixStatement
}

func TestFixSQLGolden(t *testing.T) {
	tests := []struct {
		name       string
		writes     []fixWrite
		statements int
	}{
		{name: "empty"},
		{
			name: "keyed",
			writes: []fixWrite{
				{fixOrders, FixStatement{Kind: "missing", Values: []string{"7", "'new'", "12.50", "NULL"}, KeyValues: []string{"7"}}},
				// No KeyValues: the key is taken from Values.
				{fixOrders, FixStatement{Kind: "missing", Values: []string{"0", "'zero'", "0.00", "'it''s'"}}},
				{fixOrders, FixStatement{Kind: "changed", Values: []string{"42", "'paid'", "9.50", "_utf8mb4 X'5c30'"}, KeyValues: []string{"42"}, Changed: []string{"status", "total"}}},
				{fixOrders, FixStatement{Kind: "extra", KeyValues: []string{"9"}}},
				{fixOrders, FixStatement{Kind: "extra", KeyValues: []string{"'2024-01-02 03:04:05.000000'"}}},
			},
			statements: 5,
		},
		{
			name: "composite",
			writes: []fixWrite{
				{fixLines, FixStatement{Kind: "missing", Values: []string{"7", "2", "X'00ff'", "1"}, KeyValues: []string{"7", "2"}}},
				{fixLines, FixStatement{Kind: "changed", Values: []string{"7", "3", "'A-1'", "5"}, KeyValues: []string{"7", "3"}, Changed: []string{"qty"}}},
				{fixLines, FixStatement{Kind: "extra", KeyValues: []string{"7", "4"}}},
				// A key literal NULL must match with <=>: = NULL matches nothing.
				{fixLines, FixStatement{Kind: "extra", KeyValues: []string{"8", "NULL"}}},
			},
			statements: 4,
		},
		{
			name: "keyless",
			writes: []fixWrite{
				{fixLog, FixStatement{Kind: "missing", Values: []string{"'2024-01-02 03:04:05'", "'warn'", "NULL"}}},
				// 2500 copies: INSERTs of 1000, 1000 and 500 rows.
				{fixLog, FixStatement{Kind: "missing", Values: []string{"'2024-01-02 03:04:06'", "'info'", "'started'"}, Count: 2500}},
				{fixLog, FixStatement{Kind: "extra", Values: []string{"'2024-01-02 03:04:07'", "NULL", "X'00'"}, Count: 3}},
				{fixLog, FixStatement{Kind: "extra", Values: []string{"'2024-01-02 03:04:08'", "'info'", "'done'"}, Count: 1}},
			},
			statements: 6,
		},
		{
			name: "two_tables",
			writes: []fixWrite{
				{fixOrders, FixStatement{Kind: "missing", Values: []string{"1", "'new'", "1.00", "NULL"}, KeyValues: []string{"1"}}},
				{fixOrders, FixStatement{Kind: "extra", KeyValues: []string{"2"}}},
				{fixLines, FixStatement{Kind: "extra", KeyValues: []string{"2", "1"}}},
				{fixLog, FixStatement{Kind: "missing", Values: []string{"'2024-01-02 03:04:05'", "'warn'", "'x'"}, Count: 2}},
			},
			statements: 4,
		},
		{
			name: "typed",
			writes: []fixWrite{
				// The generated column v is not written; a long value goes in pieces.
				{fixTyped, FixStatement{Kind: "missing", Values: []string{"'abc '", "1.1", `'{"a": 1}'`, "ST_GeomFromWKB(X'0101')", "'a'", "3"}}},
				{fixTyped, FixStatement{Kind: "changed", Values: []string{"'k'", "NULL", "NULL", "NULL", "'b'", "NULL"}, Changed: []string{"e"}}},
				{fixTyped, FixStatement{Kind: "missing", Values: []string{"'long'", "NULL", "'" + strings.Repeat("x", 300) + "'", "NULL", "'a'", "NULL"}}},
				// ENUM's error value '' needs a relaxed sql_mode.
				{fixTyped, FixStatement{Kind: "missing", Values: []string{"'err'", "NULL", "NULL", "NULL", "''", "NULL"}, Relaxed: true}},
				// An extra key is deleted by its exact bytes.
				{fixTyped, FixStatement{Kind: "extra", KeyValues: []string{"'ABC'"}}},
				{fixTyped, FixStatement{Kind: "missing", KeyValues: []string{"'x '"}, Values: []string{"'x '", "NULL", "NULL", "NULL", "'a'", "NULL"},
					Unfixable: fixWhyCollation, Detail: `id="x" under latin1_swedish_ci`}},
				// Keyless: every column matched exactly, generated ones too.
				{fixTypedKeyless, FixStatement{Kind: "extra", Values: []string{"'abc'", "1.1", `'{"a": 1}'`, "ST_GeomFromWKB(X'0101')", "'a'", "NULL"}, Count: 2}},
				{fixTypedKeyless, FixStatement{Kind: "missing", Values: []string{"'z'", "NULL", "NULL", "NULL", "'a'", "NULL"}, Unfixable: fixWhyNotNull, Detail: "f"}},
				// A target index that is not unique: delete every copy, insert the row.
				{fixTypedReset, FixStatement{Kind: "changed", Values: []string{"'dup'", "2.5", "NULL", "NULL", "'b'", "NULL"}}},
				{fixTypedReset, FixStatement{Kind: "extra", KeyValues: []string{"'gone'"}}},
			},
			statements: 9,
		},
		{
			// Identifiers may hold backticks and line breaks; endpoints are
			// printed in comments too.
			name: "hostile_names",
			writes: []fixWrite{
				{
					FixTable{Table: "`sh``op`.`or\nders`", Name: "sh`op.or\nders", Columns: []string{"i`d", "a\r\nb"}, Key: []string{"i`d"}},
					FixStatement{Kind: "changed", Values: []string{"1", "'x'"}, KeyValues: []string{"1"}, Changed: []string{"a\r\nb"}},
				},
			},
			statements: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := fixTestHeader
			if tt.name == "hostile_names" {
				h.Source = "old\nDROP TABLE x;"
			}
			path := filepath.Join(t.TempDir(), "fix.sql")
			w, err := CreateFixSQL(path, h)
			if err != nil {
				t.Fatal(err)
			}
			defer w.Abort()
			for _, wr := range tt.writes {
				if err := w.Write(wr.t, wr.s); err != nil {
					t.Fatal(err)
				}
			}
			if got := w.Statements(); got != tt.statements {
				t.Errorf("Statements() = %d, want %d", got, tt.statements)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			fixCheckGolden(t, filepath.Join("testdata", "fixsql", tt.name+".golden"), got)
		})
	}
}

func fixCheckGolden(t *testing.T, golden string, got []byte) {
	t.Helper()
	if fixUpdate() {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run Fix ./verify/ -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (run with -update if the change is intended)\ngot:\n%s", golden, got)
	}
}

// fixDirNames lists dir, hidden temporary files included.
func fixDirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// fixTempName is the temporary name atomicfile.Sweep recognizes.
var fixTempName = regexp.MustCompile(`^\.fix\.sql\.tmp-\d+-[0-9a-f]{16}$`)

func TestFixSQLAppearsOnlyOnClose(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "fix.sql")
	// An earlier run's file stays as it was until the new one is complete.
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	w, err := CreateFixSQL(path, fixTestHeader)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(fixOrders, FixStatement{Kind: "extra", KeyValues: []string{"1"}}); err != nil {
		t.Fatal(err)
	}
	names := fixDirNames(t, dir)
	if len(names) != 2 || !fixTempName.MatchString(names[0]) || names[1] != "fix.sql" {
		t.Fatalf("before Close the directory holds %q, want fix.sql and one temporary file", names)
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("before Close fix.sql = %q, want the old file", got)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if names := fixDirNames(t, dir); len(names) != 1 || names[0] != "fix.sql" {
		t.Errorf("after Close the directory holds %q, want only fix.sql", names)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(got, []byte("-- parity fix SQL")) {
		t.Errorf("fix.sql was not replaced: %q", got)
	}
	// Abort after Close (a deferred Abort) leaves the file alone.
	if err := w.Abort(); err != nil {
		t.Errorf("Abort after Close: %v", err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("Abort after Close removed the file: %v", err)
	}
	if err := w.Close(); err == nil {
		t.Error("second Close succeeded, want an error")
	}
}

func TestFixSQLAbortLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "fix.sql")
	w, err := CreateFixSQL(path, fixTestHeader)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(fixOrders, FixStatement{Kind: "extra", KeyValues: []string{"1"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("before Close: stat fix.sql = %v, want not exist", err)
	}
	if err := w.Abort(); err != nil {
		t.Fatal(err)
	}
	if names := fixDirNames(t, dir); len(names) != 0 {
		t.Errorf("after Abort the directory holds %q, want nothing", names)
	}
	if err := w.Abort(); err != nil {
		t.Errorf("second Abort: %v", err)
	}
	if err := w.Write(fixOrders, FixStatement{Kind: "extra", KeyValues: []string{"1"}}); err == nil {
		t.Error("Write after Abort succeeded, want an error")
	}
	if err := w.Close(); err == nil {
		t.Error("Close after Abort succeeded, want an error")
	}
	if names := fixDirNames(t, dir); len(names) != 0 {
		t.Errorf("Close after Abort left %q", names)
	}
}

func TestFixSQLCreateFails(t *testing.T) {
	for _, path := range []string{
		filepath.Join(t.TempDir(), "missing-dir", "fix.sql"),
		t.TempDir() + string(filepath.Separator),
	} {
		if w, err := CreateFixSQL(path, fixTestHeader); err == nil {
			w.Abort()
			t.Errorf("CreateFixSQL(%q) succeeded, want an error", path)
		} else if !strings.Contains(err.Error(), "fix SQL") {
			t.Errorf("CreateFixSQL(%q) = %v, want the error to say what failed", path, err)
		}
	}
}

// The file closed under the writer stands for a disk that fails: the
// buffered writes reach it on a flush, in Write once the buffer is full or
// in Close.
func TestFixSQLWriteError(t *testing.T) {
	big := FixStatement{Kind: "missing", Values: []string{"1", "'" + strings.Repeat("x", 64<<10) + "'", "1", "NULL"}}
	tests := []struct {
		name   string
		writes int // statements written after the file is closed
	}{
		{name: "in Close", writes: 1},
		{name: "in Write", writes: 10}, // 640 KiB: more than the buffer
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "fix.sql")
			// Keep hold of the file the writer opens, to close it under it.
			var opened *os.File
			keep := func(name string, flag int, perm fs.FileMode) (*os.File, error) {
				f, err := os.OpenFile(name, flag, perm)
				opened = f
				return f, err
			}
			w, err := createFixSQL(path, fixTestHeader, atomicfile.Options{Open: keep})
			if err != nil {
				t.Fatal(err)
			}
			opened.Close()
			var writeErr error
			for range tt.writes {
				if writeErr = w.Write(fixOrders, big); writeErr != nil {
					break
				}
			}
			if tt.writes > 1 {
				if !errors.Is(writeErr, os.ErrClosed) || !strings.Contains(writeErr.Error(), "write fix SQL "+path) {
					t.Fatalf("Write = %v, want a wrapped os.ErrClosed naming %s", writeErr, path)
				}
				// The failure sticks.
				if err := w.Write(fixOrders, big); !errors.Is(err, os.ErrClosed) {
					t.Errorf("Write after a failure = %v, want the same failure", err)
				}
			} else if writeErr != nil {
				t.Fatalf("Write = %v, want the failure to wait for the flush", writeErr)
			}
			err = w.Close()
			if !errors.Is(err, os.ErrClosed) || !strings.Contains(err.Error(), path) {
				t.Errorf("Close = %v, want a wrapped os.ErrClosed naming %s", err, path)
			}
			if strings.Contains(err.Error(), ".tmp-") {
				t.Errorf("Close = %v, want the final name, not the temporary one", err)
			}
			if names := fixDirNames(t, dir); len(names) != 0 {
				t.Errorf("after a failed Close the directory holds %q, want nothing", names)
			}
		})
	}
}

func TestFixSQLDirectoryRemoved(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "fix.sql")
	w, err := CreateFixSQL(path, fixTestHeader)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(fixOrders, FixStatement{Kind: "extra", KeyValues: []string{"1"}}); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("Close = %v, want an error naming %s", err, path)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stat %s = %v, want not exist", path, err)
	}
}

// A statement the writer cannot render is refused and leaves the file
// valid: the next statements and Close still work.
func TestFixStatementInvalid(t *testing.T) {
	tests := []struct {
		name string
		t    FixTable
		s    FixStatement
		want string
	}{
		{"unknown kind", fixOrders, FixStatement{Kind: "deleted", KeyValues: []string{"1"}}, `unknown kind "deleted"`},
		{"too few values", fixOrders, FixStatement{Kind: "missing", Values: []string{"1"}}, "1 values for 4 columns"},
		{"extra keyless without values", fixLog, FixStatement{Kind: "extra", Count: 2}, "0 values for 3 columns"},
		{"wrong key values", fixLines, FixStatement{Kind: "extra", KeyValues: []string{"1"}}, "1 key values for 2 key columns"},
		{"key not in columns", FixTable{Table: "`a`.`b`", Name: "a.b", Columns: []string{"x"}, Key: []string{"id"}}, FixStatement{Kind: "missing", Values: []string{"1"}}, `key column "id" is not among the columns`},
		{"changed keyless", fixLog, FixStatement{Kind: "changed", Values: []string{"1", "2", "3"}}, "needs a key"},
		{"count on keyed", fixOrders, FixStatement{Kind: "extra", KeyValues: []string{"1"}, Count: 2}, "count 2 on a keyed table"},
		{"negative count", fixLog, FixStatement{Kind: "missing", Values: []string{"1", "2", "3"}, Count: -1}, "count -1 is negative"},
		{"no table", FixTable{Columns: []string{"x"}}, FixStatement{Kind: "missing", Values: []string{"1"}}, "no name or no columns"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "fix.sql")
			w, err := CreateFixSQL(path, fixTestHeader)
			if err != nil {
				t.Fatal(err)
			}
			defer w.Abort()
			err = w.Write(tt.t, tt.s)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "write fix SQL "+path) {
				t.Fatalf("Write = %v, want an error with %q", err, tt.want)
			}
			if err := w.Write(fixOrders, FixStatement{Kind: "extra", KeyValues: []string{"1"}}); err != nil {
				t.Fatalf("Write after a refused statement: %v", err)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			// The refused statement opened no transaction of its own.
			if n := strings.Count(string(got), "START TRANSACTION;"); n != 1 {
				t.Errorf("%d transactions, want 1:\n%s", n, got)
			}
		})
	}
}

// Large rows are split by bytes before the row limit is reached, but a
// statement always holds at least one row.
func TestFixKeylessInsertSplit(t *testing.T) {
	tests := []struct {
		rowBytes int
		count    int
		want     []int // rows per INSERT
	}{
		{rowBytes: 10, count: 1, want: []int{1}},
		{rowBytes: 10, count: 1000, want: []int{1000}},
		{rowBytes: 10, count: 1001, want: []int{1000, 1}},
		{rowBytes: 400 << 10, count: 5, want: []int{2, 2, 1}},
		{rowBytes: 3 << 20, count: 2, want: []int{1, 1}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%dx%d", tt.rowBytes, tt.count), func(t *testing.T) {
			tbl := FixTable{Table: "`a`.`b`", Name: "a.b", Columns: []string{"v"}}
			s := FixStatement{Kind: "missing", Values: []string{"'" + strings.Repeat("x", tt.rowBytes) + "'"}, Count: tt.count}
			var stmts []string // as flushed: one INSERT each
			flush := func(b []byte) ([]byte, error) {
				stmts = append(stmts, string(b))
				return b[:0], nil
			}
			b, n, err := fixAppendStatement(nil, tbl, s, flush)
			if err != nil {
				t.Fatal(err)
			}
			stmts = append(stmts, string(b))
			var got []int
			for i, stmt := range stmts {
				if i == 0 {
					stmt = strings.TrimPrefix(stmt, "-- missing a.b (keyless)")
					stmt = stmt[strings.IndexByte(stmt, '\n')+1:]
				}
				if strings.Count(stmt, "INSERT INTO ") != 1 {
					t.Fatalf("flushed %q, want one INSERT", stmt[:min(len(stmt), 200)])
				}
				got = append(got, strings.Count(stmt, "('"))
			}
			if n != len(tt.want) || fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("rows per INSERT = %v (n=%d), want %v", got, n, tt.want)
			}
		})
	}
}

func TestFixKeyText(t *testing.T) {
	tests := []struct {
		key, vals []string
		want      string
	}{
		{[]string{"id"}, []string{"42"}, "id=42"},
		{[]string{"id", "line"}, []string{"7", "2"}, "(id, line)=(7, 2)"},
		{[]string{"id", "line"}, []string{"7", "NULL"}, "(id, line)=(7, NULL)"},
	}
	for _, tt := range tests {
		if got := fixKeyText(tt.key, tt.vals); got != tt.want {
			t.Errorf("fixKeyText(%q, %q) = %q, want %q", tt.key, tt.vals, got, tt.want)
		}
	}
}
