package roles

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/internal/errs"
)

// SkipReason says why an assignment grants nothing.
type SkipReason string

// Reasons an assignment is skipped when computing [Effective].
const (
	// SkipOrgUnitScope: the assignment is scoped to an org unit; reseller
	// privileges are not OU-scopable, so only customer-wide assignments
	// count (rule P4).
	SkipOrgUnitScope SkipReason = "org-unit scope"
	// SkipExpired: the assignment's expiry time has passed (rule P4).
	SkipExpired SkipReason = "expired"
	// SkipConditional: the assignment applies only to resources meeting a
	// condition (Google supports conditions for the Groups roles only), so
	// it grants nothing tenant-wide.
	SkipConditional SkipReason = "conditional"
	// SkipRoleNotFound: the assigned role no longer exists.
	SkipRoleNotFound SkipReason = "role not found"
	// SkipOtherAssignee: the assignment is to another user.
	SkipOtherAssignee SkipReason = "assigned to another user"
)

// Skipped is an assignment of the account that grants nothing, with the
// reason, so an explanation can say why ("your assignment expired at ...").
type Skipped struct {
	Assignment Assignment
	RoleName   string // "" when the role was not found
	Reason     SkipReason
}

// GrantsOf returns the grants of key, in e's order; none when e does not hold
// it. It does not look at Blocked: a blocked account holds its grants for
// explanation only (rule P5).
func (e Effective) GrantsOf(key PrivilegeKey) []Grant {
	var out []Grant
	for _, g := range e.Grants {
		if g.Key == key && key != "" {
			out = append(out, g)
		}
	}
	return out
}

// Holds reports whether e has a grant of key (whatever Blocked says; see
// [Effective.GrantsOf]).
func (e Effective) Holds(key PrivilegeKey) bool {
	for _, g := range e.Grants {
		if g.Key == key && key != "" {
			return true
		}
	}
	return false
}

// Effective returns what the account userKey (a primary email, an alias or
// the immutable ID) can do in the tenant, with the assignment behind each
// privilege:
//
//   - direct assignments and those held through groups, nested groups
//     included (rule P4);
//   - only customer-wide assignments count; org-unit-scoped ones are listed
//     in Skipped (P4);
//   - an assignment grants while now < its expiry time, and nothing from
//     that instant on (P4; now is the Conn's clock, [resellerkit.Conn.Now]);
//   - holding a privilege grants every privilege below it in the tenant's
//     tree (P3);
//   - the super admin role holds every privilege of the tree;
//   - a suspended, archived or deleted account is Blocked (P5).
//
// An account Google does not find is an error of [resellerkit.KindNotFound];
// a failure to read any fact is an error, never an empty Effective (rule
// P7). Changes made at Google can take up to 24 hours to apply (P8): the
// result is what was read, at ReadAt.
//
// Google: directory.users.get, directory.roleAssignments.list
// (includeIndirectRoleAssignments), directory.roles.get,
// directory.privileges.list (cached)
func (s *Service) Effective(ctx context.Context, customer, userKey string) (Effective, error) {
	const op = "roles.Effective"
	if err := s.check(op, "customer", customer, "userKey", userKey); err != nil {
		return Effective{}, err
	}
	acct, err := s.g.getAccount(ctx, userKey)
	if err != nil {
		return Effective{}, errs.ForOp(op, err)
	}
	key := acct.ID
	if key == "" {
		key = userKey
	}
	_, names, err := s.names(ctx, customer)
	if err != nil {
		return Effective{}, errs.ForOp(op, err)
	}
	assignments, err := resellerkit.Collect(s.ListAssignments(ctx, customer, &ListAssignmentsOptions{UserKey: key, IncludeIndirect: true}))
	if err != nil {
		return Effective{}, errs.ForOp(op, err)
	}
	var rs []Role
	seen := map[string]bool{}
	for _, a := range assignments {
		if seen[a.RoleID] {
			continue
		}
		seen[a.RoleID] = true
		r, err := s.g.getRole(ctx, customer, a.RoleID)
		if err != nil {
			if resellerkit.KindOf(err) == resellerkit.KindNotFound {
				continue // reported as SkipRoleNotFound
			}
			return Effective{}, errs.ForOp(op, err)
		}
		rs = append(rs, r)
	}
	return s.effectiveFrom(names, &s.cfg, acct, assignments, rs, s.now()), nil
}

// EffectiveFrom computes [Effective] from facts already read, with no I/O:
// the tenant's tree, the account, its assignments (direct and through
// groups) and the roles they name, at time now. It applies the same rules
// as [Service.Effective] (P3, P4, P5), so a caller that gathers facts in bulk
// computes the same answer. Assignments to a role missing from roles are
// skipped with [SkipRoleNotFound].
//
// Keys are given by the names of [WithNameTable] or, without it, by those
// the Service learned from tree ([Service.LearnNames], which Effective
// runs); for a tree it did not learn from, they are learned from tree and
// roles, so pass every role of the tenant (the Reseller Admin role among
// them) or call LearnNames first. A key whose privilege cannot be told
// (two privileges fit it) is given to no grant: check with LearnNames.
func (s *Service) EffectiveFrom(tree *Tree, acct Account, assignments []Assignment, roles []Role, now time.Time) Effective {
	return s.effectiveFrom(s.namesForTree(tree, roles), s.conf(), acct, assignments, roles, now)
}

func (s *Service) effectiveFrom(names *learnedNames, cfg *config, acct Account, assignments []Assignment, roles []Role, now time.Time) Effective {
	tree := names.tree
	e := Effective{
		UserID:  acct.ID,
		Email:   acct.Email,
		Blocked: acct.Blocked(),
		ReadAt:  now,
	}
	byID := make(map[string]Role, len(roles))
	for _, r := range roles {
		byID[r.ID] = r
	}
	// Direct assignments first, then by ID, so the grant chosen for
	// SuperAdmin and ResellerAdmin is stable.
	as := slices.Clone(assignments)
	slices.SortStableFunc(as, func(a, b Assignment) int {
		if ga, gb := viaGroup(acct, a) != "", viaGroup(acct, b) != ""; ga != gb {
			if !ga {
				return -1
			}
			return 1
		}
		return compareIDs(a.ID, b.ID)
	})
	type grantKey struct {
		ref PrivilegeRef
		id  string
	}
	est := 0
	for _, a := range as {
		if r, ok := byID[a.RoleID]; ok {
			est += 2 * len(r.Privileges)
			if r.IsSuperAdmin {
				est += tree.Len()
			}
		}
	}
	e.Grants = make([]Grant, 0, est)
	seen := make(map[grantKey]bool, est)
	add := func(g Grant) {
		k := grantKey{g.Privilege, g.AssignmentID}
		if seen[k] {
			return
		}
		seen[k] = true
		e.Grants = append(e.Grants, g)
	}
	for _, a := range as {
		r, ok := byID[a.RoleID]
		switch {
		case a.AssigneeType == AssigneeUser && acct.ID != "" && a.AssignedTo != acct.ID:
			e.Skipped = append(e.Skipped, Skipped{Assignment: a, RoleName: r.Name, Reason: SkipOtherAssignee})
			continue
		case !ok:
			e.Skipped = append(e.Skipped, Skipped{Assignment: a, Reason: SkipRoleNotFound})
			continue
		case a.Scope != ScopeCustomer && a.Scope != "":
			e.Skipped = append(e.Skipped, Skipped{Assignment: a, RoleName: r.Name, Reason: SkipOrgUnitScope})
			continue
		case a.Expired(now):
			e.Skipped = append(e.Skipped, Skipped{Assignment: a, RoleName: r.Name, Reason: SkipExpired})
			continue
		case a.Condition != "":
			e.Skipped = append(e.Skipped, Skipped{Assignment: a, RoleName: r.Name, Reason: SkipConditional})
			continue
		}
		base := Grant{
			RoleID:       r.ID,
			RoleName:     r.Name,
			AssignmentID: a.ID,
			ViaGroup:     viaGroup(acct, a),
			ExpireTime:   a.ExpireTime,
		}
		if r.IsSuperAdmin {
			if e.SuperAdmin == nil {
				g := base
				e.SuperAdmin = &g
			}
			for _, n := range tree.all() {
				g := base
				g.Privilege = n.Privilege
				g.Key = names.byName[n.Privilege.Name]
				add(g)
			}
		}
		if e.ResellerAdmin == nil && names.isResellerAdmin(cfg, r) {
			g := base
			e.ResellerAdmin = &g
		}
		for _, p := range r.Privileges {
			for _, ref := range tree.Expand(p) {
				g := base
				g.Privilege = ref
				g.Key = names.byName[ref.Name]
				add(g)
			}
		}
	}
	if len(e.Grants) == 0 {
		e.Grants = nil
	}
	slices.SortStableFunc(e.Grants, func(a, b Grant) int {
		if c := compareRefs(a.Privilege, b.Privilege); c != 0 {
			return c
		}
		return compareIDs(a.AssignmentID, b.AssignmentID)
	})
	return e
}

// viaGroup returns the group a is held through, or "" for a direct
// assignment.
func viaGroup(acct Account, a Assignment) string {
	if a.AssigneeType == AssigneeGroup {
		return a.AssignedTo
	}
	if a.AssigneeType == "" && acct.ID != "" && a.AssignedTo != "" && a.AssignedTo != acct.ID {
		return a.AssignedTo
	}
	return ""
}

// compareIDs orders Google's decimal int64 IDs numerically, and anything
// else as text after them.
func compareIDs(a, b string) int {
	if len(a) != len(b) && isDigits(a) && isDigits(b) {
		return cmp.Compare(len(a), len(b))
	}
	return strings.Compare(a, b)
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
