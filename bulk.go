package resellerkit

import (
	"context"
	"errors"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

// Outcome is what an Ensure operation did to one item.
type Outcome uint8

// Outcomes of an Ensure. A second run of an idempotent bulk job reports every
// item as OutcomeUnchanged.
const (
	OutcomeUnchanged Outcome = iota // already as desired; nothing was written
	OutcomeCreated                  // the item did not exist and was created
	OutcomeUpdated                  // the item existed and was changed
	OutcomeFailed                   // the item could not be brought to the desired state; see its error
)

// String returns the outcome in words ("created").
func (o Outcome) String() string {
	switch o {
	case OutcomeUnchanged:
		return "unchanged"
	case OutcomeCreated:
		return "created"
	case OutcomeUpdated:
		return "updated"
	case OutcomeFailed:
		return "failed"
	}
	return "outcome(?)"
}

// MarshalText renders the outcome in words, for JSON reports.
func (o Outcome) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// Progress is reported after each item of a bulk job finishes.
type Progress struct {
	Done   int // items finished, failed ones included
	Total  int
	Failed int
}

// BulkOptions tunes a bulk job. A nil *BulkOptions means the defaults.
type BulkOptions struct {
	// Concurrency bounds the items in flight; 0 means 8. Pacing (rule W3)
	// still applies per request underneath, so a higher number does not
	// exceed the quota: it only hides latency.
	Concurrency int
	// OnProgress, if set, is called after each item, never concurrently
	// with itself.
	OnProgress func(Progress)
}

// DefaultConcurrency is the number of items a bulk job runs at once when
// BulkOptions.Concurrency is 0.
const DefaultConcurrency = 8

// RunBulk applies do to every item with bounded concurrency and returns one
// result per item, in input order. It keeps going past a failed item: do
// reports failure inside its result, and failed tells RunBulk which results
// failed (for Progress). When ctx ends, items not yet started are not run;
// their results come from skipped(item, ctx.Err()).
//
// It is the engine under every Ensure… bulk method of this module; callers
// normally use those.
func RunBulk[T, R any](ctx context.Context, items []T, opts *BulkOptions,
	do func(ctx context.Context, item T) R,
	failed func(R) bool,
	skipped func(item T, err error) R,
) []R {
	limit := DefaultConcurrency
	var onProgress func(Progress)
	if opts != nil {
		if opts.Concurrency > 0 {
			limit = opts.Concurrency
		}
		onProgress = opts.OnProgress
	}
	out := make([]R, len(items))
	var (
		mu   sync.Mutex
		prog = Progress{Total: len(items)}
	)
	report := func(r R) {
		mu.Lock()
		defer mu.Unlock()
		prog.Done++
		if failed(r) {
			prog.Failed++
		}
		if onProgress != nil {
			onProgress(prog)
		}
	}
	var g errgroup.Group
	g.SetLimit(limit)
	for i, it := range items {
		if err := ctx.Err(); err != nil {
			r := skipped(it, err)
			out[i] = r
			report(r)
			continue
		}
		g.Go(func() error {
			var r R
			if err := ctx.Err(); err != nil {
				r = skipped(it, err)
			} else {
				r = do(ctx, it)
			}
			out[i] = r
			report(r)
			return nil
		})
	}
	_ = g.Wait() // the workers never return an error: failures live in the results
	return out
}

// AwaitPolicy bounds a visibility poll (rule W5).
type AwaitPolicy struct {
	// Timeout is the longest the poll waits; 0 means 2 minutes, the order of
	// Google's documented propagation for new users.
	Timeout time.Duration
	// Interval is the first pause between checks; it doubles up to 10 s.
	// 0 means 500 ms.
	Interval time.Duration
}

// Await polls check until it returns nil, until it returns an error that is
// not a "not visible yet" answer, or until the policy's timeout or ctx ends
// (rule W5: wait for visibility with a bounded poll, not a blind sleep).
//
// Just after a write Google may answer 404, 403 or 412 ("creation is not
// complete") for a while; those errors (KindNotFound, KindPermissionDenied,
// KindFailedPrecondition) mean "not yet". When the wait runs out, the last
// such error is returned wrapped in an *Error of KindUnavailable that says
// how long it waited.
func Await(ctx context.Context, p AwaitPolicy, check func(context.Context) error) error {
	timeout := p.Timeout
	if timeout <= 0 {
		timeout = 2 * time.Minute
	}
	interval := p.Interval
	if interval <= 0 {
		interval = 500 * time.Millisecond
	}
	deadline := time.Now().Add(timeout)
	for {
		err := check(ctx)
		if err == nil {
			return nil
		}
		switch KindOf(err) {
		case KindNotFound, KindPermissionDenied, KindFailedPrecondition:
		default:
			return err
		}
		wait := interval
		if remaining := time.Until(deadline); remaining < wait {
			if remaining <= 0 {
				return &Error{Kind: KindUnavailable, Op: "resellerkit.Await",
					Err: errors.Join(errors.New("the written resource did not become visible within "+timeout.String()), err)}
			}
			wait = remaining
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return E(KindCanceled, "resellerkit.Await", ctx.Err())
		case <-t.C:
		}
		interval = min(interval*2, 10*time.Second)
	}
}
