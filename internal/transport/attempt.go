package transport

import (
	"context"
	"sync/atomic"
)

type attemptKey struct{}

// withAttempt records the attempt number (1 for the first send) in ctx, for
// the Log layer.
func withAttempt(ctx context.Context, n int) context.Context {
	return context.WithValue(ctx, attemptKey{}, n)
}

// Attempt returns the attempt number the Retry layer recorded in ctx, or 0
// when the request did not pass through it.
func Attempt(ctx context.Context) int {
	n, _ := ctx.Value(attemptKey{}).(int)
	return n
}

type traceKey struct{}

// A Trace records whether any request made with its context had its answer
// lost: a 5xx or a broken connection after the request was sent, so the
// request may have been applied although the caller saw an error, or saw
// the answer to a resend. A 404 to a resent DELETE, or a duplicate after a
// lost create, may then be the caller's own earlier write (rule W1).
type Trace struct{ lost atomic.Bool }

// WithTrace returns a context whose requests record into a new Trace.
func WithTrace(ctx context.Context) (context.Context, *Trace) {
	t := new(Trace)
	return context.WithValue(ctx, traceKey{}, t), t
}

// Lost reports whether an answer was lost since the Trace was made.
func (t *Trace) Lost() bool { return t != nil && t.lost.Load() }

// MarkLost records a lost answer, as seen by a layer above the transport.
func (t *Trace) MarkLost() {
	if t != nil {
		t.lost.Store(true)
	}
}

func (t *Trace) markLost() { t.MarkLost() }

func traceOf(ctx context.Context) *Trace {
	t, _ := ctx.Value(traceKey{}).(*Trace)
	return t
}
