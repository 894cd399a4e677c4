package cases

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	cloudsupport "google.golang.org/api/cloudsupport/v2"
	"google.golang.org/api/googleapi"

	"github.com/resellerkit/resellerkit"
)

// Parents maps customers to the Cloud Support parent resources their cases
// live under ("organizations/123" or "projects/my-project") and back. The
// Cloud Support API has no notion of a customer, so the mapping is the
// caller's configuration. Implementations must be safe for concurrent use.
type Parents interface {
	// Parent returns the parent of customerID's cases.
	Parent(customerID string) (string, error)
	// Customer returns the customer whose cases live under parent.
	Customer(parent string) (string, error)
}

// ParentTable is a static [Parents]: customer ID to parent, one to one.
type ParentTable struct {
	parent   map[string]string
	customer map[string]string
}

var parentPattern = regexp.MustCompile(`^[^/]+/[^/]+$`)

// NewParentTable builds a [ParentTable] from customer IDs to parents. A
// parent that is not "kind/id", or that two customers share, is an error of
// [resellerkit.KindInvalidArgument] naming the customer.
func NewParentTable(m map[string]string) (*ParentTable, error) {
	const op = "cases.NewParentTable"
	t := &ParentTable{parent: map[string]string{}, customer: map[string]string{}}
	for _, id := range slices.Sorted(maps.Keys(m)) {
		p := m[id]
		if !parentPattern.MatchString(p) {
			return nil, resellerkit.InvalidField(op, "parents["+id+"]", fmt.Sprintf("%q is not a parent resource; give one like organizations/123 or projects/my-project", p))
		}
		if other, dup := t.customer[p]; dup {
			return nil, resellerkit.InvalidField(op, "parents["+id+"]", p+" is also the parent of "+other+"; each customer needs its own parent")
		}
		t.parent[id], t.customer[p] = p, id
	}
	return t, nil
}

// Parent implements [Parents].
func (t *ParentTable) Parent(customerID string) (string, error) {
	if p, ok := t.parent[customerID]; ok {
		return p, nil
	}
	return "", resellerkit.Errorf(resellerkit.KindFailedPrecondition, "cases.ParentTable.Parent",
		"customer %s has no Cloud Support parent; add it to the ParentTable", customerID)
}

// Customer implements [Parents].
func (t *ParentTable) Customer(parent string) (string, error) {
	if c, ok := t.customer[parent]; ok {
		return c, nil
	}
	return "", resellerkit.Errorf(resellerkit.KindFailedPrecondition, "cases.ParentTable.Customer",
		"parent %s belongs to no customer of the ParentTable", parent)
}

// New returns a Service over the Cloud Support API v2 for the reseller
// account whose customer ID is resellerAccount: [NewCloudSupportStore] and
// [NewWithStore] in one. The Conn needs the cloud-platform scope
// ([resellerkit.ScopeCloudPlatform]).
func New(conn *resellerkit.Conn, resellerAccount string, parents Parents, opts ...Option) (*Service, error) {
	st, err := NewCloudSupportStore(conn, parents)
	if err != nil {
		return nil, err
	}
	return NewWithStore(st, resellerAccount, opts...)
}

// NewCloudSupportStore returns a [Store] over the Cloud Support API v2, with
// parents mapping customers to case parents.
//
// What the API offers and what it does not:
//   - a case's ID is its resource name ("organizations/123/cases/456");
//   - severities S0-S4 are the priorities P0-P4;
//   - the category's ID is the classification ID (caseClassifications.search)
//     and is required;
//   - the API has no close time: a closed case's last update is taken as its
//     close, which holds while nothing changes a closed case;
//   - the API has no reopen: Reopen answers [resellerkit.KindUnsupported]
//     (the [Service] checks the window first), so reopen in the portal;
//   - it keeps no reseller account, so Case.ResellerAccount is empty;
//   - listing searches each scope's parent in turn, newest update first as
//     the API answers; [OldestUpdateFirst] is [resellerkit.KindUnsupported];
//     creation windows are applied to each page, so pages may be short;
//     when several customers are listed, one whose parent answers 403 or
//     404 (the caller's account is on another reseller domain, rule D1, or
//     the customer revoked access, D5) contributes no cases, as in the
//     portal, while listing that customer alone returns the error.
func NewCloudSupportStore(conn *resellerkit.Conn, parents Parents) (Store, error) {
	const op = "cases.NewCloudSupportStore"
	if conn == nil || conn.CloudSupport() == nil {
		return nil, resellerkit.InvalidField(op, "conn", "is nil; dial one with resellerkit.Dial and the cloud-platform scope")
	}
	if parents == nil {
		return nil, resellerkit.InvalidField(op, "parents", "is nil; give the Cloud Support parent of each customer, e.g. a ParentTable")
	}
	return &googleStore{svc: conn.CloudSupport(), parents: parents}, nil
}

type googleStore struct {
	svc     *cloudsupport.Service
	parents Parents
}

var caseNamePattern = regexp.MustCompile(`^[^/]+/[^/]+/cases/[^/]+$`)

func checkCaseName(op, id string) error {
	if !caseNamePattern.MatchString(id) {
		return resellerkit.Errorf(resellerkit.KindNotFound, op, "case %q not found: Cloud Support case IDs look like organizations/123/cases/456", id)
	}
	return nil
}

// Create files a case.
//
// Google: cloudsupport.cases.create
func (g *googleStore) Create(ctx context.Context, c Case) (Case, error) {
	const op = "cases.CloudSupport.Create"
	if c.Category.ID == "" {
		return Case{}, resellerkit.InvalidField(op, "NewCase.Category.ID", "is empty; the Cloud Support API needs the classification ID (find it with caseClassifications.search)")
	}
	parent, err := g.parents.Parent(c.CustomerID)
	if err != nil {
		return Case{}, resellerkit.Wrap(op, err)
	}
	in := &cloudsupport.Case{
		DisplayName:              c.Title,
		Description:              c.Description,
		Classification:           &cloudsupport.CaseClassification{Id: c.Category.ID, DisplayName: c.Category.Name},
		Priority:                 priorityOf(c.Severity),
		LanguageCode:             c.Language,
		TimeZone:                 c.TimeZone,
		SubscriberEmailAddresses: c.SharedWith,
	}
	out, err := g.svc.Cases.Create(parent, in).Context(ctx).Do()
	if err != nil {
		return Case{}, resellerkit.WrapCall("cloudsupport.cases.create", err)
	}
	return g.fromWire(out), nil
}

// Get reads a case.
//
// Google: cloudsupport.cases.get
func (g *googleStore) Get(ctx context.Context, id string) (Case, error) {
	const op = "cases.CloudSupport.Get"
	if err := checkCaseName(op, id); err != nil {
		return Case{}, err
	}
	out, err := g.svc.Cases.Get(id).Context(ctx).Do()
	if err != nil {
		return Case{}, resellerkit.WrapCall("cloudsupport.cases.get", err)
	}
	return g.fromWire(out), nil
}

// listToken is the store's page token: the scope being listed and the
// API's token within it.
type listToken struct {
	Scope int    `json:"s"`
	Inner string `json:"t,omitempty"`
}

// List searches each scope's parent in turn.
//
// Google: cloudsupport.cases.search
func (g *googleStore) List(ctx context.Context, q Query, p resellerkit.PageRequest) (resellerkit.Page[Case], error) {
	const op = "cases.CloudSupport.List"
	if q.Order != NewestUpdateFirst {
		return resellerkit.Page[Case]{}, resellerkit.Errorf(resellerkit.KindUnsupported, op,
			"the Cloud Support API lists newest update first only; sort the cases yourself for another order")
	}
	var tok listToken
	if p.Token != "" {
		b, err := base64.RawURLEncoding.DecodeString(p.Token)
		if err != nil || json.Unmarshal(b, &tok) != nil || tok.Scope < 0 || tok.Scope >= len(q.Scopes) {
			return resellerkit.Page[Case]{}, resellerkit.InvalidField(op, "PageToken", "is not a token of this listing; start again without one")
		}
	}
	if len(q.Scopes) == 0 {
		return resellerkit.Page[Case]{}, nil
	}
	scope := q.Scopes[tok.Scope]
	parent, err := g.parents.Parent(scope.CustomerID)
	if err != nil {
		return resellerkit.Page[Case]{}, resellerkit.Wrap(op, err)
	}
	size := p.Size
	if size <= 0 {
		size = DefaultPageSize
	}
	call := g.svc.Cases.Search(parent).Query(searchQuery(q)).PageSize(int64(size)).Context(ctx)
	if tok.Inner != "" {
		call = call.PageToken(tok.Inner)
	}
	resp, err := call.Do()
	if err != nil {
		err = resellerkit.WrapCall("cloudsupport.cases.search", err)
		switch resellerkit.KindOf(err) {
		case resellerkit.KindPermissionDenied, resellerkit.KindNotFound:
			// Listing several customers, one the caller cannot reach (another
			// reseller domain, rule D1, or access revoked, D5) has no case
			// to show, as in the portal; listing one customer, it is an error.
			if len(q.Scopes) > 1 {
				resp = &cloudsupport.SearchCasesResponse{}
				break
			}
			fallthrough
		default:
			return resellerkit.Page[Case]{}, err
		}
	}
	var page resellerkit.Page[Case]
	for _, wc := range resp.Cases {
		c := g.fromWire(wc)
		if c.CustomerID == scope.CustomerID && scope.Covers(c.CreateTime) {
			page.Items = append(page.Items, c)
		}
	}
	next := listToken{Scope: tok.Scope, Inner: resp.NextPageToken}
	if next.Inner == "" {
		next.Scope++
	}
	if next.Scope < len(q.Scopes) {
		b, _ := json.Marshal(next)
		page.NextPageToken = base64.RawURLEncoding.EncodeToString(b)
	}
	return page, nil
}

// searchQuery writes q's filters in the Cloud Support search syntax.
func searchQuery(q Query) string {
	var terms []string
	switch q.Status {
	case Open:
		terms = append(terms, "state=OPEN")
	case Closed:
		terms = append(terms, "state=CLOSED")
	}
	if len(q.Severities) > 0 {
		alts := make([]string, len(q.Severities))
		for i, s := range q.Severities {
			alts[i] = "priority=" + priorityOf(s)
		}
		t := strings.Join(alts, " OR ")
		if len(alts) > 1 {
			t = "(" + t + ")"
		}
		terms = append(terms, t)
	}
	if words := Words(q.Keyword); len(words) > 0 {
		terms = append(terms, strconv.Quote(strings.Join(words, " ")))
	}
	return strings.Join(terms, " AND ")
}

// SetSeverity changes the priority.
//
// Google: cloudsupport.cases.patch (updateMask=priority)
func (g *googleStore) SetSeverity(ctx context.Context, id string, s Severity) (Case, error) {
	const op = "cases.CloudSupport.SetSeverity"
	return g.patch(ctx, op, id, &cloudsupport.Case{Priority: priorityOf(s)}, "priority")
}

// SetSharing replaces the subscribers.
//
// Google: cloudsupport.cases.patch (updateMask=subscriber_email_addresses)
func (g *googleStore) SetSharing(ctx context.Context, id string, addrs []string) (Case, error) {
	const op = "cases.CloudSupport.SetSharing"
	in := &cloudsupport.Case{SubscriberEmailAddresses: addrs, ForceSendFields: []string{"SubscriberEmailAddresses"}}
	return g.patch(ctx, op, id, in, "subscriber_email_addresses")
}

func (g *googleStore) patch(ctx context.Context, op, id string, in *cloudsupport.Case, mask string) (Case, error) {
	if err := checkCaseName(op, id); err != nil {
		return Case{}, err
	}
	out, err := g.svc.Cases.Patch(id, in).UpdateMask(mask).Context(ctx).Do()
	if err != nil {
		return Case{}, resellerkit.WrapCall("cloudsupport.cases.patch", err)
	}
	return g.fromWire(out), nil
}

// Close closes a case.
//
// Google: cloudsupport.cases.close
func (g *googleStore) Close(ctx context.Context, id string) (Case, error) {
	const op = "cases.CloudSupport.Close"
	if err := checkCaseName(op, id); err != nil {
		return Case{}, err
	}
	out, err := g.svc.Cases.Close(id, &cloudsupport.CloseCaseRequest{}).Context(ctx).Do()
	if err != nil {
		return Case{}, resellerkit.WrapCall("cloudsupport.cases.close", err)
	}
	return g.fromWire(out), nil
}

// Reopen is not offered by the Cloud Support API.
func (g *googleStore) Reopen(ctx context.Context, id string) (Case, error) {
	return Case{}, resellerkit.Errorf(resellerkit.KindUnsupported, "cases.CloudSupport.Reopen",
		"the Cloud Support API cannot reopen case %s; reopen it in the Google Cloud Support Portal while the window lasts (rule C9)", id)
}

var reasonWire = [...]string{ResolutionTime: "RESOLUTION_TIME", TechnicalExpertise: "TECHNICAL_EXPERTISE", BusinessImpact: "BUSINESS_IMPACT"}

// Escalate escalates a case.
//
// Google: cloudsupport.cases.escalate
func (g *googleStore) Escalate(ctx context.Context, id string, e Escalation) (Case, error) {
	const op = "cases.CloudSupport.Escalate"
	if err := checkCaseName(op, id); err != nil {
		return Case{}, err
	}
	if !e.Reason.Valid() {
		return Case{}, resellerkit.InvalidField(op, "Escalation.Reason", "is unset")
	}
	req := &cloudsupport.EscalateCaseRequest{Escalation: &cloudsupport.Escalation{Reason: reasonWire[e.Reason], Justification: e.Justification}}
	out, err := g.svc.Cases.Escalate(id, req).Context(ctx).Do()
	if err != nil {
		return Case{}, resellerkit.WrapCall("cloudsupport.cases.escalate", err)
	}
	return g.fromWire(out), nil
}

// AddComment adds a comment; the API records its author from the
// credentials.
//
// Google: cloudsupport.cases.comments.create
func (g *googleStore) AddComment(ctx context.Context, id string, c Comment) (Comment, error) {
	const op = "cases.CloudSupport.AddComment"
	if err := checkCaseName(op, id); err != nil {
		return Comment{}, err
	}
	out, err := g.svc.Cases.Comments.Create(id, &cloudsupport.Comment{Body: c.Body}).Context(ctx).Do()
	if err != nil {
		return Comment{}, resellerkit.WrapCall("cloudsupport.cases.comments.create", err)
	}
	return commentFromWire(out), nil
}

// ListComments lists a case's comments.
//
// Google: cloudsupport.cases.comments.list
func (g *googleStore) ListComments(ctx context.Context, id string, p resellerkit.PageRequest) (resellerkit.Page[Comment], error) {
	const op = "cases.CloudSupport.ListComments"
	if err := checkCaseName(op, id); err != nil {
		return resellerkit.Page[Comment]{}, err
	}
	call := g.svc.Cases.Comments.List(id).Context(ctx)
	if p.Size > 0 {
		call = call.PageSize(int64(p.Size))
	}
	if p.Token != "" {
		call = call.PageToken(p.Token)
	}
	resp, err := call.Do()
	if err != nil {
		return resellerkit.Page[Comment]{}, resellerkit.WrapCall("cloudsupport.cases.comments.list", err)
	}
	page := resellerkit.Page[Comment]{NextPageToken: resp.NextPageToken}
	for _, c := range resp.Comments {
		page.Items = append(page.Items, commentFromWire(c))
	}
	return page, nil
}

// AddAttachment uploads a file to a case.
//
// Google: cloudsupport.media.upload
func (g *googleStore) AddAttachment(ctx context.Context, id string, a NewAttachment) (Attachment, error) {
	const op = "cases.CloudSupport.AddAttachment"
	if err := checkCaseName(op, id); err != nil {
		return Attachment{}, err
	}
	var mopts []googleapi.MediaOption
	if a.ContentType != "" {
		mopts = append(mopts, googleapi.ContentType(a.ContentType))
	}
	req := &cloudsupport.CreateAttachmentRequest{Attachment: &cloudsupport.Attachment{Filename: a.Name}}
	out, err := g.svc.Media.Upload(id, req).Media(bytes.NewReader(a.Content), mopts...).Context(ctx).Do()
	if err != nil {
		return Attachment{}, resellerkit.WrapCall("cloudsupport.media.upload", err)
	}
	return attachmentFromWire(out), nil
}

// ListAttachments lists a case's attachments (at most 100 a page).
//
// Google: cloudsupport.cases.attachments.list
func (g *googleStore) ListAttachments(ctx context.Context, id string, p resellerkit.PageRequest) (resellerkit.Page[Attachment], error) {
	const op = "cases.CloudSupport.ListAttachments"
	if err := checkCaseName(op, id); err != nil {
		return resellerkit.Page[Attachment]{}, err
	}
	call := g.svc.Cases.Attachments.List(id).Context(ctx)
	if p.Size > 0 {
		call = call.PageSize(int64(min(p.Size, 100)))
	}
	if p.Token != "" {
		call = call.PageToken(p.Token)
	}
	resp, err := call.Do()
	if err != nil {
		return resellerkit.Page[Attachment]{}, resellerkit.WrapCall("cloudsupport.cases.attachments.list", err)
	}
	page := resellerkit.Page[Attachment]{NextPageToken: resp.NextPageToken}
	for _, a := range resp.Attachments {
		page.Items = append(page.Items, attachmentFromWire(a))
	}
	return page, nil
}

// ---- mapping ----

func priorityOf(s Severity) string {
	if !s.Valid() {
		return "PRIORITY_UNSPECIFIED"
	}
	return "P" + strconv.Itoa(int(s-S0))
}

var stateOfWire = map[string]State{
	"NEW":                        StateNew,
	"IN_PROGRESS_GOOGLE_SUPPORT": StateInProgress,
	"ACTION_REQUIRED":            StateActionRequired,
	"SOLUTION_PROVIDED":          StateSolutionProvided,
	"CLOSED":                     StateClosed,
}

func parseTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}

func actorOf(a *cloudsupport.Actor) string {
	switch {
	case a == nil:
		return ""
	case a.Username != "":
		return a.Username
	}
	return a.Email
}

func (g *googleStore) fromWire(w *cloudsupport.Case) Case {
	c := Case{
		ID:          w.Name,
		Filer:       actorOf(w.Creator),
		Product:     GoogleWorkspace,
		Title:       w.DisplayName,
		Description: w.Description,
		Language:    w.LanguageCode,
		TimeZone:    w.TimeZone,
		SharedWith:  w.SubscriberEmailAddresses,
		State:       stateOfWire[w.State],
		Escalated:   w.Escalated,
		CreateTime:  parseTime(w.CreateTime),
		UpdateTime:  parseTime(w.UpdateTime),
	}
	if w.Classification != nil {
		c.Category = Category{ID: w.Classification.Id, Name: w.Classification.DisplayName}
	}
	if s, err := ParseSeverity(w.Priority); err == nil {
		c.Severity = s
	}
	if c.State == StateClosed {
		c.ClosedTime = c.UpdateTime
	}
	if i := strings.Index(w.Name, "/cases/"); i > 0 {
		if cust, err := g.parents.Customer(w.Name[:i]); err == nil {
			c.CustomerID = cust
		}
	}
	return c
}

func commentFromWire(w *cloudsupport.Comment) Comment {
	return Comment{ID: w.Name, Body: w.Body, Author: actorOf(w.Creator), CreateTime: parseTime(w.CreateTime)}
}

func attachmentFromWire(w *cloudsupport.Attachment) Attachment {
	return Attachment{ID: w.Name, Name: w.Filename, ContentType: w.MimeType, Size: w.SizeBytes,
		CreateTime: parseTime(w.CreateTime), Creator: actorOf(w.Creator)}
}
