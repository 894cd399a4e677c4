package fake_test

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	admin "google.golang.org/api/admin/directory/v1"
	cloudsupport "google.golang.org/api/cloudsupport/v2"

	"github.com/resellerkit/resellerkit/cases"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/roles"
)

// roundTrip checks that w's Seed builds a World whose Seed and Snapshot
// are w's again, through JSON as a state file holds it, and returns that
// World. The revision counter differs by design: building a World stamps
// its objects with revisions after the exported one, so no ETag repeats.
func roundTrip(t *testing.T, w *fake.World) *fake.World {
	t.Helper()
	s1 := w.Seed()
	b, err := json.Marshal(s1)
	if err != nil {
		t.Fatal(err)
	}
	read, err := fake.ReadSeed(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("ReadSeed(json of World.Seed): %v", err)
	}
	w2, err := fake.NewWorld(read)
	if err != nil {
		t.Fatalf("NewWorld(World.Seed()): %v", err)
	}
	s2 := w2.Seed()
	ignoreRev := cmpopts.IgnoreMapEntries(func(k string, _ int64) bool { return k == "rev" })
	if diff := cmp.Diff(s1, s2, ignoreRev, cmpopts.EquateEmpty(), cmpopts.IgnoreUnexported(fake.Seed{})); diff != "" {
		t.Errorf("Seed after a round trip mismatch (-before +after):\n%s", diff)
	}
	if s2.Counters["rev"] <= s1.Counters["rev"] {
		t.Errorf("rev counter %d after the round trip, want past %d", s2.Counters["rev"], s1.Counters["rev"])
	}
	if diff := cmp.Diff(w.Snapshot(), w2.Snapshot(), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("Snapshot after a round trip mismatch (-before +after):\n%s", diff)
	}
	return w2
}

func TestSeedRoundTripDemo(t *testing.T) {
	t.Parallel()
	w, err := fake.NewWorld(fake.DemoSeed())
	if err != nil {
		t.Fatal(err)
	}
	roundTrip(t, w)
}

// After writes through the API and the World's methods, the export still
// builds the same World, and IDs issued afterwards are new.
func TestSeedRoundTripAfterWrites(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.w
	dir := e.dir(alderAdmin)
	ctx := t.Context()
	ou, err := dir.Orgunits.Insert("my_customer", &admin.OrgUnit{Name: "Support", ParentOrgUnitPath: "/Staff", Description: "L1"}).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	u, err := dir.Users.Insert(&admin.User{PrimaryEmail: "zoe@" + fake.DemoAlderDomain, Password: "correct horse battery",
		Name: &admin.UserName{GivenName: "Zoe", FamilyName: "Ng"}, OrgUnitPath: ou.OrgUnitPath, ChangePasswordAtNextLogin: true,
		RecoveryEmail: "zoe@home.example"}).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	role, err := dir.Roles.Insert("my_customer", &admin.Role{RoleName: "Helpdesk",
		RolePrivileges: []*admin.RoleRolePrivileges{{PrivilegeName: "USERS_RETRIEVE", ServiceId: roles.AdminAPIsServiceID}}}).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dir.RoleAssignments.Insert("my_customer", &admin.RoleAssignment{RoleId: role.RoleId, AssignedTo: u.Id,
		ScopeType: "ORG_UNIT", OrgUnitId: ou.OrgUnitId}).Context(ctx).Do(); err != nil {
		t.Fatal(err)
	}
	if err := dir.Users.Delete(gus).Context(ctx).Do(); err != nil {
		t.Fatal(err)
	}
	// The deleted user's address is reused: both are kept.
	if _, err := w.AddUser(fake.DemoAlderCustomerID, fake.UserSeed{Email: gus, Aliases: []string{"gustav@" + fake.DemoAlderDomain}}); err != nil {
		t.Fatal(err)
	}
	if err := w.SetSuspended(eve, true); err != nil {
		t.Fatal(err)
	}
	w.Advance(48 * time.Hour)
	if err := w.Transfer("globex-retail.example", fake.DemoBirchDomain); err != nil {
		t.Fatal(err)
	}

	sup := e.support(alderAdmin)
	c, err := sup.Cases.Create(fake.CaseParent(lostCaseCustomer), &cloudsupport.Case{DisplayName: "Mail delayed",
		Description: "Mail arrives an hour late.", Priority: "P2", SubscriberEmailAddresses: []string{"ops@acme.example"},
		Classification: &cloudsupport.CaseClassification{Id: gmailClassification}}).Context(ctx).Do()
	if err != nil {
		t.Fatal(err)
	}
	w.Advance(time.Hour)
	if _, err := sup.Cases.Comments.Create(c.Name, &cloudsupport.Comment{Body: "Still late."}).Context(ctx).Do(); err != nil {
		t.Fatal(err)
	}
	if _, err := upload(t, sup, c.Name, "headers.txt", []byte("Received: by mx\n")); err != nil {
		t.Fatal(err)
	}
	if _, err := sup.Cases.Close(c.Name, &cloudsupport.CloseCaseRequest{}).Context(ctx).Do(); err != nil {
		t.Fatal(err)
	}
	if _, err := w.AddCases([]fake.CaseSeed{{Customer: lostCaseCustomer, Filer: alderAdmin, Classification: "Technical Issue > Gmail",
		Title: "Seeded", Description: "d", Severity: cases.S1, State: cases.StateInProgress,
		Comments: []cases.Comment{{Body: "First", Author: "support@google.example"}}}}); err != nil {
		t.Fatal(err)
	}

	w2 := roundTrip(t, w)
	if diff := cmp.Diff(w.CasesSnapshot(), w2.CasesSnapshot(), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("CasesSnapshot after a round trip mismatch (-before +after):\n%s", diff)
	}

	ids := map[string]bool{}
	for _, ts := range w.Snapshot().Tenants {
		for _, u := range ts.Users {
			ids[u.ID] = true
		}
	}
	id, err := w2.AddUser(fake.DemoAlderCustomerID, fake.UserSeed{Email: "next@" + fake.DemoAlderDomain})
	if err != nil {
		t.Fatal(err)
	}
	if ids[id] {
		t.Errorf("a user added after the round trip got ID %s, already used before it", id)
	}
}

func TestSeedReadErrors(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ name, json, want string }{
		{"empty", "", "empty"},
		{"blank", " \n", "empty"},
		{"unknown field", `{"tenants": [], "tenantz": 1}`, `"tenantz"`},
		{"trailing data", `{"tenants": []} {}`, "more data"},
		{"trailing brace", `{"tenants": []}}`, "more data"},
		{"unknown counter", `{"tenants": [], "counters": {"widgets": 1}}`, `"widgets"`},
	} {
		s, err := fake.ReadSeed(bytes.NewReader([]byte(c.json)))
		if err == nil {
			_, err = fake.NewWorld(s)
		}
		if err == nil || !bytes.Contains([]byte(err.Error()), []byte(c.want)) {
			t.Errorf("%s: error %v, want one naming %s", c.name, err, c.want)
		}
	}
}
