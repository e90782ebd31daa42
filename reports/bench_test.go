package reports

import (
	"bytes"
	"strings"
	"testing"

	"github.com/parity-db/parity/bench"
	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/stats"
)

func benchRuns(xs ...float64) []bench.Measurement {
	var out []bench.Measurement
	for _, x := range xs {
		out = append(out, bench.Measurement{Seconds: x})
	}
	return out
}

func TestBenchGrid(t *testing.T) {
	small := bench.Settings{{Name: "sort_buffer_size", Value: "256K"}}
	large := bench.Settings{{Name: "sort_buffer_size", Value: "2M"}}
	summary := func(xs ...float64) *stats.Summary { s := stats.Summarize(xs); return &s }
	res := &bench.Result{
		Targets: []*bench.TargetInfo{
			{Label: "old", Server: schema.Server{Flavor: schema.MariaDB, Major: 10, Minor: 11}},
			{Label: "new", Server: schema.Server{Flavor: schema.MySQL, Major: 9, Minor: 7}},
		},
		Cells: []*bench.Cell{
			{Target: "old", Scenario: "order-by:created_at:desc", Table: "shop.docs", Settings: small,
				Runs: benchRuns(1, 1.1, 0.9), Stats: summary(1, 1.1, 0.9), Counters: map[string]int64{"Sort_merge_passes": 3}},
			{Target: "new", Scenario: "order-by:created_at:desc", Table: "shop.docs", Settings: small,
				Error: &bench.RunError{Kind: "server", Code: 1038, Message: "Out of sort memory, consider increasing server sort buffer size"}},
			{Target: "old", Scenario: "order-by:created_at:desc", Table: "shop.docs", Settings: large,
				Runs: benchRuns(0.5, 0.6, 0.4), Stats: summary(0.5, 0.6, 0.4), Unsupported: []string{"temptable_max_ram"}},
			{Target: "new", Scenario: "order-by:created_at:desc", Table: "shop.docs", Settings: large,
				Runs: benchRuns(0.25, 0.26, 0.24), Stats: summary(0.25, 0.26, 0.24),
				Counters:  map[string]int64{"Created_tmp_disk_tables": 0, "temptable_ram_bytes": 8_000_000},
				Effective: map[string]string{"sort_buffer_size": "2097152"}},
		},
		Comparisons: []bench.Comparison{
			{Kind: "settings", Target: "old", Row: "order-by:created_at:desc shop.docs", Base: small.String(), Other: large.String(),
				Comparison: stats.Comparison{Ratio: 0.5, P: 0.01, Significant: true, NA: 5, NB: 5}},
			{Kind: "target", Target: "new", Row: "order-by:created_at:desc shop.docs | " + large.String(), Base: "old", Other: "new",
				Comparison: stats.Comparison{Ratio: 0.5, P: 0.3, NA: 3, NB: 3}},
		},
		Restored: []bench.Restored{{Target: "new", Name: "temptable_max_ram", Value: "1073741824"}},
	}
	var b bytes.Buffer
	if err := BenchGrid(&b, res, 0); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"old · mariadb 10.11", "new · mysql 9.7", "VS old",
		"ERROR 1038: Out of sort memory",
		"1.00s ±10.0%  n=3", "merges 3",
		"500.0ms", "vs first: -50.0% (p=0.010)",
		"(temptable_max_ram n/a)", "(server used sort_buffer_size=2097152)",
		"tmp disk 0 · TempTable 8.0 MB", "new ~",
		"new: restored GLOBAL temptable_max_ram = 1073741824",
		"confidence interval of the median",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("grid lacks %q:\n%s", want, out)
		}
	}
	// One grid row per workload and settings point, in grid order.
	if i, j := strings.Index(out, "sort_buffer_size=256K"), strings.Index(out, "sort_buffer_size=2M"); i < 0 || j < i {
		t.Errorf("rows out of order:\n%s", out)
	}
}

func TestBenchChanges(t *testing.T) {
	cell := func(median float64, n int, errText string) *bench.RecordCell {
		return &bench.RecordCell{Median: median, Samples: make([]float64, n), Error: errText, CIPercent: 2}
	}
	changes := []bench.Change{
		{Key: "new | full-scan shop.a | defaults", Old: cell(1, 5, ""), New: cell(1, 5, ""), Verdict: stats.Unchanged,
			Compare: &stats.Comparison{Ratio: 1, P: 0.8, NA: 5, NB: 5}},
		{Key: "new | full-scan shop.b | defaults", Old: cell(1, 5, ""), New: cell(1.5, 5, ""), Verdict: stats.Regression,
			Compare: &stats.Comparison{Ratio: 1.5, P: 0.008, Significant: true, NA: 5, NB: 5}},
		{Key: "new | order-by:c shop.b | defaults", Old: cell(1, 5, ""), New: cell(0, 0, "ERROR 1038: Out of sort memory"), Verdict: bench.NowFailing},
	}
	var b bytes.Buffer
	if err := BenchChanges(&b, changes, 0.10, 0); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	reg, unchanged := strings.Index(out, "shop.b | defaults"), strings.Index(out, "shop.a")
	if reg < 0 || unchanged < 0 || reg > unchanged {
		t.Errorf("regressions should come first:\n%s", out)
	}
	for _, want := range []string{"+50.0% (p=0.008)", "now failing", "ERROR 1038", "2 regression(s) beyond 10% with p < 0.05"} {
		if !strings.Contains(out, want) {
			t.Errorf("changes lack %q:\n%s", want, out)
		}
	}
}
