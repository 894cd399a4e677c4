package fake

import (
	"net/http"
	"slices"

	admin "google.golang.org/api/admin/directory/v1"

	"github.com/resellerkit/resellerkit/roles"
)

// Directory domains and domain aliases (directory.domains.*,
// directory.domainAliases.*).

// routeDomains registers directory.domains.* and directory.domainAliases.*
// at their REST paths.
func (s *Server) routeDomains(mux *http.ServeMux) {
	w := s.world
	s.handle(mux, "GET "+customerPath+"domains", "directory.domains.list", func(r *http.Request, as string) (any, *apiError) {
		return nilIfErr(w.listDomains(as, r.PathValue("customer")))
	})
	s.handle(mux, "GET "+customerPath+"domains/{domainName}", "directory.domains.get", func(r *http.Request, as string) (any, *apiError) {
		return nilIfErr(w.getDomain(as, r.PathValue("customer"), r.PathValue("domainName")))
	})
	s.handle(mux, "POST "+customerPath+"domains", "directory.domains.insert", withBody(func(r *http.Request, as string, in *admin.Domains) (*admin.Domains, *apiError) {
		return w.insertDomain(as, r.PathValue("customer"), in)
	}))
	s.handle(mux, "DELETE "+customerPath+"domains/{domainName}", "directory.domains.delete", func(r *http.Request, as string) (any, *apiError) {
		return nil, w.deleteDomain(as, r.PathValue("customer"), r.PathValue("domainName"))
	})
	s.handle(mux, "GET "+customerPath+"domainaliases", "directory.domainAliases.list", func(r *http.Request, as string) (any, *apiError) {
		return nilIfErr(w.listDomainAliases(as, r.PathValue("customer"), r.URL.Query().Get("parentDomainName")))
	})
	s.handle(mux, "GET "+customerPath+"domainaliases/{domainAliasName}", "directory.domainAliases.get", func(r *http.Request, as string) (any, *apiError) {
		return nilIfErr(w.getDomainAlias(as, r.PathValue("customer"), r.PathValue("domainAliasName")))
	})
	s.handle(mux, "POST "+customerPath+"domainaliases", "directory.domainAliases.insert", withBody(func(r *http.Request, as string, in *admin.DomainAlias) (*admin.DomainAlias, *apiError) {
		return w.insertDomainAlias(as, r.PathValue("customer"), in)
	}))
	s.handle(mux, "DELETE "+customerPath+"domainaliases/{domainAliasName}", "directory.domainAliases.delete", func(r *http.Request, as string) (any, *apiError) {
		return nil, w.deleteDomainAlias(as, r.PathValue("customer"), r.PathValue("domainAliasName"))
	})
}

func (w *World) toDomain(d *domain) *admin.Domains {
	out := &admin.Domains{
		Kind:         "admin#directory#domain",
		Etag:         etag("domain", d.name, d.rev),
		DomainName:   d.name,
		IsPrimary:    d.primary,
		Verified:     d.verified,
		CreationTime: d.created.UnixMilli(),

		ForceSendFields: domainWireFields,
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
		ForceSendFields:  aliasWireFields,
	}
}

// domainsTenant resolves the customer of a domains call and checks the
// caller holds DOMAIN_MANAGEMENT there.
func (w *World) domainsTenant(as, customer string) (*tenant, *apiError) {
	_, t, e := w.authorizedTenant(as, customer, roles.DomainManagementName)
	return t, e
}

// listDomains is directory.domains.list: the primary domain first, then
// secondary domains in the order they were added.
func (w *World) listDomains(as, customer string) (*admin.Domains2, *apiError) {
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
func (w *World) getDomain(as, customer, name string) (*admin.Domains, *apiError) {
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
func (w *World) insertDomain(as, customer string, in *admin.Domains) (*admin.Domains, *apiError) {
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
func (w *World) deleteDomain(as, customer, name string) *apiError {
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
func (w *World) listDomainAliases(as, customer, parent string) (*admin.DomainAliases, *apiError) {
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
func (w *World) getDomainAlias(as, customer, name string) (*admin.DomainAlias, *apiError) {
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
func (w *World) insertDomainAlias(as, customer string, in *admin.DomainAlias) (*admin.DomainAlias, *apiError) {
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
func (w *World) deleteDomainAlias(as, customer, name string) *apiError {
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
