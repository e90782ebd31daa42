package bench

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/parity-db/parity/querylog"
)

// Query is a named custom query.
type Query struct{ Name, SQL string }

// ParseQueryFlag reads a --query flag, NAME=SQL, as in
// --query 'recent=SELECT * FROM shop.orders WHERE created_at > NOW() - INTERVAL 1 DAY'.
// The name is everything before the first '=' and the SQL gets the same
// clean-up as a block of a queries file.
func ParseQueryFlag(s string) (Query, error) {
	name, text, ok := strings.Cut(s, "=")
	if !ok {
		return Query{}, fmt.Errorf("--query %s: no '=' (want NAME='SQL')", s)
	}
	name = strings.TrimSpace(name)
	if err := checkQueryName(name); err != nil {
		return Query{}, fmt.Errorf("--query %s: %w", s, err)
	}
	sql, err := cleanSQL(text)
	if err != nil {
		return Query{}, fmt.Errorf("--query %s: %s", name, err.msg)
	}
	return Query{Name: name, SQL: sql}, nil
}

// nameLine matches the line that starts a block of a queries file.
var nameLine = regexp.MustCompile(`^--[ \t]*(?i:name)[ \t]*:(.*)$`)

// ParseQueries reads a queries file, given with --queries. Each query is a
// block that starts with a "-- name: NAME" line and runs to the next such
// line or the end of the file:
//
//	-- Queries the app runs against shop after the upgrade.
//
//	-- name: recent-orders
//	-- The dashboard's main query.
//	SELECT o.*, c.email
//	FROM orders AS o JOIN customers AS c ON c.id = o.customer_id
//	WHERE o.created_at > NOW() - INTERVAL 1 DAY
//	ORDER BY o.created_at DESC;
//
//	-- name: top-products
//	SELECT product_id, SUM(qty) FROM order_lines GROUP BY product_id;
//
// A block keeps its lines as written, less the blank and comment lines
// before the SQL and everything after its last token (a closing ';',
// comments, blank lines). Before the first name line only comments and blank
// lines may appear. Each block must hold exactly one statement, because
// each is timed alone, and names must be unique. The name line wins over
// SQL quoting, so a multi-line string or comment cannot hold a line that
// looks like one. Errors name source and the line: "queries.sql:12: ...".
func ParseQueries(r io.Reader, source string) ([]Query, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", source, err)
	}
	lines := strings.Split(string(data), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, "\r")
	}

	var queries []Query
	defined := make(map[string]int) // name → line
	// block checks lines[from:to], whose name line is lines[from-1] (or
	// which is the preamble when name is empty).
	block := func(name string, from, to int) error {
		text := strings.Join(lines[from:to], "\n")
		line := func(off int) int { return from + 1 + strings.Count(text[:off], "\n") }
		if name == "" {
			sh, err := scanSQL(text)
			if err != nil {
				return fmt.Errorf("%s:%d: %s", source, line(err.at), err.msg)
			}
			if off := sh.first; off >= 0 || sh.semi >= 0 {
				if off < 0 || sh.semi >= 0 && sh.semi < off {
					off = sh.semi
				}
				return fmt.Errorf("%s:%d: SQL before the first '-- name:' line (start each query with '-- name: NAME')", source, line(off))
			}
			return nil
		}
		sql, err := cleanSQL(text)
		if err != nil {
			if err.at < 0 {
				return fmt.Errorf("%s:%d: query %s: %s", source, from, name, err.msg)
			}
			return fmt.Errorf("%s:%d: query %s: %s", source, line(err.at), name, err.msg)
		}
		queries = append(queries, Query{Name: name, SQL: sql})
		return nil
	}

	name, start := "", 0
	for i, l := range lines {
		m := nameLine.FindStringSubmatch(strings.Trim(l, asciiSpace))
		if m == nil {
			continue
		}
		if err := block(name, start, i); err != nil {
			return nil, err
		}
		name, start = strings.Trim(m[1], asciiSpace), i+1
		if err := checkQueryName(name); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", source, i+1, err)
		}
		if prev, dup := defined[name]; dup {
			return nil, fmt.Errorf("%s:%d: query %s already defined on line %d (names must be unique)", source, i+1, name, prev)
		}
		defined[name] = i + 1
	}
	if err := block(name, start, len(lines)); err != nil {
		return nil, err
	}
	if len(queries) == 0 {
		return nil, fmt.Errorf("%s: no queries (start each with a '-- name: NAME' line)", source)
	}
	return queries, nil
}

// checkQueryName accepts the names reports and flags can show unquoted.
func checkQueryName(name string) error {
	if name == "" {
		return errors.New("empty query name (want letters, digits, '_', '.', ':' or '-')")
	}
	for _, c := range []byte(name) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("_.:-", c) >= 0) {
			return fmt.Errorf("invalid query name %q (want letters, digits, '_', '.', ':' or '-')", name)
		}
	}
	return nil
}

// cleanSQL turns a query's text into the one statement to time: it drops
// the blank and comment lines before it and everything after its last
// token, so "-- top 10\nSELECT 1;  -- done\n" becomes "SELECT 1". An error's
// offset is into text, or -1 when the error is about all of it.
func cleanSQL(text string) (string, *sqlError) {
	skipped := 0
	for rest := text; rest != ""; {
		line, next, _ := strings.Cut(rest, "\n")
		if !isBlankOrComment(line) {
			break
		}
		skipped += len(line) + 1
		rest = next
	}
	text = text[min(skipped, len(text)):]
	sh, err := scanSQL(text)
	if err != nil {
		err.at += skipped
		return "", err
	}
	if sh.extra >= 0 {
		msg := fmt.Sprintf("more than one statement: %q follows ';' (write one statement per query; each is timed alone)", snippet(text[sh.extra:]))
		return "", &sqlError{skipped + sh.extra, msg}
	}
	if sh.first < 0 {
		return "", &sqlError{-1, "no SQL (want one statement)"}
	}
	sql := strings.TrimLeft(text[:sh.end], asciiSpace)
	if strings.HasSuffix(sql, "--") {
		// Cut off from what followed them, the dashes would turn into a comment.
		return "", &sqlError{skipped + sh.end - 2, `statement ends with "--" (a comment starts at "-- " with a space)`}
	}
	return sql, nil
}

// snippet shortens SQL for an error message.
func snippet(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 30 {
		s = s[:30] + "..."
	}
	return s
}

const asciiSpace = " \t\n\r\v\f"

// isBlankOrComment reports whether a whole line is blank, a # comment or a
// -- comment (MySQL wants a space or control character after the dashes).
func isBlankOrComment(line string) bool {
	line = strings.Trim(line, asciiSpace)
	return line == "" || line[0] == '#' || strings.HasPrefix(line, "--") && (len(line) == 2 || line[2] <= ' ' || line[2] == 0x7f)
}

// sqlShape is where the interesting parts of SQL text lie, as byte offsets.
type sqlShape struct {
	first, end int // first byte of the first token and just past the last one before the ';'; first is -1 with no tokens
	semi       int // the first ';' outside quotes and comments, or -1
	extra      int // the first token after semi, or -1
}

// sqlError is a problem at a byte offset of SQL text, which the caller
// turns into a line number or drops.
type sqlError struct {
	at  int
	msg string
}

// scanSQL finds the tokens and statement separators in text with
// querylog.Tokens, the server's rules: ';' inside quotes or comments
// separates nothing, and the contents of an executable comment, /*! ... */
// or MariaDB's /*M! ... */, are SQL. It stops at the first token after a
// separator.
func scanSQL(text string) (sqlShape, *sqlError) {
	sh := sqlShape{first: -1, semi: -1, extra: -1}
	token := func(from, to int) bool {
		if sh.semi >= 0 {
			sh.extra = from
			return false
		}
		if sh.first < 0 {
			sh.first = from
		}
		sh.end = to
		return true
	}
	executable := -1 // start of the open /*! comment
	for t := range querylog.Tokens(text) {
		switch {
		case t.Kind == querylog.Semicolon:
			if sh.semi >= 0 {
				sh.extra = t.Start
				return sh, nil
			}
			sh.semi = t.Start
		case t.Open && t.Kind == querylog.Comment:
			return sh, &sqlError{t.Start, "unterminated /* comment"}
		case t.Open:
			return sh, &sqlError{t.Start, fmt.Sprintf("unterminated %c quote", t.Text[0])}
		case t.Kind == querylog.Comment:
		case t.Kind == querylog.ExecOpen:
			if executable >= 0 {
				return sh, &sqlError{t.Start, "executable comment inside another"}
			}
			executable = t.Start
			if !token(t.Start, t.End()) {
				return sh, nil
			}
		default:
			if t.Kind == querylog.ExecClose {
				executable = -1
			}
			if !token(t.Start, t.End()) {
				return sh, nil
			}
		}
	}
	if executable >= 0 {
		return sh, &sqlError{executable, "unterminated /*! comment"}
	}
	return sh, nil
}
