package licensing_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/licensing"
)

// exampleWorld is a reseller tenant with a super admin, three staff
// accounts and 3 Cloud Identity Free seats, one already taken.
func exampleWorld() *fake.World {
	w, err := fake.NewWorld(fake.Seed{Tenants: []fake.TenantSeed{{
		CustomerID: "C0example",
		Reseller:   true,
		Domains:    []fake.DomainSeed{{Name: "reseller.example"}},
		Users: []fake.UserSeed{
			{Email: "admin@reseller.example", GivenName: "Ada", FamilyName: "Admin", Roles: []string{fake.RoleSuperAdmin}},
			{Email: "ana@reseller.example", GivenName: "Ana", FamilyName: "Silva"},
			{Email: "ben@reseller.example", GivenName: "Ben", FamilyName: "Okafor"},
			{Email: "cara@reseller.example", GivenName: "Cara", FamilyName: "Lind"},
		},
		SKUs:     []fake.SKUSeed{{ProductID: "101001", SKUID: "1010010001", Seats: 3}},
		Licenses: []fake.LicenseSeed{{ProductID: "101001", SKUID: "1010010001", User: "admin@reseller.example"}},
	}}})
	if err != nil {
		log.Fatal(err)
	}
	return w
}

// Ensure Cloud Identity Free licenses for the staff accounts (rule S4): one
// listing, then one insert per missing license. With three seats, the third
// account finds none free. (Concurrency 1 keeps the example's order fixed;
// the default runs several accounts at once.)
func ExampleService_EnsureLicenses() {
	ctx := context.Background()
	w := exampleWorld()
	svc := licensing.NewWithBackend(w.Licensing("admin@reseller.example"))

	staff := []string{"ana@reseller.example", "ben@reseller.example", "cara@reseller.example"}
	res, err := svc.EnsureLicenses(ctx, "C0example", licensing.ProductCloudIdentityFree, licensing.SKUCloudIdentityFree, staff,
		&resellerkit.BulkOptions{Concurrency: 1})
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range res {
		fmt.Println(r.UserKey, r.Outcome, errors.Is(r.Err, licensing.ErrNoSeats))
	}

	// A second run changes nothing.
	res, _ = svc.EnsureLicenses(ctx, "C0example", licensing.ProductCloudIdentityFree, licensing.SKUCloudIdentityFree, staff[:2], nil)
	fmt.Println(res[0].Outcome, res[1].Outcome)
	// Output:
	// ana@reseller.example created false
	// ben@reseller.example created false
	// cara@reseller.example failed true
	// unchanged unchanged
}

// Seat usage per SKU (rule L4), and the refusal a plan can give before it
// starts when seats will not suffice.
func ExampleService_CheckSeats() {
	ctx := context.Background()
	w := exampleWorld()
	svc := licensing.NewWithBackend(w.Licensing("admin@reseller.example"))

	u, err := svc.CheckSeats(ctx, "C0example", licensing.ProductCloudIdentityFree, licensing.SKUCloudIdentityFree, 3)
	fmt.Printf("%s: %d assigned of %d, %d free\n", u.SKUName, u.Assigned, u.Available, u.Free())
	fmt.Println(errors.Is(err, licensing.ErrNoSeats))
	// Output:
	// Cloud Identity Free: 1 assigned of 3, 2 free
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
