package resellerkit_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/oauth2"

	"github.com/resellerkit/resellerkit"
)

var testKey = sync.OnceValue(func() []byte {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		panic(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
})

// serviceAccountJSON returns a service-account key whose token_uri is
// tokenURI.
func serviceAccountJSON(t *testing.T, tokenURI string) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]string{
		"type":           "service_account",
		"project_id":     "resellerkit-test",
		"private_key_id": "k1",
		"private_key":    string(testKey()),
		"client_email":   "sdk@resellerkit-test.iam.gserviceaccount.com",
		"client_id":      "1234567890",
		"token_uri":      tokenURI,
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// claims is what the token endpoint reads from the JWT assertion.
type claims struct {
	Iss   string `json:"iss"`
	Sub   string `json:"sub"`
	Scope string `json:"scope"`
}

// tokenServer is a minimal OAuth token endpoint for the JWT-bearer grant.
// It hands out "ya29.SECRET-1", "ya29.SECRET-2", ... unless refuse is set.
type tokenServer struct {
	*httptest.Server
	mu     sync.Mutex
	seen   []claims
	refuse bool
}

func newTokenServer(t *testing.T) *tokenServer {
	ts := &tokenServer{}
	ts.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil || r.Form.Get("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer" {
			http.Error(w, `{"error":"unsupported_grant_type"}`, 400)
			return
		}
		parts := strings.Split(r.Form.Get("assertion"), ".")
		var c claims
		if len(parts) == 3 {
			payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
			json.Unmarshal(payload, &c)
		}
		ts.mu.Lock()
		ts.seen = append(ts.seen, c)
		n, refuse := len(ts.seen), ts.refuse
		ts.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if refuse {
			w.WriteHeader(401)
			io.WriteString(w, `{"error":"unauthorized_client","error_description":"Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested."}`)
			return
		}
		fmt.Fprintf(w, `{"access_token":"ya29.SECRET-%d","token_type":"Bearer","expires_in":3600}`, n)
	}))
	t.Cleanup(ts.Close)
	return ts
}

func (ts *tokenServer) claims() []claims {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([]claims(nil), ts.seen...)
}

// apiServer answers every request with handler and records the
// Authorization headers it saw.
type apiServer struct {
	*httptest.Server
	mu    sync.Mutex
	auths []string
	uas   []string
}

func newAPIServer(t *testing.T, handler func(n int, w http.ResponseWriter, r *http.Request)) *apiServer {
	s := &apiServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.auths = append(s.auths, r.Header.Get("Authorization"))
		s.uas = append(s.uas, r.Header.Get("User-Agent"))
		n := len(s.auths)
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		handler(n, w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *apiServer) seenAuth() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.auths...)
}

func okUser(_ int, w http.ResponseWriter, _ *http.Request) {
	io.WriteString(w, `{"id":"1","primaryEmail":"ana@alder.example"}`)
}

var fastRetry = resellerkit.WithRetry(resellerkit.RetryPolicy{Initial: time.Millisecond, Max: 5 * time.Millisecond})

// TestDialServiceAccountSubjectW6 checks rule W6: a service-account key with
// domain-wide delegation impersonates the subject with the default
// least-privilege scopes, and the API receives the minted token.
func TestDialServiceAccountSubjectW6(t *testing.T) {
	t.Parallel()
	tokens := newTokenServer(t)
	api := newAPIServer(t, okUser)
	conn, err := resellerkit.Dial(t.Context(),
		resellerkit.WithServiceAccountJSON(serviceAccountJSON(t, tokens.URL+"/token")),
		resellerkit.WithSubject("admin@alder.example"),
		resellerkit.WithEndpoint(api.URL),
		resellerkit.WithPacing(resellerkit.Pacing{}),
	)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := conn.Directory().Users.Get("ana@alder.example").Context(t.Context()).Do(); err != nil {
			t.Fatal(resellerkit.Wrap("test", err))
		}
	}
	want := []claims{{Iss: "sdk@resellerkit-test.iam.gserviceaccount.com", Sub: "admin@alder.example", Scope: strings.Join(resellerkit.DefaultScopes(), " ")}}
	if diff := cmp.Diff(want, tokens.claims()); diff != "" {
		t.Errorf("token requests mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Bearer ya29.SECRET-1", "Bearer ya29.SECRET-1"}, api.seenAuth()); diff != "" {
		t.Errorf("Authorization mismatch (-want +got):\n%s", diff)
	}
	if got := conn.Subject(); got != "admin@alder.example" {
		t.Errorf("Subject() = %q", got)
	}
	if diff := cmp.Diff(resellerkit.DefaultScopes(), conn.Scopes()); diff != "" {
		t.Errorf("Scopes() mismatch (-want +got):\n%s", diff)
	}
}

// TestDialServiceAccountRefreshAfter401W1 checks rule W1's "401 after one
// token refresh" with a service account: the Conn mints a new token once.
func TestDialServiceAccountRefreshAfter401W1(t *testing.T) {
	t.Parallel()
	tokens := newTokenServer(t)
	api := newAPIServer(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "Bearer ya29.SECRET-1" {
			w.WriteHeader(401)
			io.WriteString(w, envelope(401, "Invalid Credentials", "authError"))
			return
		}
		okUser(0, w, r)
	})
	conn, err := resellerkit.Dial(t.Context(),
		resellerkit.WithServiceAccountJSON(serviceAccountJSON(t, tokens.URL)),
		resellerkit.WithSubject("admin@alder.example"),
		resellerkit.WithScopes(resellerkit.ScopeDirectoryUserReadonly),
		resellerkit.WithEndpoint(api.URL),
	)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Directory().Users.Get("ana@alder.example").Context(t.Context()).Do(); err != nil {
		t.Fatal(resellerkit.Wrap("test", err))
	}
	if diff := cmp.Diff([]string{"Bearer ya29.SECRET-1", "Bearer ya29.SECRET-2"}, api.seenAuth()); diff != "" {
		t.Errorf("Authorization per attempt mismatch (-want +got):\n%s", diff)
	}
	if got := len(tokens.claims()); got != 2 {
		t.Errorf("token requests = %d, want 2", got)
	}
	if got := tokens.claims()[0].Scope; got != resellerkit.ScopeDirectoryUserReadonly {
		t.Errorf("scope = %q, want the one WithScopes gave", got)
	}
}

// TestDialTokenRefused checks that a refused token request is
// KindUnauthenticated with the OAuth error and advice, and nothing secret.
func TestDialTokenRefused(t *testing.T) {
	t.Parallel()
	tokens := newTokenServer(t)
	tokens.refuse = true
	api := newAPIServer(t, okUser)
	sa := serviceAccountJSON(t, tokens.URL)
	conn, err := resellerkit.Dial(t.Context(),
		resellerkit.WithServiceAccountJSON(sa),
		resellerkit.WithSubject("admin@alder.example"),
		resellerkit.WithEndpoint(api.URL), fastRetry)
	if err != nil {
		t.Fatal(err)
	}
	_, err = conn.Directory().Users.List().Customer("my_customer").Context(t.Context()).Do()
	err = resellerkit.Wrap("domains.ListUsers", err)
	if !errors.Is(err, resellerkit.ErrUnauthenticated) {
		t.Fatalf("err = %v, want unauthenticated", err)
	}
	msg := err.Error()
	for _, want := range []string{"domains.ListUsers", "unauthorized_client", "domain-wide delegation"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	for _, secret := range []string{"BEGIN PRIVATE KEY", "assertion", "customer=my_customer"} {
		if strings.Contains(msg, secret) {
			t.Errorf("message %q contains %q", msg, secret)
		}
	}
	if n := len(api.seenAuth()); n != 0 {
		t.Errorf("API saw %d requests, want 0 (no token, no request)", n)
	}
}

// TestTokensNeverLoggedW6 checks rule W6: whatever happens, neither the
// access token nor the key reaches the log or an error string.
func TestTokensNeverLoggedW6(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	var logMu sync.Mutex
	logger := slog.New(slog.NewJSONHandler(writerFunc(func(p []byte) (int, error) {
		logMu.Lock()
		defer logMu.Unlock()
		return logs.Write(p)
	}), &slog.HandlerOptions{Level: slog.LevelDebug}))
	tokens := newTokenServer(t)
	api := newAPIServer(t, func(n int, w http.ResponseWriter, _ *http.Request) {
		switch n {
		case 1:
			w.WriteHeader(503)
			io.WriteString(w, envelope(503, "Backend Error", "backendError"))
		case 2, 3:
			w.WriteHeader(401)
			io.WriteString(w, envelope(401, "Invalid Credentials", "authError"))
		default:
			w.WriteHeader(403)
			io.WriteString(w, envelope(403, "Not Authorized to access this resource/api", "forbidden"))
		}
	})
	static := newAPIServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(400)
		io.WriteString(w, envelope(400, "Invalid Input", "invalid"))
	})
	var errs []string
	sa, err := resellerkit.Dial(t.Context(),
		resellerkit.WithServiceAccountJSON(serviceAccountJSON(t, tokens.URL)),
		resellerkit.WithSubject("admin@alder.example"),
		resellerkit.WithEndpoint(api.URL), resellerkit.WithLogger(logger), fastRetry)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		_, err := sa.Directory().Users.Get("ana@alder.example").Context(t.Context()).Do()
		errs = append(errs, resellerkit.Wrap("test.Get", err).Error())
	}
	ts, err := resellerkit.Dial(t.Context(),
		resellerkit.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "ya29.SECRET-STATIC"})),
		resellerkit.WithEndpoint(static.URL), resellerkit.WithLogger(logger), fastRetry)
	if err != nil {
		t.Fatal(err)
	}
	_, err = ts.Licensing().LicenseAssignments.Get("101001", "1010010001", "ana@alder.example").Context(t.Context()).Do()
	errs = append(errs, resellerkit.Wrap("test.Get", err).Error())

	logMu.Lock()
	out := logs.String()
	logMu.Unlock()
	if !strings.Contains(out, `"path":"/admin/directory/v1/users/ana@alder.example"`) || !strings.Contains(out, "retrying") {
		t.Errorf("log lacks the expected request and retry records:\n%s", out)
	}
	for _, text := range append([]string{out}, errs...) {
		for _, secret := range []string{"ya29.SECRET", "PRIVATE KEY", "Bearer"} {
			if strings.Contains(text, secret) {
				t.Errorf("%q appears in:\n%s", secret, text)
			}
		}
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// TestDialOptionErrors checks that bad and conflicting options are
// KindInvalidArgument errors naming the option.
func TestDialOptionErrors(t *testing.T) {
	t.Parallel()
	ts := resellerkit.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "x"}))
	sa := serviceAccountJSON(t, "https://oauth2.googleapis.com/token")
	userCreds := []byte(`{"type":"authorized_user","client_id":"a","client_secret":"s3cr3t","refresh_token":"r"}`)
	badKey := bytes.Replace(sa, []byte("MII"), []byte("XXX"), 1)
	dir := t.TempDir()
	saFile := filepath.Join(dir, "sa.json")
	if err := os.WriteFile(saFile, sa, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		opts      []resellerkit.Option
		wantField string
	}{
		{"no credentials", nil, "credentials"},
		{"two credential sources", []resellerkit.Option{resellerkit.WithServiceAccountJSON(sa), ts}, "WithTokenSource"},
		{"key and key file", []resellerkit.Option{resellerkit.WithServiceAccountJSON(sa), resellerkit.WithServiceAccountFile(saFile)}, "WithServiceAccountFile"},
		{"key twice", []resellerkit.Option{resellerkit.WithServiceAccountJSON(sa), resellerkit.WithServiceAccountJSON(sa)}, "WithServiceAccountJSON"},
		{"credentials and WithoutAuthentication", []resellerkit.Option{ts, resellerkit.WithoutAuthentication()}, "WithoutAuthentication"},
		{"subject without service account", []resellerkit.Option{ts, resellerkit.WithSubject("admin@alder.example")}, "WithSubject"},
		{"subject not an email", []resellerkit.Option{resellerkit.WithServiceAccountJSON(sa), resellerkit.WithSubject("admin")}, "WithSubject"},
		{"actor not an email", []resellerkit.Option{ts, resellerkit.WithActor("ana")}, "WithActor"},
		{"actor twice", []resellerkit.Option{ts, resellerkit.WithActor("ana@alder.example"), resellerkit.WithActor("ana@alder.example")}, "WithActor"},
		{"actor contradicts subject", []resellerkit.Option{resellerkit.WithServiceAccountJSON(sa), resellerkit.WithSubject("admin@alder.example"), resellerkit.WithActor("ana@alder.example")}, "WithActor"},
		{"actor of a service account without subject", []resellerkit.Option{resellerkit.WithServiceAccountJSON(sa), resellerkit.WithActor("ana@alder.example")}, "WithActor"},
		{"nil clock", []resellerkit.Option{ts, resellerkit.WithClock(nil)}, "WithClock"},
		{"clock twice", []resellerkit.Option{ts, resellerkit.WithClock(time.Now), resellerkit.WithClock(time.Now)}, "WithClock"},
		{"scopes without service account", []resellerkit.Option{ts, resellerkit.WithScopes(resellerkit.ScopeLicensing)}, "WithScopes"},
		{"no scopes", []resellerkit.Option{resellerkit.WithServiceAccountJSON(sa), resellerkit.WithScopes()}, "WithScopes"},
		{"scope with a space", []resellerkit.Option{resellerkit.WithServiceAccountJSON(sa), resellerkit.WithScopes("a b")}, "WithScopes"},
		{"retry and no retry", []resellerkit.Option{ts, resellerkit.WithoutRetry(), resellerkit.WithRetry(resellerkit.RetryPolicy{})}, "WithoutRetry"},
		{"negative attempts", []resellerkit.Option{ts, resellerkit.WithRetry(resellerkit.RetryPolicy{MaxAttempts: -1})}, "WithRetry"},
		{"negative initial", []resellerkit.Option{ts, resellerkit.WithRetry(resellerkit.RetryPolicy{Initial: -time.Second})}, "WithRetry"},
		{"max below initial", []resellerkit.Option{ts, resellerkit.WithRetry(resellerkit.RetryPolicy{Initial: time.Minute, Max: time.Second})}, "WithRetry"},
		{"shrinking multiplier", []resellerkit.Option{ts, resellerkit.WithRetry(resellerkit.RetryPolicy{Multiplier: 0.5})}, "WithRetry"},
		{"negative pacing", []resellerkit.Option{ts, resellerkit.WithPacing(resellerkit.Pacing{Licensing: -1})}, "WithPacing"},
		{"endpoint not http", []resellerkit.Option{ts, resellerkit.WithEndpoint("ftp://fake.example/")}, "WithEndpoint"},
		{"endpoint relative", []resellerkit.Option{ts, resellerkit.WithEndpoint("admin.googleapis.com")}, "WithEndpoint"},
		{"endpoint with query", []resellerkit.Option{ts, resellerkit.WithEndpoint("https://fake.example/?x=1")}, "WithEndpoint"},
		{"endpoint with user info", []resellerkit.Option{ts, resellerkit.WithEndpoint("https://u:p@fake.example/")}, "WithEndpoint"},
		{"token over plain http to a remote host", []resellerkit.Option{ts, resellerkit.WithEndpoint("http://fake.example/")}, "WithEndpoint"},
		{"endpoint and endpoints", []resellerkit.Option{ts, resellerkit.WithEndpoint("https://a.example/"), resellerkit.WithEndpoints(resellerkit.Endpoints{})}, "WithEndpoints"},
		{"bad endpoints field", []resellerkit.Option{ts, resellerkit.WithEndpoints(resellerkit.Endpoints{Licensing: "nope"})}, "WithEndpoints(Endpoints.Licensing)"},
		{"nil client", []resellerkit.Option{ts, resellerkit.WithHTTPClient(nil)}, "WithHTTPClient"},
		{"nil logger", []resellerkit.Option{ts, resellerkit.WithLogger(nil)}, "WithLogger"},
		{"nil token source", []resellerkit.Option{resellerkit.WithTokenSource(nil)}, "WithTokenSource"},
		{"user agent with newline", []resellerkit.Option{ts, resellerkit.WithUserAgent("app\r\nX-Evil: 1")}, "WithUserAgent"},
		{"empty key", []resellerkit.Option{resellerkit.WithServiceAccountJSON(nil)}, "WithServiceAccountJSON"},
		{"key not JSON", []resellerkit.Option{resellerkit.WithServiceAccountJSON([]byte("-----BEGIN"))}, "WithServiceAccountJSON"},
		{"user credentials instead of a key", []resellerkit.Option{resellerkit.WithServiceAccountJSON(userCreds)}, "WithServiceAccountJSON"},
		{"key not PEM", []resellerkit.Option{resellerkit.WithServiceAccountJSON(badKey)}, "WithServiceAccountJSON"},
		{"key file missing", []resellerkit.Option{resellerkit.WithServiceAccountFile(filepath.Join(dir, "missing.json"))}, "WithServiceAccountFile"},
		{"key file path empty", []resellerkit.Option{resellerkit.WithServiceAccountFile("")}, "WithServiceAccountFile"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			conn, err := resellerkit.Dial(t.Context(), tt.opts...)
			if err == nil {
				t.Fatalf("Dial() = %v, nil; want an error naming %s", conn, tt.wantField)
			}
			if k := resellerkit.KindOf(err); k != resellerkit.KindInvalidArgument {
				t.Errorf("KindOf() = %v, want invalid argument (err: %v)", k, err)
			}
			var fe *resellerkit.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a *FieldError", err)
			}
			if fe.Field != tt.wantField {
				t.Errorf("Field = %q, want %q (err: %v)", fe.Field, tt.wantField, err)
			}
			for _, secret := range []string{"PRIVATE KEY", "s3cr3t", "u:p@"} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("error %q echoes %q", err, secret)
				}
			}
		})
	}
	t.Run("nil option", func(t *testing.T) {
		t.Parallel()
		_, err := resellerkit.Dial(t.Context(), ts, nil)
		if resellerkit.KindOf(err) != resellerkit.KindInvalidArgument {
			t.Errorf("err = %v, want invalid argument", err)
		}
	})
	t.Run("canceled context", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		_, err := resellerkit.Dial(ctx, ts)
		if !errors.Is(err, resellerkit.ErrCanceled) {
			t.Errorf("err = %v, want canceled", err)
		}
	})
}

// TestDialAccepted checks option combinations that must work.
func TestDialAccepted(t *testing.T) {
	t.Parallel()
	ts := resellerkit.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "x"}))
	dir := t.TempDir()
	saFile := filepath.Join(dir, "sa.json")
	if err := os.WriteFile(saFile, serviceAccountJSON(t, "https://oauth2.googleapis.com/token"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		opts []resellerkit.Option
		want resellerkit.Endpoints
	}{
		{"defaults", []resellerkit.Option{ts}, resellerkit.DefaultEndpoints()},
		{"key file with subject", []resellerkit.Option{resellerkit.WithServiceAccountFile(saFile), resellerkit.WithSubject("admin@alder.example")}, resellerkit.DefaultEndpoints()},
		{"one endpoint gets its slash", []resellerkit.Option{ts, resellerkit.WithEndpoint("http://127.0.0.1:8085")},
			resellerkit.Endpoints{Directory: "http://127.0.0.1:8085/", Licensing: "http://127.0.0.1:8085/", Reseller: "http://127.0.0.1:8085/", CloudSupport: "http://127.0.0.1:8085/"}},
		{"endpoint with a path", []resellerkit.Option{ts, resellerkit.WithEndpoint("https://proxy.example/google")},
			resellerkit.Endpoints{Directory: "https://proxy.example/google/", Licensing: "https://proxy.example/google/", Reseller: "https://proxy.example/google/", CloudSupport: "https://proxy.example/google/"}},
		{"some endpoints", []resellerkit.Option{ts, resellerkit.WithEndpoints(resellerkit.Endpoints{Licensing: "https://lic.example"})},
			resellerkit.Endpoints{Directory: "https://admin.googleapis.com/", Licensing: "https://lic.example/", Reseller: "https://reseller.googleapis.com/", CloudSupport: "https://cloudsupport.googleapis.com/"}},
		{"plain http to a remote host without authentication", []resellerkit.Option{resellerkit.WithoutAuthentication(), resellerkit.WithEndpoint("http://fake.example:8085")},
			resellerkit.Endpoints{Directory: "http://fake.example:8085/", Licensing: "http://fake.example:8085/", Reseller: "http://fake.example:8085/", CloudSupport: "http://fake.example:8085/"}},
		{"localhost over http", []resellerkit.Option{ts, resellerkit.WithEndpoint("http://localhost:1/")},
			resellerkit.Endpoints{Directory: "http://localhost:1/", Licensing: "http://localhost:1/", Reseller: "http://localhost:1/", CloudSupport: "http://localhost:1/"}},
		{"later option of the same name replaces", []resellerkit.Option{ts, resellerkit.WithPacing(resellerkit.Pacing{}), resellerkit.WithPacing(resellerkit.DefaultPacing()),
			resellerkit.WithEndpoint("https://a.example"), resellerkit.WithEndpoint("https://b.example")},
			resellerkit.Endpoints{Directory: "https://b.example/", Licensing: "https://b.example/", Reseller: "https://b.example/", CloudSupport: "https://b.example/"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			conn, err := resellerkit.Dial(t.Context(), tt.opts...)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, conn.Endpoints()); diff != "" {
				t.Errorf("Endpoints() mismatch (-want +got):\n%s", diff)
			}
			if conn.Directory() == nil || conn.Licensing() == nil || conn.Reseller() == nil || conn.CloudSupport() == nil || conn.HTTPClient() == nil || conn.Logger() == nil {
				t.Error("a Conn accessor returned nil")
			}
			if got, want := conn.Directory().BasePath, tt.want.Directory; got != want {
				t.Errorf("Directory().BasePath = %q, want %q", got, want)
			}
			if got, want := conn.CloudSupport().BasePath, tt.want.CloudSupport; got != want {
				t.Errorf("CloudSupport().BasePath = %q, want %q", got, want)
			}
		})
	}
}

// TestConnActorAndClock: a Conn knows whom it acts as and which clock it
// judges time by, so services need no options to repeat them.
func TestConnActorAndClock(t *testing.T) {
	t.Parallel()
	ts := resellerkit.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "x"}))
	sa := serviceAccountJSON(t, "https://oauth2.googleapis.com/token")
	fixed := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		opts      []resellerkit.Option
		wantActor string
		wantNow   time.Time // zero: the wall clock
	}{
		{"token without actor", []resellerkit.Option{ts}, "", time.Time{}},
		{"token with actor", []resellerkit.Option{ts, resellerkit.WithActor(" ana@alder.example ")}, "ana@alder.example", time.Time{}},
		{"subject is the actor", []resellerkit.Option{resellerkit.WithServiceAccountJSON(sa), resellerkit.WithSubject("admin@alder.example")}, "admin@alder.example", time.Time{}},
		{"actor equal to subject, any case", []resellerkit.Option{resellerkit.WithServiceAccountJSON(sa), resellerkit.WithSubject("admin@alder.example"), resellerkit.WithActor("Admin@Alder.example")}, "admin@alder.example", time.Time{}},
		{"clock", []resellerkit.Option{ts, resellerkit.WithClock(func() time.Time { return fixed })}, "", fixed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			conn, err := resellerkit.Dial(t.Context(), tt.opts...)
			if err != nil {
				t.Fatal(err)
			}
			if got := conn.Actor(); got != tt.wantActor {
				t.Errorf("Actor() = %q, want %q", got, tt.wantActor)
			}
			if tt.wantNow.IsZero() {
				before := time.Now()
				if got := conn.Now(); got.Before(before.Add(-time.Minute)) || got.After(before.Add(time.Minute)) {
					t.Errorf("Now() = %v, want the wall clock (about %v)", got, before)
				}
				return
			}
			if got := conn.Now(); !got.Equal(tt.wantNow) {
				t.Errorf("Now() = %v, want %v", got, tt.wantNow)
			}
			if got := conn.Clock()(); !got.Equal(tt.wantNow) {
				t.Errorf("Clock()() = %v, want %v", got, tt.wantNow)
			}
		})
	}
}

func TestNilConn(t *testing.T) {
	t.Parallel()
	var c *resellerkit.Conn
	if c.Directory() != nil || c.Licensing() != nil || c.Reseller() != nil || c.CloudSupport() != nil || c.HTTPClient() != nil ||
		c.Subject() != "" || c.Scopes() != nil || c.Logger() == nil || c.Endpoints() != (resellerkit.Endpoints{}) {
		t.Error("nil Conn accessors misbehave")
	}
}

// countingTransport is a base transport that records what reaches it.
type countingTransport struct {
	base  http.RoundTripper
	calls atomic.Int32
	auth  atomic.Value
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.calls.Add(1)
	c.auth.Store(r.Header.Get("Authorization"))
	return c.base.RoundTrip(r)
}

// TestHTTPClientIsBase checks that WithHTTPClient's transport sits under
// the SDK's layers: it sees each retry and the Authorization header (unlike
// option.WithHTTPClient, authentication is not dropped), and the user agent
// carries WithUserAgent.
func TestHTTPClientIsBase(t *testing.T) {
	t.Parallel()
	api := newAPIServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n < 3 {
			w.WriteHeader(503)
			return
		}
		okUser(n, w, r)
	})
	base := &countingTransport{base: http.DefaultTransport}
	conn, err := resellerkit.Dial(t.Context(),
		resellerkit.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "tok"})),
		resellerkit.WithHTTPClient(&http.Client{Transport: base}),
		resellerkit.WithEndpoint(api.URL), resellerkit.WithUserAgent("dashboard/1.0"), fastRetry)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Directory().Users.Get("ana@alder.example").Context(t.Context()).Do(); err != nil {
		t.Fatal(resellerkit.Wrap("test", err))
	}
	if got := base.calls.Load(); got != 3 {
		t.Errorf("base transport saw %d requests, want 3 (two retries)", got)
	}
	if got := base.auth.Load(); got != "Bearer tok" {
		t.Errorf("base transport saw Authorization %q, want Bearer tok", got)
	}
	api.mu.Lock()
	ua := api.uas[0]
	api.mu.Unlock()
	if !strings.HasSuffix(ua, "resellerkit dashboard/1.0") {
		t.Errorf("User-Agent = %q, want it to end with %q", ua, "resellerkit dashboard/1.0")
	}
}

// TestWithoutRetry checks that WithoutRetry sends once.
func TestWithoutRetry(t *testing.T) {
	t.Parallel()
	api := newAPIServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(503)
		io.WriteString(w, envelope(503, "Backend Error", "backendError"))
	})
	conn, err := resellerkit.Dial(t.Context(), resellerkit.WithoutAuthentication(), resellerkit.WithEndpoint(api.URL), resellerkit.WithoutRetry())
	if err != nil {
		t.Fatal(err)
	}
	_, err = conn.Reseller().Customers.Get("C01").Context(t.Context()).Do()
	if !errors.Is(resellerkit.Wrap("test", err), resellerkit.ErrUnavailable) {
		t.Errorf("err = %v, want unavailable", err)
	}
	if n := len(api.seenAuth()); n != 1 {
		t.Errorf("server saw %d requests, want 1", n)
	}
	if got := api.seenAuth()[0]; got != "" {
		t.Errorf("Authorization = %q, want none with WithoutAuthentication", got)
	}
}

// TestCrossHostRedirectRefused checks that a redirect to another host is
// not followed, so the token is not handed to it.
func TestCrossHostRedirectRefused(t *testing.T) {
	t.Parallel()
	other := newAPIServer(t, okUser)
	api := newAPIServer(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusFound)
	})
	conn, err := resellerkit.Dial(t.Context(),
		resellerkit.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "ya29.SECRET"})),
		resellerkit.WithEndpoint(api.URL))
	if err != nil {
		t.Fatal(err)
	}
	_, err = conn.Directory().Users.Get("ana@alder.example").Context(t.Context()).Do()
	if err == nil {
		t.Fatal("redirect to another host was followed")
	}
	if n := len(other.seenAuth()); n != 0 {
		t.Errorf("the other host saw %d requests, want 0", n)
	}
}

// fakeTransport answers every request in memory, so that a whole Conn can
// run inside a synctest bubble.
type fakeTransport struct {
	mu    sync.Mutex
	times map[string][]time.Duration
	start time.Time
	fail  int // answer 503 to the first fail requests
	n     int
}

func (f *fakeTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		r.Body.Close()
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	api := strings.SplitN(strings.TrimPrefix(r.URL.Path, "/"), "/", 3)[:2]
	key := strings.Join(api, "/")
	f.times[key] = append(f.times[key], time.Since(f.start))
	f.n++
	status, body := 200, `{}`
	if f.n <= f.fail {
		status, body = 503, envelope(503, "Backend Error", "backendError")
	}
	return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(body)), Request: r}, nil
}

// TestConnPacingW3 checks rule W3 through a whole Conn on a fake clock: one
// limiter per API, at the configured queries per minute, with a burst of
// one second's worth.
func TestConnPacingW3(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		ft := &fakeTransport{times: map[string][]time.Duration{}, start: time.Now()}
		conn, err := resellerkit.Dial(t.Context(), resellerkit.WithoutAuthentication(),
			resellerkit.WithEndpoint("https://fake.example"), resellerkit.WithHTTPClient(&http.Client{Transport: ft}),
			resellerkit.WithPacing(resellerkit.Pacing{Directory: 30, Licensing: 60}))
		if err != nil {
			t.Fatal(err)
		}
		ctx := t.Context()
		for range 3 {
			conn.Directory().Users.Get("a@alder.example").Context(ctx).Do()
			conn.Licensing().LicenseAssignments.Get("101001", "1010010001", "a@alder.example").Context(ctx).Do()
			conn.Reseller().Customers.Get("C01").Context(ctx).Do()
		}
		want := map[string][]time.Duration{
			// Each loop waits for Directory (2 s apart); Licensing's 1 s
			// spacing is absorbed in that wait, Reseller is unpaced.
			"admin/directory": {0, 2 * time.Second, 4 * time.Second},
			"apps/licensing":  {0, 2 * time.Second, 4 * time.Second},
			"apps/reseller":   {0, 2 * time.Second, 4 * time.Second},
		}
		if diff := cmp.Diff(want, ft.times); diff != "" {
			t.Errorf("request times mismatch (-want +got):\n%s", diff)
		}
	})
	synctest.Test(t, func(t *testing.T) {
		ft := &fakeTransport{times: map[string][]time.Duration{}, start: time.Now()}
		conn, err := resellerkit.Dial(t.Context(), resellerkit.WithoutAuthentication(),
			resellerkit.WithEndpoint("https://fake.example"), resellerkit.WithHTTPClient(&http.Client{Transport: ft}),
			resellerkit.WithPacing(resellerkit.Pacing{Directory: 120}))
		if err != nil {
			t.Fatal(err)
		}
		for range 4 {
			conn.Directory().Users.Get("a@alder.example").Context(t.Context()).Do()
		}
		// 120 per minute: a burst of 2, then one every 500 ms.
		if diff := cmp.Diff([]time.Duration{0, 0, 500 * time.Millisecond, time.Second}, ft.times["admin/directory"]); diff != "" {
			t.Errorf("Directory times mismatch (-want +got):\n%s", diff)
		}
	})
}

// TestConnRetryTimingW2 checks rule W2 through a whole Conn on a fake clock:
// the default policy pauses 1 s then 2 s (plus under 1 s of jitter each).
func TestConnRetryTimingW2(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		ft := &fakeTransport{times: map[string][]time.Duration{}, start: time.Now(), fail: 2}
		conn, err := resellerkit.Dial(t.Context(), resellerkit.WithoutAuthentication(),
			resellerkit.WithEndpoint("https://fake.example"), resellerkit.WithHTTPClient(&http.Client{Transport: ft}),
			resellerkit.WithPacing(resellerkit.Pacing{}))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Directory().Users.Get("a@alder.example").Context(t.Context()).Do(); err != nil {
			t.Fatal(resellerkit.Wrap("test", err))
		}
		got := ft.times["admin/directory"]
		if len(got) != 3 {
			t.Fatalf("attempts = %d, want 3", len(got))
		}
		if p := got[1] - got[0]; p < time.Second || p >= 2*time.Second {
			t.Errorf("first pause = %v, want in [1s, 2s)", p)
		}
		if p := got[2] - got[1]; p < 2*time.Second || p >= 3*time.Second {
			t.Errorf("second pause = %v, want in [2s, 3s)", p)
		}
	})
}

// TestDefaultScopesLeastPrivilegeW6 checks rule W6's least privilege: the
// default scopes are what domains, roles and licensing need, read-only
// where those packages only read (domains, reseller subscriptions), and
// never the broad cloud-platform scope nor the Reseller API's write scope.
func TestDefaultScopesLeastPrivilegeW6(t *testing.T) {
	t.Parallel()
	want := []string{
		"https://www.googleapis.com/auth/admin.directory.user",
		"https://www.googleapis.com/auth/admin.directory.orgunit",
		"https://www.googleapis.com/auth/admin.directory.domain.readonly",
		"https://www.googleapis.com/auth/admin.directory.rolemanagement",
		"https://www.googleapis.com/auth/apps.licensing",
		"https://www.googleapis.com/auth/apps.order.readonly",
	}
	got := resellerkit.DefaultScopes()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("DefaultScopes mismatch (-want +got):\n%s", diff)
	}
	for _, broad := range []string{resellerkit.ScopeCloudPlatform, resellerkit.ScopeReseller} {
		if slices.Contains(got, broad) {
			t.Errorf("DefaultScopes holds %s", broad)
		}
	}
	got[0] = "changed"
	if resellerkit.DefaultScopes()[0] == "changed" {
		t.Error("DefaultScopes returns a shared slice")
	}
}
