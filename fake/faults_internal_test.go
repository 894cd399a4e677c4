package fake

import (
	"context"
	"math"
	"net/http"
	"slices"
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

// fires calls method n times, as the Server does (injectFault) or, for a
// lost answer, as a successful write does (answerLost), and reports which
// calls a fault fired on.
func fires(t *testing.T, w *World, method string, afterApply bool, n int) []bool {
	t.Helper()
	out := make([]bool, n)
	for i := range out {
		if afterApply {
			w.mu.Lock()
			out[i] = w.answerLost(method) != nil
			w.mu.Unlock()
		} else {
			out[i] = w.injectFault(t.Context(), method) != nil
		}
	}
	return out
}

func rate(fired []bool) float64 {
	n := 0
	for _, f := range fired {
		if f {
			n++
		}
	}
	return float64(n) / float64(len(fired))
}

// TestFaultProbability: a fault with a Probability fires on about that
// fraction of 10,000 matching calls, before the call or, with AfterApply,
// as a lost answer; 0, 1 and values outside [0, 1] fire on every call.
func TestFaultProbability(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		p          float64
		afterApply bool
		want       float64
	}{
		{0.1, false, 0.1},
		{0.3, false, 0.3},
		{0.1, true, 0.1},
		{0.5, true, 0.5},
		{0, false, 1},
		{1, false, 1},
		{1.5, false, 1},
		{-0.2, true, 1},
		{math.NaN(), false, 1},
	} {
		w, _ := NewWorld(Seed{})
		w.SetFaultSeed(20260105)
		w.Fail(Fault{Method: "directory.users.insert", Status: 503, Probability: tt.p, AfterApply: tt.afterApply})
		got := rate(fires(t, w, "directory.users.insert", tt.afterApply, 10000))
		if math.Abs(got-tt.want) > 0.015 {
			t.Errorf("Probability %v (AfterApply %v): fired on %.4f of the calls, want %.2f", tt.p, tt.afterApply, got, tt.want)
		}
	}
}

// TestFaultProbabilitySkipCount: Skip counts every matching call before
// the draws begin; Count counts only the calls the fault fired on.
func TestFaultProbabilitySkipCount(t *testing.T) {
	t.Parallel()
	w, _ := NewWorld(Seed{})
	w.Fail(Fault{Method: "directory.users.get", Status: 503, Skip: 20, Count: 30, Probability: 0.5})
	fired := fires(t, w, "directory.users.get", false, 1000)
	if slices.Contains(fired[:20], true) {
		t.Errorf("the fault fired within Skip")
	}
	if n := len(slices.DeleteFunc(fired, func(f bool) bool { return !f })); n != 30 || w.FaultsPending() != 0 {
		t.Errorf("fired %d times, %d faults left; want 30 and the fault gone", n, w.FaultsPending())
	}
}

// TestFaultSeed: with the same seed, the same calls fire the same faults,
// AfterApply ones included; another seed draws another sequence, and
// SetFaultSeed starts the sequence again.
func TestFaultSeed(t *testing.T) {
	t.Parallel()
	run := func(seed uint64) (before, lost []bool) {
		w, _ := NewWorld(Seed{})
		w.SetFaultSeed(seed)
		w.Fail(Fault{Method: "directory.users.get", Status: 503, Probability: 0.2})
		w.Fail(Fault{Method: "directory.users.insert", Status: 503, Probability: 0.1, AfterApply: true})
		for range 500 {
			before = append(before, fires(t, w, "directory.users.get", false, 1)...)
			lost = append(lost, fires(t, w, "directory.users.insert", true, 1)...)
		}
		return before, lost
	}
	b1, l1 := run(7)
	b2, l2 := run(7)
	if !slices.Equal(b1, b2) || !slices.Equal(l1, l2) {
		t.Errorf("the same seed fired different faults")
	}
	if b3, l3 := run(8); slices.Equal(b1, b3) && slices.Equal(l1, l3) {
		t.Errorf("seeds 7 and 8 fired the same faults")
	}
	w, _ := NewWorld(Seed{})
	w.Fail(Fault{Method: "directory.users.get", Status: 503, Probability: 0.2})
	w.SetFaultSeed(7)
	first := fires(t, w, "directory.users.get", false, 100)
	w.SetFaultSeed(7)
	if again := fires(t, w, "directory.users.get", false, 100); !slices.Equal(first, again) {
		t.Errorf("SetFaultSeed did not restart the sequence")
	}
}
