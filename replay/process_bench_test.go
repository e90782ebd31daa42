package replay_test

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/replay"
	"github.com/parity-db/parity/testbed"
)

// gnuTime measures a command's peak resident memory. The rusage Go reads
// of a process it started would not do: Go starts processes with vfork,
// and a vfork'd child that execs keeps its parent's peak as its own, so a
// command smaller than this benchmark would be reported at the
// benchmark's size. GNU time forks (its own size is a few MiB) and reports
// its child's ru_maxrss.
const gnuTime = "/usr/bin/time"

// replayContender is one command of the benchmark.
type replayContender struct {
	name string
	// args are the command and its arguments; out is a fresh directory
	// for its files.
	args func(out string) []string
	// ok are the exit statuses of a completed run: both tools exit non-zero
	// when they find differences.
	ok []int
}

// replayRun is one timed run.
type replayRun struct {
	wall, cpu time.Duration
	peakRSS   int64 // bytes
	out       string
}

// BenchmarkReplayProcess replays a slow log that the source server wrote of
// 2,000 statements of an application, with each tool as a user runs it, a
// process of its own: `parity replay --no-timing` (results only, every
// distinct statement: what pt-upgrade does), `pt-upgrade` on the same log
// and servers, and for information the same parity replay with its default
// timing (the first statement of each class run 1 + 5 times on each server,
// and EXPLAIN). Every iteration
// runs each once, in an order that rotates; the metrics are medians over
// iterations of wall time and peak RSS, and of parity's over pt-upgrade's in
// the same iteration.
//
// It then accounts for the differences: every statement pt-upgrade reports
// is either a real difference (planted rows, an error or a warning on one
// side only), which parity must report too, or a false one (DECIMAL scale,
// JSON text, row order without ORDER BY, the last digits of a double sum),
// which parity must not. The table is logged; a miss or a false difference
// of parity fails the benchmark.
func BenchmarkReplayProcess(b *testing.B) {
	bin := os.Getenv("PARITY_BIN")
	if bin == "" {
		b.Fatal("PARITY_BIN not set: run make bench")
	}
	ptUpgrade, err := exec.LookPath("pt-upgrade")
	if err != nil {
		b.Fatal("pt-upgrade not found: make bench installs it (testbed/testbed.sh peers, Debian's percona-toolkit)")
	}
	if _, err := os.Stat(gnuTime); err != nil {
		b.Fatalf("%s not found: make bench installs it (testbed/testbed.sh peers, Debian's time)", gnuTime)
	}
	old, new := testbed.Get(b, "old"), testbed.Get(b, "new")
	f := newBenchFixture(b, old, new)
	queries := benchLog(f.src, f.tgt)
	if n := len(queries) - benchWrites; n != benchStatements {
		b.Fatalf("the log has %d reads and %d writes, want %d statements", n, benchWrites, benchStatements)
	}
	dir := b.TempDir()
	if os.Getenv("PARITY_TEST_KEEP") != "" { // with the databases, the log and every run's output
		if dir, err = os.MkdirTemp("", "parity-replaybench-"); err != nil {
			b.Fatal(err)
		}
		b.Logf("log and outputs kept in %s", dir)
	}
	logPath := captureSourceLog(b, f, queries, dir)
	before := f.checksums(b)

	srcDSN, tgtDSN := testbed.WithDatabase(old.DSN, f.db), testbed.WithDatabase(new.DSN, f.db)
	parity := func(timed bool) func(string) []string {
		return func(out string) []string {
			args := []string{bin, "replay", "--source", srcDSN, "--target", tgtDSN, "--per-class", "100000",
				"--json", filepath.Join(out, "replay.json")}
			if !timed {
				args = append(args, "--no-timing")
			}
			return append(args, logPath)
		}
	}
	contenders := []replayContender{
		{name: "parity", args: parity(false), ok: []int{0, 1}},
		{name: "pt-upgrade", ok: []int{0, 4}, args: func(string) []string {
			// Every statement with a difference is an example (the default
			// lists 3 of each class), no class is cut short, and pt-upgrade
			// clears warnings with the fixture's empty table instead of
			// creating a database of its own.
			return []string{ptUpgrade, "--no-version-check", "--type", "slowlog", "--max-examples", "100000",
				"--max-class-size", "100000", "--no-create-upgrade-table", "--upgrade-table", f.db + ".pt_upgrade",
				logPath, ptDSN(b, old), ptDSN(b, new)}
		}},
		{name: "parity-timed", args: parity(true), ok: []int{0, 1}},
	}
	runs := map[string][]replayRun{}
	for i := 0; b.Loop(); i++ {
		for j := range contenders {
			c := contenders[(i+j)%len(contenders)]
			out := filepath.Join(dir, fmt.Sprintf("%s-%d", c.name, i))
			runs[c.name] = append(runs[c.name], runReplay(b, c, out))
		}
	}
	if after := f.checksums(b); after != before {
		b.Fatalf("the data changed during the replays:\nbefore\n%s\nafter\n%s", before, after)
	}

	last := func(name string) replayRun { return runs[name][len(runs[name])-1] }
	doc := readReplay(b, filepath.Join(last("parity").out, "replay.json"))
	ptText, err := os.ReadFile(filepath.Join(last("pt-upgrade").out, "stdout"))
	if err != nil {
		b.Fatal(err)
	}
	pt := parsePtUpgrade(string(ptText))
	a := account(queries, doc, pt)
	timed := readReplay(b, filepath.Join(last("parity-timed").out, "replay.json"))
	// The report goes to standard output, which make bench keeps: a
	// benchmark's log is cut at 10 lines.
	fmt.Printf("\n## BenchmarkReplayProcess: %d statements of the source's slow log (%d distinct reads, %d classes), "+
		"%d iterations\n\n%s\n", len(queries), distinctReads(queries), len(doc.Classes), len(runs["parity"]),
		runsTable(contenders, runs))
	fmt.Printf("parity: %s\ntimed replay: %s; %s\npt-upgrade: %v\n\ndifference accounting (distinct statements):\n\n%s\n",
		replayTime(doc.Result), replayTime(timed.Result), timedSummary(timed.Result), pt.stats, a.markdown())
	for _, n := range a.notes {
		fmt.Println("note:", n)
	}
	for _, p := range a.problems {
		fmt.Println("PROBLEM:", p)
	}
	realPt, realParity, falsePt, falseParity := a.summary()
	b.Logf("real differences: pt-upgrade %d, parity %d; false ones: pt-upgrade %d, parity %d", realPt, realParity,
		falsePt, falseParity)
	if len(a.problems) > 0 {
		b.Errorf("%d problems in the difference accounting (PROBLEM lines in the output)", len(a.problems))
	}

	seconds := func(r replayRun) float64 { return r.wall.Seconds() }
	mib := func(r replayRun) float64 { return float64(r.peakRSS) / (1 << 20) }
	for _, c := range contenders {
		b.ReportMetric(medianRun(runs[c.name], seconds), c.name+"-s")
		b.ReportMetric(medianRun(runs[c.name], mib), c.name+"-MiB")
	}
	pts := runs["pt-upgrade"]
	b.ReportMetric(pairedRatio(runs["parity"], pts, seconds), "parity-x-pt-upgrade")
	b.ReportMetric(pairedRatio(runs["parity"], pts, mib), "parity-rss-x-pt-upgrade")
	b.ReportMetric(pairedRatio(runs["parity-timed"], pts, seconds), "timed-x-pt-upgrade")
	b.ReportMetric(pairedRatio(runs["parity-timed"], pts, mib), "timed-rss-x-pt-upgrade")
}

// runReplay runs c once under GNU time, its output files in out, and
// returns its wall time (as measured here), CPU time and peak RSS.
func runReplay(b *testing.B, c replayContender, out string) replayRun {
	b.Helper()
	if err := os.MkdirAll(out, 0o755); err != nil {
		b.Fatal(err)
	}
	timeFile := filepath.Join(out, "time")
	args := append([]string{"-f", "%M", "-o", timeFile}, c.args(out)...)
	cmd := exec.Command(gnuTime, args...)
	stdout, err := os.Create(filepath.Join(out, "stdout"))
	if err != nil {
		b.Fatal(err)
	}
	defer stdout.Close()
	var stderr strings.Builder
	cmd.Stdout, cmd.Stderr = stdout, &stderr
	start := time.Now()
	err = cmd.Run()
	wall := time.Since(start)
	var exit *exec.ExitError
	if err != nil && (!errors.As(err, &exit) || !slices.Contains(c.ok, exit.ExitCode())) {
		b.Fatalf("%s: %v\n%s", c.name, err, conn.Redact(stderr.String()))
	}
	data, err := os.ReadFile(timeFile)
	if err != nil {
		b.Fatal(err)
	}
	// GNU time writes "Command exited with non-zero status 4" before the
	// figures when the command fails.
	fields := strings.Fields(string(data))
	kib, err := strconv.ParseInt(fields[len(fields)-1], 10, 64)
	if err != nil {
		b.Fatalf("%s: peak RSS from %q: %v", c.name, data, err)
	}
	return replayRun{wall: wall, cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), peakRSS: kib << 10,
		out: out}
}

// ptDSN is a testbed server as pt-upgrade names it: h=host,P=port,u=user,p=password.
func ptDSN(b *testing.B, s testbed.Server) string {
	b.Helper()
	cfg := s.Endpoint(b, "").Config
	host, port, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		b.Fatal(err)
	}
	return fmt.Sprintf("h=%s,P=%s,u=%s,p=%s", host, port, cfg.User, cfg.Passwd)
}

// runsTable is the medians of each command, with every run's figures.
func runsTable(contenders []replayContender, runs map[string][]replayRun) string {
	var b strings.Builder
	b.WriteString("| command | wall s | CPU s | peak RSS MiB | wall / pt-upgrade | RSS / pt-upgrade | runs (wall s, MiB) |\n")
	b.WriteString("| --- | ---: | ---: | ---: | ---: | ---: | --- |\n")
	seconds := func(r replayRun) float64 { return r.wall.Seconds() }
	cpu := func(r replayRun) float64 { return r.cpu.Seconds() }
	mib := func(r replayRun) float64 { return float64(r.peakRSS) / (1 << 20) }
	pt := runs["pt-upgrade"]
	for _, c := range contenders {
		rs := runs[c.name]
		var each []string
		for _, r := range rs {
			each = append(each, fmt.Sprintf("%.2f %.1f", seconds(r), mib(r)))
		}
		fmt.Fprintf(&b, "| %s | %.2f | %.2f | %.1f | %.2f | %.2f | %s |\n", c.name, medianRun(rs, seconds), medianRun(rs, cpu),
			medianRun(rs, mib), pairedRatio(rs, pt, seconds), pairedRatio(rs, pt, mib), strings.Join(each, "; "))
	}
	return b.String()
}

// timedSummary is what the timed replay found besides results: classes by
// verdict and plan changes.
func timedSummary(r *replay.Result) string {
	t := r.Totals()
	plans := 0
	for _, c := range r.Classes {
		if c.Plan != nil && len(c.Plan.Changes) > 0 {
			plans++
		}
	}
	out := fmt.Sprintf("%d classes, %v, %d with a changed plan", t.Classes, t.ByVerdict, plans)
	for _, c := range r.Classes {
		if c.Timing != nil && c.Verdict == replay.Slower {
			fp := c.Fingerprint
			if len(fp) > 70 {
				fp = fp[:70] + "…"
			}
			out += fmt.Sprintf("\n  slower: %s (median %.2f ms against %.2f ms, ×%.2f)", fp, 1e3*c.Timing.Target.Median,
				1e3*c.Timing.Source.Median, c.Timing.Comparison.Ratio)
		}
	}
	return out
}

// replayTime is where a replay's time went: its statements (the slower
// side of each, run on both at once), and the rest of it.
func replayTime(r *replay.Result) string {
	var statements float64
	n := 0
	for _, c := range r.Classes {
		for _, s := range c.Samples {
			statements += max(s.Source.Seconds, s.Target.Seconds)
			n++
		}
	}
	return fmt.Sprintf("%.2f s replaying %d statements, %.2f s of it in the statements themselves (the slower side of each)",
		r.Seconds, n, statements)
}

func distinctReads(queries []benchQuery) int {
	seen := map[string]bool{}
	for _, q := range queries {
		if !q.write {
			seen[q.sql] = true
		}
	}
	return len(seen)
}

func medianRun(rs []replayRun, f func(replayRun) float64) float64 {
	v := make([]float64, len(rs))
	for i, r := range rs {
		v[i] = f(r)
	}
	return medianOf(v)
}

// pairedRatio is the median over iterations of f(a[i]) / f(b[i]).
func pairedRatio(a, b []replayRun, f func(replayRun) float64) float64 {
	v := make([]float64, 0, len(a))
	for i := range min(len(a), len(b)) {
		v = append(v, f(a[i])/f(b[i]))
	}
	return medianOf(v)
}

func medianOf(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}
