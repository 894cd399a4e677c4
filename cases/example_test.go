package cases_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/cases"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/roles"
)

// demoService builds the demo reseller's Service as production code does,
// over a fake.Server served in-process: the case calls act as ana, a staff
// account with the Reseller Admin role; the portal decisions (rule C1) read
// her roles as the reseller's super admin, through the domains and roles
// services.
func demoService(ctx context.Context, w *fake.World, srv *fake.Server) (*cases.Service, error) {
	admin, err := srv.Conn(ctx, "admin@"+fake.DemoAlderDomain)
	if err != nil {
		return nil, err
	}
	d, err := domains.New(admin)
	if err != nil {
		return nil, err
	}
	r, err := roles.New(admin)
	if err != nil {
		return nil, err
	}
	checker := access.NewChecker(d, r, nil)
	parents, err := cases.NewParentTable(map[string]string{"C03c00001": fake.CaseParent("C03c00001")})
	if err != nil {
		return nil, err
	}
	conn, err := srv.Conn(ctx, "ana@"+fake.DemoAlderDomain)
	if err != nil {
		return nil, err
	}
	cfg := cases.Config{ResellerAccount: fake.DemoAlderCustomerID, Parents: parents, Tenure: w.CaseTenure()}
	return cases.New(conn, cfg, cases.WithPortal(cases.CheckerPortal(checker, access.CloudSupportPortal)), cases.WithCustomers(d))
}

// Building a reseller's Service and filing a case, as README shows, on the
// demo world. The Config holds what the Service cannot work without: the
// reseller account and its tenure history (rule C4), and the customers'
// case parents; the options hold what filing needs (rule C1). conn is the
// reseller's super admin's.
func ExampleNew() {
	ctx := context.Background()
	w, _ := fake.NewWorld(fake.DemoSeed())
	srv, _ := fake.NewServer(w, fake.WithoutListener())
	defer srv.Close()
	conn, err := srv.Conn(ctx, "admin@"+fake.DemoAlderDomain)
	if err != nil {
		log.Fatal(err)
	}
	d, err := domains.New(conn)
	if err != nil {
		log.Fatal(err)
	}
	r, err := roles.New(conn)
	if err != nil {
		log.Fatal(err)
	}
	checker := access.NewChecker(d, r, nil)
	parents, err := cases.NewParentTable(map[string]string{"C03c00001": fake.CaseParent("C03c00001")})
	if err != nil {
		log.Fatal(err)
	}
	tenure := w.CaseTenure() // in production, a cases.TenureTable of your records of transfers

	// README's block, in a function that returns its error.
	file := func() error {
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
		fmt.Println(c.ID, c.Category.ID != "", c.Category.Name, c.Severity, c.State, c.Filer)
		return nil
	}
	if err := file(); err != nil {
		fmt.Println(err)
	}

	// Without the tenure history no case could be shown (rule C4): New
	// refuses to build the Service, naming the field.
	_, err = cases.New(conn, cases.Config{ResellerAccount: fake.DemoAlderCustomerID, Parents: parents})
	var fe *resellerkit.FieldError
	fmt.Println(errors.Is(err, resellerkit.ErrInvalidArgument), errors.As(err, &fe) && fe.Field == "Config.Tenure")
	// Output:
	// projects/C03c00001/cases/40000001 true Technical Issue > Gmail S2 new ana@alder-reseller.example
	// true true
}

// Filing a case with a category given by name: the Service finds its
// classification ID with Google's caseClassifications.search.
func ExampleService_Create() {
	ctx := context.Background()
	w, _ := fake.NewWorld(fake.DemoSeed())
	srv, _ := fake.NewServer(w, fake.WithoutListener())
	defer srv.Close()
	svc, err := demoService(ctx, w, srv)
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := svc.Create(ctx, "ana@alder-reseller.example", cases.NewCase{
		CustomerID: "C03c00001", Product: cases.GoogleWorkspace, Category: cases.Category{Name: "Technical Issue > Gmail"},
		Title: "Mail to external domains bounces", Description: "Since 09:00 every message bounces with 550 5.7.1.",
		Severity: cases.S2, Language: "en", TimeZone: "Europe/Rome",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.ID)
	fmt.Println(c.Category.Name, c.Severity, c.State, c.Filer)
	// Output:
	// projects/C03c00001/cases/40000001
	// Technical Issue > Gmail S2 new ana@alder-reseller.example
}

// The reopen window (rule C9) on the Conn's clock, the fake World's: the
// Cloud Support API cannot reopen a case, so within the window Reopen says
// until when the portal can; 30 days after the close, the error names the
// deadline that passed.
func ExampleService_Reopen() {
	ctx := context.Background()
	w, _ := fake.NewWorld(fake.DemoSeed())
	srv, _ := fake.NewServer(w, fake.WithoutListener())
	defer srv.Close()
	svc, err := demoService(ctx, w, srv)
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := svc.Create(ctx, "ana@alder-reseller.example", cases.NewCase{
		CustomerID:  "C03c00001",
		Product:     cases.GoogleWorkspace,
		Category:    cases.Category{Name: "Technical Issue > Gmail"},
		Title:       "Mail to external domains bounces",
		Description: "Every message to external domains bounces with 550 5.7.1 since 09:00.",
		Severity:    cases.S2,
		Language:    "en",
		TimeZone:    "Europe/Rome",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := svc.Close(ctx, c.ID); err != nil {
		fmt.Println(err)
		return
	}
	closed, err := svc.Reopen(ctx, c.ID)
	deadline, _ := closed.ReopenDeadline()
	fmt.Println(errors.Is(err, resellerkit.ErrUnsupported), "reopen in the portal before", deadline)

	w.Advance(cases.ReopenWindow)
	_, err = svc.Reopen(ctx, c.ID)
	var rw *cases.ReopenWindowError
	fmt.Println(errors.Is(err, cases.ErrReopenWindowClosed), errors.Is(err, resellerkit.ErrFailedPrecondition))
	if errors.As(err, &rw) {
		fmt.Println("closed:", rw.ClosedAt, "deadline:", rw.Deadline)
	}
	// Output:
	// true reopen in the portal before 2026-02-04 09:00:00 +0000 UTC
	// true true
	// closed: 2026-01-05 09:00:00 +0000 UTC deadline: 2026-02-04 09:00:00 +0000 UTC
}

// Personal data in a case is refused (rule C3): the error names the field
// and the kind, never the value.
func ExampleService_Create_personalData() {
	ctx := context.Background()
	w, _ := fake.NewWorld(fake.DemoSeed())
	srv, _ := fake.NewServer(w, fake.WithoutListener())
	defer srv.Close()
	svc, err := demoService(ctx, w, srv)
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = svc.Create(ctx, "ana@alder-reseller.example", cases.NewCase{
		CustomerID:  "C03c00001",
		Product:     cases.GoogleWorkspace,
		Category:    cases.Category{Name: "Billing > Invoices"},
		Title:       "Double charge",
		Description: "The card 4111 1111 1111 1111 was charged twice.",
		Severity:    cases.S3,
		Language:    "en",
		TimeZone:    "UTC",
	})
	fmt.Println(err)
	// Output:
	// cases.Create: invalid argument: NewCase.Description contains what looks like a payment card number (bytes 9 to 28); support cases must not carry personal data, so remove it, or allow the kind explicitly if it must be sent
}
