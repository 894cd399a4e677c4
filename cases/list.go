package cases

import (
	"context"
	"fmt"
	"iter"
	"strings"
	"time"
	"unicode"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/internal/errs"
)

// Status filters cases by whether they are open (rule C6).
type Status uint8

// Status filters.
const (
	AnyStatus Status = iota // open and closed cases
	Open                    // every state but closed
	Closed                  // closed cases
)

// Matches reports whether a case in state st passes the filter.
func (s Status) Matches(st State) bool {
	switch s {
	case Open:
		return st != StateClosed
	case Closed:
		return st == StateClosed
	}
	return true
}

// String returns "any", "open" or "closed".
func (s Status) String() string {
	switch s {
	case Open:
		return "open"
	case Closed:
		return "closed"
	}
	return "any"
}

// ListOptions filters a listing (rule C6). A nil *ListOptions lists every
// case the viewer may see. Listings are ordered by last update, newest
// first: the order of Google's search, and the only one it offers.
type ListOptions struct {
	// CustomerID lists one customer's cases; "" lists all the customers the
	// reseller account currently manages.
	CustomerID string
	// Keyword matches whole words, case-insensitively, in the title, the
	// description and the comments; several words must all match. Google
	// matches the description it holds, deduplication tag included (see
	// [Service.Create]): "resellerkit" finds every case the SDK filed.
	Keyword string
	// Status keeps open or closed cases; the zero value, AnyStatus, keeps
	// both.
	Status     Status
	Severities []Severity // any of these; empty: all
}

// List lists the cases the viewer may see (rules C4, C5, C6), newest update
// first, filtered by keyword, status and severity, fetching pages of the
// Service's page size ([WithPageSize]) lazily. A newly filed case may take
// a few minutes to appear (rule C11). On an error it yields it once and
// stops; each range starts again from the first page.
//
// Across several customers the listing merges their searches by last
// update, so it asks Google for one page per customer at each page.
//
// Google: cloudsupport.cases.search, one parent per customer
func (s *Service) List(ctx context.Context, opts *ListOptions) iter.Seq2[Case, error] {
	op := s.opName("List")
	return func(yield func(Case, error) bool) {
		q, err := s.query(ctx, op, opts)
		if err != nil {
			yield(Case{}, err)
			return
		}
		if len(q.scopes) == 0 {
			return
		}
		for c, err := range resellerkit.All(ctx, func(ctx context.Context, token string) (resellerkit.Page[Case], error) {
			return s.page(ctx, op, q, resellerkit.PageRequest{Size: s.cfg.pageSize, Token: token})
		}) {
			if !yield(c, err) {
				return
			}
		}
	}
}

// ListPage returns one page of [Service.List], for UIs that hold page
// tokens; p.Token "" asks for the first page. A p.Size of 0 means the
// Service's page size ([WithPageSize], default [DefaultPageSize]); a size
// above [MaxPageSize] is clamped to it; a negative one is an error naming
// PageRequest.Size. A page may hold fewer cases than asked, even none,
// before the last.
//
// Google: cloudsupport.cases.search, one parent per customer
func (s *Service) ListPage(ctx context.Context, opts *ListOptions, p resellerkit.PageRequest) (resellerkit.Page[Case], error) {
	op := s.opName("ListPage")
	size, err := errs.PageSize(op, "PageRequest.Size", p.Size, s.cfg.pageSize, MaxPageSize)
	if err != nil {
		return resellerkit.Page[Case]{}, err
	}
	p.Size = size
	q, err := s.query(ctx, op, opts)
	if err != nil || len(q.scopes) == 0 {
		return resellerkit.Page[Case]{}, err
	}
	return s.page(ctx, op, q, p)
}

// query is a listing in the terms of the Cloud Support search: the
// customers whose cases to list, each with the creation windows that count
// (rule C4), and the filters of rule C6.
type query struct {
	scopes     []scope
	keyword    string
	status     Status
	severities []Severity
}

// scope is one customer of a [query], with the periods in which a case
// must have been filed to count (none: any time, for a customer's own
// admins, rule C5).
type scope struct {
	customerID string
	filed      []Period
}

// covers reports whether a case of this scope's customer created at t is in
// the scope.
func (s scope) covers(t time.Time) bool {
	if len(s.filed) == 0 {
		return true
	}
	for _, p := range s.filed {
		if p.Contains(t) {
			return true
		}
	}
	return false
}

// query builds the search of a listing from the options and the visibility
// rules: the scopes are the customers the viewer may see, each with the
// periods whose cases it may see.
func (s *Service) query(ctx context.Context, op string, opts *ListOptions) (query, error) {
	var o ListOptions
	if opts != nil {
		o = *opts
	}
	for i, sev := range o.Severities {
		if !sev.Valid() {
			return query{}, errs.Invalid(op, fmt.Sprintf("ListOptions.Severities[%d]", i), fmt.Sprintf("is %s; give S0 to S4", sev))
		}
	}
	if o.Status > Closed {
		return query{}, errs.Invalid(op, "ListOptions.Status", "is not AnyStatus, Open or Closed")
	}
	q := query{keyword: o.Keyword, status: o.Status, severities: append([]Severity(nil), o.Severities...)}
	now := s.now()
	switch {
	case s.viewer.CustomerID != "":
		if o.CustomerID != "" && o.CustomerID != s.viewer.CustomerID {
			return q, nil // another customer's cases: none visible
		}
		q.scopes = []scope{{customerID: s.viewer.CustomerID}}
	case o.CustomerID != "":
		ps, err := s.periods(ctx, op, o.CustomerID)
		if err != nil {
			return query{}, err
		}
		if currentlyManaged(ps, now) {
			q.scopes = []scope{{customerID: o.CustomerID, filed: ps}}
		}
	default:
		all, err := s.tenure.Customers(ctx, s.viewer.ResellerAccount)
		if err != nil {
			return query{}, errs.ForOp(op, err)
		}
		for _, cp := range all {
			if currentlyManaged(cp.Periods, now) {
				q.scopes = append(q.scopes, scope{customerID: cp.CustomerID, filed: cp.Periods})
			}
		}
	}
	return q, nil
}

// page fetches one page and re-applies visibility (rules C4, C5) to what
// came back, so no case the viewer may not see is ever returned.
func (s *Service) page(ctx context.Context, op string, q query, p resellerkit.PageRequest) (resellerkit.Page[Case], error) {
	page, err := s.g.search(ctx, q, p)
	if err != nil {
		return resellerkit.Page[Case]{}, errs.ForOp(op, err)
	}
	scopes := make(map[string][]Period, len(q.scopes))
	for _, sc := range q.scopes {
		scopes[sc.customerID] = sc.filed
	}
	now := s.now()
	kept := page.Items[:0]
	for _, c := range page.Items {
		ps, ok := scopes[c.CustomerID]
		if ok && CanView(s.viewer, c, ps, now) {
			kept = append(kept, c)
		}
	}
	page.Items = kept
	return page, nil
}

// words splits text into the words a keyword search compares: maximal runs
// of Unicode letters and digits, lower-cased.
func words(text string) []string {
	var out []string
	start := -1
	for i, r := range text {
		wordRune := unicode.IsLetter(r) || unicode.IsDigit(r)
		switch {
		case wordRune && start < 0:
			start = i
		case !wordRune && start >= 0:
			out = append(out, strings.ToLower(text[start:i]))
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, strings.ToLower(text[start:]))
	}
	return out
}
