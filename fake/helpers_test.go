package fake_test

import (
	"errors"
	"io"
	"strings"
	"testing"

	admin "google.golang.org/api/admin/directory/v1"
	"google.golang.org/api/googleapi"
	licensing "google.golang.org/api/licensing/v1"
	reseller "google.golang.org/api/reseller/v1"

	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/fake/faketest"
)

// Addresses of the demo world used across the tests.
var (
	alderAdmin = "admin@" + fake.DemoAlderDomain
	birchAdmin = "admin@" + fake.DemoBirchDomain
	ana        = "ana@" + fake.DemoAlderDomain
	ben        = "ben@" + fake.DemoAlderDomain
	cara       = "cara@" + fake.DemoAlderEUDomain
	dan        = "dan@" + fake.DemoAlderDomain
	eve        = "eve@" + fake.DemoAlderDomain
	finn       = "finn@" + fake.DemoAlderDomain
	gus        = "gus@" + fake.DemoAlderDomain
	hana       = "hana@" + fake.DemoBirchDomain
	ivan       = "ivan@" + fake.DemoBirchDomain
)

// env is a demo World served over HTTP, with the unmodified generated
// clients acting as a chosen user.
type env struct {
	t *testing.T
	w *fake.World
	s *fake.Server
}

func newEnv(t *testing.T, opts ...fake.Option) *env {
	t.Helper()
	w, err := fake.NewWorld(fake.DemoSeed())
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, w: w, s: faketest.NewServer(t, w, opts...)}
}

func (e *env) token(email string) string {
	e.t.Helper()
	tok, err := e.s.TokenFor(email)
	if err != nil {
		e.t.Fatal(err)
	}
	return tok
}

func (e *env) dir(email string) *admin.Service {
	e.t.Helper()
	svc, err := admin.NewService(e.t.Context(), e.s.ClientOptions(e.token(email))...)
	if err != nil {
		e.t.Fatal(err)
	}
	return svc
}

func (e *env) lic(email string) *licensing.Service {
	e.t.Helper()
	svc, err := licensing.NewService(e.t.Context(), e.s.ClientOptions(e.token(email))...)
	if err != nil {
		e.t.Fatal(err)
	}
	return svc
}

func (e *env) res(email string) *reseller.Service {
	e.t.Helper()
	svc, err := reseller.NewService(e.t.Context(), e.s.ClientOptions(e.token(email))...)
	if err != nil {
		e.t.Fatal(err)
	}
	return svc
}

// wantErr checks that err is a *googleapi.Error with this status and
// errors[0].reason.
func wantErr(t *testing.T, err error, code int, reason string) *googleapi.Error {
	t.Helper()
	var ge *googleapi.Error
	if !errors.As(err, &ge) {
		t.Fatalf("error = %v, want a *googleapi.Error %d %s", err, code, reason)
	}
	got := ""
	if len(ge.Errors) > 0 {
		got = ge.Errors[0].Reason
	}
	if ge.Code != code || got != reason {
		t.Fatalf("error = %d %s (%q), want %d %s", ge.Code, got, ge.Message, code, reason)
	}
	return ge
}

func stringsReader(s string) io.Reader { return strings.NewReader(s) }

// tenantOf returns the snapshot of the tenant with this customer ID or
// domain.
func tenantOf(t *testing.T, w *fake.World, key string) fake.TenantSnapshot {
	t.Helper()
	for _, ts := range w.Snapshot().Tenants {
		if ts.CustomerID == key {
			return ts
		}
		for _, d := range ts.Domains {
			if d.Name == key {
				return ts
			}
		}
	}
	t.Fatalf("no tenant %q", key)
	return fake.TenantSnapshot{}
}

// seats returns the assigned and total seats of a SKU on a tenant (0, 0 when
// it has none), from the World's snapshot.
func seats(t *testing.T, w *fake.World, customer, productID, skuID string) (assigned, total int) {
	t.Helper()
	for _, s := range tenantOf(t, w, customer).SKUs {
		if s.ProductID == productID && s.SKUID == skuID {
			return s.Assigned, s.Seats
		}
	}
	return 0, 0
}
