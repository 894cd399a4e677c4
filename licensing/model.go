package licensing

import "github.com/resellerkit/resellerkit"

// Assignment is one license held by one user: a LicenseAssignment of the
// Licensing API.
type Assignment struct {
	// UserID is the user's current primary email address, as Google returns
	// it. It changes when the user is renamed: do not key stored data on it.
	UserID      string
	Product     ProductID
	ProductName string
	SKU         SKUID
	SKUName     string
	ETag        string
}

// AssignmentResult is what a bulk ensure ([Service.EnsureLicenses]) did
// for one user, one per input key, in input order.
type AssignmentResult struct {
	// UserKey is the key the caller gave (email, alias or user ID).
	UserKey string
	// Assignment is the license as it stands after the operation; for an
	// unchanged item it may come from a listing or be built from the request
	// (then ETag and the display names from Google are empty).
	Assignment Assignment
	// Outcome: OutcomeCreated (a license was inserted), OutcomeUpdated (the
	// user's other SKU of the product was changed to this one, rule L1),
	// OutcomeUnchanged (the user already held it, rule L2) or OutcomeFailed.
	Outcome resellerkit.Outcome
	// PreviousSKU is the SKU the user held before an update, else "".
	PreviousSKU SKUID
	// Err is set when Outcome is OutcomeFailed.
	Err error
}

// Failed reports whether the item failed.
func (r AssignmentResult) Failed() bool { return r.Outcome == resellerkit.OutcomeFailed }

// Seats is how many licenses of one SKU a customer may hold in all, and where
// that number comes from. The Licensing API has no seat-count method, so a
// [SeatSource] provides it.
type Seats struct {
	Total int
	// Source says where Total was read, for people: "Reseller API
	// subscription 123 (FLEXIBLE: maximumNumberOfSeats)", "configured", ...
	Source string
}

// SeatUsage is the seat usage of one SKU for one customer (rule L4): how
// many licenses are assigned versus how many the customer may assign.
type SeatUsage struct {
	Customer string
	Product  ProductID
	SKU      SKUID
	SKUName  string
	// Assigned counts the users holding the SKU, by listing them
	// (licensing.licenseAssignments.listForProductAndSku).
	Assigned int
	// Available is the customer's total number of seats of the SKU,
	// assigned ones included, from the service's [SeatSource].
	Available int
	// Source says where Available comes from.
	Source string
}

// Free returns the seats still free: Available minus Assigned, never below 0.
func (u SeatUsage) Free() int { return max(u.Available-u.Assigned, 0) }

// DoubleLicense is one account holding both a Google Workspace license and a
// Cloud Identity license: the symptom of automatic licensing being on for its
// org unit (rule S2).
type DoubleLicense struct {
	UserID        string
	Workspace     []Assignment
	CloudIdentity []Assignment
}

// DoubleLicensingReport lists the double-licensed accounts of a customer
// (rule S2). No API switches automatic licensing off: the fix is a manual
// step in the Admin console (Billing › Subscriptions › the Workspace
// subscription › Auto-assign licenses: off for the staff org unit), after
// which the surplus license can be removed.
type DoubleLicensingReport struct {
	Customer string
	// Products are the products that were listed, Workspace ones first.
	Products []ProductID
	// Accounts are sorted by UserID.
	Accounts []DoubleLicense
}
