package conn_test

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/parity-db/parity/conn"
)

var kinds = []error{
	conn.ErrUnreachable, conn.ErrAuth, conn.ErrUnknownDatabase, conn.ErrPrivilege,
	conn.ErrNoSuchTable, conn.ErrServerGone, conn.ErrTimeout,
}

// dialTimeout returns the error a dial gives when its deadline passes: a
// *net.OpError that also matches context.DeadlineExceeded.
func dialTimeout(t *testing.T) error {
	t.Helper()
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	c, err := (&net.Dialer{}).DialContext(ctx, "tcp", "127.0.0.1:1")
	if err == nil {
		c.Close()
		t.Fatal("dial with an expired deadline succeeded")
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("dial timeout %v does not match context.DeadlineExceeded; the test needs another way to build one", err)
	}
	return err
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

func TestClassify(t *testing.T) {
	const pw = "Classify-Secret-77"
	ep, err := conn.Parse("app:"+pw+"@tcp(db.example.com:3306)/shop", conn.Options{Role: "source"})
	if err != nil {
		t.Fatal(err)
	}
	my := func(n uint16, msg string) error { return &mysql.MySQLError{Number: n, Message: msg} }
	tests := []struct {
		name string
		err  error
		kind error // nil: no kind
		hint string
	}{
		{"access denied", my(1045, "Access denied for user 'app'@'10.0.0.9' (using password: YES)"), conn.ErrAuth, "the password, which came from the DSN (the first of: the DSN, --ask-pass, PARITY_SOURCE_PASSWORD"},
		{"db access denied", my(1044, "Access denied for user 'app'@'%' to database 'shop'"), conn.ErrPrivilege, "grant"},
		{"unknown database", my(1049, "Unknown database 'shop'"), conn.ErrUnknownDatabase, "database name"},
		{"table access denied", my(1142, "SELECT command denied to user 'app'@'%' for table `shop`.`t`"), conn.ErrPrivilege, "grant"},
		{"column access denied", my(1143, "SELECT command denied to user 'app'@'%' for column 'c' in table 't'"), conn.ErrPrivilege, "grant"},
		{"specific access denied", my(1227, "Access denied; you need (at least one of) the PROCESS privilege(s)"), conn.ErrPrivilege, "grant"},
		{"no such table", my(1146, "Table 'shop.t' doesn't exist"), conn.ErrNoSuchTable, "dropped or renamed"},
		{"server shutdown", my(1053, "Server shutdown in progress"), conn.ErrServerGone, ""},
		{"query interrupted", my(1317, "Query execution was interrupted"), conn.ErrServerGone, ""},
		{"mariadb connection killed", my(1927, "Connection was killed"), conn.ErrServerGone, ""},
		{"mysql max_execution_time", my(3024, "Query execution was interrupted, maximum statement execution time exceeded"), conn.ErrTimeout, ""},
		{"mariadb max_statement_time", my(1969, "Query execution was interrupted (max_statement_time exceeded)"), conn.ErrTimeout, ""},
		{"other server error", my(1064, "You have an error in your SQL syntax"), nil, ""},
		{"wrapped server error", fmt.Errorf("read chunk: %w", my(1045, "Access denied")), conn.ErrAuth, ""},
		{"invalid connection", mysql.ErrInvalidConn, conn.ErrServerGone, "closed the connection"},
		{"bad connection", driver.ErrBadConn, conn.ErrServerGone, "closed the connection"},
		{"eof", io.EOF, conn.ErrServerGone, "closed the connection"},
		{"unexpected eof", io.ErrUnexpectedEOF, conn.ErrServerGone, "closed the connection"},
		{"connection reset", &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}, conn.ErrServerGone, "closed the connection"},
		{"broken pipe", &net.OpError{Op: "write", Net: "tcp", Err: syscall.EPIPE}, conn.ErrServerGone, "closed the connection"},
		{"dial refused", &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}, conn.ErrUnreachable, "check host and port"},
		{"dial reset", &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNRESET}, conn.ErrUnreachable, "check host and port"},
		{"dial timeout", dialTimeout(t), conn.ErrUnreachable, "check host and port"},
		{"read timeout", &net.OpError{Op: "read", Net: "tcp", Err: timeoutErr{}}, conn.ErrUnreachable, ""},
		{"other net error", &net.OpError{Op: "read", Net: "tcp", Err: errors.New("no route")}, conn.ErrServerGone, ""},
		{"unknown", errors.New("something else"), nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := conn.Classify(tt.err, "extract chunk 3 of shop.t", ep)
			var ce *conn.Error
			if !errors.As(got, &ce) {
				t.Fatalf("Classify returned %T %v, want *conn.Error", got, got)
			}
			for _, k := range kinds {
				if want := k == tt.kind; errors.Is(got, k) != want {
					t.Errorf("errors.Is(%v, %v) = %v, want %v", got, k, !want, want)
				}
			}
			if !errors.Is(got, tt.err) {
				t.Errorf("the cause %v is no longer reachable with errors.Is", tt.err)
			}
			msg := got.Error()
			cause := tt.err.Error()
			var oe *net.OpError
			if errors.As(tt.err, &oe) && oe.Op == "dial" {
				cause = oe.Err.Error() // the address is named once, as the endpoint
			}
			for _, want := range []string{"extract chunk 3 of shop.t", "app@db.example.com:3306/shop", cause, tt.hint} {
				if !strings.Contains(msg, want) {
					t.Errorf("message %q lacks %q", msg, want)
				}
			}
			if strings.Contains(msg, pw) {
				t.Errorf("message shows the password: %s", msg)
			}
		})
	}
}

func TestClassifyPassesThrough(t *testing.T) {
	ep, err := conn.Parse("app:Classify-Secret-78@tcp(h:3306)/shop", conn.Options{Role: "source"})
	if err != nil {
		t.Fatal(err)
	}
	if got := conn.Classify(nil, "connect", ep); got != nil {
		t.Errorf("Classify(nil) = %v", got)
	}
	for _, e := range []error{
		context.Canceled,
		context.DeadlineExceeded,
		fmt.Errorf("read chunk: %w", context.Canceled),
		&net.OpError{Op: "dial", Net: "tcp", Err: fmt.Errorf("operation was canceled: %w", context.Canceled)},
	} {
		if got := conn.Classify(e, "connect", ep); got != e {
			t.Errorf("Classify(%v) = %v, want it unchanged", e, got)
		}
	}
	// Classifying twice keeps the first classification.
	once := conn.Classify(&mysql.MySQLError{Number: 1045, Message: "Access denied"}, "connect source", ep)
	if twice := conn.Classify(fmt.Errorf("retry: %w", once), "read", ep); !errors.Is(twice, conn.ErrAuth) || strings.Count(twice.Error(), "h:3306") != 1 {
		t.Errorf("Classify of a classified error = %q", twice)
	}
}

func TestClassifyHidesPassword(t *testing.T) {
	const pw = "Echoed-Secret-79"
	conn.RegisterSecret(pw)
	ep, err := conn.Parse("app@tcp(h:3306)/shop", conn.Options{Role: "target", Files: conn.OptionFiles{NoDefaults: true}})
	if err != nil {
		t.Fatal(err)
	}
	// Whatever text the cause carries, the message hides registered passwords.
	cause := &mysql.MySQLError{Number: 1045, Message: "Access denied (password " + pw + ")"}
	got := conn.Classify(cause, "connect target with "+pw, ep)
	if strings.Contains(got.Error(), pw) {
		t.Errorf("message shows the password: %s", got)
	}
	if !strings.Contains(got.Error(), "no password was given: put it in PARITY_TARGET_PASSWORD") {
		t.Errorf("message %q does not point at the target's password variable", got)
	}
}

func TestClassifyWithoutEndpoint(t *testing.T) {
	got := conn.Classify(io.EOF, "connect", nil)
	if !errors.Is(got, conn.ErrServerGone) {
		t.Errorf("Classify(io.EOF, nil endpoint) = %v", got)
	}
	if e := (&conn.Error{Op: "connect", Kind: conn.ErrAuth}); e.Error() == "" {
		t.Error("Error with no cause has an empty message")
	}
}

// TestClassifyKeepsAttempts: a dial that failed through every retry still
// says how many attempts were made, and names the address once.
func TestClassifyKeepsAttempts(t *testing.T) {
	ep, err := conn.Parse("app:Classify-Secret-79@tcp(db.example.com:3306)/shop", conn.Options{Role: "source"})
	if err != nil {
		t.Fatal(err)
	}
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: fmt.Errorf("connect: %w", syscall.ECONNREFUSED)}
	retried := &conn.RetryError{Attempts: 4, Elapsed: 26 * time.Second, Err: refused, First: &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("i/o timeout")}}
	got := conn.Classify(fmt.Errorf("plan chunks: %w", retried), "plan chunks of shop.t", ep)
	if !errors.Is(got, conn.ErrUnreachable) || !errors.Is(got, syscall.ECONNREFUSED) {
		t.Errorf("Classify = %v: want ErrUnreachable with the refusal reachable", got)
	}
	var re *conn.RetryError
	if !errors.As(got, &re) || re.Attempts != 4 {
		t.Errorf("Classify = %v: the RetryError is lost", got)
	}
	msg := got.Error()
	for _, want := range []string{"plan chunks of shop.t", "app@db.example.com:3306/shop", "gave up after 4 attempts in 26s: connection refused", "(first attempt: i/o timeout)"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	if strings.Count(msg, "db.example.com") != 1 {
		t.Errorf("message %q names the address more than once", msg)
	}
}

// TestClassifyNamesThePasswordVariable: the hint names the variable the
// endpoint was parsed with, else the one of its role, as bench spells a
// label's.
func TestClassifyNamesThePasswordVariable(t *testing.T) {
	denied := &mysql.MySQLError{Number: 1045, Message: "Access denied"}
	for _, tt := range []struct {
		role, env, want string
	}{
		{"ram-2m", "", "PARITY_RAM_2M_PASSWORD"},
		{"server", "PARITY_SOURCE_PASSWORD", "PARITY_SOURCE_PASSWORD"},
	} {
		ep, err := conn.Parse("app@tcp(h:3306)/shop", conn.Options{Role: tt.role, PasswordEnv: tt.env, Files: conn.OptionFiles{NoDefaults: true}})
		if err != nil {
			t.Fatal(err)
		}
		if got := conn.Classify(denied, "connect", ep).Error(); !strings.Contains(got, "put it in "+tt.want+",") {
			t.Errorf("role %q, variable %q: %s; want it to name %s", tt.role, tt.env, got, tt.want)
		}
	}
}
