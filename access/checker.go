package access

import (
	"context"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/internal/errs"
	"github.com/resellerkit/resellerkit/roles"
)

// Checker reads the facts of one account at a time and decides, for callers
// that ask one question at a time: the cases package before filing (rule
// C1), a dashboard cell, a support script. Reading is I/O and can fail;
// deciding is [Decide], pure. For many accounts at once, use [Gather] and
// [ComputeCoverage].
//
// A Checker is safe for concurrent use.
type Checker struct {
	domains  *domains.Service
	roles    *roles.Service
	customer string
}

// CheckerOptions tunes a [Checker]. A nil *CheckerOptions means the defaults.
type CheckerOptions struct {
	// Customer is the reseller account's customer ID for the Directory's
	// role calls; "" means "my_customer", the tenant of the acting account.
	Customer string
}

// NewChecker returns a Checker reading accounts through d and their roles
// through r, both acting as an admin of the reseller account. The clock of
// the roles service's Conn ([resellerkit.Conn.Now]) is the facts' read time.
func NewChecker(d *domains.Service, r *roles.Service, opts *CheckerOptions) *Checker {
	c := &Checker{domains: d, roles: r, customer: "my_customer"}
	if opts != nil && opts.Customer != "" {
		c.customer = opts.Customer
	}
	return c
}

// Facts reads the facts of the account email: its state (P5) and its
// effective privileges (P3, P4), as read now (P8).
//
// Any failure to read is an error, never a denial (rule P7); an account
// Google does not know is an error of [resellerkit.KindNotFound].
//
// Google: directory.users.get, directory.roleAssignments.list,
// directory.roles.get, directory.privileges.list (cached)
func (c *Checker) Facts(ctx context.Context, email string) (Facts, error) {
	const op = "access.Checker.Facts"
	if c == nil || c.domains == nil || c.roles == nil {
		return Facts{}, errs.Errorf(resellerkit.KindInvalidArgument, op,
			"the Checker has no domains or roles service; build it with access.NewChecker(domains, roles, nil)")
	}
	a, err := c.domains.GetAccount(ctx, email)
	if err != nil {
		return Facts{}, err
	}
	eff, err := c.roles.Effective(ctx, c.customer, a.ID)
	if err != nil {
		return Facts{}, err
	}
	return Facts{Email: a.Email, State: stateOf(a), Effective: eff, ReadAt: eff.ReadAt}, nil
}

// Decide reads the facts of email and decides under profile. The error is
// only ever a failure to read (P7): a denial is a Decision.
func (c *Checker) Decide(ctx context.Context, email string, profile Profile) (Decision, error) {
	f, err := c.Facts(ctx, email)
	if err != nil {
		return Decision{}, err
	}
	return Decide(f, profile), nil
}

// VisibleCustomers returns the customers the account email sees in the
// portal under profile, with its decision: the customers assigned to the
// account's own reseller domain (D1), each marked with whether it granted
// the reseller access (D5). A denied account sees none.
//
// The customers are listed through customers, a service acting as an
// account on the same reseller domain (Google answers the Reseller API for
// the acting account's sign-in domain); nil means the Checker's domains
// service.
//
// Google: as [Checker.Facts], and reseller.subscriptions.list,
// reseller.customers.get
func (c *Checker) VisibleCustomers(ctx context.Context, email string, profile Profile, customers *domains.Service) ([]domains.Customer, Decision, error) {
	d, err := c.Decide(ctx, email, profile)
	if err != nil || !d.Allowed {
		return nil, d, err
	}
	if customers == nil {
		customers = c.domains
	}
	cs, err := resellerkit.Collect(customers.ListCustomers(ctx, d.Domain, nil))
	if err != nil {
		return nil, d, err
	}
	return Visible(d, cs), d, nil
}
