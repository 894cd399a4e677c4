package licensing_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/fake/faketest"
	"github.com/resellerkit/resellerkit/licensing"
	"github.com/resellerkit/resellerkit/roles"
)

// wireCall is one request as google.go sent it.
type wireCall struct {
	Method string
	Path   string
	Query  url.Values
	Body   map[string]any
}

// recorder records the requests a Conn sends to the fake's in-process
// transport, then lets them through.
type recorder struct {
	t     *testing.T
	base  http.RoundTripper
	mu    sync.Mutex
	calls []wireCall
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	c := wireCall{Method: req.Method, Path: req.URL.EscapedPath(), Query: req.URL.Query()}
	c.Query.Del("alt")
	c.Query.Del("prettyPrint")
	if len(c.Query) == 0 {
		c.Query = nil
	}
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		if len(b) > 0 {
			if err := json.Unmarshal(b, &c.Body); err != nil {
				r.t.Errorf("request body %q: %v", b, err)
			}
		}
		req.Body = io.NopCloser(bytes.NewReader(b))
	}
	r.mu.Lock()
	r.calls = append(r.calls, c)
	r.mu.Unlock()
	return r.base.RoundTrip(req)
}

// take returns the requests recorded so far and forgets them.
func (r *recorder) take() []wireCall {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.calls
	r.calls = nil
	return out
}

// recordingEnv is an env whose Conn records its requests.
func recordingEnv(t *testing.T, holds ...held) (*env, *recorder) {
	t.Helper()
	e := newEnv(t, nil, holds...)
	rec := &recorder{t: t, base: e.srv.Transport()}
	conn, err := e.srv.Conn(t.Context(), fakeAdmin, resellerkit.WithHTTPClient(&http.Client{Transport: rec}))
	if err != nil {
		t.Fatal(err)
	}
	if e.svc, err = licensing.New(conn, licensing.WithPageSize(50)); err != nil {
		t.Fatal(err)
	}
	e.conn = conn
	return e, rec
}

// TestGoogleWireShape checks the method, path, query and body google.go
// sends for each call, and how it maps the answer.
func TestGoogleWireShape(t *testing.T) {
	t.Parallel()
	const base = "/apps/licensing/v1/product/Google-Apps"
	ana := user(0)
	tests := []struct {
		name  string
		holds []held
		call  func(t *testing.T, s *licensing.Service) error
		want  wireCall
	}{
		{"get", []held{{ana, gws, licensing.SKUBusinessStandard}}, func(t *testing.T, s *licensing.Service) error {
			a, err := s.Get(t.Context(), gws, licensing.SKUBusinessStandard, ana)
			want := licensing.Assignment{UserID: ana, Product: gws, ProductName: "Google Workspace", SKU: licensing.SKUBusinessStandard, SKUName: "Google Workspace Business Standard"}
			if diff := cmp.Diff(want, a, cmpopts.IgnoreFields(licensing.Assignment{}, "ETag")); diff != "" {
				t.Errorf("Get mismatch (-want +got):\n%s", diff)
			}
			if a.ETag == "" {
				t.Errorf("Get lost the ETag (etags on the wire)")
			}
			return err
		}, wireCall{Method: "GET", Path: base + "/sku/1010020028/user/" + pathEscape(ana)}},
		{"insert", nil, func(t *testing.T, s *licensing.Service) error {
			_, err := s.Assign(t.Context(), gws, licensing.SKUBusinessStandard, ana)
			return err
		}, wireCall{Method: "POST", Path: base + "/sku/1010020028/user", Body: map[string]any{"userId": ana}}},
		{"patch", []held{{ana, gws, licensing.SKUBusinessStarter}}, func(t *testing.T, s *licensing.Service) error {
			_, err := s.ChangeSKU(t.Context(), gws, licensing.SKUBusinessStarter, licensing.SKUBusinessStandard, ana)
			return err
		}, wireCall{Method: "PATCH", Path: base + "/sku/1010020027/user/" + pathEscape(ana), Body: map[string]any{"productId": "Google-Apps", "skuId": "1010020028"}}},
		{"delete", []held{{ana, gws, licensing.SKUBusinessStarter}}, func(t *testing.T, s *licensing.Service) error {
			return s.Revoke(t.Context(), gws, licensing.SKUBusinessStarter, ana)
		}, wireCall{Method: "DELETE", Path: base + "/sku/1010020027/user/" + pathEscape(ana)}},
		{"listForProductAndSku", []held{{ana, gws, licensing.SKUBusinessStandard}}, func(t *testing.T, s *licensing.Service) error {
			p, err := s.ListPage(t.Context(), fakeCustomer, gws, &licensing.ListOptions{SKU: licensing.SKUBusinessStandard}, resellerkit.PageRequest{})
			if len(p.Items) != 1 || p.Items[0].UserID != ana {
				t.Errorf("ListPage = %+v", p)
			}
			return err
		}, wireCall{Method: "GET", Path: base + "/sku/1010020028/users", Query: url.Values{"customerId": {fakeCustomer}, "maxResults": {"50"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e, rec := recordingEnv(t, tt.holds...)
			if err := tt.call(t, e.svc); err != nil {
				t.Fatal(err)
			}
			got := rec.take()
			if len(got) != 1 {
				t.Fatalf("%d requests, want 1: %+v", len(got), got)
			}
			if diff := cmp.Diff(tt.want, got[0]); diff != "" {
				t.Errorf("request mismatch (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("listForProduct pages", func(t *testing.T) {
		t.Parallel()
		e, rec := recordingEnv(t, held{user(0), gws, licensing.SKUBusinessStarter}, held{user(1), gws, licensing.SKUBusinessStandard})
		p, err := e.svc.ListPage(t.Context(), fakeCustomer, gws, nil, resellerkit.PageRequest{Size: 1})
		if err != nil || p.NextPageToken == "" {
			t.Fatalf("first page = %+v, %v; want a next page", p, err)
		}
		tok := p.NextPageToken
		p, err = e.svc.ListPage(t.Context(), fakeCustomer, gws, nil, resellerkit.PageRequest{Token: tok})
		if err != nil || len(p.Items) != 1 || p.NextPageToken != "" {
			t.Fatalf("second page = %+v, %v; want the last item", p, err)
		}
		want := []wireCall{
			{Method: "GET", Path: base + "/users", Query: url.Values{"customerId": {fakeCustomer}, "maxResults": {"1"}}},
			{Method: "GET", Path: base + "/users", Query: url.Values{"customerId": {fakeCustomer}, "maxResults": {"50"}, "pageToken": {tok}}},
		}
		if diff := cmp.Diff(want, rec.take()); diff != "" {
			t.Errorf("requests mismatch (-want +got):\n%s", diff)
		}
	})
}

// pathEscape escapes an email in a path as the generated client does.
func pathEscape(email string) string { return strings.ReplaceAll(email, "@", "%40") }

// TestResellerSeatsWire checks which subscription seat field ResellerSeats
// reads per plan (rule L4), that it skips subscriptions that are not
// active, and that it asks for the customer's subscriptions only.
func TestResellerSeatsWire(t *testing.T) {
	t.Parallel()
	reseller := fake.TenantSeed{
		CustomerID: fakeCustomer, Reseller: true,
		Domains: []fake.DomainSeed{{Name: fakeDomain}},
		Users:   []fake.UserSeed{{Email: fakeAdmin, GivenName: "Ada", FamilyName: "Admin", Roles: []string{roles.SuperAdminRoleName}}},
	}
	customer := fake.TenantSeed{
		CustomerID: "C0cust0012",
		Domains:    []fake.DomainSeed{{Name: "customer.example"}},
		Users:      []fake.UserSeed{{Email: "admin@customer.example", GivenName: "Cy", FamilyName: "Admin", Roles: []string{roles.SuperAdminRoleName}}},
		Customer: &fake.CustomerSeed{ResellerDomain: fakeDomain, Subscriptions: []fake.SubscriptionSeed{
			{SKUID: string(licensing.SKUBusinessStarter), Plan: "FLEXIBLE", MaxSeats: 99, Status: "SUSPENDED"},
			{SKUID: string(licensing.SKUBusinessStarter), Plan: "FLEXIBLE", Seats: 3, MaxSeats: 40},
			{SKUID: string(licensing.SKUBusinessStandard), Plan: "ANNUAL", Seats: 25},
			{SKUID: string(licensing.SKUBusinessPlus), Plan: "TRIAL", MaxSeats: 10},
		}},
	}
	w, err := fake.NewWorld(fake.Seed{Tenants: []fake.TenantSeed{reseller, customer}})
	if err != nil {
		t.Fatal(err)
	}
	subID := map[licensing.SKUID]string{} // of the active subscription
	for _, ten := range w.Snapshot().Tenants {
		if ten.Customer == nil {
			continue
		}
		for _, s := range ten.Customer.Subscriptions {
			if s.Status == "ACTIVE" {
				subID[licensing.SKUID(s.SKUID)] = s.ID
			}
		}
	}
	srv := faketest.NewServer(t, w, fake.WithoutListener())
	tests := []struct {
		sku      licensing.SKUID
		want     licensing.Seats
		wantKind resellerkit.Kind
	}{
		{licensing.SKUBusinessStarter, licensing.Seats{Total: 40, Source: "Reseller API subscription " + subID[licensing.SKUBusinessStarter] + " (FLEXIBLE: maximumNumberOfSeats)"}, resellerkit.KindUnknown},
		{licensing.SKUBusinessStandard, licensing.Seats{Total: 25, Source: "Reseller API subscription " + subID[licensing.SKUBusinessStandard] + " (ANNUAL: numberOfSeats)"}, resellerkit.KindUnknown},
		{licensing.SKUBusinessPlus, licensing.Seats{Total: 10, Source: "Reseller API subscription " + subID[licensing.SKUBusinessPlus] + " (TRIAL: maximumNumberOfSeats)"}, resellerkit.KindUnknown},
		{licensing.SKUEnterprisePlus, licensing.Seats{}, resellerkit.KindNotFound},
	}
	for _, tt := range tests {
		t.Run(string(tt.sku), func(t *testing.T) {
			t.Parallel()
			rec := &recorder{t: t, base: srv.Transport()}
			conn, err := srv.Conn(t.Context(), fakeAdmin, resellerkit.WithHTTPClient(&http.Client{Transport: rec}))
			if err != nil {
				t.Fatal(err)
			}
			got, err := licensing.ResellerSeats(conn).Seats(t.Context(), "C0cust0012", gws, tt.sku)
			if resellerkit.KindOf(err) != tt.wantKind {
				t.Fatalf("Seats error = %v, want kind %v", err, tt.wantKind)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Seats mismatch (-want +got):\n%s", diff)
			}
			calls := rec.take()
			for i := range calls {
				calls[i].Query = url.Values{"customerId": calls[i].Query["customerId"]}
			}
			want := []wireCall{{Method: "GET", Path: "/apps/reseller/v1/subscriptions", Query: url.Values{"customerId": {"C0cust0012"}}}}
			if diff := cmp.Diff(want, calls); diff != "" {
				t.Errorf("requests mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
