package soak_test

import (
	"fmt"
	"testing"

	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/cases"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/fake/faketest"
	"github.com/resellerkit/resellerkit/roles"
)

// TestCasesUnderFaultsC7 files 20 cases, with a comment and an attachment
// each, and closes every other one, under each regime (rules C7, W1): the
// World ends with exactly 20 new cases, 20 comments and 20 attachments,
// every close took effect, and no call failed.
func TestCasesUnderFaultsC7(t *testing.T) {
	t.Parallel()
	const n = 20
	const customer = "C03c00001"
	for _, r := range regimes() {
		t.Run(r.name, func(t *testing.T) {
			t.Parallel()
			w, err := fake.NewWorld(fake.DemoSeed())
			if err != nil {
				t.Fatal(err)
			}
			srv := faketest.NewServer(t, w, fake.WithoutListener())
			var log retryLog
			admin := conn(t, srv, "admin@"+fake.DemoAlderDomain, &log)
			d, err := domains.New(admin)
			if err != nil {
				t.Fatal(err)
			}
			rs, err := roles.New(admin)
			if err != nil {
				t.Fatal(err)
			}
			parents, err := cases.NewParentTable(map[string]string{customer: fake.CaseParent(customer)})
			if err != nil {
				t.Fatal(err)
			}
			svc, err := cases.New(conn(t, srv, "ana@"+fake.DemoAlderDomain, &log),
				cases.Config{ResellerAccount: fake.DemoAlderCustomerID, Parents: parents, Tenure: w.CaseTenure()},
				cases.WithPortal(cases.CheckerPortal(access.NewChecker(d, rs, nil), access.CloudSupportPortal)), cases.WithCustomers(d))
			if err != nil {
				t.Fatal(err)
			}
			before := len(w.CasesSnapshot())
			r.install(w)
			var closed []string
			for i := range n {
				c, err := svc.Create(t.Context(), "ana@"+fake.DemoAlderDomain, cases.NewCase{
					CustomerID: customer, Product: cases.GoogleWorkspace, Category: cases.Category{Name: "Technical Issue > Gmail"},
					Title: fmt.Sprintf("Soak case %02d", i), Description: "Messages to external domains bounce with 550 5.7.1.",
					Severity: cases.S3, Language: "en", TimeZone: "UTC",
				})
				if err != nil {
					t.Fatalf("case %d: Create: %v", i, err)
				}
				if _, err := svc.Comment(t.Context(), c.ID, fmt.Sprintf("Still bouncing, attempt %d.", i)); err != nil {
					t.Errorf("case %d: Comment: %v", i, err)
				}
				if _, err := svc.Attach(t.Context(), c.ID, cases.NewAttachment{Name: "bounce.txt", Content: []byte("550 5.7.1 relaying denied")}); err != nil {
					t.Errorf("case %d: Attach: %v", i, err)
				}
				if i%2 == 0 {
					if _, err := svc.Close(t.Context(), c.ID); err != nil {
						t.Errorf("case %d: Close: %v", i, err)
					}
					closed = append(closed, c.ID)
				}
			}
			all := w.CasesSnapshot()
			if got := len(all) - before; got != n {
				t.Errorf("%d cases filed, want %d", got, n)
			}
			for _, cs := range all[before:] {
				if len(cs.Comments) != 1 || len(cs.Attachments) != 1 {
					t.Errorf("%s: %d comments and %d attachments, want 1 and 1", cs.Case.ID, len(cs.Comments), len(cs.Attachments))
				}
			}
			for _, id := range closed {
				got, err := svc.Get(t.Context(), id)
				if err != nil || got.State != cases.StateClosed {
					t.Errorf("%s after Close: %v, %v", id, got.State, err)
				}
			}
			log.check(t)
		})
	}
}
