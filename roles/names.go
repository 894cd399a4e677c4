package roles

import "maps"

// NameTable maps the SDK's privilege keys to the privilegeName a tenant's
// privilege tree uses for them. Only the name is configured: the serviceId is
// obfuscated per tenant, so the Service resolves it from the tenant's tree
// (privileges.list).
//
// Google does not publish the API names of the Reseller Tools privileges, nor
// of the legacy support ones. The defaults ([DefaultNameTable]) are the names
// package fake serves, except [Support], whose default is Google's real
// SUPPORT_PRIVILEGE_GROUP. A Service given no table learns each tenant's
// names ([Service.LearnNames]); pass a table with [WithNameTable] to pin
// them, for instance when learning finds two privileges that fit one key
// (the examples/privileges program prints the tree and what was learned).
type NameTable map[PrivilegeKey]string

// Service IDs of the privilege tree (privileges.list serviceId). The Service
// never relies on them: it reads every service ID from the tenant's tree.
// Package fake builds its trees with them.
const (
	// AdminAPIsServiceID is Google's serviceId of the admin_apis service
	// (users, org units, groups, licensing, support), seen identical in
	// every published privileges.list output.
	AdminAPIsServiceID = "00haapch16h1ysv"
	// DefaultResellerToolsServiceID is the serviceId package fake gives the
	// Reseller Tools service. Google's is not public.
	DefaultResellerToolsServiceID = "01fake0reseller"
)

// The default privilege names of the SDK keys (see [NameTable]). Google
// publishes none of them but [DefaultSupportName]; the others are the names
// package fake serves.
const (
	DefaultViewCustomersName                   = "RESELLER_VIEW_CUSTOMERS"
	DefaultAccessCustomerSupportCasesName      = "RESELLER_ACCESS_CUSTOMER_SUPPORT_CASES"
	DefaultSupportName                         = "SUPPORT_PRIVILEGE_GROUP"
	DefaultEnterpriseLegacySupportName         = "ENTERPRISE_LEGACY_SUPPORT"
	DefaultResellerEnterpriseLegacySupportName = "RESELLER_ENTERPRISE_LEGACY_SUPPORT"
)

// The other Reseller Tools privileges, as package fake names them (Google's
// names are not public), for building roles and trees in tests. Holding
// [DefaultResellerToolsName] grants every Reseller Tools privilege, and
// [DefaultResellerCustomersName] the customer ones, View Customers and
// Access Customer's Support Cases among them (rule P3).
const (
	DefaultResellerToolsName       = "RESELLER_TOOLS"                 // Manage Reseller Tools
	DefaultResellerCustomersName   = "RESELLER_CUSTOMERS"             // Customers
	DefaultAddCustomersName        = "RESELLER_ADD_CUSTOMERS"         // Customers › Add Customers
	DefaultEditCustomersName       = "RESELLER_EDIT_CUSTOMERS"        // Customers › Edit Customers
	DefaultTransferCustomersName   = "RESELLER_TRANSFER_CUSTOMERS"    // Customers › Transfer Customers
	DefaultAccessCustomerAdminName = "RESELLER_ACCESS_CUSTOMER_ADMIN" // Customers › Access Customers' Admin console and SDK
	DefaultResellerBillingName     = "RESELLER_BILLING"               // Billing
)

// Privileges of the admin_apis service ([AdminAPIsServiceID]) under
// Google's own names, as privileges.list returns them, for building custom
// roles. [DefaultRoleManagementName] is the exception: Google's name for
// the role-management privilege is not public, and this is package fake's.
const (
	UsersAllName              = "USERS_ALL" // parent of the four below; OU-scopable like them
	UsersCreateName           = "USERS_CREATE"
	UsersDeleteName           = "USERS_DELETE"
	UsersRetrieveName         = "USERS_RETRIEVE"
	UsersUpdateName           = "USERS_UPDATE"
	OrgUnitsAllName           = "ORGANIZATION_UNITS_ALL" // parent of the four below; OU-scopable like them
	OrgUnitsCreateName        = "ORGANIZATION_UNITS_CREATE"
	OrgUnitsDeleteName        = "ORGANIZATION_UNITS_DELETE"
	OrgUnitsRetrieveName      = "ORGANIZATION_UNITS_RETRIEVE"
	OrgUnitsUpdateName        = "ORGANIZATION_UNITS_UPDATE"
	GroupsAllName             = "GROUPS_ALL"
	DomainManagementName      = "DOMAIN_MANAGEMENT"
	LicensingName             = "LICENSING" // parent of LicensingReadName
	LicensingReadName         = "LICENSING_READ"
	DefaultRoleManagementName = "ROLE_MANAGEMENT"
)

// ResellerAdminRoleName is Google's roleName of the pre-built Reseller Admin
// system role (rule P1.1), as Google's own tooling matches it. The Service
// looks for it first, and also recognises the role by its privileges; see
// [Service.FindResellerAdminRole] and [WithResellerAdminRoleName].
const ResellerAdminRoleName = "_RESELLER_ADMIN_ROLE"

// SuperAdminRoleName is Google's roleName of the super admin system role. The
// Service finds that role by its isSuperAdminRole flag, not by this name.
const SuperAdminRoleName = "_SEED_ADMIN_ROLE"

// Keys lists every privilege key of the SDK, in a stable order.
func Keys() []PrivilegeKey {
	return []PrivilegeKey{ViewCustomers, AccessCustomerSupportCases, Support, EnterpriseLegacySupport, ResellerEnterpriseLegacySupport}
}

// DefaultNameTable returns a new table holding the default name of every key.
func DefaultNameTable() NameTable {
	return NameTable{
		ViewCustomers:                   DefaultViewCustomersName,
		AccessCustomerSupportCases:      DefaultAccessCustomerSupportCasesName,
		Support:                         DefaultSupportName,
		EnterpriseLegacySupport:         DefaultEnterpriseLegacySupportName,
		ResellerEnterpriseLegacySupport: DefaultResellerEnterpriseLegacySupportName,
	}
}

// With returns a copy of t in which key maps to name; t is not changed.
func (t NameTable) With(key PrivilegeKey, name string) NameTable {
	c := maps.Clone(t)
	if c == nil {
		c = NameTable{}
	}
	c[key] = name
	return c
}
