// Package demoworld is the world the examples run on: Northwind, a
// reseller with two reseller accounts, three reseller domains, twenty
// people, two hundred customers and a thousand support cases, with
// something to show for every rule examples/dashboard displays. It is built
// in Go, deterministically, on package fake's JSON-shaped [fake.Seed];
// package fake itself carries only its own small demo ([fake.DemoSeed]).
//
// Every example program runs on it when given no credentials (through
// examples/internal/cli), so a reader meets the same company, people and
// domains in each.
//
// [New] returns the whole world, cases included; [NewWithoutCases] and
// [Seed] its tenants alone; [People] the people behind the staff accounts
// ([AccessPeople] as package access reads them), [Newcomer] a person with
// no account yet, and constants such as [CustomerPremium] name the
// customers the examples use. The rules named by ID here are in
// docs/rules.md of the module
// (https://github.com/resellerkit/resellerkit/blob/main/docs/rules.md).
package demoworld

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/licensing"
	"github.com/resellerkit/resellerkit/roles"
)

// The reseller accounts and domains of [Seed]. The EU reseller account has
// a primary and a secondary domain; the US one is a second reseller
// account. Three domains across two accounts is what rule D2 is about: one
// person needs an eligible account on each of them, the secondary domain
// included.
const (
	AccountEU     = "C01nweu00"                 // customer ID of the EU reseller account
	AccountUS     = "C01nwus00"                 // customer ID of the US reseller account
	DomainEU      = "northwind-eu.example"      // primary domain of the EU reseller account
	DomainNordics = "northwind-nordics.example" // secondary domain of the EU reseller account
	DomainUS      = "northwind-us.example"      // primary domain of the US reseller account
)

// StaffOrgUnit is the org unit that holds the staff accounts of [Seed] on
// each reseller account (rule S3).
const StaffOrgUnit = "/Reseller support"

// CustomRole is the custom role of [Seed] that grants the Google Cloud
// Support Portal profile's privileges (rules P1.2, P2, S5).
const CustomRole = "Support portal"

// CarePortalRole is the custom role of [Seed] with the Customer Care
// Portal profile's privileges: View Customers and Access Customer Support
// Cases, without Support (rules P1.2, P2).
const CarePortalRole = "Customer care (legacy profile)"

// WorkspaceDomain is the reseller's own Google Workspace domain in [Seed]:
// people's own addresses, where case alerts go (rule S6). It is not a
// reseller domain and not part of the World.
const WorkspaceDomain = "northwind.example"

// Person describes one person of [Seed] and why their row of the staff ×
// domain grid looks the way it does. People are linked to their accounts by
// the local part of the address: "ana.lima" has
// ana.lima@northwind-eu.example, ana.lima@northwind-us.example, ...
type Person struct {
	// Address is the person's own address on [WorkspaceDomain].
	Address    string
	Local      string // the local part of every account of the person
	GivenName  string
	FamilyName string
	// Domains are the reseller domains the person has an account on; a
	// reseller domain missing here is a gap in the grid (rule D2).
	Domains []string
	// Story says, for people reading the grid, what this row shows.
	Story string
}

// staff is the team. The first field of each story names the rule the row
// illustrates.
var staff = []struct {
	Person
	setup func(d string) staffSetup
}{
	{Person{"", "ana.lima", "Ana", "Lima", allDomains, "P1.1: Reseller Admin on every domain"}, always(staffSetup{roles: []string{roles.ResellerAdminRoleName}})},
	{Person{"", "bjorn.nilsson", "Björn", "Nilsson", allDomains, "P1.2, P2: the custom support role on every domain"}, always(staffSetup{roles: []string{CustomRole}})},
	{Person{"", "chloe.martin", "Chloé", "Martin", []string{DomainEU, DomainUS}, "D2: no account on the secondary domain, so the Nordic customers are out of sight"}, always(staffSetup{roles: []string{roles.ResellerAdminRoleName}})},
	{Person{"", "daiki.sato", "Daiki", "Sato", allDomains, "P5: suspended on the US domain"}, func(d string) staffSetup {
		return staffSetup{roles: []string{roles.ResellerAdminRoleName}, suspended: d == DomainUS}
	}},
	{Person{"", "eko.pratama", "Eko", "Pratama", allDomains, "P4: the Nordic assignment expired"}, func(d string) staffSetup {
		if d == DomainNordics {
			return staffSetup{expired: roles.ResellerAdminRoleName}
		}
		return staffSetup{roles: []string{roles.ResellerAdminRoleName}}
	}},
	{Person{"", "francesca.rossi", "Francesca", "Rossi", allDomains, "P4: scoped to an org unit on the US domain, which grants no reseller privilege"}, func(d string) staffSetup {
		if d == DomainUS {
			return staffSetup{ouScoped: CustomRole}
		}
		return staffSetup{roles: []string{CustomRole}}
	}},
	{Person{"", "gustav.berg", "Gustav", "Berg", []string{DomainEU}, "D2: only an EU account"}, always(staffSetup{roles: []string{roles.ResellerAdminRoleName}})},
	{Person{"", "hana.kobayashi", "Hana", "Kobayashi", allDomains, "P4: holds the role through a nested group"}, always(staffSetup{group: true})},
	{Person{"", "ines.garcia", "Inés", "García", allDomains, "P2: View Customers and Access Customer Support Cases, but not Support: enough for the Customer Care Portal only"}, always(staffSetup{roles: []string{CarePortalRole}})},
	{Person{"", "jonas.weber", "Jonas", "Weber", allDomains, "P7: accounts with no admin role are denied by default"}, always(staffSetup{})},
	{Person{"", "kenji.tanaka", "Kenji", "Tanaka", []string{DomainUS}, "P1.4: a super admin of the US account only"}, always(staffSetup{roles: []string{roles.SuperAdminRoleName}})},
	{Person{"", "lucia.bianchi", "Lucia", "Bianchi", allDomains, "P1.1 everywhere"}, always(staffSetup{roles: []string{roles.ResellerAdminRoleName}})},
	{Person{"", "mette.hansen", "Mette", "Hansen", []string{DomainNordics}, "D2: a Nordic specialist, nothing elsewhere"}, always(staffSetup{roles: []string{CustomRole}})},
	{Person{"", "nadia.putri", "Nadia", "Putri", []string{DomainEU, DomainUS}, "D2: misses the secondary domain"}, always(staffSetup{roles: []string{CustomRole}})},
	{Person{"", "olivier.dubois", "Olivier", "Dubois", allDomains, "P1.1 everywhere; also holds a Workspace license (S2 symptom)"}, always(staffSetup{roles: []string{roles.ResellerAdminRoleName}})},
	{Person{"", "pia.lindqvist", "Pia", "Lindqvist", []string{DomainEU, DomainNordics}, "D2: the whole EU account, no US account"}, always(staffSetup{roles: []string{roles.ResellerAdminRoleName}})},
	{Person{"", "rizky.hidayat", "Rizky", "Hidayat", allDomains, "P5: archived on the EU domain"}, func(d string) staffSetup {
		return staffSetup{roles: []string{roles.ResellerAdminRoleName}, archived: d == DomainEU}
	}},
	{Person{"", "sofia.esposito", "Sofia", "Esposito", allDomains, "P1.2 everywhere"}, always(staffSetup{roles: []string{CustomRole}})},
	{Person{"", "takeshi.mori", "Takeshi", "Mori", []string{DomainUS}, "P1.3: the legacy support privilege, on the US account where it exists"}, always(staffSetup{roles: []string{"Legacy support"}})},
	{Person{"", "ulla.virtanen", "Ulla", "Virtanen", allDomains, "P4: an assignment that expires a week after the seed's start"}, func(string) staffSetup {
		return staffSetup{expiresSoon: roles.ResellerAdminRoleName}
	}},
}

var allDomains = []string{DomainEU, DomainNordics, DomainUS}

type staffSetup struct {
	roles       []string // customer-wide assignments
	expired     string   // a role whose assignment expired a day before the start
	expiresSoon string   // a role whose assignment expires a week after the start
	ouScoped    string   // a role assigned on the staff org unit only
	group       bool     // member of a nested group that holds the custom role
	suspended   bool
	archived    bool
}

func always(s staffSetup) func(string) staffSetup { return func(string) staffSetup { return s } }

// People returns the people of [Seed], in the order of the grid, with the
// reseller domains each has an account on.
func People() []Person {
	out := make([]Person, len(staff))
	for i, s := range staff {
		out[i] = s.Person
		out[i].Address = s.Local + "@" + WorkspaceDomain
		out[i].Domains = append([]string(nil), s.Domains...)
	}
	return out
}

// Customers is the number of customer tenants of [Seed].
const Customers = 200

// Seed returns the tenants of the world the reference dashboard
// (examples/dashboard) runs on: a realistic reseller, deterministic (the
// same seed every call), with something to show for every rule the
// dashboard displays.
//
//   - Two reseller accounts and three reseller domains: northwind-eu.example
//     with its secondary domain northwind-nordics.example, and
//     northwind-us.example, a second account seeded as a legacy tenant (it
//     has the legacy support privileges, rule P1.3). A super admin on each
//     domain (admin@ the domain).
//   - Twenty people ([People]) with staff accounts in the org unit
//     [StaffOrgUnit]: most on every domain, some missing one (gaps in the
//     grid, rule D2), one suspended and one archived account (P5), an
//     expired assignment and one that expires a week after the start (P4),
//     an org-unit-scoped assignment (P4), a role held through a nested
//     group, the custom role [CustomRole] (P1.2, P2), a role without the
//     Support privilege (P2), a super admin (P1.4), and a legacy role
//     (P1.3).
//   - Cloud Identity Free seats on each account: 50 on the EU account, and
//     on the US one one seat more than its accounts hold, so the seats page
//     shows an SKU about to run out (S4). One staff account also holds a
//     Workspace license (the S2 symptom).
//   - [Customers] customer tenants spread over the three domains, each with
//     a Workspace subscription; some have revoked reseller access (D5), a
//     few are on Premium Support (C8), some came from the other reseller
//     account (tenure, C4).
//
// The support cases are not part of a [fake.Seed]: [New] files them.
func Seed() fake.Seed {
	start := fake.DefaultStart
	eu := fake.TenantSeed{
		CustomerID: AccountEU,
		Name:       "Northwind Reseller EU",
		Reseller:   true,
		Domains:    []fake.DomainSeed{{Name: DomainEU}, {Name: DomainNordics}},
		OrgUnits:   []fake.OrgUnitSeed{{Path: StaffOrgUnit, Description: "Staff accounts for the support portal (rule S3)"}},
		// A super admin on each domain: Google shows an account only the
		// customers of its own domain (rule D1), so listing the Nordic
		// customers takes an account on the Nordic domain.
		Users: []fake.UserSeed{
			{Email: "admin@" + DomainEU, GivenName: "Reseller", FamilyName: "Admin EU", Roles: []string{roles.SuperAdminRoleName}},
			{Email: "admin@" + DomainNordics, GivenName: "Reseller", FamilyName: "Admin Nordics", Roles: []string{roles.SuperAdminRoleName}},
		},
		SKUs: []fake.SKUSeed{
			{ProductID: string(licensing.ProductCloudIdentityFree), SKUID: string(licensing.SKUCloudIdentityFree), Seats: 50},
			{ProductID: string(licensing.ProductGoogleWorkspace), SKUID: string(licensing.SKUBusinessStandard), Seats: 5},
		},
	}
	us := fake.TenantSeed{
		CustomerID: AccountUS,
		Name:       "Northwind Reseller US",
		Reseller:   true,
		Legacy:     true,
		Domains:    []fake.DomainSeed{{Name: DomainUS}},
		OrgUnits:   []fake.OrgUnitSeed{{Path: StaffOrgUnit, Description: "Staff accounts for the support portal (rule S3)"}},
		Users: []fake.UserSeed{{Email: "admin@" + DomainUS, GivenName: "Reseller", FamilyName: "Admin US",
			Roles: []string{roles.SuperAdminRoleName}}},
		SKUs: []fake.SKUSeed{
			{ProductID: string(licensing.ProductCloudIdentityFree), SKUID: string(licensing.SKUCloudIdentityFree)}, // set below
		},
		Roles: []fake.RoleSeed{{Name: "Legacy support", Description: "Enterprise legacy support (rule P1.3)",
			Privileges: []string{roles.DefaultResellerEnterpriseLegacySupportName}}},
	}
	for _, t := range []*fake.TenantSeed{&eu, &us} {
		t.Roles = append(t.Roles,
			fake.RoleSeed{Name: CustomRole, Description: "Google Cloud Support Portal profile (rules P1.2, P2, S5)",
				Privileges: []string{roles.DefaultViewCustomersName, roles.DefaultAccessCustomerSupportCasesName, roles.DefaultSupportName}},
			fake.RoleSeed{Name: CarePortalRole, Description: "Customer Care Portal profile, without Support (rule P2)",
				Privileges: []string{roles.DefaultViewCustomersName, roles.DefaultAccessCustomerSupportCasesName}},
		)
		// A nested group: portal-team holds the custom role, and
		// portal-apac is a member of it.
		t.Groups = append(t.Groups,
			fake.GroupSeed{Email: "portal-team@" + t.Domains[0].Name, Name: "Support portal team", Members: []string{"portal-apac@" + t.Domains[0].Name}},
			fake.GroupSeed{Email: "portal-apac@" + t.Domains[0].Name, Name: "Support portal APAC"},
		)
		t.Assignments = append(t.Assignments, fake.AssignmentSeed{Role: CustomRole, Assignee: "portal-team@" + t.Domains[0].Name})
	}
	tenantOf := map[string]*fake.TenantSeed{DomainEU: &eu, DomainNordics: &eu, DomainUS: &us}

	for _, s := range staff {
		for _, d := range s.Domains {
			t := tenantOf[d]
			email := s.Local + "@" + d
			set := s.setup(d)
			t.Users = append(t.Users, fake.UserSeed{Email: email, GivenName: s.GivenName, FamilyName: s.FamilyName,
				OrgUnit: StaffOrgUnit, Suspended: set.suspended, Archived: set.archived, Roles: set.roles})
			t.Licenses = append(t.Licenses, fake.LicenseSeed{ProductID: string(licensing.ProductCloudIdentityFree),
				SKUID: string(licensing.SKUCloudIdentityFree), User: email})
			if set.expired != "" {
				t.Assignments = append(t.Assignments, fake.AssignmentSeed{Role: set.expired, Assignee: email, ExpireTime: start.Add(-24 * time.Hour)})
			}
			if set.expiresSoon != "" {
				t.Assignments = append(t.Assignments, fake.AssignmentSeed{Role: set.expiresSoon, Assignee: email, ExpireTime: start.Add(7 * 24 * time.Hour)})
			}
			if set.ouScoped != "" {
				t.Assignments = append(t.Assignments, fake.AssignmentSeed{Role: set.ouScoped, Assignee: email, OrgUnit: StaffOrgUnit})
			}
			if set.group {
				for i := range t.Groups {
					if t.Groups[i].Email == "portal-apac@"+t.Domains[0].Name {
						t.Groups[i].Members = append(t.Groups[i].Members, email)
					}
				}
			}
			if s.Local == "olivier.dubois" && d == DomainEU {
				t.Licenses = append(t.Licenses, fake.LicenseSeed{ProductID: string(licensing.ProductGoogleWorkspace),
					SKUID: string(licensing.SKUBusinessStandard), User: email})
			}
		}
	}
	// The super admins hold a Cloud Identity Free license too.
	eu.Licenses = append(eu.Licenses, fake.LicenseSeed{ProductID: string(licensing.ProductCloudIdentityFree), SKUID: string(licensing.SKUCloudIdentityFree), User: "admin@" + DomainEU})
	us.Licenses = append(us.Licenses, fake.LicenseSeed{ProductID: string(licensing.ProductCloudIdentityFree), SKUID: string(licensing.SKUCloudIdentityFree), User: "admin@" + DomainUS})

	us.SKUs[0].Seats = len(us.Licenses) + 1

	seed := fake.Seed{Start: start, Tenants: []fake.TenantSeed{eu, us}}
	seed.Tenants = append(seed.Tenants, customers(start)...)
	return seed
}

// customers builds the customer tenants, deterministically.
func customers(start time.Time) []fake.TenantSeed {
	r := rand.New(rand.NewPCG(20260105, 6))
	first := []string{"alpine", "harbor", "maple", "cobalt", "juniper", "saffron", "granite", "lumen", "orchid", "tundra",
		"willow", "ember", "fjord", "kestrel", "meridian", "nimbus", "quartz", "sierra", "verdant", "zephyr"}
	second := []string{"bakery", "logistics", "clinic", "studio", "partners", "foods", "labs", "travel", "energy", "legal"}
	skus := []licensing.SKUID{licensing.SKUBusinessStarter, licensing.SKUBusinessStandard, licensing.SKUBusinessPlus, licensing.SKUEnterprisePlus}
	out := make([]fake.TenantSeed, 0, Customers)
	for i := range Customers {
		name := first[i%len(first)] + "-" + second[(i/len(first))%len(second)]
		dom := name + ".example"
		// 45% EU primary, 20% Nordic secondary, 35% US.
		var rd string
		switch x := i % 20; {
		case x < 9:
			rd = DomainEU
		case x < 13:
			rd = DomainNordics
		default:
			rd = DomainUS
		}
		plan := domains.PlanStandard
		switch {
		case i%23 == 5:
			plan = domains.PlanPremium
		case i%3 == 1:
			plan = domains.PlanEnhanced
		}
		c := &fake.CustomerSeed{
			ResellerDomain:        rd,
			ResellerAccessRevoked: i%17 == 9,
			SupportPlan:           plan,
			Subscriptions: []fake.SubscriptionSeed{{
				SKUID: string(skus[r.IntN(len(skus))]),
				Plan:  []string{"ANNUAL", "FLEXIBLE"}[r.IntN(2)],
				Seats: 5 + r.IntN(400),
			}},
		}
		// Every eleventh customer came from the other reseller account
		// half a year ago: its cases from before stay hidden (rule C4).
		if i%11 == 3 {
			other := DomainUS
			if rd == DomainUS {
				other = DomainEU
			}
			moved := start.Add(-180 * 24 * time.Hour)
			c.Tenure = []fake.TenureSeed{
				{ResellerDomain: other, From: start.Add(-3 * 365 * 24 * time.Hour), To: moved},
				{ResellerDomain: rd, From: moved},
			}
		}
		out = append(out, fake.TenantSeed{
			CustomerID: fmt.Sprintf("C03cu%04d", i),
			Name:       title(first[i%len(first)]) + " " + title(second[(i/len(first))%len(second)]),
			Domains:    []fake.DomainSeed{{Name: dom}},
			Users:      []fake.UserSeed{{Email: "admin@" + dom, GivenName: "Customer", FamilyName: "Admin", Roles: []string{roles.SuperAdminRoleName}}},
			Customer:   c,
		})
	}
	return out
}

func title(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
