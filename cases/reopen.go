package cases

import (
	"time"

	"github.com/resellerkit/resellerkit"
)

// ReopenWindow is how long a closed case can be reopened (rule C9): 30 × 24
// hours, measured in absolute time (so daylight saving changes nothing)
// from the latest close. Google's public documents give no window for the
// Cloud Support API, which has no reopen at all; the portal's help pages
// give 30 days, which the SDK reads as 720 hours.
const ReopenWindow = 30 * 24 * time.Hour

// CheckReopen reports whether c may be reopened at now (rule C9): it must be
// closed, and now must be before c.ClosedTime + [ReopenWindow] (the boundary
// is exact: at the deadline itself reopening is refused). A refusal is an
// error of [resellerkit.KindFailedPrecondition] wrapping [ErrNotClosed] or a
// [*ReopenWindowError], which names the deadline and says to file a new
// case.
func CheckReopen(c Case, now time.Time) error {
	return checkReopen("cases.CheckReopen", c, now)
}

func checkReopen(op string, c Case, now time.Time) error {
	deadline, closed := c.ReopenDeadline()
	if !closed {
		return ruleErr(resellerkit.KindFailedPrecondition, op, "C9", ErrNotClosed,
			"case "+c.ID+" is "+c.State.String()+", not closed; only a closed case can be reopened")
	}
	if now.Before(deadline) {
		return nil
	}
	return &resellerkit.Error{Kind: resellerkit.KindFailedPrecondition, Op: op,
		Err: &ReopenWindowError{CaseID: c.ID, ClosedAt: c.ClosedTime.UTC(), Deadline: deadline}}
}
