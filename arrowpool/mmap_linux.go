package arrowpool

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// Mappings are made and unmapped by address, so that one can grow by
// mremap: the syscall and unix packages' slice forms track each mapping by
// its slice and refuse one that has moved.

func mapBytes(n int) ([]byte, error) {
	p, err := unix.MmapPtr(-1, 0, nil, uintptr(n), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE)
	if err != nil {
		return nil, err
	}
	return unsafe.Slice((*byte)(p), n), nil
}

func unmapBytes(b []byte) {
	_ = unix.MunmapPtr(unsafe.Pointer(unsafe.SliceData(b)), uintptr(cap(b)))
}

// remapBytes grows a mapping to n bytes without copying it: the kernel
// moves its pages, and the pages added are zero.
func remapBytes(b []byte, n int) ([]byte, error) {
	p, err := unix.MremapPtr(unsafe.Pointer(unsafe.SliceData(b)), uintptr(cap(b)), nil, uintptr(n), unix.MREMAP_MAYMOVE)
	if err != nil {
		return nil, err
	}
	return unsafe.Slice((*byte)(p), n), nil
}
