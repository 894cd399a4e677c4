package fake

import (
	"context"
	"fmt"

	licensingapi "google.golang.org/api/licensing/v1"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/licensing"
)

// Licensing returns a [licensing.Backend] that acts on the World directly,
// as the user with this email (or ID) would over HTTP: the same privilege
// checks, the same 412 messages (so the licensing rules L1, L2 and S4 read
// them as they read Google's), the same faults and read-after-write lag,
// without the HTTP round trip and without the Conn's retries. It is also a
// [licensing.SeatSource] reading the World's seat counts, so
// licensing.NewWithBackend uses it for seat usage (rule L4).
func (w *World) Licensing(asEmail string) licensing.Backend {
	return &licensingBackend{w: w, as: asEmail}
}

// LicensingSeats returns a [licensing.SeatSource] over the World's seat
// counts, for a licensing.Service built with licensing.New against the
// Server (pass it with licensing.WithSeatSource): the fake's Reseller API
// lists subscriptions of resold customers only, while the World knows the
// seats of every tenant, the reseller accounts' own Cloud Identity Free
// seats included.
func (w *World) LicensingSeats() licensing.SeatSource {
	return licensing.SeatSourceFunc(w.licensingSeats)
}

func (w *World) licensingSeats(ctx context.Context, customer string, product licensing.ProductID, sku licensing.SKUID) (licensing.Seats, error) {
	const op = "fake.LicensingSeats"
	if err := ctx.Err(); err != nil {
		return licensing.Seats{}, resellerkit.Wrap(op, err)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	t := w.tenantByKey(customer)
	if t == nil {
		return licensing.Seats{}, resellerkit.Errorf(resellerkit.KindNotFound, op, "no tenant %q in the fake world", customer)
	}
	s := t.skus[skuKey{string(product), string(sku)}]
	if s == nil {
		return licensing.Seats{}, resellerkit.Errorf(resellerkit.KindNotFound, op, "tenant %s has no seats of %s/%s", t.id, product, sku)
	}
	return licensing.Seats{Total: s.seats, Source: fmt.Sprintf("fake world (tenant %s)", t.id)}, nil
}

type licensingBackend struct {
	w  *World
	as string
}

// Seats makes the direct backend a [licensing.SeatSource].
func (b *licensingBackend) Seats(ctx context.Context, customer string, product licensing.ProductID, sku licensing.SKUID) (licensing.Seats, error) {
	return b.w.licensingSeats(ctx, customer, product, sku)
}

func directLicense(a *licensingapi.LicenseAssignment) licensing.Assignment {
	if a == nil {
		return licensing.Assignment{}
	}
	return licensing.Assignment{
		UserID:      a.UserId,
		Product:     licensing.ProductID(a.ProductId),
		ProductName: a.ProductName,
		SKU:         licensing.SKUID(a.SkuId),
		SKUName:     a.SkuName,
		ETag:        a.Etags,
	}
}

func (b *licensingBackend) GetAssignment(ctx context.Context, product licensing.ProductID, sku licensing.SKUID, userKey string) (licensing.Assignment, error) {
	a, err := directCall(ctx, b.w, "licensing.licenseAssignments.get", func() (*licensingapi.LicenseAssignment, *APIError) {
		return b.w.getLicense(b.as, string(product), string(sku), userKey)
	})
	return directLicense(a), err
}

func (b *licensingBackend) InsertAssignment(ctx context.Context, product licensing.ProductID, sku licensing.SKUID, userKey string) (licensing.Assignment, error) {
	a, err := directCall(ctx, b.w, "licensing.licenseAssignments.insert", func() (*licensingapi.LicenseAssignment, *APIError) {
		return b.w.insertLicense(b.as, string(product), string(sku), &licensingapi.LicenseAssignmentInsert{UserId: userKey})
	})
	return directLicense(a), err
}

func (b *licensingBackend) PatchAssignment(ctx context.Context, product licensing.ProductID, sku licensing.SKUID, userKey string, newSKU licensing.SKUID) (licensing.Assignment, error) {
	a, err := directCall(ctx, b.w, "licensing.licenseAssignments.patch", func() (*licensingapi.LicenseAssignment, *APIError) {
		return b.w.patchLicense(b.as, string(product), string(sku), userKey,
			&licensingapi.LicenseAssignment{ProductId: string(product), SkuId: string(newSKU)})
	})
	return directLicense(a), err
}

func (b *licensingBackend) DeleteAssignment(ctx context.Context, product licensing.ProductID, sku licensing.SKUID, userKey string) error {
	_, err := directCall(ctx, b.w, "licensing.licenseAssignments.delete", func() (struct{}, *APIError) {
		return struct{}{}, b.w.deleteLicense(b.as, string(product), string(sku), userKey)
	})
	return err
}

func (b *licensingBackend) ListAssignments(ctx context.Context, customer string, product licensing.ProductID, sku licensing.SKUID, page resellerkit.PageRequest) (resellerkit.Page[licensing.Assignment], error) {
	method := "licensing.licenseAssignments.listForProduct"
	if sku != "" {
		method = "licensing.licenseAssignments.listForProductAndSku"
	}
	l, err := directCall(ctx, b.w, method, func() (*licensingapi.LicenseAssignmentList, *APIError) {
		return b.w.listLicenses(b.as, string(product), string(sku), customer, page.Token, int64(page.Size))
	})
	if err != nil {
		return resellerkit.Page[licensing.Assignment]{}, err
	}
	out := resellerkit.Page[licensing.Assignment]{NextPageToken: l.NextPageToken, Items: make([]licensing.Assignment, 0, len(l.Items))}
	for _, a := range l.Items {
		out.Items = append(out.Items, directLicense(a))
	}
	return out, nil
}
