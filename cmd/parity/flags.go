package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/reports"
)

// connFlags are the connection flags every command that connects shares.
type connFlags struct {
	source, target    string
	defaultsFile      string
	defaultsExtraFile string
	noDefaults        bool
	loginPath         string
	askPass           bool
	connectTimeout    time.Duration
}

func (c *connFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.source, "source", "", "source `DSN`: user@tcp(host:3306)/db, user@host:3306/db or mysql://user@host:3306/db")
	fs.StringVar(&c.target, "target", "", "target `DSN`, same forms as --source")
	fs.StringVar(&c.defaultsFile, "defaults-file", "", "read only this MySQL option `file` (and ~/.mylogin.cnf), not /etc/my.cnf, ~/.my.cnf, ...")
	fs.StringVar(&c.defaultsExtraFile, "defaults-extra-file", "", "also read this option `file`, after the global ones and before ~/.my.cnf")
	fs.BoolVar(&c.noDefaults, "no-defaults", false, "read no option file but ~/.mylogin.cnf")
	fs.StringVar(&c.loginPath, "login-path", "", "also read the group `NAME` from ~/.mylogin.cnf (mysql_config_editor) and the option files")
	fs.BoolVar(&c.askPass, "ask-pass", false, "ask for each password on the terminal, unless the DSN holds it")
	fs.DurationVar(&c.connectTimeout, "connect-timeout", conn.DefaultConnectTimeout, "give up a connection whose TCP connect, handshake, TLS or login takes longer than `duration` (queries are not limited)")
}

// check validates the connection flags themselves.
func (c *connFlags) check(command string) error {
	if c.noDefaults && (c.defaultsFile != "" || c.defaultsExtraFile != "") {
		return usageError{msg: command + ": --no-defaults excludes --defaults-file and --defaults-extra-file", help: command}
	}
	return nil
}

// given reports whether anything names a server besides the DSNs: an
// option file or a login path may hold the host.
func (c *connFlags) given() bool {
	return c.source != "" || c.defaultsFile != "" || c.defaultsExtraFile != "" || c.loginPath != ""
}

// options are the conn.Options of an endpoint labelled role, whose
// password may be in the variable passwordEnv.
func (c *connFlags) options(ctx context.Context, role, passwordEnv string) conn.Options {
	return conn.Options{
		Role:        role,
		PasswordEnv: passwordEnv,
		Files: conn.OptionFiles{DefaultsFile: c.defaultsFile, ExtraFile: c.defaultsExtraFile,
			NoDefaults: c.noDefaults, LoginPath: c.loginPath},
		AskPass:        c.askPass,
		Prompt:         conn.TerminalPrompt(ctx, conn.TerminalPath),
		ConnectTimeout: c.connectTimeout,
	}
}

// endpoint parses the DSN given for role ("source" or "target"), printing
// its warnings to stderr.
func (c *connFlags) endpoint(ctx context.Context, command, role string, stderr io.Writer) (*conn.Endpoint, error) {
	dsn := c.source
	if role == "target" {
		dsn = c.target
	}
	return parseEndpoint(command, dsn, c.options(ctx, role, conn.PasswordEnv(role)), stderr)
}

// parseEndpoint parses one DSN for command and prints its warnings. An
// interrupted password prompt stays an interrupt; any other failure is a
// usage error.
func parseEndpoint(command, dsn string, o conn.Options, stderr io.Writer) (*conn.Endpoint, error) {
	ep, err := conn.Parse(dsn, o)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return nil, err
		}
		return nil, usageError{msg: command + ": " + err.Error(), help: command}
	}
	for _, w := range ep.Warnings {
		fmt.Fprintf(stderr, "parity: %s: %s\n", ep.Role, w)
	}
	return ep, nil
}

// newFlagSet makes a flag set that returns errors instead of exiting; parse
// turns them into usage errors.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parse parses args, turning flag errors into usage errors and -h into help.
func parse(fs *flag.FlagSet, args []string, usage string, stdout io.Writer) (help bool, err error) {
	if err := mysqlClientFlags(fs, args, false); err != nil {
		return false, err
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usage)
			printFlags(fs, stdout)
			return true, nil
		}
		return false, flagError(fs, err)
	}
	if fs.NArg() > 0 {
		return false, usageError{msg: fmt.Sprintf("%s: unexpected argument %s", fs.Name(), quoteArg(fs.Arg(0))), help: fs.Name()}
	}
	return false, checkNumbers(fs)
}

// quoteArg quotes a stray argument, unless it looks like a DSN, which may
// hold a password.
func quoteArg(a string) string {
	if strings.ContainsAny(a, "@") || strings.Contains(a, "://") {
		return "(a DSN? give it as --source DSN or --target DSN)"
	}
	return strconv.Quote(a)
}

// mysqlClientFlags catches the mysql client's connection options before
// the flag package sees them: -h HOST would otherwise print help and exit
// 0 as if the command had run, and -uapp would be a bare "flag provided
// but not defined". No message repeats the option's value (-pSECRET).
//
// interspersed commands (report) take flags after positional arguments too.
func mysqlClientFlags(fs *flag.FlagSet, args []string, interspersed bool) error {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" || !interspersed && (a == "-" || !strings.HasPrefix(a, "-")) {
			return nil
		}
		if a == "-" || !strings.HasPrefix(a, "-") {
			continue
		}
		long := strings.HasPrefix(a, "--")
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if f := fs.Lookup(name); f != nil {
			if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !hasValue && (!ok || !b.IsBoolFlag()) {
				i++ // the flag's value
			}
			continue
		}
		if name == "h" || name == "help" {
			if !hasValue && (i+1 == len(args) || strings.HasPrefix(args[i+1], "-")) {
				return nil // help
			}
			if fs.Lookup("source") == nil {
				return usageError{msg: fs.Name() + ": -h takes no argument here (" + fs.Name() + " connects to no server); -h alone prints help", help: fs.Name()}
			}
			return usageError{msg: fs.Name() + ": -h HOST is the mysql client's host option, and parity's -h prints help; " + dsnHint, help: fs.Name()}
		}
		if option := mysqlOption(name, long); option != "" && fs.Lookup("source") != nil {
			what := fmt.Sprintf("--%s is a mysql client option", option)
			if !long && option != name {
				what = fmt.Sprintf("-%s is the mysql client's --%s", name[:1], option)
			}
			return usageError{msg: fmt.Sprintf("%s: %s; %s", fs.Name(), what, dsnHint), help: fs.Name()}
		}
		return nil // the flag package reports it
	}
	return nil
}

var dsnHint = "parity takes the server, user and password as a DSN: --source 'user@host:3306/db' " +
	"(the password from " + conn.PasswordEnv("source") + ", an option file, --login-path or --ask-pass)"

// mysqlOption names the mysql client option an unknown flag is: --host,
// --user, ... or their one-letter forms with the value attached (-uapp).
func mysqlOption(name string, long bool) string {
	options := map[string]string{"host": "host", "user": "user", "password": "password", "port": "port", "socket": "socket", "database": "database"}
	if long || options[name] != "" || name == "" {
		return options[name]
	}
	short := map[byte]string{'h': "host", 'u': "user", 'p': "password", 'P': "port", 'S': "socket", 'D': "database"}
	return short[name[0]]
}

// flagError is a flag package error as a usage error, never repeating a
// value that may be a password.
func flagError(fs *flag.FlagSet, err error) error {
	return usageError{msg: fs.Name() + ": " + err.Error(), help: fs.Name()}
}

// positiveFlags are the numeric flags for which zero means nothing either.
var positiveFlags = map[string]bool{"connect-timeout": true}

// checkNumbers rejects a negative value of any numeric flag given: no
// count, size or duration of parity's means anything below zero.
func checkNumbers(fs *flag.FlagSet) error {
	var bad []string
	fs.Visit(func(f *flag.Flag) {
		g, ok := f.Value.(flag.Getter)
		if !ok {
			return
		}
		var sign int
		switch v := g.Get().(type) {
		case int:
			sign = cmp.Compare(v, 0)
		case int64:
			sign = cmp.Compare(v, 0)
		case float64:
			sign = cmp.Compare(v, 0)
		case time.Duration:
			sign = cmp.Compare(v, 0)
		default:
			return
		}
		switch {
		case sign < 0:
			bad = append(bad, fmt.Sprintf("--%s %s must not be negative", f.Name, f.Value))
		case sign == 0 && positiveFlags[f.Name]:
			bad = append(bad, fmt.Sprintf("--%s must be more than 0", f.Name))
		}
	})
	if len(bad) > 0 {
		return usageError{msg: fs.Name() + ": " + strings.Join(bad, "; "), help: fs.Name()}
	}
	return nil
}

func printFlags(fs *flag.FlagSet, w io.Writer) {
	fmt.Fprintln(w, "\nFlags:")
	fs.SetOutput(w)
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		line := "  --" + f.Name
		if name != "" {
			line += " " + name
		}
		fmt.Fprintf(w, "%-30s %s", line, usage)
		if f.DefValue != "" && f.DefValue != "0" && f.DefValue != "false" {
			fmt.Fprintf(w, " (default %s)", f.DefValue)
		}
		fmt.Fprintln(w)
	})
	fs.SetOutput(io.Discard)
}

// consistentFlag is --consistent, --consistent=true|best-effort|false.
type consistentFlag struct{ value string }

func (c *consistentFlag) String() string     { return c.value }
func (c *consistentFlag) Set(s string) error { c.value = s; return nil }
func (c *consistentFlag) IsBoolFlag() bool   { return true }

// parseInterspersed is parse for commands that take positional arguments
// among their flags (`parity report run.json --format html`), which the
// flag package alone stops at; it returns them in order. A usage error
// points at the help of topic.
func parseInterspersed(fs *flag.FlagSet, args []string, usage, topic string, stdout io.Writer) (positional []string, help bool, err error) {
	if err := mysqlClientFlags(fs, args, true); err != nil {
		return nil, false, err
	}
	positional, err = parseAll(fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(stdout, usage)
		printFlags(fs, stdout)
		return nil, true, nil
	case errors.As(err, new(usageError)):
		return nil, false, err
	case err != nil:
		return nil, false, usageError{msg: fs.Name() + ": " + err.Error(), help: topic}
	}
	return positional, false, checkNumbers(fs)
}

func parseAll(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if rest[0] == "--" {
			return append(positional, rest[1:]...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// checkReportFile rejects a --report file whose extension names no format,
// before any work is done.
func checkReportFile(path, command string) error {
	if path == "" || path == "-" {
		return nil
	}
	if _, err := reports.FormatOf(path); err != nil {
		return usageError{msg: command + ": --report: " + err.Error(), help: command}
	}
	return nil
}
