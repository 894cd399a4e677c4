package access

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/internal/bulk"
	"github.com/resellerkit/resellerkit/internal/errs"
	"github.com/resellerkit/resellerkit/licensing"
	"github.com/resellerkit/resellerkit/roles"
)

// ApplyOptions tunes [Setup.Apply]. A nil *ApplyOptions means the defaults.
type ApplyOptions struct {
	// OnProgress, if set, is called after each item of each step kind of
	// each reseller account, never concurrently with itself.
	OnProgress func(ApplyProgress)
}

// ApplyProgress reports the progress of one step kind of one reseller
// account.
type ApplyProgress struct {
	CustomerID string
	Kind       StepKind
	resellerkit.Progress
}

// StepResult is what Apply did for one step of the plan.
type StepResult struct {
	CustomerID string              `json:"customerId"`
	Step       Step                `json:"step"`
	Outcome    resellerkit.Outcome `json:"outcome"`
	// InitialPassword is the generated password of an account this apply
	// created. Give it to the person through a secure channel; Google asks
	// them to change it at the first sign-in. It never appears in fmt
	// output, logs or JSON (see [domains.Password]).
	InitialPassword domains.Password `json:"-"`
	Err             error            `json:"-"`
	// Error is Err's message, for JSON reports.
	Error string `json:"error,omitempty"`
}

// ApplyReport is the result of [Setup.Apply]: one result per step of the
// plan it ran, with totals.
type ApplyReport struct {
	// Plan is the plan Apply ran: made afresh from what it observed just
	// before writing, so a second run, or a run after a crash, does only
	// what is left.
	Plan      *Plan        `json:"plan"`
	Results   []StepResult `json:"results"`
	Created   int          `json:"created"`
	Updated   int          `json:"updated"`
	Unchanged int          `json:"unchanged"`
	Failed    int          `json:"failed"`
}

// Apply runs a reviewed plan (rule S7): it writes, per reseller account and
// concurrently across them, the org unit (S3), the accounts, their licenses
// (S4), the role and its customer-wide assignments (S5), with progress
// reporting and one result per item. After creating assignments it waits,
// with a bounded poll, until Google serves them (W5).
//
// Apply first plans again from what it observes, so it resumes after a
// crash or a cancellation (what was done is found done) and a second apply
// changes nothing (every item reports OutcomeUnchanged). Before writing it
// refuses, with an error of [resellerkit.KindFailedPrecondition], when the
// reviewed plan or the fresh one has problems (S1 preflight, S4 seats, S5
// role conflict, D4 unverified domain), or when the fresh plan would do
// something the reviewed one did not say (the world changed: plan again
// and review).
//
// Failed items do not stop the others; the report lists each. The error is
// nil when every item succeeded, and otherwise says how many failed: run
// Apply again to resume.
func (s *Setup) Apply(ctx context.Context, reviewed *Plan, opts *ApplyOptions) (*ApplyReport, error) {
	const op = "access.Setup.Apply"
	if reviewed == nil {
		return nil, invalid(op, "plan", "is nil; make one with Setup.Plan and review it")
	}
	if !reviewed.Ready() {
		return nil, notReady(op, "the reviewed plan", reviewed)
	}
	if len(reviewed.Accounts) != len(s.targets) {
		return nil, errs.Errorf(resellerkit.KindInvalidArgument, op,
			"the plan has %d reseller accounts and this Setup %d: apply a plan made by the same Setup", len(reviewed.Accounts), len(s.targets))
	}
	fresh, err := s.Plan(ctx, reviewed.Team)
	if err != nil {
		return nil, err
	}
	if !fresh.Ready() {
		return nil, notReady(op, "the plan made again just before writing", fresh)
	}
	if err := sameIntent(reviewed, fresh); err != nil {
		return nil, errs.New(resellerkit.KindFailedPrecondition, op, err)
	}
	var o ApplyOptions
	if opts != nil {
		o = *opts
	}
	var progressMu sync.Mutex
	report := &ApplyReport{Plan: fresh}
	parts := make([][]StepResult, len(fresh.Accounts))
	var g errgroup.Group
	for i := range fresh.Accounts {
		g.Go(func() error {
			parts[i] = s.applyAccount(ctx, &fresh.Team, &fresh.Accounts[i], func(p ApplyProgress) {
				if o.OnProgress != nil {
					progressMu.Lock()
					defer progressMu.Unlock()
					o.OnProgress(p)
				}
			})
			return nil
		})
	}
	_ = g.Wait() // failures live in the results
	var firstErr error
	for _, rs := range parts {
		for _, r := range rs {
			if r.Err != nil {
				r.Error = r.Err.Error()
			}
			report.Results = append(report.Results, r)
			switch r.Outcome {
			case resellerkit.OutcomeCreated:
				report.Created++
			case resellerkit.OutcomeUpdated:
				report.Updated++
			case resellerkit.OutcomeUnchanged:
				report.Unchanged++
			case resellerkit.OutcomeFailed:
				report.Failed++
				if firstErr == nil {
					firstErr = r.Err
				}
			}
		}
	}
	if report.Failed > 0 {
		kind := resellerkit.KindOf(firstErr)
		if ctx.Err() != nil {
			kind = resellerkit.KindCanceled
		}
		return report, &resellerkit.Error{Kind: kind, Op: op,
			Err: fmt.Errorf("%d of %d items failed; run Apply again to resume (first: %w)", report.Failed, len(report.Results), firstErr)}
	}
	return report, nil
}

func notReady(op, which string, p *Plan) error {
	return errs.Errorf(resellerkit.KindFailedPrecondition, op, "%s cannot be applied: %s", which, strings.Join(p.Problems(), "; "))
}

// sameIntent checks that fresh does nothing reviewed did not announce.
func sameIntent(reviewed, fresh *Plan) error {
	for i, fa := range fresh.Accounts {
		ra := reviewed.Accounts[i]
		if ra.CustomerID != fa.CustomerID {
			return fmt.Errorf("the plan's reseller account %d is %s, now %s: plan again", i, ra.CustomerID, fa.CustomerID)
		}
		for _, st := range fa.Steps {
			if st.Action == ActionNone {
				continue
			}
			ok := false
			for _, rs := range ra.Steps {
				if rs.Kind == st.Kind && rs.Subject == st.Subject && rs.Action != ActionNone {
					ok = true
					break
				}
			}
			if !ok {
				return fmt.Errorf("since the plan was made, %s %s of %s needs to %s (%s), which the reviewed plan did not say: plan again and review",
					st.Kind, st.Subject, fa.CustomerID, st.Action, st.Detail)
			}
		}
	}
	return nil
}

// applyAccount runs one reseller account's steps in order: org unit,
// accounts, licenses, role, assignments. A step whose prerequisite failed
// fails with a result that says which.
func (s *Setup) applyAccount(ctx context.Context, team *Team, ap *AccountPlan, progress func(ApplyProgress)) []StepResult {
	a := &accountApply{s: s, t: &s.targets[ap.target], team: team, ap: ap, progress: progress}
	a.customer, a.licCustomer = ap.CustomerID, ap.CustomerID
	if a.customer == "" {
		a.customer = "my_customer"
		if len(ap.Domains) > 0 {
			a.licCustomer = ap.Domains[0] // primary first
		}
	}
	a.results = make([]StepResult, len(ap.Steps))
	for i, st := range ap.Steps {
		a.results[i] = StepResult{CustomerID: ap.CustomerID, Step: st, Outcome: resellerkit.OutcomeUnchanged}
	}
	a.applyOrgUnit(ctx)
	a.applyAccounts(ctx)
	a.applyLicenses(ctx)
	roleID := a.applyRole(ctx)
	a.applyAssignments(ctx, roleID)
	return a.results
}

// accountApply is the applying of one reseller account's plan by
// [Setup.applyAccount]: its methods are the steps, one per step kind, and
// the helpers they share.
type accountApply struct {
	s        *Setup
	t        *Target
	team     *Team
	ap       *AccountPlan
	progress func(ApplyProgress)
	// customer and licCustomer name the reseller account to the Directory
	// and Licensing APIs.
	customer, licCustomer string
	results               []StepResult // one per step of ap, in its order
}

// pending returns the indexes of the steps of kind that will write.
func (a *accountApply) pending(kind StepKind) []int {
	var out []int
	for i, st := range a.ap.Steps {
		if st.Kind == kind && st.Action != ActionNone {
			out = append(out, i)
		}
	}
	return out
}

// fail records that step i failed with err.
func (a *accountApply) fail(i int, err error) {
	a.results[i].Outcome, a.results[i].Err = resellerkit.OutcomeFailed, err
}

// failed reports whether a step of kind failed: one about subject, or any
// when subject is "".
func (a *accountApply) failed(kind StepKind, subject string) bool {
	for _, r := range a.results {
		if r.Step.Kind == kind && (subject == "" || r.Step.Subject == subject) && r.Outcome == resellerkit.OutcomeFailed {
			return true
		}
	}
	return false
}

// bulk returns the options of the bulk call for the steps of kind: the
// Setup's concurrency, with progress reported per item.
func (a *accountApply) bulk(kind StepKind) *resellerkit.BulkOptions {
	return &resellerkit.BulkOptions{Concurrency: a.s.concurrency, OnProgress: func(p resellerkit.Progress) {
		a.progress(ApplyProgress{CustomerID: a.ap.CustomerID, Kind: kind, Progress: p})
	}}
}

// reportOne reports the progress of a step kind that has a single item.
func (a *accountApply) reportOne(kind StepKind, failed bool) {
	a.progress(ApplyProgress{CustomerID: a.ap.CustomerID, Kind: kind, Progress: resellerkit.Progress{Done: 1, Total: 1, Failed: btoi(failed)}})
}

// prereq is the error of a step not run because a step it needs failed;
// running Apply again resumes from what was done.
func prereq(what string) error {
	return errs.Errorf(resellerkit.KindFailedPrecondition, "access.Setup.Apply", "not run: %s failed; run Apply again", what)
}

// applyOrgUnit ensures the staff accounts' dedicated org unit (S3), with
// its parents.
//
// Google: directory.orgunits.get, directory.orgunits.insert
func (a *accountApply) applyOrgUnit(ctx context.Context) {
	for _, i := range a.pending(StepOrgUnit) {
		if _, _, err := a.t.Domains.EnsureOrgUnit(ctx, a.ap.Steps[i].Subject); err != nil {
			a.fail(i, err)
		} else {
			a.results[i].Outcome = resellerkit.OutcomeCreated
		}
		a.reportOne(StepOrgUnit, a.results[i].Err != nil)
	}
}

// applyAccounts ensures the staff accounts (S3, D2) in one bulk call, each
// in the org unit: when the org unit failed, none is created elsewhere.
//
// Google: as [domains.Service.EnsureAccounts]
func (a *accountApply) applyAccounts(ctx context.Context) {
	idx := a.pending(StepAccount)
	if len(idx) == 0 {
		return
	}
	if a.failed(StepOrgUnit, "") {
		for _, i := range idx {
			a.fail(i, prereq("the org unit "+a.team.OrgUnit))
		}
		return
	}
	specs := make([]domains.AccountSpec, len(idx))
	for k, i := range idx {
		m := memberOf(a.team, a.ap.Steps[i].Person)
		specs[k] = domains.AccountSpec{Email: a.ap.Steps[i].Subject, GivenName: m.GivenName, FamilyName: m.FamilyName, OrgUnitPath: a.team.OrgUnit}
	}
	for k, r := range a.t.Domains.EnsureAccounts(ctx, specs, a.bulk(StepAccount)) {
		i := idx[k]
		a.results[i].Outcome, a.results[i].Err, a.results[i].InitialPassword = r.Outcome, r.Err, r.InitialPassword
	}
}

// applyLicenses assigns Cloud Identity Free (S4) in one bulk call to the
// accounts that exist: the license of an account that failed is not run.
//
// Google: as [licensing.Service.EnsureLicenses]
func (a *accountApply) applyLicenses(ctx context.Context) {
	var keys []string
	var keyIdx []int
	for _, i := range a.pending(StepLicense) {
		if a.failed(StepAccount, a.ap.Steps[i].Subject) {
			a.fail(i, prereq("the account "+a.ap.Steps[i].Subject))
			continue
		}
		keys = append(keys, a.ap.Steps[i].Subject)
		keyIdx = append(keyIdx, i)
	}
	if len(keys) == 0 {
		return
	}
	for k, r := range a.t.Licensing.EnsureLicenses(ctx, a.licCustomer, licensing.ProductCloudIdentityFree, licensing.SKUCloudIdentityFree, keys, a.bulk(StepLicense)) {
		i := keyIdx[k]
		a.results[i].Outcome, a.results[i].Err = r.Outcome, r.Err
	}
}

// applyRole ensures the custom role with exactly the profile's privileges
// (S5) and returns its ID: the plan's when the role already held.
//
// Google: as [roles.Service.EnsureCustomRole]
func (a *accountApply) applyRole(ctx context.Context) string {
	roleID := a.ap.RoleID
	for _, i := range a.pending(StepRole) {
		r, outcome, err := a.t.Roles.EnsureCustomRole(ctx, a.customer, a.team.RoleName, a.team.Profile.Privileges())
		a.results[i].Outcome, a.results[i].Err = outcome, err
		if err != nil {
			a.results[i].Outcome = resellerkit.OutcomeFailed
		} else {
			roleID = r.ID
		}
		a.reportOne(StepRole, err != nil)
	}
	return roleID
}

// applyAssignments assigns the role to the staff accounts customer-wide
// (S5, P4) in one bulk call, then waits until Google serves each new
// assignment (W5). An assignment whose role or account failed is not run.
//
// Google: as [roles.Service.EnsureAssignments], then
// directory.roleAssignments.list
func (a *accountApply) applyAssignments(ctx context.Context, roleID string) {
	var specs []roles.AssignmentSpec
	var specIdx []int
	for _, i := range a.pending(StepAssignment) {
		subject := a.ap.Steps[i].Subject
		switch {
		case a.failed(StepRole, ""):
			a.fail(i, prereq("the role "+a.team.RoleName))
		case a.failed(StepAccount, subject):
			a.fail(i, prereq("the account "+subject))
		default:
			specs = append(specs, roles.AssignmentSpec{RoleID: roleID, AssignedTo: subject, Scope: roles.ScopeCustomer})
			specIdx = append(specIdx, i)
		}
	}
	if len(specs) == 0 {
		return
	}
	for k, r := range a.t.Roles.EnsureAssignments(ctx, a.customer, specs, a.bulk(StepAssignment)) {
		i := specIdx[k]
		a.results[i].Outcome, a.results[i].Err = r.Outcome, r.Err
		if r.Err != nil || r.Outcome == resellerkit.OutcomeUnchanged {
			continue
		}
		if err := a.awaitAssignment(ctx, a.ap.Steps[i].Subject, roleID); err != nil {
			a.fail(i, err)
		}
	}
}

// awaitAssignment polls, within the Setup's bounds, until Google lists the
// assignment of role roleID to email (W5: a write is not visible at once).
//
// Google: directory.roleAssignments.list
func (a *accountApply) awaitAssignment(ctx context.Context, email, roleID string) error {
	return bulk.Await(ctx, a.s.await, func(ctx context.Context) error {
		as, err := resellerkit.Collect(a.t.Roles.ListAssignments(ctx, a.customer, &roles.ListAssignmentsOptions{UserKey: email, RoleID: roleID}))
		if err != nil {
			return err
		}
		if len(as) == 0 {
			return errs.Errorf(resellerkit.KindNotFound, "access.Setup.Apply", "the assignment of role %s to %s is not visible yet", roleID, email)
		}
		return nil
	})
}

func memberOf(t *Team, id string) Member {
	for _, m := range t.People {
		if m.ID == id {
			return m
		}
	}
	return Member{}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
