package conn

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"syscall"

	"github.com/go-sql-driver/mysql"
)

// Server error numbers that a new attempt on a new connection can outlive.
// 2006 and 2013 are client-side codes (CR_SERVER_GONE_ERROR,
// CR_SERVER_LOST); go-sql-driver reports them as ErrInvalidConn or EOF, but
// a proxy in front of the server may send them as server errors.
const (
	erLockWaitTimeout   = 1205
	erLockDeadlock      = 1213
	erSessionWasKilled  = 3169 // MySQL 8.0+: KILL of the session
	erClientInteraction = 4031 // MySQL 8.0.24+: disconnected for inactivity
	crServerGone        = 2006
	crServerLost        = 2013
)

// IsTransient reports whether err is a failure that trying again on a new
// connection can overcome: the server restarted or killed the session
// (1053, 1927, 3169, a lost connection, io.EOF, a refused or reset TCP
// connection), a statement was interrupted by someone else (1317), or it
// lost a lock conflict (deadlock 1213, lock wait timeout 1205).
//
// A cancelled or expired context is never transient: that is parity
// stopping itself (an interrupt, a timeout, a sibling's failure), and
// trying again would ignore the stop. Callers must check their own context
// before they retry a 1317 that their own KILL QUERY caused.
func IsTransient(err error) bool {
	if err == nil {
		return false
	}
	var oe *net.OpError
	dial := errors.As(err, &oe) && oe.Op == "dial"
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) && !dial {
		return false
	}
	if n, ok := ServerErrorNumber(err); ok {
		switch n {
		case erServerShutdown, erConnectionKilled, erQueryInterrupted, erSessionWasKilled, erClientInteraction,
			erLockWaitTimeout, erLockDeadlock, crServerGone, crServerLost:
			return true
		}
		return false
	}
	if dial {
		return true // refused, unreachable, or timed out: the server may be restarting
	}
	switch {
	case errors.Is(err, mysql.ErrInvalidConn), errors.Is(err, driver.ErrBadConn), errors.Is(err, io.EOF),
		errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, mysql.ErrPktSync), errors.Is(err, mysql.ErrPktSyncMul):
		return true
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNABORTED),
		errors.Is(err, syscall.EPIPE), errors.Is(err, syscall.ETIMEDOUT), errors.Is(err, syscall.EHOSTUNREACH),
		errors.Is(err, syscall.ENETUNREACH):
		return true
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return dns.IsTimeout || dns.IsTemporary
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
