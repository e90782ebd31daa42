package bench

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/parity-db/parity/stats"
)

func TestCompareRecords(t *testing.T) {
	fast := []float64{1.00, 1.01, 0.99, 1.02, 0.98}
	slow := []float64{1.50, 1.52, 1.49, 1.51, 1.48}
	slightly := []float64{1.05, 1.06, 1.04, 1.07, 1.03} // significant, but +5 %
	cell := func(target, settings string, samples []float64, errText string) RecordCell {
		return RecordCell{Target: target, Scenario: "full-scan", Table: "shop.orders", Settings: settings,
			Samples: samples, Error: errText}
	}
	old := &Record{Cells: []RecordCell{
		cell("new", "a", fast, ""),
		cell("new", "b", slow, ""),
		cell("new", "c", fast, ""),
		cell("new", "d", fast, ""),
		cell("new", "e", nil, "ERROR 1038: Out of sort memory"),
		cell("new", "f", nil, "ERROR 1038: Out of sort memory"),
		cell("new", "g", fast, ""),
		cell("new", "gone", fast, ""),
	}}
	cur := &Record{Cells: []RecordCell{
		cell("new", "a", slow, ""),
		cell("new", "b", fast, ""),
		cell("new", "c", slightly, ""),
		cell("new", "d", nil, "timeout: stopped by the server after 10m0s"),
		cell("new", "e", fast, ""),
		cell("new", "f", nil, "ERROR 1038: Out of sort memory"),
		cell("new", "g", fast, ""),
		cell("new", "added", fast, ""),
	}}
	want := map[string]stats.Verdict{"a": stats.Regression, "b": stats.Improvement, "c": stats.Unchanged, "d": NowFailing,
		"e": Fixed, "f": StillFails, "g": stats.Unchanged, "added": Added, "gone": Removed}
	got := map[string]stats.Verdict{}
	for _, ch := range CompareRecords(old, cur, 0.10) {
		settings := ch.Key[strings.LastIndex(ch.Key, " | ")+3:]
		got[settings] = ch.Verdict
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("verdicts\n got %v\nwant %v", got, want)
	}
	// With no threshold the 5 % change is significant enough.
	for _, ch := range CompareRecords(old, cur, 0) {
		if strings.HasSuffix(ch.Key, " | c") && ch.Verdict != stats.Regression {
			t.Errorf("threshold 0: c is %s, want regression", ch.Verdict)
		}
	}
}

func TestChangeIsRegression(t *testing.T) {
	for v, want := range map[stats.Verdict]bool{stats.Regression: true, NowFailing: true, stats.Improvement: false, Fixed: false,
		StillFails: false, stats.Unchanged: false, Added: false, Removed: false} {
		if (Change{Verdict: v}).IsRegression() != want {
			t.Errorf("a change %s: IsRegression() = %v", v, !want)
		}
	}
}

func TestCompareCells(t *testing.T) {
	runs := func(xs ...float64) []Measurement {
		out := []Measurement{{Warmup: true, Seconds: 9}}
		for _, x := range xs {
			out = append(out, Measurement{Seconds: x})
		}
		return out
	}
	a := Settings{{Name: "sort_buffer_size", Value: "256K"}}
	b := Settings{{Name: "sort_buffer_size", Value: "2M"}}
	cells := []*Cell{
		{Target: "old", Scenario: "order-by:c", Table: "db.t", Settings: a, Runs: runs(1, 1.1, 0.9, 1, 1.05)},
		{Target: "new", Scenario: "order-by:c", Table: "db.t", Settings: a, Runs: runs(2, 2.1, 1.9, 2, 2.05)},
		{Target: "old", Scenario: "order-by:c", Table: "db.t", Settings: b, Runs: runs(1, 1.1, 0.9, 1, 1.05)},
		{Target: "new", Scenario: "order-by:c", Table: "db.t", Settings: b, Error: &RunError{Kind: "server", Code: 1038}},
	}
	got := compareCells(cells)
	if len(got) != 2 {
		t.Fatalf("%d comparisons, want 2 (new vs old at 256K, 2M vs 256K on old): %+v", len(got), got)
	}
	if c := got[0]; c.Kind != "target" || c.Base != "old" || c.Other != "new" || !c.Significant || c.Ratio < 1.9 {
		t.Errorf("target comparison %+v", c)
	}
	if c := got[1]; c.Kind != "settings" || c.Target != "old" || c.Base != a.String() || c.Other != b.String() || c.Significant {
		t.Errorf("settings comparison %+v", c)
	}
}

func TestCellWants(t *testing.T) {
	o := Options{Warmup: 1, Runs: 3, MaxRuns: 1000}
	measured := func(n int, each float64) *Cell {
		c := &Cell{Runs: []Measurement{{Warmup: true}}}
		for range n {
			c.Runs = append(c.Runs, Measurement{Seconds: each})
		}
		return c
	}
	tests := []struct {
		name       string
		c          *Cell
		o          Options
		round      int
		wantWarmup bool
		wantRun    bool
	}{
		{"warmup round", &Cell{}, o, 0, true, true},
		{"needs runs", measured(1, 1), o, 2, false, true},
		{"enough runs", measured(3, 1), o, 4, false, false},
		{"failed", &Cell{Error: &RunError{}}, o, 0, false, false},
		{"min time not reached", measured(3, 1), Options{Warmup: 1, Runs: 3, MaxRuns: 1000, MinTime: 10 * time.Second}, 4, false, true},
		{"min time reached", measured(10, 1), Options{Warmup: 1, Runs: 3, MaxRuns: 1000, MinTime: 10 * time.Second}, 11, false, false},
		{"max runs caps min time", measured(5, 1), Options{Warmup: 1, Runs: 3, MaxRuns: 5, MinTime: time.Hour}, 6, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			warmup, run := tt.c.wants(tt.round, tt.o)
			if warmup != tt.wantWarmup || run != tt.wantRun {
				t.Errorf("wants(%d) = %v, %v; want %v, %v", tt.round, warmup, run, tt.wantWarmup, tt.wantRun)
			}
		})
	}
}

func TestHistory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bench.jsonl")
	for i := range 3 {
		rec := Record{SchemaVersion: 1, Version: "v1", Status: "ok",
			Cells: []RecordCell{{Target: "new", Scenario: "full-scan", Settings: "defaults", Samples: []float64{float64(i)}}}}
		if err := AppendHistory(path, rec); err != nil {
			t.Fatal(err)
		}
	}
	// A machine that died mid-append leaves a torn last line.
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"schema_version":1,"cel`)
	f.Close()
	recs, err := ReadHistory(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 || recs[2].Cells[0].Samples[0] != 2 {
		t.Fatalf("read %d records: %+v", len(recs), recs)
	}
	// A bad line in the middle is an error that names it.
	data := mustRead(t, path)
	bad := strings.Replace(data, "\n", "\nnot json\n", 1)
	if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadHistory(path); err == nil || !strings.Contains(err.Error(), path+":2:") {
		t.Errorf("err %v, want one naming line 2", err)
	}
}
