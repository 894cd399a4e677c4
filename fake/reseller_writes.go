package fake

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	reseller "google.golang.org/api/reseller/v1"

	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/roles"
)

// The Reseller API's writes: customers.insert, patch and update, and the
// subscription methods (insert, get, changeSeats, changePlan,
// changeRenewalSettings, startPaidService, suspend, activate, delete).
//
// Who may call: a user of a reseller account holding Add Customers
// (customers.insert) or Edit Customers (every other write; View Customers
// for subscriptions.get), on a customer its account manages. As for
// customers.get, a customer managed by another reseller, or one that turned
// reseller access off (rule D5), answers 403 forbidden and an unknown one
// 404 notFound: the Reseller API tells them apart by design, and its
// troubleshooting page gives the 403 for both ("you don't own the customer
// or your customer has disabled reseller access to their Admin console",
// https://developers.google.com/workspace/admin/reseller/v1/support/reseller_api_common_errors).
// Which Reseller Tools privilege each method needs is the fake's reading of
// the console's privilege names; Google publishes no mapping.
//
// The errors follow that page: 400 invalid for a bad customer
// (postalAddress, alternateEmail on customerDomain) and for bad seat
// changes (reducing an annual plan's seats, fewer seats than licenses in
// use, the plan's wrong seat field, licensedNumberOfSeats, more than 10
// seats in a trial); 400 badRequest for a suspended subscription; 412
// conditionNotMet for renewal settings of a plan that is not annual and
// for deleting a subscription of a customer without an admin. Messages
// Google is known to send are used verbatim: "The seats provided are not
// valid" (GAMADV-XTD3 src/GamUpdate.txt 6.50.05), "Licensed number of
// seats field is read-only" (googleapis/google-api-php-client#2332); the
// other messages are the fake's.
//
// The seats of a subscription are the seats of its SKU in the customer's
// Licensing API (rules L4, S4): numberOfSeats for annual plans,
// maximumNumberOfSeats for flexible and trial ones, summed over the
// customer's subscriptions of the SKU (feedSeats), so that
// licenseAssignments.insert answers its 412 "not enough licenses" once the
// seats are taken.

// postalAddress is a customer's address as the Reseller API carries it.
type postalAddress = reseller.Address

// Plan names as subscriptions carry them. ANNUAL_MONTHLY_PAY is answered
// as "ANNUAL" (the planName description of the discovery document).
const (
	planAnnualMonthly = "ANNUAL"
	planAnnualYearly  = "ANNUAL_YEARLY_PAY"
	planFlexible      = "FLEXIBLE"
	planTrial         = "TRIAL"
)

// trialLength and trialSeats are Google's 30-day free trial and its cap
// of 10 seats (reseller_api_common_errors).
const (
	trialLength = 30 * 24 * time.Hour
	trialSeats  = 10
)

// renewalTypes are the renewalType values of RenewalSettings (the
// Reseller API's "renewal options" how-to).
var renewalTypes = []string{"AUTO_RENEW_MONTHLY_PAY", "AUTO_RENEW_YEARLY_PAY", "CANCEL",
	"RENEW_CURRENT_USERS_MONTHLY_PAY", "RENEW_CURRENT_USERS_YEARLY_PAY", "SWITCH_TO_PAY_AS_YOU_GO"}

// routeResellerWrites registers the Reseller API's writes and
// subscriptions.get at their REST paths.
func (s *Server) routeResellerWrites(mux *http.ServeMux) {
	w := s.world
	const cust = "/apps/reseller/v1/customers"
	const sub = cust + "/{customerId}/subscriptions/{subscriptionId}"
	s.handle(mux, "POST "+cust, "reseller.customers.insert", withBody(func(r *http.Request, as string, in *reseller.Customer) (*reseller.Customer, *apiError) {
		return w.insertCustomer(as, in, r.URL.Query().Get("customerAuthToken"))
	}))
	s.handle(mux, "PATCH "+cust+"/{customerId}", "reseller.customers.patch", withBody(func(r *http.Request, as string, in *reseller.Customer) (*reseller.Customer, *apiError) {
		return w.updateCustomer("reseller.customers.patch", as, r.PathValue("customerId"), in, false)
	}))
	s.handle(mux, "PUT "+cust+"/{customerId}", "reseller.customers.update", withBody(func(r *http.Request, as string, in *reseller.Customer) (*reseller.Customer, *apiError) {
		return w.updateCustomer("reseller.customers.update", as, r.PathValue("customerId"), in, true)
	}))
	s.handle(mux, "POST "+cust+"/{customerId}/subscriptions", "reseller.subscriptions.insert", withBody(func(r *http.Request, as string, in *reseller.Subscription) (*reseller.Subscription, *apiError) {
		return w.insertSubscription(as, r.PathValue("customerId"), in, r.URL.Query())
	}))
	s.handle(mux, "GET "+sub, "reseller.subscriptions.get", func(r *http.Request, as string) (any, *apiError) {
		return nilIfErr(w.getSubscription(as, r.PathValue("customerId"), r.PathValue("subscriptionId")))
	})
	s.handle(mux, "DELETE "+sub, "reseller.subscriptions.delete", func(r *http.Request, as string) (any, *apiError) {
		return nil, w.deleteSubscription(as, r.PathValue("customerId"), r.PathValue("subscriptionId"), r.URL.Query().Get("deletionType"))
	})
	change := func(method string, op func(t *tenant, s *subscription) *apiError) handlerFunc {
		return func(r *http.Request, as string) (any, *apiError) {
			return nilIfErr(w.changeSubscription(method, as, r.PathValue("customerId"), r.PathValue("subscriptionId"), op))
		}
	}
	withInput := func(method string, op func(r *http.Request) (func(t *tenant, s *subscription) *apiError, *apiError)) handlerFunc {
		return func(r *http.Request, as string) (any, *apiError) {
			f, e := op(r)
			if e != nil {
				return nil, e
			}
			return change(method, f)(r, as)
		}
	}
	s.handle(mux, "POST "+sub+"/changeSeats", "reseller.subscriptions.changeSeats", withInput("reseller.subscriptions.changeSeats",
		func(r *http.Request) (func(*tenant, *subscription) *apiError, *apiError) {
			in, e := decodeBody[reseller.Seats](r)
			if e != nil {
				return nil, e
			}
			return func(t *tenant, s *subscription) *apiError { return w.changeSeats(t, s, in) }, nil
		}))
	s.handle(mux, "POST "+sub+"/changePlan", "reseller.subscriptions.changePlan", withInput("reseller.subscriptions.changePlan",
		func(r *http.Request) (func(*tenant, *subscription) *apiError, *apiError) {
			in, e := decodeBody[reseller.ChangePlanRequest](r)
			if e != nil {
				return nil, e
			}
			return func(t *tenant, s *subscription) *apiError { return w.changePlan(t, s, in) }, nil
		}))
	s.handle(mux, "POST "+sub+"/changeRenewalSettings", "reseller.subscriptions.changeRenewalSettings", withInput("reseller.subscriptions.changeRenewalSettings",
		func(r *http.Request) (func(*tenant, *subscription) *apiError, *apiError) {
			in, e := decodeBody[reseller.RenewalSettings](r)
			if e != nil {
				return nil, e
			}
			return func(t *tenant, s *subscription) *apiError { return w.changeRenewal(s, in) }, nil
		}))
	s.handle(mux, "POST "+sub+"/startPaidService", "reseller.subscriptions.startPaidService", change("reseller.subscriptions.startPaidService", w.startPaidService))
	s.handle(mux, "POST "+sub+"/suspend", "reseller.subscriptions.suspend", change("reseller.subscriptions.suspend", w.suspendSubscription))
	s.handle(mux, "POST "+sub+"/activate", "reseller.subscriptions.activate", change("reseller.subscriptions.activate", w.activateSubscription))
}

// wireAddress is a copy of a customer's address for an answer (nil: none).
func wireAddress(p *postalAddress) *reseller.Address {
	if p == nil {
		return nil
	}
	out := &reseller.Address{Kind: "customers#address", AddressLine1: p.AddressLine1, AddressLine2: p.AddressLine2,
		AddressLine3: p.AddressLine3, ContactName: p.ContactName, CountryCode: p.CountryCode, Locality: p.Locality,
		OrganizationName: p.OrganizationName, PostalCode: p.PostalCode, Region: p.Region}
	return out
}

// checkAddress checks a customer's postal address as customers.insert
// does: contactName, organizationName, countryCode (ISO 3166 alpha-2) and
// postalCode are required, and each field has at most 255 characters (the
// discovery document's Address description).
func checkAddress(p *reseller.Address) *apiError {
	if p == nil {
		return errRequired("postalAddress")
	}
	for _, f := range []struct{ name, v string }{{"addressLine1", p.AddressLine1}, {"addressLine2", p.AddressLine2},
		{"addressLine3", p.AddressLine3}, {"contactName", p.ContactName}, {"countryCode", p.CountryCode},
		{"locality", p.Locality}, {"organizationName", p.OrganizationName}, {"postalCode", p.PostalCode}, {"region", p.Region}} {
		if utf8.RuneCountInString(f.v) > 255 {
			return errInvalid("postalAddress.%s has more than 255 characters", f.name)
		}
	}
	switch {
	case strings.TrimSpace(p.ContactName) == "":
		return errRequired("postalAddress.contactName")
	case strings.TrimSpace(p.OrganizationName) == "":
		return errRequired("postalAddress.organizationName")
	case strings.TrimSpace(p.CountryCode) == "":
		return errRequired("postalAddress.countryCode")
	case strings.TrimSpace(p.PostalCode) == "":
		return errRequired("postalAddress.postalCode")
	case !isCountryCode(p.CountryCode):
		return errInvalid("postalAddress.countryCode %q: want an ISO 3166 country code such as US", p.CountryCode)
	}
	return nil
}

func isCountryCode(s string) bool {
	return len(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z'
}

// checkAlternateEmail checks a customer's alternateEmail: an address, not
// on the customer's domain (reseller_api_common_errors).
func checkAlternateEmail(addr, customerDomain string) (string, *apiError) {
	n, err := domains.NormalizeEmail(addr)
	if err != nil {
		return "", errInvalid("alternateEmail %q is not an email address", addr)
	}
	if domainOf(n) == customerDomain {
		return "", errInvalid("alternateEmail can't be at the same domain as customerDomain")
	}
	return n, nil
}

// validPhone reports whether a phoneNumber is kept: "+" and a country code
// then digits in any local format. Google ignores an invalid one silently
// (the Customer.phoneNumber description).
func validPhone(s string) bool {
	if !strings.HasPrefix(s, "+") {
		return false
	}
	digits := 0
	for _, r := range s[1:] {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" -().", r):
		default:
			return false
		}
	}
	return digits >= 7
}

// insertCustomer is reseller.customers.insert: it orders a new customer
// account on customerDomain (unverified, with no user yet), assigned to the
// caller's sign-in domain (rule D1) and managed by the caller's reseller
// account from now on. A domain that is already Google's (any tenant's
// domain or alias) answers 409 conflict, the answer GAMADV-XTD3 reports
// for a domain "in use by an email verified customer" (src/GamUpdate.txt
// 6.67.13). Team customers and transfers (customerAuthToken) are not
// modelled and answer 400.
func (w *World) insertCustomer(as string, in *reseller.Customer, authToken string) (*reseller.Customer, *apiError) {
	if authToken != "" {
		return nil, errInvalid("customerAuthToken: transfers are not modelled by the fake")
	}
	if in.CustomerType != "" && in.CustomerType != "domain" {
		return nil, errInvalid("customerType %q: the fake models domain customers only", in.CustomerType)
	}
	if strings.TrimSpace(in.CustomerDomain) == "" {
		return nil, errRequired("customerDomain")
	}
	name, err := domains.NormalizeDomain(in.CustomerDomain)
	if err != nil || !strings.Contains(name, ".") {
		return nil, errInvalid("customerDomain %q is not a domain name", in.CustomerDomain)
	}
	if strings.TrimSpace(in.AlternateEmail) == "" {
		return nil, errRequired("alternateEmail")
	}
	alt, e := checkAlternateEmail(in.AlternateEmail, name)
	if e != nil {
		return nil, e
	}
	if e := checkAddress(in.PostalAddress); e != nil {
		return nil, e
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	a, e := w.resellerCaller(as, roles.DefaultAddCustomersName)
	if e != nil {
		return nil, e
	}
	if w.domains[name] != nil || w.aliases[name] != nil {
		return nil, errf(409, "conflict", "Domain in request is in use by an existing customer.")
	}
	signIn := w.domains[normDomain(domainOf(a.email))]
	if signIn == nil || signIn.t != a.t {
		return nil, errForbidden()
	}
	t, err := w.seedTenant(&TenantSeed{Name: strings.TrimSpace(in.PostalAddress.OrganizationName), Domains: []DomainSeed{{Name: name, Unverified: true}}})
	if err != nil {
		return nil, errInvalid("customerDomain %q: %v", in.CustomerDomain, err)
	}
	c := &customerInfo{resellerDomain: signIn.name, reseller: a.t, plan: domains.PlanStandard, alternateEmail: alt,
		postal: wireAddress(in.PostalAddress), rev: w.nextRev(),
		tenure: []tenureEntry{{reseller: a.t, domain: signIn.name, from: w.now}}}
	c.postal.Kind = ""
	if validPhone(in.PhoneNumber) {
		c.phone = in.PhoneNumber
	}
	t.cust = c
	w.authzGen++
	w.markFresh("customer:" + t.id)
	if e := w.answerLost("reseller.customers.insert"); e != nil {
		return nil, e
	}
	return toCustomer(t), nil
}

// resellerCustomer resolves the customer of a Reseller API write and checks
// that the caller, holding priv, may act on it: 404 for an unknown
// customer, 403 for another reseller's or one that turned reseller access
// off (rule D5), as customers.get answers. w.mu must be held.
func (w *World) resellerCustomer(as, customerKey, priv string) (*tenant, *apiError) {
	a, e := w.resellerCaller(as, priv)
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
	return t, nil
}

// updateCustomer is reseller.customers.patch (replace false) and update
// (replace true): alternateEmail, phoneNumber and postalAddress change;
// patch merges the address fields given, update replaces the address when
// one is given. customerDomain and customerType cannot change through the
// Reseller API (the methods' descriptions), so a different value answers
// 400. An invalid phoneNumber is ignored, as Google ignores it.
func (w *World) updateCustomer(method, as, customerKey string, in *reseller.Customer, replace bool) (*reseller.Customer, *apiError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	t, e := w.resellerCustomer(as, customerKey, roles.DefaultEditCustomersName)
	if e != nil {
		return nil, e
	}
	c := t.cust
	if in.CustomerType != "" && in.CustomerType != "domain" {
		return nil, errInvalid("customerType cannot be changed through the Reseller API")
	}
	if in.CustomerDomain != "" && normDomain(in.CustomerDomain) != t.primary().name {
		return nil, errInvalid("customerDomain cannot be changed through the Reseller API")
	}
	alt := c.alternateEmail
	if in.AlternateEmail != "" {
		if alt, e = checkAlternateEmail(in.AlternateEmail, t.primary().name); e != nil {
			return nil, e
		}
	}
	postal := c.postal
	if p := in.PostalAddress; p != nil {
		next := wireAddress(p)
		if !replace && c.postal != nil {
			next = wireAddress(c.postal)
			for _, f := range []struct {
				dst *string
				v   string
			}{{&next.AddressLine1, p.AddressLine1}, {&next.AddressLine2, p.AddressLine2}, {&next.AddressLine3, p.AddressLine3},
				{&next.ContactName, p.ContactName}, {&next.CountryCode, p.CountryCode}, {&next.Locality, p.Locality},
				{&next.OrganizationName, p.OrganizationName}, {&next.PostalCode, p.PostalCode}, {&next.Region, p.Region}} {
				if f.v != "" {
					*f.dst = f.v
				}
			}
		}
		if e := checkAddress(next); e != nil {
			return nil, e
		}
		next.Kind = ""
		postal = next
	}
	c.alternateEmail, c.postal = alt, postal
	if validPhone(in.PhoneNumber) {
		c.phone = in.PhoneNumber
	}
	c.rev = w.nextRev()
	if e := w.answerLost(method); e != nil {
		return nil, e
	}
	return toCustomer(t), nil
}

// parsePlan reads a plan name of a request. "ANNUAL", the name answers
// give ANNUAL_MONTHLY_PAY, is accepted for it.
func parsePlan(name string) (string, *apiError) {
	switch name {
	case "":
		return "", errRequired("plan.planName")
	case "ANNUAL_MONTHLY_PAY", planAnnualMonthly:
		return planAnnualMonthly, nil
	case planAnnualYearly, planFlexible, planTrial:
		return name, nil
	}
	return "", errInvalid("planName %q: want ANNUAL_MONTHLY_PAY, ANNUAL_YEARLY_PAY, FLEXIBLE or TRIAL", name)
}

func annualPlan(plan string) bool { return plan == planAnnualMonthly || plan == planAnnualYearly }

// licensedSeats is how many licenses the subscription gives its SKU:
// numberOfSeats on annual plans, maximumNumberOfSeats on flexible and trial
// plans, the larger of the two on a plan the fake does not know.
func (s *subscription) licensedSeats() int64 {
	switch {
	case annualPlan(s.plan):
		return s.seats
	case s.plan == planFlexible || s.plan == planTrial:
		return s.maxSeats
	}
	return max(s.seats, s.maxSeats)
}

// renewalType is the subscription's renewalType: the one set, else the
// default of its annual plan ("" for other plans).
func (s *subscription) renewalType() string {
	switch {
	case !annualPlan(s.plan):
		return ""
	case s.renewal != "":
		return s.renewal
	case s.plan == planAnnualYearly:
		return "AUTO_RENEW_YEARLY_PAY"
	}
	return "AUTO_RENEW_MONTHLY_PAY"
}

// state is the subscription's status, suspensionReasons and whether it is
// in its free trial at now. A trial that ended on the TRIAL plan (no paid
// plan chosen) suspends the subscription with TRIAL_ENDED.
func (s *subscription) state(now time.Time) (status string, reasons []string, inTrial bool) {
	status, reasons = s.status, slices.Clone(s.reasons)
	inTrial = !s.trialEnd.IsZero() && now.Before(s.trialEnd)
	if s.plan == planTrial && !s.trialEnd.IsZero() && !inTrial {
		status, reasons = "SUSPENDED", append(reasons, "TRIAL_ENDED")
	}
	return status, reasons, inTrial
}

// checkSeats reads the seat count a request sets for plan: numberOfSeats
// for annual plans, maximumNumberOfSeats for the others; licensedNumberOfSeats
// is read-only, and a trial has at most 10 seats.
func checkSeats(plan string, in *reseller.Seats, inTrial bool) (int64, *apiError) {
	if in == nil {
		return 0, errRequired("seats")
	}
	if in.LicensedNumberOfSeats != 0 || slices.Contains(in.ForceSendFields, "LicensedNumberOfSeats") {
		return 0, errf(400, "invalid", "Licensed number of seats field is read-only")
	}
	want, other, field, otherField := in.NumberOfSeats, in.MaximumNumberOfSeats, "numberOfSeats", "maximumNumberOfSeats"
	if !annualPlan(plan) {
		want, other, field, otherField = other, want, otherField, field
	}
	switch {
	case want <= 0 && other > 0:
		return 0, errInvalid("the %s plan takes its seats in seats.%s, not seats.%s", plan, field, otherField)
	case want <= 0:
		return 0, errf(400, "invalid", "The seats provided are not valid")
	case inTrial && want > trialSeats:
		return 0, errInvalid("a subscription in its free trial has at most %d seats; start paid service to lift the limit", trialSeats)
	}
	return want, nil
}

// checkOrder checks the purchaseOrderId (80 characters at most) and the
// dealCode (100) of a request.
func checkOrder(purchaseOrder, dealCode string) *apiError {
	if utf8.RuneCountInString(purchaseOrder) > 80 {
		return errInvalid("purchaseOrderId has more than 80 characters")
	}
	if utf8.RuneCountInString(dealCode) > 100 {
		return errInvalid("dealCode has more than 100 characters")
	}
	return nil
}

// subscriptionOf finds a customer's subscription by ID.
func subscriptionOf(t *tenant, id string) (*subscription, *apiError) {
	for _, s := range t.cust.subs {
		if s.id == id {
			return s, nil
		}
	}
	return nil, errNotFound("subscription " + id)
}

// newSubscriptionID returns a subscription ID no subscription of t has.
func (w *World) newSubscriptionIDFor(t *tenant) string {
	for {
		id := w.newSubscriptionID()
		if _, e := subscriptionOf(t, id); e != nil {
			return id
		}
	}
}

// insertSubscription is reseller.subscriptions.insert: a new subscription
// of a catalogue SKU (package licensing) on the plan and seats given,
// ACTIVE, a TRIAL in its 30-day trial. A second subscription of the same
// SKU answers 409 duplicate, the fake's answer where Google documents
// none. Transfers (customerAuthToken) and action=switch are not modelled
// and answer 400.
func (w *World) insertSubscription(as, customerKey string, in *reseller.Subscription, q url.Values) (*reseller.Subscription, *apiError) {
	if q.Get("customerAuthToken") != "" {
		return nil, errInvalid("customerAuthToken: transfers are not modelled by the fake")
	}
	switch q.Get("action") {
	case "", "actionUnspecified", "buy":
	case "switch":
		return nil, errInvalid("action=switch is not modelled by the fake; delete the old subscription and insert the new one")
	default:
		return nil, errInvalid("action %q: want buy or switch", q.Get("action"))
	}
	if in.SkuId == "" {
		return nil, errRequired("skuId")
	}
	if catalogProduct(in.SkuId) == "" {
		return nil, errInvalid("skuId %q is not a SKU that can be resold", in.SkuId)
	}
	if in.Plan == nil {
		return nil, errRequired("plan")
	}
	plan, e := parsePlan(in.Plan.PlanName)
	if e != nil {
		return nil, e
	}
	n, e := checkSeats(plan, in.Seats, plan == planTrial)
	if e != nil {
		return nil, e
	}
	if e := checkOrder(in.PurchaseOrderId, in.DealCode); e != nil {
		return nil, e
	}
	renewal := ""
	if in.RenewalSettings != nil && in.RenewalSettings.RenewalType != "" {
		if !annualPlan(plan) {
			return nil, errConditionNotMet("renewal settings apply to the ANNUAL_MONTHLY_PAY and ANNUAL_YEARLY_PAY plans only")
		}
		if !slices.Contains(renewalTypes, in.RenewalSettings.RenewalType) {
			return nil, errInvalid("renewalType %q: want one of %s", in.RenewalSettings.RenewalType, strings.Join(renewalTypes, ", "))
		}
		renewal = in.RenewalSettings.RenewalType
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	t, e := w.resellerCustomer(as, customerKey, roles.DefaultEditCustomersName)
	if e != nil {
		return nil, e
	}
	for _, s := range t.cust.subs {
		if s.sku == in.SkuId {
			return nil, errDuplicate("the customer already has a subscription of SKU %s (%s)", in.SkuId, s.id)
		}
	}
	s := &subscription{id: w.newSubscriptionIDFor(t), sku: in.SkuId, skuName: catalogSKUName(in.SkuId), plan: plan,
		status: "ACTIVE", created: w.now, renewal: renewal, purchaseOrder: in.PurchaseOrderId, dealCode: in.DealCode}
	if annualPlan(plan) {
		s.seats = n
	} else {
		s.maxSeats = n
	}
	if plan == planTrial {
		s.trialEnd = w.now.Add(trialLength)
	}
	t.cust.subs = append(t.cust.subs, s)
	t.cust.rev = w.nextRev()
	w.feedSeats(t, s.sku)
	w.markFresh("subscription:" + t.id + "/" + s.id)
	if e := w.answerLost("reseller.subscriptions.insert"); e != nil {
		return nil, e
	}
	return toSubscription(t, s, w.now), nil
}

// getSubscription is reseller.subscriptions.get.
func (w *World) getSubscription(as, customerKey, id string) (*reseller.Subscription, *apiError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	t, e := w.resellerCustomer(as, customerKey, roles.DefaultViewCustomersName)
	if e != nil {
		return nil, e
	}
	s, e := subscriptionOf(t, id)
	if e != nil {
		return nil, e
	}
	if w.lagging("subscription:" + t.id + "/" + s.id) {
		return nil, errNotFound("subscription " + id)
	}
	return toSubscription(t, s, w.now), nil
}

// changeSubscription applies op to a subscription of a customer the caller
// manages (Edit Customers), then loses the answer of method if a fault says
// so, and answers the subscription.
func (w *World) changeSubscription(method, as, customerKey, id string, op func(t *tenant, s *subscription) *apiError) (*reseller.Subscription, *apiError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	t, e := w.resellerCustomer(as, customerKey, roles.DefaultEditCustomersName)
	if e != nil {
		return nil, e
	}
	s, e := subscriptionOf(t, id)
	if e != nil {
		return nil, e
	}
	if e := op(t, s); e != nil {
		return nil, e
	}
	t.cust.rev = w.nextRev()
	if e := w.answerLost(method); e != nil {
		return nil, e
	}
	return toSubscription(t, s, w.now), nil
}

// errSuspended is the answer to a change of a suspended subscription
// (400 badRequest, reseller_api_common_errors).
func errSuspended(s *subscription) *apiError {
	return errBadRequest("subscription %s is suspended; activate it first", s.id)
}

// active checks that a subscription is ACTIVE at now, and tells whether it
// is in its free trial.
func (w *World) active(s *subscription) (inTrial bool, e *apiError) {
	status, _, inTrial := s.state(w.now)
	if status != "ACTIVE" {
		return false, errSuspended(s)
	}
	return inTrial, nil
}

// checkSeatsInUse refuses a seat count under the licenses in use: the
// subscription's SKU with n seats from s must still cover the licenses
// assigned (reseller_api_common_errors: "less than the current users").
func checkSeatsInUse(t *tenant, s *subscription, n int64) *apiError {
	k := t.skus[skuKey{catalogProduct(s.sku), s.sku}]
	if k == nil {
		return nil
	}
	total := n
	for _, o := range t.cust.subs {
		if o != s && o.sku == s.sku {
			total += o.licensedSeats()
		}
	}
	if k.fromSubs && total < int64(k.assigned) {
		return errInvalid("%d seats are fewer than the %d licenses of SKU %s in use; remove licenses first", n, k.assigned, s.sku)
	}
	return nil
}

// changeSeats is reseller.subscriptions.changeSeats.
func (w *World) changeSeats(t *tenant, s *subscription, in *reseller.Seats) *apiError {
	inTrial, e := w.active(s)
	if e != nil {
		return e
	}
	n, e := checkSeats(s.plan, in, inTrial)
	if e != nil {
		return e
	}
	if annualPlan(s.plan) && n < s.seats {
		return errInvalid("the seats of an annual plan cannot be reduced before renewal (%d to %d); change the renewal settings instead", s.seats, n)
	}
	if e := checkSeatsInUse(t, s, n); e != nil {
		return e
	}
	if annualPlan(s.plan) {
		s.seats = n
	} else {
		s.maxSeats = n
	}
	w.feedSeats(t, s.sku)
	return nil
}

// changePlan is reseller.subscriptions.changePlan: a trial or flexible
// subscription moves to an annual plan, or a trial to the flexible plan
// (the method's description). An annual plan does not change before its
// commitment ends (its renewal settings do that), and nothing goes back to
// TRIAL: both answer 400 invalid, as does the plan the subscription is on.
func (w *World) changePlan(t *tenant, s *subscription, in *reseller.ChangePlanRequest) *apiError {
	inTrial, e := w.active(s)
	if e != nil {
		return e
	}
	plan, e := parsePlan(in.PlanName)
	if e != nil {
		return e
	}
	switch {
	case plan == s.plan:
		return errInvalid("the subscription is already on the %s plan", plan)
	case annualPlan(s.plan):
		return errInvalid("an annual plan cannot be changed before its commitment ends; use changeRenewalSettings")
	case plan == planTrial:
		return errInvalid("a subscription cannot move to the TRIAL plan")
	}
	n, e := checkSeats(plan, in.Seats, inTrial)
	if e != nil {
		return e
	}
	if e := checkOrder(in.PurchaseOrderId, in.DealCode); e != nil {
		return e
	}
	if e := checkSeatsInUse(t, s, n); e != nil {
		return e
	}
	s.plan, s.renewal = plan, ""
	if annualPlan(plan) {
		s.seats, s.maxSeats = n, 0
	} else {
		s.maxSeats = n
	}
	if in.PurchaseOrderId != "" {
		s.purchaseOrder = in.PurchaseOrderId
	}
	if in.DealCode != "" {
		s.dealCode = in.DealCode
	}
	w.feedSeats(t, s.sku)
	return nil
}

// changeRenewal is reseller.subscriptions.changeRenewalSettings: annual
// plans only (412 conditionNotMet otherwise, reseller_api_common_errors).
func (w *World) changeRenewal(s *subscription, in *reseller.RenewalSettings) *apiError {
	if _, e := w.active(s); e != nil {
		return e
	}
	if !annualPlan(s.plan) {
		return errConditionNotMet("renewal settings apply to the ANNUAL_MONTHLY_PAY and ANNUAL_YEARLY_PAY plans only")
	}
	if in.RenewalType == "" {
		return errRequired("renewalType")
	}
	if !slices.Contains(renewalTypes, in.RenewalType) {
		return errInvalid("renewalType %q: want one of %s", in.RenewalType, strings.Join(renewalTypes, ", "))
	}
	s.renewal = in.RenewalType
	return nil
}

// startPaidService is reseller.subscriptions.startPaidService: it ends the
// free trial of a subscription whose paid plan is set (changePlan first).
// A subscription not in its trial, or still on the TRIAL plan, answers
// 412 conditionNotMet, the fake's answer where Google documents none.
func (w *World) startPaidService(_ *tenant, s *subscription) *apiError {
	inTrial, e := w.active(s)
	if e != nil {
		return e
	}
	switch {
	case !inTrial:
		return errConditionNotMet("subscription %s is not in a free trial", s.id)
	case s.plan == planTrial:
		return errConditionNotMet("subscription %s has no paid plan yet; set one with changePlan first", s.id)
	}
	s.trialEnd = w.now
	return nil
}

// suspendSubscription is reseller.subscriptions.suspend: an ACTIVE
// subscription becomes SUSPENDED (RESELLER_INITIATED); any other answers
// 400 badRequest. Its seats stay with its SKU.
func (w *World) suspendSubscription(_ *tenant, s *subscription) *apiError {
	if _, e := w.active(s); e != nil {
		return e
	}
	s.status = "SUSPENDED"
	s.reasons = append(s.reasons, "RESELLER_INITIATED")
	return nil
}

// activateSubscription is reseller.subscriptions.activate: it lifts the
// reseller's suspension; a subscription suspended for another reason
// stays suspended, and an active one is left as it is (the method's
// description).
func (w *World) activateSubscription(_ *tenant, s *subscription) *apiError {
	s.reasons = slices.DeleteFunc(s.reasons, func(r string) bool { return r == "RESELLER_INITIATED" })
	if len(s.reasons) == 0 && s.status == "SUSPENDED" {
		s.status = "ACTIVE"
	}
	return nil
}

// deleteSubscription is reseller.subscriptions.delete. deletionType is
// required: cancel ends the subscription and its seats leave the SKU (the
// last subscription of a SKU takes its licenses with it: the service
// ends); transfer_to_direct hands it to Google, the customer keeping its
// seats and licenses (the SKU's seats stop following subscriptions). A
// customer without an active super admin answers 412
// conditionNotMet (reseller_api_common_errors).
func (w *World) deleteSubscription(as, customerKey, id, deletionType string) *apiError {
	switch deletionType {
	case "cancel", "transfer_to_direct":
	case "":
		return errRequired("deletionType")
	default:
		return errInvalid("deletionType %q: want cancel or transfer_to_direct", deletionType)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	t, e := w.resellerCustomer(as, customerKey, roles.DefaultEditCustomersName)
	if e != nil {
		return e
	}
	s, e := subscriptionOf(t, id)
	if e != nil {
		return e
	}
	if !w.hasSuperAdmin(t) {
		return errConditionNotMet("the customer has no admin user; create one before deleting subscription %s", id)
	}
	t.cust.subs = slices.DeleteFunc(t.cust.subs, func(x *subscription) bool { return x == s })
	t.cust.rev = w.nextRev()
	k := skuKey{catalogProduct(s.sku), s.sku}
	switch sk := t.skus[k]; {
	case sk == nil:
	case deletionType == "transfer_to_direct":
		sk.fromSubs = false
	case sk.fromSubs && !slices.ContainsFunc(t.cust.subs, func(x *subscription) bool { return x.sku == s.sku }):
		// The service ends: its licenses go, and its seats with them.
		for uid, l := range t.licenses[k.product] {
			if l.sku == s.sku {
				delete(t.licenses[k.product], uid)
			}
		}
		delete(t.skus, k)
		t.skuList = slices.DeleteFunc(t.skuList, func(x *sku) bool { return x == sk })
	default:
		w.feedSeats(t, s.sku)
	}
	return w.answerLost("reseller.subscriptions.delete")
}

// hasSuperAdmin reports whether t has an active super admin.
func (w *World) hasSuperAdmin(t *tenant) bool {
	for _, u := range t.users {
		if u.active() && w.grantsOf(u).super {
			return true
		}
	}
	return false
}
