package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/cases"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/licensing"
	"github.com/resellerkit/resellerkit/roles"
)

// Source is what the pages read. It is small on purpose: one
// implementation ([sdkSource]) runs the SDK's services over Google or over
// the embedded fake, and tests may give the handlers their own.
type Source interface {
	// Name says where the data comes from, for the status line.
	Name() string
	// Snapshot reads the slow-moving data: reseller accounts and domains,
	// the facts of the staff coverage, customers, seats and case counts.
	Snapshot(ctx context.Context) (*Snapshot, error)
	// Cases returns one page of one reseller account's support cases, as
	// the portal lists them (rule C6).
	Cases(ctx context.Context, q CaseQuery) (CasePage, error)
	// CaseCounts counts the cases a listing of q would show, all pages
	// (q.Token is ignored), by severity and state, so the counts of the
	// cases page match what their links list.
	CaseCounts(ctx context.Context, q CaseQuery) (CaseStats, error)
	// Plan returns the setup plan that would give one person an eligible
	// account on every reseller domain, as a dry run (rule S7).
	Plan(ctx context.Context, req PlanRequest) (*access.Plan, error)
}

// Snapshot is the reseller's state as read at one time (rule P8: the
// dashboard shows what it read, and when).
type Snapshot struct {
	ReadAt   time.Time
	Accounts []domains.ResellerAccount
	// Access holds the facts the staff × domain grid is computed from,
	// under the profile a page asks for (access.ComputeCoverage); its
	// domains also hold their customers (rules D1, D5).
	Access *access.Snapshot
	People []access.Person
	Seats  []SeatInfo
	// Double lists staff accounts holding both a Workspace and a Cloud
	// Identity license (rule S2), per reseller account.
	Double []licensing.DoubleLicensingReport
	Cases  []CaseStats
}

// SeatInfo is the seat usage of one SKU of one reseller account (rule L4),
// or why its seat count could not be read.
type SeatInfo struct {
	licensing.SeatUsage
	Err error
}

// CaseStats counts one reseller account's visible cases (rule C4).
type CaseStats struct {
	Account string
	// Counts is indexed by severity (S0..S4) then state (new..closed).
	Counts [5][5]int
	// Open counts the open cases of each customer.
	Open  map[string]int
	Total int
}

// CaseQuery asks for one page of a reseller account's cases.
type CaseQuery struct {
	Account string // the reseller account's customer ID
	Options cases.ListOptions
	// State keeps the cases in this state only; 0 keeps all. Google's
	// search filters on open or closed only, so the dashboard filters the
	// states within those itself.
	State cases.State
	Token string // the page to read: "" for the first, else a CasePage's Next
}

// CasePage is one page of cases, with the time the cases service reads its
// clock at, for the reopen deadlines (rule C9).
type CasePage struct {
	Cases []cases.Case
	Next  string
	Now   time.Time
}

// PlanRequest asks for the setup plan of one person.
type PlanRequest struct {
	Person  access.Person
	Domains []string // the reseller domains the person must cover (D2)
	Profile access.Profile
	// UseResellerAdmin plans the pre-built Reseller Admin role instead of
	// the profile's custom role (S5).
	UseResellerAdmin bool
}

// resellerAccount is one reseller account and the SDK services acting for
// it: the super admin's for the tenant-wide reads, and one per domain for
// the customer listing and the cases, since Google shows an account only
// the customers of its own domain (rule D1).
type resellerAccount struct {
	id        string // the customer ID, read once when the source is built
	admin     string
	domains   *domains.Service
	roles     *roles.Service
	licensing *licensing.Service
	// cases are the cases Services of the account's domains, the super
	// admin's domain first; none without a cases configuration.
	cases    []domainCases
	byDomain map[string]*domains.Service
}

// sdkSource implements [Source] with the SDK's services. The same code
// serves Google and the embedded fake: only the Conns differ.
type sdkSource struct {
	name     string
	accounts []*resellerAccount
	people   []access.Person // nil: grouped by the local part of the staff accounts
	seatSKUs []licensing.SKU
	now      func() time.Time // the cases services' clock
	setup    *access.Setup
	// assigned is where the latest snapshot found each customer: the cases
	// of a customer are read on its reseller domain (rule D1).
	assigned atomic.Pointer[assignment]
	orgUnit  string                      // the staff org unit of the plans (S3); "" is access.DefaultOrgUnit
	roleName func(access.Profile) string // the custom role of the plans (S5); nil is access.DefaultRoleName
}

func (s *sdkSource) Name() string { return s.name }

func (s *sdkSource) account(id string) (*resellerAccount, error) {
	for _, ra := range s.accounts {
		if ra.id == id {
			return ra, nil
		}
	}
	return nil, &resellerkit.Error{Kind: resellerkit.KindNotFound, Op: "dashboard", Err: fmt.Errorf("%q is not one of the reseller accounts read", id)}
}

// Snapshot reads every reseller account concurrently, then counts the
// cases of each reseller domain's customers as this snapshot found them
// (rule D1).
//
// Google, through the SDK: directory.domains.list, directory.users.list,
// directory.privileges.list, directory.roles.list,
// directory.roleAssignments.list, reseller.subscriptions.list,
// reseller.customers.get, licensing.licenseAssignments.listForProduct and
// listForProductAndSku, and cloudsupport.cases.search for the counts.
func (s *sdkSource) Snapshot(ctx context.Context) (*Snapshot, error) {
	snap := &Snapshot{ReadAt: s.now().UTC()}
	type perAccount struct {
		info   domains.ResellerAccount
		seats  []SeatInfo
		double licensing.DoubleLicensingReport
	}
	results := make([]perAccount, len(s.accounts))
	g, gctx := errgroup.WithContext(ctx)
	for i, ra := range s.accounts {
		g.Go(func() error {
			info, err := ra.domains.ResellerAccount(gctx)
			if err != nil {
				return fmt.Errorf("reading the reseller account of %s: %w", ra.admin, err)
			}
			r := &results[i]
			r.info = info
			r.seats = s.readSeats(gctx, ra, info.CustomerID)
			if r.double, err = ra.licensing.DoubleLicensed(gctx, info.CustomerID, nil); err != nil {
				return fmt.Errorf("reading the licenses of %s: %w", info.CustomerID, err)
			}
			return nil
		})
	}
	var gathered *access.Snapshot
	g.Go(func() error {
		var err error
		gathered, err = s.gather(gctx)
		return err
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	s.assigned.Store(assignmentOf(gathered))
	counts, err := s.countAllCases(ctx)
	if err != nil {
		return nil, err
	}
	snap.Cases = counts
	snap.Access = gathered
	snap.People = s.people
	if snap.People == nil {
		snap.People = peopleByLocalPart(gathered)
	}
	for _, r := range results {
		snap.Accounts = append(snap.Accounts, r.info)
		snap.Seats = append(snap.Seats, r.seats...)
		if len(r.double.Accounts) > 0 {
			snap.Double = append(snap.Double, r.double)
		}
	}
	return snap, nil
}

// readSeats reads the seat usage of the SKUs the account uses: Cloud
// Identity Free always (rule S4), the others when someone holds them. An
// SKU whose seat count no source knows is shown with its error.
func (s *sdkSource) readSeats(ctx context.Context, ra *resellerAccount, customer string) []SeatInfo {
	held := map[licensing.SKUID]int{licensing.SKUCloudIdentityFree: 0}
	var listErr error
	for _, p := range []licensing.ProductID{licensing.ProductCloudIdentityFree, licensing.ProductCloudIdentityPremium, licensing.ProductGoogleWorkspace} {
		for a, err := range ra.licensing.List(ctx, customer, p, nil) {
			if err != nil {
				listErr = err
				break
			}
			held[a.SKU]++
		}
	}
	var out []SeatInfo
	for _, sku := range s.seatSKUs {
		n, ok := held[sku.ID]
		if !ok {
			continue
		}
		u, err := ra.licensing.SeatUsage(ctx, customer, sku.Product, sku.ID)
		if err != nil {
			// Show what is known: the licenses assigned, if they could be
			// listed, and why the total is not.
			u = licensing.SeatUsage{Customer: customer, Product: sku.Product, SKU: sku.ID, SKUName: sku.Name, Assigned: n}
			if listErr != nil {
				err = listErr
			}
		}
		out = append(out, SeatInfo{SeatUsage: u, Err: err})
	}
	return out
}

// gather reads the facts of the staff coverage (access.Gather): every
// account of every reseller domain when the people are not configured, so
// they can be grouped afterwards.
func (s *sdkSource) gather(ctx context.Context) (*access.Snapshot, error) {
	sources := make([]access.Source, len(s.accounts))
	for i, ra := range s.accounts {
		sources[i] = access.Source{Domains: ra.domains, Roles: ra.roles, Licensing: ra.licensing, CustomersOf: ra.byDomain}
	}
	return access.Gather(ctx, sources, s.people, &access.GatherOptions{Clock: s.now})
}

// peopleByLocalPart groups the staff accounts read into people by the part
// of their address before the @: ana@reseller-eu.example and
// ana@reseller-us.example are taken to be the same Ana, whose key is her
// first account. Give -people when your addresses do not follow that
// convention.
func peopleByLocalPart(snap *access.Snapshot) []access.Person {
	var out []access.Person
	index := map[string]int{}
	for _, d := range snap.Domains {
		for _, a := range d.Accounts {
			email := a.Facts.Email
			local, _, _ := strings.Cut(email, "@")
			i, ok := index[local]
			if !ok {
				i = len(out)
				index[local] = i
				out = append(out, access.Person{ID: email, Name: local})
			}
			out[i].Accounts = append(out[i].Accounts, email)
		}
	}
	slices.SortFunc(out, func(a, b access.Person) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// Plan plans the setup of one person with access.Setup: a dry run that
// reads and never writes.
//
// Google, through the SDK: the reads of access.Setup.Plan (directory
// domains, users, orgunits, privileges, roles and roleAssignments;
// licensing licenseAssignments; the seat source).
func (s *sdkSource) Plan(ctx context.Context, req PlanRequest) (*access.Plan, error) {
	given, family := splitName(req.Person.Name)
	m := access.Member{ID: req.Person.ID, GivenName: given, FamilyName: family, Domains: req.Domains}
	if len(req.Person.Accounts) > 0 {
		m.Username = localPart(req.Person.Accounts[0])
	}
	team := access.Team{Profile: req.Profile, OrgUnit: s.orgUnit, UseResellerAdmin: req.UseResellerAdmin, People: []access.Member{m}}
	if !req.UseResellerAdmin && s.roleName != nil {
		team.RoleName = s.roleName(req.Profile)
	}
	return s.setup.Plan(ctx, team)
}

// splitName splits "Ana Lima" into its given and family names, as Google
// needs both to create an account; a single word is used for both.
func splitName(name string) (string, string) {
	name = strings.TrimSpace(name)
	given, family, ok := strings.Cut(name, " ")
	if !ok {
		return name, name
	}
	return given, strings.TrimSpace(family)
}
