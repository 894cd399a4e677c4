package domains_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	admin "google.golang.org/api/admin/directory/v1"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/fake"
)

// memKeeper is a PasswordKeeper in memory: it records what it was given
// and, through check, what the World held at that moment.
type memKeeper struct {
	mu    sync.Mutex
	kept  map[string][]string // passwords by email, in order
	err   error               // returned by every call when set
	check func(email string) error
}

func newMemKeeper() *memKeeper { return &memKeeper{kept: map[string][]string{}} }

func (k *memKeeper) KeepPassword(_ context.Context, email string, pw domains.Password) error {
	if k.check != nil {
		if err := k.check(email); err != nil {
			return err
		}
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.err != nil {
		return k.err
	}
	k.kept[email] = append(k.kept[email], pw.Reveal())
	return nil
}

// last returns the last password kept for email.
func (k *memKeeper) last(email string) string {
	k.mu.Lock()
	defer k.mu.Unlock()
	ps := k.kept[email]
	if len(ps) == 0 {
		return ""
	}
	return ps[len(ps)-1]
}

func (k *memKeeper) count() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	n := 0
	for _, ps := range k.kept {
		n += len(ps)
	}
	return n
}

// checkSentPassword checks that every users.insert sent for email carried
// want, the password the result (and the keeper) holds: whichever send the
// fake applied, the account has that password.
func checkSentPassword(t *testing.T, e *env, email, want string) {
	t.Helper()
	bodies := e.rec.insertBodies(email)
	if len(bodies) == 0 {
		t.Errorf("%s: no users.insert sent", email)
	}
	for i, b := range bodies {
		if b.Password != want || !b.ChangePasswordAtNextLogin {
			t.Errorf("%s: users.insert %d sent another password (or no changePasswordAtNextLogin); every send must carry the result's password", email, i)
		}
	}
}

// TestEnsureAccountsLostAnswerW1S3: every users.insert of 20 accounts
// meets a fault; each account is created once, reported created, with the
// password it was given, which the keeper got before the insert (rules W1,
// W5, S3).
func TestEnsureAccountsLostAnswerW1S3(t *testing.T) {
	t.Parallel()
	const n = 20
	// A fault with AfterApply fires once per account (each insert lands,
	// so none is resent); a plain 503 is resent and may meet the next
	// fault, so fewer fire than the 6 attempts of the retry policy.
	tests := []struct {
		name    string
		retries bool
		fault   fake.Fault
		lag     int
	}{
		{"W1 lost answer", true, fake.Fault{Status: 503, AfterApply: true, Count: n}, 0},
		{"W1 plain 503, not applied", true, fake.Fault{Status: 503, Count: 5}, 0},
		{"W1 W5 lost answer under read-after-write lag 2", true, fake.Fault{Status: 503, AfterApply: true, Count: n}, 2},
		{"W1 lost answer as a 500 backendError", true, fake.Fault{Status: 500, Reason: "backendError", AfterApply: true, Count: n}, 1},
		{"W1 lost answer, Conn without retries", false, fake.Fault{Status: 503, AfterApply: true, Count: n}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			e := newEnvWith(t, testSeed(), tt.retries)
			k := newMemKeeper()
			k.check = func(email string) error {
				// The keeper is called before the insert is sent.
				if _, err := e.w.UserID(email); err == nil {
					return fmt.Errorf("%s exists before its password was kept", email)
				}
				return nil
			}
			s := e.service(t, superEU, domains.WithPasswordKeeper(k))
			specs := staffSpecs(n)
			f := tt.fault
			f.Method = "directory.users.insert"
			e.srv.Fail(f)
			e.srv.SetReadAfterWriteLag(tt.lag)

			for _, r := range s.EnsureAccounts(ctx, specs, &resellerkit.BulkOptions{Concurrency: 4}) {
				pw := r.InitialPassword.Reveal()
				if r.Outcome != resellerkit.OutcomeCreated || pw == "" {
					t.Errorf("%s = %v (password set: %v), %v; want created with its password", r.Spec.Email, r.Outcome, pw != "", r.Err)
					continue
				}
				if k.last(r.Spec.Email) != pw {
					t.Errorf("%s: the keeper holds another password than the result", r.Spec.Email)
				}
				checkSentPassword(t, e, r.Spec.Email, pw)
				if !r.Account.ChangePasswordAtNextLogin || r.Account.Email != r.Spec.Email {
					t.Errorf("%s: account %+v, want it with changePasswordAtNextLogin", r.Spec.Email, r.Account)
				}
			}
			if got := e.w.FaultsPending(); got != 0 {
				t.Errorf("%d faults did not fire", got)
			}
			if got := k.count(); got != n {
				t.Errorf("the keeper got %d passwords, want %d: one per account, kept once", got, n)
			}
			counts := countStaff(e.w)
			for _, sp := range specs {
				if counts[sp.Email] != 1 {
					t.Errorf("%s exists %d times, want once", sp.Email, counts[sp.Email])
				}
			}
			for _, r := range s.EnsureAccounts(ctx, specs, nil) {
				if r.Outcome != resellerkit.OutcomeUnchanged || !r.InitialPassword.IsZero() {
					t.Errorf("rerun: %s = %v (password set: %v), want unchanged without a password", r.Spec.Email, r.Outcome, !r.InitialPassword.IsZero())
				}
			}
			if got := k.count(); got != n {
				t.Errorf("the rerun kept %d more passwords, want none", got-n)
			}
		})
	}
}

// TestEnsureAccountNotOursW1: after a lost answer, an account at the address
// counts as this call's only when Google created it no earlier than the
// moment the call saw the address free, less the 5-minute clock-skew
// margin. One created earlier is someone else's: unchanged, no password.
func TestEnsureAccountNotOursW1(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name    string
		created time.Duration // creation time of the other account, relative to the call's first read
		want    resellerkit.Outcome
	}{
		{"created at the margin (5 minutes before) is claimed", -5 * time.Minute, resellerkit.OutcomeCreated},
		{"created 5m01s before is someone else's", -5*time.Minute - time.Second, resellerkit.OutcomeUnchanged},
		{"created an hour before is someone else's", -time.Hour, resellerkit.OutcomeUnchanged},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			email := "bo@" + usDomain
			var once sync.Once
			var addErr error
			// Another account appears between the read and the insert, with
			// the given creation time; the insert's answer is a 503 (not
			// applied: the address is taken).
			e.rec.setBefore(func(method string) {
				if method != "directory.users.insert" {
					return
				}
				once.Do(func() {
					now := e.w.Now()
					e.w.SetTime(now.Add(tt.created))
					_, addErr = e.w.AddUser(resellerID, fake.UserSeed{Email: email, GivenName: "Bo", FamilyName: "Ek", OrgUnit: "/Staff"})
					e.w.SetTime(now)
				})
			})
			e.srv.Fail(fake.Fault{Method: "directory.users.insert", Status: 503, Count: 1})
			res, err := e.service(t, superEU).EnsureAccount(t.Context(), domains.AccountSpec{Email: email, GivenName: "Bo", FamilyName: "Ek", OrgUnitPath: "/Staff"})
			if addErr != nil {
				t.Fatal(addErr)
			}
			if err != nil || res.Outcome != tt.want || res.InitialPassword.IsZero() != (tt.want != resellerkit.OutcomeCreated) {
				t.Errorf("EnsureAccount = %v (password set: %v), %v; want %v", res.Outcome, !res.InitialPassword.IsZero(), err, tt.want)
			}
			if n := e.rec.count("directory.users.insert"); n != 1 {
				t.Errorf("users.insert sent %d times, want 1: the read-back found the account", n)
			}
		})
	}
}

// TestPasswordKeeperS3: with a keeper, the password is kept before
// users.insert is sent; a keeper that fails stops the insert.
func TestPasswordKeeperS3(t *testing.T) {
	t.Parallel()
	spec := domains.AccountSpec{Email: "bo@" + usDomain, GivenName: "Bo", FamilyName: "Ek", OrgUnitPath: "/Staff"}

	t.Run("kept before the insert", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		k := newMemKeeper()
		k.check = func(string) error {
			if n := e.rec.count("directory.users.insert"); n != 0 {
				return fmt.Errorf("users.insert sent %d times before the password was kept", n)
			}
			return nil
		}
		res, err := e.service(t, superEU, domains.WithPasswordKeeper(k)).EnsureAccount(t.Context(), spec)
		if err != nil || res.Outcome != resellerkit.OutcomeCreated {
			t.Fatalf("EnsureAccount = %v, %v", res.Outcome, err)
		}
		if k.last(spec.Email) == "" || k.last(spec.Email) != res.InitialPassword.Reveal() {
			t.Error("the keeper does not hold the result's password")
		}
		checkSentPassword(t, e, spec.Email, res.InitialPassword.Reveal())
	})

	t.Run("a failing keeper: nothing sent, nothing created", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		var (
			mu     sync.Mutex
			leaked []string
		)
		failing := keeperFunc(func(_ context.Context, email string, pw domains.Password) error {
			mu.Lock()
			leaked = append(leaked, pw.Reveal())
			mu.Unlock()
			return fmt.Errorf("disk full while writing %s's password %s", email, pw.Reveal())
		})
		s := e.service(t, superEU, domains.WithPasswordKeeper(failing))
		specs := staffSpecs(3)
		for _, r := range s.EnsureAccounts(t.Context(), specs, nil) {
			if r.Outcome != resellerkit.OutcomeFailed || !r.InitialPassword.IsZero() {
				t.Errorf("%s = %v, want failed without a password", r.Spec.Email, r.Outcome)
			}
			msg := fmt.Sprint(r.Err)
			if !strings.Contains(msg, "PasswordKeeper") || !strings.Contains(msg, "disk full") || !strings.Contains(msg, "run again") {
				t.Errorf("error %q should say the keeper failed, why, and what to do", msg)
			}
			for _, pw := range leaked {
				if strings.Contains(msg, pw) {
					t.Errorf("error leaks a password: %q", msg)
				}
			}
			if !errors.Is(r.Err, resellerkit.ErrFailedPrecondition) {
				t.Errorf("error kind %v, want failed precondition", resellerkit.KindOf(r.Err))
			}
		}
		if len(leaked) != len(specs) {
			t.Errorf("the keeper was called %d times, want %d", len(leaked), len(specs))
		}
		if n := e.rec.count("directory.users.insert"); n != 0 {
			t.Errorf("users.insert sent %d times, want 0", n)
		}
		if n := len(countStaff(e.w)); n != 0 {
			t.Errorf("%d accounts created, want 0", n)
		}
	})

	t.Run("a canceled keeper keeps its kind", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		k := newMemKeeper()
		k.err = context.Canceled
		res, err := e.service(t, superEU, domains.WithPasswordKeeper(k)).EnsureAccount(t.Context(), spec)
		if !errors.Is(err, resellerkit.ErrCanceled) || res.Outcome != resellerkit.OutcomeFailed || e.rec.count("directory.users.insert") != 0 {
			t.Errorf("EnsureAccount = %v, %v; want failed, canceled, nothing sent", res.Outcome, err)
		}
	})

	t.Run("existing account: the keeper is not called", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		k := newMemKeeper()
		res, err := e.service(t, superEU, domains.WithPasswordKeeper(k)).EnsureAccount(t.Context(),
			domains.AccountSpec{Email: "ana@" + euDomain, GivenName: "Ana", FamilyName: "Lind", OrgUnitPath: "/Staff"})
		if err != nil || res.Outcome != resellerkit.OutcomeUnchanged || k.count() != 0 {
			t.Errorf("EnsureAccount = %v, %v, keeper called %d times; want unchanged, keeper not called", res.Outcome, err, k.count())
		}
	})
}

type keeperFunc func(ctx context.Context, email string, pw domains.Password) error

func (f keeperFunc) KeepPassword(ctx context.Context, email string, pw domains.Password) error {
	return f(ctx, email, pw)
}

// TestResetPasswordW1: ResetPassword keeps the new password first, sends
// it with changePasswordAtNextLogin, and resends the same one after a lost
// answer (rule W1).
func TestResetPasswordW1(t *testing.T) {
	t.Parallel()
	ana := "ana@" + euDomain

	t.Run("kept, then sent", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		k := newMemKeeper()
		k.check = func(string) error {
			if n := e.rec.count("directory.users.update"); n != 0 {
				return fmt.Errorf("users.update sent %d times before the password was kept", n)
			}
			return nil
		}
		s := e.service(t, superEU, domains.WithPasswordKeeper(k))
		before, err := s.GetAccount(t.Context(), ana)
		if err != nil || before.ChangePasswordAtNextLogin {
			t.Fatalf("GetAccount = %+v, %v", before, err)
		}
		a, pw, err := s.ResetPassword(t.Context(), "ANA@"+euDomain)
		if err != nil {
			t.Fatal(err)
		}
		if pw.IsZero() || k.last(ana) != pw.Reveal() {
			t.Error("the keeper does not hold the returned password")
		}
		if a.Email != ana || a.ID != before.ID || !a.ChangePasswordAtNextLogin {
			t.Errorf("ResetPassword account = %+v, want %s with changePasswordAtNextLogin", a, ana)
		}
		sent := e.rec.updateBodies(before.ID)
		if len(sent) != 1 || sent[0].Password != pw.Reveal() || !sent[0].ChangePasswordAtNextLogin {
			t.Errorf("users.update sent %d times; want once, with the returned password, to change at next login", len(sent))
		}
		if got, err := s.GetAccount(t.Context(), ana); err != nil || !got.ChangePasswordAtNextLogin || !got.LastLoginTime.IsZero() {
			t.Errorf("after the reset GetAccount = %+v, %v; want changePasswordAtNextLogin, never signed in", got, err)
		}
	})

	t.Run("W1 lost answer: the same password resent", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.srv.Fail(fake.Fault{Method: "directory.users.update", Status: 503, AfterApply: true, Count: 2})
		k := newMemKeeper()
		s := e.service(t, superEU, domains.WithPasswordKeeper(k))
		id, err := e.w.UserID(ana)
		if err != nil {
			t.Fatal(err)
		}
		a, pw, err := s.ResetPassword(t.Context(), id)
		if err != nil || a.Email != ana {
			t.Fatalf("ResetPassword(id) = %+v, %v", a, err)
		}
		sent := e.rec.updateBodies(id)
		if len(sent) != 3 {
			t.Errorf("users.update sent %d times, want 3 (two lost answers)", len(sent))
		}
		for i, b := range sent {
			if b.Password != pw.Reveal() {
				t.Errorf("users.update %d sent another password than the one returned", i)
			}
		}
		if k.count() != 1 || k.last(ana) != pw.Reveal() {
			t.Errorf("the keeper got %d passwords; want one, the returned one", k.count())
		}
	})

	t.Run("W1 lost answer, Conn without retries: the password comes with the error", func(t *testing.T) {
		t.Parallel()
		e := newEnvNoRetry(t)
		e.srv.Fail(fake.Fault{Method: "directory.users.update", Status: 503, AfterApply: true, Count: 1})
		k := newMemKeeper()
		_, pw, err := e.service(t, superEU, domains.WithPasswordKeeper(k)).ResetPassword(t.Context(), ana)
		if !resellerkit.IsRetryable(err) || pw.IsZero() || k.last(ana) != pw.Reveal() {
			t.Errorf("ResetPassword = password set %v, %v; want a retryable error with the kept password", !pw.IsZero(), err)
		}
		if err != nil && strings.Contains(err.Error(), pw.Reveal()) {
			t.Errorf("error leaks the password: %v", err)
		}
	})

	t.Run("refused: no password", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.srv.Fail(fake.Fault{Method: "directory.users.update", Status: 403, Reason: "forbidden", Message: "Not Authorized to access this resource/api", Count: 1})
		_, pw, err := e.service(t, superEU).ResetPassword(t.Context(), ana)
		if !errors.Is(err, resellerkit.ErrPermissionDenied) || !pw.IsZero() {
			t.Errorf("ResetPassword = password set %v, %v; want permission denied without a password", !pw.IsZero(), err)
		}
	})

	t.Run("a failing keeper: nothing sent", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		k := newMemKeeper()
		k.err = errors.New("vault sealed")
		_, pw, err := e.service(t, superEU, domains.WithPasswordKeeper(k)).ResetPassword(t.Context(), ana)
		if err == nil || !pw.IsZero() || !strings.Contains(err.Error(), "vault sealed") {
			t.Errorf("ResetPassword = password set %v, %v; want the keeper's error, no password", !pw.IsZero(), err)
		}
		if n := e.rec.count("directory.users.update"); n != 0 {
			t.Errorf("users.update sent %d times, want 0", n)
		}
	})

	t.Run("unknown account: not found, keeper not called", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		k := newMemKeeper()
		_, _, err := e.service(t, superEU, domains.WithPasswordKeeper(k)).ResetPassword(t.Context(), "nobody@"+euDomain)
		if !errors.Is(err, resellerkit.ErrNotFound) || k.count() != 0 {
			t.Errorf("ResetPassword = %v, keeper called %d times; want not found, not called", err, k.count())
		}
	})

	t.Run("invalid key", func(t *testing.T) {
		t.Parallel()
		_, _, err := newEnv(t).service(t, superEU).ResetPassword(t.Context(), " ")
		wantField(t, err, "emailOrID")
	})
}

// TestEnsureOrgUnitLostAnswerW1W5S3: every orgunits.insert meets a fault;
// the org units are created once, reported created, and an "exists" answer
// to a resend followed by 404 reads (lag) is polled, not failed.
func TestEnsureOrgUnitLostAnswerW1W5S3(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		retries bool
		fault   fake.Fault
		lag     int
	}{
		{"W1 lost answer", true, fake.Fault{Status: 503, AfterApply: true}, 0},
		{"W1 plain 503, not applied", true, fake.Fault{Status: 503}, 0},
		{"W1 W5 lost answer under read-after-write lag 2", true, fake.Fault{Status: 503, AfterApply: true}, 2},
		{"W1 W5 lost answer under lag 4", true, fake.Fault{Status: 502, AfterApply: true}, 4},
		{"W1 lost answer, Conn without retries", false, fake.Fault{Status: 503, AfterApply: true}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			e := newEnvWith(t, testSeed(), tt.retries)
			f := tt.fault
			f.Method, f.Count = "directory.orgunits.insert", 2
			e.srv.Fail(f)
			e.srv.SetReadAfterWriteLag(tt.lag)
			s := e.service(t, superEU)
			ou, outcome, err := s.EnsureOrgUnit(ctx, "/Portal/EU")
			if err != nil || outcome != resellerkit.OutcomeCreated || ou.Path != "/Portal/EU" {
				t.Fatalf("EnsureOrgUnit = %+v, %v, %v; want /Portal/EU created", ou, outcome, err)
			}
			if id, err := e.w.OrgUnitID(resellerID, "/Portal/EU"); err != nil || ou.ID != id {
				t.Errorf("OrgUnit.ID = %q, want the World's %q (%v)", ou.ID, id, err)
			}
			if got := orgUnitsUnder(e.w, "/portal"); len(got) != 2 {
				t.Errorf("org units under /Portal: %v, want /Portal and /Portal/EU once each", got)
			}
			if n := e.w.FaultsPending(); n != 0 {
				t.Errorf("%d faults did not fire", n)
			}
			if _, outcome, err := s.EnsureOrgUnit(ctx, "/Portal/EU"); err != nil || outcome != resellerkit.OutcomeUnchanged {
				t.Errorf("rerun = %v, %v; want unchanged", outcome, err)
			}
		})
	}

	t.Run("W5 exists but never served: a bounded wait, then a retryable error", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.srv.Fail(fake.Fault{Method: "directory.orgunits.insert", Status: 503, AfterApply: true, Count: 1})
		// Every read of the org unit answers 404, as under endless lag.
		e.srv.Fail(fake.Fault{Method: "directory.orgunits.get", Status: 404, Reason: "notFound", Skip: 1})
		s := e.service(t, superEU, domains.WithAwait(resellerkit.AwaitPolicy{Timeout: 30 * time.Millisecond, Interval: time.Millisecond}))
		_, outcome, err := s.EnsureOrgUnit(t.Context(), "/Portal")
		if outcome != resellerkit.OutcomeFailed || !resellerkit.IsRetryable(err) || !strings.Contains(fmt.Sprint(err), "run again") {
			t.Errorf("EnsureOrgUnit = %v, %v; want failed with a retryable error saying to run again", outcome, err)
		}
		if n := e.rec.count("directory.orgunits.insert"); n != 2 {
			t.Errorf("orgunits.insert sent %d times, want 2 (the lost one, one resend)", n)
		}
	})

	t.Run("W5 S3 exists answer without a lost answer: another run's, unchanged, polled through lag", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		e.srv.SetReadAfterWriteLag(2)
		// Another run, on a Conn of its own, creates the org unit between
		// this call's read and its insert; the org unit then answers 404
		// to its first two reads.
		conn, err := e.srv.Conn(t.Context(), superEU)
		if err != nil {
			t.Fatal(err)
		}
		var once sync.Once
		var otherErr error
		e.rec.setBefore(func(method string) {
			if method == "directory.orgunits.insert" {
				once.Do(func() {
					_, otherErr = conn.Directory().Orgunits.Insert("my_customer", &admin.OrgUnit{Name: "Portal", ParentOrgUnitPath: "/"}).Context(t.Context()).Do()
				})
			}
		})
		ou, outcome, err := e.service(t, superEU).EnsureOrgUnit(t.Context(), "/Portal")
		if otherErr != nil {
			t.Fatal(otherErr)
		}
		if err != nil || outcome != resellerkit.OutcomeUnchanged || ou.Path != "/Portal" {
			t.Errorf("EnsureOrgUnit = %+v, %v, %v; want unchanged", ou, outcome, err)
		}
		if n := e.rec.count("directory.orgunits.get"); n < 3 {
			t.Errorf("orgunits.get sent %d times, want at least 3 (before, then polled through 2 lagging reads)", n)
		}
	})
}
