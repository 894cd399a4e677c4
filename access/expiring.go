package access

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// ExpiringGrant is a role assignment that ends within a window (P4), with
// the customers its end takes away from the person.
type ExpiringGrant struct {
	// Person is the person's ID, "" for an account no person claims.
	Person       string    `json:"person,omitempty"`
	Account      string    `json:"account"`
	Domain       string    `json:"domain"`
	AssignmentID string    `json:"assignmentId,omitempty"`
	RoleID       string    `json:"roleId,omitempty"`
	RoleName     string    `json:"roleName,omitempty"`
	ViaGroup     string    `json:"viaGroup,omitempty"`
	ExpireTime   time.Time `json:"expireTime"`
	// Customers are the IDs, sorted, of the customers of Domain the person
	// sees just before ExpireTime and no longer from it: empty when another
	// grant that outlives it (or another of the person's accounts) keeps
	// their access, or when the account has none anyway.
	Customers []string `json:"customers"`
}

const expiringOp = "access.Expiring"

// Expiring lists the role assignments that grant at s.ReadAt and end within
// the window after it, soonest first (then by domain, person or account,
// and assignment), each with the customers the person loses when it ends.
//
// Rule P4: an assignment grants nothing from its expiry time on. The loss
// is what [Visible] gives under [Decide] just before the expiry time minus
// what it gives at it, over all of the person's accounts on the domain, so
// an assignment backed by another that lasts longer takes nothing away,
// and two that end at the same instant both report the loss. Nothing else
// is assumed to change in the window.
//
// A window that is not positive, or an invalid snapshot or mapping, is an
// error of [resellerkit.KindInvalidArgument]. No Google call is made.
func Expiring(s *Snapshot, within time.Duration, opts *DriftOptions) ([]ExpiringGrant, error) {
	o, err := driftOptions(expiringOp, opts)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return nil, invalid(expiringOp, "s", "the snapshot is nil; read it with access.Gather or access.ReadSnapshot")
	}
	if within <= 0 {
		return nil, invalid(expiringOp, "within", "is "+within.String()+"; give a positive window such as 168h")
	}
	x, err := o.index("s", s)
	if err != nil {
		return nil, err
	}
	byKey := map[accessKey][]string{}
	for _, email := range x.order {
		k := o.keyOf(email, x.accounts[email].domain)
		byKey[k] = append(byKey[k], email)
	}
	var out []ExpiringGrant
	for _, email := range x.order {
		ia := x.accounts[email]
		now := readTime(s, ia)
		end := now.Add(within)
		for _, h := range assignmentsOf(&ia.facts.Facts.Effective) {
			if !h.live(now) || h.expire.IsZero() || h.expire.After(end) {
				continue
			}
			mates := byKey[o.keyOf(email, ia.domain)]
			before := o.seenBy(x, mates, h.expire.Add(-time.Nanosecond))
			at := o.seenBy(x, mates, h.expire)
			ids := []string{}
			for id := range before {
				if !at[id] {
					ids = append(ids, id)
				}
			}
			slices.Sort(ids)
			out = append(out, ExpiringGrant{
				Person: o.personOf[email], Account: email, Domain: ia.domain,
				AssignmentID: h.id, RoleID: h.roleID, RoleName: h.roleName, ViaGroup: h.viaGroup,
				ExpireTime: h.expire, Customers: ids,
			})
		}
	}
	slices.SortStableFunc(out, func(a, b ExpiringGrant) int {
		return cmp.Or(a.ExpireTime.Compare(b.ExpireTime), strings.Compare(a.Domain, b.Domain),
			strings.Compare(a.Person+"\x00"+a.Account, b.Person+"\x00"+b.Account),
			strings.Compare(a.AssignmentID, b.AssignmentID), strings.Compare(a.RoleID, b.RoleID))
	})
	return out, nil
}

// seenBy returns the IDs of the customers the accounts emails of x see in
// the portal, each decided as of at ([Visible] under [Decide]).
func (c *driftConfig) seenBy(x *snapIndex, emails []string, at time.Time) map[string]bool {
	out := map[string]bool{}
	for _, email := range emails {
		ia := x.accounts[email]
		f := ia.facts.Facts
		f.ReadAt = at
		for _, cu := range Visible(Decide(f, c.profile), ia.customers) {
			out[cu.ID] = true
		}
	}
	return out
}
