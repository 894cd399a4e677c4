package fake

import (
	"net/http"
	"slices"
	"strings"

	admin "google.golang.org/api/admin/directory/v1"
)

// Directory group members (directory.members.*). A member is a user or a
// group of the group's own tenant; nested groups count for hasMember and
// for role assignments to groups (rule P4). Members outside the tenant
// (Google's EXTERNAL and CUSTOMER members) are not modelled.

// routeMembers registers directory.members.* at their REST paths.
func (s *Server) routeMembers(mux *http.ServeMux) {
	w := s.world
	const base = directoryPath + "groups/{groupKey}/members"
	s.handle(mux, "GET "+base, "directory.members.list", func(r *http.Request, as string) (any, *apiError) {
		q := r.URL.Query()
		max, e := qInt(q.Get("maxResults"), "maxResults")
		if e != nil {
			return nil, e
		}
		derived, e := qBool(q.Get("includeDerivedMembership"), "includeDerivedMembership")
		if e != nil {
			return nil, e
		}
		return nilIfErr(w.listMembers(as, r.PathValue("groupKey"), membersQuery{Roles: q.Get("roles"),
			IncludeDerived: derived, MaxResults: max, PageToken: q.Get("pageToken")}))
	})
	s.handle(mux, "POST "+base, "directory.members.insert", withBody(func(r *http.Request, as string, in *admin.Member) (*admin.Member, *apiError) {
		return w.insertMember(as, r.PathValue("groupKey"), in)
	}))
	s.handle(mux, "GET "+base+"/{memberKey}", "directory.members.get", func(r *http.Request, as string) (any, *apiError) {
		return nilIfErr(w.getMember(as, r.PathValue("groupKey"), r.PathValue("memberKey")))
	})
	s.handle(mux, "PATCH "+base+"/{memberKey}", "directory.members.patch", withBody(func(r *http.Request, as string, in *admin.Member) (*admin.Member, *apiError) {
		return w.changeMember("directory.members.patch", as, r.PathValue("groupKey"), r.PathValue("memberKey"), in)
	}))
	s.handle(mux, "PUT "+base+"/{memberKey}", "directory.members.update", withBody(func(r *http.Request, as string, in *admin.Member) (*admin.Member, *apiError) {
		return w.changeMember("directory.members.update", as, r.PathValue("groupKey"), r.PathValue("memberKey"), in)
	}))
	s.handle(mux, "DELETE "+base+"/{memberKey}", "directory.members.delete", func(r *http.Request, as string) (any, *apiError) {
		return nil, w.deleteMember(as, r.PathValue("groupKey"), r.PathValue("memberKey"))
	})
	s.handle(mux, "GET "+directoryPath+"groups/{groupKey}/hasMember/{memberKey}", "directory.members.hasMember", func(r *http.Request, as string) (any, *apiError) {
		return nilIfErr(w.hasMember(as, r.PathValue("groupKey"), r.PathValue("memberKey")))
	})
}

// memberKeyTarget resolves a key naming a user or group (email, alias or
// ID) for the caller a: an address on a domain of a tenant a may not act
// on, or on no domain, answers 403 whether or not it names anything, as
// userByKey does; an unknown or deleted one answers 404 naming param.
func (w *World) memberKeyTarget(a *user, key, param string) (*tenant, string, *apiError) {
	if e := w.addressReachable(a, key); e != nil {
		return nil, "", e
	}
	if u := w.lookupUser(key); u != nil && !u.deleted && w.administers(a, u.t) {
		return u.t, u.id, nil
	}
	if g := w.lookupGroup(key); g != nil && w.administers(a, g.t) {
		return g.t, g.id, nil
	}
	return nil, "", errNotFound(param)
}

// memberIn resolves memberKey to a user or group of g's tenant: (ID, is a
// group). Anything else answers 404 memberKey.
func (w *World) memberIn(g *group, memberKey string) (string, bool, *apiError) {
	if u := w.lookupUser(memberKey); u != nil && u.t == g.t && !u.deleted {
		return u.id, false, nil
	}
	if sub := w.lookupGroup(memberKey); sub != nil && sub.t == g.t {
		return sub.id, true, nil
	}
	return "", false, errNotFound("memberKey")
}

// toMember renders a membership of g as the Directory API does.
func (w *World) toMember(g *group, m member) *admin.Member {
	out := &admin.Member{Kind: "admin#directory#member", Id: m.id, Role: memberRole(m), Status: "ACTIVE",
		Etag: etag("member", g.id+"/"+m.id, g.rev)}
	if m.group {
		out.Type = "GROUP"
		if sub := w.groups[m.id]; sub != nil {
			out.Email = sub.email
		}
		return out
	}
	out.Type = "USER"
	out.DeliverySettings = "ALL_MAIL"
	if m.delivery != "" {
		out.DeliverySettings = m.delivery
	}
	if u := w.users[m.id]; u != nil {
		out.Email = u.email
		if u.suspended {
			out.Status = "SUSPENDED"
		}
	}
	return out
}

func memberRole(m member) string {
	if m.role == "" {
		return "MEMBER"
	}
	return m.role
}

// validRole and validDelivery check the enums of Member.role and
// Member.delivery_settings (upper case).
func validRole(r string) bool { return r == "OWNER" || r == "MANAGER" || r == "MEMBER" }

func validDelivery(d string) bool {
	switch d {
	case "ALL_MAIL", "DAILY", "DIGEST", "DISABLED", "NONE":
		return true
	}
	return false
}

// memberFields validates a Member body's role and delivery_settings and
// returns them as stored ("" for the defaults); ok tells whether each was
// sent.
func memberFields(in *admin.Member) (role string, roleSent bool, delivery string, deliverySent bool, e *apiError) {
	if in.Role != "" {
		role, roleSent = strings.ToUpper(in.Role), true
		if !validRole(role) {
			return "", false, "", false, errInvalid("role %q: want OWNER, MANAGER or MEMBER", in.Role)
		}
		if role == "MEMBER" {
			role = ""
		}
	}
	if in.DeliverySettings != "" {
		delivery, deliverySent = strings.ToUpper(in.DeliverySettings), true
		if !validDelivery(delivery) {
			return "", false, "", false, errInvalid("delivery_settings %q: want ALL_MAIL, DAILY, DIGEST, DISABLED or NONE", in.DeliverySettings)
		}
		if delivery == "ALL_MAIL" {
			delivery = ""
		}
	}
	return role, roleSent, delivery, deliverySent, nil
}

// getMember is directory.members.get.
func (w *World) getMember(as, groupKey, memberKey string) (*admin.Member, *apiError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	g, i, e := w.existingMember(as, groupKey, memberKey)
	if e != nil {
		return nil, e
	}
	if w.lagging("member:" + g.id + "/" + g.members[i].id) {
		return nil, errNotFound("memberKey")
	}
	return w.toMember(g, g.members[i]), nil
}

// existingMember resolves the caller, the group (GROUPS_ALL) and memberKey
// to the index of a member of the group; a user or group that is not one
// answers 404 memberKey. w.mu must be held.
func (w *World) existingMember(as, groupKey, memberKey string) (*group, int, *apiError) {
	_, g, e := w.authorizedGroup(as, groupKey)
	if e != nil {
		return nil, 0, e
	}
	id, _, e := w.memberIn(g, memberKey)
	if e != nil {
		return nil, 0, e
	}
	i := g.memberIndex(id)
	if i < 0 {
		return nil, 0, errNotFound("memberKey")
	}
	return g, i, nil
}

type membersQuery struct {
	Roles          string // comma-separated OWNER, MANAGER, MEMBER
	IncludeDerived bool
	MaxResults     int64
	PageToken      string
}

// listMembers is directory.members.list: the direct members, or with
// includeDerivedMembership also the members of nested groups (each once,
// with its role in the nearest group), filtered by roles. Pages of at most
// 200, by email.
func (w *World) listMembers(as, groupKey string, q membersQuery) (*admin.Members, *apiError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	_, g, e := w.authorizedGroup(as, groupKey)
	if e != nil {
		return nil, e
	}
	var wantRoles map[string]bool
	if q.Roles != "" {
		wantRoles = map[string]bool{}
		for r := range strings.SplitSeq(q.Roles, ",") {
			r = strings.ToUpper(strings.TrimSpace(r))
			if !validRole(r) {
				return nil, errInvalid("roles %q: want a comma-separated list of OWNER, MANAGER and MEMBER", q.Roles)
			}
			wantRoles[r] = true
		}
	}
	type entry struct {
		m     member
		email string
	}
	var items []entry
	seen := map[string]bool{}
	queue := []*group{g}
	visited := map[string]bool{g.id: true}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		for _, m := range cur.members {
			if m.group && q.IncludeDerived && !visited[m.id] {
				if sub := w.groups[m.id]; sub != nil {
					visited[m.id] = true
					queue = append(queue, sub)
				}
			}
			if seen[m.id] || (wantRoles != nil && !wantRoles[memberRole(m)]) {
				continue
			}
			seen[m.id] = true
			items = append(items, entry{m: m, email: w.emailOf(m.id, m.group)})
		}
		if !q.IncludeDerived {
			break
		}
	}
	key := func(x entry) string { return x.email + "\x00" + x.m.id }
	slices.SortFunc(items, func(x, y entry) int { return strings.Compare(key(x), key(y)) })
	qh := queryHash("members", g.id, strings.ToUpper(q.Roles), boolKey(q.IncludeDerived))
	page, next, e := paginate(items, key, false, q.PageToken, pageSize(q.MaxResults, 200, 200, w.pageCap), qh)
	if e != nil {
		return nil, e
	}
	out := &admin.Members{Kind: "admin#directory#members", NextPageToken: next}
	out.Members, out.Etag = wirePage("members", page, next, func(x entry) *admin.Member { return w.toMember(g, x.m) },
		func(m *admin.Member) string { return m.Etag })
	return out, nil
}

func boolKey(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// insertMember is directory.members.insert: the member is named by email
// or id and must be a user or group of the group's tenant. An existing
// member answers 409 duplicate "Member already exists.", Google's message.
func (w *World) insertMember(as, groupKey string, in *admin.Member) (*admin.Member, *apiError) {
	key := in.Email
	if key == "" {
		key = in.Id
	}
	if key == "" {
		return nil, errRequired("memberKey")
	}
	role, _, delivery, _, e := memberFields(in)
	if e != nil {
		return nil, e
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	_, g, e := w.authorizedGroup(as, groupKey)
	if e != nil {
		return nil, e
	}
	if strings.Contains(key, "@") {
		if t := w.tenantOfDomain(domainOf(normEmail(key))); t != g.t {
			return nil, errInvalid("member %q is not on a domain of the group's account; the fake does not model external members", key)
		}
	}
	id, isGroup, e := w.memberIn(g, key)
	if e != nil {
		return nil, e
	}
	if id == g.id {
		return nil, errInvalid("a group cannot be a member of itself")
	}
	if g.memberIndex(id) >= 0 {
		return nil, errf(409, "duplicate", "Member already exists.")
	}
	m := member{group: isGroup, id: id, role: role}
	if !isGroup {
		m.delivery = delivery
	}
	g.members = append(g.members, m)
	g.rev = w.nextRev()
	w.authzGen++
	w.markFresh("member:" + g.id + "/" + id)
	if e := w.answerLost("directory.members.insert"); e != nil {
		return nil, e
	}
	return w.toMember(g, m), nil
}

// changeMember is directory.members.patch and directory.members.update
// (served with patch semantics): role and delivery_settings change when
// sent.
func (w *World) changeMember(method, as, groupKey, memberKey string, in *admin.Member) (*admin.Member, *apiError) {
	role, roleSent, delivery, deliverySent, e := memberFields(in)
	if e != nil {
		return nil, e
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	g, i, e := w.existingMember(as, groupKey, memberKey)
	if e != nil {
		return nil, e
	}
	m := &g.members[i]
	if roleSent {
		m.role = role
	}
	if deliverySent && !m.group {
		m.delivery = delivery
	}
	g.rev = w.nextRev()
	if e := w.answerLost(method); e != nil {
		return nil, e
	}
	return w.toMember(g, *m), nil
}

// deleteMember is directory.members.delete; the member loses at once what
// role assignments to the group granted it (rule P4).
func (w *World) deleteMember(as, groupKey, memberKey string) *apiError {
	w.mu.Lock()
	defer w.mu.Unlock()
	g, i, e := w.existingMember(as, groupKey, memberKey)
	if e != nil {
		return e
	}
	g.members = slices.Delete(g.members, i, i+1)
	g.rev = w.nextRev()
	w.authzGen++
	return w.answerLost("directory.members.delete")
}

// hasMember is directory.members.hasMember: whether memberKey (a user or
// group) is a member of the group, directly or through nested groups.
// Google documents that "if nested, the memberKey and groupKey must be
// entities in the same domain or an Invalid input error is returned"
// (https://developers.google.com/workspace/admin/directory/reference/rest/v1/members/hasMember):
// a member that is not direct, on another domain than the group, answers
// 400 invalid. An address outside the group's tenant is no member (the
// fake models no external members).
func (w *World) hasMember(as, groupKey, memberKey string) (*admin.MembersHasMember, *apiError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	a, g, e := w.authorizedGroup(as, groupKey)
	if e != nil {
		return nil, e
	}
	no := &admin.MembersHasMember{IsMember: false, ForceSendFields: []string{"IsMember"}}
	if strings.Contains(memberKey, "@") {
		if t := w.tenantOfDomain(domainOf(normEmail(memberKey))); t != g.t {
			if t == nil || !w.administers(a, t) {
				return nil, errForbidden()
			}
			return no, nil
		}
	}
	id, isGroup, e := w.memberIn(g, memberKey)
	if e != nil {
		return nil, e
	}
	if g.memberIndex(id) >= 0 {
		return &admin.MembersHasMember{IsMember: true}, nil
	}
	if domainOf(w.emailOf(id, isGroup)) != domainOf(g.email) {
		return nil, errInvalid("memberKey %s is not a direct member of %s and is on another domain; nested membership is checked within one domain", memberKey, g.email)
	}
	if groupsOf(g.t, id)[g.id] {
		return &admin.MembersHasMember{IsMember: true}, nil
	}
	return no, nil
}
