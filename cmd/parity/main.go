// Command parity answers the data questions of a MySQL migration: are the
// rows the same on both clusters (verify), how long does a full export take
// on each (extract), and which server settings make a query fast (bench).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"syscall"

	"github.com/parity-db/parity/conn"
)

// Exit codes, documented in `parity help`.
const (
	exitOK          = 0
	exitDifferences = 1 // verify found differences; bench compare found regressions
	exitError       = 2 // usage, connection or runtime error
	exitInterrupted = 130
)

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		// Arrow buffers live on the Go heap; a soft limit keeps peak RSS
		// near the live data instead of twice it.
		debug.SetMemoryLimit(256 << 20)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop() // a second Ctrl-C kills at once
	}()
	stopProfile := startProfile(os.Getenv("PARITY_CPUPROFILE"))
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stopProfile()
	os.Exit(code)
}

// startProfile writes a CPU profile to path (PARITY_CPUPROFILE) for the
// whole run: how BENCHMARKS.md's profiles are taken.
func startProfile(path string) func() {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "parity: PARITY_CPUPROFILE: %v\n", err)
		return func() {}
	}
	return func() { pprof.StopCPUProfile(); f.Close() }
}

// run executes one command line and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	err := dispatch(ctx, args, stdout, stderr)
	return exitCode(ctx, err, stderr)
}

func exitCode(ctx context.Context, err error, stderr io.Writer) int {
	var d differencesError
	var u usageError
	switch {
	case err == nil:
		return exitOK
	case ctx.Err() != nil:
		// The user's interrupt (SIGINT, SIGTERM) stopped the run: whatever
		// failed after it, such as a connection the driver dropped mid-
		// statement ("bad connection"), failed because of it.
		fmt.Fprintln(stderr, "parity: interrupted; partial outputs removed")
		return exitInterrupted
	case errors.As(err, &d):
		return exitDifferences
	case errors.As(err, &u):
		fmt.Fprintf(stderr, "parity: %s\n", conn.Redact(err.Error()))
		if u.help != "" {
			fmt.Fprintf(stderr, "run 'parity help %s' for usage\n", u.help)
		}
		return exitError
	default:
		fmt.Fprintf(stderr, "parity: %s\n", conn.Redact(err.Error()))
		return exitError
	}
}

// usageError is a mistake on the command line.
type usageError struct {
	msg  string
	help string // command whose help to point at
}

func (e usageError) Error() string { return e.msg }

// differencesError means the command worked and found differences (exit 1).
type differencesError struct{ msg string }

func (e differencesError) Error() string { return e.msg }

type command struct {
	name    string
	summary string
	usage   string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"extract", "stream tables into Parquet, Arrow IPC or CSV files, or time a full read", extractUsage, cmdExtract},
		{"verify", "prove two clusters hold the same rows, or list the differences", verifyUsage, cmdVerify},
		{"bench", "benchmark queries under grids of server settings", benchUsage, cmdBench},
		{"replay", "run the application's queries on both clusters: results, errors, plans, speed", replayUsage, cmdReplay},
		{"report", "render a saved result as text, JSON, Markdown or HTML", reportUsage, cmdReport},
		{"version", "print the version", versionUsage, cmdVersion},
		{"help", "show help for a command", "", nil},
	}
}

func dispatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, mainUsage())
		return usageError{msg: "no command given"}
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		return cmdHelp(args[1:], stdout)
	case "-version", "--version":
		name = "version"
	}
	for _, c := range commands() {
		if c.name == name && c.run != nil {
			return c.run(ctx, args[1:], stdout, stderr)
		}
	}
	return usageError{msg: fmt.Sprintf("unknown command %q", name), help: ""}
}
