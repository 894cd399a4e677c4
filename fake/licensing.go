package fake

import (
	"net/http"
	"slices"
	"strings"

	licensingapi "google.golang.org/api/licensing/v1"

	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/licensing"
	"github.com/resellerkit/resellerkit/roles"
)

// Licensing (licensing.licenseAssignments.*): one SKU per product per user
// (rule L1), seat limits per tenant SKU (rule S4), and Google's 412
// conditionNotMet messages, as the "Error codes" table of
// https://developers.google.com/workspace/admin/licensing/v1/how-tos/using
// words them ("User already has a license for the specified product and
// SKU", "There aren't enough available licenses for the specified
// product-SKU pair", ...).
//
// The products and SKUs Google knows are package licensing's catalogue
// (licensing.Catalog); a tenant may also be seeded with SKUs outside it.

// routeLicensing registers licensing.licenseAssignments.* at their REST
// paths.
func (s *Server) routeLicensing(mux *http.ServeMux) {
	w := s.world
	const lic = "/apps/licensing/v1/product/{productId}/"
	s.handle(mux, "GET "+lic+"sku/{skuId}/user/{userId}", "licensing.licenseAssignments.get", func(r *http.Request, as string) (any, *apiError) {
		return nilIfErr(w.getLicense(as, r.PathValue("productId"), r.PathValue("skuId"), r.PathValue("userId")))
	})
	s.handle(mux, "POST "+lic+"sku/{skuId}/user", "licensing.licenseAssignments.insert", withBody(func(r *http.Request, as string, in *licensingapi.LicenseAssignmentInsert) (*licensingapi.LicenseAssignment, *apiError) {
		return w.insertLicense(as, r.PathValue("productId"), r.PathValue("skuId"), in)
	}))
	s.handle(mux, "PATCH "+lic+"sku/{skuId}/user/{userId}", "licensing.licenseAssignments.patch", withBody(func(r *http.Request, as string, in *licensingapi.LicenseAssignment) (*licensingapi.LicenseAssignment, *apiError) {
		return w.patchLicense(as, r.PathValue("productId"), r.PathValue("skuId"), r.PathValue("userId"), in)
	}))
	s.handle(mux, "PUT "+lic+"sku/{skuId}/user/{userId}", "licensing.licenseAssignments.update", withBody(func(r *http.Request, as string, in *licensingapi.LicenseAssignment) (*licensingapi.LicenseAssignment, *apiError) {
		return w.updateLicense(as, r.PathValue("productId"), r.PathValue("skuId"), r.PathValue("userId"), in)
	}))
	s.handle(mux, "DELETE "+lic+"sku/{skuId}/user/{userId}", "licensing.licenseAssignments.delete", func(r *http.Request, as string) (any, *apiError) {
		return nil, w.deleteLicense(as, r.PathValue("productId"), r.PathValue("skuId"), r.PathValue("userId"))
	})
	list := func(r *http.Request, as string) (any, *apiError) {
		q := r.URL.Query()
		max, e := qInt(q.Get("maxResults"), "maxResults")
		if e != nil {
			return nil, e
		}
		return nilIfErr(w.listLicenses(as, r.PathValue("productId"), r.PathValue("skuId"), q.Get("customerId"), q.Get("pageToken"), max))
	}
	s.handle(mux, "GET "+lic+"users", "licensing.licenseAssignments.listForProduct", list)
	s.handle(mux, "GET "+lic+"sku/{skuId}/users", "licensing.licenseAssignments.listForProductAndSku", list)
}

// productNames are the productName values Google returns for the products
// of the catalogue.
var productNames = map[licensing.ProductID]string{
	licensing.ProductCloudIdentityFree:    "Cloud Identity",
	licensing.ProductCloudIdentityPremium: "Cloud Identity Premium",
	licensing.ProductGoogleWorkspace:      "Google Workspace",
}

// catalogProduct returns the product of a catalogue SKU, or "".
func catalogProduct(skuID string) string {
	k, _ := licensing.LookupSKU(licensing.SKUID(skuID))
	return string(k.Product)
}

// catalogSKUName returns the display name of a catalogue SKU, or "".
func catalogSKUName(skuID string) string {
	k, _ := licensing.LookupSKU(licensing.SKUID(skuID))
	return k.Name
}

// catalogProductName returns the display name of a product, or the ID
// itself for a product outside the catalogue.
func catalogProductName(product string) string {
	if n, ok := productNames[licensing.ProductID(product)]; ok {
		return n
	}
	return product
}

// knownSKU reports whether product/sku exists at all: in the catalog or on
// some tenant of the World.
func (w *World) knownSKU(product, skuID string) bool {
	if k, ok := licensing.LookupSKU(licensing.SKUID(skuID)); ok && string(k.Product) == product {
		return true
	}
	for _, t := range w.tenantList {
		if t.skus[skuKey{product, skuID}] != nil {
			return true
		}
	}
	return false
}

func (w *World) toLicense(l *license) *licensingapi.LicenseAssignment {
	u := w.users[l.userID]
	out := &licensingapi.LicenseAssignment{
		Kind:        "licensing#licenseAssignment",
		Etags:       etag("license", l.product+"/"+l.userID, l.rev),
		ProductId:   l.product,
		SkuId:       l.sku,
		UserId:      u.email,
		ProductName: catalogProductName(l.product),
		SkuName:     catalogSKUName(l.sku),
		SelfLink:    "https://licensing.googleapis.com/apps/licensing/v1/product/" + l.product + "/sku/" + l.sku + "/user/" + u.email,
	}
	if s := u.t.skus[skuKey{l.product, l.sku}]; s != nil {
		out.ProductName, out.SkuName = s.productName, s.skuName
	}
	return out
}

// assignLicense gives u a license of product/sku, enforcing L1 and seats.
func (w *World) assignLicense(u *user, product, skuID string) (*license, *apiError) {
	if !w.knownSKU(product, skuID) {
		return nil, errf(400, "invalid", "Invalid Input: SKU or product does not exist: %s/%s", product, skuID)
	}
	if l := u.t.licenses[product][u.id]; l != nil {
		if l.sku == skuID {
			// Rule L2: Google answers 412 for a license the user already has.
			return nil, errConditionNotMet("User already has a license for the specified product and SKU")
		}
		// Rule L1: one SKU per product per user.
		return nil, errConditionNotMet("User already has a license of the product, but with a different SKU. To reassign a license to a different SKU, use the 'update' operation.")
	}
	s := u.t.skus[skuKey{product, skuID}]
	if s == nil || s.assigned >= s.seats {
		// Rule S4: no free seat.
		return nil, errConditionNotMet("There aren't enough available licenses for the specified product-SKU pair")
	}
	s.assigned++
	l := &license{product: product, sku: skuID, userID: u.id, rev: w.nextRev()}
	if u.t.licenses[product] == nil {
		u.t.licenses[product] = map[string]*license{}
	}
	u.t.licenses[product][u.id] = l
	return l, nil
}

// licenseUser resolves the user of a licensing call (email, alias or ID)
// and checks the caller's privilege on its tenant.
func (w *World) licenseUser(as, userKey, priv string) (*user, *apiError) {
	a, e := w.actor(as)
	if e != nil {
		return nil, e
	}
	u, e := w.userByKey(a, userKey, errf(400, "invalid", "User email not valid"))
	if e != nil {
		return nil, e
	}
	if e := w.authorize(a, u.t, priv, nil); e != nil {
		return nil, e
	}
	return u, nil
}

func errNoLicense() *apiError {
	return &apiError{Code: 404, Reason: "notFound", Message: "User does not have a license for specified sku and product"}
}

// getLicense is licensing.licenseAssignments.get.
func (w *World) getLicense(as, product, skuID, userKey string) (*licensingapi.LicenseAssignment, *apiError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	u, e := w.licenseUser(as, userKey, roles.LicensingReadName)
	if e != nil {
		return nil, e
	}
	if !w.knownSKU(product, skuID) {
		return nil, errf(400, "invalid", "Invalid Input: SKU or product does not exist: %s/%s", product, skuID)
	}
	l := u.t.licenses[product][u.id]
	if l == nil || l.sku != skuID || w.lagging("license:"+product+"/"+u.id) {
		return nil, errNoLicense()
	}
	return w.toLicense(l), nil
}

// insertLicense is licensing.licenseAssignments.insert. The same license
// again, another SKU of the same product, or no free seat answer 412
// conditionNotMet with Google's messages.
func (w *World) insertLicense(as, product, skuID string, in *licensingapi.LicenseAssignmentInsert) (*licensingapi.LicenseAssignment, *apiError) {
	if in == nil || in.UserId == "" {
		return nil, errRequired("userId")
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	u, e := w.licenseUser(as, in.UserId, roles.LicensingName)
	if e != nil {
		return nil, e
	}
	l, e := w.assignLicense(u, product, skuID)
	if e != nil {
		return nil, e
	}
	w.markFresh("license:" + product + "/" + u.id)
	if e := w.answerLost("licensing.licenseAssignments.insert"); e != nil {
		return nil, e
	}
	return w.toLicense(l), nil
}

// patchLicense is licensing.licenseAssignments.patch: it moves the user's
// license of product from skuID (the path) to in.SkuId within the same
// product (rule L1: a change of SKU, never a second license).
func (w *World) patchLicense(as, product, skuID, userKey string, in *licensingapi.LicenseAssignment) (*licensingapi.LicenseAssignment, *apiError) {
	return w.reassignLicense("licensing.licenseAssignments.patch", as, product, skuID, userKey, in)
}

// updateLicense is licensing.licenseAssignments.update, the same change.
func (w *World) updateLicense(as, product, skuID, userKey string, in *licensingapi.LicenseAssignment) (*licensingapi.LicenseAssignment, *apiError) {
	return w.reassignLicense("licensing.licenseAssignments.update", as, product, skuID, userKey, in)
}

// reassignLicense is patchLicense and updateLicense; method names the call.
func (w *World) reassignLicense(method, as, product, skuID, userKey string, in *licensingapi.LicenseAssignment) (*licensingapi.LicenseAssignment, *apiError) {
	if in == nil || in.SkuId == "" {
		return nil, errRequired("skuId")
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	u, e := w.licenseUser(as, userKey, roles.LicensingName)
	if e != nil {
		return nil, e
	}
	if !w.knownSKU(product, skuID) {
		return nil, errf(400, "invalid", "Invalid Input: SKU or product does not exist: %s/%s", product, skuID)
	}
	l := u.t.licenses[product][u.id]
	if l == nil || l.sku != skuID {
		return nil, errNoLicense()
	}
	if (in.ProductId != "" && in.ProductId != product) || (in.UserId != "" && w.lookupUser(in.UserId) != u) {
		return nil, errConditionNotMet("Reassign operation can't be performed on different products / users")
	}
	if in.SkuId == skuID {
		return nil, errConditionNotMet("For reassign operations, the new SKU should be different from the old SKU")
	}
	if !w.knownSKU(product, in.SkuId) {
		return nil, errf(400, "invalid", "Invalid Input: SKU or product does not exist: %s/%s", product, in.SkuId)
	}
	to := u.t.skus[skuKey{product, in.SkuId}]
	if to == nil || to.assigned >= to.seats {
		return nil, errConditionNotMet("There aren't enough available licenses for the specified product-SKU pair")
	}
	if from := u.t.skus[skuKey{product, skuID}]; from != nil {
		from.assigned--
	}
	to.assigned++
	l.sku = in.SkuId
	l.rev = w.nextRev()
	if e := w.answerLost(method); e != nil {
		return nil, e
	}
	return w.toLicense(l), nil
}

// deleteLicense is licensing.licenseAssignments.delete.
func (w *World) deleteLicense(as, product, skuID, userKey string) *apiError {
	w.mu.Lock()
	defer w.mu.Unlock()
	u, e := w.licenseUser(as, userKey, roles.LicensingName)
	if e != nil {
		return e
	}
	if !w.knownSKU(product, skuID) {
		return errf(400, "invalid", "Invalid Input: SKU or product does not exist: %s/%s", product, skuID)
	}
	l := u.t.licenses[product][u.id]
	if l == nil || l.sku != skuID {
		return errNoLicense()
	}
	if s := u.t.skus[skuKey{product, skuID}]; s != nil {
		s.assigned--
	}
	delete(u.t.licenses[product], u.id)
	return w.answerLost("licensing.licenseAssignments.delete")
}

// listLicenses is licensing.licenseAssignments.listForProduct (skuID "")
// and listForProductAndSku. customerID is required: the customer ID or
// one of its domains. Pages default to 100 and are capped at 1000 (the
// discovery document's maximum), by user email.
func (w *World) listLicenses(as, product, skuID, customerID, pageToken string, maxResults int64) (*licensingapi.LicenseAssignmentList, *apiError) {
	if customerID == "" {
		return nil, errRequired("customerId")
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	a, e := w.actor(as)
	if e != nil {
		return nil, e
	}
	t := w.tenantByKey(customerID)
	if t == nil {
		if _, err := domains.NormalizeDomain(customerID); err != nil && !validCustomerID(customerID) {
			return nil, errBadRequest("customerId %q is neither a customer ID nor a domain", customerID)
		}
		return nil, errForbidden() // as for another's customer (authz.go)
	}
	if e := w.authorize(a, t, roles.LicensingReadName, nil); e != nil {
		return nil, e
	}
	if skuID != "" && !w.knownSKU(product, skuID) {
		return nil, errf(400, "invalid", "Invalid Input: SKU or product does not exist: %s/%s", product, skuID)
	}
	var items []*license
	for _, l := range t.licenses[product] {
		if skuID == "" || l.sku == skuID {
			items = append(items, l)
		}
	}
	key := func(l *license) string { return w.users[l.userID].email + "\x00" + l.userID }
	slices.SortFunc(items, func(x, y *license) int { return strings.Compare(key(x), key(y)) })
	qh := queryHash("licenses", t.id, product, skuID)
	page, next, e := paginate(items, key, false, pageToken, pageSize(maxResults, 100, 1000, w.pageCap), qh)
	if e != nil {
		return nil, e
	}
	out := &licensingapi.LicenseAssignmentList{Kind: "licensing#licenseAssignmentList", NextPageToken: next}
	out.Items, out.Etag = wirePage("licenses", page, next, w.toLicense, func(l *licensingapi.LicenseAssignment) string { return l.Etags })
	return out, nil
}

// feedSeats sets the seats of a catalogue SKU on customer tenant t from its
// Reseller API subscriptions of the SKU (rules L4, S4): the sum of their
// licensed seats (numberOfSeats on annual plans, maximumNumberOfSeats on
// flexible and trial plans). A SKU whose seats were set otherwise (a
// seed's skus, [World.SetSeats]) keeps them. A SKU no subscription gives
// and no seat was set for is left absent. w.mu must be held.
func (w *World) feedSeats(t *tenant, skuID string) {
	product := catalogProduct(skuID)
	if product == "" || t.cust == nil {
		return
	}
	k := skuKey{product, skuID}
	s := t.skus[k]
	if s != nil && !s.fromSubs {
		return
	}
	var total int64
	n := 0
	for _, sub := range t.cust.subs {
		if sub.sku == skuID {
			total += sub.licensedSeats()
			n++
		}
	}
	if s == nil {
		if n == 0 {
			return
		}
		if err := w.setSKU(t, SKUSeed{ProductID: product, SKUID: skuID}); err != nil {
			return // cannot happen: product and SKU are set
		}
		s = t.skus[k]
		s.fromSubs = true
	}
	s.seats = int(total)
}
