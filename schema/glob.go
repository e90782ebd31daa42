package schema

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// Glob matches a table or schema name against a shell-style pattern as a
// DBA means it: '*' is any run of characters and '?' any one character,
// including '/' and '.', which table names may hold (path.Match stops at
// '/'); "[a-c]" and "[!x]" are classes; '\' makes the next character
// literal. A malformed pattern matches nothing and CheckGlob reports it.
func Glob(pattern, name string) bool {
	ok, err := glob(pattern, name)
	return err == nil && ok
}

// CheckGlob reports a malformed pattern: an unterminated class or a
// trailing backslash.
func CheckGlob(pattern string) error {
	_, err := glob(pattern, "")
	if err == nil {
		// glob stops early on a mismatch; walk the whole pattern once.
		for p := pattern; p != ""; {
			var err error
			if p, err = skipToken(p); err != nil {
				return err
			}
		}
	}
	return err
}

var errBadPattern = errors.New("syntax error in pattern")

// glob is an iterative matcher with one backtrack point per '*', linear in
// practice and never exponential.
func glob(p, s string) (bool, error) {
	var starP, starS string
	starred := false
	for {
		if p == "" {
			if s == "" {
				return true, nil
			}
		} else if p[0] == '*' {
			for p != "" && p[0] == '*' {
				p = p[1:]
			}
			starP, starS, starred = p, s, true
			continue
		} else if s != "" {
			ok, rest, err := matchOne(p, s)
			if err != nil {
				return false, err
			}
			if ok {
				_, size := utf8.DecodeRuneInString(s)
				p, s = rest, s[size:]
				continue
			}
		}
		if !starred || starS == "" {
			return false, nil
		}
		_, size := utf8.DecodeRuneInString(starS)
		starS = starS[size:]
		p, s = starP, starS
	}
}

// matchOne matches the first token of p (a character, '?', an escape or a
// class) against the first character of s.
func matchOne(p, s string) (ok bool, rest string, err error) {
	r, _ := utf8.DecodeRuneInString(s)
	switch p[0] {
	case '?':
		return true, p[1:], nil
	case '\\':
		if len(p) < 2 {
			return false, "", errBadPattern
		}
		lit, size := utf8.DecodeRuneInString(p[1:])
		return lit == r, p[1+size:], nil
	case '[':
		return matchClass(p[1:], r)
	}
	lit, size := utf8.DecodeRuneInString(p)
	return lit == r, p[size:], nil
}

// matchClass matches r against the class that starts after '['.
func matchClass(p string, r rune) (ok bool, rest string, err error) {
	negate := false
	if p != "" && (p[0] == '!' || p[0] == '^') {
		negate, p = true, p[1:]
	}
	matched := false
	for first := true; ; first = false {
		if p == "" {
			return false, "", fmt.Errorf("%w: unterminated [", errBadPattern)
		}
		if p[0] == ']' && !first {
			return matched != negate, p[1:], nil
		}
		lo, n, err := classChar(p)
		if err != nil {
			return false, "", err
		}
		p = p[n:]
		hi := lo
		if len(p) > 1 && p[0] == '-' && p[1] != ']' {
			if hi, n, err = classChar(p[1:]); err != nil {
				return false, "", err
			}
			p = p[1+n:]
		}
		if lo <= r && r <= hi {
			matched = true
		}
	}
}

func classChar(p string) (rune, int, error) {
	if p[0] == '\\' {
		if len(p) < 2 {
			return 0, 0, errBadPattern
		}
		r, size := utf8.DecodeRuneInString(p[1:])
		return r, 1 + size, nil
	}
	r, size := utf8.DecodeRuneInString(p)
	return r, size, nil
}

// skipToken steps over one token of a pattern, checking its syntax.
func skipToken(p string) (string, error) {
	switch p[0] {
	case '\\':
		if len(p) < 2 {
			return "", fmt.Errorf("%w: trailing backslash", errBadPattern)
		}
		_, size := utf8.DecodeRuneInString(p[1:])
		return p[1+size:], nil
	case '[':
		_, rest, err := matchClass(p[1:], 0)
		return rest, err
	}
	_, size := utf8.DecodeRuneInString(p)
	return p[size:], nil
}
