package fake

import (
	"net/http"
	"slices"
	"strings"

	admin "google.golang.org/api/admin/directory/v1"

	"github.com/resellerkit/resellerkit/roles"
)

// Directory org units (directory.orgunits.*).

// routeOrgUnits registers directory.orgunits.* at their REST paths. get,
// patch, update and delete take {+orgUnitPath}, which may contain slashes.
func (s *Server) routeOrgUnits(mux *http.ServeMux) {
	w := s.world
	const ous = directoryPath + "customer/{customerId}/orgunits"
	s.handle(mux, "GET "+ous, "directory.orgunits.list", func(r *http.Request, as string) (any, *apiError) {
		q := r.URL.Query()
		return nilIfErr(w.listOrgUnits(as, r.PathValue("customerId"), q.Get("orgUnitPath"), q.Get("type")))
	})
	s.handle(mux, "GET "+ous+"/{orgUnitPath...}", "directory.orgunits.get", func(r *http.Request, as string) (any, *apiError) {
		return nilIfErr(w.getOrgUnit(as, r.PathValue("customerId"), r.PathValue("orgUnitPath")))
	})
	s.handle(mux, "POST "+ous, "directory.orgunits.insert", withBody(func(r *http.Request, as string, in *admin.OrgUnit) (*admin.OrgUnit, *apiError) {
		return w.insertOrgUnit(as, r.PathValue("customerId"), in)
	}))
	s.handle(mux, "PATCH "+ous+"/{orgUnitPath...}", "directory.orgunits.patch", withBody(func(r *http.Request, as string, in *admin.OrgUnit) (*admin.OrgUnit, *apiError) {
		return w.patchOrgUnit(as, r.PathValue("customerId"), r.PathValue("orgUnitPath"), in)
	}))
	s.handle(mux, "PUT "+ous+"/{orgUnitPath...}", "directory.orgunits.update", withBody(func(r *http.Request, as string, in *admin.OrgUnit) (*admin.OrgUnit, *apiError) {
		return w.updateOrgUnit(as, r.PathValue("customerId"), r.PathValue("orgUnitPath"), in)
	}))
	s.handle(mux, "DELETE "+ous+"/{orgUnitPath...}", "directory.orgunits.delete", func(r *http.Request, as string) (any, *apiError) {
		return nil, w.deleteOrgUnit(as, r.PathValue("customerId"), r.PathValue("orgUnitPath"))
	})
}

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
func (w *World) listOrgUnits(as, customerID, parent, typ string) (*admin.OrgUnits, *apiError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	_, t, e := w.authorizedTenant(as, customerID, roles.OrgUnitsRetrieveName)
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
func (w *World) getOrgUnit(as, customerID, key string) (*admin.OrgUnit, *apiError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	_, _, ou, e := w.orgUnitFor(as, customerID, key, roles.OrgUnitsRetrieveName)
	if e != nil {
		return nil, e
	}
	if w.lagging("orgUnit:" + ou.id) {
		return nil, errNotFound("Org unit not found")
	}
	return toOrgUnit(ou), nil
}

func (w *World) parentOf(t *tenant, in *admin.OrgUnit) (*orgUnit, *apiError) {
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
// invalidParentOrgunit: Google does not document these answers; they are
// the reasons GAM's org unit creation handles (github.com/GAM-team/GAM,
// src/gam/__init__.py, _createOrg).
func (w *World) insertOrgUnit(as, customerID string, in *admin.OrgUnit) (*admin.OrgUnit, *apiError) {
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
	if e := w.authorize(a, t, roles.OrgUnitsCreateName, p); e != nil {
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
func (w *World) patchOrgUnit(as, customerID, key string, in *admin.OrgUnit) (*admin.OrgUnit, *apiError) {
	return w.changeOrgUnit("directory.orgunits.patch", as, customerID, key, in)
}

// updateOrgUnit is directory.orgunits.update, with patch semantics.
func (w *World) updateOrgUnit(as, customerID, key string, in *admin.OrgUnit) (*admin.OrgUnit, *apiError) {
	return w.changeOrgUnit("directory.orgunits.update", as, customerID, key, in)
}

// changeOrgUnit is patchOrgUnit and updateOrgUnit; method names the call.
func (w *World) changeOrgUnit(method, as, customerID, key string, in *admin.OrgUnit) (*admin.OrgUnit, *apiError) {
	if in == nil {
		return nil, errRequired("orgUnit")
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	_, t, ou, e := w.orgUnitFor(as, customerID, key, roles.OrgUnitsUpdateName)
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
func (w *World) deleteOrgUnit(as, customerID, key string) *apiError {
	w.mu.Lock()
	defer w.mu.Unlock()
	_, t, ou, e := w.orgUnitFor(as, customerID, key, roles.OrgUnitsDeleteName)
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

// orgUnitFor resolves the caller, the tenant and the org unit that key
// names, and checks that the caller holds priv on it: the common start of
// orgunits.get, patch, update and delete. w.mu must be held.
func (w *World) orgUnitFor(as, customerID, key, priv string) (*user, *tenant, *orgUnit, *apiError) {
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
