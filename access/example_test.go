package access_test

import (
	"fmt"
	"os"
	"time"

	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/roles"
)

func ExampleComputeCoverage() {
	portal := roles.Effective{Grants: []roles.Grant{
		{Key: roles.ViewCustomers, RoleName: "Support portal access"},
		{Key: roles.AccessCustomerSupportCases, RoleName: "Support portal access"},
		{Key: roles.Support, RoleName: "Support portal access"},
	}}
	snap := &access.Snapshot{
		ReadAt: time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC),
		Domains: []access.DomainFacts{
			{Name: "reseller.example", Primary: true, Verified: true,
				Customers: []domains.Customer{{ID: "C1", Domain: "acme.example"}, {ID: "C2", Domain: "globex.example"}},
				Accounts:  []access.AccountFacts{{Facts: access.Facts{Email: "ana@reseller.example", State: access.StateActive, Effective: portal}}}},
			{Name: "reseller-eu.example", Verified: true,
				Customers: []domains.Customer{{ID: "C3", Domain: "kestrel.example"}}},
		},
	}
	people := []access.Person{{ID: "ana@corp.example", Name: "Ana", Accounts: []string{"ana@reseller.example"}}}
	cov, err := access.ComputeCoverage(snap, people, access.CloudSupportPortal)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range cov.People {
		fmt.Printf("%s: %d gap(s), %d customer(s) out of sight\n", p.Name, p.Gaps, p.Hidden)
	}
	if err := cov.WriteCSV(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// Ana: 1 gap(s), 1 customer(s) out of sight
	// person_id,person_name,domain,reseller_account,required,account,account_state,license,allowed,gap,paths,missing,hidden_customers
	// ana@corp.example,Ana,reseller.example,,true,ana@reseller.example,active,none,true,none,customer-privileges,,0
	// ana@corp.example,Ana,reseller-eu.example,,true,,,none,false,no-account,,,1
}
