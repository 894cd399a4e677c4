package domains

import (
	"context"
	"strings"

	"github.com/resellerkit/resellerkit/internal/errs"
)

// PlanSource tells a customer's support plan, which the Reseller API does
// not carry (it lives in the reseller's contracts or billing system). Give
// one to [WithPlanSource]; without one every customer's plan is
// [PlanUnknown]. Since no Google API serves plans, the implementations are
// the caller's: a [PlanTable], or an adapter over a billing system.
//
// SupportPlan returns PlanUnknown with a nil error for a customer it does
// not know; an error means the source could not be read, and fails the
// listing that asked. Implementations must be safe for concurrent use.
type PlanSource interface {
	SupportPlan(ctx context.Context, customerID, customerDomain string) (SupportPlan, error)
}

// PlanTable is a static [PlanSource] built by [NewPlanTable]. It is
// read-only, so safe for concurrent use.
type PlanTable struct {
	byID     map[string]SupportPlan
	byDomain map[string]SupportPlan
}

// NewPlanTable builds a [PlanTable] from a map whose keys are customer IDs
// ("C01abc234") or customer domains ("customer.example"; a key with a dot is
// read as a domain and normalised, rule D3). An invalid domain key or an
// unknown plan is an error of [resellerkit.KindInvalidArgument] naming the
// key.
func NewPlanTable(plans map[string]SupportPlan) (*PlanTable, error) {
	const op = "domains.NewPlanTable"
	t := &PlanTable{byID: map[string]SupportPlan{}, byDomain: map[string]SupportPlan{}}
	for k, p := range plans {
		switch p {
		case PlanUnknown, PlanStandard, PlanEnhanced, PlanPremium:
		default:
			return nil, errs.Invalid(op, "plans["+quote(k)+"]",
				quote(string(p))+" is not a support plan; use PlanStandard, PlanEnhanced or PlanPremium")
		}
		key := strings.TrimSpace(k)
		if !strings.Contains(key, ".") {
			if key == "" {
				return nil, errs.Invalid(op, "plans[\"\"]", "an empty key names no customer")
			}
			t.byID[key] = p
			continue
		}
		d, err := normalizeDomain(op, "plans["+quote(k)+"]", key)
		if err != nil {
			return nil, err
		}
		t.byDomain[d] = p
	}
	return t, nil
}

// SupportPlan implements [PlanSource]: the plan of the customer ID if the
// table has it, else of the customer domain, else [PlanUnknown].
func (t *PlanTable) SupportPlan(_ context.Context, customerID, customerDomain string) (SupportPlan, error) {
	if t == nil {
		return PlanUnknown, nil
	}
	if p, ok := t.byID[customerID]; ok {
		return p, nil
	}
	if d, err := NormalizeDomain(customerDomain); err == nil {
		if p, ok := t.byDomain[d]; ok {
			return p, nil
		}
	}
	return PlanUnknown, nil
}
