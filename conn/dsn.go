package conn

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	osuser "os/user"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
)

// DefaultConnectTimeout bounds connection setup when nothing else does: the
// TCP connect, and then the server's handshake, TLS and authentication.
const DefaultConnectTimeout = 10 * time.Second

// Endpoint is a parsed connection target. Its String form is safe to print.
type Endpoint struct {
	Role   string // "source", "target", or a user's label
	Config *mysql.Config
	// SSLMode is the TLS mode in force.
	SSLMode SSLMode
	// PasswordFrom says where the password came from ("the DSN",
	// "PARITY_SOURCE_PASSWORD", "~/.mylogin.cnf line 4"), "" for none.
	PasswordFrom string
	// ConnectTimeout bounds each connection's setup, never a query.
	ConnectTimeout time.Duration
	// Warnings are things the user should know, printed before connecting
	// (an ssl-ca that REQUIRED does not use, an ignored option file).
	Warnings []string

	params      []param // as the DSN gave them, for DSN
	caFrom      string  // "ssl-ca /path (from the DSN)", for messages
	passwordEnv string  // Options.PasswordEnv, for messages
}

// Options say where else connection settings may come from.
type Options struct {
	Role        string // names the endpoint in messages: "source", "target", ...
	PasswordEnv string // environment variable holding the password, usually PasswordEnv(Role)
	Files       OptionFiles
	// AskPass prompts for the password (--ask-pass) unless the DSN holds
	// one. Prompt reads it; nil reads from /dev/tty.
	AskPass bool
	Prompt  func(prompt string) (string, error)
	// ConnectTimeout applies unless the DSN says timeout=...; zero means
	// DefaultConnectTimeout.
	ConnectTimeout time.Duration
}

// PasswordEnv names the environment variable that holds the password of
// the endpoint labelled role: PARITY_SOURCE_PASSWORD for the source,
// PARITY_RAM_2M_PASSWORD for bench's --dsn ram-2m=.... Letters are
// upper-cased, and what a variable name cannot hold becomes '_'.
func PasswordEnv(role string) string {
	b := []byte(role)
	for i, c := range b {
		switch {
		case c >= 'a' && c <= 'z':
			b[i] = c - 'a' + 'A'
		case c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		default:
			b[i] = '_'
		}
	}
	return "PARITY_" + string(b) + "_PASSWORD"
}

// Parse reads a DSN in either form
//
//	user:password@tcp(host:3306)/db?ssl-mode=VERIFY_CA&ssl-ca=/etc/ssl/ca.pem
//	mysql://user:password@host:3306/db?ssl-mode=VERIFY_CA&ssl-ca=/etc/ssl/ca.pem
//
// (also user@host:3306/db, host/db, unix(/path)/db) and fills what it
// leaves out from the option files, as the mysql client would. The
// password comes from the first of: the DSN, the prompt (o.AskPass), the
// variable o.PasswordEnv, the option files (the login path file last, so
// it wins over ~/.my.cnf), MYSQL_PWD: the mysql client's own order, with
// parity's variable above the files. Errors never repeat the DSN, which
// may hold a password.
func Parse(dsn string, o Options) (*Endpoint, error) {
	role := o.Role
	trimmed := strings.TrimSpace(dsn)
	var parts dsnParts
	if trimmed != "" {
		var err error
		if parts, err = parseDSN(trimmed); err != nil {
			return nil, fmt.Errorf("%s DSN: %w", role, err)
		}
	}
	q, err := splitParams(parts.params)
	if err != nil {
		return nil, fmt.Errorf("%s DSN: %w", role, err)
	}
	files := o.Files
	if lp, ok := q.client["login-path"]; ok {
		files.LoginPath = lp.value
	}
	if trimmed == "" && files.DefaultsFile == "" && files.ExtraFile == "" && files.LoginPath == "" {
		return nil, fmt.Errorf("%s: no DSN given (pass --%s DSN, or --defaults-file or --login-path)", role, role)
	}
	opts, err := files.load()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", role, err)
	}
	ep := &Endpoint{Role: role, Config: q.driver, params: parts.params, Warnings: opts.warnings, passwordEnv: o.PasswordEnv}
	cfg := ep.Config
	cfg.User = parts.user
	if cfg.User == "" {
		cfg.User = optionValueOf(opts, "user")
	}
	if cfg.User == "" {
		cfg.User = loginName()
	}
	cfg.DBName = parts.db
	if cfg.DBName == "" {
		cfg.DBName = optionValueOf(opts, "database")
	}
	if cfg.Net, cfg.Addr, err = address(parts, q, opts); err != nil {
		return nil, fmt.Errorf("%s: %w", role, err)
	}
	for k, v := range q.session {
		if cfg.Params == nil {
			cfg.Params = map[string]string{}
		}
		cfg.Params[k] = v
	}
	if err := ep.setPassword(parts, opts, o); err != nil {
		return nil, fmt.Errorf("%s: %w", role, err)
	}
	if err := ep.setTLS(q, opts); err != nil {
		return nil, fmt.Errorf("%s: %w", role, err)
	}
	ep.ConnectTimeout = cfg.Timeout
	if !q.timeoutSet {
		ep.ConnectTimeout = o.ConnectTimeout
	}
	if ep.ConnectTimeout <= 0 {
		ep.ConnectTimeout = DefaultConnectTimeout
	}
	cfg.Timeout = ep.ConnectTimeout
	return ep, nil
}

func optionValueOf(s *optionSettings, name string) string {
	o, _ := s.get(name)
	return o.Value
}

// loginName is the user the mysql client connects as when nothing names
// one: the login name.
func loginName() string {
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	if u, err := osuser.Current(); err == nil {
		return u.Username
	}
	return ""
}

// address decides where to connect. An address in the DSN wins whole;
// otherwise the option files' host, port, socket and protocol apply the way
// the mysql client reads them (localhost, or no host, means the socket when
// one is named); with none of them, 127.0.0.1:3306.
func address(p dsnParts, q dsnOptions, s *optionSettings) (network, addr string, err error) {
	if p.addr != "" {
		return p.net, p.addr, nil
	}
	if sock, ok := q.client["socket"]; ok {
		return "unix", sock.value, nil
	}
	host, port := optionValueOf(s, "host"), optionValueOf(s, "port")
	socket := optionValueOf(s, "socket")
	protocol := strings.ToLower(optionValueOf(s, "protocol"))
	if p.net == "tcp" || p.net == "tcp4" || p.net == "tcp6" {
		protocol = "tcp"
	}
	switch protocol {
	case "", "tcp", "socket":
	default:
		o, _ := s.get("protocol")
		return "", "", fmt.Errorf("protocol %s (from %s): parity connects over tcp or socket", o.Value, o.Source)
	}
	if protocol == "socket" || protocol != "tcp" && socket != "" && (host == "" || host == "localhost") {
		if socket == "" {
			return "", "", fmt.Errorf("protocol=socket needs socket=/path/to/mysqld.sock in the option file")
		}
		return "unix", socket, nil
	}
	if host == "" || host == "localhost" {
		host = "127.0.0.1"
	}
	if port == "" {
		port = "3306"
	}
	a, err := hostPort(net.JoinHostPort(host, port))
	if err != nil {
		o, _ := s.get("host")
		if o.Source == "" {
			o, _ = s.get("port")
		}
		return "", "", fmt.Errorf("host and port from %s: %w", o.Source, err)
	}
	network = "tcp"
	if p.net != "" {
		network = p.net
	}
	return network, a, nil
}

// setPassword takes the password from the first source that has one.
func (e *Endpoint) setPassword(p dsnParts, s *optionSettings, o Options) error {
	prompt := func(why string) error {
		read := o.Prompt
		if read == nil {
			read = TerminalPrompt(context.Background(), TerminalPath)
		}
		pw, err := read(fmt.Sprintf("Enter password for %s %s: ", e.Role, e))
		if err != nil {
			return fmt.Errorf("password prompt (%s): %w", why, err)
		}
		e.Config.Passwd, e.PasswordFrom = pw, "the prompt"
		return nil
	}
	fileOpt, inFile := s.get("password")
	switch {
	case p.hasPassword && p.password != "":
		e.Config.Passwd, e.PasswordFrom = p.password, "the DSN"
	case o.AskPass:
		if err := prompt("--ask-pass"); err != nil {
			return err
		}
	case o.PasswordEnv != "" && os.Getenv(o.PasswordEnv) != "":
		e.Config.Passwd, e.PasswordFrom = os.Getenv(o.PasswordEnv), o.PasswordEnv
	case inFile && !fileOpt.HasValue:
		if err := prompt("password without a value in " + fileOpt.Source); err != nil {
			return err
		}
	case inFile:
		e.Config.Passwd, e.PasswordFrom = fileOpt.Value, fileOpt.Source
	case os.Getenv("MYSQL_PWD") != "":
		e.Config.Passwd, e.PasswordFrom = os.Getenv("MYSQL_PWD"), "MYSQL_PWD"
	}
	RegisterSecret(e.Config.Passwd)
	return nil
}

// setTLS applies ssl-mode, ssl-ca, ssl-cert and ssl-key: the DSN's, else
// the option files'.
func (e *Endpoint) setTLS(q dsnOptions, s *optionSettings) error {
	var t tlsSettings
	pick := func(name string) setting {
		if v, ok := q.client[name]; ok {
			return v
		}
		if o, ok := s.get(name); ok {
			return setting{value: o.Value, from: o.Source, set: true}
		}
		return setting{}
	}
	t.mode, t.ca, t.cert, t.key = pick("ssl-mode"), pick("ssl-ca"), pick("ssl-cert"), pick("ssl-key")
	t.ssl, t.verifyServer = pick("ssl"), pick("ssl-verify-server-cert")
	if v, ok := q.client["tls"]; ok {
		if _, both := q.client["ssl-mode"]; both {
			return fmt.Errorf("the DSN gives both tls= and ssl-mode=: keep one (ssl-mode=%s)", "DISABLED|PREFERRED|REQUIRED|VERIFY_CA|VERIFY_IDENTITY")
		}
		t.driverTLS, t.mode = v, setting{}
	}
	mode, systemRoots, err := t.resolveMode()
	if err != nil {
		return err
	}
	cfg, fallback, warnings, err := t.tlsConfig(mode, systemRoots, e.Config.Net, e.Config.Addr)
	if err != nil {
		return err
	}
	e.SSLMode = mode
	if t.ca.set {
		e.caFrom = t.ca.describe("ssl-ca")
	}
	e.Config.TLS, e.Config.TLSConfig, e.Config.AllowFallbackToPlaintext = cfg, "", fallback
	e.Warnings = append(e.Warnings, warnings...)
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

// DSN is the endpoint as a mysql:// URL without its password, with the
// DSN's own parameters: what a restore file records to connect again.
func (e *Endpoint) DSN() string {
	c := e.Config
	u := url.URL{Scheme: "mysql", Path: "/" + c.DBName}
	if c.User != "" {
		u.User = url.User(c.User)
	}
	var q []string
	if c.Net == "unix" {
		q = append(q, "socket="+escapeValue(c.Addr))
	} else {
		u.Host = c.Addr
	}
	for _, p := range e.params {
		if p.name == "socket" && c.Net == "unix" {
			continue
		}
		q = append(q, p.name+"="+escapeValue(p.value))
	}
	s := u.String()
	if len(q) > 0 {
		s += "?" + strings.Join(q, "&")
	}
	return s
}

func escapeValue(v string) string {
	return strings.NewReplacer("%", "%25", "&", "%26").Replace(v)
}

// Database is the database the DSN names, or "".
func (e *Endpoint) Database() string { return e.Config.DBName }
