package fake

import (
	"context"
	"net/http"
	"slices"
	"time"
)

// Fault makes calls of one API method fail or slow down, in the World, so
// it applies both to the Server and to direct backends. Faults are matched
// in the order they were added; the first that fires decides.
type Fault struct {
	// Method is a discovery method ID ("directory.users.get",
	// "licensing.licenseAssignments.insert") or "*" for every method.
	Method string
	// Status is the HTTP status to answer; 0 adds Latency only.
	Status int
	// Reason is errors[0].reason; "" picks Google's usual reason for Status
	// (403 forbidden, 429 rateLimitExceeded, 500 backendError, 503
	// backendError, ...).
	Reason  string
	Message string
	// Skip lets that many matching calls through before the fault fires,
	// to fail the middle of a bulk job.
	Skip int
	// Count is how many calls fail; 0 means until removed.
	Count int
	// Latency is added before the call is answered.
	Latency time.Duration
	// RetryAfter, when positive, is sent as a Retry-After header.
	RetryAfter time.Duration
}

type faultSet struct {
	list []*faultEntry
}

type faultEntry struct {
	f       Fault
	skipped int
	fired   int
}

// Fail adds a fault and returns a function that removes it. A fault with a
// Count removes itself after firing Count times.
func (w *World) Fail(f Fault) (remove func()) {
	w.mu.Lock()
	defer w.mu.Unlock()
	e := &faultEntry{f: f}
	w.faults.list = append(w.faults.list, e)
	return func() {
		w.mu.Lock()
		defer w.mu.Unlock()
		w.faults.list = slices.DeleteFunc(w.faults.list, func(x *faultEntry) bool { return x == e })
	}
}

// FaultsPending returns how many faults are still installed.
func (w *World) FaultsPending() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.faults.list)
}

func defaultReason(status int) string {
	switch status {
	case 400:
		return "invalid"
	case 401:
		return "authError"
	case 403:
		return "forbidden"
	case 404:
		return "notFound"
	case 409:
		return "duplicate"
	case 412:
		return "conditionNotMet"
	case 429:
		return "rateLimitExceeded"
	case 500, 503:
		return "backendError"
	case 502:
		return "badGateway"
	case 504:
		return "gatewayTimeout"
	}
	return "unknown"
}

// injectFault applies the faults installed for method: it waits out their
// latency (giving up when ctx ends) and returns the error to answer, or nil
// to proceed. Direct backends call it first in every operation, with the
// operation's discovery method ID, so faults hit them as they hit the
// Server.
func (w *World) injectFault(ctx context.Context, method string) *APIError {
	w.mu.Lock()
	var latency time.Duration
	var fire *faultEntry
	for _, e := range w.faults.list {
		if e.f.Method != method && e.f.Method != "*" {
			continue
		}
		if e.skipped < e.f.Skip {
			e.skipped++
			continue
		}
		latency += e.f.Latency
		if e.f.Status == 0 {
			continue
		}
		fire = e
		e.fired++
		if e.f.Count > 0 && e.fired >= e.f.Count {
			w.faults.list = slices.DeleteFunc(w.faults.list, func(x *faultEntry) bool { return x == e })
		}
		break
	}
	w.mu.Unlock()
	if latency > 0 {
		t := time.NewTimer(latency)
		select {
		case <-ctx.Done():
			t.Stop()
			return &APIError{Code: http.StatusServiceUnavailable, Reason: "backendError", Message: "fake: the request was canceled during injected latency"}
		case <-t.C:
		}
	}
	if fire == nil {
		return nil
	}
	f := fire.f
	e := &APIError{Code: f.Status, Reason: f.Reason, Message: f.Message, RetryAfter: f.RetryAfter}
	if e.Reason == "" {
		e.Reason = defaultReason(f.Status)
	}
	if e.Message == "" {
		e.Message = "fake: injected fault for " + method
	}
	return e
}
