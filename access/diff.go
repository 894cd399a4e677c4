package access

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/roles"
)

// DriftOptions tunes [Diff] and [Expiring]. A nil *DriftOptions means the
// defaults: the [CloudSupportPortal] profile (P2) and every account its own
// person.
type DriftOptions struct {
	// Profile is the portal whose access is compared (P2).
	Profile Profile
	// People maps accounts to people (D2), as for [ComputeCoverage]: access
	// is then reported per person ID and domain, the union of what the
	// person's accounts on the domain see. An account no person claims is
	// reported under its address, with Person empty.
	People []Person
}

// EventKind names a change between two snapshots. The names are stable:
// scripts may rely on them.
type EventKind string

// The kinds of [Event], in the order [Diff] lists them: the facts that
// changed (customers, accounts, role assignments), then what they did to
// access.
const (
	// A customer is assigned to a reseller domain it was not on (D1).
	EventCustomerAdded EventKind = "customer-added"
	// A customer is no longer on any reseller domain of the snapshot.
	EventCustomerRemoved EventKind = "customer-removed"
	// A customer moved from one reseller domain to another (D1): staff of
	// the old domain no longer see it in the portal, staff of the new one do.
	EventCustomerMoved EventKind = "customer-moved"
	// A customer turned reseller access off (D5): still listed, but neither
	// administered nor supported through the reseller.
	EventCustomerAccessRevoked EventKind = "customer-access-revoked"
	// A customer turned reseller access back on (D5).
	EventCustomerAccessRestored EventKind = "customer-access-restored"
	// A staff account appeared.
	EventAccountCreated EventKind = "account-created"
	// A staff account disappeared (deleted, or renamed to another address).
	EventAccountRemoved EventKind = "account-removed"
	// An account was suspended (P5).
	EventAccountSuspended EventKind = "account-suspended"
	// A suspended account is active again (P5).
	EventAccountUnsuspended EventKind = "account-unsuspended"
	// Any other change of state (archived, unarchived, ...; P5).
	EventAccountStateChanged EventKind = "account-state-changed"
	// An account holds a role assignment it did not (directly or through
	// a group: P4).
	EventAssignmentAdded EventKind = "assignment-added"
	// A role assignment of the account is gone before its expiry time.
	EventAssignmentRemoved EventKind = "assignment-removed"
	// A role assignment that granted at the first read had reached its
	// expiry time at the second (P4), whether Google still lists it or not.
	EventAssignmentExpired EventKind = "assignment-expired"
	// A person (or an account no person claims) sees customers of a
	// reseller domain in the portal they did not (P1-P7, D1).
	EventAccessGained EventKind = "access-gained"
	// A person no longer sees customers they did.
	EventAccessLost EventKind = "access-lost"
)

var eventOrder = []EventKind{
	EventCustomerAdded, EventCustomerRemoved, EventCustomerMoved, EventCustomerAccessRevoked, EventCustomerAccessRestored,
	EventAccountCreated, EventAccountRemoved, EventAccountSuspended, EventAccountUnsuspended, EventAccountStateChanged,
	EventAssignmentAdded, EventAssignmentRemoved, EventAssignmentExpired,
	EventAccessGained, EventAccessLost,
}

// Event is one change between two snapshots. Exactly one of Customer,
// Account, Assignment and Access is set, by Kind.
type Event struct {
	Kind       EventKind         `json:"kind"`
	Customer   *CustomerChange   `json:"customer,omitempty"`
	Account    *AccountChange    `json:"account,omitempty"`
	Assignment *AssignmentChange `json:"assignment,omitempty"`
	Access     *AccessChange     `json:"access,omitempty"`
}

// CustomerChange is a customer added, removed, moved, or whose reseller
// access changed (D1, D5).
type CustomerChange struct {
	ID     string `json:"id"`
	Domain string `json:"domain,omitempty"` // the customer's primary domain
	// ResellerDomain is the reseller domain the customer is on: at the
	// second read, or at the first for a removed customer.
	ResellerDomain string `json:"resellerDomain"`
	// FromResellerDomain is the domain a moved customer was on.
	FromResellerDomain string `json:"fromResellerDomain,omitempty"`
	AccessGranted      bool   `json:"accessGranted"`
}

// AccountChange is a staff account created, removed or whose state changed
// (P5).
type AccountChange struct {
	Account string `json:"account"`
	Domain  string `json:"domain"`
	Person  string `json:"person,omitempty"`
	// From is the state at the first read (nil for a created account); To
	// at the second (nil for a removed one).
	From *AccountState `json:"from,omitempty"`
	To   *AccountState `json:"to,omitempty"`
}

// AssignmentChange is a role assignment an account gained, lost, or that
// expired (P4). An assignment to a group is reported for each member
// account, with ViaGroup set.
type AssignmentChange struct {
	Account      string    `json:"account"`
	Domain       string    `json:"domain"`
	Person       string    `json:"person,omitempty"`
	AssignmentID string    `json:"assignmentId,omitempty"`
	RoleID       string    `json:"roleId,omitempty"`
	RoleName     string    `json:"roleName,omitempty"`
	ViaGroup     string    `json:"viaGroup,omitempty"`
	ExpireTime   time.Time `json:"expireTime,omitzero"`
}

// AccessChange is the customers a person gained or lost on one reseller
// domain: those [Visible] gives under the [Decide] of the person's
// accounts on the domain, as coverage computes them (P1-P7, D1, D5).
type AccessChange struct {
	// Person is the person's ID, "" for an account no person claims.
	Person string `json:"person,omitempty"`
	// Account is the account behind the change: the one that grants access
	// at the read where the person has it.
	Account string `json:"account"`
	Domain  string `json:"domain"`
	// Customers are the IDs of the customers gained or lost, sorted.
	Customers []string `json:"customers"`
	// Decision is the account's decision at the second read, which says
	// why it is allowed or denied now; nil when the account is gone.
	Decision *Decision `json:"decision,omitempty"`
}

const diffOp = "access.Diff"

// Diff lists what changed between two snapshots of the same reseller
// accounts, old then new, as events in a fixed order: by kind (the order
// of the EventKind constants), then reseller domain, then account or
// person, then customer or assignment. A snapshot compared with itself, or
// with its JSON round trip, gives none.
//
// Access is compared as coverage computes it ([Decide] and [Visible] under
// opts' profile), so "access-lost" names exactly the customers a person no
// longer sees in the portal: after a suspension (P5), an expiry (P4), a
// revoked assignment or a customer moving to another domain (D1). A
// customer that revokes reseller access stays visible (D5), so it changes
// no access; it is an event of its own.
//
// Assignments are compared for accounts present in both snapshots; a
// created or removed account is one event. Compare snapshots gathered for
// the same people: an account read in one and not the other counts as
// created or removed.
//
// An account whose address is invalid or off its domain, or an invalid
// mapping of people, is an error of [resellerkit.KindInvalidArgument]. No
// Google call is made.
func Diff(old, new *Snapshot, opts *DriftOptions) ([]Event, error) {
	o, err := driftOptions(diffOp, opts)
	if err != nil {
		return nil, err
	}
	if old == nil || new == nil {
		return nil, invalid(diffOp, "old, new", "a snapshot is nil; read them with access.Gather or access.ReadSnapshot")
	}
	a, err := o.index("old", old)
	if err != nil {
		return nil, err
	}
	b, err := o.index("new", new)
	if err != nil {
		return nil, err
	}
	var out []Event
	out = diffCustomers(out, a, b)
	out = o.diffAccounts(out, a, b)
	out = o.diffAccess(out, a, b)
	sortEvents(out)
	return out, nil
}

// driftConfig is the validated [DriftOptions].
type driftConfig struct {
	profile  Profile
	personOf map[string]string // normalised account → person ID
}

func driftOptions(op string, opts *DriftOptions) (*driftConfig, error) {
	var o DriftOptions
	if opts != nil {
		o = *opts
	}
	if !o.Profile.Valid() {
		return nil, invalid(op, "DriftOptions.Profile", "unknown portal profile "+o.Profile.String())
	}
	c := &driftConfig{profile: o.Profile, personOf: map[string]string{}}
	ids := map[string]int{}
	for pi, p := range o.People {
		id := strings.TrimSpace(p.ID)
		field := "DriftOptions.People[" + itoa(pi) + "]"
		if id == "" {
			return nil, invalid(op, field+".ID", "is empty; give each person a stable key such as their Workspace address")
		}
		if prev, dup := ids[id]; dup {
			return nil, invalid(op, field+".ID", quote(id)+" is also People["+itoa(prev)+"]; IDs must be unique")
		}
		ids[id] = pi
		for ai, raw := range p.Accounts {
			e, _ := splitAccount(raw)
			if e == "" {
				return nil, invalid(op, field+".Accounts["+itoa(ai)+"]", quote(raw)+" is not an email address")
			}
			if prev, dup := c.personOf[e]; dup && prev != id {
				return nil, invalid(op, field+".Accounts["+itoa(ai)+"]",
					"account "+e+" is also mapped to person "+quote(prev)+"; an account belongs to one person")
			}
			c.personOf[e] = id
		}
	}
	return c, nil
}

// snapIndex is one snapshot, indexed by account and customer.
type snapIndex struct {
	snap     *Snapshot
	accounts map[string]*indexedAccount // by normalised address
	order    []string                   // addresses in snapshot order
	// customers by ID: the first listing wins.
	customers map[string]indexedCustomer
	custOrder []string
}

type indexedAccount struct {
	email, domain string
	facts         *AccountFacts
	customers     []domains.Customer // the customers of its domain (D1)
}

type indexedCustomer struct {
	c      domains.Customer
	domain string // the reseller domain it is listed under, normalised
}

// index indexes s; which ("old", "new") names it in errors.
func (c *driftConfig) index(which string, s *Snapshot) (*snapIndex, error) {
	x := &snapIndex{snap: s, accounts: map[string]*indexedAccount{}, customers: map[string]indexedCustomer{}}
	for i := range s.Domains {
		d := &s.Domains[i]
		name := normalizeDomain(d.Name)
		if name == "" {
			return nil, invalid(diffOp, which+".Domains["+itoa(i)+"].Name", quote(d.Name)+" is not a domain name")
		}
		for _, cu := range d.Customers {
			if _, dup := x.customers[cu.ID]; !dup {
				x.customers[cu.ID] = indexedCustomer{c: cu, domain: name}
				x.custOrder = append(x.custOrder, cu.ID)
			}
		}
		for j := range d.Accounts {
			a := &d.Accounts[j]
			email, dom := accountOn(factsEmail(&a.Facts), name)
			if email == "" || dom != name {
				return nil, invalid(diffOp, which+".Domains["+itoa(i)+"].Accounts["+itoa(j)+"]",
					"account "+quote(factsEmail(&a.Facts))+" is not a valid address on domain "+name)
			}
			if _, dup := x.accounts[email]; dup {
				continue
			}
			x.accounts[email] = &indexedAccount{email: email, domain: name, facts: a, customers: d.Customers}
			x.order = append(x.order, email)
		}
	}
	return x, nil
}

func diffCustomers(out []Event, a, b *snapIndex) []Event {
	for _, id := range b.custOrder {
		nc := b.customers[id]
		oc, had := a.customers[id]
		change := func() *CustomerChange {
			return &CustomerChange{ID: id, Domain: nc.c.Domain, ResellerDomain: nc.domain, AccessGranted: nc.c.AccessGranted}
		}
		if !had {
			out = append(out, Event{Kind: EventCustomerAdded, Customer: change()})
			continue
		}
		if oc.domain != nc.domain {
			ch := change()
			ch.FromResellerDomain = oc.domain
			out = append(out, Event{Kind: EventCustomerMoved, Customer: ch})
		}
		switch {
		case oc.c.AccessGranted && !nc.c.AccessGranted:
			out = append(out, Event{Kind: EventCustomerAccessRevoked, Customer: change()})
		case !oc.c.AccessGranted && nc.c.AccessGranted:
			out = append(out, Event{Kind: EventCustomerAccessRestored, Customer: change()})
		}
	}
	for _, id := range a.custOrder {
		if _, ok := b.customers[id]; !ok {
			oc := a.customers[id]
			out = append(out, Event{Kind: EventCustomerRemoved, Customer: &CustomerChange{
				ID: id, Domain: oc.c.Domain, ResellerDomain: oc.domain, AccessGranted: oc.c.AccessGranted}})
		}
	}
	return out
}

func (c *driftConfig) diffAccounts(out []Event, a, b *snapIndex) []Event {
	for _, email := range b.order {
		na := b.accounts[email]
		to := na.facts.Facts.State
		oa, had := a.accounts[email]
		if !had {
			out = append(out, Event{Kind: EventAccountCreated, Account: &AccountChange{
				Account: email, Domain: na.domain, Person: c.personOf[email], To: &to}})
			continue
		}
		if from := oa.facts.Facts.State; from != to {
			kind := EventAccountStateChanged
			switch {
			case to == StateSuspended:
				kind = EventAccountSuspended
			case from == StateSuspended && to == StateActive:
				kind = EventAccountUnsuspended
			}
			out = append(out, Event{Kind: kind, Account: &AccountChange{
				Account: email, Domain: na.domain, Person: c.personOf[email], From: &from, To: &to}})
		}
		out = c.diffAssignments(out, oa, na, readTime(a.snap, oa), readTime(b.snap, na))
	}
	for _, email := range a.order {
		if _, ok := b.accounts[email]; !ok {
			oa := a.accounts[email]
			from := oa.facts.Facts.State
			out = append(out, Event{Kind: EventAccountRemoved, Account: &AccountChange{
				Account: email, Domain: oa.domain, Person: c.personOf[email], From: &from}})
		}
	}
	return out
}

// readTime is when an account's facts were read (P8): the facts' own time,
// else their Effective's, else the snapshot's.
func readTime(s *Snapshot, a *indexedAccount) time.Time {
	f := &a.facts.Facts
	switch {
	case !f.ReadAt.IsZero():
		return f.ReadAt
	case !f.Effective.ReadAt.IsZero():
		return f.Effective.ReadAt
	}
	return s.ReadAt
}

// heldAssignment is one role assignment an account holds, as its
// Effective shows it: through grants (it granted when read) or skipped.
type heldAssignment struct {
	key                            string
	id, roleID, roleName, viaGroup string
	expire                         time.Time
	granting                       bool // among the grants: it granted when read (P4)
}

// assignmentsOf lists the distinct role assignments behind an account's
// grants and skipped assignments, in the order first seen. A grant built
// by hand without an assignment ID is keyed on its role and group.
func assignmentsOf(e *roles.Effective) []heldAssignment {
	var out []heldAssignment
	at := map[string]int{}
	add := func(h heldAssignment) {
		if h.id != "" {
			h.key = "id:" + h.id
		} else {
			h.key = "role:" + h.roleID + "\x00" + h.roleName + "\x00" + h.viaGroup
		}
		if i, ok := at[h.key]; ok {
			if h.granting && !out[i].granting {
				out[i] = h
			}
			return
		}
		at[h.key] = len(out)
		out = append(out, h)
	}
	grant := func(g *roles.Grant) {
		add(heldAssignment{id: g.AssignmentID, roleID: g.RoleID, roleName: g.RoleName, viaGroup: g.ViaGroup,
			expire: g.ExpireTime, granting: true})
	}
	if e.SuperAdmin != nil {
		grant(e.SuperAdmin)
	}
	if e.ResellerAdmin != nil {
		grant(e.ResellerAdmin)
	}
	for i := range e.Grants {
		grant(&e.Grants[i])
	}
	for _, s := range e.Skipped {
		h := heldAssignment{id: s.Assignment.ID, roleID: s.Assignment.RoleID, roleName: s.RoleName, expire: s.Assignment.ExpireTime}
		if s.Assignment.AssigneeType == roles.AssigneeGroup {
			h.viaGroup = s.Assignment.AssignedTo
		}
		add(h)
	}
	return out
}

// live reports whether h grants at t: it was among the grants, and t is
// before its expiry time (P4).
func (h *heldAssignment) live(t time.Time) bool {
	return h.granting && (h.expire.IsZero() || t.Before(h.expire))
}

func (c *driftConfig) diffAssignments(out []Event, oa, na *indexedAccount, oldAt, newAt time.Time) []Event {
	olds := assignmentsOf(&oa.facts.Facts.Effective)
	news := assignmentsOf(&na.facts.Facts.Effective)
	newBy := make(map[string]*heldAssignment, len(news))
	for i := range news {
		newBy[news[i].key] = &news[i]
	}
	oldBy := make(map[string]bool, len(olds))
	ev := func(kind EventKind, h *heldAssignment) Event {
		return Event{Kind: kind, Assignment: &AssignmentChange{
			Account: na.email, Domain: na.domain, Person: c.personOf[na.email],
			AssignmentID: h.id, RoleID: h.roleID, RoleName: h.roleName, ViaGroup: h.viaGroup, ExpireTime: h.expire}}
	}
	for i := range olds {
		h := &olds[i]
		oldBy[h.key] = true
		n, still := newBy[h.key]
		switch {
		case h.live(oldAt) && !h.expire.IsZero() && !newAt.Before(h.expire) && (!still || !n.live(newAt)):
			// P4: it granted at the first read and its time had come by
			// the second.
			out = append(out, ev(EventAssignmentExpired, h))
		case !still:
			out = append(out, ev(EventAssignmentRemoved, h))
		}
	}
	for i := range news {
		if !oldBy[news[i].key] {
			out = append(out, ev(EventAssignmentAdded, &news[i]))
		}
	}
	return out
}

// accessKey is a person (or an unclaimed account) on a reseller domain.
type accessKey struct {
	person, account, domain string // account only when person is ""
}

// accessState is what a person sees on a domain at one read.
type accessState struct {
	account   string // the account that grants, else the first read
	allowed   bool
	decisions map[string]Decision // by account
	customers map[string]bool
}

// accessAt computes, for every person and domain of x, the customers the
// person sees there (D1, D2): the union of [Visible] over their accounts
// on the domain, each decided at at (or at its read time when at is zero).
func (c *driftConfig) accessAt(x *snapIndex, at time.Time) map[accessKey]*accessState {
	out := map[accessKey]*accessState{}
	for _, email := range x.order {
		ia := x.accounts[email]
		f := ia.facts.Facts
		if !at.IsZero() {
			f.ReadAt = at
		} else if f.ReadAt.IsZero() && f.Effective.ReadAt.IsZero() {
			f.ReadAt = x.snap.ReadAt
		}
		dec := Decide(f, c.profile)
		k := c.keyOf(email, ia.domain)
		st := out[k]
		if st == nil {
			st = &accessState{account: email, decisions: map[string]Decision{}, customers: map[string]bool{}}
			out[k] = st
		}
		st.decisions[email] = dec
		if dec.Allowed && !st.allowed {
			st.account, st.allowed = email, true
		}
		for _, cu := range Visible(dec, ia.customers) {
			st.customers[cu.ID] = true
		}
	}
	return out
}

func (c *driftConfig) keyOf(email, domain string) accessKey {
	if p := c.personOf[email]; p != "" {
		return accessKey{person: p, domain: domain}
	}
	return accessKey{account: email, domain: domain}
}

func (c *driftConfig) diffAccess(out []Event, a, b *snapIndex) []Event {
	before, after := c.accessAt(a, time.Time{}), c.accessAt(b, time.Time{})
	keys := make([]accessKey, 0, len(before)+len(after))
	for k := range before {
		keys = append(keys, k)
	}
	for k := range after {
		if before[k] == nil {
			keys = append(keys, k)
		}
	}
	for _, k := range keys {
		o, n := before[k], after[k]
		gained, lost := setMinus(n, o), setMinus(o, n)
		if len(gained) > 0 {
			out = append(out, Event{Kind: EventAccessGained, Access: accessChange(k, n, n, gained)})
		}
		if len(lost) > 0 {
			out = append(out, Event{Kind: EventAccessLost, Access: accessChange(k, o, n, lost)})
		}
	}
	return out
}

// accessChange describes the change of key k: the account is the one that
// sees the customers at the read where the person has them (from), the
// decision that account's at the second read (nil when it is gone).
func accessChange(k accessKey, from, now *accessState, ids []string) *AccessChange {
	ch := &AccessChange{Person: k.person, Account: from.account, Domain: k.domain, Customers: ids}
	if now != nil {
		if d, ok := now.decisions[from.account]; ok {
			ch.Decision = &d
		}
	}
	return ch
}

// setMinus returns the IDs in a and not in b, sorted.
func setMinus(a, b *accessState) []string {
	if a == nil {
		return nil
	}
	var out []string
	for id := range a.customers {
		if b == nil || !b.customers[id] {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// sortEvents puts events in the documented order.
func sortEvents(evs []Event) {
	rank := make(map[EventKind]int, len(eventOrder))
	for i, k := range eventOrder {
		rank[k] = i
	}
	slices.SortStableFunc(evs, func(x, y Event) int {
		if c := cmp.Compare(rank[x.Kind], rank[y.Kind]); c != 0 {
			return c
		}
		xk, yk := x.sortKey(), y.sortKey()
		for i := range xk {
			if c := strings.Compare(xk[i], yk[i]); c != 0 {
				return c
			}
		}
		return 0
	})
}

// sortKey is (reseller domain, person or account, customer or
// assignment).
func (e *Event) sortKey() [3]string {
	switch {
	case e.Customer != nil:
		return [3]string{e.Customer.ResellerDomain, "", e.Customer.ID}
	case e.Account != nil:
		return [3]string{e.Account.Domain, e.Account.Account, ""}
	case e.Assignment != nil:
		return [3]string{e.Assignment.Domain, e.Assignment.Account, e.Assignment.AssignmentID + "\x00" + e.Assignment.RoleID}
	case e.Access != nil:
		who := e.Access.Person
		if who == "" {
			who = e.Access.Account
		}
		return [3]string{e.Access.Domain, who, ""}
	}
	return [3]string{}
}
