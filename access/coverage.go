package access

import (
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/licensing"
)

// Person is a staff member: a person and their staff accounts, linked by an
// explicit mapping (rule D2). Google knows accounts, not people; only the
// caller knows that ana@reseller-eu.example and ana@reseller-us.example are
// the same Ana.
type Person struct {
	// ID is the person's stable key, for example their Workspace address
	// (the one case alerts go to, rule S6). Required, unique.
	ID   string
	Name string
	// Accounts are the person's staff accounts, at most one per reseller
	// domain is expected; when there are several, the one the portal allows
	// counts and the others are reported in [PersonCoverage.Extra].
	Accounts []string
	// Domains are the reseller domains the person must cover; empty means
	// every domain of the snapshot.
	Domains []string
}

// Snapshot is everything a coverage report is computed from, read from every
// reseller account at one time (see [Gather]). It is plain data: computing
// coverage does no I/O, so it can be cached, built by hand in a test, or
// recomputed under another profile.
type Snapshot struct {
	ReadAt  time.Time
	Domains []DomainFacts
}

// DomainFacts is one reseller domain: its customers (D1, D5) and the staff
// accounts on it.
type DomainFacts struct {
	Name string // normalised (D3)
	// ResellerAccount is the customer ID of the reseller account that owns
	// the domain.
	ResellerAccount string
	Primary         bool
	// Verified: a secondary domain must be verified before accounts can use
	// it (D4).
	Verified bool
	// Customers are the customers assigned to the domain: only accounts on
	// it see them in the portal (D1). Those without reseller access are
	// listed too, marked (D5).
	Customers []domains.Customer
	// Accounts are the staff accounts on the domain that were read.
	Accounts []AccountFacts
}

// AccountFacts is one staff account: its decision facts and its licenses.
type AccountFacts struct {
	Facts    Facts
	Licenses []licensing.SKU
}

// Gap is why a person cannot see a domain's customers (D2).
type Gap uint8

// Gaps of a coverage cell.
const (
	GapNone      Gap = iota // the person has an account on the domain that may use the portal
	GapNoAccount            // the person has no account on the domain (D2)
	GapDenied               // the person's account on the domain may not use the portal (P1-P7)
)

var gapNames = [...]string{GapNone: "none", GapNoAccount: "no-account", GapDenied: "denied"}

// String returns the gap's stable name ("no-account").
func (g Gap) String() string {
	if int(g) < len(gapNames) {
		return gapNames[g]
	}
	return "gap(" + itoa(int(g)) + ")"
}

// MarshalText renders the gap's stable name.
func (g Gap) MarshalText() ([]byte, error) { return []byte(g.String()), nil }

// LicenseStatus summarises the licenses of a staff account (S2, S4).
type LicenseStatus uint8

// License statuses.
const (
	LicenseNone          LicenseStatus = iota // no license was read for the account
	LicenseCloudIdentity                      // a Cloud Identity license (Free or Premium), as rule S4 wants
	LicenseWorkspace                          // a Google Workspace license only
	LicenseDouble                             // both: the symptom of automatic licensing left on (S2)
)

var licenseNames = [...]string{
	LicenseNone: "none", LicenseCloudIdentity: "cloud-identity", LicenseWorkspace: "workspace", LicenseDouble: "double",
}

// String returns the status's stable name ("cloud-identity").
func (l LicenseStatus) String() string {
	if int(l) < len(licenseNames) {
		return licenseNames[l]
	}
	return "license(" + itoa(int(l)) + ")"
}

// MarshalText renders the status's stable name.
func (l LicenseStatus) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

func licenseStatus(skus []licensing.SKU) LicenseStatus {
	var ci, ws bool
	for _, s := range skus {
		switch {
		case s.Product.IsCloudIdentity():
			ci = true
		case s.Product == licensing.ProductGoogleWorkspace:
			ws = true
		}
	}
	switch {
	case ci && ws:
		return LicenseDouble
	case ci:
		return LicenseCloudIdentity
	case ws:
		return LicenseWorkspace
	}
	return LicenseNone
}

// Cell is one person on one reseller domain.
type Cell struct {
	// Account is the person's account on the domain, "" when they have none.
	Account string
	State   AccountState
	License LicenseStatus
	Allowed bool
	Gap     Gap
	// Required is false when the person need not cover the domain
	// ([Person.Domains]), or when no account can use it (an unverified
	// secondary domain, rule D4); such a cell hides no customers and is no
	// gap.
	Required bool
	// Hidden is the number of the domain's customers the person cannot see
	// because of the gap: all of them (D1) when the cell is required and has
	// a gap, 0 otherwise. [Coverage.HiddenCustomers] lists them.
	Hidden int
	// Paths and Missing summarise the decision; [Coverage.Decision] gives it
	// in full.
	Paths   PathSet
	Missing RequirementSet

	acct int32 // index into Coverage.accounts, -1 without an account
}

// PathSet is a set of [Path] values: a compact summary of the reasons of
// a decision.
type PathSet uint8

// RequirementSet is a set of [Requirement] values: a compact summary of what
// a denied account lacks.
type RequirementSet uint8

// Has reports whether p is in the set.
func (s PathSet) Has(p Path) bool { return p < 8 && s&(1<<p) != 0 }

// Has reports whether r is in the set.
func (s RequirementSet) Has(r Requirement) bool { return r < 8 && s&(1<<r) != 0 }

// List returns the paths in the set, in the order of [Decision.Paths]:
// super admin, Reseller Admin, the custom role's privileges, legacy.
func (s PathSet) List() []Path {
	var out []Path
	for _, p := range [...]Path{PathSuperAdmin, PathResellerAdmin, PathCustomerPrivileges, PathLegacySupport} {
		if s.Has(p) {
			out = append(out, p)
		}
	}
	return out
}

// List returns the requirements in the set, in Requirement order.
func (s RequirementSet) List() []Requirement {
	var out []Requirement
	for r := RequireAccount; r <= RequireKnownProfile; r++ {
		if s&(1<<r) != 0 {
			out = append(out, r)
		}
	}
	return out
}

// DomainCoverage is one reseller domain of a coverage report.
type DomainCoverage struct {
	Name            string
	ResellerAccount string
	Primary         bool
	Verified        bool
	Customers       int
	// Covered counts the people who may use the portal on the domain.
	Covered int
}

// PersonCoverage is one person's row: a cell per domain, in the order of
// [Coverage.Domains].
type PersonCoverage struct {
	ID    string
	Name  string
	Cells []Cell
	// Gaps counts the required cells with a gap (D2).
	Gaps int
	// Hidden is the number of customers the person cannot see, over all
	// required domains (each customer is assigned to one domain).
	Hidden int
	// Extra lists the person's accounts that no cell uses: on a domain
	// outside the snapshot, or a second account on a domain.
	Extra []string
}

// Coverage is the answer to rule D2: for each person and each reseller
// domain, the account (or its absence), its license, its decision, and the
// customers the person cannot see because of each gap.
type Coverage struct {
	ReadAt  time.Time
	Profile Profile
	Domains []DomainCoverage
	People  []PersonCoverage

	snap     *Snapshot
	accounts []*AccountFacts
}

// Decision returns the full decision of the cell of person p on domain d
// (indexes into People and Domains), and false when the cell has no
// account. Decisions are recomputed from the snapshot on demand (well under
// a microsecond), so a report over thousands of cells stays small.
func (c *Coverage) Decision(p, d int) (Decision, bool) {
	if p < 0 || p >= len(c.People) || d < 0 || d >= len(c.People[p].Cells) {
		return Decision{}, false
	}
	i := c.People[p].Cells[d].acct
	if i < 0 {
		return Decision{}, false
	}
	return Decide(c.accounts[i].Facts, c.Profile), true
}

// HiddenCustomers returns the customers person p cannot see on domain d
// because of the cell's gap: every customer of the domain (D1), or none.
// The slice is the snapshot's: do not modify it.
func (c *Coverage) HiddenCustomers(p, d int) []domains.Customer {
	if p < 0 || p >= len(c.People) || d < 0 || d >= len(c.People[p].Cells) {
		return nil
	}
	if c.People[p].Cells[d].Hidden == 0 {
		return nil
	}
	return c.snap.Domains[d].Customers
}

// Customers returns the customers of domain d (index into Domains). The
// slice is the snapshot's: do not modify it.
func (c *Coverage) Customers(d int) []domains.Customer {
	if d < 0 || d >= len(c.snap.Domains) {
		return nil
	}
	return c.snap.Domains[d].Customers
}

// ComputeCoverage computes the coverage of people over the snapshot's
// domains under profile, with no I/O (rule D2). Each account is decided
// once, and the work is spread over the CPUs: first by domain (index and
// decide the accounts), then by person (fill the cells).
//
// The mapping is validated: a person without an ID, two people with the same
// ID, an account claimed by two people, or an address that is not one is an
// error of [resellerkit.KindInvalidArgument] naming the field. An account of
// a person that the snapshot does not hold counts as no account (GapNoAccount)
// when it is on a snapshot domain, and is listed in Extra otherwise.
func ComputeCoverage(s *Snapshot, people []Person, profile Profile) (*Coverage, error) {
	const op = "access.ComputeCoverage"
	if s == nil {
		return nil, invalid(op, "s", "the snapshot is nil; build one with access.Gather")
	}
	if !profile.Valid() {
		return nil, invalid(op, "profile", "unknown portal profile "+profile.String())
	}
	nd := len(s.Domains)
	cov := &Coverage{ReadAt: s.ReadAt, Profile: profile, snap: s, Domains: make([]DomainCoverage, nd)}
	domainIdx := make(map[string]int32, nd)
	offsets := make([]int32, nd+1) // accounts of domain d are [offsets[d], offsets[d+1])
	for i := range s.Domains {
		d := &s.Domains[i]
		name := normalizeDomain(d.Name)
		if name == "" {
			return nil, invalid(op, "Snapshot.Domains["+itoa(i)+"].Name", quote(d.Name)+" is not a domain name")
		}
		if _, dup := domainIdx[name]; dup {
			return nil, invalid(op, "Snapshot.Domains["+itoa(i)+"].Name", "domain "+name+" appears twice in the snapshot")
		}
		domainIdx[name] = int32(i)
		cov.Domains[i] = DomainCoverage{Name: name, ResellerAccount: d.ResellerAccount, Primary: d.Primary, Verified: d.Verified, Customers: len(d.Customers)}
		offsets[i+1] = offsets[i] + int32(len(d.Accounts))
	}
	total := int(offsets[nd])
	ids := make(map[string]int, len(people))
	for pi := range people {
		id := strings.TrimSpace(people[pi].ID)
		field := "people[" + itoa(pi) + "].ID"
		if id == "" {
			return nil, invalid(op, field, "is empty; give each person a stable key such as their Workspace address")
		}
		if prev, dup := ids[id]; dup {
			return nil, invalid(op, field, quote(id)+" is also people["+itoa(prev)+"]; IDs must be unique")
		}
		ids[id] = pi
	}

	// Phase 1, by domain: index each domain's accounts by address and
	// decide each account once.
	cov.accounts = make([]*AccountFacts, total)
	verdicts := make([]verdict, total)
	byDomain := make([]map[string]int32, nd)
	domainErr := make([]error, nd)
	parallel(nd, func(lo, hi int) {
		var p Prepared
		for d := lo; d < hi; d++ {
			accts := s.Domains[d].Accounts
			m := make(map[string]int32, len(accts))
			for j := range accts {
				a := &accts[j]
				email, dom := accountOn(factsEmail(&a.Facts), cov.Domains[d].Name)
				if email == "" || dom != cov.Domains[d].Name {
					field := "Snapshot.Domains[" + itoa(d) + "].Accounts[" + itoa(j) + "]"
					domainErr[d] = invalid(op, field, "account "+quote(factsEmail(&a.Facts))+" is not a valid address on domain "+cov.Domains[d].Name)
					break
				}
				g := offsets[d] + int32(j)
				m[email] = g
				cov.accounts[g] = a
				p = Prepared{}
				p.prepareAs(&a.Facts, email, dom, false)
				v, _ := p.verdict(profile)
				v.state, v.license = a.Facts.State, licenseStatus(a.Licenses)
				verdicts[g] = v
			}
			byDomain[d] = m
		}
	})
	for _, err := range domainErr {
		if err != nil {
			return nil, err
		}
	}

	// Phase 2, by person: fill the cells. An account claimed twice is found
	// by an atomic owner per account, then reported in a deterministic order.
	cells := make([]Cell, len(people)*nd)
	cov.People = make([]PersonCoverage, len(people))
	owner := make([]atomic.Int32, total)
	for i := range owner {
		owner[i].Store(-1)
	}
	personErr := make([]error, len(people))
	var conflict atomic.Bool
	parallel(len(people), func(lo, hi int) {
		var required []bool
		for pi := lo; pi < hi; pi++ {
			p := &people[pi]
			row := &cov.People[pi]
			row.ID, row.Name = strings.TrimSpace(p.ID), p.Name
			row.Cells = cells[pi*nd : (pi+1)*nd : (pi+1)*nd]
			required = requiredDomains(required[:0], p.Domains, domainIdx, nd)
			for d := range row.Cells {
				// D4: no account can use an unverified secondary domain,
				// so nobody is required to have one there.
				usable := s.Domains[d].Primary || s.Domains[d].Verified
				row.Cells[d] = Cell{Gap: GapNoAccount, Required: required[d] && usable, acct: -1}
			}
			for ai, raw := range p.Accounts {
				// Fast path: an address in normal form is a key as it is.
				var (
					email string
					d, g  int32
					found bool
				)
				if at := strings.LastIndexByte(raw, '@'); at > 0 {
					if d, found = domainIdx[raw[at+1:]]; found {
						g, found = byDomain[d][raw]
						email = raw
					}
				}
				if !found {
					e, dom := splitAccount(raw)
					if e == "" {
						personErr[pi] = invalid(op, "people["+itoa(pi)+"].Accounts["+itoa(ai)+"]", quote(raw)+" is not an email address")
						break
					}
					email = e
					var onDomain bool
					if d, onDomain = domainIdx[dom]; !onDomain {
						row.Extra = append(row.Extra, email)
						continue
					}
					if g, found = byDomain[d][email]; !found {
						continue // Google has no such account: the cell stays GapNoAccount
					}
				}
				if !owner[g].CompareAndSwap(-1, int32(pi)) && owner[g].Load() != int32(pi) {
					conflict.Store(true)
				}
				c := &row.Cells[d]
				v := verdicts[g]
				if c.acct >= 0 {
					// A second account on the domain: keep the allowed one.
					if c.Allowed || !v.allowed {
						row.Extra = append(row.Extra, email)
						continue
					}
					row.Extra = append(row.Extra, c.Account)
				}
				c.Account, c.acct = email, g
				c.State, c.License = v.state, v.license
				c.Allowed, c.Paths, c.Missing = v.allowed, v.paths, v.missing
				c.Gap = GapDenied
				if v.allowed {
					c.Gap = GapNone
				}
			}
			for d := range row.Cells {
				c := &row.Cells[d]
				if c.Gap != GapNone && c.Required {
					c.Hidden = len(s.Domains[d].Customers)
					row.Gaps++
					row.Hidden += c.Hidden
				}
			}
		}
	})
	for _, err := range personErr {
		if err != nil {
			return nil, err
		}
	}
	if conflict.Load() {
		return nil, claimConflict(op, people, domainIdx, byDomain)
	}
	for pi := range cov.People {
		for d, c := range cov.People[pi].Cells {
			if c.Allowed {
				cov.Domains[d].Covered++
			}
		}
	}
	return cov, nil
}

// claimConflict finds, in people's order, the first account claimed by two
// people, and reports it.
func claimConflict(op string, people []Person, domainIdx map[string]int32, byDomain []map[string]int32) error {
	claimed := map[int32]int{}
	for pi := range people {
		for ai, raw := range people[pi].Accounts {
			email, dom := splitAccount(raw)
			d, ok := domainIdx[dom]
			if !ok {
				continue
			}
			g, ok := byDomain[d][email]
			if !ok {
				continue
			}
			if prev, dup := claimed[g]; dup && prev != pi {
				return invalid(op, "people["+itoa(pi)+"].Accounts["+itoa(ai)+"]",
					"account "+email+" is also mapped to person "+quote(strings.TrimSpace(people[prev].ID))+"; an account belongs to one person")
			}
			claimed[g] = pi
		}
	}
	return nil
}

// parallel runs work over [0, n) in contiguous chunks, one per CPU.
func parallel(n int, work func(lo, hi int)) {
	cpus := runtime.GOMAXPROCS(0)
	if cpus <= 1 || n < 2 {
		work(0, n)
		return
	}
	chunk := (n + cpus - 1) / cpus
	var wg sync.WaitGroup
	for lo := 0; lo < n; lo += chunk {
		hi := min(lo+chunk, n)
		wg.Go(func() { work(lo, hi) })
	}
	wg.Wait()
}

func factsEmail(f *Facts) string {
	if f.Email != "" {
		return f.Email
	}
	return f.Effective.Email
}

// requiredDomains marks the domains a person must cover: all when the list
// is empty. A listed domain outside the snapshot is ignored.
func requiredDomains(buf []bool, list []string, idx map[string]int32, n int) []bool {
	buf = slices.Grow(buf, n)[:n]
	all := len(list) == 0
	for i := range buf {
		buf[i] = all
	}
	for _, d := range list {
		if i, ok := idx[normalizeDomain(d)]; ok {
			buf[i] = true
		}
	}
	return buf
}

// verdict is the compact decision a cell keeps.
type verdict struct {
	allowed bool
	paths   PathSet
	missing RequirementSet
	state   AccountState
	license LicenseStatus
}

// accountOn returns the normalised address of email and its domain, taking
// a fast path when email is already in normal form on domain name.
func accountOn(email, name string) (string, string) {
	at := len(email) - len(name) - 1
	if at > 0 && at <= 64 && email[at] == '@' && email[at+1:] == name {
		plain := true
		for i := range at {
			if c := email[i]; c <= ' ' || c >= 0x7f || c == '<' || c == '>' || c == '@' || c >= 'A' && c <= 'Z' {
				plain = false
				break
			}
		}
		if plain {
			return email, name
		}
	}
	return splitAccount(email)
}
