package domains_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/internal/errs"
)

// The rule tests: each builds its own World, served in-process, and counts
// the calls the Service sends (see helpers_test.go).

// ignoreAccountNoise compares accounts without the fields the fake fills
// from its clock and counters.
var ignoreAccountNoise = cmpopts.IgnoreFields(domains.Account{}, "ID", "CreationTime", "LastLoginTime", "ETag")

// ignorePassword compares results without their secret; tests check it
// separately.
var ignorePassword = cmpopts.IgnoreFields(domains.AccountResult{}, "InitialPassword")

func TestResellerAccountDomains(t *testing.T) {
	t.Parallel()
	got, err := newEnv(t).service(t, superEU).ResellerAccount(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := domains.ResellerAccount{
		CustomerID: resellerID,
		Domains: []domains.Domain{
			{Name: euDomain, Primary: true, Verified: true, Aliases: []domains.DomainAlias{{Name: "rs-eu.example", Verified: true}}},
			{Name: newDomain},
			{Name: usDomain, Verified: true},
		},
	}
	if diff := cmp.Diff(want, got, cmpIgnoreTimes); diff != "" {
		t.Errorf("ResellerAccount mismatch (-want +got):\n%s", diff)
	}
	if p, ok := got.Primary(); !ok || p.Name != euDomain {
		t.Errorf("Primary() = %v, %v", p, ok)
	}
	if diff := cmp.Diff([]string{newDomain, usDomain}, names(got.Secondary())); diff != "" {
		t.Errorf("Secondary mismatch (-want +got):\n%s", diff)
	}
	if d, ok := got.Domain("Reseller-US.Example."); !ok || d.Name != usDomain {
		t.Errorf("Domain(Reseller-US.Example.) = %v, %v; want the D3-normalised match", d, ok)
	}
}

// TestResellerAccountCustomerID: the customer ID is read through the Conn's
// actor (rule D1's acting account), or is the one given to WithCustomer. A
// Conn that does not say whom it acts as cannot give it: ResellerAccount
// refuses before any call, rather than return an account without its ID.
func TestResellerAccountCustomerID(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	e := newEnv(t)
	if acct, err := e.service(t, superEU).ResellerAccount(ctx); err != nil || acct.CustomerID != resellerID {
		t.Errorf("actor %s: CustomerID = %q, %v; want %s", superEU, acct.CustomerID, err, resellerID)
	}
	given, err := domains.New(e.anonymousConn(t, superEU), domains.WithCustomer(resellerID))
	if err != nil {
		t.Fatal(err)
	}
	if acct, err := given.ResellerAccount(ctx); err != nil || acct.CustomerID != resellerID || len(acct.Domains) != 3 {
		t.Errorf("WithCustomer, no actor: %+v, %v; want %s and its 3 domains", acct, err, resellerID)
	}

	e = newEnv(t)
	anon, err := domains.New(e.anonymousConn(t, superEU))
	if err != nil {
		t.Fatal(err)
	}
	_, err = anon.ResellerAccount(ctx)
	if !errors.Is(err, domains.ErrUnknownActor) || !errors.Is(err, resellerkit.ErrFailedPrecondition) ||
		!strings.Contains(err.Error(), "resellerkit.WithActor") {
		t.Errorf("D1 no actor: ResellerAccount = %v, want ErrUnknownActor saying to use resellerkit.WithActor", err)
	}
	if n := e.rec.count("directory.domains.list") + e.rec.count("directory.users.get"); n != 0 {
		t.Errorf("%d calls before the actor check, want 0", n)
	}
	// What does not depend on the actor works without one.
	if ds, err := anon.ListDomains(ctx); err != nil || len(ds) != 3 {
		t.Errorf("no actor: ListDomains = %d domains, %v; want 3", len(ds), err)
	}
}

func names(ds []domains.Domain) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Name)
	}
	return out
}

func TestEnsureAccount(t *testing.T) {
	t.Parallel()
	spec := domains.AccountSpec{Email: "Bo@Reseller-US.Example.", GivenName: " Bo ", FamilyName: "Ek", OrgUnitPath: "/Staff/"}
	normSpec := domains.AccountSpec{Email: "bo@" + usDomain, GivenName: "Bo", FamilyName: "Ek", OrgUnitPath: "/Staff"}

	t.Run("created with a generated password to change at next login", func(t *testing.T) {
		t.Parallel()
		ctx := t.Context()
		e := newEnv(t)
		s := e.service(t, superEU)
		res, err := s.EnsureAccount(ctx, spec)
		if err != nil {
			t.Fatal(err)
		}
		want := domains.AccountResult{
			Spec:    normSpec,
			Outcome: resellerkit.OutcomeCreated,
			Account: domains.Account{Email: "bo@" + usDomain, Domain: usDomain, CustomerID: resellerID,
				GivenName: "Bo", FamilyName: "Ek", OrgUnitPath: "/Staff", ChangePasswordAtNextLogin: true},
		}
		if diff := cmp.Diff(want, res, ignorePassword, ignoreAccountNoise); diff != "" {
			t.Errorf("EnsureAccount mismatch (-want +got):\n%s", diff)
		}
		if id, err := e.w.UserID("bo@" + usDomain); err != nil || res.Account.ID != id {
			t.Errorf("Account.ID = %q, want the World's %q (%v)", res.Account.ID, id, err)
		}
		pw := res.InitialPassword.Reveal()
		if len(pw) < 8 || len(pw) > 100 {
			t.Errorf("initial password has %d characters, want 8 to 100", len(pw))
		}
		sent, ok := e.rec.insertedUser("bo@" + usDomain)
		if !ok || sent.Password != pw || !sent.ChangePasswordAtNextLogin {
			t.Errorf("users.insert sent (password matches: %v, change at next login: %v); want the returned password, to change at next login",
				sent.Password == pw, sent.ChangePasswordAtNextLogin)
		}
		// A second run changes nothing.
		again, err := s.EnsureAccount(ctx, spec)
		if err != nil || again.Outcome != resellerkit.OutcomeUnchanged || !again.InitialPassword.IsZero() {
			t.Errorf("second EnsureAccount = %v, %v (password set: %v); want unchanged, no password", again.Outcome, err, !again.InitialPassword.IsZero())
		}
		if n := e.rec.count("directory.users.insert"); n != 1 {
			t.Errorf("users.insert called %d times, want 1", n)
		}
	})

	t.Run("S3 existing account elsewhere is moved to the org unit", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		if _, err := e.w.AddUser(resellerID, fake.UserSeed{Email: "bo@" + usDomain, GivenName: "Bo", FamilyName: "Ek"}); err != nil {
			t.Fatal(err)
		}
		res, err := e.service(t, superEU).EnsureAccount(t.Context(), spec)
		if err != nil {
			t.Fatal(err)
		}
		if res.Outcome != resellerkit.OutcomeUpdated || res.Account.OrgUnitPath != "/Staff" || !res.InitialPassword.IsZero() {
			t.Errorf("EnsureAccount = %v in %q (password set %v), want updated in /Staff without a password",
				res.Outcome, res.Account.OrgUnitPath, !res.InitialPassword.IsZero())
		}
		if n := e.rec.count("directory.users.insert"); n != 0 {
			t.Errorf("users.insert called %d times for an existing account, want 0", n)
		}
	})

	t.Run("existing account in the org unit (case-insensitive) is unchanged", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		res, err := e.service(t, superEU).EnsureAccount(t.Context(),
			domains.AccountSpec{Email: "ana@" + euDomain, GivenName: "X", FamilyName: "Y", OrgUnitPath: "/STAFF"})
		if err != nil || res.Outcome != resellerkit.OutcomeUnchanged {
			t.Fatalf("EnsureAccount = %v, %v; want unchanged", res.Outcome, err)
		}
		if res.Account.GivenName != "Ana" {
			t.Errorf("names of an existing account changed to %q", res.Account.GivenName)
		}
		if n := e.rec.count("directory.users.patch") + e.rec.count("directory.users.insert"); n != 0 {
			t.Errorf("%d writes for an unchanged account, want 0", n)
		}
	})

	t.Run("D4 unverified secondary domain: typed error, nothing written", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		res, err := e.service(t, superEU).EnsureAccount(t.Context(),
			domains.AccountSpec{Email: "cy@" + newDomain, GivenName: "Cy", FamilyName: "Ho", OrgUnitPath: "/Staff"})
		if !errors.Is(err, domains.ErrDomainNotVerified) || !errors.Is(err, resellerkit.ErrFailedPrecondition) {
			t.Fatalf("error = %v, want ErrDomainNotVerified of kind failed precondition", err)
		}
		if res.Outcome != resellerkit.OutcomeFailed || res.Err != err {
			t.Errorf("result = %v / %v, want failed with the same error", res.Outcome, res.Err)
		}
		if !strings.Contains(err.Error(), newDomain) || !strings.Contains(err.Error(), "verify it first") {
			t.Errorf("error %q should name the domain and say to verify it first", err)
		}
		if n := e.rec.count("directory.users.get") + e.rec.count("directory.users.insert"); n != 0 {
			t.Errorf("%d user calls before the D4 check, want 0", n)
		}
	})

	t.Run("address that is an alias of another account", func(t *testing.T) {
		t.Parallel()
		_, err := newEnv(t).service(t, superEU).EnsureAccount(t.Context(),
			domains.AccountSpec{Email: "ana.lind@" + euDomain, GivenName: "A", FamilyName: "L", OrgUnitPath: "/Staff"})
		if !errors.Is(err, domains.ErrAddressIsAlias) || !strings.Contains(err.Error(), "ana@"+euDomain) {
			t.Errorf("error = %v, want ErrAddressIsAlias naming the owner", err)
		}
	})

	t.Run("409 on insert counts as existing, without a password", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		// Someone else creates the account between our get and our insert.
		var (
			once sync.Once
			id   string
			err  error
		)
		e.rec.setBefore(func(method string) {
			if method == "directory.users.insert" {
				once.Do(func() {
					id, err = e.w.AddUser(resellerID, fake.UserSeed{Email: "bo@" + usDomain, GivenName: "Bo", FamilyName: "Ek", OrgUnit: "/Staff"})
				})
			}
		})
		res, ensureErr := e.service(t, superEU).EnsureAccount(t.Context(), spec)
		if err != nil {
			t.Fatal(err)
		}
		if ensureErr != nil || res.Outcome != resellerkit.OutcomeUnchanged || !res.InitialPassword.IsZero() || res.Account.ID != id {
			t.Errorf("EnsureAccount = %+v, %v; want unchanged account %s and no password", res, ensureErr, id)
		}
	})

	t.Run("W5 created account waits until it is served", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.srv.SetReadAfterWriteLag(3)
		res, err := e.service(t, superEU).EnsureAccount(t.Context(), spec)
		if err != nil || res.Outcome != resellerkit.OutcomeCreated || res.Account.Email != "bo@"+usDomain {
			t.Fatalf("EnsureAccount = %v, %v", res.Outcome, err)
		}
		if n := e.rec.count("directory.users.get"); n != 1+3+1 {
			t.Errorf("users.get called %d times, want 5 (before, 3 lagging, visible)", n)
		}
	})

	t.Run("other read errors fail, nothing created", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.srv.Fail(fake.Fault{Method: "directory.users.get", Status: 403, Reason: "forbidden", Message: "Not Authorized to access this resource/api"})
		res, err := e.service(t, superEU).EnsureAccount(t.Context(), spec)
		if !errors.Is(err, resellerkit.ErrPermissionDenied) || res.Outcome != resellerkit.OutcomeFailed {
			t.Errorf("EnsureAccount = %v, %v; want failed, permission denied", res.Outcome, err)
		}
		if e.rec.count("directory.users.insert") != 0 {
			t.Error("insert after a failed read")
		}
	})
}

func TestEnsureAccountValidation(t *testing.T) {
	t.Parallel()
	ok := domains.AccountSpec{Email: "bo@" + usDomain, GivenName: "Bo", FamilyName: "Ek", OrgUnitPath: "/Staff"}
	tests := []struct {
		name  string
		edit  func(*domains.AccountSpec)
		field string
	}{
		{"bad email", func(s *domains.AccountSpec) { s.Email = "bo" }, "AccountSpec.Email"},
		{"user name with +", func(s *domains.AccountSpec) { s.Email = "bo+x@" + usDomain }, "AccountSpec.Email"},
		{"user name with two dots", func(s *domains.AccountSpec) { s.Email = "bo..ek@" + usDomain }, "AccountSpec.Email"},
		{"user name ending in a dot", func(s *domains.AccountSpec) { s.Email = "bo.@" + usDomain }, "AccountSpec.Email"},
		{"no given name", func(s *domains.AccountSpec) { s.GivenName = " " }, "AccountSpec.GivenName"},
		{"no family name", func(s *domains.AccountSpec) { s.FamilyName = "" }, "AccountSpec.FamilyName"},
		{"41-character name (boundary)", func(s *domains.AccountSpec) { s.FamilyName = strings.Repeat("é", 21) + strings.Repeat("a", 20) }, "AccountSpec.FamilyName"},
		{"name with <", func(s *domains.AccountSpec) { s.GivenName = "<b>" }, "AccountSpec.GivenName"},
		{"S3 org unit required", func(s *domains.AccountSpec) { s.OrgUnitPath = "" }, "AccountSpec.OrgUnitPath"},
		{"relative org unit", func(s *domains.AccountSpec) { s.OrgUnitPath = "Staff" }, "AccountSpec.OrgUnitPath"},
	}
	e := newEnv(t)
	s := e.service(t, superEU)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			spec := ok
			tc.edit(&spec)
			_, err := s.EnsureAccount(t.Context(), spec)
			wantField(t, err, tc.field)
		})
	}
	if n := e.rec.count("directory.domains.list"); n != 0 {
		t.Errorf("%d calls before validation failed, want 0", n)
	}
	t.Run("40-character name (boundary) is fine", func(t *testing.T) {
		// 40 characters in 60 bytes: the limit counts characters.
		spec := ok
		spec.FamilyName = strings.Repeat("é", 20) + strings.Repeat("a", 20)
		if _, err := s.EnsureAccount(t.Context(), spec); err != nil {
			t.Fatal(err)
		}
	})
}

func TestEnsureAccountsBulk(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	e := newEnv(t)
	s := e.service(t, superEU)
	specs := []domains.AccountSpec{
		{Email: "ana@" + euDomain, GivenName: "Ana", FamilyName: "Lind", OrgUnitPath: "/Staff"},
		{Email: "bo@" + usDomain, GivenName: "Bo", FamilyName: "Ek", OrgUnitPath: "/Staff"},
		{Email: "cy@" + newDomain, GivenName: "Cy", FamilyName: "Ho", OrgUnitPath: "/Staff"},
		{Email: "BO@" + usDomain + ".", GivenName: "Bo", FamilyName: "Ek", OrgUnitPath: "/Staff"},
		{Email: "dee@" + euDomain, GivenName: "Dee", FamilyName: "Ra", OrgUnitPath: "/Staff"},
	}
	var progress []resellerkit.Progress
	var mu sync.Mutex
	opts := &resellerkit.BulkOptions{Concurrency: 3, OnProgress: func(p resellerkit.Progress) {
		mu.Lock()
		progress = append(progress, p)
		mu.Unlock()
	}}
	res := s.EnsureAccounts(ctx, specs, opts)
	outcomes := func(rs []domains.AccountResult) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r.Spec.Email+" "+r.Outcome.String())
		}
		return out
	}
	want := []string{
		"ana@" + euDomain + " unchanged",
		"bo@" + usDomain + " created",
		"cy@" + newDomain + " failed",
		"bo@" + usDomain + " failed",
		"dee@" + euDomain + " created",
	}
	if diff := cmp.Diff(want, outcomes(res)); diff != "" {
		t.Errorf("first run mismatch (-want +got):\n%s", diff)
	}
	if !errors.Is(res[2].Err, domains.ErrDomainNotVerified) {
		t.Errorf("item 2: %v, want D4's ErrDomainNotVerified", res[2].Err)
	}
	wantField(t, res[3].Err, "specs[3].Email")
	if len(progress) != len(specs) || progress[len(progress)-1] != (resellerkit.Progress{Done: 5, Total: 5, Failed: 2}) {
		t.Errorf("progress = %v, want 5 reports ending at 5/5 with 2 failed", progress)
	}
	if n := e.rec.count("directory.domains.list"); n != 1 {
		t.Errorf("domains.list called %d times, want once per bulk job", n)
	}

	// Idempotent: a second run changes nothing.
	again := s.EnsureAccounts(ctx, []domains.AccountSpec{specs[0], specs[1], specs[4]}, nil)
	wantAgain := []string{"ana@" + euDomain + " unchanged", "bo@" + usDomain + " unchanged", "dee@" + euDomain + " unchanged"}
	if diff := cmp.Diff(wantAgain, outcomes(again)); diff != "" {
		t.Errorf("second run mismatch (-want +got):\n%s", diff)
	}
}

// TestEnsureAccountsFaults injects faults in the middle of a bulk run, as
// they reach the Service once the Conn's retries are spent (a Conn without
// retries): a throttling error, a 503, and a create whose answer is lost
// after it succeeded. The failed items say so with retryable errors; the
// lost answer's account is read back and reported created with its
// password (rule W1); nothing is lost, nothing is duplicated, and a rerun
// finishes the job.
func TestEnsureAccountsFaults(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	e := newEnvNoRetry(t)
	s := e.service(t, superEU)
	var specs []domains.AccountSpec
	for i := range 30 {
		specs = append(specs, domains.AccountSpec{Email: fmt.Sprintf("staff%02d@%s", i, euDomain), GivenName: "S", FamilyName: fmt.Sprint(i), OrgUnitPath: "/Staff"})
	}
	e.srv.Fail(fake.Fault{Method: "directory.users.insert", Status: 403, Reason: "userRateLimitExceeded", Skip: 4, Count: 1})
	e.srv.Fail(fake.Fault{Method: "directory.users.insert", Status: 503, Reason: "backendError", Skip: 8, Count: 1})
	e.srv.Fail(fake.Fault{Method: "directory.users.insert", Status: 503, Reason: "backendError", AfterApply: true, Skip: 11, Count: 1})
	first := s.EnsureAccounts(ctx, specs, &resellerkit.BulkOptions{Concurrency: 4})
	failed := 0
	for _, r := range first {
		if r.Outcome == resellerkit.OutcomeCreated {
			if sent, ok := e.rec.insertedUser(r.Spec.Email); !ok || r.InitialPassword.Reveal() != sent.Password {
				t.Errorf("%s created without the password it was sent with", r.Spec.Email)
			}
		}
		if r.Outcome != resellerkit.OutcomeFailed {
			continue
		}
		failed++
		if !resellerkit.IsRetryable(r.Err) {
			t.Errorf("%s failed with %v, want a retryable error", r.Spec.Email, r.Err)
		}
		for _, sp := range specs {
			if sent, ok := e.rec.insertedUser(sp.Email); ok && strings.Contains(r.Err.Error(), sent.Password) {
				t.Errorf("error leaks a password: %v", r.Err)
			}
		}
	}
	if failed != 2 {
		t.Errorf("%d items failed in the first run, want 2 (throttled, 503; the lost answer's account is found)", failed)
	}
	if n := e.w.FaultsPending(); n != 0 {
		t.Errorf("%d faults did not fire", n)
	}
	// The rerun (what a caller's retry does, or the Service's own resend
	// in one go) finishes the job.
	second := s.EnsureAccounts(ctx, specs, nil)
	created := 0
	for i, r := range second {
		switch r.Outcome {
		case resellerkit.OutcomeFailed:
			t.Errorf("rerun item %d failed: %v", i, r.Err)
		case resellerkit.OutcomeCreated:
			created++
		}
	}
	if created != 2 {
		t.Errorf("rerun created %d accounts, want 2 (the throttled and the 503 ones)", created)
	}
	counts := countStaff(e.w)
	for _, sp := range specs {
		if counts[sp.Email] != 1 {
			t.Errorf("%s exists %d times, want once: lost or duplicated", sp.Email, counts[sp.Email])
		}
	}
	for i, r := range s.EnsureAccounts(ctx, specs, nil) {
		if r.Outcome != resellerkit.OutcomeUnchanged {
			t.Errorf("third run item %d = %v, want unchanged", i, r.Outcome)
		}
	}
}

func TestEnsureAccountsCanceled(t *testing.T) {
	t.Parallel()
	s := newEnv(t).service(t, superEU)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	res := s.EnsureAccounts(ctx, []domains.AccountSpec{{Email: "x@" + euDomain, GivenName: "X", FamilyName: "Y", OrgUnitPath: "/Staff"}}, nil)
	if len(res) != 1 || res[0].Outcome != resellerkit.OutcomeFailed || !errors.Is(res[0].Err, resellerkit.ErrCanceled) {
		t.Errorf("EnsureAccounts on a canceled context = %+v, want one failed, canceled result", res)
	}
}

func TestEnsureOrgUnitS3(t *testing.T) {
	t.Parallel()
	t.Run("S3 created with its parents", func(t *testing.T) {
		t.Parallel()
		ctx := t.Context()
		e := newEnv(t)
		s := e.service(t, superEU)
		ou, outcome, err := s.EnsureOrgUnit(ctx, "/Staff/Portal/EU/")
		if err != nil {
			t.Fatal(err)
		}
		want := domains.OrgUnit{Path: "/Staff/Portal/EU", Name: "EU", ParentPath: "/Staff/Portal"}
		if diff := cmp.Diff(want, ou, cmpopts.IgnoreFields(domains.OrgUnit{}, "ID", "ETag")); diff != "" || outcome != resellerkit.OutcomeCreated {
			t.Errorf("EnsureOrgUnit = %v, mismatch (-want +got):\n%s", outcome, diff)
		}
		if id, err := e.w.OrgUnitID(resellerID, "/Staff/Portal/EU"); err != nil || ou.ID != id {
			t.Errorf("OrgUnit.ID = %q, want the World's %q (%v)", ou.ID, id, err)
		}
		again, outcome, err := s.EnsureOrgUnit(ctx, "/staff/portal/eu")
		if err != nil || outcome != resellerkit.OutcomeUnchanged || again.ID != ou.ID {
			t.Errorf("second EnsureOrgUnit = %+v, %v, %v; want unchanged", again, outcome, err)
		}
		if n := e.rec.count("directory.orgunits.insert"); n != 2 {
			t.Errorf("orgunits.insert called %d times, want 2 (/Staff/Portal, then /Staff/Portal/EU)", n)
		}
	})
	t.Run("S3 top level created under /", func(t *testing.T) {
		t.Parallel()
		ou, outcome, err := newEnv(t).service(t, superEU).EnsureOrgUnit(t.Context(), "/Reseller support")
		if err != nil || outcome != resellerkit.OutcomeCreated || ou.ParentPath != "/" {
			t.Errorf("EnsureOrgUnit = %+v, %v, %v", ou, outcome, err)
		}
	})
	t.Run("S3 existing org unit unchanged", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		ou, outcome, err := e.service(t, superEU).EnsureOrgUnit(t.Context(), "/Staff")
		id, idErr := e.w.OrgUnitID(resellerID, "/Staff")
		if err != nil || idErr != nil || outcome != resellerkit.OutcomeUnchanged || ou.ID != id {
			t.Errorf("EnsureOrgUnit = %+v, %v, %v; want unchanged %s", ou, outcome, err, id)
		}
		if e.rec.count("directory.orgunits.insert") != 0 {
			t.Error("insert for an existing org unit")
		}
	})
	t.Run("root is unchanged without a call", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		ou, outcome, err := e.service(t, superEU).EnsureOrgUnit(t.Context(), "/")
		if err != nil || outcome != resellerkit.OutcomeUnchanged || ou.Path != "/" || e.rec.count("directory.orgunits.get") != 0 {
			t.Errorf("EnsureOrgUnit(/) = %+v, %v, %v", ou, outcome, err)
		}
	})
	t.Run("W1 S3 insert whose answer was lost is found and reported created", func(t *testing.T) {
		t.Parallel()
		e := newEnvNoRetry(t)
		e.srv.Fail(fake.Fault{Method: "directory.orgunits.insert", Status: 503, AfterApply: true, Count: 1})
		ou, outcome, err := e.service(t, superEU).EnsureOrgUnit(t.Context(), "/Portal")
		if err != nil || ou.Path != "/Portal" {
			t.Fatalf("EnsureOrgUnit = %+v, %v", ou, err)
		}
		if outcome != resellerkit.OutcomeCreated {
			t.Errorf("outcome %v, want created (this call's insert landed)", outcome)
		}
		if n := e.rec.count("directory.orgunits.insert"); n != 1 {
			t.Errorf("orgunits.insert sent %d times, want 1: the read-back found it", n)
		}
	})
	t.Run("S3 retried insert after a lost answer counts as existing", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.srv.Fail(fake.Fault{Method: "directory.orgunits.insert", Status: 503, AfterApply: true, Count: 1})
		ou, _, err := e.service(t, superEU).EnsureOrgUnit(t.Context(), "/Portal")
		if err != nil || ou.Path != "/Portal" {
			t.Fatalf("EnsureOrgUnit = %+v, %v", ou, err)
		}
		if n := len(orgUnitsUnder(e.w, "/portal")); n != 1 {
			t.Errorf("%d org units /Portal in the world, want 1", n)
		}
	})
	t.Run("W5 lag after create", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.srv.SetReadAfterWriteLag(2)
		ou, outcome, err := e.service(t, superEU).EnsureOrgUnit(t.Context(), "/A/B")
		if err != nil || ou.Path != "/A/B" || outcome != resellerkit.OutcomeCreated {
			t.Fatalf("EnsureOrgUnit = %+v, %v, %v", ou, outcome, err)
		}
	})
	t.Run("invalid path", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		_, outcome, err := e.service(t, superEU).EnsureOrgUnit(t.Context(), "Staff")
		wantField(t, err, "path")
		if outcome != resellerkit.OutcomeFailed {
			t.Errorf("outcome %v, want failed", outcome)
		}
	})
	t.Run("insert error stands when the org unit does not exist", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.srv.Fail(fake.Fault{Method: "directory.orgunits.insert", Status: 403, Reason: "forbidden", Message: "Not Authorized"})
		_, outcome, err := e.service(t, superEU).EnsureOrgUnit(t.Context(), "/New")
		if !errors.Is(err, resellerkit.ErrPermissionDenied) || outcome != resellerkit.OutcomeFailed {
			t.Errorf("EnsureOrgUnit = %v, %v; want failed, permission denied", outcome, err)
		}
	})
}

// orgUnitsUnder returns the reseller's org unit paths that start with
// prefix, compared case-insensitively.
func orgUnitsUnder(w *fake.World, prefix string) []string {
	var out []string
	for _, tn := range w.Snapshot().Tenants {
		if tn.CustomerID != resellerID {
			continue
		}
		for _, ou := range tn.OrgUnits {
			if strings.HasPrefix(strings.ToLower(ou.Path), prefix) {
				out = append(out, ou.Path)
			}
		}
	}
	return out
}

func TestListAccounts(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	e := newEnv(t)
	e.w.SetPageCap(2)
	for i := range 5 {
		ou := "/Staff"
		if i%2 == 1 {
			ou = "/"
		}
		if _, err := e.w.AddUser(resellerID, fake.UserSeed{Email: fmt.Sprintf("u%d@%s", i, euDomain), GivenName: "U", FamilyName: fmt.Sprint(i), OrgUnit: ou}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.w.AddUser(resellerID, fake.UserSeed{Email: "x@" + usDomain, GivenName: "X", FamilyName: "Y"}); err != nil {
		t.Fatal(err)
	}
	s := e.service(t, superEU)
	got, err := resellerkit.Collect(s.ListAccounts(ctx, "Reseller-EU.example", nil))
	if err != nil {
		t.Fatal(err)
	}
	var emails []string
	for _, a := range got {
		emails = append(emails, a.Email)
		if a.Domain != euDomain {
			t.Errorf("%s: Domain = %q", a.Email, a.Domain)
		}
	}
	want := []string{"admin@" + euDomain, "ana@" + euDomain, "olle@" + euDomain, "u0@" + euDomain, "u1@" + euDomain,
		"u2@" + euDomain, "u3@" + euDomain, "u4@" + euDomain}
	if diff := cmp.Diff(want, emails); diff != "" {
		t.Errorf("ListAccounts mismatch (-want +got):\n%s", diff)
	}
	inStaff, err := resellerkit.Collect(s.ListAccounts(ctx, euDomain, &domains.ListAccountsOptions{OrgUnitPath: "/Staff"}))
	if err != nil || len(inStaff) != 4 {
		t.Errorf("ListAccounts in /Staff = %d accounts, %v; want 4", len(inStaff), err)
	}
	p, err := s.ListAccountsPage(ctx, euDomain, nil, resellerkit.PageRequest{Size: 2})
	if err != nil || len(p.Items) != 2 || p.NextPageToken == "" {
		t.Errorf("ListAccountsPage = %d items, token %q, %v", len(p.Items), p.NextPageToken, err)
	}
	for _, err := range s.ListAccounts(ctx, "not a domain", nil) {
		wantField(t, err, "domain")
	}
}

func TestSuspend(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	e := newEnv(t)
	s := e.service(t, superEU)
	a, o, err := s.Suspend(ctx, "ANA@"+euDomain)
	if err != nil || o != resellerkit.OutcomeUpdated || !a.Suspended || a.State() != domains.StateSuspended {
		t.Fatalf("Suspend = %v %v %v", a.State(), o, err)
	}
	if _, o, _ := s.Suspend(ctx, "ana@"+euDomain); o != resellerkit.OutcomeUnchanged {
		t.Errorf("second Suspend = %v, want unchanged", o)
	}
	id, err := e.w.UserID("ana@" + euDomain)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.GetAccount(ctx, id)
	if err != nil || !got.Suspended {
		t.Errorf("GetAccount by ID = %+v, %v; want suspended", got, err)
	}
	a, o, err = s.Unsuspend(ctx, "ana@"+euDomain)
	if err != nil || o != resellerkit.OutcomeUpdated || a.Suspended || a.State() != domains.StateActive {
		t.Errorf("Unsuspend = %v %v %v", a.State(), o, err)
	}
	if _, o, _ := s.Unsuspend(ctx, "ana@"+euDomain); o != resellerkit.OutcomeUnchanged {
		t.Errorf("second Unsuspend = %v, want unchanged", o)
	}
	if _, _, err := s.Suspend(ctx, "nobody@"+euDomain); !errors.Is(err, resellerkit.ErrNotFound) {
		t.Errorf("Suspend(unknown) = %v, want not found", err)
	}
	if _, _, err := s.Suspend(ctx, "bad key!"); !errors.Is(err, resellerkit.ErrInvalidArgument) {
		t.Errorf("Suspend(bad key) = %v, want invalid argument", err)
	}
}

func TestListCustomersD1D5(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	plans, err := domains.NewPlanTable(map[string]domains.SupportPlan{"C0cus0001": domains.PlanPremium, "Globex.Example.": domains.PlanEnhanced})
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t)
	e.w.SetPageCap(2) // customers span pages; initech's subscriptions too
	// Each lookup takes a little while, so concurrent ones overlap.
	e.srv.Fail(fake.Fault{Method: "reseller.customers.get", Latency: 5 * time.Millisecond})
	s := e.service(t, superEU, domains.WithPlanSource(plans), domains.WithLookupConcurrency(2))

	got, err := resellerkit.Collect(s.ListCustomers(ctx, "Reseller-EU.example.", nil))
	if err != nil {
		t.Fatal(err)
	}
	want := []domains.Customer{
		{ID: "C0cus0001", Domain: "acme.example", ResellerDomain: euDomain, AccessGranted: true, DomainVerified: true, Plan: domains.PlanPremium},
		{ID: "C0cus0002", Domain: "globex.example", ResellerDomain: euDomain, AccessGranted: true, DomainVerified: true, Plan: domains.PlanEnhanced},
		{ID: "C0cus0005", Domain: "hooli.example", ResellerDomain: euDomain, AccessGranted: true, DomainVerified: true},
		// Rule D5: listed, marked as not granted, never dropped.
		{ID: "C0cus0003", Domain: "initech.example", ResellerDomain: euDomain, AccessGranted: false},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ListCustomers mismatch (-want +got):\n%s", diff)
	}
	if n := e.rec.peakInflight("reseller.customers.get"); n > 2 {
		t.Errorf("%d customers.get calls ran at once, want at most 2", n)
	}
	if n := e.rec.count("reseller.customers.get"); n != 4 {
		t.Errorf("customers.get called %d times, want once per distinct customer (4)", n)
	}

	// The sequence can be ranged over again and gives the same customers.
	again, err := resellerkit.Collect(s.ListCustomers(ctx, euDomain, nil))
	if err != nil || len(again) != len(want) {
		t.Errorf("second range = %d customers, %v; want %d", len(again), err, len(want))
	}

	// Rule D1: an account on reseller-eu sees no customer of reseller-us,
	// and asking for them is an error that says what to do.
	for _, err := range s.ListCustomers(ctx, usDomain, nil) {
		if !errors.Is(err, domains.ErrOtherDomain) || !errors.Is(err, resellerkit.ErrInvalidArgument) || !strings.Contains(err.Error(), usDomain) {
			t.Errorf("D1: ListCustomers(other domain) = %v, want ErrOtherDomain naming %s", err, usDomain)
		}
	}
	gotUS, err := resellerkit.Collect(e.service(t, opsUS).ListCustomers(ctx, usDomain, nil))
	if err != nil || len(gotUS) != 1 || gotUS[0].ID != "C0cus0004" || gotUS[0].ResellerDomain != usDomain {
		t.Errorf("D1: customers of %s = %+v, %v; want only C0cus0004", usDomain, gotUS, err)
	}
}

// TestCustomersNeedActorD1: the Reseller API answers for the reseller domain
// of the account the Conn acts as. A Conn that does not say whom it acts as
// would list that domain's customers under whatever domain the caller
// named, so the customer methods refuse, before any call, with an error
// that says how to name the account.
func TestCustomersNeedActorD1(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	e := newEnv(t)
	// A token of an account on reseller-us: Google would answer for
	// reseller-us, whatever the caller asks.
	s, err := domains.New(e.anonymousConn(t, opsUS))
	if err != nil {
		t.Fatal(err)
	}
	check := func(what string, err error) {
		t.Helper()
		if !errors.Is(err, domains.ErrUnknownActor) || !errors.Is(err, resellerkit.ErrFailedPrecondition) ||
			!strings.Contains(err.Error(), "resellerkit.WithSubject") || !strings.Contains(err.Error(), "resellerkit.WithActor") {
			t.Errorf("D1 %s without an actor = %v, want ErrUnknownActor naming resellerkit.WithSubject and WithActor", what, err)
		}
	}
	_, err = resellerkit.Collect(s.ListCustomers(ctx, euDomain, nil))
	check("ListCustomers", err)
	_, err = s.GetCustomer(ctx, euDomain, "C0cus0001")
	check("GetCustomer", err)
	if n := e.rec.count("reseller.subscriptions.list") + e.rec.count("reseller.customers.get"); n != 0 {
		t.Errorf("%d Reseller API calls without an actor, want 0", n)
	}
	// Invalid input is still reported first, naming the field.
	_, err = resellerkit.Collect(s.ListCustomers(ctx, "not a domain", nil))
	wantField(t, err, "resellerDomain")
	// Subscriptions are listed as Google lists them for the token.
	subs, err := resellerkit.Collect(s.ListSubscriptions(ctx, nil))
	if err != nil || len(subs) != 1 || subs[0].CustomerDomain != "umbrella.example" {
		t.Errorf("ListSubscriptions without an actor = %+v, %v; want umbrella's one", subs, err)
	}
}

func TestListCustomersErrors(t *testing.T) {
	t.Parallel()
	t.Run("D5 only 403 marks not granted; other errors fail the listing", func(t *testing.T) {
		t.Parallel()
		e := newEnvNoRetry(t)
		e.srv.Fail(fake.Fault{Method: "reseller.customers.get", Status: 503, Reason: "backendError", Message: "down"})
		var errs []error
		n := 0
		for _, err := range e.service(t, superEU).ListCustomers(t.Context(), euDomain, nil) {
			if err != nil {
				errs = append(errs, err)
				continue
			}
			n++
		}
		if len(errs) != 1 || !errors.Is(errs[0], resellerkit.ErrUnavailable) || n != 0 {
			t.Errorf("got %d customers and errors %v, want one unavailable error", n, errs)
		}
	})
	t.Run("plan source errors fail the listing", func(t *testing.T) {
		t.Parallel()
		s := newEnv(t).service(t, superEU, domains.WithPlanSource(failingPlans{}))
		_, err := resellerkit.Collect(s.ListCustomers(t.Context(), euDomain, nil))
		if err == nil || !strings.Contains(err.Error(), "support plan") || !errors.Is(err, resellerkit.ErrUnavailable) {
			t.Errorf("error = %v, want an unavailable one about the support plan", err)
		}
	})
	t.Run("break stops fetching", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.w.SetPageCap(1)
		for range e.service(t, superEU).ListCustomers(t.Context(), euDomain, nil) {
			break
		}
		if n := e.rec.count("reseller.subscriptions.list"); n != 1 {
			t.Errorf("subscriptions.list called %d times after a break on the first customer, want 1", n)
		}
	})
	t.Run("name prefix", func(t *testing.T) {
		t.Parallel()
		got, err := resellerkit.Collect(newEnv(t).service(t, superEU).ListCustomers(t.Context(), euDomain, &domains.ListCustomersOptions{NamePrefix: "glo"}))
		if err != nil || len(got) != 1 || got[0].ID != "C0cus0002" {
			t.Errorf("prefix glo = %+v, %v", got, err)
		}
	})
}

type failingPlans struct{}

func (failingPlans) SupportPlan(context.Context, string, string) (domains.SupportPlan, error) {
	return domains.PlanUnknown, errs.Errorf(resellerkit.KindUnavailable, "billing", "billing system down")
}

func TestGetCustomerD5(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := newEnv(t).service(t, superEU)
	c, err := s.GetCustomer(ctx, euDomain, "C0cus0001")
	if err != nil || !c.AccessGranted || c.Domain != "acme.example" || c.Plan != domains.PlanPremium {
		t.Errorf("GetCustomer(acme) = %+v, %v", c, err)
	}
	c, err = s.GetCustomer(ctx, euDomain, "C0cus0003")
	if err != nil || c.AccessGranted || c.ID != "C0cus0003" || c.Domain != "initech.example" {
		t.Errorf("D5: GetCustomer(revoked initech) = %+v, %v; want listed, not granted", c, err)
	}
	if _, err := s.GetCustomer(ctx, euDomain, "C9"); !errors.Is(err, resellerkit.ErrNotFound) {
		t.Errorf("GetCustomer(unknown) = %v, want not found", err)
	}
	_, err = s.GetCustomer(ctx, euDomain, "C0cus0004")
	if !errors.Is(err, domains.ErrCustomerNotManaged) || !errors.Is(err, resellerkit.ErrPermissionDenied) {
		t.Errorf("D1: GetCustomer(customer of another domain) = %v, want ErrCustomerNotManaged", err)
	}
	if _, err := s.GetCustomer(ctx, euDomain, ""); !errors.Is(err, resellerkit.ErrInvalidArgument) {
		t.Errorf("GetCustomer(\"\") = %v, want invalid argument", err)
	}
}

func TestListSubscriptions(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.w.SetPageCap(1)
	got, err := resellerkit.Collect(e.service(t, superEU).ListSubscriptions(t.Context(), &domains.ListSubscriptionsOptions{CustomerID: "C0cus0003"}))
	if err != nil || len(got) != 2 || got[0].CustomerDomain != "initech.example" || got[1].CustomerDomain != "initech.example" {
		t.Errorf("ListSubscriptions(C0cus0003) = %+v, %v", got, err)
	}
	if n := e.rec.count("reseller.subscriptions.list"); n != 2 {
		t.Errorf("subscriptions.list called %d times, want 2 pages", n)
	}
}

func TestCheckUsableD4(t *testing.T) {
	t.Parallel()
	acct := domains.ResellerAccount{Domains: []domains.Domain{
		{Name: "primary.example", Primary: true, Verified: false, Aliases: []domains.DomainAlias{{Name: "alias.example", Verified: true}}},
		{Name: "second.example", Verified: true},
		{Name: "pending.example", Verified: false},
	}}
	tests := []struct {
		name     string
		domain   string
		kind     resellerkit.Kind
		sentinel error
	}{
		{"D4 verified secondary is usable", "second.example", resellerkit.KindUnknown, nil},
		{"D4 verified secondary, spelled otherwise (D3)", "Second.Example.", resellerkit.KindUnknown, nil},
		{"D4 unverified primary is usable (grace period)", "primary.example", resellerkit.KindUnknown, nil},
		{"D4 unverified secondary must be verified first", "pending.example", resellerkit.KindFailedPrecondition, domains.ErrDomainNotVerified},
		{"alias cannot hold primary addresses", "alias.example", resellerkit.KindInvalidArgument, domains.ErrNotResellerDomain},
		{"unknown domain", "other.example", resellerkit.KindInvalidArgument, domains.ErrNotResellerDomain},
		{"invalid domain", "not a domain", resellerkit.KindInvalidArgument, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := acct.CheckUsable(tc.domain)
			if got := resellerkit.KindOf(err); got != tc.kind {
				t.Fatalf("CheckUsable(%q) kind = %v (%v), want %v", tc.domain, got, err, tc.kind)
			}
			if tc.sentinel != nil && !errors.Is(err, tc.sentinel) {
				t.Errorf("CheckUsable(%q) = %v, want it to wrap %v", tc.domain, err, tc.sentinel)
			}
		})
	}
	_, err := acct.CheckUsable("pending.example")
	if !strings.Contains(err.Error(), "verify it first") {
		t.Errorf("D4 error %q does not say to verify the domain first", err)
	}
	var de *domains.DomainError
	if !errors.As(err, &de) || de.Domain != "pending.example" {
		t.Errorf("D4 error %v: want a *DomainError naming pending.example", err)
	}
}

func TestAccountState(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		a    domains.Account
		want domains.AccountState
	}{
		{domains.Account{}, domains.StateActive},
		{domains.Account{Suspended: true}, domains.StateSuspended},
		{domains.Account{Archived: true}, domains.StateArchived},
		{domains.Account{Archived: true, Suspended: true}, domains.StateArchived},
	} {
		if got := tc.a.State(); got != tc.want {
			t.Errorf("State(%+v) = %v, want %v", tc.a, got, tc.want)
		}
	}
}

func TestPlanTable(t *testing.T) {
	t.Parallel()
	tbl, err := domains.NewPlanTable(map[string]domains.SupportPlan{"C1": domains.PlanPremium, "Bücher.Example.": domains.PlanStandard})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		id, dom string
		want    domains.SupportPlan
	}{
		{"C1", "", domains.PlanPremium},
		{"C2", "xn--bcher-kva.example", domains.PlanStandard},
		{"C2", "BÜCHER.example", domains.PlanStandard},
		{"C2", "other.example", domains.PlanUnknown},
		{"", "", domains.PlanUnknown},
	} {
		got, err := tbl.SupportPlan(t.Context(), tc.id, tc.dom)
		if err != nil || got != tc.want {
			t.Errorf("SupportPlan(%q, %q) = %q, %v; want %q", tc.id, tc.dom, got, err, tc.want)
		}
	}
	if _, err := domains.NewPlanTable(map[string]domains.SupportPlan{"C1": "Gold"}); !errors.Is(err, resellerkit.ErrInvalidArgument) {
		t.Errorf("unknown plan: %v, want invalid argument", err)
	}
	if _, err := domains.NewPlanTable(map[string]domains.SupportPlan{"bad..example": domains.PlanPremium}); !errors.Is(err, resellerkit.ErrInvalidArgument) {
		t.Errorf("bad domain key: %v, want invalid argument", err)
	}
	var nilTable *domains.PlanTable
	if p, err := nilTable.SupportPlan(t.Context(), "C1", ""); p != domains.PlanUnknown || err != nil {
		t.Errorf("nil table = %q, %v", p, err)
	}
}

func TestPasswordNeverPrinted(t *testing.T) {
	t.Parallel()
	for range 200 {
		p := domains.NewPassword()
		s := p.Reveal()
		if len(s) != 20 || !strings.ContainsAny(s, "abcdefghijkmnopqrstuvwxyz") || !strings.ContainsAny(s, "ABCDEFGHJKLMNPQRSTUVWXYZ") ||
			!strings.ContainsAny(s, "23456789") || !strings.ContainsAny(s, "!#%+-=?@^_") {
			t.Fatalf("password %q lacks a character class or has the wrong length", s)
		}
	}
	p := domains.NewPassword()
	secret := p.Reveal()
	res := domains.AccountResult{InitialPassword: p}
	var buf bytes.Buffer
	for _, f := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		fmt.Fprintf(&buf, f+"\n", p)
		fmt.Fprintf(&buf, f+"\n", res)
	}
	slog.New(slog.NewTextHandler(&buf, nil)).Info("result", "password", p, "result", res)
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("result", "password", p, "result", res)
	j, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	buf.Write(j)
	if strings.Contains(buf.String(), secret) {
		t.Fatalf("the password leaked into:\n%s", buf.String())
	}
	if !strings.Contains(buf.String(), "[redacted]") {
		t.Errorf("expected the redacted form in:\n%s", buf.String())
	}
	if a, b := domains.NewPassword().Reveal(), domains.NewPassword().Reveal(); a == b {
		t.Error("two generated passwords are equal")
	}
}
