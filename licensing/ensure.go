package licensing

import (
	"context"
	"errors"
	"fmt"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/internal/bulk"
	"github.com/resellerkit/resellerkit/internal/errs"
)

// EnsureOptions tunes [Service.Ensure] and [Service.EnsureLicensesWith].
// A nil *EnsureOptions means the zero value.
type EnsureOptions struct {
	// Switch lets Ensure move a user who holds another SKU of the product to
	// the wanted SKU, by an update of that license (rule L1). Without it such
	// a user is an error wrapping [ErrOtherSKU], and nothing is written.
	Switch bool
}

func (o *EnsureOptions) switching() bool { return o != nil && o.Switch }

// Ensure makes the user hold a license of this SKU, and reports what it did.
//
//   - Rule L2: a user who already holds it is success,
//     [resellerkit.OutcomeUnchanged] (Google answers 412 conditionNotMet
//     "already has a license").
//   - Rule L1: a user holding another SKU of the product is an error
//     wrapping [ErrOtherSKU], unless opts.Switch: then that license is
//     updated to this SKU, [resellerkit.OutcomeUpdated], never a second
//     license.
//   - Rule S4: no free seat is an error wrapping [ErrNoSeats].
//
// The write lands once although Google's answer can be lost (rule W1):
// after a lost answer the license is read back before the insert is sent
// again, and "already has a license" in answer to that second send is
// this call's own insert, [resellerkit.OutcomeCreated]; a change of SKU
// whose resend finds the old SKU gone is read back on the new one,
// [resellerkit.OutcomeUpdated]. Google cannot tell which send created a
// license, so a license found after a lost answer is reported created,
// even in the rare case that it was there before a send Google did not
// apply.
//
// On failure the outcome is [resellerkit.OutcomeFailed]. customer (ID or
// primary domain) is used only when switching needs to find an SKU this
// package does not know, by listing the product.
//
// Google: licensing.licenseAssignments.insert (and .get after a lost
// answer); when switching, licensing.licenseAssignments.get per known SKU
// of the product (or listForProduct), then licensing.licenseAssignments.patch
func (s *Service) Ensure(ctx context.Context, customer string, product ProductID, sku SKUID, userKey string, opts *EnsureOptions) (Assignment, resellerkit.Outcome, error) {
	const op = "licensing.Ensure"
	if err := s.checkArgs(op, product, sku, userKey); err != nil {
		return Assignment{}, resellerkit.OutcomeFailed, err
	}
	if err := checkID(op, "customer", customer); err != nil {
		return Assignment{}, resellerkit.OutcomeFailed, err
	}
	r := s.ensureOne(ctx, op, customer, product, sku, userKey, opts.switching())
	return r.Assignment, r.Outcome, r.Err
}

func failed(userKey string, err error) AssignmentResult {
	return AssignmentResult{UserKey: userKey, Outcome: resellerkit.OutcomeFailed, Err: err}
}

// requested builds the assignment an unchanged item is known to hold when
// Google did not return it.
func requested(product ProductID, sku SKUID, userKey string) Assignment {
	a := Assignment{UserID: userKey, Product: product, SKU: sku}
	if k, ok := skuByID[sku]; ok && k.Product == product {
		a.SKUName = k.Name
	}
	return a
}

// ensureOne is Ensure without argument checks: the insert-first path.
func (s *Service) ensureOne(ctx context.Context, op, customer string, product ProductID, sku SKUID, userKey string, switching bool) AssignmentResult {
	a, res, err := s.insert(ctx, op, product, sku, userKey)
	err = fixOp(op, err)
	switch {
	case err == nil:
		return AssignmentResult{UserKey: userKey, Outcome: resellerkit.OutcomeCreated, Assignment: a}
	case errors.Is(err, ErrAlreadyAssigned) && res.Lost:
		// Our own insert, whose answer was lost and which the read-back
		// did not show yet (rule W5): created by this call (W1).
		return AssignmentResult{UserKey: userKey, Outcome: resellerkit.OutcomeCreated, Assignment: requested(product, sku, userKey)}
	case errors.Is(err, ErrAlreadyAssigned):
		return AssignmentResult{UserKey: userKey, Outcome: resellerkit.OutcomeUnchanged, Assignment: requested(product, sku, userKey)}
	case errors.Is(err, ErrOtherSKU) && switching:
		from, ferr := s.currentSKU(ctx, op, customer, product, sku, userKey)
		if ferr != nil {
			return failed(userKey, ferr)
		}
		return s.switchSKU(ctx, op, product, from, sku, userKey)
	}
	return failed(userKey, err)
}

// switchSKU updates the user's license from one SKU to another (rule L1).
func (s *Service) switchSKU(ctx context.Context, op string, product ProductID, from, to SKUID, userKey string) AssignmentResult {
	a, err := s.patch(ctx, op, product, from, to, userKey)
	if err != nil {
		return failed(userKey, fixOp(op, err))
	}
	return AssignmentResult{UserKey: userKey, Outcome: resellerkit.OutcomeUpdated, Assignment: a, PreviousSKU: from}
}

// currentSKU finds which other SKU of the product the user holds. The
// Licensing API cannot list one user's licenses, so it asks for each known
// SKU of the product, then falls back to listing the product for the
// customer (which also finds SKUs this package does not know, rule L3).
func (s *Service) currentSKU(ctx context.Context, op, customer string, product ProductID, want SKUID, userKey string) (SKUID, error) {
	for _, k := range SKUsOf(product) {
		if k.ID == want {
			continue
		}
		_, err := s.g.get(ctx, product, k.ID, userKey)
		if err == nil {
			return k.ID, nil
		}
		if resellerkit.KindOf(err) != resellerkit.KindNotFound {
			return "", fixOp(op, err)
		}
	}
	key := foldKey(userKey)
	for a, err := range s.List(ctx, customer, product, nil) {
		if err != nil {
			return "", fixOp(op, err)
		}
		if foldKey(a.UserID) == key && a.SKU != want {
			return a.SKU, nil
		}
	}
	return "", errs.Errorf(resellerkit.KindFailedPrecondition, op,
		"%w: Google says %s holds another SKU of %s, but it is neither a known SKU nor in the customer's listing (pass the primary email, not an alias or ID, or change it with ChangeSKU)",
		ErrOtherSKU, userKey, product)
}

// EnsureLicenses makes every user of userKeys hold a license of this SKU,
// with [EnsureOptions] zero (no switching): see [Service.EnsureLicensesWith].
//
// Google: as [Service.EnsureLicensesWith]
func (s *Service) EnsureLicenses(ctx context.Context, customer string, product ProductID, sku SKUID, userKeys []string, opts *resellerkit.BulkOptions) []AssignmentResult {
	return s.ensureLicenses(ctx, "licensing.EnsureLicenses", customer, product, sku, userKeys, nil, opts)
}

// EnsureLicensesWith makes every user of userKeys hold a license of this SKU,
// as [Service.Ensure] does for one, and returns one [AssignmentResult] per
// key, in input order. It first lists the customer's licenses of the
// product once, so users who already hold the SKU cost no request and a
// second run writes nothing and reports every item
// [resellerkit.OutcomeUnchanged]; the others get one insert each (or one
// update, when eo.Switch and they hold another SKU). Items run with bounded
// concurrency and progress reports (opts), and a failed item does not stop
// the others.
//
// When the job cannot start (invalid arguments, or the first listing
// failed) every item fails with that error and nothing is written.
//
// Google: licensing.licenseAssignments.listForProduct, then
// licensing.licenseAssignments.insert (or .patch) per item to change
func (s *Service) EnsureLicensesWith(ctx context.Context, customer string, product ProductID, sku SKUID, userKeys []string, eo *EnsureOptions, opts *resellerkit.BulkOptions) []AssignmentResult {
	return s.ensureLicenses(ctx, "licensing.EnsureLicensesWith", customer, product, sku, userKeys, eo, opts)
}

// failAll is the result of a job that could not start: every item failed
// with err.
func failAll(userKeys []string, err error) []AssignmentResult {
	out := make([]AssignmentResult, len(userKeys))
	for i, k := range userKeys {
		out[i] = failed(k, err)
	}
	return out
}

func (s *Service) ensureLicenses(ctx context.Context, op, customer string, product ProductID, sku SKUID, userKeys []string, eo *EnsureOptions, opts *resellerkit.BulkOptions) []AssignmentResult {
	if err := s.checkBulk(op, customer, product, sku, opts); err != nil {
		return failAll(userKeys, err)
	}
	if len(userKeys) == 0 {
		return []AssignmentResult{}
	}
	held := map[string]Assignment{}
	for a, err := range s.List(ctx, customer, product, nil) {
		if err != nil {
			return failAll(userKeys, fixOp(op, err))
		}
		held[foldKey(a.UserID)] = a
	}
	switching := eo.switching()
	do := func(ctx context.Context, key string) AssignmentResult {
		if err := checkID(op, "userKey", key); err != nil {
			return failed(key, err)
		}
		cur, ok := held[foldKey(key)]
		switch {
		case !ok:
			return s.ensureOne(ctx, op, customer, product, sku, key, switching)
		case cur.SKU == sku:
			return AssignmentResult{UserKey: key, Outcome: resellerkit.OutcomeUnchanged, Assignment: cur}
		case !switching:
			return failed(key, &resellerkit.Error{Kind: resellerkit.KindFailedPrecondition, Op: op,
				Err: fmt.Errorf("%w: %s holds %s, not %s; change it with ChangeSKU or ensure with Switch (rule L1: one SKU per product)",
					ErrOtherSKU, key, describe(product, cur.SKU), describe(product, sku))})
		}
		r := s.switchSKU(ctx, op, product, cur.SKU, sku, key)
		if resellerkit.KindOf(r.Err) == resellerkit.KindNotFound {
			// The listing was stale (the license changed since): start over
			// from the insert.
			return s.ensureOne(ctx, op, customer, product, sku, key, switching)
		}
		return r
	}
	skipped := func(key string, err error) AssignmentResult {
		return failed(key, errs.New(resellerkit.KindCanceled, op, err))
	}
	return bulk.Run(ctx, userKeys, opts, do, AssignmentResult.Failed, skipped)
}

// checkBulk validates the arguments of a bulk job.
func (s *Service) checkBulk(op, customer string, product ProductID, sku SKUID, opts *resellerkit.BulkOptions) error {
	if err := s.checkList(op, customer, product, &ListOptions{SKU: sku}); err != nil {
		return err
	}
	if err := checkID(op, "sku", string(sku)); err != nil {
		return err
	}
	if opts != nil && opts.Concurrency < 0 {
		return errs.Invalid(op, "BulkOptions.Concurrency", fmt.Sprintf("is %d; use 0 for the default or a positive bound", opts.Concurrency))
	}
	return nil
}
