package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"unicode/utf8"
	"unsafe"
)

// openTerminal opens a pseudo-terminal cols wide and returns its two ends:
// what parity writes to the terminal end comes out of the other.
func openTerminal(t *testing.T, cols int) (terminal, other *os.File) {
	t.Helper()
	other, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	ioctl := func(f *os.File, req uintptr, arg unsafe.Pointer) {
		if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), req, uintptr(arg)); errno != 0 {
			t.Fatalf("ioctl %#x: %v", req, errno)
		}
	}
	unlock, n := int32(0), uint32(0)
	ioctl(other, syscall.TIOCSPTLCK, unsafe.Pointer(&unlock))
	ioctl(other, syscall.TIOCGPTN, unsafe.Pointer(&n))
	terminal, err = os.OpenFile("/dev/pts/"+strconv.Itoa(int(n)), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	size := struct{ rows, cols, x, y uint16 }{40, uint16(cols), 0, 0}
	ioctl(terminal, syscall.TIOCSWINSZ, unsafe.Pointer(&size))
	t.Cleanup(func() { terminal.Close(); other.Close() })
	return terminal, other
}

// runOnTerminal runs parity with its standard output on a terminal cols
// wide and returns what the terminal showed.
func runOnTerminal(t *testing.T, cols int, args ...string) string {
	t.Helper()
	terminal, other := openTerminal(t, cols)
	shown := make(chan string)
	go func() {
		var b bytes.Buffer
		io.Copy(&b, other) // ends with EIO once the terminal end is closed
		shown <- b.String()
	}()
	var stderr bytes.Buffer
	if code := run(context.Background(), args, terminal, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	terminal.Close()
	return strings.ReplaceAll(<-shown, "\r\n", "\n")
}

// tableWidth is the widest line of the tables in s.
func tableWidth(s string) int {
	widest := 0
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(line, "│") || strings.HasPrefix(line, "┌") || strings.HasPrefix(line, "└") {
			widest = max(widest, utf8.RuneCountInString(line))
		}
	}
	return widest
}

// TestReportTerminalWidth: on a terminal the text tables fit its width, or
// $COLUMNS; written to a file or a pipe they keep their natural width.
func TestReportTerminalWidth(t *testing.T) {
	args := []string{"report", testdataDoc("verify"), "--color", "never"}
	t.Setenv("COLUMNS", "")
	_, natural, _ := runParity(t, args...)
	if tableWidth(natural) <= 110 {
		t.Fatalf("the verify table is %d wide at its natural width; the test needs it wider than 110", tableWidth(natural))
	}
	// 110 columns leave room for every word: only the HOW column wraps.
	out := runOnTerminal(t, 110, args...)
	if w := tableWidth(out); w == 0 || w > 110 {
		t.Errorf("on a 110-column terminal the table is %d wide:\n%s", w, out)
	}
	for _, want := range []string{"shop.customers", "MISSING", "different", "multisets"} {
		if !strings.Contains(out, want) {
			t.Errorf("the fitted table lacks %q:\n%s", want, out)
		}
	}

	t.Setenv("COLUMNS", "72")
	if w := tableWidth(runOnTerminal(t, 110, args...)); w == 0 || w > 72 {
		t.Errorf("with COLUMNS=72 the table is %d wide", w)
	}
	if _, piped, _ := runParity(t, args...); piped != natural {
		t.Errorf("COLUMNS changed output that goes to no terminal:\n%s", piped)
	}
	file := t.TempDir() + "/verify.txt"
	runOnTerminal(t, 110, append(args, "-o", file)...)
	if data, err := os.ReadFile(file); err != nil || tableWidth(string(data)) != tableWidth(natural) {
		t.Errorf("-o FILE from a terminal: %v, table %d wide, want %d", err, tableWidth(string(data)), tableWidth(natural))
	}
}
