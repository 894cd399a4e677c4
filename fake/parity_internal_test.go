package fake

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	admin "google.golang.org/api/admin/directory/v1"
	"google.golang.org/api/googleapi"
	"google.golang.org/api/option"
)

// TestGoogleErrorParity checks that an operation's *APIError, converted for
// a direct backend, equals what the generated client decodes from the
// Server's answer to the same call, so errors classify alike both ways.
func TestGoogleErrorParity(t *testing.T) {
	t.Parallel()
	w, err := NewWorld(DemoSeed())
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewServer(w)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	as := "admin@" + DemoAlderDomain
	tok, _ := w.TokenFor(as)
	svc, err := admin.NewService(t.Context(), option.WithEndpoint(s.URL()), option.WithHTTPClient(s.HTTPClient(tok)))
	if err != nil {
		t.Fatal(err)
	}
	anaID, _ := w.UserID("ana@" + DemoAlderDomain)
	raID, _ := w.RoleID(DemoAlderCustomerID, RoleResellerAdmin)
	tests := []struct {
		name   string
		direct func() *APIError
		http   func() error
	}{
		{"404", func() *APIError { _, e := w.getUser(as, "x@"+DemoAlderDomain); return e },
			func() error { _, err := svc.Users.Get("x@" + DemoAlderDomain).Do(); return err }},
		{"403", func() *APIError { _, e := w.getUser(as, "admin@"+DemoBirchDomain); return e },
			func() error { _, err := svc.Users.Get("admin@" + DemoBirchDomain).Do(); return err }},
		{"500 role assignment exists", func() *APIError {
			_, e := w.insertRoleAssignment(as, "my_customer", &admin.RoleAssignment{RoleId: raID, AssignedTo: anaID, ScopeType: "CUSTOMER"})
			return e
		}, func() error {
			_, err := svc.RoleAssignments.Insert("my_customer", &admin.RoleAssignment{RoleId: raID, AssignedTo: anaID, ScopeType: "CUSTOMER"}).Do()
			return err
		}},
		{"400 roleId with userKey", func() *APIError {
			_, e := w.listRoleAssignments(as, "my_customer", assignmentsQuery{RoleID: "1", UserKey: anaID})
			return e
		}, func() error {
			_, err := svc.RoleAssignments.List("my_customer").RoleId("1").UserKey(anaID).Do()
			return err
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := tc.direct()
			if e == nil {
				t.Fatal("the direct call succeeded")
			}
			var direct, overHTTP *googleapi.Error
			if !errors.As(e.Err(), &direct) || !errors.As(tc.http(), &overHTTP) {
				t.Fatal("not *googleapi.Error")
			}
			opt := cmpopts.IgnoreFields(googleapi.Error{}, "Header", "Body", "Details", "err")
			if diff := cmp.Diff(overHTTP, direct, opt); diff != "" {
				t.Errorf("direct error differs from HTTP (-http +direct):\n%s", diff)
			}
		})
	}
	var nilErr *APIError
	if nilErr.Err() != nil {
		t.Errorf("a nil *APIError's Err is not nil")
	}
}

func TestInjectFault(t *testing.T) {
	t.Parallel()
	w, _ := NewWorld(Seed{})
	w.Fail(Fault{Method: "directory.users.get", Status: http.StatusServiceUnavailable, Count: 1})
	if e := w.injectFault(t.Context(), "directory.users.list"); e != nil {
		t.Errorf("another method got %v", e)
	}
	if e := w.injectFault(t.Context(), "directory.users.get"); e == nil || e.Code != 503 || e.Reason != "backendError" {
		t.Errorf("injectFault = %v, want 503 backendError", e)
	}
	if e := w.injectFault(t.Context(), "directory.users.get"); e != nil || w.FaultsPending() != 0 {
		t.Errorf("the Count 1 fault fired twice or stayed: %v, %d", e, w.FaultsPending())
	}
	remove := w.Fail(Fault{Method: "*", Latency: time.Hour})
	defer remove()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Millisecond)
	defer cancel()
	if e := w.injectFault(ctx, "licensing.licenseAssignments.get"); e == nil {
		t.Errorf("a canceled wait returned no error")
	}
}
