package verify

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"golang.org/x/sync/errgroup"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/datagen"
	"github.com/parity-db/parity/extract"
	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/testbed"
)

// The benchmark table is the extract benchmark's: parity_bench.sbtest_2m,
// generated from the same seed on both servers, so the copies are equal.
const (
	benchDB        = "parity_bench"
	benchTable     = "sbtest_2m"
	benchRows      = 2_000_000
	benchWorkers   = 4
	benchChunkRows = 50_000
)

func benchSide(b *testing.B, s testbed.Server) (*conn.Pool, *schema.Table) {
	b.Helper()
	ctx := context.Background()
	admin := s.Open(b, "", 2)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE IF NOT EXISTS "+benchDB); err != nil {
		b.Fatal(err)
	}
	if err := datagen.Sysbench(ctx, admin.DB, benchDB, benchTable, benchRows, 1); err != nil {
		b.Fatal(err)
	}
	p := s.Open(b, benchDB, Options{Workers: benchWorkers}.Connections())
	ts, err := schema.Inspect(ctx, p.DB, p.Server, schema.Selection{Include: []string{benchDB + "." + benchTable}})
	if err != nil {
		b.Fatal(err)
	}
	return p, ts[0]
}

// floorBoth is what a stream verify is measured against: the same chunks,
// the same workers, each chunk's rows scanned from both servers at once by
// database/sql into sql.RawBytes and dropped.
func floorBoth(ctx context.Context, src, tgt *conn.Pool, st, tt *schema.Table) error {
	return eachChunk(ctx, src, st, func(ctx context.Context, ch extract.Chunk) error {
		g, gctx := errgroup.WithContext(ctx)
		g.Go(func() error { return rawScan(gctx, src, ch) })
		g.Go(func() error { return rawScan(gctx, tgt, ch.On(tt, ch.Index)) })
		return g.Wait()
	})
}

// eachChunk plans t on p and runs fn on benchWorkers chunks at a time.
func eachChunk(ctx context.Context, p *conn.Pool, t *schema.Table, fn func(context.Context, extract.Chunk) error) error {
	pl, err := extract.NewPlanner(ctx, p, t, 0, benchChunkRows)
	if err != nil {
		return err
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(benchWorkers)
	for {
		ch, ok, err := pl.Next(gctx)
		if err != nil {
			_ = g.Wait()
			return err
		}
		if !ok {
			break
		}
		g.Go(func() error { return fn(gctx, ch) })
	}
	return g.Wait()
}

func rawScan(ctx context.Context, p *conn.Pool, ch extract.Chunk) error {
	q, args := ch.Query()
	rows, err := p.DB.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	vals := make([]sql.RawBytes, len(ch.Table.Columns))
	ptrs := make([]any, len(vals))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
	}
	return rows.Err()
}

func benchVerify(b *testing.B, src, tgt *conn.Pool, st, tt *schema.Table, mode Mode) *Result {
	b.Helper()
	return benchVerifyFix(b, src, tgt, st, tt, mode, nil)
}

func benchVerifyFix(b *testing.B, src, tgt *conn.Pool, st, tt *schema.Table, mode Mode, fix *FixWriter) *Result {
	b.Helper()
	m, err := ParseMapping([]string{st.Schema + "." + st.Name + "=" + tt.Schema + "." + tt.Name})
	if err != nil {
		b.Fatal(err)
	}
	res, err := Run(context.Background(), src, tgt, []*schema.Table{st}, []*schema.Table{tt}, Options{
		Mode: mode, Workers: benchWorkers, ChunkRows: benchChunkRows, Mapping: m, Alloc: memory.NewGoAllocator(), Fix: fix})
	if err != nil {
		b.Fatal(err)
	}
	return res
}

// partialCopy makes, once, a copy of the benchmark table on p holding only
// the rows with id % 2 = 1 (half) or none (empty): the target a failed load
// leaves behind.
func partialCopy(b *testing.B, p *conn.Pool, name, where string, rows int64) *schema.Table {
	b.Helper()
	ctx := context.Background()
	var n int64
	err := p.DB.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+benchDB+"."+name).Scan(&n)
	if err != nil || n != rows {
		testbed.Exec(b, p, "DROP TABLE IF EXISTS "+benchDB+"."+name, "CREATE TABLE "+benchDB+"."+name+" LIKE "+benchDB+"."+benchTable,
			"INSERT INTO "+benchDB+"."+name+" SELECT * FROM "+benchDB+"."+benchTable+" WHERE "+where)
	}
	ts, err := schema.Inspect(ctx, p.DB, p.Server, schema.Selection{Include: []string{benchDB + "." + name}})
	if err != nil {
		b.Fatal(err)
	}
	return ts[0]
}

// benchPartial measures, in one run, a verify of the source against a
// target copy that lacks rows, with and without fix SQL, against the
// equal verify.
func benchPartial(b *testing.B, src, tgt *conn.Pool, st, tt, partial *schema.Table, missing int64) {
	var equal, diffs, fixed time.Duration
	for range b.N {
		start := time.Now()
		if res := benchVerify(b, src, tgt, st, tt, Stream); !res.Equal() {
			b.Fatalf("equal copies differ: %d rows", res.RowDiffs)
		}
		equal += time.Since(start)
		start = time.Now()
		res := benchVerify(b, src, tgt, st, partial, Stream)
		diffs += time.Since(start)
		if tr := res.Tables[0]; tr.Missing != missing || tr.TargetRows != benchRows-missing || tr.Extra+tr.Changed != 0 {
			b.Fatalf("missing %d extra %d changed %d target rows %d; want %d missing", tr.Missing, tr.Extra, tr.Changed, tr.TargetRows, missing)
		}
		fix, err := CreateFixSQL(filepath.Join(b.TempDir(), "fix.sql"), FixHeader{Generated: time.Now()})
		if err != nil {
			b.Fatal(err)
		}
		start = time.Now()
		res = benchVerifyFix(b, src, tgt, st, partial, Stream, fix)
		if err := fix.Close(); err != nil {
			b.Fatal(err)
		}
		fixed += time.Since(start)
		if fix.Statements() != int(missing) || res.RowDiffs != missing {
			b.Fatalf("fix SQL: %d statements for %d differences, want %d", fix.Statements(), res.RowDiffs, missing)
		}
	}
	b.ReportMetric(equal.Seconds()/float64(b.N), "equal-s/op")
	b.ReportMetric(diffs.Seconds()/float64(b.N), "verify-s/op")
	b.ReportMetric(diffs.Seconds()/equal.Seconds(), "x-equal")
	b.ReportMetric(fixed.Seconds()/float64(b.N), "fix-sql-s/op")
	b.ReportMetric(fixed.Seconds()/equal.Seconds(), "fix-sql-x-equal")
}

// BenchmarkVerify measures, in one run, on the 2 M-row table held by the
// MariaDB (source) and the MySQL 9 (target) testbed servers:
//   - equal: a stream verify against the floor (both servers scanned at once
//     by bare driver scans of the same chunks);
//   - diffs: the same with 1,000 scattered rows changed on the target,
//     against the equal verify;
//   - pushdown: a pushdown verify of the MySQL copy against itself (two
//     servers of the same kind) against the bare checksum queries of the
//     same chunks on both sides.
func BenchmarkVerify(b *testing.B) {
	src, st := benchSide(b, testbed.Get(b, "old"))
	tgt, tt := benchSide(b, testbed.Get(b, "new"))
	ctx := context.Background()

	b.Run("equal", func(b *testing.B) {
		var floor, verify time.Duration
		for range b.N {
			start := time.Now()
			if err := floorBoth(ctx, src, tgt, st, tt); err != nil {
				b.Fatal(err)
			}
			floor += time.Since(start)
			start = time.Now()
			if res := benchVerify(b, src, tgt, st, tt, Stream); !res.Equal() {
				b.Fatalf("equal copies differ: %d rows", res.RowDiffs)
			}
			verify += time.Since(start)
		}
		b.ReportMetric(floor.Seconds()/float64(b.N), "floor-s/op")
		b.ReportMetric(verify.Seconds()/float64(b.N), "verify-s/op")
		b.ReportMetric(verify.Seconds()/floor.Seconds(), "x-floor")
	})

	b.Run("1000-diffs", func(b *testing.B) {
		const change = "UPDATE sbtest_2m SET k = k + %d WHERE id %% 2000 = 7"
		var equal, diffs time.Duration
		for range b.N {
			start := time.Now()
			if res := benchVerify(b, src, tgt, st, tt, Stream); !res.Equal() {
				b.Fatalf("equal copies differ: %d rows", res.RowDiffs)
			}
			equal += time.Since(start)
			testbed.Exec(b, tgt, fmt.Sprintf(change, 100_000_000))
			start = time.Now()
			res := benchVerify(b, src, tgt, st, tt, Stream)
			diffs += time.Since(start)
			testbed.Exec(b, tgt, fmt.Sprintf(change, -100_000_000))
			if tr := res.Tables[0]; res.RowDiffs != 1000 || tr.SourceRows != benchRows || tr.TargetRows != benchRows {
				b.Fatalf("%d differing rows in %d/%d rows, want 1000 in %d", res.RowDiffs, tr.SourceRows, tr.TargetRows, benchRows)
			}
		}
		b.ReportMetric(equal.Seconds()/float64(b.N), "equal-s/op")
		b.ReportMetric(diffs.Seconds()/float64(b.N), "verify-s/op")
		b.ReportMetric(diffs.Seconds()/equal.Seconds(), "x-equal")
	})

	// A target the load left half empty, or empty: every missing row is
	// counted from the listings, and with fix SQL each is read back in one
	// more read of its chunk, not one query per row.
	b.Run("half-missing", func(b *testing.B) {
		benchPartial(b, src, tgt, st, tt, partialCopy(b, tgt, benchTable+"_half", "id % 2 = 1", benchRows/2), benchRows/2)
	})
	b.Run("empty-target", func(b *testing.B) {
		benchPartial(b, src, tgt, st, tt, partialCopy(b, tgt, benchTable+"_empty", "FALSE", 0), benchRows)
	})

	b.Run("pushdown", func(b *testing.B) {
		var floor, verify, legacy time.Duration
		push := &pushdown{hash: sha2Hash, cols: tt.ColumnNames()}
		// A table is never verified against itself: the MySQL copy is
		// compared with a twin of it on the same server.
		twin := partialCopy(b, tgt, benchTable+"_twin", "TRUE", benchRows)
		var mu sync.Mutex
		for range b.N {
			// The row hash before per-column hashing: one SHA2 of CONCAT of
			// every value as it is, which is what "today's" pushdown cost.
			start := time.Now()
			err := eachChunk(ctx, tgt, tt, func(ctx context.Context, ch extract.Chunk) error {
				q, args := legacyPushdownQuery(tt, ch)
				g, gctx := errgroup.WithContext(ctx)
				for range 2 {
					g.Go(func() error {
						var rows int64
						var s1, s2 string
						return tgt.DB.QueryRowContext(gctx, q, args...).Scan(&rows, &s1, &s2)
					})
				}
				return g.Wait()
			})
			if err != nil {
				b.Fatal(err)
			}
			legacy += time.Since(start)
			start = time.Now()
			err = eachChunk(ctx, tgt, tt, func(ctx context.Context, ch extract.Chunk) error {
				g, gctx := errgroup.WithContext(ctx)
				var a, c serverSum
				g.Go(func() (err error) { a, err = runServerSum(gctx, tgt, push, tt, ch); return err })
				g.Go(func() (err error) { c, err = runServerSum(gctx, tgt, push, tt, ch); return err })
				if err := g.Wait(); err != nil {
					return err
				}
				mu.Lock()
				defer mu.Unlock()
				if a != c {
					return fmt.Errorf("chunk %s differs from itself", ch)
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
			floor += time.Since(start)
			start = time.Now()
			if res := benchVerify(b, tgt, tgt, tt, twin, Pushdown); !res.Equal() || res.Tables[0].Mode != string(Pushdown) {
				b.Fatalf("pushdown verify: %s by %s", res.Status, res.Tables[0].Mode)
			}
			verify += time.Since(start)
		}
		b.ReportMetric(floor.Seconds()/float64(b.N), "floor-s/op")
		b.ReportMetric(verify.Seconds()/float64(b.N), "verify-s/op")
		b.ReportMetric(verify.Seconds()/floor.Seconds(), "x-floor")
		b.ReportMetric(legacy.Seconds()/float64(b.N), "concat-row-hash-s/op")
		b.ReportMetric(floor.Seconds()/legacy.Seconds(), "x-concat-row-hash")
	})
}

// legacyPushdownQuery is the chunk checksum pushdown used before values were
// taken as bytes and long ones hashed on their own: SHA2 of CONCAT of every
// value. Kept here only to measure what the change costs.
func legacyPushdownQuery(t *schema.Table, ch extract.Chunk) (string, []any) {
	var parts []string
	for _, c := range t.Columns {
		e := schema.QuoteIdent(c.Name)
		parts = append(parts, fmt.Sprintf("IFNULL(CONCAT(LENGTH(%s), ':', %s), 'N')", e, e))
	}
	q := "SELECT COUNT(*), COALESCE(SUM(CAST(CONV(SUBSTRING(h, 1, 16), 16, 10) AS UNSIGNED)), 0), " +
		"COALESCE(SUM(CAST(CONV(SUBSTRING(h, 17, 16), 16, 10) AS UNSIGNED)), 0) FROM (SELECT SHA2(CONCAT(" +
		strings.Join(parts, ", ") + "), 256) AS h FROM " + t.QuotedName() + " FORCE INDEX (" + schema.QuoteIdent(ch.Index) + ")"
	where, args := ch.Where()
	if where != "" {
		q += " WHERE " + where
	}
	return q + ") AS parity_rows", args
}

// BenchmarkVerifyRSS runs the parity binary (PARITY_BIN, built by make
// bench) to verify the 2 M and the 8 M-row tables between MariaDB and MySQL
// 9 and reports its peak resident memory, which must not grow with the
// table. parity measures itself (a vfork'd child's rusage would report this
// process's peak).
func BenchmarkVerifyRSS(b *testing.B) {
	bin := os.Getenv("PARITY_BIN")
	if bin == "" {
		b.Skip("PARITY_BIN not set: run make bench")
	}
	old, nw := testbed.Get(b, "old"), testbed.Get(b, "new")
	for _, s := range []testbed.Server{old, nw} {
		// The 8 M-row table is made once and kept, as BenchmarkExtract's.
		admin := s.Open(b, "", 2)
		if err := datagen.Sysbench(context.Background(), admin.DB, benchDB, "sbtest_8m", 8_000_000, 1); err != nil {
			b.Fatal(err)
		}
	}
	for _, tc := range []struct{ table, target string }{
		{"sbtest_2m", "sbtest_2m"}, {"sbtest_8m", "sbtest_8m"},
		// With fix SQL for the rows a half-loaded or empty target lacks
		// (BenchmarkVerify makes those copies).
		{"sbtest_2m", "sbtest_2m_half"}, {"sbtest_2m", "sbtest_2m_empty"},
	} {
		table := tc.table
		b.Run("table="+tc.target, func(b *testing.B) {
			var peak, rows int64
			for range b.N {
				js := filepath.Join(b.TempDir(), "verify.json")
				args := []string{"verify", "--source", testbed.WithDatabase(old.DSN, benchDB),
					"--target", testbed.WithDatabase(nw.DSN, benchDB), "--tables", benchDB + "." + table,
					"--mode", "stream", "--quiet", "--json", js}
				if tc.target != table {
					args = append(args, "--map", benchDB+"."+table+"="+benchDB+"."+tc.target, "--fix-sql", filepath.Join(b.TempDir(), "fix.sql"))
				}
				cmd := exec.Command(bin, args...)
				cmd.Stderr = os.Stderr
				if err := cmd.Run(); err != nil && tc.target == table {
					b.Fatalf("%s: %v", cmd, err)
				}
				var report struct {
					PeakRSS int64 `json:"peak_rss_bytes"`
					Result  struct {
						Tables []struct {
							SourceRows int64 `json:"source_rows"`
						} `json:"tables"`
					} `json:"result"`
				}
				data, err := os.ReadFile(js)
				if err == nil {
					err = json.Unmarshal(data, &report)
				}
				if err != nil || len(report.Result.Tables) != 1 {
					b.Fatalf("read %s: %v", js, err)
				}
				peak = max(peak, report.PeakRSS)
				rows = report.Result.Tables[0].SourceRows
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-MiB")
			b.ReportMetric(float64(rows), "rows")
		})
	}
}
