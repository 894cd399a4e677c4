package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

type coverageDoc struct {
	Domains []struct {
		Domain    string `json:"domain"`
		Customers []struct {
			ID string `json:"id"`
		} `json:"customers"`
	} `json:"domains"`
	People []struct {
		ID    string `json:"id"`
		Cells []struct {
			Domain  string `json:"domain"`
			Account string `json:"account"`
			Allowed bool   `json:"allowed"`
		} `json:"cells"`
	} `json:"people"`
}

type whatIfDoc struct {
	People []struct {
		ID   string `json:"id"`
		Lost []struct {
			Domain    string   `json:"domain"`
			Customers []string `json:"customers"`
		} `json:"lost"`
		Gained []json.RawMessage `json:"gained"`
	} `json:"people"`
}

func writeChanges(t *testing.T, body string) string {
	t.Helper()
	name := filepath.Join(t.TempDir(), "changes.json")
	if err := os.WriteFile(name, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return name
}

// TestWhatIfSuspendLosesTheDomainsCustomers: suspending an account allowed
// on domain D (P5) makes its person lose exactly the customers that
// "audit -format json" lists for D (D1), and nothing else changes.
func TestWhatIfSuspendLosesTheDomainsCustomers(t *testing.T) {
	t.Parallel()
	snap := demoSnapshot(t)
	var out bytes.Buffer
	if err := run(t.Context(), []string{"-snapshot", snap, "-format", "json"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var cov coverageDoc
	if err := json.Unmarshal(out.Bytes(), &cov); err != nil {
		t.Fatal(err)
	}
	customersOf := map[string][]string{}
	for _, d := range cov.Domains {
		for _, c := range d.Customers {
			customersOf[d.Domain] = append(customersOf[d.Domain], c.ID)
		}
		slices.Sort(customersOf[d.Domain])
	}
	tested := map[string]bool{}
	for _, p := range cov.People {
		for _, c := range p.Cells {
			if !c.Allowed || tested[c.Domain] || len(customersOf[c.Domain]) == 0 {
				continue
			}
			tested[c.Domain] = true
			file := writeChanges(t, `[{"suspend": "`+c.Account+`"}]`)
			var got bytes.Buffer
			if err := run(t.Context(), []string{"-snapshot", snap, "-what-if", file, "-format", "json"}, &got, io.Discard); err != nil {
				t.Fatal(err)
			}
			var doc whatIfDoc
			if err := json.Unmarshal(got.Bytes(), &doc); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, got.String())
			}
			if len(doc.People) != 1 || doc.People[0].ID != p.ID || len(doc.People[0].Gained) != 0 || len(doc.People[0].Lost) != 1 {
				t.Fatalf("suspend %s: want only %s losing %s, got\n%s", c.Account, p.ID, c.Domain, got.String())
			}
			lost := doc.People[0].Lost[0]
			if lost.Domain != c.Domain || !slices.Equal(lost.Customers, customersOf[c.Domain]) {
				t.Errorf("suspend %s: lost %s %v, want %s %v", c.Account, lost.Domain, lost.Customers, c.Domain, customersOf[c.Domain])
			}
		}
	}
	if len(tested) != 3 {
		t.Fatalf("tested %d domains; the demo world has people allowed on each of its 3", len(tested))
	}
}

func TestWhatIfTableAndBadInput(t *testing.T) {
	t.Parallel()
	snap := demoSnapshot(t)
	var out bytes.Buffer
	file := writeChanges(t, `[{"suspend": "ana.lima@northwind-eu.example"}, {"advance": "720h"}]`)
	if err := run(t.Context(), []string{"-snapshot", snap, "-what-if", file}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	// 720h later ulla.virtanen's assignments have ended too (P4).
	for _, want := range []string{"What if", "judged at 2026-02-04 09:00 UTC", "ana.lima@northwind.example", "loses", "account-suspended",
		"ulla.virtanen@northwind.example  loses"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, out.String())
		}
	}
	for body, want := range map[string][]string{
		`[{"suspend": "ana.lima@northwind-eu.example"}, {"grantRole": {"account": "ana.lima@northwind-eu.example"}}]`: {"changes[1].grantRole.role", "is missing"},
		`[{"advance": "soon"}]`: {"changes[0].advance", "duration"},
		`[{"suspend": 3}]`:      {"changes[0].suspend", "account address"},
		`[{"suspend": "a@b.example", "delete": "a@b.example"}]`: {"changes[0]", "exactly one"},
		`[{"teleport": "x"}]`:                          {"changes[0].teleport", "is not a change"},
		`[{"suspend": "nobody@northwind-eu.example"}]`: {"changes[0].account", "not in the snapshot"},
		`{"suspend": "x"}`:                             {"changes", "list"},
	} {
		file := writeChanges(t, body)
		err := run(t.Context(), []string{"-snapshot", snap, "-what-if", file}, io.Discard, io.Discard)
		if err == nil {
			t.Errorf("%s: no error", body)
			continue
		}
		for _, w := range append(want, file) {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", body, err, w)
			}
		}
	}
}
