package transport_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// get sends a GET of url through rt with the test's context, fails the test
// on a transport error, closes the body and returns the status.
func get(t *testing.T, rt http.RoundTripper, url string) int {
	t.Helper()
	resp, err := rt.RoundTrip(mustRequest("GET", url, nil).WithContext(t.Context()))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// roundTripFunc is a scripted base transport.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// script answers with the given steps in order, then repeats the last one,
// and records when each request arrived.
type script struct {
	mu     sync.Mutex
	steps  []step
	times  []time.Time
	reqs   []*http.Request
	bodies []string
}

type step struct {
	status     int
	body       string
	retryAfter string
	err        error
}

func (s *script) RoundTrip(r *http.Request) (*http.Response, error) {
	var body string
	if r.Body != nil {
		b, _ := io.ReadAll(r.Body)
		r.Body.Close()
		body = string(b)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	i := min(len(s.times), len(s.steps)-1)
	s.times = append(s.times, time.Now())
	s.reqs = append(s.reqs, r)
	s.bodies = append(s.bodies, body)
	st := s.steps[i]
	if st.err != nil {
		return nil, st.err
	}
	h := http.Header{"Content-Type": {"application/json"}}
	if st.retryAfter != "" {
		h.Set("Retry-After", st.retryAfter)
	}
	return &http.Response{
		StatusCode: st.status,
		Status:     fmt.Sprintf("%d %s", st.status, http.StatusText(st.status)),
		Header:     h,
		Body:       io.NopCloser(strings.NewReader(st.body)),
		Request:    r,
	}, nil
}

func (s *script) calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.times)
}

// offsets returns the arrival times relative to start.
func (s *script) offsets(start time.Time) []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []time.Duration
	for _, t := range s.times {
		out = append(out, t.Sub(start))
	}
	return out
}

func envelope(code int, reason string) string {
	return fmt.Sprintf(`{"error":{"code":%d,"message":"m","errors":[{"domain":"global","reason":%q,"message":"m"}]}}`, code, reason)
}

func noJitter(time.Duration) time.Duration { return 0 }

func readAll(resp *http.Response) string {
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return string(b)
}

func mustRequest(method, url string, body []byte) *http.Request {
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, url, r)
	if err != nil {
		panic(err)
	}
	return req
}
