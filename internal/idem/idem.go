// Package idem sends the writes Google does not make idempotent (its
// insert, create and case-action methods, all POSTs) so that each lands
// once although an answer can be lost (rule W1; docs/failures.md).
//
// The Conn's transport resends a POST only when Google's answer says it was
// not applied (429, a refused connection). After a lost answer (a 5xx, a
// connection broken mid-request) Google may have applied it, so [Do] first
// asks the write's Landed function, which reads back what identifies the
// write (an account and its creation time, a case marker, a comment list),
// and resends only when it did not land. A duplicate answer to a resend is
// returned to the caller with [Result.Lost] set: the duplicate may be the
// caller's own earlier write, which the caller confirms (polling through
// read-after-write lag, rule W5) and reports as created.
package idem

import (
	"context"
	"errors"
	"time"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/internal/transport"
)

// Write is one write that must land once.
type Write[T any] struct {
	// Send sends the write once. The transport does not resend it after a
	// lost answer; Do does, after Landed said it did not land.
	Send func(ctx context.Context) (T, error)
	// Landed reads back whether an earlier send of this write was applied
	// and returns what Google holds then. Do calls it after each lost
	// answer, before any resend. It answers ok == false when the write is
	// not there (yet: under read-after-write lag a resend then meets a
	// duplicate, which the caller resolves). nil means the write cannot be
	// looked up and is resent at once; only writes whose resend Google
	// refuses as a duplicate may leave it nil.
	Landed func(ctx context.Context) (v T, ok bool, err error)
	// Idempotent says the transport resends the write itself (PUT, PATCH,
	// DELETE): Do sends it once, so that the resends do not multiply, and
	// after a lost last answer only asks Landed. Result.Lost still tells
	// whether any of the transport's sends lost its answer.
	Idempotent bool
	// Streamed says the transport cannot resend the write at all, because
	// it cannot replay the body (a media upload): Do then also resends it
	// after an answer that says it was refused before it ran (429, a
	// throttling 403), honouring Retry-After, within the retry policy.
	Streamed bool
}

// Result tells the caller how the write went.
type Result struct {
	// Sends is how many times Do sent the write.
	Sends int
	// Lost is true when the answer to a send (or to a request the
	// transport resent) was lost: the write may have been applied by an
	// earlier send, so a duplicate answer, or a 404 to a delete, may be the
	// caller's own doing.
	Lost bool
	// Found is true when the write was not confirmed by Google's answer
	// but found by Landed after a lost answer.
	Found bool
}

// Do sends w until it lands or fails for good, within the Conn's retry
// policy (at most MaxAttempts sends, with its backoff between them). It
// returns the value Google answered or Landed found. The error of a failed
// send is returned as it is (a duplicate included: see [Result.Lost]); when
// Landed itself fails, the error says that the write may have landed and
// must be checked before it is sent again.
func Do[T any](ctx context.Context, conn *resellerkit.Conn, op string, w Write[T]) (T, Result, error) {
	var zero T
	ctx, trace := transport.WithTrace(ctx)
	p := conn.RetryPolicy()
	policy := transport.Policy{MaxAttempts: max(p.MaxAttempts, 1), Initial: p.Initial, Max: p.Max, Multiplier: max(p.Multiplier, 1)}
	var res Result
	for {
		res.Sends++
		v, err := w.Send(ctx)
		if err == nil {
			res.Lost = trace.Lost()
			return v, res, nil
		}
		refused := w.Streamed && resellerkit.KindOf(err) == resellerkit.KindRateLimited
		if !AnswerLost(err) && !refused {
			res.Lost = trace.Lost()
			return zero, res, err
		}
		if !refused {
			trace.MarkLost()
			res.Lost = true
		}
		if w.Landed != nil && !refused {
			found, ok, lerr := w.Landed(ctx)
			if lerr != nil {
				if resellerkit.KindOf(lerr) == resellerkit.KindCanceled {
					return zero, res, lerr
				}
				return zero, res, &resellerkit.Error{Kind: resellerkit.KindOf(err), Op: op,
					Err: unknownOutcome{sent: err, check: lerr}}
			}
			if ok {
				res.Found = true
				return found, res, nil
			}
		}
		if w.Idempotent || res.Sends >= policy.MaxAttempts {
			return zero, res, err
		}
		pause := policy.Backoff(res.Sends-1, nil)
		if e, ok := errors.AsType[*resellerkit.Error](err); ok && e.RetryAfter > pause {
			if e.RetryAfter > policy.Max {
				return zero, res, err
			}
			pause = e.RetryAfter
		}
		if dl, ok := ctx.Deadline(); ok && time.Now().Add(pause).After(dl) {
			return zero, res, err
		}
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return zero, res, resellerkit.Wrap(op, ctx.Err())
		case <-t.C:
		}
	}
}

// AnswerLost reports whether err leaves open whether a write was applied:
// Google's 5xx and broken connections, classified [resellerkit.KindUnavailable].
// A throttled request (KindRateLimited) was refused before it ran.
func AnswerLost(err error) bool {
	return resellerkit.KindOf(err) == resellerkit.KindUnavailable
}

// unknownOutcome is a write whose answer was lost and whose read-back
// failed too: whether it landed is not known.
type unknownOutcome struct{ sent, check error }

func (e unknownOutcome) Error() string {
	return "the answer was lost and checking whether the write landed failed too; " +
		"it may have been applied: look before sending it again (" + e.sent.Error() + "; check: " + e.check.Error() + ")"
}

func (e unknownOutcome) Unwrap() []error { return []error{e.sent, e.check} }

// Delete sends a delete, which the transport resends itself after a lost
// answer: a 404 that follows a lost answer is this call's own earlier
// delete (rule W1), so Delete reports it as done, nil. Any other 404 (gone
// before the call) is returned as it is.
func Delete(ctx context.Context, conn *resellerkit.Conn, op string, del func(context.Context) error) error {
	_, res, err := Do(ctx, conn, op, Write[struct{}]{
		Send:       func(ctx context.Context) (struct{}, error) { return struct{}{}, del(ctx) },
		Idempotent: true,
	})
	if err != nil && res.Lost && resellerkit.KindOf(err) == resellerkit.KindNotFound {
		return nil
	}
	return err
}
