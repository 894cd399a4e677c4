package errs

import (
	"fmt"

	"github.com/resellerkit/resellerkit"
)

// Errorf returns an *Error of the given kind whose cause is a new error
// formatted from format and args (with %w honoured): the way a service
// raises a local error. Say what was wrong and what to do.
func Errorf(kind resellerkit.Kind, op, format string, args ...any) error {
	return &resellerkit.Error{Kind: kind, Op: op, Err: fmt.Errorf(format, args...)}
}

// New wraps err, a domain error or any other cause, in an *Error of the
// given kind, so both errors.Is(err, cause) and the Kind's sentinel match.
// A nil err gives nil.
func New(kind resellerkit.Kind, op string, err error) error {
	if err == nil {
		return nil
	}
	return &resellerkit.Error{Kind: kind, Op: op, Err: err}
}

// Invalid returns an *Error of [resellerkit.KindInvalidArgument] wrapping a
// [*resellerkit.FieldError]: field is the Go field path ("Case.Title"),
// reason says what is wrong and what to do, without echoing a secret value.
func Invalid(op, field, reason string) error {
	return &resellerkit.Error{Kind: resellerkit.KindInvalidArgument, Op: op,
		Err: &resellerkit.FieldError{Field: field, Reason: reason}}
}

// Call is [resellerkit.Wrap] for the answer of one Google API method, as a
// service's google.go makes it: the returned *Error names the method in
// Call, by its discovery ID ("directory.users.get"), and leaves Op for the
// SDK operation that made the call to set with [ForOp]. An *Error passes
// through, with its Call filled in when empty. nil stays nil.
func Call(call string, err error) error {
	if err == nil {
		return nil
	}
	e, ok := err.(*resellerkit.Error)
	if !ok {
		// Wrap returns a new *Error, this function's to fill, unless an
		// *Error sits deeper in the chain: that one is left as it is.
		w, ok := resellerkit.Wrap("", err).(*resellerkit.Error)
		if !ok {
			return err
		}
		w.Call = call
		return w
	}
	if e.Call != "" {
		return e
	}
	c := *e
	c.Call = call
	return &c
}

// ForOp returns err as an error of the SDK operation op
// ("domains.EnsureAccount"): the method the caller called, whichever
// Google call or inner step failed. An *Error is copied with Op set to op,
// its Call (the Google method that answered) kept, so the message says
// both; a chain that holds an *Error below its head is returned unchanged;
// any other error is classified by [resellerkit.Wrap]. nil stays nil.
//
// The services apply it to what their Google calls and inner steps return,
// so every error a method returns names that method.
func ForOp(op string, err error) error {
	if err == nil {
		return nil
	}
	if e, ok := err.(*resellerkit.Error); ok {
		if e.Op == op {
			return e
		}
		c := *e
		c.Op = op
		return &c
	}
	return resellerkit.Wrap(op, err)
}

// PageSize applies the SDK's one page-size policy to a requested size for
// op: a negative size is an error naming field; 0 is def (0 lets Google
// choose); a size above max is max, the method's cap at Google.
func PageSize(op, field string, size, def, max int) (int, error) {
	switch {
	case size < 0:
		zero := "0 to let Google choose"
		if def > 0 {
			zero = fmt.Sprintf("0 for the default (%d)", def)
		}
		return 0, Invalid(op, field, fmt.Sprintf("%d is negative; give 1 to %d, or %s", size, max, zero))
	case size == 0:
		return def, nil
	case size > max:
		return max, nil
	}
	return size, nil
}
