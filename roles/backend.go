package roles

import (
	"context"

	"github.com/resellerkit/resellerkit"
)

// Backend is what a [Service] consumes: one method per Google call, page by
// page, with no iteration and no business rules. [New] builds the Google
// implementation over a [resellerkit.Conn]; package fake provides one over its
// in-memory World (fake.World.Roles), and tests may write their own.
//
// Errors must be, or wrap, a [*resellerkit.Error] classified as Google's
// answer would be (KindNotFound for 404, KindAlreadyExists for a duplicate,
// and so on): the Service's Ensure rules branch on the Kind. The Google
// backend names the failed API method in the error's Call
// ([resellerkit.WrapCall]); the Service sets Op to its own method.
//
// Implementations must be safe for concurrent use.
type Backend interface {
	// ListPrivileges returns the tenant's privilege tree (privileges.list),
	// roots first, children nested. It is not paginated.
	ListPrivileges(ctx context.Context, customer string) ([]Privilege, error)

	// ListRoles returns one page of the tenant's roles (roles.list).
	ListRoles(ctx context.Context, customer string, p resellerkit.PageRequest) (resellerkit.Page[Role], error)
	// GetRole returns one role (roles.get).
	GetRole(ctx context.Context, customer, roleID string) (Role, error)
	// InsertRole creates a custom role from r's Name, Description and
	// Privileges (roles.insert) and returns it as stored.
	InsertRole(ctx context.Context, customer string, r Role) (Role, error)
	// DeleteRole deletes a role (roles.delete).
	DeleteRole(ctx context.Context, customer, roleID string) error

	// ListAssignments returns one page of role assignments
	// (roleAssignments.list). The Service never sets both f.RoleID and
	// f.UserKey, which Google refuses.
	ListAssignments(ctx context.Context, customer string, f AssignmentFilter, p resellerkit.PageRequest) (resellerkit.Page[Assignment], error)
	// GetAssignment returns one role assignment (roleAssignments.get).
	GetAssignment(ctx context.Context, customer, assignmentID string) (Assignment, error)
	// InsertAssignment creates a role assignment (roleAssignments.insert)
	// and returns it as stored. A duplicate is an error of
	// [resellerkit.KindAlreadyExists] (Google answers 500 "role assignment
	// exists").
	InsertAssignment(ctx context.Context, customer string, a Assignment) (Assignment, error)
	// DeleteAssignment deletes a role assignment (roleAssignments.delete).
	DeleteAssignment(ctx context.Context, customer, assignmentID string) error

	// GetAccount returns the state of a user account (users.get); userKey is
	// a primary email, an alias or the immutable ID.
	GetAccount(ctx context.Context, userKey string) (Account, error)
}

// AssignmentFilter is the server-side filter of roleAssignments.list. Google
// accepts RoleID or UserKey, not both (the Service filters the second on the
// client); IncludeIndirect needs UserKey.
type AssignmentFilter struct {
	RoleID          string
	UserKey         string
	IncludeIndirect bool // includeIndirectRoleAssignments: assignments held through groups, nested ones included
}

// Account is the part of a user record that decides whether its roles count
// (rule P5).
type Account struct {
	ID        string // the immutable user ID
	Email     string // the primary email
	Suspended bool
	Archived  bool
	// Deleted is set by backends that can still see a deleted account;
	// Google's users.get answers 404 for one instead.
	Deleted bool
	IsAdmin bool // users.get isAdmin: the account is a super admin
}

// Blocked reports whether the account has no access whatever its roles:
// suspended, archived or deleted (rule P5).
func (a Account) Blocked() bool { return a.Suspended || a.Archived || a.Deleted }
