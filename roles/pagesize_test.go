package roles_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/roles"
)

// TestPageSize checks the page-size policy shared by the service packages:
// a per-request size above Google's cap is clamped to it, a negative one is
// refused naming the field before any call, 0 lets Google choose (no
// maxResults is sent).
func TestPageSize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		call      func(ctx context.Context, s *roles.Service) error
		method    string
		wantSizes []string // maxResults of each request; "" when none is sent
		wantField string
	}{
		{"roles above the cap are clamped", func(ctx context.Context, s *roles.Service) error {
			_, err := s.ListRolesPage(ctx, suiteCustomer, resellerkit.PageRequest{Size: roles.MaxRolesPage + 1})
			return err
		}, "directory.roles.list", []string{"100"}, ""},
		{"roles at the cap pass", func(ctx context.Context, s *roles.Service) error {
			_, err := s.ListRolesPage(ctx, suiteCustomer, resellerkit.PageRequest{Size: roles.MaxRolesPage})
			return err
		}, "directory.roles.list", []string{"100"}, ""},
		{"assignments above the cap are clamped", func(ctx context.Context, s *roles.Service) error {
			_, err := s.ListAssignmentsPage(ctx, suiteCustomer, nil, resellerkit.PageRequest{Size: 10_000})
			return err
		}, "directory.roleAssignments.list", []string{"200"}, ""},
		{"negative assignments size is refused", func(ctx context.Context, s *roles.Service) error {
			_, err := s.ListAssignmentsPage(ctx, suiteCustomer, nil, resellerkit.PageRequest{Size: -1})
			return err
		}, "directory.roleAssignments.list", nil, "PageRequest.Size"},
		{"zero lets Google choose", func(ctx context.Context, s *roles.Service) error {
			_, err := s.ListRolesPage(ctx, suiteCustomer, resellerkit.PageRequest{})
			return err
		}, "directory.roles.list", []string{""}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, false)
			err := tt.call(t.Context(), e.svc)
			var fe *resellerkit.FieldError
			if errors.As(err, &fe) {
				if fe.Field != tt.wantField {
					t.Errorf("error field = %q, want %q", fe.Field, tt.wantField)
				}
			} else if err != nil || tt.wantField != "" {
				t.Errorf("err = %v, want field %q", err, tt.wantField)
			}
			var sizes []string
			for _, r := range e.wire.requests(tt.method) {
				var size string
				if v := r.query["maxResults"]; len(v) > 0 {
					size = v[0]
				}
				sizes = append(sizes, size)
			}
			if diff := cmp.Diff(tt.wantSizes, sizes); diff != "" {
				t.Errorf("maxResults sent mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestInvalidOptionNamesIt checks that New refuses an invalid option with
// an invalid argument naming it, and builds no Service.
func TestInvalidOptionNamesIt(t *testing.T) {
	t.Parallel()
	conn := connect(t, serve(t, newWorld(t, false)), suiteAdmin)
	for _, tt := range []struct {
		name  string
		opt   roles.Option
		field string
	}{
		{"negative TTL", roles.WithPrivilegeCacheTTL(-time.Second), "roles.WithPrivilegeCacheTTL"},
		{"nil option", nil, "opts[0]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := roles.New(conn, tt.opt)
			var fe *resellerkit.FieldError
			if s != nil || resellerkit.KindOf(err) != resellerkit.KindInvalidArgument || !errors.As(err, &fe) || fe.Field != tt.field {
				t.Errorf("New = %p, %v; want an invalid argument naming %s", s, err, tt.field)
			}
		})
	}
}
