package domains

import (
	"slices"
	"strings"
	"time"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/internal/errs"
)

// Domain is a domain of a reseller account (directory.domains.list).
type Domain struct {
	Name     string // normalised (rule D3)
	Primary  bool
	Verified bool
	// Aliases are the domain aliases of this domain. An alias gives users
	// extra addresses; it cannot be the domain of an account's primary email.
	Aliases      []DomainAlias
	CreationTime time.Time
}

// DomainAlias is an alias of a [Domain].
type DomainAlias struct {
	Name     string // normalised (rule D3)
	Verified bool
}

// ResellerAccount is a reseller's Google tenant with its domains: the primary
// one and the secondary ones. Customers are assigned to one of these domains
// and the portal shows a staff account only the customers of its own domain
// (rule D1), so every domain that has customers needs staff accounts.
type ResellerAccount struct {
	// CustomerID is the tenant's Google customer ID ("C0...").
	CustomerID string
	// Domains lists the primary domain first, then the secondary ones by
	// name.
	Domains []Domain
}

// Primary returns the primary domain, and false if the listing held none.
func (a ResellerAccount) Primary() (Domain, bool) {
	for _, d := range a.Domains {
		if d.Primary {
			return d, true
		}
	}
	return Domain{}, false
}

// Secondary returns the secondary domains, verified or not.
func (a ResellerAccount) Secondary() []Domain {
	var out []Domain
	for _, d := range a.Domains {
		if !d.Primary {
			out = append(out, d)
		}
	}
	return out
}

// Domain returns the domain named name (compared after normalisation, rule
// D3), and false if the account has no such domain.
func (a ResellerAccount) Domain(name string) (Domain, bool) {
	n, err := NormalizeDomain(name)
	if err != nil {
		return Domain{}, false
	}
	for _, d := range a.Domains {
		if d.Name == n {
			return d, true
		}
	}
	return Domain{}, false
}

// CheckUsable reports whether accounts may be created on domain.
//
// Rule D4: a secondary domain must be verified before accounts can use it;
// an unverified one is an error of [resellerkit.KindFailedPrecondition]
// that wraps [ErrDomainNotVerified] and says to verify it first. The primary
// domain is usable while unverified, as Google allows during its grace
// period. A domain alias, or a domain the account does not have, is an error
// of [resellerkit.KindInvalidArgument] wrapping [ErrNotResellerDomain].
func (a ResellerAccount) CheckUsable(domain string) (Domain, error) {
	return a.checkUsable("domains.ResellerAccount.CheckUsable", domain)
}

func (a ResellerAccount) checkUsable(op, domain string) (Domain, error) {
	n, err := normalizeDomain(op, "domain", domain)
	if err != nil {
		return Domain{}, err
	}
	for _, d := range a.Domains {
		if d.Name == n {
			if !d.Primary && !d.Verified {
				return d, errs.New(resellerkit.KindFailedPrecondition, op,
					&DomainError{Domain: n, Err: ErrDomainNotVerified,
						Hint: "verify it first (Admin console › Account › Domains › Manage domains), then retry (rule D4)"})
			}
			return d, nil
		}
		for _, al := range d.Aliases {
			if al.Name == n {
				return Domain{}, errs.New(resellerkit.KindInvalidArgument, op,
					&DomainError{Domain: n, Err: ErrNotResellerDomain,
						Hint: "it is an alias of " + d.Name + ", which cannot hold primary addresses; use " + d.Name})
			}
		}
	}
	names := make([]string, 0, len(a.Domains))
	for _, d := range a.Domains {
		names = append(names, d.Name)
	}
	return Domain{}, errs.New(resellerkit.KindInvalidArgument, op,
		&DomainError{Domain: n, Err: ErrNotResellerDomain,
			Hint: "this reseller account's domains are " + strings.Join(names, ", ") + "; use one of them"})
}

// sortDomains puts the primary domain first, then the others by name.
func sortDomains(ds []Domain) {
	slices.SortStableFunc(ds, func(a, b Domain) int {
		switch {
		case a.Primary && !b.Primary:
			return -1
		case b.Primary && !a.Primary:
			return 1
		}
		return strings.Compare(a.Name, b.Name)
	})
}

// AccountState is the state of a staff account that decides whether it can
// sign in at all.
type AccountState uint8

// Account states. A deleted account is not found by Google's users.get, so it
// has no state here.
const (
	StateActive AccountState = iota
	StateSuspended
	StateArchived
)

// String returns the state in words ("suspended").
func (s AccountState) String() string {
	switch s {
	case StateActive:
		return "active"
	case StateSuspended:
		return "suspended"
	case StateArchived:
		return "archived"
	}
	return "state(?)"
}

// MarshalText renders the state in words, for JSON reports.
func (s AccountState) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Account is a staff account: a user on one reseller domain
// (directory.users).
type Account struct {
	ID         string // the immutable user ID
	Email      string // the primary email, normalised (rule D3)
	Domain     string // the domain of Email
	CustomerID string
	GivenName  string
	FamilyName string
	// OrgUnitPath is the org unit that holds the account, e.g.
	// "/Reseller support" (rule S3).
	OrgUnitPath      string
	Suspended        bool
	SuspensionReason string
	Archived         bool
	IsAdmin          bool // a super admin
	IsDelegatedAdmin bool // holds an admin role other than super admin
	Aliases          []string
	CreationTime     time.Time
	LastLoginTime    time.Time // zero: never signed in
	// ChangePasswordAtNextLogin is set on the accounts the Service creates
	// and on those [Service.ResetPassword] resets: the generated password
	// gets the person in once. With a zero LastLoginTime it marks an
	// account still waiting for its first sign-in with the generated
	// password: if the caller has no record of that password (a crash
	// before it was saved, a run without a [PasswordKeeper]), nobody has
	// it, and ResetPassword gives the account a new one.
	ChangePasswordAtNextLogin bool
	ETag                      string
}

// State returns the account's state; archived wins over suspended.
func (a Account) State() AccountState {
	switch {
	case a.Archived:
		return StateArchived
	case a.Suspended:
		return StateSuspended
	}
	return StateActive
}

// OrgUnit is an organizational unit of a tenant (directory.orgunits).
type OrgUnit struct {
	ID          string // Google's orgUnitId, e.g. "id:03ph8a2z1..."
	Path        string // the full path, e.g. "/Reseller support"
	Name        string
	ParentPath  string // "" for the top-level org unit
	Description string
	ETag        string
}

// SupportPlan is a customer's Google support plan. The Reseller API does not
// carry it: a [PlanSource] supplies it, and a customer whose plan no source
// knows has [PlanUnknown]. Escalating a case needs Premium (rule C8).
type SupportPlan string

// Support plans.
const (
	PlanUnknown  SupportPlan = ""
	PlanStandard SupportPlan = "Standard"
	PlanEnhanced SupportPlan = "Enhanced"
	PlanPremium  SupportPlan = "Premium"
)

// String returns the plan's name, or "unknown".
func (p SupportPlan) String() string {
	if p == PlanUnknown {
		return "unknown"
	}
	return string(p)
}

// ParseSupportPlan reads a plan name, case-insensitively ("premium",
// "Premium Support", "PREMIUM"). An empty string is [PlanUnknown]; anything
// else is an error of [resellerkit.KindInvalidArgument].
func ParseSupportPlan(s string) (SupportPlan, error) {
	n := strings.ToLower(strings.TrimSpace(s))
	n = strings.TrimSpace(strings.TrimSuffix(n, "support"))
	switch n {
	case "":
		return PlanUnknown, nil
	case "standard":
		return PlanStandard, nil
	case "enhanced":
		return PlanEnhanced, nil
	case "premium":
		return PlanPremium, nil
	}
	return PlanUnknown, errs.Invalid("domains.ParseSupportPlan", "plan",
		quote(s)+" is not a support plan; use Standard, Enhanced or Premium")
}

// Customer is a customer tenant managed by the reseller, as seen from one
// reseller domain (rules D1, D5).
type Customer struct {
	ID     string // the Google customer ID
	Domain string // the customer's primary domain, normalised (rule D3)
	// ResellerDomain is the reseller domain the customer is assigned to:
	// only accounts on that domain see it in the portal (rule D1).
	ResellerDomain string
	// AccessGranted reports whether the customer lets the reseller into its
	// account (rule D5). A customer that turned reseller access off is still
	// listed, with false here: Google answers 403 for its details, and the
	// reseller can neither administer it nor file support cases for it.
	AccessGranted bool
	// DomainVerified is the customer's domain verification, known only when
	// AccessGranted.
	DomainVerified bool
	// Plan is the customer's support plan where a [PlanSource] knows it.
	Plan SupportPlan
}

// Subscription is a reseller subscription (reseller.subscriptions).
type Subscription struct {
	ID             string
	CustomerID     string
	CustomerDomain string // normalised (rule D3)
	SKUID          string
	SKUName        string
	Status         string // ACTIVE, SUSPENDED, PENDING, ...
	PlanName       string // ANNUAL, ANNUAL_YEARLY_PAY, FLEXIBLE, TRIAL, FREE, ...
	Seats          Seats
}

// Seats is a subscription's seat counts; which are set depends on its plan.
type Seats struct {
	NumberOfSeats         int64 // annual plans: seats purchased
	MaximumNumberOfSeats  int64 // flexible and trial plans: the cap
	LicensedNumberOfSeats int64 // seats assigned to users (read only)
}

// AccountSpec is the desired staff account of [Service.EnsureAccount].
type AccountSpec struct {
	// Email is the account's primary address. Its domain must be a domain
	// of the reseller account, verified if it is a secondary one (rule D4).
	Email string
	// GivenName and FamilyName are required, at most 40 characters each
	// (Google documents 40 in its limits and 60 in its API; the lower
	// bound is safe). They are used only when the account is created.
	GivenName  string
	FamilyName string
	// OrgUnitPath is the dedicated org unit for staff accounts (rule S3),
	// e.g. "/Reseller support"; "/" is the top-level one. Required. Create
	// it first with [Service.EnsureOrgUnit].
	OrgUnitPath string
}

// AccountResult is what [Service.EnsureAccount] did to one account.
type AccountResult struct {
	// Spec is the input, normalised where the Service normalised it.
	Spec AccountSpec
	// Account is the account as read or written; zero on failure.
	Account Account
	Outcome resellerkit.Outcome
	// InitialPassword is the generated password of an account this call
	// created (Outcome is OutcomeCreated, also when Google's answer was
	// lost and the Service found the account it created), zero otherwise;
	// a failed result holds it when the insert was applied but a later
	// step failed. Give it to the
	// person through a secure channel: Google asks them to change it at the
	// first sign-in. It never appears in fmt output, logs or JSON; call
	// [Password.Reveal] to read it.
	InitialPassword Password
	// Err is the failure when Outcome is OutcomeFailed.
	Err error
}
