package access

import (
	"slices"
	"strings"
	"time"

	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/roles"
)

// apply applies one change; field names it in errors ("changes[2]").
func (w *whatIfWorld) apply(ch Change, field string) error {
	f := func(name string) string { return field + "." + name }
	switch ch.Kind {
	case ChangeSuspend:
		_, a, _, err := w.existing(ch.Account, f("account"))
		if err != nil {
			return err
		}
		// P5: a suspended account keeps its roles and has no access.
		a.Facts.State = StateSuspended
		a.Facts.Effective.Blocked = true
	case ChangeDelete:
		email, _, d, err := w.existing(ch.Account, f("account"))
		if err != nil {
			return err
		}
		return w.deleteAccount(email, d)
	case ChangeCreateAccount:
		return w.createAccount(ch.Account, f("account"))
	case ChangeGrantRole, ChangeRevokeRole:
		return w.roleAssignment(ch, field)
	case ChangeAddMember, ChangeRemoveMember:
		return w.member(ch, field)
	case ChangeAddPrivilege, ChangeRemovePrivilege:
		return w.privilege(ch, field)
	case ChangeAdvance:
		if ch.Duration <= 0 {
			return invalid(whatIfOp, f("advance"), "is "+ch.Duration.String()+"; give a positive duration such as 720h")
		}
		w.advance(ch)
	case ChangeMoveCustomer, ChangeRevokeAccess:
		return w.customer(ch, field)
	default:
		return invalid(whatIfOp, field, "unknown change "+quote(string(ch.Kind))+"; use one of suspend, delete, createAccount, grantRole, "+
			"revokeRole, addMember, removeMember, addPrivilege, removePrivilege, advance, moveCustomer, revokeAccess")
	}
	return nil
}

// deleteAccount removes the account from its domain, from its groups, and
// with its direct role assignments, as Google does when a user is deleted.
func (w *whatIfWorld) deleteAccount(email string, d int) error {
	dom := &w.snap.Domains[d]
	j := slices.IndexFunc(dom.Accounts, func(a AccountFacts) bool { e, _ := splitAccount(factsEmail(&a.Facts)); return e == email })
	id := dom.Accounts[j].Facts.Effective.UserID
	dom.Accounts = slices.Delete(dom.Accounts, j, j+1)
	delete(w.dirty, email)
	for t := range w.snap.Tenants {
		if w.snap.Tenants[t].ResellerAccount != dom.ResellerAccount {
			continue
		}
		tf := &w.snap.Tenants[t]
		for g := range tf.Groups {
			tf.Groups[g].Members = slices.DeleteFunc(tf.Groups[g].Members, func(m string) bool { return m == email })
		}
		if id != "" {
			tf.Assignments = slices.DeleteFunc(tf.Assignments, func(a roles.Assignment) bool { return a.AssignedTo == id })
		}
	}
	return nil
}

func (w *whatIfWorld) createAccount(raw, field string) error {
	email, d, j, err := w.account(raw, field)
	if err != nil {
		return err
	}
	dom := &w.snap.Domains[d]
	switch {
	case j >= 0:
		return invalid(whatIfOp, field, "account "+email+" already exists")
	case !dom.Primary && !dom.Verified:
		return invalid(whatIfOp, field, "domain "+dom.Name+" is an unverified secondary domain: no account can use it until it is verified (D4)")
	}
	now := w.now()
	dom.Accounts = append(dom.Accounts, AccountFacts{Facts: Facts{
		Email: email, State: StateActive, ReadAt: now,
		Effective: roles.Effective{UserID: w.nextID("user"), Email: email, ReadAt: now},
	}})
	return nil
}

// target resolves the account or group a role change names: the tenant,
// the assignee ID and type, and marks the accounts it affects.
func (w *whatIfWorld) target(ch Change, field string) (t int, id string, typ roles.AssigneeType, affected []string, err error) {
	switch {
	case ch.Account != "" && ch.Group != "":
		return -1, "", "", nil, invalid(whatIfOp, field, "names both an account and a group; give one")
	case ch.Group != "":
		t, g, err := w.group(ch.Group, field+".group")
		if err != nil {
			return -1, "", "", nil, err
		}
		gf := w.snap.Tenants[t].Groups[g]
		return t, gf.ID, roles.AssigneeGroup, gf.Members, nil
	case ch.Account != "":
		email, a, d, err := w.existing(ch.Account, field+".account")
		if err != nil {
			return -1, "", "", nil, err
		}
		t, err := w.tenant(d, field+".account")
		if err != nil {
			return -1, "", "", nil, err
		}
		return t, w.userID(a, email), roles.AssigneeUser, []string{email}, nil
	}
	return -1, "", "", nil, invalid(whatIfOp, field+".account", "is empty; name the account (or the group) the role is assigned to")
}

func (w *whatIfWorld) roleAssignment(ch Change, field string) error {
	t, id, typ, affected, err := w.target(ch, field)
	if err != nil {
		return err
	}
	r, err := w.role(t, ch.Role, field+".role")
	if err != nil {
		return err
	}
	tf := &w.snap.Tenants[t]
	role := tf.Roles[r]
	if ch.Kind == ChangeGrantRole {
		if !ch.Expires.IsZero() && !w.now().Before(ch.Expires) {
			return invalid(whatIfOp, field+".expires", "is not after "+w.now().UTC().Format("2006-01-02T15:04:05Z")+
				", the time of the changed world: the assignment would grant nothing (P4)")
		}
		tf.Assignments = append(tf.Assignments, roles.Assignment{ID: w.nextID("assignment"), RoleID: role.ID,
			AssignedTo: id, AssigneeType: typ, Scope: roles.ScopeCustomer, ExpireTime: ch.Expires.UTC()})
	} else {
		n := len(tf.Assignments)
		tf.Assignments = slices.DeleteFunc(tf.Assignments, func(a roles.Assignment) bool {
			return a.RoleID == role.ID && a.AssignedTo == id && (a.AssigneeType == typ || a.AssigneeType == "")
		})
		if len(tf.Assignments) == n {
			why := "holds no assignment of role " + quote(role.Name) + " made to it"
			if typ == roles.AssigneeUser {
				for _, g := range tf.Groups {
					if slices.Contains(g.Members, affected[0]) && w.groupHolds(tf, g.ID, role.ID) {
						why += "; it holds the role through group " + g.ID + ": revoke it there, or remove the account from the group"
						break
					}
				}
			}
			return invalid(whatIfOp, field+".role", why)
		}
	}
	for _, e := range affected {
		w.dirty[e] = true
	}
	return nil
}

func (w *whatIfWorld) groupHolds(tf *TenantFacts, group, roleID string) bool {
	return slices.ContainsFunc(tf.Assignments, func(a roles.Assignment) bool { return a.AssignedTo == group && a.RoleID == roleID })
}

func (w *whatIfWorld) member(ch Change, field string) error {
	t, g, err := w.group(ch.Group, field+".group")
	if err != nil {
		return err
	}
	email, _, d, err := w.existing(ch.Account, field+".member")
	if err != nil {
		return err
	}
	tf := &w.snap.Tenants[t]
	if w.snap.Domains[d].ResellerAccount != tf.ResellerAccount {
		return invalid(whatIfOp, field+".member", "account "+email+" is not in the reseller account of group "+tf.Groups[g].ID)
	}
	gf := &tf.Groups[g]
	in := slices.Contains(gf.Members, email)
	switch {
	case ch.Kind == ChangeAddMember && in:
		return invalid(whatIfOp, field+".member", "account "+email+" is already in group "+gf.ID)
	case ch.Kind == ChangeRemoveMember && !in:
		return invalid(whatIfOp, field+".member", "account "+email+" is not in group "+gf.ID)
	case ch.Kind == ChangeAddMember:
		gf.Members = append(gf.Members, email)
		slices.Sort(gf.Members)
	default:
		gf.Members = slices.DeleteFunc(gf.Members, func(m string) bool { return m == email })
	}
	w.dirty[email] = true
	return nil
}

// privilege adds or removes a privilege of the role named in every tenant
// that has one.
func (w *whatIfWorld) privilege(ch Change, field string) error {
	found := false
	for t := range w.snap.Tenants {
		r, err := w.role(t, ch.Role, field+".role")
		if err != nil {
			continue
		}
		found = true
		tf := &w.snap.Tenants[t]
		role := &tf.Roles[r]
		if role.IsSystem || role.IsSuperAdmin {
			return invalid(whatIfOp, field+".role", "role "+quote(role.Name)+" is a system role: its privileges cannot change; use a custom role")
		}
		ref, ok := w.privilegeRef(t, ch.Privilege)
		if !ok {
			return invalid(whatIfOp, field+".privilege", quote(ch.Privilege)+" is neither a privilegeName of reseller account "+
				quote(tf.ResellerAccount)+"'s privilege tree nor an SDK key such as "+string(roles.ViewCustomers))
		}
		has := slices.ContainsFunc(role.Privileges, func(p roles.PrivilegeRef) bool { return p.Name == ref.Name })
		switch {
		case ch.Kind == ChangeAddPrivilege && has:
			return invalid(whatIfOp, field+".privilege", "role "+quote(role.Name)+" already holds "+ref.Name)
		case ch.Kind == ChangeRemovePrivilege && !has:
			return invalid(whatIfOp, field+".privilege", "role "+quote(role.Name)+" does not hold "+ref.Name)
		case ch.Kind == ChangeAddPrivilege:
			role.Privileges = append(role.Privileges, ref)
		default:
			role.Privileges = slices.DeleteFunc(role.Privileges, func(p roles.PrivilegeRef) bool { return p.Name == ref.Name })
		}
		for _, a := range tf.Assignments {
			if a.RoleID != role.ID {
				continue
			}
			w.markAssignees(t, a.AssignedTo)
		}
	}
	if !found {
		return invalid(whatIfOp, field+".role", "no reseller account of the snapshot has a role with ID or name "+quote(ch.Role))
	}
	return nil
}

// markAssignees marks the accounts an assignee ID stands for: the account
// of that user ID, or the group's members.
func (w *whatIfWorld) markAssignees(t int, id string) {
	tf := &w.snap.Tenants[t]
	for _, g := range tf.Groups {
		if g.ID == id {
			for _, m := range g.Members {
				w.dirty[m] = true
			}
		}
	}
	for d := range w.snap.Domains {
		if w.snap.Domains[d].ResellerAccount != tf.ResellerAccount {
			continue
		}
		for j := range w.snap.Domains[d].Accounts {
			f := &w.snap.Domains[d].Accounts[j].Facts
			if f.Effective.UserID == id && id != "" {
				e, _ := splitAccount(factsEmail(f))
				w.dirty[e] = true
			}
		}
	}
}

// privilegeRef resolves a privilege name or SDK key in tenant t's tree.
func (w *whatIfWorld) privilegeRef(t int, name string) (roles.PrivilegeRef, bool) {
	name = strings.TrimSpace(name)
	tree := w.tree(t)
	if ns := tree.Find(name); len(ns) > 0 {
		return ns[0].Privilege, true
	}
	table := roles.DefaultNameTable()
	for _, n := range w.snap.Tenants[t].Names {
		table[n.Key] = n.Name
	}
	return tree.Resolve(table, roles.PrivilegeKey(name))
}

// advance lets time pass: every read time moves by the duration, so each
// decision is made at the later time, when the assignments that end
// meanwhile grant nothing (P4).
func (w *whatIfWorld) advance(ch Change) {
	s := w.snap
	if !s.ReadAt.IsZero() {
		s.ReadAt = s.ReadAt.Add(ch.Duration)
	}
	for d := range s.Domains {
		for j := range s.Domains[d].Accounts {
			f := &s.Domains[d].Accounts[j].Facts
			if !f.ReadAt.IsZero() {
				f.ReadAt = f.ReadAt.Add(ch.Duration)
			}
			if !f.Effective.ReadAt.IsZero() {
				f.Effective.ReadAt = f.Effective.ReadAt.Add(ch.Duration)
			}
		}
	}
}

func (w *whatIfWorld) customer(ch Change, field string) error {
	id := strings.TrimSpace(ch.Customer)
	from, k := -1, -1
	for d := range w.snap.Domains {
		if i := slices.IndexFunc(w.snap.Domains[d].Customers, func(c domains.Customer) bool { return c.ID == id }); i >= 0 && id != "" {
			from, k = d, i
			break
		}
	}
	if from < 0 {
		return invalid(whatIfOp, field+".customer", "customer "+quote(id)+" is on no reseller domain of the snapshot")
	}
	src := &w.snap.Domains[from]
	if ch.Kind == ChangeRevokeAccess {
		if !src.Customers[k].AccessGranted {
			return invalid(whatIfOp, field+".customer", "customer "+id+" has already turned reseller access off (D5)")
		}
		src.Customers[k].AccessGranted = false
		return nil
	}
	to := w.domainIndex(ch.ToDomain)
	if to < 0 {
		return invalid(whatIfOp, field+".toDomain", quote(ch.ToDomain)+" is not a reseller domain of the snapshot")
	}
	dst := &w.snap.Domains[to]
	switch {
	case to == from:
		return invalid(whatIfOp, field+".toDomain", "customer "+id+" is already on "+dst.Name)
	case dst.ResellerAccount != src.ResellerAccount:
		return invalid(whatIfOp, field+".toDomain", "domain "+dst.Name+" belongs to another reseller account; a customer moves between the domains of its own")
	case !dst.Primary && !dst.Verified:
		return invalid(whatIfOp, field+".toDomain", "domain "+dst.Name+" is an unverified secondary domain; customers are assigned to usable domains (D4)")
	}
	c := src.Customers[k]
	c.ResellerDomain = normalizeDomain(dst.Name)
	src.Customers = slices.Delete(src.Customers, k, k+1)
	dst.Customers = append(dst.Customers, c)
	return nil
}

// recompute recomputes the grants of the accounts the changes touched, as
// the roles package does from the tenant's facts (P3, P4, P5).
func (w *whatIfWorld) recompute() error {
	for d := range w.snap.Domains {
		dom := &w.snap.Domains[d]
		for j := range dom.Accounts {
			a := &dom.Accounts[j]
			email, _ := splitAccount(factsEmail(&a.Facts))
			if !w.dirty[email] {
				continue
			}
			t, err := w.tenant(d, "changes")
			if err != nil {
				return err
			}
			a.Facts.Effective = effectiveOf(&w.snap.Tenants[t], w.tree(t), email, a, w.snap.ReadAt)
		}
	}
	return nil
}

// effectiveOf computes the grants of account a (address email) from the
// tenant's facts: its direct assignments and those of the groups it is in
// (P4), over the tenant's tree (P3), at the account's read time (else
// snapAt), with roles.EffectiveFrom, keyed by the tenant's privilege
// names. A nil roles.Service computes with the default names; the keys are
// then set from the names the snapshot was read with.
func effectiveOf(tf *TenantFacts, tree *roles.Tree, email string, a *AccountFacts, snapAt time.Time) roles.Effective {
	f := &a.Facts
	now := f.ReadAt
	if now.IsZero() {
		now = f.Effective.ReadAt
	}
	if now.IsZero() {
		now = snapAt
	}
	id := f.Effective.UserID
	var as []roles.Assignment
	for _, x := range tf.Assignments {
		if x.AssignedTo == id && id != "" {
			as = append(as, x)
			continue
		}
		for _, g := range tf.Groups {
			if g.ID == x.AssignedTo && slices.Contains(g.Members, email) {
				as = append(as, x)
				break
			}
		}
	}
	acct := roles.Account{ID: id, Email: email, Suspended: f.State == StateSuspended, Archived: f.State == StateArchived,
		Deleted: f.State == StateDeleted}
	var rs *roles.Service
	e := rs.EffectiveFrom(tree, acct, as, tf.Roles, now)
	e.Blocked = e.Blocked || f.Effective.Blocked
	if len(tf.Names) > 0 {
		byName := map[string]roles.PrivilegeKey{}
		for _, n := range tf.Names {
			byName[n.Name] = n.Key
		}
		for i := range e.Grants {
			e.Grants[i].Key = byName[e.Grants[i].Privilege.Name]
		}
	}
	return e
}
