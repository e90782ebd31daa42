package conn_test

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/testbed"
)

// TestMain stops the TLS servers the tests of this package share.
func TestMain(m *testing.M) {
	code := m.Run()
	testbed.StopTLS()
	os.Exit(code)
}

// isolate makes Parse see only the option files a test writes: no global
// option files, an empty home directory and none of the client's
// environment variables. It returns the home directory.
func isolate(t *testing.T) string {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("USER", "tester")
	for _, v := range []string{"MYSQL_PWD", "MYSQL_HOME", "MYSQL_TEST_LOGIN_FILE", "PARITY_SOURCE_PASSWORD", "PARITY_TARGET_PASSWORD"} {
		t.Setenv(v, "")
	}
	conn.SetSystemOptionFiles(t)
	return home
}

// writeFile writes content into a fresh file of the test's temp dir.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	writeAt(t, path, content)
	return path
}

func writeAt(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// encodeLoginFile is testbed.EncodeLoginPathFile, which fails the test.
func encodeLoginFile(t *testing.T, text string) []byte {
	t.Helper()
	data, err := testbed.EncodeLoginPathFile(text)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// writeLoginFile writes text as the login path file at path, mode 0600.
func writeLoginFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, encodeLoginFile(t, text), 0o600); err != nil {
		t.Fatal(err)
	}
}

// fragments are the runs of letters and digits of a password that are long
// enough to give it away.
func fragments(password string) []string {
	return regexp.MustCompile(`[A-Za-z0-9]{3,}`).FindAllString(password, -1)
}

// writeCA writes a fresh CA (and certificates it signed) and returns the
// CA's file.
func writeCA(t *testing.T) string {
	t.Helper()
	c, err := testbed.WriteCertificates(t.TempDir(), "unit")
	if err != nil {
		t.Fatal(err)
	}
	return c.CA
}
