package conn_test

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/parity-db/parity/conn"
)

func TestParseOptionFile(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		section string
		want    map[string]string
		wantErr string
	}{
		{
			name: "only the asked section",
			in: `[mysqld]
port = 3306
[client]
user = app
port = 3307
[mysql]
user = other
`,
			want: map[string]string{"user": "app", "port": "3307"},
		},
		{
			name: "section spread over the file, last value wins",
			in:   "[client]\nuser=a\n[mysqld]\nuser=x\n[client]\nuser=b\nhost=h\n",
			want: map[string]string{"user": "b", "host": "h"},
		},
		{
			name: "section name case and spaces",
			in:   "[ CLIENT ]\nuser=app\n",
			want: map[string]string{"user": "app"},
		},
		{
			name:    "other section asked",
			in:      "[client]\nuser=app\n[mysqldump]\nuser=dumper\n",
			section: "mysqldump",
			want:    map[string]string{"user": "dumper"},
		},
		{name: "option before any group", in: "user=nobody\n[client]\nhost=h\n", wantErr: "line 1: option before the first [group]"},
		{
			name: "loose- prefix",
			in:   "[client]\nloose-ssl-mode=REQUIRED\n",
			want: map[string]string{"ssl-mode": "REQUIRED"},
		},
		{
			name: "key case and underscore",
			in:   "[client]\nSSL_CA = /etc/ca.pem\nDefault_Character_Set=utf8mb4\n",
			want: map[string]string{"ssl-ca": "/etc/ca.pem", "default-character-set": "utf8mb4"},
		},
		{
			name: "spaces around key and value",
			in:   "[client]\n   user   =    app   \n\thost\t=\th\t\n",
			want: map[string]string{"user": "app", "host": "h"},
		},
		{
			name: "double quotes keep spaces and hash",
			in:   "[client]\npassword = \"  p#ss word  \"\n",
			want: map[string]string{"password": "  p#ss word  "},
		},
		{
			name: "single quotes keep spaces and hash",
			in:   "[client]\npassword = '  p#ss word  '\n",
			want: map[string]string{"password": "  p#ss word  "},
		},
		{
			name: "other quote inside quotes",
			in:   "[client]\na = \"it's\"\nb = 'say \"hi\"'\n",
			want: map[string]string{"a": "it's", "b": `say "hi"`},
		},
		{
			name: "escaped quotes inside quotes",
			in:   `[client]` + "\n" + `a = "x\"y"` + "\n" + `b = 'x\'y'` + "\n",
			want: map[string]string{"a": `x"y`, "b": `x'y`},
		},
		{
			name: "escapes",
			in:   `[client]` + "\n" + `a = "t\tn\nr\rb\bs\sbs\\"` + "\n" + `b = c:\\dir\\x` + "\n" + `c = keep\q` + "\n" + `d = trailing\` + "\n",
			want: map[string]string{"a": "t\tn\nr\rb\bs bs\\", "b": `c:\dir\x`, "c": `keep\q`, "d": `trailing\`},
		},
		{
			name: "inline comments",
			in: `[client]
user = app # the application user
host = h	# after a tab
port = 3307#no space needed
password = "p#1" # quoted value ends at its quote
socket = '/tmp/my.sock'#
`,
			want: map[string]string{"user": "app", "host": "h", "port": "3307", "password": "p#1", "socket": "/tmp/my.sock"},
		},
		{
			name: "comment lines",
			in:   "# a comment\n; another\n[client]\n  # indented comment\n\t; and another\nuser=app\n",
			want: map[string]string{"user": "app"},
		},
		{
			name: "include directives ignored",
			in:   "!include /etc/mysql/other.cnf\n!includedir /etc/mysql/conf.d/\n[client]\n!include /nonexistent\nuser=app\n",
			want: map[string]string{"user": "app"},
		},
		{
			name: "keys without values",
			in:   "[client]\nskip-ssl\ncompress # with a comment\nno_beep\n",
			want: map[string]string{"skip-ssl": "", "compress": "", "no-beep": ""},
		},
		{
			name: "empty values",
			in:   "[client]\npassword=\nuser = \"\"\nhost=''\n",
			want: map[string]string{"password": "", "user": "", "host": ""},
		},
		{
			name: "value holding '='",
			in:   "[client]\ninit-command = SET sql_mode='ANSI'\n",
			want: map[string]string{"init-command": "SET sql_mode='ANSI'"},
		},
		{
			name: "quote in the middle of an unquoted value is kept",
			in:   "[client]\npassword = ab\"cd\n",
			want: map[string]string{"password": `ab"cd`},
		},
		{
			name: "CRLF line ends",
			in:   "[client]\r\nuser = app\r\npassword = \"pw\"\r\n",
			want: map[string]string{"user": "app", "password": "pw"},
		},
		{
			name: "empty input",
			in:   "",
			want: map[string]string{},
		},
		{
			name: "no such section",
			in:   "[mysqld]\nport=1\n",
			want: map[string]string{},
		},
		{name: "unterminated double quote", in: "[client]\npassword = \"abc\n", wantErr: "line 2: option password: unterminated quote"},
		{name: "unterminated single quote", in: "[client]\n\npassword = 'abc\n", wantErr: "line 3: option password: unterminated quote"},
		{name: "quote closed by an escaped quote", in: "[client]\npassword = \"abc\\\"\n", wantErr: "unterminated quote"},
		{name: "text after the closing quote", in: "[client]\npassword = \"abc\"def\n", wantErr: "unterminated quote"},
		{name: "lone quote", in: "[client]\npassword = \"\n", wantErr: "unterminated quote"},
		{name: "unterminated section header", in: "[client]\nuser=a\n[mysql\n", wantErr: "line 3: unterminated group header"},
		{name: "unknown directive", in: "!inclde x\n", wantErr: "line 1: unknown directive"},
		{name: "include without a path", in: "[client]\n!include\n", wantErr: "line 2: !include needs a path"},
		{name: "option without a name", in: "[client]\n= value\n", wantErr: "line 2: option without a name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			section := tt.section
			if section == "" {
				section = "client"
			}
			opts, err := conn.ParseOptionFile(strings.NewReader(tt.in), "my.cnf")
			got := group(opts, section)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// group is the options of one group, the last occurrence of each winning.
func group(opts []conn.Option, name string) map[string]string {
	out := map[string]string{}
	for _, o := range opts {
		if o.Group == name {
			out[o.Name] = o.Value
		}
	}
	return out
}

func TestParseOptionFileErrorHidesValue(t *testing.T) {
	_, err := conn.ParseOptionFile(strings.NewReader("[client]\npassword = \"Opt-File-Secret\n"), "my.cnf")
	if err == nil {
		t.Fatal("no error")
	}
	if strings.Contains(err.Error(), "Opt-File-Secret") {
		t.Errorf("error shows the value: %v", err)
	}
}

func TestParseOptionFileSources(t *testing.T) {
	opts, err := conn.ParseOptionFile(strings.NewReader("# x\n[client]\nuser=app\npassword\n"), "/etc/my.cnf")
	if err != nil {
		t.Fatal(err)
	}
	want := []conn.Option{
		{Group: "client", Name: "user", Value: "app", HasValue: true, Source: "/etc/my.cnf line 3"},
		{Group: "client", Name: "password", Source: "/etc/my.cnf line 4"},
	}
	if !slices.Equal(opts, want) {
		t.Errorf("got  %+v\nwant %+v", opts, want)
	}
}

// quoteOption writes v as a double-quoted option value that reads back as v.
func quoteOption(v string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`)
	return `"` + r.Replace(v) + `"`
}

func FuzzParseOptionFile(f *testing.F) {
	f.Add("[client]\nuser=app\npassword=\"p#ss\"\n", "password", "p@ss w/rd")
	f.Add("[client]\npassword='x\\'y' # c\n!include x\n[mysql\n", "ssl_ca", "\"'\\#;[]=")
	f.Add("[CLIENT]\nskip-ssl\n= x\n", "k", "\\")
	f.Add("", "user", "  spaces  ")
	f.Add("[client]\na=\"\\\n", "a-b", "line1\nline2\r\n\ttab")
	f.Fuzz(func(t *testing.T, file, key, value string) {
		// Whatever the file holds, parsing it must not panic.
		_, _ = conn.ParseOptionFile(strings.NewReader(file), "fuzz.cnf")

		// A value written with proper quoting reads back identically.
		if len(value) > 64<<10 {
			return // beyond a sane line length
		}
		key = strings.Map(func(r rune) rune {
			switch {
			case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-':
				return r
			case r >= 'A' && r <= 'Z':
				return r - 'A' + 'a'
			case r == '_':
				return '-'
			}
			return -1
		}, key)
		if strings.TrimPrefix(key, "loose-") == "" {
			key = "password"
		}
		in := "# written by the fuzz test\n[client]\nuser = app\n" + key + " = " + quoteOption(value) + " # trailing comment\n[mysql]\n" + key + " = other\n"
		opts, err := conn.ParseOptionFile(strings.NewReader(in), "fuzz.cnf")
		if err != nil {
			t.Fatalf("ParseOptionFile(%q): %v", in, err)
		}
		if got := group(opts, "client"); got[strings.TrimPrefix(key, "loose-")] != value {
			t.Fatalf("value %q written as %q reads back as %q", value, quoteOption(value), got)
		}
	})
}
