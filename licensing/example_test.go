package licensing_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/licensing"
	"github.com/resellerkit/resellerkit/roles"
)

// exampleService serves a reseller tenant with a super admin, three staff
// accounts and 3 Cloud Identity Free seats, one already taken, from an
// in-process fake.Server, and returns a licensing Service acting as the
// super admin. The tenant's own seats are no resold subscription, so, as
// against Google, the Service is told them (rule L4).
func exampleService(ctx context.Context) (*licensing.Service, func()) {
	w, err := fake.NewWorld(fake.Seed{Tenants: []fake.TenantSeed{{
		CustomerID: "C0example",
		Reseller:   true,
		Domains:    []fake.DomainSeed{{Name: "reseller.example"}},
		Users: []fake.UserSeed{
			{Email: "admin@reseller.example", GivenName: "Ada", FamilyName: "Admin", Roles: []string{roles.SuperAdminRoleName}},
			{Email: "ana@reseller.example", GivenName: "Ana", FamilyName: "Silva"},
			{Email: "ben@reseller.example", GivenName: "Ben", FamilyName: "Okafor"},
			{Email: "cara@reseller.example", GivenName: "Cara", FamilyName: "Lind"},
		},
		SKUs:     []fake.SKUSeed{{ProductID: string(licensing.ProductCloudIdentityFree), SKUID: string(licensing.SKUCloudIdentityFree), Seats: 3}},
		Licenses: []fake.LicenseSeed{{ProductID: string(licensing.ProductCloudIdentityFree), SKUID: string(licensing.SKUCloudIdentityFree), User: "admin@reseller.example"}},
	}}})
	if err != nil {
		log.Fatal(err)
	}
	srv, err := fake.NewServer(w, fake.WithoutListener())
	if err != nil {
		log.Fatal(err)
	}
	conn, err := srv.Conn(ctx, "admin@reseller.example")
	if err != nil {
		log.Fatal(err)
	}
	svc, err := licensing.New(conn, licensing.WithSeatSource(licensing.SeatSources(
		licensing.ResellerSeats(conn), licensing.StaticSeats{licensing.SKUCloudIdentityFree: 3})))
	if err != nil {
		log.Fatal(err)
	}
	return svc, func() { srv.Close() }
}

// Ensure Cloud Identity Free licenses for the staff accounts (rule S4): one
// listing, then one insert per missing license. With three seats, the third
// account finds none free. (Concurrency 1 keeps the example's order fixed;
// the default runs several accounts at once.)
func ExampleService_EnsureLicenses() {
	ctx := context.Background()
	svc, done := exampleService(ctx)
	defer done()

	staff := []string{"ana@reseller.example", "ben@reseller.example", "cara@reseller.example"}
	res := svc.EnsureLicenses(ctx, "C0example", licensing.ProductCloudIdentityFree, licensing.SKUCloudIdentityFree, staff,
		&resellerkit.BulkOptions{Concurrency: 1})
	for _, r := range res {
		fmt.Println(r.UserKey, r.Outcome, errors.Is(r.Err, licensing.ErrNoSeats))
	}

	// A second run changes nothing.
	res = svc.EnsureLicenses(ctx, "C0example", licensing.ProductCloudIdentityFree, licensing.SKUCloudIdentityFree, staff[:2], nil)
	fmt.Println(res[0].Outcome, res[1].Outcome)
	// Output:
	// ana@reseller.example created false
	// ben@reseller.example created false
	// cara@reseller.example failed true
	// unchanged unchanged
}

// Ensure one license (rules L1, L2): the first call creates it, the second
// finds it held.
func ExampleService_Ensure() {
	ctx := context.Background()
	svc, done := exampleService(ctx)
	defer done()

	for range 2 {
		a, outcome, err := svc.Ensure(ctx, "C0example", licensing.ProductCloudIdentityFree, licensing.SKUCloudIdentityFree, "ana@reseller.example", nil)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(a.UserID, a.SKUName, outcome)
	}
	// Output:
	// ana@reseller.example Cloud Identity Free created
	// ana@reseller.example Cloud Identity Free unchanged
}

// Seat usage per SKU (rule L4), and the refusal a plan can give before it
// starts when seats will not suffice.
func ExampleService_CheckSeats() {
	ctx := context.Background()
	svc, done := exampleService(ctx)
	defer done()

	u, err := svc.CheckSeats(ctx, "C0example", licensing.ProductCloudIdentityFree, licensing.SKUCloudIdentityFree, 3)
	fmt.Printf("%s: %d assigned of %d, %d free (%s)\n", u.SKUName, u.Assigned, u.Available, u.Free(), u.Source)
	fmt.Println(errors.Is(err, licensing.ErrNoSeats))
	// Output:
	// Cloud Identity Free: 1 assigned of 3, 2 free (configured)
	// true
}

// Products and SKUs by name (rule L3); unknown SKUs still work by ID.
func ExampleParseSKU() {
	for _, s := range []string{"Cloud Identity Free", "1010020028", "Google-Apps/1010020099"} {
		k, err := licensing.ParseSKU(s)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s %q known=%v\n", k, k.ID.Name(), k.Known())
	}
	// Output:
	// 101001/1010010001 "Cloud Identity Free" known=true
	// Google-Apps/1010020028 "Google Workspace Business Standard" known=true
	// Google-Apps/1010020099 "1010020099" known=false
}
