package fake_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	admin "google.golang.org/api/admin/directory/v1"
	"google.golang.org/api/googleapi"

	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/fake/faketest"
	"github.com/resellerkit/resellerkit/roles"
)

// flatten lists "service/name" of every node of a privilege tree.
func flatten(ps []*admin.Privilege) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.ServiceId+"/"+p.PrivilegeName)
		out = append(out, flatten(p.ChildPrivileges)...)
	}
	return out
}

func TestPrivilegesList(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tests := []struct {
		name     string
		as       string
		customer string
		has      []string
		hasNot   []string
	}{
		{"reseller tenant has Reseller Tools, no legacy", alderAdmin, "my_customer",
			[]string{roles.DefaultResellerToolsServiceID + "/" + roles.DefaultViewCustomersName, roles.DefaultResellerToolsServiceID + "/" + roles.DefaultAccessCustomerSupportCasesName, roles.AdminAPIsServiceID + "/" + roles.DefaultSupportName},
			[]string{roles.DefaultResellerToolsServiceID + "/" + roles.DefaultResellerEnterpriseLegacySupportName, roles.AdminAPIsServiceID + "/" + roles.DefaultEnterpriseLegacySupportName}},
		{"legacy reseller tenant has the legacy privileges", birchAdmin, "my_customer",
			[]string{roles.DefaultResellerToolsServiceID + "/" + roles.DefaultResellerEnterpriseLegacySupportName, roles.AdminAPIsServiceID + "/" + roles.DefaultEnterpriseLegacySupportName}, nil},
		{"customer tenant has no Reseller Tools", "admin@acme-corp.example", "my_customer",
			[]string{roles.AdminAPIsServiceID + "/" + roles.UsersRetrieveName},
			[]string{roles.DefaultResellerToolsServiceID + "/" + roles.DefaultViewCustomersName}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ps, err := e.dir(tc.as).Privileges.List(tc.customer).Context(t.Context()).Do()
			if err != nil {
				t.Fatal(err)
			}
			flat := flatten(ps.Items)
			for _, h := range tc.has {
				if !slices.Contains(flat, h) {
					t.Errorf("missing %s", h)
				}
			}
			for _, h := range tc.hasNot {
				if slices.Contains(flat, h) {
					t.Errorf("unexpected %s", h)
				}
			}
		})
	}
	t.Run("P3: View Customers sits under Customers under Reseller Tools", func(t *testing.T) {
		ps, err := e.dir(alderAdmin).Privileges.List("my_customer").Do()
		if err != nil {
			t.Fatal(err)
		}
		var path []string
		var find func([]*admin.Privilege, []string) bool
		find = func(ps []*admin.Privilege, anc []string) bool {
			for _, p := range ps {
				here := append(slices.Clone(anc), p.PrivilegeName)
				if p.PrivilegeName == roles.DefaultViewCustomersName {
					path = here
					return true
				}
				if find(p.ChildPrivileges, here) {
					return true
				}
			}
			return false
		}
		find(ps.Items, nil)
		want := []string{roles.DefaultResellerToolsName, roles.DefaultResellerCustomersName, roles.DefaultViewCustomersName}
		if diff := cmp.Diff(want, path); diff != "" {
			t.Errorf("path mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("forbidden without ROLE_MANAGEMENT", func(t *testing.T) {
		_, err := e.dir(ana).Privileges.List("my_customer").Do()
		wantErr(t, err, 403, "forbidden")
	})
}

func TestRoles(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	svc := e.dir(alderAdmin)

	all, err := svc.Roles.List("my_customer").Context(t.Context()).Do()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range all.Items {
		names = append(names, r.RoleName)
	}
	if diff := cmp.Diff([]string{roles.SuperAdminRoleName, roles.ResellerAdminRoleName, fake.DemoPortalRole}, names); diff != "" {
		t.Errorf("roles mismatch (-want +got):\n%s", diff)
	}
	if sa := all.Items[0]; !sa.IsSuperAdminRole || !sa.IsSystemRole {
		t.Errorf("super admin role flags: %+v", sa)
	}
	if ra := all.Items[1]; ra.IsSuperAdminRole || !ra.IsSystemRole || len(ra.RolePrivileges) == 0 {
		t.Errorf("reseller admin role: %+v", ra)
	}

	created, err := svc.Roles.Insert("my_customer", &admin.Role{RoleName: "Viewers", RoleDescription: "view only",
		RolePrivileges: []*admin.RoleRolePrivileges{{PrivilegeName: roles.DefaultViewCustomersName, ServiceId: roles.DefaultResellerToolsServiceID}}}).Do()
	if err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatInt(created.RoleId, 10)
	got, err := svc.Roles.Get("my_customer", id).Do()
	if err != nil || got.RoleName != "Viewers" || len(got.RolePrivileges) != 1 {
		t.Fatalf("roles.get = %+v, %v", got, err)
	}
	if _, err := svc.Roles.Get("my_customer", id).IfNoneMatch(got.Etag).Do(); !googleapi.IsNotModified(err) {
		t.Errorf("roles.get If-None-Match = %v, want 304", err)
	}
	patched, err := svc.Roles.Patch("my_customer", id, &admin.Role{RolePrivileges: []*admin.RoleRolePrivileges{
		{PrivilegeName: roles.DefaultViewCustomersName}, {PrivilegeName: roles.DefaultAccessCustomerSupportCasesName}}}).Do()
	if err != nil || patched.RoleName != "Viewers" || len(patched.RolePrivileges) != 2 || patched.RoleDescription != "view only" {
		t.Errorf("roles.patch = %+v, %v", patched, err)
	}
	updated, err := svc.Roles.Update("my_customer", id, &admin.Role{RoleName: "Portal"}).Do()
	if err != nil || updated.RoleName != "Portal" {
		t.Errorf("roles.update = %+v, %v", updated, err)
	}

	t.Run("paging", func(t *testing.T) {
		for i := range 4 {
			if _, err := svc.Roles.Insert("my_customer", &admin.Role{RoleName: "R" + strconv.Itoa(i),
				RolePrivileges: []*admin.RoleRolePrivileges{{PrivilegeName: roles.DefaultSupportName}}}).Do(); err != nil {
				t.Fatal(err)
			}
		}
		var got []int64
		pages := 0
		err := svc.Roles.List("my_customer").MaxResults(3).Pages(t.Context(), func(p *admin.Roles) error {
			pages++
			for _, r := range p.Items {
				got = append(got, r.RoleId)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 8 || pages != 3 || !slices.IsSorted(got) {
			t.Errorf("paged roles = %v in %d pages, want 8 sorted in 3", got, pages)
		}
	})

	superID := strconv.FormatInt(all.Items[0].RoleId, 10)
	portalID := strconv.FormatInt(all.Items[2].RoleId, 10)
	errs := []struct {
		name   string
		call   func() error
		status int
		reason string
	}{
		{"insert duplicate name", func() error {
			_, err := svc.Roles.Insert("my_customer", &admin.Role{RoleName: "portal", RolePrivileges: []*admin.RoleRolePrivileges{{PrivilegeName: roles.DefaultSupportName}}}).Do()
			return err
		}, 409, "duplicate"},
		{"insert unknown privilege", func() error {
			_, err := svc.Roles.Insert("my_customer", &admin.Role{RoleName: "X", RolePrivileges: []*admin.RoleRolePrivileges{{PrivilegeName: "NOPE"}}}).Do()
			return err
		}, 400, "invalid"},
		{"insert wrong service", func() error {
			_, err := svc.Roles.Insert("my_customer", &admin.Role{RoleName: "X", RolePrivileges: []*admin.RoleRolePrivileges{{PrivilegeName: roles.DefaultSupportName, ServiceId: roles.DefaultResellerToolsServiceID}}}).Do()
			return err
		}, 400, "invalid"},
		{"insert legacy privilege on a non-legacy tenant", func() error {
			_, err := svc.Roles.Insert("my_customer", &admin.Role{RoleName: "X", RolePrivileges: []*admin.RoleRolePrivileges{{PrivilegeName: roles.DefaultEnterpriseLegacySupportName}}}).Do()
			return err
		}, 400, "invalid"},
		{"insert without privileges", func() error {
			_, err := svc.Roles.Insert("my_customer", &admin.Role{RoleName: "X"}).Do()
			return err
		}, 400, "required"},
		{"insert without a name", func() error {
			_, err := svc.Roles.Insert("my_customer", &admin.Role{RolePrivileges: []*admin.RoleRolePrivileges{{PrivilegeName: roles.DefaultSupportName}}}).Do()
			return err
		}, 400, "required"},
		{"get unknown", func() error { _, err := svc.Roles.Get("my_customer", "12345").Do(); return err }, 404, "notFound"},
		{"get bad id", func() error { _, err := svc.Roles.Get("my_customer", "abc").Do(); return err }, 400, "invalid"},
		{"patch a system role", func() error {
			_, err := svc.Roles.Patch("my_customer", superID, &admin.Role{RoleName: "X"}).Do()
			return err
		}, 400, "invalid"},
		{"delete a system role", func() error { return svc.Roles.Delete("my_customer", superID).Do() }, 400, "invalid"},
		{"delete an assigned role", func() error { return svc.Roles.Delete("my_customer", portalID).Do() }, 412, "conditionNotMet"},
		{"other tenant", func() error { _, err := svc.Roles.List(fake.DemoBirchCustomerID).Do(); return err }, 403, "forbidden"},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) { wantErr(t, tc.call(), tc.status, tc.reason) })
	}

	t.Run("delete", func(t *testing.T) {
		if err := svc.Roles.Delete("my_customer", id).Do(); err != nil {
			t.Fatal(err)
		}
		_, err := svc.Roles.Get("my_customer", id).Do()
		wantErr(t, err, 404, "notFound")
	})
}

func TestRoleAssignments(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	svc := e.dir(alderAdmin)
	ctx := t.Context()
	resellerAdmin, err := e.w.RoleID(fake.DemoAlderCustomerID, roles.ResellerAdminRoleName)
	if err != nil {
		t.Fatal(err)
	}
	gusID, _ := e.w.UserID(gus)
	caraID, _ := e.w.UserID(cara)
	staffID, _ := e.w.OrgUnitID(fake.DemoAlderCustomerID, fake.DemoStaffOrgUnit)

	ra, err := svc.RoleAssignments.Insert("my_customer", &admin.RoleAssignment{RoleId: resellerAdmin, AssignedTo: gusID, ScopeType: "CUSTOMER"}).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	if ra.AssigneeType != "user" || ra.RoleId != resellerAdmin || ra.ScopeType != "CUSTOMER" {
		t.Errorf("inserted assignment = %+v", ra)
	}
	raID := strconv.FormatInt(ra.RoleAssignmentId, 10)
	got, err := svc.RoleAssignments.Get("my_customer", raID).Do()
	if err != nil || got.AssignedTo != gusID {
		t.Fatalf("roleAssignments.get = %+v, %v", got, err)
	}
	if _, err := svc.RoleAssignments.Get("my_customer", raID).IfNoneMatch(got.Etag).Do(); !googleapi.IsNotModified(err) {
		t.Errorf("roleAssignments.get If-None-Match = %v, want 304", err)
	}
	if u, _ := svc.Users.Get(gus).Do(); !u.IsDelegatedAdmin {
		t.Errorf("after an assignment gus is not a delegated admin")
	}

	expire := e.w.Now().Add(48 * time.Hour).Format(time.RFC3339)
	ou, err := svc.RoleAssignments.Insert("my_customer", &admin.RoleAssignment{RoleId: resellerAdmin, AssignedTo: gusID,
		ScopeType: "ORG_UNIT", OrgUnitId: strings.TrimPrefix(staffID, "id:"), ExpirationDetails: &admin.ExpirationDetails{ExpireTime: expire}}).Do()
	if err != nil {
		t.Fatal(err)
	}
	if ou.OrgUnitId != strings.TrimPrefix(staffID, "id:") || ou.ExpirationDetails == nil {
		t.Errorf("org-unit assignment = %+v", ou)
	}

	t.Run("list by role", func(t *testing.T) {
		l, err := svc.RoleAssignments.List("my_customer").RoleId(strconv.FormatInt(resellerAdmin, 10)).Do()
		if err != nil {
			t.Fatal(err)
		}
		// ana, dan, finn (expired: still listed), gus twice.
		if len(l.Items) != 5 {
			t.Errorf("%d assignments of the Reseller Admin role, want 5", len(l.Items))
		}
	})
	t.Run("list by user, direct and indirect (nested groups)", func(t *testing.T) {
		direct, err := svc.RoleAssignments.List("my_customer").UserKey(cara).Do()
		if err != nil {
			t.Fatal(err)
		}
		if len(direct.Items) != 0 {
			t.Errorf("cara has %d direct assignments, want 0", len(direct.Items))
		}
		indirect, err := svc.RoleAssignments.List("my_customer").UserKey(caraID).IncludeIndirectRoleAssignments(true).Do()
		if err != nil {
			t.Fatal(err)
		}
		if len(indirect.Items) != 1 || indirect.Items[0].AssigneeType != "group" {
			t.Errorf("cara's indirect assignments = %+v, want one group assignment", indirect.Items)
		}
		byGroup, err := svc.RoleAssignments.List("my_customer").UserKey("support@" + fake.DemoAlderDomain).Do()
		if err != nil || len(byGroup.Items) != 1 {
			t.Errorf("assignments of the group = %v, %v", byGroup, err)
		}
	})
	t.Run("paging", func(t *testing.T) {
		var ids []int64
		err := svc.RoleAssignments.List("my_customer").MaxResults(2).Pages(ctx, func(p *admin.RoleAssignments) error {
			if len(p.Items) > 2 {
				t.Errorf("page of %d", len(p.Items))
			}
			for _, a := range p.Items {
				ids = append(ids, a.RoleAssignmentId)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		all, _ := svc.RoleAssignments.List("my_customer").Do()
		if len(ids) != len(all.Items) || !slices.IsSorted(ids) {
			t.Errorf("paged %v, want %d sorted", ids, len(all.Items))
		}
	})

	errs := []struct {
		name   string
		call   func() error
		status int
		reason string
	}{
		{"duplicate is a 500 'role assignment exists'", func() error {
			_, err := svc.RoleAssignments.Insert("my_customer", &admin.RoleAssignment{RoleId: resellerAdmin, AssignedTo: gusID, ScopeType: "CUSTOMER"}).Do()
			if ge, ok := err.(*googleapi.Error); ok && !strings.HasPrefix(ge.Message, "role assignment exists") {
				t.Errorf("duplicate message %q", ge.Message)
			}
			return err
		}, 500, "internalError"},
		{"roleId with userKey", func() error {
			_, err := svc.RoleAssignments.List("my_customer").RoleId("1").UserKey(gus).Do()
			return err
		}, 400, "invalid"},
		{"unknown userKey", func() error {
			_, err := svc.RoleAssignments.List("my_customer").UserKey("nobody@" + fake.DemoAlderDomain).Do()
			return err
		}, 404, "notFound"},
		{"unknown role", func() error {
			_, err := svc.RoleAssignments.Insert("my_customer", &admin.RoleAssignment{RoleId: 42, AssignedTo: gusID, ScopeType: "CUSTOMER"}).Do()
			return err
		}, 400, "invalid"},
		{"unknown assignee", func() error {
			_, err := svc.RoleAssignments.Insert("my_customer", &admin.RoleAssignment{RoleId: resellerAdmin, AssignedTo: "123", ScopeType: "CUSTOMER"}).Do()
			return err
		}, 400, "invalid"},
		{"missing scope", func() error {
			_, err := svc.RoleAssignments.Insert("my_customer", &admin.RoleAssignment{RoleId: resellerAdmin, AssignedTo: gusID}).Do()
			return err
		}, 400, "required"},
		{"bad scope", func() error {
			_, err := svc.RoleAssignments.Insert("my_customer", &admin.RoleAssignment{RoleId: resellerAdmin, AssignedTo: gusID, ScopeType: "WORLD"}).Do()
			return err
		}, 400, "invalid"},
		{"org unit scope without org unit", func() error {
			_, err := svc.RoleAssignments.Insert("my_customer", &admin.RoleAssignment{RoleId: resellerAdmin, AssignedTo: gusID, ScopeType: "ORG_UNIT"}).Do()
			return err
		}, 400, "required"},
		{"unknown org unit", func() error {
			_, err := svc.RoleAssignments.Insert("my_customer", &admin.RoleAssignment{RoleId: resellerAdmin, AssignedTo: gusID, ScopeType: "ORG_UNIT", OrgUnitId: "nope"}).Do()
			return err
		}, 400, "invalidOrgunit"},
		{"expiry in the past", func() error {
			_, err := svc.RoleAssignments.Insert("my_customer", &admin.RoleAssignment{RoleId: resellerAdmin, AssignedTo: caraID, ScopeType: "CUSTOMER",
				ExpirationDetails: &admin.ExpirationDetails{ExpireTime: e.w.Now().Add(-time.Second).Format(time.RFC3339)}}).Do()
			return err
		}, 400, "invalid"},
		{"get unknown", func() error { _, err := svc.RoleAssignments.Get("my_customer", "1").Do(); return err }, 404, "notFound"},
		{"other tenant", func() error { _, err := svc.RoleAssignments.List(fake.DemoBirchCustomerID).Do(); return err }, 403, "forbidden"},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) { wantErr(t, tc.call(), tc.status, tc.reason) })
	}

	t.Run("delete", func(t *testing.T) {
		if err := svc.RoleAssignments.Delete("my_customer", raID).Do(); err != nil {
			t.Fatal(err)
		}
		wantErr(t, svc.RoleAssignments.Delete("my_customer", raID).Do(), 404, "notFound")
	})
}

// TestGrants checks the privilege rules the Server enforces on callers,
// using reseller.subscriptions.list, which needs View Customers.
func TestGrants(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tests := []struct {
		name string
		as   string
		ok   bool
	}{
		{"P1.1 Reseller Admin role", ana, true},
		{"P1.2 custom role", ben, true},
		{"P4 group assignment through nested groups", cara, true},
		{"P4 org-unit scope grants no reseller privilege", eve, false},
		{"P4 expired assignment", finn, false},
		{"no role", gus, false},
		{"P1.4 super admin", alderAdmin, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.res(tc.as).Subscriptions.List().Context(t.Context()).Do()
			if tc.ok && err != nil {
				t.Errorf("subscriptions.list as %s: %v", tc.as, err)
			}
			if !tc.ok {
				wantErr(t, err, 403, "forbidden")
			}
		})
	}
	t.Run("P4 expiry boundary", func(t *testing.T) {
		w, err := fake.NewWorld(fake.DemoSeed())
		if err != nil {
			t.Fatal(err)
		}
		s := faketest.NewServer(t, w)
		at := w.Now().Add(time.Hour)
		if _, err := w.Assign(fake.DemoAlderCustomerID, fake.AssignmentSeed{Role: roles.ResellerAdminRoleName, Assignee: gus, ExpireTime: at}); err != nil {
			t.Fatal(err)
		}
		e := &env{t: t, w: w, s: s}
		w.SetTime(at.Add(-time.Nanosecond))
		if _, err := e.res(gus).Subscriptions.List().Do(); err != nil {
			t.Errorf("1ns before expiry: %v", err)
		}
		w.SetTime(at)
		_, err = e.res(gus).Subscriptions.List().Do()
		wantErr(t, err, 403, "forbidden")
	})
}
