package fake_test

import (
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	admin "google.golang.org/api/admin/directory/v1"

	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/fake/faketest"
)

var (
	supportGroup = "support@" + fake.DemoAlderDomain
	portalTeam   = "portal-team@" + fake.DemoAlderDomain
)

// groupEmails returns the emails of a page of groups.
func groupEmails(gs []*admin.Group) []string {
	var out []string
	for _, g := range gs {
		out = append(out, g.Email)
	}
	return out
}

// TestGroupsCRUD: groups.insert, get (by email, alias and ID), patch (a new
// email keeps the old one as an alias), update and delete, over the
// unmodified Go client, with Google's errors.
func TestGroupsCRUD(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()
	svc := e.dir(alderAdmin)
	g, err := svc.Groups.Insert(&admin.Group{Email: "Sales@" + fake.DemoAlderDomain, Name: "Sales", Description: "The sales team"}).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	want := &admin.Group{Kind: "admin#directory#group", Email: "sales@" + fake.DemoAlderDomain, Name: "Sales",
		Description: "The sales team", AdminCreated: true}
	if diff := cmp.Diff(want, g, cmpGroup); diff != "" {
		t.Errorf("groups.insert mismatch (-want +got):\n%s", diff)
	}
	for _, key := range []string{g.Id, g.Email, "SALES@" + fake.DemoAlderDomain} {
		got, err := svc.Groups.Get(key).Context(ctx).Do()
		if err != nil {
			t.Fatalf("groups.get %s: %v", key, err)
		}
		if got.Id != g.Id || got.Etag != g.Etag {
			t.Errorf("groups.get %s = %s %s, want %s %s", key, got.Id, got.Etag, g.Id, g.Etag)
		}
	}
	_, err = svc.Groups.Insert(&admin.Group{Email: g.Email}).Context(ctx).Do()
	wantErr(t, err, 409, "duplicate")
	_, err = svc.Groups.Insert(&admin.Group{Email: ana}).Context(ctx).Do()
	wantErr(t, err, 409, "duplicate") // a user's address
	_, err = svc.Groups.Insert(&admin.Group{Name: "no email"}).Context(ctx).Do()
	wantErr(t, err, 400, "required")
	// Rule D4: an unverified secondary domain cannot be used.
	_, err = svc.Groups.Insert(&admin.Group{Email: "x@" + fake.DemoAlderLabsDomain}).Context(ctx).Do()
	wantErr(t, err, 412, "conditionNotMet")
	// A domain of another tenant answers like one of no tenant.
	_, err = svc.Groups.Insert(&admin.Group{Email: "x@" + fake.DemoBirchDomain}).Context(ctx).Do()
	wantErr(t, err, 404, "notFound")
	_, err = svc.Groups.Insert(&admin.Group{Email: "x@nowhere.example"}).Context(ctx).Do()
	wantErr(t, err, 404, "notFound")

	// patch: a new email keeps the old address as an alias.
	p, err := svc.Groups.Patch(g.Id, &admin.Group{Email: "revenue@" + fake.DemoAlderDomain}).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	if p.Email != "revenue@"+fake.DemoAlderDomain || p.Name != "Sales" || !slices.Equal(p.Aliases, []string{g.Email}) || p.Etag == g.Etag {
		t.Errorf("after patch: email %s, name %s, aliases %v, etag changed %v", p.Email, p.Name, p.Aliases, p.Etag != g.Etag)
	}
	if got, err := svc.Groups.Get(g.Email).Context(ctx).Do(); err != nil || got.Id != g.Id {
		t.Errorf("groups.get by old address = %v, %v; want the group", got, err)
	}
	u, err := svc.Groups.Update(g.Id, &admin.Group{Name: "Revenue", Description: "Renamed"}).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	if u.Name != "Revenue" || u.Description != "Renamed" || u.Email != p.Email {
		t.Errorf("after update: %+v", u)
	}
	if err := svc.Groups.Delete(g.Email).Context(ctx).Do(); err != nil {
		t.Fatal(err)
	}
	_, err = svc.Groups.Get(g.Id).Context(ctx).Do()
	wantErr(t, err, 404, "notFound")
	err = svc.Groups.Delete(g.Id).Context(ctx).Do()
	wantErr(t, err, 404, "notFound")
	// The addresses are free again.
	if _, err := svc.Groups.Insert(&admin.Group{Email: g.Email}).Context(ctx).Do(); err != nil {
		t.Errorf("re-creating the deleted group's old address: %v", err)
	}
}

var cmpGroup = cmp.FilterPath(func(p cmp.Path) bool {
	switch p.Last().String() {
	case ".Id", ".Etag", ".ServerResponse", ".ForceSendFields":
		return true
	}
	return false
}, cmp.Ignore())

// TestGroupsAuthz: the Groups privilege is required (rule P3's privileges;
// a reseller admin acts on a customer it administers), and other tenants'
// groups answer like unknown ones.
func TestGroupsAuthz(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()
	// gus holds no role; ana is Reseller Admin, without GROUPS_ALL.
	for _, who := range []string{gus, ana} {
		_, err := e.dir(who).Groups.Get(supportGroup).Context(ctx).Do()
		wantErr(t, err, 403, "forbidden")
		_, err = e.dir(who).Groups.List().Customer("my_customer").Context(ctx).Do()
		wantErr(t, err, 403, "forbidden")
		_, err = e.dir(who).Groups.Insert(&admin.Group{Email: "new@" + fake.DemoAlderDomain}).Context(ctx).Do()
		wantErr(t, err, 403, "forbidden")
	}
	birch := e.dir(birchAdmin)
	sg, err := e.dir(alderAdmin).Groups.Get(supportGroup).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	id := sg.Id
	// Another tenant's group: an ID answers 404 like an unknown ID, an
	// address 403 like an address on a domain of no tenant.
	_, err = birch.Groups.Get(id).Context(ctx).Do()
	wantErr(t, err, 404, "notFound")
	_, err = birch.Groups.Get("03nosuchgroup").Context(ctx).Do()
	wantErr(t, err, 404, "notFound")
	_, err = birch.Groups.Get(supportGroup).Context(ctx).Do()
	wantErr(t, err, 403, "forbidden")
	_, err = birch.Groups.Get("support@nowhere.example").Context(ctx).Do()
	wantErr(t, err, 403, "forbidden")
	_, err = birch.Members.List(id).Context(ctx).Do()
	wantErr(t, err, 404, "notFound")
	_, err = birch.Groups.List().Customer(fake.DemoAlderCustomerID).Context(ctx).Do()
	wantErr(t, err, 403, "forbidden")
	_, err = birch.Groups.List().Customer(fake.DemoAlderDomain).Context(ctx).Do()
	wantErr(t, err, 400, "badRequest")
}

// TestGroupsList: by customer with paging, by domain, by userKey (the
// groups a user or group is a direct member of), with a query.
func TestGroupsList(t *testing.T) {
	t.Parallel()
	e := newEnv(t, fake.WithPageCap(2))
	ctx := t.Context()
	svc := e.dir(alderAdmin)
	for _, em := range []string{"b@" + fake.DemoAlderDomain, "a@" + fake.DemoAlderEUDomain} {
		if _, err := svc.Groups.Insert(&admin.Group{Email: em, Name: "Team " + em}).Context(ctx).Do(); err != nil {
			t.Fatal(err)
		}
	}
	list := func(call *admin.GroupsListCall) []string {
		t.Helper()
		var got []string
		pages := 0
		if err := call.Pages(ctx, func(p *admin.Groups) error {
			pages++
			if p.Kind != "admin#directory#groups" || p.Etag == "" {
				t.Errorf("page kind %q etag %q", p.Kind, p.Etag)
			}
			got = append(got, groupEmails(p.Groups)...)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return got
	}
	all := []string{"a@" + fake.DemoAlderEUDomain, "b@" + fake.DemoAlderDomain, portalTeam, supportGroup}
	if diff := cmp.Diff(all, list(svc.Groups.List().Customer("my_customer"))); diff != "" {
		t.Errorf("groups.list customer (-want +got):\n%s", diff)
	}
	rev := slices.Clone(all)
	slices.Reverse(rev)
	if diff := cmp.Diff(rev, list(svc.Groups.List().Customer("my_customer").OrderBy("email").SortOrder("DESCENDING"))); diff != "" {
		t.Errorf("groups.list descending (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(all[1:], list(svc.Groups.List().Domain(fake.DemoAlderDomain))); diff != "" {
		t.Errorf("groups.list domain (-want +got):\n%s", diff)
	}
	// userKey: direct memberships only (cara is in portal-team, which is in support).
	if diff := cmp.Diff([]string{portalTeam}, list(svc.Groups.List().UserKey(cara))); diff != "" {
		t.Errorf("groups.list userKey=cara (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{supportGroup}, list(svc.Groups.List().UserKey(portalTeam))); diff != "" {
		t.Errorf("groups.list userKey=portal-team (-want +got):\n%s", diff)
	}
	if got := list(svc.Groups.List().UserKey(gus)); len(got) != 0 {
		t.Errorf("groups.list userKey=gus = %v, want none", got)
	}
	if diff := cmp.Diff([]string{portalTeam}, list(svc.Groups.List().Customer("my_customer").Query("email:portal*"))); diff != "" {
		t.Errorf("groups.list query email:portal* (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{supportGroup}, list(svc.Groups.List().Customer("my_customer").Query("memberKey="+portalTeam))); diff != "" {
		t.Errorf("groups.list query memberKey= (-want +got):\n%s", diff)
	}
	for _, tc := range []struct {
		name   string
		call   *admin.GroupsListCall
		status int
		reason string
	}{
		{"nothing", svc.Groups.List(), 400, "badRequest"},
		{"userKey with customer", svc.Groups.List().UserKey(cara).Customer("my_customer"), 400, "badRequest"},
		{"unknown userKey", svc.Groups.List().UserKey("nobody@" + fake.DemoAlderDomain), 404, "notFound"},
		{"foreign userKey", svc.Groups.List().UserKey(hana), 403, "forbidden"},
		{"bad query", svc.Groups.List().Customer("my_customer").Query("isAdmin=true"), 400, "invalid"},
		{"bad order", svc.Groups.List().Customer("my_customer").OrderBy("name"), 400, "invalid"},
		{"bad token", svc.Groups.List().Customer("my_customer").PageToken("nope"), 400, "invalid"},
	} {
		_, err := tc.call.Context(ctx).Do()
		t.Run(tc.name, func(t *testing.T) { wantErr(t, err, tc.status, tc.reason) })
	}
}

// TestMembers: members.insert, get, list (paging, roles, derived
// membership), patch, update and delete, with Google's errors.
func TestMembers(t *testing.T) {
	t.Parallel()
	e := newEnv(t, fake.WithPageCap(2))
	ctx := t.Context()
	svc := e.dir(alderAdmin)
	m, err := svc.Members.Insert(supportGroup, &admin.Member{Email: strings.ToUpper(gus), Role: "manager"}).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	gusID, _ := e.w.UserID(gus)
	want := &admin.Member{Kind: "admin#directory#member", Id: gusID, Email: gus, Role: "MANAGER", Type: "USER",
		Status: "ACTIVE", DeliverySettings: "ALL_MAIL"}
	if diff := cmp.Diff(want, m, cmpGroup); diff != "" {
		t.Errorf("members.insert mismatch (-want +got):\n%s", diff)
	}
	if _, err := svc.Members.Insert(supportGroup, &admin.Member{Id: gusID}).Context(ctx).Do(); err == nil {
		t.Fatal("a second insert succeeded")
	} else if ge := wantErr(t, err, 409, "duplicate"); ge.Message != "Member already exists." {
		t.Errorf("duplicate message %q", ge.Message)
	}
	if _, err := svc.Members.Insert(supportGroup, &admin.Member{Email: dan, Role: "OWNER", DeliverySettings: "DIGEST"}).Context(ctx).Do(); err != nil {
		t.Fatal(err)
	}
	got, err := svc.Members.Get(supportGroup, gusID).Context(ctx).Do()
	if err != nil || got.Role != "MANAGER" {
		t.Fatalf("members.get = %+v, %v", got, err)
	}
	// A suspended member (dan, rule P5) shows as such.
	if got, err := svc.Members.Get(supportGroup, dan).Context(ctx).Do(); err != nil || got.Status != "SUSPENDED" || got.DeliverySettings != "DIGEST" {
		t.Errorf("members.get dan = %+v, %v", got, err)
	}
	list := func(call *admin.MembersListCall) []string {
		t.Helper()
		var out []string
		if err := call.Pages(ctx, func(p *admin.Members) error {
			for _, m := range p.Members {
				out = append(out, m.Email+" "+m.Role+" "+m.Type)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	direct := []string{dan + " OWNER USER", gus + " MANAGER USER", portalTeam + " MEMBER GROUP"}
	if diff := cmp.Diff(direct, list(svc.Members.List(supportGroup))); diff != "" {
		t.Errorf("members.list (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(direct[:2], list(svc.Members.List(supportGroup).Roles("OWNER,MANAGER"))); diff != "" {
		t.Errorf("members.list roles (-want +got):\n%s", diff)
	}
	derived := []string{cara + " MEMBER USER", dan + " OWNER USER", gus + " MANAGER USER", portalTeam + " MEMBER GROUP"}
	if diff := cmp.Diff(derived, list(svc.Members.List(supportGroup).IncludeDerivedMembership(true))); diff != "" {
		t.Errorf("members.list includeDerivedMembership (-want +got):\n%s", diff)
	}
	p, err := svc.Members.Patch(supportGroup, gus, &admin.Member{Role: "OWNER"}).Context(ctx).Do()
	if err != nil || p.Role != "OWNER" || p.DeliverySettings != "ALL_MAIL" {
		t.Fatalf("members.patch = %+v, %v", p, err)
	}
	u, err := svc.Members.Update(supportGroup, gus, &admin.Member{Role: "MEMBER", DeliverySettings: "NONE"}).Context(ctx).Do()
	if err != nil || u.Role != "MEMBER" || u.DeliverySettings != "NONE" {
		t.Fatalf("members.update = %+v, %v", u, err)
	}
	if err := svc.Members.Delete(supportGroup, gus).Context(ctx).Do(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		err    error
		status int
		reason string
	}{
		{"get removed", func() error { _, err := svc.Members.Get(supportGroup, gus).Context(ctx).Do(); return err }(), 404, "notFound"},
		{"delete removed", svc.Members.Delete(supportGroup, gus).Context(ctx).Do(), 404, "notFound"},
		{"patch non-member", func() error {
			_, err := svc.Members.Patch(supportGroup, gus, &admin.Member{Role: "OWNER"}).Context(ctx).Do()
			return err
		}(), 404, "notFound"},
		{"unknown user", func() error {
			_, err := svc.Members.Insert(supportGroup, &admin.Member{Email: "nobody@" + fake.DemoAlderDomain}).Context(ctx).Do()
			return err
		}(), 404, "notFound"},
		{"external", func() error {
			_, err := svc.Members.Insert(supportGroup, &admin.Member{Email: hana}).Context(ctx).Do()
			return err
		}(), 400, "invalid"},
		{"itself", func() error {
			_, err := svc.Members.Insert(supportGroup, &admin.Member{Email: supportGroup}).Context(ctx).Do()
			return err
		}(), 400, "invalid"},
		{"no key", func() error {
			_, err := svc.Members.Insert(supportGroup, &admin.Member{Role: "OWNER"}).Context(ctx).Do()
			return err
		}(), 400, "required"},
		{"bad role", func() error {
			_, err := svc.Members.Insert(supportGroup, &admin.Member{Email: gus, Role: "BOSS"}).Context(ctx).Do()
			return err
		}(), 400, "invalid"},
		{"bad roles filter", func() error {
			_, err := svc.Members.List(supportGroup).Roles("BOSS").Context(ctx).Do()
			return err
		}(), 400, "invalid"},
		{"unknown group", func() error {
			_, err := svc.Members.List("nope@" + fake.DemoAlderDomain).Context(ctx).Do()
			return err
		}(), 404, "notFound"},
		{"no privilege", func() error {
			_, err := e.dir(gus).Members.List(supportGroup).Context(ctx).Do()
			return err
		}(), 403, "forbidden"},
	} {
		t.Run(tc.name, func(t *testing.T) { wantErr(t, tc.err, tc.status, tc.reason) })
	}
}

// TestHasMember: members.hasMember answers direct and nested membership
// (rule P4: a group's members include its nested groups' members), and
// sends isMember: false rather than leaving it out; nested membership
// across domains answers 400, as Google documents.
func TestHasMember(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()
	svc := e.dir(alderAdmin)
	// ben joins portal-team, nested in support: ben is in support through it.
	if _, err := svc.Members.Insert(portalTeam, &admin.Member{Email: ben}).Context(ctx).Do(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		group, member string
		want          bool
	}{
		{portalTeam, ben, true},   // direct
		{supportGroup, ben, true}, // nested
		{portalTeam, cara, true},  // direct, another domain
		{supportGroup, portalTeam, true},
		{supportGroup, gus, false},
		{portalTeam, supportGroup, false},
	} {
		got, err := svc.Members.HasMember(tc.group, tc.member).Context(ctx).Do()
		if err != nil {
			t.Errorf("hasMember(%s, %s): %v", tc.group, tc.member, err)
			continue
		}
		if got.IsMember != tc.want {
			t.Errorf("hasMember(%s, %s) = %v, want %v", tc.group, tc.member, got.IsMember, tc.want)
		}
	}
	// Nested across domains: cara@alder-eu is in support@alder-reseller only through portal-team.
	_, err := svc.Members.HasMember(supportGroup, cara).Context(ctx).Do()
	wantErr(t, err, 400, "invalid")
	_, err = svc.Members.HasMember(supportGroup, "nobody@"+fake.DemoAlderDomain).Context(ctx).Do()
	wantErr(t, err, 404, "notFound")
	// The wire carries isMember: false.
	tok := e.token(alderAdmin)
	req, _ := http.NewRequestWithContext(ctx, "GET", e.s.URL()+"admin/directory/v1/groups/"+supportGroup+"/hasMember/"+gus, nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := (&http.Client{Transport: e.s.Transport()}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(body), `"isMember":false`) {
		t.Errorf("hasMember body %s lacks \"isMember\":false", body)
	}
}

// TestConformanceGroupRoleAssignment: rule P4 end to end through the
// unmodified Go client. A role assigned to a group shows, with
// includeIndirectRoleAssignments, among the role assignments of a member
// added afterwards, with assigneeType "group"; the member's privileges
// follow; removing the member removes both.
func TestConformanceGroupRoleAssignment(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()
	svc := e.dir(alderAdmin)
	const my = "my_customer"
	g, err := svc.Groups.Insert(&admin.Group{Email: "portal-users@" + fake.DemoAlderDomain, Name: "Portal users"}).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	roleID, err := e.w.RoleID(fake.DemoAlderDomain, fake.DemoPortalRole)
	if err != nil {
		t.Fatal(err)
	}
	ra, err := svc.RoleAssignments.Insert(my, &admin.RoleAssignment{RoleId: roleID, AssignedTo: g.Id, ScopeType: "CUSTOMER"}).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	if ra.AssigneeType != "group" {
		t.Errorf("roleAssignments.insert assigneeType = %q, want group", ra.AssigneeType)
	}
	indirect := func() []string {
		t.Helper()
		l, err := svc.RoleAssignments.List(my).UserKey(gus).IncludeIndirectRoleAssignments(true).Context(ctx).Do()
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, a := range l.Items {
			out = append(out, a.AssignedTo+" "+a.AssigneeType)
		}
		return out
	}
	if got := indirect(); len(got) != 0 {
		t.Fatalf("gus's assignments before joining: %v", got)
	}
	if _, err := svc.Members.Insert(g.Email, &admin.Member{Email: gus}).Context(ctx).Do(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{g.Id + " group"}, indirect()); diff != "" {
		t.Errorf("gus's assignments as a member (-want +got):\n%s", diff)
	}
	// Without includeIndirectRoleAssignments, only direct ones.
	if l, err := svc.RoleAssignments.List(my).UserKey(gus).Context(ctx).Do(); err != nil || len(l.Items) != 0 {
		t.Errorf("direct assignments of gus = %v, %v; want none", l, err)
	}
	if isMember, err := svc.Members.HasMember(g.Email, gus).Context(ctx).Do(); err != nil || !isMember.IsMember {
		t.Errorf("hasMember = %v, %v", isMember, err)
	}
	if u, err := svc.Users.Get(gus).Context(ctx).Do(); err != nil || !u.IsDelegatedAdmin {
		t.Errorf("users.get gus: isDelegatedAdmin = %v (%v), want true through the group", u != nil && u.IsDelegatedAdmin, err)
	}
	if err := svc.Members.Delete(g.Email, gus).Context(ctx).Do(); err != nil {
		t.Fatal(err)
	}
	if got := indirect(); len(got) != 0 {
		t.Errorf("gus's assignments after leaving: %v", got)
	}
	if u, err := svc.Users.Get(gus).Context(ctx).Do(); err != nil || u.IsDelegatedAdmin {
		t.Errorf("users.get gus after leaving: isDelegatedAdmin = %v (%v), want false", u != nil && u.IsDelegatedAdmin, err)
	}
	// Deleting the group deletes its role assignment.
	if err := svc.Groups.Delete(g.Id).Context(ctx).Do(); err != nil {
		t.Fatal(err)
	}
	_, err = svc.RoleAssignments.Get(my, strconv.FormatInt(ra.RoleAssignmentId, 10)).Context(ctx).Do()
	wantErr(t, err, 404, "notFound")
}

// TestGroupSeed: a seed gives a group its description, aliases, and its
// members' roles and delivery settings; a role for an address that is not
// a member is an error naming it.
func TestGroupSeed(t *testing.T) {
	t.Parallel()
	seed := fake.DemoSeed()
	gs := &seed.Tenants[0].Groups[0] // support@, with portal-team as member
	gs.Description = "First line"
	gs.Aliases = []string{"help@" + fake.DemoAlderDomain}
	gs.Members = append(gs.Members, gus)
	gs.Owners = []string{gus}
	gs.DeliverySettings = map[string]string{gus: "digest"}
	w, err := fake.NewWorld(seed)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, w: w, s: faketest.NewServer(t, w)}
	svc := e.dir(alderAdmin)
	g, err := svc.Groups.Get("help@" + fake.DemoAlderDomain).Context(t.Context()).Do()
	if err != nil {
		t.Fatal(err)
	}
	if g.Email != supportGroup || g.Description != "First line" || g.DirectMembersCount != 2 {
		t.Errorf("groups.get = %+v", g)
	}
	m, err := svc.Members.Get(supportGroup, gus).Context(t.Context()).Do()
	if err != nil || m.Role != "OWNER" || m.DeliverySettings != "DIGEST" {
		t.Errorf("members.get = %+v, %v", m, err)
	}
	bad := fake.DemoSeed()
	bad.Tenants[0].Groups[0].Managers = []string{gus}
	if _, err := fake.NewWorld(bad); err == nil || !strings.Contains(err.Error(), "managers") {
		t.Errorf("a manager that is no member: %v, want an error naming managers", err)
	}
}
