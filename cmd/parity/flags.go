package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/reports"
)

// connFlags are the connection flags every command shares.
type connFlags struct {
	source, target string
	defaultsFile   string
}

func (c *connFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.source, "source", "", "source `DSN`: user@tcp(host:3306)/db or mysql://user@host:3306/db")
	fs.StringVar(&c.target, "target", "", "target `DSN`, same forms as --source")
	fs.StringVar(&c.defaultsFile, "defaults-file", "", "MySQL option `file` whose [client] section supplies user, password, host, port")
}

// endpoint parses the DSN given for role ("source" or "target").
func (c *connFlags) endpoint(role string) (*conn.Endpoint, error) {
	dsn := c.source
	if role == "target" {
		dsn = c.target
	}
	return conn.Parse(dsn, conn.Options{
		Role:         role,
		PasswordEnv:  "PARITY_" + strings.ToUpper(role) + "_PASSWORD",
		DefaultsFile: c.defaultsFile,
	})
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
	if path == "" || path == "-" {
		return nil
	}
	if _, err := reports.FormatOf(path); err != nil {
		return usageError{msg: command + ": --report: " + err.Error(), help: command}
	}
	return nil
}
