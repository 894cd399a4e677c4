package transport_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit/internal/transport"
)

func routes(perMinute map[string]int) []transport.Route {
	var out []transport.Route
	for prefix, qpm := range perMinute {
		out = append(out, transport.Route{Scheme: "https", Host: "fake.example", PathPrefix: prefix, Limiter: transport.NewLimiter(qpm)})
	}
	return out
}

// TestPaceW3SpacesRequests checks rule W3 on a fake clock: at 60 queries per
// minute (burst 1) requests leave one second apart.
func TestPaceW3SpacesRequests(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := &script{steps: []step{{status: 200}}}
		rt := &transport.Pace{Base: s, Routes: routes(map[string]int{"/apps/licensing/": 60})}
		start := time.Now()
		for range 4 {
			get(t, rt, "https://fake.example/apps/licensing/v1/product/101001/users")
		}
		want := []time.Duration{0, time.Second, 2 * time.Second, 3 * time.Second}
		if diff := cmp.Diff(want, s.offsets(start)); diff != "" {
			t.Errorf("request times mismatch (-want +got):\n%s", diff)
		}
	})
}

// TestPaceW3BurstThenRate checks the burst of one second's worth: at 2,400
// per minute, 40 requests go at once, then one every 25 ms, also when sent
// from many goroutines.
func TestPaceW3BurstThenRate(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := &script{steps: []step{{status: 200}}}
		rt := &transport.Pace{Base: s, Routes: routes(map[string]int{"/admin/directory/": 2400})}
		start := time.Now()
		var wg sync.WaitGroup
		for range 80 {
			wg.Go(func() {
				resp, err := rt.RoundTrip(mustRequest("GET", "https://fake.example/admin/directory/v1/users/x", nil).WithContext(t.Context()))
				if err != nil {
					t.Error(err)
					return
				}
				resp.Body.Close()
			})
		}
		wg.Wait()
		if elapsed := time.Since(start); elapsed != 40*25*time.Millisecond {
			t.Errorf("80 requests took %v, want 1s (40 at once, then 40 at 25ms)", elapsed)
		}
		if s.calls() != 80 {
			t.Errorf("calls = %d, want 80", s.calls())
		}
	})
}

// TestPaceW3OneLimiterPerAPI checks that each API has its own limiter and
// that unrouted requests are not paced.
func TestPaceW3OneLimiterPerAPI(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := &script{steps: []step{{status: 200}}}
		rt := &transport.Pace{Base: s, Routes: routes(map[string]int{"/admin/directory/": 60, "/apps/licensing/": 60})}
		start := time.Now()
		for _, path := range []string{
			"/admin/directory/v1/users/a", "/apps/licensing/v1/x", // both at 0: separate limiters
			"/apps/reseller/v1/customers/c", "/apps/reseller/v1/customers/d", // unpaced: at 0
			"/admin/directory/v1/users/b", // waits 1s for the Directory limiter
		} {
			get(t, rt, "https://fake.example"+path)
		}
		want := []time.Duration{0, 0, 0, 0, time.Second}
		if diff := cmp.Diff(want, s.offsets(start)); diff != "" {
			t.Errorf("request times mismatch (-want +got):\n%s", diff)
		}
	})
}

// TestPaceDeadline checks that a wait that would pass the context deadline
// fails at once with an error that is context.DeadlineExceeded.
func TestPaceDeadline(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := &script{steps: []step{{status: 200}}}
		rt := &transport.Pace{Base: s, Routes: routes(map[string]int{"/admin/directory/": 1})}
		first, err := rt.RoundTrip(mustRequest("GET", "https://fake.example/admin/directory/v1/users/a", nil).WithContext(t.Context()))
		if err != nil {
			t.Fatal(err)
		}
		first.Body.Close()
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		start := time.Now()
		_, err = rt.RoundTrip(mustRequest("GET", "https://fake.example/admin/directory/v1/users/b", nil).WithContext(ctx))
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v, want context.DeadlineExceeded", err)
		}
		if time.Since(start) != 0 {
			t.Errorf("waited %v, want an immediate failure", time.Since(start))
		}
		if s.calls() != 1 {
			t.Errorf("calls = %d, want 1", s.calls())
		}
	})
}

func TestNewLimiter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		perMinute int
		wantNil   bool
		wantBurst int
	}{
		{0, true, 0},
		{-5, true, 0},
		{1, false, 1},
		{60, false, 1},
		{61, false, 2},
		{2400, false, 40},
	}
	for _, tt := range tests {
		lim := transport.NewLimiter(tt.perMinute)
		if (lim == nil) != tt.wantNil {
			t.Errorf("NewLimiter(%d) nil = %v, want %v", tt.perMinute, lim == nil, tt.wantNil)
			continue
		}
		if lim != nil && lim.Burst() != tt.wantBurst {
			t.Errorf("NewLimiter(%d).Burst() = %d, want %d", tt.perMinute, lim.Burst(), tt.wantBurst)
		}
	}
}

// BenchmarkPaceUnpaced measures the cost of the pacing layer's route lookup
// for a request no route paces.
func BenchmarkPaceUnpaced(b *testing.B) {
	s := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Body: http.NoBody}, nil
	})
	rt := &transport.Pace{Base: s, Routes: routes(map[string]int{"/admin/directory/": 60, "/apps/licensing/": 60, "/v2/": 60})}
	req := mustRequest("GET", "https://fake.example/apps/reseller/v1/customers/c", nil)
	for b.Loop() {
		if _, err := rt.RoundTrip(req); err != nil {
			b.Fatal(err)
		}
	}
}
