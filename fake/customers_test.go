package fake_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	admin "google.golang.org/api/admin/directory/v1"
	reseller "google.golang.org/api/reseller/v1"

	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/fake/faketest"
)

// TestDirectoryCustomers: directory.customers.get, patch and update on
// my_customer and by ID, a reseller admin on a customer it administers,
// and the errors of a customer the caller may not act on.
func TestDirectoryCustomers(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()
	svc := e.dir(alderAdmin)
	c, err := svc.Customers.Get("my_customer").Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	want := &admin.Customer{Kind: "admin#directory#customer", Id: fake.DemoAlderCustomerID, CustomerDomain: fake.DemoAlderDomain,
		Language: "en", CustomerCreationTime: "2026-01-05T09:00:00.000Z"}
	if diff := cmp.Diff(want, c, cmpGroup); diff != "" {
		t.Errorf("customers.get mismatch (-want +got):\n%s", diff)
	}
	p, err := svc.Customers.Patch(fake.DemoAlderCustomerID, &admin.Customer{AlternateEmail: "ops@elsewhere.example",
		PhoneNumber: "+1 555 0100", PostalAddress: &admin.CustomerPostalAddress{AddressLine1: "1 Main St", CountryCode: "US"}}).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	u, err := svc.Customers.Update("my_customer", &admin.Customer{Language: "en-GB", CustomerDomain: fake.DemoAlderEUDomain,
		PostalAddress: &admin.CustomerPostalAddress{Locality: "Springfield"}}).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	want = &admin.Customer{Kind: "admin#directory#customer", Id: fake.DemoAlderCustomerID, CustomerDomain: fake.DemoAlderEUDomain,
		AlternateEmail: "ops@elsewhere.example", PhoneNumber: "+1 555 0100", Language: "en-GB", CustomerCreationTime: c.CustomerCreationTime,
		PostalAddress: &admin.CustomerPostalAddress{AddressLine1: "1 Main St", CountryCode: "US", Locality: "Springfield"}}
	if diff := cmp.Diff(want, u, cmpGroup); diff != "" {
		t.Errorf("after patch and update (-want +got):\n%s", diff)
	}
	if p.Etag == c.Etag || u.Etag == p.Etag {
		t.Errorf("the ETag did not change on write")
	}
	// The new primary domain is the domains' too.
	if d, err := svc.Domains.Get("my_customer", fake.DemoAlderEUDomain).Context(ctx).Do(); err != nil || !d.IsPrimary {
		t.Errorf("domains.get %s after customerDomain changed: %v, %v", fake.DemoAlderEUDomain, d, err)
	}
	// A reseller admin reads and changes a customer it administers, and
	// the contact is the Reseller API's customer's.
	acme, err := e.w.CustomerID("acme-corp.example")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Customers.Patch(acme, &admin.Customer{PhoneNumber: "+44 20 7946 0000"}).Context(ctx).Do(); err != nil {
		t.Fatal(err)
	}
	rc, err := e.res(alderAdmin).Customers.Get(acme).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	if rc.PhoneNumber != "+44 20 7946 0000" {
		t.Errorf("the Reseller API's customer phone = %q, want the Directory's", rc.PhoneNumber)
	}
	for _, tc := range []struct {
		name   string
		err    error
		status int
		reason string
	}{
		{"other tenant", func() error {
			_, err := e.dir(birchAdmin).Customers.Get(fake.DemoAlderCustomerID).Context(ctx).Do()
			return err
		}(), 403, "forbidden"},
		{"unknown", func() error { _, err := svc.Customers.Get("C0nosuch00").Context(ctx).Do(); return err }(), 403, "forbidden"},
		{"not an ID", func() error { _, err := svc.Customers.Get(fake.DemoAlderDomain).Context(ctx).Do(); return err }(), 400, "badRequest"},
		{"no admin role", func() error { _, err := e.dir(gus).Customers.Get("my_customer").Context(ctx).Do(); return err }(), 403, "forbidden"},
		{"delegated admin patch", func() error {
			_, err := e.dir(ana).Customers.Patch("my_customer", &admin.Customer{Language: "de"}).Context(ctx).Do()
			return err
		}(), 403, "forbidden"},
		{"alternate email on own domain", func() error {
			_, err := svc.Customers.Patch("my_customer", &admin.Customer{AlternateEmail: "x@" + fake.DemoAlderDomain}).Context(ctx).Do()
			return err
		}(), 400, "invalid"},
		{"unverified primary", func() error {
			_, err := svc.Customers.Patch("my_customer", &admin.Customer{CustomerDomain: fake.DemoAlderLabsDomain}).Context(ctx).Do()
			return err
		}(), 412, "conditionNotMet"},
		{"foreign primary", func() error {
			_, err := svc.Customers.Patch("my_customer", &admin.Customer{CustomerDomain: fake.DemoBirchDomain}).Context(ctx).Do()
			return err
		}(), 400, "invalid"},
		{"bad language", func() error {
			_, err := svc.Customers.Patch("my_customer", &admin.Customer{Language: "not a language"}).Context(ctx).Do()
			return err
		}(), 400, "invalid"},
	} {
		t.Run(tc.name, func(t *testing.T) { wantErr(t, tc.err, tc.status, tc.reason) })
	}
	// ana, a delegated admin, may read it.
	if _, err := e.dir(ana).Customers.Get("my_customer").Context(ctx).Do(); err != nil {
		t.Errorf("customers.get as a delegated admin: %v", err)
	}
}

// TestDirectoryCustomerSeed: a seed gives a tenant's language and contact,
// which customers.get answers; a customer tenant's contact is in its
// Customer entry, not in Contact.
func TestDirectoryCustomerSeed(t *testing.T) {
	t.Parallel()
	seed := fake.DemoSeed()
	seed.Tenants[0].Language = "fr"
	seed.Tenants[0].Contact = &fake.ContactSeed{AlternateEmail: "ops@elsewhere.example", Phone: "+33 1 00 00 00 00",
		PostalAddress: &reseller.Address{Locality: "Paris", CountryCode: "FR"}}
	w, err := fake.NewWorld(seed)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, w: w, s: faketest.NewServer(t, w)}
	c, err := e.dir(alderAdmin).Customers.Get("my_customer").Context(t.Context()).Do()
	if err != nil {
		t.Fatal(err)
	}
	if c.Language != "fr" || c.AlternateEmail != "ops@elsewhere.example" || c.PhoneNumber != "+33 1 00 00 00 00" ||
		c.PostalAddress == nil || c.PostalAddress.Locality != "Paris" {
		t.Errorf("customers.get = %+v", c)
	}
	bad := fake.DemoSeed()
	for i := range bad.Tenants {
		if bad.Tenants[i].Customer != nil {
			bad.Tenants[i].Contact = &fake.ContactSeed{Phone: "1"}
			break
		}
	}
	if _, err := fake.NewWorld(bad); err == nil || !strings.Contains(err.Error(), "contact") {
		t.Errorf("a customer tenant with a contact: %v, want an error naming contact", err)
	}
}
