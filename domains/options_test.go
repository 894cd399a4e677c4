package domains_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/domains"
)

// TestNewChecksOptions: New checks its Conn and options at once; an invalid
// one is an invalid argument naming it, and a zero value means the default.
func TestNewChecksOptions(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	conn := e.conn(t, superEU)
	for _, tt := range []struct {
		name  string
		opt   domains.Option
		field string // "" for a valid option
	}{
		{"negative lookup concurrency", domains.WithLookupConcurrency(-1), "domains.WithLookupConcurrency"},
		{"zero lookup concurrency is the default", domains.WithLookupConcurrency(0), ""},
		{"negative await timeout", domains.WithAwait(resellerkit.AwaitPolicy{Timeout: -time.Second}), "domains.WithAwait"},
		{"zero await is the default", domains.WithAwait(resellerkit.AwaitPolicy{}), ""},
		{"empty customer is the default", domains.WithCustomer(""), ""},
		{"nil plan source is the default", domains.WithPlanSource(nil), ""},
		{"nil password keeper", domains.WithPasswordKeeper(nil), "domains.WithPasswordKeeper"},
		{"nil option", nil, "opts[0]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := domains.New(conn, tt.opt)
			if tt.field == "" {
				if err != nil || s == nil {
					t.Fatalf("New() = %v, %v; want a Service", s, err)
				}
				if _, err := s.ListAccountsPage(t.Context(), euDomain, nil, resellerkit.PageRequest{}); err != nil {
					t.Errorf("ListAccountsPage() = %v, want no error", err)
				}
				return
			}
			var fe *resellerkit.FieldError
			if s != nil || resellerkit.KindOf(err) != resellerkit.KindInvalidArgument || !errors.As(err, &fe) || fe.Field != tt.field {
				t.Errorf("New() = %v, %v; want no Service and an invalid argument naming %s", s, err, tt.field)
			}
		})
	}
	t.Run("nil conn", func(t *testing.T) {
		t.Parallel()
		s, err := domains.New(nil)
		var fe *resellerkit.FieldError
		if s != nil || !errors.As(err, &fe) || fe.Field != "conn" {
			t.Errorf("New(nil) = %v, %v; want an invalid argument naming conn", s, err)
		}
	})
}

// TestNilService: the methods of a nil *Service fail with an error, never a
// panic.
func TestNilService(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	var s *domains.Service
	if _, err := s.GetAccount(ctx, "a@b.example"); !errors.Is(err, resellerkit.ErrInvalidArgument) {
		t.Errorf("GetAccount = %v", err)
	}
	if _, err := s.ListDomains(ctx); !errors.Is(err, resellerkit.ErrInvalidArgument) {
		t.Errorf("ListDomains = %v", err)
	}
	if _, err := s.EnsureAccount(ctx, domains.AccountSpec{}); !errors.Is(err, resellerkit.ErrInvalidArgument) {
		t.Errorf("EnsureAccount = %v", err)
	}
	rs := s.EnsureAccounts(ctx, []domains.AccountSpec{{Email: "a@b.example", GivenName: "A", FamilyName: "B", OrgUnitPath: "/"}}, nil)
	if len(rs) != 1 || !errors.Is(rs[0].Err, resellerkit.ErrInvalidArgument) {
		t.Errorf("EnsureAccounts = %+v", rs)
	}
	if _, err := resellerkit.Collect(s.ListCustomers(ctx, "a.example", nil)); !errors.Is(err, resellerkit.ErrInvalidArgument) {
		t.Errorf("ListCustomers = %v", err)
	}
	if _, o, err := s.EnsureOrgUnit(ctx, "/x"); !errors.Is(err, resellerkit.ErrInvalidArgument) || o != resellerkit.OutcomeFailed {
		t.Errorf("EnsureOrgUnit = %v, %v", o, err)
	}
	if _, err := resellerkit.Collect(s.ListSubscriptions(ctx, nil)); !errors.Is(err, resellerkit.ErrInvalidArgument) {
		t.Errorf("ListSubscriptions = %v", err)
	}
	if got := s.Customer(); got != "" {
		t.Errorf("Customer() = %q, want \"\"", got)
	}
}

// TestPageSize checks the page-size policy shared by the service packages,
// on the wire: a per-request size above the API's cap is clamped to it, a
// negative one is refused naming the field before any call, 0 means the
// default.
func TestPageSize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		call      func(ctx context.Context, s *domains.Service) error
		wantSizes []int
		wantField string
	}{
		{"accounts above the cap are clamped", func(ctx context.Context, s *domains.Service) error {
			_, err := s.ListAccountsPage(ctx, euDomain, nil, resellerkit.PageRequest{Size: 501})
			return err
		}, []int{500}, ""},
		{"accounts default", func(ctx context.Context, s *domains.Service) error {
			_, err := s.ListAccountsPage(ctx, euDomain, nil, resellerkit.PageRequest{})
			return err
		}, []int{100}, ""},
		{"accounts listing asks for full pages", func(ctx context.Context, s *domains.Service) error {
			_, err := resellerkit.Collect(s.ListAccounts(ctx, euDomain, nil))
			return err
		}, []int{500}, ""},
		{"negative accounts size is refused", func(ctx context.Context, s *domains.Service) error {
			_, err := s.ListAccountsPage(ctx, euDomain, nil, resellerkit.PageRequest{Size: -1})
			return err
		}, nil, "PageRequest.Size"},
		{"subscriptions above the cap are clamped", func(ctx context.Context, s *domains.Service) error {
			_, err := resellerkit.Collect(s.ListSubscriptions(ctx, &domains.ListSubscriptionsOptions{PageSize: 101}))
			return err
		}, []int{100}, ""},
		{"subscriptions size is kept within the cap", func(ctx context.Context, s *domains.Service) error {
			_, err := resellerkit.Collect(s.ListSubscriptions(ctx, &domains.ListSubscriptionsOptions{PageSize: 100}))
			return err
		}, []int{100}, ""},
		{"negative subscriptions size is refused", func(ctx context.Context, s *domains.Service) error {
			_, err := resellerkit.Collect(s.ListSubscriptions(ctx, &domains.ListSubscriptionsOptions{PageSize: -1}))
			return err
		}, nil, "ListSubscriptionsOptions.PageSize"},
		{"negative customers size is refused", func(ctx context.Context, s *domains.Service) error {
			_, err := resellerkit.Collect(s.ListCustomers(ctx, euDomain, &domains.ListCustomersOptions{PageSize: -1}))
			return err
		}, nil, "ListCustomersOptions.PageSize"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			err := tt.call(t.Context(), e.service(t, superEU))
			var fe *resellerkit.FieldError
			if errors.As(err, &fe) {
				if fe.Field != tt.wantField {
					t.Errorf("error field = %q (%v), want %q", fe.Field, err, tt.wantField)
				}
			} else if err != nil || tt.wantField != "" {
				t.Errorf("err = %v, want field %q", err, tt.wantField)
			}
			if diff := cmp.Diff(tt.wantSizes, e.rec.pageSizes()); diff != "" {
				t.Errorf("page sizes sent mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
