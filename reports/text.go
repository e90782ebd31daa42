package reports

import (
	"fmt"
	"io"
	"time"
)

// Text renders a report for the terminal: a header naming the command and
// the servers, then the same tables the commands print as they finish. A
// combined report lists its sections, then prints each under a heading.
type Text struct {
	Color bool // colour the status word (a TTY without NO_COLOR)
	Width int  // fit tables into this many columns (the terminal's); 0: natural width
}

// ANSI colours for status words.
const (
	ansiRed   = "\033[31m"
	ansiGreen = "\033[32m"
	ansiReset = "\033[0m"
)

// Render writes r as text.
func (t Text) Render(w io.Writer, r *Report) error {
	if r.Command == CommandCombined {
		return t.combined(w, r)
	}
	if r.Title != "" {
		fmt.Fprintln(w, r.Title)
	}
	head := fmt.Sprintf("parity %s (%s)", r.Command, r.Version)
	if !r.Started.IsZero() {
		head += ", " + r.Started.UTC().Format(time.RFC3339)
	}
	if r.Seconds > 0 {
		head += ", " + Duration(r.Seconds)
	}
	fmt.Fprintf(w, "%s: %s\n", head, t.status(r.Status))
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
			if err := ExtractSummary(w, run.Result, t.Width); err != nil {
				return err
			}
			fmt.Fprintln(w)
		}
	case r.Verify != nil && r.Verify.Result != nil:
		return VerifySummary(w, r.Verify.Final(), 50, t.Width)
	case r.Bench != nil:
		return BenchGrid(w, r.Bench, t.Width)
	case r.Compare != nil:
		return BenchChanges(w, r.Compare.Changes, r.Compare.Threshold, t.Width)
	case r.ExtractCompare != nil:
		return ExtractChanges(w, r.ExtractCompare, t.Width)
	case r.Replay != nil && r.Replay.Result != nil:
		return ReplaySummary(w, r.Replay.Result, t.Width)
	}
	return nil
}

// combined lists the sections with their status, then renders each under
// a numbered heading.
//
//	Rehearsal 2026-11-22: 3 sections, different
//	  1. parity extract (extract.json): ok
//	  2. parity verify (verify.json): different
//	...
//	=== 1/3 parity extract (extract.json) ===
func (t Text) combined(w io.Writer, r *Report) error {
	title := r.Title
	if title == "" {
		title = "parity combined report"
	}
	fmt.Fprintf(w, "%s: %d sections, %s\n", title, len(r.Sections), t.status(r.Status))
	for i, s := range r.Sections {
		fmt.Fprintf(w, "  %d. %s: %s\n", i+1, sectionName(s), t.status(s.Status))
	}
	for i, s := range r.Sections {
		fmt.Fprintf(w, "\n=== %d/%d %s ===\n", i+1, len(r.Sections), sectionName(s))
		if err := t.Render(w, s); err != nil {
			return err
		}
	}
	return nil
}

// sectionName names a section: its title, or its command and the file it
// came from, "parity verify (verify.json)".
func sectionName(s *Report) string {
	name := sectionTitle(s)
	if s.Source != "" {
		name += " (" + s.Source + ")"
	}
	return name
}

// status colours good outcomes green and bad ones red.
func (t Text) status(s string) string {
	if !t.Color {
		return s
	}
	switch s {
	case "ok", "equal", "same":
		return ansiGreen + s + ansiReset
	case "different", "failed", "interrupted", "regression":
		return ansiRed + s + ansiReset
	}
	return s
}
