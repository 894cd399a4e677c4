package demoworld

import (
	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/fake"
)

// NewWithoutCases returns the World of [Seed] alone: the same reseller
// accounts, people, domains and customers as [New], without the support
// cases, for a program that never reads a case (filing the cases is most
// of [New]'s time). Its clock is at the seed's start, as [New]'s. edits
// change the seed first, as in [New].
func NewWithoutCases(edits ...func(*fake.Seed)) (*fake.World, error) {
	seed := Seed()
	for _, edit := range edits {
		edit(&seed)
	}
	return fake.NewWorld(seed)
}

// AccessPeople returns [People] as package access reads them (coverage,
// drift, what-if): each keyed by their own address, with their staff
// accounts, one per reseller domain of [Person.Domains]. A coverage report
// over them asks every person to cover every domain (rule D2), so the
// domains a person lacks are the grid's gaps.
func AccessPeople() []access.Person {
	var out []access.Person
	for _, p := range People() {
		ap := access.Person{ID: p.Address, Name: p.GivenName + " " + p.FamilyName}
		for _, d := range p.Domains {
			ap.Accounts = append(ap.Accounts, p.Local+"@"+d)
		}
		out = append(out, ap)
	}
	return out
}

// Newcomer returns a person who joins the team and has no staff account
// yet: not in [Seed] nor in [People], so a setup plan for them
// (examples/provision) creates an account on each reseller domain (rule
// S3), licenses it (S2) and assigns the portal role (S5).
func Newcomer() Person {
	return Person{
		Address:    "vera.nowak@" + WorkspaceDomain,
		Local:      "vera.nowak",
		GivenName:  "Vera",
		FamilyName: "Nowak",
		Domains:    []string{DomainEU, DomainNordics, DomainUS},
		Story:      "S3: joins the team with no staff account yet",
	}
}

// Customers of [Seed] the examples name (see customers for how each came
// to be): all on [DomainEU], managed by the EU reseller account from the
// start.
const (
	// CustomerPremium is Saffron Bakery, on Premium Support: its cases may
	// be escalated (rule C8).
	CustomerPremium = "C03cu0005"
	// CustomerStandard is Alpine Bakery, on Standard Support: escalation is
	// refused (C8).
	CustomerStandard = "C03cu0000"
	// CustomerRevoked is Granite Logistics, which revoked the reseller's access
	// (rule D5): no case can be filed on its behalf (C1).
	CustomerRevoked = "C03cu0026"
)
