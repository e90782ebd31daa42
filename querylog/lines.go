package querylog

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// lines reads a log line by line, of any length, counting lines from 1.
type lines struct {
	r    *bufio.Reader
	n    int
	name string
}

func newLines(r io.Reader, name string) *lines {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(r, 64<<10)
	}
	return &lines{r: br, name: name}
}

// next returns the next line without its "\n" or "\r\n"; ok is false at the
// end of the input, with err set if reading failed.
func (l *lines) next() (line string, ok bool, err error) {
	line, err = l.r.ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", false, fmt.Errorf("read %s: %w", l.name, err)
	}
	if line == "" && err != nil {
		return "", false, nil
	}
	l.n++
	line = strings.TrimSuffix(line, "\n")
	return strings.TrimSuffix(line, "\r"), true, nil
}

// origin names line n of the input.
func (l *lines) origin(n int) string { return fmt.Sprintf("%s:%d", l.name, n) }

// The three lines mysqld and mariadbd write when they open a slow or general
// log file, at its start and again after a restart or FLUSH LOGS:
//
//	/usr/sbin/mysqld, Version: 9.7.4-2 ((Debian)). started with:
//	Tcp port: 23307  Unix socket: /run/mysqld/parity.sock
//	Time                 Id Command    Argument
var (
	startedWith = regexp.MustCompile(`, Version: .*started with:$`)
	portLine    = regexp.MustCompile(`^(?i:tcp port): \d+`)
	columnsLine = regexp.MustCompile(`^Time\s+Id\s+Command\s+Argument$`)
)

// serverHeader reports a line of the header a server writes when it opens a
// log file.
func serverHeader(line string) bool {
	return startedWith.MatchString(line) || portLine.MatchString(line) || columnsLine.MatchString(line)
}
