package fanout

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

var errServerGone = errors.New("extract db.t chunk #3: server went away")

func TestGroupKeepsTheCause(t *testing.T) {
	tests := []struct {
		name string
		run  func(g *Group, ctx context.Context)
		want error
	}{
		{"a sibling's cancellation returned first", func(g *Group, ctx context.Context) {
			started := make(chan struct{})
			g.Go(func() error {
				close(started)
				<-ctx.Done() // cancelled by the failure below, returns at once
				return fmt.Errorf("plan chunks: %w", ctx.Err())
			})
			<-started
			g.Go(func() error {
				time.Sleep(10 * time.Millisecond)
				return errServerGone
			})
		}, errServerGone},
		{"the planning loop sees the cancellation", func(g *Group, ctx context.Context) {
			g.Go(func() error { return errServerGone })
			<-ctx.Done()
			g.Fail(ctx.Err()) // what a planner returning ctx.Err() reports
		}, errServerGone},
		{"a cancellation recorded before the cause", func(g *Group, ctx context.Context) {
			g.Fail(fmt.Errorf("wrapped: %w", context.Canceled))
			g.Go(func() error { return errServerGone })
		}, errServerGone},
		{"only successes", func(g *Group, ctx context.Context) {
			g.Go(func() error { return nil })
			g.Fail(nil)
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, ctx := WithContext(context.Background())
			tt.run(g, ctx)
			if err := g.Wait(); !errors.Is(err, tt.want) && err != tt.want {
				t.Fatalf("Wait = %v, want %v", err, tt.want)
			}
			if tt.want != nil && !errors.Is(context.Cause(ctx), tt.want) && !IsCancellation(context.Cause(ctx)) {
				t.Errorf("context cause = %v", context.Cause(ctx))
			}
		})
	}
}

func TestGroupParentCancelled(t *testing.T) {
	parent, cancel := context.WithCancel(context.Background())
	g, ctx := WithContext(parent)
	g.SetLimit(2)
	time.AfterFunc(10*time.Millisecond, cancel) // Go blocks at the limit until then
	for range 4 {
		g.Go(func() error { <-ctx.Done(); return ctx.Err() })
	}
	if err := g.Wait(); !errors.Is(err, context.Canceled) {
		t.Fatalf("Wait = %v, want context.Canceled for an interrupt", err)
	}
}

func TestGroupContextCause(t *testing.T) {
	g, ctx := WithContext(context.Background())
	g.Go(func() error { return errServerGone })
	<-ctx.Done()
	if got := context.Cause(ctx); got != errServerGone {
		t.Errorf("Cause = %v, want the failure that stopped the group", got)
	}
	_ = g.Wait()
}

func TestCause(t *testing.T) {
	wrapped := fmt.Errorf("verify db.t: %w", context.Canceled)
	tests := []struct {
		errs []error
		want error
	}{
		{nil, nil},
		{[]error{nil, nil}, nil},
		{[]error{wrapped, errServerGone}, errServerGone},
		{[]error{errServerGone, wrapped}, errServerGone},
		{[]error{nil, wrapped, context.Canceled}, wrapped},
		{[]error{context.DeadlineExceeded, errServerGone}, context.DeadlineExceeded},
	}
	for _, tt := range tests {
		if got := Cause(tt.errs...); got != tt.want {
			t.Errorf("Cause(%v) = %v, want %v", tt.errs, got, tt.want)
		}
	}
}
