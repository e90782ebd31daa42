package conn

import (
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/go-sql-driver/mysql"
)

// dsnClientOptions are the mysql client options a DSN may carry as
// parameters, with '-' or '_': ?ssl-mode=VERIFY_CA&ssl_ca=/etc/ssl/ca.pem.
var dsnClientOptions = map[string]bool{
	"ssl-mode": true, "ssl-ca": true, "ssl-cert": true, "ssl-key": true, "socket": true, "login-path": true,
}

// sessionPrefix marks a parameter as a session variable to set on every
// connection: ?session.wait_timeout=600.
const sessionPrefix = "session."

// dsnOptions are a DSN's parameters, sorted by kind.
type dsnOptions struct {
	driver     *mysql.Config      // go-sql-driver parameters, applied
	timeoutSet bool               // the DSN gave the driver's timeout=
	client     map[string]setting // client options (and tls=), by their '-' name
	session    map[string]string  // session variables
}

// splitParams sorts a DSN's parameters into go-sql-driver parameters,
// client options and session variables. Anything else is an error, so a
// client option the driver does not know (ssl-mode) is never sent to the
// server as SET ssl-mode=... by accident.
func splitParams(ps []param) (dsnOptions, error) {
	q := dsnOptions{client: map[string]setting{}, session: map[string]string{}}
	var driverParams []string
	for _, p := range ps {
		norm := strings.ReplaceAll(strings.ToLower(p.name), "_", "-")
		switch {
		case strings.HasPrefix(p.name, sessionPrefix):
			name := strings.TrimPrefix(p.name, sessionPrefix)
			if !isIdentifier(name) {
				return q, fmt.Errorf("parameter %s: a session variable's name is letters, digits and '_'", p.name)
			}
			q.session[name] = p.value
		case dsnClientOptions[norm]:
			q.client[norm] = setting{value: p.value, from: "the DSN", set: true}
		case p.name == "tls":
			q.client["tls"] = setting{value: p.value, from: "the DSN", set: true}
		default:
			one := p.name + "=" + url.QueryEscape(p.value)
			cfg, err := mysql.ParseDSN("/?" + one)
			if err != nil {
				return q, fmt.Errorf("parameter %s: %v", p.name, err)
			}
			if _, unknown := cfg.Params[p.name]; unknown {
				return q, unknownParam(p.name)
			}
			q.timeoutSet = q.timeoutSet || p.name == "timeout"
			driverParams = append(driverParams, one)
		}
	}
	cfg, err := mysql.ParseDSN("/?" + strings.Join(driverParams, "&"))
	if err != nil {
		return q, err
	}
	q.driver = cfg
	return q, nil
}

func unknownParam(name string) error {
	squash := func(s string) string {
		return strings.NewReplacer("-", "", "_", "", ".", "").Replace(strings.ToLower(s))
	}
	var known []string
	for k := range dsnClientOptions {
		known = append(known, k)
	}
	sort.Strings(known)
	hint := ""
	for _, k := range known {
		if squash(k) == squash(name) {
			hint = " (did you mean " + k + "?)"
		}
	}
	return fmt.Errorf("unknown parameter %s%s: a DSN takes go-sql-driver parameters (parseTime, timeout, ...), "+
		"the client options %s, and session variables as %sNAME=VALUE", name, hint, strings.Join(known, ", "), sessionPrefix)
}

func isIdentifier(s string) bool {
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return s != ""
}
