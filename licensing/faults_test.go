package licensing_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/fake/faketest"
	"github.com/resellerkit/resellerkit/licensing"
)

// TestEnsureLicensesFaultsMidRun injects throttling (429, 403
// userRateLimitExceeded), 503s, a lost answer and read-after-write lag in
// the middle of a bulk run: throttled inserts are resent by the Conn, the
// others are looked up before they are sent again (rules W1, W2, W5), so
// no item fails, every account ends with exactly one license (nothing
// lost, nothing duplicated, rule L1), each new one is reported created,
// and a second run writes nothing (L2).
func TestEnsureLicensesFaultsMidRun(t *testing.T) {
	t.Parallel()
	const n = 60
	seats := tenantSeats(map[licensing.SKUID]int{ciSKU: n + 5}, nil)
	// Ten accounts already hold the license: the listing spans pages.
	var holds []held
	for i := range 10 {
		holds = append(holds, held{user(i), ciProduct, ciSKU})
	}
	w, users := newWorld(t, n, seats, holds...)
	srv := faketest.NewServer(t, w, fake.WithoutListener(), fake.WithPageCap(7))
	conn, err := srv.Conn(t.Context(), fakeAdmin)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := licensing.New(conn, licensing.WithSeatSource(staticSeats(seats)))
	if err != nil {
		t.Fatal(err)
	}
	const insert = "licensing.licenseAssignments.insert"
	srv.Fail(fake.Fault{Method: "licensing.licenseAssignments.listForProduct", Status: 503, Skip: 1, Count: 1}) // page 2
	srv.Fail(fake.Fault{Method: insert, Status: 429, Skip: 5, Count: 3})
	srv.Fail(fake.Fault{Method: insert, Status: 403, Reason: "userRateLimitExceeded", Skip: 12, Count: 2})
	srv.Fail(fake.Fault{Method: insert, Status: 503, Skip: 30, Count: 2})
	// A lost answer: the 25th insert that succeeds is applied, then the
	// client is told 503, so its retry must not add a second license.
	srv.Fail(fake.Fault{Method: insert, Status: 503, AfterApply: true, Skip: 24, Count: 1})
	srv.SetReadAfterWriteLag(2)

	res := svc.EnsureLicenses(t.Context(), fakeCustomer, ciProduct, ciSKU, users, &resellerkit.BulkOptions{Concurrency: 4})
	if len(res) != n {
		t.Fatalf("%d results, want one per item (%d)", len(res), n)
	}
	created, unchanged := 0, 0
	for i, r := range res {
		if r.UserKey != users[i] {
			t.Errorf("result %d is for %s, want %s (input order)", i, r.UserKey, users[i])
		}
		switch r.Outcome {
		case resellerkit.OutcomeCreated:
			created++
		case resellerkit.OutcomeUnchanged:
			unchanged++
		default:
			t.Errorf("%s: %v (%v); want no failed item", r.UserKey, r.Outcome, r.Err)
		}
	}
	// Rule W1: the insert whose answer was lost is looked up (the lag hides
	// it), sent again, and Google's "already has" is this run's own insert:
	// created, not unchanged, and not a second license.
	if created != n-10 || unchanged != 10 {
		t.Errorf("created %d, unchanged %d; want %d and %d", created, unchanged, n-10, 10)
	}
	for _, u := range users {
		if diff := cmp.Diff(map[licensing.ProductID]licensing.SKUID{ciProduct: ciSKU}, heldIn(t, w, u)); diff != "" {
			t.Errorf("%s licenses mismatch (-want +got):\n%s", u, diff)
		}
	}
	if u, err := svc.SeatUsage(t.Context(), fakeCustomer, ciProduct, ciSKU); err != nil || u.Assigned != n {
		t.Errorf("seats assigned = %d, %v; want %d (nothing duplicated)", u.Assigned, err, n)
	}
	reqs := srv.Requests()
	// Rule W4: the 503 on the listing's second page is retried inside that
	// page fetch, not by restarting the listing: 2 pages + 1 retry.
	if got := countMethod(reqs, "licensing.licenseAssignments.listForProduct"); got != 3 {
		t.Errorf("%d listForProduct requests, want 3 (2 pages + 1 retry of page 2)", got)
	}
	// 50 inserts; 5 throttled ones resent by the Conn; 2 plain 503s and the
	// lost answer sent again after a lookup that did not find them (the
	// lost one hidden by the lag).
	if got := countMethod(reqs, insert); got != 50+5+2+1 {
		t.Errorf("%d insert requests, want %d", got, 58)
	}
	if got := countMethod(reqs, "licensing.licenseAssignments.get"); got != 3 {
		t.Errorf("%d get requests, want 3 (one lookup per insert whose answer left its fate open)", got)
	}

	// Read-after-write lag (W5): a fresh license is not readable at once;
	// AwaitVisible polls until it is.
	fresh := users[n-1]
	if _, err := svc.Get(t.Context(), ciProduct, ciSKU, fresh); resellerkit.KindOf(err) != resellerkit.KindNotFound {
		t.Errorf("Get just after the write = %v; want the lag's KindNotFound", err)
	}
	a, err := svc.AwaitVisible(t.Context(), ciProduct, ciSKU, fresh, resellerkit.AwaitPolicy{Interval: time.Millisecond, Timeout: 5 * time.Second})
	if err != nil || !strings.EqualFold(a.UserID, fresh) {
		t.Errorf("AwaitVisible = %+v, %v", a, err)
	}

	// Second run, lag and all: no write, every item unchanged.
	srv.ResetLog()
	for _, r := range svc.EnsureLicenses(t.Context(), fakeCustomer, ciProduct, ciSKU, users, nil) {
		if r.Outcome != resellerkit.OutcomeUnchanged {
			t.Errorf("second run: %s %v (%v); want unchanged", r.UserKey, r.Outcome, r.Err)
		}
	}
	if got := countMethod(srv.Requests(), insert); got != 0 {
		t.Errorf("second run sent %d inserts, want 0", got)
	}
}

// TestEnsureLicensesFaultsWithoutRetryThenRerun: through a Conn that does
// not retry, an injected fault fails its item with a retryable error (rule
// W1: the caller may retry it); the run keeps going, and a second run
// completes the job without duplicating anything.
func TestEnsureLicensesFaultsWithoutRetryThenRerun(t *testing.T) {
	t.Parallel()
	const n = 20
	seats := tenantSeats(nil, nil)
	w, users := newWorld(t, n, seats)
	srv := faketest.NewServer(t, w, fake.WithoutListener())
	conn, err := srv.Conn(t.Context(), fakeAdmin, noRetry)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := licensing.New(conn, licensing.WithSeatSource(staticSeats(seats)))
	if err != nil {
		t.Fatal(err)
	}
	srv.Fail(fake.Fault{Method: "licensing.licenseAssignments.insert", Status: 429, Skip: 4, Count: 2})
	srv.Fail(fake.Fault{Method: "licensing.licenseAssignments.insert", Status: 503, Skip: 9, Count: 1})
	res := svc.EnsureLicenses(t.Context(), fakeCustomer, ciProduct, ciSKU, users, &resellerkit.BulkOptions{Concurrency: 3})
	failed := 0
	for _, r := range res {
		if r.Failed() {
			failed++
			if !resellerkit.IsRetryable(r.Err) {
				t.Errorf("%s failed with %v; want a retryable error", r.UserKey, r.Err)
			}
		}
	}
	if failed != 3 {
		t.Errorf("%d failed items, want the 3 faulted ones", failed)
	}
	res = svc.EnsureLicenses(t.Context(), fakeCustomer, ciProduct, ciSKU, users, nil)
	if diff := cmp.Diff(3, count(res, resellerkit.OutcomeCreated)); diff != "" {
		t.Errorf("second run created mismatch (-want +got):\n%s", diff)
	}
	if c := count(res, resellerkit.OutcomeUnchanged); c != n-3 {
		t.Errorf("second run unchanged = %d, want %d", c, n-3)
	}
	if u, err := svc.SeatUsage(t.Context(), fakeCustomer, ciProduct, ciSKU); err != nil || u.Assigned != n {
		t.Errorf("assigned seats = %d, %v; want %d", u.Assigned, err, n)
	}
}

func count(res []licensing.AssignmentResult, o resellerkit.Outcome) int {
	n := 0
	for _, r := range res {
		if r.Outcome == o {
			n++
		}
	}
	return n
}
