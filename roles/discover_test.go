package roles_test

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/roles"
)

// unfamiliarNames renames every Reseller Tools privilege of the fake, and
// its service, to names the SDK's defaults share nothing with, as a real
// tenant's may: Google does not publish them (rule P1). The service name
// does not say "reseller" either, so only the Reseller Admin role tells
// which service is Reseller Tools.
var unfamiliarNames = map[string]string{
	"serviceId":                                      "02q5zy9k3l8m1x0",
	"serviceName":                                    "partner_sales",
	roles.DefaultResellerToolsName:                   "PARTNER_SALES_ALL",
	roles.DefaultResellerCustomersName:               "PARTNER_CUSTOMERS",
	roles.DefaultAddCustomersName:                    "PARTNER_CUSTOMERS_CREATE",
	roles.DefaultViewCustomersName:                   "PARTNER_CUSTOMERS_READ",
	roles.DefaultEditCustomersName:                   "PARTNER_CUSTOMERS_UPDATE",
	roles.DefaultTransferCustomersName:               "PARTNER_CUSTOMERS_TRANSFER",
	roles.DefaultAccessCustomerAdminName:             "PARTNER_CUSTOMERS_ADMIN_CONSOLE_ACCESS",
	roles.DefaultAccessCustomerSupportCasesName:      "PARTNER_CUSTOMERS_SUPPORT_CASES_ACCESS",
	roles.DefaultResellerBillingName:                 "PARTNER_BILLING",
	roles.DefaultResellerEnterpriseLegacySupportName: "PARTNER_LEGACY_SUPPORT_RESOLD",
}

const unfamiliarService = "02q5zy9k3l8m1x0"

// The staff of the renamed tenant.
const (
	staffViewer   = "viewer@" + suiteDomain   // custom role: View Customers + Access Customer's Support Cases
	staffParent   = "parent@" + suiteDomain   // custom role: Customers (the parent of both, P3)
	staffAdder    = "adder@" + suiteDomain    // custom role: Add Customers only
	staffReseller = "reseller@" + suiteDomain // the Reseller Admin role (P1.1)
)

// renamedSeed is the suite's tenant with names renamed, and staff holding
// custom roles under the renamed names.
func renamedSeed(names map[string]string, legacy bool) fake.Seed {
	s := suiteSeed(legacy)
	s.ResellerToolsNames = names
	ts := &s.Tenants[0]
	n := func(def string) string {
		if v := names[def]; v != "" {
			return v
		}
		return def
	}
	ts.Roles = []fake.RoleSeed{
		{Name: "Portal", Privileges: []string{n(roles.DefaultViewCustomersName), n(roles.DefaultAccessCustomerSupportCasesName)}},
		{Name: "Customers parent", Privileges: []string{n(roles.DefaultResellerCustomersName)}},
		{Name: "Adder", Privileges: []string{n(roles.DefaultAddCustomersName)}},
	}
	ts.Users = append(ts.Users,
		fake.UserSeed{Email: staffViewer, Roles: []string{"Portal"}},
		fake.UserSeed{Email: staffParent, Roles: []string{"Customers parent"}},
		fake.UserSeed{Email: staffAdder, Roles: []string{"Adder"}},
		fake.UserSeed{Email: staffReseller, Roles: []string{roles.ResellerAdminRoleName}},
	)
	return s
}

func renamedService(t *testing.T, names map[string]string, legacy bool, opts ...roles.Option) (*roles.Service, *resellerkit.Conn, *fake.Server) {
	t.Helper()
	w, err := fake.NewWorld(renamedSeed(names, legacy))
	if err != nil {
		t.Fatalf("NewWorld: %v", err)
	}
	srv := serve(t, w)
	conn := connect(t, srv, suiteAdmin, fastRetry)
	return newService(t, conn, opts...), conn, srv
}

// TestLearnNamesUnfamiliar: rules P1 and P3. On a tenant whose Reseller
// Tools privileges and service have names unlike the defaults, a Service
// given no NameTable learns each key's privilege from the tree and the
// Reseller Admin role, and says how.
func TestLearnNamesUnfamiliar(t *testing.T) {
	t.Parallel()
	s, _, srv := renamedService(t, unfamiliarNames, true)
	ctx := t.Context()
	d, err := s.LearnNames(ctx, suiteCustomer)
	if err != nil {
		t.Fatalf("LearnNames: %v", err)
	}
	want := roles.Discovery{
		Customer:              suiteCustomer,
		ResellerAdminRole:     roles.ResellerAdminRoleName,
		ResellerToolsServices: []string{unfamiliarService},
		Matches: []roles.Match{
			{Key: roles.ViewCustomers, Found: true, Privilege: ref(unfamiliarService, "PARTNER_CUSTOMERS_READ"), ServiceName: "partner_sales",
				Evidence: []roles.Evidence{roles.EvidenceNameWords, roles.EvidenceCustomersBranch, roles.EvidenceResellerAdminRole}},
			{Key: roles.AccessCustomerSupportCases, Found: true, Privilege: ref(unfamiliarService, "PARTNER_CUSTOMERS_SUPPORT_CASES_ACCESS"), ServiceName: "partner_sales",
				Evidence: []roles.Evidence{roles.EvidenceNameWords, roles.EvidenceCustomersBranch, roles.EvidenceResellerAdminRole}},
			{Key: roles.Support, Found: true, Privilege: ref(svcAdmin, roles.DefaultSupportName), ServiceName: "admin_apis",
				Evidence: []roles.Evidence{roles.EvidenceDefaultName}},
			{Key: roles.EnterpriseLegacySupport, Found: true, Privilege: ref(svcAdmin, roles.DefaultEnterpriseLegacySupportName), ServiceName: "admin_apis",
				Evidence: []roles.Evidence{roles.EvidenceDefaultName}},
			// Not held by the Reseller Admin role, as in the fake: only its
			// service places it.
			{Key: roles.ResellerEnterpriseLegacySupport, Found: true, Privilege: ref(unfamiliarService, "PARTNER_LEGACY_SUPPORT_RESOLD"), ServiceName: "partner_sales",
				Evidence: []roles.Evidence{roles.EvidenceNameWords}},
		},
	}
	if diff := cmp.Diff(want, d); diff != "" {
		t.Errorf("LearnNames mismatch (-want +got):\n%s", diff)
	}
	if got := d.Names()[roles.ViewCustomers]; got != "PARTNER_CUSTOMERS_READ" {
		t.Errorf("Names()[ViewCustomers] = %q", got)
	}

	// Learned once per Service and tenant: the next calls send nothing.
	srv.ResetLog()
	if _, err := s.LearnNames(ctx, suiteCustomer); err != nil {
		t.Fatal(err)
	}
	got, ok, err := s.Resolve(ctx, suiteCustomer, roles.AccessCustomerSupportCases)
	if err != nil || !ok || got != ref(unfamiliarService, "PARTNER_CUSTOMERS_SUPPORT_CASES_ACCESS") {
		t.Errorf("Resolve(AccessCustomerSupportCases) = %v, %v, %v", got, ok, err)
	}
	if log := srv.Requests(); len(log) != 0 {
		t.Errorf("cached names sent %v", log)
	}
	if k := s.KeyOf(ref(unfamiliarService, "PARTNER_CUSTOMERS_READ")); k != roles.ViewCustomers {
		t.Errorf("KeyOf(learned name) = %q", k)
	}
	if k := s.KeyOf(ref(unfamiliarService, roles.DefaultViewCustomersName)); k != "" {
		t.Errorf("KeyOf(a default name the tenant lacks) = %q, want none: no silent default", k)
	}

	// Without the Reseller Admin role (named otherwise here) and with a
	// service not named like Reseller Tools, nothing says which privileges
	// are the reseller's: no key is guessed.
	s2 := newService(t, connect(t, srv, suiteAdmin), roles.WithResellerAdminRoleName("_SOMETHING_ELSE"))
	d2, err := s2.LearnNames(ctx, suiteCustomer)
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := d2.Match(roles.ViewCustomers); m.Found || len(d2.ResellerToolsServices) != 0 {
		t.Errorf("without evidence of Reseller Tools: ViewCustomers %+v, services %v", m, d2.ResellerToolsServices)
	}
}

// TestAccessOnUnfamiliarNames: rules P1.1, P1.2 and P3 decided by package
// access on the renamed tenant, through a roles Service given no
// NameTable.
func TestAccessOnUnfamiliarNames(t *testing.T) {
	t.Parallel()
	s, conn, _ := renamedService(t, unfamiliarNames, false)
	d, err := domains.New(conn)
	if err != nil {
		t.Fatal(err)
	}
	c := access.NewChecker(d, s, &access.CheckerOptions{Customer: suiteCustomer})
	for _, tc := range []struct {
		email   string
		allowed bool
		path    access.Path
	}{
		{staffViewer, true, access.PathCustomerPrivileges},
		{staffParent, true, access.PathCustomerPrivileges}, // P3: the parent grants both
		{staffReseller, true, access.PathResellerAdmin},
		{staffAdder, false, 0},
	} {
		dec, err := c.Decide(t.Context(), tc.email, access.CustomerCarePortal)
		if err != nil {
			t.Fatalf("Decide(%s): %v", tc.email, err)
		}
		if dec.Allowed != tc.allowed {
			t.Errorf("%s: allowed %v, want %v (%s)", tc.email, dec.Allowed, tc.allowed, access.Summary(dec))
		}
		if tc.allowed && !slices.Contains(dec.Paths(), tc.path) {
			t.Errorf("%s: paths %v, want %v among them", tc.email, dec.Paths(), tc.path)
		}
	}
	// The learned names reach the grants (the keys access decides on).
	eff, err := s.Effective(t.Context(), suiteCustomer, staffViewer)
	if err != nil {
		t.Fatal(err)
	}
	if g := eff.GrantsOf(roles.ViewCustomers); len(g) != 1 || g[0].Privilege.Name != "PARTNER_CUSTOMERS_READ" {
		t.Errorf("grants of ViewCustomers = %+v", g)
	}
}

// ambiguousNames makes Add Customers read like View Customers too: two
// privileges below Customers fit ViewCustomers.
var ambiguousNames = map[string]string{
	roles.DefaultAddCustomersName:  "PARTNER_CUSTOMERS_VIEW",
	roles.DefaultViewCustomersName: "PARTNER_CUSTOMERS_READ",
}

// TestLearnNamesAmbiguous: rule P7, the Service does not guess between two
// privileges that fit a key: a typed error names both and how to pin one,
// every method that needs the names fails with it, and the pinned table
// then works and is checked against the tree.
func TestLearnNamesAmbiguous(t *testing.T) {
	t.Parallel()
	s, conn, _ := renamedService(t, ambiguousNames, false)
	ctx := t.Context()
	d, err := s.LearnNames(ctx, suiteCustomer)
	if !errors.Is(err, roles.ErrAmbiguousPrivilege) || !errors.Is(err, resellerkit.ErrFailedPrecondition) {
		t.Fatalf("LearnNames = %v, want ErrAmbiguousPrivilege and ErrFailedPrecondition", err)
	}
	var amb *roles.AmbiguousPrivilegeError
	if !errors.As(err, &amb) {
		t.Fatalf("%v is not an *AmbiguousPrivilegeError", err)
	}
	wantCands := []roles.PrivilegeRef{ref(svcReseller, "PARTNER_CUSTOMERS_VIEW"), ref(svcReseller, "PARTNER_CUSTOMERS_READ")}
	if amb.Key != roles.ViewCustomers || amb.Customer != suiteCustomer {
		t.Errorf("error names key %s of %s", amb.Key, amb.Customer)
	}
	if diff := cmp.Diff(wantCands, amb.Candidates); diff != "" {
		t.Errorf("candidates (-want +got):\n%s", diff)
	}
	for _, w := range []string{"PARTNER_CUSTOMERS_VIEW", "PARTNER_CUSTOMERS_READ", "roles.WithNameTable", "roles.ViewCustomers"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not mention %s", err, w)
		}
	}
	// What did match is still reported, for display.
	if m, _ := d.Match(roles.AccessCustomerSupportCases); !m.Found || m.Privilege.Name != roles.DefaultAccessCustomerSupportCasesName {
		t.Errorf("partial discovery: AccessCustomerSupportCases = %+v", m)
	}
	if m, _ := d.Match(roles.ViewCustomers); m.Found {
		t.Errorf("ViewCustomers matched %v despite the ambiguity", m.Privilege)
	}
	// No method falls back to the defaults.
	if _, _, err := s.Resolve(ctx, suiteCustomer, roles.ViewCustomers); !errors.Is(err, roles.ErrAmbiguousPrivilege) {
		t.Errorf("Resolve = %v", err)
	}
	if _, err := s.Effective(ctx, suiteCustomer, staffViewer); !errors.Is(err, roles.ErrAmbiguousPrivilege) {
		t.Errorf("Effective = %v", err)
	}
	if _, _, err := s.EnsureCustomRole(ctx, suiteCustomer, "x", []roles.PrivilegeKey{roles.ViewCustomers}); !errors.Is(err, roles.ErrAmbiguousPrivilege) {
		t.Errorf("EnsureCustomRole = %v", err)
	}
	dm, err := domains.New(conn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := access.NewChecker(dm, s, nil).Decide(ctx, staffViewer, access.CustomerCarePortal); !errors.Is(err, roles.ErrAmbiguousPrivilege) {
		t.Errorf("Checker.Decide = %v, want the ambiguity, not a denial (P7)", err)
	}

	// Pinning one candidate, as the error says, settles it.
	pinned := newService(t, conn, roles.WithNameTable(roles.DefaultNameTable().With(roles.ViewCustomers, "PARTNER_CUSTOMERS_READ")))
	pd, err := pinned.LearnNames(ctx, suiteCustomer)
	if err != nil {
		t.Fatalf("pinned LearnNames: %v", err)
	}
	if m, _ := pd.Match(roles.ViewCustomers); !pd.Pinned || !m.Found || m.Privilege != ref(svcReseller, "PARTNER_CUSTOMERS_READ") ||
		!slices.Equal(m.Evidence, []roles.Evidence{roles.EvidencePinned}) {
		t.Errorf("pinned ViewCustomers = %+v (pinned %v)", m, pd.Pinned)
	}
	// Checked against the tree: a pinned name the tree lacks is not found.
	if m, _ := pd.Match(roles.EnterpriseLegacySupport); m.Found {
		t.Errorf("pinned name absent from the tree reported found: %+v", m)
	}
	dec, err := access.NewChecker(dm, pinned, nil).Decide(ctx, staffViewer, access.CustomerCarePortal)
	if err != nil || !dec.Allowed {
		t.Errorf("pinned Decide = %v, %v; want allowed", access.Summary(dec), err)
	}
}

// TestLearnNamesDefaults: on the default fake the defaults are learned as
// such, and a tenant that is not a reseller has no Reseller Tools keys,
// which is an answer, not an error.
func TestLearnNamesDefaults(t *testing.T) {
	t.Parallel()
	seed := suiteSeed(false)
	seed.Tenants = append(seed.Tenants, fake.TenantSeed{
		CustomerID: "C02cust0",
		Domains:    []fake.DomainSeed{{Name: "customer.example"}},
		Users:      []fake.UserSeed{{Email: "boss@customer.example", Roles: []string{roles.SuperAdminRoleName}}},
		Customer:   &fake.CustomerSeed{ResellerDomain: suiteDomain},
	})
	w, err := fake.NewWorld(seed)
	if err != nil {
		t.Fatal(err)
	}
	srv := serve(t, w)
	s := newService(t, connect(t, srv, suiteAdmin))
	d, err := s.LearnNames(t.Context(), suiteCustomer)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []roles.PrivilegeKey{roles.ViewCustomers, roles.AccessCustomerSupportCases, roles.Support} {
		m, _ := d.Match(k)
		if !m.Found || m.Privilege.Name != roles.DefaultNameTable()[k] || m.Evidence[0] != roles.EvidenceDefaultName {
			t.Errorf("%s = %+v", k, m)
		}
	}
	if m, _ := d.Match(roles.ViewCustomers); !slices.Contains(m.Evidence, roles.EvidenceResellerService) || !slices.Contains(m.Evidence, roles.EvidenceResellerAdminRole) {
		t.Errorf("ViewCustomers evidence = %v", m.Evidence)
	}
	cs := newService(t, connect(t, srv, "boss@customer.example"))
	cd, err := cs.LearnNames(t.Context(), "my_customer")
	if err != nil {
		t.Fatalf("LearnNames on a customer tenant: %v", err)
	}
	if cd.ResellerAdminRole != "" || len(cd.ResellerToolsServices) != 0 {
		t.Errorf("customer tenant: %+v", cd)
	}
	if m, _ := cd.Match(roles.ViewCustomers); m.Found {
		t.Errorf("customer tenant has ViewCustomers %v", m.Privilege)
	}
}

// TestLearnNamesFailureIsNotCached: a failed roles.list is an error, never
// the defaults, and is not remembered (rule P7).
func TestLearnNamesFailureIsNotCached(t *testing.T) {
	t.Parallel()
	s, _, srv := renamedService(t, unfamiliarNames, false)
	srv.Fail(fake.Fault{Method: "directory.roles.list", Status: 403, Count: 1})
	if _, err := s.Effective(t.Context(), suiteCustomer, staffViewer); !errors.Is(err, resellerkit.ErrPermissionDenied) {
		t.Fatalf("Effective with roles.list failing = %v, want its error", err)
	}
	eff, err := s.Effective(t.Context(), suiteCustomer, staffViewer)
	if err != nil || !eff.Holds(roles.ViewCustomers) {
		t.Errorf("Effective after the fault = %v, holds %v", err, eff.Holds(roles.ViewCustomers))
	}
}

// TestLearnNamesConcurrent: concurrent callers share one roles.list.
func TestLearnNamesConcurrent(t *testing.T) {
	t.Parallel()
	s, _, srv := renamedService(t, unfamiliarNames, false)
	srv.Fail(fake.Fault{Method: "directory.roles.list", Latency: 20 * time.Millisecond, Count: 1})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if _, err := s.LearnNames(t.Context(), suiteCustomer); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := countCalls(srv.Requests(), "directory.roles.list"); n != 1 {
		t.Errorf("%d roles.list calls for 8 concurrent learners, want 1", n)
	}
}

// TestEffectiveFromLearnsFromItsFacts: EffectiveFrom, which does no I/O,
// learns the names of a tree it was not given by LearnNames from the
// tree and the roles passed (as access.Gather passes every role), and
// gives an ambiguous key to no grant rather than to a default.
func TestEffectiveFromLearnsFromItsFacts(t *testing.T) {
	t.Parallel()
	s, _, _ := renamedService(t, unfamiliarNames, false)
	ctx := t.Context()
	tree, err := s.Privileges(ctx, suiteCustomer)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := resellerkit.Collect(s.ListRoles(ctx, suiteCustomer))
	if err != nil {
		t.Fatal(err)
	}
	portal := slices.IndexFunc(rs, func(r roles.Role) bool { return r.Name == "Portal" })
	acct := roles.Account{ID: "7", Email: staffViewer}
	as := []roles.Assignment{{ID: "1", RoleID: rs[portal].ID, AssignedTo: "7", AssigneeType: roles.AssigneeUser, Scope: roles.ScopeCustomer}}
	now := time.Now()
	eff := s.EffectiveFrom(tree, acct, as, rs, now)
	if !eff.Holds(roles.ViewCustomers) || !eff.Holds(roles.AccessCustomerSupportCases) {
		t.Errorf("EffectiveFrom with every role: %+v", eff.Grants)
	}
	// LearnNamesFrom gives the same answer as LearnNames, from the facts.
	d, err := s.LearnNamesFrom(suiteCustomer, tree, rs)
	if err != nil || d.Names()[roles.ViewCustomers] != "PARTNER_CUSTOMERS_READ" {
		t.Errorf("LearnNamesFrom = %v, %v", d.Names(), err)
	}
	if _, err := s.LearnNamesFrom(suiteCustomer, roles.NewTree([]roles.Privilege{{ServiceID: "r1", ServiceName: "reseller_tools", Name: "TOOLS"}}), nil); !errors.Is(err, resellerkit.ErrFailedPrecondition) {
		t.Errorf("LearnNamesFrom on a reseller tree without View Customers = %v", err)
	}
	// A caller-built copy of the tree, and no Reseller Admin role among
	// the roles: the service is not named like Reseller Tools, so nothing
	// tells which privileges are the reseller's; no key is guessed.
	eff = s.EffectiveFrom(roles.NewTree(tree.Roots()), acct, as, []roles.Role{rs[portal]}, now)
	if eff.Holds(roles.ViewCustomers) {
		t.Errorf("EffectiveFrom guessed ViewCustomers without evidence: %+v", eff.Grants)
	}
}

// TestLearnNamesPureEdges covers learning over hand-built trees (rule P7:
// no guess): two privileges that fit one key, a reseller tree where
// nothing fits View Customers, a privilege that fits two keys, and a
// default name recurring in two services.
func TestLearnNamesPureEdges(t *testing.T) {
	t.Parallel()
	p := func(svc, name string, children ...roles.Privilege) roles.Privilege {
		sn := "reseller_tools"
		if svc == svcAdmin {
			sn = "admin_apis"
		}
		return roles.Privilege{ServiceID: svc, ServiceName: sn, Name: name, Children: children}
	}
	for _, tc := range []struct {
		name    string
		tree    []roles.Privilege
		wantErr string // "" for none
		found   map[roles.PrivilegeKey]roles.PrivilegeRef
	}{
		{"two fit cases", []roles.Privilege{p("r1", "TOOLS", p("r1", "CUSTOMERS",
			p("r1", "CUSTOMERS_LIST"), p("r1", "SUPPORT_CASES"), p("r1", "CASES_ESCALATE")))},
			"SUPPORT_CASES (service r1), CASES_ESCALATE (service r1)",
			map[roles.PrivilegeKey]roles.PrivilegeRef{roles.ViewCustomers: ref("r1", "CUSTOMERS_LIST")}},
		{"below Customers wins", []roles.Privilege{p("r1", "TOOLS",
			p("r1", "VIEW_CUSTOMER_REPORTS"),
			p("r1", "CUSTOMERS", p("r1", "VIEW"), p("r1", "CASES")))},
			"",
			map[roles.PrivilegeKey]roles.PrivilegeRef{roles.ViewCustomers: ref("r1", "VIEW"), roles.AccessCustomerSupportCases: ref("r1", "CASES")}},
		{"nothing fits view", []roles.Privilege{p("r1", "TOOLS", p("r1", "CUSTOMERS", p("r1", "CASES")))},
			"no privilege that resellerkit recognises as ViewCustomers",
			map[roles.PrivilegeKey]roles.PrivilegeRef{roles.AccessCustomerSupportCases: ref("r1", "CASES")}},
		{"one fits two keys", []roles.Privilege{p("r1", "TOOLS", p("r1", "CUSTOMERS",
			p("r1", "CUSTOMERS_VIEW"), p("r1", roles.DefaultSupportName)))},
			"fits both AccessCustomerSupportCases and Support",
			map[roles.PrivilegeKey]roles.PrivilegeRef{roles.ViewCustomers: ref("r1", "CUSTOMERS_VIEW"), roles.AccessCustomerSupportCases: ref("r1", roles.DefaultSupportName)}},
		{"default name in two services", append(testTree(false), p("r1", roles.DefaultSupportName)),
			"",
			map[roles.PrivilegeKey]roles.PrivilegeRef{
				roles.ViewCustomers:              ref(svcReseller, roles.DefaultViewCustomersName),
				roles.AccessCustomerSupportCases: ref(svcReseller, roles.DefaultAccessCustomerSupportCasesName),
				roles.Support:                    ref(svcAdmin, roles.DefaultSupportName)}},
		{"not a reseller", []roles.Privilege{p(svcAdmin, roles.DefaultSupportName)},
			"",
			map[roles.PrivilegeKey]roles.PrivilegeRef{roles.Support: ref(svcAdmin, roles.DefaultSupportName)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := roles.Learn(roles.NewTree(tc.tree), nil)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("Learn: %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr) || !errors.Is(err, resellerkit.ErrFailedPrecondition)):
				t.Fatalf("Learn = %v, want a FailedPrecondition containing %q", err, tc.wantErr)
			}
			got := map[roles.PrivilegeKey]roles.PrivilegeRef{}
			for _, m := range d.Matches {
				if m.Found {
					got[m.Key] = m.Privilege
				}
			}
			if diff := cmp.Diff(tc.found, got); diff != "" {
				t.Errorf("found (-want +got):\n%s", diff)
			}
		})
	}
}

// TestEffectiveFromNoGuess: EffectiveFrom gives a key that cannot be
// learned from its facts to no grant, never to a default-named privilege.
func TestEffectiveFromNoGuess(t *testing.T) {
	t.Parallel()
	s, _, _ := renamedService(t, unfamiliarNames, false)
	tree := roles.NewTree([]roles.Privilege{{ServiceID: "r1", ServiceName: "reseller_tools", Name: "TOOLS", Children: []roles.Privilege{
		{ServiceID: "r1", ServiceName: "reseller_tools", Name: "CUSTOMERS", Children: []roles.Privilege{
			{ServiceID: "r1", ServiceName: "reseller_tools", Name: "CUSTOMERS_LIST"},
			{ServiceID: "r1", ServiceName: "reseller_tools", Name: "SUPPORT_CASES"},
			{ServiceID: "r1", ServiceName: "reseller_tools", Name: "CASES_ESCALATE"},
		}}}}})
	eff := s.EffectiveFrom(tree, roles.Account{ID: "7"},
		[]roles.Assignment{{ID: "1", RoleID: "5", AssignedTo: "7", AssigneeType: roles.AssigneeUser, Scope: roles.ScopeCustomer}},
		[]roles.Role{{ID: "5", Name: "r", Privileges: []roles.PrivilegeRef{ref("r1", "CUSTOMERS")}}}, time.Now())
	if !eff.Holds(roles.ViewCustomers) || eff.Holds(roles.AccessCustomerSupportCases) {
		t.Errorf("view %v (want true), cases %v (want false: ambiguous)", eff.Holds(roles.ViewCustomers), eff.Holds(roles.AccessCustomerSupportCases))
	}
}

// TestSeedResellerToolsNamesErrors: the fake refuses a rename it cannot
// apply, naming it.
func TestSeedResellerToolsNamesErrors(t *testing.T) {
	t.Parallel()
	for name, names := range map[string]map[string]string{
		"unknown key":   {"NOT_A_PRIVILEGE": "X"},
		"empty name":    {roles.DefaultViewCustomersName: " "},
		"clash":         {roles.DefaultViewCustomersName: "PARTNER", roles.DefaultAddCustomersName: "PARTNER"},
		"admin service": {"serviceId": roles.AdminAPIsServiceID},
	} {
		if _, err := fake.NewWorld(renamedSeed(names, false)); err == nil || !strings.Contains(err.Error(), "resellerToolsNames") {
			t.Errorf("%s: NewWorld = %v, want an error naming resellerToolsNames", name, err)
		}
	}
}
