package access

import (
	"strings"
	"time"

	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/roles"
)

// Profile is the support portal a decision is about (rule P2). Google moved
// resellers from the Customer Care Portal to the Google Cloud Support Portal;
// the newer portal's custom role also lists the Support privilege, so the
// two profiles ask for different privileges on the custom-role path (P1.2).
//
// The zero value is [CloudSupportPortal], the default of rule P2.
type Profile uint8

// The portal profiles of rule P2.
const (
	// CloudSupportPortal is the Google Cloud Support Portal (the default):
	// View Customers, Access Customer's Support Cases and Support.
	CloudSupportPortal Profile = iota
	// CustomerCarePortal is the older Customer Care Portal: View Customers
	// and Access Customer's Support Cases, as rule P1 is written.
	CustomerCarePortal
)

var profileNames = [...]string{
	CloudSupportPortal: "cloud-support-portal",
	CustomerCarePortal: "customer-care-portal",
}

// String returns the profile's stable name ("cloud-support-portal").
func (p Profile) String() string {
	if int(p) < len(profileNames) {
		return profileNames[p]
	}
	return "profile(" + itoa(int(p)) + ")"
}

// Valid reports whether p is one of the named profiles.
func (p Profile) Valid() bool { return int(p) < len(profileNames) }

// MarshalText renders the profile's stable name, for JSON plans and reports.
func (p Profile) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText parses a profile name; see [ParseProfile].
func (p *Profile) UnmarshalText(b []byte) error {
	v, err := ParseProfile(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// ParseProfile parses a profile's stable name. The empty string is the
// default, [CloudSupportPortal] (P2).
func ParseProfile(s string) (Profile, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "cloud-support-portal", "cloudsupportportal":
		return CloudSupportPortal, nil
	case "customer-care-portal", "customercareportal":
		return CustomerCarePortal, nil
	}
	return 0, invalid("access.ParseProfile", "Profile",
		"unknown portal profile "+quote(s)+`; use "cloud-support-portal" (the default) or "customer-care-portal"`)
}

// Privileges returns the privileges a custom role needs for portal access
// under p (rules P1.2 and P2), in a fixed order. The setup plan creates a
// custom role with exactly these (rule S5).
func (p Profile) Privileges() []roles.PrivilegeKey {
	if p == CustomerCarePortal {
		return []roles.PrivilegeKey{roles.ViewCustomers, roles.AccessCustomerSupportCases}
	}
	return []roles.PrivilegeKey{roles.ViewCustomers, roles.AccessCustomerSupportCases, roles.Support}
}

// needBits is the bitset of keys the custom-role path needs under p.
func (p Profile) needBits() keySet {
	if p == CustomerCarePortal {
		return bitViewCustomers | bitAccessCases
	}
	return bitViewCustomers | bitAccessCases | bitSupport
}

// AccountState is the state of a staff account as the Directory reports it.
// The zero value, [StateUnknown], is denied (rule P7: deny by default).
type AccountState uint8

// Account states. Only [StateActive] may use the portal (rule P5).
const (
	StateUnknown AccountState = iota
	StateActive
	StateSuspended
	StateArchived
	StateDeleted
)

var stateNames = [...]string{
	StateUnknown:   "unknown",
	StateActive:    "active",
	StateSuspended: "suspended",
	StateArchived:  "archived",
	StateDeleted:   "deleted",
}

// String returns the state's stable name ("suspended").
func (s AccountState) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return "state(" + itoa(int(s)) + ")"
}

// MarshalText renders the state's stable name.
func (s AccountState) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText parses a state's stable name.
func (s *AccountState) UnmarshalText(b []byte) error {
	for i, n := range stateNames {
		if n == string(b) {
			*s = AccountState(i)
			return nil
		}
	}
	return invalid("access.AccountState", "AccountState", "unknown account state "+quote(string(b))+
		`; use "active", "suspended", "archived", "deleted" or "unknown"`)
}

// Blocked reports whether the state keeps an account out of the portal
// whatever its roles (rule P5). An unknown state is not "blocked" (nothing
// says so) but it is still denied, by rule P7.
func (s AccountState) Blocked() bool {
	return s == StateSuspended || s == StateArchived || s == StateDeleted
}

// SupportCenterRole is a role of the retired Google Cloud Support Center.
// None of them grants anything since 2022-10-26 (rule P6); they are facts
// only so a decision can say, to someone who expects otherwise, that they
// were seen and ignored.
type SupportCenterRole string

// SupportManager is the Cloud Support Center's "Support Manager" role. It
// grants nothing since 2022-10-26 (rule P6).
const SupportManager SupportCenterRole = "Support Manager"

// Facts are what a decision is made from: the account, its state and its
// effective privileges, as read at one time. Gathering them is I/O and can
// fail (an error, never a denial: rule P7); deciding is pure.
//
// The zero Facts are denied.
type Facts struct {
	// Email is the account's primary address; its domain (the part after
	// the last "@", normalised by rule D3) is the reseller domain whose
	// customers the account sees in the portal (D1). When empty,
	// Effective.Email is used.
	Email string
	// State is the account's state (P5).
	State AccountState
	// Effective is what the account's role assignments grant (P1, P3, P4),
	// as computed by the roles package.
	Effective roles.Effective
	// SupportCenterRoles lists roles the account held in the retired Cloud
	// Support Center, when the caller knows them. They grant nothing (P6).
	SupportCenterRoles []SupportCenterRole
	// ReadAt is when the facts were read (P8); zero means Effective.ReadAt.
	// A grant whose ExpireTime is not after ReadAt grants nothing (P4); when
	// both are zero, a grant that expires at all grants nothing, since it
	// cannot be shown to be live.
	ReadAt time.Time
}

// keySet is a bitset of the privilege keys the portal rules look at.
type keySet uint8

const (
	bitViewCustomers keySet = 1 << iota
	bitAccessCases
	bitSupport
	bitLegacy
	bitResellerLegacy
)

// numKeys is the number of keys in a keySet; keyOrder lists them by bit.
const numKeys = 5

var keyOrder = [numKeys]roles.PrivilegeKey{
	roles.ViewCustomers,
	roles.AccessCustomerSupportCases,
	roles.Support,
	roles.EnterpriseLegacySupport,
	roles.ResellerEnterpriseLegacySupport,
}

func keyIndex(k roles.PrivilegeKey) int {
	for i, o := range keyOrder {
		if o == k {
			return i
		}
	}
	return -1
}

// Prepared is [Facts] in a compact form, so that deciding is cheap and
// allocation-free: a bitset of the live privilege keys, the first live grant
// of each, and the two role grants. Prepare once, decide many times (one
// per profile, or per coverage cell).
type Prepared struct {
	email, domain string
	state         AccountState
	blocked       bool // state or Effective.Blocked (P5)
	readAt        time.Time
	held          keySet
	hasSuper      bool
	hasReseller   bool
	super         roles.Grant
	reseller      roles.Grant
	grant         [numKeys]roles.Grant
	notes         Notes
}

// Prepare turns facts into their compact form. It normalises the account's
// domain (D3), drops grants that had expired at ReadAt (P4), notes expired
// grants and the assignments roles skipped as expired (P4), and notes the
// retired Support Manager role (P6). It does not decide anything.
func Prepare(f Facts) Prepared {
	var p Prepared
	p.prepare(&f)
	return p
}

func (p *Prepared) prepare(f *Facts) {
	email := f.Email
	if email == "" {
		email = f.Effective.Email
	}
	e, d := splitAccount(email)
	p.prepareAs(f, e, d, true)
}

// prepareAs prepares f for the already normalised address email on domain.
// Without grants, only what the rule needs is kept (the coverage
// computation decides hundreds of thousands of accounts and keeps only the
// verdict); Decide then has no grants to name.
func (p *Prepared) prepareAs(f *Facts, email, domain string, grants bool) {
	p.email, p.domain = email, domain
	p.state = f.State
	p.blocked = f.State.Blocked() || f.Effective.Blocked
	p.readAt = f.ReadAt
	if p.readAt.IsZero() {
		p.readAt = f.Effective.ReadAt
	}
	live := func(g *roles.Grant) bool {
		if g.ExpireTime.IsZero() {
			return true
		}
		if !p.readAt.IsZero() && p.readAt.Before(g.ExpireTime) {
			return true
		}
		p.notes |= NoteExpiredGrants
		return false
	}
	if g := f.Effective.SuperAdmin; g != nil && live(g) {
		p.hasSuper = true
		if grants {
			p.super = *g
		}
	}
	if g := f.Effective.ResellerAdmin; g != nil && live(g) {
		p.hasReseller = true
		if grants {
			p.reseller = *g
		}
	}
	for i := range f.Effective.Grants {
		g := &f.Effective.Grants[i]
		k := keyIndex(g.Key)
		if k < 0 || !live(g) {
			continue
		}
		if p.held&(1<<k) == 0 {
			p.held |= 1 << k
			if grants {
				p.grant[k] = *g
			}
		}
	}
	// Rule P4: an assignment that roles already judged expired is in
	// Effective.Skipped, not Grants; note it too, so an account whose only
	// assignment expired is told why it has no access.
	for i := range f.Effective.Skipped {
		if f.Effective.Skipped[i].Reason == roles.SkipExpired {
			p.notes |= NoteExpiredGrants
			break
		}
	}
	for _, r := range f.SupportCenterRoles {
		if strings.EqualFold(strings.TrimSpace(string(r)), string(SupportManager)) {
			p.notes |= NoteSupportManagerIgnored
		}
	}
}

// Account returns the prepared account's normalised address.
func (p *Prepared) Account() string { return p.email }

// Domain returns the prepared account's normalised domain (D1, D3).
func (p *Prepared) Domain() string { return p.domain }

// Decide decides from facts: [Prepare] then [Prepared.Decide].
func Decide(f Facts, profile Profile) Decision {
	var p Prepared
	p.prepare(&f)
	return p.Decide(profile)
}

// Decide is the portal rule (P1 to P8) over prepared facts. It never
// allocates, and it denies unless a rule allows:
//
//   - Rule P7: no account, or an unknown state, is denied (deny by default).
//   - Rule P5: a suspended, archived or deleted account is denied whatever
//     its roles; the decision notes when its roles would otherwise allow.
//   - Rule P1: otherwise any one of P1.1 (the Reseller Admin role), P1.2 (a
//     role with View Customers and Access Customer's Support Cases, and
//     under [CloudSupportPortal] also Support, rule P2), P1.3 (Reseller
//     Enterprise Legacy Support or Enterprise Legacy Support, where the
//     tenant has them) or P1.4 (super admin) allows. Every path that holds
//     is listed, with the grant behind it.
//   - Rule P6: the retired Support Manager role is noted and ignored.
//   - Rule P8: the decision carries the facts' read time.
//
// On P1.2 the privileges may come from different roles: Google's admin
// privileges are the union of the account's roles, and the portal checks
// privileges, not role names.
//
// A denial lists each missing requirement: all of them must change for the
// custom-role path (P1.2) to allow. The other paths (Reseller Admin, super
// admin) are alternatives that [Explain] mentions.
func (p *Prepared) Decide(profile Profile) Decision {
	v, had := p.verdict(profile)
	d := Decision{
		Allowed: v.allowed,
		Profile: profile,
		Account: p.email,
		Domain:  p.domain,
		State:   p.state,
		ReadAt:  p.readAt,
		notes:   p.notes,
	}
	if !v.allowed && had && p.blocked {
		d.notes |= NoteBlockedDespiteRoles
	}
	for r := RequireAccount; r <= RequireKnownProfile; r++ {
		if v.missing.Has(r) {
			d.addMissing(r)
		}
	}
	if !v.allowed {
		return d
	}
	if v.paths.Has(PathSuperAdmin) {
		d.addReason(Reason{Path: PathSuperAdmin, Grant: p.super})
	}
	if v.paths.Has(PathResellerAdmin) {
		d.addReason(Reason{Path: PathResellerAdmin, Grant: p.reseller})
	}
	if v.paths.Has(PathCustomerPrivileges) {
		need := profile.needBits()
		for k := range 3 {
			if need&(1<<k) != 0 {
				d.addReason(Reason{Path: PathCustomerPrivileges, Privilege: keyOrder[k], Grant: p.grant[k]})
			}
		}
	}
	for k := 3; k < numKeys; k++ {
		if p.held&(1<<k) != 0 {
			d.addReason(Reason{Path: PathLegacySupport, Privilege: keyOrder[k], Grant: p.grant[k]})
		}
	}
	return d
}

// verdict is the rule itself, over bits: whether p is allowed under
// profile, the paths that allow it, and what it lacks. had reports whether
// any path held before a blocker (P5, P7) denied it. Decide and the
// coverage computation both use it, so they cannot disagree.
func (p *Prepared) verdict(profile Profile) (v verdict, had bool) {
	ok := true
	if !profile.Valid() {
		v.missing |= 1 << RequireKnownProfile
		ok = false
	}
	if p.email == "" {
		v.missing |= 1 << RequireAccount
		ok = false
	}
	switch {
	case p.blocked:
		v.missing |= 1 << RequireActiveAccount
		ok = false
	case p.state == StateUnknown:
		v.missing |= 1 << RequireKnownState
		ok = false
	}
	if p.hasSuper {
		v.paths |= 1 << PathSuperAdmin
	}
	if p.hasReseller {
		v.paths |= 1 << PathResellerAdmin
	}
	need := profile.needBits()
	if p.held&need == need {
		v.paths |= 1 << PathCustomerPrivileges
	}
	if p.held&(bitLegacy|bitResellerLegacy) != 0 {
		v.paths |= 1 << PathLegacySupport
	}
	had = v.paths != 0
	if !had {
		for k := range 3 {
			if need&(1<<k) != 0 && p.held&(1<<k) == 0 {
				v.missing |= 1 << missingKey[k]
			}
		}
	}
	v.allowed = ok && had
	if !v.allowed {
		v.paths = 0
	}
	return v, had
}

var missingKey = [3]Requirement{RequireViewCustomers, RequireAccessCustomerSupportCases, RequireSupport}

// splitAccount normalises an address and returns it with its domain (rule
// D3, by domains.NormalizeEmail); an invalid address gives two empty
// strings, which Decide denies (P7). Addresses already in normal form, the
// common case once gathered, are returned as they are without allocating.
func splitAccount(email string) (string, string) {
	if at := canonicalAt(email); at > 0 {
		return email, email[at+1:]
	}
	n, err := domains.NormalizeEmail(email)
	if err != nil {
		return "", ""
	}
	return n, n[strings.LastIndexByte(n, '@')+1:]
}

// canonicalAt returns the index of the "@" of an address that
// domains.NormalizeEmail would return unchanged (lower-case ASCII, plain
// host-name labels), or -1 when that is not certain.
func canonicalAt(email string) int {
	at := strings.LastIndexByte(email, '@')
	if at <= 0 || at > 64 || len(email)-at-1 > 253 {
		return -1
	}
	for i := range at {
		if c := email[i]; c <= ' ' || c >= 0x7f || c == '<' || c == '>' || c >= 'A' && c <= 'Z' {
			return -1
		}
	}
	if !canonicalDomain(email[at+1:]) {
		return -1
	}
	return at
}

// canonicalDomain reports whether d is already a normalised domain (D3),
// by domains.NormalizeDomain, the one definition of the rule; names in
// normal form take its fast path, without allocating.
func canonicalDomain(d string) bool {
	n, err := domains.NormalizeDomain(d)
	return err == nil && n == d
}
