package access

import (
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/roles"
)

// Path is one of the ways rule P1 lets an account into the portal.
type Path uint8

// The paths of rule P1.
const (
	PathResellerAdmin      Path = iota + 1 // P1.1: the pre-built Reseller Admin role
	PathCustomerPrivileges                 // P1.2: View Customers + Access Customer's Support Cases (+ Support, P2)
	PathLegacySupport                      // P1.3: a legacy support privilege, where the tenant has one
	PathSuperAdmin                         // P1.4: the super admin role
)

var pathNames = [...]string{
	PathResellerAdmin:      "reseller-admin",
	PathCustomerPrivileges: "customer-privileges",
	PathLegacySupport:      "legacy-support",
	PathSuperAdmin:         "super-admin",
}

var pathRules = [...]string{
	PathResellerAdmin:      "P1.1",
	PathCustomerPrivileges: "P1.2",
	PathLegacySupport:      "P1.3",
	PathSuperAdmin:         "P1.4",
}

// String returns the path's stable name ("reseller-admin").
func (p Path) String() string {
	if p > 0 && int(p) < len(pathNames) {
		return pathNames[p]
	}
	return "path(" + itoa(int(p)) + ")"
}

// Rule returns the rule ID of the path ("P1.1").
func (p Path) Rule() string {
	if p > 0 && int(p) < len(pathRules) {
		return pathRules[p]
	}
	return ""
}

// MarshalText renders the path's stable name.
func (p Path) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// Reason is one grant that allows portal access: the path of rule P1 and
// the role assignment behind it.
type Reason struct {
	Path Path
	// Privilege is the privilege this reason is about, for the custom-role
	// and legacy paths; "" for the role paths (Reseller Admin, super admin).
	Privilege roles.PrivilegeKey
	// Grant is the role and assignment that grants it.
	Grant roles.Grant
}

// Requirement is something a denied account lacks.
type Requirement uint8

// Requirements a denial can list.
const (
	RequireAccount                    Requirement = iota + 1 // P7: the facts name no account
	RequireKnownState                                        // P7: the account's state is unknown
	RequireActiveAccount                                     // P5: the account is suspended, archived or deleted
	RequireViewCustomers                                     // P1.2: Reseller Tools › Customers › View Customers
	RequireAccessCustomerSupportCases                        // P1.2: Reseller Tools › Customers › Access Customer's Support Cases
	RequireSupport                                           // P2: Support (Cloud Support Portal profile only)
	RequireKnownProfile                                      // P2: the profile is not one of the named ones
)

var requirementNames = [...]string{
	RequireAccount:                    "account",
	RequireKnownState:                 "known-state",
	RequireActiveAccount:              "active-account",
	RequireViewCustomers:              "view-customers",
	RequireAccessCustomerSupportCases: "access-customer-support-cases",
	RequireSupport:                    "support",
	RequireKnownProfile:               "known-profile",
}

var requirementRules = [...]string{
	RequireAccount:                    "P7",
	RequireKnownState:                 "P7",
	RequireActiveAccount:              "P5",
	RequireViewCustomers:              "P1.2",
	RequireAccessCustomerSupportCases: "P1.2",
	RequireSupport:                    "P2",
	RequireKnownProfile:               "P2",
}

// String returns the requirement's stable name ("view-customers").
func (r Requirement) String() string {
	if r > 0 && int(r) < len(requirementNames) {
		return requirementNames[r]
	}
	return "requirement(" + itoa(int(r)) + ")"
}

// Rule returns the rule ID behind the requirement ("P5").
func (r Requirement) Rule() string {
	if r > 0 && int(r) < len(requirementRules) {
		return requirementRules[r]
	}
	return ""
}

// Privilege returns the privilege the requirement asks for, or "" when it
// is not about a privilege.
func (r Requirement) Privilege() roles.PrivilegeKey {
	switch r {
	case RequireViewCustomers:
		return roles.ViewCustomers
	case RequireAccessCustomerSupportCases:
		return roles.AccessCustomerSupportCases
	case RequireSupport:
		return roles.Support
	}
	return ""
}

// MarshalText renders the requirement's stable name.
func (r Requirement) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// Notes are remarks on a decision that do not change it.
type Notes uint8

// Notes a decision can carry.
const (
	// NoteSupportManagerIgnored: the account held the retired Cloud Support
	// Center "Support Manager" role, which grants nothing (rule P6).
	NoteSupportManagerIgnored Notes = 1 << iota
	// NoteBlockedDespiteRoles: the account's roles would allow access, but
	// the account is suspended, archived or deleted (rule P5).
	NoteBlockedDespiteRoles
	// NoteExpiredGrants: some of the account's grants had expired when the
	// facts were read and were ignored, or roles skipped an expired
	// assignment of the account (rule P4).
	NoteExpiredGrants
)

var noteNames = [...]struct {
	n    Notes
	name string
}{
	{NoteSupportManagerIgnored, "support-manager-ignored"},
	{NoteBlockedDespiteRoles, "blocked-despite-roles"},
	{NoteExpiredGrants, "expired-grants"},
}

// Has reports whether all notes of m are set in n.
func (n Notes) Has(m Notes) bool { return n&m == m }

// Names returns the stable names of the notes set, in a fixed order.
func (n Notes) Names() []string {
	var out []string
	for _, e := range noteNames {
		if n&e.n != 0 {
			out = append(out, e.name)
		}
	}
	return out
}

// The sizes of a Decision's fixed arrays: every path at once (super admin,
// Reseller Admin, three custom-role privileges, two legacy ones), and every
// requirement at once.
const (
	maxReasons = 7
	maxMissing = 7
)

// Decision is the answer to "may this account use the support portal, and
// why" (rule P7): a value with reasons, never a bare bool. It is about one
// account, on the one reseller domain of its address (D1), under one
// profile (P2), as read at one time (P8).
//
// Its reasons and requirements live in fixed-size arrays so deciding does not
// allocate; read them with [Decision.Reasons] and [Decision.Missing].
type Decision struct {
	Allowed bool
	Profile Profile
	// Account is the account's normalised address, "" when the facts named none.
	Account string
	// Domain is the reseller domain the account signs in to: the portal
	// shows it the customers of this domain only (D1).
	Domain string
	State  AccountState
	// ReadAt is when the facts were read (P8). Role and privilege changes can
	// take up to 24 hours to apply at Google, so a decision describes what
	// was read, not what Google enforces this instant.
	ReadAt time.Time

	notes    Notes
	nReasons uint8
	nMissing uint8
	reasons  [maxReasons]Reason
	missing  [maxMissing]Requirement
}

func (d *Decision) addReason(r Reason) {
	if int(d.nReasons) < maxReasons {
		d.reasons[d.nReasons] = r
		d.nReasons++
	}
}

func (d *Decision) addMissing(r Requirement) {
	if int(d.nMissing) < maxMissing {
		d.missing[d.nMissing] = r
		d.nMissing++
	}
}

// Reasons returns the grants that allow access, one per privilege or role,
// for every P1 path that holds: super admin first, then Reseller Admin, the
// custom-role privileges and the legacy ones. It is empty for a denial. The
// slice is a copy.
func (d Decision) Reasons() []Reason {
	if d.nReasons == 0 {
		return nil
	}
	return append([]Reason(nil), d.reasons[:d.nReasons]...)
}

// Paths returns the distinct P1 paths that allow access, in the order of
// [Decision.Reasons].
func (d Decision) Paths() []Path {
	var out []Path
	for i := range int(d.nReasons) {
		p := d.reasons[i].Path
		if len(out) == 0 || out[len(out)-1] != p {
			out = append(out, p)
		}
	}
	return out
}

// Missing returns each requirement the account lacks, for a denial; nil when
// allowed. The slice is a copy.
func (d Decision) Missing() []Requirement {
	if d.nMissing == 0 {
		return nil
	}
	return append([]Requirement(nil), d.missing[:d.nMissing]...)
}

// Notes returns the decision's remarks (P4, P5, P6).
func (d Decision) Notes() Notes { return d.notes }

// Covers reports whether the decision lets its account work on customers of
// domain: it is allowed, and domain is the account's own reseller domain
// (D1), compared after normalisation (D3). The cases package uses it for
// rule C1.
func (d Decision) Covers(domain string) bool {
	return d.Allowed && d.Domain != "" && normalizeDomain(domain) == d.Domain
}

// Err returns nil when the decision allows, and otherwise an error of
// [resellerkit.KindPermissionDenied] wrapping a [*DeniedError], which
// matches [ErrDenied] under errors.Is. Only a caller that must refuse an
// operation turns a decision into an error; the decision itself stays a
// value (P7).
func (d Decision) Err() error {
	if d.Allowed {
		return nil
	}
	return &resellerkit.Error{Kind: resellerkit.KindPermissionDenied, Op: "access.Decision", Err: &DeniedError{Decision: d}}
}

// ErrDenied matches every [*DeniedError] under errors.Is.
var ErrDenied = errors.New("portal access denied")

// DeniedError is a denied decision as an error. Its message is the English
// summary of the decision (no tokens, no secrets: only the account's address
// and what it lacks).
type DeniedError struct {
	Decision Decision
}

// Error returns the decision's one-line [Summary].
func (e *DeniedError) Error() string { return Summary(e.Decision) }

// Is reports whether target is [ErrDenied].
func (e *DeniedError) Is(target error) bool { return target == ErrDenied }

// decisionJSON is the stable JSON form of a Decision.
type decisionJSON struct {
	Allowed   bool              `json:"allowed"`
	Profile   Profile           `json:"profile"`
	Account   string            `json:"account"`
	Domain    string            `json:"domain"`
	State     AccountState      `json:"state"`
	ReadAt    *time.Time        `json:"readAt,omitempty"`
	Reasons   []reasonJSON      `json:"reasons,omitempty"`
	Missing   []requirementJSON `json:"missing,omitempty"`
	Notes     []string          `json:"notes,omitempty"`
	Freshness string            `json:"freshness"`
}

type reasonJSON struct {
	Rule         string             `json:"rule"`
	Path         Path               `json:"path"`
	Privilege    roles.PrivilegeKey `json:"privilege,omitempty"`
	RoleID       string             `json:"roleId,omitempty"`
	RoleName     string             `json:"roleName,omitempty"`
	AssignmentID string             `json:"assignmentId,omitempty"`
	ViaGroup     string             `json:"viaGroup,omitempty"`
	ExpireTime   *time.Time         `json:"expireTime,omitempty"`
}

type requirementJSON struct {
	Rule        string             `json:"rule"`
	Requirement Requirement        `json:"requirement"`
	Privilege   roles.PrivilegeKey `json:"privilege,omitempty"`
}

// MarshalJSON renders the decision with its reasons, requirements and notes
// under stable names.
func (d Decision) MarshalJSON() ([]byte, error) {
	j := decisionJSON{
		Allowed: d.Allowed, Profile: d.Profile, Account: d.Account, Domain: d.Domain, State: d.State,
		Notes:     d.notes.Names(),
		Freshness: "role and privilege changes can take up to 24 hours to apply at Google (P8)",
	}
	if !d.ReadAt.IsZero() {
		t := d.ReadAt.UTC()
		j.ReadAt = &t
	}
	for _, r := range d.reasons[:d.nReasons] {
		rj := reasonJSON{
			Rule: r.Path.Rule(), Path: r.Path, Privilege: r.Privilege,
			RoleID: r.Grant.RoleID, RoleName: r.Grant.RoleName, AssignmentID: r.Grant.AssignmentID, ViaGroup: r.Grant.ViaGroup,
		}
		if !r.Grant.ExpireTime.IsZero() {
			t := r.Grant.ExpireTime.UTC()
			rj.ExpireTime = &t
		}
		j.Reasons = append(j.Reasons, rj)
	}
	for _, m := range d.missing[:d.nMissing] {
		j.Missing = append(j.Missing, requirementJSON{Rule: m.Rule(), Requirement: m, Privilege: m.Privilege()})
	}
	return json.Marshal(j)
}

// Summary renders d in one English line, for logs and error messages; use
// [Explain] for people.
func Summary(d Decision) string {
	var b strings.Builder
	acct := d.Account
	if acct == "" {
		acct = "(no account)"
	}
	b.WriteString(acct)
	if d.Allowed {
		b.WriteString(" may use the ")
	} else {
		b.WriteString(" may not use the ")
	}
	b.WriteString(portalNameEN(d.Profile))
	if d.Domain != "" {
		b.WriteString(" on ")
		b.WriteString(d.Domain)
	}
	if d.Allowed {
		b.WriteString(" (")
		for i, p := range d.Paths() {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(p.Rule())
			b.WriteString(" ")
			b.WriteString(p.String())
		}
		b.WriteString(")")
		return b.String()
	}
	b.WriteString(": missing ")
	for i, m := range d.missing[:d.nMissing] {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(m.String())
		b.WriteString(" (")
		b.WriteString(m.Rule())
		b.WriteString(")")
	}
	return b.String()
}

func portalNameEN(p Profile) string {
	if p == CustomerCarePortal {
		return "Customer Care Portal"
	}
	return "Google Cloud Support Portal"
}
