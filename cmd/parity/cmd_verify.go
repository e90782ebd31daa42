package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/parity-db/parity/checksum"
	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/extract"
	"github.com/parity-db/parity/reports"
	"github.com/parity-db/parity/result"
	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/verify"
)

type verifyOptions struct {
	conns             connFlags
	tables, exclude   string
	maps              stringList
	workers           int
	chunkTime         time.Duration
	chunkRows         int64
	mode              string
	strict            bool
	floatTolerance    float64
	maxDiffs          int
	schemaOnly        bool
	dataOnly          bool
	fixSQL            string
	applyFix          bool
	yes               bool
	recheck           int
	recheckWait       time.Duration
	maxLag            time.Duration
	maxThreadsRunning int
	state             string
	retries           int
	jsonFile          string
	reportFile        string
	quiet             bool
}

func (o *verifyOptions) register(fs *flag.FlagSet) {
	o.conns.register(fs)
	fs.StringVar(&o.tables, "tables", "", "comma-separated source `patterns` db.table with * and ? (default: every table of the source DSN's database)")
	fs.StringVar(&o.exclude, "exclude", "", "comma-separated `patterns` of source tables to skip")
	fs.Var(&o.maps, "map", "rename `rule` source=target: 'olddb.*=newdb.*', 'db.t=db.t2' (repeatable)")
	fs.IntVar(&o.workers, "workers", 4, "chunks compared at once, each on one connection per server")
	fs.DurationVar(&o.chunkTime, "chunk-time", extract.DefaultChunkTime, "target `duration` of one chunk on the source")
	fs.Int64Var(&o.chunkRows, "chunk-rows", 0, "aim each chunk at `N` rows instead of --chunk-time")
	fs.StringVar(&o.mode, "mode", "auto", "where chunks are checksummed: stream (client, normalized), pushdown (each server, where both encode identically), auto")
	fs.BoolVar(&o.strict, "strict", false, "no type-widening tolerance: values of differently typed columns never compare equal, and schema notices count as differences")
	fs.Float64Var(&o.floatTolerance, "float-tolerance", 0, "FLOAT/DOUBLE values at most `delta` apart are equal")
	fs.IntVar(&o.maxDiffs, "max-diffs", 1000, "differing rows listed in the report (counts stay exact)")
	fs.BoolVar(&o.schemaOnly, "schema-only", false, "compare schemas only")
	fs.BoolVar(&o.dataOnly, "data-only", false, "compare data only, without schema findings")
	fs.StringVar(&o.fixSQL, "fix-sql", "", "write SQL that makes the target equal to the source to `file`")
	fs.BoolVar(&o.applyFix, "apply-fix", false, "apply the fix SQL to the target after asking (needs --fix-sql), then verify again")
	fs.BoolVar(&o.yes, "yes", false, "do not ask before --apply-fix")
	fs.IntVar(&o.recheck, "recheck", 0, "re-compare differing chunks up to `N` times (a target still replicating converges)")
	fs.DurationVar(&o.recheckWait, "recheck-wait", 2*time.Second, "wait before each recheck")
	fs.DurationVar(&o.maxLag, "max-lag", 0, "pause while the target replica lags more than `duration`")
	fs.IntVar(&o.maxThreadsRunning, "max-threads-running", 0, "pause while either server's Threads_running exceeds `N` (count parity's own workers in)")
	fs.StringVar(&o.state, "state", "", "resume `file`: an interrupted run continues where it stopped; removed when the run completes")
	registerRetries(fs, &o.retries, "a read")
	fs.StringVar(&o.jsonFile, "json", "", "write the full result as JSON to `file` (- for stdout)")
	fs.StringVar(&o.reportFile, "report", "", "also render the result to `file` (- for stdout, as text); the extension picks the format: .html, .md, .json, .txt, .xml (JUnit)")
	fs.BoolVar(&o.quiet, "quiet", false, "no progress line and no summary")
}

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func cmdVerify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o verifyOptions
	fs := newFlagSet("verify")
	o.register(fs)
	if help, err := parse(fs, args, verifyUsage, stdout); help || err != nil {
		return err
	}
	return runVerify(ctx, o, os.Stdin, stdout, stderr)
}

func runVerify(ctx context.Context, o verifyOptions, stdin io.Reader, stdout, stderr io.Writer) error {
	bad := func(msg string) error { return usageError{msg: "verify: " + msg, help: "verify"} }
	if o.conns.source == "" || o.conns.target == "" {
		return bad("--source DSN and --target DSN are required")
	}
	if err := o.conns.check("verify"); err != nil {
		return err
	}
	if err := checkReportFile(o.reportFile, "verify"); err != nil {
		return err
	}
	mode, err := verify.ParseMode(o.mode)
	if err != nil {
		return bad(err.Error())
	}
	mapping, err := verify.ParseMapping(o.maps)
	if err != nil {
		return bad(err.Error())
	}
	switch {
	case o.workers < 1:
		return bad("--workers must be at least 1")
	case o.schemaOnly && o.dataOnly:
		return bad("--schema-only and --data-only exclude each other")
	case o.applyFix && o.fixSQL == "":
		return bad("--apply-fix needs --fix-sql FILE")
	case o.applyFix && !o.yes && !readerIsTerminal(stdin):
		// "yes" piped in, or a cron job's empty input, is not a person
		// agreeing to change the target.
		return bad("--apply-fix asks before it changes the target, and standard input is not a terminal: " +
			"pass --yes to apply without asking")
	case o.floatTolerance < 0:
		return bad("--float-tolerance must not be negative")
	case o.state == "-":
		return bad("--state needs a file: a resumable run rereads it")
	case o.fixSQL == "-":
		return bad("--fix-sql needs a file (/dev/stdout writes it to standard output)")
	}
	if err := checkOutputs("verify", output{"--json", o.jsonFile}, output{"--report", o.reportFile},
		output{"--fix-sql", o.fixSQL}, output{"--state", o.state}); err != nil {
		return err
	}
	src, err := o.conns.endpoint(ctx, "verify", "source", stderr)
	if err != nil {
		return err
	}
	tgt, err := o.conns.endpoint(ctx, "verify", "target", stderr)
	if err != nil {
		return err
	}
	retry, err := retryPolicy(o.retries, "verify")
	if err != nil {
		return err
	}
	if from, to := src.Database(), tgt.Database(); mapping.IsZero() && from != "" && to != "" && from != to {
		// --source h1/shop --target h2/shop_v2 means shop on one side is
		// shop_v2 on the other.
		mapping = verify.SchemaMapping(from, to)
		if !o.quiet {
			fmt.Fprintf(stderr, "parity verify: comparing %s with %s, the databases the DSNs name (--map sets another mapping)\n", from, to)
		}
	}
	vo := verify.Options{Retry: retry,
		Workers: o.workers, ChunkTime: o.chunkTime, ChunkRows: o.chunkRows, Mode: mode, Mapping: mapping,
		Checksum: checksum.Options{Strict: o.strict, FloatTolerance: o.floatTolerance}, MaxDiffs: o.maxDiffs,
		SchemaOnly: o.schemaOnly, DataOnly: o.dataOnly, Recheck: o.recheck, RecheckWait: o.recheckWait,
		MaxLag: o.maxLag, MaxThreadsRunning: o.maxThreadsRunning, State: o.state, Progress: &extract.Progress{},
	}
	progress := reports.NewProgressLine(stderr, isTerminal(stderr) && !o.quiet)
	if !o.quiet {
		vo.Notify = noticeFunc(progress, "parity verify: ")
	}
	report := result.Verify{Envelope: result.NewEnvelope(result.CommandVerify, versionString()), FixSQL: o.fixSQL}
	// With --json - or --report -, stdout is the document alone; the
	// summary goes to stderr.
	human := stdout
	if o.jsonFile == "-" || o.reportFile == "-" {
		human = stderr
	}
	res, applied, reres, runErr := verifyAndFix(ctx, o, vo, src, tgt, stdin, human, stderr, progress)
	if errors.Is(runErr, verify.ErrSameTables) {
		runErr = usageError{msg: "verify: " + runErr.Error(), help: "verify"}
	}
	report.Result, report.Reverify = res, reres
	if applied != nil {
		report.Applied, report.Apply = applied.Committed, applied
		if !applied.Complete {
			fmt.Fprintf(stderr, "parity verify: --apply-fix stopped (%s at %s): %s\n", applied.Reason, applied.Where, applied)
		}
	}
	final := report.Final()
	report.End(ctx, runErr)
	if runErr == nil {
		report.Status = final.Status
	}
	report.PeakRSS = reports.PeakRSS()
	if err := writeJSON(o.jsonFile, stdout, report); err != nil && runErr == nil {
		runErr = err
	}
	if err := writeReport(o.reportFile, stdout, reports.FromVerify(&report)); err != nil && runErr == nil {
		runErr = err
	}
	if runErr != nil {
		return runErr
	}
	if !final.Equal() {
		return differencesError{msg: fmt.Sprintf("verify: %d differing rows, %d schema differences", final.RowDiffs, final.SchemaDifferences())}
	}
	return nil
}

// verifyAndFix runs the comparison, writes the fix SQL and, with
// --apply-fix, applies it and verifies again.
func verifyAndFix(ctx context.Context, o verifyOptions, vo verify.Options, src, tgt *conn.Endpoint,
	stdin io.Reader, stdout, stderr io.Writer, progress *reports.ProgressLine) (res *verify.Result, applied *verify.Applied, reres *verify.Result, err error) {
	sp, err := conn.Open(ctx, src, vo.Connections())
	if err != nil {
		return nil, nil, nil, err
	}
	defer sp.Close()
	tp, err := conn.Open(ctx, tgt, vo.Connections())
	if err != nil {
		return nil, nil, nil, err
	}
	defer tp.Close()
	sel := schema.Selection{Include: schema.ParsePatterns(o.tables), Exclude: schema.ParsePatterns(o.exclude)}
	srcTables, tgtTables, err := verify.Inspect(ctx, sp, tp, sel, vo)
	if err != nil {
		return nil, nil, nil, err
	}
	if o.fixSQL != "" {
		fix, err := verify.CreateFixSQL(o.fixSQL, verify.FixHeader{
			Source: sp.Server.String(), Target: tp.Server.String(), Generated: time.Now()})
		if err != nil {
			return nil, nil, nil, err
		}
		defer fix.Abort() // no-op once closed
		vo.Fix = fix
	}
	res, err = runOnce(ctx, o, vo, sp, tp, srcTables, tgtTables, "verify", stdout, progress)
	if err != nil {
		return res, nil, nil, err
	}
	if vo.Fix != nil {
		if err := vo.Fix.Close(); err != nil {
			return res, nil, nil, err
		}
		if !o.quiet {
			fmt.Fprintf(stdout, "\nfix SQL: %d statements in %s\n", vo.Fix.Statements(), o.fixSQL)
			if n := vo.Fix.SkippedTotal(); n > 0 {
				fmt.Fprintf(stdout, "%d differences left out of the fix SQL, which no statement can fix (comments in the file say which):\n", n)
				for _, sk := range vo.Fix.Skipped() {
					fmt.Fprintf(stdout, "  %d: %s\n", sk.Count, sk.Reason)
				}
			}
		}
	}
	if !o.applyFix || res.RowDiffs == 0 {
		return res, nil, nil, nil
	}
	if !o.yes {
		ok, err := confirm(stdin, stderr, fmt.Sprintf("apply %d statements from %s to the TARGET %s? type yes: ", vo.Fix.Statements(), o.fixSQL, tgt))
		if err != nil || !ok {
			if err == nil {
				fmt.Fprintln(stderr, "parity verify: not applied")
			}
			return res, nil, nil, err
		}
	}
	applied, err = verify.ApplyFix(ctx, tp, o.fixSQL)
	if err != nil {
		return res, applied, nil, err
	}
	fmt.Fprintf(stdout, "applied %d statements (%d transactions) to the target; verifying again\n", applied.Committed, applied.Transactions)
	vo.Fix, vo.State = nil, ""
	reres, err = runOnce(ctx, o, vo, sp, tp, srcTables, tgtTables, "re-verify", stdout, progress)
	return res, applied, reres, err
}

func runOnce(ctx context.Context, o verifyOptions, vo verify.Options, sp, tp *conn.Pool, srcTables, tgtTables []*schema.Table,
	label string, stdout io.Writer, progress *reports.ProgressLine) (*verify.Result, error) {
	vo.Progress = &extract.Progress{}
	stop := progress.Follow(ctx, label, vo.Progress)
	res, err := verify.Run(ctx, sp, tp, srcTables, tgtTables, vo)
	stop()
	if err != nil {
		return res, err
	}
	if !o.quiet {
		if err := reports.VerifySummary(stdout, res, 20, textWidth(stdout)); err != nil {
			return res, err
		}
	}
	return res, nil
}

// readerIsTerminal reports whether r is a terminal a person types into.
func readerIsTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// confirm asks a yes/no question on the terminal.
func confirm(stdin io.Reader, stderr io.Writer, question string) (bool, error) {
	fmt.Fprint(stderr, question)
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return false, err
	}
	return strings.TrimSpace(strings.ToLower(line)) == "yes", nil
}
