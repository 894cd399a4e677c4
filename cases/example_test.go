package cases_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/cases"
	"github.com/resellerkit/resellerkit/fake"
)

// The reopen window (rule C9) on the fake's clock: a case closed 30 days ago
// can no longer be reopened; the error names the deadline.
func ExampleService_Reopen() {
	w, _ := fake.NewWorld(fake.DemoSeed())
	svc, _ := cases.NewWithStore(w.CaseStore(), fake.DemoAlderCustomerID,
		cases.WithClock(w.Now), cases.WithTenure(w.CaseTenure()),
		cases.WithPortal(worldPortal(w)), cases.WithCustomers(worldCustomers{w}))
	ctx := context.Background()

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
	w.Advance(cases.ReopenWindow)
	_, err = svc.Reopen(ctx, c.ID)
	var rw *cases.ReopenWindowError
	fmt.Println(errors.Is(err, cases.ErrReopenWindowClosed), errors.Is(err, resellerkit.ErrFailedPrecondition))
	if errors.As(err, &rw) {
		fmt.Println("closed:", rw.ClosedAt, "deadline:", rw.Deadline)
	}
	// Output:
	// true true
	// closed: 2026-01-05 09:00:00 +0000 UTC deadline: 2026-02-04 09:00:00 +0000 UTC
}

// Personal data in a case is refused (rule C3): the error names the field
// and the kind, never the value.
func ExampleService_Create_personalData() {
	w, _ := fake.NewWorld(fake.DemoSeed())
	svc, _ := cases.NewWithStore(w.CaseStore(), fake.DemoAlderCustomerID,
		cases.WithClock(w.Now), cases.WithTenure(w.CaseTenure()),
		cases.WithPortal(worldPortal(w)), cases.WithCustomers(worldCustomers{w}))
	_, err := svc.Create(context.Background(), "ana@alder-reseller.example", cases.NewCase{
		CustomerID:  "C03c00001",
		Product:     cases.GoogleWorkspace,
		Category:    cases.Category{Name: "Billing"},
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
