package access_test

import (
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/licensing"
	"github.com/resellerkit/resellerkit/roles"
)

// partnerWorld sizes the world of BenchmarkGatherPartner: a large partner
// with resellers reseller accounts, customers customers spread evenly over
// them and staff staff accounts spread likewise.
type partnerWorld struct {
	resellers, customers, staff int
}

// partnerScale is the partner of the issue: 3 reseller accounts, 30,000
// customers, 300 staff accounts. GATHER_BENCH_SCALE=N divides the
// customers and staff by N, to measure slow code on a smaller world and
// extrapolate.
func partnerScale(b *testing.B) partnerWorld {
	pw := partnerWorld{resellers: 3, customers: 30000, staff: 300}
	if s := os.Getenv("GATHER_BENCH_SCALE"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			b.Fatalf("GATHER_BENCH_SCALE=%q: want a positive integer", s)
		}
		pw.customers /= n
		pw.staff /= n
	}
	return pw
}

// partnerSeed builds the world in Go (a JSON seed of 30,000 tenants would
// take longer to decode than to build). Each reseller account has a
// super admin, two delegated "prober" admins (Reseller Admin role) and
// staff: a third hold the Support portal role directly, a third through
// a nested group, and a third hold nothing; a few grants expire (P4).
// One customer in 50 turned reseller access off (D5).
func partnerSeed(pw partnerWorld) fake.Seed {
	start := fake.DefaultStart
	seed := fake.Seed{Start: start}
	for r := range pw.resellers {
		dom := fmt.Sprintf("partner%d.example", r)
		t := fake.TenantSeed{
			Name: fmt.Sprintf("Partner %d", r), Reseller: true,
			Domains: []fake.DomainSeed{{Name: dom}},
			Users: []fake.UserSeed{
				{Email: "admin@" + dom, GivenName: "Admin", FamilyName: "P", Roles: []string{"_SEED_ADMIN_ROLE"}},
				{Email: "prober1@" + dom, GivenName: "Prober", FamilyName: "One", Roles: []string{"_RESELLER_ADMIN_ROLE"}},
				{Email: "prober2@" + dom, GivenName: "Prober", FamilyName: "Two", Roles: []string{"_RESELLER_ADMIN_ROLE"}},
			},
			Roles: []fake.RoleSeed{{Name: "Support portal access",
				Privileges: []string{"RESELLER_VIEW_CUSTOMERS", "RESELLER_ACCESS_CUSTOMER_SUPPORT_CASES", "SUPPORT_PRIVILEGE_GROUP"}}},
			Groups: []fake.GroupSeed{
				{Email: "support@" + dom, Members: []string{"portal-team@" + dom}},
				{Email: "portal-team@" + dom},
			},
			Assignments: []fake.AssignmentSeed{{Role: "Support portal access", Assignee: "support@" + dom}},
		}
		perReseller := pw.staff / pw.resellers
		for i := range perReseller {
			email := fmt.Sprintf("staff%03d@%s", i, dom)
			u := fake.UserSeed{Email: email, GivenName: "Staff", FamilyName: strconv.Itoa(i)}
			switch i % 3 {
			case 0:
				u.Roles = []string{"Support portal access"}
			case 1:
				t.Groups[1].Members = append(t.Groups[1].Members, email)
			}
			if i%10 == 5 {
				t.Assignments = append(t.Assignments, fake.AssignmentSeed{Role: "_RESELLER_ADMIN_ROLE", Assignee: email,
					ExpireTime: start.Add(time.Duration(i) * time.Hour)})
			}
			t.Users = append(t.Users, u)
		}
		seed.Tenants = append(seed.Tenants, t)
	}
	for c := range pw.customers {
		dom := fmt.Sprintf("%c%05d.example", initials[c*7919%len(initials)], c)
		seed.Tenants = append(seed.Tenants, fake.TenantSeed{
			Name:    fmt.Sprintf("Customer %d", c),
			Domains: []fake.DomainSeed{{Name: dom}},
			Customer: &fake.CustomerSeed{
				ResellerDomain:        fmt.Sprintf("partner%d.example", c%pw.resellers),
				ResellerAccessRevoked: c%50 == 7,
				Subscriptions:         []fake.SubscriptionSeed{{SKUID: "1010020027", Plan: "ANNUAL", Seats: 10}},
			},
		})
	}
	return seed
}

// initials are the first characters of the customers' domains, as often
// as each starts a company name (roughly: S and C lead with about a tenth
// each; a few start with a digit): real customer domains are spread over
// the alphabet, which the per-first-character listings of
// domains.CachedListOptions.ByPrefix rely on for their speed.
var initials = func() string {
	var b strings.Builder
	for _, w := range []struct {
		c string
		n int
	}{{"s", 11}, {"c", 9}, {"a", 7}, {"m", 6}, {"p", 6}, {"b", 6}, {"t", 6}, {"d", 5}, {"r", 5},
		{"g", 4}, {"h", 4}, {"f", 4}, {"l", 4}, {"e", 3}, {"i", 3}, {"n", 3}, {"w", 3},
		{"k", 2}, {"o", 2}, {"v", 2}, {"j", 1}, {"u", 1}, {"y", 1}, {"z", 1}, {"q", 1}, {"x", 1}, {"1", 1}, {"2", 1}} {
		b.WriteString(strings.Repeat(w.c, w.n))
	}
	return b.String()
}()

// countingTransport counts the HTTP requests (round trips) reaching the
// fake: a batch is one, whatever the calls it carries.
type countingTransport struct {
	base http.RoundTripper
	n    *atomic.Int64
}

func (t countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	t.n.Add(1)
	return t.base.RoundTrip(r)
}

// BenchmarkGatherPartner gathers the whole partner (every account of
// every reseller account, rule P7: nothing partial) over a fake answering
// each call after 20 ms, as Google's APIs take about that, and reports
// the API calls counted at the fake (each call of a batch counts, as
// Google's quota counts it), the HTTP round trips and the time:
//
//   - first: a first gather, nothing cached;
//   - refresh: a second gather with the first's cache, nothing changed.
func BenchmarkGatherPartner(b *testing.B) {
	pw := partnerScale(b)
	w, err := fake.NewWorld(partnerSeed(pw))
	if err != nil {
		b.Fatal(err)
	}
	srv, err := fake.NewServer(w, fake.WithoutListener(), fake.WithLatency(20*time.Millisecond),
		fake.WithRequestLog(1<<22))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { srv.Close() })
	var trips atomic.Int64
	hc := &http.Client{Transport: countingTransport{base: srv.Transport(), n: &trips}}
	var sources []access.Source
	for r := range pw.resellers {
		dom := fmt.Sprintf("partner%d.example", r)
		dial := func(email string) *resellerkit.Conn {
			conn, err := srv.Conn(b.Context(), email, resellerkit.WithHTTPClient(hc))
			if err != nil {
				b.Fatal(err)
			}
			return conn
		}
		conn := dial("admin@" + dom)
		d, err := domains.New(conn)
		if err != nil {
			b.Fatal(err)
		}
		rs, err := roles.New(conn)
		if err != nil {
			b.Fatal(err)
		}
		l, err := licensing.New(conn)
		if err != nil {
			b.Fatal(err)
		}
		src := access.Source{Domains: d, Roles: rs, Licensing: l}
		addProbers(b, &src, dial, dom)
		sources = append(sources, src)
	}
	gather := func(b *testing.B, opts *access.GatherOptions) *access.Snapshot {
		srv.ResetLog()
		trips.Store(0)
		start := time.Now()
		snap, err := access.Gather(b.Context(), sources, nil, opts)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(srv.Requests())), "calls/op")
		b.ReportMetric(float64(trips.Load()), "roundtrips/op")
		b.ReportMetric(time.Since(start).Seconds(), "s/gather")
		return snap
	}
	check := func(b *testing.B, snap *access.Snapshot) {
		n, accounts := 0, 0
		for _, d := range snap.Domains {
			n += len(d.Customers)
			accounts += len(d.Accounts)
		}
		if n != pw.customers {
			b.Fatalf("gathered %d customers, want %d", n, pw.customers)
		}
		if want := pw.staff/pw.resellers*pw.resellers + 3*pw.resellers; accounts != want {
			b.Fatalf("gathered %d accounts, want %d", accounts, want)
		}
	}
	b.Run("first", func(b *testing.B) {
		for b.Loop() {
			check(b, gather(b, newGatherOptions(w, nil)))
		}
	})
	b.Run("refresh", func(b *testing.B) {
		cache := newGatherCache()
		check(b, gatherQuiet(b, sources, newGatherOptions(w, cache)))
		for b.Loop() {
			check(b, gather(b, newGatherOptions(w, cache)))
		}
	})
}

// gatherQuiet gathers without reporting: the refresh's first, priming
// gather.
func gatherQuiet(b *testing.B, sources []access.Source, opts *access.GatherOptions) *access.Snapshot {
	snap, err := access.Gather(b.Context(), sources, nil, opts)
	if err != nil {
		b.Fatal(err)
	}
	return snap
}
