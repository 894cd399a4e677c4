package roles_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/roles"
)

// TestErrorsNameOperationAndCall: an error from Google names the SDK
// operation the caller called (Op, "roles.Method") and the Google method
// that failed (Call), whatever inner step made the call.
func TestErrorsNameOperationAndCall(t *testing.T) {
	t.Parallel()
	type opCall struct{ Op, Call string }
	tests := []struct {
		name   string
		method string // the Google method that fails
		call   func(ctx context.Context, s *roles.Service, roleID string) error
		want   opCall
	}{
		{"GetRole", "directory.roles.get", func(ctx context.Context, s *roles.Service, roleID string) error {
			_, err := s.GetRole(ctx, suiteCustomer, roleID)
			return err
		}, opCall{"roles.GetRole", "directory.roles.get"}},
		{"ListRoles", "directory.roles.list", func(ctx context.Context, s *roles.Service, _ string) error {
			_, err := resellerkit.Collect(s.ListRoles(ctx, suiteCustomer))
			return err
		}, opCall{"roles.ListRoles", "directory.roles.list"}},
		{"ListAssignmentsPage", "directory.roleAssignments.list", func(ctx context.Context, s *roles.Service, _ string) error {
			_, err := s.ListAssignmentsPage(ctx, suiteCustomer, nil, resellerkit.PageRequest{})
			return err
		}, opCall{"roles.ListAssignmentsPage", "directory.roleAssignments.list"}},
		{"Effective, its listing", "directory.roleAssignments.list", func(ctx context.Context, s *roles.Service, _ string) error {
			_, err := s.Effective(ctx, suiteCustomer, suiteAdmin)
			return err
		}, opCall{"roles.Effective", "directory.roleAssignments.list"}},
		{"EnsureCustomRole, its tree", "directory.privileges.list", func(ctx context.Context, s *roles.Service, _ string) error {
			_, _, err := s.EnsureCustomRole(ctx, suiteCustomer, "Portal", []roles.PrivilegeKey{roles.ViewCustomers})
			return err
		}, opCall{"roles.EnsureCustomRole", "directory.privileges.list"}},
		{"EnsureAssignment, its assignee", "directory.users.get", func(ctx context.Context, s *roles.Service, roleID string) error {
			_, _, err := s.EnsureAssignment(ctx, suiteCustomer, roles.AssignmentSpec{RoleID: roleID, AssignedTo: suiteAdmin})
			return err
		}, opCall{"roles.EnsureAssignment", "directory.users.get"}},
		{"EnsureAssignments, an item's insert", "directory.roleAssignments.insert", func(ctx context.Context, s *roles.Service, roleID string) error {
			res := s.EnsureAssignments(ctx, suiteCustomer, []roles.AssignmentSpec{{RoleID: roleID, AssignedTo: suiteAdmin}}, nil)
			return res[0].Err
		}, opCall{"roles.EnsureAssignments", "directory.roleAssignments.insert"}},
		{"DeleteRole", "directory.roles.get", func(ctx context.Context, s *roles.Service, roleID string) error {
			return s.DeleteRole(ctx, suiteCustomer, roleID)
		}, opCall{"roles.DeleteRole", "directory.roles.get"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t, false)
			roleID, err := w.RoleID(suiteCustomer, roles.ResellerAdminRoleName)
			if err != nil {
				t.Fatal(err)
			}
			srv := serve(t, w)
			s := newService(t, connect(t, srv, suiteAdmin))
			srv.Fail(fake.Fault{Method: tt.method, Status: 403, Reason: "forbidden"})
			err = tt.call(t.Context(), s, fmtInt(roleID))
			var e *resellerkit.Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v (%T), want a *resellerkit.Error", err, err)
			}
			if diff := cmp.Diff(tt.want, opCall{e.Op, e.Call}); diff != "" {
				t.Errorf("Op and Call mismatch (-want +got):\n%s\nerror: %v", diff, err)
			}
			if e.Kind != resellerkit.KindPermissionDenied || e.Status != 403 {
				t.Errorf("classification lost: %v", err)
			}
		})
	}
}
