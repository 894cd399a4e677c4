package licensing_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/fake/faketest"
	"github.com/resellerkit/resellerkit/licensing"
	"github.com/resellerkit/resellerkit/roles"
)

const (
	fakeCustomer = "C0lic0001"
	fakeDomain   = "lic-reseller.example"
	fakeAdmin    = "admin@" + fakeDomain

	ciProduct = licensing.ProductCloudIdentityFree
	ciSKU     = licensing.SKUCloudIdentityFree
	gws       = licensing.ProductGoogleWorkspace
)

// envSeats are the SKUs every test world offers and their seat counts.
var envSeats = map[licensing.SKUID]int{
	licensing.SKUCloudIdentityFree:    50,
	licensing.SKUCloudIdentityPremium: 50,
	licensing.SKUBusinessStarter:      50,
	licensing.SKUBusinessStandard:     50,
}

// user is the email of the i-th user of a test world.
func user(i int) string { return fmt.Sprintf("user%04d@%s", i, fakeDomain) }

// held is a license a test world starts with.
type held struct {
	user    string
	product licensing.ProductID
	sku     licensing.SKUID
}

// tenantSeats returns the seat counts of a test world: envSeats with
// overrides, keyed by SKU (product and ID).
func tenantSeats(overrides map[licensing.SKUID]int, extra map[licensing.SKU]int) map[licensing.SKU]int {
	all := map[licensing.SKU]int{}
	ids := maps.Clone(envSeats)
	maps.Copy(ids, overrides)
	for id, n := range ids {
		k, _ := licensing.LookupSKU(id)
		all[licensing.SKU{Product: k.Product, ID: id}] = n
	}
	maps.Copy(all, extra)
	return all
}

// newWorld seeds a test world: one reseller tenant with a super admin, n
// users, the SKUs of seats (known to the catalogue or not) with their seat
// counts, and the licenses of holds.
func newWorld(t testing.TB, n int, seats map[licensing.SKU]int, holds ...held) (*fake.World, []string) {
	t.Helper()
	ts := fake.TenantSeed{
		CustomerID: fakeCustomer,
		Name:       "Licensing test reseller",
		Reseller:   true,
		Domains:    []fake.DomainSeed{{Name: fakeDomain}},
		Users:      []fake.UserSeed{{Email: fakeAdmin, GivenName: "Ada", FamilyName: "Admin", Roles: []string{roles.SuperAdminRoleName}}},
	}
	var users []string
	for i := range n {
		users = append(users, user(i))
		ts.Users = append(ts.Users, fake.UserSeed{Email: user(i), GivenName: "User", FamilyName: fmt.Sprint(i), OrgUnit: "/"})
	}
	skus := slices.SortedFunc(maps.Keys(seats), func(a, b licensing.SKU) int { return strings.Compare(a.String(), b.String()) })
	for _, k := range skus {
		ts.SKUs = append(ts.SKUs, fake.SKUSeed{ProductID: string(k.Product), SKUID: string(k.ID), Seats: seats[k]})
	}
	for _, h := range holds {
		ts.Licenses = append(ts.Licenses, fake.LicenseSeed{ProductID: string(h.product), SKUID: string(h.sku), User: h.user})
	}
	w, err := fake.NewWorld(fake.Seed{Tenants: []fake.TenantSeed{ts}})
	if err != nil {
		t.Fatal(err)
	}
	return w, users
}

// staticSeats is what the reseller's super admin reads in Admin console ›
// Billing for its own tenant, which no API reports: the test world's seats.
func staticSeats(seats map[licensing.SKU]int) licensing.StaticSeats {
	out := licensing.StaticSeats{}
	for k, n := range seats {
		out[k.ID] = n
	}
	return out
}

// env is one licensing world under test: a fake.Server serving it
// in-process, and a Service acting as the reseller's super admin through a
// Conn from the Server, with the tenant's own seats configured as
// StaticSeats and page size 2, so listings span pages.
type env struct {
	w        *fake.World
	srv      *fake.Server
	conn     *resellerkit.Conn
	svc      *licensing.Service
	customer string
	users    []string // 8 users, sorted
}

// newEnv builds an env whose SKUs have the seats of envSeats overridden by
// seats, with the licenses of holds.
func newEnv(t *testing.T, seats map[licensing.SKUID]int, holds ...held) *env {
	t.Helper()
	all := tenantSeats(seats, nil)
	w, users := newWorld(t, 8, all, holds...)
	srv := faketest.NewServer(t, w, fake.WithoutListener())
	conn, err := srv.Conn(t.Context(), fakeAdmin)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := licensing.New(conn, licensing.WithSeatSource(staticSeats(all)), licensing.WithPageSize(2))
	if err != nil {
		t.Fatal(err)
	}
	return &env{w: w, srv: srv, conn: conn, svc: svc, customer: fakeCustomer, users: users}
}

// held returns the user's licenses, read from a snapshot of the World.
func (e *env) held(t *testing.T, user string) map[licensing.ProductID]licensing.SKUID {
	t.Helper()
	return heldIn(t, e.w, user)
}

func heldIn(t *testing.T, w *fake.World, user string) map[licensing.ProductID]licensing.SKUID {
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

// calls counts the requests of one API method the Server received.
func (e *env) calls(method string) int { return countMethod(e.srv.Requests(), method) }

func countMethod(reqs []string, method string) int {
	n := 0
	for _, r := range reqs {
		if r == method {
			n++
		}
	}
	return n
}

// TestSeatUsageFromResellerSubscription: New's default seat source reads
// the resold SKU's Reseller API subscription (rule L4):
// maximumNumberOfSeats of a FLEXIBLE plan, numberOfSeats of an annual one.
// The reseller's own Cloud Identity Free seats are no subscription: that
// source does not know them and says how to configure them; a StaticSeats
// after it, or in its place, does.
func TestSeatUsageFromResellerSubscription(t *testing.T) {
	t.Parallel()
	reseller := fake.TenantSeed{
		CustomerID: fakeCustomer, Reseller: true,
		Domains: []fake.DomainSeed{{Name: fakeDomain}},
		Users:   []fake.UserSeed{{Email: fakeAdmin, GivenName: "Ada", FamilyName: "Admin", Roles: []string{roles.SuperAdminRoleName}}},
		SKUs:    []fake.SKUSeed{{ProductID: string(ciProduct), SKUID: string(ciSKU), Seats: 50}},
	}
	customer := fake.TenantSeed{
		CustomerID: "C0cust0001",
		Domains:    []fake.DomainSeed{{Name: "customer.example"}},
		Users: []fake.UserSeed{
			{Email: "admin@customer.example", GivenName: "Cy", FamilyName: "Admin", Roles: []string{roles.SuperAdminRoleName}},
			{Email: "u1@customer.example", GivenName: "U", FamilyName: "One"},
			{Email: "u2@customer.example", GivenName: "U", FamilyName: "Two"},
		},
		Customer: &fake.CustomerSeed{ResellerDomain: fakeDomain, Subscriptions: []fake.SubscriptionSeed{
			{SKUID: string(licensing.SKUBusinessStarter), Plan: "FLEXIBLE", MaxSeats: 30},
			{SKUID: string(licensing.SKUBusinessStandard), Plan: "ANNUAL", Seats: 12},
		}},
		Licenses: []fake.LicenseSeed{
			{ProductID: string(gws), SKUID: string(licensing.SKUBusinessStarter), User: "u1@customer.example"},
			{ProductID: string(gws), SKUID: string(licensing.SKUBusinessStarter), User: "u2@customer.example"},
			{ProductID: string(gws), SKUID: string(licensing.SKUBusinessStandard), User: "admin@customer.example"},
		},
	}
	w, err := fake.NewWorld(fake.Seed{Tenants: []fake.TenantSeed{reseller, customer}})
	if err != nil {
		t.Fatal(err)
	}
	srv := faketest.NewServer(t, w, fake.WithoutListener())
	conn, err := srv.Conn(t.Context(), fakeAdmin)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := licensing.New(conn)
	if err != nil {
		t.Fatal(err)
	}
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

	_, err = svc.SeatUsage(t.Context(), fakeCustomer, ciProduct, ciSKU)
	if resellerkit.KindOf(err) != resellerkit.KindNotFound || !strings.Contains(err.Error(), "WithSeatSource") {
		t.Errorf("L4 own Cloud Identity Free seats from the Reseller API = %v; want KindNotFound naming WithSeatSource", err)
	}

	chained, err := licensing.New(conn, licensing.WithSeatSource(licensing.SeatSources(licensing.ResellerSeats(conn), licensing.StaticSeats{ciSKU: 50})))
	if err != nil {
		t.Fatal(err)
	}
	u, err := chained.SeatUsage(t.Context(), fakeCustomer, ciProduct, ciSKU)
	if err != nil || u.Available != 50 || u.Source != "configured" {
		t.Errorf("L4 chained SeatUsage = %+v, %v; want 50 configured", u, err)
	}
	if u, err := chained.SeatUsage(t.Context(), "C0cust0001", gws, licensing.SKUBusinessStarter); err != nil || u.Available != 30 {
		t.Errorf("L4 chained SeatUsage of a resold SKU = %+v, %v; want 30 from the subscription first", u, err)
	}

	replaced, err := licensing.New(conn, licensing.WithSeatSource(licensing.StaticSeats{licensing.SKUBusinessStarter: 9}))
	if err != nil {
		t.Fatal(err)
	}
	if u, err := replaced.SeatUsage(t.Context(), "C0cust0001", gws, licensing.SKUBusinessStarter); err != nil || u.Available != 9 || u.Source != "configured" {
		t.Errorf("L4 WithSeatSource replacing the default: SeatUsage = %+v, %v; want 9 configured", u, err)
	}
}
