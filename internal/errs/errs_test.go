package errs_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/api/googleapi"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/internal/errs"
)

func envelope(code int, message, reason string) string {
	return fmt.Sprintf(`{"error":{"code":%d,"message":%q,"errors":[{"domain":"global","reason":%q,"message":%q}]}}`, code, message, reason, message)
}

// checkResponse decodes an answer through googleapi.CheckResponse, as the
// generated clients do.
func checkResponse(status int, body string) error {
	h := http.Header{"Content-Type": {"application/json"}}
	return googleapi.CheckResponse(&http.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader(body))})
}

// errorFields is what the tests compare of an *Error.
type errorFields struct {
	Kind       resellerkit.Kind
	Op         string
	Status     int
	Reason     string
	RetryAfter time.Duration
}

func fields(t *testing.T, err error) errorFields {
	t.Helper()
	var e *resellerkit.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not a *resellerkit.Error", err, err)
	}
	return errorFields{e.Kind, e.Op, e.Status, e.Reason, e.RetryAfter}
}

func TestLocalErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"Errorf", errs.Errorf(resellerkit.KindFailedPrecondition, "cases.Update", "closed %d days ago", 31),
			"cases.Update: failed precondition: closed 31 days ago"},
		{"New", errs.New(resellerkit.KindNotFound, "roles.GetRole", errors.New("no such role")),
			"roles.GetRole: not found: no such role"},
		{"Invalid", errs.Invalid("cases.Create", "Case.Title", "is empty; give a title"),
			"cases.Create: invalid argument: Case.Title: is empty; give a title"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
	cause := errors.New("cause")
	if err := errs.New(resellerkit.KindAlreadyExists, "x.Y", cause); !errors.Is(err, cause) || !errors.Is(err, resellerkit.ErrAlreadyExists) {
		t.Errorf("New(kind, op, cause) = %v: want both the cause and the sentinel to match", err)
	}
	if errs.New(resellerkit.KindNotFound, "x", nil) != nil {
		t.Error("New(kind, op, nil) != nil")
	}
	wrapped := errors.New("inner")
	if err := errs.Errorf(resellerkit.KindUnavailable, "x.Y", "reading: %w", wrapped); !errors.Is(err, wrapped) {
		t.Errorf("Errorf lost the %%w cause: %v", err)
	}
	var fe *resellerkit.FieldError
	if err := errs.Invalid("a.B", "F", "r"); !errors.As(err, &fe) || fe.Field != "F" || fe.Reason != "r" || !errors.Is(err, resellerkit.ErrInvalidArgument) {
		t.Errorf("Invalid does not carry its FieldError: %v", err)
	}
}

// TestCallAndForOp checks the two halves of an error's naming (rule W1
// classifies it): google.go names the Google method that answered (Call),
// the service names the SDK operation the caller called (Op), and neither
// loses the classification nor changes an error it was given.
func TestCallAndForOp(t *testing.T) {
	t.Parallel()
	gerr := checkResponse(404, envelope(404, "Resource Not Found: userKey", "notFound"))
	backend := errs.Call("directory.users.get", gerr)
	var e *resellerkit.Error
	if !errors.As(backend, &e) {
		t.Fatalf("Call returned %T", backend)
	}
	if diff := cmp.Diff(errorFields{Kind: resellerkit.KindNotFound, Status: 404, Reason: "notFound"}, fields(t, backend)); diff != "" || e.Call != "directory.users.get" {
		t.Errorf("Call mismatch (-want +got):\n%s; Call = %q", diff, e.Call)
	}
	var ge *googleapi.Error
	if !errors.As(backend, &ge) {
		t.Error("Call lost the *googleapi.Error")
	}

	got := errs.ForOp("domains.EnsureAccount", backend)
	if diff := cmp.Diff(errorFields{Kind: resellerkit.KindNotFound, Op: "domains.EnsureAccount", Status: 404, Reason: "notFound"}, fields(t, got)); diff != "" {
		t.Errorf("ForOp mismatch (-want +got):\n%s", diff)
	}
	if msg := got.Error(); !strings.HasPrefix(msg, "domains.EnsureAccount: not found (directory.users.get: HTTP 404 notFound): ") {
		t.Errorf("message %q does not name both the operation and the Google call", msg)
	}
	if e.Op != "" {
		t.Errorf("ForOp modified its argument: Op = %q", e.Op)
	}
	// An inner operation's name is replaced by the outer one; the call stays.
	inner := errs.ForOp("roles.Privileges", errs.Call("directory.privileges.list", gerr))
	outer := errs.ForOp("roles.EnsureCustomRole", inner)
	if !errors.As(outer, &e) || e.Op != "roles.EnsureCustomRole" || e.Call != "directory.privileges.list" {
		t.Errorf("ForOp over an inner operation = %v", outer)
	}
	if got := errs.ForOp("roles.EnsureCustomRole", outer); got != outer {
		t.Error("ForOp copied an error that already names its operation")
	}

	// Pass-through cases.
	if errs.Call("x.y.z", nil) != nil || errs.ForOp("x.Y", nil) != nil {
		t.Error("nil did not stay nil")
	}
	named := errs.Call("directory.roles.get", gerr)
	if got := errs.Call("directory.roles.list", named); got != named {
		t.Errorf("Call replaced the call of %v", named)
	}
	chained := fmt.Errorf("context: %w", named)
	if errs.Call("a.b.c", chained) != chained || errs.ForOp("a.B", chained) != chained {
		t.Error("a chain holding an *Error below its head was changed")
	}
	plain := errs.ForOp("roles.GetRole", context.Canceled)
	if diff := cmp.Diff(errorFields{Kind: resellerkit.KindCanceled, Op: "roles.GetRole"}, fields(t, plain)); diff != "" {
		t.Errorf("ForOp(context.Canceled) mismatch (-want +got):\n%s", diff)
	}
	if !errors.As(errs.Call("licensing.licenseAssignments.get", io.ErrUnexpectedEOF), &e) || e.Call == "" || e.Kind != resellerkit.KindUnavailable {
		t.Errorf("Call(network error) = %+v", e)
	}
}

// TestPageSize: the one page-size policy of every List…Page method.
func TestPageSize(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		size, def, max, want int
		wantErr              bool
	}{
		{-1, 50, 100, 0, true},
		{0, 50, 100, 50, false},
		{0, 0, 100, 0, false}, // Google chooses
		{1, 50, 100, 1, false},
		{100, 50, 100, 100, false},
		{101, 50, 100, 100, false},
	} {
		got, err := errs.PageSize("x.ListPage", "PageRequest.Size", tt.size, tt.def, tt.max)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("PageSize(%d, def %d, max %d) = %d, %v; want %d, error %v", tt.size, tt.def, tt.max, got, err, tt.want, tt.wantErr)
		}
		if err != nil && !errors.Is(err, resellerkit.ErrInvalidArgument) {
			t.Errorf("PageSize(%d): %v is not an invalid-argument error", tt.size, err)
		}
	}
}
