package domains_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/domains"
)

// TestInvalidOptionNamesIt checks that options are checked when the
// Service is built: an invalid one is reported by every method as an
// invalid argument naming the option, and a zero value means the default.
func TestInvalidOptionNamesIt(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name  string
		opt   domains.Option
		field string // "" for a valid option
	}{
		{"negative lookup concurrency", domains.WithLookupConcurrency(-1), "domains.WithLookupConcurrency"},
		{"zero lookup concurrency is the default", domains.WithLookupConcurrency(0), ""},
		{"negative await timeout", domains.WithAwait(resellerkit.AwaitPolicy{Timeout: -time.Second}), "domains.WithAwait"},
		{"zero await is the default", domains.WithAwait(resellerkit.AwaitPolicy{}), ""},
		{"nil option", nil, "opts[0]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := domains.NewWithBackend(newMem(), tt.opt)
			_, err := s.ListAccountsPage(t.Context(), "reseller-eu.example", nil, resellerkit.PageRequest{})
			if tt.field == "" {
				if err != nil {
					t.Errorf("ListAccountsPage() = %v, want no error", err)
				}
				return
			}
			var fe *resellerkit.FieldError
			if resellerkit.KindOf(err) != resellerkit.KindInvalidArgument || !errors.As(err, &fe) || fe.Field != tt.field {
				t.Errorf("ListAccountsPage() = %v, want an invalid argument naming %s", err, tt.field)
			}
		})
	}
}

// sizeSpy records the page sizes the Service asks its backend for.
type sizeSpy struct {
	domains.Backend
	mu    sync.Mutex
	sizes []int
}

func (s *sizeSpy) record(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sizes = append(s.sizes, n)
}

func (s *sizeSpy) ListUsers(ctx context.Context, domain string, f domains.UserFilter, p resellerkit.PageRequest) (resellerkit.Page[domains.Account], error) {
	s.record(p.Size)
	return s.Backend.ListUsers(ctx, domain, f, p)
}

func (s *sizeSpy) ListSubscriptions(ctx context.Context, f domains.SubscriptionFilter, p resellerkit.PageRequest) (resellerkit.Page[domains.Subscription], error) {
	s.record(p.Size)
	return s.Backend.ListSubscriptions(ctx, f, p)
}

// TestPageSize checks the page-size policy shared by the service packages:
// a per-request size above the API's cap is clamped to it, a negative one
// is refused naming the field before any call, 0 means the default.
func TestPageSize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		call      func(ctx context.Context, s *domains.Service) error
		wantSizes []int
		wantField string
	}{
		{"accounts above the cap are clamped", func(ctx context.Context, s *domains.Service) error {
			_, err := s.ListAccountsPage(ctx, "reseller-eu.example", nil, resellerkit.PageRequest{Size: 501})
			return err
		}, []int{500}, ""},
		{"negative accounts size is refused", func(ctx context.Context, s *domains.Service) error {
			_, err := s.ListAccountsPage(ctx, "reseller-eu.example", nil, resellerkit.PageRequest{Size: -1})
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
			_, err := resellerkit.Collect(s.ListCustomers(ctx, "reseller-eu.example", &domains.ListCustomersOptions{PageSize: -1}))
			return err
		}, nil, "ListCustomersOptions.PageSize"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := newMem()
			seedReseller(m)
			spy := &sizeSpy{Backend: m}
			err := tt.call(t.Context(), domains.NewWithBackend(spy))
			var fe *resellerkit.FieldError
			if errors.As(err, &fe) {
				if fe.Field != tt.wantField {
					t.Errorf("error field = %q (%v), want %q", fe.Field, err, tt.wantField)
				}
			} else if err != nil || tt.wantField != "" {
				t.Errorf("err = %v, want field %q", err, tt.wantField)
			}
			if diff := cmp.Diff(tt.wantSizes, spy.sizes); diff != "" {
				t.Errorf("backend page sizes mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
