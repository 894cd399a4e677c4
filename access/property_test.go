package access_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/language"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/roles"
)

// A random world, as Google would hold it: a privilege tree, roles, groups
// with nested membership, accounts on several reseller domains, role
// assignments of every kind (customer-wide or OU-scoped, expiring around
// the read time to the nanosecond, conditional, to users or to groups), and
// customers assigned to the domains.
type world struct {
	now       time.Time
	legacy    bool // the tenant has the legacy support privileges (P1.3 "if available")
	tree      []roles.Privilege
	parent    map[string]string // privilege name -> parent name
	roleList  []roles.Role
	groups    []string
	members   map[string][]string // group -> direct members (user IDs or groups)
	accounts  []worldAccount
	assigns   []roles.Assignment
	customers []domains.Customer
	domains   []string // normalised
}

type worldAccount struct {
	id, email string // email in a random spelling of its domain
	suspended bool
	archived  bool
	manager   bool // held the retired Support Manager role (P6)
}

const svcAdmin, svcReseller = "00haapch16h1ysv", "01fake0reseller"

func names() roles.NameTable { return roles.DefaultNameTable() }

func genWorld(r *rand.Rand) *world {
	w := &world{now: t0.Add(time.Duration(r.IntN(1000)) * time.Hour), legacy: r.IntN(2) == 0, parent: map[string]string{}, members: map[string][]string{}}
	n := names()
	node := func(svc, name string, kids ...roles.Privilege) roles.Privilege {
		for _, k := range kids {
			w.parent[k.Name] = name
		}
		return roles.Privilege{ServiceID: svc, Name: name, Children: kids}
	}
	custKids := []roles.Privilege{
		node(svcReseller, "RESELLER_ADD_CUSTOMERS"),
		node(svcReseller, n[roles.ViewCustomers]),
		node(svcReseller, n[roles.AccessCustomerSupportCases]),
	}
	toolKids := []roles.Privilege{node(svcReseller, "RESELLER_CUSTOMERS", custKids...), node(svcReseller, "RESELLER_BILLING")}
	adminKids := []roles.Privilege{node(svcAdmin, n[roles.Support]), node(svcAdmin, "USERS_RETRIEVE")}
	if w.legacy {
		toolKids = append(toolKids, node(svcReseller, n[roles.ResellerEnterpriseLegacySupport]))
		adminKids = append(adminKids, node(svcAdmin, n[roles.EnterpriseLegacySupport]))
	}
	w.tree = []roles.Privilege{node(svcReseller, "RESELLER_TOOLS", toolKids...), node(svcAdmin, "ADMIN_ALL", adminKids...)}
	var all []roles.PrivilegeRef
	var walk func(ps []roles.Privilege)
	walk = func(ps []roles.Privilege) {
		for _, p := range ps {
			all = append(all, p.Ref())
			walk(p.Children)
		}
	}
	walk(w.tree)

	w.roleList = []roles.Role{
		{ID: "1", Name: roles.SuperAdminRoleName, IsSystem: true, IsSuperAdmin: true},
		{ID: "2", Name: roles.ResellerAdminRoleName, IsSystem: true, Privileges: []roles.PrivilegeRef{{ServiceID: svcReseller, Name: "RESELLER_TOOLS"}}},
	}
	for i := range 2 + r.IntN(4) {
		role := roles.Role{ID: fmt.Sprint(10 + i), Name: fmt.Sprintf("custom-%d", i)}
		for _, p := range all {
			if r.IntN(3) == 0 {
				role.Privileges = append(role.Privileges, p)
			}
		}
		w.roleList = append(w.roleList, role)
	}

	nd := 1 + r.IntN(4)
	for i := range nd {
		w.domains = append(w.domains, fmt.Sprintf("reseller-%d.example", i))
	}
	for i := range r.IntN(4) {
		w.groups = append(w.groups, fmt.Sprintf("g%d", i))
	}
	for i := range 1 + r.IntN(6) {
		a := worldAccount{
			id:        fmt.Sprint(1000 + i),
			email:     fmt.Sprintf("user%d@%s", i, spell(r, w.domains[r.IntN(nd)])),
			suspended: r.IntN(6) == 0,
			archived:  r.IntN(10) == 0,
			manager:   r.IntN(5) == 0,
		}
		w.accounts = append(w.accounts, a)
	}
	// Group members: accounts and other groups, cycles allowed.
	for _, g := range w.groups {
		for _, a := range w.accounts {
			if r.IntN(4) == 0 {
				w.members[g] = append(w.members[g], a.id)
			}
		}
		for _, h := range w.groups {
			if h != g && r.IntN(4) == 0 {
				w.members[g] = append(w.members[g], h)
			}
		}
	}
	// Assignments.
	assignees := len(w.accounts) + len(w.groups)
	for i := range r.IntN(10) {
		a := roles.Assignment{ID: fmt.Sprint(5000 + i), RoleID: w.roleList[r.IntN(len(w.roleList))].ID, Scope: roles.ScopeCustomer}
		if k := r.IntN(assignees); k < len(w.accounts) {
			a.AssignedTo, a.AssigneeType = w.accounts[k].id, roles.AssigneeUser
		} else {
			a.AssignedTo, a.AssigneeType = w.groups[k-len(w.accounts)], roles.AssigneeGroup
		}
		if r.IntN(5) == 0 {
			a.Scope, a.OrgUnitID = roles.ScopeOrgUnit, "ou1"
		}
		switch r.IntN(6) {
		case 0:
			a.ExpireTime = w.now // expired at the read, exactly
		case 1:
			a.ExpireTime = w.now.Add(time.Nanosecond)
		case 2:
			a.ExpireTime = w.now.Add(-time.Nanosecond)
		}
		if r.IntN(12) == 0 {
			a.Condition = "resource.type == 'cloudidentity.googleapis.com/Group'"
		}
		w.assigns = append(w.assigns, a)
	}
	for i := range r.IntN(12) {
		w.customers = append(w.customers, domains.Customer{
			ID: fmt.Sprintf("C%03d", i), Domain: fmt.Sprintf("customer-%d.example", i),
			ResellerDomain: spell(r, w.domains[r.IntN(nd)]), AccessGranted: r.IntN(4) != 0,
		})
	}
	return w
}

// spell writes a domain as a caller might: in any case, with a trailing dot.
func spell(r *rand.Rand, d string) string {
	switch r.IntN(3) {
	case 0:
		return strings.ToUpper(d)
	case 1:
		return d + "."
	}
	return d
}

// gather is what Google answers for one account (roleAssignments.list with
// includeIndirectRoleAssignments: the assignments to the user and to every
// group it belongs to, through nested groups), turned into facts by the
// roles package, as the SDK's gather does.
func (w *world) gather(a worldAccount) access.Facts {
	in := map[string]bool{}
	var visit func(member string)
	visit = func(member string) {
		for _, g := range w.groups {
			if !in[g] && slices.Contains(w.members[g], member) {
				in[g] = true
				visit(g)
			}
		}
	}
	visit(a.id)
	var mine []roles.Assignment
	for _, as := range w.assigns {
		if as.AssignedTo == a.id || in[as.AssignedTo] {
			mine = append(mine, as)
		}
	}
	acct := roles.Account{ID: a.id, Email: a.email, Suspended: a.suspended, Archived: a.archived}
	rs, _ := offlineRoles() // checked by TestPropertyRandomWorlds
	eff := rs.EffectiveFrom(roles.NewTree(w.tree), acct, mine, w.roleList, w.now)
	f := access.Facts{Email: a.email, State: access.StateActive, Effective: eff, ReadAt: w.now}
	switch {
	case a.archived:
		f.State = access.StateArchived
	case a.suspended:
		f.State = access.StateSuspended
	}
	if a.manager {
		f.SupportCenterRoles = []access.SupportCenterRole{access.SupportManager}
	}
	return f
}

// oracle decides by brute force, straight from the rules' text, without
// the access or roles packages: membership by fixed point, privileges by
// walking up the tree from every privilege of the tree.
type verdict struct {
	Allowed bool
	Paths   []access.Path
	Missing []access.Requirement
	Visible []string
}

func (w *world) oracle(a worldAccount, profile access.Profile) verdict {
	// Groups the account is in, directly or through nesting (P4).
	groups := map[string]bool{}
	for changed := true; changed; {
		changed = false
		for g, ms := range w.members {
			if groups[g] {
				continue
			}
			for _, m := range ms {
				if m == a.id || groups[m] {
					groups[g], changed = true, true
					break
				}
			}
		}
	}
	held := map[string]bool{} // privilege names
	super, reseller := false, false
	for _, as := range w.assigns {
		if as.AssignedTo != a.id && !groups[as.AssignedTo] {
			continue
		}
		if as.Scope != roles.ScopeCustomer || as.Condition != "" {
			continue // P4: only customer-wide assignments grant reseller privileges
		}
		if !as.ExpireTime.IsZero() && !w.now.Before(as.ExpireTime) {
			continue // P4: expired
		}
		for _, role := range w.roleList {
			if role.ID != as.RoleID {
				continue
			}
			if role.IsSuperAdmin {
				super = true
			}
			if role.Name == roles.ResellerAdminRoleName {
				reseller = true
			}
			for _, p := range role.Privileges {
				held[p.Name] = true
			}
		}
	}
	// P3: a privilege is held when it or any ancestor is; super admin holds all.
	has := func(name string) bool {
		if !w.inTree(name) {
			return false
		}
		if super {
			return true
		}
		for n := name; n != ""; n = w.parent[n] {
			if held[n] {
				return true
			}
		}
		return false
	}
	n := names()
	view, acc, sup := has(n[roles.ViewCustomers]), has(n[roles.AccessCustomerSupportCases]), has(n[roles.Support])
	custom := view && acc && (profile == access.CustomerCarePortal || sup)
	leg := has(n[roles.EnterpriseLegacySupport]) || has(n[roles.ResellerEnterpriseLegacySupport])
	var v verdict
	if super {
		v.Paths = append(v.Paths, access.PathSuperAdmin)
	}
	if reseller {
		v.Paths = append(v.Paths, access.PathResellerAdmin)
	}
	if custom {
		v.Paths = append(v.Paths, access.PathCustomerPrivileges)
	}
	if leg {
		v.Paths = append(v.Paths, access.PathLegacySupport)
	}
	blocked := a.suspended || a.archived
	if blocked {
		v.Missing = append(v.Missing, access.RequireActiveAccount)
	}
	if len(v.Paths) == 0 {
		if !view {
			v.Missing = append(v.Missing, access.RequireViewCustomers)
		}
		if !acc {
			v.Missing = append(v.Missing, access.RequireAccessCustomerSupportCases)
		}
		if profile == access.CloudSupportPortal && !sup {
			v.Missing = append(v.Missing, access.RequireSupport)
		}
	}
	v.Allowed = !blocked && len(v.Paths) > 0
	if !v.Allowed {
		v.Paths = nil
		return v
	}
	mine := canon(a.email[strings.LastIndexByte(a.email, '@')+1:])
	for _, c := range w.customers {
		if canon(c.ResellerDomain) == mine {
			v.Visible = append(v.Visible, c.ID)
		}
	}
	return v
}

func (w *world) inTree(name string) bool {
	var find func(ps []roles.Privilege) bool
	find = func(ps []roles.Privilege) bool {
		for _, p := range ps {
			if p.Name == name || find(p.Children) {
				return true
			}
		}
		return false
	}
	return find(w.tree)
}

func canon(d string) string { return strings.ToLower(strings.TrimSuffix(d, ".")) }

// TestPropertyRandomWorlds checks, over thousands of random worlds with a
// fixed seed, that decisions equal the brute-force oracle (rules P1 to P5,
// P2 profiles, P3 tree, P4 scope, expiry to the nanosecond and nested
// groups), and that no account ever sees a customer outside its signed-in
// domain (D1).
func TestPropertyRandomWorlds(t *testing.T) {
	t.Parallel()
	if _, err := offlineRoles(); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(20260105, 4))
	const worlds = 3000
	decisions := 0
	allowed := 0
	for i := range worlds {
		w := genWorld(r)
		snap := &access.Snapshot{ReadAt: w.now}
		for _, d := range w.domains {
			snap.Domains = append(snap.Domains, access.DomainFacts{Name: d, Primary: true})
		}
		var people []access.Person
		var decided []access.Decision
		for _, a := range w.accounts {
			f := w.gather(a)
			p := access.Prepare(f)
			for j := range snap.Domains {
				if domains.SameDomain(snap.Domains[j].Name, a.email) {
					snap.Domains[j].Accounts = append(snap.Domains[j].Accounts, access.AccountFacts{Facts: f})
				}
			}
			people = append(people, access.Person{ID: a.id, Accounts: []string{a.email}})
			decided = append(decided, p.Decide(access.CustomerCarePortal))
			for _, profile := range []access.Profile{access.CloudSupportPortal, access.CustomerCarePortal} {
				d := p.Decide(profile)
				decisions++
				got := verdict{Allowed: d.Allowed, Paths: d.Paths(), Missing: d.Missing()}
				for _, c := range access.Visible(d, w.customers) {
					got.Visible = append(got.Visible, c.ID)
					if !domains.SameDomain(c.ResellerDomain, a.email) {
						t.Fatalf("world %d: D1 violated: %s sees customer %s of %s", i, a.email, c.ID, c.ResellerDomain)
					}
				}
				if d.Allowed {
					allowed++
				}
				want := w.oracle(a, profile)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Fatalf("world %d, account %s, %v: decision differs from the oracle (-oracle +Decide):\n%s\nexplanation:\n%s",
						i, a.email, profile, diff, access.Explain(d, language.English))
				}
				if a.manager != d.Notes().Has(access.NoteSupportManagerIgnored) {
					t.Fatalf("world %d: P6 note = %v, account held Support Manager = %v", i, d.Notes().Has(access.NoteSupportManagerIgnored), a.manager)
				}
			}
		}
		// The coverage computation decides every cell as Decide does.
		cov, err := access.ComputeCoverage(snap, people, access.CustomerCarePortal)
		if err != nil {
			t.Fatalf("world %d: ComputeCoverage: %v", i, err)
		}
		for pi, row := range cov.People {
			for _, c := range row.Cells {
				if c.Account == "" {
					continue
				}
				d := decided[pi]
				if c.Allowed != d.Allowed || !slices.Equal(c.Paths.List(), d.Paths()) || !slices.Equal(c.Missing.List(), d.Missing()) {
					t.Fatalf("world %d, %s: coverage cell %+v differs from Decide %s", i, c.Account, c, access.Summary(d))
				}
			}
		}
	}
	// The generator must exercise both answers, or the property says little.
	if allowed == 0 || allowed == decisions {
		t.Fatalf("%d of %d decisions allowed: the generator is degenerate", allowed, decisions)
	}
	t.Logf("%d worlds, %d decisions, %d allowed", worlds, decisions, allowed)
}

// offlineRoles is a roles Service for EffectiveFrom, which does no I/O:
// its Conn never sends a request.
var offlineRoles = sync.OnceValues(func() (*roles.Service, error) {
	conn, err := resellerkit.Dial(context.Background(), resellerkit.WithoutAuthentication())
	if err != nil {
		return nil, err
	}
	return roles.New(conn)
})

// TestDecideP3ParentPrivilege: rule P3, holding a parent privilege grants
// its children, so a role holding only Reseller Tools › Customers (the
// parent of View Customers and Access Customer's Support Cases) passes
// P1.2 for the Customer Care Portal, and not for the Cloud Support Portal
// without Support (P2).
func TestDecideP3ParentPrivilege(t *testing.T) {
	t.Parallel()
	w := genWorld(rand.New(rand.NewPCG(1, 1)))
	w.roleList = append(w.roleList, roles.Role{ID: "99", Name: "customers-parent",
		Privileges: []roles.PrivilegeRef{{ServiceID: svcReseller, Name: "RESELLER_CUSTOMERS"}}})
	w.accounts = []worldAccount{{id: "1", email: "p3@reseller-0.example"}}
	w.groups, w.members = nil, map[string][]string{}
	w.assigns = []roles.Assignment{{ID: "1", RoleID: "99", AssignedTo: "1", AssigneeType: roles.AssigneeUser, Scope: roles.ScopeCustomer}}
	f := w.gather(w.accounts[0])
	ccp := access.Decide(f, access.CustomerCarePortal)
	if !ccp.Allowed || !slices.Equal(ccp.Paths(), []access.Path{access.PathCustomerPrivileges}) {
		t.Errorf("P3 parent privilege, Customer Care Portal: %s", access.Summary(ccp))
	}
	csp := access.Decide(f, access.CloudSupportPortal)
	if csp.Allowed || !slices.Equal(csp.Missing(), []access.Requirement{access.RequireSupport}) {
		t.Errorf("P3 parent privilege without Support, Cloud Support Portal: %s", access.Summary(csp))
	}
}

// TestVisible checks rules D1 and D5 on one account: only the customers of
// its own domain, compared after normalisation (D3), revoked ones listed
// and marked; none for a denied account.
func TestVisible(t *testing.T) {
	t.Parallel()
	cs := []domains.Customer{
		{ID: "C1", ResellerDomain: "reseller-eu.example", AccessGranted: true},
		{ID: "C2", ResellerDomain: "RESELLER-EU.example.", AccessGranted: false},
		{ID: "C3", ResellerDomain: "reseller-us.example", AccessGranted: true},
		{ID: "C4", ResellerDomain: "eu.reseller-eu.example", AccessGranted: true},
		{ID: "C5", ResellerDomain: "", AccessGranted: true},
	}
	allowed := access.Decide(with(active(), func(f *access.Facts) { f.Effective.ResellerAdmin = resellerGrant }), access.CloudSupportPortal)
	var got []string
	for _, c := range access.Visible(allowed, cs) {
		got = append(got, fmt.Sprintf("%s:%v", c.ID, c.AccessGranted))
	}
	if diff := cmp.Diff([]string{"C1:true", "C2:false"}, got); diff != "" {
		t.Errorf("D1 D5 Visible() mismatch (-want +got):\n%s", diff)
	}
	if v := access.Visible(access.Decide(active(), access.CloudSupportPortal), cs); v != nil {
		t.Errorf("P7 a denied account sees %v", v)
	}
}
