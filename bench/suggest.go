package bench

import "strings"

// closest returns the name in names nearest to name by edit distance, if it
// is near enough to be a typo (at most a third of the name's length, and
// at most 3 edits): sort_bufer_size → sort_buffer_size.
func closest(name string, names []string) (string, bool) {
	name = strings.ToLower(name)
	limit := min(3, max(1, len(name)/3))
	best, bestDist := "", limit+1
	for _, n := range names {
		if d := editDistance(name, strings.ToLower(n)); d < bestDist || d == bestDist && n < best {
			best, bestDist = n, d
		}
	}
	return best, bestDist <= limit
}

// editDistance is the Levenshtein distance of a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
