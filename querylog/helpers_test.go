package querylog

import (
	"flag"
	"strconv"
	"strings"
)

// Refresh testdata in two steps: the logs from the testbed servers, then
// the golden files of what the readers make of them:
//
//	CI=true go test ./querylog/ -run TestRealLogs -update-logs
//	go test ./querylog/ -run TestReadGolden -update
var (
	updateLogs = flag.Bool("update-logs", false, "rewrite testdata/logs/{old,new}-{general,slow}.log from the testbed servers")
	update     = flag.Bool("update", false, "rewrite the golden files in testdata/logs")
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
