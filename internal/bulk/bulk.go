package bulk

import (
	"context"
	"errors"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/internal/errs"
)

// Run applies do to every item with bounded concurrency and returns one
// result per item, in input order. It keeps going past a failed item: do
// reports failure inside its result, and failed tells Run which results
// failed (for [resellerkit.Progress]). When ctx ends, items not yet started
// are not run; their results come from skipped(item, ctx.Err()).
//
// A nil opts, or a zero Concurrency, runs [resellerkit.DefaultConcurrency]
// items at once; OnProgress is never called concurrently with itself.
func Run[T, R any](ctx context.Context, items []T, opts *resellerkit.BulkOptions,
	do func(ctx context.Context, item T) R,
	failed func(R) bool,
	skipped func(item T, err error) R,
) []R {
	limit := resellerkit.DefaultConcurrency
	var onProgress func(resellerkit.Progress)
	if opts != nil {
		if opts.Concurrency > 0 {
			limit = opts.Concurrency
		}
		onProgress = opts.OnProgress
	}
	out := make([]R, len(items))
	var (
		mu   sync.Mutex
		prog = resellerkit.Progress{Total: len(items)}
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

// awaitOp names Await in the errors it raises itself.
const awaitOp = "resellerkit.Await"

// Await polls check until it returns nil, until it returns an error that is
// not a "not visible yet" answer, or until the policy's timeout or ctx ends
// (rule W5: wait for visibility with a bounded poll, not a blind sleep).
//
// Just after a write Google may answer 404, 403 or 412 ("creation is not
// complete") for a while; those errors (KindNotFound, KindPermissionDenied,
// KindFailedPrecondition) mean "not yet". When the wait runs out, the last
// such error is returned wrapped in an *Error of KindUnavailable that says
// how long it waited.
func Await(ctx context.Context, p resellerkit.AwaitPolicy, check func(context.Context) error) error {
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
		switch resellerkit.KindOf(err) {
		case resellerkit.KindNotFound, resellerkit.KindPermissionDenied, resellerkit.KindFailedPrecondition:
		default:
			return err
		}
		wait := interval
		if remaining := time.Until(deadline); remaining < wait {
			if remaining <= 0 {
				return errs.New(resellerkit.KindUnavailable, awaitOp,
					errors.Join(errors.New("the written resource did not become visible within "+timeout.String()), err))
			}
			wait = remaining
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return errs.New(resellerkit.KindCanceled, awaitOp, ctx.Err())
		case <-t.C:
		}
		interval = min(interval*2, 10*time.Second)
	}
}
