package bulk_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/internal/bulk"
	"github.com/resellerkit/resellerkit/internal/errs"
)

type bulkResult struct {
	Item    int
	Outcome resellerkit.Outcome
	Err     string
}

func TestRun(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		items := []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
		var inFlight, peak atomic.Int32
		var progMu sync.Mutex
		var progress []resellerkit.Progress
		opts := &resellerkit.BulkOptions{Concurrency: 3, OnProgress: func(p resellerkit.Progress) {
			progMu.Lock()
			defer progMu.Unlock()
			progress = append(progress, p)
		}}
		got := bulk.Run(t.Context(), items, opts,
			func(_ context.Context, it int) bulkResult {
				n := inFlight.Add(1)
				for {
					p := peak.Load()
					if n <= p || peak.CompareAndSwap(p, n) {
						break
					}
				}
				time.Sleep(time.Duration(11-it) * time.Millisecond) // finish out of order
				inFlight.Add(-1)
				if it%4 == 0 {
					return bulkResult{Item: it, Outcome: resellerkit.OutcomeFailed, Err: "boom"}
				}
				return bulkResult{Item: it, Outcome: resellerkit.OutcomeCreated}
			},
			func(r bulkResult) bool { return r.Outcome == resellerkit.OutcomeFailed },
			func(it int, err error) bulkResult {
				return bulkResult{Item: it, Outcome: resellerkit.OutcomeFailed, Err: err.Error()}
			})
		var want []bulkResult
		for _, it := range items {
			r := bulkResult{Item: it, Outcome: resellerkit.OutcomeCreated}
			if it%4 == 0 {
				r = bulkResult{Item: it, Outcome: resellerkit.OutcomeFailed, Err: "boom"}
			}
			want = append(want, r)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("results mismatch (-want +got):\n%s", diff)
		}
		if p := peak.Load(); p > 3 || p < 2 {
			t.Errorf("peak concurrency = %d, want at most 3 (and some parallelism)", p)
		}
		if len(progress) != len(items) {
			t.Fatalf("progress calls = %d, want %d", len(progress), len(items))
		}
		last := progress[len(progress)-1]
		if diff := cmp.Diff(resellerkit.Progress{Done: 10, Total: 10, Failed: 2}, last); diff != "" {
			t.Errorf("final progress mismatch (-want +got):\n%s", diff)
		}
		for i, p := range progress {
			if p.Done != i+1 {
				t.Errorf("progress[%d].Done = %d, want %d", i, p.Done, i+1)
			}
		}
	})
}

func TestRunCanceled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	got := bulk.Run(ctx, []int{1, 2}, nil,
		func(context.Context, int) bulkResult { t.Error("do ran after cancel"); return bulkResult{} },
		func(r bulkResult) bool { return r.Outcome == resellerkit.OutcomeFailed },
		func(it int, err error) bulkResult {
			return bulkResult{Item: it, Outcome: resellerkit.OutcomeFailed, Err: err.Error()}
		})
	want := []bulkResult{{1, resellerkit.OutcomeFailed, "context canceled"}, {2, resellerkit.OutcomeFailed, "context canceled"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("results mismatch (-want +got):\n%s", diff)
	}
}

// TestAwait checks rule W5: a bounded poll that treats 404, 403 and 412 as
// "not visible yet" and anything else as final.
func TestAwait(t *testing.T) {
	t.Parallel()
	notYet := errs.Errorf(resellerkit.KindNotFound, "domains.GetUser", "not found")
	tests := []struct {
		name        string
		policy      resellerkit.AwaitPolicy
		answers     []error // the last one repeats
		wantKind    resellerkit.Kind
		wantNil     bool
		wantElapsed time.Duration
		wantChecks  int
	}{
		{"W5 visible after three tries", resellerkit.AwaitPolicy{Interval: time.Second}, []error{notYet, notYet, nil}, 0, true, 3 * time.Second, 3},
		{"W5 403 and 412 also mean not yet", resellerkit.AwaitPolicy{Interval: time.Second},
			[]error{errs.New(resellerkit.KindPermissionDenied, "x", errors.New("403")), errs.New(resellerkit.KindFailedPrecondition, "x", errors.New("412")), nil},
			0, true, 3 * time.Second, 3},
		{"W5 other errors are final", resellerkit.AwaitPolicy{Interval: time.Second},
			[]error{notYet, errs.New(resellerkit.KindInvalidArgument, "x", errors.New("400"))}, resellerkit.KindInvalidArgument, false, time.Second, 2},
		{"W5 bounded by the timeout", resellerkit.AwaitPolicy{Interval: time.Second, Timeout: 10 * time.Second},
			[]error{notYet}, resellerkit.KindUnavailable, false, 10 * time.Second, 5}, // checks at 0, 1, 3, 7, 10
		{"W5 interval capped at 10s", resellerkit.AwaitPolicy{Interval: 8 * time.Second, Timeout: 40 * time.Second},
			[]error{notYet}, resellerkit.KindUnavailable, false, 40 * time.Second, 6}, // 0, 8, 18, 28, 38, 40
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				checks := 0
				start := time.Now()
				err := bulk.Await(t.Context(), tt.policy, func(context.Context) error {
					i := min(checks, len(tt.answers)-1)
					checks++
					return tt.answers[i]
				})
				if tt.wantNil != (err == nil) {
					t.Fatalf("Await() = %v, want nil: %v", err, tt.wantNil)
				}
				if err != nil && resellerkit.KindOf(err) != tt.wantKind {
					t.Errorf("KindOf() = %v, want %v (err: %v)", resellerkit.KindOf(err), tt.wantKind, err)
				}
				if tt.wantKind == resellerkit.KindUnavailable && !errors.Is(err, resellerkit.ErrNotFound) {
					t.Errorf("timeout error %v does not carry the last answer", err)
				}
				if elapsed := time.Since(start); elapsed != tt.wantElapsed {
					t.Errorf("elapsed = %v, want %v", elapsed, tt.wantElapsed)
				}
				if checks != tt.wantChecks {
					t.Errorf("checks = %d, want %d", checks, tt.wantChecks)
				}
			})
		})
	}
}

func TestAwaitCanceled(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(1500*time.Millisecond, cancel)
		err := bulk.Await(ctx, resellerkit.AwaitPolicy{Interval: time.Second}, func(context.Context) error {
			return errs.Errorf(resellerkit.KindNotFound, "x", "not yet")
		})
		if !errors.Is(err, resellerkit.ErrCanceled) {
			t.Errorf("err = %v, want canceled", err)
		}
	})
}
