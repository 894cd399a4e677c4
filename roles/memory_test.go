package roles_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/roles"
)

// memBackend is a small map-backed roles.Backend for rule tests. It behaves
// as Google does where the rules depend on it: roleId and userKey together
// are refused, a duplicate assignment is KindAlreadyExists, unknown IDs are
// KindNotFound, pages are small.
type memBackend struct {
	mu          sync.Mutex
	tree        []roles.Privilege
	roles       []roles.Role
	assignments []roles.Assignment
	users       map[string]*memUser  // by ID
	groups      map[string]*memGroup // by ID
	nextID      int
	pageSize    int

	calls sync.Map // method -> *atomic.Int64

	// privGate, when set, blocks ListPrivileges until it is closed.
	privGate chan struct{}
	// fail, when set, may fail a call before it runs.
	fail func(method string) error
	// roleLag makes GetRole answer NotFound this many times for a role
	// created by InsertRole (read-after-write lag, rule W5).
	roleLag  int
	lagCount map[string]int
	// hideAssignments makes listings omit every assignment (a listing that
	// lags behind writes).
	hideAssignments bool
}

type memUser struct {
	acct roles.Account
}

type memGroup struct {
	id, email string
	members   []string // user or group IDs
}

func newMemBackend(tree []roles.Privilege) *memBackend {
	return &memBackend{
		tree:     tree,
		users:    map[string]*memUser{},
		groups:   map[string]*memGroup{},
		nextID:   100,
		pageSize: 3,
		lagCount: map[string]int{},
	}
}

func (m *memBackend) count(method string) int64 {
	v, _ := m.calls.LoadOrStore(method, new(atomic.Int64))
	return v.(*atomic.Int64).Load()
}

func (m *memBackend) enter(method string) error {
	v, _ := m.calls.LoadOrStore(method, new(atomic.Int64))
	v.(*atomic.Int64).Add(1)
	if m.fail != nil {
		return m.fail(method)
	}
	return nil
}

func (m *memBackend) id() string {
	m.nextID++
	return strconv.Itoa(m.nextID)
}

func notFound(op, what string) error {
	return &resellerkit.Error{Kind: resellerkit.KindNotFound, Op: op, Status: 404, Reason: "notFound", Err: fmt.Errorf("%s does not exist", what)}
}

func page[T any](items []T, size int, p resellerkit.PageRequest) (resellerkit.Page[T], error) {
	if p.Size > 0 {
		size = p.Size
	}
	off := 0
	if p.Token != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(p.Token, "off:"))
		if err != nil {
			return resellerkit.Page[T]{}, &resellerkit.Error{Kind: resellerkit.KindInvalidArgument, Status: 400, Err: fmt.Errorf("bad token")}
		}
		off = n
	}
	end := min(off+size, len(items))
	out := resellerkit.Page[T]{Items: slices.Clone(items[min(off, len(items)):end])}
	if end < len(items) {
		out.NextPageToken = "off:" + strconv.Itoa(end)
	}
	return out, nil
}

func (m *memBackend) ListPrivileges(ctx context.Context, customer string) ([]roles.Privilege, error) {
	if err := m.enter("ListPrivileges"); err != nil {
		return nil, err
	}
	if m.privGate != nil {
		select {
		case <-m.privGate:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return roles.NewTree(m.tree).Roots(), nil
}

func (m *memBackend) ListRoles(ctx context.Context, customer string, p resellerkit.PageRequest) (resellerkit.Page[roles.Role], error) {
	if err := m.enter("ListRoles"); err != nil {
		return resellerkit.Page[roles.Role]{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return page(m.roles, m.pageSize, p)
}

func (m *memBackend) GetRole(ctx context.Context, customer, roleID string) (roles.Role, error) {
	if err := m.enter("GetRole"); err != nil {
		return roles.Role{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.lagCount[roleID] > 0 {
		m.lagCount[roleID]--
		return roles.Role{}, notFound("GetRole", "role "+roleID)
	}
	for _, r := range m.roles {
		if r.ID == roleID {
			return r, nil
		}
	}
	return roles.Role{}, notFound("GetRole", "role "+roleID)
}

func (m *memBackend) InsertRole(ctx context.Context, customer string, r roles.Role) (roles.Role, error) {
	if err := m.enter("InsertRole"); err != nil {
		return roles.Role{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, x := range m.roles {
		if strings.EqualFold(x.Name, r.Name) {
			return roles.Role{}, &resellerkit.Error{Kind: resellerkit.KindAlreadyExists, Status: 409, Reason: "duplicate", Err: fmt.Errorf("role %s exists", r.Name)}
		}
	}
	r.ID = m.id()
	r.ETag = "e" + r.ID
	m.roles = append(m.roles, r)
	m.lagCount[r.ID] = m.roleLag
	return r, nil
}

func (m *memBackend) DeleteRole(ctx context.Context, customer, roleID string) error {
	if err := m.enter("DeleteRole"); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	i := slices.IndexFunc(m.roles, func(r roles.Role) bool { return r.ID == roleID })
	if i < 0 {
		return notFound("DeleteRole", "role "+roleID)
	}
	m.roles = slices.Delete(m.roles, i, i+1)
	return nil
}

// principal resolves a user or group key to its ID.
func (m *memBackend) principal(key string) (string, bool) {
	for id, u := range m.users {
		if id == key || strings.EqualFold(u.acct.Email, key) {
			return id, true
		}
	}
	for id, g := range m.groups {
		if id == key || strings.EqualFold(g.email, key) {
			return id, true
		}
	}
	return "", false
}

// groupsOf returns the groups id belongs to, through nesting.
func (m *memBackend) groupsOf(id string) map[string]bool {
	out := map[string]bool{}
	var visit func(string)
	visit = func(member string) {
		for gid, g := range m.groups {
			if slices.Contains(g.members, member) && !out[gid] {
				out[gid] = true
				visit(gid)
			}
		}
	}
	visit(id)
	return out
}

func (m *memBackend) ListAssignments(ctx context.Context, customer string, f roles.AssignmentFilter, p resellerkit.PageRequest) (resellerkit.Page[roles.Assignment], error) {
	if err := m.enter("ListAssignments"); err != nil {
		return resellerkit.Page[roles.Assignment]{}, err
	}
	if f.RoleID != "" && f.UserKey != "" {
		return resellerkit.Page[roles.Assignment]{}, &resellerkit.Error{Kind: resellerkit.KindInvalidArgument, Status: 400, Reason: "invalid", Err: fmt.Errorf("roleId and userKey are mutually exclusive")}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []roles.Assignment
	if m.hideAssignments {
		return page(out, m.pageSize, p)
	}
	var who map[string]bool
	if f.UserKey != "" {
		id, ok := m.principal(f.UserKey)
		if !ok {
			return resellerkit.Page[roles.Assignment]{}, notFound("ListAssignments", "user "+f.UserKey)
		}
		who = map[string]bool{id: true}
		if f.IncludeIndirect {
			for g := range m.groupsOf(id) {
				who[g] = true
			}
		}
	}
	for _, a := range m.assignments {
		if f.RoleID != "" && a.RoleID != f.RoleID {
			continue
		}
		if who != nil && !who[a.AssignedTo] {
			continue
		}
		out = append(out, a)
	}
	return page(out, m.pageSize, p)
}

func (m *memBackend) GetAssignment(ctx context.Context, customer, id string) (roles.Assignment, error) {
	if err := m.enter("GetAssignment"); err != nil {
		return roles.Assignment{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, a := range m.assignments {
		if a.ID == id {
			return a, nil
		}
	}
	return roles.Assignment{}, notFound("GetAssignment", "assignment "+id)
}

func (m *memBackend) InsertAssignment(ctx context.Context, customer string, a roles.Assignment) (roles.Assignment, error) {
	if err := m.enter("InsertAssignment"); err != nil {
		return roles.Assignment{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, x := range m.assignments {
		if x.RoleID == a.RoleID && x.AssignedTo == a.AssignedTo && x.Scope == a.Scope && x.OrgUnitID == a.OrgUnitID {
			return roles.Assignment{}, &resellerkit.Error{Kind: resellerkit.KindAlreadyExists, Status: 500, Reason: "internalError", Err: fmt.Errorf("role assignment exists: roleassignment")}
		}
	}
	if !slices.ContainsFunc(m.roles, func(r roles.Role) bool { return r.ID == a.RoleID }) {
		return roles.Assignment{}, notFound("InsertAssignment", "role "+a.RoleID)
	}
	switch {
	case m.users[a.AssignedTo] != nil:
		a.AssigneeType = roles.AssigneeUser
	case m.groups[a.AssignedTo] != nil:
		a.AssigneeType = roles.AssigneeGroup
	default:
		return roles.Assignment{}, &resellerkit.Error{Kind: resellerkit.KindInvalidArgument, Status: 400, Reason: "invalid", Err: fmt.Errorf("unknown assignee %s", a.AssignedTo)}
	}
	a.ID = m.id()
	a.ETag = "e" + a.ID
	m.assignments = append(m.assignments, a)
	return a, nil
}

func (m *memBackend) DeleteAssignment(ctx context.Context, customer, id string) error {
	if err := m.enter("DeleteAssignment"); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	i := slices.IndexFunc(m.assignments, func(a roles.Assignment) bool { return a.ID == id })
	if i < 0 {
		return notFound("DeleteAssignment", "assignment "+id)
	}
	m.assignments = slices.Delete(m.assignments, i, i+1)
	return nil
}

func (m *memBackend) GetAccount(ctx context.Context, userKey string) (roles.Account, error) {
	if err := m.enter("GetAccount"); err != nil {
		return roles.Account{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, u := range m.users {
		if u.acct.ID == userKey || strings.EqualFold(u.acct.Email, userKey) {
			return u.acct, nil
		}
	}
	return roles.Account{}, notFound("GetAccount", "user "+userKey)
}

// Seeding helpers.

func (m *memBackend) addUser(email string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	id := m.id()
	m.users[id] = &memUser{acct: roles.Account{ID: id, Email: email}}
	return id
}

func (m *memBackend) setAccount(id string, f func(*roles.Account)) {
	m.mu.Lock()
	defer m.mu.Unlock()
	f(&m.users[id].acct)
}

func (m *memBackend) addGroup(email string, members ...string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	id := "g" + m.id()
	m.groups[id] = &memGroup{id: id, email: email, members: members}
	return id
}

func (m *memBackend) addRole(r roles.Role) roles.Role {
	m.mu.Lock()
	defer m.mu.Unlock()
	r.ID = m.id()
	m.roles = append(m.roles, r)
	return r
}

func (m *memBackend) addAssignment(a roles.Assignment) roles.Assignment {
	m.mu.Lock()
	defer m.mu.Unlock()
	a.ID = m.id()
	m.assignments = append(m.assignments, a)
	return a
}

func (m *memBackend) assignmentCount() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.assignments)
}

// A tree shaped like the fake's (and, for admin_apis, like Google's).
const (
	svcAdmin    = "00haapch16h1ysv"
	svcReseller = "01fake0reseller"
)

func ref(svc, name string) roles.PrivilegeRef { return roles.PrivilegeRef{ServiceID: svc, Name: name} }

func testTree(legacy bool) []roles.Privilege {
	p := func(svc, name string, children ...roles.Privilege) roles.Privilege {
		sn := "admin_apis"
		if svc == svcReseller {
			sn = "reseller_tools"
		}
		return roles.Privilege{ServiceID: svc, ServiceName: sn, Name: name, Children: children}
	}
	resellerChildren := []roles.Privilege{
		p(svcReseller, "RESELLER_CUSTOMERS",
			p(svcReseller, "RESELLER_ADD_CUSTOMERS"),
			p(svcReseller, "RESELLER_VIEW_CUSTOMERS"),
			p(svcReseller, "RESELLER_ACCESS_CUSTOMER_SUPPORT_CASES"),
		),
		p(svcReseller, "RESELLER_BILLING"),
	}
	admin := []roles.Privilege{
		p(svcAdmin, "SUPPORT_PRIVILEGE_GROUP"),
		{ServiceID: svcAdmin, ServiceName: "admin_apis", Name: "USERS_ALL", OUScopable: true, Children: []roles.Privilege{
			{ServiceID: svcAdmin, ServiceName: "admin_apis", Name: "USERS_RETRIEVE", OUScopable: true},
		}},
	}
	if legacy {
		resellerChildren = append(resellerChildren, p(svcReseller, "RESELLER_ENTERPRISE_LEGACY_SUPPORT"))
		admin = append(admin, p(svcAdmin, "ENTERPRISE_LEGACY_SUPPORT"))
	}
	return append([]roles.Privilege{p(svcReseller, "RESELLER_TOOLS", resellerChildren...)}, admin...)
}

// clock is a settable clock for the Service.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}
