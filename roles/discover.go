package roles

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/internal/errs"
)

// Google does not publish the API names of the Reseller Tools privileges
// (rule P1), so a Service given no [NameTable] learns them from each
// tenant: from its privilege tree (privileges.list: service names, the
// parent/child structure, P3) and from the privileges its pre-built
// Reseller Admin role holds (roles.list, [ResellerAdminRoleName]). It
// matches each key and says how ([Match.Evidence]); when two privileges fit
// one key it refuses to guess ([AmbiguousPrivilegeError]).

// Evidence is one reason a key was matched to a privilege of the tenant.
type Evidence string

// The reasons of a [Match], strongest first.
const (
	// EvidencePinned: the name was given with [WithNameTable] and found in
	// the tenant's tree.
	EvidencePinned Evidence = "pinned with WithNameTable"
	// EvidenceDefaultName: the privilege has the key's default name
	// ([DefaultNameTable]).
	EvidenceDefaultName Evidence = "has the default name"
	// EvidenceNameWords: the words of its name fit the key (View
	// Customers: CUSTOMERS and VIEW, READ, RETRIEVE, LIST or GET; Access
	// Customer's Support Cases: CASES; ...).
	EvidenceNameWords Evidence = "its name's words fit the key"
	// EvidenceResellerService: its service is named like Reseller Tools.
	EvidenceResellerService Evidence = "in a service named like Reseller Tools"
	// EvidenceCustomersBranch: it sits below Reseller Tools › Customers, as
	// in the Admin console (rule P3).
	EvidenceCustomersBranch Evidence = "below Reseller Tools › Customers"
	// EvidenceResellerAdminRole: the tenant's Reseller Admin role holds it,
	// itself or through a parent (P1.1, P3).
	EvidenceResellerAdminRole Evidence = "held by the Reseller Admin role"
)

// Match is one key of [Keys] resolved against a tenant.
type Match struct {
	Key PrivilegeKey
	// Found is false when no privilege of the tenant fits the key: the
	// legacy support privileges exist only on some tenants ("if
	// available", P1.3), and a tenant that is not a reseller account has
	// no Reseller Tools.
	Found       bool
	Privilege   PrivilegeRef // the tenant's serviceId and privilegeName
	ServiceName string       // privileges.list serviceName, often "" or "Unknown" at Google
	Evidence    []Evidence
}

// Discovery is the tenant's names of the SDK keys, with how each was
// found: what [Service.LearnNames] returns.
type Discovery struct {
	Customer string
	// Pinned is true when the names come from [WithNameTable]: they were
	// only looked up in the tenant's tree, not learned.
	Pinned bool
	// Matches has one entry per key of [Keys], in that order.
	Matches []Match
	// ResellerAdminRole is the name of the system role taken as the
	// Reseller Admin role ("" when the tenant has none or Pinned).
	ResellerAdminRole string
	// ResellerToolsServices are the service IDs taken as Reseller Tools
	// (those of the Reseller Admin role's privileges and those of a
	// service named like it); empty for a tenant that is not a reseller.
	ResellerToolsServices []string
}

// Match returns the match of key.
func (d Discovery) Match(key PrivilegeKey) (Match, bool) {
	for _, m := range d.Matches {
		if m.Key == key {
			return m, true
		}
	}
	return Match{}, false
}

// Names returns the privilege names found, as a [NameTable]: pass it to
// [WithNameTable] to pin them.
func (d Discovery) Names() NameTable {
	t := NameTable{}
	for _, m := range d.Matches {
		if m.Found {
			t[m.Key] = m.Privilege.Name
		}
	}
	return t
}

func (d Discovery) clone() Discovery {
	d.Matches = slices.Clone(d.Matches)
	for i := range d.Matches {
		d.Matches[i].Evidence = slices.Clone(d.Matches[i].Evidence)
	}
	d.ResellerToolsServices = slices.Clone(d.ResellerToolsServices)
	return d
}

// ErrAmbiguousPrivilege reports that more than one privilege of a tenant
// fits an SDK key. It is wrapped in an [AmbiguousPrivilegeError] inside an
// error of [resellerkit.KindFailedPrecondition].
var ErrAmbiguousPrivilege = errors.New("more than one privilege fits an SDK key")

// AmbiguousPrivilegeError lists the privileges that fit one key, so the
// caller can pin the right one with [WithNameTable]. The Service never
// guesses between them: a wrong guess would grant or deny portal access on
// the wrong privilege (rule P7).
type AmbiguousPrivilegeError struct {
	Customer   string
	Key        PrivilegeKey
	Candidates []PrivilegeRef
}

// Error names the key, every candidate and how to pin one.
func (e *AmbiguousPrivilegeError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "customer %s has %d privileges that fit %s:", e.Customer, len(e.Candidates), e.Key)
	for i, c := range e.Candidates {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, " %s (service %s)", c.Name, c.ServiceID)
	}
	name := "NAME"
	if len(e.Candidates) > 0 {
		name = e.Candidates[0].Name
	}
	fmt.Fprintf(&b, "; resellerkit does not guess: pin the right one with roles.WithNameTable(roles.DefaultNameTable().With(roles.%s, %q))", e.Key, name)
	return b.String()
}

// Is makes errors.Is(err, ErrAmbiguousPrivilege) hold.
func (e *AmbiguousPrivilegeError) Is(target error) bool { return target == ErrAmbiguousPrivilege }

// LearnNames returns the tenant's names of the SDK keys and how each was
// matched. With [WithNameTable] the names are the table's, looked up in the
// tenant's tree (a name the tree lacks is a Match with Found false).
// Without it they are learned from the tree and the Reseller Admin role:
//
//   - a privilege with the key's default name ([DefaultNameTable]) matches,
//     unless the name recurs;
//   - otherwise the Reseller Tools privileges are those of the services of
//     the Reseller Admin role's privileges and of a service named like
//     "reseller", and the words of each name decide (View Customers:
//     CUSTOMERS with VIEW, READ, RETRIEVE, LIST or GET; Access Customer's
//     Support Cases: CASES, or SUPPORT below Customers); among several, the
//     one below Reseller Tools › Customers wins (P3);
//   - two privileges that still fit one key are an error of
//     [resellerkit.KindFailedPrecondition] wrapping an
//     [*AmbiguousPrivilegeError] that names them; so is a reseller tenant
//     where View Customers or Access Customer's Support Cases fits nothing.
//
// The answer is learned once per Service and tenant, and learned again
// when the tree is fetched again ([Service.InvalidatePrivileges],
// [WithPrivilegeCacheTTL]); a failure is not cached, and is never replaced
// by the defaults. On a learning error the Discovery returned holds the
// keys that did match, for display.
//
// Google: directory.privileges.list (cached), directory.roles.list
func (s *Service) LearnNames(ctx context.Context, customer string) (Discovery, error) {
	const op = "roles.LearnNames"
	if err := s.check(op, "customer", customer); err != nil {
		return Discovery{}, err
	}
	l, err := s.learned(ctx, customer)
	if l == nil {
		return Discovery{}, errs.ForOp(op, err)
	}
	return l.d.clone(), errs.ForOp(op, err)
}

// LearnNamesFrom is [Service.LearnNames] over facts already read, with no
// I/O: the tenant's tree ([Service.Privileges]) and every role of it
// ([Service.ListRoles]), for callers that read in bulk and then call
// [Service.EffectiveFrom]: its error is the one EffectiveFrom cannot
// return (two privileges fit a key). A successful answer is remembered as
// LearnNames's for that tree. With [WithNameTable] it returns the pinned
// names looked up in tree.
func (s *Service) LearnNamesFrom(customer string, tree *Tree, roles []Role) (Discovery, error) {
	const op = "roles.LearnNamesFrom"
	c := s.conf()
	if s == nil || s.g == nil || c.pinned {
		return pinnedNames(customer, tree, c).d.clone(), nil
	}
	l, err := s.learnFrom(customer, tree, roles)
	return l.d.clone(), errs.ForOp(op, err)
}

// learnedNames is a Discovery with the lookups built from it.
type learnedNames struct {
	tree   *Tree
	d      Discovery
	refs   map[PrivilegeKey]PrivilegeRef
	byName map[string]PrivilegeKey
}

func newLearned(tree *Tree, d Discovery, byName map[string]PrivilegeKey) *learnedNames {
	l := &learnedNames{tree: tree, d: d, refs: map[PrivilegeKey]PrivilegeRef{}, byName: byName}
	if l.byName == nil {
		l.byName = map[string]PrivilegeKey{}
		for _, m := range d.Matches {
			if m.Found {
				l.byName[m.Privilege.Name] = m.Key
			}
		}
	}
	for _, m := range d.Matches {
		if m.Found {
			l.refs[m.Key] = m.Privilege
		}
	}
	return l
}

// pinnedNames checks the configured table against tree. Keys are given by
// the configured names, as before learning existed: a role may hold a
// privilege under a name the tree does not list.
func pinnedNames(customer string, tree *Tree, c *config) *learnedNames {
	d := Discovery{Customer: customer, Pinned: true}
	for _, k := range Keys() {
		m := Match{Key: k}
		if ref, ok := tree.Resolve(c.names, k); ok {
			m.Found, m.Privilege, m.Evidence = true, ref, []Evidence{EvidencePinned}
			if n, ok := tree.Lookup(ref); ok {
				m.ServiceName = n.ServiceName
			}
		}
		d.Matches = append(d.Matches, m)
	}
	return newLearned(tree, d, c.byName)
}

// names returns the tree and the names of customer: the pinned table, or
// the learned one.
func (s *Service) names(ctx context.Context, customer string) (*Tree, *learnedNames, error) {
	l, err := s.learned(ctx, customer)
	if err != nil {
		return nil, nil, err
	}
	return l.tree, l, nil
}

// learned returns the names of customer (see LearnNames). On a learning
// error it returns the partial answer with the error.
func (s *Service) learned(ctx context.Context, customer string) (*learnedNames, error) {
	tree, err := s.Privileges(ctx, customer)
	if err != nil {
		return nil, err
	}
	if s.cfg.pinned {
		return pinnedNames(customer, tree, &s.cfg), nil
	}
	if l := s.cachedNames(customer, tree); l != nil {
		return l, nil
	}
	// As for the tree: one roles.list for concurrent callers, detached from
	// the first caller's cancellation.
	ch := s.flight.DoChan("names\x00"+customer, func() (any, error) {
		if l := s.cachedNames(customer, tree); l != nil {
			return l, nil
		}
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.treeFetchTimeout)
		defer cancel()
		rs, err := resellerkit.Collect(s.ListRoles(fctx, customer))
		if err != nil {
			return nil, err
		}
		return s.learnFrom(customer, tree, rs)
	})
	select {
	case <-ctx.Done():
		return nil, errs.New(resellerkit.KindCanceled, "roles.LearnNames", ctx.Err())
	case r := <-ch:
		l, _ := r.Val.(*learnedNames)
		return l, r.Err
	}
}

// learnFrom learns the names of customer from its tree and every role of
// it, and caches them when they are certain.
func (s *Service) learnFrom(customer string, tree *Tree, rs []Role) (*learnedNames, error) {
	d, err := learn(customer, tree, rs, s.cfg.resellerAdminName)
	l := newLearned(tree, d, nil)
	if err != nil {
		return l, err
	}
	s.mu.Lock()
	if s.learnedBy == nil {
		s.learnedBy = map[string]*learnedNames{}
	}
	s.learnedBy[customer] = l
	s.mu.Unlock()
	return l, nil
}

func (s *Service) cachedNames(customer string, tree *Tree) *learnedNames {
	s.mu.Lock()
	defer s.mu.Unlock()
	if l := s.learnedBy[customer]; l != nil && l.tree == tree {
		return l
	}
	return nil
}

// namesForTree returns the names to compute [Effective] over tree with no
// I/O: the configured ones for a nil Service or a pinned table; else those
// learned from this very tree by LearnNames; else those learned now from
// the tree and the roles given (a caller that passes every role of the
// tenant, as access.Gather does, gets LearnNames's answer; keys that cannot
// be learned so are left unresolved, never given the defaults).
func (s *Service) namesForTree(tree *Tree, rs []Role) *learnedNames {
	c := s.conf()
	if s == nil || c.pinned || s.g == nil {
		return pinnedNames("", tree, c)
	}
	s.mu.Lock()
	for _, l := range s.learnedBy {
		if l.tree == tree && tree != nil {
			s.mu.Unlock()
			return l
		}
	}
	key := offlineKey{tree: tree, role: roleFingerprint(rs, c.resellerAdminName)}
	if l := s.offline[key]; l != nil {
		s.mu.Unlock()
		return l
	}
	s.mu.Unlock()
	d, _ := learn("", tree, rs, c.resellerAdminName)
	l := newLearned(tree, d, nil)
	s.mu.Lock()
	if s.offline == nil || len(s.offline) >= maxOfflineNames {
		s.offline = map[offlineKey]*learnedNames{}
	}
	s.offline[key] = l
	s.mu.Unlock()
	return l
}

// maxOfflineNames bounds the names learned for trees built by callers:
// each new tree adds one, and a long run builds many.
const maxOfflineNames = 64

type offlineKey struct {
	tree *Tree
	role string
}

// roleFingerprint identifies the Reseller Admin role among rs, the only
// role learning reads.
func roleFingerprint(rs []Role, adminName string) string {
	r, ok := resellerAdminByName(rs, adminName)
	if !ok {
		return ""
	}
	var b strings.Builder
	b.WriteString(r.ID)
	for _, p := range r.Privileges {
		b.WriteString("\x00" + p.ServiceID + "/" + p.Name)
	}
	return b.String()
}

func resellerAdminByName(rs []Role, name string) (Role, bool) {
	for _, r := range rs {
		if r.IsSystem && strings.EqualFold(r.Name, name) {
			return r, true
		}
	}
	return Role{}, false
}

// learner holds what learning reads of one tree.
type learner struct {
	tree  *Tree
	nodes []Node // distinct privileges, first place
	words []map[string]bool
	idx   map[PrivilegeRef]int
	scope map[string]bool // the Reseller Tools service IDs
	admin *Role
}

// learn resolves every key of Keys against tree and the tenant's roles rs
// (see Service.LearnNames). It returns what matched even with an error.
func learn(customer string, tree *Tree, rs []Role, adminName string) (Discovery, error) {
	l := &learner{tree: tree, idx: map[PrivilegeRef]int{}, scope: map[string]bool{}}
	for _, n := range tree.all() {
		if _, dup := l.idx[n.Privilege]; dup {
			continue
		}
		l.idx[n.Privilege] = len(l.nodes)
		l.nodes = append(l.nodes, n)
		l.words = append(l.words, nameWords(n.Privilege.Name))
	}
	// A role may hold a privilege the tree does not list, and holding it
	// still grants it (see Tree.Expand): such privileges are candidates too.
	for _, r := range rs {
		for _, p := range r.Privileges {
			if _, ok := tree.Lookup(p); ok {
				continue
			}
			if _, dup := l.idx[p]; !dup {
				l.idx[p] = len(l.nodes)
				l.nodes = append(l.nodes, Node{Privilege: p})
				l.words = append(l.words, nameWords(p.Name))
			}
		}
	}
	d := Discovery{Customer: customer}
	if r, ok := resellerAdminByName(rs, adminName); ok {
		l.admin = &r
		d.ResellerAdminRole = r.Name
		for _, p := range r.Privileges {
			if n, ok := tree.Lookup(p); ok {
				l.scope[n.Privilege.ServiceID] = true
			}
		}
	}
	for _, n := range l.nodes {
		if strings.Contains(strings.ToLower(n.ServiceName), "reseller") {
			l.scope[n.Privilege.ServiceID] = true
		}
	}
	for id := range l.scope {
		d.ResellerToolsServices = append(d.ResellerToolsServices, id)
	}
	slices.Sort(d.ResellerToolsServices)

	var first error
	fail := func(err error) {
		if first == nil {
			first = err
		}
	}
	defaults := DefaultNameTable()
	used := map[PrivilegeRef]PrivilegeKey{}
	for _, k := range Keys() {
		m, cands := l.match(k, defaults[k])
		switch {
		case len(cands) > 1:
			fail(errs.New(resellerkit.KindFailedPrecondition, "roles.LearnNames",
				&AmbiguousPrivilegeError{Customer: customer, Key: k, Candidates: cands}))
		case m.Found:
			if other, dup := used[m.Privilege]; dup {
				fail(errs.Errorf(resellerkit.KindFailedPrecondition, "roles.LearnNames",
					"customer %s: privilege %s (service %s) fits both %s and %s; pin the right names with roles.WithNameTable",
					customer, m.Privilege.Name, m.Privilege.ServiceID, other, k))
				m = Match{Key: k}
				break
			}
			used[m.Privilege] = k
		case len(l.scope) > 0 && (k == ViewCustomers || k == AccessCustomerSupportCases):
			fail(errs.Errorf(resellerkit.KindFailedPrecondition, "roles.LearnNames",
				"customer %s has Reseller Tools (service %s) but no privilege that resellerkit recognises as %s; "+
					"find it in the tree (examples/privileges) and pin it with roles.WithNameTable(roles.DefaultNameTable().With(roles.%s, NAME))",
				customer, strings.Join(d.ResellerToolsServices, ", "), k, k))
		}
		d.Matches = append(d.Matches, m)
	}
	return d, first
}

// match finds the privilege of key: by its default name, else by the
// words of the names. Two or more candidates are returned for the caller
// to refuse.
func (l *learner) match(k PrivilegeKey, defaultName string) (Match, []PrivilegeRef) {
	reseller := k == ViewCustomers || k == AccessCustomerSupportCases || k == ResellerEnterpriseLegacySupport
	var exact []int
	for i, n := range l.nodes {
		if n.Privilege.Name == defaultName {
			exact = append(exact, i)
		}
	}
	if len(exact) > 1 {
		// The same name in several services: the one on the key's side of
		// Reseller Tools.
		exact = slices.DeleteFunc(exact, func(i int) bool { return l.inScope(i) != reseller })
	}
	if len(exact) == 1 {
		return l.found(k, exact[0], EvidenceDefaultName), nil
	}
	if len(exact) > 1 {
		return Match{Key: k}, l.refs(exact)
	}
	var cands []int
	for i := range l.nodes {
		if l.fits(k, i) {
			cands = append(cands, i)
		}
	}
	if len(cands) > 1 && reseller {
		if below := slices.DeleteFunc(slices.Clone(cands), func(i int) bool { return !l.belowCustomers(i) }); len(below) > 0 {
			cands = below
		}
	}
	switch len(cands) {
	case 0:
		return Match{Key: k}, nil
	case 1:
		return l.found(k, cands[0], EvidenceNameWords), nil
	}
	return Match{Key: k}, l.refs(cands)
}

func (l *learner) refs(is []int) []PrivilegeRef {
	out := make([]PrivilegeRef, len(is))
	for j, i := range is {
		out[j] = l.nodes[i].Privilege
	}
	return out
}

func (l *learner) found(k PrivilegeKey, i int, first Evidence) Match {
	n := l.nodes[i]
	m := Match{Key: k, Found: true, Privilege: n.Privilege, ServiceName: n.ServiceName, Evidence: []Evidence{first}}
	if l.inScope(i) && strings.Contains(strings.ToLower(n.ServiceName), "reseller") {
		m.Evidence = append(m.Evidence, EvidenceResellerService)
	}
	if l.belowCustomers(i) {
		m.Evidence = append(m.Evidence, EvidenceCustomersBranch)
	}
	if l.admin != nil && roleImplies(l.tree, *l.admin, n.Privilege) {
		m.Evidence = append(m.Evidence, EvidenceResellerAdminRole)
	}
	return m
}

func (l *learner) inScope(i int) bool { return l.scope[l.nodes[i].Privilege.ServiceID] }

// belowCustomers reports whether privilege i is a child of a Reseller
// Tools privilege named for customers (the console's Customers branch).
func (l *learner) belowCustomers(i int) bool {
	p, ok := l.nodes[i].Parent()
	if !ok || !l.scope[p.ServiceID] {
		return false
	}
	j, ok := l.idx[p]
	return ok && l.words[j]["CUSTOMER"]
}

// fits reports whether the words and place of privilege i fit key k.
func (l *learner) fits(k PrivilegeKey, i int) bool {
	w := l.words[i]
	has := func(ws ...string) bool {
		for _, x := range ws {
			if w[x] {
				return true
			}
		}
		return false
	}
	customers := w["CUSTOMER"] || l.belowCustomers(i)
	switch k {
	case ViewCustomers:
		return l.inScope(i) && customers && has("VIEW", "READ", "RETRIEVE", "LIST", "GET") && !has("CASE", "SUPPORT", "LEGACY")
	case AccessCustomerSupportCases:
		return l.inScope(i) && (w["CASE"] || w["SUPPORT"] && customers) && !w["LEGACY"]
	case Support:
		if l.inScope(i) || !w["SUPPORT"] {
			return false
		}
		for x := range w {
			if x != "SUPPORT" && x != "PRIVILEGE" && x != "GROUP" {
				return false
			}
		}
		return true
	case EnterpriseLegacySupport:
		return !l.inScope(i) && w["LEGACY"] && w["SUPPORT"] && !w["RESELLER"]
	case ResellerEnterpriseLegacySupport:
		return w["LEGACY"] && w["SUPPORT"] && (l.inScope(i) || w["RESELLER"])
	}
	return false
}

// nameWords splits a privilege name into upper-case words, plurals made
// singular ("RESELLER_VIEW_CUSTOMERS": RESELLER, VIEW, CUSTOMER).
func nameWords(name string) map[string]bool {
	w := map[string]bool{}
	for _, f := range strings.FieldsFunc(strings.ToUpper(name), func(r rune) bool {
		return !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}) {
		if len(f) > 3 && strings.HasSuffix(f, "S") && !strings.HasSuffix(f, "SS") {
			f = f[:len(f)-1]
		}
		w[f] = true
	}
	return w
}
