// Command caselifecycle walks one support case through its life with the
// portal's rules: file it on behalf of a customer (rules C1, C2, C3), add a
// message to its history (C7), escalate it (C8: Premium Support only), close
// it, and check its reopen window (C9): the Cloud Support API cannot reopen
// a case, so the walk shows until when the portal can, and the refusal once
// the 30 days have passed.
//
// Without flags it runs on the embedded fake's demo world, the one every
// example runs on (examples/internal/demoworld), served over HTTP by
// fake.Server, through the same Google-backed code as in production (the
// Cloud Support API store, the Directory and Reseller APIs for rule C1); the
// fake's clock jumps the 30 days. ana.lima@northwind-eu.example (Reseller
// Admin, P1.1) files for Saffron Bakery (C03cu0005), a Premium Support
// customer of northwind-eu.example; -customer C03cu0000 (Alpine Bakery, on
// Standard) shows the escalation refused, -filer
// jonas.weber@northwind-eu.example (no admin role, P7) the filing refused:
//
//	go run ./examples/caselifecycle
//	go run ./examples/caselifecycle -customer C03cu0000
//
// Against Google, with a service-account key with domain-wide delegation
// that impersonates the filer (a staff account allowed to use the support
// portal), the reseller account's customer ID, and the customer's Cloud
// Support parent and a classification ID:
//
//	go run ./examples/caselifecycle -account key.json:admin@northwind-eu.example -filer ana.lima@northwind-eu.example \
//	  -reseller C01abc234 -customer C03xyz789 -parent organizations/123456 \
//	  -classification 100IK2AK... -plan Premium -managed-since 2024-01-01
//
// The filer's roles are read as the super admin (the ADMIN of -account);
// the case is filed as the filer, with the same key. Google's clock cannot
// jump, so against Google the walk ends with the reopen deadline.
//
// Flags:
//
//	-customer ID        the customer to file for (default on the fake: C03cu0005, Saffron Bakery, a Premium customer)
//	-filer EMAIL        the staff account that files (default on the fake: ana.lima@northwind-eu.example)
//	-account KEYFILE:ADMIN  service-account key and a super admin of the reseller account, to read the filer's roles (switches to Google)
//	-endpoint URL       send every request to a fake in another process, on loopback
//	-reseller ID        the reseller account's customer ID (Google)
//	-parent NAME        the customer's Cloud Support parent (Google)
//	-classification ID  the case classification (Google)
//	-plan NAME          the customer's support plan: Standard, Enhanced or Premium (Google)
//	-managed-since DATE since when the reseller account manages the customer, YYYY-MM-DD (Google)
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/cases"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/examples/internal/cli"
	"github.com/resellerkit/resellerkit/examples/internal/demoworld"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/roles"
)

func main() { cli.Main("caselifecycle", run) }

type config struct {
	creds                            cli.Credentials
	customer, filer                  string
	reseller, parent, classification string
	plan                             domains.SupportPlan
	managedSince                     time.Time
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	var plan, since string
	fs := flag.NewFlagSet("caselifecycle", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.customer, "customer", "", "the customer `ID` to file for (default on the fake: "+defaultCustomer+", a Premium Support customer)")
	fs.StringVar(&c.filer, "filer", "", "the staff account that files, an `email` (default on the fake: "+defaultFiler+")")
	c.creds.Register(fs, false)
	fs.StringVar(&c.reseller, "reseller", "", "the reseller account's customer ID (Google)")
	fs.StringVar(&c.parent, "parent", "", "the customer's Cloud Support parent, e.g. organizations/123 (Google)")
	fs.StringVar(&c.classification, "classification", "", "the case classification ID (Google)")
	fs.StringVar(&plan, "plan", "", "the customer's support plan: Standard, Enhanced or Premium (Google)")
	fs.StringVar(&since, "managed-since", "", "since when the reseller account manages the customer, YYYY-MM-DD (Google)")
	cli.Usage(fs, "walks one support case through its life with the portal's rules: file, comment, escalate, close, reopen window",
		"go run ./examples/caselifecycle",
		"go run ./examples/caselifecycle -customer C03cu0000",
		"go run ./examples/caselifecycle -account key.json:admin@northwind-eu.example -filer ana.lima@northwind-eu.example "+
			"-reseller C01abc234 -customer C03xyz789 -parent organizations/123456 -classification 100IK2AK... -plan Premium -managed-since 2024-01-01")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if err := c.creds.Check(); err != nil {
		return c, err
	}
	if c.creds.Embedded() {
		if c.reseller != "" || c.parent != "" || c.classification != "" || plan != "" || since != "" {
			return c, errors.New("-reseller, -parent, -classification, -plan and -managed-since need -account KEYFILE:ADMIN (Google)")
		}
		return c, nil
	}
	if len(c.creds.Accounts) > 1 {
		return c, errors.New("-account once: the case is filed for one reseller account")
	}
	for name, v := range map[string]string{"-filer": c.filer, "-customer": c.customer, "-reseller": c.reseller,
		"-parent": c.parent, "-classification": c.classification, "-managed-since": since} {
		if v == "" {
			return c, fmt.Errorf("%s is required with -account", name)
		}
	}
	var err error
	if c.plan, err = domains.ParseSupportPlan(plan); err != nil {
		return c, err
	}
	if c.managedSince, err = time.Parse(time.DateOnly, since); err != nil {
		return c, fmt.Errorf("-managed-since %q: want YYYY-MM-DD", since)
	}
	return c, nil
}

// env is what the walk needs: the Service, the filer, the customer, a
// category, and a way to let the reopen window pass.
type env struct {
	svc      *cases.Service
	filer    string
	customer string
	category cases.Category
	// skipWindow moves the clock past the reopen window, or returns false
	// where time cannot be moved (Google).
	skipWindow func() bool
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	ce, err := cfg.creds.Open(nil)
	if err != nil {
		return err
	}
	defer ce.Close()
	var e env
	if ce.Embedded() {
		ce.DemoNotice(stderr, "caselifecycle")
		e, err = fakeEnv(ctx, cfg, ce)
	} else {
		e, err = googleEnv(ctx, cfg, ce)
	}
	if err != nil {
		return err
	}
	return walk(ctx, e, stdout)
}

// The walk's defaults on the demo world: a staff account with the
// Reseller Admin role on every domain (rule P1.1) files for a Premium
// Support customer of its domain, so the escalation is allowed (C8).
const (
	defaultFiler    = "ana.lima@" + demoworld.DomainEU
	defaultCustomer = demoworld.CustomerPremium
)

// fakeEnv builds the Service over HTTP on the embedded fake's demo world,
// through the same Google-backed code as in production.
func fakeEnv(ctx context.Context, cfg config, ce *cli.Env) (env, error) {
	w := ce.Fake.World()
	key := ce.Resellers[0].Key // the fake's key acts as anyone
	filer, customer := cfg.filer, cfg.customer
	if filer == "" {
		filer = defaultFiler
	}
	if customer == "" {
		customer = defaultCustomer
	}
	conn, err := ce.Dial(ctx, key, filer)
	if err != nil {
		return env{}, err
	}
	reseller, err := w.CustomerID(domainOf(filer))
	if err != nil {
		return env{}, fmt.Errorf("-filer %s: %w", filer, err)
	}
	// Facts for rule C1 are read as the reseller's super admin (rule W6);
	// the case is filed as the filer.
	admin, err := w.SuperAdmin(reseller)
	if err != nil {
		return env{}, err
	}
	adminConn, err := ce.Dial(ctx, key, admin)
	if err != nil {
		return env{}, err
	}
	dirs, err := domains.New(adminConn)
	if err != nil {
		return env{}, err
	}
	rs, err := roles.New(adminConn)
	if err != nil {
		return env{}, err
	}
	checker := access.NewChecker(dirs, rs, nil)
	// Support plans (rule C8) and Cloud Support parents are not on
	// Google's wire: read the World's, as a reseller reads its own records.
	plans, parents := map[string]domains.SupportPlan{}, map[string]string{}
	for _, t := range w.Snapshot().Tenants {
		if t.Customer != nil {
			plans[t.CustomerID] = domains.SupportPlan(t.Customer.SupportPlan)
			parents[t.CustomerID] = fake.CaseParent(t.CustomerID)
		}
	}
	planTable, err := domains.NewPlanTable(plans)
	if err != nil {
		return env{}, err
	}
	parentTable, err := cases.NewParentTable(parents)
	if err != nil {
		return env{}, err
	}
	// The Conn carries the World's clock, so the reopen window follows
	// w.Advance.
	svc, err := cases.New(conn, cases.Config{ResellerAccount: reseller, Parents: parentTable, Tenure: w.CaseTenure()},
		cases.WithPlans(planTable),
		cases.WithPortal(cases.CheckerPortal(checker, access.CloudSupportPortal)), cases.WithCustomers(dirs))
	if err != nil {
		return env{}, err
	}
	return env{svc: svc, filer: filer, customer: customer, category: cases.Category{Name: "Technical Issue > Gmail"},
		skipWindow: func() bool { w.Advance(cases.ReopenWindow); return true }}, nil
}

// googleEnv builds the Service against Google.
func googleEnv(ctx context.Context, cfg config, e *cli.Env) (env, error) {
	r := e.Resellers[0]
	conn, err := e.Dial(ctx, r.Key, cfg.filer, resellerkit.WithScopes(resellerkit.ScopeCloudPlatform))
	if err != nil {
		return env{}, err
	}
	adminConn, err := e.Dial(ctx, r.Key, r.Admin)
	if err != nil {
		return env{}, err
	}
	parents, err := cases.NewParentTable(map[string]string{cfg.customer: cfg.parent})
	if err != nil {
		return env{}, err
	}
	tenure, err := cases.NewTenureTable([]cases.TenureRecord{{ResellerAccount: cfg.reseller, CustomerID: cfg.customer, Start: cfg.managedSince}})
	if err != nil {
		return env{}, err
	}
	plans, err := domains.NewPlanTable(map[string]domains.SupportPlan{cfg.customer: cfg.plan})
	if err != nil {
		return env{}, err
	}
	dirs, err := domains.New(adminConn)
	if err != nil {
		return env{}, err
	}
	rs, err := roles.New(adminConn)
	if err != nil {
		return env{}, err
	}
	checker := access.NewChecker(dirs, rs, nil)
	svc, err := cases.New(conn, cases.Config{ResellerAccount: cfg.reseller, Parents: parents, Tenure: tenure}, cases.WithPlans(plans),
		cases.WithPortal(cases.CheckerPortal(checker, access.CloudSupportPortal)), cases.WithCustomers(dirs))
	if err != nil {
		return env{}, err
	}
	return env{svc: svc, filer: cfg.filer, customer: cfg.customer, category: cases.Category{ID: cfg.classification},
		skipWindow: func() bool { return false }}, nil
}

func domainOf(email string) string {
	for i := len(email) - 1; i >= 0; i-- {
		if email[i] == '@' {
			return email[i+1:]
		}
	}
	return email
}

// walk files, comments, escalates, closes and tries to reopen a case,
// printing one line per step.
func walk(ctx context.Context, e env, out io.Writer) error {
	svc := e.svc
	c, err := svc.Create(ctx, e.filer, cases.NewCase{
		CustomerID:  e.customer,
		Product:     cases.GoogleWorkspace,
		Category:    e.category,
		Title:       "Mail to external domains bounces",
		Description: "Since 09:00 every message to external domains bounces with 550 5.7.1. Internal mail works.",
		Severity:    cases.S2,
		Language:    "en",
		TimeZone:    "Europe/Rome",
	})
	if err != nil {
		return fmt.Errorf("filing: %w", err)
	}
	fmt.Fprintf(out, "filed     %s for customer %s, severity %s, %s\n", c.ID, c.CustomerID, c.Severity, c.State)

	if _, err := svc.Comment(ctx, c.ID, "The bounces started after the SPF record was changed this morning."); err != nil {
		return fmt.Errorf("commenting: %w", err)
	}
	n := 0
	for _, err := range svc.Comments(ctx, c.ID) {
		if err != nil {
			return fmt.Errorf("reading the history: %w", err)
		}
		n++
	}
	fmt.Fprintf(out, "comment   added; the history holds %d message(s)\n", n)

	esc, err := svc.Escalate(ctx, c.ID, cases.Escalation{Reason: cases.BusinessImpact, Justification: "Sales cannot reach any customer by mail."})
	switch {
	case err == nil:
		fmt.Fprintf(out, "escalate  done: escalated=%v\n", esc.Escalated)
	case errors.Is(err, cases.ErrEscalationNotAvailable):
		fmt.Fprintf(out, "escalate  refused: %v\n", err)
	default:
		return fmt.Errorf("escalating: %w", err)
	}

	closed, err := svc.Close(ctx, c.ID)
	if err != nil {
		return fmt.Errorf("closing: %w", err)
	}
	deadline, _ := closed.ReopenDeadline()
	fmt.Fprintf(out, "close     done at %s; reopening is possible until %s\n", closed.ClosedTime.Format(time.RFC3339), deadline.Format(time.RFC3339))

	// Rule C9: the Cloud Support API has no reopen method. Within the
	// window Reopen says so, and until when the portal can reopen the case.
	if _, err := svc.Reopen(ctx, c.ID); !errors.Is(err, resellerkit.ErrUnsupported) {
		return fmt.Errorf("reopening within the window: got %v, want the API's unsupported answer", err)
	}
	fmt.Fprintf(out, "reopen    now: not through the API; reopen it in the Google Cloud Support Portal before %s\n", deadline.Format(time.RFC3339))
	if !e.skipWindow() {
		return nil // Google's clock cannot jump
	}
	_, err = svc.Reopen(ctx, c.ID)
	var rw *cases.ReopenWindowError
	if !errors.As(err, &rw) {
		return fmt.Errorf("reopening after the window: got %v, want the window's error", err)
	}
	fmt.Fprintf(out, "reopen    30 days later: refused; the deadline was %s, so file a new case\n", rw.Deadline.Format(time.RFC3339))
	return nil
}
