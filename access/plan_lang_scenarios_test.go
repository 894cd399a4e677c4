package access_test

import (
	"testing"
	"time"

	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/licensing"
	"github.com/resellerkit/resellerkit/roles"
)

// namedPlan is a plan made over the fake for one situation.
type namedPlan struct {
	name string
	plan *access.Plan
}

// languagePlans makes plans over the fake that, together, hold every
// check, step kind, blocked step, manual step and note a plan can have,
// with the error-derived details of W6 and D4: the material of the
// language tests of [access.Plan.In].
func languagePlans(t *testing.T) []namedPlan {
	t.Helper()
	var out []namedPlan
	add := func(name string, p *access.Plan) { out = append(out, namedPlan{name, p}) }
	one := func(team access.Team) access.Team {
		team.People = team.People[1:2]
		return team
	}

	// S2, S6 manual steps, P8 note, every step kind to create, move, hold.
	{
		srv, _ := demo(t)
		team := demoTeam()
		team.Alerts = access.AlertsRedirect
		add("redirect", mustPlan(t, demoSetup(t, srv), team))
	}
	// S1: a consumer caller; a caller that is no address.
	for name, caller := range map[string]string{"consumer caller": "someone@GMAIL.com", "caller not an address": "nobody"} {
		srv, _ := demo(t)
		tg := target(t, srv, "admin@"+fake.DemoAlderDomain)
		tg.Caller = caller
		s, err := access.NewSetup([]access.Target{tg}, &access.SetupOptions{Clock: srv.World().Now})
		if err != nil {
			t.Fatal(err)
		}
		add(name, mustPlan(t, s, one(demoTeam())))
	}
	// S1: a delegated admin, not a super admin.
	{
		srv, w := demo(t)
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
		add("not a super admin", mustPlan(t, s, one(demoTeam())))
	}
	// S4: one seat short.
	{
		srv, w := demo(t)
		if err := w.SetSeats(fake.DemoAlderCustomerID, string(licensing.ProductCloudIdentityFree), string(licensing.SKUCloudIdentityFree), 9); err != nil {
			t.Fatal(err)
		}
		add("seats short", mustPlan(t, demoSetup(t, srv), demoTeam()))
	}
	// S4: a seat source that does not know the SKU.
	{
		srv, w := demo(t)
		tg := target(t, srv, "admin@"+fake.DemoAlderDomain)
		conn, err := srv.Conn(t.Context(), "admin@"+fake.DemoAlderDomain)
		if err != nil {
			t.Fatal(err)
		}
		tg.Licensing = newLicensing(t, conn, licensing.WithSeatSource(licensing.StaticSeats{}))
		s, err := access.NewSetup([]access.Target{tg}, &access.SetupOptions{Clock: w.Now})
		if err != nil {
			t.Fatal(err)
		}
		add("seats unknown", mustPlan(t, s, one(demoTeam())))
	}
	// S5: a role of the same name with other privileges blocks the role
	// and the assignments.
	{
		srv, _ := demo(t)
		team := demoTeam()
		team.Profile = access.CustomerCarePortal
		team.RoleName = fake.DemoPortalRole
		add("role conflict", mustPlan(t, demoSetup(t, srv), team))
	}
	// S2 symptom, P5 inactive account, the pre-built Reseller Admin role,
	// S6 by sharing.
	{
		srv, w := demo(t)
		if err := w.SetSeats(fake.DemoAlderCustomerID, "Google-Apps", "1010020028", 5); err != nil {
			t.Fatal(err)
		}
		if err := w.AssignLicense("gus@alder-reseller.example", "Google-Apps", "1010020028"); err != nil {
			t.Fatal(err)
		}
		add("reseller admin, double licensed, inactive", mustPlan(t, demoSetup(t, srv), access.Team{UseResellerAdmin: true, People: []access.Member{
			{ID: "dan@corp.example", GivenName: "Dan", FamilyName: "Reyes", Domains: []string{fake.DemoAlderDomain}},
		}}))
	}
	// S7: a domain no reseller account owns; D4: an unverified domain.
	{
		srv, _ := demo(t)
		team := demoTeam()
		team.People[0].Domains = append(team.People[0].Domains, "elsewhere.example")
		team.People[1].Domains = append(team.People[1].Domains, fake.DemoAlderLabsDomain)
		add("unowned and unverified domains", mustPlan(t, demoSetup(t, srv), team))
	}
	// W6: refused credentials, a disabled API, a missing scope, a refusal.
	{
		srv, w := demo(t)
		srv.Fail(fake.Fault{Method: "directory.domains.list", Status: 401, Reason: "authError"})
		s, err := access.NewSetup([]access.Target{target(t, srv, "admin@"+fake.DemoAlderDomain)}, &access.SetupOptions{Clock: w.Now})
		if err != nil {
			t.Fatal(err)
		}
		add("refused credentials", mustPlan(t, s, one(demoTeam())))
	}
	{
		srv, w := demo(t)
		srv.Fail(fake.Fault{Method: "directory.privileges.list", Status: 403, Reason: "accessNotConfigured"})
		srv.Fail(fake.Fault{Method: "licensing.licenseAssignments.listForProduct", Status: 403, Reason: "insufficientPermissions"})
		s, err := access.NewSetup([]access.Target{target(t, srv, "admin@"+fake.DemoAlderDomain)}, &access.SetupOptions{Clock: w.Now})
		if err != nil {
			t.Fatal(err)
		}
		add("API disabled, scope missing", mustPlan(t, s, one(demoTeam())))
	}
	{
		srv, w := demo(t)
		srv.Fail(fake.Fault{Method: "directory.domains.list", Status: 403, Reason: "forbidden"})
		s, err := access.NewSetup([]access.Target{target(t, srv, "admin@"+fake.DemoAlderDomain)}, &access.SetupOptions{Clock: w.Now})
		if err != nil {
			t.Fatal(err)
		}
		add("refused", mustPlan(t, s, one(demoTeam())))
	}
	// S5 with P1 and P4: access through a group's role, through two roles,
	// a role no account needs, a super admin, an assignment that expires.
	{
		srv, w := demo(t)
		for name, privs := range map[string][]string{
			"Portal customers": {roles.DefaultViewCustomersName},
			"Portal cases":     {roles.DefaultAccessCustomerSupportCasesName, roles.DefaultSupportName},
		} {
			if _, err := w.AddRole(fake.DemoAlderCustomerID, fake.RoleSeed{Name: name, Privileges: privs}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := w.AddUser(fake.DemoAlderCustomerID, fake.UserSeed{Email: "uma@" + fake.DemoAlderDomain, GivenName: "Uma", FamilyName: "Lind",
			Roles: []string{"Portal customers", "Portal cases"}}); err != nil {
			t.Fatal(err)
		}
		alder := servicesAs(t, srv, "admin@"+fake.DemoAlderDomain)
		if _, err := w.AddUser(fake.DemoAlderCustomerID, fake.UserSeed{Email: "ivo@" + fake.DemoAlderDomain, GivenName: "Ivo", FamilyName: "Berg"}); err != nil {
			t.Fatal(err)
		}
		role, err := alder.r.FindRole(t.Context(), "my_customer", access.DefaultRoleName(access.CloudSupportPortal))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range alder.r.EnsureAssignments(t.Context(), "my_customer", []roles.AssignmentSpec{{
			RoleID: role.ID, AssignedTo: "ivo@" + fake.DemoAlderDomain, ExpireTime: w.Now().Add(24 * time.Hour),
		}}, nil) {
			if r.Err != nil {
				t.Fatal(r.Err)
			}
		}
		add("existing access", mustPlan(t, demoSetup(t, srv), access.Team{People: []access.Member{
			{ID: "hana@corp.example", GivenName: "Hana", FamilyName: "Mori", Domains: []string{fake.DemoBirchDomain}},
			{ID: "cara@corp.example", GivenName: "Cara", FamilyName: "Diaz", Domains: []string{fake.DemoAlderEUDomain}},
			{ID: "ivo@corp.example", GivenName: "Ivo", FamilyName: "Berg", Domains: []string{fake.DemoAlderDomain}},
			{ID: "uma@corp.example", GivenName: "Uma", FamilyName: "Lind", Domains: []string{fake.DemoAlderDomain}},
			{ID: "boss@corp.example", GivenName: "Ada", FamilyName: "Admin", Username: "admin", Domains: []string{fake.DemoAlderDomain}},
		}}))
	}
	// S5: a privilege the tenant's tree lacks under its configured name.
	{
		srv, w := demo(t)
		tg := target(t, srv, "admin@"+fake.DemoAlderDomain)
		conn, err := srv.Conn(t.Context(), "admin@"+fake.DemoAlderDomain)
		if err != nil {
			t.Fatal(err)
		}
		if tg.Roles, err = roles.New(conn, roles.WithNameTable(roles.DefaultNameTable().With(roles.ViewCustomers, "NOT_IN_THE_TREE"))); err != nil {
			t.Fatal(err)
		}
		s, err := access.NewSetup([]access.Target{tg}, &access.SetupOptions{Clock: w.Now})
		if err != nil {
			t.Fatal(err)
		}
		add("privileges absent", mustPlan(t, s, one(demoTeam())))
	}
	// Everything in place after an apply.
	{
		srv, _ := demo(t)
		s := demoSetup(t, srv)
		if _, err := s.Apply(t.Context(), mustPlan(t, s, demoTeam()), nil); err != nil {
			t.Fatal(err)
		}
		add("applied", mustPlan(t, s, demoTeam()))
	}
	return out
}
