package conn

import (
	"crypto/aes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// loginPathFile is where mysql_config_editor keeps login paths:
// $MYSQL_TEST_LOGIN_FILE (as the mysql client honours it), else
// ~/.mylogin.cnf.
func loginPathFile() string {
	if p := os.Getenv("MYSQL_TEST_LOGIN_FILE"); p != "" {
		return p
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".mylogin.cnf")
	}
	return ""
}

// DecodeLoginPathFile returns the option-file text a .mylogin.cnf holds.
// mysql_config_editor writes 4 unused bytes, 20 bytes from which the
// AES-128 key is folded (byte i goes into key[i%16] by XOR), then each line
// of the text, newline included, AES-128-ECB encrypted with PKCS#7 padding
// and preceded by its encrypted length as a 4-byte little-endian integer.
func DecodeLoginPathFile(data []byte) ([]byte, error) {
	const header = 4 + 20
	if len(data) < header {
		return nil, errors.New("too short for a login path file (mysql_config_editor writes at least 24 bytes)")
	}
	var key [16]byte
	for i, b := range data[4:header] {
		key[i%16] ^= b
	}
	block, err := aes.NewCipher(key[:])
	if err != nil {
		return nil, err
	}
	var text []byte
	for rest := data[header:]; len(rest) > 0; {
		if len(rest) < 4 {
			return nil, errors.New("truncated: a length without its line")
		}
		n := int(binary.LittleEndian.Uint32(rest))
		rest = rest[4:]
		if n == 0 || n%aes.BlockSize != 0 || n > len(rest) {
			return nil, fmt.Errorf("corrupt: an encrypted line of %d bytes", n)
		}
		plain := make([]byte, n)
		for i := 0; i < n; i += aes.BlockSize {
			block.Decrypt(plain[i:i+aes.BlockSize], rest[i:i+aes.BlockSize])
		}
		pad := int(plain[n-1])
		if pad == 0 || pad > aes.BlockSize {
			return nil, errors.New("corrupt: bad padding (not written by mysql_config_editor, or damaged)")
		}
		for _, b := range plain[n-pad:] {
			if int(b) != pad {
				return nil, errors.New("corrupt: bad padding (not written by mysql_config_editor, or damaged)")
			}
		}
		text = append(text, plain[:n-pad]...)
		rest = rest[n:]
	}
	return text, nil
}
