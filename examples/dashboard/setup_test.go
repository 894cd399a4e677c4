package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/cases"
	"github.com/resellerkit/resellerkit/examples/internal/demoworld"
	"github.com/resellerkit/resellerkit/fake"
)

// Hostile strings the test world holds, to check that every page escapes
// what it shows.
const (
	hostileName  = `<script>alert("name")</script>`
	hostileTitle = `<script>alert("case")</script> Gmail outage`
	hostileID    = "mallory@northwind.example"
)

// testEnv is the dashboard over the seeded fake world, as go run starts it,
// plus a hostile person and a hostile case title.
type testEnv struct {
	world   *fake.World
	app     *app
	handler http.Handler
	caseID  string // the resource name of the case with the hostile title
}

var (
	sharedOnce sync.Once
	sharedEnv  *testEnv
	sharedErr  error
)

// sharedTestEnv returns one environment for the tests that only read; it is
// built once, as the world takes a moment to seed.
func sharedTestEnv(t testing.TB) *testEnv {
	t.Helper()
	sharedOnce.Do(func() { sharedEnv, sharedErr = newTestEnv(context.Background()) })
	if sharedErr != nil {
		t.Fatalf("building the test dashboard: %v", sharedErr)
	}
	return sharedEnv
}

// newTestEnv builds a dashboard over a fresh fake world. The fake's server
// stays up for the test binary's life, like the shared environment.
func newTestEnv(ctx context.Context) (*testEnv, error) {
	w, err := demoworld.New()
	if err != nil {
		return nil, err
	}
	// A case whose title would run a script if a page did not escape it.
	names, err := w.AddCases([]fake.CaseSeed{{
		Customer: "C03cu0000", Filer: "ana.lima@" + demoworld.DomainEU, Classification: "Technical Issue > Gmail",
		Title: hostileTitle, Description: "A title with markup in it.", Severity: cases.S1, Language: "en", TimeZone: "UTC",
	}})
	if err != nil {
		return nil, err
	}
	srv, err := fake.NewServer(w)
	if err != nil {
		return nil, err
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	src, err := newFakeSource(ctx, srv, log)
	if err != nil {
		return nil, err
	}
	// A person whose name would run a script if a page did not escape it.
	src.people = append(src.people, access.Person{ID: hostileID, Name: hostileName,
		Accounts: []string{"mallory@" + demoworld.DomainEU}})
	a, err := newApp(src, log)
	if err != nil {
		return nil, err
	}
	if err := a.refresh(ctx); err != nil {
		return nil, err
	}
	return &testEnv{world: w, app: a, handler: a.handler(), caseID: names[0]}, nil
}

// get serves one GET request and returns the status and body.
func (e *testEnv) get(t testing.TB, target string) (int, string) {
	t.Helper()
	req := httptest.NewRequestWithContext(t.Context(), http.MethodGet, target, nil)
	rec := httptest.NewRecorder()
	e.handler.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

// between returns the part of s from the first from to the next to, or "".
func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	rest := s[i:]
	j := strings.Index(rest, to)
	if j < 0 {
		return rest
	}
	return rest[:j]
}

// inside returns the text between the first from and the next to, both
// excluded, or "".
func inside(s, from, to string) string {
	_, rest, ok := strings.Cut(s, from)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(rest, to)
	return v
}
