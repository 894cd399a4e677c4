package domains_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp/cmpopts"
	"golang.org/x/oauth2"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/fake/faketest"
	"github.com/resellerkit/resellerkit/licensing"
	"github.com/resellerkit/resellerkit/roles"
)

// Every test reaches the fake the way production reaches Google: a
// resellerkit.Conn from fake.Server.Conn, the generated clients and this
// package's Google mappers (google.go). A recorder under the Conn's retry
// layer sees each request on the wire, so tests can count calls, page
// sizes and concurrency, and step in before a call.

const (
	euDomain   = "reseller-eu.example"
	usDomain   = "reseller-us.example"
	newDomain  = "reseller-new.example"
	superEU    = "admin@" + euDomain
	opsUS      = "ops@" + usDomain
	resellerID = "C0rsl0001"
)

// testSeed is a reseller account with a verified secondary domain
// (reseller-us), an unverified one (reseller-new), an alias (rs-eu), the org
// unit /Staff and five customers across its domains, one of which turned
// reseller access off. Support plans are not on Google's wire: testPlans
// has them.
func testSeed() fake.Seed {
	seed := fake.Seed{Tenants: []fake.TenantSeed{{
		CustomerID:    resellerID,
		Name:          "Test Reseller",
		Reseller:      true,
		Domains:       []fake.DomainSeed{{Name: euDomain}, {Name: usDomain}, {Name: newDomain, Unverified: true}},
		DomainAliases: []fake.DomainAliasSeed{{Name: "rs-eu.example", Parent: euDomain}},
		OrgUnits:      []fake.OrgUnitSeed{{Path: "/Staff"}},
		Users: []fake.UserSeed{
			{Email: superEU, GivenName: "Eu", FamilyName: "Admin", Roles: []string{roles.SuperAdminRoleName}},
			{Email: opsUS, GivenName: "Us", FamilyName: "Ops", OrgUnit: "/Staff", Roles: []string{roles.ResellerAdminRoleName}},
			{Email: "ana@" + euDomain, GivenName: "Ana", FamilyName: "Lind", OrgUnit: "/Staff", Aliases: []string{"ana.lind@" + euDomain}},
			{Email: "olle@" + euDomain, GivenName: "Olle", FamilyName: "Berg"},
		},
	}}}
	for _, c := range []struct {
		id, domain, reseller string
		revoked              bool
	}{
		{"C0cus0001", "acme.example", euDomain, false},
		{"C0cus0002", "globex.example", euDomain, false},
		{"C0cus0003", "initech.example", euDomain, true},
		{"C0cus0004", "umbrella.example", usDomain, false},
		{"C0cus0005", "hooli.example", euDomain, false},
	} {
		subs := []fake.SubscriptionSeed{{SKUID: string(licensing.SKUBusinessStarter), Plan: "FLEXIBLE", MaxSeats: 20}}
		if c.domain == "initech.example" {
			subs = append(subs, fake.SubscriptionSeed{SKUID: string(licensing.SKUBusinessPlus), Plan: "ANNUAL", Seats: 5})
		}
		seed.Tenants = append(seed.Tenants, fake.TenantSeed{
			CustomerID: c.id,
			Domains:    []fake.DomainSeed{{Name: c.domain}},
			Users:      []fake.UserSeed{{Email: "admin@" + c.domain, GivenName: "Admin", FamilyName: "X", Roles: []string{roles.SuperAdminRoleName}}},
			Customer:   &fake.CustomerSeed{ResellerDomain: c.reseller, ResellerAccessRevoked: c.revoked, Subscriptions: subs},
		})
	}
	return seed
}

// testPlans are the seed's support plans, as a caller's own table: Google's
// APIs do not carry them.
func testPlans(t testing.TB) *domains.PlanTable {
	t.Helper()
	p, err := domains.NewPlanTable(map[string]domains.SupportPlan{
		"C0cus0001":        domains.PlanPremium,
		"Globex.Example.":  domains.PlanEnhanced, // a domain key, normalised (rule D3)
		"C0cus0003":        domains.PlanStandard,
		"umbrella.example": domains.PlanPremium,
		"C0cus0005":        domains.PlanStandard,
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// fastAwait keeps visibility polls short in tests.
var fastAwait = domains.WithAwait(resellerkit.AwaitPolicy{Timeout: 2 * time.Second, Interval: time.Millisecond})

// cmpIgnoreTimes leaves out creation times, which the fake sets from its
// clock.
var cmpIgnoreTimes = cmpopts.IgnoreFields(domains.Domain{}, "CreationTime")

// env is a World served in-process, with a recorder on the wire.
type env struct {
	w   *fake.World
	srv *fake.Server
	rec *recorder
	// retries tells whether the Conns retry transient errors (rule W1).
	// Without retries, faults reach the Service as Google's answers reach
	// it once the retries are spent.
	retries bool

	mu   sync.Mutex
	logs bytes.Buffer
}

// newEnv serves testSeed with Conns that retry transient errors.
func newEnv(t testing.TB) *env { return newEnvWith(t, testSeed(), true) }

// newEnvNoRetry serves testSeed with Conns that send every request once.
func newEnvNoRetry(t testing.TB) *env { return newEnvWith(t, testSeed(), false) }

func newEnvWith(t testing.TB, seed fake.Seed, retries bool) *env {
	t.Helper()
	w, err := fake.NewWorld(seed)
	if err != nil {
		t.Fatal(err)
	}
	srv := faketest.NewServer(t, w, fake.WithoutListener())
	return &env{w: w, srv: srv, rec: newRecorder(srv.Transport()), retries: retries}
}

// fastRetry is the retry policy of the retrying Conns: the default number
// of attempts with millisecond pauses, so tests with faults stay fast.
var fastRetry = resellerkit.RetryPolicy{Initial: time.Millisecond, Max: 5 * time.Millisecond}

// connOptions are the options of every Conn of e: the recorder, a logger,
// and fast retries, or none where asked.
func (e *env) connOptions() []resellerkit.Option {
	logger := slog.New(slog.NewTextHandler(lockedWriter{&e.mu, &e.logs}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	opts := []resellerkit.Option{resellerkit.WithHTTPClient(&http.Client{Transport: e.rec}), resellerkit.WithLogger(logger)}
	if e.retries {
		opts = append(opts, resellerkit.WithRetry(fastRetry))
	} else {
		opts = append(opts, resellerkit.WithRetry(resellerkit.RetryPolicy{MaxAttempts: 1}))
	}
	return opts
}

// conn returns a Conn acting as the user with this email.
func (e *env) conn(t testing.TB, as string) *resellerkit.Conn {
	t.Helper()
	conn, err := e.srv.Conn(t.Context(), as, e.connOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	return conn
}

// service returns a Service acting as the user with this email, with fast
// visibility polls and the seed's support plans.
func (e *env) service(t testing.TB, as string, opts ...domains.Option) *domains.Service {
	t.Helper()
	s, err := domains.New(e.conn(t, as), append([]domains.Option{fastAwait, domains.WithPlanSource(testPlans(t))}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// anonymousConn returns a Conn with the token of the user with this email
// that does not say whom it acts as: no resellerkit.WithActor, as a
// token-based Conn built without it.
func (e *env) anonymousConn(t testing.TB, as string) *resellerkit.Conn {
	t.Helper()
	tok, err := e.srv.TokenFor(as)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := resellerkit.Dial(t.Context(),
		resellerkit.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tok, TokenType: "Bearer"})),
		resellerkit.WithEndpoint(e.srv.URL()),
		resellerkit.WithHTTPClient(&http.Client{Transport: e.rec}),
		resellerkit.WithPacing(resellerkit.Pacing{}))
	if err != nil {
		t.Fatal(err)
	}
	if conn.Actor() != "" {
		t.Fatalf("the anonymous Conn acts as %q", conn.Actor())
	}
	return conn
}

// loggedText returns what the Conns of e logged.
func (e *env) loggedText() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.logs.String()
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// recorder is an http.RoundTripper under the Conn's retry layer: it sees
// every request sent, names its API method, and counts it.
type recorder struct {
	base http.RoundTripper

	mu       sync.Mutex
	calls    map[string]int
	inflight map[string]int
	peak     map[string]int
	sizes    []int                 // maxResults of every listing, in order
	inserted map[string][]userBody // users.insert bodies by primary email, in order
	updated  map[string][]userBody // users.update bodies by userKey, in order
	// before, if set, runs before a request is sent, with its method.
	before func(method string)
}

// userBody is what the recorder reads from a users.insert body.
type userBody struct {
	Password                  string `json:"password"`
	ChangePasswordAtNextLogin bool   `json:"changePasswordAtNextLogin"`
}

func newRecorder(base http.RoundTripper) *recorder {
	return &recorder{base: base, calls: map[string]int{}, inflight: map[string]int{}, peak: map[string]int{},
		inserted: map[string][]userBody{}, updated: map[string][]userBody{}}
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	m := methodOf(req)
	r.mu.Lock()
	r.calls[m]++
	r.inflight[m]++
	r.peak[m] = max(r.peak[m], r.inflight[m])
	if s := req.URL.Query().Get("maxResults"); s != "" {
		n, _ := strconv.Atoi(s)
		r.sizes = append(r.sizes, n)
	}
	before := r.before
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		r.inflight[m]--
		r.mu.Unlock()
	}()
	if (m == "directory.users.insert" || m == "directory.users.update") && req.Body != nil {
		b, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		req.Body.Close()
		req.Body = io.NopCloser(bytes.NewReader(b))
		var u struct {
			PrimaryEmail string `json:"primaryEmail"`
			userBody
		}
		if json.Unmarshal(b, &u) == nil {
			r.mu.Lock()
			if m == "directory.users.insert" {
				r.inserted[u.PrimaryEmail] = append(r.inserted[u.PrimaryEmail], u.userBody)
			} else {
				key := req.URL.Path[strings.LastIndexByte(req.URL.Path, '/')+1:]
				r.updated[key] = append(r.updated[key], u.userBody)
			}
			r.mu.Unlock()
		}
	}
	if before != nil {
		before(m)
	}
	return r.base.RoundTrip(req)
}

// setBefore sets the hook run before each request.
func (r *recorder) setBefore(f func(method string)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.before = f
}

// count returns how many requests of the API method were sent.
func (r *recorder) count(method string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.calls[method]
}

// peakInflight returns the most requests of the method in flight at once.
func (r *recorder) peakInflight(method string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.peak[method]
}

// pageSizes returns the maxResults of the listings sent, in order.
func (r *recorder) pageSizes() []int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]int(nil), r.sizes...)
}

// insertedUser returns the last users.insert body sent for email.
func (r *recorder) insertedUser(email string) (userBody, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	us := r.inserted[email]
	if len(us) == 0 {
		return userBody{}, false
	}
	return us[len(us)-1], true
}

// insertBodies returns every users.insert body sent for email, in order.
func (r *recorder) insertBodies(email string) []userBody {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]userBody(nil), r.inserted[email]...)
}

// updateBodies returns every users.update body sent for userKey, in order.
func (r *recorder) updateBodies(userKey string) []userBody {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]userBody(nil), r.updated[userKey]...)
}

// methodOf names the discovery method of a request of the calls this
// package makes.
func methodOf(r *http.Request) string {
	p := r.URL.Path
	switch {
	case strings.Contains(p, "/admin/directory/v1/customer/") && strings.Contains(p, "/orgunits"):
		if r.Method == http.MethodPost {
			return "directory.orgunits.insert"
		}
		return "directory.orgunits.get"
	case strings.Contains(p, "/admin/directory/v1/customer/") && strings.HasSuffix(p, "/domains"):
		return "directory.domains.list"
	case strings.HasSuffix(p, "/admin/directory/v1/users"):
		if r.Method == http.MethodPost {
			return "directory.users.insert"
		}
		return "directory.users.list"
	case strings.Contains(p, "/admin/directory/v1/users/"):
		switch r.Method {
		case http.MethodPatch:
			return "directory.users.patch"
		case http.MethodPut:
			return "directory.users.update"
		}
		return "directory.users.get"
	case strings.HasSuffix(p, "/apps/reseller/v1/subscriptions"):
		return "reseller.subscriptions.list"
	case strings.Contains(p, "/apps/reseller/v1/customers/"):
		return "reseller.customers.get"
	}
	return r.Method + " " + p
}
