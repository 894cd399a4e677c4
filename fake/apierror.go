package fake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"google.golang.org/api/googleapi"
)

// apiError is an error as Google's APIs report it: an HTTP status, a machine
// reason ("notFound", "duplicate", "conditionNotMet") and a message. Every
// World operation returns one on failure, and the Server writes it in
// Google's JSON error envelope. It is not exported: a client of the fake
// sees what a client of Google sees, the *googleapi.Error its generated
// client decodes from the envelope.
type apiError struct {
	Code    int    // HTTP status
	Reason  string // errors[0].reason
	Message string
	// Domain is errors[0].domain; "" means "global".
	Domain string
	// RetryAfter, when positive, is sent as a Retry-After header (whole
	// seconds, rounded up).
	RetryAfter time.Duration
}

func (e *apiError) Error() string {
	return fmt.Sprintf("googleapi: Error %d: %s, %s", e.Code, e.Message, e.Reason)
}

// Err returns e as an error, or nil when e is nil. It avoids the typed-nil
// trap of assigning a nil *apiError to an error.
func (e *apiError) Err() error {
	if e == nil {
		return nil
	}
	return e.GoogleError()
}

// GoogleError returns e as the *googleapi.Error that googleapi.CheckResponse
// would decode from the Server's answer: same Code, Message, Errors and Body.
// World methods that report an operation's failure as a Go error use it.
func (e *apiError) GoogleError() *googleapi.Error {
	if e == nil {
		return nil
	}
	body, _ := json.Marshal(e.envelope())
	return &googleapi.Error{
		Code:    e.Code,
		Message: e.Message,
		Errors:  []googleapi.ErrorItem{{Reason: e.Reason, Message: e.Message}},
		Body:    string(body),
		Header:  e.header(),
	}
}

func (e *apiError) header() http.Header {
	h := http.Header{"Content-Type": []string{"application/json; charset=UTF-8"}}
	if e.RetryAfter > 0 {
		h.Set("Retry-After", strconv.FormatInt(int64((e.RetryAfter+time.Second-1)/time.Second), 10))
	}
	if e.Code == http.StatusUnauthorized {
		h.Set("WWW-Authenticate", `Bearer realm="https://accounts.google.com/", error="invalid_token"`)
	}
	return h
}

type envelope struct {
	Error envelopeError `json:"error"`
}

type envelopeError struct {
	Code    int            `json:"code"`
	Message string         `json:"message"`
	Errors  []envelopeItem `json:"errors"`
	Status  string         `json:"status,omitempty"`
}

type envelopeItem struct {
	Message      string `json:"message"`
	Domain       string `json:"domain"`
	Reason       string `json:"reason"`
	Location     string `json:"location,omitempty"`
	LocationType string `json:"locationType,omitempty"`
}

func (e *apiError) envelope() envelope {
	item := envelopeItem{Message: e.Message, Domain: e.Domain, Reason: e.Reason}
	if item.Domain == "" {
		item.Domain = "global"
	}
	if e.Code == http.StatusUnauthorized {
		item.Location, item.LocationType = "Authorization", "header"
	}
	return envelope{Error: envelopeError{Code: e.Code, Message: e.Message, Errors: []envelopeItem{item}, Status: grpcStatus(e.Code)}}
}

// grpcStatus is the "status" member Google puts next to the code.
func grpcStatus(code int) string {
	switch code {
	case 400:
		return "INVALID_ARGUMENT"
	case 401:
		return "UNAUTHENTICATED"
	case 403:
		return "PERMISSION_DENIED"
	case 404:
		return "NOT_FOUND"
	case 409:
		return "ALREADY_EXISTS"
	case 412:
		return "FAILED_PRECONDITION"
	case 429:
		return "RESOURCE_EXHAUSTED"
	case 500:
		return "INTERNAL"
	case 501:
		return "UNIMPLEMENTED"
	case 503:
		return "UNAVAILABLE"
	case 504:
		return "DEADLINE_EXCEEDED"
	}
	return ""
}

// Constructors for the errors the fake answers. Messages follow Google's
// where Google documents them (the Licensing API's error table,
// https://developers.google.com/workspace/admin/licensing/v1/how-tos/using;
// the Directory API's quota errors,
// https://developers.google.com/workspace/admin/directory/v1/limits) or
// where GAM (github.com/GAM-team/GAM) matches on them, and otherwise say
// what was wrong.

func errf(code int, reason, format string, args ...any) *apiError {
	return &apiError{Code: code, Reason: reason, Message: fmt.Sprintf(format, args...)}
}

func errUnauthenticated() *apiError {
	return &apiError{Code: 401, Reason: "authError",
		Message: "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project."}
}

func errLoginRequired() *apiError {
	return &apiError{Code: 401, Reason: "required", Message: "Login Required."}
}

func errForbidden() *apiError {
	return &apiError{Code: 403, Reason: "forbidden", Message: "Not Authorized to access this resource/api"}
}

func errNotFound(what string) *apiError {
	return &apiError{Code: 404, Reason: "notFound", Message: "Resource Not Found: " + what}
}

func errInvalid(format string, args ...any) *apiError {
	return errf(400, "invalid", "Invalid Input: "+format, args...)
}

func errRequired(field string) *apiError {
	return errf(400, "required", "Invalid Input: missing required field: %s", field)
}

func errBadRequest(format string, args ...any) *apiError {
	return errf(400, "badRequest", "Bad Request: "+format, args...)
}

func errDuplicate(format string, args ...any) *apiError {
	return errf(409, "duplicate", "Entity already exists: "+format, args...)
}

func errConditionNotMet(format string, args ...any) *apiError {
	return errf(412, "conditionNotMet", format, args...)
}
