package roles

import (
	"context"
	"fmt"
	"iter"
	"strings"
	"time"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/internal/bulk"
	"github.com/resellerkit/resellerkit/internal/errs"
)

// ListAssignmentsOptions filters a listing of role assignments. A nil
// *ListAssignmentsOptions lists every assignment of the tenant.
type ListAssignmentsOptions struct {
	// RoleID keeps the assignments of one role.
	RoleID string
	// UserKey keeps the assignments of one user or group: a primary email,
	// an alias or the immutable ID. Google refuses RoleID and UserKey
	// together, so with both the Service sends UserKey and filters RoleID
	// itself.
	UserKey string
	// IncludeIndirect adds the assignments the user holds through groups,
	// nested groups included (includeIndirectRoleAssignments). It needs
	// UserKey: Google ignores it otherwise, so the Service refuses it.
	IncludeIndirect bool
}

// ListAssignments returns the tenant's role assignments that opts selects,
// page by page as the loop asks for them.
//
// Google: directory.roleAssignments.list
func (s *Service) ListAssignments(ctx context.Context, customer string, opts *ListAssignmentsOptions) iter.Seq2[Assignment, error] {
	return resellerkit.All(ctx, func(ctx context.Context, token string) (resellerkit.Page[Assignment], error) {
		return s.listAssignmentsPage(ctx, "roles.ListAssignments", customer, opts, resellerkit.PageRequest{Token: token})
	})
}

// MaxAssignmentsPage is Google's cap on a page of role assignments
// (directory.roleAssignments.list maxResults).
const MaxAssignmentsPage = 200

// ListAssignmentsPage returns one page of [Service.ListAssignments]. With
// both RoleID and UserKey set, the RoleID filter runs on the client, so a
// page may hold fewer items than asked for (even none) and still have a next
// page. A p.Size of 0 lets Google choose; a size above
// [MaxAssignmentsPage] is clamped to it, a negative one is an error.
//
// Google: directory.roleAssignments.list
func (s *Service) ListAssignmentsPage(ctx context.Context, customer string, opts *ListAssignmentsOptions, p resellerkit.PageRequest) (resellerkit.Page[Assignment], error) {
	return s.listAssignmentsPage(ctx, "roles.ListAssignmentsPage", customer, opts, p)
}

func (s *Service) listAssignmentsPage(ctx context.Context, op, customer string, opts *ListAssignmentsOptions, p resellerkit.PageRequest) (resellerkit.Page[Assignment], error) {
	if err := s.check(op, "customer", customer); err != nil {
		return resellerkit.Page[Assignment]{}, err
	}
	var o ListAssignmentsOptions
	if opts != nil {
		o = *opts
	}
	if o.IncludeIndirect && o.UserKey == "" {
		return resellerkit.Page[Assignment]{}, errs.Invalid(op, "ListAssignmentsOptions.IncludeIndirect",
			"needs UserKey: Google returns indirect assignments only for one user")
	}
	size, err := errs.PageSize(op, "PageRequest.Size", p.Size, 0, MaxAssignmentsPage)
	if err != nil {
		return resellerkit.Page[Assignment]{}, err
	}
	p.Size = size
	f := assignmentFilter{RoleID: o.RoleID, UserKey: o.UserKey, IncludeIndirect: o.IncludeIndirect}
	clientRole := ""
	if f.RoleID != "" && f.UserKey != "" {
		// Google refuses both filters at once: send the narrower one (a
		// user has few assignments) and filter the role here.
		clientRole, f.RoleID = f.RoleID, ""
	}
	page, err := s.g.listAssignments(ctx, customer, f, p)
	if err != nil {
		return resellerkit.Page[Assignment]{}, errs.ForOp(op, err)
	}
	if clientRole != "" {
		kept := page.Items[:0:0]
		for _, a := range page.Items {
			if a.RoleID == clientRole {
				kept = append(kept, a)
			}
		}
		page.Items = kept
	}
	return page, nil
}

// GetAssignment returns one role assignment by ID.
//
// Google: directory.roleAssignments.get
func (s *Service) GetAssignment(ctx context.Context, customer, assignmentID string) (Assignment, error) {
	const op = "roles.GetAssignment"
	if err := s.check(op, "customer", customer, "assignmentID", assignmentID); err != nil {
		return Assignment{}, err
	}
	a, err := s.g.getAssignment(ctx, customer, assignmentID)
	return a, errs.ForOp(op, err)
}

// AssignmentSpec is a role assignment to ensure.
type AssignmentSpec struct {
	RoleID string
	// AssignedTo is the user's or group's immutable ID. An email address
	// (it contains "@") is taken as a user's and resolved to the user's ID
	// with users.get; give groups by ID.
	AssignedTo string
	// Scope is ScopeCustomer when empty. Only customer-wide assignments grant
	// reseller privileges (rule P4).
	Scope      ScopeType
	OrgUnitID  string    // required with ScopeOrgUnit
	ExpireTime time.Time // zero: never expires
	Condition  string
}

// AssignmentResult is the result of ensuring one [AssignmentSpec] in a bulk
// run.
type AssignmentResult struct {
	Spec       AssignmentSpec
	Assignment Assignment // as Google holds it; ID may be "" when Google reported a duplicate it does not list yet
	Outcome    resellerkit.Outcome
	Err        error
}

// EnsureAssignment makes sure spec's role is assigned to spec's assignee at
// spec's scope, and returns the assignment:
//
//   - an assignment of that role, assignee and scope (and org unit) with the
//     same expiry (to the second) and condition exists: nothing is written,
//     [resellerkit.OutcomeUnchanged];
//   - one exists with another expiry or condition: Google has no update for
//     assignments, so it is deleted and inserted again,
//     [resellerkit.OutcomeUpdated];
//   - none: it is inserted, [resellerkit.OutcomeCreated]. Google answers a
//     duplicate insert with HTTP 500 "role assignment exists"; for an
//     assignment made meanwhile by someone else, that is success for an
//     ensure, [resellerkit.OutcomeUnchanged].
//
// The insert lands once although Google's answer can be lost (rule W1):
// after a lost answer the assignee's assignments of the role are listed,
// and the insert is sent again only when the assignment is not there. A
// duplicate answer to that second send is the call's own assignment,
// reported created (or updated). After a duplicate answer the assignment
// is read back for its ID, polled within [WithAwait] while the listing
// lags behind (W5); if the wait runs out, the result still succeeds, with
// the assignment as asked and no ID. A delete the Conn resent after a lost
// answer and that meets 404 is the call's own.
//
// Google: directory.users.get (for an email), directory.roleAssignments.list,
// directory.roleAssignments.insert, directory.roleAssignments.delete
func (s *Service) EnsureAssignment(ctx context.Context, customer string, spec AssignmentSpec) (Assignment, resellerkit.Outcome, error) {
	const op = "roles.EnsureAssignment"
	if err := s.check(op, "customer", customer); err != nil {
		return Assignment{}, resellerkit.OutcomeFailed, err
	}
	return s.ensureAssignment(ctx, op, customer, spec, nil)
}

// EnsureAssignments ensures every spec as [Service.EnsureAssignment] does,
// with bounded concurrency (opts; nil means the defaults), reporting progress
// after each item and returning one result per spec in input order. It keeps
// going past a failed item, and a second run changes nothing: every item
// reports [resellerkit.OutcomeUnchanged].
//
// To save calls it first lists the assignments of each role named in specs
// (one listing per role rather than one per item); items of a role whose
// listing failed fall back to a check of their own.
//
// Google: directory.roleAssignments.list, directory.roleAssignments.insert,
// directory.roleAssignments.delete, directory.users.get (for emails)
func (s *Service) EnsureAssignments(ctx context.Context, customer string, specs []AssignmentSpec, opts *resellerkit.BulkOptions) []AssignmentResult {
	const op = "roles.EnsureAssignments"
	if err := s.check(op, "customer", customer); err != nil {
		out := make([]AssignmentResult, len(specs))
		for i, sp := range specs {
			out[i] = AssignmentResult{Spec: sp, Outcome: resellerkit.OutcomeFailed, Err: err}
		}
		return out
	}
	existing := map[string][]Assignment{} // by role ID; absent: listing failed or not tried
	for _, sp := range specs {
		if sp.RoleID == "" {
			continue
		}
		if _, done := existing[sp.RoleID]; done {
			continue
		}
		all, err := resellerkit.Collect(s.ListAssignments(ctx, customer, &ListAssignmentsOptions{RoleID: sp.RoleID}))
		if err != nil {
			existing[sp.RoleID] = nil
			continue
		}
		if all == nil {
			all = []Assignment{}
		}
		existing[sp.RoleID] = all
	}
	return bulk.Run(ctx, specs, opts,
		func(ctx context.Context, sp AssignmentSpec) AssignmentResult {
			a, outcome, err := s.ensureAssignment(ctx, op, customer, sp, existing[sp.RoleID])
			return AssignmentResult{Spec: sp, Assignment: a, Outcome: outcome, Err: err}
		},
		func(r AssignmentResult) bool { return r.Err != nil },
		func(sp AssignmentSpec, err error) AssignmentResult {
			return AssignmentResult{Spec: sp, Outcome: resellerkit.OutcomeFailed, Err: errs.New(resellerkit.KindCanceled, op, err)}
		})
}

// ensureAssignment does the work of EnsureAssignment for operation op.
// roleAssignments, when not nil, is a complete listing of the role's
// assignments read before; nil makes it list the assignee's own.
func (s *Service) ensureAssignment(ctx context.Context, op, customer string, spec AssignmentSpec, roleAssignments []Assignment) (Assignment, resellerkit.Outcome, error) {
	spec, err := s.normalizeSpec(ctx, op, spec)
	if err != nil {
		return Assignment{}, resellerkit.OutcomeFailed, errs.ForOp(op, err)
	}
	candidates := roleAssignments
	if candidates == nil {
		candidates, err = s.assigneeAssignments(ctx, customer, spec)
		if err != nil {
			return Assignment{}, resellerkit.OutcomeFailed, errs.ForOp(op, err)
		}
	}
	var stale []Assignment
	for _, a := range candidates {
		if !sameTarget(a, spec) {
			continue
		}
		if sameTerms(a, spec) {
			return a, resellerkit.OutcomeUnchanged, nil
		}
		stale = append(stale, a)
	}
	var gone []string
	for _, a := range stale {
		err := s.remove(ctx, op, func(ctx context.Context) error { return s.g.deleteAssignment(ctx, customer, a.ID) })
		if err != nil && resellerkit.KindOf(err) != resellerkit.KindNotFound {
			return Assignment{}, resellerkit.OutcomeFailed, errs.ForOp(op, err)
		}
		gone = append(gone, a.ID)
	}
	outcome := resellerkit.OutcomeCreated
	if len(stale) > 0 {
		outcome = resellerkit.OutcomeUpdated
	}
	created, res, err := s.insertAssignment(ctx, op, customer, spec, gone)
	if err == nil {
		return created, outcome, nil
	}
	if resellerkit.KindOf(err) != resellerkit.KindAlreadyExists {
		return Assignment{}, resellerkit.OutcomeFailed, errs.ForOp(op, err)
	}
	// Google's 500 "role assignment exists". After a lost answer of ours it
	// is our own assignment (rule W1), reported as written; otherwise one
	// made meanwhile, which leaves nothing for this call to write. Read it
	// back for its ID, polling while the listing lags behind (W5); a wait
	// that runs out, or a read-back that fails, still counts as success,
	// without an ID: Google said the assignment exists.
	if !res.Lost && len(stale) == 0 {
		outcome = resellerkit.OutcomeUnchanged
	}
	a, werr := s.awaitListedAssignment(ctx, op, customer, spec, gone)
	switch {
	case werr == nil:
		return a, outcome, nil
	case resellerkit.KindOf(werr) == resellerkit.KindCanceled:
		return Assignment{}, resellerkit.OutcomeFailed, errs.ForOp(op, werr)
	}
	return specAssignment(spec), outcome, nil
}

// assigneeAssignments lists the direct assignments of spec's assignee to
// spec's role.
func (s *Service) assigneeAssignments(ctx context.Context, customer string, spec AssignmentSpec) ([]Assignment, error) {
	return resellerkit.Collect(s.ListAssignments(ctx, customer, &ListAssignmentsOptions{UserKey: spec.AssignedTo, RoleID: spec.RoleID}))
}

func (s *Service) normalizeSpec(ctx context.Context, op string, spec AssignmentSpec) (AssignmentSpec, error) {
	spec.RoleID = strings.TrimSpace(spec.RoleID)
	spec.AssignedTo = strings.TrimSpace(spec.AssignedTo)
	if spec.RoleID == "" {
		return spec, errs.Invalid(op, "AssignmentSpec.RoleID", "is empty; find the role with FindRole, FindResellerAdminRole or EnsureCustomRole")
	}
	if spec.AssignedTo == "" {
		return spec, errs.Invalid(op, "AssignmentSpec.AssignedTo", "is empty; give the user's or group's ID, or a user's email")
	}
	switch spec.Scope {
	case "":
		spec.Scope = ScopeCustomer
	case ScopeCustomer:
	case ScopeOrgUnit:
		if spec.OrgUnitID == "" {
			return spec, errs.Invalid(op, "AssignmentSpec.OrgUnitID", "is empty; an ORG_UNIT assignment needs the org unit's ID")
		}
		spec.OrgUnitID = strings.TrimPrefix(spec.OrgUnitID, "id:")
	default:
		return spec, errs.Invalid(op, "AssignmentSpec.Scope", fmt.Sprintf("%q is not CUSTOMER or ORG_UNIT", spec.Scope))
	}
	if spec.Scope == ScopeCustomer && spec.OrgUnitID != "" {
		return spec, errs.Invalid(op, "AssignmentSpec.OrgUnitID", "is set for a CUSTOMER assignment; use ScopeOrgUnit or leave it empty")
	}
	if !spec.ExpireTime.IsZero() {
		spec.ExpireTime = spec.ExpireTime.UTC()
		if !s.now().Before(spec.ExpireTime) {
			return spec, errs.Invalid(op, "AssignmentSpec.ExpireTime", "is not in the future; an expired assignment grants nothing (rule P4)")
		}
	}
	if strings.Contains(spec.AssignedTo, "@") {
		acct, err := s.g.getAccount(ctx, spec.AssignedTo)
		if err != nil {
			return spec, err
		}
		spec.AssignedTo = acct.ID
	}
	return spec, nil
}

// sameTarget reports whether a assigns spec's role to spec's assignee at
// spec's scope.
func sameTarget(a Assignment, spec AssignmentSpec) bool {
	scope := a.Scope
	if scope == "" {
		scope = ScopeCustomer
	}
	return a.RoleID == spec.RoleID && a.AssignedTo == spec.AssignedTo && scope == spec.Scope &&
		strings.TrimPrefix(a.OrgUnitID, "id:") == spec.OrgUnitID
}

// sameTerms reports whether a has spec's expiry (compared to the second, the
// precision Google keeps) and condition.
func sameTerms(a Assignment, spec AssignmentSpec) bool {
	return a.ExpireTime.Truncate(time.Second).Equal(spec.ExpireTime.Truncate(time.Second)) && a.Condition == spec.Condition
}

// Revoke deletes one role assignment. An assignment already gone is an error
// of [resellerkit.KindNotFound]; [Service.RevokeRole] is the idempotent form.
// A 404 to a delete the Conn resent after a lost answer is this call's own
// delete (rule W1): success.
//
// Google: directory.roleAssignments.delete
func (s *Service) Revoke(ctx context.Context, customer, assignmentID string) error {
	const op = "roles.Revoke"
	if err := s.check(op, "customer", customer, "assignmentID", assignmentID); err != nil {
		return err
	}
	return errs.ForOp(op, s.remove(ctx, op, func(ctx context.Context) error { return s.g.deleteAssignment(ctx, customer, assignmentID) }))
}

// RevokeRole deletes every direct assignment of roleID to assignee (a user's
// or group's ID, or a user's email), at any scope, and returns how many it
// deleted, counting a delete whose answer was lost and whose resend met
// 404 (rule W1). None is not an error. The listing must be complete before
// anything is deleted (rule W4).
//
// Google: directory.roleAssignments.list, directory.roleAssignments.delete
func (s *Service) RevokeRole(ctx context.Context, customer, assignee, roleID string) (int, error) {
	const op = "roles.RevokeRole"
	if err := s.check(op, "customer", customer, "assignee", assignee, "roleID", roleID); err != nil {
		return 0, err
	}
	all, err := resellerkit.Collect(s.ListAssignments(ctx, customer, &ListAssignmentsOptions{UserKey: assignee, RoleID: roleID}))
	if err != nil {
		return 0, errs.ForOp(op, err)
	}
	n := 0
	for _, a := range all {
		err := s.remove(ctx, op, func(ctx context.Context) error { return s.g.deleteAssignment(ctx, customer, a.ID) })
		if err != nil {
			if resellerkit.KindOf(err) == resellerkit.KindNotFound {
				continue
			}
			return n, errs.ForOp(op, err)
		}
		n++
	}
	return n, nil
}
