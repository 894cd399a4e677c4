package access_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit/access"
)

// teamPeople maps the demo team's members to their staff accounts, as
// coverage and Diff key access on them (D2).
func teamPeople(tm access.Team) []access.Person {
	var out []access.Person
	for _, m := range tm.People {
		user := m.Username
		if user == "" {
			user, _, _ = strings.Cut(m.ID, "@")
		}
		p := access.Person{ID: m.ID}
		for _, d := range m.Domains {
			p.Accounts = append(p.Accounts, user+"@"+d)
		}
		out = append(out, p)
	}
	return out
}

// gained flattens a what-if result to "person domain customers" lines.
func gained(people []access.PersonDelta, lost bool) []string {
	var out []string
	for _, p := range people {
		ds := p.Gained
		if lost {
			ds = p.Lost
		}
		for _, d := range ds {
			out = append(out, p.ID+" "+d.Domain+" "+strings.Join(d.Customers, ","))
		}
	}
	slices.Sort(out)
	return out
}

// TestPlanAccessDeltaS7 checks that a plan's access delta, computed before
// Apply from a snapshot, is exactly the access that Apply then gives: the
// oracle is Diff of the snapshots gathered before and after Apply (rules
// S7, P1, P4, D1).
func TestPlanAccessDeltaS7(t *testing.T) {
	t.Parallel()
	srv, w, s, plan := demoPlan(t)
	people := teamPeople(plan.Team)
	opts := &access.GatherOptions{Clock: w.Now}
	before, err := access.Gather(t.Context(), demoSources(t, srv), people, opts)
	if err != nil {
		t.Fatal(err)
	}
	delta, err := plan.AccessDelta(before, &access.DriftOptions{People: people})
	if err != nil {
		t.Fatal(err)
	}
	if len(gained(delta.People, false)) == 0 {
		t.Fatal("the plan's delta gives nobody anything; the demo team needs accounts and roles")
	}
	if lost := gained(delta.People, true); len(lost) > 0 {
		t.Errorf("a setup plan takes access away: %v", lost)
	}
	if _, err := s.Apply(t.Context(), plan, nil); err != nil {
		t.Fatal(err)
	}
	after, err := access.Gather(t.Context(), demoSources(t, srv), people, opts)
	if err != nil {
		t.Fatal(err)
	}
	events, err := access.Diff(before, after, &access.DriftOptions{People: people})
	if err != nil {
		t.Fatal(err)
	}
	var actual []string
	for _, e := range events {
		if e.Kind == access.EventAccessGained {
			actual = append(actual, e.Access.Person+" "+e.Access.Domain+" "+strings.Join(e.Access.Customers, ","))
		}
	}
	slices.Sort(actual)
	if diff := cmp.Diff(actual, gained(delta.People, false)); diff != "" {
		t.Errorf("the plan's delta differs from what Apply gave (-applied +predicted):\n%s", diff)
	}

	// A plan with nothing to do predicts nothing.
	again, err := s.Plan(t.Context(), plan.Team)
	if err != nil {
		t.Fatal(err)
	}
	none, err := again.AccessDelta(after, &access.DriftOptions{People: people})
	if err != nil {
		t.Fatal(err)
	}
	if g := gained(none.People, false); len(g) > 0 {
		t.Errorf("a plan with no changes predicts gains: %v", g)
	}
	if _, err := (*access.Plan)(nil).AccessDelta(before, nil); err == nil {
		t.Error("AccessDelta of a nil plan: no error")
	}
	if _, err := plan.AccessDelta(nil, nil); err == nil {
		t.Error("AccessDelta of a nil snapshot: no error")
	}
}
