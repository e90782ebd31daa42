package conn_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/testbed"
)

// echoOn reports whether the terminal echoes what is typed.
func echoOn(t *testing.T, f *os.File) bool {
	t.Helper()
	var tio syscall.Termios
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), syscall.TCGETS, uintptr(unsafe.Pointer(&tio))); errno != 0 {
		t.Fatal(errno)
	}
	return tio.Lflag&syscall.ECHO != 0
}

// TestTerminalPrompt reads a password on a real pseudo-terminal: the
// prompt shows, what is typed does not, and echo is back on afterwards,
// also when the prompt is interrupted.
func TestTerminalPrompt(t *testing.T) {
	terminal, controller := testbed.OpenPTY(t)
	if !echoOn(t, terminal) {
		t.Fatal("a new terminal does not echo")
	}
	type answer struct {
		pw  string
		err error
	}
	ask := func(ctx context.Context) chan answer {
		done := make(chan answer, 1)
		go func() {
			pw, err := conn.TerminalPrompt(ctx, terminal.Name())("Enter password for source app@db:3306/shop: ")
			done <- answer{pw, err}
		}()
		return done
	}

	done := ask(context.Background())
	testbed.Expect(t, controller, "Enter password for source app@db:3306/shop: ", 10*time.Second)
	if _, err := controller.WriteString("Typed-Secret-1\n"); err != nil {
		t.Fatal(err)
	}
	a := <-done
	if a.err != nil || a.pw != "Typed-Secret-1" {
		t.Fatalf("prompt returned %q, %v", a.pw, a.err)
	}
	shown := testbed.Expect(t, controller, "\n", 5*time.Second)
	if strings.Contains(shown, "Typed-Secret") {
		t.Errorf("the terminal echoed the password: %q", shown)
	}
	if !echoOn(t, terminal) {
		t.Error("echo is still off after the prompt")
	}

	ctx, cancel := context.WithCancel(context.Background())
	done = ask(ctx)
	testbed.Expect(t, controller, "Enter password", 10*time.Second)
	deadline := time.Now().Add(5 * time.Second)
	for echoOn(t, terminal) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond) // until the prompt has turned echo off
	}
	cancel()
	a = <-done
	if !errors.Is(a.err, context.Canceled) {
		t.Errorf("interrupted prompt: %v, want context.Canceled", a.err)
	}
	if !echoOn(t, terminal) {
		t.Error("echo is still off after an interrupted prompt")
	}

	for path, want := range map[string]string{
		"/nonexistent/tty":            "no terminal to ask on",
		writeFile(t, "not-a-tty", ""): "is not a terminal",
	} {
		if _, err := conn.TerminalPrompt(context.Background(), path)("pw: "); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("prompt on %s: %v, want %q", path, err, want)
		}
	}
}
