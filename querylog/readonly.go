package querylog

import (
	"fmt"
	"strings"
)

// readOnlyStatements are the statements that may run in a read-only
// transaction (DO evaluates expressions: DO SLEEP(5)). Everything else (DML,
// DDL, CALL, SET, USE, BEGIN, COMMIT, LOCK, FLUSH, LOAD, HANDLER, ANALYZE,
// which MariaDB uses to run a statement and explain it) may change data or
// the server, or escape the read-only transaction.
var readOnlyStatements = map[string]bool{
	"SELECT": true, "WITH": true, "TABLE": true, "VALUES": true, "SHOW": true,
	"EXPLAIN": true, "DESCRIBE": true, "DESC": true, "CHECKSUM": true, "DO": true,
}

// Writes says why sql cannot run in a read-only transaction ("starts with
// DELETE, which is not a read-only statement"), or "" when it can: it is the
// one read-only check of the project, so that what replay runs and what
// bench times are judged alike. It refuses a statement other than SELECT,
// WITH, TABLE, VALUES, SHOW, EXPLAIN, DESCRIBE, CHECKSUM TABLE or DO; a WITH
// that ends in UPDATE, DELETE or INSERT; EXPLAIN ANALYZE of a data change
// (it runs it); and INTO OUTFILE or DUMPFILE, which write a file on the
// server. Words in quotes and comments do not count; those in executable
// comments (/*! ... */) do. A read-only session catches the rest when the
// statement runs, such as a stored function that writes.
func Writes(sql string) string {
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
// version number. It stops at a quote or comment that does not end.
func sqlWords(sql string) []sqlWord {
	var words []sqlWord
	depth := 0
	pending := -1 // the word that a '(' next would make a call
	for t := range Tokens(sql) {
		if t.Open {
			break
		}
		if pending >= 0 {
			words[pending].call = t.Kind == Punct && t.Text == "("
			pending = -1
		}
		switch {
		case t.Kind == Word:
			words = append(words, sqlWord{text: strings.ToUpper(t.Text), depth: depth})
			pending = len(words) - 1
		case t.Kind == Punct && t.Text == "(":
			depth++
		case t.Kind == Punct && t.Text == ")":
			depth = max(depth-1, 0)
		}
	}
	return words
}
