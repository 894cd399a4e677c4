package fake

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	admin "google.golang.org/api/admin/directory/v1"

	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/roles"
)

// Directory users (directory.users.*). Each operation takes the caller (a
// user ID or email) first and returns generated structs or an *apiError.

// routeUsers registers directory.users.* at their REST paths.
func (s *Server) routeUsers(mux *http.ServeMux) {
	w := s.world
	s.handle(mux, "GET "+directoryPath+"users/{userKey}", "directory.users.get", func(r *http.Request, as string) (any, *apiError) {
		return nilIfErr(w.getUser(as, r.PathValue("userKey")))
	})
	s.handle(mux, "GET "+directoryPath+"users", "directory.users.list", func(r *http.Request, as string) (any, *apiError) {
		q := r.URL.Query()
		max, e := qInt(q.Get("maxResults"), "maxResults")
		if e != nil {
			return nil, e
		}
		showDeleted, e := qBool(q.Get("showDeleted"), "showDeleted")
		if e != nil {
			return nil, e
		}
		return nilIfErr(w.listUsers(as, usersQuery{Customer: q.Get("customer"), Domain: q.Get("domain"),
			Query: q.Get("query"), OrderBy: q.Get("orderBy"), SortOrder: q.Get("sortOrder"),
			ShowDeleted: showDeleted, MaxResults: max, PageToken: q.Get("pageToken")}))
	})
	s.handle(mux, "POST "+directoryPath+"users", "directory.users.insert", withBody(func(_ *http.Request, as string, in *admin.User) (*admin.User, *apiError) {
		return w.insertUser(as, in)
	}))
	s.handle(mux, "PATCH "+directoryPath+"users/{userKey}", "directory.users.patch", withBody(func(r *http.Request, as string, in *admin.User) (*admin.User, *apiError) {
		return w.patchUser(as, r.PathValue("userKey"), in)
	}))
	s.handle(mux, "PUT "+directoryPath+"users/{userKey}", "directory.users.update", withBody(func(r *http.Request, as string, in *admin.User) (*admin.User, *apiError) {
		return w.updateUser(as, r.PathValue("userKey"), in)
	}))
	s.handle(mux, "DELETE "+directoryPath+"users/{userKey}", "directory.users.delete", func(r *http.Request, as string) (any, *apiError) {
		return nil, w.deleteUser(as, r.PathValue("userKey"))
	})
}

type userSpec struct {
	id                   string
	email, given, family string
	ou                   *orgUnit
	suspended, archived  bool
	changePw             bool
	recovery             string
}

// present reports whether a field of a generated struct was sent: non-zero,
// or named in ForceSendFields or NullFields (the generated clients' rule).
func present(nonZero bool, field string, force, null []string) bool {
	return nonZero || slices.Contains(force, field) || slices.Contains(null, field)
}

// validAddress reports whether email (normalised) is an address a user
// may have: a valid local part, one "@" and a domain part.
func validAddress(email string) bool {
	local, dom, ok := strings.Cut(email, "@")
	return ok && validLocalPart(local) && dom != "" && !strings.Contains(dom, "@")
}

// validLocalPart follows Google's user-name rules: letters, digits, '-',
// '_', '.', the apostrophe and '+'; no leading, trailing or consecutive dots.
func validLocalPart(s string) bool {
	if s == "" || len(s) > 64 || s[0] == '.' || s[len(s)-1] == '.' || strings.Contains(s, "..") {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.ContainsRune("-_.'+", c)) {
			return false
		}
	}
	return true
}

// checkNewEmail validates an address for a user of tenant t: its domain must
// be a primary or secondary domain of t, verified (rule D4), and the address
// unused. A domain of another tenant answers as one of no tenant, so the
// answer tells nothing about other customers.
func (w *World) checkNewEmail(t *tenant, email string) *apiError {
	if !validAddress(email) {
		return errInvalid("primaryEmail %q is not a valid email address", email)
	}
	dom := domainOf(email)
	d := w.domains[dom]
	if d == nil || d.t != t {
		if da := w.aliases[dom]; da != nil && da.parent.t == t {
			return errInvalid("primaryEmail %q is on a domain alias; use the parent domain", email)
		}
		return errInvalid("primaryEmail is not on a domain of this account; add the domain first (directory.domains.insert)")
	}
	if _, dup := w.emails[email]; dup {
		return errDuplicate("the email address %s is already used by a user or group", email)
	}
	if !d.verified && !d.primary {
		// Rule D4: a secondary domain must be verified before accounts can use it.
		return errConditionNotMet("Domain %s is not verified. Verify the domain before creating accounts on it.", dom)
	}
	return nil
}

// validName reports whether s is a valid given or family name: not blank,
// and at most 60 characters, counted as characters, not bytes ("Zoë" is 3).
// Google documents both on the User resource's name member: "The maximum
// number of characters in the givenName and in the familyName values is
// 60. In addition, name values support unicode/UTF-8 characters"
// (https://developers.google.com/workspace/admin/directory/reference/rest/v1/users).
func validName(s string) bool {
	return strings.TrimSpace(s) != "" && utf8.RuneCountInString(s) <= 60
}

// createUser adds a user to t after validating its email and names.
func (w *World) createUser(t *tenant, s userSpec) (*user, *apiError) {
	email := normEmail(s.email)
	if e := w.checkNewEmail(t, email); e != nil {
		return nil, e
	}
	if !validName(s.given) {
		return nil, errInvalid("name.givenName must be 1 to 60 characters")
	}
	if !validName(s.family) {
		return nil, errInvalid("name.familyName must be 1 to 60 characters")
	}
	id := s.id
	if id == "" {
		id = w.newUserID()
	}
	ou := s.ou
	if ou == nil {
		ou = t.root
	}
	u := &user{id: id, t: t, email: email, given: s.given, family: s.family, ou: ou,
		suspended: s.suspended, archived: s.archived, changePw: s.changePw, recovery: s.recovery,
		created: w.now, rev: w.nextRev()}
	w.users[id] = u
	w.emails[email] = owner{u: u}
	t.users = append(t.users, u)
	w.authzGen++
	return u, nil
}

func (w *World) addUserAlias(u *user, alias string) *apiError {
	a := normEmail(alias)
	local, dom, ok := strings.Cut(a, "@")
	if !ok || !validLocalPart(local) {
		return errInvalid("alias %q is not a valid email address", alias)
	}
	owns := false
	if d := w.domains[dom]; d != nil && d.t == u.t {
		owns = true
	} else if da := w.aliases[dom]; da != nil && da.parent.t == u.t {
		owns = true
	}
	if !owns {
		return errInvalid("the domain of alias %q is not a domain of this account", alias)
	}
	if _, dup := w.emails[a]; dup {
		return errDuplicate("the email address %s is already used by a user or group", a)
	}
	u.aliases = append(u.aliases, a)
	w.emails[a] = owner{u: u}
	u.rev = w.nextRev()
	return nil
}

// toUser renders u as the Directory API does.
func (w *World) toUser(u *user) *admin.User {
	g := w.grantsOf(u)
	out := &admin.User{
		Kind:                       "admin#directory#user",
		Id:                         u.id,
		Etag:                       etag("user", u.id, u.rev),
		PrimaryEmail:               u.email,
		Name:                       &admin.UserName{GivenName: u.given, FamilyName: u.family, FullName: u.given + " " + u.family},
		IsAdmin:                    g.super,
		IsDelegatedAdmin:           g.delegated,
		LastLoginTime:              "1970-01-01T00:00:00.000Z",
		CreationTime:               fmtTime(u.created),
		AgreedToTerms:              true,
		Suspended:                  u.suspended,
		Archived:                   u.archived,
		ChangePasswordAtNextLogin:  u.changePw,
		CustomerId:                 u.t.id,
		OrgUnitPath:                u.ou.path,
		IsMailboxSetup:             true,
		IncludeInGlobalAddressList: true,
		RecoveryEmail:              u.recovery,
	}
	if u.suspended {
		out.SuspensionReason = "ADMIN"
	}
	if u.deleted {
		out.DeletionTime = fmtTime(u.deletedAt)
	}
	for _, a := range u.aliases {
		if _, onAlias := w.aliases[domainOf(a)]; onAlias {
			out.NonEditableAliases = append(out.NonEditableAliases, a)
		} else {
			out.Aliases = append(out.Aliases, a)
		}
	}
	w.wireUser(u, out) // wire.go: Google's booleans and emails
	return out
}

// getUser is directory.users.get.
func (w *World) getUser(as, userKey string) (*admin.User, *apiError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	a, e := w.actor(as)
	if e != nil {
		return nil, e
	}
	u, e := w.userByKey(a, userKey, errNotFound("userKey"))
	if e != nil {
		return nil, e
	}
	if e := w.authorize(a, u.t, roles.UsersRetrieveName, u.ou); e != nil {
		return nil, e
	}
	if w.lagging("user:" + u.id) {
		return nil, errNotFound("userKey")
	}
	return w.toUser(u), nil
}

// usersQuery holds the parameters of directory.users.list the fake honours.
type usersQuery struct {
	Customer    string
	Domain      string
	Query       string
	OrderBy     string // email (default), givenName, familyName
	SortOrder   string // ASCENDING (default), DESCENDING
	ShowDeleted bool
	MaxResults  int64
	PageToken   string
}

// listUsers is directory.users.list. The query language is a subset of
// Google's, space-separated terms all of which must match:
//
//	email:addr, email=addr    exact address (email:pre* is a prefix match)
//	givenName:, familyName:, name:  case-insensitive prefix of the name
//	                          (name: matches the full name or either part);
//	                          with '=' the match is exact
//	orgUnitPath=/Path         the org unit and every org unit under it
//	isSuspended=, isArchived=, isAdmin=, isDelegatedAdmin=  true or false
//
// Values may be quoted with single quotes, with \' for a quote inside (see
// lexUserQuery). Anything else answers 400.
func (w *World) listUsers(as string, q usersQuery) (*admin.Users, *apiError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	a, e := w.actor(as)
	if e != nil {
		return nil, e
	}
	var t *tenant
	var dom string
	if q.Domain != "" {
		// A domain the caller may not act on answers 403 whether or
		// not it is a Google account's (authz.go); a name that is no
		// domain, or the caller's domain alias, answers 400.
		if _, err := domains.NormalizeDomain(q.Domain); err != nil {
			return nil, errBadRequest("domain %q is not a domain name", q.Domain)
		}
		dom = normDomain(q.Domain)
		owner := w.tenantOfDomain(dom)
		if owner == nil || !w.administers(a, owner) {
			return nil, errForbidden()
		}
		d := w.domains[dom]
		if d == nil {
			return nil, errBadRequest("domain %q is a domain alias; list the users of its parent domain", q.Domain)
		}
		t = d.t
	}
	if q.Customer != "" {
		ct, e := w.customerParam(a, q.Customer)
		if e != nil {
			return nil, e
		}
		if t != nil && ct != t {
			return nil, errBadRequest("domain %q is not a domain of customer %q", q.Domain, q.Customer)
		}
		t = ct
	}
	if t == nil {
		return nil, errBadRequest("one of customer or domain is required")
	}
	match, e := parseUserQuery(q.Query)
	if e != nil {
		return nil, e
	}
	var visible func(*user) bool
	if a.t == t && !w.holds(a, roles.UsersRetrieveName, nil) {
		// An admin scoped to org units sees the users of those org units.
		visible = func(u *user) bool { return w.holds(a, roles.UsersRetrieveName, u.ou) }
	}
	var items []*user
	for _, u := range t.users {
		if u.deleted != q.ShowDeleted {
			continue
		}
		if dom != "" && domainOf(u.email) != dom {
			continue
		}
		if visible != nil && !visible(u) {
			continue
		}
		if !match(w, u) {
			continue
		}
		items = append(items, u)
	}
	if visible != nil && len(items) == 0 {
		if !w.anyOUGrant(a, roles.UsersRetrieveName) {
			return nil, errForbidden()
		}
	}
	var key func(*user) string
	switch q.OrderBy {
	case "", "email":
		key = func(u *user) string { return u.email + "\x00" + u.id }
	case "givenName":
		key = func(u *user) string { return strings.ToLower(u.given) + "\x00" + u.email + "\x00" + u.id }
	case "familyName":
		key = func(u *user) string { return strings.ToLower(u.family) + "\x00" + u.email + "\x00" + u.id }
	default:
		return nil, errInvalid("orderBy %q: want email, givenName or familyName", q.OrderBy)
	}
	desc := false
	switch strings.ToUpper(q.SortOrder) {
	case "", "ASCENDING":
	case "DESCENDING":
		desc = true
	default:
		return nil, errInvalid("sortOrder %q: want ASCENDING or DESCENDING", q.SortOrder)
	}
	slices.SortFunc(items, func(x, y *user) int {
		c := strings.Compare(key(x), key(y))
		if desc {
			return -c
		}
		return c
	})
	qh := queryHash("users", t.id, dom, q.Query, q.OrderBy, q.SortOrder, strconv.FormatBool(q.ShowDeleted))
	page, next, e := paginate(items, key, desc, q.PageToken, pageSize(q.MaxResults, 100, 500, w.pageCap), qh)
	if e != nil {
		return nil, e
	}
	out := &admin.Users{Kind: "admin#directory#users", NextPageToken: next}
	out.Users, out.Etag = wirePage("users", page, next, w.toUser, func(u *admin.User) string { return u.Etag })
	return out, nil
}

// anyOUGrant reports whether u holds priv through some org-unit-scoped
// assignment.
func (w *World) anyOUGrant(u *user, priv string) bool {
	for _, og := range w.grantsOf(u).ou {
		if og.privs[priv] {
			return true
		}
		if n := u.t.tree.nodes[priv]; n != nil {
			for _, anc := range n.ancestors {
				if og.privs[anc] {
					return true
				}
			}
		}
	}
	return false
}

// wirePage converts a page of the World's records to their wire form with
// conv, and computes the listing's ETag from the items' ETags (listETag), the
// common end of every list method.
func wirePage[T, W any](kind string, page []T, next string, conv func(T) W, etag func(W) string) ([]W, string) {
	items := make([]W, len(page))
	tags := make([]string, len(page))
	for i, v := range page {
		items[i] = conv(v)
		tags[i] = etag(items[i])
	}
	return items, listETag(kind, tags, next)
}

// listETag is the ETag of a listing page: it changes when any item on the
// page changes.
func listETag(kind string, tags []string, next string) string {
	return etag(kind, strings.Join(tags, ",")+"|"+next, 0)
}

type userPred func(w *World, u *user) bool

// queryTerm is one term of a users.list query: field, operator (':' or '=')
// and the value with its quotes and escapes removed.
type queryTerm struct {
	field string
	op    byte
	value string
}

func (q queryTerm) String() string { return q.field + string(q.op) + q.value }

func parseUserQuery(q string) (userPred, *apiError) {
	terms, e := lexUserQuery(q)
	if e != nil {
		return nil, e
	}
	preds := make([]userPred, 0, len(terms))
	for _, term := range terms {
		field, op, val := term.field, term.op, term.value
		lval := strings.ToLower(val)
		boolVal := func() (bool, *apiError) {
			b, err := strconv.ParseBool(lval)
			if err != nil || op != '=' {
				return false, errInvalid("query term %q: want %s=true or %s=false", term, field, field)
			}
			return b, nil
		}
		var p userPred
		switch field {
		case "email":
			if op == ':' && strings.HasSuffix(lval, "*") {
				pre := strings.TrimSuffix(lval, "*")
				p = func(_ *World, u *user) bool { return strings.HasPrefix(u.email, pre) }
			} else {
				p = func(_ *World, u *user) bool { return u.email == lval }
			}
		case "givenName", "familyName", "name":
			exact := op == '='
			pre := strings.TrimSuffix(lval, "*")
			p = func(_ *World, u *user) bool {
				var cands []string
				switch field {
				case "givenName":
					cands = []string{u.given}
				case "familyName":
					cands = []string{u.family}
				default:
					cands = []string{u.given + " " + u.family, u.given, u.family}
				}
				for _, c := range cands {
					c = strings.ToLower(c)
					if (exact && c == lval) || (!exact && strings.HasPrefix(c, pre)) {
						return true
					}
				}
				return false
			}
		case "orgUnitPath":
			if op != '=' {
				return nil, errInvalid("query term %q: use orgUnitPath=/Path", term)
			}
			path := strings.ToLower(cleanOUPath(val))
			p = func(_ *World, u *user) bool {
				for o := u.ou; o != nil; o = o.parent {
					if strings.ToLower(o.path) == path {
						return true
					}
				}
				return false
			}
		case "isSuspended", "isArchived", "isAdmin", "isDelegatedAdmin":
			b, e := boolVal()
			if e != nil {
				return nil, e
			}
			p = func(w *World, u *user) bool {
				switch field {
				case "isSuspended":
					return u.suspended == b
				case "isArchived":
					return u.archived == b
				case "isAdmin":
					return w.grantsOf(u).super == b
				default:
					return w.grantsOf(u).delegated == b
				}
			}
		default:
			return nil, errInvalid("query field %q is not supported by the fake", field)
		}
		preds = append(preds, p)
	}
	return func(w *World, u *user) bool {
		for _, p := range preds {
			if !p(w, u) {
				return false
			}
		}
		return true
	}, nil
}

// isQuerySpace reports whether c separates the terms of a query.
func isQuerySpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// lexUserQuery splits a users.list query into terms, as the Directory API
// reads them: terms are separated by white space; each is field, ':' or '='
// and a value. A value with spaces is quoted with single quotes, and inside
// a value a backslash escapes the next character, so a quote is written
// \' ("orgUnitPath='/It\'s here'"). An unterminated quote, a lone trailing
// backslash, a quote in the middle of a bare value or text right after a
// closing quote answers 400 invalid.
func lexUserQuery(q string) ([]queryTerm, *apiError) {
	var terms []queryTerm
	i := 0
	for {
		for i < len(q) && isQuerySpace(q[i]) {
			i++
		}
		if i == len(q) {
			return terms, nil
		}
		start := i
		for i < len(q) && q[i] != ':' && q[i] != '=' && !isQuerySpace(q[i]) && q[i] != '\'' && q[i] != '\\' {
			i++
		}
		if i == start || i == len(q) || (q[i] != ':' && q[i] != '=') {
			end := i
			for end < len(q) && !isQuerySpace(q[end]) {
				end++
			}
			return nil, errInvalid("query term %q is not supported by the fake: want field:value or field=value (free text search is not modelled)", q[start:end])
		}
		t := queryTerm{field: q[start:i], op: q[i]}
		i++
		var v strings.Builder
		quoted := i < len(q) && q[i] == '\''
		if quoted {
			i++
		}
		closed := false
	value:
		for i < len(q) {
			c := q[i]
			switch {
			case c == '\\':
				if i+1 == len(q) {
					return nil, errInvalid("query %q ends with a lone backslash; escape a quote as \\' and a backslash as \\\\", q)
				}
				v.WriteByte(q[i+1])
				i += 2
			case c == '\'' && quoted:
				i++
				closed = true
				break value
			case c == '\'':
				return nil, errInvalid("query term %s%c... has a quote inside a bare value; quote the whole value ('...') and escape quotes in it as \\'", t.field, t.op)
			case isQuerySpace(c) && !quoted:
				break value
			default:
				v.WriteByte(c)
				i++
			}
		}
		if quoted && !closed {
			return nil, errInvalid("query %q has an unterminated quote", q)
		}
		if closed && i < len(q) && !isQuerySpace(q[i]) {
			return nil, errInvalid("query term %s%c'...' is followed by %q; put a space between terms", t.field, t.op, q[i:i+1])
		}
		t.value = v.String()
		terms = append(terms, t)
	}
}

// insertUser is directory.users.insert. Google requires primaryEmail,
// name.givenName, name.familyName and password; the domain must be verified
// (rule D4: 412 conditionNotMet otherwise); an address in use is 409
// duplicate.
func (w *World) insertUser(as string, in *admin.User) (*admin.User, *apiError) {
	if in == nil {
		return nil, errRequired("user")
	}
	switch {
	case in.PrimaryEmail == "":
		return nil, errRequired("primaryEmail")
	case in.Name == nil || in.Name.GivenName == "":
		return nil, errRequired("name.givenName")
	case in.Name.FamilyName == "":
		return nil, errRequired("name.familyName")
	case in.Password == "":
		return nil, errRequired("password")
	}
	if in.HashFunction == "" && (len(in.Password) < 8 || len(in.Password) > 100) {
		return nil, errInvalid("Invalid Password: a password must be 8 to 100 characters")
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	a, e := w.actor(as)
	if e != nil {
		return nil, e
	}
	email := normEmail(in.PrimaryEmail)
	if !validAddress(email) {
		return nil, w.checkNewEmail(nil, email)
	}
	// An address on a domain of a tenant the caller may not act on answers
	// as one on no domain at all: 404 "Domain not found.", Google's answer
	// to users.insert on a domain outside the caller's account, telling
	// nothing about whose the domain is.
	t := w.tenantOfDomain(domainOf(email))
	if t == nil || !w.administers(a, t) {
		return nil, &apiError{Code: http.StatusNotFound, Reason: "notFound", Message: "Domain not found."}
	}
	if w.domains[domainOf(email)] == nil {
		return nil, w.checkNewEmail(t, email) // a domain alias
	}
	ou := t.root
	if in.OrgUnitPath != "" {
		ou = t.ouByPath[strings.ToLower(cleanOUPath(in.OrgUnitPath))]
		if ou == nil {
			return nil, errInvalid("INVALID_OU_ID: org unit %q does not exist", in.OrgUnitPath)
		}
	}
	if e := w.authorize(a, t, roles.UsersCreateName, ou); e != nil {
		return nil, e
	}
	u, e := w.createUser(t, userSpec{email: email, given: in.Name.GivenName, family: in.Name.FamilyName, ou: ou,
		suspended: in.Suspended, archived: in.Archived, changePw: in.ChangePasswordAtNextLogin, recovery: in.RecoveryEmail})
	if e != nil {
		return nil, e
	}
	u.setPassword(in.Password, in.HashFunction)
	w.markFresh("user:" + u.id)
	if e := w.answerLost("directory.users.insert"); e != nil {
		return nil, e
	}
	return w.toUser(u), nil
}

// patchUser is directory.users.patch: only the fields present in the
// request change. Changing primaryEmail keeps the old address as an alias,
// as Google does.
func (w *World) patchUser(as, userKey string, in *admin.User) (*admin.User, *apiError) {
	return w.changeUser("directory.users.patch", as, userKey, in)
}

// updateUser is directory.users.update, which Google documents with patch
// semantics too.
func (w *World) updateUser(as, userKey string, in *admin.User) (*admin.User, *apiError) {
	return w.changeUser("directory.users.update", as, userKey, in)
}

// changeUser is patchUser and updateUser; method names the call.
func (w *World) changeUser(method, as, userKey string, in *admin.User) (*admin.User, *apiError) {
	if in == nil {
		return nil, errRequired("user")
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	a, e := w.actor(as)
	if e != nil {
		return nil, e
	}
	u, e := w.userByKey(a, userKey, errNotFound("userKey"))
	if e != nil {
		return nil, e
	}
	if e := w.authorize(a, u.t, roles.UsersUpdateName, u.ou); e != nil {
		return nil, e
	}
	f, nf := in.ForceSendFields, in.NullFields
	// Validate everything before changing anything.
	newOU := u.ou
	if present(in.OrgUnitPath != "", "OrgUnitPath", f, nf) {
		newOU = u.t.ouByPath[strings.ToLower(cleanOUPath(in.OrgUnitPath))]
		if newOU == nil {
			return nil, errInvalid("INVALID_OU_ID: org unit %q does not exist", in.OrgUnitPath)
		}
		if newOU != u.ou {
			if e := w.authorize(a, u.t, roles.UsersUpdateName, newOU); e != nil {
				return nil, e
			}
		}
	}
	given, family := u.given, u.family
	if in.Name != nil {
		if present(in.Name.GivenName != "", "GivenName", in.Name.ForceSendFields, in.Name.NullFields) {
			given = in.Name.GivenName
		}
		if present(in.Name.FamilyName != "", "FamilyName", in.Name.ForceSendFields, in.Name.NullFields) {
			family = in.Name.FamilyName
		}
		if !validName(given) || !validName(family) {
			return nil, errInvalid("name.givenName and name.familyName must be 1 to 60 characters")
		}
	}
	if present(in.Password != "", "Password", f, nf) && in.HashFunction == "" && (len(in.Password) < 8 || len(in.Password) > 100) {
		return nil, errInvalid("Invalid Password: a password must be 8 to 100 characters")
	}
	newEmail := u.email
	if in.PrimaryEmail != "" && normEmail(in.PrimaryEmail) != u.email {
		newEmail = normEmail(in.PrimaryEmail)
		if o, ok := w.emails[newEmail]; ok && o.u == u {
			// Promoting one of the user's own aliases.
		} else {
			if e := w.checkNewEmail(u.t, newEmail); e != nil {
				return nil, e
			}
		}
	}
	// Apply.
	if newEmail != u.email {
		old := u.email
		u.aliases = slices.DeleteFunc(u.aliases, func(s string) bool { return s == newEmail })
		u.aliases = append(u.aliases, old)
		u.email = newEmail
		w.emails[newEmail] = owner{u: u}
	}
	u.given, u.family, u.ou = given, family, newOU
	if present(in.Suspended, "Suspended", f, nf) && u.suspended != in.Suspended {
		u.suspended = in.Suspended
		w.authzGen++
	}
	if present(in.Archived, "Archived", f, nf) && u.archived != in.Archived {
		u.archived = in.Archived
		w.authzGen++
	}
	if present(in.Password != "", "Password", f, nf) {
		u.setPassword(in.Password, in.HashFunction)
	}
	if present(in.ChangePasswordAtNextLogin, "ChangePasswordAtNextLogin", f, nf) {
		u.changePw = in.ChangePasswordAtNextLogin
	}
	if present(in.RecoveryEmail != "", "RecoveryEmail", f, nf) {
		u.recovery = in.RecoveryEmail
	}
	u.rev = w.nextRev()
	if e := w.answerLost(method); e != nil {
		return nil, e
	}
	return w.toUser(u), nil
}

// deleteUser is directory.users.delete. The user's role assignments,
// licenses and group memberships go with it, and its addresses become free.
func (w *World) deleteUser(as, userKey string) *apiError {
	w.mu.Lock()
	defer w.mu.Unlock()
	a, e := w.actor(as)
	if e != nil {
		return e
	}
	u, e := w.userByKey(a, userKey, errNotFound("userKey"))
	if e != nil {
		return e
	}
	if e := w.authorize(a, u.t, roles.UsersDeleteName, u.ou); e != nil {
		return e
	}
	w.removeUser(u)
	return w.answerLost("directory.users.delete")
}

func (w *World) removeUser(u *user) {
	u.deleted, u.deletedAt = true, w.now
	u.rev = w.nextRev()
	delete(w.emails, u.email)
	for _, a := range u.aliases {
		delete(w.emails, a)
	}
	for id, as := range u.t.assigns {
		if as.assignee == u.id {
			delete(u.t.assigns, id)
		}
	}
	for _, g := range u.t.groups {
		g.members = slices.DeleteFunc(g.members, func(m member) bool { return !m.group && m.id == u.id })
	}
	for _, byUser := range u.t.licenses {
		if l := byUser[u.id]; l != nil {
			if s := u.t.skus[skuKey{l.product, l.sku}]; s != nil {
				s.assigned--
			}
			delete(byUser, u.id)
		}
	}
	for tok, tu := range w.tokens {
		if tu == u {
			delete(w.tokens, tok)
		}
	}
	delete(w.userTokens, u.id)
	w.authzGen++
}

// parseExpire parses an assignment expiry, which must be in the future.
func parseExpire(s string, now time.Time) (time.Time, *apiError) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, errInvalid("expirationDetails.expireTime %q is not an RFC 3339 time", s)
	}
	if !t.After(now) {
		return time.Time{}, errInvalid("expirationDetails.expireTime %s is not in the future", s)
	}
	return t.UTC(), nil
}

// setPassword records what CheckPassword compares with: a digest of the
// password, never the password. A password given already hashed
// (hashFunction set) cannot be checked and is recorded as none.
func (u *user) setPassword(password, hashFunction string) {
	u.password = [sha256.Size]byte{}
	if password != "" && hashFunction == "" {
		u.password = passwordDigest(u.id, password)
	}
}

func passwordDigest(id, password string) [sha256.Size]byte {
	return sha256.Sum256([]byte(id + "\x00" + password))
}

// CheckPassword reports whether the account at email (its primary address
// or an alias) has password, as a person signing in with it would find
// out. It is for tests that must prove a password handed over is the
// account's: Google has no API that reveals or checks one. An account
// seeded without a password, or given one as a hash, has none.
func (w *World) CheckPassword(email, password string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	o, ok := w.emails[normEmail(email)]
	if !ok || o.u == nil || o.u.deleted || o.u.password == ([sha256.Size]byte{}) {
		return false
	}
	d := passwordDigest(o.u.id, password)
	return subtle.ConstantTimeCompare(d[:], o.u.password[:]) == 1
}
