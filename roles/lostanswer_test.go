package roles_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/roles"
)

// fastRetry keeps the resends of the fault tests quick.
var fastRetry = resellerkit.WithRetry(resellerkit.RetryPolicy{Initial: time.Millisecond, Max: 5 * time.Millisecond})

// fastAwait bounds the W5 polls of the fault tests.
var fastAwait = roles.WithAwait(resellerkit.AwaitPolicy{Interval: time.Millisecond, Timeout: 5 * time.Second})

// faultModes are the ways a write's answer goes wrong: lost (Google
// applied the write, the caller got a 503), refused (a plain 503: nothing
// applied), and lost with read-after-write lag (W5).
var faultModes = []struct {
	name       string
	afterApply bool
	lag        int
}{
	{name: "lost answer", afterApply: true},
	{name: "503", afterApply: false},
	{name: "lost answer and lag", afterApply: true, lag: 2},
}

// lostEnv is one World for one write under one fault.
type lostEnv struct {
	w    *fake.World
	srv  *fake.Server
	s    *roles.Service
	ctx  context.Context
	user string // a staff account's ID
	role roles.Role
	id   string // what the write works on (an assignment or role ID)
}

const lostRoleName = "Lost portal"

var lostKeys = []roles.PrivilegeKey{roles.ViewCustomers, roles.AccessCustomerSupportCases, roles.Support}

// rolesNamed counts the tenant's roles named name.
func (e *lostEnv) rolesNamed(t *testing.T, name string) int {
	t.Helper()
	all, err := resellerkit.Collect(e.s.ListRoles(e.ctx, suiteCustomer))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range all {
		if strings.EqualFold(r.Name, name) {
			n++
		}
	}
	return n
}

// held lists the user's direct assignments of the role.
func (e *lostEnv) held(t *testing.T) []roles.Assignment {
	t.Helper()
	all, err := resellerkit.Collect(e.s.ListAssignments(e.ctx, suiteCustomer, &roles.ListAssignmentsOptions{UserKey: e.user, RoleID: e.role.ID}))
	if err != nil {
		t.Fatal(err)
	}
	return all
}

// TestLostAnswerW1 sends each write of the package through a Conn and
// google.go while its first answer is lost (applied, then 503), refused
// (a plain 503), or lost under read-after-write lag (W5): the write lands
// exactly once, the call reports it as this call's (created, updated,
// deleted) with no error, a lost POST is looked up rather than resent, and
// a second run changes nothing.
func TestLostAnswerW1(t *testing.T) {
	t.Parallel()
	future := func(e *lostEnv) time.Time { return e.w.Now().Add(48 * time.Hour).Truncate(time.Second) }
	tests := []struct {
		name   string
		method string
		// setup prepares the World before the fault and lag are installed.
		setup func(t *testing.T, e *lostEnv)
		// run makes the write and returns its outcome; a method that
		// reports none returns OutcomeUpdated (or OutcomeCreated) itself.
		run  func(t *testing.T, e *lostEnv) (resellerkit.Outcome, error)
		want resellerkit.Outcome
		// sends is how many requests of method reach the fake, per mode
		// (lost, 503, lost and lag).
		sends [3]int
		check func(t *testing.T, e *lostEnv)
		// again runs the write a second time; it must change nothing.
		again func(t *testing.T, e *lostEnv) (resellerkit.Outcome, error)
	}{
		{
			name: "EnsureCustomRole", method: "directory.roles.insert",
			run: func(t *testing.T, e *lostEnv) (resellerkit.Outcome, error) {
				r, o, err := e.s.EnsureCustomRole(e.ctx, suiteCustomer, lostRoleName, lostKeys)
				if err == nil && (r.ID == "" || !strings.EqualFold(r.Name, lostRoleName)) {
					t.Errorf("role = %+v; want the new role with its ID", r)
				}
				return o, err
			},
			want: resellerkit.OutcomeCreated, sends: [3]int{1, 2, 1},
			check: func(t *testing.T, e *lostEnv) {
				if n := e.rolesNamed(t, lostRoleName); n != 1 {
					t.Errorf("%d roles named %q, want 1", n, lostRoleName)
				}
			},
			again: func(t *testing.T, e *lostEnv) (resellerkit.Outcome, error) {
				_, o, err := e.s.EnsureCustomRole(e.ctx, suiteCustomer, lostRoleName, lostKeys)
				return o, err
			},
		},
		{
			name: "CreateRole", method: "directory.roles.insert",
			run: func(t *testing.T, e *lostEnv) (resellerkit.Outcome, error) {
				r, err := e.s.CreateRole(e.ctx, suiteCustomer, roles.RoleSpec{Name: lostRoleName,
					Privileges: []roles.PrivilegeRef{{ServiceID: roles.AdminAPIsServiceID, Name: roles.DefaultSupportName}}})
				if err == nil && r.ID == "" {
					t.Errorf("role = %+v; want its ID", r)
				}
				return resellerkit.OutcomeCreated, err
			},
			want: resellerkit.OutcomeCreated, sends: [3]int{1, 2, 1},
			check: func(t *testing.T, e *lostEnv) {
				if n := e.rolesNamed(t, lostRoleName); n != 1 {
					t.Errorf("%d roles named %q, want 1", n, lostRoleName)
				}
			},
		},
		{
			name: "EnsureAssignment creates", method: "directory.roleAssignments.insert",
			run: func(t *testing.T, e *lostEnv) (resellerkit.Outcome, error) {
				a, o, err := e.s.EnsureAssignment(e.ctx, suiteCustomer, roles.AssignmentSpec{RoleID: e.role.ID, AssignedTo: e.user})
				if err == nil && a.ID == "" {
					t.Errorf("assignment = %+v; want its ID", a)
				}
				return o, err
			},
			want: resellerkit.OutcomeCreated, sends: [3]int{1, 2, 1},
			check: func(t *testing.T, e *lostEnv) {
				if got := e.held(t); len(got) != 1 {
					t.Errorf("%d assignments of the role to the user, want 1: %+v", len(got), got)
				}
			},
			again: func(t *testing.T, e *lostEnv) (resellerkit.Outcome, error) {
				_, o, err := e.s.EnsureAssignment(e.ctx, suiteCustomer, roles.AssignmentSpec{RoleID: e.role.ID, AssignedTo: e.user})
				return o, err
			},
		},
		{
			name: "EnsureAssignments creates", method: "directory.roleAssignments.insert",
			run: func(t *testing.T, e *lostEnv) (resellerkit.Outcome, error) {
				r := e.s.EnsureAssignments(e.ctx, suiteCustomer, []roles.AssignmentSpec{{RoleID: e.role.ID, AssignedTo: e.user}}, nil)
				return r[0].Outcome, r[0].Err
			},
			want: resellerkit.OutcomeCreated, sends: [3]int{1, 2, 1},
			check: func(t *testing.T, e *lostEnv) {
				if got := e.held(t); len(got) != 1 {
					t.Errorf("%d assignments of the role to the user, want 1: %+v", len(got), got)
				}
			},
			again: func(t *testing.T, e *lostEnv) (resellerkit.Outcome, error) {
				r := e.s.EnsureAssignments(e.ctx, suiteCustomer, []roles.AssignmentSpec{{RoleID: e.role.ID, AssignedTo: e.user}}, nil)
				return r[0].Outcome, r[0].Err
			},
		},
		{
			name: "EnsureAssignment updates: insert after the stale delete", method: "directory.roleAssignments.insert",
			setup: func(t *testing.T, e *lostEnv) {
				if _, err := e.w.Assign(suiteCustomer, fake.AssignmentSeed{Role: e.role.Name, Assignee: e.user, ExpireTime: e.w.Now().Add(time.Hour)}); err != nil {
					t.Fatal(err)
				}
			},
			run: func(t *testing.T, e *lostEnv) (resellerkit.Outcome, error) {
				_, o, err := e.s.EnsureAssignment(e.ctx, suiteCustomer, roles.AssignmentSpec{RoleID: e.role.ID, AssignedTo: e.user, ExpireTime: future(e)})
				return o, err
			},
			want: resellerkit.OutcomeUpdated, sends: [3]int{1, 2, 1},
			check: func(t *testing.T, e *lostEnv) {
				got := e.held(t)
				if len(got) != 1 || !got[0].ExpireTime.Equal(future(e)) {
					t.Errorf("assignments = %+v; want one, expiring at %v", got, future(e))
				}
			},
			again: func(t *testing.T, e *lostEnv) (resellerkit.Outcome, error) {
				_, o, err := e.s.EnsureAssignment(e.ctx, suiteCustomer, roles.AssignmentSpec{RoleID: e.role.ID, AssignedTo: e.user, ExpireTime: future(e)})
				return o, err
			},
		},
		{
			name: "EnsureAssignment updates: the stale delete", method: "directory.roleAssignments.delete",
			setup: func(t *testing.T, e *lostEnv) {
				if _, err := e.w.Assign(suiteCustomer, fake.AssignmentSeed{Role: e.role.Name, Assignee: e.user, ExpireTime: e.w.Now().Add(time.Hour)}); err != nil {
					t.Fatal(err)
				}
			},
			run: func(t *testing.T, e *lostEnv) (resellerkit.Outcome, error) {
				_, o, err := e.s.EnsureAssignment(e.ctx, suiteCustomer, roles.AssignmentSpec{RoleID: e.role.ID, AssignedTo: e.user, ExpireTime: future(e)})
				return o, err
			},
			// DELETE is idempotent: the Conn resends it in every mode.
			want: resellerkit.OutcomeUpdated, sends: [3]int{2, 2, 2},
			check: func(t *testing.T, e *lostEnv) {
				got := e.held(t)
				if len(got) != 1 || !got[0].ExpireTime.Equal(future(e)) {
					t.Errorf("assignments = %+v; want one, expiring at %v", got, future(e))
				}
			},
		},
		{
			name: "Revoke", method: "directory.roleAssignments.delete",
			setup: func(t *testing.T, e *lostEnv) {
				id, err := e.w.Assign(suiteCustomer, fake.AssignmentSeed{Role: e.role.Name, Assignee: e.user})
				if err != nil {
					t.Fatal(err)
				}
				e.id = fmtInt(id)
			},
			run: func(t *testing.T, e *lostEnv) (resellerkit.Outcome, error) {
				return resellerkit.OutcomeUpdated, e.s.Revoke(e.ctx, suiteCustomer, e.id)
			},
			want: resellerkit.OutcomeUpdated, sends: [3]int{2, 2, 2},
			check: func(t *testing.T, e *lostEnv) {
				if got := e.held(t); len(got) != 0 {
					t.Errorf("assignments = %+v; want none", got)
				}
			},
		},
		{
			name: "RevokeRole", method: "directory.roleAssignments.delete",
			setup: func(t *testing.T, e *lostEnv) {
				if _, err := e.w.Assign(suiteCustomer, fake.AssignmentSeed{Role: e.role.Name, Assignee: e.user}); err != nil {
					t.Fatal(err)
				}
			},
			run: func(t *testing.T, e *lostEnv) (resellerkit.Outcome, error) {
				n, err := e.s.RevokeRole(e.ctx, suiteCustomer, e.user, e.role.ID)
				if n != 1 {
					t.Errorf("RevokeRole deleted %d, want 1 (its own delete, whose answer was lost)", n)
				}
				return resellerkit.OutcomeUpdated, err
			},
			want: resellerkit.OutcomeUpdated, sends: [3]int{2, 2, 2},
			check: func(t *testing.T, e *lostEnv) {
				if got := e.held(t); len(got) != 0 {
					t.Errorf("assignments = %+v; want none", got)
				}
			},
			again: func(t *testing.T, e *lostEnv) (resellerkit.Outcome, error) {
				n, err := e.s.RevokeRole(e.ctx, suiteCustomer, e.user, e.role.ID)
				if n != 0 {
					t.Errorf("second RevokeRole deleted %d, want 0", n)
				}
				return resellerkit.OutcomeUnchanged, err
			},
		},
		{
			name: "DeleteRole", method: "directory.roles.delete",
			setup: func(t *testing.T, e *lostEnv) {
				r, err := e.s.CreateRole(e.ctx, suiteCustomer, roles.RoleSpec{Name: lostRoleName,
					Privileges: []roles.PrivilegeRef{{ServiceID: roles.AdminAPIsServiceID, Name: roles.DefaultSupportName}}})
				if err != nil {
					t.Fatal(err)
				}
				e.id = r.ID
			},
			run: func(t *testing.T, e *lostEnv) (resellerkit.Outcome, error) {
				return resellerkit.OutcomeUpdated, e.s.DeleteRole(e.ctx, suiteCustomer, e.id)
			},
			want: resellerkit.OutcomeUpdated, sends: [3]int{2, 2, 2},
			check: func(t *testing.T, e *lostEnv) {
				if n := e.rolesNamed(t, lostRoleName); n != 0 {
					t.Errorf("%d roles named %q, want none", n, lostRoleName)
				}
			},
		},
	}
	for _, tt := range tests {
		for mi, m := range faultModes {
			t.Run(tt.name+"/"+m.name, func(t *testing.T) {
				t.Parallel()
				w := newWorld(t, false)
				srv := serve(t, w)
				e := &lostEnv{w: w, srv: srv, s: newService(t, connect(t, srv, suiteAdmin, fastRetry), fastAwait), ctx: t.Context()}
				id, err := w.AddUser(suiteCustomer, fake.UserSeed{Email: "lost@" + suiteDomain, GivenName: "L", FamilyName: "A"})
				if err != nil {
					t.Fatal(err)
				}
				e.user = id
				if e.role, err = e.s.FindResellerAdminRole(e.ctx, suiteCustomer); err != nil {
					t.Fatal(err)
				}
				if tt.setup != nil {
					tt.setup(t, e)
				}
				srv.Fail(fake.Fault{Method: tt.method, Status: 503, Count: 1, AfterApply: m.afterApply})
				srv.SetReadAfterWriteLag(m.lag)
				srv.ResetLog()

				got, err := tt.run(t, e)
				if err != nil || got != tt.want {
					t.Fatalf("first run = %v, %v; want %v and no error", got, err, tt.want)
				}
				if n := w.FaultsPending(); n != 0 {
					t.Errorf("the fault did not fire")
				}
				if n := countCalls(srv.Requests(), tt.method); n != tt.sends[mi] {
					t.Errorf("%d %s requests, want %d", n, tt.method, tt.sends[mi])
				}
				tt.check(t, e)
				if tt.again == nil {
					return
				}
				srv.ResetLog()
				if got, err := tt.again(t, e); err != nil || got != resellerkit.OutcomeUnchanged {
					t.Errorf("second run = %v, %v; want unchanged", got, err)
				}
				if n := countCalls(srv.Requests(), tt.method); n != 0 {
					t.Errorf("second run sent %d %s requests, want none", n, tt.method)
				}
				tt.check(t, e)
			})
		}
	}
}

// hideRoles answers the first n roles.list requests with an empty page, as
// a listing that lags behind a write does at Google.
func hideRoles(n int) func(string, *http.Request) *http.Response {
	var hidden atomic.Int64
	return func(method string, _ *http.Request) *http.Response {
		if method != "directory.roles.list" || hidden.Add(1) > int64(n) {
			return nil
		}
		return jsonAnswer(`{"kind":"admin#directory#roles","items":[]}`)
	}
}

// lagEnv is a World whose Conn passes through a wire, so a test can make
// Google's listings lag behind its writes (rule W5), with the answer to
// the first insert of method lost.
func lagEnv(t *testing.T, method string, await resellerkit.AwaitPolicy) (*fake.World, *fake.Server, *wire, *roles.Service) {
	t.Helper()
	w := newWorld(t, false)
	srv := serve(t, w)
	wr := &wire{base: srv.Transport()}
	conn := connect(t, srv, suiteAdmin, resellerkit.WithHTTPClient(&http.Client{Transport: wr}), fastRetry)
	s := newService(t, conn, roles.WithAwait(await))
	srv.Fail(fake.Fault{Method: method, Status: 503, Count: 1, AfterApply: true})
	return w, srv, wr, s
}

// TestDuplicateAfterLostAnswerW5 makes the listing that the lookup after a
// lost answer reads lag behind the write: the insert is sent again, Google
// answers with a duplicate, and the Service, knowing the first answer was
// lost, takes the duplicate as its own write (W1) and polls the listing
// until it shows it (W5) instead of failing; a wait that runs out still
// reports the write as this call's.
func TestDuplicateAfterLostAnswerW5(t *testing.T) {
	t.Parallel()
	quick := resellerkit.AwaitPolicy{Interval: time.Millisecond, Timeout: 5 * time.Second}
	short := resellerkit.AwaitPolicy{Interval: time.Millisecond, Timeout: 20 * time.Millisecond}

	t.Run("roles.insert 409", func(t *testing.T) {
		t.Parallel()
		_, srv, wr, s := lagEnv(t, "directory.roles.insert", quick)
		// The check before the insert, the lookup after the lost answer
		// and the first poll see no role.
		wr.setIntercept(hideRoles(3))
		r, o, err := s.EnsureCustomRole(t.Context(), suiteCustomer, lostRoleName, lostKeys)
		if err != nil || o != resellerkit.OutcomeCreated || r.ID == "" {
			t.Fatalf("EnsureCustomRole = %+v, %v, %v; want the role, created", r, o, err)
		}
		if n := countCalls(srv.Requests(), "directory.roles.insert"); n != 2 {
			t.Errorf("%d inserts, want 2 (the lookup missed the first)", n)
		}
		if n := len(wr.requests("directory.roles.list")); n < 4 {
			t.Errorf("%d roles.list requests, want at least 4 (the duplicate is polled for)", n)
		}
		all, err := resellerkit.Collect(s.ListRoles(t.Context(), suiteCustomer))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, x := range all {
			if strings.EqualFold(x.Name, lostRoleName) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d roles named %q, want 1", n, lostRoleName)
		}
	})
	t.Run("roles.insert 409, the listing lags past the wait", func(t *testing.T) {
		t.Parallel()
		_, _, wr, s := lagEnv(t, "directory.roles.insert", short)
		wr.setIntercept(hideRoles(1 << 30))
		r, o, err := s.EnsureCustomRole(t.Context(), suiteCustomer, lostRoleName, lostKeys)
		if o != resellerkit.OutcomeCreated || resellerkit.KindOf(err) != resellerkit.KindUnavailable || r.Name != lostRoleName {
			t.Errorf("EnsureCustomRole = %+v, %v, %v; want the role as asked, created, with the wait's KindUnavailable", r, o, err)
		}
	})
	t.Run("roleAssignments.insert 500 exists", func(t *testing.T) {
		t.Parallel()
		w, srv, wr, s := lagEnv(t, "directory.roleAssignments.insert", quick)
		ra, err := s.FindResellerAdminRole(t.Context(), suiteCustomer)
		if err != nil {
			t.Fatal(err)
		}
		id, err := w.AddUser(suiteCustomer, fake.UserSeed{Email: "lag@" + suiteDomain, GivenName: "L", FamilyName: "G"})
		if err != nil {
			t.Fatal(err)
		}
		wr.setIntercept(hideListings(3))
		a, o, err := s.EnsureAssignment(t.Context(), suiteCustomer, roles.AssignmentSpec{RoleID: ra.ID, AssignedTo: id})
		if err != nil || o != resellerkit.OutcomeCreated || a.ID == "" {
			t.Fatalf("EnsureAssignment = %+v, %v, %v; want the assignment with its ID, created", a, o, err)
		}
		if n := countCalls(srv.Requests(), "directory.roleAssignments.insert"); n != 2 {
			t.Errorf("%d inserts, want 2 (the lookup missed the first)", n)
		}
		if n := len(wr.requests("directory.roleAssignments.list")); n < 4 {
			t.Errorf("%d roleAssignments.list requests, want at least 4 (the duplicate is polled for)", n)
		}
		all, err := resellerkit.Collect(s.ListAssignments(t.Context(), suiteCustomer, &roles.ListAssignmentsOptions{UserKey: id}))
		if err != nil || len(all) != 1 {
			t.Errorf("assignments = %+v, %v; want 1", all, err)
		}
	})
	t.Run("roleAssignments.insert 500 exists, the listing lags past the wait", func(t *testing.T) {
		t.Parallel()
		w, _, wr, s := lagEnv(t, "directory.roleAssignments.insert", short)
		ra, err := s.FindResellerAdminRole(t.Context(), suiteCustomer)
		if err != nil {
			t.Fatal(err)
		}
		id, err := w.AddUser(suiteCustomer, fake.UserSeed{Email: "lag@" + suiteDomain, GivenName: "L", FamilyName: "G"})
		if err != nil {
			t.Fatal(err)
		}
		wr.setIntercept(hideListings(1 << 30))
		a, o, err := s.EnsureAssignment(t.Context(), suiteCustomer, roles.AssignmentSpec{RoleID: ra.ID, AssignedTo: id})
		if err != nil || o != resellerkit.OutcomeCreated || a.ID != "" || a.AssignedTo != id || a.RoleID != ra.ID {
			t.Errorf("EnsureAssignment = %+v, %v, %v; want the assignment as asked without an ID, created", a, o, err)
		}
	})
}

// TestDuplicateWithoutLostAnswer checks the other side of W1: a duplicate
// that no lost answer of this call explains was made by someone else, and
// an ensure reports it unchanged, polling the lagging listing for it (W5).
func TestDuplicateWithoutLostAnswer(t *testing.T) {
	t.Parallel()
	w := newWorld(t, false)
	srv := serve(t, w)
	wr := &wire{base: srv.Transport()}
	s := newService(t, connect(t, srv, suiteAdmin, resellerkit.WithHTTPClient(&http.Client{Transport: wr}), fastRetry), fastAwait)
	ctx := t.Context()
	if _, err := s.CreateRole(ctx, suiteCustomer, roles.RoleSpec{Name: "Theirs", Privileges: []roles.PrivilegeRef{
		{ServiceID: roles.AdminAPIsServiceID, Name: roles.DefaultSupportName}}}); err != nil {
		t.Fatal(err)
	}
	// The check before the insert and the first poll after the 409 miss it.
	wr.setIntercept(hideRoles(2))
	r, o, err := s.EnsureCustomRole(ctx, suiteCustomer, "Theirs", []roles.PrivilegeKey{roles.Support})
	if err != nil || o != resellerkit.OutcomeUnchanged || r.ID == "" {
		t.Errorf("EnsureCustomRole over a role the listing missed = %+v, %v, %v; want it, unchanged", r, o, err)
	}
	wr.setIntercept(nil)
	_, err = s.CreateRole(ctx, suiteCustomer, roles.RoleSpec{Name: "Theirs", Privileges: []roles.PrivilegeRef{
		{ServiceID: roles.AdminAPIsServiceID, Name: roles.DefaultSupportName}}})
	if resellerkit.KindOf(err) != resellerkit.KindAlreadyExists {
		t.Errorf("CreateRole of an existing name = %v; want KindAlreadyExists", err)
	}
}

// raceRole answers the first roles.insert with a 503 before the fake sees
// it, after another client created the role name with privileges: a lost
// answer whose write did not land, and whose lookup finds another's role.
func raceRole(t *testing.T, w *fake.World, name string, privileges ...string) func(string, *http.Request) *http.Response {
	var raced atomic.Bool
	return func(method string, _ *http.Request) *http.Response {
		if method != "directory.roles.insert" || raced.Swap(true) {
			return nil
		}
		if _, err := w.AddRole(suiteCustomer, fake.RoleSeed{Name: name, Privileges: privileges}); err != nil {
			t.Error(err)
		}
		body := `{"error":{"code":503,"message":"Backend Error","errors":[{"reason":"backendError","message":"Backend Error"}]}}`
		res := jsonAnswer(body)
		res.StatusCode, res.Status = http.StatusServiceUnavailable, "503 Service Unavailable"
		return res
	}
}

// TestLostAnswerOtherClientsRole checks that a role found by name after a
// lost answer is not taken for this call's when its privileges differ:
// another client made it (rule S5 for EnsureCustomRole, a duplicate for
// CreateRole), and nothing is sent again.
func TestLostAnswerOtherClientsRole(t *testing.T) {
	t.Parallel()
	for _, create := range []bool{false, true} {
		t.Run(fmt.Sprintf("CreateRole=%v", create), func(t *testing.T) {
			t.Parallel()
			w := newWorld(t, false)
			srv := serve(t, w)
			wr := &wire{base: srv.Transport()}
			s := newService(t, connect(t, srv, suiteAdmin, resellerkit.WithHTTPClient(&http.Client{Transport: wr}), fastRetry), fastAwait)
			wr.setIntercept(raceRole(t, w, lostRoleName, roles.DefaultViewCustomersName))
			var err error
			if create {
				_, err = s.CreateRole(t.Context(), suiteCustomer, roles.RoleSpec{Name: lostRoleName,
					Privileges: []roles.PrivilegeRef{{ServiceID: roles.AdminAPIsServiceID, Name: roles.DefaultSupportName}}})
				if resellerkit.KindOf(err) != resellerkit.KindAlreadyExists {
					t.Errorf("CreateRole = %v; want KindAlreadyExists", err)
				}
			} else {
				var o resellerkit.Outcome
				_, o, err = s.EnsureCustomRole(t.Context(), suiteCustomer, lostRoleName, lostKeys)
				if o != resellerkit.OutcomeFailed || !errors.Is(err, roles.ErrRoleConflict) {
					t.Errorf("EnsureCustomRole = %v, %v; want failed with ErrRoleConflict", o, err)
				}
			}
			if n := len(wr.requests("directory.roles.insert")); n != 1 {
				t.Errorf("%d inserts, want 1 (the lookup found a role of the name)", n)
			}
		})
	}
}
