package fake

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	admin "google.golang.org/api/admin/directory/v1"

	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/roles"
)

// Directory groups (directory.groups.*). Every method needs the Groups
// privilege (GROUPS_ALL) in the group's tenant, as Google's Groups Admin
// role holds it; a reseller admin acts on the customers it administers.
// A group of a tenant the caller may not act on answers as an unknown one
// (see authz.go): 403 for an address on such a tenant's domain, 404 for an
// ID.

// routeGroups registers directory.groups.* and directory.members.* at their
// REST paths.
func (s *Server) routeGroups(mux *http.ServeMux) {
	w := s.world
	s.handle(mux, "GET "+directoryPath+"groups", "directory.groups.list", func(r *http.Request, as string) (any, *apiError) {
		q := r.URL.Query()
		max, e := qInt(q.Get("maxResults"), "maxResults")
		if e != nil {
			return nil, e
		}
		return nilIfErr(w.listGroups(as, groupsQuery{Customer: q.Get("customer"), Domain: q.Get("domain"),
			UserKey: q.Get("userKey"), Query: q.Get("query"), OrderBy: q.Get("orderBy"), SortOrder: q.Get("sortOrder"),
			MaxResults: max, PageToken: q.Get("pageToken")}))
	})
	s.handle(mux, "POST "+directoryPath+"groups", "directory.groups.insert", withBody(func(_ *http.Request, as string, in *admin.Group) (*admin.Group, *apiError) {
		return w.insertGroup(as, in)
	}))
	s.handle(mux, "GET "+directoryPath+"groups/{groupKey}", "directory.groups.get", func(r *http.Request, as string) (any, *apiError) {
		return nilIfErr(w.getGroup(as, r.PathValue("groupKey")))
	})
	s.handle(mux, "PATCH "+directoryPath+"groups/{groupKey}", "directory.groups.patch", withBody(func(r *http.Request, as string, in *admin.Group) (*admin.Group, *apiError) {
		return w.changeGroup("directory.groups.patch", as, r.PathValue("groupKey"), in)
	}))
	s.handle(mux, "PUT "+directoryPath+"groups/{groupKey}", "directory.groups.update", withBody(func(r *http.Request, as string, in *admin.Group) (*admin.Group, *apiError) {
		return w.changeGroup("directory.groups.update", as, r.PathValue("groupKey"), in)
	}))
	s.handle(mux, "DELETE "+directoryPath+"groups/{groupKey}", "directory.groups.delete", func(r *http.Request, as string) (any, *apiError) {
		return nil, w.deleteGroup(as, r.PathValue("groupKey"))
	})
	s.routeMembers(mux)
}

// groupByKey resolves a groupKey (the group's email, an alias or its ID)
// for the caller a, as userByKey does for users: an address on a domain of
// a tenant a may not act on, or on no domain of the World, answers 403
// whether or not it names a group; an unknown ID, or one of such a tenant,
// answers 404 like an unknown group.
func (w *World) groupByKey(a *user, key string) (*group, *apiError) {
	if e := w.addressReachable(a, key); e != nil {
		return nil, e
	}
	g := w.lookupGroup(key)
	if g == nil || !w.administers(a, g.t) {
		return nil, errNotFound("groupKey")
	}
	return g, nil
}

// authorizedGroup resolves the caller and a groupKey and checks the caller
// holds GROUPS_ALL in the group's tenant. w.mu must be held.
func (w *World) authorizedGroup(as, groupKey string) (*user, *group, *apiError) {
	a, e := w.actor(as)
	if e != nil {
		return nil, nil, e
	}
	g, e := w.groupByKey(a, groupKey)
	if e != nil {
		return nil, nil, e
	}
	if e := w.authorize(a, g.t, roles.GroupsAllName, nil); e != nil {
		return nil, nil, e
	}
	return a, g, nil
}

// toGroup renders g as the Directory API does. directMembersCount is sent
// even when 0, as Google sends it ("0", a string).
func (w *World) toGroup(g *group) *admin.Group {
	out := &admin.Group{
		Kind:               "admin#directory#group",
		Id:                 g.id,
		Etag:               etag("group", g.id, g.rev),
		Email:              g.email,
		Name:               g.name,
		Description:        g.description,
		DirectMembersCount: int64(len(g.members)),
		AdminCreated:       true,
		ForceSendFields:    []string{"DirectMembersCount", "AdminCreated"},
	}
	for _, a := range g.aliases {
		if _, onAlias := w.aliases[domainOf(a)]; onAlias {
			out.NonEditableAliases = append(out.NonEditableAliases, a)
		} else {
			out.Aliases = append(out.Aliases, a)
		}
	}
	return out
}

// getGroup is directory.groups.get.
func (w *World) getGroup(as, groupKey string) (*admin.Group, *apiError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	_, g, e := w.authorizedGroup(as, groupKey)
	if e != nil {
		return nil, e
	}
	if w.lagging("group:" + g.id) {
		return nil, errNotFound("groupKey")
	}
	return w.toGroup(g), nil
}

// groupsQuery holds the parameters of directory.groups.list.
type groupsQuery struct {
	Customer, Domain, UserKey string
	Query                     string
	OrderBy, SortOrder        string
	MaxResults                int64
	PageToken                 string
}

// listGroups is directory.groups.list: the groups of a customer, of one of
// its domains, or those a user or group (userKey) is a direct member of.
// userKey cannot be combined with customer or domain, as Google documents
// ("Cannot be used with the customer parameter"). Pages of at most 200 by
// email. The query language is a subset of Google's: email: (a trailing *
// is a prefix match), name: (likewise, case-insensitive) and memberKey=
// (the groups with that direct member).
func (w *World) listGroups(as string, q groupsQuery) (*admin.Groups, *apiError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	a, e := w.actor(as)
	if e != nil {
		return nil, e
	}
	var t *tenant
	var dom string
	var memberOf string // a user or group ID: only groups with it as a direct member
	switch {
	case q.UserKey != "" && (q.Customer != "" || q.Domain != ""):
		return nil, errBadRequest("userKey cannot be used with customer or domain")
	case q.UserKey != "":
		mt, id, e := w.memberKeyTarget(a, q.UserKey, "userKey")
		if e != nil {
			return nil, e
		}
		t, memberOf = mt, id
	case q.Domain != "":
		if _, err := domains.NormalizeDomain(q.Domain); err != nil {
			return nil, errBadRequest("domain %q is not a domain name", q.Domain)
		}
		dom = normDomain(q.Domain)
		owner := w.tenantOfDomain(dom)
		if owner == nil || !w.administers(a, owner) {
			return nil, errForbidden()
		}
		t = owner
		if q.Customer != "" {
			ct, e := w.customerParam(a, q.Customer)
			if e != nil {
				return nil, e
			}
			if ct != t {
				return nil, errBadRequest("domain %q is not a domain of customer %q", q.Domain, q.Customer)
			}
		}
	case q.Customer != "":
		if t, e = w.customerParam(a, q.Customer); e != nil {
			return nil, e
		}
	default:
		return nil, errBadRequest("one of customer, domain or userKey is required")
	}
	if e := w.authorize(a, t, roles.GroupsAllName, nil); e != nil {
		return nil, e
	}
	match, e := w.parseGroupQuery(t, q.Query)
	if e != nil {
		return nil, e
	}
	if q.OrderBy != "" && q.OrderBy != "email" {
		return nil, errInvalid("orderBy %q: want email", q.OrderBy)
	}
	desc := false
	switch strings.ToUpper(q.SortOrder) {
	case "", "ASCENDING":
	case "DESCENDING":
		desc = true
	default:
		return nil, errInvalid("sortOrder %q: want ASCENDING or DESCENDING", q.SortOrder)
	}
	var items []*group
	for _, g := range t.groups {
		if dom != "" && domainOf(g.email) != dom {
			continue
		}
		if memberOf != "" && g.memberIndex(memberOf) < 0 {
			continue
		}
		if match(g) {
			items = append(items, g)
		}
	}
	key := func(g *group) string { return g.email + "\x00" + g.id }
	slices.SortFunc(items, func(x, y *group) int {
		c := strings.Compare(key(x), key(y))
		if desc {
			return -c
		}
		return c
	})
	qh := queryHash("groups", t.id, dom, memberOf, q.Query, q.SortOrder)
	page, next, e := paginate(items, key, desc, q.PageToken, pageSize(q.MaxResults, 200, 200, w.pageCap), qh)
	if e != nil {
		return nil, e
	}
	out := &admin.Groups{Kind: "admin#directory#groups", NextPageToken: next}
	out.Groups, out.Etag = wirePage("groups", page, next, w.toGroup, func(g *admin.Group) string { return g.Etag })
	return out, nil
}

// parseGroupQuery compiles a groups.list query (see listGroups) for the
// groups of t.
func (w *World) parseGroupQuery(t *tenant, q string) (func(*group) bool, *apiError) {
	terms, e := lexUserQuery(q)
	if e != nil {
		return nil, e
	}
	preds := make([]func(*group) bool, 0, len(terms))
	for _, term := range terms {
		val := strings.ToLower(term.value)
		prefix := term.op == ':' && strings.HasSuffix(val, "*")
		val = strings.TrimSuffix(val, "*")
		match := func(s string) bool {
			s = strings.ToLower(s)
			if prefix {
				return strings.HasPrefix(s, val)
			}
			return s == val
		}
		switch term.field {
		case "email":
			preds = append(preds, func(g *group) bool { return match(g.email) })
		case "name":
			preds = append(preds, func(g *group) bool { return match(g.name) })
		case "memberKey":
			if term.op != '=' {
				return nil, errInvalid("query term %q: use memberKey=address", term)
			}
			id := ""
			if u := w.lookupUser(term.value); u != nil && u.t == t && !u.deleted {
				id = u.id
			} else if g := w.lookupGroup(term.value); g != nil && g.t == t {
				id = g.id
			}
			preds = append(preds, func(g *group) bool { return id != "" && g.memberIndex(id) >= 0 })
		default:
			return nil, errInvalid("query field %q is not supported by the fake: want email, name or memberKey", term.field)
		}
	}
	return func(g *group) bool {
		for _, p := range preds {
			if !p(g) {
				return false
			}
		}
		return true
	}, nil
}

// memberIndex returns the index of the direct member with this user or
// group ID, or -1.
func (g *group) memberIndex(id string) int {
	return slices.IndexFunc(g.members, func(m member) bool { return m.id == id })
}

// checkGroupEmail validates a new address for a group of t, as
// checkNewEmail does for users: a valid address on a primary or verified
// secondary domain of t (rule D4), unused by any user or group.
func (w *World) checkGroupEmail(t *tenant, email string) *apiError {
	if !validAddress(email) {
		return errInvalid("email %q is not a valid email address", email)
	}
	dom := domainOf(email)
	d := w.domains[dom]
	if d == nil || d.t != t {
		return errInvalid("email %q is not on a domain of this account; a group's address must be on its primary or a secondary domain", email)
	}
	if _, dup := w.emails[email]; dup {
		return errDuplicate("the email address %s is already used by a user or group", email)
	}
	if !d.verified && !d.primary {
		return errConditionNotMet("Domain %s is not verified. Verify the domain before creating accounts on it.", dom)
	}
	return nil
}

// insertGroup is directory.groups.insert. email is required and decides
// the tenant: an address on a domain the caller may not act on answers 404
// "Domain not found.", as users.insert does. name defaults to the email's
// local part.
func (w *World) insertGroup(as string, in *admin.Group) (*admin.Group, *apiError) {
	if in.Email == "" {
		return nil, errRequired("email")
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	a, e := w.actor(as)
	if e != nil {
		return nil, e
	}
	email := normEmail(in.Email)
	if !validAddress(email) {
		return nil, errInvalid("email %q is not a valid email address", in.Email)
	}
	t := w.tenantOfDomain(domainOf(email))
	if t == nil || !w.administers(a, t) {
		return nil, &apiError{Code: http.StatusNotFound, Reason: "notFound", Message: "Domain not found."}
	}
	if e := w.authorize(a, t, roles.GroupsAllName, nil); e != nil {
		return nil, e
	}
	if e := w.checkGroupEmail(t, email); e != nil {
		return nil, e
	}
	g, err := w.addGroup(t, email, in.Name)
	if err != nil {
		return nil, errInvalid("%v", err)
	}
	g.description = in.Description
	w.markFresh("group:" + g.id)
	if e := w.answerLost("directory.groups.insert"); e != nil {
		return nil, e
	}
	return w.toGroup(g), nil
}

// changeGroup is directory.groups.patch and directory.groups.update (which
// the fake serves with patch semantics too, as it does users.update): the
// name, description and email change when sent. A new email keeps the old
// address as an alias, as for users.
func (w *World) changeGroup(method, as, groupKey string, in *admin.Group) (*admin.Group, *apiError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	_, g, e := w.authorizedGroup(as, groupKey)
	if e != nil {
		return nil, e
	}
	f, nf := in.ForceSendFields, in.NullFields
	newEmail := g.email
	if in.Email != "" && normEmail(in.Email) != g.email {
		newEmail = normEmail(in.Email)
		if o, ok := w.emails[newEmail]; !ok || o.g != g {
			if e := w.checkGroupEmail(g.t, newEmail); e != nil {
				return nil, e
			}
		}
	}
	if present(in.Name != "", "Name", f, nf) && strings.TrimSpace(in.Name) == "" {
		return nil, errInvalid("name must not be empty")
	}
	if newEmail != g.email {
		g.aliases = slices.DeleteFunc(g.aliases, func(s string) bool { return s == newEmail })
		g.aliases = append(g.aliases, g.email)
		g.email = newEmail
		w.emails[newEmail] = owner{g: g}
	}
	if present(in.Name != "", "Name", f, nf) {
		g.name = in.Name
	}
	if present(in.Description != "", "Description", f, nf) {
		g.description = in.Description
	}
	g.rev = w.nextRev()
	if e := w.answerLost(method); e != nil {
		return nil, e
	}
	return w.toGroup(g), nil
}

// deleteGroup is directory.groups.delete. Its addresses become free, its
// memberships in other groups and its role assignments go with it (rule
// P4: its members lose what it granted).
func (w *World) deleteGroup(as, groupKey string) *apiError {
	w.mu.Lock()
	defer w.mu.Unlock()
	_, g, e := w.authorizedGroup(as, groupKey)
	if e != nil {
		return e
	}
	t := g.t
	delete(w.groups, g.id)
	delete(w.emails, g.email)
	for _, a := range g.aliases {
		delete(w.emails, a)
	}
	t.groups = slices.DeleteFunc(t.groups, func(x *group) bool { return x == g })
	for _, other := range t.groups {
		if i := other.memberIndex(g.id); i >= 0 {
			other.members = slices.Delete(other.members, i, i+1)
			other.rev = w.nextRev()
		}
	}
	for id, as := range t.assigns {
		if as.group && as.assignee == g.id {
			delete(t.assigns, id)
		}
	}
	w.authzGen++
	return w.answerLost("directory.groups.delete")
}

// seedGroupDetails sets what a GroupSeed gives a group beyond its email and
// name: description and aliases (on the tenant's domains or domain
// aliases, unused).
func (w *World) seedGroupDetails(g *group, gs GroupSeed) error {
	g.description = gs.Description
	for k, al := range gs.Aliases {
		a := normEmail(al)
		local, dom, ok := strings.Cut(a, "@")
		if !ok || !validLocalPart(local) || w.tenantOfDomain(dom) != g.t {
			return fmt.Errorf("aliases[%d] (%s): not an address on a domain of this tenant", k, al)
		}
		if _, dup := w.emails[a]; dup {
			return fmt.Errorf("aliases[%d] (%s): already used by a user or group", k, al)
		}
		g.aliases = append(g.aliases, a)
		w.emails[a] = owner{g: g}
	}
	return nil
}

// seedMemberSettings applies a GroupSeed's Owners, Managers and
// DeliverySettings to the members already added.
func (w *World) seedMemberSettings(g *group, gs GroupSeed) error {
	find := func(list, key string) (*member, error) {
		id := ""
		if u := w.lookupUser(key); u != nil && u.t == g.t {
			id = u.id
		} else if sub := w.lookupGroup(key); sub != nil && sub.t == g.t {
			id = sub.id
		}
		i := g.memberIndex(id)
		if id == "" || i < 0 {
			return nil, fmt.Errorf("%s: %q is not listed in members", list, key)
		}
		return &g.members[i], nil
	}
	for _, set := range []struct {
		list, role string
		keys       []string
	}{{"owners", "OWNER", gs.Owners}, {"managers", "MANAGER", gs.Managers}} {
		for _, k := range set.keys {
			m, err := find(set.list, k)
			if err != nil {
				return err
			}
			m.role = set.role
		}
	}
	keys := make([]string, 0, len(gs.DeliverySettings))
	for k := range gs.DeliverySettings {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		m, err := find("deliverySettings", k)
		if err != nil {
			return err
		}
		d := strings.ToUpper(gs.DeliverySettings[k])
		if !validDelivery(d) {
			return fmt.Errorf("deliverySettings[%s]: %q is not one of ALL_MAIL, DAILY, DIGEST, DISABLED, NONE", k, gs.DeliverySettings[k])
		}
		if d == "ALL_MAIL" {
			d = ""
		}
		m.delivery = d
	}
	if len(gs.Owners)+len(gs.Managers)+len(gs.DeliverySettings) > 0 {
		g.rev = w.nextRev()
	}
	return nil
}
