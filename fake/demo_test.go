package fake_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/licensing"
	"github.com/resellerkit/resellerkit/roles"
)

// The Cloud Identity Free SKU every staff account of the demo holds (S4).
const (
	ciFreeProduct = string(licensing.ProductCloudIdentityFree)
	ciFreeSKU     = string(licensing.SKUCloudIdentityFree)
)

var updateDemo = flag.Bool("update-demo", false, "rewrite seeds/demo.json in the canonical layout")

// demoFile is the demo world's seed, relative to the package directory.
const demoFile = "seeds/demo.json"

// TestDemoSeedJSON checks the embedded demo seed: it decodes with the
// strict reader (no unknown field, so no silently ignored typo), builds a
// World, and is laid out as json.MarshalIndent with two spaces writes a
// Seed, so a dump of a World's seed and this file look alike and a diff
// between them shows data, not layout. After editing the file by hand, run
// go test ./fake -run TestDemoSeedJSON -update-demo to lay it out again.
func TestDemoSeedJSON(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile(demoFile)
	if err != nil {
		t.Fatal(err)
	}
	s, err := fake.ReadSeed(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("%s: %v", demoFile, err)
	}
	if diff := cmp.Diff(s, fake.DemoSeed(), cmpopts.IgnoreUnexported(fake.Seed{})); diff != "" {
		t.Errorf("DemoSeed differs from %s (-file +DemoSeed):\n%s", demoFile, diff)
	}
	if _, err := fake.NewWorld(s); err != nil {
		t.Errorf("%s does not build a World: %v", demoFile, err)
	}
	canonical, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	canonical = append(canonical, '\n')
	if *updateDemo {
		if err := os.WriteFile(demoFile, canonical, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(raw, canonical) {
		t.Errorf("%s is not in the canonical layout (json.MarshalIndent, two spaces, final newline), or holds a field at its zero value; run go test ./fake -run TestDemoSeedJSON -update-demo", demoFile)
	}
}

// TestDemoSeedIsACopy checks that each DemoSeed call returns its own
// Seed: a test that changes the one it got does not change another's.
func TestDemoSeedIsACopy(t *testing.T) {
	t.Parallel()
	a := fake.DemoSeed()
	a.Tenants[0].Users[0].Email = "changed@" + fake.DemoAlderDomain
	a.Tenants = a.Tenants[:1]
	b := fake.DemoSeed()
	if got := b.Tenants[0].Users[0].Email; got != "admin@"+fake.DemoAlderDomain {
		t.Errorf("second DemoSeed's first user = %q, want admin@%s", got, fake.DemoAlderDomain)
	}
	if len(b.Tenants) != 26 {
		t.Errorf("second DemoSeed has %d tenants, want 26 (2 reseller accounts, 24 customers)", len(b.Tenants))
	}
}

// staffFacts is what DemoSeed's doc comment says about one account of a
// reseller tenant, read back from the World.
type staffFacts struct {
	OrgUnit   string
	Suspended bool
	// Grants are the account's role assignments, direct or through a group:
	// "role", "role via group", "role scoped /OU", "role expired".
	Grants []string
	CIFree bool // holds a Cloud Identity Free license
}

// demoFacts reads staffFacts for every user of the reseller tenants of s.
func demoFacts(s fake.Snapshot) map[string]staffFacts {
	out := map[string]staffFacts{}
	for _, ts := range s.Tenants {
		if !ts.Reseller {
			continue
		}
		// groupsOf: the groups an address belongs to, directly or nested.
		groupsOf := func(addr string) []string {
			var found []string
			var walk func(member string)
			walk = func(member string) {
				for _, g := range ts.Groups {
					if slices.Contains(g.Members, member) && !slices.Contains(found, g.Email) {
						found = append(found, g.Email)
						walk(g.Email)
					}
				}
			}
			walk(addr)
			return found
		}
		for _, u := range ts.Users {
			f := staffFacts{OrgUnit: u.OrgUnit, Suspended: u.Suspended}
			groups := groupsOf(u.Email)
			for _, a := range ts.Assignments {
				g := a.Role
				switch {
				case a.Assignee == u.Email:
				case a.Group && slices.Contains(groups, a.Assignee):
					g += " via " + a.Assignee
				default:
					continue
				}
				if a.OrgUnit != "" {
					g += " scoped " + a.OrgUnit
				}
				if !a.ExpireTime.IsZero() && !a.ExpireTime.After(s.Now) {
					g += " expired"
				}
				f.Grants = append(f.Grants, g)
			}
			slices.Sort(f.Grants)
			for _, l := range ts.Licenses {
				if l.User == u.Email && l.ProductID == ciFreeProduct && l.SKUID == ciFreeSKU {
					f.CIFree = true
				}
			}
			out[u.Email] = f
		}
	}
	return out
}

// TestDemoSeedMatchesItsDoc checks every property DemoSeed's doc comment
// (and the constants' comments) promise against the World it builds: the
// staff accounts and the portal rule each shows (P1, P2, P4, P5), the
// domains (D4), the legacy tenant (P1.3), the seats (S4), the customers per
// reseller domain, revoked access (D5), Premium plans (C8) and the tenure of
// the transferred customer (C4).
func TestDemoSeedMatchesItsDoc(t *testing.T) {
	t.Parallel()
	w, err := fake.NewWorld(fake.DemoSeed())
	if err != nil {
		t.Fatal(err)
	}
	s := w.Snapshot()
	tenant := func(id string) fake.TenantSnapshot {
		for _, ts := range s.Tenants {
			if ts.CustomerID == id {
				return ts
			}
		}
		t.Fatalf("no tenant %s", id)
		return fake.TenantSnapshot{}
	}

	t.Run("staff accounts (P1, P4, P5, S3, S4)", func(t *testing.T) {
		t.Parallel()
		const staff, ra, portal = fake.DemoStaffOrgUnit, roles.ResellerAdminRoleName, fake.DemoPortalRole
		want := map[string]staffFacts{
			alderAdmin: {OrgUnit: "/", Grants: []string{roles.SuperAdminRoleName}},
			ana:        {OrgUnit: staff, Grants: []string{ra}, CIFree: true},
			ben:        {OrgUnit: staff, Grants: []string{portal}, CIFree: true},
			cara:       {OrgUnit: staff, Grants: []string{portal + " via support@" + fake.DemoAlderDomain}, CIFree: true},
			dan:        {OrgUnit: staff, Suspended: true, Grants: []string{ra}, CIFree: true},
			eve:        {OrgUnit: staff, Grants: []string{portal + " scoped " + staff}, CIFree: true},
			finn:       {OrgUnit: staff, Grants: []string{ra + " expired"}, CIFree: true},
			gus:        {OrgUnit: staff, CIFree: true},
			birchAdmin: {OrgUnit: "/", Grants: []string{roles.SuperAdminRoleName}},
			hana:       {OrgUnit: staff, Grants: []string{ra}, CIFree: true},
			ivan:       {OrgUnit: staff, Grants: []string{"Legacy support"}, CIFree: true},
		}
		if diff := cmp.Diff(want, demoFacts(s)); diff != "" {
			t.Errorf("demo staff mismatch (-doc +world):\n%s", diff)
		}
		// cara's group is portal-team@, nested in support@ (P4: groups count).
		var groups []string
		for _, g := range tenant(fake.DemoAlderCustomerID).Groups {
			groups = append(groups, g.Email+" > "+strings.Join(g.Members, ","))
		}
		wantGroups := []string{
			"support@" + fake.DemoAlderDomain + " > portal-team@" + fake.DemoAlderDomain,
			"portal-team@" + fake.DemoAlderDomain + " > " + cara,
		}
		if diff := cmp.Diff(wantGroups, groups); diff != "" {
			t.Errorf("demo groups mismatch (-doc +world):\n%s", diff)
		}
		for _, email := range []string{alderAdmin, birchAdmin} {
			if !slices.ContainsFunc(s.Tenants, func(ts fake.TenantSnapshot) bool {
				return slices.ContainsFunc(ts.Users, func(u fake.UserSnapshot) bool { return u.Email == email && u.IsAdmin })
			}) {
				t.Errorf("%s is not a super admin", email)
			}
		}
	})

	t.Run("roles (P1.2, P1.3, P2)", func(t *testing.T) {
		t.Parallel()
		privs := func(customerID, role string) []string {
			for _, r := range tenant(customerID).Roles {
				if r.Name == role {
					return r.Privileges
				}
			}
			return nil
		}
		got := map[string][]string{
			fake.DemoPortalRole: privs(fake.DemoAlderCustomerID, fake.DemoPortalRole),
			"Legacy support":    privs(fake.DemoBirchCustomerID, "Legacy support"),
		}
		want := map[string][]string{
			fake.DemoPortalRole: {roles.DefaultViewCustomersName, roles.DefaultAccessCustomerSupportCasesName, roles.DefaultSupportName},
			"Legacy support":    {roles.DefaultResellerEnterpriseLegacySupportName},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("demo role privileges mismatch (-doc +world):\n%s", diff)
		}
	})

	t.Run("reseller accounts and domains (D4, P1.3, S4)", func(t *testing.T) {
		t.Parallel()
		type account struct {
			Name             string
			Reseller, Legacy bool
			Domains          []fake.DomainSnapshot
			SKUs             []fake.SKUSnapshot
		}
		read := func(id string) account {
			ts := tenant(id)
			return account{Name: ts.Name, Reseller: ts.Reseller, Legacy: ts.Legacy, Domains: ts.Domains, SKUs: ts.SKUs}
		}
		ciFree := func(assigned int) []fake.SKUSnapshot {
			return []fake.SKUSnapshot{{ProductID: ciFreeProduct, SKUID: ciFreeSKU, Seats: 50, Assigned: assigned}}
		}
		want := []account{
			{Name: "Alder Reseller", Reseller: true, Domains: []fake.DomainSnapshot{
				{Name: fake.DemoAlderDomain, Primary: true, Verified: true},
				{Name: fake.DemoAlderEUDomain, Verified: true},
				{Name: fake.DemoAlderLabsDomain},
			}, SKUs: ciFree(7)},
			{Name: "Birch Partners", Reseller: true, Legacy: true, Domains: []fake.DomainSnapshot{
				{Name: fake.DemoBirchDomain, Primary: true, Verified: true},
			}, SKUs: ciFree(2)},
		}
		got := []account{read(fake.DemoAlderCustomerID), read(fake.DemoBirchCustomerID)}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("demo reseller accounts mismatch (-doc +world):\n%s", diff)
		}
	})

	t.Run("customers (D1, D5, C4, C8)", func(t *testing.T) {
		t.Parallel()
		perDomain := map[string]int{}
		var revoked, premium, ids []string
		for _, ts := range s.Tenants {
			c := ts.Customer
			if c == nil {
				continue
			}
			dom := ts.Domains[0].Name
			ids = append(ids, ts.CustomerID)
			perDomain[c.ResellerDomain]++
			if !c.ResellerAccessGranted {
				revoked = append(revoked, dom)
			}
			if c.SupportPlan == domains.PlanPremium {
				premium = append(premium, dom)
			}
			if len(c.Subscriptions) != 1 {
				t.Errorf("%s has %d subscriptions, want 1", dom, len(c.Subscriptions))
			}
			if len(ts.Users) != 1 || ts.Users[0].Email != "admin@"+dom || !ts.Users[0].IsAdmin {
				t.Errorf("%s users = %+v, want only its super admin admin@%s", dom, ts.Users, dom)
			}
			wantTenure := []fake.TenureSnapshot{{ResellerCustomerID: c.ResellerCustomerID, ResellerDomain: c.ResellerDomain,
				From: fake.DefaultStart.Add(-365 * 24 * time.Hour)}}
			if dom == "globex-retail.example" {
				moved := fake.DefaultStart.Add(-90 * 24 * time.Hour)
				wantTenure = []fake.TenureSnapshot{
					{ResellerCustomerID: fake.DemoBirchCustomerID, ResellerDomain: fake.DemoBirchDomain,
						From: fake.DefaultStart.Add(-3 * 365 * 24 * time.Hour), To: moved},
					{ResellerCustomerID: fake.DemoAlderCustomerID, ResellerDomain: fake.DemoAlderDomain, From: moved},
				}
			}
			if diff := cmp.Diff(wantTenure, c.Tenure); diff != "" {
				t.Errorf("%s tenure mismatch (-doc +world):\n%s", dom, diff)
			}
		}
		var wantIDs []string
		for i := 1; i <= 24; i++ {
			wantIDs = append(wantIDs, fmt.Sprintf("C03c%05d", i))
		}
		got := []any{perDomain, revoked, premium, ids}
		want := []any{
			map[string]int{fake.DemoAlderDomain: 10, fake.DemoAlderEUDomain: 6, fake.DemoBirchDomain: 8},
			[]string{"dunmore-legal.example", "mistral-foods.example", "tidewater-farms.example"},
			[]string{"acme-corp.example", "fjord-logistics.example", "lumen-design.example", "redwood-builders.example"},
			wantIDs,
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("demo customers (per domain, revoked, premium, IDs) mismatch (-doc +world):\n%s", diff)
		}
	})
}

// TestDemoStaffOverTheWire checks what each documented staff account can do
// over the unmodified Reseller API client: list the customers of its
// sign-in domain when it holds View Customers customer-wide (rules P1, D1,
// D5: revoked customers are listed), and not when its role is expired,
// org-unit scoped or legacy only (P4), or it is suspended (P5).
func TestDemoStaffOverTheWire(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tests := []struct {
		email  string
		want   int // customers listed
		status int
	}{
		{email: ana, want: 10},
		{email: ben, want: 10},
		{email: cara, want: 6},
		{email: hana, want: 8},
		{email: dan, status: 401},
		{email: eve, status: 403},
		{email: finn, status: 403},
		{email: gus, status: 403},
		{email: ivan, status: 403},
	}
	for _, tc := range tests {
		t.Run(tc.email, func(t *testing.T) {
			t.Parallel()
			res, err := e.res(tc.email).Subscriptions.List().MaxResults(100).Context(t.Context()).Do()
			if tc.status != 0 {
				reason := map[int]string{401: "authError", 403: "forbidden"}[tc.status]
				wantErr(t, err, tc.status, reason)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Subscriptions) != tc.want || res.NextPageToken != "" {
				t.Errorf("%d subscriptions (next %q), want %d", len(res.Subscriptions), res.NextPageToken, tc.want)
			}
		})
	}
}
