package conn_test

import (
	"bytes"
	"crypto/aes"
	"crypto/rand"
	"encoding/binary"
	"os"
	"path/filepath"
	"regexp"
	"strings"
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

// encodeLoginFile writes text the way mysql_config_editor writes
// ~/.mylogin.cnf, independently of conn's decoder: 4 zero bytes, 20 random
// key bytes (XOR-folded into the 16-byte AES-128 key), then each line,
// newline included, PKCS#7-padded and AES-128-ECB encrypted, after its
// encrypted length as a little-endian uint32.
func encodeLoginFile(t *testing.T, text string) []byte {
	t.Helper()
	var raw [20]byte
	if _, err := rand.Read(raw[:]); err != nil {
		t.Fatal(err)
	}
	var key [16]byte
	for i, b := range raw {
		key[i%16] ^= b
	}
	block, err := aes.NewCipher(key[:])
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	out.Write(make([]byte, 4))
	out.Write(raw[:])
	for _, line := range strings.SplitAfter(text, "\n") {
		if line == "" {
			continue
		}
		pad := aes.BlockSize - len(line)%aes.BlockSize
		plain := append([]byte(line), bytes.Repeat([]byte{byte(pad)}, pad)...)
		cipher := make([]byte, len(plain))
		for i := 0; i < len(plain); i += aes.BlockSize {
			block.Encrypt(cipher[i:i+aes.BlockSize], plain[i:i+aes.BlockSize])
		}
		_ = binary.Write(&out, binary.LittleEndian, uint32(len(cipher)))
		out.Write(cipher)
	}
	return out.Bytes()
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
