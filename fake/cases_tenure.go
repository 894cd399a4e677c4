package fake

import (
	"context"

	"github.com/resellerkit/resellerkit/cases"
)

// CaseTenure returns the World's tenure history as a [cases.Tenure] (rule
// C4), to give a cases.Service as its cases.Config.Tenure: each
// [World.Transfer] closes one reseller account's period and opens the
// next one's. Google does not expose this history; production code keeps
// its own record of transfers (a cases.TenureTable). The Server applies
// the same history on the wire, so that clients that do not use package
// cases see what a reseller sees.
func (w *World) CaseTenure() cases.Tenure { return caseTenure{w} }

type caseTenure struct{ w *World }

func periodsOf(t *tenant, account string) []cases.Period {
	var out []cases.Period
	for _, e := range t.cust.tenure {
		if e.reseller.id == account {
			out = append(out, cases.Period{Start: e.from, End: e.to})
		}
	}
	return out
}

func (t caseTenure) Periods(_ context.Context, account, customer string) ([]cases.Period, error) {
	t.w.mu.Lock()
	defer t.w.mu.Unlock()
	c := t.w.tenantByKey(customer)
	if c == nil || c.cust == nil {
		return nil, nil
	}
	return periodsOf(c, account), nil
}

func (t caseTenure) Customers(_ context.Context, account string) ([]cases.CustomerPeriods, error) {
	t.w.mu.Lock()
	defer t.w.mu.Unlock()
	var out []cases.CustomerPeriods
	for _, c := range t.w.tenantList {
		if c.cust == nil {
			continue
		}
		if ps := periodsOf(c, account); len(ps) > 0 {
			out = append(out, cases.CustomerPeriods{CustomerID: c.id, Periods: ps})
		}
	}
	return out, nil
}
