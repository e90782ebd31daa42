package conn

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
)

// dsnForms is what every DSN syntax error ends with.
const dsnForms = "write user:password@tcp(host:3306)/db, user@host:3306/db, host/db, unix(/path/to.sock)/db " +
	"or mysql://user:password@host:3306/db (parameters after them: ?name=value&name=value)"

// dsnParts is what a DSN says, before option files and defaults fill in
// what it leaves out.
type dsnParts struct {
	user, password string
	hasPassword    bool   // "user:@host/db" has an (empty) password
	net, addr      string // addr "" when the DSN names no address
	db             string
	params         []param
	url            bool
}

// param is one ?name=value of a DSN, its value percent-decoded.
type param struct{ name, value string }

// parseDSN splits a DSN into its parts. Both forms are
//
//	[user[:password]@][address]/[db][?params]     address: tcp(host:port), unix(/path), host:port, host
//	mysql://[user[:password]@][host[:port]][/db][?params]
//
// Parameter values are taken as written, paths included
// (?ssl-ca=/etc/ssl/ca.pem); %XX decodes, so %26 writes '&'. A password may
// hold any character: the user information ends at the last '@', and the
// parameters start at the first '?' before which the DSN is well formed.
// No error repeats any part of the DSN before its parameters, where a
// password may be.
func parseDSN(s string) (dsnParts, error) {
	s = strings.TrimSpace(s)
	isURL := len(s) >= 8 && strings.EqualFold(s[:8], "mysql://")
	if !isURL {
		if i := strings.Index(s, "://"); i >= 0 && !strings.ContainsAny(s[:i], "@:/") {
			return dsnParts{}, errors.New("only mysql:// URLs are understood: " + dsnForms)
		}
	}
	var queryErr error
	for from := 0; ; {
		q := strings.IndexByte(s[from:], '?')
		if q < 0 {
			p, err := parseHead(s, isURL)
			if err != nil && queryErr != nil {
				return dsnParts{}, queryErr
			}
			return p, err
		}
		q += from
		if p, err := parseHead(s[:q], isURL); err == nil {
			p.params, err = parseQuery(s[q+1:])
			if err == nil {
				return p, nil
			}
			if queryErr == nil {
				queryErr = err
			}
		}
		from = q + 1
	}
}

// parseHead parses a DSN without its parameters.
func parseHead(s string, isURL bool) (dsnParts, error) {
	if isURL {
		return parseURLHead(s[len("mysql://"):])
	}
	slash := strings.LastIndexByte(s, '/')
	if slash < 0 {
		return dsnParts{}, errors.New("no '/' before the database name: " + dsnForms)
	}
	var p dsnParts
	dbText, left := s[slash+1:], s[:slash]
	if strings.ContainsAny(dbText, "@()?") {
		return p, errors.New("cannot tell the address from the database (a '/' in the password?): " + dsnForms +
			"; a mysql:// URL takes any password URL-encoded")
	}
	db, err := url.PathUnescape(dbText)
	if err != nil {
		return p, errors.New("invalid %-escape in the database name")
	}
	p.db = db
	addr := left
	if at := strings.LastIndexByte(left, '@'); at >= 0 {
		addr = left[at+1:]
		p.user, p.password, p.hasPassword = strings.Cut(left[:at], ":")
	}
	if err := p.setDriverAddress(addr); err != nil {
		return dsnParts{}, err
	}
	return p, nil
}

// setDriverAddress reads the address part of a go-sql-driver DSN:
// tcp(host:port), unix(/path), a bare network name, host:port or host.
func (p *dsnParts) setDriverAddress(a string) error {
	switch {
	case a == "":
		return nil
	case strings.ContainsAny(a, "()"):
		open := strings.IndexByte(a, '(')
		if open < 0 || !strings.HasSuffix(a, ")") || strings.Count(a, "(") != 1 || strings.Count(a, ")") != 1 {
			return errors.New("the address after '@' must be tcp(host:port) or unix(/path/to.sock), with its parentheses closed: " + dsnForms)
		}
		network, inside := a[:open], a[open+1:len(a)-1]
		switch network {
		case "tcp", "tcp4", "tcp6":
			p.net = network
			if inside == "" {
				return nil
			}
			addr, err := hostPort(inside)
			if err != nil {
				return err
			}
			p.addr = addr
		case "unix":
			if inside == "" {
				return errors.New("unix() needs the socket's path: unix(/run/mysqld/mysqld.sock)")
			}
			p.net, p.addr = "unix", inside
		default:
			return errors.New("unknown network before '(': want tcp(host:port) or unix(/path/to.sock)")
		}
	case a == "tcp" || a == "tcp4" || a == "tcp6":
		p.net = a
	case a == "unix":
		return errors.New("unix needs the socket's path: unix(/run/mysqld/mysqld.sock)")
	default:
		addr, err := hostPort(a)
		if err != nil {
			return err
		}
		p.net, p.addr = "tcp", addr
	}
	return nil
}

// parseURLHead parses what follows mysql:// up to the parameters.
func parseURLHead(s string) (dsnParts, error) {
	p := dsnParts{url: true, net: "tcp"}
	if at := strings.LastIndexByte(s, '@'); at >= 0 {
		user, password, hasPassword := strings.Cut(s[:at], ":")
		var err1, err2 error
		p.user, err1 = url.PathUnescape(user)
		p.password, err2 = url.PathUnescape(password)
		if err1 != nil || err2 != nil {
			return dsnParts{}, errors.New("invalid mysql:// URL: malformed user or password " +
				"(write % as %25; @ : / ? # may be written as they are or as %40 %3A %2F %3F %23)")
		}
		p.hasPassword = hasPassword
		s = s[at+1:]
	}
	hostport, dbText, _ := strings.Cut(s, "/")
	if strings.ContainsAny(dbText, "/?") {
		return dsnParts{}, errors.New("invalid mysql:// URL: cannot tell the database name from what follows it: " + dsnForms)
	}
	db, err := url.PathUnescape(dbText)
	if err != nil {
		return dsnParts{}, errors.New("invalid mysql:// URL: invalid %-escape in the database name")
	}
	p.db = db
	if hostport != "" {
		h, err := url.PathUnescape(hostport)
		if err != nil {
			return dsnParts{}, errors.New("invalid mysql:// URL: invalid %-escape in the host")
		}
		if p.addr, err = hostPort(h); err != nil {
			return dsnParts{}, fmt.Errorf("invalid mysql:// URL: %w", err)
		}
	}
	return p, nil
}

// hostPort checks host[:port] (IPv6 in brackets) and returns it with the
// port, 3306 by default. An empty host is the loopback address. Errors name
// no part of the input: before an '@' is found it may be a password.
func hostPort(s string) (string, error) {
	host, port := s, ""
	switch {
	case strings.HasPrefix(s, "["):
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return "", errors.New("an IPv6 address opens '[' without closing it: write [::1]:3306")
		}
		host, port = s[1:end], strings.TrimPrefix(s[end+1:], ":")
		if rest := s[end+1:]; rest != "" && !strings.HasPrefix(rest, ":") {
			return "", errors.New("only :port may follow an IPv6 address in brackets")
		}
		if ip := net.ParseIP(host); ip == nil || ip.To4() != nil {
			return "", errors.New("invalid IPv6 address in brackets")
		}
	case strings.Count(s, ":") > 1:
		return "", errors.New("write an IPv6 address in brackets: [::1]:3306")
	case strings.Contains(s, ":"):
		host, port, _ = strings.Cut(s, ":")
	}
	if !strings.HasPrefix(s, "[") && !validHost(host) {
		return "", errors.New("invalid host name (letters, digits, '-', '.' and '_' only): " + dsnForms)
	}
	if host == "" {
		host = "127.0.0.1"
	}
	if port == "" && strings.HasSuffix(s, ":") {
		return "", errors.New("empty port after ':'")
	}
	if port == "" {
		port = "3306"
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return "", errors.New("invalid port: want a number from 1 to 65535")
	}
	return net.JoinHostPort(host, port), nil
}

func validHost(h string) bool {
	for _, c := range h {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_') {
			return false
		}
	}
	return true
}

// parseQuery splits name=value&... . Names are quoted in errors, values
// never.
func parseQuery(q string) ([]param, error) {
	var out []param
	for _, piece := range strings.Split(q, "&") {
		if piece == "" {
			continue
		}
		name, value, ok := strings.Cut(piece, "=")
		if !ok || !validParamName(name) {
			return nil, errors.New("parameters after '?' must be name=value pairs joined by '&' (write & in a value as %26)")
		}
		v, err := url.PathUnescape(value)
		if err != nil {
			return nil, fmt.Errorf("parameter %s: invalid %%-escape in its value (write %% as %%25)", name)
		}
		out = append(out, param{name: name, value: v})
	}
	return out, nil
}

func validParamName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}
