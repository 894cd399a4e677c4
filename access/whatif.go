package access

import (
	"slices"
	"strings"
	"time"

	"github.com/resellerkit/resellerkit/roles"
)

// ChangeKind names a hypothetical change for [WhatIf]. The names are those
// of the JSON form ([ParseChanges]) and are stable.
type ChangeKind string

// The kinds of [Change].
const (
	ChangeSuspend         ChangeKind = "suspend"         // Account is suspended (P5)
	ChangeDelete          ChangeKind = "delete"          // Account is deleted, with its direct role assignments
	ChangeCreateAccount   ChangeKind = "createAccount"   // Account is created, active, with no role (D1: on its domain)
	ChangeGrantRole       ChangeKind = "grantRole"       // Role is assigned to Account or Group, tenant-wide, until Expires if set (P4)
	ChangeRevokeRole      ChangeKind = "revokeRole"      // the assignments of Role made to Account or Group are deleted
	ChangeAddMember       ChangeKind = "addMember"       // Account joins Group (P4: it holds the group's roles)
	ChangeRemoveMember    ChangeKind = "removeMember"    // Account leaves Group
	ChangeAddPrivilege    ChangeKind = "addPrivilege"    // Privilege is added to the custom Role (P3)
	ChangeRemovePrivilege ChangeKind = "removePrivilege" // Privilege is removed from the custom Role
	ChangeAdvance         ChangeKind = "advance"         // Duration passes: assignments that end meanwhile expire (P4)
	ChangeMoveCustomer    ChangeKind = "moveCustomer"    // Customer is assigned to the reseller domain ToDomain (D1)
	ChangeRevokeAccess    ChangeKind = "revokeAccess"    // Customer turns reseller access off (D5)
)

// Change is one hypothetical change to a [Snapshot]. Kind says which
// fields it uses (see the ChangeKind constants); the others are ignored.
type Change struct {
	Kind ChangeKind
	// Account is a staff account's address.
	Account string
	// Group is a group's immutable ID, as role assignments name it
	// ([GroupFacts.ID]).
	Group string
	// Role is a role of the account's (or group's) reseller account, by
	// ID or by name.
	Role string
	// Privilege is a privilege of the tenant's tree, by privilegeName or
	// by the SDK's key (roles.ViewCustomers, ...).
	Privilege string
	// Expires is when a granted assignment ends (P4); zero: never.
	Expires time.Time
	// Duration is the time that passes (ChangeAdvance).
	Duration time.Duration
	// Customer is a customer ID; ToDomain a reseller domain.
	Customer string
	ToDomain string
}

// WhatIfResult is what a list of changes would do to access: per person,
// the customers gained and lost on each reseller domain, and the changes
// of facts, computed on a copy of the snapshot.
type WhatIfResult struct {
	Profile Profile `json:"profile"`
	// ReadAt is the snapshot's read time; At the time the changed world is
	// judged at (later when a change lets time pass).
	ReadAt time.Time `json:"readAt"`
	At     time.Time `json:"at"`
	// People are the people whose access changes, in the order of
	// [DriftOptions.People], then the accounts no person claims, by
	// address.
	People []PersonDelta `json:"people"`
	// Events are the changes of facts (accounts, role assignments,
	// customers) as [Diff] reports them; access events are in People.
	Events []Event `json:"events"`
	// Changed is the snapshot with the changes applied.
	Changed *Snapshot `json:"-"`
}

// PersonDelta is one person's change of access.
type PersonDelta struct {
	// ID is the person's ID, or the account's address when Unmapped.
	ID       string        `json:"id"`
	Unmapped bool          `json:"unmapped,omitempty"`
	Lost     []DomainDelta `json:"lost"`
	Gained   []DomainDelta `json:"gained"`
}

// DomainDelta is the customers of one reseller domain a person gains or
// loses, with the decision of the account behind it before and after the
// changes: the reasons it was allowed, and why it is denied (or the
// reverse).
type DomainDelta struct {
	Domain    string   `json:"domain"`
	Account   string   `json:"account"`
	Customers []string `json:"customers"`
	// Before is nil for an account the changes create, After for one they
	// delete.
	Before *Decision `json:"before,omitempty"`
	After  *Decision `json:"after,omitempty"`
}

const whatIfOp = "access.WhatIf"

// WhatIf applies changes, in order, to a copy of s and reports who would
// gain or lose which customers: the access [Diff] finds between s and the
// changed copy, grouped by person (D2), each with the decisions (P1-P8)
// before and after. s is not modified, and no Google call is made.
//
// Grants are recomputed as the roles package computes them (rules P3, P4,
// P5) from the snapshot's [TenantFacts]: changes of roles, assignments,
// group members and privileges need them, and a snapshot without them
// (written by an older release) is refused for those changes. Group
// membership is as the snapshot read it: flattened, among the accounts
// read. A privilege change applies to the role of that ID or name in every
// reseller account that has one; Google does not let system roles change.
//
// A change that cannot apply (an unknown account, role, group, customer or
// domain; a role revoked that the account does not hold directly; a
// duplicate) is an error of [resellerkit.KindInvalidArgument] naming the
// change ("changes[2].role") and what is expected.
func WhatIf(s *Snapshot, changes []Change, opts *DriftOptions) (*WhatIfResult, error) {
	return whatIf(s, changes, opts, nil)
}

// whatIf is [WhatIf]; prepare, when set, changes the copy before the
// changes apply ([Plan.AccessDelta] adds the role a plan would create).
func whatIf(s *Snapshot, changes []Change, opts *DriftOptions, prepare func(*whatIfWorld) error) (*WhatIfResult, error) {
	o, err := driftOptions(whatIfOp, opts)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return nil, invalid(whatIfOp, "s", "the snapshot is nil; read it with access.Gather or access.ReadSnapshot")
	}
	old, err := o.index("s", s)
	if err != nil {
		return nil, err
	}
	w := newWhatIfWorld(s)
	if prepare != nil {
		if err := prepare(w); err != nil {
			return nil, err
		}
	}
	for i, ch := range changes {
		if err := w.apply(ch, "changes["+itoa(i)+"]"); err != nil {
			return nil, err
		}
	}
	if err := w.recompute(); err != nil {
		return nil, err
	}
	evs, err := Diff(s, w.snap, opts)
	if err != nil {
		return nil, err
	}
	cur, err := o.index("changed", w.snap)
	if err != nil {
		return nil, err
	}
	res := &WhatIfResult{Profile: o.profile, ReadAt: s.ReadAt, At: w.snap.ReadAt, Changed: w.snap, Events: []Event{}, People: []PersonDelta{}}
	byID := map[string]int{} // index into People
	for _, e := range evs {
		if e.Access == nil {
			res.Events = append(res.Events, e)
			continue
		}
		a := e.Access
		id := a.Person
		if id == "" {
			id = a.Account
		}
		pi, ok := byID[id]
		if !ok {
			pi = len(res.People)
			byID[id] = pi
			res.People = append(res.People, PersonDelta{ID: id, Unmapped: a.Person == "", Lost: []DomainDelta{}, Gained: []DomainDelta{}})
		}
		pd := &res.People[pi]
		dd := DomainDelta{Domain: a.Domain, Account: a.Account, Customers: a.Customers,
			Before: o.decisionIn(old, a.Account), After: o.decisionIn(cur, a.Account)}
		if e.Kind == EventAccessLost {
			pd.Lost = append(pd.Lost, dd)
		} else {
			pd.Gained = append(pd.Gained, dd)
		}
	}
	rank := map[string]int{}
	var people []Person
	if opts != nil {
		people = opts.People
	}
	for i, p := range people {
		rank[strings.TrimSpace(p.ID)] = i + 1
	}
	slices.SortStableFunc(res.People, func(a, b PersonDelta) int {
		ra, rb := rank[a.ID], rank[b.ID]
		switch {
		case ra != 0 && rb != 0:
			return ra - rb
		case ra != 0:
			return -1
		case rb != 0:
			return 1
		}
		return strings.Compare(a.ID, b.ID)
	})
	return res, nil
}

// decisionIn is the decision of account email in x as coverage makes it,
// nil when x has no such account.
func (c *driftConfig) decisionIn(x *snapIndex, email string) *Decision {
	ia := x.accounts[email]
	if ia == nil {
		return nil
	}
	f := ia.facts.Facts
	if f.ReadAt.IsZero() && f.Effective.ReadAt.IsZero() {
		f.ReadAt = x.snap.ReadAt
	}
	d := Decide(f, c.profile)
	return &d
}

// whatIfWorld is the copy of a snapshot the changes apply to. Slices that
// a change modifies are copied first; the facts of the original are never
// written.
type whatIfWorld struct {
	snap  *Snapshot
	trees map[int]*roles.Tree // by tenant index
	dirty map[string]bool     // accounts whose grants must be recomputed
	seq   int                 // for the IDs of created accounts and assignments
}

func newWhatIfWorld(s *Snapshot) *whatIfWorld {
	c := *s
	c.Domains = slices.Clone(s.Domains)
	for i := range c.Domains {
		c.Domains[i].Customers = slices.Clone(c.Domains[i].Customers)
		c.Domains[i].Accounts = slices.Clone(c.Domains[i].Accounts)
	}
	c.Tenants = slices.Clone(s.Tenants)
	for i := range c.Tenants {
		t := &c.Tenants[i]
		t.Roles = slices.Clone(t.Roles)
		for j := range t.Roles {
			t.Roles[j].Privileges = slices.Clone(t.Roles[j].Privileges)
		}
		t.Assignments = slices.Clone(t.Assignments)
		t.Groups = slices.Clone(t.Groups)
		for j := range t.Groups {
			t.Groups[j].Members = slices.Clone(t.Groups[j].Members)
		}
	}
	return &whatIfWorld{snap: &c, trees: map[int]*roles.Tree{}, dirty: map[string]bool{}}
}

// domainIndex returns the index of the domain name, -1 when absent.
func (w *whatIfWorld) domainIndex(name string) int {
	n := normalizeDomain(name)
	for i := range w.snap.Domains {
		if normalizeDomain(w.snap.Domains[i].Name) == n && n != "" {
			return i
		}
	}
	return -1
}

// account finds the account raw: its normalised address, domain index and
// index on the domain (-1 when the domain holds no such account).
func (w *whatIfWorld) account(raw, field string) (email string, d, j int, err error) {
	email, dom := splitAccount(raw)
	if email == "" {
		return "", -1, -1, invalid(whatIfOp, field, quote(raw)+" is not an email address")
	}
	d = w.domainIndex(dom)
	if d < 0 {
		return email, -1, -1, invalid(whatIfOp, field, "domain "+dom+" of "+email+" is not a reseller domain of the snapshot")
	}
	for j := range w.snap.Domains[d].Accounts {
		if e, _ := splitAccount(factsEmail(&w.snap.Domains[d].Accounts[j].Facts)); e == email {
			return email, d, j, nil
		}
	}
	return email, d, -1, nil
}

// existing is [whatIfWorld.account] for an account that must exist.
func (w *whatIfWorld) existing(raw, field string) (string, *AccountFacts, int, error) {
	email, d, j, err := w.account(raw, field)
	if err != nil {
		return "", nil, 0, err
	}
	if j < 0 {
		return "", nil, 0, invalid(whatIfOp, field, "account "+email+" is not in the snapshot; gather it (name it in people) or create it first")
	}
	return email, &w.snap.Domains[d].Accounts[j], d, nil
}

// tenant returns the index of the tenant facts of domain d's reseller
// account, or an error saying the snapshot lacks them.
func (w *whatIfWorld) tenant(d int, field string) (int, error) {
	ra := w.snap.Domains[d].ResellerAccount
	for i := range w.snap.Tenants {
		if w.snap.Tenants[i].ResellerAccount == ra {
			return i, nil
		}
	}
	return -1, invalid(whatIfOp, field, "the snapshot has no role facts (Snapshot.Tenants) for reseller account "+quote(ra)+
		" of domain "+w.snap.Domains[d].Name+"; gather the snapshot again with this release")
}

func (w *whatIfWorld) tree(t int) *roles.Tree {
	if w.trees[t] == nil {
		w.trees[t] = roles.NewTree(w.snap.Tenants[t].Privileges)
	}
	return w.trees[t]
}

// group finds group id: its tenant and index.
func (w *whatIfWorld) group(id, field string) (t, g int, err error) {
	id = strings.TrimSpace(id)
	for t := range w.snap.Tenants {
		for g := range w.snap.Tenants[t].Groups {
			if w.snap.Tenants[t].Groups[g].ID == id && id != "" {
				return t, g, nil
			}
		}
	}
	return -1, -1, invalid(whatIfOp, field, "group "+quote(id)+" is not in the snapshot; give the immutable ID of a group "+
		"through which a read account holds a role (Snapshot.Tenants[].Groups)")
}

// role finds role ref (an ID, else a name) in tenant t.
func (w *whatIfWorld) role(t int, ref, field string) (int, error) {
	rs := w.snap.Tenants[t].Roles
	ref = strings.TrimSpace(ref)
	if i := slices.IndexFunc(rs, func(r roles.Role) bool { return r.ID == ref }); i >= 0 && ref != "" {
		return i, nil
	}
	if i := slices.IndexFunc(rs, func(r roles.Role) bool { return r.Name == ref }); i >= 0 && ref != "" {
		return i, nil
	}
	if i := slices.IndexFunc(rs, func(r roles.Role) bool { return strings.EqualFold(r.Name, ref) }); i >= 0 && ref != "" {
		return i, nil
	}
	return -1, invalid(whatIfOp, field, "reseller account "+quote(w.snap.Tenants[t].ResellerAccount)+" has no role with ID or name "+quote(ref))
}

// userID returns the immutable ID of account a, inventing one for an
// account the snapshot has none for, so assignments can name it.
func (w *whatIfWorld) userID(a *AccountFacts, email string) string {
	if a.Facts.Effective.UserID == "" {
		a.Facts.Effective.UserID = "whatif-user:" + email
	}
	return a.Facts.Effective.UserID
}

func (w *whatIfWorld) nextID(prefix string) string {
	w.seq++
	return "whatif-" + prefix + "-" + itoa(w.seq)
}

// now is the time the changed world is judged at: the snapshot's.
func (w *whatIfWorld) now() time.Time { return w.snap.ReadAt }
