package access

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/licensing"
	"github.com/resellerkit/resellerkit/roles"
)

// Team is the desired setup of rules S1 to S7: who must reach the portal,
// on which reseller domains, under which profile, and how.
type Team struct {
	// Profile is the portal profile (P2); the zero value is the Cloud
	// Support Portal.
	Profile Profile `json:"profile"`
	// OrgUnit is the dedicated org unit of the staff accounts (S3), created
	// if missing; "" means [DefaultOrgUnit]. The top-level org unit "/" is
	// refused: automatic licensing is turned off per org unit (S2), so staff
	// accounts need one of their own.
	OrgUnit string `json:"orgUnit,omitempty"`
	// UseResellerAdmin assigns the pre-built Reseller Admin role (P1.1)
	// instead of a custom role (S5). The Reseller Admin role grants every
	// reseller privilege; the custom role grants only the portal's.
	UseResellerAdmin bool `json:"useResellerAdmin,omitempty"`
	// RoleName is the name of the custom role holding exactly the profile's
	// privileges (S5); "" means [DefaultRoleName] of the profile.
	RoleName string `json:"roleName,omitempty"`
	// Alerts is how case alerts reach people (S6).
	Alerts Alerts `json:"alerts"`
	// People are the staff members and the domains each must cover.
	People []Member `json:"people"`
}

// DefaultOrgUnit is the staff org unit when [Team.OrgUnit] is empty (S3).
const DefaultOrgUnit = "/Support portal"

// DefaultRoleName returns the custom role's name when [Team.RoleName] is
// empty (S5).
func DefaultRoleName(p Profile) string {
	if p == CustomerCarePortal {
		return "Customer Care Portal access"
	}
	return "Support portal access"
}

// Member is one person of a [Team].
type Member struct {
	// ID is the person's own address, typically their Google Workspace
	// address: case alerts go there (S6), and coverage reports key people
	// on it. Required, unique.
	ID         string `json:"id"`
	GivenName  string `json:"givenName"`
	FamilyName string `json:"familyName"`
	// Username is the local part of the person's staff accounts, the same
	// on every domain ("ana" gives ana@reseller-eu.example); "" means the
	// local part of ID.
	Username string `json:"username,omitempty"`
	// Domains are the reseller domains the person must cover, secondary
	// ones included (D2): the person gets one staff account on each.
	Domains []string `json:"domains"`
}

// Alerts is how a staff member receives the email alerts of the cases they
// file from a staff account (S6).
type Alerts uint8

// Alert choices of rule S6.
const (
	// AlertsSharing adds the person's address to the sharing list of each
	// case (the cases package's Share, rule C10). Nothing to set up.
	AlertsSharing Alerts = iota
	// AlertsRedirect redirects each staff account's mail to the person's
	// address: an Admin console setting, so the plan lists it as a manual
	// step.
	AlertsRedirect
)

// String returns the choice's stable name.
func (a Alerts) String() string {
	if a == AlertsRedirect {
		return "redirect"
	}
	return "sharing"
}

// MarshalText renders the choice's stable name.
func (a Alerts) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalText parses "sharing" (or "") and "redirect".
func (a *Alerts) UnmarshalText(b []byte) error {
	switch strings.ToLower(strings.TrimSpace(string(b))) {
	case "", "sharing":
		*a = AlertsSharing
	case "redirect":
		*a = AlertsRedirect
	default:
		return invalid("access.Alerts", "Alerts", "unknown alert choice "+quote(string(b))+`; use "sharing" or "redirect" (S6)`)
	}
	return nil
}

// Target is one reseller account the setup works on, with services acting
// as one of its super admins (S1). Each reseller account has its own
// credentials.
type Target struct {
	// Caller is the address of the account the services act as: the super
	// admin of rule S1 (for a service account with domain-wide delegation,
	// its subject). Required.
	Caller    string
	Domains   *domains.Service
	Roles     *roles.Service
	Licensing *licensing.Service
}

// StepKind is what a setup step ensures.
type StepKind uint8

// Step kinds, in the order Apply runs them.
const (
	StepOrgUnit    StepKind = iota + 1 // S3: the staff org unit
	StepAccount                        // S3, D2: a staff account in the org unit
	StepLicense                        // S4: a Cloud Identity Free license
	StepRole                           // S5: the portal role
	StepAssignment                     // S5: the role assigned to an account, customer-wide (P4)
)

var stepNames = [...]string{StepOrgUnit: "org-unit", StepAccount: "account", StepLicense: "license", StepRole: "role", StepAssignment: "assignment"}

// String returns the kind's stable name ("org-unit").
func (k StepKind) String() string {
	if k > 0 && int(k) < len(stepNames) {
		return stepNames[k]
	}
	return "step(" + itoa(int(k)) + ")"
}

// MarshalText renders the kind's stable name.
func (k StepKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText parses a kind's stable name, so a plan reads back from JSON.
func (k *StepKind) UnmarshalText(b []byte) error {
	i := slices.Index(stepNames[:], string(b))
	if i <= 0 {
		return invalid("access.StepKind", "StepKind", "unknown step kind "+quote(string(b)))
	}
	*k = StepKind(i)
	return nil
}

// Action is what a step will do.
type Action uint8

// Actions of a step.
const (
	ActionNone   Action = iota // it already holds: nothing will be written
	ActionCreate               // it will be created
	ActionUpdate               // it exists and will be changed
)

var actionNames = [...]string{ActionNone: "holds", ActionCreate: "create", ActionUpdate: "update"}

// String returns the action's stable name ("holds", "create", "update").
func (a Action) String() string {
	if int(a) < len(actionNames) {
		return actionNames[a]
	}
	return "action(" + itoa(int(a)) + ")"
}

// MarshalText renders the action's stable name.
func (a Action) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalText parses an action's stable name, so a plan reads back from
// JSON.
func (a *Action) UnmarshalText(b []byte) error {
	i := slices.Index(actionNames[:], string(b))
	if i < 0 {
		return invalid("access.Action", "Action", "unknown action "+quote(string(b)))
	}
	*a = Action(i)
	return nil
}

// Step is one item of a setup plan.
type Step struct {
	Kind StepKind `json:"kind"`
	Rule string   `json:"rule"`
	// Subject is what the step is about: the org unit path, the account's
	// address, the role's name.
	Subject string `json:"subject"`
	// Person is the member the step serves, for account, license and
	// assignment steps.
	Person string `json:"person,omitempty"`
	Action Action `json:"action"`
	// Detail says, for people, what holds or what will change.
	Detail string `json:"detail"`
	// Blocked, when set, says why the step cannot be done; a plan with a
	// blocked step does not apply.
	Blocked string `json:"blocked,omitempty"`
	// DetailMsg and BlockedMsg are Detail and Blocked as messages of the
	// plan's catalogue, so [Plan.In] renders them in the reader's language.
	DetailMsg  Message `json:"detailMsg,omitzero"`
	BlockedMsg Message `json:"blockedMsg,omitzero"`
}

// Check is one preflight or safety check of a plan: S1 (the caller),
// W6 (credentials, scopes and delegation), S4 (seats), S2 (the double
// licensing symptom), P5.
type Check struct {
	Rule string `json:"rule"`
	Name string `json:"name"`
	OK   bool   `json:"ok"`
	// Blocking checks that fail keep the plan from applying; the others
	// are warnings.
	Blocking bool   `json:"blocking"`
	Detail   string `json:"detail,omitempty"`
	Fix      string `json:"fix,omitempty"`
	// NameMsg, DetailMsg and FixMsg are Name, Detail and Fix as messages of
	// the plan's catalogue, so [Plan.In] renders them in the reader's
	// language.
	NameMsg   Message `json:"nameMsg,omitzero"`
	DetailMsg Message `json:"detailMsg,omitzero"`
	FixMsg    Message `json:"fixMsg,omitzero"`
}

// ManualStep is something only a person can do in the Admin console: no API
// does it (S2's automatic licensing, S6's mail redirect).
type ManualStep struct {
	Rule     string   `json:"rule"`
	Text     string   `json:"text"`
	Accounts []string `json:"accounts,omitempty"`
	// TextMsg is Text as a message of the plan's catalogue, so [Plan.In]
	// renders it in the reader's language.
	TextMsg Message `json:"textMsg,omitzero"`
}

// AccountPlan is the plan for one reseller account (S7: the steps repeat for
// every reseller account and secondary domain).
type AccountPlan struct {
	CustomerID string       `json:"customerId"`
	Caller     string       `json:"caller"`
	Domains    []string     `json:"domains"`
	Checks     []Check      `json:"checks"`
	Manual     []ManualStep `json:"manual,omitempty"`
	Steps      []Step       `json:"steps"`
	// RoleID is the portal role's ID when it exists.
	RoleID string `json:"roleId,omitempty"`
	target int
}

// label names the reseller account for people, in the language of index
// li: its customer ID, else its primary domain.
func (a AccountPlan) label(li int) string {
	switch {
	case a.CustomerID != "":
		return a.CustomerID
	case len(a.Domains) > 0:
		return a.Domains[0]
	}
	return frame(li, "account.actingAs", a.Caller)
}

// Plan is a dry run of the setup: what holds and what will change, per
// reseller account. Print it ([Plan.WriteText], or JSON), review it, then
// give it to [Setup.Apply].
type Plan struct {
	Team     Team          `json:"team"`
	MadeAt   time.Time     `json:"madeAt"`
	Issues   []Check       `json:"issues,omitempty"`
	Accounts []AccountPlan `json:"resellerAccounts"`
	Notes    []string      `json:"notes,omitempty"`
	// NoteMsgs are Notes as messages of the plan's catalogue, one per note,
	// so [Plan.In] renders them in the reader's language.
	NoteMsgs []Message `json:"noteMsgs,omitempty"`
	// lang is the index in languages of the language of the texts, set by
	// [Plan.In]: [Plan.Problems] frames them in it.
	lang int
}

// Ready reports whether the plan may be applied: no blocking check failed
// and no step is blocked.
func (p *Plan) Ready() bool { return p != nil && len(p.Problems()) == 0 }

// Problems lists, for people, what keeps the plan from applying, in the
// language of the plan's texts ([Plan.In]).
func (p *Plan) Problems() []string {
	if p == nil {
		return []string{frame(0, "plan.none")}
	}
	li := p.lang
	var out []string
	add := func(prefix string, c Check) {
		if !c.OK && c.Blocking {
			s := prefix + c.Rule + " " + c.Name
			if c.Detail != "" {
				s += frame(li, "problem.detail", c.Detail)
			}
			if c.Fix != "" {
				s += frame(li, "problem.fix", c.Fix)
			}
			out = append(out, s)
		}
	}
	for _, c := range p.Issues {
		add("", c)
	}
	for _, a := range p.Accounts {
		label := frame(li, "problem.account", a.label(li))
		for _, c := range a.Checks {
			add(label, c)
		}
		for _, s := range a.Steps {
			if s.Blocked != "" {
				kind := s.Kind.String()
				if li != 0 {
					kind = s.Kind.Label(languages[li])
				}
				out = append(out, label+s.Rule+" "+kind+" "+s.Subject+frame(li, "problem.detail", s.Blocked))
			}
		}
	}
	return out
}

// Changes counts the steps that would write.
func (p *Plan) Changes() int {
	n := 0
	for _, a := range p.Accounts {
		for _, s := range a.Steps {
			if s.Action != ActionNone {
				n++
			}
		}
	}
	return n
}

// Setup plans and applies the staff setup over one or more reseller
// accounts (rules S1 to S7). It is safe for concurrent use.
type Setup struct {
	targets     []Target
	concurrency int
	await       resellerkit.AwaitPolicy
	clock       func() time.Time
}

// SetupOptions tunes a [Setup]. A nil *SetupOptions means the defaults.
type SetupOptions struct {
	// Concurrency bounds the reads and writes in flight per reseller
	// account; 0 means [resellerkit.DefaultConcurrency].
	Concurrency int
	// Await bounds the visibility polls after writes (W5); the zero value
	// means resellerkit's defaults.
	Await resellerkit.AwaitPolicy
	// Clock stamps plans; nil means time.Now.
	Clock func() time.Time
}

// NewSetup returns a Setup over the reseller accounts targets. Each target
// needs its Caller and its three services.
func NewSetup(targets []Target, opts *SetupOptions) (*Setup, error) {
	const op = "access.NewSetup"
	if len(targets) == 0 {
		return nil, invalid(op, "targets", "is empty; give one Target per reseller account")
	}
	for i, t := range targets {
		field := "targets[" + itoa(i) + "]"
		if t.Domains == nil || t.Roles == nil || t.Licensing == nil {
			return nil, invalid(op, field, "needs Domains, Roles and Licensing services acting as a super admin of the reseller account")
		}
		if strings.TrimSpace(t.Caller) == "" {
			return nil, invalid(op, field+".Caller", "is empty; give the super admin the services act as (rule S1)")
		}
	}
	s := &Setup{targets: slices.Clone(targets), concurrency: resellerkit.DefaultConcurrency, clock: time.Now}
	if opts != nil {
		if opts.Concurrency < 0 {
			return nil, invalid(op, "SetupOptions.Concurrency", "is negative; use 0 for the default")
		}
		if opts.Concurrency > 0 {
			s.concurrency = opts.Concurrency
		}
		s.await = opts.Await
		if opts.Clock != nil {
			s.clock = opts.Clock
		}
	}
	return s, nil
}

// normTeam validates a team and fills its defaults.
func normTeam(op string, t Team) (Team, error) {
	if !t.Profile.Valid() {
		return t, invalid(op, "Team.Profile", "unknown portal profile "+t.Profile.String())
	}
	if t.OrgUnit == "" {
		t.OrgUnit = DefaultOrgUnit
	}
	ou, err := domains.NormalizeOrgUnitPath(t.OrgUnit)
	if err != nil {
		return t, invalid(op, "Team.OrgUnit", quote(t.OrgUnit)+" is not an org unit path; use one such as "+DefaultOrgUnit)
	}
	if ou == "/" {
		return t, invalid(op, "Team.OrgUnit", "is the top-level org unit; staff accounts need a dedicated one such as "+DefaultOrgUnit+" (S3), so automatic licensing can be turned off for it alone (S2)")
	}
	t.OrgUnit = ou
	if t.UseResellerAdmin && t.RoleName != "" {
		return t, invalid(op, "Team.RoleName", "is set with UseResellerAdmin; choose the pre-built Reseller Admin role or a custom role, not both (S5)")
	}
	if t.RoleName == "" && !t.UseResellerAdmin {
		t.RoleName = DefaultRoleName(t.Profile)
	}
	if len(t.People) == 0 {
		return t, invalid(op, "Team.People", "is empty; list the staff members and the domains each must cover")
	}
	ids := map[string]bool{}
	people := make([]Member, len(t.People))
	for i, m := range t.People {
		field := "Team.People[" + itoa(i) + "]"
		id, err := domains.NormalizeEmail(m.ID)
		if err != nil {
			return t, invalid(op, field+".ID", quote(m.ID)+" is not an email address; use the person's own (Workspace) address")
		}
		if ids[id] {
			return t, invalid(op, field+".ID", id+" appears twice")
		}
		ids[id] = true
		m.ID = id
		if m.Username == "" {
			m.Username = id[:strings.LastIndexByte(id, '@')]
		}
		m.Username = strings.ToLower(strings.TrimSpace(m.Username))
		if strings.ContainsAny(m.Username, "@ ") || m.Username == "" {
			return t, invalid(op, field+".Username", quote(m.Username)+" is not a user name; give the part before the @")
		}
		if strings.TrimSpace(m.GivenName) == "" || strings.TrimSpace(m.FamilyName) == "" {
			return t, invalid(op, field, "needs GivenName and FamilyName: Google requires both to create an account")
		}
		if len(m.Domains) == 0 {
			return t, invalid(op, field+".Domains", "is empty; list the reseller domains the person must cover (D2)")
		}
		ds := make([]string, 0, len(m.Domains))
		for j, d := range m.Domains {
			n, err := domains.NormalizeDomain(d)
			if err != nil {
				return t, invalid(op, field+".Domains["+itoa(j)+"]", quote(d)+" is not a domain name")
			}
			if !slices.Contains(ds, n) {
				ds = append(ds, n)
			}
		}
		m.Domains = ds
		people[i] = m
	}
	t.People = people
	return t, nil
}

// staffAccount is one account the team needs.
type staffAccount struct {
	member *Member
	email  string
	domain string
}

// Plan reads every reseller account (concurrently) and returns what the
// setup of team would do, without writing anything (S7: a dry run):
//
//   - preflight checks per reseller account (S1: the caller is a super admin
//     and not a consumer account; W6: the credentials, their scopes and the
//     delegation work for each API, with what to fix when they do not);
//   - the manual steps no API can do (S2: turn automatic licensing off for
//     the org unit; S6: the mail redirect, when chosen), and the double
//     licensing symptom of S2 when present;
//   - the steps: the org unit (S3), the accounts (one per person and domain,
//     D2; a secondary domain must be verified, D4), their Cloud Identity
//     Free licenses (S4, refusing to start when seats will not suffice), the
//     role (S5: Reseller Admin, or a custom role with exactly the profile's
//     privileges; one of the same name with other privileges blocks the
//     plan rather than being changed), and the customer-wide assignments.
//     An active account that already reaches the portal for good (the
//     Reseller Admin role, super admin, or any grant without an expiry,
//     through a group too: P1, P4) is left as it is, the step saying why,
//     and a custom role no account needs is not created.
//
// Bad input is an error; everything the plan finds wrong with the reseller
// accounts is in the plan ([Plan.Problems]), so it can be printed and fixed.
// A read failure other than a refused credential is an error (P7).
//
// Google: directory.domains.list, directory.users.get, directory.orgunits.get,
// directory.privileges.list, directory.roles.list,
// directory.roleAssignments.list, licensing.licenseAssignments.get,
// licensing.licenseAssignments.listForProduct(AndSku), and the seat source
func (s *Setup) Plan(ctx context.Context, team Team) (*Plan, error) {
	const op = "access.Setup.Plan"
	team, err := normTeam(op, team)
	if err != nil {
		return nil, err
	}
	plan := &Plan{Team: team, MadeAt: s.clock(), Accounts: make([]AccountPlan, len(s.targets))}

	// Read each reseller account's domains first, to route people's domains.
	accts := make([]domains.ResellerAccount, len(s.targets))
	readErr := make([]error, len(s.targets))
	g, gctx := errgroup.WithContext(ctx)
	for i := range s.targets {
		g.Go(func() error {
			a, err := s.targets[i].Domains.ResellerAccount(gctx)
			if err != nil && !diagnosable(err) {
				return err
			}
			accts[i], readErr[i] = a, err
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	owner := map[string]int{}
	for i, a := range accts {
		for _, d := range a.Domains {
			owner[d.Name] = i
		}
	}
	need := make([][]staffAccount, len(s.targets))
	for pi := range team.People {
		m := &team.People[pi]
		for _, d := range m.Domains {
			i, ok := owner[d]
			if !ok {
				plan.Issues = append(plan.Issues, englishCheck(Check{Rule: "S7", NameMsg: msg("check.domain.name", d, m.ID), Blocking: true,
					DetailMsg: msg("check.domain.detail"),
					FixMsg:    msg("check.domain.fix", d)}))
				continue
			}
			email, err := domains.NormalizeEmail(m.Username + "@" + d)
			if err != nil {
				return nil, invalid(op, "Team.People["+itoa(pi)+"].Username", quote(m.Username)+" does not make an address on "+d)
			}
			need[i] = append(need[i], staffAccount{member: m, email: email, domain: d})
		}
	}

	g, gctx = errgroup.WithContext(ctx)
	for i := range s.targets {
		g.Go(func() error {
			ap, err := s.planAccount(gctx, &team, i, accts[i], readErr[i], need[i])
			plan.Accounts[i] = ap
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if team.Alerts == AlertsSharing {
		plan.NoteMsgs = append(plan.NoteMsgs, msg("note.sharing"))
	}
	plan.NoteMsgs = append(plan.NoteMsgs, msg("note.propagation"))
	for _, m := range plan.NoteMsgs {
		plan.Notes = append(plan.Notes, m.String())
	}
	return plan, nil
}

// diagnosable reports whether err is an answer a preflight check explains
// (refused credentials, missing scope or privilege, API not enabled), as
// opposed to a failure to read that must stop the plan (P7).
func diagnosable(err error) bool {
	switch resellerkit.KindOf(err) {
	case resellerkit.KindUnauthenticated, resellerkit.KindPermissionDenied:
		return true
	}
	return false
}

// credentialCheck turns the answer of one API probe into a W6 check.
func credentialCheck(api, scope string, caller string, err error) Check {
	c := Check{Rule: "W6", NameMsg: msg("check.credentials.name", api), OK: err == nil, Blocking: true}
	if err == nil {
		return englishCheck(c)
	}
	c.DetailMsg = errMessage(err)
	var ge *resellerkit.Error
	reason := ""
	if errors.As(err, &ge) {
		reason = ge.Reason
	}
	switch {
	case resellerkit.KindOf(err) == resellerkit.KindUnauthenticated:
		c.FixMsg = msg("check.credentials.fix.unauthenticated", scope, caller)
	case reason == "accessNotConfigured":
		c.FixMsg = msg("check.credentials.fix.apiDisabled", api)
	case reason == "insufficientPermissions" || reason == "insufficientScopes":
		c.FixMsg = msg("check.credentials.fix.scope", scope)
	default:
		c.FixMsg = msg("check.credentials.fix.other", caller, scope)
	}
	return englishCheck(c)
}

// planAccount plans one reseller account (S7). The preflight checks come
// first; the steps are planned only when every API answered, so a refused
// credential is one clear check rather than a cascade of failed reads. An
// error is a failure to read that no check explains (P7).
func (s *Setup) planAccount(ctx context.Context, team *Team, ti int, acct domains.ResellerAccount, readErr error, need []staffAccount) (AccountPlan, error) {
	p := &accountPlanner{s: s, t: &s.targets[ti], team: team, acct: acct, need: need}
	p.customer, p.licCustomer = customerKeys(acct)
	p.ap = AccountPlan{CustomerID: acct.CustomerID, Caller: strings.TrimSpace(p.t.Caller), target: ti}
	for _, d := range acct.Domains {
		p.ap.Domains = append(p.ap.Domains, d.Name)
	}
	if ready, err := p.preflight(ctx, readErr); err != nil || !ready {
		return p.ap, err
	}
	if err := p.checkDoubleLicensing(ctx); err != nil {
		return p.ap, err
	}
	if err := p.planOrgUnit(ctx); err != nil {
		return p.ap, err
	}
	staff, err := p.planStaff(ctx)
	if err != nil {
		return p.ap, err
	}
	if err := p.checkSeats(ctx, staff); err != nil {
		return p.ap, err
	}
	roleStep, roleID, err := s.planRole(ctx, p.t, team, p.customer, p.res)
	if err != nil {
		return p.ap, err
	}
	p.ap.RoleID = roleID
	p.ap.Steps = append(p.ap.Steps, roleStep)
	if err := p.planAssignments(ctx, staff, roleStep, roleID); err != nil {
		return p.ap, err
	}
	p.skipUnneededRole()
	p.addMailRedirect()
	return p.ap, nil
}

// customerKeys returns how the APIs name a reseller account: the Directory
// API by its customer ID, or my_customer for the caller's own; the Licensing
// API by its customer ID, or its primary domain, which it also takes.
func customerKeys(acct domains.ResellerAccount) (customer, licCustomer string) {
	customer, licCustomer = acct.CustomerID, acct.CustomerID
	if customer == "" {
		customer = "my_customer"
		if p, ok := acct.Primary(); ok {
			licCustomer = p.Name
		}
	}
	return customer, licCustomer
}

// accountPlanner is the planning of one reseller account: its methods are
// the steps of [Setup.planAccount], each adding its checks, manual steps
// and steps to ap in the order a reader checks them and Apply runs them.
type accountPlanner struct {
	s    *Setup
	t    *Target
	team *Team
	acct domains.ResellerAccount
	need []staffAccount
	// customer and licCustomer name the reseller account to the Directory
	// and Licensing APIs ([customerKeys]).
	customer, licCustomer string
	// res is the tenant's privilege tree resolved against the profile's
	// privilege names, read by the W6 probe of the roles API.
	res roles.Resolution
	ap  AccountPlan
}

// preflight runs the checks of S1 (the caller is an address, not a consumer
// account, on this reseller account, and a super admin) and W6 (the
// credentials, scopes and delegation of each API), and reports whether the
// steps can be planned: only when every API answered.
func (p *accountPlanner) preflight(ctx context.Context, readErr error) (bool, error) {
	caller, cerr := p.checkCallerAddress()
	p.ap.Checks = append(p.ap.Checks, credentialCheck("Admin SDK Directory API (domains)", resellerkit.ScopeDirectoryDomainReadonly, p.ap.Caller, readErr))
	if readErr != nil {
		return false, nil // nothing more can be read with these credentials
	}
	if cerr == nil && !domains.IsConsumerDomain(caller) {
		_, onAccount := p.acct.Domain(caller[strings.LastIndexByte(caller, '@')+1:])
		p.ap.Checks = append(p.ap.Checks, englishCheck(Check{Rule: "S1", NameMsg: msg("check.caller.onAccount.name"), OK: onAccount, Blocking: true,
			DetailMsg: verbatim(caller), FixMsg: msg("check.caller.onAccount.fix", strings.Join(p.ap.Domains, ", "))}))
	}
	rolesOK, licOK, err := p.probeAPIs(ctx)
	if err != nil {
		return false, err
	}
	if rolesOK && cerr == nil {
		if err := p.checkSuperAdmin(ctx, caller); err != nil {
			return false, err
		}
	}
	return rolesOK && licOK, nil
}

// checkCallerAddress is S1's first check: the caller is an address, and
// not a consumer (Gmail) account, which cannot administer a reseller
// account. It returns the normalised address, and sets ap.Caller to it when
// the check passes.
func (p *accountPlanner) checkCallerAddress() (string, error) {
	caller, err := domains.NormalizeEmail(p.ap.Caller)
	switch {
	case err != nil:
		p.ap.Checks = append(p.ap.Checks, englishCheck(Check{Rule: "S1", NameMsg: msg("check.caller.address.name"), Blocking: true,
			DetailMsg: msg("check.caller.address.detail", quote(p.ap.Caller)), FixMsg: msg("check.caller.address.fix")}))
	case domains.IsConsumerDomain(caller):
		p.ap.Checks = append(p.ap.Checks, englishCheck(Check{Rule: "S1", NameMsg: msg("check.caller.consumer.name"), Blocking: true,
			DetailMsg: msg("check.caller.consumer.detail", caller), FixMsg: msg("check.caller.consumer.fix")}))
	default:
		p.ap.Checks = append(p.ap.Checks, englishCheck(Check{Rule: "S1", NameMsg: msg("check.caller.consumer.name"), OK: true, Blocking: true, DetailMsg: verbatim(caller)}))
		p.ap.Caller = caller
	}
	return caller, err
}

// probeAPIs is W6 for the role management and licensing scopes: one read
// through each API, whose refusal becomes a check saying what to fix. It
// keeps the privilege resolution for the role step (S5).
//
// Google: directory.privileges.list,
// licensing.licenseAssignments.listForProduct
func (p *accountPlanner) probeAPIs(ctx context.Context) (rolesOK, licOK bool, err error) {
	res, err := p.t.Roles.ResolveAll(ctx, p.customer)
	if err != nil && !diagnosable(err) {
		return false, false, err
	}
	p.res = res
	p.ap.Checks = append(p.ap.Checks, credentialCheck("Admin SDK Directory API (roles)", resellerkit.ScopeDirectoryRoleManagement, p.ap.Caller, err))
	rolesOK = err == nil
	_, lerr := p.t.Licensing.ListPage(ctx, p.licCustomer, licensing.ProductCloudIdentityFree, nil, resellerkit.PageRequest{})
	if lerr != nil && !diagnosable(lerr) && resellerkit.KindOf(lerr) != resellerkit.KindInvalidArgument {
		return false, false, lerr
	}
	p.ap.Checks = append(p.ap.Checks, credentialCheck("Enterprise License Manager API", resellerkit.ScopeLicensing, p.ap.Caller, lerr))
	return rolesOK, lerr == nil, nil
}

// checkSuperAdmin is S1's last check: only a super admin can do the setup,
// and a suspended one (P5) cannot.
//
// Google: as [roles.Service.Effective]
func (p *accountPlanner) checkSuperAdmin(ctx context.Context, caller string) error {
	eff, err := p.t.Roles.Effective(ctx, p.customer, caller)
	switch {
	case err != nil && !diagnosable(err) && resellerkit.KindOf(err) != resellerkit.KindNotFound:
		return err
	case err != nil:
		p.ap.Checks = append(p.ap.Checks, englishCheck(Check{Rule: "S1", NameMsg: msg("check.caller.superAdmin.name"), Blocking: true, DetailMsg: errMessage(err),
			FixMsg: msg("check.caller.superAdmin.fixUnread")}))
	default:
		ok := eff.SuperAdmin != nil && !eff.Blocked
		c := Check{Rule: "S1", NameMsg: msg("check.caller.superAdmin.name"), OK: ok, Blocking: true, DetailMsg: verbatim(caller)}
		if !ok {
			c.FixMsg = msg("check.caller.superAdmin.fix")
		}
		p.ap.Checks = append(p.ap.Checks, englishCheck(c))
	}
	return nil
}

// checkDoubleLicensing is S2: turning automatic licensing off is a manual
// step (no API can), and accounts holding both a Workspace and a Cloud
// Identity license are its symptom, reported as a warning.
//
// Google: licensing.licenseAssignments.listForProduct, once per product
func (p *accountPlanner) checkDoubleLicensing(ctx context.Context) error {
	text, textMsg := withEnglish(msg("manual.autoLicensing", p.team.OrgUnit))
	p.ap.Manual = append(p.ap.Manual, ManualStep{Rule: "S2", Text: text, TextMsg: textMsg})
	dl, err := p.t.Licensing.DoubleLicensed(ctx, p.licCustomer, nil)
	switch {
	case err != nil && !diagnosable(err):
		return err
	case err != nil:
		p.ap.Checks = append(p.ap.Checks, englishCheck(Check{Rule: "S2", NameMsg: msg("check.doubleLicensing.name"), DetailMsg: errMessage(err)}))
	default:
		c := Check{Rule: "S2", NameMsg: msg("check.doubleLicensing.name"), OK: len(dl.Accounts) == 0}
		if !c.OK {
			var us []string
			for _, a := range dl.Accounts {
				us = append(us, a.UserID)
			}
			c.DetailMsg = verbatim(strings.Join(us, ", "))
			c.FixMsg = msg("check.doubleLicensing.fix")
		}
		p.ap.Checks = append(p.ap.Checks, englishCheck(c))
	}
	return nil
}

// planOrgUnit is S3's org unit step: the staff accounts' dedicated org unit
// exists, or will be created with its parents.
//
// Google: directory.orgunits.get
func (p *accountPlanner) planOrgUnit(ctx context.Context) error {
	st := Step{Kind: StepOrgUnit, Rule: "S3", Subject: p.team.OrgUnit}
	switch _, err := p.t.Domains.GetOrgUnit(ctx, p.team.OrgUnit); {
	case err == nil:
		st.Detail, st.DetailMsg = withEnglish(msg("step.orgUnit.exists"))
	case resellerkit.KindOf(err) == resellerkit.KindNotFound:
		st.Action = ActionCreate
		st.Detail, st.DetailMsg = withEnglish(msg("step.orgUnit.create"))
	default:
		return err
	}
	p.ap.Steps = append(p.ap.Steps, st)
	return nil
}

// staffPlan is what the plan found for one staff account.
type staffPlan struct {
	account, license Step
	exists           bool // Google has the account
	inactive         bool // it exists and is suspended, archived or deleted (P5)
}

// planStaff plans the staff accounts (S3, D2) and their licenses (S4),
// reading them concurrently: all the account steps, then all the license
// steps, as Apply runs them. Accounts that exist but are not active are a
// warning (P5): they will not reach the portal.
func (p *accountPlanner) planStaff(ctx context.Context) ([]staffPlan, error) {
	staff := make([]staffPlan, len(p.need))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(p.s.concurrency)
	for i, sa := range p.need {
		g.Go(func() (err error) {
			staff[i], err = p.planStaffAccount(gctx, sa)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	var inactive []string
	for i, sp := range staff {
		p.ap.Steps = append(p.ap.Steps, sp.account)
		if sp.inactive {
			inactive = append(inactive, p.need[i].email)
		}
	}
	for _, sp := range staff {
		p.ap.Steps = append(p.ap.Steps, sp.license)
	}
	if len(inactive) > 0 {
		slices.Sort(inactive)
		p.ap.Checks = append(p.ap.Checks, englishCheck(Check{Rule: "P5", NameMsg: msg("check.active.name"), DetailMsg: msg("check.active.detail", strings.Join(inactive, ", ")),
			FixMsg: msg("check.active.fix")}))
	}
	return staff, nil
}

// planStaffAccount plans one staff account and its license. An account on
// a domain no account can use (D4: an unverified secondary domain) is
// blocked; the license of an account that does not exist yet is not read:
// it will be assigned.
//
// Google: directory.users.get, licensing.licenseAssignments.get
func (p *accountPlanner) planStaffAccount(ctx context.Context, sa staffAccount) (staffPlan, error) {
	sp := staffPlan{
		account: Step{Kind: StepAccount, Rule: "S3", Subject: sa.email, Person: sa.member.ID},
		license: Step{Kind: StepLicense, Rule: "S4", Subject: sa.email, Person: sa.member.ID},
	}
	st, lic := &sp.account, &sp.license
	if _, err := p.acct.CheckUsable(sa.domain); err != nil {
		st.Blocked, st.BlockedMsg = withEnglish(domainErrMessage(err))
		lic.Blocked, lic.BlockedMsg = withEnglish(msg("step.blocked.noAccount"))
		return sp, nil
	}
	a, err := p.t.Domains.GetAccount(ctx, sa.email)
	switch {
	case err == nil:
		sp.exists = true
		if strings.EqualFold(a.OrgUnitPath, p.team.OrgUnit) {
			st.DetailMsg = msg("step.account.exists", a.OrgUnitPath)
		} else {
			st.Action, st.DetailMsg = ActionUpdate, msg("step.account.move", a.OrgUnitPath, p.team.OrgUnit)
		}
		if a.State() != domains.StateActive {
			st.DetailMsg = msgOf("step.account.inactive", st.DetailMsg, stateMessage(a.State()))
			sp.inactive = true
		}
		st.Detail = st.DetailMsg.String()
	case resellerkit.KindOf(err) == resellerkit.KindNotFound:
		st.Action = ActionCreate
		st.Detail, st.DetailMsg = withEnglish(msg("step.account.create", sa.member.GivenName, sa.member.FamilyName, p.team.OrgUnit))
	default:
		return sp, err
	}
	if !sp.exists {
		lic.Action = ActionCreate
		lic.Detail, lic.DetailMsg = withEnglish(msg("step.license.create"))
		return sp, nil
	}
	switch _, err := p.t.Licensing.Get(ctx, licensing.ProductCloudIdentityFree, licensing.SKUCloudIdentityFree, sa.email); {
	case err == nil:
		lic.Detail, lic.DetailMsg = withEnglish(msg("step.license.holds"))
	case resellerkit.KindOf(err) == resellerkit.KindNotFound:
		lic.Action = ActionCreate
		lic.Detail, lic.DetailMsg = withEnglish(msg("step.license.create"))
	default:
		return sp, err
	}
	return sp, nil
}

// checkSeats is S4's check that enough Cloud Identity Free seats are free
// for the licenses to assign, so the setup does not stop halfway. A seat
// source that does not know the SKU is a warning, not a block.
//
// Google: as [licensing.Service.CheckSeats]
func (p *accountPlanner) checkSeats(ctx context.Context, staff []staffPlan) error {
	seatsNeeded := 0
	for _, sp := range staff {
		if sp.license.Action == ActionCreate && sp.license.Blocked == "" {
			seatsNeeded++
		}
	}
	if seatsNeeded == 0 {
		return nil
	}
	u, err := p.t.Licensing.CheckSeats(ctx, p.licCustomer, licensing.ProductCloudIdentityFree, licensing.SKUCloudIdentityFree, seatsNeeded)
	c := Check{Rule: "S4", NameMsg: msg("check.seats.name"), OK: err == nil, Blocking: true}
	switch {
	case err == nil:
		c.DetailMsg = msg("check.seats.ok", itoa(seatsNeeded), itoa(u.Free()), itoa(u.Assigned), itoa(u.Available))
	case errors.Is(err, licensing.ErrNoSeats):
		c.DetailMsg = Message{Key: "check.seats.short", Cause: err.Error(),
			Args: []string{itoa(seatsNeeded), itoa(u.Free()), itoa(u.Assigned), itoa(u.Available), itoa(seatsNeeded - u.Free())}}
		c.FixMsg = msg("check.seats.short.fix")
	case resellerkit.KindOf(err) == resellerkit.KindNotFound || resellerkit.KindOf(err) == resellerkit.KindInvalidArgument:
		// The seat source does not know this SKU: say so, do not block.
		c.OK, c.Blocking = true, false
		c.DetailMsg = msgOf("check.seats.unknown", Message{Key: "check.seats.unknown.cause", Cause: err.Error()})
		c.FixMsg = msg("check.seats.unknown.fix")
	case diagnosable(err):
		c.DetailMsg = errMessage(err)
	default:
		return err
	}
	p.ap.Checks = append(p.ap.Checks, englishCheck(c))
	return nil
}

// planAssignments plans S5's assignment of the role to each staff account,
// customer-wide (P4), reading the existing assignments concurrently.
func (p *accountPlanner) planAssignments(ctx context.Context, staff []staffPlan, role Step, roleID string) error {
	steps := make([]Step, len(p.need))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(p.s.concurrency)
	for i, sa := range p.need {
		g.Go(func() (err error) {
			steps[i], err = p.planAssignment(gctx, sa, staff[i], role, roleID)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	p.ap.Steps = append(p.ap.Steps, steps...)
	return nil
}

// planAssignment plans the role's assignment to one staff account. It is
// blocked when the account or the role is; it is read only when both exist.
// An assignment that expires is replaced by one that does not (P4).
//
// Google: directory.roleAssignments.list
func (p *accountPlanner) planAssignment(ctx context.Context, sa staffAccount, sp staffPlan, role Step, roleID string) (Step, error) {
	st := Step{Kind: StepAssignment, Rule: "S5", Subject: sa.email, Person: sa.member.ID}
	switch {
	case sp.account.Blocked != "":
		st.Blocked, st.BlockedMsg = withEnglish(msg("step.blocked.noAccount"))
		return st, nil
	case role.Blocked != "":
		st.Blocked, st.BlockedMsg = withEnglish(msg("step.blocked.noRole"))
		return st, nil
	case !sp.exists:
		st.Action = ActionCreate
		st.Detail, st.DetailMsg = withEnglish(msg("step.assignment.create"))
		return st, nil
	}
	st.Action = ActionCreate
	st.Detail, st.DetailMsg = withEnglish(msg("step.assignment.create"))
	if roleID != "" {
		as, err := resellerkit.Collect(p.t.Roles.ListAssignments(ctx, p.customer, &roles.ListAssignmentsOptions{UserKey: sa.email, RoleID: roleID}))
		if err != nil {
			return st, err
		}
		held, expiring := customerWide(as)
		if held {
			st.Action = ActionNone
			st.Detail, st.DetailMsg = withEnglish(msg("step.assignment.holds"))
			return st, nil
		}
		if expiring {
			st.Action = ActionUpdate
			st.Detail, st.DetailMsg = withEnglish(msg("step.assignment.expiring"))
		}
	}
	if sp.inactive {
		return st, nil // P5: no grant counts until it is active; the P5 check says so
	}
	why, err := p.allowedForGood(ctx, sa.email)
	if err != nil {
		return st, err
	}
	if !why.IsZero() {
		st.Action = ActionNone
		st.Detail, st.DetailMsg = withEnglish(msgOf("step.assignment.notNeeded", why))
	}
	return st, nil
}

// allowedForGood says why the active account email already reaches the
// portal under the team's profile through grants that do not expire, or
// returns a zero Message when it does not. S5's goal is portal access (P1), and the
// Reseller Admin role meets it as well as the custom role does: assigning
// the team's role on top would change nothing for the person, so the plan
// leaves the account as it is. Grants that expire do not count (P4): the
// account would lose the portal at their expiry, so the plan still assigns
// a role that does not expire. Assignments through groups count (P4).
//
// Google: as [roles.Service.Effective] (directory.users.get,
// directory.roleAssignments.list, directory.roles.get)
func (p *accountPlanner) allowedForGood(ctx context.Context, email string) (Message, error) {
	eff, err := p.t.Roles.Effective(ctx, p.customer, email)
	if err != nil {
		return Message{}, err
	}
	if eff.Blocked {
		return Message{}, nil // P5: nothing counts
	}
	if eff.SuperAdmin != nil && !eff.SuperAdmin.ExpireTime.IsZero() {
		eff.SuperAdmin = nil
	}
	if eff.ResellerAdmin != nil && !eff.ResellerAdmin.ExpireTime.IsZero() {
		eff.ResellerAdmin = nil
	}
	eff.Grants = slices.DeleteFunc(slices.Clone(eff.Grants), func(g roles.Grant) bool { return !g.ExpireTime.IsZero() })
	d := Decide(Facts{Email: email, State: StateActive, Effective: eff}, p.team.Profile)
	if !d.Allowed {
		return Message{}, nil
	}
	var paths []Message
	for _, path := range d.Paths() {
		switch path {
		case PathResellerAdmin:
			paths = append(paths, msgOf("path.resellerAdmin", msg("role.resellerAdmin"), verbatim(path.Rule())))
		case PathSuperAdmin:
			paths = append(paths, msg("path.superAdmin", path.Rule()))
		default:
			var names []string
			for _, r := range d.Reasons() {
				if r.Path == path && r.Grant.RoleName != "" && !slices.Contains(names, r.Grant.RoleName) {
					names = append(names, r.Grant.RoleName)
				}
			}
			key := "path.role"
			if len(names) != 1 {
				key = "path.roles"
			}
			paths = append(paths, msg(key, strings.Join(names, ", "), path.Rule()))
		}
	}
	return msgOf("step.assignment.reaches", joinMessages("join.and", paths)), nil
}

// skipUnneededRole keeps the custom role from being created when no staff
// account of this reseller account needs it: every assignment step holds,
// each account being assigned already or allowed for good otherwise (S5).
// A role created for nobody would be a change with no effect.
func (p *accountPlanner) skipUnneededRole() {
	ri := slices.IndexFunc(p.ap.Steps, func(s Step) bool { return s.Kind == StepRole })
	if ri < 0 || p.ap.Steps[ri].Action != ActionCreate || p.ap.Steps[ri].Blocked != "" || len(p.need) == 0 {
		return
	}
	for _, s := range p.ap.Steps {
		if s.Kind == StepAssignment && (s.Action != ActionNone || s.Blocked != "") {
			return
		}
	}
	p.ap.Steps[ri].Action = ActionNone
	p.ap.Steps[ri].Detail, p.ap.Steps[ri].DetailMsg = withEnglish(msg("step.role.notNeeded"))
}

// customerWide reports whether the assignments as of one account hold the
// role customer-wide for good (held), or only until an expiry (expiring).
// Assignments through a group, scoped to an org unit or conditional do not
// count: they grant nothing here, or are not the account's own (P4).
func customerWide(as []roles.Assignment) (held, expiring bool) {
	for _, a := range as {
		if a.AssigneeType == roles.AssigneeGroup || a.Scope == roles.ScopeOrgUnit || a.Condition != "" {
			continue
		}
		if a.ExpireTime.IsZero() {
			return true, expiring
		}
		expiring = true
	}
	return false, expiring
}

// addMailRedirect adds S6's manual step when the team chose the mail
// redirect: no API sets it.
func (p *accountPlanner) addMailRedirect() {
	if p.team.Alerts != AlertsRedirect || len(p.need) == 0 {
		return
	}
	var accts []string
	for _, sa := range p.need {
		accts = append(accts, sa.email+" → "+sa.member.ID)
	}
	text, textMsg := withEnglish(msg("manual.mailRedirect"))
	p.ap.Manual = append(p.ap.Manual, ManualStep{Rule: "S6", Text: text, TextMsg: textMsg, Accounts: accts})
}

// planRole plans the role step (S5) and returns the role's ID when it exists.
func (s *Setup) planRole(ctx context.Context, t *Target, team *Team, customer string, res roles.Resolution) (Step, string, error) {
	if team.UseResellerAdmin {
		st := Step{Kind: StepRole, Rule: "S5", Subject: ResellerAdminRoleName(englishTag)}
		r, err := t.Roles.FindResellerAdminRole(ctx, customer)
		switch {
		case err == nil:
			st.Detail, st.DetailMsg = withEnglish(msg("step.role.prebuiltExists", r.Name))
			return st, r.ID, nil
		case resellerkit.KindOf(err) == resellerkit.KindNotFound:
			st.Blocked, st.BlockedMsg = withEnglish(msgOf("step.role.noResellerAdmin", msg("role.resellerAdmin")))
			return st, "", nil
		}
		return st, "", err
	}
	st := Step{Kind: StepRole, Rule: "S5", Subject: team.RoleName}
	keys := team.Profile.Privileges()
	var want []roles.PrivilegeRef
	var absent []string
	for _, k := range keys {
		ref, ok := res.Present[k]
		if !ok {
			absent = append(absent, string(k))
			continue
		}
		want = append(want, ref)
	}
	if len(absent) > 0 {
		st.Blocked, st.BlockedMsg = withEnglish(msg("step.role.privilegesAbsent", strings.Join(absent, ", ")))
		return st, "", nil
	}
	r, err := t.Roles.FindRole(ctx, customer, team.RoleName)
	switch {
	case resellerkit.KindOf(err) == resellerkit.KindNotFound:
		names := make([]Message, len(keys))
		for i, k := range keys {
			names[i] = privilegeMessage(k)
		}
		st.Action = ActionCreate
		st.Detail, st.DetailMsg = withEnglish(msgOf("step.role.create", joinMessages("join.list", names)))
		return st, "", nil
	case err != nil:
		return st, "", err
	}
	missing, extra := diffRefs(want, r.Privileges)
	if len(missing) == 0 && len(extra) == 0 {
		st.Detail, st.DetailMsg = withEnglish(msg("step.role.exists"))
		return st, r.ID, nil
	}
	st.Blocked, st.BlockedMsg = withEnglish(msgOf("step.role.conflict", refList(missing), refList(extra)))
	return st, r.ID, nil
}

func diffRefs(want, have []roles.PrivilegeRef) (missing, extra []roles.PrivilegeRef) {
	for _, w := range want {
		if !slices.Contains(have, w) {
			missing = append(missing, w)
		}
	}
	for _, h := range have {
		if !slices.Contains(want, h) {
			extra = append(extra, h)
		}
	}
	return missing, extra
}

// refList names privileges as the tenant does, or says there are none.
func refList(rs []roles.PrivilegeRef) Message {
	if len(rs) == 0 {
		return msg("list.none")
	}
	var names []string
	for _, r := range rs {
		names = append(names, r.Name)
	}
	return verbatim(strings.Join(names, ", "))
}
