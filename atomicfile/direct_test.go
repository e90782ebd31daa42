package atomicfile

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// TestDirectWriter writes sizes around the block and buffer boundaries in
// uneven pieces and reads back exactly those bytes, with direct I/O on
// where the test's file system has it.
func TestDirectWriter(t *testing.T) {
	dir := t.TempDir()
	for _, size := range []int{0, 1, directAlign - 1, directAlign, directAlign + 1, directBuffer - 1, directBuffer,
		directBuffer + 1, 3*directBuffer + 12345, directSyncEvery + directBuffer + 1, // syncs on the way
		2*directSyncEvery + directBuffer + 1} { // waits for the previous sync at the second
		want := make([]byte, size)
		r := rand.New(rand.NewPCG(uint64(size), 1))
		for i := range want {
			want[i] = byte(r.Uint32())
		}
		path := filepath.Join(dir, "f")
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
		if err != nil {
			t.Fatal(err)
		}
		if err := setDirect(f, true); err != nil {
			if runtime.GOOS == "linux" && size == 0 {
				t.Logf("no direct I/O in %s (%v): testing the buffered fallback of the tail only", dir, err)
			}
		}
		w := newDirectWriter(f)
		for rest := want; len(rest) > 0; {
			n := min(len(rest), 1+r.IntN(3*directAlign+7))
			if r.IntN(50) == 0 {
				n = min(len(rest), directBuffer+r.IntN(directBuffer)) // larger than the buffer in one call
			}
			if got, err := w.Write(rest[:n]); err != nil || got != n {
				t.Fatalf("size %d: Write = %d, %v; want %d", size, got, err, n)
			}
			rest = rest[n:]
		}
		if err := w.Flush(); err != nil {
			t.Fatalf("size %d: Flush: %v", size, err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("size %d: read back %d bytes that differ from the %d written", size, len(got), len(want))
		}
	}
}

// TestDataFileWithoutDirectIO: where the file system refuses O_DIRECT (older
// tmpfs, FUSE, some network mounts), a data file falls back to buffered
// writes and still holds exactly its bytes.
func TestDataFileWithoutDirectIO(t *testing.T) {
	dir := t.TempDir()
	refuse := func(*os.File) error { return syscall.EINVAL }
	a, err := Create(dir, "t.arrows", Options{Direct: true, setDirect: refuse})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Abort()
	if _, ok := a.w.(*directWriter); ok {
		t.Fatal("a file system without O_DIRECT got the direct writer")
	}
	want := bytes.Repeat([]byte("parity"), 10_000)
	if _, err := a.Write(want); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Commit(); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(filepath.Join(dir, "t.arrows")); err != nil || !bytes.Equal(got, want) {
		t.Errorf("read back %d bytes (%v), want %d", len(got), err, len(want))
	}
}

// TestDirectWriterFailures: a write or a sync that fails in the writer
// goroutine is returned by a later Write or by Flush, never lost, and
// leaves no goroutine that Flush or abort would wait for in vain.
// /dev/full fails every write (ENOSPC); /dev/null takes every write and
// fails every sync (EINVAL), which the writer reaches after
// directSyncEvery bytes.
func TestDirectWriterFailures(t *testing.T) {
	for _, tc := range []struct {
		device string
		want   error
	}{
		{"/dev/full", syscall.ENOSPC},
		{"/dev/null", syscall.EINVAL},
	} {
		t.Run(tc.device, func(t *testing.T) {
			f, err := os.OpenFile(tc.device, os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			w := newDirectWriter(f)
			chunk := make([]byte, directBuffer/3)
			var werr error
			for written := 0; written < 2*directSyncEvery && werr == nil; written += len(chunk) {
				_, werr = w.Write(chunk)
			}
			ferr := w.Flush()
			if werr == nil {
				werr = ferr
			}
			if !errors.Is(werr, tc.want) {
				t.Errorf("first error %v, want %v", werr, tc.want)
			}
			done := make(chan error, 1)
			go func() { done <- w.wait() }()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("wait after the failure hangs")
			}
		})
	}
}
