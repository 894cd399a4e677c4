package access_test

import (
	"encoding/json"
	"errors"
	"github.com/resellerkit/resellerkit/domains"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/roles"
)

var t0 = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

// grant returns a grant of key from a custom role.
func grant(key roles.PrivilegeKey) roles.Grant {
	return roles.Grant{Key: key, RoleID: "71", RoleName: "Portal staff", AssignmentID: "710",
		Privilege: roles.PrivilegeRef{ServiceID: "svc", Name: string(key)}}
}

func grants(keys ...roles.PrivilegeKey) []roles.Grant {
	var out []roles.Grant
	for _, k := range keys {
		out = append(out, grant(k))
	}
	return out
}

var (
	superGrant    = &roles.Grant{RoleID: "1", RoleName: "_SEED_ADMIN_ROLE", AssignmentID: "10"}
	resellerGrant = &roles.Grant{RoleID: "2", RoleName: "_RESELLER_ADMIN_ROLE", AssignmentID: "20"}
)

// active returns the facts of an active account with the given grants.
func active(gs ...roles.Grant) access.Facts {
	return access.Facts{
		Email:     "ana@reseller-eu.example",
		State:     access.StateActive,
		Effective: roles.Effective{UserID: "101", Email: "ana@reseller-eu.example", Grants: gs},
		ReadAt:    t0,
	}
}

func with(f access.Facts, mut func(*access.Facts)) access.Facts {
	mut(&f)
	return f
}

// view is the comparable shape of a Decision.
type view struct {
	Allowed bool
	Account string
	Domain  string
	Paths   []access.Path
	Keys    []roles.PrivilegeKey
	Missing []access.Requirement
	Notes   access.Notes
}

func viewOf(d access.Decision) view {
	v := view{Allowed: d.Allowed, Account: d.Account, Domain: d.Domain, Paths: d.Paths(), Missing: d.Missing(), Notes: d.Notes()}
	for _, r := range d.Reasons() {
		if r.Privilege != "" {
			v.Keys = append(v.Keys, r.Privilege)
		}
	}
	return v
}

const (
	acct = "ana@reseller-eu.example"
	dom  = "reseller-eu.example"
)

func TestDecide(t *testing.T) {
	t.Parallel()
	ccp, csp := access.CustomerCarePortal, access.CloudSupportPortal
	vc, ac, sp := roles.ViewCustomers, roles.AccessCustomerSupportCases, roles.Support
	legacy, rlegacy := roles.EnterpriseLegacySupport, roles.ResellerEnterpriseLegacySupport
	tests := []struct {
		name    string
		facts   access.Facts
		profile access.Profile
		want    view
	}{
		{
			name: "P7 zero facts are denied", facts: access.Facts{}, profile: csp,
			want: view{Missing: []access.Requirement{access.RequireAccount, access.RequireKnownState, access.RequireViewCustomers, access.RequireAccessCustomerSupportCases, access.RequireSupport}},
		},
		{
			name: "P7 unknown state denies even a super admin", profile: csp,
			facts: with(active(), func(f *access.Facts) { f.State = access.StateUnknown; f.Effective.SuperAdmin = superGrant }),
			want:  view{Account: acct, Domain: dom, Missing: []access.Requirement{access.RequireKnownState}},
		},
		{
			name: "P7 an address that is not one names no account", profile: csp,
			facts: with(active(), func(f *access.Facts) { f.Email = "not an address"; f.Effective.SuperAdmin = superGrant }),
			want:  view{Missing: []access.Requirement{access.RequireAccount}},
		},
		{
			name: "P7 no roles at all", profile: ccp, facts: active(),
			want: view{Account: acct, Domain: dom, Missing: []access.Requirement{access.RequireViewCustomers, access.RequireAccessCustomerSupportCases}},
		},
		{
			name: "P1.1 Reseller Admin role, Cloud Support Portal", profile: csp,
			facts: with(active(), func(f *access.Facts) { f.Effective.ResellerAdmin = resellerGrant }),
			want:  view{Allowed: true, Account: acct, Domain: dom, Paths: []access.Path{access.PathResellerAdmin}},
		},
		{
			name: "P1.1 Reseller Admin role, Customer Care Portal", profile: ccp,
			facts: with(active(), func(f *access.Facts) { f.Effective.ResellerAdmin = resellerGrant }),
			want:  view{Allowed: true, Account: acct, Domain: dom, Paths: []access.Path{access.PathResellerAdmin}},
		},
		{
			name: "P1.2 View and Access suffice for the Customer Care Portal", profile: ccp, facts: active(grants(vc, ac)...),
			want: view{Allowed: true, Account: acct, Domain: dom, Paths: []access.Path{access.PathCustomerPrivileges}, Keys: []roles.PrivilegeKey{vc, ac}},
		},
		{
			name: "P2 View and Access without Support are denied on the Cloud Support Portal", profile: csp, facts: active(grants(vc, ac)...),
			want: view{Account: acct, Domain: dom, Missing: []access.Requirement{access.RequireSupport}},
		},
		{
			name: "P2 View, Access and Support allow the Cloud Support Portal", profile: csp, facts: active(grants(sp, ac, vc)...),
			want: view{Allowed: true, Account: acct, Domain: dom, Paths: []access.Path{access.PathCustomerPrivileges}, Keys: []roles.PrivilegeKey{vc, ac, sp}},
		},
		{
			name: "P1.2 only View Customers lists the other two", profile: csp, facts: active(grants(vc)...),
			want: view{Account: acct, Domain: dom, Missing: []access.Requirement{access.RequireAccessCustomerSupportCases, access.RequireSupport}},
		},
		{
			name: "P1.2 only Access Customer's Support Cases", profile: ccp, facts: active(grants(ac)...),
			want: view{Account: acct, Domain: dom, Missing: []access.Requirement{access.RequireViewCustomers}},
		},
		{
			name: "P1.2 privileges from two roles combine", profile: ccp,
			facts: active(grant(vc), roles.Grant{Key: ac, RoleID: "72", RoleName: "Cases", AssignmentID: "720"}),
			want:  view{Allowed: true, Account: acct, Domain: dom, Paths: []access.Path{access.PathCustomerPrivileges}, Keys: []roles.PrivilegeKey{vc, ac}},
		},
		{
			name: "P1.3 Enterprise Legacy Support present", profile: csp, facts: active(grants(legacy)...),
			want: view{Allowed: true, Account: acct, Domain: dom, Paths: []access.Path{access.PathLegacySupport}, Keys: []roles.PrivilegeKey{legacy}},
		},
		{
			name: "P1.3 Reseller Enterprise Legacy Support present", profile: ccp, facts: active(grants(rlegacy)...),
			want: view{Allowed: true, Account: acct, Domain: dom, Paths: []access.Path{access.PathLegacySupport}, Keys: []roles.PrivilegeKey{rlegacy}},
		},
		{
			name: "P1.3 both legacy privileges are listed", profile: csp, facts: active(grants(rlegacy, legacy)...),
			want: view{Allowed: true, Account: acct, Domain: dom, Paths: []access.Path{access.PathLegacySupport}, Keys: []roles.PrivilegeKey{legacy, rlegacy}},
		},
		{
			name: "P1.3 legacy privileges absent (tenant without them) and nothing else", profile: csp, facts: active(grants("UsersRead")...),
			want: view{Account: acct, Domain: dom, Missing: []access.Requirement{access.RequireViewCustomers, access.RequireAccessCustomerSupportCases, access.RequireSupport}},
		},
		{
			name: "P1.4 super admin", profile: csp,
			facts: with(active(), func(f *access.Facts) { f.Effective.SuperAdmin = superGrant }),
			want:  view{Allowed: true, Account: acct, Domain: dom, Paths: []access.Path{access.PathSuperAdmin}},
		},
		{
			name: "P1 every path that holds is listed, super admin first", profile: csp,
			facts: with(active(grants(legacy, vc, ac, sp)...), func(f *access.Facts) {
				f.Effective.SuperAdmin, f.Effective.ResellerAdmin = superGrant, resellerGrant
			}),
			want: view{Allowed: true, Account: acct, Domain: dom,
				Paths: []access.Path{access.PathSuperAdmin, access.PathResellerAdmin, access.PathCustomerPrivileges, access.PathLegacySupport},
				Keys:  []roles.PrivilegeKey{vc, ac, sp, legacy}},
		},
		{
			name: "P5 suspended super admin is denied, roles noted", profile: csp,
			facts: with(active(), func(f *access.Facts) { f.State = access.StateSuspended; f.Effective.SuperAdmin = superGrant }),
			want:  view{Account: acct, Domain: dom, Missing: []access.Requirement{access.RequireActiveAccount}, Notes: access.NoteBlockedDespiteRoles},
		},
		{
			name: "P5 archived Reseller Admin is denied", profile: ccp,
			facts: with(active(), func(f *access.Facts) { f.State = access.StateArchived; f.Effective.ResellerAdmin = resellerGrant }),
			want:  view{Account: acct, Domain: dom, Missing: []access.Requirement{access.RequireActiveAccount}, Notes: access.NoteBlockedDespiteRoles},
		},
		{
			name: "P5 deleted account with the custom role is denied", profile: ccp,
			facts: with(active(grants(vc, ac)...), func(f *access.Facts) { f.State = access.StateDeleted }),
			want:  view{Account: acct, Domain: dom, Missing: []access.Requirement{access.RequireActiveAccount}, Notes: access.NoteBlockedDespiteRoles},
		},
		{
			name: "P5 Effective.Blocked denies though the state reads active", profile: ccp,
			facts: with(active(grants(vc, ac)...), func(f *access.Facts) { f.Effective.Blocked = true }),
			want:  view{Account: acct, Domain: dom, Missing: []access.Requirement{access.RequireActiveAccount}, Notes: access.NoteBlockedDespiteRoles},
		},
		{
			name: "P5 suspended without roles lists both fixes", profile: ccp,
			facts: with(active(), func(f *access.Facts) { f.State = access.StateSuspended }),
			want:  view{Account: acct, Domain: dom, Missing: []access.Requirement{access.RequireActiveAccount, access.RequireViewCustomers, access.RequireAccessCustomerSupportCases}},
		},
		{
			name: "P6 Support Manager alone grants nothing", profile: ccp,
			facts: with(active(), func(f *access.Facts) { f.SupportCenterRoles = []access.SupportCenterRole{access.SupportManager} }),
			want: view{Account: acct, Domain: dom, Missing: []access.Requirement{access.RequireViewCustomers, access.RequireAccessCustomerSupportCases},
				Notes: access.NoteSupportManagerIgnored},
		},
		{
			name: "P6 Support Manager beside Reseller Admin is noted, access from P1.1", profile: csp,
			facts: with(active(), func(f *access.Facts) {
				f.Effective.ResellerAdmin = resellerGrant
				f.SupportCenterRoles = []access.SupportCenterRole{" support manager "}
			}),
			want: view{Allowed: true, Account: acct, Domain: dom, Paths: []access.Path{access.PathResellerAdmin}, Notes: access.NoteSupportManagerIgnored},
		},
		{
			name: "P4 grant expiring 1ns after the read still grants", profile: ccp,
			facts: active(grant(vc), with2(grant(ac), t0.Add(time.Nanosecond))),
			want:  view{Allowed: true, Account: acct, Domain: dom, Paths: []access.Path{access.PathCustomerPrivileges}, Keys: []roles.PrivilegeKey{vc, ac}},
		},
		{
			name: "P4 grant expiring exactly at the read grants nothing", profile: ccp,
			facts: active(grant(vc), with2(grant(ac), t0)),
			want:  view{Account: acct, Domain: dom, Missing: []access.Requirement{access.RequireAccessCustomerSupportCases}, Notes: access.NoteExpiredGrants},
		},
		{
			name: "P4 grant expired 1ns before the read grants nothing", profile: ccp,
			facts: active(grant(vc), with2(grant(ac), t0.Add(-time.Nanosecond))),
			want:  view{Account: acct, Domain: dom, Missing: []access.Requirement{access.RequireAccessCustomerSupportCases}, Notes: access.NoteExpiredGrants},
		},
		{
			name: "P4 expired Reseller Admin assignment", profile: ccp,
			facts: with(active(), func(f *access.Facts) { g := *resellerGrant; g.ExpireTime = t0; f.Effective.ResellerAdmin = &g }),
			want: view{Account: acct, Domain: dom, Missing: []access.Requirement{access.RequireViewCustomers, access.RequireAccessCustomerSupportCases},
				Notes: access.NoteExpiredGrants},
		},
		{
			name: "P4 a live duplicate of an expired grant still grants", profile: ccp,
			facts: active(with2(grant(vc), t0), grant(vc), grant(ac)),
			want: view{Allowed: true, Account: acct, Domain: dom, Paths: []access.Path{access.PathCustomerPrivileges}, Keys: []roles.PrivilegeKey{vc, ac},
				Notes: access.NoteExpiredGrants},
		},
		{
			name: "P4 an assignment roles skipped as expired is noted", profile: ccp,
			facts: with(active(), func(f *access.Facts) {
				f.Effective.Skipped = []roles.Skipped{{Assignment: roles.Assignment{ID: "91", ExpireTime: t0}, RoleName: "Reseller Admin", Reason: roles.SkipExpired}}
			}),
			want: view{Account: acct, Domain: dom, Missing: []access.Requirement{access.RequireViewCustomers, access.RequireAccessCustomerSupportCases},
				Notes: access.NoteExpiredGrants},
		},
		{
			name: "P4 an assignment skipped for its org-unit scope is not an expired one", profile: ccp,
			facts: with(active(), func(f *access.Facts) {
				f.Effective.Skipped = []roles.Skipped{{Assignment: roles.Assignment{ID: "92", Scope: roles.ScopeOrgUnit}, Reason: roles.SkipOrgUnitScope}}
			}),
			want: view{Account: acct, Domain: dom, Missing: []access.Requirement{access.RequireViewCustomers, access.RequireAccessCustomerSupportCases}},
		},
		{
			name: "P8 without a read time an expiring grant cannot be shown live", profile: ccp,
			facts: with(active(grant(vc), with2(grant(ac), t0.Add(time.Hour))), func(f *access.Facts) { f.ReadAt = time.Time{} }),
			want:  view{Account: acct, Domain: dom, Missing: []access.Requirement{access.RequireAccessCustomerSupportCases}, Notes: access.NoteExpiredGrants},
		},
		{
			name: "P8 the read time falls back to Effective.ReadAt", profile: ccp,
			facts: with(active(grant(vc), with2(grant(ac), t0.Add(time.Hour))), func(f *access.Facts) { f.ReadAt = time.Time{}; f.Effective.ReadAt = t0 }),
			want:  view{Allowed: true, Account: acct, Domain: dom, Paths: []access.Path{access.PathCustomerPrivileges}, Keys: []roles.PrivilegeKey{vc, ac}},
		},
		{
			name: "D3 the account's address and domain are normalised", profile: ccp,
			facts: with(active(grants(vc, ac)...), func(f *access.Facts) { f.Email = " Ana@Reseller-EU.Example. " }),
			want:  view{Allowed: true, Account: acct, Domain: dom, Paths: []access.Path{access.PathCustomerPrivileges}, Keys: []roles.PrivilegeKey{vc, ac}},
		},
		{
			name: "D3 internationalised domain to ASCII", profile: ccp,
			facts: with(active(grants(vc, ac)...), func(f *access.Facts) { f.Email = "ana@Bücher.example" }),
			want: view{Allowed: true, Account: "ana@xn--bcher-kva.example", Domain: "xn--bcher-kva.example",
				Paths: []access.Path{access.PathCustomerPrivileges}, Keys: []roles.PrivilegeKey{vc, ac}},
		},
		{
			name: "D1 the address falls back to Effective.Email", profile: ccp,
			facts: with(active(grants(vc, ac)...), func(f *access.Facts) { f.Email = ""; f.Effective.Email = "bo@reseller-us.example" }),
			want: view{Allowed: true, Account: "bo@reseller-us.example", Domain: "reseller-us.example",
				Paths: []access.Path{access.PathCustomerPrivileges}, Keys: []roles.PrivilegeKey{vc, ac}},
		},
		{
			name: "P2 an unknown profile is denied", profile: access.Profile(9),
			facts: with(active(), func(f *access.Facts) { f.Effective.SuperAdmin = superGrant }),
			want:  view{Account: acct, Domain: dom, Missing: []access.Requirement{access.RequireKnownProfile}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := access.Decide(tt.facts, tt.profile)
			if diff := cmp.Diff(tt.want, viewOf(d)); diff != "" {
				t.Errorf("Decide() mismatch (-want +got):\n%s", diff)
			}
			p := access.Prepare(tt.facts)
			if diff := cmp.Diff(viewOf(d), viewOf(p.Decide(tt.profile))); diff != "" {
				t.Errorf("Prepare().Decide() differs from Decide() (-Decide +Prepared):\n%s", diff)
			}
			if d.Allowed != (d.Err() == nil) {
				t.Errorf("Err() = %v for Allowed = %v", d.Err(), d.Allowed)
			}
			if d.Allowed && len(d.Missing()) != 0 || !d.Allowed && len(d.Reasons()) != 0 {
				t.Errorf("reasons %v / missing %v do not fit Allowed = %v", d.Reasons(), d.Missing(), d.Allowed)
			}
		})
	}
}

func with2(g roles.Grant, expire time.Time) roles.Grant {
	g.ExpireTime = expire
	return g
}

// TestDecideReasonsCarryTheGrant checks that a reason names the role and
// assignment behind it, group membership included (P7, P4 nested groups).
func TestDecideReasonsCarryTheGrant(t *testing.T) {
	t.Parallel()
	g := roles.Grant{Key: roles.EnterpriseLegacySupport, RoleID: "9", RoleName: "Legacy", AssignmentID: "90", ViaGroup: "support@reseller-eu.example",
		ExpireTime: t0.Add(time.Hour)}
	d := access.Decide(active(g), access.CloudSupportPortal)
	want := []access.Reason{{Path: access.PathLegacySupport, Privilege: roles.EnterpriseLegacySupport, Grant: g}}
	if diff := cmp.Diff(want, d.Reasons()); diff != "" {
		t.Errorf("Reasons() mismatch (-want +got):\n%s", diff)
	}
	if !d.ReadAt.Equal(t0) {
		t.Errorf("ReadAt = %v, want %v (P8)", d.ReadAt, t0)
	}
}

func TestDecisionErr(t *testing.T) {
	t.Parallel()
	d := access.Decide(with(active(), func(f *access.Facts) { f.State = access.StateSuspended }), access.CloudSupportPortal)
	err := d.Err()
	if !errors.Is(err, access.ErrDenied) || !errors.Is(err, resellerkit.ErrPermissionDenied) {
		t.Fatalf("Err() = %v, want ErrDenied and ErrPermissionDenied", err)
	}
	var de *access.DeniedError
	if !errors.As(err, &de) || de.Decision.Account != acct {
		t.Fatalf("errors.As(*DeniedError) = %v", de)
	}
	const want = "access.Decision: permission denied: ana@reseller-eu.example may not use the Google Cloud Support Portal on reseller-eu.example: " +
		"missing active-account (P5), view-customers (P1.2), access-customer-support-cases (P1.2), support (P2)"
	if got := err.Error(); got != want {
		t.Errorf("Err().Error() =\n%s\nwant\n%s", got, want)
	}
	if err := access.Decide(with(active(), func(f *access.Facts) { f.Effective.SuperAdmin = superGrant }), access.CloudSupportPortal).Err(); err != nil {
		t.Errorf("Err() of an allowed decision = %v", err)
	}
}

// TestDecisionCovers checks rule D1 at the decision: an allowed account
// covers its own domain only, compared after normalisation (D3).
func TestDecisionCovers(t *testing.T) {
	t.Parallel()
	allowed := access.Decide(with(active(), func(f *access.Facts) { f.Effective.ResellerAdmin = resellerGrant }), access.CloudSupportPortal)
	denied := access.Decide(active(), access.CloudSupportPortal)
	tests := []struct {
		name   string
		d      access.Decision
		domain string
		want   bool
	}{
		{"D1 own domain", allowed, dom, true},
		{"D3 own domain in another case with a trailing dot", allowed, "Reseller-EU.example.", true},
		{"D1 another reseller domain", allowed, "reseller-us.example", false},
		{"D1 a subdomain is another domain", allowed, "eu.reseller-eu.example", false},
		{"D1 invalid domain", allowed, "", false},
		{"P7 denied on own domain", denied, dom, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.d.Covers(tt.domain); got != tt.want {
				t.Errorf("Covers(%q) = %v, want %v", tt.domain, got, tt.want)
			}
		})
	}
}

func TestDecisionJSON(t *testing.T) {
	t.Parallel()
	g := grant(roles.ViewCustomers)
	g.ViaGroup = "portal@reseller-eu.example"
	d := access.Decide(active(g, grant(roles.AccessCustomerSupportCases)), access.CustomerCarePortal)
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"allowed": true, "profile": "customer-care-portal", "account": acct, "domain": dom, "state": "active",
		"readAt": "2026-01-05T09:00:00Z",
		"reasons": []any{
			map[string]any{"rule": "P1.2", "path": "customer-privileges", "privilege": "ViewCustomers", "roleId": "71",
				"roleName": "Portal staff", "assignmentId": "710", "viaGroup": "portal@reseller-eu.example"},
			map[string]any{"rule": "P1.2", "path": "customer-privileges", "privilege": "AccessCustomerSupportCases", "roleId": "71",
				"roleName": "Portal staff", "assignmentId": "710"},
		},
		"freshness": "role and privilege changes can take up to 24 hours to apply at Google (P8)",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("JSON mismatch (-want +got):\n%s", diff)
	}
}

func TestProfile(t *testing.T) {
	t.Parallel()
	var zero access.Profile
	if zero != access.CloudSupportPortal {
		t.Errorf("zero Profile = %v, want the Cloud Support Portal (P2 default)", zero)
	}
	tests := []struct {
		in      string
		want    access.Profile
		wantErr bool
	}{
		{"", access.CloudSupportPortal, false},
		{"cloud-support-portal", access.CloudSupportPortal, false},
		{" Customer-Care-Portal ", access.CustomerCarePortal, false},
		{"support-center", 0, true},
	}
	for _, tt := range tests {
		got, err := access.ParseProfile(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseProfile(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
		if err != nil && !errors.Is(err, resellerkit.ErrInvalidArgument) {
			t.Errorf("ParseProfile(%q) error %v is not ErrInvalidArgument", tt.in, err)
		}
	}
	if diff := cmp.Diff([]roles.PrivilegeKey{roles.ViewCustomers, roles.AccessCustomerSupportCases, roles.Support},
		access.CloudSupportPortal.Privileges()); diff != "" {
		t.Errorf("P2 CloudSupportPortal.Privileges() mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]roles.PrivilegeKey{roles.ViewCustomers, roles.AccessCustomerSupportCases},
		access.CustomerCarePortal.Privileges()); diff != "" {
		t.Errorf("P2 CustomerCarePortal.Privileges() mismatch (-want +got):\n%s", diff)
	}
	var p access.Profile
	if err := json.Unmarshal([]byte(`"customer-care-portal"`), &p); err != nil || p != access.CustomerCarePortal {
		t.Errorf("json.Unmarshal profile = %v, %v", p, err)
	}
}

func TestAccountStateText(t *testing.T) {
	t.Parallel()
	for _, s := range []access.AccountState{access.StateUnknown, access.StateActive, access.StateSuspended, access.StateArchived, access.StateDeleted} {
		b, _ := s.MarshalText()
		var got access.AccountState
		if err := got.UnmarshalText(b); err != nil || got != s {
			t.Errorf("round trip of %v = %v, %v", s, got, err)
		}
	}
	var s access.AccountState
	if err := s.UnmarshalText([]byte("frozen")); !errors.Is(err, resellerkit.ErrInvalidArgument) {
		t.Errorf("UnmarshalText(frozen) = %v, want ErrInvalidArgument", err)
	}
}

// TestDecideDoesNotAllocate pins the performance goal's "no allocation"
// (BenchmarkDecide measures the time).
func TestDecideDoesNotAllocate(t *testing.T) {
	p := access.Prepare(benchFacts)
	allocs := testing.AllocsPerRun(100, func() { sink = p.Decide(access.CloudSupportPortal) })
	if allocs != 0 {
		t.Errorf("Prepared.Decide allocates %v times per run, want 0", allocs)
	}
}

// FuzzAccountNormalization checks that the account a decision names is the
// address domains.NormalizeEmail gives (rule D3), including the fast path
// for addresses already in normal form, and that the domain is the part
// after the last "@".
func FuzzAccountNormalization(f *testing.F) {
	for _, s := range []string{
		"ana@reseller-eu.example", "Ana@Reseller-EU.Example.", "a@b", "a@b.c", "a@1.2", "a@-x.example", "a@x-.example",
		"a@ab--c.example", "a@xn--bcher-kva.example", "a@bücher.example", "@x.example", "a@", "", "a@@b.example",
		"a b@x.example", "\"a@b\"@x.example", "a@x..example", "a@x.example..", strings.Repeat("a", 65) + "@x.example",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := access.Decide(access.Facts{Email: s, State: access.StateActive}, access.CloudSupportPortal)
		want, err := domains.NormalizeEmail(s)
		if err != nil {
			want = ""
		}
		if d.Account != want {
			t.Fatalf("Decide(%q).Account = %q, domains.NormalizeEmail = %q, %v", s, d.Account, want, err)
		}
		if want != "" && d.Domain != want[strings.LastIndexByte(want, '@')+1:] {
			t.Fatalf("Decide(%q).Domain = %q for %q", s, d.Domain, want)
		}
		if want == "" && d.Domain != "" {
			t.Fatalf("Decide(%q).Domain = %q for an invalid address", s, d.Domain)
		}
		if !d.Covers(d.Domain) && d.Allowed {
			t.Fatalf("an allowed decision does not cover its own domain %q", d.Domain)
		}
	})
}
