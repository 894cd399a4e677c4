package domains_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/fake"
)

func ExampleNormalizeEmail() {
	for _, in := range []string{
		"Ana@Reseller-EU.Example.",
		`"ana@home"@Bücher.example`, // the domain is the part after the last @
	} {
		e, err := domains.NormalizeEmail(in)
		if err != nil {
			log.Fatal(err)
		}
		d, _ := domains.DomainOf(e)
		fmt.Println(e, d)
	}
	fmt.Println(domains.SameDomain("ana@RESELLER.example.", "reseller.example"))
	// Output:
	// ana@reseller-eu.example reseller-eu.example
	// "ana@home"@xn--bcher-kva.example xn--bcher-kva.example
	// true
}

// The customers of one reseller domain, over HTTP against the fake, with
// the real Google clients. A customer that turned reseller access off is
// listed, marked as such (rule D5).
func ExampleService_ListCustomers() {
	ctx := context.Background()
	w, err := fake.NewWorld(fake.DemoSeed())
	if err != nil {
		log.Fatal(err)
	}
	srv, err := fake.NewServer(w)
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	const admin = "admin@" + fake.DemoAlderDomain
	conn, err := srv.Conn(ctx, admin)
	if err != nil {
		log.Fatal(err)
	}
	// The Conn carries a token, not a subject: say who it acts as, so the
	// Service can check rule D1. The fake knows the support plans, which
	// the Reseller API does not carry.
	s := domains.New(conn, domains.WithActor(admin), domains.WithPlanSource(w.SupportPlans()))

	for c, err := range s.ListCustomers(ctx, fake.DemoAlderDomain, nil) {
		if err != nil {
			log.Fatal(err)
		}
		access := "granted"
		if !c.AccessGranted {
			access = "NOT granted"
		}
		fmt.Printf("%-26s %-9s access %s\n", c.Domain, c.Plan, access)
	}
	// Output:
	// acme-corp.example          Premium   access granted
	// bluebird-travel.example    Standard  access granted
	// cedar-health.example       Enhanced  access granted
	// dunmore-legal.example      Standard  access NOT granted
	// elmstreet-bakery.example   Standard  access granted
	// fjord-logistics.example    Premium   access granted
	// globex-retail.example      Enhanced  access granted
	// harbor-schools.example     Standard  access granted
	// iris-media.example         Standard  access granted
	// juniper-labs.example       Enhanced  access granted
}

// Setting up a staff account on a secondary reseller domain, over the fake's
// direct backend: the dedicated org unit first (rule S3), then the account.
// A second run changes nothing. An unverified domain is refused (rule D4).
func ExampleService_EnsureAccount() {
	ctx := context.Background()
	w, err := fake.NewWorld(fake.DemoSeed())
	if err != nil {
		log.Fatal(err)
	}
	s := domains.NewWithBackend(w.Domains("admin@" + fake.DemoAlderDomain))

	ou, err := s.EnsureOrgUnit(ctx, "/Staff/Portal")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("org unit", ou.OrgUnit.Path, ou.Outcome)

	spec := domains.AccountSpec{
		Email:       "zoe@" + fake.DemoAlderEUDomain,
		GivenName:   "Zoe",
		FamilyName:  "Brandt",
		OrgUnitPath: "/Staff/Portal",
	}
	for range 2 {
		res, err := s.EnsureAccount(ctx, spec)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(res.Account.Email, res.Outcome)
		if !res.InitialPassword.IsZero() {
			// Reveal() gives the password to hand over; printed, it
			// shows as [redacted].
			fmt.Println("initial password:", res.InitialPassword)
		}
	}

	spec.Email = "zoe@" + fake.DemoAlderLabsDomain
	_, err = s.EnsureAccount(ctx, spec)
	fmt.Println(errors.Is(err, domains.ErrDomainNotVerified))
	// Output:
	// org unit /Staff/Portal created
	// zoe@alder-eu.example created
	// initial password: [redacted]
	// zoe@alder-eu.example unchanged
	// true
}
