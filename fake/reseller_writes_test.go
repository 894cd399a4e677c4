package fake_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	admin "google.golang.org/api/admin/directory/v1"
	licensingapi "google.golang.org/api/licensing/v1"
	reseller "google.golang.org/api/reseller/v1"

	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/licensing"
)

// Demo customers the Reseller API tests write to.
const (
	acmeDomain     = "acme-corp.example"       // Alder's, Business Starter ANNUAL 10
	bluebirdDomain = "bluebird-travel.example" // Alder's, Business Standard FLEXIBLE 15
	dunmoreDomain  = "dunmore-legal.example"   // Alder's, reseller access revoked (D5)
	quartzDomain   = "quartz-mining.example"   // Birch's
)

func newCustomer(domain string) *reseller.Customer {
	return &reseller.Customer{CustomerDomain: domain, AlternateEmail: "boss@newco-mail.example", PhoneNumber: "+1 650-253-0000",
		PostalAddress: &reseller.Address{ContactName: "Nia Boss", OrganizationName: "NewCo", CountryCode: "US", PostalCode: "94043",
			Locality: "Mountain View", Region: "CA", AddressLine1: "1600 Amphitheatre Pkwy"}}
}

// TestResellerCustomersInsert: customers.insert orders a customer on a
// domain new to Google, assigned to the caller's sign-in domain (rule D1)
// and answered with its postalAddress; a domain Google already has answers
// 409, and bad input 400 as the Reseller API documents.
func TestResellerCustomersInsert(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()
	res := e.res(alderAdmin)
	c, err := res.Customers.Insert(newCustomer("NewCo.example")).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	want := &reseller.Customer{Kind: "reseller#customer", CustomerId: c.CustomerId, CustomerDomain: "newco.example",
		CustomerType: "domain", AlternateEmail: "boss@newco-mail.example", PhoneNumber: "+1 650-253-0000",
		ResourceUiUrl: "https://admin.google.com/ac/home?customer=" + c.CustomerId,
		PostalAddress: &reseller.Address{Kind: "customers#address", ContactName: "Nia Boss", OrganizationName: "NewCo",
			CountryCode: "US", PostalCode: "94043", Locality: "Mountain View", Region: "CA", AddressLine1: "1600 Amphitheatre Pkwy"}}
	ignore := cmpopts.IgnoreFields(reseller.Customer{}, "ServerResponse")
	if diff := cmp.Diff(want, c, ignore); diff != "" {
		t.Errorf("customers.insert mismatch (-want +got):\n%s", diff)
	}
	got, err := res.Customers.Get("newco.example").Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, ignore); diff != "" {
		t.Errorf("customers.get mismatch (-want +got):\n%s", diff)
	}
	if cs := tenantOf(t, e.w, "newco.example").Customer; cs == nil || cs.ResellerDomain != fake.DemoAlderDomain {
		t.Errorf("the new customer is assigned to %+v, want %s (rule D1)", cs, fake.DemoAlderDomain)
	}
	// An invalid phone number is ignored, as the field's description says.
	bad := newCustomer("other.example")
	bad.PhoneNumber = "123"
	if c, err := res.Customers.Insert(bad).Context(ctx).Do(); err != nil || c.PhoneNumber != "" {
		t.Errorf("insert with phone 123 = %+v, %v; want the phone dropped", c, err)
	}

	tests := []struct {
		name   string
		as     string
		edit   func(c *reseller.Customer)
		call   func(c *reseller.CustomersInsertCall) *reseller.CustomersInsertCall
		status int
		reason string
	}{
		{name: "already a customer", edit: func(c *reseller.Customer) { c.CustomerDomain = "newco.example" }, status: 409, reason: "conflict"},
		{name: "another reseller's customer", edit: func(c *reseller.Customer) { c.CustomerDomain = quartzDomain }, status: 409, reason: "conflict"},
		{name: "a reseller's own domain", edit: func(c *reseller.Customer) { c.CustomerDomain = fake.DemoAlderEUDomain }, status: 409, reason: "conflict"},
		{name: "alternate email on the domain", edit: func(c *reseller.Customer) { c.AlternateEmail = "it@fresh.example" }, status: 400, reason: "invalid"},
		{name: "no domain", edit: func(c *reseller.Customer) { c.CustomerDomain = "" }, status: 400, reason: "required"},
		{name: "no alternate email", edit: func(c *reseller.Customer) { c.AlternateEmail = "" }, status: 400, reason: "required"},
		{name: "no address", edit: func(c *reseller.Customer) { c.PostalAddress = nil }, status: 400, reason: "required"},
		{name: "no postal code", edit: func(c *reseller.Customer) { c.PostalAddress.PostalCode = "" }, status: 400, reason: "required"},
		{name: "bad country", edit: func(c *reseller.Customer) { c.PostalAddress.CountryCode = "USA" }, status: 400, reason: "invalid"},
		{name: "team customer", edit: func(c *reseller.Customer) { c.CustomerType = "team" }, status: 400, reason: "invalid"},
		{name: "transfer token", call: func(c *reseller.CustomersInsertCall) *reseller.CustomersInsertCall {
			return c.CustomerAuthToken("abc123")
		}, status: 400, reason: "invalid"},
		{name: "no Add Customers privilege", as: ben, status: 403, reason: "forbidden"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := newCustomer("fresh.example")
			if tc.edit != nil {
				tc.edit(in)
			}
			as := alderAdmin
			if tc.as != "" {
				as = tc.as
			}
			call := e.res(as).Customers.Insert(in)
			if tc.call != nil {
				call = tc.call(call)
			}
			_, err := call.Context(t.Context()).Do()
			wantErr(t, err, tc.status, tc.reason)
		})
	}
}

// TestResellerCustomersPatchUpdate: customers.patch merges, update
// replaces the address; only the managing reseller may write, a customer
// that turned reseller access off answers 403 (rule D5), another
// reseller's 403 and an unknown one 404, as customers.get answers.
func TestResellerCustomersPatchUpdate(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()
	res := e.res(ana)
	c, err := res.Customers.Patch(acmeDomain, &reseller.Customer{AlternateEmail: "ops@acme-mail.example", PhoneNumber: "+44 20 7031 3000"}).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	if c.AlternateEmail != "ops@acme-mail.example" || c.PhoneNumber != "+44 20 7031 3000" || c.PostalAddress != nil {
		t.Errorf("patched customer = %+v", c)
	}
	// The demo customer has no address: a partial one is incomplete.
	_, err = res.Customers.Patch(acmeDomain, &reseller.Customer{PostalAddress: &reseller.Address{Region: "CA"}}).Context(ctx).Do()
	wantErr(t, err, 400, "required")
	full := newCustomer(acmeDomain).PostalAddress
	if _, err := res.Customers.Update(acmeDomain, &reseller.Customer{PostalAddress: full}).Context(ctx).Do(); err != nil {
		t.Fatal(err)
	}
	c, err = res.Customers.Patch(acmeDomain, &reseller.Customer{PostalAddress: &reseller.Address{Region: "NV"}}).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	if a := c.PostalAddress; a == nil || a.Region != "NV" || a.PostalCode != "94043" || a.ContactName != "Nia Boss" {
		t.Errorf("patched address = %+v, want region NV and the rest kept", a)
	}
	if got := tenantOf(t, e.w, acmeDomain).Customer; got.AlternateEmail != "ops@acme-mail.example" || got.PostalAddress.Region != "NV" {
		t.Errorf("snapshot = %+v", got)
	}

	tests := []struct {
		name, as, customer string
		in                 *reseller.Customer
		status             int
		reason             string
	}{
		{"access revoked (D5)", ana, dunmoreDomain, &reseller.Customer{PhoneNumber: "+1 650 253 0000"}, 403, "forbidden"},
		{"another reseller's customer", ana, quartzDomain, &reseller.Customer{PhoneNumber: "+1 650 253 0000"}, 403, "forbidden"},
		{"unknown customer", ana, "nobody.example", &reseller.Customer{PhoneNumber: "+1 650 253 0000"}, 404, "notFound"},
		{"no Edit Customers privilege", ben, acmeDomain, &reseller.Customer{PhoneNumber: "+1 650 253 0000"}, 403, "forbidden"},
		{"domain change", ana, acmeDomain, &reseller.Customer{CustomerDomain: "acme2.example"}, 400, "invalid"},
		{"type change", ana, acmeDomain, &reseller.Customer{CustomerType: "team"}, 400, "invalid"},
		{"alternate email on the domain", ana, acmeDomain, &reseller.Customer{AlternateEmail: "x@" + acmeDomain}, 400, "invalid"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.res(tc.as).Customers.Patch(tc.customer, tc.in).Context(t.Context()).Do()
			wantErr(t, err, tc.status, tc.reason)
			_, err = e.res(tc.as).Customers.Update(tc.customer, tc.in).Context(t.Context()).Do()
			wantErr(t, err, tc.status, tc.reason)
		})
	}
}

// TestResellerSubscriptionSeatsFeedLicensing: the seats of a subscription
// are its SKU's Licensing seats (rules L4, S4): licenseAssignments.insert
// answers 412 once they are taken, and changeSeats moves the limit; an
// annual plan's seats cannot go down, nor any plan's below the licenses in
// use.
func TestResellerSubscriptionSeatsFeedLicensing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()
	res, lic := e.res(ana), e.lic(alderAdmin)
	product, sku := string(licensing.ProductGoogleWorkspace), string(licensing.SKUEnterpriseStarter)
	for _, u := range []string{"u1", "u2"} {
		if _, err := e.w.AddUser(acmeDomain, fake.UserSeed{Email: u + "@" + acmeDomain}); err != nil {
			t.Fatal(err)
		}
	}
	s, err := res.Subscriptions.Insert(acmeDomain, &reseller.Subscription{SkuId: sku,
		Plan: &reseller.SubscriptionPlan{PlanName: "ANNUAL_MONTHLY_PAY"}, Seats: &reseller.Seats{NumberOfSeats: 1}}).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	if s.Plan.PlanName != "ANNUAL" || !s.Plan.IsCommitmentPlan || s.RenewalSettings.RenewalType != "AUTO_RENEW_MONTHLY_PAY" ||
		s.Status != "ACTIVE" || s.Seats.NumberOfSeats != 1 || s.SkuName == "" {
		t.Errorf("new subscription = %+v, plan %+v, renewal %+v", s, s.Plan, s.RenewalSettings)
	}
	if _, total := seats(t, e.w, acmeDomain, product, sku); total != 1 {
		t.Errorf("Licensing seats = %d, want the subscription's 1", total)
	}
	assign := func(user string) error {
		_, err := lic.LicenseAssignments.Insert(product, sku, &licensingapi.LicenseAssignmentInsert{UserId: user + "@" + acmeDomain}).Context(ctx).Do()
		return err
	}
	if err := assign("u1"); err != nil {
		t.Fatal(err)
	}
	ge := wantErr(t, assign("u2"), 412, "conditionNotMet")
	if ge.Message != "There aren't enough available licenses for the specified product-SKU pair" {
		t.Errorf("412 message %q", ge.Message)
	}
	s, err = res.Subscriptions.ChangeSeats(acmeDomain, s.SubscriptionId, &reseller.Seats{NumberOfSeats: 2}).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	if err := assign("u2"); err != nil {
		t.Fatalf("after changeSeats to 2: %v", err)
	}
	got, err := res.Subscriptions.Get(acmeDomain, s.SubscriptionId).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	if got.Seats.NumberOfSeats != 2 || got.Seats.LicensedNumberOfSeats != 2 {
		t.Errorf("seats = %+v, want 2 bought and 2 licensed", got.Seats)
	}
	// Annual seats cannot go down; a flexible plan's can, but not below
	// the licenses in use.
	_, err = res.Subscriptions.ChangeSeats(acmeDomain, s.SubscriptionId, &reseller.Seats{NumberOfSeats: 1}).Context(ctx).Do()
	wantErr(t, err, 400, "invalid")
	flex, err := res.Subscriptions.Insert(acmeDomain, &reseller.Subscription{SkuId: string(licensing.SKUBusinessPlus),
		Plan: &reseller.SubscriptionPlan{PlanName: "FLEXIBLE"}, Seats: &reseller.Seats{MaximumNumberOfSeats: 3}}).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	if _, total := seats(t, e.w, acmeDomain, product, string(licensing.SKUBusinessPlus)); total != 3 {
		t.Errorf("Licensing seats of the flexible SKU = %d, want its maximumNumberOfSeats 3", total)
	}
	_, err = res.Subscriptions.ChangeSeats(acmeDomain, flex.SubscriptionId, &reseller.Seats{ForceSendFields: []string{"MaximumNumberOfSeats"}}).Context(ctx).Do()
	ge = wantErr(t, err, 400, "invalid")
	if ge.Message != "The seats provided are not valid" {
		t.Errorf("message %q", ge.Message)
	}
	flex2, err := res.Subscriptions.ChangeSeats(acmeDomain, flex.SubscriptionId, &reseller.Seats{MaximumNumberOfSeats: 1}).Context(ctx).Do()
	if err != nil {
		t.Fatalf("flexible seats down to the licenses in use: %v", err)
	}
	if flex2.Seats.MaximumNumberOfSeats != 1 {
		t.Errorf("maximumNumberOfSeats = %d, want 1", flex2.Seats.MaximumNumberOfSeats)
	}
	if _, total := seats(t, e.w, acmeDomain, product, string(licensing.SKUBusinessPlus)); total != 1 {
		t.Errorf("Licensing seats of the flexible SKU = %d, want 1", total)
	}

	tests := []struct {
		name   string
		id     string
		in     *reseller.Seats
		status int
		reason string
	}{
		{"wrong field for a flexible plan", flex.SubscriptionId, &reseller.Seats{NumberOfSeats: 5}, 400, "invalid"},
		{"wrong field for an annual plan", s.SubscriptionId, &reseller.Seats{MaximumNumberOfSeats: 5}, 400, "invalid"},
		{"licensed seats are read-only", s.SubscriptionId, &reseller.Seats{NumberOfSeats: 5, LicensedNumberOfSeats: 2}, 400, "invalid"},
		{"unknown subscription", "999", &reseller.Seats{NumberOfSeats: 5}, 404, "notFound"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := res.Subscriptions.ChangeSeats(acmeDomain, tc.id, tc.in).Context(t.Context()).Do()
			wantErr(t, err, tc.status, tc.reason)
		})
	}
}

// TestResellerSubscriptionSeatsBelowUse: a flexible plan's seats cannot go
// below the licenses of its SKU in use (reseller_api_common_errors).
func TestResellerSubscriptionSeatsBelowUse(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()
	product, sku := string(licensing.ProductGoogleWorkspace), string(licensing.SKUBusinessStandard) // Bluebird's FLEXIBLE 15
	subs, err := e.res(ana).Subscriptions.List().CustomerId(bluebirdDomain).Context(ctx).Do()
	if err != nil || len(subs.Subscriptions) != 1 {
		t.Fatalf("list = %v, %v", subs, err)
	}
	id := subs.Subscriptions[0].SubscriptionId
	for _, u := range []string{"u1", "u2"} {
		if _, err := e.w.AddUser(bluebirdDomain, fake.UserSeed{Email: u + "@" + bluebirdDomain}); err != nil {
			t.Fatal(err)
		}
		if err := e.w.AssignLicense(u+"@"+bluebirdDomain, product, sku); err != nil {
			t.Fatal(err)
		}
	}
	_, err = e.res(ana).Subscriptions.ChangeSeats(bluebirdDomain, id, &reseller.Seats{MaximumNumberOfSeats: 1}).Context(ctx).Do()
	wantErr(t, err, 400, "invalid")
	s, err := e.res(ana).Subscriptions.ChangeSeats(bluebirdDomain, id, &reseller.Seats{MaximumNumberOfSeats: 2}).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	if s.Seats.MaximumNumberOfSeats != 2 || s.Seats.LicensedNumberOfSeats != 2 {
		t.Errorf("seats = %+v", s.Seats)
	}
	if assigned, total := seats(t, e.w, bluebirdDomain, product, sku); assigned != 2 || total != 2 {
		t.Errorf("Licensing seats = %d of %d, want 2 of 2", assigned, total)
	}
}

// TestResellerSubscriptionLifecycle: a trial (10 seats at most) gets a paid
// plan with changePlan and starts paid service; suspend, activate,
// changeRenewalSettings (annual plans only, 412 otherwise) and delete, and
// the clock ending a trial left on the TRIAL plan.
func TestResellerSubscriptionLifecycle(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()
	res := e.res(ana)
	sku := string(licensing.SKUEnterpriseStandard)
	_, err := res.Subscriptions.Insert(acmeDomain, &reseller.Subscription{SkuId: sku,
		Plan: &reseller.SubscriptionPlan{PlanName: "TRIAL"}, Seats: &reseller.Seats{MaximumNumberOfSeats: 11}}).Context(ctx).Do()
	wantErr(t, err, 400, "invalid")
	s, err := res.Subscriptions.Insert(acmeDomain, &reseller.Subscription{SkuId: sku, PurchaseOrderId: "PO-7",
		Plan: &reseller.SubscriptionPlan{PlanName: "TRIAL"}, Seats: &reseller.Seats{MaximumNumberOfSeats: 5}}).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	trialEnd := fake.DefaultStart.Add(30 * 24 * time.Hour).UnixMilli()
	if s.TrialSettings == nil || !s.TrialSettings.IsInTrial || s.TrialSettings.TrialEndTime != trialEnd || s.PurchaseOrderId != "PO-7" {
		t.Errorf("trial = %+v", s)
	}
	id := s.SubscriptionId
	_, err = res.Subscriptions.Insert(acmeDomain, &reseller.Subscription{SkuId: sku,
		Plan: &reseller.SubscriptionPlan{PlanName: "FLEXIBLE"}, Seats: &reseller.Seats{MaximumNumberOfSeats: 5}}).Context(ctx).Do()
	wantErr(t, err, 409, "duplicate")
	_, err = res.Subscriptions.StartPaidService(acmeDomain, id).Context(ctx).Do()
	wantErr(t, err, 412, "conditionNotMet") // no paid plan yet
	_, err = res.Subscriptions.ChangeRenewalSettings(acmeDomain, id, &reseller.RenewalSettings{RenewalType: "CANCEL"}).Context(ctx).Do()
	wantErr(t, err, 412, "conditionNotMet") // not an annual plan
	_, err = res.Subscriptions.ChangePlan(acmeDomain, id, &reseller.ChangePlanRequest{PlanName: "FLEXIBLE", Seats: &reseller.Seats{MaximumNumberOfSeats: 20}}).Context(ctx).Do()
	wantErr(t, err, 400, "invalid") // still in the trial: 10 seats at most
	s, err = res.Subscriptions.ChangePlan(acmeDomain, id, &reseller.ChangePlanRequest{PlanName: "ANNUAL_YEARLY_PAY", Seats: &reseller.Seats{NumberOfSeats: 8}}).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	if s.Plan.PlanName != "ANNUAL_YEARLY_PAY" || s.Seats.NumberOfSeats != 8 || !s.TrialSettings.IsInTrial || s.RenewalSettings.RenewalType != "AUTO_RENEW_YEARLY_PAY" {
		t.Errorf("after changePlan: %+v %+v %+v", s.Plan, s.Seats, s.TrialSettings)
	}
	s, err = res.Subscriptions.StartPaidService(acmeDomain, id).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	if s.TrialSettings.IsInTrial {
		t.Errorf("still in trial after startPaidService: %+v", s.TrialSettings)
	}
	_, err = res.Subscriptions.ChangePlan(acmeDomain, id, &reseller.ChangePlanRequest{PlanName: "FLEXIBLE", Seats: &reseller.Seats{MaximumNumberOfSeats: 20}}).Context(ctx).Do()
	wantErr(t, err, 400, "invalid") // annual until the commitment ends
	_, err = res.Subscriptions.ChangePlan(acmeDomain, id, &reseller.ChangePlanRequest{PlanName: "MONTHLY", Seats: &reseller.Seats{NumberOfSeats: 20}}).Context(ctx).Do()
	wantErr(t, err, 400, "invalid")
	_, err = res.Subscriptions.ChangeRenewalSettings(acmeDomain, id, &reseller.RenewalSettings{RenewalType: "NEVER"}).Context(ctx).Do()
	wantErr(t, err, 400, "invalid")
	s, err = res.Subscriptions.ChangeRenewalSettings(acmeDomain, id, &reseller.RenewalSettings{RenewalType: "SWITCH_TO_PAY_AS_YOU_GO"}).Context(ctx).Do()
	if err != nil || s.RenewalSettings.RenewalType != "SWITCH_TO_PAY_AS_YOU_GO" {
		t.Fatalf("changeRenewalSettings = %+v, %v", s, err)
	}

	s, err = res.Subscriptions.Suspend(acmeDomain, id).Context(ctx).Do()
	if err != nil || s.Status != "SUSPENDED" || !cmp.Equal(s.SuspensionReasons, []string{"RESELLER_INITIATED"}) {
		t.Fatalf("suspend = %+v, %v", s, err)
	}
	_, err = res.Subscriptions.ChangeSeats(acmeDomain, id, &reseller.Seats{NumberOfSeats: 9}).Context(ctx).Do()
	wantErr(t, err, 400, "badRequest") // suspended
	_, err = res.Subscriptions.Suspend(acmeDomain, id).Context(ctx).Do()
	wantErr(t, err, 400, "badRequest")
	s, err = res.Subscriptions.Activate(acmeDomain, id).Context(ctx).Do()
	if err != nil || s.Status != "ACTIVE" || len(s.SuspensionReasons) != 0 {
		t.Fatalf("activate = %+v, %v", s, err)
	}

	// A trial left on the TRIAL plan is suspended when it ends.
	trial, err := res.Subscriptions.Insert(acmeDomain, &reseller.Subscription{SkuId: string(licensing.SKUBusinessPlus),
		Plan: &reseller.SubscriptionPlan{PlanName: "TRIAL"}, Seats: &reseller.Seats{MaximumNumberOfSeats: 2}}).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	e.w.Advance(31 * 24 * time.Hour)
	trial, err = res.Subscriptions.Get(acmeDomain, trial.SubscriptionId).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	if trial.Status != "SUSPENDED" || !cmp.Equal(trial.SuspensionReasons, []string{"TRIAL_ENDED"}) || trial.TrialSettings.IsInTrial {
		t.Errorf("ended trial = %+v %+v", trial, trial.TrialSettings)
	}

	// delete: deletionType is required; a customer without an admin
	// cannot lose a subscription (412).
	err = res.Subscriptions.Delete(acmeDomain, id, "deletion_type_undefined").Context(ctx).Do()
	wantErr(t, err, 400, "invalid")
	if err := e.w.SetSuspended("admin@"+acmeDomain, true); err != nil {
		t.Fatal(err)
	}
	err = res.Subscriptions.Delete(acmeDomain, id, "cancel").Context(ctx).Do()
	wantErr(t, err, 412, "conditionNotMet")
	if err := e.w.SetSuspended("admin@"+acmeDomain, false); err != nil {
		t.Fatal(err)
	}
	product := string(licensing.ProductGoogleWorkspace)
	if _, total := seats(t, e.w, acmeDomain, product, sku); total != 8 {
		t.Errorf("seats before cancel = %d, want 8", total)
	}
	if _, err := e.w.AddUser(acmeDomain, fake.UserSeed{Email: "u9@" + acmeDomain}); err != nil {
		t.Fatal(err)
	}
	if err := e.w.AssignLicense("u9@"+acmeDomain, product, sku); err != nil {
		t.Fatal(err)
	}
	if err := res.Subscriptions.Delete(acmeDomain, id, "cancel").Context(ctx).Do(); err != nil {
		t.Fatal(err)
	}
	if _, total := seats(t, e.w, acmeDomain, product, sku); total != 0 {
		t.Errorf("seats after cancel = %d, want 0", total)
	}
	for _, l := range tenantOf(t, e.w, acmeDomain).Licenses {
		if l.SKUID == sku {
			t.Errorf("license %+v survived the cancelled subscription", l)
		}
	}
	_, err = res.Subscriptions.Get(acmeDomain, id).Context(ctx).Do()
	wantErr(t, err, 404, "notFound")
	// transfer_to_direct: the customer keeps the seats.
	if err := res.Subscriptions.Delete(acmeDomain, trial.SubscriptionId, "transfer_to_direct").Context(ctx).Do(); err != nil {
		t.Fatal(err)
	}
	if _, total := seats(t, e.w, acmeDomain, product, string(licensing.SKUBusinessPlus)); total != 2 {
		t.Errorf("seats after transfer_to_direct = %d, want 2 kept", total)
	}
}

// TestResellerSubscriptionsAuthorization: only the reseller that manages
// the customer reads or changes its subscriptions: another reseller's
// customer and one that turned reseller access off answer 403 (rule D5),
// an unknown customer 404; View Customers reads, Edit Customers writes.
func TestResellerSubscriptionsAuthorization(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()
	idOf := func(as, customer string) string {
		subs, err := e.res(as).Subscriptions.List().CustomerId(customer).Context(ctx).Do()
		if err != nil || len(subs.Subscriptions) == 0 {
			t.Fatalf("list %s as %s = %v, %v", customer, as, subs, err)
		}
		return subs.Subscriptions[0].SubscriptionId
	}
	acme, dunmore, quartz := idOf(ana, acmeDomain), idOf(ana, dunmoreDomain), idOf(hana, quartzDomain)
	if _, err := e.res(ben).Subscriptions.Get(acmeDomain, acme).Context(ctx).Do(); err != nil {
		t.Errorf("View Customers reads a subscription: %v", err)
	}
	insert := &reseller.Subscription{SkuId: string(licensing.SKUBusinessPlus), Plan: &reseller.SubscriptionPlan{PlanName: "FLEXIBLE"},
		Seats: &reseller.Seats{MaximumNumberOfSeats: 2}}
	tests := []struct {
		name, as, customer, id string
		status                 int
		reason                 string
	}{
		{"another reseller's customer", ana, quartzDomain, quartz, 403, "forbidden"},
		{"the other reseller", hana, acmeDomain, acme, 403, "forbidden"},
		{"access revoked (D5)", ana, dunmoreDomain, dunmore, 403, "forbidden"},
		{"unknown customer", ana, "nobody.example", acme, 404, "notFound"},
		{"View Customers only", ben, acmeDomain, acme, 403, "forbidden"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := t.Context()
			res := e.res(tc.as)
			calls := map[string]func() error{
				"changeSeats": func() error {
					_, err := res.Subscriptions.ChangeSeats(tc.customer, tc.id, &reseller.Seats{NumberOfSeats: 50}).Context(ctx).Do()
					return err
				},
				"suspend": func() error { _, err := res.Subscriptions.Suspend(tc.customer, tc.id).Context(ctx).Do(); return err },
				"delete":  func() error { return res.Subscriptions.Delete(tc.customer, tc.id, "cancel").Context(ctx).Do() },
				"insert": func() error {
					_, err := res.Subscriptions.Insert(tc.customer, insert).Context(ctx).Do()
					return err
				},
			}
			if tc.as != ben {
				calls["get"] = func() error { _, err := res.Subscriptions.Get(tc.customer, tc.id).Context(ctx).Do(); return err }
			}
			for name, call := range calls {
				t.Run(name, func(t *testing.T) { wantErr(t, call(), tc.status, tc.reason) })
			}
		})
	}
	if s := tenantOf(t, e.w, dunmoreDomain).Customer.Subscriptions; len(s) != 1 || s[0].Status != "ACTIVE" {
		t.Errorf("the revoked customer's subscriptions changed: %+v", s)
	}
}

// TestResellerSubscriptionReadAfterWrite: a new subscription and a new
// customer answer 404 to their first reads by key under a read-after-write
// lag (rule W5).
func TestResellerSubscriptionReadAfterWrite(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()
	e.s.SetReadAfterWriteLag(1)
	res := e.res(ana)
	s, err := res.Subscriptions.Insert(acmeDomain, &reseller.Subscription{SkuId: string(licensing.SKUBusinessPlus),
		Plan: &reseller.SubscriptionPlan{PlanName: "FLEXIBLE"}, Seats: &reseller.Seats{MaximumNumberOfSeats: 2}}).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	_, err = res.Subscriptions.Get(acmeDomain, s.SubscriptionId).Context(ctx).Do()
	wantErr(t, err, 404, "notFound")
	if _, err := res.Subscriptions.Get(acmeDomain, s.SubscriptionId).Context(ctx).Do(); err != nil {
		t.Errorf("second read: %v", err)
	}
	if _, err := res.Customers.Insert(newCustomer("lagging.example")).Context(ctx).Do(); err != nil {
		t.Fatal(err)
	}
	_, err = res.Customers.Get("lagging.example").Context(ctx).Do()
	wantErr(t, err, 404, "notFound")
	if _, err := res.Customers.Get("lagging.example").Context(ctx).Do(); err != nil {
		t.Errorf("second read: %v", err)
	}
}

// lostResellerSetup prepares the lost-answer test of a Reseller API write
// (TestLostAnswer) and returns the subscription ID its call changes, or "".
func lostResellerSetup(method string) func(t *testing.T, e *env) string {
	return func(t *testing.T, e *env) string {
		ctx := t.Context()
		res := e.res(ana)
		subOf := func(customer string) string {
			subs, err := res.Subscriptions.List().CustomerId(customer).Context(ctx).Do()
			if err != nil || len(subs.Subscriptions) == 0 {
				t.Fatalf("list %s = %v, %v", customer, subs, err)
			}
			return subs.Subscriptions[0].SubscriptionId
		}
		switch method {
		case "reseller.subscriptions.changePlan":
			return subOf(bluebirdDomain) // FLEXIBLE
		case "reseller.subscriptions.startPaidService":
			s, err := res.Subscriptions.Insert(acmeDomain, &reseller.Subscription{SkuId: string(licensing.SKUBusinessPlus),
				Plan: &reseller.SubscriptionPlan{PlanName: "TRIAL"}, Seats: &reseller.Seats{MaximumNumberOfSeats: 2}}).Context(ctx).Do()
			if err == nil {
				_, err = res.Subscriptions.ChangePlan(acmeDomain, s.SubscriptionId, &reseller.ChangePlanRequest{PlanName: "FLEXIBLE",
					Seats: &reseller.Seats{MaximumNumberOfSeats: 2}}).Context(ctx).Do()
			}
			if err != nil {
				t.Fatal(err)
			}
			return s.SubscriptionId
		case "reseller.subscriptions.activate":
			id := subOf(acmeDomain)
			if _, err := res.Subscriptions.Suspend(acmeDomain, id).Context(ctx).Do(); err != nil {
				t.Fatal(err)
			}
			return id
		}
		return subOf(acmeDomain) // ANNUAL, 10 seats
	}
}

// lostResellerCall is the call of a Reseller API write in TestLostAnswer,
// as ana (Reseller Admin of Alder) on Alder's customers.
func lostResellerCall(method string) func(e *env, _ *admin.Service, _ *licensingapi.Service, id string) error {
	return func(e *env, _ *admin.Service, _ *licensingapi.Service, id string) error {
		ctx := e.t.Context()
		subs := e.res(ana).Subscriptions
		var err error
		switch method {
		case "reseller.customers.insert":
			_, err = e.res(ana).Customers.Insert(newCustomer("lost-customer.example")).Context(ctx).Do()
		case "reseller.customers.patch":
			_, err = e.res(ana).Customers.Patch(acmeDomain, &reseller.Customer{AlternateEmail: "lost@acme-mail.example"}).Context(ctx).Do()
		case "reseller.customers.update":
			_, err = e.res(ana).Customers.Update(acmeDomain, &reseller.Customer{AlternateEmail: "lost@acme-mail.example"}).Context(ctx).Do()
		case "reseller.subscriptions.insert":
			_, err = subs.Insert(acmeDomain, &reseller.Subscription{SkuId: string(licensing.SKUBusinessPlus),
				Plan: &reseller.SubscriptionPlan{PlanName: "FLEXIBLE"}, Seats: &reseller.Seats{MaximumNumberOfSeats: 2}}).Context(ctx).Do()
		case "reseller.subscriptions.changeSeats":
			_, err = subs.ChangeSeats(acmeDomain, id, &reseller.Seats{NumberOfSeats: 12}).Context(ctx).Do()
		case "reseller.subscriptions.changePlan":
			_, err = subs.ChangePlan(bluebirdDomain, id, &reseller.ChangePlanRequest{PlanName: "ANNUAL_MONTHLY_PAY",
				Seats: &reseller.Seats{NumberOfSeats: 20}}).Context(ctx).Do()
		case "reseller.subscriptions.changeRenewalSettings":
			_, err = subs.ChangeRenewalSettings(acmeDomain, id, &reseller.RenewalSettings{RenewalType: "CANCEL"}).Context(ctx).Do()
		case "reseller.subscriptions.startPaidService":
			_, err = subs.StartPaidService(acmeDomain, id).Context(ctx).Do()
		case "reseller.subscriptions.suspend":
			_, err = subs.Suspend(acmeDomain, id).Context(ctx).Do()
		case "reseller.subscriptions.activate":
			_, err = subs.Activate(acmeDomain, id).Context(ctx).Do()
		case "reseller.subscriptions.delete":
			err = subs.Delete(acmeDomain, id, "cancel").Context(ctx).Do()
		default:
			e.t.Fatalf("no lost-answer call for %s", method)
		}
		return err
	}
}
