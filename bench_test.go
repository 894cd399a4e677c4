package resellerkit_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"golang.org/x/oauth2"
	admin "google.golang.org/api/admin/directory/v1"
	"google.golang.org/api/option"

	"github.com/resellerkit/resellerkit"
)

const benchUser = `{"kind":"admin#directory#user","id":"100","primaryEmail":"ana@alder-reseller.example","name":{"givenName":"Ana","familyName":"Alder"},"orgUnitPath":"/Staff"}`

func benchServer(b *testing.B) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, benchUser)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// BenchmarkUsersGetConn measures a users.get round trip through a Conn's
// layers (retry, pacing lookup, token cache, logging) on loopback.
func BenchmarkUsersGetConn(b *testing.B) {
	srv := benchServer(b)
	conn, err := resellerkit.Dial(b.Context(), resellerkit.WithEndpoint(srv.URL),
		resellerkit.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "tok"})),
		resellerkit.WithPacing(resellerkit.Pacing{}))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := conn.Directory().Users.Get("ana@alder-reseller.example").Context(b.Context()).Do(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUsersGetRaw is the same call through the bare generated client,
// for comparison with BenchmarkUsersGetConn.
func BenchmarkUsersGetRaw(b *testing.B) {
	srv := benchServer(b)
	svc, err := admin.NewService(b.Context(), option.WithEndpoint(srv.URL+"/"), option.WithHTTPClient(srv.Client()))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := svc.Users.Get("ana@alder-reseller.example").Context(b.Context()).Do(); err != nil {
			b.Fatal(err)
		}
	}
}
