package conn

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

func TestIsTransient(t *testing.T) {
	my := func(n uint16) error { return &mysql.MySQLError{Number: n, Message: "m"} }
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	_, dialTimeout := (&net.Dialer{}).DialContext(ctx, "tcp", "127.0.0.1:1")
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"server shutdown 1053", my(1053), true},
		{"lock wait timeout 1205", my(1205), true},
		{"deadlock 1213", my(1213), true},
		{"query interrupted 1317", my(1317), true},
		{"mariadb connection killed 1927", my(1927), true},
		{"mysql session killed 3169", my(3169), true},
		{"mysql inactivity disconnect 4031", my(4031), true},
		{"server gone 2006 from a proxy", my(2006), true},
		{"lost connection 2013 from a proxy", my(2013), true},
		{"sort memory 1038 is a result", my(1038), false},
		{"syntax 1064", my(1064), false},
		{"access denied 1045", my(1045), false},
		{"no such table 1146", my(1146), false},
		{"max_execution_time 3024", my(3024), false},
		{"max_statement_time 1969", my(1969), false},
		{"read only transaction 1792", my(1792), false},
		{"wrapped deadlock", fmt.Errorf("extract chunk: %w", my(1213)), true},
		{"classified lost connection", Classify(mysql.ErrInvalidConn, "extract", nil), true},
		{"invalid connection", mysql.ErrInvalidConn, true},
		{"bad connection", driver.ErrBadConn, true},
		{"eof", io.EOF, true},
		{"unexpected eof", io.ErrUnexpectedEOF, true},
		{"packet sync", mysql.ErrPktSync, true},
		{"connection refused while restarting", refused, true},
		{"dial timeout", dialTimeout, true},
		{"connection reset", &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)}, true},
		{"broken pipe", &net.OpError{Op: "write", Net: "tcp", Err: syscall.EPIPE}, true},
		{"dns timeout", &net.DNSError{Err: "timeout", Name: "db", IsTimeout: true}, true},
		{"dns no such host", &net.DNSError{Err: "no such host", Name: "db", IsNotFound: true}, false},
		{"cancelled", context.Canceled, false},
		{"wrapped cancel", fmt.Errorf("read: %w", context.Canceled), false},
		{"deadline", context.DeadlineExceeded, false},
		{"gave up already", &RetryError{Attempts: 4, Err: mysql.ErrInvalidConn}, true},
		{"other", errors.New("decode column c: bad value"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsTransient(tt.err); got != tt.want {
				t.Errorf("IsTransient(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}

func TestRetrySchedule(t *testing.T) {
	s := time.Second
	tests := []struct {
		name    string
		r       Retry
		retries int
		nominal []time.Duration
		window  time.Duration
	}{
		{"default", Retry{}, 3, []time.Duration{2 * s, 6 * s, 18 * s}, 26 * s},
		{"--retries 5", Retries(5), 5, []time.Duration{2 * s, 6 * s, 18 * s, 30 * s, 30 * s}, 86 * s},
		{"--retries 1", Retries(1), 1, []time.Duration{2 * s}, 2 * s},
		{"--retries 0", Retries(0), 0, nil, 0},
		{"none", NoRetry, 0, nil, 0},
		{"short", Retry{Retries: 4, Base: 100 * time.Millisecond, Max: time.Second},
			4, []time.Duration{100 * time.Millisecond, 300 * time.Millisecond, 900 * time.Millisecond, s}, 2300 * time.Millisecond},
		{"max below base", Retry{Retries: 2, Base: 5 * s, Max: s}, 2, []time.Duration{5 * s, 5 * s}, 10 * s},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.r.retries(); got != tt.retries {
				t.Errorf("retries = %d, want %d", got, tt.retries)
			}
			var got []time.Duration
			for n := 1; n <= tt.r.retries(); n++ {
				got = append(got, tt.r.Nominal(n))
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.nominal) {
				t.Errorf("nominal waits = %v, want %v", got, tt.nominal)
			}
			if w := tt.r.Window(); w != tt.window {
				t.Errorf("window = %v, want %v", w, tt.window)
			}
		})
	}
}

func TestRetryJitter(t *testing.T) {
	r := Retry{}
	tests := []struct {
		n    int
		u    float64
		want time.Duration
	}{
		{1, 0, 1600 * time.Millisecond},
		{1, 0.5, 2 * time.Second},
		{1, 0.999999, 2400 * time.Millisecond},
		{3, 0, 14400 * time.Millisecond},
		{3, 0.999999, 21600 * time.Millisecond},
	}
	for _, tt := range tests {
		got := r.wait(tt.n, tt.u)
		if d := got - tt.want; d < -time.Millisecond || d > time.Millisecond {
			t.Errorf("wait(%d, %v) = %v, want %v", tt.n, tt.u, got, tt.want)
		}
	}
	// The shortest default window still covers a 20 s restart.
	var least time.Duration
	for n := 1; n <= r.retries(); n++ {
		least += r.wait(n, 0)
	}
	if least < 20*time.Second {
		t.Errorf("shortest default window %v, want at least 20s", least)
	}
}

func TestRetryDo(t *testing.T) {
	fast := Retry{Retries: 3, Base: time.Millisecond, Max: 5 * time.Millisecond}
	lost := mysql.ErrInvalidConn
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	tests := []struct {
		name     string
		r        Retry
		errs     []error // returned by successive attempts; then nil
		want     error   // errors.Is target; nil: success
		attempts int
		gaveUp   bool
	}{
		{"first try", fast, nil, nil, 1, false},
		{"recovers after a lost connection", fast, []error{lost, refused}, nil, 3, false},
		{"permanent error at once", fast, []error{&mysql.MySQLError{Number: 1146}}, &mysql.MySQLError{Number: 1146}, 1, false},
		{"permanent error after a retry", fast, []error{lost, &mysql.MySQLError{Number: 1146}}, &mysql.MySQLError{Number: 1146}, 2, false},
		{"gives up", fast, []error{lost, refused, refused, refused, refused}, refused, 4, true},
		{"no retries", NoRetry, []error{lost}, lost, 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var events []RetryEvent
			r := tt.r
			r.Notify = func(e RetryEvent) { events = append(events, e) }
			calls := 0
			err := r.Do(context.Background(), func(_ context.Context, attempt int) error {
				if attempt != calls {
					t.Errorf("attempt %d on call %d", attempt, calls)
				}
				calls++
				if attempt < len(tt.errs) {
					return tt.errs[attempt]
				}
				return nil
			})
			if calls != tt.attempts {
				t.Errorf("%d attempts, want %d", calls, tt.attempts)
			}
			if len(events) != calls-1 && !tt.gaveUp && tt.want == nil {
				t.Errorf("%d retry events for %d attempts", len(events), calls)
			}
			switch {
			case tt.want == nil && err != nil:
				t.Fatalf("err = %v, want success", err)
			case tt.want != nil && !errors.Is(err, tt.want) && err.Error() != tt.want.Error():
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			var re *RetryError
			if got := errors.As(err, &re); got != tt.gaveUp {
				t.Fatalf("RetryError = %v, want %v (err %v)", got, tt.gaveUp, err)
			}
			if tt.gaveUp {
				msg := err.Error()
				if !strings.Contains(msg, "gave up after 4 attempts") || !strings.Contains(msg, "first attempt: invalid connection") {
					t.Errorf("message %q should say how many attempts and what failed first", msg)
				}
				if !IsTransient(err) || !errors.Is(Classify(err, "extract", nil), ErrUnreachable) {
					t.Errorf("a given-up error keeps its cause: transient %v, kind %v", IsTransient(err), Classify(err, "extract", nil))
				}
			}
		})
	}
}

func TestRetryDoStopsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	r := Retry{Retries: 5, Base: time.Hour}
	r.Notify = func(RetryEvent) { cancel() }
	start := time.Now()
	err := r.Do(ctx, func(context.Context, int) error { return mysql.ErrInvalidConn })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("Do waited %v after its context ended", time.Since(start))
	}

	// The error of an attempt that ran while the context ended is the
	// context's: the attempt failed because parity stopped it.
	ctx, cancel = context.WithCancel(context.Background())
	calls := 0
	err = Retry{Base: time.Millisecond}.Do(ctx, func(context.Context, int) error {
		calls++
		cancel()
		return &mysql.MySQLError{Number: 1317, Message: "Query execution was interrupted"}
	})
	if !errors.Is(err, context.Canceled) || calls != 1 {
		t.Errorf("err = %v after %d calls; an interrupt caused by our own cancellation is not retried", err, calls)
	}
}

func TestRetryNotifying(t *testing.T) {
	const pw = "Notice-Secret-41"
	RegisterSecret(pw)
	var notices []string
	r := Retry{Retries: 2, Base: time.Millisecond}.Notifying("plan chunks of shop.orders", func(n string) { notices = append(notices, n) })
	calls := 0
	err := r.Do(context.Background(), func(context.Context, int) error {
		if calls++; calls == 1 {
			return fmt.Errorf("dial app:%s@db: %w", pw, mysql.ErrInvalidConn)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "plan chunks of shop.orders failed (attempt 1 of 3): dial app:***@db: invalid connection; retrying in 0s on a new connection"
	if len(notices) != 1 || notices[0] != want {
		t.Errorf("notices %q, want [%q]", notices, want)
	}
}
