package fake

import (
	"strings"

	"github.com/resellerkit/resellerkit/roles"
)

// Authorization as Google does it, enough for the access rules: a bearer
// token names a user of one tenant; the user's role assignments grant
// privileges (P3: holding a parent grants its children; P4: only
// customer-wide assignments grant non-OU-scopable privileges such as the
// reseller ones, expired assignments grant nothing, group assignments count
// through nested groups); super admins hold everything; a suspended,
// archived or deleted account cannot act (P5).

type grantSet struct {
	super     bool
	delegated bool
	customer  map[string]bool // privilege names held customer-wide
	ou        []ouGrant
}

type ouGrant struct {
	ou    *orgUnit
	privs map[string]bool
}

// groupsOf returns the IDs of the groups memberID belongs to, directly or
// through nested groups, within tenant t. Cycles are harmless.
func groupsOf(t *tenant, memberID string) map[string]bool {
	in := map[string]bool{}
	changed := true
	for changed {
		changed = false
		for _, g := range t.groups {
			if in[g.id] {
				continue
			}
			for _, m := range g.members {
				if m.id == memberID || (m.group && in[m.id]) {
					in[g.id] = true
					changed = true
					break
				}
			}
		}
	}
	return in
}

// grantsOf returns u's privileges at the World's current time, cached until
// anything that could change them changes (authzGen).
func (w *World) grantsOf(u *user) *grantSet {
	if u.grantGen == w.authzGen && u.grant != nil {
		return u.grant
	}
	g := &grantSet{customer: map[string]bool{}}
	var groups map[string]bool
	if len(u.t.groups) > 0 {
		groups = groupsOf(u.t, u.id)
	}
	for _, a := range u.t.assigns {
		if a.assignee != u.id && !(a.group && groups[a.assignee]) {
			continue
		}
		if !a.expire.IsZero() && !w.now.Before(a.expire) {
			continue // Rule P4: an expired assignment grants nothing.
		}
		r := u.t.roles[a.roleID]
		if r == nil {
			continue
		}
		if !r.superAdmin {
			g.delegated = true
		}
		if a.scope != "ORG_UNIT" {
			if r.superAdmin {
				g.super = true
			}
			for _, p := range r.privs {
				g.customer[p.name] = true
			}
			continue
		}
		ou := u.t.ous[a.ouID]
		if ou == nil {
			continue
		}
		og := ouGrant{ou: ou, privs: map[string]bool{}}
		for _, p := range r.privs {
			// Rule P4: an org-unit-scoped assignment grants only the
			// OU-scopable privileges; reseller privileges are not.
			if n := u.t.tree.nodes[p.name]; n != nil && n.ouScopable {
				og.privs[p.name] = true
			}
		}
		g.ou = append(g.ou, og)
	}
	u.grant, u.grantGen = g, w.authzGen
	return g
}

// holds reports whether u holds priv in its own tenant, customer-wide or,
// when target is not nil, through an assignment scoped to an org unit that
// contains target.
func (w *World) holds(u *user, priv string, target *orgUnit) bool {
	g := w.grantsOf(u)
	if g.super {
		return true
	}
	// priv is named as package roles names it by default; a tenant seeded
	// with other Reseller Tools names (Seed.ResellerToolsNames) holds it
	// under its own name.
	priv = u.t.tree.local(priv)
	n := u.t.tree.nodes[priv]
	if n == nil {
		return false
	}
	if g.customer[priv] {
		return true
	}
	for _, a := range n.ancestors {
		if g.customer[a] {
			return true
		}
	}
	if target == nil {
		return false
	}
	for _, og := range g.ou {
		if !ouContains(og.ou, target) {
			continue
		}
		if og.privs[priv] {
			return true
		}
		for _, a := range n.ancestors {
			if og.privs[a] {
				return true
			}
		}
	}
	return false
}

func ouContains(parent, ou *orgUnit) bool {
	for o := ou; o != nil; o = o.parent {
		if o == parent {
			return true
		}
	}
	return false
}

// administers reports whether u may act on tenant t at all: its own tenant,
// or a customer its reseller account manages, that has not revoked reseller
// access, when u may access customers' Admin console and SDK.
func (w *World) administers(u *user, t *tenant) bool {
	if u.t == t {
		return true
	}
	return t.managedBy(u.t) && !t.cust.accessRevoked && w.holds(u, roles.DefaultAccessCustomerAdminName, nil)
}

// authorize checks that u may exercise priv on tenant t (target narrows an
// OU-scoped check to one org unit). A reseller admin acting on a managed
// customer acts with every privilege, as the console's "Access Customers'
// Admin console and SDK" does.
func (w *World) authorize(u *user, t *tenant, priv string, target *orgUnit) *apiError {
	if u.t == t {
		if w.holds(u, priv, target) {
			return nil
		}
		return errForbidden()
	}
	if w.administers(u, t) {
		return nil
	}
	return errForbidden()
}

// actor resolves the caller of an operation: a user ID or email. Unknown or
// inactive callers are unauthenticated (rule P5: a suspended, archived or
// deleted account has no access).
func (w *World) actor(as string) (*user, *apiError) {
	u := w.users[as]
	if u == nil {
		if o, ok := w.emails[normEmail(as)]; ok {
			u = o.u
		}
	}
	if u == nil || !u.active() {
		return nil, errUnauthenticated()
	}
	return u, nil
}

// Who may see what of other customers. The fake answers a caller about a
// customer, domain or account it may not act on as it answers about one
// that does not exist, so that no answer tells other tenants apart from
// nothing. Google documents the 403 for the first ("you don't own the
// customer", and a users.get 403 for an address on a domain that is not
// resold,
// https://developers.google.com/workspace/admin/reseller/v1/support/directory_api_common_errors)
// and nothing that would tell an unknown customer or domain apart, so: a
// Directory "customer" the caller may not act on answers 403 forbidden,
// known or not; so does an address on a domain the caller may not act on,
// whether or not it names an account; a user ID the caller may not see
// answers as an unknown one. The Reseller API tells them apart by design
// (customers.get answers 404 for a domain that is free to sign up,
// reseller.go), and so does the fake there.

// customerParam resolves a Directory "customer" parameter: my_customer is the
// caller's tenant, otherwise a customer ID. A value that is no customer ID
// at all (a domain name) answers 400 badRequest, Google's documented answer
// to a wrong customer value; a customer ID the caller may not act on
// answers 403, whether or not the customer exists.
func (w *World) customerParam(u *user, key string) (*tenant, *apiError) {
	switch key {
	case "":
		return nil, errBadRequest("the customer parameter is required (a customer ID or my_customer)")
	case "my_customer":
		return u.t, nil
	}
	if !validCustomerID(key) {
		return nil, errBadRequest("customer %q is not a customer ID; give my_customer or an ID such as C01abc234", key)
	}
	t := w.tenants[key]
	if t == nil || !w.administers(u, t) {
		return nil, errForbidden()
	}
	return t, nil
}

// tenantOfDomain returns the tenant whose primary, secondary or alias
// domain is dom (normalised), or nil.
func (w *World) tenantOfDomain(dom string) *tenant {
	if d := w.domains[dom]; d != nil {
		return d.t
	}
	if a := w.aliases[dom]; a != nil {
		return a.parent.t
	}
	return nil
}

// addressReachable answers 403 forbidden when key is an address on a
// domain of a tenant a may not act on, or on no domain of the World, as
// Google does for users, groups and members alike whether or not the
// address names anything; a key that is not an address (an ID) passes.
func (w *World) addressReachable(a *user, key string) *apiError {
	if i := strings.LastIndexByte(key, '@'); i >= 0 {
		if t := w.tenantOfDomain(normDomain(key[i+1:])); t == nil || !w.administers(a, t) {
			return errForbidden()
		}
	}
	return nil
}

// userByKey resolves a userKey (primary email, alias or user ID) for the
// caller a. An address on a domain of a tenant a may not act on, or on no
// domain of the World, answers 403 forbidden whether or not it names an
// account; an ID unknown, of a deleted account, or of such a tenant,
// answers missing. Privileges within a tenant a may act on are the
// caller's check ([World.authorize]).
func (w *World) userByKey(a *user, key string, missing *apiError) (*user, *apiError) {
	if e := w.addressReachable(a, key); e != nil {
		return nil, e
	}
	u := w.lookupUser(key)
	if u == nil || u.deleted || !w.administers(a, u.t) {
		return nil, missing
	}
	return u, nil
}

// authorizedTenant resolves the caller and the tenant a customer parameter
// names, and checks the caller holds priv tenant-wide there: the common
// start of the Directory methods. w.mu must be held.
func (w *World) authorizedTenant(as, customer, priv string) (*user, *tenant, *apiError) {
	a, e := w.actor(as)
	if e != nil {
		return nil, nil, e
	}
	t, e := w.customerParam(a, customer)
	if e != nil {
		return nil, nil, e
	}
	if e := w.authorize(a, t, priv, nil); e != nil {
		return nil, nil, e
	}
	return a, t, nil
}
