package demoworld_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit/cases"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/examples/internal/demoworld"
	"github.com/resellerkit/resellerkit/fake"
)

// shared is one world for the tests that only read it: filing the cases
// takes a moment.
var shared = sync.OnceValues(func() (*fake.World, error) { return demoworld.New() })

// TestNewIsDeterministic checks that every New builds the same world, the
// cases included, with the clock back at the seed's start.
func TestNewIsDeterministic(t *testing.T) {
	t.Parallel()
	a, err := shared()
	if err != nil {
		t.Fatal(err)
	}
	b, err := demoworld.New()
	if err != nil {
		t.Fatal(err)
	}
	if got := len(a.CasesSnapshot()); got != demoworld.Cases {
		t.Errorf("%d cases, want %d", got, demoworld.Cases)
	}
	if !a.Now().Equal(fake.DefaultStart) {
		t.Errorf("clock at %v, want the seed's start %v", a.Now(), fake.DefaultStart)
	}
	if diff := cmp.Diff(a.Snapshot(), b.Snapshot()); diff != "" {
		t.Errorf("two worlds differ (-first +second):\n%s", diff)
	}
	if diff := cmp.Diff(a.CasesSnapshot(), b.CasesSnapshot()); diff != "" {
		t.Errorf("two worlds' cases differ (-first +second):\n%s", diff)
	}
}

// TestPeopleHaveTheirAccounts checks rule D2's grid: a person has an
// account on exactly the reseller domains People lists, and nowhere else.
func TestPeopleHaveTheirAccounts(t *testing.T) {
	t.Parallel()
	accounts := map[string]bool{}
	for _, ts := range demoworld.Seed().Tenants {
		if ts.Reseller {
			for _, u := range ts.Users {
				accounts[u.Email] = true
			}
		}
	}
	people := demoworld.People()
	if len(people) != 20 {
		t.Errorf("%d people, want 20", len(people))
	}
	for _, p := range people {
		var got []string
		for _, d := range []string{demoworld.DomainEU, demoworld.DomainNordics, demoworld.DomainUS} {
			if accounts[p.Local+"@"+d] {
				got = append(got, d)
			}
		}
		if diff := cmp.Diff(p.Domains, got); diff != "" {
			t.Errorf("%s: domains with an account mismatch (-People +seed):\n%s", p.Address, diff)
		}
		if p.Address != p.Local+"@"+demoworld.WorkspaceDomain {
			t.Errorf("%s: address is not %s@%s", p.Address, p.Local, demoworld.WorkspaceDomain)
		}
	}
}

// TestCasesShowTheRules checks what New's doc promises of the cases: every
// state; closed cases within the 30-day window of rule C9 and past it;
// escalations only of Premium Support customers' cases (C8); cases of
// transferred customers filed before the transfer, under the earlier
// reseller's domain (C4); and each case filed by a staff account on the
// reseller domain that managed the customer then (D1).
func TestCasesShowTheRules(t *testing.T) {
	t.Parallel()
	w, err := shared()
	if err != nil {
		t.Fatal(err)
	}
	customers := map[string]*fake.CustomerSeed{}
	for _, ts := range demoworld.Seed().Tenants {
		if ts.Customer != nil {
			customers[ts.CustomerID] = ts.Customer
		}
	}
	start := fake.DefaultStart
	states := map[cases.State]int{}
	var withinC9, pastC9, escalated, beforeTransfer int
	for _, s := range w.CasesSnapshot() {
		c := s.Case
		cust := customers[c.CustomerID]
		states[c.State]++
		if c.State == cases.StateClosed {
			if start.Sub(c.ClosedTime) <= 30*24*time.Hour {
				withinC9++
			} else {
				pastC9++
			}
		}
		if c.Escalated {
			escalated++
			if cust.SupportPlan != domains.PlanPremium {
				t.Errorf("case %s of %s is escalated on plan %q; rule C8 needs Premium", c.ID, c.CustomerID, cust.SupportPlan)
			}
		}
		domain := cust.ResellerDomain
		if len(cust.Tenure) > 0 && c.CreateTime.Before(cust.Tenure[len(cust.Tenure)-1].From) {
			beforeTransfer++
			domain = cust.Tenure[len(cust.Tenure)-2].ResellerDomain
		}
		if !strings.HasSuffix(c.Filer, "@"+domain) {
			t.Errorf("case %s of %s filed at %v by %s, not on the reseller domain that managed it then, %s (rule D1)", c.ID, c.CustomerID, c.CreateTime, c.Filer, domain)
		}
	}
	for _, st := range []cases.State{cases.StateNew, cases.StateInProgress, cases.StateActionRequired, cases.StateSolutionProvided, cases.StateClosed} {
		if states[st] == 0 {
			t.Errorf("no case in state %v", st)
		}
	}
	for name, n := range map[string]int{"closed within the C9 window": withinC9, "closed past the C9 window": pastC9,
		"escalated (C8)": escalated, "filed before a transfer (C4)": beforeTransfer} {
		if n == 0 {
			t.Errorf("no case %s", name)
		}
	}
}

// TestNamedCustomers checks what the constants the examples use promise:
// each is on the EU domain with its plan, and access (D5, C8), with no
// tenure from the other reseller account.
func TestNamedCustomers(t *testing.T) {
	t.Parallel()
	customers := map[string]*fake.CustomerSeed{}
	for _, ts := range demoworld.Seed().Tenants {
		if ts.Customer != nil {
			customers[ts.CustomerID] = ts.Customer
		}
	}
	for _, tc := range []struct {
		id      string
		plan    domains.SupportPlan
		revoked bool
	}{
		{demoworld.CustomerPremium, domains.PlanPremium, false},
		{demoworld.CustomerStandard, domains.PlanStandard, false},
		{demoworld.CustomerRevoked, "", true},
	} {
		c := customers[tc.id]
		switch {
		case c == nil:
			t.Errorf("%s: no such customer", tc.id)
		case c.ResellerDomain != demoworld.DomainEU || len(c.Tenure) > 0:
			t.Errorf("%s: on %s with tenure %v, want %s from the start", tc.id, c.ResellerDomain, c.Tenure, demoworld.DomainEU)
		case tc.plan != "" && domains.SupportPlan(c.SupportPlan) != tc.plan:
			t.Errorf("%s: plan %q, want %q", tc.id, c.SupportPlan, tc.plan)
		case c.ResellerAccessRevoked != tc.revoked:
			t.Errorf("%s: access revoked %v, want %v", tc.id, c.ResellerAccessRevoked, tc.revoked)
		}
	}
}

// TestNewcomerHasNoAccount: the person examples/provision plans for has no
// staff account in the world, and is not one of People (rule S3).
func TestNewcomerHasNoAccount(t *testing.T) {
	t.Parallel()
	n := demoworld.Newcomer()
	for _, ts := range demoworld.Seed().Tenants {
		for _, u := range ts.Users {
			if strings.HasPrefix(u.Email, n.Local+"@") {
				t.Errorf("%s exists in the world", u.Email)
			}
		}
	}
	for _, p := range demoworld.People() {
		if p.Local == n.Local {
			t.Errorf("%s is one of People", p.Address)
		}
	}
}

// TestAccessPeople: each person keyed by their address, with one account
// per domain of People (rule D2).
func TestAccessPeople(t *testing.T) {
	t.Parallel()
	ap := demoworld.AccessPeople()
	people := demoworld.People()
	if len(ap) != len(people) {
		t.Fatalf("%d access people, want %d", len(ap), len(people))
	}
	for i, p := range people {
		var want []string
		for _, d := range p.Domains {
			want = append(want, p.Local+"@"+d)
		}
		if ap[i].ID != p.Address || ap[i].Name != p.GivenName+" "+p.FamilyName {
			t.Errorf("person %d = %s %q, want %s", i, ap[i].ID, ap[i].Name, p.Address)
		}
		if diff := cmp.Diff(want, ap[i].Accounts); diff != "" {
			t.Errorf("%s: accounts mismatch (-want +got):\n%s", p.Address, diff)
		}
	}
}
