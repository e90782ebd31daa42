package conn

import (
	"context"
	"crypto/tls"
	"crypto/x509"
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
	// ErrConnectTimeout is a connection whose setup (TCP connect, the
	// server's handshake, TLS, authentication) did not finish in time.
	ErrConnectTimeout = errors.New("connection setup timed out")
	// ErrTLS is a TLS connection that could not be made: the server offers
	// no TLS where it is required, or its certificate did not verify.
	ErrTLS = errors.New("TLS failed")
	// ErrTooManyConnections is a pool the server has no room for.
	ErrTooManyConnections = errors.New("not enough free connections")
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
	number, fromServer := ServerErrorNumber(err)
	var ne net.Error
	var st *SetupTimeoutError
	switch {
	case errors.As(err, &st):
		e.Kind, e.Hint = ErrConnectTimeout, setupTimeoutHint(st)
	case errors.Is(err, mysql.ErrNoTLS):
		e.Kind, e.Hint = ErrTLS, fmt.Sprintf("ssl-mode=%s requires TLS; enable TLS on the server, or use ssl-mode=PREFERRED", sslModeOf(ep))
	case isCertificateError(err):
		e.Kind, e.Hint = ErrTLS, certificateHint(err, ep)
	case fromServer:
		switch number {
		case erAccessDenied:
			e.Kind, e.Hint = ErrAuth, authHint(ep, role)
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
		e.Kind, e.Hint, e.Err = ErrUnreachable, unreachableHint, dialError{oe}
		var re *RetryError
		if errors.As(err, &re) {
			// Keep the attempts: "gave up after 4 attempts in 26s: connection refused".
			shown := *re
			shown.Err = dialError{oe}
			var first *net.OpError
			if errors.As(shown.First, &first) && first.Op == "dial" {
				shown.First = dialError{first}
			}
			e.Err = &shown
		}
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

// dialError shows a failed dial without repeating the address the message
// already names: "connection refused", not "dial tcp 10.0.0.5:3306:
// connect: connection refused".
type dialError struct{ op *net.OpError }

func (d dialError) Error() string {
	if d.op.Err == nil {
		return d.op.Error()
	}
	return strings.TrimPrefix(d.op.Err.Error(), "connect: ")
}

func (d dialError) Unwrap() error { return d.op }

const unreachableHint = "check host and port, and that the server is running and reachable"

func setupTimeoutHint(st *SetupTimeoutError) string {
	switch st.Stage {
	case stageConnect:
		return "check host, port and the firewall or security group between here and the server; raise --connect-timeout"
	case stageHandshake:
		return "is this a MySQL server? raise --connect-timeout"
	}
	return "a TLS or authentication exchange stalled; raise --connect-timeout"
}

// authHint says where the refused password came from, and that an account
// requiring TLS is refused the same way when TLS is off.
func authHint(ep *Endpoint, role string) string {
	order := fmt.Sprintf("the first of: the DSN, --ask-pass, %s, the option files, MYSQL_PWD", passwordEnv(ep, role))
	hint := "check the user and the password (" + order + ")"
	if ep != nil && ep.PasswordFrom != "" {
		hint = fmt.Sprintf("check the user and the password, which came from %s (%s)", ep.PasswordFrom, order)
	} else if ep != nil {
		hint = fmt.Sprintf("no password was given: put it in %s, an option file or the DSN, or use --ask-pass", passwordEnv(ep, role))
	}
	if ep != nil && ep.SSLMode == SSLDisabled {
		hint += "; an account created with REQUIRE SSL is refused like this without TLS, and ssl-mode=" + sslModeOf(ep) + " is in force"
	}
	return hint
}

func sslModeOf(ep *Endpoint) string {
	if ep == nil {
		return "REQUIRED"
	}
	return ep.SSLMode.String()
}

func isCertificateError(err error) bool {
	var cv *tls.CertificateVerificationError
	var ua x509.UnknownAuthorityError
	var hn x509.HostnameError
	var ci x509.CertificateInvalidError
	return errors.As(err, &cv) || errors.As(err, &ua) || errors.As(err, &hn) || errors.As(err, &ci)
}

// certificateHint explains a certificate that did not verify.
func certificateHint(err error, ep *Endpoint) string {
	mode := sslModeOf(ep)
	var hn x509.HostnameError
	if errors.As(err, &hn) {
		return fmt.Sprintf("ssl-mode=%s: the server's certificate does not name the host connected to; connect by a name "+
			"the certificate holds, or use ssl-mode=VERIFY_CA to verify the CA only", mode)
	}
	ca := "ssl-ca"
	if ep != nil && ep.caFrom != "" {
		ca = ep.caFrom
	}
	return fmt.Sprintf("ssl-mode=%s: the server's certificate did not verify against %s; is that the CA that signed it? "+
		"ssl-mode=REQUIRED encrypts without verifying", mode, ca)
}

// passwordEnv names the variable the password of ep may come from in
// messages: the one ep was parsed with, else the one its role would have.
func passwordEnv(ep *Endpoint, role string) string {
	switch {
	case ep != nil && ep.passwordEnv != "":
		return ep.passwordEnv
	case role == "":
		return "the password variable"
	}
	return PasswordEnv(role)
}
