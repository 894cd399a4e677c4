package fake

import (
	"fmt"
	"strings"
	"time"
)

// The reseller accounts and domains of [DemoSeed].
const (
	DemoAlderCustomerID = "C01a1der0"              // reseller account "Alder Reseller"
	DemoAlderDomain     = "alder-reseller.example" // its primary domain
	DemoAlderEUDomain   = "alder-eu.example"       // its verified secondary domain
	DemoAlderLabsDomain = "alder-labs.example"     // its unverified secondary domain (rule D4)
	DemoBirchCustomerID = "C02b1rch0"              // reseller account "Birch Partners", seeded as legacy
	DemoBirchDomain     = "birch-partners.example" // its primary domain
	DemoStaffOrgUnit    = "/Staff"                 // the org unit of staff accounts (rule S3)
	DemoPortalRole      = "Support portal access"  // custom role: View Customers + Access Customer Support Cases + Support
)

// DemoSeed returns the built-in demo world: two reseller accounts, twenty-four
// customers across their three usable domains, and staff accounts that show
// each portal rule.
//
// Alder Reseller (alder-reseller.example, secondary alder-eu.example
// verified, alder-labs.example unverified):
//   - admin@alder-reseller.example: super admin.
//   - ana@alder-reseller.example: Reseller Admin role (P1.1).
//   - ben@alder-reseller.example: the custom role [DemoPortalRole] (P1.2, P2).
//   - cara@alder-eu.example: the custom role through the group
//     portal-team@alder-reseller.example, nested in support@ (P4: groups count).
//   - dan@alder-reseller.example: Reseller Admin, but suspended (P5).
//   - eve@alder-reseller.example: the custom role scoped to /Staff only (P4: no).
//   - finn@alder-reseller.example: Reseller Admin that expired (P4: no).
//   - gus@alder-reseller.example: no role.
//
// Birch Partners (birch-partners.example, legacy tenant):
//   - admin@birch-partners.example: super admin.
//   - hana@birch-partners.example: Reseller Admin.
//   - ivan@birch-partners.example: a role holding Reseller Enterprise Legacy
//     Support (P1.3).
//
// Each reseller account has 50 Cloud Identity Free seats (S4), and every
// staff account holds one. Customers: ten on alder-reseller.example, six on
// alder-eu.example, eight on birch-partners.example; three have revoked
// reseller access (D5), four are on Premium Support (C8), and
// globex-retail.example moved from Birch to Alder 90 days before the start
// (tenure, C4).
func DemoSeed() Seed {
	start := DefaultStart
	staff := func(email, given, family string, roles ...string) UserSeed {
		return UserSeed{Email: email, GivenName: given, FamilyName: family, OrgUnit: DemoStaffOrgUnit, Roles: roles}
	}
	suspended := func(u UserSeed) UserSeed { u.Suspended = true; return u }
	ciFree := func(users ...string) []LicenseSeed {
		out := make([]LicenseSeed, len(users))
		for i, u := range users {
			out[i] = LicenseSeed{ProductID: ProductCloudIdentityFree, SKUID: SKUCloudIdentityFree, User: u}
		}
		return out
	}
	portalPrivs := []string{PrivViewCustomers, PrivAccessCustomerSupportCases, PrivSupport}
	alder := TenantSeed{
		CustomerID: DemoAlderCustomerID,
		Name:       "Alder Reseller",
		Reseller:   true,
		Domains:    []DomainSeed{{Name: DemoAlderDomain}, {Name: DemoAlderEUDomain}, {Name: DemoAlderLabsDomain, Unverified: true}},
		OrgUnits:   []OrgUnitSeed{{Path: DemoStaffOrgUnit, Description: "Staff accounts for the support portal"}},
		Users: []UserSeed{
			{Email: "admin@" + DemoAlderDomain, GivenName: "Alder", FamilyName: "Admin", Roles: []string{RoleSuperAdmin}},
			staff("ana@"+DemoAlderDomain, "Ana", "Lima", RoleResellerAdmin),
			staff("ben@"+DemoAlderDomain, "Ben", "Okafor", DemoPortalRole),
			staff("cara@"+DemoAlderEUDomain, "Cara", "Novak"),
			suspended(staff("dan@"+DemoAlderDomain, "Dan", "Reyes", RoleResellerAdmin)),
			staff("eve@"+DemoAlderDomain, "Eve", "Laine"),
			staff("finn@"+DemoAlderDomain, "Finn", "Berg"),
			staff("gus@"+DemoAlderDomain, "Gus", "Moreau"),
		},
		Groups: []GroupSeed{
			{Email: "support@" + DemoAlderDomain, Name: "Support", Members: []string{"portal-team@" + DemoAlderDomain}},
			{Email: "portal-team@" + DemoAlderDomain, Name: "Portal team", Members: []string{"cara@" + DemoAlderEUDomain}},
		},
		Roles: []RoleSeed{{Name: DemoPortalRole, Description: "Google Cloud Support Portal profile", Privileges: portalPrivs}},
		Assignments: []AssignmentSeed{
			{Role: DemoPortalRole, Assignee: "support@" + DemoAlderDomain},
			{Role: DemoPortalRole, Assignee: "eve@" + DemoAlderDomain, OrgUnit: DemoStaffOrgUnit},
			{Role: RoleResellerAdmin, Assignee: "finn@" + DemoAlderDomain, ExpireTime: start.Add(-24 * time.Hour)},
		},
		SKUs: []SKUSeed{{ProductID: ProductCloudIdentityFree, SKUID: SKUCloudIdentityFree, Seats: 50}},
		Licenses: ciFree("ana@"+DemoAlderDomain, "ben@"+DemoAlderDomain, "cara@"+DemoAlderEUDomain,
			"dan@"+DemoAlderDomain, "eve@"+DemoAlderDomain, "finn@"+DemoAlderDomain, "gus@"+DemoAlderDomain),
	}
	birch := TenantSeed{
		CustomerID: DemoBirchCustomerID,
		Name:       "Birch Partners",
		Reseller:   true,
		Legacy:     true,
		Domains:    []DomainSeed{{Name: DemoBirchDomain}},
		OrgUnits:   []OrgUnitSeed{{Path: DemoStaffOrgUnit}},
		Users: []UserSeed{
			{Email: "admin@" + DemoBirchDomain, GivenName: "Birch", FamilyName: "Admin", Roles: []string{RoleSuperAdmin}},
			staff("hana@"+DemoBirchDomain, "Hana", "Sato", RoleResellerAdmin),
			staff("ivan@"+DemoBirchDomain, "Ivan", "Petrov", "Legacy support"),
		},
		Roles:    []RoleSeed{{Name: "Legacy support", Privileges: []string{PrivResellerEnterpriseLegacySupport}}},
		SKUs:     []SKUSeed{{ProductID: ProductCloudIdentityFree, SKUID: SKUCloudIdentityFree, Seats: 50}},
		Licenses: ciFree("hana@"+DemoBirchDomain, "ivan@"+DemoBirchDomain),
	}
	seed := Seed{Start: start, Tenants: []TenantSeed{alder, birch}}

	type cust struct {
		name, domain, reseller string
		plan                   SupportPlan
		revoked                bool
	}
	customers := []cust{
		{"Acme Corp", "acme-corp.example", DemoAlderDomain, PlanPremium, false},
		{"Bluebird Travel", "bluebird-travel.example", DemoAlderDomain, PlanStandard, false},
		{"Cedar Health", "cedar-health.example", DemoAlderDomain, PlanEnhanced, false},
		{"Dunmore Legal", "dunmore-legal.example", DemoAlderDomain, PlanStandard, true},
		{"Elm Street Bakery", "elmstreet-bakery.example", DemoAlderDomain, PlanStandard, false},
		{"Fjord Logistics", "fjord-logistics.example", DemoAlderDomain, PlanPremium, false},
		{"Globex Retail", "globex-retail.example", DemoAlderDomain, PlanEnhanced, false},
		{"Harbor Schools", "harbor-schools.example", DemoAlderDomain, PlanStandard, false},
		{"Iris Media", "iris-media.example", DemoAlderDomain, PlanStandard, false},
		{"Juniper Labs", "juniper-labs.example", DemoAlderDomain, PlanEnhanced, false},
		{"Kestrel Energie", "kestrel-energie.example", DemoAlderEUDomain, PlanStandard, false},
		{"Lumen Design", "lumen-design.example", DemoAlderEUDomain, PlanPremium, false},
		{"Mistral Foods", "mistral-foods.example", DemoAlderEUDomain, PlanStandard, true},
		{"Nordlys Shipping", "nordlys-shipping.example", DemoAlderEUDomain, PlanEnhanced, false},
		{"Olivo Textiles", "olivo-textiles.example", DemoAlderEUDomain, PlanStandard, false},
		{"Praha Software", "praha-software.example", DemoAlderEUDomain, PlanStandard, false},
		{"Quartz Mining", "quartz-mining.example", DemoBirchDomain, PlanStandard, false},
		{"Redwood Builders", "redwood-builders.example", DemoBirchDomain, PlanPremium, false},
		{"Sable Finance", "sable-finance.example", DemoBirchDomain, PlanEnhanced, false},
		{"Tidewater Farms", "tidewater-farms.example", DemoBirchDomain, PlanStandard, true},
		{"Umber Studios", "umber-studios.example", DemoBirchDomain, PlanStandard, false},
		{"Vireo Clinics", "vireo-clinics.example", DemoBirchDomain, PlanEnhanced, false},
		{"Wren Consulting", "wren-consulting.example", DemoBirchDomain, PlanStandard, false},
		{"Yarrow Hotels", "yarrow-hotels.example", DemoBirchDomain, PlanStandard, false},
	}
	skus := []string{SKUBusinessStarter, SKUBusinessStandard, SKUBusinessPlus, SKUEnterpriseStandard}
	for i, c := range customers {
		cs := &CustomerSeed{
			ResellerDomain:        c.reseller,
			ResellerAccessRevoked: c.revoked,
			SupportPlan:           c.plan,
			AlternateEmail:        "it@" + strings.TrimSuffix(c.domain, ".example") + "-mail.example",
			Subscriptions: []SubscriptionSeed{{
				SKUID: skus[i%len(skus)],
				Plan:  []string{"ANNUAL", "FLEXIBLE"}[i%2],
				Seats: 10 + 5*(i%7),
			}},
		}
		if c.domain == "globex-retail.example" {
			moved := start.Add(-90 * 24 * time.Hour)
			cs.Tenure = []TenureSeed{
				{ResellerDomain: DemoBirchDomain, From: start.Add(-3 * 365 * 24 * time.Hour), To: moved},
				{ResellerDomain: DemoAlderDomain, From: moved},
			}
		}
		seed.Tenants = append(seed.Tenants, TenantSeed{
			CustomerID: fmt.Sprintf("C03c%05d", i+1),
			Name:       c.name,
			Domains:    []DomainSeed{{Name: c.domain}},
			Users: []UserSeed{{Email: "admin@" + c.domain, GivenName: "Admin", FamilyName: c.name,
				Roles: []string{RoleSuperAdmin}}},
			Customer: cs,
		})
	}
	return seed
}
