package conn_test

import (
	"context"
	"encoding/binary"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/testbed"
)

// listen accepts connections on a loopback port and hands each to serve,
// which may say nothing at all.
func listen(t *testing.T, serve func(c net.Conn)) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { c.Close() })
			go serve(c)
		}
	}()
	return l.Addr().String()
}

// greeting is a MySQL protocol 10 handshake, enough for the driver to
// answer it: a server that then falls silent stalls the login.
func greeting() []byte {
	body := []byte{10}
	body = append(body, "8.0.36-fake\x00"...)
	body = append(body, 1, 0, 0, 0)                       // connection id
	body = append(body, "abcdefgh"...)                    // auth data, part 1
	body = append(body, 0)                                // filler
	body = binary.LittleEndian.AppendUint16(body, 0xa20d) // capabilities: protocol 41, secure connection, ...
	body = append(body, 45)                               // charset
	body = append(body, 2, 0)                             // status
	body = binary.LittleEndian.AppendUint16(body, 0x0008) // capabilities, upper: plugin auth
	body = append(body, 21)                               // auth data length
	body = append(body, make([]byte, 10)...)              // reserved
	body = append(body, "ijklmnopqrst\x00"...)            // auth data, part 2
	body = append(body, "mysql_native_password\x00"...)
	header := []byte{byte(len(body)), byte(len(body) >> 8), byte(len(body) >> 16), 0}
	return append(header, body...)
}

// TestConnectTimeouts: a server that never finishes connection setup fails
// fast, with what timed out where, instead of hanging.
func TestConnectTimeouts(t *testing.T) {
	isolate(t)
	silent := listen(t, func(c net.Conn) {})
	stalls := listen(t, func(c net.Conn) { _, _ = c.Write(greeting()) })
	refused := func() string {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		return l.Addr().String()
	}()
	tests := []struct {
		name, addr string
		kind       error
		says       string
	}{
		{"silent listener", silent, conn.ErrConnectTimeout, "no handshake from the server within 1s (is this a MySQL server? raise --connect-timeout)"},
		{"stalled login", stalls, conn.ErrConnectTimeout, "connection setup (TLS, authentication) did not finish within 1s"},
		{"refused", refused, conn.ErrUnreachable, "connection refused (check host and port"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ep, err := conn.Parse("app:Timeout-Pw-1@tcp("+tt.addr+")/shop", conn.Options{Role: "source", ConnectTimeout: time.Second})
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			p, err := conn.Open(context.Background(), ep, 1)
			if p != nil {
				p.Close()
			}
			took := time.Since(start)
			if !errors.Is(err, tt.kind) || !strings.Contains(err.Error(), "connect source app@"+tt.addr+"/shop: "+tt.says) {
				t.Fatalf("err = %v, want %v saying %q", err, tt.kind, tt.says)
			}
			if took > 3*time.Second {
				t.Errorf("took %v to give up; the timeout is 1s", took)
			}
		})
	}
}

// TestConnectTimeoutSparesQueries: the timeout bounds connection setup
// only; a query runs as long as it takes.
func TestConnectTimeoutSparesQueries(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		ep := s.Endpoint(t, "")
		ep.ConnectTimeout = 500 * time.Millisecond
		p, err := conn.Open(context.Background(), ep, 1)
		if err != nil {
			t.Fatal(err)
		}
		defer p.Close()
		var slept int
		if err := p.QueryRow("SELECT SLEEP(1.2)").Scan(&slept); err != nil {
			t.Fatalf("a 1.2s query on a pool with a 0.5s connect timeout: %v", err)
		}
		// A result that streams for longer than the timeout.
		rows, err := p.Query("SELECT SLEEP(0.2) FROM (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) AS four")
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for rows.Next() {
			n++
		}
		if err := rows.Err(); err != nil || n != 4 {
			t.Errorf("streamed %d rows: %v", n, err)
		}
		rows.Close()
	})
}
