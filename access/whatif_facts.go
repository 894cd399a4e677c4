package access

import (
	"slices"
	"strings"

	"github.com/resellerkit/resellerkit/roles"
)

// TenantFacts are the role facts of one reseller account that [Gather]
// reads anyway to compute grants (rules P3, P4): enough for [WhatIf] to
// recompute the grants of an account after a hypothetical change of roles,
// assignments or group members, with no Google call.
type TenantFacts struct {
	// ResellerAccount is the reseller account's customer ID, as in
	// [DomainFacts.ResellerAccount].
	ResellerAccount string
	// Privileges is the tenant's privilege tree as privileges.list returns
	// it (P3).
	Privileges []roles.Privilege
	// Roles are every role of the tenant.
	Roles []roles.Role
	// Names are the privilege names the tenant uses for the SDK's keys, as
	// learned or pinned when the snapshot was read (P1, P3); empty means
	// the defaults.
	Names []TenantName
	// Assignments are the role assignments read: those of the accounts
	// read, direct or to a group they are in (P4). An assignment to a
	// group appears once.
	Assignments []roles.Assignment
	// Groups are the groups through which a read account holds an
	// assignment, each with the read accounts in it (nested membership
	// flattened, as includeIndirectRoleAssignments reports it).
	Groups []GroupFacts
}

// TenantName is the tenant's privilegeName for one SDK key.
type TenantName struct {
	Key  roles.PrivilegeKey
	Name string
}

// GroupFacts is a group that holds a role assignment, with its members
// among the accounts read.
type GroupFacts struct {
	// ID is the group's immutable ID, as roleAssignments' assignedTo.
	ID string
	// Members are the normalised addresses of the read accounts in the
	// group, directly or through nested groups, sorted.
	Members []string
}

// noteAssignments records, for [TenantFacts], the assignments read for the
// account email (direct and indirect, P4) and the groups they show it in.
// Gather calls it from its readers; r.mu guards the facts.
func (r *sourceRead) noteAssignments(email, userID string, as []roles.Assignment) {
	r.mu.Lock()
	defer r.mu.Unlock()
	t := &r.tenant
	for _, a := range as {
		t.Assignments = append(t.Assignments, a)
		if g := groupOf(userID, a); g != "" {
			i := slices.IndexFunc(t.Groups, func(x GroupFacts) bool { return x.ID == g })
			if i < 0 {
				i = len(t.Groups)
				t.Groups = append(t.Groups, GroupFacts{ID: g})
			}
			t.Groups[i].Members = append(t.Groups[i].Members, email)
		}
	}
}

// groupOf returns the group an assignment listed for user is held
// through, "" for a direct one (as roles computes ViaGroup).
func groupOf(userID string, a roles.Assignment) string {
	switch {
	case a.AssigneeType == roles.AssigneeGroup:
		return a.AssignedTo
	case a.AssigneeType == "" && userID != "" && a.AssignedTo != "" && a.AssignedTo != userID:
		return a.AssignedTo
	}
	return ""
}

// tenantFacts finishes the facts noted during the read: the tree, the
// roles and names, assignments once each in ID order, groups and members
// sorted, so that two reads of the same tenant compare equal.
func (r *sourceRead) tenantFacts(customerID string, d roles.Discovery) TenantFacts {
	t := r.tenant
	t.ResellerAccount = customerID
	t.Privileges = r.tree.Roots()
	t.Roles = slices.Clone(r.roleList)
	for _, m := range d.Matches {
		if m.Found {
			t.Names = append(t.Names, TenantName{Key: m.Key, Name: m.Privilege.Name})
		}
	}
	slices.SortStableFunc(t.Assignments, func(a, b roles.Assignment) int { return strings.Compare(a.ID, b.ID) })
	t.Assignments = slices.CompactFunc(t.Assignments, func(a, b roles.Assignment) bool { return a.ID == b.ID && a.ID != "" })
	slices.SortFunc(t.Groups, func(a, b GroupFacts) int { return strings.Compare(a.ID, b.ID) })
	for i := range t.Groups {
		slices.Sort(t.Groups[i].Members)
		t.Groups[i].Members = slices.Compact(t.Groups[i].Members)
	}
	return t
}
