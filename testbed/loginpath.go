package testbed

import (
	"bytes"
	"crypto/aes"
	"crypto/rand"
	"encoding/binary"
	"strings"
)

// EncodeLoginPathFile writes text the way mysql_config_editor writes
// ~/.mylogin.cnf, independently of the decoder in package conn: 4 zero
// bytes, 20 random key bytes (XOR-folded into the 16-byte AES-128 key),
// then each line, newline included, PKCS#7-padded and AES-128-ECB
// encrypted, after its encrypted length as a little-endian uint32.
func EncodeLoginPathFile(text string) ([]byte, error) {
	var raw [20]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return nil, err
	}
	var key [16]byte
	for i, b := range raw {
		key[i%16] ^= b
	}
	block, err := aes.NewCipher(key[:])
	if err != nil {
		return nil, err
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
	return out.Bytes(), nil
}
