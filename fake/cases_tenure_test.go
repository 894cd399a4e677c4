package fake_test

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	cloudsupport "google.golang.org/api/cloudsupport/v2"

	"github.com/resellerkit/resellerkit/cases"
	"github.com/resellerkit/resellerkit/fake"
)

// TestCaseTenureOnTheWire: rule C4 holds on the wire, for any client: a
// reseller's staff see a customer's cases only if they were filed while
// their reseller account managed it. Cases filed under another reseller,
// or before the tenure began, are absent from cases.list and cases.search
// and answer every case method with the 404 an unknown case gets; the
// customer's own admins see them all (rule C5). What the wire shows is
// what cases.CanView, the SDK's own check, decides over World.CaseTenure.
func TestCaseTenureOnTheWire(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()
	parent := fake.CaseParent(acmeCustomer)
	const acmeAdmin = "admin@acme-corp.example"
	file := func(as, title string) string {
		c, err := e.support(as).Cases.Create(parent, &cloudsupport.Case{DisplayName: title, Description: "d", Priority: "P2",
			Classification: &cloudsupport.CaseClassification{Id: gmailClassification}}).Context(ctx).Do()
		if err != nil {
			t.Fatal(err)
		}
		e.w.Advance(time.Hour)
		return c.Name
	}
	seeded, err := e.w.AddCases([]fake.CaseSeed{{Customer: acmeCustomer, Filer: acmeAdmin, Classification: "Technical Issue > Gmail",
		Title: "Before any reseller", Description: "d", Severity: cases.S2, Created: e.w.Now().Add(-400 * 24 * time.Hour)}})
	if err != nil {
		t.Fatal(err)
	}
	old := seeded[0]
	underAlder := file(ana, "Filed under Alder")
	if err := e.w.Transfer(acmeCustomer, fake.DemoBirchDomain); err != nil {
		t.Fatal(err)
	}
	underBirch := file(hana, "Filed under Birch")

	listed := func(as string) []string {
		t.Helper()
		var names []string
		err := e.support(as).Cases.List(parent).PageSize(1).Pages(ctx, func(r *cloudsupport.ListCasesResponse) error {
			for _, c := range r.Cases {
				names = append(names, c.Name)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("cases.list as %s: %v", as, err)
		}
		return names
	}
	searched := func(as, query string) []string {
		t.Helper()
		resp, err := e.support(as).Cases.Search(parent).Query(query).Context(ctx).Do()
		if err != nil {
			t.Fatalf("cases.search %q as %s: %v", query, as, err)
		}
		var names []string
		for _, c := range resp.Cases {
			names = append(names, c.Name)
		}
		return names
	}
	hidden := func(as, name string) {
		t.Helper()
		svc := e.support(as)
		unknown := parent + "/cases/49999999"
		calls := map[string]func(string) error{
			"get": func(n string) error { _, err := svc.Cases.Get(n).Context(ctx).Do(); return err },
			"patch": func(n string) error {
				_, err := svc.Cases.Patch(n, &cloudsupport.Case{Priority: "P1"}).UpdateMask("priority").Context(ctx).Do()
				return err
			},
			"close": func(n string) error {
				_, err := svc.Cases.Close(n, &cloudsupport.CloseCaseRequest{}).Context(ctx).Do()
				return err
			},
			"escalate": func(n string) error {
				_, err := svc.Cases.Escalate(n, &cloudsupport.EscalateCaseRequest{Escalation: &cloudsupport.Escalation{
					Reason: "BUSINESS_IMPACT", Justification: "j"}}).Context(ctx).Do()
				return err
			},
			"comments.create": func(n string) error {
				_, err := svc.Cases.Comments.Create(n, &cloudsupport.Comment{Body: "b"}).Context(ctx).Do()
				return err
			},
			"comments.list": func(n string) error { _, err := svc.Cases.Comments.List(n).Context(ctx).Do(); return err },
			"attachments.list": func(n string) error {
				_, err := svc.Cases.Attachments.List(n).Context(ctx).Do()
				return err
			},
			"media.upload": func(n string) error { _, err := upload(t, svc, n, "a.txt", []byte("a")); return err },
		}
		for _, m := range slices.Sorted(maps.Keys(calls)) {
			got, want := calls[m](name), calls[m](unknown)
			ge := wantErr(t, got, 404, "notFound")
			if wge := wantErr(t, want, 404, "notFound"); ge.Body != wge.Body {
				t.Errorf("%s %s as %s answers %s; an unknown case %s", m, name, as, ge.Body, wge.Body)
			}
		}
	}

	// Birch manages Acme now: it sees only what was filed under it.
	if diff := cmp.Diff([]string{underBirch}, listed(hana)); diff != "" {
		t.Errorf("C4: Birch's cases.list mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{underBirch}, searched(hana, `"filed"`)); diff != "" {
		t.Errorf("C4: Birch's cases.search mismatch (-want +got):\n%s", diff)
	}
	hidden(hana, underAlder)
	hidden(hana, old)
	// Alder no longer manages Acme: its parent is refused.
	if _, err := e.support(ana).Cases.List(parent).Context(ctx).Do(); code(err) != 403 {
		t.Errorf("C4: Alder lists Acme after the transfer: %v, want 403", err)
	}
	// C5: Acme's own admins see every case.
	if diff := cmp.Diff([]string{underBirch, underAlder, old}, listed(acmeAdmin)); diff != "" {
		t.Errorf("C5: Acme's own cases.list mismatch (-want +got):\n%s", diff)
	}

	// Back to Alder: what it filed in its earlier tenure is visible again,
	// what Birch filed is not.
	if err := e.w.Transfer(acmeCustomer, fake.DemoAlderDomain); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{underAlder}, listed(ana)); diff != "" {
		t.Errorf("C4: Alder's cases.list after the transfer back mismatch (-want +got):\n%s", diff)
	}
	if _, err := e.support(ana).Cases.Get(underAlder).Context(ctx).Do(); err != nil {
		t.Errorf("C4: Alder's own earlier case: %v", err)
	}
	hidden(ana, underBirch)
	hidden(ana, old)

	// The wire agrees with the SDK's rule, case by case.
	tenure := e.w.CaseTenure()
	for _, v := range []struct{ account, as string }{{fake.DemoAlderCustomerID, ana}} {
		periods, err := tenure.Periods(ctx, v.account, acmeCustomer)
		if err != nil {
			t.Fatal(err)
		}
		visible := listed(v.as)
		for _, cs := range e.w.CasesSnapshot() {
			if !strings.HasPrefix(cs.Case.ID, parent+"/") {
				continue
			}
			want := cases.CanView(cases.Viewer{ResellerAccount: v.account}, cs.Case, periods, e.w.Now())
			if got := slices.Contains(visible, cs.Case.ID); got != want {
				t.Errorf("%s on %s: listed %v, cases.CanView %v", v.as, cs.Case.ID, got, want)
			}
		}
	}
}
