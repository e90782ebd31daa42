package checksum

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/zeebo/xxh3"

	"github.com/parity-db/parity/schema"
)

var sysbenchCols = []schema.Column{colOf("id", "int"), colOf("k", "int"), colOf("c", "char(120)"), colOf("pad", "char(60)")}

// sysbenchBatch builds rows shaped like sysbench's sbtest: c is 11 groups
// of 11 digits joined by '-', pad 5 such groups.
func sysbenchBatch(mem memory.Allocator, rows int) arrow.RecordBatch {
	b := array.NewRecordBuilder(mem, schemaOf(sysbenchCols))
	defer b.Release()
	rng := rand.New(rand.NewPCG(1, 2))
	digits := func(groups int) string {
		buf := make([]byte, 0, groups*12)
		for g := range groups {
			if g > 0 {
				buf = append(buf, '-')
			}
			for range 11 {
				buf = append(buf, byte('0'+rng.IntN(10)))
			}
		}
		return string(buf)
	}
	id, k := b.Field(0).(*array.Int32Builder), b.Field(1).(*array.Int32Builder)
	c, pad := b.Field(2).(*array.StringBuilder), b.Field(3).(*array.StringBuilder)
	for i := range rows {
		id.Append(int32(i + 1))
		k.Append(int32(rng.IntN(rows)))
		c.Append(digits(10)[:119] + "x")
		pad.Append(digits(5)[:59] + "y")
	}
	return b.NewRecordBatch()
}

// hashFloor is the time per row to hash each row's raw Arrow bytes with
// xxh3, without any canonical encoding: what AddBatch is measured against.
func hashFloor(rec arrow.RecordBatch) time.Duration {
	id := rec.Column(0).(*array.Int32).Int32Values()
	k := rec.Column(1).(*array.Int32).Int32Values()
	c, pad := rec.Column(2).(*array.String), rec.Column(3).(*array.String)
	buf := make([]byte, 0, 256)
	var sink uint64
	best := time.Duration(1 << 62)
	for range 5 {
		start := time.Now()
		for i := range id {
			buf = append(buf[:0], byte(id[i]), byte(id[i]>>8), byte(id[i]>>16), byte(id[i]>>24),
				byte(k[i]), byte(k[i]>>8), byte(k[i]>>16), byte(k[i]>>24))
			buf = append(buf, c.Value(i)...)
			buf = append(buf, pad.Value(i)...)
			sink += xxh3.Hash128(buf).Lo
		}
		best = min(best, time.Since(start))
	}
	_ = sink
	return best / time.Duration(len(id))
}

// BenchmarkAddBatch hashes a 65536-row sysbench batch into a Sum, with and
// without the drill-down listing, and reports rows/s and the ratio of the
// time per row to the raw-hash floor measured in the same run.
func BenchmarkAddBatch(b *testing.B) {
	const rows = 65536
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(b, 0)
	rec := sysbenchBatch(mem, rows)
	defer rec.Release()
	p, err := NewPlan(tableOf(sysbenchCols...), tableOf(sysbenchCols...), []string{"id", "k", "c", "pad"}, []string{"id"}, Options{})
	if err != nil {
		b.Fatal(err)
	}
	floor := hashFloor(rec)
	for _, listed := range []bool{false, true} {
		name := "sum"
		if listed {
			name = "sum+listing"
		}
		b.Run(name, func(b *testing.B) {
			e, err := p.Encoder(Source, rec.Schema())
			if err != nil {
				b.Fatal(err)
			}
			var list *Listing
			if listed {
				list = &Listing{}
			}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				var s Sum
				if list != nil {
					list.Reset()
				}
				e.AddBatch(rec, &s, list)
			}
			perRow := b.Elapsed().Seconds() / float64(b.N) / rows
			b.ReportMetric(1/perRow, "rows/s")
			b.ReportMetric(perRow/floor.Seconds(), "x_floor")
		})
	}
}
