package domains

import (
	"context"
	"errors"
	"iter"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/internal/errs"
)

// ListCustomersOptions narrows [Service.ListCustomers]. A nil pointer means
// no filter.
type ListCustomersOptions struct {
	// NamePrefix keeps customers whose domain starts with it
	// (customerNamePrefix).
	NamePrefix string
	// PageSize is the subscriptions.list page size, 1 to 100; 0 means 100,
	// a larger size is clamped to 100 and a negative one is an error.
	PageSize int
}

// maxSubscriptionsPage is the Reseller API's cap on maxResults.
const maxSubscriptionsPage = 100

// subscriptionsPageSize is the subscriptions.list page size for a requested
// one: Google's cap when n is 0 or above the cap; a negative n is an error.
func subscriptionsPageSize(op, field string, n int) (int, error) {
	return errs.PageSize(op, field, n, maxSubscriptionsPage, maxSubscriptionsPage)
}

// ListCustomers returns the customers assigned to resellerDomain: the
// distinct customers of the reseller's subscriptions, in the order the
// listing first names them, each marked with whether it has granted the
// reseller access (rule D5) and with its support plan where the
// [PlanSource] knows it.
//
// Rule D5: a customer whose details Google refuses with 403 (it turned
// reseller access off) is listed with AccessGranted false; it is never
// dropped and never fails the listing. Any other error of customers.get
// does fail it, since a listing that silently lost customers would mislead.
//
// Rule D1: Google shows an account only the customers of its own reseller
// domain, the domain of the Conn's actor. Asking for another domain is an
// error of [resellerkit.KindInvalidArgument] wrapping [ErrOtherDomain]: use
// a Conn acting as an account on that domain. A Conn that does not say whom
// it acts as is an error of [resellerkit.KindFailedPrecondition] wrapping
// [ErrUnknownActor], made before any call: the listing would be another
// domain's customers under resellerDomain's name.
//
// The customers.get calls of each page run concurrently, bounded by
// [WithLookupConcurrency]. The sequence yields an error once and stops.
//
// Google: reseller.subscriptions.list, reseller.customers.get
func (s *Service) ListCustomers(ctx context.Context, resellerDomain string, opts *ListCustomersOptions) iter.Seq2[Customer, error] {
	const op = "domains.ListCustomers"
	return func(yield func(Customer, error) bool) {
		if err := s.ready(op); err != nil {
			yield(Customer{}, err)
			return
		}
		dom, err := s.checkResellerDomain(op, resellerDomain)
		if err != nil {
			yield(Customer{}, err)
			return
		}
		var o ListCustomersOptions
		if opts != nil {
			o = *opts
		}
		size, err := subscriptionsPageSize(op, "ListCustomersOptions.PageSize", o.PageSize)
		if err != nil {
			yield(Customer{}, err)
			return
		}
		// seen is per range, so the sequence can be ranged over again.
		seen := map[string]struct{}{}
		fetch := func(ctx context.Context, token string) (resellerkit.Page[Customer], error) {
			p, err := s.g.listSubscriptions(ctx, subscriptionFilter{customerNamePrefix: o.NamePrefix},
				resellerkit.PageRequest{Size: size, Token: token})
			if err != nil {
				return resellerkit.Page[Customer]{}, opErr(op, err)
			}
			var fresh []Customer
			for _, sub := range p.Items {
				if sub.CustomerID == "" {
					continue
				}
				if _, ok := seen[sub.CustomerID]; ok {
					continue
				}
				seen[sub.CustomerID] = struct{}{}
				fresh = append(fresh, Customer{ID: sub.CustomerID, Domain: softDomain(sub.CustomerDomain), ResellerDomain: dom})
			}
			if err := s.lookupCustomers(ctx, op, fresh); err != nil {
				return resellerkit.Page[Customer]{}, err
			}
			return resellerkit.Page[Customer]{Items: fresh, NextPageToken: p.NextPageToken}, nil
		}
		for c, err := range resellerkit.All(ctx, fetch) {
			if !yield(c, err) {
				return
			}
		}
	}
}

// GetCustomer returns one customer assigned to resellerDomain, marked as
// [Service.ListCustomers] marks it (rules D1, D5).
//
// customers.get answers for the whole reseller account, so the customer's
// subscriptions, which Google lists per reseller domain, decide first
// whether it is assigned to resellerDomain: if not, the error is of
// [resellerkit.KindPermissionDenied] wrapping [ErrCustomerNotManaged] (an
// unknown customer is [resellerkit.KindNotFound]). Then a 403 from
// customers.get means the customer turned reseller access off: it is
// returned with AccessGranted false and no error. Like ListCustomers, it
// needs a Conn that says whom it acts as ([ErrUnknownActor]).
//
// Google: reseller.subscriptions.list, reseller.customers.get
func (s *Service) GetCustomer(ctx context.Context, resellerDomain, customerID string) (Customer, error) {
	const op = "domains.GetCustomer"
	if err := s.ready(op); err != nil {
		return Customer{}, err
	}
	if strings.TrimSpace(customerID) == "" {
		return Customer{}, errs.Invalid(op, "customerID", "is empty; give the customer's ID or primary domain")
	}
	dom, err := s.checkResellerDomain(op, resellerDomain)
	if err != nil {
		return Customer{}, err
	}
	p, err := s.g.listSubscriptions(ctx, subscriptionFilter{customerID: customerID}, resellerkit.PageRequest{Size: 1})
	switch {
	case err != nil && resellerkit.KindOf(err) == resellerkit.KindPermissionDenied:
		return Customer{}, notManaged(op, customerID, dom, err)
	case err != nil:
		return Customer{}, opErr(op, err)
	case len(p.Items) == 0:
		return Customer{}, notManaged(op, customerID, dom, nil)
	}
	sub := p.Items[0]
	c := []Customer{{ID: sub.CustomerID, Domain: softDomain(sub.CustomerDomain), ResellerDomain: dom}}
	if c[0].ID == "" {
		c[0].ID = customerID
	}
	if err := s.lookupCustomers(ctx, op, c); err != nil {
		return Customer{}, err
	}
	return c[0], nil
}

func notManaged(op, customerID, dom string, cause error) error {
	e := &resellerkit.Error{Kind: resellerkit.KindPermissionDenied, Op: op,
		Err: &DomainError{Domain: dom, Err: ErrCustomerNotManaged,
			Hint: "customer " + customerID + " is not managed through this reseller domain, or does not exist; check its assigned reseller domain (rule D1)"}}
	var ge *resellerkit.Error
	if errors.As(cause, &ge) {
		e.Call, e.Status, e.Reason = ge.Call, ge.Status, ge.Reason
	}
	return e
}

// lookupCustomers fills each customer's access flag, record and plan, with
// bounded concurrency. A 403 is rule D5's "not granted"; other errors fail.
func (s *Service) lookupCustomers(ctx context.Context, op string, cs []Customer) error {
	if len(cs) == 0 {
		return nil
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(s.cfg.lookupConcurrency)
	for i := range cs {
		g.Go(func() error {
			c := &cs[i]
			rec, err := s.g.getCustomer(gctx, c.ID)
			switch {
			case err == nil:
				c.AccessGranted = true
				c.DomainVerified = rec.DomainVerified
				if d := softDomain(rec.Domain); d != "" {
					c.Domain = d
				}
			case resellerkit.KindOf(err) == resellerkit.KindPermissionDenied:
				// Rule D5: listed, marked as not granted.
			default:
				return opErr(op, err)
			}
			return s.fillPlan(gctx, op, c)
		})
	}
	return g.Wait()
}

func (s *Service) fillPlan(ctx context.Context, op string, c *Customer) error {
	if s.cfg.plans == nil {
		return nil
	}
	p, err := s.cfg.plans.SupportPlan(ctx, c.ID, c.Domain)
	if err != nil {
		return errs.Errorf(resellerkit.KindOf(err), op, "reading the support plan of customer %s: %w", c.ID, err)
	}
	c.Plan = p
	return nil
}

// checkResellerDomain normalises the reseller domain asked for and checks it
// against the acting account's domain (rule D1).
func (s *Service) checkResellerDomain(op, resellerDomain string) (string, error) {
	dom, err := normalizeDomain(op, "resellerDomain", resellerDomain)
	if err != nil {
		return "", err
	}
	ad, err := s.actorDomain(op)
	if err != nil {
		return "", err
	}
	if ad != dom {
		return "", errs.New(resellerkit.KindInvalidArgument, op, &DomainError{Domain: dom, Err: ErrOtherDomain,
			Hint: "this service acts as " + s.actor + ", which sees only the customers assigned to " + ad +
				" (rule D1); use a Conn acting as an account on " + dom})
	}
	return dom, nil
}

// ListSubscriptionsOptions narrows [Service.ListSubscriptions]. A nil
// pointer means no filter.
type ListSubscriptionsOptions struct {
	CustomerID string // a customer ID or primary domain
	NamePrefix string // customerNamePrefix
	PageSize   int    // 1 to 100; 0 means 100, more is clamped to 100, negative is an error
}

// ListSubscriptions returns the reseller's subscriptions as Google lists
// them for the acting account, customer domains normalised (rule D3).
//
// Google: reseller.subscriptions.list
func (s *Service) ListSubscriptions(ctx context.Context, opts *ListSubscriptionsOptions) iter.Seq2[Subscription, error] {
	const op = "domains.ListSubscriptions"
	var o ListSubscriptionsOptions
	if opts != nil {
		o = *opts
	}
	return func(yield func(Subscription, error) bool) {
		if err := s.ready(op); err != nil {
			yield(Subscription{}, err)
			return
		}
		size, err := subscriptionsPageSize(op, "ListSubscriptionsOptions.PageSize", o.PageSize)
		if err != nil {
			yield(Subscription{}, err)
			return
		}
		fetch := func(ctx context.Context, token string) (resellerkit.Page[Subscription], error) {
			p, err := s.g.listSubscriptions(ctx, subscriptionFilter{customerID: o.CustomerID, customerNamePrefix: o.NamePrefix},
				resellerkit.PageRequest{Size: size, Token: token})
			if err != nil {
				return resellerkit.Page[Subscription]{}, opErr(op, err)
			}
			for i := range p.Items {
				p.Items[i].CustomerDomain = softDomain(p.Items[i].CustomerDomain)
			}
			return p, nil
		}
		for sub, err := range resellerkit.All(ctx, fetch) {
			if !yield(sub, err) {
				return
			}
		}
	}
}

// softDomain normalises a domain Google returned; a value that does not
// normalise is kept as given rather than lost.
func softDomain(d string) string {
	if d == "" {
		return ""
	}
	if n, err := NormalizeDomain(d); err == nil {
		return n
	}
	return d
}
