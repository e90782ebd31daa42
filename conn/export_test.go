package conn

import "testing"

// SetSystemOptionFiles replaces the global option files (/etc/my.cnf,
// /etc/mysql/my.cnf) for one test, so that what the machine holds there
// does not change the result.
func SetSystemOptionFiles(t testing.TB, files ...string) {
	old := systemOptionFiles
	systemOptionFiles = files
	t.Cleanup(func() { systemOptionFiles = old })
}
