package fake

import (
	"context"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/cases"
	"github.com/resellerkit/resellerkit/domains"
)

// CaseStore returns a [cases.Store] over the World's cases, without HTTP:
// the fast way to test code built on [cases.Service]. It shares the World's
// clock (advance it to test the reopen window, rule C9), its customers and
// its listing lag ([World.SetCaseListingLag], rule C11). Faults set with
// [World.Fail] hit it under the Cloud Support method IDs
// ("cloudsupport.cases.create", ...), lost answers ([Fault.AfterApply])
// included: the write is applied and the store returns the fault's error.
// SetSeverity and SetSharing are "cloudsupport.cases.patch", AddAttachment
// is "cloudsupport.media.upload". Unlike the Cloud Support API it can
// reopen a case ("cloudsupport.cases.reopen", whose answer is never lost).
//
// Give the Service the World's clock, tenure and plans as well:
//
//	svc, err := cases.NewWithStore(w.CaseStore(), resellerID,
//		cases.WithClock(w.Now), cases.WithTenure(w.CaseTenure()), cases.WithPlans(w.CasePlans()))
func (w *World) CaseStore() cases.Store { return caseStore{w} }

type caseStore struct{ w *World }

// storeErr turns a World error into what the Cloud Support store would
// return for the same answer over HTTP: classified, naming the Cloud
// Support method (call) that answered, its Op left to the cases.Service.
func storeErr(call string, e *APIError) error {
	if e == nil {
		return nil
	}
	return resellerkit.WrapCall(call, e.GoogleError())
}

func (s caseStore) fault(ctx context.Context, call string) error {
	return storeErr(call, s.w.injectFault(ctx, call))
}

func (s caseStore) Create(ctx context.Context, c cases.Case) (cases.Case, error) {
	const call = "cloudsupport.cases.create"
	if err := s.fault(ctx, call); err != nil {
		return cases.Case{}, err
	}
	out, e := s.w.caseCreate(c)
	return out, storeErr(call, e)
}

func (s caseStore) Get(ctx context.Context, id string) (cases.Case, error) {
	const call = "cloudsupport.cases.get"
	if err := s.fault(ctx, call); err != nil {
		return cases.Case{}, err
	}
	out, e := s.w.caseGet(id)
	return out, storeErr(call, e)
}

func (s caseStore) List(ctx context.Context, q cases.Query, p resellerkit.PageRequest) (resellerkit.Page[cases.Case], error) {
	const call = "cloudsupport.cases.search"
	if err := s.fault(ctx, call); err != nil {
		return resellerkit.Page[cases.Case]{}, err
	}
	size := p.Size
	if size <= 0 {
		size = cases.DefaultPageSize
	}
	items, next, e := s.w.caseList(caseListing{scopes: q.Scopes, keyword: q.Keyword, status: q.Status,
		severities: q.Severities, desc: q.Order == cases.NewestUpdateFirst, token: p.Token, size: size})
	if e != nil {
		return resellerkit.Page[cases.Case]{}, storeErr(call, e)
	}
	return resellerkit.Page[cases.Case]{Items: items, NextPageToken: next}, nil
}

func (s caseStore) SetSeverity(ctx context.Context, id string, sev cases.Severity) (cases.Case, error) {
	const call = "cloudsupport.cases.patch"
	if err := s.fault(ctx, call); err != nil {
		return cases.Case{}, err
	}
	out, e := s.w.caseSetSeverity(id, sev)
	return out, storeErr(call, e)
}

func (s caseStore) SetSharing(ctx context.Context, id string, addrs []string) (cases.Case, error) {
	const call = "cloudsupport.cases.patch"
	if err := s.fault(ctx, call); err != nil {
		return cases.Case{}, err
	}
	out, e := s.w.caseSetSharing(id, addrs)
	return out, storeErr(call, e)
}

func (s caseStore) Close(ctx context.Context, id string) (cases.Case, error) {
	const call = "cloudsupport.cases.close"
	if err := s.fault(ctx, call); err != nil {
		return cases.Case{}, err
	}
	out, e := s.w.caseClose(id)
	return out, storeErr(call, e)
}

func (s caseStore) Reopen(ctx context.Context, id string) (cases.Case, error) {
	const call = "cloudsupport.cases.reopen"
	if err := s.fault(ctx, call); err != nil {
		return cases.Case{}, err
	}
	out, e := s.w.caseReopen(id)
	return out, storeErr(call, e)
}

func (s caseStore) Escalate(ctx context.Context, id string, _ cases.Escalation) (cases.Case, error) {
	const call = "cloudsupport.cases.escalate"
	if err := s.fault(ctx, call); err != nil {
		return cases.Case{}, err
	}
	out, e := s.w.caseEscalate(id)
	return out, storeErr(call, e)
}

func (s caseStore) AddComment(ctx context.Context, id string, c cases.Comment) (cases.Comment, error) {
	const call = "cloudsupport.cases.comments.create"
	if err := s.fault(ctx, call); err != nil {
		return cases.Comment{}, err
	}
	out, e := s.w.caseAddComment(id, c.Author, c.Body)
	return out, storeErr(call, e)
}

func (s caseStore) ListComments(ctx context.Context, id string, p resellerkit.PageRequest) (resellerkit.Page[cases.Comment], error) {
	const call = "cloudsupport.cases.comments.list"
	if err := s.fault(ctx, call); err != nil {
		return resellerkit.Page[cases.Comment]{}, err
	}
	items, next, e := s.w.caseComments(id, p.Token, p.Size)
	return resellerkit.Page[cases.Comment]{Items: items, NextPageToken: next}, storeErr(call, e)
}

func (s caseStore) AddAttachment(ctx context.Context, id string, a cases.NewAttachment) (cases.Attachment, error) {
	const call = "cloudsupport.media.upload"
	if err := s.fault(ctx, call); err != nil {
		return cases.Attachment{}, err
	}
	out, e := s.w.caseAddAttachment(id, "", a)
	return out, storeErr(call, e)
}

func (s caseStore) ListAttachments(ctx context.Context, id string, p resellerkit.PageRequest) (resellerkit.Page[cases.Attachment], error) {
	const call = "cloudsupport.cases.attachments.list"
	if err := s.fault(ctx, call); err != nil {
		return resellerkit.Page[cases.Attachment]{}, err
	}
	items, next, e := s.w.caseAttachments(id, p.Token, p.Size)
	return resellerkit.Page[cases.Attachment]{Items: items, NextPageToken: next}, storeErr(call, e)
}

// CaseTenure returns the World's tenure history as a [cases.Tenure] (rule
// C4): each [World.Transfer] closes one reseller account's period and opens
// the next one's.
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

// CasePlans returns the World's support plans as a [domains.PlanSource],
// which rule C8 (escalation for Premium Support only) reads. A customer the
// World does not know has [domains.PlanUnknown].
func (w *World) CasePlans() domains.PlanSource { return casePlans{w} }

type casePlans struct{ w *World }

func (p casePlans) SupportPlan(_ context.Context, customerID, customerDomain string) (domains.SupportPlan, error) {
	p.w.mu.Lock()
	defer p.w.mu.Unlock()
	for _, key := range []string{customerID, customerDomain} {
		if key == "" {
			continue
		}
		if t := p.w.tenantByKey(key); t != nil && t.cust != nil {
			plan := t.cust.plan
			if plan == "" {
				plan = PlanStandard
			}
			return domains.SupportPlan(plan), nil
		}
	}
	return domains.PlanUnknown, nil
}
