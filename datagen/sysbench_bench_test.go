package datagen

import "testing"

// BenchmarkSysbenchBatchBuild measures the client-side cost of one batch
// without a server: literal text versus the arguments placeholders need
// (the driver's interpolation then adds its own copy and escaping pass).
func BenchmarkSysbenchBatchBuild(b *testing.B) {
	b.Run("literal", func(b *testing.B) {
		var buf []byte
		for b.Loop() {
			buf = appendSysbenchInsert(buf[:0], 1, sysbenchBatchRows, 2_000_000, 1)
			_ = string(buf)
		}
	})
	b.Run("args", func(b *testing.B) {
		args := make([]any, 0, 4*sysbenchBatchRows)
		for b.Loop() {
			args = args[:0]
			for id := int64(1); id <= sysbenchBatchRows; id++ {
				k, c, pad := SysbenchRow(id, 2_000_000, 1)
				args = append(args, id, k, c, pad)
			}
		}
	})
}
