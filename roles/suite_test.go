package roles_test

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/roles"
)

// env is one world the behaviour tests run in: a Service over google.go,
// through a Conn of an in-process fake.Server acting as the tenant's super
// admin, and ways to seed the World behind it. Each newEnv gives a fresh
// world.
type env struct {
	svc *roles.Service
	// with builds another Service over the same Conn with other options.
	with     func(opts ...roles.Option) *roles.Service
	w        *fake.World
	srv      *fake.Server
	wire     *wire // between the Conn and srv
	customer string
	// now and setNow drive the World's clock, which the Conn carries to
	// the Service.
	now    func() time.Time
	setNow func(time.Time)
	// superAdmin is an account holding the super admin role.
	superAdmin string
	// addUser creates an active account and returns its ID.
	addUser func(t *testing.T, email string) string
	// setState suspends, archives or deletes an account.
	setState func(t *testing.T, email string, suspended, archived, deleted bool)
	// addGroup creates a group whose members are the given users or groups
	// (by email), and returns its ID.
	addGroup func(t *testing.T, email string, members ...string) string
	// orgUnitID returns the ID of an org unit that exists in the tenant.
	orgUnitID func(t *testing.T) string
	// legacy is true when the tenant has the legacy support privileges.
	legacy bool
}

// newEnv builds an env; opts configure the fake.Server.
func newEnv(t *testing.T, legacy bool, opts ...fake.Option) *env {
	t.Helper()
	w := newWorld(t, legacy)
	srv := serve(t, w, opts...)
	conn, wr := wiredConn(t, srv, suiteAdmin)
	with := func(opts ...roles.Option) *roles.Service { return newService(t, conn, opts...) }
	return &env{
		svc:        with(),
		with:       with,
		w:          w,
		srv:        srv,
		wire:       wr,
		customer:   suiteCustomer,
		now:        w.Now,
		setNow:     w.SetTime,
		superAdmin: suiteAdmin,
		addUser: func(t *testing.T, email string) string {
			t.Helper()
			id, err := w.AddUser(suiteCustomer, fake.UserSeed{Email: email, GivenName: "Staff", FamilyName: "Member", OrgUnit: "/Staff"})
			if err != nil {
				t.Fatal(err)
			}
			return id
		},
		setState: func(t *testing.T, email string, suspended, archived, deleted bool) {
			t.Helper()
			if err := w.SetSuspended(email, suspended); err != nil {
				t.Fatal(err)
			}
			if err := w.SetArchived(email, archived); err != nil {
				t.Fatal(err)
			}
			if deleted {
				if err := w.DeleteUser(email); err != nil {
					t.Fatal(err)
				}
			}
		},
		addGroup: func(t *testing.T, email string, members ...string) string {
			t.Helper()
			id, err := w.AddGroup(suiteCustomer, fake.GroupSeed{Email: email, Members: members})
			if err != nil {
				t.Fatal(err)
			}
			return id
		},
		orgUnitID: func(t *testing.T) string {
			t.Helper()
			id, err := w.OrgUnitID(suiteCustomer, "/Staff")
			if err != nil {
				t.Fatal(err)
			}
			return id
		},
		legacy: legacy,
	}
}

// TestBehaviour runs the behaviour of every rule of the package over
// google.go against the fake.
func TestBehaviour(t *testing.T) {
	t.Parallel()
	t.Run("P3_TreeAndKeys", func(t *testing.T) { t.Parallel(); suiteTree(t) })
	t.Run("P1.3_LegacyKeysIfAvailable", func(t *testing.T) { t.Parallel(); suiteLegacy(t) })
	t.Run("SystemRoles", func(t *testing.T) { t.Parallel(); suiteSystemRoles(t) })
	t.Run("S5_EnsureCustomRole", func(t *testing.T) { t.Parallel(); suiteEnsureCustomRole(t) })
	t.Run("Assignments", func(t *testing.T) { t.Parallel(); suiteAssignments(t) })
	t.Run("BulkIdempotent", func(t *testing.T) { t.Parallel(); suiteBulk(t) })
	t.Run("P4_P5_Effective", func(t *testing.T) { t.Parallel(); suiteEffective(t) })
}

func suiteTree(t *testing.T) {
	e := newEnv(t, false)
	ctx := t.Context()
	tree, err := e.svc.Privileges(ctx, e.customer)
	if err != nil {
		t.Fatalf("Privileges: %v", err)
	}
	view, ok := tree.Resolve(e.svc.NameTable(), roles.ViewCustomers)
	if !ok {
		t.Fatalf("ViewCustomers not resolved in %d privileges", tree.Len())
	}
	cases, ok := tree.Resolve(e.svc.NameTable(), roles.AccessCustomerSupportCases)
	if !ok {
		t.Fatal("AccessCustomerSupportCases not resolved")
	}
	parents := tree.Find(roles.DefaultResellerCustomersName)
	if len(parents) != 1 {
		t.Fatalf("Find(%s) = %v, want one node", roles.DefaultResellerCustomersName, parents)
	}
	parent := parents[0].Privilege
	// Rule P3: a parent grants its children, a child not its parent, a
	// sibling not its sibling.
	for _, tc := range []struct {
		name       string
		held, want roles.PrivilegeRef
		implies    bool
	}{
		{"P3 parent grants child", parent, view, true},
		{"P3 parent grants other child", parent, cases, true},
		{"P3 itself", view, view, true},
		{"P3 child does not grant parent", view, parent, false},
		{"P3 sibling does not grant sibling", view, cases, false},
	} {
		if got := tree.Implies(tc.held, tc.want); got != tc.implies {
			t.Errorf("%s: Implies(%s, %s) = %v, want %v", tc.name, tc.held.Name, tc.want.Name, got, tc.implies)
		}
	}
	exp := tree.Expand(parent)
	if !slices.Contains(exp, view) || !slices.Contains(exp, cases) || exp[0] != parent {
		t.Errorf("Expand(%s) = %v, want the parent first, then its children", parent.Name, exp)
	}
	node, ok := tree.Lookup(view)
	if !ok {
		t.Fatal("Lookup(view) failed")
	}
	if p, ok := node.Parent(); !ok || p != parent {
		t.Errorf("Parent of %s = %v, %v; want %v", view.Name, p, ok, parent)
	}
	ref, ok, err := e.svc.Resolve(ctx, e.customer, roles.Support)
	if err != nil || !ok || ref.Name != roles.DefaultSupportName {
		t.Errorf("Resolve(Support) = %v, %v, %v", ref, ok, err)
	}
}

func suiteLegacy(t *testing.T) {
	for _, legacy := range []bool{false, true} {
		t.Run(fmt.Sprintf("legacy=%v", legacy), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, legacy)
			res, err := e.svc.ResolveAll(t.Context(), e.customer)
			if err != nil {
				t.Fatalf("ResolveAll: %v", err)
			}
			var wantAbsent []roles.PrivilegeKey
			if !legacy {
				wantAbsent = []roles.PrivilegeKey{roles.EnterpriseLegacySupport, roles.ResellerEnterpriseLegacySupport}
			}
			if diff := cmp.Diff(wantAbsent, res.Absent); diff != "" {
				t.Errorf("Absent mismatch (-want +got):\n%s", diff)
			}
			if got := len(res.Present); got != len(roles.Keys())-len(wantAbsent) {
				t.Errorf("Present has %d keys: %v", got, res.Present)
			}
		})
	}
}

func suiteSystemRoles(t *testing.T) {
	e := newEnv(t, false)
	ctx := t.Context()
	sa, err := e.svc.FindSuperAdminRole(ctx, e.customer)
	if err != nil {
		t.Fatalf("FindSuperAdminRole: %v", err)
	}
	if !sa.IsSuperAdmin || !sa.IsSystem || sa.Name != roles.SuperAdminRoleName {
		t.Errorf("super admin role = %+v", sa)
	}
	ra, err := e.svc.FindResellerAdminRole(ctx, e.customer)
	if err != nil {
		t.Fatalf("FindResellerAdminRole: %v", err)
	}
	if !ra.IsSystem || ra.Name != roles.ResellerAdminRoleName {
		t.Errorf("reseller admin role = %+v", ra)
	}
	got, err := e.svc.GetRole(ctx, e.customer, ra.ID)
	if err != nil {
		t.Fatalf("GetRole: %v", err)
	}
	if diff := cmp.Diff(ra, got); diff != "" {
		t.Errorf("GetRole mismatch (-want +got):\n%s", diff)
	}
	if err := e.svc.DeleteRole(ctx, e.customer, sa.ID); resellerkit.KindOf(err) != resellerkit.KindFailedPrecondition {
		t.Errorf("DeleteRole(super admin) = %v, want KindFailedPrecondition", err)
	}
	if _, err := e.svc.FindRole(ctx, e.customer, "no such role"); !errors.Is(err, resellerkit.ErrNotFound) {
		t.Errorf("FindRole(absent) = %v, want ErrNotFound", err)
	}
	// Another configured name: the role is still found by its privileges.
	other := e.with(roles.WithResellerAdminRoleName("SOMETHING_ELSE"))
	if ra2, err := other.FindResellerAdminRole(ctx, e.customer); err != nil || ra2.ID != ra.ID {
		t.Errorf("FindResellerAdminRole by privileges = %+v, %v; want ID %s", ra2, err, ra.ID)
	}
}

func suiteEnsureCustomRole(t *testing.T) {
	e := newEnv(t, false)
	ctx := t.Context()
	name := "Portal agents"
	keys := []roles.PrivilegeKey{roles.ViewCustomers, roles.AccessCustomerSupportCases, roles.Support}

	created, outcome, err := e.svc.EnsureCustomRole(ctx, e.customer, name, keys)
	if err != nil || outcome != resellerkit.OutcomeCreated {
		t.Fatalf("S5 first EnsureCustomRole = %v, %v; want created", outcome, err)
	}
	if created.ID == "" || len(created.Privileges) != 3 {
		t.Errorf("created role = %+v", created)
	}
	// S5: same name (other case), same privileges in another order, with a
	// duplicate: reused.
	again, outcome, err := e.svc.EnsureCustomRole(ctx, e.customer, "PORTAL AGENTS", []roles.PrivilegeKey{roles.Support, roles.ViewCustomers, roles.AccessCustomerSupportCases, roles.Support})
	if err != nil || outcome != resellerkit.OutcomeUnchanged || again.ID != created.ID {
		t.Fatalf("S5 second EnsureCustomRole = %+v, %v, %v; want the same role unchanged", again, outcome, err)
	}
	// S5: same name, one privilege fewer: an error naming the extra one.
	_, outcome, err = e.svc.EnsureCustomRole(ctx, e.customer, name, []roles.PrivilegeKey{roles.ViewCustomers, roles.AccessCustomerSupportCases})
	var conflict *roles.RoleConflictError
	if !errors.As(err, &conflict) || outcome != resellerkit.OutcomeFailed {
		t.Fatalf("S5 conflicting EnsureCustomRole = %v, %v; want a RoleConflictError", outcome, err)
	}
	if !errors.Is(err, roles.ErrRoleConflict) || !errors.Is(err, resellerkit.ErrFailedPrecondition) || errors.Is(err, resellerkit.ErrAlreadyExists) {
		t.Errorf("S5 conflict error classes wrong: %v", err)
	}
	if len(conflict.Missing) != 0 || len(conflict.Extra) != 1 || conflict.Extra[0].Name != roles.DefaultSupportName {
		t.Errorf("S5 conflict = missing %v, extra %v; want extra [%s]", conflict.Missing, conflict.Extra, roles.DefaultSupportName)
	}
	// S5: the other way round: a missing privilege is named.
	_, _, err = e.svc.EnsureCustomRole(ctx, e.customer, name, append(slices.Clone(keys), roles.EnterpriseLegacySupport))
	if resellerkit.KindOf(err) != resellerkit.KindFailedPrecondition {
		t.Errorf("S5 with a key absent from the tree = %v, want KindFailedPrecondition", err)
	}
	// The role is unchanged after the conflicts.
	got, err := e.svc.GetRole(ctx, e.customer, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(created.Privileges, got.Privileges, cmp.Transformer("sort", sortRefs)); diff != "" {
		t.Errorf("S5 role changed by a conflict (-want +got):\n%s", diff)
	}
	// Delete it; it can be ensured again.
	if err := e.svc.DeleteRole(ctx, e.customer, created.ID); err != nil {
		t.Fatalf("DeleteRole: %v", err)
	}
	if _, err := e.svc.GetRole(ctx, e.customer, created.ID); !errors.Is(err, resellerkit.ErrNotFound) {
		t.Errorf("GetRole after delete = %v, want ErrNotFound", err)
	}
}

func sortRefs(in []roles.PrivilegeRef) []roles.PrivilegeRef {
	out := slices.Clone(in)
	slices.SortFunc(out, func(a, b roles.PrivilegeRef) int {
		if a.Name != b.Name {
			if a.Name < b.Name {
				return -1
			}
			return 1
		}
		if a.ServiceID < b.ServiceID {
			return -1
		}
		if a.ServiceID > b.ServiceID {
			return 1
		}
		return 0
	})
	return out
}

func suiteAssignments(t *testing.T) {
	e := newEnv(t, false)
	ctx := t.Context()
	ra, err := e.svc.FindResellerAdminRole(ctx, e.customer)
	if err != nil {
		t.Fatal(err)
	}
	custom, _, err := e.svc.EnsureCustomRole(ctx, e.customer, "Case viewers", []roles.PrivilegeKey{roles.ViewCustomers, roles.AccessCustomerSupportCases})
	if err != nil {
		t.Fatal(err)
	}
	ana := e.addUser(t, "ana@"+domainOf(e.superAdmin))
	bo := e.addUser(t, "bo@"+domainOf(e.superAdmin))

	a1, outcome, err := e.svc.EnsureAssignment(ctx, e.customer, roles.AssignmentSpec{RoleID: ra.ID, AssignedTo: "ana@" + domainOf(e.superAdmin)})
	if err != nil || outcome != resellerkit.OutcomeCreated {
		t.Fatalf("EnsureAssignment = %v, %v; want created", outcome, err)
	}
	if a1.AssignedTo != ana || a1.RoleID != ra.ID || a1.Scope != roles.ScopeCustomer || a1.ID == "" {
		t.Errorf("assignment = %+v; want role %s to %s at CUSTOMER", a1, ra.ID, ana)
	}
	a1b, outcome, err := e.svc.EnsureAssignment(ctx, e.customer, roles.AssignmentSpec{RoleID: ra.ID, AssignedTo: ana})
	if err != nil || outcome != resellerkit.OutcomeUnchanged || a1b.ID != a1.ID {
		t.Fatalf("second EnsureAssignment = %+v, %v, %v; want unchanged %s", a1b, outcome, err, a1.ID)
	}
	if _, _, err := e.svc.EnsureAssignment(ctx, e.customer, roles.AssignmentSpec{RoleID: custom.ID, AssignedTo: ana}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.svc.EnsureAssignment(ctx, e.customer, roles.AssignmentSpec{RoleID: custom.ID, AssignedTo: bo}); err != nil {
		t.Fatal(err)
	}

	ids := func(opts *roles.ListAssignmentsOptions) []string {
		t.Helper()
		all, err := resellerkit.Collect(e.svc.ListAssignments(ctx, e.customer, opts))
		if err != nil {
			t.Fatalf("ListAssignments(%+v): %v", opts, err)
		}
		var out []string
		for _, a := range all {
			out = append(out, a.RoleID+"->"+a.AssignedTo)
		}
		slices.Sort(out)
		return out
	}
	for _, tc := range []struct {
		name string
		opts *roles.ListAssignmentsOptions
		want []string
	}{
		{"by role", &roles.ListAssignmentsOptions{RoleID: custom.ID}, sorted(custom.ID+"->"+ana, custom.ID+"->"+bo)},
		{"by user", &roles.ListAssignmentsOptions{UserKey: ana}, sorted(ra.ID+"->"+ana, custom.ID+"->"+ana)},
		{"by user and role (role filtered on the client)", &roles.ListAssignmentsOptions{UserKey: ana, RoleID: custom.ID}, []string{custom.ID + "->" + ana}},
		{"by user email", &roles.ListAssignmentsOptions{UserKey: "bo@" + domainOf(e.superAdmin)}, []string{custom.ID + "->" + bo}},
	} {
		if diff := cmp.Diff(tc.want, ids(tc.opts)); diff != "" {
			t.Errorf("%s: ListAssignments mismatch (-want +got):\n%s", tc.name, diff)
		}
	}
	if _, err := e.svc.GetAssignment(ctx, e.customer, a1.ID); err != nil {
		t.Errorf("GetAssignment: %v", err)
	}
	// RevokeRole is idempotent; Revoke of a gone assignment is NotFound.
	if n, err := e.svc.RevokeRole(ctx, e.customer, ana, custom.ID); err != nil || n != 1 {
		t.Errorf("RevokeRole = %d, %v; want 1", n, err)
	}
	if n, err := e.svc.RevokeRole(ctx, e.customer, ana, custom.ID); err != nil || n != 0 {
		t.Errorf("second RevokeRole = %d, %v; want 0", n, err)
	}
	if err := e.svc.Revoke(ctx, e.customer, a1.ID); err != nil {
		t.Errorf("Revoke: %v", err)
	}
	if err := e.svc.Revoke(ctx, e.customer, a1.ID); !errors.Is(err, resellerkit.ErrNotFound) {
		t.Errorf("second Revoke = %v, want ErrNotFound", err)
	}
	if diff := cmp.Diff([]string(nil), ids(&roles.ListAssignmentsOptions{UserKey: ana})); diff != "" {
		t.Errorf("ana keeps assignments (-want +got):\n%s", diff)
	}
}

func sorted(s ...string) []string { slices.Sort(s); return s }

func suiteBulk(t *testing.T) {
	e := newEnv(t, false)
	ctx := t.Context()
	ra, err := e.svc.FindResellerAdminRole(ctx, e.customer)
	if err != nil {
		t.Fatal(err)
	}
	var specs []roles.AssignmentSpec
	for i := range 12 {
		email := fmt.Sprintf("staff%02d@%s", i, domainOf(e.superAdmin))
		e.addUser(t, email)
		specs = append(specs, roles.AssignmentSpec{RoleID: ra.ID, AssignedTo: email})
	}
	// One bad item does not stop the others.
	specs = append(specs, roles.AssignmentSpec{RoleID: ra.ID, AssignedTo: "nobody@" + domainOf(e.superAdmin)})

	var mu sync.Mutex
	var progress []resellerkit.Progress
	opts := &resellerkit.BulkOptions{Concurrency: 4, OnProgress: func(p resellerkit.Progress) {
		mu.Lock()
		progress = append(progress, p)
		mu.Unlock()
	}}
	first := e.svc.EnsureAssignments(ctx, e.customer, specs, opts)
	if len(first) != len(specs) {
		t.Fatalf("got %d results for %d specs", len(first), len(specs))
	}
	for i, r := range first[:12] {
		if r.Err != nil || r.Outcome != resellerkit.OutcomeCreated || r.Spec != specs[i] {
			t.Errorf("first run item %d = %v, %v", i, r.Outcome, r.Err)
		}
	}
	if last := first[12]; !errors.Is(last.Err, resellerkit.ErrNotFound) || last.Outcome != resellerkit.OutcomeFailed {
		t.Errorf("unknown account item = %v, %v; want failed, not found", last.Outcome, last.Err)
	}
	if len(progress) != len(specs) || progress[len(progress)-1] != (resellerkit.Progress{Done: 13, Total: 13, Failed: 1}) {
		t.Errorf("progress = %v", progress)
	}
	second := e.svc.EnsureAssignments(ctx, e.customer, specs[:12], nil)
	for i, r := range second {
		if r.Err != nil || r.Outcome != resellerkit.OutcomeUnchanged || r.Assignment.ID != first[i].Assignment.ID {
			t.Errorf("second run item %d = %v, %v, ID %s (first %s); want unchanged", i, r.Outcome, r.Err, r.Assignment.ID, first[i].Assignment.ID)
		}
	}
	all, err := resellerkit.Collect(e.svc.ListAssignments(ctx, e.customer, &roles.ListAssignmentsOptions{RoleID: ra.ID}))
	if err != nil {
		t.Fatal(err)
	}
	holders := map[string]int{}
	for _, a := range all {
		holders[a.AssignedTo]++
	}
	for _, r := range first[:12] {
		if holders[r.Assignment.AssignedTo] != 1 {
			t.Errorf("%s holds the role %d times, want 1", r.Spec.AssignedTo, holders[r.Assignment.AssignedTo])
		}
	}
}

func suiteEffective(t *testing.T) {
	e := newEnv(t, false)
	ctx := t.Context()
	dom := domainOf(e.superAdmin)
	ra, err := e.svc.FindResellerAdminRole(ctx, e.customer)
	if err != nil {
		t.Fatal(err)
	}
	portal, _, err := e.svc.EnsureCustomRole(ctx, e.customer, "Portal", []roles.PrivilegeKey{roles.ViewCustomers, roles.AccessCustomerSupportCases, roles.Support})
	if err != nil {
		t.Fatal(err)
	}
	tree, err := e.svc.Privileges(ctx, e.customer)
	if err != nil {
		t.Fatal(err)
	}
	parent := tree.Find(roles.DefaultResellerCustomersName)[0].Privilege
	parentRole, err := e.svc.CreateRole(ctx, e.customer, roles.RoleSpec{Name: "All customer work", Privileges: []roles.PrivilegeRef{parent}})
	if err != nil {
		t.Fatal(err)
	}
	ensure := func(spec roles.AssignmentSpec) roles.Assignment {
		t.Helper()
		a, _, err := e.svc.EnsureAssignment(ctx, e.customer, spec)
		if err != nil {
			t.Fatalf("EnsureAssignment(%+v): %v", spec, err)
		}
		return a
	}
	keysOf := func(eff roles.Effective) []roles.PrivilegeKey {
		var ks []roles.PrivilegeKey
		for _, k := range roles.Keys() {
			if eff.Holds(k) {
				ks = append(ks, k)
			}
		}
		return ks
	}
	effective := func(email string) roles.Effective {
		t.Helper()
		eff, err := e.svc.Effective(ctx, e.customer, email)
		if err != nil {
			t.Fatalf("Effective(%s): %v", email, err)
		}
		return eff
	}
	portalKeys := []roles.PrivilegeKey{roles.ViewCustomers, roles.AccessCustomerSupportCases, roles.Support}

	t.Run("direct custom role", func(t *testing.T) {
		id := e.addUser(t, "direct@"+dom)
		a := ensure(roles.AssignmentSpec{RoleID: portal.ID, AssignedTo: id})
		eff := effective("direct@" + dom)
		if diff := cmp.Diff(portalKeys, keysOf(eff)); diff != "" {
			t.Errorf("keys mismatch (-want +got):\n%s", diff)
		}
		g := eff.GrantsOf(roles.ViewCustomers)
		if len(g) != 1 || g[0].AssignmentID != a.ID || g[0].RoleID != portal.ID || g[0].RoleName != portal.Name || g[0].ViaGroup != "" {
			t.Errorf("ViewCustomers grants = %+v; want one, direct, from assignment %s", g, a.ID)
		}
		if eff.UserID != id || eff.Blocked || eff.SuperAdmin != nil || eff.ResellerAdmin != nil {
			t.Errorf("Effective = %+v", eff)
		}
	})
	t.Run("P3 parent privilege grants its children", func(t *testing.T) {
		id := e.addUser(t, "parent@"+dom)
		ensure(roles.AssignmentSpec{RoleID: parentRole.ID, AssignedTo: id})
		eff := effective(id)
		want := []roles.PrivilegeKey{roles.ViewCustomers, roles.AccessCustomerSupportCases}
		if diff := cmp.Diff(want, keysOf(eff)); diff != "" {
			t.Errorf("P3 keys mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("P1.1 reseller admin", func(t *testing.T) {
		id := e.addUser(t, "radmin@"+dom)
		a := ensure(roles.AssignmentSpec{RoleID: ra.ID, AssignedTo: id})
		eff := effective(id)
		if eff.ResellerAdmin == nil || eff.ResellerAdmin.AssignmentID != a.ID {
			t.Errorf("ResellerAdmin = %+v; want assignment %s", eff.ResellerAdmin, a.ID)
		}
		if !eff.Holds(roles.ViewCustomers) || !eff.Holds(roles.AccessCustomerSupportCases) {
			t.Errorf("reseller admin lacks customer privileges: %v", keysOf(eff))
		}
	})
	t.Run("super admin holds every privilege", func(t *testing.T) {
		eff := effective(e.superAdmin)
		if eff.SuperAdmin == nil {
			t.Fatal("SuperAdmin is nil")
		}
		want := []roles.PrivilegeKey{roles.ViewCustomers, roles.AccessCustomerSupportCases, roles.Support}
		if diff := cmp.Diff(want, keysOf(eff)); diff != "" {
			t.Errorf("keys mismatch (-want +got):\n%s", diff)
		}
		held := map[roles.PrivilegeRef]bool{}
		for _, g := range eff.Grants {
			held[g.Privilege] = true
		}
		for _, n := range tree.Nodes() {
			if !held[n.Privilege] {
				t.Errorf("super admin lacks %s", n.Privilege.Name)
			}
		}
	})
	t.Run("P4 group membership, direct and nested", func(t *testing.T) {
		outsider := e.addUser(t, "outsider@"+dom)
		for depth := 1; depth <= 2; depth++ {
			member := fmt.Sprintf("grouped%d@%s", depth, dom)
			id := e.addUser(t, member)
			var group string // the ID of the outermost group
			for i := range depth {
				groupEmail := fmt.Sprintf("g%d-%d@%s", depth, i, dom)
				group = e.addGroup(t, groupEmail, member)
				member = groupEmail
			}
			ensure(roles.AssignmentSpec{RoleID: portal.ID, AssignedTo: group})
			eff := effective(id)
			if diff := cmp.Diff(portalKeys, keysOf(eff)); diff != "" {
				t.Errorf("P4 group depth %d keys mismatch (-want +got):\n%s", depth, diff)
			}
			if g := eff.GrantsOf(roles.Support); len(g) != 1 || g[0].ViaGroup != group {
				t.Errorf("P4 group depth %d Support grants = %+v; want one via group %s", depth, g, group)
			}
		}
		if got := effective(outsider); len(got.Grants) != 0 {
			t.Errorf("P4 an account in no group holds %v", keysOf(got))
		}
	})
	t.Run("P4 org unit scope grants nothing", func(t *testing.T) {
		id := e.addUser(t, "ouscoped@"+dom)
		ou := e.orgUnitID(t)
		a := ensure(roles.AssignmentSpec{RoleID: parentRole.ID, AssignedTo: id, Scope: roles.ScopeOrgUnit, OrgUnitID: ou})
		eff := effective(id)
		if len(eff.Grants) != 0 {
			t.Errorf("P4 OU-scoped assignment granted %v", keysOf(eff))
		}
		want := []roles.Skipped{{Assignment: a, RoleName: parentRole.Name, Reason: roles.SkipOrgUnitScope}}
		if diff := cmp.Diff(want, eff.Skipped); diff != "" {
			t.Errorf("P4 Skipped mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("P4 expiry boundary", func(t *testing.T) {
		id := e.addUser(t, "temp@"+dom)
		start := e.now()
		exp := start.Add(time.Hour)
		a := ensure(roles.AssignmentSpec{RoleID: portal.ID, AssignedTo: id, ExpireTime: exp})
		if !a.ExpireTime.Equal(exp) {
			t.Fatalf("ExpireTime = %v, want %v", a.ExpireTime, exp)
		}
		defer e.setNow(start)
		for _, tc := range []struct {
			name    string
			at      time.Time
			granted bool
		}{
			{"P4 an hour before expiry", start, true},
			{"P4 1ns before expiry", exp.Add(-time.Nanosecond), true},
			{"P4 at expiry exactly", exp, false},
			{"P4 1ns after expiry", exp.Add(time.Nanosecond), false},
		} {
			e.setNow(tc.at)
			eff := effective(id)
			if got := eff.Holds(roles.ViewCustomers); got != tc.granted {
				t.Errorf("%s: holds ViewCustomers = %v, want %v", tc.name, got, tc.granted)
			}
			if tc.granted {
				if g := eff.GrantsOf(roles.ViewCustomers); len(g) != 1 || !g[0].ExpireTime.Equal(exp) {
					t.Errorf("%s: grant = %+v, want expiry %v", tc.name, g, exp)
				}
				continue
			}
			// Google may drop an expired assignment; if it still lists it,
			// it is skipped as expired.
			for _, s := range eff.Skipped {
				if s.Reason != roles.SkipExpired || s.Assignment.ID != a.ID {
					t.Errorf("%s: skipped %+v, want only %s as expired", tc.name, s, a.ID)
				}
			}
		}
	})
	t.Run("P5 blocked accounts", func(t *testing.T) {
		for _, st := range []struct {
			name                         string
			suspended, archived, deleted bool
		}{
			{"active", false, false, false},
			{"suspended", true, false, false},
			{"archived", false, true, false},
			{"deleted", false, false, true},
		} {
			email := "p5-" + st.name + "@" + dom
			id := e.addUser(t, email)
			ensure(roles.AssignmentSpec{RoleID: portal.ID, AssignedTo: id})
			e.setState(t, email, st.suspended, st.archived, st.deleted)
			eff, err := e.svc.Effective(ctx, e.customer, email)
			blocked := st.suspended || st.archived || st.deleted
			switch {
			case st.deleted:
				// P5: Google's users.get no longer finds a deleted account,
				// so it has no Effective at all.
				if !errors.Is(err, resellerkit.ErrNotFound) {
					t.Errorf("P5 deleted: Effective = %+v, %v; want ErrNotFound", eff, err)
				}
			case err != nil:
				t.Errorf("P5 %s: Effective: %v", st.name, err)
			case eff.Blocked != blocked:
				t.Errorf("P5 %s: Blocked = %v, want %v", st.name, eff.Blocked, blocked)
			case !eff.Holds(roles.ViewCustomers):
				t.Errorf("P5 %s: grants are not kept for explanation: %+v", st.name, eff.Grants)
			}
		}
	})
	t.Run("unknown account is NotFound", func(t *testing.T) {
		if _, err := e.svc.Effective(ctx, e.customer, "nobody@"+dom); !errors.Is(err, resellerkit.ErrNotFound) {
			t.Errorf("Effective(nobody) = %v, want ErrNotFound", err)
		}
	})
}

func domainOf(email string) string {
	for i := len(email) - 1; i >= 0; i-- {
		if email[i] == '@' {
			return email[i+1:]
		}
	}
	return email
}
