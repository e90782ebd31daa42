package conn

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
)

// SSLMode is the mysql client's --ssl-mode: how hard to insist on TLS and
// how much of the server's certificate to check.
type SSLMode int

// The modes, weakest first. PREFERRED is the default, as in the mysql
// client: TLS when the server offers it, without verification.
const (
	SSLPreferred SSLMode = iota
	SSLDisabled
	SSLRequired
	SSLVerifyCA
	SSLVerifyIdentity
)

var sslModeNames = map[SSLMode]string{
	SSLDisabled: "DISABLED", SSLPreferred: "PREFERRED", SSLRequired: "REQUIRED",
	SSLVerifyCA: "VERIFY_CA", SSLVerifyIdentity: "VERIFY_IDENTITY",
}

func (m SSLMode) String() string { return sslModeNames[m] }

// ParseSSLMode reads DISABLED, PREFERRED, REQUIRED, VERIFY_CA or
// VERIFY_IDENTITY, in any case, with '-' or '_'.
func ParseSSLMode(s string) (SSLMode, error) {
	want := strings.ReplaceAll(strings.ToUpper(strings.TrimSpace(s)), "-", "_")
	for m, name := range sslModeNames {
		if name == want {
			return m, nil
		}
	}
	return 0, fmt.Errorf("ssl-mode %q: want DISABLED, PREFERRED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY", s)
}

// tlsSettings are the TLS options gathered from the DSN and the option
// files, each with where it came from.
type tlsSettings struct {
	mode              setting // ssl-mode
	driverTLS         setting // go-sql-driver's tls=true|false|skip-verify|preferred
	ca, cert, key     setting
	ssl, verifyServer setting // MariaDB's --ssl and --ssl-verify-server-cert
}

// setting is one value and where it came from ("the DSN", "~/.my.cnf line 3").
type setting struct {
	value string
	from  string
	set   bool
}

func (s setting) describe(name string) string {
	return fmt.Sprintf("%s %s (from %s)", name, s.value, s.from)
}

// resolveMode decides the mode as the mysql client does: an explicit
// ssl-mode wins; ssl-ca alone means VERIFY_CA; otherwise PREFERRED.
// go-sql-driver's tls= and MariaDB's ssl / ssl-verify-server-cert are
// understood too.
func (t tlsSettings) resolveMode() (mode SSLMode, systemRoots bool, err error) {
	switch {
	case t.mode.set:
		m, err := ParseSSLMode(t.mode.value)
		if err != nil {
			return 0, false, fmt.Errorf("%w (from %s)", err, t.mode.from)
		}
		return m, false, nil
	case t.driverTLS.set:
		switch strings.ToLower(t.driverTLS.value) {
		case "true", "1":
			return SSLVerifyIdentity, !t.ca.set, nil
		case "skip-verify":
			return SSLRequired, false, nil
		case "preferred":
			return SSLPreferred, false, nil
		case "false", "0":
			return SSLDisabled, false, nil
		}
		return 0, false, fmt.Errorf("tls=%s (from %s): parity defines no TLS configuration of that name; "+
			"use ssl-mode=... with ssl-ca=/path/ca.pem (tls= takes true, false, skip-verify or preferred)", t.driverTLS.value, t.driverTLS.from)
	case t.verifyServer.set && isTrue(t.verifyServer.value):
		return SSLVerifyIdentity, false, nil
	case t.ca.set:
		return SSLVerifyCA, false, nil
	case t.ssl.set && isTrue(t.ssl.value):
		return SSLRequired, false, nil
	case t.ssl.set:
		return SSLDisabled, false, nil
	}
	return SSLPreferred, false, nil
}

func isTrue(v string) bool {
	switch strings.ToLower(v) {
	case "", "1", "true", "on", "yes":
		return true
	}
	return false
}

// compatibleSuites are Go's default TLS 1.2 suites plus the RSA key
// exchange suites older MySQL 5.7 builds offer; used only by the modes that
// do not verify the server, where they are still better than plain text.
var compatibleSuites = func() []uint16 {
	var ids []uint16
	for _, s := range tls.CipherSuites() {
		ids = append(ids, s.ID)
	}
	return append(ids, tls.TLS_RSA_WITH_AES_128_GCM_SHA256, tls.TLS_RSA_WITH_AES_256_GCM_SHA384,
		tls.TLS_RSA_WITH_AES_128_CBC_SHA, tls.TLS_RSA_WITH_AES_256_CBC_SHA)
}()

// tlsConfig builds the driver's TLS configuration for mode. It returns nil
// for no TLS, and whether the driver may fall back to plain text
// (PREFERRED against a server that offers no TLS). A Unix socket is a
// secure transport to the server: PREFERRED and REQUIRED use no TLS there,
// as the mysql client does.
func (t tlsSettings) tlsConfig(mode SSLMode, systemRoots bool, network, addr string) (*tls.Config, bool, []string, error) {
	var warnings []string
	if mode == SSLDisabled || network == "unix" && (mode == SSLPreferred || mode == SSLRequired) {
		return nil, false, nil, nil
	}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if t.cert.set || t.key.set {
		if !t.cert.set || !t.key.set {
			return nil, false, nil, errors.New("ssl-cert and ssl-key go together: give both, the client certificate and its key")
		}
		pair, err := tls.LoadX509KeyPair(t.cert.value, t.key.value)
		if err != nil {
			return nil, false, nil, fmt.Errorf("%s, %s: %w", t.cert.describe("ssl-cert"), t.key.describe("ssl-key"), err)
		}
		cfg.Certificates = []tls.Certificate{pair}
	}
	switch mode {
	case SSLPreferred, SSLRequired:
		cfg.InsecureSkipVerify = true
		cfg.MinVersion = tls.VersionTLS10
		cfg.CipherSuites = compatibleSuites
		if t.ca.set {
			warnings = append(warnings, fmt.Sprintf("ssl-ca is not used with ssl-mode=%s: the server's certificate is not verified "+
				"(use ssl-mode=VERIFY_CA or VERIFY_IDENTITY)", mode))
		}
		return cfg, mode == SSLPreferred, warnings, nil
	}
	var roots *x509.CertPool
	switch {
	case t.ca.set:
		pem, err := os.ReadFile(t.ca.value)
		if err != nil {
			return nil, false, nil, fmt.Errorf("%s: %w", t.ca.describe("ssl-ca"), err)
		}
		roots = x509.NewCertPool()
		if !roots.AppendCertsFromPEM(pem) {
			return nil, false, nil, fmt.Errorf("%s: no PEM certificate in the file", t.ca.describe("ssl-ca"))
		}
	case !systemRoots:
		return nil, false, nil, fmt.Errorf("ssl-mode=%s needs ssl-ca=/path/to/ca.pem, the CA that signed the server's certificate "+
			"(for a server with a public certificate: ssl-ca=/etc/ssl/certs/ca-certificates.crt)", mode)
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	if mode == SSLVerifyIdentity {
		cfg.RootCAs, cfg.ServerName = roots, host
		return cfg, false, nil, nil
	}
	// VERIFY_CA: the chain must lead to the CA; the name in the
	// certificate may differ from the address (an SSH tunnel, a proxy).
	cfg.InsecureSkipVerify = true
	cfg.VerifyConnection = func(cs tls.ConnectionState) error {
		if len(cs.PeerCertificates) == 0 {
			return errors.New("the server sent no certificate")
		}
		inter := x509.NewCertPool()
		for _, c := range cs.PeerCertificates[1:] {
			inter.AddCert(c)
		}
		_, err := cs.PeerCertificates[0].Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter})
		if err != nil {
			return &tls.CertificateVerificationError{UnverifiedCertificates: cs.PeerCertificates, Err: err}
		}
		return nil
	}
	return cfg, false, nil, nil
}
