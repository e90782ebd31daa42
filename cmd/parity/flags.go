package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
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
	return parseEndpoint(command, dsn, c.options(ctx, role, "PARITY_"+strings.ToUpper(role)+"_PASSWORD"), stderr)
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
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usage)
			printFlags(fs, stdout)
			return true, nil
		}
		return false, usageError{msg: fs.Name() + ": " + err.Error(), help: fs.Name()}
	}
	if fs.NArg() > 0 {
		return false, usageError{msg: fmt.Sprintf("%s: unexpected argument %q", fs.Name(), fs.Arg(0)), help: fs.Name()}
	}
	return false, nil
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

// parseInterspersed parses flags that may come after positional arguments
// (`parity report run.json --format html`), which the flag package alone
// stops at, and returns the positional arguments in order.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
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
	if path == "" {
		return nil
	}
	if _, err := reports.FormatOf(path); err != nil {
		return usageError{msg: command + ": --report: " + err.Error(), help: command}
	}
	return nil
}
