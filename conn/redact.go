package conn

import (
	"strings"
	"sync"

	"github.com/go-sql-driver/mysql"
)

// Every password parity has seen, so that any text can be scrubbed of it
// before it is printed, logged or written into a report.
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

// RegisterSecret adds a string that Redact must hide.
func RegisterSecret(s string) {
	if s == "" {
		return
	}
	secrets.Lock()
	defer secrets.Unlock()
	for _, have := range secrets.list {
		if have == s {
			return
		}
	}
	secrets.list = append(secrets.list, s)
	if q := urlEscaped(s); q != s {
		secrets.list = append(secrets.list, q)
	}
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

func urlEscaped(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteString("%" + strings.ToUpper(string("0123456789abcdef"[c>>4])+string("0123456789abcdef"[c&15])))
	}
	return b.String()
}
