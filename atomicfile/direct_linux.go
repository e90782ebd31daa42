package atomicfile

import (
	"os"

	"golang.org/x/sys/unix"
)

// setDirect turns direct I/O on or off for f. File systems without it
// (tmpfs, some FUSE and network mounts) refuse, and the file stays buffered.
func setDirect(f *os.File, on bool) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var ferr error
	if err := rc.Control(func(fd uintptr) {
		flags, err := unix.FcntlInt(fd, unix.F_GETFL, 0)
		if err != nil {
			ferr = err
			return
		}
		if on {
			flags |= unix.O_DIRECT
		} else {
			flags &^= unix.O_DIRECT
		}
		_, ferr = unix.FcntlInt(fd, unix.F_SETFL, flags)
	}); err != nil {
		return err
	}
	return ferr
}

// directBuf is a buffer for direct writes: a private anonymous mapping,
// so page-aligned as O_DIRECT asks, outside the Go heap (four of them per
// file would otherwise raise the heap's collection target by twice their
// size), and returned to the system by freeDirectBuf when the file ends.
// If the mapping fails, the buffer comes from the heap instead.
func directBuf() []byte {
	b, err := unix.Mmap(-1, 0, directBuffer, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE)
	if err != nil {
		return alignedBuffer()
	}
	return b
}

func freeDirectBuf(b []byte) {
	_ = unix.Munmap(b) // EINVAL for a buffer from the heap, which the collector frees
}
