package domains

import (
	"fmt"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/internal/errs"
)

// Option configures a [Service]. Options are checked by [New]: an invalid
// one is an error of [resellerkit.KindInvalidArgument] naming the option,
// so a misconfiguration cannot go unnoticed. A zero value means the
// default, as each option says. Who the Service acts as and its clock are
// the Conn's; no option sets them.
type Option func(*config) error

type config struct {
	customer          string
	plans             PlanSource
	await             resellerkit.AwaitPolicy
	lookupConcurrency int
	// keeper keeps initial passwords before they are sent; nil: kept
	// only in the results (not crash-safe).
	keeper PasswordKeeper
}

func defaultConfig() config {
	return config{customer: myCustomer, lookupConcurrency: DefaultLookupConcurrency}
}

// WithCustomer sets the Directory customer ID of the reseller account the
// Service works on. The default, also for "", is "my_customer": the tenant
// of the account the Conn acts as.
func WithCustomer(customerID string) Option {
	return func(c *config) error {
		if customerID != "" {
			c.customer = customerID
		}
		return nil
	}
}

// WithPlanSource sets where customers' support plans come from; nil, the
// default, leaves every plan [PlanUnknown]. Google's APIs do not carry
// support plans: the source is the caller's (a [PlanTable], or its billing
// system).
func WithPlanSource(p PlanSource) Option {
	return func(c *config) error {
		c.plans = p
		return nil
	}
}

// WithAwait bounds the visibility poll after a write (rule W5): after
// creating an account or an org unit the Service waits until Google serves
// it, so the next step of a setup can use it. The zero policy means
// resellerkit's defaults (2 minutes); negative durations are an error.
func WithAwait(p resellerkit.AwaitPolicy) Option {
	return func(c *config) error {
		if p.Timeout < 0 || p.Interval < 0 {
			return optErr("WithAwait", "negative durations in %+v", p)
		}
		c.await = p
		return nil
	}
}

// WithLookupConcurrency bounds the customers.get calls a customer listing
// runs at once; 0 means [DefaultLookupConcurrency], a negative n is an
// error. The Conn's pacing still applies underneath (rule W3).
func WithLookupConcurrency(n int) Option {
	return func(c *config) error {
		if n < 0 {
			return optErr("WithLookupConcurrency", "%d is negative; give 1 or more, or 0 for the default (%d)", n, DefaultLookupConcurrency)
		}
		if n > 0 {
			c.lookupConcurrency = n
		}
		return nil
	}
}

// WithPasswordKeeper makes the Service hand every password it is about to
// give an account (a new account's initial password, a [Service.ResetPassword])
// to k first, and send the write only once k has kept it durably: a crash
// between Google's write and the caller saving the result then loses no
// password (crash-safe provisioning). A nil k is an error: leave the option
// out for no keeper. Without a keeper a password is only in the result, and
// a crash before the caller saved it leaves an account whose password
// nobody has (see [Service.ResetPassword]).
func WithPasswordKeeper(k PasswordKeeper) Option {
	return func(c *config) error {
		if k == nil {
			return optErr("WithPasswordKeeper", "the keeper is nil; give one, or leave the option out to keep passwords only in the results")
		}
		c.keeper = k
		return nil
	}
}

// optErr reports an invalid option as a field error named after the option.
func optErr(option, format string, args ...any) error {
	return &resellerkit.FieldError{Field: "domains." + option, Reason: fmt.Sprintf(format, args...)}
}

func buildConfig(opts []Option) (config, error) {
	c := defaultConfig()
	for i, o := range opts {
		if o == nil {
			return c, errs.Invalid("domains.New", fmt.Sprintf("opts[%d]", i), "the option is nil")
		}
		if err := o(&c); err != nil {
			return c, &resellerkit.Error{Kind: resellerkit.KindInvalidArgument, Op: "domains.New", Err: err}
		}
	}
	return c, nil
}
