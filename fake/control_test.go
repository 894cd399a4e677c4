package fake_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2/google"
	admin "google.golang.org/api/admin/directory/v1"
	"google.golang.org/api/option"

	"github.com/resellerkit/resellerkit/fake"
)

// control calls the control API of e's Server over TCP with token and
// returns the status and the decoded JSON body (nil for none).
func (e *env) control(token, method, path, body string) (int, map[string]any) {
	e.t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(e.t.Context(), method, e.s.URL()+strings.TrimPrefix(path, "/"), r)
	if err != nil {
		e.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if len(bytes.TrimSpace(b)) == 0 {
		return res.StatusCode, nil
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		e.t.Fatalf("%s %s: body %q is not a JSON object: %v", method, path, b, err)
	}
	return res.StatusCode, out
}

// ctl calls the control API with the control token and wants status.
func (e *env) ctl(method, path, body string, status int) map[string]any {
	e.t.Helper()
	got, out := e.control(e.s.ControlToken(), method, path, body)
	if got != status {
		e.t.Fatalf("%s %s %s = %d %v, want %d", method, path, body, got, out, status)
	}
	return out
}

// errMessage returns error.message of a Google error envelope.
func errMessage(out map[string]any) string {
	m, _ := out["error"].(map[string]any)
	s, _ := m["message"].(string)
	return s
}

// The control API takes the control token only, and Google's paths refuse
// it: a program cannot reach one with the other's token.
func TestControlAuth(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if tok := e.s.ControlToken(); !strings.HasPrefix(tok, "fake-control-") || len(tok) < 30 {
		t.Errorf("ControlToken = %q, want a random fake-control-... token", tok)
	}
	for _, c := range []struct {
		name, token string
		want        int
	}{
		{"none", "", 401},
		{"unknown", "nope", 401},
		{"a user's token", e.token(alderAdmin), 403},
		{"control token", e.s.ControlToken(), 200},
	} {
		if got, out := e.control(c.token, "GET", "/fake/v1/clock", ""); got != c.want {
			t.Errorf("%s: GET clock = %d %v, want %d", c.name, got, out, c.want)
		} else if got != 200 && out["error"] == nil {
			t.Errorf("%s: %d without Google's error envelope: %v", c.name, got, out)
		}
	}
	e.ctl("GET", "/fake/v1/nothing", "", 404)
	e.ctl("PUT", "/fake/v1/clock", "", 404)
	e.ctl("DELETE", "/fake/v1/faults/", "", 404)
	svc, err := admin.NewService(t.Context(), e.s.ClientOptions(e.s.ControlToken())...)
	if err != nil {
		t.Fatal(err)
	}
	_, err = svc.Users.Get(alderAdmin).Context(t.Context()).Do()
	wantErr(t, err, 401, "authError")

	w, _ := fake.NewWorld(fake.DemoSeed())
	s, err := fake.NewServer(w, fake.WithoutListener(), fake.WithControlToken("my-control"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.ControlToken() != "my-control" {
		t.Errorf("ControlToken = %q, want the given one", s.ControlToken())
	}
	if _, err := fake.NewServer(w, fake.WithoutListener(), fake.WithControlToken(" ")); err == nil {
		t.Error("WithControlToken(\" \") = nil error, want one")
	}
}

func TestControlClock(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if out := e.ctl("GET", "/fake/v1/clock", "", 200); out["now"] != "2026-01-05T09:00:00Z" {
		t.Errorf("GET clock = %v, want the demo's start", out)
	}
	if out := e.ctl("POST", "/fake/v1/clock:advance", `{"duration": "720h"}`, 200); out["now"] != "2026-02-04T09:00:00Z" {
		t.Errorf("advance 720h = %v", out)
	}
	if got := e.w.Now(); !got.Equal(time.Date(2026, 2, 4, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("World.Now = %v after advance", got)
	}
	if out := e.ctl("POST", "/fake/v1/clock:set", `{"now": "2026-03-01T10:30:00+01:00"}`, 200); out["now"] != "2026-03-01T09:30:00Z" {
		t.Errorf("set = %v", out)
	}
	for _, c := range []struct{ path, body, want string }{
		{"/fake/v1/clock:advance", `{}`, "duration"},
		{"/fake/v1/clock:advance", `{"duration": "a month"}`, "'duration'"},
		{"/fake/v1/clock:advance", `{"duration": 5}`, "'duration'"},
		{"/fake/v1/clock:advance", `{"duraton": "1h"}`, `"duraton"`},
		{"/fake/v1/clock:advance", `{"duration": "1h"} {}`, "after"},
		{"/fake/v1/clock:advance", `{"duration": "1h"}}`, "after"},
		{"/fake/v1/clock:set", `{"now": "yesterday"}`, "'now'"},
		{"/fake/v1/clock:set", `not json`, "Invalid JSON"},
	} {
		out := e.ctl("POST", c.path, c.body, 400)
		if msg := errMessage(out); !strings.Contains(msg, c.want) {
			t.Errorf("POST %s %s: message %q, want it to name %s", c.path, c.body, msg, c.want)
		}
	}
}

// A fault injected over HTTP fires as one from World.Fail does: once, for
// the method named, then it is gone.
func TestControlFaults(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	out := e.ctl("POST", "/fake/v1/faults", `{"method": "directory.users.get", "status": 503, "count": 1, "retryAfter": "2s"}`, 200)
	id, _ := out["id"].(string)
	if id == "" {
		t.Fatalf("POST faults = %v, want an id", out)
	}
	list := e.ctl("GET", "/fake/v1/faults", "", 200)["faults"].([]any)
	if len(list) != 1 || list[0].(map[string]any)["id"] != id || list[0].(map[string]any)["retryAfter"] != "2s" {
		t.Errorf("GET faults = %v, want the one fault %s", list, id)
	}
	dir := e.dir(alderAdmin)
	_, err := dir.Users.Get(ana).Context(t.Context()).Do()
	wantErr(t, err, 503, "backendError")
	if _, err := dir.Users.Get(ana).Context(t.Context()).Do(); err != nil {
		t.Errorf("users.get after the fault's one firing: %v", err)
	}
	if list := e.ctl("GET", "/fake/v1/faults", "", 200)["faults"].([]any); len(list) != 0 {
		t.Errorf("GET faults after it fired = %v, want none", list)
	}

	id = e.ctl("POST", "/fake/v1/faults", `{"method": "*", "latency": "1ms"}`, 200)["id"].(string)
	e.ctl("DELETE", "/fake/v1/faults/"+id, "", 204)
	e.ctl("DELETE", "/fake/v1/faults/"+id, "", 404)
	if n := e.w.FaultsPending(); n != 0 {
		t.Errorf("FaultsPending = %d after DELETE, want 0", n)
	}
	for _, c := range []struct{ body, want string }{
		{`{"status": 503}`, "method"},
		{`{"method": "*", "status": 200}`, "'status'"},
		{`{"method": "*", "status": 503, "count": -1}`, "'count'"},
		{`{"method": "*", "status": 503, "latency": "soon"}`, "'latency'"},
		{`{"method": "*", "status": 503, "probability": 2}`, "'probability'"},
		{`{"method": "*", "status": 503, "code": 1}`, `"code"`},
		{`{"method": "*"}`, "status"},
	} {
		if msg := errMessage(e.ctl("POST", "/fake/v1/faults", c.body, 400)); !strings.Contains(msg, c.want) {
			t.Errorf("POST faults %s: message %q, want it to name %s", c.body, msg, c.want)
		}
	}
}

// Settings change a running Server: the read-after-write lag (rule W5) and
// the quota (rule W3).
func TestControlSettings(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	out := e.ctl("PUT", "/fake/v1/settings", `{"latency": "1ms", "readAfterWriteLag": 1}`, 200)
	if out["latency"] != "1ms" || out["readAfterWriteLag"] != 1.0 || out["quotaPerMinute"] != 0.0 {
		t.Errorf("PUT settings = %v", out)
	}
	dir := e.dir(alderAdmin)
	u, err := dir.Users.Insert(&admin.User{PrimaryEmail: "lagged@" + fake.DemoAlderDomain, Password: "correct horse battery",
		Name: &admin.UserName{GivenName: "L", FamilyName: "G"}}).Context(t.Context()).Do()
	if err != nil {
		t.Fatal(err)
	}
	_, err = dir.Users.Get(u.Id).Context(t.Context()).Do()
	wantErr(t, err, 404, "notFound") // W5: the first read of a new user

	e.ctl("PUT", "/fake/v1/settings", `{"latency": "0s", "readAfterWriteLag": 0, "quotaPerMinute": 1}`, 200)
	if _, err := dir.Users.Get(u.Id).Context(t.Context()).Do(); err != nil {
		t.Fatalf("first call within quota: %v", err)
	}
	_, err = dir.Users.Get(u.Id).Context(t.Context()).Do()
	wantErr(t, err, 403, "userRateLimitExceeded") // W3
	if got := e.ctl("GET", "/fake/v1/settings", "", 200); got["quotaPerMinute"] != 1.0 || got["latency"] != "0s" {
		t.Errorf("GET settings = %v", got)
	}
	e.ctl("PUT", "/fake/v1/settings", `{"quotaPerMinute": 0}`, 200)
	if _, err := dir.Users.Get(u.Id).Context(t.Context()).Do(); err != nil {
		t.Errorf("after turning the quota off: %v", err)
	}
	for _, body := range []string{`{"latency": "-1s"}`, `{"pageCap": -1}`, `{"quota": 5}`} {
		e.ctl("PUT", "/fake/v1/settings", body, 400)
	}
}

// Acting as any user: a token from the control API, and a service-account
// key for domain-wide delegation (rule W6) through golang.org/x/oauth2.
func TestControlTokensAndKeys(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	out := e.ctl("POST", "/fake/v1/tokens", `{"email": "BEN@`+fake.DemoAlderDomain+`"}`, 200)
	if out["email"] != ben || out["token"] != e.token(ben) {
		t.Errorf("POST tokens = %v, want ben's token", out)
	}
	if msg := errMessage(e.ctl("POST", "/fake/v1/tokens", `{"email": "nobody@nowhere.example"}`, 404)); strings.Contains(msg, "ya29") {
		t.Errorf("message %q shows a token", msg)
	}
	e.ctl("POST", "/fake/v1/tokens", `{}`, 400)

	key := e.ctl("POST", "/fake/v1/serviceAccountKeys", "", 200)
	if key["type"] != "service_account" || key["token_uri"] != e.s.TokenURL() {
		t.Fatalf("key = %v, want a service account whose token_uri is %s", key, e.s.TokenURL())
	}
	b, _ := json.Marshal(key)
	cfg, err := google.JWTConfigFromJSON(b, admin.AdminDirectoryUserReadonlyScope)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Subject = alderAdmin
	svc, err := admin.NewService(t.Context(), option.WithEndpoint(e.s.URL()), option.WithHTTPClient(cfg.Client(t.Context())))
	if err != nil {
		t.Fatal(err)
	}
	if u, err := svc.Users.Get(ana).Context(t.Context()).Do(); err != nil || u.PrimaryEmail != ana {
		t.Errorf("users.get with the delegated key = %v, %v", u, err)
	}
}

// The world exports as a seed that builds the same world, and a reset goes
// back to the start, keeping users' tokens.
func TestControlWorld(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	dir := e.dir(alderAdmin)
	if _, err := dir.Users.Insert(&admin.User{PrimaryEmail: "new@" + fake.DemoAlderDomain, Password: "correct horse battery",
		Name: &admin.UserName{GivenName: "N", FamilyName: "W"}}).Context(t.Context()).Do(); err != nil {
		t.Fatal(err)
	}
	_, body := e.control(e.s.ControlToken(), "GET", "/fake/v1/world", "")
	b, _ := json.Marshal(body)
	seed, err := fake.ReadSeed(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("GET world is not a seed: %v", err)
	}
	w2, err := fake.NewWorld(seed)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w2.UserID("new@" + fake.DemoAlderDomain); err != nil {
		t.Errorf("the exported world lacks the new user: %v", err)
	}

	e.ctl("POST", "/fake/v1/clock:advance", `{"duration": "24h"}`, 200)
	e.ctl("POST", "/fake/v1/world:reset", "", 204)
	if _, err := e.w.UserID("new@" + fake.DemoAlderDomain); err == nil {
		t.Error("the new user is still there after world:reset")
	}
	if got := e.w.Now(); !got.Equal(fake.DefaultStart) {
		t.Errorf("clock after reset = %v, want %v", got, fake.DefaultStart)
	}
	if _, err := dir.Users.Get(ana).Context(t.Context()).Do(); err != nil {
		t.Errorf("the admin's token after reset: %v", err)
	}
	e.ctl("POST", "/fake/v1/world:reset", `{"seed": 1}`, 400)
}
