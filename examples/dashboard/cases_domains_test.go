package main

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/resellerkit/resellerkit/cases"
	"github.com/resellerkit/resellerkit/examples/internal/demoworld"
)

// worldVisible counts, from the World itself, the cases the reseller
// account may see (rule C4): of a customer it manages now, filed while it
// managed it; and, by rule D5, of a customer that has not revoked the
// reseller's access. It counts per customer, with the open ones, and
// returns the visible cases' IDs.
func worldVisible(t *testing.T, env *testEnv, account string) (all, open map[string]int, ids []string) {
	t.Helper()
	revoked := map[string]bool{}
	for _, d := range env.app.snap.Load().Access.Domains {
		for _, c := range d.Customers {
			if !c.AccessGranted {
				revoked[c.ID] = true
			}
		}
	}
	tenure, now := env.world.CaseTenure(), env.world.Now()
	all, open = map[string]int{}, map[string]int{}
	for _, s := range env.world.CasesSnapshot() {
		c := s.Case
		if revoked[c.CustomerID] {
			continue
		}
		periods, err := tenure.Periods(t.Context(), account, c.CustomerID)
		if err != nil {
			t.Fatal(err)
		}
		if cases.CanView(cases.Viewer{ResellerAccount: account}, c, periods, now) {
			all[c.CustomerID]++
			ids = append(ids, c.ID)
			if c.State.Open() {
				open[c.CustomerID]++
			}
		}
	}
	return all, open, ids
}

// caseRowPattern finds a case row's ID and last update.
var caseRowPattern = regexp.MustCompile(`(?s)<td class="mono">([^<]+)</td>.*?<td class="small">(\d{4}-\d\d-\d\d \d\d:\d\d UTC)</td>`)

// casesOnPages returns the case IDs and last updates listed on the cases
// page at target and on the pages after it, following the next-page links.
func casesOnPages(t *testing.T, env *testEnv, target string) (ids, updated []string) {
	t.Helper()
	for pages := 0; target != ""; pages++ {
		if pages > 100 {
			t.Fatalf("more than 100 pages of cases from %s", target)
		}
		status, body := env.get(t, target)
		if status != http.StatusOK {
			t.Fatalf("GET %s: status %d", target, status)
		}
		table := between(body, `<table id="cases">`, "</table>")
		rows := strings.Split(table, "<tr>")
		if len(rows) > 2 {
			for _, r := range rows[2:] { // past the header row
				m := caseRowPattern.FindStringSubmatch(r)
				if m == nil {
					t.Fatalf("GET %s: a case row without an ID or update time:\n%s", target, r)
				}
				ids, updated = append(ids, m[1]), append(updated, m[2])
			}
		}
		target = strings.ReplaceAll(inside(body, `id="next-page" href="`, `"`), "&amp;", "&")
	}
	return ids, updated
}

// Rules D1 and C4 on the cases page: Google shows an account only the
// customers of its own reseller domain, so the cases of the customers on
// the secondary domain northwind-nordics.example are read with the Nordic
// account (-account KEY:ADMIN,SECONDARY_ADMIN). Each such customer shows
// exactly the cases the World holds for it within the EU account's tenure,
// on the cases page and in the counts, and the account's listing holds
// them merged with the primary domain's.
func TestCasesPageSecondaryDomain(t *testing.T) {
	t.Parallel()
	env := sharedTestEnv(t)
	snap := env.app.snap.Load()
	want, wantOpen, wantIDs := worldVisible(t, env, demoworld.AccountEU)

	var nordic []string
	for _, d := range snap.Access.Domains {
		if d.Name != demoworld.DomainNordics {
			continue
		}
		for _, c := range d.Customers {
			if c.AccessGranted {
				nordic = append(nordic, c.ID)
			}
		}
	}
	if len(nordic) == 0 {
		t.Fatal("the snapshot has no Nordic customer with reseller access")
	}
	var nordicCases, hidden int
	for _, id := range nordic {
		nordicCases += want[id]
	}
	for _, s := range env.world.CasesSnapshot() {
		for _, id := range nordic {
			if s.Case.CustomerID == id {
				hidden++
			}
		}
	}
	hidden -= nordicCases
	if nordicCases == 0 || hidden == 0 {
		t.Fatalf("the world has %d visible and %d hidden (C4) cases of Nordic customers; the test needs both", nordicCases, hidden)
	}

	t.Run("D1 C4 one secondary-domain customer", func(t *testing.T) {
		t.Parallel()
		for _, id := range nordic {
			if ids, _ := casesOnPages(t, env, "/cases?account="+demoworld.AccountEU+"&customer="+id); len(ids) != want[id] {
				t.Errorf("customer %s of %s: %d cases on the cases page, want the world's %d within tenure", id, demoworld.DomainNordics, len(ids), want[id])
			}
		}
	})
	t.Run("D1 C4 counts and open cases", func(t *testing.T) {
		t.Parallel()
		total := 0
		for _, n := range want {
			total += n
		}
		for _, st := range snap.Cases {
			if st.Account != demoworld.AccountEU {
				continue
			}
			if st.Total != total {
				t.Errorf("the counts of %s total %d cases, want the world's %d within tenure", st.Account, st.Total, total)
			}
			for _, id := range nordic {
				if st.Open[id] != wantOpen[id] {
					t.Errorf("customer %s of %s: %d open cases counted, want %d", id, demoworld.DomainNordics, st.Open[id], wantOpen[id])
				}
			}
		}
	})
	t.Run("D1 C6 the account's listing merges its domains", func(t *testing.T) {
		t.Parallel()
		ids, updated := casesOnPages(t, env, "/cases?account="+demoworld.AccountEU)
		if diff := cmp.Diff(wantIDs, ids, cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
			t.Errorf("the pages of %s do not hold the world's visible cases of both its domains, once each (-want +got):\n%s", demoworld.AccountEU, diff)
		}
		if !slices.IsSortedFunc(updated, func(a, b string) int { return strings.Compare(b, a) }) {
			t.Errorf("the pages of %s are not newest update first across the domains", demoworld.AccountEU)
		}
	})
}
