package gapi

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/oauth2"
	"google.golang.org/api/googleapi"
)

// Class is the class of a Google answer. It mirrors the root package's Kind
// without importing it.
type Class uint8

// The classes. NotModified is a 304 answer to a conditional read, which the
// generated clients report as an error.
const (
	Unknown Class = iota
	InvalidArgument
	Unauthenticated
	PermissionDenied
	NotFound
	AlreadyExists
	FailedPrecondition
	RateLimited
	Unavailable
	Canceled
	Unsupported
	NotModified
)

var classNames = [...]string{
	Unknown:            "unknown",
	InvalidArgument:    "invalid argument",
	Unauthenticated:    "unauthenticated",
	PermissionDenied:   "permission denied",
	NotFound:           "not found",
	AlreadyExists:      "already exists",
	FailedPrecondition: "failed precondition",
	RateLimited:        "rate limited",
	Unavailable:        "unavailable",
	Canceled:           "canceled",
	Unsupported:        "unsupported",
	NotModified:        "not modified",
}

// String returns the class in words.
func (c Class) String() string {
	if int(c) < len(classNames) {
		return classNames[c]
	}
	return "class(" + strconv.Itoa(int(c)) + ")"
}

// Transient reports whether an answer of class c may succeed when the same
// request is sent again later (rule W1): rate limiting and unavailability.
func (c Class) Transient() bool { return c == RateLimited || c == Unavailable }

// Result is a classified answer.
type Result struct {
	Class Class
	// Status is the HTTP status, or 0 when no response was received.
	Status int
	// Reason is Google's first machine reason (errors[].reason, else the
	// reason of a google.rpc.ErrorInfo detail, else the gRPC-style status
	// such as "FAILED_PRECONDITION"), or "".
	Reason string
	// RetryAfter is the server's Retry-After, when it sent a valid one.
	RetryAfter time.Duration
}

// Envelope is the part of Google's JSON error envelope that classification
// uses:
//
//	{"error":{"code":403,"message":"...","status":"PERMISSION_DENIED",
//	  "errors":[{"domain":"global","reason":"forbidden","message":"..."}],
//	  "details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"..."}]}}
type Envelope struct {
	Code     int
	Message  string
	Status   string   // gRPC-style status name, used by newer APIs such as Cloud Support
	Reasons  []string // errors[].reason, in order, then ErrorInfo reasons
	Messages []string // errors[].message, in order
}

// ParseEnvelope decodes Google's JSON error envelope. It reports false when
// body is not such an envelope; it never fails otherwise and never panics.
func ParseEnvelope(body []byte) (Envelope, bool) {
	var outer struct {
		Error json.RawMessage `json:"error"`
	}
	if err := json.Unmarshal(body, &outer); err != nil || len(outer.Error) == 0 || string(outer.Error) == "null" {
		return Envelope{}, false
	}
	var inner struct {
		Code    json.Number `json:"code"`
		Message string      `json:"message"`
		Status  string      `json:"status"`
		Errors  []struct {
			Reason  string `json:"reason"`
			Message string `json:"message"`
		} `json:"errors"`
		Details []json.RawMessage `json:"details"`
	}
	if err := json.Unmarshal(outer.Error, &inner); err != nil {
		// Some front ends answer {"error":"..."}; that is not Google's envelope.
		return Envelope{}, false
	}
	env := Envelope{Message: inner.Message, Status: inner.Status}
	if n, err := inner.Code.Int64(); err == nil && n > 0 && n < 1000 {
		env.Code = int(n)
	}
	for _, e := range inner.Errors {
		if e.Reason != "" {
			env.Reasons = append(env.Reasons, e.Reason)
		}
		if e.Message != "" {
			env.Messages = append(env.Messages, e.Message)
		}
	}
	for _, raw := range inner.Details {
		var d struct {
			Type   string `json:"@type"`
			Reason string `json:"reason"`
		}
		if json.Unmarshal(raw, &d) == nil && strings.HasSuffix(d.Type, "google.rpc.ErrorInfo") && d.Reason != "" {
			env.Reasons = append(env.Reasons, d.Reason)
		}
	}
	return env, true
}

// throttleReasons are the reasons that turn a 403 (or a 503) into rate
// limiting (rule W1). dailyLimitExceeded is the Reseller API's "back off".
var throttleReasons = map[string]bool{
	"userRateLimitExceeded": true,
	"rateLimitExceeded":     true,
	"quotaExceeded":         true,
	"dailyLimitExceeded":    true,
}

// Classify returns the class of an HTTP error answer with the given status
// and (possibly empty) envelope, and the reason to report. This is rule W1:
//
//   - 400 → InvalidArgument (FailedPrecondition when the envelope's status
//     says FAILED_PRECONDITION, as Cloud Support answers)
//   - 401 → Unauthenticated
//   - 403 with userRateLimitExceeded, rateLimitExceeded, quotaExceeded or
//     dailyLimitExceeded (or status RESOURCE_EXHAUSTED) → RateLimited;
//     any other 403 (forbidden, domainCannotUseApis, accessNotConfigured,
//     insufficientPermissions...) → PermissionDenied
//   - 404, 410 → NotFound; 409 → AlreadyExists; 412 → FailedPrecondition
//   - 429 → RateLimited
//   - 500 whose message says "role assignment exists", or with reason
//     duplicate → AlreadyExists (Google's duplicate role assignment); 500
//     with reason conditionNotMet → FailedPrecondition; any other 500 →
//     Unavailable
//   - 501 → Unsupported; 502, 503, 504 → Unavailable (503 with a
//     throttling reason → RateLimited); 408 → Unavailable
//   - 304 → NotModified; any other 4xx → InvalidArgument; other 5xx →
//     Unavailable; anything else → Unknown
func Classify(status int, env Envelope) (Class, string) {
	reason := firstReason(env)
	has := func(set map[string]bool) bool {
		for _, r := range env.Reasons {
			if set[r] {
				return true
			}
		}
		return false
	}
	hasReason := func(want string) bool {
		for _, r := range env.Reasons {
			if r == want {
				return true
			}
		}
		return false
	}
	switch {
	case status == http.StatusNotModified:
		return NotModified, reason
	case status == http.StatusBadRequest:
		if env.Status == "FAILED_PRECONDITION" {
			return FailedPrecondition, reason
		}
		return InvalidArgument, reason
	case status == http.StatusUnauthorized:
		return Unauthenticated, reason
	case status == http.StatusForbidden:
		if has(throttleReasons) || env.Status == "RESOURCE_EXHAUSTED" {
			return RateLimited, reason
		}
		return PermissionDenied, reason
	case status == http.StatusNotFound, status == http.StatusGone:
		return NotFound, reason
	case status == http.StatusRequestTimeout:
		return Unavailable, reason
	case status == http.StatusConflict:
		return AlreadyExists, reason
	case status == http.StatusPreconditionFailed:
		return FailedPrecondition, reason
	case status == http.StatusTooManyRequests:
		return RateLimited, reason
	case status == http.StatusInternalServerError:
		if roleAssignmentExists(env) || hasReason("duplicate") {
			return AlreadyExists, reason
		}
		if hasReason("conditionNotMet") {
			return FailedPrecondition, reason
		}
		return Unavailable, reason
	case status == http.StatusNotImplemented:
		return Unsupported, reason
	case status == http.StatusServiceUnavailable:
		if has(throttleReasons) {
			return RateLimited, reason
		}
		return Unavailable, reason
	case status >= 400 && status < 500:
		return InvalidArgument, reason
	case status >= 500 && status < 600:
		return Unavailable, reason
	}
	return Unknown, reason
}

// roleAssignmentExists is the one message check of rule W1: Google answers a
// duplicate roleAssignments.insert with HTTP 500 and a message such as
// "role assignment exists: roleassignment..." instead of a 409.
func roleAssignmentExists(env Envelope) bool {
	const marker = "role assignment exists"
	if strings.Contains(strings.ToLower(env.Message), marker) {
		return true
	}
	for _, m := range env.Messages {
		if strings.Contains(strings.ToLower(m), marker) {
			return true
		}
	}
	return false
}

func firstReason(env Envelope) string {
	if len(env.Reasons) > 0 {
		return env.Reasons[0]
	}
	return env.Status
}

// FromResponse classifies an HTTP error response from its status, header and
// (possibly truncated) body. now resolves a Retry-After given as a date.
func FromResponse(status int, header http.Header, body []byte, now time.Time) Result {
	env, _ := ParseEnvelope(body)
	c, reason := Classify(status, env)
	r := Result{Class: c, Status: status, Reason: reason}
	if d, ok := ParseRetryAfter(header.Get("Retry-After"), now); ok {
		r.RetryAfter = d
	}
	return r
}

// FromError classifies an error returned by a generated client or by an
// http.Client: a *googleapi.Error by its status and reasons, an
// *oauth2.RetrieveError as Unauthenticated, a context error as Canceled,
// a network failure (reset, refused, EOF, timeout) as Unavailable, and
// anything else as Unknown.
func FromError(err error, now time.Time) Result {
	if err == nil {
		return Result{}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return Result{Class: Canceled}
	}
	var gerr *googleapi.Error
	if errors.As(err, &gerr) {
		return fromGoogleError(gerr, now)
	}
	var rerr *oauth2.RetrieveError
	if errors.As(err, &rerr) {
		return Result{Class: Unauthenticated}
	}
	if IsNetworkFailure(err) {
		return Result{Class: Unavailable}
	}
	return Result{Class: Unknown}
}

func fromGoogleError(gerr *googleapi.Error, now time.Time) Result {
	env := Envelope{Code: gerr.Code, Message: gerr.Message}
	for _, it := range gerr.Errors {
		if it.Reason != "" {
			env.Reasons = append(env.Reasons, it.Reason)
		}
		if it.Message != "" {
			env.Messages = append(env.Messages, it.Message)
		}
	}
	// The gRPC-style status and ErrorInfo reasons are only in the raw body.
	if parsed, ok := ParseEnvelope([]byte(gerr.Body)); ok {
		env.Status = parsed.Status
		if len(gerr.Errors) == 0 {
			env.Reasons = parsed.Reasons
			env.Messages = parsed.Messages
		}
	}
	c, reason := Classify(gerr.Code, env)
	r := Result{Class: c, Status: gerr.Code, Reason: reason}
	if d, ok := ParseRetryAfter(gerr.Header.Get("Retry-After"), now); ok {
		r.RetryAfter = d
	}
	return r
}

// IsNetworkFailure reports whether err is a failure of the connection rather
// than an answer: a reset, refused or aborted connection, a broken pipe, an
// unexpected EOF, a timeout, or a temporary DNS failure. A host that does
// not exist, a certificate error or a malformed URL are not: sending again
// will not help.
func IsNetworkFailure(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNABORTED) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, syscall.ETIMEDOUT) {
		return true
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return dnsErr.IsTimeout || dnsErr.IsTemporary
	}
	var nerr net.Error
	if errors.As(err, &nerr) && nerr.Timeout() {
		return true
	}
	var opErr *net.OpError
	return errors.As(err, &opErr)
}

// NotSent reports whether err says a request never reached the server: the
// connection could not be made (refused, or a dial or DNS failure). Such a
// request was certainly not applied, so even a write that is not
// idempotent may be sent again.
func NotSent(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, syscall.ECONNREFUSED) {
		return true
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return true
	}
	var opErr *net.OpError
	return errors.As(err, &opErr) && opErr.Op == "dial"
}

// maxRetryAfter bounds a Retry-After so that arithmetic on it cannot
// overflow; the retry policy decides whether to wait that long.
const maxRetryAfter = 24 * time.Hour

// ParseRetryAfter parses a Retry-After header value, either delta-seconds
// ("120") or an HTTP date, relative to now. A date in the past gives 0. It
// reports false for an empty or malformed value. Values beyond 24 hours are
// clamped to 24 hours.
func ParseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if v[0] >= '0' && v[0] <= '9' {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			if errors.Is(err, strconv.ErrRange) {
				return maxRetryAfter, true
			}
			return 0, false
		}
		if n > uint64(maxRetryAfter/time.Second) {
			return maxRetryAfter, true
		}
		return time.Duration(n) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	d := t.Sub(now)
	switch {
	case d < 0:
		return 0, true
	case d > maxRetryAfter:
		return maxRetryAfter, true
	}
	return d, true
}
