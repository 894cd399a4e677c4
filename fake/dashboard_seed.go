package fake

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/resellerkit/resellerkit/cases"
	"github.com/resellerkit/resellerkit/licensing"
)

// The reseller domains of [DashboardSeed]. The EU reseller account has a
// primary and a secondary domain; the US one is a second reseller account.
// Three domains across two accounts is what rule D2 is about: one person
// needs an eligible account on each of them, the secondary domain included.
const (
	DashboardDomainEU      = "northwind-eu.example"      // primary domain of the EU reseller account
	DashboardDomainNordics = "northwind-nordics.example" // secondary domain of the EU reseller account
	DashboardDomainUS      = "northwind-us.example"      // primary domain of the US reseller account
)

// DashboardStaffOrgUnit is the org unit that holds the staff accounts of
// [DashboardSeed] on each reseller account (rule S3).
const DashboardStaffOrgUnit = "/Reseller support"

// DashboardCustomRole is the custom role of [DashboardSeed] that grants the
// Google Cloud Support Portal profile's privileges (rules P1.2, P2, S5).
const DashboardCustomRole = "Support portal"

// DashboardCarePortalRole is the custom role of [DashboardSeed] with the
// Customer Care Portal profile's privileges: View Customers and Access
// Customer Support Cases, without Support (rules P1.2, P2).
const DashboardCarePortalRole = "Customer care (legacy profile)"

// DashboardWorkspaceDomain is the reseller's own Google Workspace domain in
// [DashboardSeed]: people's own addresses, where case alerts go (rule S6).
// It is not a reseller domain and not part of the World.
const DashboardWorkspaceDomain = "northwind.example"

// DashboardStaff describes one person of [DashboardSeed] and why their row of
// the staff × domain grid looks the way it does. People are linked to their
// accounts by the local part of the address: "ana.lima" has
// ana.lima@northwind-eu.example, ana.lima@northwind-us.example, ...
type DashboardStaff struct {
	// Address is the person's own address on [DashboardWorkspaceDomain].
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

// dashboardStaff is the team. The first field of each story names the rule
// the row illustrates.
var dashboardStaff = []struct {
	DashboardStaff
	setup func(d string) staffSetup
}{
	{DashboardStaff{"", "ana.lima", "Ana", "Lima", allDashboardDomains, "P1.1: Reseller Admin on every domain"}, always(staffSetup{roles: []string{RoleResellerAdmin}})},
	{DashboardStaff{"", "bjorn.nilsson", "Björn", "Nilsson", allDashboardDomains, "P1.2, P2: the custom support role on every domain"}, always(staffSetup{roles: []string{DashboardCustomRole}})},
	{DashboardStaff{"", "chloe.martin", "Chloé", "Martin", []string{DashboardDomainEU, DashboardDomainUS}, "D2: no account on the secondary domain, so the Nordic customers are out of sight"}, always(staffSetup{roles: []string{RoleResellerAdmin}})},
	{DashboardStaff{"", "daiki.sato", "Daiki", "Sato", allDashboardDomains, "P5: suspended on the US domain"}, func(d string) staffSetup {
		return staffSetup{roles: []string{RoleResellerAdmin}, suspended: d == DashboardDomainUS}
	}},
	{DashboardStaff{"", "eko.pratama", "Eko", "Pratama", allDashboardDomains, "P4: the Nordic assignment expired"}, func(d string) staffSetup {
		if d == DashboardDomainNordics {
			return staffSetup{expired: RoleResellerAdmin}
		}
		return staffSetup{roles: []string{RoleResellerAdmin}}
	}},
	{DashboardStaff{"", "francesca.rossi", "Francesca", "Rossi", allDashboardDomains, "P4: scoped to an org unit on the US domain, which grants no reseller privilege"}, func(d string) staffSetup {
		if d == DashboardDomainUS {
			return staffSetup{ouScoped: DashboardCustomRole}
		}
		return staffSetup{roles: []string{DashboardCustomRole}}
	}},
	{DashboardStaff{"", "gustav.berg", "Gustav", "Berg", []string{DashboardDomainEU}, "D2: only an EU account"}, always(staffSetup{roles: []string{RoleResellerAdmin}})},
	{DashboardStaff{"", "hana.kobayashi", "Hana", "Kobayashi", allDashboardDomains, "P4: holds the role through a nested group"}, always(staffSetup{group: true})},
	{DashboardStaff{"", "ines.garcia", "Inés", "García", allDashboardDomains, "P2: View Customers and Access Customer Support Cases, but not Support: enough for the Customer Care Portal only"}, always(staffSetup{roles: []string{DashboardCarePortalRole}})},
	{DashboardStaff{"", "jonas.weber", "Jonas", "Weber", allDashboardDomains, "P7: accounts with no admin role are denied by default"}, always(staffSetup{})},
	{DashboardStaff{"", "kenji.tanaka", "Kenji", "Tanaka", []string{DashboardDomainUS}, "P1.4: a super admin of the US account only"}, always(staffSetup{roles: []string{RoleSuperAdmin}})},
	{DashboardStaff{"", "lucia.bianchi", "Lucia", "Bianchi", allDashboardDomains, "P1.1 everywhere"}, always(staffSetup{roles: []string{RoleResellerAdmin}})},
	{DashboardStaff{"", "mette.hansen", "Mette", "Hansen", []string{DashboardDomainNordics}, "D2: a Nordic specialist, nothing elsewhere"}, always(staffSetup{roles: []string{DashboardCustomRole}})},
	{DashboardStaff{"", "nadia.putri", "Nadia", "Putri", []string{DashboardDomainEU, DashboardDomainUS}, "D2: misses the secondary domain"}, always(staffSetup{roles: []string{DashboardCustomRole}})},
	{DashboardStaff{"", "olivier.dubois", "Olivier", "Dubois", allDashboardDomains, "P1.1 everywhere; also holds a Workspace license (S2 symptom)"}, always(staffSetup{roles: []string{RoleResellerAdmin}})},
	{DashboardStaff{"", "pia.lindqvist", "Pia", "Lindqvist", []string{DashboardDomainEU, DashboardDomainNordics}, "D2: the whole EU account, no US account"}, always(staffSetup{roles: []string{RoleResellerAdmin}})},
	{DashboardStaff{"", "rizky.hidayat", "Rizky", "Hidayat", allDashboardDomains, "P5: archived on the EU domain"}, func(d string) staffSetup {
		return staffSetup{roles: []string{RoleResellerAdmin}, archived: d == DashboardDomainEU}
	}},
	{DashboardStaff{"", "sofia.esposito", "Sofia", "Esposito", allDashboardDomains, "P1.2 everywhere"}, always(staffSetup{roles: []string{DashboardCustomRole}})},
	{DashboardStaff{"", "takeshi.mori", "Takeshi", "Mori", []string{DashboardDomainUS}, "P1.3: the legacy support privilege, on the US account where it exists"}, always(staffSetup{roles: []string{"Legacy support"}})},
	{DashboardStaff{"", "ulla.virtanen", "Ulla", "Virtanen", allDashboardDomains, "P4: an assignment that expires a week after the seed's start"}, func(string) staffSetup {
		return staffSetup{expiresSoon: RoleResellerAdmin}
	}},
}

var allDashboardDomains = []string{DashboardDomainEU, DashboardDomainNordics, DashboardDomainUS}

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

// DashboardPeople returns the people of [DashboardSeed], in the order of the
// grid, with the reseller domains each has an account on.
func DashboardPeople() []DashboardStaff {
	out := make([]DashboardStaff, len(dashboardStaff))
	for i, s := range dashboardStaff {
		out[i] = s.DashboardStaff
		out[i].Address = s.Local + "@" + DashboardWorkspaceDomain
		out[i].Domains = append([]string(nil), s.Domains...)
	}
	return out
}

// DashboardCustomers is the number of customer tenants of [DashboardSeed].
const DashboardCustomers = 200

// DashboardSeed returns the world the reference dashboard (examples/dashboard)
// runs on: a realistic reseller, deterministic (the same seed every call),
// with something to show for every rule the dashboard displays.
//
//   - Two reseller accounts and three reseller domains: northwind-eu.example
//     with its secondary domain northwind-nordics.example, and
//     northwind-us.example, a second account seeded as a legacy tenant (it
//     has the legacy support privileges, rule P1.3). A super admin on each
//     domain (admin@ the domain).
//   - Twenty people ([DashboardPeople]) with staff accounts in the org unit
//     [DashboardStaffOrgUnit]: most on every domain, some missing one (gaps
//     in the grid, rule D2), one suspended and one archived account (P5), an
//     expired assignment and one that expires a week after the start (P4), an
//     org-unit-scoped assignment (P4), a role held through a nested group,
//     the custom role [DashboardCustomRole] (P1.2, P2), a role without the
//     Support privilege (P2), a super admin (P1.4), and a legacy role (P1.3).
//   - Cloud Identity Free seats on each account: 50 on the EU account, and
//     on the US one one seat more than its accounts hold, so the seats page
//     shows an SKU about to run out (S4). One
//     staff account also holds a Workspace license (the S2 symptom).
//   - [DashboardCustomers] customer tenants spread over the three domains,
//     each with a Workspace subscription; some have revoked reseller access
//     (D5), a few are on Premium Support (C8), some came from the other
//     reseller account (tenure, C4).
//
// The support cases are not part of a Seed: [SeedDashboardCases] files
// them, and [NewDashboardWorld] builds the whole world.
func DashboardSeed() Seed {
	start := DefaultStart
	eu := TenantSeed{
		CustomerID: "C01nweu00",
		Name:       "Northwind Reseller EU",
		Reseller:   true,
		Domains:    []DomainSeed{{Name: DashboardDomainEU}, {Name: DashboardDomainNordics}},
		OrgUnits:   []OrgUnitSeed{{Path: DashboardStaffOrgUnit, Description: "Staff accounts for the support portal (rule S3)"}},
		// A super admin on each domain: Google shows an account only the
		// customers of its own domain (rule D1), so listing the Nordic
		// customers takes an account on the Nordic domain.
		Users: []UserSeed{
			{Email: "admin@" + DashboardDomainEU, GivenName: "Reseller", FamilyName: "Admin EU", Roles: []string{RoleSuperAdmin}},
			{Email: "admin@" + DashboardDomainNordics, GivenName: "Reseller", FamilyName: "Admin Nordics", Roles: []string{RoleSuperAdmin}},
		},
		SKUs: []SKUSeed{
			{ProductID: string(licensing.ProductCloudIdentityFree), SKUID: string(licensing.SKUCloudIdentityFree), Seats: 50},
			{ProductID: string(licensing.ProductGoogleWorkspace), SKUID: string(licensing.SKUBusinessStandard), Seats: 5},
		},
	}
	us := TenantSeed{
		CustomerID: "C01nwus00",
		Name:       "Northwind Reseller US",
		Reseller:   true,
		Legacy:     true,
		Domains:    []DomainSeed{{Name: DashboardDomainUS}},
		OrgUnits:   []OrgUnitSeed{{Path: DashboardStaffOrgUnit, Description: "Staff accounts for the support portal (rule S3)"}},
		Users: []UserSeed{{Email: "admin@" + DashboardDomainUS, GivenName: "Reseller", FamilyName: "Admin US",
			Roles: []string{RoleSuperAdmin}}},
		SKUs: []SKUSeed{
			{ProductID: string(licensing.ProductCloudIdentityFree), SKUID: string(licensing.SKUCloudIdentityFree)}, // set below
		},
		Roles: []RoleSeed{{Name: "Legacy support", Description: "Enterprise legacy support (rule P1.3)",
			Privileges: []string{PrivResellerEnterpriseLegacySupport}}},
	}
	for _, t := range []*TenantSeed{&eu, &us} {
		t.Roles = append(t.Roles,
			RoleSeed{Name: DashboardCustomRole, Description: "Google Cloud Support Portal profile (rules P1.2, P2, S5)",
				Privileges: []string{PrivViewCustomers, PrivAccessCustomerSupportCases, PrivSupport}},
			RoleSeed{Name: DashboardCarePortalRole, Description: "Customer Care Portal profile, without Support (rule P2)",
				Privileges: []string{PrivViewCustomers, PrivAccessCustomerSupportCases}},
		)
		// A nested group: portal-team holds the custom role, and
		// portal-apac is a member of it.
		t.Groups = append(t.Groups,
			GroupSeed{Email: "portal-team@" + t.Domains[0].Name, Name: "Support portal team", Members: []string{"portal-apac@" + t.Domains[0].Name}},
			GroupSeed{Email: "portal-apac@" + t.Domains[0].Name, Name: "Support portal APAC"},
		)
		t.Assignments = append(t.Assignments, AssignmentSeed{Role: DashboardCustomRole, Assignee: "portal-team@" + t.Domains[0].Name})
	}
	tenantOf := map[string]*TenantSeed{DashboardDomainEU: &eu, DashboardDomainNordics: &eu, DashboardDomainUS: &us}

	for _, s := range dashboardStaff {
		for _, d := range s.Domains {
			t := tenantOf[d]
			email := s.Local + "@" + d
			set := s.setup(d)
			t.Users = append(t.Users, UserSeed{Email: email, GivenName: s.GivenName, FamilyName: s.FamilyName,
				OrgUnit: DashboardStaffOrgUnit, Suspended: set.suspended, Archived: set.archived, Roles: set.roles})
			t.Licenses = append(t.Licenses, LicenseSeed{ProductID: string(licensing.ProductCloudIdentityFree),
				SKUID: string(licensing.SKUCloudIdentityFree), User: email})
			if set.expired != "" {
				t.Assignments = append(t.Assignments, AssignmentSeed{Role: set.expired, Assignee: email, ExpireTime: start.Add(-24 * time.Hour)})
			}
			if set.expiresSoon != "" {
				t.Assignments = append(t.Assignments, AssignmentSeed{Role: set.expiresSoon, Assignee: email, ExpireTime: start.Add(7 * 24 * time.Hour)})
			}
			if set.ouScoped != "" {
				t.Assignments = append(t.Assignments, AssignmentSeed{Role: set.ouScoped, Assignee: email, OrgUnit: DashboardStaffOrgUnit})
			}
			if set.group {
				for i := range t.Groups {
					if t.Groups[i].Email == "portal-apac@"+t.Domains[0].Name {
						t.Groups[i].Members = append(t.Groups[i].Members, email)
					}
				}
			}
			if s.Local == "olivier.dubois" && d == DashboardDomainEU {
				t.Licenses = append(t.Licenses, LicenseSeed{ProductID: string(licensing.ProductGoogleWorkspace),
					SKUID: string(licensing.SKUBusinessStandard), User: email})
			}
		}
	}
	// The super admins hold a Cloud Identity Free license too.
	eu.Licenses = append(eu.Licenses, LicenseSeed{ProductID: string(licensing.ProductCloudIdentityFree), SKUID: string(licensing.SKUCloudIdentityFree), User: "admin@" + DashboardDomainEU})
	us.Licenses = append(us.Licenses, LicenseSeed{ProductID: string(licensing.ProductCloudIdentityFree), SKUID: string(licensing.SKUCloudIdentityFree), User: "admin@" + DashboardDomainUS})

	us.SKUs[0].Seats = len(us.Licenses) + 1

	seed := Seed{Start: start, Tenants: []TenantSeed{eu, us}}
	seed.Tenants = append(seed.Tenants, dashboardCustomers(start)...)
	return seed
}

// dashboardCustomers builds the customer tenants, deterministically.
func dashboardCustomers(start time.Time) []TenantSeed {
	r := rand.New(rand.NewPCG(20260105, 6))
	first := []string{"alpine", "harbor", "maple", "cobalt", "juniper", "saffron", "granite", "lumen", "orchid", "tundra",
		"willow", "ember", "fjord", "kestrel", "meridian", "nimbus", "quartz", "sierra", "verdant", "zephyr"}
	second := []string{"bakery", "logistics", "clinic", "studio", "partners", "foods", "labs", "travel", "energy", "legal"}
	skus := []licensing.SKUID{licensing.SKUBusinessStarter, licensing.SKUBusinessStandard, licensing.SKUBusinessPlus, licensing.SKUEnterprisePlus}
	out := make([]TenantSeed, 0, DashboardCustomers)
	for i := range DashboardCustomers {
		name := first[i%len(first)] + "-" + second[(i/len(first))%len(second)]
		dom := name + ".example"
		// 45% EU primary, 20% Nordic secondary, 35% US.
		var rd string
		switch x := i % 20; {
		case x < 9:
			rd = DashboardDomainEU
		case x < 13:
			rd = DashboardDomainNordics
		default:
			rd = DashboardDomainUS
		}
		plan := PlanStandard
		switch {
		case i%23 == 5:
			plan = PlanPremium
		case i%3 == 1:
			plan = PlanEnhanced
		}
		c := &CustomerSeed{
			ResellerDomain:        rd,
			ResellerAccessRevoked: i%17 == 9,
			SupportPlan:           plan,
			Subscriptions: []SubscriptionSeed{{
				SKUID: string(skus[r.IntN(len(skus))]),
				Plan:  []string{"ANNUAL", "FLEXIBLE"}[r.IntN(2)],
				Seats: 5 + r.IntN(400),
			}},
		}
		// Every eleventh customer came from the other reseller account
		// half a year ago: its cases from before stay hidden (rule C4).
		if i%11 == 3 {
			other := DashboardDomainUS
			if rd == DashboardDomainUS {
				other = DashboardDomainEU
			}
			moved := start.Add(-180 * 24 * time.Hour)
			c.Tenure = []TenureSeed{
				{ResellerDomain: other, From: start.Add(-3 * 365 * 24 * time.Hour), To: moved},
				{ResellerDomain: rd, From: moved},
			}
		}
		out = append(out, TenantSeed{
			CustomerID: fmt.Sprintf("C03cu%04d", i),
			Name:       dashboardTitle(first[i%len(first)]) + " " + dashboardTitle(second[(i/len(first))%len(second)]),
			Domains:    []DomainSeed{{Name: dom}},
			Users:      []UserSeed{{Email: "admin@" + dom, GivenName: "Customer", FamilyName: "Admin", Roles: []string{RoleSuperAdmin}}},
			Customer:   c,
		})
	}
	return out
}

func dashboardTitle(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// DashboardCases is the number of support cases [SeedDashboardCases] files.
const DashboardCases = 1000

// NewDashboardWorld returns a World holding [DashboardSeed] and the cases of
// [SeedDashboardCases]: what examples/dashboard runs on.
func NewDashboardWorld() (*World, error) {
	w, err := NewWorld(DashboardSeed())
	if err != nil {
		return nil, err
	}
	if err := SeedDashboardCases(w); err != nil {
		return nil, err
	}
	return w, nil
}

// dashboardFilers file the cases: people with an allowed account on every
// domain of [DashboardSeed].
var dashboardFilers = []string{"ana.lima", "bjorn.nilsson", "lucia.bianchi", "sofia.esposito", "olivier.dubois"}

var dashboardIssues = []struct{ title, category string }{
	{"Gmail messages delayed for all users", "Technical Issue > Gmail > Mail delivery"},
	{"Users cannot sign in with SAML single sign-on", "Technical Issue > Security > Single sign-on"},
	{"Calendar invitations not received by external guests", "Technical Issue > Calendar > Invitations"},
	{"Drive for desktop fails to sync shared drives", "Technical Issue > Drive > Sync"},
	{"Meet recordings missing from Drive", "Technical Issue > Meet > Recordings"},
	{"MX record verification fails after a domain change", "Technical Issue > Domains > DNS"},
	{"Shared drive permissions reset unexpectedly", "Technical Issue > Drive > Sharing"},
	{"Mobile devices stopped syncing mail", "Technical Issue > Mobile > Sync"},
	{"Admin console shows a billing error", "Billing > Invoices"},
	{"Bounce messages from recipient servers", "Technical Issue > Gmail > Mail delivery"},
	{"Groups not delivering to their members", "Technical Issue > Groups > Delivery"},
	{"Pooled storage quota exceeded warning", "Technical Issue > Storage > Quota"},
	{"Data migration service stalls at eighty percent", "Technical Issue > Migration > Data migration service"},
	{"Chat messages not delivered to spaces", "Technical Issue > Chat > Delivery"},
	{"Vault export never completes", "Technical Issue > Vault > Exports"},
	{"DKIM authentication failing for outbound mail", "Technical Issue > Gmail > Authentication"},
	{"Calendar resource booking conflicts", "Technical Issue > Calendar > Resources"},
	{"Password reset messages not arriving", "Technical Issue > Security > Account recovery"},
	{"Docs editors slow to load", "Technical Issue > Docs > Performance"},
	{"Security alert about a suspicious sign-in", "Technical Issue > Security > Alerts"},
}

var dashboardComments = []string{
	"Support is looking into the logs and will update the case shortly.",
	"The customer confirms the issue still happens after the suggested change.",
	"A workaround was shared; the customer is testing it.",
	"Google engineering identified the cause and is rolling out a fix.",
}

// dashboardLocale is the language and time zone of the cases filed for the
// customers of a reseller domain.
func dashboardLocale(domain string, r *rand.Rand) (string, string) {
	switch domain {
	case DashboardDomainNordics:
		return "sv", "Europe/Stockholm"
	case DashboardDomainUS:
		return []string{"en", "en", "ja", "id"}[r.IntN(4)], []string{"America/New_York", "America/Chicago", "Asia/Tokyo", "Asia/Jakarta"}[r.IntN(4)]
	}
	return []string{"en", "fr", "it"}[r.IntN(3)], []string{"Europe/London", "Europe/Paris", "Europe/Rome"}[r.IntN(3)]
}

// SeedDashboardCases files [DashboardCases] support cases for the customers
// of a World built from [DashboardSeed], over the eight months before the
// seed's start, through [World.CaseStore], with the World's clock moved to
// each event in turn and set back to the start at the end. It is
// deterministic.
//
// Every state is there: new, in progress, action required, solution
// provided, closed. Closed cases include ones closed within the last 30
// days, which may still be reopened, and older ones past the window (rule
// C9). Some cases of Premium Support customers are escalated (C8). Some
// cases of customers that came from the other reseller account were filed
// before the transfer and stay hidden from the current reseller (C4).
func SeedDashboardCases(w *World) error {
	type cust struct {
		id, domain string
		plan       SupportPlan
		tenure     []TenureSeed
	}
	seed := DashboardSeed()
	start := seed.Start
	accountOf := map[string]string{}
	var custs []cust
	for _, t := range seed.Tenants {
		if t.Reseller {
			for _, d := range t.Domains {
				accountOf[d.Name] = t.CustomerID
			}
			continue
		}
		c := cust{id: t.CustomerID, domain: t.Customer.ResellerDomain, plan: t.Customer.SupportPlan, tenure: t.Customer.Tenure}
		custs = append(custs, c)
	}

	type event struct {
		at  time.Time
		seq int
		do  func() error
	}
	var events []event
	add := func(at time.Time, do func() error) {
		events = append(events, event{at: at, seq: len(events), do: do})
	}
	r := rand.New(rand.NewPCG(20260105, 1000))
	store := w.CaseStore()
	ctx := context.Background()
	ids := make([]string, DashboardCases)
	const span = 240 * 24 * time.Hour
	for i := range DashboardCases {
		c := custs[r.IntN(len(custs))]
		created := start.Add(-time.Duration(r.Int64N(int64(span - time.Hour)))).Add(-time.Hour).Truncate(time.Minute)
		// The domain and reseller account the case was filed under: the
		// tenure holder at creation time.
		domain := c.domain
		for _, ten := range c.tenure {
			if !created.Before(ten.From) && (ten.To.IsZero() || created.Before(ten.To)) {
				domain = ten.ResellerDomain
			}
		}
		issue := dashboardIssues[r.IntN(len(dashboardIssues))]
		lang, tz := dashboardLocale(domain, r)
		sev := []cases.Severity{cases.S0, cases.S1, cases.S1, cases.S2, cases.S2, cases.S2, cases.S3, cases.S3, cases.S3, cases.S3, cases.S4, cases.S4}[r.IntN(12)]
		filer := dashboardFilers[r.IntN(len(dashboardFilers))] + "@" + domain
		nc := cases.Case{
			CustomerID:      c.id,
			ResellerAccount: accountOf[domain],
			Filer:           filer,
			Product:         cases.GoogleWorkspace,
			Category:        cases.Category{Name: issue.category},
			Title:           issue.title,
			Description: fmt.Sprintf("%s. It started about %d hours before this case was filed and affects about %d users. "+
				"Steps already tried: checked the Admin console settings and the service status page.",
				issue.title, 1+r.IntN(48), 1+r.IntN(500)),
			Severity: sev,
			Language: lang,
			TimeZone: tz,
		}
		add(created, func() error {
			out, err := store.Create(ctx, nc)
			ids[i] = out.ID
			return err
		})
		age := start.Sub(created)
		closeProb := 0.25
		switch {
		case age > 45*24*time.Hour:
			closeProb = 0.92
		case age > 10*24*time.Hour:
			closeProb = 0.6
		}
		// The open states Google support moves a case through.
		t := created
		for _, st := range []cases.State{cases.StateInProgress, cases.StateActionRequired, cases.StateSolutionProvided} {
			if r.Float64() < 0.35 {
				break
			}
			t = t.Add(time.Duration(30+r.IntN(60*24)) * time.Minute)
			if !t.Before(start) {
				break
			}
			add(t, func() error { return w.SetCaseState(ids[i], st) })
		}
		if r.Float64() < 0.4 {
			body := dashboardComments[r.IntN(len(dashboardComments))]
			at := created.Add(time.Duration(10+r.IntN(120)) * time.Minute)
			if at.Before(start) {
				add(at, func() error {
					_, err := store.AddComment(ctx, ids[i], cases.Comment{Body: body, Author: filer})
					return err
				})
			}
		}
		if c.plan == PlanPremium && r.Float64() < 0.5 {
			at := created.Add(time.Duration(5+r.IntN(50)) * time.Minute)
			if at.Before(start) {
				add(at, func() error {
					_, err := store.Escalate(ctx, ids[i], cases.Escalation{Reason: cases.BusinessImpact, Justification: "Production mail flow is affected."})
					return err
				})
			}
		}
		if r.Float64() < closeProb {
			at := t.Add(time.Duration(1+r.IntN(20*24)) * time.Hour)
			if at.Before(start) {
				add(at, func() error {
					_, err := store.Close(ctx, ids[i])
					return err
				})
			}
		}
	}
	slices.SortFunc(events, func(a, b event) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return a.seq - b.seq
	})
	now := w.Now()
	defer w.SetTime(now)
	for _, e := range events {
		w.SetTime(e.at)
		if err := e.do(); err != nil {
			return fmt.Errorf("fake: seeding the dashboard's cases: %w", err)
		}
	}
	return nil
}
