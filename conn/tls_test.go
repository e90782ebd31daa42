package conn_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/schema"
	"github.com/parity-db/parity/testbed"
)

// TestSSLModes: what each mode asks of the driver.
func TestSSLModes(t *testing.T) {
	isolate(t)
	ca := writeCA(t)
	tests := []struct {
		name, query string
		mode        conn.SSLMode
		tls         bool // TLS attempted
		verify      string
		fallback    bool
		warning     string
	}{
		{"default", "", conn.SSLPreferred, true, "none", true, ""},
		{"disabled", "ssl-mode=DISABLED", conn.SSLDisabled, false, "", false, ""},
		{"required", "ssl-mode=REQUIRED", conn.SSLRequired, true, "none", false, ""},
		{"required with ssl-ca", "ssl-mode=required&ssl-ca=" + ca, conn.SSLRequired, true, "none", false, "ssl-ca is not used"},
		{"ssl-ca alone is VERIFY_CA", "ssl-ca=" + ca, conn.SSLVerifyCA, true, "ca", false, ""},
		{"verify_ca", "ssl-mode=verify_ca&ssl-ca=" + ca, conn.SSLVerifyCA, true, "ca", false, ""},
		{"verify-identity", "ssl-mode=verify-identity&ssl-ca=" + ca, conn.SSLVerifyIdentity, true, "identity", false, ""},
		{"tls=true uses the system roots", "tls=true", conn.SSLVerifyIdentity, true, "identity", false, ""},
		{"tls=false", "tls=false", conn.SSLDisabled, false, "", false, ""},
		{"tls=preferred", "tls=preferred", conn.SSLPreferred, true, "none", true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ep, err := conn.Parse("app@db.example.com:3306/shop?"+tt.query, conn.Options{Role: "source"})
			if err != nil {
				t.Fatal(err)
			}
			c := ep.Config
			if ep.SSLMode != tt.mode || (c.TLS != nil) != tt.tls || c.AllowFallbackToPlaintext != tt.fallback {
				t.Fatalf("mode %s, TLS %v, fallback %v; want %s, %v, %v", ep.SSLMode, c.TLS != nil, c.AllowFallbackToPlaintext, tt.mode, tt.tls, tt.fallback)
			}
			if c.TLS != nil {
				verify := "none"
				switch {
				case !c.TLS.InsecureSkipVerify && c.TLS.ServerName == "db.example.com":
					verify = "identity"
				case c.TLS.VerifyConnection != nil:
					verify = "ca"
				}
				if verify != tt.verify {
					t.Errorf("verification %s, want %s", verify, tt.verify)
				}
			}
			if got := strings.Join(ep.Warnings, "; "); !strings.Contains(got, tt.warning) || (tt.warning == "") != (got == "") {
				t.Errorf("warnings %q, want %q", got, tt.warning)
			}
		})
	}
	t.Run("unix socket", func(t *testing.T) {
		ep, err := conn.Parse("app@unix(/run/mysqld/mysqld.sock)/shop?ssl-mode=REQUIRED", conn.Options{Role: "source"})
		if err != nil || ep.Config.TLS != nil {
			t.Errorf("REQUIRED over a socket: TLS %v, err %v; a socket is a secure transport", ep.Config.TLS, err)
		}
	})
	t.Run("option file", func(t *testing.T) {
		file := writeFile(t, "my.cnf", "[client]\nssl-ca = "+ca+"\nssl-mode = VERIFY_IDENTITY\n")
		ep, err := conn.Parse("app@db.example.com/shop", conn.Options{Role: "source", Files: conn.OptionFiles{DefaultsFile: file}})
		if err != nil || ep.SSLMode != conn.SSLVerifyIdentity || ep.Config.TLS.RootCAs == nil {
			t.Errorf("mode %s, err %v", ep.SSLMode, err)
		}
		ep, err = conn.Parse("app@db.example.com/shop?ssl-mode=REQUIRED", conn.Options{Role: "source", Files: conn.OptionFiles{DefaultsFile: file}})
		if err != nil || ep.SSLMode != conn.SSLRequired {
			t.Errorf("the DSN's ssl-mode does not win over the file's: mode %s, err %v", ep.SSLMode, err)
		}
		maria := writeFile(t, "mariadb.cnf", "[client-mariadb]\nssl-ca = "+ca+"\nssl-verify-server-cert\n[client]\nskip-ssl\n")
		ep, err = conn.Parse("app@db.example.com/shop", conn.Options{Role: "source", Files: conn.OptionFiles{DefaultsFile: maria}})
		if err != nil || ep.SSLMode != conn.SSLVerifyIdentity {
			t.Errorf("MariaDB's ssl-verify-server-cert: mode %s, err %v", ep.SSLMode, err)
		}
	})
	for _, tt := range []struct{ name, query, want string }{
		{"verify without a CA", "ssl-mode=VERIFY_CA", "ssl-mode=VERIFY_CA needs ssl-ca"},
		{"missing CA file", "ssl-ca=/nonexistent/ca.pem", "ssl-ca /nonexistent/ca.pem (from the DSN): open"},
		{"not PEM", "ssl-ca=" + writeFile(t, "junk.pem", "junk"), "no PEM certificate"},
		{"cert without key", "ssl-cert=" + ca, "ssl-cert and ssl-key go together"},
		{"unknown tls", "tls=custom", "tls=custom"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := conn.Parse("app:Tls-Unit-Pw@h/db?"+tt.query, conn.Options{Role: "source"})
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "source") {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

// cipher opens ep and returns the session's TLS cipher, "" without TLS.
func cipher(t *testing.T, ep *conn.Endpoint) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	p, err := conn.Open(ctx, ep, 1)
	if err != nil {
		return "", err
	}
	defer p.Close()
	var name, value string
	if err := p.QueryRowContext(ctx, "SHOW SESSION STATUS LIKE 'Ssl_cipher'").Scan(&name, &value); err != nil {
		t.Fatal(err)
	}
	return value, nil
}

// TestTLS connects to a MariaDB and a MySQL 9 started with certificates
// of the test's own CA, in every mode, with accounts that REQUIRE SSL and
// REQUIRE X509.
func TestTLS(t *testing.T) {
	isolate(t)
	pair := testbed.StartTLS(t)
	certs := pair.Certs
	wrongCA := writeCA(t)
	const sslPw, x509Pw = "Tls-Ssl-Pw-1", "Tls-X509-Pw-2"
	for _, s := range pair.Each() {
		t.Run(s.Name, func(t *testing.T) {
			for _, q := range []string{
				"CREATE USER IF NOT EXISTS 'pt_ssl'@'%' IDENTIFIED BY '" + sslPw + "' REQUIRE SSL",
				"CREATE USER IF NOT EXISTS 'pt_x509'@'%' IDENTIFIED BY '" + x509Pw + "' REQUIRE X509",
			} {
				if _, err := s.Admin.Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			parse := func(dsn string, files conn.OptionFiles) *conn.Endpoint {
				t.Helper()
				ep, err := conn.Parse(dsn, conn.Options{Role: "source", Files: files})
				if err != nil {
					t.Fatal(err)
				}
				return ep
			}
			ssl := func(host, query string) *conn.Endpoint {
				return parse(fmt.Sprintf("pt_ssl:%s@tcp(%s)/?%s", sslPw, s.Addr(host), query), conn.OptionFiles{})
			}
			ok := func(t *testing.T, ep *conn.Endpoint) {
				t.Helper()
				c, err := cipher(t, ep)
				if err != nil {
					t.Fatalf("%s: %v", ep, err)
				}
				if c == "" {
					t.Errorf("%s (%s): connected without TLS", ep, ep.SSLMode)
				}
			}
			fails := func(t *testing.T, ep *conn.Endpoint, kind error, says ...string) {
				t.Helper()
				_, err := cipher(t, ep)
				if !errors.Is(err, kind) {
					t.Fatalf("%s (%s): err = %v, want %v", ep, ep.SSLMode, err, kind)
				}
				t.Log(err)
				for _, s := range append(says, "connect source "+ep.String()+": ") {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("message %q lacks %q", err, s)
					}
				}
			}

			t.Run("PREFERRED by default", func(t *testing.T) { ok(t, ssl("127.0.0.1", "")) })
			t.Run("REQUIRED, URL", func(t *testing.T) {
				ok(t, parse(fmt.Sprintf("mysql://pt_ssl:%s@%s/?ssl-mode=REQUIRED", sslPw, s.Addr("127.0.0.1")), conn.OptionFiles{}))
			})
			t.Run("DISABLED refused", func(t *testing.T) {
				fails(t, ssl("127.0.0.1", "ssl-mode=DISABLED"), conn.ErrAuth, "Access denied", "REQUIRE SSL", "ssl-mode=DISABLED")
			})
			t.Run("VERIFY_CA", func(t *testing.T) {
				ok(t, ssl("127.0.0.1", "ssl-mode=VERIFY_CA&ssl-ca="+certs.CA))
				ok(t, ssl("127.0.0.2", "ssl-ca="+certs.CA)) // the CA only: any name
			})
			t.Run("VERIFY_CA from an option file", func(t *testing.T) {
				file := writeFile(t, "my.cnf", "[client]\nssl-mode=VERIFY_CA\nssl-ca="+certs.CA+"\n")
				ok(t, parse(fmt.Sprintf("pt_ssl:%s@%s/", sslPw, s.Addr("127.0.0.1")), conn.OptionFiles{DefaultsFile: file}))
			})
			t.Run("wrong CA", func(t *testing.T) {
				fails(t, ssl("127.0.0.1", "ssl-mode=VERIFY_CA&ssl-ca="+wrongCA), conn.ErrTLS,
					"failed to verify certificate", "did not verify against ssl-ca "+wrongCA+" (from the DSN)")
				fails(t, parse(fmt.Sprintf("mysql://pt_ssl:%s@%s/?ssl-ca=%s", sslPw, s.Addr("127.0.0.1"), wrongCA), conn.OptionFiles{}),
					conn.ErrTLS, "ssl-mode=VERIFY_CA")
			})
			t.Run("VERIFY_IDENTITY", func(t *testing.T) {
				ok(t, ssl("127.0.0.1", "ssl-mode=VERIFY_IDENTITY&ssl-ca="+certs.CA))
				fails(t, ssl("127.0.0.2", "ssl-mode=VERIFY_IDENTITY&ssl-ca="+certs.CA), conn.ErrTLS,
					"not 127.0.0.2", "does not name the host")
			})
			t.Run("client certificate", func(t *testing.T) {
				x509 := func(query string) *conn.Endpoint {
					return parse(fmt.Sprintf("pt_x509:%s@%s/?%s", x509Pw, s.Addr("127.0.0.1"), query), conn.OptionFiles{})
				}
				ok(t, x509("ssl-mode=VERIFY_CA&ssl-ca="+certs.CA+"&ssl-cert="+certs.ClientCert+"&ssl-key="+certs.ClientKey))
				fails(t, x509("ssl-mode=REQUIRED"), conn.ErrAuth, "Access denied")
			})
		})
	}
}

// TestTLSTestbed: the shared servers as parity sees them. MariaDB offers
// no TLS: PREFERRED connects in plain text and REQUIRED refuses clearly.
// MySQL 9 offers TLS with its own generated certificate: PREFERRED uses it,
// for parity and for the floors its benchmarks measure against, which open
// their pools the same way.
func TestTLSTestbed(t *testing.T) {
	isolate(t)
	old := testbed.Get(t, "old")
	c, err := cipher(t, old.Endpoint(t, ""))
	if err != nil || c != "" {
		t.Errorf("old, PREFERRED: cipher %q, err %v; want a plain connection", c, err)
	}
	required := testbed.WithDatabase(old.DSN, "") + "?ssl-mode=REQUIRED"
	ep, err := conn.Parse(required, conn.Options{Role: "source", Files: conn.OptionFiles{NoDefaults: true}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = cipher(t, ep)
	if !errors.Is(err, conn.ErrTLS) || !strings.Contains(err.Error(), "does not support TLS") || !strings.Contains(err.Error(), "ssl-mode=REQUIRED requires TLS") {
		t.Errorf("old, REQUIRED: %v", err)
	}
	nw := testbed.Get(t, "new")
	if c, err := cipher(t, nw.Endpoint(t, "")); err != nil || c == "" {
		t.Errorf("new, PREFERRED: cipher %q, err %v; want TLS", c, err)
	}
}

// TestOpenAccountLimit: an account's MAX_USER_CONNECTIONS counts too (on
// the throwaway servers, whose accounts a test may change).
func TestOpenAccountLimit(t *testing.T) {
	isolate(t)
	pair := testbed.StartTLS(t)
	for _, s := range pair.Each() {
		t.Run(s.Name, func(t *testing.T) {
			if _, err := s.Admin.Exec("CREATE USER IF NOT EXISTS 'pt_limited'@'%' IDENTIFIED BY 'Limited-Pw-1' WITH MAX_USER_CONNECTIONS 3"); err != nil {
				t.Fatal(err)
			}
			ep, err := conn.Parse("pt_limited:Limited-Pw-1@"+s.Addr("127.0.0.1")+"/", conn.Options{Role: "target"})
			if err != nil {
				t.Fatal(err)
			}
			// The account's other session runs a statement whose text is not
			// UTF-8 (a binary literal, as applications send): on MySQL,
			// information_schema.PROCESSLIST then fails as a whole, and the
			// count of the account's sessions must not.
			sleeper, err := sql.Open("mysql", "pt_limited:Limited-Pw-1@tcp("+s.Addr("127.0.0.1")+")/?interpolateParams=true")
			if err != nil {
				t.Fatal(err)
			}
			defer sleeper.Close()
			slept := make(chan error, 1)
			go func() {
				_, err := sleeper.Exec("SELECT SLEEP(3), ?", []byte{0xa2, 0xd6, 0xed, 0x90})
				slept <- err
			}()
			srv, err := schema.Identify(context.Background(), s.Admin, s.Name)
			if err != nil {
				t.Fatal(err)
			}
			if s.Name == "mysql" && srv.ProcessList() != "performance_schema.processlist" {
				t.Errorf("MySQL %s lists sessions in %s, want performance_schema.processlist", srv.Version, srv.ProcessList())
			}
			for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
				var n int
				err := s.Admin.QueryRow("SELECT COUNT(*) FROM " + srv.ProcessList() + " WHERE USER = 'pt_limited' AND INFO LIKE 'SELECT SLEEP(3)%'").Scan(&n)
				if err != nil {
					t.Fatal(err)
				}
				if n == 1 {
					break
				}
				if time.Now().After(deadline) {
					t.Fatal("the binary statement never showed in the process list")
				}
			}
			p, err := conn.Open(context.Background(), ep, 5)
			if p != nil {
				p.Close()
			}
			want := "5 connections wanted, but user pt_limited may open 1 more (max_user_connections 3, 2 open) (lower --workers)"
			if !errors.Is(err, conn.ErrTooManyConnections) || !strings.Contains(err.Error(), want) {
				t.Fatalf("err = %v, want %q", err, want)
			}
			if err := <-slept; err != nil {
				t.Fatal(err)
			}
			sleeper.Close()
			p, err = conn.Open(context.Background(), ep, 2)
			if err != nil {
				t.Fatal(err)
			}
			p.Close()
		})
	}
}
