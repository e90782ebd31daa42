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
	words := Words(sql)
	if len(words) == 0 {
		return ""
	}
	first := words[0].Text
	if !readOnlyStatements[first] {
		return fmt.Sprintf("starts with %s, which is not a read-only statement", first)
	}
	for i, w := range words {
		switch {
		case w.Text == "INTO" && i+1 < len(words) && (words[i+1].Text == "OUTFILE" || words[i+1].Text == "DUMPFILE"):
			return fmt.Sprintf("writes a file on the server (INTO %s)", words[i+1].Text)
		case w.Depth > 0 || i == 0:
		case !isDataChange(w) || words[i-1].Text == "FOR": // SELECT ... FOR UPDATE
		case first == "WITH":
			return fmt.Sprintf("is a WITH ... %s, which changes data", w.Text)
		case (first == "EXPLAIN" || first == "DESCRIBE" || first == "DESC") && hasWord(words[:i], "ANALYZE"):
			return fmt.Sprintf("is EXPLAIN ANALYZE of %s, which runs it", w.Text)
		}
	}
	return ""
}

// isDataChange reports a word that starts a data change; REPLACE( and
// INSERT( are string functions.
func isDataChange(w SQLWord) bool {
	switch w.Text {
	case "INSERT", "REPLACE":
		return !w.Call
	case "UPDATE", "DELETE":
		return true
	}
	return false
}

func hasWord(words []SQLWord, w string) bool {
	for _, x := range words {
		if x.Text == w {
			return true
		}
	}
	return false
}

// SQLWord is an unquoted word of a statement, upper-cased, with the depth
// of parentheses it sits in and what follows or precedes it: a '(' makes it
// a function call, "()" a call without arguments (NOW()), "@@" a system
// variable (@@hostname).
type SQLWord struct {
	Text   string
	Depth  int
	Call   bool
	Bare   bool
	System bool
}

// Words lists the unquoted words of sql the way the server reads them:
// quoted strings and identifiers and comments are skipped, the contents of
// executable comments (/*! ... */, MariaDB's /*M! ... */) count, less their
// version number. It stops at a quote or comment that does not end.
func Words(sql string) []SQLWord {
	var words []SQLWord
	depth, ats := 0, 0
	pending := -1 // the word that a '(' next would make a call
	called := -1  // the call whose '(' came last: a ')' next makes it bare
	for t := range Tokens(sql) {
		if t.Open {
			break
		}
		paren := t.Kind == Punct && (t.Text == "(" || t.Text == ")")
		open := paren && t.Text == "("
		if called >= 0 {
			words[called].Bare = paren && !open
			called = -1
		}
		if pending >= 0 {
			if open {
				words[pending].Call, called = true, pending
			}
			pending = -1
		}
		switch {
		case t.Kind == Word:
			words = append(words, SQLWord{Text: strings.ToUpper(t.Text), Depth: depth, System: ats >= 2})
			pending = len(words) - 1
		case open:
			depth++
		case paren:
			depth = max(depth-1, 0)
		}
		if t.Kind == Punct && t.Text == "@" {
			ats++
		} else {
			ats = 0
		}
	}
	return words
}
