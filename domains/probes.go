package domains

import (
	"context"
	"encoding/json"
	"hash/fnv"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/internal/batch"
	"github.com/resellerkit/resellerkit/internal/errs"
)

// ProbeCache keeps the answers of reseller.customers.get, the probe of
// whether a customer lets the reseller in (rule D5), across listings, so
// that a reseller with tens of thousands of customers does not probe each
// of them on every read: Google's guidance for the Reseller API's queries
// per second is "back off or cache". A probe is reused until it is TTL
// old; each probe's TTL is shortened by up to a quarter, by a hash of the
// customer's ID, so the probes of one listing expire over a span of reads
// rather than all at once (an incremental refresh). A customer no longer
// listed is forgotten.
//
// A cached probe can be up to TTL out of date: a customer that turned
// reseller access off since is still reported as granting it until its
// probe is refreshed. Google itself takes up to 24 hours to apply such
// changes (rule P8); choose TTL accordingly.
//
// A ProbeCache is safe for concurrent use. Use one per reseller account:
// customers.get answers for the account the caller acts in.
type ProbeCache struct {
	ttl time.Duration
	mu  sync.Mutex
	m   map[string]probe // by customer ID
}

// probe is the answer of customers.get for one customer.
type probe struct {
	granted  bool
	domain   string
	verified bool
	at       time.Time
}

// NewProbeCache returns an empty cache keeping probes for ttl. A ttl of 0
// or less keeps none (every listing probes every customer).
func NewProbeCache(ttl time.Duration) *ProbeCache {
	return &ProbeCache{ttl: ttl, m: map[string]probe{}}
}

// Len returns the number of probes held.
func (c *ProbeCache) Len() int {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}

// fresh returns the probe of id if it is still fresh at now.
func (c *ProbeCache) fresh(id string, now time.Time) (probe, bool) {
	if c == nil || c.ttl <= 0 {
		return probe{}, false
	}
	c.mu.Lock()
	p, ok := c.m[id]
	c.mu.Unlock()
	if !ok {
		return probe{}, false
	}
	h := fnv.New32a()
	h.Write([]byte(id))
	ttl := c.ttl - time.Duration(float64(c.ttl/4)*float64(h.Sum32()%1024)/1024)
	return p, now.Before(p.at.Add(ttl)) && !now.Before(p.at)
}

// keep stores fresh probes.
func (c *ProbeCache) keep(got map[string]probe) {
	if c == nil || c.ttl <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for id, p := range got {
		c.m[id] = p
	}
}

// forget drops the probes of customers not in listed: called once per
// reseller account read with every customer of it.
func (c *ProbeCache) forget(listed map[string]bool) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for id := range c.m {
		if !listed[id] {
			delete(c.m, id)
		}
	}
}

// PruneTo forgets the probes of every customer not in ids: a caller that
// lists every reseller domain of the account calls it with all the
// customers listed, so customers that left do not stay cached.
func (c *ProbeCache) PruneTo(ids []string) {
	m := make(map[string]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	c.forget(m)
}

// CachedListOptions tunes [Service.ListCustomersCached]. A nil pointer
// means no cache and no other prober.
type CachedListOptions struct {
	// Cache keeps probes across listings; nil probes every customer.
	Cache *ProbeCache
	// Probers are services acting as other admins of the same reseller
	// account: the probes are spread over them and the Service, since
	// Google's quota is per user (rule W3). Each must act in the reseller
	// account the Service acts in.
	Probers []*Service
	// ByPrefix, when the subscriptions take more than one page, lists
	// them in parallel, one listing per first character of the customer's
	// domain (customerNamePrefix "a" to "z" and "0" to "9"), rather than
	// page after page: a few pages of time instead of one page per
	// hundred customers, for 37 calls more. A customer's primary domain is
	// a DNS name, whose first character is a letter or a digit (RFC 1123;
	// an internationalised name starts with "xn--"), so the 36 listings
	// hold every customer. A listing of one page is one call either way.
	ByPrefix bool
}

// prefixes are the first characters of every DNS name.
const prefixes = "abcdefghijklmnopqrstuvwxyz0123456789"

// ListCustomersCached returns the customers assigned to resellerDomain,
// as [Service.ListCustomers] does (rules D1, D5, the same Customer
// values), for resellers with many customers: the probes Google answers
// with customers.get are sent in batches of up to 1000 calls per HTTP
// round trip (Google's batch protocol), taken from opts.Cache while they
// are fresh, and spread over opts.Probers.
//
// A probe answered 403 is rule D5's "not granted"; a throttled or
// unavailable probe is sent again in a later batch, following the Conn's
// retry policy; any other failure fails the listing (rule P7): never a
// partial list.
//
// Google: reseller.subscriptions.list, reseller.customers.get (batched)
func (s *Service) ListCustomersCached(ctx context.Context, resellerDomain string, opts *CachedListOptions) ([]Customer, error) {
	const op = "domains.ListCustomersCached"
	if err := s.ready(op); err != nil {
		return nil, err
	}
	dom, err := s.checkResellerDomain(op, resellerDomain)
	if err != nil {
		return nil, err
	}
	var o CachedListOptions
	if opts != nil {
		o = *opts
	}
	for i, p := range o.Probers {
		if p == nil || p.g == nil || p.conn == nil {
			return nil, errs.Invalid(op, "CachedListOptions.Probers["+strconv.Itoa(i)+"]", "is nil; build it with domains.New(conn) acting as an admin of the same reseller account")
		}
	}
	cs, err := s.listAssigned(ctx, op, dom, o.ByPrefix)
	if err != nil {
		return nil, err
	}
	now := s.conn.Now()
	var missing []string
	for i := range cs {
		if p, ok := o.Cache.fresh(cs[i].ID, now); ok {
			applyProbe(&cs[i], p)
		} else {
			missing = append(missing, cs[i].ID)
		}
	}
	got, err := s.probe(ctx, op, missing, append([]*Service{s}, o.Probers...), now)
	if err != nil {
		return nil, err
	}
	for i := range cs {
		if p, ok := got[cs[i].ID]; ok {
			applyProbe(&cs[i], p)
		}
	}
	o.Cache.keep(got)
	if s.cfg.plans != nil {
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(s.cfg.lookupConcurrency)
		for i := range cs {
			g.Go(func() error { return s.fillPlan(gctx, op, &cs[i]) })
		}
		if err := g.Wait(); err != nil {
			return nil, err
		}
	}
	return cs, nil
}

func applyProbe(c *Customer, p probe) {
	c.AccessGranted = p.granted
	if p.granted {
		c.DomainVerified = p.verified
		if d := softDomain(p.domain); d != "" {
			c.Domain = d
		}
	}
}

// listAssigned lists the distinct customers of dom's subscriptions,
// unprobed: in one listing page after page, or with byPrefix in 36
// listings at once, one per first character.
//
// Google: reseller.subscriptions.list
func (s *Service) listAssigned(ctx context.Context, op, dom string, byPrefix bool) ([]Customer, error) {
	list := func(ctx context.Context, prefix string) ([]Customer, error) {
		var out []Customer
		seen := map[string]bool{}
		fetch := func(ctx context.Context, token string) (resellerkit.Page[Customer], error) {
			p, err := s.g.listSubscriptions(ctx, subscriptionFilter{customerNamePrefix: prefix},
				resellerkit.PageRequest{Size: maxSubscriptionsPage, Token: token})
			if err != nil {
				return resellerkit.Page[Customer]{}, opErr(op, err)
			}
			for _, sub := range p.Items {
				if sub.CustomerID == "" || seen[sub.CustomerID] {
					continue
				}
				seen[sub.CustomerID] = true
				out = append(out, Customer{ID: sub.CustomerID, Domain: softDomain(sub.CustomerDomain), ResellerDomain: dom})
			}
			return resellerkit.Page[Customer]{NextPageToken: p.NextPageToken}, nil
		}
		for _, err := range resellerkit.All(ctx, fetch) {
			if err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	if !byPrefix {
		return list(ctx, "")
	}
	first, err := s.g.listSubscriptions(ctx, subscriptionFilter{}, resellerkit.PageRequest{Size: maxSubscriptionsPage})
	if err != nil {
		return nil, opErr(op, err)
	}
	if first.NextPageToken == "" {
		var out []Customer
		seen := map[string]bool{}
		for _, sub := range first.Items {
			if sub.CustomerID != "" && !seen[sub.CustomerID] {
				seen[sub.CustomerID] = true
				out = append(out, Customer{ID: sub.CustomerID, Domain: softDomain(sub.CustomerDomain), ResellerDomain: dom})
			}
		}
		return out, nil
	}
	parts := make([][]Customer, len(prefixes))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(max(s.cfg.lookupConcurrency, len(prefixes)))
	for i := range prefixes {
		g.Go(func() (err error) {
			parts[i], err = list(gctx, prefixes[i:i+1])
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	var out []Customer
	seen := map[string]bool{}
	for _, p := range parts {
		for _, c := range p {
			if !seen[c.ID] {
				seen[c.ID] = true
				out = append(out, c)
			}
		}
	}
	return out, nil
}

// customerFields are the fields of a customers.get answer a probe needs.
const customerFields = "customerId,customerDomain,customerDomainVerified"

// probe sends customers.get for ids in batches of up to [batch.MaxCalls],
// round robin over via, at most the lookup concurrency at once, and
// returns each customer's probe (rule D5). Throttled and unavailable
// calls are sent again in a later batch after the Conn's retry pause.
//
// Google: reseller.customers.get
func (s *Service) probe(ctx context.Context, op string, ids []string, via []*Service, now time.Time) (map[string]probe, error) {
	out := make(map[string]probe, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var mu sync.Mutex
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(s.cfg.lookupConcurrency)
	for k, chunk := range chunks(ids, batch.MaxCalls) {
		svc := via[k%len(via)]
		g.Go(func() error {
			got, err := svc.probeChunk(gctx, op, chunk, now)
			if err != nil {
				return err
			}
			mu.Lock()
			maps(out, got)
			mu.Unlock()
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return out, nil
}

func maps(dst, src map[string]probe) {
	for k, v := range src {
		dst[k] = v
	}
}

func chunks(ids []string, n int) [][]string {
	var out [][]string
	for len(ids) > n {
		out = append(out, ids[:n:n])
		ids = ids[n:]
	}
	return append(out, ids)
}

// probeChunk probes at most [batch.MaxCalls] customers in one batch,
// sending the throttled and unavailable ones again per the retry policy.
func (s *Service) probeChunk(ctx context.Context, op string, ids []string, now time.Time) (map[string]probe, error) {
	const method = "reseller.customers.get"
	pol := s.conn.RetryPolicy()
	out := make(map[string]probe, len(ids))
	pause := pol.Initial
	for attempt := 1; ; attempt++ {
		calls := make([]batch.Call, len(ids))
		for i, id := range ids {
			calls[i] = batch.Call{Path: "/apps/reseller/v1/customers/" + url.PathEscape(id) + "?fields=" + customerFields}
		}
		rs, err := batch.Do(ctx, s.conn.HTTPClient(), s.conn.Endpoints().Reseller+"batch", calls)
		if err != nil {
			return nil, errs.ForOp(op, err)
		}
		var again []string
		var last error
		for i, r := range rs {
			err := r.Err(method)
			switch k := resellerkit.KindOf(err); {
			case err == nil:
				var c struct {
					CustomerDomain         string `json:"customerDomain"`
					CustomerDomainVerified bool   `json:"customerDomainVerified"`
				}
				if jerr := json.Unmarshal(r.Body, &c); jerr != nil {
					return nil, errs.Errorf(resellerkit.KindUnavailable, op, "%s of customer %s: the answer is not JSON; try again", method, ids[i])
				}
				out[ids[i]] = probe{granted: true, domain: c.CustomerDomain, verified: c.CustomerDomainVerified, at: now}
			case k == resellerkit.KindPermissionDenied:
				out[ids[i]] = probe{at: now} // rule D5: listed, not granted
			case k == resellerkit.KindRateLimited || k == resellerkit.KindUnavailable:
				again = append(again, ids[i])
				last = err
			default:
				return nil, opErr(op, err)
			}
		}
		if len(again) == 0 {
			return out, nil
		}
		if attempt >= pol.MaxAttempts {
			return nil, opErr(op, last)
		}
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, errs.ForOp(op, ctx.Err())
		case <-t.C:
		}
		pause = min(time.Duration(float64(pause)*max(pol.Multiplier, 1)), pol.Max)
		ids = slices.Clone(again)
	}
}
