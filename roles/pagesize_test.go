package roles_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/roles"
)

// sizeSpy records the page sizes the Service asks its backend for.
type sizeSpy struct {
	roles.Backend
	mu    sync.Mutex
	sizes []int
}

func (s *sizeSpy) record(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sizes = append(s.sizes, n)
}

func (s *sizeSpy) ListRoles(ctx context.Context, customer string, p resellerkit.PageRequest) (resellerkit.Page[roles.Role], error) {
	s.record(p.Size)
	return s.Backend.ListRoles(ctx, customer, p)
}

func (s *sizeSpy) ListAssignments(ctx context.Context, customer string, f roles.AssignmentFilter, p resellerkit.PageRequest) (resellerkit.Page[roles.Assignment], error) {
	s.record(p.Size)
	return s.Backend.ListAssignments(ctx, customer, f, p)
}

// TestPageSize checks the page-size policy shared by the service packages:
// a per-request size above Google's cap is clamped to it, a negative one is
// refused naming the field before any call, 0 lets Google choose.
func TestPageSize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		call      func(ctx context.Context, s *roles.Service) error
		wantSizes []int
		wantField string
	}{
		{"roles above the cap are clamped", func(ctx context.Context, s *roles.Service) error {
			_, err := s.ListRolesPage(ctx, memCustomer, resellerkit.PageRequest{Size: roles.MaxRolesPage + 1})
			return err
		}, []int{roles.MaxRolesPage}, ""},
		{"roles at the cap pass", func(ctx context.Context, s *roles.Service) error {
			_, err := s.ListRolesPage(ctx, memCustomer, resellerkit.PageRequest{Size: roles.MaxRolesPage})
			return err
		}, []int{roles.MaxRolesPage}, ""},
		{"assignments above the cap are clamped", func(ctx context.Context, s *roles.Service) error {
			_, err := s.ListAssignmentsPage(ctx, memCustomer, nil, resellerkit.PageRequest{Size: 10_000})
			return err
		}, []int{roles.MaxAssignmentsPage}, ""},
		{"negative assignments size is refused", func(ctx context.Context, s *roles.Service) error {
			_, err := s.ListAssignmentsPage(ctx, memCustomer, nil, resellerkit.PageRequest{Size: -1})
			return err
		}, nil, "PageRequest.Size"},
		{"zero lets Google choose", func(ctx context.Context, s *roles.Service) error {
			_, err := s.ListRolesPage(ctx, memCustomer, resellerkit.PageRequest{})
			return err
		}, []int{0}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			spy := &sizeSpy{Backend: newMemBackend(nil)}
			err := tt.call(t.Context(), roles.NewWithBackend(spy))
			var fe *resellerkit.FieldError
			if errors.As(err, &fe) {
				if fe.Field != tt.wantField {
					t.Errorf("error field = %q, want %q", fe.Field, tt.wantField)
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

// TestInvalidOptionNamesIt checks that an invalid option is reported by
// every method as an invalid argument naming the option.
func TestInvalidOptionNamesIt(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name  string
		opt   roles.Option
		field string
	}{
		{"negative TTL", roles.WithPrivilegeCacheTTL(-time.Second), "roles.WithPrivilegeCacheTTL"},
		{"nil clock", roles.WithClock(nil), "roles.WithClock"},
		{"nil option", nil, "opts[0]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := roles.NewWithBackend(newMemBackend(nil), tt.opt)
			_, err := s.ListRolesPage(t.Context(), memCustomer, resellerkit.PageRequest{})
			var fe *resellerkit.FieldError
			if resellerkit.KindOf(err) != resellerkit.KindInvalidArgument || !errors.As(err, &fe) || fe.Field != tt.field {
				t.Errorf("err = %v, want an invalid argument naming %s", err, tt.field)
			}
		})
	}
}
