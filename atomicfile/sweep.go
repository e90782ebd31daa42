package atomicfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"syscall"
)

// tempName matches the temporary files File creates and captures the
// PID of the process that wrote it.
var tempName = regexp.MustCompile(`^\..+\.tmp-(\d+)-[0-9a-f]{16}$`)

// Sweep removes the temporary files that runs killed without a chance
// to clean up (SIGKILL, out of memory, a machine reset) left in dir, and
// returns their names. A file whose writer is still running, this process
// included, is left alone. Without this, each killed nightly run would leave
// another hidden, possibly huge, file behind.
func Sweep(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sweep %s: %w", dir, err)
	}
	var removed []string
	for _, e := range entries {
		m := tempName.FindStringSubmatch(e.Name())
		if m == nil || !e.Type().IsRegular() {
			continue
		}
		pid, err := strconv.Atoi(m[1])
		if err != nil || alive(pid) {
			continue
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil && !errors.Is(err, os.ErrNotExist) {
			return removed, fmt.Errorf("sweep %s: %w", dir, err)
		}
		removed = append(removed, e.Name())
	}
	return removed, nil
}

// alive reports whether a process with this PID exists (EPERM: it exists
// but belongs to another user).
func alive(pid int) bool {
	if pid <= 0 || pid == os.Getpid() {
		return pid > 0
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
