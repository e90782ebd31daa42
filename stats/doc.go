// Package stats summarizes and compares query timings for parity bench.
//
// A bench cell (one query under one set of server settings) is timed a few
// times. Those timings are skewed and noisy: most runs cluster near a floor,
// and a cold cache, a checkpoint or a busy neighbour adds a long right tail.
// A mean and a t-test let one slow run move the answer, so this package
// reports the median with a distribution-free confidence interval taken
// from order statistics, flags outliers with Tukey's fences instead of
// dropping them, and compares two cells with the Mann-Whitney U rank test,
// the way benchstat does. None of these assume the timings are normal.
package stats
