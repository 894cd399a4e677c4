package licensing_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/licensing"
)

// TestErrorsNameOperationAndCall: an error from Google names the SDK
// operation the caller called (Op, "licensing.Method") and the Google
// method that failed (Call), whatever inner step made the call.
func TestErrorsNameOperationAndCall(t *testing.T) {
	t.Parallel()
	type opCall struct{ Op, Call string }
	const (
		insert  = "licensing.licenseAssignments.insert"
		listSKU = "licensing.licenseAssignments.listForProductAndSku"
		list    = "licensing.licenseAssignments.listForProduct"
	)
	tests := []struct {
		name   string
		method string
		call   func(ctx context.Context, s *licensing.Service, user string) error
		want   opCall
	}{
		{"Get", "licensing.licenseAssignments.get", func(ctx context.Context, s *licensing.Service, user string) error {
			_, err := s.Get(ctx, ciProduct, ciSKU, user)
			return err
		}, opCall{"licensing.Get", "licensing.licenseAssignments.get"}},
		{"Ensure", insert, func(ctx context.Context, s *licensing.Service, user string) error {
			_, _, err := s.Ensure(ctx, fakeCustomer, ciProduct, ciSKU, user, nil)
			return err
		}, opCall{"licensing.Ensure", insert}},
		{"Revoke", "licensing.licenseAssignments.delete", func(ctx context.Context, s *licensing.Service, user string) error {
			return s.Revoke(ctx, ciProduct, ciSKU, user)
		}, opCall{"licensing.Revoke", "licensing.licenseAssignments.delete"}},
		{"CheckSeats, its listing", listSKU, func(ctx context.Context, s *licensing.Service, _ string) error {
			_, err := s.CheckSeats(ctx, fakeCustomer, ciProduct, ciSKU, 1)
			return err
		}, opCall{"licensing.CheckSeats", listSKU}},
		{"DoubleLicensed", list, func(ctx context.Context, s *licensing.Service, _ string) error {
			_, err := s.DoubleLicensed(ctx, fakeCustomer, nil)
			return err
		}, opCall{"licensing.DoubleLicensed", list}},
		{"EnsureLicenses, its first listing", list, func(ctx context.Context, s *licensing.Service, user string) error {
			return s.EnsureLicenses(ctx, fakeCustomer, ciProduct, ciSKU, []string{user}, nil)[0].Err
		}, opCall{"licensing.EnsureLicenses", list}},
		{"EnsureLicensesWith, an item's insert", insert, func(ctx context.Context, s *licensing.Service, user string) error {
			return s.EnsureLicensesWith(ctx, fakeCustomer, ciProduct, ciSKU, []string{user}, nil, nil)[0].Err
		}, opCall{"licensing.EnsureLicensesWith", insert}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, nil)
			e.srv.Fail(fake.Fault{Method: tt.method, Status: 403, Reason: "forbidden"})
			err := tt.call(t.Context(), e.svc, e.users[0])
			var re *resellerkit.Error
			if !errors.As(err, &re) {
				t.Fatalf("err = %v (%T), want a *resellerkit.Error", err, err)
			}
			if diff := cmp.Diff(tt.want, opCall{re.Op, re.Call}); diff != "" {
				t.Errorf("Op and Call mismatch (-want +got):\n%s\nerror: %v", diff, err)
			}
			if re.Kind != resellerkit.KindPermissionDenied || re.Status != 403 {
				t.Errorf("classification lost: %v", err)
			}
		})
	}
}
