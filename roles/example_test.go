package roles_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/roles"
)

// demoService returns a Service over the fake's demo world, acting as the
// super admin of the Alder reseller account through a Conn of an
// in-process fake.Server (no socket, so nothing to close).
func demoService() (*roles.Service, *fake.World) {
	ctx := context.Background()
	w, err := fake.NewWorld(fake.DemoSeed())
	if err != nil {
		log.Fatal(err)
	}
	srv, err := fake.NewServer(w, fake.WithoutListener())
	if err != nil {
		log.Fatal(err)
	}
	conn, err := srv.Conn(ctx, "admin@"+fake.DemoAlderDomain)
	if err != nil {
		log.Fatal(err)
	}
	s, err := roles.New(conn)
	if err != nil {
		log.Fatal(err)
	}
	return s, w
}

// Over Google, a Service comes from a resellerkit.Conn; here the Conn is
// served by the fake, which speaks the real Directory API.
func ExampleNew() {
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
	conn, err := srv.Conn(ctx, "admin@"+fake.DemoAlderDomain)
	if err != nil {
		log.Fatal(err)
	}
	s, err := roles.New(conn)
	if err != nil {
		log.Fatal(err)
	}
	r, err := s.FindResellerAdminRole(ctx, "my_customer")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(r.Name, r.IsSystem)
	// Output: _RESELLER_ADMIN_ROLE true
}

// Expiry (rule P4) follows the Conn's clock; a Conn of the fake carries the
// World's, so advancing the World ends an expiring assignment.
func ExampleService_Effective_expiry() {
	ctx := context.Background()
	s, w := demoService()
	ra, err := s.FindResellerAdminRole(ctx, fake.DemoAlderCustomerID)
	if err != nil {
		log.Fatal(err)
	}
	_, _, err = s.EnsureAssignment(ctx, fake.DemoAlderCustomerID, roles.AssignmentSpec{
		RoleID: ra.ID, AssignedTo: "gus@alder-reseller.example", ExpireTime: w.Now().Add(time.Hour),
	})
	if err != nil {
		log.Fatal(err)
	}
	for range 2 {
		eff, err := s.Effective(ctx, fake.DemoAlderCustomerID, "gus@alder-reseller.example")
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("reseller admin:", eff.ResellerAdmin != nil)
		w.Advance(time.Hour)
	}
	// Output:
	// reseller admin: true
	// reseller admin: false
}

func ExampleService_Effective() {
	s, _ := demoService()
	ctx := context.Background()
	for _, email := range []string{"ana@alder-reseller.example", "cara@alder-eu.example", "eve@alder-reseller.example"} {
		eff, err := s.Effective(ctx, fake.DemoAlderCustomerID, email)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s reseller admin=%v\n", email, eff.ResellerAdmin != nil)
		for _, k := range roles.Keys() {
			for _, g := range eff.GrantsOf(k) {
				via := "directly"
				if g.ViaGroup != "" {
					via = "through a group"
				}
				fmt.Printf("  %s from %q %s\n", k, g.RoleName, via)
			}
		}
		for _, sk := range eff.Skipped {
			fmt.Printf("  %q grants nothing: %s\n", sk.RoleName, sk.Reason)
		}
	}
	// Output:
	// ana@alder-reseller.example reseller admin=true
	//   ViewCustomers from "_RESELLER_ADMIN_ROLE" directly
	//   AccessCustomerSupportCases from "_RESELLER_ADMIN_ROLE" directly
	// cara@alder-eu.example reseller admin=false
	//   ViewCustomers from "Support portal access" through a group
	//   AccessCustomerSupportCases from "Support portal access" through a group
	//   Support from "Support portal access" through a group
	// eve@alder-reseller.example reseller admin=false
	//   "Support portal access" grants nothing: org-unit scope
}

func ExampleService_EnsureCustomRole() {
	s, _ := demoService()
	ctx := context.Background()
	portal := []roles.PrivilegeKey{roles.ViewCustomers, roles.AccessCustomerSupportCases, roles.Support}

	// The demo world already has this role with these privileges: reused.
	r, outcome, err := s.EnsureCustomRole(ctx, fake.DemoAlderCustomerID, "Support portal access", portal)
	fmt.Println(r.Name, outcome, err)

	// A new name: created.
	r, outcome, err = s.EnsureCustomRole(ctx, fake.DemoAlderCustomerID, "Customer Care Portal", portal[:2])
	fmt.Println(r.Name, outcome, err)

	// The same name with other privileges: an error naming the difference.
	_, _, err = s.EnsureCustomRole(ctx, fake.DemoAlderCustomerID, "Customer Care Portal", portal)
	var conflict *roles.RoleConflictError
	if errors.As(err, &conflict) {
		fmt.Println("conflict, missing:", conflict.Missing[0].Name)
	}
	fmt.Println(errors.Is(err, resellerkit.ErrFailedPrecondition))
	// Output:
	// Support portal access unchanged <nil>
	// Customer Care Portal created <nil>
	// conflict, missing: SUPPORT_PRIVILEGE_GROUP
	// true
}

func ExampleService_EnsureAssignments() {
	s, _ := demoService()
	ctx := context.Background()
	ra, err := s.FindResellerAdminRole(ctx, fake.DemoAlderCustomerID)
	if err != nil {
		log.Fatal(err)
	}
	specs := []roles.AssignmentSpec{
		{RoleID: ra.ID, AssignedTo: "ana@alder-reseller.example"}, // already holds it
		{RoleID: ra.ID, AssignedTo: "gus@alder-reseller.example"},
	}
	for range 2 {
		for _, r := range s.EnsureAssignments(ctx, fake.DemoAlderCustomerID, specs, nil) {
			fmt.Println(r.Spec.AssignedTo, r.Outcome, r.Err)
		}
	}
	// Output:
	// ana@alder-reseller.example unchanged <nil>
	// gus@alder-reseller.example created <nil>
	// ana@alder-reseller.example unchanged <nil>
	// gus@alder-reseller.example unchanged <nil>
}

func ExampleService_ResolveAll() {
	s, _ := demoService()
	res, err := s.ResolveAll(context.Background(), fake.DemoAlderCustomerID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("ViewCustomers is", res.Present[roles.ViewCustomers].Name)
	fmt.Println("absent on this tenant:", res.Absent)
	// Output:
	// ViewCustomers is RESELLER_VIEW_CUSTOMERS
	// absent on this tenant: [EnterpriseLegacySupport ResellerEnterpriseLegacySupport]
}

func ExampleTree_Expand() {
	s, _ := demoService()
	tree, err := s.Privileges(context.Background(), fake.DemoAlderCustomerID)
	if err != nil {
		log.Fatal(err)
	}
	customers := tree.Find(roles.DefaultResellerCustomersName)[0].Privilege
	for _, p := range tree.Expand(customers) {
		fmt.Println(p.Name)
	}
	// Output:
	// RESELLER_CUSTOMERS
	// RESELLER_ADD_CUSTOMERS
	// RESELLER_VIEW_CUSTOMERS
	// RESELLER_EDIT_CUSTOMERS
	// RESELLER_TRANSFER_CUSTOMERS
	// RESELLER_ACCESS_CUSTOMER_ADMIN
	// RESELLER_ACCESS_CUSTOMER_SUPPORT_CASES
}
