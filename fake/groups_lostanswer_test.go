package fake_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	admin "google.golang.org/api/admin/directory/v1"

	"github.com/resellerkit/resellerkit/fake"
)

// lostAnswerGroupsMethods are the writes TestLostAnswerGroups checks (and
// TestLostAnswer leaves to it).
var lostAnswerGroupsMethods = map[string]bool{
	"directory.users.aliases.insert": true,
	"directory.users.aliases.delete": true,
	"directory.users.makeAdmin":      true,
	"directory.users.undelete":       true,
	"directory.groups.insert":        true,
	"directory.groups.patch":         true,
	"directory.groups.update":        true,
	"directory.groups.delete":        true,
	"directory.members.insert":       true,
	"directory.members.patch":        true,
	"directory.members.update":       true,
	"directory.members.delete":       true,
	"directory.customers.patch":      true,
	"directory.customers.update":     true,
}

// TestLostAnswerGroups: with an AfterApply fault, each write of groups,
// members, user aliases, makeAdmin, undelete and customers is applied and
// answers 503; the retry meets its own write (rule W1).
func TestLostAnswerGroups(t *testing.T) {
	t.Parallel()
	lostAlias := "lost@" + fake.DemoAlderDomain
	addGus := func(t *testing.T, e *env) string {
		if _, err := e.dir(alderAdmin).Members.Insert(supportGroup, &admin.Member{Email: gus}).Context(t.Context()).Do(); err != nil {
			t.Fatal(err)
		}
		return ""
	}
	type result struct {
		status int
		reason string
	}
	tests := []struct {
		method string
		setup  func(t *testing.T, e *env) string
		call   func(e *env, svc *admin.Service, key string) error
		// state reads what the write changes, through the API.
		state func(e *env, svc *admin.Service) any
		retry result
	}{
		{method: "directory.users.aliases.insert", call: func(e *env, svc *admin.Service, _ string) error {
			_, err := svc.Users.Aliases.Insert(gus, &admin.Alias{Alias: lostAlias}).Context(e.t.Context()).Do()
			return err
		}, state: gusAliases, retry: result{409, "duplicate"}},
		{method: "directory.users.aliases.delete", setup: func(t *testing.T, e *env) string {
			if _, err := e.dir(alderAdmin).Users.Aliases.Insert(gus, &admin.Alias{Alias: lostAlias}).Context(t.Context()).Do(); err != nil {
				t.Fatal(err)
			}
			return ""
		}, call: func(e *env, svc *admin.Service, _ string) error {
			return svc.Users.Aliases.Delete(gus, lostAlias).Context(e.t.Context()).Do()
		}, state: gusAliases, retry: result{404, "notFound"}},
		{method: "directory.users.makeAdmin", call: func(e *env, svc *admin.Service, _ string) error {
			return svc.Users.MakeAdmin(gus, &admin.UserMakeAdmin{Status: true}).Context(e.t.Context()).Do()
		}, state: func(e *env, svc *admin.Service) any {
			u, err := svc.Users.Get(gus).Context(e.t.Context()).Do()
			if err != nil {
				return err.Error()
			}
			return u.IsAdmin
		}},
		{method: "directory.users.undelete", setup: func(t *testing.T, e *env) string {
			id, err := e.w.UserID(gus)
			if err != nil {
				t.Fatal(err)
			}
			if err := e.dir(alderAdmin).Users.Delete(gus).Context(t.Context()).Do(); err != nil {
				t.Fatal(err)
			}
			return id
		}, call: func(e *env, svc *admin.Service, id string) error {
			return svc.Users.Undelete(id, &admin.UserUndelete{}).Context(e.t.Context()).Do()
		}, state: func(e *env, svc *admin.Service) any {
			_, err := svc.Users.Get(gus).Context(e.t.Context()).Do()
			return err == nil
		}, retry: result{404, "notFound"}},
		{method: "directory.groups.insert", call: func(e *env, svc *admin.Service, _ string) error {
			_, err := svc.Groups.Insert(&admin.Group{Email: "lost-group@" + fake.DemoAlderDomain}).Context(e.t.Context()).Do()
			return err
		}, state: alderGroups, retry: result{409, "duplicate"}},
		{method: "directory.groups.patch", call: func(e *env, svc *admin.Service, _ string) error {
			_, err := svc.Groups.Patch(supportGroup, &admin.Group{Description: "patched"}).Context(e.t.Context()).Do()
			return err
		}, state: alderGroups},
		{method: "directory.groups.update", call: func(e *env, svc *admin.Service, _ string) error {
			_, err := svc.Groups.Update(supportGroup, &admin.Group{Description: "updated"}).Context(e.t.Context()).Do()
			return err
		}, state: alderGroups},
		{method: "directory.groups.delete", call: func(e *env, svc *admin.Service, _ string) error {
			return svc.Groups.Delete(portalTeam).Context(e.t.Context()).Do()
		}, state: alderGroups, retry: result{404, "notFound"}},
		{method: "directory.members.insert", call: func(e *env, svc *admin.Service, _ string) error {
			_, err := svc.Members.Insert(supportGroup, &admin.Member{Email: gus}).Context(e.t.Context()).Do()
			return err
		}, state: supportMembers, retry: result{409, "duplicate"}},
		{method: "directory.members.patch", setup: addGus, call: func(e *env, svc *admin.Service, _ string) error {
			_, err := svc.Members.Patch(supportGroup, gus, &admin.Member{Role: "OWNER"}).Context(e.t.Context()).Do()
			return err
		}, state: supportMembers},
		{method: "directory.members.update", setup: addGus, call: func(e *env, svc *admin.Service, _ string) error {
			_, err := svc.Members.Update(supportGroup, gus, &admin.Member{Role: "MANAGER"}).Context(e.t.Context()).Do()
			return err
		}, state: supportMembers},
		{method: "directory.members.delete", setup: addGus, call: func(e *env, svc *admin.Service, _ string) error {
			return svc.Members.Delete(supportGroup, gus).Context(e.t.Context()).Do()
		}, state: supportMembers, retry: result{404, "notFound"}},
		{method: "directory.customers.patch", call: func(e *env, svc *admin.Service, _ string) error {
			_, err := svc.Customers.Patch("my_customer", &admin.Customer{PhoneNumber: "+1 555 0100"}).Context(e.t.Context()).Do()
			return err
		}, state: myCustomer},
		{method: "directory.customers.update", call: func(e *env, svc *admin.Service, _ string) error {
			_, err := svc.Customers.Update("my_customer", &admin.Customer{Language: "fr"}).Context(e.t.Context()).Do()
			return err
		}, state: myCustomer},
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
			svc := e.dir(alderAdmin)
			before := jsonOf(tc.state(e, svc))
			e.s.Fail(lostAnswer(tc.method))
			err := tc.call(e, svc, key)
			ge := wantErr(t, err, 503, "backendError")
			if !strings.Contains(ge.Message, "lost") {
				t.Errorf("message %q does not say the answer was lost", ge.Message)
			}
			if n := e.w.FaultsPending(); n != 0 {
				t.Errorf("%d faults pending after the lost answer, want 0", n)
			}
			if jsonOf(tc.state(e, svc)) == before {
				t.Fatalf("the state did not change (%s): the write was not applied", before)
			}
			err = tc.call(e, svc, key)
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
	var want []string
	for _, m := range fake.AfterApplyMethods() {
		if lostAnswerGroupsMethods[m] {
			want = append(want, m)
		}
	}
	if diff := cmp.Diff(want, methods); diff != "" {
		t.Errorf("methods honouring AfterApply vs methods tested (-honoured +tested):\n%s", diff)
	}
	if len(want) != len(lostAnswerGroupsMethods) {
		t.Errorf("AfterApplyMethods has %d of the %d methods of lostAnswerGroupsMethods", len(want), len(lostAnswerGroupsMethods))
	}
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func gusAliases(e *env, svc *admin.Service) any {
	a, err := svc.Users.Aliases.List(gus).Context(e.t.Context()).Do()
	if err != nil {
		return err.Error()
	}
	return a.Aliases
}

func alderGroups(e *env, svc *admin.Service) any {
	g, err := svc.Groups.List().Customer("my_customer").Context(e.t.Context()).Do()
	if err != nil {
		return err.Error()
	}
	return g.Groups
}

func supportMembers(e *env, svc *admin.Service) any {
	m, err := svc.Members.List(supportGroup).Context(e.t.Context()).Do()
	if err != nil {
		return err.Error()
	}
	return m.Members
}

func myCustomer(e *env, svc *admin.Service) any {
	c, err := svc.Customers.Get("my_customer").Context(e.t.Context()).Do()
	if err != nil {
		return err.Error()
	}
	return c
}
