package checksum

import (
	"bytes"
	"cmp"
	"slices"
)

// ListingDiff is how two listings of the same chunk differ.
type ListingDiff struct {
	SourceOnly [][]byte // keys only in the source listing (keyed tables)
	// SourceOnlyHash holds the row hash of each SourceOnly key, so a key
	// found elsewhere on the target can be compared without reading the
	// source row again.
	SourceOnlyHash []Hash
	TargetOnly     [][]byte // keys only in the target listing
	Changed        [][]byte // keys on both sides whose row hashes differ
	// Multiset, for keyless tables: per differing row hash, how many more
	// copies the source has (> 0) or the target has (< 0).
	Multiset map[Hash]int64
}

// Empty reports whether the listings held the same rows.
func (d ListingDiff) Empty() bool {
	return len(d.SourceOnly) == 0 && len(d.TargetOnly) == 0 && len(d.Changed) == 0 && len(d.Multiset) == 0
}

// DiffListings compares a chunk's source and target listings. Keyed
// listings are matched by key; the key lists come out sorted by key bytes
// and hold copies, not aliases. A key listed more than once on a side (the
// key is not unique there) is matched copy by copy: equal hashes first,
// then pairs as Changed, the rest as SourceOnly or TargetOnly. Keyless
// listings are compared as multisets of row hashes, which sorts their
// hashes in place.
func DiffListings(src, tgt *Listing, keyless bool) ListingDiff {
	if keyless {
		return ListingDiff{Multiset: diffMultiset(src, tgt)}
	}
	var d ListingDiff
	s, t := sortedRows(src), sortedRows(tgt)
	for len(s) > 0 || len(t) > 0 {
		var c int
		switch {
		case len(s) == 0:
			c = 1
		case len(t) == 0:
			c = -1
		default:
			c = bytes.Compare(src.Key(s[0]), tgt.Key(t[0]))
		}
		switch {
		case c < 0:
			d.SourceOnly = append(d.SourceOnly, bytes.Clone(src.Key(s[0])))
			d.SourceOnlyHash = append(d.SourceOnlyHash, src.Hash(s[0]))
			s = s[1:]
		case c > 0:
			d.TargetOnly = append(d.TargetOnly, bytes.Clone(tgt.Key(t[0])))
			t = t[1:]
		default:
			key := src.Key(s[0])
			ns, nt := run(src, s, key), run(tgt, t, key)
			if ns == 1 && nt == 1 { // the usual case: a unique key
				if src.Hash(s[0]) != tgt.Hash(t[0]) {
					d.Changed = append(d.Changed, bytes.Clone(key))
				}
				s, t = s[1:], t[1:]
				continue
			}
			d.matchCopies(key, hashesOf(src, s[:ns]), hashesOf(tgt, t[:nt]))
			s, t = s[ns:], t[nt:]
		}
	}
	return d
}

// matchCopies pairs the copies of one key, both hash lists sorted.
func (d *ListingDiff) matchCopies(key []byte, sh, th []Hash) {
	var ls, lt []Hash // left over after equal hashes pair up
	for len(sh) > 0 || len(th) > 0 {
		switch {
		case len(th) == 0 || len(sh) > 0 && compareHash(sh[0], th[0]) < 0:
			ls, sh = append(ls, sh[0]), sh[1:]
		case len(sh) == 0 || compareHash(sh[0], th[0]) > 0:
			lt, th = append(lt, th[0]), th[1:]
		default:
			sh, th = sh[1:], th[1:]
		}
	}
	pairs := min(len(ls), len(lt))
	for range pairs {
		d.Changed = append(d.Changed, bytes.Clone(key))
	}
	for _, h := range ls[pairs:] {
		d.SourceOnly = append(d.SourceOnly, bytes.Clone(key))
		d.SourceOnlyHash = append(d.SourceOnlyHash, h)
	}
	for range len(lt) - pairs {
		d.TargetOnly = append(d.TargetOnly, bytes.Clone(key))
	}
}

// sortedRows orders a listing's rows by key, then hash.
func sortedRows(l *Listing) []int {
	idx := make([]int, l.Len())
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		if c := bytes.Compare(l.Key(a), l.Key(b)); c != 0 {
			return c
		}
		return compareHash(l.Hash(a), l.Hash(b))
	})
	return idx
}

// run counts the leading rows of idx whose key is key.
func run(l *Listing, idx []int, key []byte) int {
	n := 0
	for n < len(idx) && bytes.Equal(l.Key(idx[n]), key) {
		n++
	}
	return n
}

func hashesOf(l *Listing, idx []int) []Hash {
	hs := make([]Hash, len(idx))
	for i, j := range idx {
		hs[i] = l.Hash(j)
	}
	return hs
}

func compareHash(a, b Hash) int {
	if c := cmp.Compare(a.Hi, b.Hi); c != 0 {
		return c
	}
	return cmp.Compare(a.Lo, b.Lo)
}

// diffMultiset counts, per row hash, the copies one side has beyond the
// other. It sorts both listings' hashes in place (a keyless listing is read
// once) and merges them, so a table of millions of rows costs its two hash
// arrays and no map entry per row.
func diffMultiset(src, tgt *Listing) map[Hash]int64 {
	sortHashes(src.hashes)
	sortHashes(tgt.hashes)
	m := map[Hash]int64{}
	s, t := src.hashes, tgt.hashes
	for len(s) > 0 || len(t) > 0 {
		var h Hash
		switch {
		case len(t) == 0 || len(s) > 0 && compareHash(s[0], t[0]) <= 0:
			h = s[0]
		default:
			h = t[0]
		}
		ns, nt := 0, 0
		for ns < len(s) && s[ns] == h {
			ns++
		}
		for nt < len(t) && t[nt] == h {
			nt++
		}
		if ns != nt {
			m[h] = int64(ns - nt)
		}
		s, t = s[ns:], t[nt:]
	}
	return m
}

func sortHashes(hs []Hash) { slices.SortFunc(hs, compareHash) }
