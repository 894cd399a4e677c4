package fake

import (
	"cmp"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	reseller "google.golang.org/api/reseller/v1"

	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/roles"
)

// Seed describes a World to build. It is plain data with JSON tags, so a
// seed can live in a file ([ReadSeed], [LoadFile]; [DemoSeed] is one, the
// package's seeds/demo.json) as well as in Go code ([NewWorld]). Every
// reference inside a seed is by name (email, domain, role name, org unit
// path); IDs are generated unless a seed gives them.
type Seed struct {
	// Start sets the World's clock; zero keeps it ([DefaultStart] for a new World).
	Start   time.Time    `json:"start,omitzero"`
	Tenants []TenantSeed `json:"tenants"`
	// TokenSecret, if set, fixes the bearer tokens the World issues: the
	// same secret and users give the same tokens, for programs in other
	// languages that keep a token across restarts of the fake. Empty, each
	// World draws a random key and its tokens cannot be guessed.
	TokenSecret string `json:"tokenSecret,omitempty"`
	// ResellerToolsNames renames the Reseller Tools privileges of every
	// reseller account, for code that must learn a tenant's names (Google
	// does not publish them): a key is package roles' default name
	// (roles.DefaultViewCustomersName, ...), "serviceId" or "serviceName"
	// (of the service, default roles.DefaultResellerToolsServiceID and
	// "reseller_tools"); the value is the tenant's. Empty keeps the defaults.
	ResellerToolsNames map[string]string `json:"resellerToolsNames,omitempty"`
	// Counters are the World's ID counters by name, as [World.Seed] writes
	// them, so that a World built again from its export issues no ID twice
	// and no ETag twice. A seed written by hand leaves them out.
	Counters map[string]int64 `json:"counters,omitempty"`
	// Cases are support cases, added after the tenants as by
	// [World.AddCases].
	Cases []CaseSeed `json:"cases,omitempty"`
	// ServiceAccounts are the service accounts whose keys the World
	// accepts at its token endpoint, by client_email, each with its public
	// key in PEM ("PUBLIC KEY"), as [World.Seed] writes them: a key issued
	// by [World.NewServiceAccountJSON] keeps working after a restart from
	// a state file.
	ServiceAccounts map[string]string `json:"serviceAccounts,omitempty"`

	// err is why a Seed could not be made (DemoSeed's embedded file failed
	// to decode); NewWorld reports it instead of building a World.
	err error
}

// TenantSeed is one Google tenant: a reseller account (Reseller true) or a
// customer tenant (Customer set). Every tenant gets the super admin system
// role; reseller accounts also get the Reseller Admin system role and the
// Reseller Tools privileges.
type TenantSeed struct {
	CustomerID string `json:"customerId,omitempty"` // "" generates one like C0xxxxxxx
	Name       string `json:"name,omitempty"`
	Reseller   bool   `json:"reseller,omitempty"`
	// Legacy tenants also have the legacy-support privileges (rule P1.3).
	Legacy        bool              `json:"legacy,omitempty"`
	Domains       []DomainSeed      `json:"domains"` // the first is the primary domain
	DomainAliases []DomainAliasSeed `json:"domainAliases,omitempty"`
	OrgUnits      []OrgUnitSeed     `json:"orgUnits,omitempty"`
	Users         []UserSeed        `json:"users,omitempty"`
	Groups        []GroupSeed       `json:"groups,omitempty"`
	Roles         []RoleSeed        `json:"roles,omitempty"`
	Assignments   []AssignmentSeed  `json:"assignments,omitempty"`
	SKUs          []SKUSeed         `json:"skus,omitempty"`
	Licenses      []LicenseSeed     `json:"licenses,omitempty"`
	Customer      *CustomerSeed     `json:"customer,omitempty"`
	// Language is the tenant's language, as directory.customers.get
	// answers it ("" is "en").
	Language string `json:"language,omitempty"`
	// Contact is the alternate email, phone number and postal address
	// directory.customers.get answers for a tenant that is not a Reseller
	// customer; a customer tenant's are in Customer, which the Reseller API
	// shares.
	Contact *ContactSeed `json:"contact,omitempty"`
	// Created is the tenant's creation time; zero: the World's clock at load.
	Created time.Time `json:"created,omitzero"`
}

// ContactSeed is a tenant's contact, as the Directory API's customer
// resource carries it.
type ContactSeed struct {
	AlternateEmail string            `json:"alternateEmail,omitempty"`
	Phone          string            `json:"phone,omitempty"`
	PostalAddress  *reseller.Address `json:"postalAddress,omitempty"` // Kind is ignored
}

// DomainSeed is a primary or secondary domain; domains are verified unless
// Unverified (rule D4).
type DomainSeed struct {
	Name       string    `json:"name"`
	Unverified bool      `json:"unverified,omitempty"`
	Created    time.Time `json:"created,omitzero"` // zero: the World's clock at load
}

// DomainAliasSeed is a domain alias of one of the tenant's domains.
type DomainAliasSeed struct {
	Name       string    `json:"name"`
	Parent     string    `json:"parent"`
	Unverified bool      `json:"unverified,omitempty"`
	Created    time.Time `json:"created,omitzero"` // zero: the World's clock at load
}

// OrgUnitSeed is an org unit by path ("/Staff/Support"); missing parents are
// created.
type OrgUnitSeed struct {
	ID          string `json:"id,omitempty"` // "" generates one; with path "/", the root's ID
	Path        string `json:"path"`
	Description string `json:"description,omitempty"`
}

// UserSeed is a user account. Roles is a shorthand for customer-wide
// assignments of the named roles ("_SEED_ADMIN_ROLE" makes a super admin).
type UserSeed struct {
	ID         string   `json:"id,omitempty"`
	Email      string   `json:"email"`
	GivenName  string   `json:"givenName,omitempty"`
	FamilyName string   `json:"familyName,omitempty"`
	OrgUnit    string   `json:"orgUnit,omitempty"` // path; "" is "/"
	Aliases    []string `json:"aliases,omitempty"`
	Suspended  bool     `json:"suspended,omitempty"`
	Archived   bool     `json:"archived,omitempty"`
	Roles      []string `json:"roles,omitempty"`
	// ChangePasswordAtNextLogin and RecoveryEmail are users.insert's.
	ChangePasswordAtNextLogin bool   `json:"changePasswordAtNextLogin,omitempty"`
	RecoveryEmail             string `json:"recoveryEmail,omitempty"`
	// Deleted: a deleted user, kept as Google keeps one for a while; its
	// email and aliases are free again.
	Deleted bool `json:"deleted,omitempty"`
	// Created is the account's creation time and DeletedTime its deletion
	// time (of a Deleted user); zero: the World's clock at load.
	Created     time.Time `json:"created,omitzero"`
	DeletedTime time.Time `json:"deletedTime,omitzero"`
}

// GroupSeed is a group; Members are emails of users or groups of the same
// tenant (nested groups are allowed). Owners and Managers name members
// (listed in Members) holding that role; the others are MEMBER.
// DeliverySettings maps a member's email to its delivery_settings (ALL_MAIL
// when absent).
type GroupSeed struct {
	ID               string            `json:"id,omitempty"` // "" generates one
	Email            string            `json:"email"`
	Name             string            `json:"name,omitempty"`
	Description      string            `json:"description,omitempty"`
	Aliases          []string          `json:"aliases,omitempty"`
	Members          []string          `json:"members,omitempty"`
	Owners           []string          `json:"owners,omitempty"`
	Managers         []string          `json:"managers,omitempty"`
	DeliverySettings map[string]string `json:"deliverySettings,omitempty"`
}

// RoleSeed is a custom role; Privileges are privilege names of the tenant's
// tree (the service ID is resolved from the tree).
type RoleSeed struct {
	// ID, when set, is the role's ID. A seed may name a system role
	// ("_SEED_ADMIN_ROLE") with its ID only, to fix that role's ID.
	ID          int64    `json:"id,omitempty,string"`
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	Privileges  []string `json:"privileges"`
}

// AssignmentSeed assigns a role (by name) to a user or group (by email),
// customer-wide or, with OrgUnit, scoped to that org unit.
type AssignmentSeed struct {
	ID         int64     `json:"id,omitempty,string"` // 0 generates one
	Role       string    `json:"role"`
	Assignee   string    `json:"assignee"`
	OrgUnit    string    `json:"orgUnit,omitempty"`
	ExpireTime time.Time `json:"expireTime,omitzero"`
	Condition  string    `json:"condition,omitempty"`
}

// SKUSeed gives a tenant seats of a product SKU. Names default to the
// catalog's for known SKUs.
type SKUSeed struct {
	ProductID   string `json:"productId"`
	SKUID       string `json:"skuId"`
	ProductName string `json:"productName,omitempty"`
	SKUName     string `json:"skuName,omitempty"`
	Seats       int    `json:"seats"`
}

// LicenseSeed assigns a license to a user (by email). The SKU's seats come
// from the tenant's SKUs or from its customer subscriptions, whichever
// lists it: licenses are assigned after both.
type LicenseSeed struct {
	ProductID string `json:"productId"`
	SKUID     string `json:"skuId"`
	User      string `json:"user"`
}

// CustomerSeed makes a tenant a customer of a reseller account: the customer
// is assigned to ResellerDomain (a domain of a reseller account, rule D1).
type CustomerSeed struct {
	ResellerDomain string `json:"resellerDomain"`
	// ResellerAccessRevoked: the customer turned reseller access off;
	// customers.get answers 403 (rule D5).
	ResellerAccessRevoked bool `json:"resellerAccessRevoked,omitempty"`
	// SupportPlan is not on the wire (the Reseller API does not carry
	// it): [Snapshot] reports it, for a reseller's own plan table
	// ([domains.PlanTable]). "" is Standard.
	SupportPlan    domains.SupportPlan `json:"supportPlan,omitempty"`
	AlternateEmail string              `json:"alternateEmail,omitempty"`
	Phone          string              `json:"phone,omitempty"`
	// PostalAddress is the customer's postalAddress (the Reseller API's
	// Address); nil: none.
	PostalAddress *reseller.Address  `json:"postalAddress,omitempty"`
	Subscriptions []SubscriptionSeed `json:"subscriptions,omitempty"`
	// Tenure is the history of reseller accounts that managed the customer,
	// oldest first; the last entry must be open (zero To) and on
	// ResellerDomain's account. Empty means managed by ResellerDomain's
	// account since a year before the seed's start.
	Tenure []TenureSeed `json:"tenure,omitempty"`
}

// SubscriptionSeed is a Reseller API subscription of a customer. Zero values
// default to plan ANNUAL_MONTHLY_PAY... as "ANNUAL", status ACTIVE.
type SubscriptionSeed struct {
	ID       string `json:"id,omitempty"` // "" generates one
	SKUID    string `json:"skuId"`
	SKUName  string `json:"skuName,omitempty"`
	Plan     string `json:"plan,omitempty"`
	Seats    int    `json:"seats,omitempty"`
	MaxSeats int    `json:"maxSeats,omitempty"`
	Status   string `json:"status,omitempty"`
	// Created is the creationTime; zero: the World's clock at load.
	Created time.Time `json:"created,omitzero"`
	// RenewalType is an annual plan's renewalType; "": the plan's default
	// (AUTO_RENEW_MONTHLY_PAY or AUTO_RENEW_YEARLY_PAY).
	RenewalType     string `json:"renewalType,omitempty"`
	PurchaseOrderID string `json:"purchaseOrderId,omitempty"`
	DealCode        string `json:"dealCode,omitempty"`
	// TrialEnd ends the free trial (the subscription is in it until
	// then); zero: no trial, but on the TRIAL plan 30 days after Created.
	TrialEnd time.Time `json:"trialEnd,omitzero"`
	// SuspensionReasons set by calls: RESELLER_INITIATED
	// (subscriptions.suspend; activate lifts it).
	SuspensionReasons []string `json:"suspensionReasons,omitempty"`
}

// TenureSeed is one period during which a reseller account (named by one of
// its domains) managed a customer.
type TenureSeed struct {
	ResellerDomain string    `json:"resellerDomain"`
	From           time.Time `json:"from"`
	To             time.Time `json:"to,omitzero"`
}

// NewWorld returns a World holding seed. A seed error names the bad entry.
func NewWorld(seed Seed) (*World, error) {
	if seed.err != nil {
		return nil, seed.err
	}
	w := newWorld()
	if err := w.load(seed); err != nil {
		return nil, err
	}
	w.origin = seed
	return w, nil
}

// ReadSeed decodes a JSON seed. Unknown fields are errors, so a typo in a
// seed file does not silently drop data.
func ReadSeed(r io.Reader) (Seed, error) {
	var s Seed
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		if errors.Is(err, io.EOF) {
			return Seed{}, errors.New(`fake: reading seed JSON: the seed is empty; want a JSON object like {"tenants": [...]}`)
		}
		return Seed{}, fmt.Errorf("fake: reading seed JSON: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Seed{}, errors.New("fake: reading seed JSON: more data after the seed's JSON object")
	}
	return s, nil
}

// LoadFile returns a World built from a JSON seed file.
func LoadFile(path string) (*World, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("fake: %w", err)
	}
	defer f.Close()
	seed, err := ReadSeed(f)
	if err != nil {
		return nil, err
	}
	return NewWorld(seed)
}

// load adds the tenants of seed to w (and sets the clock when seed.Start is
// set). Reseller accounts are created before customer tenants, so a seed may
// list them in any order. On error w may hold part of the seed; discard it.
func (w *World) load(seed Seed) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !seed.Start.IsZero() {
		w.now = seed.Start.UTC()
	}
	if seed.TokenSecret != "" {
		w.tokenKey = sha256.Sum256([]byte("resellerkit fake tokens\x00" + seed.TokenSecret))
		w.tokenSecret = seed.TokenSecret
	}
	if err := w.setCounters(seed.Counters, true); err != nil {
		return err
	}
	for _, email := range slices.Sorted(maps.Keys(seed.ServiceAccounts)) {
		pub, err := parsePublicKey(seed.ServiceAccounts[email])
		if err != nil {
			return fmt.Errorf("serviceAccounts[%q]: %w", email, err)
		}
		w.serviceAccounts[email] = pub
	}
	w.authzGen++
	created := make([]*tenant, len(seed.Tenants))
	trees := &seedTrees{names: seed.ResellerToolsNames}
	w.toolsNames = seed.ResellerToolsNames
	// Pass 1: tenants, domains, org units, users, groups, roles, SKUs.
	for i := range seed.Tenants {
		ts := &seed.Tenants[i]
		t, err := w.seedTenant(ts, trees)
		if err != nil {
			return seedErr(i, ts, err)
		}
		created[i] = t
	}
	// Pass 2: what refers across tenants or to pass-1 objects.
	for i := range seed.Tenants {
		ts := &seed.Tenants[i]
		if err := w.seedLinks(created[i], ts); err != nil {
			return seedErr(i, ts, err)
		}
	}
	if len(seed.Cases) > 0 {
		if _, err := w.addCases(seed.Cases); err != nil {
			return fmt.Errorf("fake: seed: cases: %w", err)
		}
	}
	return w.setCounters(seed.Counters, false)
}

func seedErr(i int, ts *TenantSeed, err error) error {
	name := ts.CustomerID
	if len(ts.Domains) > 0 {
		name = ts.Domains[0].Name
	}
	return fmt.Errorf("fake: seed: tenants[%d] (%s): %w", i, name, err)
}

// seedTenant adds the tenant ts; trees, when given, builds its privilege
// tree (the seed's renamed Reseller Tools), else the shared one is used.
func (w *World) seedTenant(ts *TenantSeed, trees ...*seedTrees) (*tenant, error) {
	if len(ts.Domains) == 0 {
		return nil, errors.New("domains: a tenant needs at least its primary domain")
	}
	var st *seedTrees
	if len(trees) > 0 {
		st = trees[0]
	}
	tree, err := st.tree(ts.Reseller, ts.Legacy)
	if err != nil {
		return nil, err
	}
	id := ts.CustomerID
	if id == "" {
		id = w.newCustomerID()
	} else if _, dup := w.tenants[id]; dup {
		return nil, fmt.Errorf("customerId %q: already used by another tenant", id)
	} else if !validCustomerID(id) {
		return nil, fmt.Errorf("customerId %q: want C followed by letters and digits, like C01abc234", id)
	}
	t := &tenant{
		id: id, name: ts.Name, reseller: ts.Reseller, legacy: ts.Legacy,
		created: w.timeOr(ts.Created), rev: w.nextRev(),
		ous: map[string]*orgUnit{}, ouByPath: map[string]*orgUnit{},
		tree:    tree,
		roles:   map[int64]*role{},
		assigns: map[int64]*assignment{},
		skus:    map[skuKey]*sku{}, licenses: map[string]map[string]*license{},
	}
	if t.name == "" {
		t.name = normDomain(ts.Domains[0].Name)
	}
	for j, ds := range ts.Domains {
		d, e := w.addDomain(t, ds.Name, j == 0, !ds.Unverified)
		if e != nil {
			return nil, fmt.Errorf("domains[%d] (%s): %s", j, ds.Name, e.Message)
		}
		d.created = w.timeOr(ds.Created)
	}
	t.language = ts.Language
	if c := ts.Contact; c != nil {
		if ts.Customer != nil {
			return nil, errors.New("contact: a customer tenant's contact is in customer (alternateEmail, phone, postalAddress)")
		}
		t.contact = tenantContact{alternateEmail: c.AlternateEmail, phone: c.Phone}
		if c.PostalAddress != nil {
			t.contact.postal = wireAddress(c.PostalAddress)
			t.contact.postal.Kind = ""
		}
	}
	w.tenants[id] = t
	w.tenantList = append(w.tenantList, t)
	t.root = &orgUnit{id: w.newOrgUnitID(), t: t, name: t.name, path: "/", rev: w.nextRev()}
	t.ous[t.root.id] = t.root
	t.ouByPath["/"] = t.root
	w.addSystemRoles(t)

	for j, as := range ts.DomainAliases {
		parent := t.domainNamed(normDomain(as.Parent))
		if parent == nil {
			return nil, fmt.Errorf("domainAliases[%d] (%s): parent %q is not a domain of this tenant", j, as.Name, as.Parent)
		}
		a, e := w.addDomainAlias(parent, as.Name, !as.Unverified)
		if e != nil {
			return nil, fmt.Errorf("domainAliases[%d] (%s): %s", j, as.Name, e.Message)
		}
		a.created = w.timeOr(as.Created)
	}
	for j, os := range ts.OrgUnits {
		ou, err := w.ensureOUPath(t, os.Path, os.Description)
		if err == nil && os.ID != "" {
			err = pinOrgUnitID(t, ou, os.ID)
		}
		if err != nil {
			return nil, fmt.Errorf("orgUnits[%d] (%s): %w", j, os.Path, err)
		}
	}
	for j := range ts.Users {
		us := &ts.Users[j]
		if us.Deleted {
			if err := w.seedDeletedUser(t, us); err != nil {
				return nil, fmt.Errorf("users[%d] (%s): %w", j, us.Email, err)
			}
			continue
		}
		if _, err := w.seedUser(t, us); err != nil {
			return nil, fmt.Errorf("users[%d] (%s): %w", j, us.Email, err)
		}
	}
	for j, gs := range ts.Groups {
		g, err := w.addGroup(t, gs.Email, gs.Name)
		if err == nil && gs.ID != "" {
			err = w.pinGroupID(g, gs.ID)
		}
		if err != nil {
			return nil, fmt.Errorf("groups[%d] (%s): %w", j, gs.Email, err)
		}
		if err := w.seedGroupDetails(g, gs); err != nil {
			return nil, fmt.Errorf("groups[%d] (%s): %w", j, gs.Email, err)
		}
	}
	for j, rs := range ts.Roles {
		if err := w.seedRole(t, rs); err != nil {
			return nil, fmt.Errorf("roles[%d] (%s): %w", j, rs.Name, err)
		}
	}
	for j, ks := range ts.SKUs {
		if err := w.setSKU(t, ks); err != nil {
			return nil, fmt.Errorf("skus[%d] (%s/%s): %w", j, ks.ProductID, ks.SKUID, err)
		}
	}
	return t, nil
}

func (w *World) seedLinks(t *tenant, ts *TenantSeed) error {
	for j, gs := range ts.Groups {
		g := w.lookupGroup(gs.Email)
		for k, m := range gs.Members {
			if err := w.addMember(g, m); err != nil {
				return fmt.Errorf("groups[%d] (%s): members[%d] (%s): %w", j, gs.Email, k, m, err)
			}
		}
		if err := w.seedMemberSettings(g, gs); err != nil {
			return fmt.Errorf("groups[%d] (%s): %w", j, gs.Email, err)
		}
	}
	for j, us := range ts.Users {
		for k, rn := range us.Roles {
			if _, err := w.seedAssignment(t, AssignmentSeed{Role: rn, Assignee: us.Email}); err != nil {
				return fmt.Errorf("users[%d] (%s): roles[%d] (%s): %w", j, us.Email, k, rn, err)
			}
		}
	}
	for j, as := range ts.Assignments {
		a, err := w.seedAssignment(t, as)
		if err == nil && as.ID != 0 {
			err = pinAssignmentID(t, a, as.ID)
		}
		if err != nil {
			return fmt.Errorf("assignments[%d] (%s to %s): %w", j, as.Role, as.Assignee, err)
		}
	}
	// The customer's subscriptions come before the licenses: they may be
	// where the seats of a licensed SKU come from.
	if ts.Customer != nil {
		if err := w.seedCustomer(t, ts.Customer); err != nil {
			return fmt.Errorf("customer: %w", err)
		}
	}
	for j, ls := range ts.Licenses {
		u := w.lookupUser(ls.User)
		if u == nil || u.t != t {
			return fmt.Errorf("licenses[%d]: user %q is not a user of this tenant", j, ls.User)
		}
		if _, e := w.assignLicense(u, ls.ProductID, ls.SKUID); e != nil {
			return fmt.Errorf("licenses[%d] (%s %s/%s): %s", j, ls.User, ls.ProductID, ls.SKUID, e.Message)
		}
	}
	return nil
}

func validCustomerID(id string) bool {
	if len(id) < 2 || id[0] != 'C' {
		return false
	}
	for _, c := range id[1:] {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

func (w *World) seedUser(t *tenant, us *UserSeed) (*user, error) {
	ou := t.root
	if us.OrgUnit != "" && us.OrgUnit != "/" {
		ou = t.ouByPath[strings.ToLower(cleanOUPath(us.OrgUnit))]
		if ou == nil {
			return nil, fmt.Errorf("orgUnit %q does not exist; list it in orgUnits", us.OrgUnit)
		}
	}
	if us.ID != "" {
		if _, dup := w.users[us.ID]; dup {
			return nil, fmt.Errorf("id %q: already used", us.ID)
		}
	}
	given, family := us.GivenName, us.FamilyName
	if given == "" || family == "" {
		local, _, _ := strings.Cut(us.Email, "@")
		if given == "" {
			given = strings.ToUpper(local[:min(1, len(local))]) + local[min(1, len(local)):]
		}
		if family == "" {
			family = "User"
		}
	}
	u, e := w.createUser(t, userSpec{id: us.ID, email: us.Email, given: given, family: family, ou: ou,
		suspended: us.Suspended, archived: us.Archived, changePw: us.ChangePasswordAtNextLogin, recovery: us.RecoveryEmail})
	if e != nil {
		return nil, errors.New(e.Message)
	}
	u.created = w.timeOr(us.Created)
	for k, a := range us.Aliases {
		if e := w.addUserAlias(u, a); e != nil {
			return nil, fmt.Errorf("aliases[%d] (%s): %s", k, a, e.Message)
		}
	}
	return u, nil
}

func (w *World) seedAssignment(t *tenant, as AssignmentSeed) (*assignment, error) {
	var r *role
	for _, x := range t.roles {
		if strings.EqualFold(x.name, as.Role) {
			r = x
			break
		}
	}
	if r == nil {
		return nil, fmt.Errorf("role %q does not exist in this tenant", as.Role)
	}
	assignee, isGroup := "", false
	if u := w.lookupUser(as.Assignee); u != nil && u.t == t {
		assignee = u.id
	} else if g := w.lookupGroup(as.Assignee); g != nil && g.t == t {
		assignee, isGroup = g.id, true
	} else {
		return nil, fmt.Errorf("assignee %q is not a user or group of this tenant", as.Assignee)
	}
	scope, ouID := "CUSTOMER", ""
	if as.OrgUnit != "" {
		ou := t.ouByPath[strings.ToLower(cleanOUPath(as.OrgUnit))]
		if ou == nil {
			return nil, fmt.Errorf("orgUnit %q does not exist", as.OrgUnit)
		}
		scope, ouID = "ORG_UNIT", ou.id
	}
	a, e := w.createAssignment(t, r, assignee, isGroup, scope, ouID, as.ExpireTime, as.Condition)
	if e != nil {
		return nil, errors.New(e.Message)
	}
	return a, nil
}

func (w *World) seedCustomer(t *tenant, cs *CustomerSeed) error {
	if t.reseller {
		return errors.New("a reseller account cannot also be a customer tenant in the fake")
	}
	d := w.domains[normDomain(cs.ResellerDomain)]
	if d == nil || !d.t.reseller {
		return fmt.Errorf("resellerDomain %q is not a domain of a reseller account", cs.ResellerDomain)
	}
	plan := cs.SupportPlan
	switch plan {
	case domains.PlanUnknown:
		plan = domains.PlanStandard
	case domains.PlanStandard, domains.PlanEnhanced, domains.PlanPremium:
	default:
		return fmt.Errorf("supportPlan %q: want Standard, Enhanced or Premium", cs.SupportPlan)
	}
	c := &customerInfo{resellerDomain: d.name, reseller: d.t, accessRevoked: cs.ResellerAccessRevoked,
		plan: plan, alternateEmail: cs.AlternateEmail, phone: cs.Phone, rev: w.nextRev()}
	if len(cs.Tenure) == 0 {
		c.tenure = []tenureEntry{{reseller: d.t, domain: d.name, from: w.now.Add(-365 * 24 * time.Hour)}}
	}
	for j, ten := range cs.Tenure {
		td := w.domains[normDomain(ten.ResellerDomain)]
		if td == nil || !td.t.reseller {
			return fmt.Errorf("tenure[%d]: resellerDomain %q is not a domain of a reseller account", j, ten.ResellerDomain)
		}
		last := j == len(cs.Tenure)-1
		switch {
		case ten.From.IsZero():
			return fmt.Errorf("tenure[%d]: from is required", j)
		case last && !ten.To.IsZero():
			return fmt.Errorf("tenure[%d]: the last tenure must be open (no to): it is the current reseller's", j)
		case last && td.t != d.t:
			return fmt.Errorf("tenure[%d]: the current tenure must be on resellerDomain's account", j)
		case !last && !ten.To.After(ten.From):
			return fmt.Errorf("tenure[%d]: to must be after from", j)
		case j > 0 && ten.From.Before(cs.Tenure[j-1].To):
			return fmt.Errorf("tenure[%d]: overlaps the previous tenure", j)
		}
		c.tenure = append(c.tenure, tenureEntry{reseller: td.t, domain: td.name, from: ten.From.UTC(), to: ten.To.UTC()})
	}
	for j, ss := range cs.Subscriptions {
		if ss.SKUID == "" {
			return fmt.Errorf("subscriptions[%d]: skuId is required", j)
		}
		s := &subscription{id: cmp.Or(ss.ID, w.newSubscriptionID()), sku: ss.SKUID, skuName: ss.SKUName, plan: ss.Plan,
			seats: int64(ss.Seats), maxSeats: int64(ss.MaxSeats), status: ss.Status, created: w.now,
			renewal: ss.RenewalType, purchaseOrder: ss.PurchaseOrderID, dealCode: ss.DealCode,
			trialEnd: ss.TrialEnd.UTC(), reasons: slices.Clone(ss.SuspensionReasons)}
		if !ss.Created.IsZero() {
			s.created = ss.Created.UTC()
		}
		if ss.TrialEnd.IsZero() {
			s.trialEnd = time.Time{}
			if s.plan == planTrial {
				s.trialEnd = s.created.Add(trialLength)
			}
		}
		if s.skuName == "" {
			s.skuName = catalogSKUName(ss.SKUID)
		}
		if s.plan == "" {
			s.plan = "ANNUAL"
		}
		if s.status == "" {
			s.status = "ACTIVE"
		}
		if s.maxSeats == 0 && (s.plan == planFlexible || s.plan == planTrial) {
			s.maxSeats = s.seats
		}
		c.subs = append(c.subs, s)
	}
	if cs.PostalAddress != nil {
		c.postal = wireAddress(cs.PostalAddress)
		c.postal.Kind = ""
	}
	t.cust = c
	// The subscriptions also give the tenant their SKUs' seats for
	// licensing (rules L4, S4), unless the seed set them explicitly.
	for _, s := range c.subs {
		w.feedSeats(t, s.sku)
	}
	return nil
}

// cleanOUPath turns "Staff/Support/" or "/Staff//Support" into
// "/Staff/Support".
func cleanOUPath(p string) string {
	parts := strings.FieldsFunc(p, func(r rune) bool { return r == '/' })
	return "/" + strings.Join(parts, "/")
}

// ensureOUPath creates the org unit at path and its missing parents.
func (w *World) ensureOUPath(t *tenant, path, description string) (*orgUnit, error) {
	clean := cleanOUPath(path)
	if clean == "/" {
		return t.root, nil
	}
	parent := t.root
	parts := strings.Split(clean[1:], "/")
	for i, name := range parts {
		p := "/" + strings.Join(parts[:i+1], "/")
		ou := t.ouByPath[strings.ToLower(p)]
		if ou == nil {
			ou = w.createOU(t, parent, name, "")
		}
		if i == len(parts)-1 && description != "" {
			ou.description = description
		}
		parent = ou
	}
	return parent, nil
}

func (w *World) createOU(t *tenant, parent *orgUnit, name, description string) *orgUnit {
	ou := &orgUnit{id: w.newOrgUnitID(), t: t, name: name, description: description, parent: parent, rev: w.nextRev()}
	ou.path = joinOUPath(parent.path, name)
	t.ous[ou.id] = ou
	t.ouByPath[strings.ToLower(ou.path)] = ou
	return ou
}

func joinOUPath(parent, name string) string {
	if parent == "/" {
		return "/" + name
	}
	return parent + "/" + name
}

func (w *World) addDomain(t *tenant, name string, primary, verified bool) (*domain, *apiError) {
	n := normDomain(name)
	if !validDomain(n) {
		return nil, errInvalid("domain name %q is not a valid domain name", name)
	}
	if _, dup := w.domains[n]; dup {
		return nil, errDuplicate("domain %s already belongs to a Google account", n)
	}
	if _, dup := w.aliases[n]; dup {
		return nil, errDuplicate("domain %s already belongs to a Google account", n)
	}
	d := &domain{name: n, t: t, primary: primary, verified: verified, created: w.now, rev: w.nextRev()}
	w.domains[n] = d
	t.domains = append(t.domains, d)
	return d, nil
}

func (w *World) addDomainAlias(parent *domain, name string, verified bool) (*domainAlias, *apiError) {
	n := normDomain(name)
	if !validDomain(n) {
		return nil, errInvalid("domain alias name %q is not a valid domain name", name)
	}
	if _, dup := w.domains[n]; dup {
		return nil, errDuplicate("domain %s already belongs to a Google account", n)
	}
	if _, dup := w.aliases[n]; dup {
		return nil, errDuplicate("domain %s already belongs to a Google account", n)
	}
	a := &domainAlias{name: n, parent: parent, verified: verified, created: w.now, rev: w.nextRev()}
	w.aliases[n] = a
	parent.t.aliases = append(parent.t.aliases, a)
	return a, nil
}

// validDomain accepts ASCII host names with at least one dot.
func validDomain(n string) bool {
	if len(n) < 3 || len(n) > 253 || !strings.Contains(n, ".") {
		return false
	}
	for _, label := range strings.Split(n, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, c := range label {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

func (w *World) addSystemRoles(t *tenant) {
	sa := &role{id: w.newRoleID(), t: t, name: roles.SuperAdminRoleName, description: "Google Workspace Administrator Seed Role",
		privs: t.tree.all, system: true, superAdmin: true, rev: w.nextRev()}
	t.roles[sa.id] = sa
	if t.reseller {
		ra := &role{id: w.newRoleID(), t: t, name: roles.ResellerAdminRoleName, description: "Reseller Admin",
			privs: t.tree.reseller, system: true, rev: w.nextRev()}
		t.roles[ra.id] = ra
	}
}

// addRole creates a custom role from privilege names of t's tree.
func (w *World) addRole(t *tenant, name, description string, privs []string) (*role, *apiError) {
	if strings.TrimSpace(name) == "" {
		return nil, errRequired("roleName")
	}
	if len(privs) == 0 {
		return nil, errRequired("rolePrivileges")
	}
	for _, r := range t.roles {
		if strings.EqualFold(r.name, name) {
			return nil, errDuplicate("a role named %q already exists", name)
		}
	}
	refs := make([]privRef, 0, len(privs))
	for _, p := range privs {
		n := t.tree.nodes[p]
		if n == nil {
			return nil, errInvalid("privilege %q does not exist for this customer", p)
		}
		if !slices.Contains(refs, n.ref) {
			refs = append(refs, n.ref)
		}
	}
	r := &role{id: w.newRoleID(), t: t, name: name, description: description, privs: refs, rev: w.nextRev()}
	t.roles[r.id] = r
	w.authzGen++
	return r, nil
}

func (w *World) addGroup(t *tenant, email, name string) (*group, error) {
	e := normEmail(email)
	d := w.domains[domainOf(e)]
	if d == nil || d.t != t {
		return nil, fmt.Errorf("the domain of %q is not a domain of this tenant", email)
	}
	if _, dup := w.emails[e]; dup {
		return nil, fmt.Errorf("%q is already used by a user or group", email)
	}
	if name == "" {
		name, _, _ = strings.Cut(e, "@")
	}
	g := &group{id: w.newGroupID(), t: t, email: e, name: name, rev: w.nextRev()}
	w.groups[g.id] = g
	w.emails[e] = owner{g: g}
	t.groups = append(t.groups, g)
	return g, nil
}

func (w *World) addMember(g *group, memberKey string) error {
	m := member{}
	if u := w.lookupUser(memberKey); u != nil && u.t == g.t && !u.deleted {
		m.id = u.id
	} else if sub := w.lookupGroup(memberKey); sub != nil && sub.t == g.t {
		if sub == g {
			return errors.New("a group cannot contain itself")
		}
		m.id, m.group = sub.id, true
	} else {
		return fmt.Errorf("%q is not a user or group of the group's tenant", memberKey)
	}
	if slices.ContainsFunc(g.members, func(x member) bool { return x.id == m.id }) {
		return nil
	}
	g.members = append(g.members, m)
	g.rev = w.nextRev()
	w.authzGen++
	return nil
}

func (w *World) setSKU(t *tenant, ks SKUSeed) error {
	if ks.ProductID == "" || ks.SKUID == "" {
		return errors.New("productId and skuId are required")
	}
	if ks.Seats < 0 {
		return errors.New("seats must not be negative")
	}
	k := skuKey{ks.ProductID, ks.SKUID}
	s := t.skus[k]
	if s == nil {
		s = &sku{product: ks.ProductID, sku: ks.SKUID}
		t.skus[k] = s
		t.skuList = append(t.skuList, s)
	}
	s.seats = ks.Seats
	s.fromSubs = false
	s.productName, s.skuName = ks.ProductName, ks.SKUName
	if s.productName == "" {
		s.productName = catalogProductName(ks.ProductID)
	}
	if s.skuName == "" {
		s.skuName = catalogSKUName(ks.SKUID)
	}
	return nil
}
