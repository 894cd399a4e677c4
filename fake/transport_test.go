package fake_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/fake/faketest"
)

// TestConnActsAsTheUser: a Server's Conn knows whom it acts as (its primary
// email, whatever case the caller used) and runs on the World's clock.
func TestConnActsAsTheUser(t *testing.T) {
	t.Parallel()
	w, err := fake.NewWorld(fake.DemoSeed())
	if err != nil {
		t.Fatal(err)
	}
	srv := faketest.NewServer(t, w, fake.WithoutListener())
	conn, err := srv.Conn(t.Context(), strings.ToUpper(ana))
	if err != nil {
		t.Fatal(err)
	}
	if got := conn.Actor(); got != ana {
		t.Errorf("Actor() = %q, want %q", got, ana)
	}
	before := conn.Now()
	if !before.Equal(w.Now()) {
		t.Errorf("Now() = %v, want the World's %v", before, w.Now())
	}
	w.Advance(31 * 24 * time.Hour)
	if got, want := conn.Now(), before.Add(31*24*time.Hour); !got.Equal(want) {
		t.Errorf("after Advance, Now() = %v, want %v", got, want)
	}
	admin, err := srv.Conn(t.Context(), alderAdmin)
	if err != nil {
		t.Fatal(err)
	}
	u, err := admin.Directory().Users.Get(ana).Context(t.Context()).Do()
	if err != nil {
		t.Fatalf("users.get in-process: %v", err)
	}
	if u.PrimaryEmail != ana {
		t.Errorf("users.get = %q, want %q", u.PrimaryEmail, ana)
	}
}

// TestConnContradictionsRefused: the actor and the clock are the World's;
// a Conn option that says otherwise is an error, not a silent override.
func TestConnContradictionsRefused(t *testing.T) {
	t.Parallel()
	w, err := fake.NewWorld(fake.DemoSeed())
	if err != nil {
		t.Fatal(err)
	}
	srv := faketest.NewServer(t, w, fake.WithoutListener())
	for name, opt := range map[string]resellerkit.Option{
		"WithActor": resellerkit.WithActor(ana),
		"WithClock": resellerkit.WithClock(time.Now),
	} {
		if _, err := srv.Conn(t.Context(), alderAdmin, opt); !errors.Is(err, resellerkit.ErrInvalidArgument) {
			t.Errorf("Conn with %s: err = %v, want an invalid-argument error", name, err)
		}
	}
	if _, err := srv.Conn(t.Context(), "nobody@"+fake.DemoAlderDomain); err == nil {
		t.Error("Conn for an unknown user: no error")
	}
}

// TestConnOverTCP: an explicit HTTP client sends the Conn's requests over
// the Server's TCP listener; an in-process-only Server cannot be reached
// that way.
func TestConnOverTCP(t *testing.T) {
	t.Parallel()
	w, err := fake.NewWorld(fake.DemoSeed())
	if err != nil {
		t.Fatal(err)
	}
	srv := faketest.NewServer(t, w)
	conn, err := srv.Conn(t.Context(), alderAdmin, resellerkit.WithHTTPClient(&http.Client{Timeout: 10 * time.Second}))
	if err != nil {
		t.Fatal(err)
	}
	srv.ResetLog()
	if _, err := conn.Directory().Users.Get(ana).Context(t.Context()).Do(); err != nil {
		t.Fatalf("users.get over TCP: %v", err)
	}
	if got := srv.Requests(); len(got) != 1 || got[0] != "directory.users.get" {
		t.Errorf("Requests() = %v, want one directory.users.get", got)
	}

	inproc := faketest.NewServer(t, w, fake.WithoutListener())
	if !strings.HasSuffix(inproc.URL(), ".invalid/") {
		t.Errorf("URL() of an in-process Server = %q, want a .invalid host that never resolves", inproc.URL())
	}
	tcpConn, err := inproc.Conn(t.Context(), alderAdmin, resellerkit.WithHTTPClient(&http.Client{Timeout: 10 * time.Second}), resellerkit.WithRetry(resellerkit.RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tcpConn.Directory().Users.Get(ana).Context(t.Context()).Do(); err == nil {
		t.Error("users.get over TCP to an in-process-only Server: no error")
	}
}

// TestTransportServesOnlyTheServer: the in-process transport refuses any
// other host, so a mistaken endpoint never reaches the network, and it
// honours the request's context.
func TestTransportServesOnlyTheServer(t *testing.T) {
	t.Parallel()
	w, err := fake.NewWorld(fake.DemoSeed())
	if err != nil {
		t.Fatal(err)
	}
	srv := faketest.NewServer(t, w, fake.WithoutListener())
	hc := &http.Client{Transport: srv.Transport()}
	if _, err := hc.Get("https://admin.googleapis.com/admin/directory/v1/users/" + ana); err == nil {
		t.Error("a request to Google through the in-process transport: no error")
	}
	resp, err := hc.Get(srv.URL() + "admin/directory/v1/users/" + ana)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a request without a token: status %d, want 401", resp.StatusCode)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL()+"admin/directory/v1/users/"+ana, nil)
	if _, err := hc.Do(req); !errors.Is(err, context.Canceled) {
		t.Errorf("a canceled request: err = %v, want context.Canceled", err)
	}
}

// TestRequestLogIsBounded: the request log keeps the newest entries only,
// so a fake under load for hours does not grow without end.
func TestRequestLogIsBounded(t *testing.T) {
	t.Parallel()
	w, err := fake.NewWorld(fake.DemoSeed())
	if err != nil {
		t.Fatal(err)
	}
	srv := faketest.NewServer(t, w, fake.WithoutListener(), fake.WithRequestLog(3))
	conn, err := srv.Conn(t.Context(), alderAdmin)
	if err != nil {
		t.Fatal(err)
	}
	dir := conn.Directory()
	for range 4 {
		if _, err := dir.Users.Get(ana).Context(t.Context()).Do(); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := dir.Domains.List("my_customer").Context(t.Context()).Do(); err != nil {
		t.Fatal(err)
	}
	want := []string{"directory.users.get", "directory.users.get", "directory.domains.list"}
	if got := srv.Requests(); !slices.Equal(got, want) {
		t.Errorf("Requests() = %v, want the newest three %v", got, want)
	}
	srv.ResetLog()
	if got := srv.Requests(); len(got) != 0 {
		t.Errorf("after ResetLog, Requests() = %v", got)
	}
	if _, err := fake.NewServer(w, fake.WithRequestLog(-1)); err == nil {
		t.Error("WithRequestLog(-1): no error")
	}
}

// TestNoRedirects: Google never redirects an API call; a path the router
// would clean (an empty case ID before ":close") is refused, not sent round
// a redirect loop.
func TestNoRedirects(t *testing.T) {
	t.Parallel()
	w, err := fake.NewWorld(fake.DemoSeed())
	if err != nil {
		t.Fatal(err)
	}
	srv := faketest.NewServer(t, w, fake.WithoutListener())
	tok, err := srv.TokenFor(alderAdmin)
	if err != nil {
		t.Fatal(err)
	}
	hc := &http.Client{Transport: srv.Transport(), CheckRedirect: func(*http.Request, []*http.Request) error {
		return errors.New("redirected")
	}}
	for _, path := range []string{"v2/projects/C03c00001/cases/:close", "v2/projects/C03c00001/cases//:close", "v2/projects/C03c00001/cases/./x"} {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL()+path, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := hc.Do(req)
		if err != nil {
			t.Errorf("POST /%s: %v", path, err)
			continue
		}
		resp.Body.Close()
		if resp.StatusCode/100 == 3 || resp.StatusCode/100 == 2 {
			t.Errorf("POST /%s: status %d, want a refusal", path, resp.StatusCode)
		}
	}
}

// TestTokensAreRandomUnlessSeeded: two Worlds of one seed hand out
// different bearer tokens, so a token cannot be guessed from an earlier run;
// a seed's TokenSecret fixes them for programs that keep a token across
// restarts.
func TestTokensAreRandomUnlessSeeded(t *testing.T) {
	t.Parallel()
	tokenOf := func(seed fake.Seed) string {
		t.Helper()
		w, err := fake.NewWorld(seed)
		if err != nil {
			t.Fatal(err)
		}
		tok, err := w.TokenFor(alderAdmin)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	a, b := tokenOf(fake.DemoSeed()), tokenOf(fake.DemoSeed())
	if a == b {
		t.Errorf("two Worlds of the demo seed gave the same token %q", a)
	}
	if len(a) < len("ya29.fake-")+20 {
		t.Errorf("token %q is too short to be unguessable", a)
	}
	fixed := fake.DemoSeed()
	fixed.TokenSecret = "ci"
	if x, y := tokenOf(fixed), tokenOf(fixed); x != y {
		t.Errorf("the same TokenSecret gave %q and %q", x, y)
	}
	other := fake.DemoSeed()
	other.TokenSecret = "other"
	if tokenOf(fixed) == tokenOf(other) {
		t.Error("two TokenSecrets gave the same token")
	}
}
