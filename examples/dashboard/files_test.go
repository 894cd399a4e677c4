package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/domains"
)

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReadPeople(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, json string
		want       []access.Person
		wantErr    string
	}{
		{name: "full", json: `[{"id": "ana@partner.example", "name": "Ana Lima", "accounts": ["ana@eu.example", "ana@us.example"], "domains": ["eu.example"]}]`,
			want: []access.Person{{ID: "ana@partner.example", Name: "Ana Lima", Accounts: []string{"ana@eu.example", "ana@us.example"}, Domains: []string{"eu.example"}}}},
		{name: "id defaults to the first account", json: `[{"name": "Bo", "accounts": ["bo@eu.example"]}]`,
			want: []access.Person{{ID: "bo@eu.example", Name: "Bo", Accounts: []string{"bo@eu.example"}}}},
		{name: "no accounts", json: `[{"name": "Cy"}]`, wantErr: "lists no accounts"},
		{name: "unknown field", json: `[{"name": "Di", "acounts": ["di@eu.example"]}]`, wantErr: `[0].acounts: "acounts" is not a field here`},
		{name: "not JSON", json: `name,accounts`, wantErr: "-people"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := readPeople(writeFile(t, "people.json", tt.json))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one saying %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("readPeople mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadPlans(t *testing.T) {
	t.Parallel()
	p, err := readPlans(writeFile(t, "plans.json", `{"C0123": "Premium", "Customer.Example.": "enhanced"}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		id, domain string
		want       domains.SupportPlan
	}{
		{"C0123", "", domains.PlanPremium},
		{"C0999", "customer.example", domains.PlanEnhanced}, // by domain, normalised (D3)
		{"C0999", "other.example", domains.PlanUnknown},
	} {
		got, err := p.SupportPlan(t.Context(), tt.id, tt.domain)
		if err != nil || got != tt.want {
			t.Errorf("SupportPlan(%s, %s) = %v, %v; want %v", tt.id, tt.domain, got, err, tt.want)
		}
	}
	if _, err := readPlans(writeFile(t, "plans.json", `{"C0123": "Gold"}`)); err == nil || !strings.Contains(err.Error(), "C0123") {
		t.Errorf("an unknown plan: error %v, want one naming the customer", err)
	}
}

func TestReadCasesConfig(t *testing.T) {
	t.Parallel()
	good := `{"parents": {"C0123": "organizations/123"},
		"tenure": [{"resellerAccount": "C0abc", "customerId": "C0123", "start": "2024-01-01T00:00:00Z"}]}`
	c, err := readCasesConfig(writeFile(t, "cases.json", good))
	if err != nil {
		t.Fatal(err)
	}
	if p, err := c.parents.Parent("C0123"); err != nil || p != "organizations/123" {
		t.Errorf("Parent = %q, %v", p, err)
	}
	ps, err := c.tenure.Periods(t.Context(), "C0abc", "C0123")
	if err != nil || len(ps) != 1 {
		t.Errorf("Periods = %v, %v; want one period", ps, err)
	}
	for name, bad := range map[string]string{
		"bad parent":           `{"parents": {"C0123": "123"}}`,
		"tenure without start": `{"parents": {}, "tenure": [{"resellerAccount": "C0abc", "customerId": "C0123"}]}`,
	} {
		if _, err := readCasesConfig(writeFile(t, "cases.json", bad)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
