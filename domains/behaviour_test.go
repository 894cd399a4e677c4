package domains_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/licensing"
)

// The behaviour suite runs the same tests over two Conns to the fake: one
// that retries transient errors as production Conns do (rule W1), so
// transient faults never reach the caller, and one that sends every
// request once, so they reach the Service as Google's answers do once the
// retries are spent.

func TestBehaviour(t *testing.T) {
	t.Parallel()
	for name, mk := range map[string]func(testing.TB) *env{"retrying Conn": newEnv, "Conn without retries": newEnvNoRetry} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			for _, bt := range behaviourTests {
				t.Run(bt.name, func(t *testing.T) {
					t.Parallel()
					bt.run(t, mk(t))
				})
			}
		})
	}
}

var behaviourTests = []struct {
	name string
	run  func(t *testing.T, e *env)
}{
	{"D4 reseller account and its domains", testResellerAccount},
	{"D1 D5 customers per reseller domain", testCustomers},
	{"D5 one customer", testGetCustomer},
	{"S3 org unit with parents", testOrgUnits},
	{"staff account lifecycle", testAccountLifecycle},
	{"D4 unverified domain refused", testUnverifiedDomain},
	{"faults mid-bulk lose and duplicate nothing", testBulkFaults},
	{"W1 lost insert answer: created, with its password", testLostAnswer},
	{"W5 read-after-write lag", testLag},
	{"listing accounts across pages", testListAccounts},
	{"subscriptions", testSubscriptions},
	{"errors name the operation and the Google call", testErrorOps},
}

// testErrorOps: an error from Google names the SDK operation the caller
// called (Op) and the Google method that failed (Call), whichever inner
// step made the call.
func testErrorOps(t *testing.T, e *env) {
	type opCall struct{ Op, Call string }
	spec := domains.AccountSpec{Email: "new@" + euDomain, GivenName: "N", FamilyName: "U", OrgUnitPath: "/Staff"}
	for _, tc := range []struct {
		name   string
		method string
		call   func(ctx context.Context, s *domains.Service) error
		want   opCall
	}{
		{"GetAccount", "directory.users.get", func(ctx context.Context, s *domains.Service) error {
			_, err := s.GetAccount(ctx, "ana@"+euDomain)
			return err
		}, opCall{"domains.GetAccount", "directory.users.get"}},
		{"ListAccounts", "directory.users.list", func(ctx context.Context, s *domains.Service) error {
			_, err := resellerkit.Collect(s.ListAccounts(ctx, euDomain, nil))
			return err
		}, opCall{"domains.ListAccounts", "directory.users.list"}},
		{"EnsureAccount, its domains", "directory.domains.list", func(ctx context.Context, s *domains.Service) error {
			_, err := s.EnsureAccount(ctx, spec)
			return err
		}, opCall{"domains.EnsureAccount", "directory.domains.list"}},
		{"EnsureAccounts, an item's lookup", "directory.users.get", func(ctx context.Context, s *domains.Service) error {
			return s.EnsureAccounts(ctx, []domains.AccountSpec{spec}, nil)[0].Err
		}, opCall{"domains.EnsureAccounts", "directory.users.get"}},
		{"EnsureOrgUnit", "directory.orgunits.get", func(ctx context.Context, s *domains.Service) error {
			_, _, err := s.EnsureOrgUnit(ctx, "/Staff/EU")
			return err
		}, opCall{"domains.EnsureOrgUnit", "directory.orgunits.get"}},
		{"ListCustomers, a customer's record", "reseller.customers.get", func(ctx context.Context, s *domains.Service) error {
			_, err := resellerkit.Collect(s.ListCustomers(ctx, euDomain, nil))
			return err
		}, opCall{"domains.ListCustomers", "reseller.customers.get"}},
		{"GetCustomer", "reseller.subscriptions.list", func(ctx context.Context, s *domains.Service) error {
			_, err := s.GetCustomer(ctx, euDomain, "C0cus0001")
			return err
		}, opCall{"domains.GetCustomer", "reseller.subscriptions.list"}},
	} {
		remove := e.srv.Fail(fake.Fault{Method: tc.method, Status: 400, Reason: "invalid"})
		err := tc.call(t.Context(), e.service(t, superEU))
		remove()
		var re *resellerkit.Error
		if !errors.As(err, &re) {
			t.Errorf("%s: err = %v (%T), want a *resellerkit.Error", tc.name, err, err)
			continue
		}
		if diff := cmp.Diff(tc.want, opCall{re.Op, re.Call}); diff != "" {
			t.Errorf("%s: Op and Call mismatch (-want +got):\n%s\nerror: %v", tc.name, diff, err)
		}
		if re.Kind != resellerkit.KindInvalidArgument || re.Status != 400 {
			t.Errorf("%s: classification lost: %v", tc.name, err)
		}
	}
}

func testSubscriptions(t *testing.T, e *env) {
	got, err := resellerkit.Collect(e.service(t, superEU).ListSubscriptions(t.Context(), &domains.ListSubscriptionsOptions{CustomerID: "initech.example"}))
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		Customer, Domain, SKU, Plan string
		Seats                       domains.Seats
	}
	var rows []row
	for _, sub := range got {
		if sub.ID == "" || sub.Status == "" {
			t.Errorf("subscription %+v lacks its ID or status", sub)
		}
		rows = append(rows, row{sub.CustomerID, sub.CustomerDomain, sub.SKUID, sub.PlanName, sub.Seats})
	}
	want := []row{
		{"C0cus0003", "initech.example", string(licensing.SKUBusinessStarter), "FLEXIBLE", domains.Seats{MaximumNumberOfSeats: 20}},
		{"C0cus0003", "initech.example", string(licensing.SKUBusinessPlus), "ANNUAL", domains.Seats{NumberOfSeats: 5}},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("ListSubscriptions mismatch (-want +got):\n%s", diff)
	}
}

func testResellerAccount(t *testing.T, e *env) {
	s := e.service(t, superEU)
	got, err := s.ResellerAccount(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := domains.ResellerAccount{CustomerID: "C0rsl0001", Domains: []domains.Domain{
		{Name: euDomain, Primary: true, Verified: true, Aliases: []domains.DomainAlias{{Name: "rs-eu.example", Verified: true}}},
		{Name: newDomain, Verified: false},
		{Name: usDomain, Verified: true},
	}}
	if diff := cmp.Diff(want, got, cmpIgnoreTimes); diff != "" {
		t.Errorf("ResellerAccount mismatch (-want +got):\n%s", diff)
	}
	byID, err := e.service(t, superEU, domains.WithCustomer("C0rsl0001")).ListDomains(t.Context())
	if diff := cmp.Diff(want.Domains, byID, cmpIgnoreTimes); err != nil || diff != "" {
		t.Errorf("ListDomains with the customer ID: %v, mismatch (-want +got):\n%s", err, diff)
	}
	if _, err := s.CheckDomainUsable(t.Context(), newDomain); !errors.Is(err, domains.ErrDomainNotVerified) {
		t.Errorf("D4: CheckDomainUsable(%s) = %v, want ErrDomainNotVerified", newDomain, err)
	}
	if d, err := s.CheckDomainUsable(t.Context(), "Reseller-US.example."); err != nil || d.Name != usDomain {
		t.Errorf("D4: CheckDomainUsable(verified secondary) = %v, %v", d, err)
	}
}

func testCustomers(t *testing.T, e *env) {
	ctx := t.Context()
	s := e.service(t, superEU, domains.WithLookupConcurrency(2))
	got, err := resellerkit.Collect(s.ListCustomers(ctx, euDomain, &domains.ListCustomersOptions{PageSize: 2}))
	if err != nil {
		t.Fatal(err)
	}
	want := []domains.Customer{
		{ID: "C0cus0001", Domain: "acme.example", ResellerDomain: euDomain, AccessGranted: true, DomainVerified: true, Plan: domains.PlanPremium},
		{ID: "C0cus0002", Domain: "globex.example", ResellerDomain: euDomain, AccessGranted: true, DomainVerified: true, Plan: domains.PlanEnhanced},
		{ID: "C0cus0005", Domain: "hooli.example", ResellerDomain: euDomain, AccessGranted: true, DomainVerified: true, Plan: domains.PlanStandard},
		// Rule D5: Google answers 403 for its details; it is listed anyway.
		{ID: "C0cus0003", Domain: "initech.example", ResellerDomain: euDomain, AccessGranted: false, Plan: domains.PlanStandard},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ListCustomers(%s) mismatch (-want +got):\n%s", euDomain, diff)
	}
	// Rule D1: the account on reseller-eu cannot list reseller-us.
	_, err = resellerkit.Collect(s.ListCustomers(ctx, usDomain, nil))
	if !errors.Is(err, domains.ErrOtherDomain) {
		t.Errorf("D1: ListCustomers(%s) as %s = %v, want ErrOtherDomain", usDomain, superEU, err)
	}
	// An account on reseller-us sees reseller-us's customers only.
	us, err := resellerkit.Collect(e.service(t, opsUS).ListCustomers(ctx, usDomain, nil))
	if err != nil {
		t.Fatal(err)
	}
	wantUS := []domains.Customer{{ID: "C0cus0004", Domain: "umbrella.example", ResellerDomain: usDomain, AccessGranted: true, DomainVerified: true, Plan: domains.PlanPremium}}
	if diff := cmp.Diff(wantUS, us); diff != "" {
		t.Errorf("D1: ListCustomers(%s) mismatch (-want +got):\n%s", usDomain, diff)
	}
	// Revoking access flips the mark; the customer stays listed.
	if err := e.w.SetResellerAccess("acme.example", false); err != nil {
		t.Fatal(err)
	}
	got, err = resellerkit.Collect(s.ListCustomers(ctx, euDomain, nil))
	if err != nil || len(got) != 4 || got[0].ID != "C0cus0001" || got[0].AccessGranted {
		t.Errorf("D5 after revoking acme: %+v, %v", got, err)
	}
}

func testGetCustomer(t *testing.T, e *env) {
	ctx := t.Context()
	s := e.service(t, superEU)
	c, err := s.GetCustomer(ctx, euDomain, "globex.example")
	if err != nil || !c.AccessGranted || c.ID != "C0cus0002" || c.Plan != domains.PlanEnhanced {
		t.Errorf("GetCustomer(globex) = %+v, %v", c, err)
	}
	c, err = s.GetCustomer(ctx, euDomain, "C0cus0003")
	if err != nil || c.AccessGranted || c.Domain != "initech.example" {
		t.Errorf("D5: GetCustomer(revoked initech) = %+v, %v; want listed, not granted", c, err)
	}
	if _, err := s.GetCustomer(ctx, euDomain, "C0cus0004"); !errors.Is(err, resellerkit.ErrPermissionDenied) {
		t.Errorf("D1: GetCustomer(customer of %s) = %v, want permission denied", usDomain, err)
	}
	if _, err := s.GetCustomer(ctx, euDomain, "nobody.example"); !errors.Is(err, resellerkit.ErrNotFound) {
		t.Errorf("GetCustomer(unknown) = %v, want not found", err)
	}
}

func testOrgUnits(t *testing.T, e *env) {
	ctx := t.Context()
	s := e.service(t, superEU)
	ou, outcome, err := s.EnsureOrgUnit(ctx, "/Staff/Portal/EU")
	if err != nil {
		t.Fatal(err)
	}
	if outcome != resellerkit.OutcomeCreated || ou.Path != "/Staff/Portal/EU" || ou.ParentPath != "/Staff/Portal" || ou.ID == "" {
		t.Errorf("EnsureOrgUnit = %+v, %v", ou, outcome)
	}
	again, outcome, err := s.EnsureOrgUnit(ctx, "/staff/portal/eu/")
	if err != nil || outcome != resellerkit.OutcomeUnchanged || again.ID != ou.ID {
		t.Errorf("S3 second EnsureOrgUnit = %+v, %v, %v; want unchanged, same ID", again, outcome, err)
	}
	if ou, err := s.GetOrgUnit(ctx, "/Staff"); err != nil || ou.Path != "/Staff" {
		t.Errorf("GetOrgUnit(/Staff) = %+v, %v", ou, err)
	}
	if _, err := s.GetOrgUnit(ctx, "/Nope"); !errors.Is(err, resellerkit.ErrNotFound) {
		t.Errorf("GetOrgUnit(/Nope) = %v, want not found", err)
	}
	snap := e.w.Snapshot()
	n := 0
	for _, ou := range snap.Tenants[0].OrgUnits {
		if strings.HasPrefix(strings.ToLower(ou.Path), "/staff/portal") {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d org units under /Staff/Portal in the world, want 2", n)
	}
}

func testAccountLifecycle(t *testing.T, e *env) {
	ctx := t.Context()
	s := e.service(t, superEU)
	spec := domains.AccountSpec{Email: "Bo@Reseller-US.example", GivenName: "Bo", FamilyName: "Ek", OrgUnitPath: "/Staff"}
	res, err := s.EnsureAccount(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != resellerkit.OutcomeCreated || res.Account.Email != "bo@"+usDomain || res.Account.OrgUnitPath != "/Staff" ||
		res.Account.ID == "" || res.Account.CustomerID != "C0rsl0001" || res.InitialPassword.IsZero() {
		t.Fatalf("EnsureAccount = %+v", res)
	}
	secret := res.InitialPassword.Reveal()
	if logs := e.loggedText(); strings.Contains(logs, secret) {
		t.Errorf("the initial password appears in the Conn's logs")
	}

	again, err := s.EnsureAccount(ctx, spec)
	if err != nil || again.Outcome != resellerkit.OutcomeUnchanged || !again.InitialPassword.IsZero() {
		t.Errorf("second EnsureAccount = %v, %v", again.Outcome, err)
	}
	// S3: an existing account outside the org unit is moved into it.
	moved, err := s.EnsureAccount(ctx, domains.AccountSpec{Email: "olle@" + euDomain, GivenName: "O", FamilyName: "B", OrgUnitPath: "/Staff"})
	if err != nil || moved.Outcome != resellerkit.OutcomeUpdated || moved.Account.OrgUnitPath != "/Staff" || moved.Account.GivenName != "Olle" {
		t.Errorf("EnsureAccount(olle) = %+v, %v; want moved to /Staff, names kept", moved, err)
	}
	// An alias address is another account's.
	if _, err := s.EnsureAccount(ctx, domains.AccountSpec{Email: "ana.lind@" + euDomain, GivenName: "A", FamilyName: "L", OrgUnitPath: "/Staff"}); !errors.Is(err, domains.ErrAddressIsAlias) {
		t.Errorf("EnsureAccount(alias) = %v, want ErrAddressIsAlias", err)
	}
	// An address on an alias domain cannot be a primary address.
	if _, err := s.EnsureAccount(ctx, domains.AccountSpec{Email: "x@rs-eu.example", GivenName: "X", FamilyName: "Y", OrgUnitPath: "/Staff"}); !errors.Is(err, domains.ErrNotResellerDomain) {
		t.Errorf("EnsureAccount(alias domain) = %v, want ErrNotResellerDomain", err)
	}

	a, o, err := s.Suspend(ctx, "bo@"+usDomain)
	if err != nil || o != resellerkit.OutcomeUpdated || a.State() != domains.StateSuspended {
		t.Errorf("Suspend = %v %v %v", a.State(), o, err)
	}
	if got, err := s.GetAccount(ctx, res.Account.ID); err != nil || !got.Suspended {
		t.Errorf("GetAccount(ID) after Suspend = %+v, %v", got, err)
	}
	if _, o, err := s.Suspend(ctx, "bo@"+usDomain); err != nil || o != resellerkit.OutcomeUnchanged {
		t.Errorf("second Suspend = %v, %v", o, err)
	}
	a, o, err = s.Unsuspend(ctx, "BO@reseller-us.example")
	if err != nil || o != resellerkit.OutcomeUpdated || a.State() != domains.StateActive {
		t.Errorf("Unsuspend = %v %v %v", a.State(), o, err)
	}
	if _, err := s.GetAccount(ctx, "nobody@"+euDomain); !errors.Is(err, resellerkit.ErrNotFound) {
		t.Errorf("GetAccount(unknown) = %v, want not found", err)
	}
}

func testUnverifiedDomain(t *testing.T, e *env) {
	s := e.service(t, superEU)
	res, err := s.EnsureAccount(t.Context(), domains.AccountSpec{Email: "cy@" + newDomain, GivenName: "Cy", FamilyName: "Ho", OrgUnitPath: "/Staff"})
	if !errors.Is(err, domains.ErrDomainNotVerified) || res.Outcome != resellerkit.OutcomeFailed {
		t.Fatalf("D4: EnsureAccount on %s = %v, %v; want ErrDomainNotVerified", newDomain, res.Outcome, err)
	}
	if _, err := e.w.UserID("cy@" + newDomain); err == nil {
		t.Error("D4: the account was created on an unverified domain")
	}
	// Once verified, the same call succeeds.
	if err := e.w.VerifyDomain(newDomain); err != nil {
		t.Fatal(err)
	}
	res, err = s.EnsureAccount(t.Context(), domains.AccountSpec{Email: "cy@" + newDomain, GivenName: "Cy", FamilyName: "Ho", OrgUnitPath: "/Staff"})
	if err != nil || res.Outcome != resellerkit.OutcomeCreated {
		t.Errorf("D4: after verification EnsureAccount = %v, %v", res.Outcome, err)
	}
}

func staffSpecs(n int) []domains.AccountSpec {
	specs := make([]domains.AccountSpec, n)
	for i := range specs {
		dom := euDomain
		if i%3 == 0 {
			dom = usDomain
		}
		specs[i] = domains.AccountSpec{Email: fmt.Sprintf("staff%02d@%s", i, dom), GivenName: "Staff", FamilyName: fmt.Sprint(i), OrgUnitPath: "/Staff"}
	}
	return specs
}

// countStaff counts the world's accounts per staff address, to see that
// none is missing and none exists twice.
func countStaff(w *fake.World) map[string]int {
	out := map[string]int{}
	for _, tn := range w.Snapshot().Tenants {
		for _, u := range tn.Users {
			if strings.HasPrefix(u.Email, "staff") && !u.Deleted {
				out[u.Email]++
			}
		}
	}
	return out
}

func testBulkFaults(t *testing.T, e *env) {
	ctx := t.Context()
	s := e.service(t, superEU)
	specs := staffSpecs(24)
	e.srv.SetReadAfterWriteLag(1)
	e.srv.Fail(fake.Fault{Method: "directory.users.insert", Status: 503, Skip: 3, Count: 2})
	e.srv.Fail(fake.Fault{Method: "directory.users.insert", Status: 403, Reason: "userRateLimitExceeded", Skip: 8, Count: 1})
	e.srv.Fail(fake.Fault{Method: "directory.users.get", Status: 429, Skip: 12, Count: 1})
	e.srv.Fail(fake.Fault{Method: "directory.users.insert", Status: 500, Reason: "backendError", Skip: 15, Count: 1})

	first := s.EnsureAccounts(ctx, specs, &resellerkit.BulkOptions{Concurrency: 4})
	failed, notCreated := 0, 0
	for _, r := range first {
		if r.Outcome == resellerkit.OutcomeFailed {
			failed++
			if !resellerkit.IsRetryable(r.Err) {
				t.Errorf("%s failed with a non-transient error: %v", r.Spec.Email, r.Err)
			}
			// A failure after the insert succeeded (the visibility wait
			// met the fault) still hands the password over.
			if r.InitialPassword.IsZero() {
				notCreated++
			}
		}
	}
	if e.retries && failed != 0 {
		t.Errorf("%d items failed although the Conn retries transient errors", failed)
	}
	if !e.retries && failed == 0 {
		t.Error("no item failed: the faults did not fire")
	}
	if n := e.w.FaultsPending(); n != 0 {
		t.Errorf("%d faults did not fire", n)
	}
	second := s.EnsureAccounts(ctx, specs, nil)
	created := 0
	for _, r := range second {
		switch r.Outcome {
		case resellerkit.OutcomeFailed:
			t.Errorf("rerun: %s failed: %v", r.Spec.Email, r.Err)
		case resellerkit.OutcomeCreated:
			created++
		}
	}
	if created != notCreated {
		t.Errorf("rerun created %d accounts, want the %d that failed before their insert succeeded", created, notCreated)
	}
	counts := countStaff(e.w)
	for _, sp := range specs {
		if counts[sp.Email] != 1 {
			t.Errorf("%s exists %d times, want once", sp.Email, counts[sp.Email])
		}
	}
	for i, r := range s.EnsureAccounts(ctx, specs, nil) {
		if r.Outcome != resellerkit.OutcomeUnchanged {
			t.Errorf("third run item %d = %v (%v), want unchanged", i, r.Outcome, r.Err)
		}
	}
}

// testLostAnswer: a users.insert runs at Google but its answer is lost
// (503 after the write). The Service reads the account back before sending
// it again (rule W1), finds the account it created, and reports it created
// with the password it sent; whether the Conn retries or not, nothing is
// created twice and no password is lost.
func testLostAnswer(t *testing.T, e *env) {
	ctx := t.Context()
	s := e.service(t, superEU)
	e.srv.Fail(fake.Fault{Method: "directory.users.insert", Status: 503, AfterApply: true, Count: 1})
	specs := staffSpecs(6)
	outcomes := func(res []domains.AccountResult) map[resellerkit.Outcome]int {
		out := map[resellerkit.Outcome]int{}
		for _, r := range res {
			out[r.Outcome]++
			if r.Outcome == resellerkit.OutcomeFailed {
				t.Errorf("%s failed: %v", r.Spec.Email, r.Err)
			}
			if r.Outcome == resellerkit.OutcomeCreated {
				if sent, ok := e.rec.insertedUser(r.Spec.Email); !ok || r.InitialPassword.IsZero() || sent.Password != r.InitialPassword.Reveal() {
					t.Errorf("%s created without the password it was sent with", r.Spec.Email)
				}
			}
		}
		return out
	}
	if diff := cmp.Diff(map[resellerkit.Outcome]int{resellerkit.OutcomeCreated: 6}, outcomes(s.EnsureAccounts(ctx, specs, &resellerkit.BulkOptions{Concurrency: 1}))); diff != "" {
		t.Errorf("outcomes mismatch (-want +got):\n%s", diff)
	}
	if n := e.w.FaultsPending(); n != 0 {
		t.Errorf("%d faults did not fire", n)
	}
	if n := e.rec.count("directory.users.insert"); n != 6 {
		t.Errorf("users.insert sent %d times, want 6: the lost one is found, not resent", n)
	}
	if diff := cmp.Diff(map[resellerkit.Outcome]int{resellerkit.OutcomeUnchanged: 6}, outcomes(s.EnsureAccounts(ctx, specs, nil))); diff != "" {
		t.Errorf("rerun outcomes mismatch (-want +got):\n%s", diff)
	}
	for email, n := range countStaff(e.w) {
		if n != 1 {
			t.Errorf("%s exists %d times", email, n)
		}
	}
	if len(countStaff(e.w)) != 6 {
		t.Errorf("%d staff accounts exist, want 6", len(countStaff(e.w)))
	}
}

func testLag(t *testing.T, e *env) {
	ctx := t.Context()
	s := e.service(t, superEU)
	e.srv.SetReadAfterWriteLag(3)
	ou, outcome, err := s.EnsureOrgUnit(ctx, "/Lagging/Deep")
	if err != nil || outcome != resellerkit.OutcomeCreated {
		t.Fatalf("EnsureOrgUnit under lag = %+v, %v, %v", ou, outcome, err)
	}
	res, err := s.EnsureAccount(ctx, domains.AccountSpec{Email: "lag@" + euDomain, GivenName: "L", FamilyName: "G", OrgUnitPath: "/Lagging/Deep"})
	if err != nil || res.Outcome != resellerkit.OutcomeCreated || res.Account.OrgUnitPath != "/Lagging/Deep" {
		t.Fatalf("EnsureAccount under lag = %+v, %v", res, err)
	}
	if got, err := s.GetAccount(ctx, "lag@"+euDomain); err != nil || got.ID != res.Account.ID {
		t.Errorf("GetAccount after EnsureAccount = %+v, %v; want it visible at once", got, err)
	}
}

func testListAccounts(t *testing.T, e *env) {
	ctx := t.Context()
	s := e.service(t, superEU)
	e.w.SetPageCap(2)
	for _, sp := range staffSpecs(7) {
		if _, err := s.EnsureAccount(ctx, sp); err != nil {
			t.Fatal(err)
		}
	}
	all, err := resellerkit.Collect(s.ListAccounts(ctx, euDomain, nil))
	if err != nil {
		t.Fatal(err)
	}
	var emails []string
	for _, a := range all {
		emails = append(emails, a.Email)
	}
	want := []string{"admin@" + euDomain, "ana@" + euDomain, "olle@" + euDomain,
		"staff01@" + euDomain, "staff02@" + euDomain, "staff04@" + euDomain, "staff05@" + euDomain}
	if diff := cmp.Diff(want, emails); diff != "" {
		t.Errorf("ListAccounts(%s) mismatch (-want +got):\n%s", euDomain, diff)
	}
	staff, err := resellerkit.Collect(s.ListAccounts(ctx, usDomain, &domains.ListAccountsOptions{OrgUnitPath: "/Staff"}))
	if err != nil {
		t.Fatal(err)
	}
	var us []string
	for _, a := range staff {
		us = append(us, a.Email)
	}
	if diff := cmp.Diff([]string{opsUS, "staff00@" + usDomain, "staff03@" + usDomain, "staff06@" + usDomain}, us); diff != "" {
		t.Errorf("ListAccounts(%s in /Staff) mismatch (-want +got):\n%s", usDomain, diff)
	}
	p, err := s.ListAccountsPage(ctx, euDomain, nil, resellerkit.PageRequest{Size: 3})
	if err != nil || len(p.Items) != 2 || p.NextPageToken == "" {
		t.Errorf("ListAccountsPage = %d items, next %q, %v; want the cap of 2 and a next page", len(p.Items), p.NextPageToken, err)
	}
}

// BenchmarkEnsureAccounts measures a bulk setup of 200 accounts over the
// fake served in-process (the Conn, the generated clients and google.go;
// no socket, no pacing): creating them, then the idempotent rerun.
func BenchmarkEnsureAccounts(b *testing.B) {
	specs := make([]domains.AccountSpec, 200)
	for i := range specs {
		specs[i] = domains.AccountSpec{Email: fmt.Sprintf("bench%03d@%s", i, euDomain), GivenName: "B", FamilyName: fmt.Sprint(i), OrgUnitPath: "/Staff"}
	}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		e := newEnv(b)
		s := e.service(b, superEU)
		b.StartTimer()
		for _, r := range s.EnsureAccounts(b.Context(), specs, nil) {
			if r.Outcome != resellerkit.OutcomeCreated {
				b.Fatal(r.Err)
			}
		}
		for _, r := range s.EnsureAccounts(b.Context(), specs, nil) {
			if r.Outcome != resellerkit.OutcomeUnchanged {
				b.Fatal(r.Err)
			}
		}
	}
}
