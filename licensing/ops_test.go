package licensing_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/fake/faketest"
	"github.com/resellerkit/resellerkit/licensing"
)

// TestErrorsNameOperationAndCall: an error from Google names the SDK
// operation the caller called (Op, "licensing.Method") and the Google
// method that failed (Call), whatever inner step made the call, over the
// direct backend and over HTTP alike.
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
			_, err := s.Ensure(ctx, fakeCustomer, ciProduct, ciSKU, user, nil)
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
			_, err := s.EnsureLicenses(ctx, fakeCustomer, ciProduct, ciSKU, []string{user}, nil)
			return err
		}, opCall{"licensing.EnsureLicenses", list}},
		{"EnsureLicensesWith, an item's insert", insert, func(ctx context.Context, s *licensing.Service, user string) error {
			res, err := s.EnsureLicensesWith(ctx, fakeCustomer, ciProduct, ciSKU, []string{user}, nil, nil)
			if err != nil {
				return err
			}
			return res[0].Err
		}, opCall{"licensing.EnsureLicensesWith", insert}},
	}
	for _, way := range []string{"direct", "http"} {
		for _, tt := range tests {
			t.Run(way+"/"+tt.name, func(t *testing.T) {
				t.Parallel()
				w, users := fakeWorld(t, 1, nil)
				s := licensing.NewWithBackend(w.Licensing(fakeAdmin))
				if way == "http" {
					conn, err := faketest.NewServer(t, w).Conn(t.Context(), fakeAdmin)
					if err != nil {
						t.Fatal(err)
					}
					s = licensing.New(conn, licensing.WithSeatSource(w.LicensingSeats()))
				}
				w.Fail(fake.Fault{Method: tt.method, Status: 403, Reason: "forbidden"})
				err := tt.call(t.Context(), s, users[0])
				var e *resellerkit.Error
				if !errors.As(err, &e) {
					t.Fatalf("err = %v (%T), want a *resellerkit.Error", err, err)
				}
				if diff := cmp.Diff(tt.want, opCall{e.Op, e.Call}); diff != "" {
					t.Errorf("Op and Call mismatch (-want +got):\n%s\nerror: %v", diff, err)
				}
				if e.Kind != resellerkit.KindPermissionDenied || e.Status != 403 {
					t.Errorf("classification lost: %v", err)
				}
			})
		}
	}
}
