package fake

import (
	"net/http"
	"strings"

	admin "google.golang.org/api/admin/directory/v1"

	"github.com/resellerkit/resellerkit/domains"
)

// The Directory API's customer resource (directory.customers.get, patch,
// update): a tenant's primary domain, contact and language. For a customer
// tenant of a reseller, the alternate email, phone number and postal
// address are the same record the Reseller API's customers carry.

// routeCustomers registers directory.customers.get, patch and update.
func (s *Server) routeCustomers(mux *http.ServeMux) {
	w := s.world
	const path = directoryPath + "customers/{customerKey}"
	s.handle(mux, "GET "+path, "directory.customers.get", func(r *http.Request, as string) (any, *apiError) {
		return nilIfErr(w.getDirCustomer(as, r.PathValue("customerKey")))
	})
	s.handle(mux, "PATCH "+path, "directory.customers.patch", withBody(func(r *http.Request, as string, in *admin.Customer) (*admin.Customer, *apiError) {
		return w.changeDirCustomer("directory.customers.patch", as, r.PathValue("customerKey"), in)
	}))
	s.handle(mux, "PUT "+path, "directory.customers.update", withBody(func(r *http.Request, as string, in *admin.Customer) (*admin.Customer, *apiError) {
		return w.changeDirCustomer("directory.customers.update", as, r.PathValue("customerKey"), in)
	}))
}

// defaultLanguage is a tenant's language until one is set.
const defaultLanguage = "en"

// contactOf returns where t's alternate email, phone number and postal
// address live: in cust for a Reseller customer, else in t.contact.
func contactOf(t *tenant) (alt, phone *string, postal **postalAddress) {
	if t.cust != nil {
		return &t.cust.alternateEmail, &t.cust.phone, &t.cust.postal
	}
	return &t.contact.alternateEmail, &t.contact.phone, &t.contact.postal
}

// toDirCustomer renders t as the Directory API's Customer.
func toDirCustomer(t *tenant) *admin.Customer {
	alt, phone, postal := contactOf(t)
	lang := t.language
	if lang == "" {
		lang = defaultLanguage
	}
	return &admin.Customer{
		Kind:                 "admin#directory#customer",
		Id:                   t.id,
		Etag:                 etag("customer", t.id, t.rev),
		CustomerDomain:       t.primary().name,
		AlternateEmail:       *alt,
		PhoneNumber:          *phone,
		Language:             lang,
		PostalAddress:        dirAddress(*postal),
		CustomerCreationTime: fmtTime(t.created),
	}
}

// dirCustomerTenant resolves a customerKey (my_customer or a customer ID) as
// the customer parameter of other methods is resolved: a customer the
// caller may not act on answers 403 whether or not it exists.
func (w *World) dirCustomerTenant(as, key string) (*user, *tenant, *apiError) {
	a, e := w.actor(as)
	if e != nil {
		return nil, nil, e
	}
	t, e := w.customerParam(a, key)
	if e != nil {
		return nil, nil, e
	}
	return a, t, nil
}

// getDirCustomer is directory.customers.get. Any admin of the tenant may read
// it (a super admin or a delegated admin), or a reseller admin
// administering it; a user holding no admin role answers 403.
func (w *World) getDirCustomer(as, key string) (*admin.Customer, *apiError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	a, t, e := w.dirCustomerTenant(as, key)
	if e != nil {
		return nil, e
	}
	if a.t == t {
		if g := w.grantsOf(a); !g.super && !g.delegated {
			return nil, errForbidden()
		}
	}
	return toDirCustomer(t), nil
}

// changeDirCustomer is directory.customers.patch and directory.customers.update
// (served with patch semantics, as users.update is): alternateEmail (not on
// a domain of the tenant, as Google documents: "This email address cannot
// be on the same domain as the customerDomain"), phoneNumber, language,
// postalAddress, and customerDomain, which makes one of the tenant's
// verified secondary domains its primary domain. Only super admins (or a
// reseller admin administering the tenant) may change it.
func (w *World) changeDirCustomer(method, as, key string, in *admin.Customer) (*admin.Customer, *apiError) {
	w.mu.Lock()
	defer w.mu.Unlock()
	a, t, e := w.dirCustomerTenant(as, key)
	if e != nil {
		return nil, e
	}
	if e := w.mayActAsSuperAdmin(a, t); e != nil {
		return nil, e
	}
	f, nf := in.ForceSendFields, in.NullFields
	// Validate everything before changing anything.
	var newPrimary *domain
	if in.CustomerDomain != "" && normDomain(in.CustomerDomain) != t.primary().name {
		d := t.domainNamed(normDomain(in.CustomerDomain))
		switch {
		case d == nil:
			return nil, errInvalid("customerDomain %q is not a domain of this account; add and verify it first", in.CustomerDomain)
		case !d.verified:
			return nil, errConditionNotMet("Domain %s is not verified. Verify the domain before making it the primary domain.", d.name)
		}
		newPrimary = d
	}
	altSent := present(in.AlternateEmail != "", "AlternateEmail", f, nf)
	if altSent && in.AlternateEmail != "" {
		alt := normEmail(in.AlternateEmail)
		if _, err := domains.NormalizeEmail(in.AlternateEmail); err != nil {
			return nil, errInvalid("alternateEmail %q is not a valid email address", in.AlternateEmail)
		}
		if w.tenantOfDomain(domainOf(alt)) == t {
			return nil, errInvalid("alternateEmail %s is on a domain of this account; the alternate email must be outside it", in.AlternateEmail)
		}
	}
	if present(in.Language != "", "Language", f, nf) && in.Language != "" && !validLanguage(in.Language) {
		return nil, errInvalid("language %q is not a language code such as en or en-GB", in.Language)
	}
	// Apply.
	alt, phone, postal := contactOf(t)
	if altSent {
		*alt = normEmailOrEmpty(in.AlternateEmail)
	}
	if present(in.PhoneNumber != "", "PhoneNumber", f, nf) {
		*phone = in.PhoneNumber
	}
	if present(in.Language != "", "Language", f, nf) {
		t.language = in.Language
	}
	if present(in.PostalAddress != nil, "PostalAddress", f, nf) {
		*postal = patchAddress(*postal, in.PostalAddress)
	}
	if newPrimary != nil {
		old := t.primary()
		i := 0
		for j, d := range t.domains {
			if d == newPrimary {
				i = j
			}
		}
		t.domains[0], t.domains[i] = newPrimary, old
		old.primary, newPrimary.primary = false, true
		old.rev, newPrimary.rev = w.nextRev(), w.nextRev()
	}
	t.rev = w.nextRev()
	if t.cust != nil {
		t.cust.rev = w.nextRev()
	}
	if e := w.answerLost(method); e != nil {
		return nil, e
	}
	return toDirCustomer(t), nil
}

func normEmailOrEmpty(s string) string {
	if s == "" {
		return ""
	}
	return normEmail(s)
}

// validLanguage accepts the shape of Google's language codes ("en",
// "en-GB", "zh-Hant"): letters, with hyphen-separated subtags.
func validLanguage(s string) bool {
	for i, part := range strings.Split(s, "-") {
		if part == "" || len(part) > 8 || (i == 0 && len(part) < 2) {
			return false
		}
		for _, c := range part {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
				return false
			}
		}
	}
	return true
}

// dirAddress renders a postal address as the Directory API's (nil: none).
func dirAddress(p *postalAddress) *admin.CustomerPostalAddress {
	if p == nil {
		return nil
	}
	return &admin.CustomerPostalAddress{AddressLine1: p.AddressLine1, AddressLine2: p.AddressLine2, AddressLine3: p.AddressLine3,
		ContactName: p.ContactName, CountryCode: p.CountryCode, Locality: p.Locality, OrganizationName: p.OrganizationName,
		PostalCode: p.PostalCode, Region: p.Region}
}

// patchAddress applies the members of a Directory postal address that were
// sent to old (a copy; old is not changed). A null address removes it.
func patchAddress(old *postalAddress, in *admin.CustomerPostalAddress) *postalAddress {
	if in == nil {
		return nil
	}
	p := &postalAddress{}
	if old != nil {
		c := *old
		p = &c
	}
	p.ForceSendFields, p.NullFields = nil, nil
	f, nf := in.ForceSendFields, in.NullFields
	for _, m := range []struct {
		field string
		src   string
		dst   *string
	}{
		{"AddressLine1", in.AddressLine1, &p.AddressLine1},
		{"AddressLine2", in.AddressLine2, &p.AddressLine2},
		{"AddressLine3", in.AddressLine3, &p.AddressLine3},
		{"ContactName", in.ContactName, &p.ContactName},
		{"CountryCode", in.CountryCode, &p.CountryCode},
		{"Locality", in.Locality, &p.Locality},
		{"OrganizationName", in.OrganizationName, &p.OrganizationName},
		{"PostalCode", in.PostalCode, &p.PostalCode},
		{"Region", in.Region, &p.Region},
	} {
		if present(m.src != "", m.field, f, nf) {
			*m.dst = m.src
		}
	}
	return p
}
