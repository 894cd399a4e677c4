package fake

import (
	"context"
	"net/http"
	"testing"
	"time"
)

func TestInjectFault(t *testing.T) {
	t.Parallel()
	w, _ := NewWorld(Seed{})
	w.Fail(Fault{Method: "directory.users.get", Status: http.StatusServiceUnavailable, Count: 1})
	if e := w.injectFault(t.Context(), "directory.users.list"); e != nil {
		t.Errorf("another method got %v", e)
	}
	if e := w.injectFault(t.Context(), "directory.users.get"); e == nil || e.Code != 503 || e.Reason != "backendError" {
		t.Errorf("injectFault = %v, want 503 backendError", e)
	}
	if e := w.injectFault(t.Context(), "directory.users.get"); e != nil || w.FaultsPending() != 0 {
		t.Errorf("the Count 1 fault fired twice or stayed: %v, %d", e, w.FaultsPending())
	}
	remove := w.Fail(Fault{Method: "*", Latency: time.Hour})
	defer remove()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Millisecond)
	defer cancel()
	if e := w.injectFault(ctx, "licensing.licenseAssignments.get"); e == nil {
		t.Errorf("a canceled wait returned no error")
	}
}
