package access_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/language"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/fake/faketest"
	"github.com/resellerkit/resellerkit/licensing"
	"github.com/resellerkit/resellerkit/roles"
)

// demo starts a fake.Server with the demo world.
func demo(t *testing.T) (*fake.Server, *fake.World) {
	t.Helper()
	w, err := fake.NewWorld(fake.DemoSeed())
	if err != nil {
		t.Fatal(err)
	}
	// The demo's dan is the suspended Reseller Admin (P5).
	if err := w.SetSuspended("dan@"+fake.DemoAlderDomain, true); err != nil {
		t.Fatal(err)
	}
	return faketest.NewServer(t, w), w
}

// services returns the three services over the Server acting as email, with
// the roles clock on the World's.
type services struct {
	d *domains.Service
	r *roles.Service
	l *licensing.Service
}

func servicesAs(t *testing.T, srv *fake.Server, email string) services {
	t.Helper()
	conn, err := srv.Conn(t.Context(), email)
	if err != nil {
		t.Fatal(err)
	}
	d, err := domains.New(conn)
	if err != nil {
		t.Fatal(err)
	}
	r, err := roles.New(conn)
	if err != nil {
		t.Fatal(err)
	}
	return services{d: d, r: r, l: newLicensing(t, conn)}
}

func demoSources(t *testing.T, srv *fake.Server) []access.Source {
	t.Helper()
	alder := servicesAs(t, srv, "admin@"+fake.DemoAlderDomain)
	birch := servicesAs(t, srv, "admin@"+fake.DemoBirchDomain)
	cara := servicesAs(t, srv, "cara@"+fake.DemoAlderEUDomain)
	return []access.Source{
		{Domains: alder.d, Roles: alder.r, Licensing: alder.l, CustomersOf: map[string]*domains.Service{fake.DemoAlderEUDomain: cara.d}},
		{Domains: birch.d, Roles: birch.r, Licensing: birch.l},
	}
}

var demoPeople = []access.Person{
	{ID: "ana", Accounts: []string{"ana@alder-reseller.example"}},
	{ID: "ben", Accounts: []string{"ben@alder-reseller.example"}},
	{ID: "cara", Accounts: []string{"cara@alder-eu.example"}},
	{ID: "dan", Accounts: []string{"dan@alder-reseller.example"}},
	{ID: "eve", Accounts: []string{"eve@alder-reseller.example"}},
	{ID: "finn", Accounts: []string{"finn@alder-reseller.example"}},
	{ID: "gus", Accounts: []string{"gus@alder-reseller.example"}},
	{ID: "hana", Accounts: []string{"hana@birch-partners.example"}},
	{ID: "ivan", Accounts: []string{"ivan@birch-partners.example"}},
}

// TestGatherCoverageDemo gathers from the two demo reseller accounts over
// HTTP, concurrently, and checks each rule the demo world shows: P1.1,
// P1.2 with P2, P1.3, P4 (nested group, OU scope, expiry), P5, D1, D2, D4,
// D5 and S4 licenses.
func TestGatherCoverageDemo(t *testing.T) {
	t.Parallel()
	srv, w := demo(t)
	snap, err := access.Gather(t.Context(), demoSources(t, srv), demoPeople, &access.GatherOptions{Clock: w.Now})
	if err != nil {
		t.Fatal(err)
	}
	if !snap.ReadAt.Equal(w.Now()) {
		t.Errorf("P8 ReadAt = %v, want the World's clock %v", snap.ReadAt, w.Now())
	}
	type domainView struct {
		Name               string
		Primary, Verified  bool
		Customers, Revoked int
		Accounts           int
	}
	var gotDomains []domainView
	for _, d := range snap.Domains {
		v := domainView{Name: d.Name, Primary: d.Primary, Verified: d.Verified, Customers: len(d.Customers), Accounts: len(d.Accounts)}
		for _, c := range d.Customers {
			if !domains.SameDomain(c.ResellerDomain, d.Name) {
				t.Errorf("D1: customer %s of %s listed under %s", c.ID, c.ResellerDomain, d.Name)
			}
			if !c.AccessGranted {
				v.Revoked++
			}
		}
		gotDomains = append(gotDomains, v)
	}
	wantDomains := []domainView{
		{"alder-reseller.example", true, true, 10, 1, 6},
		{"alder-eu.example", false, true, 6, 1, 1},
		{"alder-labs.example", false, false, 0, 0, 0}, // D4: unverified, listed without customers
		{"birch-partners.example", true, true, 8, 1, 2},
	}
	if diff := cmp.Diff(wantDomains, gotDomains); diff != "" {
		t.Errorf("snapshot domains mismatch (-want +got):\n%s", diff)
	}

	cov, err := access.ComputeCoverage(snap, demoPeople, access.CloudSupportPortal)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		Allowed []bool
		Paths   []access.Path
		Missing []access.Requirement
		License access.LicenseStatus
		Hidden  int
	}
	got := map[string]row{}
	for pi, p := range cov.People {
		r := row{Hidden: p.Hidden}
		for d, c := range p.Cells {
			r.Allowed = append(r.Allowed, c.Allowed)
			if c.Account != "" {
				r.Paths, r.Missing, r.License = c.Paths.List(), c.Missing.List(), c.License
				if dec, ok := cov.Decision(pi, d); !ok || dec.Allowed != c.Allowed {
					t.Errorf("%s: Decision() = %v, %v; cell allowed %v", p.ID, dec.Allowed, ok, c.Allowed)
				}
			}
		}
		got[p.ID] = r
	}
	ci := access.LicenseCloudIdentity
	n, y := false, true
	vc, ac, sp := access.RequireViewCustomers, access.RequireAccessCustomerSupportCases, access.RequireSupport
	want := map[string]row{
		// Hidden: every customer of the domains the person has no allowed account on (D2).
		"ana":  {[]bool{y, n, n, n}, []access.Path{access.PathResellerAdmin}, nil, ci, 6 + 8},
		"ben":  {[]bool{y, n, n, n}, []access.Path{access.PathCustomerPrivileges}, nil, ci, 6 + 8},
		"cara": {[]bool{n, y, n, n}, []access.Path{access.PathCustomerPrivileges}, nil, ci, 10 + 8}, // P4 nested groups
		"dan":  {[]bool{n, n, n, n}, nil, []access.Requirement{access.RequireActiveAccount}, ci, 10 + 6 + 8},
		"eve":  {[]bool{n, n, n, n}, nil, []access.Requirement{vc, ac, sp}, ci, 10 + 6 + 8}, // P4 OU scope
		"finn": {[]bool{n, n, n, n}, nil, []access.Requirement{vc, ac, sp}, ci, 10 + 6 + 8}, // P4 expired
		"gus":  {[]bool{n, n, n, n}, nil, []access.Requirement{vc, ac, sp}, ci, 10 + 6 + 8},
		"hana": {[]bool{n, n, n, y}, []access.Path{access.PathResellerAdmin}, nil, ci, 10 + 6},
		"ivan": {[]bool{n, n, n, y}, []access.Path{access.PathLegacySupport}, nil, ci, 10 + 6}, // P1.3
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("D2 coverage mismatch (-want +got):\n%s", diff)
	}
}

// TestGatherEveryone: without people, every account of every domain is read.
func TestGatherEveryone(t *testing.T) {
	t.Parallel()
	srv, w := demo(t)
	snap, err := access.Gather(t.Context(), demoSources(t, srv)[1:], nil, &access.GatherOptions{Clock: w.Now})
	if err != nil {
		t.Fatal(err)
	}
	var emails []string
	for _, a := range snap.Domains[0].Accounts {
		emails = append(emails, a.Facts.Email)
	}
	if diff := cmp.Diff([]string{"admin@birch-partners.example", "hana@birch-partners.example", "ivan@birch-partners.example"}, emails); diff != "" {
		t.Errorf("accounts mismatch (-want +got):\n%s", diff)
	}
	if d := access.Decide(snap.Domains[0].Accounts[0].Facts, access.CloudSupportPortal); !d.Allowed || d.Paths()[0] != access.PathSuperAdmin {
		t.Errorf("P1.4 the super admin: %s", access.Summary(d))
	}
}

// TestGatherFailureIsAnError checks rule P7 on the gather side: a failure
// to read facts is an error, never a snapshot that would read as denials.
func TestGatherFailureIsAnError(t *testing.T) {
	t.Parallel()
	srv, w := demo(t)
	srv.Fail(fake.Fault{Method: "directory.roleAssignments.list", Status: 403, Reason: "forbidden"})
	snap, err := access.Gather(t.Context(), demoSources(t, srv), demoPeople, &access.GatherOptions{Clock: w.Now})
	if err == nil || snap != nil {
		t.Fatalf("P7: Gather() = %v, %v; want no snapshot and an error", snap, err)
	}
	if !errors.Is(err, resellerkit.ErrPermissionDenied) {
		t.Errorf("Gather() error = %v, want the backend's permission error", err)
	}
}

func TestGatherInvalid(t *testing.T) {
	t.Parallel()
	t.Run("D1 secondary domain without CustomersOf", func(t *testing.T) {
		t.Parallel()
		srv, w := demo(t)
		src := demoSources(t, srv)[:1]
		src[0].CustomersOf = nil
		_, err := access.Gather(t.Context(), src, nil, &access.GatherOptions{Clock: w.Now})
		if !errors.Is(err, domains.ErrOtherDomain) || !strings.Contains(err.Error(), `CustomersOf["alder-eu.example"]`) {
			t.Errorf("Gather() = %v, want ErrOtherDomain naming CustomersOf", err)
		}
	})
	_, err := access.Gather(t.Context(), []access.Source{{}}, nil, nil)
	if !errors.Is(err, resellerkit.ErrInvalidArgument) {
		t.Errorf("Gather(empty source) = %v, want ErrInvalidArgument", err)
	}
	_, err = access.Gather(t.Context(), nil, nil, &access.GatherOptions{Concurrency: -1})
	if !errors.Is(err, resellerkit.ErrInvalidArgument) {
		t.Errorf("Gather(Concurrency -1) = %v, want ErrInvalidArgument", err)
	}
}

// TestChecker reads single accounts over HTTP: P1.2 through a nested group
// (P4), an OU-scoped assignment (P4), a suspended account (P5), visible
// customers (D1, D5), and a read failure that is an error (P7).
func TestChecker(t *testing.T) {
	t.Parallel()
	srv, _ := demo(t)
	alder := servicesAs(t, srv, "admin@"+fake.DemoAlderDomain)
	c := access.NewChecker(alder.d, alder.r, nil)
	tests := []struct {
		email   string
		allowed bool
		check   func(t *testing.T, d access.Decision)
	}{
		{"cara@alder-eu.example", true, func(t *testing.T, d access.Decision) {
			if r := d.Reasons(); len(r) == 0 || r[0].Grant.ViaGroup == "" {
				t.Errorf("P4: cara's grant should come through a group: %+v", r)
			}
		}},
		{"eve@alder-reseller.example", false, nil},
		{"dan@alder-reseller.example", false, func(t *testing.T, d access.Decision) {
			if d.State != access.StateSuspended || !d.Notes().Has(access.NoteBlockedDespiteRoles) {
				t.Errorf("P5: dan = %s", access.Summary(d))
			}
		}},
		{"Ben@Alder-Reseller.example", true, nil},
		{"finn@alder-reseller.example", false, func(t *testing.T, d access.Decision) {
			// Finn's only assignment expired: roles skips it, the decision notes it.
			if !d.Notes().Has(access.NoteExpiredGrants) {
				t.Errorf("P4: finn's decision does not note the expired assignment: %s", access.Summary(d))
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.email, func(t *testing.T) {
			t.Parallel()
			d, err := c.Decide(t.Context(), tt.email, access.CloudSupportPortal)
			if err != nil {
				t.Fatal(err)
			}
			if d.Allowed != tt.allowed {
				t.Errorf("Decide(%s).Allowed = %v, want %v: %s", tt.email, d.Allowed, tt.allowed, access.Summary(d))
			}
			if tt.check != nil {
				tt.check(t, d)
			}
		})
	}

	t.Run("D1 D5 visible customers", func(t *testing.T) {
		t.Parallel()
		cs, d, err := c.VisibleCustomers(t.Context(), "ben@alder-reseller.example", access.CloudSupportPortal, nil)
		if err != nil || !d.Allowed {
			t.Fatalf("VisibleCustomers(ben) = %v, %s", err, access.Summary(d))
		}
		revoked := 0
		for _, cu := range cs {
			if !domains.SameDomain(cu.ResellerDomain, fake.DemoAlderDomain) {
				t.Errorf("D1: ben sees %s of %s", cu.ID, cu.ResellerDomain)
			}
			if !cu.AccessGranted {
				revoked++
			}
		}
		if len(cs) != 10 || revoked != 1 {
			t.Errorf("ben sees %d customers, %d without access; want 10 and 1 (D5)", len(cs), revoked)
		}
		none, d, err := c.VisibleCustomers(t.Context(), "gus@alder-reseller.example", access.CloudSupportPortal, nil)
		if err != nil || d.Allowed || none != nil {
			t.Errorf("VisibleCustomers(gus) = %v, %v, %s; want none for a denied account", none, err, access.Summary(d))
		}
	})

	t.Run("P7 unknown account is an error", func(t *testing.T) {
		t.Parallel()
		_, err := c.Decide(t.Context(), "nobody@alder-reseller.example", access.CloudSupportPortal)
		if !errors.Is(err, resellerkit.ErrNotFound) {
			t.Errorf("Decide(nobody) = %v, want ErrNotFound", err)
		}
	})
}

// TestCheckerReadFailure: rule P7, a failure to read is an error, never a
// denial.
func TestCheckerReadFailure(t *testing.T) {
	t.Parallel()
	srv, _ := demo(t)
	alder := servicesAs(t, srv, "admin@"+fake.DemoAlderDomain)
	srv.Fail(fake.Fault{Method: "directory.privileges.list", Status: 403, Reason: "forbidden"})
	d, err := access.NewChecker(alder.d, alder.r, nil).Decide(t.Context(), "ana@alder-reseller.example", access.CloudSupportPortal)
	if err == nil {
		t.Fatalf("P7: Decide() = %s with no error, want a read error", access.Summary(d))
	}
	var nilChecker *access.Checker
	if _, err := nilChecker.Facts(t.Context(), "ana@alder-reseller.example"); !errors.Is(err, resellerkit.ErrInvalidArgument) {
		t.Errorf("nil Checker: %v", err)
	}
}

// TestCheckerExpiryBoundary checks rule P4 end to end at the boundary: an
// account whose only assignment expires exactly at the World's time is
// denied and told why, in every language of [access.Explain]; one whose
// assignment expires a nanosecond later is allowed, with no note.
func TestCheckerExpiryBoundary(t *testing.T) {
	t.Parallel()
	srv, w := demo(t)
	now := w.Now()
	tests := []struct {
		local   string
		expire  time.Time
		allowed bool
	}{
		{"expires-now", now, false},
		{"expired-1ns-ago", now.Add(-time.Nanosecond), false},
		{"expires-in-1ns", now.Add(time.Nanosecond), true},
	}
	for _, tt := range tests {
		email := tt.local + "@" + fake.DemoAlderDomain
		if _, err := w.AddUser(fake.DemoAlderDomain, fake.UserSeed{Email: email, GivenName: "T", FamilyName: "T"}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.Assign(fake.DemoAlderDomain, fake.AssignmentSeed{Role: roles.ResellerAdminRoleName, Assignee: email, ExpireTime: tt.expire}); err != nil {
			t.Fatal(err)
		}
	}
	alder := servicesAs(t, srv, "admin@"+fake.DemoAlderDomain)
	c := access.NewChecker(alder.d, alder.r, nil)
	for _, tt := range tests {
		t.Run("P4 "+tt.local, func(t *testing.T) {
			t.Parallel()
			d, err := c.Decide(t.Context(), tt.local+"@"+fake.DemoAlderDomain, access.CloudSupportPortal)
			if err != nil {
				t.Fatal(err)
			}
			if d.Allowed != tt.allowed || d.Notes().Has(access.NoteExpiredGrants) == tt.allowed {
				t.Fatalf("Decide = %s (notes %v); want allowed=%v with an expiry note when denied", access.Summary(d), d.Notes(), tt.allowed)
			}
			if tt.allowed {
				return
			}
			english := access.Explain(d, language.English)
			for _, lang := range access.Languages() {
				got := access.Explain(d, lang)
				if !strings.Contains(got, "[P4]") {
					t.Errorf("Explain(%s) does not name rule P4:\n%s", lang, got)
				}
				if lang != language.English && got == english {
					t.Errorf("Explain(%s) is the English text", lang)
				}
			}
		})
	}
}
