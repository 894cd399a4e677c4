package domains

import (
	"errors"
	"fmt"
)

// Domain errors. Each is wrapped in a [*resellerkit.Error] of the Kind named
// here, so both errors.Is(err, domains.ErrDomainNotVerified) and
// errors.Is(err, resellerkit.ErrFailedPrecondition) hold.
var (
	// ErrDomainNotVerified: a secondary domain is not verified yet, so no
	// account can use it (rule D4). Kind: FailedPrecondition.
	ErrDomainNotVerified = errors.New("domain not verified")
	// ErrNotResellerDomain: the domain is not a domain of the reseller
	// account, or only an alias of one. Kind: InvalidArgument.
	ErrNotResellerDomain = errors.New("not a domain of this reseller account")
	// ErrOtherDomain: the service acts as an account on one reseller domain
	// and was asked about the customers of another, which that account
	// cannot see (rule D1). Kind: InvalidArgument.
	ErrOtherDomain = errors.New("customers of another reseller domain")
	// ErrCustomerNotManaged: Google refused a customer's details and the
	// reseller domain has no subscription of it. Kind: PermissionDenied.
	ErrCustomerNotManaged = errors.New("customer not managed through this reseller domain")
	// ErrAddressIsAlias: the address asked for is an alias of another
	// account. Kind: FailedPrecondition.
	ErrAddressIsAlias = errors.New("address is an alias of another account")
	// ErrUnknownActor: the Conn does not say which account it acts as, and
	// the method needs it: the Reseller API answers for the reseller
	// domain of that account (rule D1). Build the Conn with
	// resellerkit.WithSubject (a service account) or resellerkit.WithActor
	// (a token source). Kind: FailedPrecondition.
	ErrUnknownActor = errors.New("the Conn does not say which account it acts as")
)

// errUnknownActor is [ErrUnknownActor] with what to do.
var errUnknownActor = fmt.Errorf("%w; the Reseller API answers for the reseller domain of that account (rule D1): "+
	"build the Conn with resellerkit.WithSubject (a service account) or resellerkit.WithActor (a token source)", ErrUnknownActor)

// DomainError says which domain an error is about and what to do.
type DomainError struct {
	Domain string
	Err    error  // one of the sentinels above
	Hint   string // what to do, for people
}

// Error renders "domain d: cause; hint".
func (e *DomainError) Error() string {
	s := "domain " + e.Domain + ": " + e.Err.Error()
	if e.Hint != "" {
		s += "; " + e.Hint
	}
	return s
}

// Unwrap returns the sentinel.
func (e *DomainError) Unwrap() error { return e.Err }
