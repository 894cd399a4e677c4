package licensing_test

import (
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	licensingapi "google.golang.org/api/licensing/v1"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/fake/faketest"
	"github.com/resellerkit/resellerkit/licensing"
)

// The performance goal of bulk licensing: ensure Cloud Identity Free licenses for
// 2,000 accounts against fake.Server with 20 ms latency per request and a
// server quota of 6,000 queries per minute, the client paced at the same
// quota: the wall time is at most 1.15 x the quota's lower bound (calls /
// quota rate), with zero failed items and zero throttling errors reaching
// the caller. The Server is reached in-process (fake.WithoutListener, the
// Conn's transport is Server.Transport): the latency and the quota are the
// Server's, applied per request as over TCP, without the socket's cost.
const (
	benchAccounts = 2000
	benchLatency  = 20 * time.Millisecond
	benchPerMin   = 6000
	// benchBurst is the server bucket: one second's worth, the same burst as
	// the client's pacer, so a client that ran ahead of the quota would be
	// throttled at once rather than hidden by a minute-sized bucket.
	benchBurst = benchPerMin / 60
)

// statusCounter counts the answers of each HTTP status under a client.
type statusCounter struct {
	base      http.RoundTripper
	calls     atomic.Int64
	throttled atomic.Int64
}

func (c *statusCounter) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := c.base.RoundTrip(r)
	c.calls.Add(1)
	if err == nil && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusForbidden) {
		c.throttled.Add(1)
	}
	return resp, err
}

func benchServer(b *testing.B) (*fake.Server, []string) {
	b.Helper()
	seats := tenantSeats(map[licensing.SKUID]int{licensing.SKUCloudIdentityFree: benchAccounts + 50}, nil)
	w, users := newWorld(b, benchAccounts, seats)
	srv := faketest.NewServer(b, w, fake.WithoutListener(), fake.WithLatency(benchLatency), fake.WithQuota(fake.Quota{PerMinute: benchPerMin, Burst: benchBurst}))
	return srv, users
}

func reportQuota(b *testing.B, calls int64, wall time.Duration, items int) {
	lower := time.Duration(float64(calls) / (benchPerMin / 60.0) * float64(time.Second))
	b.ReportMetric(float64(calls)/float64(items), "calls/item")
	b.ReportMetric(lower.Seconds(), "lowerbound-s")
	b.ReportMetric(wall.Seconds(), "wall-s")
	b.ReportMetric(wall.Seconds()/lower.Seconds(), "x-lowerbound")
}

// BenchmarkEnsureLicenses2000 runs Service.EnsureLicenses through a Conn
// paced at the server's quota, with the default concurrency.
func BenchmarkEnsureLicenses2000(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		srv, users := benchServer(b)
		counter := &statusCounter{base: srv.Transport()}
		conn, err := srv.Conn(b.Context(), fakeAdmin,
			resellerkit.WithHTTPClient(&http.Client{Transport: counter}),
			resellerkit.WithPacing(resellerkit.Pacing{Licensing: benchPerMin}),
			resellerkit.WithRetry(resellerkit.DefaultRetryPolicy()))
		if err != nil {
			b.Fatal(err)
		}
		svc, err := licensing.New(conn)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()

		start := time.Now()
		res := svc.EnsureLicenses(b.Context(), fakeCustomer, licensing.ProductCloudIdentityFree, licensing.SKUCloudIdentityFree, users, nil)
		wall := time.Since(start)

		b.StopTimer()
		failed, throttledToCaller := 0, 0
		for _, r := range res {
			if r.Failed() {
				failed++
				if resellerkit.KindOf(r.Err) == resellerkit.KindRateLimited {
					throttledToCaller++
				}
			}
		}
		reportQuota(b, counter.calls.Load(), wall, len(users))
		b.ReportMetric(float64(failed), "failed")
		b.ReportMetric(float64(throttledToCaller), "throttled-to-caller")
		b.ReportMetric(float64(counter.throttled.Load()), "throttled-on-wire")
		if failed != 0 {
			b.Errorf("%d items failed; want 0 (first: %v)", failed, firstErr(res))
		}
		b.StartTimer()
	}
}

// BenchmarkEnsureLicenses2000Sequential does the same job as a plain
// sequential loop over the generated client (one insert per account, a 412
// "already has" counted as done), for comparison.
func BenchmarkEnsureLicenses2000Sequential(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		srv, users := benchServer(b)
		counter := &statusCounter{base: srv.Transport()}
		// The Conn's generated client, unpaced and sending each request
		// once: what a plain loop without the SDK does.
		conn, err := srv.Conn(b.Context(), fakeAdmin, resellerkit.WithHTTPClient(&http.Client{Transport: counter}), noRetry)
		if err != nil {
			b.Fatal(err)
		}
		api := conn.Licensing()
		b.StartTimer()

		start := time.Now()
		failed := 0
		for _, u := range users {
			_, err := api.LicenseAssignments.Insert(string(licensing.ProductCloudIdentityFree), string(licensing.SKUCloudIdentityFree),
				&licensingapi.LicenseAssignmentInsert{UserId: u}).Context(b.Context()).Do()
			if err != nil {
				failed++
			}
		}
		wall := time.Since(start)

		b.StopTimer()
		reportQuota(b, counter.calls.Load(), wall, len(users))
		b.ReportMetric(float64(failed), "failed")
		b.ReportMetric(float64(counter.throttled.Load()), "throttled-on-wire")
		b.StartTimer()
	}
}

func firstErr(res []licensing.AssignmentResult) error {
	for _, r := range res {
		if r.Err != nil {
			return r.Err
		}
	}
	return nil
}
