package cases

import (
	"fmt"

	"github.com/resellerkit/resellerkit/cases/pii"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/internal/errs"
)

// DefaultPageSize is the page size of a listing when the caller sets none.
const DefaultPageSize = 50

// MaxPageSize bounds a listing's page size.
const MaxPageSize = 500

// Option configures a [Service] or a [CustomerView]. Options are checked
// when the Service is built: an invalid one makes [New] or
// [NewCustomerView] return an error of [resellerkit.KindInvalidArgument]
// naming the option, so a misconfiguration cannot go unnoticed. Whom the
// Service acts as and its clock are the Conn's ([resellerkit.Conn.Actor],
// [resellerkit.Conn.Now]); no option sets them. What a Service cannot work
// without is in its [Config] (or [CustomerViewConfig]), never an option.
type Option func(*config) error

type config struct {
	portal    Portal
	customers Customers
	plans     domains.PlanSource
	guard     pii.Guard
	pageSize  int
}

// WithPortal sets the portal decisions that rule C1 checks before filing
// (for instance [CheckerPortal]). Without it [Service.Create] fails: a case
// cannot be filed without knowing that the filer may use the portal.
func WithPortal(p Portal) Option {
	return func(c *config) error {
		if p == nil {
			return errs.Invalid("cases.WithPortal", "WithPortal", "is nil")
		}
		c.portal = p
		return nil
	}
}

// WithCustomers sets the customer lookup that rule C1 checks before filing
// (a [*domains.Service] will do). Without it [Service.Create] fails.
func WithCustomers(cs Customers) Option {
	return func(c *config) error {
		if cs == nil {
			return errs.Invalid("cases.WithCustomers", "WithCustomers", "is nil")
		}
		c.customers = cs
		return nil
	}
}

// WithPlans sets the source of customers' support plans, which rule C8
// reads (a [*domains.PlanTable] will do): Google's APIs do not carry them.
// Without it [Service.Escalate] fails.
func WithPlans(p domains.PlanSource) Option {
	return func(c *config) error {
		if p == nil {
			return errs.Invalid("cases.WithPlans", "WithPlans", "is nil")
		}
		c.plans = p
		return nil
	}
}

// WithAllowedPII lets the given kinds of personal data through the guard of
// rule C3, for a caller that must send them on purpose. By default every
// kind is refused.
func WithAllowedPII(kinds ...pii.Kind) Option {
	return func(c *config) error {
		for _, k := range kinds {
			if k.Name() == "" {
				return errs.Invalid("cases.WithAllowedPII", "WithAllowedPII", fmt.Sprintf("kind %d is not a pii.Kind", uint8(k)))
			}
		}
		c.guard = pii.Allow(kinds...)
		return nil
	}
}

// WithPageSize sets the page size of listings, from 1 to [MaxPageSize]
// (default [DefaultPageSize]); a size outside that range is an error.
func WithPageSize(n int) Option {
	return func(c *config) error {
		if n < 1 || n > MaxPageSize {
			return errs.Invalid("cases.WithPageSize", "WithPageSize", fmt.Sprintf("is %d; give 1 to %d", n, MaxPageSize))
		}
		c.pageSize = n
		return nil
	}
}

func buildConfig(op string, opts []Option) (config, error) {
	cfg := config{pageSize: DefaultPageSize}
	for i, o := range opts {
		if o == nil {
			return config{}, errs.Invalid(op, fmt.Sprintf("opts[%d]", i), "the option is nil; remove it")
		}
		if err := o(&cfg); err != nil {
			return config{}, err
		}
	}
	return cfg, nil
}
