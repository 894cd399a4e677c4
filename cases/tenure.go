package cases

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/resellerkit/resellerkit/internal/errs"
)

// Period is a span of time [Start, End): a reseller account's management of
// a customer. A zero End means it continues.
type Period struct {
	Start time.Time // inclusive
	End   time.Time // exclusive; zero: ongoing
}

// Contains reports whether t lies in p. The start is inclusive and the end
// exclusive, so at the instant of a transfer the customer already belongs to
// the new reseller account.
func (p Period) Contains(t time.Time) bool {
	return !t.Before(p.Start) && (p.End.IsZero() || t.Before(p.End))
}

// CustomerPeriods is a customer with the periods a reseller account managed
// it.
type CustomerPeriods struct {
	CustomerID string
	Periods    []Period
}

// Tenure tells who managed a customer when (rule C4). The reseller API does
// not expose tenure history, so production code supplies it as
// [Config.Tenure], for example from the reseller's own records of
// transfers, through a [TenureTable]; package fake derives it from the
// World's transfers.
//
// Implementations must be safe for concurrent use. An error means the
// history could not be read, never "not managed": that is an empty answer.
type Tenure interface {
	// Periods returns the periods during which resellerAccount managed
	// customerID, in any order; none when it never did.
	Periods(ctx context.Context, resellerAccount, customerID string) ([]Period, error)
	// Customers returns every customer resellerAccount manages or managed,
	// with its periods.
	Customers(ctx context.Context, resellerAccount string) ([]CustomerPeriods, error)
}

// TenureRecord is one row of a [TenureTable]: resellerAccount managed
// customerID from Start until End (zero: still does).
type TenureRecord struct {
	ResellerAccount string // the reseller account's customer ID
	CustomerID      string
	Start, End      time.Time
}

// TenureTable is a static [Tenure], for production code that keeps its own
// record of transfers. It is read-only once built, so safe for concurrent
// use.
type TenureTable struct {
	byAccount map[string]map[string][]Period // account -> customer -> periods
}

// NewTenureTable builds a [TenureTable]. A record with an empty ID, a zero
// Start, an End not after Start, or periods of the same account and customer
// that overlap, is an error of [resellerkit.KindInvalidArgument] naming the
// record.
func NewTenureTable(records []TenureRecord) (*TenureTable, error) {
	const op = "cases.NewTenureTable"
	t := &TenureTable{byAccount: map[string]map[string][]Period{}}
	for i, r := range records {
		field := fmt.Sprintf("records[%d]", i)
		switch {
		case strings.TrimSpace(r.ResellerAccount) == "":
			return nil, errs.Invalid(op, field+".ResellerAccount", "is empty; give the reseller account's customer ID")
		case strings.TrimSpace(r.CustomerID) == "":
			return nil, errs.Invalid(op, field+".CustomerID", "is empty; give the customer's ID")
		case r.Start.IsZero():
			return nil, errs.Invalid(op, field+".Start", "is zero; give the instant the reseller account began to manage the customer")
		case !r.End.IsZero() && !r.End.After(r.Start):
			return nil, errs.Invalid(op, field+".End", "is not after Start; leave it zero for a tenure that continues")
		}
		m := t.byAccount[r.ResellerAccount]
		if m == nil {
			m = map[string][]Period{}
			t.byAccount[r.ResellerAccount] = m
		}
		p := Period{Start: r.Start.UTC(), End: r.End.UTC()}
		for _, q := range m[r.CustomerID] {
			if overlaps(p, q) {
				return nil, errs.Invalid(op, field, "overlaps another period of "+r.ResellerAccount+" for customer "+r.CustomerID+"; merge them")
			}
		}
		m[r.CustomerID] = append(m[r.CustomerID], p)
	}
	for _, m := range t.byAccount {
		for _, ps := range m {
			slices.SortFunc(ps, func(a, b Period) int { return a.Start.Compare(b.Start) })
		}
	}
	return t, nil
}

func overlaps(a, b Period) bool {
	aEndsAfterBStarts := a.End.IsZero() || a.End.After(b.Start)
	bEndsAfterAStarts := b.End.IsZero() || b.End.After(a.Start)
	return aEndsAfterBStarts && bEndsAfterAStarts
}

// Periods implements [Tenure].
func (t *TenureTable) Periods(_ context.Context, resellerAccount, customerID string) ([]Period, error) {
	if t == nil {
		return nil, nil
	}
	return slices.Clone(t.byAccount[resellerAccount][customerID]), nil
}

// Customers implements [Tenure], in customer ID order.
func (t *TenureTable) Customers(_ context.Context, resellerAccount string) ([]CustomerPeriods, error) {
	if t == nil {
		return nil, nil
	}
	m := t.byAccount[resellerAccount]
	out := make([]CustomerPeriods, 0, len(m))
	for id, ps := range m {
		out = append(out, CustomerPeriods{CustomerID: id, Periods: slices.Clone(ps)})
	}
	slices.SortFunc(out, func(a, b CustomerPeriods) int { return strings.Compare(a.CustomerID, b.CustomerID) })
	return out, nil
}

// Viewer is who looks at cases: a reseller account's staff, or a customer's
// own admins. Exactly one field is set.
type Viewer struct {
	// ResellerAccount is the customer ID of the reseller account whose
	// staff look (rule C4).
	ResellerAccount string
	// CustomerID is the customer whose own admins look (rule C5).
	CustomerID string
}

// CanView decides whether v may see c at now (rules C4, C5). It is the one
// place the visibility rules live; the [Service] applies it to every case it
// returns or changes, and reports a hidden case as not found.
//
// Rule C4: a reseller account sees a case only while it currently manages
// the customer (a period of periods contains now) and only if the case was
// filed while it managed the customer (a period contains c.CreateTime).
// Cases filed under an earlier reseller stay hidden, also after a transfer
// back in, unless they fall in an earlier period of this same account.
// periods are the reseller account's periods for c's customer.
//
// Rule C5: a customer's own admins see every case about their customer,
// whoever filed it.
func CanView(v Viewer, c Case, periods []Period, now time.Time) bool {
	switch {
	case v.CustomerID != "" && v.ResellerAccount == "":
		return c.CustomerID == v.CustomerID
	case v.ResellerAccount != "" && v.CustomerID == "":
		current, filed := false, false
		for _, p := range periods {
			current = current || p.Contains(now)
			filed = filed || p.Contains(c.CreateTime)
		}
		return current && filed
	}
	return false
}

// currentlyManaged reports whether some period contains now.
func currentlyManaged(periods []Period, now time.Time) bool {
	for _, p := range periods {
		if p.Contains(now) {
			return true
		}
	}
	return false
}
