package conn

import (
	"net/url"
	"sort"
	"strings"
	"sync"

	"github.com/go-sql-driver/mysql"
)

// Every password parity has seen, so that any text can be scrubbed of it
// before it is printed, logged or written into a report. The list is kept
// longest first, so that a password that contains another is hidden whole.
var secrets struct {
	sync.RWMutex
	list []string
}

func registerSecret(cfg *mysql.Config) {
	if cfg == nil || cfg.Passwd == "" {
		return
	}
	RegisterSecret(cfg.Passwd)
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
			if have == form {
				known = true
				break
			}
		}
		if !known {
			secrets.list = append(secrets.list, form)
			added = true
		}
	}
	if added {
		sort.SliceStable(secrets.list, func(i, j int) bool { return len(secrets.list[i]) > len(secrets.list[j]) })
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

// Redact replaces every known password in s with "***".
func Redact(s string) string {
	secrets.RLock()
	defer secrets.RUnlock()
	for _, p := range secrets.list {
		s = strings.ReplaceAll(s, p, "***")
	}
	return s
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
