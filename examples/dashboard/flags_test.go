package main

import (
	"bytes"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/examples/internal/cli"
	"github.com/resellerkit/resellerkit/examples/internal/cli/clitest"
	"github.com/resellerkit/resellerkit/examples/internal/demoworld"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/licensing"
)

func TestMain(m *testing.M) { clitest.TestMain(m, main) }

// -h exits 0 and shows an example command and every flag.
func TestHelp(t *testing.T) {
	t.Parallel()
	clitest.Help(t, "go run ./examples/dashboard", "account", "endpoint", "people", "plans", "seats", "cases", "role", "staff-ou")
}

// A bad file stops the dashboard before anything is served: the error
// names the file, the field and what is expected, on the embedded fake as
// on Google.
func TestBadFilesFailFast(t *testing.T) {
	t.Parallel()
	missing := filepath.Join(t.TempDir(), "missing.json")
	tests := []struct {
		name string
		args []string
		want []string // in the error
	}{
		{"missing people", []string{"-people", missing}, []string{"-people " + missing, "no such file"}},
		{"empty people", []string{"-people", writeFile(t, "people.json", "")}, []string{"people.json", "the file is empty", "expected a list"}},
		{"people typo", []string{"-people", writeFile(t, "people.json", `[{"name": "Di", "acounts": ["di@eu.example"]}]`)},
			[]string{"people.json:1:", "[0].acounts", `did you mean "accounts"`}},
		{"people without accounts", []string{"-people", writeFile(t, "people.json", `[{"name": "Cy"}]`)}, []string{"people.json", "[0].accounts", "expected at least one"}},
		{"plans not an object", []string{"-plans", writeFile(t, "plans.json", `["Premium"]`)}, []string{"plans.json:1:1", "got a list, expected an object"}},
		{"plans unknown plan", []string{"-plans", writeFile(t, "plans.json", `{"C03cu0000": "Gold"}`)}, []string{"plans.json", `["C03cu0000"]`, "expected Standard, Enhanced or Premium"}},
		{"cases bad time", []string{"-cases", writeFile(t, "cases.json", `{"parents": {}, "tenure": [{"resellerAccount": "C0a", "customerId": "C0b", "start": "2024"}]}`)},
			[]string{"cases.json:1:", "tenure[0].start", "RFC 3339"}},
		{"cases missing", []string{"-cases", missing}, []string{"-cases " + missing, "no such file"}},
		{"key missing", []string{"-account", missing + ":admin@reseller.example"}, []string{"-account " + missing, "key file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stdout bytes.Buffer
			err := run(t.Context(), append(tt.args, "-addr", "127.0.0.1:0"), &stdout, io.Discard)
			if err == nil {
				t.Fatal("the dashboard started")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if stdout.Len() != 0 {
				t.Errorf("something was served: %q", stdout.String())
			}
		})
	}
}

// Every flag that adds what Google does not tell has an effect on the
// embedded fake too, over the demo world's own records.
func TestFlagsApplyOnTheFake(t *testing.T) {
	t.Parallel()
	people := writeFile(t, "people.json", `[{"id": "ana@partner.example", "name": "Ana Only",
		"accounts": ["ana.lima@`+demoworld.DomainEU+`"]}]`)
	// C03cu0000 is on Standard in the demo world; C03cu0001 on Enhanced.
	plans := writeFile(t, "plans.json", `{"C03cu0000": "Premium"}`)
	// Only one customer's Cloud Support parent: only its cases are read.
	cases := writeFile(t, "cases.json", `{"parents": {"C03cu0000": "`+fake.CaseParent("C03cu0000")+`"},
		"tenure": [{"resellerAccount": "`+demoworld.AccountEU+`", "customerId": "C03cu0000", "start": "2020-01-01T00:00:00Z"}]}`)
	cfg, err := parseFlags([]string{"-people", people, "-plans", plans, "-cases", cases, "-seats", "1010010001=999",
		"-role", "Portal crew", "-staff-ou", "/Crew"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	in, err := readInputs(cfg)
	if err != nil {
		t.Fatal(err)
	}
	src, closeSrc, err := openSource(t.Context(), cfg.creds, in, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer closeSrc()
	snap, err := src.Snapshot(t.Context())
	if err != nil {
		t.Fatal(err)
	}

	t.Run("people", func(t *testing.T) {
		if len(snap.People) != 1 || snap.People[0].Name != "Ana Only" {
			t.Errorf("people = %+v, want the file's one person", snap.People)
		}
	})
	t.Run("plans", func(t *testing.T) {
		got := map[string]domains.SupportPlan{}
		for _, d := range snap.Access.Domains {
			for _, c := range d.Customers {
				got[c.ID] = c.Plan
			}
		}
		if got["C03cu0000"] != domains.PlanPremium || got["C03cu0001"] != domains.PlanEnhanced {
			t.Errorf("plans: C03cu0000 %v (want the file's Premium), C03cu0001 %v (want the world's Enhanced)", got["C03cu0000"], got["C03cu0001"])
		}
	})
	t.Run("seats", func(t *testing.T) {
		found := false
		for _, s := range snap.Seats {
			if s.SKU == licensing.SKUCloudIdentityFree {
				found = true
				if s.Err != nil || s.Available != 999 {
					t.Errorf("%s: Cloud Identity Free seats %d, %v; want the flag's 999", s.Customer, s.Available, s.Err)
				}
			}
		}
		if !found {
			t.Error("no Cloud Identity Free seats shown")
		}
	})
	t.Run("cases", func(t *testing.T) {
		total := 0
		for _, st := range snap.Cases {
			total += st.Total
			for id := range st.Open {
				if id != "C03cu0000" {
					t.Errorf("%s: open cases counted for %s, which the -cases file gives no parent", st.Account, id)
				}
			}
		}
		if total == 0 || total >= demoworld.Cases/10 {
			t.Errorf("%d cases counted, want those of C03cu0000 alone", total)
		}
	})
	t.Run("role and staff-ou", func(t *testing.T) {
		p, err := src.Plan(t.Context(), PlanRequest{Person: access.Person{ID: "zed@partner.example", Name: "Zed Ray",
			Accounts: []string{"zed.ray@" + demoworld.DomainEU}}, Domains: []string{demoworld.DomainEU}, Profile: access.CloudSupportPortal})
		if err != nil {
			t.Fatal(err)
		}
		var role, ou bool
		for _, a := range p.Accounts {
			for _, s := range a.Steps {
				role = role || (s.Kind == access.StepRole && s.Subject == "Portal crew")
				ou = ou || (s.Kind == access.StepOrgUnit && s.Subject == "/Crew")
			}
		}
		if !role || !ou {
			t.Errorf("plan: role step for -role %v, org unit step for -staff-ou %v; want both\n%+v", role, ou, p.Accounts)
		}
	})
}

// Without -staff-ou and -role the embedded fake plans with the demo
// world's org unit and role, as the help says.
func TestFakeDefaultsMatchHelp(t *testing.T) {
	t.Parallel()
	var help bytes.Buffer
	_, _ = parseFlags([]string{"-h"}, &help)
	for _, w := range []string{demoworld.StaffOrgUnit, demoworld.CustomRole, access.DefaultOrgUnit} {
		if !strings.Contains(help.String(), w) {
			t.Errorf("help does not name the default %q", w)
		}
	}
	src, closeSrc, err := openSource(t.Context(), cli.Credentials{}, inputs{}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer closeSrc()
	p, err := src.Plan(t.Context(), PlanRequest{Person: access.Person{ID: "zed@partner.example", Name: "Zed Ray",
		Accounts: []string{"zed.ray@" + demoworld.DomainEU}}, Domains: []string{demoworld.DomainEU}, Profile: access.CloudSupportPortal})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range p.Accounts {
		for _, s := range a.Steps {
			if s.Kind == access.StepOrgUnit && s.Subject != demoworld.StaffOrgUnit {
				t.Errorf("org unit step %q, want the demo world's %q", s.Subject, demoworld.StaffOrgUnit)
			}
			if s.Kind == access.StepRole && s.Subject != demoworld.CustomRole {
				t.Errorf("role step %q, want the demo world's %q", s.Subject, demoworld.CustomRole)
			}
		}
	}
}
