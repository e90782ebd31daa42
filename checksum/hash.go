package checksum

import (
	"fmt"
	"math/bits"

	"github.com/zeebo/xxh3"
)

// Hash is the xxh3 128-bit hash of a row's canonical encoding.
type Hash struct{ Hi, Lo uint64 }

func hashOf(b []byte) Hash {
	h := xxh3.Hash128(b)
	return Hash{Hi: h.Hi, Lo: h.Lo}
}

func (h Hash) String() string { return fmt.Sprintf("%016x%016x", h.Hi, h.Lo) }

// Sum is a row count and the sum of the rows' hashes modulo 2^128. Addition
// does not care about order, so chunks read in any order and batches split
// anywhere sum alike; unlike XOR, a duplicated row does not cancel itself.
type Sum struct {
	Rows   int64
	Hi, Lo uint64
}

// Add adds one row's hash.
func (s *Sum) Add(h Hash) {
	var c uint64
	s.Lo, c = bits.Add64(s.Lo, h.Lo, 0)
	s.Hi += h.Hi + c
	s.Rows++
}

// Merge adds another sum, e.g. a worker's share of a chunk.
func (s *Sum) Merge(o Sum) {
	var c uint64
	s.Lo, c = bits.Add64(s.Lo, o.Lo, 0)
	s.Hi += o.Hi + c
	s.Rows += o.Rows
}

// Equal reports whether both row count and hash sum match.
func (s Sum) Equal(o Sum) bool { return s == o }

// String is "rows=12 sum=<32 hex digits>".
func (s Sum) String() string {
	return fmt.Sprintf("rows=%d sum=%016x%016x", s.Rows, s.Hi, s.Lo)
}
