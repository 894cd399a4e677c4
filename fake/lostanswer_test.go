package fake_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	admin "google.golang.org/api/admin/directory/v1"
	licensingapi "google.golang.org/api/licensing/v1"

	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/licensing"
	"github.com/resellerkit/resellerkit/roles"
)

// lostAnswer is an AfterApply fault: the write happens, the answer is lost.
func lostAnswer(method string) fake.Fault {
	return fake.Fault{Method: method, Status: 503, Count: 1, AfterApply: true}
}

// TestLostAnswer: with an AfterApply fault, each write of the Directory and
// Licensing APIs is applied and answers 503 instead, over the unmodified
// clients; its retry then meets its own earlier write (rule W1's reason to
// make writes idempotent: a duplicate, a missing resource, or the same
// change again).
func TestLostAnswer(t *testing.T) {
	t.Parallel()
	const my = "my_customer"
	adminAPIs := roles.AdminAPIsServiceID
	type result struct {
		status int    // 0: success
		reason string // errors[0].reason
	}
	tests := []struct {
		method string
		// setup prepares the World and returns what call needs (an ID).
		setup func(t *testing.T, e *env) string
		call  func(e *env, svc *admin.Service, lic *licensingapi.Service, key string) error
		retry result
	}{
		{method: "directory.users.insert", call: func(e *env, svc *admin.Service, _ *licensingapi.Service, _ string) error {
			_, err := svc.Users.Insert(&admin.User{PrimaryEmail: "lost@" + fake.DemoAlderDomain, Password: "correct horse battery",
				Name: &admin.UserName{GivenName: "Lost", FamilyName: "Answer"}}).Context(e.t.Context()).Do()
			return err
		}, retry: result{409, "duplicate"}},
		{method: "directory.users.patch", call: func(e *env, svc *admin.Service, _ *licensingapi.Service, _ string) error {
			_, err := svc.Users.Patch(gus, &admin.User{Suspended: true}).Context(e.t.Context()).Do()
			return err
		}},
		{method: "directory.users.update", call: func(e *env, svc *admin.Service, _ *licensingapi.Service, _ string) error {
			_, err := svc.Users.Update(gus, &admin.User{Name: &admin.UserName{GivenName: "Gustav", FamilyName: "Moreau"}}).Context(e.t.Context()).Do()
			return err
		}},
		{method: "directory.users.delete", call: func(e *env, svc *admin.Service, _ *licensingapi.Service, _ string) error {
			return svc.Users.Delete(gus).Context(e.t.Context()).Do()
		}, retry: result{404, "notFound"}},
		{method: "directory.orgunits.insert", call: func(e *env, svc *admin.Service, _ *licensingapi.Service, _ string) error {
			_, err := svc.Orgunits.Insert(my, &admin.OrgUnit{Name: "Lost", ParentOrgUnitPath: "/"}).Context(e.t.Context()).Do()
			return err
		}, retry: result{400, "invalidOrgunit"}},
		{method: "directory.orgunits.patch", call: func(e *env, svc *admin.Service, _ *licensingapi.Service, _ string) error {
			_, err := svc.Orgunits.Patch(my, "Staff", &admin.OrgUnit{Description: "patched"}).Context(e.t.Context()).Do()
			return err
		}},
		{method: "directory.orgunits.update", call: func(e *env, svc *admin.Service, _ *licensingapi.Service, _ string) error {
			_, err := svc.Orgunits.Update(my, "Staff", &admin.OrgUnit{Description: "updated"}).Context(e.t.Context()).Do()
			return err
		}},
		{method: "directory.orgunits.delete", setup: func(t *testing.T, e *env) string {
			if _, err := e.dir(alderAdmin).Orgunits.Insert(my, &admin.OrgUnit{Name: "Empty", ParentOrgUnitPath: "/"}).Context(t.Context()).Do(); err != nil {
				t.Fatal(err)
			}
			return ""
		}, call: func(e *env, svc *admin.Service, _ *licensingapi.Service, _ string) error {
			return svc.Orgunits.Delete(my, "Empty").Context(e.t.Context()).Do()
		}, retry: result{404, "notFound"}},
		{method: "directory.domains.insert", call: func(e *env, svc *admin.Service, _ *licensingapi.Service, _ string) error {
			_, err := svc.Domains.Insert(my, &admin.Domains{DomainName: "lost.example"}).Context(e.t.Context()).Do()
			return err
		}, retry: result{409, "duplicate"}},
		{method: "directory.domains.delete", call: func(e *env, svc *admin.Service, _ *licensingapi.Service, _ string) error {
			return svc.Domains.Delete(my, fake.DemoAlderLabsDomain).Context(e.t.Context()).Do()
		}, retry: result{404, "notFound"}},
		{method: "directory.domainAliases.insert", call: func(e *env, svc *admin.Service, _ *licensingapi.Service, _ string) error {
			_, err := svc.DomainAliases.Insert(my, &admin.DomainAlias{DomainAliasName: "alder-alias.example", ParentDomainName: fake.DemoAlderDomain}).Context(e.t.Context()).Do()
			return err
		}, retry: result{409, "duplicate"}},
		{method: "directory.domainAliases.delete", setup: func(t *testing.T, e *env) string {
			if _, err := e.dir(alderAdmin).DomainAliases.Insert(my, &admin.DomainAlias{DomainAliasName: "alder-alias.example", ParentDomainName: fake.DemoAlderDomain}).Context(t.Context()).Do(); err != nil {
				t.Fatal(err)
			}
			return ""
		}, call: func(e *env, svc *admin.Service, _ *licensingapi.Service, _ string) error {
			return svc.DomainAliases.Delete(my, "alder-alias.example").Context(e.t.Context()).Do()
		}, retry: result{404, "notFound"}},
		{method: "directory.roles.insert", call: func(e *env, svc *admin.Service, _ *licensingapi.Service, _ string) error {
			_, err := svc.Roles.Insert(my, &admin.Role{RoleName: "Lost", RolePrivileges: []*admin.RoleRolePrivileges{
				{PrivilegeName: roles.UsersRetrieveName, ServiceId: adminAPIs}}}).Context(e.t.Context()).Do()
			return err
		}, retry: result{409, "duplicate"}},
		{method: "directory.roles.patch", setup: portalRoleID, call: func(e *env, svc *admin.Service, _ *licensingapi.Service, id string) error {
			_, err := svc.Roles.Patch(my, id, &admin.Role{RoleDescription: "patched"}).Context(e.t.Context()).Do()
			return err
		}},
		{method: "directory.roles.update", setup: portalRoleID, call: func(e *env, svc *admin.Service, _ *licensingapi.Service, id string) error {
			_, err := svc.Roles.Update(my, id, &admin.Role{RoleDescription: "updated"}).Context(e.t.Context()).Do()
			return err
		}},
		{method: "directory.roles.delete", setup: func(t *testing.T, e *env) string {
			id, err := e.w.AddRole(fake.DemoAlderDomain, fake.RoleSeed{Name: "Unused", Privileges: []string{roles.UsersRetrieveName}})
			if err != nil {
				t.Fatal(err)
			}
			return strconv.FormatInt(id, 10)
		}, call: func(e *env, svc *admin.Service, _ *licensingapi.Service, id string) error {
			return svc.Roles.Delete(my, id).Context(e.t.Context()).Do()
		}, retry: result{404, "notFound"}},
		{method: "directory.roleAssignments.insert", call: func(e *env, svc *admin.Service, _ *licensingapi.Service, _ string) error {
			rid, err := e.w.RoleID(fake.DemoAlderDomain, roles.ResellerAdminRoleName)
			if err != nil {
				return err
			}
			uid, err := e.w.UserID(gus)
			if err != nil {
				return err
			}
			_, err = svc.RoleAssignments.Insert(my, &admin.RoleAssignment{RoleId: rid, AssignedTo: uid, ScopeType: "CUSTOMER"}).Context(e.t.Context()).Do()
			return err
		}, retry: result{500, "internalError"}}, // "role assignment exists"
		{method: "directory.roleAssignments.delete", setup: func(t *testing.T, e *env) string {
			id, err := e.w.Assign(fake.DemoAlderDomain, fake.AssignmentSeed{Role: fake.DemoPortalRole, Assignee: gus})
			if err != nil {
				t.Fatal(err)
			}
			return strconv.FormatInt(id, 10)
		}, call: func(e *env, svc *admin.Service, _ *licensingapi.Service, id string) error {
			return svc.RoleAssignments.Delete(my, id).Context(e.t.Context()).Do()
		}, retry: result{404, "notFound"}},
		{method: "licensing.licenseAssignments.insert", call: func(e *env, _ *admin.Service, lic *licensingapi.Service, _ string) error {
			_, err := lic.LicenseAssignments.Insert(ciFree, ciSKU, &licensingapi.LicenseAssignmentInsert{UserId: alderAdmin}).Context(e.t.Context()).Do()
			return err
		}, retry: result{412, "conditionNotMet"}}, // "User already has a license for the specified product and SKU"
		{method: "licensing.licenseAssignments.patch", setup: workspaceStarter, call: func(e *env, _ *admin.Service, lic *licensingapi.Service, _ string) error {
			_, err := lic.LicenseAssignments.Patch(string(licensing.ProductGoogleWorkspace), string(licensing.SKUBusinessStarter), gus,
				&licensingapi.LicenseAssignment{SkuId: string(licensing.SKUBusinessStandard)}).Context(e.t.Context()).Do()
			return err
		}, retry: result{404, "notFound"}}, // the license is no longer on the old SKU
		{method: "licensing.licenseAssignments.update", setup: workspaceStarter, call: func(e *env, _ *admin.Service, lic *licensingapi.Service, _ string) error {
			_, err := lic.LicenseAssignments.Update(string(licensing.ProductGoogleWorkspace), string(licensing.SKUBusinessStarter), gus,
				&licensingapi.LicenseAssignment{SkuId: string(licensing.SKUBusinessStandard)}).Context(e.t.Context()).Do()
			return err
		}, retry: result{404, "notFound"}},
		{method: "licensing.licenseAssignments.delete", call: func(e *env, _ *admin.Service, lic *licensingapi.Service, _ string) error {
			_, err := lic.LicenseAssignments.Delete(ciFree, ciSKU, gus).Context(e.t.Context()).Do()
			return err
		}, retry: result{404, "notFound"}},
		// The Reseller API's writes (reseller_writes_test.go).
		{method: "reseller.customers.insert", setup: lostResellerSetup("reseller.customers.insert"), call: lostResellerCall("reseller.customers.insert"), retry: result{409, "conflict"}},
		{method: "reseller.customers.patch", setup: lostResellerSetup("reseller.customers.patch"), call: lostResellerCall("reseller.customers.patch")},
		{method: "reseller.customers.update", setup: lostResellerSetup("reseller.customers.update"), call: lostResellerCall("reseller.customers.update")},
		{method: "reseller.subscriptions.insert", setup: lostResellerSetup("reseller.subscriptions.insert"), call: lostResellerCall("reseller.subscriptions.insert"), retry: result{409, "duplicate"}},
		{method: "reseller.subscriptions.changeSeats", setup: lostResellerSetup("reseller.subscriptions.changeSeats"), call: lostResellerCall("reseller.subscriptions.changeSeats")},
		{method: "reseller.subscriptions.changePlan", setup: lostResellerSetup("reseller.subscriptions.changePlan"), call: lostResellerCall("reseller.subscriptions.changePlan"), retry: result{400, "invalid"}},
		{method: "reseller.subscriptions.changeRenewalSettings", setup: lostResellerSetup("reseller.subscriptions.changeRenewalSettings"), call: lostResellerCall("reseller.subscriptions.changeRenewalSettings")},
		{method: "reseller.subscriptions.startPaidService", setup: lostResellerSetup("reseller.subscriptions.startPaidService"), call: lostResellerCall("reseller.subscriptions.startPaidService"), retry: result{412, "conditionNotMet"}},
		{method: "reseller.subscriptions.suspend", setup: lostResellerSetup("reseller.subscriptions.suspend"), call: lostResellerCall("reseller.subscriptions.suspend"), retry: result{400, "badRequest"}},
		{method: "reseller.subscriptions.activate", setup: lostResellerSetup("reseller.subscriptions.activate"), call: lostResellerCall("reseller.subscriptions.activate")},
		{method: "reseller.subscriptions.delete", setup: lostResellerSetup("reseller.subscriptions.delete"), call: lostResellerCall("reseller.subscriptions.delete"), retry: result{404, "notFound"}},
	}
	var methods []string
	for _, tc := range tests {
		methods = append(methods, tc.method)
		t.Run(tc.method, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			key := ""
			if tc.setup != nil {
				key = tc.setup(t, e)
			}
			svc, lic := e.dir(alderAdmin), e.lic(alderAdmin)
			before := e.w.Snapshot()
			e.s.Fail(lostAnswer(tc.method))
			err := tc.call(e, svc, lic, key)
			ge := wantErr(t, err, 503, "backendError")
			if !strings.Contains(ge.Message, "lost") {
				t.Errorf("message %q does not say the answer was lost", ge.Message)
			}
			if n := e.w.FaultsPending(); n != 0 {
				t.Errorf("%d faults pending after the lost answer, want 0", n)
			}
			if cmp.Equal(before, e.w.Snapshot()) {
				t.Fatalf("the World did not change: the write was not applied")
			}
			err = tc.call(e, svc, lic, key)
			if tc.retry.status == 0 {
				if err != nil {
					t.Errorf("retry: %v, want success", err)
				}
				return
			}
			wantErr(t, err, tc.retry.status, tc.retry.reason)
		})
	}
	slices.Sort(methods)
	// The Cloud Support writes are checked by TestLostAnswerCloudSupport,
	// the groups, members, user aliases and customers ones by
	// TestLostAnswerGroups (groups_lostanswer_test.go).
	honoured := slices.DeleteFunc(fake.AfterApplyMethods(), func(m string) bool {
		return strings.HasPrefix(m, "cloudsupport.") || lostAnswerGroupsMethods[m]
	})
	if diff := cmp.Diff(honoured, methods); diff != "" {
		t.Errorf("methods honouring AfterApply vs methods tested (-honoured +tested):\n%s", diff)
	}
}

// portalRoleID returns the ID of the demo's custom role.
func portalRoleID(t *testing.T, e *env) string {
	id, err := e.w.RoleID(fake.DemoAlderDomain, fake.DemoPortalRole)
	if err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(id, 10)
}

// workspaceStarter gives gus a Business Starter license, with seats of
// Starter and Standard to move between.
func workspaceStarter(t *testing.T, e *env) string {
	for _, sku := range []string{string(licensing.SKUBusinessStarter), string(licensing.SKUBusinessStandard)} {
		if err := e.w.SetSeats(fake.DemoAlderDomain, string(licensing.ProductGoogleWorkspace), sku, 5); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.w.AssignLicense(gus, string(licensing.ProductGoogleWorkspace), string(licensing.SKUBusinessStarter)); err != nil {
		t.Fatal(err)
	}
	return ""
}

// TestLostAnswerFiring: Skip and Count count the calls that succeed (a call
// that fails has no answer to lose); a read's lost answer is an ordinary
// fault, answered before the call; "*" reaches writes after they apply.
func TestLostAnswerFiring(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()
	svc := e.dir(alderAdmin)
	insert := func(local string) error {
		_, err := svc.Users.Insert(&admin.User{PrimaryEmail: local + "@" + fake.DemoAlderDomain, Password: "correct horse battery",
			Name: &admin.UserName{GivenName: "New", FamilyName: "User"}}).Context(ctx).Do()
		return err
	}
	exists := func(email string) bool {
		_, err := e.w.UserID(email)
		return err == nil
	}
	e.s.Fail(fake.Fault{Method: "directory.users.insert", Status: 503, Skip: 1, Count: 1, AfterApply: true})
	// A failing call is neither skipped nor answered with the fault.
	wantErr(t, insert("ana"), 409, "duplicate")
	if err := insert("n1"); err != nil {
		t.Fatalf("the skipped call: %v", err)
	}
	wantErr(t, insert("n2"), 503, "backendError")
	if err := insert("n3"); err != nil {
		t.Fatalf("after Count: %v", err)
	}
	for _, u := range []string{"n1", "n2", "n3"} {
		if !exists(u + "@" + fake.DemoAlderDomain) {
			t.Errorf("%s was not created", u)
		}
	}

	// On a read, AfterApply fires before the call.
	e.s.Fail(fake.Fault{Method: "directory.users.get", Status: 500, Count: 1, AfterApply: true})
	_, err := svc.Users.Get(ana).Context(ctx).Do()
	ge := wantErr(t, err, 500, "backendError")
	if strings.Contains(ge.Message, "lost") {
		t.Errorf("a read's fault says %q", ge.Message)
	}

	// "*" loses the answer of a write, after the write.
	e.s.Fail(fake.Fault{Method: "*", Status: 502, Count: 1, AfterApply: true})
	wantErr(t, insert("n4"), 502, "badGateway")
	if !exists("n4@" + fake.DemoAlderDomain) {
		t.Errorf("n4 was not created under a lost answer of \"*\"")
	}
	if n := e.w.FaultsPending(); n != 0 {
		t.Errorf("%d faults pending, want 0", n)
	}
}

// TestLostAnswerThroughConn: a resellerkit.Conn does not resend a POST
// whose answer was lost (rule W1): a resend would meet the write the first
// attempt made, so the caller gets the 503 and finds out itself whether its
// write landed; here it did.
func TestLostAnswerThroughConn(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	conn, err := e.s.Conn(t.Context(), alderAdmin)
	if err != nil {
		t.Fatal(err)
	}
	e.s.Fail(lostAnswer("directory.users.insert"))
	e.s.ResetLog()
	_, err = conn.Directory().Users.Insert(&admin.User{PrimaryEmail: "lost@" + fake.DemoAlderDomain, Password: "correct horse battery",
		Name: &admin.UserName{GivenName: "Lost", FamilyName: "Answer"}}).Context(t.Context()).Do()
	wantErr(t, err, 503, "backendError")
	if diff := cmp.Diff([]string{"directory.users.insert"}, e.s.Requests()); diff != "" {
		t.Errorf("requests mismatch (-want +got):\n%s", diff)
	}
	if _, err := e.w.UserID("lost@" + fake.DemoAlderDomain); err != nil {
		t.Errorf("the user was not created: %v", err)
	}
}
