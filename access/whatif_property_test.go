package access_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/roles"
)

// wiWorld is a small world as Google holds it, from which a snapshot is
// computed in full: the oracle of the what-if property test applies each
// change here, rebuilds the snapshot from scratch and recomputes coverage.
type wiWorld struct {
	at      time.Time
	tenants []*wiTenant
}

type wiTenant struct {
	id      string
	domains []wiDomain
	tree    []roles.Privilege
	roles   []roles.Role
	users   []wiUser
	assigns []roles.Assignment
	groups  map[string][]string // group ID → member addresses
}

type wiDomain struct {
	name              string
	primary, verified bool
	customers         []domains.Customer
}

type wiUser struct {
	id, email string
	state     access.AccountState
}

func wiTree() []roles.Privilege {
	p := func(svc, name string, kids ...roles.Privilege) roles.Privilege {
		return roles.Privilege{ServiceID: svc, Name: name, Children: kids}
	}
	const rs, ad = "01fake0reseller", "00haapch16h1ysv"
	return []roles.Privilege{
		p(rs, roles.DefaultResellerToolsName,
			p(rs, roles.DefaultResellerCustomersName,
				p(rs, roles.DefaultViewCustomersName), p(rs, roles.DefaultAccessCustomerSupportCasesName),
				p(rs, roles.DefaultEditCustomersName))),
		p(ad, roles.DefaultSupportName),
		p(ad, roles.DefaultEnterpriseLegacySupportName),
		p(ad, roles.UsersAllName, p(ad, roles.UsersRetrieveName)),
	}
}

var wiPrivNames = []string{roles.DefaultResellerToolsName, roles.DefaultResellerCustomersName, roles.DefaultViewCustomersName,
	roles.DefaultAccessCustomerSupportCasesName, roles.DefaultEditCustomersName, roles.DefaultSupportName,
	roles.DefaultEnterpriseLegacySupportName, roles.UsersRetrieveName}

func wiRef(name string) roles.PrivilegeRef {
	svc := "00haapch16h1ysv"
	if slices.Contains([]string{roles.DefaultResellerToolsName, roles.DefaultResellerCustomersName, roles.DefaultViewCustomersName,
		roles.DefaultAccessCustomerSupportCasesName, roles.DefaultEditCustomersName}, name) {
		svc = "01fake0reseller"
	}
	return roles.PrivilegeRef{ServiceID: svc, Name: name}
}

var wiT0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func wiGen(r *rand.Rand) *wiWorld {
	w := &wiWorld{at: wiT0}
	cust := 0
	for ti := range 1 + r.IntN(2) {
		t := &wiTenant{id: fmt.Sprintf("C%02d", ti), tree: wiTree(), groups: map[string][]string{}}
		for di := range 1 + r.IntN(3) {
			d := wiDomain{name: fmt.Sprintf("d%d-%d.example", ti, di), primary: di == 0, verified: di == 0 || r.IntN(4) > 0}
			if d.primary || d.verified {
				for range r.IntN(4) {
					cust++
					d.customers = append(d.customers, domains.Customer{ID: fmt.Sprintf("K%03d", cust), Domain: fmt.Sprintf("c%d.example", cust),
						ResellerDomain: d.name, AccessGranted: r.IntN(4) > 0})
				}
			}
			t.domains = append(t.domains, d)
		}
		t.roles = []roles.Role{
			{ID: "1", Name: roles.SuperAdminRoleName, IsSystem: true, IsSuperAdmin: true},
			{ID: "2", Name: roles.ResellerAdminRoleName, IsSystem: true, Privileges: []roles.PrivilegeRef{wiRef(roles.DefaultResellerToolsName)}},
		}
		for k := range 1 + r.IntN(3) {
			role := roles.Role{ID: fmt.Sprint(10 + k), Name: fmt.Sprintf("custom-%d", k)}
			for _, n := range wiPrivNames {
				if r.IntN(3) == 0 {
					role.Privileges = append(role.Privileges, wiRef(n))
				}
			}
			if len(role.Privileges) == 0 {
				role.Privileges = []roles.PrivilegeRef{wiRef(roles.UsersRetrieveName)}
			}
			t.roles = append(t.roles, role)
		}
		for u := range 1 + r.IntN(4) {
			d := t.usable(r)
			st := access.StateActive
			if r.IntN(6) == 0 {
				st = access.StateSuspended
			}
			t.users = append(t.users, wiUser{id: fmt.Sprintf("u%d%d", ti, u), email: fmt.Sprintf("user%d@%s", u, d), state: st})
		}
		for g := range r.IntN(3) {
			id := fmt.Sprintf("g%d%d", ti, g)
			t.groups[id] = nil
			for _, u := range t.users {
				if r.IntN(2) == 0 {
					t.groups[id] = append(t.groups[id], u.email)
				}
			}
		}
		for range r.IntN(5) {
			t.grant(r, w.at, fmt.Sprintf("a%d", len(t.assigns)+100*ti))
		}
		w.tenants = append(w.tenants, t)
	}
	return w
}

func (t *wiTenant) usable(r *rand.Rand) string {
	for {
		d := t.domains[r.IntN(len(t.domains))]
		if d.primary || d.verified {
			return d.name
		}
	}
}

// grant adds a random assignment: to a user or a group, expiring or not,
// sometimes org-unit scoped (P4).
func (t *wiTenant) grant(r *rand.Rand, at time.Time, id string) {
	a := roles.Assignment{ID: id, RoleID: t.roles[r.IntN(len(t.roles))].ID, Scope: roles.ScopeCustomer}
	gs := t.groupIDs()
	if len(gs) > 0 && r.IntN(3) == 0 {
		a.AssignedTo, a.AssigneeType = gs[r.IntN(len(gs))], roles.AssigneeGroup
	} else if len(t.users) > 0 {
		a.AssignedTo, a.AssigneeType = t.users[r.IntN(len(t.users))].id, roles.AssigneeUser
	} else {
		return
	}
	if r.IntN(3) == 0 {
		a.ExpireTime = at.Add(time.Duration(1+r.IntN(100)) * time.Hour)
	}
	if r.IntN(8) == 0 {
		a.Scope, a.OrgUnitID = roles.ScopeOrgUnit, "ou1"
	}
	t.assigns = append(t.assigns, a)
}

func (t *wiTenant) groupIDs() []string {
	var gs []string
	for g := range t.groups {
		gs = append(gs, g)
	}
	slices.Sort(gs)
	return gs
}

// snapshot computes the world's snapshot from scratch, every account's
// grants by roles.EffectiveFrom, as Gather does.
func (w *wiWorld) snapshot() *access.Snapshot {
	s := &access.Snapshot{ReadAt: w.at}
	var rs *roles.Service
	for _, t := range w.tenants {
		tree := roles.NewTree(t.tree)
		tf := access.TenantFacts{ResellerAccount: t.id, Privileges: t.tree, Roles: slices.Clone(t.roles), Assignments: slices.Clone(t.assigns)}
		for _, g := range t.groupIDs() {
			tf.Groups = append(tf.Groups, access.GroupFacts{ID: g, Members: slices.Sorted(slices.Values(t.groups[g]))})
		}
		for i := range tf.Roles {
			tf.Roles[i].Privileges = slices.Clone(tf.Roles[i].Privileges)
		}
		s.Tenants = append(s.Tenants, tf)
		for _, d := range t.domains {
			df := access.DomainFacts{Name: d.name, ResellerAccount: t.id, Primary: d.primary, Verified: d.verified, Customers: slices.Clone(d.customers)}
			for _, u := range t.users {
				if _, dom, _ := cutAt(u.email); dom != d.name {
					continue
				}
				var as []roles.Assignment
				for _, a := range t.assigns {
					if a.AssignedTo == u.id || slices.Contains(t.groups[a.AssignedTo], u.email) {
						as = append(as, a)
					}
				}
				acct := roles.Account{ID: u.id, Email: u.email, Suspended: u.state == access.StateSuspended}
				df.Accounts = append(df.Accounts, access.AccountFacts{Facts: access.Facts{Email: u.email, State: u.state, ReadAt: w.at,
					Effective: rs.EffectiveFrom(tree, acct, as, t.roles, w.at)}})
			}
			s.Domains = append(s.Domains, df)
		}
	}
	return s
}

func cutAt(email string) (string, string, bool) {
	for i := len(email) - 1; i >= 0; i-- {
		if email[i] == '@' {
			return email[:i], email[i+1:], true
		}
	}
	return email, "", false
}

// change picks a random change that applies, applies it to the world and
// returns it.
func (w *wiWorld) change(r *rand.Rand, seq int) (access.Change, bool) {
	t := w.tenants[r.IntN(len(w.tenants))]
	pickUser := func() (int, bool) {
		if len(t.users) == 0 {
			return 0, false
		}
		return r.IntN(len(t.users)), true
	}
	switch r.IntN(11) {
	case 0: // suspend
		i, ok := pickUser()
		if !ok {
			return access.Change{}, false
		}
		t.users[i].state = access.StateSuspended
		return access.Change{Kind: access.ChangeSuspend, Account: t.users[i].email}, true
	case 1: // delete
		i, ok := pickUser()
		if !ok {
			return access.Change{}, false
		}
		u := t.users[i]
		t.users = slices.Delete(t.users, i, i+1)
		t.assigns = slices.DeleteFunc(t.assigns, func(a roles.Assignment) bool { return a.AssignedTo == u.id })
		for g := range t.groups {
			t.groups[g] = slices.DeleteFunc(t.groups[g], func(m string) bool { return m == u.email })
		}
		return access.Change{Kind: access.ChangeDelete, Account: u.email}, true
	case 2: // create
		email := fmt.Sprintf("new%d@%s", seq, t.usable(r))
		t.users = append(t.users, wiUser{id: "new" + email, email: email, state: access.StateActive})
		return access.Change{Kind: access.ChangeCreateAccount, Account: email}, true
	case 3: // grant
		role := t.roles[r.IntN(len(t.roles))]
		a := roles.Assignment{ID: fmt.Sprint("g", seq), RoleID: role.ID, Scope: roles.ScopeCustomer}
		ch := access.Change{Kind: access.ChangeGrantRole, Role: role.Name}
		if gs := t.groupIDs(); len(gs) > 0 && r.IntN(3) == 0 {
			a.AssignedTo, a.AssigneeType, ch.Group = gs[r.IntN(len(gs))], roles.AssigneeGroup, gs[0]
			ch.Group = a.AssignedTo
		} else if i, ok := pickUser(); ok {
			a.AssignedTo, a.AssigneeType, ch.Account = t.users[i].id, roles.AssigneeUser, t.users[i].email
		} else {
			return access.Change{}, false
		}
		if r.IntN(2) == 0 {
			a.ExpireTime = w.at.Add(time.Duration(1+r.IntN(100)) * time.Hour)
			ch.Expires = a.ExpireTime
		}
		t.assigns = append(t.assigns, a)
		return ch, true
	case 4: // revoke: every assignment of the role made to that assignee
		if len(t.assigns) == 0 {
			return access.Change{}, false
		}
		a := t.assigns[r.IntN(len(t.assigns))]
		ch := access.Change{Kind: access.ChangeRevokeRole, Role: a.RoleID}
		if a.AssigneeType == roles.AssigneeGroup {
			ch.Group = a.AssignedTo
		} else {
			i := slices.IndexFunc(t.users, func(u wiUser) bool { return u.id == a.AssignedTo })
			ch.Account = t.users[i].email
		}
		t.assigns = slices.DeleteFunc(t.assigns, func(b roles.Assignment) bool { return b.RoleID == a.RoleID && b.AssignedTo == a.AssignedTo })
		return ch, true
	case 5, 6: // add or remove a member
		gs := t.groupIDs()
		i, ok := pickUser()
		if len(gs) == 0 || !ok {
			return access.Change{}, false
		}
		g, email := gs[r.IntN(len(gs))], t.users[i].email
		if slices.Contains(t.groups[g], email) {
			t.groups[g] = slices.DeleteFunc(t.groups[g], func(m string) bool { return m == email })
			return access.Change{Kind: access.ChangeRemoveMember, Group: g, Account: email}, true
		}
		t.groups[g] = append(t.groups[g], email)
		return access.Change{Kind: access.ChangeAddMember, Group: g, Account: email}, true
	case 7: // a privilege of a custom role (IDs are per tenant, so by ID)
		k := 2 + r.IntN(len(t.roles)-2)
		role := &t.roles[k]
		// The change names the role by name, which applies in every tenant
		// with one: apply it to each.
		name := wiPrivNames[r.IntN(len(wiPrivNames))]
		has := slices.ContainsFunc(role.Privileges, func(p roles.PrivilegeRef) bool { return p.Name == name })
		if has && len(role.Privileges) == 1 {
			return access.Change{}, false
		}
		kind := access.ChangeAddPrivilege
		if has {
			kind = access.ChangeRemovePrivilege
		}
		for _, o := range w.tenants {
			i := slices.IndexFunc(o.roles, func(x roles.Role) bool { return x.Name == role.Name })
			if i < 0 {
				continue
			}
			oh := slices.ContainsFunc(o.roles[i].Privileges, func(p roles.PrivilegeRef) bool { return p.Name == name })
			if oh != has || (oh && len(o.roles[i].Privileges) == 1) {
				return access.Change{}, false // it would not apply alike everywhere
			}
		}
		for _, o := range w.tenants {
			i := slices.IndexFunc(o.roles, func(x roles.Role) bool { return x.Name == role.Name })
			if i < 0 {
				continue
			}
			rp := &o.roles[i]
			rp.Privileges = slices.Clone(rp.Privileges)
			if has {
				rp.Privileges = slices.DeleteFunc(rp.Privileges, func(p roles.PrivilegeRef) bool { return p.Name == name })
			} else {
				rp.Privileges = append(rp.Privileges, wiRef(name))
			}
		}
		return access.Change{Kind: kind, Role: role.Name, Privilege: name}, true
	case 8: // time passes
		d := time.Duration(1+r.IntN(120)) * time.Hour
		w.at = w.at.Add(d)
		return access.Change{Kind: access.ChangeAdvance, Duration: d}, true
	case 9: // a customer moves
		var from, to []int
		for i, d := range t.domains {
			if len(d.customers) > 0 {
				from = append(from, i)
			}
			if d.primary || d.verified {
				to = append(to, i)
			}
		}
		if len(from) == 0 || len(to) < 2 {
			return access.Change{}, false
		}
		fi := from[r.IntN(len(from))]
		ti := to[r.IntN(len(to))]
		if ti == fi {
			return access.Change{}, false
		}
		c := t.domains[fi].customers[0]
		t.domains[fi].customers = slices.Clone(t.domains[fi].customers[1:])
		c.ResellerDomain = t.domains[ti].name
		t.domains[ti].customers = append(slices.Clone(t.domains[ti].customers), c)
		return access.Change{Kind: access.ChangeMoveCustomer, Customer: c.ID, ToDomain: t.domains[ti].name}, true
	default: // reseller access off (D5)
		for di := range t.domains {
			for ci, c := range t.domains[di].customers {
				if c.AccessGranted {
					t.domains[di].customers = slices.Clone(t.domains[di].customers)
					t.domains[di].customers[ci].AccessGranted = false
					return access.Change{Kind: access.ChangeRevokeAccess, Customer: c.ID}, true
				}
			}
		}
		return access.Change{}, false
	}
}

// people maps every address ever used to a person, two per person at
// most.
func wiPeople(emails []string) []access.Person {
	var out []access.Person
	for i := 0; i < len(emails); i += 2 {
		p := access.Person{ID: fmt.Sprintf("p%d", i/2), Accounts: emails[i:min(i+2, len(emails))]}
		out = append(out, p)
	}
	return out
}

// seen is, per person and domain, the customers coverage says they see:
// all those of the domain when the cell allows (D1, D2).
func wiSeen(t *testing.T, s *access.Snapshot, people []access.Person) map[string]map[string][]string {
	t.Helper()
	cov, err := access.ComputeCoverage(s, people, access.CloudSupportPortal)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string][]string{}
	for _, p := range cov.People {
		for d, c := range p.Cells {
			if !c.Allowed {
				continue
			}
			for _, cu := range cov.Customers(d) {
				if out[p.ID] == nil {
					out[p.ID] = map[string][]string{}
				}
				out[p.ID][cov.Domains[d].Name] = append(out[p.ID][cov.Domains[d].Name], cu.ID)
			}
		}
	}
	return out
}

func wiMinus(a, b map[string]map[string][]string) map[string]map[string][]string {
	out := map[string]map[string][]string{}
	for p, ds := range a {
		for d, ids := range ds {
			var rest []string
			for _, id := range ids {
				if !slices.Contains(b[p][d], id) {
					rest = append(rest, id)
				}
			}
			if len(rest) > 0 {
				slices.Sort(rest)
				if out[p] == nil {
					out[p] = map[string][]string{}
				}
				out[p][d] = rest
			}
		}
	}
	return out
}

// TestWhatIfMatchesRecomputation is the what-if property: over thousands
// of random worlds and random changes, the customers WhatIf says each
// person gains and loses are exactly those a full recomputation finds:
// the changes applied to the world, its snapshot rebuilt from scratch
// (grants by roles.EffectiveFrom, rules P3, P4, P5) and coverage
// recomputed (D1, D2, P1-P7).
func TestWhatIfMatchesRecomputation(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(12, 1))
	n := 3000
	if testing.Short() {
		n = 300
	}
	for i := range n {
		w := wiGen(r)
		before := w.snapshot()
		var changes []access.Change
		for seq := range 1 + r.IntN(4) {
			if ch, ok := w.change(r, seq); ok {
				changes = append(changes, ch)
			}
		}
		after := w.snapshot()
		var emails []string
		for _, s := range []*access.Snapshot{before, after} {
			for _, d := range s.Domains {
				for _, a := range d.Accounts {
					if !slices.Contains(emails, a.Facts.Email) {
						emails = append(emails, a.Facts.Email)
					}
				}
			}
		}
		people := wiPeople(emails)
		res, err := access.WhatIf(before, changes, &access.DriftOptions{People: people})
		if err != nil {
			t.Fatalf("world %d: WhatIf(%+v): %v", i, changes, err)
		}
		got := map[string]map[string]map[string][]string{"lost": {}, "gained": {}}
		for _, p := range res.People {
			for kind, ds := range map[string][]access.DomainDelta{"lost": p.Lost, "gained": p.Gained} {
				for _, d := range ds {
					if got[kind][p.ID] == nil {
						got[kind][p.ID] = map[string][]string{}
					}
					got[kind][p.ID][d.Domain] = d.Customers
				}
			}
		}
		b, a := wiSeen(t, before, people), wiSeen(t, after, people)
		want := map[string]map[string]map[string][]string{"lost": wiMinus(b, a), "gained": wiMinus(a, b)}
		if d := cmp.Diff(want, got); d != "" {
			t.Fatalf("world %d: changes %+v: WhatIf differs from the recomputation (-want +got):\n%s", i, changes, d)
		}
		// The same changes to the same snapshot, in Diff's terms.
		evs, err := access.Diff(before, res.Changed, &access.DriftOptions{People: people})
		if err != nil {
			t.Fatal(err)
		}
		var access_ int
		for _, e := range evs {
			if e.Access != nil {
				access_++
			}
		}
		total := 0
		for _, p := range res.People {
			total += len(p.Lost) + len(p.Gained)
		}
		if access_ != total {
			t.Fatalf("world %d: Diff has %d access events, WhatIf %d deltas", i, access_, total)
		}
	}
}
