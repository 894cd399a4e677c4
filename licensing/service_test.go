package licensing_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/api/googleapi"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/licensing"
)

// errBackend answers every call with one error, to check how the service
// reads Google's answers.
type errBackend struct{ err error }

func (b errBackend) GetAssignment(context.Context, licensing.ProductID, licensing.SKUID, string) (licensing.Assignment, error) {
	return licensing.Assignment{}, b.err
}

func (b errBackend) InsertAssignment(context.Context, licensing.ProductID, licensing.SKUID, string) (licensing.Assignment, error) {
	return licensing.Assignment{}, b.err
}

func (b errBackend) PatchAssignment(context.Context, licensing.ProductID, licensing.SKUID, string, licensing.SKUID) (licensing.Assignment, error) {
	return licensing.Assignment{}, b.err
}

func (b errBackend) DeleteAssignment(context.Context, licensing.ProductID, licensing.SKUID, string) error {
	return b.err
}

func (b errBackend) ListAssignments(context.Context, string, licensing.ProductID, licensing.SKUID, resellerkit.PageRequest) (resellerkit.Page[licensing.Assignment], error) {
	return resellerkit.Page[licensing.Assignment]{}, b.err
}

func TestGoogleConditionAnswers(t *testing.T) {
	t.Parallel()
	// Google's 412 conditionNotMet answers differ only by message; the
	// service turns each into its domain error (L1, L2, S4).
	tests := []struct {
		name     string
		err      error
		wantIs   error
		wantKind resellerkit.Kind
	}{
		{"L2 duplicate", gerr(412, "conditionNotMet", "User already has a license for the specified product and SKU"), licensing.ErrAlreadyAssigned, resellerkit.KindAlreadyExists},
		{"L1 other SKU", gerr(412, "conditionNotMet", "User already has a license of the product, but with a different SKU. To reassign a license to a different SKU, use the 'update' operation."), licensing.ErrOtherSKU, resellerkit.KindFailedPrecondition},
		{"S4 no seats", gerr(412, "conditionNotMet", "There aren't enough available licenses for the specified product-SKU pair"), licensing.ErrNoSeats, resellerkit.KindFailedPrecondition},
		{"auto switch", gerr(412, "conditionNotMet", "Auto License switching is not allowed."), licensing.ErrAutoLicensed, resellerkit.KindFailedPrecondition},
		{"auto removal", gerr(412, "conditionNotMet", "Auto License un-assignment is not allowed."), licensing.ErrAutoLicensed, resellerkit.KindFailedPrecondition},
		{"500 with conditionNotMet", gerr(500, "conditionNotMet", "User already has a license of the product, but with a different SKU."), licensing.ErrOtherSKU, resellerkit.KindFailedPrecondition},
		{"other 412 stays", gerr(412, "conditionNotMet", "For reassign operations, the new SKU should be different from the old SKU"), resellerkit.ErrFailedPrecondition, resellerkit.KindFailedPrecondition},
		{"reason decides, not message", gerr(400, "invalid", "User already has a license for the specified product and SKU"), resellerkit.ErrInvalidArgument, resellerkit.KindInvalidArgument},
		{"503 stays", gerr(503, "backendError", "The License Manager service is not available."), resellerkit.ErrUnavailable, resellerkit.KindUnavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := licensing.NewWithBackend(errBackend{tt.err})
			_, err := s.Assign(t.Context(), licensing.ProductGoogleWorkspace, licensing.SKUBusinessStarter, "ana@reseller.example")
			if !errors.Is(err, tt.wantIs) || resellerkit.KindOf(err) != tt.wantKind {
				t.Fatalf("Assign error = %v (kind %v); want %v of kind %v", err, resellerkit.KindOf(err), tt.wantIs, tt.wantKind)
			}
			var ge *googleapi.Error
			if !errors.As(err, &ge) {
				t.Errorf("Google's error is no longer reachable with errors.As: %v", err)
			}
			var re *resellerkit.Error
			if !errors.As(err, &re) || re.Op != "licensing.Assign" {
				t.Errorf("error %v lacks Op licensing.Assign", err)
			}
		})
	}
	t.Run("S4 message names the SKU and the remedy", func(t *testing.T) {
		t.Parallel()
		s := licensing.NewWithBackend(errBackend{gerr(412, "conditionNotMet", "There aren't enough available licenses for the specified product-SKU pair")})
		_, err := s.Ensure(t.Context(), "C01", licensing.ProductCloudIdentityFree, licensing.SKUCloudIdentityFree, "ana@reseller.example", nil)
		msg := err.Error()
		for _, want := range []string{"no free seat", "Cloud Identity Free (101001/1010010001)", "super admin", "request more seats", "Billing", "Google support"} {
			if !strings.Contains(msg, want) {
				t.Errorf("message %q lacks %q", msg, want)
			}
		}
	})
}

func TestSentinelClasses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err, class error
	}{
		{licensing.ErrNoSeats, resellerkit.ErrFailedPrecondition},
		{licensing.ErrOtherSKU, resellerkit.ErrFailedPrecondition},
		{licensing.ErrAutoLicensed, resellerkit.ErrFailedPrecondition},
		{licensing.ErrAlreadyAssigned, resellerkit.ErrAlreadyExists},
	}
	for _, tt := range tests {
		if !errors.Is(tt.err, tt.class) {
			t.Errorf("errors.Is(%v, %v) = false", tt.err, tt.class)
		}
	}
}

func TestInvalidArguments(t *testing.T) {
	t.Parallel()
	m := newMem("C01", "ana@reseller.example")
	s := licensing.NewWithBackend(m)
	ctx := t.Context()
	tests := []struct {
		name  string
		call  func() error
		field string
	}{
		{"empty user", func() error { _, err := s.Get(ctx, ciProduct, ciSKU, ""); return err }, "userKey"},
		{"user with space", func() error { _, err := s.Assign(ctx, ciProduct, ciSKU, "ana @x"); return err }, "userKey"},
		{"slash in SKU", func() error { _, err := s.Get(ctx, ciProduct, "1/2", "ana@reseller.example"); return err }, "sku"},
		{"empty product", func() error { return s.Revoke(ctx, "", ciSKU, "ana@reseller.example") }, "product"},
		{"empty customer in Ensure", func() error { _, err := s.Ensure(ctx, "", ciProduct, ciSKU, "ana@reseller.example", nil); return err }, "customer"},
		{"same SKU change", func() error {
			_, err := s.ChangeSKU(ctx, gws, licensing.SKUBusinessPlus, licensing.SKUBusinessPlus, "ana@reseller.example")
			return err
		}, "to"},
		{"empty customer in list", func() error { _, err := s.ListPage(ctx, "", gws, nil, ""); return err }, "customer"},
		{"bad list SKU", func() error { _, err := s.ListPage(ctx, "C01", gws, &licensing.ListOptions{SKU: " "}, ""); return err }, "ListOptions.SKU"},
		{"negative need", func() error { _, err := s.CheckSeats(ctx, "C01", ciProduct, ciSKU, -1); return err }, "need"},
		{"negative concurrency", func() error {
			_, err := s.EnsureLicenses(ctx, "C01", ciProduct, ciSKU, []string{"ana@reseller.example"}, &resellerkit.BulkOptions{Concurrency: -1})
			return err
		}, "BulkOptions.Concurrency"},
		{"bulk empty SKU", func() error { _, err := s.EnsureLicenses(ctx, "C01", ciProduct, "", nil, nil); return err }, "sku"},
		{"page size 0", func() error {
			_, err := licensing.NewWithBackend(m, licensing.WithPageSize(0)).Get(ctx, ciProduct, ciSKU, "ana@reseller.example")
			return err
		}, "licensing.WithPageSize"},
		{"page size too big", func() error {
			_, err := licensing.NewWithBackend(m, licensing.WithPageSize(1001)).Get(ctx, ciProduct, ciSKU, "ana@reseller.example")
			return err
		}, "licensing.WithPageSize"},
		{"nil seat source", func() error {
			_, err := licensing.NewWithBackend(m, licensing.WithSeatSource(nil)).SeatUsage(ctx, "C01", ciProduct, ciSKU)
			return err
		}, "licensing.WithSeatSource"},
		{"nil option", func() error {
			_, err := licensing.NewWithBackend(m, nil).Get(ctx, ciProduct, ciSKU, "ana@reseller.example")
			return err
		}, "opts[0]"},
		{"nil backend", func() error {
			_, err := licensing.NewWithBackend(nil).Get(ctx, ciProduct, ciSKU, "ana@reseller.example")
			return err
		}, "b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.call()
			var fe *resellerkit.FieldError
			if !errors.As(err, &fe) || resellerkit.KindOf(err) != resellerkit.KindInvalidArgument {
				t.Fatalf("error = %v; want an invalid-argument FieldError", err)
			}
			if fe.Field != tt.field {
				t.Errorf("field = %q, want %q", fe.Field, tt.field)
			}
		})
	}
	if n := m.Calls("get") + m.Calls("insert") + m.Calls("patch") + m.Calls("delete") + m.Calls("list"); n != 0 {
		t.Errorf("invalid calls reached the backend %d times", n)
	}
	t.Run("nil service", func(t *testing.T) {
		t.Parallel()
		var s *licensing.Service
		if _, err := s.Get(ctx, ciProduct, ciSKU, "ana@reseller.example"); resellerkit.KindOf(err) != resellerkit.KindInvalidArgument {
			t.Errorf("nil Service Get = %v; want KindInvalidArgument", err)
		}
		for _, err := range s.List(ctx, "C01", ciProduct, nil) {
			if resellerkit.KindOf(err) != resellerkit.KindInvalidArgument {
				t.Errorf("nil Service List = %v; want KindInvalidArgument", err)
			}
		}
	})
}

func TestSeatSources(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	failing := licensing.SeatSourceFunc(func(context.Context, string, licensing.ProductID, licensing.SKUID) (licensing.Seats, error) {
		return licensing.Seats{}, resellerkit.Errorf(resellerkit.KindPermissionDenied, "test", "denied")
	})
	static := licensing.StaticSeats{ciSKU: 50}
	tests := []struct {
		name     string
		src      licensing.SeatSource
		sku      licensing.SKUID
		want     licensing.Seats
		wantKind resellerkit.Kind
	}{
		{"static knows", static, ciSKU, licensing.Seats{Total: 50, Source: "configured"}, resellerkit.KindUnknown},
		{"static does not know", static, licensing.SKUBusinessPlus, licensing.Seats{}, resellerkit.KindNotFound},
		{"chain skips the ignorant", licensing.SeatSources(licensing.StaticSeats{}, nil, static), ciSKU, licensing.Seats{Total: 50, Source: "configured"}, resellerkit.KindUnknown},
		{"chain stops at a failure", licensing.SeatSources(failing, static), ciSKU, licensing.Seats{}, resellerkit.KindPermissionDenied},
		{"empty chain", licensing.SeatSources(), ciSKU, licensing.Seats{}, resellerkit.KindNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := tt.src.Seats(ctx, "C01", licensing.ProductCloudIdentityFree, tt.sku)
			if resellerkit.KindOf(err) != tt.wantKind {
				t.Fatalf("Seats error = %v; want kind %v", err, tt.wantKind)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Seats mismatch (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("L4 no seat source says how to configure one", func(t *testing.T) {
		t.Parallel()
		s := licensing.NewWithBackend(errBackend{}) // not a SeatSource
		_, err := s.SeatUsage(ctx, "C01", ciProduct, ciSKU)
		if resellerkit.KindOf(err) != resellerkit.KindNotFound || !strings.Contains(err.Error(), "WithSeatSource") {
			t.Errorf("SeatUsage without a source = %v; want KindNotFound naming WithSeatSource", err)
		}
	})
	t.Run("L4 WithSeatSource overrides the backend's", func(t *testing.T) {
		t.Parallel()
		m := newMem("C01", "ana@reseller.example")
		m.seats[ciSKU] = 3
		s := licensing.NewWithBackend(m, licensing.WithSeatSource(licensing.StaticSeats{ciSKU: 9}))
		u, err := s.SeatUsage(ctx, "C01", ciProduct, ciSKU)
		if err != nil || u.Available != 9 || u.Source != "configured" {
			t.Errorf("SeatUsage = %+v, %v; want 9 from the configured source", u, err)
		}
	})
}

func TestEnsureSwitchUnknownSKU(t *testing.T) {
	t.Parallel()
	// Rules L1 and L3: a user holding an SKU this package does not know is
	// found through the product listing and switched by an update.
	const unknown licensing.SKUID = "1010020099"
	m := newMem("C01", "ana@reseller.example", "bo@reseller.example")
	m.setHolds("bo@reseller.example", gws, licensing.SKUBusinessPlus)
	m.setHolds("ana@reseller.example", gws, unknown)
	s := licensing.NewWithBackend(m)
	r, err := s.Ensure(t.Context(), "C01", gws, licensing.SKUBusinessStarter, "ana@reseller.example", &licensing.EnsureOptions{Switch: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.Outcome != resellerkit.OutcomeUpdated || r.PreviousSKU != unknown {
		t.Errorf("Ensure = %v from %q; want updated from %q", r.Outcome, r.PreviousSKU, unknown)
	}
	if m.Calls("list") != 1 {
		t.Errorf("list calls = %d, want 1 (the fallback)", m.Calls("list"))
	}
	if diff := cmp.Diff(map[licensing.ProductID]licensing.SKUID{gws: licensing.SKUBusinessStarter}, m.held("ana@reseller.example")); diff != "" {
		t.Errorf("licenses mismatch (-want +got):\n%s", diff)
	}
	// Back to the unknown SKU by ID (L3).
	if _, err := s.ChangeSKU(t.Context(), gws, licensing.SKUBusinessStarter, unknown, "ana@reseller.example"); err != nil {
		t.Fatalf("ChangeSKU to an unknown SKU: %v", err)
	}
}

func TestRevokeAutoLicensed(t *testing.T) {
	t.Parallel()
	m := newMem("C01", "ana@reseller.example")
	m.setHolds("ana@reseller.example", ciProduct, ciSKU)
	m.auto["ana@reseller.example"] = true
	err := licensing.NewWithBackend(m).Revoke(t.Context(), ciProduct, ciSKU, "ana@reseller.example")
	if !errors.Is(err, licensing.ErrAutoLicensed) || !strings.Contains(err.Error(), "site-based") {
		t.Errorf("Revoke of an automatic license = %v; want ErrAutoLicensed explaining site-based licensing", err)
	}
}

func TestEnsureLicensesCalls(t *testing.T) {
	t.Parallel()
	// One listing, then one insert per missing license; a second run is the
	// listing alone.
	var users []string
	for _, c := range "abcdefghij" {
		users = append(users, string(c)+"@reseller.example")
	}
	m := newMem("C01", users...)
	m.setHolds(users[0], ciProduct, ciSKU)
	s := licensing.NewWithBackend(m, licensing.WithPageSize(3))
	if _, err := s.EnsureLicenses(t.Context(), "C01", ciProduct, ciSKU, users, nil); err != nil {
		t.Fatal(err)
	}
	if got := [2]int{m.Calls("list"), m.Calls("insert")}; got != [2]int{1, 9} {
		t.Errorf("first run (list, insert) calls = %v, want [1 9]", got)
	}
	if _, err := s.EnsureLicenses(t.Context(), "C01", ciProduct, ciSKU, users, nil); err != nil {
		t.Fatal(err)
	}
	if got := [2]int{m.Calls("list"), m.Calls("insert")}; got != [2]int{5, 9} {
		t.Errorf("after second run (list, insert) calls = %v, want [5 9] (4 pages of 3, no insert)", got)
	}
	t.Run("listing failure stops the job before any write", func(t *testing.T) {
		t.Parallel()
		res, err := licensing.NewWithBackend(errBackend{gerr(403, "forbidden", "Not Authorized")}).
			EnsureLicenses(t.Context(), "C01", ciProduct, ciSKU, users, nil)
		if err == nil || res != nil {
			t.Errorf("EnsureLicenses = %v, %v; want no results and the listing's error", res, err)
		}
	})
	t.Run("canceled context skips items", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(t.Context())
		m := newMem("C01", users...)
		s := licensing.NewWithBackend(m)
		// The listing runs, then the context ends before the items start.
		res, err := s.EnsureLicensesWith(ctx, "C01", ciProduct, ciSKU, users, nil, &resellerkit.BulkOptions{
			Concurrency: 1,
			OnProgress:  func(resellerkit.Progress) { cancel() },
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(res) != len(users) {
			t.Fatalf("%d results, want %d", len(res), len(users))
		}
		for _, r := range res[1:] {
			if r.Outcome == resellerkit.OutcomeFailed && resellerkit.KindOf(r.Err) != resellerkit.KindCanceled {
				t.Errorf("%s failed with %v; want KindCanceled", r.UserKey, r.Err)
			}
		}
		if res[len(res)-1].Outcome != resellerkit.OutcomeFailed {
			t.Errorf("last item ran after cancel: %v", res[len(res)-1].Outcome)
		}
	})
}
