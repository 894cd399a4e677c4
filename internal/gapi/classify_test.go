package gapi_test

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

	"github.com/resellerkit/resellerkit/internal/gapi"
)

var now = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

// envelope renders Google's JSON error envelope.
func envelope(code int, message string, reasons ...string) string {
	var items []string
	for _, r := range reasons {
		items = append(items, fmt.Sprintf(`{"domain":"global","reason":%q,"message":%q}`, r, message))
	}
	return fmt.Sprintf(`{"error":{"code":%d,"message":%q,"errors":[%s]}}`, code, message, strings.Join(items, ","))
}

// googleError decodes a response with the given status, body and
// Retry-After through googleapi.CheckResponse, as the generated clients do.
func googleError(t *testing.T, status int, body, retryAfter string) error {
	t.Helper()
	h := http.Header{"Content-Type": {"application/json; charset=UTF-8"}}
	if retryAfter != "" {
		h.Set("Retry-After", retryAfter)
	}
	res := &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader(body))}
	err := googleapi.CheckResponse(res)
	if err == nil {
		t.Fatalf("CheckResponse(%d) = nil, want an error", status)
	}
	return err
}

// TestClassifyEnvelopes checks rule W1 on Google's JSON error envelopes
// decoded by googleapi.CheckResponse.
func TestClassifyEnvelopes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		status     int
		body       string
		retryAfter string
		want       gapi.Result
		transient  bool
	}{
		{"W1 400 invalid is not retried", 400, envelope(400, "Invalid Input", "invalid"), "",
			gapi.Result{Class: gapi.InvalidArgument, Status: 400, Reason: "invalid"}, false},
		{"W1 400 badRequest", 400, envelope(400, "Bad Request", "badRequest"), "",
			gapi.Result{Class: gapi.InvalidArgument, Status: 400, Reason: "badRequest"}, false},
		{"400 FAILED_PRECONDITION status (Cloud Support)", 400,
			`{"error":{"code":400,"message":"Precondition check failed.","status":"FAILED_PRECONDITION"}}`, "",
			gapi.Result{Class: gapi.FailedPrecondition, Status: 400, Reason: "FAILED_PRECONDITION"}, false},
		{"W1 401 authError", 401, envelope(401, "Login Required", "required"), "",
			gapi.Result{Class: gapi.Unauthenticated, Status: 401, Reason: "required"}, false},
		{"W1 403 userRateLimitExceeded is throttling", 403, envelope(403, "Quota exceeded", "userRateLimitExceeded"), "",
			gapi.Result{Class: gapi.RateLimited, Status: 403, Reason: "userRateLimitExceeded"}, true},
		{"W1 403 rateLimitExceeded is throttling", 403, envelope(403, "Rate Limit Exceeded", "rateLimitExceeded"), "",
			gapi.Result{Class: gapi.RateLimited, Status: 403, Reason: "rateLimitExceeded"}, true},
		{"W1 403 quotaExceeded is throttling", 403, envelope(403, "Quota exceeded", "quotaExceeded"), "",
			gapi.Result{Class: gapi.RateLimited, Status: 403, Reason: "quotaExceeded"}, true},
		{"403 dailyLimitExceeded (Reseller API) is throttling", 403, envelope(403, "Daily Limit Exceeded", "dailyLimitExceeded"), "",
			gapi.Result{Class: gapi.RateLimited, Status: 403, Reason: "dailyLimitExceeded"}, true},
		{"W1 403 forbidden is a permission error", 403, envelope(403, "Not Authorized to access this resource/api", "forbidden"), "",
			gapi.Result{Class: gapi.PermissionDenied, Status: 403, Reason: "forbidden"}, false},
		{"W1 403 domainCannotUseApis", 403, envelope(403, "Domain cannot use apis.", "domainCannotUseApis"), "",
			gapi.Result{Class: gapi.PermissionDenied, Status: 403, Reason: "domainCannotUseApis"}, false},
		{"W1 403 accessNotConfigured", 403, envelope(403, "Access Not Configured.", "accessNotConfigured"), "",
			gapi.Result{Class: gapi.PermissionDenied, Status: 403, Reason: "accessNotConfigured"}, false},
		{"W1 403 insufficientPermissions", 403, envelope(403, "Insufficient Permission", "insufficientPermissions"), "",
			gapi.Result{Class: gapi.PermissionDenied, Status: 403, Reason: "insufficientPermissions"}, false},
		{"403 without reason is a permission error", 403, `{"error":{"code":403,"message":"nope"}}`, "",
			gapi.Result{Class: gapi.PermissionDenied, Status: 403}, false},
		{"403 RESOURCE_EXHAUSTED status is throttling", 403,
			`{"error":{"code":403,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED"}}`, "",
			gapi.Result{Class: gapi.RateLimited, Status: 403, Reason: "RESOURCE_EXHAUSTED"}, true},
		{"W1 404 notFound", 404, envelope(404, "Resource Not Found: userKey", "notFound"), "",
			gapi.Result{Class: gapi.NotFound, Status: 404, Reason: "notFound"}, false},
		{"W1 409 duplicate", 409, envelope(409, "Entity already exists.", "duplicate"), "",
			gapi.Result{Class: gapi.AlreadyExists, Status: 409, Reason: "duplicate"}, false},
		{"W1 412 conditionNotMet", 412, envelope(412, "User already has a license for the specified product and SKU", "conditionNotMet"), "",
			gapi.Result{Class: gapi.FailedPrecondition, Status: 412, Reason: "conditionNotMet"}, false},
		{"W1 429 with Retry-After seconds", 429, envelope(429, "Too many requests", "rateLimitExceeded"), "7",
			gapi.Result{Class: gapi.RateLimited, Status: 429, Reason: "rateLimitExceeded", RetryAfter: 7 * time.Second}, true},
		{"W1 429 with Retry-After date", 429, envelope(429, "Too many requests", "quotaExceeded"), now.Add(90 * time.Second).Format(http.TimeFormat),
			gapi.Result{Class: gapi.RateLimited, Status: 429, Reason: "quotaExceeded", RetryAfter: 90 * time.Second}, true},
		{"W1 500 backendError", 500, envelope(500, "Backend Error", "backendError"), "",
			gapi.Result{Class: gapi.Unavailable, Status: 500, Reason: "backendError"}, true},
		{"W1 500 internalError", 500, envelope(500, "Internal error encountered.", "internalError"), "",
			gapi.Result{Class: gapi.Unavailable, Status: 500, Reason: "internalError"}, true},
		{"W1 500 role assignment exists is a duplicate", 500, envelope(500, "role assignment exists: roleassignment 123, roleid 456", "internalError"), "",
			gapi.Result{Class: gapi.AlreadyExists, Status: 500, Reason: "internalError"}, false},
		{"W1 500 role assignment exists, message only in errors[]", 500,
			`{"error":{"code":500,"message":"Internal Error","errors":[{"reason":"internalError","message":"Role assignment exists: roleId"}]}}`, "",
			gapi.Result{Class: gapi.AlreadyExists, Status: 500, Reason: "internalError"}, false},
		{"500 conditionNotMet (licensing reassign) is not retried", 500, envelope(500, "Precondition", "conditionNotMet"), "",
			gapi.Result{Class: gapi.FailedPrecondition, Status: 500, Reason: "conditionNotMet"}, false},
		{"500 with a non-JSON body", 500, "<html>oops</html>", "",
			gapi.Result{Class: gapi.Unavailable, Status: 500}, true},
		{"501 is unsupported", 501, envelope(501, "fake: directory.groups.list is not implemented", "notImplemented"), "",
			gapi.Result{Class: gapi.Unsupported, Status: 501, Reason: "notImplemented"}, false},
		{"W1 502", 502, "Bad Gateway", "",
			gapi.Result{Class: gapi.Unavailable, Status: 502}, true},
		{"W1 503 serviceNotAvailable", 503, envelope(503, "The service is currently unavailable.", "serviceNotAvailable"), "",
			gapi.Result{Class: gapi.Unavailable, Status: 503, Reason: "serviceNotAvailable"}, true},
		{"503 quotaExceeded is throttling (Licensing quota)", 503, envelope(503, "Quota exceeded", "quotaExceeded"), "3",
			gapi.Result{Class: gapi.RateLimited, Status: 503, Reason: "quotaExceeded", RetryAfter: 3 * time.Second}, true},
		{"W1 504", 504, "", "",
			gapi.Result{Class: gapi.Unavailable, Status: 504}, true},
		{"ErrorInfo reason in details", 429,
			`{"error":{"code":429,"message":"Quota","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"RATE_LIMIT_EXCEEDED","domain":"googleapis.com"}]}}`, "",
			gapi.Result{Class: gapi.RateLimited, Status: 429, Reason: "RATE_LIMIT_EXCEEDED"}, true},
		{"418 other 4xx is invalid argument", 418, "teapot", "",
			gapi.Result{Class: gapi.InvalidArgument, Status: 418}, false},
		{"malformed Retry-After is ignored", 429, envelope(429, "slow down", "rateLimitExceeded"), "soon",
			gapi.Result{Class: gapi.RateLimited, Status: 429, Reason: "rateLimitExceeded"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := googleError(t, tt.status, tt.body, tt.retryAfter)
			got := gapi.FromError(err, now)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("FromError() mismatch (-want +got):\n%s", diff)
			}
			if got.Class.Transient() != tt.transient {
				t.Errorf("Transient() = %v, want %v", got.Class.Transient(), tt.transient)
			}
			// The retry layer sees the raw response; it must agree.
			h := http.Header{}
			if tt.retryAfter != "" {
				h.Set("Retry-After", tt.retryAfter)
			}
			raw := gapi.FromResponse(tt.status, h, []byte(tt.body), now)
			if diff := cmp.Diff(tt.want, raw); diff != "" {
				t.Errorf("FromResponse() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestNotModified checks that the 304 the generated clients turn into an
// error is told apart from failures.
func TestNotModified(t *testing.T) {
	t.Parallel()
	err := &googleapi.Error{Code: http.StatusNotModified, Header: http.Header{}}
	got := gapi.FromError(err, now)
	want := gapi.Result{Class: gapi.NotModified, Status: 304}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("FromError(304) mismatch (-want +got):\n%s", diff)
	}
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

// TestClassifyErrors checks the errors that are not Google answers.
func TestClassifyErrors(t *testing.T) {
	t.Parallel()
	urlErr := func(err error) error {
		return &url.Error{Op: "Get", URL: "https://admin.googleapis.com/admin/directory/v1/users?customer=my_customer", Err: err}
	}
	opErr := func(err error) error { return &net.OpError{Op: "read", Net: "tcp", Err: err} }
	tests := []struct {
		name string
		err  error
		want gapi.Class
	}{
		{"nil", nil, gapi.Unknown},
		{"context canceled", urlErr(context.Canceled), gapi.Canceled},
		{"deadline exceeded", context.DeadlineExceeded, gapi.Canceled},
		{"connection reset", urlErr(opErr(syscall.ECONNRESET)), gapi.Unavailable},
		{"connection refused", urlErr(&net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}), gapi.Unavailable},
		{"broken pipe", urlErr(opErr(syscall.EPIPE)), gapi.Unavailable},
		{"unexpected EOF", urlErr(io.ErrUnexpectedEOF), gapi.Unavailable},
		{"EOF", urlErr(io.EOF), gapi.Unavailable},
		{"timeout", urlErr(timeoutErr{}), gapi.Unavailable},
		{"temporary DNS failure", urlErr(&net.OpError{Op: "dial", Err: &net.DNSError{Err: "server misbehaving", IsTemporary: true}}), gapi.Unavailable},
		{"unknown host", urlErr(&net.OpError{Op: "dial", Err: &net.DNSError{Err: "no such host", IsNotFound: true}}), gapi.Unknown},
		{"token refused", urlErr(&oauth2.RetrieveError{Response: &http.Response{StatusCode: 400}, Body: []byte(`{"error":"invalid_grant"}`)}), gapi.Unauthenticated},
		{"googleapi error wrapped", fmt.Errorf("listing: %w", &googleapi.Error{Code: 404}), gapi.NotFound},
		{"anything else", errors.New("boom"), gapi.Unknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := gapi.FromError(tt.err, now).Class; got != tt.want {
				t.Errorf("FromError(%v).Class = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"", 0, false},
		{"0", 0, true},
		{"  12 ", 12 * time.Second, true},
		{"-3", 0, false},
		{"1.5", 0, false},
		{"99999999999999999999999", 24 * time.Hour, true},
		{"86401", 24 * time.Hour, true},
		{now.Add(30 * time.Second).Format(http.TimeFormat), 30 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{now.Add(48 * time.Hour).Format(http.TimeFormat), 24 * time.Hour, true},
		{"Mon, 05 Jan 2026 09:00:10 GMT", 10 * time.Second, true},
		{"tomorrow", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, ok := gapi.ParseRetryAfter(tt.in, now)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("ParseRetryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestParseEnvelope(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		body   string
		want   gapi.Envelope
		wantOK bool
	}{
		{"full", envelope(403, "Not Authorized", "forbidden"),
			gapi.Envelope{Code: 403, Message: "Not Authorized", Reasons: []string{"forbidden"}, Messages: []string{"Not Authorized"}}, true},
		{"string error", `{"error":"invalid_grant"}`, gapi.Envelope{}, false},
		{"not JSON", `<html>`, gapi.Envelope{}, false},
		{"empty", ``, gapi.Envelope{}, false},
		{"null error", `{"error":null}`, gapi.Envelope{}, false},
		{"code out of range", `{"error":{"code":123456,"message":"x"}}`, gapi.Envelope{Message: "x"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := gapi.ParseEnvelope([]byte(tt.body))
			if ok != tt.wantOK {
				t.Fatalf("ParseEnvelope(%q) ok = %v, want %v", tt.body, ok, tt.wantOK)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseEnvelope() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// FuzzFromResponse drives the envelope and Retry-After parsers with
// arbitrary input: they never panic, the class is always a known one, and
// the status alone fixes the class where rule W1 says so.
func FuzzFromResponse(f *testing.F) {
	f.Add(403, envelope(403, "Rate", "userRateLimitExceeded"), "5")
	f.Add(500, envelope(500, "role assignment exists: roleid", "internalError"), "")
	f.Add(429, `{"error":{"code":"429","errors":[{"reason":7}]}}`, "Mon, 05 Jan 2026 09:00:10 GMT")
	f.Add(400, `{"error":{"details":[{"@type":"x.google.rpc.ErrorInfo","reason":""}],"status":"FAILED_PRECONDITION"}}`, "-1")
	f.Add(503, `{"error":`, "18446744073709551616")
	f.Add(0, "", "")
	f.Fuzz(func(t *testing.T, status int, body, retryAfter string) {
		h := http.Header{"Retry-After": {retryAfter}}
		r := gapi.FromResponse(status, h, []byte(body), now)
		if r.Class > gapi.NotModified {
			t.Fatalf("unknown class %d", r.Class)
		}
		if r.RetryAfter < 0 || r.RetryAfter > 24*time.Hour {
			t.Fatalf("RetryAfter = %v out of [0, 24h]", r.RetryAfter)
		}
		fixed := map[int]gapi.Class{401: gapi.Unauthenticated, 404: gapi.NotFound, 409: gapi.AlreadyExists,
			412: gapi.FailedPrecondition, 429: gapi.RateLimited, 502: gapi.Unavailable, 504: gapi.Unavailable}
		if want, ok := fixed[status]; ok && r.Class != want {
			t.Fatalf("status %d classified %v, want %v", status, r.Class, want)
		}
		if d, ok := gapi.ParseRetryAfter(retryAfter, now); d < 0 || (!ok && d != 0) {
			t.Fatalf("ParseRetryAfter(%q) = %v, %v", retryAfter, d, ok)
		}
	})
}
