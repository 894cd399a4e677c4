package roles

import (
	"context"
	"slices"
	"strings"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/internal/bulk"
	"github.com/resellerkit/resellerkit/internal/errs"
	"github.com/resellerkit/resellerkit/internal/idem"
)

// The writes of the Service land once although Google's answer to one can
// be lost (rule W1). roles.insert and roleAssignments.insert are POSTs,
// which the Conn does not resend after a 5xx or a broken connection: after
// such an answer the Service reads back whether the write landed (the role
// by its name, the assignment in the assignee's listing) and sends it again
// only when it did not. A duplicate answer to that second send is then the
// Service's own first write, reported as created; as Google's listings may
// lag behind the write, the Service polls them within its AwaitPolicy
// (W5) instead of failing. Deletes are resent by the Conn itself (DELETE
// is idempotent); a 404 that follows a lost answer is the Service's own
// earlier delete.

// insertRole sends roles.insert for r once, and again only when a lost
// answer's read-back (the tenant's roles, by name) does not find it. A nil
// error with Result.Found means the role was read back, not answered: it
// may be another client's of the same name, so callers compare its
// privileges. A duplicate answer comes back as Google's error with
// Result.Lost telling whether it may be the caller's own role.
//
// Google: directory.roles.insert, directory.roles.list
func (s *Service) insertRole(ctx context.Context, op, customer string, r Role) (Role, idem.Result, error) {
	return idem.Do(ctx, s.conn, op, idem.Write[Role]{
		Send: func(ctx context.Context) (Role, error) { return s.g.insertRole(ctx, customer, r) },
		Landed: func(ctx context.Context) (Role, bool, error) {
			return s.findRole(ctx, customer, named(r.Name))
		},
	})
}

// named matches a role by name, without regard to case as Google does.
func named(name string) func(Role) bool {
	return func(r Role) bool { return strings.EqualFold(r.Name, name) }
}

// awaitListedRole polls the tenant's roles until the role named name,
// which Google reported as existing, is listed, within the Service's
// AwaitPolicy (rule W5). A wait that runs out is KindUnavailable.
//
// Google: directory.roles.list, repeated
func (s *Service) awaitListedRole(ctx context.Context, op, customer, name string) (Role, error) {
	var found Role
	err := bulk.Await(ctx, s.cfg.await, func(ctx context.Context) error {
		r, ok, err := s.findRole(ctx, customer, named(name))
		if err != nil {
			return err
		}
		if !ok {
			return errs.Errorf(resellerkit.KindNotFound, op,
				"Google reported role %q of customer %s as existing but does not list it yet", name, customer)
		}
		found = r
		return nil
	})
	return found, err
}

// insertAssignment sends roleAssignments.insert for spec once, and again
// only when a lost answer's read-back (the assignee's assignments of the
// role) does not find an assignment of spec's target and terms. gone are
// the IDs of assignments this call deleted just before, which a lagging
// listing may still show. A duplicate answer (Google's 500 "role
// assignment exists") comes back as Google's error, with Result.Lost
// telling whether it may be the caller's own assignment.
//
// Google: directory.roleAssignments.insert, directory.roleAssignments.list
func (s *Service) insertAssignment(ctx context.Context, op, customer string, spec AssignmentSpec, gone []string) (Assignment, idem.Result, error) {
	return idem.Do(ctx, s.conn, op, idem.Write[Assignment]{
		Send: func(ctx context.Context) (Assignment, error) {
			return s.g.insertAssignment(ctx, customer, specAssignment(spec))
		},
		Landed: func(ctx context.Context) (Assignment, bool, error) {
			mine, err := s.assigneeAssignments(ctx, customer, spec)
			if err != nil {
				return Assignment{}, false, err
			}
			for _, a := range mine {
				if sameTarget(a, spec) && sameTerms(a, spec) && !slices.Contains(gone, a.ID) {
					return a, true, nil
				}
			}
			return Assignment{}, false, nil
		},
	})
}

// specAssignment is the assignment spec asks Google for.
func specAssignment(spec AssignmentSpec) Assignment {
	return Assignment{
		RoleID: spec.RoleID, AssignedTo: spec.AssignedTo, Scope: spec.Scope, OrgUnitID: spec.OrgUnitID,
		ExpireTime: spec.ExpireTime, Condition: spec.Condition,
	}
}

// awaitListedAssignment polls the assignee's assignments of spec's role
// until the one of spec's target that Google reported as existing is
// listed, within the Service's AwaitPolicy (rule W5). gone are IDs this
// call deleted, which do not count. A wait that runs out is
// KindUnavailable.
//
// Google: directory.roleAssignments.list, repeated
func (s *Service) awaitListedAssignment(ctx context.Context, op, customer string, spec AssignmentSpec, gone []string) (Assignment, error) {
	var found Assignment
	err := bulk.Await(ctx, s.cfg.await, func(ctx context.Context) error {
		mine, err := s.assigneeAssignments(ctx, customer, spec)
		if err != nil {
			return err
		}
		for _, a := range mine {
			if sameTarget(a, spec) && !slices.Contains(gone, a.ID) {
				found = a
				return nil
			}
		}
		return errs.Errorf(resellerkit.KindNotFound, op,
			"Google reported the assignment of role %s to %s as existing but does not list it yet", spec.RoleID, spec.AssignedTo)
	})
	return found, err
}

// remove sends a delete. The Conn resends a DELETE itself after a lost
// answer; a 404 to that resend is this call's own earlier delete (rule
// W1), so remove reports it as done: nil. Any other 404 (already gone
// before) is returned as it is.
func (s *Service) remove(ctx context.Context, op string, del func(context.Context) error) error {
	return idem.Delete(ctx, s.conn, op, del)
}
