package roles

import "slices"

// Tree is a tenant's privilege tree (privileges.list), flattened for lookups.
// Rule P3: holding a privilege grants every privilege below it, so the tree
// answers "what does holding this privilege give" ([Tree.Expand]) and "does
// holding this one give that one" ([Tree.Implies]).
//
// A Tree is immutable once built and safe for concurrent use.
type Tree struct {
	roots  []Privilege
	nodes  []Node // pre-order: a node's subtree is nodes[i : i+size[i]]
	size   []int
	byRef  map[PrivilegeRef]int
	byName map[string][]int // indexes in pre-order
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
// appears twice (same service ID and name) keeps its first place.
func NewTree(roots []Privilege) *Tree {
	t := &Tree{
		roots:  clonePrivileges(roots),
		byRef:  map[PrivilegeRef]int{},
		byName: map[string][]int{},
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
			if _, dup := t.byRef[ref]; !dup {
				t.byRef[ref] = i
				t.byName[p.Name] = append(t.byName[p.Name], i)
			}
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
func (t *Tree) Roots() []Privilege { return clonePrivileges(t.roots) }

// Len returns the number of privileges in the tree.
func (t *Tree) Len() int { return len(t.nodes) }

// Nodes returns every privilege of the tree in pre-order (a parent before
// its children), each with its ancestors.
func (t *Tree) Nodes() []Node {
	out := make([]Node, len(t.nodes))
	for i, n := range t.nodes {
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
	i, ok := t.index(ref)
	if !ok {
		return Node{}, false
	}
	return t.nodes[i].clone(), true
}

func (t *Tree) index(ref PrivilegeRef) (int, bool) {
	if t == nil {
		return 0, false
	}
	if i, ok := t.byRef[ref]; ok {
		return i, true
	}
	if is := t.byName[ref.Name]; len(is) == 1 {
		return is[0], true
	}
	return 0, false
}

// Find returns the privileges named name, in pre-order (a name may recur in
// several services).
func (t *Tree) Find(name string) []Node {
	if t == nil {
		return nil
	}
	var out []Node
	for _, i := range t.byName[name] {
		out = append(out, t.nodes[i].clone())
	}
	return out
}

// Expand returns ref and every privilege below it (rule P3), ref first. A ref
// the tree does not know is returned alone: a role may list a privilege that
// privileges.list does not show, and holding it still grants it.
func (t *Tree) Expand(ref PrivilegeRef) []PrivilegeRef {
	i, ok := t.index(ref)
	if !ok {
		return []PrivilegeRef{ref}
	}
	out := make([]PrivilegeRef, 0, t.size[i])
	for _, n := range t.nodes[i : i+t.size[i]] {
		out = append(out, n.Privilege)
	}
	return out
}

// Implies reports whether holding held grants want (rule P3): they are the
// same privilege, or held is an ancestor of want.
func (t *Tree) Implies(held, want PrivilegeRef) bool {
	if held == want {
		return true
	}
	hi, ok := t.index(held)
	if !ok {
		return false
	}
	wi, ok := t.index(want)
	if !ok {
		return false
	}
	return wi >= hi && wi < hi+t.size[hi]
}

// Resolve returns the tenant's reference for key, matched by the name table
// gives it. The second result is false when the table has no name for key or
// the tree has no privilege of that name: legacy privileges exist only on
// some tenants ("if available", rule P1.3), so absence is an answer, not an
// error. When the name recurs in several services the first in pre-order is
// used.
func (t *Tree) Resolve(table NameTable, key PrivilegeKey) (PrivilegeRef, bool) {
	name, ok := table[key]
	if !ok || name == "" || t == nil {
		return PrivilegeRef{}, false
	}
	is := t.byName[name]
	if len(is) == 0 {
		return PrivilegeRef{}, false
	}
	return t.nodes[is[0]].Privilege, true
}
