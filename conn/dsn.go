package conn

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
)

// Endpoint is a parsed connection target. Its String form is safe to print.
type Endpoint struct {
	Role   string // "source", "target", or a user's label
	Config *mysql.Config
}

// Options say where else a password and defaults may come from.
type Options struct {
	Role         string // names the endpoint in messages: "source", "target", ...
	PasswordEnv  string // environment variable holding the password, e.g. PARITY_SOURCE_PASSWORD
	DefaultsFile string // MySQL option file; its [client] section fills what the DSN leaves out
}

// Parse reads a go-sql-driver DSN ("user:pass@tcp(host:3306)/db?tls=true")
// or a URL ("mysql://user:pass@host:3306/db?tls=true"). A password missing
// from it comes from o.PasswordEnv, then from the option file. Parse errors
// never repeat the DSN, which may hold a password.
func Parse(dsn string, o Options) (*Endpoint, error) {
	var defaults map[string]string
	if o.DefaultsFile != "" {
		var err error
		if defaults, err = ReadOptionFile(o.DefaultsFile); err != nil {
			return nil, fmt.Errorf("%s: %w", o.Role, err)
		}
	}
	var (
		cfg      *mysql.Config
		hasAddr  bool
		err      error
		trimmed  = strings.TrimSpace(dsn)
		isURL    = strings.HasPrefix(strings.ToLower(trimmed), "mysql://")
		roleFlag = "--" + o.Role
	)
	switch {
	case trimmed == "" && defaults == nil:
		return nil, fmt.Errorf("%s: no DSN given (pass %s or --defaults-file)", o.Role, roleFlag)
	case trimmed == "":
		cfg = mysql.NewConfig()
	case isURL:
		cfg, hasAddr, err = parseURL(trimmed)
	default:
		cfg, err = mysql.ParseDSN(trimmed)
		hasAddr = dsnHasAddr(trimmed)
	}
	if err != nil {
		return nil, fmt.Errorf("%s DSN: %s", o.Role, parseError(trimmed, isURL))
	}
	applyDefaults(cfg, defaults, hasAddr)
	if cfg.Net == "" {
		cfg.Net = "tcp"
	}
	if cfg.Addr == "" && cfg.Net == "tcp" {
		cfg.Addr = "127.0.0.1:3306"
	}
	if cfg.Passwd == "" && o.PasswordEnv != "" {
		cfg.Passwd = os.Getenv(o.PasswordEnv)
	}
	if cfg.Passwd == "" {
		cfg.Passwd = defaults["password"]
	}
	registerSecret(cfg)
	if err := applySSLCA(cfg, defaults); err != nil {
		return nil, fmt.Errorf("%s: %w", o.Role, err)
	}
	return &Endpoint{Role: o.Role, Config: cfg}, nil
}

func parseURL(s string) (*mysql.Config, bool, error) {
	u, err := url.Parse(s)
	if err != nil {
		// url errors quote the input; keep only the reason.
		if ue, ok := err.(*url.Error); ok {
			err = ue.Err
		}
		return nil, false, fmt.Errorf("invalid mysql:// URL: %w", err)
	}
	host, port := u.Hostname(), u.Port()
	hasAddr := host != "" || port != ""
	if port == "" {
		port = "3306"
	}
	if host == "" {
		host = "127.0.0.1"
	}
	// Let the driver parse the query parameters it knows.
	cfg, err := mysql.ParseDSN("tcp(" + net.JoinHostPort(host, port) + ")/" + url.PathEscape(strings.TrimPrefix(u.Path, "/")) + "?" + u.RawQuery)
	if err != nil {
		return nil, false, err
	}
	cfg.DBName = strings.TrimPrefix(u.Path, "/")
	if u.User != nil {
		cfg.User = u.User.Username()
		cfg.Passwd, _ = u.User.Password()
	}
	return cfg, hasAddr, nil
}

// dsnHasAddr reports whether a go-sql-driver DSN names an address, as in
// "user@tcp(host:3306)/db" or "tcp(host)/db", splitting it the way the driver
// does: at the last '/', then at the last '@' before it.
func dsnHasAddr(dsn string) bool {
	i := strings.LastIndexByte(dsn, '/')
	if i < 0 {
		return false
	}
	left := dsn[:i]
	if j := strings.LastIndexByte(left, '@'); j >= 0 {
		left = left[j+1:]
	}
	k := strings.IndexByte(left, '(')
	return k >= 0 && strings.HasSuffix(left, ")") && len(left) > k+2
}

// parseError explains why dsn does not parse without repeating any part of
// its password. The parsers' own messages may quote pieces of the input (an
// unknown network such as "user:pass" when a password holding '/' hides the
// '@', an invalid port or escape), so the reason is taken from a copy of the
// DSN whose user information is masked; if that copy parses, the user
// information itself is what is malformed.
func parseError(dsn string, isURL bool) string {
	masked, hidden := maskUserinfo(dsn, isURL)
	var err error
	if isURL {
		_, _, err = parseURL(masked)
	} else {
		_, err = mysql.ParseDSN(masked)
	}
	msg := "cannot tell the user and password from the address: write user:password@tcp(host:port)/db, " +
		"or a mysql:// URL with special characters in the password URL-encoded"
	if isURL {
		msg = "invalid mysql:// URL: malformed user or password (URL-encode characters such as @ : / ? # % in them)"
	}
	if err != nil {
		msg = err.Error()
	}
	if hidden != "" {
		msg = strings.ReplaceAll(msg, hidden, "***")
	}
	return Redact(msg)
}

// maskUserinfo replaces what may be a password in dsn with "***" and returns
// the masked DSN and the text it hid. The password is taken generously: from
// the first ':' up to the last '@'; without an '@', from the first ':' of a
// DSN that starts "user:" up to its last '/'.
func maskUserinfo(dsn string, isURL bool) (masked, hidden string) {
	prefix, rest := "", dsn
	if isURL {
		if i := strings.Index(rest, "://"); i >= 0 {
			prefix, rest = rest[:i+3], rest[i+3:]
		}
	}
	at := strings.LastIndexByte(rest, '@')
	if at >= 0 {
		if isURL {
			return prefix + "***" + rest[at:], rest[:at]
		}
		c := strings.IndexByte(rest[:at], ':')
		if c < 0 {
			return dsn, ""
		}
		return prefix + rest[:c+1] + "***" + rest[at:], rest[c+1 : at]
	}
	c := strings.IndexByte(rest, ':')
	if c < 0 || strings.ContainsAny(rest[:c], "(/") {
		return dsn, ""
	}
	end := strings.LastIndexByte(rest, '/')
	if isURL || end < c {
		end = len(rest)
	}
	return prefix + rest[:c+1] + "***" + rest[end:], rest[c+1 : end]
}

func applyDefaults(cfg *mysql.Config, d map[string]string, hasAddr bool) {
	if d == nil {
		return
	}
	if cfg.User == "" {
		cfg.User = d["user"]
	}
	if cfg.DBName == "" {
		cfg.DBName = d["database"]
	}
	if hasAddr {
		return
	}
	switch {
	case d["socket"] != "" && d["host"] == "":
		cfg.Net, cfg.Addr = "unix", d["socket"]
	case d["host"] != "" || d["port"] != "":
		host, port := d["host"], d["port"]
		if host == "" || host == "localhost" {
			host = "127.0.0.1"
		}
		if port == "" {
			port = "3306"
		}
		cfg.Net, cfg.Addr = "tcp", net.JoinHostPort(host, port)
	}
}

// applySSLCA turns an "ssl-ca=/path/ca.pem" parameter (or the option file's
// ssl-ca) into a verifying TLS config: what RDS and Aurora need with their CA
// bundle.
func applySSLCA(cfg *mysql.Config, d map[string]string) error {
	path := ""
	for _, k := range []string{"ssl-ca", "ssl_ca"} {
		if v, ok := cfg.Params[k]; ok {
			path = v
			delete(cfg.Params, k)
		}
	}
	if path == "" {
		path = d["ssl-ca"]
	}
	if path == "" {
		return nil
	}
	pem, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("ssl-ca: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return fmt.Errorf("ssl-ca %s: no PEM certificates found", path)
	}
	host, _, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		host = cfg.Addr
	}
	cfg.TLS = &tls.Config{RootCAs: pool, ServerName: host, MinVersion: tls.VersionTLS12}
	return nil
}

// String is user@host:port/db: what messages and reports show.
func (e *Endpoint) String() string {
	c := e.Config
	addr := c.Addr
	if c.Net == "unix" {
		addr = "unix(" + c.Addr + ")"
	}
	s := addr + "/" + c.DBName
	if c.User != "" {
		s = c.User + "@" + s
	}
	return s
}

// Database is the database the DSN names, or "".
func (e *Endpoint) Database() string { return e.Config.DBName }

func defaultTimeout(cfg *mysql.Config) {
	if cfg.Timeout == 0 {
		cfg.Timeout = 10 * time.Second
	}
}
