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
	// service account knows its subject; for one from a token source, build
	// the service with [domains.WithActor]. Otherwise the domains package
	// cannot check rule D1, and the customers of the actor's own domain
	// would be listed under another.
	CustomersOf map[string]*domains.Service
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
	g, gctx := errgroup.WithContext(ctx)
	for i := range sources {
		g.Go(func() error {
			ds, err := gatherSource(gctx, &sources[i], wanted, len(people) == 0, now, &o)
			parts[i] = ds
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	snap := &Snapshot{ReadAt: now}
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

// gatherSource reads one reseller account.
func gatherSource(ctx context.Context, s *Source, wanted map[string]bool, everyone bool, now time.Time, o *GatherOptions) ([]DomainFacts, error) {
	acct, err := s.Domains.ResellerAccount(ctx)
	if err != nil {
		return nil, err
	}
	customer := acct.CustomerID
	licCustomer := customer
	if customer == "" {
		customer = "my_customer"
		if p, ok := acct.Primary(); ok {
			licCustomer = p.Name // the Licensing API also takes the primary domain
		}
	}

	// Tenant-wide facts: licenses, the privilege tree, the roles.
	var (
		mu       sync.Mutex
		licenses = map[string][]licensing.SKU{}
		tree     *roles.Tree
		roleList []roles.Role
	)
	g, gctx := errgroup.WithContext(ctx)
	for _, product := range o.Products {
		g.Go(func() error {
			for a, err := range s.Licensing.List(gctx, licCustomer, product, nil) {
				if err != nil {
					return err
				}
				e, _ := splitAccount(a.UserID)
				mu.Lock()
				licenses[e] = append(licenses[e], licensing.SKU{Product: a.Product, ID: a.SKU, Name: a.SKUName})
				mu.Unlock()
			}
			return nil
		})
	}
	g.Go(func() (err error) {
		tree, err = s.Roles.Privileges(gctx, customer)
		return err
	})
	g.Go(func() (err error) {
		roleList, err = resellerkit.Collect(s.Roles.ListRoles(gctx, customer))
		return err
	})

	// Per domain: customers and accounts.
	out := make([]DomainFacts, len(acct.Domains))
	accounts := make([][]domains.Account, len(acct.Domains))
	for i, d := range acct.Domains {
		out[i] = DomainFacts{Name: d.Name, ResellerAccount: acct.CustomerID, Primary: d.Primary, Verified: d.Verified}
		if !d.Primary && !d.Verified {
			continue // D4: no account can use it
		}
		g.Go(func() error {
			svc := s.CustomersOf[d.Name]
			if svc == nil {
				for k, v := range s.CustomersOf {
					if normalizeDomain(k) == d.Name {
						svc = v
					}
				}
			}
			if svc == nil {
				svc = s.Domains
			}
			cs, err := resellerkit.Collect(svc.ListCustomers(gctx, d.Name, nil))
			if errors.Is(err, domains.ErrOtherDomain) {
				return resellerkit.E(resellerkit.KindInvalidArgument, "access.Gather", fmt.Errorf(
					"%w; give Source.CustomersOf[%q] a domains service acting as an account on %s (rule D1)", err, d.Name, d.Name))
			}
			out[i].Customers = cs
			return err
		})
		g.Go(func() error {
			as, err := resellerkit.Collect(s.Domains.ListAccounts(gctx, d.Name, nil))
			accounts[i] = as
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}

	// Per account: its role assignments, direct and through groups.
	g, gctx = errgroup.WithContext(ctx)
	g.SetLimit(o.Concurrency)
	for i := range out {
		var raw []domains.Account
		for _, a := range accounts[i] {
			if !everyone && !wanted[a.Email] {
				continue
			}
			raw = append(raw, a)
			out[i].Accounts = append(out[i].Accounts, AccountFacts{
				Facts:    Facts{Email: a.Email, State: stateOf(a), ReadAt: now},
				Licenses: licenses[a.Email],
			})
		}
		for j, a := range raw {
			af := &out[i].Accounts[j]
			g.Go(func() error {
				as, err := resellerkit.Collect(s.Roles.ListAssignments(gctx, customer,
					&roles.ListAssignmentsOptions{UserKey: a.ID, IncludeIndirect: true}))
				if err != nil {
					return err
				}
				ra := roles.Account{ID: a.ID, Email: a.Email, Suspended: a.Suspended, Archived: a.Archived, IsAdmin: a.IsAdmin}
				af.Facts.Effective = s.Roles.EffectiveFrom(tree, ra, as, roleList, now)
				return nil
			})
		}
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return out, nil
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
