package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/examples/internal/cli/clitest"
	"github.com/resellerkit/resellerkit/examples/internal/demoworld"
)

// TestProvisionDryRunOnTheFake: without flags, the example team is planned
// on the demo world every example runs on (demoworld): an account for
// chloe.martin on the secondary domain (D2), the portal role again for
// eko.pratama where his assignment expired (P4), everything for the
// newcomer (S3, S4, S5), and nothing where the Reseller Admin role already
// lets a person in (P1.1).
func TestProvisionDryRunOnTheFake(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	if err := run(t.Context(), nil, &out, &errOut); err != nil {
		t.Fatalf("run: %v\nstderr: %s", err, errOut.String())
	}
	for _, want := range []string{
		"Setup plan (dry run)",
		"Profile: Google Cloud Support Portal; org unit: /Reseller support; role: Support portal; case alerts: sharing; 3 people",
		"Reseller account C01nweu00 (northwind-eu.example, northwind-nordics.example), acting as admin@northwind-eu.example",
		"Reseller account C01nwus00 (northwind-us.example), acting as admin@northwind-us.example",
		"[ok] S1 the caller is a super admin",
		"[ok] S4 enough Cloud Identity Free seats: 3 needed, 17 free (33 of 50 assigned)",
		"[ok] S4 enough Cloud Identity Free seats: 1 needed, 1 free (18 of 19 assigned)",
		"+ [S3] account    chloe.martin@northwind-nordics.example",
		"+ [S3] account    vera.nowak@northwind-us.example",
		"= [S5] role       Support portal: exists with exactly the profile's privileges",
		"+ [S5] assignment eko.pratama@northwind-nordics.example: the role will be assigned customer-wide",
		"= [S5] assignment chloe.martin@northwind-eu.example: not needed: already reaches the portal through the Reseller Admin role (P1.1)",
		"13 change(s) to apply.",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("plan lacks %q:\n%s", want, out.String())
		}
	}
	if !strings.Contains(errOut.String(), "dry run") || strings.Contains(out.String(), "Summary:") {
		t.Errorf("a dry run applied: stderr %q", errOut.String())
	}
	clitest.OnDemoWorld(t, "provision", errOut.String())
}

// TestExampleTeamIsTheDemoWorlds: the people of team.example.json are the
// demo world's, or its newcomer, on its reseller domains.
func TestExampleTeamIsTheDemoWorlds(t *testing.T) {
	t.Parallel()
	var team access.Team
	if err := json.Unmarshal(exampleTeam, &team); err != nil {
		t.Fatal(err)
	}
	known := map[string]demoworld.Person{demoworld.Newcomer().Address: demoworld.Newcomer()}
	for _, p := range demoworld.People() {
		known[p.Address] = p
	}
	if team.OrgUnit != demoworld.StaffOrgUnit || team.RoleName != demoworld.CustomRole {
		t.Errorf("team org unit %q and role %q, want the demo world's %q and %q", team.OrgUnit, team.RoleName, demoworld.StaffOrgUnit, demoworld.CustomRole)
	}
	newcomer := false
	for _, m := range team.People {
		p, ok := known[m.ID]
		if !ok {
			t.Errorf("%s is not a person of the demo world", m.ID)
			continue
		}
		newcomer = newcomer || p.Address == demoworld.Newcomer().Address
		if m.GivenName != p.GivenName || m.FamilyName != p.FamilyName {
			t.Errorf("%s is named %s %s, the demo world says %s %s", m.ID, m.GivenName, m.FamilyName, p.GivenName, p.FamilyName)
		}
		for _, d := range m.Domains {
			if d != demoworld.DomainEU && d != demoworld.DomainNordics && d != demoworld.DomainUS {
				t.Errorf("%s: %s is not a reseller domain of the demo world", m.ID, d)
			}
		}
	}
	if !newcomer {
		t.Error("the example team has no newcomer: the plan would create no account")
	}
}

func TestProvisionApplyOnTheFake(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "passwords.csv")
	var out bytes.Buffer
	if err := run(t.Context(), []string{"-apply", "-passwords", file}, &out, io.Discard); err != nil {
		t.Fatalf("run -apply: %v\n%s", err, out.String())
	}
	for _, want := range []string{
		"Applying 13 change(s)...",
		"created   account    vera.nowak@northwind-eu.example",
		"created   assignment eko.pratama@northwind-nordics.example",
		"Summary: 13 created, 0 updated, 18 unchanged, 0 failed.",
		"A new plan finds 0 change(s) left",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	st, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("password file mode %v, want 0600", st.Mode().Perm())
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+4 || rows[0][2] != "initial_password" {
		t.Fatalf("password file rows = %d, header %v", len(rows), rows[0])
	}
	for _, r := range rows[1:] {
		if len(r[2]) < 8 || strings.Contains(out.String(), r[2]) {
			t.Errorf("password of %s is too short or was printed", r[0])
		}
	}
}

func TestProvisionJSONAndTeamFile(t *testing.T) {
	t.Parallel()
	team := filepath.Join(t.TempDir(), "team.json")
	if err := os.WriteFile(team, []byte(`{"profile":"customer-care-portal","useResellerAdmin":true,"alerts":"redirect",
		"people":[{"id":"kim@corp.example","givenName":"Kim","familyName":"Ito","domains":["northwind-us.example"]}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(t.Context(), []string{"-team", team, "-json"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var plan struct {
		Team struct {
			Profile string
			Alerts  string
		}
		ResellerAccounts []struct {
			CustomerID string
			Manual     []struct{ Rule string }
			Steps      []struct{ Kind, Subject, Action string }
		}
	}
	if err := json.Unmarshal(out.Bytes(), &plan); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out.String())
	}
	if plan.Team.Profile != "customer-care-portal" || plan.Team.Alerts != "redirect" {
		t.Errorf("team = %+v", plan.Team)
	}
	us := plan.ResellerAccounts[1]
	var role string
	for _, s := range us.Steps {
		if s.Kind == "role" {
			role = s.Subject + " " + s.Action
		}
	}
	if us.CustomerID != demoworld.AccountUS || role != "Reseller Admin holds" || len(us.Manual) != 2 {
		t.Errorf("US account %s: role step %q, manual steps %+v", us.CustomerID, role, us.Manual)
	}
}

func TestProvisionFlags(t *testing.T) {
	t.Parallel()
	team := filepath.Join(t.TempDir(), "team.json")
	if err := os.WriteFile(team, exampleTeam, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string // in the error
	}{
		{[]string{"-account", "key.json:admin@reseller.example"}, "-account needs -team"},
		{[]string{"-account", "key.json"}, "want KEYFILE:ADMIN"},
		{[]string{"-reset-unknown", "-passwords", "x.csv"}, "-reset-unknown needs -apply and -passwords"},
		{[]string{"-reset-unknown", "-apply"}, "-reset-unknown needs -apply and -passwords"},
		{[]string{"-endpoint", "http://127.0.0.1:1/"}, "-endpoint needs -account"},
		{[]string{"-endpoint", "https://admin.googleapis.com/", "-team", team, "-account", "key.json:admin@reseller.example"}, "loopback"},
		{[]string{"-endpoint", "127.0.0.1:8085", "-team", team, "-account", "key.json:admin@reseller.example"}, "want a URL"},
		{[]string{"-ci-seats", "-1"}, "negative"},
		{[]string{"-team", filepath.Join(t.TempDir(), "missing.json")}, "missing.json"},
		{[]string{"extra"}, "unexpected arguments"},
		// S3: -apply creates accounts, whose passwords would be lost.
		{[]string{"-apply"}, "run again with -passwords FILE"},
	} {
		err := run(t.Context(), tc.args, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("run(%q) = %v, want an error containing %q", tc.args, err, tc.want)
		}
	}
}
