package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/querylog"
	"github.com/parity-db/parity/replay"
	"github.com/parity-db/parity/reports"
	"github.com/parity-db/parity/result"
)

type replayOptions struct {
	conns       connFlags
	format      string
	fromDigests bool
	top         int
	perClass    int
	runs        int
	warmup      int
	timeout     time.Duration
	threshold   string
	noTiming    bool
	showRows    int
	retries     int
	jsonFile    string
	reportFile  string
	quiet       bool
	files       []string
}

func (o *replayOptions) register(fs *flag.FlagSet) {
	o.conns.register(fs)
	fs.StringVar(&o.format, "format", "auto", "what the QUERIES files are: slow (slow query log), general (general query log), statements (separated by ';'), auto")
	fs.BoolVar(&o.fromDigests, "from-digests", false, "take the statements from the source's performance_schema digests (QUERY_SAMPLE_TEXT of the heaviest --top)")
	fs.IntVar(&o.top, "top", 100, "with --from-digests, the `N` digests of most total time")
	fs.IntVar(&o.perClass, "per-class", 10, "distinct statements replayed of each fingerprint, the first seen")
	fs.IntVar(&o.runs, "runs", 5, "timed runs of each class's first statement on each server")
	fs.IntVar(&o.warmup, "warmup", 1, "untimed runs before them")
	fs.DurationVar(&o.timeout, "timeout", time.Minute, "per statement and server: the server stops it, parity kills it if not")
	fs.StringVar(&o.threshold, "threshold", defaultThreshold, "a significant slow-down on the target counts beyond this `percent`")
	fs.BoolVar(&o.noTiming, "no-timing", false, "compare results only: no timed runs, no plans")
	fs.IntVar(&o.showRows, "show-rows", 5, "differing rows shown per side and statement")
	registerRetries(fs, &o.retries, "reaching a server that went away")
	fs.StringVar(&o.jsonFile, "json", "", "write the full result as JSON to `file` (- for stdout)")
	fs.StringVar(&o.reportFile, "report", "", "also render the result to `file` (- for stdout, as text); the extension picks the format: .html, .md, .json, .txt, .xml (JUnit)")
	fs.BoolVar(&o.quiet, "quiet", false, "no progress line and no notices")
}

func cmdReplay(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o replayOptions
	fs := newFlagSet("replay")
	o.register(fs)
	files, help, err := parseInterspersed(fs, args, replayUsage, "replay", stdout)
	if help || err != nil {
		return err
	}
	o.files = files
	return runReplay(ctx, o, stdout, stderr)
}

func runReplay(ctx context.Context, o replayOptions, stdout, stderr io.Writer) error {
	bad := func(format string, args ...any) error {
		return usageError{msg: "replay: " + fmt.Sprintf(format, args...), help: "replay"}
	}
	if o.conns.source == "" || o.conns.target == "" {
		return bad("--source DSN and --target DSN are required")
	}
	if err := o.conns.check("replay"); err != nil {
		return err
	}
	format, err := replayFormat(o.format)
	if err != nil {
		return bad("%v", err)
	}
	switch {
	case len(o.files) == 0 && !o.fromDigests:
		return bad("nothing to replay: give QUERIES files (a slow or general query log, or statements) or --from-digests")
	case len(o.files) > 0 && o.fromDigests:
		return bad("give QUERIES files or --from-digests, not both")
	case o.runs < 1:
		return bad("--runs must be at least 1")
	case o.warmup < 0:
		return bad("--warmup must not be negative")
	case o.perClass < 1:
		return bad("--per-class must be at least 1")
	case o.top < 1:
		return bad("--top must be at least 1")
	}
	threshold, err := parsePercent(o.threshold)
	if err != nil {
		return bad("--threshold %q: want a percentage like 10%%", o.threshold)
	}
	if err := checkReportFile(o.reportFile, "replay"); err != nil {
		return err
	}
	if err := checkOutputs("replay", output{"--json", o.jsonFile}, output{"--report", o.reportFile}); err != nil {
		return err
	}
	retry, err := retryPolicy(o.retries, "replay")
	if err != nil {
		return err
	}
	classifier := querylog.NewClassifier(o.perClass)
	var total int64
	add := func(s querylog.Statement) error {
		classifier.Add(s)
		total += s.Count
		return nil
	}
	for _, f := range o.files {
		if err := querylog.ScanFile(f, format, add); err != nil {
			return fmt.Errorf("replay: %w", err)
		}
	}
	src, err := o.conns.endpoint(ctx, "replay", "source", stderr)
	if err != nil {
		return err
	}
	tgt, err := o.conns.endpoint(ctx, "replay", "target", stderr)
	if err != nil {
		return err
	}
	sp, err := conn.Open(ctx, src, 3)
	if err != nil {
		return err
	}
	defer sp.Close()
	tp, err := conn.Open(ctx, tgt, 3)
	if err != nil {
		return err
	}
	defer tp.Close()
	if o.fromDigests {
		stmts, err := querylog.FromDigests(ctx, sp, o.top)
		if err != nil {
			return fmt.Errorf("replay --from-digests: %w", err)
		}
		for _, s := range stmts {
			_ = add(s)
		}
	}
	classes := classifier.Classes()
	ro := replay.Options{Runs: o.runs, Warmup: o.warmup, Timeout: o.timeout, Threshold: threshold,
		ShowRows: o.showRows, NoTiming: o.noTiming, Retry: retry}
	if o.warmup == 0 {
		ro.Warmup = -1
	}
	progress := reports.NewProgressLine(stderr, isTerminal(stderr) && !o.quiet)
	if !o.quiet {
		ro.Notify = noticeFunc(progress, "parity replay: ")
		ro.Progress = func(done, all int) { progress.Draw(fmt.Sprintf("replay: %d of %d classes", done, all)) }
		fmt.Fprintf(stderr, "parity replay: %d statements in %d classes, from %s to %s\n", total, len(classes),
			sp.Server, tp.Server)
	}
	res, runErr := replay.Run(ctx, sp, tp, classes, total, ro)
	progress.Clear()
	doc := result.Replay{Envelope: result.NewEnvelope(result.CommandReplay, versionString()), Result: res}
	doc.Options = map[string]any{"files": o.files, "format": o.format, "from_digests": o.fromDigests, "top": o.top,
		"per_class": o.perClass, "runs": o.runs, "warmup": o.warmup, "timeout": o.timeout.String(),
		"no_timing": o.noTiming, "retries": o.retries}
	doc.End(ctx, runErr)
	if runErr == nil {
		doc.Status = replayStatus(res)
	}
	doc.PeakRSS = reports.PeakRSS()
	human := stdout
	if o.jsonFile == "-" || o.reportFile == "-" {
		human = stderr
	}
	if res != nil && len(res.Classes) > 0 {
		if err := reports.ReplaySummary(human, res, textWidth(human)); err != nil && runErr == nil {
			runErr = err
		}
	}
	if res != nil {
		if err := writeJSON(o.jsonFile, stdout, doc); err != nil && runErr == nil {
			runErr = err
		}
		if err := writeReport(o.reportFile, stdout, reports.FromReplay(&doc)); err != nil && runErr == nil {
			runErr = err
		}
	}
	if runErr != nil {
		return runErr
	}
	if n := res.Counted(); n > 0 {
		return differencesError{msg: fmt.Sprintf("replay: %d of %d statement classes differ, failed or are slower", n,
			len(res.Classes))}
	}
	return nil
}

// replayStatus is the document's status of a completed replay.
func replayStatus(r *replay.Result) string {
	if r.Counted() > 0 {
		return "different"
	}
	return "same"
}

func replayFormat(s string) (querylog.Format, error) {
	switch s {
	case "auto", "":
		return "", nil
	case "slow", "general", "statements":
		return querylog.Format(s), nil
	}
	return "", fmt.Errorf("--format %q: want slow, general, statements or auto", s)
}
