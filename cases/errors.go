package cases

import (
	"errors"
	"time"

	"github.com/resellerkit/resellerkit"
)

// Sentinels of the case rules. Each is wrapped in a [*resellerkit.Error]
// whose Kind is given below, so both errors.Is(err, cases.ErrX) and
// errors.Is(err, resellerkit.ErrKind) hold.
var (
	// ErrFilerDenied: the filer may not use the support portal (rules C1,
	// P1). Kind: permission denied. The error also wraps the
	// [access.DeniedError] with the decision and its missing requirements.
	ErrFilerDenied = errors.New("the filer may not use the support portal")
	// ErrWrongResellerDomain: the customer is assigned to another reseller
	// domain than the filer's (rules C1, D1). Kind: permission denied.
	ErrWrongResellerDomain = errors.New("the customer is not assigned to the filer's reseller domain")
	// ErrAccessNotGranted: the customer has not granted the reseller access
	// to its account (rules C1, D5). Kind: permission denied.
	ErrAccessNotGranted = errors.New("the customer has not granted the reseller access")
	// ErrCaseClosed: the case is closed; it must be reopened (in the
	// portal, within the window of rule C9) before it is changed. Kind:
	// failed precondition.
	ErrCaseClosed = errors.New("the case is closed")
	// ErrNotClosed: only a closed case can be reopened. Kind: failed
	// precondition.
	ErrNotClosed = errors.New("the case is not closed")
	// ErrReopenWindowClosed: the reopen window passed (rule C9). Kind:
	// failed precondition. The error is a [*ReopenWindowError].
	ErrReopenWindowClosed = errors.New("the reopen window has passed")
	// ErrAttachmentRemoval: attachments cannot be removed (rule C7). Kind:
	// unsupported.
	ErrAttachmentRemoval = errors.New("attachments cannot be removed")
	// ErrEscalationNotAvailable: the customer's support plan does not offer
	// escalation (rule C8). Kind: failed precondition.
	ErrEscalationNotAvailable = errors.New("escalation needs a Premium Support plan")
	// ErrAlreadyEscalated: the case is escalated already. Kind: failed
	// precondition.
	ErrAlreadyEscalated = errors.New("the case is already escalated")
)

// RuleError is a refusal by one of the case rules: which rule, the sentinel
// it matches, and a message that says what to do.
type RuleError struct {
	Rule string // the rule ID of the access model, e.g. "C7"
	Err  error  // one of the sentinels of this package
	Msg  string
	// Cause is what the refusal rests on, when there is more to it: for
	// ErrFilerDenied, the access package's denied decision.
	Cause error
}

// Error returns the message, which says what to do, and the rule ID.
func (e *RuleError) Error() string { return e.Msg + " (rule " + e.Rule + ")" }

// Unwrap returns the sentinel and the cause.
func (e *RuleError) Unwrap() []error {
	if e.Cause == nil {
		return []error{e.Err}
	}
	return []error{e.Err, e.Cause}
}

func ruleErr(kind resellerkit.Kind, op, rule string, sentinel error, msg string) error {
	return &resellerkit.Error{Kind: kind, Op: op, Err: &RuleError{Rule: rule, Err: sentinel, Msg: msg}}
}

// ReopenWindowError says that a closed case can no longer be reopened (rule
// C9): it was closed at ClosedAt, and the window ended at Deadline. It
// matches [ErrReopenWindowClosed] under errors.Is.
type ReopenWindowError struct {
	CaseID   string
	ClosedAt time.Time
	Deadline time.Time // ClosedAt + ReopenWindow
}

// Error names the deadline that passed and says to file a new case.
func (e *ReopenWindowError) Error() string {
	return "case " + e.CaseID + " was closed at " + e.ClosedAt.UTC().Format(time.RFC3339Nano) +
		" and could be reopened until " + e.Deadline.UTC().Format(time.RFC3339Nano) +
		"; that deadline has passed, so file a new case (you may mention " + e.CaseID + " in it) (rule C9)"
}

// Is reports whether target is [ErrReopenWindowClosed].
func (e *ReopenWindowError) Is(target error) bool { return target == ErrReopenWindowClosed }
