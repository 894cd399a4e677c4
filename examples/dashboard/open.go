package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/domains"
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

// openSource builds the data source: the embedded fake world when no
// -account is given, Google otherwise. Both run the same SDK code through
// resellerkit.Dial; the fake mode only adds the fake's endpoint, a key the
// fake issued, and no pacing.
func openSource(ctx context.Context, cfg config, log *slog.Logger) (Source, func(), error) {
	if len(cfg.accounts) == 0 {
		return openFake(ctx, log)
	}
	specs := make([]accountSpec, 0, len(cfg.accounts))
	for _, a := range cfg.accounts {
		key, err := os.ReadFile(a.KeyFile)
		if err != nil {
			return nil, nil, fmt.Errorf("-account %s: %w", a.KeyFile, err)
		}
		specs = append(specs, accountSpec{key: key, admin: a.Admin, domainActor: a.DomainActors})
	}
	src, err := newSDKSource(ctx, fmt.Sprintf("Google (%d reseller accounts)", len(specs)), specs, sdkOptions{logger: log})
	if err != nil {
		return nil, nil, err
	}
	return src, func() {}, nil
}

// openFake starts the embedded fake: a fake.Server over the dashboard's
// seeded world, on a loopback port of its own.
func openFake(ctx context.Context, log *slog.Logger) (Source, func(), error) {
	w, err := fake.NewWorld(fake.DashboardSeed())
	if err != nil {
		return nil, nil, err
	}
	srv, err := fake.NewServer(w)
	if err != nil {
		return nil, nil, err
	}
	src, err := newFakeSource(ctx, srv, log)
	if err != nil {
		srv.Close()
		return nil, nil, err
	}
	return src, func() { srv.Close() }, nil
}

// newFakeSource returns an sdkSource over a running fake.Server: one
// service account (issued by the fake, with its token endpoint) impersonates
// each reseller account's super admin, exactly as on Google.
func newFakeSource(ctx context.Context, srv *fake.Server, log *slog.Logger) (*sdkSource, error) {
	w := srv.World()
	key, err := w.NewServiceAccountJSON(srv.TokenURL())
	if err != nil {
		return nil, err
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
	return newSDKSource(ctx, "embedded fake world", specs, sdkOptions{
		logger:   log,
		endpoint: srv.URL(),
		plans:    worldPlans{w},
		people:   fakePeople(),
	})
}

// sdkOptions are the differences between Google and the fake.
type sdkOptions struct {
	logger   *slog.Logger
	endpoint string // "" for Google
	plans    domains.PlanSource
	seats    licensing.StaticSeats
	people   []Person // nil: people are found by the local part of their accounts
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
	if o.endpoint != "" {
		opts = append(opts,
			resellerkit.WithEndpoint(o.endpoint),
			resellerkit.WithPacing(resellerkit.Pacing{}),
			resellerkit.WithRetry(resellerkit.RetryPolicy{Initial: time.Millisecond, Max: 10 * time.Millisecond}))
	}
	return opts
}

func newSDKSource(ctx context.Context, name string, specs []accountSpec, o sdkOptions) (*sdkSource, error) {
	src := &sdkSource{name: name, seatSKUs: seatSKUs(), people: o.people}
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
		if len(o.seats) > 0 {
			lopts = append(lopts, licensing.WithSeatSource(licensing.SeatSources(licensing.ResellerSeats(conn), o.seats)))
		}
		ra := &resellerAccount{
			admin:     spec.admin,
			domains:   domains.New(conn, dopts...),
			roles:     roles.New(conn),
			licensing: licensing.New(conn, lopts...),
			byDomain:  map[string]*domains.Service{},
		}
		if d, err := domains.DomainOf(spec.admin); err == nil {
			ra.byDomain[d] = ra.domains
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
			ra.byDomain[d] = domains.New(c, dopts...)
		}
		src.accounts = append(src.accounts, ra)
	}
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

// worldPlans reads customers' support plans from the fake world, where the
// fake keeps them (the Reseller API does not carry them).
type worldPlans struct{ w *fake.World }

func (p worldPlans) SupportPlan(_ context.Context, customerID, _ string) (domains.SupportPlan, error) {
	plan, err := p.w.SupportPlan(customerID)
	if err != nil {
		return domains.PlanUnknown, nil // not a customer the fake knows: unknown, as the PlanSource contract says
	}
	return domains.ParseSupportPlan(string(plan))
}

// fakePeople are the people of the seeded world, in the grid's order.
func fakePeople() []Person {
	var out []Person
	for _, s := range fake.DashboardPeople() {
		p := Person{Key: s.Local, Name: s.GivenName + " " + s.FamilyName}
		for _, d := range s.Domains {
			p.Accounts = append(p.Accounts, s.Local+"@"+d)
		}
		out = append(out, p)
	}
	return out
}

// personKey derives a URL-safe key from an account's local part.
func personKey(email string) string {
	local, _, _ := strings.Cut(email, "@")
	return local
}
