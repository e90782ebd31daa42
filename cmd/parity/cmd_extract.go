package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/extract"
	"github.com/parity-db/parity/reports"
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
	out         string
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
	fs.DurationVar(&o.chunkTime, "chunk-time", 500*time.Millisecond, "target `duration` of one chunk; sizes adapt to the observed rows/s")
	fs.Int64Var(&o.chunkRows, "chunk-rows", 0, "aim each chunk at `N` rows instead of --chunk-time (integer keys: within about 2x, checked with EXPLAIN; other keys: exact)")
	fs.StringVar(&o.format, "format", "parquet", "output `format`: parquet, arrow (IPC stream), csv, or none (read and discard, for timing)")
	fs.StringVar(&o.compression, "compression", "", "`codec`, parquet: zstd[:1-22] (default zstd:1, the fastest), snappy, gzip[:1-9], none; arrow: none (default), zstd, lz4")
	fs.StringVar(&o.out, "out", "", "output `directory` (required unless --format none)")
	fs.StringVar(&o.jsonFile, "json", "", "write the run's statistics as JSON to `file`")
	fs.StringVar(&o.reportFile, "report", "", "also render the result to `file`; the extension picks the format: .html, .md, .json, .txt, .xml (JUnit)")
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
	if o.conns.source == "" && o.conns.defaultsFile == "" {
		return usageError{msg: "extract: --source DSN is required", help: "extract"}
	}
	format, err := sink.ParseFormat(o.format)
	if err != nil {
		return usageError{msg: "extract: " + err.Error(), help: "extract"}
	}
	if format != sink.None && o.out == "" {
		return usageError{msg: "extract: --out DIR is required for --format " + o.format, help: "extract"}
	}
	if err := checkReportFile(o.reportFile, "extract"); err != nil {
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
		ep, err := o.conns.endpoint(role)
		if err != nil {
			return usageError{msg: "extract: " + err.Error(), help: "extract"}
		}
		endpoints[role] = ep
	}

	report := reports.ExtractDocument{SchemaVersion: reports.SchemaVersion, Command: "extract", Version: versionString(), Options: map[string]any{
		"tables": o.tables, "exclude": o.exclude, "workers": o.workers, "chunk_time": o.chunkTime.String(),
		"chunk_rows": o.chunkRows, "format": o.format, "compression": o.compression, "zero_dates": o.zeroDates,
		"consistent": consistency.String(), "retries": o.retries,
	}}
	tty := isTerminal(stderr)
	var runErr error
	for _, role := range roles {
		dir := o.out
		if len(roles) > 1 && dir != "" {
			dir = filepath.Join(o.out, role)
		}
		res, err := extractOne(ctx, o, role, endpoints[role], dir, format, zd, consistency, retry, tty, stderr)
		if res != nil {
			report.Runs = append(report.Runs, &reports.ExtractRun{Role: role, Result: res})
		}
		if err != nil {
			runErr = err
			break
		}
	}
	// Written on failure too: a nightly job's monitoring learns what failed
	// and which tables were complete before it did.
	report.Status = "ok"
	switch {
	case runErr != nil && ctx.Err() != nil:
		report.Status, report.Error = "interrupted", "interrupted"
	case runErr != nil:
		report.Status, report.Error = "failed", conn.Redact(runErr.Error())
	}
	report.PeakRSS = reports.PeakRSS()
	if o.jsonFile != "" {
		if err := reports.WriteJSONFile(o.jsonFile, report); err != nil && runErr == nil {
			return err
		}
	}
	if o.reportFile != "" {
		if err := reports.WriteReport(o.reportFile, reports.FromExtract(&report)); err != nil && runErr == nil {
			return err
		}
	}
	return runErr
}

func extractOne(ctx context.Context, o extractOptions, role string, ep *conn.Endpoint, dir string, format sink.Format,
	zd extract.ZeroDatePolicy, consistency extract.Consistency, retry conn.Retry, tty bool, stderr io.Writer) (*extract.Result, error) {
	eo := extract.Options{Workers: o.workers, ChunkTime: o.chunkTime, ChunkRows: o.chunkRows, ZeroDates: zd,
		Consistent: consistency, Retry: retry, Progress: &extract.Progress{}, Notify: noticeFunc(stderr, tty, role+": ")}
	pool, err := conn.Open(ctx, ep, eo.Connections())
	if err != nil {
		return nil, err
	}
	defer pool.Close()
	sel := schema.Selection{Include: schema.ParsePatterns(o.tables), Exclude: schema.ParsePatterns(o.exclude), DefaultSchema: ep.Database()}
	tables, err := schema.Inspect(ctx, pool.DB, pool.Server, sel)
	if err != nil {
		return nil, conn.Classify(err, "read tables of "+role, ep)
	}
	out, err := sink.New(format, sink.Options{Dir: dir, Compression: o.compression})
	if err != nil {
		return nil, err
	}
	if format != sink.None {
		removed, err := sink.SweepStale(dir)
		if err != nil {
			return nil, err
		}
		if len(removed) > 0 {
			fmt.Fprintf(stderr, "parity: removed %d temporary file(s) left in %s by a run that was killed: %s\n",
				len(removed), dir, strings.Join(removed, ", "))
		}
	}
	var progress *reports.ProgressLine
	if tty && !o.quiet {
		progress = reports.StartProgress(ctx, stderr, role, eo.Progress, 500*time.Millisecond)
	}
	res, err := extract.Run(ctx, pool, tables, out, eo)
	if progress != nil {
		progress.Stop()
	}
	if err != nil {
		return res, err
	}
	if !o.quiet {
		fmt.Fprintf(stderr, "%s: ", role)
		if err := reports.ExtractSummary(stderr, res, textWidth(stderr)); err != nil {
			return res, err
		}
	}
	if format != sink.None {
		if err := sink.WriteManifest(dir, manifest(res, format, o.compression)); err != nil {
			return res, err
		}
	}
	return res, nil
}

func manifest(res *extract.Result, format sink.Format, compression string) sink.Manifest {
	codec, _ := format.Compression(compression) // validated when the sink was made
	m := sink.Manifest{SchemaVersion: sink.ManifestSchemaVersion, Tool: "parity", Version: versionString(), Started: res.Started,
		Finished: res.Finished, Format: format, Compression: codec, Server: res.Server}
	for _, t := range res.Tables {
		mt := sink.ManifestTable{Schema: t.Schema, Name: t.Name, Rows: t.Rows, Bytes: t.Bytes, FileBytes: t.Output.Bytes,
			Files: t.Output.Files, Seconds: t.Seconds, ZeroDates: t.ZeroDates, Chunking: t.Chunking}
		for i, c := range t.Table.Columns {
			mt.Columns = append(mt.Columns, sink.ManifestColumn{Name: c.Name, MySQLType: c.ColumnType,
				ArrowType: t.Arrow.Field(i).Type.String(), Nullable: c.Nullable})
		}
		m.Tables = append(m.Tables, mt)
	}
	return m
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
