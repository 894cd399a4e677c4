package resellerkit_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"testing"

	"golang.org/x/text/language"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/cases"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/licensing"
	"github.com/resellerkit/resellerkit/roles"
)

// The Go blocks of README's "A short tour", line for line
// (TestREADMEGoBlocksAreTested checks that they stay so), run against the
// demo world. The lines between them use what a block declares and check
// what README promises.

// TestREADMEDial runs README's Dial block with a service-account key file
// in the working directory: the Conn acts as its subject.
func TestREADMEDial(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := os.WriteFile("reseller-sa.json", serviceAccountJSON(t, "https://oauth2.googleapis.com/token"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	conn, err := resellerkit.Dial(ctx,
		resellerkit.WithServiceAccountFile("reseller-sa.json"),  // a key of type service_account
		resellerkit.WithSubject("admin@alder-reseller.example"), // a super admin of the reseller account
	)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := conn.Actor(), "admin@alder-reseller.example"; got != want {
		t.Errorf("Actor() = %q, want %q", got, want)
	}
}

// readmeTour is README's tour from domains to cases, over conn.
func readmeTour(ctx context.Context, conn *resellerkit.Conn, parents cases.Parents, tenure cases.Tenure) error {
	d, err := domains.New(conn)
	if err != nil {
		return err
	}
	for c, err := range d.ListCustomers(ctx, "alder-reseller.example", nil) {
		if err != nil {
			return err
		}
		fmt.Println(c.Domain, c.AccessGranted)
	}
	res, err := d.EnsureAccount(ctx, domains.AccountSpec{
		Email: "zoe@alder-reseller.example", GivenName: "Zoe", FamilyName: "Brandt", OrgUnitPath: "/Staff",
	}) // res.Outcome; res.InitialPassword prints as [redacted], Reveal() gives it
	if err != nil {
		return err
	}
	fmt.Println(res.Account.Email, res.Outcome, res.InitialPassword, res.InitialPassword.Reveal() != "")

	r, err := roles.New(conn)
	if err != nil {
		return err
	}
	eff, err := r.Effective(ctx, "my_customer", "ana@alder-reseller.example")
	if err != nil {
		return err
	}
	for _, g := range eff.GrantsOf(roles.AccessCustomerSupportCases) {
		fmt.Println(g.RoleName, g.ViaGroup, g.ExpireTime.IsZero()) // "" when held directly; zero: no expiry
	}
	role, outcome, err := r.EnsureCustomRole(ctx, "my_customer", "Support portal access",
		[]roles.PrivilegeKey{roles.ViewCustomers, roles.AccessCustomerSupportCases, roles.Support}) // S5
	if err != nil {
		return err
	}
	fmt.Println(role.Name, outcome)

	l, err := licensing.New(conn, licensing.WithSeatSource(licensing.StaticSeats{licensing.SKUCloudIdentityFree: 50}))
	if err != nil {
		return err
	}
	results := l.EnsureLicenses(ctx, "alder-reseller.example", licensing.ProductCloudIdentityFree, licensing.SKUCloudIdentityFree,
		[]string{"ana@alder-reseller.example", "ben@alder-reseller.example"},
		&resellerkit.BulkOptions{OnProgress: func(p resellerkit.Progress) { log.Printf("%d/%d", p.Done, p.Total) }})
	for _, res := range results {
		fmt.Println(res.UserKey, res.Outcome, res.Err) // errors.Is(res.Err, licensing.ErrNoSeats): request more seats
	}

	checker := access.NewChecker(d, r, nil)
	dec, err := checker.Decide(ctx, "ana@alder-reseller.example", access.CloudSupportPortal)
	if err != nil {
		return err // could not read the facts: never read as "denied" (P7)
	}
	fmt.Println(access.Explain(dec, language.French))

	svc, err := cases.New(conn, cases.Config{ResellerAccount: "C01a1der0", Parents: parents, Tenure: tenure},
		cases.WithPortal(cases.CheckerPortal(checker, access.CloudSupportPortal)), cases.WithCustomers(d))
	if err != nil {
		return err
	}
	c, err := svc.Create(ctx, "ana@alder-reseller.example", cases.NewCase{
		CustomerID: "C03c00001", Product: cases.GoogleWorkspace, Category: cases.Category{Name: "Technical Issue > Gmail"},
		Title: "Mail to external domains bounces", Description: "Since 09:00 every message bounces with 550 5.7.1.",
		Severity: cases.S2, Language: "en", TimeZone: "Europe/Rome",
	})
	// Filing checks the filer's portal access on the customer's domain and the customer's grant (C1), every
	// field (C2) and personal data (C3). The Cloud Support API cannot reopen a case: Reopen tells until when the
	// portal can (30 days after the close, C9), and after that errors.Is(err, cases.ErrReopenWindowClosed).
	if err != nil {
		return err
	}
	fmt.Println(c.Category.Name, c.Severity, c.State, c.Filer)
	return nil
}

// The tour of README on the demo world.
func Example_readmeTour() {
	w, err := fake.NewWorld(fake.DemoSeed())
	if err != nil {
		fmt.Println(err)
		return
	}
	srv, err := fake.NewServer(w, fake.WithoutListener())
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	ctx := context.Background()
	conn, err := srv.Conn(ctx, "admin@alder-reseller.example")
	if err != nil {
		fmt.Println(err)
		return
	}
	log.SetOutput(discard{}) // the progress lines
	defer log.SetOutput(os.Stderr)
	parents, err := cases.NewParentTable(map[string]string{"C03c00001": fake.CaseParent("C03c00001")})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := readmeTour(ctx, conn, parents, w.CaseTenure()); err != nil {
		fmt.Println(err)
	}
	// Output:
	// acme-corp.example true
	// bluebird-travel.example true
	// cedar-health.example true
	// dunmore-legal.example false
	// elmstreet-bakery.example true
	// fjord-logistics.example true
	// globex-retail.example true
	// harbor-schools.example true
	// iris-media.example true
	// juniper-labs.example true
	// zoe@alder-reseller.example created [redacted] true
	// _RESELLER_ADMIN_ROLE  true
	// Support portal access unchanged
	// ana@alder-reseller.example unchanged <nil>
	// ben@alder-reseller.example unchanged <nil>
	// ana@alder-reseller.example peut utiliser le portail d'assistance Google Cloud pour les clients de alder-reseller.example.
	// Accès accordé par :
	//   - le rôle « Administrateur du revendeur » [P1.1]
	// État lu le 2026-01-05 09:00:00 UTC ; chez Google, les modifications de rôles et de droits peuvent prendre jusqu'à 24 heures [P8].
	// Technical Issue > Gmail S2 new ana@alder-reseller.example
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
