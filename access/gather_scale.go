package access

import (
	"context"
	"sync"
	"time"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/roles"
)

// GatherCache keeps what [Gather] may reuse from one gather to the next:
// the customer access probes (customers.get, rule D5) of each reseller
// account, each for up to its TTL ([domains.ProbeCache]). A partner with
// tens of thousands of customers makes one probe per customer on a first
// gather, and on a refresh only those of new customers and of probes come
// of age, spread over gathers. The caller keeps the cache between gathers
// (in memory; a cron job that starts afresh each time gains nothing).
//
// A cached probe can be up to TTL out of date (a customer that turned
// reseller access off since still counts as granting it): Google takes up
// to 24 hours to apply such changes anyway (rule P8). It is safe for
// concurrent use.
type GatherCache struct {
	ttl      time.Duration
	mu       sync.Mutex
	accounts map[string]*domains.ProbeCache // by reseller account
}

// NewGatherCache returns an empty cache keeping probes for ttl; a ttl of
// 0 or less keeps none.
func NewGatherCache(ttl time.Duration) *GatherCache {
	return &GatherCache{ttl: ttl, accounts: map[string]*domains.ProbeCache{}}
}

// forAccount returns the probe cache of the reseller account, made on
// first use; nil for a nil GatherCache.
func (c *GatherCache) forAccount(customerID string) *domains.ProbeCache {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	p := c.accounts[customerID]
	if p == nil {
		p = domains.NewProbeCache(c.ttl)
		c.accounts[customerID] = p
	}
	return p
}

// listCustomers lists the customers of the reseller domain name (rules
// D1, D5) with the batched, cached probes of
// [domains.Service.ListCustomersCached], and notes their IDs so that the
// cache forgets customers that left.
//
// Google: reseller.subscriptions.list, reseller.customers.get (batched)
func (r *sourceRead) listCustomers(ctx context.Context, name string) ([]domains.Customer, error) {
	cs, err := r.src.customersService(name).ListCustomersCached(ctx, name,
		&domains.CachedListOptions{Cache: r.probes, Probers: r.src.Probers, ByPrefix: true})
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	for _, c := range cs {
		r.listed = append(r.listed, c.ID)
	}
	r.mu.Unlock()
	return cs, nil
}

// perAccountMax is the number of accounts to read up to which their role
// assignments are listed account by account (one call each, with
// includeIndirectRoleAssignments); beyond it, the tenant's assignments
// are listed once (a page per 200) with the members of each group that
// holds one (a listing per group), which is fewer calls for any tenant
// with more accounts than groups holding roles.
const perAccountMax = 4

// tenantRead is the tenant's role assignments read once for every account
// ([sourceRead.tenantAssignments]); nil means account by account.
type tenantRead struct {
	direct map[string][]roles.Assignment // by user ID
	groups []groupGrant
}

// groupGrant is an assignment to a group with the users it reaches.
type groupGrant struct {
	a       roles.Assignment
	members map[string]bool // user IDs, nested groups included
}

// tenantAssignments reads the tenant's role assignments and the members
// of each group that holds one, when there are more than [perAccountMax]
// accounts to read; else it returns nil and each account's are listed on
// its own. A group with the CUSTOMER member (every user of the tenant) is
// read account by account too: its members are not listed.
//
// Google: directory.roleAssignments.list, directory.members.list
// (includeDerivedMembership)
func (r *sourceRead) tenantAssignments(ctx context.Context, out []DomainFacts, accounts [][]domains.Account, wanted map[string]bool, everyone bool) (*tenantRead, error) {
	n := 0
	for i := range out {
		for _, a := range accounts[i] {
			if everyone || wanted[a.Email] {
				n++
			}
		}
	}
	if n <= perAccountMax {
		return nil, nil
	}
	all, err := resellerkit.Collect(r.src.Roles.ListAssignments(ctx, r.customer, nil))
	if err != nil {
		return nil, err
	}
	t := &tenantRead{direct: map[string][]roles.Assignment{}}
	byGroup := map[string]*map[string]bool{}
	for _, a := range all {
		if a.AssigneeType != roles.AssigneeGroup {
			t.direct[a.AssignedTo] = append(t.direct[a.AssignedTo], a)
			continue
		}
		m := byGroup[a.AssignedTo]
		if m == nil {
			ms, err := r.src.Domains.ListGroupMembers(ctx, a.AssignedTo, true)
			if err != nil {
				return nil, err
			}
			set := map[string]bool{}
			for _, x := range ms {
				if x.Type == "CUSTOMER" {
					return nil, nil // every user: read account by account
				}
				set[x.ID] = true
			}
			m = &set
			byGroup[a.AssignedTo] = m
		}
		t.groups = append(t.groups, groupGrant{a: a, members: *m})
	}
	return t, nil
}

// of returns the assignments of the user userID, direct and through
// groups (P4): from the tenant's when read, else listed for the user.
//
// Google: directory.roleAssignments.list (includeIndirectRoleAssignments)
func (t *tenantRead) of(ctx context.Context, r *sourceRead, userID string) ([]roles.Assignment, error) {
	if t == nil {
		return resellerkit.Collect(r.src.Roles.ListAssignments(ctx, r.customer,
			&roles.ListAssignmentsOptions{UserKey: userID, IncludeIndirect: true}))
	}
	as := append([]roles.Assignment(nil), t.direct[userID]...)
	for _, g := range t.groups {
		if g.members[userID] {
			as = append(as, g.a)
		}
	}
	return as, nil
}
