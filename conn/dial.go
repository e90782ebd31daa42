package conn

import (
	"bufio"
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"os"
	"sync/atomic"
	"syscall"
	"time"
)

// SetupTimeoutError is a connection whose setup did not finish in time:
// no TCP connection, no handshake from the server, or a handshake, TLS or
// authentication exchange that stalled.
type SetupTimeoutError struct {
	Stage string // "TCP connect", "handshake", "TLS and authentication"
	After time.Duration
}

func (e *SetupTimeoutError) Error() string {
	switch e.Stage {
	case stageConnect:
		return fmt.Sprintf("no TCP connection within %s", e.After)
	case stageHandshake:
		return fmt.Sprintf("no handshake from the server within %s", e.After)
	}
	return fmt.Sprintf("connection setup (TLS, authentication) did not finish within %s", e.After)
}

// Timeout lets errors.As(err, &net.Error) callers see a timeout.
func (e *SetupTimeoutError) Timeout() bool { return true }

const (
	stageConnect   = "TCP connect"
	stageHandshake = "handshake"
	stageSetup     = "TLS and authentication"
)

// setupConnector bounds each new connection's setup by the endpoint's
// connect timeout: the dial, then (through a deadline on the socket) the
// server's greeting, TLS, authentication and the session SETs. Once the
// connection is set up the deadline is cleared, so a query may run and a
// result stream for as long as it takes.
type setupConnector struct {
	driver.Connector
	timeout time.Duration
}

type attemptKey struct{}

// attempt follows one connection's setup.
type attempt struct {
	conn *setupConn
}

func (c *setupConnector) Connect(ctx context.Context) (driver.Conn, error) {
	a := &attempt{}
	dc, err := c.Connector.Connect(context.WithValue(ctx, attemptKey{}, a))
	if a.conn != nil {
		a.conn.settled.Store(true)
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, err
		}
		return nil, a.explain(err, c.timeout)
	}
	if a.conn != nil {
		if err := a.conn.Conn.SetDeadline(time.Time{}); err != nil {
			dc.Close()
			return nil, err
		}
	}
	return dc, nil
}

// explain replaces the driver's "invalid connection", which is all it says
// when a read hits the deadline, by what timed out.
func (a *attempt) explain(err error, timeout time.Duration) error {
	var ne net.Error
	if a.conn == nil {
		if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, context.DeadlineExceeded) {
			return &SetupTimeoutError{Stage: stageConnect, After: timeout}
		}
		return err
	}
	if rerr := a.conn.readErr.Load(); rerr != nil && errors.Is(*rerr, os.ErrDeadlineExceeded) ||
		errors.As(err, &ne) && ne.Timeout() {
		if a.conn.read.Load() == 0 {
			return &SetupTimeoutError{Stage: stageHandshake, After: timeout}
		}
		return &SetupTimeoutError{Stage: stageSetup, After: timeout}
	}
	return err
}

// dial is the driver's DialFunc: a plain dial, the setup deadline set on
// the socket.
func dial(timeout time.Duration) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		var d net.Dialer
		c, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		if err := c.SetDeadline(time.Now().Add(timeout)); err != nil {
			c.Close()
			return nil, err
		}
		sc := newSetupConn(c)
		if a, ok := ctx.Value(attemptKey{}).(*attempt); ok {
			a.conn = sc
		}
		return sc, nil
	}
}

// setupConn counts what the server sent during setup and keeps the first
// read error, which the driver logs and replaces by ErrInvalidConn.
//
// It also reads the socket in large blocks. The driver asks for at most
// 4 KiB at a time, so a result streamed straight from the socket costs a
// read system call (and often a trip through the poller) per 4 KiB: a
// third of an export's client CPU. From the block, the driver's reads are
// copies.
type setupConn struct {
	net.Conn
	in      *bufio.Reader
	settled atomic.Bool
	read    atomic.Int64
	readErr atomic.Pointer[error]
}

// readBlock is how much one read of the socket may take: 32 of the
// driver's reads in one, for this much memory per connection.
const readBlock = 128 << 10

func newSetupConn(c net.Conn) *setupConn {
	sc := &setupConn{Conn: c}
	sc.in = bufio.NewReaderSize(socketReader{sc}, readBlock)
	return sc
}

func (c *setupConn) Read(p []byte) (int, error) { return c.in.Read(p) }

// socketReader is the setupConn's socket as the block reader sees it.
type socketReader struct{ c *setupConn }

func (r socketReader) Read(p []byte) (int, error) {
	c := r.c
	n, err := c.Conn.Read(p)
	if !c.settled.Load() {
		c.read.Add(int64(n))
		if err != nil {
			c.readErr.CompareAndSwap(nil, &err)
		}
	}
	return n, err
}

// SyscallConn keeps the driver's check that an idle connection is still
// alive before it reuses one. Bytes read from the socket that the driver
// has not taken are bytes the server sent unasked, which that check
// treats as a broken connection: so is this.
func (c *setupConn) SyscallConn() (syscall.RawConn, error) {
	if n := c.in.Buffered(); n > 0 {
		return nil, fmt.Errorf("connection has %d unread bytes from the server", n)
	}
	sc, ok := c.Conn.(syscall.Conn)
	if !ok {
		return nil, errors.New("connection has no file descriptor")
	}
	return sc.SyscallConn()
}
