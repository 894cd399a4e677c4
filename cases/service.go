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

// DefaultPageSize is the page size of a listing when the caller sets none.
const DefaultPageSize = 50

// MaxPageSize bounds a listing's page size.
const MaxPageSize = 500

// Service files and manages support cases for one reseller account, with
// the portal's rules (C1-C12). It is safe for concurrent use.
//
// Every method that takes a case ID first reads the case and checks that
// the reseller account may see it (rule C4); a case it may not see is
// reported as not found, exactly like a case that does not exist.
type Service struct {
	store  Store
	viewer Viewer
	cfg    config
	op     string // the prefix of operation names: "cases" or "cases.CustomerView"
}

type config struct {
	tenure    Tenure
	portal    Portal
	customers Customers
	plans     domains.PlanSource
	now       func() time.Time
	guard     pii.Guard
	actor     string
	pageSize  int
}

// Option configures a [Service]. Options are checked when the Service is
// built; an invalid one makes the constructor ([New], [NewWithStore],
// [NewCustomerView]) return an error of [resellerkit.KindInvalidArgument]
// naming the option, so a misconfiguration cannot go unnoticed.
type Option func(*config) error

// WithTenure sets the tenure source that rule C4 reads. Required by a
// reseller's Service.
func WithTenure(t Tenure) Option {
	return func(c *config) error {
		if t == nil {
			return resellerkit.InvalidField("cases.WithTenure", "WithTenure", "is nil; give a Tenure, such as a TenureTable")
		}
		c.tenure = t
		return nil
	}
}

// WithPortal sets the portal decisions that rule C1 checks before filing.
// Required by [Service.Create].
func WithPortal(p Portal) Option {
	return func(c *config) error {
		if p == nil {
			return resellerkit.InvalidField("cases.WithPortal", "WithPortal", "is nil")
		}
		c.portal = p
		return nil
	}
}

// WithCustomers sets the customer lookup that rule C1 checks before filing
// (a [*domains.Service] will do). Required by [Service.Create].
func WithCustomers(cs Customers) Option {
	return func(c *config) error {
		if cs == nil {
			return resellerkit.InvalidField("cases.WithCustomers", "WithCustomers", "is nil")
		}
		c.customers = cs
		return nil
	}
}

// WithPlans sets the source of customers' support plans, which rule C8
// reads (a [*domains.PlanTable] will do). Required by [Service.Escalate].
func WithPlans(p domains.PlanSource) Option {
	return func(c *config) error {
		if p == nil {
			return resellerkit.InvalidField("cases.WithPlans", "WithPlans", "is nil")
		}
		c.plans = p
		return nil
	}
}

// WithClock sets the clock of the rules (the reopen window, rule C9, and
// tenure, rule C4). With the fake, pass the World's: fake.World.Now.
func WithClock(now func() time.Time) Option {
	return func(c *config) error {
		if now == nil {
			return resellerkit.InvalidField("cases.WithClock", "WithClock", "is nil")
		}
		c.now = now
		return nil
	}
}

// WithAllowedPII lets the given kinds of personal data through the guard of
// rule C3, for a caller that must send them on purpose. By default every
// kind is refused.
func WithAllowedPII(kinds ...pii.Kind) Option {
	return func(c *config) error {
		for _, k := range kinds {
			if k.Name() == "" {
				return resellerkit.InvalidField("cases.WithAllowedPII", "WithAllowedPII", fmt.Sprintf("kind %d is not a pii.Kind", uint8(k)))
			}
		}
		c.guard = pii.Allow(kinds...)
		return nil
	}
}

// WithActor names the staff account the Service acts as; stores that keep
// no identity of their own record it as the author of comments.
func WithActor(account string) Option {
	return func(c *config) error {
		a, err := checkAddress("cases.WithActor", "WithActor", account)
		if err != nil {
			return err
		}
		c.actor = a
		return nil
	}
}

// WithPageSize sets the default page size of listings, from 1 to
// [MaxPageSize] (default [DefaultPageSize]); a size outside that range is an
// error.
func WithPageSize(n int) Option {
	return func(c *config) error {
		if n < 1 || n > MaxPageSize {
			return resellerkit.InvalidField("cases.WithPageSize", "WithPageSize", fmt.Sprintf("is %d; give 1 to %d", n, MaxPageSize))
		}
		c.pageSize = n
		return nil
	}
}

func buildConfig(opts []Option) (config, error) {
	cfg := config{now: time.Now, pageSize: DefaultPageSize}
	for i, o := range opts {
		if o == nil {
			return config{}, resellerkit.InvalidField("cases.New", fmt.Sprintf("opts[%d]", i), "the option is nil; remove it")
		}
		if err := o(&cfg); err != nil {
			return config{}, err
		}
	}
	return cfg, nil
}

// NewWithStore returns a Service over store for the reseller account whose
// customer ID is resellerAccount. [WithTenure] is required; Create also
// needs [WithPortal] and [WithCustomers], Escalate [WithPlans].
func NewWithStore(store Store, resellerAccount string, opts ...Option) (*Service, error) {
	const op = "cases.NewWithStore"
	if store == nil {
		return nil, resellerkit.InvalidField(op, "store", "is nil")
	}
	if strings.TrimSpace(resellerAccount) == "" {
		return nil, resellerkit.InvalidField(op, "resellerAccount", "is empty; give the reseller account's customer ID")
	}
	cfg, err := buildConfig(opts)
	if err != nil {
		return nil, err
	}
	if cfg.tenure == nil {
		return nil, resellerkit.InvalidField(op, "WithTenure", "is missing; a reseller sees cases by tenure (rule C4), so give a Tenure")
	}
	return &Service{store: store, viewer: Viewer{ResellerAccount: resellerAccount}, cfg: cfg, op: "cases"}, nil
}

// CustomerView is what a customer's own admins see: every case about their
// customer, whoever filed it (rule C5). It reads; filing and changes go
// through the reseller's [Service] or the customer's own portal.
type CustomerView struct {
	s Service
}

// NewCustomerView returns the view of customerID's own admins over store.
// Only [WithClock] and [WithPageSize] matter to it.
func NewCustomerView(store Store, customerID string, opts ...Option) (*CustomerView, error) {
	const op = "cases.NewCustomerView"
	if store == nil {
		return nil, resellerkit.InvalidField(op, "store", "is nil")
	}
	if strings.TrimSpace(customerID) == "" {
		return nil, resellerkit.InvalidField(op, "customerID", "is empty; give the customer's ID")
	}
	cfg, err := buildConfig(opts)
	if err != nil {
		return nil, err
	}
	return &CustomerView{s: Service{store: store, viewer: Viewer{CustomerID: customerID}, cfg: cfg, op: "cases.CustomerView"}}, nil
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
func (v *CustomerView) ListPage(ctx context.Context, opts *ListOptions) (resellerkit.Page[Case], error) {
	return v.s.ListPage(ctx, opts)
}

// Comments lists a case's history.
func (v *CustomerView) Comments(ctx context.Context, id string) iter.Seq2[Comment, error] {
	return v.s.Comments(ctx, id)
}

// Attachments lists a case's attachments.
func (v *CustomerView) Attachments(ctx context.Context, id string) iter.Seq2[Attachment, error] {
	return v.s.Attachments(ctx, id)
}

func (s *Service) now() time.Time { return s.cfg.now().UTC() }

func (s *Service) opName(m string) string { return s.op + "." + m }

// notFound is the one answer for a case that does not exist and for one
// the viewer may not see (rule C4), so a hidden case's existence does not
// leak.
func notFound(op, id string) error {
	return resellerkit.Errorf(resellerkit.KindNotFound, op, "case %q not found; check the ID, and that the customer was managed by this reseller account when the case was filed (rule C4)", id)
}

func checkID(op, id string) error {
	if strings.TrimSpace(id) == "" {
		return resellerkit.InvalidField(op, "id", "is empty; give the case ID")
	}
	return nil
}

// callOf returns the Google call an error of the store names, if any.
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
	ps, err := s.cfg.tenure.Periods(ctx, s.viewer.ResellerAccount, customerID)
	if err != nil {
		return nil, resellerkit.ForOp(op, err)
	}
	return ps, nil
}

// visible reads a case and applies the visibility rules (C4, C5).
func (s *Service) visible(ctx context.Context, op, id string) (Case, error) {
	if err := checkID(op, id); err != nil {
		return Case{}, err
	}
	c, err := s.store.Get(ctx, id)
	if err != nil {
		if resellerkit.KindOf(err) == resellerkit.KindNotFound {
			return Case{}, notFound(op, id)
		}
		return Case{}, resellerkit.ForOp(op, err)
	}
	ps, err := s.periods(ctx, op, c.CustomerID)
	if err != nil {
		return Case{}, err
	}
	if !CanView(s.viewer, c, ps, s.now()) {
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
		msg := "case " + id + " is closed; reopen it first"
		if d, ok := c.ReopenDeadline(); ok && s.now().Before(d) {
			msg += " (possible until " + d.Format(time.RFC3339) + ")"
		} else {
			msg += ", which is no longer possible, or file a new case"
		}
		return Case{}, ruleErr(resellerkit.KindFailedPrecondition, op, "C7", ErrCaseClosed, msg)
	}
	return c, nil
}

// Create files a case on behalf of a customer (rules C1, C2, C3).
//
// filer is the staff account that files it. Rule C1: the filer must be
// allowed to use the portal (rule P1) on the reseller domain the customer is
// assigned to (rule D1), and the customer must have granted the reseller
// access to its account; otherwise an error of
// [resellerkit.KindPermissionDenied] says which, wrapping
// [ErrFilerDenied], [ErrWrongResellerDomain] or [ErrAccessNotGranted].
// Every field is validated first (rule C2: an error of
// [resellerkit.KindInvalidArgument] names the field) and the texts and text
// attachments are checked for personal data (rule C3). Sharing addresses
// (rule C10) receive the case's updates from the start.
//
// Rule C11: the new case may take a few minutes to appear in [Service.List];
// [Service.Get] sees it at once. Rule C12: since 2022-10-26 a new
// support-partner relationship needs no approval before work starts, so a
// customer transferred in a moment ago can have a case filed at once.
//
// If the case is filed but an attachment fails, the case is returned with
// the error, which names the attachment to add again with [Service.Attach].
//
// Google (a Service from [New]): cloudsupport.cases.create, then
// cloudsupport.media.upload per attachment; rule C1 reads through the
// [Portal] and [Customers] given.
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
		return Case{}, resellerkit.Errorf(resellerkit.KindFailedPrecondition, op,
			"filing needs the portal decision and the customer lookup of rule C1; build the Service with WithPortal and WithCustomers")
	}
	if err := s.checkFiler(ctx, op, filer, nc.CustomerID); err != nil {
		return Case{}, err
	}
	c, err := s.store.Create(ctx, Case{
		CustomerID:      nc.CustomerID,
		ResellerAccount: s.viewer.ResellerAccount,
		Filer:           filer,
		Product:         nc.Product,
		Category:        nc.Category,
		Title:           nc.Title,
		Description:     nc.Description,
		Severity:        nc.Severity,
		Language:        nc.Language,
		TimeZone:        nc.TimeZone,
		SharedWith:      nc.SharedWith,
	})
	if err != nil {
		return Case{}, resellerkit.ForOp(op, err)
	}
	for i, a := range nc.Attachments {
		if _, err := s.store.AddAttachment(ctx, c.ID, a); err != nil {
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
		return resellerkit.ForOp(op, err) // rule P7: not a denial
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
		return resellerkit.ForOp(op, err)
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

// ListOptions filters and orders a listing (rule C6). A nil *ListOptions
// lists every case the viewer may see, newest update first.
type ListOptions struct {
	// CustomerID lists one customer's cases; "" lists all the customers the
	// reseller account currently manages.
	CustomerID string
	// Keyword matches whole words, case-insensitively, in the title, the
	// description and the comments; several words must all match.
	Keyword string
	// Status keeps open or closed cases; the zero value, AnyStatus, keeps
	// both.
	Status     Status
	Severities []Severity // any of these; empty: all
	// Order is NewestUpdateFirst (the zero value) or OldestUpdateFirst.
	Order Order
	// PageSize is the size of a page; 0 means the Service's default
	// ([DefaultPageSize] unless [WithPageSize] says otherwise), a size
	// above [MaxPageSize] is clamped to it and a negative one is an error.
	// A page may hold fewer cases, even none, before the last.
	PageSize int
	// PageToken continues a listing in [Service.ListPage]; [Service.List]
	// ignores it.
	PageToken string
}

// List lists the cases the viewer may see (rules C4, C5, C6), newest update
// first by default, filtered by keyword, status and severity, fetching pages
// lazily. A newly filed case may take a few minutes to appear (rule C11).
// On an error it yields it once and stops; each range starts again from the
// first page.
//
// Google: cloudsupport.cases.search
func (s *Service) List(ctx context.Context, opts *ListOptions) iter.Seq2[Case, error] {
	op := s.opName("List")
	return func(yield func(Case, error) bool) {
		q, size, err := s.query(ctx, op, opts)
		if err != nil {
			yield(Case{}, err)
			return
		}
		if len(q.Scopes) == 0 {
			return
		}
		for c, err := range resellerkit.All(ctx, func(ctx context.Context, token string) (resellerkit.Page[Case], error) {
			return s.page(ctx, op, q, size, token)
		}) {
			if !yield(c, err) {
				return
			}
		}
	}
}

// ListPage returns one page of [Service.List], starting at opts.PageToken.
//
// Google: cloudsupport.cases.search
func (s *Service) ListPage(ctx context.Context, opts *ListOptions) (resellerkit.Page[Case], error) {
	op := s.opName("ListPage")
	q, size, err := s.query(ctx, op, opts)
	if err != nil || len(q.Scopes) == 0 {
		return resellerkit.Page[Case]{}, err
	}
	token := ""
	if opts != nil {
		token = opts.PageToken
	}
	return s.page(ctx, op, q, size, token)
}

// query builds the store query of a listing from the options and the
// visibility rules: the scopes are the customers the viewer may see, each
// with the periods whose cases it may see.
func (s *Service) query(ctx context.Context, op string, opts *ListOptions) (Query, int, error) {
	var o ListOptions
	if opts != nil {
		o = *opts
	}
	size := o.PageSize
	switch {
	case size == 0:
		size = s.cfg.pageSize
	case size < 0:
		return Query{}, 0, resellerkit.InvalidField(op, "ListOptions.PageSize", fmt.Sprintf("is %d; give 1 to %d, or 0 for the default", size, MaxPageSize))
	case size > MaxPageSize:
		size = MaxPageSize
	}
	for i, sev := range o.Severities {
		if !sev.Valid() {
			return Query{}, 0, resellerkit.InvalidField(op, fmt.Sprintf("ListOptions.Severities[%d]", i), fmt.Sprintf("is %s; give S0 to S4", sev))
		}
	}
	if o.Status > Closed {
		return Query{}, 0, resellerkit.InvalidField(op, "ListOptions.Status", "is not AnyStatus, Open or Closed")
	}
	if o.Order > OldestUpdateFirst {
		return Query{}, 0, resellerkit.InvalidField(op, "ListOptions.Order", "is not NewestUpdateFirst or OldestUpdateFirst")
	}
	q := Query{Keyword: o.Keyword, Status: o.Status, Severities: append([]Severity(nil), o.Severities...), Order: o.Order}
	now := s.now()
	switch {
	case s.viewer.CustomerID != "":
		if o.CustomerID != "" && o.CustomerID != s.viewer.CustomerID {
			return q, size, nil // another customer's cases: none visible
		}
		q.Scopes = []Scope{{CustomerID: s.viewer.CustomerID}}
	case o.CustomerID != "":
		ps, err := s.periods(ctx, op, o.CustomerID)
		if err != nil {
			return Query{}, 0, err
		}
		if currentlyManaged(ps, now) {
			q.Scopes = []Scope{{CustomerID: o.CustomerID, Filed: ps}}
		}
	default:
		all, err := s.cfg.tenure.Customers(ctx, s.viewer.ResellerAccount)
		if err != nil {
			return Query{}, 0, resellerkit.ForOp(op, err)
		}
		for _, cp := range all {
			if currentlyManaged(cp.Periods, now) {
				q.Scopes = append(q.Scopes, Scope{CustomerID: cp.CustomerID, Filed: cp.Periods})
			}
		}
	}
	return q, size, nil
}

// page fetches one page and re-applies visibility to what the store
// returned, so a store that filters loosely cannot leak a hidden case.
func (s *Service) page(ctx context.Context, op string, q Query, size int, token string) (resellerkit.Page[Case], error) {
	p, err := s.store.List(ctx, q, resellerkit.PageRequest{Size: size, Token: token})
	if err != nil {
		return resellerkit.Page[Case]{}, resellerkit.ForOp(op, err)
	}
	scopes := make(map[string][]Period, len(q.Scopes))
	for _, sc := range q.Scopes {
		scopes[sc.CustomerID] = sc.Filed
	}
	now := s.now()
	kept := p.Items[:0]
	for _, c := range p.Items {
		ps, ok := scopes[c.CustomerID]
		if ok && CanView(s.viewer, c, ps, now) {
			kept = append(kept, c)
		}
	}
	p.Items = kept
	return p, nil
}

// SetSeverity changes a case's severity (rule C7).
//
// Google: cloudsupport.cases.get, cloudsupport.cases.patch
func (s *Service) SetSeverity(ctx context.Context, id string, sev Severity) (Case, error) {
	op := s.opName("SetSeverity")
	if !sev.Valid() {
		return Case{}, resellerkit.InvalidField(op, "severity", fmt.Sprintf("is %s; choose S0 (service down) to S4 (question)", sev))
	}
	c, err := s.open(ctx, op, id)
	if err != nil {
		return Case{}, err
	}
	if c.Severity == sev {
		return c, nil
	}
	c, err = s.store.SetSeverity(ctx, id, sev)
	return c, resellerkit.ForOp(op, err)
}

// Comment adds a message to a case's history (rule C7), after checking it
// for personal data (rule C3). Bodies are limited to [MaxCommentLength]
// characters.
//
// Google: cloudsupport.cases.get, cloudsupport.cases.comments.create
func (s *Service) Comment(ctx context.Context, id, body string) (Comment, error) {
	op := s.opName("Comment")
	if err := checkText(op, "body", body, MaxCommentLength, s.cfg.guard); err != nil {
		return Comment{}, err
	}
	if _, err := s.open(ctx, op, id); err != nil {
		return Comment{}, err
	}
	cm, err := s.store.AddComment(ctx, id, Comment{Body: body, Author: s.cfg.actor})
	return cm, resellerkit.ForOp(op, err)
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
			p, err := s.store.ListComments(ctx, id, resellerkit.PageRequest{Size: s.cfg.pageSize, Token: token})
			return p, resellerkit.ForOp(op, err)
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
// Google: cloudsupport.cases.get, cloudsupport.media.upload
func (s *Service) Attach(ctx context.Context, id string, a NewAttachment) (Attachment, error) {
	op := s.opName("Attach")
	if err := checkAttachment(op, "attachment", a, s.cfg.guard); err != nil {
		return Attachment{}, err
	}
	if _, err := s.open(ctx, op, id); err != nil {
		return Attachment{}, err
	}
	at, err := s.store.AddAttachment(ctx, id, a)
	return at, resellerkit.ForOp(op, err)
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
			p, err := s.store.ListAttachments(ctx, id, resellerkit.PageRequest{Size: s.cfg.pageSize, Token: token})
			return p, resellerkit.ForOp(op, err)
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

// Close closes a case (rule C7). It can be reopened for [ReopenWindow]
// afterwards (rule C9).
//
// Google: cloudsupport.cases.get, cloudsupport.cases.close
func (s *Service) Close(ctx context.Context, id string) (Case, error) {
	op := s.opName("Close")
	if _, err := s.open(ctx, op, id); err != nil {
		return Case{}, err
	}
	c, err := s.store.Close(ctx, id)
	return c, resellerkit.ForOp(op, err)
}

// Reopen reopens a closed case (rule C9): allowed while now <
// ClosedTime + [ReopenWindow], measured from the latest close, on the
// Service's clock. After that the error is of
// [resellerkit.KindFailedPrecondition], wraps a [*ReopenWindowError] naming
// the deadline, and says to file a new case. A store that cannot reopen
// (the Cloud Support API has no such method) answers
// [resellerkit.KindUnsupported], after this check.
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
	c, err = s.store.Reopen(ctx, id)
	return c, resellerkit.ForOp(op, err)
}

// Escalate asks Google to raise a case's priority (rule C8). Only customers
// on a Premium Support plan can escalate; others get an error of
// [resellerkit.KindFailedPrecondition] wrapping
// [ErrEscalationNotAvailable] ([CheckEscalate] is the same check, without
// I/O, for a UI). A reason and a justification are required;
// the justification is checked for personal data (rule C3).
//
// Google: cloudsupport.cases.get, cloudsupport.cases.escalate
func (s *Service) Escalate(ctx context.Context, id string, e Escalation) (Case, error) {
	op := s.opName("Escalate")
	if !e.Reason.Valid() {
		return Case{}, resellerkit.InvalidField(op, "Escalation.Reason", "is unset; choose ResolutionTime, TechnicalExpertise or BusinessImpact")
	}
	if err := checkText(op, "Escalation.Justification", e.Justification, MaxJustificationLength, s.cfg.guard); err != nil {
		return Case{}, err
	}
	if s.cfg.plans == nil {
		return Case{}, resellerkit.Errorf(resellerkit.KindFailedPrecondition, op,
			"escalation depends on the customer's support plan (rule C8); build the Service with WithPlans")
	}
	c, err := s.open(ctx, op, id)
	if err != nil {
		return Case{}, err
	}
	plan, err := s.cfg.plans.SupportPlan(ctx, c.CustomerID, "")
	if err != nil {
		return Case{}, resellerkit.ForOp(op, err)
	}
	if err := checkEscalate(op, c, plan); err != nil {
		return Case{}, err
	}
	c, err = s.store.Escalate(ctx, id, e)
	return c, resellerkit.ForOp(op, err)
}

// Share adds addresses (users or groups) to a case's sharing list, so they
// receive its updates by email (rules C10, S6). Addresses already on the
// list are left as they are; if none is new, nothing is written.
//
// Google: cloudsupport.cases.get, cloudsupport.cases.patch
func (s *Service) Share(ctx context.Context, id string, addresses ...string) (Case, error) {
	op := s.opName("Share")
	if len(addresses) == 0 {
		return Case{}, resellerkit.InvalidField(op, "addresses", "is empty; give at least one address to share the case with")
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
	c, err = s.store.SetSharing(ctx, id, list)
	return c, resellerkit.ForOp(op, err)
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
