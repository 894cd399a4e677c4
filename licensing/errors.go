package licensing

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode"

	"google.golang.org/api/googleapi"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/internal/errs"
)

// Domain errors of the package. Each is also the sentinel of its
// [resellerkit.Kind], so a caller may test either:
//
//	errors.Is(err, licensing.ErrNoSeats)              // the precise cause
//	errors.Is(err, resellerkit.ErrFailedPrecondition) // its class
var (
	// ErrNoSeats: every seat of the SKU is taken (rule S4). Only a super admin
	// of the customer can add seats.
	ErrNoSeats error = &sentinel{"no free seat", resellerkit.ErrFailedPrecondition}

	// ErrOtherSKU: the user holds another SKU of the same product (rule L1). A
	// user holds at most one SKU per product, so the license must be changed
	// (an update), never added.
	ErrOtherSKU error = &sentinel{"the user holds another SKU of this product", resellerkit.ErrFailedPrecondition}

	// ErrAutoLicensed: Google refuses to remove or switch a license it assigned
	// automatically (site-based licensing, as Cloud Identity's).
	ErrAutoLicensed error = &sentinel{"the license was assigned automatically", resellerkit.ErrFailedPrecondition}

	// ErrAlreadyAssigned: a plain [Service.Assign] of a license the user
	// already holds (rule L2). [Service.Ensure] treats the same answer as
	// success.
	ErrAlreadyAssigned error = &sentinel{"the user already holds this license", resellerkit.ErrAlreadyExists}
)

// sentinel is a domain error that also matches the sentinel of its class.
type sentinel struct {
	msg   string
	class error
}

func (s *sentinel) Error() string { return s.msg }
func (s *sentinel) Unwrap() error { return s.class }

// noSeatsHint is what a person must do when seats run out (rule S4).
const noSeatsHint = "a super admin of the customer must request more seats " +
	"(Admin console › Billing › Subscriptions; for Cloud Identity Free, which is free, ask Google support for more licenses)"

// Google's 412 conditionNotMet answers all share one reason; only the message
// tells them apart (reference: the "Error codes" table of the Licensing API
// guide). This is the one place where the package reads a message, and only
// after the status and reason have matched.
var conditionMessages = []struct {
	prefix string
	err    error
	kind   resellerkit.Kind
}{
	{"user already has a license for the specified product and sku", ErrAlreadyAssigned, resellerkit.KindAlreadyExists},
	{"user already has a license of the product, but with a different sku", ErrOtherSKU, resellerkit.KindFailedPrecondition},
	{"there aren't enough available licenses", ErrNoSeats, resellerkit.KindFailedPrecondition},
	{"there are not enough available licenses", ErrNoSeats, resellerkit.KindFailedPrecondition},
	{"auto license switching is not allowed", ErrAutoLicensed, resellerkit.KindFailedPrecondition},
	{"auto license un-assignment is not allowed", ErrAutoLicensed, resellerkit.KindFailedPrecondition},
}

// refine turns Google's 412 answers, which [errs.Call] classifies
// as [resellerkit.KindFailedPrecondition], into this package's domain errors.
// Google has also been seen sending the same messages with status 500 and
// reason conditionNotMet, so the reason decides, not the status. Other
// errors pass through unchanged.
func refine(err error, product ProductID, sku SKUID) error {
	if err == nil {
		return nil
	}
	for _, c := range conditionMessages {
		if errors.Is(err, c.err) {
			return err // an inner step already refined it
		}
	}
	var ge *googleapi.Error
	if !errors.As(err, &ge) {
		return err
	}
	if !isConditionNotMet(ge) {
		return err
	}
	msg := strings.ToLower(strings.TrimSpace(ge.Message))
	for _, c := range conditionMessages {
		if !strings.HasPrefix(msg, c.prefix) {
			continue
		}
		out := &resellerkit.Error{Kind: c.kind, Status: ge.Code, Reason: "conditionNotMet"}
		var re *resellerkit.Error
		if errors.As(err, &re) {
			out.Op, out.Call, out.RetryAfter = re.Op, re.Call, re.RetryAfter
		}
		switch c.err {
		case ErrNoSeats:
			out.Err = fmt.Errorf("%w of %s: %s: %w", ErrNoSeats, describe(product, sku), noSeatsHint, ge)
		case ErrOtherSKU:
			out.Err = fmt.Errorf("%w (%s): change it with an update (Service.ChangeSKU, or Ensure with Switch) instead of adding a second license: %w",
				ErrOtherSKU, product, ge)
		case ErrAutoLicensed:
			out.Err = fmt.Errorf("%w (Cloud Identity licenses are site-based and cannot be removed or switched): %w", ErrAutoLicensed, ge)
		default:
			out.Err = fmt.Errorf("%w (%s): %w", c.err, describe(product, sku), ge)
		}
		return out
	}
	return err
}

func isConditionNotMet(ge *googleapi.Error) bool {
	for _, it := range ge.Errors {
		if it.Reason == "conditionNotMet" {
			return true
		}
	}
	// An envelope without reasons: the status alone says precondition.
	return len(ge.Errors) == 0 && ge.Code == http.StatusPreconditionFailed
}

// describe names an SKU for messages: "Cloud Identity Free (101001/1010010001)".
func describe(product ProductID, sku SKUID) string {
	if s, ok := skuByID[sku]; ok && s.Product == product {
		return s.Name + " (" + string(product) + "/" + string(sku) + ")"
	}
	return string(product) + "/" + string(sku)
}

func invalidSKU(op, reason string) error {
	return errs.Invalid(op, "SKU", reason)
}

// checkID rejects IDs that cannot be a product, SKU, customer or user key:
// empty, too long, or holding spaces, control characters or a slash (which
// would change the request path).
func checkID(op, field, v string) error {
	var what string
	switch {
	case v == "":
		what = "is empty"
	case len(v) > 320:
		what = "is longer than 320 bytes"
	case strings.ContainsRune(v, '/'):
		what = "contains a slash"
	case strings.IndexFunc(v, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0:
		what = "contains a space or a control character"
	default:
		return nil
	}
	return errs.Invalid(op, field, what+"; "+idHint(field))
}

// idHint says what an ID argument should hold.
func idHint(field string) string {
	switch field {
	case "customer":
		return `give the customer ID ("C01abc234") or its primary domain`
	case "userKey":
		return "give the user's primary email, an alias or the user ID"
	case "product", "SKU (product part)":
		return "give a product ID such as licensing.ProductCloudIdentityFree (see Catalog)"
	}
	return "give an SKU ID such as licensing.SKUCloudIdentityFree (see Catalog, or ParseSKU for a name)"
}
