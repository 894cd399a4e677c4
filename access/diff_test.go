package access_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/roles"
)

var driftAt = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

func cust(id, dom string, granted bool) domains.Customer {
	return domains.Customer{ID: id, Domain: strings.ToLower(id) + ".example", ResellerDomain: dom, AccessGranted: granted}
}

func resellerAdmin(id string, expire time.Time) *roles.Grant {
	return &roles.Grant{RoleID: "1", RoleName: roles.ResellerAdminRoleName, AssignmentID: id, ExpireTime: expire}
}

// customGrants is the custom portal role (P1.2) through one assignment.
func customGrants(assignment, group string, expire time.Time) []roles.Grant {
	var gs []roles.Grant
	for _, k := range access.CloudSupportPortal.Privileges() {
		gs = append(gs, roles.Grant{Key: k, Privilege: roles.PrivilegeRef{ServiceID: "s", Name: string(k)},
			RoleID: "2", RoleName: "Support portal access", AssignmentID: assignment, ViaGroup: group, ExpireTime: expire})
	}
	return gs
}

func staffAcct(email string, state access.AccountState, e roles.Effective) access.AccountFacts {
	return access.AccountFacts{Facts: access.Facts{Email: email, State: state, Effective: e}}
}

// driftSnapshot: ana (Reseller Admin), ben (the custom role through a
// group), eve (Reseller Admin until two days after the read), gus (no
// role) on a.example; hana (Reseller Admin) on b.example.
func driftSnapshot() *access.Snapshot {
	return &access.Snapshot{ReadAt: driftAt, Domains: []access.DomainFacts{
		{Name: "a.example", Primary: true, Verified: true,
			Customers: []domains.Customer{cust("C1", "a.example", true), cust("C2", "a.example", true), cust("C3", "a.example", false)},
			Accounts: []access.AccountFacts{
				staffAcct("ana@a.example", access.StateActive, roles.Effective{ResellerAdmin: resellerAdmin("10", time.Time{})}),
				staffAcct("ben@a.example", access.StateActive, roles.Effective{Grants: customGrants("20", "team@a.example", time.Time{})}),
				staffAcct("eve@a.example", access.StateActive, roles.Effective{ResellerAdmin: resellerAdmin("30", driftAt.Add(48*time.Hour))}),
				staffAcct("gus@a.example", access.StateActive, roles.Effective{}),
			}},
		{Name: "b.example", Primary: true, Verified: true,
			Customers: []domains.Customer{cust("C4", "b.example", true)},
			Accounts: []access.AccountFacts{
				staffAcct("hana@b.example", access.StateActive, roles.Effective{ResellerAdmin: resellerAdmin("50", time.Time{})}),
			}},
	}}
}

var driftPeople = []access.Person{
	{ID: "ana", Accounts: []string{"ana@a.example"}},
	{ID: "ben", Accounts: []string{"ben@a.example"}},
	{ID: "eve", Accounts: []string{"eve@a.example"}},
	{ID: "gus", Accounts: []string{"gus@a.example"}},
	{ID: "hana", Accounts: []string{"hana@b.example"}},
}

// showEvent renders an event in one line for comparison.
func showEvent(e access.Event) string {
	switch {
	case e.Customer != nil:
		s := fmt.Sprintf("%s %s %s", e.Kind, e.Customer.ID, e.Customer.ResellerDomain)
		if e.Customer.FromResellerDomain != "" {
			s += " from " + e.Customer.FromResellerDomain
		}
		return s
	case e.Account != nil:
		st := func(p *access.AccountState) string {
			if p == nil {
				return "-"
			}
			return p.String()
		}
		return fmt.Sprintf("%s %s %s>%s", e.Kind, e.Account.Account, st(e.Account.From), st(e.Account.To))
	case e.Assignment != nil:
		s := fmt.Sprintf("%s %s %s %s", e.Kind, e.Assignment.Account, e.Assignment.AssignmentID, e.Assignment.RoleName)
		if e.Assignment.ViaGroup != "" {
			s += " via " + e.Assignment.ViaGroup
		}
		return s
	case e.Access != nil:
		who := e.Access.Person
		if who == "" {
			who = "(" + e.Access.Account + ")"
		}
		return fmt.Sprintf("%s %s %s %s", e.Kind, who, e.Access.Domain, strings.Join(e.Access.Customers, ","))
	}
	return string(e.Kind) + " (empty)"
}

func showEvents(evs []access.Event) []string {
	out := []string{}
	for _, e := range evs {
		out = append(out, showEvent(e))
	}
	return out
}

func findAcct(s *access.Snapshot, email string) *access.AccountFacts {
	for i := range s.Domains {
		for j := range s.Domains[i].Accounts {
			if s.Domains[i].Accounts[j].Facts.Email == email {
				return &s.Domains[i].Accounts[j]
			}
		}
	}
	panic("no account " + email)
}

// copySnapshot copies s through its JSON form, which the round-trip test
// proves lossless.
func copySnapshot(t *testing.T, s *access.Snapshot) *access.Snapshot {
	t.Helper()
	var buf bytes.Buffer
	if err := s.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	c, err := access.ReadSnapshot(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestDiffEachChange: after each kind of change, Diff reports exactly that
// change and the access it moves (P4, P5, D1, D5), and nothing else.
func TestDiffEachChange(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		change func(s *access.Snapshot)
		want   []string
	}{
		{"nothing", func(*access.Snapshot) {}, nil},
		{"suspend (P5)", func(s *access.Snapshot) { findAcct(s, "ana@a.example").Facts.State = access.StateSuspended },
			[]string{"account-suspended ana@a.example active>suspended", "access-lost ana a.example C1,C2,C3"}},
		{"archive an account without access", func(s *access.Snapshot) { findAcct(s, "gus@a.example").Facts.State = access.StateArchived },
			[]string{"account-state-changed gus@a.example active>archived"}},
		{"delete an account", func(s *access.Snapshot) {
			d := &s.Domains[0]
			d.Accounts = append(d.Accounts[:0], d.Accounts[1:]...)
		}, []string{"account-removed ana@a.example active>-", "access-lost ana a.example C1,C2,C3"}},
		{"create an account without a role", func(s *access.Snapshot) {
			s.Domains[1].Accounts = append(s.Domains[1].Accounts, staffAcct("ivan@b.example", access.StateActive, roles.Effective{}))
		}, []string{"account-created ivan@b.example ->active"}},
		{"create an account with a role", func(s *access.Snapshot) {
			s.Domains[1].Accounts = append(s.Domains[1].Accounts,
				staffAcct("ivan@b.example", access.StateActive, roles.Effective{ResellerAdmin: resellerAdmin("60", time.Time{})}))
		}, []string{"account-created ivan@b.example ->active", "access-gained (ivan@b.example) b.example C4"}},
		{"revoke a role", func(s *access.Snapshot) { findAcct(s, "ana@a.example").Facts.Effective.ResellerAdmin = nil },
			[]string{"assignment-removed ana@a.example 10 _RESELLER_ADMIN_ROLE", "access-lost ana a.example C1,C2,C3"}},
		{"grant a role", func(s *access.Snapshot) {
			findAcct(s, "gus@a.example").Facts.Effective.Grants = customGrants("40", "", time.Time{})
		}, []string{"assignment-added gus@a.example 40 Support portal access", "access-gained gus a.example C1,C2,C3"}},
		{"leave the group (P4)", func(s *access.Snapshot) { findAcct(s, "ben@a.example").Facts.Effective.Grants = nil },
			[]string{"assignment-removed ben@a.example 20 Support portal access via team@a.example", "access-lost ben a.example C1,C2,C3"}},
		{"time passes (P4)", func(s *access.Snapshot) { s.ReadAt = s.ReadAt.Add(72 * time.Hour) },
			[]string{"assignment-expired eve@a.example 30 _RESELLER_ADMIN_ROLE", "access-lost eve a.example C1,C2,C3"}},
		{"time passes and the roles package skips it (P4)", func(s *access.Snapshot) {
			s.ReadAt = s.ReadAt.Add(72 * time.Hour)
			e := &findAcct(s, "eve@a.example").Facts.Effective
			e.ResellerAdmin = nil
			e.Skipped = []roles.Skipped{{Assignment: roles.Assignment{ID: "30", RoleID: "1", ExpireTime: driftAt.Add(48 * time.Hour)},
				RoleName: roles.ResellerAdminRoleName, Reason: roles.SkipExpired}}
		}, []string{"assignment-expired eve@a.example 30 _RESELLER_ADMIN_ROLE", "access-lost eve a.example C1,C2,C3"}},
		{"time passes, short of the expiry", func(s *access.Snapshot) { s.ReadAt = s.ReadAt.Add(47 * time.Hour) }, nil},
		{"customer moves (D1)", func(s *access.Snapshot) {
			c := s.Domains[0].Customers[1]
			c.ResellerDomain = "b.example"
			s.Domains[0].Customers = append(s.Domains[0].Customers[:1], s.Domains[0].Customers[2:]...)
			s.Domains[1].Customers = append(s.Domains[1].Customers, c)
		}, []string{"customer-moved C2 b.example from a.example",
			"access-gained hana b.example C2",
			"access-lost ana a.example C2", "access-lost ben a.example C2", "access-lost eve a.example C2"}},
		{"customer revokes reseller access (D5)", func(s *access.Snapshot) { s.Domains[0].Customers[0].AccessGranted = false },
			[]string{"customer-access-revoked C1 a.example"}},
		{"customer restores reseller access (D5)", func(s *access.Snapshot) { s.Domains[0].Customers[2].AccessGranted = true },
			[]string{"customer-access-restored C3 a.example"}},
		{"customer added", func(s *access.Snapshot) {
			s.Domains[1].Customers = append(s.Domains[1].Customers, cust("C9", "b.example", true))
		}, []string{"customer-added C9 b.example", "access-gained hana b.example C9"}},
		{"customer removed", func(s *access.Snapshot) { s.Domains[1].Customers = nil },
			[]string{"customer-removed C4 b.example", "access-lost hana b.example C4"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			old := driftSnapshot()
			new := copySnapshot(t, old)
			tc.change(new)
			evs, err := access.Diff(old, new, &access.DriftOptions{People: driftPeople})
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, showEvents(evs), cmp.Transformer("nil", func(s []string) []string {
				if s == nil {
					return []string{}
				}
				return s
			})); d != "" {
				t.Errorf("Diff (-want +got):\n%s", d)
			}
		})
	}
}

func TestDiffAccessDecision(t *testing.T) {
	t.Parallel()
	old := driftSnapshot()
	new := copySnapshot(t, old)
	findAcct(new, "ana@a.example").Facts.State = access.StateSuspended
	evs, err := access.Diff(old, new, nil)
	if err != nil {
		t.Fatal(err)
	}
	last := evs[len(evs)-1]
	if last.Kind != access.EventAccessLost || last.Access.Person != "" || last.Access.Account != "ana@a.example" {
		t.Fatalf("last event = %s, want ana's access lost, under her address (no people given)", showEvent(last))
	}
	if d := last.Access.Decision; d == nil || d.Allowed || !strings.Contains(fmt.Sprint(d.Missing()), access.RequireActiveAccount.String()) {
		t.Errorf("lost access carries decision %+v, want the P5 denial", d)
	}
	// The JSON names are stable.
	b, err := json.Marshal(evs)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"kind":"account-suspended"`, `"from":"active","to":"suspended"`,
		`"kind":"access-lost","access":{"account":"ana@a.example","domain":"a.example","customers":["C1","C2","C3"],"decision":{`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON lacks %s:\n%s", want, b)
		}
	}
}

// TestDiffProfile: access is compared under the given profile (P2): a role
// without the Support privilege allows only under the Customer Care Portal.
func TestDiffProfile(t *testing.T) {
	t.Parallel()
	old := driftSnapshot()
	new := copySnapshot(t, old)
	gs := customGrants("40", "", time.Time{})
	findAcct(new, "gus@a.example").Facts.Effective.Grants = gs[:2] // no Support
	for _, tc := range []struct {
		profile access.Profile
		access  bool
	}{{access.CloudSupportPortal, false}, {access.CustomerCarePortal, true}} {
		evs, err := access.Diff(old, new, &access.DriftOptions{Profile: tc.profile, People: driftPeople})
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Join(showEvents(evs), "\n")
		if strings.Contains(got, "access-gained gus") != tc.access {
			t.Errorf("%s: events\n%s", tc.profile, got)
		}
	}
}

func TestDiffOrderIsDeterministic(t *testing.T) {
	t.Parallel()
	old := driftSnapshot()
	new := copySnapshot(t, old)
	new.ReadAt = new.ReadAt.Add(72 * time.Hour)
	for _, a := range []string{"ana@a.example", "ben@a.example", "gus@a.example"} {
		findAcct(new, a).Facts.State = access.StateSuspended
	}
	new.Domains[1].Customers = append(new.Domains[1].Customers, cust("C0", "b.example", false))
	want := []string{
		"customer-added C0 b.example",
		"account-suspended ana@a.example active>suspended", "account-suspended ben@a.example active>suspended",
		"account-suspended gus@a.example active>suspended",
		"assignment-expired eve@a.example 30 _RESELLER_ADMIN_ROLE",
		"access-gained hana b.example C0",
		"access-lost ana a.example C1,C2,C3", "access-lost ben a.example C1,C2,C3", "access-lost eve a.example C1,C2,C3",
	}
	for range 20 {
		evs, err := access.Diff(old, new, &access.DriftOptions{People: driftPeople})
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(want, showEvents(evs)); d != "" {
			t.Fatalf("Diff (-want +got):\n%s", d)
		}
	}
}

func TestDiffInvalid(t *testing.T) {
	t.Parallel()
	s := driftSnapshot()
	bad := copySnapshot(t, s)
	bad.Domains[0].Accounts[0].Facts.Email = "ana@b.example"
	for name, call := range map[string]func() error{
		"nil":     func() error { _, err := access.Diff(nil, s, nil); return err },
		"profile": func() error { _, err := access.Diff(s, s, &access.DriftOptions{Profile: 9}); return err },
		"no ID": func() error {
			_, err := access.Diff(s, s, &access.DriftOptions{People: []access.Person{{}}})
			return err
		},
		"twice": func() error {
			_, err := access.Diff(s, s, &access.DriftOptions{People: append(driftPeople, driftPeople[0])})
			return err
		},
		"claimed": func() error {
			_, err := access.Diff(s, s, &access.DriftOptions{People: []access.Person{{ID: "x", Accounts: []string{"ana@a.example"}}, {ID: "y", Accounts: []string{"ana@a.example"}}}})
			return err
		},
		"not email": func() error {
			_, err := access.Diff(s, s, &access.DriftOptions{People: []access.Person{{ID: "x", Accounts: []string{"ana"}}}})
			return err
		},
		"off domain": func() error { _, err := access.Diff(s, bad, nil); return err },
	} {
		var fe *resellerkit.FieldError
		if err := call(); !errors.As(err, &fe) || resellerkit.KindOf(err) != resellerkit.KindInvalidArgument {
			t.Errorf("%s: err = %v, want an invalid-argument field error", name, err)
		}
	}
}

func showExpiring(gs []access.ExpiringGrant) []string {
	out := []string{}
	for _, g := range gs {
		out = append(out, fmt.Sprintf("%s %s %s %s %s", g.Person, g.Account, g.AssignmentID, g.ExpireTime.Format(time.RFC3339), strings.Join(g.Customers, ",")))
	}
	return out
}

// TestExpiring: grants that end within the window (P4), each with the
// customers their end takes away, and none when another grant keeps them.
func TestExpiring(t *testing.T) {
	t.Parallel()
	in48 := driftAt.Add(48 * time.Hour).Format(time.RFC3339)
	in24 := driftAt.Add(24 * time.Hour).Format(time.RFC3339)
	for _, tc := range []struct {
		name   string
		change func(s *access.Snapshot)
		within time.Duration
		want   []string
	}{
		{"outside the window", nil, 47 * time.Hour, nil},
		{"at the window's end", nil, 48 * time.Hour, []string{"eve eve@a.example 30 " + in48 + " C1,C2,C3"}},
		{"kept by a lasting grant", func(s *access.Snapshot) {
			findAcct(s, "eve@a.example").Facts.Effective.Grants = customGrants("31", "", time.Time{})
		}, 168 * time.Hour, []string{"eve eve@a.example 30 " + in48 + " "}},
		{"the earlier of two takes nothing, the later everything", func(s *access.Snapshot) {
			findAcct(s, "eve@a.example").Facts.Effective.Grants = customGrants("31", "", driftAt.Add(24*time.Hour))
		}, 168 * time.Hour, []string{"eve eve@a.example 31 " + in24 + " ", "eve eve@a.example 30 " + in48 + " C1,C2,C3"}},
		{"kept by the person's other account on the domain", func(s *access.Snapshot) {
			s.Domains[0].Accounts = append(s.Domains[0].Accounts,
				staffAcct("eve.admin@a.example", access.StateActive, roles.Effective{ResellerAdmin: resellerAdmin("32", time.Time{})}))
		}, 168 * time.Hour, []string{"eve eve@a.example 30 " + in48 + " "}},
		{"a blocked account loses nothing", func(s *access.Snapshot) { findAcct(s, "eve@a.example").Facts.State = access.StateSuspended },
			168 * time.Hour, []string{"eve eve@a.example 30 " + in48 + " "}},
		{"already expired is not expiring", func(s *access.Snapshot) { s.ReadAt = driftAt.Add(48 * time.Hour) }, 168 * time.Hour, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := driftSnapshot()
			if tc.change != nil {
				tc.change(s)
			}
			people := append([]access.Person(nil), driftPeople...)
			people[2].Accounts = []string{"eve@a.example", "eve.admin@a.example"}
			got, err := access.Expiring(s, tc.within, &access.DriftOptions{People: people})
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(append([]string{}, tc.want...), showExpiring(got)); d != "" {
				t.Errorf("Expiring (-want +got):\n%s", d)
			}
		})
	}
	for _, within := range []time.Duration{0, -time.Hour} {
		if _, err := access.Expiring(driftSnapshot(), within, nil); resellerkit.KindOf(err) != resellerkit.KindInvalidArgument {
			t.Errorf("Expiring(%v) err = %v", within, err)
		}
	}
	if _, err := access.Expiring(nil, time.Hour, nil); resellerkit.KindOf(err) != resellerkit.KindInvalidArgument {
		t.Errorf("Expiring(nil) err = %v", err)
	}
}

// TestDiffOnTheFake: each change made on the fake World, read back by
// Gather, is what Diff reports; a gathered snapshot diffed with itself, and
// with its JSON round trip, is empty.
func TestDiffOnTheFake(t *testing.T) {
	t.Parallel()
	alder := fake.DemoAlderDomain
	// zed is read once created: Gather reads the people's accounts.
	people := append(append([]access.Person(nil), demoPeople...), access.Person{ID: "zed", Accounts: []string{"zed@" + alder}})
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, w *fake.World)
		want   []string
	}{
		{"nothing", func(*testing.T, *fake.World) {}, nil},
		{"suspend (P5)", func(t *testing.T, w *fake.World) { must(t, w.SetSuspended("ana@"+alder, true)) },
			[]string{"account-suspended ana@alder-reseller.example active>suspended",
				"access-lost ana alder-reseller.example C03c00001,C03c00002,C03c00003,C03c00004,C03c00005,C03c00006,C03c00007,C03c00008,C03c00009,C03c00010"}},
		{"unsuspend (P5)", func(t *testing.T, w *fake.World) { must(t, w.SetSuspended("dan@"+alder, false)) },
			[]string{"account-unsuspended dan@alder-reseller.example suspended>active",
				"access-gained dan alder-reseller.example C03c00001,C03c00002,C03c00003,C03c00004,C03c00005,C03c00006,C03c00007,C03c00008,C03c00009,C03c00010"}},
		{"delete an account", func(t *testing.T, w *fake.World) { must(t, w.DeleteUser("gus@"+alder)) },
			[]string{"account-removed gus@alder-reseller.example active>-"}},
		{"create an account", func(t *testing.T, w *fake.World) {
			_, err := w.AddUser(alder, fake.UserSeed{Email: "zed@" + alder, Roles: []string{roles.ResellerAdminRoleName}})
			must(t, err)
		}, []string{"account-created zed@alder-reseller.example ->active",
			"access-gained zed alder-reseller.example C03c00001,C03c00002,C03c00003,C03c00004,C03c00005,C03c00006,C03c00007,C03c00008,C03c00009,C03c00010"}},
		{"customer moves (D1)", func(t *testing.T, w *fake.World) { must(t, w.Transfer("C03c00001", fake.DemoAlderEUDomain)) },
			[]string{"customer-moved C03c00001 alder-eu.example from alder-reseller.example",
				"access-gained cara alder-eu.example C03c00001",
				"access-lost ana alder-reseller.example C03c00001", "access-lost ben alder-reseller.example C03c00001"}},
		{"customer revokes reseller access (D5)", func(t *testing.T, w *fake.World) { must(t, w.SetResellerAccess("C03c00001", false)) },
			[]string{"customer-access-revoked C03c00001 alder-reseller.example"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, w := demo(t)
			old, err := access.Gather(t.Context(), demoSources(t, srv), people, &access.GatherOptions{Clock: w.Now})
			if err != nil {
				t.Fatal(err)
			}
			tc.change(t, w)
			new, err := access.Gather(t.Context(), demoSources(t, srv), people, &access.GatherOptions{Clock: w.Now})
			if err != nil {
				t.Fatal(err)
			}
			evs, err := access.Diff(old, new, &access.DriftOptions{People: people})
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(append([]string{}, tc.want...), showEvents(evs)); d != "" {
				t.Errorf("Diff (-want +got):\n%s", d)
			}
			for _, s := range []*access.Snapshot{old, new} {
				if evs, err := access.Diff(s, copySnapshot(t, s), nil); err != nil || len(evs) != 0 {
					t.Errorf("a snapshot against its JSON copy: %v, %v", showEvents(evs), err)
				}
				if d := cmp.Diff(s, copySnapshot(t, s)); d != "" {
					t.Errorf("a gathered snapshot changed through JSON:\n%s", d)
				}
			}
		})
	}
}

// TestDiffExpiryOnTheFake: an expiring Reseller Admin assignment shows in
// Expiring, then, once the World's clock passes it, in Diff (P4).
func TestDiffExpiryOnTheFake(t *testing.T) {
	t.Parallel()
	srv, w := demo(t)
	gus := "gus@" + fake.DemoAlderDomain
	if _, err := w.Assign(fake.DemoAlderDomain, fake.AssignmentSeed{Role: roles.ResellerAdminRoleName, Assignee: gus, ExpireTime: w.Now().Add(72 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	gather := func() *access.Snapshot {
		s, err := access.Gather(t.Context(), demoSources(t, srv), demoPeople, &access.GatherOptions{Clock: w.Now})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	old := gather()
	exp, err := access.Expiring(old, 168*time.Hour, &access.DriftOptions{People: demoPeople})
	if err != nil {
		t.Fatal(err)
	}
	if len(exp) != 1 || exp[0].Person != "gus" || exp[0].RoleName != roles.ResellerAdminRoleName || len(exp[0].Customers) != 10 {
		t.Fatalf("Expiring = %v, want gus's Reseller Admin taking the 10 customers of %s", showExpiring(exp), fake.DemoAlderDomain)
	}
	w.Advance(73 * time.Hour)
	evs, err := access.Diff(old, gather(), &access.DriftOptions{People: demoPeople})
	if err != nil {
		t.Fatal(err)
	}
	got := showEvents(evs)
	if len(got) != 2 || !strings.HasPrefix(got[0], "assignment-expired gus@alder-reseller.example "+exp[0].AssignmentID+" _RESELLER_ADMIN_ROLE") ||
		got[1] != "access-lost gus alder-reseller.example "+strings.Join(exp[0].Customers, ",") {
		t.Errorf("Diff after expiry = %q", got)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func ExampleDiff() {
	yesterday := driftSnapshot()
	var buf bytes.Buffer
	_ = yesterday.WriteJSON(&buf) // what a nightly job keeps
	kept, _ := access.ReadSnapshot(&buf)

	today := driftSnapshot()
	today.ReadAt = today.ReadAt.Add(24 * time.Hour)
	today.Domains[0].Accounts[0].Facts.State = access.StateSuspended // ana

	evs, _ := access.Diff(kept, today, &access.DriftOptions{People: driftPeople})
	for _, e := range evs {
		switch {
		case e.Account != nil:
			fmt.Println(e.Kind, e.Account.Person, *e.Account.From, "->", *e.Account.To)
		case e.Access != nil:
			fmt.Println(e.Kind, e.Access.Person, e.Access.Domain, e.Access.Customers)
		}
	}
	// Output:
	// account-suspended ana active -> suspended
	// access-lost ana a.example [C1 C2 C3]
}

func ExampleExpiring() {
	s := driftSnapshot() // eve's Reseller Admin ends two days after the read
	gs, _ := access.Expiring(s, 7*24*time.Hour, &access.DriftOptions{People: driftPeople})
	for _, g := range gs {
		fmt.Println(g.Person, g.RoleName, g.ExpireTime.Format(time.RFC3339), g.Customers)
	}
	// Output:
	// eve _RESELLER_ADMIN_ROLE 2026-01-07T09:00:00Z [C1 C2 C3]
}
