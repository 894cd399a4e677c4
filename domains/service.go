package domains

import (
	"context"
	"strings"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/internal/bulk"
	"github.com/resellerkit/resellerkit/internal/errs"
)

// myCustomer is the Directory API's alias for the caller's own tenant.
const myCustomer = "my_customer"

// DefaultLookupConcurrency bounds the customers.get calls a customer listing
// makes at once, when [WithLookupConcurrency] does not say otherwise.
const DefaultLookupConcurrency = 8

// Service reads and sets up a reseller account's domains, customers, staff
// accounts and org units. It holds the rules (D1, D3, D4, D5, S3) and calls
// Google through the Conn it was built with. It is safe for concurrent use.
type Service struct {
	g *googleAPI
	// conn is the Conn the Service was built with: its clock and its
	// retry policy, which the Service follows when it resends a write the
	// transport does not resend (rule W1, package idem).
	conn *resellerkit.Conn
	cfg  config
	// actor is the normalised primary email of the account the Conn acts
	// as, or "" when the Conn does not say.
	actor string
}

// New returns a Service over Google's Directory and Reseller APIs, through
// conn: every call goes through the Conn's retry and pacing (rules W1-W4).
//
// The account the Conn acts as ([resellerkit.Conn.Actor]: its
// resellerkit.WithSubject user, or the resellerkit.WithActor user of a
// token-based Conn) decides which customers the Reseller API shows: those
// of that account's reseller domain (rule D1). The customer methods
// ([Service.ListCustomers], [Service.GetCustomer]) and
// [Service.ResellerAccount] need it; on a Conn that does not say whom it
// acts as they fail with an error wrapping [ErrUnknownActor], rather than
// answer for a domain the caller did not mean.
//
// Scopes: admin.directory.user, admin.directory.orgunit,
// admin.directory.domain.readonly, apps.order.readonly (the read-only
// directory scopes suffice for the listings).
//
// A nil conn, a nil option or an invalid one is an error of
// [resellerkit.KindInvalidArgument] naming it.
func New(conn *resellerkit.Conn, opts ...Option) (*Service, error) {
	const op = "domains.New"
	if conn == nil {
		return nil, errs.Invalid(op, "conn", "is nil; build one with resellerkit.Dial (or fake.Server.Conn for the fake)")
	}
	cfg, err := buildConfig(opts)
	if err != nil {
		return nil, err
	}
	var actor string
	if a := conn.Actor(); a != "" {
		if actor, err = normalizeEmail(op, "conn.Actor()", a); err != nil {
			return nil, err
		}
	}
	return &Service{g: &googleAPI{dir: conn.Directory(), res: conn.Reseller()}, conn: conn, cfg: cfg, actor: actor}, nil
}

// ready reports a nil Service instead of panicking.
func (s *Service) ready(op string) error {
	if s == nil || s.g == nil {
		return errs.Errorf(resellerkit.KindInvalidArgument, op,
			"the *domains.Service is nil; build it with domains.New(conn)")
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

// actorDomain returns the normalised domain of the acting account: the
// reseller domain the Reseller API answers for (rule D1). A Conn that does
// not say whom it acts as is an error wrapping [ErrUnknownActor].
func (s *Service) actorDomain(op string) (string, error) {
	if s.actor == "" {
		return "", errs.New(resellerkit.KindFailedPrecondition, op, errUnknownActor)
	}
	return s.actor[strings.LastIndexByte(s.actor, '@')+1:], nil
}

func (s *Service) awaitVisible(ctx context.Context, check func(context.Context) error) error {
	return bulk.Await(ctx, s.cfg.await, check)
}
