package extract_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/datagen"
	"github.com/parity-db/parity/extract"
	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/sink"
	"github.com/parity-db/parity/testbed"
)

// The benchmark tables live in their own database and survive between runs:
// datagen skips a table that already holds the requested rows.
const benchDB = "parity_bench"

var benchSetup sync.Map // server name + rows -> error

func benchTable(b *testing.B, s testbed.Server, rows int64) (*conn.Pool, []*schema.Table) {
	b.Helper()
	name := fmt.Sprintf("sbtest_%dm", rows/1_000_000)
	admin := s.Open(b, "", 2)
	ctx := context.Background()
	key := s.Name + "/" + name
	if v, ok := benchSetup.Load(key); ok && v != nil {
		b.Fatal(v)
	} else if !ok {
		if _, err := admin.ExecContext(ctx, "CREATE DATABASE IF NOT EXISTS "+benchDB); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		err := datagen.Sysbench(ctx, admin.DB, benchDB, name, rows, 1)
		benchSetup.Store(key, err)
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("%s: %s ready in %v", s.Name, name, time.Since(start).Round(time.Millisecond))
	}
	p := s.Open(b, benchDB, extract.Options{Workers: 2}.Connections())
	tables, err := schema.Inspect(ctx, p.DB, p.Server, schema.Selection{Include: []string{benchDB + "." + name}})
	if err != nil {
		b.Fatal(err)
	}
	return p, tables
}

// floorScan is the floor an extraction is measured against: the same chunks
// (same splitter, same fixed size), the same number of workers, each row
// scanned by database/sql into sql.RawBytes and dropped.
func floorScan(ctx context.Context, p *conn.Pool, t *schema.Table, workers int, chunkRows int64) (int64, error) {
	sp, err := extract.NewPlanner(ctx, p, t, 0, chunkRows)
	if err != nil {
		return 0, err
	}
	g, gctx := errgroup.WithContext(ctx)
	chunks := make(chan extract.Chunk)
	g.Go(func() error {
		defer close(chunks)
		for {
			c, ok, err := sp.Next(gctx)
			if err != nil || !ok {
				return err
			}
			select {
			case chunks <- c:
			case <-gctx.Done():
				return gctx.Err()
			}
		}
	})
	var total int64
	var mu sync.Mutex
	for range workers {
		g.Go(func() error {
			c, err := p.Conn(gctx)
			if err != nil {
				return err
			}
			defer c.Close()
			vals := make([]sql.RawBytes, len(t.Columns))
			ptrs := make([]any, len(vals))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			for ch := range chunks {
				start := time.Now()
				q, args := ch.Query()
				rows, err := c.QueryContext(gctx, q, args...)
				if err != nil {
					return err
				}
				var n int64
				for rows.Next() {
					if err := rows.Scan(ptrs...); err != nil {
						rows.Close()
						return err
					}
					n++
				}
				if err := rows.Close(); err != nil {
					return err
				}
				sp.Observe(ch, n, time.Since(start))
				mu.Lock()
				total += n
				mu.Unlock()
			}
			return nil
		})
	}
	return total, g.Wait()
}

// BenchmarkExtract measures each output format against the floor on a 2 M-row
// sysbench table on both testbed servers. Floor and format alternate inside
// every iteration so drift on this shared machine hits both alike; the
// x-floor metric is the ratio of their total times.
func BenchmarkExtract(b *testing.B) {
	const rows = 2_000_000
	const chunkRows = 100_000
	for _, s := range testbed.Servers() {
		for _, format := range []sink.Format{sink.None, sink.Arrow, sink.Parquet, sink.CSV} {
			b.Run(fmt.Sprintf("server=%s/format=%s", s.Name, format), func(b *testing.B) {
				s := testbed.Get(b, s.Name)
				p, tables := benchTable(b, s, rows)
				dir := b.TempDir()
				ctx := context.Background()
				var floor, elapsed time.Duration
				b.ResetTimer()
				for range b.N {
					b.StopTimer()
					start := time.Now()
					n, err := floorScan(ctx, p, tables[0], 2, chunkRows)
					floor += time.Since(start)
					if err != nil || n != rows {
						b.Fatalf("floor: %d rows, %v", n, err)
					}
					out, err := sink.New(format, sink.Options{Dir: dir})
					if err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
					start = time.Now()
					res, err := extract.Run(ctx, p, tables, out, extract.Options{Workers: 2, ChunkRows: chunkRows})
					elapsed += time.Since(start)
					if err != nil || res.Rows != rows {
						b.Fatalf("extract: %v", err)
					}
					b.SetBytes(res.Bytes)
				}
				b.ReportMetric(floor.Seconds()/float64(b.N), "floor-s/op")
				b.ReportMetric(elapsed.Seconds()/floor.Seconds(), "x-floor")
			})
		}
	}
}

// BenchmarkExtractRSS runs the parity binary (PARITY_BIN, built by make
// bench) on 2 M and 8 M rows and reports its peak resident memory, which must
// not grow with the table.
func BenchmarkExtractRSS(b *testing.B) {
	bin := os.Getenv("PARITY_BIN")
	if bin == "" {
		b.Skip("PARITY_BIN not set: run make bench")
	}
	for _, rows := range []int64{2_000_000, 8_000_000} {
		b.Run(fmt.Sprintf("server=new/rows=%dM/format=parquet", rows/1_000_000), func(b *testing.B) {
			s := testbed.Get(b, "new")
			_, tables := benchTable(b, s, rows)
			dsn := testbed.WithDatabase(s.DSN, benchDB)
			var peak int64
			for range b.N {
				out := b.TempDir()
				js := filepath.Join(b.TempDir(), "run.json")
				cmd := exec.Command(bin, "extract", "--source", dsn, "--tables", tables[0].String(),
					"--format", "parquet", "--out", out, "--quiet", "--json", js)
				cmd.Stderr = os.Stderr
				if err := cmd.Run(); err != nil {
					b.Fatalf("%s: %v", cmd, err)
				}
				// parity measures itself: the rusage of a child started
				// with vfork reports this test process's peak instead.
				var report struct {
					PeakRSS int64 `json:"peak_rss_bytes"`
				}
				data, err := os.ReadFile(js)
				if err == nil {
					err = json.Unmarshal(data, &report)
				}
				if err != nil || report.PeakRSS == 0 {
					b.Fatalf("peak RSS from %s: %v", js, err)
				}
				peak = max(peak, report.PeakRSS)
				if _, err := os.Stat(filepath.Join(out, sink.ManifestName)); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-MiB")
			b.Log("peak RSS " + strconv.FormatInt(peak>>20, 10) + " MiB")
		})
	}
}

// BenchmarkPlan times planning every chunk of the 8 M-row table without
// reading them: 100,000-row chunks, integer key, EXPLAIN-checked ranges.
func BenchmarkPlan(b *testing.B) {
	for _, s := range testbed.Servers() {
		b.Run("server="+s.Name+"/rows=8M", func(b *testing.B) {
			s := testbed.Get(b, s.Name)
			p, tables := benchTable(b, s, 8_000_000)
			ctx := context.Background()
			var chunks int
			for range b.N {
				pl, err := extract.NewPlanner(ctx, p, tables[0], 0, 100_000)
				if err != nil {
					b.Fatal(err)
				}
				chunks = 0
				for {
					_, ok, err := pl.Next(ctx)
					if err != nil {
						b.Fatal(err)
					}
					if !ok {
						break
					}
					chunks++
				}
			}
			b.ReportMetric(float64(chunks), "chunks")
		})
	}
}
