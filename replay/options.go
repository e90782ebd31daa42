package replay

import (
	"time"

	"github.com/parity-db/parity/conn"
	"github.com/parity-db/parity/stats"
)

// Options tune a replay. The zero value takes the defaults.
type Options struct {
	// Runs is the timed runs of each class's first sample on each server
	// (default 5), after Warmup untimed ones (default 1; negative for none).
	Runs, Warmup int
	// Timeout bounds each statement on each server (default 60 s).
	Timeout time.Duration
	// Threshold is the slow-down beyond which a significant change is a
	// regression (default 0.10).
	Threshold stats.Threshold
	// ShowRows is how many differing rows of each side a difference shows
	// (default 5).
	ShowRows int
	// NoTiming compares results only: no timed runs, no plans.
	NoTiming bool
	// Retry is how long to wait for a server that went away to come back.
	Retry conn.Retry
	// Notify hears of what the user should know as it happens (a server
	// that went away, a reconnect).
	Notify func(notice string)
	// Progress hears of each class done.
	Progress func(done, total int)
}

func (o *Options) setDefaults() {
	if o.Runs <= 0 {
		o.Runs = 5
	}
	switch {
	case o.Warmup == 0:
		o.Warmup = 1
	case o.Warmup < 0:
		o.Warmup = 0
	}
	if o.Timeout == 0 {
		o.Timeout = 60 * time.Second
	}
	if o.Threshold == 0 {
		o.Threshold = 0.10
	}
	if o.ShowRows <= 0 {
		o.ShowRows = 5
	}
}

func (o *Options) notice(msg string) {
	if o.Notify != nil {
		o.Notify(msg)
	}
}

// retry is the policy for reaching s again, telling the user of each wait.
func (o *Options) retry(s *side, what string) conn.Retry {
	return o.Retry.Notifying(what+" on the "+s.label, o.notice)
}
