package licensing_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/licensing"
)

// env is one licensing world under test: a Service over some backend, a
// customer with users that hold no license yet, and direct access to seed
// and inspect licenses without going through the Service.
type env struct {
	svc      *licensing.Service
	customer string
	users    []string // at least 6 primary emails, sorted, no license yet
	// give seeds a license directly.
	give func(t *testing.T, user string, p licensing.ProductID, s licensing.SKUID)
	// held returns the user's licenses, read directly.
	held func(t *testing.T, user string) map[licensing.ProductID]licensing.SKUID
}

// envSeats are the SKUs every env offers and their seat counts.
var envSeats = map[licensing.SKUID]int{
	licensing.SKUCloudIdentityFree:    50,
	licensing.SKUCloudIdentityPremium: 50,
	licensing.SKUBusinessStarter:      50,
	licensing.SKUBusinessStandard:     50,
}

// newEnvFunc builds a fresh env whose SKUs have the given seat counts
// (envSeats overridden by seats), with page size 2 so listings span pages.
type newEnvFunc func(t *testing.T, seats map[licensing.SKUID]int) *env

const (
	ciProduct = licensing.ProductCloudIdentityFree
	ciSKU     = licensing.SKUCloudIdentityFree
	gws       = licensing.ProductGoogleWorkspace
)

var ignoreAssignmentDetail = cmpopts.IgnoreFields(licensing.Assignment{}, "ETag", "ProductName", "SKUName")

// runBehaviour is the behaviour suite of the licensing rules, run the same
// way over every backend: the in-test one, package fake's direct backend,
// and google.go against fake.Server.
func runBehaviour(t *testing.T, newEnv newEnvFunc) {
	t.Run("L2 ensure of a held license is unchanged, plain assign is already-exists", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, nil)
		ctx := t.Context()
		u := e.users[0]
		r, err := e.svc.Ensure(ctx, e.customer, ciProduct, ciSKU, u, nil)
		if err != nil || r.Outcome != resellerkit.OutcomeCreated {
			t.Fatalf("first Ensure = %v, %v; want created", r.Outcome, err)
		}
		r, err = e.svc.Ensure(ctx, e.customer, ciProduct, ciSKU, u, nil)
		if err != nil || r.Outcome != resellerkit.OutcomeUnchanged {
			t.Fatalf("second Ensure = %v, %v; want unchanged (L2)", r.Outcome, err)
		}
		_, err = e.svc.Assign(ctx, ciProduct, ciSKU, u)
		if !errors.Is(err, licensing.ErrAlreadyAssigned) || resellerkit.KindOf(err) != resellerkit.KindAlreadyExists {
			t.Fatalf("Assign of a held license = %v; want ErrAlreadyAssigned, KindAlreadyExists (L2)", err)
		}
		if diff := cmp.Diff(map[licensing.ProductID]licensing.SKUID{ciProduct: ciSKU}, e.held(t, u)); diff != "" {
			t.Errorf("licenses mismatch (-want +got):\n%s", diff)
		}
	})

	t.Run("L1 other SKU of the product: error without switch, update with switch", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, nil)
		ctx := t.Context()
		u := e.users[1]
		e.give(t, u, gws, licensing.SKUBusinessStarter)

		_, err := e.svc.Ensure(ctx, e.customer, gws, licensing.SKUBusinessStandard, u, nil)
		if !errors.Is(err, licensing.ErrOtherSKU) || !errors.Is(err, resellerkit.ErrFailedPrecondition) {
			t.Fatalf("Ensure without Switch = %v; want ErrOtherSKU (L1)", err)
		}
		if diff := cmp.Diff(map[licensing.ProductID]licensing.SKUID{gws: licensing.SKUBusinessStarter}, e.held(t, u)); diff != "" {
			t.Fatalf("licenses after a refused Ensure mismatch (-want +got):\n%s", diff)
		}
		_, err = e.svc.Assign(ctx, gws, licensing.SKUBusinessStandard, u)
		if !errors.Is(err, licensing.ErrOtherSKU) {
			t.Fatalf("Assign of a second SKU = %v; want ErrOtherSKU (L1)", err)
		}

		r, err := e.svc.Ensure(ctx, e.customer, gws, licensing.SKUBusinessStandard, u, &licensing.EnsureOptions{Switch: true})
		if err != nil {
			t.Fatalf("Ensure with Switch: %v", err)
		}
		want := licensing.Result{UserKey: u, Outcome: resellerkit.OutcomeUpdated, PreviousSKU: licensing.SKUBusinessStarter,
			Assignment: licensing.Assignment{UserID: u, Product: gws, SKU: licensing.SKUBusinessStandard}}
		if diff := cmp.Diff(want, r, ignoreAssignmentDetail); diff != "" {
			t.Errorf("Ensure with Switch mismatch (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(map[licensing.ProductID]licensing.SKUID{gws: licensing.SKUBusinessStandard}, e.held(t, u)); diff != "" {
			t.Errorf("licenses after switch mismatch (-want +got): one SKU per product\n%s", diff)
		}

		a, err := e.svc.ChangeSKU(ctx, gws, licensing.SKUBusinessStandard, licensing.SKUBusinessStarter, u)
		if err != nil || a.SKU != licensing.SKUBusinessStarter {
			t.Fatalf("ChangeSKU = %+v, %v", a, err)
		}
		if _, err := e.svc.ChangeSKU(ctx, gws, licensing.SKUBusinessStandard, licensing.SKUBusinessPlus, u); resellerkit.KindOf(err) != resellerkit.KindNotFound {
			t.Errorf("ChangeSKU from an SKU not held = %v; want KindNotFound", err)
		}
		if diff := cmp.Diff(map[licensing.ProductID]licensing.SKUID{gws: licensing.SKUBusinessStarter}, e.held(t, u)); diff != "" {
			t.Errorf("licenses after ChangeSKU mismatch (-want +got):\n%s", diff)
		}
	})

	t.Run("S4 last free seat then one past", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, map[licensing.SKUID]int{ciSKU: 3})
		ctx := t.Context()
		for _, u := range e.users[:2] {
			e.give(t, u, ciProduct, ciSKU)
		}
		u, err := e.svc.CheckSeats(ctx, e.customer, ciProduct, ciSKU, 1)
		if err != nil {
			t.Fatalf("CheckSeats(need 1) with 1 free: %v (L4)", err)
		}
		if u.Free() != 1 {
			t.Fatalf("Free() = %d, want 1", u.Free())
		}
		if _, err := e.svc.CheckSeats(ctx, e.customer, ciProduct, ciSKU, 2); !errors.Is(err, licensing.ErrNoSeats) {
			t.Fatalf("CheckSeats(need 2) with 1 free = %v; want ErrNoSeats (L4, S4)", err)
		}
		// The last free seat.
		if r, err := e.svc.Ensure(ctx, e.customer, ciProduct, ciSKU, e.users[2], nil); err != nil || r.Outcome != resellerkit.OutcomeCreated {
			t.Fatalf("Ensure on the last free seat = %v, %v; want created", r.Outcome, err)
		}
		// One past.
		_, err = e.svc.Ensure(ctx, e.customer, ciProduct, ciSKU, e.users[3], nil)
		if !errors.Is(err, licensing.ErrNoSeats) || !errors.Is(err, resellerkit.ErrFailedPrecondition) {
			t.Fatalf("Ensure one past the last seat = %v; want ErrNoSeats, KindFailedPrecondition (S4)", err)
		}
		if msg := err.Error(); !strings.Contains(msg, "super admin") || !strings.Contains(msg, "request more seats") {
			t.Errorf("no-seat error %q does not say a super admin must request more seats (S4)", msg)
		}
		// A held license still ensures fine when no seat is free (L2 before S4).
		if r, err := e.svc.Ensure(ctx, e.customer, ciProduct, ciSKU, e.users[0], nil); err != nil || r.Outcome != resellerkit.OutcomeUnchanged {
			t.Errorf("Ensure of a held license with no free seat = %v, %v; want unchanged", r.Outcome, err)
		}
	})

	t.Run("L4 seat usage assigned versus available", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, map[licensing.SKUID]int{licensing.SKUBusinessStarter: 7})
		for _, u := range e.users[:5] {
			e.give(t, u, gws, licensing.SKUBusinessStarter)
		}
		e.give(t, e.users[5], gws, licensing.SKUBusinessStandard)
		got, err := e.svc.SeatUsage(t.Context(), e.customer, gws, licensing.SKUBusinessStarter)
		if err != nil {
			t.Fatal(err)
		}
		want := licensing.SeatUsage{Customer: e.customer, Product: gws, SKU: licensing.SKUBusinessStarter,
			SKUName: "Google Workspace Business Starter", Assigned: 5, Available: 7}
		if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(licensing.SeatUsage{}, "Source")); diff != "" {
			t.Errorf("SeatUsage mismatch (-want +got):\n%s", diff)
		}
		if got.Free() != 2 || got.Source == "" {
			t.Errorf("Free() = %d, Source %q; want 2 and a source", got.Free(), got.Source)
		}
	})

	t.Run("S2 double licensing report", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, nil)
		both := []string{e.users[1], e.users[3]}
		for _, u := range both {
			e.give(t, u, gws, licensing.SKUBusinessStarter)
			e.give(t, u, ciProduct, ciSKU)
		}
		e.give(t, e.users[0], ciProduct, ciSKU)                   // Cloud Identity only: fine
		e.give(t, e.users[2], gws, licensing.SKUBusinessStandard) // Workspace only: fine
		e.give(t, e.users[4], licensing.ProductCloudIdentityPremium, licensing.SKUCloudIdentityPremium)
		e.give(t, e.users[4], gws, licensing.SKUBusinessStandard) // Premium counts as Cloud Identity too
		rep, err := e.svc.DoubleLicensed(t.Context(), e.customer, nil)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, a := range rep.Accounts {
			got = append(got, a.UserID)
			if len(a.Workspace) != 1 || len(a.CloudIdentity) != 1 {
				t.Errorf("%s: %d Workspace and %d Cloud Identity licenses, want 1 and 1", a.UserID, len(a.Workspace), len(a.CloudIdentity))
			}
		}
		if diff := cmp.Diff([]string{e.users[1], e.users[3], e.users[4]}, got); diff != "" {
			t.Errorf("double-licensed accounts mismatch (-want +got) (S2):\n%s", diff)
		}
	})

	t.Run("get list revoke", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, nil)
		ctx := t.Context()
		for _, u := range e.users[:5] {
			e.give(t, u, gws, licensing.SKUBusinessStarter)
		}
		e.give(t, e.users[5], gws, licensing.SKUBusinessStandard)
		var all, starters []string
		for a, err := range e.svc.List(ctx, e.customer, gws, nil) {
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, a.UserID)
		}
		for a, err := range e.svc.List(ctx, e.customer, gws, &licensing.ListOptions{SKU: licensing.SKUBusinessStarter}) {
			if err != nil {
				t.Fatal(err)
			}
			starters = append(starters, a.UserID)
		}
		slices.Sort(all)
		slices.Sort(starters)
		if diff := cmp.Diff(e.users[:6], all); diff != "" {
			t.Errorf("List by product mismatch (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(e.users[:5], starters); diff != "" {
			t.Errorf("List by SKU mismatch (-want +got):\n%s", diff)
		}
		p, err := e.svc.ListPage(ctx, e.customer, gws, nil, "")
		if err != nil || len(p.Items) == 0 || p.NextPageToken == "" {
			t.Errorf("ListPage first page = %d items, token %q, %v; want a partial page with a token", len(p.Items), p.NextPageToken, err)
		}
		a, err := e.svc.Get(ctx, gws, licensing.SKUBusinessStarter, e.users[0])
		if err != nil || a.SKU != licensing.SKUBusinessStarter || !strings.EqualFold(a.UserID, e.users[0]) {
			t.Fatalf("Get = %+v, %v", a, err)
		}
		if err := e.svc.Revoke(ctx, gws, licensing.SKUBusinessStarter, e.users[0]); err != nil {
			t.Fatalf("Revoke: %v", err)
		}
		if _, err := e.svc.Get(ctx, gws, licensing.SKUBusinessStarter, e.users[0]); !errors.Is(err, resellerkit.ErrNotFound) {
			t.Errorf("Get after Revoke = %v; want ErrNotFound", err)
		}
		if err := e.svc.Revoke(ctx, gws, licensing.SKUBusinessStarter, e.users[0]); !errors.Is(err, resellerkit.ErrNotFound) {
			t.Errorf("second Revoke = %v; want ErrNotFound", err)
		}
	})

	t.Run("bulk ensure is idempotent and keeps going past failures", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, nil)
		ctx := t.Context()
		e.give(t, e.users[2], ciProduct, ciSKU) // already held: unchanged
		keys := slices.Clone(e.users)
		keys = append(keys, "nobody@"+domainOf(e.users[0])) // no such user: fails, the others go on
		var (
			mu    sync.Mutex
			progs []resellerkit.Progress
		)
		opts := &resellerkit.BulkOptions{Concurrency: 3, OnProgress: func(p resellerkit.Progress) {
			mu.Lock()
			defer mu.Unlock()
			progs = append(progs, p)
		}}
		res, err := e.svc.EnsureLicenses(ctx, e.customer, ciProduct, ciSKU, keys, opts)
		if err != nil {
			t.Fatal(err)
		}
		want := make([]string, len(keys))
		for i, k := range keys {
			want[i] = resellerkit.OutcomeCreated.String()
			if k == e.users[2] {
				want[i] = resellerkit.OutcomeUnchanged.String()
			}
		}
		want[len(keys)-1] = resellerkit.OutcomeFailed.String()
		if diff := cmp.Diff(want, outcomes(res)); diff != "" {
			t.Errorf("first run outcomes mismatch (-want +got):\n%s", diff)
		}
		if len(progs) != len(keys) || progs[len(progs)-1] != (resellerkit.Progress{Done: len(keys), Total: len(keys), Failed: 1}) {
			t.Errorf("progress = %v; want %d reports ending at all done, 1 failed", progs, len(keys))
		}
		for _, u := range e.users {
			if diff := cmp.Diff(map[licensing.ProductID]licensing.SKUID{ciProduct: ciSKU}, e.held(t, u)); diff != "" {
				t.Errorf("%s licenses mismatch (-want +got):\n%s", u, diff)
			}
		}
		// Second run: nothing changes.
		res, err = e.svc.EnsureLicenses(ctx, e.customer, ciProduct, ciSKU, e.users, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range res {
			if r.Outcome != resellerkit.OutcomeUnchanged {
				t.Errorf("second run: %s is %v (%v); want unchanged", r.UserKey, r.Outcome, r.Err)
			}
		}
	})

	t.Run("L1 bulk switch updates, without switch fails the item", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, nil)
		ctx := t.Context()
		e.give(t, e.users[0], gws, licensing.SKUBusinessStarter)
		e.give(t, e.users[1], gws, licensing.SKUBusinessStandard)
		keys := e.users[:3]
		res, err := e.svc.EnsureLicenses(ctx, e.customer, gws, licensing.SKUBusinessStandard, keys, nil)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"failed", "unchanged", "created"}, outcomes(res)); diff != "" {
			t.Errorf("outcomes without switch mismatch (-want +got):\n%s", diff)
		}
		if !errors.Is(res[0].Err, licensing.ErrOtherSKU) {
			t.Errorf("item error = %v; want ErrOtherSKU", res[0].Err)
		}
		res, err = e.svc.EnsureLicensesWith(ctx, e.customer, gws, licensing.SKUBusinessStandard, keys, &licensing.EnsureOptions{Switch: true}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"updated", "unchanged", "unchanged"}, outcomes(res)); diff != "" {
			t.Errorf("outcomes with switch mismatch (-want +got):\n%s", diff)
		}
		if res[0].PreviousSKU != licensing.SKUBusinessStarter {
			t.Errorf("PreviousSKU = %q, want %q", res[0].PreviousSKU, licensing.SKUBusinessStarter)
		}
		for _, u := range keys {
			if diff := cmp.Diff(map[licensing.ProductID]licensing.SKUID{gws: licensing.SKUBusinessStandard}, e.held(t, u)); diff != "" {
				t.Errorf("%s licenses mismatch (-want +got):\n%s", u, diff)
			}
		}
	})

	t.Run("S4 bulk past the seats fails only the items beyond", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, map[licensing.SKUID]int{ciSKU: 4})
		res, err := e.svc.EnsureLicenses(t.Context(), e.customer, ciProduct, ciSKU, e.users[:6], &resellerkit.BulkOptions{Concurrency: 1})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"created", "created", "created", "created", "failed", "failed"}, outcomes(res)); diff != "" {
			t.Errorf("outcomes mismatch (-want +got):\n%s", diff)
		}
		for _, r := range res[4:] {
			if !errors.Is(r.Err, licensing.ErrNoSeats) {
				t.Errorf("%s: %v; want ErrNoSeats", r.UserKey, r.Err)
			}
		}
	})
}

func outcomes(res []licensing.Result) []string {
	out := make([]string, len(res))
	for i, r := range res {
		out[i] = r.Outcome.String()
	}
	return out
}

func domainOf(email string) string {
	_, d, _ := strings.Cut(email, "@")
	return d
}

// memEnv builds an env over memBackend.
func memEnv(t *testing.T, seats map[licensing.SKUID]int) *env {
	t.Helper()
	var users []string
	for i := range 8 {
		users = append(users, fmt.Sprintf("user%02d@reseller.example", i))
	}
	m := newMem("C0000mem", users...)
	for s, n := range envSeats {
		m.seats[s] = n
	}
	for s, n := range seats {
		m.seats[s] = n
	}
	return &env{
		svc:      licensing.NewWithBackend(m, licensing.WithPageSize(2)),
		customer: "C0000mem",
		users:    users,
		give: func(t *testing.T, user string, p licensing.ProductID, s licensing.SKUID) {
			m.setHolds(user, p, s)
		},
		held: func(t *testing.T, user string) map[licensing.ProductID]licensing.SKUID { return m.held(user) },
	}
}

func TestBehaviourMemory(t *testing.T) {
	t.Parallel()
	runBehaviour(t, memEnv)
}
