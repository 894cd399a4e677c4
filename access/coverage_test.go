package access_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/licensing"
	"github.com/resellerkit/resellerkit/roles"
)

var ciFree = licensing.SKU{Product: licensing.ProductCloudIdentityFree, ID: licensing.SKUCloudIdentityFree}
var wsStd = licensing.SKU{Product: licensing.ProductGoogleWorkspace, ID: licensing.SKUBusinessStandard}

func portalFacts(email string, state access.AccountState) access.Facts {
	return access.Facts{Email: email, State: state, ReadAt: t0,
		Effective: roles.Effective{Grants: grants(roles.ViewCustomers, roles.AccessCustomerSupportCases, roles.Support)}}
}

func customers(dom string, n int) []domains.Customer {
	var out []domains.Customer
	for i := range n {
		out = append(out, domains.Customer{ID: fmt.Sprintf("C-%s-%d", dom[:2], i), Domain: fmt.Sprintf("c%d.%s", i, dom), ResellerDomain: dom, AccessGranted: i != 0})
	}
	return out
}

// coverageSnapshot: two reseller accounts, three domains (one secondary).
func coverageSnapshot() *access.Snapshot {
	return &access.Snapshot{ReadAt: t0, Domains: []access.DomainFacts{
		{Name: "eu.example", ResellerAccount: "C1", Primary: true, Verified: true, Customers: customers("eu.example", 3),
			Accounts: []access.AccountFacts{
				{Facts: portalFacts("ana@eu.example", access.StateActive), Licenses: []licensing.SKU{ciFree}},
				{Facts: portalFacts("bo@eu.example", access.StateSuspended), Licenses: []licensing.SKU{ciFree, wsStd}},
				{Facts: access.Facts{Email: "cy@eu.example", State: access.StateActive, ReadAt: t0}},
				{Facts: portalFacts("ana2@eu.example", access.StateActive)},
			}},
		{Name: "EU-Second.example.", ResellerAccount: "C1", Verified: true, Customers: customers("eu-second.example", 2),
			Accounts: []access.AccountFacts{
				{Facts: portalFacts("ana@eu-second.example", access.StateActive), Licenses: []licensing.SKU{wsStd}},
			}},
		{Name: "us.example", ResellerAccount: "C2", Primary: true, Verified: true, Customers: customers("us.example", 4),
			Accounts: []access.AccountFacts{
				{Facts: portalFacts("bo@us.example", access.StateActive), Licenses: []licensing.SKU{ciFree}},
			}},
	}}
}

type cellView struct {
	Account  string
	Gap      access.Gap
	Allowed  bool
	License  access.LicenseStatus
	Required bool
	Hidden   int
	Missing  []access.Requirement
}

// TestComputeCoverageD2 checks rule D2: per person and reseller domain,
// secondary domains included, whether the person has an allowed account
// there, and the customers hidden where not (D1); unverified secondary
// domains (D4) and domains outside Person.Domains are no gap.
func TestComputeCoverageD2(t *testing.T) {
	t.Parallel()
	people := []access.Person{
		{ID: "ana@corp.example", Name: "Ana", Accounts: []string{"Ana@EU.example", "ana@eu-second.example", "ana@gmail.com"}},
		{ID: "bo@corp.example", Name: "Bo", Accounts: []string{"bo@eu.example", "bo@us.example"}},
		{ID: "cy@corp.example", Name: "Cy", Accounts: []string{"cy@eu.example", "cy@us.example"}, Domains: []string{"eu.example"}},
		{ID: "dee@corp.example", Name: "Dee"},
	}
	cov, err := access.ComputeCoverage(coverageSnapshot(), people, access.CloudSupportPortal)
	if err != nil {
		t.Fatal(err)
	}
	var domainNames []string
	for _, d := range cov.Domains {
		domainNames = append(domainNames, d.Name)
	}
	if diff := cmp.Diff([]string{"eu.example", "eu-second.example", "us.example"}, domainNames); diff != "" {
		t.Errorf("D3 domain names mismatch (-want +got):\n%s", diff)
	}
	got := map[string][]cellView{}
	for _, p := range cov.People {
		for _, c := range p.Cells {
			got[p.ID] = append(got[p.ID], cellView{c.Account, c.Gap, c.Allowed, c.License, c.Required, c.Hidden, c.Missing.List()})
		}
	}
	want := map[string][]cellView{
		"ana@corp.example": {
			{"ana@eu.example", access.GapNone, true, access.LicenseCloudIdentity, true, 0, nil},
			{"ana@eu-second.example", access.GapNone, true, access.LicenseWorkspace, true, 0, nil},
			{"", access.GapNoAccount, false, access.LicenseNone, true, 4, nil}, // D2: no account on us.example
		},
		"bo@corp.example": {
			{"bo@eu.example", access.GapDenied, false, access.LicenseDouble, true, 3, []access.Requirement{access.RequireActiveAccount}}, // P5, S2
			{"", access.GapNoAccount, false, access.LicenseNone, true, 2, nil},                                                           // D2: secondary domain included
			{"bo@us.example", access.GapNone, true, access.LicenseCloudIdentity, true, 0, nil},
		},
		"cy@corp.example": {
			{"cy@eu.example", access.GapDenied, false, access.LicenseNone, true, 3,
				[]access.Requirement{access.RequireViewCustomers, access.RequireAccessCustomerSupportCases, access.RequireSupport}},
			{"", access.GapNoAccount, false, access.LicenseNone, false, 0, nil}, // not required: hides nothing
			{"", access.GapNoAccount, false, access.LicenseNone, false, 0, nil}, // cy@us.example does not exist at Google
		},
		"dee@corp.example": {
			{"", access.GapNoAccount, false, access.LicenseNone, true, 3, nil},
			{"", access.GapNoAccount, false, access.LicenseNone, true, 2, nil},
			{"", access.GapNoAccount, false, access.LicenseNone, true, 4, nil},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("D2 cells mismatch (-want +got):\n%s", diff)
	}
	type rowView struct {
		Gaps, Hidden int
		Extra        []string
	}
	var rows []rowView
	for _, p := range cov.People {
		rows = append(rows, rowView{p.Gaps, p.Hidden, p.Extra})
	}
	wantRows := []rowView{{1, 4, []string{"ana@gmail.com"}}, {2, 5, nil}, {1, 3, nil}, {3, 9, nil}}
	if diff := cmp.Diff(wantRows, rows); diff != "" {
		t.Errorf("D2 rows mismatch (-want +got):\n%s", diff)
	}
	var covered []int
	for _, d := range cov.Domains {
		covered = append(covered, d.Covered)
	}
	if diff := cmp.Diff([]int{1, 1, 1}, covered); diff != "" {
		t.Errorf("Covered mismatch (-want +got):\n%s", diff)
	}
	// The hidden customers are the domain's, access granted or not (D1, D5).
	hidden := cov.HiddenCustomers(0, 2)
	if len(hidden) != 4 || hidden[0].AccessGranted {
		t.Errorf("HiddenCustomers(ana, us) = %v, want the 4 customers of us.example, the first without access", hidden)
	}
	if h := cov.HiddenCustomers(0, 0); h != nil {
		t.Errorf("HiddenCustomers of a covered cell = %v, want none", h)
	}
	if d, ok := cov.Decision(1, 0); !ok || d.Allowed || d.State != access.StateSuspended {
		t.Errorf("Decision(bo, eu) = %v, %v; want the suspended account's denial", access.Summary(d), ok)
	}
	if _, ok := cov.Decision(3, 0); ok {
		t.Errorf("Decision of a cell without account reports one")
	}
}

// TestComputeCoverageSecondAccount: of two accounts on one domain, the
// allowed one counts and the other is reported (D2).
func TestComputeCoverageSecondAccount(t *testing.T) {
	t.Parallel()
	for _, order := range [][]string{{"cy@eu.example", "ana2@eu.example"}, {"ana2@eu.example", "cy@eu.example"}} {
		cov, err := access.ComputeCoverage(coverageSnapshot(), []access.Person{{ID: "p", Accounts: order}}, access.CloudSupportPortal)
		if err != nil {
			t.Fatal(err)
		}
		row := cov.People[0]
		if c := row.Cells[0]; c.Account != "ana2@eu.example" || !c.Allowed {
			t.Errorf("accounts %v: cell = %+v, want ana2's allowed account", order, c)
		}
		if diff := cmp.Diff([]string{"cy@eu.example"}, row.Extra); diff != "" {
			t.Errorf("accounts %v: Extra mismatch (-want +got):\n%s", order, diff)
		}
	}
}

func TestComputeCoverageInvalid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		snap   *access.Snapshot
		people []access.Person
		field  string
	}{
		{"nil snapshot", nil, nil, "s"},
		{"person without ID", coverageSnapshot(), []access.Person{{Name: "x"}}, "people[0].ID"},
		{"duplicate person", coverageSnapshot(), []access.Person{{ID: "a"}, {ID: " a "}}, "people[1].ID"},
		{"account of two people", coverageSnapshot(), []access.Person{{ID: "a", Accounts: []string{"ana@eu.example"}}, {ID: "b", Accounts: []string{"ANA@eu.example"}}},
			"people[1].Accounts[0]"},
		{"not an address", coverageSnapshot(), []access.Person{{ID: "a", Accounts: []string{"ana"}}}, "people[0].Accounts[0]"},
		{"account on another domain", &access.Snapshot{Domains: []access.DomainFacts{{Name: "eu.example",
			Accounts: []access.AccountFacts{{Facts: access.Facts{Email: "x@us.example"}}}}}}, nil, "Snapshot.Domains[0].Accounts[0]"},
		{"duplicate domain", &access.Snapshot{Domains: []access.DomainFacts{{Name: "eu.example"}, {Name: "EU.example."}}}, nil, "Snapshot.Domains[1].Name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := access.ComputeCoverage(tt.snap, tt.people, access.CloudSupportPortal)
			var fe *resellerkit.FieldError
			if !errors.As(err, &fe) || fe.Field != tt.field || !errors.Is(err, resellerkit.ErrInvalidArgument) {
				t.Fatalf("ComputeCoverage() = %v, want an invalid-argument error naming %s", err, tt.field)
			}
		})
	}
}

// benchSnapshot builds the coverage benchmark's world: 50 reseller domains,
// 100,000 customers, 5,000 people each with an account on most domains.
func benchSnapshot() (*access.Snapshot, []access.Person) {
	const nd, np, nc = 50, 5000, 100_000
	profiles := [][]roles.Grant{
		grants(roles.ViewCustomers, roles.AccessCustomerSupportCases, roles.Support),
		grants(roles.ViewCustomers, roles.AccessCustomerSupportCases),
		grants(roles.ViewCustomers),
		nil,
	}
	ra := &roles.Grant{RoleID: "2", RoleName: "_RESELLER_ADMIN_ROLE", AssignmentID: "20"}
	s := &access.Snapshot{ReadAt: t0, Domains: make([]access.DomainFacts, nd)}
	for d := range nd {
		name := fmt.Sprintf("reseller-%02d.example", d)
		df := &s.Domains[d]
		df.Name, df.ResellerAccount, df.Primary, df.Verified = name, fmt.Sprintf("C%03d", d/2), d%2 == 0, true
		df.Customers = make([]domains.Customer, 0, nc/nd)
		for c := range nc / nd {
			df.Customers = append(df.Customers, domains.Customer{ID: fmt.Sprintf("C%02d%05d", d, c), ResellerDomain: name, AccessGranted: c%17 != 0})
		}
	}
	people := make([]access.Person, np)
	for p := range np {
		people[p] = access.Person{ID: fmt.Sprintf("person%04d@corp.example", p)}
		for d := range nd {
			if (p+d)%10 == 0 {
				continue // a gap: no account on this domain
			}
			email := fmt.Sprintf("person%04d@reseller-%02d.example", p, d)
			f := access.Facts{Email: email, State: access.StateActive, ReadAt: t0,
				Effective: roles.Effective{Grants: profiles[(p*7+d)%len(profiles)]}}
			if (p+d)%13 == 0 {
				f.State = access.StateSuspended
			}
			if (p+d)%11 == 0 {
				f.Effective.ResellerAdmin = ra
			}
			s.Domains[d].Accounts = append(s.Domains[d].Accounts, access.AccountFacts{Facts: f, Licenses: []licensing.SKU{ciFree}})
			people[p].Accounts = append(people[p].Accounts, email)
		}
	}
	return s, people
}

// BenchmarkCoverage is the performance goal of rule D2's report: the full
// coverage of 50 reseller domains x 5,000 people x 100,000 customers from a
// prepared snapshot, under 200 ms on 2 cores.
func BenchmarkCoverage(b *testing.B) {
	s, people := benchSnapshot()
	b.ReportAllocs()
	var cov *access.Coverage
	for b.Loop() {
		var err error
		cov, err = access.ComputeCoverage(s, people, access.CloudSupportPortal)
		if err != nil {
			b.Fatal(err)
		}
	}
	gaps := 0
	for _, p := range cov.People {
		gaps += p.Gaps
	}
	b.ReportMetric(float64(len(cov.People)*len(cov.Domains)), "cells")
	b.ReportMetric(float64(gaps), "gaps")
}

func smallCoverage(t *testing.T) *access.Coverage {
	t.Helper()
	people := []access.Person{
		{ID: "ana@corp.example", Name: "Ana", Accounts: []string{"ana@eu.example"}, Domains: []string{"eu.example", "us.example"}},
		{ID: "bo@corp.example", Name: "Bo, \"B\"", Accounts: []string{"bo@eu.example"}, Domains: []string{"eu.example"}},
	}
	cov, err := access.ComputeCoverage(coverageSnapshot(), people, access.CloudSupportPortal)
	if err != nil {
		t.Fatal(err)
	}
	return cov
}

func TestCoverageCSV(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	if err := smallCoverage(t).WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	want := `person_id,person_name,domain,reseller_account,required,account,account_state,license,allowed,gap,paths,missing,hidden_customers
ana@corp.example,Ana,eu.example,C1,true,ana@eu.example,active,cloud-identity,true,none,customer-privileges,,0
ana@corp.example,Ana,eu-second.example,C1,false,,,none,false,no-account,,,0
ana@corp.example,Ana,us.example,C2,true,,,none,false,no-account,,,4
bo@corp.example,"Bo, ""B""",eu.example,C1,true,bo@eu.example,suspended,double,false,denied,,active-account,3
bo@corp.example,"Bo, ""B""",eu-second.example,C1,false,,,none,false,no-account,,,0
bo@corp.example,"Bo, ""B""",us.example,C2,false,,,none,false,no-account,,,0
`
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("WriteCSV() mismatch (-want +got):\n%s", diff)
	}
}

func TestCoverageHiddenCSV(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	if err := smallCoverage(t).WriteHiddenCSV(&b); err != nil {
		t.Fatal(err)
	}
	want := `person_id,domain,gap,account,customer_id,customer_domain,access_granted
ana@corp.example,us.example,no-account,,C-us-0,c0.us.example,false
ana@corp.example,us.example,no-account,,C-us-1,c1.us.example,true
ana@corp.example,us.example,no-account,,C-us-2,c2.us.example,true
ana@corp.example,us.example,no-account,,C-us-3,c3.us.example,true
bo@corp.example,eu.example,denied,bo@eu.example,C-eu-0,c0.eu.example,false
bo@corp.example,eu.example,denied,bo@eu.example,C-eu-1,c1.eu.example,true
bo@corp.example,eu.example,denied,bo@eu.example,C-eu-2,c2.eu.example,true
`
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("WriteHiddenCSV() mismatch (-want +got):\n%s", diff)
	}
}

func TestCoverageJSON(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	if err := smallCoverage(t).WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var got struct {
		ReadAt  string
		Profile string
		Summary map[string]int
		Domains []struct {
			Domain    string
			Covered   int
			Customers []struct {
				ID            string
				AccessGranted bool
			}
		}
		People []struct {
			ID    string
			Cells []struct {
				Domain          string
				Account         string
				State           string
				Gap             string
				HiddenCustomers int
				Decision        *struct {
					Allowed bool
					Missing []struct{ Rule, Requirement string }
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(b.String()), &got); err != nil {
		t.Fatalf("WriteJSON() is not JSON: %v\n%s", err, b.String())
	}
	if got.ReadAt != "2026-01-05T09:00:00Z" || got.Profile != "cloud-support-portal" {
		t.Errorf("readAt, profile = %q, %q", got.ReadAt, got.Profile)
	}
	if diff := cmp.Diff(map[string]int{"people": 2, "domains": 3, "gaps": 2, "peopleWithGaps": 2, "hiddenCustomers": 7}, got.Summary); diff != "" {
		t.Errorf("summary mismatch (-want +got):\n%s", diff)
	}
	if n := len(got.Domains[2].Customers); n != 4 || got.Domains[2].Customers[0].AccessGranted {
		t.Errorf("us.example customers = %+v, want 4, the first without access (D5)", got.Domains[2].Customers)
	}
	bo := got.People[1].Cells[0]
	if bo.State != "suspended" || bo.Gap != "denied" || bo.HiddenCustomers != 3 || bo.Decision == nil || bo.Decision.Allowed ||
		len(bo.Decision.Missing) != 1 || bo.Decision.Missing[0].Rule != "P5" {
		t.Errorf("bo's eu.example cell = %+v", bo)
	}
	if c := got.People[0].Cells[2]; c.Account != "" || c.Decision != nil || c.Gap != "no-account" {
		t.Errorf("ana's us.example cell = %+v, want no account and no decision", c)
	}
}
