package access

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/internal/errs"
	"github.com/resellerkit/resellerkit/licensing"
	"github.com/resellerkit/resellerkit/roles"
)

// Source is one reseller account to read facts from. Each reseller account
// has its own credentials: build its services over its own
// [resellerkit.Conn] (domains.New(conn), roles.New(conn), licensing.New(conn))
// acting as one of its super admins, or over backends (package fake).
type Source struct {
	// Domains, Roles and Licensing act as an admin of the reseller account.
	// All three are required.
	Domains   *domains.Service
	Roles     *roles.Service
	Licensing *licensing.Service
	// CustomersOf lists the customers of one reseller domain. Google answers
	// the Reseller API for the sign-in domain of the acting account (rule
	// D1), so the customers of a secondary domain are read through a
	// service acting as an account on that domain. A domain missing from
	// the map is read through Domains, which works for the domain of the
	// account Domains acts as.
	//
	// The domains services must know whom they act as: a Conn from a
	// service account knows its subject; build one from a token source
	// with resellerkit.WithActor. Otherwise the domains services refuse
	// ([domains.ErrUnknownActor]) rather than list the customers of the
	// actor's own domain under another.
	CustomersOf map[string]*domains.Service
	// Probers are domains services acting as other admins of the same
	// reseller account (delegated admins holding the Reseller Admin
	// role, say): the probes of customer access (customers.get, rule
	// D5) are spread over them and Domains, since Google's quota is per
	// user (rule W3). Optional.
	Probers []*domains.Service
}

// GatherOptions tunes [Gather]. A nil *GatherOptions means the defaults.
type GatherOptions struct {
	// Concurrency bounds the accounts read at once per reseller account;
	// 0 means [resellerkit.DefaultConcurrency]. Every reseller account is
	// read at the same time as the others.
	Concurrency int
	// Clock gives the read time of the facts (P8), against which assignment
	// expiry is judged (P4); nil means time.Now. Tests against package fake
	// pass the World's clock.
	Clock func() time.Time
	// Products are the license products read for each account (S2, S4);
	// nil means Cloud Identity Free, Cloud Identity Premium and Google
	// Workspace.
	Products []licensing.ProductID
	// Cache keeps the customer access probes (customers.get, rule D5)
	// from one Gather to the next, so that a refresh probes only new
	// customers and those whose probe is older than the cache's TTL
	// ([NewGatherCache]). nil probes every customer.
	Cache *GatherCache
}

// DefaultProducts are the license products [Gather] reads by default.
var DefaultProducts = []licensing.ProductID{
	licensing.ProductCloudIdentityFree, licensing.ProductCloudIdentityPremium, licensing.ProductGoogleWorkspace,
}

// Gather reads a [Snapshot] from every reseller account at once, one
// goroutine per source, and returns it for [ComputeCoverage]. For each
// source it reads the reseller account's domains, and for each domain the
// customers assigned to it (D1, D5) and its staff accounts with their state
// (P5), their licenses, and their effective privileges (P3, P4) computed by
// the roles package.
//
// Only the accounts named in people are read in full (their role
// assignments); with no people, every account of every domain is. An
// unverified secondary domain is listed without customers: no account can
// use it (D4), and Google assigns customers to usable domains.
//
// Any failure to read is an error, never an empty answer (rule P7): a
// coverage computed from partial facts would report gaps that do not exist.
//
// Google: directory.domains.list, directory.users.list,
// reseller.subscriptions.list, reseller.customers.get,
// licensing.licenseAssignments.listForProduct, directory.privileges.list,
// directory.roles.list, directory.roleAssignments.list
func Gather(ctx context.Context, sources []Source, people []Person, opts *GatherOptions) (*Snapshot, error) {
	const op = "access.Gather"
	var o GatherOptions
	if opts != nil {
		o = *opts
	}
	if o.Concurrency < 0 {
		return nil, invalid(op, "GatherOptions.Concurrency", "is negative; use 0 for the default")
	}
	if o.Concurrency == 0 {
		o.Concurrency = resellerkit.DefaultConcurrency
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.Products == nil {
		o.Products = DefaultProducts
	}
	for i, s := range sources {
		if s.Domains == nil || s.Roles == nil || s.Licensing == nil {
			return nil, invalid(op, "sources["+itoa(i)+"]", "needs Domains, Roles and Licensing services acting as an admin of the reseller account")
		}
	}
	wanted := map[string]bool{}
	for _, p := range people {
		for _, a := range p.Accounts {
			if e, _ := splitAccount(a); e != "" {
				wanted[e] = true
			}
		}
	}
	now := o.Clock()
	parts := make([][]DomainFacts, len(sources))
	tenants := make([]TenantFacts, len(sources))
	g, gctx := errgroup.WithContext(ctx)
	for i := range sources {
		g.Go(func() error {
			ds, err := gatherSource(gctx, &sources[i], wanted, len(people) == 0, now, &o, &tenants[i])
			parts[i] = ds
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	snap := &Snapshot{ReadAt: now, Tenants: tenants}
	seen := map[string]bool{}
	for _, ds := range parts {
		for _, d := range ds {
			if seen[d.Name] {
				return nil, invalid(op, "sources", "domain "+d.Name+" belongs to two sources; give each reseller account once")
			}
			seen[d.Name] = true
			snap.Domains = append(snap.Domains, d)
		}
	}
	return snap, nil
}

// gatherSource reads one reseller account: its tenant-wide facts and each
// domain's customers and accounts all at once, then the role assignments
// of the accounts to report.
func gatherSource(ctx context.Context, s *Source, wanted map[string]bool, everyone bool, now time.Time, o *GatherOptions, tf *TenantFacts) ([]DomainFacts, error) {
	acct, err := s.Domains.ResellerAccount(ctx)
	if err != nil {
		return nil, err
	}
	r := &sourceRead{src: s, now: now, licenses: map[string][]licensing.SKU{}, probes: o.Cache.forAccount(acct.CustomerID)}
	r.customer, r.licCustomer = customerKeys(acct)
	g, gctx := errgroup.WithContext(ctx)
	r.startTenantReads(gctx, g, o.Products)
	out, accounts := r.startDomainReads(gctx, g, acct)
	if err := g.Wait(); err != nil {
		return nil, err
	}
	r.probes.PruneTo(r.listed) // customers that left are forgotten
	// The tenant's privilege names, learned from what was just read (no
	// call): an ambiguous tree is an error here, not a silent denial of
	// every account (rules P3, P7).
	names, err := r.src.Roles.LearnNamesFrom(r.customer, r.tree, r.roleList)
	if err != nil {
		return nil, err
	}
	if err := r.readAccounts(ctx, out, accounts, wanted, everyone, o.Concurrency); err != nil {
		return nil, err
	}
	*tf = r.tenantFacts(acct.CustomerID, names) // for WhatIf
	return out, nil
}

// sourceRead is the reading of one reseller account by [gatherSource].
type sourceRead struct {
	src *Source
	now time.Time
	// customer and licCustomer name the reseller account to the Directory
	// and Licensing APIs ([customerKeys]).
	customer, licCustomer string

	// The tenant-wide facts, valid once the reads of startTenantReads
	// are done.
	mu       sync.Mutex
	licenses map[string][]licensing.SKU // by normalised address
	tree     *roles.Tree
	roleList []roles.Role
	tenant   TenantFacts // noted for Snapshot.Tenants
	// probes caches the customer probes of the reseller account across
	// gathers (GatherOptions.Cache; nil: none), listed are the customers
	// this read listed (gather_scale.go).
	probes *domains.ProbeCache
	listed []string
}

// startTenantReads starts, in g, the reads of the tenant-wide facts every
// account's decision needs: the licenses of each product (S2, S4), the
// privilege tree (P3) and the roles.
//
// Google: licensing.licenseAssignments.listForProduct,
// directory.privileges.list, directory.roles.list
func (r *sourceRead) startTenantReads(ctx context.Context, g *errgroup.Group, products []licensing.ProductID) {
	for _, product := range products {
		g.Go(func() error {
			for a, err := range r.src.Licensing.List(ctx, r.licCustomer, product, nil) {
				if err != nil {
					return err
				}
				e, _ := splitAccount(a.UserID)
				r.mu.Lock()
				r.licenses[e] = append(r.licenses[e], licensing.SKU{Product: a.Product, ID: a.SKU, Name: a.SKUName})
				r.mu.Unlock()
			}
			return nil
		})
	}
	g.Go(func() (err error) {
		r.tree, err = r.src.Roles.Privileges(ctx, r.customer)
		return err
	})
	g.Go(func() (err error) {
		r.roleList, err = resellerkit.Collect(r.src.Roles.ListRoles(ctx, r.customer))
		return err
	})
}

// startDomainReads starts, in g, the reads of each domain's customers (D1,
// D5) and accounts, and returns the slices they fill: one entry per domain
// of the reseller account. An unverified secondary domain is not read: no
// account can use it (D4).
//
// Google: reseller.subscriptions.list, reseller.customers.get,
// directory.users.list
func (r *sourceRead) startDomainReads(ctx context.Context, g *errgroup.Group, acct domains.ResellerAccount) ([]DomainFacts, [][]domains.Account) {
	out := make([]DomainFacts, len(acct.Domains))
	accounts := make([][]domains.Account, len(acct.Domains))
	for i, d := range acct.Domains {
		out[i] = DomainFacts{Name: d.Name, ResellerAccount: acct.CustomerID, Primary: d.Primary, Verified: d.Verified}
		if !d.Primary && !d.Verified {
			continue // D4: no account can use it
		}
		g.Go(func() error {
			cs, err := r.listCustomers(ctx, d.Name)
			if errors.Is(err, domains.ErrOtherDomain) {
				return errs.New(resellerkit.KindInvalidArgument, "access.Gather", fmt.Errorf(
					"%w; give Source.CustomersOf[%q] a domains service acting as an account on %s (rule D1)", err, d.Name, d.Name))
			}
			out[i].Customers = cs
			return err
		})
		g.Go(func() error {
			as, err := resellerkit.Collect(r.src.Domains.ListAccounts(ctx, d.Name, nil))
			accounts[i] = as
			return err
		})
	}
	return out, accounts
}

// customersService returns the domains service that lists the customers
// of the domain name: Google answers for the acting account's own domain
// only (D1), so it is the one in CustomersOf (whose keys need not be
// normalised), else Domains.
func (s *Source) customersService(name string) *domains.Service {
	svc := s.CustomersOf[name]
	if svc == nil {
		for k, v := range s.CustomersOf {
			if normalizeDomain(k) == name {
				svc = v
			}
		}
	}
	if svc == nil {
		svc = s.Domains
	}
	return svc
}

// readAccounts adds to out the accounts to report (every account when
// everyone, else those people name), with their state (P5) and licenses,
// and reads their role assignments, direct and through groups, at most
// concurrency at a time, to compute their effective privileges as of the
// read time (P3, P4).
//
// Beyond a few accounts, the assignments are read once for the whole
// tenant, with the members of each group holding one, rather than once
// per account ([sourceRead.tenantAssignments]): fewer calls, same facts.
//
// Google: directory.roleAssignments.list, directory.members.list
func (r *sourceRead) readAccounts(ctx context.Context, out []DomainFacts, accounts [][]domains.Account, wanted map[string]bool, everyone bool, concurrency int) error {
	tenant, err := r.tenantAssignments(ctx, out, accounts, wanted, everyone)
	if err != nil {
		return err
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(concurrency)
	for i := range out {
		var raw []domains.Account
		for _, a := range accounts[i] {
			if !everyone && !wanted[a.Email] {
				continue
			}
			raw = append(raw, a)
			out[i].Accounts = append(out[i].Accounts, AccountFacts{
				Facts:    Facts{Email: a.Email, State: stateOf(a), ReadAt: r.now},
				Licenses: r.licenses[a.Email],
			})
		}
		for j, a := range raw {
			af := &out[i].Accounts[j]
			g.Go(func() error {
				as, err := tenant.of(gctx, r, a.ID)
				if err != nil {
					return err
				}
				r.noteAssignments(a.Email, a.ID, as)
				ra := roles.Account{ID: a.ID, Email: a.Email, Suspended: a.Suspended, Archived: a.Archived, IsAdmin: a.IsAdmin}
				af.Facts.Effective = r.src.Roles.EffectiveFrom(r.tree, ra, as, r.roleList, r.now)
				return nil
			})
		}
	}
	return g.Wait()
}

// stateOf maps the Directory's account flags to an [AccountState] (P5).
func stateOf(a domains.Account) AccountState {
	switch a.State() {
	case domains.StateSuspended:
		return StateSuspended
	case domains.StateArchived:
		return StateArchived
	}
	return StateActive
}
