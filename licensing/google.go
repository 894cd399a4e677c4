package licensing

import (
	"context"
	"fmt"
	"strings"

	licensingapi "google.golang.org/api/licensing/v1"
	resellerapi "google.golang.org/api/reseller/v1"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/internal/gapi"
)

// New returns a Service over Google's Licensing API, reached through conn
// (so every request has its retry and pacing, rules W1-W4). Its default
// [SeatSource] is [ResellerSeats] over the same conn; add or replace it
// with [WithSeatSource] (for instance [SeatSources](ResellerSeats(conn),
// StaticSeats{...}) for a reseller's own Cloud Identity Free seats).
//
// A nil conn gives a Service whose every method returns
// KindInvalidArgument.
func New(conn *resellerkit.Conn, opts ...Option) *Service {
	if conn == nil || conn.Licensing() == nil {
		s := NewWithBackend(googleBackend{}, opts...)
		s.err = resellerkit.InvalidField("licensing.New", "conn", "is nil; create it with resellerkit.Dial")
		return s
	}
	all := append([]Option{WithSeatSource(ResellerSeats(conn))}, opts...)
	return NewWithBackend(googleBackend{api: conn.Licensing()}, all...)
}

// googleBackend is the [Backend] over the generated Licensing client. It
// maps the generated structs to [Assignment] and nothing else: the rules
// live in the Service.
type googleBackend struct {
	api *licensingapi.Service
}

func fromAPI(a *licensingapi.LicenseAssignment) Assignment {
	if a == nil {
		return Assignment{}
	}
	return Assignment{
		UserID:      a.UserId,
		Product:     ProductID(a.ProductId),
		ProductName: a.ProductName,
		SKU:         SKUID(a.SkuId),
		SKUName:     a.SkuName,
		ETag:        a.Etags,
	}
}

// Google: licensing.licenseAssignments.get
func (g googleBackend) GetAssignment(ctx context.Context, product ProductID, sku SKUID, userKey string) (Assignment, error) {
	a, err := g.api.LicenseAssignments.Get(string(product), string(sku), userKey).Context(ctx).Do()
	if err != nil {
		return Assignment{}, resellerkit.WrapCall("licensing.licenseAssignments.get", err)
	}
	return fromAPI(a), nil
}

// Google: licensing.licenseAssignments.insert
func (g googleBackend) InsertAssignment(ctx context.Context, product ProductID, sku SKUID, userKey string) (Assignment, error) {
	a, err := g.api.LicenseAssignments.Insert(string(product), string(sku),
		&licensingapi.LicenseAssignmentInsert{UserId: userKey}).Context(ctx).Do()
	if err != nil {
		return Assignment{}, resellerkit.WrapCall("licensing.licenseAssignments.insert", err)
	}
	return fromAPI(a), nil
}

// Google: licensing.licenseAssignments.patch. The body names the product and
// the new SKU, both required by the API for a reassignment.
func (g googleBackend) PatchAssignment(ctx context.Context, product ProductID, sku SKUID, userKey string, newSKU SKUID) (Assignment, error) {
	a, err := g.api.LicenseAssignments.Patch(string(product), string(sku), userKey,
		&licensingapi.LicenseAssignment{ProductId: string(product), SkuId: string(newSKU)}).Context(ctx).Do()
	if err != nil {
		return Assignment{}, resellerkit.WrapCall("licensing.licenseAssignments.patch", err)
	}
	return fromAPI(a), nil
}

// Google: licensing.licenseAssignments.delete
func (g googleBackend) DeleteAssignment(ctx context.Context, product ProductID, sku SKUID, userKey string) error {
	_, err := g.api.LicenseAssignments.Delete(string(product), string(sku), userKey).Context(ctx).Do()
	return resellerkit.WrapCall("licensing.licenseAssignments.delete", err)
}

// Google: licensing.licenseAssignments.listForProduct (sku "") or
// licensing.licenseAssignments.listForProductAndSku
func (g googleBackend) ListAssignments(ctx context.Context, customer string, product ProductID, sku SKUID, page resellerkit.PageRequest) (resellerkit.Page[Assignment], error) {
	var (
		list   *licensingapi.LicenseAssignmentList
		err    error
		method string
	)
	if sku == "" {
		method = "licensing.licenseAssignments.listForProduct"
		list, err = gapi.Page(g.api.LicenseAssignments.ListForProduct(string(product), customer), page.Size, page.Token).Context(ctx).Do()
	} else {
		method = "licensing.licenseAssignments.listForProductAndSku"
		list, err = gapi.Page(g.api.LicenseAssignments.ListForProductAndSku(string(product), string(sku), customer), page.Size, page.Token).Context(ctx).Do()
	}
	if err != nil {
		return resellerkit.Page[Assignment]{}, resellerkit.WrapCall(method, err)
	}
	out := resellerkit.Page[Assignment]{NextPageToken: list.NextPageToken, Items: make([]Assignment, 0, len(list.Items))}
	for _, a := range list.Items {
		out.Items = append(out.Items, fromAPI(a))
	}
	return out, nil
}

// ResellerSeats returns a [SeatSource] that reads the seats of a resold SKU
// from the customer's Reseller API subscription: numberOfSeats for annual
// plans, maximumNumberOfSeats for flexible and trial plans. A customer with
// no live subscription of the SKU (a reseller's own tenant, for one) is
// KindNotFound, so [SeatSources] can fall back to another source.
//
// Google: reseller.subscriptions.list (customerId filter)
func ResellerSeats(conn *resellerkit.Conn) SeatSource {
	return resellerSeats{api: conn.Reseller()}
}

type resellerSeats struct {
	api *resellerapi.Service
}

// Seats implements [SeatSource].
func (r resellerSeats) Seats(ctx context.Context, customer string, product ProductID, sku SKUID) (Seats, error) {
	const op = "licensing.ResellerSeats"
	if r.api == nil {
		return Seats{}, resellerkit.InvalidField(op, "conn", "is nil; create it with resellerkit.Dial")
	}
	subs := resellerkit.All(ctx, func(ctx context.Context, token string) (resellerkit.Page[*resellerapi.Subscription], error) {
		l, err := gapi.Page(r.api.Subscriptions.List().CustomerId(customer), 100, token).Context(ctx).Do()
		if err != nil {
			return resellerkit.Page[*resellerapi.Subscription]{}, resellerkit.ForOp(op, resellerkit.WrapCall("reseller.subscriptions.list", err))
		}
		return resellerkit.Page[*resellerapi.Subscription]{Items: l.Subscriptions, NextPageToken: l.NextPageToken}, nil
	})
	for s, err := range subs {
		if err != nil {
			return Seats{}, err
		}
		if s == nil || s.SkuId != string(sku) || !strings.EqualFold(s.Status, "ACTIVE") || s.Seats == nil {
			continue
		}
		plan := ""
		if s.Plan != nil {
			plan = s.Plan.PlanName
		}
		switch plan {
		case "FLEXIBLE", "TRIAL":
			return Seats{Total: int(s.Seats.MaximumNumberOfSeats),
				Source: fmt.Sprintf("Reseller API subscription %s (%s: maximumNumberOfSeats)", s.SubscriptionId, plan)}, nil
		default: // ANNUAL (ANNUAL_MONTHLY_PAY is returned as ANNUAL), ANNUAL_YEARLY_PAY
			return Seats{Total: int(s.Seats.NumberOfSeats),
				Source: fmt.Sprintf("Reseller API subscription %s (%s: numberOfSeats)", s.SubscriptionId, plan)}, nil
		}
	}
	return Seats{}, resellerkit.Errorf(resellerkit.KindNotFound, op,
		"customer %s has no active Reseller API subscription of %s", customer, describe(product, sku))
}
