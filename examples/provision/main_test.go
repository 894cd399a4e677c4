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
)

func TestProvisionDryRunOnTheFake(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	if err := run(t.Context(), nil, &out, &errOut); err != nil {
		t.Fatalf("run: %v\nstderr: %s", err, errOut.String())
	}
	for _, want := range []string{
		"Setup plan (dry run)",
		"Reseller account C01a1der0 (alder-reseller.example, alder-eu.example, alder-labs.example), acting as admin@alder-reseller.example",
		"[ok] S1 the caller is a super admin",
		"+ [S3] account    zoe@alder-eu.example",
		"+ [S5] role       Support portal access: will be created",
		"19 change(s) to apply.",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("plan lacks %q:\n%s", want, out.String())
		}
	}
	if !strings.Contains(errOut.String(), "dry run") || strings.Contains(out.String(), "Summary:") {
		t.Errorf("a dry run applied: stderr %q", errOut.String())
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
		"Applying 19 change(s)...",
		"created   account    zoe@alder-eu.example",
		"Summary: 18 created, 1 updated, 3 unchanged, 0 failed.",
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
	if len(rows) != 1+5 || rows[0][2] != "initial_password" {
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
		"people":[{"id":"kim@corp.example","givenName":"Kim","familyName":"Ito","domains":["birch-partners.example"]}]}`), 0o600); err != nil {
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
	birch := plan.ResellerAccounts[1]
	var role string
	for _, s := range birch.Steps {
		if s.Kind == "role" {
			role = s.Subject + " " + s.Action
		}
	}
	if role != "Reseller Admin holds" || len(birch.Manual) != 2 {
		t.Errorf("birch: role step %q, manual steps %+v", role, birch.Manual)
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
