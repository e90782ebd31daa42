package querylog

import (
	"strconv"
	"strings"
)

// originLine reads the line number of an Origin "name:12".
func originLine(origin, name string) (int, bool) {
	rest, ok := strings.CutPrefix(origin, name+":")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(rest)
	return n, err == nil && n > 0
}
