package resellerkit

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"time"

	"golang.org/x/oauth2"
	"google.golang.org/api/googleapi"

	"github.com/resellerkit/resellerkit/internal/gapi"
)

// Wrap turns an error from a Google call into an [*Error] for operation op
// ("roles.ListAssignments"), classified by rule W1:
//
//   - nil stays nil;
//   - an *Error passes through (its Op is filled in when empty);
//   - a *googleapi.Error is classified by its HTTP status and Google's
//     machine reasons, never by substrings of the message, except Google's
//     documented 500 "role assignment exists", which is a duplicate
//     ([KindAlreadyExists]). 412 is [KindFailedPrecondition], 409
//     [KindAlreadyExists], 429 and the throttling 403s
//     (userRateLimitExceeded, rateLimitExceeded, quotaExceeded)
//     [KindRateLimited], the other 403s [KindPermissionDenied], 500
//     backendError/internalError, 502, 503 and 504 [KindUnavailable], 404
//     [KindNotFound], 400 [KindInvalidArgument], 401 [KindUnauthenticated],
//     501 [KindUnsupported]; a 304 answer to a conditional read is
//     [KindUnknown] with Status 304 (test it with [IsNotModified]);
//   - an *oauth2.RetrieveError (no token could be obtained) is
//     [KindUnauthenticated];
//   - a context error is [KindCanceled];
//   - a network failure (reset, refused, unexpected EOF, timeout) is
//     [KindUnavailable];
//   - anything else is [KindUnknown].
//
// Status, Reason and RetryAfter are kept, and the original error stays
// reachable with errors.As (a *googleapi.Error is the Err field itself).
// The message never contains a token or a request's query string.
func Wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	if e, ok := err.(*Error); ok {
		if e.Op != "" {
			return e
		}
		c := *e
		c.Op = op
		return &c
	}
	var inner *Error
	if errors.As(err, &inner) {
		return err
	}
	r := gapi.FromError(err, time.Now())
	return &Error{
		Kind:       kindOfClass(r.Class),
		Op:         op,
		Status:     r.Status,
		Reason:     r.Reason,
		RetryAfter: r.RetryAfter,
		Err:        safeCause(err),
	}
}

// IsNotModified reports whether err is Google's 304 answer to a conditional
// read (If-None-Match): the resource has not changed. Unlike
// googleapi.IsNotModified it looks through wrapping.
func IsNotModified(err error) bool {
	var gerr *googleapi.Error
	return errors.As(err, &gerr) && gerr.Code == 304
}

func kindOfClass(c gapi.Class) Kind {
	switch c {
	case gapi.InvalidArgument:
		return KindInvalidArgument
	case gapi.Unauthenticated:
		return KindUnauthenticated
	case gapi.PermissionDenied:
		return KindPermissionDenied
	case gapi.NotFound:
		return KindNotFound
	case gapi.AlreadyExists:
		return KindAlreadyExists
	case gapi.FailedPrecondition:
		return KindFailedPrecondition
	case gapi.RateLimited:
		return KindRateLimited
	case gapi.Unavailable:
		return KindUnavailable
	case gapi.Canceled:
		return KindCanceled
	case gapi.Unsupported:
		return KindUnsupported
	}
	return KindUnknown
}

// redactedError carries a message written by this package in place of the
// message of the error it wraps, which may hold a full URL or a token
// endpoint's raw answer. errors.Is and errors.As still reach the original.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// safeCause returns err, or a redactedError over it when its own message
// could carry a request path or query (user data) or a token endpoint's
// answer.
func safeCause(err error) error {
	var gerr *googleapi.Error
	if errors.As(err, &gerr) {
		return err
	}
	if ue, ok := err.(*url.Error); ok {
		return &redactedError{msg: ue.Op + " " + hostOnly(ue.URL) + ": " + describe(ue.Err), err: err}
	}
	var rerr *oauth2.RetrieveError
	if errors.As(err, &rerr) {
		return &redactedError{msg: describeRetrieve(rerr), err: err}
	}
	return err
}

func describe(err error) string {
	var rerr *oauth2.RetrieveError
	if errors.As(err, &rerr) {
		return describeRetrieve(rerr)
	}
	if err == nil {
		return "unknown error"
	}
	return err.Error()
}

// describeRetrieve explains a failed token request from the OAuth error
// code and description only; the raw body is left out.
func describeRetrieve(rerr *oauth2.RetrieveError) string {
	code, desc := rerr.ErrorCode, rerr.ErrorDescription
	if code == "" && len(rerr.Body) > 0 {
		var body struct {
			Error            string `json:"error"`
			ErrorDescription string `json:"error_description"`
		}
		if json.Unmarshal(rerr.Body, &body) == nil {
			code, desc = body.Error, body.ErrorDescription
		}
	}
	msg := "could not obtain an access token"
	if rerr.Response != nil {
		msg += fmt.Sprintf(" (token endpoint answered HTTP %d)", rerr.Response.StatusCode)
	}
	if code != "" {
		msg += ": " + code
		if desc != "" {
			msg += ": " + desc
		}
	}
	if code == "unauthorized_client" || code == "access_denied" {
		msg += "; check that the service account's client ID is granted these scopes under domain-wide delegation in the Admin console, and that the subject is a user of that domain"
	}
	return msg
}

// hostOnly renders a URL as scheme://host: its path may name a user
// ("users/ana%40…"), its query a page token, and the error's Call already
// names the API method, so neither is needed to act on the error.
func hostOnly(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Scheme + "://" + u.Host
}
