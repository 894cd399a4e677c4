package fake

import (
	"context"
	"math/rand/v2"
	"net/http"
	"slices"
	"time"
)

// Fault makes calls of one API method fail or slow down. Faults live in the
// World ([World.Fail], or [Server.Fail]), so every Server of the World
// serves them. They are matched in the order they were added; the first
// that fires decides.
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
	// Probability, when strictly between 0 and 1, makes the fault fire on
	// that fraction of the matching calls past Skip, each drawn at random,
	// for soak tests (10% transient errors; with AfterApply, a random 10%
	// of writes losing their answer). [World.SetFaultSeed] makes the draws
	// reproducible. A call the draw lets through does not count toward
	// Count. Any other value fires on every matching call: 0 and 1, and
	// also values outside [0, 1] and NaN, taken as 1: Fail has no error to
	// return, and a fault that fires more often than meant shows at once,
	// where one that never fired would silently test nothing. The Latency
	// of an AfterApply fault is added to every matching call past Skip,
	// whether or not its answer is then lost.
	Probability float64
	// Latency is added before the call is answered.
	Latency time.Duration
	// RetryAfter, when positive, is sent as a Retry-After header.
	RetryAfter time.Duration
	// AfterApply makes the fault a lost answer: the call runs and its write
	// is applied, then the caller gets the fault's error instead of the
	// answer, as when a response is lost on its way back. A retry then sees
	// its own earlier write (a duplicate, a missing resource), the case
	// that idempotent workflows must handle. Only calls that succeed lose
	// their answer, and Skip counts those calls only. AfterApply is honoured
	// by every write of the Directory, Licensing and Cloud Support APIs; on
	// any other method (reads) the fault fires before the call, as an
	// ordinary fault.
	AfterApply bool
}

type faultSet struct {
	list []*faultEntry
	next int64 // the last fault ID issued
}

type faultEntry struct {
	id      int64 // the control API's name for it (/fake/v1/faults/{id})
	f       Fault
	skipped int
	fired   int
}

// SetFaultSeed seeds the draws of faults with a [Fault.Probability], so the
// same calls in the same order fire the same faults on every run. Without
// it a World draws from a random seed. It restarts the sequence of draws.
func (w *World) SetFaultSeed(seed uint64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.faultRand = newFaultRand(seed)
}

// newFaultRand returns the PCG source of fault draws for seed; the second
// PCG word is a fixed odd constant, so one seed names one sequence.
func newFaultRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
}

// draw decides whether e fires on this call: always, unless its
// Probability is strictly between 0 and 1, when it fires on a random
// draw. w.mu must be held: the draws of a World form one sequence.
func (w *World) draw(e *faultEntry) bool {
	p := e.f.Probability
	if !(p > 0 && p < 1) { // NaN too
		return true
	}
	if w.faultRand == nil {
		w.faultRand = newFaultRand(rand.Uint64())
	}
	return w.faultRand.Float64() < p
}

// Fail adds a fault and returns a function that removes it. A fault with a
// Count removes itself after firing Count times.
func (w *World) Fail(f Fault) (remove func()) {
	id := w.addFault(f)
	return func() { w.removeFault(id) }
}

// addFault installs f and returns its ID, for [World.Fail] and the control
// API's POST /fake/v1/faults.
func (w *World) addFault(f Fault) int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.faults.next++
	w.faults.list = append(w.faults.list, &faultEntry{id: w.faults.next, f: f})
	return w.faults.next
}

// removeFault removes the fault with this ID and reports whether it was
// still installed.
func (w *World) removeFault(id int64) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := len(w.faults.list)
	w.faults.list = slices.DeleteFunc(w.faults.list, func(x *faultEntry) bool { return x.id == id })
	return len(w.faults.list) < n
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

// afterApplyMethods are the methods whose World operation calls
// [World.answerLost] once its write is applied, so that an AfterApply fault
// fires there rather than before the call. A method is listed here only
// together with that call in its operation (TestLostAnswer checks both).
var afterApplyMethods = map[string]bool{
	"directory.users.insert":              true,
	"directory.users.patch":               true,
	"directory.users.update":              true,
	"directory.users.delete":              true,
	"directory.users.aliases.insert":      true,
	"directory.users.aliases.delete":      true,
	"directory.users.makeAdmin":           true,
	"directory.users.undelete":            true,
	"directory.groups.insert":             true,
	"directory.groups.patch":              true,
	"directory.groups.update":             true,
	"directory.groups.delete":             true,
	"directory.members.insert":            true,
	"directory.members.patch":             true,
	"directory.members.update":            true,
	"directory.members.delete":            true,
	"directory.customers.patch":           true,
	"directory.customers.update":          true,
	"directory.orgunits.insert":           true,
	"directory.orgunits.patch":            true,
	"directory.orgunits.update":           true,
	"directory.orgunits.delete":           true,
	"directory.domains.insert":            true,
	"directory.domains.delete":            true,
	"directory.domainAliases.insert":      true,
	"directory.domainAliases.delete":      true,
	"directory.roles.insert":              true,
	"directory.roles.patch":               true,
	"directory.roles.update":              true,
	"directory.roles.delete":              true,
	"directory.roleAssignments.insert":    true,
	"directory.roleAssignments.delete":    true,
	"licensing.licenseAssignments.insert": true,
	"licensing.licenseAssignments.patch":  true,
	"licensing.licenseAssignments.update": true,
	"licensing.licenseAssignments.delete": true,
	"cloudsupport.cases.create":           true,
	"cloudsupport.cases.patch":            true,
	"cloudsupport.cases.close":            true,
	"cloudsupport.cases.escalate":         true,
	"cloudsupport.cases.comments.create":  true,
	"cloudsupport.media.upload":           true,
	// The Reseller API's writes (reseller_writes.go).
	"reseller.customers.insert":                    true,
	"reseller.customers.patch":                     true,
	"reseller.customers.update":                    true,
	"reseller.subscriptions.insert":                true,
	"reseller.subscriptions.changeSeats":           true,
	"reseller.subscriptions.changePlan":            true,
	"reseller.subscriptions.changeRenewalSettings": true,
	"reseller.subscriptions.startPaidService":      true,
	"reseller.subscriptions.suspend":               true,
	"reseller.subscriptions.activate":              true,
	"reseller.subscriptions.delete":                true,
}

// matches reports whether the fault applies to method.
func (e *faultEntry) matches(method string) bool {
	return e.f.Method == method || e.f.Method == "*"
}

// afterApply reports whether the fault fires after the call of method
// rather than before it.
func (e *faultEntry) afterApply(method string) bool {
	return e.f.AfterApply && afterApplyMethods[method]
}

// countFiring counts one firing of e and removes it once it has fired Count
// times. w.mu must be held.
func (w *World) countFiring(e *faultEntry) {
	e.fired++
	if e.f.Count > 0 && e.fired >= e.f.Count {
		w.faults.list = slices.DeleteFunc(w.faults.list, func(x *faultEntry) bool { return x == e })
	}
}

// injectFault applies the faults installed for method that act before the
// call: it waits out their latency (giving up when ctx ends) and returns
// the error to answer, or nil to proceed. The Server calls it for every API
// call, after authentication and quota, with the discovery method ID. A
// lost-answer fault (AfterApply) adds its latency here but fires in the
// operation itself ([World.answerLost]), after the write.
func (w *World) injectFault(ctx context.Context, method string) *apiError {
	w.mu.Lock()
	var latency time.Duration
	var fire *faultEntry
	for _, e := range w.faults.list {
		if !e.matches(method) {
			continue
		}
		if e.afterApply(method) {
			if e.skipped >= e.f.Skip {
				latency += e.f.Latency
			}
			continue
		}
		if e.skipped < e.f.Skip {
			e.skipped++
			continue
		}
		if !w.draw(e) {
			continue
		}
		latency += e.f.Latency
		if e.f.Status == 0 {
			continue
		}
		fire = e
		w.countFiring(e)
		break
	}
	w.mu.Unlock()
	if latency > 0 {
		t := time.NewTimer(latency)
		select {
		case <-ctx.Done():
			t.Stop()
			return &apiError{Code: http.StatusServiceUnavailable, Reason: "backendError", Message: "fake: the request was canceled during injected latency"}
		case <-t.C:
		}
	}
	if fire == nil {
		return nil
	}
	return fire.f.apiError(method, "fake: injected fault for ")
}

// answerLost is called by a write operation of a method of
// afterApplyMethods, with w.mu held, once its write is applied: it returns
// the error of the first lost-answer fault of method that fires now, or
// nil to answer normally. Deciding under the operation's lock ties the
// fault to this very write, also among concurrent calls.
func (w *World) answerLost(method string) *apiError {
	for _, e := range w.faults.list {
		if !e.matches(method) || !e.afterApply(method) {
			continue
		}
		if e.skipped < e.f.Skip {
			e.skipped++
			continue
		}
		if e.f.Status == 0 || !w.draw(e) {
			continue
		}
		w.countFiring(e)
		return e.f.apiError(method, "fake: injected fault, the answer was lost after the write was applied, for ")
	}
	return nil
}

// apiError is the error a firing fault answers.
func (f Fault) apiError(method, defaultMessage string) *apiError {
	e := &apiError{Code: f.Status, Reason: f.Reason, Message: f.Message, RetryAfter: f.RetryAfter}
	if e.Reason == "" {
		e.Reason = defaultReason(f.Status)
	}
	if e.Message == "" {
		e.Message = defaultMessage + method
	}
	return e
}
