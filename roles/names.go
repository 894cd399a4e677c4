package roles

import "maps"

// NameTable maps the SDK's privilege keys to the privilegeName a tenant's
// privilege tree uses for them. Only the name is configured: the serviceId is
// obfuscated per tenant, so the Service resolves it from the tenant's tree
// (privileges.list).
//
// Google does not publish the API names of the Reseller Tools privileges, nor
// of the legacy support ones. The defaults ([DefaultNameTable]) are the names
// of package fake, except [Support], whose default is Google's real
// SUPPORT_PRIVILEGE_GROUP. Before using the SDK on a real reseller tenant,
// list its tree (the examples/privileges program prints it) and pass the
// names found there with [WithNameTable].
type NameTable map[PrivilegeKey]string

// The default privilege names. They are package fake's names (the fake
// exports the same strings), chosen because Google's are not public; see
// [NameTable].
const (
	DefaultViewCustomersName                   = "RESELLER_VIEW_CUSTOMERS"
	DefaultAccessCustomerSupportCasesName      = "RESELLER_ACCESS_CUSTOMER_SUPPORT_CASES"
	DefaultSupportName                         = "SUPPORT_PRIVILEGE_GROUP"
	DefaultEnterpriseLegacySupportName         = "ENTERPRISE_LEGACY_SUPPORT"
	DefaultResellerEnterpriseLegacySupportName = "RESELLER_ENTERPRISE_LEGACY_SUPPORT"
)

// DefaultResellerAdminRoleName is the roleName the Service first looks for
// when it finds the pre-built Reseller Admin role. It is package fake's name:
// Google's is not public (it may well be this one, following the pattern of
// _SEED_ADMIN_ROLE, but nobody has published it). The Service also
// recognises the role by its privileges; see [Service.FindResellerAdminRole].
const DefaultResellerAdminRoleName = "_RESELLER_ADMIN_ROLE"

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
