package querylog

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// Statement is one statement found in a log: what replay runs, and where to
// point a person who asks where it came from.
type Statement struct {
	SQL      string        // the statement text, without the trailing ';' and trailing comments
	Schema   string        // default database when it ran, "" when unknown
	Origin   string        // where it was found, for messages: "slow.log:1234" or "digest 3f2a..."
	Duration time.Duration // logged execution time of one execution (slow log Query_time, digest average); 0 if unknown
	Count    int64         // executions it stands for: 1 for a log entry, COUNT_STAR for a digest
	Skipped  string        // non-empty when the reader knows the text cannot run as found: the reason (a digest sample cut short)
}

// Format names a kind of input, so a flag can choose one and Detect can
// guess one.
type Format string

// The formats Read understands.
const (
	SlowLog       Format = "slow"       // the slow query log (log_output=FILE)
	GeneralLog    Format = "general"    // the general query log (log_output=FILE)
	StatementFile Format = "statements" // statements separated by ';', as a person or mysqldump writes them
)

// DetectSize is how much of the start of a log Detect wants to see.
const DetectSize = 64 << 10

// Read reads all statements of r, in the order they appear, from a log in
// format f; an empty f detects the format from the first DetectSize bytes.
// name is how messages and Origins call the input ("slow.log"). It holds
// every statement in memory; Scan reads a large log one statement at a time.
func Read(r io.Reader, name string, f Format) ([]Statement, error) {
	var stmts []Statement
	err := Scan(r, name, f, func(s Statement) error {
		stmts = append(stmts, s)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return stmts, nil
}

// Scan calls fn with each statement of r, in order, and stops at the first
// error fn returns, which it returns: a log of many gigabytes then need not
// fit in memory (Classifier groups as it goes). f and name are as for Read.
func Scan(r io.Reader, name string, f Format, fn func(Statement) error) error {
	if f == "" {
		br := bufio.NewReaderSize(r, DetectSize)
		head, err := br.Peek(DetectSize)
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
			return fmt.Errorf("read %s: %w", name, err)
		}
		f, r = Detect(head), br
	}
	switch f {
	case SlowLog:
		return scanSlowLog(r, name, fn)
	case GeneralLog:
		return scanGeneralLog(r, name, fn)
	case StatementFile:
		return scanStatements(r, name, fn)
	}
	return fmt.Errorf("read %s: unknown log format %q (want %s, %s or %s)", name, f, SlowLog, GeneralLog, StatementFile)
}

// Detect guesses the format of a log from its first bytes (DetectSize is
// enough): a slow log has "# Time:", "# User@Host:" or "# Query_time:"
// lines, a general log has lines of a time, a connection id and a command,
// and anything else is taken for a file of statements. A log with nothing
// but the header both logs start with ("Time  Id Command Argument") is
// called a general log; it holds no statements either way.
func Detect(head []byte) Format {
	header := false
	for rest := string(head); rest != ""; {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		line = strings.TrimSuffix(line, "\r")
		switch {
		case strings.HasPrefix(line, "# Time: "), strings.HasPrefix(line, "# User@Host: "), strings.HasPrefix(line, "# Query_time: "):
			return SlowLog
		case generalEntry.MatchString(line):
			return GeneralLog
		case serverHeader(line):
			header = true
		}
	}
	if header {
		return GeneralLog
	}
	return StatementFile
}
