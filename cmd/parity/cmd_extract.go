package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/parity-db/parity/arrowpool"
	"github.com/parity-db/parity/atomicfile"
	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/extract"
	"github.com/parity-db/parity/objstore"
	"github.com/parity-db/parity/reports"
	"github.com/parity-db/parity/result"
	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/sink"
)

type extractOptions struct {
	conns       connFlags
	tables      string
	exclude     string
	workers     int
	chunkTime   time.Duration
	chunkRows   int64
	format      string
	compression string
	csvDialect  string
	out         string
	maxRows     int64
	maxBytes    byteSize
	remote      remoteFlags
	jsonFile    string
	reportFile  string
	zeroDates   string
	consistent  consistentFlag
	retries     int
	quiet       bool
}

func (o *extractOptions) register(fs *flag.FlagSet) {
	o.conns.register(fs)
	fs.StringVar(&o.tables, "tables", "", "comma-separated `patterns` db.table with * and ? (default: every table of the DSN's database)")
	fs.StringVar(&o.exclude, "exclude", "", "comma-separated `patterns` of tables to skip")
	fs.IntVar(&o.workers, "workers", 2, "parallel chunk readers per server, one connection each")
	fs.DurationVar(&o.chunkTime, "chunk-time", extract.DefaultChunkTime, "target `duration` of one chunk; sizes adapt to the observed rows/s")
	fs.Int64Var(&o.chunkRows, "chunk-rows", 0, "aim each chunk at `N` rows instead of --chunk-time (integer keys: within about 2x, checked with EXPLAIN; other keys: exact)")
	fs.StringVar(&o.format, "format", "parquet", "output `format`: parquet, arrow (IPC stream), csv, or none (read and discard, for timing)")
	fs.StringVar(&o.compression, "compression", "", "`codec`, parquet: zstd[:1-22] (default zstd:1, the fastest), snappy, gzip[:1-9], none; arrow: none (default), zstd, lz4; csv: none (default), gzip[:1-9], zstd[:1-22]")
	fs.StringVar(&o.csvDialect, "csv-dialect", "rfc4180", "CSV `dialect`: rfc4180, mysql (LOAD DATA, with a load.sql script) or bigquery (bq load --null_marker='\\N')")
	fs.StringVar(&o.out, "out", "", "output `location`: a directory, s3://bucket/prefix or gs://bucket/prefix (required unless --format none)")
	fs.Int64Var(&o.maxRows, "max-file-rows", 0, "cut each table into part files of at most `N` rows")
	fs.Var(&o.maxBytes, "max-file-bytes", "cut each table into part files of about `size` bytes each (K, M, G, T: powers of 1024)")
	o.remote.register(fs)
	fs.StringVar(&o.jsonFile, "json", "", "write the run's statistics as JSON to `file` (- for stdout)")
	fs.StringVar(&o.reportFile, "report", "", "also render the result to `file` (- for stdout, as text); the extension picks the format: .html, .md, .json, .txt, .xml (JUnit)")
	fs.StringVar(&o.zeroDates, "zero-dates", "null", "zero dates like 0000-00-00: null (counted per column) or error")
	fs.Var(&o.consistent, "consistent", "one snapshot for all workers: --consistent, or --consistent=best-effort to go on without a lock where none is permitted (RDS, Aurora)")
	registerRetries(fs, &o.retries, "a chunk")
	fs.BoolVar(&o.quiet, "quiet", false, "no progress line and no summary")
}

func cmdExtract(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o extractOptions
	fs := newFlagSet("extract")
	o.register(fs)
	if help, err := parse(fs, args, extractUsage, stdout); help || err != nil {
		return err
	}
	return runExtract(ctx, o, stdout, stderr)
}

func runExtract(ctx context.Context, o extractOptions, stdout, stderr io.Writer) error {
	if !o.conns.given() {
		return usageError{msg: "extract: --source DSN is required", help: "extract"}
	}
	if err := o.conns.check("extract"); err != nil {
		return err
	}
	format, err := sink.ParseFormat(o.format)
	if err != nil {
		return usageError{msg: "extract: " + err.Error(), help: "extract"}
	}
	if format != sink.None && o.out == "" {
		return usageError{msg: "extract: --out DIR is required for --format " + o.format, help: "extract"}
	}
	bad := func(msg string) error { return usageError{msg: "extract: " + msg, help: "extract"} }
	var loc sink.Location
	if format != sink.None {
		if loc, err = sink.ParseLocation(o.out); err != nil {
			return bad("--out: " + err.Error())
		}
	}
	if _, err := format.Compression(o.compression); err != nil {
		return bad(err.Error())
	}
	dialect, err := sink.ParseDialect(o.csvDialect)
	if err != nil {
		return bad(err.Error())
	}
	if dialect != sink.RFC4180 && format != sink.CSV {
		return bad("--csv-dialect applies to --format csv only")
	}
	switch {
	case o.maxRows < 0:
		return bad("--max-file-rows must not be negative")
	case (o.maxRows > 0 || o.maxBytes > 0) && format == sink.None:
		return bad("--max-file-rows and --max-file-bytes need files: not with --format none")
	}
	if err := checkReportFile(o.reportFile, "extract"); err != nil {
		return err
	}
	if err := checkOutputs("extract", output{"--json", o.jsonFile}, output{"--report", o.reportFile}); err != nil {
		return err
	}
	zd, err := extract.ParseZeroDatePolicy(o.zeroDates)
	if err != nil {
		return usageError{msg: "extract: " + err.Error(), help: "extract"}
	}
	consistency, err := extract.ParseConsistency(o.consistent.value)
	if err != nil {
		return usageError{msg: "extract: " + err.Error(), help: "extract"}
	}
	if o.workers < 1 {
		return usageError{msg: "extract: --workers must be at least 1", help: "extract"}
	}
	retry, err := retryPolicy(o.retries, "extract")
	if err != nil {
		return err
	}
	roles := []string{"source"}
	if o.conns.target != "" {
		roles = append(roles, "target")
	}
	// Parse every endpoint before connecting anywhere, so a typo in the
	// second DSN does not surface after a long first extraction.
	endpoints := map[string]*conn.Endpoint{}
	for _, role := range roles {
		ep, err := o.conns.endpoint(ctx, "extract", role, stderr)
		if err != nil {
			return err
		}
		endpoints[role] = ep
	}

	report := result.Extract{Envelope: result.NewEnvelope(result.CommandExtract, versionString())}
	report.Options = map[string]any{
		"tables": o.tables, "exclude": o.exclude, "workers": o.workers, "chunk_time": o.chunkTime.String(),
		"chunk_rows": o.chunkRows, "format": o.format, "compression": o.compression, "zero_dates": o.zeroDates,
		"consistent": consistency.String(), "retries": o.retries,
	}
	if dialect != sink.RFC4180 {
		report.Options["csv_dialect"] = string(dialect)
	}
	if o.maxRows > 0 {
		report.Options["max_file_rows"] = o.maxRows
	}
	if o.maxBytes > 0 {
		report.Options["max_file_bytes"] = int64(o.maxBytes)
	}
	progress := reports.NewProgressLine(stderr, isTerminal(stderr) && !o.quiet)
	// Batches of 16 Ki rows come and go at the speed the server sends them,
	// and Parquet column chunks grow page by page: their buffers are
	// recycled off the Go heap rather than allocated, zeroed and faulted in
	// for each batch.
	mem := arrowpool.New(64 << 20)
	defer mem.Close()
	so := sink.Options{Compression: o.compression, CSVDialect: dialect, MaxFileRows: o.maxRows, MaxFileBytes: int64(o.maxBytes), Alloc: mem}
	var runErr error
	for _, role := range roles {
		where := loc
		if len(roles) > 1 && format != sink.None {
			where = loc.Join(role)
		}
		res, err := extractOne(ctx, o, role, endpoints[role], where, format, so, zd, consistency, retry, progress, stderr)
		if res != nil {
			report.Runs = append(report.Runs, &result.ExtractRun{Role: role, Result: res})
		}
		if err != nil {
			runErr = err
			break
		}
	}
	// Written on failure too: a nightly job's monitoring learns what failed
	// and which tables were complete before it did.
	report.End(ctx, runErr)
	report.PeakRSS = reports.PeakRSS()
	if err := writeJSON(o.jsonFile, stdout, report); err != nil && runErr == nil {
		return err
	}
	if err := writeReport(o.reportFile, stdout, reports.FromExtract(&report)); err != nil && runErr == nil {
		return err
	}
	return runErr
}

func extractOne(ctx context.Context, o extractOptions, role string, ep *conn.Endpoint, loc sink.Location, format sink.Format,
	so sink.Options, zd extract.ZeroDatePolicy, consistency extract.Consistency, retry conn.Retry, progress *reports.ProgressLine,
	stderr io.Writer) (*extract.Result, error) {
	eo := extract.Options{Workers: o.workers, ChunkTime: o.chunkTime, ChunkRows: o.chunkRows, ZeroDates: zd,
		Consistent: consistency, Retry: retry, Alloc: so.Alloc, Progress: &extract.Progress{}, Notify: noticeFunc(progress, "parity: "+role+": ")}
	pool, err := conn.Open(ctx, ep, eo.Connections())
	if err != nil {
		return nil, err
	}
	defer pool.Close()
	sel := schema.Selection{Include: schema.ParsePatterns(o.tables), Exclude: schema.ParsePatterns(o.exclude)}
	tables, err := extract.Inspect(ctx, pool, sel, eo)
	if err != nil {
		return nil, err
	}
	var out *sink.Output
	var target extract.Sink = sink.Discard
	if format != sink.None {
		if out, err = openOutput(ctx, loc, format, so, o.remote, stderr); err != nil {
			return nil, err
		}
		target = out
	}
	stop := progress.Follow(ctx, role, eo.Progress)
	res, err := extract.Run(ctx, pool, tables, target, eo)
	stop()
	if err == nil && !o.quiet {
		fmt.Fprintf(stderr, "%s: ", role)
		err = reports.ExtractSummary(stderr, res, textWidth(stderr))
	}
	if out != nil {
		err = out.Finish(res, err, versionString())
	}
	return res, err
}

// openOutput opens the store at loc, tidies what earlier runs left there
// and starts the run: temporary files of killed runs (directories), then
// the previous extraction's files. What was removed is said on stderr.
func openOutput(ctx context.Context, loc sink.Location, format sink.Format, so sink.Options, rf remoteFlags,
	stderr io.Writer) (*sink.Output, error) {
	var store sink.Store
	var err error
	if loc.Remote() {
		store, err = objstore.Open(ctx, loc, rf.options())
	} else {
		store, err = sink.OpenDir(loc.Prefix)
	}
	if err != nil {
		return nil, err
	}
	if !loc.Remote() {
		removed, err := atomicfile.Sweep(loc.Prefix)
		if err != nil {
			return nil, err
		}
		if len(removed) > 0 {
			fmt.Fprintf(stderr, "parity: removed %d temporary file(s) left in %s by a run that was killed: %s\n",
				len(removed), loc, strings.Join(removed, ", "))
		}
	}
	so.Store = store
	out, err := sink.Create(format, so)
	if err != nil {
		return nil, err
	}
	if n := len(out.Replaced); n > 0 {
		fmt.Fprintf(stderr, "parity: removed the %d file(s) of the previous extraction in %s\n", n, loc)
	}
	return out, nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
