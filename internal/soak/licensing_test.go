package soak_test

import (
	"fmt"
	"testing"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/fake/faketest"
	"github.com/resellerkit/resellerkit/licensing"
)

// TestEnsureLicensesUnderFaultsW1 gives 300 accounts a Cloud Identity Free
// license under each regime (rules L2, W1, W5): every item is created (an
// insert whose answer was lost is this run's, not "unchanged"), each
// account holds exactly one license, the seats used are exactly 300, and a
// second run changes nothing.
func TestEnsureLicensesUnderFaultsW1(t *testing.T) {
	t.Parallel()
	const n = 300
	for _, r := range regimes() {
		t.Run(r.name, func(t *testing.T) {
			t.Parallel()
			w, err := fake.NewWorld(fake.DemoSeed())
			if err != nil {
				t.Fatal(err)
			}
			customer := fake.DemoBirchCustomerID
			product, sku := licensing.ProductCloudIdentityFree, licensing.SKUCloudIdentityFree
			before, _ := licensesOf(w, customer)
			if err := w.SetSeats(customer, string(product), string(sku), n+before+10); err != nil {
				t.Fatal(err)
			}
			users := make([]string, n)
			for i := range users {
				users[i] = fmt.Sprintf("soak%03d@%s", i, fake.DemoBirchDomain)
				if _, err := w.AddUser(customer, fake.UserSeed{Email: users[i], GivenName: "Soak", FamilyName: fmt.Sprint(i)}); err != nil {
					t.Fatal(err)
				}
			}
			srv := faketest.NewServer(t, w, fake.WithoutListener())
			var log retryLog
			c := conn(t, srv, "admin@"+fake.DemoBirchDomain, &log)
			svc, err := licensing.New(c, licensing.WithSeatSource(licensing.StaticSeats{sku: n + before + 10}))
			if err != nil {
				t.Fatal(err)
			}
			r.install(w)
			res := svc.EnsureLicenses(t.Context(), customer, product, sku, users, &resellerkit.BulkOptions{Concurrency: 8})
			for i, got := range res {
				if got.Outcome != resellerkit.OutcomeCreated {
					t.Errorf("%s: %s (%v), want created", users[i], got.Outcome, got.Err)
				}
			}
			if got, dups := licensesOf(w, customer); got != before+n || dups != 0 {
				t.Errorf("%d licenses held (%d duplicates), want %d: nothing lost, nothing doubled", got, dups, before+n)
			}
			res = svc.EnsureLicenses(t.Context(), customer, product, sku, users, nil)
			for i, got := range res {
				if got.Outcome != resellerkit.OutcomeUnchanged {
					t.Errorf("second run, %s: %s (%v), want unchanged", users[i], got.Outcome, got.Err)
				}
			}
			if got, dups := licensesOf(w, customer); got != before+n || dups != 0 {
				t.Errorf("after a second run, %d licenses held (%d duplicates), want %d", got, dups, before+n)
			}
			log.check(t)
		})
	}
}

// licensesOf counts the licenses held in a tenant, and the duplicates: a
// second license of a product for the same user.
func licensesOf(w *fake.World, customer string) (held, duplicates int) {
	for _, ten := range w.Snapshot().Tenants {
		if ten.CustomerID != customer {
			continue
		}
		seen := map[string]bool{}
		for _, l := range ten.Licenses {
			k := l.User + "\x00" + l.ProductID
			if seen[k] {
				duplicates++
				continue
			}
			seen[k] = true
			held++
		}
	}
	return held, duplicates
}
