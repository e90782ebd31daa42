package testbed

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// OpenPTY opens a pseudo-terminal and returns its two ends: a program
// given terminal as its terminal reads what is written to controller, and
// what it writes comes out of controller. Both close when the test ends.
func OpenPTY(t testing.TB) (terminal, controller *os.File) {
	t.Helper()
	controller, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatalf("no pseudo-terminals here: %v", err)
	}
	unlock, n := int32(0), uint32(0)
	for _, c := range []struct {
		req uintptr
		arg unsafe.Pointer
	}{{syscall.TIOCSPTLCK, unsafe.Pointer(&unlock)}, {syscall.TIOCGPTN, unsafe.Pointer(&n)}} {
		if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, controller.Fd(), c.req, uintptr(c.arg)); errno != 0 {
			t.Fatalf("ioctl %#x: %v", c.req, errno)
		}
	}
	terminal, err = os.OpenFile("/dev/pts/"+strconv.Itoa(int(n)), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { terminal.Close(); controller.Close() })
	return terminal, controller
}

// OnTerminal makes cmd run in a session of its own whose controlling
// terminal (its /dev/tty) is terminal, with terminal as its standard input,
// output and error.
func OnTerminal(cmd *exec.Cmd, terminal *os.File) {
	cmd.Stdin, cmd.Stdout, cmd.Stderr = terminal, terminal, terminal
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
}

// Expect reads from r until what it read contains want, and returns all
// it read; it fails the test after timeout.
func Expect(t testing.TB, r io.Reader, want string, timeout time.Duration) string {
	t.Helper()
	got := make(chan string, 1)
	go func() {
		var b bytes.Buffer
		buf := make([]byte, 256)
		for !strings.Contains(b.String(), want) {
			n, err := r.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				break
			}
		}
		got <- b.String()
	}()
	select {
	case s := <-got:
		if !strings.Contains(s, want) {
			t.Fatalf("terminal showed %q, never %q", s, want)
		}
		return s
	case <-time.After(timeout):
		t.Fatalf("terminal did not show %q within %v", want, timeout)
		return ""
	}
}
