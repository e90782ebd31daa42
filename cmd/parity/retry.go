package main

import (
	"flag"
	"fmt"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/reports"
)

// registerRetries adds --retries, which extract and bench share.
func registerRetries(fs *flag.FlagSet, n *int, what string) {
	fs.IntVar(n, "retries", conn.DefaultRetries, fmt.Sprintf("retry %s that fails with a transient error (lost connection, server "+
		"restart, deadlock, lock wait timeout) up to `N` times on a new connection, waiting about 2s, 6s, 18s, then 30s "+
		"between tries: the default rides out a restart of 20s (0: fail at once)", what))
}

// retryPolicy turns --retries into the policy, refusing a negative count.
func retryPolicy(n int, command string) (conn.Retry, error) {
	if n < 0 {
		return conn.Retry{}, usageError{msg: fmt.Sprintf("%s: --retries must not be negative (0 turns retries off)", command), help: command}
	}
	return conn.Retries(n), nil
}

// noticeFunc prints one-line notices (a retry and its reason) after
// prefix, redacted, each on a line of its own above the progress line.
func noticeFunc(progress *reports.ProgressLine, prefix string) func(string) {
	return func(msg string) { progress.Notice(prefix + conn.Redact(msg)) }
}
