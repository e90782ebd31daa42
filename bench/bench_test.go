package bench

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/parity-db/parity/datagen"
	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/testbed"
)

// BenchmarkGridFullScan measures what parity bench adds to the query it
// times: a full-scan cell (status counters, performance_schema row and
// TempTable memory read around the query) against the floor, the same
// SELECT * scanned into sql.RawBytes on a bare connection. They alternate
// in every iteration; x-floor is the ratio of their total times. The 2 M-row
// sysbench table is the one the extract benchmarks use.
func BenchmarkGridFullScan(b *testing.B) {
	for _, s := range testbed.Servers() {
		b.Run(s.Name, func(b *testing.B) {
			s := testbed.Get(b, s.Name)
			admin := s.Open(b, "", 2)
			ctx := context.Background()
			if err := datagen.Sysbench(ctx, admin.DB, "parity_bench", "sbtest_2m", 2_000_000, 1); err != nil {
				b.Fatal(err)
			}
			o := Options{
				Targets:     []Target{{Label: s.Name, Endpoint: s.Endpoint(b, "parity_bench")}},
				Tables:      schema.Selection{Include: []string{"parity_bench.sbtest_2m"}},
				Warmup:      1, // as the command runs by default: the measured run is on a warm connection
				Runs:        1,
				RestoreFile: filepath.Join(b.TempDir(), "restore.json"),
			}
			// One untimed read first, so neither side pays for a cold buffer pool.
			if _, err := floorScan(ctx, admin.DB, "SELECT * FROM parity_bench.sbtest_2m"); err != nil {
				b.Fatal(err)
			}
			var floor, grid time.Duration
			var rows int64
			b.ResetTimer()
			for range b.N {
				start := time.Now()
				n, err := floorScan(ctx, admin.DB, "SELECT * FROM parity_bench.sbtest_2m")
				if err != nil {
					b.Fatal(err)
				}
				floor += time.Since(start)
				rows = n
				res, err := Run(ctx, o)
				if err != nil {
					b.Fatal(err)
				}
				c := res.Cells[0]
				measured := c.Runs[len(c.Runs)-1]
				if c.Error != nil || measured.Warmup || measured.Rows != n {
					b.Fatalf("cell: error %v, %d rows; floor read %d", c.Error, measured.Rows, n)
				}
				grid += time.Duration(measured.Seconds * float64(time.Second))
			}
			b.ReportMetric(float64(rows), "rows")
			b.ReportMetric(floor.Seconds()/float64(b.N), "floor-s/op")
			b.ReportMetric(grid.Seconds()/floor.Seconds(), "x-floor")
		})
	}
}

// floorScan reads every row of query into sql.RawBytes and drops it.
func floorScan(ctx context.Context, db *sql.DB, query string) (int64, error) {
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	vals := make([]sql.RawBytes, len(cols))
	ptrs := make([]any, len(vals))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var n int64
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}
