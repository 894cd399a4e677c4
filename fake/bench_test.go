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

// BenchmarkUsersGet is a users.get round trip through the generated client:
//
//   - fake/in-process: fake.Server through Server.Transport, as Server.Conn
//     and Server.ClientOptions serve (auth, routing, lookup, privilege check,
//     encoding, no socket). Target: at most 0.5x fake/tcp.
//   - fake/tcp: the same Server over a loopback TCP connection, as clients
//     in other languages reach it. Target: at most 1.5x bare/tcp.
//   - bare/tcp: a bare httptest handler that returns a fixed JSON user, the
//     floor of any server over TCP.
func BenchmarkUsersGet(b *testing.B) {
	w, err := fake.NewWorld(fake.DemoSeed())
	if err != nil {
		b.Fatal(err)
	}
	s := faketest.NewServer(b, w)
	tok, _ := s.TokenFor(alderAdmin)
	overTCP := &http.Client{Transport: bearer{tok}}

	body, _ := json.Marshal(&admin.User{Kind: "admin#directory#user", Id: "100000000000001000045", PrimaryEmail: ana,
		Name: &admin.UserName{GivenName: "Ana", FamilyName: "Lima", FullName: "Ana Lima"}, OrgUnitPath: "/Staff",
		CustomerId: fake.DemoAlderCustomerID, Etag: `"abc/1"`, IsDelegatedAdmin: true, AgreedToTerms: true,
		CreationTime: "2026-01-05T09:00:00.000Z", LastLoginTime: "1970-01-01T00:00:00.000Z", IsMailboxSetup: true,
		IncludeInGlobalAddressList: true})
	bare := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", "application/json; charset=UTF-8")
		rw.Write(body)
	}))
	b.Cleanup(bare.Close)

	for _, bc := range []struct {
		name string
		opts []option.ClientOption
	}{
		{"fake/in-process", s.ClientOptions(tok)},
		{"fake/tcp", []option.ClientOption{option.WithEndpoint(s.URL()), option.WithHTTPClient(overTCP)}},
		{"bare/tcp", []option.ClientOption{option.WithEndpoint(bare.URL + "/"), option.WithHTTPClient(http.DefaultClient)}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			svc, err := admin.NewService(b.Context(), bc.opts...)
			if err != nil {
				b.Fatal(err)
			}
			ctx := b.Context()
			for b.Loop() {
				if _, err := svc.Users.Get(ana).Context(ctx).Do(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// bearer sends a fixed bearer token over http.DefaultTransport.
type bearer struct{ token string }

func (t bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+t.token)
	return http.DefaultTransport.RoundTrip(r)
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
