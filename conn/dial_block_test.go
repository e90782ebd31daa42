package conn

import (
	"bytes"
	"io"
	"net"
	"strings"
	"syscall"
	"testing"
)

// scriptedConn serves a fixed byte stream, as much as each Read asks for,
// and counts the reads: a socket with the whole result already in it.
type scriptedConn struct {
	net.Conn
	r     io.Reader
	reads int
}

func (c *scriptedConn) Read(p []byte) (int, error) {
	c.reads++
	return c.r.Read(p)
}

func TestSetupConnReadsTheSocketInBlocks(t *testing.T) {
	stream := bytes.Repeat([]byte("0123456789abcdef"), 1<<16) // 1 MiB
	for _, tc := range []struct {
		name     string
		ask      int // bytes per Read, as the driver asks
		maxReads int // of the socket
	}{
		{"driver-sized reads", 4096, len(stream)/readBlock + 2},
		{"one byte at a time", 1, len(stream)/readBlock + 2},
		{"reads larger than a block", 1 << 20, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sock := &scriptedConn{r: bytes.NewReader(stream)}
			c := newSetupConn(sock)
			var got bytes.Buffer
			p := make([]byte, tc.ask)
			for {
				n, err := c.Read(p)
				got.Write(p[:n])
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			if !bytes.Equal(got.Bytes(), stream) {
				t.Fatalf("read %d bytes, not the %d sent, or not in order", got.Len(), len(stream))
			}
			if sock.reads > tc.maxReads {
				t.Errorf("%d reads of the socket for %d bytes in %d-byte reads, want at most %d",
					sock.reads, len(stream), tc.ask, tc.maxReads)
			}
			if c.read.Load() != int64(len(stream)) {
				t.Errorf("setup counted %d bytes from the server, want %d", c.read.Load(), len(stream))
			}
		})
	}
}

func TestSetupConnCountsOnlyUntilSettled(t *testing.T) {
	c := newSetupConn(&scriptedConn{r: strings.NewReader("greeting" + strings.Repeat("x", 10000))})
	p := make([]byte, 8)
	if _, err := io.ReadFull(c, p); err != nil {
		t.Fatal(err)
	}
	before := c.read.Load()
	c.settled.Store(true)
	if _, err := io.Copy(io.Discard, c); err != nil {
		t.Fatal(err)
	}
	if c.read.Load() != before {
		t.Errorf("counted %d bytes after setup, want none", c.read.Load()-before)
	}
}

// fdConn is a scriptedConn with a file descriptor, as a TCP socket has.
type fdConn struct{ scriptedConn }

func (c *fdConn) SyscallConn() (syscall.RawConn, error) { return nil, nil }

// The driver checks an idle connection before reusing it by reading its
// socket: bytes already taken from the socket into the block, which the
// driver never asked for, must fail that check as they would have on the
// socket.
func TestSetupConnLivenessCheckSeesUnreadBytes(t *testing.T) {
	c := newSetupConn(&fdConn{scriptedConn{r: strings.NewReader("reply and more")}})
	if _, err := c.SyscallConn(); err != nil {
		t.Fatalf("nothing read yet: %v", err)
	}
	p := make([]byte, len("reply"))
	if _, err := io.ReadFull(c, p); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SyscallConn(); err == nil || !strings.Contains(err.Error(), "9 unread bytes") {
		t.Fatalf("SyscallConn with 9 unread bytes: %v, want an error saying so", err)
	}
	rest := make([]byte, len(" and more"))
	if _, err := io.ReadFull(c, rest); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SyscallConn(); err != nil {
		t.Fatalf("all bytes read: %v", err)
	}
}
