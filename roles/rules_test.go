package roles_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/roles"
)

const memCustomer = "C01memtest"

// newMem builds the suite's world over the map-backed backend: a reseller
// tenant with the super admin and Reseller Admin system roles.
func newMem(t *testing.T, legacy bool) (*env, *memBackend) {
	b := newMemBackend(testTree(legacy))
	c := newClock()
	tree := roles.NewTree(testTree(legacy))
	var all []roles.PrivilegeRef
	for _, n := range tree.Nodes() {
		all = append(all, n.Privilege)
	}
	sa := b.addRole(roles.Role{Name: roles.SuperAdminRoleName, IsSystem: true, IsSuperAdmin: true, Privileges: all})
	b.addRole(roles.Role{Name: roles.DefaultResellerAdminRoleName, IsSystem: true, Privileges: tree.Expand(ref(svcReseller, "RESELLER_TOOLS"))})
	admin := "admin@reseller.example"
	adminID := b.addUser(admin)
	b.addAssignment(roles.Assignment{RoleID: sa.ID, AssignedTo: adminID, AssigneeType: roles.AssigneeUser, Scope: roles.ScopeCustomer})
	with := func(opts ...roles.Option) *roles.Service {
		return roles.NewWithBackend(b, append([]roles.Option{roles.WithClock(c.Now)}, opts...)...)
	}
	e := &env{
		svc:        with(),
		with:       with,
		customer:   memCustomer,
		now:        c.Now,
		setNow:     c.Set,
		superAdmin: admin,
		addUser:    func(t *testing.T, email string) string { return b.addUser(email) },
		setState: func(t *testing.T, email string, suspended, archived, deleted bool) {
			acct, err := b.GetAccount(t.Context(), email)
			if err != nil {
				t.Fatal(err)
			}
			b.setAccount(acct.ID, func(a *roles.Account) {
				a.Suspended, a.Archived, a.Deleted = suspended, archived, deleted
			})
		},
		addGroup: func(t *testing.T, email string, members ...string) string {
			var ids []string
			for _, m := range members {
				b.mu.Lock()
				id, ok := b.principal(m)
				b.mu.Unlock()
				if !ok {
					t.Fatalf("no member %s", m)
				}
				ids = append(ids, id)
			}
			return b.addGroup(email, ids...)
		},
		orgUnitID: func(t *testing.T) string { return "03ph8a2z1staff" },
		legacy:    legacy,
	}
	return e, b
}

func newMemEnv(t *testing.T, legacy bool) *env {
	e, _ := newMem(t, legacy)
	return e
}

func TestBehaviourMemory(t *testing.T) {
	t.Parallel()
	runSuite(t, newMemEnv)
}

func TestTreeExpandAndLookup(t *testing.T) {
	t.Parallel()
	tree := roles.NewTree(testTree(true))
	for _, tc := range []struct {
		name string
		ref  roles.PrivilegeRef
		want []string
	}{
		{"P3 root expands to its whole subtree", ref(svcReseller, "RESELLER_TOOLS"), []string{
			"RESELLER_TOOLS", "RESELLER_CUSTOMERS", "RESELLER_ADD_CUSTOMERS", "RESELLER_VIEW_CUSTOMERS",
			"RESELLER_ACCESS_CUSTOMER_SUPPORT_CASES", "RESELLER_BILLING", "RESELLER_ENTERPRISE_LEGACY_SUPPORT"}},
		{"P3 leaf expands to itself", ref(svcReseller, "RESELLER_VIEW_CUSTOMERS"), []string{"RESELLER_VIEW_CUSTOMERS"}},
		{"unknown privilege is held alone", ref("x", "SUPPORT"), []string{"SUPPORT"}},
		{"unique name with another service ID is found by name", ref("other-id", "USERS_ALL"), []string{"USERS_ALL", "USERS_RETRIEVE"}},
	} {
		var got []string
		for _, r := range tree.Expand(tc.ref) {
			got = append(got, r.Name)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s: Expand mismatch (-want +got):\n%s", tc.name, diff)
		}
	}
	n, ok := tree.Lookup(ref(svcAdmin, "USERS_RETRIEVE"))
	if !ok || !n.OUScopable || n.ServiceName != "admin_apis" {
		t.Errorf("Lookup(USERS_RETRIEVE) = %+v, %v", n, ok)
	}
	if diff := cmp.Diff([]roles.PrivilegeRef{ref(svcAdmin, "USERS_ALL")}, n.Ancestors); diff != "" {
		t.Errorf("Ancestors mismatch (-want +got):\n%s", diff)
	}
	if _, ok := tree.Lookup(ref(svcAdmin, "RESELLER_NOPE")); ok {
		t.Error("Lookup of an unknown privilege succeeded")
	}
	// Mutating what the tree returns does not change it.
	roots := tree.Roots()
	roots[0].Children[0].Name = "CHANGED"
	nodes := tree.Nodes()
	nodes[2].Ancestors[0].Name = "CHANGED"
	if got := tree.Roots()[0].Children[0].Name; got != "RESELLER_CUSTOMERS" {
		t.Errorf("tree changed through Roots: %s", got)
	}
	if got := tree.Nodes()[2].Ancestors[0].Name; got != "RESELLER_TOOLS" {
		t.Errorf("tree changed through Nodes: %s", got)
	}
	if tree.Len() != 11 {
		t.Errorf("Len = %d, want 11", tree.Len())
	}
}

func TestNameTable(t *testing.T) {
	t.Parallel()
	d := roles.DefaultNameTable()
	if len(d) != len(roles.Keys()) {
		t.Fatalf("default table has %d keys, want %d", len(d), len(roles.Keys()))
	}
	custom := d.With(roles.ViewCustomers, "REAL_VIEW")
	if d[roles.ViewCustomers] != roles.DefaultViewCustomersName || custom[roles.ViewCustomers] != "REAL_VIEW" {
		t.Errorf("With changed the original or did not apply: %v / %v", d, custom)
	}
	tree := roles.NewTree(testTree(false))
	if _, ok := tree.Resolve(custom, roles.ViewCustomers); ok {
		t.Error("a name absent from the tree resolved")
	}
	if r, ok := tree.Resolve(d, roles.ViewCustomers); !ok || r != ref(svcReseller, "RESELLER_VIEW_CUSTOMERS") {
		t.Errorf("Resolve(ViewCustomers) = %v, %v", r, ok)
	}
}

func TestOptionsValidated(t *testing.T) {
	t.Parallel()
	b := newMemBackend(testTree(false))
	for _, tc := range []struct {
		name  string
		b     roles.Backend
		opts  []roles.Option
		field string
	}{
		{"nil backend", nil, nil, "b"},
		{"nil option", b, []roles.Option{nil}, "opts[0]"},
		{"empty table", b, []roles.Option{roles.WithNameTable(roles.NameTable{})}, "roles.WithNameTable"},
		{"shared name", b, []roles.Option{roles.WithNameTable(roles.DefaultNameTable().With(roles.Support, roles.DefaultViewCustomersName))}, "roles.WithNameTable"},
		{"empty name", b, []roles.Option{roles.WithNameTable(roles.DefaultNameTable().With(roles.Support, " "))}, "roles.WithNameTable"},
		{"empty role name", b, []roles.Option{roles.WithResellerAdminRoleName("")}, "roles.WithResellerAdminRoleName"},
		{"nil clock", b, []roles.Option{roles.WithClock(nil)}, "roles.WithClock"},
		{"negative TTL", b, []roles.Option{roles.WithPrivilegeCacheTTL(-time.Second)}, "roles.WithPrivilegeCacheTTL"},
		{"negative await", b, []roles.Option{roles.WithAwait(resellerkit.AwaitPolicy{Timeout: -1})}, "roles.WithAwait"},
	} {
		s := roles.NewWithBackend(tc.b, tc.opts...)
		_, err := s.Privileges(t.Context(), memCustomer)
		var fe *resellerkit.FieldError
		if !errors.Is(err, resellerkit.ErrInvalidArgument) || !errors.As(err, &fe) || fe.Field != tc.field {
			t.Errorf("%s: err = %v, want invalid argument naming %s", tc.name, err, tc.field)
		}
		if got := s.EnsureAssignments(t.Context(), memCustomer, []roles.AssignmentSpec{{}}, nil); !errors.Is(got[0].Err, resellerkit.ErrInvalidArgument) {
			t.Errorf("%s: EnsureAssignments err = %v", tc.name, got[0].Err)
		}
	}
}

func TestInvalidArguments(t *testing.T) {
	t.Parallel()
	e := newMemEnv(t, false)
	ctx := t.Context()
	s := e.svc
	future := e.now().Add(time.Hour)
	for _, tc := range []struct {
		name  string
		call  func() error
		field string
	}{
		{"empty customer", func() error { _, err := s.Privileges(ctx, ""); return err }, "customer"},
		{"empty role ID", func() error { _, err := s.GetRole(ctx, e.customer, ""); return err }, "roleID"},
		{"page size", func() error {
			_, err := s.ListRolesPage(ctx, e.customer, resellerkit.PageRequest{Size: -1})
			return err
		}, "PageRequest.Size"},
		{"indirect without user", func() error {
			_, err := s.ListAssignmentsPage(ctx, e.customer, &roles.ListAssignmentsOptions{IncludeIndirect: true}, resellerkit.PageRequest{})
			return err
		}, "ListAssignmentsOptions.IncludeIndirect"},
		{"no role", func() error {
			_, _, err := s.EnsureAssignment(ctx, e.customer, roles.AssignmentSpec{AssignedTo: "1"})
			return err
		}, "AssignmentSpec.RoleID"},
		{"no assignee", func() error {
			_, _, err := s.EnsureAssignment(ctx, e.customer, roles.AssignmentSpec{RoleID: "1"})
			return err
		}, "AssignmentSpec.AssignedTo"},
		{"OU scope without OU", func() error {
			_, _, err := s.EnsureAssignment(ctx, e.customer, roles.AssignmentSpec{RoleID: "1", AssignedTo: "1", Scope: roles.ScopeOrgUnit})
			return err
		}, "AssignmentSpec.OrgUnitID"},
		{"OU with customer scope", func() error {
			_, _, err := s.EnsureAssignment(ctx, e.customer, roles.AssignmentSpec{RoleID: "1", AssignedTo: "1", OrgUnitID: "x"})
			return err
		}, "AssignmentSpec.OrgUnitID"},
		{"bad scope", func() error {
			_, _, err := s.EnsureAssignment(ctx, e.customer, roles.AssignmentSpec{RoleID: "1", AssignedTo: "1", Scope: "DOMAIN"})
			return err
		}, "AssignmentSpec.Scope"},
		{"P4 expiry now is refused", func() error {
			_, _, err := s.EnsureAssignment(ctx, e.customer, roles.AssignmentSpec{RoleID: "1", AssignedTo: "1", ExpireTime: e.now()})
			return err
		}, "AssignmentSpec.ExpireTime"},
		{"no privileges", func() error { _, _, err := s.EnsureCustomRole(ctx, e.customer, "x", nil); return err }, "privileges"},
		{"no name", func() error {
			_, _, err := s.EnsureCustomRole(ctx, e.customer, " ", []roles.PrivilegeKey{roles.Support})
			return err
		}, "name"},
		{"create without privileges", func() error {
			_, err := s.CreateRole(ctx, e.customer, roles.RoleSpec{Name: "x"})
			return err
		}, "RoleSpec.Privileges"},
		{"create with half a ref", func() error {
			_, err := s.CreateRole(ctx, e.customer, roles.RoleSpec{Name: "x", Privileges: []roles.PrivilegeRef{{Name: "A"}}})
			return err
		}, "RoleSpec.Privileges[0]"},
	} {
		err := tc.call()
		var fe *resellerkit.FieldError
		if !errors.Is(err, resellerkit.ErrInvalidArgument) || !errors.As(err, &fe) || fe.Field != tc.field {
			t.Errorf("%s: err = %v, want invalid argument naming %s", tc.name, err, tc.field)
		}
	}
	// A future expiry is fine (it fails later, on the unknown role).
	if _, _, err := s.EnsureAssignment(ctx, e.customer, roles.AssignmentSpec{RoleID: "1", AssignedTo: "1", ExpireTime: future}); errors.Is(err, resellerkit.ErrInvalidArgument) && func() bool {
		var fe *resellerkit.FieldError
		return errors.As(err, &fe) && fe.Field == "AssignmentSpec.ExpireTime"
	}() {
		t.Errorf("future expiry refused: %v", err)
	}
}

// TestPrivilegesSingleflight checks that concurrent callers share one
// privileges.list call, that the tree is then cached, and that invalidation
// fetches again. It runs in a synctest bubble, so every caller is known to
// wait on the one fetch before it is released.
func TestPrivilegesSingleflight(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		b := newMemBackend(testTree(false))
		b.privGate = make(chan struct{})
		s := roles.NewWithBackend(b)
		ctx := t.Context()
		const callers = 50
		var wg sync.WaitGroup
		trees := make([]*roles.Tree, callers)
		errs := make([]error, callers)
		for i := range callers {
			wg.Go(func() { trees[i], errs[i] = s.Privileges(ctx, memCustomer) })
		}
		// Every caller is blocked now: one in the fetch, at the gate, the
		// others on its result.
		synctest.Wait()
		if n := b.count("ListPrivileges"); n != 1 {
			t.Fatalf("%d callers waiting made %d privileges.list calls, want 1", callers, n)
		}
		close(b.privGate)
		wg.Wait()
		for i := range callers {
			if errs[i] != nil || trees[i] != trees[0] {
				t.Fatalf("caller %d got %p, %v; want the shared tree", i, trees[i], errs[i])
			}
		}
		if n := b.count("ListPrivileges"); n != 1 {
			t.Errorf("%d concurrent callers made %d privileges.list calls, want 1", callers, n)
		}
		if _, err := s.Privileges(ctx, memCustomer); err != nil || b.count("ListPrivileges") != 1 {
			t.Errorf("cached call: err %v, %d fetches", err, b.count("ListPrivileges"))
		}
		// Another tenant has its own entry.
		if _, err := s.Privileges(ctx, "C02other"); err != nil || b.count("ListPrivileges") != 2 {
			t.Errorf("other tenant: err %v, %d fetches", err, b.count("ListPrivileges"))
		}
		s.InvalidatePrivileges(memCustomer)
		if _, err := s.Privileges(ctx, memCustomer); err != nil || b.count("ListPrivileges") != 3 {
			t.Errorf("after invalidation: err %v, %d fetches, want 3", err, b.count("ListPrivileges"))
		}
		s.InvalidatePrivileges("")
		s.Privileges(ctx, memCustomer)
		s.Privileges(ctx, "C02other")
		if n := b.count("ListPrivileges"); n != 5 {
			t.Errorf("after invalidating all: %d fetches, want 5", n)
		}
	})
}

// TestPrivilegesCancelledCallerDoesNotFailOthers: the shared fetch survives
// the first caller giving up.
func TestPrivilegesCancelledCallerDoesNotFailOthers(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		b := newMemBackend(testTree(false))
		b.privGate = make(chan struct{})
		s := roles.NewWithBackend(b)
		first, cancel := context.WithCancel(t.Context())
		firstErr := make(chan error, 1)
		go func() { _, err := s.Privileges(first, memCustomer); firstErr <- err }()
		synctest.Wait() // the first caller's fetch waits at the gate
		second := make(chan error, 1)
		go func() { _, err := s.Privileges(t.Context(), memCustomer); second <- err }()
		synctest.Wait() // the second caller waits on the same fetch
		cancel()
		if err := <-firstErr; !errors.Is(err, resellerkit.ErrCanceled) {
			t.Errorf("cancelled caller got %v, want ErrCanceled", err)
		}
		close(b.privGate)
		if err := <-second; err != nil {
			t.Errorf("second caller got %v", err)
		}
		if n := b.count("ListPrivileges"); n != 1 {
			t.Errorf("%d fetches, want 1", n)
		}
	})
}

func TestPrivilegesErrorsAreNotCachedAndTTL(t *testing.T) {
	t.Parallel()
	b := newMemBackend(testTree(false))
	c := newClock()
	s := roles.NewWithBackend(b, roles.WithClock(c.Now), roles.WithPrivilegeCacheTTL(time.Hour))
	unavailable := &resellerkit.Error{Kind: resellerkit.KindUnavailable, Status: 503}
	var mu sync.Mutex
	failNext := true
	b.fail = func(method string) error {
		mu.Lock()
		defer mu.Unlock()
		if method == "ListPrivileges" && failNext {
			failNext = false
			return unavailable
		}
		return nil
	}
	if _, err := s.Privileges(t.Context(), memCustomer); !errors.Is(err, resellerkit.ErrUnavailable) {
		t.Fatalf("first call = %v, want the backend's error", err)
	}
	if _, err := s.Privileges(t.Context(), memCustomer); err != nil {
		t.Fatalf("second call = %v", err)
	}
	start := c.Now()
	for _, tc := range []struct {
		at    time.Duration
		calls int64
	}{
		{time.Hour - time.Nanosecond, 2}, // still cached
		{time.Hour, 3},                   // stale exactly at the TTL
		{time.Hour + time.Minute, 3},     // cached again from the refetch
	} {
		c.Set(start.Add(tc.at))
		if _, err := s.Privileges(t.Context(), memCustomer); err != nil {
			t.Fatal(err)
		}
		if n := b.count("ListPrivileges"); n != tc.calls {
			t.Errorf("at +%v: %d fetches, want %d", tc.at, n, tc.calls)
		}
	}
}

// TestEnsureCustomRoleS5Races covers the creation paths of S5 that depend
// on Google's timing: a role created by someone else between the listing and
// the insert, and a new role that Google serves only after a while (W5).
func TestEnsureCustomRoleS5Races(t *testing.T) {
	t.Parallel()
	keys := []roles.PrivilegeKey{roles.ViewCustomers, roles.AccessCustomerSupportCases}
	t.Run("S5 created meanwhile with the same privileges", func(t *testing.T) {
		t.Parallel()
		e, b := newMem(t, false)
		tree := roles.NewTree(testTree(false))
		v, _ := tree.Resolve(roles.DefaultNameTable(), roles.ViewCustomers)
		c, _ := tree.Resolve(roles.DefaultNameTable(), roles.AccessCustomerSupportCases)
		var once sync.Once
		b.fail = func(method string) error {
			if method == "InsertRole" {
				once.Do(func() { b.addRole(roles.Role{Name: "Agents", Privileges: []roles.PrivilegeRef{c, v}}) })
			}
			return nil
		}
		r, outcome, err := e.svc.EnsureCustomRole(t.Context(), e.customer, "Agents", keys)
		if err != nil || outcome != resellerkit.OutcomeUnchanged || r.Name != "Agents" {
			t.Errorf("EnsureCustomRole = %+v, %v, %v; want the concurrent role, unchanged", r, outcome, err)
		}
	})
	t.Run("S5 created meanwhile with other privileges", func(t *testing.T) {
		t.Parallel()
		e, b := newMem(t, false)
		var once sync.Once
		b.fail = func(method string) error {
			if method == "InsertRole" {
				once.Do(func() {
					b.addRole(roles.Role{Name: "Agents", Privileges: []roles.PrivilegeRef{ref(svcAdmin, "SUPPORT_PRIVILEGE_GROUP")}})
				})
			}
			return nil
		}
		_, _, err := e.svc.EnsureCustomRole(t.Context(), e.customer, "Agents", keys)
		var conflict *roles.RoleConflictError
		if !errors.As(err, &conflict) || len(conflict.Missing) != 2 || len(conflict.Extra) != 1 {
			t.Errorf("EnsureCustomRole = %v; want a conflict with 2 missing, 1 extra", err)
		}
	})
	t.Run("W5 waits until the new role is served", func(t *testing.T) {
		t.Parallel()
		e, b := newMem(t, false)
		b.roleLag = 3
		s := roles.NewWithBackend(b, roles.WithAwait(resellerkit.AwaitPolicy{Interval: time.Millisecond, Timeout: 10 * time.Second}))
		r, outcome, err := s.EnsureCustomRole(t.Context(), e.customer, "Agents", keys)
		if err != nil || outcome != resellerkit.OutcomeCreated {
			t.Fatalf("EnsureCustomRole = %v, %v", outcome, err)
		}
		if n := b.count("GetRole"); n != 4 {
			t.Errorf("GetRole called %d times, want 3 lagging answers then 1", n)
		}
		if _, err := s.GetRole(t.Context(), e.customer, r.ID); err != nil {
			t.Errorf("role not served after EnsureCustomRole returned: %v", err)
		}
	})
}

// TestListAssignmentsNeverSendsBothFilters: the memory backend refuses
// roleId with userKey as Google does; the Service must filter on the client.
func TestListAssignmentsNeverSendsBothFilters(t *testing.T) {
	t.Parallel()
	e, b := newMem(t, false)
	b.pageSize = 1
	ctx := t.Context()
	ra, err := e.svc.FindResellerAdminRole(ctx, e.customer)
	if err != nil {
		t.Fatal(err)
	}
	sa, _ := e.svc.FindSuperAdminRole(ctx, e.customer)
	if _, _, err := e.svc.EnsureAssignment(ctx, e.customer, roles.AssignmentSpec{RoleID: ra.ID, AssignedTo: e.superAdmin}); err != nil {
		t.Fatal(err)
	}
	// Pages of one item: the super admin assignment page is emptied by the
	// client-side filter and the listing still goes on to the next page.
	got, err := resellerkit.Collect(e.svc.ListAssignments(ctx, e.customer, &roles.ListAssignmentsOptions{UserKey: e.superAdmin, RoleID: ra.ID}))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].RoleID != ra.ID {
		t.Errorf("got %+v, want the one reseller admin assignment", got)
	}
	got, err = resellerkit.Collect(e.svc.ListAssignments(ctx, e.customer, &roles.ListAssignmentsOptions{UserKey: e.superAdmin, RoleID: sa.ID}))
	if err != nil || len(got) != 1 || got[0].RoleID != sa.ID {
		t.Errorf("got %+v, %v; want the one super admin assignment", got, err)
	}
}

// TestEnsureAssignmentDuplicateIsUnchanged: Google's 500 "role assignment
// exists" is success for an ensure, also when the listing lags behind.
func TestEnsureAssignmentDuplicateIsUnchanged(t *testing.T) {
	t.Parallel()
	e, b := newMem(t, false)
	ctx := t.Context()
	ra, _ := e.svc.FindResellerAdminRole(ctx, e.customer)
	id := e.addUser(t, "ana@reseller.example")
	b.addAssignment(roles.Assignment{RoleID: ra.ID, AssignedTo: id, AssigneeType: roles.AssigneeUser, Scope: roles.ScopeCustomer})
	b.mu.Lock()
	b.hideAssignments = true // the pre-check sees nothing
	b.mu.Unlock()
	a, outcome, err := e.svc.EnsureAssignment(ctx, e.customer, roles.AssignmentSpec{RoleID: ra.ID, AssignedTo: id})
	if err != nil || outcome != resellerkit.OutcomeUnchanged {
		t.Fatalf("EnsureAssignment = %v, %v; want unchanged", outcome, err)
	}
	if a.RoleID != ra.ID || a.AssignedTo != id {
		t.Errorf("assignment = %+v", a)
	}
	if n := b.assignmentCount(); n != 2 {
		t.Errorf("%d assignments, want 2 (the super admin's and ana's)", n)
	}
}

// TestEnsureAssignmentReplacesOtherTerms: no update exists at Google, so
// another expiry is a delete and an insert.
func TestEnsureAssignmentReplacesOtherTerms(t *testing.T) {
	t.Parallel()
	e := newMemEnv(t, false)
	ctx := t.Context()
	ra, _ := e.svc.FindResellerAdminRole(ctx, e.customer)
	id := e.addUser(t, "ana@reseller.example")
	exp := e.now().Add(48 * time.Hour)
	a1, outcome, err := e.svc.EnsureAssignment(ctx, e.customer, roles.AssignmentSpec{RoleID: ra.ID, AssignedTo: id, ExpireTime: exp})
	if err != nil || outcome != resellerkit.OutcomeCreated {
		t.Fatal(outcome, err)
	}
	// The same expiry, given with sub-second noise, is the same assignment.
	if _, outcome, err := e.svc.EnsureAssignment(ctx, e.customer, roles.AssignmentSpec{RoleID: ra.ID, AssignedTo: id, ExpireTime: exp.Add(300 * time.Millisecond)}); err != nil || outcome != resellerkit.OutcomeUnchanged {
		t.Errorf("same expiry = %v, %v; want unchanged", outcome, err)
	}
	a2, outcome, err := e.svc.EnsureAssignment(ctx, e.customer, roles.AssignmentSpec{RoleID: ra.ID, AssignedTo: id})
	if err != nil || outcome != resellerkit.OutcomeUpdated || a2.ID == a1.ID || !a2.ExpireTime.IsZero() {
		t.Errorf("no expiry = %+v, %v, %v; want a new assignment without expiry, updated", a2, outcome, err)
	}
	all, _ := resellerkit.Collect(e.svc.ListAssignments(ctx, e.customer, &roles.ListAssignmentsOptions{UserKey: id}))
	if len(all) != 1 || all[0].ID != a2.ID {
		t.Errorf("assignments = %+v; want only %s", all, a2.ID)
	}
}

// TestEnsureAssignmentsFaultsMidBulk: transient failures on some inserts
// fail those items only; a rerun completes them; nothing is duplicated.
func TestEnsureAssignmentsFaultsMidBulk(t *testing.T) {
	t.Parallel()
	e, b := newMem(t, false)
	ctx := t.Context()
	ra, _ := e.svc.FindResellerAdminRole(ctx, e.customer)
	var specs []roles.AssignmentSpec
	for i := range 20 {
		specs = append(specs, roles.AssignmentSpec{RoleID: ra.ID, AssignedTo: e.addUser(t, fmt.Sprintf("s%d@reseller.example", i))})
	}
	var mu sync.Mutex
	inserts := 0
	b.fail = func(method string) error {
		mu.Lock()
		defer mu.Unlock()
		if method != "InsertAssignment" {
			return nil
		}
		inserts++
		if inserts%4 == 0 {
			return &resellerkit.Error{Kind: resellerkit.KindUnavailable, Status: 503, Reason: "backendError"}
		}
		return nil
	}
	first := e.svc.EnsureAssignments(ctx, e.customer, specs, &resellerkit.BulkOptions{Concurrency: 3})
	failed := 0
	for _, r := range first {
		if r.Err != nil {
			failed++
			if !resellerkit.IsRetryable(r.Err) || r.Outcome != resellerkit.OutcomeFailed {
				t.Errorf("failed item: %v, %v", r.Outcome, r.Err)
			}
		}
	}
	if failed != 5 {
		t.Errorf("%d failed items, want 5", failed)
	}
	b.fail = nil
	second := e.svc.EnsureAssignments(ctx, e.customer, specs, nil)
	created := 0
	for i, r := range second {
		switch {
		case r.Err != nil:
			t.Errorf("rerun item %d: %v", i, r.Err)
		case first[i].Err != nil && r.Outcome == resellerkit.OutcomeCreated:
			created++
		case first[i].Err == nil && r.Outcome != resellerkit.OutcomeUnchanged:
			t.Errorf("rerun item %d done before = %v, want unchanged", i, r.Outcome)
		}
	}
	if created != failed {
		t.Errorf("rerun created %d, want %d", created, failed)
	}
	if n := b.assignmentCount(); n != 21 {
		t.Errorf("%d assignments, want 21 (20 + the super admin's)", n)
	}
	// The bulk pre-listing saved the per-item listing calls.
	before := b.count("ListAssignments")
	e.svc.EnsureAssignments(ctx, e.customer, specs, nil)
	if n := b.count("ListAssignments") - before; n > 7 {
		t.Errorf("a rerun of 20 items made %d listing calls; want one listing of the role (7 pages of 3)", n)
	}
}

// TestEffectiveFrom covers the pure computation's edge cases, with facts
// given directly.
func TestEffectiveFrom(t *testing.T) {
	t.Parallel()
	s := roles.NewWithBackend(newMemBackend(nil))
	tree := roles.NewTree(testTree(false))
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	acct := roles.Account{ID: "7", Email: "ana@reseller.example"}
	view := ref(svcReseller, "RESELLER_VIEW_CUSTOMERS")
	role := roles.Role{ID: "50", Name: "Viewer", Privileges: []roles.PrivilegeRef{view, view}}
	direct := roles.Assignment{ID: "900", RoleID: "50", AssignedTo: "7", AssigneeType: roles.AssigneeUser, Scope: roles.ScopeCustomer}
	group := roles.Assignment{ID: "12", RoleID: "50", AssignedTo: "g1", AssigneeType: roles.AssigneeGroup, Scope: roles.ScopeCustomer}
	other := roles.Assignment{ID: "13", RoleID: "50", AssignedTo: "8", AssigneeType: roles.AssigneeUser, Scope: roles.ScopeCustomer}
	cond := roles.Assignment{ID: "14", RoleID: "50", AssignedTo: "7", AssigneeType: roles.AssigneeUser, Scope: roles.ScopeCustomer, Condition: "x"}
	gone := roles.Assignment{ID: "15", RoleID: "404", AssignedTo: "7", AssigneeType: roles.AssigneeUser, Scope: roles.ScopeCustomer}

	got := s.EffectiveFrom(tree, acct, []roles.Assignment{group, other, cond, gone, direct}, []roles.Role{role}, now)
	want := roles.Effective{
		UserID: "7", Email: "ana@reseller.example", ReadAt: now,
		Grants: []roles.Grant{
			// By privilege, then by assignment ID compared as a number.
			{Privilege: view, Key: roles.ViewCustomers, RoleID: "50", RoleName: "Viewer", AssignmentID: "12", ViaGroup: "g1"},
			{Privilege: view, Key: roles.ViewCustomers, RoleID: "50", RoleName: "Viewer", AssignmentID: "900"},
		},
		Skipped: []roles.Skipped{
			{Assignment: other, RoleName: "Viewer", Reason: roles.SkipOtherAssignee},
			{Assignment: cond, RoleName: "Viewer", Reason: roles.SkipConditional},
			{Assignment: gone, Reason: roles.SkipRoleNotFound},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("EffectiveFrom mismatch (-want +got):\n%s", diff)
	}
	if g := got.GrantsOf(""); g != nil {
		t.Errorf("GrantsOf(\"\") = %v, want none", g)
	}
	// P5: a blocked account keeps its grants for explanation.
	acct.Suspended = true
	if got := s.EffectiveFrom(tree, acct, []roles.Assignment{direct}, []roles.Role{role}, now); !got.Blocked || !got.Holds(roles.ViewCustomers) {
		t.Errorf("P5 suspended: Blocked %v, holds %v", got.Blocked, got.Holds(roles.ViewCustomers))
	}
	// Zero facts grant nothing.
	if got := s.EffectiveFrom(nil, roles.Account{}, nil, nil, now); got.Blocked || len(got.Grants) != 0 || got.SuperAdmin != nil {
		t.Errorf("zero facts = %+v", got)
	}
}

// TestEffectiveReadFailuresAreErrors: rule P7 as far as roles is concerned:
// a failure to read any fact is an error, never an empty answer.
func TestEffectiveReadFailuresAreErrors(t *testing.T) {
	t.Parallel()
	for _, method := range []string{"GetAccount", "ListPrivileges", "ListAssignments", "GetRole"} {
		t.Run(method, func(t *testing.T) {
			t.Parallel()
			e, b := newMem(t, false)
			b.fail = func(m string) error {
				if m == method {
					return &resellerkit.Error{Kind: resellerkit.KindPermissionDenied, Status: 403, Reason: "forbidden"}
				}
				return nil
			}
			if eff, err := e.svc.Effective(t.Context(), e.customer, e.superAdmin); !errors.Is(err, resellerkit.ErrPermissionDenied) {
				t.Errorf("Effective = %+v, %v; want the %s error", eff, err, method)
			}
		})
	}
}

// TestNilTree: a nil tree is an empty one; EffectiveFrom still applies the
// roles' own privileges, and the super admin flag.
func TestNilTree(t *testing.T) {
	t.Parallel()
	var tree *roles.Tree
	if tree.Len() != 0 || tree.Nodes() == nil && len(tree.Nodes()) != 0 || tree.Roots() != nil || tree.Find("X") != nil {
		t.Error("nil tree is not empty")
	}
	s := roles.NewWithBackend(newMemBackend(nil))
	sa := roles.Role{ID: "1", Name: roles.SuperAdminRoleName, IsSuperAdmin: true, IsSystem: true, Privileges: []roles.PrivilegeRef{ref(svcAdmin, roles.DefaultSupportName)}}
	eff := s.EffectiveFrom(nil, roles.Account{ID: "7"}, []roles.Assignment{{ID: "2", RoleID: "1", AssignedTo: "7", Scope: roles.ScopeCustomer}}, []roles.Role{sa}, time.Now())
	if eff.SuperAdmin == nil || !eff.Holds(roles.Support) {
		t.Errorf("Effective over a nil tree = %+v", eff)
	}
}

// TestNilServiceIsAnError: a nil *Service answers with an error, or with
// the defaults where it cannot.
func TestNilServiceIsAnError(t *testing.T) {
	t.Parallel()
	var s *roles.Service
	if _, err := s.Privileges(t.Context(), memCustomer); !errors.Is(err, resellerkit.ErrInvalidArgument) {
		t.Errorf("Privileges on nil = %v", err)
	}
	if _, err := s.Effective(t.Context(), memCustomer, "a@x.example"); !errors.Is(err, resellerkit.ErrInvalidArgument) {
		t.Errorf("Effective on nil = %v", err)
	}
	if diff := cmp.Diff(roles.DefaultNameTable(), s.NameTable()); diff != "" {
		t.Errorf("NameTable on nil (-want +got):\n%s", diff)
	}
	if k := s.KeyOf(ref(svcAdmin, roles.DefaultSupportName)); k != roles.Support {
		t.Errorf("KeyOf on nil = %q", k)
	}
	s.InvalidatePrivileges("")
	// A misconfigured Service computes with the defaults.
	bad := roles.NewWithBackend(newMemBackend(nil), roles.WithNameTable(roles.NameTable{}))
	if got := bad.ResellerAdminRoleName(); got != roles.DefaultResellerAdminRoleName {
		t.Errorf("ResellerAdminRoleName of a misconfigured Service = %q", got)
	}
	if _, err := roles.New(nil).Privileges(t.Context(), memCustomer); !errors.Is(err, resellerkit.ErrInvalidArgument) {
		t.Errorf("New(nil) = %v", err)
	}
}
