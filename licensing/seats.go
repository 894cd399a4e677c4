package licensing

import (
	"context"
	"fmt"
	"slices"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/internal/errs"
)

// SeatSource tells how many licenses of an SKU a customer may hold in all
// (rule L4). The Licensing API has no such method: the number lives in the
// Reseller API's subscription of a resold SKU ([ResellerSeats], the default
// of [New]) or in the Admin console's billing page of the tenant itself,
// which no API reports (the reseller's own Cloud Identity Free seats:
// configure them with [StaticSeats]). It is an interface because callers
// supply their own: from a config file, a billing system, a database.
//
// A source that does not know the SKU returns an error of
// KindNotFound, so [SeatSources] can try the next one.
type SeatSource interface {
	Seats(ctx context.Context, customer string, product ProductID, sku SKUID) (Seats, error)
}

// SeatSourceFunc adapts a function to [SeatSource].
type SeatSourceFunc func(ctx context.Context, customer string, product ProductID, sku SKUID) (Seats, error)

// Seats calls f.
func (f SeatSourceFunc) Seats(ctx context.Context, customer string, product ProductID, sku SKUID) (Seats, error) {
	return f(ctx, customer, product, sku)
}

// StaticSeats is a [SeatSource] of numbers the caller knows, per SKU, for
// every customer: for a reseller's own tenant, whose Cloud Identity Free
// seats (50 by default) are shown in Admin console › Billing and are not a
// resold subscription.
type StaticSeats map[SKUID]int

// Seats returns the configured number, or KindNotFound.
func (s StaticSeats) Seats(_ context.Context, customer string, product ProductID, sku SKUID) (Seats, error) {
	n, ok := s[sku]
	if !ok {
		return Seats{}, errs.Errorf(resellerkit.KindNotFound, "licensing.StaticSeats",
			"no seat count configured for %s", describe(product, sku))
	}
	return Seats{Total: n, Source: "configured"}, nil
}

// SeatSources returns a [SeatSource] that asks each source in turn and
// answers with the first that knows the SKU. Errors other than KindNotFound
// stop the search: a failing source is not the same as an ignorant one.
func SeatSources(srcs ...SeatSource) SeatSource {
	srcs = slices.DeleteFunc(slices.Clone(srcs), func(s SeatSource) bool { return s == nil })
	return SeatSourceFunc(func(ctx context.Context, customer string, product ProductID, sku SKUID) (Seats, error) {
		for _, s := range srcs {
			n, err := s.Seats(ctx, customer, product, sku)
			if resellerkit.KindOf(err) == resellerkit.KindNotFound {
				continue
			}
			return n, err
		}
		return Seats{}, noSeatSource(customer, product, sku)
	})
}

func noSeatSource(customer string, product ProductID, sku SKUID) error {
	return &resellerkit.Error{Kind: resellerkit.KindNotFound, Op: "licensing.SeatUsage",
		Err: fmt.Errorf("no seat source knows the seats of %s for customer %s; "+
			"resold SKUs are read from the Reseller API, others need licensing.WithSeatSource (e.g. licensing.StaticSeats)",
			describe(product, sku), customer)}
}
