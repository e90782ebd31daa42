package querylog

import (
	"fmt"
	"io"
	"regexp"
	"strings"
)

// nameLine matches the line that starts a query of a bench queries file.
var nameLine = regexp.MustCompile(`^--[ \t]*(?i:name)[ \t]*:(.*)$`)

// ReadStatements reads a file of statements separated by ';', with the
// lexical rules of the server (Tokens): a ';' in quotes or comments
// separates nothing. Each statement loses the -- and # comment lines before
// it and the comments after it; a USE statement sets the Schema of the
// statements that follow it, and its own. A "-- name: NAME" line ends a
// statement too, as in bench's queries files, which it reads. A quote or
// comment that does not end is an error naming its line, since it would
// swallow the rest of the file.
func ReadStatements(r io.Reader, name string) ([]Statement, error) {
	return Read(r, name, StatementFile)
}

// scanStatements reads for ReadStatements.
func scanStatements(r io.Reader, name string, fn func(Statement) error) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	text := string(data)
	schema := ""
	block := func(from, to, line int) error { // text[from:to] starts on line
		part := text[from:to]
		lines, counted := line, 0
		lineOf := func(off int) int { // offsets only grow
			lines += strings.Count(part[counted:off], "\n")
			counted = off
			return lines
		}
		executable := -1
		for t := range Tokens(part) {
			switch {
			case t.Open && t.Kind == Comment:
				return fmt.Errorf("%s:%d: unterminated /* comment", name, lineOf(t.Start))
			case t.Open:
				return fmt.Errorf("%s:%d: unterminated %c quote", name, lineOf(t.Start), t.Text[0])
			case t.Kind == ExecOpen:
				executable = t.Start
			case t.Kind == ExecClose:
				executable = -1
			}
		}
		if executable >= 0 {
			return fmt.Errorf("%s:%d: unterminated /*! comment", name, lineOf(executable))
		}
		for _, p := range splitStatements(part) {
			if db, ok := useSchema(p.sql); ok {
				schema = db
			}
			if err := fn(Statement{SQL: p.sql, Schema: schema, Origin: fmt.Sprintf("%s:%d", name, lineOf(p.at)), Count: 1}); err != nil {
				return err
			}
		}
		return nil
	}
	from, line := 0, 1
	for off, n := 0, 1; off < len(text); n++ {
		end := strings.IndexByte(text[off:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += off
		}
		if nameLine.MatchString(strings.Trim(text[off:end], asciiSpace)) {
			if err := block(from, off, line); err != nil {
				return err
			}
			from, line = end, n
		}
		off = end + 1
	}
	return block(from, len(text), line)
}
