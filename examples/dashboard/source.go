package main

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/licensing"
	"github.com/resellerkit/resellerkit/roles"
)

// Source is what the pages read. It is small on purpose: one
// implementation ([sdkSource]) runs the SDK's services over Google or over
// the embedded fake, and tests may give the handlers their own.
type Source interface {
	// Name says where the data comes from, for the page footer.
	Name() string
	// Snapshot reads the slow-moving data: reseller accounts and domains,
	// staff coverage, customers and seats.
	Snapshot(ctx context.Context) (*Snapshot, error)
	// Cases returns one page of support cases, as the portal lists them.
	Cases(ctx context.Context, q CaseQuery) (CasePage, error)
	// Plan returns the setup plan of one person, as a dry run.
	Plan(ctx context.Context, person string) (PlanResult, error)
}

// Snapshot is the reseller's state as read at one time (rule P8: the
// dashboard shows what it read, and when).
type Snapshot struct {
	ReadAt    time.Time
	Accounts  []domains.ResellerAccount
	Domains   []DomainInfo
	People    []Person
	Coverage  CoverageData
	Customers []CustomerInfo
	Seats     []SeatInfo
	// Double lists staff accounts holding both a Workspace and a Cloud
	// Identity license (rule S2), per reseller account.
	Double []licensing.DoubleLicensingReport
}

// DomainInfo is one reseller domain and the reseller account it belongs to.
type DomainInfo struct {
	domains.Domain
	Account string // the reseller account's customer ID
}

// CustomerInfo is one customer of a reseller domain with its open cases.
type CustomerInfo struct {
	domains.Customer
	OpenCases int
}

// SeatInfo is the seat usage of one SKU of one reseller account (rule L4),
// or why it could not be read.
type SeatInfo struct {
	licensing.SeatUsage
	Err error
}

// Person is a member of the reseller's staff and their staff accounts, one
// per reseller domain at most (rule D2).
type Person struct {
	Key      string // stable, for URLs: the shared local part of the accounts
	Name     string
	Accounts []string
}

// resellerAccount is one reseller account and the SDK services acting for
// it: the super admin's for the tenant-wide reads, and one per domain for
// the customer listing, since Google shows an account only the customers of
// its own domain (rule D1).
type resellerAccount struct {
	admin     string
	domains   *domains.Service
	roles     *roles.Service
	licensing *licensing.Service
	byDomain  map[string]*domains.Service // normalised domain -> service acting on it
	info      domains.ResellerAccount
}

// sdkSource implements [Source] with the SDK's services. The same code
// serves Google and the embedded fake: only the Conns differ.
type sdkSource struct {
	name     string
	accounts []*resellerAccount
	people   func(accounts []domains.Account) []Person
	seatSKUs []licensing.SKU

	mu sync.Mutex
}

func (s *sdkSource) Name() string { return s.name }

// Snapshot reads every reseller account concurrently.
func (s *sdkSource) Snapshot(ctx context.Context) (*Snapshot, error) {
	snap := &Snapshot{ReadAt: time.Now().UTC()}
	type perAccount struct {
		info      domains.ResellerAccount
		customers []CustomerInfo
		seats     []SeatInfo
		double    licensing.DoubleLicensingReport
	}
	results := make([]perAccount, len(s.accounts))
	g, gctx := errgroup.WithContext(ctx)
	for i, ra := range s.accounts {
		g.Go(func() error {
			info, err := ra.domains.ResellerAccount(gctx)
			if err != nil {
				return fmt.Errorf("reseller account of %s: %w", ra.admin, err)
			}
			ra.info = info
			results[i].info = info
			for _, d := range info.Domains {
				svc := ra.byDomain[d.Name]
				if svc == nil {
					continue // no account acts on this domain: its customers stay unread
				}
				for c, err := range svc.ListCustomers(gctx, d.Name, nil) {
					if err != nil {
						return fmt.Errorf("customers of %s: %w", d.Name, err)
					}
					results[i].customers = append(results[i].customers, CustomerInfo{Customer: c})
				}
			}
			results[i].seats = s.readSeats(gctx, ra, info.CustomerID)
			rep, err := ra.licensing.DoubleLicensed(gctx, info.CustomerID, nil)
			if err != nil {
				return fmt.Errorf("double licensing of %s: %w", info.CustomerID, err)
			}
			results[i].double = rep
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for _, r := range results {
		snap.Accounts = append(snap.Accounts, r.info)
		for _, d := range r.info.Domains {
			snap.Domains = append(snap.Domains, DomainInfo{Domain: d, Account: r.info.CustomerID})
		}
		snap.Customers = append(snap.Customers, r.customers...)
		snap.Seats = append(snap.Seats, r.seats...)
		if len(r.double.Accounts) > 0 {
			snap.Double = append(snap.Double, r.double)
		}
	}
	slices.SortStableFunc(snap.Customers, func(a, b CustomerInfo) int {
		return cmp.Or(strings.Compare(a.ResellerDomain, b.ResellerDomain), strings.Compare(a.Domain, b.Domain))
	})
	return snap, nil
}

// readSeats reads the seat usage of the SKUs the dashboard shows. An SKU
// whose seat count no source knows is shown with its error, not dropped.
func (s *sdkSource) readSeats(ctx context.Context, ra *resellerAccount, customer string) []SeatInfo {
	var out []SeatInfo
	for _, sku := range s.seatSKUs {
		u, err := ra.licensing.SeatUsage(ctx, customer, sku.Product, sku.ID)
		if err != nil {
			if resellerkit.KindOf(err) == resellerkit.KindNotFound && sku.Product != licensing.ProductCloudIdentityFree {
				continue // the account does not have this SKU at all
			}
			u = licensing.SeatUsage{Customer: customer, Product: sku.Product, SKU: sku.ID, SKUName: sku.Name}
		}
		out = append(out, SeatInfo{SeatUsage: u, Err: err})
	}
	return out
}
