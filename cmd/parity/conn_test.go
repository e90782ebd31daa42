package main

import (
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/parity-db/parity/testbed"
)

// TestMySQLClientFlags: the mysql client's connection options are usage
// errors that point at the DSN, never help that exits 0, and never repeat
// a password given with -p.
func TestMySQLClientFlags(t *testing.T) {
	tests := []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{"extract", "-h", "db.example.com"}, 2, "", "-h HOST is the mysql client's host option"},
		{[]string{"extract", "--tables", "shop.*", "-h", "db.example.com", "--format", "none"}, 2, "", "--source 'user@host:3306/db'"},
		{[]string{"extract", "-h=db.example.com"}, 2, "", "-h HOST"},
		{[]string{"verify", "-h", "db.example.com"}, 2, "", "-h HOST"},
		{[]string{"bench", "-h", "db.example.com"}, 2, "", "-h HOST"},
		{[]string{"report", "-h", "run.json"}, 2, "", "report connects to no server"},
		{[]string{"extract", "-hdb.example.com"}, 2, "", "-h is the mysql client's --host"},
		{[]string{"extract", "-uapp"}, 2, "", "-u is the mysql client's --user"},
		{[]string{"extract", "-pVery-Secret-77"}, 2, "", "-p is the mysql client's --password"},
		{[]string{"extract", "-P", "3307"}, 2, "", "-P is the mysql client's --port"},
		{[]string{"verify", "--user=app"}, 2, "", "--user is a mysql client option"},
		{[]string{"extract", "-h"}, 0, "Usage: parity extract", ""},
		{[]string{"extract", "--help"}, 0, "Usage: parity extract", ""},
		{[]string{"extract", "-h", "--workers", "2"}, 0, "Usage: parity extract", ""},
		{[]string{"verify", "-help"}, 0, "Usage: parity verify", ""},
		{[]string{"report", "x.json", "-h"}, 0, "Usage: parity report", ""},
		{[]string{"extract", "--source", "u@h/d", "--format", "none", "-h"}, 0, "Usage: parity extract", ""},
		{[]string{"verify", "app:Very-Secret-77@h/db"}, 2, "", "unexpected argument (a DSN? give it as --source DSN"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := runParity(t, tt.args...)
			if code != tt.code || !strings.Contains(stdout, tt.stdout) || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s\nwant stdout %q, stderr %q", code, tt.code, stdout, stderr, tt.stdout, tt.stderr)
			}
			if strings.Contains(stdout+stderr, "Very-Secret") {
				t.Errorf("output shows the password: %s%s", stdout, stderr)
			}
		})
	}
}

// TestNegativeFlags: every numeric flag of every command refuses a
// negative value with a usage error, before anything connects.
func TestNegativeFlags(t *testing.T) {
	sets := map[string]func(fs *flag.FlagSet){
		"extract": func(fs *flag.FlagSet) { (&extractOptions{}).register(fs) },
		"verify":  func(fs *flag.FlagSet) { (&verifyOptions{}).register(fs) },
		"bench":   func(fs *flag.FlagSet) { (&benchOptions{}).register(fs) },
		"report":  func(fs *flag.FlagSet) { (&reportOptions{}).register(fs) },
	}
	checked := 0
	for command, register := range sets {
		fs := newFlagSet(command)
		register(fs)
		fs.VisitAll(func(f *flag.Flag) {
			g, ok := f.Value.(flag.Getter)
			if !ok {
				return
			}
			value := ""
			switch g.Get().(type) {
			case int, int64, float64:
				value = "-1"
			case time.Duration:
				value = "-1s"
			default:
				return
			}
			checked++
			args := []string{command, "--" + f.Name, value, "--source", "u@tcp(127.0.0.1:1)/d", "--target", "u@tcp(127.0.0.1:1)/d"}
			code, _, stderr := runParity(t, args...)
			if want := "--" + f.Name + " " + value + " must not be negative"; code != 2 || !strings.Contains(stderr, want) {
				t.Errorf("parity %s: exit %d, stderr %q; want exit 2 and %q", strings.Join(args, " "), code, stderr, want)
			}
		})
	}
	if checked < 15 {
		t.Errorf("only %d numeric flags found; the test lost track of them", checked)
	}
	if code, _, stderr := runParity(t, "extract", "--connect-timeout", "0", "--source", "u@h/d"); code != 2 || !strings.Contains(stderr, "--connect-timeout must be more than 0") {
		t.Errorf("--connect-timeout 0: exit %d, %s", code, stderr)
	}
}

// TestConnectTimeoutFlag: a server that accepts TCP but never speaks, or a
// port nobody listens on, fails fast with what timed out where.
func TestConnectTimeoutFlag(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close() // silent until the test ends
		}
	}()
	silent := l.Addr().String()
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := closed.Addr().String()
	closed.Close()
	nw := testbed.Get(t, "new")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"extract, silent", []string{"extract", "--source", "app@" + silent + "/shop", "--format", "none", "--connect-timeout", "1s"},
			"parity: connect source app@" + silent + "/shop: no handshake from the server within 1s (is this a MySQL server? raise --connect-timeout)"},
		{"verify, silent target", []string{"verify", "--source", testbed.WithDatabase(nw.DSN, "mysql"), "--target", "app@" + silent + "/shop", "--connect-timeout", "1s"},
			"parity: connect target app@" + silent + "/shop: no handshake from the server within 1s"},
		{"bench, silent", []string{"bench", "--dsn", "new=app@" + silent + "/shop", "--query", "one=SELECT 1", "--connect-timeout", "1s"},
			"connect new app@" + silent + "/shop: no handshake from the server within 1s"},
		{"extract, refused", []string{"extract", "--source", "app@" + refused + "/shop", "--format", "none"},
			"parity: connect source app@" + refused + "/shop: connection refused (check host and port"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			code, _, stderr := runParity(t, tt.args...)
			if code != 2 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and %q", code, stderr, tt.want)
			}
			if took := time.Since(start); took > 4*time.Second {
				t.Errorf("took %v", took)
			}
		})
	}
}

// TestWorkersCapacity: more workers than the server has connections to
// spare is refused before any pool opens.
func TestWorkersCapacity(t *testing.T) {
	testbed.ForEach(t, func(t *testing.T, s testbed.Server) {
		dsn := testbed.WithDatabase(s.DSN, "mysql")
		for _, args := range [][]string{
			{"extract", "--source", dsn, "--format", "none", "--workers", "1000"},
			{"verify", "--source", dsn, "--target", dsn, "--workers", "1000"},
		} {
			code, _, stderr := runParity(t, args...)
			if code != 2 || !regexp.MustCompile(`connect source \S+: \d+ connections wanted, but the server has \d+ free \(max_connections \d+, Threads_connected \d+\) and parity leaves \d+ of them to others \(lower --workers\)`).MatchString(stderr) {
				t.Errorf("parity %s: exit %d, stderr:\n%s", args[0], code, stderr)
			}
		}
	})
}

// TestOptionFilesAndPasswords runs parity with a temporary HOME: ~/.my.cnf,
// a login path in ~/.mylogin.cnf, and MYSQL_PWD.
func TestOptionFilesAndPasswords(t *testing.T) {
	s := testbed.Get(t, "new")
	db := seed(t, s)
	ep := s.Endpoint(t, "")
	host, port, _ := strings.Cut(ep.Config.Addr, ":")
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("MYSQL_TEST_LOGIN_FILE", "")
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(home, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	extract := func(args ...string) (int, string) {
		code, _, stderr := runParity(t, append([]string{"extract", "--format", "none", "--tables", db + ".customers", "--quiet"}, args...)...)
		return code, stderr
	}

	write(".my.cnf", fmt.Sprintf("[client]\nuser=%s\npassword=\"%s\"\n[parity]\nhost=%s\nport=%s\n", ep.Config.User, testPassword, host, port))
	if code, stderr := extract("--source", "/"+db); code != 0 {
		t.Errorf("~/.my.cnf: exit %d: %s", code, stderr)
	}
	if code, stderr := extract("--source", "/"+db, "--no-defaults"); code != 2 || !strings.Contains(stderr, "127.0.0.1:3306") {
		t.Errorf("--no-defaults still read ~/.my.cnf: exit %d: %s", code, stderr)
	}
	os.Remove(filepath.Join(home, ".my.cnf"))

	login, err := testbed.EncodeLoginPathFile(fmt.Sprintf("[new]\nuser = \"%s\"\npassword = \"%s\"\nhost = \"%s\"\nport = %s\n", ep.Config.User, testPassword, host, port))
	if err != nil {
		t.Fatal(err)
	}
	write(".mylogin.cnf", string(login))
	if code, stderr := extract("--login-path", "new", "--source", "/"+db); code != 0 {
		t.Errorf("--login-path: exit %d: %s", code, stderr)
	}
	if code, stderr := extract("--login-path", "old", "--source", "/"+db); code != 2 || !strings.Contains(stderr, "--login-path old: no [old] group in ~/.mylogin.cnf") {
		t.Errorf("missing login path: exit %d: %s", code, stderr)
	}
	os.Remove(filepath.Join(home, ".mylogin.cnf"))

	t.Setenv("MYSQL_PWD", testPassword)
	noPassword := fmt.Sprintf("%s@%s/%s", ep.Config.User, ep.Config.Addr, db)
	if code, stderr := extract("--source", noPassword); code != 0 {
		t.Errorf("MYSQL_PWD: exit %d: %s", code, stderr)
	}
	t.Setenv("MYSQL_PWD", "")
	code, stderr := extract("--source", noPassword)
	if code != 2 || !strings.Contains(stderr, "no password was given: put it in PARITY_SOURCE_PASSWORD") {
		t.Errorf("no password anywhere: exit %d: %s", code, stderr)
	}
}
