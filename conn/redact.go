package conn

import (
	"net/url"
	"sort"
	"strings"
	"sync"
)

// Passwords are kept out of output structurally: an Endpoint prints as
// user@host:port/db, DSN syntax errors never quote the text before the
// parameters, and no message is built from a DSN. Redact is the last guard
// behind that, for text parity did not write itself.
//
// A long password (longPassword bytes or more) is hidden wherever it
// appears: text does not contain such a string by chance. A short one
// ("ro") is a piece of many words (Error, Aurora, rows), so it is hidden
// only where a password stands in a DSN, a URL or a key=value pair:
// between delimiters such as ':' and '@', '=' and '&', quotes or spaces,
// never inside a word or a host name, which therefore come out unchanged.
const longPassword = 8

// Every password parity has seen, in every form a URL may give it; longest
// first, so that a password that contains another is hidden whole.
var secrets struct {
	sync.RWMutex
	list []secret
}

type secret struct {
	text     string
	anywhere bool // long enough to hide wherever it appears
}

// RegisterSecret adds a string that Redact must hide, in the forms it takes
// inside URLs too (percent-encoded with upper or lower case hex digits, as a
// query value, as URL user information).
func RegisterSecret(s string) {
	if s == "" {
		return
	}
	secrets.Lock()
	defer secrets.Unlock()
	added := false
	for _, form := range secretForms(s) {
		known := false
		for _, have := range secrets.list {
			known = known || have.text == form
		}
		if !known {
			secrets.list = append(secrets.list, secret{text: form, anywhere: len(s) >= longPassword})
			added = true
		}
	}
	if added {
		sort.SliceStable(secrets.list, func(i, j int) bool { return len(secrets.list[i].text) > len(secrets.list[j].text) })
	}
}

// secretForms lists s and the ways a URL may spell it.
func secretForms(s string) []string {
	forms := []string{s,
		urlEscaped(s, "0123456789ABCDEF"),
		urlEscaped(s, "0123456789abcdef"),
		url.QueryEscape(s),
		url.PathEscape(s),
		strings.TrimPrefix(url.UserPassword("", s).String(), ":"),
	}
	out := forms[:0]
	for _, f := range forms {
		dup := false
		for _, o := range out {
			dup = dup || o == f
		}
		if !dup {
			out = append(out, f)
		}
	}
	return out
}

// Redact replaces every known password in s with "***": a long one
// wherever it appears, a short one where it stands as a value (see
// longPassword).
func Redact(s string) string {
	secrets.RLock()
	defer secrets.RUnlock()
	for _, p := range secrets.list {
		if p.anywhere {
			s = strings.ReplaceAll(s, p.text, "***")
		} else {
			s = replaceValue(s, p.text)
		}
	}
	return s
}

// replaceValue hides the occurrences of p in s that stand as a value: the
// byte before is the start or one of valueStart, the byte after the end or
// one of valueEnd.
func replaceValue(s, p string) string {
	const valueStart = " \t\n'\"`:=([{,;"
	const valueEnd = " \t\n'\"`@&)]},;"
	var b strings.Builder
	for i := 0; ; {
		j := strings.Index(s[i:], p)
		if j < 0 {
			b.WriteString(s[i:])
			return b.String()
		}
		j += i
		end := j + len(p)
		before := j == 0 || strings.IndexByte(valueStart, s[j-1]) >= 0
		after := end == len(s) || strings.IndexByte(valueEnd, s[end]) >= 0
		b.WriteString(s[i:j])
		if before && after {
			b.WriteString("***")
		} else {
			b.WriteString(p)
		}
		i = end
	}
}

// urlEscaped percent-encodes every byte of s outside RFC 3986's unreserved
// set, with the given hex digits.
func urlEscaped(s, hex string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
