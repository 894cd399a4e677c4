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
)

// fastAwait keeps visibility polls short in tests.
var fastAwait = domains.WithAwait(resellerkit.AwaitPolicy{Timeout: 2 * time.Second, Interval: time.Millisecond})

func newSeeded(t *testing.T, opts ...domains.Option) (*memBackend, *domains.Service) {
	t.Helper()
	m := newMem()
	seedReseller(m)
	return m, domains.NewWithBackend(m, append([]domains.Option{fastAwait}, opts...)...)
}

// ignorePassword compares results without their secret; tests check it
// separately.
var ignorePassword = cmpopts.IgnoreFields(domains.AccountResult{}, "InitialPassword")

func TestResellerAccountDomains(t *testing.T) {
	t.Parallel()
	_, s := newSeeded(t)
	got, err := s.ResellerAccount(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := domains.ResellerAccount{
		CustomerID: "C0reseller",
		Domains: []domains.Domain{
			{Name: "reseller-eu.example", Primary: true, Verified: true, Aliases: []domains.DomainAlias{{Name: "rs-eu.example", Verified: true}}},
			{Name: "reseller-new.example"},
			{Name: "reseller-us.example", Verified: true},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ResellerAccount mismatch (-want +got):\n%s", diff)
	}
	if p, ok := got.Primary(); !ok || p.Name != "reseller-eu.example" {
		t.Errorf("Primary() = %v, %v", p, ok)
	}
	if diff := cmp.Diff([]string{"reseller-new.example", "reseller-us.example"}, names(got.Secondary())); diff != "" {
		t.Errorf("Secondary mismatch (-want +got):\n%s", diff)
	}
	if d, ok := got.Domain("Reseller-US.Example."); !ok || d.Name != "reseller-us.example" {
		t.Errorf("Domain(Reseller-US.Example.) = %v, %v; want the D3-normalised match", d, ok)
	}
}

func TestResellerAccountCustomerID(t *testing.T) {
	t.Parallel()
	m := newMem()
	seedReseller(m)
	m.actor = ""
	acct, err := domains.NewWithBackend(m).ResellerAccount(t.Context())
	if err != nil || acct.CustomerID != "" {
		t.Errorf("unknown actor: CustomerID = %q, %v; want \"\"", acct.CustomerID, err)
	}
	acct, err = domains.NewWithBackend(m, domains.WithActor("admin@reseller-eu.example")).ResellerAccount(t.Context())
	if err != nil || acct.CustomerID != "C0reseller" {
		t.Errorf("WithActor: CustomerID = %q, %v; want C0reseller", acct.CustomerID, err)
	}
	acct, err = domains.NewWithBackend(m, domains.WithCustomer("C0given")).ResellerAccount(t.Context())
	if err != nil || acct.CustomerID != "C0given" {
		t.Errorf("WithCustomer: CustomerID = %q, %v; want C0given", acct.CustomerID, err)
	}
}

func names(ds []domains.Domain) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Name)
	}
	return out
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

func TestEnsureAccount(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	spec := domains.AccountSpec{Email: "Bo@Reseller-US.Example.", GivenName: " Bo ", FamilyName: "Ek", OrgUnitPath: "/Staff/"}
	normSpec := domains.AccountSpec{Email: "bo@reseller-us.example", GivenName: "Bo", FamilyName: "Ek", OrgUnitPath: "/Staff"}

	t.Run("created with a generated password to change at next login", func(t *testing.T) {
		t.Parallel()
		m, s := newSeeded(t)
		res, err := s.EnsureAccount(ctx, spec)
		if err != nil {
			t.Fatal(err)
		}
		want := domains.AccountResult{
			Spec:    normSpec,
			Outcome: resellerkit.OutcomeCreated,
			Account: domains.Account{ID: "100001", Email: "bo@reseller-us.example", Domain: "reseller-us.example", CustomerID: "C0reseller",
				GivenName: "Bo", FamilyName: "Ek", OrgUnitPath: "/Staff"},
		}
		if diff := cmp.Diff(want, res, ignorePassword); diff != "" {
			t.Errorf("EnsureAccount mismatch (-want +got):\n%s", diff)
		}
		pw := res.InitialPassword.Reveal()
		if len(pw) < 8 || len(pw) > 100 {
			t.Errorf("initial password has %d characters, want 8 to 100", len(pw))
		}
		if got := m.passwords["bo@reseller-us.example"].Reveal(); got != pw {
			t.Error("the returned password is not the one the account was created with")
		}
		// A second run changes nothing.
		again, err := s.EnsureAccount(ctx, spec)
		if err != nil || again.Outcome != resellerkit.OutcomeUnchanged || !again.InitialPassword.IsZero() {
			t.Errorf("second EnsureAccount = %v, %v (password set: %v); want unchanged, no password", again.Outcome, err, !again.InitialPassword.IsZero())
		}
		if n := m.count("directory.users.insert"); n != 1 {
			t.Errorf("users.insert called %d times, want 1", n)
		}
	})

	t.Run("S3 existing account elsewhere is moved to the org unit", func(t *testing.T) {
		t.Parallel()
		m, s := newSeeded(t)
		m.users["bo@reseller-us.example"] = domains.Account{ID: "7", Email: "bo@reseller-us.example", OrgUnitPath: "/"}
		res, err := s.EnsureAccount(ctx, spec)
		if err != nil {
			t.Fatal(err)
		}
		if res.Outcome != resellerkit.OutcomeUpdated || res.Account.OrgUnitPath != "/Staff" || !res.InitialPassword.IsZero() {
			t.Errorf("EnsureAccount = %v in %q (password set %v), want updated in /Staff without a password",
				res.Outcome, res.Account.OrgUnitPath, !res.InitialPassword.IsZero())
		}
	})

	t.Run("existing account in the org unit (case-insensitive) is unchanged", func(t *testing.T) {
		t.Parallel()
		m, s := newSeeded(t)
		res, err := s.EnsureAccount(ctx, domains.AccountSpec{Email: "ana@reseller-eu.example", GivenName: "X", FamilyName: "Y", OrgUnitPath: "/STAFF"})
		if err != nil || res.Outcome != resellerkit.OutcomeUnchanged {
			t.Fatalf("EnsureAccount = %v, %v; want unchanged", res.Outcome, err)
		}
		if res.Account.GivenName != "Ana" {
			t.Errorf("names of an existing account changed to %q", res.Account.GivenName)
		}
		if n := m.count("directory.users.patch") + m.count("directory.users.insert"); n != 0 {
			t.Errorf("%d writes for an unchanged account, want 0", n)
		}
	})

	t.Run("D4 unverified secondary domain: typed error, nothing written", func(t *testing.T) {
		t.Parallel()
		m, s := newSeeded(t)
		res, err := s.EnsureAccount(ctx, domains.AccountSpec{Email: "cy@reseller-new.example", GivenName: "Cy", FamilyName: "Ho", OrgUnitPath: "/Staff"})
		if !errors.Is(err, domains.ErrDomainNotVerified) || !errors.Is(err, resellerkit.ErrFailedPrecondition) {
			t.Fatalf("error = %v, want ErrDomainNotVerified of kind failed precondition", err)
		}
		if res.Outcome != resellerkit.OutcomeFailed || res.Err != err {
			t.Errorf("result = %v / %v, want failed with the same error", res.Outcome, res.Err)
		}
		if !strings.Contains(err.Error(), "reseller-new.example") || !strings.Contains(err.Error(), "verify it first") {
			t.Errorf("error %q should name the domain and say to verify it first", err)
		}
		if n := m.count("directory.users.get") + m.count("directory.users.insert"); n != 0 {
			t.Errorf("%d user calls before the D4 check, want 0", n)
		}
	})

	t.Run("address that is an alias of another account", func(t *testing.T) {
		t.Parallel()
		_, s := newSeeded(t)
		_, err := s.EnsureAccount(ctx, domains.AccountSpec{Email: "ana.lind@reseller-eu.example", GivenName: "A", FamilyName: "L", OrgUnitPath: "/Staff"})
		if !errors.Is(err, domains.ErrAddressIsAlias) || !strings.Contains(err.Error(), "ana@reseller-eu.example") {
			t.Errorf("error = %v, want ErrAddressIsAlias naming the owner", err)
		}
	})

	t.Run("409 on insert counts as existing, without a password", func(t *testing.T) {
		t.Parallel()
		m, s := newSeeded(t)
		// Someone else creates the account between our get and our insert.
		var once sync.Once
		m.fault = func(method string) error {
			if method == "directory.users.insert" {
				once.Do(func() {
					m.users["bo@reseller-us.example"] = domains.Account{ID: "9", Email: "bo@reseller-us.example", OrgUnitPath: "/Staff"}
				})
			}
			return nil
		}
		res, err := s.EnsureAccount(ctx, spec)
		if err != nil || res.Outcome != resellerkit.OutcomeUnchanged || !res.InitialPassword.IsZero() || res.Account.ID != "9" {
			t.Errorf("EnsureAccount = %+v, %v; want unchanged account 9 and no password", res, err)
		}
	})

	t.Run("W5 created account waits until it is served", func(t *testing.T) {
		t.Parallel()
		m, s := newSeeded(t)
		m.lag = 3
		res, err := s.EnsureAccount(ctx, spec)
		if err != nil || res.Outcome != resellerkit.OutcomeCreated || res.Account.Email != "bo@reseller-us.example" {
			t.Fatalf("EnsureAccount = %v, %v", res.Outcome, err)
		}
		if n := m.count("directory.users.get"); n != 1+3+1 {
			t.Errorf("users.get called %d times, want 5 (before, 3 lagging, visible)", n)
		}
	})

	t.Run("other read errors fail, nothing created", func(t *testing.T) {
		t.Parallel()
		m, s := newSeeded(t)
		m.fault = func(method string) error {
			if method == "directory.users.get" {
				return apiErr(resellerkit.KindPermissionDenied, 403, "forbidden", "Not Authorized to access this resource/api")
			}
			return nil
		}
		res, err := s.EnsureAccount(ctx, spec)
		if !errors.Is(err, resellerkit.ErrPermissionDenied) || res.Outcome != resellerkit.OutcomeFailed {
			t.Errorf("EnsureAccount = %v, %v; want failed, permission denied", res.Outcome, err)
		}
		if m.count("directory.users.insert") != 0 {
			t.Error("insert after a failed read")
		}
	})
}

func TestEnsureAccountValidation(t *testing.T) {
	t.Parallel()
	ok := domains.AccountSpec{Email: "bo@reseller-us.example", GivenName: "Bo", FamilyName: "Ek", OrgUnitPath: "/Staff"}
	tests := []struct {
		name  string
		edit  func(*domains.AccountSpec)
		field string
	}{
		{"bad email", func(s *domains.AccountSpec) { s.Email = "bo" }, "AccountSpec.Email"},
		{"user name with +", func(s *domains.AccountSpec) { s.Email = "bo+x@reseller-us.example" }, "AccountSpec.Email"},
		{"user name with two dots", func(s *domains.AccountSpec) { s.Email = "bo..ek@reseller-us.example" }, "AccountSpec.Email"},
		{"user name ending in a dot", func(s *domains.AccountSpec) { s.Email = "bo.@reseller-us.example" }, "AccountSpec.Email"},
		{"no given name", func(s *domains.AccountSpec) { s.GivenName = " " }, "AccountSpec.GivenName"},
		{"no family name", func(s *domains.AccountSpec) { s.FamilyName = "" }, "AccountSpec.FamilyName"},
		{"41-character name (boundary)", func(s *domains.AccountSpec) { s.FamilyName = strings.Repeat("é", 41) }, "AccountSpec.FamilyName"},
		{"name with <", func(s *domains.AccountSpec) { s.GivenName = "<b>" }, "AccountSpec.GivenName"},
		{"S3 org unit required", func(s *domains.AccountSpec) { s.OrgUnitPath = "" }, "AccountSpec.OrgUnitPath"},
		{"relative org unit", func(s *domains.AccountSpec) { s.OrgUnitPath = "Staff" }, "AccountSpec.OrgUnitPath"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m, s := newSeeded(t)
			spec := ok
			tc.edit(&spec)
			_, err := s.EnsureAccount(t.Context(), spec)
			wantField(t, err, tc.field)
			if n := m.count("directory.domains.list"); n != 0 {
				t.Errorf("%d calls before validation failed, want 0", n)
			}
		})
	}
	t.Run("40-character name (boundary) is fine", func(t *testing.T) {
		t.Parallel()
		_, s := newSeeded(t)
		spec := ok
		spec.FamilyName = strings.Repeat("é", 40)
		if _, err := s.EnsureAccount(t.Context(), spec); err != nil {
			t.Fatal(err)
		}
	})
}

func TestEnsureAccountsBulk(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	m, s := newSeeded(t)
	specs := []domains.AccountSpec{
		{Email: "ana@reseller-eu.example", GivenName: "Ana", FamilyName: "Lind", OrgUnitPath: "/Staff"},
		{Email: "bo@reseller-us.example", GivenName: "Bo", FamilyName: "Ek", OrgUnitPath: "/Staff"},
		{Email: "cy@reseller-new.example", GivenName: "Cy", FamilyName: "Ho", OrgUnitPath: "/Staff"},
		{Email: "BO@reseller-us.example.", GivenName: "Bo", FamilyName: "Ek", OrgUnitPath: "/Staff"},
		{Email: "dee@reseller-eu.example", GivenName: "Dee", FamilyName: "Ra", OrgUnitPath: "/Staff"},
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
		"ana@reseller-eu.example unchanged",
		"bo@reseller-us.example created",
		"cy@reseller-new.example failed",
		"bo@reseller-us.example failed",
		"dee@reseller-eu.example created",
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
	if n := m.count("directory.domains.list"); n != 1 {
		t.Errorf("domains.list called %d times, want once per bulk job", n)
	}

	// Idempotent: a second run changes nothing.
	again := s.EnsureAccounts(ctx, []domains.AccountSpec{specs[0], specs[1], specs[4]}, nil)
	wantAgain := []string{"ana@reseller-eu.example unchanged", "bo@reseller-us.example unchanged", "dee@reseller-eu.example unchanged"}
	if diff := cmp.Diff(wantAgain, outcomes(again)); diff != "" {
		t.Errorf("second run mismatch (-want +got):\n%s", diff)
	}
}

// TestEnsureAccountsFaults injects faults in the middle of a bulk run, as
// they reach the Service once the transport's retries are spent: a
// throttling error, a 503, and a create whose answer is lost after it
// succeeded. The failed items say so with retryable errors, nothing is
// lost, nothing is duplicated, and a rerun finishes the job (the lost
// answer's account is found and counts as success).
func TestEnsureAccountsFaults(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	m, s := newSeeded(t)
	var specs []domains.AccountSpec
	for i := range 30 {
		specs = append(specs, domains.AccountSpec{Email: fmt.Sprintf("staff%02d@reseller-eu.example", i), GivenName: "S", FamilyName: fmt.Sprint(i), OrgUnitPath: "/Staff"})
	}
	inserts := 0
	m.fault = func(method string) error {
		if method != "directory.users.insert" {
			return nil
		}
		inserts++
		switch inserts {
		case 5:
			return apiErr(resellerkit.KindRateLimited, 403, "userRateLimitExceeded", "quota")
		case 9:
			return apiErr(resellerkit.KindUnavailable, 503, "backendError", "try again")
		}
		return nil
	}
	lost := 0
	m.after = func(method string) error {
		if method == "directory.users.insert" {
			lost++
			if lost == 12 {
				return apiErr(resellerkit.KindUnavailable, 503, "backendError", "answer lost")
			}
		}
		return nil
	}
	first := s.EnsureAccounts(ctx, specs, &resellerkit.BulkOptions{Concurrency: 4})
	failed := 0
	for _, r := range first {
		if r.Outcome == resellerkit.OutcomeFailed {
			failed++
			if !resellerkit.IsRetryable(r.Err) {
				t.Errorf("%s failed with %v, want a retryable error", r.Spec.Email, r.Err)
			}
			for _, pw := range m.passwords {
				if strings.Contains(r.Err.Error(), pw.Reveal()) {
					t.Errorf("error leaks a password: %v", r.Err)
				}
			}
		}
	}
	if failed != 3 {
		t.Errorf("%d items failed in the first run, want 3 (throttled, 503, lost answer)", failed)
	}
	// The rerun (what a caller's retry does, or the Conn's transport
	// retry in one go) finishes the job: the lost-answer account exists
	// already and counts as success.
	m.fault, m.after = nil, nil
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
	m.mu.Lock()
	n := 0
	for e := range m.users {
		if strings.HasPrefix(e, "staff") {
			n++
		}
	}
	m.mu.Unlock()
	if n != len(specs) {
		t.Errorf("%d staff accounts exist, want %d: lost or duplicated", n, len(specs))
	}
	third := s.EnsureAccounts(ctx, specs, nil)
	for i, r := range third {
		if r.Outcome != resellerkit.OutcomeUnchanged {
			t.Errorf("third run item %d = %v, want unchanged", i, r.Outcome)
		}
	}
}

func TestEnsureAccountsCanceled(t *testing.T) {
	t.Parallel()
	_, s := newSeeded(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	res := s.EnsureAccounts(ctx, []domains.AccountSpec{{Email: "x@reseller-eu.example", GivenName: "X", FamilyName: "Y", OrgUnitPath: "/Staff"}}, nil)
	if len(res) != 1 || res[0].Outcome != resellerkit.OutcomeFailed || !errors.Is(res[0].Err, resellerkit.ErrCanceled) {
		t.Errorf("EnsureAccounts on a canceled context = %+v, want one failed, canceled result", res)
	}
}

func TestEnsureOrgUnitS3(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	t.Run("S3 created with its parents", func(t *testing.T) {
		t.Parallel()
		m, s := newSeeded(t)
		res, err := s.EnsureOrgUnit(ctx, "/Staff/Portal/EU/")
		if err != nil {
			t.Fatal(err)
		}
		want := domains.OrgUnitResult{
			OrgUnit: domains.OrgUnit{ID: "id:ou2", Path: "/Staff/Portal/EU", Name: "EU", ParentPath: "/Staff/Portal"},
			Outcome: resellerkit.OutcomeCreated,
			Created: []string{"/Staff/Portal", "/Staff/Portal/EU"},
		}
		if diff := cmp.Diff(want, res); diff != "" {
			t.Errorf("EnsureOrgUnit mismatch (-want +got):\n%s", diff)
		}
		again, err := s.EnsureOrgUnit(ctx, "/staff/portal/eu")
		if err != nil || again.Outcome != resellerkit.OutcomeUnchanged || len(again.Created) != 0 {
			t.Errorf("second EnsureOrgUnit = %+v, %v; want unchanged", again, err)
		}
		if n := m.count("directory.orgunits.insert"); n != 2 {
			t.Errorf("orgunits.insert called %d times, want 2", n)
		}
	})
	t.Run("S3 top level created under /", func(t *testing.T) {
		t.Parallel()
		_, s := newSeeded(t)
		res, err := s.EnsureOrgUnit(ctx, "/Reseller support")
		if err != nil || res.Outcome != resellerkit.OutcomeCreated || res.OrgUnit.ParentPath != "/" {
			t.Errorf("EnsureOrgUnit = %+v, %v", res, err)
		}
	})
	t.Run("S3 existing org unit unchanged", func(t *testing.T) {
		t.Parallel()
		m, s := newSeeded(t)
		res, err := s.EnsureOrgUnit(ctx, "/Staff")
		if err != nil || res.Outcome != resellerkit.OutcomeUnchanged || res.OrgUnit.ID != "id:staff" {
			t.Errorf("EnsureOrgUnit = %+v, %v", res, err)
		}
		if m.count("directory.orgunits.insert") != 0 {
			t.Error("insert for an existing org unit")
		}
	})
	t.Run("root is unchanged without a call", func(t *testing.T) {
		t.Parallel()
		m, s := newSeeded(t)
		res, err := s.EnsureOrgUnit(ctx, "/")
		if err != nil || res.Outcome != resellerkit.OutcomeUnchanged || m.count("directory.orgunits.get") != 0 {
			t.Errorf("EnsureOrgUnit(/) = %+v, %v", res, err)
		}
	})
	t.Run("S3 insert whose answer was lost counts as existing", func(t *testing.T) {
		t.Parallel()
		m, s := newSeeded(t)
		m.after = func(method string) error {
			if method == "directory.orgunits.insert" {
				return apiErr(resellerkit.KindUnavailable, 503, "backendError", "answer lost")
			}
			return nil
		}
		res, err := s.EnsureOrgUnit(ctx, "/Portal")
		if err != nil || res.OrgUnit.Path != "/Portal" {
			t.Fatalf("EnsureOrgUnit = %+v, %v", res, err)
		}
		if res.Outcome != resellerkit.OutcomeUnchanged {
			t.Errorf("outcome %v, want unchanged (the SDK did not see its insert succeed)", res.Outcome)
		}
	})
	t.Run("W5 lag after create", func(t *testing.T) {
		t.Parallel()
		m, s := newSeeded(t)
		m.lag = 2
		res, err := s.EnsureOrgUnit(ctx, "/A/B")
		if err != nil || res.OrgUnit.Path != "/A/B" || res.Outcome != resellerkit.OutcomeCreated {
			t.Fatalf("EnsureOrgUnit = %+v, %v", res, err)
		}
	})
	t.Run("invalid path", func(t *testing.T) {
		t.Parallel()
		_, s := newSeeded(t)
		_, err := s.EnsureOrgUnit(ctx, "Staff")
		wantField(t, err, "path")
	})
	t.Run("insert error stands when the org unit does not exist", func(t *testing.T) {
		t.Parallel()
		m, s := newSeeded(t)
		m.fault = func(method string) error {
			if method == "directory.orgunits.insert" {
				return apiErr(resellerkit.KindPermissionDenied, 403, "forbidden", "Not Authorized")
			}
			return nil
		}
		_, err := s.EnsureOrgUnit(ctx, "/New")
		if !errors.Is(err, resellerkit.ErrPermissionDenied) {
			t.Errorf("error = %v, want permission denied", err)
		}
	})
}

func TestListAccounts(t *testing.T) {
	t.Parallel()
	m, s := newSeeded(t)
	m.subPageLimit = 2
	for i := range 5 {
		e := fmt.Sprintf("u%d@reseller-eu.example", i)
		ou := "/Staff"
		if i%2 == 1 {
			ou = "/"
		}
		m.users[e] = domains.Account{ID: fmt.Sprint(50 + i), Email: e, OrgUnitPath: ou}
	}
	m.users["x@reseller-us.example"] = domains.Account{ID: "99", Email: "x@reseller-us.example"}
	got, err := resellerkit.Collect(s.ListAccounts(t.Context(), "Reseller-EU.example", nil))
	if err != nil {
		t.Fatal(err)
	}
	var emails []string
	for _, a := range got {
		emails = append(emails, a.Email)
		if a.Domain != "reseller-eu.example" {
			t.Errorf("%s: Domain = %q", a.Email, a.Domain)
		}
	}
	want := []string{"admin@reseller-eu.example", "ana@reseller-eu.example", "u0@reseller-eu.example", "u1@reseller-eu.example",
		"u2@reseller-eu.example", "u3@reseller-eu.example", "u4@reseller-eu.example"}
	if diff := cmp.Diff(want, emails); diff != "" {
		t.Errorf("ListAccounts mismatch (-want +got):\n%s", diff)
	}
	inStaff, err := resellerkit.Collect(s.ListAccounts(t.Context(), "reseller-eu.example", &domains.ListAccountsOptions{OrgUnitPath: "/Staff"}))
	if err != nil || len(inStaff) != 4 {
		t.Errorf("ListAccounts in /Staff = %d accounts, %v; want 4", len(inStaff), err)
	}
	p, err := s.ListAccountsPage(t.Context(), "reseller-eu.example", nil, resellerkit.PageRequest{Size: 2})
	if err != nil || len(p.Items) != 2 || p.NextPageToken == "" {
		t.Errorf("ListAccountsPage = %d items, token %q, %v", len(p.Items), p.NextPageToken, err)
	}
	for _, err := range s.ListAccounts(t.Context(), "not a domain", nil) {
		wantField(t, err, "domain")
	}
}

func TestSuspend(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	_, s := newSeeded(t)
	a, o, err := s.Suspend(ctx, "ANA@reseller-eu.example")
	if err != nil || o != resellerkit.OutcomeUpdated || !a.Suspended || a.State() != domains.StateSuspended {
		t.Fatalf("Suspend = %v %v %v", a.State(), o, err)
	}
	if _, o, _ := s.Suspend(ctx, "ana@reseller-eu.example"); o != resellerkit.OutcomeUnchanged {
		t.Errorf("second Suspend = %v, want unchanged", o)
	}
	got, err := s.GetAccount(ctx, "2")
	if err != nil || !got.Suspended {
		t.Errorf("GetAccount by ID = %+v, %v; want suspended", got, err)
	}
	a, o, err = s.Unsuspend(ctx, "ana@reseller-eu.example")
	if err != nil || o != resellerkit.OutcomeUpdated || a.Suspended || a.State() != domains.StateActive {
		t.Errorf("Unsuspend = %v %v %v", a.State(), o, err)
	}
	if _, o, _ := s.Unsuspend(ctx, "ana@reseller-eu.example"); o != resellerkit.OutcomeUnchanged {
		t.Errorf("second Unsuspend = %v, want unchanged", o)
	}
	if _, _, err := s.Suspend(ctx, "nobody@reseller-eu.example"); !errors.Is(err, resellerkit.ErrNotFound) {
		t.Errorf("Suspend(unknown) = %v, want not found", err)
	}
	if _, _, err := s.Suspend(ctx, "bad key!"); !errors.Is(err, resellerkit.ErrInvalidArgument) {
		t.Errorf("Suspend(bad key) = %v, want invalid argument", err)
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

func seedCustomers(m *memBackend) {
	add := func(id, dom, rdom string, subs int) {
		m.customers[id] = domains.Customer{ID: id, Domain: dom, DomainVerified: true}
		for i := range subs {
			m.subs = append(m.subs, memSub{
				sub:            domains.Subscription{ID: fmt.Sprintf("%s-s%d", id, i), CustomerID: id, CustomerDomain: strings.ToUpper(dom), SKUID: "1010020027"},
				resellerDomain: rdom,
			})
		}
	}
	add("C1", "acme.example", "reseller-eu.example", 2)
	add("C2", "globex.example", "reseller-eu.example", 1)
	add("C3", "initech.example", "reseller-eu.example", 3) // revoked below
	add("C4", "umbrella.example", "reseller-us.example", 1)
	add("C5", "hooli.example", "reseller-eu.example", 1)
	m.revoked["C3"] = true
}

func TestListCustomersD1D5(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	plans, err := domains.NewPlanTable(map[string]domains.SupportPlan{"C1": domains.PlanPremium, "Globex.Example.": domains.PlanEnhanced})
	if err != nil {
		t.Fatal(err)
	}
	m, s := newSeeded(t, domains.WithPlanSource(plans), domains.WithLookupConcurrency(2))
	seedCustomers(m)
	m.subPageLimit = 2 // customers span pages; C3's subscriptions too

	got, err := resellerkit.Collect(s.ListCustomers(ctx, "Reseller-EU.example.", nil))
	if err != nil {
		t.Fatal(err)
	}
	want := []domains.Customer{
		{ID: "C1", Domain: "acme.example", ResellerDomain: "reseller-eu.example", AccessGranted: true, DomainVerified: true, Plan: domains.PlanPremium},
		{ID: "C2", Domain: "globex.example", ResellerDomain: "reseller-eu.example", AccessGranted: true, DomainVerified: true, Plan: domains.PlanEnhanced},
		// Rule D5: listed, marked as not granted, never dropped.
		{ID: "C3", Domain: "initech.example", ResellerDomain: "reseller-eu.example", AccessGranted: false},
		{ID: "C5", Domain: "hooli.example", ResellerDomain: "reseller-eu.example", AccessGranted: true, DomainVerified: true},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ListCustomers mismatch (-want +got):\n%s", diff)
	}
	if m.maxInflight > 2 {
		t.Errorf("%d customers.get calls ran at once, want at most 2", m.maxInflight)
	}
	if n := m.count("reseller.customers.get"); n != 4 {
		t.Errorf("customers.get called %d times, want once per distinct customer (4)", n)
	}

	// The sequence can be ranged over again and gives the same customers.
	again, err := resellerkit.Collect(s.ListCustomers(ctx, "reseller-eu.example", nil))
	if err != nil || len(again) != len(want) {
		t.Errorf("second range = %d customers, %v; want %d", len(again), err, len(want))
	}

	// Rule D1: an account on reseller-eu sees no customer of reseller-us,
	// and asking for them is an error that says what to do.
	for _, err := range s.ListCustomers(ctx, "reseller-us.example", nil) {
		if !errors.Is(err, domains.ErrOtherDomain) || !errors.Is(err, resellerkit.ErrInvalidArgument) {
			t.Errorf("D1: ListCustomers(other domain) = %v, want ErrOtherDomain", err)
		}
	}
	mUS := newMem()
	seedReseller(mUS)
	seedCustomers(mUS)
	mUS.actor = "ops@reseller-us.example"
	us := domains.NewWithBackend(mUS)
	gotUS, err := resellerkit.Collect(us.ListCustomers(ctx, "reseller-us.example", nil))
	if err != nil || len(gotUS) != 1 || gotUS[0].ID != "C4" || gotUS[0].ResellerDomain != "reseller-us.example" {
		t.Errorf("D1: customers of reseller-us = %+v, %v; want only C4", gotUS, err)
	}
}

func TestListCustomersErrors(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	t.Run("D5 only 403 marks not granted; other errors fail the listing", func(t *testing.T) {
		t.Parallel()
		m, s := newSeeded(t)
		seedCustomers(m)
		m.fault = func(method string) error {
			if method == "reseller.customers.get" {
				return apiErr(resellerkit.KindUnavailable, 503, "backendError", "down")
			}
			return nil
		}
		var errs []error
		n := 0
		for _, err := range s.ListCustomers(ctx, "reseller-eu.example", nil) {
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
		m, s := newSeeded(t, domains.WithPlanSource(failingPlans{}))
		seedCustomers(m)
		_, err := resellerkit.Collect(s.ListCustomers(ctx, "reseller-eu.example", nil))
		if err == nil || !strings.Contains(err.Error(), "support plan") {
			t.Errorf("error = %v, want one about the support plan", err)
		}
	})
	t.Run("break stops fetching", func(t *testing.T) {
		t.Parallel()
		m, s := newSeeded(t)
		seedCustomers(m)
		m.subPageLimit = 1
		for range s.ListCustomers(ctx, "reseller-eu.example", nil) {
			break
		}
		if n := m.count("reseller.subscriptions.list"); n != 1 {
			t.Errorf("subscriptions.list called %d times after a break on the first customer, want 1", n)
		}
	})
	t.Run("name prefix", func(t *testing.T) {
		t.Parallel()
		m, s := newSeeded(t)
		seedCustomers(m)
		got, err := resellerkit.Collect(s.ListCustomers(ctx, "reseller-eu.example", &domains.ListCustomersOptions{NamePrefix: "GLO"}))
		if err != nil || len(got) != 1 || got[0].ID != "C2" {
			t.Errorf("prefix GLO = %+v, %v", got, err)
		}
	})
}

type failingPlans struct{}

func (failingPlans) SupportPlan(context.Context, string, string) (domains.SupportPlan, error) {
	return domains.PlanUnknown, resellerkit.Errorf(resellerkit.KindUnavailable, "billing", "billing system down")
}

func TestGetCustomerD5(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	m, s := newSeeded(t)
	seedCustomers(m)
	c, err := s.GetCustomer(ctx, "reseller-eu.example", "C1")
	if err != nil || !c.AccessGranted || c.Domain != "acme.example" {
		t.Errorf("GetCustomer(C1) = %+v, %v", c, err)
	}
	c, err = s.GetCustomer(ctx, "reseller-eu.example", "C3")
	if err != nil || c.AccessGranted || c.ID != "C3" || c.Domain != "initech.example" {
		t.Errorf("D5: GetCustomer(revoked C3) = %+v, %v; want listed, not granted", c, err)
	}
	_, err = s.GetCustomer(ctx, "reseller-eu.example", "C9")
	if !errors.Is(err, resellerkit.ErrNotFound) {
		t.Errorf("GetCustomer(unknown) = %v, want not found", err)
	}
	m.revoked["C4"] = true
	_, err = s.GetCustomer(ctx, "reseller-eu.example", "C4")
	if !errors.Is(err, domains.ErrCustomerNotManaged) || !errors.Is(err, resellerkit.ErrPermissionDenied) {
		t.Errorf("D1: GetCustomer(customer of another domain) = %v, want ErrCustomerNotManaged", err)
	}
	if _, err := s.GetCustomer(ctx, "reseller-eu.example", ""); !errors.Is(err, resellerkit.ErrInvalidArgument) {
		t.Errorf("GetCustomer(\"\") = %v, want invalid argument", err)
	}
}

func TestListSubscriptions(t *testing.T) {
	t.Parallel()
	m, s := newSeeded(t)
	seedCustomers(m)
	m.subPageLimit = 3
	got, err := resellerkit.Collect(s.ListSubscriptions(t.Context(), &domains.ListSubscriptionsOptions{CustomerID: "C3"}))
	if err != nil || len(got) != 3 || got[0].CustomerDomain != "initech.example" {
		t.Errorf("ListSubscriptions(C3) = %+v, %v", got, err)
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

func TestNilService(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	for _, s := range []*domains.Service{domains.NewWithBackend(nil), domains.New(nil)} {
		if _, err := s.ListDomains(ctx); !errors.Is(err, resellerkit.ErrInvalidArgument) {
			t.Errorf("ListDomains = %v", err)
		}
		if _, err := s.EnsureAccount(ctx, domains.AccountSpec{}); !errors.Is(err, resellerkit.ErrInvalidArgument) {
			t.Errorf("EnsureAccount = %v", err)
		}
		rs := s.EnsureAccounts(ctx, []domains.AccountSpec{{Email: "a@b.example", GivenName: "A", FamilyName: "B", OrgUnitPath: "/"}}, nil)
		if len(rs) != 1 || !errors.Is(rs[0].Err, resellerkit.ErrInvalidArgument) {
			t.Errorf("EnsureAccounts = %+v", rs)
		}
		for _, err := range s.ListCustomers(ctx, "a.example", nil) {
			if !errors.Is(err, resellerkit.ErrInvalidArgument) {
				t.Errorf("ListCustomers = %v", err)
			}
		}
		if _, err := s.EnsureOrgUnit(ctx, "/x"); !errors.Is(err, resellerkit.ErrInvalidArgument) {
			t.Errorf("EnsureOrgUnit = %v", err)
		}
	}
	var s *domains.Service
	if _, err := s.GetAccount(ctx, "a@b.example"); !errors.Is(err, resellerkit.ErrInvalidArgument) {
		t.Errorf("nil *Service GetAccount = %v", err)
	}
	if _, err := resellerkit.Collect(s.ListSubscriptions(ctx, nil)); !errors.Is(err, resellerkit.ErrInvalidArgument) {
		t.Errorf("nil *Service ListSubscriptions = %v", err)
	}
	if got := s.Customer(); got != "" {
		t.Errorf("nil *Service Customer() = %q, want \"\"", got)
	}
}
