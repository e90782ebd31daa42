package reports

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// loadReport decodes one of the --json documents in testdata, written by
// real runs against the testbed (extract, verify, bench, bench compare).
func loadReport(t *testing.T, name string) *Report {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := Decode(f)
	if err != nil {
		t.Fatalf("decode %s: %v", name, err)
	}
	return r
}

// golden compares got with testdata/NAME, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./reports -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run go test ./reports -update after checking):\n%s", name, got)
	}
}

var documents = []string{"extract", "verify", "bench", "compare"}

func TestDecode(t *testing.T) {
	for _, name := range documents {
		r := loadReport(t, name)
		if r.Command == "" || r.Version == "" || r.Status == "" {
			t.Errorf("%s: command %q, version %q, status %q", name, r.Command, r.Version, r.Status)
		}
		if name != "compare" && (len(r.Servers) != 2 || r.Started.IsZero()) {
			t.Errorf("%s: servers %+v, started %v", name, r.Servers, r.Started)
		}
	}
	for _, bad := range []string{`{"command":"frobnicate"}`, `not json`, `{"schema_version":99,"command":"verify"}`} {
		if _, err := Decode(strings.NewReader(bad)); err == nil {
			t.Errorf("Decode(%s) succeeded", bad)
		}
	}
}

// TestJSONGolden: the JSON rendering of each document is stable, and reads
// back as the same report.
func TestJSONGolden(t *testing.T) {
	for _, name := range documents {
		t.Run(name, func(t *testing.T) {
			r := loadReport(t, name)
			var b bytes.Buffer
			if err := (JSON{}).Render(&b, r); err != nil {
				t.Fatal(err)
			}
			golden(t, name+".report.json", b.Bytes())
			back, err := Decode(bytes.NewReader(b.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			var again bytes.Buffer
			if err := (JSON{}).Render(&again, back); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b.Bytes(), again.Bytes()) {
				t.Error("a rendered report does not read back as itself")
			}
		})
	}
}

func TestTextRender(t *testing.T) {
	wants := map[string][]string{
		"extract": {"parity extract", "source:", "target:", "shop.customers", "ROWS/S"},
		"verify":  {"parity verify", "different", "shop.customers", "missing", "MISSING"},
		"bench":   {"parity bench", "ERROR 1038", "sort_buffer_size=2M", "VS old"},
		"compare": {"parity bench compare", "regression", "1 regression(s)"},
	}
	for _, name := range documents {
		r := loadReport(t, name)
		var b bytes.Buffer
		if err := (Text{}).Render(&b, r); err != nil {
			t.Fatal(err)
		}
		for _, want := range wants[name] {
			if !strings.Contains(b.String(), want) {
				t.Errorf("%s: text lacks %q:\n%s", name, want, b.String())
			}
		}
		if strings.Contains(b.String(), "\033[") {
			t.Errorf("%s: colour without Color", name)
		}
	}
	var b bytes.Buffer
	if err := (Text{Color: true}).Render(&b, loadReport(t, "verify")); err != nil || !strings.Contains(b.String(), ansiRed+"different") {
		t.Errorf("Color: %v\n%q", err, b.String())
	}
}

func TestFormatOf(t *testing.T) {
	for path, want := range map[string]string{"r.html": FormatHTML, "R.HTM": FormatHTML, "out.md": FormatMarkdown,
		"x.json": FormatJSON, "junit.xml": FormatJUnit, "a.txt": FormatText} {
		if got, err := FormatOf(path); err != nil || got != want {
			t.Errorf("FormatOf(%q) = %q, %v; want %q", path, got, err, want)
		}
	}
	if _, err := FormatOf("report.pdf"); err == nil {
		t.Error("FormatOf(.pdf) succeeded")
	}
	for _, f := range Formats {
		if _, err := NewRenderer(f, RenderOptions{}); err != nil {
			t.Errorf("NewRenderer(%q): %v", f, err)
		}
	}
	if _, err := NewRenderer("pdf", RenderOptions{}); err == nil {
		t.Error("NewRenderer(pdf) succeeded")
	}
}
