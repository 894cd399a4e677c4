package fake

import (
	"fmt"
	"strings"
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
	renamed  map[string]string    // package roles' default name → this tree's, when renamed
}

// local returns this tree's name of the privilege package roles names
// name: the seed may rename the Reseller Tools privileges
// ([Seed.ResellerToolsNames]), and the fake's own access checks name
// them by the defaults.
func (t *privTree) local(name string) string {
	if n, ok := t.renamed[name]; ok {
		return n
	}
	return name
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
			trees[i], _ = buildTree(i >= 2, i%2 == 1, nil)
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

// The keys of [Seed.ResellerToolsNames] besides the privilege names.
const (
	renameServiceID   = "serviceId"
	renameServiceName = "serviceName"
)

// seedTrees builds the trees of one seed: the shared ones, or, when the seed
// renames the Reseller Tools privileges, trees of its own (built once per
// kind of tenant).
type seedTrees struct {
	names map[string]string
	built [4]*privTree
}

func (st *seedTrees) tree(reseller, legacy bool) (*privTree, error) {
	if st == nil || len(st.names) == 0 {
		return treeFor(reseller, legacy), nil
	}
	i := 0
	if reseller {
		i += 2
	}
	if legacy {
		i++
	}
	if st.built[i] == nil {
		t, err := buildTree(reseller, legacy, st.names)
		if err != nil {
			return nil, fmt.Errorf("resellerToolsNames: %w", err)
		}
		st.built[i] = t
	}
	return st.built[i], nil
}

// buildTree builds a tree; rename maps package roles' default names of the
// Reseller Tools privileges (and renameServiceID, renameServiceName) to
// the tenant's.
func buildTree(reseller, legacy bool, rename map[string]string) (*privTree, error) {
	used := map[string]bool{renameServiceID: true, renameServiceName: true}
	for _, s := range resellerSpecs(true) {
		walkSpecs(s, func(name string) { used[name] = true })
	}
	for k, v := range rename {
		if !used[k] {
			return nil, fmt.Errorf("%q is not a Reseller Tools privilege of the fake (want a roles.Default…Name of Reseller Tools, %q or %q)", k, renameServiceID, renameServiceName)
		}
		if strings.TrimSpace(v) == "" || strings.ContainsAny(v, " \t\n") {
			return nil, fmt.Errorf("%q: the new name %q is empty or has spaces", k, v)
		}
	}
	named := func(n string) string {
		if v := rename[n]; v != "" {
			return v
		}
		return n
	}
	resellerService := roles.DefaultResellerToolsServiceID
	if v := rename[renameServiceID]; v != "" {
		resellerService = v
	}
	resellerServiceName := serviceNameResellerTools
	if v := rename[renameServiceName]; v != "" {
		resellerServiceName = v
	}
	if resellerService == roles.AdminAPIsServiceID {
		return nil, fmt.Errorf("%s: %s is the admin_apis service", renameServiceID, resellerService)
	}
	t := &privTree{nodes: map[string]*privNode{}, renamed: map[string]string{}}
	for k, v := range rename {
		if k != renameServiceID && k != renameServiceName {
			t.renamed[k] = v
		}
	}
	var err error
	var add func(service, serviceName string, s privSpec, anc []string) *admin.Privilege
	add = func(service, serviceName string, s privSpec, anc []string) *admin.Privilege {
		name := s.name
		if service == resellerService {
			name = named(s.name)
		}
		if t.nodes[name] != nil && err == nil {
			err = fmt.Errorf("two privileges are named %q", name)
		}
		ref := privRef{service: service, name: name}
		t.nodes[name] = &privNode{ref: ref, ouScopable: s.ouScopable, ancestors: anc}
		t.all = append(t.all, ref)
		p := &admin.Privilege{
			Kind:          "admin#directory#privilege",
			PrivilegeName: name,
			ServiceId:     service,
			ServiceName:   serviceName,
			IsOuScopable:  s.ouScopable,
			Etag:          etag("privilege", service+"/"+name, 1),

			ForceSendFields: privilegeWireFields, // wire.go
		}
		childAnc := append([]string{name}, anc...)
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
			t.roots = append(t.roots, add(resellerService, resellerServiceName, s, nil))
		}
		legacyName := named(roles.DefaultResellerEnterpriseLegacySupportName)
		for _, ref := range t.all {
			if ref.service == resellerService && ref.name != legacyName {
				t.reseller = append(t.reseller, ref)
			}
		}
	}
	return t, err
}

func walkSpecs(s privSpec, f func(string)) {
	f(s.name)
	for _, c := range s.children {
		walkSpecs(c, f)
	}
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
