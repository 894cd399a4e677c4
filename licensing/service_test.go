package licensing_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/api/googleapi"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/fake/faketest"
	"github.com/resellerkit/resellerkit/internal/errs"
	"github.com/resellerkit/resellerkit/licensing"
)

// noRetry is a Conn option that sends every request once, so a fault's
// answer reaches the Service as Google sent it.
var noRetry = resellerkit.WithRetry(resellerkit.RetryPolicy{MaxAttempts: 1})

func TestGoogleConditionAnswers(t *testing.T) {
	t.Parallel()
	// Google's 412 conditionNotMet answers differ only by message; the
	// service turns each into its domain error (L1, L2, S4). The fake
	// answers the ones it cannot reach by state (automatic licensing, the
	// 500 Google has been seen to send) through a fault on insert.
	tests := []struct {
		name     string
		fault    fake.Fault
		wantIs   error
		wantKind resellerkit.Kind
	}{
		{"L2 duplicate", fake.Fault{Status: 412, Reason: "conditionNotMet", Message: "User already has a license for the specified product and SKU"}, licensing.ErrAlreadyAssigned, resellerkit.KindAlreadyExists},
		{"L1 other SKU", fake.Fault{Status: 412, Reason: "conditionNotMet", Message: "User already has a license of the product, but with a different SKU. To reassign a license to a different SKU, use the 'update' operation."}, licensing.ErrOtherSKU, resellerkit.KindFailedPrecondition},
		{"S4 no seats", fake.Fault{Status: 412, Reason: "conditionNotMet", Message: "There aren't enough available licenses for the specified product-SKU pair"}, licensing.ErrNoSeats, resellerkit.KindFailedPrecondition},
		{"auto switch", fake.Fault{Status: 412, Reason: "conditionNotMet", Message: "Auto License switching is not allowed."}, licensing.ErrAutoLicensed, resellerkit.KindFailedPrecondition},
		{"auto removal", fake.Fault{Status: 412, Reason: "conditionNotMet", Message: "Auto License un-assignment is not allowed."}, licensing.ErrAutoLicensed, resellerkit.KindFailedPrecondition},
		{"500 with conditionNotMet", fake.Fault{Status: 500, Reason: "conditionNotMet", Message: "User already has a license of the product, but with a different SKU."}, licensing.ErrOtherSKU, resellerkit.KindFailedPrecondition},
		{"other 412 stays", fake.Fault{Status: 412, Reason: "conditionNotMet", Message: "For reassign operations, the new SKU should be different from the old SKU"}, resellerkit.ErrFailedPrecondition, resellerkit.KindFailedPrecondition},
		{"reason decides, not message", fake.Fault{Status: 400, Reason: "invalid", Message: "User already has a license for the specified product and SKU"}, resellerkit.ErrInvalidArgument, resellerkit.KindInvalidArgument},
		{"503 stays", fake.Fault{Status: 503, Reason: "backendError", Message: "The License Manager service is not available."}, resellerkit.ErrUnavailable, resellerkit.KindUnavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnvConn(t, noRetry)
			f := tt.fault
			f.Method = "licensing.licenseAssignments.insert"
			e.srv.Fail(f)
			_, err := e.svc.Assign(t.Context(), gws, licensing.SKUBusinessStarter, e.users[0])
			if !errors.Is(err, tt.wantIs) || resellerkit.KindOf(err) != tt.wantKind {
				t.Fatalf("Assign error = %v (kind %v); want %v of kind %v", err, resellerkit.KindOf(err), tt.wantIs, tt.wantKind)
			}
			var ge *googleapi.Error
			if !errors.As(err, &ge) {
				t.Errorf("Google's error is no longer reachable with errors.As: %v", err)
			}
			var re *resellerkit.Error
			if !errors.As(err, &re) || re.Op != "licensing.Assign" || re.Call != "licensing.licenseAssignments.insert" {
				t.Errorf("error %v lacks Op licensing.Assign and Call licensing.licenseAssignments.insert", err)
			}
		})
	}
}

// newEnvConn is newEnv (default seats, no license) with extra Conn options.
func newEnvConn(t *testing.T, opts ...resellerkit.Option) *env {
	t.Helper()
	e := newEnv(t, nil)
	conn, err := e.srv.Conn(t.Context(), fakeAdmin, opts...)
	if err != nil {
		t.Fatal(err)
	}
	if e.svc, err = licensing.New(conn, licensing.WithSeatSource(staticSeats(tenantSeats(nil, nil)))); err != nil {
		t.Fatal(err)
	}
	e.conn = conn
	return e
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

func TestNew(t *testing.T) {
	t.Parallel()
	w, _ := newWorld(t, 0, nil)
	srv := faketest.NewServer(t, w, fake.WithoutListener())
	conn, err := srv.Conn(t.Context(), fakeAdmin)
	if err != nil {
		t.Fatal(err)
	}
	// Options are checked by New, eagerly: an invalid one is an error
	// naming it, never a Service that fails later.
	tests := []struct {
		name  string
		conn  *resellerkit.Conn
		opts  []licensing.Option
		field string
	}{
		{"nil conn", nil, nil, "conn"},
		{"page size 0", conn, []licensing.Option{licensing.WithPageSize(0)}, "licensing.WithPageSize"},
		{"page size too big", conn, []licensing.Option{licensing.WithPageSize(licensing.MaxPageSize + 1)}, "licensing.WithPageSize"},
		{"nil seat source", conn, []licensing.Option{licensing.WithSeatSource(nil)}, "licensing.WithSeatSource"},
		{"negative await timeout", conn, []licensing.Option{licensing.WithAwait(resellerkit.AwaitPolicy{Timeout: -1})}, "licensing.WithAwait"},
		{"negative await interval", conn, []licensing.Option{licensing.WithAwait(resellerkit.AwaitPolicy{Interval: -1})}, "licensing.WithAwait"},
		{"nil option", conn, []licensing.Option{licensing.WithPageSize(5), nil}, "opts[1]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := licensing.New(tt.conn, tt.opts...)
			var fe *resellerkit.FieldError
			if s != nil || !errors.As(err, &fe) || resellerkit.KindOf(err) != resellerkit.KindInvalidArgument {
				t.Fatalf("New = %v, %v; want no Service and an invalid-argument FieldError", s, err)
			}
			if fe.Field != tt.field {
				t.Errorf("field = %q, want %q", fe.Field, tt.field)
			}
			var re *resellerkit.Error
			if !errors.As(err, &re) || re.Op != "licensing.New" {
				t.Errorf("error %v lacks Op licensing.New", err)
			}
		})
	}
	t.Run("valid options", func(t *testing.T) {
		t.Parallel()
		if _, err := licensing.New(conn, licensing.WithPageSize(1), licensing.WithPageSize(licensing.MaxPageSize), licensing.WithSeatSource(licensing.StaticSeats{}), licensing.WithAwait(resellerkit.AwaitPolicy{})); err != nil {
			t.Errorf("New with valid options: %v", err)
		}
	})
}

func TestInvalidArguments(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	s := e.svc
	ctx := t.Context()
	ana := e.users[0]
	tests := []struct {
		name  string
		call  func() error
		field string
	}{
		{"empty user", func() error { _, err := s.Get(ctx, ciProduct, ciSKU, ""); return err }, "userKey"},
		{"user with space", func() error { _, err := s.Assign(ctx, ciProduct, ciSKU, "ana @x"); return err }, "userKey"},
		{"slash in SKU", func() error { _, err := s.Get(ctx, ciProduct, "1/2", ana); return err }, "sku"},
		{"empty product", func() error { return s.Revoke(ctx, "", ciSKU, ana) }, "product"},
		{"empty customer in Ensure", func() error { _, _, err := s.Ensure(ctx, "", ciProduct, ciSKU, ana, nil); return err }, "customer"},
		{"same SKU change", func() error {
			_, err := s.ChangeSKU(ctx, gws, licensing.SKUBusinessPlus, licensing.SKUBusinessPlus, ana)
			return err
		}, "to"},
		{"empty customer in list", func() error {
			_, err := s.ListPage(ctx, "", gws, nil, resellerkit.PageRequest{})
			return err
		}, "customer"},
		{"bad list SKU", func() error {
			_, err := s.ListPage(ctx, e.customer, gws, &licensing.ListOptions{SKU: " "}, resellerkit.PageRequest{})
			return err
		}, "ListOptions.SKU"},
		{"negative page size", func() error {
			_, err := s.ListPage(ctx, e.customer, gws, nil, resellerkit.PageRequest{Size: -1})
			return err
		}, "PageRequest.Size"},
		{"negative need", func() error { _, err := s.CheckSeats(ctx, e.customer, ciProduct, ciSKU, -1); return err }, "need"},
		{"negative concurrency", func() error {
			return s.EnsureLicenses(ctx, e.customer, ciProduct, ciSKU, []string{ana}, &resellerkit.BulkOptions{Concurrency: -1})[0].Err
		}, "BulkOptions.Concurrency"},
		{"bulk empty SKU", func() error { return s.EnsureLicenses(ctx, e.customer, ciProduct, "", []string{ana}, nil)[0].Err }, "sku"},
		{"bulk empty key", func() error { return s.EnsureLicenses(ctx, e.customer, ciProduct, ciSKU, []string{""}, nil)[0].Err }, "userKey"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
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
	// The listing of the bulk job whose only key is empty is the one call
	// that may reach Google; nothing else may.
	reqs := e.srv.Requests()
	if n := len(reqs) - countMethod(reqs, "licensing.licenseAssignments.listForProduct"); n != 0 || len(reqs) > 1 {
		t.Errorf("invalid calls reached Google: %v", reqs)
	}
	t.Run("uninitialised service", func(t *testing.T) {
		for name, s := range map[string]*licensing.Service{"nil": nil, "zero": {}} {
			if _, err := s.Get(ctx, ciProduct, ciSKU, ana); resellerkit.KindOf(err) != resellerkit.KindInvalidArgument || !strings.Contains(err.Error(), "licensing.New") {
				t.Errorf("%s Service Get = %v; want KindInvalidArgument naming licensing.New", name, err)
			}
			for _, err := range s.List(ctx, e.customer, ciProduct, nil) {
				if resellerkit.KindOf(err) != resellerkit.KindInvalidArgument {
					t.Errorf("%s Service List = %v; want KindInvalidArgument", name, err)
				}
			}
			if res := s.EnsureLicenses(ctx, e.customer, ciProduct, ciSKU, []string{ana}, nil); len(res) != 1 || resellerkit.KindOf(res[0].Err) != resellerkit.KindInvalidArgument {
				t.Errorf("%s Service EnsureLicenses = %+v; want one failed item of KindInvalidArgument", name, res)
			}
		}
	})
}

func TestSeatSources(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	failing := licensing.SeatSourceFunc(func(context.Context, string, licensing.ProductID, licensing.SKUID) (licensing.Seats, error) {
		return licensing.Seats{}, errs.Errorf(resellerkit.KindPermissionDenied, "test", "denied")
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
	t.Run("L4 a chain that knows nothing says how to configure a source", func(t *testing.T) {
		t.Parallel()
		_, err := licensing.SeatSources(licensing.StaticSeats{}).Seats(ctx, "C01", ciProduct, ciSKU)
		if resellerkit.KindOf(err) != resellerkit.KindNotFound || !strings.Contains(err.Error(), "WithSeatSource") {
			t.Errorf("Seats = %v; want KindNotFound naming WithSeatSource", err)
		}
	})
}

func TestEnsureSwitchUnknownSKU(t *testing.T) {
	t.Parallel()
	// Rules L1 and L3: a user holding an SKU this package does not know is
	// found through the product listing and switched by an update.
	const unknown licensing.SKUID = "1010020099"
	ana, bo := user(0), user(1)
	seats := tenantSeats(nil, map[licensing.SKU]int{{Product: gws, ID: unknown}: 5, {Product: gws, ID: licensing.SKUBusinessPlus}: 5})
	w, _ := newWorld(t, 2, seats, held{bo, gws, licensing.SKUBusinessPlus}, held{ana, gws, unknown})
	srv := faketest.NewServer(t, w, fake.WithoutListener())
	conn, err := srv.Conn(t.Context(), fakeAdmin)
	if err != nil {
		t.Fatal(err)
	}
	s, err := licensing.New(conn)
	if err != nil {
		t.Fatal(err)
	}
	a, outcome, err := s.Ensure(t.Context(), fakeCustomer, gws, licensing.SKUBusinessStarter, ana, &licensing.EnsureOptions{Switch: true})
	if err != nil || outcome != resellerkit.OutcomeUpdated || a.SKU != licensing.SKUBusinessStarter {
		t.Fatalf("Ensure = %+v, %v, %v; want updated to %s", a, outcome, err, licensing.SKUBusinessStarter)
	}
	reqs := srv.Requests()
	if got := countMethod(reqs, "licensing.licenseAssignments.listForProduct"); got != 1 {
		t.Errorf("listForProduct calls = %d, want 1 (the fallback after a get per known SKU)", got)
	}
	if got, want := countMethod(reqs, "licensing.licenseAssignments.get"), len(licensing.SKUsOf(gws))-1; got != want {
		t.Errorf("get calls = %d, want %d (each known SKU of the product but the wanted one)", got, want)
	}
	if diff := cmp.Diff(map[licensing.ProductID]licensing.SKUID{gws: licensing.SKUBusinessStarter}, heldIn(t, w, ana)); diff != "" {
		t.Errorf("licenses mismatch (-want +got):\n%s", diff)
	}
	// Back to the unknown SKU by ID (L3).
	if _, err := s.ChangeSKU(t.Context(), gws, licensing.SKUBusinessStarter, unknown, ana); err != nil {
		t.Fatalf("ChangeSKU to an unknown SKU: %v", err)
	}
	if diff := cmp.Diff(map[licensing.ProductID]licensing.SKUID{gws: unknown}, heldIn(t, w, ana)); diff != "" {
		t.Errorf("licenses after ChangeSKU mismatch (-want +got):\n%s", diff)
	}
}

func TestRevokeAutoLicensed(t *testing.T) {
	t.Parallel()
	// The fake does not license users automatically (Google's site-based
	// Cloud Identity licensing); Google's answer to removing such a license
	// comes from a fault.
	e := newEnv(t, nil, held{user(0), ciProduct, ciSKU})
	e.srv.Fail(fake.Fault{Method: "licensing.licenseAssignments.delete", Status: 412, Reason: "conditionNotMet", Message: "Auto License un-assignment is not allowed."})
	err := e.svc.Revoke(t.Context(), ciProduct, ciSKU, user(0))
	if !errors.Is(err, licensing.ErrAutoLicensed) || !strings.Contains(err.Error(), "site-based") {
		t.Errorf("Revoke of an automatic license = %v; want ErrAutoLicensed explaining site-based licensing", err)
	}
	if diff := cmp.Diff(map[licensing.ProductID]licensing.SKUID{ciProduct: ciSKU}, e.held(t, user(0))); diff != "" {
		t.Errorf("licenses mismatch (-want +got):\n%s", diff)
	}
}

func TestEnsureLicensesCalls(t *testing.T) {
	t.Parallel()
	const (
		list   = "licensing.licenseAssignments.listForProduct"
		insert = "licensing.licenseAssignments.insert"
	)
	// One listing, then one insert per missing license; a second run is the
	// listing alone.
	all := tenantSeats(nil, nil)
	w, users := newWorld(t, 10, all, held{user(0), ciProduct, ciSKU})
	srv := faketest.NewServer(t, w, fake.WithoutListener())
	conn, err := srv.Conn(t.Context(), fakeAdmin)
	if err != nil {
		t.Fatal(err)
	}
	s, err := licensing.New(conn, licensing.WithPageSize(3))
	if err != nil {
		t.Fatal(err)
	}
	s.EnsureLicenses(t.Context(), fakeCustomer, ciProduct, ciSKU, users, nil)
	if got := [2]int{countMethod(srv.Requests(), list), countMethod(srv.Requests(), insert)}; got != [2]int{1, 9} {
		t.Errorf("first run (list, insert) calls = %v, want [1 9]", got)
	}
	s.EnsureLicenses(t.Context(), fakeCustomer, ciProduct, ciSKU, users, nil)
	if got := [2]int{countMethod(srv.Requests(), list), countMethod(srv.Requests(), insert)}; got != [2]int{5, 9} {
		t.Errorf("after second run (list, insert) calls = %v, want [5 9] (4 pages of 3, no insert)", got)
	}

	t.Run("listing failure fails every item before any write", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, nil)
		e.srv.Fail(fake.Fault{Method: list, Status: 403, Reason: "forbidden", Message: "Not Authorized to access this resource/api"})
		res := e.svc.EnsureLicenses(t.Context(), e.customer, ciProduct, ciSKU, e.users, nil)
		if len(res) != len(e.users) {
			t.Fatalf("%d results, want %d", len(res), len(e.users))
		}
		for _, r := range res {
			if r.Outcome != resellerkit.OutcomeFailed || resellerkit.KindOf(r.Err) != resellerkit.KindPermissionDenied {
				t.Errorf("%s: %v, %v; want failed with the listing's KindPermissionDenied", r.UserKey, r.Outcome, r.Err)
			}
		}
		if n := e.calls(insert); n != 0 {
			t.Errorf("%d inserts after a failed listing, want 0", n)
		}
	})
	t.Run("canceled context skips items", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, nil)
		ctx, cancel := context.WithCancel(t.Context())
		// The listing runs, then the context ends before the items start.
		res := e.svc.EnsureLicensesWith(ctx, e.customer, ciProduct, ciSKU, e.users, nil, &resellerkit.BulkOptions{
			Concurrency: 1,
			OnProgress:  func(resellerkit.Progress) { cancel() },
		})
		if len(res) != len(e.users) {
			t.Fatalf("%d results, want %d", len(res), len(e.users))
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
