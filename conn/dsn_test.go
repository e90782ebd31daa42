package conn_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/parity-db/parity/conn"
)

// Passwords in these tests are long and unusual on purpose: Parse registers
// every password it sees with Redact for the whole test binary.

func TestParse(t *testing.T) {
	isolate(t)
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
			name: "dsn bare network", dsn: "app@tcp/shop",
			user: "app", net: "tcp", addr: "127.0.0.1:3306", db: "shop",
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
			name: "host:port/db", dsn: "db.example.com:3307/shop",
			user: "tester", net: "tcp", addr: "db.example.com:3307", db: "shop", endpoint: "tester@db.example.com:3307/shop",
		},
		{
			name: "host/db", dsn: "db.example.com/shop",
			user: "tester", net: "tcp", addr: "db.example.com:3306", db: "shop",
		},
		{
			name: "user@host:port/db", dsn: "app@db.example.com:3307/shop",
			user: "app", net: "tcp", addr: "db.example.com:3307", db: "shop",
		},
		{
			name: "user:password@host/db", dsn: "app:Dsn-Host-Pw6@db-ro-1.internal/shop",
			user: "app", passwd: "Dsn-Host-Pw6", net: "tcp", addr: "db-ro-1.internal:3306", db: "shop",
		},
		{
			name: "[ipv6]:port/db", dsn: "app@[::1]:3307/",
			user: "app", net: "tcp", addr: "[::1]:3307", db: "",
		},
		{
			name: "localhost is tcp", dsn: "app@localhost/shop",
			user: "app", net: "tcp", addr: "localhost:3306", db: "shop",
		},
		{
			name: "dsn params",
			dsn:  "app:Dsn-Params-Pw7@tcp(h:3306)/shop?tls=skip-verify&allowCleartextPasswords=true&session.wait_timeout=100",
			user: "app", passwd: "Dsn-Params-Pw7", net: "tcp", addr: "h:3306", db: "shop",
			check: func(t *testing.T, ep *conn.Endpoint) {
				c := ep.Config
				if ep.SSLMode != conn.SSLRequired || c.TLS == nil || !c.TLS.InsecureSkipVerify || c.AllowFallbackToPlaintext {
					t.Errorf("tls=skip-verify: mode %s, TLS %+v, fallback %v; want REQUIRED without verification", ep.SSLMode, c.TLS, c.AllowFallbackToPlaintext)
				}
				if !c.AllowCleartextPasswords {
					t.Error("AllowCleartextPasswords not set")
				}
				if got := c.Params["wait_timeout"]; got != "100" || len(c.Params) != 1 {
					t.Errorf("Params = %q, want only wait_timeout=100", c.Params)
				}
			},
		},
		{
			name: "dsn surrounding space", dsn: "  app:Dsn-Space-Pw8@tcp(h:3306)/shop \n",
			user: "app", passwd: "Dsn-Space-Pw8", net: "tcp", addr: "h:3306", db: "shop",
		},
		{
			name: "dsn question mark in the password", dsn: "app:Dsn?Q-Pw9@tcp(h:3306)/shop?parseTime=false",
			user: "app", passwd: "Dsn?Q-Pw9", net: "tcp", addr: "h:3306", db: "shop",
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
			name: "url password with / # ? as they are", dsn: "mysql://app:Url/Sl#as?h2@db.example.com/shop",
			user: "app", passwd: "Url/Sl#as?h2", net: "tcp", addr: "db.example.com:3306", db: "shop",
		},
		{
			name: "url encoded user", dsn: "mysql://ops%40corp:Url-User-Pw3@db.example.com/shop",
			user: "ops@corp", passwd: "Url-User-Pw3", net: "tcp", addr: "db.example.com:3306", db: "shop",
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
			user: "tester", net: "tcp", addr: "h:3310", db: "shop", endpoint: "tester@h:3310/shop",
		},
		{
			name: "url no database", dsn: "mysql://app:Url-NoDb-Pw7@h",
			user: "app", passwd: "Url-NoDb-Pw7", net: "tcp", addr: "h:3306", db: "",
		},
		{
			name: "url socket", dsn: "mysql://app@/shop?socket=/run/mysqld/mysqld.sock",
			user: "app", net: "unix", addr: "/run/mysqld/mysqld.sock", db: "shop",
		},
		{
			name: "url params", dsn: "mysql://app:Url-Params-Pw8@h/shop?allowCleartextPasswords=true&session.sql_mode='ANSI'",
			user: "app", passwd: "Url-Params-Pw8", net: "tcp", addr: "h:3306", db: "shop",
			check: func(t *testing.T, ep *conn.Endpoint) {
				if !ep.Config.AllowCleartextPasswords || ep.Config.Params["sql_mode"] != "'ANSI'" {
					t.Errorf("params not applied: cleartext %v, Params %q", ep.Config.AllowCleartextPasswords, ep.Config.Params)
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
			if ep.Role != "source" || ep.Database() != tt.db {
				t.Errorf("Role = %q, Database() = %q", ep.Role, ep.Database())
			}
			if tt.endpoint != "" && ep.String() != tt.endpoint {
				t.Errorf("String() = %q, want %q", ep.String(), tt.endpoint)
			}
			if tt.passwd != "" && strings.Contains(ep.String(), tt.passwd) {
				t.Errorf("String() %q shows the password", ep.String())
			}
			if (tt.passwd != "") != (ep.PasswordFrom == "the DSN") {
				t.Errorf("PasswordFrom = %q", ep.PasswordFrom)
			}
			if ep.ConnectTimeout != conn.DefaultConnectTimeout || c.Timeout != conn.DefaultConnectTimeout {
				t.Errorf("connect timeout %v (driver %v), want the default %v", ep.ConnectTimeout, c.Timeout, conn.DefaultConnectTimeout)
			}
			if tt.check != nil {
				tt.check(t, ep)
			}
		})
	}
}

func TestParseEmpty(t *testing.T) {
	isolate(t)
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

// TestParseErrors: each malformed DSN gets one line that names the role,
// says what is wrong, and shows no part of the password.
func TestParseErrors(t *testing.T) {
	isolate(t)
	tests := []struct{ name, dsn, password, want string }{
		{"unbalanced address", "app:Hx7Secret1@tcp(db:3306/shop", "Hx7Secret1", "parentheses"},
		{"no slash", "app:Hx7Secret2@tcp(db:3306)", "Hx7Secret2", "no '/' before the database"},
		{"slash in password, no trailing slash", "app:Hx7Sec/ret3@tcp(db:3306)", "Hx7Sec/ret3", "a '/' in the password?"},
		{"password ends with slash", "app:Hx7Secret4/@tcp(db:3306)", "Hx7Secret4/", "a '/' in the password?"},
		{"missing at", "app:Hx7Secret5/shop", "Hx7Secret5", "invalid port"},
		{"bad database escape", "app:Hx7Secret6@tcp(db:3306)/sh%zzop", "Hx7Secret6", "database name"},
		{"bad bool", "app:Hx7Secret7@tcp(db:3306)/shop?parseTime=maybe", "Hx7Secret7", "parseTime: invalid bool value: maybe"},
		{"bad timeout", "app:Hx7Secret8@tcp(db:3306)/shop?timeout=forever", "Hx7Secret8", "parameter timeout"},
		{"unknown tls config", "app:Hx7Secret9@tcp(db:3306)/shop?tls=bogus", "Hx7Secret9", "tls=bogus"},
		{"unknown network", "app:Hx7Secret10@carrier(pigeon)/shop", "Hx7Secret10", "unknown network"},
		{"bad host", "app:Hx7Secret11@db!x:3306/shop", "Hx7Secret11", "invalid host name"},
		{"unix without path", "app:Hx7Secret12@unix/shop", "Hx7Secret12", "socket's path"},
		{"ipv6 without brackets", "app:Hx7Secret13@::1:3306/shop", "Hx7Secret13", "brackets"},
		{"other scheme", "postgres://app:Hx7Secret14@db/shop", "Hx7Secret14", "only mysql:// URLs"},
		{"bare host", "db.example.com", "", "no '/' before the database"},
		{"param without value", "app:Hx7Secret15@tcp(db)/shop?parseTime", "Hx7Secret15", "name=value"},
		{"bad param escape", "app:Hx7Secret16@tcp(db)/shop?ssl-ca=/etc/100%.pem", "Hx7Secret16", "ssl-ca: invalid %-escape"},
		{"url bad escape", "mysql://app:Hx7Sec%zzret17@db/shop", "Hx7Sec%zzret17", "malformed user or password"},
		{"url bad port", "mysql://app:Hx7Secret18@db:33o6/shop", "Hx7Secret18", "invalid port"},
		{"url unbalanced ipv6", "mysql://app:Hx7Secret19@[::1/shop", "Hx7Secret19", "'['"},
		{"url missing at", "mysql://app:Hx7Secret20/shop", "Hx7Secret20", "invalid port"},
		{"url slash in database", "mysql://app:Hx7Secret21@db/shop/x", "Hx7Secret21", "database name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := conn.Parse(tt.dsn, conn.Options{Role: "source"})
			if err == nil {
				t.Fatalf("Parse(%q): no error", tt.dsn)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "source") || !strings.Contains(msg, tt.want) {
				t.Errorf("error %q, want it to start with the role and say %q", msg, tt.want)
			}
			for _, f := range fragments(tt.password) {
				if strings.Contains(msg, f) {
					t.Errorf("error shows %q, part of the password: %s", f, msg)
				}
			}
		})
	}
}

// TestParseParams: a parameter is a go-sql-driver parameter, a client
// option or an explicit session variable; anything else is refused rather
// than sent to the server as SET name=value.
func TestParseParams(t *testing.T) {
	isolate(t)
	ca := writeCA(t)
	ok := []struct{ name, query string }{
		{"ssl-mode", "ssl-mode=REQUIRED"},
		{"ssl_mode", "ssl_mode=required"},
		{"SSL-MODE upper case", "SSL-MODE=VERIFY_CA&SSL-CA=" + ca},
		{"plain ssl-ca path", "ssl-ca=" + ca},
		{"driver parameter", "readTimeout=30s"},
		{"session variable", "session.wait_timeout=600"},
		{"login-path", "login-path=nowhere"},
	}
	for _, tt := range ok {
		t.Run(tt.name, func(t *testing.T) {
			_, err := conn.Parse("app@tcp(h:3306)/db?"+tt.query, conn.Options{Role: "source"})
			if tt.name == "login-path" {
				if err == nil || !strings.Contains(err.Error(), "--login-path") {
					t.Fatalf("login-path in the DSN: %v, want it looked up (and missing)", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("?%s: %v", tt.query, err)
			}
		})
	}
	bad := []struct{ name, query, want string }{
		{"misspelled client option", "sslmode=REQUIRED", "unknown parameter sslmode (did you mean ssl-mode?)"},
		{"session variable without prefix", "wait_timeout=600", "session.NAME=VALUE"},
		{"session variable, bad name", "session.wait-timeout=600", "letters, digits and '_'"},
		{"bad ssl-mode", "ssl-mode=ALWAYS", `ssl-mode "ALWAYS"`},
		{"tls and ssl-mode", "tls=true&ssl-mode=REQUIRED", "keep one"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := conn.Parse("app@tcp(h:3306)/db?"+tt.query, conn.Options{Role: "source"})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("?%s: err = %v, want %q", tt.query, err, tt.want)
			}
		})
	}
}

func TestParseTimeout(t *testing.T) {
	isolate(t)
	for _, tt := range []struct {
		dsn  string
		flag time.Duration
		want time.Duration
	}{
		{"app@h/db", 0, 10 * time.Second},
		{"app@h/db", 3 * time.Second, 3 * time.Second},
		{"app@h/db?timeout=2s", 3 * time.Second, 2 * time.Second},
	} {
		ep, err := conn.Parse(tt.dsn, conn.Options{Role: "source", ConnectTimeout: tt.flag})
		if err != nil {
			t.Fatal(err)
		}
		if ep.ConnectTimeout != tt.want || ep.Config.Timeout != tt.want {
			t.Errorf("Parse(%q, flag %v): timeout %v (driver %v), want %v", tt.dsn, tt.flag, ep.ConnectTimeout, ep.Config.Timeout, tt.want)
		}
	}
}

func TestEndpointString(t *testing.T) {
	isolate(t)
	tests := []struct{ dsn, want string }{
		{"app:Str-Pw-1@tcp(db.example.com:3307)/shop", "app@db.example.com:3307/shop"},
		{"app:Str-Pw-1@tcp(db.example.com:3307)/", "app@db.example.com:3307/"},
		{"tcp(db.example.com:3307)/shop", "tester@db.example.com:3307/shop"},
		{"app:Str-Pw-1@unix(/tmp/my.sock)/shop", "app@unix(/tmp/my.sock)/shop"},
		{"mysql://app:Str%2DPw%2D1@[::1]:3307/shop", "app@[::1]:3307/shop"},
	}
	for _, tt := range tests {
		ep, err := conn.Parse(tt.dsn, conn.Options{Role: "source"})
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.dsn, err)
		}
		if got := ep.String(); got != tt.want {
			t.Errorf("String() of %q = %q, want %q", tt.dsn, got, tt.want)
		}
	}
}

// TestEndpointDSN: the DSN a restore file records has no password and
// parses back to the same endpoint.
func TestEndpointDSN(t *testing.T) {
	isolate(t)
	ca := writeCA(t)
	for _, dsn := range []string{
		"app:Dsn-Rt-Pw-1@tcp(db.example.com:3307)/shop?ssl-mode=VERIFY_CA&ssl-ca=" + ca + "&session.wait_timeout=60",
		"mysql://ops%40corp:Dsn-Rt-Pw-1@[::1]:3307/shop?readTimeout=30s",
		"app:Dsn-Rt-Pw-1@unix(/run/my sql/mysqld.sock)/shop",
		"app:Dsn-Rt-Pw-1@h/db?session.sql_mode='A%26B'",
	} {
		ep, err := conn.Parse(dsn, conn.Options{Role: "new"})
		if err != nil {
			t.Fatal(err)
		}
		rec := ep.DSN()
		if strings.Contains(rec, "Dsn-Rt-Pw-1") || strings.Contains(rec, "Dsn%2DRt") {
			t.Errorf("DSN() = %q holds the password", rec)
		}
		back, err := conn.Parse(rec, conn.Options{Role: "new"})
		if err != nil {
			t.Fatalf("DSN() %q does not parse: %v", rec, err)
		}
		a, b := ep.Config, back.Config
		if back.String() != ep.String() || back.SSLMode != ep.SSLMode || fmt.Sprint(a.Params) != fmt.Sprint(b.Params) || a.ReadTimeout != b.ReadTimeout {
			t.Errorf("%q: DSN() %q parses to %s %s %v, want %s %s %v", dsn, rec, back, back.SSLMode, b.Params, ep, ep.SSLMode, a.Params)
		}
	}
}

// FuzzParse: whatever the DSN, Parse does not panic, and its error never
// repeats the password of a DSN that has one.
func FuzzParse(f *testing.F) {
	f.Add("app", "Fz-Secret-1", "tcp(h:3306)", "db", "ssl-mode=REQUIRED")
	f.Add("ops@corp", "p@ss:w/rd?x#y", "h:1", "shop", "session.x=1&parseTime=true")
	f.Add("", "", "", "", "")
	f.Add("u", "pw", "[::1]:3307", "d", "ssl-ca=/etc/ssl/ca.pem")
	f.Fuzz(func(t *testing.T, user, password, addr, db, query string) {
		t.Setenv("HOME", t.TempDir())
		conn.SetSystemOptionFiles(t)
		for _, dsn := range []string{
			user + ":" + password + "@" + addr + "/" + db + "?" + query,
			"mysql://" + user + ":" + password + "@" + addr + "/" + db + "?" + query,
		} {
			ep, err := conn.Parse(dsn, conn.Options{Role: "source", Files: conn.OptionFiles{NoDefaults: true}})
			if err == nil {
				if strings.Contains(ep.String(), ":"+password+"@") && password != "" {
					t.Fatalf("String() %q shows the password", ep.String())
				}
				continue
			}
			if len(password) >= 6 && !strings.ContainsAny(password, "?&=") && strings.Contains(err.Error(), password) {
				t.Fatalf("Parse(%q) error shows the password: %v", dsn, err)
			}
		}
	})
}

func TestPasswordEnv(t *testing.T) {
	for role, want := range map[string]string{"source": "PARITY_SOURCE_PASSWORD", "target": "PARITY_TARGET_PASSWORD",
		"new": "PARITY_NEW_PASSWORD", "ram-2m": "PARITY_RAM_2M_PASSWORD", "Aurora3": "PARITY_AURORA3_PASSWORD"} {
		if got := conn.PasswordEnv(role); got != want {
			t.Errorf("PasswordEnv(%q) = %q, want %q", role, got, want)
		}
	}
}
