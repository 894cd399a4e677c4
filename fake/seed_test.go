package fake_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	licensing "google.golang.org/api/licensing/v1"

	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/fake/faketest"
	rklicensing "github.com/resellerkit/resellerkit/licensing"
	"github.com/resellerkit/resellerkit/roles"
)

func TestDemoSeed(t *testing.T) {
	t.Parallel()
	w, err := fake.NewWorld(fake.DemoSeed())
	if err != nil {
		t.Fatal(err)
	}
	s := w.Snapshot()
	resellers, customers, revoked, premium := 0, 0, 0, 0
	for _, ts := range s.Tenants {
		if ts.Reseller {
			resellers++
		}
		if c := ts.Customer; c != nil {
			customers++
			if !c.ResellerAccessGranted {
				revoked++
			}
			if c.SupportPlan == domains.PlanPremium {
				premium++
			}
		}
	}
	got := []int{resellers, customers, revoked, premium}
	if diff := cmp.Diff([]int{2, 24, 3, 4}, got); diff != "" {
		t.Errorf("resellers, customers, revoked, premium mismatch (-want +got):\n%s", diff)
	}
	if !s.Now.Equal(fake.DefaultStart) {
		t.Errorf("clock %v, want %v", s.Now, fake.DefaultStart)
	}
	ten := tenantOf(t, w, "globex-retail.example").Customer.Tenure
	if len(ten) != 2 || ten[0].ResellerCustomerID != fake.DemoBirchCustomerID || ten[1].ResellerCustomerID != fake.DemoAlderCustomerID || !ten[1].To.IsZero() {
		t.Errorf("globex tenure = %+v", ten)
	}
	if p := tenantOf(t, w, "acme-corp.example").Customer.SupportPlan; p != domains.PlanPremium {
		t.Errorf("acme plan %s", p)
	}
	accounts := w.ResellerAccounts()
	if len(accounts) != 2 || accounts[0].SuperAdmin != alderAdmin || len(accounts[0].Domains) != 3 {
		t.Errorf("ResellerAccounts = %+v", accounts)
	}
}

// TestDeterministic: the same seed gives the same World, IDs included.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	a, _ := fake.NewWorld(fake.DemoSeed())
	b, _ := fake.NewWorld(fake.DemoSeed())
	if diff := cmp.Diff(a.Snapshot(), b.Snapshot()); diff != "" {
		t.Errorf("two demo worlds differ (-a +b):\n%s", diff)
	}
}

func TestSeedJSONRoundTrip(t *testing.T) {
	t.Parallel()
	seed := fake.DemoSeed()
	b, err := json.Marshal(seed)
	if err != nil {
		t.Fatal(err)
	}
	read, err := fake.ReadSeed(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	fromJSON, err := fake.NewWorld(read)
	if err != nil {
		t.Fatal(err)
	}
	fromGo, _ := fake.NewWorld(seed)
	if diff := cmp.Diff(fromGo.Snapshot(), fromJSON.Snapshot()); diff != "" {
		t.Errorf("JSON-seeded world differs (-go +json):\n%s", diff)
	}
	path := filepath.Join(t.TempDir(), "seed.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	fromFile, err := fake.LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(fromGo.Snapshot(), fromFile.Snapshot()); diff != "" {
		t.Errorf("file-seeded world differs (-go +file):\n%s", diff)
	}
	if _, err := fake.LoadFile(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Errorf("LoadFile of a missing file succeeded")
	}
}

func TestSeedErrors(t *testing.T) {
	t.Parallel()
	reseller := fake.TenantSeed{Reseller: true, Domains: []fake.DomainSeed{{Name: "r.example"}},
		OrgUnits: []fake.OrgUnitSeed{{Path: "/Staff"}},
		Users:    []fake.UserSeed{{Email: "a@r.example"}}}
	with := func(f func(*fake.TenantSeed)) fake.Seed {
		r := reseller
		r.Users = append([]fake.UserSeed(nil), reseller.Users...)
		f(&r)
		return fake.Seed{Tenants: []fake.TenantSeed{r}}
	}
	tests := []struct {
		name string
		seed fake.Seed
		want string
	}{
		{"no domain", fake.Seed{Tenants: []fake.TenantSeed{{}}}, "tenants[0] (): domains"},
		{"bad customer ID", with(func(t *fake.TenantSeed) { t.CustomerID = "X1" }), `customerId "X1"`},
		{"duplicate domain", with(func(t *fake.TenantSeed) { t.Domains = append(t.Domains, fake.DomainSeed{Name: "R.example"}) }), "domains[1] (R.example)"},
		{"user on a foreign domain", with(func(t *fake.TenantSeed) { t.Users = append(t.Users, fake.UserSeed{Email: "b@x.example"}) }), "users[1] (b@x.example)"},
		{"duplicate user", with(func(t *fake.TenantSeed) { t.Users = append(t.Users, fake.UserSeed{Email: "A@r.example"}) }), "users[1] (A@r.example)"},
		{"unknown org unit", with(func(t *fake.TenantSeed) { t.Users[0].OrgUnit = "/Nope" }), `users[0] (a@r.example): orgUnit "/Nope"`},
		{"unknown role", with(func(t *fake.TenantSeed) { t.Users[0].Roles = []string{"Nope"} }), `users[0] (a@r.example): roles[0] (Nope)`},
		{"unknown privilege", with(func(t *fake.TenantSeed) {
			t.Roles = []fake.RoleSeed{{Name: "X", Privileges: []string{"NOPE"}}}
		}), "roles[0] (X)"},
		{"legacy privilege on a non-legacy tenant", with(func(t *fake.TenantSeed) {
			t.Roles = []fake.RoleSeed{{Name: "X", Privileges: []string{roles.DefaultResellerEnterpriseLegacySupportName}}}
		}), "roles[0] (X)"},
		{"unknown assignee", with(func(t *fake.TenantSeed) {
			t.Assignments = []fake.AssignmentSeed{{Role: roles.ResellerAdminRoleName, Assignee: "nobody@r.example"}}
		}), "assignments[0]"},
		{"unknown group member", with(func(t *fake.TenantSeed) {
			t.Groups = []fake.GroupSeed{{Email: "g@r.example", Members: []string{"x@r.example"}}}
		}), "groups[0] (g@r.example): members[0] (x@r.example)"},
		{"license without seats", with(func(t *fake.TenantSeed) {
			t.Licenses = []fake.LicenseSeed{{ProductID: string(rklicensing.ProductCloudIdentityFree), SKUID: string(rklicensing.SKUCloudIdentityFree), User: "a@r.example"}}
		}), "licenses[0]"},
		{"customer of an unknown reseller domain", fake.Seed{Tenants: []fake.TenantSeed{{Domains: []fake.DomainSeed{{Name: "c.example"}},
			Customer: &fake.CustomerSeed{ResellerDomain: "nope.example"}}}}, `customer: resellerDomain "nope.example"`},
		{"bad plan", fake.Seed{Tenants: []fake.TenantSeed{reseller, {Domains: []fake.DomainSeed{{Name: "c.example"}},
			Customer: &fake.CustomerSeed{ResellerDomain: "r.example", SupportPlan: "Gold"}}}}, `tenants[1] (c.example): customer: supportPlan "Gold"`},
		{"open tenure not last", fake.Seed{Tenants: []fake.TenantSeed{reseller, {Domains: []fake.DomainSeed{{Name: "c.example"}},
			Customer: &fake.CustomerSeed{ResellerDomain: "r.example", Tenure: []fake.TenureSeed{
				{ResellerDomain: "r.example", From: fake.DefaultStart}, {ResellerDomain: "r.example", From: fake.DefaultStart}}}}}}, "tenure[0]: to must be after from"},
		{"unknown JSON field", fake.Seed{}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.want == "" {
				_, err := fake.ReadSeed(strings.NewReader(`{"tenants":[],"tennants":[]}`))
				if err == nil || !strings.Contains(err.Error(), "tennants") {
					t.Errorf("ReadSeed with a typo = %v, want an error naming the field", err)
				}
				return
			}
			_, err := fake.NewWorld(tc.seed)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("NewWorld = %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

func TestSnapshotIsACopy(t *testing.T) {
	t.Parallel()
	w, _ := fake.NewWorld(fake.DemoSeed())
	s := w.Snapshot()
	before := w.Snapshot()
	s.Tenants[0].Users[0].Email = "changed@x.example"
	s.Tenants[0].Users[0].Aliases = append(s.Tenants[0].Users[0].Aliases, "x@y.example")
	s.Tenants[0].Roles[0].Privileges[0] = "CHANGED"
	s.Tenants[2].Customer.Tenure[0].ResellerDomain = "changed.example"
	s.Tenants = s.Tenants[:1]
	if diff := cmp.Diff(before, w.Snapshot()); diff != "" {
		t.Errorf("mutating a snapshot changed the World (-before +after):\n%s", diff)
	}
}

func TestClockAndTransfer(t *testing.T) {
	t.Parallel()
	w, _ := fake.NewWorld(fake.DemoSeed())
	start := w.Now()
	w.Advance(36 * time.Hour)
	if got := w.Now().Sub(start); got != 36*time.Hour {
		t.Errorf("Advance: %v", got)
	}
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	w.SetTime(at)
	// C4 needs the tenure: a transfer closes the old tenure now and opens
	// a new one.
	if err := w.Transfer("acme-corp.example", fake.DemoBirchDomain); err != nil {
		t.Fatal(err)
	}
	acme := tenantOf(t, w, "acme-corp.example").Customer
	if ten := acme.Tenure; len(ten) != 2 || !ten[0].To.Equal(at) || !ten[1].From.Equal(at) || ten[1].ResellerCustomerID != fake.DemoBirchCustomerID || !ten[1].To.IsZero() {
		t.Errorf("tenure after transfer = %+v", ten)
	}
	if d := acme.ResellerDomain; d != fake.DemoBirchDomain {
		t.Errorf("reseller domain %s", d)
	}
	// Moving between domains of one account is not a new tenure.
	if err := w.Transfer("kestrel-energie.example", fake.DemoAlderDomain); err != nil {
		t.Fatal(err)
	}
	if ten := tenantOf(t, w, "kestrel-energie.example").Customer.Tenure; len(ten) != 1 || ten[0].ResellerDomain != fake.DemoAlderDomain {
		t.Errorf("tenure after a same-account move = %+v", ten)
	}
	for _, err := range []error{
		w.Transfer("acme-corp.example", "acme-corp.example"),
		w.Transfer("nope.example", fake.DemoAlderDomain),
		w.Transfer(fake.DemoAlderDomain, fake.DemoBirchDomain),
		w.SetSeats(fake.DemoAlderCustomerID, ciFree, ciSKU, 1),
		w.SetSuspended("nobody@x.example", true),
		w.VerifyDomain("nope.example"),
	} {
		if err == nil {
			t.Errorf("an invalid direct call succeeded")
		}
	}
}

func TestDirectSeeding(t *testing.T) {
	t.Parallel()
	w, err := fake.NewWorld(fake.Seed{Tenants: []fake.TenantSeed{{Reseller: true, Domains: []fake.DomainSeed{{Name: "r.example"}},
		Users: []fake.UserSeed{{Email: "boss@r.example", Roles: []string{roles.SuperAdminRoleName}}}}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.AddUser("r.example", fake.UserSeed{Email: "u@r.example", GivenName: "U", FamilyName: "Ser"}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.AddGroup("r.example", fake.GroupSeed{Email: "g@r.example", Members: []string{"u@r.example"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.AddRole("r.example", fake.RoleSeed{Name: "Portal", Privileges: []string{roles.DefaultViewCustomersName}}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Assign("r.example", fake.AssignmentSeed{Role: "Portal", Assignee: "g@r.example"}); err != nil {
		t.Fatal(err)
	}
	if err := w.SetSeats("r.example", ciFree, ciSKU, 2); err != nil {
		t.Fatal(err)
	}
	if err := w.AssignLicense("u@r.example", ciFree, ciSKU); err != nil {
		t.Fatal(err)
	}
	ts := w.Snapshot().Tenants[0]
	got := []any{len(ts.Users), ts.Users[0].IsAdmin, ts.Groups[0].Members, ts.Assignments[len(ts.Assignments)-1].Assignee, ts.SKUs[0].Assigned}
	want := []any{2, true, []string{"u@r.example"}, "g@r.example", 1}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("direct seeding mismatch (-want +got):\n%s", diff)
	}
	if sa, _ := w.SuperAdmin("r.example"); sa != "boss@r.example" {
		t.Errorf("SuperAdmin = %s", sa)
	}
	if err := w.DeleteUser("u@r.example"); err != nil {
		t.Fatal(err)
	}
	if a, _ := seats(t, w, "r.example", ciFree, ciSKU); a != 0 {
		t.Errorf("deleting the user kept its seat")
	}
}

// TestSeedLicensesOnSubscriptionSeats: a customer's licenses may use seats
// that come only from its subscriptions, wherever the seed lists them; one
// license over the subscription's seats is still refused (rule S4).
func TestSeedLicensesOnSubscriptionSeats(t *testing.T) {
	t.Parallel()
	reseller := fake.TenantSeed{Reseller: true, Domains: []fake.DomainSeed{{Name: "r.example"}},
		Users: []fake.UserSeed{{Email: "boss@r.example", Roles: []string{roles.SuperAdminRoleName}}}}
	customer := func(licensed ...string) fake.TenantSeed {
		c := fake.TenantSeed{
			Domains: []fake.DomainSeed{{Name: "c.example"}},
			Users: []fake.UserSeed{
				{Email: "admin@c.example", Roles: []string{roles.SuperAdminRoleName}},
				{Email: "u1@c.example"}, {Email: "u2@c.example"},
			},
			Customer: &fake.CustomerSeed{ResellerDomain: "r.example",
				Subscriptions: []fake.SubscriptionSeed{{SKUID: string(rklicensing.SKUBusinessStandard), Seats: 2}}},
		}
		for _, u := range licensed {
			c.Licenses = append(c.Licenses, fake.LicenseSeed{ProductID: string(rklicensing.ProductGoogleWorkspace), SKUID: string(rklicensing.SKUBusinessStandard), User: u})
		}
		return c
	}
	tests := []struct {
		name    string
		tenants []fake.TenantSeed
		wantErr string
	}{
		{"reseller first", []fake.TenantSeed{reseller, customer("u1@c.example", "u2@c.example")}, ""},
		{"customer first", []fake.TenantSeed{customer("u1@c.example", "u2@c.example"), reseller}, ""},
		{"more licenses than seats", []fake.TenantSeed{reseller, customer("u1@c.example", "u2@c.example", "admin@c.example")},
			"licenses[2] (admin@c.example " + string(rklicensing.ProductGoogleWorkspace) + "/" + string(rklicensing.SKUBusinessStandard) + "): There aren't enough available licenses"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w, err := fake.NewWorld(fake.Seed{Tenants: tc.tenants})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("NewWorld = %v, want an error containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			assigned, total := seats(t, w, "c.example", string(rklicensing.ProductGoogleWorkspace), string(rklicensing.SKUBusinessStandard))
			if assigned != 2 || total != 2 {
				t.Errorf("seats = %d of %d, want 2 of 2", assigned, total)
			}
			// The licenses are real over the wire too.
			srv := faketest.NewServer(t, w)
			tok, _ := srv.TokenFor("admin@c.example")
			svc, err := licensing.NewService(t.Context(), srv.ClientOptions(tok)...)
			if err != nil {
				t.Fatal(err)
			}
			l, err := svc.LicenseAssignments.Get(string(rklicensing.ProductGoogleWorkspace), string(rklicensing.SKUBusinessStandard), "u2@c.example").Context(t.Context()).Do()
			if err != nil || l.UserId != "u2@c.example" {
				t.Errorf("licenseAssignments.get = %+v, %v", l, err)
			}
		})
	}
}
