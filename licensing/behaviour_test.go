package licensing_test

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/licensing"
)

var ignoreAssignmentDetail = cmpopts.IgnoreFields(licensing.Assignment{}, "ETag", "ProductName", "SKUName")

// TestBehaviour is the behaviour suite of the licensing rules, through
// google.go and the real Licensing client against fake.Server, which
// answers with Google's 412 messages.
func TestBehaviour(t *testing.T) {
	t.Parallel()
	t.Run("L2 ensure of a held license is unchanged, plain assign is already-exists", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, nil)
		ctx := t.Context()
		u := e.users[0]
		_, outcome, err := e.svc.Ensure(ctx, e.customer, ciProduct, ciSKU, u, nil)
		if err != nil || outcome != resellerkit.OutcomeCreated {
			t.Fatalf("first Ensure = %v, %v; want created", outcome, err)
		}
		a, outcome, err := e.svc.Ensure(ctx, e.customer, ciProduct, ciSKU, u, nil)
		if err != nil || outcome != resellerkit.OutcomeUnchanged {
			t.Fatalf("second Ensure = %v, %v; want unchanged (L2)", outcome, err)
		}
		if diff := cmp.Diff(licensing.Assignment{UserID: u, Product: ciProduct, SKU: ciSKU}, a, ignoreAssignmentDetail); diff != "" {
			t.Errorf("unchanged Ensure's assignment mismatch (-want +got):\n%s", diff)
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
		u := user(1)
		e := newEnv(t, nil, held{u, gws, licensing.SKUBusinessStarter})
		ctx := t.Context()

		_, outcome, err := e.svc.Ensure(ctx, e.customer, gws, licensing.SKUBusinessStandard, u, nil)
		if !errors.Is(err, licensing.ErrOtherSKU) || !errors.Is(err, resellerkit.ErrFailedPrecondition) || outcome != resellerkit.OutcomeFailed {
			t.Fatalf("Ensure without Switch = %v, %v; want failed, ErrOtherSKU (L1)", outcome, err)
		}
		if diff := cmp.Diff(map[licensing.ProductID]licensing.SKUID{gws: licensing.SKUBusinessStarter}, e.held(t, u)); diff != "" {
			t.Fatalf("licenses after a refused Ensure mismatch (-want +got):\n%s", diff)
		}
		_, err = e.svc.Assign(ctx, gws, licensing.SKUBusinessStandard, u)
		if !errors.Is(err, licensing.ErrOtherSKU) {
			t.Fatalf("Assign of a second SKU = %v; want ErrOtherSKU (L1)", err)
		}

		a, outcome, err := e.svc.Ensure(ctx, e.customer, gws, licensing.SKUBusinessStandard, u, &licensing.EnsureOptions{Switch: true})
		if err != nil || outcome != resellerkit.OutcomeUpdated {
			t.Fatalf("Ensure with Switch = %v, %v; want updated", outcome, err)
		}
		if diff := cmp.Diff(licensing.Assignment{UserID: u, Product: gws, SKU: licensing.SKUBusinessStandard}, a, ignoreAssignmentDetail); diff != "" {
			t.Errorf("Ensure with Switch mismatch (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(map[licensing.ProductID]licensing.SKUID{gws: licensing.SKUBusinessStandard}, e.held(t, u)); diff != "" {
			t.Errorf("licenses after switch mismatch (-want +got): one SKU per product\n%s", diff)
		}

		a, err = e.svc.ChangeSKU(ctx, gws, licensing.SKUBusinessStandard, licensing.SKUBusinessStarter, u)
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
		e := newEnv(t, map[licensing.SKUID]int{ciSKU: 3}, held{user(0), ciProduct, ciSKU}, held{user(1), ciProduct, ciSKU})
		ctx := t.Context()
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
		if _, outcome, err := e.svc.Ensure(ctx, e.customer, ciProduct, ciSKU, e.users[2], nil); err != nil || outcome != resellerkit.OutcomeCreated {
			t.Fatalf("Ensure on the last free seat = %v, %v; want created", outcome, err)
		}
		// One past.
		_, _, err = e.svc.Ensure(ctx, e.customer, ciProduct, ciSKU, e.users[3], nil)
		if !errors.Is(err, licensing.ErrNoSeats) || !errors.Is(err, resellerkit.ErrFailedPrecondition) {
			t.Fatalf("Ensure one past the last seat = %v; want ErrNoSeats, KindFailedPrecondition (S4)", err)
		}
		msg := err.Error()
		for _, want := range []string{"Cloud Identity Free (101001/1010010001)", "super admin", "request more seats", "Billing", "Google support"} {
			if !strings.Contains(msg, want) {
				t.Errorf("no-seat error %q lacks %q (S4)", msg, want)
			}
		}
		// A held license still ensures fine when no seat is free (L2 before S4).
		if _, outcome, err := e.svc.Ensure(ctx, e.customer, ciProduct, ciSKU, e.users[0], nil); err != nil || outcome != resellerkit.OutcomeUnchanged {
			t.Errorf("Ensure of a held license with no free seat = %v, %v; want unchanged", outcome, err)
		}
	})

	t.Run("L4 seat usage assigned versus available", func(t *testing.T) {
		t.Parallel()
		var holds []held
		for i := range 5 {
			holds = append(holds, held{user(i), gws, licensing.SKUBusinessStarter})
		}
		holds = append(holds, held{user(5), gws, licensing.SKUBusinessStandard})
		e := newEnv(t, map[licensing.SKUID]int{licensing.SKUBusinessStarter: 7}, holds...)
		got, err := e.svc.SeatUsage(t.Context(), e.customer, gws, licensing.SKUBusinessStarter)
		if err != nil {
			t.Fatal(err)
		}
		want := licensing.SeatUsage{Customer: e.customer, Product: gws, SKU: licensing.SKUBusinessStarter,
			SKUName: "Google Workspace Business Starter", Assigned: 5, Available: 7, Source: "configured"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("SeatUsage mismatch (-want +got):\n%s", diff)
		}
		if got.Free() != 2 {
			t.Errorf("Free() = %d; want 2", got.Free())
		}
	})

	t.Run("S2 double licensing report", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, nil,
			held{user(1), gws, licensing.SKUBusinessStarter}, held{user(1), ciProduct, ciSKU},
			held{user(3), gws, licensing.SKUBusinessStarter}, held{user(3), ciProduct, ciSKU},
			held{user(0), ciProduct, ciSKU},                   // Cloud Identity only: fine
			held{user(2), gws, licensing.SKUBusinessStandard}, // Workspace only: fine
			// Premium counts as Cloud Identity too.
			held{user(4), licensing.ProductCloudIdentityPremium, licensing.SKUCloudIdentityPremium},
			held{user(4), gws, licensing.SKUBusinessStandard},
		)
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
		if diff := cmp.Diff([]string{user(1), user(3), user(4)}, got); diff != "" {
			t.Errorf("double-licensed accounts mismatch (-want +got) (S2):\n%s", diff)
		}
	})

	t.Run("get list revoke", func(t *testing.T) {
		t.Parallel()
		var holds []held
		for i := range 5 {
			holds = append(holds, held{user(i), gws, licensing.SKUBusinessStarter})
		}
		holds = append(holds, held{user(5), gws, licensing.SKUBusinessStandard})
		e := newEnv(t, nil, holds...)
		ctx := t.Context()
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
		if got := e.calls("licensing.licenseAssignments.listForProduct"); got != 3 {
			t.Errorf("%d listForProduct requests for 6 licenses, want 3 (the Service's page size 2)", got)
		}

		p, err := e.svc.ListPage(ctx, e.customer, gws, nil, resellerkit.PageRequest{})
		if err != nil || len(p.Items) != 2 || p.NextPageToken == "" {
			t.Fatalf("ListPage first page = %d items, token %q, %v; want the Service's page size 2 and a token", len(p.Items), p.NextPageToken, err)
		}
		p, err = e.svc.ListPage(ctx, e.customer, gws, nil, resellerkit.PageRequest{Size: 3, Token: p.NextPageToken})
		if err != nil || len(p.Items) != 3 || p.NextPageToken == "" {
			t.Fatalf("ListPage second page of 3 = %d items, token %q, %v", len(p.Items), p.NextPageToken, err)
		}
		p, err = e.svc.ListPage(ctx, e.customer, gws, nil, resellerkit.PageRequest{Size: licensing.MaxPageSize + 1})
		if err != nil || len(p.Items) != 6 || p.NextPageToken != "" {
			t.Errorf("ListPage above MaxPageSize = %d items, token %q, %v; want capped, one page of 6", len(p.Items), p.NextPageToken, err)
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
		e := newEnv(t, nil, held{user(2), ciProduct, ciSKU}) // already held: unchanged
		ctx := t.Context()
		keys := slices.Clone(e.users)
		keys = append(keys, "nobody@"+fakeDomain) // no such user: fails, the others go on
		var (
			mu    sync.Mutex
			progs []resellerkit.Progress
		)
		opts := &resellerkit.BulkOptions{Concurrency: 3, OnProgress: func(p resellerkit.Progress) {
			mu.Lock()
			defer mu.Unlock()
			progs = append(progs, p)
		}}
		res := e.svc.EnsureLicenses(ctx, e.customer, ciProduct, ciSKU, keys, opts)
		want := make([]string, len(keys))
		for i, k := range keys {
			want[i] = resellerkit.OutcomeCreated.String()
			if k == user(2) {
				want[i] = resellerkit.OutcomeUnchanged.String()
			}
		}
		want[len(keys)-1] = resellerkit.OutcomeFailed.String()
		if diff := cmp.Diff(want, outcomes(res)); diff != "" {
			t.Errorf("first run outcomes mismatch (-want +got):\n%s", diff)
		}
		for i, r := range res {
			if r.UserKey != keys[i] {
				t.Errorf("result %d is for %s, want %s (input order)", i, r.UserKey, keys[i])
			}
		}
		if len(progs) != len(keys) || progs[len(progs)-1] != (resellerkit.Progress{Done: len(keys), Total: len(keys), Failed: 1}) {
			t.Errorf("progress = %v; want %d reports ending at all done, 1 failed", progs, len(keys))
		}
		for _, u := range e.users {
			if diff := cmp.Diff(map[licensing.ProductID]licensing.SKUID{ciProduct: ciSKU}, e.held(t, u)); diff != "" {
				t.Errorf("%s licenses mismatch (-want +got):\n%s", u, diff)
			}
		}
		// Second run: nothing changes, nothing is written.
		e.srv.ResetLog()
		for _, r := range e.svc.EnsureLicenses(ctx, e.customer, ciProduct, ciSKU, e.users, nil) {
			if r.Outcome != resellerkit.OutcomeUnchanged {
				t.Errorf("second run: %s is %v (%v); want unchanged", r.UserKey, r.Outcome, r.Err)
			}
		}
		if n := e.calls("licensing.licenseAssignments.insert"); n != 0 {
			t.Errorf("second run sent %d inserts, want 0", n)
		}
	})

	t.Run("L1 bulk switch updates, without switch fails the item", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, nil, held{user(0), gws, licensing.SKUBusinessStarter}, held{user(1), gws, licensing.SKUBusinessStandard})
		ctx := t.Context()
		keys := e.users[:3]
		res := e.svc.EnsureLicenses(ctx, e.customer, gws, licensing.SKUBusinessStandard, keys, nil)
		if diff := cmp.Diff([]string{"failed", "unchanged", "created"}, outcomes(res)); diff != "" {
			t.Errorf("outcomes without switch mismatch (-want +got):\n%s", diff)
		}
		if !errors.Is(res[0].Err, licensing.ErrOtherSKU) {
			t.Errorf("item error = %v; want ErrOtherSKU", res[0].Err)
		}
		res = e.svc.EnsureLicensesWith(ctx, e.customer, gws, licensing.SKUBusinessStandard, keys, &licensing.EnsureOptions{Switch: true}, nil)
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
		res := e.svc.EnsureLicenses(t.Context(), e.customer, ciProduct, ciSKU, e.users[:6], &resellerkit.BulkOptions{Concurrency: 1})
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

func outcomes(res []licensing.AssignmentResult) []string {
	out := make([]string, len(res))
	for i, r := range res {
		out[i] = r.Outcome.String()
	}
	return out
}
