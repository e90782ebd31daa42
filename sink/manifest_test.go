package sink

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestWriteManifest(t *testing.T) {
	dir := t.TempDir()
	start := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	m := Manifest{
		Tool: "parity", Version: "v0.1.0",
		Started: start, Finished: start.Add(90 * time.Second),
		Format: Parquet, Compression: "zstd",
		Server: map[string]string{"flavor": "mysql", "version": "9.1.0"},
		Tables: []ManifestTable{
			{Schema: "shop", Name: "orders", Rows: 10, Bytes: 1000, FileBytes: 600, Files: []string{"shop.orders.parquet"},
				Seconds: 1.5, Chunking: "pk id",
				Columns:   []ManifestColumn{{Name: "id", MySQLType: "bigint unsigned", ArrowType: "uint64"}},
				ZeroDates: map[string]int64{"created": 2}},
			{Schema: "app", Name: "users", Chunking: "single"},
			{Schema: "shop", Name: "items"},
		},
	}
	before := slices.Clone(m.Tables)
	if err := WriteManifest(dir, m); err != nil {
		t.Fatal(err)
	}
	if !slices.EqualFunc(m.Tables, before, func(a, b ManifestTable) bool { return a.Name == b.Name }) {
		t.Error("WriteManifest reordered the caller's tables")
	}
	if got := dirNames(t, dir); !slices.Equal(got, []string{"manifest.json"}) {
		t.Errorf("directory holds %q, want only manifest.json", got)
	}
	data, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(data), "{\n  \"schema_version\": 1,\n") || !strings.HasSuffix(string(data), "}\n") {
		t.Errorf("manifest is not indented JSON starting with schema_version:\n%s", data)
	}

	// The field names are an interface: read them back generically.
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	wantKeys := []string{"compression", "finished", "format", "schema_version", "server", "started", "tables", "tool", "version"}
	if got := keys(doc); !slices.Equal(got, wantKeys) {
		t.Errorf("manifest keys = %q, want %q", got, wantKeys)
	}
	if doc["started"] != "2025-01-02T03:04:05Z" || doc["format"] != "parquet" {
		t.Errorf("started = %v, format = %v", doc["started"], doc["format"])
	}
	tables := doc["tables"].([]any)
	var order []string
	for _, tb := range tables {
		m := tb.(map[string]any)
		order = append(order, m["schema"].(string)+"."+m["name"].(string))
	}
	if want := []string{"app.users", "shop.items", "shop.orders"}; !slices.Equal(order, want) {
		t.Errorf("tables in order %q, want %q", order, want)
	}
	orders := tables[2].(map[string]any)
	wantTable := []string{"chunking", "columns", "file_bytes", "files", "name", "rows", "schema", "seconds", "value_bytes", "zero_dates"}
	if got := keys(orders); !slices.Equal(got, wantTable) {
		t.Errorf("table keys = %q, want %q", got, wantTable)
	}
	col := orders["columns"].([]any)[0].(map[string]any)
	if got, want := keys(col), []string{"arrow_type", "mysql_type", "name", "nullable"}; !slices.Equal(got, want) {
		t.Errorf("column keys = %q, want %q", got, want)
	}
	users := tables[0].(map[string]any)
	if _, ok := users["zero_dates"]; ok {
		t.Error("zero_dates present for a table without zero dates")
	}
	if f, ok := users["files"].([]any); !ok || len(f) != 0 {
		t.Errorf("files of a table with none = %v, want []", users["files"])
	}

	// Read back into the Go types: the same values.
	var back Manifest
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if back.Tables[2].ZeroDates["created"] != 2 || back.Tables[2].Files[0] != "shop.orders.parquet" || !back.Finished.Equal(m.Finished) {
		t.Errorf("read back %+v", back.Tables[2])
	}

	// A second write replaces the first whole.
	m.Tables = nil
	if err := WriteManifest(dir, m); err != nil {
		t.Fatal(err)
	}
	data, _ = os.ReadFile(filepath.Join(dir, ManifestName))
	if !strings.Contains(string(data), `"tables": []`) {
		t.Errorf("rewritten manifest:\n%s", data)
	}
	if got := dirNames(t, dir); !slices.Equal(got, []string{"manifest.json"}) {
		t.Errorf("directory holds %q after rewrite", got)
	}
}

func TestWriteManifestFullDisk(t *testing.T) {
	dir := t.TempDir()
	err := writeManifest(fullDisk(t, dir), Manifest{Tool: "parity"})
	checkFullDiskErr(t, err, filepath.Join(dir, ManifestName))
	if got := dirNames(t, dir); len(got) != 0 {
		t.Errorf("a failed manifest write left %q", got)
	}
}

func keys(m map[string]any) []string {
	var k []string
	for key := range m {
		k = append(k, key)
	}
	slices.Sort(k)
	return k
}
