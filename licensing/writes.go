package licensing

import (
	"context"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/internal/bulk"
	"github.com/resellerkit/resellerkit/internal/idem"
)

// The writes of the Service land once although Google's answer to one can
// be lost (rule W1). licenseAssignments.insert is a POST, which the Conn
// does not resend after a 5xx or a broken connection: after such an answer
// the Service reads the license back (licenseAssignments.get) and sends
// the insert again only when the user does not hold it. Google's "already
// has a license" answer to that second send is then the Service's own
// first insert, reported as created. patch and delete are resent by the
// Conn itself (they are idempotent): a 404 to a resent patch means the
// license already moved to the new SKU, read back through the lag of rule
// W5; a 404 to a resent delete is the Service's own earlier delete.

// insert sends licenseAssignments.insert once, and again only when a lost
// answer's read-back does not find the license. Google's answers are
// refined to the package's domain errors; a duplicate
// ([ErrAlreadyAssigned]) comes back with Result.Lost telling whether it
// may be the caller's own license.
//
// Google: licensing.licenseAssignments.insert; after a lost answer,
// licensing.licenseAssignments.get
func (s *Service) insert(ctx context.Context, op string, product ProductID, sku SKUID, userKey string) (Assignment, idem.Result, error) {
	return idem.Do(ctx, s.conn, op, idem.Write[Assignment]{
		Send: func(ctx context.Context) (Assignment, error) {
			a, err := s.g.insert(ctx, product, sku, userKey)
			return a, refine(err, product, sku)
		},
		Landed: func(ctx context.Context) (Assignment, bool, error) { return s.holds(ctx, product, sku, userKey) },
	})
}

// holds reads the user's license of the SKU: ok == false when Google
// answers that the user does not hold it (or not yet, rule W5).
//
// Google: licensing.licenseAssignments.get
func (s *Service) holds(ctx context.Context, product ProductID, sku SKUID, userKey string) (Assignment, bool, error) {
	a, err := s.g.get(ctx, product, sku, userKey)
	switch {
	case err == nil:
		return a, true, nil
	case resellerkit.KindOf(err) == resellerkit.KindNotFound:
		return Assignment{}, false, nil
	}
	return Assignment{}, false, refine(err, product, sku)
}

// patch moves the user's license of the product from one SKU to another.
// The Conn resends the PATCH after a lost answer; when the license is
// already on the new SKU, that resend meets 404 (the old SKU is gone), and
// after a lost answer that is the call's own change (rule W1): the license
// is read back on the new SKU, polled within the Service's AwaitPolicy
// while Google still answers 404 (W5). A patch whose every answer was lost
// is looked up on the new SKU before the Service sends it again.
//
// Google: licensing.licenseAssignments.patch; after a lost answer,
// licensing.licenseAssignments.get
func (s *Service) patch(ctx context.Context, op string, product ProductID, from, to SKUID, userKey string) (Assignment, error) {
	a, res, err := idem.Do(ctx, s.conn, op, idem.Write[Assignment]{
		Send: func(ctx context.Context) (Assignment, error) {
			a, err := s.g.patch(ctx, product, from, userKey, to)
			return a, refine(err, product, to)
		},
		Landed:     func(ctx context.Context) (Assignment, bool, error) { return s.holds(ctx, product, to, userKey) },
		Idempotent: true,
	})
	if err == nil || !res.Lost || resellerkit.KindOf(err) != resellerkit.KindNotFound {
		return a, err
	}
	err = bulk.Await(ctx, s.cfg.await, func(ctx context.Context) error {
		var gerr error
		a, gerr = s.g.get(ctx, product, to, userKey)
		return gerr
	})
	return a, err
}

// remove sends licenseAssignments.delete. The Conn resends a DELETE itself
// after a lost answer; a 404 to that resend is this call's own earlier
// delete (rule W1), so remove reports it as done: nil. Any other 404 (the
// user did not hold the license) is returned as it is.
//
// Google: licensing.licenseAssignments.delete
func (s *Service) remove(ctx context.Context, op string, product ProductID, sku SKUID, userKey string) error {
	return idem.Delete(ctx, s.conn, op, func(ctx context.Context) error {
		return refine(s.g.delete(ctx, product, sku, userKey), product, sku)
	})
}
