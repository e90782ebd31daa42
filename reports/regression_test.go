package reports

import (
	"bytes"
	"strings"
	"testing"

	"github.com/parity-db/parity/bench"
	"github.com/parity-db/parity/result"
	"github.com/parity-db/parity/stats"
)

func TestPercent(t *testing.T) {
	for _, tt := range []struct {
		t    stats.Threshold
		want string
	}{
		{0, "0%"},
		{0.10, "10%"},
		{0.125, "12.5%"},
		{0.07, "7%"}, // 0.07*100 is 7.000000000000001
		{0.033, "3.3%"},
		{0.3333, "33.33%"},
		{2, "200%"},
	} {
		if got := Percent(tt.t); got != tt.want {
			t.Errorf("Percent(%v) = %q, want %q", float64(tt.t), got, tt.want)
		}
	}
}

// TestThresholdSameEverywhere: a 12.5 % threshold reads "12.5%" in every
// format (text, Markdown and JUnit used to round it to a whole percent).
func TestThresholdSameEverywhere(t *testing.T) {
	ok := &bench.RecordCell{Target: "new", Scenario: "s", Settings: "defaults", Median: 0.1, Samples: []float64{0.1, 0.1, 0.1, 0.1, 0.1}}
	slow := &bench.RecordCell{Target: "new", Scenario: "s", Settings: "defaults", Median: 0.2, Samples: []float64{0.2, 0.2, 0.2, 0.2, 0.2}}
	worse := stats.Comparison{Ratio: 2, P: 0.008, Significant: true, NA: 5, NB: 5}
	d := &result.BenchCompare{Threshold: 0.125, Regressions: 1, Changes: []bench.Change{
		{Key: "new | s | defaults", Old: ok, New: slow, Compare: &worse, Verdict: stats.Regression},
	}}
	r := FromCompare(d)
	for _, format := range Formats {
		if format == FormatJSON {
			continue
		}
		renderer, err := NewRenderer(format, RenderOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := renderer.Render(&b, r); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		out := b.String()
		if !strings.Contains(out, "beyond 12.5%") || strings.Contains(out, "beyond 12%") || strings.Contains(out, "beyond 13%") {
			t.Errorf("%s: want the threshold as 12.5%%, not rounded:\n%s", format, out)
		}
	}
}
