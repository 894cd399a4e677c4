package licensing_test

import (
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/fake/faketest"
	"github.com/resellerkit/resellerkit/licensing"
)

const (
	fakeCustomer = "C0lic0001"
	fakeDomain   = "lic-reseller.example"
	fakeAdmin    = "admin@" + fakeDomain
)

// fakeWorld seeds one reseller tenant with a super admin, n users holding no
// license, and the SKUs of envSeats (overridden by seats).
func fakeWorld(t testing.TB, n int, seats map[licensing.SKUID]int) (*fake.World, []string) {
	t.Helper()
	all := maps.Clone(envSeats)
	maps.Copy(all, seats)
	ts := fake.TenantSeed{
		CustomerID: fakeCustomer,
		Name:       "Licensing test reseller",
		Reseller:   true,
		Domains:    []fake.DomainSeed{{Name: fakeDomain}},
		Users:      []fake.UserSeed{{Email: fakeAdmin, GivenName: "Ada", FamilyName: "Admin", Roles: []string{fake.RoleSuperAdmin}}},
	}
	var users []string
	for i := range n {
		u := fmt.Sprintf("user%04d@%s", i, fakeDomain)
		users = append(users, u)
		ts.Users = append(ts.Users, fake.UserSeed{Email: u, GivenName: "User", FamilyName: fmt.Sprint(i), OrgUnit: "/"})
	}
	for s, n := range all {
		k, ok := licensing.LookupSKU(s)
		if !ok {
			t.Fatalf("unknown SKU %s in envSeats", s)
		}
		ts.SKUs = append(ts.SKUs, fake.SKUSeed{ProductID: string(k.Product), SKUID: string(s), Seats: n})
	}
	w, err := fake.NewWorld(fake.Seed{Tenants: []fake.TenantSeed{ts}})
	if err != nil {
		t.Fatal(err)
	}
	return w, users
}

// fakeHeld reads a user's licenses from a snapshot of the World.
func fakeHeld(t *testing.T, w *fake.World, user string) map[licensing.ProductID]licensing.SKUID {
	t.Helper()
	out := map[licensing.ProductID]licensing.SKUID{}
	for _, ten := range w.Snapshot().Tenants {
		for _, l := range ten.Licenses {
			if strings.EqualFold(l.User, user) {
				if _, dup := out[licensing.ProductID(l.ProductID)]; dup {
					t.Errorf("%s holds two licenses of product %s (rule L1 broken)", user, l.ProductID)
				}
				out[licensing.ProductID(l.ProductID)] = licensing.SKUID(l.SKUID)
			}
		}
	}
	return out
}

func fakeGive(w *fake.World) func(t *testing.T, user string, p licensing.ProductID, s licensing.SKUID) {
	return func(t *testing.T, user string, p licensing.ProductID, s licensing.SKUID) {
		t.Helper()
		if err := w.AssignLicense(user, string(p), string(s)); err != nil {
			t.Fatal(err)
		}
	}
}

// directEnv runs the suite on package fake's direct backend.
func directEnv(t *testing.T, seats map[licensing.SKUID]int) *env {
	t.Helper()
	w, users := fakeWorld(t, 8, seats)
	return &env{
		svc:      licensing.NewWithBackend(w.Licensing(fakeAdmin), licensing.WithPageSize(2)),
		customer: fakeCustomer,
		users:    users,
		give:     fakeGive(w),
		held:     func(t *testing.T, u string) map[licensing.ProductID]licensing.SKUID { return fakeHeld(t, w, u) },
	}
}

// httpEnv runs the suite on google.go, with the real Licensing client,
// against fake.Server.
func httpEnv(t *testing.T, seats map[licensing.SKUID]int) *env {
	t.Helper()
	w, users := fakeWorld(t, 8, seats)
	srv := faketest.NewServer(t, w)
	conn, err := srv.Conn(t.Context(), fakeAdmin)
	if err != nil {
		t.Fatal(err)
	}
	return &env{
		svc:      licensing.New(conn, licensing.WithSeatSource(w.LicensingSeats()), licensing.WithPageSize(2)),
		customer: fakeCustomer,
		users:    users,
		give:     fakeGive(w),
		held:     func(t *testing.T, u string) map[licensing.ProductID]licensing.SKUID { return fakeHeld(t, w, u) },
	}
}

func TestBehaviourFakeDirect(t *testing.T) {
	t.Parallel()
	runBehaviour(t, directEnv)
}

func TestBehaviourGoogleOverFakeServer(t *testing.T) {
	t.Parallel()
	runBehaviour(t, httpEnv)
}

// TestSeatUsageFromResellerSubscription: over fake.Server, New's default
// seat source reads the resold SKU's Reseller API subscription (rule L4):
// maximumNumberOfSeats of a FLEXIBLE plan, numberOfSeats of an annual one.
// The reseller's own Cloud Identity Free seats are no subscription: that
// source does not know them, and a StaticSeats after it does.
func TestSeatUsageFromResellerSubscription(t *testing.T) {
	t.Parallel()
	reseller := fake.TenantSeed{
		CustomerID: fakeCustomer, Reseller: true,
		Domains: []fake.DomainSeed{{Name: fakeDomain}},
		Users:   []fake.UserSeed{{Email: fakeAdmin, GivenName: "Ada", FamilyName: "Admin", Roles: []string{fake.RoleSuperAdmin}}},
		SKUs:    []fake.SKUSeed{{ProductID: string(ciProduct), SKUID: string(ciSKU), Seats: 50}},
	}
	customer := fake.TenantSeed{
		CustomerID: "C0cust0001",
		Domains:    []fake.DomainSeed{{Name: "customer.example"}},
		Users: []fake.UserSeed{
			{Email: "admin@customer.example", GivenName: "Cy", FamilyName: "Admin", Roles: []string{fake.RoleSuperAdmin}},
			{Email: "u1@customer.example", GivenName: "U", FamilyName: "One"},
			{Email: "u2@customer.example", GivenName: "U", FamilyName: "Two"},
		},
		Customer: &fake.CustomerSeed{ResellerDomain: fakeDomain, Subscriptions: []fake.SubscriptionSeed{
			{SKUID: string(licensing.SKUBusinessStarter), Plan: "FLEXIBLE", MaxSeats: 30},
			{SKUID: string(licensing.SKUBusinessStandard), Plan: "ANNUAL", Seats: 12},
		}},
	}
	w, err := fake.NewWorld(fake.Seed{Tenants: []fake.TenantSeed{reseller, customer}})
	if err != nil {
		t.Fatal(err)
	}
	// Licenses after the world exists: the seed applies a tenant's licenses
	// before its subscriptions' seats.
	for _, l := range []struct {
		user string
		sku  licensing.SKUID
	}{{"u1@customer.example", licensing.SKUBusinessStarter}, {"u2@customer.example", licensing.SKUBusinessStarter}, {"admin@customer.example", licensing.SKUBusinessStandard}} {
		if err := w.AssignLicense(l.user, string(gws), string(l.sku)); err != nil {
			t.Fatal(err)
		}
	}
	srv := faketest.NewServer(t, w)
	conn, err := srv.Conn(t.Context(), fakeAdmin)
	if err != nil {
		t.Fatal(err)
	}
	svc := licensing.New(conn)
	tests := []struct {
		sku  licensing.SKUID
		want licensing.SeatUsage
	}{
		{licensing.SKUBusinessStarter, licensing.SeatUsage{Customer: "C0cust0001", Product: gws, SKU: licensing.SKUBusinessStarter,
			SKUName: "Google Workspace Business Starter", Assigned: 2, Available: 30}},
		{licensing.SKUBusinessStandard, licensing.SeatUsage{Customer: "C0cust0001", Product: gws, SKU: licensing.SKUBusinessStandard,
			SKUName: "Google Workspace Business Standard", Assigned: 1, Available: 12}},
	}
	for _, tt := range tests {
		got, err := svc.SeatUsage(t.Context(), "C0cust0001", gws, tt.sku)
		if err != nil {
			t.Fatalf("SeatUsage(%s): %v", tt.sku, err)
		}
		if !strings.HasPrefix(got.Source, "Reseller API subscription") {
			t.Errorf("Source = %q, want the Reseller API subscription", got.Source)
		}
		got.Source = ""
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("SeatUsage(%s) mismatch (-want +got):\n%s", tt.sku, diff)
		}
	}
	if _, err := svc.SeatUsage(t.Context(), fakeCustomer, ciProduct, ciSKU); resellerkit.KindOf(err) != resellerkit.KindNotFound {
		t.Errorf("own Cloud Identity Free seats from the Reseller API = %v; want KindNotFound", err)
	}
	chained := licensing.New(conn, licensing.WithSeatSource(licensing.SeatSources(licensing.ResellerSeats(conn), licensing.StaticSeats{ciSKU: 50})))
	u, err := chained.SeatUsage(t.Context(), fakeCustomer, ciProduct, ciSKU)
	if err != nil || u.Available != 50 || u.Source != "configured" {
		t.Errorf("chained SeatUsage = %+v, %v; want 50 configured", u, err)
	}
}
