package fake

import (
	"slices"
	"strings"

	admin "google.golang.org/api/admin/directory/v1"
)

// Directory org units (directory.orgunits.*) and domains
// (directory.domains.*, directory.domainAliases.*).

func toOrgUnit(ou *orgUnit) *admin.OrgUnit {
	out := &admin.OrgUnit{
		Kind:        "admin#directory#orgUnit",
		Etag:        etag("orgUnit", ou.id, ou.rev),
		Name:        ou.name,
		Description: ou.description,
		OrgUnitId:   ou.id,
		OrgUnitPath: ou.path,
	}
	if ou.parent != nil {
		out.ParentOrgUnitId = ou.parent.id
		out.ParentOrgUnitPath = ou.parent.path
	}
	return out
}

// orgUnitByKey resolves an org unit path ("Staff/Support", with or without
// the leading slash) or ID ("id:03ph8a2z...").
func orgUnitByKey(t *tenant, key string) *orgUnit {
	if strings.HasPrefix(key, "id:") {
		return t.ous[key]
	}
	return t.ouByPath[strings.ToLower(cleanOUPath(key))]
}

// listOrgUnits is directory.orgunits.list. typ is "children" (the default),
// "all" or "allIncludingParent"; parent is a path or ID ("" is the root).
// Org units are not paginated.
func (w *World) listOrgUnits(as, customerID, parent, typ string) (*admin.OrgUnits, *APIError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	_, t, e := w.authorizedTenant(as, customerID, PrivOrgUnitsRetrieve)
	if e != nil {
		return nil, e
	}
	p := t.root
	if parent != "" {
		if p = orgUnitByKey(t, parent); p == nil {
			return nil, errNotFound("orgUnitPath")
		}
	}
	var items []*orgUnit
	for _, ou := range t.ous {
		switch typ {
		case "", "children":
			if ou.parent == p {
				items = append(items, ou)
			}
		case "all":
			if ou != p && ouContains(p, ou) {
				items = append(items, ou)
			}
		case "allIncludingParent":
			if ouContains(p, ou) {
				items = append(items, ou)
			}
		default:
			return nil, errInvalid("type %q: want all, children or allIncludingParent", typ)
		}
	}
	slices.SortFunc(items, func(x, y *orgUnit) int { return strings.Compare(x.path, y.path) })
	out := &admin.OrgUnits{Kind: "admin#directory#orgUnits"}
	out.OrganizationUnits, out.Etag = wirePage("orgUnits", items, "", toOrgUnit, func(o *admin.OrgUnit) string { return o.Etag })
	return out, nil
}

// getOrgUnit is directory.orgunits.get.
func (w *World) getOrgUnit(as, customerID, key string) (*admin.OrgUnit, *APIError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	_, _, ou, e := w.orgUnitFor(as, customerID, key, PrivOrgUnitsRetrieve)
	if e != nil {
		return nil, e
	}
	if w.lagging("orgUnit:" + ou.id) {
		return nil, errNotFound("Org unit not found")
	}
	return toOrgUnit(ou), nil
}

func (w *World) parentOf(t *tenant, in *admin.OrgUnit) (*orgUnit, *APIError) {
	switch {
	case in.ParentOrgUnitId != "":
		p := t.ous[in.ParentOrgUnitId]
		if p == nil {
			p = t.ous["id:"+in.ParentOrgUnitId]
		}
		if p == nil {
			return nil, errf(400, "invalidParentOrgunit", "Invalid Parent Orgunit Id: %s", in.ParentOrgUnitId)
		}
		return p, nil
	case in.ParentOrgUnitPath != "":
		p := t.ouByPath[strings.ToLower(cleanOUPath(in.ParentOrgUnitPath))]
		if p == nil {
			return nil, errf(400, "invalidParentOrgunit", "Invalid Parent Orgunit Id: no org unit at %s", in.ParentOrgUnitPath)
		}
		return p, nil
	}
	return nil, errRequired("parentOrgUnitPath or parentOrgUnitId")
}

func validOUName(n string) bool {
	return strings.TrimSpace(n) != "" && !strings.Contains(n, "/") && len(n) <= 255
}

// insertOrgUnit is directory.orgunits.insert. An org unit that already
// exists answers 400 invalidOrgunit, a missing parent 400
// invalidParentOrgunit (the reasons GAM handles, api-facts §3.2).
func (w *World) insertOrgUnit(as, customerID string, in *admin.OrgUnit) (*admin.OrgUnit, *APIError) {
	if in == nil || in.Name == "" {
		return nil, errRequired("name")
	}
	if !validOUName(in.Name) {
		return nil, errInvalid("org unit name %q must be non-empty and contain no '/'", in.Name)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	a, e := w.actor(as)
	if e != nil {
		return nil, e
	}
	t, e := w.customerParam(a, customerID)
	if e != nil {
		return nil, e
	}
	p, e := w.parentOf(t, in)
	if e != nil {
		return nil, e
	}
	if e := w.authorize(a, t, PrivOrgUnitsCreate, p); e != nil {
		return nil, e
	}
	path := joinOUPath(p.path, in.Name)
	if t.ouByPath[strings.ToLower(path)] != nil {
		return nil, errf(400, "invalidOrgunit", "Invalid Ou Id: org unit %s already exists", path)
	}
	ou := w.createOU(t, p, in.Name, in.Description)
	w.markFresh("orgUnit:" + ou.id)
	if e := w.answerLost("directory.orgunits.insert"); e != nil {
		return nil, e
	}
	return toOrgUnit(ou), nil
}

// patchOrgUnit is directory.orgunits.patch: rename, describe, or move
// under another parent (a move under itself is 412 "OrgUnit hierarchy has
// cycle").
func (w *World) patchOrgUnit(as, customerID, key string, in *admin.OrgUnit) (*admin.OrgUnit, *APIError) {
	return w.changeOrgUnit("directory.orgunits.patch", as, customerID, key, in)
}

// updateOrgUnit is directory.orgunits.update, with patch semantics.
func (w *World) updateOrgUnit(as, customerID, key string, in *admin.OrgUnit) (*admin.OrgUnit, *APIError) {
	return w.changeOrgUnit("directory.orgunits.update", as, customerID, key, in)
}

// changeOrgUnit is patchOrgUnit and updateOrgUnit; method names the call.
func (w *World) changeOrgUnit(method, as, customerID, key string, in *admin.OrgUnit) (*admin.OrgUnit, *APIError) {
	if in == nil {
		return nil, errRequired("orgUnit")
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	_, t, ou, e := w.orgUnitFor(as, customerID, key, PrivOrgUnitsUpdate)
	if e != nil {
		return nil, e
	}
	parent, name := ou.parent, ou.name
	if in.ParentOrgUnitId != "" || in.ParentOrgUnitPath != "" {
		if ou == t.root {
			return nil, errInvalid("the root org unit cannot be moved")
		}
		p, e := w.parentOf(t, in)
		if e != nil {
			return nil, e
		}
		if ouContains(ou, p) {
			return nil, errConditionNotMet("OrgUnit hierarchy has cycle")
		}
		parent = p
	}
	if in.Name != "" {
		if !validOUName(in.Name) {
			return nil, errInvalid("org unit name %q must be non-empty and contain no '/'", in.Name)
		}
		name = in.Name
	}
	if ou != t.root && (parent != ou.parent || name != ou.name) {
		if other := t.ouByPath[strings.ToLower(joinOUPath(parent.path, name))]; other != nil && other != ou {
			return nil, errf(400, "invalidOrgunit", "Invalid Ou Id: org unit %s already exists", joinOUPath(parent.path, name))
		}
		ou.parent, ou.name = parent, name
		w.repath(t)
	} else if ou == t.root {
		ou.name = name
	}
	if present(in.Description != "", "Description", in.ForceSendFields, in.NullFields) {
		ou.description = in.Description
	}
	ou.rev = w.nextRev()
	if e := w.answerLost(method); e != nil {
		return nil, e
	}
	return toOrgUnit(ou), nil
}

// repath recomputes every org unit path of t after a rename or move.
func (w *World) repath(t *tenant) {
	clear(t.ouByPath)
	var walk func(o *orgUnit) string
	walk = func(o *orgUnit) string {
		if o.parent == nil {
			return "/"
		}
		return joinOUPath(walk(o.parent), o.name)
	}
	for _, o := range t.ous {
		o.path = walk(o)
		t.ouByPath[strings.ToLower(o.path)] = o
	}
}

// deleteOrgUnit is directory.orgunits.delete. An org unit holding users or
// child org units, or used by an org-unit-scoped role assignment, answers
// 412 conditionNotMet.
func (w *World) deleteOrgUnit(as, customerID, key string) *APIError {
	w.mu.Lock()
	defer w.mu.Unlock()
	_, t, ou, e := w.orgUnitFor(as, customerID, key, PrivOrgUnitsDelete)
	if e != nil {
		return e
	}
	if ou == t.root {
		return errInvalid("the root org unit cannot be deleted")
	}
	for _, o := range t.ous {
		if o.parent == ou {
			return errConditionNotMet("Org unit %s has child org units; move or delete them first", ou.path)
		}
	}
	for _, u := range t.users {
		if !u.deleted && u.ou == ou {
			return errConditionNotMet("Org unit %s has users; move them first", ou.path)
		}
	}
	for _, as := range t.assigns {
		if as.ouID == ou.id {
			return errConditionNotMet("Org unit %s is the scope of role assignment %d; delete it first", ou.path, as.id)
		}
	}
	delete(t.ous, ou.id)
	delete(t.ouByPath, strings.ToLower(ou.path))
	return w.answerLost("directory.orgunits.delete")
}

func (w *World) toDomain(d *domain) *admin.Domains {
	out := &admin.Domains{
		Kind:         "admin#directory#domain",
		Etag:         etag("domain", d.name, d.rev),
		DomainName:   d.name,
		IsPrimary:    d.primary,
		Verified:     d.verified,
		CreationTime: d.created.UnixMilli(),
	}
	for _, a := range d.t.aliases {
		if a.parent == d {
			out.DomainAliases = append(out.DomainAliases, toDomainAlias(a))
		}
	}
	return out
}

func toDomainAlias(a *domainAlias) *admin.DomainAlias {
	return &admin.DomainAlias{
		Kind:             "admin#directory#domainAlias",
		Etag:             etag("domainAlias", a.name, a.rev),
		DomainAliasName:  a.name,
		ParentDomainName: a.parent.name,
		Verified:         a.verified,
		CreationTime:     a.created.UnixMilli(),
	}
}

// domainsTenant resolves the customer of a domains call and checks the
// caller holds DOMAIN_MANAGEMENT there.
func (w *World) domainsTenant(as, customer string) (*tenant, *APIError) {
	_, t, e := w.authorizedTenant(as, customer, PrivDomainManagement)
	return t, e
}

// listDomains is directory.domains.list: the primary domain first, then
// secondary domains in the order they were added.
func (w *World) listDomains(as, customer string) (*admin.Domains2, *APIError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	t, e := w.domainsTenant(as, customer)
	if e != nil {
		return nil, e
	}
	out := &admin.Domains2{Kind: "admin#directory#domains"}
	out.Domains, out.Etag = wirePage("domains", t.domains, "", w.toDomain, func(d *admin.Domains) string { return d.Etag })
	return out, nil
}

// getDomain is directory.domains.get.
func (w *World) getDomain(as, customer, name string) (*admin.Domains, *APIError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	t, e := w.domainsTenant(as, customer)
	if e != nil {
		return nil, e
	}
	d := t.domainNamed(normDomain(name))
	if d == nil || w.lagging("domain:"+d.name) {
		return nil, errNotFound("domain")
	}
	return w.toDomain(d), nil
}

// insertDomain is directory.domains.insert. The new secondary domain is not
// verified: verification happens outside the Directory API (use
// [World.VerifyDomain]).
func (w *World) insertDomain(as, customer string, in *admin.Domains) (*admin.Domains, *APIError) {
	if in == nil || in.DomainName == "" {
		return nil, errRequired("domainName")
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	t, e := w.domainsTenant(as, customer)
	if e != nil {
		return nil, e
	}
	d, e := w.addDomain(t, in.DomainName, false, false)
	if e != nil {
		return nil, e
	}
	w.markFresh("domain:" + d.name)
	if e := w.answerLost("directory.domains.insert"); e != nil {
		return nil, e
	}
	return w.toDomain(d), nil
}

// deleteDomain is directory.domains.delete. The primary domain cannot be
// deleted; a domain with users or groups, or one customers are assigned to,
// answers 412 conditionNotMet.
func (w *World) deleteDomain(as, customer, name string) *APIError {
	w.mu.Lock()
	defer w.mu.Unlock()
	t, e := w.domainsTenant(as, customer)
	if e != nil {
		return e
	}
	d := t.domainNamed(normDomain(name))
	if d == nil {
		return errNotFound("domain")
	}
	if d.primary {
		return errInvalid("the primary domain %s cannot be deleted", d.name)
	}
	for addr := range w.emails {
		if domainOf(addr) == d.name {
			return errConditionNotMet("domain %s still has users or groups; delete or rename them first", d.name)
		}
	}
	for _, c := range w.tenantList {
		if c.cust != nil && c.cust.resellerDomain == d.name {
			return errConditionNotMet("customers are assigned to reseller domain %s", d.name)
		}
	}
	t.domains = slices.DeleteFunc(t.domains, func(x *domain) bool { return x == d })
	delete(w.domains, d.name)
	t.aliases = slices.DeleteFunc(t.aliases, func(a *domainAlias) bool {
		if a.parent == d {
			delete(w.aliases, a.name)
			return true
		}
		return false
	})
	return w.answerLost("directory.domains.delete")
}

// listDomainAliases is directory.domainAliases.list, optionally for one
// parent domain.
func (w *World) listDomainAliases(as, customer, parent string) (*admin.DomainAliases, *APIError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	t, e := w.domainsTenant(as, customer)
	if e != nil {
		return nil, e
	}
	p := normDomain(parent)
	if parent != "" && t.domainNamed(p) == nil {
		return nil, errNotFound("parentDomainName")
	}
	out := &admin.DomainAliases{Kind: "admin#directory#domainAliases"}
	var tags []string
	for _, a := range t.aliases {
		if parent == "" || a.parent.name == p {
			x := toDomainAlias(a)
			out.DomainAliases = append(out.DomainAliases, x)
			tags = append(tags, x.Etag)
		}
	}
	out.Etag = listETag("domainAliases", tags, "")
	return out, nil
}

func aliasOf(t *tenant, name string) *domainAlias {
	n := normDomain(name)
	for _, a := range t.aliases {
		if a.name == n {
			return a
		}
	}
	return nil
}

// getDomainAlias is directory.domainAliases.get.
func (w *World) getDomainAlias(as, customer, name string) (*admin.DomainAlias, *APIError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	t, e := w.domainsTenant(as, customer)
	if e != nil {
		return nil, e
	}
	a := aliasOf(t, name)
	if a == nil || w.lagging("domainAlias:"+a.name) {
		return nil, errNotFound("domainAlias")
	}
	return toDomainAlias(a), nil
}

// insertDomainAlias is directory.domainAliases.insert; the alias starts
// unverified.
func (w *World) insertDomainAlias(as, customer string, in *admin.DomainAlias) (*admin.DomainAlias, *APIError) {
	switch {
	case in == nil || in.DomainAliasName == "":
		return nil, errRequired("domainAliasName")
	case in.ParentDomainName == "":
		return nil, errRequired("parentDomainName")
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	t, e := w.domainsTenant(as, customer)
	if e != nil {
		return nil, e
	}
	p := t.domainNamed(normDomain(in.ParentDomainName))
	if p == nil {
		return nil, errInvalid("parentDomainName %q is not a domain of this account", in.ParentDomainName)
	}
	a, e := w.addDomainAlias(p, in.DomainAliasName, false)
	if e != nil {
		return nil, e
	}
	w.markFresh("domainAlias:" + a.name)
	if e := w.answerLost("directory.domainAliases.insert"); e != nil {
		return nil, e
	}
	return toDomainAlias(a), nil
}

// deleteDomainAlias is directory.domainAliases.delete; user aliases on it
// are removed.
func (w *World) deleteDomainAlias(as, customer, name string) *APIError {
	w.mu.Lock()
	defer w.mu.Unlock()
	t, e := w.domainsTenant(as, customer)
	if e != nil {
		return e
	}
	a := aliasOf(t, name)
	if a == nil {
		return errNotFound("domainAlias")
	}
	t.aliases = slices.DeleteFunc(t.aliases, func(x *domainAlias) bool { return x == a })
	delete(w.aliases, a.name)
	for _, u := range t.users {
		u.aliases = slices.DeleteFunc(u.aliases, func(s string) bool {
			if domainOf(s) == a.name {
				delete(w.emails, s)
				return true
			}
			return false
		})
	}
	return w.answerLost("directory.domainAliases.delete")
}

// orgUnitFor resolves the caller, the tenant and the org unit that key
// names, and checks that the caller holds priv on it: the common start of
// orgunits.get, patch, update and delete. w.mu must be held.
func (w *World) orgUnitFor(as, customerID, key, priv string) (*user, *tenant, *orgUnit, *APIError) {
	a, e := w.actor(as)
	if e != nil {
		return nil, nil, nil, e
	}
	t, e := w.customerParam(a, customerID)
	if e != nil {
		return nil, nil, nil, e
	}
	ou := orgUnitByKey(t, key)
	if ou == nil {
		return nil, nil, nil, errNotFound("Org unit not found")
	}
	if e := w.authorize(a, t, priv, ou); e != nil {
		return nil, nil, nil, e
	}
	return a, t, ou, nil
}
