package stats_test

import (
	"fmt"

	"github.com/parity-db/parity/stats"
)

// One cell timed six times under the old settings and six under the new.
// The slow first run is flagged, not dropped, and does not move the median.
func ExampleCompare() {
	before := []float64{0.250, 0.101, 0.098, 0.103, 0.099, 0.100}
	after := []float64{0.081, 0.079, 0.083, 0.080, 0.078, 0.082}

	s := stats.Summarize(before)
	fmt.Printf("before: median %.4fs, CI [%.3f, %.3f] at %.2f%%, outliers %v\n",
		s.Median, s.CILow, s.CIHigh, s.CILevel*100, s.Outliers)
	fmt.Println("after vs before:", stats.Compare(before, after))
	fmt.Println("before vs before:", stats.Compare(before, before))
	// Output:
	// before: median 0.1005s, CI [0.098, 0.250] at 96.88%, outliers [0]
	// after vs before: -19.9% (p=0.002)
	// before vs before: ~
}
