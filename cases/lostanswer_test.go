package cases_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	cloudsupport "google.golang.org/api/cloudsupport/v2"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/cases"
	"github.com/resellerkit/resellerkit/cases/pii"
	"github.com/resellerkit/resellerkit/fake"
)

// fastRetry keeps the resends and read-back polls of these tests to
// milliseconds.
var fastRetry = resellerkit.WithRetry(resellerkit.RetryPolicy{Initial: time.Millisecond, Max: 5 * time.Millisecond})

// lostService is e.service over a Conn with fastRetry whose requests go
// through wrap (nil: straight to the Server).
func (e *env) lostService(wrap func(http.RoundTripper) http.RoundTripper) *cases.Service {
	e.tb.Helper()
	rt := e.srv.Transport()
	if wrap != nil {
		rt = wrap(rt)
	}
	conn, err := e.srv.Conn(context.Background(), anaAlder, fastRetry, resellerkit.WithHTTPClient(&http.Client{Transport: rt}))
	if err != nil {
		e.tb.Fatal(err)
	}
	s, err := cases.New(conn, e.config(alder), cases.WithPlans(e.plans()), cases.WithPortal(e.portal()), cases.WithCustomers(worldCustomers{e.w}))
	if err != nil {
		e.tb.Fatal(err)
	}
	return s
}

// caseSnapshot returns the World's copy of case id.
func caseSnapshot(t *testing.T, w *fake.World, id string) fake.CaseSnapshot {
	t.Helper()
	for _, c := range w.CasesSnapshot() {
		if c.Case.ID == id {
			return c
		}
	}
	t.Fatalf("case %s is not in the World", id)
	return fake.CaseSnapshot{}
}

// TestC7W1LostAnswers checks that each Cloud Support write lands once when
// its answer is lost (the write applied, then a 503: the Service must find
// it, not send it again) and when it is refused with a 503 before it is
// applied (the Service must send it again): one case, comment or
// attachment exists afterwards, and the caller sees success.
func TestC7W1LostAnswers(t *testing.T) {
	t.Parallel()
	type write struct {
		name   string
		method string
		// setup files what do needs; "" for nothing.
		setup func(t *testing.T, e *env, s *cases.Service) string
		do    func(ctx context.Context, s *cases.Service, id string) (string, error)
		// check looks at the World after the write; got is what do
		// returned (the new case's ID, the comment's, ...).
		check func(t *testing.T, e *env, id, got string)
	}
	fileAcme := func(t *testing.T, e *env, s *cases.Service) string { return file(t, s, anaAlder, newCase(acme)).ID }
	writes := []write{
		{name: "Create", method: "cloudsupport.cases.create",
			do: func(ctx context.Context, s *cases.Service, _ string) (string, error) {
				c, err := s.Create(ctx, anaAlder, newCase(acme))
				if err == nil && c.Description != newCase(acme).Description {
					return "", fmt.Errorf("Create() description = %q, want the filer's", c.Description)
				}
				return c.ID, err
			},
			check: func(t *testing.T, e *env, _, got string) {
				cs := e.w.CasesSnapshot()
				if len(cs) != 1 || cs[0].Case.ID != got {
					t.Errorf("cases after Create = %v, want exactly the one returned (%s)", ids(caseList(cs)), got)
				}
			}},
		{name: "Comment", method: "cloudsupport.cases.comments.create", setup: fileAcme,
			do: func(ctx context.Context, s *cases.Service, id string) (string, error) {
				cm, err := s.Comment(ctx, id, "Still bouncing today.")
				return cm.ID, err
			},
			check: func(t *testing.T, e *env, id, got string) {
				cms := caseSnapshot(t, e.w, id).Comments
				if len(cms) != 1 || cms[0].ID != got || cms[0].Body != "Still bouncing today." {
					t.Errorf("comments after Comment = %+v, want exactly the one returned (%s)", cms, got)
				}
			}},
		{name: "Attach", method: "cloudsupport.media.upload", setup: fileAcme,
			do: func(ctx context.Context, s *cases.Service, id string) (string, error) {
				a, err := s.Attach(ctx, id, cases.NewAttachment{Name: "bounce.log", ContentType: "text/plain", Content: []byte("550 5.7.1 rejected\n")})
				return a.ID, err
			},
			check: func(t *testing.T, e *env, id, got string) {
				ats := caseSnapshot(t, e.w, id).Attachments
				// A resend uploads the whole content again, not what a
				// first send left of a read body.
				if len(ats) != 1 || ats[0].Attachment.ID != got || string(ats[0].Content) != "550 5.7.1 rejected\n" {
					t.Errorf("attachments after Attach = %+v, want exactly the one returned (%s), whole", ats, got)
				}
			}},
		{name: "Close", method: "cloudsupport.cases.close", setup: fileAcme,
			do: func(ctx context.Context, s *cases.Service, id string) (string, error) {
				c, err := s.Close(ctx, id)
				if err == nil && c.State != cases.StateClosed {
					return "", fmt.Errorf("Close() state = %v, want closed", c.State)
				}
				return c.ID, err
			},
			check: func(t *testing.T, e *env, id, got string) {
				if c := caseSnapshot(t, e.w, id).Case; got != id || c.State != cases.StateClosed {
					t.Errorf("after Close: returned %q, state %v; want %s closed", got, c.State, id)
				}
			}},
		{name: "Escalate", method: "cloudsupport.cases.escalate", setup: fileAcme,
			do: func(ctx context.Context, s *cases.Service, id string) (string, error) {
				c, err := s.Escalate(ctx, id, cases.Escalation{Reason: cases.BusinessImpact, Justification: "Sales cannot reach customers."})
				if err == nil && !c.Escalated {
					return "", fmt.Errorf("Escalate() returned a case not escalated")
				}
				return c.ID, err
			},
			check: func(t *testing.T, e *env, id, got string) {
				if c := caseSnapshot(t, e.w, id).Case; got != id || !c.Escalated {
					t.Errorf("after Escalate: returned %q, escalated %v; want %s escalated", got, c.Escalated, id)
				}
			}},
	}
	for _, w := range writes {
		for _, f := range []struct {
			name       string
			afterApply bool
		}{{"W1 answer lost after applying", true}, {"W1 refused before applying", false}} {
			t.Run(w.name+"/"+f.name, func(t *testing.T) {
				t.Parallel()
				e := newEnv(t)
				s := e.lostService(nil)
				var id string
				if w.setup != nil {
					id = w.setup(t, e, s)
				}
				e.srv.Fail(fake.Fault{Method: w.method, Status: 503, Count: 1, AfterApply: f.afterApply})
				got, err := w.do(t.Context(), s, id)
				if err != nil {
					t.Fatalf("%s() = %v, want success", w.name, err)
				}
				if n := e.w.FaultsPending(); n != 0 {
					t.Fatalf("the fault did not fire (%d pending)", n)
				}
				w.check(t, e, id, got)
			})
		}
	}
}

func caseList(cs []fake.CaseSnapshot) []cases.Case {
	out := make([]cases.Case, len(cs))
	for i, c := range cs {
		out[i] = c.Case
	}
	return out
}

// TestC7W1FiftyCreatesEveryOtherLost checks that 50 creates, every other
// one losing its answer, file exactly 50 cases, all returned to the
// caller as filed.
func TestC7W1FiftyCreatesEveryOtherLost(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := e.lostService(nil)
	seen := map[string]bool{}
	for i := range 50 {
		if i%2 == 1 {
			e.srv.Fail(fake.Fault{Method: "cloudsupport.cases.create", Status: 503, Count: 1, AfterApply: true})
		}
		nc := newCase(acme)
		nc.Title = fmt.Sprintf("Mail bounces, batch %d", i)
		c, err := s.Create(t.Context(), anaAlder, nc)
		if err != nil {
			t.Fatalf("Create #%d = %v", i, err)
		}
		if seen[c.ID] || c.Title != nc.Title {
			t.Fatalf("Create #%d returned %s %q, already returned or not this create's", i, c.ID, c.Title)
		}
		seen[c.ID] = true
	}
	if n := len(e.w.CasesSnapshot()); n != 50 {
		t.Errorf("50 creates filed %d cases, want 50", n)
	}
}

// TestC7W1ConcurrentCreatesHalfLost files 40 cases concurrently, half of
// the answers lost at random (a fixed seed), all with the same title: each
// Create finds its own case by its tag, never another's.
func TestC7W1ConcurrentCreatesHalfLost(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := e.lostService(nil)
	e.w.SetFaultSeed(7)
	e.srv.Fail(fake.Fault{Method: "cloudsupport.cases.create", Status: 503, AfterApply: true, Probability: 0.5})
	const n = 40
	got := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			c, err := s.Create(t.Context(), anaAlder, newCase(acme))
			if err != nil {
				t.Errorf("Create #%d = %v", i, err)
			}
			got[i] = c.ID
		})
	}
	wg.Wait()
	seen := map[string]bool{}
	for _, id := range got {
		if seen[id] {
			t.Errorf("case %s returned to two creates", id)
		}
		seen[id] = true
	}
	if m := len(e.w.CasesSnapshot()); m != n {
		t.Errorf("%d creates filed %d cases, want %d", n, m, n)
	}
}

var tagLine = regexp.MustCompile(`\n\n\[resellerkit deduplication tag ([bcdfghjkmnpqrstvwxz]{16})\]$`)

// TestC3W1CaseTag checks the tag Create puts in a case to find it after a
// lost answer: at the end of the description Google keeps, 16 consonants,
// new to each Create, nothing the personal-data guard (rule C3) refuses;
// the SDK reads the description back as the filer wrote it.
func TestC3W1CaseTag(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := e.lostService(nil)
	tags := map[string]bool{}
	for range 20 {
		c := file(t, s, anaAlder, newCase(acme))
		raw := caseSnapshot(t, e.w, c.ID).Case.Description
		m := tagLine.FindStringSubmatch(raw)
		if m == nil || !strings.HasPrefix(raw, newCase(acme).Description) {
			t.Fatalf("description at Google = %q, want the filer's text then the tag line", raw)
		}
		if tags[m[1]] {
			t.Errorf("tag %s used twice", m[1])
		}
		tags[m[1]] = true
		if err := (pii.Guard{}).Check("NewCase.Description", raw); err != nil {
			t.Errorf("C3 guard refuses the tagged description: %v", err)
		}
		got, err := s.Get(t.Context(), c.ID)
		if err != nil || got.Description != newCase(acme).Description || c.Description != got.Description {
			t.Errorf("Get() description = %q, %v; want the filer's %q", got.Description, err, newCase(acme).Description)
		}
	}
}

// TestW1UntagOnlyTheTag checks that reading a case removes only the exact
// tag line Create appends: a description that merely looks like it keeps
// its text.
func TestW1UntagOnlyTheTag(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := e.lostService(nil)
	for _, desc := range []string{
		"Filed by the customer.",
		"Ends with a look-alike.\n\n[resellerkit deduplication tag bcdfghjkmnpqrstv1]",
		"Ends with a look-alike.\n\n[resellerkit deduplication tag abcdfghjkmnpqrstv]",
		"Ends with a look-alike.\n[resellerkit deduplication tag bcdfghjkmnpqrstvw]",
		"[resellerkit deduplication tag bcdfghjkmnpqrstvw]",
	} {
		c, err := e.conn(anaAlder).CloudSupport().Cases.Create(fake.CaseParent(acme), cloudCase(desc)).Context(t.Context()).Do()
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Get(t.Context(), c.Name)
		if err != nil || got.Description != desc {
			t.Errorf("Get() description = %q, %v; want %q unchanged", got.Description, err, desc)
		}
	}
}

// TestW1LostCreateCheckFails checks that when a create's answer is lost
// and the search that would find it fails too, the case is not filed a
// second time: the error says it may have been filed.
func TestW1LostCreateCheckFails(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := e.lostService(nil)
	e.srv.Fail(fake.Fault{Method: "cloudsupport.cases.create", Status: 503, Count: 1, AfterApply: true})
	e.srv.Fail(fake.Fault{Method: "cloudsupport.cases.search", Status: 403, Reason: "forbidden"})
	_, err := s.Create(t.Context(), anaAlder, newCase(acme))
	if err == nil || !strings.Contains(err.Error(), "may have been applied") {
		t.Fatalf("Create() = %v, want an error saying the case may have been filed", err)
	}
	if n := len(e.w.CasesSnapshot()); n != 1 {
		t.Errorf("cases = %d, want 1 (no resend while the outcome is unknown)", n)
	}
}

// TestW1W5LostCreateSearchLags checks that a search that does not show the
// new case yet is polled before the Service concludes the case was not
// filed (rule W5): two searches after a lost answer miss the case, the
// third finds it, and no second case is filed.
func TestW1W5LostCreateSearchLags(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	lag := &searchLag{misses: 2}
	s := e.lostService(func(rt http.RoundTripper) http.RoundTripper { lag.next = rt; return lag })
	e.srv.Fail(fake.Fault{Method: "cloudsupport.cases.create", Status: 503, Count: 1, AfterApply: true})
	c, err := s.Create(t.Context(), anaAlder, newCase(acme))
	if err != nil {
		t.Fatalf("Create() = %v, want success", err)
	}
	cs := e.w.CasesSnapshot()
	if len(cs) != 1 || cs[0].Case.ID != c.ID {
		t.Errorf("cases = %v, want only %s", ids(caseList(cs)), c.ID)
	}
	if lag.searches() != 3 {
		t.Errorf("searches = %d, want 3 (two that lag, one that finds)", lag.searches())
	}
}

// searchLag answers the first misses case searches with no case, as a
// search index that has not caught up (rule C11).
type searchLag struct {
	next   http.RoundTripper
	mu     sync.Mutex
	misses int
	n      int
}

func (l *searchLag) searches() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.n
}

func (l *searchLag) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := l.next.RoundTrip(r)
	if err != nil || !strings.HasSuffix(r.URL.Path, "/cases:search") {
		return resp, err
	}
	l.mu.Lock()
	l.n++
	miss := l.n <= l.misses
	l.mu.Unlock()
	if miss {
		resp.Body.Close()
		resp.Body = io.NopCloser(strings.NewReader("{}"))
		resp.ContentLength = 2
		resp.Header.Del("Content-Length")
	}
	return resp, nil
}

// TestC7W1ActionRefusedAfterLostAnswer checks a close and an escalation
// whose answer is lost while the read-back still shows the case as it was
// (a read that lags, rule W5): the resend is refused by Google as already
// closed (escalated), which after the Service's own lost attempt is its
// success, confirmed by reading the case again.
func TestC7W1ActionRefusedAfterLostAnswer(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, method, verb, field string
		do                        func(ctx context.Context, s *cases.Service, id string) (cases.Case, error)
		done                      func(c cases.Case) bool
	}{
		{"Close", "cloudsupport.cases.close", ":close", `"state":"CLOSED"`,
			func(ctx context.Context, s *cases.Service, id string) (cases.Case, error) { return s.Close(ctx, id) },
			func(c cases.Case) bool { return c.State == cases.StateClosed }},
		{"Escalate", "cloudsupport.cases.escalate", ":escalate", `"escalated":true`,
			func(ctx context.Context, s *cases.Service, id string) (cases.Case, error) {
				return s.Escalate(ctx, id, cases.Escalation{Reason: cases.ResolutionTime, Justification: "No answer in two days."})
			},
			func(c cases.Case) bool { return c.Escalated }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			stale := &staleAfter{verb: tt.verb, field: tt.field}
			s := e.lostService(func(rt http.RoundTripper) http.RoundTripper { stale.next = rt; return stale })
			id := file(t, s, anaAlder, newCase(acme)).ID
			e.srv.Fail(fake.Fault{Method: tt.method, Status: 503, Count: 1, AfterApply: true})
			c, err := tt.do(t.Context(), s, id)
			if err != nil || !tt.done(c) {
				t.Fatalf("%s() = %+v, %v; want success", tt.name, c, err)
			}
			if got := stale.actions(); got != 2 {
				t.Errorf("%s sent %d times, want 2 (the lost one, the refused resend)", tt.name, got)
			}
		})
	}
}

// staleAfter makes the first case read after an action (":close",
// ":escalate") show the case as it was before it: field (`"state":"CLOSED"`)
// is answered as its opposite.
type staleAfter struct {
	next        http.RoundTripper
	verb, field string
	mu          sync.Mutex
	sent        int
	stale       bool
}

func (s *staleAfter) actions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sent
}

func (s *staleAfter) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := s.next.RoundTrip(r)
	if err != nil {
		return resp, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, s.verb):
		s.sent++
		s.stale = s.sent == 1
	case r.Method == http.MethodGet && s.stale && strings.Contains(r.URL.Path, "/cases/"):
		s.stale = false
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		old := strings.NewReplacer(`"state":"CLOSED"`, `"state":"NEW"`, `"escalated":true`, `"escalated":false`).Replace(s.field)
		b = bytes.Replace(b, []byte(s.field), []byte(old), 1)
		resp.Body = io.NopCloser(bytes.NewReader(b))
		resp.ContentLength = int64(len(b))
		resp.Header.Del("Content-Length")
	}
	return resp, nil
}

// cloudCase is a case as filed over the Cloud Support API directly, with
// description desc.
func cloudCase(desc string) *cloudsupport.Case {
	return &cloudsupport.Case{DisplayName: "Filed directly", Description: desc, Priority: "P3",
		Classification: &cloudsupport.CaseClassification{Id: mailDelivery.ID}}
}
