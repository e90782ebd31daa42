package conn

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"
)

// Retry is how often and how patiently a unit of work (a chunk, a benchmark
// run) is tried again after a transient error (see IsTransient). The zero
// value is the default policy: 3 retries, waiting about 2 s, 6 s and 18 s
// between them.
//
// The waits grow threefold from Base and stop growing at Max; each is
// shortened or stretched by up to 20% at random, so workers that failed
// together do not reconnect together:
//
//	retry  nominal wait  with jitter      elapsed before it (nominal)
//	1      2 s           1.6 s - 2.4 s    2 s
//	2      6 s           4.8 s - 7.2 s    8 s
//	3      18 s          14.4 s - 21.6 s  26 s
//	4+     30 s          24 s - 36 s      56 s, 86 s, ...
//
// The default three retries therefore span at least 20.8 s, nominally 26 s:
// long enough to ride out a server restart or a managed failover of 10-20 s.
type Retry struct {
	// Retries is how many times the work is tried again after its first
	// attempt failed: 0 takes DefaultRetries, a negative value none.
	Retries int
	// Base is the first wait (0: 2 s).
	Base time.Duration
	// Max caps every wait (0: 30 s).
	Max time.Duration
	// Notify, if set, hears of each retry before its wait.
	Notify func(RetryEvent)
}

// Defaults of Retry.
const (
	DefaultRetries   = 3
	DefaultRetryBase = 2 * time.Second
	DefaultRetryMax  = 30 * time.Second
	retryGrowth      = 3
	retryJitter      = 0.2
)

// NoRetry fails at the first error.
var NoRetry = Retry{Retries: -1}

// Retries is the policy for --retries n: n retries with the default waits,
// none for n <= 0.
func Retries(n int) Retry {
	if n <= 0 {
		return NoRetry
	}
	return Retry{Retries: n}
}

// RetryEvent is one failed attempt about to be retried.
type RetryEvent struct {
	Attempt int           // the attempt that failed, from 1
	Retries int           // retries the policy allows in all
	Wait    time.Duration // before the next attempt
	Err     error
}

// Notice is the one-line notice of a retry of what, its error redacted:
//
//	plan chunks of shop.orders failed (attempt 1 of 4): invalid connection; retrying in 2.1s on a new connection
func (ev RetryEvent) Notice(what string) string {
	return fmt.Sprintf("%s failed (attempt %d of %d): %s; retrying in %s on a new connection",
		what, ev.Attempt, ev.Retries+1, Redact(ev.Err.Error()), ev.Wait.Round(100*time.Millisecond))
}

// Notifying is the policy r telling notify of each retry of what, in the
// words of RetryEvent.Notice.
func (r Retry) Notifying(what string, notify func(notice string)) Retry {
	r.Notify = func(ev RetryEvent) { notify(ev.Notice(what)) }
	return r
}

func (r Retry) retries() int {
	switch {
	case r.Retries < 0:
		return 0
	case r.Retries == 0:
		return DefaultRetries
	}
	return r.Retries
}

func (r Retry) base() time.Duration {
	if r.Base <= 0 {
		return DefaultRetryBase
	}
	return r.Base
}

func (r Retry) max() time.Duration {
	if r.Max <= 0 {
		return DefaultRetryMax
	}
	return max(r.Max, r.base())
}

// Nominal is the wait before retry n (from 1), without jitter.
func (r Retry) Nominal(n int) time.Duration {
	d, limit := r.base(), r.max()
	for i := 1; i < n && d < limit; i++ {
		d *= retryGrowth
	}
	return min(d, limit)
}

// Window is the nominal time from the first failure to the last retry:
// the sum of the waits. A server back within it costs no failure.
func (r Retry) Window() time.Duration {
	var total time.Duration
	for n := 1; n <= r.retries(); n++ {
		total += r.Nominal(n)
	}
	return total
}

// wait is the jittered wait before retry n, for u uniform in [0, 1).
func (r Retry) wait(n int, u float64) time.Duration {
	f := 1 - retryJitter + 2*retryJitter*u
	return time.Duration(float64(r.Nominal(n)) * f)
}

// Do calls fn until it succeeds, fails with an error that is not
// transient, or the retries are spent, waiting between attempts as the
// policy says. attempt counts from 0; fn must start afresh on each call,
// on a new connection (the old one is gone or in an unknown state).
//
// A context that ends stops Do at once with the context's error, during an
// attempt or a wait: an interrupt or a sibling's failure is never retried.
// When the retries are spent, the error is a *RetryError naming the
// attempts and the time spent; a non-transient error is returned as fn
// gave it.
func (r Retry) Do(ctx context.Context, fn func(ctx context.Context, attempt int) error) error {
	start := time.Now()
	var first error
	for attempt := 0; ; attempt++ {
		err := fn(ctx, attempt)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if !IsTransient(err) {
			return err
		}
		if first == nil {
			first = err
		}
		if attempt >= r.retries() {
			if attempt == 0 {
				return err
			}
			return &RetryError{Attempts: attempt + 1, Elapsed: time.Since(start), Err: err, First: first}
		}
		wait := r.wait(attempt+1, rand.Float64())
		if r.Notify != nil {
			r.Notify(RetryEvent{Attempt: attempt + 1, Retries: r.retries(), Wait: wait, Err: err})
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// RetryError is a transient failure that outlasted every retry.
type RetryError struct {
	Attempts int
	Elapsed  time.Duration
	Err      error // the last attempt's error
	First    error // the first attempt's error, when it differs in text
}

func (e *RetryError) Error() string {
	msg := fmt.Sprintf("gave up after %d attempts in %s: %v", e.Attempts, e.Elapsed.Round(100*time.Millisecond), e.Err)
	if e.First != nil && e.First.Error() != e.Err.Error() {
		msg += fmt.Sprintf(" (first attempt: %v)", e.First)
	}
	return msg
}

func (e *RetryError) Unwrap() error { return e.Err }
