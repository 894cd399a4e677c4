package roles

import "slices"

// Tree is a tenant's privilege tree (privileges.list), flattened for lookups.
// Rule P3: holding a privilege grants every privilege below it, so the tree
// answers "what does holding this privilege give" ([Tree.Expand]) and "does
// holding this one give that one" ([Tree.Implies]).
//
// A Tree is immutable once built and safe for concurrent use. A nil *Tree
// is an empty tree.
type Tree struct {
	roots  []Privilege
	nodes  []Node // pre-order: a node's subtree is nodes[i : i+size[i]]
	size   []int
	byRef  map[PrivilegeRef][]int    // every place a privilege appears, in pre-order
	byName map[string][]PrivilegeRef // distinct privileges of a name, first seen first
}

// Node is one privilege of a flattened [Tree].
type Node struct {
	Privilege   PrivilegeRef
	ServiceName string
	OUScopable  bool
	// Ancestors are the privileges above this one, the root first; holding
	// any of them grants this one (P3). Empty for a root.
	Ancestors []PrivilegeRef
}

// Parent returns the privilege directly above n, or false for a root.
func (n Node) Parent() (PrivilegeRef, bool) {
	if len(n.Ancestors) == 0 {
		return PrivilegeRef{}, false
	}
	return n.Ancestors[len(n.Ancestors)-1], true
}

// NewTree flattens roots, the answer of privileges.list. The roots are
// copied, so later changes to them do not affect the tree. A privilege that
// appears in two places (same service ID and name) is granted by the
// ancestors of both; [Tree.Lookup] returns its first place.
func NewTree(roots []Privilege) *Tree {
	t := &Tree{
		roots:  clonePrivileges(roots),
		byRef:  map[PrivilegeRef][]int{},
		byName: map[string][]PrivilegeRef{},
	}
	var walk func(ps []Privilege, anc []PrivilegeRef)
	walk = func(ps []Privilege, anc []PrivilegeRef) {
		for _, p := range ps {
			i := len(t.nodes)
			ref := p.Ref()
			t.nodes = append(t.nodes, Node{
				Privilege:   ref,
				ServiceName: p.ServiceName,
				OUScopable:  p.OUScopable,
				Ancestors:   slices.Clip(anc),
			})
			t.size = append(t.size, 0)
			if _, seen := t.byRef[ref]; !seen {
				t.byName[p.Name] = append(t.byName[p.Name], ref)
			}
			t.byRef[ref] = append(t.byRef[ref], i)
			walk(p.Children, append(slices.Clip(anc), ref))
			t.size[i] = len(t.nodes) - i
		}
	}
	walk(t.roots, nil)
	return t
}

func clonePrivileges(ps []Privilege) []Privilege {
	if ps == nil {
		return nil
	}
	out := make([]Privilege, len(ps))
	for i, p := range ps {
		p.Children = clonePrivileges(p.Children)
		out[i] = p
	}
	return out
}

// Roots returns a copy of the tree as privileges.list returned it.
func (t *Tree) Roots() []Privilege {
	if t == nil {
		return nil
	}
	return clonePrivileges(t.roots)
}

// Len returns the number of privileges in the tree.
func (t *Tree) Len() int { return len(t.all()) }

// all returns the nodes without copying; nil for a nil tree.
func (t *Tree) all() []Node {
	if t == nil {
		return nil
	}
	return t.nodes
}

// Nodes returns every privilege of the tree in pre-order (a parent before
// its children), each with its ancestors.
func (t *Tree) Nodes() []Node {
	out := make([]Node, len(t.all()))
	for i, n := range t.all() {
		out[i] = n.clone()
	}
	return out
}

func (n Node) clone() Node {
	n.Ancestors = slices.Clone(n.Ancestors)
	return n
}

// Lookup returns the node of ref. When no privilege has exactly ref's
// service ID and name, a privilege with ref's name is used if the name is
// unique in the tree: service IDs are obfuscated, and a role read from one
// place may carry an ID written differently elsewhere.
func (t *Tree) Lookup(ref PrivilegeRef) (Node, bool) {
	is := t.places(ref)
	if len(is) == 0 {
		return Node{}, false
	}
	return t.nodes[is[0]].clone(), true
}

// places returns where ref appears, matching by name alone when the exact
// reference is unknown and the name is unique.
func (t *Tree) places(ref PrivilegeRef) []int {
	if t == nil {
		return nil
	}
	if is, ok := t.byRef[ref]; ok {
		return is
	}
	if refs := t.byName[ref.Name]; len(refs) == 1 {
		return t.byRef[refs[0]]
	}
	return nil
}

// Find returns the privileges named name, in pre-order of their first place
// (a name may recur in several services).
func (t *Tree) Find(name string) []Node {
	if t == nil {
		return nil
	}
	var out []Node
	for _, r := range t.byName[name] {
		out = append(out, t.nodes[t.byRef[r][0]].clone())
	}
	return out
}

// Expand returns ref and every privilege below it (rule P3), ref first. A ref
// the tree does not know is returned alone: a role may list a privilege that
// privileges.list does not show, and holding it still grants it.
func (t *Tree) Expand(ref PrivilegeRef) []PrivilegeRef {
	is := t.places(ref)
	if len(is) == 0 {
		return []PrivilegeRef{ref}
	}
	self := t.nodes[is[0]].Privilege
	out := []PrivilegeRef{self}
	seen := map[PrivilegeRef]bool{self: true}
	for _, i := range is {
		for _, n := range t.nodes[i+1 : i+t.size[i]] {
			if !seen[n.Privilege] {
				seen[n.Privilege] = true
				out = append(out, n.Privilege)
			}
		}
	}
	return out
}

// Implies reports whether holding held grants want (rule P3): they are the
// same privilege, or held is an ancestor of want (in any of the places
// either appears).
func (t *Tree) Implies(held, want PrivilegeRef) bool {
	if held == want {
		return true
	}
	his, wis := t.places(held), t.places(want)
	for _, hi := range his {
		for _, wi := range wis {
			if wi >= hi && wi < hi+t.size[hi] {
				return true
			}
		}
	}
	return false
}

// Resolve returns the tenant's reference for key, matched by the name the
// table gives it. The second result is false when the table has no name for
// key or the tree has no privilege of that name: legacy privileges exist
// only on some tenants ("if available", rule P1.3), so absence is an
// answer, not an error. When the name recurs in several services the first
// in pre-order is used.
func (t *Tree) Resolve(table NameTable, key PrivilegeKey) (PrivilegeRef, bool) {
	name, ok := table[key]
	if !ok || name == "" || t == nil {
		return PrivilegeRef{}, false
	}
	refs := t.byName[name]
	if len(refs) == 0 {
		return PrivilegeRef{}, false
	}
	return refs[0], true
}
