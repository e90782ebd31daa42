package reports

import (
	"bufio"
	"os"
	"strconv"
	"strings"
)

// PeakRSS is the process's peak resident memory in bytes (VmHWM), or 0 where
// /proc is not available. Read from inside the process: a parent's
// rusage of a child started with vfork (as Go starts them) reports the
// parent's peak instead.
func PeakRSS() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}
