package fake

import (
	"bytes"
	_ "embed"
	"fmt"
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

// demoJSON is the demo world as a JSON seed: data rather than code, so it
// reads as a worked example of the seed format and can be copied as the
// start of one's own world (see the package doc, "Building a World").
//
//go:embed seeds/demo.json
var demoJSON []byte

// DemoSeed returns the built-in demo world, the JSON seed fake/seeds/demo.json
// of this module: two reseller accounts, twenty-four customers across their
// three usable domains, and staff accounts that show each portal rule. Each
// call decodes a fresh copy, so a caller may change the Seed it gets.
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
	s, err := ReadSeed(bytes.NewReader(demoJSON))
	if err != nil {
		// The file is compiled into the package and its tests decode it,
		// so this happens in every build or in none; NewWorld reports it.
		return Seed{err: fmt.Errorf("fake: the embedded demo seed seeds/demo.json is invalid: %w", err)}
	}
	return s
}
