package replay

import (
	"encoding/binary"

	"github.com/zeebo/xxh3"

	"github.com/parity-db/parity/checksum"
)

// maxListedRows bounds the row hashes a side keeps in order to find which
// rows differ: 16 bytes a row, 16 MiB at most. Larger results still
// compare exactly, by their sums; only the listing of differing rows is
// lost.
const maxListedRows = 1 << 20

// digest is a result set reduced to what comparing needs: a sum of row
// hashes that ignores order, a hash of the sequence that does not, and the
// row hashes themselves while there are few enough.
type digest struct {
	sum     checksum.Sum
	ordered *xxh3.Hasher128
	hashes  []checksum.Hash
	// overflow is true when the result had more than maxListedRows rows.
	overflow bool
	row      []byte // scratch: the row being encoded
}

func newDigest() *digest { return &digest{ordered: xxh3.New128()} }

// add hashes one row: per column NULL as 0x00, a value as 0x01,
// uvarint(len) and its canonical bytes, so ('ab','c') and ('a','bc')
// differ and NULL differs from ” and 'NULL'.
func (d *digest) add(values [][]byte, canon []canonicalizer) checksum.Hash {
	b := d.row[:0]
	for i, v := range values {
		if v == nil {
			b = append(b, 0)
			continue
		}
		b = append(b, 1)
		at := len(b)
		b = canon[i].append(b, v)
		n := len(b) - at
		var lenBuf [binary.MaxVarintLen64]byte
		w := binary.PutUvarint(lenBuf[:], uint64(n))
		b = append(b, lenBuf[:w]...)
		copy(b[at+w:], b[at:at+n])
		copy(b[at:], lenBuf[:w])
	}
	d.row = b
	h128 := xxh3.Hash128(b)
	h := checksum.Hash{Hi: h128.Hi, Lo: h128.Lo}
	d.sum.Add(h)
	var hb [16]byte
	binary.LittleEndian.PutUint64(hb[:8], h.Hi)
	binary.LittleEndian.PutUint64(hb[8:], h.Lo)
	_, _ = d.ordered.Write(hb[:])
	if len(d.hashes) < maxListedRows {
		d.hashes = append(d.hashes, h)
	} else {
		d.overflow = true
	}
	return h
}

// orderedHash is the hash of the row sequence.
func (d *digest) orderedHash() xxh3.Uint128 { return d.ordered.Sum128() }

// rowDiff lists the rows of a that b lacks and of b that a lacks, counting
// duplicates: a row twice in a and once in b is once only in a.
func rowDiff(a, b []checksum.Hash) (onlyA, onlyB map[checksum.Hash]int) {
	count := make(map[checksum.Hash]int, len(a))
	for _, h := range a {
		count[h]++
	}
	for _, h := range b {
		count[h]--
	}
	onlyA, onlyB = map[checksum.Hash]int{}, map[checksum.Hash]int{}
	for h, n := range count {
		switch {
		case n > 0:
			onlyA[h] = n
		case n < 0:
			onlyB[h] = -n
		}
	}
	return onlyA, onlyB
}

// firstOrderDifference is the index of the first row where two sequences
// of the same rows differ, -1 when they do not.
func firstOrderDifference(a, b []checksum.Hash) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	if len(a) != len(b) {
		return min(len(a), len(b))
	}
	return -1
}
