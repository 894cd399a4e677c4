package cases_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/cases"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/fake"
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
	kestrel   = "C03c00011" // alder-eu.example
	quartz    = "C03c00017" // birch-partners.example
	anaAlder  = "ana@alder-reseller.example"
	gusAlder  = "gus@alder-reseller.example"
	caraEU    = "cara@alder-eu.example"
	hanaBirch = "hana@birch-partners.example"
)

func newWorld(t testing.TB) *fake.World {
	t.Helper()
	w, err := fake.NewWorld(fake.DemoSeed())
	if err != nil {
		t.Fatalf("fake.NewWorld: %v", err)
	}
	return w
}

// worldPortal decides portal access from the World's role assignments, as
// the access package does from the roles service's facts.
func worldPortal(w *fake.World) cases.Portal {
	return cases.PortalFunc(func(ctx context.Context, account string) (access.Decision, error) {
		dom := account[strings.LastIndexByte(account, '@')+1:]
		tenant, err := w.CustomerID(dom)
		if err != nil {
			return access.Decision{}, err
		}
		admin, err := w.SuperAdmin(tenant)
		if err != nil {
			return access.Decision{}, err
		}
		rs := roles.NewWithBackend(w.Roles(admin), roles.WithClock(w.Now))
		eff, err := rs.Effective(ctx, tenant, account)
		if err != nil {
			return access.Decision{}, err
		}
		state := access.StateActive
		if eff.Blocked {
			state = access.StateSuspended
		}
		return access.Decide(access.Facts{Email: account, State: state, Effective: eff, ReadAt: w.Now()}, access.CloudSupportPortal), nil
	})
}

// worldCustomers answers customer lookups from the World, the way the
// domains service does from the Reseller API.
type worldCustomers struct{ w *fake.World }

func (c worldCustomers) GetCustomer(_ context.Context, resellerDomain, customerID string) (domains.Customer, error) {
	rd, err := c.w.ResellerDomain(customerID)
	if err != nil {
		return domains.Customer{}, resellerkit.E(resellerkit.KindNotFound, "test.GetCustomer", err)
	}
	if rd != resellerDomain {
		return domains.Customer{}, resellerkit.E(resellerkit.KindPermissionDenied, "test.GetCustomer",
			&domains.DomainError{Domain: resellerDomain, Err: domains.ErrCustomerNotManaged})
	}
	granted, err := c.w.ResellerAccessGranted(customerID)
	if err != nil {
		return domains.Customer{}, err
	}
	return domains.Customer{ID: customerID, ResellerDomain: rd, AccessGranted: granted}, nil
}

// service returns a reseller account's Service over the World's store.
func service(t testing.TB, w *fake.World, account string, opts ...cases.Option) *cases.Service {
	t.Helper()
	base := []cases.Option{cases.WithClock(w.Now), cases.WithTenure(w.CaseTenure()), cases.WithPlans(w.CasePlans()),
		cases.WithPortal(worldPortal(w)), cases.WithCustomers(worldCustomers{w})}
	s, err := cases.NewWithStore(w.CaseStore(), account, append(base, opts...)...)
	if err != nil {
		t.Fatalf("NewWithStore: %v", err)
	}
	return s
}

func newCase(customer string) cases.NewCase {
	return cases.NewCase{
		CustomerID:  customer,
		Product:     cases.GoogleWorkspace,
		Category:    cases.Category{ID: "gmail-delivery", Name: "Technical Issue > Gmail > Mail delivery"},
		Title:       "Mail to external domains bounces",
		Description: "Since this morning every message to external domains bounces with error 550 5.7.1.",
		Severity:    cases.S2,
		Language:    "en",
		TimeZone:    "Europe/Rome",
	}
}

// file creates a case through the Service, failing the test on error.
func file(t testing.TB, s *cases.Service, filer string, nc cases.NewCase) cases.Case {
	t.Helper()
	c, err := s.Create(context.Background(), filer, nc)
	if err != nil {
		t.Fatalf("Create(%s, %s): %v", filer, nc.CustomerID, err)
	}
	return c
}

// put stores a case directly at the World's current time, as if filed
// under reseller (or by the customer itself when reseller is "").
func put(t testing.TB, w *fake.World, customer, reseller, title string) cases.Case {
	t.Helper()
	nc := newCase(customer)
	c, err := w.CaseStore().Create(context.Background(), cases.Case{CustomerID: customer, ResellerAccount: reseller,
		Product: nc.Product, Category: nc.Category, Title: title, Description: nc.Description, Severity: nc.Severity,
		Language: nc.Language, TimeZone: nc.TimeZone})
	if err != nil {
		t.Fatalf("store.Create: %v", err)
	}
	return c
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
