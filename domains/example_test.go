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

// The customers of one reseller domain, against the fake served
// in-process, through the same Conn and Google clients as production. The
// Conn acts as an admin of the domain, so the Reseller API answers for it
// (rule D1). A customer that turned reseller access off is listed, marked
// as such (rule D5). Support plans are not on Google's wire: they come from
// the caller's own table.
func ExampleService_ListCustomers() {
	ctx := context.Background()
	w, err := fake.NewWorld(fake.DemoSeed())
	if err != nil {
		log.Fatal(err)
	}
	srv, err := fake.NewServer(w, fake.WithoutListener())
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	conn, err := srv.Conn(ctx, "admin@"+fake.DemoAlderDomain)
	if err != nil {
		log.Fatal(err)
	}
	plans, err := domains.NewPlanTable(map[string]domains.SupportPlan{
		"acme-corp.example":       domains.PlanPremium,
		"fjord-logistics.example": domains.PlanPremium,
		"cedar-health.example":    domains.PlanEnhanced,
	})
	if err != nil {
		log.Fatal(err)
	}
	s, err := domains.New(conn, domains.WithPlanSource(plans))
	if err != nil {
		log.Fatal(err)
	}

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
	// bluebird-travel.example    unknown   access granted
	// cedar-health.example       Enhanced  access granted
	// dunmore-legal.example      unknown   access NOT granted
	// elmstreet-bakery.example   unknown   access granted
	// fjord-logistics.example    Premium   access granted
	// globex-retail.example      unknown   access granted
	// harbor-schools.example     unknown   access granted
	// iris-media.example         unknown   access granted
	// juniper-labs.example       unknown   access granted
}

// Setting up a staff account on a secondary reseller domain: the dedicated
// org unit first (rule S3), then the account. A second run changes nothing.
// An unverified domain is refused (rule D4).
func ExampleService_EnsureAccount() {
	ctx := context.Background()
	w, err := fake.NewWorld(fake.DemoSeed())
	if err != nil {
		log.Fatal(err)
	}
	srv, err := fake.NewServer(w, fake.WithoutListener())
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	conn, err := srv.Conn(ctx, "admin@"+fake.DemoAlderDomain)
	if err != nil {
		log.Fatal(err)
	}
	s, err := domains.New(conn)
	if err != nil {
		log.Fatal(err)
	}

	ou, outcome, err := s.EnsureOrgUnit(ctx, "/Staff/Portal")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("org unit", ou.Path, outcome)

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

// passwordFile is a PasswordKeeper for the example. A real one writes each
// password to a file with fsync and rename (or to a secret manager) and
// returns only once it is durable.
type passwordFile struct{ kept map[string]domains.Password }

func (f *passwordFile) KeepPassword(_ context.Context, email string, pw domains.Password) error {
	f.kept[email] = pw
	return nil
}

// Crash-safe provisioning: a PasswordKeeper gets each initial password
// before users.insert is sent, so a crash cannot lose it. An account an
// earlier run created whose password nobody has (it has never signed in
// and still must change its password) is given a new one with
// ResetPassword, kept first too.
func ExampleWithPasswordKeeper() {
	ctx := context.Background()
	w, err := fake.NewWorld(fake.DemoSeed())
	if err != nil {
		log.Fatal(err)
	}
	srv, err := fake.NewServer(w, fake.WithoutListener())
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	conn, err := srv.Conn(ctx, "admin@"+fake.DemoAlderDomain)
	if err != nil {
		log.Fatal(err)
	}
	file := &passwordFile{kept: map[string]domains.Password{}}
	s, err := domains.New(conn, domains.WithPasswordKeeper(file))
	if err != nil {
		log.Fatal(err)
	}

	email := "zoe@" + fake.DemoAlderEUDomain
	res, err := s.EnsureAccount(ctx, domains.AccountSpec{Email: email, GivenName: "Zoe", FamilyName: "Brandt", OrgUnitPath: fake.DemoStaffOrgUnit})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Outcome, "kept:", file.kept[email].Reveal() == res.InitialPassword.Reveal())

	// A rerun that lost its password file: the account waits for its
	// first sign-in with a password nobody has.
	delete(file.kept, email)
	a, err := s.GetAccount(ctx, email)
	if err != nil {
		log.Fatal(err)
	}
	if _, ok := file.kept[a.Email]; !ok && a.LastLoginTime.IsZero() && a.ChangePasswordAtNextLogin {
		_, pw, err := s.ResetPassword(ctx, a.Email)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("reset, kept:", file.kept[email].Reveal() == pw.Reveal())
	}
	// Output:
	// created kept: true
	// reset, kept: true
}
