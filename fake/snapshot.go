package fake

import (
	"cmp"
	"slices"
	"strings"
	"time"

	reseller "google.golang.org/api/reseller/v1"

	"github.com/resellerkit/resellerkit/domains"
)

// Snapshot is a deep copy of a World's state in plain, exported types, for
// assertions with cmp.Diff. Mutating it does not affect the World. Slices
// are in a deterministic order (creation order for tenants, domains and
// users; by name, path or ID otherwise).
type Snapshot struct {
	Now     time.Time
	Tenants []TenantSnapshot
}

// TenantSnapshot is one tenant.
type TenantSnapshot struct {
	CustomerID    string
	Name          string
	Reseller      bool
	Legacy        bool
	Domains       []DomainSnapshot
	DomainAliases []DomainAliasSnapshot
	OrgUnits      []OrgUnitSnapshot
	Users         []UserSnapshot
	Groups        []GroupSnapshot
	Roles         []RoleSnapshot
	Assignments   []AssignmentSnapshot
	SKUs          []SKUSnapshot
	Licenses      []LicenseSnapshot
	Customer      *CustomerSnapshot
}

// DomainSnapshot is a primary or secondary domain.
type DomainSnapshot struct {
	Name     string
	Primary  bool
	Verified bool
}

// DomainAliasSnapshot is a domain alias.
type DomainAliasSnapshot struct {
	Name     string
	Parent   string
	Verified bool
}

// OrgUnitSnapshot is an org unit.
type OrgUnitSnapshot struct {
	ID          string
	Path        string
	Description string
}

// UserSnapshot is a user, deleted ones included.
type UserSnapshot struct {
	ID         string
	Email      string
	Aliases    []string
	GivenName  string
	FamilyName string
	OrgUnit    string
	Suspended  bool
	Archived   bool
	Deleted    bool
	IsAdmin    bool // holds the super admin role now
}

// GroupSnapshot is a group; Members are emails.
type GroupSnapshot struct {
	ID      string
	Email   string
	Name    string
	Members []string
}

// RoleSnapshot is a role; Privileges are privilege names.
type RoleSnapshot struct {
	ID          int64
	Name        string
	Description string
	Privileges  []string
	System      bool
	SuperAdmin  bool
}

// AssignmentSnapshot is a role assignment; Assignee is the user's or group's
// email, OrgUnit the scope's path ("" customer-wide).
type AssignmentSnapshot struct {
	ID         int64
	Role       string
	Assignee   string
	Group      bool
	OrgUnit    string
	ExpireTime time.Time
}

// SKUSnapshot is a tenant's seats of one SKU.
type SKUSnapshot struct {
	ProductID string
	SKUID     string
	Seats     int
	Assigned  int
}

// LicenseSnapshot is one license assignment.
type LicenseSnapshot struct {
	ProductID string
	SKUID     string
	User      string
}

// CustomerSnapshot is the reseller side of a customer tenant.
type CustomerSnapshot struct {
	ResellerDomain        string
	ResellerCustomerID    string
	ResellerAccessGranted bool
	SupportPlan           domains.SupportPlan
	AlternateEmail        string
	Phone                 string
	PostalAddress         *reseller.Address // nil: none
	Subscriptions         []SubscriptionSnapshot
	Tenure                []TenureSnapshot // oldest first; the last is the current reseller account's
}

// TenureSnapshot is one period during which a reseller account managed a customer.
type TenureSnapshot struct {
	ResellerCustomerID string    // the reseller account's customer ID
	ResellerDomain     string    // the domain the customer was assigned to when the tenure ended (or now)
	From               time.Time // inclusive
	To                 time.Time // exclusive; zero: current
}

// SubscriptionSnapshot is one Reseller API subscription.
type SubscriptionSnapshot struct {
	ID     string
	SKUID  string
	Plan   string
	Seats  int64
	Status string
	// MaxSeats is maximumNumberOfSeats (flexible and trial plans).
	MaxSeats          int64
	RenewalType       string // "" on plans that are not annual
	SuspensionReasons []string
	TrialEnd          time.Time // zero: no trial
}

// Snapshot returns a deep copy of the World's state.
func (w *World) Snapshot() Snapshot {
	w.mu.Lock()
	defer w.mu.Unlock()
	s := Snapshot{Now: w.now, Tenants: make([]TenantSnapshot, 0, len(w.tenantList))}
	for _, t := range w.tenantList {
		s.Tenants = append(s.Tenants, w.snapTenant(t))
	}
	return s
}

func (w *World) emailOf(id string, group bool) string {
	if group {
		if g := w.groups[id]; g != nil {
			return g.email
		}
	} else if u := w.users[id]; u != nil {
		return u.email
	}
	return id
}

func (w *World) snapTenant(t *tenant) TenantSnapshot {
	ts := TenantSnapshot{CustomerID: t.id, Name: t.name, Reseller: t.reseller, Legacy: t.legacy}
	for _, d := range t.domains {
		ts.Domains = append(ts.Domains, DomainSnapshot{Name: d.name, Primary: d.primary, Verified: d.verified})
	}
	for _, a := range t.aliases {
		ts.DomainAliases = append(ts.DomainAliases, DomainAliasSnapshot{Name: a.name, Parent: a.parent.name, Verified: a.verified})
	}
	for _, o := range t.ous {
		ts.OrgUnits = append(ts.OrgUnits, OrgUnitSnapshot{ID: o.id, Path: o.path, Description: o.description})
	}
	slices.SortFunc(ts.OrgUnits, func(x, y OrgUnitSnapshot) int { return strings.Compare(x.Path, y.Path) })
	for _, u := range t.users {
		ts.Users = append(ts.Users, UserSnapshot{ID: u.id, Email: u.email, Aliases: slices.Clone(u.aliases),
			GivenName: u.given, FamilyName: u.family, OrgUnit: u.ou.path, Suspended: u.suspended,
			Archived: u.archived, Deleted: u.deleted, IsAdmin: w.grantsOf(u).super})
	}
	for _, g := range t.groups {
		gs := GroupSnapshot{ID: g.id, Email: g.email, Name: g.name}
		for _, m := range g.members {
			gs.Members = append(gs.Members, w.emailOf(m.id, m.group))
		}
		ts.Groups = append(ts.Groups, gs)
	}
	for _, r := range sortedRoles(t) {
		rs := RoleSnapshot{ID: r.id, Name: r.name, Description: r.description, System: r.system, SuperAdmin: r.superAdmin}
		for _, p := range r.privs {
			rs.Privileges = append(rs.Privileges, p.name)
		}
		ts.Roles = append(ts.Roles, rs)
	}
	for _, a := range t.assigns {
		as := AssignmentSnapshot{ID: a.id, Assignee: w.emailOf(a.assignee, a.group), Group: a.group, ExpireTime: a.expire}
		if r := t.roles[a.roleID]; r != nil {
			as.Role = r.name
		}
		if o := t.ous[a.ouID]; o != nil {
			as.OrgUnit = o.path
		}
		ts.Assignments = append(ts.Assignments, as)
	}
	slices.SortFunc(ts.Assignments, func(x, y AssignmentSnapshot) int { return cmp.Compare(x.ID, y.ID) })
	for _, k := range t.skuList {
		ts.SKUs = append(ts.SKUs, SKUSnapshot{ProductID: k.product, SKUID: k.sku, Seats: k.seats, Assigned: k.assigned})
	}
	for _, byUser := range t.licenses {
		for _, l := range byUser {
			ts.Licenses = append(ts.Licenses, LicenseSnapshot{ProductID: l.product, SKUID: l.sku, User: w.users[l.userID].email})
		}
	}
	slices.SortFunc(ts.Licenses, func(x, y LicenseSnapshot) int {
		return cmp.Or(strings.Compare(x.ProductID, y.ProductID), strings.Compare(x.User, y.User))
	})
	if c := t.cust; c != nil {
		cs := &CustomerSnapshot{ResellerDomain: c.resellerDomain, ResellerCustomerID: c.reseller.id,
			ResellerAccessGranted: !c.accessRevoked, SupportPlan: c.plan,
			AlternateEmail: c.alternateEmail, Phone: c.phone, PostalAddress: wireAddress(c.postal)}
		for _, s := range c.subs {
			status, reasons, _ := s.state(w.now)
			cs.Subscriptions = append(cs.Subscriptions, SubscriptionSnapshot{ID: s.id, SKUID: s.sku, Plan: s.plan, Seats: s.seats, Status: status,
				MaxSeats: s.maxSeats, RenewalType: s.renewalType(), SuspensionReasons: reasons, TrialEnd: s.trialEnd})
		}
		for _, e := range c.tenure {
			cs.Tenure = append(cs.Tenure, TenureSnapshot{ResellerCustomerID: e.reseller.id, ResellerDomain: e.domain, From: e.from, To: e.to})
		}
		ts.Customer = cs
	}
	return ts
}
