package transport

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"golang.org/x/time/rate"
)

// Route sends the requests whose URL has the given scheme, host and path
// prefix through Limiter (rule W3: one limiter per API, so bulk work runs
// at the quota and not into it).
type Route struct {
	Scheme     string
	Host       string
	PathPrefix string
	Limiter    *rate.Limiter
}

// Pace waits for the limiter of the first Route matching a request before
// sending it. Requests no route matches are sent at once.
type Pace struct {
	Base   http.RoundTripper
	Routes []Route
}

// RoundTrip implements http.RoundTripper.
func (t *Pace) RoundTrip(req *http.Request) (*http.Response, error) {
	if lim := t.limiterFor(req); lim != nil {
		if err := lim.Wait(req.Context()); err != nil {
			closeBody(req)
			if ctxErr := req.Context().Err(); ctxErr != nil {
				return nil, ctxErr
			}
			// Wait refuses when the wait would pass the deadline; that is
			// the deadline's doing, so say so in a way errors.Is sees.
			return nil, fmt.Errorf("pacing: the next free slot is after the context deadline: %w", context.DeadlineExceeded)
		}
	}
	return t.Base.RoundTrip(req)
}

func (t *Pace) limiterFor(req *http.Request) *rate.Limiter {
	u := req.URL
	for _, r := range t.Routes {
		if r.Limiter != nil && strings.EqualFold(r.Scheme, u.Scheme) && strings.EqualFold(r.Host, u.Host) &&
			strings.HasPrefix(u.Path, r.PathPrefix) {
			return r.Limiter
		}
	}
	return nil
}

// NewLimiter returns a limiter for perMinute queries per minute, with a
// burst of one second's worth (at least 1), or nil for 0 (unpaced).
func NewLimiter(perMinute int) *rate.Limiter {
	if perMinute <= 0 {
		return nil
	}
	burst := (perMinute + 59) / 60
	return rate.NewLimiter(rate.Limit(float64(perMinute)/60), burst)
}

func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}
