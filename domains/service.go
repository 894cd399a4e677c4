package domains

import (
	"context"
	"strings"

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
	nilOp string // set when the Service was built without a backend
}

type config struct {
	customer          string
	plans             PlanSource
	await             resellerkit.AwaitPolicy
	lookupConcurrency int
	actor             string
}

// Option configures a [Service]. Options cannot fail: a zero or negative
// value means the default, as each option says.
type Option func(*config)

// WithCustomer sets the Directory customer ID of the reseller account the
// Service works on. The default, also for "", is "my_customer": the tenant
// of the account the Conn acts as.
func WithCustomer(customerID string) Option {
	return func(c *config) {
		if customerID != "" {
			c.customer = customerID
		}
	}
}

// WithActor names the account the Service acts as, when the backend
// cannot tell (a Conn built from a token source has no subject). It enables
// the rule D1 check of the customer listings and lets
// [Service.ResellerAccount] learn the customer ID. It overrides what the
// backend says; "" leaves the backend's answer.
func WithActor(email string) Option {
	return func(c *config) { c.actor = strings.TrimSpace(email) }
}

// WithPlanSource sets where customers' support plans come from; nil, the
// default, leaves every plan [PlanUnknown].
func WithPlanSource(p PlanSource) Option {
	return func(c *config) { c.plans = p }
}

// WithAwait bounds the visibility poll after a write (rule W5): after
// creating an account or an org unit the Service waits until Google serves
// it, so the next step of a setup can use it. The zero policy means
// resellerkit's defaults (2 minutes).
func WithAwait(p resellerkit.AwaitPolicy) Option {
	return func(c *config) { c.await = p }
}

// WithLookupConcurrency bounds the customers.get calls a customer listing
// runs at once; n <= 0 means [DefaultLookupConcurrency]. The Conn's pacing
// still applies underneath (rule W3).
func WithLookupConcurrency(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.lookupConcurrency = n
		}
	}
}

// NewWithBackend returns a Service over b. A nil b gives a Service whose
// methods all fail with [resellerkit.KindInvalidArgument].
func NewWithBackend(b Backend, opts ...Option) *Service {
	s := &Service{b: b, cfg: config{customer: myCustomer, lookupConcurrency: DefaultLookupConcurrency}}
	for _, o := range opts {
		if o != nil {
			o(&s.cfg)
		}
	}
	if b == nil {
		s.nilOp = "domains.NewWithBackend"
	}
	return s
}

// ready reports a Service built without a backend, instead of panicking.
func (s *Service) ready(op string) error {
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
