package fake

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	admin "google.golang.org/api/admin/directory/v1"

	"github.com/resellerkit/resellerkit/roles"
)

// Directory privileges, roles and role assignments
// (directory.privileges.list, directory.roles.*, directory.roleAssignments.*).

// routeRoles registers directory.privileges.list, directory.roles.* and
// directory.roleAssignments.* at their REST paths.
func (s *Server) routeRoles(mux *http.ServeMux) {
	w := s.world
	s.handle(mux, "GET "+customerPath+"roles/ALL/privileges", "directory.privileges.list", func(r *http.Request, as string) (any, *apiError) {
		return nilIfErr(w.listPrivileges(as, r.PathValue("customer")))
	})
	s.handle(mux, "GET "+customerPath+"roles", "directory.roles.list", func(r *http.Request, as string) (any, *apiError) {
		q := r.URL.Query()
		max, e := qInt(q.Get("maxResults"), "maxResults")
		if e != nil {
			return nil, e
		}
		return nilIfErr(w.listRoles(as, r.PathValue("customer"), q.Get("pageToken"), max))
	})
	s.handle(mux, "GET "+customerPath+"roles/{roleId}", "directory.roles.get", func(r *http.Request, as string) (any, *apiError) {
		return nilIfErr(w.getRole(as, r.PathValue("customer"), r.PathValue("roleId")))
	})
	s.handle(mux, "POST "+customerPath+"roles", "directory.roles.insert", withBody(func(r *http.Request, as string, in *admin.Role) (*admin.Role, *apiError) {
		return w.insertRole(as, r.PathValue("customer"), in)
	}))
	s.handle(mux, "PATCH "+customerPath+"roles/{roleId}", "directory.roles.patch", withBody(func(r *http.Request, as string, in *admin.Role) (*admin.Role, *apiError) {
		return w.patchRole(as, r.PathValue("customer"), r.PathValue("roleId"), in)
	}))
	s.handle(mux, "PUT "+customerPath+"roles/{roleId}", "directory.roles.update", withBody(func(r *http.Request, as string, in *admin.Role) (*admin.Role, *apiError) {
		return w.updateRole(as, r.PathValue("customer"), r.PathValue("roleId"), in)
	}))
	s.handle(mux, "DELETE "+customerPath+"roles/{roleId}", "directory.roles.delete", func(r *http.Request, as string) (any, *apiError) {
		return nil, w.deleteRole(as, r.PathValue("customer"), r.PathValue("roleId"))
	})
	s.handle(mux, "GET "+customerPath+"roleassignments", "directory.roleAssignments.list", func(r *http.Request, as string) (any, *apiError) {
		q := r.URL.Query()
		max, e := qInt(q.Get("maxResults"), "maxResults")
		if e != nil {
			return nil, e
		}
		indirect, e := qBool(q.Get("includeIndirectRoleAssignments"), "includeIndirectRoleAssignments")
		if e != nil {
			return nil, e
		}
		return nilIfErr(w.listRoleAssignments(as, r.PathValue("customer"), assignmentsQuery{
			RoleID: q.Get("roleId"), UserKey: q.Get("userKey"), IncludeIndirect: indirect,
			MaxResults: max, PageToken: q.Get("pageToken")}))
	})
	s.handle(mux, "GET "+customerPath+"roleassignments/{roleAssignmentId}", "directory.roleAssignments.get", func(r *http.Request, as string) (any, *apiError) {
		return nilIfErr(w.getRoleAssignment(as, r.PathValue("customer"), r.PathValue("roleAssignmentId")))
	})
	s.handle(mux, "POST "+customerPath+"roleassignments", "directory.roleAssignments.insert", withBody(func(r *http.Request, as string, in *admin.RoleAssignment) (*admin.RoleAssignment, *apiError) {
		return w.insertRoleAssignment(as, r.PathValue("customer"), in)
	}))
	s.handle(mux, "DELETE "+customerPath+"roleassignments/{roleAssignmentId}", "directory.roleAssignments.delete", func(r *http.Request, as string) (any, *apiError) {
		return nil, w.deleteRoleAssignment(as, r.PathValue("customer"), r.PathValue("roleAssignmentId"))
	})
}

// rolesTenant resolves the customer of a role-management call and checks
// the caller holds ROLE_MANAGEMENT there.
func (w *World) rolesTenant(as, customer string) (*user, *tenant, *apiError) {
	return w.authorizedTenant(as, customer, roles.DefaultRoleManagementName)
}

// listPrivileges is directory.privileges.list: the tenant's privilege tree.
// The result is a deep copy the caller may keep.
func (w *World) listPrivileges(as, customer string) (*admin.Privileges, *apiError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	_, t, e := w.rolesTenant(as, customer)
	if e != nil {
		return nil, e
	}
	return w.privilegesOf(t, true), nil
}

func (w *World) privilegesOf(t *tenant, deep bool) *admin.Privileges {
	items := t.tree.roots
	if deep {
		items = copyPrivileges(items)
	}
	kind := "reseller"
	if !t.reseller {
		kind = "customer"
	}
	if t.legacy {
		kind += "+legacy"
	}
	return &admin.Privileges{Kind: "admin#directory#privileges", Items: items, Etag: etag("privileges", kind, 1)}
}

func toRole(r *role) *admin.Role {
	out := &admin.Role{
		Kind:             "admin#directory#role",
		Etag:             etag("role", strconv.FormatInt(r.id, 10), r.rev),
		RoleId:           r.id,
		RoleName:         r.name,
		RoleDescription:  r.description,
		IsSystemRole:     r.system,
		IsSuperAdminRole: r.superAdmin,
		RolePrivileges:   make([]*admin.RoleRolePrivileges, len(r.privs)),
		ForceSendFields:  roleWireFields,
	}
	for i, p := range r.privs {
		out.RolePrivileges[i] = &admin.RoleRolePrivileges{PrivilegeName: p.name, ServiceId: p.service}
	}
	return out
}

func sortedRoles(t *tenant) []*role {
	rs := make([]*role, 0, len(t.roles))
	for _, r := range t.roles {
		rs = append(rs, r)
	}
	slices.SortFunc(rs, func(x, y *role) int { return cmp.Compare(x.id, y.id) })
	return rs
}

func idKey(id int64) string { return strconv.FormatInt(id, 36) }

// fixedKey renders an int64 ID so that string order is numeric order.
func fixedKey(id int64) string {
	s := strconv.FormatInt(id, 10)
	return strings.Repeat("0", 20-len(s)) + s
}

// listRoles is directory.roles.list, by role ID, pages of at most 100.
func (w *World) listRoles(as, customer, pageToken string, maxResults int64) (*admin.Roles, *apiError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	_, t, e := w.rolesTenant(as, customer)
	if e != nil {
		return nil, e
	}
	key := func(r *role) string { return fixedKey(r.id) }
	page, next, e := paginate(sortedRoles(t), key, false, pageToken, pageSize(maxResults, 100, 100, w.pageCap), queryHash("roles", t.id))
	if e != nil {
		return nil, e
	}
	out := &admin.Roles{Kind: "admin#directory#roles", NextPageToken: next}
	out.Items, out.Etag = wirePage("roles", page, next, toRole, func(r *admin.Role) string { return r.Etag })
	return out, nil
}

func roleByID(t *tenant, roleID string) (*role, *apiError) {
	id, err := strconv.ParseInt(roleID, 10, 64)
	if err != nil {
		return nil, errInvalid("roleId %q is not a role ID", roleID)
	}
	r := t.roles[id]
	if r == nil {
		return nil, errNotFound("role")
	}
	return r, nil
}

// getRole is directory.roles.get.
func (w *World) getRole(as, customer, roleID string) (*admin.Role, *apiError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	_, t, e := w.rolesTenant(as, customer)
	if e != nil {
		return nil, e
	}
	r, e := roleByID(t, roleID)
	if e != nil {
		return nil, e
	}
	if w.lagging("role:" + idKey(r.id)) {
		return nil, errNotFound("role")
	}
	return toRole(r), nil
}

// privilegeNames checks the privileges of a role request against t's tree:
// every name must exist, and a serviceId, when given, must match.
func privilegeNames(t *tenant, in []*admin.RoleRolePrivileges) ([]string, *apiError) {
	names := make([]string, 0, len(in))
	for i, p := range in {
		if p == nil || p.PrivilegeName == "" {
			return nil, errRequired("rolePrivileges[" + strconv.Itoa(i) + "].privilegeName")
		}
		n := t.tree.nodes[p.PrivilegeName]
		if n == nil {
			return nil, errInvalid("privilege %q does not exist for this customer", p.PrivilegeName)
		}
		if p.ServiceId != "" && p.ServiceId != n.ref.service {
			return nil, errInvalid("privilege %q belongs to service %s, not %s", p.PrivilegeName, n.ref.service, p.ServiceId)
		}
		names = append(names, p.PrivilegeName)
	}
	return names, nil
}

// insertRole is directory.roles.insert: roleName and rolePrivileges are
// required; a role name in use answers 409 duplicate.
func (w *World) insertRole(as, customer string, in *admin.Role) (*admin.Role, *apiError) {
	if in == nil || in.RoleName == "" {
		return nil, errRequired("roleName")
	}
	if len(in.RolePrivileges) == 0 {
		return nil, errRequired("rolePrivileges")
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	_, t, e := w.rolesTenant(as, customer)
	if e != nil {
		return nil, e
	}
	names, e := privilegeNames(t, in.RolePrivileges)
	if e != nil {
		return nil, e
	}
	r, e := w.addRole(t, in.RoleName, in.RoleDescription, names)
	if e != nil {
		return nil, e
	}
	w.markFresh("role:" + idKey(r.id))
	if e := w.answerLost("directory.roles.insert"); e != nil {
		return nil, e
	}
	return toRole(r), nil
}

// patchRole is directory.roles.patch: roleName, roleDescription and
// rolePrivileges (replaced as a whole) change when present. System roles
// cannot change (400 invalid).
func (w *World) patchRole(as, customer, roleID string, in *admin.Role) (*admin.Role, *apiError) {
	return w.changeRole("directory.roles.patch", as, customer, roleID, in)
}

// updateRole is directory.roles.update; the fake applies patch semantics
// to it too.
func (w *World) updateRole(as, customer, roleID string, in *admin.Role) (*admin.Role, *apiError) {
	return w.changeRole("directory.roles.update", as, customer, roleID, in)
}

// changeRole is patchRole and updateRole; method names the call.
func (w *World) changeRole(method, as, customer, roleID string, in *admin.Role) (*admin.Role, *apiError) {
	if in == nil {
		return nil, errRequired("role")
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	_, t, e := w.rolesTenant(as, customer)
	if e != nil {
		return nil, e
	}
	r, e := roleByID(t, roleID)
	if e != nil {
		return nil, e
	}
	if r.system {
		return nil, errInvalid("system role %s cannot be changed", r.name)
	}
	if in.RoleName != "" && !strings.EqualFold(in.RoleName, r.name) {
		for _, x := range t.roles {
			if strings.EqualFold(x.name, in.RoleName) {
				return nil, errDuplicate("a role named %q already exists", in.RoleName)
			}
		}
	}
	var refs []privRef
	if len(in.RolePrivileges) > 0 {
		names, e := privilegeNames(t, in.RolePrivileges)
		if e != nil {
			return nil, e
		}
		for _, n := range names {
			if ref := t.tree.nodes[n].ref; !slices.Contains(refs, ref) {
				refs = append(refs, ref)
			}
		}
	}
	if in.RoleName != "" {
		r.name = in.RoleName
	}
	if present(in.RoleDescription != "", "RoleDescription", in.ForceSendFields, in.NullFields) {
		r.description = in.RoleDescription
	}
	if refs != nil {
		r.privs = refs
		w.authzGen++
	}
	r.rev = w.nextRev()
	if e := w.answerLost(method); e != nil {
		return nil, e
	}
	return toRole(r), nil
}

// deleteRole is directory.roles.delete. System roles cannot be deleted (400
// invalid); a role still assigned answers 412 conditionNotMet.
func (w *World) deleteRole(as, customer, roleID string) *apiError {
	w.mu.Lock()
	defer w.mu.Unlock()
	_, t, e := w.rolesTenant(as, customer)
	if e != nil {
		return e
	}
	r, e := roleByID(t, roleID)
	if e != nil {
		return e
	}
	if r.system {
		return errInvalid("system role %s cannot be deleted", r.name)
	}
	for _, a := range t.assigns {
		if a.roleID == r.id {
			return errConditionNotMet("role %s is assigned (role assignment %d); delete its assignments first", r.name, a.id)
		}
	}
	delete(t.roles, r.id)
	w.authzGen++
	return w.answerLost("directory.roles.delete")
}

func toAssignment(a *assignment) *admin.RoleAssignment {
	out := &admin.RoleAssignment{
		Kind:             "admin#directory#roleAssignment",
		Etag:             etag("roleAssignment", strconv.FormatInt(a.id, 10), a.rev),
		RoleAssignmentId: a.id,
		RoleId:           a.roleID,
		AssignedTo:       a.assignee,
		AssigneeType:     "user",
		ScopeType:        a.scope,
		Condition:        a.condition,
	}
	if a.group {
		out.AssigneeType = "group"
	}
	if a.ouID != "" {
		out.OrgUnitId = strings.TrimPrefix(a.ouID, "id:")
	}
	if !a.expire.IsZero() {
		out.ExpirationDetails = &admin.ExpirationDetails{ExpireTime: a.expire.Format(time.RFC3339Nano)}
	}
	return out
}

// createAssignment adds an assignment after checking for a duplicate (same
// role, assignee and scope), which Google answers with HTTP 500
// internalError and a message starting "role assignment exists", not 409:
// GAM (github.com/GAM-team/GAM, src/gam/__init__.py, checkGAPIError) maps
// such a 500 to a duplicate.
func (w *World) createAssignment(t *tenant, r *role, assignee string, isGroup bool, scope, ouID string, expire time.Time, condition string) (*assignment, *apiError) {
	if r.superAdmin && scope != "CUSTOMER" {
		return nil, errInvalid("the super admin role can only be assigned customer-wide")
	}
	for _, x := range t.assigns {
		if x.roleID == r.id && x.assignee == assignee && x.scope == scope && x.ouID == ouID {
			return nil, &apiError{Code: 500, Reason: "internalError",
				Message: "role assignment exists: roleassignment " + strconv.FormatInt(x.id, 10)}
		}
	}
	a := &assignment{id: w.newAssignmentID(), t: t, roleID: r.id, assignee: assignee, group: isGroup,
		scope: scope, ouID: ouID, expire: expire, condition: condition, rev: w.nextRev()}
	t.assigns[a.id] = a
	w.authzGen++
	return a, nil
}

type assignmentsQuery struct {
	RoleID          string
	UserKey         string
	IncludeIndirect bool
	MaxResults      int64
	PageToken       string
}

// listRoleAssignments is directory.roleAssignments.list. roleId and userKey
// together answer 400 invalid: Google refuses them together, which its
// reference does not say but GAM works around (github.com/GAM-team/GAM
// pull request 1406: "roleId and userKey are mutually exclusive");
// includeIndirectRoleAssignments adds, for a userKey, the assignments made
// to groups the user belongs to (nested groups included). Pages of at most
// 200, by assignment ID.
func (w *World) listRoleAssignments(as, customer string, q assignmentsQuery) (*admin.RoleAssignments, *apiError) {
	if q.RoleID != "" && q.UserKey != "" {
		return nil, errInvalid("roleId and userKey cannot be used together; filter one of them on the client")
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	_, t, e := w.rolesTenant(as, customer)
	if e != nil {
		return nil, e
	}
	var keep func(*assignment) bool
	switch {
	case q.RoleID != "":
		id, err := strconv.ParseInt(q.RoleID, 10, 64)
		if err != nil {
			return nil, errInvalid("roleId %q is not a role ID", q.RoleID)
		}
		keep = func(a *assignment) bool { return a.roleID == id }
	case q.UserKey != "":
		var target string
		var groups map[string]bool
		if u := w.lookupUser(q.UserKey); u != nil && u.t == t && !u.deleted {
			target = u.id
		} else if g := w.lookupGroup(q.UserKey); g != nil && g.t == t {
			target = g.id
		} else {
			return nil, errNotFound("userKey")
		}
		if q.IncludeIndirect {
			groups = groupsOf(t, target)
		}
		keep = func(a *assignment) bool { return a.assignee == target || (a.group && groups[a.assignee]) }
	default:
		keep = func(*assignment) bool { return true }
	}
	var items []*assignment
	for _, a := range t.assigns {
		if keep(a) {
			items = append(items, a)
		}
	}
	slices.SortFunc(items, func(x, y *assignment) int { return cmp.Compare(x.id, y.id) })
	key := func(a *assignment) string { return fixedKey(a.id) }
	qh := queryHash("roleAssignments", t.id, q.RoleID, q.UserKey, strconv.FormatBool(q.IncludeIndirect))
	page, next, e := paginate(items, key, false, q.PageToken, pageSize(q.MaxResults, 100, 200, w.pageCap), qh)
	if e != nil {
		return nil, e
	}
	out := &admin.RoleAssignments{Kind: "admin#directory#roleAssignments", NextPageToken: next}
	out.Items, out.Etag = wirePage("roleAssignments", page, next, toAssignment, func(a *admin.RoleAssignment) string { return a.Etag })
	return out, nil
}

func assignmentByID(t *tenant, id string) (*assignment, *apiError) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return nil, errInvalid("roleAssignmentId %q is not a role assignment ID", id)
	}
	a := t.assigns[n]
	if a == nil {
		return nil, &apiError{Code: 404, Reason: "notFound", Message: "Does not exist"}
	}
	return a, nil
}

// getRoleAssignment is directory.roleAssignments.get.
func (w *World) getRoleAssignment(as, customer, id string) (*admin.RoleAssignment, *apiError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	_, t, e := w.rolesTenant(as, customer)
	if e != nil {
		return nil, e
	}
	a, e := assignmentByID(t, id)
	if e != nil {
		return nil, e
	}
	if w.lagging("roleAssignment:" + idKey(a.id)) {
		return nil, &apiError{Code: 404, Reason: "notFound", Message: "Does not exist"}
	}
	return toAssignment(a), nil
}

// insertRoleAssignment is directory.roleAssignments.insert. roleId,
// assignedTo (a user or group ID of the tenant) and scopeType (CUSTOMER or
// ORG_UNIT, the latter with orgUnitId) are required. A duplicate answers
// HTTP 500 internalError "role assignment exists: ..." as Google does.
// Org-unit scope is accepted for any role but grants only OU-scopable
// privileges (rule P4).
func (w *World) insertRoleAssignment(as, customer string, in *admin.RoleAssignment) (*admin.RoleAssignment, *apiError) {
	switch {
	case in == nil || in.RoleId == 0:
		return nil, errRequired("roleId")
	case in.AssignedTo == "":
		return nil, errRequired("assignedTo")
	case in.ScopeType == "":
		return nil, errRequired("scopeType")
	case in.ScopeType != "CUSTOMER" && in.ScopeType != "ORG_UNIT":
		return nil, errInvalid("scopeType %q: want CUSTOMER or ORG_UNIT", in.ScopeType)
	case in.ScopeType == "ORG_UNIT" && in.OrgUnitId == "":
		return nil, errRequired("orgUnitId")
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	_, t, e := w.rolesTenant(as, customer)
	if e != nil {
		return nil, e
	}
	r := t.roles[in.RoleId]
	if r == nil {
		return nil, errInvalid("roleId %d is not a role of this customer", in.RoleId)
	}
	isGroup := false
	if u := w.users[in.AssignedTo]; u != nil && u.t == t && !u.deleted {
	} else if g := w.groups[in.AssignedTo]; g != nil && g.t == t {
		isGroup = true
	} else {
		return nil, errInvalid("assignedTo %q is not the ID of a user or group of this customer", in.AssignedTo)
	}
	ouID := ""
	if in.ScopeType == "ORG_UNIT" {
		ouID = "id:" + strings.TrimPrefix(in.OrgUnitId, "id:")
		if t.ous[ouID] == nil {
			return nil, errf(400, "invalidOrgunit", "Invalid Ou Id: %s", in.OrgUnitId)
		}
	}
	var expire time.Time
	if in.ExpirationDetails != nil && in.ExpirationDetails.ExpireTime != "" {
		var e *apiError
		if expire, e = parseExpire(in.ExpirationDetails.ExpireTime, w.now); e != nil {
			return nil, e
		}
	}
	a, e := w.createAssignment(t, r, in.AssignedTo, isGroup, in.ScopeType, ouID, expire, in.Condition)
	if e != nil {
		return nil, e
	}
	w.markFresh("roleAssignment:" + idKey(a.id))
	if e := w.answerLost("directory.roleAssignments.insert"); e != nil {
		return nil, e
	}
	return toAssignment(a), nil
}

// deleteRoleAssignment is directory.roleAssignments.delete.
func (w *World) deleteRoleAssignment(as, customer, id string) *apiError {
	w.mu.Lock()
	defer w.mu.Unlock()
	_, t, e := w.rolesTenant(as, customer)
	if e != nil {
		return e
	}
	a, e := assignmentByID(t, id)
	if e != nil {
		return e
	}
	delete(t.assigns, a.id)
	w.authzGen++
	return w.answerLost("directory.roleAssignments.delete")
}
