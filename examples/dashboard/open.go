package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/cases"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/examples/internal/demoworld"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/licensing"
	"github.com/resellerkit/resellerkit/roles"
)

// accountSpec says how to reach one reseller account: the service-account
// key, the super admin it impersonates, and, for domains other than the
// super admin's, an account on each to list that domain's customers (rule
// D1: Google shows an account only the customers of its own domain).
type accountSpec struct {
	key         []byte
	admin       string
	domainActor []string
}

// fakeSourceName names the embedded fake as a data source; pages show it
// translated (the "source_fake" text).
const fakeSourceName = "embedded fake world"

// newFakeSource returns an sdkSource over a running fake.Server: one
// service account (issued by the fake, with its token endpoint) impersonates
// each reseller account's super admin, exactly as on Google.
func newFakeSource(ctx context.Context, srv *fake.Server, log *slog.Logger) (*sdkSource, error) {
	return newFakeSourceWith(ctx, srv, log, inputs{}, nil)
}

// newFakeSourceWith is [newFakeSource] with the flags' inputs over the
// demo world's own records.
//
// key is a service-account key the World accepts (the embedded fake's, made
// once per process); nil issues a new one, which costs an RSA key.
func newFakeSourceWith(ctx context.Context, srv *fake.Server, log *slog.Logger, in inputs, key []byte) (*sdkSource, error) {
	w := srv.World()
	if key == nil {
		k, err := w.NewServiceAccountJSON(srv.TokenURL())
		if err != nil {
			return nil, err
		}
		key = k
	}
	var specs []accountSpec
	for _, ra := range w.ResellerAccounts() {
		spec := accountSpec{key: key, admin: ra.SuperAdmin}
		for _, d := range ra.Domains[1:] {
			if _, err := w.UserID("admin@" + d); err == nil {
				spec.domainActor = append(spec.domainActor, "admin@"+d)
			}
		}
		specs = append(specs, spec)
	}
	plans, parents, err := fakePlansAndParents(w.Snapshot())
	if err != nil {
		return nil, err
	}
	o := sdkOptions{
		logger:   log,
		endpoint: srv.URL(),
		now:      w.Now,
		seats:    ownSeats(w.Snapshot()),
		plans:    plans,
		people:   demoworld.AccessPeople(),
		cases:    &casesConfig{parents: parents, tenure: w.CaseTenure()},
		orgUnit:  demoworld.StaffOrgUnit,
		roleName: func(p access.Profile) string {
			if p == access.CustomerCarePortal {
				return demoworld.CarePortalRole
			}
			return demoworld.CustomRole
		},
	}
	in.apply(&o)
	return newSDKSource(ctx, fakeSourceName, specs, o)
}

// sdkOptions are the differences between Google and the fake.
type sdkOptions struct {
	logger   *slog.Logger
	endpoint string           // "" for Google
	now      func() time.Time // the clock of the rules: the fake World's, or time.Now
	plans    domains.PlanSource
	seats    licensing.SeatSource // asked after the Reseller API's subscriptions
	people   []access.Person      // nil: people are found by the local part of their accounts
	cases    *casesConfig         // nil: no cases page
	orgUnit  string               // the staff org unit of setup plans; "" is access.DefaultOrgUnit
	roleName func(access.Profile) string
}

// casesConfig is where the cases come from: the Cloud Support parents of
// the customers and the tenure history (rule C4).
type casesConfig struct {
	parents cases.Parents
	tenure  cases.Tenure
}

// fakePlansAndParents reads the fake world's support plans (rule C8), which
// are not on Google's wire, and maps its customers to their Cloud Support
// parents, as a reseller's own records would.
func fakePlansAndParents(snap fake.Snapshot) (*domains.PlanTable, *cases.ParentTable, error) {
	plans, parents := map[string]domains.SupportPlan{}, map[string]string{}
	for _, t := range snap.Tenants {
		if t.Customer != nil {
			plans[t.CustomerID] = domains.SupportPlan(t.Customer.SupportPlan)
			parents[t.CustomerID] = fake.CaseParent(t.CustomerID)
		}
	}
	pt, err := domains.NewPlanTable(plans)
	if err != nil {
		return nil, nil, err
	}
	ct, err := cases.NewParentTable(parents)
	return pt, ct, err
}

func (o sdkOptions) dialOptions(key []byte, subject string) []resellerkit.Option {
	opts := []resellerkit.Option{
		resellerkit.WithServiceAccountJSON(key),
		resellerkit.WithSubject(subject),
		resellerkit.WithUserAgent("resellerkit-dashboard"),
	}
	if o.logger != nil {
		opts = append(opts, resellerkit.WithLogger(o.logger))
	}
	if o.now != nil {
		// The rules' clock (reopen window, tenure, expiry) is the Conn's.
		opts = append(opts, resellerkit.WithClock(o.now))
	}
	if o.cases != nil {
		// The Cloud Support API needs the cloud-platform scope.
		opts = append(opts, resellerkit.WithScopes(append(resellerkit.DefaultScopes(), resellerkit.ScopeCloudPlatform)...))
	}
	if o.endpoint != "" {
		opts = append(opts,
			resellerkit.WithEndpoint(o.endpoint),
			resellerkit.WithPacing(resellerkit.Pacing{}),
			resellerkit.WithRetry(resellerkit.RetryPolicy{Initial: time.Millisecond, Max: 10 * time.Millisecond}))
	}
	return opts
}

func newSDKSource(ctx context.Context, name string, specs []accountSpec, o sdkOptions) (*sdkSource, error) {
	src := &sdkSource{name: name, seatSKUs: seatSKUs(), people: o.people, now: o.now, orgUnit: o.orgUnit, roleName: o.roleName}
	var targets []access.Target
	for _, spec := range specs {
		conn, err := resellerkit.Dial(ctx, o.dialOptions(spec.key, spec.admin)...)
		if err != nil {
			return nil, fmt.Errorf("connecting as %s: %w", spec.admin, err)
		}
		dopts := []domains.Option{}
		if o.plans != nil {
			dopts = append(dopts, domains.WithPlanSource(o.plans))
		}
		var lopts []licensing.Option
		if o.seats != nil {
			lopts = append(lopts, licensing.WithSeatSource(licensing.SeatSources(licensing.ResellerSeats(conn), o.seats)))
		}
		dirs, err := domains.New(conn, dopts...)
		if err != nil {
			return nil, err
		}
		lic, err := licensing.New(conn, lopts...)
		if err != nil {
			return nil, err
		}
		rs, err := roles.New(conn)
		if err != nil {
			return nil, err
		}
		ra := &resellerAccount{
			admin:     spec.admin,
			domains:   dirs,
			roles:     rs,
			licensing: lic,
			byDomain:  map[string]*domains.Service{},
		}
		primary, err := domains.DomainOf(spec.admin)
		if err != nil {
			return nil, fmt.Errorf("account %s: %w", spec.admin, err)
		}
		ra.byDomain[primary] = ra.domains
		info, err := ra.domains.ResellerAccount(ctx)
		if err != nil {
			return nil, fmt.Errorf("reading the reseller account of %s: %w", spec.admin, err)
		}
		ra.id = info.CustomerID
		if o.cases != nil {
			dc, err := o.cases.newDomainCases(conn, ra.id, primary, &src.assigned, o)
			if err != nil {
				return nil, err
			}
			ra.cases = append(ra.cases, dc)
		}
		for _, actor := range spec.domainActor {
			d, err := domains.DomainOf(actor)
			if err != nil {
				return nil, fmt.Errorf("account %s: %w", actor, err)
			}
			c, err := resellerkit.Dial(ctx, o.dialOptions(spec.key, actor)...)
			if err != nil {
				return nil, fmt.Errorf("connecting as %s: %w", actor, err)
			}
			if ra.byDomain[d], err = domains.New(c, dopts...); err != nil {
				return nil, err
			}
			if o.cases != nil {
				// The cases of this domain's customers too are only
				// readable by an account on it (rule D1).
				dc, err := o.cases.newDomainCases(c, ra.id, d, &src.assigned, o)
				if err != nil {
					return nil, err
				}
				ra.cases = append(ra.cases, dc)
			}
		}
		src.accounts = append(src.accounts, ra)
		targets = append(targets, access.Target{Caller: spec.admin, Domains: ra.domains, Roles: ra.roles, Licensing: ra.licensing})
	}
	setup, err := access.NewSetup(targets, &access.SetupOptions{Clock: o.now})
	if err != nil {
		return nil, err
	}
	src.setup = setup
	return src, nil
}

// seatSKUs are the SKUs whose seats the dashboard shows: Cloud Identity
// (the staff accounts' licenses, rule S4) and the Workspace editions (to
// spot the double-licensing symptom, rule S2).
func seatSKUs() []licensing.SKU {
	var out []licensing.SKU
	for _, p := range []licensing.ProductID{licensing.ProductCloudIdentityFree, licensing.ProductCloudIdentityPremium, licensing.ProductGoogleWorkspace} {
		out = append(out, licensing.SKUsOf(p)...)
	}
	return out
}

// ownSeats is the fake mode's -seats flag: the seat counts of the reseller
// accounts' own SKUs (their Cloud Identity Free seats), which no API
// reports, read once from the seeded world as a person reads them in Admin
// console › Billing.
func ownSeats(snap fake.Snapshot) licensing.SeatSource {
	byCustomer := map[string]licensing.StaticSeats{}
	for _, t := range snap.Tenants {
		if !t.Reseller {
			continue
		}
		seats := licensing.StaticSeats{}
		for _, k := range t.SKUs {
			seats[licensing.SKUID(k.SKUID)] = k.Seats
		}
		byCustomer[t.CustomerID] = seats
		for _, d := range t.Domains {
			byCustomer[d.Name] = seats
		}
	}
	return licensing.SeatSourceFunc(func(ctx context.Context, customer string, product licensing.ProductID, sku licensing.SKUID) (licensing.Seats, error) {
		return byCustomer[customer].Seats(ctx, customer, product, sku)
	})
}
