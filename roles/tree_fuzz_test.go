package roles_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/resellerkit/resellerkit/roles"
)

// treeFromBytes builds a privilege tree whose shape comes from data: each
// byte places one privilege under an earlier one (or at the root), with a
// name drawn from a small set so names recur across services.
func treeFromBytes(data []byte) []roles.Privilege {
	type node struct {
		p        roles.Privilege
		children []int
	}
	nodes := []node{}
	var roots []int
	for i, b := range data {
		if i >= 64 {
			break
		}
		p := roles.Privilege{
			ServiceID:  fmt.Sprintf("svc%d", b%3),
			Name:       fmt.Sprintf("P%d", int(b>>2)%12),
			OUScopable: b&1 == 1,
		}
		nodes = append(nodes, node{p: p})
		if len(nodes) == 1 || b%5 == 0 {
			roots = append(roots, i)
			continue
		}
		parent := int(b) % (len(nodes) - 1)
		nodes[parent].children = append(nodes[parent].children, i)
	}
	var build func(i int) roles.Privilege
	build = func(i int) roles.Privilege {
		p := nodes[i].p
		for _, c := range nodes[i].children {
			p.Children = append(p.Children, build(c))
		}
		return p
	}
	var out []roles.Privilege
	for _, r := range roots {
		out = append(out, build(r))
	}
	return out
}

// FuzzTree checks the P3 invariants on arbitrary trees: holding a privilege
// implies exactly what Expand lists, Expand starts with the privilege
// itself, and every node's ancestors imply it.
func FuzzTree(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7})
	f.Add([]byte{10, 11, 200, 13, 5, 255, 42, 42, 42})
	f.Add([]byte{})
	s, _, _ := suiteService(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		tree := roles.NewTree(treeFromBytes(data))
		nodes := tree.Nodes()
		if len(nodes) != tree.Len() {
			t.Fatalf("Len %d, Nodes %d", tree.Len(), len(nodes))
		}
		for _, n := range nodes {
			exp := tree.Expand(n.Privilege)
			if len(exp) == 0 {
				t.Fatalf("Expand(%v) is empty", n.Privilege)
			}
			for _, m := range nodes {
				if tree.Implies(n.Privilege, m.Privilege) != slices.Contains(exp, m.Privilege) {
					t.Fatalf("Implies(%v, %v) disagrees with Expand %v", n.Privilege, m.Privilege, exp)
				}
			}
			for _, a := range n.Ancestors {
				if !tree.Implies(a, n.Privilege) {
					t.Fatalf("ancestor %v does not imply %v", a, n.Privilege)
				}
			}
		}
		// EffectiveFrom never panics and grants only tree members or the
		// role's own privileges.
		var privs []roles.PrivilegeRef
		for i, n := range nodes {
			if i%2 == 0 {
				privs = append(privs, n.Privilege)
			}
		}
		eff := s.EffectiveFrom(tree, roles.Account{ID: "1"},
			[]roles.Assignment{{ID: "2", RoleID: "3", AssignedTo: "1", AssigneeType: roles.AssigneeUser, Scope: roles.ScopeCustomer}},
			[]roles.Role{{ID: "3", Privileges: privs}}, time.Unix(0, 0))
		for _, g := range eff.Grants {
			if _, ok := tree.Lookup(g.Privilege); !ok && !slices.Contains(privs, g.Privilege) {
				t.Fatalf("grant of %v, which is neither in the tree nor in the role", g.Privilege)
			}
		}
	})
}

// BenchmarkEffectiveFrom measures the pure computation access runs per
// account in bulk work: a custom role of three privileges and a super admin
// over a tree of about a hundred privileges.
func BenchmarkEffectiveFrom(b *testing.B) {
	var roots []roles.Privilege
	for i := range 20 {
		p := roles.Privilege{ServiceID: "svc", Name: fmt.Sprintf("GROUP_%d", i)}
		for j := range 4 {
			p.Children = append(p.Children, roles.Privilege{ServiceID: "svc", Name: fmt.Sprintf("LEAF_%d_%d", i, j)})
		}
		roots = append(roots, p)
	}
	roots = append(roots, testTree(false)...)
	tree := roles.NewTree(roots)
	s, _, _ := suiteService(b)
	now := time.Unix(1_800_000_000, 0)
	custom := roles.Role{ID: "10", Name: "Portal", Privileges: []roles.PrivilegeRef{
		ref(svcReseller, roles.DefaultViewCustomersName), ref(svcReseller, roles.DefaultAccessCustomerSupportCasesName), ref(svcAdmin, roles.DefaultSupportName),
	}}
	super := roles.Role{ID: "11", Name: roles.SuperAdminRoleName, IsSystem: true, IsSuperAdmin: true}
	acct := roles.Account{ID: "1", Email: "a@x.example"}
	for _, bc := range []struct {
		name string
		role roles.Role
	}{{"custom role", custom}, {"super admin", super}} {
		as := []roles.Assignment{{ID: "5", RoleID: bc.role.ID, AssignedTo: "1", AssigneeType: roles.AssigneeUser, Scope: roles.ScopeCustomer}}
		rs := []roles.Role{bc.role}
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s.EffectiveFrom(tree, acct, as, rs, now)
			}
		})
	}
}
