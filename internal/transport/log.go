package transport

import (
	"log/slog"
	"net/http"
	"time"
)

// Log records each HTTP exchange at slog.LevelDebug: method, URL path (never
// the query), status or transport error, attempt number and duration. It
// never records a header, so the Authorization value cannot reach the log.
type Log struct {
	Base   http.RoundTripper
	Logger *slog.Logger
}

// RoundTrip implements http.RoundTripper.
func (t *Log) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if t.Logger == nil || !t.Logger.Enabled(ctx, slog.LevelDebug) {
		return t.Base.RoundTrip(req)
	}
	start := time.Now()
	resp, err := t.Base.RoundTrip(req)
	attrs := []slog.Attr{
		slog.String("method", req.Method),
		slog.String("host", req.URL.Host),
		slog.String("path", req.URL.Path),
		slog.Int("attempt", Attempt(ctx)),
		slog.Duration("duration", time.Since(start)),
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	} else {
		attrs = append(attrs, slog.Int("status", resp.StatusCode))
	}
	t.Logger.LogAttrs(ctx, slog.LevelDebug, "resellerkit: http request", attrs...)
	return resp, err
}
