package bench

import (
	"errors"
	"fmt"
	"strings"
)

// ErrWrites means a benchmark query would change the server and writes
// were not allowed.
var ErrWrites = errors.New("query would change the server")

// readOnlyStatements are the statements a benchmark may time without
// --allow-writes (DO evaluates expressions: DO SLEEP(5)). Everything else (DML, DDL, CALL, SET, LOCK, FLUSH, LOAD,
// HANDLER, ANALYZE, which MariaDB uses to run a statement and explain it)
// may change data or the server, or escape the read-only transaction.
var readOnlyStatements = map[string]bool{
	"SELECT": true, "WITH": true, "TABLE": true, "VALUES": true, "SHOW": true,
	"EXPLAIN": true, "DESCRIBE": true, "DESC": true, "CHECKSUM": true, "DO": true,
}

// CheckReadOnly refuses, before anything runs, each query that cannot run
// in a read-only transaction: a statement other than SELECT, WITH, TABLE,
// VALUES, SHOW, EXPLAIN, DESCRIBE, CHECKSUM TABLE or DO; a WITH that ends in
// UPDATE, DELETE or INSERT; EXPLAIN ANALYZE of a data change (it runs
// it); and INTO OUTFILE or DUMPFILE, which write a file on the server.
// The read-only session (SET SESSION TRANSACTION READ ONLY) catches the
// rest when it runs, such as a stored function that writes.
func CheckReadOnly(queries []Query) error {
	var errs []error
	for _, q := range queries {
		if why := writes(q.SQL); why != "" {
			errs = append(errs, fmt.Errorf("query %s %s", q.Name, why))
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return fmt.Errorf("%w: %w; benchmark queries run in read-only transactions: pass --allow-writes to run them anyway, "+
		"on a server whose data may change", ErrWrites, errors.Join(errs...))
}

// writes says how sql would change the server ("starts with DELETE"), or
// "" when it can run read-only.
func writes(sql string) string {
	words := sqlWords(sql)
	if len(words) == 0 {
		return ""
	}
	first := words[0].text
	if !readOnlyStatements[first] {
		return fmt.Sprintf("starts with %s, which is not a read-only statement", first)
	}
	for i, w := range words {
		switch {
		case w.text == "INTO" && i+1 < len(words) && (words[i+1].text == "OUTFILE" || words[i+1].text == "DUMPFILE"):
			return fmt.Sprintf("writes a file on the server (INTO %s)", words[i+1].text)
		case w.depth > 0 || i == 0:
		case !isDataChange(w) || words[i-1].text == "FOR": // SELECT ... FOR UPDATE
		case first == "WITH":
			return fmt.Sprintf("is a WITH ... %s, which changes data", w.text)
		case (first == "EXPLAIN" || first == "DESCRIBE" || first == "DESC") && hasWord(words[:i], "ANALYZE"):
			return fmt.Sprintf("is EXPLAIN ANALYZE of %s, which runs it", w.text)
		}
	}
	return ""
}

// isDataChange reports a word that starts a data change; REPLACE( and
// INSERT( are string functions.
func isDataChange(w sqlWord) bool {
	switch w.text {
	case "INSERT", "REPLACE":
		return !w.call
	case "UPDATE", "DELETE":
		return true
	}
	return false
}

func hasWord(words []sqlWord, w string) bool {
	for _, x := range words {
		if x.text == w {
			return true
		}
	}
	return false
}

// sqlWord is an unquoted word of a statement, upper-cased, with the depth of
// parentheses it sits in and whether a '(' follows it (a function call).
type sqlWord struct {
	text  string
	depth int
	call  bool
}

// sqlWords lists the unquoted words of sql the way the server reads them:
// quoted strings and identifiers and comments are skipped, the contents of
// executable comments (/*! ... */, MariaDB's /*M! ... */) count, less their
// version number.
func sqlWords(sql string) []sqlWord {
	var words []sqlWord
	depth := 0
	for i := 0; i < len(sql); {
		c := sql[i]
		next := byte(0)
		if i+1 < len(sql) {
			next = sql[i+1]
		}
		switch {
		case c == '\'' || c == '"' || c == '`':
			j := endQuote(sql, i)
			if j < 0 {
				return words
			}
			i = j
		case c == '#', c == '-' && next == '-' && (i+2 == len(sql) || sql[i+2] <= ' ' || sql[i+2] == 0x7f):
			j := strings.IndexByte(sql[i:], '\n')
			if j < 0 {
				return words
			}
			i += j + 1
		case c == '/' && next == '*':
			rest := sql[i+2:]
			if strings.HasPrefix(rest, "!") || strings.HasPrefix(rest, "M!") {
				i += 2 + strings.IndexByte(rest, '!') + 1
				for i < len(sql) && sql[i] >= '0' && sql[i] <= '9' {
					i++ // the version the comment's SQL needs
				}
				continue
			}
			j := strings.Index(rest, "*/")
			if j < 0 {
				return words
			}
			i += 2 + j + 2
		case c == '*' && next == '/':
			i += 2 // the end of an executable comment
		case c == '(':
			depth++
			i++
		case c == ')':
			depth = max(depth-1, 0)
			i++
		case isWordByte(c):
			j := i
			for j < len(sql) && isWordByte(sql[j]) {
				j++
			}
			if c < '0' || c > '9' {
				k := j
				for k < len(sql) && isSpace(sql[k]) {
					k++
				}
				words = append(words, sqlWord{text: strings.ToUpper(sql[i:j]), depth: depth, call: k < len(sql) && sql[k] == '('})
			}
			i = j
		default:
			i++
		}
	}
	return words
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$' || c >= 0x80
}
