// Package result holds what parity's commands write with --json: one
// envelope every document starts with, the document of each command, and
// Decode to read any of them back. Renderers (package reports) and the
// commands (cmd/parity) both build on it, so it imports neither.
package result

import (
	"context"

	"github.com/parity-db/parity/conn"
)

// SchemaVersion is the version of the --json documents' layout, and of the
// bench history records written from them. A reader refuses a newer version
// rather than misread it.
const SchemaVersion = 1

// Statuses a command's run ends in. Verify replaces OK with what it found
// (equal or different); a bench compare has no status, only regressions.
const (
	OK          = "ok"
	Failed      = "failed"
	Interrupted = "interrupted"
)

// Envelope is how every --json document starts: who wrote it, with which
// options, and how the run ended. Options and Status are left out of
// documents that have none (verify keeps its options in its result; a
// bench compare's outcome is its regression count).
type Envelope struct {
	SchemaVersion int            `json:"schema_version"`
	Command       string         `json:"command"`
	Version       string         `json:"parity_version"`
	Options       map[string]any `json:"options,omitempty"`
	Status        string         `json:"status,omitempty"`
	Error         string         `json:"error,omitempty"` // the failure, one line, passwords redacted
}

// NewEnvelope starts the envelope of a command's document.
func NewEnvelope(command, version string) Envelope {
	return Envelope{SchemaVersion: SchemaVersion, Command: command, Version: version}
}

// End records how the run ended; see StatusOf.
func (e *Envelope) End(ctx context.Context, err error) {
	e.Status, e.Error = StatusOf(ctx, err)
}

// StatusOf is a run's status and error line from the error it returned: ok
// without one, interrupted when ctx was cancelled (the error is then only
// the cancellation's echo), and failed otherwise, with the message's
// passwords redacted because documents are shared.
func StatusOf(ctx context.Context, err error) (status, message string) {
	switch {
	case err == nil:
		return OK, ""
	case ctx.Err() != nil:
		return Interrupted, Interrupted
	}
	return Failed, conn.Redact(err.Error())
}
