package roles

import (
	"context"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/internal/errs"
)

// Service holds the rules of roles, privileges and role assignments over
// Google's Directory API. It is safe for concurrent use; build one per
// reseller account (per Conn) with [New] and share it.
type Service struct {
	g    *google
	conn *resellerkit.Conn // its retry policy bounds the resends of a write whose answer was lost (W1)
	cfg  config
	now  func() time.Time // the Conn's clock: expiry (P4) and the tree cache's age

	flight    singleflight.Group
	mu        sync.Mutex
	trees     map[string]cachedTree
	learnedBy map[string]*learnedNames     // by customer: LearnNames's answers
	offline   map[offlineKey]*learnedNames // names learned by EffectiveFrom from caller's trees
}

type cachedTree struct {
	tree *Tree
	at   time.Time
}

// conf returns s's configuration, or the defaults for a nil Service, so
// the methods that cannot return an error (EffectiveFrom, KeyOf, NameTable)
// still answer by the defaults.
func (s *Service) conf() *config {
	if s == nil {
		c, _ := buildConfig(nil)
		return &c
	}
	return &s.cfg
}

// NameTable returns a copy of the table given with [WithNameTable], or, when
// none was, of [DefaultNameTable]: the names learning tries first. A
// Service with no table resolves keys with the names it learns per tenant
// ([Service.LearnNames]).
func (s *Service) NameTable() NameTable {
	out := NameTable{}
	for k, v := range s.conf().names {
		out[k] = v
	}
	return out
}

// ResellerAdminRoleName returns the roleName the Service looks for first when
// it finds the Reseller Admin role.
func (s *Service) ResellerAdminRoleName() string { return s.conf().resellerAdminName }

// check returns an error for a nil Service, or one naming the first empty
// required argument.
func (s *Service) check(op string, args ...string) error {
	if s == nil || s.g == nil {
		return errs.Errorf(resellerkit.KindInvalidArgument, op, "the *roles.Service is nil; build one with roles.New")
	}
	for i := 0; i+1 < len(args); i += 2 {
		if strings.TrimSpace(args[i+1]) == "" {
			return errs.Invalid(op, args[i], "is empty; "+emptyHints[args[i]])
		}
	}
	return nil
}

// emptyHints says what to give for each required argument of the methods.
var emptyHints = map[string]string{
	"customer":      `give the customer ID ("C01abc234"), or "my_customer" for the signed-in admin's tenant`,
	"roleID":        "give the role's ID, from FindRole, FindResellerAdminRole or EnsureCustomRole",
	"name":          "give the role's name",
	"RoleSpec.Name": "give the role's name",
	"userKey":       "give the account's primary email, an alias or its ID",
	"assignee":      "give the user's or group's ID, or a user's email",
	"assignmentID":  "give the assignment's ID, from ListAssignments or EnsureAssignment",
}

// Privileges returns the tenant's privilege tree, from the cache when it
// holds one. Concurrent callers for the same tenant share one
// privileges.list call; a failed fetch is not cached. customer is the
// customer ID or "my_customer" (two spellings of one tenant are cached
// apart).
//
// Google: directory.privileges.list
func (s *Service) Privileges(ctx context.Context, customer string) (*Tree, error) {
	const op = "roles.Privileges"
	if err := s.check(op, "customer", customer); err != nil {
		return nil, err
	}
	if t, ok := s.cachedTree(customer); ok {
		return t, nil
	}
	// The fetch runs detached from the first caller's cancellation (bounded
	// by its own timeout), so one caller giving up does not fail the others
	// waiting on the same fetch; each caller still stops at its own ctx.
	ch := s.flight.DoChan(customer, func() (any, error) {
		if t, ok := s.cachedTree(customer); ok {
			return t, nil
		}
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.treeFetchTimeout)
		defer cancel()
		roots, err := s.g.listPrivileges(fctx, customer)
		if err != nil {
			return nil, err
		}
		t := NewTree(roots)
		s.mu.Lock()
		s.trees[customer] = cachedTree{tree: t, at: s.now()}
		s.mu.Unlock()
		return t, nil
	})
	select {
	case <-ctx.Done():
		return nil, errs.New(resellerkit.KindCanceled, op, ctx.Err())
	case r := <-ch:
		if r.Err != nil {
			// The error is shared by every caller of the fetch: ForOp
			// copies it rather than changing it.
			return nil, errs.ForOp(op, r.Err)
		}
		return r.Val.(*Tree), nil
	}
}

func (s *Service) cachedTree(customer string) (*Tree, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.trees[customer]
	if !ok {
		return nil, false
	}
	if s.cfg.treeTTL > 0 && !s.now().Before(c.at.Add(s.cfg.treeTTL)) {
		delete(s.trees, customer)
		return nil, false
	}
	return c.tree, true
}

// InvalidatePrivileges drops the cached privilege tree of customer, or of
// every tenant when customer is "", and the names learned from it
// ([Service.LearnNames]). The next call fetches and learns them again.
func (s *Service) InvalidatePrivileges(customer string) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if customer == "" {
		clear(s.trees)
		clear(s.learnedBy)
		return
	}
	delete(s.trees, customer)
	delete(s.learnedBy, customer)
}

// Resolve returns the tenant's reference for key: by the tenant's learned
// names ([Service.LearnNames]), or by those of [WithNameTable]. The second
// result is false when the tenant has no privilege for the key: the legacy
// support privileges exist only on some tenants ("if available", rule
// P1.3), so their absence is an answer, not an error. Names that cannot be
// learned (two privileges fit a key) are an error, never the defaults.
//
// Google: directory.privileges.list (cached), directory.roles.list (once
// per tenant, without WithNameTable)
func (s *Service) Resolve(ctx context.Context, customer string, key PrivilegeKey) (PrivilegeRef, bool, error) {
	const op = "roles.Resolve"
	if err := s.check(op, "customer", customer); err != nil {
		return PrivilegeRef{}, false, err
	}
	_, names, err := s.names(ctx, customer)
	if err != nil {
		return PrivilegeRef{}, false, errs.ForOp(op, err)
	}
	ref, ok := names.refs[key]
	return ref, ok, nil
}

// Resolution is every SDK key resolved against one tenant's tree.
type Resolution struct {
	Present map[PrivilegeKey]PrivilegeRef
	Absent  []PrivilegeKey // in the order of [Keys]
}

// ResolveAll resolves every key of [Keys] as [Service.Resolve] does.
//
// Google: directory.privileges.list (cached), directory.roles.list (once
// per tenant, without WithNameTable)
func (s *Service) ResolveAll(ctx context.Context, customer string) (Resolution, error) {
	const op = "roles.ResolveAll"
	if err := s.check(op, "customer", customer); err != nil {
		return Resolution{}, err
	}
	_, names, err := s.names(ctx, customer)
	if err != nil {
		return Resolution{}, errs.ForOp(op, err)
	}
	r := Resolution{Present: map[PrivilegeKey]PrivilegeRef{}}
	for _, k := range Keys() {
		if ref, ok := names.refs[k]; ok {
			r.Present[k] = ref
		} else {
			r.Absent = append(r.Absent, k)
		}
	}
	return r, nil
}

// KeyOf returns the SDK key of ref's privilege name, or "": by the names of
// [WithNameTable] (the defaults for a nil Service), else by the names the
// Service has learned so far ([Service.LearnNames]); it never falls back
// to the defaults.
func (s *Service) KeyOf(ref PrivilegeRef) PrivilegeKey {
	c := s.conf()
	if s == nil || c.pinned || s.g == nil {
		return c.byName[ref.Name]
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, l := range s.learnedBy {
		if k, ok := l.byName[ref.Name]; ok {
			return k
		}
	}
	return ""
}
