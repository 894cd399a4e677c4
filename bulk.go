package resellerkit

import (
	"time"
)

// Outcome is what an Ensure operation did to one item.
type Outcome uint8

// Outcomes of an Ensure. A second run of an idempotent bulk job reports every
// item as OutcomeUnchanged.
const (
	OutcomeUnchanged Outcome = iota // already as desired; nothing was written
	OutcomeCreated                  // the item did not exist and was created
	OutcomeUpdated                  // the item existed and was changed
	OutcomeFailed                   // the item could not be brought to the desired state; see its error
)

// String returns the outcome in words ("created").
func (o Outcome) String() string {
	switch o {
	case OutcomeUnchanged:
		return "unchanged"
	case OutcomeCreated:
		return "created"
	case OutcomeUpdated:
		return "updated"
	case OutcomeFailed:
		return "failed"
	}
	return "outcome(?)"
}

// MarshalText renders the outcome in words, for JSON reports.
func (o Outcome) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// Progress is reported after each item of a bulk job finishes.
type Progress struct {
	Done   int // items finished, failed ones included
	Total  int
	Failed int
}

// BulkOptions tunes a bulk job: an Ensure… method of domains, roles or
// licensing that takes many items and returns a result per item, in input
// order, going on past a failed item. A nil *BulkOptions means the defaults.
type BulkOptions struct {
	// Concurrency bounds the items in flight; 0 means 8. Pacing (rule W3)
	// still applies per request underneath, so a higher number does not
	// exceed the quota: it only hides latency.
	Concurrency int
	// OnProgress, if set, is called after each item, never concurrently
	// with itself.
	OnProgress func(Progress)
}

// DefaultConcurrency is the number of items a bulk job runs at once when
// BulkOptions.Concurrency is 0.
const DefaultConcurrency = 8

// AwaitPolicy bounds a visibility poll (rule W5): after a write, a service
// checks until Google shows what it wrote, instead of sleeping blindly.
// The services that write take one as an option. Just after a write
// Google may answer 404, 403 or 412 for a while; those answers mean "not
// yet", any other error ends the wait, and a wait that runs out is
// [KindUnavailable] carrying the last answer.
type AwaitPolicy struct {
	// Timeout is the longest the poll waits; 0 means 2 minutes, the order of
	// Google's documented propagation for new users.
	Timeout time.Duration
	// Interval is the first pause between checks; it doubles up to 10 s.
	// 0 means 500 ms.
	Interval time.Duration
}
