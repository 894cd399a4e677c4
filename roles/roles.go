package roles

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/internal/bulk"
	"github.com/resellerkit/resellerkit/internal/errs"
)

// ErrRoleConflict reports that a role of the wanted name exists with other
// privileges (rule S5). It is wrapped in a [RoleConflictError] inside an
// error of [resellerkit.KindFailedPrecondition] (not KindAlreadyExists, which
// Ensure callers would read as success).
var ErrRoleConflict = errors.New("a role of that name exists with other privileges")

// RoleConflictError names the difference between an existing role and the
// privileges [Service.EnsureCustomRole] was asked for.
type RoleConflictError struct {
	Customer string
	Role     Role
	Missing  []PrivilegeRef // wanted, but not in the existing role
	Extra    []PrivilegeRef // in the existing role, but not wanted
}

// Error names the role, the missing and extra privileges, and what to do.
func (e *RoleConflictError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "role %q (ID %s) of customer %s exists with other privileges", e.Role.Name, e.Role.ID, e.Customer)
	if len(e.Missing) > 0 {
		fmt.Fprintf(&b, "; missing: %s", refNames(e.Missing))
	}
	if len(e.Extra) > 0 {
		fmt.Fprintf(&b, "; extra: %s", refNames(e.Extra))
	}
	b.WriteString("; resellerkit never changes an existing role silently: fix the role in the Admin console, delete it, or choose another name")
	return b.String()
}

// Is makes errors.Is(err, ErrRoleConflict) hold.
func (e *RoleConflictError) Is(target error) bool { return target == ErrRoleConflict }

func refNames(refs []PrivilegeRef) string {
	names := make([]string, len(refs))
	for i, r := range refs {
		names[i] = r.Name
	}
	return strings.Join(names, ", ")
}

// RoleSpec describes a custom role to create.
type RoleSpec struct {
	Name        string
	Description string
	Privileges  []PrivilegeRef
}

// ListRoles returns every role of the tenant, system roles included, page by
// page as the loop asks for them.
//
// Google: directory.roles.list
func (s *Service) ListRoles(ctx context.Context, customer string) iter.Seq2[Role, error] {
	return resellerkit.All(ctx, func(ctx context.Context, token string) (resellerkit.Page[Role], error) {
		return s.listRolesPage(ctx, "roles.ListRoles", customer, resellerkit.PageRequest{Token: token})
	})
}

// MaxRolesPage is Google's cap on a page of roles (directory.roles.list
// maxResults).
const MaxRolesPage = 100

// ListRolesPage returns one page of the tenant's roles, for UIs that page
// themselves. A p.Size of 0 lets Google choose; a size above
// [MaxRolesPage] is clamped to it, a negative one is an error.
//
// Google: directory.roles.list
func (s *Service) ListRolesPage(ctx context.Context, customer string, p resellerkit.PageRequest) (resellerkit.Page[Role], error) {
	return s.listRolesPage(ctx, "roles.ListRolesPage", customer, p)
}

func (s *Service) listRolesPage(ctx context.Context, op, customer string, p resellerkit.PageRequest) (resellerkit.Page[Role], error) {
	if err := s.check(op, "customer", customer); err != nil {
		return resellerkit.Page[Role]{}, err
	}
	size, err := errs.PageSize(op, "PageRequest.Size", p.Size, 0, MaxRolesPage)
	if err != nil {
		return resellerkit.Page[Role]{}, err
	}
	p.Size = size
	page, err := s.g.listRoles(ctx, customer, p)
	return page, errs.ForOp(op, err)
}

// GetRole returns one role by ID.
//
// Google: directory.roles.get
func (s *Service) GetRole(ctx context.Context, customer, roleID string) (Role, error) {
	const op = "roles.GetRole"
	if err := s.check(op, "customer", customer, "roleID", roleID); err != nil {
		return Role{}, err
	}
	r, err := s.g.getRole(ctx, customer, roleID)
	return r, errs.ForOp(op, err)
}

// FindRole returns the role named name (compared without regard to case, as
// Google's role names are), or an error of [resellerkit.KindNotFound].
//
// Google: directory.roles.list
func (s *Service) FindRole(ctx context.Context, customer, name string) (Role, error) {
	const op = "roles.FindRole"
	if err := s.check(op, "customer", customer, "name", name); err != nil {
		return Role{}, err
	}
	r, ok, err := s.findRole(ctx, customer, func(r Role) bool { return strings.EqualFold(r.Name, name) })
	if err != nil {
		return Role{}, errs.ForOp(op, err)
	}
	if !ok {
		return Role{}, errs.Errorf(resellerkit.KindNotFound, op, "customer %s has no role named %q", customer, name)
	}
	return r, nil
}

func (s *Service) findRole(ctx context.Context, customer string, match func(Role) bool) (Role, bool, error) {
	for r, err := range s.ListRoles(ctx, customer) {
		if err != nil {
			return Role{}, false, err
		}
		if match(r) {
			return r, true, nil
		}
	}
	return Role{}, false, nil
}

// FindSuperAdminRole returns the super admin system role, found by its
// isSuperAdminRole flag (its name is _SEED_ADMIN_ROLE at Google).
//
// Google: directory.roles.list
func (s *Service) FindSuperAdminRole(ctx context.Context, customer string) (Role, error) {
	const op = "roles.FindSuperAdminRole"
	if err := s.check(op, "customer", customer); err != nil {
		return Role{}, err
	}
	r, ok, err := s.findRole(ctx, customer, func(r Role) bool { return r.IsSuperAdmin })
	if err != nil {
		return Role{}, errs.ForOp(op, err)
	}
	if !ok {
		return Role{}, errs.Errorf(resellerkit.KindNotFound, op, "customer %s lists no role with isSuperAdminRole set", customer)
	}
	return r, nil
}

// FindResellerAdminRole returns the pre-built Reseller Admin role (rule
// P1.1): the system role named [ResellerAdminRoleName] (or as configured,
// [WithResellerAdminRoleName]) or, failing that, since Google documents
// neither the name nor the role's privileges in its API reference,
// the first system role other than super admin that holds both
// [ViewCustomers] and [AccessCustomerSupportCases] (by the tenant's names,
// [Service.LearnNames]), directly or through a parent privilege (P3). A
// tenant that is not a reseller has neither: the answer is then an error
// of [resellerkit.KindNotFound].
//
// The roles it lists also teach the Service the tenant's names, when no
// [WithNameTable] pins them: no second roles.list is needed to learn them.
//
// Google: directory.roles.list, directory.privileges.list (cached)
func (s *Service) FindResellerAdminRole(ctx context.Context, customer string) (Role, error) {
	const op = "roles.FindResellerAdminRole"
	if err := s.check(op, "customer", customer); err != nil {
		return Role{}, err
	}
	tree, err := s.Privileges(ctx, customer)
	if err != nil {
		return Role{}, errs.ForOp(op, err)
	}
	all, err := resellerkit.Collect(s.ListRoles(ctx, customer))
	if err != nil {
		return Role{}, errs.ForOp(op, err)
	}
	var names *learnedNames
	if s.cfg.pinned {
		names = pinnedNames(customer, tree, &s.cfg)
	} else if names = s.cachedNames(customer, tree); names == nil {
		// A learning error matters only if the role must be found by its
		// privileges: by name, it is found without them.
		names, err = s.learnFrom(customer, tree, all)
	}
	if r, ok := resellerAdminByName(all, s.cfg.resellerAdminName); ok {
		return r, nil
	}
	if err != nil {
		return Role{}, errs.ForOp(op, err)
	}
	for _, r := range all {
		if names.holdsResellerCustomerPrivileges(tree, r) {
			return r, nil
		}
	}
	return Role{}, errs.Errorf(resellerkit.KindNotFound, op,
		"customer %s has no system role named %s nor one holding View Customers and Access Customer's Support Cases; "+
			"it is not a reseller tenant, or its names differ (set roles.WithResellerAdminRoleName and roles.WithNameTable)",
		customer, s.cfg.resellerAdminName)
}

// isResellerAdmin reports whether r is the Reseller Admin role by name or by
// privileges.
func (l *learnedNames) isResellerAdmin(c *config, r Role) bool {
	if r.IsSystem && strings.EqualFold(r.Name, c.resellerAdminName) {
		return true
	}
	return l.holdsResellerCustomerPrivileges(l.tree, r)
}

func (l *learnedNames) holdsResellerCustomerPrivileges(tree *Tree, r Role) bool {
	if !r.IsSystem || r.IsSuperAdmin {
		return false
	}
	view, ok1 := l.refs[ViewCustomers]
	cases, ok2 := l.refs[AccessCustomerSupportCases]
	if !ok1 || !ok2 {
		return false
	}
	return roleImplies(tree, r, view) && roleImplies(tree, r, cases)
}

func roleImplies(tree *Tree, r Role, want PrivilegeRef) bool {
	for _, p := range r.Privileges {
		if tree.Implies(p, want) {
			return true
		}
	}
	return false
}

// CreateRole creates a custom role. A role of the same name is an error of
// [resellerkit.KindAlreadyExists]; [Service.EnsureCustomRole] is the
// idempotent form.
//
// The role is created once although Google's answer can be lost (rule
// W1): after a lost answer CreateRole looks the role up by name and sends
// again only when it is not there; a duplicate answer to that second send
// is its own role, found in the listing (polled within [WithAwait], W5)
// and returned as created. A role of the name found with other privileges
// is another client's: KindAlreadyExists.
//
// Google: directory.roles.insert; after a lost answer, directory.roles.list
func (s *Service) CreateRole(ctx context.Context, customer string, spec RoleSpec) (Role, error) {
	const op = "roles.CreateRole"
	if err := s.check(op, "customer", customer, "RoleSpec.Name", spec.Name); err != nil {
		return Role{}, err
	}
	if len(spec.Privileges) == 0 {
		return Role{}, errs.Invalid(op, "RoleSpec.Privileges", "is empty; Google requires at least one privilege")
	}
	for i, p := range spec.Privileges {
		if p.Name == "" || p.ServiceID == "" {
			return Role{}, errs.Invalid(op, fmt.Sprintf("RoleSpec.Privileges[%d]", i),
				"needs both Name and ServiceID; take them from Service.Privileges or Service.Resolve")
		}
	}
	want := Role{
		Name:        strings.TrimSpace(spec.Name),
		Description: spec.Description,
		Privileges:  sortedRefs(spec.Privileges),
	}
	r, res, err := s.insertRole(ctx, op, customer, want)
	if res.Lost && resellerkit.KindOf(err) == resellerkit.KindAlreadyExists {
		// Our own role, whose answer was lost and which the lookup did not
		// show yet: read it back through the listing's lag (W5).
		dup := err
		if r, err = s.awaitListedRole(ctx, op, customer, want.Name); err != nil {
			return Role{}, errs.ForOp(op, err)
		}
		if !samePrivilegeNames(r.Privileges, want.Privileges) {
			return Role{}, errs.ForOp(op, dup)
		}
		return r, nil
	}
	if err != nil {
		return Role{}, errs.ForOp(op, err)
	}
	if res.Found && !samePrivilegeNames(r.Privileges, want.Privileges) {
		return Role{}, errs.Errorf(resellerkit.KindAlreadyExists, op,
			"customer %s has a role named %q (ID %s) with other privileges, created meanwhile by another client; choose another name",
			customer, r.Name, r.ID)
	}
	return r, nil
}

// samePrivilegeNames compares two privilege lists as sets of names, which
// are unique in a tenant's tree.
func samePrivilegeNames(a, b []PrivilegeRef) bool {
	set := func(refs []PrivilegeRef) []string {
		out := make([]string, 0, len(refs))
		for _, r := range refs {
			out = append(out, r.Name)
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	return slices.Equal(set(a), set(b))
}

// DeleteRole deletes a custom role. It refuses a system role before asking
// Google (an error of [resellerkit.KindFailedPrecondition]). A 404 to a
// delete the Conn resent after a lost answer is this call's own delete
// (rule W1): success.
//
// Google: directory.roles.get, directory.roles.delete
func (s *Service) DeleteRole(ctx context.Context, customer, roleID string) error {
	const op = "roles.DeleteRole"
	if err := s.check(op, "customer", customer, "roleID", roleID); err != nil {
		return err
	}
	r, err := s.g.getRole(ctx, customer, roleID)
	if err != nil {
		return errs.ForOp(op, err)
	}
	if r.IsSystem || r.IsSuperAdmin {
		return errs.Errorf(resellerkit.KindFailedPrecondition, op, "role %q (ID %s) is a system role; only custom roles can be deleted", r.Name, r.ID)
	}
	return errs.ForOp(op, s.remove(ctx, op, func(ctx context.Context) error { return s.g.deleteRole(ctx, customer, roleID) }))
}

// EnsureCustomRole makes sure the tenant has a custom role named name holding
// exactly the given privileges (rule S5), resolved through the name table
// against the tenant's tree:
//
//   - a role of that name with the same privileges, compared as a set: it is
//     reused, [resellerkit.OutcomeUnchanged];
//   - a role of that name with other privileges: an error of
//     [resellerkit.KindFailedPrecondition] wrapping a [*RoleConflictError]
//     that lists the missing and extra privileges; the role is not changed;
//   - no such role: it is created, [resellerkit.OutcomeCreated], and the
//     call waits (bounded, [WithAwait]) until Google serves it, so the next
//     step can assign it (rule W5). If the wait runs out, the new role is
//     returned with OutcomeCreated and the wait's error (KindUnavailable):
//     it exists, it is not readable yet.
//
// The role is created once although Google's answer can be lost (rule
// W1): after a lost answer the role is looked up by name and sent again
// only when it is not there, and a duplicate answer to that second send is
// the call's own role, OutcomeCreated like the others. A duplicate answer
// that no lost answer explains is a role created meanwhile by another run,
// compared as above. Either way the role is read back from the listing,
// polled within [WithAwait] while it lags behind the write (W5); if that
// wait runs out after a lost answer, the role is returned as asked,
// without its ID, with OutcomeCreated and the wait's error.
//
// A key the tenant's tree lacks is an error of
// [resellerkit.KindFailedPrecondition]: a role cannot hold a privilege the
// tenant does not have.
//
// Google: directory.privileges.list (cached), directory.roles.list,
// directory.roles.insert, directory.roles.get
func (s *Service) EnsureCustomRole(ctx context.Context, customer, name string, privileges []PrivilegeKey) (Role, resellerkit.Outcome, error) {
	const op = "roles.EnsureCustomRole"
	if err := s.check(op, "customer", customer, "name", name); err != nil {
		return Role{}, resellerkit.OutcomeFailed, err
	}
	if len(privileges) == 0 {
		return Role{}, resellerkit.OutcomeFailed, errs.Invalid(op, "privileges", "is empty; a custom role needs at least one privilege")
	}
	tree, names, err := s.names(ctx, customer)
	if err != nil {
		return Role{}, resellerkit.OutcomeFailed, errs.ForOp(op, err)
	}
	var want []PrivilegeRef
	var absent []string
	for _, k := range privileges {
		ref, ok := names.refs[k]
		if !ok {
			if s.cfg.pinned {
				absent = append(absent, fmt.Sprintf("%s (privilege name %q)", k, s.cfg.names[k]))
			} else {
				absent = append(absent, fmt.Sprintf("%s (no privilege of the tree fits it)", k))
			}
			continue
		}
		want = append(want, ref)
	}
	if len(absent) > 0 {
		return Role{}, resellerkit.OutcomeFailed, errs.Errorf(resellerkit.KindFailedPrecondition, op,
			"customer %s's privilege tree lacks %s; list the tree (examples/privileges) and configure roles.WithNameTable, or leave the key out",
			customer, strings.Join(absent, ", "))
	}
	want = sortedRefs(want)
	name = strings.TrimSpace(name)

	existing, found, err := s.findRole(ctx, customer, named(name))
	if err != nil {
		return Role{}, resellerkit.OutcomeFailed, errs.ForOp(op, err)
	}
	outcome := resellerkit.OutcomeUnchanged
	if !found {
		created, res, err := s.insertRole(ctx, op, customer, Role{Name: name, Privileges: want})
		switch {
		case err == nil && !res.Found:
			return created, resellerkit.OutcomeCreated, errs.ForOp(op, s.awaitRole(ctx, customer, created.ID))
		case err == nil:
			// Found after a lost answer: ours, unless another run made a
			// role of the name with other privileges (compared below).
			existing, outcome = created, resellerkit.OutcomeCreated
		case resellerkit.KindOf(err) == resellerkit.KindAlreadyExists:
			// After a lost answer of ours, our own role; otherwise one
			// created meanwhile by a concurrent run. Either way Google
			// holds it: read it back, through listing lag (W5).
			existing, err = s.awaitListedRole(ctx, op, customer, name)
			if err != nil {
				if res.Lost {
					return Role{Name: name, Privileges: want}, resellerkit.OutcomeCreated, errs.ForOp(op, err)
				}
				return Role{}, resellerkit.OutcomeFailed, errs.ForOp(op, err)
			}
			if res.Lost {
				outcome = resellerkit.OutcomeCreated
			}
		default:
			return Role{}, resellerkit.OutcomeFailed, errs.ForOp(op, err)
		}
	}
	missing, extra := diffRefs(tree, want, existing.Privileges)
	if len(missing) > 0 || len(extra) > 0 {
		return existing, resellerkit.OutcomeFailed, errs.New(resellerkit.KindFailedPrecondition, op,
			&RoleConflictError{Customer: customer, Role: existing, Missing: missing, Extra: extra})
	}
	if outcome == resellerkit.OutcomeCreated {
		return existing, outcome, errs.ForOp(op, s.awaitRole(ctx, customer, existing.ID))
	}
	return existing, outcome, nil
}

func (s *Service) awaitRole(ctx context.Context, customer, roleID string) error {
	if roleID == "" {
		return nil
	}
	return bulk.Await(ctx, s.cfg.await, func(ctx context.Context) error {
		_, err := s.g.getRole(ctx, customer, roleID)
		return err
	})
}

// diffRefs compares two privilege lists as sets (rule S5). Two references
// are the same privilege when the tree says so (same node), else when both
// service ID and name are equal.
func diffRefs(tree *Tree, want, have []PrivilegeRef) (missing, extra []PrivilegeRef) {
	canon := func(r PrivilegeRef) PrivilegeRef {
		if n, ok := tree.Lookup(r); ok {
			return n.Privilege
		}
		return r
	}
	w := map[PrivilegeRef]bool{}
	for _, r := range want {
		w[canon(r)] = true
	}
	h := map[PrivilegeRef]bool{}
	for _, r := range have {
		h[canon(r)] = true
	}
	for r := range w {
		if !h[r] {
			missing = append(missing, r)
		}
	}
	for r := range h {
		if !w[r] {
			extra = append(extra, r)
		}
	}
	return sortedRefs(missing), sortedRefs(extra)
}

// sortedRefs returns refs without duplicates, sorted by name then service.
func sortedRefs(refs []PrivilegeRef) []PrivilegeRef {
	if refs == nil {
		return nil
	}
	out := slices.Clone(refs)
	slices.SortFunc(out, compareRefs)
	return slices.Compact(out)
}

func compareRefs(a, b PrivilegeRef) int {
	if c := strings.Compare(a.Name, b.Name); c != 0 {
		return c
	}
	return strings.Compare(a.ServiceID, b.ServiceID)
}
