package transport_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/oauth2"

	"github.com/resellerkit/resellerkit/internal/transport"
)

var fastPolicy = transport.Policy{MaxAttempts: 3, Initial: time.Millisecond, Max: 2 * time.Millisecond, Multiplier: 2}

// TestRetryWhichAnswers checks rule W1 end to end over HTTP: transient
// answers are sent again up to MaxAttempts, the others exactly once.
func TestRetryWhichAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		status    int
		body      string
		wantCalls int
	}{
		{"W1 429 retried", 429, envelope(429, "rateLimitExceeded"), 3},
		{"W1 403 userRateLimitExceeded retried", 403, envelope(403, "userRateLimitExceeded"), 3},
		{"W1 403 rateLimitExceeded retried", 403, envelope(403, "rateLimitExceeded"), 3},
		{"W1 403 quotaExceeded retried", 403, envelope(403, "quotaExceeded"), 3},
		{"W1 500 backendError retried", 500, envelope(500, "backendError"), 3},
		{"W1 500 internalError retried", 500, envelope(500, "internalError"), 3},
		{"W1 502 retried", 502, "bad gateway", 3},
		{"W1 503 retried", 503, envelope(503, "serviceNotAvailable"), 3},
		{"W1 504 retried", 504, "", 3},
		{"W1 400 never retried", 400, envelope(400, "invalid"), 1},
		{"W1 401 without a token cache never retried", 401, envelope(401, "authError"), 1},
		{"W1 403 forbidden never retried", 403, envelope(403, "forbidden"), 1},
		{"W1 403 domainCannotUseApis never retried", 403, envelope(403, "domainCannotUseApis"), 1},
		{"W1 404 never retried", 404, envelope(404, "notFound"), 1},
		{"W1 409 never retried", 409, envelope(409, "duplicate"), 1},
		{"W1 412 never retried", 412, envelope(412, "conditionNotMet"), 1},
		{"W1 500 role assignment exists never retried", 500,
			`{"error":{"code":500,"message":"role assignment exists: roleassignment","errors":[{"reason":"internalError","message":"role assignment exists: roleassignment"}]}}`, 1},
		{"501 never retried", 501, envelope(501, "notImplemented"), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(tt.status)
				io.WriteString(w, tt.body)
			}))
			t.Cleanup(srv.Close)
			client := &http.Client{Transport: &transport.Retry{Base: http.DefaultTransport, Policy: fastPolicy}}
			req, _ := http.NewRequestWithContext(t.Context(), "GET", srv.URL+"/admin/directory/v1/users", nil)
			resp, err := client.Do(req)
			if err != nil {
				t.Fatalf("Do() error = %v", err)
			}
			if got := readAll(resp); got != tt.body {
				t.Errorf("body = %q, want %q (restored for the caller)", got, tt.body)
			}
			if resp.StatusCode != tt.status {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.status)
			}
			if got := int(calls.Load()); got != tt.wantCalls {
				t.Errorf("server saw %d requests, want %d", got, tt.wantCalls)
			}
		})
	}
}

// TestRetrySucceedsAfterTransient checks that the caller gets the eventual
// success and never sees the transient answers.
func TestRetrySucceedsAfterTransient(t *testing.T) {
	t.Parallel()
	s := &script{steps: []step{{status: 503, body: envelope(503, "backendError")}, {status: 429}, {status: 200, body: `{"ok":true}`}}}
	client := &http.Client{Transport: &transport.Retry{Base: s, Policy: fastPolicy}}
	req, _ := http.NewRequestWithContext(t.Context(), "GET", "https://admin.googleapis.com/admin/directory/v1/users", nil)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if got := readAll(resp); resp.StatusCode != 200 || got != `{"ok":true}` {
		t.Errorf("got %d %q, want 200 {\"ok\":true}", resp.StatusCode, got)
	}
	if s.calls() != 3 {
		t.Errorf("calls = %d, want 3", s.calls())
	}
}

// TestRetryBackoffTiming checks rule W2's schedule with a fake clock:
// 1 s doubling, capped at Max, no retry past MaxAttempts.
func TestRetryBackoffTiming(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		policy transport.Policy
		want   []time.Duration
	}{
		{"W2 defaults: 1s doubling", transport.Policy{MaxAttempts: 6, Initial: time.Second, Max: 32 * time.Second, Multiplier: 2},
			[]time.Duration{0, 1 * time.Second, 3 * time.Second, 7 * time.Second, 15 * time.Second, 31 * time.Second}},
		{"W2 capped at Max", transport.Policy{MaxAttempts: 6, Initial: time.Second, Max: 4 * time.Second, Multiplier: 2},
			[]time.Duration{0, 1 * time.Second, 3 * time.Second, 7 * time.Second, 11 * time.Second, 15 * time.Second}},
		{"W2 three attempts, multiplier 3", transport.Policy{MaxAttempts: 3, Initial: 500 * time.Millisecond, Max: time.Minute, Multiplier: 3},
			[]time.Duration{0, 500 * time.Millisecond, 2 * time.Second}},
		{"one attempt", transport.Policy{MaxAttempts: 1, Initial: time.Second, Max: time.Second, Multiplier: 2},
			[]time.Duration{0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				s := &script{steps: []step{{status: 503}}}
				rt := &transport.Retry{Base: s, Policy: tt.policy, Jitter: noJitter}
				start := time.Now()
				get(t, rt, "https://admin.googleapis.com/x")
				if diff := cmp.Diff(tt.want, s.offsets(start)); diff != "" {
					t.Errorf("request times mismatch (-want +got):\n%s", diff)
				}
			})
		})
	}
}

// TestRetryJitterBoundsW2 checks that the default jitter stays within
// [0, min(Initial, 1s)) on top of the exponential pause (rule W2).
func TestRetryJitterBoundsW2(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := &script{steps: []step{{status: 503}}}
		p := transport.Policy{MaxAttempts: 6, Initial: time.Second, Max: 32 * time.Second, Multiplier: 2}
		rt := &transport.Retry{Base: s, Policy: p}
		start := time.Now()
		get(t, rt, "https://admin.googleapis.com/x")
		off := s.offsets(start)
		base := time.Second
		for i := 1; i < len(off); i++ {
			pause := off[i] - off[i-1]
			if pause < base || pause >= base+time.Second {
				t.Errorf("pause %d = %v, want in [%v, %v)", i, pause, base, base+time.Second)
			}
			base *= 2
		}
	})
}

// TestRetryAfter checks that Retry-After (seconds or HTTP date) replaces a
// shorter pause, and that one beyond Max is returned instead of waited for.
func TestRetryAfter(t *testing.T) {
	t.Parallel()
	policy := transport.Policy{MaxAttempts: 4, Initial: time.Second, Max: 30 * time.Second, Multiplier: 2}
	tests := []struct {
		name       string
		retryAfter func(now time.Time) string
		want       []time.Duration
		wantStatus int
	}{
		{"W2 seconds", func(time.Time) string { return "5" }, []time.Duration{0, 5 * time.Second}, 200},
		{"W2 HTTP date", func(now time.Time) string { return now.Add(12 * time.Second).UTC().Format(http.TimeFormat) },
			[]time.Duration{0, 12 * time.Second}, 200},
		{"W2 shorter than the backoff keeps the backoff", func(time.Time) string { return "0" }, []time.Duration{0, time.Second}, 200},
		{"W2 beyond Max is not waited for", func(time.Time) string { return "120" }, []time.Duration{0}, 429},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				start := time.Now()
				s := &script{steps: []step{{status: 429, body: envelope(429, "rateLimitExceeded"), retryAfter: tt.retryAfter(start)}, {status: 200}}}
				rt := &transport.Retry{Base: s, Policy: policy, Jitter: noJitter}
				status := get(t, rt, "https://admin.googleapis.com/x")
				if status != tt.wantStatus {
					t.Errorf("status = %d, want %d", status, tt.wantStatus)
				}
				if diff := cmp.Diff(tt.want, s.offsets(start)); diff != "" {
					t.Errorf("request times mismatch (-want +got):\n%s", diff)
				}
			})
		})
	}
}

// TestRetryDeadlineW2 checks rule W2's stop at the context deadline: a pause
// that would pass it is not taken and the last answer is returned at once.
func TestRetryDeadlineW2(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), 2500*time.Millisecond)
		defer cancel()
		s := &script{steps: []step{{status: 503, body: envelope(503, "backendError")}}}
		policy := transport.Policy{MaxAttempts: 6, Initial: time.Second, Max: 32 * time.Second, Multiplier: 2}
		rt := &transport.Retry{Base: s, Policy: policy, Jitter: noJitter}
		start := time.Now()
		resp, err := rt.RoundTrip(mustRequest("GET", "https://admin.googleapis.com/x", nil).WithContext(ctx))
		if err != nil {
			t.Fatalf("RoundTrip error = %v, want the last 503", err)
		}
		if got := readAll(resp); resp.StatusCode != 503 || got != envelope(503, "backendError") {
			t.Errorf("got %d %q, want the last 503 answer", resp.StatusCode, got)
		}
		if elapsed := time.Since(start); elapsed != time.Second {
			t.Errorf("returned after %v, want 1s (the second pause of 2s would pass the 2.5s deadline)", elapsed)
		}
		if s.calls() != 2 {
			t.Errorf("calls = %d, want 2", s.calls())
		}
	})
}

// TestRetryCanceledWhilePausingW2 checks that cancelling the context ends a
// pause at once with the context's error.
func TestRetryCanceledWhilePausingW2(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		s := &script{steps: []step{{status: 503}}}
		policy := transport.Policy{MaxAttempts: 6, Initial: 10 * time.Second, Max: 32 * time.Second, Multiplier: 2}
		rt := &transport.Retry{Base: s, Policy: policy, Jitter: noJitter}
		time.AfterFunc(3*time.Second, cancel)
		start := time.Now()
		_, err := rt.RoundTrip(mustRequest("GET", "https://admin.googleapis.com/x", nil).WithContext(ctx))
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
		if elapsed := time.Since(start); elapsed != 3*time.Second {
			t.Errorf("returned after %v, want 3s", elapsed)
		}
	})
}

// TestRetryReplaysBodyW4 checks that each attempt sends the whole body again
// (from GetBody): a POST refused by throttling (429) is resent.
func TestRetryReplaysBodyW4(t *testing.T) {
	t.Parallel()
	body := []byte(`{"roleId":"123","assignedTo":"456","scopeType":"CUSTOMER"}`)
	var got []string
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = append(got, string(b))
		if calls.Add(1) < 3 {
			w.WriteHeader(429)
			return
		}
		io.WriteString(w, `{}`)
	}))
	t.Cleanup(srv.Close)
	client := &http.Client{Transport: &transport.Retry{Base: http.DefaultTransport, Policy: fastPolicy}}
	req, _ := http.NewRequestWithContext(t.Context(), "POST", srv.URL+"/admin/directory/v1/customer/my_customer/roleassignments", bytes.NewReader(body))
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	want := []string{string(body), string(body), string(body)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("bodies received mismatch (-want +got):\n%s", diff)
	}
}

// TestRetryPostLostAnswerW1 checks that a POST whose answer leaves open
// whether it was applied is not resent blindly, while an idempotent method
// is, and that both record the lost answer in the context's Trace; answers
// that say the POST was refused (429, a refused connection) are resent
// without marking the Trace.
func TestRetryPostLostAnswerW1(t *testing.T) {
	t.Parallel()
	reset := &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	refusedDial := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	tests := []struct {
		name      string
		method    string
		first     step
		wantCalls int
		wantLost  bool
	}{
		{"POST 503 is returned", "POST", step{status: 503}, 1, true},
		{"POST 500 is returned", "POST", step{status: 500}, 1, true},
		{"POST reset is returned", "POST", step{err: reset}, 1, true},
		{"POST 429 is resent", "POST", step{status: 429}, 2, false},
		{"POST refused connection is resent", "POST", step{err: refusedDial}, 2, false},
		{"DELETE 503 is resent", "DELETE", step{status: 503}, 2, true},
		{"PATCH reset is resent", "PATCH", step{err: reset}, 2, true},
		{"GET 503 is resent", "GET", step{status: 503}, 2, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := &script{steps: []step{tt.first, {status: 200, body: "{}"}}}
			rt := &transport.Retry{Base: s, Policy: fastPolicy}
			ctx, trace := transport.WithTrace(t.Context())
			resp, err := rt.RoundTrip(mustRequest(tt.method, "https://admin.googleapis.com/admin/directory/v1/users", []byte(`{}`)).WithContext(ctx))
			if err == nil {
				resp.Body.Close()
			}
			if s.calls() != tt.wantCalls {
				t.Errorf("calls = %d, want %d", s.calls(), tt.wantCalls)
			}
			if trace.Lost() != tt.wantLost {
				t.Errorf("trace.Lost() = %v, want %v", trace.Lost(), tt.wantLost)
			}
		})
	}
}

// TestRetryWithoutGetBody checks that a body that cannot be replayed is
// sent once, even when the answer is transient.
func TestRetryWithoutGetBody(t *testing.T) {
	t.Parallel()
	s := &script{steps: []step{{status: 503}}}
	rt := &transport.Retry{Base: s, Policy: fastPolicy}
	req := mustRequest("POST", "https://cloudsupport.googleapis.com/upload/v2/x", nil).WithContext(t.Context())
	req.Body = io.NopCloser(strings.NewReader("streamed"))
	req.GetBody = nil
	resp, err := rt.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if s.calls() != 1 {
		t.Errorf("calls = %d, want 1", s.calls())
	}
}

// TestRetryNetworkErrorsW1 checks that connection failures are retried and a
// cancelled context is not.
func TestRetryNetworkErrorsW1(t *testing.T) {
	t.Parallel()
	reset := &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	tests := []struct {
		name      string
		steps     []step
		wantCalls int
		wantErr   error
	}{
		{"W1 reset then success", []step{{err: reset}, {status: 200}}, 2, nil},
		{"W1 unexpected EOF then success", []step{{err: io.ErrUnexpectedEOF}, {status: 200}}, 2, nil},
		{"W1 resets until attempts run out", []step{{err: reset}}, 3, syscall.ECONNRESET},
		{"canceled context not retried", []step{{err: context.Canceled}}, 1, context.Canceled},
		{"unknown error not retried", []step{{err: errors.New("x509: certificate signed by unknown authority")}}, 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := &script{steps: tt.steps}
			rt := &transport.Retry{Base: s, Policy: fastPolicy}
			resp, err := rt.RoundTrip(mustRequest("GET", "https://admin.googleapis.com/x", nil).WithContext(t.Context()))
			if resp != nil {
				resp.Body.Close()
			}
			if s.calls() != tt.wantCalls {
				t.Errorf("calls = %d, want %d", s.calls(), tt.wantCalls)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("err = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

// countingSource hands out "tok-1", "tok-2", ...
type countingSource struct{ n atomic.Int32 }

func (s *countingSource) Token() (*oauth2.Token, error) {
	n := s.n.Add(1)
	return &oauth2.Token{AccessToken: "tok-" + string(rune('0'+n)), Expiry: time.Now().Add(time.Hour)}, nil
}

// TestRetry401RefreshesOnceW1 checks rule W1's "401 after one token refresh":
// the cached token is dropped and the request sent once more with a new
// one; a second 401 is returned.
func TestRetry401RefreshesOnceW1(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		steps      []step
		wantStatus int
		wantTokens []string
	}{
		{"refresh then success", []step{{status: 401, body: envelope(401, "authError")}, {status: 200}}, 200, []string{"Bearer tok-1", "Bearer tok-2"}},
		{"second 401 returned", []step{{status: 401, body: envelope(401, "authError")}}, 401, []string{"Bearer tok-1", "Bearer tok-2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			src := &countingSource{}
			cache := transport.NewTokenCache(nil, func() (oauth2.TokenSource, error) { return src, nil })
			s := &script{steps: tt.steps}
			rt := &transport.Retry{Base: &oauth2.Transport{Source: cache, Base: s}, Policy: fastPolicy, Refresh: cache.Invalidate}
			status := get(t, rt, "https://admin.googleapis.com/x")
			if status != tt.wantStatus {
				t.Errorf("status = %d, want %d", status, tt.wantStatus)
			}
			var got []string
			for _, r := range s.reqs {
				got = append(got, r.Header.Get("Authorization"))
			}
			if diff := cmp.Diff(tt.wantTokens, got); diff != "" {
				t.Errorf("Authorization per attempt mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRetryRestoresLargeBody checks that an error body beyond the 1 MiB
// classification window reaches the caller whole.
func TestRetryRestoresLargeBody(t *testing.T) {
	t.Parallel()
	big := `{"error":{"code":400,"message":"` + strings.Repeat("x", 3<<19) + `"}}`
	s := &script{steps: []step{{status: 400, body: big}}}
	rt := &transport.Retry{Base: s, Policy: fastPolicy}
	resp, err := rt.RoundTrip(mustRequest("GET", "https://admin.googleapis.com/x", nil).WithContext(t.Context()))
	if err != nil {
		t.Fatal(err)
	}
	if got := readAll(resp); got != big {
		t.Errorf("body has %d bytes, want %d", len(got), len(big))
	}
}

// TestRetryAttemptInContext checks that each attempt carries its number for
// the Log layer.
func TestRetryAttemptInContext(t *testing.T) {
	t.Parallel()
	s := &script{steps: []step{{status: 503}, {status: 503}, {status: 200}}}
	rt := &transport.Retry{Base: s, Policy: fastPolicy}
	get(t, rt, "https://admin.googleapis.com/x")
	var got []int
	for _, r := range s.reqs {
		got = append(got, transport.Attempt(r.Context()))
	}
	if diff := cmp.Diff([]int{1, 2, 3}, got); diff != "" {
		t.Errorf("attempts mismatch (-want +got):\n%s", diff)
	}
}
