package conn_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/parity-db/parity/conn"
)

// Passwords in these tests are long and unusual on purpose: Parse registers
// every password it sees with Redact for the whole test binary, and a short
// one would scrub unrelated words from other tests' messages.

func TestParse(t *testing.T) {
	const special = "Pq7@x:y/z%w" // every character the DSN and URL forms treat specially
	tests := []struct {
		name     string
		dsn      string
		user     string
		passwd   string
		net      string
		addr     string
		db       string
		check    func(t *testing.T, ep *conn.Endpoint)
		endpoint string
	}{
		{
			name: "dsn", dsn: "app:Dsn-Plain-Pw1@tcp(db.example.com:3307)/shop",
			user: "app", passwd: "Dsn-Plain-Pw1", net: "tcp", addr: "db.example.com:3307", db: "shop",
			endpoint: "app@db.example.com:3307/shop",
		},
		{
			name: "dsn special password", dsn: "app:" + special + "@tcp(10.0.0.5:3306)/shop",
			user: "app", passwd: special, net: "tcp", addr: "10.0.0.5:3306", db: "shop",
		},
		{
			name: "dsn default port", dsn: "app:Dsn-Port-Pw2@tcp(db.example.com)/shop",
			user: "app", passwd: "Dsn-Port-Pw2", net: "tcp", addr: "db.example.com:3306", db: "shop",
		},
		{
			name: "dsn ipv6", dsn: "app:Dsn-Ipv6-Pw3@tcp([::1]:3307)/shop",
			user: "app", passwd: "Dsn-Ipv6-Pw3", net: "tcp", addr: "[::1]:3307", db: "shop",
			endpoint: "app@[::1]:3307/shop",
		},
		{
			name: "dsn no address", dsn: "app:Dsn-NoAddr-Pw4@/shop",
			user: "app", passwd: "Dsn-NoAddr-Pw4", net: "tcp", addr: "127.0.0.1:3306", db: "shop",
		},
		{
			name: "dsn no database", dsn: "app:Dsn-NoDb-Pw5@tcp(h:3306)/",
			user: "app", passwd: "Dsn-NoDb-Pw5", net: "tcp", addr: "h:3306", db: "",
		},
		{
			name: "dsn unix socket", dsn: "app@unix(/run/mysqld/mysqld.sock)/shop",
			user: "app", net: "unix", addr: "/run/mysqld/mysqld.sock", db: "shop",
			endpoint: "app@unix(/run/mysqld/mysqld.sock)/shop",
		},
		{
			name: "dsn params passed through",
			dsn:  "app:Dsn-Params-Pw6@tcp(h:3306)/shop?tls=skip-verify&allowCleartextPasswords=true&wait_timeout=100",
			user: "app", passwd: "Dsn-Params-Pw6", net: "tcp", addr: "h:3306", db: "shop",
			check: func(t *testing.T, ep *conn.Endpoint) {
				c := ep.Config
				if c.TLSConfig != "skip-verify" || c.TLS == nil || !c.TLS.InsecureSkipVerify {
					t.Errorf("tls: TLSConfig=%q TLS=%+v, want skip-verify", c.TLSConfig, c.TLS)
				}
				if !c.AllowCleartextPasswords {
					t.Error("AllowCleartextPasswords not set")
				}
				if got := c.Params["wait_timeout"]; got != "100" {
					t.Errorf("Params[wait_timeout] = %q, want 100", got)
				}
			},
		},
		{
			name: "dsn surrounding space", dsn: "  app:Dsn-Space-Pw7@tcp(h:3306)/shop \n",
			user: "app", passwd: "Dsn-Space-Pw7", net: "tcp", addr: "h:3306", db: "shop",
		},
		{
			name: "url", dsn: "mysql://app:Url-Plain-Pw1@db.example.com:3307/shop",
			user: "app", passwd: "Url-Plain-Pw1", net: "tcp", addr: "db.example.com:3307", db: "shop",
			endpoint: "app@db.example.com:3307/shop",
		},
		{
			name: "url encoded special password", dsn: "mysql://app:" + url.QueryEscape(special) + "@db.example.com/shop",
			user: "app", passwd: special, net: "tcp", addr: "db.example.com:3306", db: "shop",
		},
		{
			name: "url encoded user", dsn: "mysql://ops%40corp:Url-User-Pw2@db.example.com/shop",
			user: "ops@corp", passwd: "Url-User-Pw2", net: "tcp", addr: "db.example.com:3306", db: "shop",
		},
		{
			name: "url default port", dsn: "mysql://app:Url-Port-Pw3@db.example.com/shop",
			user: "app", passwd: "Url-Port-Pw3", net: "tcp", addr: "db.example.com:3306", db: "shop",
		},
		{
			name: "url ipv6", dsn: "mysql://app:Url-Ipv6-Pw4@[::1]:3307/shop",
			user: "app", passwd: "Url-Ipv6-Pw4", net: "tcp", addr: "[::1]:3307", db: "shop",
		},
		{
			name: "url ipv6 default port", dsn: "mysql://app:Url-Ipv6-Pw5@[::1]/shop",
			user: "app", passwd: "Url-Ipv6-Pw5", net: "tcp", addr: "[::1]:3306", db: "shop",
		},
		{
			name: "url scheme case", dsn: "MySQL://app:Url-Case-Pw6@h:3310/shop",
			user: "app", passwd: "Url-Case-Pw6", net: "tcp", addr: "h:3310", db: "shop",
		},
		{
			name: "url no user", dsn: "mysql://h:3310/shop",
			net: "tcp", addr: "h:3310", db: "shop", endpoint: "h:3310/shop",
		},
		{
			name: "url no database", dsn: "mysql://app:Url-NoDb-Pw7@h",
			user: "app", passwd: "Url-NoDb-Pw7", net: "tcp", addr: "h:3306", db: "",
		},
		{
			name: "url params passed through",
			dsn:  "mysql://app:Url-Params-Pw8@h/shop?tls=skip-verify&allowCleartextPasswords=true&wait_timeout=100",
			user: "app", passwd: "Url-Params-Pw8", net: "tcp", addr: "h:3306", db: "shop",
			check: func(t *testing.T, ep *conn.Endpoint) {
				c := ep.Config
				if c.TLSConfig != "skip-verify" || c.TLS == nil || !c.TLS.InsecureSkipVerify {
					t.Errorf("tls: TLSConfig=%q TLS=%+v, want skip-verify", c.TLSConfig, c.TLS)
				}
				if !c.AllowCleartextPasswords {
					t.Error("AllowCleartextPasswords not set")
				}
				if got := c.Params["wait_timeout"]; got != "100" {
					t.Errorf("Params[wait_timeout] = %q, want 100", got)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ep, err := conn.Parse(tt.dsn, conn.Options{Role: "source"})
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.dsn, err)
			}
			c := ep.Config
			if c.User != tt.user || c.Passwd != tt.passwd || c.Net != tt.net || c.Addr != tt.addr || c.DBName != tt.db {
				t.Errorf("got user=%q passwd=%q net=%q addr=%q db=%q\nwant user=%q passwd=%q net=%q addr=%q db=%q",
					c.User, c.Passwd, c.Net, c.Addr, c.DBName, tt.user, tt.passwd, tt.net, tt.addr, tt.db)
			}
			if ep.Role != "source" {
				t.Errorf("Role = %q, want source", ep.Role)
			}
			if ep.Database() != tt.db {
				t.Errorf("Database() = %q, want %q", ep.Database(), tt.db)
			}
			if tt.endpoint != "" && ep.String() != tt.endpoint {
				t.Errorf("String() = %q, want %q", ep.String(), tt.endpoint)
			}
			if tt.passwd != "" && strings.Contains(ep.String(), tt.passwd) {
				t.Errorf("String() %q shows the password", ep.String())
			}
			if tt.check != nil {
				tt.check(t, ep)
			}
		})
	}
}

func TestParseEmpty(t *testing.T) {
	for _, dsn := range []string{"", "   ", "\n\t"} {
		_, err := conn.Parse(dsn, conn.Options{Role: "target"})
		if err == nil {
			t.Fatalf("Parse(%q): no error", dsn)
		}
		if !strings.Contains(err.Error(), "--target") {
			t.Errorf("Parse(%q) = %q, want it to name the --target flag", dsn, err)
		}
	}
}

// writeFile writes content into a fresh file of the test's temp dir.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestParsePasswordPrecedence(t *testing.T) {
	const env = "PARITY_TEST_CONN_PASSWORD"
	defaults := writeFile(t, "my.cnf", "[client]\npassword = File-Prec-Pw\n")
	tests := []struct {
		name     string
		dsn      string
		env      string
		defaults string
		want     string
	}{
		{"dsn wins over env and file", "app:Dsn-Prec-Pw@tcp(h:3306)/db", "Env-Prec-Pw", defaults, "Dsn-Prec-Pw"},
		{"url wins over env and file", "mysql://app:Dsn-Prec-Pw@h/db", "Env-Prec-Pw", defaults, "Dsn-Prec-Pw"},
		{"env wins over file", "app@tcp(h:3306)/db", "Env-Prec-Pw", defaults, "Env-Prec-Pw"},
		{"empty dsn password falls back to env", "app:@tcp(h:3306)/db", "Env-Prec-Pw", defaults, "Env-Prec-Pw"},
		{"file when env unset", "app@tcp(h:3306)/db", "", defaults, "File-Prec-Pw"},
		{"env alone", "app@tcp(h:3306)/db", "Env-Prec-Pw", "", "Env-Prec-Pw"},
		{"none", "app@tcp(h:3306)/db", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(env, tt.env)
			ep, err := conn.Parse(tt.dsn, conn.Options{Role: "source", PasswordEnv: env, DefaultsFile: tt.defaults})
			if err != nil {
				t.Fatal(err)
			}
			if ep.Config.Passwd != tt.want {
				t.Errorf("password = %q, want %q", ep.Config.Passwd, tt.want)
			}
			if tt.want != "" && conn.Redact("x "+tt.want+" y") != "x *** y" {
				t.Errorf("password %q from the %s is not registered with Redact", tt.want, tt.name)
			}
		})
	}
}

func TestParseDefaultsFile(t *testing.T) {
	full := writeFile(t, "full.cnf", `# the [client] section fills what the DSN leaves out
[mysqld]
port = 9999
user = server-user
[client]
user = file-user
host = db.internal
port = 3310
database = file-db
`)
	socket := writeFile(t, "socket.cnf", "[client]\nuser=sock-user\nsocket=/run/mysqld/file.sock\n")
	both := writeFile(t, "both.cnf", "[client]\nhost=db.internal\nsocket=/run/mysqld/file.sock\n")
	local := writeFile(t, "local.cnf", "[client]\nhost=localhost\n")
	portOnly := writeFile(t, "port.cnf", "[client]\nport=3399\n")
	empty := writeFile(t, "empty.cnf", "[mysql]\nuser=other\n")

	tests := []struct {
		name, dsn, file     string
		user, net, addr, db string
	}{
		{"empty dsn takes everything", "", full, "file-user", "tcp", "db.internal:3310", "file-db"},
		{"dsn complete takes nothing", "app:Defaults-Pw-1@tcp(h:1)/shop", full, "app", "tcp", "h:1", "shop"},
		{"dsn without user", "tcp(h:1)/shop", full, "file-user", "tcp", "h:1", "shop"},
		{"dsn without address", "app@/shop", full, "app", "tcp", "db.internal:3310", "shop"},
		{"dsn without database", "app@tcp(h:1)/", full, "app", "tcp", "h:1", "file-db"},
		{"url without host", "mysql://app@/shop", full, "app", "tcp", "db.internal:3310", "shop"},
		{"url with host", "mysql://app@h:1/shop", full, "app", "tcp", "h:1", "shop"},
		{"url with port only", "mysql://app@:3401/shop", full, "app", "tcp", "127.0.0.1:3401", "shop"},
		{"socket", "", socket, "sock-user", "unix", "/run/mysqld/file.sock", ""},
		{"host wins over socket", "", both, "", "tcp", "db.internal:3306", ""},
		{"localhost is loopback tcp", "", local, "", "tcp", "127.0.0.1:3306", ""},
		{"port only", "", portOnly, "", "tcp", "127.0.0.1:3399", ""},
		{"no client section", "", empty, "", "tcp", "127.0.0.1:3306", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ep, err := conn.Parse(tt.dsn, conn.Options{Role: "source", DefaultsFile: tt.file})
			if err != nil {
				t.Fatal(err)
			}
			c := ep.Config
			if c.User != tt.user || c.Net != tt.net || c.Addr != tt.addr || c.DBName != tt.db {
				t.Errorf("got user=%q net=%q addr=%q db=%q, want user=%q net=%q addr=%q db=%q",
					c.User, c.Net, c.Addr, c.DBName, tt.user, tt.net, tt.addr, tt.db)
			}
		})
	}

	t.Run("missing file", func(t *testing.T) {
		missing := filepath.Join(t.TempDir(), "nope.cnf")
		_, err := conn.Parse("app:Defaults-Pw-2@tcp(h:1)/db", conn.Options{Role: "source", DefaultsFile: missing})
		if err == nil || !strings.Contains(err.Error(), "nope.cnf") {
			t.Fatalf("err = %v, want one naming the missing file", err)
		}
		if strings.Contains(err.Error(), "Defaults-Pw-2") {
			t.Errorf("error shows the password: %v", err)
		}
	})
	t.Run("malformed file", func(t *testing.T) {
		bad := writeFile(t, "bad.cnf", "[client]\npassword=\"Defaults-Pw-3\n")
		_, err := conn.Parse("", conn.Options{Role: "source", DefaultsFile: bad})
		if err == nil || !strings.Contains(err.Error(), "bad.cnf") {
			t.Fatalf("err = %v, want one naming the file", err)
		}
		if strings.Contains(err.Error(), "Defaults-Pw-3") {
			t.Errorf("error shows the password: %v", err)
		}
	})
}

// writeCA writes a self-signed CA certificate as PEM.
func writeCA(t *testing.T) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "parity test CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return writeFile(t, "ca.pem", string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})))
}

func TestParseSSLCA(t *testing.T) {
	ca := writeCA(t)
	q := url.QueryEscape(ca)
	check := func(t *testing.T, ep *conn.Endpoint, host string) {
		t.Helper()
		c := ep.Config
		if c.TLS == nil {
			t.Fatal("TLS not set")
		}
		if c.TLS.ServerName != host {
			t.Errorf("ServerName = %q, want %q", c.TLS.ServerName, host)
		}
		if c.TLS.RootCAs == nil || c.TLS.InsecureSkipVerify {
			t.Errorf("TLS does not verify against the CA: %+v", c.TLS)
		}
		if _, ok := c.Params["ssl-ca"]; ok {
			t.Error("ssl-ca left in Params: the driver would send it as SET ssl-ca")
		}
	}
	for _, tt := range []struct{ name, dsn, host string }{
		{"dsn", "app:SslCa-Pw-1@tcp(db.example.com:3306)/shop?ssl-ca=" + q, "db.example.com"},
		{"dsn underscore", "app:SslCa-Pw-1@tcp(db.example.com:3306)/shop?ssl_ca=" + q, "db.example.com"},
		{"url", "mysql://app:SslCa-Pw-1@rds.example.com/shop?ssl-ca=" + q, "rds.example.com"},
		{"ipv6", "mysql://app:SslCa-Pw-1@[::1]:3307/shop?ssl-ca=" + q, "::1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ep, err := conn.Parse(tt.dsn, conn.Options{Role: "source"})
			if err != nil {
				t.Fatal(err)
			}
			check(t, ep, tt.host)
		})
	}
	t.Run("defaults file", func(t *testing.T) {
		file := writeFile(t, "my.cnf", "[client]\nssl-ca = "+ca+"\n")
		ep, err := conn.Parse("app@tcp(db.example.com:3306)/shop", conn.Options{Role: "source", DefaultsFile: file})
		if err != nil {
			t.Fatal(err)
		}
		check(t, ep, "db.example.com")
	})
	t.Run("no ssl-ca", func(t *testing.T) {
		ep, err := conn.Parse("app@tcp(db.example.com:3306)/shop", conn.Options{Role: "source"})
		if err != nil {
			t.Fatal(err)
		}
		if ep.Config.TLS != nil {
			t.Errorf("TLS = %+v, want none", ep.Config.TLS)
		}
	})
	for _, tt := range []struct{ name, path string }{
		{"missing file", filepath.Join(t.TempDir(), "missing-ca.pem")},
		{"not PEM", writeFile(t, "junk.pem", "this is not a certificate\n")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := conn.Parse("app:SslCa-Pw-2@tcp(h:3306)/shop?ssl-ca="+url.QueryEscape(tt.path), conn.Options{Role: "source"})
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), "ssl-ca") || !strings.HasPrefix(err.Error(), "source") {
				t.Errorf("err = %q, want it to name the role and ssl-ca", err)
			}
			if strings.Contains(err.Error(), "SslCa-Pw-2") {
				t.Errorf("error shows the password: %v", err)
			}
		})
	}
}

// fragments are the runs of letters and digits of a password that are long
// enough to give it away.
func fragments(password string) []string {
	return regexp.MustCompile(`[A-Za-z0-9]{3,}`).FindAllString(password, -1)
}

func TestParseErrorsHidePassword(t *testing.T) {
	tests := []struct{ name, dsn, password string }{
		{"dsn unbalanced address", "app:Hx7Secret1@tcp(db:3306/shop", "Hx7Secret1"},
		{"dsn no slash", "app:Hx7Secret2@tcp(db:3306)", "Hx7Secret2"},
		{"dsn slash in password, no trailing slash", "app:Hx7Sec/ret3@tcp(db:3306)", "Hx7Sec/ret3"},
		{"dsn password ends with slash", "app:Hx7Secret4/@tcp(db:3306)", "Hx7Secret4/"},
		{"dsn missing at", "app:Hx7Secret5/shop", "Hx7Secret5"},
		{"dsn bad database escape", "app:Hx7Secret6@tcp(db:3306)/sh%zzop", "Hx7Secret6"},
		{"dsn bad bool", "app:Hx7Secret7@tcp(db:3306)/shop?parseTime=maybe", "Hx7Secret7"},
		{"dsn bad timeout", "app:Hx7Secret8@tcp(db:3306)/shop?timeout=forever", "Hx7Secret8"},
		{"dsn unknown tls config", "app:Hx7Secret9@tcp(db:3306)/shop?tls=bogus", "Hx7Secret9"},
		{"dsn unknown network", "app:Hx7Secret10@carrier-pigeon/shop", "Hx7Secret10"},
		{"url unescaped slash", "mysql://app:Hx7Sec/ret11@db:3306/shop", "Hx7Sec/ret11"},
		{"url unescaped hash", "mysql://app:Hx7Sec#ret12@db/shop", "Hx7Sec#ret12"},
		{"url unescaped question mark", "mysql://app:Hx7Sec?ret13@db/shop", "Hx7Sec?ret13"},
		{"url bad escape", "mysql://app:Hx7Sec%zzret14@db/shop", "Hx7Sec%zzret14"},
		{"url bad port", "mysql://app:Hx7Secret15@db:33o6/shop", "Hx7Secret15"},
		{"url unbalanced ipv6", "mysql://app:Hx7Secret16@[::1/shop", "Hx7Secret16"},
		{"url bad param", "mysql://app:Hx7Secret17@db/shop?parseTime=maybe", "Hx7Secret17"},
		{"url missing at", "mysql://app:Hx7Secret18/shop", "Hx7Secret18"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := conn.Parse(tt.dsn, conn.Options{Role: "source"})
			if err == nil {
				t.Fatalf("Parse(%q): no error", tt.dsn)
			}
			msg := err.Error()
			if strings.Contains(msg, tt.password) {
				t.Fatalf("error shows the password: %s", msg)
			}
			for _, f := range fragments(tt.password) {
				if strings.Contains(msg, f) {
					t.Errorf("error shows %q, part of the password: %s", f, msg)
				}
			}
			if !strings.HasPrefix(msg, "source") {
				t.Errorf("error %q does not name the role", msg)
			}
		})
	}
	// The reason survives masking when it lies outside the password.
	_, err := conn.Parse("app:Hx7Secret19@tcp(db:3306)/shop?parseTime=maybe", conn.Options{Role: "source"})
	if err == nil || !strings.Contains(err.Error(), "maybe") {
		t.Errorf("err = %v, want the driver's reason (invalid bool value: maybe)", err)
	}
}

func TestEndpointString(t *testing.T) {
	tests := []struct{ dsn, want string }{
		{"app:Str-Pw-1@tcp(db.example.com:3307)/shop", "app@db.example.com:3307/shop"},
		{"app:Str-Pw-1@tcp(db.example.com:3307)/", "app@db.example.com:3307/"},
		{"tcp(db.example.com:3307)/shop", "db.example.com:3307/shop"},
		{"app:Str-Pw-1@unix(/tmp/my.sock)/shop", "app@unix(/tmp/my.sock)/shop"},
		{"mysql://app:Str%2DPw%2D1@[::1]:3307/shop", "app@[::1]:3307/shop"},
	}
	for _, tt := range tests {
		ep, err := conn.Parse(tt.dsn, conn.Options{Role: "source"})
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.dsn, err)
		}
		got := conn.Redact(ep.String())
		if got != tt.want {
			t.Errorf("String() of %q = %q, want %q", tt.dsn, got, tt.want)
		}
		if strings.Contains(ep.String(), ":Str-Pw-1") || strings.Contains(ep.String(), "Str%2DPw") {
			t.Errorf("String() of %q = %q shows the password", tt.dsn, ep.String())
		}
	}
}

func TestRedact(t *testing.T) {
	const pw = "Rd@ct me/now+50% ok"
	conn.RegisterSecret(pw)
	forms := []string{
		pw,
		"Rd%40ct%20me%2Fnow%2B50%25%20ok", // every reserved byte, upper-case hex
		"Rd%40ct%20me%2fnow%2b50%25%20ok", // lower-case hex
		url.QueryEscape(pw),               // space as '+'
		url.PathEscape(pw),
		url.UserPassword("app", pw).String()[len("app:"):], // as url.URL prints user information
	}
	for _, f := range forms {
		in := "mysql://app:" + f + "@db/shop failed"
		if got, want := conn.Redact(in), "mysql://app:***@db/shop failed"; got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}

	// A password that contains another registered one is hidden whole.
	conn.RegisterSecret("Nest3d")
	conn.RegisterSecret("Nest3d-Longer-Secret")
	if got := conn.Redact("pw=Nest3d-Longer-Secret;"); got != "pw=***;" {
		t.Errorf("nested secret: got %q", got)
	}
	if got := conn.Redact("pw=Nest3d;"); got != "pw=***;" {
		t.Errorf("short secret: got %q", got)
	}

	conn.RegisterSecret("") // ignored
	if got := conn.Redact("nothing to hide"); got != "nothing to hide" {
		t.Errorf("Redact changed text without secrets: %q", got)
	}
	conn.RegisterSecret(pw) // registering twice is harmless
	if got := conn.Redact(pw + pw); got != "******" {
		t.Errorf("Redact(pw+pw) = %q", got)
	}
}

func TestRedactParsedPasswords(t *testing.T) {
	const pw = "Parsed/Pw@1%"
	if _, err := conn.Parse("mysql://app:"+url.QueryEscape(pw)+"@h/db", conn.Options{Role: "source"}); err != nil {
		t.Fatal(err)
	}
	dsn := "mysql://app:" + url.QueryEscape(pw) + "@h/db"
	if got := conn.Redact("connect " + dsn); strings.Contains(got, pw) || strings.Contains(got, url.QueryEscape(pw)) {
		t.Errorf("Redact(%q) = %q", dsn, got)
	}
	if got := conn.Redact("password " + pw); got != "password ***" {
		t.Errorf("Redact = %q", got)
	}
}
