package licensing_test

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/fake/faketest"
	"github.com/resellerkit/resellerkit/licensing"
)

// fastRetry keeps the resends of the fault tests quick.
var fastRetry = resellerkit.WithRetry(resellerkit.RetryPolicy{Initial: time.Millisecond, Max: 5 * time.Millisecond})

// fastAwait bounds the W5 polls of the fault tests.
var fastAwait = licensing.WithAwait(resellerkit.AwaitPolicy{Interval: time.Millisecond, Timeout: 5 * time.Second})

// faultModes are the ways a write's answer goes wrong: lost (Google
// applied the write, the caller got a 503), refused (a plain 503: nothing
// applied), and lost with read-after-write lag (W5).
var faultModes = []struct {
	name       string
	afterApply bool
	lag        int
}{
	{name: "lost answer", afterApply: true},
	{name: "503", afterApply: false},
	{name: "lost answer and lag", afterApply: true, lag: 2},
}

const (
	starter  = licensing.SKUBusinessStarter
	standard = licensing.SKUBusinessStandard
)

// TestLostAnswerW1 sends each write of the package through a Conn and
// google.go while its first answer is lost (applied, then 503), refused
// (a plain 503), or lost under read-after-write lag (W5): the user ends
// with exactly the one license asked for (rules L1, L2), no seat is taken
// twice, the call reports the write as this call's (created, updated,
// revoked) with no error, a lost insert is looked up rather than resent,
// and a second run changes nothing.
func TestLostAnswerW1(t *testing.T) {
	t.Parallel()
	const (
		insert = "licensing.licenseAssignments.insert"
		patch  = "licensing.licenseAssignments.patch"
		del    = "licensing.licenseAssignments.delete"
	)
	ci := map[licensing.ProductID]licensing.SKUID{ciProduct: ciSKU}
	std := map[licensing.ProductID]licensing.SKUID{gws: standard}
	switching := &licensing.EnsureOptions{Switch: true}
	tests := []struct {
		name   string
		method string
		holds  []licensing.SKUID // what the user holds before (of products ciProduct and gws)
		// run makes the write and returns its outcome; a method that
		// reports none returns OutcomeCreated or OutcomeUpdated itself.
		run  func(t *testing.T, e *env, u string) (resellerkit.Outcome, error)
		want resellerkit.Outcome
		// sends is how many requests of method reach the fake, per mode
		// (lost, 503, lost and lag).
		sends [3]int
		// held is what the user holds after.
		held map[licensing.ProductID]licensing.SKUID
		// seats are the SKUs' assigned counts after.
		seats map[licensing.SKUID]int
		// again runs the write a second time; it must change nothing.
		again func(t *testing.T, e *env, u string) (resellerkit.Outcome, error)
		// againSends is how many requests of method the second run sends:
		// Ensure and Assign send their insert first, and Google refuses it.
		againSends int
	}{
		{
			name: "Ensure inserts", method: insert, againSends: 1,
			run: func(t *testing.T, e *env, u string) (resellerkit.Outcome, error) {
				_, o, err := e.svc.Ensure(t.Context(), e.customer, ciProduct, ciSKU, u, nil)
				return o, err
			},
			want: resellerkit.OutcomeCreated, sends: [3]int{1, 2, 2},
			held: ci, seats: map[licensing.SKUID]int{ciSKU: 1},
			again: func(t *testing.T, e *env, u string) (resellerkit.Outcome, error) {
				_, o, err := e.svc.Ensure(t.Context(), e.customer, ciProduct, ciSKU, u, nil)
				return o, err
			},
		},
		{
			name: "EnsureLicenses inserts", method: insert,
			run: func(t *testing.T, e *env, u string) (resellerkit.Outcome, error) {
				r := e.svc.EnsureLicenses(t.Context(), e.customer, ciProduct, ciSKU, []string{u}, nil)
				return r[0].Outcome, r[0].Err
			},
			want: resellerkit.OutcomeCreated, sends: [3]int{1, 2, 2},
			held: ci, seats: map[licensing.SKUID]int{ciSKU: 1},
			again: func(t *testing.T, e *env, u string) (resellerkit.Outcome, error) {
				r := e.svc.EnsureLicenses(t.Context(), e.customer, ciProduct, ciSKU, []string{u}, nil)
				return r[0].Outcome, r[0].Err
			},
		},
		{
			name: "Assign inserts", method: insert, againSends: 1,
			run: func(t *testing.T, e *env, u string) (resellerkit.Outcome, error) {
				a, err := e.svc.Assign(t.Context(), ciProduct, ciSKU, u)
				if err == nil && a.SKU != ciSKU {
					t.Errorf("Assign returned %+v; want the license of %s", a, ciSKU)
				}
				return resellerkit.OutcomeCreated, err
			},
			want: resellerkit.OutcomeCreated, sends: [3]int{1, 2, 2},
			held: ci, seats: map[licensing.SKUID]int{ciSKU: 1},
			again: func(t *testing.T, e *env, u string) (resellerkit.Outcome, error) {
				// A plain insert of a license held: ErrAlreadyAssigned (L2).
				if _, err := e.svc.Assign(t.Context(), ciProduct, ciSKU, u); !errors.Is(err, licensing.ErrAlreadyAssigned) {
					return resellerkit.OutcomeFailed, err
				}
				return resellerkit.OutcomeUnchanged, nil
			},
		},
		{
			name: "Ensure with Switch patches", method: patch, holds: []licensing.SKUID{starter},
			run: func(t *testing.T, e *env, u string) (resellerkit.Outcome, error) {
				_, o, err := e.svc.Ensure(t.Context(), e.customer, gws, standard, u, switching)
				return o, err
			},
			// PATCH is idempotent: the Conn resends it in every mode.
			want: resellerkit.OutcomeUpdated, sends: [3]int{2, 2, 2},
			held: std, seats: map[licensing.SKUID]int{starter: 0, standard: 1},
			again: func(t *testing.T, e *env, u string) (resellerkit.Outcome, error) {
				_, o, err := e.svc.Ensure(t.Context(), e.customer, gws, standard, u, switching)
				return o, err
			},
		},
		{
			name: "EnsureLicensesWith Switch patches", method: patch, holds: []licensing.SKUID{starter},
			run: func(t *testing.T, e *env, u string) (resellerkit.Outcome, error) {
				r := e.svc.EnsureLicensesWith(t.Context(), e.customer, gws, standard, []string{u}, switching, nil)
				return r[0].Outcome, r[0].Err
			},
			want: resellerkit.OutcomeUpdated, sends: [3]int{2, 2, 2},
			held: std, seats: map[licensing.SKUID]int{starter: 0, standard: 1},
			again: func(t *testing.T, e *env, u string) (resellerkit.Outcome, error) {
				r := e.svc.EnsureLicensesWith(t.Context(), e.customer, gws, standard, []string{u}, switching, nil)
				return r[0].Outcome, r[0].Err
			},
		},
		{
			name: "ChangeSKU patches", method: patch, holds: []licensing.SKUID{starter},
			run: func(t *testing.T, e *env, u string) (resellerkit.Outcome, error) {
				a, err := e.svc.ChangeSKU(t.Context(), gws, starter, standard, u)
				if err == nil && a.SKU != standard {
					t.Errorf("ChangeSKU returned %+v; want the license of %s", a, standard)
				}
				return resellerkit.OutcomeUpdated, err
			},
			want: resellerkit.OutcomeUpdated, sends: [3]int{2, 2, 2},
			held: std, seats: map[licensing.SKUID]int{starter: 0, standard: 1},
		},
		{
			name: "Revoke deletes", method: del, holds: []licensing.SKUID{ciSKU}, againSends: 1,
			run: func(t *testing.T, e *env, u string) (resellerkit.Outcome, error) {
				return resellerkit.OutcomeUpdated, e.svc.Revoke(t.Context(), ciProduct, ciSKU, u)
			},
			// DELETE is idempotent: the Conn resends it in every mode.
			want: resellerkit.OutcomeUpdated, sends: [3]int{2, 2, 2},
			held: map[licensing.ProductID]licensing.SKUID{}, seats: map[licensing.SKUID]int{ciSKU: 0},
			again: func(t *testing.T, e *env, u string) (resellerkit.Outcome, error) {
				// The license is gone before this call: KindNotFound.
				if err := e.svc.Revoke(t.Context(), ciProduct, ciSKU, u); resellerkit.KindOf(err) != resellerkit.KindNotFound {
					return resellerkit.OutcomeFailed, err
				}
				return resellerkit.OutcomeUnchanged, nil
			},
		},
	}
	for _, tt := range tests {
		for mi, m := range faultModes {
			t.Run(tt.name+"/"+m.name, func(t *testing.T) {
				t.Parallel()
				u := user(0)
				var holds []held
				for _, sku := range tt.holds {
					k, _ := licensing.LookupSKU(sku)
					holds = append(holds, held{u, k.Product, sku})
				}
				e := lostEnv(t, holds...)
				e.srv.Fail(fake.Fault{Method: tt.method, Status: 503, Count: 1, AfterApply: m.afterApply})
				e.srv.SetReadAfterWriteLag(m.lag)

				got, err := tt.run(t, e, u)
				if err != nil || got != tt.want {
					t.Fatalf("first run = %v, %v; want %v and no error", got, err, tt.want)
				}
				if n := e.w.FaultsPending(); n != 0 {
					t.Errorf("the fault did not fire")
				}
				if n := countMethod(e.srv.Requests(), tt.method); n != tt.sends[mi] {
					t.Errorf("%d %s requests, want %d", n, tt.method, tt.sends[mi])
				}
				e.check(t, u, tt.held, tt.seats)
				if tt.again == nil {
					return
				}
				e.srv.ResetLog()
				if got, err := tt.again(t, e, u); err != nil || got != resellerkit.OutcomeUnchanged {
					t.Errorf("second run = %v, %v; want unchanged", got, err)
				}
				if n := countMethod(e.srv.Requests(), tt.method); n != tt.againSends {
					t.Errorf("second run sent %d %s requests, want %d", n, tt.method, tt.againSends)
				}
				e.check(t, u, tt.held, tt.seats)
			})
		}
	}
}

// lostEnv is an env of one user, holding holds, whose Conn retries fast.
func lostEnv(t *testing.T, holds ...held) *env {
	t.Helper()
	return lostEnvWith(t, nil, holds...)
}

// lostEnvWith is lostEnv with the Conn's requests passing through rt
// (nil: straight to the fake).
func lostEnvWith(t *testing.T, rt func(base http.RoundTripper) http.RoundTripper, holds ...held) *env {
	t.Helper()
	all := tenantSeats(nil, nil)
	w, users := newWorld(t, 1, all, holds...)
	srv := faketest.NewServer(t, w, fake.WithoutListener())
	opts := []resellerkit.Option{fastRetry}
	if rt != nil {
		opts = append(opts, resellerkit.WithHTTPClient(&http.Client{Transport: rt(srv.Transport())}))
	}
	conn, err := srv.Conn(t.Context(), fakeAdmin, opts...)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := licensing.New(conn, licensing.WithSeatSource(staticSeats(all)), fastAwait)
	if err != nil {
		t.Fatal(err)
	}
	return &env{w: w, srv: srv, conn: conn, svc: svc, customer: fakeCustomer, users: users}
}

// check compares what the user holds and the SKUs' assigned seats with
// the wanted ones: nothing lost, nothing doubled.
func (e *env) check(t *testing.T, u string, want map[licensing.ProductID]licensing.SKUID, seats map[licensing.SKUID]int) {
	t.Helper()
	if diff := cmp.Diff(want, e.held(t, u)); diff != "" {
		t.Errorf("%s licenses mismatch (-want +got):\n%s", u, diff)
	}
	for sku, n := range seats {
		k, _ := licensing.LookupSKU(sku)
		if got, err := e.svc.SeatUsage(t.Context(), e.customer, k.Product, sku); err != nil || got.Assigned != n {
			t.Errorf("%s seats assigned = %d, %v; want %d", sku, got.Assigned, err, n)
		}
	}
}

// hideGets answers the first n licenseAssignments.get requests with
// Google's 404, as a license written moments ago does (rule W5).
type hideGets struct {
	base   http.RoundTripper
	n      int64
	hidden atomic.Int64
}

func (h *hideGets) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method != http.MethodGet || !strings.Contains(r.URL.Path, "/user/") || h.hidden.Add(1) > h.n {
		return h.base.RoundTrip(r)
	}
	if r.Body != nil {
		r.Body.Close()
	}
	body := `{"error":{"code":404,"message":"User does not have a license for specified sku and product","errors":[{"reason":"notFound","message":"User does not have a license for specified sku and product"}]}}`
	return &http.Response{StatusCode: http.StatusNotFound, Status: "404 Not Found", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {"application/json; charset=UTF-8"}}, Body: io.NopCloser(strings.NewReader(body)),
		ContentLength: int64(len(body)), Request: r}, nil
}

// TestChangeSKULostAnswerPollsW5: after a lost answer to a change of SKU,
// the Conn's resend finds the old SKU gone (404); the Service takes that
// for its own change (W1) and reads the license back on the new SKU,
// polling while Google still answers 404 (W5), within WithAwait; a wait
// that runs out is an error of KindUnavailable.
func TestChangeSKULostAnswerPollsW5(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		hidden  int64
		timeout time.Duration
		kind    resellerkit.Kind
	}{
		{name: "shows after two reads", hidden: 2, timeout: 5 * time.Second},
		{name: "does not show in time", hidden: 1 << 30, timeout: 20 * time.Millisecond, kind: resellerkit.KindUnavailable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			u := user(0)
			h := &hideGets{n: tc.hidden}
			e := lostEnvWith(t, func(base http.RoundTripper) http.RoundTripper { h.base = base; return h }, held{u, gws, starter})
			svc, err := licensing.New(e.conn, licensing.WithAwait(resellerkit.AwaitPolicy{Interval: time.Millisecond, Timeout: tc.timeout}))
			if err != nil {
				t.Fatal(err)
			}
			e.srv.Fail(fake.Fault{Method: "licensing.licenseAssignments.patch", Status: 503, Count: 1, AfterApply: true})
			a, err := svc.ChangeSKU(t.Context(), gws, starter, standard, u)
			if resellerkit.KindOf(err) != tc.kind {
				t.Fatalf("ChangeSKU = %+v, %v; want kind %v", a, err, tc.kind)
			}
			if err == nil && (a.SKU != standard || !strings.EqualFold(a.UserID, u)) {
				t.Errorf("ChangeSKU = %+v; want the license read back on %s", a, standard)
			}
			if got := h.hidden.Load(); err == nil && got < 3 {
				t.Errorf("%d gets, want the two lagging ones and one more", got)
			}
			e.check(t, u, map[licensing.ProductID]licensing.SKUID{gws: standard}, map[licensing.SKUID]int{starter: 0, standard: 1})
		})
	}
}

// TestEnsureDuplicateWithoutLostAnswerL2: "already has a license" that no
// lost answer explains is a license held before: unchanged (L2), not
// created.
func TestEnsureDuplicateWithoutLostAnswerL2(t *testing.T) {
	t.Parallel()
	u := user(0)
	e := lostEnv(t, held{u, ciProduct, ciSKU})
	_, o, err := e.svc.Ensure(t.Context(), e.customer, ciProduct, ciSKU, u, nil)
	if err != nil || o != resellerkit.OutcomeUnchanged {
		t.Errorf("Ensure of a held license = %v, %v; want unchanged", o, err)
	}
	if n := countMethod(e.srv.Requests(), "licensing.licenseAssignments.get"); n != 0 {
		t.Errorf("%d gets, want none (no answer was lost)", n)
	}
}
