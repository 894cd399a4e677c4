package transport

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/resellerkit/resellerkit/internal/gapi"
)

// Policy is the backoff of the Retry layer (rule W2). All fields must be
// set; the root package fills its defaults.
type Policy struct {
	MaxAttempts int           // sends in all, the first included
	Initial     time.Duration // pause before the second send
	Max         time.Duration // cap on the exponential part of a pause
	Multiplier  float64       // growth of the pause per retry
}

// maxErrorBody bounds how much of an error response is read to classify it.
const maxErrorBody = 1 << 20

// Retry sends a request again when the answer is transient (rule W1: 429,
// throttling 403s, 500 other than a duplicate, 502, 503, 504, network
// failures), with exponential backoff and jitter (rule W2), per request so
// that a listing is never restarted (rule W4).
//
//   - The pause before retry n (n = 0 for the second send) is
//     min(Initial × Multiplierⁿ, Max) plus a random jitter in
//     [0, min(Initial, 1s)), Google's recommended "2ⁿ s plus up to 1,000 ms".
//   - A Retry-After longer than that pause replaces it; one longer than Max
//     is not waited for: the answer is returned so the caller sees it.
//   - A pause that would end after the context's deadline is not taken: the
//     last answer is returned instead.
//   - A request with a body is sent again only when GetBody can replay it.
//   - An answer that leaves open whether the request was applied (a 5xx,
//     or a network failure once the connection was made) is resent only
//     for an idempotent method (GET, HEAD, OPTIONS, PUT, PATCH, DELETE).
//     A POST, Google's verb for insert, create and the case actions, is
//     returned to the caller, who finds out whether it landed before
//     sending it again (package idem). Answers that say the request was
//     refused before it was applied (429, throttling 403s, a refused
//     connection) are resent for every method.
//   - Every ambiguous answer is recorded in the request context's [Trace],
//     so that a caller whose resent DELETE meets 404 knows it may be its
//     own earlier delete.
//   - A 401 is sent again once, at once, after Refresh (when set) dropped
//     the cached token; a second 401 is returned.
//   - Everything else (400, permission 403s, 404, 409, 412, Google's 500
//     "role assignment exists", a canceled context) is returned at once.
//
// Error responses are read (up to 1 MiB) to be classified; the body is
// restored for the caller.
type Retry struct {
	Base    http.RoundTripper
	Policy  Policy
	Refresh func()
	Logger  *slog.Logger
	// Jitter returns a random duration in [0, max); nil means uniform.
	Jitter func(max time.Duration) time.Duration
}

// RoundTrip implements http.RoundTripper.
func (t *Retry) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	replayable := req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
	refreshed := false
	backoffs := 0
	for attempt := 1; ; attempt++ {
		r, err := t.prepare(req, attempt)
		if err != nil {
			return nil, err
		}
		resp, err := t.Base.RoundTrip(r)

		var res gapi.Result
		if err != nil {
			res = gapi.FromError(err, time.Now())
		} else {
			if resp.StatusCode < 400 {
				return resp, nil
			}
			res = classifyResponse(resp)
		}
		last := attempt >= t.Policy.MaxAttempts || !replayable
		if res.Class.Transient() && !refused(res, err) {
			traceOf(ctx).markLost()
			if !idempotent(req.Method) {
				last = true
			}
		}

		if err == nil && resp.StatusCode == http.StatusUnauthorized {
			if last || refreshed || t.Refresh == nil {
				return resp, nil
			}
			refreshed = true
			t.Refresh()
			t.log(ctx, req, attempt, res, 0, "retrying after refreshing the token")
			discard(resp)
			continue
		}
		if last || !res.Class.Transient() {
			return resp, err
		}

		pause := t.pause(backoffs)
		if res.RetryAfter > 0 {
			if res.RetryAfter > t.Policy.Max {
				t.log(ctx, req, attempt, res, res.RetryAfter, "not retrying: Retry-After exceeds the policy's maximum pause")
				return resp, err
			}
			pause = max(pause, res.RetryAfter)
		}
		if dl, ok := ctx.Deadline(); ok && time.Now().Add(pause).After(dl) {
			t.log(ctx, req, attempt, res, pause, "not retrying: the pause would pass the context deadline")
			return resp, err
		}
		t.log(ctx, req, attempt, res, pause, "retrying")
		if resp != nil {
			discard(resp)
		}
		backoffs++
		timer := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil, ctx.Err()
		case <-timer.C:
		}
	}
}

// refused reports whether an answer says the request was not applied:
// throttled before it ran, or never delivered.
func refused(res gapi.Result, err error) bool {
	return res.Class == gapi.RateLimited || gapi.NotSent(err)
}

// idempotent reports whether sending a request of this method twice has
// the effect of sending it once (RFC 9110, section 9.2.2).
func idempotent(method string) bool {
	switch method {
	case "", http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodPatch, http.MethodDelete:
		return true
	}
	return false
}

// prepare returns the request to send as attempt n: the caller's request
// (with the attempt number in its context) first, then clones with a body
// replayed by GetBody.
func (t *Retry) prepare(req *http.Request, attempt int) (*http.Request, error) {
	ctx := withAttempt(req.Context(), attempt)
	if attempt == 1 {
		return req.WithContext(ctx), nil
	}
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	r := req.Clone(ctx)
	if req.Body != nil && req.Body != http.NoBody {
		body, err := req.GetBody()
		if err != nil {
			return nil, err
		}
		r.Body = body
	}
	return r, nil
}

// pause is the exponential part plus jitter for the n-th retry (n from 0).
func (t *Retry) pause(n int) time.Duration { return t.Policy.Backoff(n, t.Jitter) }

// Backoff is the pause before resend n (n = 0 for the second send):
// min(Initial × Multiplierⁿ, Max) plus a jitter in [0, min(Initial, 1s))
// drawn by jitter (nil means uniform).
func (p Policy) Backoff(n int, jitter func(max time.Duration) time.Duration) time.Duration {
	d := float64(p.Initial) * math.Pow(p.Multiplier, float64(n))
	base := p.Max
	if d < float64(p.Max) {
		base = time.Duration(d)
	}
	jmax := min(p.Initial, time.Second)
	if jmax <= 0 {
		return base
	}
	if jitter == nil {
		jitter = uniformJitter
	}
	return base + jitter(jmax)
}

func uniformJitter(max time.Duration) time.Duration { return rand.N(max) }

func (t *Retry) log(ctx context.Context, req *http.Request, attempt int, res gapi.Result, pause time.Duration, msg string) {
	if t.Logger == nil {
		return
	}
	t.Logger.LogAttrs(ctx, slog.LevelInfo, "resellerkit: "+msg,
		slog.String("method", req.Method),
		slog.String("host", req.URL.Host),
		slog.String("path", req.URL.Path),
		slog.Int("attempt", attempt),
		slog.Int("status", res.Status),
		slog.String("class", res.Class.String()),
		slog.String("reason", res.Reason),
		slog.Duration("pause", pause),
	)
}

// classifyResponse reads up to maxErrorBody of an error response, classifies
// it, and puts the body back so the caller reads it whole.
func classifyResponse(resp *http.Response) gapi.Result {
	if resp.Body == nil || resp.Body == http.NoBody {
		return gapi.FromResponse(resp.StatusCode, resp.Header, nil, time.Now())
	}
	buf, err := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody+1))
	orig := resp.Body
	switch {
	case err != nil:
		resp.Body = readCloser{io.MultiReader(bytes.NewReader(buf), errReader{err}), orig}
	case len(buf) > maxErrorBody:
		resp.Body = readCloser{io.MultiReader(bytes.NewReader(buf), orig), orig}
		buf = buf[:maxErrorBody]
	default:
		orig.Close()
		resp.Body = io.NopCloser(bytes.NewReader(buf))
	}
	return gapi.FromResponse(resp.StatusCode, resp.Header, buf, time.Now())
}

// discard drains a little of a response that will not be returned and
// closes it, so its connection can be reused.
func discard(resp *http.Response) {
	if resp == nil || resp.Body == nil {
		return
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
}

type readCloser struct {
	io.Reader
	io.Closer
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }
