package cases_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	cloudsupport "google.golang.org/api/cloudsupport/v2"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/cases"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/fake/faketest"
	"github.com/resellerkit/resellerkit/internal/errs"
	"github.com/resellerkit/resellerkit/roles"
)

// Demo customers (fake.DemoSeed).
const (
	alder     = fake.DemoAlderCustomerID
	birch     = fake.DemoBirchCustomerID
	acme      = "C03c00001" // alder-reseller.example, Premium
	bluebird  = "C03c00002" // alder-reseller.example, Standard
	cedar     = "C03c00003" // alder-reseller.example, Enhanced
	dunmore   = "C03c00004" // alder-reseller.example, revoked reseller access
	globex    = "C03c00007" // alder-reseller.example, moved Birch -> Alder 90 days before the start
	kestrel   = "C03c00011" // alder-eu.example
	quartz    = "C03c00017" // birch-partners.example
	anaAlder  = "ana@alder-reseller.example"
	gusAlder  = "gus@alder-reseller.example"
	caraEU    = "cara@alder-eu.example"
	hanaBirch = "hana@birch-partners.example"
)

// env is the demo World served in-process by a fake.Server: every call of
// the tests goes through a Conn and the cases package's Cloud Support
// client, as against Google.
type env struct {
	tb  testing.TB
	w   *fake.World
	srv *fake.Server

	mu       sync.Mutex
	checkers map[string]*access.Checker // by reseller account's super admin
}

func newEnv(tb testing.TB) *env {
	tb.Helper()
	w, err := fake.NewWorld(fake.DemoSeed())
	if err != nil {
		tb.Fatalf("fake.NewWorld: %v", err)
	}
	return &env{tb: tb, w: w, srv: faketest.NewServer(tb, w, fake.WithoutListener()), checkers: map[string]*access.Checker{}}
}

// conn returns a Conn to the fake acting as email.
func (e *env) conn(email string) *resellerkit.Conn {
	e.tb.Helper()
	c, err := e.srv.Conn(context.Background(), email)
	if err != nil {
		e.tb.Fatalf("Conn(%s): %v", email, err)
	}
	return c
}

// parents maps the 24 demo customers to the fake's case parents.
func parents(tb testing.TB) *cases.ParentTable {
	tb.Helper()
	m := map[string]string{}
	for i := 1; i <= 24; i++ {
		c := fmt.Sprintf("C03c%05d", i)
		m[c] = fake.CaseParent(c)
	}
	tab, err := cases.NewParentTable(m)
	if err != nil {
		tb.Fatal(err)
	}
	return tab
}

// config is the Config of reseller account account: the case parents of
// the demo customers and the World's tenure (rule C4).
func (e *env) config(account string) cases.Config {
	return cases.Config{ResellerAccount: account, Parents: parents(e.tb), Tenure: e.w.CaseTenure()}
}

// service returns the Service of reseller account account, calling Google
// as caller (who must be allowed on the customers' reseller domain, as at
// Google), with the World's tenure (rule C4), support plans (C8), portal
// decisions and customer lookups (C1).
func (e *env) service(caller, account string, opts ...cases.Option) *cases.Service {
	e.tb.Helper()
	base := []cases.Option{cases.WithPlans(e.plans()), cases.WithPortal(e.portal()), cases.WithCustomers(worldCustomers{e.w})}
	s, err := cases.New(e.conn(caller), e.config(account), append(base, opts...)...)
	if err != nil {
		e.tb.Fatalf("cases.New: %v", err)
	}
	return s
}

// plans are the demo customers' support plans, as a reseller keeps them.
func (e *env) plans() *domains.PlanTable {
	e.tb.Helper()
	m := map[string]domains.SupportPlan{}
	for _, t := range e.w.Snapshot().Tenants {
		if t.Customer != nil {
			p, err := domains.ParseSupportPlan(string(t.Customer.SupportPlan))
			if err != nil {
				e.tb.Fatal(err)
			}
			m[t.CustomerID] = p
		}
	}
	tab, err := domains.NewPlanTable(m)
	if err != nil {
		e.tb.Fatal(err)
	}
	return tab
}

// portal decides portal access with package access's Checker, reading each
// account's facts over the Directory API as its reseller account's super
// admin (rule C1 rests on P1).
func (e *env) portal() cases.Portal {
	return cases.PortalFunc(func(ctx context.Context, account string) (access.Decision, error) {
		admin, err := e.superAdminOf(account)
		if err != nil {
			return access.Decision{}, err
		}
		c, err := e.checker(admin)
		if err != nil {
			return access.Decision{}, err
		}
		return c.Decide(ctx, account, access.CloudSupportPortal)
	})
}

func (e *env) checker(admin string) (*access.Checker, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if c := e.checkers[admin]; c != nil {
		return c, nil
	}
	conn, err := e.srv.Conn(context.Background(), admin)
	if err != nil {
		return nil, err
	}
	d, err := domains.New(conn)
	if err != nil {
		return nil, err
	}
	r, err := roles.New(conn)
	if err != nil {
		return nil, err
	}
	e.checkers[admin] = access.NewChecker(d, r, nil)
	return e.checkers[admin], nil
}

// superAdminOf returns the super admin of the reseller account that owns
// account's domain.
func (e *env) superAdminOf(account string) (string, error) {
	dom := account[strings.LastIndexByte(account, '@')+1:]
	for _, t := range e.w.Snapshot().Tenants {
		owns := false
		for _, d := range t.Domains {
			owns = owns || d.Name == dom
		}
		if !owns {
			continue
		}
		for _, u := range t.Users {
			if u.IsAdmin && !u.Suspended {
				return u.Email, nil
			}
		}
	}
	return "", fmt.Errorf("no reseller account owns %s", dom)
}

// worldCustomers answers customer lookups from the World, as the domains
// service does from the Reseller API: the customer's assigned reseller
// domain and whether it granted the reseller access (rules D1, D5).
type worldCustomers struct{ w *fake.World }

func (c worldCustomers) GetCustomer(_ context.Context, resellerDomain, customerID string) (domains.Customer, error) {
	for _, t := range c.w.Snapshot().Tenants {
		if t.CustomerID != customerID || t.Customer == nil {
			continue
		}
		if t.Customer.ResellerDomain != resellerDomain {
			return domains.Customer{}, errs.New(resellerkit.KindPermissionDenied, "test.GetCustomer",
				&domains.DomainError{Domain: resellerDomain, Err: domains.ErrCustomerNotManaged})
		}
		return domains.Customer{ID: customerID, ResellerDomain: resellerDomain, AccessGranted: t.Customer.ResellerAccessGranted}, nil
	}
	return domains.Customer{}, errs.Errorf(resellerkit.KindNotFound, "test.GetCustomer", "customer %s not found", customerID)
}

func newCase(customer string) cases.NewCase {
	return cases.NewCase{
		CustomerID:  customer,
		Product:     cases.GoogleWorkspace,
		Category:    cases.Category{Name: "Technical Issue > Gmail > Mail delivery"},
		Title:       "Mail to external domains bounces",
		Description: "Since this morning every message to external domains bounces with error 550 5.7.1.",
		Severity:    cases.S2,
		Language:    "en",
		TimeZone:    "Europe/Rome",
	}
}

// mailDelivery is the category of newCase as Google classifies it.
var mailDelivery = cases.Category{ID: "100101", Name: "Technical Issue > Gmail > Mail delivery"}

// file creates a case through the Service, failing the test on error.
func file(tb testing.TB, s *cases.Service, filer string, nc cases.NewCase) cases.Case {
	tb.Helper()
	c, err := s.Create(context.Background(), filer, nc)
	if err != nil {
		tb.Fatalf("Create(%s, %s): %v", filer, nc.CustomerID, err)
	}
	return c
}

// fileAsCustomer files a case as the customer's own super admin, over the
// Cloud Support API (Google takes cases from the customer as well as from
// its reseller), at the World's current time, and returns its name.
func (e *env) fileAsCustomer(customer, title string) string {
	e.tb.Helper()
	var domain string
	for _, t := range e.w.Snapshot().Tenants {
		if t.CustomerID == customer {
			domain = t.Domains[0].Name
		}
	}
	c, err := e.conn("admin@"+domain).CloudSupport().Cases.Create(fake.CaseParent(customer), &cloudsupport.Case{
		DisplayName: title, Description: "Filed by the customer.", Priority: "P3",
		Classification: &cloudsupport.CaseClassification{Id: mailDelivery.ID}}).Context(context.Background()).Do()
	if err != nil {
		e.tb.Fatalf("filing as %s's admin: %v", customer, err)
	}
	return c.Name
}

// wantKind checks err's Kind and that it wraps target.
func wantKind(t *testing.T, err error, kind resellerkit.Kind, target error) {
	t.Helper()
	if err == nil {
		t.Fatalf("err = nil, want %v wrapping %v", kind, target)
	}
	if got := resellerkit.KindOf(err); got != kind {
		t.Errorf("KindOf(%v) = %v, want %v", err, got, kind)
	}
	if target != nil && !errors.Is(err, target) {
		t.Errorf("errors.Is(%v, %v) = false", err, target)
	}
}

// fieldOf returns the field an invalid-argument error names.
func fieldOf(err error) string {
	var fe *resellerkit.FieldError
	if errors.As(err, &fe) {
		return fe.Field
	}
	return ""
}

func ids(cs []cases.Case) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

var day = 24 * time.Hour
