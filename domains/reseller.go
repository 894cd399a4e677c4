package domains

import (
	"context"
	"slices"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/internal/errs"
)

// ListDomains returns the reseller account's domains, primary first, then
// the secondary ones by name, each with its verified flag (rule D4) and
// aliases. Names are normalised (rule D3).
//
// Google: directory.domains.list
func (s *Service) ListDomains(ctx context.Context) ([]Domain, error) {
	const op = "domains.ListDomains"
	if err := s.ready(op); err != nil {
		return nil, err
	}
	return s.listDomains(ctx, op)
}

func (s *Service) listDomains(ctx context.Context, op string) ([]Domain, error) {
	raw, err := s.g.listDomains(ctx, s.cfg.customer)
	if err != nil {
		return nil, opErr(op, err)
	}
	out := make([]Domain, 0, len(raw))
	for _, d := range raw {
		n, err := NormalizeDomain(d.Name)
		if err != nil {
			// A name Google stores is valid; an invalid one in the
			// answer is a broken response, and comparing it would be
			// wrong.
			return nil, errs.Errorf(resellerkit.KindUnknown, op, "directory.domains.list returned an invalid domain name: %w", err)
		}
		d.Name = n
		d.Aliases = slices.Clone(d.Aliases)
		for i, a := range d.Aliases {
			if an, err := NormalizeDomain(a.Name); err == nil {
				d.Aliases[i].Name = an
			}
		}
		out = append(out, d)
	}
	sortDomains(out)
	return out, nil
}

// ResellerAccount returns the reseller account the Service works on: its
// customer ID and its domains (see [Service.ListDomains]).
//
// The customer ID is the one given to [WithCustomer]; with the default
// "my_customer" it is read from the user record of the account the Conn
// acts as. A Conn that does not say whom it acts as is then an error
// wrapping [ErrUnknownActor], made before any call: a reseller account
// without its customer ID would send later steps (roles, licenses) to the
// wrong place.
//
// Google: directory.domains.list, directory.users.get (the acting account)
func (s *Service) ResellerAccount(ctx context.Context) (ResellerAccount, error) {
	const op = "domains.ResellerAccount"
	if err := s.ready(op); err != nil {
		return ResellerAccount{}, err
	}
	if s.cfg.customer == myCustomer {
		if _, err := s.actorDomain(op); err != nil {
			return ResellerAccount{}, err
		}
	}
	ds, err := s.listDomains(ctx, op)
	if err != nil {
		return ResellerAccount{}, err
	}
	acct := ResellerAccount{Domains: ds}
	if s.cfg.customer != myCustomer {
		acct.CustomerID = s.cfg.customer
	} else {
		u, err := s.g.getUser(ctx, s.actor)
		if err != nil {
			return ResellerAccount{}, opErr(op, err)
		}
		acct.CustomerID = u.CustomerID
	}
	return acct, nil
}

// CheckDomainUsable returns the domain if accounts may be created on it, and
// otherwise says why (rule D4: a secondary domain must be verified first;
// see [ResellerAccount.CheckUsable] for the errors).
//
// Google: directory.domains.list
func (s *Service) CheckDomainUsable(ctx context.Context, domain string) (Domain, error) {
	const op = "domains.CheckDomainUsable"
	if err := s.ready(op); err != nil {
		return Domain{}, err
	}
	if _, err := normalizeDomain(op, "domain", domain); err != nil {
		return Domain{}, err
	}
	ds, err := s.listDomains(ctx, op)
	if err != nil {
		return Domain{}, err
	}
	return ResellerAccount{Domains: ds}.checkUsable(op, domain)
}

// opErr names op, the SDK operation the caller called, on an error from
// Google or an inner step, keeping its classification and the Google
// call that failed ([errs.ForOp]).
func opErr(op string, err error) error {
	return errs.ForOp(op, err)
}
