package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/parity-db/parity/bench"
	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/reports"
	"github.com/parity-db/parity/result"
	"github.com/parity-db/parity/schema"
)

type benchOptions struct {
	conns       connFlags
	dsns        stringList
	table       stringList
	tables      string
	exclude     string
	scenarios   stringList
	queries     stringList
	queriesFile string
	sets        stringList
	warmup      int
	runs        int
	minTime     time.Duration
	timeout     time.Duration
	workers     int
	jsonFile    string
	reportFile  string
	history     string
	restoreFile string
	restore     string
	allowWrites bool
	retries     int
	quiet       bool
}

func (o *benchOptions) register(fs *flag.FlagSet) {
	o.conns.register(fs)
	fs.Var(&o.dsns, "dsn", "`LABEL=DSN` of a target, repeatable: --dsn old=... --dsn new=... (password from PARITY_<LABEL>_PASSWORD)")
	fs.Var(&o.table, "table", "`db.table` the scenarios run on, repeatable")
	fs.StringVar(&o.tables, "tables", "", "comma-separated `patterns` db.table with * and ?, instead of or besides --table")
	fs.StringVar(&o.exclude, "exclude", "", "comma-separated `patterns` of tables to skip")
	fs.Var(&o.scenarios, "scenario", "`NAME`, repeatable: full-scan (default), buffered-scan, order-by:COL[:desc], group-by:COL, distinct:COL, extract")
	fs.Var(&o.queries, "query", "custom query `NAME=SQL`, repeatable")
	fs.StringVar(&o.queriesFile, "queries", "", "`file` of custom queries, each after a '-- name: NAME' line")
	fs.Var(&o.sets, "set", "`VAR=V1,V2,...` a server variable and the values to try, repeatable: the grid is their product; sizes as 256K, 2M, 1G")
	fs.IntVar(&o.warmup, "warmup", 1, "unmeasured runs per cell first")
	fs.IntVar(&o.runs, "runs", 5, "measured runs per cell (at least)")
	fs.DurationVar(&o.minTime, "min-time", 0, "measure each cell for at least this `duration` in total (at least 3 runs unless --runs is given)")
	fs.DurationVar(&o.timeout, "timeout", 10*time.Minute, "per run: the server stops the statement, parity kills it if not (0: no limit)")
	fs.IntVar(&o.workers, "workers", 2, "parallel readers of the extract scenario")
	fs.StringVar(&o.jsonFile, "json", "", "write every raw run and the statistics as JSON to `file`")
	fs.StringVar(&o.reportFile, "report", "", "also render the result to `file`; the extension picks the format: .html, .md, .json, .txt, .xml (JUnit)")
	fs.StringVar(&o.history, "history", "", "append this run's summary to the JSON-lines `file` (for bench compare --history)")
	fs.StringVar(&o.restoreFile, "restore-file", bench.DefaultRestorePath(), "where original GLOBAL values are kept until they are restored")
	fs.StringVar(&o.restore, "restore", "", "put back the GLOBAL values recorded in `file` by a run that was killed, then exit")
	fs.BoolVar(&o.allowWrites, "allow-writes", false, "let --query/--queries change data (INSERT, DELETE, DDL); without it they must be read-only statements and run in read-only transactions")
	registerRetries(fs, &o.retries, "a benchmark run")
	fs.BoolVar(&o.quiet, "quiet", false, "no progress line and no notices")
}

func cmdBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "compare" {
		return cmdBenchCompare(ctx, args[1:], stdout, stderr)
	}
	var o benchOptions
	fs := newFlagSet("bench")
	o.register(fs)
	if help, err := parse(fs, args, benchUsage, stdout); help || err != nil {
		return err
	}
	explicitRuns := false
	fs.Visit(func(f *flag.Flag) { explicitRuns = explicitRuns || f.Name == "runs" })
	if o.minTime > 0 && !explicitRuns {
		o.runs = 3
	}
	return runBench(ctx, o, stdout, stderr)
}

func benchUsageError(format string, args ...any) error {
	return usageError{msg: "bench: " + fmt.Sprintf(format, args...), help: "bench"}
}

// benchTargets parses --dsn LABEL=DSN flags, or --source and --target when
// none are given.
func benchTargets(ctx context.Context, o benchOptions, stderr io.Writer) ([]bench.Target, error) {
	var targets []bench.Target
	seen := map[string]bool{}
	add := func(label, dsn string) error {
		if !validLabel(label) {
			return benchUsageError("--dsn %s=...: a label is letters, digits, '_' and '-'", label)
		}
		if seen[label] {
			return benchUsageError("--dsn: label %q given twice", label)
		}
		seen[label] = true
		ep, err := parseEndpoint("bench", dsn, o.conns.options(ctx, label, conn.PasswordEnv(label)), stderr)
		if err != nil {
			return err
		}
		targets = append(targets, bench.Target{Label: label, Endpoint: ep})
		return nil
	}
	for _, d := range o.dsns {
		label, dsn, ok := strings.Cut(d, "=")
		if !ok || label == "" || strings.ContainsAny(label, "@/:(") {
			return nil, benchUsageError("--dsn wants LABEL=DSN, e.g. --dsn new=app@tcp(new-db:3306)/shop")
		}
		if err := add(label, dsn); err != nil {
			return nil, err
		}
	}
	if len(o.dsns) == 0 {
		if o.conns.given() {
			if err := add("source", o.conns.source); err != nil {
				return nil, err
			}
		}
		if o.conns.target != "" {
			if err := add("target", o.conns.target); err != nil {
				return nil, err
			}
		}
	} else if o.conns.source != "" || o.conns.target != "" {
		return nil, benchUsageError("use either --dsn LABEL=DSN or --source/--target, not both")
	}
	return targets, nil
}

func validLabel(s string) bool {
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return s != ""
}

// benchPlan turns the workload and grid flags into bench options.
func benchPlan(o benchOptions, targets []bench.Target) (bench.Options, error) {
	retry, err := retryPolicy(o.retries, "bench")
	if err != nil {
		return bench.Options{}, err
	}
	bo := bench.Options{Targets: targets, Warmup: o.warmup, Runs: o.runs, MinTime: o.minTime, Timeout: o.timeout,
		Workers: o.workers, RestoreFile: o.restoreFile, Retry: retry, AllowWrites: o.allowWrites}
	if o.warmup == 0 {
		bo.Warmup = -1 // zero means the default in bench.Options
	}
	include := append(schema.ParsePatterns(o.tables), o.table...)
	bo.Tables = schema.Selection{Include: include, Exclude: schema.ParsePatterns(o.exclude)}
	for _, s := range o.scenarios {
		sc, err := bench.ParseScenario(s)
		if err != nil {
			return bo, benchUsageError("--scenario: %v", err)
		}
		bo.Scenarios = append(bo.Scenarios, sc)
	}
	for _, q := range o.queries {
		query, err := bench.ParseQueryFlag(q)
		if err != nil {
			return bo, benchUsageError("--query: %v", err)
		}
		bo.Queries = append(bo.Queries, query)
	}
	if o.queriesFile != "" {
		f, err := os.Open(o.queriesFile)
		if err != nil {
			return bo, benchUsageError("--queries: %v", err)
		}
		qs, err := bench.ParseQueries(f, o.queriesFile)
		f.Close()
		if err != nil {
			return bo, benchUsageError("--queries: %v", err)
		}
		bo.Queries = append(bo.Queries, qs...)
	}
	names := map[string]bool{}
	for _, q := range bo.Queries {
		if names[q.Name] {
			return bo, benchUsageError("query name %q given twice", q.Name)
		}
		names[q.Name] = true
	}
	if !o.allowWrites {
		if err := bench.CheckReadOnly(bo.Queries); err != nil {
			return bo, benchUsageError("%v", err)
		}
	}
	for _, s := range o.sets {
		setting, err := bench.ParseSetting(s)
		if err != nil {
			return bo, benchUsageError("%v", err)
		}
		bo.Settings = append(bo.Settings, setting)
	}
	if _, err := bench.Grid(bo.Settings); err != nil {
		return bo, benchUsageError("%v", err)
	}
	switch {
	case len(include) == 0 && len(bo.Scenarios) > 0:
		return bo, benchUsageError("--scenario needs tables to run on: --table db.t or --tables 'db.*'")
	case len(include) == 0 && len(bo.Queries) == 0:
		return bo, benchUsageError("nothing to benchmark: give --table db.t (with --scenario) or --query NAME=SQL")
	case o.runs < 1:
		return bo, benchUsageError("--runs must be at least 1")
	case o.warmup < 0:
		return bo, benchUsageError("--warmup must not be negative")
	case o.workers < 1:
		return bo, benchUsageError("--workers must be at least 1")
	}
	return bo, nil
}

func runBench(ctx context.Context, o benchOptions, stdout, stderr io.Writer) error {
	if err := o.conns.check("bench"); err != nil {
		return err
	}
	targets, err := benchTargets(ctx, o, stderr)
	if err != nil {
		return err
	}
	if o.restore != "" {
		return runBenchRestore(ctx, o, targets, stdout, stderr)
	}
	if len(targets) == 0 {
		return benchUsageError("no target: give --dsn LABEL=DSN (repeatable) or --source DSN")
	}
	bo, err := benchPlan(o, targets)
	if err != nil {
		return err
	}
	if err := checkReportFile(o.reportFile, "bench"); err != nil {
		return err
	}
	if err := checkOutputs("bench", output{"--json", o.jsonFile}, output{"--report", o.reportFile}); err != nil {
		return err
	}
	progress := reports.NewProgressLine(stderr, isTerminal(stderr) && !o.quiet)
	if !o.quiet {
		bo.Notify = noticeFunc(progress, "parity: ")
		bo.Progress = progress.DrawBench
	}
	res, runErr := bench.Run(ctx, bo)
	progress.Clear()
	doc := result.Bench{Envelope: result.NewEnvelope(result.CommandBench, versionString()), Result: res}
	doc.Options = benchJSONOptions(o)
	doc.End(ctx, runErr)
	if res != nil && len(res.Cells) > 0 && (runErr == nil || ctx.Err() != nil || hasRuns(res)) {
		if err := reports.BenchGrid(stderr, res, textWidth(stderr)); err != nil && runErr == nil {
			runErr = err
		}
	}
	if res != nil {
		if err := writeJSON(o.jsonFile, stdout, doc); err != nil && runErr == nil {
			runErr = err
		}
		if err := writeReport(o.reportFile, stdout, reports.FromBench(&doc)); err != nil && runErr == nil {
			runErr = err
		}
	}
	if res != nil && o.history != "" && runErr == nil {
		if err := bench.AppendHistory(o.history, doc.Record()); err != nil {
			return err
		}
	}
	return runErr
}

func hasRuns(r *bench.Result) bool {
	for _, c := range r.Cells {
		if len(c.Runs) > 0 {
			return true
		}
	}
	return false
}

func benchJSONOptions(o benchOptions) map[string]any {
	return map[string]any{"tables": append(schema.ParsePatterns(o.tables), o.table...), "exclude": o.exclude,
		"scenarios": []string(o.scenarios), "queries_file": o.queriesFile, "set": []string(o.sets),
		"warmup": o.warmup, "runs": o.runs, "min_time": o.minTime.String(), "timeout": o.timeout.String(),
		"workers": o.workers, "allow_writes": o.allowWrites, "retries": o.retries}
}

// runBenchRestore puts back what a killed run's restore file recorded.
func runBenchRestore(ctx context.Context, o benchOptions, given []bench.Target, stdout, stderr io.Writer) error {
	rf, err := bench.ReadRestoreFile(o.restore)
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("bench --restore: %s does not exist: nothing to restore", o.restore)
	}
	if err != nil {
		return err
	}
	byLabel := map[string]*conn.Endpoint{}
	for _, t := range given {
		byLabel[t.Label] = t.Endpoint
	}
	endpoints, err := rf.RestoreEndpoints(byLabel, func(label, dsn string) (*conn.Endpoint, error) {
		return parseEndpoint("bench --restore", dsn, o.conns.options(ctx, label, conn.PasswordEnv(label)), stderr)
	})
	if err != nil {
		return err
	}
	done, err := bench.Restore(ctx, o.restore, endpoints)
	for _, r := range done {
		fmt.Fprintf(stdout, "%s: restored GLOBAL %s = %s\n", r.Target, r.Name, r.Value)
	}
	return err
}

type benchCompareOptions struct {
	threshold  string
	history    string
	jsonFile   string
	reportFile string
}

func cmdBenchCompare(_ context.Context, args []string, stdout, _ io.Writer) error {
	var o benchCompareOptions
	fs := newFlagSet("bench compare")
	fs.StringVar(&o.threshold, "threshold", defaultThreshold, "a significant change counts as a regression beyond this `percent`")
	fs.StringVar(&o.history, "history", "", "compare the last two runs recorded in this JSON-lines `file`")
	fs.StringVar(&o.jsonFile, "json", "", "write the comparison as JSON to `file` (- for stdout)")
	fs.StringVar(&o.reportFile, "report", "", "also render the comparison to `file` (- for stdout, as text; .html, .md, .json, .txt, .xml for JUnit)")
	files, help, err := parseInterspersed(fs, args, benchUsage, "bench", stdout)
	if help || err != nil {
		return err
	}
	if err := checkReportFile(o.reportFile, "bench"); err != nil {
		return err
	}
	if err := checkOutputs("bench compare", output{"--json", o.jsonFile}, output{"--report", o.reportFile}); err != nil {
		return err
	}
	threshold, err := parsePercent(o.threshold)
	if err != nil {
		return usageError{msg: fmt.Sprintf("bench compare: --threshold %q: want a percentage like 10%%", o.threshold), help: "bench"}
	}
	var old, cur *bench.Record
	switch {
	case o.history != "" && len(files) == 0:
		recs, err := bench.ReadHistory(o.history)
		if err != nil {
			return err
		}
		if len(recs) < 2 {
			return fmt.Errorf("bench compare: %s holds %d run(s); comparing needs two", o.history, len(recs))
		}
		old, cur = &recs[len(recs)-2], &recs[len(recs)-1]
	case o.history == "" && len(files) == 2:
		if old, err = result.LoadBenchRecord(files[0]); err != nil {
			return fmt.Errorf("bench compare: %w", err)
		}
		if cur, err = result.LoadBenchRecord(files[1]); err != nil {
			return fmt.Errorf("bench compare: %w", err)
		}
	default:
		return usageError{msg: "bench compare: give OLD.json NEW.json, or --history FILE.jsonl", help: "bench"}
	}
	doc := result.CompareBench(old, cur, threshold, versionString())
	// With --json - or --report -, stdout is the document alone.
	if o.jsonFile != "-" && o.reportFile != "-" {
		if err := reports.BenchChanges(stdout, doc.Changes, threshold, textWidth(stdout)); err != nil {
			return err
		}
	}
	if err := writeJSON(o.jsonFile, stdout, doc); err != nil {
		return err
	}
	if err := writeReport(o.reportFile, stdout, reports.FromCompare(doc)); err != nil {
		return err
	}
	if doc.Regressions > 0 {
		return differencesError{msg: fmt.Sprintf("%d regression(s)", doc.Regressions)}
	}
	return nil
}
