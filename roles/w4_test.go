package roles_test

import (
	"testing"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/roles"
)

// seedW4 gives a new account two assignments of the Reseller Admin role
// (customer-wide and on /Staff), so that with a page cap of 1 its listing
// spans two pages.
func seedW4(t *testing.T, w *fake.World) (userID, roleID string) {
	t.Helper()
	id, err := w.AddUser(suiteCustomer, fake.UserSeed{Email: "w4@" + suiteDomain, GivenName: "W", FamilyName: "Four", OrgUnit: "/Staff"})
	if err != nil {
		t.Fatal(err)
	}
	for _, ou := range []string{"", "/Staff"} {
		if _, err := w.Assign(suiteCustomer, fake.AssignmentSeed{Role: roles.ResellerAdminRoleName, Assignee: id, OrgUnit: ou}); err != nil {
			t.Fatal(err)
		}
	}
	rid, err := w.RoleID(suiteCustomer, roles.ResellerAdminRoleName)
	if err != nil {
		t.Fatal(err)
	}
	return id, fmtInt(rid)
}

// TestRevokeRoleNeverActsOnIncompleteListingW4: rule W4, a destructive
// reconcile never runs on an incomplete listing. When the second page of
// the assignee's assignments cannot be read (Google keeps failing it past
// the Conn's retries), RevokeRole deletes nothing, not even the assignment
// it had already seen; once the listing reads whole, it deletes both.
func TestRevokeRoleNeverActsOnIncompleteListingW4(t *testing.T) {
	t.Parallel()
	w := newWorld(t, false)
	id, roleID := seedW4(t, w)
	srv := serve(t, w, fake.WithPageCap(1))
	s := newService(t, connect(t, srv, suiteAdmin))
	ctx := t.Context()
	heal := srv.Fail(fake.Fault{Method: "directory.roleAssignments.list", Status: 503, Skip: 1})
	n, err := s.RevokeRole(ctx, suiteCustomer, id, roleID)
	if !resellerkit.IsRetryable(err) || n != 0 {
		t.Fatalf("RevokeRole over a failing second page = %d, %v; want 0 and the retryable error", n, err)
	}
	if d := countCalls(srv.Requests(), "directory.roleAssignments.delete"); d != 0 {
		t.Errorf("W4: %d deletes sent over an incomplete listing, want 0", d)
	}
	heal()
	left, err := resellerkit.Collect(s.ListAssignments(ctx, suiteCustomer, &roles.ListAssignmentsOptions{UserKey: id}))
	if err != nil || len(left) != 2 {
		t.Fatalf("after the failed RevokeRole: %d assignments, %v; want both kept", len(left), err)
	}
	if n, err := s.RevokeRole(ctx, suiteCustomer, id, roleID); err != nil || n != 2 {
		t.Errorf("RevokeRole over a whole listing = %d, %v; want 2", n, err)
	}
}

// TestListingResumesAtFailedPageW4: rule W4, retries happen inside each
// page fetch, never by restarting the listing. Over HTTP, a 503 on the
// second page costs one more request for that page, and the listing holds
// every item once.
func TestListingResumesAtFailedPageW4(t *testing.T) {
	t.Parallel()
	w := newWorld(t, false)
	id, _ := seedW4(t, w)
	srv := serve(t, w, fake.WithPageCap(1))
	s := newService(t, connect(t, srv, suiteAdmin))
	srv.Fail(fake.Fault{Method: "directory.roleAssignments.list", Status: 503, Skip: 1, Count: 1})
	got, err := resellerkit.Collect(s.ListAssignments(t.Context(), suiteCustomer, &roles.ListAssignmentsOptions{UserKey: id}))
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, a := range got {
		ids[a.ID] = true
	}
	if len(got) != 2 || len(ids) != 2 {
		t.Errorf("listing = %+v; want the two assignments once each", got)
	}
	// Two pages, plus the one retry of the second: the first page is not
	// fetched again.
	if n := countCalls(srv.Requests(), "directory.roleAssignments.list"); n != 3 {
		t.Errorf("%d roleAssignments.list requests, want 3 (2 pages + 1 retry of page 2)", n)
	}
}
