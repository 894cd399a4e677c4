package fake

import (
	"net/http"
	"slices"
	"strings"
	"time"

	reseller "google.golang.org/api/reseller/v1"

	"github.com/resellerkit/resellerkit/roles"
)

// Reseller API (reseller.customers.get, reseller.subscriptions.list). The
// caller's reseller account is the tenant of the calling user, which must be
// a reseller account and hold View Customers.

// routeReseller registers the Reseller API methods the fake serves at their
// REST paths.
func (s *Server) routeReseller(mux *http.ServeMux) {
	w := s.world
	s.handle(mux, "GET /apps/reseller/v1/customers/{customerId}", "reseller.customers.get", func(r *http.Request, as string) (any, *apiError) {
		return nilIfErr(w.getCustomer(as, r.PathValue("customerId")))
	})
	s.handle(mux, "GET /apps/reseller/v1/subscriptions", "reseller.subscriptions.list", func(r *http.Request, as string) (any, *apiError) {
		q := r.URL.Query()
		max, e := qInt(q.Get("maxResults"), "maxResults")
		if e != nil {
			return nil, e
		}
		return nilIfErr(w.listSubscriptions(as, subscriptionsQuery{CustomerID: q.Get("customerId"),
			CustomerNamePrefix: q.Get("customerNamePrefix"), CustomerAuthToken: q.Get("customerAuthToken"),
			MaxResults: max, PageToken: q.Get("pageToken")}))
	})
	s.routeResellerWrites(mux)
}

func (w *World) resellerActor(as string) (*user, *apiError) {
	return w.resellerCaller(as, roles.DefaultViewCustomersName)
}

// resellerCaller resolves the caller of a Reseller API call: a user of a
// reseller account holding priv (View Customers for reads, Add or Edit
// Customers for writes), else 403 forbidden.
func (w *World) resellerCaller(as, priv string) (*user, *apiError) {
	a, e := w.actor(as)
	if e != nil {
		return nil, e
	}
	if !a.t.reseller || !w.holds(a, priv, nil) {
		return nil, errForbidden()
	}
	return a, nil
}

func toCustomer(t *tenant) *reseller.Customer {
	p := t.primary()
	return &reseller.Customer{
		Kind:                   "reseller#customer",
		CustomerId:             t.id,
		CustomerDomain:         p.name,
		CustomerDomainVerified: p.verified,
		CustomerType:           "domain",
		AlternateEmail:         t.cust.alternateEmail,
		PhoneNumber:            t.cust.phone,
		ResourceUiUrl:          "https://admin.google.com/ac/home?customer=" + t.id,
		PostalAddress:          wireAddress(t.cust.postal),
	}
}

// getCustomer is reseller.customers.get. customerKey is a customer ID or
// primary domain. A customer the caller's reseller account does not manage,
// or one that revoked reseller access, answers 403 forbidden (rule D5); an
// unknown one 404 notFound. Unlike the Directory and Cloud Support APIs
// (authz.go), the Reseller API tells the two apart by design: a 404 says
// the domain is new to Google, free to sign up as a customer
// (https://developers.google.com/workspace/admin/reseller/v1/how-tos/retrieve-update-customers).
func (w *World) getCustomer(as, customerKey string) (*reseller.Customer, *apiError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	a, e := w.resellerActor(as)
	if e != nil {
		return nil, e
	}
	t := w.tenantByKey(customerKey)
	if t == nil {
		return nil, errNotFound("customer " + customerKey)
	}
	if !t.managedBy(a.t) || t.cust.accessRevoked {
		return nil, errForbidden()
	}
	if w.lagging("customer:" + t.id) {
		return nil, errNotFound("customer " + customerKey)
	}
	return toCustomer(t), nil
}

type subscriptionsQuery struct {
	CustomerID         string
	CustomerNamePrefix string
	CustomerAuthToken  string
	MaxResults         int64
	PageToken          string
}

// listSubscriptions is reseller.subscriptions.list. The fake lists the
// subscriptions of the customers assigned to the caller's sign-in domain,
// the domain of the caller's primary email, which is how the portal scopes
// customers (rule D1). Customers that revoked reseller access are listed
// (rule D5). Pages default to 20 and are capped at 100, by customer domain
// then subscription ID. customerAuthToken (transfer listings) is not
// modelled and answers 400.
func (w *World) listSubscriptions(as string, q subscriptionsQuery) (*reseller.Subscriptions, *apiError) {
	if q.CustomerAuthToken != "" {
		return nil, errInvalid("customerAuthToken: transfer listings are not modelled by the fake")
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	a, e := w.resellerActor(as)
	if e != nil {
		return nil, e
	}
	signIn := domainOf(a.email)
	var only *tenant
	if q.CustomerID != "" {
		if only = w.tenantByKey(q.CustomerID); only == nil {
			return nil, errNotFound("customer " + q.CustomerID)
		}
	}
	prefix := strings.ToLower(q.CustomerNamePrefix)
	type row struct {
		t *tenant
		s *subscription
	}
	var items []row
	for _, t := range w.tenantList {
		if t.cust == nil || t.cust.resellerDomain != signIn {
			continue
		}
		if only != nil && t != only {
			continue
		}
		if !strings.HasPrefix(t.primary().name, prefix) {
			continue
		}
		for _, s := range t.cust.subs {
			items = append(items, row{t, s})
		}
	}
	key := func(r row) string { return r.t.primary().name + "\x00" + fixedKeyString(r.s.id) }
	sortRows(items, key)
	qh := queryHash("subscriptions", a.t.id, signIn, q.CustomerID, prefix)
	page, next, e := paginate(items, key, false, q.PageToken, pageSize(q.MaxResults, 20, 100, w.pageCap), qh)
	if e != nil {
		return nil, e
	}
	out := &reseller.Subscriptions{Kind: "reseller#subscriptions", NextPageToken: next}
	for _, r := range page {
		out.Subscriptions = append(out.Subscriptions, toSubscription(r.t, r.s, w.now))
	}
	return out, nil
}

func fixedKeyString(s string) string {
	if len(s) >= 20 {
		return s
	}
	return strings.Repeat("0", 20-len(s)) + s
}

func sortRows[T any](items []T, key func(T) string) {
	slices.SortStableFunc(items, func(x, y T) int { return strings.Compare(key(x), key(y)) })
}

// toSubscription is a subscription as the Reseller API answers it at now:
// a trial ends on the World's clock, suspending a subscription still on
// the TRIAL plan (TRIAL_ENDED).
func toSubscription(t *tenant, s *subscription, now time.Time) *reseller.Subscription {
	status, reasons, inTrial := s.state(now)
	out := &reseller.Subscription{
		Kind:              "reseller#subscription",
		SubscriptionId:    s.id,
		CustomerId:        t.id,
		CustomerDomain:    t.primary().name,
		SkuId:             s.sku,
		SkuName:           s.skuName,
		Status:            status,
		SuspensionReasons: reasons,
		CreationTime:      s.created.UnixMilli(),
		BillingMethod:     "ONLINE",
		PurchaseOrderId:   s.purchaseOrder,
		DealCode:          s.dealCode,
		Plan:              &reseller.SubscriptionPlan{PlanName: s.plan, IsCommitmentPlan: strings.HasPrefix(s.plan, "ANNUAL")},
		Seats:             &reseller.Seats{Kind: "subscriptions#seats", NumberOfSeats: s.seats, MaximumNumberOfSeats: s.maxSeats},
		ResourceUiUrl:     "https://admin.google.com/ac/billing/subscriptions?customer=" + t.id,
	}
	if r := s.renewalType(); r != "" {
		out.RenewalSettings = &reseller.RenewalSettings{Kind: "subscriptions#renewalSettings", RenewalType: r}
	}
	if !s.trialEnd.IsZero() {
		out.TrialSettings = &reseller.SubscriptionTrialSettings{IsInTrial: inTrial, TrialEndTime: s.trialEnd.UnixMilli()}
		if !inTrial {
			out.TrialSettings.ForceSendFields = []string{"IsInTrial"}
		}
	}
	if t.cust != nil {
		if sk := t.skus[skuKey{catalogProduct(s.sku), s.sku}]; sk != nil {
			out.Seats.LicensedNumberOfSeats = int64(sk.assigned)
		}
	}
	return out
}
