package querylog

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// fpKind is what a token of a fingerprint is.
type fpKind uint8

const (
	fpWord    fpKind = iota + 1 // a keyword or an identifier, backticks dropped
	fpQuoted                    // an identifier that needs its backticks
	fpLiteral                   // '?'
	fpPunct
)

// fpToken is a token of a fingerprint.
type fpToken struct {
	kind fpKind
	text string
	orig string // a word as written, which it keeps when it is part of a qualified name
	call bool   // a word written against the '(' that follows it: a function or an identifier, not a keyword
}

// Fingerprint abstracts a statement into the shape that all its executions
// with other values share, so that a log of millions of statements reads
// as a few hundred classes. Like pt-query-digest's fingerprints, literals
// become '?' (numbers, strings, hex and bit values, with their
// introducers and signs: -1, x'1F', _utf8mb4'a', N'b'), and so do
// placeholders; NULL, TRUE and FALSE stay, lower-cased. An IN list whose
// items are alike is written with one (IN (?, ?, ?) → in (?)), and a VALUES
// list with its first row (VALUES (?, ?), (?, ?) → values(?, ?)).
// Comments go, optimizer hints (/*+ ... */) too; the contents of executable
// comments stay, their markers go. Keywords and built-in functions are
// lower-cased, identifiers keep their case and lose backticks they do not
// need, and the tokens are joined by single spaces, none inside
// parentheses, before a comma, around a '.' or between a function and its
// '('; a trailing ';' goes:
//
//	SELECT /*+ BKA(o) */ o.ID, `name` FROM shop.Orders o WHERE o.id IN (1, 2, 3) AND note = 'it''s' LIMIT 10
//	→ select o.ID, name from shop.Orders o where o.id in (?) and note = ? limit ?
//
// Fingerprint(Fingerprint(s)) is Fingerprint(s).
func Fingerprint(sql string) string {
	toks := fingerprintTokens(sql)
	for len(toks) > 0 && toks[0].kind == fpPunct && toks[0].text == ";" {
		toks = toks[1:]
	}
	for len(toks) > 0 && toks[len(toks)-1].kind == fpPunct && toks[len(toks)-1].text == ";" {
		toks = toks[:len(toks)-1]
	}
	toks = collapseLists(toks)
	for i, t := range toks {
		if !isPunct(toks, i-1, ".") && !isPunct(toks, i+1, ".") {
			continue
		}
		// Part of a qualified name, shop.Status, a word is a name, whatever
		// the keyword list says, and `Status` needs no backticks.
		switch {
		case t.kind == fpWord:
			toks[i].text = t.orig
		case t.kind == fpQuoted && len(t.text) >= 2 && t.text[len(t.text)-1] == '`' && plainName(t.text[1:len(t.text)-1]):
			toks[i] = fpToken{kind: fpWord, text: t.text[1 : len(t.text)-1], call: true}
		}
	}
	var b strings.Builder
	for i, t := range toks {
		if i > 0 && spaced(toks[i-1], t) {
			b.WriteByte(' ')
		}
		b.WriteString(t.text)
	}
	return b.String()
}

// ID is the name of a fingerprint in reports and file names: 16 hex digits
// of its SHA-256, the same in every run and on every machine.
func ID(fingerprint string) string {
	sum := sha256.Sum256([]byte(fingerprint))
	return hex.EncodeToString(sum[:8])
}

// fingerprintTokens turns the tokens of sql into those of its fingerprint,
// lists not yet collapsed.
func fingerprintTokens(sql string) []fpToken {
	var out []fpToken
	var prev Token // the last token but comments and executable-comment markers
	literal := func() {
		// A sign before a literal is part of it where no operand precedes it: = -1, (-1, SELECT -1.
		for n := len(out); n > 0 && out[n-1].kind == fpPunct && (out[n-1].text == "-" || out[n-1].text == "+") && unaryBefore(out[:n-1]); n-- {
			out = out[:n-1]
		}
		out = append(out, fpToken{kind: fpLiteral, text: "?"})
	}
	for t := range Tokens(sql) {
		switch t.Kind {
		case Comment, ExecOpen, ExecClose:
			continue
		case Semicolon:
			out = append(out, fpToken{kind: fpPunct, text: ";"})
		case String:
			if n := len(out); n > 0 && out[n-1].kind == fpWord && prev.Kind == Word && introducer(prev, t) {
				out = out[:n-1]
			}
			literal()
		case Number:
			// A name after a qualifier (t.5), a literal after any other
			// '.', else a literal unless it is an identifier (12abc).
			dot := isPunct(out, len(out)-1, ".")
			if dot && len(out) >= 2 && names(out[len(out)-2]) || !dot && !numeric(t.Text) {
				out = append(out, fpToken{kind: fpWord, text: t.Text, orig: t.Text, call: true})
			} else {
				literal()
			}
		case QuotedIdent:
			if name := t.Text[1:max(len(t.Text)-1, 1)]; !t.Open && plainName(name) && !keywords[strings.ToLower(name)] && !functions[strings.ToLower(name)] {
				out = append(out, fpToken{kind: fpWord, text: name, orig: name, call: true})
			} else {
				out = append(out, fpToken{kind: fpQuoted, text: t.Text})
			}
		case Word:
			lower := strings.ToLower(t.Text)
			switch {
			case functions[lower]:
				out = append(out, fpToken{kind: fpWord, text: lower, orig: t.Text, call: true})
			case keywords[lower]:
				out = append(out, fpToken{kind: fpWord, text: lower, orig: t.Text})
			default:
				out = append(out, fpToken{kind: fpWord, text: t.Text, orig: t.Text, call: true})
			}
		case Punct:
			if t.Text == "?" {
				literal()
			} else {
				out = append(out, fpToken{kind: fpPunct, text: t.Text})
			}
		}
		prev = t
	}
	return out
}

// introducer reports whether the word w makes the string s after it one
// literal: x'1F', b'01', N'text' written against it, or a character set,
// _utf8mb4 'text'.
func introducer(w, s Token) bool {
	if strings.HasPrefix(w.Text, "_") {
		return true
	}
	return w.End() == s.Start && len(w.Text) == 1 && strings.ContainsAny(w.Text, "xXbBnN")
}

// unaryBefore reports whether a '-' or '+' after the tokens before is a
// sign: at the start, after an operator, '(' or ',', or after a keyword
// that an expression follows.
func unaryBefore(before []fpToken) bool {
	if len(before) == 0 {
		return true
	}
	switch last := before[len(before)-1]; last.kind {
	case fpPunct:
		return last.text != ")"
	case fpWord:
		return unaryKeywords[last.text]
	}
	return false
}

var unaryKeywords = words(`select where and or not xor when then else elseif case like between having on set
	interval by return distinct all any some div mod limit offset regexp rlike escape`)

// names reports whether a token is one a '.' after it qualifies, as
// Tokens reads it: t.5 and 12abc.5 are columns named 5.
func names(t fpToken) bool {
	return t.kind == fpWord && !numeric(t.text) || t.kind == fpQuoted || t.kind == fpPunct && t.text == ")"
}

// numeric reports whether a Number token is a literal: 42, 1.5, 1., .5,
// 1e-3, 0x1F, 0b01. Others, such as 12abc, are identifiers.
func numeric(s string) bool {
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'b') {
		digits := "0123456789abcdefABCDEF"
		if s[1] == 'b' {
			digits = "01"
		}
		return strings.Trim(s[2:], digits) == ""
	}
	mant, exp := s, ""
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		mant, exp = s[:i], strings.TrimLeft(s[i+1:], "+-")
		if len(s[i+1:])-len(exp) > 1 || !allDigits(exp) {
			return false
		}
	}
	whole, frac, _ := strings.Cut(mant, ".")
	return (whole != "" || frac != "") && (whole == "" || allDigits(whole)) && (frac == "" || allDigits(frac))
}

// plainName reports whether a quoted identifier reads as the same name
// without its backticks, where Fingerprint does not lower-case it:
// letters, digits, '_' and '$', not starting with a digit.
func plainName(name string) bool {
	if name == "" || name[0] >= '0' && name[0] <= '9' {
		return false
	}
	for _, c := range []byte(name) {
		if !isWordByte(c) || c >= 0x80 {
			return false
		}
	}
	return true
}

func isPunct(toks []fpToken, i int, text string) bool {
	return i >= 0 && i < len(toks) && toks[i].kind == fpPunct && toks[i].text == text
}

// spaced reports whether a fingerprint writes a space between a and b.
func spaced(a, b fpToken) bool {
	if b.kind == fpPunct && (b.text == "," || b.text == ")" || b.text == "." || b.text == ";") {
		return false
	}
	if a.kind == fpPunct && (a.text == "(" || a.text == "." || a.text == "@") {
		return false
	}
	if b.kind == fpPunct && b.text == "(" {
		return !(a.kind == fpWord && a.call || a.kind == fpQuoted)
	}
	return true
}

// collapseLists writes once the items of an IN list that are all alike and
// the first row of a VALUES list, inner lists first.
func collapseLists(toks []fpToken) []fpToken {
	var out []fpToken
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		out = append(out, t)
		switch {
		case t.kind == fpWord && t.text == "in" && isPunct(toks, i+1, "("):
			end := closing(toks, i+1)
			items := splitItems(collapseLists(toks[i+2 : end]))
			if alike(items) {
				items = items[:1]
			}
			out = append(out, toks[i+1])
			for k, item := range items {
				if k > 0 {
					out = append(out, fpToken{kind: fpPunct, text: ","})
				}
				out = append(out, item...)
			}
			if end < len(toks) {
				out = append(out, toks[end])
			}
			i = end
		case t.kind == fpWord && (t.text == "values" || t.text == "value") && rowAt(toks, i+1):
			end := rowEnd(toks, i+1)
			out = append(out, collapseLists(toks[i+1:end])...)
			i = end - 1
			for isPunct(toks, i+1, ",") && rowAt(toks, i+2) {
				i = rowEnd(toks, i+2) - 1
			}
		}
	}
	return out
}

// rowAt reports whether a row of a VALUES list starts at toks[i]: "(" or
// "row (".
func rowAt(toks []fpToken, i int) bool {
	return isPunct(toks, i, "(") || isWord(toks, i, "row") && isPunct(toks, i+1, "(")
}

// rowEnd returns the index just past the row that starts at toks[i].
func rowEnd(toks []fpToken, i int) int {
	if isWord(toks, i, "row") {
		i++
	}
	return min(closing(toks, i)+1, len(toks))
}

// closing returns the index of the ')' that closes the '(' at toks[open],
// or len(toks) when none does.
func closing(toks []fpToken, open int) int {
	depth := 0
	for i := open; i < len(toks); i++ {
		switch {
		case isPunct(toks, i, "("):
			depth++
		case isPunct(toks, i, ")"):
			if depth--; depth == 0 {
				return i
			}
		}
	}
	return len(toks)
}

// splitItems splits the inside of a list at its top-level commas.
func splitItems(toks []fpToken) [][]fpToken {
	var items [][]fpToken
	depth, from := 0, 0
	for i := range toks {
		switch {
		case isPunct(toks, i, "("):
			depth++
		case isPunct(toks, i, ")"):
			depth--
		case isPunct(toks, i, ",") && depth == 0:
			items = append(items, toks[from:i])
			from = i + 1
		}
	}
	return append(items, toks[from:])
}

// alike reports whether a list has several items, all written the same.
func alike(items [][]fpToken) bool {
	if len(items) < 2 {
		return false
	}
	for _, item := range items[1:] {
		if len(item) != len(items[0]) {
			return false
		}
		for k := range item {
			if item[k].kind != items[0][k].kind || item[k].text != items[0][k].text {
				return false
			}
		}
	}
	return true
}

func isWord(toks []fpToken, i int, text string) bool {
	return i >= 0 && i < len(toks) && toks[i].kind == fpWord && toks[i].text == text
}
