package cases

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"
	"time"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/cases/pii"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/internal/errs"
)

// Portal decides whether a staff account may use the support portal (rule
// P1) and on which reseller domain, as the access package does. A failure
// to read the facts is an error, never a denial (rule P7).
type Portal interface {
	Decide(ctx context.Context, account string) (access.Decision, error)
}

// PortalFunc adapts a function to [Portal].
type PortalFunc func(ctx context.Context, account string) (access.Decision, error)

// Decide calls f.
func (f PortalFunc) Decide(ctx context.Context, account string) (access.Decision, error) {
	return f(ctx, account)
}

// CheckerPortal returns the [Portal] of an [access.Checker] deciding under
// profile (the Cloud Support Portal is access's default, rule P2).
func CheckerPortal(c *access.Checker, profile access.Profile) Portal {
	return PortalFunc(func(ctx context.Context, account string) (access.Decision, error) {
		return c.Decide(ctx, account, profile)
	})
}

// Customers looks a customer up as seen from one reseller domain: its
// assigned domain and whether it granted the reseller access (rules D1,
// D5). [*domains.Service] satisfies it.
type Customers interface {
	GetCustomer(ctx context.Context, resellerDomain, customerID string) (domains.Customer, error)
}

// Service files and manages support cases for one reseller account, with
// the portal's rules (C1-C12), over the Cloud Support API v2. It is safe for
// concurrent use.
//
// Every method that takes a case ID first reads the case and checks that
// the reseller account may see it (rule C4); a case it may not see is
// reported as not found, exactly like a case that does not exist.
type Service struct {
	g      *cloudSupport
	clock  func() time.Time
	tenure Tenure // nil for a CustomerView, which needs none (rule C5)
	viewer Viewer
	cfg    config
	op     string // the prefix of operation names: "cases" or "cases.CustomerView"
}

// Config is what a reseller's [Service] cannot work without: whom it acts
// for, where the cases live, and who managed which customer when. [New]
// refuses a Config with a field missing or invalid, with an error of
// [resellerkit.KindInvalidArgument] naming the field (Config.Tenure).
// What a Service can do without is set with options.
type Config struct {
	// ResellerAccount is the customer ID of the reseller account the
	// Service acts for ("C01a1der0"; domains.Service.ResellerAccount reads
	// it). Required because visibility is per reseller account (rule C4):
	// the Service shows the cases of the customers this account manages
	// now, filed while it managed them. The Conn's actor is an account of
	// this reseller account.
	ResellerAccount string

	// Parents maps each customer to the Cloud Support parent its cases
	// live under ("organizations/123" or "projects/my-project") and back,
	// for instance a [ParentTable]. Required because the Cloud Support API
	// knows no customers: without the map no case can be filed for a
	// customer (rule C1) nor listed and told apart by customer (rules C4,
	// C6).
	Parents Parents

	// Tenure tells which reseller account managed which customer when,
	// for instance a [TenureTable] of the reseller's own records, or
	// fake.World.CaseTenure in tests. Required because Google does not
	// expose tenure history, and rule C4 shows a case only while this
	// account manages the customer and only if it was filed during this
	// account's management: without it no case could be shown.
	Tenure Tenure
}

// New returns a Service over the Cloud Support API v2 for the reseller
// account, the case parents and the tenure history of cfg (each field is
// required; see [Config]). The Conn needs the cloud-platform scope
// ([resellerkit.ScopeCloudPlatform]); the Service calls Google as the
// Conn's actor and judges the reopen window (C9) and tenure (C4) by the
// Conn's clock ([resellerkit.Conn.Now]).
//
// Options add what only some methods need: [Service.Create] needs
// [WithPortal] and [WithCustomers] (rule C1), [Service.Escalate] needs
// [WithPlans] (rule C8); each fails with an error naming the missing
// option when called without it, so a Service that only reads needs none.
//
// A nil conn, a Config field missing (an empty ResellerAccount, a nil
// Parents or Tenure, or a nil *ParentTable or *TenureTable), a nil option
// or an invalid one is an error of [resellerkit.KindInvalidArgument]
// naming it.
func New(conn *resellerkit.Conn, cfg Config, opts ...Option) (*Service, error) {
	const op = "cases.New"
	if err := checkConn(op, conn); err != nil {
		return nil, err
	}
	switch {
	case strings.TrimSpace(cfg.ResellerAccount) == "":
		return nil, errs.Invalid(op, "Config.ResellerAccount", "is empty; give the customer ID of the reseller account the Service acts for (rule C4)")
	case isNilParents(cfg.Parents):
		return nil, errs.Invalid(op, "Config.Parents", "is nil; give the Cloud Support parent of each customer, e.g. a ParentTable from NewParentTable")
	case isNilTenure(cfg.Tenure):
		return nil, errs.Invalid(op, "Config.Tenure", "is nil; a reseller sees cases by tenure (rule C4), so give a Tenure such as a TenureTable from NewTenureTable")
	}
	o, err := buildConfig(op, opts)
	if err != nil {
		return nil, err
	}
	return &Service{g: newCloudSupport(conn, cfg.Parents), clock: conn.Clock(), tenure: cfg.Tenure, viewer: Viewer{ResellerAccount: strings.TrimSpace(cfg.ResellerAccount)}, cfg: o, op: "cases"}, nil
}

// isNilParents reports a missing Parents: nil, or a nil *ParentTable,
// which would map nothing.
func isNilParents(p Parents) bool {
	t, ok := p.(*ParentTable)
	return p == nil || ok && t == nil
}

// isNilTenure reports a missing Tenure: nil, or a nil *TenureTable, which
// would show no case.
func isNilTenure(t Tenure) bool {
	tt, ok := t.(*TenureTable)
	return t == nil || ok && tt == nil
}

// CustomerView is what a customer's own admins see: every case about their
// customer, whoever filed it (rule C5). It reads; filing and changes go
// through the reseller's [Service] or the customer's own portal.
type CustomerView struct {
	s Service
}

// CustomerViewConfig is what a [CustomerView] cannot work without.
// [NewCustomerView] refuses one with a field missing, with an error of
// [resellerkit.KindInvalidArgument] naming the field
// (CustomerViewConfig.CustomerID). A view needs no tenure: a customer's
// own admins see by customer, not by reseller account (rule C5).
type CustomerViewConfig struct {
	// CustomerID is the customer whose own admins look. Required because
	// the view shows every case about this customer, whoever filed it, and
	// no other customer's (rule C5).
	CustomerID string

	// Parents maps the customer to the Cloud Support parent its cases live
	// under, for instance a [ParentTable]. Required because the Cloud
	// Support API knows no customers: the parent is where the customer's
	// cases are searched, and the case IDs' parents tell whose they are.
	Parents Parents
}

// NewCustomerView returns the view of cfg.CustomerID's own admins over the
// Cloud Support API v2: conn acts as one of them (the customer's super
// admin, or an admin holding the Support privilege). Only [WithPageSize]
// applies to a view, which reads and sees by customer: an option of a
// reseller's Service ([WithPortal], [WithCustomers], [WithPlans],
// [WithAllowedPII]) is an error naming it, as are a nil conn and a missing
// [CustomerViewConfig] field.
func NewCustomerView(conn *resellerkit.Conn, cfg CustomerViewConfig, opts ...Option) (*CustomerView, error) {
	const op = "cases.NewCustomerView"
	if err := checkConn(op, conn); err != nil {
		return nil, err
	}
	switch {
	case strings.TrimSpace(cfg.CustomerID) == "":
		return nil, errs.Invalid(op, "CustomerViewConfig.CustomerID", "is empty; give the ID of the customer whose admins look (rule C5)")
	case isNilParents(cfg.Parents):
		return nil, errs.Invalid(op, "CustomerViewConfig.Parents", "is nil; give the customer's Cloud Support parent, e.g. a ParentTable from NewParentTable")
	}
	o, err := buildConfig(op, opts)
	if err != nil {
		return nil, err
	}
	for _, opt := range []struct {
		name string
		set  bool
	}{{"WithPortal", o.portal != nil}, {"WithCustomers", o.customers != nil},
		{"WithPlans", o.plans != nil}, {"WithAllowedPII", o.guard != (pii.Guard{})}} {
		if opt.set {
			return nil, errs.Invalid(op, opt.name, "does not apply to a CustomerView, which only reads its own customer's cases (rule C5); remove it")
		}
	}
	return &CustomerView{s: Service{g: newCloudSupport(conn, cfg.Parents), clock: conn.Clock(), viewer: Viewer{CustomerID: strings.TrimSpace(cfg.CustomerID)}, cfg: o, op: "cases.CustomerView"}}, nil
}

// Get returns a case about the view's customer (rule C5); another
// customer's case is not found.
func (v *CustomerView) Get(ctx context.Context, id string) (Case, error) { return v.s.Get(ctx, id) }

// List lists the view's customer's cases (rules C5, C6); opts.CustomerID
// must be empty or the view's customer.
func (v *CustomerView) List(ctx context.Context, opts *ListOptions) iter.Seq2[Case, error] {
	return v.s.List(ctx, opts)
}

// ListPage returns one page of [CustomerView.List].
func (v *CustomerView) ListPage(ctx context.Context, opts *ListOptions, p resellerkit.PageRequest) (resellerkit.Page[Case], error) {
	return v.s.ListPage(ctx, opts, p)
}

// Comments lists a case's history.
func (v *CustomerView) Comments(ctx context.Context, id string) iter.Seq2[Comment, error] {
	return v.s.Comments(ctx, id)
}

// Attachments lists a case's attachments.
func (v *CustomerView) Attachments(ctx context.Context, id string) iter.Seq2[Attachment, error] {
	return v.s.Attachments(ctx, id)
}

func (s *Service) now() time.Time { return s.clock().UTC() }

func (s *Service) opName(m string) string { return s.op + "." + m }

// notFound is the one answer for a case that does not exist and for one
// the viewer may not see (rule C4), so a hidden case's existence does not
// leak.
func notFound(op, id string) error {
	return errs.Errorf(resellerkit.KindNotFound, op, "case %q not found; check the ID, and that the customer was managed by this reseller account when the case was filed (rule C4)", id)
}

func checkID(op, id string) error {
	if strings.TrimSpace(id) == "" {
		return errs.Invalid(op, "id", "is empty; give the case ID")
	}
	return nil
}

// callOf returns the Google call an error names, if any.
func callOf(err error) string {
	var e *resellerkit.Error
	if errors.As(err, &e) {
		return e.Call
	}
	return ""
}

// periods returns the viewer's tenure periods for a customer (nil for a
// customer viewer, who needs none).
func (s *Service) periods(ctx context.Context, op, customerID string) ([]Period, error) {
	if s.viewer.ResellerAccount == "" {
		return nil, nil
	}
	ps, err := s.tenure.Periods(ctx, s.viewer.ResellerAccount, customerID)
	if err != nil {
		return nil, errs.ForOp(op, err)
	}
	return ps, nil
}

// visible reads a case and applies the visibility rules (C4, C5). The
// customer a case ID names (by its parent) is checked first, so that a case
// of a customer the viewer does not see now is not found without asking
// Google, who would answer 403 for a parent the caller cannot reach.
func (s *Service) visible(ctx context.Context, op, id string) (Case, error) {
	if err := checkID(op, id); err != nil {
		return Case{}, err
	}
	cust, ok := s.g.customerOf(id)
	if !ok {
		return Case{}, notFound(op, id)
	}
	ps, err := s.periods(ctx, op, cust)
	if err != nil {
		return Case{}, err
	}
	now := s.now()
	if s.viewer.CustomerID != "" && cust != s.viewer.CustomerID || s.viewer.ResellerAccount != "" && !currentlyManaged(ps, now) {
		return Case{}, notFound(op, id)
	}
	c, err := s.g.get(ctx, id)
	if err != nil {
		if resellerkit.KindOf(err) == resellerkit.KindNotFound {
			return Case{}, notFound(op, id)
		}
		return Case{}, errs.ForOp(op, err)
	}
	if !CanView(s.viewer, c, ps, now) {
		return Case{}, notFound(op, id)
	}
	return c, nil
}

// open is visible plus "not closed": a closed case must be reopened before
// it changes.
func (s *Service) open(ctx context.Context, op, id string) (Case, error) {
	c, err := s.visible(ctx, op, id)
	if err != nil {
		return Case{}, err
	}
	if c.State == StateClosed {
		msg := "case " + id + " is closed"
		if d, ok := c.ReopenDeadline(); ok && s.now().Before(d) {
			msg += "; reopen it in the Google Cloud Support Portal first (possible until " + d.Format(time.RFC3339) + ", rule C9), or file a new case"
		} else {
			msg += " and can no longer be reopened (rule C9); file a new case"
		}
		return Case{}, ruleErr(resellerkit.KindFailedPrecondition, op, "C7", ErrCaseClosed, msg)
	}
	return c, nil
}

// Create files a case on behalf of a customer (rules C1, C2, C3).
//
// filer is the staff account that files it: the account whose portal
// access rule C1 checks, and the case's creator as Google records it
// (creator.email; the Conn's actor is who makes the call, and Google
// records it as the creator's username). Rule C1: the filer must be
// allowed to use the portal (rule P1) on the reseller domain the customer
// is assigned to (rule D1), and the customer must have granted the
// reseller access to its account; otherwise an error of
// [resellerkit.KindPermissionDenied] says which, wrapping
// [ErrFilerDenied], [ErrWrongResellerDomain] or [ErrAccessNotGranted].
// Every field is validated first (rule C2: an error of
// [resellerkit.KindInvalidArgument] names the field) and the texts and text
// attachments are checked for personal data (rule C3). Sharing addresses
// (rule C10) receive the case's updates from the start.
//
// A category given by name only (Category{Name: "Technical Issue >
// Gmail"}) is looked up among Google's classifications; a name that is
// none of them is an error naming NewCase.Category.Name.
//
// Rule C11: the new case may take a few minutes to appear in [Service.List];
// [Service.Get] sees it at once. Rule C12: since 2022-10-26 a new
// support-partner relationship needs no approval before work starts, so a
// customer transferred in a moment ago can have a case filed at once.
//
// If the case is filed but an attachment fails, the case is returned with
// the error, which names the attachment to add again with [Service.Attach].
//
// Create files the case once, although an answer can be lost (rule W1):
// the description sent ends with a line such as
//
//	[resellerkit deduplication tag kbxqmtrvzhdwnpcf]
//
// after a blank line, 16 random consonants new to each Create. Google keeps
// it, so the portal and Google support show it; [Case.Description] as the
// SDK reads it leaves it out. After an answer that leaves open whether the
// case was filed (a 5xx, a broken connection), Create searches the
// customer's cases updated since just before it sent for that tag, with
// the same title and filer, polling a few times as listings lag (rules W5,
// C11), and sends again only when the case is not there; a case found is
// returned as filed by this call. A listing lag longer than that poll can
// still let a resend file a second case, with the same tag. The tag is
// letters only, outside what the personal-data guard looks for (rule C3),
// and adds 50 characters to the description.
//
// Google: cloudsupport.caseClassifications.search (a category by name, once
// per name and Service), cloudsupport.cases.create (after a lost answer,
// cloudsupport.cases.search first), then cloudsupport.media.upload per
// attachment; rule C1 reads through the [Portal] and [Customers] given.
func (s *Service) Create(ctx context.Context, filer string, nc NewCase) (Case, error) {
	op := s.opName("Create")
	nc, err := validateNewCase(op, nc, s.cfg.guard)
	if err != nil {
		return Case{}, err
	}
	filer, err = checkAddress(op, "filer", filer)
	if err != nil {
		return Case{}, err
	}
	if s.cfg.portal == nil || s.cfg.customers == nil {
		return Case{}, errs.Errorf(resellerkit.KindFailedPrecondition, op,
			"filing needs the portal decision and the customer lookup of rule C1; build the Service with WithPortal and WithCustomers")
	}
	if err := s.checkFiler(ctx, op, filer, nc.CustomerID); err != nil {
		return Case{}, err
	}
	if nc.Category, err = s.g.classification(ctx, nc.Category); err != nil {
		return Case{}, errs.ForOp(op, err)
	}
	c, err := s.g.create(ctx, filer, nc)
	if err != nil {
		return Case{}, errs.ForOp(op, err)
	}
	for i, a := range nc.Attachments {
		if _, err := s.g.addAttachment(ctx, c.ID, a); err != nil {
			return c, &resellerkit.Error{Kind: resellerkit.KindOf(err), Op: op, Call: callOf(err),
				Err: fmt.Errorf("case %s was filed, but NewCase.Attachments[%d] (and any after it) could not be attached; add them with Attach: %w", c.ID, i, err)}
		}
	}
	return c, nil
}

// checkFiler applies rule C1.
func (s *Service) checkFiler(ctx context.Context, op, filer, customerID string) error {
	d, err := s.cfg.portal.Decide(ctx, filer)
	if err != nil {
		return errs.ForOp(op, err) // rule P7: not a denial
	}
	if !d.Allowed {
		return &resellerkit.Error{Kind: resellerkit.KindPermissionDenied, Op: op, Err: &RuleError{Rule: "C1", Err: ErrFilerDenied, Cause: d.Err(),
			Msg: filer + " may not use the support portal: " + access.Summary(d) + "; give the account the Reseller Admin role or a role with the portal's privileges"}}
	}
	cust, err := s.cfg.customers.GetCustomer(ctx, d.Domain, customerID)
	if err != nil {
		if errors.Is(err, domains.ErrCustomerNotManaged) {
			return ruleErr(resellerkit.KindPermissionDenied, op, "C1", ErrWrongResellerDomain,
				"customer "+customerID+" is not assigned to "+d.Domain+", the reseller domain "+filer+" signs in to (rule D1); file the case with an account on the customer's assigned reseller domain")
		}
		return errs.ForOp(op, err)
	}
	if !d.Covers(cust.ResellerDomain) {
		return ruleErr(resellerkit.KindPermissionDenied, op, "C1", ErrWrongResellerDomain,
			"customer "+customerID+" is assigned to "+cust.ResellerDomain+", not to "+d.Domain+", the reseller domain "+filer+" signs in to (rule D1); file the case with an account on "+cust.ResellerDomain)
	}
	if !cust.AccessGranted {
		return ruleErr(resellerkit.KindPermissionDenied, op, "C1", ErrAccessNotGranted,
			"customer "+customerID+" has not granted the reseller access to its account, so cases cannot be filed for it; ask its super admin to turn reseller access on (Admin console › Account › Reseller management › Access; it can take up to 24 hours)")
	}
	return nil
}

// Get returns the case with the given ID (rules C4, C5, C11: a new case is
// visible here at once). A case the viewer may not see is reported as not
// found ([resellerkit.ErrNotFound]), never as forbidden.
//
// Google: cloudsupport.cases.get
func (s *Service) Get(ctx context.Context, id string) (Case, error) {
	return s.visible(ctx, s.opName("Get"), id)
}

// SetSeverity changes a case's severity (rule C7).
//
// Google: cloudsupport.cases.get, cloudsupport.cases.patch
func (s *Service) SetSeverity(ctx context.Context, id string, sev Severity) (Case, error) {
	op := s.opName("SetSeverity")
	if !sev.Valid() {
		return Case{}, errs.Invalid(op, "severity", fmt.Sprintf("is %s; choose S0 (service down) to S4 (question)", sev))
	}
	c, err := s.open(ctx, op, id)
	if err != nil {
		return Case{}, err
	}
	if c.Severity == sev {
		return c, nil
	}
	c, err = s.g.setSeverity(ctx, id, sev)
	return c, errs.ForOp(op, err)
}

// Comment adds a message to a case's history (rule C7), after checking it
// for personal data (rule C3). Bodies are limited to [MaxCommentLength]
// characters. Google records the Conn's actor as its author.
//
// The comment is added once, although an answer can be lost (rule W1):
// after an answer that leaves open whether it was added, the case's
// comments are read for one with the same body by the Conn's actor, created
// since shortly before the call, polling a few times (rule W5); found, it
// is returned as this call's comment, and only if it is not there is the
// comment sent again. The same body posted twice within a couple of
// minutes, by the same account, can therefore be taken for the earlier one
// when the second's answer is lost.
//
// Google: cloudsupport.cases.get, cloudsupport.cases.comments.create (after
// a lost answer, cloudsupport.cases.comments.list first)
func (s *Service) Comment(ctx context.Context, id, body string) (Comment, error) {
	op := s.opName("Comment")
	if err := checkText(op, "body", body, MaxCommentLength, s.cfg.guard); err != nil {
		return Comment{}, err
	}
	if _, err := s.open(ctx, op, id); err != nil {
		return Comment{}, err
	}
	cm, err := s.g.addComment(ctx, id, body)
	return cm, errs.ForOp(op, err)
}

// Comments lists a case's history, oldest first.
//
// Google: cloudsupport.cases.get, cloudsupport.cases.comments.list
func (s *Service) Comments(ctx context.Context, id string) iter.Seq2[Comment, error] {
	op := s.opName("Comments")
	return func(yield func(Comment, error) bool) {
		if _, err := s.visible(ctx, op, id); err != nil {
			yield(Comment{}, err)
			return
		}
		for cm, err := range resellerkit.All(ctx, func(ctx context.Context, token string) (resellerkit.Page[Comment], error) {
			p, err := s.g.listComments(ctx, id, resellerkit.PageRequest{Size: s.cfg.pageSize, Token: token})
			return p, errs.ForOp(op, err)
		}) {
			if !yield(cm, err) {
				return
			}
		}
	}
}

// Attach adds a file to a case (rule C7), after checking its name and, for
// text, its content for personal data (rule C3).
//
// The file is added once, although an answer can be lost (rule W1): after
// an answer that leaves open whether it was added, the case's attachments
// are read for one with the same name and size uploaded by the Conn's actor
// since shortly before the call, polling a few times (rule W5); found, it
// is returned as this call's attachment, and only if it is not there is
// the content uploaded again.
//
// Google: cloudsupport.cases.get, cloudsupport.media.upload (after a lost
// answer, cloudsupport.cases.attachments.list first)
func (s *Service) Attach(ctx context.Context, id string, a NewAttachment) (Attachment, error) {
	op := s.opName("Attach")
	if err := checkAttachment(op, "attachment", a, s.cfg.guard); err != nil {
		return Attachment{}, err
	}
	if _, err := s.open(ctx, op, id); err != nil {
		return Attachment{}, err
	}
	at, err := s.g.addAttachment(ctx, id, a)
	return at, errs.ForOp(op, err)
}

// Attachments lists a case's attachments.
//
// Google: cloudsupport.cases.get, cloudsupport.cases.attachments.list
func (s *Service) Attachments(ctx context.Context, id string) iter.Seq2[Attachment, error] {
	op := s.opName("Attachments")
	return func(yield func(Attachment, error) bool) {
		if _, err := s.visible(ctx, op, id); err != nil {
			yield(Attachment{}, err)
			return
		}
		for a, err := range resellerkit.All(ctx, func(ctx context.Context, token string) (resellerkit.Page[Attachment], error) {
			p, err := s.g.listAttachments(ctx, id, resellerkit.PageRequest{Size: s.cfg.pageSize, Token: token})
			return p, errs.ForOp(op, err)
		}) {
			if !yield(a, err) {
				return
			}
		}
	}
}

// RemoveAttachment always fails (rule C7): an attachment cannot be removed
// from a case; Google support must be asked to remove it. The error is of
// [resellerkit.KindUnsupported] and wraps [ErrAttachmentRemoval]; for a case
// the viewer may not see it is not found instead.
//
// Google: cloudsupport.cases.get (to hide a case the viewer may not see);
// nothing is removed.
func (s *Service) RemoveAttachment(ctx context.Context, id, attachmentID string) error {
	op := s.opName("RemoveAttachment")
	if _, err := s.visible(ctx, op, id); err != nil {
		return err
	}
	return ruleErr(resellerkit.KindUnsupported, op, "C7", ErrAttachmentRemoval,
		"attachment "+attachmentID+" cannot be removed from case "+id+": attachments are add-only; ask Google support to remove it (say so in a comment on the case, or contact support)")
}

// Close closes a case (rule C7). For [ReopenWindow] afterwards it can be
// reopened in the Google Cloud Support Portal (rule C9; see
// [Service.Reopen]).
//
// After an answer that leaves open whether the case was closed (rule W1),
// the case is read back: closed, it is this call's success. A resend that
// Google refuses because the case is already closed is confirmed the same
// way and is a success too, never a failed precondition.
//
// Google: cloudsupport.cases.get, cloudsupport.cases.close
func (s *Service) Close(ctx context.Context, id string) (Case, error) {
	op := s.opName("Close")
	if _, err := s.open(ctx, op, id); err != nil {
		return Case{}, err
	}
	c, err := s.g.close(ctx, id)
	return c, errs.ForOp(op, err)
}

// Reopen tells whether and until when a closed case can be reopened (rule
// C9); it cannot reopen it, because the Cloud Support API has no reopen
// method. The window is now < ClosedTime + [ReopenWindow], measured from
// the latest close on the Conn's clock; so Reopen always answers an error:
//
//   - after the window, one of [resellerkit.KindFailedPrecondition] that
//     wraps a [*ReopenWindowError] naming the deadline and says to file a
//     new case ([ErrReopenWindowClosed]);
//   - within it, one of [resellerkit.KindUnsupported] that names the
//     deadline before which the case can be reopened in the Google Cloud
//     Support Portal; the case is returned with it, so
//     [Case.ReopenDeadline] gives the deadline as a time;
//   - for an open case, [ErrNotClosed].
//
// [CheckReopen] is the same check without I/O.
//
// Google: cloudsupport.cases.get (the API has no reopen method)
func (s *Service) Reopen(ctx context.Context, id string) (Case, error) {
	op := s.opName("Reopen")
	c, err := s.visible(ctx, op, id)
	if err != nil {
		return Case{}, err
	}
	if err := checkReopen(op, c, s.now()); err != nil {
		return Case{}, err
	}
	d, _ := c.ReopenDeadline()
	return c, errs.Errorf(resellerkit.KindUnsupported, op,
		"the Cloud Support API cannot reopen case %s; reopen it in the Google Cloud Support Portal before %s (rule C9), or file a new case",
		id, d.Format(time.RFC3339))
}

// Escalate asks Google to raise a case's priority (rule C8). Only customers
// on a Premium Support plan can escalate; others get an error of
// [resellerkit.KindFailedPrecondition] wrapping
// [ErrEscalationNotAvailable] ([CheckEscalate] is the same check, without
// I/O, for a UI). A reason and a justification are required;
// the justification is checked for personal data (rule C3).
//
// As with [Service.Close], an escalation whose answer was lost (rule W1)
// is confirmed by reading the case back, and a resend refused as already
// escalated after it is this call's success.
//
// Google: cloudsupport.cases.get, cloudsupport.cases.escalate
func (s *Service) Escalate(ctx context.Context, id string, e Escalation) (Case, error) {
	op := s.opName("Escalate")
	if !e.Reason.Valid() {
		return Case{}, errs.Invalid(op, "Escalation.Reason", "is unset; choose ResolutionTime, TechnicalExpertise or BusinessImpact")
	}
	if err := checkText(op, "Escalation.Justification", e.Justification, MaxJustificationLength, s.cfg.guard); err != nil {
		return Case{}, err
	}
	if s.cfg.plans == nil {
		return Case{}, errs.Errorf(resellerkit.KindFailedPrecondition, op,
			"escalation depends on the customer's support plan (rule C8); build the Service with WithPlans")
	}
	c, err := s.open(ctx, op, id)
	if err != nil {
		return Case{}, err
	}
	plan, err := s.cfg.plans.SupportPlan(ctx, c.CustomerID, "")
	if err != nil {
		return Case{}, errs.ForOp(op, err)
	}
	if err := checkEscalate(op, c, plan); err != nil {
		return Case{}, err
	}
	c, err = s.g.escalate(ctx, id, e)
	return c, errs.ForOp(op, err)
}

// Share adds addresses (users or groups) to a case's sharing list, so they
// receive its updates by email (rules C10, S6). Addresses already on the
// list are left as they are; if none is new, nothing is written.
//
// Google: cloudsupport.cases.get, cloudsupport.cases.patch
func (s *Service) Share(ctx context.Context, id string, addresses ...string) (Case, error) {
	op := s.opName("Share")
	if len(addresses) == 0 {
		return Case{}, errs.Invalid(op, "addresses", "is empty; give at least one address to share the case with")
	}
	add, err := checkAddresses(op, "addresses", addresses)
	if err != nil {
		return Case{}, err
	}
	c, err := s.open(ctx, op, id)
	if err != nil {
		return Case{}, err
	}
	list := append([]string(nil), c.SharedWith...)
	for _, a := range add {
		if !containsFold(list, a) {
			list = append(list, a)
		}
	}
	if len(list) == len(c.SharedWith) {
		return c, nil
	}
	c, err = s.g.setSharing(ctx, id, list)
	return c, errs.ForOp(op, err)
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
