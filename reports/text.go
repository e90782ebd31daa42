package reports

import (
	"fmt"
	"io"
	"time"
)

// Text renders a report for the terminal: a header naming the command and
// the servers, then the same tables the commands print as they finish.
type Text struct {
	Color bool // colour the status word (a TTY without NO_COLOR)
}

// ANSI colours for status words.
const (
	ansiRed   = "\033[31m"
	ansiGreen = "\033[32m"
	ansiReset = "\033[0m"
)

// Render writes r as text.
func (t Text) Render(w io.Writer, r *Report) error {
	fmt.Fprintf(w, "parity %s (%s), %s, %s: %s\n", r.Command, r.Version, r.Started.UTC().Format(time.RFC3339),
		Duration(r.Seconds), t.status(r.Status))
	for _, s := range r.Servers {
		fmt.Fprintf(w, "  %-8s %s\n", s.Role+":", s.Server)
	}
	if r.Error != "" {
		fmt.Fprintf(w, "error: %s\n", r.Error)
	}
	fmt.Fprintln(w)
	switch {
	case r.Extract != nil:
		for _, run := range r.Extract {
			if run.Result == nil {
				continue
			}
			fmt.Fprintf(w, "%s: ", run.Role)
			if err := ExtractSummary(w, run.Result); err != nil {
				return err
			}
			fmt.Fprintln(w)
		}
	case r.Verify != nil && r.Verify.Result != nil:
		final := r.Verify.Result
		if r.Verify.Reverify != nil {
			final = r.Verify.Reverify
		}
		return VerifySummary(w, final, 50)
	case r.Bench != nil:
		return BenchGrid(w, r.Bench)
	case r.Compare != nil:
		return BenchChanges(w, r.Compare.Changes, r.Compare.ThresholdPercent/100)
	}
	return nil
}

// status colours good outcomes green and bad ones red.
func (t Text) status(s string) string {
	if !t.Color {
		return s
	}
	switch s {
	case "ok", "equal":
		return ansiGreen + s + ansiReset
	case "different", "failed", "interrupted", "regression":
		return ansiRed + s + ansiReset
	}
	return s
}
