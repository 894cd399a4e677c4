package roles

import (
	"fmt"
	"strings"
	"time"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/internal/errs"
)

// Option configures a [Service]. [New] checks every option and refuses an
// invalid one with an error of [resellerkit.KindInvalidArgument] naming it,
// so a misconfiguration cannot go unnoticed.
type Option func(*config) error

type config struct {
	names             NameTable
	byName            map[string]PrivilegeKey
	pinned            bool // names came from WithNameTable: not learned (LearnNames)
	resellerAdminName string
	await             resellerkit.AwaitPolicy
	treeTTL           time.Duration
	treeFetchTimeout  time.Duration
}

func defaultConfig() config {
	return config{
		names:             DefaultNameTable(),
		resellerAdminName: ResellerAdminRoleName,
		treeFetchTimeout:  2 * time.Minute,
	}
}

// WithNameTable pins the privilege names of the tenants (see [NameTable]):
// the Service then uses them instead of learning each tenant's names
// ([Service.LearnNames]), and only looks them up in the tenant's tree. The
// table replaces the defaults as a whole: a key it leaves out is treated as
// absent from every tenant. Start from [DefaultNameTable] and [NameTable.With]
// to change only some names. Two keys may not share a name.
func WithNameTable(t NameTable) Option {
	return func(c *config) error {
		if len(t) == 0 {
			return optErr("WithNameTable", "the table is empty; pass roles.DefaultNameTable() or leave the option out")
		}
		seen := map[string]PrivilegeKey{}
		names := NameTable{}
		for k, n := range t {
			if k == "" {
				return optErr("WithNameTable", "a key is empty")
			}
			n = strings.TrimSpace(n)
			if n == "" {
				return optErr("WithNameTable", "key %s has an empty name; leave the key out if the privilege does not exist", k)
			}
			if other, dup := seen[n]; dup {
				a, b := min(k, other), max(k, other)
				return optErr("WithNameTable", "keys %s and %s share the name %q; each key needs its own privilege", a, b, n)
			}
			seen[n] = k
			names[k] = n
		}
		c.names = names
		c.pinned = true
		return nil
	}
}

// WithResellerAdminRoleName sets the roleName the Service looks for first
// when it finds the pre-built Reseller Admin role (default
// [ResellerAdminRoleName]), for a tenant whose role is named otherwise.
// Names compare without regard to case, as Google's role names do.
func WithResellerAdminRoleName(name string) Option {
	return func(c *config) error {
		name = strings.TrimSpace(name)
		if name == "" {
			return optErr("WithResellerAdminRoleName", "the name is empty")
		}
		c.resellerAdminName = name
		return nil
	}
}

// WithAwait bounds the waits for a write to show (rule W5): for a newly
// created custom role to become readable before [Service.EnsureCustomRole]
// returns it, and for a role or role assignment that Google reported as a
// duplicate to appear in its listing. The zero policy means the defaults of
// [resellerkit.AwaitPolicy].
func WithAwait(p resellerkit.AwaitPolicy) Option {
	return func(c *config) error {
		if p.Timeout < 0 || p.Interval < 0 {
			return optErr("WithAwait", "negative durations in %+v", p)
		}
		c.await = p
		return nil
	}
}

// WithPrivilegeCacheTTL makes a cached privilege tree expire after d, on the
// Conn's clock ([resellerkit.WithClock]). The default, 0, keeps a tree until
// [Service.InvalidatePrivileges]: trees change only when Google adds
// services.
func WithPrivilegeCacheTTL(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return optErr("WithPrivilegeCacheTTL", "the duration %v is negative", d)
		}
		c.treeTTL = d
		return nil
	}
}

// optErr reports an invalid option as a field error named after the option.
func optErr(option, format string, args ...any) error {
	return &resellerkit.FieldError{Field: "roles." + option, Reason: fmt.Sprintf(format, args...)}
}

func buildConfig(opts []Option) (config, error) {
	c := defaultConfig()
	for i, o := range opts {
		if o == nil {
			return c, errs.Invalid("roles.New", fmt.Sprintf("opts[%d]", i), "the option is nil")
		}
		if err := o(&c); err != nil {
			return c, &resellerkit.Error{Kind: resellerkit.KindInvalidArgument, Op: "roles.New", Err: err}
		}
	}
	c.byName = make(map[string]PrivilegeKey, len(c.names))
	for k, n := range c.names {
		c.byName[n] = k
	}
	return c, nil
}
