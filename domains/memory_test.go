package domains_test

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/domains"
)

// memBackend is a small map-backed domains.Backend for the rule tests. It
// models what the rules depend on: classified errors, the reseller domain
// scoping of the Reseller API (D1), customers that revoked access (403, D5),
// and hooks to inject faults and lag.
type memBackend struct {
	mu sync.Mutex

	actor    string
	domains  []domains.Domain
	users    map[string]domains.Account // by primary email
	aliases  map[string]string          // alias -> primary email
	orgUnits map[string]domains.OrgUnit // by lower-case path
	nextID   int

	subs         []memSub
	customers    map[string]domains.Customer
	revoked      map[string]bool
	subPageLimit int // caps page sizes, to exercise paging

	// fault, if set, is consulted before each call; a non-nil error is
	// returned instead of running it. after, if set, is consulted after a
	// write ran: a non-nil error is returned although the write happened
	// (an answer lost on the way back).
	fault func(method string) error
	after func(method string) error
	// lag is the number of users.get / orgunits.get answers that are 404
	// after a user or org unit is created (read-after-write lag, rule W5).
	lag     int
	lagLeft map[string]int

	calls       map[string]int
	inflight    int
	maxInflight int
	passwords   map[string]domains.Password // the password each user was created with
}

type memSub struct {
	sub            domains.Subscription
	resellerDomain string
}

func newMem() *memBackend {
	return &memBackend{
		users:     map[string]domains.Account{},
		aliases:   map[string]string{},
		orgUnits:  map[string]domains.OrgUnit{},
		customers: map[string]domains.Customer{},
		revoked:   map[string]bool{},
		lagLeft:   map[string]int{},
		calls:     map[string]int{},
		passwords: map[string]domains.Password{},
	}
}

func apiErr(kind resellerkit.Kind, status int, reason, msg string) error {
	return &resellerkit.Error{Kind: kind, Status: status, Reason: reason, Err: fmt.Errorf("%s", msg)}
}

func notFound(what string) error {
	return apiErr(resellerkit.KindNotFound, 404, "notFound", what+" not found")
}

func (m *memBackend) enter(method string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls[method]++
	if m.fault != nil {
		if err := m.fault(method); err != nil {
			return err
		}
	}
	return nil
}

func (m *memBackend) leave(method string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.after != nil {
		return m.after(method)
	}
	return nil
}

func (m *memBackend) count(method string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.calls[method]
}

func (m *memBackend) Actor() string { return m.actor }

func (m *memBackend) ListDomains(ctx context.Context, customer string) ([]domains.Domain, error) {
	if err := m.enter("directory.domains.list"); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.domains), nil
}

func (m *memBackend) GetUser(ctx context.Context, userKey string) (domains.Account, error) {
	if err := m.enter("directory.users.get"); err != nil {
		return domains.Account{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	key := strings.ToLower(userKey)
	if p, ok := m.aliases[key]; ok {
		key = p
	}
	u, ok := m.users[key]
	if !ok {
		for _, v := range m.users {
			if v.ID == userKey {
				u, ok = v, true
			}
		}
	}
	if !ok || m.lagLeft["u:"+u.Email] > 0 {
		if ok {
			m.lagLeft["u:"+u.Email]--
		}
		return domains.Account{}, notFound("user " + userKey)
	}
	return u, nil
}

func (m *memBackend) ListUsers(ctx context.Context, domain string, f domains.UserFilter, p resellerkit.PageRequest) (resellerkit.Page[domains.Account], error) {
	if err := m.enter("directory.users.list"); err != nil {
		return resellerkit.Page[domains.Account]{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	var all []domains.Account
	for _, u := range m.users {
		if !strings.HasSuffix(u.Email, "@"+domain) {
			continue
		}
		if f.OrgUnitPath != "" && f.OrgUnitPath != "/" &&
			!strings.EqualFold(u.OrgUnitPath, f.OrgUnitPath) && !strings.HasPrefix(strings.ToLower(u.OrgUnitPath), strings.ToLower(f.OrgUnitPath)+"/") {
			continue
		}
		all = append(all, u)
	}
	slices.SortFunc(all, func(a, b domains.Account) int { return strings.Compare(a.Email, b.Email) })
	return page(all, p, m.subPageLimit)
}

func page[T any](all []T, p resellerkit.PageRequest, limit int) (resellerkit.Page[T], error) {
	off := 0
	if p.Token != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(p.Token, "t"))
		if err != nil || n < 0 || n > len(all) {
			return resellerkit.Page[T]{}, apiErr(resellerkit.KindInvalidArgument, 400, "invalid", "bad page token")
		}
		off = n
	}
	size := p.Size
	if size <= 0 {
		size = 100
	}
	if limit > 0 && size > limit {
		size = limit
	}
	end := min(off+size, len(all))
	out := resellerkit.Page[T]{Items: slices.Clone(all[off:end])}
	if end < len(all) {
		out.NextPageToken = "t" + strconv.Itoa(end)
	}
	return out, nil
}

func (m *memBackend) InsertUser(ctx context.Context, u domains.NewUser) (domains.Account, error) {
	if err := m.enter("directory.users.insert"); err != nil {
		return domains.Account{}, err
	}
	m.mu.Lock()
	key := strings.ToLower(u.Email)
	if _, ok := m.users[key]; ok {
		m.mu.Unlock()
		return domains.Account{}, apiErr(resellerkit.KindAlreadyExists, 409, "duplicate", "Entity already exists.")
	}
	if _, ok := m.aliases[key]; ok {
		m.mu.Unlock()
		return domains.Account{}, apiErr(resellerkit.KindAlreadyExists, 409, "duplicate", "Entity already exists.")
	}
	if !u.ChangePasswordAtNextLogin || u.Password.IsZero() {
		m.mu.Unlock()
		return domains.Account{}, apiErr(resellerkit.KindInvalidArgument, 400, "invalid", "test backend wants a password to change at next login")
	}
	if _, ok := m.orgUnits[strings.ToLower(u.OrgUnitPath)]; !ok && u.OrgUnitPath != "/" {
		m.mu.Unlock()
		return domains.Account{}, apiErr(resellerkit.KindInvalidArgument, 400, "invalid", "Invalid Input: INVALID_OU_ID")
	}
	m.nextID++
	a := domains.Account{
		ID: strconv.Itoa(100000 + m.nextID), Email: key, CustomerID: "C0reseller",
		GivenName: u.GivenName, FamilyName: u.FamilyName, OrgUnitPath: u.OrgUnitPath,
	}
	m.users[key] = a
	m.passwords[key] = u.Password
	if m.lag > 0 {
		m.lagLeft["u:"+key] = m.lag
	}
	m.mu.Unlock()
	if err := m.leave("directory.users.insert"); err != nil {
		return domains.Account{}, err
	}
	return a, nil
}

func (m *memBackend) PatchUser(ctx context.Context, userKey string, ch domains.UserChange) (domains.Account, error) {
	if err := m.enter("directory.users.patch"); err != nil {
		return domains.Account{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	key := strings.ToLower(userKey)
	u, ok := m.users[key]
	if !ok {
		return domains.Account{}, notFound("user " + userKey)
	}
	if ch.OrgUnitPath != "" {
		if _, ok := m.orgUnits[strings.ToLower(ch.OrgUnitPath)]; !ok && ch.OrgUnitPath != "/" {
			return domains.Account{}, apiErr(resellerkit.KindInvalidArgument, 400, "invalid", "Invalid Input: INVALID_OU_ID")
		}
		u.OrgUnitPath = ch.OrgUnitPath
	}
	if ch.Suspended != nil {
		u.Suspended = *ch.Suspended
	}
	m.users[key] = u
	return u, nil
}

func (m *memBackend) GetOrgUnit(ctx context.Context, customer, path string) (domains.OrgUnit, error) {
	if err := m.enter("directory.orgunits.get"); err != nil {
		return domains.OrgUnit{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	key := strings.ToLower(path)
	ou, ok := m.orgUnits[key]
	if !ok || m.lagLeft["o:"+key] > 0 {
		if ok {
			m.lagLeft["o:"+key]--
		}
		return domains.OrgUnit{}, notFound("org unit " + path)
	}
	return ou, nil
}

func (m *memBackend) InsertOrgUnit(ctx context.Context, customer string, ou domains.OrgUnit) (domains.OrgUnit, error) {
	if err := m.enter("directory.orgunits.insert"); err != nil {
		return domains.OrgUnit{}, err
	}
	m.mu.Lock()
	parent := ou.ParentPath
	if _, ok := m.orgUnits[strings.ToLower(parent)]; !ok && parent != "/" {
		m.mu.Unlock()
		return domains.OrgUnit{}, apiErr(resellerkit.KindInvalidArgument, 400, "invalidParentOrgunit", "Invalid parent orgunit")
	}
	path := strings.TrimSuffix(parent, "/") + "/" + ou.Name
	key := strings.ToLower(path)
	if _, ok := m.orgUnits[key]; ok {
		m.mu.Unlock()
		return domains.OrgUnit{}, apiErr(resellerkit.KindInvalidArgument, 400, "invalidOrgunit", "Invalid Ou Id")
	}
	m.nextID++
	stored := domains.OrgUnit{ID: "id:ou" + strconv.Itoa(m.nextID), Path: path, Name: ou.Name, ParentPath: parent}
	m.orgUnits[key] = stored
	if m.lag > 0 {
		m.lagLeft["o:"+key] = m.lag
	}
	m.mu.Unlock()
	if err := m.leave("directory.orgunits.insert"); err != nil {
		return domains.OrgUnit{}, err
	}
	return stored, nil
}

func (m *memBackend) actorDomain() string {
	at := strings.LastIndexByte(m.actor, '@')
	if at < 0 {
		return ""
	}
	return strings.ToLower(m.actor[at+1:])
}

func (m *memBackend) ListSubscriptions(ctx context.Context, f domains.SubscriptionFilter, p resellerkit.PageRequest) (resellerkit.Page[domains.Subscription], error) {
	if err := m.enter("reseller.subscriptions.list"); err != nil {
		return resellerkit.Page[domains.Subscription]{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.customers[f.CustomerID]; f.CustomerID != "" && !ok {
		return resellerkit.Page[domains.Subscription]{}, notFound("customer " + f.CustomerID)
	}
	var all []domains.Subscription
	for _, s := range m.subs {
		// Rule D1 as the fake models it: an account sees the customers of
		// its own reseller domain.
		if ad := m.actorDomain(); ad != "" && s.resellerDomain != ad {
			continue
		}
		if f.CustomerID != "" && s.sub.CustomerID != f.CustomerID && s.sub.CustomerDomain != f.CustomerID {
			continue
		}
		if f.CustomerNamePrefix != "" && !strings.HasPrefix(s.sub.CustomerDomain, f.CustomerNamePrefix) {
			continue
		}
		all = append(all, s.sub)
	}
	return page(all, p, m.subPageLimit)
}

func (m *memBackend) GetCustomer(ctx context.Context, customerID string) (domains.Customer, error) {
	if err := m.enter("reseller.customers.get"); err != nil {
		return domains.Customer{}, err
	}
	m.mu.Lock()
	m.inflight++
	m.maxInflight = max(m.maxInflight, m.inflight)
	m.mu.Unlock()
	defer func() {
		m.mu.Lock()
		m.inflight--
		m.mu.Unlock()
	}()
	// Give concurrent lookups a chance to overlap.
	for range 50 {
		if ctx.Err() != nil {
			return domains.Customer{}, resellerkit.E(resellerkit.KindCanceled, "", ctx.Err())
		}
		runtime.Gosched()
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.customers[customerID]
	if !ok {
		return domains.Customer{}, notFound("customer " + customerID)
	}
	if m.revoked[customerID] {
		return domains.Customer{}, apiErr(resellerkit.KindPermissionDenied, 403, "forbidden", "Forbidden")
	}
	return c, nil
}

// seedReseller fills m with a reseller account: primary reseller-eu.example,
// verified secondary reseller-us.example, unverified secondary
// reseller-new.example (alias rs-eu.example), the org unit /Staff, and an
// existing account ana@ in /Staff.
func seedReseller(m *memBackend) {
	m.actor = "admin@reseller-eu.example"
	m.domains = []domains.Domain{
		{Name: "Reseller-US.example.", Verified: true},
		{Name: "reseller-new.example", Verified: false},
		{Name: "reseller-eu.example", Primary: true, Verified: true, Aliases: []domains.DomainAlias{{Name: "RS-EU.example", Verified: true}}},
	}
	m.orgUnits["/staff"] = domains.OrgUnit{ID: "id:staff", Path: "/Staff", Name: "Staff", ParentPath: "/"}
	m.users["admin@reseller-eu.example"] = domains.Account{ID: "1", Email: "admin@reseller-eu.example", CustomerID: "C0reseller", OrgUnitPath: "/", IsAdmin: true}
	m.users["ana@reseller-eu.example"] = domains.Account{ID: "2", Email: "ana@reseller-eu.example", CustomerID: "C0reseller", OrgUnitPath: "/Staff", GivenName: "Ana", FamilyName: "Lind"}
	m.aliases["ana.lind@reseller-eu.example"] = "ana@reseller-eu.example"
}
