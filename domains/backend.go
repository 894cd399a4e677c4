package domains

import (
	"context"

	"github.com/resellerkit/resellerkit"
)

// Backend is what a [Service] consumes: one method per Google call, page by
// page, with no iteration and no business rules. [New] builds the Google
// implementation over a [resellerkit.Conn]; package fake provides one over its
// in-memory World (fake.World.Domains), and tests may write their own.
//
// Errors must be, or wrap, a [*resellerkit.Error] classified as Google's
// answer would be (KindNotFound for 404, KindAlreadyExists for 409
// duplicate, KindPermissionDenied for 403 forbidden, and so on): the
// Service's rules branch on the Kind. The Google backend names the failed
// API method in the error's Call ([resellerkit.WrapCall]); the Service sets
// Op to its own method.
//
// Values returned need not be normalised; the Service normalises domains and
// addresses (rule D3). Implementations must be safe for concurrent use.
type Backend interface {
	// Actor returns the primary email of the account the backend acts as
	// (the Conn's subject), or "" when it does not know. The Reseller API
	// answers for the reseller domain of that account (rule D1).
	Actor() string

	// ListDomains returns every domain of the tenant (directory.domains.list,
	// not paginated) with its aliases.
	ListDomains(ctx context.Context, customer string) ([]Domain, error)

	// GetUser returns one user (directory.users.get); userKey is a primary
	// email, an alias or the immutable ID.
	GetUser(ctx context.Context, userKey string) (Account, error)
	// ListUsers returns one page of the users whose primary email is on
	// domain (directory.users.list with domain=).
	ListUsers(ctx context.Context, domain string, f UserFilter, p resellerkit.PageRequest) (resellerkit.Page[Account], error)
	// InsertUser creates a user (directory.users.insert). An address that
	// exists is an error of KindAlreadyExists (409 duplicate).
	InsertUser(ctx context.Context, u NewUser) (Account, error)
	// PatchUser changes the fields set in ch (directory.users.patch).
	PatchUser(ctx context.Context, userKey string, ch UserChange) (Account, error)

	// GetOrgUnit returns the org unit at path (directory.orgunits.get); path
	// starts with "/".
	GetOrgUnit(ctx context.Context, customer, path string) (OrgUnit, error)
	// InsertOrgUnit creates the org unit named ou.Name under ou.ParentPath
	// (directory.orgunits.insert).
	InsertOrgUnit(ctx context.Context, customer string, ou OrgUnit) (OrgUnit, error)

	// ListSubscriptions returns one page of the reseller's subscriptions
	// (reseller.subscriptions.list).
	ListSubscriptions(ctx context.Context, f SubscriptionFilter, p resellerkit.PageRequest) (resellerkit.Page[Subscription], error)
	// GetCustomer returns a customer's record (reseller.customers.get). A
	// customer that turned reseller access off, or that the reseller does
	// not manage, is an error of KindPermissionDenied (403 forbidden).
	// Only ID, Domain and DomainVerified are read from the result.
	GetCustomer(ctx context.Context, customerID string) (Customer, error)
}

// UserFilter narrows directory.users.list.
type UserFilter struct {
	// OrgUnitPath, if set, keeps the users of that org unit and the org
	// units below it (query orgUnitPath=...).
	OrgUnitPath string
}

// NewUser is the body of directory.users.insert.
type NewUser struct {
	Email       string
	GivenName   string
	FamilyName  string
	OrgUnitPath string
	Password    Password
	// ChangePasswordAtNextLogin is true for every account the Service
	// creates: the generated password only gets the person in once.
	ChangePasswordAtNextLogin bool
}

// UserChange is the body of directory.users.patch: only the fields set are
// sent.
type UserChange struct {
	OrgUnitPath string // "" leaves it as is
	Suspended   *bool  // nil leaves it as is
}

// SubscriptionFilter narrows reseller.subscriptions.list.
type SubscriptionFilter struct {
	CustomerID         string // a customer ID or primary domain
	CustomerNamePrefix string
}
