package fake_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	admin "google.golang.org/api/admin/directory/v1"
	"google.golang.org/api/option"

	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/fake/faketest"
)

// BenchmarkUsersGetFake is a users.get round trip through the generated
// client against fake.Server (auth, routing, lookup, privilege check,
// encoding). Target: at most 1.5x BenchmarkUsersGetBare.
func BenchmarkUsersGetFake(b *testing.B) {
	w, err := fake.NewWorld(fake.DemoSeed())
	if err != nil {
		b.Fatal(err)
	}
	s := faketest.NewServer(b, w)
	tok, _ := s.TokenFor(alderAdmin)
	svc, err := admin.NewService(b.Context(), s.ClientOptions(tok)...)
	if err != nil {
		b.Fatal(err)
	}
	ctx := b.Context()
	for b.Loop() {
		if _, err := svc.Users.Get(ana).Context(ctx).Do(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUsersGetBare is the same client against a bare httptest handler
// that returns a fixed JSON user: the floor of any server.
func BenchmarkUsersGetBare(b *testing.B) {
	body, _ := json.Marshal(&admin.User{Kind: "admin#directory#user", Id: "100000000000001000045", PrimaryEmail: ana,
		Name: &admin.UserName{GivenName: "Ana", FamilyName: "Lima", FullName: "Ana Lima"}, OrgUnitPath: "/Staff",
		CustomerId: fake.DemoAlderCustomerID, Etag: `"abc/1"`, IsDelegatedAdmin: true, AgreedToTerms: true,
		CreationTime: "2026-01-05T09:00:00.000Z", LastLoginTime: "1970-01-01T00:00:00.000Z", IsMailboxSetup: true,
		IncludeInGlobalAddressList: true})
	bare := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", "application/json; charset=UTF-8")
		rw.Write(body)
	}))
	defer bare.Close()
	svc, err := admin.NewService(b.Context(), option.WithEndpoint(bare.URL+"/"), option.WithHTTPClient(http.DefaultClient))
	if err != nil {
		b.Fatal(err)
	}
	ctx := b.Context()
	for b.Loop() {
		if _, err := svc.Users.Get(ana).Context(ctx).Do(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStartDemoServer builds the demo World and starts a Server on
// it. Target: under 2 ms.
func BenchmarkStartDemoServer(b *testing.B) {
	for b.Loop() {
		w, err := fake.NewWorld(fake.DemoSeed())
		if err != nil {
			b.Fatal(err)
		}
		s, err := fake.NewServer(w)
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}
