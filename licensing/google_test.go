package licensing_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/licensing"
)

// wireCall is one request as google.go sent it.
type wireCall struct {
	Method string
	Path   string
	Query  url.Values
	Body   map[string]any
}

// wireServer records requests and answers each with the fixed body.
func wireServer(t *testing.T, answer string) (*licensing.Service, func() []wireCall) {
	t.Helper()
	var (
		mu    sync.Mutex
		calls []wireCall
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := wireCall{Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.Query()}
		c.Query.Del("alt")
		c.Query.Del("prettyPrint")
		if len(c.Query) == 0 {
			c.Query = nil
		}
		if b, _ := io.ReadAll(r.Body); len(b) > 0 {
			if err := json.Unmarshal(b, &c.Body); err != nil {
				t.Errorf("request body %q: %v", b, err)
			}
		}
		mu.Lock()
		calls = append(calls, c)
		mu.Unlock()
		if answer == "" {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, answer)
	}))
	t.Cleanup(srv.Close)
	conn, err := resellerkit.Dial(t.Context(), resellerkit.WithEndpoint(srv.URL), resellerkit.WithoutAuthentication(),
		resellerkit.WithoutRetry(), resellerkit.WithPacing(resellerkit.Pacing{}))
	if err != nil {
		t.Fatal(err)
	}
	return licensing.New(conn, licensing.WithPageSize(50)), func() []wireCall {
		mu.Lock()
		defer mu.Unlock()
		return calls
	}
}

// TestGoogleWireShape checks the method, path, query and body google.go
// sends for each call, independently of the fake.
func TestGoogleWireShape(t *testing.T) {
	t.Parallel()
	const (
		base   = "/apps/licensing/v1/product/Google-Apps"
		asg    = `{"kind":"licensing#licenseAssignment","productId":"Google-Apps","skuId":"1010020028","userId":"ana@x.example","etags":"e1","skuName":"Google Workspace Business Standard","productName":"Google Workspace"}`
		list   = `{"items":[` + asg + `],"nextPageToken":"tok2"}`
		user   = "ana@x.example"
		escUsr = "ana%40x.example"
	)
	tests := []struct {
		name   string
		answer string
		call   func(t *testing.T, s *licensing.Service) error
		want   wireCall
	}{
		{"get", asg, func(t *testing.T, s *licensing.Service) error {
			a, err := s.Get(t.Context(), gws, licensing.SKUBusinessStandard, user)
			want := licensing.Assignment{UserID: user, Product: gws, ProductName: "Google Workspace", SKU: licensing.SKUBusinessStandard, SKUName: "Google Workspace Business Standard", ETag: "e1"}
			if diff := cmp.Diff(want, a); diff != "" {
				t.Errorf("Get mismatch (-want +got):\n%s", diff)
			}
			return err
		}, wireCall{Method: "GET", Path: base + "/sku/1010020028/user/" + escUsr}},
		{"insert", asg, func(t *testing.T, s *licensing.Service) error {
			_, err := s.Assign(t.Context(), gws, licensing.SKUBusinessStandard, user)
			return err
		}, wireCall{Method: "POST", Path: base + "/sku/1010020028/user", Body: map[string]any{"userId": user}}},
		{"patch", asg, func(t *testing.T, s *licensing.Service) error {
			_, err := s.ChangeSKU(t.Context(), gws, licensing.SKUBusinessStarter, licensing.SKUBusinessStandard, user)
			return err
		}, wireCall{Method: "PATCH", Path: base + "/sku/1010020027/user/" + escUsr, Body: map[string]any{"productId": "Google-Apps", "skuId": "1010020028"}}},
		{"delete", ``, func(t *testing.T, s *licensing.Service) error {
			return s.Revoke(t.Context(), gws, licensing.SKUBusinessStarter, user)
		}, wireCall{Method: "DELETE", Path: base + "/sku/1010020027/user/" + escUsr}},
		{"listForProduct", list, func(t *testing.T, s *licensing.Service) error {
			p, err := s.ListPage(t.Context(), "C012", gws, nil, "tok1")
			if p.NextPageToken != "tok2" || len(p.Items) != 1 {
				t.Errorf("ListPage = %+v", p)
			}
			return err
		}, wireCall{Method: "GET", Path: base + "/users", Query: url.Values{"customerId": {"C012"}, "maxResults": {"50"}, "pageToken": {"tok1"}}}},
		{"listForProductAndSku", list, func(t *testing.T, s *licensing.Service) error {
			_, err := s.ListPage(t.Context(), "C012", gws, &licensing.ListOptions{SKU: licensing.SKUBusinessStandard}, "")
			return err
		}, wireCall{Method: "GET", Path: base + "/sku/1010020028/users", Query: url.Values{"customerId": {"C012"}, "maxResults": {"50"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, calls := wireServer(t, tt.answer)
			if err := tt.call(t, s); err != nil {
				t.Fatal(err)
			}
			got := calls()
			if len(got) != 1 {
				t.Fatalf("%d requests, want 1: %+v", len(got), got)
			}
			if diff := cmp.Diff(tt.want, got[0]); diff != "" {
				t.Errorf("request mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestResellerSeatsWire checks which subscription seat field ResellerSeats
// reads per plan (rule L4), and that it asks for the customer's
// subscriptions only.
func TestResellerSeatsWire(t *testing.T) {
	t.Parallel()
	const answer = `{"subscriptions":[
	 {"subscriptionId":"s1","customerId":"C012","skuId":"1010020027","status":"SUSPENDED","plan":{"planName":"FLEXIBLE"},"seats":{"maximumNumberOfSeats":99}},
	 {"subscriptionId":"s2","customerId":"C012","skuId":"1010020027","status":"ACTIVE","plan":{"planName":"FLEXIBLE"},"seats":{"maximumNumberOfSeats":40,"licensedNumberOfSeats":3}},
	 {"subscriptionId":"s3","customerId":"C012","skuId":"1010020028","status":"ACTIVE","plan":{"planName":"ANNUAL"},"seats":{"numberOfSeats":25}},
	 {"subscriptionId":"s4","customerId":"C012","skuId":"1010020025","status":"ACTIVE","plan":{"planName":"TRIAL"},"seats":{"maximumNumberOfSeats":10}}]}`
	tests := []struct {
		sku      licensing.SKUID
		want     licensing.Seats
		wantKind resellerkit.Kind
	}{
		{licensing.SKUBusinessStarter, licensing.Seats{Total: 40, Source: "Reseller API subscription s2 (FLEXIBLE: maximumNumberOfSeats)"}, resellerkit.KindUnknown},
		{licensing.SKUBusinessStandard, licensing.Seats{Total: 25, Source: "Reseller API subscription s3 (ANNUAL: numberOfSeats)"}, resellerkit.KindUnknown},
		{licensing.SKUBusinessPlus, licensing.Seats{Total: 10, Source: "Reseller API subscription s4 (TRIAL: maximumNumberOfSeats)"}, resellerkit.KindUnknown},
		{licensing.SKUEnterprisePlus, licensing.Seats{}, resellerkit.KindNotFound},
	}
	for _, tt := range tests {
		t.Run(string(tt.sku), func(t *testing.T) {
			t.Parallel()
			var calls []wireCall
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				calls = append(calls, wireCall{Method: r.Method, Path: r.URL.Path, Query: url.Values{"customerId": r.URL.Query()["customerId"]}})
				_, _ = io.WriteString(w, answer)
			}))
			defer srv.Close()
			conn, err := resellerkit.Dial(t.Context(), resellerkit.WithEndpoint(srv.URL), resellerkit.WithoutAuthentication(), resellerkit.WithoutRetry(), resellerkit.WithPacing(resellerkit.Pacing{}))
			if err != nil {
				t.Fatal(err)
			}
			got, err := licensing.ResellerSeats(conn).Seats(t.Context(), "C012", gws, tt.sku)
			if resellerkit.KindOf(err) != tt.wantKind {
				t.Fatalf("Seats error = %v, want kind %v", err, tt.wantKind)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Seats mismatch (-want +got):\n%s", diff)
			}
			want := []wireCall{{Method: "GET", Path: "/apps/reseller/v1/subscriptions", Query: url.Values{"customerId": {"C012"}}}}
			if diff := cmp.Diff(want, calls); diff != "" {
				t.Errorf("requests mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
