package access_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/fake"
)

func count(reqs []string, method string) int {
	n := 0
	for _, r := range reqs {
		if r == method {
			n++
		}
	}
	return n
}

// TestGatherTenantWideAssignments checks that the role assignments read
// once for the tenant, with the members of the groups holding them (P4:
// cara holds her grant through a nested group), give each account the
// same grants as its own listing with includeIndirectRoleAssignments.
func TestGatherTenantWideAssignments(t *testing.T) {
	t.Parallel()
	srv, w := demo(t)
	srcs := demoSources(t, srv)
	srv.ResetLog()
	all, err := access.Gather(t.Context(), srcs, nil, &access.GatherOptions{Clock: w.Now})
	if err != nil {
		t.Fatal(err)
	}
	reqs := srv.Requests()
	birch := 0
	for _, d := range all.Domains {
		if d.Name == fake.DemoBirchDomain {
			birch = len(d.Accounts)
		}
	}
	// Alder's accounts are read tenant-wide (one call); Birch's three, one
	// by one: three calls cost less than a tenant listing and its groups'.
	if n := count(reqs, "directory.roleAssignments.list"); n != 1+birch || birch != 3 {
		t.Errorf("everyone: %d roleAssignments.list calls, want 1 for Alder and 1 per Birch account (%d)", n, birch)
	}
	if count(reqs, "directory.members.list") == 0 {
		t.Errorf("everyone: no members.list call; the group grants were not expanded")
	}
	byEmail := map[string]access.Facts{}
	for _, d := range all.Domains {
		for _, a := range d.Accounts {
			byEmail[a.Facts.Email] = a.Facts
		}
	}
	for _, p := range demoPeople {
		one, err := access.Gather(t.Context(), srcs, []access.Person{p}, &access.GatherOptions{Clock: w.Now})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range one.Domains {
			for _, a := range d.Accounts {
				if diff := cmp.Diff(a.Facts, byEmail[a.Facts.Email]); diff != "" {
					t.Errorf("P4 %s: per-account facts differ from tenant-wide ones (-one +all):\n%s", a.Facts.Email, diff)
				}
			}
		}
	}
}

// TestGatherCache checks the probe cache: a refresh within the TTL makes
// no customers.get call and gives the same customers; past the TTL every
// customer is probed again and a customer that turned reseller access off
// meanwhile is seen (D5); a failed probe fails the gather (P7).
func TestGatherCache(t *testing.T) {
	t.Parallel()
	srv, w := demo(t)
	srcs := demoSources(t, srv)
	cache := access.NewGatherCache(time.Hour)
	opts := &access.GatherOptions{Clock: w.Now, Cache: cache}
	first, err := access.Gather(t.Context(), srcs, demoPeople, opts)
	if err != nil {
		t.Fatal(err)
	}
	srv.ResetLog()
	second, err := access.Gather(t.Context(), srcs, demoPeople, opts)
	if err != nil {
		t.Fatal(err)
	}
	if n := count(srv.Requests(), "reseller.customers.get"); n != 0 {
		t.Errorf("refresh within the TTL made %d customers.get calls, want 0", n)
	}
	if diff := cmp.Diff(first.Domains, second.Domains); diff != "" {
		t.Errorf("refresh differs from the first gather (-first +second):\n%s", diff)
	}

	var granted string
	for _, c := range first.Domains[0].Customers {
		if c.AccessGranted {
			granted = c.ID
			break
		}
	}
	if err := w.SetResellerAccess(granted, false); err != nil {
		t.Fatal(err)
	}
	w.Advance(time.Hour)
	srv.ResetLog()
	third, err := access.Gather(t.Context(), srcs, demoPeople, opts)
	if err != nil {
		t.Fatal(err)
	}
	customers := 0
	for _, d := range third.Domains {
		customers += len(d.Customers)
		for _, c := range d.Customers {
			if c.ID == granted && c.AccessGranted {
				t.Errorf("D5: customer %s turned access off; after the TTL it is still reported granted", granted)
			}
		}
	}
	if n := count(srv.Requests(), "reseller.customers.get"); n != customers {
		t.Errorf("past the TTL: %d customers.get calls, want one per customer (%d)", n, customers)
	}

	w.Advance(time.Hour)
	srv.Fail(fake.Fault{Method: "reseller.customers.get", Status: 400, Reason: "badRequest", Count: 1})
	if snap, err := access.Gather(t.Context(), srcs, demoPeople, opts); err == nil || snap != nil {
		t.Errorf("P7: a failed probe gave %v, %v; want an error and no snapshot", snap, err)
	}
	// A throttled probe is sent again (rule W3), not reported as denied.
	srv.Fail(fake.Fault{Method: "reseller.customers.get", Status: 429, Reason: "quotaExceeded", Count: 2})
	snap, err := access.Gather(t.Context(), srcs, demoPeople, opts)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(customersOf(third), customersOf(snap)); diff != "" {
		t.Errorf("after throttled probes (-want +got):\n%s", diff)
	}
}

func customersOf(s *access.Snapshot) [][]domains.Customer {
	var out [][]domains.Customer
	for _, d := range s.Domains {
		out = append(out, d.Customers)
	}
	return out
}
