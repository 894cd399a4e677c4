package licensing

import (
	"context"
	"fmt"
	"strings"

	licensingapi "google.golang.org/api/licensing/v1"
	resellerapi "google.golang.org/api/reseller/v1"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/internal/errs"
	"github.com/resellerkit/resellerkit/internal/gapi"
)

// google is the Service's way to Google's Licensing API, one request per
// method over the generated client: no iteration, no retries of its own
// (the Conn's transport retries and paces), no business rules. It maps the
// generated structs to [Assignment]; errors are *resellerkit.Error values
// naming the API method in Call, whose chain holds Google's
// *googleapi.Error, from which the Service reads Google's 412 answers.
type google struct {
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

// get returns the user's license of this SKU; KindNotFound when the user
// does not hold it.
//
// Google: licensing.licenseAssignments.get
func (g google) get(ctx context.Context, product ProductID, sku SKUID, userKey string) (Assignment, error) {
	a, err := g.api.LicenseAssignments.Get(string(product), string(sku), userKey).Context(ctx).Do()
	if err != nil {
		return Assignment{}, errs.Call("licensing.licenseAssignments.get", err)
	}
	return fromAPI(a), nil
}

// insert gives the user a license of this SKU.
//
// Google: licensing.licenseAssignments.insert
func (g google) insert(ctx context.Context, product ProductID, sku SKUID, userKey string) (Assignment, error) {
	a, err := g.api.LicenseAssignments.Insert(string(product), string(sku),
		&licensingapi.LicenseAssignmentInsert{UserId: userKey}).Context(ctx).Do()
	if err != nil {
		return Assignment{}, errs.Call("licensing.licenseAssignments.insert", err)
	}
	return fromAPI(a), nil
}

// patch changes the user's license of the product from sku to newSKU. The
// body names the product and the new SKU, both required by the API for a
// reassignment.
//
// Google: licensing.licenseAssignments.patch
func (g google) patch(ctx context.Context, product ProductID, sku SKUID, userKey string, newSKU SKUID) (Assignment, error) {
	a, err := g.api.LicenseAssignments.Patch(string(product), string(sku), userKey,
		&licensingapi.LicenseAssignment{ProductId: string(product), SkuId: string(newSKU)}).Context(ctx).Do()
	if err != nil {
		return Assignment{}, errs.Call("licensing.licenseAssignments.patch", err)
	}
	return fromAPI(a), nil
}

// delete removes the user's license of this SKU.
//
// Google: licensing.licenseAssignments.delete
func (g google) delete(ctx context.Context, product ProductID, sku SKUID, userKey string) error {
	_, err := g.api.LicenseAssignments.Delete(string(product), string(sku), userKey).Context(ctx).Do()
	return errs.Call("licensing.licenseAssignments.delete", err)
}

// list returns one page of the customer's licenses of the product, of one
// SKU when sku is not "".
//
// Google: licensing.licenseAssignments.listForProduct (sku "") or
// licensing.licenseAssignments.listForProductAndSku
func (g google) list(ctx context.Context, customer string, product ProductID, sku SKUID, page resellerkit.PageRequest) (resellerkit.Page[Assignment], error) {
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
		return resellerkit.Page[Assignment]{}, errs.Call(method, err)
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
		return Seats{}, errs.Invalid(op, "conn", "is nil; create it with resellerkit.Dial")
	}
	subs := resellerkit.All(ctx, func(ctx context.Context, token string) (resellerkit.Page[*resellerapi.Subscription], error) {
		l, err := gapi.Page(r.api.Subscriptions.List().CustomerId(customer), 100, token).Context(ctx).Do()
		if err != nil {
			return resellerkit.Page[*resellerapi.Subscription]{}, errs.ForOp(op, errs.Call("reseller.subscriptions.list", err))
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
	return Seats{}, errs.Errorf(resellerkit.KindNotFound, op,
		"customer %s has no active Reseller API subscription of %s; for seats no API reports (a reseller's own Cloud Identity Free seats, in Admin console › Billing), "+
			"configure them with licensing.WithSeatSource(licensing.SeatSources(licensing.ResellerSeats(conn), licensing.StaticSeats{...}))",
		customer, describe(product, sku))
}
