package resellerkit_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/oauth2"
	"google.golang.org/api/googleapi"

	"github.com/resellerkit/resellerkit"
)

func envelope(code int, message, reason string) string {
	return fmt.Sprintf(`{"error":{"code":%d,"message":%q,"errors":[{"domain":"global","reason":%q,"message":%q}]}}`, code, message, reason, message)
}

// checkResponse decodes an answer through googleapi.CheckResponse, as the
// generated clients do.
func checkResponse(status int, body, retryAfter string) error {
	h := http.Header{"Content-Type": {"application/json"}}
	if retryAfter != "" {
		h.Set("Retry-After", retryAfter)
	}
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

// TestWrapGoogleErrors checks rule W1 as Wrap applies it to the
// *googleapi.Error the generated clients return.
func TestWrapGoogleErrors(t *testing.T) {
	t.Parallel()
	const op = "roles.EnsureAssignment"
	tests := []struct {
		name       string
		status     int
		body       string
		retryAfter string
		want       errorFields
		sentinel   error
		retryable  bool
	}{
		{"W1 400", 400, envelope(400, "Invalid Input: roleId", "invalid"), "",
			errorFields{resellerkit.KindInvalidArgument, op, 400, "invalid", 0}, resellerkit.ErrInvalidArgument, false},
		{"W1 401", 401, envelope(401, "Login Required.", "required"), "",
			errorFields{resellerkit.KindUnauthenticated, op, 401, "required", 0}, resellerkit.ErrUnauthenticated, false},
		{"W1 403 forbidden", 403, envelope(403, "Not Authorized to access this resource/api", "forbidden"), "",
			errorFields{resellerkit.KindPermissionDenied, op, 403, "forbidden", 0}, resellerkit.ErrPermissionDenied, false},
		{"W1 403 domainCannotUseApis", 403, envelope(403, "Domain cannot use apis.", "domainCannotUseApis"), "",
			errorFields{resellerkit.KindPermissionDenied, op, 403, "domainCannotUseApis", 0}, resellerkit.ErrPermissionDenied, false},
		{"W1 403 accessNotConfigured", 403, envelope(403, "Access Not Configured.", "accessNotConfigured"), "",
			errorFields{resellerkit.KindPermissionDenied, op, 403, "accessNotConfigured", 0}, resellerkit.ErrPermissionDenied, false},
		{"W1 403 insufficientPermissions", 403, envelope(403, "Insufficient Permission", "insufficientPermissions"), "",
			errorFields{resellerkit.KindPermissionDenied, op, 403, "insufficientPermissions", 0}, resellerkit.ErrPermissionDenied, false},
		{"W1 403 userRateLimitExceeded", 403, envelope(403, "Quota exceeded for quota metric", "userRateLimitExceeded"), "",
			errorFields{resellerkit.KindRateLimited, op, 403, "userRateLimitExceeded", 0}, resellerkit.ErrRateLimited, true},
		{"W1 403 rateLimitExceeded", 403, envelope(403, "Rate Limit Exceeded", "rateLimitExceeded"), "",
			errorFields{resellerkit.KindRateLimited, op, 403, "rateLimitExceeded", 0}, resellerkit.ErrRateLimited, true},
		{"W1 403 quotaExceeded", 403, envelope(403, "Quota exceeded", "quotaExceeded"), "",
			errorFields{resellerkit.KindRateLimited, op, 403, "quotaExceeded", 0}, resellerkit.ErrRateLimited, true},
		{"W1 404", 404, envelope(404, "Resource Not Found: userKey", "notFound"), "",
			errorFields{resellerkit.KindNotFound, op, 404, "notFound", 0}, resellerkit.ErrNotFound, false},
		{"W1 409 duplicate", 409, envelope(409, "Entity already exists.", "duplicate"), "",
			errorFields{resellerkit.KindAlreadyExists, op, 409, "duplicate", 0}, resellerkit.ErrAlreadyExists, false},
		{"W1 412 conditionNotMet", 412, envelope(412, "User creation is not complete.", "conditionNotMet"), "",
			errorFields{resellerkit.KindFailedPrecondition, op, 412, "conditionNotMet", 0}, resellerkit.ErrFailedPrecondition, false},
		{"W1 429 with Retry-After", 429, envelope(429, "Too Many Requests", "rateLimitExceeded"), "30",
			errorFields{resellerkit.KindRateLimited, op, 429, "rateLimitExceeded", 30 * time.Second}, resellerkit.ErrRateLimited, true},
		{"W1 500 backendError", 500, envelope(500, "Backend Error", "backendError"), "",
			errorFields{resellerkit.KindUnavailable, op, 500, "backendError", 0}, resellerkit.ErrUnavailable, true},
		{"W1 500 internalError", 500, envelope(500, "Internal Error", "internalError"), "",
			errorFields{resellerkit.KindUnavailable, op, 500, "internalError", 0}, resellerkit.ErrUnavailable, true},
		{"W1 500 role assignment exists is a duplicate", 500, envelope(500, "role assignment exists: roleassignment 9, roleid 3", "internalError"), "",
			errorFields{resellerkit.KindAlreadyExists, op, 500, "internalError", 0}, resellerkit.ErrAlreadyExists, false},
		{"W1 502", 502, "<html>Bad Gateway</html>", "",
			errorFields{resellerkit.KindUnavailable, op, 502, "", 0}, resellerkit.ErrUnavailable, true},
		{"W1 503", 503, envelope(503, "The service is currently unavailable.", "backendError"), "5",
			errorFields{resellerkit.KindUnavailable, op, 503, "backendError", 5 * time.Second}, resellerkit.ErrUnavailable, true},
		{"W1 504", 504, "", "",
			errorFields{resellerkit.KindUnavailable, op, 504, "", 0}, resellerkit.ErrUnavailable, true},
		{"501 from the fake", 501, envelope(501, "fake: directory.groups.list is not implemented", "notImplemented"), "",
			errorFields{resellerkit.KindUnsupported, op, 501, "notImplemented", 0}, resellerkit.ErrUnsupported, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			gerr := checkResponse(tt.status, tt.body, tt.retryAfter)
			err := resellerkit.Wrap(op, gerr)
			if diff := cmp.Diff(tt.want, fields(t, err)); diff != "" {
				t.Errorf("Wrap() mismatch (-want +got):\n%s", diff)
			}
			if !errors.Is(err, tt.sentinel) {
				t.Errorf("errors.Is(err, %v) = false", tt.sentinel)
			}
			if got := resellerkit.IsRetryable(err); got != tt.retryable {
				t.Errorf("IsRetryable() = %v, want %v", got, tt.retryable)
			}
			var back *googleapi.Error
			if !errors.As(err, &back) || back != gerr {
				t.Errorf("errors.As(*googleapi.Error) does not reach the original")
			}
		})
	}
}

func TestWrapOtherErrors(t *testing.T) {
	t.Parallel()
	const op = "domains.List"
	reset := &url.Error{Op: "Get", URL: "https://admin.googleapis.com/admin/directory/v1/users?customer=C01&pageToken=abc",
		Err: &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}}
	tokenErr := &url.Error{Op: "Get", URL: "https://admin.googleapis.com/admin/directory/v1/users?customer=C01",
		Err: &oauth2.RetrieveError{Response: &http.Response{StatusCode: 401},
			Body: []byte(`{"error":"unauthorized_client","error_description":"Client is unauthorized to retrieve access tokens using this method."}`)}}
	tests := []struct {
		name     string
		err      error
		want     errorFields
		msgHas   []string
		msgHasnt []string
	}{
		{"context canceled", context.Canceled, errorFields{Kind: resellerkit.KindCanceled, Op: op}, nil, nil},
		{"deadline through url.Error", &url.Error{Op: "Get", URL: "https://x.example/a?b=c", Err: context.DeadlineExceeded},
			errorFields{Kind: resellerkit.KindCanceled, Op: op}, []string{"Get https://x.example"}, []string{"b=c", "/a"}},
		{"connection reset", reset, errorFields{Kind: resellerkit.KindUnavailable, Op: op},
			[]string{"Get https://admin.googleapis.com", "connection reset"}, []string{"pageToken", "customer=C01", "/admin/directory"}},
		{"a path naming a user", &url.Error{Op: "Get", URL: "https://admin.googleapis.com/admin/directory/v1/users/ana%40alder.example",
			Err: &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}}, errorFields{Kind: resellerkit.KindUnavailable, Op: op},
			[]string{"Get https://admin.googleapis.com", "connection reset"}, []string{"ana", "alder.example", "users/"}},
		{"token refused", tokenErr, errorFields{Kind: resellerkit.KindUnauthenticated, Op: op},
			[]string{"could not obtain an access token", "unauthorized_client", "domain-wide delegation"}, []string{"customer=C01"}},
		{"token refused, not wrapped", &oauth2.RetrieveError{Response: &http.Response{StatusCode: 400}, ErrorCode: "invalid_grant", Body: []byte("raw body ya29.LEAK")},
			errorFields{Kind: resellerkit.KindUnauthenticated, Op: op}, []string{"invalid_grant", "HTTP 400"}, []string{"ya29.LEAK"}},
		{"anything else", errors.New("boom"), errorFields{Kind: resellerkit.KindUnknown, Op: op}, []string{"boom"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := resellerkit.Wrap(op, tt.err)
			if diff := cmp.Diff(tt.want, fields(t, err)); diff != "" {
				t.Errorf("Wrap() mismatch (-want +got):\n%s", diff)
			}
			if !errors.Is(err, tt.err) {
				t.Errorf("errors.Is(Wrap(err), err) = false; the original must stay reachable")
			}
			msg := err.Error()
			for _, s := range tt.msgHas {
				if !strings.Contains(msg, s) {
					t.Errorf("message %q lacks %q", msg, s)
				}
			}
			for _, s := range tt.msgHasnt {
				if strings.Contains(msg, s) {
					t.Errorf("message %q contains %q", msg, s)
				}
			}
		})
	}
	t.Run("RetrieveError reachable", func(t *testing.T) {
		t.Parallel()
		var rerr *oauth2.RetrieveError
		if !errors.As(resellerkit.Wrap(op, tokenErr), &rerr) {
			t.Error("errors.As(*oauth2.RetrieveError) = false")
		}
	})
}

func TestWrapPassThrough(t *testing.T) {
	t.Parallel()
	if err := resellerkit.Wrap("x.Y", nil); err != nil {
		t.Errorf("Wrap(nil) = %v, want nil", err)
	}
	noOp := &resellerkit.Error{Kind: resellerkit.KindNotFound, Status: 404}
	got := resellerkit.Wrap("roles.Get", noOp)
	if diff := cmp.Diff(errorFields{Kind: resellerkit.KindNotFound, Op: "roles.Get", Status: 404}, fields(t, got)); diff != "" {
		t.Errorf("Wrap(*Error without Op) mismatch (-want +got):\n%s", diff)
	}
	if noOp.Op != "" {
		t.Errorf("Wrap modified its argument: Op = %q", noOp.Op)
	}
	withOp := &resellerkit.Error{Kind: resellerkit.KindNotFound, Op: "inner.Op"}
	if got := resellerkit.Wrap("outer.Op", withOp); got != withOp {
		t.Errorf("Wrap(*Error with Op) = %v, want it unchanged", got)
	}
	chained := fmt.Errorf("context: %w", withOp)
	if got := resellerkit.Wrap("outer.Op", chained); got != chained {
		t.Errorf("Wrap(chain holding an *Error) = %v, want it unchanged", got)
	}
}

func TestIsNotModified(t *testing.T) {
	t.Parallel()
	nm := &googleapi.Error{Code: 304}
	wrapped := resellerkit.Wrap("domains.Get", nm)
	if !resellerkit.IsNotModified(wrapped) {
		t.Error("IsNotModified(Wrap(304)) = false, want true")
	}
	if resellerkit.KindOf(wrapped) != resellerkit.KindUnknown {
		t.Errorf("KindOf(304) = %v, want unknown", resellerkit.KindOf(wrapped))
	}
	if resellerkit.IsNotModified(resellerkit.Wrap("x", &googleapi.Error{Code: 404})) || resellerkit.IsNotModified(nil) {
		t.Error("IsNotModified true for a non-304")
	}
}

// FuzzWrap checks that Wrap never panics and always yields an *Error with a
// known Kind, whatever Google answers.
func FuzzWrap(f *testing.F) {
	f.Add(403, envelope(403, "x", "quotaExceeded"), "2")
	f.Add(500, envelope(500, "role assignment exists", "internalError"), "")
	f.Add(200, "{", "Mon, 02 Jan 2006 15:04:05 GMT")
	f.Fuzz(func(t *testing.T, status int, body, retryAfter string) {
		if status < 100 || status > 999 {
			return
		}
		gerr := &googleapi.Error{Code: status, Body: body, Header: http.Header{"Retry-After": {retryAfter}}}
		err := resellerkit.Wrap("f.F", gerr)
		var e *resellerkit.Error
		if !errors.As(err, &e) {
			t.Fatalf("Wrap returned %T", err)
		}
		if e.Kind > resellerkit.KindUnsupported || e.RetryAfter < 0 {
			t.Fatalf("bad result %+v", e)
		}
	})
}
