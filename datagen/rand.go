package datagen

import "math/rand/v2"

// Streams keep the random values of different generators apart even when
// they share a seed and a row number.
const (
	streamSysbench uint64 = 0x5b5b_0001
	streamAllTypes uint64 = 0xa11_0002
	streamHard     uint64 = 0x4a2d_0007
)

// splitmix64 scrambles x so that neighbouring inputs (seed 1 and 2, row 7
// and 8) give unrelated PCG states.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// seedRow seeds p for one row of one generator. Every row has a generator of
// its own, so a row's values depend only on (seed, stream, row): rows can be
// built in any order, by any number of workers, and a table of n rows is a
// prefix of a table of n+1 rows.
func seedRow(p *rand.PCG, seed int64, stream, row uint64) {
	hi := splitmix64(uint64(seed) ^ splitmix64(stream))
	lo := splitmix64(hi ^ row)
	p.Seed(hi, lo)
}
