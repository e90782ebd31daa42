//go:build !linux

package atomicfile

import (
	"errors"
	"os"
)

// setDirect: direct I/O is used on Linux only; elsewhere files are buffered.
func setDirect(f *os.File, on bool) error {
	if on {
		return errors.ErrUnsupported
	}
	return nil
}

func directBuf() []byte { return alignedBuffer() }

func freeDirectBuf([]byte) {}
