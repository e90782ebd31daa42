package querylog

import "strings"

// trimSQL cuts a statement out of the text around it: it starts at the
// first token that is not a -- or # comment (a /* comment before the
// statement stays: applications tag their queries with them) and ends with
// the last token that is neither a comment nor a ';'. It returns "" for
// text of nothing but comments and separators, and the offset of the
// statement in text.
func trimSQL(text string) (string, int) {
	start, end := -1, -1
	for t := range Tokens(text) {
		switch {
		case t.Kind == Comment && end >= 0 && t.Start == end && strings.HasSuffix(text[:end], "--"):
			end = t.End() // cut off from it, a "--" before it would start a comment
		case t.Kind == Semicolon:
		case t.Kind == Comment:
			if start < 0 && t.Text[0] == '/' {
				start = t.Start
			}
		default:
			if start < 0 {
				start = t.Start
			}
			end = t.End()
		}
	}
	if end < 0 {
		return "", 0
	}
	// A quote the text ends in, or a line comment kept after "--", runs
	// over the spaces at the end: they are no part of the statement.
	return strings.TrimRight(text[start:end], asciiSpace), start
}

// piece is one statement of a text that may hold several, with the offset
// of the statement in the text.
type piece struct {
	sql string
	at  int
}

// splitStatements splits text at each ';' outside quotes and comments and
// trims each statement (trimSQL), leaving out the empty ones.
func splitStatements(text string) []piece {
	var pieces []piece
	from := 0
	add := func(to int) {
		if sql, at := trimSQL(text[from:to]); sql != "" {
			pieces = append(pieces, piece{sql, from + at})
		}
	}
	for t := range Tokens(text) {
		if t.Kind == Semicolon {
			add(t.Start)
			from = t.End()
		}
	}
	add(len(text))
	return pieces
}

// compound reports whether a statement may hold statements of its own
// separated by ';' (a stored program's body, MariaDB's BEGIN NOT ATOMIC, IF
// and loops outside one), so that its text must not be split at them.
func compound(sql string) bool {
	var first []string
	for t := range Tokens(sql) {
		if t.Kind == Comment || t.Kind == ExecOpen || t.Kind == ExecClose {
			continue
		}
		first = append(first, strings.ToUpper(t.Text))
		if len(first) == 3 {
			break
		}
	}
	if len(first) == 0 {
		return false
	}
	switch first[0] {
	case "CREATE", "IF", "CASE", "LOOP", "REPEAT", "WHILE", "FOR":
		return true
	case "BEGIN":
		return len(first) > 1 && first[1] == "NOT"
	}
	return len(first) > 1 && first[1] == ":" // label: BEGIN ... END
}

// useSchema reads a USE statement: the database it makes the default, and
// whether sql is one.
func useSchema(sql string) (string, bool) {
	var words []Token
	for t := range Tokens(sql) {
		if t.Kind != Comment && t.Kind != Semicolon {
			words = append(words, t)
		}
	}
	if len(words) != 2 || words[0].Kind != Word || !strings.EqualFold(words[0].Text, "USE") {
		return "", false
	}
	switch db := words[1]; {
	case db.Kind == Word:
		return db.Text, true
	case db.Kind == QuotedIdent && !db.Open:
		return unquoteIdent(db.Text), true
	}
	return "", false
}

// unquoteIdent undoes `...` quoting.
func unquoteIdent(s string) string {
	return strings.ReplaceAll(s[1:len(s)-1], "``", "`")
}
