package fake

import (
	"context"
	"strconv"
	"strings"
	"time"

	admin "google.golang.org/api/admin/directory/v1"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/roles"
)

// Roles returns a [roles.Backend] that acts on the World directly, as the
// user with this email (or ID) would over HTTP: the same privilege checks,
// the same errors (classified and named by resellerkit.WrapCall exactly as
// the Google backend does with the Server's answers), the same faults and read-after-write lag, without the HTTP
// round trip. Use it with roles.NewWithBackend for fast tests.
func (w *World) Roles(asEmail string) roles.Backend {
	return &rolesBackend{w: w, as: asEmail}
}

type rolesBackend struct {
	w  *World
	as string
}

// directCall is one call of a direct backend (roles, domains, licensing):
// it runs the faults installed for method, then do, and classifies an
// error as the Google backends do, with resellerkit.WrapCall under the
// discovery method ID; the Service that made the call names its own
// operation.
func directCall[T any](ctx context.Context, w *World, method string, do func() (T, *APIError)) (T, error) {
	var zero T
	if err := ctx.Err(); err != nil {
		return zero, resellerkit.WrapCall(method, err)
	}
	if e := w.injectFault(ctx, method); e != nil {
		return zero, resellerkit.WrapCall(method, e.Err())
	}
	v, e := do()
	if e != nil {
		return zero, resellerkit.WrapCall(method, e.Err())
	}
	return v, nil
}

func (b *rolesBackend) ListPrivileges(ctx context.Context, customer string) ([]roles.Privilege, error) {
	res, err := directCall(ctx, b.w, "directory.privileges.list", func() (*admin.Privileges, *APIError) {
		return b.w.listPrivileges(b.as, customer)
	})
	if err != nil {
		return nil, err
	}
	return directPrivileges(res.Items), nil
}

func directPrivileges(in []*admin.Privilege) []roles.Privilege {
	if len(in) == 0 {
		return nil
	}
	out := make([]roles.Privilege, 0, len(in))
	for _, p := range in {
		if p == nil {
			continue
		}
		out = append(out, roles.Privilege{
			ServiceID:   p.ServiceId,
			ServiceName: p.ServiceName,
			Name:        p.PrivilegeName,
			OUScopable:  p.IsOuScopable,
			Children:    directPrivileges(p.ChildPrivileges),
		})
	}
	return out
}

func (b *rolesBackend) ListRoles(ctx context.Context, customer string, p resellerkit.PageRequest) (resellerkit.Page[roles.Role], error) {
	res, err := directCall(ctx, b.w, "directory.roles.list", func() (*admin.Roles, *APIError) {
		return b.w.listRoles(b.as, customer, p.Token, int64(p.Size))
	})
	if err != nil {
		return resellerkit.Page[roles.Role]{}, err
	}
	out := resellerkit.Page[roles.Role]{NextPageToken: res.NextPageToken, Items: make([]roles.Role, 0, len(res.Items))}
	for _, r := range res.Items {
		out.Items = append(out.Items, directRole(r))
	}
	return out, nil
}

func (b *rolesBackend) GetRole(ctx context.Context, customer, roleID string) (roles.Role, error) {
	r, err := directCall(ctx, b.w, "directory.roles.get", func() (*admin.Role, *APIError) {
		return b.w.getRole(b.as, customer, roleID)
	})
	if err != nil {
		return roles.Role{}, err
	}
	return directRole(r), nil
}

func (b *rolesBackend) InsertRole(ctx context.Context, customer string, r roles.Role) (roles.Role, error) {
	in := &admin.Role{RoleName: r.Name, RoleDescription: r.Description}
	for _, p := range r.Privileges {
		in.RolePrivileges = append(in.RolePrivileges, &admin.RoleRolePrivileges{PrivilegeName: p.Name, ServiceId: p.ServiceID})
	}
	res, err := directCall(ctx, b.w, "directory.roles.insert", func() (*admin.Role, *APIError) {
		return b.w.insertRole(b.as, customer, in)
	})
	if err != nil {
		return roles.Role{}, err
	}
	return directRole(res), nil
}

func (b *rolesBackend) DeleteRole(ctx context.Context, customer, roleID string) error {
	_, err := directCall(ctx, b.w, "directory.roles.delete", func() (struct{}, *APIError) {
		return struct{}{}, b.w.deleteRole(b.as, customer, roleID)
	})
	return err
}

func directRole(r *admin.Role) roles.Role {
	out := roles.Role{
		ID:           strconv.FormatInt(r.RoleId, 10),
		Name:         r.RoleName,
		Description:  r.RoleDescription,
		IsSystem:     r.IsSystemRole,
		IsSuperAdmin: r.IsSuperAdminRole,
		ETag:         r.Etag,
	}
	for _, p := range r.RolePrivileges {
		if p != nil {
			out.Privileges = append(out.Privileges, roles.PrivilegeRef{ServiceID: p.ServiceId, Name: p.PrivilegeName})
		}
	}
	return out
}

func (b *rolesBackend) ListAssignments(ctx context.Context, customer string, f roles.AssignmentFilter, p resellerkit.PageRequest) (resellerkit.Page[roles.Assignment], error) {
	const op = "roles.ListAssignments"
	res, err := directCall(ctx, b.w, "directory.roleAssignments.list", func() (*admin.RoleAssignments, *APIError) {
		return b.w.listRoleAssignments(b.as, customer, assignmentsQuery{
			RoleID: f.RoleID, UserKey: f.UserKey, IncludeIndirect: f.IncludeIndirect,
			MaxResults: int64(p.Size), PageToken: p.Token,
		})
	})
	if err != nil {
		return resellerkit.Page[roles.Assignment]{}, err
	}
	out := resellerkit.Page[roles.Assignment]{NextPageToken: res.NextPageToken, Items: make([]roles.Assignment, 0, len(res.Items))}
	for _, a := range res.Items {
		x, err := directAssignment(op, a)
		if err != nil {
			return resellerkit.Page[roles.Assignment]{}, err
		}
		out.Items = append(out.Items, x)
	}
	return out, nil
}

func (b *rolesBackend) GetAssignment(ctx context.Context, customer, assignmentID string) (roles.Assignment, error) {
	const op = "roles.GetAssignment"
	a, err := directCall(ctx, b.w, "directory.roleAssignments.get", func() (*admin.RoleAssignment, *APIError) {
		return b.w.getRoleAssignment(b.as, customer, assignmentID)
	})
	if err != nil {
		return roles.Assignment{}, err
	}
	return directAssignment(op, a)
}

func (b *rolesBackend) InsertAssignment(ctx context.Context, customer string, a roles.Assignment) (roles.Assignment, error) {
	const op = "roles.InsertAssignment"
	roleID, perr := strconv.ParseInt(a.RoleID, 10, 64)
	if perr != nil || roleID <= 0 {
		return roles.Assignment{}, resellerkit.InvalidField(op, "RoleID", strconv.Quote(a.RoleID)+" is not a Google ID (a positive decimal number)")
	}
	in := &admin.RoleAssignment{RoleId: roleID, AssignedTo: a.AssignedTo, ScopeType: string(a.Scope), Condition: a.Condition}
	if a.Scope == roles.ScopeOrgUnit {
		in.OrgUnitId = strings.TrimPrefix(a.OrgUnitID, "id:")
	}
	if !a.ExpireTime.IsZero() {
		in.ExpirationDetails = &admin.ExpirationDetails{ExpireTime: a.ExpireTime.UTC().Format(time.RFC3339Nano)}
	}
	res, err := directCall(ctx, b.w, "directory.roleAssignments.insert", func() (*admin.RoleAssignment, *APIError) {
		return b.w.insertRoleAssignment(b.as, customer, in)
	})
	if err != nil {
		return roles.Assignment{}, err
	}
	return directAssignment(op, res)
}

func (b *rolesBackend) DeleteAssignment(ctx context.Context, customer, assignmentID string) error {
	_, err := directCall(ctx, b.w, "directory.roleAssignments.delete", func() (struct{}, *APIError) {
		return struct{}{}, b.w.deleteRoleAssignment(b.as, customer, assignmentID)
	})
	return err
}

func directAssignment(op string, a *admin.RoleAssignment) (roles.Assignment, error) {
	out := roles.Assignment{
		ID:           strconv.FormatInt(a.RoleAssignmentId, 10),
		RoleID:       strconv.FormatInt(a.RoleId, 10),
		AssignedTo:   a.AssignedTo,
		AssigneeType: roles.AssigneeType(strings.ToLower(a.AssigneeType)),
		Scope:        roles.ScopeType(strings.ToUpper(a.ScopeType)),
		OrgUnitID:    strings.TrimPrefix(a.OrgUnitId, "id:"),
		Condition:    a.Condition,
		ETag:         a.Etag,
	}
	if d := a.ExpirationDetails; d != nil && d.ExpireTime != "" {
		t, err := time.Parse(time.RFC3339Nano, d.ExpireTime)
		if err != nil {
			return roles.Assignment{}, resellerkit.Errorf(resellerkit.KindUnknown, op,
				"role assignment %d has an expireTime that is not RFC 3339 (%q)", a.RoleAssignmentId, d.ExpireTime)
		}
		out.ExpireTime = t.UTC()
	}
	return out, nil
}

func (b *rolesBackend) GetAccount(ctx context.Context, userKey string) (roles.Account, error) {
	u, err := directCall(ctx, b.w, "directory.users.get", func() (*admin.User, *APIError) {
		return b.w.getUser(b.as, userKey)
	})
	if err != nil {
		return roles.Account{}, err
	}
	return roles.Account{ID: u.Id, Email: u.PrimaryEmail, Suspended: u.Suspended, Archived: u.Archived, IsAdmin: u.IsAdmin}, nil
}
