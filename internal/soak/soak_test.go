package soak_test

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/fake/faketest"
	"github.com/resellerkit/resellerkit/licensing"
	"github.com/resellerkit/resellerkit/roles"
)

var extraSeeds = flag.Int("soak", 0, "run each soak scenario with this many more seeds")

// regime is one draw of faults: a share of all calls answered with a
// transient error before they run, 10% of the writes applied and their
// answer lost, and read-after-write lag 2 (rules W1, W5).
type regime struct {
	name      string
	seed      uint64
	transient float64
}

func regimes() []regime {
	rs := []regime{{"10% transient", 1, 0.10}, {"30% transient", 2, 0.30}}
	for i := range *extraSeeds {
		p := []float64{0.10, 0.30}[i%2]
		rs = append(rs, regime{fmt.Sprintf("%.0f%% transient, seed %d", p*100, 1000+i), uint64(1000 + i), p})
	}
	return rs
}

// lostAnswerWrites are the writes whose answer is lost 10% of the time.
var lostAnswerWrites = []string{
	"directory.users.insert", "directory.users.patch", "directory.users.update",
	"directory.orgunits.insert",
	"directory.roles.insert", "directory.roleAssignments.insert", "directory.roleAssignments.delete",
	"licensing.licenseAssignments.insert", "licensing.licenseAssignments.patch", "licensing.licenseAssignments.delete",
	"cloudsupport.cases.create", "cloudsupport.cases.patch", "cloudsupport.cases.close", "cloudsupport.cases.escalate",
	"cloudsupport.cases.comments.create", "cloudsupport.media.upload",
}

// install puts the regime's faults on w. The transient answers are 503,
// 429 and 500 backendError in shares 1/2, 1/4, 1/4; faults are tried in
// order, so each later probability is conditional on the earlier ones
// not firing.
func (r regime) install(w *fake.World) {
	w.SetFaultSeed(r.seed)
	w.SetReadAfterWriteLag(2)
	p := r.transient
	w.Fail(fake.Fault{Method: "*", Status: 503, Probability: p / 2})
	w.Fail(fake.Fault{Method: "*", Status: 429, Probability: (p / 4) / (1 - p/2)})
	w.Fail(fake.Fault{Method: "*", Status: 500, Reason: "backendError", Probability: (p / 4) / (1 - 3*p/4)})
	for _, m := range lostAnswerWrites {
		w.Fail(fake.Fault{Method: m, Status: 503, AfterApply: true, Probability: 0.10})
	}
}

// policy retries enough for 30% transient faults: 0.3¹² ≈ 5·10⁻⁷ per
// call, with pauses in milliseconds so the soak runs in seconds.
var policy = resellerkit.RetryPolicy{MaxAttempts: 12, Initial: time.Millisecond, Max: 4 * time.Millisecond}

var await = resellerkit.AwaitPolicy{Interval: time.Millisecond, Timeout: 30 * time.Second}

// retryLog records the Conn's retries and fails on any retry of an answer
// that is not transient (rule W1: a permanent error is never resent).
type retryLog struct {
	mu        sync.Mutex
	retries   int
	permanent []string
}

func (h *retryLog) Enabled(context.Context, slog.Level) bool { return true }
func (h *retryLog) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h *retryLog) WithGroup(string) slog.Handler            { return h }
func (h *retryLog) Handle(_ context.Context, r slog.Record) error {
	if !strings.HasPrefix(r.Message, "resellerkit: retrying") {
		return nil
	}
	var class, method string
	var status int64
	r.Attrs(func(a slog.Attr) bool {
		switch a.Key {
		case "class":
			class = a.Value.String()
		case "status":
			status = a.Value.Int64()
		case "method":
			method = a.Value.String()
		}
		return true
	})
	h.mu.Lock()
	defer h.mu.Unlock()
	h.retries++
	if class != "unavailable" && class != "rate limited" && status != 401 {
		h.permanent = append(h.permanent, fmt.Sprintf("%s answered %d (%s)", method, status, class))
	}
	return nil
}

func (h *retryLog) check(t *testing.T) {
	t.Helper()
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.permanent) > 0 {
		t.Errorf("W1: %d permanent errors were retried, first: %s", len(h.permanent), h.permanent[0])
	}
	t.Logf("%d retries by the transport", h.retries)
}

// conn acts as email with the soak's retry policy and log.
func conn(t *testing.T, srv *fake.Server, email string, log *retryLog) *resellerkit.Conn {
	t.Helper()
	c, err := srv.Conn(t.Context(), email, resellerkit.WithRetry(policy), resellerkit.WithLogger(slog.New(log)))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// keeper is a PasswordKeeper in memory: what a file or secret manager
// would hold after a crash.
type keeper struct {
	mu sync.Mutex
	m  map[string]domains.Password
}

func (k *keeper) KeepPassword(_ context.Context, email string, pw domains.Password) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.m == nil {
		k.m = map[string]domains.Password{}
	}
	k.m[email] = pw
	return nil
}

func (k *keeper) get(email string) domains.Password {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.m[email]
}

// team is 40 people, each to cover the three usable demo domains.
func team() access.Team {
	var tm access.Team
	for i := range 40 {
		tm.People = append(tm.People, access.Member{
			ID:        fmt.Sprintf("person%02d@corp.example", i),
			GivenName: "Person", FamilyName: fmt.Sprintf("Number %02d", i),
			Domains: []string{fake.DemoAlderDomain, fake.DemoAlderEUDomain, fake.DemoBirchDomain},
		})
	}
	return tm
}

const ciSeats = 500

// setup builds a demo World with enough Cloud Identity Free seats, and a
// Setup over both demo reseller accounts.
func setup(t *testing.T, log *retryLog, k *keeper) (*fake.World, *access.Setup) {
	t.Helper()
	w, err := fake.NewWorld(fake.DemoSeed())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{fake.DemoAlderCustomerID, fake.DemoBirchCustomerID} {
		if err := w.SetSeats(c, string(licensing.ProductCloudIdentityFree), string(licensing.SKUCloudIdentityFree), ciSeats); err != nil {
			t.Fatal(err)
		}
	}
	srv := faketest.NewServer(t, w, fake.WithoutListener())
	var targets []access.Target
	for _, admin := range []string{"admin@" + fake.DemoAlderDomain, "admin@" + fake.DemoBirchDomain} {
		c := conn(t, srv, admin, log)
		d, err := domains.New(c, domains.WithAwait(await), domains.WithPasswordKeeper(k))
		if err != nil {
			t.Fatal(err)
		}
		r, err := roles.New(c, roles.WithAwait(await))
		if err != nil {
			t.Fatal(err)
		}
		l, err := licensing.New(c, licensing.WithSeatSource(licensing.StaticSeats{licensing.SKUCloudIdentityFree: ciSeats}))
		if err != nil {
			t.Fatal(err)
		}
		targets = append(targets, access.Target{Caller: admin, Domains: d, Roles: r, Licensing: l})
	}
	s, err := access.NewSetup(targets, &access.SetupOptions{Clock: w.Now, Await: await})
	if err != nil {
		t.Fatal(err)
	}
	return w, s
}

// apply plans and applies the team, failing t on any error.
func apply(t *testing.T, s *access.Setup) *access.ApplyReport {
	t.Helper()
	plan, err := s.Plan(t.Context(), team())
	if err != nil {
		t.Fatalf("Plan: %v", err)
	}
	rep, err := s.Apply(t.Context(), plan, nil)
	if err != nil {
		for _, r := range rep.Results {
			if r.Err != nil {
				t.Errorf("%s %s: %v", r.Step.Kind, r.Step.Subject, r.Err)
			}
		}
		t.Fatalf("Apply: %v", err)
	}
	return rep
}

// TestSetupUnderFaultsW1 runs setup Plan and Apply for 40 people on 3
// reseller domains under each regime and compares with a run without
// faults (rules S7, W1, W5): the same world (nothing lost, nothing
// doubled), the same outcomes (what this run created is reported
// created), no failed item (no transient error reached the caller), a
// password known for every account created, and a second apply that
// changes nothing.
func TestSetupUnderFaultsW1(t *testing.T) {
	t.Parallel()
	var cleanLog retryLog
	cw, cs := setup(t, &cleanLog, &keeper{})
	clean := apply(t, cs)
	want := faketest.Normalize(cw.Snapshot())

	for _, r := range regimes() {
		t.Run(r.name, func(t *testing.T) {
			t.Parallel()
			var log retryLog
			var k keeper
			w, s := setup(t, &log, &k)
			r.install(w)
			rep := apply(t, s)
			if rep.Failed != 0 {
				t.Errorf("%d items failed", rep.Failed)
			}
			if rep.Created != clean.Created || rep.Updated != clean.Updated || rep.Unchanged != clean.Unchanged {
				t.Errorf("outcomes: %d created, %d updated, %d unchanged; a run without faults: %d, %d, %d",
					rep.Created, rep.Updated, rep.Unchanged, clean.Created, clean.Updated, clean.Unchanged)
			}
			accounts := 0
			for _, res := range rep.Results {
				if res.Step.Kind != access.StepAccount || res.Outcome != resellerkit.OutcomeCreated {
					continue
				}
				accounts++
				kept := k.get(res.Step.Subject)
				switch {
				case res.InitialPassword.IsZero():
					t.Errorf("%s was created without a known password", res.Step.Subject)
				case kept.IsZero() || kept.Reveal() != res.InitialPassword.Reveal():
					t.Errorf("%s: the password reported is not the one kept", res.Step.Subject)
				case !w.CheckPassword(res.Step.Subject, res.InitialPassword.Reveal()):
					t.Errorf("%s: the account does not have the password reported", res.Step.Subject)
				}
			}
			if accounts != 120 {
				t.Errorf("%d accounts created, want 120 (40 people × 3 domains)", accounts)
			}
			if diff := cmp.Diff(want, faketest.Normalize(w.Snapshot())); diff != "" {
				t.Errorf("the world differs from a run without faults (-clean +faults):\n%s", diff)
			}
			// A second apply writes nothing. Its plan may still list
			// license steps: under lag, licenseAssignments.get answers 404
			// for a license just assigned (W5), and Apply then finds it held.
			again := apply(t, s)
			if again.Created+again.Updated+again.Failed != 0 {
				t.Errorf("S7 second apply: %d created, %d updated, %d failed", again.Created, again.Updated, again.Failed)
			}
			if diff := cmp.Diff(want, faketest.Normalize(w.Snapshot())); diff != "" {
				t.Errorf("the second apply changed the world (-clean +after):\n%s", diff)
			}
			// Once Google shows every write, nothing is left to plan.
			w.SetReadAfterWriteLag(0)
			if p, err := s.Plan(t.Context(), team()); err != nil {
				t.Errorf("Plan after the lag: %v", err)
			} else if p.Changes() != 0 {
				t.Errorf("S7 plan after the lag: %d changes, want none", p.Changes())
			}
			log.check(t)
		})
	}
}
