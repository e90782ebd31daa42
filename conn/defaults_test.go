package conn_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parity-db/parity/conn"
)

// optionTree writes the option files of a machine, each holding what the
// test says, and returns their paths by name.
type optionTree struct {
	t                           *testing.T
	home, etc, etcMySQL, myHome string
}

func newOptionTree(t *testing.T) *optionTree {
	home := isolate(t)
	root := t.TempDir()
	o := &optionTree{t: t, home: home, etc: filepath.Join(root, "etc/my.cnf"), etcMySQL: filepath.Join(root, "etc/mysql/my.cnf"),
		myHome: filepath.Join(root, "mysql-home")}
	conn.SetSystemOptionFiles(t, o.etc, o.etcMySQL)
	return o
}

func (o *optionTree) myCnf() string    { return filepath.Join(o.home, ".my.cnf") }
func (o *optionTree) loginCnf() string { return filepath.Join(o.home, ".mylogin.cnf") }

// TestOptionFileOrder: the files are read in the mysql client's order and
// the last occurrence of an option wins, whichever group it is in.
func TestOptionFileOrder(t *testing.T) {
	o := newOptionTree(t)
	writeAt(t, o.etc, "[client]\nuser=etc-user\nhost=etc-host\nport=3301\npassword=etc-pw\ndatabase=etc-db\n")
	writeAt(t, o.etcMySQL, "[client-server]\nuser=etcmysql-user\n!includedir conf.d\n!include extra/more.cnf\n[client]\n!include /nonexistent.cnf\n")
	writeAt(t, filepath.Join(filepath.Dir(o.etcMySQL), "conf.d/10-host.cnf"), "[mysql]\nhost=confd-host\nprompt=mysql>\n")
	writeAt(t, filepath.Join(filepath.Dir(o.etcMySQL), "conf.d/20-port.cnf"), "[client-mariadb]\nport=3302\n")
	writeAt(t, filepath.Join(filepath.Dir(o.etcMySQL), "conf.d/README"), "[client]\nport=9999\n")
	writeAt(t, filepath.Join(filepath.Dir(o.etcMySQL), "extra/more.cnf"), "[mysqldump]\nuser=dumper\nquick\n[mariadb-client]\ndatabase=include-db\n")
	writeAt(t, filepath.Join(o.myHome, "my.cnf"), "[client]\nssl-mode=DISABLED\n")
	t.Setenv("MYSQL_HOME", o.myHome)
	extra := writeFile(t, "extra.cnf", "[parity]\nport=3303\n")
	writeAt(t, o.myCnf(), "[parity]\nhost=parity-host\n[client]\nhost=home-host\npassword=home-pw\n")
	writeLoginFile(t, o.loginCnf(), "[client]\npassword = \"login-pw\"\n[prod]\nuser = \"prod-user\"\n")

	ep, err := conn.Parse("/", conn.Options{Role: "source", Files: conn.OptionFiles{ExtraFile: extra}})
	if err != nil {
		t.Fatal(err)
	}
	c := ep.Config
	want := "etcmysql-user@home-host:3303/include-db"
	if ep.String() != want || c.Passwd != "login-pw" || ep.SSLMode != conn.SSLDisabled {
		t.Errorf("got %s password %q mode %s, want %s password login-pw mode DISABLED", ep, c.Passwd, ep.SSLMode, want)
	}
	if ep.PasswordFrom != "~/.mylogin.cnf line 2" {
		t.Errorf("PasswordFrom = %q", ep.PasswordFrom)
	}

	t.Run("login path", func(t *testing.T) {
		writeAt(t, o.myCnf(), "[prod]\nhost=prod-host\n")
		ep, err := conn.Parse("/", conn.Options{Role: "source", Files: conn.OptionFiles{LoginPath: "prod"}})
		if err != nil {
			t.Fatal(err)
		}
		if ep.String() != "prod-user@prod-host:3302/include-db" {
			t.Errorf("got %s", ep)
		}
		ep, err = conn.Parse("/?login-path=prod", conn.Options{Role: "source"})
		if err != nil || ep.Config.User != "prod-user" {
			t.Errorf("login-path in the DSN: %v, %v", ep, err)
		}
		_, err = conn.Parse("/", conn.Options{Role: "source", Files: conn.OptionFiles{LoginPath: "staging"}})
		if err == nil || !strings.Contains(err.Error(), "no [staging] group in ~/.mylogin.cnf") {
			t.Errorf("missing login path: %v", err)
		}
	})
	t.Run("defaults-file", func(t *testing.T) {
		only := writeFile(t, "only.cnf", "[client]\nuser=only-user\nhost=only-host\n")
		ep, err := conn.Parse("/", conn.Options{Role: "source", Files: conn.OptionFiles{DefaultsFile: only}})
		if err != nil {
			t.Fatal(err)
		}
		if ep.String() != "only-user@only-host:3306/" || ep.Config.Passwd != "login-pw" {
			t.Errorf("got %s password %q: want only the file and the login path file", ep, ep.Config.Passwd)
		}
		_, err = conn.Parse("/", conn.Options{Role: "source", Files: conn.OptionFiles{DefaultsFile: only + ".missing"}})
		if err == nil || !strings.Contains(err.Error(), "--defaults-file") || !errors.Is(err, os.ErrNotExist) {
			t.Errorf("missing --defaults-file: %v", err)
		}
		_, err = conn.Parse("/", conn.Options{Role: "source", Files: conn.OptionFiles{ExtraFile: only + ".missing"}})
		if err == nil || !strings.Contains(err.Error(), "--defaults-extra-file") {
			t.Errorf("missing --defaults-extra-file: %v", err)
		}
	})
	t.Run("no-defaults", func(t *testing.T) {
		ep, err := conn.Parse("app@h/", conn.Options{Role: "source", Files: conn.OptionFiles{NoDefaults: true}})
		if err != nil {
			t.Fatal(err)
		}
		if ep.String() != "app@h:3306/" || ep.Config.Passwd != "login-pw" || ep.SSLMode != conn.SSLPreferred {
			t.Errorf("got %s password %q mode %s: want the login path file alone", ep, ep.Config.Passwd, ep.SSLMode)
		}
		_, err = conn.Parse("app@h/", conn.Options{Role: "source", Files: conn.OptionFiles{NoDefaults: true, DefaultsFile: "x"}})
		if err == nil || !strings.Contains(err.Error(), "excludes") {
			t.Errorf("--no-defaults with --defaults-file: %v", err)
		}
	})
}

func TestOptionFileProblems(t *testing.T) {
	o := newOptionTree(t)
	parse := func() (*conn.Endpoint, error) { return conn.Parse("app@h/", conn.Options{Role: "source"}) }

	writeAt(t, o.myCnf(), "[parity]\nworkers=4\n")
	if _, err := parse(); err == nil || !strings.Contains(err.Error(), "~/.my.cnf line 2: unknown option workers in [parity]") {
		t.Errorf("unknown option in [parity]: %v", err)
	}
	writeAt(t, o.myCnf(), "[client]\n!include "+o.myCnf()+"\n")
	if _, err := parse(); err == nil || !strings.Contains(err.Error(), "nested more than") {
		t.Errorf("include loop: %v", err)
	}
	writeAt(t, o.myCnf(), "[client]\nport=33o6\n")
	if _, err := parse(); err != nil {
		t.Errorf("a port in the option files is not used when the DSN names the host: %v", err)
	}
	if _, err := conn.Parse("/", conn.Options{Role: "source", Files: conn.OptionFiles{ExtraFile: o.myCnf()}}); err == nil || !strings.Contains(err.Error(), "~/.my.cnf") {
		t.Errorf("bad port from an option file: %v", err)
	}

	writeAt(t, o.myCnf(), "[client]\nssl-mode=DISABLED\n")
	if err := os.Chmod(o.myCnf(), 0o666); err != nil {
		t.Fatal(err)
	}
	ep, err := parse()
	if err != nil || ep.SSLMode != conn.SSLPreferred || len(ep.Warnings) != 1 || !strings.Contains(ep.Warnings[0], "writable by everyone") {
		t.Errorf("world-writable ~/.my.cnf: %v, warnings %q", err, ep.Warnings)
	}
	os.Remove(o.myCnf())

	writeLoginFile(t, o.loginCnf(), "[client]\nuser=login-user\n[prod]\nuser=prod\n")
	if err := os.Chmod(o.loginCnf(), 0o644); err != nil {
		t.Fatal(err)
	}
	ep, err = conn.Parse("/", conn.Options{Role: "source", Files: conn.OptionFiles{ExtraFile: writeFile(t, "e.cnf", "[client]\nhost=h\n")}})
	if err != nil || ep.Config.User == "login-user" || len(ep.Warnings) != 1 || !strings.Contains(ep.Warnings[0], "chmod 600") {
		t.Errorf("readable login path file: %v, %v, warnings %q", ep, err, ep.Warnings)
	}
	if _, err := conn.Parse("/", conn.Options{Role: "source", Files: conn.OptionFiles{LoginPath: "prod"}}); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("--login-path with a readable login path file: %v", err)
	}
	if err := os.WriteFile(o.loginCnf(), []byte("not a login path file at all"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(o.loginCnf(), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := parse(); err == nil || !strings.Contains(err.Error(), "login path file ~/.mylogin.cnf: corrupt") {
		t.Errorf("corrupt login path file: %v", err)
	}
}

// TestOptionFileAddress: where the option files point when the DSN names
// no address, as the mysql client reads host, port, socket and protocol.
func TestOptionFileAddress(t *testing.T) {
	isolate(t)
	tests := []struct {
		name, dsn, file     string
		user, net, addr, db string
	}{
		{"empty dsn takes everything", "", "[mysqld]\nport=9999\n[client]\nuser=file-user\nhost=db.internal\nport=3310\ndatabase=file-db\n",
			"file-user", "tcp", "db.internal:3310", "file-db"},
		{"dsn complete takes nothing", "app:Defaults-Pw-1@tcp(h:1)/shop", "[client]\nuser=u\nhost=x\ndatabase=d\n", "app", "tcp", "h:1", "shop"},
		{"dsn without user", "tcp(h:1)/shop", "[client]\nuser=file-user\n", "file-user", "tcp", "h:1", "shop"},
		{"dsn without address", "app@/shop", "[client]\nhost=db.internal\nport=3310\n", "app", "tcp", "db.internal:3310", "shop"},
		{"dsn with tcp but no address", "app@tcp/shop", "[client]\nhost=db.internal\nsocket=/s.sock\n", "app", "tcp", "db.internal:3306", "shop"},
		{"url without host", "mysql://app@/shop", "[client]\nhost=db.internal\n", "app", "tcp", "db.internal:3306", "shop"},
		{"url with port only", "mysql://app@:3401/shop", "[client]\nhost=db.internal\n", "app", "tcp", "127.0.0.1:3401", "shop"},
		{"socket", "", "[client]\nuser=sock-user\nsocket=/run/mysqld/file.sock\n", "sock-user", "unix", "/run/mysqld/file.sock", ""},
		{"localhost means the socket", "", "[client]\nhost=localhost\nport=3307\nsocket=/s.sock\n", "tester", "unix", "/s.sock", ""},
		{"protocol=tcp", "", "[client]\nhost=localhost\nsocket=/s.sock\nprotocol=TCP\n", "tester", "tcp", "127.0.0.1:3306", ""},
		{"host wins over socket", "", "[client]\nhost=db.internal\nsocket=/s.sock\n", "tester", "tcp", "db.internal:3306", ""},
		{"localhost without a socket is loopback tcp", "", "[client]\nhost=localhost\n", "tester", "tcp", "127.0.0.1:3306", ""},
		{"port only", "", "[client]\nport=3399\n", "tester", "tcp", "127.0.0.1:3399", ""},
		{"no client group", "", "[mysqladmin]\nuser=other\n", "tester", "tcp", "127.0.0.1:3306", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := writeFile(t, "my.cnf", tt.file)
			ep, err := conn.Parse(tt.dsn, conn.Options{Role: "source", Files: conn.OptionFiles{DefaultsFile: file}})
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
	bad := writeFile(t, "bad.cnf", "[client]\nprotocol=pipe\n")
	if _, err := conn.Parse("", conn.Options{Role: "source", Files: conn.OptionFiles{DefaultsFile: bad}}); err == nil || !strings.Contains(err.Error(), "bad.cnf line 2") {
		t.Errorf("protocol=pipe: %v", err)
	}
}

// TestPasswordPrecedence: the DSN, then the prompt, then
// PARITY_<ROLE>_PASSWORD, then the option files (the login path file
// last), then MYSQL_PWD.
func TestPasswordPrecedence(t *testing.T) {
	const env = "PARITY_SOURCE_PASSWORD"
	layers := []string{"dsn", "ask-pass", "env", "login path", "my.cnf", "etc", "MYSQL_PWD"}
	for first := range layers {
		t.Run("from "+layers[first], func(t *testing.T) {
			o := newOptionTree(t)
			on := func(name string) bool {
				for _, l := range layers[first:] {
					if l == name {
						return true
					}
				}
				return false
			}
			dsn := "app@h/db"
			if on("dsn") {
				dsn = "app:Pw-From-Dsn@h/db"
			}
			if on("env") {
				t.Setenv(env, "Pw-From-Env")
			}
			if on("login path") {
				writeLoginFile(t, o.loginCnf(), "[client]\npassword=Pw-From-Login\n")
			}
			if on("my.cnf") {
				writeAt(t, o.myCnf(), "[client]\npassword=Pw-From-MyCnf\n")
			}
			if on("etc") {
				writeAt(t, o.etc, "[client]\npassword=Pw-From-Etc\n")
			}
			if on("MYSQL_PWD") {
				t.Setenv("MYSQL_PWD", "Pw-From-MysqlPwd")
			}
			prompted := ""
			opts := conn.Options{Role: "source", PasswordEnv: env, AskPass: on("ask-pass"), Prompt: func(p string) (string, error) {
				prompted = p
				return "Pw-From-Prompt", nil
			}}
			ep, err := conn.Parse(dsn, opts)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]string{"dsn": "Pw-From-Dsn", "ask-pass": "Pw-From-Prompt", "env": "Pw-From-Env", "login path": "Pw-From-Login",
				"my.cnf": "Pw-From-MyCnf", "etc": "Pw-From-Etc", "MYSQL_PWD": "Pw-From-MysqlPwd"}[layers[first]]
			if ep.Config.Passwd != want {
				t.Errorf("password %q from %s, want %q", ep.Config.Passwd, ep.PasswordFrom, want)
			}
			if (layers[first] == "ask-pass") != (prompted != "") {
				t.Errorf("prompted %q", prompted)
			}
			if prompted != "" && prompted != "Enter password for source app@h:3306/db: " {
				t.Errorf("prompt %q", prompted)
			}
			if conn.Redact("pw="+want) != "pw=***" {
				t.Errorf("the password from the %s is not registered with Redact", layers[first])
			}
		})
	}
	t.Run("password without a value prompts", func(t *testing.T) {
		o := newOptionTree(t)
		writeAt(t, o.myCnf(), "[client]\npassword\n")
		asked := false
		ep, err := conn.Parse("app@h/db", conn.Options{Role: "source", Prompt: func(string) (string, error) { asked = true; return "Pw-Asked", nil }})
		if err != nil || !asked || ep.Config.Passwd != "Pw-Asked" {
			t.Errorf("asked %v, password %q, err %v", asked, ep.Config.Passwd, err)
		}
		_, err = conn.Parse("app@h/db", conn.Options{Role: "source", Prompt: func(string) (string, error) { return "", errors.New("no terminal") }})
		if err == nil || !strings.Contains(err.Error(), "password without a value in ~/.my.cnf line 2") {
			t.Errorf("prompt failure: %v", err)
		}
	})
	t.Run("empty password in a file stops the search", func(t *testing.T) {
		o := newOptionTree(t)
		writeAt(t, o.myCnf(), "[client]\npassword=\n")
		t.Setenv("MYSQL_PWD", "Pw-Not-Used")
		ep, err := conn.Parse("app@h/db", conn.Options{Role: "source"})
		if err != nil || ep.Config.Passwd != "" {
			t.Errorf("password %q, err %v; want the file's empty password", ep.Config.Passwd, err)
		}
	})
}
