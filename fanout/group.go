// Package fanout runs goroutines that share one fate, like errgroup, but
// reports the failure that started the stop rather than the cancellations
// it caused: when one chunk's server dies, the others see their context
// cancelled, and "context canceled" must never be the message.
package fanout

import (
	"context"
	"errors"
	"sync"

	"golang.org/x/sync/errgroup"
)

// Group is a set of goroutines working on one task. The first error that
// is not a cancellation cancels the group's context with that error as its
// cause (context.Cause) and is what Wait returns, whichever goroutine
// returned first.
type Group struct {
	g      errgroup.Group
	cancel context.CancelCauseFunc

	mu    sync.Mutex
	cause error // first error that is not a cancellation
	any   error // first error of any kind
}

// WithContext returns a group and the context its goroutines run under,
// cancelled at the first error or when Wait returns.
func WithContext(ctx context.Context) (*Group, context.Context) {
	ctx, cancel := context.WithCancelCause(ctx)
	return &Group{cancel: cancel}, ctx
}

// SetLimit bounds the goroutines running at once (see errgroup.SetLimit).
func (g *Group) SetLimit(n int) { g.g.SetLimit(n) }

// Go runs fn in a new goroutine, blocking while the limit is reached.
func (g *Group) Go(fn func() error) {
	g.g.Go(func() error {
		g.Fail(fn())
		return nil
	})
}

// Fail records an error found outside the group's goroutines, such as by
// the loop that hands out work, and stops the group as a goroutine's error
// would. A nil error is ignored.
func (g *Group) Fail(err error) {
	if err == nil {
		return
	}
	g.mu.Lock()
	if g.any == nil {
		g.any = err
	}
	if g.cause == nil && !IsCancellation(err) {
		g.cause = err
	}
	g.mu.Unlock()
	g.cancel(err)
}

// Wait waits for every goroutine and returns the first error that is not a
// cancellation, or else the first error (a cancellation of the parent
// context), or nil.
func (g *Group) Wait() error {
	_ = g.g.Wait()
	g.cancel(context.Canceled)
	return g.Err()
}

// Err is what Wait would return now.
func (g *Group) Err() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.cause != nil {
		return g.cause
	}
	return g.any
}

// IsCancellation reports an error that only says work was stopped:
// context.Canceled, alone or wrapped. A deadline is not one: a timeout is a
// finding to report.
func IsCancellation(err error) bool { return errors.Is(err, context.Canceled) }

// Cause returns the first of errs that is not a cancellation, or else the
// first that is not nil: for code that collects errors from several places
// without a Group.
func Cause(errs ...error) error {
	var first error
	for _, err := range errs {
		switch {
		case err == nil:
		case !IsCancellation(err):
			return err
		case first == nil:
			first = err
		}
	}
	return first
}
