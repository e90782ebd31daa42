package conn

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/go-sql-driver/mysql"
)

// Kinds of failure a person can act on. Match them with errors.Is.
var (
	ErrUnreachable     = errors.New("server unreachable")
	ErrAuth            = errors.New("access denied")
	ErrUnknownDatabase = errors.New("unknown database")
	ErrPrivilege       = errors.New("missing privilege")
	ErrNoSuchTable     = errors.New("no such table")
	ErrServerGone      = errors.New("server went away")
	ErrTimeout         = errors.New("query timed out")
)

// Error is a failure talking to one endpoint, classified.
type Error struct {
	Kind     error  // one of the Err* kinds above, or nil
	Op       string // what parity was doing: "connect", "extract chunk 3 of db.t"
	Endpoint string // redacted
	Err      error
	Hint     string // what to try
}

func (e *Error) Error() string {
	reason := "failed"
	if e.Err != nil {
		reason = e.Err.Error()
	} else if e.Kind != nil {
		reason = e.Kind.Error()
	}
	msg := fmt.Sprintf("%s %s: %s", e.Op, e.Endpoint, reason)
	if e.Hint != "" {
		msg += " (" + e.Hint + ")"
	}
	return Redact(msg)
}

func (e *Error) Unwrap() error { return e.Err }

func (e *Error) Is(target error) bool { return e.Kind != nil && target == e.Kind }

// MySQL server error numbers parity reacts to.
const (
	erDBAccessDenied     = 1044
	erAccessDenied       = 1045
	erBadDB              = 1049
	erServerShutdown     = 1053
	erTableAccessDenied  = 1142
	erColumnAccessDenied = 1143
	erNoSuchTable        = 1146
	erQueryInterrupted   = 1317
	erSpecificAccess     = 1227
	erQueryTimeout       = 3024 // MySQL max_execution_time
	erStatementTimeout   = 1969 // MariaDB max_statement_time
	erConnectionKilled   = 1927 // MariaDB
)

// Classify wraps err with its kind and a hint, naming what was being done
// (op) and where (ep). Context cancellation passes through untouched so the
// caller can tell an interrupt from a failure. A dial that times out is
// ErrUnreachable even though it also matches context.DeadlineExceeded (the
// net package's timeout error does), which errors.Is still reports.
func Classify(err error, op string, ep *Endpoint) error {
	if err == nil {
		return nil
	}
	var oe *net.OpError
	dial := errors.As(err, &oe) && oe.Op == "dial"
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) && !dial {
		return err
	}
	var already *Error
	if errors.As(err, &already) {
		return err
	}
	role := ""
	e := &Error{Op: op, Err: err}
	if ep != nil && ep.Config != nil {
		e.Endpoint, role = ep.String(), ep.Role
	}
	var me *mysql.MySQLError
	var ne net.Error
	switch {
	case errors.As(err, &me):
		switch me.Number {
		case erAccessDenied:
			e.Kind, e.Hint = ErrAuth, fmt.Sprintf("check the user and the password in the DSN, %s or --defaults-file", passwordEnv(role))
		case erDBAccessDenied, erTableAccessDenied, erColumnAccessDenied, erSpecificAccess:
			e.Kind, e.Hint = ErrPrivilege, "grant the user SELECT on the tables parity reads"
		case erBadDB:
			e.Kind, e.Hint = ErrUnknownDatabase, "check the database name in the DSN"
		case erNoSuchTable:
			e.Kind, e.Hint = ErrNoSuchTable, "was the table dropped or renamed during the run?"
		case erServerShutdown, erConnectionKilled, erQueryInterrupted:
			e.Kind = ErrServerGone
		case erQueryTimeout, erStatementTimeout:
			e.Kind = ErrTimeout
		}
	case dial:
		e.Kind, e.Hint = ErrUnreachable, unreachableHint
	case errors.Is(err, mysql.ErrInvalidConn), errors.Is(err, driver.ErrBadConn), errors.Is(err, io.EOF),
		errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		e.Kind, e.Hint = ErrServerGone, "the server closed the connection: restarted, killed the session, or a network fault"
	case errors.As(err, &ne):
		if ne.Timeout() {
			e.Kind, e.Hint = ErrUnreachable, unreachableHint
		} else {
			e.Kind = ErrServerGone
		}
	}
	return e
}

const unreachableHint = "check host and port, and that the server is running and reachable"

func passwordEnv(role string) string {
	switch role {
	case "source":
		return "PARITY_SOURCE_PASSWORD"
	case "target":
		return "PARITY_TARGET_PASSWORD"
	case "":
		return "the password variable"
	}
	return "PARITY_" + strings.ToUpper(role) + "_PASSWORD" // bench targets: --dsn LABEL=DSN

}
