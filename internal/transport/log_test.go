package transport_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit/internal/transport"
)

// TestLogNeverRecordsHeadersOrQueryW6 checks rule W6 for the Log layer: the
// Authorization value and the query string never reach the log.
func TestLogNeverRecordsHeadersOrQueryW6(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s := &script{steps: []step{{status: 403, body: envelope(403, "forbidden")}}}
	rt := &transport.Log{Base: s, Logger: logger}
	req := mustRequest("GET", "https://admin.googleapis.com/admin/directory/v1/users?customer=my_customer&access_token=ya29.QUERYSECRET", nil).WithContext(t.Context())
	req.Header.Set("Authorization", "Bearer ya29.SECRET")
	resp, err := rt.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	out := buf.String()
	for _, secret := range []string{"ya29.SECRET", "ya29.QUERYSECRET", "my_customer", "Authorization", "Bearer"} {
		if strings.Contains(out, secret) {
			t.Errorf("log contains %q:\n%s", secret, out)
		}
	}
	var rec map[string]any
	if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
		t.Fatalf("log is not one JSON record: %v\n%s", err, out)
	}
	got := map[string]any{"method": rec["method"], "host": rec["host"], "path": rec["path"], "status": rec["status"], "attempt": rec["attempt"], "level": rec["level"]}
	want := map[string]any{"method": "GET", "host": "admin.googleapis.com", "path": "/admin/directory/v1/users", "status": 403.0, "attempt": 0.0, "level": "DEBUG"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("log record mismatch (-want +got):\n%s", diff)
	}
}

// TestLogDisabledLevel checks that nothing is formatted when Debug is off.
func TestLogDisabledLevel(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo}))
	s := &script{steps: []step{{status: 200}}}
	rt := &transport.Log{Base: s, Logger: logger}
	get(t, rt, "https://admin.googleapis.com/x")
	if buf.Len() != 0 {
		t.Errorf("log = %q, want nothing at Info level", buf.String())
	}
}
