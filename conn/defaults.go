package conn

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// OptionFiles says which MySQL option files to read, with the meaning the
// mysql client gives its flags of the same names. The zero value reads the
// client's files: /etc/my.cnf, /etc/mysql/my.cnf, $MYSQL_HOME/my.cnf,
// ~/.my.cnf, then ~/.mylogin.cnf.
type OptionFiles struct {
	DefaultsFile string // --defaults-file: this file only (and ~/.mylogin.cnf)
	ExtraFile    string // --defaults-extra-file: also this file, before ~/.my.cnf
	NoDefaults   bool   // --no-defaults: no option file but ~/.mylogin.cnf
	LoginPath    string // --login-path: also this group, from every file read
}

// systemOptionFiles are the global option files, read first.
var systemOptionFiles = []string{"/etc/my.cnf", "/etc/mysql/my.cnf"}

// optionGroups are the groups parity reads: the mysql and mariadb clients'
// groups, then its own.
var optionGroups = []string{"client", "client-server", "client-mariadb", "mysql", "mariadb-client", "parity"}

// connectionOptions are the options parity takes from option files. The
// client groups hold options of other programs too (the mysql client's
// prompt, mysqldump's quick); those are ignored, except in [parity], which
// is parity's own.
var connectionOptions = map[string]bool{
	"user": true, "password": true, "host": true, "port": true, "socket": true, "database": true, "protocol": true,
	"ssl-mode": true, "ssl-ca": true, "ssl-cert": true, "ssl-key": true, "ssl": true, "ssl-verify-server-cert": true,
}

const maxIncludeDepth = 10

// optionSettings are the connection options the option files give, the
// last occurrence of each winning, whichever group it is in (the mysql
// client's rule).
type optionSettings struct {
	values   map[string]Option
	warnings []string
}

func (s *optionSettings) get(name string) (Option, bool) {
	o, ok := s.values[name]
	return o, ok
}

// optionFile is one file to read and how.
type optionFile struct {
	path  string
	flag  string // the flag that named it ("--defaults-file"): missing is an error
	login bool   // the obfuscated login path file
}

func (f OptionFiles) list() ([]optionFile, error) {
	if f.NoDefaults && (f.DefaultsFile != "" || f.ExtraFile != "") {
		return nil, errors.New("--no-defaults excludes --defaults-file and --defaults-extra-file")
	}
	var files []optionFile
	switch {
	case f.NoDefaults:
	case f.DefaultsFile != "":
		files = append(files, optionFile{path: f.DefaultsFile, flag: "--defaults-file"})
		if f.ExtraFile != "" {
			files = append(files, optionFile{path: f.ExtraFile, flag: "--defaults-extra-file"})
		}
	default:
		for _, p := range systemOptionFiles {
			files = append(files, optionFile{path: p})
		}
		if h := os.Getenv("MYSQL_HOME"); h != "" {
			files = append(files, optionFile{path: filepath.Join(h, "my.cnf")})
		}
		if f.ExtraFile != "" {
			files = append(files, optionFile{path: f.ExtraFile, flag: "--defaults-extra-file"})
		}
		if home, err := os.UserHomeDir(); err == nil {
			files = append(files, optionFile{path: filepath.Join(home, ".my.cnf")})
		}
	}
	if p := loginPathFile(); p != "" {
		files = append(files, optionFile{path: p, login: true})
	}
	return files, nil
}

// load reads the option files in order.
func (f OptionFiles) load() (*optionSettings, error) {
	files, err := f.list()
	if err != nil {
		return nil, err
	}
	groups := map[string]bool{}
	for _, g := range optionGroups {
		groups[g] = true
	}
	loginGroup := strings.ToLower(f.LoginPath)
	if loginGroup != "" {
		groups[loginGroup] = true
	}
	s := &optionSettings{values: map[string]Option{}}
	foundLogin := false
	for _, file := range files {
		var opts []Option
		if file.login {
			opts, err = s.readLoginFile(file.path, f.LoginPath != "")
		} else {
			opts, err = s.readFile(file.path, file.flag, 0)
		}
		if err != nil {
			return nil, err
		}
		for _, o := range opts {
			if !groups[o.Group] {
				continue
			}
			foundLogin = foundLogin || loginGroup != "" && o.Group == loginGroup
			o = booleanPrefix(o)
			if !connectionOptions[o.Name] {
				if o.Group == "parity" {
					return nil, fmt.Errorf("%s: unknown option %s in [parity] (it takes %s)", o.Source, o.Name, knownOptions())
				}
				continue
			}
			s.values[o.Name] = o
		}
	}
	if loginGroup != "" && !foundLogin {
		return nil, fmt.Errorf("--login-path %s: no [%s] group in %s or the other option files "+
			"(mysql_config_editor print --all lists the login paths)", f.LoginPath, f.LoginPath, displayPath(loginPathFile()))
	}
	return s, nil
}

// booleanPrefix turns skip-ssl and disable-ssl into ssl=0, enable-ssl
// into ssl=1, as the client reads boolean options.
func booleanPrefix(o Option) Option {
	for prefix, value := range map[string]string{"skip-": "0", "disable-": "0", "enable-": "1"} {
		if name, ok := strings.CutPrefix(o.Name, prefix); ok && (name == "ssl" || name == "ssl-verify-server-cert") {
			o.Name, o.Value, o.HasValue = name, value, true
		}
	}
	return o
}

func knownOptions() string {
	names := make([]string, 0, len(connectionOptions))
	for n := range connectionOptions {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// readFile reads one option file and the files it includes. A missing file
// is skipped unless flag named it; a world-writable one is skipped with a
// warning, as the mysql client does.
func (s *optionSettings) readFile(path, flag string, depth int) ([]Option, error) {
	if depth > maxIncludeDepth {
		return nil, fmt.Errorf("%s: !include nested more than %d deep (does a file include itself?)", displayPath(path), maxIncludeDepth)
	}
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && flag == "":
		return nil, nil
	case err != nil && flag != "":
		return nil, fmt.Errorf("%s: %w", flag, err)
	case err != nil:
		return nil, fmt.Errorf("option file: %w", err)
	case info.IsDir():
		return nil, fmt.Errorf("option file %s is a directory", displayPath(path))
	case info.Mode().Perm()&0o002 != 0:
		s.warnings = append(s.warnings, fmt.Sprintf("option file %s is writable by everyone: ignored, as the mysql client does", displayPath(path)))
		return nil, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("option file: %w", err)
	}
	entries, err := parseOptionEntries(bytes.NewReader(data), displayPath(path))
	if err != nil {
		return nil, err
	}
	var opts []Option
	for _, e := range entries {
		if e.option != nil {
			opts = append(opts, *e.option)
			continue
		}
		var included []Option
		if e.directive.Include != "" {
			included, err = s.readFile(relativeTo(path, e.directive.Include), "", depth+1)
		} else {
			included, err = s.readDir(relativeTo(path, e.directive.IncludeDir), depth+1)
		}
		if err != nil {
			return nil, err
		}
		opts = append(opts, included...)
	}
	return opts, nil
}

// readDir reads the *.cnf files of an !includedir directory in name
// order; a missing directory is skipped, as the mysql client does.
func (s *optionSettings) readDir(dir string, depth int) ([]Option, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("option file: %w", err)
	}
	var opts []Option
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".cnf") {
			continue
		}
		o, err := s.readFile(filepath.Join(dir, e.Name()), "", depth)
		if err != nil {
			return nil, err
		}
		opts = append(opts, o...)
	}
	return opts, nil
}

// readLoginFile reads the login path file. Like the mysql client, parity
// skips one that others may read or write; asked for a login path, it
// says so instead.
func (s *optionSettings) readLoginFile(path string, asked bool) ([]Option, error) {
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && !asked:
		return nil, nil
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("--login-path: %s does not exist (mysql_config_editor set --login-path=NAME --host=... --user=... --password writes it)", displayPath(path))
	case err != nil:
		return nil, fmt.Errorf("login path file: %w", err)
	case info.Mode().Perm()&0o177 != 0:
		msg := fmt.Sprintf("login path file %s has mode %04o: it must be readable and writable by its owner only (chmod 600 it)",
			displayPath(path), info.Mode().Perm())
		if asked {
			return nil, errors.New(msg)
		}
		s.warnings = append(s.warnings, msg+"; ignored, as the mysql client does")
		return nil, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("login path file: %w", err)
	}
	text, err := DecodeLoginPathFile(data)
	if err != nil {
		return nil, fmt.Errorf("login path file %s: %w", displayPath(path), err)
	}
	return ParseOptionFile(bytes.NewReader(text), displayPath(path))
}

func relativeTo(file, path string) string {
	if filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(filepath.Dir(file), path)
}

// displayPath shows a path under the home directory as ~/...
func displayPath(p string) string {
	if home, err := os.UserHomeDir(); err == nil && home != "/" {
		if rest, ok := strings.CutPrefix(p, home+string(filepath.Separator)); ok {
			return "~/" + rest
		}
	}
	return p
}
