package cases

import (
	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/domains"
)

// CheckEscalate reports whether c may be escalated for a customer on plan
// (rule C8), the same check [Service.Escalate] makes before it writes, so
// a UI can offer escalation only where it would succeed. A case can be
// escalated when it is open, not escalated yet, and its customer is on
// [domains.PlanPremium]. A refusal is an error of
// [resellerkit.KindFailedPrecondition] wrapping [ErrCaseClosed],
// [ErrAlreadyEscalated] or [ErrEscalationNotAvailable], with what to do
// instead.
func CheckEscalate(c Case, plan domains.SupportPlan) error {
	return checkEscalate("cases.CheckEscalate", c, plan)
}

func checkEscalate(op string, c Case, plan domains.SupportPlan) error {
	if !c.State.Open() {
		return ruleErr(resellerkit.KindFailedPrecondition, op, "C7", ErrCaseClosed,
			"case "+c.ID+" is closed; reopen it in the Google Cloud Support Portal first (rule C9), then escalate it")
	}
	if c.Escalated {
		return ruleErr(resellerkit.KindFailedPrecondition, op, "C8", ErrAlreadyEscalated,
			"case "+c.ID+" is already escalated; add a comment to give Google more context")
	}
	if plan != domains.PlanPremium {
		return ruleErr(resellerkit.KindFailedPrecondition, op, "C8", ErrEscalationNotAvailable,
			"customer "+c.CustomerID+" is on the "+plan.String()+" support plan; escalation is available only with Premium Support, so raise the severity or add a comment instead")
	}
	return nil
}
