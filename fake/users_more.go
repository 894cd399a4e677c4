package fake

import (
	"net/http"
	"slices"
	"strings"
	"time"

	admin "google.golang.org/api/admin/directory/v1"

	"github.com/resellerkit/resellerkit/roles"
)

// Directory user aliases (directory.users.aliases.*), users.makeAdmin and
// users.undelete.

// maxUserAliases is Google's limit of aliases per user ("at most 30",
// https://developers.google.com/workspace/admin/directory/v1/limits).
const maxUserAliases = 30

// undeleteWindow is how long a deleted user can be restored: "You can
// restore a user account up to 20 days after deleting it"
// (https://support.google.com/a/answer/1397578).
const undeleteWindow = 20 * 24 * time.Hour

// routeUsersMore registers directory.users.aliases.insert, list and delete,
// directory.users.makeAdmin and directory.users.undelete.
func (s *Server) routeUsersMore(mux *http.ServeMux) {
	w := s.world
	s.handle(mux, "POST "+directoryPath+"users/{userKey}/aliases", "directory.users.aliases.insert", withBody(func(r *http.Request, as string, in *admin.Alias) (*admin.Alias, *apiError) {
		return w.insertUserAlias(as, r.PathValue("userKey"), in)
	}))
	s.handle(mux, "GET "+directoryPath+"users/{userKey}/aliases", "directory.users.aliases.list", func(r *http.Request, as string) (any, *apiError) {
		return nilIfErr(w.listUserAliases(as, r.PathValue("userKey")))
	})
	s.handle(mux, "DELETE "+directoryPath+"users/{userKey}/aliases/{alias}", "directory.users.aliases.delete", func(r *http.Request, as string) (any, *apiError) {
		return nil, w.deleteUserAlias(as, r.PathValue("userKey"), r.PathValue("alias"))
	})
	s.handle(mux, "POST "+directoryPath+"users/{userKey}/makeAdmin", "directory.users.makeAdmin", withBody(func(r *http.Request, as string, in *admin.UserMakeAdmin) (*struct{}, *apiError) {
		return nil, w.makeAdmin(as, r.PathValue("userKey"), in.Status)
	}))
	s.handle(mux, "POST "+directoryPath+"users/{userKey}/undelete", "directory.users.undelete", withBody(func(r *http.Request, as string, in *admin.UserUndelete) (*struct{}, *apiError) {
		return nil, w.undeleteUser(as, r.PathValue("userKey"), in.OrgUnitPath)
	}))
}

func toAlias(u *user, alias string) *admin.Alias {
	return &admin.Alias{Kind: "admin#directory#alias", Id: u.id, PrimaryEmail: u.email, Alias: alias,
		Etag: etag("alias", u.id+"/"+alias, u.rev)}
}

// aliasUser resolves the user of an alias call and checks the caller holds
// priv over it. w.mu must be held.
func (w *World) aliasUser(as, userKey, priv string) (*user, *apiError) {
	a, e := w.actor(as)
	if e != nil {
		return nil, e
	}
	u, e := w.userByKey(a, userKey, errNotFound("userKey"))
	if e != nil {
		return nil, e
	}
	if e := w.authorize(a, u.t, priv, u.ou); e != nil {
		return nil, e
	}
	return u, nil
}

// insertUserAlias is directory.users.aliases.insert: the alias must be on
// a domain or domain alias of the user's tenant and unused (409
// duplicate); a user has at most 30.
func (w *World) insertUserAlias(as, userKey string, in *admin.Alias) (*admin.Alias, *apiError) {
	if in.Alias == "" {
		return nil, errRequired("alias")
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	u, e := w.aliasUser(as, userKey, roles.UsersUpdateName)
	if e != nil {
		return nil, e
	}
	if len(u.aliases) >= maxUserAliases {
		return nil, errInvalid("user %s already has %d aliases, Google's limit", u.email, maxUserAliases)
	}
	if e := w.addUserAlias(u, in.Alias); e != nil {
		return nil, e
	}
	if e := w.answerLost("directory.users.aliases.insert"); e != nil {
		return nil, e
	}
	return toAlias(u, normEmail(in.Alias)), nil
}

// listUserAliases is directory.users.aliases.list: every alias of the
// user, those on domain aliases included.
func (w *World) listUserAliases(as, userKey string) (*admin.Aliases, *apiError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	u, e := w.aliasUser(as, userKey, roles.UsersRetrieveName)
	if e != nil {
		return nil, e
	}
	out := &admin.Aliases{Kind: "admin#directory#aliases"}
	tags := make([]string, 0, len(u.aliases))
	for _, al := range u.aliases {
		a := toAlias(u, al)
		out.Aliases = append(out.Aliases, a)
		tags = append(tags, a.Etag)
	}
	out.Etag = listETag("aliases", tags, "")
	return out, nil
}

// deleteUserAlias is directory.users.aliases.delete; an address that is
// not one of the user's aliases answers 404.
func (w *World) deleteUserAlias(as, userKey, alias string) *apiError {
	w.mu.Lock()
	defer w.mu.Unlock()
	u, e := w.aliasUser(as, userKey, roles.UsersUpdateName)
	if e != nil {
		return e
	}
	a := normEmail(alias)
	i := slices.Index(u.aliases, a)
	if i < 0 {
		return errNotFound("alias")
	}
	u.aliases = slices.Delete(u.aliases, i, i+1)
	delete(w.emails, a)
	u.rev = w.nextRev()
	return w.answerLost("directory.users.aliases.delete")
}

// superAdminRole returns t's super admin system role (_SEED_ADMIN_ROLE).
func superAdminRole(t *tenant) *role {
	for _, r := range t.roles {
		if r.superAdmin {
			return r
		}
	}
	return nil
}

// mayActAsSuperAdmin checks that a may do what only super admins may on t:
// a super admin of t, or a reseller admin administering t. Google: delegated
// admins "cannot create or undelete users, or make users administrators"
// (https://support.google.com/a/answer/2405986).
func (w *World) mayActAsSuperAdmin(a *user, t *tenant) *apiError {
	if a.t == t {
		if w.grantsOf(a).super {
			return nil
		}
		return errForbidden()
	}
	if w.administers(a, t) {
		return nil
	}
	return errForbidden()
}

// makeAdmin is directory.users.makeAdmin: status true assigns the tenant's
// super admin role (_SEED_ADMIN_ROLE) to the user customer-wide, as Google
// does, so roleAssignments.list shows it and isAdmin turns true; false
// removes the user's own super admin assignments (not one it holds
// through a group). Either is a no-op when already so. Only super admins
// may call it.
func (w *World) makeAdmin(as, userKey string, status bool) *apiError {
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
	if e := w.mayActAsSuperAdmin(a, u.t); e != nil {
		return e
	}
	r := superAdminRole(u.t)
	if r == nil {
		return errConditionNotMet("the account has no super admin role")
	}
	changed := false
	if status {
		has := false
		for _, x := range u.t.assigns {
			if x.roleID == r.id && x.assignee == u.id && !x.group {
				has = true
				break
			}
		}
		if !has {
			if _, e := w.createAssignment(u.t, r, u.id, false, "CUSTOMER", "", time.Time{}, ""); e != nil {
				return e
			}
			changed = true
		}
	} else {
		for id, x := range u.t.assigns {
			if x.roleID == r.id && x.assignee == u.id && !x.group {
				delete(u.t.assigns, id)
				changed = true
			}
		}
	}
	if changed {
		u.rev = w.nextRev()
		w.authzGen++
	}
	return w.answerLost("directory.users.makeAdmin")
}

// undeleteUser is directory.users.undelete: userKey is the deleted user's
// ID. Within 20 days of the deletion the user comes back, with its
// addresses, into orgUnitPath (its old org unit when empty and still
// there, else the root); its role assignments, group memberships and
// licenses, which went with the deletion, do not. As Google's help says,
// it cannot be restored when its address or an alias is now used by
// another user or group (409 duplicate here) or its domain is gone (412).
// Only super admins may call it.
func (w *World) undeleteUser(as, userKey, orgUnitPath string) *apiError {
	w.mu.Lock()
	defer w.mu.Unlock()
	a, e := w.actor(as)
	if e != nil {
		return e
	}
	u := w.users[userKey]
	if u == nil || !u.deleted || !w.administers(a, u.t) || w.now.Sub(u.deletedAt) > undeleteWindow {
		return errNotFound("userKey")
	}
	if e := w.mayActAsSuperAdmin(a, u.t); e != nil {
		return e
	}
	ou := u.ou
	if orgUnitPath != "" {
		ou = u.t.ouByPath[strings.ToLower(cleanOUPath(orgUnitPath))]
		if ou == nil {
			return errInvalid("INVALID_OU_ID: org unit %q does not exist", orgUnitPath)
		}
	} else if u.t.ous[ou.id] != ou {
		ou = u.t.root
	}
	if d := w.domains[domainOf(u.email)]; d == nil || d.t != u.t {
		return errConditionNotMet("the domain of %s is no longer a domain of this account", u.email)
	}
	for _, addr := range append([]string{u.email}, u.aliases...) {
		if _, taken := w.emails[addr]; taken {
			return errDuplicate("the email address %s is now used by another user or group", addr)
		}
	}
	// Aliases on a domain the account no longer has are dropped.
	u.aliases = slices.DeleteFunc(u.aliases, func(al string) bool { return w.tenantOfDomain(domainOf(al)) != u.t })
	w.emails[u.email] = owner{u: u}
	for _, al := range u.aliases {
		w.emails[al] = owner{u: u}
	}
	u.deleted, u.deletedAt, u.ou = false, time.Time{}, ou
	u.rev = w.nextRev()
	w.authzGen++
	return w.answerLost("directory.users.undelete")
}
