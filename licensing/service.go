package licensing

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/internal/bulk"
	"github.com/resellerkit/resellerkit/internal/errs"
)

// Service holds the licensing rules (L1-L4, S2, S4) over Google's Licensing
// API. It is safe for concurrent use.
type Service struct {
	g    google
	conn *resellerkit.Conn // its retry policy bounds the resends of a write whose answer was lost (W1)
	cfg  config
}

// New returns a Service over Google's Licensing API, reached through conn
// (so every request has the Conn's retry and pacing, rules W1-W4). Its
// default [SeatSource] is [ResellerSeats] over the same conn; replace it
// with [WithSeatSource] (for instance [SeatSources](ResellerSeats(conn),
// StaticSeats{...}) for a reseller's own Cloud Identity Free seats, which
// no API reports).
//
// A nil conn or an invalid option is an error of
// [resellerkit.KindInvalidArgument] naming it.
func New(conn *resellerkit.Conn, opts ...Option) (*Service, error) {
	const op = "licensing.New"
	if conn == nil || conn.Licensing() == nil {
		return nil, errs.Invalid(op, "conn", "is nil; create it with resellerkit.Dial")
	}
	cfg, err := buildConfig(config{seats: ResellerSeats(conn), pageSize: DefaultPageSize}, opts)
	if err != nil {
		return nil, err
	}
	return &Service{g: google{api: conn.Licensing()}, conn: conn, cfg: cfg}, nil
}

// ready refuses a Service that [New] did not make (a nil pointer or a zero
// Service), which has no Google client to call.
func (s *Service) ready(op string) error {
	if s == nil || s.g.api == nil {
		return errs.Invalid(op, "Service", "is not initialised; create it with licensing.New")
	}
	return nil
}

// checkSKU validates the product and SKU arguments of op.
func checkSKU(op string, product ProductID, sku SKUID) error {
	if err := checkID(op, "product", string(product)); err != nil {
		return err
	}
	return checkID(op, "sku", string(sku))
}

func (s *Service) checkArgs(op string, product ProductID, sku SKUID, userKey string) error {
	if err := s.ready(op); err != nil {
		return err
	}
	if err := checkSKU(op, product, sku); err != nil {
		return err
	}
	return checkID(op, "userKey", userKey)
}

// fixOp names op, the SDK operation the caller called, on an error from
// Google or an inner step, keeping its classification and the Google call
// that failed ([errs.ForOp]), without changing an error shared with
// others.
func fixOp(op string, err error) error { return errs.ForOp(op, err) }

// Get returns the user's license of this SKU. A user who does not hold it
// is [resellerkit.KindNotFound].
//
// Google: licensing.licenseAssignments.get
func (s *Service) Get(ctx context.Context, product ProductID, sku SKUID, userKey string) (Assignment, error) {
	const op = "licensing.Get"
	if err := s.checkArgs(op, product, sku, userKey); err != nil {
		return Assignment{}, err
	}
	a, err := s.g.get(ctx, product, sku, userKey)
	return a, fixOp(op, refine(err, product, sku))
}

// Assign gives the user a license of this SKU: a plain insert. Rule L2: a
// user who already holds it is an error wrapping [ErrAlreadyAssigned]
// (KindAlreadyExists); use [Service.Ensure] for "make it so". Rule L1: a user
// holding another SKU of the product is an error wrapping [ErrOtherSKU].
// Rule S4: no free seat is an error wrapping [ErrNoSeats].
//
// The license is inserted once although Google's answer can be lost (rule
// W1): after a lost answer Assign reads the license back and sends again
// only when the user does not hold it; "already has a license" in answer
// to that second send is its own insert, success.
//
// Google: licensing.licenseAssignments.insert; after a lost answer,
// licensing.licenseAssignments.get
func (s *Service) Assign(ctx context.Context, product ProductID, sku SKUID, userKey string) (Assignment, error) {
	const op = "licensing.Assign"
	if err := s.checkArgs(op, product, sku, userKey); err != nil {
		return Assignment{}, err
	}
	a, res, err := s.insert(ctx, op, product, sku, userKey)
	if res.Lost && errors.Is(err, ErrAlreadyAssigned) {
		return requested(product, sku, userKey), nil
	}
	return a, fixOp(op, err)
}

// ChangeSKU moves the user's license of the product from one SKU to another
// (rule L1: an update of the one license, never a second license). A user
// who does not hold from is [resellerkit.KindNotFound]; from equal to to is
// an invalid argument (Google refuses it too). A change whose answer was
// lost and whose resend finds from gone is read back on to (rules W1, W5;
// [WithAwait]).
//
// Google: licensing.licenseAssignments.patch; after a lost answer,
// licensing.licenseAssignments.get
func (s *Service) ChangeSKU(ctx context.Context, product ProductID, from, to SKUID, userKey string) (Assignment, error) {
	const op = "licensing.ChangeSKU"
	if err := s.checkArgs(op, product, from, userKey); err != nil {
		return Assignment{}, err
	}
	if err := checkID(op, "to", string(to)); err != nil {
		return Assignment{}, err
	}
	if from == to {
		return Assignment{}, errs.Invalid(op, "to", "equals from; the user already holds "+describe(product, to)+", use Ensure to converge")
	}
	a, err := s.patch(ctx, op, product, from, to, userKey)
	return a, fixOp(op, err)
}

// Revoke removes the user's license of this SKU. A user who does not hold
// it is [resellerkit.KindNotFound] (check it with errors.Is when removing
// is all that matters). Google refuses to remove a license it assigned
// automatically: an error wrapping [ErrAutoLicensed]. A 404 to a delete the
// Conn resent after a lost answer is this call's own delete (rule W1):
// success.
//
// Google: licensing.licenseAssignments.delete
func (s *Service) Revoke(ctx context.Context, product ProductID, sku SKUID, userKey string) error {
	const op = "licensing.Revoke"
	if err := s.checkArgs(op, product, sku, userKey); err != nil {
		return err
	}
	return fixOp(op, s.remove(ctx, op, product, sku, userKey))
}

// AwaitVisible waits until the user's license of this SKU can be read, with
// a bounded poll (rule W5): just after a write Google may answer 404 for a
// while. Use it when a following step needs the license visible.
//
// Google: licensing.licenseAssignments.get, repeated
func (s *Service) AwaitVisible(ctx context.Context, product ProductID, sku SKUID, userKey string, p resellerkit.AwaitPolicy) (Assignment, error) {
	const op = "licensing.AwaitVisible"
	if err := s.checkArgs(op, product, sku, userKey); err != nil {
		return Assignment{}, err
	}
	var a Assignment
	err := bulk.Await(ctx, p, func(ctx context.Context) error {
		var err error
		a, err = s.g.get(ctx, product, sku, userKey)
		return err
	})
	return a, fixOp(op, err)
}

// ListOptions narrows a listing. A nil *ListOptions lists every SKU of the
// product.
type ListOptions struct {
	// SKU, when not "", lists only the holders of this SKU.
	SKU SKUID
}

func (o *ListOptions) sku() SKUID {
	if o == nil {
		return ""
	}
	return o.SKU
}

func (s *Service) checkList(op, customer string, product ProductID, opts *ListOptions) error {
	if err := s.ready(op); err != nil {
		return err
	}
	if err := checkID(op, "customer", customer); err != nil {
		return err
	}
	if err := checkID(op, "product", string(product)); err != nil {
		return err
	}
	if sku := opts.sku(); sku != "" {
		return checkID(op, "ListOptions.SKU", string(sku))
	}
	return nil
}

// List returns the customer's licenses of the product, or of one SKU of it,
// page by page as the loop asks for them. customer is the customer ID
// ("C01abc234") or its primary domain; the Licensing API requires it.
//
// Google: licensing.licenseAssignments.listForProduct,
// licensing.licenseAssignments.listForProductAndSku
func (s *Service) List(ctx context.Context, customer string, product ProductID, opts *ListOptions) iter.Seq2[Assignment, error] {
	const op = "licensing.List"
	if err := s.checkList(op, customer, product, opts); err != nil {
		return func(yield func(Assignment, error) bool) { yield(Assignment{}, err) }
	}
	sku := opts.sku()
	return resellerkit.All(ctx, func(ctx context.Context, token string) (resellerkit.Page[Assignment], error) {
		p, err := s.g.list(ctx, customer, product, sku, resellerkit.PageRequest{Size: s.cfg.pageSize, Token: token})
		return p, fixOp(op, err)
	})
}

// ListPage returns one page of what [Service.List] iterates, for UIs that
// page themselves; p.Token "" asks for the first page. A p.Size of 0 means
// the Service's page size ([WithPageSize], default [DefaultPageSize]); a
// size above [MaxPageSize] is capped, a negative one is an error.
//
// Google: licensing.licenseAssignments.listForProduct,
// licensing.licenseAssignments.listForProductAndSku
func (s *Service) ListPage(ctx context.Context, customer string, product ProductID, opts *ListOptions, p resellerkit.PageRequest) (resellerkit.Page[Assignment], error) {
	const op = "licensing.ListPage"
	if err := s.checkList(op, customer, product, opts); err != nil {
		return resellerkit.Page[Assignment]{}, err
	}
	size, err := errs.PageSize(op, "PageRequest.Size", p.Size, s.cfg.pageSize, MaxPageSize)
	if err != nil {
		return resellerkit.Page[Assignment]{}, err
	}
	p.Size = size
	page, err := s.g.list(ctx, customer, product, opts.sku(), p)
	return page, fixOp(op, err)
}

// SeatUsage returns how many licenses of the SKU the customer has assigned
// and how many it may assign (rule L4). Assigned is counted by listing the
// SKU's holders; Available comes from the service's [SeatSource] (see
// [WithSeatSource]), and Source says which. A source that does not know the
// SKU gives [resellerkit.KindNotFound], naming how to configure one.
//
// Google: licensing.licenseAssignments.listForProductAndSku (+ the seat
// source's call, e.g. reseller.subscriptions.list)
func (s *Service) SeatUsage(ctx context.Context, customer string, product ProductID, sku SKUID) (SeatUsage, error) {
	const op = "licensing.SeatUsage"
	if err := s.checkList(op, customer, product, &ListOptions{SKU: sku}); err != nil {
		return SeatUsage{}, err
	}
	if err := checkID(op, "sku", string(sku)); err != nil {
		return SeatUsage{}, err
	}
	seats, err := s.cfg.seats.Seats(ctx, customer, product, sku)
	if err != nil {
		return SeatUsage{}, fixOp(op, err)
	}
	u := SeatUsage{Customer: customer, Product: product, SKU: sku, SKUName: sku.Name(), Available: seats.Total, Source: seats.Source}
	for _, err := range s.List(ctx, customer, product, &ListOptions{SKU: sku}) {
		if err != nil {
			return SeatUsage{}, fixOp(op, err)
		}
		u.Assigned++
	}
	return u, nil
}

// CheckSeats reports whether need more licenses of the SKU can be assigned,
// so a plan can refuse to start when seats will not suffice (rules L4, S4).
// Too few free seats is an error wrapping [ErrNoSeats] that says how many
// are missing and that a super admin must request more; the usage is
// returned either way.
//
// Google: as [Service.SeatUsage]
func (s *Service) CheckSeats(ctx context.Context, customer string, product ProductID, sku SKUID, need int) (SeatUsage, error) {
	const op = "licensing.CheckSeats"
	if need < 0 {
		return SeatUsage{}, errs.Invalid(op, "need", fmt.Sprintf("is %d; it counts licenses to assign, 0 or more", need))
	}
	u, err := s.SeatUsage(ctx, customer, product, sku)
	if err != nil {
		return u, fixOp(op, err)
	}
	if free := u.Free(); free < need {
		return u, &resellerkit.Error{Kind: resellerkit.KindFailedPrecondition, Op: op,
			Err: fmt.Errorf("%w of %s for customer %s: %d needed, %d free (%d assigned of %d; seats from %s); %d more needed: %s",
				ErrNoSeats, describe(product, sku), customer, need, free, u.Assigned, u.Available, u.Source, need-free, noSeatsHint)}
	}
	return u, nil
}

// DoubleLicensingOptions says which products count as Google Workspace and
// which as Cloud Identity. A nil pointer or empty lists mean the defaults.
type DoubleLicensingOptions struct {
	// Workspace products; default [ProductGoogleWorkspace].
	Workspace []ProductID
	// CloudIdentity products; default [ProductCloudIdentityFree] and
	// [ProductCloudIdentityPremium].
	CloudIdentity []ProductID
}

// DoubleLicensed reports the customer's accounts that hold both a Google
// Workspace license and a Cloud Identity license: the symptom of automatic
// licensing left on for the org unit of the staff accounts (rule S2). No API
// turns automatic licensing off; the report is for a person to act on.
//
// Google: licensing.licenseAssignments.listForProduct, once per product
func (s *Service) DoubleLicensed(ctx context.Context, customer string, opts *DoubleLicensingOptions) (DoubleLicensingReport, error) {
	const op = "licensing.DoubleLicensed"
	ws := []ProductID{ProductGoogleWorkspace}
	ci := []ProductID{ProductCloudIdentityFree, ProductCloudIdentityPremium}
	if opts != nil {
		if len(opts.Workspace) > 0 {
			ws = opts.Workspace
		}
		if len(opts.CloudIdentity) > 0 {
			ci = opts.CloudIdentity
		}
	}
	for _, p := range append(slices.Clone(ws), ci...) {
		if err := s.checkList(op, customer, p, nil); err != nil {
			return DoubleLicensingReport{}, err
		}
	}
	collect := func(products []ProductID) (map[string][]Assignment, error) {
		m := map[string][]Assignment{}
		for _, p := range products {
			for a, err := range s.List(ctx, customer, p, nil) {
				if err != nil {
					return nil, fixOp(op, err)
				}
				k := foldKey(a.UserID)
				m[k] = append(m[k], a)
			}
		}
		return m, nil
	}
	wsHeld, err := collect(ws)
	if err != nil {
		return DoubleLicensingReport{}, err
	}
	ciHeld, err := collect(ci)
	if err != nil {
		return DoubleLicensingReport{}, err
	}
	rep := DoubleLicensingReport{Customer: customer, Products: append(slices.Clone(ws), ci...)}
	for k, w := range wsHeld {
		if c, ok := ciHeld[k]; ok {
			rep.Accounts = append(rep.Accounts, DoubleLicense{UserID: w[0].UserID, Workspace: w, CloudIdentity: c})
		}
	}
	slices.SortFunc(rep.Accounts, func(a, b DoubleLicense) int { return strings.Compare(foldKey(a.UserID), foldKey(b.UserID)) })
	return rep, nil
}

// foldKey makes user keys comparable: Google's emails are case-insensitive.
func foldKey(k string) string { return strings.ToLower(strings.TrimSpace(k)) }
