package fake_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/api/googleapi"
	licensing "google.golang.org/api/licensing/v1"
	reseller "google.golang.org/api/reseller/v1"

	"github.com/resellerkit/resellerkit/fake"
	rklicensing "github.com/resellerkit/resellerkit/licensing"
)

const (
	ciFree = string(rklicensing.ProductCloudIdentityFree)
	ciSKU  = string(rklicensing.SKUCloudIdentityFree)
)

func TestLicenses(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	svc := e.lic(alderAdmin)
	ctx := t.Context()

	la, err := svc.LicenseAssignments.Get(ciFree, ciSKU, ana).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{ciFree, ciSKU, ana, "Cloud Identity Free", "licensing#licenseAssignment"}
	if diff := cmp.Diff(want, []string{la.ProductId, la.SkuId, la.UserId, la.SkuName, la.Kind}); diff != "" {
		t.Errorf("licenseAssignments.get mismatch (-want +got):\n%s", diff)
	}
	if _, err := svc.LicenseAssignments.Get(ciFree, ciSKU, ana).IfNoneMatch(la.Etags).Do(); !googleapi.IsNotModified(err) {
		t.Errorf("get with If-None-Match = %v, want 304", err)
	}

	ins, err := svc.LicenseAssignments.Insert(ciFree, ciSKU, &licensing.LicenseAssignmentInsert{UserId: alderAdmin}).Do()
	if err != nil || ins.UserId != alderAdmin {
		t.Fatalf("insert = %+v, %v", ins, err)
	}
	if a, n := seats(t, e.w, fake.DemoAlderCustomerID, ciFree, ciSKU); a != 8 || n != 50 {
		t.Errorf("seats %d/%d, want 8/50", a, n)
	}

	t.Run("L2: the same license again is 412", func(t *testing.T) {
		_, err := svc.LicenseAssignments.Insert(ciFree, ciSKU, &licensing.LicenseAssignmentInsert{UserId: ana}).Do()
		ge := wantErr(t, err, 412, "conditionNotMet")
		if ge.Message != "User already has a license for the specified product and SKU" {
			t.Errorf("message %q", ge.Message)
		}
	})

	t.Run("S4: no free seat, boundary", func(t *testing.T) {
		if err := e.w.SetSeats(fake.DemoBirchCustomerID, ciFree, ciSKU, 3); err != nil {
			t.Fatal(err)
		}
		bs := e.lic(birchAdmin)
		// hana and ivan hold 2 of 3: the last free seat goes to the admin.
		if _, err := bs.LicenseAssignments.Insert(ciFree, ciSKU, &licensing.LicenseAssignmentInsert{UserId: birchAdmin}).Do(); err != nil {
			t.Fatalf("the last free seat: %v", err)
		}
		if _, err := e.w.AddUser(fake.DemoBirchCustomerID, fake.UserSeed{Email: "new@" + fake.DemoBirchDomain}); err != nil {
			t.Fatal(err)
		}
		_, err := bs.LicenseAssignments.Insert(ciFree, ciSKU, &licensing.LicenseAssignmentInsert{UserId: "new@" + fake.DemoBirchDomain}).Do()
		ge := wantErr(t, err, 412, "conditionNotMet")
		if ge.Message != "There aren't enough available licenses for the specified product-SKU pair" {
			t.Errorf("message %q", ge.Message)
		}
	})

	t.Run("L1: one SKU per product; update switches SKU", func(t *testing.T) {
		ws := string(rklicensing.ProductGoogleWorkspace)
		if err := e.w.SetSeats(fake.DemoAlderCustomerID, ws, string(rklicensing.SKUBusinessStarter), 5); err != nil {
			t.Fatal(err)
		}
		if err := e.w.SetSeats(fake.DemoAlderCustomerID, ws, string(rklicensing.SKUBusinessStandard), 1); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.LicenseAssignments.Insert(ws, string(rklicensing.SKUBusinessStarter), &licensing.LicenseAssignmentInsert{UserId: ben}).Do(); err != nil {
			t.Fatal(err)
		}
		_, err := svc.LicenseAssignments.Insert(ws, string(rklicensing.SKUBusinessStandard), &licensing.LicenseAssignmentInsert{UserId: ben}).Do()
		ge := wantErr(t, err, 412, "conditionNotMet")
		if !strings.HasPrefix(ge.Message, "User already has a license of the product, but with a different SKU") {
			t.Errorf("message %q", ge.Message)
		}
		up, err := svc.LicenseAssignments.Update(ws, string(rklicensing.SKUBusinessStarter), ben, &licensing.LicenseAssignment{ProductId: ws, SkuId: string(rklicensing.SKUBusinessStandard), UserId: ben}).Do()
		if err != nil || up.SkuId != string(rklicensing.SKUBusinessStandard) {
			t.Fatalf("update = %+v, %v", up, err)
		}
		if a, _ := seats(t, e.w, fake.DemoAlderCustomerID, ws, string(rklicensing.SKUBusinessStarter)); a != 0 {
			t.Errorf("starter seats still assigned: %d", a)
		}
		_, err = svc.LicenseAssignments.Get(ws, string(rklicensing.SKUBusinessStarter), ben).Do()
		wantErr(t, err, 404, "notFound")
		// Standard has 1 seat, now used: a patch back to it from another user fails.
		if _, err := svc.LicenseAssignments.Insert(ws, string(rklicensing.SKUBusinessStarter), &licensing.LicenseAssignmentInsert{UserId: gus}).Do(); err != nil {
			t.Fatal(err)
		}
		_, err = svc.LicenseAssignments.Patch(ws, string(rklicensing.SKUBusinessStarter), gus, &licensing.LicenseAssignment{SkuId: string(rklicensing.SKUBusinessStandard)}).Do()
		wantErr(t, err, 412, "conditionNotMet")
		_, err = svc.LicenseAssignments.Patch(ws, string(rklicensing.SKUBusinessStarter), gus, &licensing.LicenseAssignment{SkuId: string(rklicensing.SKUBusinessStarter)}).Do()
		wantErr(t, err, 412, "conditionNotMet")
	})

	errs := []struct {
		name   string
		call   func() error
		status int
		reason string
	}{
		{"get for no such user", func() error {
			_, err := svc.LicenseAssignments.Get(ciFree, ciSKU, "nobody@"+fake.DemoAlderDomain).Do()
			return err
		}, 400, "invalid"},
		{"get for a user on no domain of the caller's, as for another tenant's", func() error {
			_, err := svc.LicenseAssignments.Get(ciFree, ciSKU, "admin@"+fake.DemoAlderDomain+"x").Do()
			return err
		}, 403, "forbidden"},
		{"get a license the user lacks", func() error {
			_, err := svc.LicenseAssignments.Get(string(rklicensing.ProductCloudIdentityPremium), string(rklicensing.SKUCloudIdentityPremium), ana).Do()
			return err
		}, 404, "notFound"},
		{"unknown product", func() error {
			_, err := svc.LicenseAssignments.Insert("nope", "nope", &licensing.LicenseAssignmentInsert{UserId: ana}).Do()
			return err
		}, 400, "invalid"},
		{"unknown user", func() error {
			_, err := svc.LicenseAssignments.Insert(ciFree, ciSKU, &licensing.LicenseAssignmentInsert{UserId: "nobody@" + fake.DemoAlderDomain}).Do()
			return err
		}, 400, "invalid"},
		{"missing userId", func() error {
			_, err := svc.LicenseAssignments.Insert(ciFree, ciSKU, &licensing.LicenseAssignmentInsert{}).Do()
			return err
		}, 400, "required"},
		{"delete a license the user lacks", func() error {
			_, err := svc.LicenseAssignments.Delete(string(rklicensing.ProductCloudIdentityPremium), string(rklicensing.SKUCloudIdentityPremium), ana).Do()
			return err
		}, 404, "notFound"},
		{"patch a license the user lacks", func() error {
			_, err := svc.LicenseAssignments.Patch(string(rklicensing.ProductCloudIdentityPremium), string(rklicensing.SKUCloudIdentityPremium), ana, &licensing.LicenseAssignment{SkuId: ciSKU}).Do()
			return err
		}, 404, "notFound"},
		{"patch across products", func() error {
			_, err := svc.LicenseAssignments.Patch(ciFree, ciSKU, ana, &licensing.LicenseAssignment{ProductId: string(rklicensing.ProductGoogleWorkspace), SkuId: string(rklicensing.SKUBusinessStarter)}).Do()
			return err
		}, 412, "conditionNotMet"},
		{"user of another tenant", func() error { _, err := svc.LicenseAssignments.Get(ciFree, ciSKU, birchAdmin).Do(); return err }, 403, "forbidden"},
		{"caller without LICENSING", func() error {
			_, err := e.lic(ana).LicenseAssignments.Insert(ciFree, ciSKU, &licensing.LicenseAssignmentInsert{UserId: gus}).Do()
			return err
		}, 403, "forbidden"},
		{"list of another tenant", func() error {
			_, err := svc.LicenseAssignments.ListForProduct(ciFree, fake.DemoBirchCustomerID).Do()
			return err
		}, 403, "forbidden"},
		{"list with my_customer", func() error {
			_, err := svc.LicenseAssignments.ListForProduct(ciFree, "my_customer").Do()
			return err
		}, 400, "badRequest"},
		{"list without customerId", func() error {
			_, err := svc.LicenseAssignments.ListForProduct(ciFree, "").Do()
			return err
		}, 400, "required"},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) { wantErr(t, tc.call(), tc.status, tc.reason) })
	}

	t.Run("list by product and by SKU, paged, by customer ID or domain", func(t *testing.T) {
		for _, cust := range []string{fake.DemoAlderCustomerID, fake.DemoAlderDomain, fake.DemoAlderEUDomain} {
			var got []string
			err := svc.LicenseAssignments.ListForProductAndSku(ciFree, ciSKU, cust).MaxResults(3).Pages(ctx, func(p *licensing.LicenseAssignmentList) error {
				if len(p.Items) > 3 {
					t.Errorf("page of %d", len(p.Items))
				}
				for _, l := range p.Items {
					got = append(got, l.UserId)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 8 || !slices.IsSorted(got) {
				t.Errorf("%s: %v, want 8 users sorted", cust, got)
			}
		}
		p, err := svc.LicenseAssignments.ListForProduct(string(rklicensing.ProductGoogleWorkspace), fake.DemoAlderCustomerID).Do()
		if err != nil || len(p.Items) != 2 {
			t.Errorf("listForProduct Google-Apps = %v, %v; want ben and gus", p, err)
		}
		if _, err := svc.LicenseAssignments.ListForProduct(string(rklicensing.ProductGoogleWorkspace), fake.DemoAlderCustomerID).IfNoneMatch(p.Etag).Do(); !googleapi.IsNotModified(err) {
			t.Errorf("list If-None-Match = %v, want 304", err)
		}
	})
	t.Run("delete frees the seat", func(t *testing.T) {
		if _, err := svc.LicenseAssignments.Delete(ciFree, ciSKU, alderAdmin).Do(); err != nil {
			t.Fatal(err)
		}
		if a, _ := seats(t, e.w, fake.DemoAlderCustomerID, ciFree, ciSKU); a != 7 {
			t.Errorf("assigned %d, want 7", a)
		}
	})
}

func TestResellerCustomers(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	svc := e.res(alderAdmin)
	for _, key := range []string{"C03c00001", "acme-corp.example"} {
		c, err := svc.Customers.Get(key).Context(t.Context()).Do()
		if err != nil {
			t.Fatalf("customers.get %s: %v", key, err)
		}
		got := []any{c.CustomerId, c.CustomerDomain, c.CustomerDomainVerified, c.CustomerType, c.Kind}
		if diff := cmp.Diff([]any{"C03c00001", "acme-corp.example", true, "domain", "reseller#customer"}, got); diff != "" {
			t.Errorf("customers.get %s mismatch (-want +got):\n%s", key, diff)
		}
	}
	tests := []struct {
		name   string
		as     string
		key    string
		status int
		reason string
	}{
		{"D5: revoked reseller access", alderAdmin, "dunmore-legal.example", 403, "forbidden"},
		{"a customer of another reseller", alderAdmin, "quartz-mining.example", 403, "forbidden"},
		{"a reseller account itself", alderAdmin, fake.DemoBirchDomain, 403, "forbidden"},
		{"unknown", alderAdmin, "never-heard.example", 404, "notFound"},
		{"caller without View Customers", gus, "acme-corp.example", 403, "forbidden"},
		{"caller of a customer tenant", "admin@acme-corp.example", "acme-corp.example", 403, "forbidden"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.res(tc.as).Customers.Get(tc.key).Do()
			wantErr(t, err, tc.status, tc.reason)
		})
	}
	t.Run("transfer and access changes", func(t *testing.T) {
		if err := e.w.Transfer("quartz-mining.example", fake.DemoAlderDomain); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Customers.Get("quartz-mining.example").Do(); err != nil {
			t.Errorf("after transfer in: %v", err)
		}
		if err := e.w.SetResellerAccess("quartz-mining.example", false); err != nil {
			t.Fatal(err)
		}
		_, err := svc.Customers.Get("quartz-mining.example").Do()
		wantErr(t, err, 403, "forbidden")
	})
}

func TestResellerSubscriptions(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	domainsOf := func(as string, call func(*reseller.Service) *reseller.SubscriptionsListCall) ([]string, int) {
		t.Helper()
		var got []string
		pages := 0
		err := call(e.res(as)).Pages(t.Context(), func(p *reseller.Subscriptions) error {
			pages++
			for _, s := range p.Subscriptions {
				got = append(got, s.CustomerDomain)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return got, pages
	}
	// D1: the listing follows the caller's sign-in domain.
	primary, pages := domainsOf(alderAdmin, func(s *reseller.Service) *reseller.SubscriptionsListCall { return s.Subscriptions.List().MaxResults(4) })
	if len(primary) != 10 || pages != 3 || !slices.IsSorted(primary) || !slices.Contains(primary, "dunmore-legal.example") {
		t.Errorf("alder-reseller.example customers = %v in %d pages, want 10 sorted in 3, revoked included (D5)", primary, pages)
	}
	eu, _ := domainsOf(cara, func(s *reseller.Service) *reseller.SubscriptionsListCall { return s.Subscriptions.List() })
	if len(eu) != 6 || slices.Contains(eu, "acme-corp.example") {
		t.Errorf("alder-eu.example customers = %v, want the 6 EU ones", eu)
	}
	birch, _ := domainsOf(birchAdmin, func(s *reseller.Service) *reseller.SubscriptionsListCall { return s.Subscriptions.List() })
	if len(birch) != 8 {
		t.Errorf("birch customers = %v, want 8", birch)
	}
	one, _ := domainsOf(alderAdmin, func(s *reseller.Service) *reseller.SubscriptionsListCall {
		return s.Subscriptions.List().CustomerId("C03c00002")
	})
	if diff := cmp.Diff([]string{"bluebird-travel.example"}, one); diff != "" {
		t.Errorf("customerId filter mismatch (-want +got):\n%s", diff)
	}
	pre, _ := domainsOf(alderAdmin, func(s *reseller.Service) *reseller.SubscriptionsListCall {
		return s.Subscriptions.List().CustomerNamePrefix("c")
	})
	if diff := cmp.Diff([]string{"cedar-health.example"}, pre); diff != "" {
		t.Errorf("customerNamePrefix filter mismatch (-want +got):\n%s", diff)
	}
	p, err := e.res(alderAdmin).Subscriptions.List().Do()
	if err != nil {
		t.Fatal(err)
	}
	s := p.Subscriptions[0]
	if s.SkuId == "" || s.Seats == nil || s.Seats.NumberOfSeats == 0 || s.Plan == nil || s.Status != "ACTIVE" || s.Kind != "reseller#subscription" {
		t.Errorf("subscription = %+v", s)
	}
	t.Run("transfer moves the customer to the new domain's listing", func(t *testing.T) {
		if err := e.w.Transfer("acme-corp.example", fake.DemoAlderEUDomain); err != nil {
			t.Fatal(err)
		}
		eu, _ := domainsOf(cara, func(s *reseller.Service) *reseller.SubscriptionsListCall { return s.Subscriptions.List() })
		if !slices.Contains(eu, "acme-corp.example") {
			t.Errorf("after transfer, EU listing = %v", eu)
		}
	})
	t.Run("errors", func(t *testing.T) {
		_, err := e.res(gus).Subscriptions.List().Do()
		wantErr(t, err, 403, "forbidden")
		_, err = e.res(alderAdmin).Subscriptions.List().CustomerAuthToken("abc").Do()
		wantErr(t, err, 400, "invalid")
		_, err = e.res(alderAdmin).Subscriptions.List().PageToken("zzz").Do()
		wantErr(t, err, 400, "invalid")
	})
}
