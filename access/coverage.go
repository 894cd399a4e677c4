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
	// Tenants are the role facts of each reseller account (its privilege
	// tree, roles and role assignments), which [WhatIf] recomputes
	// grants from. Optional: coverage, [Diff] and [Expiring] do not use
	// them.
	Tenants []TenantFacts
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
	if s == nil {
		return nil, invalid(coverageOp, "s", "the snapshot is nil; build one with access.Gather")
	}
	if !profile.Valid() {
		return nil, invalid(coverageOp, "profile", "unknown portal profile "+profile.String())
	}
	b := &coverageBuild{snap: s, people: people, profile: profile,
		cov: &Coverage{ReadAt: s.ReadAt, Profile: profile, snap: s}}
	if err := b.indexDomains(); err != nil {
		return nil, err
	}
	if err := checkPersonIDs(people); err != nil {
		return nil, err
	}
	if err := b.decideAccounts(); err != nil {
		return nil, err
	}
	if err := b.fillRows(); err != nil {
		return nil, err
	}
	b.countCovered()
	return b.cov, nil
}

// coverageOp names [ComputeCoverage] in its errors.
const coverageOp = "access.ComputeCoverage"

// coverageBuild is the state of one [ComputeCoverage] call, shared by its
// steps. Every account of the snapshot has one global index g (its domain's
// offset plus its position on the domain), so per-account results live in
// flat slices that the parallel steps write without locks.
type coverageBuild struct {
	snap    *Snapshot
	people  []Person
	profile Profile
	cov     *Coverage

	domainIdx map[string]int32   // normalised domain name (D3) → index into snap.Domains
	offsets   []int32            // accounts of domain d are [offsets[d], offsets[d+1])
	byDomain  []map[string]int32 // per domain: normalised address → g
	verdicts  []verdict          // per g: the account's decision, made once
	owner     []atomic.Int32     // per g: the person claiming it, -1 for none
	conflict  atomic.Bool        // an account is claimed by two people
}

// indexDomains validates the snapshot's domain names (D3: normalised, none
// twice), starts each domain's row of the report, and lays out the global
// account indexes, before any work is spread over the CPUs.
func (b *coverageBuild) indexDomains() error {
	s := b.snap
	nd := len(s.Domains)
	b.cov.Domains = make([]DomainCoverage, nd)
	b.domainIdx = make(map[string]int32, nd)
	b.offsets = make([]int32, nd+1)
	for i := range s.Domains {
		d := &s.Domains[i]
		name := normalizeDomain(d.Name)
		if name == "" {
			return invalid(coverageOp, "Snapshot.Domains["+itoa(i)+"].Name", quote(d.Name)+" is not a domain name")
		}
		if _, dup := b.domainIdx[name]; dup {
			return invalid(coverageOp, "Snapshot.Domains["+itoa(i)+"].Name", "domain "+name+" appears twice in the snapshot")
		}
		b.domainIdx[name] = int32(i)
		b.cov.Domains[i] = DomainCoverage{Name: name, ResellerAccount: d.ResellerAccount, Primary: d.Primary, Verified: d.Verified, Customers: len(d.Customers)}
		b.offsets[i+1] = b.offsets[i] + int32(len(d.Accounts))
	}
	return nil
}

// checkPersonIDs checks that every person has an ID and that no two share
// one: rows of the report are keyed on it (D2).
func checkPersonIDs(people []Person) error {
	ids := make(map[string]int, len(people))
	for pi := range people {
		id := strings.TrimSpace(people[pi].ID)
		field := "people[" + itoa(pi) + "].ID"
		if id == "" {
			return invalid(coverageOp, field, "is empty; give each person a stable key such as their Workspace address")
		}
		if prev, dup := ids[id]; dup {
			return invalid(coverageOp, field, quote(id)+" is also people["+itoa(prev)+"]; IDs must be unique")
		}
		ids[id] = pi
	}
	return nil
}

// decideAccounts is the first parallel step, by domain: it indexes each
// domain's accounts by address and decides each account once (P1-P7), so
// people sharing nothing but a domain never repeat the work. The first
// domain in snapshot order with a bad account is the error.
func (b *coverageBuild) decideAccounts() error {
	nd := len(b.snap.Domains)
	total := int(b.offsets[nd])
	b.cov.accounts = make([]*AccountFacts, total)
	b.verdicts = make([]verdict, total)
	b.byDomain = make([]map[string]int32, nd)
	domainErr := make([]error, nd)
	parallel(nd, func(lo, hi int) {
		for d := lo; d < hi; d++ {
			b.byDomain[d], domainErr[d] = b.decideDomain(d)
		}
	})
	for _, err := range domainErr {
		if err != nil {
			return err
		}
	}
	return nil
}

// decideDomain indexes and decides the accounts of domain d. An account
// whose address is not on the domain is an error naming it: the snapshot
// would otherwise show it where Google does not (D1).
func (b *coverageBuild) decideDomain(d int) (map[string]int32, error) {
	accts := b.snap.Domains[d].Accounts
	name := b.cov.Domains[d].Name
	base := b.offsets[d]
	accounts, verdicts, profile := b.cov.accounts, b.verdicts, b.profile
	m := make(map[string]int32, len(accts))
	var p Prepared
	for j := range accts {
		a := &accts[j]
		email, dom := accountOn(factsEmail(&a.Facts), name)
		if email == "" || dom != name {
			field := "Snapshot.Domains[" + itoa(d) + "].Accounts[" + itoa(j) + "]"
			return m, invalid(coverageOp, field, "account "+quote(factsEmail(&a.Facts))+" is not a valid address on domain "+name)
		}
		g := base + int32(j)
		m[email] = g
		accounts[g] = a
		p = Prepared{}
		p.prepareAs(&a.Facts, email, dom, false)
		v, _ := p.verdict(profile)
		v.state, v.license = a.Facts.State, licenseStatus(a.Licenses)
		verdicts[g] = v
	}
	return m, nil
}

// fillRows is the second parallel step, by person: it fills each person's
// row from the decisions of the first (D2). An account claimed twice is
// found by an atomic owner per account, then reported by [claimConflict]
// in people's order, so the error does not depend on scheduling.
func (b *coverageBuild) fillRows() error {
	people := b.people
	nd := len(b.snap.Domains)
	cells := make([]Cell, len(people)*nd)
	b.cov.People = make([]PersonCoverage, len(people))
	b.owner = make([]atomic.Int32, len(b.verdicts))
	for i := range b.owner {
		b.owner[i].Store(-1)
	}
	personErr := make([]error, len(people))
	parallel(len(people), func(lo, hi int) {
		var required []bool
		for pi := lo; pi < hi; pi++ {
			row := &b.cov.People[pi]
			row.Cells = cells[pi*nd : (pi+1)*nd : (pi+1)*nd]
			required = requiredDomains(required[:0], people[pi].Domains, b.domainIdx, nd)
			personErr[pi] = b.fillRow(pi, row, required)
		}
	})
	for _, err := range personErr {
		if err != nil {
			return err
		}
	}
	if b.conflict.Load() {
		return claimConflict(coverageOp, people, b.domainIdx, b.byDomain)
	}
	return nil
}

// fillRow fills person pi's row: every cell starts with no account, each
// of the person's accounts fills the cell of its domain, and the gaps of
// the required cells are counted with the customers they hide (D1, D2).
func (b *coverageBuild) fillRow(pi int, row *PersonCoverage, required []bool) error {
	p := &b.people[pi]
	row.ID, row.Name = strings.TrimSpace(p.ID), p.Name
	for d := range row.Cells {
		// D4: no account can use an unverified secondary domain,
		// so nobody is required to have one there.
		usable := b.snap.Domains[d].Primary || b.snap.Domains[d].Verified
		row.Cells[d] = Cell{Gap: GapNoAccount, Required: required[d] && usable, acct: -1}
	}
	for ai, raw := range p.Accounts {
		email, d, g, onDomain, found := b.findAccount(raw)
		switch {
		case email == "":
			return invalid(coverageOp, "people["+itoa(pi)+"].Accounts["+itoa(ai)+"]", quote(raw)+" is not an email address")
		case !onDomain:
			row.Extra = append(row.Extra, email)
			continue
		case !found:
			continue // Google has no such account: the cell stays GapNoAccount
		}
		b.claim(g, pi)
		b.placeAccount(row, d, g, email)
	}
	for d := range row.Cells {
		c := &row.Cells[d]
		if c.Gap != GapNone && c.Required {
			c.Hidden = len(b.snap.Domains[d].Customers)
			row.Gaps++
			row.Hidden += c.Hidden
		}
	}
	return nil
}

// findAccount finds one of a person's accounts, raw, in the snapshot: its
// normalised address, its domain d and its global index g. email is ""
// when raw is not an address; onDomain is false when its domain is not in
// the snapshot; found is false when the domain is but the account is not.
func (b *coverageBuild) findAccount(raw string) (email string, d, g int32, onDomain, found bool) {
	// Fast path: an address in normal form is a key as it is.
	if at := strings.LastIndexByte(raw, '@'); at > 0 {
		if d, found = b.domainIdx[raw[at+1:]]; found {
			if g, found = b.byDomain[d][raw]; found {
				return raw, d, g, true, true
			}
		}
	}
	email, dom := splitAccount(raw)
	if email == "" {
		return "", 0, 0, false, false
	}
	if d, onDomain = b.domainIdx[dom]; !onDomain {
		return email, 0, 0, false, false
	}
	g, found = b.byDomain[d][email]
	return email, d, g, true, found
}

// claim records person pi as the owner of account g, and notes a conflict
// when another person already holds it: an account belongs to one person
// (D2).
func (b *coverageBuild) claim(g int32, pi int) {
	if !b.owner[g].CompareAndSwap(-1, int32(pi)) && b.owner[g].Load() != int32(pi) {
		b.conflict.Store(true)
	}
}

// placeAccount puts account g (address email) in the row's cell of domain
// d. With a second account on the domain, the cell keeps the one the
// portal allows (the first when both or neither are) and the other goes to
// Extra.
func (b *coverageBuild) placeAccount(row *PersonCoverage, d, g int32, email string) {
	c := &row.Cells[d]
	v := b.verdicts[g]
	if c.acct >= 0 {
		if c.Allowed || !v.allowed {
			row.Extra = append(row.Extra, email)
			return
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

// countCovered counts, per domain, the people who may use the portal on
// it.
func (b *coverageBuild) countCovered() {
	for pi := range b.cov.People {
		for d, c := range b.cov.People[pi].Cells {
			if c.Allowed {
				b.cov.Domains[d].Covered++
			}
		}
	}
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
