package access_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/oauth2"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/fake/faketest"
	"github.com/resellerkit/resellerkit/licensing"
	"github.com/resellerkit/resellerkit/roles"
)

// target returns a setup Target over the Server acting as email.
func target(t *testing.T, srv *fake.Server, email string) access.Target {
	t.Helper()
	conn, err := srv.Conn(t.Context(), email)
	if err != nil {
		t.Fatal(err)
	}
	w := srv.World()
	fast := resellerkit.AwaitPolicy{Interval: time.Millisecond, Timeout: 10 * time.Second}
	d, err := domains.New(conn, domains.WithAwait(fast))
	if err != nil {
		t.Fatal(err)
	}
	r, err := roles.New(conn, roles.WithAwait(fast))
	if err != nil {
		t.Fatal(err)
	}
	return access.Target{Caller: email,
		Domains:   d,
		Roles:     r,
		Licensing: newLicensing(t, conn, licensing.WithSeatSource(worldSeats(w))),
	}
}

func demoSetup(t *testing.T, srv *fake.Server) *access.Setup {
	t.Helper()
	s, err := access.NewSetup([]access.Target{
		target(t, srv, "admin@"+fake.DemoAlderDomain),
		target(t, srv, "admin@"+fake.DemoBirchDomain),
	}, &access.SetupOptions{Clock: srv.World().Now, Await: resellerkit.AwaitPolicy{Interval: time.Millisecond, Timeout: 10 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// demoTeam: three people across the three usable domains of two reseller
// accounts (S7), one with an existing account in another org unit.
func demoTeam() access.Team {
	return access.Team{People: []access.Member{
		{ID: "ana@corp.example", GivenName: "Ana", FamilyName: "Lima", Domains: []string{fake.DemoAlderDomain, fake.DemoAlderEUDomain, fake.DemoBirchDomain}},
		{ID: "zoe@corp.example", GivenName: "Zoe", FamilyName: "Park", Domains: []string{fake.DemoAlderEUDomain}},
		{ID: "yan@corp.example", GivenName: "Yan", FamilyName: "Wu", Username: "yan.wu", Domains: []string{fake.DemoAlderDomain, fake.DemoBirchDomain}},
	}}
}

type stepView struct {
	Kind    access.StepKind
	Subject string
	Action  access.Action
	Blocked bool
}

func stepsOf(ap access.AccountPlan) []stepView {
	var out []stepView
	for _, s := range ap.Steps {
		out = append(out, stepView{s.Kind, s.Subject, s.Action, s.Blocked != ""})
	}
	return out
}

func checkOf(ap access.AccountPlan, rule, name string) (access.Check, bool) {
	for _, c := range ap.Checks {
		if c.Rule == rule && strings.Contains(c.Name, name) {
			return c, true
		}
	}
	return access.Check{}, false
}

// TestPlanDemo checks the dry run (S7) over the demo world: every step per
// reseller account, what holds and what will change, the preflight (S1,
// W6), the manual steps (S2, S6) and the seat check (S4); and that planning
// writes nothing.
func TestPlanDemo(t *testing.T) {
	t.Parallel()
	srv, w := demo(t)
	before := w.Snapshot()
	team := demoTeam()
	team.Alerts = access.AlertsRedirect
	plan, err := demoSetup(t, srv).Plan(t.Context(), team)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, w.Snapshot()); diff != "" {
		t.Errorf("S7 planning wrote to the world (-before +after):\n%s", diff)
	}
	if !plan.Ready() {
		t.Fatalf("plan not ready: %v", plan.Problems())
	}
	c, n, u := access.ActionCreate, access.ActionNone, access.ActionUpdate
	alder := []stepView{
		{access.StepOrgUnit, "/Support portal", c, false},
		{access.StepAccount, "ana@alder-reseller.example", u, false}, // exists in /Staff: moved (S3)
		{access.StepAccount, "ana@alder-eu.example", c, false},       // D2: secondary domain too
		{access.StepAccount, "zoe@alder-eu.example", c, false},
		{access.StepAccount, "yan.wu@alder-reseller.example", c, false},
		{access.StepLicense, "ana@alder-reseller.example", n, false}, // holds Cloud Identity Free
		{access.StepLicense, "ana@alder-eu.example", c, false},
		{access.StepLicense, "zoe@alder-eu.example", c, false},
		{access.StepLicense, "yan.wu@alder-reseller.example", c, false},
		{access.StepRole, "Support portal access", n, false},            // S5: same name, same privileges: reused
		{access.StepAssignment, "ana@alder-reseller.example", n, false}, // S5: Reseller Admin for good already (P1.1)
		{access.StepAssignment, "ana@alder-eu.example", c, false},
		{access.StepAssignment, "zoe@alder-eu.example", c, false},
		{access.StepAssignment, "yan.wu@alder-reseller.example", c, false},
	}
	if diff := cmp.Diff(alder, stepsOf(plan.Accounts[0])); diff != "" {
		t.Errorf("Alder steps mismatch (-want +got):\n%s", diff)
	}
	birch := []stepView{
		{access.StepOrgUnit, "/Support portal", c, false},
		{access.StepAccount, "ana@birch-partners.example", c, false},
		{access.StepAccount, "yan.wu@birch-partners.example", c, false},
		{access.StepLicense, "ana@birch-partners.example", c, false},
		{access.StepLicense, "yan.wu@birch-partners.example", c, false},
		{access.StepRole, "Support portal access", c, false}, // S5: created on this tenant
		{access.StepAssignment, "ana@birch-partners.example", c, false},
		{access.StepAssignment, "yan.wu@birch-partners.example", c, false},
	}
	if diff := cmp.Diff(birch, stepsOf(plan.Accounts[1])); diff != "" {
		t.Errorf("Birch steps mismatch (-want +got):\n%s", diff)
	}
	if plan.Accounts[0].CustomerID != fake.DemoAlderCustomerID {
		t.Errorf("CustomerID = %q", plan.Accounts[0].CustomerID)
	}
	for _, ap := range plan.Accounts {
		for _, name := range []string{"not a consumer account", "belongs to this reseller account", "is a super admin"} {
			if c, ok := checkOf(ap, "S1", name); !ok || !c.OK {
				t.Errorf("%s: S1 check %q = %+v, %v", ap.CustomerID, name, c, ok)
			}
		}
		if c, ok := checkOf(ap, "S4", "seats"); !ok || !c.OK || !c.Blocking {
			t.Errorf("%s: S4 check = %+v, %v", ap.CustomerID, c, ok)
		}
		var rules []string
		for _, m := range ap.Manual {
			rules = append(rules, m.Rule)
		}
		if diff := cmp.Diff([]string{"S2", "S6"}, rules); diff != "" {
			t.Errorf("%s: manual steps mismatch (-want +got):\n%s", ap.CustomerID, diff)
		}
	}
	if got := plan.Changes(); got != 19 {
		t.Errorf("Changes() = %d, want 19", got)
	}

	text := plan.String()
	for _, want := range []string{
		"Setup plan (dry run)", "Reseller account C01a1der0 (alder-reseller.example, alder-eu.example, alder-labs.example), acting as admin@alder-reseller.example",
		"[ok] S1 the caller is a super admin", "[S2] Turn off automatic licensing for the org unit /Support portal",
		"~ [S3] account    ana@alder-reseller.example: exists; will move from /Staff to /Support portal",
		"= [S5] role       Support portal access: exists with exactly the profile's privileges",
		"+ [S5] role       Support portal access: will be created with exactly: Reseller Tools › Customers › View Customers",
		"= [S5] assignment ana@alder-reseller.example: not needed: already reaches the portal through the Reseller Admin role (P1.1)",
		"zoe@alder-eu.example → zoe@corp.example", "19 change(s) to apply.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("plan text lacks %q:\n%s", want, text)
		}
	}
	var b strings.Builder
	if err := plan.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var back access.Plan
	if err := json.Unmarshal([]byte(b.String()), &back); err != nil {
		t.Fatalf("plan JSON does not read back: %v", err)
	}
	if diff := cmp.Diff(plan.Accounts[1].Steps, back.Accounts[1].Steps); diff != "" {
		t.Errorf("plan JSON round trip mismatch (-want +got):\n%s", diff)
	}
	if !strings.Contains(b.String(), `"action": "create"`) || !strings.Contains(b.String(), `"kind": "assignment"`) {
		t.Errorf("plan JSON lacks stable names:\n%s", b.String())
	}
}

// cleanRun applies demoTeam to a fresh demo world without faults.
// demoPlan plans the demo team over a fresh demo world.
func demoPlan(t *testing.T) (*fake.Server, *fake.World, *access.Setup, *access.Plan) {
	t.Helper()
	srv, w := demo(t)
	s := demoSetup(t, srv)
	plan, err := s.Plan(t.Context(), demoTeam())
	if err != nil {
		t.Fatal(err)
	}
	return srv, w, s, plan
}

func cleanRun(t *testing.T) fake.Snapshot {
	t.Helper()
	_, w, s, plan := demoPlan(t)
	rep, err := s.Apply(t.Context(), plan, nil)
	if err != nil {
		t.Fatalf("clean Apply() = %v", err)
	}
	if rep.Failed != 0 || rep.Created+rep.Updated != plan.Changes() {
		t.Fatalf("clean Apply() report: %d created, %d updated, %d failed; plan had %d changes", rep.Created, rep.Updated, rep.Failed, plan.Changes())
	}
	return faketest.Normalize(w.Snapshot())
}

// TestApplyIdempotent checks S7: Apply does the plan with one result per
// item, the people then reach the portal on every domain (P1.2, D2), and a
// second apply changes nothing.
func TestApplyIdempotent(t *testing.T) {
	t.Parallel()
	srv, w, s, plan := demoPlan(t)
	var progress atomic.Int32
	rep, err := s.Apply(t.Context(), plan, &access.ApplyOptions{OnProgress: func(access.ApplyProgress) { progress.Add(1) }})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(rep.Results), 22; got != want {
		t.Errorf("%d results, want one per step (%d)", got, want)
	}
	if rep.Created != 18 || rep.Updated != 1 || rep.Unchanged != 3 || rep.Failed != 0 {
		t.Errorf("report: %d created, %d updated, %d unchanged, %d failed; want 18, 1, 3, 0", rep.Created, rep.Updated, rep.Unchanged, rep.Failed)
	}
	if progress.Load() == 0 {
		t.Error("no progress was reported")
	}
	passwords := 0
	for _, r := range rep.Results {
		if r.Step.Kind == access.StepAccount && r.Outcome == resellerkit.OutcomeCreated {
			if r.InitialPassword.IsZero() {
				t.Errorf("created account %s has no initial password", r.Step.Subject)
			}
			passwords++
			if b, _ := json.Marshal(rep); strings.Contains(string(b), r.InitialPassword.Reveal()) {
				t.Errorf("the report's JSON holds the password of %s", r.Step.Subject)
			}
		}
	}
	if passwords != 5 {
		t.Errorf("%d initial passwords, want 5", passwords)
	}

	// The people now reach the portal on each domain (P1.2, P2, D1).
	alder := servicesAs(t, srv, "admin@"+fake.DemoAlderDomain)
	checker := access.NewChecker(alder.d, alder.r, nil)
	for _, email := range []string{"ana@alder-reseller.example", "ana@alder-eu.example", "zoe@alder-eu.example", "yan.wu@alder-reseller.example"} {
		d, err := checker.Decide(t.Context(), email, access.CloudSupportPortal)
		if err != nil || !d.Allowed {
			t.Errorf("after Apply, %s: %v, %s", email, err, access.Summary(d))
		}
	}

	after := w.Snapshot()
	rep2, err := s.Apply(t.Context(), plan, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep2.Created+rep2.Updated+rep2.Failed != 0 || rep2.Unchanged != len(rep2.Results) || rep2.Plan.Changes() != 0 {
		t.Errorf("S7 second apply: %d created, %d updated, %d failed, %d unchanged of %d", rep2.Created, rep2.Updated, rep2.Failed, rep2.Unchanged, len(rep2.Results))
	}
	if diff := cmp.Diff(after, w.Snapshot()); diff != "" {
		t.Errorf("S7 the second apply changed the world (-after first +after second):\n%s", diff)
	}
}

// TestApplyResumesAfterFaults checks S7 and W5: faults injected in the
// middle of the run (a refused account creation, a license insert and a
// role assignment insert that keep failing past the retries, read-after-
// write lag) fail some items; a second Apply of the same reviewed plan
// finishes, and the world ends identical to a clean run.
func TestApplyResumesAfterFaults(t *testing.T) {
	t.Parallel()
	want := cleanRun(t)
	srv, w, s, plan := demoPlan(t)
	w.SetReadAfterWriteLag(2)
	removes := []func(){
		srv.Fail(fake.Fault{Method: "directory.users.insert", Status: 403, Reason: "forbidden", Skip: 1, Count: 1}),
		srv.Fail(fake.Fault{Method: "licensing.licenseAssignments.insert", Status: 503, Skip: 1, Count: 40}),
		srv.Fail(fake.Fault{Method: "directory.roleAssignments.insert", Status: 503, Skip: 2, Count: 40}),
	}
	rep, err := s.Apply(t.Context(), plan, nil)
	if err == nil || rep == nil || rep.Failed == 0 {
		t.Fatalf("Apply with faults = %v (report %+v), want failed items", err, rep)
	}
	for _, r := range rep.Results {
		if r.Outcome == resellerkit.OutcomeFailed && (r.Err == nil || r.Error == "") {
			t.Errorf("failed item %s %s has no error", r.Step.Kind, r.Step.Subject)
		}
	}
	for _, rm := range removes {
		rm()
	}
	rep, err = s.Apply(t.Context(), plan, nil)
	if err != nil {
		t.Fatalf("second Apply = %v", err)
	}
	if rep.Failed != 0 || rep.Created == 0 {
		t.Errorf("second Apply: %d created, %d failed; want the rest created, none failed", rep.Created, rep.Failed)
	}
	if diff := cmp.Diff(want, faketest.Normalize(w.Snapshot())); diff != "" {
		t.Errorf("S7 world after faults and resume differs from a clean run (-clean +resumed):\n%s", diff)
	}
}

// TestApplyResumesAfterCancel: rule S7, a cancellation in the middle of the
// run (as a crash would) leaves a world that a second Apply completes,
// ending identical to a clean run.
func TestApplyResumesAfterCancel(t *testing.T) {
	t.Parallel()
	want := cleanRun(t)
	_, w, s, plan := demoPlan(t)
	ctx, cancel := context.WithCancel(t.Context())
	var once atomic.Bool
	rep, err := s.Apply(ctx, plan, &access.ApplyOptions{OnProgress: func(p access.ApplyProgress) {
		if p.Kind == access.StepAccount && p.Done >= 1 && once.CompareAndSwap(false, true) {
			cancel()
		}
	}})
	cancel()
	if !errors.Is(err, resellerkit.ErrCanceled) || rep == nil || rep.Failed == 0 {
		t.Fatalf("cancelled Apply = %v, report %v; want ErrCanceled and failed items", err, rep)
	}
	if _, err := s.Apply(t.Context(), plan, nil); err != nil {
		t.Fatalf("resumed Apply = %v", err)
	}
	if diff := cmp.Diff(want, faketest.Normalize(w.Snapshot())); diff != "" {
		t.Errorf("S7 world after cancel and resume differs from a clean run (-clean +resumed):\n%s", diff)
	}
}

// TestApplyRefuses: Apply writes nothing when the plan has problems, when
// the world changed since the review, or when the plan is missing.
func TestApplyRefuses(t *testing.T) {
	t.Parallel()
	t.Run("S4 seats will not suffice", func(t *testing.T) {
		t.Parallel()
		srv, w := demo(t)
		s := demoSetup(t, srv)
		// Alder: 7 of 50 assigned, 3 licenses needed. 9 seats: 2 free, one short.
		if err := w.SetSeats(fake.DemoAlderCustomerID, string(licensing.ProductCloudIdentityFree), string(licensing.SKUCloudIdentityFree), 9); err != nil {
			t.Fatal(err)
		}
		plan, err := s.Plan(t.Context(), demoTeam())
		if err != nil {
			t.Fatal(err)
		}
		c, _ := checkOf(plan.Accounts[0], "S4", "seats")
		if plan.Ready() || c.OK || !strings.Contains(c.Detail, "1 more needed") || !strings.Contains(c.Fix, "super admin") {
			t.Fatalf("S4 one seat short: ready %v, check %+v", plan.Ready(), c)
		}
		before := w.Snapshot()
		if _, err := s.Apply(t.Context(), plan, nil); !errors.Is(err, resellerkit.ErrFailedPrecondition) {
			t.Errorf("Apply() = %v, want ErrFailedPrecondition", err)
		}
		if diff := cmp.Diff(before, w.Snapshot()); diff != "" {
			t.Errorf("S4 Apply of a refused plan wrote (-before +after):\n%s", diff)
		}
		// 10 seats: exactly enough (the boundary).
		if err := w.SetSeats(fake.DemoAlderCustomerID, string(licensing.ProductCloudIdentityFree), string(licensing.SKUCloudIdentityFree), 10); err != nil {
			t.Fatal(err)
		}
		plan, err = s.Plan(t.Context(), demoTeam())
		if err != nil || !plan.Ready() {
			t.Fatalf("S4 exactly enough seats: %v, %v", err, plan.Problems())
		}
	})
	t.Run("S1 consumer caller", func(t *testing.T) {
		t.Parallel()
		srv, w := demo(t)
		tg := target(t, srv, "admin@"+fake.DemoAlderDomain)
		tg.Caller = "someone@GMAIL.com"
		s, err := access.NewSetup([]access.Target{tg}, nil)
		if err != nil {
			t.Fatal(err)
		}
		team := demoTeam()
		team.People = team.People[1:2]
		plan, err := s.Plan(t.Context(), team)
		if err != nil {
			t.Fatal(err)
		}
		if c, _ := checkOf(plan.Accounts[0], "S1", "consumer"); c.OK || !c.Blocking || plan.Ready() {
			t.Errorf("S1 consumer check = %+v, ready %v", c, plan.Ready())
		}
		before := w.Snapshot()
		if _, err := s.Apply(t.Context(), plan, nil); !errors.Is(err, resellerkit.ErrFailedPrecondition) {
			t.Errorf("Apply() = %v, want ErrFailedPrecondition", err)
		}
		if diff := cmp.Diff(before, w.Snapshot()); diff != "" {
			t.Errorf("S1 Apply wrote (-before +after):\n%s", diff)
		}
	})
	t.Run("S1 caller not a super admin", func(t *testing.T) {
		t.Parallel()
		srv, w := demo(t)
		// A delegated admin who can read and write everything the setup
		// touches, but is not a super admin.
		if _, err := w.AddRole(fake.DemoAlderCustomerID, fake.RoleSeed{Name: "Helpdesk", Privileges: []string{
			roles.UsersAllName, roles.OrgUnitsAllName, roles.DomainManagementName, roles.LicensingName, roles.DefaultRoleManagementName}}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.AddUser(fake.DemoAlderCustomerID, fake.UserSeed{Email: "desk@alder-reseller.example", GivenName: "D", FamilyName: "K",
			Roles: []string{"Helpdesk"}}); err != nil {
			t.Fatal(err)
		}
		s, err := access.NewSetup([]access.Target{target(t, srv, "desk@alder-reseller.example")}, &access.SetupOptions{Clock: w.Now})
		if err != nil {
			t.Fatal(err)
		}
		team := demoTeam()
		team.People = team.People[1:2]
		plan, err := s.Plan(t.Context(), team)
		if err != nil {
			t.Fatal(err)
		}
		if c, ok := checkOf(plan.Accounts[0], "S1", "super admin"); !ok || c.OK || plan.Ready() || !strings.Contains(c.Fix, "super admin") {
			t.Errorf("S1 super admin check = %+v, %v; ready %v", c, ok, plan.Ready())
		}
	})
	t.Run("W6 refused credentials", func(t *testing.T) {
		t.Parallel()
		srv, _ := demo(t)
		conn, err := resellerkit.Dial(t.Context(), resellerkit.WithEndpoint(srv.URL()),
			resellerkit.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "not-a-token"})),
			resellerkit.WithActor("admin@alder-reseller.example"),
			resellerkit.WithPacing(resellerkit.Pacing{}))
		if err != nil {
			t.Fatal(err)
		}
		d, err := domains.New(conn)
		if err != nil {
			t.Fatal(err)
		}
		r, err := roles.New(conn)
		if err != nil {
			t.Fatal(err)
		}
		s, err := access.NewSetup([]access.Target{{Caller: "admin@alder-reseller.example",
			Domains: d, Roles: r, Licensing: newLicensing(t, conn)}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		team := demoTeam()
		team.People = team.People[1:2]
		plan, err := s.Plan(t.Context(), team)
		if err != nil {
			t.Fatal(err)
		}
		c, ok := checkOf(plan.Accounts[0], "W6", "Directory API")
		if !ok || c.OK || !strings.Contains(c.Fix, "domain-wide delegation") || strings.Contains(c.Detail, "not-a-token") {
			t.Errorf("W6 check = %+v, %v", c, ok)
		}
		if plan.Ready() {
			t.Error("a plan with refused credentials is ready")
		}
		if !strings.Contains(plan.String(), "fix: the credentials were refused") {
			t.Errorf("plan text lacks the fix:\n%s", plan)
		}
	})
	t.Run("S5 role of the same name with other privileges", func(t *testing.T) {
		t.Parallel()
		srv, _ := demo(t)
		team := demoTeam()
		team.Profile = access.CustomerCarePortal
		team.RoleName = fake.DemoPortalRole // holds Support too: one extra privilege
		plan, err := demoSetup(t, srv).Plan(t.Context(), team)
		if err != nil {
			t.Fatal(err)
		}
		var role access.Step
		for _, st := range plan.Accounts[0].Steps {
			if st.Kind == access.StepRole {
				role = st
			}
		}
		if role.Blocked == "" || !strings.Contains(role.Blocked, "extra: SUPPORT_PRIVILEGE_GROUP") || plan.Ready() {
			t.Errorf("S5 conflict: role step %+v, ready %v", role, plan.Ready())
		}
	})
	t.Run("D4 unverified secondary domain", func(t *testing.T) {
		t.Parallel()
		srv, _ := demo(t)
		team := demoTeam()
		team.People[1].Domains = append(team.People[1].Domains, fake.DemoAlderLabsDomain)
		plan, err := demoSetup(t, srv).Plan(t.Context(), team)
		if err != nil {
			t.Fatal(err)
		}
		probs := strings.Join(plan.Problems(), "\n")
		if plan.Ready() || !strings.Contains(probs, "zoe@alder-labs.example") || !strings.Contains(probs, "verify it first") {
			t.Errorf("D4: problems = %s", probs)
		}
	})
	t.Run("S7 a domain no target owns", func(t *testing.T) {
		t.Parallel()
		srv, _ := demo(t)
		team := demoTeam()
		team.People[0].Domains = append(team.People[0].Domains, "elsewhere.example")
		plan, err := demoSetup(t, srv).Plan(t.Context(), team)
		if err != nil {
			t.Fatal(err)
		}
		if plan.Ready() || !strings.Contains(strings.Join(plan.Problems(), "\n"), "elsewhere.example") {
			t.Errorf("problems = %v", plan.Problems())
		}
	})
	t.Run("S7 the world changed since the review", func(t *testing.T) {
		t.Parallel()
		srv, w := demo(t)
		s := demoSetup(t, srv)
		if _, err := s.Apply(t.Context(), mustPlan(t, s, demoTeam()), nil); err != nil {
			t.Fatal(err)
		}
		reviewed := mustPlan(t, s, demoTeam()) // all holds
		// Someone moves a staff account out of the org unit after the review.
		alder := servicesAs(t, srv, "admin@"+fake.DemoAlderDomain)
		if _, err := alder.d.EnsureAccount(t.Context(), domains.AccountSpec{Email: "zoe@alder-eu.example", GivenName: "Zoe", FamilyName: "Park", OrgUnitPath: "/Staff"}); err != nil {
			t.Fatal(err)
		}
		before := w.Snapshot()
		_, err := s.Apply(t.Context(), reviewed, nil)
		if !errors.Is(err, resellerkit.ErrFailedPrecondition) || !strings.Contains(err.Error(), "plan again") {
			t.Errorf("Apply(stale plan) = %v, want a failed precondition saying to plan again", err)
		}
		if diff := cmp.Diff(before, w.Snapshot()); diff != "" {
			t.Errorf("Apply(stale plan) wrote (-before +after):\n%s", diff)
		}
	})
	t.Run("nil plan", func(t *testing.T) {
		t.Parallel()
		srv, _ := demo(t)
		if _, err := demoSetup(t, srv).Apply(t.Context(), nil, nil); !errors.Is(err, resellerkit.ErrInvalidArgument) {
			t.Errorf("Apply(nil) = %v", err)
		}
	})
}

func mustPlan(t *testing.T, s *access.Setup, team access.Team) *access.Plan {
	t.Helper()
	p, err := s.Plan(t.Context(), team)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestPlanResellerAdminAndChecks: S5 with the pre-built Reseller Admin role;
// S2's double licensing symptom; P5 a suspended staff account; S6 sharing.
func TestPlanResellerAdminAndChecks(t *testing.T) {
	t.Parallel()
	srv, w := demo(t)
	if err := w.SetSeats(fake.DemoAlderCustomerID, "Google-Apps", "1010020028", 5); err != nil {
		t.Fatal(err)
	}
	if err := w.AssignLicense("gus@alder-reseller.example", "Google-Apps", "1010020028"); err != nil {
		t.Fatal(err)
	}
	s := demoSetup(t, srv)
	team := access.Team{UseResellerAdmin: true, People: []access.Member{
		{ID: "dan@corp.example", GivenName: "Dan", FamilyName: "Reyes", Domains: []string{fake.DemoAlderDomain}},
	}}
	plan, err := s.Plan(t.Context(), team)
	if err != nil {
		t.Fatal(err)
	}
	ap := plan.Accounts[0]
	want := []stepView{
		{access.StepOrgUnit, "/Support portal", access.ActionCreate, false},
		{access.StepAccount, "dan@alder-reseller.example", access.ActionUpdate, false},
		{access.StepLicense, "dan@alder-reseller.example", access.ActionNone, false},
		{access.StepRole, "Reseller Admin", access.ActionNone, false},
		{access.StepAssignment, "dan@alder-reseller.example", access.ActionNone, false}, // already Reseller Admin
	}
	if diff := cmp.Diff(want, stepsOf(ap)); diff != "" {
		t.Errorf("S5 Reseller Admin steps mismatch (-want +got):\n%s", diff)
	}
	if c, ok := checkOf(ap, "S2", "both"); !ok || c.OK || c.Blocking || !strings.Contains(c.Detail, "gus@alder-reseller.example") {
		t.Errorf("S2 symptom check = %+v, %v", c, ok)
	}
	if c, ok := checkOf(ap, "P5", "active"); !ok || c.OK || c.Blocking || !strings.Contains(c.Detail, "dan@alder-reseller.example") {
		t.Errorf("P5 check = %+v, %v", c, ok)
	}
	if len(ap.Manual) != 1 || ap.Manual[0].Rule != "S2" {
		t.Errorf("manual steps = %+v, want S2 only (alerts by sharing)", ap.Manual)
	}
	if !slices.ContainsFunc(plan.Notes, func(n string) bool { return strings.HasPrefix(n, "S6") }) {
		t.Errorf("notes lack the S6 sharing note: %v", plan.Notes)
	}
	if !plan.Ready() {
		t.Errorf("warnings block the plan: %v", plan.Problems())
	}
}

func TestPlanInvalidTeam(t *testing.T) {
	t.Parallel()
	srv, _ := demo(t)
	s := demoSetup(t, srv)
	ok := demoTeam()
	tests := []struct {
		name  string
		mut   func(*access.Team)
		field string
	}{
		{"no people", func(t *access.Team) { t.People = nil }, "Team.People"},
		{"S3 top-level org unit", func(t *access.Team) { t.OrgUnit = "/" }, "Team.OrgUnit"},
		{"bad person ID", func(t *access.Team) { t.People[0].ID = "ana" }, "Team.People[0].ID"},
		{"duplicate person", func(t *access.Team) { t.People[1].ID = "ANA@corp.example" }, "Team.People[1].ID"},
		{"no domains", func(t *access.Team) { t.People[2].Domains = nil }, "Team.People[2].Domains"},
		{"no names", func(t *access.Team) { t.People[2].FamilyName = "" }, "Team.People[2]"},
		{"bad profile", func(t *access.Team) { t.Profile = 7 }, "Team.Profile"},
		{"S5 both roles", func(t *access.Team) { t.UseResellerAdmin, t.RoleName = true, "x" }, "Team.RoleName"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			team := ok
			team.People = slices.Clone(ok.People)
			tt.mut(&team)
			_, err := s.Plan(t.Context(), team)
			var fe *resellerkit.FieldError
			if !errors.As(err, &fe) || fe.Field != tt.field {
				t.Errorf("Plan() = %v, want an invalid field %s", err, tt.field)
			}
		})
	}
	if _, err := access.NewSetup(nil, nil); !errors.Is(err, resellerkit.ErrInvalidArgument) {
		t.Errorf("NewSetup(nil) = %v", err)
	}
	if _, err := access.NewSetup([]access.Target{{Domains: &domains.Service{}, Roles: &roles.Service{}, Licensing: &licensing.Service{}}}, nil); !errors.Is(err, resellerkit.ErrInvalidArgument) {
		t.Errorf("NewSetup(no caller) = %v", err)
	}
}

// newLicensing returns a licensing Service over conn, failing t on error.
func newLicensing(t *testing.T, conn *resellerkit.Conn, opts ...licensing.Option) *licensing.Service {
	t.Helper()
	l, err := licensing.New(conn, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// worldSeats is a licensing.SeatSource over the seat counts of the World's
// tenants (rule L4): the reseller tenants' own Cloud Identity Free seats are
// not on Google's wire, so a test reads them where a person reads Admin
// console › Billing, following w.SetSeats.
func worldSeats(w *fake.World) licensing.SeatSource {
	return licensing.SeatSourceFunc(func(_ context.Context, customer string, product licensing.ProductID, sku licensing.SKUID) (licensing.Seats, error) {
		for _, ten := range w.Snapshot().Tenants {
			if !slices.ContainsFunc(ten.Domains, func(d fake.DomainSnapshot) bool { return d.Name == customer }) && ten.CustomerID != customer {
				continue
			}
			for _, k := range ten.SKUs {
				if k.ProductID == string(product) && k.SKUID == string(sku) {
					return licensing.Seats{Total: k.Seats, Source: "fake world (tenant " + ten.CustomerID + ")"}, nil
				}
			}
		}
		return licensing.Seats{}, &resellerkit.Error{Kind: resellerkit.KindNotFound, Op: "worldSeats",
			Err: errors.New("no seats of " + string(product) + "/" + string(sku) + " for " + customer)}
	})
}
