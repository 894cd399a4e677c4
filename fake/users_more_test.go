package fake_test

import (
	"slices"
	"testing"
	"time"

	admin "google.golang.org/api/admin/directory/v1"

	"github.com/resellerkit/resellerkit/fake"
)

// aliasesOf returns the alias addresses of a users.aliases.list answer
// (the generated client decodes them as maps).
func aliasesOf(t *testing.T, a *admin.Aliases) []string {
	t.Helper()
	var out []string
	for _, x := range a.Aliases {
		m, ok := x.(map[string]any)
		if !ok || m["kind"] != "admin#directory#alias" {
			t.Fatalf("alias %#v is not an admin#directory#alias", x)
		}
		out = append(out, m["alias"].(string))
	}
	return out
}

// TestUserAliases: users.aliases.insert, list and delete, with the
// privileges and errors Google has; an alias is a userKey.
func TestUserAliases(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()
	svc := e.dir(alderAdmin)
	al := "gustav@" + fake.DemoAlderEUDomain
	got, err := svc.Users.Aliases.Insert(gus, &admin.Alias{Alias: "Gustav@" + fake.DemoAlderEUDomain}).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	gusID, _ := e.w.UserID(gus)
	if got.Kind != "admin#directory#alias" || got.Alias != al || got.PrimaryEmail != gus || got.Id != gusID {
		t.Errorf("aliases.insert = %+v", got)
	}
	if u, err := svc.Users.Get(al).Context(ctx).Do(); err != nil || u.Id != gusID || !slices.Contains(u.Aliases, al) {
		t.Errorf("users.get by the alias = %v, %v", u, err)
	}
	l, err := svc.Users.Aliases.List(gus).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	if got := aliasesOf(t, l); !slices.Equal(got, []string{al}) || l.Kind != "admin#directory#aliases" {
		t.Errorf("aliases.list = %v (%s)", got, l.Kind)
	}
	_, err = svc.Users.Aliases.Insert(ben, &admin.Alias{Alias: al}).Context(ctx).Do()
	wantErr(t, err, 409, "duplicate")
	_, err = svc.Users.Aliases.Insert(ben, &admin.Alias{Alias: "ben@" + fake.DemoBirchDomain}).Context(ctx).Do()
	wantErr(t, err, 400, "invalid")
	_, err = svc.Users.Aliases.Insert(ben, &admin.Alias{}).Context(ctx).Do()
	wantErr(t, err, 400, "required")
	_, err = e.dir(gus).Users.Aliases.Insert(ben, &admin.Alias{Alias: "b2@" + fake.DemoAlderDomain}).Context(ctx).Do()
	wantErr(t, err, 403, "forbidden")
	_, err = e.dir(birchAdmin).Users.Aliases.List(gus).Context(ctx).Do()
	wantErr(t, err, 403, "forbidden")
	if err := svc.Users.Aliases.Delete(gus, al).Context(ctx).Do(); err != nil {
		t.Fatal(err)
	}
	err = svc.Users.Aliases.Delete(gus, al).Context(ctx).Do()
	wantErr(t, err, 404, "notFound")
	if l, err := svc.Users.Aliases.List(gus).Context(ctx).Do(); err != nil || len(l.Aliases) != 0 {
		t.Errorf("aliases after delete = %v, %v", l, err)
	}
	// The address is free again.
	if _, err := svc.Users.Aliases.Insert(ben, &admin.Alias{Alias: al}).Context(ctx).Do(); err != nil {
		t.Errorf("reusing a deleted alias: %v", err)
	}
}

// TestMakeAdmin: users.makeAdmin assigns the super admin role
// (_SEED_ADMIN_ROLE) customer-wide, so isAdmin and roleAssignments.list
// show it, and removes it with status false; delegated admins may not call
// it.
func TestMakeAdmin(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()
	svc := e.dir(alderAdmin)
	seedAdmin, err := e.w.RoleID(fake.DemoAlderDomain, "_SEED_ADMIN_ROLE")
	if err != nil {
		t.Fatal(err)
	}
	superAssignments := func() int {
		t.Helper()
		l, err := svc.RoleAssignments.List("my_customer").UserKey(gus).Context(ctx).Do()
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, a := range l.Items {
			if a.RoleId == seedAdmin && a.ScopeType == "CUSTOMER" && a.AssigneeType == "user" {
				n++
			}
		}
		return n
	}
	isAdmin := func() bool {
		t.Helper()
		u, err := svc.Users.Get(gus).Context(ctx).Do()
		if err != nil {
			t.Fatal(err)
		}
		return u.IsAdmin
	}
	// ana (Reseller Admin, a delegated admin) may not make admins.
	err = e.dir(ana).Users.MakeAdmin(gus, &admin.UserMakeAdmin{Status: true}).Context(ctx).Do()
	wantErr(t, err, 403, "forbidden")
	for range 2 { // the second call changes nothing
		if err := svc.Users.MakeAdmin(gus, &admin.UserMakeAdmin{Status: true}).Context(ctx).Do(); err != nil {
			t.Fatal(err)
		}
		if !isAdmin() || superAssignments() != 1 {
			t.Fatalf("after makeAdmin true: isAdmin %v, %d super admin assignments", isAdmin(), superAssignments())
		}
	}
	// gus now acts as a super admin.
	if _, err := e.dir(gus).Groups.Get(supportGroup).Context(ctx).Do(); err != nil {
		t.Errorf("gus as super admin: %v", err)
	}
	if err := svc.Users.MakeAdmin(gus, &admin.UserMakeAdmin{Status: false}).Context(ctx).Do(); err != nil {
		t.Fatal(err)
	}
	if isAdmin() || superAssignments() != 0 {
		t.Errorf("after makeAdmin false: isAdmin %v, %d super admin assignments", isAdmin(), superAssignments())
	}
	err = svc.Users.MakeAdmin("nobody@"+fake.DemoAlderDomain, &admin.UserMakeAdmin{Status: true}).Context(ctx).Do()
	wantErr(t, err, 404, "notFound")
	err = svc.Users.MakeAdmin(hana, &admin.UserMakeAdmin{Status: true}).Context(ctx).Do()
	wantErr(t, err, 403, "forbidden")
}

// TestUndelete: users.undelete restores a deleted user by ID within
// Google's 20 days, with its addresses, not after; an address now used by
// another account blocks it; only super admins may call it.
func TestUndelete(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()
	svc := e.dir(alderAdmin)
	gusID, _ := e.w.UserID(gus)
	benID, _ := e.w.UserID(ben)
	finnID, _ := e.w.UserID(finn)
	for _, u := range []string{gus, ben, finn} {
		if err := svc.Users.Delete(u).Context(ctx).Do(); err != nil {
			t.Fatal(err)
		}
	}
	err := e.dir(ana).Users.Undelete(gusID, &admin.UserUndelete{}).Context(ctx).Do()
	wantErr(t, err, 403, "forbidden")
	err = svc.Users.Undelete(gus, &admin.UserUndelete{}).Context(ctx).Do()
	wantErr(t, err, 404, "notFound") // the key is the user's ID
	err = svc.Users.Undelete(gusID, &admin.UserUndelete{OrgUnitPath: "/Nope"}).Context(ctx).Do()
	wantErr(t, err, 400, "invalid")
	if err := svc.Users.Undelete(gusID, &admin.UserUndelete{OrgUnitPath: fake.DemoStaffOrgUnit}).Context(ctx).Do(); err != nil {
		t.Fatal(err)
	}
	u, err := svc.Users.Get(gus).Context(ctx).Do()
	if err != nil || u.Id != gusID || u.OrgUnitPath != fake.DemoStaffOrgUnit {
		t.Fatalf("users.get after undelete = %+v, %v", u, err)
	}
	err = svc.Users.Undelete(gusID, &admin.UserUndelete{}).Context(ctx).Do()
	wantErr(t, err, 404, "notFound") // not deleted
	// ben's address is taken by a new account.
	if _, err := svc.Users.Insert(&admin.User{PrimaryEmail: ben, Password: "correct horse battery",
		Name: &admin.UserName{GivenName: "New", FamilyName: "Ben"}}).Context(ctx).Do(); err != nil {
		t.Fatal(err)
	}
	err = svc.Users.Undelete(benID, &admin.UserUndelete{}).Context(ctx).Do()
	wantErr(t, err, 409, "duplicate")
	// After 20 days, finn is gone for good.
	e.w.Advance(20*24*time.Hour + time.Second)
	err = svc.Users.Undelete(finnID, &admin.UserUndelete{}).Context(ctx).Do()
	wantErr(t, err, 404, "notFound")
}
