package resellerkit

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Kind is the class of an error, independent of which Google API or which
// local rule produced it. Callers branch on it with errors.Is and the
// sentinels below, or with [KindOf].
type Kind uint8

// The kinds of error. Their order is part of no contract; compare with the
// named constants.
const (
	KindUnknown            Kind = iota
	KindInvalidArgument         // 400 invalid/badRequest/required, or a field the SDK rejected before sending
	KindUnauthenticated         // 401, or a token that could not be obtained
	KindPermissionDenied        // 403 forbidden, domainCannotUseApis, accessNotConfigured; a denied portal decision
	KindNotFound                // 404; also a case hidden by the tenure rule (C4), so its existence does not leak
	KindAlreadyExists           // 409 duplicate; 500 "role assignment exists"; 412 "already has a license"
	KindFailedPrecondition      // 412 conditionNotMet; a business rule such as the reopen window (C9)
	KindRateLimited             // 429; 403 rateLimitExceeded, userRateLimitExceeded, quotaExceeded
	KindUnavailable             // 500 backendError/internalError, 502, 503, 504, network resets
	KindCanceled                // the context was canceled or its deadline passed
	KindUnsupported             // the operation has no counterpart in the backend (e.g. reopen in Cloud Support v2)
)

var kindNames = [...]string{
	KindUnknown:            "unknown",
	KindInvalidArgument:    "invalid argument",
	KindUnauthenticated:    "unauthenticated",
	KindPermissionDenied:   "permission denied",
	KindNotFound:           "not found",
	KindAlreadyExists:      "already exists",
	KindFailedPrecondition: "failed precondition",
	KindRateLimited:        "rate limited",
	KindUnavailable:        "unavailable",
	KindCanceled:           "canceled",
	KindUnsupported:        "unsupported",
}

// String returns the kind in words, as it appears in error messages.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// Sentinels, one per [Kind]. An [*Error] matches the sentinel of its Kind
// under errors.Is, so callers need not know the concrete type:
//
//	if errors.Is(err, resellerkit.ErrNotFound) { ... }
var (
	ErrInvalidArgument    = errors.New("invalid argument")
	ErrUnauthenticated    = errors.New("unauthenticated")
	ErrPermissionDenied   = errors.New("permission denied")
	ErrNotFound           = errors.New("not found")
	ErrAlreadyExists      = errors.New("already exists")
	ErrFailedPrecondition = errors.New("failed precondition")
	ErrRateLimited        = errors.New("rate limited")
	ErrUnavailable        = errors.New("unavailable")
	ErrCanceled           = errors.New("canceled")
	ErrUnsupported        = errors.New("unsupported")
)

// ErrPaginationLoop reports that a listing returned a page token it had
// already returned (rule W4). The listing is incomplete; it is also
// [KindUnavailable] so a caller's retry of the whole job is reasonable.
var ErrPaginationLoop = errors.New("pagination loop: the server repeated a page token")

var sentinels = [...]error{
	KindInvalidArgument:    ErrInvalidArgument,
	KindUnauthenticated:    ErrUnauthenticated,
	KindPermissionDenied:   ErrPermissionDenied,
	KindNotFound:           ErrNotFound,
	KindAlreadyExists:      ErrAlreadyExists,
	KindFailedPrecondition: ErrFailedPrecondition,
	KindRateLimited:        ErrRateLimited,
	KindUnavailable:        ErrUnavailable,
	KindCanceled:           ErrCanceled,
	KindUnsupported:        ErrUnsupported,
}

// Sentinel returns the sentinel error of k, or nil for [KindUnknown].
func (k Kind) Sentinel() error {
	if int(k) < len(sentinels) {
		return sentinels[k]
	}
	return nil
}

// Error is the one error type of resellerkit. Every error a service returns
// is, or wraps, an *Error; domain errors (such as the licensing package's
// ErrAutoLicensed) sit in Err so both errors.Is(err, ErrFailedPrecondition)
// and errors.Is(err, licensing.ErrAutoLicensed) hold.
//
// The message never contains a token, a password or a full request URL.
type Error struct {
	Kind Kind
	// Op names the SDK operation the caller called, as "package.Method"
	// ("roles.EnsureAssignment").
	Op string
	// Call names the Google API method that answered, by its discovery ID
	// ("directory.roleAssignments.insert"), when the error came from a
	// call to Google (or to package fake, which answers as Google); "" for
	// an error raised without a call. One operation may make several calls:
	// Call says which one failed.
	Call string
	// Status is the HTTP status Google answered, or 0 when the error was
	// raised before or without a request.
	Status int
	// Reason is Google's machine reason ("quotaExceeded", "duplicate"), or "".
	Reason string
	// RetryAfter is the server's Retry-After, when it sent one.
	RetryAfter time.Duration
	// Err is the underlying error: a *googleapi.Error, an *oauth2.RetrieveError,
	// a network error, or a domain error. It may be nil.
	Err error
}

// Error renders "op: kind (call: HTTP status reason): cause", leaving out
// what is unknown. It is stable enough to log, not to parse.
func (e *Error) Error() string {
	var b strings.Builder
	if e.Op != "" {
		b.WriteString(e.Op)
		b.WriteString(": ")
	}
	b.WriteString(e.Kind.String())
	if e.Call != "" || e.Status != 0 {
		b.WriteString(" (")
		b.WriteString(e.Call)
		if e.Status != 0 {
			if e.Call != "" {
				b.WriteString(": ")
			}
			fmt.Fprintf(&b, "HTTP %d", e.Status)
			if e.Reason != "" {
				b.WriteString(" ")
				b.WriteString(e.Reason)
			}
		}
		b.WriteString(")")
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(truncate(e.Err.Error(), maxCauseLen))
	}
	return b.String()
}

// maxCauseLen bounds the cause in an error message: a proxy's HTML error
// page, carried whole in a *googleapi.Error, would otherwise flood logs.
// The full cause stays available through Unwrap.
const maxCauseLen = 2048

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "… (truncated)"
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is the sentinel of e's Kind.
func (e *Error) Is(target error) bool {
	s := e.Kind.Sentinel()
	return s != nil && target == s
}

// newError wraps err in an *Error of the given kind for this package's own
// operations (Dial, All). The constructors the services use are in the
// module's internal/errs; a nil err gives nil.
func newError(kind Kind, op string, err error) error {
	if err == nil {
		return nil
	}
	return &Error{Kind: kind, Op: op, Err: err}
}

// KindOf returns the Kind of the first *Error in err's chain. A context error
// anywhere in the chain with no *Error above it is [KindCanceled]; any other
// error is [KindUnknown].
func KindOf(err error) Kind {
	if err == nil {
		return KindUnknown
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return KindCanceled
	}
	return KindUnknown
}

// IsRetryable reports whether err is transient by rule W1: rate limiting and
// unavailability are; everything else (bad input, permissions, not found,
// duplicates, failed preconditions, cancellation) is not.
func IsRetryable(err error) bool {
	switch KindOf(err) {
	case KindRateLimited, KindUnavailable:
		return true
	}
	return false
}

// FieldError reports one invalid input field. It is wrapped in an *Error of
// [KindInvalidArgument]; errors.As finds it to learn which field failed.
type FieldError struct {
	Field  string // the Go field path, e.g. "Case.Title" or "Options.PageSize"
	Reason string // what is wrong and what to do, without echoing a secret value
}

// Error renders "field: reason".
func (e *FieldError) Error() string { return e.Field + ": " + e.Reason }

// invalidField returns an *Error of [KindInvalidArgument] wrapping a
// [*FieldError], for this package's own option checks.
func invalidField(op, field, reason string) error {
	return &Error{Kind: KindInvalidArgument, Op: op, Err: &FieldError{Field: field, Reason: reason}}
}
