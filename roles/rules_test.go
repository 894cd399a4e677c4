package roles_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/roles"
)

func TestTreeExpandAndLookup(t *testing.T) {
	t.Parallel()
	tree := roles.NewTree(testTree(true))
	for _, tc := range []struct {
		name string
		ref  roles.PrivilegeRef
		want []string
	}{
		{"P3 root expands to its whole subtree", ref(svcReseller, roles.DefaultResellerToolsName), []string{
			roles.DefaultResellerToolsName, roles.DefaultResellerCustomersName, roles.DefaultAddCustomersName, roles.DefaultViewCustomersName,
			roles.DefaultAccessCustomerSupportCasesName, roles.DefaultResellerBillingName, roles.DefaultResellerEnterpriseLegacySupportName}},
		{"P3 leaf expands to itself", ref(svcReseller, roles.DefaultViewCustomersName), []string{roles.DefaultViewCustomersName}},
		{"unknown privilege is held alone", ref("x", "SUPPORT"), []string{"SUPPORT"}},
		{"unique name with another service ID is found by name", ref("other-id", roles.UsersAllName), []string{roles.UsersAllName, roles.UsersRetrieveName}},
	} {
		var got []string
		for _, r := range tree.Expand(tc.ref) {
			got = append(got, r.Name)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s: Expand mismatch (-want +got):\n%s", tc.name, diff)
		}
	}
	n, ok := tree.Lookup(ref(svcAdmin, roles.UsersRetrieveName))
	if !ok || !n.OUScopable || n.ServiceName != "admin_apis" {
		t.Errorf("Lookup(USERS_RETRIEVE) = %+v, %v", n, ok)
	}
	if diff := cmp.Diff([]roles.PrivilegeRef{ref(svcAdmin, roles.UsersAllName)}, n.Ancestors); diff != "" {
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
	if got := tree.Roots()[0].Children[0].Name; got != roles.DefaultResellerCustomersName {
		t.Errorf("tree changed through Roots: %s", got)
	}
	if got := tree.Nodes()[2].Ancestors[0].Name; got != roles.DefaultResellerToolsName {
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
	if r, ok := tree.Resolve(d, roles.ViewCustomers); !ok || r != ref(svcReseller, roles.DefaultViewCustomersName) {
		t.Errorf("Resolve(ViewCustomers) = %v, %v", r, ok)
	}
}

func TestOptionsValidated(t *testing.T) {
	t.Parallel()
	conn := connect(t, serve(t, newWorld(t, false)), suiteAdmin)
	for _, tc := range []struct {
		name  string
		conn  *resellerkit.Conn
		opts  []roles.Option
		field string
	}{
		{"nil conn", nil, nil, "conn"},
		{"nil option", conn, []roles.Option{nil}, "opts[0]"},
		{"empty table", conn, []roles.Option{roles.WithNameTable(roles.NameTable{})}, "roles.WithNameTable"},
		{"shared name", conn, []roles.Option{roles.WithNameTable(roles.DefaultNameTable().With(roles.Support, roles.DefaultViewCustomersName))}, "roles.WithNameTable"},
		{"empty name", conn, []roles.Option{roles.WithNameTable(roles.DefaultNameTable().With(roles.Support, " "))}, "roles.WithNameTable"},
		{"empty role name", conn, []roles.Option{roles.WithResellerAdminRoleName("")}, "roles.WithResellerAdminRoleName"},
		{"negative TTL", conn, []roles.Option{roles.WithPrivilegeCacheTTL(-time.Second)}, "roles.WithPrivilegeCacheTTL"},
		{"negative await", conn, []roles.Option{roles.WithAwait(resellerkit.AwaitPolicy{Timeout: -1})}, "roles.WithAwait"},
		{"a valid option before an invalid one", conn, []roles.Option{roles.WithPrivilegeCacheTTL(time.Hour), nil}, "opts[1]"},
	} {
		s, err := roles.New(tc.conn, tc.opts...)
		var fe *resellerkit.FieldError
		var re *resellerkit.Error
		if s != nil || !errors.Is(err, resellerkit.ErrInvalidArgument) || !errors.As(err, &fe) || fe.Field != tc.field {
			t.Errorf("%s: New = %p, %v; want no Service and an invalid argument naming %s", tc.name, s, err, tc.field)
		}
		if errors.As(err, &re) && re.Op != "roles.New" {
			t.Errorf("%s: Op = %q, want roles.New", tc.name, re.Op)
		}
	}
	if _, err := roles.New(conn, roles.WithNameTable(roles.DefaultNameTable()), roles.WithPrivilegeCacheTTL(0)); err != nil {
		t.Errorf("valid options refused: %v", err)
	}
}

func TestInvalidArguments(t *testing.T) {
	t.Parallel()
	e := newEnv(t, false)
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
	// P4: a future expiry is fine (it fails later, on the unknown role).
	if _, _, err := s.EnsureAssignment(ctx, e.customer, roles.AssignmentSpec{RoleID: "1", AssignedTo: "1", ExpireTime: future}); errors.Is(err, resellerkit.ErrInvalidArgument) && func() bool {
		var fe *resellerkit.FieldError
		return errors.As(err, &fe) && fe.Field == "AssignmentSpec.ExpireTime"
	}() {
		t.Errorf("P4 future expiry refused: %v", err)
	}
	if len(e.wire.requests("directory.roleAssignments.insert")) != 0 {
		t.Error("an invalid assignment reached Google")
	}
}

// gatePrivileges holds every privileges.list request at the wire until the
// returned function is called.
func gatePrivileges(wr *wire) (release func()) {
	gate := make(chan struct{})
	wr.setIntercept(func(method string, _ *http.Request) *http.Response {
		if method == "directory.privileges.list" {
			<-gate
		}
		return nil
	})
	return func() { close(gate) }
}

// TestPrivilegesSingleflight checks that concurrent callers share one
// privileges.list call, that the tree is then cached, and that invalidation
// fetches again. It runs in a synctest bubble, so every caller is known to
// wait on the one fetch before it is released.
func TestPrivilegesSingleflight(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, false)
		s := e.svc
		fetches := func() int { return len(e.wire.requests("directory.privileges.list")) }
		release := gatePrivileges(e.wire)
		ctx := t.Context()
		const callers = 50
		var wg sync.WaitGroup
		trees := make([]*roles.Tree, callers)
		errs := make([]error, callers)
		for i := range callers {
			wg.Go(func() { trees[i], errs[i] = s.Privileges(ctx, e.customer) })
		}
		// Every caller is blocked now: one in the fetch, at the gate, the
		// others on its result.
		synctest.Wait()
		if n := fetches(); n != 1 {
			t.Fatalf("%d callers waiting made %d privileges.list calls, want 1", callers, n)
		}
		release()
		wg.Wait()
		for i := range callers {
			if errs[i] != nil || trees[i] != trees[0] {
				t.Fatalf("caller %d got %p, %v; want the shared tree", i, trees[i], errs[i])
			}
		}
		if n := fetches(); n != 1 {
			t.Errorf("%d concurrent callers made %d privileges.list calls, want 1", callers, n)
		}
		if _, err := s.Privileges(ctx, e.customer); err != nil || fetches() != 1 {
			t.Errorf("cached call: err %v, %d fetches", err, fetches())
		}
		// Another spelling of the tenant has its own entry.
		if _, err := s.Privileges(ctx, "my_customer"); err != nil || fetches() != 2 {
			t.Errorf("my_customer: err %v, %d fetches", err, fetches())
		}
		s.InvalidatePrivileges(e.customer)
		if _, err := s.Privileges(ctx, e.customer); err != nil || fetches() != 3 {
			t.Errorf("after invalidation: err %v, %d fetches, want 3", err, fetches())
		}
		s.InvalidatePrivileges("")
		s.Privileges(ctx, e.customer)
		s.Privileges(ctx, "my_customer")
		if n := fetches(); n != 5 {
			t.Errorf("after invalidating all: %d fetches, want 5", n)
		}
	})
}

// TestPrivilegesCancelledCallerDoesNotFailOthers: the shared fetch survives
// the first caller giving up.
func TestPrivilegesCancelledCallerDoesNotFailOthers(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		e := newEnv(t, false)
		s := e.svc
		release := gatePrivileges(e.wire)
		first, cancel := context.WithCancel(t.Context())
		firstErr := make(chan error, 1)
		go func() { _, err := s.Privileges(first, e.customer); firstErr <- err }()
		synctest.Wait() // the first caller's fetch waits at the gate
		second := make(chan error, 1)
		go func() { _, err := s.Privileges(t.Context(), e.customer); second <- err }()
		synctest.Wait() // the second caller waits on the same fetch
		cancel()
		if err := <-firstErr; !errors.Is(err, resellerkit.ErrCanceled) {
			t.Errorf("cancelled caller got %v, want ErrCanceled", err)
		}
		release()
		if err := <-second; err != nil {
			t.Errorf("second caller got %v", err)
		}
		if n := len(e.wire.requests("directory.privileges.list")); n != 1 {
			t.Errorf("%d fetches, want 1", n)
		}
	})
}

// TestPrivilegesErrorsAreNotCachedAndTTL: a failed fetch is not cached, and
// a cached tree goes stale exactly at the TTL on the Conn's clock (the
// World's).
func TestPrivilegesErrorsAreNotCachedAndTTL(t *testing.T) {
	t.Parallel()
	e := newEnv(t, false)
	s := e.with(roles.WithPrivilegeCacheTTL(time.Hour))
	fetches := func() int { return countCalls(e.srv.Requests(), "directory.privileges.list") }
	e.srv.Fail(fake.Fault{Method: "directory.privileges.list", Status: 403, Reason: "forbidden", Count: 1})
	if _, err := s.Privileges(t.Context(), e.customer); !errors.Is(err, resellerkit.ErrPermissionDenied) {
		t.Fatalf("first call = %v, want Google's error", err)
	}
	if _, err := s.Privileges(t.Context(), e.customer); err != nil {
		t.Fatalf("second call = %v", err)
	}
	start := e.now()
	for _, tc := range []struct {
		at    time.Duration
		calls int
	}{
		{time.Hour - time.Nanosecond, 2}, // still cached
		{time.Hour, 3},                   // stale exactly at the TTL
		{time.Hour + time.Minute, 3},     // cached again from the refetch
	} {
		e.setNow(start.Add(tc.at))
		if _, err := s.Privileges(t.Context(), e.customer); err != nil {
			t.Fatal(err)
		}
		if n := fetches(); n != tc.calls {
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
	// createdMeanwhile adds the role "Agents" with privs to the World when
	// the Service sends its insert, which Google then refuses as a
	// duplicate.
	createdMeanwhile := func(t *testing.T, e *env, privs ...string) {
		var once sync.Once
		e.wire.setIntercept(func(method string, _ *http.Request) *http.Response {
			if method == "directory.roles.insert" {
				once.Do(func() {
					if _, err := e.w.AddRole(e.customer, fake.RoleSeed{Name: "Agents", Privileges: privs}); err != nil {
						t.Error(err)
					}
				})
			}
			return nil
		})
	}
	t.Run("S5 created meanwhile with the same privileges", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, false)
		createdMeanwhile(t, e, roles.DefaultAccessCustomerSupportCasesName, roles.DefaultViewCustomersName)
		r, outcome, err := e.svc.EnsureCustomRole(t.Context(), e.customer, "Agents", keys)
		if err != nil || outcome != resellerkit.OutcomeUnchanged || r.Name != "Agents" {
			t.Errorf("EnsureCustomRole = %+v, %v, %v; want the concurrent role, unchanged", r, outcome, err)
		}
	})
	t.Run("S5 created meanwhile with other privileges", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, false)
		createdMeanwhile(t, e, roles.DefaultSupportName)
		_, _, err := e.svc.EnsureCustomRole(t.Context(), e.customer, "Agents", keys)
		var conflict *roles.RoleConflictError
		if !errors.As(err, &conflict) || len(conflict.Missing) != 2 || len(conflict.Extra) != 1 {
			t.Errorf("EnsureCustomRole = %v; want a conflict with 2 missing, 1 extra", err)
		}
	})
	t.Run("W5 waits until the new role is served", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, false)
		e.srv.SetReadAfterWriteLag(3)
		s := e.with(roles.WithAwait(resellerkit.AwaitPolicy{Interval: time.Millisecond, Timeout: 10 * time.Second}))
		r, outcome, err := s.EnsureCustomRole(t.Context(), e.customer, "Agents", keys)
		if err != nil || outcome != resellerkit.OutcomeCreated {
			t.Fatalf("EnsureCustomRole = %v, %v", outcome, err)
		}
		if n := countCalls(e.srv.Requests(), "directory.roles.get"); n != 4 {
			t.Errorf("W5: roles.get called %d times, want 3 lagging answers then 1", n)
		}
		if _, err := s.GetRole(t.Context(), e.customer, r.ID); err != nil {
			t.Errorf("role not served after EnsureCustomRole returned: %v", err)
		}
	})
}

// TestListAssignmentsNeverSendsBothFilters: Google refuses roleId with
// userKey; the Service sends userKey and filters the role on the client,
// page by page.
func TestListAssignmentsNeverSendsBothFilters(t *testing.T) {
	t.Parallel()
	e := newEnv(t, false, fake.WithPageCap(1))
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
	for _, r := range e.wire.requests("directory.roleAssignments.list") {
		if len(r.query["roleId"]) > 0 && len(r.query["userKey"]) > 0 {
			t.Errorf("a listing sent both roleId and userKey: %v", r.query)
		}
	}
}

// TestEnsureAssignmentDuplicateIsUnchanged: Google's 500 "role assignment
// exists" is success for an ensure, also when the listing lags behind.
func TestEnsureAssignmentDuplicateIsUnchanged(t *testing.T) {
	t.Parallel()
	e := newEnv(t, false)
	ctx := t.Context()
	ra, _ := e.svc.FindResellerAdminRole(ctx, e.customer)
	id := e.addUser(t, "ana@"+suiteDomain)
	if _, err := e.w.Assign(e.customer, fake.AssignmentSeed{Role: ra.Name, Assignee: id}); err != nil {
		t.Fatal(err)
	}
	e.wire.setIntercept(hideListings(1 << 20)) // the pre-check and the read-back see nothing
	// The read-back polls the lagging listing (W5) until the wait runs out,
	// then reports success without an ID: Google said the assignment exists.
	svc := e.with(roles.WithAwait(resellerkit.AwaitPolicy{Interval: time.Millisecond, Timeout: 20 * time.Millisecond}))
	a, outcome, err := svc.EnsureAssignment(ctx, e.customer, roles.AssignmentSpec{RoleID: ra.ID, AssignedTo: id})
	if err != nil || outcome != resellerkit.OutcomeUnchanged {
		t.Fatalf("EnsureAssignment = %v, %v; want unchanged", outcome, err)
	}
	if a.RoleID != ra.ID || a.AssignedTo != id || a.ID != "" {
		t.Errorf("assignment = %+v; want the one asked for, without an ID", a)
	}
	if n := len(e.wire.requests("directory.roleAssignments.list")); n < 3 {
		t.Errorf("%d listings, want the pre-check and at least two polls (W5)", n)
	}
	e.wire.setIntercept(nil)
	all, err := resellerkit.Collect(e.svc.ListAssignments(ctx, e.customer, nil))
	if err != nil || len(all) != 2 {
		t.Errorf("%d assignments, %v; want 2 (the super admin's and ana's)", len(all), err)
	}
}

// TestEnsureAssignmentReplacesOtherTerms: no update exists at Google, so
// another expiry is a delete and an insert.
func TestEnsureAssignmentReplacesOtherTerms(t *testing.T) {
	t.Parallel()
	e := newEnv(t, false)
	ctx := t.Context()
	ra, _ := e.svc.FindResellerAdminRole(ctx, e.customer)
	id := e.addUser(t, "ana@"+suiteDomain)
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

// TestEnsureAssignmentsFaultsMidBulk: transient failures on some inserts,
// with no retry in the Conn, fail those items only; a rerun completes them;
// nothing is duplicated.
func TestEnsureAssignmentsFaultsMidBulk(t *testing.T) {
	t.Parallel()
	w := newWorld(t, false)
	srv := serve(t, w, fake.WithPageCap(3))
	s := newService(t, connect(t, srv, suiteAdmin, resellerkit.WithRetry(resellerkit.RetryPolicy{MaxAttempts: 1})))
	ctx := t.Context()
	ra, _ := s.FindResellerAdminRole(ctx, suiteCustomer)
	var specs []roles.AssignmentSpec
	for i := range 20 {
		id, err := w.AddUser(suiteCustomer, fake.UserSeed{Email: fmt.Sprintf("s%d@%s", i, suiteDomain), GivenName: "S", FamilyName: "U"})
		if err != nil {
			t.Fatal(err)
		}
		specs = append(specs, roles.AssignmentSpec{RoleID: ra.ID, AssignedTo: id})
	}
	srv.Fail(fake.Fault{Method: "directory.roleAssignments.insert", Status: 503, Skip: 3, Count: 5})
	first := s.EnsureAssignments(ctx, suiteCustomer, specs, &resellerkit.BulkOptions{Concurrency: 3})
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
	second := s.EnsureAssignments(ctx, suiteCustomer, specs, nil)
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
	all, err := resellerkit.Collect(s.ListAssignments(ctx, suiteCustomer, nil))
	if err != nil || len(all) != 21 {
		t.Errorf("%d assignments, %v; want 21 (20 + the super admin's)", len(all), err)
	}
	// The bulk pre-listing saved the per-item listing calls.
	before := countCalls(srv.Requests(), "directory.roleAssignments.list")
	s.EnsureAssignments(ctx, suiteCustomer, specs, nil)
	if n := countCalls(srv.Requests(), "directory.roleAssignments.list") - before; n > 7 {
		t.Errorf("a rerun of 20 items made %d listing calls; want one listing of the role (7 pages of 3)", n)
	}
}

// TestEffectiveFrom covers the pure computation's edge cases, with facts
// given directly.
func TestEffectiveFrom(t *testing.T) {
	t.Parallel()
	s, _, _ := suiteService(t)
	tree := roles.NewTree(testTree(false))
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	acct := roles.Account{ID: "7", Email: "ana@reseller.example"}
	view := ref(svcReseller, roles.DefaultViewCustomersName)
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
	for name, block := range map[string]func(*roles.Account){
		"suspended": func(a *roles.Account) { a.Suspended = true },
		"archived":  func(a *roles.Account) { a.Archived = true },
		"deleted":   func(a *roles.Account) { a.Deleted = true },
	} {
		a := acct
		block(&a)
		if got := s.EffectiveFrom(tree, a, []roles.Assignment{direct}, []roles.Role{role}, now); !got.Blocked || !got.Holds(roles.ViewCustomers) {
			t.Errorf("P5 %s: Blocked %v, holds %v", name, got.Blocked, got.Holds(roles.ViewCustomers))
		}
	}
	// P4: the expiry boundary, on the time given.
	exp := direct
	exp.ExpireTime = now.Add(time.Hour)
	for _, tc := range []struct {
		name    string
		at      time.Time
		granted bool
	}{
		{"P4 1ns before expiry", exp.ExpireTime.Add(-time.Nanosecond), true},
		{"P4 at expiry exactly", exp.ExpireTime, false},
	} {
		got := s.EffectiveFrom(tree, acct, []roles.Assignment{exp}, []roles.Role{role}, tc.at)
		if got.Holds(roles.ViewCustomers) != tc.granted {
			t.Errorf("%s: holds %v, want %v", tc.name, got.Holds(roles.ViewCustomers), tc.granted)
		}
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
	for _, method := range []string{"directory.users.get", "directory.privileges.list", "directory.roleAssignments.list", "directory.roles.get"} {
		t.Run(method, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, false)
			e.srv.Fail(fake.Fault{Method: method, Status: 403, Reason: "forbidden"})
			if eff, err := e.svc.Effective(t.Context(), e.customer, e.superAdmin); !errors.Is(err, resellerkit.ErrPermissionDenied) {
				t.Errorf("P7 Effective = %+v, %v; want the %s error", eff, err, method)
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
	s, _, _ := suiteService(t)
	sa := roles.Role{ID: "1", Name: roles.SuperAdminRoleName, IsSuperAdmin: true, IsSystem: true, Privileges: []roles.PrivilegeRef{ref(svcAdmin, roles.DefaultSupportName)}}
	eff := s.EffectiveFrom(nil, roles.Account{ID: "7"}, []roles.Assignment{{ID: "2", RoleID: "1", AssignedTo: "7", Scope: roles.ScopeCustomer}}, []roles.Role{sa}, time.Now())
	if eff.SuperAdmin == nil || !eff.Holds(roles.Support) {
		t.Errorf("Effective over a nil tree = %+v", eff)
	}
}

// TestNilServiceIsAnError: a nil or zero *Service answers with an error, or
// with the defaults where it cannot; it never panics.
func TestNilServiceIsAnError(t *testing.T) {
	t.Parallel()
	for name, s := range map[string]*roles.Service{"nil": nil, "zero": new(roles.Service)} {
		if _, err := s.Privileges(t.Context(), suiteCustomer); !errors.Is(err, resellerkit.ErrInvalidArgument) {
			t.Errorf("Privileges on %s = %v", name, err)
		}
		if _, err := s.Effective(t.Context(), suiteCustomer, "a@x.example"); !errors.Is(err, resellerkit.ErrInvalidArgument) {
			t.Errorf("Effective on %s = %v", name, err)
		}
		if res := s.EnsureAssignments(t.Context(), suiteCustomer, []roles.AssignmentSpec{{}}, nil); !errors.Is(res[0].Err, resellerkit.ErrInvalidArgument) {
			t.Errorf("EnsureAssignments on %s = %v", name, res[0].Err)
		}
	}
	var s *roles.Service
	if diff := cmp.Diff(roles.DefaultNameTable(), s.NameTable()); diff != "" {
		t.Errorf("NameTable on nil (-want +got):\n%s", diff)
	}
	if k := s.KeyOf(ref(svcAdmin, roles.DefaultSupportName)); k != roles.Support {
		t.Errorf("KeyOf on nil = %q", k)
	}
	if got := s.ResellerAdminRoleName(); got != roles.ResellerAdminRoleName {
		t.Errorf("ResellerAdminRoleName on nil = %q", got)
	}
	s.InvalidatePrivileges("")
}
