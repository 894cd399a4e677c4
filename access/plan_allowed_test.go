package access_test

import (
	"strings"
	"testing"
	"time"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/roles"
)

// stepFor returns the step of kind about subject in ap.
func stepFor(t *testing.T, ap access.AccountPlan, kind access.StepKind, subject string) access.Step {
	t.Helper()
	for _, s := range ap.Steps {
		if s.Kind == kind && s.Subject == subject {
			return s
		}
	}
	t.Fatalf("the plan of %s has no %s step for %s", ap.CustomerID, kind, subject)
	return access.Step{}
}

// TestPlanKeepsExistingAccess checks S5 with P1 and P4: an account that
// already reaches the portal for good (the Reseller Admin role, a custom
// role through a group) is not given the team's role, and the plan says
// why; a grant that expires, or a suspended account (P5), does not count,
// so the role is still assigned. A role no account needs is not created.
func TestPlanKeepsExistingAccess(t *testing.T) {
	t.Parallel()
	srv, w := demo(t)
	// gus holds the Reseller Admin role until tomorrow only (P4).
	alder := servicesAs(t, srv, "admin@"+fake.DemoAlderDomain)
	ra, err := alder.r.FindResellerAdminRole(t.Context(), "my_customer")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range alder.r.EnsureAssignments(t.Context(), "my_customer", []roles.AssignmentSpec{{
		RoleID: ra.ID, AssignedTo: "gus@" + fake.DemoAlderDomain, ExpireTime: w.Now().Add(24 * time.Hour),
	}}, nil) {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	team := access.Team{People: []access.Member{
		{ID: "hana@corp.example", GivenName: "Hana", FamilyName: "Mori", Domains: []string{fake.DemoBirchDomain}},
		{ID: "cara@corp.example", GivenName: "Cara", FamilyName: "Diaz", Domains: []string{fake.DemoAlderEUDomain}},
		{ID: "dan@corp.example", GivenName: "Dan", FamilyName: "Ek", Domains: []string{fake.DemoAlderDomain}},
		{ID: "gus@corp.example", GivenName: "Gus", FamilyName: "Holm", Domains: []string{fake.DemoAlderDomain}},
	}}
	s := demoSetup(t, srv)
	plan := mustPlan(t, s, team)
	a, b := plan.Accounts[0], plan.Accounts[1]
	tests := []struct {
		name    string
		ap      access.AccountPlan
		subject string
		action  access.Action
		detail  string
	}{
		{"Reseller Admin for good (P1.1)", b, "hana@" + fake.DemoBirchDomain, access.ActionNone, "not needed: already reaches the portal through the Reseller Admin role (P1.1)"},
		{"custom role through a group (P1.2, P4)", a, "cara@" + fake.DemoAlderEUDomain, access.ActionNone, "through the role " + fake.DemoPortalRole + " (P1.2)"},
		{"suspended Reseller Admin (P5)", a, "dan@" + fake.DemoAlderDomain, access.ActionCreate, "will be assigned"},
		{"Reseller Admin that expires (P4)", a, "gus@" + fake.DemoAlderDomain, access.ActionCreate, "will be assigned"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := stepFor(t, tt.ap, access.StepAssignment, tt.subject)
			if st.Action != tt.action || !strings.Contains(st.Detail, tt.detail) {
				t.Errorf("S5 assignment of %s: %s %q, want %s with %q", tt.subject, st.Action, st.Detail, tt.action, tt.detail)
			}
		})
	}
	// Birch has no custom role yet, and hana, its only staff account here,
	// does not need one: it is not created (S5).
	role := stepFor(t, b, access.StepRole, access.DefaultRoleName(access.CloudSupportPortal))
	if role.Action != access.ActionNone || !strings.Contains(role.Detail, "not needed") {
		t.Errorf("S5 role on Birch: %s %q, want it left uncreated", role.Action, role.Detail)
	}

	// Apply writes no role and no assignment on Birch.
	if _, err := s.Apply(t.Context(), plan, nil); err != nil {
		t.Fatal(err)
	}
	birch := servicesAs(t, srv, "admin@"+fake.DemoBirchDomain)
	if _, err := birch.r.FindRole(t.Context(), "my_customer", access.DefaultRoleName(access.CloudSupportPortal)); resellerkit.KindOf(err) != resellerkit.KindNotFound {
		t.Errorf("after Apply, the unneeded role on Birch: err %v, want not found", err)
	}
}

// TestPlanNothingForSomeoneAllowed checks S7 end to end: for a person who
// already reaches the portal for good on every domain they cover, whose
// accounts, licenses and org unit are in place, the plan has no change.
func TestPlanNothingForSomeoneAllowed(t *testing.T) {
	t.Parallel()
	srv, _ := demo(t)
	s := demoSetup(t, srv)
	// hana is in the demo's staff org unit, with her license (S3, S4).
	plan := mustPlan(t, s, access.Team{OrgUnit: fake.DemoStaffOrgUnit, People: []access.Member{
		{ID: "hana@corp.example", GivenName: "Hana", FamilyName: "Mori", Domains: []string{fake.DemoBirchDomain}},
	}})
	if n := plan.Accounts[1].Steps; plan.Changes() != 0 {
		t.Errorf("S7 plan for a person allowed everywhere: %d changes, want 0; steps %+v", plan.Changes(), n)
	}
}
