package atomicfile

import (
	"errors"
	"os"
	"sync"
	"unsafe"
)

// Data files bypass the page cache where the file system allows it. An
// export writes hundreds of megabytes once and never reads them back, and
// buffered writes of that much cost the writer a full core of kernel time
// copying into fresh page-cache pages (measured on the 2-core benchmark
// machine: 0.4-1.3 s of system time for a 390 MB Arrow file, against 0.02 s
// with O_DIRECT, the disk itself taking 0.15 s). That core is the one the
// server and the decoders need.
const (
	directAlign  = 4096    // offset, length and memory alignment O_DIRECT asks for
	directBuffer = 4 << 20 // bytes per write: large enough that the disk, not the syscall, sets the pace
)

// directWriter buffers writes into whole aligned blocks for a file opened
// for direct I/O. The tail that is not a whole block is written at Flush
// with direct I/O turned off, so the file has exactly the bytes written and
// needs no truncation. A direct write waits for the disk, so each full
// buffer is written at its offset by a goroutine of its own while the next
// ones fill: the disk's time (0.3 s for a 390 MB file on the benchmark
// machine) then hides behind reading and encoding instead of adding to
// them. The first failed write or sync is returned by the next Write or by
// Flush.
type directWriter struct {
	f    *os.File
	buf  []byte      // directBuffer bytes, aligned to directAlign, being filled
	n    int         // bytes buffered
	off  int64       // file offset of buf
	free chan []byte // buffers whose write is done; taking one waits for a write
	made int         // buffers allocated so far, up to directBuffers

	writes  sync.WaitGroup // writes and syncs in flight
	syncing chan struct{}  // closed when the sync in flight is done
	// unsynced counts bytes handed off since the last sync.
	unsynced int

	mu  sync.Mutex
	err error // the first failure of a write or sync
}

// directSyncEvery is how often the file is synced while the rest is still
// being produced. The final fsync of a 390 MB file took 0.2 s on the
// benchmark machine, all of it waiting for the disk after the last byte;
// synced along the way, that wait overlaps reading and encoding, and the
// final fsync has little left to do.
const directSyncEvery = 64 << 20

// directBuffers is how many buffers a file may fill and have written at
// once. A sync there takes about 45 ms, and a direct write issued during it
// waits for it (strace: 3.5 ms writes become 45 ms), while the encoder
// fills a buffer every 10 to 12 ms. With two buffers, each sync stopped the
// export for most of its length (0.24 s of a 1.3 s CSV export); four keep
// the encoder filling while the disk catches up.
const directBuffers = 4

// errEnded is a write to a directWriter after its Flush.
var errEnded = errors.New("write after the end of the file")

func newDirectWriter(f *os.File) *directWriter {
	return &directWriter{f: f, buf: directBuf(), made: 1, free: make(chan []byte, directBuffers)}
}

func (d *directWriter) Write(p []byte) (int, error) {
	if d.buf == nil {
		return 0, errEnded
	}
	written := 0
	for len(p) > 0 {
		c := copy(d.buf[d.n:], p)
		d.n += c
		p = p[c:]
		if d.n == len(d.buf) {
			if err := d.handOff(); err != nil {
				return written, err
			}
		}
		written += c
	}
	return written, nil
}

// handOff gives the full buffer to a goroutine that writes it at its
// offset, and every directSyncEvery bytes syncs the file after it, and
// takes an empty buffer to fill: a new one while fewer than directBuffers
// exist, else the first whose write is done.
func (d *directWriter) handOff() error {
	if err := d.failure(); err != nil {
		return err
	}
	full, off := d.buf, d.off
	var synced chan struct{}
	if d.unsynced += len(full); d.unsynced >= directSyncEvery {
		if d.syncing != nil {
			<-d.syncing // started 64 MiB ago: long done
		}
		synced = make(chan struct{})
		d.syncing, d.unsynced = synced, 0
	}
	d.writes.Add(1)
	go func() {
		defer d.writes.Done()
		_, err := d.f.WriteAt(full, off)
		d.fail(err)
		d.free <- full
		if synced != nil {
			if err == nil {
				d.fail(d.f.Sync())
			}
			close(synced)
		}
	}()
	d.off += int64(len(full))
	d.n = 0
	if d.made < directBuffers {
		d.buf = directBuf()
		d.made++
		return nil
	}
	d.buf = <-d.free
	return d.failure()
}

func (d *directWriter) fail(err error) {
	if err == nil {
		return
	}
	d.mu.Lock()
	if d.err == nil {
		d.err = err
	}
	d.mu.Unlock()
}

func (d *directWriter) failure() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.err
}

// wait returns once no write and no sync is in flight, with the first
// failure of any.
func (d *directWriter) wait() error {
	d.writes.Wait()
	return d.failure()
}

// Flush writes what is buffered, the whole blocks directly, the rest
// through the page cache, and gives the buffers back: the writer takes no
// more writes.
func (d *directWriter) Flush() error {
	defer d.release()
	if err := d.wait(); err != nil {
		return err
	}
	if d.buf == nil {
		return errEnded
	}
	whole := d.n &^ (directAlign - 1)
	if whole > 0 {
		if _, err := d.f.WriteAt(d.buf[:whole], d.off); err != nil {
			return err
		}
	}
	if whole < d.n {
		if err := setDirect(d.f, false); err != nil {
			return err
		}
		if _, err := d.f.WriteAt(d.buf[whole:d.n], d.off+int64(whole)); err != nil {
			return err
		}
	}
	d.off += int64(d.n)
	d.n = 0
	return nil
}

// release waits for the writes in flight and gives every buffer back to
// the system. It is safe to call more than once.
func (d *directWriter) release() {
	d.writes.Wait()
	if d.buf != nil {
		freeDirectBuf(d.buf)
		d.buf = nil
	}
	for {
		select {
		case b := <-d.free:
			freeDirectBuf(b)
		default:
			return
		}
	}
}

// alignedBuffer is a heap buffer aligned for direct I/O, for where no
// mapping can be had.
func alignedBuffer() []byte {
	raw := make([]byte, directBuffer+directAlign)
	off := 0
	if rem := int(uintptr(unsafe.Pointer(&raw[0])) & (directAlign - 1)); rem != 0 {
		off = directAlign - rem
	}
	return raw[off : off+directBuffer : off+directBuffer]
}
