package reports

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parity-db/parity/extract"
	"github.com/parity-db/parity/schema"
)

func TestCount(t *testing.T) {
	tests := []struct {
		in   int64
		want string
	}{{0, "0"}, {999, "999"}, {1000, "1,000"}, {1234567, "1,234,567"}, {-1234, "-1,234"}}
	for _, tt := range tests {
		if got := Count(tt.in); got != tt.want {
			t.Errorf("Count(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"short", []string{"short"}},
		{"ERROR 1038: Out of sort memory, consider increasing server sort buffer size",
			[]string{"ERROR 1038: Out of sort memory,", "consider increasing server sort", "buffer size"}},
		{"one two three four five six seven eight nine ten eleven twelve", []string{"one two three four", "five six seven ei…"}},
	}
	for _, tt := range tests {
		width, lines := 32, 3
		if strings.HasPrefix(tt.in, "one") {
			width, lines = 18, 2
		}
		if got := wrap(tt.in, width, lines); strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("wrap(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRateSecondsClock(t *testing.T) {
	tests := []struct{ got, want string }{
		{Rate(950), "950"}, {Rate(1500), "1.5k"}, {Rate(2_340_000), "2.34M"}, {Rate(3e9), "3.00G"},
		{Seconds(0.5), "0.50"}, {Seconds(12.34), "12.3"}, {Seconds(123.4), "123"},
		{MB(382_100_000), "382.1"},
		{Clock(3723 * time.Second), "1:02:03"}, {Clock(1500 * time.Millisecond), "0:00:02"},
		{Duration(0.00042), "0.42ms"}, {Duration(0.0123), "12.3ms"}, {Duration(1.234), "1.23s"}, {Duration(312), "312s"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestExtractSummary(t *testing.T) {
	r := &extract.Result{
		Server:  schema.Server{Flavor: schema.MySQL, Version: "9.7.4", Endpoint: "app@db:3306/shop"},
		Workers: 2, Consistency: "none", Rows: 2_000_003, Bytes: 382_000_000, Seconds: 1.25,
		Tables: []extract.TableResult{
			{Schema: "shop", Name: "orders", Rows: 2_000_000, Bytes: 381_000_000, Seconds: 1.2, RowsPerSec: 1_666_666,
				MBPerSec: 317.5, Chunking: "integer range on id", Chunks: make([]extract.ChunkResult, 7),
				Output: extract.Output{Files: []string{"shop.orders.parquet"}}},
			{Schema: "shop", Name: "log", Rows: 3, Bytes: 10, Seconds: 0.01, Chunking: "full scan: no primary key and no unique NOT NULL key",
				FullScan: true, Chunks: make([]extract.ChunkResult, 1), ZeroDates: map[string]int64{"at": 2}},
		},
	}
	var buf bytes.Buffer
	if err := ExtractSummary(&buf, r, 0); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if want := "server: mysql 9.7.4 at app@db:3306/shop, 2 workers, consistency: none"; lines[0] != want {
		t.Errorf("first line %q, want %q", lines[0], want)
	}
	// The table's rows, cell by cell: header, one row per table, the total.
	want := [][]string{
		{"TABLE", "ROWS", "MB", "SECONDS", "ROWS/S", "MB/S", "CHUNKS", "CHUNKING", "FILE"},
		{"shop.orders", "2,000,000", "381.0", "1.20", "1.67M", "317.5", "7", "integer range on id", "shop.orders.parquet"},
		{"shop.log", "3", "0.0", "0.01", "0", "0.0", "1", "full scan: no primary key and no unique NOT NULL key; 2 zero dates read as NULL", ""},
		{"2 tables", "2,000,003", "382.0", "1.25", "1.60M", "305.6", "8", "", ""},
	}
	var got [][]string
	for _, line := range lines[1:] {
		if !strings.HasPrefix(line, "│") {
			continue // a border
		}
		var cells []string
		for _, c := range strings.Split(strings.Trim(line, "│"), "│") {
			cells = append(cells, strings.TrimSpace(c))
		}
		got = append(got, cells)
	}
	if !slices.EqualFunc(got, want, slices.Equal[[]string]) {
		t.Errorf("summary rows:\n%q\nwant:\n%q\n%s", got, want, buf.String())
	}
}

func TestWriteJSONFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.json")
	if err := WriteJSONFile(path, map[string]int{"rows": 3}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]int
	if err := json.Unmarshal(data, &got); err != nil || got["rows"] != 3 {
		t.Errorf("read back %s: %v", data, err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", fi.Mode().Perm())
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
	if err := WriteJSONFile(filepath.Join(t.TempDir(), "missing", "r.json"), 1); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("unwritable path: %v", err)
	}
}

func TestPeakRSS(t *testing.T) {
	before := PeakRSS()
	if before <= 0 {
		t.Fatalf("PeakRSS() = %d; /proc/self/status should give VmHWM on Linux", before)
	}
	hold := make([]byte, 64<<20)
	for i := range hold {
		hold[i] = 1
	}
	if after := PeakRSS(); after < before+(60<<20) {
		t.Errorf("PeakRSS %d after touching 64 MiB, %d before", after, before)
	}
	_ = hold[len(hold)-1]
}
