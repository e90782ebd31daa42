package sink

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/parity-db/parity/schema"
)

// sbtest is sysbench's oltp table: id, k, c CHAR(120), pad CHAR(60).
var sbtest = arrow.NewSchema([]arrow.Field{
	{Name: "id", Type: arrow.PrimitiveTypes.Uint32},
	{Name: "k", Type: arrow.PrimitiveTypes.Uint32},
	{Name: "c", Type: arrow.BinaryTypes.String},
	{Name: "pad", Type: arrow.BinaryTypes.String},
}, nil)

const (
	benchRows  = 1 << 20
	benchBatch = 64 << 10
)

// sbtestBatches builds 1 Mi rows shaped like sysbench's: c and pad are
// groups of 11 random digits joined by "-", as sysbench fills them.
func sbtestBatches(mem memory.Allocator) (recs []arrow.RecordBatch, size int64) {
	rng := rand.New(rand.NewPCG(7, 7))
	digits := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			if i%12 == 11 {
				b[i] = '-'
			} else {
				b[i] = byte('0' + rng.IntN(10))
			}
		}
		return string(b)
	}
	for first := 0; first < benchRows; first += benchBatch {
		b := array.NewRecordBuilder(mem, sbtest)
		for i := range benchBatch {
			b.Field(0).(*array.Uint32Builder).Append(uint32(first + i + 1))
			b.Field(1).(*array.Uint32Builder).Append(uint32(rng.IntN(benchRows)))
			b.Field(2).(*array.StringBuilder).Append(digits(119))
			b.Field(3).(*array.StringBuilder).Append(digits(59))
		}
		rec := b.NewRecordBatch()
		b.Release()
		size += recordBytes(rec)
		recs = append(recs, rec)
	}
	return recs, size
}

// floor is the time to write size bytes to a file in dir and fsync it:
// what any format costs at least on this disk.
func floor(b *testing.B, dir string, size int64) time.Duration {
	buf := make([]byte, 1<<20)
	start := time.Now()
	f, err := os.Create(filepath.Join(dir, "floor"))
	if err != nil {
		b.Fatal(err)
	}
	for n := int64(0); n < size; n += int64(len(buf)) {
		if _, err := f.Write(buf[:min(int64(len(buf)), size-n)]); err != nil {
			b.Fatal(err)
		}
	}
	if err := f.Sync(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	d := time.Since(start)
	os.Remove(f.Name())
	return d
}

func benchmarkWrite(b *testing.B, f Format, compression string) {
	mem := memory.NewGoAllocator()
	recs, size := sbtestBatches(mem)
	defer releaseAll(recs)
	dir := b.TempDir()
	floorTime := floor(b, dir, size)
	s, err := New(f, Options{Dir: dir, Compression: compression, Alloc: mem})
	if err != nil {
		b.Fatal(err)
	}
	tbl := &schema.Table{Schema: "sbtest", Name: "sbtest1"}
	b.SetBytes(size) // MB/s of Arrow data in
	b.ReportAllocs()
	var fileBytes int64
	cpu0 := cpuSeconds()
	for b.Loop() {
		ts, err := s.Open(tbl, sbtest)
		if err != nil {
			b.Fatal(err)
		}
		for _, rec := range recs {
			if err := ts.Write(rec); err != nil {
				b.Fatal(err)
			}
		}
		out, err := ts.Commit()
		if err != nil {
			b.Fatal(err)
		}
		fileBytes = out.Bytes
	}
	cpu := cpuSeconds() - cpu0
	b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(floorTime), "x_floor")
	b.ReportMetric(float64(fileBytes)/float64(size), "file/arrow")
	b.ReportMetric(cpu/float64(b.N), "cpu-s/op")
	b.ReportMetric(cpu/b.Elapsed().Seconds(), "cores")
}

// cpuSeconds is the CPU time the Go runtime has spent running goroutines,
// the garbage collector included, as runtime/metrics estimates it.
func cpuSeconds() float64 {
	s := []metrics.Sample{
		{Name: "/cpu/classes/user:cpu-seconds"},
		{Name: "/cpu/classes/gc/total:cpu-seconds"},
		{Name: "/cpu/classes/scavenge/total:cpu-seconds"},
	}
	metrics.Read(s)
	var t float64
	for _, v := range s {
		t += v.Value.Float64()
	}
	return t
}

func BenchmarkParquetWrite(b *testing.B)       { benchmarkWrite(b, Parquet, "") }
func BenchmarkParquetWriteZstd3(b *testing.B)  { benchmarkWrite(b, Parquet, "zstd:3") }
func BenchmarkParquetWriteSnappy(b *testing.B) { benchmarkWrite(b, Parquet, "snappy") }
func BenchmarkArrowWrite(b *testing.B)         { benchmarkWrite(b, Arrow, "") }
func BenchmarkArrowWriteZstd(b *testing.B)     { benchmarkWrite(b, Arrow, "zstd") }
func BenchmarkCSVWrite(b *testing.B)           { benchmarkWrite(b, CSV, "") }
