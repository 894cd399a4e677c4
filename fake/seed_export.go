package fake

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/resellerkit/resellerkit/cases"
)

// Seed returns the World's state as a [Seed]: NewWorld(w.Seed()) builds a
// World that holds the same tenants, domains, users (deleted ones too),
// groups, org units, roles, assignments, SKUs, licenses, customers,
// subscriptions and support cases, with the same IDs, at the same time,
// issuing the same tokens when the World's were fixed by a
// Seed.TokenSecret, accepting the same service-account keys, and whose
// Seed is this one again. It is what the
// control API's GET /fake/v1/world answers and what a state file
// ([WithStateFile]) holds.
//
// Not in a Seed, so not kept: faults, lag, page cap and other settings;
// passwords (a user's password no longer checks, [World.CheckPassword]);
// ETags (a rebuilt World stamps new ones, never one it stamped before).
func (w *World) Seed() Seed {
	w.mu.Lock()
	defer w.mu.Unlock()
	s := Seed{Start: w.now, TokenSecret: w.tokenSecret, Tenants: make([]TenantSeed, 0, len(w.tenantList)),
		ResellerToolsNames: maps.Clone(w.toolsNames), Counters: w.counterMap()}
	for _, t := range w.tenantList {
		s.Tenants = append(s.Tenants, w.exportTenant(t))
	}
	s.Cases = w.exportCases()
	for email, k := range w.serviceAccounts {
		if s.ServiceAccounts == nil {
			s.ServiceAccounts = map[string]string{}
		}
		s.ServiceAccounts[email] = publicKeyPEM(k)
	}
	return s
}

func (w *World) exportTenant(t *tenant) TenantSeed {
	ts := TenantSeed{CustomerID: t.id, Name: t.name, Reseller: t.reseller, Legacy: t.legacy, Language: t.language,
		Created: t.created}
	if c := t.contact; c != (tenantContact{}) {
		ts.Contact = &ContactSeed{AlternateEmail: c.alternateEmail, Phone: c.phone}
		if c.postal != nil {
			ts.Contact.PostalAddress = wireAddress(c.postal)
			ts.Contact.PostalAddress.Kind = ""
		}
	}
	for _, d := range t.domains {
		ts.Domains = append(ts.Domains, DomainSeed{Name: d.name, Unverified: !d.verified, Created: d.created})
	}
	for _, a := range t.aliases {
		ts.DomainAliases = append(ts.DomainAliases, DomainAliasSeed{Name: a.name, Parent: a.parent.name, Unverified: !a.verified, Created: a.created})
	}
	// By path, so that parents come before their children; the root only
	// carries its ID.
	for _, o := range t.ous {
		ts.OrgUnits = append(ts.OrgUnits, OrgUnitSeed{ID: o.id, Path: o.path, Description: o.description})
	}
	slices.SortFunc(ts.OrgUnits, func(x, y OrgUnitSeed) int { return strings.Compare(x.Path, y.Path) })
	for _, u := range t.users {
		us := UserSeed{ID: u.id, Email: u.email, GivenName: u.given, FamilyName: u.family, OrgUnit: u.ou.path,
			Aliases: slices.Clone(u.aliases), Suspended: u.suspended, Archived: u.archived,
			ChangePasswordAtNextLogin: u.changePw, RecoveryEmail: u.recovery, Deleted: u.deleted, Created: u.created}
		if u.deleted {
			us.DeletedTime = u.deletedAt
		}
		ts.Users = append(ts.Users, us)
	}
	for _, g := range t.groups {
		ts.Groups = append(ts.Groups, w.exportGroup(g))
	}
	for _, r := range sortedRoles(t) {
		if r.system {
			// Built with the tenant: the seed fixes its ID only.
			ts.Roles = append(ts.Roles, RoleSeed{ID: r.id, Name: r.name})
			continue
		}
		rs := RoleSeed{ID: r.id, Name: r.name, Description: r.description, Privileges: make([]string, 0, len(r.privs))}
		for _, p := range r.privs {
			rs.Privileges = append(rs.Privileges, p.name)
		}
		ts.Roles = append(ts.Roles, rs)
	}
	for _, a := range t.assigns {
		as := AssignmentSeed{ID: a.id, Assignee: w.emailOf(a.assignee, a.group), ExpireTime: a.expire, Condition: a.condition}
		if r := t.roles[a.roleID]; r != nil {
			as.Role = r.name
		}
		if a.scope == "ORG_UNIT" {
			if o := t.ous[a.ouID]; o != nil {
				as.OrgUnit = o.path
			}
		}
		ts.Assignments = append(ts.Assignments, as)
	}
	slices.SortFunc(ts.Assignments, func(x, y AssignmentSeed) int { return cmp.Compare(x.ID, y.ID) })
	for _, k := range t.skuList {
		if k.fromSubs {
			continue // the customer's subscriptions make it again, and it follows them
		}
		ts.SKUs = append(ts.SKUs, SKUSeed{ProductID: k.product, SKUID: k.sku, ProductName: k.productName, SKUName: k.skuName, Seats: k.seats})
	}
	for _, byUser := range t.licenses {
		for _, l := range byUser {
			if u := w.users[l.userID]; u != nil {
				ts.Licenses = append(ts.Licenses, LicenseSeed{ProductID: l.product, SKUID: l.sku, User: u.email})
			}
		}
	}
	slices.SortFunc(ts.Licenses, func(x, y LicenseSeed) int {
		return cmp.Or(strings.Compare(x.ProductID, y.ProductID), strings.Compare(x.User, y.User))
	})
	if c := t.cust; c != nil {
		ts.Customer = w.exportCustomer(c)
	}
	return ts
}

func (w *World) exportGroup(g *group) GroupSeed {
	gs := GroupSeed{ID: g.id, Email: g.email, Name: g.name, Description: g.description, Aliases: slices.Clone(g.aliases)}
	for _, m := range g.members {
		email := w.emailOf(m.id, m.group)
		gs.Members = append(gs.Members, email)
		switch m.role {
		case "OWNER":
			gs.Owners = append(gs.Owners, email)
		case "MANAGER":
			gs.Managers = append(gs.Managers, email)
		}
		if m.delivery != "" {
			if gs.DeliverySettings == nil {
				gs.DeliverySettings = map[string]string{}
			}
			gs.DeliverySettings[email] = m.delivery
		}
	}
	return gs
}

func (w *World) exportCustomer(c *customerInfo) *CustomerSeed {
	cs := &CustomerSeed{ResellerDomain: c.resellerDomain, ResellerAccessRevoked: c.accessRevoked, SupportPlan: c.plan,
		AlternateEmail: c.alternateEmail, Phone: c.phone}
	for _, s := range c.subs {
		cs.Subscriptions = append(cs.Subscriptions, SubscriptionSeed{ID: s.id, SKUID: s.sku, SKUName: s.skuName,
			Plan: s.plan, Seats: int(s.seats), MaxSeats: int(s.maxSeats), Status: s.status, Created: s.created,
			RenewalType: s.renewal, PurchaseOrderID: s.purchaseOrder, DealCode: s.dealCode, TrialEnd: s.trialEnd,
			SuspensionReasons: slices.Clone(s.reasons)})
	}
	if c.postal != nil {
		cs.PostalAddress = wireAddress(c.postal)
		cs.PostalAddress.Kind = ""
	}
	for _, e := range c.tenure {
		cs.Tenure = append(cs.Tenure, TenureSeed{ResellerDomain: e.domain, From: e.from, To: e.to})
	}
	return cs
}

// counterFields names the World's ID counters for Seed.Counters.
func (c *counters) fields() map[string]*int64 {
	return map[string]*int64{
		"user": &c.user, "group": &c.group, "role": &c.role, "assignment": &c.assignment, "orgUnit": &c.orgUnit,
		"customer": &c.customer, "subscription": &c.subscription, "rev": &c.rev,
	}
}

func (w *World) counterMap() map[string]int64 {
	m := map[string]int64{}
	for k, p := range w.seq.fields() {
		m[k] = *p
	}
	m["case"] = w.cases.next
	m["caseItem"] = w.cases.items
	return m
}

// setCounters raises the World's counters to those of a seed, so IDs
// issued after loading an export never repeat one issued before it. The
// revision counter is raised before the seed's objects are built (begin),
// so that they get revisions, and ETags, never stamped before; the others
// after, past the IDs the seed gave. w.mu must be held.
func (w *World) setCounters(m map[string]int64, begin bool) error {
	if len(m) == 0 {
		return nil
	}
	f := w.seq.fields()
	f["case"], f["caseItem"] = &w.cases.next, &w.cases.items
	for _, k := range slices.Sorted(maps.Keys(m)) {
		p, ok := f[k]
		switch {
		case !ok:
			return fmt.Errorf("fake: seed: counters: unknown counter %q (want one of %s)", k, strings.Join(slices.Sorted(maps.Keys(f)), ", "))
		case m[k] < 0:
			return fmt.Errorf("fake: seed: counters: %s is negative", k)
		case (k == "rev") == begin:
			*p = max(*p, m[k])
		}
	}
	return nil
}

// timeOr returns t in UTC, or the World's time when t is zero: a seed's
// creation times. w.mu is held.
func (w *World) timeOr(t time.Time) time.Time {
	if t.IsZero() {
		return w.now
	}
	return t.UTC()
}

// pinOrgUnitID gives ou the ID a seed names.
func pinOrgUnitID(t *tenant, ou *orgUnit, id string) error {
	if ou.id == id {
		return nil
	}
	if _, taken := t.ous[id]; taken {
		return fmt.Errorf("id %q: already used by another org unit", id)
	}
	delete(t.ous, ou.id)
	ou.id = id
	t.ous[id] = ou
	return nil
}

// pinGroupID gives g the ID a seed names.
func (w *World) pinGroupID(g *group, id string) error {
	if g.id == id {
		return nil
	}
	if _, taken := w.groups[id]; taken {
		return fmt.Errorf("id %q: already used by another group", id)
	}
	delete(w.groups, g.id)
	g.id = id
	w.groups[id] = g
	return nil
}

// seedRole adds a custom role of a seed, or fixes a system role's ID.
func (w *World) seedRole(t *tenant, rs RoleSeed) error {
	var r *role
	for _, x := range t.roles {
		if x.system && strings.EqualFold(x.name, rs.Name) {
			r = x
		}
	}
	if r != nil {
		if len(rs.Privileges) > 0 || rs.Description != "" {
			return errors.New("a system role: give only its id")
		}
	} else {
		var e *apiError
		if r, e = w.addRole(t, rs.Name, rs.Description, rs.Privileges); e != nil {
			return errors.New(e.Message)
		}
	}
	if rs.ID == 0 || rs.ID == r.id {
		return nil
	}
	if _, taken := t.roles[rs.ID]; taken {
		return fmt.Errorf("id %d: already used by another role", rs.ID)
	}
	delete(t.roles, r.id)
	r.id = rs.ID
	t.roles[r.id] = r
	return nil
}

// pinAssignmentID gives a the ID a seed names.
func pinAssignmentID(t *tenant, a *assignment, id int64) error {
	if a.id == id {
		return nil
	}
	if _, taken := t.assigns[id]; taken {
		return fmt.Errorf("id %d: already used by another assignment", id)
	}
	delete(t.assigns, a.id)
	a.id = id
	t.assigns[id] = a
	return nil
}

// seedDeletedUser adds a deleted user: its address and aliases may belong
// to another account by now, so they are not claimed.
func (w *World) seedDeletedUser(t *tenant, us *UserSeed) error {
	ou := t.root
	if us.OrgUnit != "" && us.OrgUnit != "/" {
		if ou = t.ouByPath[strings.ToLower(cleanOUPath(us.OrgUnit))]; ou == nil {
			return fmt.Errorf("orgUnit %q does not exist; list it in orgUnits", us.OrgUnit)
		}
	}
	id := us.ID
	if id == "" {
		id = w.newUserID()
	} else if _, dup := w.users[id]; dup {
		return fmt.Errorf("id %q: already used", id)
	}
	email := normEmail(us.Email)
	if !validAddress(email) {
		return fmt.Errorf("email %q is not a valid address", us.Email)
	}
	aliases := make([]string, 0, len(us.Aliases))
	for _, a := range us.Aliases {
		aliases = append(aliases, normEmail(a))
	}
	u := &user{id: id, t: t, email: email, aliases: aliases, given: us.GivenName, family: us.FamilyName, ou: ou,
		suspended: us.Suspended, archived: us.Archived, deleted: true, changePw: us.ChangePasswordAtNextLogin,
		recovery: us.RecoveryEmail, created: w.timeOr(us.Created), deletedAt: w.timeOr(us.DeletedTime), rev: w.nextRev()}
	w.users[id] = u
	t.users = append(t.users, u)
	return nil
}

// CaseAttachmentSeed is a file attached to a case of a seed ([CaseSeed]).
type CaseAttachmentSeed struct {
	ID          string    `json:"id,omitempty"` // "" issues the next one
	Name        string    `json:"name"`
	ContentType string    `json:"contentType,omitempty"`
	Content     []byte    `json:"content"` // base64 in JSON
	Created     time.Time `json:"created,omitzero"`
	Creator     string    `json:"creator,omitempty"`
}

// seedAttachments adds a seed's attachments to a case, counting their
// content in the World's attachment memory as uploads are. w.mu is held.
func (w *World) seedAttachments(r *caseRec, as []CaseAttachmentSeed) {
	for _, a := range as {
		at := cases.Attachment{ID: cmp.Or(a.ID, w.cases.nextItemID()), Name: a.Name, ContentType: a.ContentType,
			Size: int64(len(a.Content)), CreateTime: a.Created.UTC(), Creator: a.Creator}
		if at.ContentType == "" {
			at.ContentType = sniff(a.Content)
		}
		if at.CreateTime.IsZero() {
			at.CreateTime = r.c.CreateTime
		}
		r.attachments = append(r.attachments, caseAttachment{meta: at, content: slices.Clone(a.Content)})
		w.cases.held += int64(len(a.Content))
	}
}

// exportCases returns the World's cases in the order of their last
// update, the order that rebuilds the same search index. w.mu is held.
func (w *World) exportCases() []CaseSeed {
	recs := make([]*caseRec, 0, len(w.cases.byID))
	for _, r := range w.cases.byID {
		recs = append(recs, r)
	}
	slices.SortFunc(recs, func(x, y *caseRec) int { return cmp.Compare(x.seq, y.seq) })
	out := make([]CaseSeed, 0, len(recs))
	for _, r := range recs {
		c := r.c
		cs := CaseSeed{ID: c.ID, Customer: c.CustomerID, Filer: c.Filer, Classification: c.Category.ID,
			Title: c.Title, Description: c.Description, Severity: c.Severity, Language: c.Language, TimeZone: c.TimeZone,
			SharedWith: slices.Clone(c.SharedWith), State: c.State, Escalated: c.Escalated,
			Comments: slices.Clone(r.comments), Created: c.CreateTime, Updated: c.UpdateTime}
		if r.creator != c.Filer {
			cs.Creator = r.creator
		}
		if r.filerName != c.Filer {
			cs.FilerName = r.filerName
		}
		for _, a := range r.attachments {
			cs.Attachments = append(cs.Attachments, CaseAttachmentSeed{ID: a.meta.ID, Name: a.meta.Name,
				ContentType: a.meta.ContentType, Content: slices.Clone(a.content), Created: a.meta.CreateTime, Creator: a.meta.Creator})
		}
		out = append(out, cs)
	}
	return out
}
