package fake_test

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/google"
	admin "google.golang.org/api/admin/directory/v1"
	"google.golang.org/api/googleapi"
	licensing "google.golang.org/api/licensing/v1"
	"google.golang.org/api/option"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/fake"
	"github.com/resellerkit/resellerkit/fake/faketest"
)

func TestFaults(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	svc := e.dir(alderAdmin)

	tests := []struct {
		name   string
		fault  fake.Fault
		status int
		reason string
	}{
		{"503 default reason", fake.Fault{Method: "directory.users.get", Status: 503, Count: 1}, 503, "backendError"},
		{"throttling 403", fake.Fault{Method: "directory.users.get", Status: 403, Reason: "userRateLimitExceeded", Count: 1}, 403, "userRateLimitExceeded"},
		{"429 default reason", fake.Fault{Method: "*", Status: 429, Count: 1}, 429, "rateLimitExceeded"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e.s.Fail(tc.fault)
			_, err := svc.Users.Get(ana).Do()
			wantErr(t, err, tc.status, tc.reason)
			if _, err := svc.Users.Get(ana).Do(); err != nil {
				t.Errorf("after Count 1 the fault remains: %v", err)
			}
		})
	}
	t.Run("skip, count, message, Retry-After; other methods unaffected", func(t *testing.T) {
		e.s.Fail(fake.Fault{Method: "directory.users.get", Status: 500, Message: "boom", Skip: 2, Count: 2, RetryAfter: 1500 * time.Millisecond})
		var got []int
		for range 5 {
			_, err := svc.Users.Get(ana).Do()
			code := 200
			var ge *googleapi.Error
			if errors.As(err, &ge) {
				code = ge.Code
				if ge.Message != "boom" || ge.Header.Get("Retry-After") != "2" {
					t.Errorf("fault error message %q Retry-After %q", ge.Message, ge.Header.Get("Retry-After"))
				}
			}
			got = append(got, code)
			if _, err := svc.Users.List().Customer("my_customer").Do(); err != nil {
				t.Errorf("users.list hit by a users.get fault: %v", err)
			}
		}
		if diff := cmp.Diff([]int{200, 200, 500, 500, 200}, got); diff != "" {
			t.Errorf("statuses mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("until removed, and latency", func(t *testing.T) {
		remove := e.s.Fail(fake.Fault{Method: "directory.roles.list", Status: 503})
		for range 3 {
			_, err := svc.Roles.List("my_customer").Do()
			wantErr(t, err, 503, "backendError")
		}
		remove()
		if _, err := svc.Roles.List("my_customer").Do(); err != nil {
			t.Errorf("after remove: %v", err)
		}
		e.s.Fail(fake.Fault{Method: "directory.roles.list", Latency: 30 * time.Millisecond, Count: 1})
		start := time.Now()
		if _, err := svc.Roles.List("my_customer").Do(); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d < 30*time.Millisecond {
			t.Errorf("latency fault took %v, want >= 30ms", d)
		}
	})
}

func TestReadAfterWriteLag(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.s.SetReadAfterWriteLag(2)
	svc := e.dir(alderAdmin)
	u, err := svc.Users.Insert(&admin.User{PrimaryEmail: "lagged@" + fake.DemoAlderDomain, Password: "12345678",
		Name: &admin.UserName{GivenName: "L", FamilyName: "G"}}).Do()
	if err != nil {
		t.Fatal(err)
	}
	// W5: the first two reads of the new user answer 404, then it is visible.
	for i := range 2 {
		_, err := svc.Users.Get(u.Id).Do()
		wantErr(t, err, 404, "notFound")
		_ = i
	}
	if _, err := svc.Users.Get(u.PrimaryEmail).Do(); err != nil {
		t.Errorf("third read: %v", err)
	}
	// Listings are not lagged; other resources are.
	l, _ := svc.Users.List().Customer("my_customer").Query("email:lagged@" + fake.DemoAlderDomain).Do()
	if len(l.Users) != 1 {
		t.Errorf("listing of the new user = %d users", len(l.Users))
	}
	lic := e.lic(alderAdmin)
	if _, err := lic.LicenseAssignments.Insert(ciFree, ciSKU, &licensing.LicenseAssignmentInsert{UserId: u.Id}).Do(); err != nil {
		t.Fatal(err)
	}
	_, err = lic.LicenseAssignments.Get(ciFree, ciSKU, u.Id).Do()
	wantErr(t, err, 404, "notFound")
	e.s.SetReadAfterWriteLag(0)
	if _, err := lic.LicenseAssignments.Get(ciFree, ciSKU, u.Id).Do(); err != nil {
		t.Errorf("with the lag off: %v", err)
	}
}

func TestQuota(t *testing.T) {
	t.Parallel()
	// One query per 10 s after a burst of 3: no refill can happen during
	// the test, however slow the machine.
	e := newEnv(t, fake.WithQuota(fake.Quota{PerMinute: 6, Burst: 3}))
	dir := e.dir(alderAdmin)
	for i := range 3 {
		if _, err := dir.Users.Get(ana).Do(); err != nil {
			t.Fatalf("query %d within the burst: %v", i, err)
		}
	}
	_, err := dir.Users.Get(ana).Do()
	wantErr(t, err, 403, "userRateLimitExceeded")
	// Per user and per API: another user and another API still have quota.
	if _, err := e.dir(birchAdmin).Users.Get(birchAdmin).Do(); err != nil {
		t.Errorf("another user: %v", err)
	}
	lic := e.lic(alderAdmin)
	for range 3 {
		if _, err := lic.LicenseAssignments.Get(ciFree, ciSKU, ana).Do(); err != nil {
			t.Fatal(err)
		}
	}
	_, err = lic.LicenseAssignments.Get(ciFree, ciSKU, ana).Do()
	wantErr(t, err, 429, "rateLimitExceeded")
	res := e.res(alderAdmin)
	for range 3 {
		if _, err := res.Subscriptions.List().Do(); err != nil {
			t.Fatal(err)
		}
	}
	_, err = res.Subscriptions.List().Do()
	wantErr(t, err, 429, "quotaExceeded")
}

// TestQuotaRefill: the bucket refills continuously; at 600 a minute, a
// query every 100 ms.
func TestQuotaRefill(t *testing.T) {
	t.Parallel()
	e := newEnv(t, fake.WithQuota(fake.Quota{PerMinute: 600, Burst: 1}))
	dir := e.dir(alderAdmin)
	for range 2 {
		time.Sleep(150 * time.Millisecond)
		if _, err := dir.Users.Get(ana).Do(); err != nil {
			t.Errorf("after a refill: %v", err)
		}
	}
}

func TestUnimplemented(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	svc := e.dir(alderAdmin)
	_, err := svc.Chromeosdevices.List("my_customer").Do()
	ge := wantErr(t, err, 501, "notImplemented")
	if !strings.Contains(ge.Message, "directory.chromeosdevices.list") || !strings.Contains(ge.Message, "GET /admin/directory/v1/customer/my_customer/devices/chromeos") {
		t.Errorf("501 message %q does not name the API method, the HTTP method and the path", ge.Message)
	}
	err = svc.Users.Photos.Delete(ana).Do()
	wantErr(t, err, 501, "notImplemented")
	if diff := cmp.Diff([]string{"GET /admin/directory/v1/customer/my_customer/devices/chromeos", "DELETE /admin/directory/v1/users/" + ana + "/photos/thumbnail"}, e.s.Unhandled()); diff != "" {
		t.Errorf("Unhandled mismatch (-want +got):\n%s", diff)
	}
}

func TestRequestsLog(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	svc := e.dir(alderAdmin)
	svc.Users.Get(ana).Do()
	svc.Roles.List("my_customer").Do()
	if diff := cmp.Diff([]string{"directory.users.get", "directory.roles.list"}, e.s.Requests()); diff != "" {
		t.Errorf("Requests mismatch (-want +got):\n%s", diff)
	}
	e.s.ResetLog()
	if len(e.s.Requests()) != 0 {
		t.Errorf("ResetLog kept %v", e.s.Requests())
	}
}

// TestServersOfOneWorld: two Servers of one World serve the same state and
// faults, each with its own routes, quota and request log.
func TestServersOfOneWorld(t *testing.T) {
	t.Parallel()
	e := newEnv(t, fake.WithoutListener())
	other := faketest.NewServer(t, e.w, fake.WithoutListener(), fake.WithQuota(fake.Quota{PerMinute: 6, Burst: 1}))
	tok := e.token(alderAdmin)
	dirOther, err := admin.NewService(t.Context(), other.ClientOptions(tok)...)
	if err != nil {
		t.Fatal(err)
	}
	u, err := e.dir(alderAdmin).Users.Insert(&admin.User{PrimaryEmail: "both@" + fake.DemoAlderDomain, Password: "12345678",
		Name: &admin.UserName{GivenName: "B", FamilyName: "Oth"}}).Context(t.Context()).Do()
	if err != nil {
		t.Fatal(err)
	}
	if got, err := dirOther.Users.Get(u.Id).Context(t.Context()).Do(); err != nil || got.PrimaryEmail != u.PrimaryEmail {
		t.Errorf("the other Server does not see the new user: %v, %v", got, err)
	}
	// The other Server's quota (a burst of 1) is spent; the first has none.
	_, err = dirOther.Users.Get(u.Id).Context(t.Context()).Do()
	wantErr(t, err, 403, "userRateLimitExceeded")
	if _, err := e.dir(alderAdmin).Users.Get(u.Id).Context(t.Context()).Do(); err != nil {
		t.Errorf("the first Server paced by the other's quota: %v", err)
	}
	if diff := cmp.Diff([]string{"directory.users.get", "directory.users.get"}, other.Requests()); diff != "" {
		t.Errorf("the other Server's log mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"directory.users.insert", "directory.users.get"}, e.s.Requests()); diff != "" {
		t.Errorf("the first Server's log mismatch (-want +got):\n%s", diff)
	}
	// A fault installed through one Server fires on the other.
	e.s.Fail(fake.Fault{Method: "directory.roles.list", Status: 503, Count: 1})
	other2 := faketest.NewServer(t, e.w, fake.WithoutListener())
	dir2, err := admin.NewService(t.Context(), other2.ClientOptions(tok)...)
	if err != nil {
		t.Fatal(err)
	}
	_, err = dir2.Roles.List("my_customer").Context(t.Context()).Do()
	wantErr(t, err, 503, "backendError")
}

// TestServiceAccountDelegation uses a service-account JSON whose token_uri
// is the fake, through golang.org/x/oauth2/google with a Subject (W6).
func TestServiceAccountDelegation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	key, err := e.w.NewServiceAccountJSON(e.s.TokenURL())
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	scopes := []string{admin.AdminDirectoryUserReadonlyScope}
	creds, err := google.CredentialsFromJSONWithTypeAndParams(ctx, key, google.ServiceAccount,
		google.CredentialsParams{Scopes: scopes, Subject: ana})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := admin.NewService(ctx, option.WithEndpoint(e.s.URL()), option.WithTokenSource(creds.TokenSource))
	if err != nil {
		t.Fatal(err)
	}
	// ana is not a super admin: acting as her, users.get is forbidden,
	// which proves the token acts as the subject.
	_, err = svc.Users.Get(alderAdmin).Context(ctx).Do()
	wantErr(t, err, 403, "forbidden")

	creds, err = google.CredentialsFromJSONWithTypeAndParams(ctx, key, google.ServiceAccount,
		google.CredentialsParams{Scopes: scopes, Subject: alderAdmin})
	if err != nil {
		t.Fatal(err)
	}
	svc, _ = admin.NewService(ctx, option.WithEndpoint(e.s.URL()), option.WithTokenSource(creds.TokenSource))
	if _, err := svc.Users.Get(ana).Context(ctx).Do(); err != nil {
		t.Errorf("as the super admin: %v", err)
	}

	tokenErr := func(name string, key []byte, subject string, want string) {
		t.Run(name, func(t *testing.T) {
			creds, err := google.CredentialsFromJSONWithTypeAndParams(ctx, key, google.ServiceAccount,
				google.CredentialsParams{Scopes: scopes, Subject: subject})
			if err != nil {
				t.Fatal(err)
			}
			_, err = creds.TokenSource.Token()
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("token error = %v, want one containing %q", err, want)
			}
		})
	}
	tokenErr("unknown subject", key, "nobody@"+fake.DemoAlderDomain, "invalid_grant")
	tokenErr("no subject", key, "", "invalid_grant")
	other := newEnv(t)
	foreign, err := other.w.NewServiceAccountJSON(e.s.TokenURL())
	if err != nil {
		t.Fatal(err)
	}
	// Both Worlds name their first service account alike: the signature is
	// what tells them apart.
	tokenErr("key registered in another World", foreign, ana, "Invalid JWT Signature")

	t.Run("through resellerkit.Dial", func(t *testing.T) {
		conn, err := resellerkit.Dial(ctx, resellerkit.WithEndpoint(e.s.URL()), resellerkit.WithServiceAccountJSON(key),
			resellerkit.WithSubject(alderAdmin), resellerkit.WithPacing(resellerkit.Pacing{}))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Directory().Users.Get(ana).Context(ctx).Do(); err != nil {
			t.Errorf("users.get through Dial: %v", err)
		}
	})
}

func TestServerConn(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	conn, err := e.s.Conn(t.Context(), alderAdmin)
	if err != nil {
		t.Fatal(err)
	}
	// The Conn retries a transient fault on its own.
	e.s.Fail(fake.Fault{Method: "directory.users.get", Status: 503, Count: 2})
	u, err := conn.Directory().Users.Get(ana).Context(t.Context()).Do()
	if err != nil || u.PrimaryEmail != ana {
		t.Fatalf("users.get through Conn = %v, %v", u, err)
	}
	if _, err := e.s.Conn(t.Context(), "nobody@nowhere.example"); err == nil {
		t.Errorf("Conn for an unknown user succeeded")
	}
}

func TestNewServerOptions(t *testing.T) {
	t.Parallel()
	w, _ := fake.NewWorld(fake.Seed{})
	tests := []struct {
		name string
		opts []fake.Option
		ok   bool
	}{
		{"default", nil, true},
		{"empty host means loopback", []fake.Option{fake.WithAddr(":0")}, true},
		{"localhost", []fake.Option{fake.WithAddr("localhost:0")}, true},
		{"all interfaces refused", []fake.Option{fake.WithAddr("0.0.0.0:0")}, false},
		{"negative latency", []fake.Option{fake.WithLatency(-1)}, false},
		{"negative quota", []fake.Option{fake.WithQuota(fake.Quota{PerMinute: -1})}, false},
		{"bad address", []fake.Option{fake.WithAddr("nope")}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := fake.NewServer(w, tc.opts...)
			if err == nil {
				defer s.Close()
				if !strings.HasPrefix(s.URL(), "http://127.0.0.1:") || !strings.HasSuffix(s.URL(), "/") {
					t.Errorf("URL %q", s.URL())
				}
			}
			if (err == nil) != tc.ok {
				t.Errorf("NewServer = %v, want ok %v", err, tc.ok)
			}
		})
	}
	if _, err := fake.NewServer(nil); err == nil {
		t.Errorf("NewServer(nil) succeeded")
	}
}

// TestConcurrentRequests hammers one Server from many goroutines, reads and
// writes mixed; run with -race.
func TestConcurrentRequests(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if err := e.w.SetSeats(fake.DemoAlderCustomerID, ciFree, ciSKU, 1000); err != nil {
		t.Fatal(err)
	}
	dir := e.dir(alderAdmin)
	lic := e.lic(alderAdmin)
	var wg sync.WaitGroup
	errs := make(chan error, 400)
	for g := range 8 {
		wg.Go(func() {
			for i := range 10 {
				email := fmt.Sprintf("c%d-%d@%s", g, i, fake.DemoAlderDomain)
				if _, err := dir.Users.Insert(&admin.User{PrimaryEmail: email, Password: "12345678",
					Name: &admin.UserName{GivenName: "C", FamilyName: "D"}}).Do(); err != nil {
					errs <- err
					continue
				}
				if _, err := lic.LicenseAssignments.Insert(ciFree, ciSKU, &licensing.LicenseAssignmentInsert{UserId: email}).Do(); err != nil {
					errs <- err
				}
				if _, err := dir.Users.List().Customer("my_customer").MaxResults(5).Do(); err != nil {
					errs <- err
				}
				if _, err := dir.Users.Get(email).Do(); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if a, _ := seats(t, e.w, fake.DemoAlderCustomerID, ciFree, ciSKU); a != 7+80 {
		t.Errorf("assigned seats %d, want 87", a)
	}
	if n := len(e.w.Snapshot().Tenants[0].Users); n != 8+80 {
		t.Errorf("%d users, want 88", n)
	}
}

func TestRawEnvelope(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	req, _ := http.NewRequestWithContext(t.Context(), "GET", e.s.URL()+"admin/directory/v1/users/nobody@"+fake.DemoAlderDomain, nil)
	req.Header.Set("Authorization", "Bearer "+e.token(alderAdmin))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	err = googleapi.CheckResponse(resp)
	ge := wantErr(t, err, 404, "notFound")
	for _, part := range []string{`"code":404`, `"domain":"global"`, `"status":"NOT_FOUND"`, `"errors":[`} {
		if !strings.Contains(ge.Body, part) {
			t.Errorf("envelope %s lacks %s", ge.Body, part)
		}
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q", ct)
	}
}

// TestDelegatedConn: a Conn made with the service-account key and
// domain-wide delegation (rule W6) gets its tokens from the fake's token
// endpoint, acts as its subject, and knows it: Conn.Subject is set, so a
// domains.Service built on it needs no WithActor (rule D1).
func TestDelegatedConn(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := t.Context()

	conn, err := e.s.DelegatedConn(ctx, alderAdmin)
	if err != nil {
		t.Fatal(err)
	}
	if conn.Subject() != alderAdmin {
		t.Errorf("Subject() = %q, want %q", conn.Subject(), alderAdmin)
	}
	dirs, err := domains.New(conn)
	if err != nil {
		t.Fatal(err)
	}
	acct, err := dirs.ResellerAccount(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if acct.CustomerID != fake.DemoAlderCustomerID {
		t.Errorf("ResellerAccount().CustomerID = %q, want %q (read through the Conn's subject)", acct.CustomerID, fake.DemoAlderCustomerID)
	}
	if !slices.Contains(e.s.Requests(), "oauth2.token") {
		t.Errorf("requests %v: the token endpoint was not used", e.s.Requests())
	}
	// A token-based Conn does not know its user.
	plain, err := e.s.Conn(ctx, alderAdmin)
	if err != nil {
		t.Fatal(err)
	}
	if plain.Subject() != "" {
		t.Errorf("Conn().Subject() = %q, want \"\"", plain.Subject())
	}

	t.Run("acts as its subject", func(t *testing.T) {
		t.Parallel()
		conn, err := e.s.DelegatedConn(ctx, ana)
		if err != nil {
			t.Fatal(err)
		}
		_, err = conn.Directory().Users.Get(alderAdmin).Context(ctx).Do()
		wantErr(t, err, 403, "forbidden") // ana is not a super admin
	})
	t.Run("D1: the subject's sign-in domain", func(t *testing.T) {
		t.Parallel()
		conn, err := e.s.DelegatedConn(ctx, cara)
		if err != nil {
			t.Fatal(err)
		}
		svc, err := domains.New(conn)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, err := range svc.ListCustomers(ctx, fake.DemoAlderEUDomain, nil) {
			if err != nil {
				t.Fatal(err)
			}
			n++
		}
		if n != 6 {
			t.Errorf("%d customers on %s, want 6", n, fake.DemoAlderEUDomain)
		}
		for _, err := range svc.ListCustomers(ctx, fake.DemoAlderDomain, nil) {
			if !errors.Is(err, domains.ErrOtherDomain) {
				t.Errorf("ListCustomers(%s) as %s = %v, want ErrOtherDomain", fake.DemoAlderDomain, cara, err)
			}
			break
		}
	})
	t.Run("P5: a suspended subject gets no token", func(t *testing.T) {
		t.Parallel()
		conn, err := e.s.DelegatedConn(ctx, dan)
		if err != nil {
			t.Fatal(err)
		}
		_, err = conn.Directory().Users.Get(dan).Context(ctx).Do()
		if err == nil || !strings.Contains(err.Error(), "invalid_grant") {
			t.Errorf("users.get as suspended dan = %v, want a token error (invalid_grant)", err)
		}
	})
	t.Run("errors", func(t *testing.T) {
		t.Parallel()
		if _, err := e.s.DelegatedConn(ctx, "nobody@"+fake.DemoAlderDomain); err == nil {
			t.Errorf("DelegatedConn for an unknown user succeeded")
		}
		_, err := e.s.DelegatedConn(ctx, ana, resellerkit.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "x"})))
		if resellerkit.KindOf(err) != resellerkit.KindInvalidArgument {
			t.Errorf("DelegatedConn with a second credential = %v, want an invalid-argument error", err)
		}
	})
}
