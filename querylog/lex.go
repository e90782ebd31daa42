package querylog

import (
	"iter"
	"strings"
)

// TokenKind is what a token of SQL text is. Whitespace is no token.
type TokenKind uint8

// The kinds of token Tokens yields.
const (
	Word        TokenKind = iota + 1 // a keyword or an unquoted identifier: SELECT, orders, _utf8mb4, x (of x'1F')
	Number                           // starts with a digit, or with '.' and a digit: 42, 1.5e-3, 0x1F, .5, also 12abc, an identifier MySQL allows
	String                           // '...' or "...", quotes included
	QuotedIdent                      // `...`, backticks included
	Comment                          // -- ..., # ... (to the end of the line), /* ... */, including /*+ optimizer hints */
	ExecOpen                         // /*! or MariaDB's /*M! and the version digits: the comment's contents are SQL
	ExecClose                        // the */ that closes an executable comment
	Semicolon                        // ';', which separates statements
	Punct                            // an operator or punctuation: ( ) , . = <= <=> != -> ->> ...
)

// Token is one token of SQL text, as the server's lexer splits it.
type Token struct {
	Kind  TokenKind
	Text  string // as written: quotes, comment markers and all
	Start int    // byte offset of the token in the text
	Open  bool   // a quote or /* comment that the text ends inside: Text runs to the end
}

// End is the offset just past the token.
func (t Token) End() int { return t.Start + len(t.Text) }

// Tokens splits SQL text the way MySQL's lexer does, so that a ';' or a
// keyword inside '...', "..." and `...` quotes or inside -- , # and /* */
// comments counts for nothing. Backslash escapes a character in '...' and
// "..." only; every quote also escapes itself by doubling. "--" starts a
// comment only before a space or control character. The contents of an
// executable comment, /*! ... */ or /*M! ... */, are tokens in their own right,
// between an ExecOpen and an ExecClose token; a /*! inside one yields a second
// ExecOpen, and the first */ closes both. It is the one lexer of the project:
// the readers split statements with it, Writes and Fingerprint read it, and
// bench checks its queries files with it.
//
//	SELECT a.b, 'it''s' -- note
//	→ Word "SELECT", Word "a", Punct ".", Word "b", Punct ",", String "'it''s'", Comment "-- note"
func Tokens(sql string) iter.Seq[Token] {
	return func(yield func(Token) bool) {
		executable := false
		var prev Token // the last token but comments
		emit := func(kind TokenKind, from, to int, open bool) bool {
			if kind != Comment {
				prev = Token{Kind: kind, Text: sql[from:to], Start: from}
			}
			return yield(Token{Kind: kind, Text: sql[from:to], Start: from, Open: open})
		}
		for i := 0; i < len(sql); {
			c := sql[i]
			next := byte(0)
			if i+1 < len(sql) {
				next = sql[i+1]
			}
			var kind TokenKind
			j, open := i+1, false
			switch {
			case isSpace(c):
				i++
				continue
			case c == ';':
				kind = Semicolon
			case c == '\'' || c == '"' || c == '`':
				kind = String
				if c == '`' {
					kind = QuotedIdent
				}
				if j = endQuote(sql, i); j < 0 {
					j, open = len(sql), true
				}
			case c == '#', c == '-' && next == '-' && (i+2 == len(sql) || sql[i+2] <= ' ' || sql[i+2] == 0x7f):
				kind = Comment
				if k := strings.IndexByte(sql[i:], '\n'); k >= 0 {
					j = i + k // the newline is whitespace
				} else {
					j = len(sql)
				}
			case c == '/' && next == '*':
				rest := sql[i+2:]
				if strings.HasPrefix(rest, "!") || strings.HasPrefix(rest, "M!") {
					kind, executable = ExecOpen, true
					j = i + 3 + strings.IndexByte(rest, '!')
					for j < len(sql) && sql[j] >= '0' && sql[j] <= '9' {
						j++ // the version the comment's SQL needs
					}
					break
				}
				kind = Comment
				if k := strings.Index(rest, "*/"); k >= 0 {
					j = i + 2 + k + 2
				} else {
					j, open = len(sql), true
				}
			case c == '*' && next == '/' && executable:
				kind, executable, j = ExecClose, false, i+2
			case c >= '0' && c <= '9', c == '.' && next >= '0' && next <= '9' && !qualifies(prev, i):
				kind, j = Number, endNumber(sql, i)
			case isWordByte(c):
				kind = Word
				for j < len(sql) && isWordByte(sql[j]) {
					j++
				}
			default:
				kind, j = Punct, i+punctLen(sql[i:])
			}
			if !emit(kind, i, j, open) {
				return
			}
			i = j
		}
	}
}

// qualifies reports whether a '.' at offset i, right after the token prev,
// qualifies a name (t.1a, `t`.5) rather than starting a number (.5): it does
// when it touches a name (12abc is one) or a ')' before it.
func qualifies(prev Token, i int) bool {
	return prev.End() == i && (prev.Kind == Word || prev.Kind == QuotedIdent || prev.Kind == Punct && prev.Text == ")" ||
		prev.Kind == Number && !numeric(prev.Text))
}

// endNumber returns the offset just past the number at sql[i]: the run of
// word bytes (digits, letters of 0x1F, 1e5 or an identifier like 12abc), a
// fraction of digits after a '.', and the signed exponent of 1.5e-3. A '.'
// with no digit after it is a token of its own, so that t.1.x reads alike
// with spaces around its dots or without.
func endNumber(sql string, i int) int {
	run := func(j int) int {
		for j < len(sql) && isWordByte(sql[j]) {
			j++
		}
		return j
	}
	j := i
	if sql[j] != '.' {
		j = run(j)
		if !allDigits(sql[i:j]) || j+1 >= len(sql) || sql[j] != '.' || sql[j+1] < '0' || sql[j+1] > '9' {
			return exponent(sql, i, j, run)
		}
	}
	return exponent(sql, i, run(j+1), run) // the '.' and the digits after it
}

// exponent extends the number sql[i:j] over the sign and digits of an
// exponent when it ends in "e": 1e-3, 1.5E+10.
func exponent(sql string, i, j int, run func(int) int) int {
	if j-i >= 2 && (sql[j-1] == 'e' || sql[j-1] == 'E') && j+1 < len(sql) &&
		(sql[j] == '+' || sql[j] == '-') && sql[j+1] >= '0' && sql[j+1] <= '9' {
		return run(j + 1)
	}
	return j
}

func allDigits(s string) bool {
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// operators are the punctuation tokens longer than one byte, longest first.
var operators = []string{"<=>", "->>", "<=", ">=", "<>", "!=", ":=", "||", "&&", "<<", ">>", "->"}

// punctLen is the length of the operator or punctuation at the start of s.
func punctLen(s string) int {
	for _, op := range operators {
		if strings.HasPrefix(s, op) {
			return len(op)
		}
	}
	return 1
}

// endQuote returns the offset just past the quote that closes the one at
// text[start], or -1 if none does.
func endQuote(text string, start int) int {
	q := text[start]
	for i := start + 1; i < len(text); i++ {
		switch text[i] {
		case '\\':
			if q != '`' {
				i++
			}
		case q:
			if i+1 < len(text) && text[i+1] == q {
				i++
				continue
			}
			return i + 1
		}
	}
	return -1
}

const asciiSpace = " \t\n\r\v\f"

func isSpace(c byte) bool { return strings.IndexByte(asciiSpace, c) >= 0 }

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$' || c >= 0x80
}
