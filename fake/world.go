package fake

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"fmt"
	"hash/fnv"
	mrand "math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/resellerkit/resellerkit/domains"
)

// DefaultStart is the World clock's default start time. It is fixed so runs
// are deterministic: the same seed and the same calls give the same IDs,
// ETags and timestamps (bearer tokens are not, unless Seed.TokenSecret
// fixes them).
var DefaultStart = time.Date(2026, time.January, 5, 9, 0, 0, 0, time.UTC)

// World is the state of the in-memory Google: tenants (reseller accounts and
// customer tenants), their domains, users, groups, org units, privilege
// trees, roles, role assignments, licenses, and the Reseller API's customers
// and subscriptions. Everything sits behind one mutex, so a World is safe for
// concurrent use and every operation is atomic.
//
// The clock is injected ([World.Now], [World.Advance], [World.SetTime]) and
// IDs come from counters, so a World built from the same [Seed] and driven
// by the same calls is identical every time.
type World struct {
	mu sync.Mutex

	now time.Time
	seq counters

	tenants    map[string]*tenant // by customer ID
	tenantList []*tenant          // creation order
	domains    map[string]*domain // normalised domain name (primary and secondary)
	aliases    map[string]*domainAlias
	users      map[string]*user  // by ID
	groups     map[string]*group // by ID
	emails     map[string]owner  // normalised address -> user or group (primary and aliases)

	tokens          map[string]*user // bearer token -> user
	userTokens      map[string]string
	tokenKey        [sha256.Size]byte         // the HMAC key of the tokens (tokenOf)
	tokenSecret     string                    // Seed.TokenSecret, for World.Seed; "" when the key is random
	toolsNames      map[string]string         // Seed.ResellerToolsNames, for World.Seed
	serviceAccounts map[string]*rsa.PublicKey // client_email -> key

	// authzGen changes whenever privileges may have changed (roles,
	// assignments, groups, account state, the clock), invalidating the
	// per-user grant caches.
	authzGen int64

	pageCap int // a forced page-size cap for every listing; 0: none

	origin Seed // the Seed NewWorld built the World from, for the control API's world:reset

	lag   int            // read-after-write lag in reads (rule W5)
	fresh map[string]int // resource key -> 404 reads left

	faults    faultSet
	faultRand *mrand.Rand // the draws of Fault.Probability; nil until the first (SetFaultSeed)

	// cases is the support-case state; the cases_*.go files own its type
	// (see cases_book.go).
	cases caseBook
}

type counters struct {
	user, group, role, assignment, orgUnit, customer, subscription, rev int64
}

// owner is what an email address belongs to: exactly one of u and g is set.
type owner struct {
	u *user
	g *group
}

type tenant struct {
	id       string
	name     string
	reseller bool
	legacy   bool
	created  time.Time
	rev      int64

	domains []*domain // [0] is the primary domain
	aliases []*domainAlias

	ous      map[string]*orgUnit // by ID
	ouByPath map[string]*orgUnit // lower-case path
	root     *orgUnit

	tree *privTree // shared, immutable

	roles   map[int64]*role
	assigns map[int64]*assignment
	users   []*user // creation order; deleted ones included
	groups  []*group

	skus     map[skuKey]*sku
	skuList  []*sku
	licenses map[string]map[string]*license // productID -> user ID -> license

	cust *customerInfo // set for customer tenants

	// The Directory API's customer resource (customers.go): the language
	// of every tenant, and the contact of a tenant that is no Reseller
	// customer (a customer tenant keeps it in cust, shared with the
	// Reseller API).
	language string
	contact  tenantContact
}

// tenantContact is the alternate email, phone number and postal address of
// a tenant that is not a Reseller customer.
type tenantContact struct {
	alternateEmail string
	phone          string
	postal         *postalAddress // nil: none given
}

type domain struct {
	name     string
	t        *tenant
	primary  bool
	verified bool
	created  time.Time
	rev      int64
}

type domainAlias struct {
	name     string
	parent   *domain
	verified bool
	created  time.Time
	rev      int64
}

type orgUnit struct {
	id          string
	t           *tenant
	name        string
	description string
	parent      *orgUnit
	path        string
	rev         int64
}

type user struct {
	id        string
	t         *tenant
	email     string
	aliases   []string
	given     string
	family    string
	ou        *orgUnit
	suspended bool
	archived  bool
	deleted   bool
	changePw  bool
	password  [sha256.Size]byte // sha256 of id, NUL, password; zero when none or given as a hash
	recovery  string
	created   time.Time
	deletedAt time.Time
	rev       int64

	grantGen int64 // authzGen the cache below was computed at; 0 = none
	grant    *grantSet
}

type group struct {
	id          string
	t           *tenant
	email       string
	aliases     []string
	name        string
	description string
	members     []member
	rev         int64
}

type member struct {
	group    bool
	id       string
	role     string // OWNER, MANAGER; "" is MEMBER
	delivery string // a member's delivery_settings; "" is ALL_MAIL
}

type role struct {
	id          int64
	t           *tenant
	name        string
	description string
	privs       []privRef
	system      bool
	superAdmin  bool
	rev         int64
}

type privRef struct {
	service string
	name    string
}

type assignment struct {
	id        int64
	t         *tenant
	roleID    int64
	assignee  string // user or group ID
	group     bool
	scope     string // "CUSTOMER" or "ORG_UNIT"
	ouID      string
	expire    time.Time // zero: never
	condition string
	rev       int64
}

type skuKey struct{ product, sku string }

type sku struct {
	product     string
	sku         string
	productName string
	skuName     string
	seats       int
	assigned    int
	// fromSubs: seats is the sum of the customer's Reseller API
	// subscriptions of the SKU, and follows them (rules L4, S4).
	fromSubs bool
}

type license struct {
	product string
	sku     string
	userID  string
	rev     int64
}

type customerInfo struct {
	resellerDomain string  // normalised; the reseller domain the customer is assigned to (D1)
	reseller       *tenant // the reseller account owning resellerDomain
	accessRevoked  bool
	plan           domains.SupportPlan
	alternateEmail string
	phone          string
	postal         *postalAddress // nil: none given
	subs           []*subscription
	tenure         []tenureEntry
	rev            int64
}

type subscription struct {
	id       string
	sku      string
	skuName  string
	plan     string
	seats    int64
	maxSeats int64
	status   string
	created  time.Time
	// renewal is the renewalType of an annual plan; "": the plan's
	// default (reseller.go).
	renewal       string
	purchaseOrder string
	dealCode      string
	trialEnd      time.Time // zero: no trial
	reasons       []string  // suspensionReasons set by calls (RESELLER_INITIATED)
}

type tenureEntry struct {
	reseller *tenant
	domain   string
	from, to time.Time // zero to: current
}

// newWorld returns an empty World at the default start time.
func newWorld() *World {
	w := &World{
		now:             DefaultStart,
		tenants:         map[string]*tenant{},
		domains:         map[string]*domain{},
		aliases:         map[string]*domainAlias{},
		users:           map[string]*user{},
		groups:          map[string]*group{},
		emails:          map[string]owner{},
		tokens:          map[string]*user{},
		userTokens:      map[string]string{},
		serviceAccounts: map[string]*rsa.PublicKey{},
		fresh:           map[string]int{},
		authzGen:        1,
	}
	// A fresh random token key per World: bearer tokens cannot be guessed
	// from one run to the next. Seed.TokenSecret fixes it instead.
	if _, err := rand.Read(w.tokenKey[:]); err != nil {
		w.tokenKey = sha256.Sum256([]byte(time.Now().String()))
	}
	return w
}

// Now returns the World's current time.
func (w *World) Now() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.now
}

// Advance moves the World's clock forward by d (backward for a negative d).
// Expiring role assignments and time-based rules see the new time at once.
func (w *World) Advance(d time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.now = w.now.Add(d)
	w.authzGen++
}

// SetTime sets the World's clock.
func (w *World) SetTime(t time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.now = t.UTC()
	w.authzGen++
}

// nextRev returns a new revision number; every write stamps the written
// resource with one, which changes its ETag.
func (w *World) nextRev() int64 {
	w.seq.rev++
	return w.seq.rev
}

func (w *World) newUserID() string {
	w.seq.user++
	return fmt.Sprintf("1%020d", 1000003*w.seq.user+4217)
}

func (w *World) newGroupID() string {
	w.seq.group++
	return "03" + base36(uint64(w.seq.group)*2654435761%78364164096, 13)
}

func (w *World) newRoleID() int64 {
	w.seq.role++
	return 9170516996700000 + w.seq.role
}

func (w *World) newAssignmentID() int64 {
	w.seq.assignment++
	return 9170516996800000 + w.seq.assignment
}

func (w *World) newOrgUnitID() string {
	w.seq.orgUnit++
	return "id:03ph8a2z" + base36(uint64(w.seq.orgUnit)*40503%2176782336, 6)
}

func (w *World) newCustomerID() string {
	for {
		w.seq.customer++
		id := "C0" + base36(uint64(w.seq.customer)*2654435761%78364164096, 7)
		if _, taken := w.tenants[id]; !taken {
			return id
		}
	}
}

func (w *World) newSubscriptionID() string {
	w.seq.subscription++
	return strconv.FormatInt(8140000000+w.seq.subscription*17, 10)
}

// base36 renders v in lower-case base 36, left-padded with zeros to width.
func base36(v uint64, width int) string {
	s := strconv.FormatUint(v, 36)
	if len(s) < width {
		s = strings.Repeat("0", width-len(s)) + s
	}
	return s
}

// etag renders Google-style quoted ETag for a resource kind, key and
// revision. It is deterministic and changes with every write.
func etag(kind, key string, rev int64) string {
	h := fnv.New64a()
	h.Write([]byte(kind))
	h.Write([]byte{0})
	h.Write([]byte(key))
	h.Write([]byte{0})
	var b [8]byte
	for i := range b {
		b[i] = byte(rev >> (8 * i))
	}
	h.Write(b[:])
	return `"` + base36(h.Sum64(), 13) + "/" + strconv.FormatInt(rev, 36) + `"`
}

// normEmail normalises an email address for lookups with the SDK's one
// definition of rule D3 (domains.NormalizeEmail). Input that is no address
// at all is only trimmed and case-folded: it finds nothing, as at Google.
func normEmail(s string) string {
	if n, err := domains.NormalizeEmail(s); err == nil {
		return n
	}
	return strings.ToLower(strings.TrimSpace(s))
}

// normDomain normalises a domain name with domains.NormalizeDomain (rule
// D3); a name that is no domain is only trimmed and case-folded.
func normDomain(s string) string {
	if n, err := domains.NormalizeDomain(s); err == nil {
		return n
	}
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), ".")
}

// domainOf returns the part of an email address after its last "@".
func domainOf(email string) string {
	i := strings.LastIndexByte(email, '@')
	if i < 0 {
		return ""
	}
	return email[i+1:]
}

// fmtTime renders t as Google's RFC 3339 timestamps with milliseconds.
func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

// markFresh records a write for the read-after-write lag (rule W5).
func (w *World) markFresh(key string) {
	if w.lag > 0 {
		w.fresh[key] = w.lag
	}
}

// lagging reports whether a read of key must still answer 404 because the
// resource was written too recently, and counts the read.
func (w *World) lagging(key string) bool {
	n, ok := w.fresh[key]
	if !ok {
		return false
	}
	if n <= 1 {
		delete(w.fresh, key)
	} else {
		w.fresh[key] = n - 1
	}
	return true
}

// SetReadAfterWriteLag makes every resource written from now on answer 404
// to its first n reads by key (users.get, roles.get, ...), as Google does for
// a while after a write (rule W5). Listings are not affected. Zero turns the
// lag off and forgets pending lags.
func (w *World) SetReadAfterWriteLag(n int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if n < 0 {
		n = 0
	}
	w.lag = n
	if n == 0 {
		clear(w.fresh)
	}
}

// SetPageCap forces every listing to pages of at most n items (0: each
// method's own cap), so tests page across several pages with little data.
func (w *World) SetPageCap(n int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.pageCap = max(n, 0)
}

// lookupUser finds a live or deleted user by ID, primary email or alias.
func (w *World) lookupUser(key string) *user {
	if u, ok := w.users[key]; ok {
		return u
	}
	if o, ok := w.emails[normEmail(key)]; ok && o.u != nil {
		return o.u
	}
	return nil
}

// lookupGroup finds a group by ID or email.
func (w *World) lookupGroup(key string) *group {
	if g, ok := w.groups[key]; ok {
		return g
	}
	if o, ok := w.emails[normEmail(key)]; ok && o.g != nil {
		return o.g
	}
	return nil
}

// tenantByKey finds a tenant by customer ID or by one of its domains.
func (w *World) tenantByKey(key string) *tenant {
	if t, ok := w.tenants[key]; ok {
		return t
	}
	if d, ok := w.domains[normDomain(key)]; ok {
		return d.t
	}
	return nil
}

func (t *tenant) primary() *domain { return t.domains[0] }

// domainNamed returns the tenant's primary or secondary domain called name.
func (t *tenant) domainNamed(name string) *domain {
	for _, d := range t.domains {
		if d.name == name {
			return d
		}
	}
	return nil
}

// managedBy reports whether reseller account r currently manages t.
func (t *tenant) managedBy(r *tenant) bool {
	return t.cust != nil && t.cust.reseller == r
}

func (u *user) active() bool { return !u.suspended && !u.archived && !u.deleted }
