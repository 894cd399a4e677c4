package roles_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/roles"
)

// TestGoogleConformance checks google.go against fake.Server for what the
// suite does not reach: paging across several pages, Google's errors as
// the real client decodes them, the duplicate 500, and the request each
// method sends.
func TestGoogleConformance(t *testing.T) {
	t.Parallel()
	w := newWorld(t, false)
	srv := serve(t, w, fake.WithPageCap(2))
	ctx := t.Context()
	conn, wr := wiredConn(t, srv, suiteAdmin)
	s := newService(t, conn)

	t.Run("roles.list pages", func(t *testing.T) {
		for i := range 3 {
			if _, err := s.CreateRole(ctx, suiteCustomer, roles.RoleSpec{Name: fmt.Sprintf("Paged %d", i), Privileges: []roles.PrivilegeRef{{ServiceID: roles.AdminAPIsServiceID, Name: roles.DefaultSupportName}}}); err != nil {
				t.Fatal(err)
			}
		}
		srv.ResetLog()
		all, err := resellerkit.Collect(s.ListRoles(ctx, suiteCustomer))
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 5 { // super admin, reseller admin, 3 custom
			t.Errorf("ListRoles returned %d roles, want 5", len(all))
		}
		if n := countCalls(srv.Requests(), "directory.roles.list"); n != 3 {
			t.Errorf("%d roles.list calls for 5 roles in pages of 2, want 3", n)
		}
		page, err := s.ListRolesPage(ctx, suiteCustomer, resellerkit.PageRequest{Size: 1})
		if err != nil || len(page.Items) != 1 || page.NextPageToken == "" {
			t.Errorf("ListRolesPage(1) = %d items, token %q, %v", len(page.Items), page.NextPageToken, err)
		}
	})
	t.Run("early break stops fetching", func(t *testing.T) {
		srv.ResetLog()
		for _, err := range s.ListRoles(ctx, suiteCustomer) {
			if err != nil {
				t.Fatal(err)
			}
			break
		}
		if n := countCalls(srv.Requests(), "directory.roles.list"); n != 1 {
			t.Errorf("%d roles.list calls after a break on the first item, want 1", n)
		}
	})
	t.Run("errors", func(t *testing.T) {
		for _, tc := range []struct {
			name   string
			call   func() error
			kind   resellerkit.Kind
			status int
		}{
			{"unknown role", func() error { _, err := s.GetRole(ctx, suiteCustomer, "99999"); return err }, resellerkit.KindNotFound, 404},
			{"unknown assignment", func() error { return s.Revoke(ctx, suiteCustomer, "99999") }, resellerkit.KindNotFound, 404},
			// Google answers an unknown customer as one the caller may not
			// act on, telling nothing about whether it exists.
			{"unknown customer", func() error { _, err := s.FindSuperAdminRole(ctx, "C09unknown"); return err }, resellerkit.KindPermissionDenied, 403},
			{"unknown user", func() error { _, err := s.Effective(ctx, suiteCustomer, "nobody@"+suiteDomain); return err }, resellerkit.KindNotFound, 404},
			{"unknown privilege", func() error {
				_, err := s.CreateRole(ctx, suiteCustomer, roles.RoleSpec{Name: "x", Privileges: []roles.PrivilegeRef{{ServiceID: roles.AdminAPIsServiceID, Name: "NOPE"}}})
				return err
			}, resellerkit.KindInvalidArgument, 400},
			{"duplicate role name", func() error {
				_, err := s.CreateRole(ctx, suiteCustomer, roles.RoleSpec{Name: "Paged 0", Privileges: []roles.PrivilegeRef{{ServiceID: roles.AdminAPIsServiceID, Name: roles.DefaultSupportName}}})
				return err
			}, resellerkit.KindAlreadyExists, 409},
			{"role ID that is not a number is refused before sending", func() error { _, err := s.GetRole(ctx, suiteCustomer, "abc"); return err }, resellerkit.KindInvalidArgument, 0},
		} {
			err := tc.call()
			var re *resellerkit.Error
			if !errors.As(err, &re) || re.Kind != tc.kind || re.Status != tc.status {
				t.Errorf("%s: err = %v; want kind %v, status %d", tc.name, err, tc.kind, tc.status)
			}
		}
	})
	t.Run("duplicate assignment insert is Google's 500, AlreadyExists, Unchanged for ensure", func(t *testing.T) {
		ra, err := s.FindResellerAdminRole(ctx, suiteCustomer)
		if err != nil {
			t.Fatal(err)
		}
		id, err := w.AddUser(suiteCustomer, fake.UserSeed{Email: "dup@" + suiteDomain, GivenName: "D", FamilyName: "U"})
		if err != nil {
			t.Fatal(err)
		}
		existing, err := w.Assign(suiteCustomer, fake.AssignmentSeed{Role: ra.Name, Assignee: "dup@" + suiteDomain})
		if err != nil {
			t.Fatal(err)
		}
		// The pre-check's listing lags behind (Google's listings are
		// eventually consistent), so the insert reaches the server, which
		// answers 500 "role assignment exists".
		wr.setIntercept(hideListings(1))
		defer wr.setIntercept(nil)
		srv.ResetLog()
		a, outcome, err := s.EnsureAssignment(ctx, suiteCustomer, roles.AssignmentSpec{RoleID: ra.ID, AssignedTo: id})
		if err != nil || outcome != resellerkit.OutcomeUnchanged || a.ID != fmt.Sprint(existing) {
			t.Errorf("EnsureAssignment over an existing one = %+v, %v, %v; want %d unchanged", a, outcome, err, existing)
		}
		if n := countCalls(srv.Requests(), "directory.roleAssignments.insert"); n != 1 {
			t.Errorf("%d inserts, want 1 (a duplicate is never retried)", n)
		}
		_, err = s.InsertAssignment(ctx, suiteCustomer, roles.Assignment{RoleID: ra.ID, AssignedTo: id, Scope: roles.ScopeCustomer})
		var re *resellerkit.Error
		if !errors.As(err, &re) || re.Kind != resellerkit.KindAlreadyExists || re.Status != 500 {
			t.Errorf("plain insert of a duplicate = %v; want AlreadyExists from HTTP 500", err)
		}
	})
	t.Run("expiry round trip", func(t *testing.T) {
		ra, _ := s.FindResellerAdminRole(ctx, suiteCustomer)
		id, err := w.AddUser(suiteCustomer, fake.UserSeed{Email: "exp@" + suiteDomain, GivenName: "E", FamilyName: "X"})
		if err != nil {
			t.Fatal(err)
		}
		exp := w.Now().Add(36*time.Hour + 500*time.Millisecond)
		a, _, err := s.EnsureAssignment(ctx, suiteCustomer, roles.AssignmentSpec{RoleID: ra.ID, AssignedTo: id, ExpireTime: exp})
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.GetAssignment(ctx, suiteCustomer, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := roles.Assignment{ID: a.ID, RoleID: ra.ID, AssignedTo: id, AssigneeType: roles.AssigneeUser, Scope: roles.ScopeCustomer, ExpireTime: exp.UTC(), ETag: got.ETag}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("GetAssignment mismatch (-want +got):\n%s", diff)
		}
	})
}

// hideListings answers the first n roleAssignments.list requests with an
// empty page, as a listing that lags behind a write does at Google.
func hideListings(n int) func(string, *http.Request) *http.Response {
	var hidden atomic.Int64
	return func(method string, _ *http.Request) *http.Response {
		if method != "directory.roleAssignments.list" || hidden.Add(1) > int64(n) {
			return nil
		}
		return jsonAnswer(`{"kind":"admin#directory#roleAssignments","items":[]}`)
	}
}

// TestFaultsMidBulk injects throttling (403 userRateLimitExceeded, 429),
// 503s, a lost answer and read-after-write lag in the middle of a bulk run
// over HTTP (rules W1, W5): throttled inserts are resent by the Conn; a
// 503 leaves open whether the insert landed, so the Service looks it up
// and sends it again only when it did not; a lost answer's insert is found
// and not sent again. No item fails, each is reported created, nothing is
// duplicated, and a second run changes nothing.
func TestFaultsMidBulk(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		fault  fake.Fault
		lag    int
		resent int // inserts sent again: refused ones, never applied ones
	}{
		{name: "403 userRateLimitExceeded", fault: fake.Fault{Method: "directory.roleAssignments.insert", Status: 403, Reason: "userRateLimitExceeded", Skip: 5, Count: 4}, resent: 4},
		{name: "429", fault: fake.Fault{Method: "directory.roleAssignments.insert", Status: 429, Skip: 3, Count: 3}, resent: 3},
		{name: "503 on inserts", fault: fake.Fault{Method: "directory.roleAssignments.insert", Status: 503, Skip: 7, Count: 5}, resent: 5},
		{name: "503 on the listing", fault: fake.Fault{Method: "directory.roleAssignments.list", Status: 503, Count: 2}},
		{name: "W5 read-after-write lag on the new custom role", lag: 3},
		{name: "insert applied, answer lost, found by the lookup",
			fault: fake.Fault{Method: "directory.roleAssignments.insert", Status: 503, AfterApply: true, Skip: 3, Count: 1}},
		{name: "insert applied, answer lost, under lag",
			fault: fake.Fault{Method: "directory.roleAssignments.insert", Status: 503, AfterApply: true, Skip: 3, Count: 1}, lag: 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t, false)
			srv := serve(t, w, fake.WithPageCap(4))
			s := newService(t, connect(t, srv, suiteAdmin), roles.WithAwait(resellerkit.AwaitPolicy{Interval: time.Millisecond, Timeout: 10 * time.Second}))
			ctx := t.Context()
			var specs []roles.AssignmentSpec
			for i := range 25 {
				email := fmt.Sprintf("bulk%02d@%s", i, suiteDomain)
				if _, err := w.AddUser(suiteCustomer, fake.UserSeed{Email: email, GivenName: "B", FamilyName: "U"}); err != nil {
					t.Fatal(err)
				}
				specs = append(specs, roles.AssignmentSpec{AssignedTo: email})
			}
			if tc.fault.Method != "" {
				srv.Fail(tc.fault)
			}
			if tc.lag > 0 {
				srv.SetReadAfterWriteLag(tc.lag)
			}
			role, _, err := s.EnsureCustomRole(ctx, suiteCustomer, "Bulk portal", []roles.PrivilegeKey{roles.ViewCustomers, roles.AccessCustomerSupportCases, roles.Support})
			if err != nil {
				t.Fatalf("EnsureCustomRole: %v", err)
			}
			for i := range specs {
				specs[i].RoleID = role.ID
			}
			ra := role
			var last atomic.Value
			first := s.EnsureAssignments(ctx, suiteCustomer, specs, &resellerkit.BulkOptions{Concurrency: 5, OnProgress: func(p resellerkit.Progress) { last.Store(p) }})
			// Every item is new: each is created by this run, also the one
			// whose answer was lost (W1: outcomes do not undercount).
			for i, r := range first {
				if r.Err != nil || r.Outcome != resellerkit.OutcomeCreated {
					t.Errorf("item %d: %v, %v; want created", i, r.Outcome, r.Err)
				}
			}
			if p := last.Load().(resellerkit.Progress); p != (resellerkit.Progress{Done: 25, Total: 25}) {
				t.Errorf("last progress = %+v", p)
			}
			if n := w.FaultsPending(); n != 0 {
				t.Errorf("%d faults did not fire", n)
			}
			if n := countCalls(srv.Requests(), "directory.roleAssignments.insert"); n != len(specs)+tc.resent {
				t.Errorf("%d inserts, want %d (%d resent)", n, len(specs)+tc.resent, tc.resent)
			}
			if tc.lag > 0 {
				if n := countCalls(srv.Requests(), "directory.roles.get"); n != tc.lag+1 {
					t.Errorf("W5: %d roles.get calls, want %d lagging answers and 1", n, tc.lag)
				}
			}
			second := s.EnsureAssignments(ctx, suiteCustomer, specs, nil)
			for i, r := range second {
				if r.Err != nil || r.Outcome != resellerkit.OutcomeUnchanged {
					t.Errorf("second run item %d: %v, %v; want unchanged", i, r.Outcome, r.Err)
				}
			}
			// Exactly one assignment per account: nothing lost, nothing
			// duplicated.
			all, err := resellerkit.Collect(s.ListAssignments(ctx, suiteCustomer, &roles.ListAssignmentsOptions{RoleID: ra.ID}))
			if err != nil {
				t.Fatal(err)
			}
			per := map[string]int{}
			for _, a := range all {
				per[a.AssignedTo]++
			}
			for _, sp := range specs {
				id, _ := w.UserID(sp.AssignedTo)
				if per[id] != 1 {
					t.Errorf("%s holds %d assignments of the role, want 1", sp.AssignedTo, per[id])
				}
			}
			if len(all) != len(specs) {
				t.Errorf("%d assignments of the role, want %d", len(all), len(specs))
			}
		})
	}
}

// TestPrivilegesSharedOverHTTP counts privileges.list calls at the server
// under concurrent callers.
func TestPrivilegesSharedOverHTTP(t *testing.T) {
	t.Parallel()
	w := newWorld(t, false)
	srv := serve(t, w, fake.WithLatency(30*time.Millisecond))
	s := newService(t, connect(t, srv, suiteAdmin))
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	errs := make(chan error, 20)
	for range 20 {
		go func() { _, err := s.ResolveAll(ctx, suiteCustomer); errs <- err }()
	}
	for range 20 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if n := countCalls(srv.Requests(), "directory.privileges.list"); n != 1 {
		t.Errorf("20 concurrent callers made %d privileges.list calls, want 1", n)
	}
}

// TestDemoWorld checks the Effective rules on the fake's demo staff, whose
// situations cover P3, P4 and P5.
func TestDemoWorld(t *testing.T) {
	t.Parallel()
	w, err := fake.NewWorld(fake.DemoSeed())
	if err != nil {
		t.Fatal(err)
	}
	admin, err := w.SuperAdmin(fake.DemoAlderCustomerID)
	if err != nil {
		t.Fatal(err)
	}
	srv := serve(t, w)
	s := newService(t, connect(t, srv, admin))
	ctx := t.Context()
	dom := fake.DemoAlderDomain
	// The demo documents dan as suspended; make sure of it whatever the
	// seed says, since this test is about the rules, not the seed.
	if err := w.SetSuspended("dan@"+dom, true); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		email         string
		resellerAdmin bool
		blocked       bool
		keys          []roles.PrivilegeKey
		skipped       []roles.SkipReason
	}{
		{email: "ana@" + dom, resellerAdmin: true, keys: []roles.PrivilegeKey{roles.ViewCustomers, roles.AccessCustomerSupportCases}},
		{email: "ben@" + dom, keys: []roles.PrivilegeKey{roles.ViewCustomers, roles.AccessCustomerSupportCases, roles.Support}},
		{email: "cara@" + fake.DemoAlderEUDomain, keys: []roles.PrivilegeKey{roles.ViewCustomers, roles.AccessCustomerSupportCases, roles.Support}},
		{email: "dan@" + dom, resellerAdmin: true, blocked: true, keys: []roles.PrivilegeKey{roles.ViewCustomers, roles.AccessCustomerSupportCases}},
		{email: "eve@" + dom, skipped: []roles.SkipReason{roles.SkipOrgUnitScope}},
		{email: "finn@" + dom, skipped: []roles.SkipReason{roles.SkipExpired}},
		{email: "gus@" + dom},
	} {
		eff, err := s.Effective(ctx, fake.DemoAlderCustomerID, tc.email)
		if err != nil {
			t.Errorf("%s: %v", tc.email, err)
			continue
		}
		var keys []roles.PrivilegeKey
		for _, k := range roles.Keys() {
			if eff.Holds(k) {
				keys = append(keys, k)
			}
		}
		var skipped []roles.SkipReason
		for _, sk := range eff.Skipped {
			skipped = append(skipped, sk.Reason)
		}
		if diff := cmp.Diff(tc.keys, keys); diff != "" {
			t.Errorf("%s: keys mismatch (-want +got):\n%s", tc.email, diff)
		}
		if diff := cmp.Diff(tc.skipped, skipped); diff != "" {
			t.Errorf("%s: skipped mismatch (-want +got):\n%s", tc.email, diff)
		}
		if (eff.ResellerAdmin != nil) != tc.resellerAdmin || eff.Blocked != tc.blocked {
			t.Errorf("%s: ResellerAdmin %v, Blocked %v; want %v, %v", tc.email, eff.ResellerAdmin != nil, eff.Blocked, tc.resellerAdmin, tc.blocked)
		}
	}
	// The legacy tenant resolves the legacy keys; the other does not.
	birchAdmin, _ := w.SuperAdmin(fake.DemoBirchCustomerID)
	birch := newService(t, connect(t, srv, birchAdmin))
	res, err := birch.ResolveAll(ctx, fake.DemoBirchCustomerID)
	if err != nil || len(res.Absent) != 0 {
		t.Errorf("birch (legacy) absent keys = %v, %v; want none", res.Absent, err)
	}
	res, err = s.ResolveAll(ctx, fake.DemoAlderCustomerID)
	if err != nil || len(res.Absent) != 2 {
		t.Errorf("alder absent keys = %v, %v; want the two legacy ones", res.Absent, err)
	}
}
