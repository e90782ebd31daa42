package conn

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"

	"golang.org/x/term"
)

// TerminalPath is the controlling terminal, where password prompts go
// whatever standard input and output are redirected to.
const TerminalPath = "/dev/tty"

// TerminalPrompt returns a function that asks for a password on the
// terminal at path and reads it without echo, as the mysql client's -p
// does. Echo goes off before the prompt shows, so a password typed or
// pasted at once is never echoed; the terminal is put back as it was
// afterwards, also when ctx ends (Ctrl-C) while it waits.
func TerminalPrompt(ctx context.Context, path string) func(prompt string) (string, error) {
	return func(prompt string) (string, error) {
		tty, err := os.OpenFile(path, os.O_RDWR, 0)
		if err != nil {
			return "", fmt.Errorf("no terminal to ask on (%w): give the password through the environment or an option file", err)
		}
		defer tty.Close()
		fd := int(tty.Fd())
		if !term.IsTerminal(fd) {
			return "", fmt.Errorf("%s is not a terminal", path)
		}
		state, err := term.GetState(fd)
		if err != nil {
			return "", fmt.Errorf("terminal: %w", err)
		}
		defer term.Restore(fd, state)
		if err := noEcho(fd); err != nil {
			return "", fmt.Errorf("terminal: %w", err)
		}
		if _, err := fmt.Fprint(tty, prompt); err != nil {
			return "", fmt.Errorf("terminal: %w", err)
		}
		type answer struct {
			line []byte
			err  error
		}
		done := make(chan answer, 1)
		go func() {
			line, err := readLine(tty)
			done <- answer{line, err}
		}()
		select {
		case a := <-done:
			fmt.Fprintln(tty)
			if a.err != nil {
				return "", fmt.Errorf("terminal: %w", a.err)
			}
			return string(a.line), nil
		case <-ctx.Done():
			_ = term.Restore(fd, state)
			fmt.Fprintln(tty)
			return "", errors.Join(errors.New("password prompt interrupted"), ctx.Err())
		}
	}
}

// readLine reads up to a newline, which it drops.
func readLine(f *os.File) ([]byte, error) {
	var line []byte
	buf := make([]byte, 1)
	for {
		n, err := f.Read(buf)
		if n > 0 {
			if buf[0] == '\n' {
				return bytes.TrimSuffix(line, []byte("\r")), nil
			}
			line = append(line, buf[0])
		}
		if err != nil {
			if len(line) > 0 {
				return line, nil
			}
			return nil, err
		}
	}
}
