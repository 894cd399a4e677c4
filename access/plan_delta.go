package access

import (
	"github.com/resellerkit/resellerkit/roles"
)

// AccessDelta reports, before [Setup.Apply], who the plan would give (or
// take) which customers (rule S7): its steps as hypothetical changes, the
// accounts it creates, the portal role it creates with exactly the
// profile's privileges (S5) and the role assignments it makes (P4),
// applied by [WhatIf] to s, a snapshot of the same reseller accounts
// ([Gather] with the team's people, the plan's time or close to it). It
// makes no Google call.
//
// A person who already reaches a domain's customers, through the Reseller
// Admin role or any other grant, gains nothing there: the delta shows what
// the plan adds, not what it writes. Steps that change no access (the org
// unit, licenses) are left out.
//
// A snapshot that lacks a reseller account of the plan, or its role facts
// ([TenantFacts], gathered by this release), is an error of
// [resellerkit.KindInvalidArgument] saying to gather it again.
func (p *Plan) AccessDelta(s *Snapshot, opts *DriftOptions) (*WhatIfResult, error) {
	const op = "access.Plan.AccessDelta"
	if p == nil {
		return nil, invalid(op, "p", "the plan is nil; make one with Setup.Plan")
	}
	if s == nil {
		return nil, invalid(op, "s", "the snapshot is nil; read it with access.Gather")
	}
	var changes []Change
	type plannedRole struct {
		tenant string
		name   string
	}
	var create []plannedRole
	for i, ap := range p.Accounts {
		role := roles.ResellerAdminRoleName
		for _, st := range ap.Steps {
			if st.Kind == StepRole && !p.Team.UseResellerAdmin {
				role = st.Subject
				if st.Action == ActionCreate {
					create = append(create, plannedRole{tenant: ap.CustomerID, name: st.Subject})
				}
			}
		}
		for j, st := range ap.Steps {
			if st.Action != ActionCreate {
				continue
			}
			field := "p.Accounts[" + itoa(i) + "].Steps[" + itoa(j) + "]"
			switch st.Kind {
			case StepAccount:
				changes = append(changes, Change{Kind: ChangeCreateAccount, Account: st.Subject})
			case StepAssignment:
				if role == "" {
					return nil, invalid(op, field, "the plan assigns a role it does not name")
				}
				changes = append(changes, Change{Kind: ChangeGrantRole, Account: st.Subject, Role: role})
			}
		}
	}
	return whatIf(s, changes, opts, func(w *whatIfWorld) error {
		for _, pr := range create {
			t := -1
			for k := range w.snap.Tenants {
				if w.snap.Tenants[k].ResellerAccount == pr.tenant {
					t = k
				}
			}
			if t < 0 {
				return invalid(op, "s", "the snapshot has no role facts of reseller account "+pr.tenant+
					"; gather it again, from the plan's reseller accounts, with this release")
			}
			r := roles.Role{ID: w.nextID("planned-role-"), Name: pr.name}
			for _, k := range p.Team.Profile.Privileges() {
				ref, ok := w.privilegeRef(t, string(k))
				if !ok {
					return invalid(op, "s", "the privilege tree of "+pr.tenant+" lacks "+string(k)+"; the plan would be blocked")
				}
				r.Privileges = append(r.Privileges, ref)
			}
			w.snap.Tenants[t].Roles = append(w.snap.Tenants[t].Roles, r)
		}
		return nil
	})
}
