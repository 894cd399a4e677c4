package roles

import "time"

// PrivilegeKey is the SDK's stable name for a privilege the access rules
// depend on. Google does not publish the API strings of the Reseller Tools
// privileges (see the package doc), so a key is resolved to the tenant's
// (serviceId, privilegeName) through a [NameTable].
type PrivilegeKey string

// The privileges of the portal rules (P1, P2).
const (
	// ViewCustomers is Reseller Tools › Customers › View Customers.
	ViewCustomers PrivilegeKey = "ViewCustomers"
	// AccessCustomerSupportCases is Reseller Tools › Customers › Access
	// Customer's Support Cases.
	AccessCustomerSupportCases PrivilegeKey = "AccessCustomerSupportCases"
	// Support is the console's "Support" privilege, which the Google Cloud
	// Support Portal profile also lists (P2; the Italian seed's "Assistenza").
	Support PrivilegeKey = "Support"
	// EnterpriseLegacySupport exists only on some tenants ("if available", P1.3).
	EnterpriseLegacySupport PrivilegeKey = "EnterpriseLegacySupport"
	// ResellerEnterpriseLegacySupport exists only on some tenants (P1.3).
	ResellerEnterpriseLegacySupport PrivilegeKey = "ResellerEnterpriseLegacySupport"
)

// PrivilegeRef names one privilege of a tenant as the Directory API does.
type PrivilegeRef struct {
	ServiceID string // Google's obfuscated service ID
	Name      string // privilegeName
}

// Privilege is one node of a tenant's privilege tree (privileges.list).
type Privilege struct {
	ServiceID   string
	ServiceName string
	Name        string
	OUScopable  bool
	Children    []Privilege
}

// Ref returns the reference to p.
func (p Privilege) Ref() PrivilegeRef { return PrivilegeRef{ServiceID: p.ServiceID, Name: p.Name} }

// Role is an admin role of a tenant.
type Role struct {
	ID           string // Google's int64 roleId, in decimal
	Name         string // roleName, e.g. "_SEED_ADMIN_ROLE" for super admin
	Description  string
	Privileges   []PrivilegeRef
	IsSystem     bool
	IsSuperAdmin bool
	ETag         string
}

// ScopeType is where a role assignment applies.
type ScopeType string

// Scope types of the Directory API.
const (
	ScopeCustomer ScopeType = "CUSTOMER" // the whole tenant; the only scope that grants reseller privileges (P4)
	ScopeOrgUnit  ScopeType = "ORG_UNIT" // one org unit and its children
)

// AssigneeType is what a role assignment is assigned to.
type AssigneeType string

// Assignee types, as the Directory API spells them (lower case).
const (
	AssigneeUser  AssigneeType = "user"
	AssigneeGroup AssigneeType = "group"
)

// Assignment is a role assignment.
type Assignment struct {
	ID           string // Google's int64 roleAssignmentId, in decimal
	RoleID       string
	AssignedTo   string // the user's or group's immutable ID
	AssigneeType AssigneeType
	Scope        ScopeType
	OrgUnitID    string    // set when Scope is ScopeOrgUnit
	ExpireTime   time.Time // zero: never expires
	Condition    string
	ETag         string
}

// Expired reports whether a has expired at now: an assignment grants nothing
// from its expiry time on (P4). The zero ExpireTime never expires.
func (a Assignment) Expired(now time.Time) bool {
	return !a.ExpireTime.IsZero() && !now.Before(a.ExpireTime)
}

// Grant is one privilege an account holds, with the assignment that justifies
// it. Effective privileges are a list of grants so a decision can say why.
type Grant struct {
	Privilege    PrivilegeRef
	Key          PrivilegeKey // the SDK key of Privilege, or "" when it has none
	RoleID       string
	RoleName     string
	AssignmentID string
	// ViaGroup is the group (email or ID) the assignment was made to, when
	// the account holds it through group membership; "" for a direct one.
	ViaGroup   string
	ExpireTime time.Time // zero: never expires
}

// Effective is what an account can do, computed from its role assignments
// by rules P3 (the tree), P4 (scope, expiry, groups) and P5 (account state).
type Effective struct {
	UserID string
	Email  string
	// Blocked is true for a suspended, archived or deleted account. Grants
	// still lists what its assignments would grant, for explanation, but a
	// blocked account has no access whatever its roles (P5).
	Blocked bool
	// SuperAdmin and ResellerAdmin hold the assignment that makes them true.
	SuperAdmin    *Grant
	ResellerAdmin *Grant
	Grants        []Grant
	// Skipped lists the account's assignments that grant nothing, each with
	// its reason (org-unit scope or expiry: P4), for explanations.
	Skipped []Skipped
	// ReadAt is the clock's time when the facts were read. Google can take
	// up to 24 hours to apply role changes (P8): this is the state as read.
	ReadAt time.Time
}

// Account is the part of a user record that decides whether its roles count
// (rule P5): what [Service.Effective] reads with users.get, and what a
// caller of [Service.EffectiveFrom] passes from its own reads.
type Account struct {
	ID        string // the immutable user ID
	Email     string // the primary email
	Suspended bool
	Archived  bool
	// Deleted is for callers of EffectiveFrom that still hold a deleted
	// account's facts; Google's users.get answers 404 for one, which
	// Service.Effective returns as an error of resellerkit.KindNotFound.
	Deleted bool
	IsAdmin bool // users.get isAdmin: the account is a super admin
}

// Blocked reports whether the account has no access whatever its roles:
// suspended, archived or deleted (rule P5).
func (a Account) Blocked() bool { return a.Suspended || a.Archived || a.Deleted }
