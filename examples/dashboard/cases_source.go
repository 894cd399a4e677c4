package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/cases"
	"github.com/resellerkit/resellerkit/domains"
)

// The cases of a reseller account with several domains.
//
// Google shows an account only the customers of its own reseller domain
// (rule D1), and the Cloud Support API answers 403 for the cases of a
// customer on another domain. So the dashboard reads a reseller account's
// cases with one cases.Service per reseller domain, each acting as an
// account on that domain (the -account flag's accounts after the super
// admin), and each asked only for the customers assigned to its domain.
// A listing of the whole account merges the domains' listings, newest
// update first (rule C6); visibility stays the cases Services' (rule C4).

// domainCases is the cases Service of one reseller domain, acting as an
// account on it.
type domainCases struct {
	domain string // normalised (rule D3)
	svc    *cases.Service
}

// assignment is where the latest snapshot found each customer, by ID: the
// reseller domain it is assigned to (rule D1) and whether it granted the
// reseller access (rule D5).
type assignment map[string]domains.Customer

// assignmentOf reads the customers of every reseller domain of a snapshot.
func assignmentOf(snap *access.Snapshot) *assignment {
	a := assignment{}
	for _, d := range snap.Domains {
		for _, c := range d.Customers {
			c.ResellerDomain = d.Name
			a[c.ID] = c
		}
	}
	return &a
}

// domainTenure is the tenure history (rule C4) with its customer listing
// narrowed to the customers assigned to one reseller domain that granted
// the reseller access, as the latest snapshot read them (rule P8): the
// domain's cases Service then searches only customers Google shows its
// account (D1), none that would answer 403 (D5). The periods of a customer
// are the reseller account's, whichever its domain.
type domainTenure struct {
	cases.Tenure
	domain   string
	assigned *atomic.Pointer[assignment]
}

// Customers implements cases.Tenure.
func (t domainTenure) Customers(ctx context.Context, account string) ([]cases.CustomerPeriods, error) {
	all, err := t.Tenure.Customers(ctx, account)
	if err != nil {
		return nil, err
	}
	a := t.assigned.Load()
	if a == nil {
		return nil, nil // nothing read yet: no domain's customers are known
	}
	var out []cases.CustomerPeriods
	for _, cp := range all {
		if c, ok := (*a)[cp.CustomerID]; ok && c.ResellerDomain == t.domain && c.AccessGranted {
			out = append(out, cp)
		}
	}
	return out, nil
}

// newDomainCases builds the cases Service of one reseller domain of a
// reseller account, over a Conn acting as an account on that domain.
func (c *casesConfig) newDomainCases(conn *resellerkit.Conn, account, domain string, assigned *atomic.Pointer[assignment], o sdkOptions) (domainCases, error) {
	opts := []cases.Option{cases.WithPageSize(cases.MaxPageSize)}
	if o.plans != nil {
		opts = append(opts, cases.WithPlans(o.plans))
	}
	svc, err := cases.New(conn, cases.Config{
		ResellerAccount: account,
		Parents:         c.parents,
		Tenure:          domainTenure{Tenure: c.tenure, domain: domain, assigned: assigned},
	}, opts...)
	if err != nil {
		return domainCases{}, fmt.Errorf("the cases of %s on %s: %w", account, domain, err)
	}
	return domainCases{domain: domain, svc: svc}, nil
}

// countCases counts the account's visible cases that q's filters keep, by
// severity and state, and the open ones per customer, over the domains of
// list.
func countCases(ctx context.Context, ra *resellerAccount, list []domainCases, q CaseQuery) (CaseStats, error) {
	// The domains are read at the same time, each into its own counts.
	parts := make([]CaseStats, len(list))
	g, gctx := errgroup.WithContext(ctx)
	for i, dc := range list {
		g.Go(func() error {
			st := CaseStats{Open: map[string]int{}}
			opts := q.Options
			for c, err := range dc.svc.List(gctx, &opts) {
				if err != nil {
					return fmt.Errorf("the cases of %s: %w", dc.domain, err)
				}
				if q.State != 0 && c.State != q.State {
					continue
				}
				st.Total++
				if c.Severity.Valid() && c.State >= cases.StateNew && c.State <= cases.StateClosed {
					st.Counts[c.Severity-cases.S0][c.State-cases.StateNew]++
				}
				if c.State.Open() {
					st.Open[c.CustomerID]++
				}
			}
			parts[i] = st
			return nil
		})
	}
	st := CaseStats{Account: ra.id, Open: map[string]int{}}
	if err := g.Wait(); err != nil {
		return st, err
	}
	for _, p := range parts {
		st.Total += p.Total
		for si := range p.Counts {
			for ti := range p.Counts[si] {
				st.Counts[si][ti] += p.Counts[si][ti]
			}
		}
		for id, n := range p.Open {
			st.Open[id] += n
		}
	}
	return st, nil
}

// countAllCases counts the cases of every reseller account, concurrently.
func (s *sdkSource) countAllCases(ctx context.Context) ([]CaseStats, error) {
	out := make([]CaseStats, len(s.accounts))
	g, gctx := errgroup.WithContext(ctx)
	for i, ra := range s.accounts {
		g.Go(func() error {
			var err error
			if out[i], err = countCases(gctx, ra, ra.cases, CaseQuery{Account: ra.id}); err != nil {
				return fmt.Errorf("reading the cases of %s: %w", ra.id, err)
			}
			return nil
		})
	}
	return out, g.Wait()
}

// Cases returns one page of cases of one reseller account: those of one
// customer, read on the customer's reseller domain, or those of all its
// customers, merged across its domains (rules C6, D1).
//
// Google, through the SDK: cloudsupport.cases.search.
func (s *sdkSource) Cases(ctx context.Context, q CaseQuery) (CasePage, error) {
	_, list, err := s.caseDomains(q)
	if err != nil {
		return CasePage{}, err
	}
	var keep func(cases.Case) bool
	if q.State != 0 {
		keep = func(c cases.Case) bool { return c.State == q.State }
	}
	p, err := mergePage(ctx, list, &q.Options, q.Token, cases.DefaultPageSize, keep)
	if err != nil {
		return CasePage{}, err
	}
	return CasePage{Cases: p.Items, Next: p.NextPageToken, Now: s.now().UTC()}, nil
}

// CaseCounts counts, over every page, the cases [sdkSource.Cases] lists
// for q, by severity and state (rules C4, C6).
//
// Google, through the SDK: cloudsupport.cases.search.
func (s *sdkSource) CaseCounts(ctx context.Context, q CaseQuery) (CaseStats, error) {
	ra, list, err := s.caseDomains(q)
	if err != nil {
		return CaseStats{}, err
	}
	return countCases(ctx, ra, list, q)
}

// caseDomains returns the reseller account of q and the cases Services that
// list its cases: the one of the customer's reseller domain for one
// customer, else every domain's (rule D1).
func (s *sdkSource) caseDomains(q CaseQuery) (*resellerAccount, []domainCases, error) {
	ra, err := s.account(q.Account)
	if err != nil {
		return nil, nil, err
	}
	if len(ra.cases) == 0 {
		return nil, nil, &resellerkit.Error{Kind: resellerkit.KindUnsupported, Op: "dashboard",
			Err: fmt.Errorf("the cases of %s cannot be read: start the dashboard with -cases FILE, which maps customers to their Cloud Support parents (see -help)", q.Account)}
	}
	list := ra.cases
	if q.Options.CustomerID != "" {
		list = ra.cases[:1] // a customer the snapshot did not place: asked of the primary domain
		if a := s.assigned.Load(); a != nil {
			for _, dc := range ra.cases {
				if c, ok := (*a)[q.Options.CustomerID]; ok && c.ResellerDomain == dc.domain {
					list = []domainCases{dc}
				}
			}
		}
	}
	return ra, list, nil
}

// mergeHead is where one domain's listing stands in a merged listing: the
// cases Service's token of the page being read and how many of its cases
// were shown, or done.
type mergeHead struct {
	Token string `json:"t,omitempty"`
	Skip  int    `json:"k,omitempty"`
	Done  bool   `json:"d,omitempty"`
}

// mergeStream is one domain's listing during a merge.
type mergeStream struct {
	svc    *cases.Service
	head   mergeHead
	loaded bool // items is the page at head.Token
	items  []cases.Case
	next   string
}

// load reads the page the head names and moves past the cases already
// shown, reading on while a page is used up; the stream is done when the
// listing is.
func (m *mergeStream) load(ctx context.Context, opts *cases.ListOptions, size int) error {
	for !m.head.Done && !m.loaded {
		p, err := m.svc.ListPage(ctx, opts, resellerkit.PageRequest{Size: size, Token: m.head.Token})
		if err != nil {
			return err
		}
		m.items, m.next, m.loaded = p.Items, p.NextPageToken, true
		m.settle()
	}
	return nil
}

// settle moves to the next page when the loaded one is used up: done
// without a next page, else unloaded at it.
func (m *mergeStream) settle() {
	if m.loaded && m.head.Skip >= len(m.items) {
		if m.next == "" {
			m.head = mergeHead{Done: true}
		} else {
			m.head, m.loaded = mergeHead{Token: m.next}, false
		}
	}
}

// maxTokenLen bounds the page token a request may carry: a merged token
// holds one cases Service token per domain.
const maxTokenLen = 4096

// mergePage returns one page of the merged listings of several domains,
// newest update first (rule C6), from a token of an earlier page ("" for
// the first), keeping the cases keep accepts (nil keeps all). One domain's
// listing with nothing to drop is its own, tokens included.
func mergePage(ctx context.Context, list []domainCases, opts *cases.ListOptions, token string, size int, keep func(cases.Case) bool) (resellerkit.Page[cases.Case], error) {
	badToken := &resellerkit.Error{Kind: resellerkit.KindInvalidArgument, Op: "dashboard",
		Err: &resellerkit.FieldError{Field: "page", Reason: "is not a page of this listing; start again from the first page"}}
	if len(token) > maxTokenLen {
		return resellerkit.Page[cases.Case]{}, badToken
	}
	if len(list) == 1 && keep == nil {
		return list[0].svc.ListPage(ctx, opts, resellerkit.PageRequest{Size: size, Token: token})
	}
	streams := make([]*mergeStream, len(list))
	heads := make([]mergeHead, len(list))
	if token != "" {
		b, err := base64.RawURLEncoding.DecodeString(token)
		if err != nil || json.Unmarshal(b, &heads) != nil || len(heads) != len(list) {
			return resellerkit.Page[cases.Case]{}, badToken
		}
		for _, h := range heads {
			// A head counts the cases shown of one page of at most size.
			if h.Skip < 0 || h.Skip > size {
				return resellerkit.Page[cases.Case]{}, badToken
			}
		}
	}
	for i, dc := range list {
		streams[i] = &mergeStream{svc: dc.svc, head: heads[i]}
	}
	// loadAll reads the current page of every stream that needs one, the
	// domains at the same time.
	loadAll := func() error {
		g, gctx := errgroup.WithContext(ctx)
		for _, m := range streams {
			if !m.head.Done && !m.loaded {
				g.Go(func() error { return m.load(gctx, opts, size) })
			}
		}
		return g.Wait()
	}
	var out []cases.Case
	for len(out) < size {
		if err := loadAll(); err != nil {
			return resellerkit.Page[cases.Case]{}, err
		}
		var best *mergeStream
		for _, m := range streams {
			if !m.head.Done && (best == nil || newer(m.items[m.head.Skip], best.items[best.head.Skip])) {
				best = m
			}
		}
		if best == nil {
			break
		}
		if c := best.items[best.head.Skip]; keep == nil || keep(c) {
			out = append(out, c)
		}
		best.head.Skip++
		best.settle()
	}
	page := resellerkit.Page[cases.Case]{Items: out}
	more := false
	for i, m := range streams {
		heads[i] = m.head
		more = more || !m.head.Done
	}
	if more {
		b, err := json.Marshal(heads)
		if err != nil {
			return resellerkit.Page[cases.Case]{}, err
		}
		page.NextPageToken = base64.RawURLEncoding.EncodeToString(b)
	}
	return page, nil
}

// newer orders a merged listing: newest update first, then by case ID, so
// the order is the same on every read.
func newer(a, b cases.Case) bool {
	if !a.UpdateTime.Equal(b.UpdateTime) {
		return a.UpdateTime.After(b.UpdateTime)
	}
	return strings.Compare(a.ID, b.ID) > 0
}
