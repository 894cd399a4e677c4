package roles

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	admin "google.golang.org/api/admin/directory/v1"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/internal/errs"
	"github.com/resellerkit/resellerkit/internal/gapi"
)

// New returns a Service over Google's Directory API, through conn: every
// call gets the Conn's retry and pacing (rules W1-W4), and assignment expiry
// (P4) is judged by the Conn's clock ([resellerkit.Conn.Now]), so a Conn of
// package fake follows its World's clock. The Conn needs the scope
// admin.directory.rolemanagement (or its .readonly form for reads only) and
// admin.directory.user.readonly for [Service.Effective].
//
// A nil conn or an invalid option is an error of
// [resellerkit.KindInvalidArgument] naming it.
func New(conn *resellerkit.Conn, opts ...Option) (*Service, error) {
	if conn == nil || conn.Directory() == nil {
		return nil, errs.Invalid("roles.New", "conn", "the *resellerkit.Conn is nil; build one with resellerkit.Dial")
	}
	cfg, err := buildConfig(opts)
	if err != nil {
		return nil, err
	}
	return &Service{
		g:     &google{dir: conn.Directory()},
		conn:  conn,
		cfg:   cfg,
		now:   conn.Clock(),
		trees: map[string]cachedTree{},
	}, nil
}

// google makes the Directory API calls of a [Service], one method per
// call, page by page, with no business rules. It classifies Google's errors
// and names the API method that failed ([errs.Call]); the Service
// sets Op to its own method.
type google struct {
	dir *admin.Service
}

// assignmentFilter is the server-side filter of roleAssignments.list.
// Google accepts roleId or userKey, not both (the Service filters the second
// on the client); includeIndirectRoleAssignments needs userKey.
type assignmentFilter struct {
	RoleID          string
	UserKey         string
	IncludeIndirect bool // assignments held through groups, nested ones included
}

func parseID(op, field, id string) (int64, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return 0, errs.Invalid(op, field, fmt.Sprintf("%q is not a Google ID (a positive decimal number)", id))
	}
	return n, nil
}

// Google: directory.privileges.list
func (g *google) listPrivileges(ctx context.Context, customer string) ([]Privilege, error) {
	res, err := g.dir.Privileges.List(customer).Context(ctx).Do()
	if err != nil {
		return nil, errs.Call("directory.privileges.list", err)
	}
	return fromPrivileges(res.Items), nil
}

func fromPrivileges(in []*admin.Privilege) []Privilege {
	if len(in) == 0 {
		return nil
	}
	out := make([]Privilege, 0, len(in))
	for _, p := range in {
		if p == nil {
			continue
		}
		out = append(out, Privilege{
			ServiceID:   p.ServiceId,
			ServiceName: p.ServiceName,
			Name:        p.PrivilegeName,
			OUScopable:  p.IsOuScopable,
			Children:    fromPrivileges(p.ChildPrivileges),
		})
	}
	return out
}

// Google: directory.roles.list
func (g *google) listRoles(ctx context.Context, customer string, p resellerkit.PageRequest) (resellerkit.Page[Role], error) {
	res, err := gapi.Page(g.dir.Roles.List(customer), p.Size, p.Token).Context(ctx).Do()
	if err != nil {
		return resellerkit.Page[Role]{}, errs.Call("directory.roles.list", err)
	}
	out := resellerkit.Page[Role]{NextPageToken: res.NextPageToken, Items: make([]Role, 0, len(res.Items))}
	for _, r := range res.Items {
		if r != nil {
			out.Items = append(out.Items, fromRole(r))
		}
	}
	return out, nil
}

// Google: directory.roles.get
func (g *google) getRole(ctx context.Context, customer, roleID string) (Role, error) {
	const op = "roles.GetRole"
	if _, err := parseID(op, "roleID", roleID); err != nil {
		return Role{}, err
	}
	r, err := g.dir.Roles.Get(customer, roleID).Context(ctx).Do()
	if err != nil {
		return Role{}, errs.Call("directory.roles.get", err)
	}
	return fromRole(r), nil
}

// Google: directory.roles.insert
func (g *google) insertRole(ctx context.Context, customer string, r Role) (Role, error) {
	in := &admin.Role{RoleName: r.Name, RoleDescription: r.Description}
	for _, p := range r.Privileges {
		in.RolePrivileges = append(in.RolePrivileges, &admin.RoleRolePrivileges{PrivilegeName: p.Name, ServiceId: p.ServiceID})
	}
	res, err := g.dir.Roles.Insert(customer, in).Context(ctx).Do()
	if err != nil {
		return Role{}, errs.Call("directory.roles.insert", err)
	}
	return fromRole(res), nil
}

// Google: directory.roles.delete
func (g *google) deleteRole(ctx context.Context, customer, roleID string) error {
	const op = "roles.DeleteRole"
	if _, err := parseID(op, "roleID", roleID); err != nil {
		return err
	}
	return errs.Call("directory.roles.delete", g.dir.Roles.Delete(customer, roleID).Context(ctx).Do())
}

func fromRole(r *admin.Role) Role {
	out := Role{
		ID:           strconv.FormatInt(r.RoleId, 10),
		Name:         r.RoleName,
		Description:  r.RoleDescription,
		IsSystem:     r.IsSystemRole,
		IsSuperAdmin: r.IsSuperAdminRole,
		ETag:         r.Etag,
	}
	for _, p := range r.RolePrivileges {
		if p != nil {
			out.Privileges = append(out.Privileges, PrivilegeRef{ServiceID: p.ServiceId, Name: p.PrivilegeName})
		}
	}
	return out
}

// Google: directory.roleAssignments.list
func (g *google) listAssignments(ctx context.Context, customer string, f assignmentFilter, p resellerkit.PageRequest) (resellerkit.Page[Assignment], error) {
	const op = "roles.ListAssignments"
	call := g.dir.RoleAssignments.List(customer).Context(ctx)
	if f.RoleID != "" {
		call = call.RoleId(f.RoleID)
	}
	if f.UserKey != "" {
		call = call.UserKey(f.UserKey)
	}
	if f.IncludeIndirect {
		call = call.IncludeIndirectRoleAssignments(true)
	}
	res, err := gapi.Page(call, p.Size, p.Token).Do()
	if err != nil {
		return resellerkit.Page[Assignment]{}, errs.Call("directory.roleAssignments.list", err)
	}
	out := resellerkit.Page[Assignment]{NextPageToken: res.NextPageToken, Items: make([]Assignment, 0, len(res.Items))}
	for _, a := range res.Items {
		if a == nil {
			continue
		}
		x, err := fromAssignment(op, a)
		if err != nil {
			return resellerkit.Page[Assignment]{}, err
		}
		out.Items = append(out.Items, x)
	}
	return out, nil
}

// Google: directory.roleAssignments.get
func (g *google) getAssignment(ctx context.Context, customer, assignmentID string) (Assignment, error) {
	const op = "roles.GetAssignment"
	if _, err := parseID(op, "assignmentID", assignmentID); err != nil {
		return Assignment{}, err
	}
	a, err := g.dir.RoleAssignments.Get(customer, assignmentID).Context(ctx).Do()
	if err != nil {
		return Assignment{}, errs.Call("directory.roleAssignments.get", err)
	}
	return fromAssignment(op, a)
}

// Google: directory.roleAssignments.insert
func (g *google) insertAssignment(ctx context.Context, customer string, a Assignment) (Assignment, error) {
	const op = "roles.InsertAssignment"
	roleID, err := parseID(op, "RoleID", a.RoleID)
	if err != nil {
		return Assignment{}, err
	}
	in := toGoogleAssignment(roleID, a)
	res, err := g.dir.RoleAssignments.Insert(customer, in).Context(ctx).Do()
	if err != nil {
		return Assignment{}, errs.Call("directory.roleAssignments.insert", err)
	}
	return fromAssignment(op, res)
}

func toGoogleAssignment(roleID int64, a Assignment) *admin.RoleAssignment {
	in := &admin.RoleAssignment{
		RoleId:     roleID,
		AssignedTo: a.AssignedTo,
		ScopeType:  string(a.Scope),
		Condition:  a.Condition,
	}
	if a.Scope == ScopeOrgUnit {
		in.OrgUnitId = strings.TrimPrefix(a.OrgUnitID, "id:")
	}
	if !a.ExpireTime.IsZero() {
		in.ExpirationDetails = &admin.ExpirationDetails{ExpireTime: a.ExpireTime.UTC().Format(time.RFC3339Nano)}
	}
	return in
}

// Google: directory.roleAssignments.delete
func (g *google) deleteAssignment(ctx context.Context, customer, assignmentID string) error {
	const op = "roles.DeleteAssignment"
	if _, err := parseID(op, "assignmentID", assignmentID); err != nil {
		return err
	}
	return errs.Call("directory.roleAssignments.delete", g.dir.RoleAssignments.Delete(customer, assignmentID).Context(ctx).Do())
}

func fromAssignment(op string, a *admin.RoleAssignment) (Assignment, error) {
	out := Assignment{
		ID:           strconv.FormatInt(a.RoleAssignmentId, 10),
		RoleID:       strconv.FormatInt(a.RoleId, 10),
		AssignedTo:   a.AssignedTo,
		AssigneeType: AssigneeType(strings.ToLower(a.AssigneeType)),
		Scope:        ScopeType(strings.ToUpper(a.ScopeType)),
		OrgUnitID:    strings.TrimPrefix(a.OrgUnitId, "id:"),
		Condition:    a.Condition,
		ETag:         a.Etag,
	}
	if d := a.ExpirationDetails; d != nil && d.ExpireTime != "" {
		t, err := time.Parse(time.RFC3339Nano, d.ExpireTime)
		if err != nil {
			// An expiry the SDK cannot read could hide an expired grant:
			// refuse the answer rather than guess (rule P7).
			return Assignment{}, errs.Errorf(resellerkit.KindUnknown, op,
				"role assignment %d has an expireTime that is not RFC 3339 (%q)", a.RoleAssignmentId, d.ExpireTime)
		}
		out.ExpireTime = t.UTC()
	}
	return out, nil
}

// Google: directory.users.get
func (g *google) getAccount(ctx context.Context, userKey string) (Account, error) {
	u, err := g.dir.Users.Get(userKey).Projection("basic").Context(ctx).Do()
	if err != nil {
		return Account{}, errs.Call("directory.users.get", err)
	}
	return Account{
		ID:        u.Id,
		Email:     u.PrimaryEmail,
		Suspended: u.Suspended,
		Archived:  u.Archived,
		IsAdmin:   u.IsAdmin,
	}, nil
}
