package fake_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	admin "google.golang.org/api/admin/directory/v1"
	"google.golang.org/api/googleapi"
	reseller "google.golang.org/api/reseller/v1"

	"github.com/resellerkit/resellerkit/fake"
)

// The unmodified generated clients talk to the fake as they would to
// Google: point them at the Server's URL with a token of a World user.
func ExampleNewServer() {
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

	tok, err := srv.TokenFor("admin@alder-reseller.example")
	if err != nil {
		log.Fatal(err)
	}
	dir, err := admin.NewService(ctx, srv.ClientOptions(tok)...)
	if err != nil {
		log.Fatal(err)
	}
	u, err := dir.Users.Get("ana@alder-reseller.example").Context(ctx).Do()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u.PrimaryEmail, u.OrgUnitPath, u.IsDelegatedAdmin)

	// Errors come in Google's envelope, with Google's reasons.
	_, err = dir.Users.Get("nobody@alder-reseller.example").Context(ctx).Do()
	var ge *googleapi.Error
	if errors.As(err, &ge) {
		fmt.Println(ge.Code, ge.Errors[0].Reason)
	}

	// A customer that revoked reseller access answers 403 (rule D5).
	res, err := reseller.NewService(ctx, srv.ClientOptions(tok)...)
	if err != nil {
		log.Fatal(err)
	}
	_, err = res.Customers.Get("dunmore-legal.example").Context(ctx).Do()
	if errors.As(err, &ge) {
		fmt.Println(ge.Code, ge.Errors[0].Reason)
	}
	// Output:
	// ana@alder-reseller.example /Staff true
	// 404 notFound
	// 403 forbidden
}

// Faults make chosen methods fail, here the second users.get only.
func ExampleServer_Fail() {
	ctx := context.Background()
	w, _ := fake.NewWorld(fake.DemoSeed())
	srv, err := fake.NewServer(w)
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	srv.Fail(fake.Fault{Method: "directory.users.get", Status: 503, Skip: 1, Count: 1})

	tok, _ := srv.TokenFor("admin@alder-reseller.example")
	dir, _ := admin.NewService(ctx, srv.ClientOptions(tok)...)
	for range 3 {
		_, err := dir.Users.Get("ana@alder-reseller.example").Context(ctx).Do()
		fmt.Println(err)
	}
	// Output:
	// <nil>
	// googleapi: Error 503: fake: injected fault for directory.users.get, backendError
	// <nil>
}
