package checksum

// Listing holds each row's key and hash for one side of a chunk, so a
// chunk whose sums differ can be narrowed to rows without reading it again.
// Keys live in one arena: a row costs its key bytes plus 24 bytes.
type Listing struct {
	arena  []byte
	ends   []int // ends[i] is where key i stops in arena
	hashes []Hash
}

// Add appends one row's key and hash.
func (l *Listing) Add(key []byte, h Hash) {
	l.arena = append(l.arena, key...)
	l.ends = append(l.ends, len(l.arena))
	l.hashes = append(l.hashes, h)
}

// Len is the number of rows listed.
func (l *Listing) Len() int { return len(l.hashes) }

// Key returns row i's key bytes; they alias the listing until Reset.
func (l *Listing) Key(i int) []byte {
	start := 0
	if i > 0 {
		start = l.ends[i-1]
	}
	return l.arena[start:l.ends[i]:l.ends[i]]
}

// Hash returns row i's hash.
func (l *Listing) Hash(i int) Hash { return l.hashes[i] }

// Reset empties the listing and keeps its memory for reuse.
func (l *Listing) Reset() {
	l.arena, l.ends, l.hashes = l.arena[:0], l.ends[:0], l.hashes[:0]
}

// Bytes is the approximate memory the listing holds.
func (l *Listing) Bytes() int {
	return cap(l.arena) + 8*cap(l.ends) + 16*cap(l.hashes)
}
