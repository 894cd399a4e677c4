package licensing_test

import (
	"context"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	"google.golang.org/api/googleapi"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/licensing"
)

// memBackend is a small in-test licensing.Backend that answers as Google's
// Licensing API does (the 412 messages of its error table), for the rule
// tests. The behaviour suite also runs it next to package fake's backends.
type memBackend struct {
	mu       sync.Mutex
	customer string
	users    map[string]string                                  // folded key -> primary email
	holds    map[string]map[licensing.ProductID]licensing.SKUID // folded key -> product -> SKU
	seats    map[licensing.SKUID]int                            // absent: unlimited
	auto     map[string]bool                                    // folded key: licensed automatically
	calls    map[string]int
}

func newMem(customer string, users ...string) *memBackend {
	m := &memBackend{
		customer: customer,
		users:    map[string]string{},
		holds:    map[string]map[licensing.ProductID]licensing.SKUID{},
		seats:    map[licensing.SKUID]int{},
		auto:     map[string]bool{},
		calls:    map[string]int{},
	}
	for _, u := range users {
		m.users[strings.ToLower(u)] = u
	}
	return m
}

// gerr builds the error a backend returns for a Google error envelope, as
// resellerkit.Wrap would.
func gerr(code int, reason, msg string) error {
	kind := resellerkit.KindUnknown
	switch code {
	case http.StatusBadRequest:
		kind = resellerkit.KindInvalidArgument
	case http.StatusNotFound:
		kind = resellerkit.KindNotFound
	case http.StatusPreconditionFailed:
		kind = resellerkit.KindFailedPrecondition
	case http.StatusServiceUnavailable:
		kind = resellerkit.KindUnavailable
	}
	return &resellerkit.Error{Kind: kind, Status: code, Reason: reason,
		Err: &googleapi.Error{Code: code, Message: msg, Errors: []googleapi.ErrorItem{{Reason: reason, Message: msg}}}}
}

func (m *memBackend) count(method string) {
	m.calls[method]++
}

func (m *memBackend) Calls(method string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.calls[method]
}

func (m *memBackend) holders(sku licensing.SKUID) int {
	n := 0
	for _, ps := range m.holds {
		for _, s := range ps {
			if s == sku {
				n++
			}
		}
	}
	return n
}

func (m *memBackend) user(key string) (string, error) {
	email, ok := m.users[strings.ToLower(key)]
	if !ok {
		return "", gerr(400, "invalid", "User email not valid")
	}
	return email, nil
}

func (m *memBackend) asg(email string, p licensing.ProductID, s licensing.SKUID) licensing.Assignment {
	a := licensing.Assignment{UserID: email, Product: p, SKU: s, ETag: "etag-" + email + "-" + string(s)}
	if k, ok := licensing.LookupSKU(s); ok {
		a.SKUName = k.Name
	}
	return a
}

func (m *memBackend) GetAssignment(_ context.Context, p licensing.ProductID, s licensing.SKUID, key string) (licensing.Assignment, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.count("get")
	email, err := m.user(key)
	if err != nil {
		return licensing.Assignment{}, err
	}
	if m.holds[strings.ToLower(email)][p] != s {
		return licensing.Assignment{}, gerr(404, "notFound", "User does not have a license for specified sku and product")
	}
	return m.asg(email, p, s), nil
}

func (m *memBackend) InsertAssignment(_ context.Context, p licensing.ProductID, s licensing.SKUID, key string) (licensing.Assignment, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.count("insert")
	email, err := m.user(key)
	if err != nil {
		return licensing.Assignment{}, err
	}
	k := strings.ToLower(email)
	switch cur, ok := m.holds[k][p]; {
	case ok && cur == s:
		return licensing.Assignment{}, gerr(412, "conditionNotMet", "User already has a license for the specified product and SKU")
	case ok:
		return licensing.Assignment{}, gerr(412, "conditionNotMet", "User already has a license of the product, but with a different SKU. To reassign a license to a different SKU, use the 'update' operation.")
	}
	if n, limited := m.seats[s]; limited && m.holders(s) >= n {
		return licensing.Assignment{}, gerr(412, "conditionNotMet", "There aren't enough available licenses for the specified product-SKU pair")
	}
	if m.holds[k] == nil {
		m.holds[k] = map[licensing.ProductID]licensing.SKUID{}
	}
	m.holds[k][p] = s
	return m.asg(email, p, s), nil
}

func (m *memBackend) PatchAssignment(_ context.Context, p licensing.ProductID, s licensing.SKUID, key string, to licensing.SKUID) (licensing.Assignment, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.count("patch")
	email, err := m.user(key)
	if err != nil {
		return licensing.Assignment{}, err
	}
	k := strings.ToLower(email)
	if m.holds[k][p] != s {
		return licensing.Assignment{}, gerr(404, "notFound", "User does not have a license for specified sku and product")
	}
	if to == s {
		return licensing.Assignment{}, gerr(412, "conditionNotMet", "For reassign operations, the new SKU should be different from the old SKU")
	}
	if m.auto[k] {
		return licensing.Assignment{}, gerr(412, "conditionNotMet", "Auto License switching is not allowed.")
	}
	if n, limited := m.seats[to]; limited && m.holders(to) >= n {
		return licensing.Assignment{}, gerr(412, "conditionNotMet", "There aren't enough available licenses for the specified product-SKU pair")
	}
	m.holds[k][p] = to
	return m.asg(email, p, to), nil
}

func (m *memBackend) DeleteAssignment(_ context.Context, p licensing.ProductID, s licensing.SKUID, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.count("delete")
	email, err := m.user(key)
	if err != nil {
		return err
	}
	k := strings.ToLower(email)
	if m.holds[k][p] != s {
		return gerr(404, "notFound", "User does not have a license for specified sku and product")
	}
	if m.auto[k] {
		return gerr(412, "conditionNotMet", "Auto License un-assignment is not allowed.")
	}
	delete(m.holds[k], p)
	return nil
}

func (m *memBackend) ListAssignments(_ context.Context, customer string, p licensing.ProductID, s licensing.SKUID, page resellerkit.PageRequest) (resellerkit.Page[licensing.Assignment], error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.count("list")
	if customer != m.customer {
		return resellerkit.Page[licensing.Assignment]{}, gerr(400, "invalid", "Invalid customerId")
	}
	var all []licensing.Assignment
	for k, ps := range m.holds {
		if cur, ok := ps[p]; ok && (s == "" || cur == s) {
			all = append(all, m.asg(m.users[k], p, cur))
		}
	}
	slices.SortFunc(all, func(a, b licensing.Assignment) int { return strings.Compare(a.UserID, b.UserID) })
	off := 0
	if page.Token != "" {
		n, err := strconv.Atoi(page.Token)
		if err != nil || n < 0 || n > len(all) {
			return resellerkit.Page[licensing.Assignment]{}, gerr(400, "invalid", "Invalid page token")
		}
		off = n
	}
	size := page.Size
	if size <= 0 {
		size = 100
	}
	end := min(off+size, len(all))
	out := resellerkit.Page[licensing.Assignment]{Items: all[off:end]}
	if end < len(all) {
		out.NextPageToken = strconv.Itoa(end)
	}
	return out, nil
}

// Seats makes memBackend a SeatSource, as package fake's backend is.
func (m *memBackend) Seats(_ context.Context, customer string, p licensing.ProductID, s licensing.SKUID) (licensing.Seats, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n, ok := m.seats[s]
	if !ok {
		return licensing.Seats{}, resellerkit.Errorf(resellerkit.KindNotFound, "mem.Seats", "no subscription for %s", s)
	}
	return licensing.Seats{Total: n, Source: "memory"}, nil
}

// setHolds seeds a license directly.
func (m *memBackend) setHolds(user string, p licensing.ProductID, s licensing.SKUID) {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := strings.ToLower(user)
	if m.holds[k] == nil {
		m.holds[k] = map[licensing.ProductID]licensing.SKUID{}
	}
	m.holds[k][p] = s
}

func (m *memBackend) held(user string) map[licensing.ProductID]licensing.SKUID {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[licensing.ProductID]licensing.SKUID{}
	maps.Copy(out, m.holds[strings.ToLower(user)])
	return out
}
