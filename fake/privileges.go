package fake

import (
	"sync"

	admin "google.golang.org/api/admin/directory/v1"
)

// Service IDs of the fake's privilege tree. [ServiceIDAdminAPIs] is Google's
// real (obfuscated) ID of the admin_apis service; [ServiceIDResellerTools]
// is the fake's own, because Google does not publish the Reseller Tools
// service (reference: api-facts §1.4).
const (
	ServiceIDAdminAPIs     = "00haapch16h1ysv"
	ServiceIDResellerTools = "01fake0reseller"

	serviceNameAdminAPIs     = "admin_apis"
	serviceNameResellerTools = "reseller_tools"
)

// Privilege names of the fake. The admin_apis names (users, org units,
// licensing, SUPPORT_PRIVILEGE_GROUP...) are Google's real ones. The Reseller
// Tools names, the legacy-support names and ROLE_MANAGEMENT are the fake's
// own: Google's API strings for them are not public, so the roles package
// resolves its privilege keys through a name table whose defaults are these.
//
// The Reseller Tools tree exists only on tenants seeded as reseller accounts;
// the two legacy-support privileges exist only on tenants seeded as legacy
// (rule P1.3: "if available").
const (
	// Reseller Tools (the fake's names), none OU-scopable.
	PrivResellerTools              = "RESELLER_TOOLS"                         // Manage Reseller Tools: parent of all below
	PrivResellerCustomers          = "RESELLER_CUSTOMERS"                     // Customers: parent of the six below
	PrivAddCustomers               = "RESELLER_ADD_CUSTOMERS"                 // Customers › Add Customers
	PrivViewCustomers              = "RESELLER_VIEW_CUSTOMERS"                // Customers › View Customers
	PrivEditCustomers              = "RESELLER_EDIT_CUSTOMERS"                // Customers › Edit Customers
	PrivTransferCustomers          = "RESELLER_TRANSFER_CUSTOMERS"            // Customers › Transfer Customers
	PrivAccessCustomerAdmin        = "RESELLER_ACCESS_CUSTOMER_ADMIN"         // Customers › Access Customers' Admin console and SDK
	PrivAccessCustomerSupportCases = "RESELLER_ACCESS_CUSTOMER_SUPPORT_CASES" // Customers › Access Customer's Support Cases
	PrivResellerBilling            = "RESELLER_BILLING"                       // Billing
	// PrivResellerEnterpriseLegacySupport exists only on legacy reseller tenants.
	PrivResellerEnterpriseLegacySupport = "RESELLER_ENTERPRISE_LEGACY_SUPPORT"

	// admin_apis (serviceId 00haapch16h1ysv).
	PrivSupport = "SUPPORT_PRIVILEGE_GROUP" // the console's "Support" privilege (real name)
	// PrivEnterpriseLegacySupport exists only on legacy tenants (the fake's name).
	PrivEnterpriseLegacySupport = "ENTERPRISE_LEGACY_SUPPORT"
	PrivUsersAll                = "USERS_ALL"
	PrivUsersCreate             = "USERS_CREATE"
	PrivUsersDelete             = "USERS_DELETE"
	PrivUsersRetrieve           = "USERS_RETRIEVE"
	PrivUsersUpdate             = "USERS_UPDATE"
	PrivOrgUnitsAll             = "ORGANIZATION_UNITS_ALL"
	PrivOrgUnitsCreate          = "ORGANIZATION_UNITS_CREATE"
	PrivOrgUnitsDelete          = "ORGANIZATION_UNITS_DELETE"
	PrivOrgUnitsRetrieve        = "ORGANIZATION_UNITS_RETRIEVE"
	PrivOrgUnitsUpdate          = "ORGANIZATION_UNITS_UPDATE"
	PrivGroupsAll               = "GROUPS_ALL"
	PrivDomainManagement        = "DOMAIN_MANAGEMENT"
	PrivLicensing               = "LICENSING"
	PrivLicensingRead           = "LICENSING_READ"
	// PrivRoleManagement guards privileges.list, roles and roleAssignments
	// in the fake (the fake's name).
	PrivRoleManagement = "ROLE_MANAGEMENT"
)

// System role names. [RoleSuperAdmin] is Google's; [RoleResellerAdmin] is the
// fake's guess at the pre-built Reseller Admin role (Google's name is not
// public; find it at run time by isSystemRole and its privileges).
const (
	RoleSuperAdmin    = "_SEED_ADMIN_ROLE"
	RoleResellerAdmin = "_RESELLER_ADMIN_ROLE"
)

// privTree is one variant of the privilege tree. Trees are immutable and
// shared by every tenant of the same kind, which keeps seeding cheap.
type privTree struct {
	roots    []*admin.Privilege
	nodes    map[string]*privNode // by privilege name
	all      []privRef            // every node, tree order
	reseller []privRef            // the Reseller Admin role's privileges
}

type privNode struct {
	ref        privRef
	ouScopable bool
	ancestors  []string // nearest first
}

type privSpec struct {
	name       string
	ouScopable bool
	children   []privSpec
}

func adminAPISpecs(legacy bool) []privSpec {
	specs := []privSpec{
		{name: PrivSupport},
		{name: PrivUsersAll, ouScopable: true, children: []privSpec{
			{name: PrivUsersCreate, ouScopable: true},
			{name: PrivUsersDelete, ouScopable: true},
			{name: PrivUsersRetrieve, ouScopable: true},
			{name: PrivUsersUpdate, ouScopable: true},
		}},
		{name: PrivOrgUnitsAll, ouScopable: true, children: []privSpec{
			{name: PrivOrgUnitsCreate, ouScopable: true},
			{name: PrivOrgUnitsDelete, ouScopable: true},
			{name: PrivOrgUnitsRetrieve, ouScopable: true},
			{name: PrivOrgUnitsUpdate, ouScopable: true},
		}},
		{name: PrivGroupsAll},
		{name: PrivDomainManagement},
		{name: PrivLicensing, children: []privSpec{{name: PrivLicensingRead}}},
		{name: PrivRoleManagement},
	}
	if legacy {
		specs = append(specs, privSpec{name: PrivEnterpriseLegacySupport})
	}
	return specs
}

func resellerSpecs(legacy bool) []privSpec {
	top := privSpec{name: PrivResellerTools, children: []privSpec{
		{name: PrivResellerCustomers, children: []privSpec{
			{name: PrivAddCustomers},
			{name: PrivViewCustomers},
			{name: PrivEditCustomers},
			{name: PrivTransferCustomers},
			{name: PrivAccessCustomerAdmin},
			{name: PrivAccessCustomerSupportCases},
		}},
		{name: PrivResellerBilling},
	}}
	specs := []privSpec{top}
	if legacy {
		specs = append(specs, privSpec{name: PrivResellerEnterpriseLegacySupport})
	}
	return specs
}

var (
	treesOnce sync.Once
	trees     [4]*privTree // index: reseller*2 + legacy
)

// treeFor returns the shared privilege tree for a kind of tenant.
func treeFor(reseller, legacy bool) *privTree {
	treesOnce.Do(func() {
		for i := range trees {
			trees[i] = buildTree(i >= 2, i%2 == 1)
		}
	})
	i := 0
	if reseller {
		i += 2
	}
	if legacy {
		i++
	}
	return trees[i]
}

func buildTree(reseller, legacy bool) *privTree {
	t := &privTree{nodes: map[string]*privNode{}}
	var add func(service, serviceName string, s privSpec, anc []string) *admin.Privilege
	add = func(service, serviceName string, s privSpec, anc []string) *admin.Privilege {
		ref := privRef{service: service, name: s.name}
		t.nodes[s.name] = &privNode{ref: ref, ouScopable: s.ouScopable, ancestors: anc}
		t.all = append(t.all, ref)
		p := &admin.Privilege{
			Kind:          "admin#directory#privilege",
			PrivilegeName: s.name,
			ServiceId:     service,
			ServiceName:   serviceName,
			IsOuScopable:  s.ouScopable,
			Etag:          etag("privilege", service+"/"+s.name, 1),
		}
		childAnc := append([]string{s.name}, anc...)
		for _, c := range s.children {
			p.ChildPrivileges = append(p.ChildPrivileges, add(service, serviceName, c, childAnc))
		}
		return p
	}
	for _, s := range adminAPISpecs(legacy) {
		t.roots = append(t.roots, add(ServiceIDAdminAPIs, serviceNameAdminAPIs, s, nil))
	}
	if reseller {
		for _, s := range resellerSpecs(legacy) {
			t.roots = append(t.roots, add(ServiceIDResellerTools, serviceNameResellerTools, s, nil))
		}
		for _, ref := range t.all {
			if ref.service == ServiceIDResellerTools && ref.name != PrivResellerEnterpriseLegacySupport {
				t.reseller = append(t.reseller, ref)
			}
		}
	}
	return t
}

// copyPrivileges deep-copies a privilege forest so a caller may mutate it.
func copyPrivileges(in []*admin.Privilege) []*admin.Privilege {
	out := make([]*admin.Privilege, len(in))
	for i, p := range in {
		c := *p
		c.ChildPrivileges = copyPrivileges(p.ChildPrivileges)
		if len(c.ChildPrivileges) == 0 {
			c.ChildPrivileges = nil
		}
		out[i] = &c
	}
	return out
}
