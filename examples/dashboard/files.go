package main

import (
	"fmt"
	"time"

	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/cases"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/examples/internal/cli"
)

// The configuration files of the Google mode hold what no Google API tells:
// who is the same person (rule D2), customers' support plans (rule C8),
// and, for the cases, the Cloud Support parent of each customer and the
// reseller's record of who managed which customer when (rule C4).

// readJSON decodes a file strictly, so a typo is an error rather than a
// silently ignored field.
func readJSON(flagName, path string, v any) error {
	return cli.ReadJSON(flagName, path, v)
}

// readPlans reads {"C0123abc": "Premium", "customer.example": "Enhanced"}.
func readPlans(path string) (*domains.PlanTable, error) {
	var raw map[string]string
	if err := readJSON("plans", path, &raw); err != nil {
		return nil, err
	}
	m := make(map[string]domains.SupportPlan, len(raw))
	for k, v := range raw {
		p, err := domains.ParseSupportPlan(v)
		if err != nil {
			return nil, cli.FieldError("-plans "+path, fmt.Sprintf("[%q]", k), "%q is not a support plan; expected Standard, Enhanced or Premium (%v)", v, err)
		}
		m[k] = p
	}
	t, err := domains.NewPlanTable(m)
	if err != nil {
		return nil, fmt.Errorf("-plans %s: %w", path, err)
	}
	return t, nil
}

// readPeople reads [{"id": "ana@reseller.example", "name": "Ana Lima",
// "accounts": [...], "domains": [...]}]. The id is the person's own
// address (where case alerts go, rule S6); empty, it is the first account.
// Domains are those the person must cover; empty, every reseller domain.
func readPeople(path string) ([]access.Person, error) {
	var raw []struct {
		ID       string   `json:"id"`
		Name     string   `json:"name"`
		Accounts []string `json:"accounts"`
		Domains  []string `json:"domains"`
	}
	if err := readJSON("people", path, &raw); err != nil {
		return nil, err
	}
	out := make([]access.Person, 0, len(raw))
	for i, p := range raw {
		if len(p.Accounts) == 0 {
			return nil, cli.FieldError("-people "+path, fmt.Sprintf("[%d].accounts", i), "%q lists no accounts; expected at least one staff account address", p.Name)
		}
		id := p.ID
		if id == "" {
			id = p.Accounts[0]
		}
		out = append(out, access.Person{ID: id, Name: p.Name, Accounts: p.Accounts, Domains: p.Domains})
	}
	return out, nil
}

// readCasesConfig reads the Cloud Support parents and the tenure history.
func readCasesConfig(path string) (*casesConfig, error) {
	var raw struct {
		Parents map[string]string `json:"parents"`
		Tenure  []struct {
			ResellerAccount string    `json:"resellerAccount"`
			CustomerID      string    `json:"customerId"`
			Start           time.Time `json:"start"`
			End             time.Time `json:"end,omitzero"`
		} `json:"tenure"`
	}
	if err := readJSON("cases", path, &raw); err != nil {
		return nil, err
	}
	parents, err := cases.NewParentTable(raw.Parents)
	if err != nil {
		return nil, fmt.Errorf("-cases %s: %w", path, err)
	}
	records := make([]cases.TenureRecord, len(raw.Tenure))
	for i, r := range raw.Tenure {
		records[i] = cases.TenureRecord{ResellerAccount: r.ResellerAccount, CustomerID: r.CustomerID, Start: r.Start, End: r.End}
	}
	tenure, err := cases.NewTenureTable(records)
	if err != nil {
		return nil, fmt.Errorf("-cases %s: %w", path, err)
	}
	return &casesConfig{parents: parents, tenure: tenure}, nil
}

func localPart(email string) string {
	for i := len(email) - 1; i >= 0; i-- {
		if email[i] == '@' {
			return email[:i]
		}
	}
	return email
}
