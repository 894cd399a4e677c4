package fake

import (
	"sync"

	admin "google.golang.org/api/admin/directory/v1"

	"github.com/resellerkit/resellerkit/roles"
)

// The fake's privilege trees take every privilege name, service ID and
// system role name from package roles (roles/names.go), the SDK's
// definition: the admin_apis names and service ID are Google's, the Reseller
// Tools names and service ID, the legacy-support names and ROLE_MANAGEMENT
// are the defaults roles uses because Google's are not public.
//
// The Reseller Tools tree exists only on tenants seeded as reseller accounts;
// the two legacy-support privileges exist only on tenants seeded as legacy
// (rule P1.3: "if available").

// Service names, as privileges.list reports them beside the service IDs.
const (
	serviceNameAdminAPIs     = "admin_apis"
	serviceNameResellerTools = "reseller_tools"
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
		{name: roles.DefaultSupportName},
		{name: roles.UsersAllName, ouScopable: true, children: []privSpec{
			{name: roles.UsersCreateName, ouScopable: true},
			{name: roles.UsersDeleteName, ouScopable: true},
			{name: roles.UsersRetrieveName, ouScopable: true},
			{name: roles.UsersUpdateName, ouScopable: true},
		}},
		{name: roles.OrgUnitsAllName, ouScopable: true, children: []privSpec{
			{name: roles.OrgUnitsCreateName, ouScopable: true},
			{name: roles.OrgUnitsDeleteName, ouScopable: true},
			{name: roles.OrgUnitsRetrieveName, ouScopable: true},
			{name: roles.OrgUnitsUpdateName, ouScopable: true},
		}},
		{name: roles.GroupsAllName},
		{name: roles.DomainManagementName},
		{name: roles.LicensingName, children: []privSpec{{name: roles.LicensingReadName}}},
		{name: roles.DefaultRoleManagementName},
	}
	if legacy {
		specs = append(specs, privSpec{name: roles.DefaultEnterpriseLegacySupportName})
	}
	return specs
}

func resellerSpecs(legacy bool) []privSpec {
	top := privSpec{name: roles.DefaultResellerToolsName, children: []privSpec{
		{name: roles.DefaultResellerCustomersName, children: []privSpec{
			{name: roles.DefaultAddCustomersName},
			{name: roles.DefaultViewCustomersName},
			{name: roles.DefaultEditCustomersName},
			{name: roles.DefaultTransferCustomersName},
			{name: roles.DefaultAccessCustomerAdminName},
			{name: roles.DefaultAccessCustomerSupportCasesName},
		}},
		{name: roles.DefaultResellerBillingName},
	}}
	specs := []privSpec{top}
	if legacy {
		specs = append(specs, privSpec{name: roles.DefaultResellerEnterpriseLegacySupportName})
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
		t.roots = append(t.roots, add(roles.AdminAPIsServiceID, serviceNameAdminAPIs, s, nil))
	}
	if reseller {
		for _, s := range resellerSpecs(legacy) {
			t.roots = append(t.roots, add(roles.DefaultResellerToolsServiceID, serviceNameResellerTools, s, nil))
		}
		for _, ref := range t.all {
			if ref.service == roles.DefaultResellerToolsServiceID && ref.name != roles.DefaultResellerEnterpriseLegacySupportName {
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
