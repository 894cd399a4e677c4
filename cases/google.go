package cases

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
	cloudsupport "google.golang.org/api/cloudsupport/v2"
	"google.golang.org/api/googleapi"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/internal/errs"
	"github.com/resellerkit/resellerkit/internal/idem"
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
			return nil, errs.Invalid(op, "parents["+id+"]", fmt.Sprintf("%q is not a parent resource; give one like organizations/123 or projects/my-project", p))
		}
		if other, dup := t.customer[p]; dup {
			return nil, errs.Invalid(op, "parents["+id+"]", p+" is also the parent of "+other+"; each customer needs its own parent")
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
	return "", errs.Errorf(resellerkit.KindFailedPrecondition, "cases.ParentTable.Parent",
		"customer %s has no Cloud Support parent; add it to the ParentTable", customerID)
}

// Customer implements [Parents].
func (t *ParentTable) Customer(parent string) (string, error) {
	if c, ok := t.customer[parent]; ok {
		return c, nil
	}
	return "", errs.Errorf(resellerkit.KindFailedPrecondition, "cases.ParentTable.Customer",
		"parent %s belongs to no customer of the ParentTable", parent)
}

// cloudSupport is the Service's way to Google: the Cloud Support API v2,
// with parents mapping customers to case parents. It holds no rules:
// visibility, validation, personal data, the reopen window and escalation
// eligibility are the Service's.
//
// What the API offers and what it does not, and how the SDK copes:
//   - a case's ID is its resource name ("organizations/123/cases/456");
//   - severities S0-S4 are the priorities P0-P4;
//   - a category needs its classification ID; a name alone is looked up
//     with caseClassifications.search (exact display name, any case) and
//     remembered for the Service's life, as Google keeps an ID valid for
//     at least six months;
//   - the API has no close time: a closed case's last update is taken as
//     its close, which holds while nothing changes a closed case (rule C7);
//   - the API has no reopen, and keeps no reseller account;
//   - no write takes a request ID, and all but cases.patch are POSTs that
//     a resend applies twice (or refuses): after a lost answer each write
//     is looked up before it is sent again, a new case by the
//     deduplication tag it carries (landed.go, rule W1);
//   - search lists one parent at a time, newest update first; a listing of
//     several customers searches each and merges the results by last
//     update, applying each customer's creation windows (rule C4); one
//     customer whose parent answers 403 or 404 (the caller's account is on
//     another reseller domain, rule D1, or the customer revoked access, D5)
//     contributes no cases, as in the portal, while listing that customer
//     alone returns the error.
type cloudSupport struct {
	svc     *cloudsupport.Service
	conn    *resellerkit.Conn // its retry policy and clock, for writes whose answer was lost
	actor   string            // the Conn's actor, whom Google records as the author of comments and attachments
	parents Parents

	mu      sync.Mutex
	classes map[string]Category // classification by lower-cased display name
}

// checkConn refuses a nil Conn, the first thing a constructor checks.
func checkConn(op string, conn *resellerkit.Conn) error {
	if conn == nil || conn.CloudSupport() == nil {
		return errs.Invalid(op, "conn", "is nil; dial one with resellerkit.Dial and the cloud-platform scope (or use fake.Server.Conn)")
	}
	return nil
}

// newCloudSupport returns the Cloud Support calls of a Conn that
// [checkConn] accepted, over the parents a constructor checked.
func newCloudSupport(conn *resellerkit.Conn, parents Parents) *cloudSupport {
	return &cloudSupport{svc: conn.CloudSupport(), conn: conn, actor: conn.Actor(), parents: parents, classes: map[string]Category{}}
}

var caseNamePattern = regexp.MustCompile(`^[^/]+/[^/]+/cases/[^/]+$`)

func checkCaseName(op, id string) error {
	if !caseNamePattern.MatchString(id) {
		return errs.Errorf(resellerkit.KindNotFound, op, "case %q not found: Cloud Support case IDs look like organizations/123/cases/456", id)
	}
	return nil
}

// customerOf returns the customer whose parent a case ID names, and false
// for an ID that is not a case's resource name under a known parent.
func (g *cloudSupport) customerOf(id string) (string, bool) {
	if !caseNamePattern.MatchString(id) {
		return "", false
	}
	cust, err := g.parents.Customer(id[:strings.Index(id, "/cases/")])
	return cust, err == nil
}

// classification returns cat with its classification ID: as given, or
// found by its display name.
//
// Google: cloudsupport.caseClassifications.search
func (g *cloudSupport) classification(ctx context.Context, cat Category) (Category, error) {
	const call = "cloudsupport.caseClassifications.search"
	if cat.ID != "" {
		return cat, nil
	}
	name := strings.TrimSpace(cat.Name)
	key := strings.ToLower(name)
	g.mu.Lock()
	found, ok := g.classes[key]
	g.mu.Unlock()
	if ok {
		return found, nil
	}
	q := `display_name:"*` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(name) + `*"`
	err := g.svc.CaseClassifications.Search().Query(q).PageSize(100).Pages(ctx, func(r *cloudsupport.SearchCaseClassificationsResponse) error {
		for _, cc := range r.CaseClassifications {
			if !ok && strings.EqualFold(strings.TrimSpace(cc.DisplayName), name) {
				found, ok = Category{ID: cc.Id, Name: cc.DisplayName}, true
			}
		}
		return nil
	})
	if err != nil {
		return Category{}, errs.Call(call, err)
	}
	if !ok {
		return Category{}, errs.Invalid(call, "NewCase.Category.Name",
			fmt.Sprintf("%q is not one of Google's case classifications; give the full name as the portal shows it (\"Technical Issue > Gmail\") or the classification ID", name))
	}
	g.mu.Lock()
	g.classes[key] = found
	g.mu.Unlock()
	return found, nil
}

// create files a case, with filer as its creator, once: the description
// ends with a new deduplication tag ([caseTag]), and after a lost answer
// the case is looked for by its tag before it is sent again (see
// landed.go).
//
// Google: cloudsupport.cases.create; after a lost answer,
// cloudsupport.cases.search
func (g *cloudSupport) create(ctx context.Context, filer string, nc NewCase) (Case, error) {
	const call = "cloudsupport.cases.create"
	parent, err := g.parents.Parent(nc.CustomerID)
	if err != nil {
		return Case{}, err
	}
	tag := newTag()
	in := &cloudsupport.Case{
		DisplayName:              nc.Title,
		Description:              nc.Description + caseTag(tag),
		Classification:           &cloudsupport.CaseClassification{Id: nc.Category.ID, DisplayName: nc.Category.Name},
		Priority:                 priorityOf(nc.Severity),
		LanguageCode:             nc.Language,
		TimeZone:                 nc.TimeZone,
		SubscriberEmailAddresses: nc.SharedWith,
		// The API takes the creator's email with a display name (both or
		// neither); without them it records the caller.
		Creator: &cloudsupport.Actor{Email: filer, DisplayName: filer},
	}
	var since time.Time // the first send
	out, _, err := idem.Do(ctx, g.conn, call, idem.Write[*cloudsupport.Case]{
		Send: func(ctx context.Context) (*cloudsupport.Case, error) {
			if since.IsZero() {
				since = g.conn.Now()
			}
			out, err := g.svc.Cases.Create(parent, in).Context(ctx).Do()
			return out, errs.Call(call, err)
		},
		Landed: func(ctx context.Context) (*cloudsupport.Case, bool, error) {
			return pollLanded(ctx, call, g.conn.RetryPolicy(), func(ctx context.Context) (*cloudsupport.Case, bool, error) {
				return g.findCase(ctx, parent, filer, tag, in, since)
			})
		},
	})
	if err != nil {
		return Case{}, err
	}
	return g.fromWire(out), nil
}

// get reads a case.
//
// Google: cloudsupport.cases.get
func (g *cloudSupport) get(ctx context.Context, id string) (Case, error) {
	const call = "cloudsupport.cases.get"
	if err := checkCaseName(call, id); err != nil {
		return Case{}, err
	}
	out, err := g.svc.Cases.Get(id).Context(ctx).Do()
	if err != nil {
		return Case{}, errs.Call(call, err)
	}
	return g.fromWire(out), nil
}

// searchToken is a listing's page token: a hash binding it to the query,
// the page size asked of the API, and where each scope's search stands.
type searchToken struct {
	Hash  uint64       `json:"h"`
	Size  int          `json:"n"`
	Heads []searchHead `json:"s"`
}

// searchHead is where one scope's search stands: the API's token of the
// page being read, how many of its cases were used, or done.
type searchHead struct {
	Token string `json:"t,omitempty"`
	Skip  int    `json:"k,omitempty"`
	Done  bool   `json:"d,omitempty"`
}

// hash binds a page token to the listing it came from.
func (q query) hash() uint64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%q %d %v\n", q.keyword, q.status, q.severities)
	for _, s := range q.scopes {
		fmt.Fprintf(h, "%s", s.customerID)
		for _, p := range s.filed {
			fmt.Fprintf(h, " %d-%d", p.Start.UnixNano(), p.End.UnixNano())
		}
		h.Write([]byte{'\n'})
	}
	return h.Sum64()
}

func decodeSearchToken(op string, q query, token string) (searchToken, error) {
	var t searchToken
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || json.Unmarshal(b, &t) != nil || t.Hash != q.hash() || len(t.Heads) != len(q.scopes) || t.Size < 1 {
		return searchToken{}, errs.Invalid(op, "PageRequest.Token", "is not a token of this listing; start again without one")
	}
	return t, nil
}

// cursor reads one scope's search page by page.
type cursor struct {
	scope  scope
	parent string
	head   searchHead
	items  []Case // the page at head.Token
	next   string // its next page token
	pos    int    // the next item of items to consider
	more   bool   // items is used up and next is to be fetched
}

// current returns the case the cursor is at.
func (c *cursor) current() Case { return c.items[c.pos] }

// search returns one page of q's cases, newest update first, merging the
// scopes' searches.
//
// Google: cloudsupport.cases.search
func (g *cloudSupport) search(ctx context.Context, q query, p resellerkit.PageRequest) (resellerkit.Page[Case], error) {
	const call = "cloudsupport.cases.search"
	tok := searchToken{Hash: q.hash(), Size: innerPageSize(p.Size, len(q.scopes)), Heads: make([]searchHead, len(q.scopes))}
	if p.Token != "" {
		var err error
		if tok, err = decodeSearchToken(call, q, p.Token); err != nil {
			return resellerkit.Page[Case]{}, err
		}
	}
	filter := searchQuery(q)
	several := len(q.scopes) > 1
	cursors := make([]*cursor, 0, len(q.scopes))
	for i, sc := range q.scopes {
		if tok.Heads[i].Done {
			cursors = append(cursors, nil)
			continue
		}
		parent, err := g.parents.Parent(sc.customerID)
		if err != nil {
			return resellerkit.Page[Case]{}, err
		}
		cursors = append(cursors, &cursor{scope: sc, parent: parent, head: tok.Heads[i]})
	}
	// fetch reads the page a cursor's head names and moves to the first
	// case in scope, reading further pages as needed.
	fetch := func(ctx context.Context, c *cursor) error {
		for {
			resp, err := g.searchPage(ctx, c.parent, filter, tok.Size, c.head.Token)
			if err != nil {
				k := resellerkit.KindOf(err)
				if several && (k == resellerkit.KindPermissionDenied || k == resellerkit.KindNotFound) {
					c.head.Done = true
					return nil
				}
				return err
			}
			c.items, c.next, c.pos, c.more = c.items[:0], resp.NextPageToken, min(c.head.Skip, len(resp.Cases)), false
			for _, w := range resp.Cases {
				c.items = append(c.items, g.fromWire(w))
			}
			if c.skip(); !c.more {
				return nil
			}
			c.head = searchHead{Token: c.next}
		}
	}
	eg, ectx := errgroup.WithContext(ctx)
	eg.SetLimit(searchConcurrency)
	for _, c := range cursors {
		if c != nil {
			eg.Go(func() error { return fetch(ectx, c) })
		}
	}
	if err := eg.Wait(); err != nil {
		return resellerkit.Page[Case]{}, err
	}
	var page resellerkit.Page[Case]
	for len(page.Items) < p.Size {
		var best *cursor
		for _, c := range cursors {
			if c == nil || c.head.Done {
				continue
			}
			if c.more {
				c.head = searchHead{Token: c.next}
				if err := fetch(ctx, c); err != nil {
					return resellerkit.Page[Case]{}, err
				}
				if c.head.Done {
					continue
				}
			}
			if best == nil || c.current().UpdateTime.After(best.current().UpdateTime) {
				best = c
			}
		}
		if best == nil {
			break
		}
		page.Items = append(page.Items, best.current())
		best.pos++
		best.skip()
	}
	for i, c := range cursors {
		switch {
		case c == nil || c.head.Done:
			tok.Heads[i] = searchHead{Done: true}
		case c.more:
			tok.Heads[i] = searchHead{Token: c.next}
		default:
			tok.Heads[i] = searchHead{Token: c.head.Token, Skip: c.pos}
		}
	}
	if slices.ContainsFunc(tok.Heads, func(h searchHead) bool { return !h.Done }) {
		b, _ := json.Marshal(tok)
		page.NextPageToken = base64.RawURLEncoding.EncodeToString(b)
	}
	return page, nil
}

// innerPageSize is the page size a listing of size cases over n customers
// asks each customer's search for: twice an even share, at least Google's
// default of 10, at most size. Asking each for size cases would read n
// times what a page shows; a customer with more than its share of the
// newest cases is read further, page by page, as the merge needs it.
func innerPageSize(size, n int) int {
	if n <= 1 {
		return size
	}
	return min(size, max(10, 2*((size+n-1)/n)))
}

// skip moves the cursor past the cases outside its scope's creation
// windows (rule C4). At the end of its page it is done, or has more to
// fetch.
func (c *cursor) skip() {
	for c.pos < len(c.items) && !c.scope.covers(c.items[c.pos].CreateTime) {
		c.pos++
	}
	switch {
	case c.pos < len(c.items):
	case c.next == "":
		c.head.Done = true
	default:
		c.more = true
	}
}

// searchConcurrency bounds the searches one listing page runs at once.
const searchConcurrency = 8

// searchPage is one cases.search call.
func (g *cloudSupport) searchPage(ctx context.Context, parent, filter string, size int, token string) (*cloudsupport.SearchCasesResponse, error) {
	call := g.svc.Cases.Search(parent).Query(filter).PageSize(int64(size)).Context(ctx)
	if token != "" {
		call = call.PageToken(token)
	}
	resp, err := call.Do()
	if err != nil {
		return nil, errs.Call("cloudsupport.cases.search", err)
	}
	return resp, nil
}

// searchQuery writes q's filters in the Cloud Support search syntax.
func searchQuery(q query) string {
	var terms []string
	switch q.status {
	case Open:
		terms = append(terms, "state=OPEN")
	case Closed:
		terms = append(terms, "state=CLOSED")
	}
	if len(q.severities) > 0 {
		alts := make([]string, len(q.severities))
		for i, s := range q.severities {
			alts[i] = "priority=" + priorityOf(s)
		}
		t := strings.Join(alts, " OR ")
		if len(alts) > 1 {
			t = "(" + t + ")"
		}
		terms = append(terms, t)
	}
	if ws := words(q.keyword); len(ws) > 0 {
		terms = append(terms, strconv.Quote(strings.Join(ws, " ")))
	}
	return strings.Join(terms, " AND ")
}

// setSeverity changes the priority.
//
// Google: cloudsupport.cases.patch (updateMask=priority)
func (g *cloudSupport) setSeverity(ctx context.Context, id string, s Severity) (Case, error) {
	return g.patch(ctx, id, &cloudsupport.Case{Priority: priorityOf(s)}, "priority")
}

// setSharing replaces the subscribers.
//
// Google: cloudsupport.cases.patch (updateMask=subscriber_email_addresses)
func (g *cloudSupport) setSharing(ctx context.Context, id string, addrs []string) (Case, error) {
	in := &cloudsupport.Case{SubscriberEmailAddresses: addrs, ForceSendFields: []string{"SubscriberEmailAddresses"}}
	return g.patch(ctx, id, in, "subscriber_email_addresses")
}

func (g *cloudSupport) patch(ctx context.Context, id string, in *cloudsupport.Case, mask string) (Case, error) {
	const call = "cloudsupport.cases.patch"
	if err := checkCaseName(call, id); err != nil {
		return Case{}, err
	}
	out, err := g.svc.Cases.Patch(id, in).UpdateMask(mask).Context(ctx).Do()
	if err != nil {
		return Case{}, errs.Call(call, err)
	}
	return g.fromWire(out), nil
}

// close closes a case. A close whose answer was lost is confirmed by
// reading the case back (see [cloudSupport.caseAction]).
//
// Google: cloudsupport.cases.close; after a lost answer,
// cloudsupport.cases.get
func (g *cloudSupport) close(ctx context.Context, id string) (Case, error) {
	const call = "cloudsupport.cases.close"
	return g.caseAction(ctx, call, id, func(ctx context.Context) (*cloudsupport.Case, error) {
		return g.svc.Cases.Close(id, &cloudsupport.CloseCaseRequest{}).Context(ctx).Do()
	}, func(c *cloudsupport.Case) bool { return c.State == "CLOSED" })
}

// caseAction sends a case action (close, escalate) once. Google applies
// neither twice: a second close or escalate is refused (412, or 400
// FAILED_PRECONDITION), so a lost answer followed by a resend would show
// the caller a refusal for a write that worked. After a lost answer the
// case is read back, and done (closed, escalated) means the action landed;
// a refusal that follows a lost answer is confirmed the same way, polling
// through a read that may lag (rule W5), and is then the caller's success.
//
// Google: cloudsupport.cases.get after a lost answer
func (g *cloudSupport) caseAction(ctx context.Context, call, id string, send func(context.Context) (*cloudsupport.Case, error), done func(*cloudsupport.Case) bool) (Case, error) {
	if err := checkCaseName(call, id); err != nil {
		return Case{}, err
	}
	landed := func(ctx context.Context) (*cloudsupport.Case, bool, error) {
		c, err := g.svc.Cases.Get(id).Context(ctx).Do()
		if err != nil {
			return nil, false, errs.Call("cloudsupport.cases.get", err)
		}
		return c, done(c), nil
	}
	out, res, err := idem.Do(ctx, g.conn, call, idem.Write[*cloudsupport.Case]{
		Send: func(ctx context.Context) (*cloudsupport.Case, error) {
			out, err := send(ctx)
			return out, errs.Call(call, err)
		},
		Landed: landed,
	})
	if err != nil && res.Lost && resellerkit.KindOf(err) == resellerkit.KindFailedPrecondition {
		if c, ok, lerr := pollLanded(ctx, call, g.conn.RetryPolicy(), landed); lerr == nil && ok {
			return g.fromWire(c), nil
		}
	}
	if err != nil {
		return Case{}, err
	}
	return g.fromWire(out), nil
}

var reasonWire = [...]string{ResolutionTime: "RESOLUTION_TIME", TechnicalExpertise: "TECHNICAL_EXPERTISE", BusinessImpact: "BUSINESS_IMPACT"}

// escalate escalates a case; the Service has checked rule C8, so the case
// was not escalated before. An escalation whose answer was lost is
// confirmed by reading the case back (see [cloudSupport.caseAction]).
//
// Google: cloudsupport.cases.escalate; after a lost answer,
// cloudsupport.cases.get
func (g *cloudSupport) escalate(ctx context.Context, id string, e Escalation) (Case, error) {
	const call = "cloudsupport.cases.escalate"
	req := &cloudsupport.EscalateCaseRequest{Escalation: &cloudsupport.Escalation{Reason: reasonWire[e.Reason], Justification: e.Justification}}
	return g.caseAction(ctx, call, id, func(ctx context.Context) (*cloudsupport.Case, error) {
		return g.svc.Cases.Escalate(id, req).Context(ctx).Do()
	}, func(c *cloudsupport.Case) bool { return c.Escalated })
}

// addComment adds a comment once; the API records its author from the
// credentials. After a lost answer the case's comments are searched for it
// before it is sent again (see landed.go).
//
// Google: cloudsupport.cases.comments.create; after a lost answer,
// cloudsupport.cases.comments.list
func (g *cloudSupport) addComment(ctx context.Context, id, body string) (Comment, error) {
	const call = "cloudsupport.cases.comments.create"
	if err := checkCaseName(call, id); err != nil {
		return Comment{}, err
	}
	var since time.Time // the first send
	out, _, err := idem.Do(ctx, g.conn, call, idem.Write[*cloudsupport.Comment]{
		Send: func(ctx context.Context) (*cloudsupport.Comment, error) {
			if since.IsZero() {
				since = g.conn.Now()
			}
			out, err := g.svc.Cases.Comments.Create(id, &cloudsupport.Comment{Body: body}).Context(ctx).Do()
			return out, errs.Call(call, err)
		},
		Landed: func(ctx context.Context) (*cloudsupport.Comment, bool, error) {
			return pollLanded(ctx, call, g.conn.RetryPolicy(), func(ctx context.Context) (*cloudsupport.Comment, bool, error) {
				return g.findComment(ctx, id, body, since)
			})
		},
	})
	if err != nil {
		return Comment{}, err
	}
	return commentFromWire(out), nil
}

// listComments lists a case's comments.
//
// Google: cloudsupport.cases.comments.list
func (g *cloudSupport) listComments(ctx context.Context, id string, p resellerkit.PageRequest) (resellerkit.Page[Comment], error) {
	const call = "cloudsupport.cases.comments.list"
	if err := checkCaseName(call, id); err != nil {
		return resellerkit.Page[Comment]{}, err
	}
	c := g.svc.Cases.Comments.List(id).Context(ctx)
	if p.Size > 0 {
		c = c.PageSize(int64(p.Size))
	}
	if p.Token != "" {
		c = c.PageToken(p.Token)
	}
	resp, err := c.Do()
	if err != nil {
		return resellerkit.Page[Comment]{}, errs.Call(call, err)
	}
	page := resellerkit.Page[Comment]{NextPageToken: resp.NextPageToken}
	for _, c := range resp.Comments {
		page.Items = append(page.Items, commentFromWire(c))
	}
	return page, nil
}

// addAttachment uploads a file to a case once. After a lost answer the
// case's attachments are searched for it before it is uploaded again (see
// landed.go); each upload reads the content from the start.
//
// Google: cloudsupport.media.upload; after a lost answer,
// cloudsupport.cases.attachments.list
func (g *cloudSupport) addAttachment(ctx context.Context, id string, a NewAttachment) (Attachment, error) {
	const call = "cloudsupport.media.upload"
	if err := checkCaseName(call, id); err != nil {
		return Attachment{}, err
	}
	// One request: Cloud Support's discovery document offers only the
	// simple (multipart) protocol, not resumable uploads, which the client
	// would otherwise switch to above its default chunk size.
	mopts := []googleapi.MediaOption{googleapi.ChunkSize(0)}
	if a.ContentType != "" {
		mopts = append(mopts, googleapi.ContentType(a.ContentType))
	}
	req := &cloudsupport.CreateAttachmentRequest{Attachment: &cloudsupport.Attachment{Filename: a.Name}}
	var since time.Time // the first send
	out, _, err := idem.Do(ctx, g.conn, call, idem.Write[*cloudsupport.Attachment]{
		// The upload streams its body, which the transport cannot replay.
		Streamed: true,
		Send: func(ctx context.Context) (*cloudsupport.Attachment, error) {
			if since.IsZero() {
				since = g.conn.Now()
			}
			out, err := g.svc.Media.Upload(id, req).Media(bytes.NewReader(a.Content), mopts...).Context(ctx).Do()
			return out, errs.Call(call, err)
		},
		Landed: func(ctx context.Context) (*cloudsupport.Attachment, bool, error) {
			return pollLanded(ctx, call, g.conn.RetryPolicy(), func(ctx context.Context) (*cloudsupport.Attachment, bool, error) {
				return g.findAttachment(ctx, id, a, since)
			})
		},
	})
	if err != nil {
		return Attachment{}, err
	}
	return attachmentFromWire(out), nil
}

// listAttachments lists a case's attachments (at most 100 a page).
//
// Google: cloudsupport.cases.attachments.list
func (g *cloudSupport) listAttachments(ctx context.Context, id string, p resellerkit.PageRequest) (resellerkit.Page[Attachment], error) {
	const call = "cloudsupport.cases.attachments.list"
	if err := checkCaseName(call, id); err != nil {
		return resellerkit.Page[Attachment]{}, err
	}
	c := g.svc.Cases.Attachments.List(id).Context(ctx)
	if p.Size > 0 {
		c = c.PageSize(int64(min(p.Size, 100)))
	}
	if p.Token != "" {
		c = c.PageToken(p.Token)
	}
	resp, err := c.Do()
	if err != nil {
		return resellerkit.Page[Attachment]{}, errs.Call(call, err)
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

// creatorOf is a case's filer: the creator's email as given at creation,
// else the account that created it.
func creatorOf(a *cloudsupport.Actor) string {
	if a != nil && a.Email != "" {
		return a.Email
	}
	return actorOf(a)
}

// actorOf is the account of an actor, as the credentials named it.
func actorOf(a *cloudsupport.Actor) string {
	switch {
	case a == nil:
		return ""
	case a.Username != "":
		return a.Username
	}
	return a.Email
}

func (g *cloudSupport) fromWire(w *cloudsupport.Case) Case {
	c := Case{
		ID:          w.Name,
		Filer:       creatorOf(w.Creator),
		Product:     GoogleWorkspace,
		Title:       w.DisplayName,
		Description: description(w.Description),
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

// description is a case's description as its filer wrote it: without the
// deduplication tag [Service.Create] appended, which stays in the case at
// Google.
func description(desc string) string {
	d, _ := untag(desc)
	return d
}
