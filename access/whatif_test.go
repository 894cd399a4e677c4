package access_test

import (
	"errors"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/roles"
)

// wiFixed is one reseller account with a primary and a secondary domain:
// ana holds the custom role "portal" (View, Cases, Support: P1.2) directly
// until +48h, bob holds it through group g1, cal has no role, and dee on
// the secondary domain is Reseller Admin (P1.1).
func wiFixed() *wiWorld {
	t := &wiTenant{id: "C00", tree: wiTree(), groups: map[string][]string{"g1": {"bob@d0.example"}, "g2": nil}}
	t.domains = []wiDomain{
		{name: "d0.example", primary: true, verified: true, customers: []domains.Customer{
			{ID: "K1", ResellerDomain: "d0.example", AccessGranted: true}, {ID: "K2", ResellerDomain: "d0.example", AccessGranted: true}}},
		{name: "d1.example", verified: true, customers: []domains.Customer{{ID: "K3", ResellerDomain: "d1.example", AccessGranted: true}}},
	}
	t.roles = []roles.Role{
		{ID: "1", Name: roles.SuperAdminRoleName, IsSystem: true, IsSuperAdmin: true},
		{ID: "2", Name: roles.ResellerAdminRoleName, IsSystem: true, Privileges: []roles.PrivilegeRef{wiRef(roles.DefaultResellerToolsName)}},
		{ID: "10", Name: "portal", Privileges: []roles.PrivilegeRef{wiRef(roles.DefaultViewCustomersName),
			wiRef(roles.DefaultAccessCustomerSupportCasesName), wiRef(roles.DefaultSupportName)}},
	}
	t.users = []wiUser{{"u1", "ana@d0.example", access.StateActive}, {"u2", "bob@d0.example", access.StateActive},
		{"u3", "cal@d0.example", access.StateActive}, {"u4", "dee@d1.example", access.StateActive}}
	t.assigns = []roles.Assignment{
		{ID: "a1", RoleID: "10", AssignedTo: "u1", AssigneeType: roles.AssigneeUser, Scope: roles.ScopeCustomer, ExpireTime: wiT0.Add(48 * time.Hour)},
		{ID: "a2", RoleID: "10", AssignedTo: "g1", AssigneeType: roles.AssigneeGroup, Scope: roles.ScopeCustomer},
		{ID: "a3", RoleID: "2", AssignedTo: "u4", AssigneeType: roles.AssigneeUser, Scope: roles.ScopeCustomer},
	}
	return &wiWorld{at: wiT0, tenants: []*wiTenant{t}}
}

var wiFixedPeople = []access.Person{{ID: "ana", Accounts: []string{"ana@d0.example"}}, {ID: "bob", Accounts: []string{"bob@d0.example"}},
	{ID: "cal", Accounts: []string{"cal@d0.example", "cal@d1.example"}}, {ID: "dee", Accounts: []string{"dee@d1.example"}}}

// TestWhatIfChangeKinds: each kind of change gives exactly the access
// delta its rule implies.
func TestWhatIfChangeKinds(t *testing.T) {
	t.Parallel()
	type delta map[string]string // "ana-" / "ana+" → "domain:K1,K2"
	for _, tc := range []struct {
		name    string
		changes []access.Change
		want    delta
	}{
		{"suspend (P5)", []access.Change{{Kind: access.ChangeSuspend, Account: "ana@d0.example"}}, delta{"ana-": "d0.example:K1,K2"}},
		{"delete", []access.Change{{Kind: access.ChangeDelete, Account: "dee@d1.example"}}, delta{"dee-": "d1.example:K3"}},
		{"create alone grants nothing", []access.Change{{Kind: access.ChangeCreateAccount, Account: "cal@d1.example"}}, delta{}},
		{"create then grant (D1: the new domain's customers)", []access.Change{{Kind: access.ChangeCreateAccount, Account: "cal@d1.example"},
			{Kind: access.ChangeGrantRole, Account: "cal@d1.example", Role: "portal"}}, delta{"cal+": "d1.example:K3"}},
		{"grant to a user", []access.Change{{Kind: access.ChangeGrantRole, Account: "cal@d0.example", Role: "10"}}, delta{"cal+": "d0.example:K1,K2"}},
		{"grant to a group", []access.Change{{Kind: access.ChangeGrantRole, Group: "g2", Role: "portal"},
			{Kind: access.ChangeAddMember, Group: "g2", Account: "cal@d0.example"}}, delta{"cal+": "d0.example:K1,K2"}},
		{"revoke a user's", []access.Change{{Kind: access.ChangeRevokeRole, Account: "ana@d0.example", Role: "portal"}}, delta{"ana-": "d0.example:K1,K2"}},
		{"revoke a group's (P4)", []access.Change{{Kind: access.ChangeRevokeRole, Group: "g1", Role: "portal"}}, delta{"bob-": "d0.example:K1,K2"}},
		{"add a member", []access.Change{{Kind: access.ChangeAddMember, Group: "g1", Account: "cal@d0.example"}}, delta{"cal+": "d0.example:K1,K2"}},
		{"remove a member", []access.Change{{Kind: access.ChangeRemoveMember, Group: "g1", Account: "bob@d0.example"}}, delta{"bob-": "d0.example:K1,K2"}},
		{"remove a privilege (P1.2)", []access.Change{{Kind: access.ChangeRemovePrivilege, Role: "portal", Privilege: "Support"}},
			delta{"ana-": "d0.example:K1,K2", "bob-": "d0.example:K1,K2"}},
		{"add a privilege's parent (P3)", []access.Change{{Kind: access.ChangeRemovePrivilege, Role: "portal", Privilege: roles.DefaultViewCustomersName},
			{Kind: access.ChangeAddPrivilege, Role: "portal", Privilege: roles.DefaultResellerCustomersName}}, delta{}},
		{"time passes: ana's assignment expires (P4)", []access.Change{{Kind: access.ChangeAdvance, Duration: 48 * time.Hour}}, delta{"ana-": "d0.example:K1,K2"}},
		{"time passes, not enough", []access.Change{{Kind: access.ChangeAdvance, Duration: 48*time.Hour - time.Nanosecond}}, delta{}},
		{"a customer moves (D1)", []access.Change{{Kind: access.ChangeMoveCustomer, Customer: "K1", ToDomain: "d1.example"}},
			delta{"ana-": "d0.example:K1", "bob-": "d0.example:K1", "dee+": "d1.example:K1"}},
		{"reseller access off changes no access (D5)", []access.Change{{Kind: access.ChangeRevokeAccess, Customer: "K3"}}, delta{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := wiFixed().snapshot()
			res, err := access.WhatIf(s, tc.changes, &access.DriftOptions{People: wiFixedPeople})
			if err != nil {
				t.Fatal(err)
			}
			got := delta{}
			for _, p := range res.People {
				for _, d := range p.Lost {
					got[p.ID+"-"] = d.Domain + ":" + strings.Join(d.Customers, ",")
					if d.Before == nil || !d.Before.Allowed || (d.After != nil && d.After.Allowed && d.Domain == "d0.example" && tc.name != "a customer moves (D1)") {
						t.Errorf("%s lost %s: before %v after %v; want the decision that changed", p.ID, d.Domain, d.Before, d.After)
					}
				}
				for _, d := range p.Gained {
					got[p.ID+"+"] = d.Domain + ":" + strings.Join(d.Customers, ",")
				}
			}
			if !maps.Equal(got, tc.want) {
				t.Errorf("delta %v, want %v", got, tc.want)
			}
			if again, _ := access.WhatIf(s, nil, nil); len(again.People) != 0 || len(again.Events) != 0 {
				t.Errorf("the snapshot was modified: no change now gives %+v", again)
			}
		})
	}
}

func TestWhatIfRefusesChangesThatCannotApply(t *testing.T) {
	t.Parallel()
	s := wiFixed().snapshot()
	for _, tc := range []struct {
		ch    access.Change
		field string
	}{
		{access.Change{Kind: access.ChangeSuspend, Account: "zed@d0.example"}, "changes[0].account"},
		{access.Change{Kind: access.ChangeCreateAccount, Account: "ana@d0.example"}, "changes[0].account"},
		{access.Change{Kind: access.ChangeGrantRole, Account: "ana@d0.example", Role: "nope"}, "changes[0].role"},
		{access.Change{Kind: access.ChangeGrantRole, Account: "ana@d0.example", Role: "portal", Expires: wiT0}, "changes[0].expires"},
		{access.Change{Kind: access.ChangeRevokeRole, Account: "bob@d0.example", Role: "portal"}, "changes[0].role"},
		{access.Change{Kind: access.ChangeAddMember, Group: "g9", Account: "ana@d0.example"}, "changes[0].group"},
		{access.Change{Kind: access.ChangeRemoveMember, Group: "g1", Account: "ana@d0.example"}, "changes[0].member"},
		{access.Change{Kind: access.ChangeAddPrivilege, Role: roles.ResellerAdminRoleName, Privilege: "Support"}, "changes[0].role"},
		{access.Change{Kind: access.ChangeAddPrivilege, Role: "portal", Privilege: "NOPE"}, "changes[0].privilege"},
		{access.Change{Kind: access.ChangeAdvance}, "changes[0].advance"},
		{access.Change{Kind: access.ChangeMoveCustomer, Customer: "K1", ToDomain: "d0.example"}, "changes[0].toDomain"},
		{access.Change{Kind: access.ChangeRevokeAccess, Customer: "K9"}, "changes[0].customer"},
		{access.Change{Kind: "teleport"}, "changes[0]"},
	} {
		_, err := access.WhatIf(s, []access.Change{tc.ch}, nil)
		var fe *resellerkit.FieldError
		if resellerkit.KindOf(err) != resellerkit.KindInvalidArgument || !errors.As(err, &fe) || fe.Field != tc.field {
			t.Errorf("%+v: error %v, want an invalid argument naming %s", tc.ch, err, tc.field)
		}
	}
	// The hint names the group bob holds the role through.
	_, err := access.WhatIf(s, []access.Change{{Kind: access.ChangeRevokeRole, Account: "bob@d0.example", Role: "portal"}}, nil)
	if err == nil || !strings.Contains(err.Error(), "through group g1") {
		t.Errorf("error %v does not name group g1", err)
	}
	// A snapshot without tenant facts is refused for role changes, with
	// the fix.
	old := *s
	old.Tenants = nil
	_, err = access.WhatIf(&old, []access.Change{{Kind: access.ChangeGrantRole, Account: "cal@d0.example", Role: "portal"}}, nil)
	if err == nil || !strings.Contains(err.Error(), "gather the snapshot again") {
		t.Errorf("error %v", err)
	}
	if _, err := access.WhatIf(&old, []access.Change{{Kind: access.ChangeSuspend, Account: "ana@d0.example"}}, nil); err != nil {
		t.Errorf("suspend needs no tenant facts: %v", err)
	}
}
