package domains

import (
	"context"

	"github.com/resellerkit/resellerkit"
)

// myCustomer is the Directory API's alias for the caller's own tenant.
const myCustomer = "my_customer"

// DefaultLookupConcurrency bounds the customers.get calls a customer listing
// makes at once, when [WithLookupConcurrency] does not say otherwise.
const DefaultLookupConcurrency = 8

// Service reads and sets up a reseller account's domains, customers, staff
// accounts and org units. It holds the rules (D1, D3, D4, D5, S3); the
// [Backend] only talks to Google or to a fake. It is safe for concurrent use.
type Service struct {
	b     Backend
	cfg   config
	err   error  // a configuration error, returned by every method
	nilOp string // set when the Service was built without a backend
}

// NewWithBackend returns a Service over b. A nil b or an invalid option
// makes every method return an error of [resellerkit.KindInvalidArgument].
func NewWithBackend(b Backend, opts ...Option) *Service {
	cfg, err := buildConfig(opts)
	if err != nil {
		// Methods that cannot return an error (Customer) then see the
		// defaults, never a half-applied configuration.
		cfg, _ = buildConfig(nil)
	}
	s := &Service{b: b, cfg: cfg, err: err}
	if b == nil {
		s.nilOp = "domains.NewWithBackend"
	}
	return s
}

// ready reports a Service built without a backend, instead of panicking.
func (s *Service) ready(op string) error {
	if s != nil && s.err != nil {
		return s.err
	}
	if s == nil || s.b == nil {
		what := "a nil Backend"
		if s != nil && s.nilOp == "domains.New" {
			what = "a nil Conn"
		}
		return resellerkit.Errorf(resellerkit.KindInvalidArgument, op,
			"the Service was built with %s; build it with domains.New(conn) or domains.NewWithBackend(b)", what)
	}
	return nil
}

// Customer returns the Directory customer ID the Service works on
// ("my_customer" unless [WithCustomer] set one), or "" for a nil Service.
func (s *Service) Customer() string {
	if s == nil {
		return ""
	}
	return s.cfg.customer
}

// actor returns the acting account's email, or "" when unknown.
func (s *Service) actor() string {
	if s.cfg.actor != "" {
		return s.cfg.actor
	}
	return s.b.Actor()
}

// actorDomain returns the normalised domain of the backend's acting
// account, or "" when unknown.
func (s *Service) actorDomain() string {
	a := s.actor()
	if a == "" {
		return ""
	}
	d, err := DomainOf(a)
	if err != nil {
		return ""
	}
	return d
}

func (s *Service) awaitVisible(ctx context.Context, check func(context.Context) error) error {
	return resellerkit.Await(ctx, s.cfg.await, check)
}
