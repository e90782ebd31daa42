package reports

import (
	"fmt"
	"strconv"

	"github.com/parity-db/parity/stats"
)

// Percent shows a threshold with the decimals it has: 0.125 → "12.5%",
// 0.1 → "10%". Every renderer shows thresholds through it, so that a
// threshold reads the same in text, Markdown, JUnit and HTML.
func Percent(t stats.Threshold) string {
	return strconv.FormatFloat(t.Percent(), 'f', -1, 64) + "%"
}

// regressionRule is what makes a change a regression: "beyond 12.5% with
// p < 0.05".
func regressionRule(t stats.Threshold) string {
	return fmt.Sprintf("beyond %s with p < %.2f", Percent(t), stats.Alpha)
}

// benchRegressions is the closing sentence of a bench comparison: "2
// regression(s) beyond 12.5% with p < 0.05 (Mann-Whitney U)".
func benchRegressions(n int, t stats.Threshold) string {
	return fmt.Sprintf("%d regression(s) %s (Mann-Whitney U)", n, regressionRule(t))
}
